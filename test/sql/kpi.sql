-- kpi_rate_change and kpi_mean_change, checked against the textbook
-- formulas written out in plain SQL (to 1e-9), the worked example of
-- docs/weekly-report.md, every status, guard, NULL rule and error.
--
-- What is independent of the C code: the Wald, Katz and Welch formulas
-- below; the pooled z-test p-value from a power series of the normal CDF
-- (and equal to proportion_ztest's); the t quantiles at df = 1 and 2 from
-- their closed forms (t_1 = tan(pi (p - 1/2)), t_2 = (2p - 1) /
-- sqrt(2p (1 - p))) and their CDFs (1/2 + atan(t)/pi, 1/2 + t / (2 sqrt(2 +
-- t^2))); at df = 10, 30, 100 R's qt(0.975, df).  The Welch df is exactly 1
-- when one period has sd 0 and the other n = 2, and exactly 2 (n - 1) when
-- both have n observations and equal sds.
CREATE SCHEMA kpi;
SET search_path = kpi, public;
\set z95 1.959963984540054

-- rates: Wald interval of the difference, Katz interval of the risk ratio,
-- pooled z-test p-value: p = 1 - 2 phi(|z|) sum_k |z|^(2k+1) / (2k+1)!!
CREATE TABLE rates (x1 bigint, n1 bigint, x2 bigint, n2 bigint);
INSERT INTO rates VALUES (120, 1000, 150, 1000), (45, 100, 60, 100), (30, 250, 18, 200),
  (500, 2000, 480, 1800), (1, 10, 9, 10), (7, 9, 3, 11), (40, 100, 50, 50);
CREATE FUNCTION normal_two_sided(z float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
  WITH RECURSIVE s(k, term) AS (
    SELECT 0, abs(z) UNION ALL SELECT k + 1, term * z * z / (2 * k + 3) FROM s WHERE k < 1000 AND term > 1e-100)
  SELECT 1 - 2 * exp(-z * z / 2) / sqrt(2 * pi()) * sum(term) FROM s $$;
-- the series itself: 0.05 at qnorm(0.975), 0.3173105078629141 at 1 (R's 2 * pnorm(-1))
SELECT abs(normal_two_sided(:z95) - 0.05) < 1e-14 AND abs(normal_two_sided(1) - 0.3173105078629141) < 1e-14 AS series_ok;
SELECT x1, n1, x2, n2,
       abs(r.baseline - p1) < 1e-15 AND abs(r.current - p2) < 1e-15 AS rates_ok,
       abs(r.abs_change - (p2 - p1)) < 1e-12 AS abs_ok,
       abs(r.abs_ci_low - (p2 - p1 - zc * sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))) < 1e-9
         AND abs(r.abs_ci_high - (p2 - p1 + zc * sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))) < 1e-9 AS wald_ok,
       abs(r.rel_change - (p2 / p1 - 1)) < 1e-12 AS rel_ok,
       abs(r.rel_ci_low - (exp(ln(p2 / p1) - zc * sqrt(1.0 / x2 - 1.0 / n2 + 1.0 / x1 - 1.0 / n1)) - 1)) < 1e-9
         AND abs(r.rel_ci_high - (exp(ln(p2 / p1) + zc * sqrt(1.0 / x2 - 1.0 / n2 + 1.0 / x1 - 1.0 / n1)) - 1)) < 1e-9 AS katz_ok,
       abs(r.p_value - normal_two_sided((p2 - p1) / sqrt(pp * (1 - pp) * (1.0 / n1 + 1.0 / n2)))) < 1e-9 AS p_ok,
       r.p_value = t.p_value AND r.abs_ci_low = t.diff_low AND r.abs_ci_high = t.diff_high AS same_as_ztest
FROM rates,
     LATERAL (SELECT x1::float8 / n1 AS p1, x2::float8 / n2 AS p2, (x1 + x2)::float8 / (n1 + n2) AS pp,
                     :z95::float8 AS zc) c,
     kpi_rate_change(x1, n1, x2, n2) r, proportion_ztest(x1, n1, x2, n2) t
ORDER BY x1, n1;
-- 90 %: the z of 90 % (qnorm(0.95) = 1.6448536269514722)
SELECT abs(r.rel_ci_low - (exp(ln(1.25) - 1.6448536269514722 * sqrt(0.013)) - 1)) < 1e-9 AS katz90_ok,
       abs(r.abs_ci_high - (0.03 + 1.6448536269514722 * sqrt(0.12 * 0.88 / 1000 + 0.15 * 0.85 / 1000))) < 1e-9 AS wald90_ok
FROM kpi_rate_change(120, 1000, 150, 1000, NULL, 0.90) r;

-- the worked example of docs/weekly-report.md: 120 of 1000, then 150 of
-- 1000, target +15 %: rel_change 0.25 in [-0.000327, 0.563011], p 0.04964:
-- the target lies inside the interval, so not distinguishable
SELECT round(baseline::numeric, 6) AS baseline, round(current::numeric, 6) AS current,
       round(abs_change::numeric, 6) AS abs_change, round(abs_ci_low::numeric, 6) AS abs_ci_low,
       round(abs_ci_high::numeric, 6) AS abs_ci_high, round(rel_change::numeric, 6) AS rel_change,
       round(rel_ci_low::numeric, 6) AS rel_ci_low, round(rel_ci_high::numeric, 6) AS rel_ci_high,
       round(p_value::numeric, 6) AS p_value, target, status
FROM kpi_rate_change(120, 1000, 150, 1000, 0.15);

-- every status, positive and negative targets (rel intervals: 100 -> 200
-- of 1000 [0.5996, 1.5009]; 200 -> 100 [-0.6002, -0.3751]; 120 -> 150
-- [-0.0003, 0.5630])
SELECT x1, x2, t, r.status
FROM (VALUES (100, 200, 0.15), (100, 200, 1.6), (100, 200, 0.0), (100, 200, -0.10),
             (200, 100, -0.10), (200, 100, -0.70), (200, 100, 0.15),
             (120, 150, 0.15), (120, 150, 0.0), (120, 150, -0.0001), (120, 150, -0.0004), (120, 150, NULL)) v(x1, x2, t),
     kpi_rate_change(x1, 1000, x2, 1000, t) r
ORDER BY x1, x2, t;
-- a target exactly at an interval bound counts as reached
SELECT status FROM kpi_rate_change(100, 1000, 200, 1000, (SELECT rel_ci_low FROM kpi_rate_change(100, 1000, 200, 1000)));
SELECT status FROM kpi_rate_change(200, 1000, 100, 1000, (SELECT rel_ci_high FROM kpi_rate_change(200, 1000, 100, 1000)));

-- zero cells: no baseline successes (no relative change), no current
-- successes (rel_change -1, no Katz interval), both 0 or both all (no
-- interval of zero width, no p-value), a period without trials, NULLs
SELECT x1, n1, x2, n2, baseline, current, abs_change, abs_ci_low IS NOT NULL AS has_abs_ci,
       rel_change, rel_ci_low IS NOT NULL AS has_rel_ci, p_value IS NOT NULL AS has_p, status
FROM (VALUES (0, 100, 5, 100), (5, 100, 0, 100), (0, 100, 0, 50), (100, 100, 50, 50), (0, 100, 50, 50),
             (0, 0, 5, 10), (5, 10, 0, 0), (0, 0, 0, 0)) v(x1, n1, x2, n2),
     kpi_rate_change(x1, n1, x2, n2, 0.15) r
ORDER BY x1, n1, x2, n2;
SELECT * FROM kpi_rate_change(NULL, NULL, 5, 10, 0.15);
SELECT * FROM kpi_rate_change(5, NULL, 5, 10);
SELECT * FROM kpi_rate_change(5, 10, NULL, 10, -0.1);
-- large counts stay finite
SELECT rel_ci_low < rel_change AND rel_change < rel_ci_high AND p_value < 1e-6 AS finite
FROM kpi_rate_change(4611686018427387904, 9223372036854775807, 4611686118427387904, 9223372036854775807);

-- means: Welch at df = 1 (n 2 against an sd of 0), df = 2 (n 2 and 2, equal
-- sds), and df = 10, 30, 100 (n 6, 16, 51 and equal sds)
CREATE TABLE means (n1 bigint, m1 float8, s1 float8, n2 bigint, m2 float8, s2 float8, df float8, q float8);
INSERT INTO means VALUES (2, 10, 3, 7, 14, 0, 1, tan(pi() * 0.475)), (5, 10, 0, 2, 7, 2, 1, tan(pi() * 0.475)),
  (2, 10, 3, 2, 11, 3, 2, 0.95 / sqrt(2 * 0.975 * 0.025)), (2, 5, 0.5, 2, 9, 0.5, 2, 0.95 / sqrt(2 * 0.975 * 0.025)),
  (6, 100, 20, 6, 130, 20, 10, 2.228138851986274), (16, 100, 20, 16, 90, 20, 30, 2.042272456301238),
  (51, 40, 12, 51, 44, 12, 100, 1.983971518523552);
SELECT n1, m1, s1, n2, m2, s2,
       abs(wdf - df) < 1e-12 AS df_ok,
       abs(r.abs_change - (m2 - m1)) < 1e-12 AS abs_ok,
       abs(r.abs_ci_low - (m2 - m1 - q * se)) < 1e-9 AND abs(r.abs_ci_high - (m2 - m1 + q * se)) < 1e-9 AS welch_ok,
       abs(r.rel_change - (m2 / m1 - 1)) < 1e-12 AS rel_ok,
       abs(r.rel_ci_low - (exp(ln(m2 / m1) - q * sel) - 1)) < 1e-9
         AND abs(r.rel_ci_high - (exp(ln(m2 / m1) + q * sel) - 1)) < 1e-9 AS delta_ok,
       CASE df WHEN 1 THEN abs(r.p_value - (1 - 2 / pi() * atan(abs(m2 - m1) / se))) < 1e-9
               WHEN 2 THEN abs(r.p_value - (1 - abs(m2 - m1) / se / sqrt(2 + ((m2 - m1) / se) ^ 2))) < 1e-9 END AS p_ok
FROM means,
     LATERAL (SELECT sqrt(s1 * s1 / n1 + s2 * s2 / n2) AS se,
                     (s1 * s1 / n1 + s2 * s2 / n2) ^ 2 / ((s1 * s1 / n1) ^ 2 / (n1 - 1) + (s2 * s2 / n2) ^ 2 / (n2 - 1)) AS wdf,
                     sqrt(s1 * s1 / (n1 * m1 * m1) + s2 * s2 / (n2 * m2 * m2)) AS sel) c,
     kpi_mean_change(n1, m1, s1, n2, m2, s2) r
ORDER BY n1, m1, s1, n2;
-- a non-integer df (19.98): mpmath's values (Welch interval [-1.003636,
-- 7.003636], p 0.133718, delta interval [-0.045056, 0.384898])
SELECT round(abs_ci_low::numeric, 6) AS abs_ci_low, round(abs_ci_high::numeric, 6) AS abs_ci_high,
       round(p_value::numeric, 6) AS p_value, round(rel_ci_low::numeric, 6) AS rel_ci_low,
       round(rel_ci_high::numeric, 6) AS rel_ci_high, status
FROM kpi_mean_change(10, 20, 4, 12, 23, 5, 0.10);
-- statuses of a mean: revenue per customer 50 -> 60 (sd 20, 400 customers each)
SELECT t, status FROM (VALUES (0.10), (0.30), (-0.10), (0.0)) v(t), kpi_mean_change(400, 50, 20, 400, 60, 20, t) ORDER BY t;
SELECT t, status FROM (VALUES (-0.10), (0.10), (-0.30)) v(t), kpi_mean_change(400, 60, 20, 400, 50, 20, t) ORDER BY t;
-- from count(*), avg() and stddev_samp() of each period
CREATE TABLE orders (week int, amount float8);
INSERT INTO orders SELECT 1, 40 + (i % 7) * 3 FROM generate_series(1, 50) i;
INSERT INTO orders SELECT 2, 45 + (i % 5) * 4 FROM generate_series(1, 60) i;
SELECT abs(r.abs_change - (avg(o2.amount) - avg(o1.amount))) < 1e-12 AS ok
FROM (SELECT count(*) n, avg(amount) m, stddev_samp(amount) s FROM orders WHERE week = 1) b,
     (SELECT count(*) n, avg(amount) m, stddev_samp(amount) s FROM orders WHERE week = 2) c,
     kpi_mean_change(b.n, b.m, b.s, c.n, c.m, c.s, 0.05) r,
     orders o1, orders o2 WHERE o1.week = 1 AND o2.week = 2 GROUP BY r.abs_change;
-- the same, as docs/weekly-report.md writes it
WITH b AS (SELECT count(*) n, avg(amount) m, stddev_samp(amount) s FROM orders WHERE week = 1),
     c AS (SELECT count(*) n, avg(amount) m, stddev_samp(amount) s FROM orders WHERE week = 2)
SELECT round(k.baseline::numeric, 6) AS baseline, round(k.current::numeric, 6) AS current, k.status
FROM b, c, kpi_mean_change(b.n, b.m, b.s, c.n, c.m, c.s, 0.05) k;

-- integer values: avg() and stddev_samp() are numeric, cast implicitly
-- (1..10: mean 5.5, sd sqrt(55/6); 3..12: mean 7.5, the same sd)
SELECT round(k.abs_change::numeric, 12) AS abs_change,
       abs(k.abs_ci_high - (2 + 2.100922040241036 * sqrt(2 * 55.0 / 6 / 10))) < 1e-9 AS welch_ok
FROM (SELECT count(*) n, avg(v) m, stddev_samp(v) s FROM generate_series(1, 10) v) b,
     (SELECT count(*) n, avg(v) m, stddev_samp(v) s FROM generate_series(3, 12) v) c,
     kpi_mean_change(b.n, b.m, b.s, c.n, c.m, c.s) k;
-- guards: n = 1 (stddev_samp is NULL), NULL sd, no variance, baseline mean
-- 0 (no relative change), current mean 0 (rel_change -1, no interval),
-- n = 0 (no mean, whatever is passed), NULL period
SELECT n1, m1, s1, n2, m2, s2, baseline, current, abs_change, abs_ci_low IS NOT NULL AS has_abs_ci,
       rel_change, rel_ci_low IS NOT NULL AS has_rel_ci, p_value IS NOT NULL AS has_p, status
FROM (VALUES (1, 10, NULL, 5, 12, 2), (5, 10, NULL, 5, 12, 2), (5, 10, 0, 5, 12, 0), (5, 0, 1, 5, 12, 1),
             (5, 12, 1, 5, 0, 1), (5, -2, 1, 5, 3, 1), (0, 7, NULL, 5, 12, 1), (0, NULL, NULL, 5, 12, 1),
             (5, 10, 1, 5, NULL, NULL)) v(n1, m1, s1, n2, m2, s2),
     kpi_mean_change(n1, m1::float8, s1::float8, n2, m2::float8, s2::float8, 0.15) r
ORDER BY n1, m1, s1, n2, m2;
SELECT * FROM kpi_mean_change(NULL, 10, 1, 5, 12, 1, 0.1);
-- overflow: not finite columns are NULL
SELECT baseline, current, abs_change, abs_ci_low, rel_change, p_value, status
FROM kpi_mean_change(5, -1e308, 1e308, 5, 1e308, 1e308, 0.1);

-- a confidence next to 1 gives finite intervals (t quantile near 5.7e15 at
-- df 1): the relative bound exp(ln 1.4 + 5.7e15 * 0.21) - 1 overflows, so
-- that interval is NULL
SELECT abs_ci_low < abs_change AND abs_change < abs_ci_high AS finite, rel_ci_low, rel_ci_high
FROM kpi_mean_change(2, 10, 3, 7, 14, 0, NULL, 0.9999999999999999);
SELECT abs_ci_low < abs_change AND abs_change < abs_ci_high AND rel_ci_low < rel_ci_high AS finite
FROM kpi_rate_change(120, 1000, 150, 1000, NULL, 0.9999999999999999);

-- rate and mean KPIs in one table
SELECT 'conversion' AS kpi, status FROM kpi_rate_change(100, 1000, 200, 1000, 0.15)
UNION ALL SELECT 'revenue', status FROM kpi_mean_change(400, 50, 20, 400, 60, 20, 0.10);

-- errors
SELECT * FROM kpi_rate_change(-1, 10, 5, 10);
SELECT * FROM kpi_rate_change(1, 10, 5, -10);
SELECT * FROM kpi_rate_change(11, 10, 5, 10);
SELECT * FROM kpi_rate_change(1, 10, 11, 10);
SELECT * FROM kpi_rate_change(1, 10, 5, 10, NULL, 1.0);
SELECT * FROM kpi_rate_change(1, 10, 5, 10, NULL, 0);
SELECT * FROM kpi_rate_change(1, 10, 5, 10, NULL, 'NaN');
SELECT * FROM kpi_rate_change(1, 10, 5, 10, NULL, NULL);
SELECT * FROM kpi_rate_change(1, 10, 5, 10, 'NaN');
SELECT * FROM kpi_rate_change(1, 10, 5, 10, 'Infinity');
SELECT * FROM kpi_mean_change(-1, 10, 1, 5, 12, 1);
SELECT * FROM kpi_mean_change(5, 10, 1, -5, 12, 1);
SELECT * FROM kpi_mean_change(5, 10, -1, 5, 12, 1);
SELECT * FROM kpi_mean_change(5, 'NaN', 1, 5, 12, 1);
SELECT * FROM kpi_mean_change(5, 10, 1, 5, '-Infinity', 1);
SELECT * FROM kpi_mean_change(5, 10, 'Infinity', 5, 12, 1);
SELECT * FROM kpi_mean_change(5, 10, 1, 5, 12, 1, '-Infinity');
SELECT * FROM kpi_mean_change(5, 10, 1, 5, 12, 1, 0.1, 1.5);
SELECT * FROM kpi_mean_change(5, 10, 1, 5, 12, 1, 0.1, NULL);
