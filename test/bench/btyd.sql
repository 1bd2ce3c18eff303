-- floor
SELECT count(*) FROM (SELECT cust, count(*) FROM sim_tx GROUP BY cust) s;
-- summary
SELECT count(*) FROM (SELECT cust, customer_summary(ts, value, '2025-12-31') FROM sim_tx GROUP BY cust) s;
-- summary_sql
WITH days AS (SELECT cust, ts::date AS d, sum(value) AS v FROM sim_tx GROUP BY 1, 2),
c AS (SELECT cust, count(*) - 1 AS frequency, max(d) - min(d) AS recency,
	date '2025-12-31' - min(d) AS age, min(d) AS first FROM days GROUP BY 1)
SELECT count(*) FROM (SELECT c.cust, c.frequency, c.recency, c.age, avg(v) FILTER (WHERE d > first)
	FROM c JOIN days USING (cust) GROUP BY 1, 2, 3, 4) s;
-- bgnbd
SELECT bgnbd_fit(frequency, recency, age) FROM rfm;
-- bgnbd_weighted
SELECT bgnbd_fit(frequency, recency, age, n) FROM (SELECT frequency, recency, age, count(*) AS n FROM rfm GROUP BY 1, 2, 3) t;
-- gamma_gamma
SELECT gamma_gamma_fit(frequency, monetary) FROM rfm;
-- bgnbd_days
SELECT bgnbd_fit(frequency, recency, age) FROM rfm_days;
-- scores
SELECT count(*), sum(p.clv) FROM rfm r, models m,
	LATERAL customer_prediction(m.bg, m.gg, r.frequency, r.recency, r.age, r.monetary, 52, 0.0018) p;
