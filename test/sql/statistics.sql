-- wilson_ci, proportion_ztest and funnel_compare, checked against the
-- textbook formulas written out in plain SQL (differences below 1e-12), a
-- textbook example, and every guard and error.
CREATE SCHEMA stats;
SET search_path = stats, public;

-- z for 95 % (qnorm(0.975)) and 90 %
\set z95 1.959963984540054
\set z90 1.6448536269514722

-- Wilson: (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)
CREATE TABLE cases (x bigint, n bigint);
INSERT INTO cases VALUES (45, 100), (0, 10), (10, 10), (1, 1), (3, 1000), (999, 1000), (12345, 67890);
SELECT x, n,
       abs(w.low - (p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)) < 1e-12 AS low_ok,
       abs(w.high - (p + z * z / (2 * n) + z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)) < 1e-12 AS high_ok
FROM cases, LATERAL (SELECT x::float8 / n AS p, :z95::float8 AS z) c, wilson_ci(x, n) w;
-- 90 %: narrower
SELECT abs(w.low - (p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)) < 1e-12 AS low_ok
FROM (VALUES (45::bigint, 100::bigint)) v(x, n), LATERAL (SELECT x::float8 / n AS p, :z90::float8 AS z) c, wilson_ci(x, n, 0.90) w;
SELECT round(low::numeric, 6) AS low, round(high::numeric, 6) AS high FROM wilson_ci(45, 100);
-- no trials: NULLs (the guard); NULL input: NULL
SELECT * FROM wilson_ci(0, 0);
SELECT * FROM wilson_ci(NULL, 10);
-- errors
SELECT * FROM wilson_ci(11, 10);
SELECT * FROM wilson_ci(-1, 10);
SELECT * FROM wilson_ci(5, 10, 1.0);
SELECT * FROM wilson_ci(5, 10, NULL);
-- a confidence next to 1 gives finite bounds (z = 8.292361075813595, found
-- by bisection of erfc), not NaN; the largest double below 1 is accepted
\set zmax 8.292361075813595
SELECT abs(w.low - (p + z * z / (2 * n) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)) < 1e-9 AS low_ok,
       abs(w.high - (p + z * z / (2 * n) + z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n)) < 1e-9 AS high_ok
FROM (VALUES (45::bigint, 100::bigint)) v(x, n), LATERAL (SELECT x::float8 / n AS p, :zmax::float8 AS z) c,
     wilson_ci(x, n, 0.9999999999999999) w;
SELECT low > 0 AND high < 1 AS finite FROM wilson_ci(5, 10, 0.9999999999999999);
SELECT bool_and(ci_low >= 0 AND ci_high <= 1 AND ci_low < ci_high) AS finite
FROM funnel_report('{100,50,10}', NULL, 0.9999999999999999);
SELECT diff_low < diff AND diff < diff_high AND diff_low > -1 AND diff_high < 1 AS finite
FROM proportion_ztest(45, 100, 60, 100, 0.9999999999999999);
SELECT * FROM wilson_ci(5, 10, 1 - 1e-17);

-- two-proportion z-test, textbook: 45/100 vs 60/100.  Pooled p = 0.525,
-- SE = sqrt(0.525 x 0.475 x 2/100) = 0.0706222, z = 0.15 / SE = 2.12398,
-- two-sided p = 0.0337; lift 0.15 / 0.45 = 1/3
SELECT round(p_a::numeric, 6) AS p_a, round(p_b::numeric, 6) AS p_b, round(diff::numeric, 6) AS diff,
       round(diff_low::numeric, 6) AS diff_low, round(diff_high::numeric, 6) AS diff_high,
       round(z::numeric, 5) AS z, round(p_value::numeric, 4) AS p_value, round(lift::numeric, 6) AS lift, note
FROM proportion_ztest(45, 100, 60, 100);
-- against the formulas, on several cases
CREATE TABLE pairs (x1 bigint, n1 bigint, x2 bigint, n2 bigint);
INSERT INTO pairs VALUES (45, 100, 60, 100), (5, 1000, 9, 1200), (300, 400, 280, 400), (1, 3, 2, 3);
SELECT x1, n1, x2, n2,
       abs(t.z - (p2 - p1) / sqrt(pp * (1 - pp) * (1.0 / n1 + 1.0 / n2))) < 1e-12 AS z_ok,
       abs(t.diff_low - ((p2 - p1) - :z95 * sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))) < 1e-12 AS low_ok,
       abs(t.diff_high - ((p2 - p1) + :z95 * sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2))) < 1e-12 AS high_ok,
       abs(t.lift - (p2 - p1) / p1) < 1e-12 AS lift_ok,
       t.p_value > 0 AND t.p_value <= 1 AS p_ok
FROM pairs, LATERAL (SELECT x1::float8 / n1 AS p1, x2::float8 / n2 AS p2, (x1 + x2)::float8 / (n1 + n2) AS pp) c,
     proportion_ztest(x1, n1, x2, n2) t;
-- the p-value is symmetric in the groups; z changes sign
SELECT a.p_value = b.p_value AS same_p, a.z = -b.z AS opposite_z
FROM proportion_ztest(45, 100, 60, 100) a, proportion_ztest(60, 100, 45, 100) b;
-- guards: an empty group (nothing), no variance (no z), no successes in
-- group a (no lift)
SELECT * FROM proportion_ztest(0, 0, 5, 10);
SELECT * FROM proportion_ztest(10, 10, 20, 20);
SELECT p_a, p_b, round(z::numeric, 6) AS z, lift, note FROM proportion_ztest(0, 10, 5, 10);
-- counts beyond 2^53 (2^60 - 1 of 2^60 against 2^60 of 2^60): the pooled
-- variance comes from exact sums, (2^61 - 1) / 2^122, so SE = 2^-60 and
-- z = diff / SE = 1 (it was NaN: 1 - pooled rounded to 0); the difference
-- is 2^-60 exactly (from the failure shares); the largest counts do not
-- overflow (no variance: every trial succeeded)
SELECT round(z::numeric, 12) AS z, diff = 2 ^ -60 AS diff_exact
FROM proportion_ztest(1152921504606846975, 1152921504606846976, 1152921504606846976, 1152921504606846976);
SELECT z IS NULL AS no_z, diff FROM proportion_ztest(9223372036854775807, 9223372036854775807,
                                                     9223372036854775807, 9223372036854775807);
-- errors
SELECT * FROM proportion_ztest(5, 4, 1, 10);
SELECT * FROM proportion_ztest(1, 10, -1, 10);
SELECT * FROM proportion_ztest(1, 10, 1, 10, 0);

-- funnel_compare: every step is the z-test of b against a, from step 1 ...
SELECT step, name, actors_a, actors_b, round(conversion_a::numeric, 6) AS conversion_a,
       round(conversion_b::numeric, 6) AS conversion_b, round(z::numeric, 6) AS z,
       round(p_value::numeric, 6) AS p_value, note
FROM funnel_compare('{1000,400,100}', '{1200,540,150}', '{visit,cart,purchase}');
SELECT count(*) AS differences FROM funnel_compare('{1000,400,100}', '{1200,540,150}') c
JOIN LATERAL proportion_ztest(c.actors_a, 1000, c.actors_b, 1200) t ON true
WHERE c.step > 1 AND (c.z <> t.z OR c.p_value <> t.p_value OR c.diff_low <> t.diff_low OR c.lift <> t.lift);
-- ... or from the previous step
SELECT step, round(conversion_a::numeric, 6) AS conversion_a, round(conversion_b::numeric, 6) AS conversion_b,
       round(z::numeric, 6) AS z, note
FROM funnel_compare('{1000,400,100}', '{1200,540,150}', base => 'previous');
SELECT c.z = t.z AS same_z FROM funnel_compare('{1000,400,100}', '{1200,540,150}', base => 'previous') c,
       proportion_ztest(100, 400, 150, 540) t WHERE c.step = 3;
-- a step nobody reached in a group: the next step has no base
SELECT step, z, note FROM funnel_compare('{10,0,0}', '{10,5,1}', base => 'previous');
-- NULL counts: no rows
SELECT count(*) FROM funnel_compare(NULL, '{1}');
-- errors
SELECT * FROM funnel_compare('{10,5}', '{10,5,1}');
SELECT * FROM funnel_compare('{10,5}', '{10,11}');
SELECT * FROM funnel_compare('{10,5}', '{10,5}', '{a}');
SELECT * FROM funnel_compare('{10,5}', '{10,5}', base => 'first');
SELECT * FROM funnel_compare('{10,5}', '{10,5}', confidence => 2);

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA stats CASCADE;
