-- test/data/btyd_simulate.sql -- simulated BG/NBD customers with
-- Gamma-Gamma spend, deterministic (setseed), in plain SQL
--
--   \set customers 4000
--   \i test/data/btyd_simulate.sql
--
-- creates sim_cust(cust, lambda, p, age, nu) and sim_tx(cust, ts, value) in
-- the current schema: r = 2, alpha = 150 days, a = 2, b = 6 (purchase rate
-- lambda ~ Gamma(2, 150), a sum of two exponentials; dropout probability p ~
-- Beta(2, 6), a ratio of gamma sums), ages of 400 .. 1499 days to the end
-- of 2025-12-31 UTC; each customer buys on his first day, then as a Poisson
-- process of rate lambda, dropping out with probability p after each
-- repeat purchase; each purchase is worth Gamma(p = 6, nu), nu ~ Gamma(q =
-- 4, gamma = 15).  Rates are low, so two purchases rarely fall on one day.
SELECT setseed(0.16);
CREATE TABLE sim_cust AS
SELECT c AS cust,
	(-ln(random()) - ln(random())) / 150 AS lambda,
	g2 / (g2 + g6) AS p,
	400 + floor(random() * 1100)::int AS age,
	(-ln(random()) - ln(random()) - ln(random()) - ln(random())) / 15 AS nu
FROM (SELECT c, -ln(random()) - ln(random()) AS g2,
		-ln(random()) - ln(random()) - ln(random()) - ln(random()) - ln(random()) - ln(random()) AS g6
	FROM generate_series(1, :customers) c) g;
CREATE TABLE sim_tx AS
WITH RECURSIVE t(cust, k, at, alive) AS (
	SELECT cust, 0, 0::float8, true FROM sim_cust
	UNION ALL
	SELECT t.cust, t.k + 1, t.at - ln(random()) / c.lambda, random() >= c.p
	FROM t JOIN sim_cust c USING (cust)
	WHERE t.alive AND t.at < c.age)
SELECT t.cust, timestamptz '2026-01-01 00:00+00' - c.age * interval '1 day' + t.at * interval '1 day' AS ts,
	(-ln(random()) - ln(random()) - ln(random()) - ln(random()) - ln(random()) - ln(random())) / c.nu AS value
FROM t JOIN sim_cust c USING (cust)
WHERE t.at < c.age;
