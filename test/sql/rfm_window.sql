-- RFM in composable form: rfm_agg builds a customer's rfm_summary (GROUP BY
-- the customer, whose key keeps its type), rollup merges summaries, and the
-- window function rfm_score scores R, F and M over the window partition.
-- Checked by hand on small examples, and on the sample data against the
-- query-text rfm, an independent plain-SQL ntile formulation, forced
-- parallel plans and daily summaries rolled up.
CREATE SCHEMA rw;
SET search_path = rw, public;
SET TIME ZONE 'UTC';

-- the worked example of segments.sql with bigint customers 1 .. 5 (a .. e),
-- as of 2025-04-01 (e's April purchase is after it, filtered out):
-- R c1 e2 b3 d4 a5, F a1 e2 c3 b4 d5, M e1 a2 b3 d4 c5; recency a 1, b 31,
-- c 90, d 2, e 59 days; segments a New Customers, b Loyal Customers, c At
-- Risk, d Loyal Customers, e Hibernating
CREATE TABLE buys (customer bigint, ts timestamptz, amount numeric);
INSERT INTO buys VALUES
	(1, '2025-03-31 00:00+00', 10),
	(2, '2025-02-01 00:00+00', 10), (2, '2025-02-15 00:00+00', 10), (2, '2025-03-01 00:00+00', 10),
	(3, '2024-12-01 00:00+00', 40), (3, '2025-01-01 00:00+00', 60),
	(4, '2025-03-10 00:00+00', 10), (4, '2025-03-12 00:00+00', 10), (4, '2025-03-14 00:00+00', 10),
	(4, '2025-03-20 00:00+00', 10), (4, '2025-03-30 00:00+00', 10),
	(5, '2025-02-01 00:00+00', 5), (5, '2025-04-15 00:00+00', 500),
	(1, NULL, 1000);
CREATE TABLE sums AS
SELECT customer, rfm_agg(ts, amount) AS s FROM buys WHERE ts <= '2025-04-01 00:00+00' OR ts IS NULL GROUP BY customer;
SELECT customer, rfm_frequency(s), rfm_monetary(s), rfm_first_order(s), rfm_last_order(s),
       rfm_recency_days(s, '2025-04-01 00:00+00') FROM sums ORDER BY customer;
SELECT customer, (sc).* FROM (SELECT customer, rfm_score(s, '2025-04-01 00:00+00') OVER (ORDER BY customer) AS sc FROM sums) x
ORDER BY customer;
-- rfm11: a R5 FM2 Potential Loyalist, b R3 FM4 Loyal, c R1 FM4 At Risk, d R4 FM5 Loyal, e R2 FM2 Hibernating
SELECT customer, (sc).r, (sc).f, (sc).m, (sc).segment
FROM (SELECT customer, rfm_score(s, '2025-04-01 00:00+00', 'RFM11') OVER (ORDER BY customer) AS sc FROM sums) x ORDER BY customer;
-- the key comes back in its own type
SELECT DISTINCT pg_typeof(customer) FROM (SELECT customer, rfm_score(s, now()) OVER (ORDER BY customer) FROM sums) x;

-- ties go by the window's order: customers 2, 10 and 100, one equal
-- purchase each, so every score is the row's position (fewer than 5 rows):
-- by number 2, 10, 100 get 1, 2, 3; rfm's text order '10' < '100' < '2'
-- gives 10, 100, 2 the scores 1, 2, 3
CREATE TABLE tie (customer bigint, ts timestamptz, amount float8);
INSERT INTO tie VALUES (100, '2025-03-01', 5), (2, '2025-03-01', 5), (10, '2025-03-01', 5);
SELECT customer, (sc).r, (sc).f, (sc).m FROM
	(SELECT customer, rfm_score(rfm_agg(ts, amount), '2025-04-01') OVER (ORDER BY customer) AS sc FROM tie GROUP BY customer) x
ORDER BY customer;
SELECT customer, r, f, m FROM rfm('SELECT customer, ts, amount FROM rw.tie', '2025-04-01') ORDER BY customer COLLATE "C";
-- OVER (ORDER BY customer DESC) reverses the tie order
SELECT customer, (sc).r FROM
	(SELECT customer, rfm_score(rfm_agg(ts, amount), '2025-04-01') OVER (ORDER BY customer DESC) AS sc FROM tie GROUP BY customer) x
ORDER BY customer;

-- rfm_agg: a NULL ts is ignored, a NULL amount is an order of 0; no rows
-- (or only NULL ts) give an empty summary: 0 orders, monetary 0, NULL times
-- and recency, and a NULL score that is not ranked
SELECT rfm_frequency(s), rfm_monetary(s), rfm_recency_days(s, '2025-01-02')
FROM (SELECT rfm_agg(ts, a) AS s FROM (VALUES ('2025-01-01'::timestamptz, NULL::float8), (NULL, 7), ('2024-12-31', 2.5)) v(ts, a)) x;
SELECT rfm_frequency(s), rfm_monetary(s), rfm_first_order(s) IS NULL AS no_first, rfm_recency_days(s, now()) IS NULL AS no_recency
FROM (SELECT rfm_agg(NULL::timestamptz, 1::numeric) AS s) x;   -- only an ignored row: an empty summary
SELECT rfm_frequency(rfm_agg(NULL::timestamptz, 1::float8));
SELECT k, (rfm_score(s, '2025-01-10') OVER (ORDER BY k)).r
FROM (VALUES (1, (SELECT rfm_agg(ts, 1::float8) FROM buys WHERE false)), (2, NULL),
             (3, (SELECT rfm_agg('2025-01-01'::timestamptz, 1::float8))),
             (4, (SELECT rfm_agg('2025-01-05'::timestamptz, 1::float8)))) v(k, s)
ORDER BY k;
-- numeric totals are exact: 0.1 + 0.2 = 0.3 (in float8: 0.30000000000000004)
SELECT rfm_monetary(rfm_agg(ts, a)) AS exact, rfm_monetary(rfm_agg(ts, a::float8)) AS float8
FROM (VALUES ('2025-01-01'::timestamptz, 0.1), ('2025-01-02', 0.2)) v(ts, a);
-- numeric amounts of any scale; the total is normalised: 12.50 + 0.500
-- is stored as 13, like 13 + 0 (and 12.5 + 0.55 as 13.05)
SELECT rfm_agg(ts, a)::text = (SELECT rfm_agg(ts, a)::text FROM (VALUES ('2025-01-01'::timestamptz, 13::numeric), ('2025-01-02', 0)) w(ts, a)) AS same_as_13,
       encode(decode(rfm_agg(ts, a)::text, 'base64'), 'hex') LIKE '%001a' AS units_13_scale_0
FROM (VALUES ('2025-01-01'::timestamptz, 12.50), ('2025-01-02', 0.500)) v(ts, a);
SELECT rfm_monetary(rfm_agg(ts, a)) FROM (VALUES ('2025-01-01'::timestamptz, 12.5), ('2025-01-02', 0.55)) v(ts, a);
SELECT rfm_monetary(rfm_agg(ts, a)) FROM (VALUES ('2025-01-01'::timestamptz, -0.000000000000000001), ('2025-01-01', 1)) v(ts, a);
-- recency is negative for an order after as_of
SELECT rfm_recency_days(rfm_agg('2025-01-02 12:00'::timestamptz, 1::float8), '2025-01-01');

-- the sample data
\set ECHO none
\set users 3000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = rw, journey_sample, public;
CREATE TABLE summaries AS
SELECT user_id, rfm_agg(ts, revenue) AS s FROM events
WHERE event = 'purchase' AND ts <= '2025-04-01 00:00+00' GROUP BY user_id;
-- scores by the window (ORDER BY the bigint key)
CREATE TABLE by_window AS
SELECT user_id, (sc).* FROM (SELECT user_id, rfm_score(s, '2025-04-01 00:00+00') OVER (ORDER BY user_id) AS sc FROM summaries) x;
-- an independent plain-SQL formulation, ties by user_id (bigint order)
CREATE TABLE by_sql AS
WITH c AS (
	SELECT user_id,
	       extract(epoch FROM '2025-04-01 00:00+00'::timestamptz - max(ts))::float8 / 86400 AS recency_days,
	       count(*) AS frequency, coalesce(sum(revenue), 0)::float8 AS monetary
	FROM events WHERE event = 'purchase' AND ts <= '2025-04-01 00:00+00' GROUP BY 1)
SELECT user_id, recency_days, frequency, monetary,
       ntile(5) OVER (ORDER BY recency_days DESC, user_id) AS r,
       ntile(5) OVER (ORDER BY frequency, user_id) AS f,
       ntile(5) OVER (ORDER BY monetary, user_id) AS m
FROM c;
SELECT (SELECT count(*) FROM by_window) AS customers,
       (SELECT count(*) FROM (SELECT user_id, recency_days, frequency, monetary, r, f, m FROM by_window EXCEPT SELECT * FROM by_sql) d) AS window_not_sql,
       (SELECT count(*) FROM (SELECT * FROM by_sql EXCEPT SELECT user_id, recency_days, frequency, monetary, r, f, m FROM by_window) d) AS sql_not_window,
       (SELECT count(*) FROM by_window WHERE segment IS DISTINCT FROM rfm_segment(r, f, m)) AS segment_differences;
-- the window over the key as text in the C collation gives the query-text
-- rfm's rows exactly (both ways), for both presets
CREATE TABLE by_text AS
SELECT * FROM rfm($$SELECT user_id, ts, revenue FROM journey_sample.events WHERE event = 'purchase'$$, '2025-04-01 00:00+00');
CREATE TABLE by_text_window AS
SELECT user_id::text AS customer, (sc).*
FROM (SELECT user_id, rfm_score(s, '2025-04-01 00:00+00') OVER (ORDER BY user_id::text COLLATE "C") AS sc FROM summaries) x;
SELECT (SELECT count(*) FROM (SELECT * FROM by_text EXCEPT SELECT * FROM by_text_window) d) AS text_not_window,
       (SELECT count(*) FROM (SELECT * FROM by_text_window EXCEPT SELECT * FROM by_text) d) AS window_not_text;
SELECT count(*) AS rfm11_differences FROM (
	(SELECT * FROM rfm($$SELECT user_id, ts, revenue FROM journey_sample.events WHERE event = 'purchase'$$, '2025-04-01 00:00+00', 'rfm11')
	 EXCEPT
	 SELECT user_id::text, (sc).* FROM (SELECT user_id, rfm_score(s, '2025-04-01 00:00+00', 'rfm11') OVER (ORDER BY user_id::text COLLATE "C") AS sc FROM summaries) x)
	UNION ALL
	(SELECT user_id::text, (sc).* FROM (SELECT user_id, rfm_score(s, '2025-04-01 00:00+00', 'rfm11') OVER (ORDER BY user_id::text COLLATE "C") AS sc FROM summaries) x
	 EXCEPT
	 SELECT * FROM rfm($$SELECT user_id, ts, revenue FROM journey_sample.events WHERE event = 'purchase'$$, '2025-04-01 00:00+00', 'rfm11'))) d;
-- text and bigint orders differ on this data, so the two rankings differ
SELECT count(*) > 0 AS text_order_differs FROM by_window w JOIN by_text t ON t.customer = w.user_id::text
WHERE (w.r, w.f, w.m) <> (t.r, t.f, t.m);
-- the query text may end in ';' or a comment
SELECT count(*) = (SELECT count(*) FROM by_text) AS semicolon_ok
FROM rfm($$SELECT user_id, ts, revenue FROM journey_sample.events WHERE event = 'purchase';$$, '2025-04-01 00:00+00');
SELECT count(*) = (SELECT count(*) FROM by_text) AS comment_ok
FROM rfm($$SELECT user_id, ts, revenue FROM journey_sample.events WHERE event = 'purchase' -- buyers$$, '2025-04-01 00:00+00');

-- segmentation by a profile column: a customers table (plan and country
-- derived from the id), PARTITION BY plan scores within each plan, equal
-- to the query-text rfm run per plan
CREATE TABLE customers AS
SELECT DISTINCT user_id, (ARRAY['free', 'pro', 'team'])[1 + user_id % 3] AS plan,
       (ARRAY['DE', 'FR', 'JP', 'US'])[1 + (user_id / 3) % 4] AS country
FROM events;
CREATE TABLE per_plan AS
SELECT c.plan, s.user_id, rfm_score(s.s, '2025-04-01 00:00+00') OVER (PARTITION BY c.plan ORDER BY s.user_id::text COLLATE "C") AS sc
FROM summaries s JOIN customers c USING (user_id);
SELECT count(*) AS differences FROM (
	(SELECT plan, user_id::text, (sc).* FROM per_plan
	 EXCEPT
	 SELECT p.plan, r.* FROM (VALUES ('free'), ('pro'), ('team')) p(plan),
	        LATERAL rfm(format($$SELECT e.user_id, e.ts, e.revenue FROM journey_sample.events e JOIN rw.customers c USING (user_id) WHERE e.event = 'purchase' AND c.plan = %L$$, p.plan),
	                    '2025-04-01 00:00+00') r)
	UNION ALL
	(SELECT p.plan, r.* FROM (VALUES ('free'), ('pro'), ('team')) p(plan),
	        LATERAL rfm(format($$SELECT e.user_id, e.ts, e.revenue FROM journey_sample.events e JOIN rw.customers c USING (user_id) WHERE e.event = 'purchase' AND c.plan = %L$$, p.plan),
	                    '2025-04-01 00:00+00') r
	 EXCEPT
	 SELECT plan, user_id::text, (sc).* FROM per_plan)) d;
-- the scores are per plan: each plan has its own five fifths
SELECT plan, count(*) AS customers, count(*) FILTER (WHERE (sc).r = 5) AS r5, min((sc).r) AS min_r, max((sc).f) AS max_f
FROM per_plan GROUP BY plan ORDER BY plan;
-- the docs' example: segments per country
SELECT c.country, (x.sc).segment, count(*) AS customers
FROM (SELECT user_id, rfm_score(s, '2025-04-01 00:00+00') OVER (ORDER BY user_id) AS sc FROM summaries) x
JOIN customers c USING (user_id)
WHERE (x.sc).segment IN ('Champions', 'Hibernating')
GROUP BY 1, 2 ORDER BY 1, 2;

-- the examples of docs/segmentation.md: the two steps in one query, equal
-- to the stored summaries scored; PARTITION BY plan ORDER BY the bigint
-- key, equal to plain-SQL ntile per plan
SELECT count(*) AS docs_example_differences FROM (
	SELECT user_id, (sc).*
	FROM (SELECT user_id, rfm_score(rfm_agg(ts, revenue), '2025-04-01') OVER (ORDER BY user_id) AS sc
	      FROM events WHERE event = 'purchase' AND ts <= '2025-04-01'
	      GROUP BY user_id) x
	EXCEPT SELECT * FROM by_window) d;
CREATE TABLE per_plan_docs AS
SELECT c.plan, s.user_id, rfm_score(s.s, '2025-04-01') OVER (PARTITION BY c.plan ORDER BY s.user_id) AS sc
FROM (SELECT user_id, rfm_agg(ts, revenue) AS s FROM events
      WHERE event = 'purchase' AND ts <= '2025-04-01' GROUP BY user_id) s
JOIN customers c USING (user_id);
SELECT (SELECT count(*) FROM per_plan_docs) AS customers, count(*) AS differences FROM (
	SELECT plan, user_id, (sc).recency_days, (sc).frequency, (sc).monetary, (sc).r, (sc).f, (sc).m FROM per_plan_docs
	EXCEPT
	SELECT plan, user_id, recency_days, frequency, monetary,
	       ntile(5) OVER (PARTITION BY plan ORDER BY recency_days DESC, user_id),
	       ntile(5) OVER (PARTITION BY plan ORDER BY frequency, user_id),
	       ntile(5) OVER (PARTITION BY plan ORDER BY monetary, user_id)
	FROM by_sql JOIN customers USING (user_id)) d;

-- daily summaries rolled up equal one pass over the period
CREATE TABLE daily AS
SELECT user_id, ts::date AS day, rfm_agg(ts, revenue) AS s FROM events WHERE event = 'purchase' GROUP BY 1, 2;
CREATE TABLE one_pass AS SELECT user_id, rfm_agg(ts, revenue) AS s FROM events WHERE event = 'purchase' GROUP BY 1;
SELECT (SELECT count(*) FROM daily) > (SELECT count(*) FROM one_pass) AS more_days_than_customers,
       (SELECT count(*) FROM (SELECT user_id, s::text FROM one_pass
                              EXCEPT SELECT user_id, rollup(s)::text FROM daily GROUP BY 1) d) AS one_pass_not_rollup,
       (SELECT count(*) FROM (SELECT user_id, rollup(s)::text FROM daily GROUP BY 1
                              EXCEPT SELECT user_id, s::text FROM one_pass) d) AS rollup_not_one_pass;
-- a month's summary per customer from the stored days, scored
SELECT count(*) AS march_customers, count(*) FILTER (WHERE (sc).segment IS NULL) AS unnamed,
       count(*) FILTER (WHERE (sc).frequency <> n) AS wrong_frequency
FROM (SELECT user_id, rfm_score(rollup(s), '2025-04-01') OVER (ORDER BY user_id) AS sc
      FROM daily WHERE day >= '2025-03-01' AND day < '2025-04-01'
      GROUP BY user_id) x
JOIN (SELECT user_id, count(*) AS n FROM events WHERE event = 'purchase' AND ts >= '2025-03-01' AND ts < '2025-04-01' GROUP BY 1) e USING (user_id);
-- rollup of the whole table equals rfm_agg of the whole table; NULLs are skipped; no rows: NULL
SELECT (SELECT rollup(s)::text FROM daily) = (SELECT rfm_agg(ts, revenue)::text FROM events WHERE event = 'purchase') AS whole_table,
       (SELECT rollup(s)::text FROM (SELECT s FROM one_pass UNION ALL SELECT NULL) x) = (SELECT rollup(s)::text FROM one_pass) AS nulls_skipped,
       (SELECT rollup(s) FROM one_pass WHERE false) IS NULL AS empty_is_null;

-- forced parallel plans equal serial ones
CREATE TABLE serial_user AS SELECT user_id, rfm_agg(ts, revenue)::text AS s, rfm_agg(ts, revenue::float8) AS f FROM events GROUP BY user_id;
CREATE TABLE serial_all AS SELECT rfm_agg(ts, revenue)::text AS s, rollup(s)::text AS r FROM (SELECT ts, revenue, NULL::rfm_summary AS s FROM events) e;
\i test/data/force_parallel.sql
SELECT plan_has($$SELECT rfm_agg(ts, revenue) FROM journey_sample.events$$, 'Partial Aggregate') AS whole_table_partial,
       plan_has($$SELECT user_id, rfm_agg(ts, revenue) FROM journey_sample.events GROUP BY user_id$$, 'Partial GroupAggregate') AS grouped_partial,
       plan_has($$SELECT rollup(s) FROM rw.daily$$, 'Partial Aggregate') AS rollup_partial;
SELECT (SELECT rfm_agg(ts, revenue)::text FROM events) = (SELECT s FROM serial_all) AS whole_table_equal,
       (SELECT rollup(s)::text FROM daily) = (SELECT rfm_agg(ts, revenue)::text FROM events WHERE event = 'purchase') AS rollup_equal,
       (SELECT count(*) FROM (SELECT user_id, rfm_agg(ts, revenue)::text FROM events GROUP BY user_id
                              EXCEPT SELECT user_id, s FROM serial_user) d) AS grouped_differences;
-- float8 totals may differ in the last bits with the order of addition
SELECT count(*) AS float8_differences FROM (SELECT user_id, rfm_agg(ts, revenue::float8) AS f FROM events GROUP BY user_id) p
JOIN serial_user s USING (user_id)
WHERE rfm_frequency(p.f) <> rfm_frequency(s.f) OR rfm_last_order(p.f) <> rfm_last_order(s.f)
   OR rfm_first_order(p.f) <> rfm_first_order(s.f) OR abs(rfm_monetary(p.f) - rfm_monetary(s.f)) > 1e-9 * abs(rfm_monetary(s.f));
\i test/data/reset_parallel.sql

-- round trips: text and binary
SELECT count(*) AS text_round_trip_differences FROM daily WHERE s::text::rfm_summary::text <> s::text;
SELECT count(*) AS float8_round_trip_differences FROM serial_user WHERE f::text::rfm_summary::text <> f::text;
CREATE TABLE io (s rfm_summary);
INSERT INTO io SELECT s FROM daily UNION ALL SELECT f FROM serial_user UNION ALL SELECT rfm_agg(ts, 1::numeric) FROM events WHERE false;
\copy io TO 'results/rfm_summary.bin' WITH (FORMAT binary)
CREATE TABLE io_back (s rfm_summary);
\copy io_back FROM 'results/rfm_summary.bin' WITH (FORMAT binary)
SELECT (SELECT count(*) FROM io_back) = (SELECT count(*) FROM io) AS same_count,
       (SELECT count(*) FROM (SELECT s::text FROM io EXCEPT ALL SELECT s::text FROM io_back) d) AS binary_differences;
-- the text form is base64 of the bytes (docs/format.md): an empty float8 summary,
-- and one numeric order of 12.5 at 2000-01-01 (first 0, span 0, scale 1, units 125)
SELECT rfm_agg(NULL::timestamptz, 1::float8)::text AS empty_float8;
SELECT encode(decode(rfm_agg('2000-01-01 00:00+00'::timestamptz, 12.50)::text, 'base64'), 'hex') AS numeric_bytes;
SELECT rfm_monetary(encode(decode('4a53040101010000017d', 'hex'), 'base64')::rfm_summary) AS hand_made;

-- damaged input
SELECT 'not base64!'::rfm_summary;
SELECT encode(decode('4a5301010000', 'hex'), 'base64')::rfm_summary;
SELECT encode(decode('4a53040100', 'hex'), 'base64')::rfm_summary;
SELECT encode(decode('4a53040100000a', 'hex'), 'base64')::rfm_summary;
SELECT encode(decode('4a5304010700', 'hex'), 'base64')::rfm_summary;
SELECT encode(decode('4a530401000100', 'hex'), 'base64')::rfm_summary;
SELECT encode(decode('4a530401010100000114', 'hex'), 'base64')::rfm_summary;
SELECT encode(decode('4a53040100' || '01' || 'fcffffffffffffffff01' || '00' || '0000000000000000', 'hex'), 'base64')::rfm_summary;
SELECT encode(decode('4a53040200', 'hex'), 'base64')::rfm_summary;
CREATE TABLE raw (b bytea);
INSERT INTO raw VALUES (decode('4a530401010100001301', 'hex'));
\copy raw TO 'results/rfm_summary_bad.bin' WITH (FORMAT binary)
\copy io_back FROM 'results/rfm_summary_bad.bin' WITH (FORMAT binary)

-- errors
SELECT rfm_score(s, NULL) OVER () FROM sums;
SELECT rfm_score(s, now(), NULL) OVER () FROM sums;
SELECT rfm_score(s, now(), 'abc') OVER () FROM sums;
SELECT rfm_score(s, '2025-04-01'::timestamptz + customer * interval '1 day') OVER (ORDER BY customer) FROM sums;
SELECT rfm_score(s, now(), CASE WHEN customer < 3 THEN 'rf_grid' ELSE 'rfm11' END) OVER (ORDER BY customer) FROM sums;
SELECT rollup(s) FROM (SELECT rfm_agg(now(), 1::numeric) UNION ALL SELECT rfm_agg(now(), 1::float8)) x(s);
SELECT rfm_agg(now(), 'NaN'::numeric);
SELECT rfm_agg(now(), 'Infinity'::numeric);
SELECT rfm_agg(now(), 10000000000000000000::numeric);
SELECT rfm_agg(now(), 0.0000000000000000001);
SELECT rfm_agg(ts, a) FROM (VALUES (now(), 9000000000000000000::numeric), (now(), 9000000000000000000)) v(ts, a);
-- 18 significant digits: 123456789 + 0.000000000000000001 does not fit
SELECT rfm_agg(ts, a) FROM (VALUES (now(), 123456789::numeric), (now(), 0.000000000000000001)) v(ts, a);
SELECT rfm_recency_days(rfm_agg(now(), 1::float8), 'infinity');
SELECT rfm_score(rfm_agg('-infinity'::timestamptz, 1::float8), now()) OVER ();
SELECT * FROM rfm('SELECT customer, ts, amount::text FROM rw.buys', now());
SELECT * FROM rfm('SELECT customer, amount, ts FROM rw.buys', now());
SELECT * FROM rfm('SELECT customer, ts FROM rw.buys', now());
SELECT * FROM rfm('SELECT customer, ts, amount FROM rw.buys; SELECT 1', now());
SELECT * FROM rfm('SELECT customer, ts, amount FROM rw.buys', now(), 'abc');

-- search_path: functions named rfm_agg planted in public and in a schema
-- first on the path are never called by rfm
-- (an exact match for an integer amount, which an unqualified and uncast
-- call would pick)
CREATE FUNCTION public.rfm_agg(timestamptz, integer) RETURNS public.rfm_summary LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'planted public.rfm_agg called'; END$$;
CREATE SCHEMA rw_evil;
CREATE FUNCTION rw_evil.rfm_agg_step(s int, t timestamptz, a numeric) RETURNS int LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'planted rw_evil.rfm_agg called'; END$$;
CREATE AGGREGATE rw_evil.rfm_agg(timestamptz, numeric) (sfunc = rw_evil.rfm_agg_step, stype = int);
CREATE TABLE ibuys AS SELECT customer, ts, amount::int AS amount FROM buys;
SET search_path = rw_evil, rw, public;
SELECT count(*) AS differences FROM (
	SELECT * FROM rfm('SELECT customer, ts, amount FROM rw.buys', '2025-04-01 00:00+00')
	EXCEPT SELECT customer::text, (sc).* FROM (SELECT customer, rfm_score(s, '2025-04-01 00:00+00') OVER (ORDER BY customer::text COLLATE "C") AS sc FROM rw.sums) x) d;
SELECT customer, r, f, m, monetary FROM rfm('SELECT customer, ts, amount FROM rw.ibuys', '2025-04-01 00:00+00') ORDER BY 1;

RESET search_path;
RESET TIME ZONE;
SET client_min_messages = warning;
DROP SCHEMA rw_evil CASCADE;
DROP FUNCTION public.rfm_agg(timestamptz, integer);
DROP SCHEMA rw CASCADE;
DROP SCHEMA journey_sample CASCADE;
