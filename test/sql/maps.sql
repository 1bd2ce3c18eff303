-- Journey maps: validation with JSON paths, journey_stage, journey_map_stages,
-- furthest_stage and stage_times over raw events and stored journeys.
-- Expected values worked by hand, and checked against window_funnel on the
-- sample data (a map without filters, gaps or exclusions is a funnel).
CREATE SCHEMA maps;
SET search_path = maps, public;
SET TIME ZONE 'UTC';

\i test/data/map_example.sql
SELECT * FROM map_stages((SELECT map FROM m));
SELECT * FROM map_stages((SELECT map::jsonb FROM m));

-- journey_stage: the first stage of an event, its filters on props
SELECT map_stage(map, 'visit', '{"channel": "email"}') AS email_visit,
       map_stage(map, 'visit', '{"channel": "social"}') AS social_visit,
       map_stage(map, 'visit', '{}') AS no_channel,
       map_stage(map, 'visit', NULL) AS null_props,
       map_stage(map, 'compare', NULL) AS unfiltered,
       map_stage(map, 'refund', '{}') AS excluded,
       map_stage(map, 'nothing', '{}') AS unknown,
       map_stage(map, NULL, '{}') AS null_event
FROM m;
-- an event of two stages goes to the first; numbers and booleans compare by their JSON text
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"], "where": {"n": ["1", "true"]}}, {"name": "b", "events": ["x"]}]}', 'x', p)
FROM (VALUES ('{"n": 1}'::jsonb), ('{"n": true}'), ('{"n": 2}'), ('{"n": "1"}'), ('{"n": [1]}')) v(p);
SELECT map_stage('{"stages": [{"name": "s", "events": ["x"]}]}'::jsonb, 'x');

-- furthest_stage and stage_times over raw events (ev of map_example.sql)
-- 1: 3:decision {03-01 10:00, 03-02, 03-03}; 2: 2:consideration (the attempt before the refund);
-- 3: 1:awareness; 4, 5: NULL
SELECT u, furthest_stage(map, ts, e, props), stage_times(map, ts, e, props)
FROM ev, m GROUP BY u ORDER BY u;
-- the funnel in stage order
SELECT s, count(*) FROM (SELECT u, furthest_stage(map, ts, e, props) s FROM ev, m GROUP BY u) x GROUP BY 1 ORDER BY 1;
-- no rows: NULL
SELECT furthest_stage(map, ts, e, props), stage_times(map, ts, e, props) FROM ev, m WHERE false;
-- a mode: strict_order stops at the first row of no stage after awareness (user 1's "other")
SELECT furthest_stage('{"mode": "strict_order", "stages": [{"name": "a", "events": ["visit"]}, {"name": "b", "events": ["view"]}]}', ts, e)
FROM (VALUES (1::int, timestamptz '2025-01-01 00:00+00', 'visit'), (1, '2025-01-01 00:01+00', 'other'), (1, '2025-01-01 00:02+00', 'view')) v(u, ts, e);
-- the same map as jsonb
SELECT u, furthest_stage(map::jsonb, ts, e, props) FROM ev, m GROUP BY u ORDER BY u;

-- stored journeys: a map without property filters gives what the raw events give
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = maps, journey_sample, public;
CREATE TABLE fm (map text);
INSERT INTO fm VALUES ('{"window": "7 days", "stages": [{"name": "visit", "events": ["visit"]},
  {"name": "view", "events": ["product_view"]}, {"name": "cart", "events": ["add_to_cart"]}, {"name": "buy", "events": ["purchase"]}]}');
CREATE TABLE raw AS
SELECT user_id, furthest_stage(map, ts, event) AS s, stage_times(map, ts, event) AS t,
       window_funnel('7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level,
       funnel_times('7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS ft,
       journey_agg(ts, event) AS j
FROM events, fm GROUP BY user_id;
-- a plain map is a funnel: the stage position is the level, the times agree
SELECT count(*) AS users, count(*) FILTER (WHERE coalesce(s::int, 0) <> level) AS level_mismatches,
       count(*) FILTER (WHERE t <> ft) AS times_mismatches FROM raw;
-- over stored journeys: the same
SELECT count(*) FILTER (WHERE furthest_stage(j, map) IS DISTINCT FROM s) AS stage_mismatches,
       count(*) FILTER (WHERE stage_times(j, map) <> t) AS times_mismatches FROM raw, fm;
-- the deprecated 0.1.0 argument order (map, journey) gives the same, text and jsonb maps alike;
-- dropoff_stage is the stage after the furthest one (stage 1 when none was reached)
SELECT count(*) FILTER (WHERE furthest_stage(map, j) IS DISTINCT FROM furthest_stage(j, map)
                           OR furthest_stage(map::jsonb, j) IS DISTINCT FROM furthest_stage(j, map::jsonb)) AS order_mismatches,
       count(*) FILTER (WHERE stage_times(map, j) <> stage_times(j, map)
                           OR stage_times(map::jsonb, j) <> stage_times(j, map::jsonb)) AS times_order_mismatches,
       count(*) FILTER (WHERE dropoff_stage(map, j) IS DISTINCT FROM dropoff_stage(j, map)
                           OR dropoff_stage(map::jsonb, j) IS DISTINCT FROM dropoff_stage(j, map::jsonb)) AS dropoff_order_mismatches,
       count(*) FILTER (WHERE dropoff_stage(j, map)::int IS DISTINCT FROM
                              CASE WHEN level = 4 THEN NULL ELSE level + 1 END) AS dropoff_mismatches
FROM raw, fm;
-- timestamp (without time zone) arguments read as timestamptz in the session's time zone
SELECT (SELECT journey_agg(ts::timestamp, event) FROM events WHERE user_id = 7)
     = (SELECT journey_agg(ts, event) FROM events WHERE user_id = 7) AS journey_agg_timestamp,
       (SELECT furthest_stage(map, ts::timestamp, event) FROM events, fm WHERE user_id = 7)
     = (SELECT s FROM raw WHERE user_id = 7) AS furthest_stage_timestamp;
-- gaps and exclusions over stored journeys agree with raw events too
CREATE TABLE gm (map text);
INSERT INTO gm VALUES ('{"window": "7 days", "exclude": ["purchase"], "stages": [{"name": "visit", "events": ["visit"]},
  {"name": "view", "events": ["product_view"], "within": "3 minutes"}, {"name": "cart", "events": ["add_to_cart"]}]}');
SELECT count(*) FILTER (WHERE furthest_stage(r.j, map) IS DISTINCT FROM x.s) AS mismatches,
       count(DISTINCT x.s) AS distinct_stages
FROM raw r JOIN (SELECT user_id, furthest_stage(map, ts, event) s FROM events, gm GROUP BY user_id) x USING (user_id), gm;

-- forced parallel equals serial
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial AS SELECT user_id, furthest_stage(map, ts, event) s, stage_times(map, ts, event) t FROM events, gm GROUP BY user_id;
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT count(*) AS differences FROM (
  SELECT user_id, furthest_stage(map, ts, event) s, stage_times(map, ts, event) t FROM events, gm GROUP BY user_id
  EXCEPT SELECT * FROM serial) d;
SELECT (SELECT furthest_stage(map, ts, event) FROM events, gm WHERE user_id = 7) = (SELECT s FROM serial WHERE user_id = 7) AS whole_table_equal;
\set ECHO none
\i test/data/reset_parallel.sql
\set ECHO all

-- validation: every error names the JSON path at fault
SELECT map_stage('not json', 'x');
SELECT map_stage('[1, 2]', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"]}], "colour": "red"}', 'x');
SELECT map_stage('{"window": "7 days"}', 'x');
SELECT map_stage('{"stages": []}', 'x');
SELECT map_stage('{"stages": {"name": "a"}}', 'x');
SELECT map_stage('{"stages": ["a"]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"], "colour": "red"}]}', 'x');
SELECT map_stage('{"stages": [{"events": ["x"]}]}', 'x');
SELECT map_stage('{"stages": [{"name": "", "events": ["x"]}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"]}, {"name": "a", "events": ["y"]}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a"}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": []}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"]}, {"name": "b", "events": ["y", 2]}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"], "where": ["channel"]}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"], "where": {}}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"], "where": {"channel": [1]}}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"], "where": {"channel": []}}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"], "within": "1 day"}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"]}, {"name": "b", "events": ["y"], "within": "2 dayz"}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"]}, {"name": "b", "events": ["y"], "within": "0 days"}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"]}, {"name": "b", "events": ["y"], "within": 2}]}', 'x');
SELECT map_stage('{"window": "soon", "stages": [{"name": "a", "events": ["x"]}]}', 'x');
SELECT map_stage('{"mode": "strict_ordr", "stages": [{"name": "a", "events": ["x"]}]}', 'x');
SELECT map_stage('{"mode": "allow_reentry", "stages": [{"name": "a", "events": ["x"]}]}', 'x');
SELECT map_stage('{"mode": 1, "stages": [{"name": "a", "events": ["x"]}]}', 'x');
SELECT map_stage('{"exclude": "x", "stages": [{"name": "a", "events": ["x"]}]}', 'x');
SELECT map_stage('{"exclude": ["z", 1], "stages": [{"name": "a", "events": ["x"]}]}', 'x');
SELECT map_stage('{"exclude": ["x"], "stages": [{"name": "a", "events": ["x"]}]}', 'x');
SELECT map_stage(json_build_object('stages', (SELECT json_agg(json_build_object('name', 's' || i, 'events', json_build_array('e' || i))) FROM generate_series(1, 64) i))::text, 'x');
\set VERBOSITY sqlstate
SELECT map_stage('{"stages": []}', 'x');
\set VERBOSITY default
-- 63 stages are fine
SELECT map_stage(json_build_object('stages', (SELECT json_agg(json_build_object('name', 's' || i, 'events', json_build_array('e' || i))) FROM generate_series(1, 63) i))::text, 'e63');
-- property filters need properties
SELECT map_stage(map, 'visit') FROM m;
SELECT furthest_stage(map, ts, e) FROM ev, m;
SELECT furthest_stage(map, '[["2025-01-01T00:00:00Z", "visit"]]'::journey) FROM m;
SELECT furthest_stage('[["2025-01-01T00:00:00Z", "visit"]]'::journey, map) FROM m;
-- the map must not change within a group, nor be NULL
SELECT furthest_stage(map, ts, e) FROM (VALUES ('{"stages": [{"name": "a", "events": ["x"]}]}', now(), 'x'),
  ('{"stages": [{"name": "b", "events": ["x"]}]}', now(), 'x')) v(map, ts, e);
SELECT furthest_stage(NULL::text, now(), 'x');

RESET TIME ZONE;
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA maps CASCADE;
DROP SCHEMA journey_sample CASCADE;
