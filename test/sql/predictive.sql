-- Predictive customer analytics: customer_summary, the BTYD fits
-- (bgnbd_fit, pareto_nbd_fit, gamma_gamma_fit) and their scores, checked
-- against hand-worked examples, the published formulas written out in
-- SQL, simulated customers of known parameters, and the sample data's
-- holdout period (docs/predictive.md)
SET timezone = 'UTC';
SET extra_float_digits = 0;
\set ECHO none
\set users 20000
\i test/data/sample_events.sql
\set ECHO all
CREATE SCHEMA pred;
SET search_path = pred, public;

-- 1. customer_summary, worked by hand (calibration to 2025-01-15 inclusive,
-- holdout to 2025-01-31)
CREATE TABLE tx (cust int, ts timestamptz, value numeric);
INSERT INTO tx VALUES
	-- c1: two purchases on Jan 1 (one period), Jan 5, Jan 10; Jan 20 in the
	-- holdout; Feb 10 after the observation end.  x = 2 (Jan 5, Jan 10),
	-- t_x = 9, T = 14, monetary = (20 + 30) / 2 = 25; holdout 1 period, 7
	(1, '2025-01-01 10:00+00', 10), (1, '2025-01-01 18:00+00', 5),
	(1, '2025-01-05 12:00+00', 20), (1, '2025-01-10 09:00+00', 30),
	(1, '2025-01-20 12:00+00', 7), (1, '2025-02-10 12:00+00', 100),
	-- c2: one purchase late on the calibration end: x = t_x = T = 0
	(2, '2025-01-15 23:30+00', 12),
	-- c3: first seen in the holdout (twice on Jan 16, once on Jan 18): not in
	-- the calibration; 2 holdout periods, value 1 + 2 + 4
	(3, '2025-01-16 08:00+00', 1), (3, '2025-01-16 09:00+00', 2), (3, '2025-01-18 09:00+00', 4),
	-- c4: a purchase without a value (0) and one of 4 the next day
	(4, '2025-01-02 12:00+00', NULL), (4, '2025-01-03 12:00+00', 4),
	-- c5: only a row without a timestamp: no transaction at all
	(5, NULL, 3);
SELECT cust, (customer_summary(ts, value, '2025-01-15', 'day', '2025-01-31')).*
FROM tx GROUP BY cust ORDER BY cust;
-- the row is a customer_rfm
SELECT customer_summary(ts, value, '2025-01-15', 'day', '2025-01-31') = ROW(2, 9, 14, 25, 1, 7)::customer_rfm AS c1
FROM tx WHERE cust = 1;
-- without a holdout the holdout columns are NULL, and later purchases are ignored
SELECT cust, (customer_summary(ts, value, '2025-01-15')).*
FROM tx WHERE cust IN (1, 3) GROUP BY cust ORDER BY cust;

-- days are those of the session's time zone: 12:00 UTC on Jan 1 and 03:00
-- UTC on Jan 2 are two days in UTC, one day (Jan 1) in New York
SELECT (customer_summary(ts, 1, '2025-01-10')).frequency
FROM (VALUES ('2025-01-01 12:00+00'::timestamptz), ('2025-01-02 03:00+00')) v(ts);
SET timezone = 'America/New_York';
SELECT (customer_summary(ts, 1, '2025-01-10')).frequency
FROM (VALUES ('2025-01-01 12:00+00'::timestamptz), ('2025-01-02 03:00+00')) v(ts);
SET timezone = 'UTC';

-- weeks start on Monday: Sunday Jan 5 is in the week of Dec 30; Monday Jan 6
-- and Sunday Jan 12 share a week; Monday Jan 20 (the calibration end) is 3
-- weeks after Dec 30.  x = 1, t_x = 1, T = 3, monetary = 2 + 4
SELECT (customer_summary(ts, v, '2025-01-20', 'Week')).*
FROM (VALUES ('2025-01-05 12:00+00'::timestamptz, 1), ('2025-01-06 12:00+00', 2),
	('2025-01-12 12:00+00', 4)) v(ts, v);

-- the same as a brute-force formulation over the sample data's purchases
CREATE TABLE purchases AS
SELECT user_id, ts, revenue FROM journey_sample.events WHERE event = 'purchase';
CREATE TABLE ours AS
SELECT user_id, (customer_summary(ts, revenue, '2025-02-28', 'day', '2025-03-31')).*
FROM purchases GROUP BY user_id;
CREATE TABLE brute AS
WITH days AS (
	SELECT user_id, ts::date AS d, sum(coalesce(revenue, 0)) AS v FROM purchases GROUP BY 1, 2),
cal AS (
	SELECT user_id, count(*) - 1 AS frequency, max(d) - min(d) AS recency,
		date '2025-02-28' - min(d) AS age, min(d) AS first
	FROM days WHERE d <= '2025-02-28' GROUP BY 1),
spend AS (
	SELECT user_id, avg(v)::float8 AS monetary
	FROM days JOIN cal USING (user_id) WHERE d <= '2025-02-28' AND d > first GROUP BY 1),
hold AS (
	SELECT user_id, count(*) AS holdout_frequency, sum(v)::float8 AS holdout_value
	FROM days WHERE d > '2025-02-28' AND d <= '2025-03-31' GROUP BY 1)
SELECT u.user_id, cal.frequency, cal.recency::bigint, cal.age::bigint, spend.monetary,
	coalesce(hold.holdout_frequency, 0) AS holdout_frequency,
	coalesce(hold.holdout_value, 0) AS holdout_value
FROM (SELECT DISTINCT user_id FROM purchases) u
LEFT JOIN cal USING (user_id) LEFT JOIN spend USING (user_id) LEFT JOIN hold USING (user_id);
SELECT count(*) AS customers, count(frequency) AS in_calibration, sum(holdout_frequency) AS holdout_periods
FROM ours;
SELECT count(*) AS differences FROM (
	(SELECT user_id, frequency, recency, age, round(monetary::numeric, 6), holdout_frequency,
		round(holdout_value::numeric, 6) FROM ours
	 EXCEPT SELECT user_id, frequency, recency, age, round(monetary::numeric, 6), holdout_frequency,
		round(holdout_value::numeric, 6) FROM brute)
	UNION ALL
	(SELECT user_id, frequency, recency, age, round(monetary::numeric, 6), holdout_frequency,
		round(holdout_value::numeric, 6) FROM brute
	 EXCEPT SELECT user_id, frequency, recency, age, round(monetary::numeric, 6), holdout_frequency,
		round(holdout_value::numeric, 6) FROM ours)) d;

-- no rows: NULL; errors
SELECT customer_summary(ts, value, '2025-01-15') IS NULL AS no_rows FROM tx WHERE false;
SELECT customer_summary(ts, value, NULL) FROM tx;
SELECT customer_summary(ts, value, '2025-01-15', NULL) FROM tx;
SELECT customer_summary(ts, value, '2025-01-15', 'month') FROM tx;
SELECT customer_summary(ts, value, '2025-01-15', 'day', '2025-01-14') FROM tx;
SELECT customer_summary(ts, value, '2025-01-15', 'day', NULL) FROM tx;
SELECT customer_summary(ts, value, 'infinity') FROM tx;
SELECT customer_summary(ts, value, '2025-01-15', 'day', 'infinity') FROM tx;
SELECT customer_summary('infinity', 1, '2025-01-15');
SELECT customer_summary('2025-01-01', 'NaN', '2025-01-15');
SELECT customer_summary(ts, value, date '2025-01-01' + cust) FROM tx;

-- 2. Fits recover the parameters of simulated customers within 3 standard
-- errors: 4,000 BG/NBD customers (r = 2, alpha = 150 days, a = 2, b = 6)
-- with Gamma-Gamma spend (p = 6, q = 4, gamma = 15), simulated in SQL
\set customers 4000
\i test/data/btyd_simulate.sql
CREATE TABLE sim AS
SELECT cust, (customer_summary(ts, value, '2025-12-31')).* FROM sim_tx GROUP BY cust;
CREATE TABLE bg AS SELECT (bgnbd_fit(frequency, recency, age)).* FROM sim;
SELECT customers, converged, evaluations < 20000 AS within_cap,
	abs(r - 2) < 3 * r_se AS r_ok, abs(alpha - 150) < 3 * alpha_se AS alpha_ok,
	abs(a - 2) < 3 * a_se AS a_ok, abs(b - 6) < 3 * b_se AS b_ok,
	r_se < 0.2 AND alpha_se < 20 AND a_se < 0.6 AND b_se < 2 AS informative
FROM bg;
CREATE TABLE gg AS SELECT (gamma_gamma_fit(frequency, monetary)).* FROM sim;
SELECT customers = (SELECT count(*) FROM sim WHERE frequency > 0) AS repeat_customers, converged,
	abs(p - 6) < 3 * p_se AS p_ok, abs(q - 4) < 3 * q_se AS q_ok,
	abs(gamma - 15) < 3 * gamma_se AS gamma_ok
FROM gg;

-- the weighted form over (frequency, recency, age, customers) groups is the
-- same fit, exactly (the aggregate collapses equal rows the same way)
SELECT g = (SELECT bgnbd_fit(frequency, recency, age) FROM sim) AS same_fit
FROM (SELECT bgnbd_fit(frequency, recency, age, n) AS g
	FROM (SELECT frequency, recency, age, count(*) AS n FROM sim GROUP BY 1, 2, 3) t) w;
SELECT g = (SELECT gamma_gamma_fit(frequency, monetary) FROM sim) AS same_fit
FROM (SELECT gamma_gamma_fit(frequency, monetary, n) AS g
	FROM (SELECT frequency, monetary, count(*) AS n FROM sim GROUP BY 1, 2) t) w;

-- a parallel plan (partial fits serialized, combined) gives the same fit
CREATE TABLE sim_big AS SELECT s.* FROM sim s, generate_series(1, 5);
ANALYZE sim_big;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF) SELECT bgnbd_fit(frequency, recency, age) FROM sim_big;
CREATE TABLE par AS
SELECT bgnbd_fit(frequency, recency, age) AS bg, gamma_gamma_fit(frequency, monetary) AS gg,
	count(*) AS n FROM sim_big;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
SELECT n, bg = (SELECT bgnbd_fit(frequency, recency, age, 5) FROM sim) AS same_bg,
	gg = (SELECT gamma_gamma_fit(frequency, monetary, 5) FROM sim) AS same_gg
FROM par;
-- customer_summary in a parallel plan too
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET parallel_leader_participation = off;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM (SELECT cust, customer_summary(ts, value, '2025-12-31') AS s FROM sim_tx GROUP BY cust) t;
CREATE TABLE sim_par AS SELECT cust, (customer_summary(ts, value, '2025-12-31')).* FROM sim_tx GROUP BY cust;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
RESET enable_hashagg;
SELECT count(*) AS differences FROM (
	SELECT cust, frequency, recency, age, monetary FROM sim_par
	EXCEPT SELECT cust, frequency, recency, age, monetary FROM sim) d;

-- Pareto/NBD customers (r = 2, alpha = 150, s = 2, beta = 600): lifetimes
-- exponential of rate mu ~ Gamma(2, 600), purchases Poisson(lambda) until then
SELECT setseed(0.61);
CREATE TABLE pn_cust AS
SELECT c AS cust, (-ln(random()) - ln(random())) / 150 AS lambda,
	-ln(random()) / ((-ln(random()) - ln(random())) / 600) AS lifetime,
	400 + floor(random() * 1100)::int AS age
FROM generate_series(1, 4000) c;
CREATE TABLE pn_tx AS
WITH RECURSIVE t(cust, at) AS (
	SELECT cust, 0::float8 FROM pn_cust
	UNION ALL
	SELECT t.cust, t.at - ln(random()) / c.lambda
	FROM t JOIN pn_cust c USING (cust)
	WHERE t.at < least(c.age, c.lifetime))
SELECT t.cust, timestamptz '2026-01-01 00:00+00' - c.age * interval '1 day' + t.at * interval '1 day' AS ts
FROM t JOIN pn_cust c USING (cust)
WHERE t.at = 0 OR t.at < least(c.age, c.lifetime);
CREATE TABLE pn AS
SELECT (pareto_nbd_fit(frequency, recency, age)).*
FROM (SELECT (customer_summary(ts, 0, '2025-12-31')).* FROM pn_tx GROUP BY cust) s;
SELECT customers, converged,
	abs(r - 2) < 3 * r_se AS r_ok, abs(alpha - 150) < 3 * alpha_se AS alpha_ok,
	abs(s - 2) < 3 * s_se AS s_ok, abs(beta - 600) < 3 * beta_se AS beta_ok
FROM pn;

-- a fit can be cancelled (it checks for interrupts at every evaluation of
-- the likelihood; this one takes seconds)
SET statement_timeout = '100ms';
SELECT pareto_nbd_fit(frequency, recency, age) FROM sim;
RESET statement_timeout;

-- no customers: NULL; rows with a NULL figure are ignored
SELECT bgnbd_fit(frequency, recency, age) IS NULL AS no_rows FROM sim WHERE false;
SELECT pareto_nbd_fit(frequency, recency, age, 0) IS NULL AS no_customers FROM sim;
SELECT gamma_gamma_fit(frequency, monetary) IS NULL AS no_repeat FROM sim WHERE frequency = 0;
SELECT (bgnbd_fit(f, r, a)).customers FROM (VALUES (1, 2, 3), (NULL, 1, 1), (0, 0, 5)) v(f, r, a);
-- errors: a row that is no customer summary, bad counts, no observation time
SELECT bgnbd_fit(f, r, a) FROM (VALUES (1, 5, 3)) v(f, r, a);
SELECT bgnbd_fit(f, r, a) FROM (VALUES (1, 0, 3)) v(f, r, a);
SELECT bgnbd_fit(f, r, a) FROM (VALUES (0, 2, 3)) v(f, r, a);
SELECT pareto_nbd_fit(f, r, a) FROM (VALUES (-1, 0, 3)) v(f, r, a);
SELECT bgnbd_fit(f, r, a) FROM (VALUES (1, 1, 'infinity'::float8)) v(f, r, a);
SELECT bgnbd_fit(1, 1, 2, -1);
SELECT bgnbd_fit(1, 1, 2, 9007199254740993);
SELECT bgnbd_fit(0, 0, 0);
SELECT gamma_gamma_fit(2, 0);
SELECT gamma_gamma_fit(0.5, 10);

-- 3. Scores against the published formulas written out in SQL, for the
-- BG/NBD model Fader, Hardie and Lee (2005) fitted to CDNOW (weeks):
-- r = 0.243, alpha = 4.414, a = 0.793, b = 2.426
CREATE TABLE cdnow AS SELECT ROW(0.243, 4.414, 0.793, 2.426, NULL, NULL, NULL, NULL,
	NULL, 2357, NULL, NULL)::bgnbd_model AS m;
-- 2F1(a, b; c; z) by its power series (0 < z < 1), each term from the last
CREATE FUNCTION test_2f1(a float8, b float8, c float8, z float8) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$
	SELECT 1 + sum(CASE WHEN lt > -700 THEN exp(lt) ELSE 0 END) FROM (
		SELECT sum(ln((a + j) * (b + j) * z / ((c + j) * (j + 1)))) OVER (ORDER BY j) AS lt
		FROM generate_series(0, 4000) j) s
$$;
CREATE TABLE customers (x float8, t_x float8, T float8);
INSERT INTO customers VALUES (0, 0, 0), (0, 0, 38.86), (1, 10, 38.86), (2, 30.43, 38.86),
	(7, 20, 39), (7, 38.9, 39), (40, 30, 32);
-- the paper's worked example: x = 2, t_x = 30.43, T = 38.86 expects 1.226
-- purchases in the next 39 weeks
SELECT round(expected_purchases(m, 2, 30.43, 38.86, 39)::numeric, 3) AS paper_example FROM cdnow;
-- P(alive) = 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x));
-- E[Y(t) | x, t_x, T], the paper's equation (10)
SELECT x, t_x, T,
	abs(probability_alive(m, x, t_x, T) - alive) < 1e-12 AS alive_ok,
	abs(expected_purchases(m, x, t_x, T, 39) - e39) < 1e-9 * greatest(1, e39) AS e39_ok,
	abs(expected_purchases(m, x, t_x, T, 1) - e1) < 1e-9 * greatest(1, e1) AS e1_ok
FROM (SELECT x, t_x, T, (m).*, m FROM customers, cdnow) c,
	LATERAL (SELECT 1 / (1 + CASE WHEN x > 0 THEN a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ^ (r + x)
			ELSE 0 END) AS alive) p,
	LATERAL (SELECT (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + h)) ^ (r + x)
			* test_2f1(r + x, b + x, a + b + x - 1, h / (alpha + T + h))) * alive AS e
		FROM (VALUES (39::float8)) h(h)) e39(e39),
	LATERAL (SELECT (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + 1)) ^ (r + x)
			* test_2f1(r + x, b + x, a + b + x - 1, 1 / (alpha + T + 1))) * alive) e1(e1)
ORDER BY x, t_x, T;
-- a new customer: E[X(t)] (equation 9); P(X(t) = 0) = (alpha / (alpha + t))^r;
-- P(X(t) = 1) = b / (a + b) r (alpha / (alpha + t))^r t / (alpha + t)
--             + a / (a + b) (1 - (alpha / (alpha + t))^r)  (equation 8)
SELECT t,
	abs(expected_purchases(m, t) - (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ^ r
		* test_2f1(r, b, a + b - 1, t / (alpha + t)))) < 1e-9 AS ex_ok,
	abs(probability_purchases(m, t, 0) - (alpha / (alpha + t)) ^ r) < 1e-12 AS p0_ok,
	abs(probability_purchases(m, t, 1) - (b / (a + b) * r * (alpha / (alpha + t)) ^ r * t / (alpha + t)
		+ a / (a + b) * (1 - (alpha / (alpha + t)) ^ r))) < 1e-12 AS p1_ok,
	abs(sum_p - 1) < 1e-6 AS sums_to_1,
	abs(mean_n - expected_purchases(m, t)) < 1e-4 AS mean_is_ex
FROM (SELECT (m).*, m FROM cdnow) c, (VALUES (1::float8), (39), (78)) h(t),
	LATERAL (SELECT sum(probability_purchases(m, t, n)) AS sum_p,
			sum(n * probability_purchases(m, t, n)) AS mean_n
		FROM generate_series(0, 400) n) s
ORDER BY t;
SELECT expected_purchases(m, 0, 0, 0, 0) AS nothing_in_no_time, expected_purchases(m, 0) AS new_in_no_time,
	probability_purchases(m, 0, 0) AS none_in_no_time, probability_alive(m, 0, 0, 10) AS no_repeat_alive
FROM cdnow;

-- Gamma-Gamma (p = 6.25, q = 3.74, gamma = 15.44, the same paper's CDNOW
-- spend model): E[spend | x, z] = (gamma + x z) p / (p x + q - 1), the
-- population mean p gamma / (q - 1) for x = 0
CREATE TABLE cdnow_gg AS SELECT ROW(6.25, 3.74, 15.44, NULL, NULL, NULL, NULL, 946, NULL, NULL)::gamma_gamma_model AS g;
SELECT x, z, abs(expected_spend(g, x, z) - (15.44 + x * coalesce(z, 0)) * 6.25 / (6.25 * x + 3.74 - 1)) < 1e-12 AS ok
FROM cdnow_gg, (VALUES (0, NULL), (0, 5), (1, 20), (3, 35.5), (50, 10)) v(x, z) ORDER BY x, z;
SELECT expected_spend(g, 2, NULL) AS no_mean_no_spend FROM cdnow_gg;
-- CLV: sum over k = 1 .. horizon of (E(k) - E(k - 1)) spend / (1 + d)^k
SELECT x, t_x, T, abs(customer_lifetime_value(m, g, x, t_x, T, 30, 52, 0.002) - ref) < 1e-6 * greatest(1, ref) AS clv_ok,
	abs(customer_lifetime_value(m, g, x, t_x, T, 30, 52) - expected_purchases(m, x, t_x, T, 52)
		* expected_spend(g, x, 30)) < 1e-9 AS undiscounted_ok,
	customer_lifetime_value(m, g, x, t_x, T, 30, 0) AS no_horizon
FROM cdnow, cdnow_gg, customers,
	LATERAL (SELECT sum((expected_purchases(m, x, t_x, T, k) - expected_purchases(m, x, t_x, T, k - 1))
		* expected_spend(g, x, 30) / 1.002 ^ k) AS ref FROM generate_series(1, 52) k) r
WHERE x > 0 ORDER BY x, t_x, T;
-- customer_prediction is the four scores in one row
SELECT x, t_x, T, p.probability_alive = probability_alive(m, x, t_x, T) AS alive_ok,
	p.expected_purchases = expected_purchases(m, x, t_x, T, 26) AS purchases_ok,
	p.expected_spend = expected_spend(g, x, CASE WHEN x > 0 THEN 25 END) AS spend_ok,
	p.clv = customer_lifetime_value(m, g, x, t_x, T, CASE WHEN x > 0 THEN 25 END, 26, 0.01) AS clv_ok
FROM cdnow, cdnow_gg, customers,
	LATERAL customer_prediction(m, g, x, t_x, T, CASE WHEN x > 0 THEN 25 END, 26, 0.01) p
ORDER BY x, t_x, T;
SELECT count(*) AS rows_for_null_model FROM cdnow_gg, customer_prediction(NULL::bgnbd_model, g, 1, 1, 1, 1, 1);
SELECT p.expected_spend IS NULL AND p.clv IS NULL AND p.probability_alive IS NOT NULL AS spend_unknown
FROM cdnow, cdnow_gg, customer_prediction(m, g, 2, 5, 9, NULL, 10) p;
SELECT probability_alive(m, NULL, 1, 1) IS NULL AS strict FROM cdnow;
-- errors
SELECT probability_alive(ROW(0.243, 4.414, 0, 2.426, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::bgnbd_model, 1, 1, 2);
SELECT probability_alive(ROW(NULL, 4.414, 0.793, 2.426, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::bgnbd_model, 1, 1, 2);
SELECT expected_purchases(ROW(0.243, 'NaN', 0.793, 2.426, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::bgnbd_model, 1);
SELECT probability_alive(m, 1, 3, 2) FROM cdnow;
SELECT expected_purchases(m, 1, 1, 2, -1) FROM cdnow;
SELECT expected_purchases(m, 'infinity') FROM cdnow;
SELECT probability_purchases(m, 10, -1) FROM cdnow;
SELECT expected_purchases(m, 2, 30, 39, 1e15) FROM cdnow;
SELECT expected_spend(ROW(6.25, 0.9, 15.44, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::gamma_gamma_model, 1, 10);
SELECT expected_spend(g, 1, 0) FROM cdnow_gg;
SELECT expected_spend(g, -1, 10) FROM cdnow_gg;
SELECT customer_lifetime_value(m, g, 1, 1, 2, 10, -1) FROM cdnow, cdnow_gg;
SELECT customer_lifetime_value(m, g, 1, 1, 2, 10, 5, -0.1) FROM cdnow, cdnow_gg;
SELECT customer_lifetime_value(m, g, 1, 1, 2, 10, 5, 'NaN') FROM cdnow, cdnow_gg;

-- Pareto/NBD (Fader and Hardie's CDNOW fit, weeks: r = 0.5534, alpha =
-- 10.5802, s = 0.6061, beta = 11.6562, so alpha < beta; and the same with
-- alpha and beta exchanged, for the other branch of A0):
-- P(alive) = 1 / (1 + s / (r + s + x) (alpha + T)^(r + x) (beta + T)^s A0),
-- E[Y(t) | x, t_x, T] = (r + x)(beta + T) / ((alpha + T)(s - 1))
--                       [1 - ((beta + T) / (beta + T + t))^(s - 1)] P(alive),
-- E[X(t)] = r beta / (alpha (s - 1)) [1 - (beta / (beta + t))^(s - 1)]
CREATE TABLE pn_models AS
SELECT ROW(0.5534, 10.5802, 0.6061, 11.6562, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pareto_nbd_model AS m
UNION ALL
SELECT ROW(0.5534, 11.6562, 0.6061, 10.5802, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pareto_nbd_model;
CREATE FUNCTION test_f(a float8, b float8, c float8, z float8) RETURNS float8
LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN z = 0 THEN 1 ELSE test_2f1(a, b, c, z) END $$;
SELECT alpha < beta AS alpha_below_beta, x, t_x, T,
	abs(probability_alive(m, x, t_x, T) - alive) < 1e-9 AS alive_ok,
	abs(expected_purchases(m, x, t_x, T, 39) - (r + x) * (beta + T) / ((alpha + T) * (s - 1))
		* (1 - ((beta + T) / (beta + T + 39)) ^ (s - 1)) * alive) < 1e-9 AS e39_ok
FROM (SELECT x, t_x, T, (m).*, m FROM customers, pn_models WHERE T > 0) c,
	LATERAL (SELECT CASE WHEN alpha >= beta THEN
			test_f(r + s + x, s + 1, r + s + x + 1, (alpha - beta) / (alpha + t_x)) / (alpha + t_x) ^ (r + s + x)
			- test_f(r + s + x, s + 1, r + s + x + 1, (alpha - beta) / (alpha + T)) / (alpha + T) ^ (r + s + x)
		ELSE
			test_f(r + s + x, r + x, r + s + x + 1, (beta - alpha) / (beta + t_x)) / (beta + t_x) ^ (r + s + x)
			- test_f(r + s + x, r + x, r + s + x + 1, (beta - alpha) / (beta + T)) / (beta + T) ^ (r + s + x)
		END AS a0) a0,
	LATERAL (SELECT 1 / (1 + s / (r + s + x) * (alpha + T) ^ (r + x) * (beta + T) ^ s * a0) AS alive) p
ORDER BY 1, x, t_x, T;
SELECT alpha < beta AS alpha_below_beta, t,
	abs(expected_purchases(m, t) - r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ^ (s - 1))) < 1e-9 AS ex_ok,
	abs(sum_p - 1) < 1e-6 AS sums_to_1,
	abs(mean_n - expected_purchases(m, t)) < 1e-4 AS mean_is_ex
FROM (SELECT (m).*, m FROM pn_models) c, (VALUES (1::float8), (39), (78)) h(t),
	LATERAL (SELECT sum(probability_purchases(m, t, n)) AS sum_p,
			sum(n * probability_purchases(m, t, n)) AS mean_n
		FROM generate_series(0, 400) n) s
ORDER BY 1, t;
SELECT p.probability_alive = probability_alive(m, 2, 30.43, 38.86) AS alive_ok,
	p.clv = customer_lifetime_value(m, g, 2, 30.43, 38.86, 25, 26, 0.01) AS clv_ok,
	abs(customer_lifetime_value(m, g, 2, 30.43, 38.86, 25, 26) - expected_purchases(m, 2, 30.43, 38.86, 26)
		* expected_spend(g, 2, 25)) < 1e-9 AS undiscounted_ok
FROM pn_models, cdnow_gg, LATERAL customer_prediction(m, g, 2, 30.43, 38.86, 25, 26, 0.01) p;
SELECT probability_alive(ROW(0.5534, 10.5802, -1, 11.6562, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::pareto_nbd_model, 1, 1, 2);
SELECT pg_typeof(customer_summary(now(), 1, '2025-01-01')) AS summary_type;
SELECT DISTINCT pg_typeof(m) AS model_type FROM pn_models;

-- 5. The queries of docs/predictive.md, over the simulated customers as
-- an events table
CREATE VIEW events AS SELECT cust AS user_id, ts, 'purchase'::text AS event, value AS revenue FROM sim_tx;
CREATE TABLE rfm AS
SELECT user_id, (customer_summary(ts, revenue, '2025-02-28')).*
FROM events WHERE event = 'purchase' GROUP BY user_id;
CREATE TABLE models AS
SELECT bgnbd_fit(frequency, recency, age) AS purchases,
       gamma_gamma_fit(frequency, monetary) AS spend
FROM rfm;
SELECT (purchases).converged AND (spend).converged AS converged,
	(purchases).customers = (SELECT count(frequency) FROM rfm) AS all_calibration_customers
FROM models;
SELECT count(*) = (SELECT count(frequency) FROM rfm) AS one_row_each,
	bool_and(probability_alive > 0 AND probability_alive <= 1) AS alive_ok,
	bool_and(expected_purchases >= 0 AND clv >= 0 AND expected_spend > 0) AS values_ok
FROM (SELECT r.user_id, p.*
	FROM rfm r, models m,
	     LATERAL customer_prediction(m.purchases, m.spend, r.frequency, r.recency, r.age,
	                                 r.monetary, 90, 0.0003) p
	WHERE r.frequency IS NOT NULL) q;
-- the segments: a partition, the top fifth by CLV split by P(alive)
CREATE TABLE segments AS
WITH p AS (
  SELECT r.user_id, p.*
  FROM rfm r, models m,
       LATERAL customer_prediction(m.purchases, m.spend, r.frequency, r.recency,
                                   r.age, r.monetary, 90) p
  WHERE r.frequency IS NOT NULL),
top AS (SELECT percentile_cont(0.8) WITHIN GROUP (ORDER BY clv) AS clv80 FROM p)
SELECT user_id, probability_alive, clv,
       CASE WHEN clv >= clv80 AND probability_alive < 0.5 THEN 'high value, probably churning'
            WHEN clv >= clv80 THEN 'high value'
            WHEN probability_alive < 0.5 THEN 'probably churned'
            ELSE 'other' END AS segment
FROM p, top;
SELECT count(*) = (SELECT count(frequency) FROM rfm) AS partition,
	abs(count(*) FILTER (WHERE segment LIKE 'high value%') - 0.2 * count(*)) <= 1 AS top_fifth,
	count(*) FILTER (WHERE segment = 'probably churned') = (SELECT count(*) FROM segments
		WHERE probability_alive < 0.5 AND segment NOT LIKE 'high value%') AS churned_ok
FROM segments;

-- 4. Holdout check on the sample data (20,000 users, purchases from January
-- to March 2025): calibrate on January and February, predict the 31 days of
-- March per frequency bucket, as the papers plot.  The sample's purchase
-- process is not a BTYD one (every buyer drops out after a purchase with
-- about the same probability), so BG/NBD's maximum lies at a -> infinity,
-- b -> infinity with a / (a + b) fixed: the fit says it did not converge.
CREATE TABLE sample_fit AS
SELECT bgnbd_fit(frequency, recency, age) AS m, pareto_nbd_fit(frequency, recency, age) AS pm FROM ours;
SELECT (m).converged, (m).customers, round(((m).a / ((m).a + (m).b))::numeric, 2) AS dropout FROM sample_fit;
-- Pareto/NBD's maximum lies at s -> infinity, beta -> infinity with s / beta,
-- the dropout rate per day, fixed: the limit of a constant dropout rate
SELECT (pm).customers, round(((pm).s / (pm).beta)::numeric, 4) AS dropout_rate FROM sample_fit;
SELECT bucket, customers, actual, actual = brute_actual AS actual_ok, bgnbd, pareto_nbd,
	abs(bgnbd - actual) < 0.3 * actual AND abs(pareto_nbd - actual) < 0.3 * actual AS within_30_percent
FROM (SELECT least(frequency, 2) AS bucket, count(*) AS customers, sum(holdout_frequency) AS actual,
		round(sum(expected_purchases(m, frequency, recency, age, 31))) AS bgnbd,
		round(sum(expected_purchases(pm, frequency, recency, age, 31))) AS pareto_nbd
	FROM ours, sample_fit WHERE frequency IS NOT NULL GROUP BY 1) o
JOIN (SELECT least(frequency, 2) AS bucket, sum(holdout_frequency) AS brute_actual
	FROM brute WHERE frequency IS NOT NULL GROUP BY 1) b USING (bucket)
ORDER BY bucket;
-- in all
SELECT sum(holdout_frequency) AS actual, round(sum(expected_purchases(m, frequency, recency, age, 31))) AS bgnbd,
	round(sum(expected_purchases(pm, frequency, recency, age, 31))) AS pareto_nbd
FROM ours, sample_fit WHERE frequency IS NOT NULL;

DROP SCHEMA pred CASCADE;
DROP SCHEMA journey_sample CASCADE;
