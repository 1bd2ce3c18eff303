-- Segmentation: RFM scores and segments against the plain-SQL ntile
-- formulation (every customer of the sample data), the preset grids, and
-- the behavioural segments of a journey (worked by hand on small
-- journeys, and against plain SQL on the sample data).
CREATE SCHEMA seg;
SET search_path = seg, public;

-- RFM on a small example, by hand.  Five customers, as of 2025-04-01:
--   a: 1 purchase of 10 on 03-31 (recency 1 day)
--   b: 3 purchases, 30 in all, last on 03-01 (31 days)
--   c: 2 purchases, 100 in all, last on 01-01 (90 days)
--   d: 5 purchases, 50, last on 03-30 (2 days)
--   e: 1 purchase of 5 on 02-01 (59 days); one more in April (ignored)
-- With 5 customers each ntile bucket holds one: R by recency descending
-- (c 1, e 2, b 3, d 4, a 5), F by frequency ascending, ties by customer
-- (a 1, e 2, c 3, b 4, d 5), M (e 1, a 2, b 3, d 4, c 5).
CREATE TABLE buys (customer text, ts timestamptz, amount numeric);
INSERT INTO buys VALUES
	('a', '2025-03-31 00:00+00', 10),
	('b', '2025-02-01 00:00+00', 10), ('b', '2025-02-15 00:00+00', 10), ('b', '2025-03-01 00:00+00', 10),
	('c', '2024-12-01 00:00+00', 40), ('c', '2025-01-01 00:00+00', 60),
	('d', '2025-03-10 00:00+00', 10), ('d', '2025-03-12 00:00+00', 10), ('d', '2025-03-14 00:00+00', 10),
	('d', '2025-03-20 00:00+00', 10), ('d', '2025-03-30 00:00+00', 10),
	('e', '2025-02-01 00:00+00', 5), ('e', '2025-04-15 00:00+00', 500),
	(NULL, '2025-03-01 00:00+00', 1000);
SELECT * FROM rfm('SELECT customer, ts, amount FROM seg.buys', '2025-04-01 00:00+00');
-- segments: a R5 F1 New Customers; b R3 F4 Loyal Customers; c R1 F3 At
-- Risk; d R4 F5 Loyal Customers; e R2 F2 Hibernating.  rfm11 uses FM =
-- (F + M + 1) / 2: a (1+2+1)/2 = 2 -> R5 FM2 Potential Loyalist; b (4+3+1)/2
-- = 4 -> R3 FM4 Loyal; c (3+5+1)/2 = 4 -> R1 FM4 At Risk; d (5+4+1)/2 = 5
-- -> R4 FM5 Loyal; e (2+1+1)/2 = 2 -> R2 FM2 Hibernating
SELECT customer, r, f, m, segment FROM rfm('SELECT customer, ts, amount FROM seg.buys', '2025-04-01 00:00+00', 'rfm11');
-- an earlier as_of sees fewer purchases; NULL query or as_of: no rows
SELECT customer, recency_days, frequency, monetary FROM rfm('SELECT customer, ts, amount FROM seg.buys', '2025-02-01 00:00+00');
SELECT count(*) FROM rfm(NULL, now());
SELECT count(*) FROM rfm('SELECT customer, ts, amount FROM seg.buys WHERE false', now());
SELECT count(*) FROM rfm('SELECT customer, ts, amount FROM seg.buys', NULL);
-- customer ids of any type (shown as text), timestamps as dates
SELECT customer, frequency FROM rfm('SELECT length(customer), ts::date, 1 FROM seg.buys WHERE customer IS NOT NULL', '2025-04-01 00:00+00');

-- the grids: rf_grid is an exact partition of the 25 cells
SELECT segment, count(*) AS cells, min(r) || '-' || max(r) AS r, min(x) || '-' || max(x) AS f
FROM rfm_grid() GROUP BY segment ORDER BY min(r), min(x);
SELECT x_axis, segment, count(*) AS cells FROM rfm_grid('rfm11') GROUP BY 1, 2 ORDER BY 3 DESC, 2;
SELECT count(*) AS mismatches FROM rfm_grid() g WHERE g.segment <> rfm_segment(g.r, g.x, NULL);
SELECT count(*) AS mismatches FROM rfm_grid('RFM11') g, generate_series(1, 5) m
WHERE rfm_segment(g.r, g.x, m, 'rfm11') <> (SELECT segment FROM rfm_grid('rfm11') h WHERE h.r = g.r AND h.x = (g.x + m + 1) / 2);
SELECT rfm_segment(5, 5, 5) AS champions, rfm_segment(1, 1, 1, 'rfm11') AS lost,
       rfm_segment(2, 1, 2, 'rfm11') AS hibernating, rfm_segment(1, NULL, 1) AS null_f,
       rfm_segment(1, 1, NULL, 'rfm11') AS null_m_fm, rfm_segment(1, 1, NULL) AS null_m_f;
-- errors
SELECT rfm_segment(0, 1, 1);
SELECT rfm_segment(1, 6, 1);
SELECT rfm_segment(1, 1, 9, 'rfm11');
SELECT rfm_segment(1, 1, 1, 'rfm12');
SELECT * FROM rfm_grid(NULL);
SELECT * FROM rfm('SELECT customer, ts FROM seg.buys', '2025-04-01 00:00+00');
SELECT * FROM rfm('SELECT customer, ts, amount FROM seg.buys', '2025-04-01 00:00+00', 'abc');

-- the sample data: every customer's scores equal ntile(5) in plain SQL
\set ECHO none
\set users 3000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = seg, journey_sample, public;
CREATE TABLE scores AS
SELECT * FROM rfm($$SELECT user_id, ts, revenue FROM journey_sample.events WHERE event = 'purchase'$$, '2025-04-01 00:00+00');
CREATE TABLE by_sql AS
WITH c AS (
	SELECT user_id::text AS customer,
	       extract(epoch FROM '2025-04-01 00:00+00'::timestamptz - max(ts))::float8 / 86400 AS recency_days,
	       count(*) AS frequency, coalesce(sum(revenue), 0)::float8 AS monetary
	FROM events WHERE event = 'purchase' AND ts <= '2025-04-01 00:00+00' GROUP BY 1)
SELECT customer, recency_days, frequency, monetary,
       ntile(5) OVER (ORDER BY recency_days DESC, customer COLLATE "C") AS r,
       ntile(5) OVER (ORDER BY frequency, customer COLLATE "C") AS f,
       ntile(5) OVER (ORDER BY monetary, customer COLLATE "C") AS m
FROM c;
SELECT (SELECT count(*) FROM scores) AS customers,
       (SELECT count(*) FROM (SELECT customer, recency_days, frequency, monetary, r, f, m FROM scores
                              EXCEPT SELECT * FROM by_sql) d) AS differences,
       (SELECT count(*) FROM scores WHERE segment <> rfm_segment(r, f, m)) AS segment_differences;
SELECT segment, count(*) AS customers, round(avg(monetary)::numeric, 2) AS avg_monetary
FROM scores GROUP BY 1 ORDER BY 2 DESC, 1;

-- behavioural segments of a journey
CREATE TABLE js (id int, j journey);
INSERT INTO js VALUES
	-- Mon 2025-01-06 and Tue 01-07 (one week), Mon 01-13 (the next): 4
	-- touches in 2 active weeks = 2 a week: medium
	(1, '[["2025-01-06T10:00:00Z", "visit"], ["2025-01-07T10:00:00Z", "product_view"],
	      ["2025-01-07T11:00:00Z", "add_to_cart"], ["2025-01-13T00:00:00Z", "purchase"]]'),
	-- Sunday 01-12 23:59 and Monday 01-13 00:00 are different weeks:
	-- 2 touches in 2 weeks = 1: low
	(2, '[["2025-01-12T23:59:59Z", "visit"], ["2025-01-13T00:00:00Z", "visit"]]'),
	-- 5 touches in one week: high
	(3, '[["2025-01-06T10:00:00Z", "visit"], ["2025-01-06T10:01:00Z", "product_view"],
	      ["2025-01-06T10:02:00Z", "product_view"], ["2025-01-08T10:00:00Z", "visit"],
	      ["2025-01-09T10:00:00Z", "product_view"]]'),
	(4, '[]');
SELECT id, journey_entry_label(j), journey_exit_label(j), e.* FROM js, journey_engagement(j) e ORDER BY id;
SELECT id, e.level FROM js, journey_engagement(j, 1, 2) e ORDER BY id;
SELECT id, furthest_stage(j, m), dropoff_stage(j, m)
FROM js, (VALUES ('{"stages": [{"name": "interest", "events": ["visit", "product_view"]},
                                {"name": "intent", "events": ["add_to_cart"]},
                                {"name": "purchase", "events": ["purchase"]}]}'::jsonb)) AS v(m)
ORDER BY id;
-- segments by path pattern: the first pattern that matches names it
SELECT id, journey_segment(j, '{visit,product_view,add_to_cart,purchase}',
                           '{(?4),(?3),(?2)(?t<=3600)(?2),(?1).*(?1)}',
                           '{buyer,carter,binge viewer,returner}', 'other') AS segment
FROM js ORDER BY id;
SELECT journey_segment(NULL, '{a}', '{(?1)}', '{x}') IS NULL AS null_journey,
       journey_segment(j, '{a}', '{(?1)}', '{x}') IS NULL AS no_otherwise
FROM js WHERE id = 1;
-- errors
SELECT journey_engagement(j, 5, 2) FROM js WHERE id = 1;
SELECT journey_segment(j, '{a}', '{(?1),(?1)}', '{x}') FROM js WHERE id = 1;
SELECT journey_segment(j, '{a}', '{(?2)}', '{x}') FROM js WHERE id = 1;
SELECT journey_segment(j, '{a}', '{(?1)}', NULL) FROM js WHERE id = 1;
SELECT journey_segment(j, '{a}', ARRAY[NULL], '{x}') FROM js WHERE id = 1;

-- on the sample data: engagement against plain SQL (weeks by date_trunc)
CREATE TABLE sj AS SELECT user_id, journey_agg(ts, event) AS j FROM events GROUP BY user_id;
SET TIME ZONE 'UTC';
SELECT count(*) AS differences FROM (
	SELECT user_id, e.touches, e.active_weeks FROM sj, journey_engagement(j) e
	EXCEPT
	SELECT user_id, count(*)::int, count(DISTINCT date_trunc('week', ts))::int FROM events GROUP BY user_id) d;
SELECT count(*) AS differences FROM sj s
JOIN (SELECT DISTINCT ON (user_id) user_id, event FROM events ORDER BY user_id, ts, event COLLATE "C") f USING (user_id)
WHERE journey_entry_label(s.j) <> f.event;
RESET TIME ZONE;
SELECT e.level, count(*) AS users FROM sj, journey_engagement(j) e GROUP BY 1 ORDER BY 1;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA seg CASCADE;
DROP SCHEMA journey_sample CASCADE;
