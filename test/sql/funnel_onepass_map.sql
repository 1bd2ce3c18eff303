-- The one-pass funnel over journey maps, funnel_counts(actor, map, ts,
-- event [, props]): per stage, the actors whose furthest_stage is that
-- stage or further, in one aggregate.  Each result is hand-checked or a
-- boolean against furthest_stage per actor, counted.
CREATE SCHEMA funnel_onepass_map;
SET search_path = funnel_onepass_map, public;
SET TIME ZONE 'UTC';

-- the worked example of test maps: user 1 reaches 3:decision, user 2
-- 2:consideration (the attempt before the refund), user 3 1:awareness
-- (too slow for within), users 4 and 5 no stage: {3,2,1}
\i test/data/map_example.sql
SELECT funnel_counts(u, map, ts, e, props) FROM ev, m;
SELECT funnel_counts(u, map::jsonb, ts, e, props) FROM ev, m;
-- composes with funnel_report, the stage names from map_stages
SELECT step, name, actors FROM m,
  funnel_report((SELECT funnel_counts(u, map, ts, e, props) FROM ev), ARRAY(SELECT name FROM map_stages(map) ORDER BY position));
-- NULL handling: a NULL actor or ts ignores the row (user 6's visit with a
-- NULL ts still makes user 6 an actor, of no stage), a NULL event belongs
-- to no stage, NULL props pass no filter: still {3,2,1}
INSERT INTO ev VALUES (NULL, '2025-03-01 10:00+00', 'visit', '{"channel": "email"}'),
  (6, NULL, 'visit', '{"channel": "email"}'), (4, '2025-03-01 09:00+00', NULL, '{"channel": "email"}'),
  (4, '2025-03-01 09:30+00', 'visit', NULL);
SELECT funnel_counts(u, map, ts, e, props) FROM ev, m;
SELECT count(*) AS actors FROM (SELECT u FROM ev WHERE u IS NOT NULL GROUP BY u) s;
-- no rows: NULL; only rows without an actor: NULL; actors without a stage: zeros
SELECT funnel_counts(u, map, ts, e, props) FROM ev, m WHERE false;
SELECT funnel_counts(u, map, ts, e, props) FROM ev, m WHERE u IS NULL;
SELECT funnel_counts(u, map, ts, e, props) FROM ev, m WHERE u IN (5, 6);
-- per segment: users 2, 4, 6 {1,1,0}; users 1, 3, 5 {2,1,1}; the NULL actor's segment NULL
SELECT u % 2 AS seg, funnel_counts(u, map, ts, e, props) FROM ev, m GROUP BY 1 ORDER BY 1;
-- without props, untyped map literals (the map form; an untyped window with
-- one condition stays the conditions form): users 1 to 3 visit, then view
-- or compare: {3,3}; users 2 and 3 have a product_view: {2}
SELECT funnel_counts(u, '{"stages": [{"name": "a", "events": ["visit"]}, {"name": "b", "events": ["compare", "product_view"]}]}', ts, e)
FROM ev WHERE u < 4;
SELECT funnel_counts(u, '7 days', ts, e = 'product_view') FROM ev WHERE u < 4;
-- a mode: strict_order stops at the first row of no stage after a (user 1's "other"): {1,0}
SELECT funnel_counts(u, '{"mode": "strict_order", "stages": [{"name": "a", "events": ["visit"]}, {"name": "b", "events": ["view"]}]}', ts, e)
FROM (VALUES (1::int, timestamptz '2025-01-01 00:00+00', 'visit'), (1, '2025-01-01 00:01+00', 'other'), (1, '2025-01-01 00:02+00', 'view')) v(u, ts, e);

-- the sample data, with each event's channel as its property
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = funnel_onepass_map, journey_sample, public;
CREATE TABLE evp AS SELECT user_id, ts, event, jsonb_build_object('channel', channel) AS props, channel FROM events;
CREATE TABLE maps (name text, map text);
INSERT INTO maps VALUES
  ('funnel', '{"window": "7 days", "stages": [{"name": "visit", "events": ["visit"]}, {"name": "view", "events": ["product_view"]},
     {"name": "cart", "events": ["add_to_cart"]}, {"name": "buy", "events": ["purchase"]}]}'),
  ('no window', '{"stages": [{"name": "buy", "events": ["purchase"]}, {"name": "back", "events": ["visit"]}]}'),
  ('within', '{"window": "30 days", "stages": [{"name": "visit", "events": ["visit"]},
     {"name": "cart", "events": ["add_to_cart"], "within": "10 minutes"}, {"name": "buy", "events": ["purchase"], "within": "7 minutes"}]}'),
  ('exclude', '{"window": "14 days", "exclude": ["add_to_cart"], "stages": [{"name": "visit", "events": ["visit"]},
     {"name": "view", "events": ["product_view"]}, {"name": "buy", "events": ["purchase"]}]}'),
  ('where', '{"window": "7 days", "stages": [{"name": "visit", "events": ["visit"], "where": {"channel": ["email", "search"]}},
     {"name": "view", "events": ["product_view"]}, {"name": "buy", "events": ["add_to_cart", "purchase"], "where": {"channel": "direct"}}]}'),
  ('all', '{"window": "10 days", "exclude": ["refund", "add_to_cart"], "stages": [{"name": "visit", "events": ["visit", "product_view"], "where": {"channel": ["email", "search", "direct"]}},
     {"name": "view", "events": ["product_view"], "within": "3 hours"}, {"name": "buy", "events": ["purchase"], "within": "2 days"}]}'),
  ('strict_order', '{"window": "7 days", "mode": "strict_order", "stages": [{"name": "visit", "events": ["visit"]}, {"name": "view", "events": ["product_view"]},
     {"name": "cart", "events": ["add_to_cart"]}]}'),
  ('strict_once', '{"window": "7 days", "mode": "strict_once", "exclude": ["visit"], "stages": [{"name": "view", "events": ["product_view"]},
     {"name": "view again", "events": ["product_view"], "within": "3 minutes"}, {"name": "cart", "events": ["add_to_cart"]}]}'),
  ('strict_increase', '{"window": "7 days", "mode": "strict_increase,strict_deduplication", "stages": [{"name": "visit", "events": ["visit"]},
     {"name": "view", "events": ["product_view"]}, {"name": "cart", "events": ["add_to_cart"]}, {"name": "buy", "events": ["purchase"]}]}'),
  ('reentry', '{"window": "3 days", "mode": "strict_order,allow_reentry", "stages": [{"name": "visit", "events": ["visit"]},
     {"name": "view", "events": ["product_view"], "within": "1 day"}]}');
-- furthest_stage per user, and the number of stages
ALTER TABLE maps ADD n int;
UPDATE maps SET n = (SELECT count(*) FROM map_stages(map));
CREATE TABLE per_user AS
SELECT name, user_id, coalesce(furthest_stage(map, ts, event, props)::int, 0) AS level, n
FROM evp, maps GROUP BY name, user_id, n;
SELECT name, count(*) FILTER (WHERE level > 0) AS users_in_a_stage FROM per_user GROUP BY name ORDER BY name;
-- the whole table: one-pass (text and jsonb maps) = furthest_stage counted
CREATE TABLE expected AS SELECT name, funnel_counts(level, n) AS c FROM per_user GROUP BY name;
-- (the maps give 10 different answers: gaps, exclusions, filters and modes matter)
SELECT count(DISTINCT c) AS answers FROM expected;
CREATE TABLE serial AS
SELECT name, (SELECT funnel_counts(user_id, map, ts, event, props) FROM evp) AS t,
       (SELECT funnel_counts(user_id::text, map::jsonb, ts, event, props) FROM evp) AS j
FROM maps;
SELECT name, s.t = e.c AS text_map, s.j = e.c AS jsonb_map FROM serial s JOIN expected e USING (name) ORDER BY name;
-- every sample user: the one-pass form grouped by user is its own furthest stage
SELECT count(*) AS users, count(*) FILTER (WHERE o.c = ARRAY(SELECT (p.level >= k)::int::bigint FROM generate_series(1, p.n) k)) AS same
FROM (SELECT name, user_id, funnel_counts(user_id, map, ts, event, props) c FROM evp, maps GROUP BY name, user_id) o
JOIN per_user p USING (name, user_id);
-- maps without where, without props
SELECT name, (SELECT funnel_counts(user_id, map, ts, event) FROM evp) = c AS without_props
FROM maps JOIN expected USING (name) WHERE map NOT LIKE '%where%' ORDER BY name;
-- per channel (a user may appear in several channels)
SELECT count(*) AS channels, count(*) FILTER (WHERE o.c = p.c) AS same
FROM (SELECT channel, funnel_counts(user_id, map, ts, event, props) c FROM evp, maps WHERE name = 'all' GROUP BY channel) o
JOIN (SELECT channel, funnel_counts(l, 3) c
      FROM (SELECT channel, coalesce(furthest_stage(map, ts, event, props)::int, 0) l FROM evp, maps
            WHERE name = 'all' GROUP BY channel, user_id) s GROUP BY channel) p USING (channel);
-- the example of docs/reports.md, against furthest_stage counted
SELECT (SELECT funnel_counts(user_id, '{"window": "7 days", "exclude": ["refund"], "stages": [
         {"name": "interest", "events": ["visit", "product_view"]},
         {"name": "intent",   "events": ["add_to_cart"], "within": "1 day"},
         {"name": "purchase", "events": ["purchase"]}]}', ts, event) FROM events)
     = (SELECT funnel_counts(coalesce(s::int, 0), 3) FROM (SELECT furthest_stage('{"window": "7 days", "exclude": ["refund"], "stages": [
         {"name": "interest", "events": ["visit", "product_view"]},
         {"name": "intent",   "events": ["add_to_cart"], "within": "1 day"},
         {"name": "purchase", "events": ["purchase"]}]}', ts, event) s FROM events GROUP BY user_id) x) AS docs_example;
-- a map read from a table row by row (not a constant) gives the same
SELECT (SELECT funnel_counts(user_id, map, ts, event, props) FROM evp, maps WHERE name = 'all') = c AS map_per_row
FROM expected WHERE name = 'all';

-- parallel plans (combine, serialize, deserialize) equal the serial answers
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT plan_has($$SELECT funnel_counts(user_id, '{"stages": [{"name": "v", "events": ["visit"]}]}', ts, event) FROM journey_sample.events$$,
                'Partial Aggregate') AS partial_plan;
SELECT count(*) AS maps,
       count(*) FILTER (WHERE s.t = p.t AND s.j = p.j) AS same
FROM serial s
JOIN (SELECT name, (SELECT funnel_counts(user_id, map, ts, event, props) FROM evp) AS t,
             (SELECT funnel_counts(user_id::text, map::jsonb, ts, event, props) FROM evp) AS j
      FROM maps) p USING (name);
SELECT (SELECT funnel_counts(user_id, map, ts, event, props) FROM evp WHERE false) IS NULL AS parallel_empty FROM maps WHERE name = 'all';
\set ECHO none
\i test/data/reset_parallel.sql
\set ECHO all
DROP SCHEMA journey_sample CASCADE;

-- errors
SELECT funnel_counts(u, CASE WHEN u = 1 THEN map ELSE '{"stages": [{"name": "a", "events": ["visit"]}]}' END, ts, e, props) FROM ev, m;
SELECT funnel_counts(u, '{"stages": [{"name": "a", "events": "visit"}]}', ts, e) FROM ev;
SELECT funnel_counts(u, '{"stages": [', ts, e) FROM ev;
SELECT funnel_counts(u, NULL::text, ts, e) FROM ev;
SELECT funnel_counts(u, map, ts, e) FROM ev, m;

DROP SCHEMA funnel_onepass_map CASCADE;
