-- journey_agg, rollup(journey), and the funnel engines over stored
-- journeys.  The stored forms must give exactly what the raw-event forms
-- give: checked over every user of the sample data (independent formulation:
-- the aggregates of window_funnel.sql over the raw rows).
CREATE SCHEMA journey_agg;
SET search_path = journey_agg, public;
SET TIME ZONE 'UTC';

CREATE TABLE ev (u int, ts timestamptz, e text);
INSERT INTO ev VALUES
  (1, '2025-03-01 10:00+00', 'visit'), (1, '2025-03-01 10:05+00', 'view'), (1, '2025-03-02 09:00+00', 'buy'),
  (2, '2025-03-03 12:00+00', 'visit'), (2, NULL, 'view'), (2, '2025-03-03 12:30+00', NULL),
  (3, NULL, 'visit');
-- by hand: user 1 three touches; user 2 one (NULL ts or label rows skipped); user 3 none: NULL
SELECT u, journey_agg(ts, e) FROM ev GROUP BY u ORDER BY u;
-- no rows: NULL
SELECT journey_agg(ts, e) FROM ev WHERE false;
-- input order does not matter
SELECT (SELECT journey_agg(ts, e) FROM (SELECT * FROM ev ORDER BY ts) a)
     = (SELECT journey_agg(ts, e) FROM (SELECT * FROM ev ORDER BY ts DESC) b) AS order_free;
-- rollup merges journeys (daily -> all); NULL journeys are skipped
SELECT rollup(j) FROM (SELECT ts::date, journey_agg(ts, e) j FROM ev WHERE u = 1 GROUP BY 1
                       UNION ALL SELECT NULL, NULL) d;
SELECT rollup(j) = (SELECT journey_agg(ts, e) FROM ev WHERE u = 1) AS rollup_equals
FROM (SELECT ts::date, journey_agg(ts, e) j FROM ev WHERE u = 1 GROUP BY 1) d;
SELECT rollup(NULL::journey);

-- the sample data: 3000 users
\set ECHO none
\set users 3000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = journey_agg, journey_sample, public;
CREATE TABLE stored AS SELECT user_id, journey_agg(ts, event) AS j FROM events GROUP BY user_id;
SELECT count(*) AS users, sum(length(j)) = (SELECT count(*) FROM events) AS every_touch_kept FROM stored;

-- raw events vs stored journeys, every user, several modes
SELECT m AS mode, count(*) AS users,
       count(*) FILTER (WHERE raw.l <> window_funnel(s.j, '7 days', ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], m)) AS level_mismatches,
       count(*) FILTER (WHERE raw.t <> funnel_times(s.j, '7 days', ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], m)) AS times_mismatches
FROM (VALUES (''), ('strict_order'), ('strict_increase'), ('strict_once'), ('strict_deduplication')) modes(m),
     LATERAL (SELECT user_id,
                     window_funnel('7 days', m, ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS l,
                     funnel_times('7 days', m, ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS t
              FROM events GROUP BY user_id) raw
     JOIN stored s USING (user_id)
GROUP BY m ORDER BY m;
-- a funnel whose steps are not all labels of the data, and a repeated step
SELECT count(*) FILTER (WHERE raw.l <> window_funnel(s.j, '2 days', ARRAY['visit', 'nope', 'visit'])) AS mismatches
FROM (SELECT user_id, window_funnel('2 days', ts, event, ARRAY['visit', 'nope', 'visit']) AS l FROM events GROUP BY user_id) raw
JOIN stored s USING (user_id);
-- retention
SELECT count(*) FILTER (WHERE raw.r <> retention(s.j, ARRAY['visit', 'add_to_cart', 'purchase'])) AS retention_mismatches
FROM (SELECT user_id, retention(event = 'visit', event = 'add_to_cart', event = 'purchase') AS r FROM events GROUP BY user_id) raw
JOIN stored s USING (user_id);
-- journey_path and labels agree with array_agg / string_agg over the raw rows
SELECT count(*) FILTER (WHERE journey_labels(s.j) <> raw.a) AS labels_mismatches,
       count(*) FILTER (WHERE journey_path(s.j, false) <> raw.p) AS path_mismatches
FROM (SELECT user_id, array_agg(event ORDER BY ts, event::bytea) AS a,
             string_agg(event, ' > ' ORDER BY ts, event::bytea) AS p FROM events GROUP BY user_id) raw
JOIN stored s USING (user_id);

-- parallel journey_agg equals serial (forced partial aggregation)
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial AS SELECT user_id, journey_agg(ts, event) j FROM events GROUP BY user_id;
CREATE TABLE serial_all AS SELECT journey_agg(ts, event) j FROM events WHERE user_id < 300;
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT plan_has($$SELECT journey_agg(ts, event) FROM events$$, 'Partial Aggregate') AS whole_table_partial;
SELECT count(*) AS differences FROM (
  SELECT user_id, journey_agg(ts, event) j FROM events GROUP BY user_id
  EXCEPT SELECT * FROM serial) d;
SELECT (SELECT journey_agg(ts, event) FROM events WHERE user_id < 300) = (SELECT j FROM serial_all) AS whole_table_equal;
SELECT (SELECT rollup(j) FROM serial WHERE user_id < 300) = (SELECT j FROM serial_all) AS rollup_parallel_equal;
\set ECHO none
\i test/data/reset_parallel.sql
\set ECHO all

-- every plan shape gives the same journeys: the states of one aggregate
-- context share a label dictionary that lives in it, so it is rebuilt after
-- each group of a sorted aggregate, each batch of a spilling hash
-- aggregate, each window partition, and per grouping set
SET enable_hashagg = off;
SELECT plan_has($$SELECT user_id, journey_agg(ts, event) FROM events GROUP BY user_id$$, 'GroupAggregate') AS sorted_plan;
SELECT count(*) AS sorted_differences FROM (
  SELECT user_id, journey_agg(ts, event) j FROM events GROUP BY user_id
  EXCEPT SELECT * FROM serial) d;
RESET enable_hashagg;
SET work_mem = '64kB';
SELECT count(*) AS spilled_differences FROM (
  SELECT user_id, journey_agg(ts, event) j FROM events GROUP BY user_id
  EXCEPT SELECT * FROM serial) d;
RESET work_mem;
SELECT count(*) FILTER (WHERE g.user_id IS NOT NULL AND g.j <> s.j) AS set_differences,
       count(*) FILTER (WHERE g.user_id IS NULL AND g.j = (SELECT rollup(j) FROM serial)) AS total_equal
FROM (SELECT user_id, journey_agg(ts, event) j FROM events GROUP BY GROUPING SETS ((user_id), ())) g
LEFT JOIN serial s USING (user_id);
SELECT count(*) AS window_differences FROM (
  SELECT DISTINCT user_id, journey_agg(ts, event) OVER (PARTITION BY user_id) j FROM events WHERE user_id < 300
  EXCEPT SELECT * FROM serial) d;

-- errors of the stored forms
SELECT window_funnel(j, '0 days', ARRAY['visit']) FROM stored LIMIT 1;
SELECT window_funnel(j, '1 day', '{}') FROM stored LIMIT 1;
SELECT window_funnel(j, '1 day', ARRAY['visit', NULL]) FROM stored LIMIT 1;
SELECT window_funnel(j, '1 day', ARRAY['visit'], 'strict_ordr') FROM stored LIMIT 1;
SELECT retention(j, (SELECT array_agg('e' || i) FROM generate_series(1, 65) i)) FROM stored LIMIT 1;
-- NULL arguments: NULL
SELECT window_funnel(NULL::journey, '1 day', ARRAY['visit']), retention(NULL::journey, ARRAY['a']);

RESET TIME ZONE;
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA journey_agg CASCADE;
DROP SCHEMA journey_sample CASCADE;
