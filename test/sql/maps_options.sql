-- Issue 13's map options: first_time (also through window_funnel and the
-- one-pass funnel), optional stages and scoped exclusions with both
-- policies.  Hand-worked examples first, then the sample data: the one-pass
-- map form against the per-user recipe (stage_times counted per stage), over
-- raw events and stored journeys, serial and forced-parallel; then every
-- JSON error.
CREATE SCHEMA maps_options;
SET search_path = maps_options, public;
SET TIME ZONE 'UTC';

-- ---------- first_time ----------
-- user 1: visit 10:00, visit 10:10, purchase 10:12.  Within 5 minutes the
-- second attempt converts (2); first_time keeps only the 10:00 attempt (1);
-- within an hour the first attempt converts too (2, chain from 10:00)
CREATE TABLE ft (u int, ts timestamptz, e text);
INSERT INTO ft VALUES (1, '2025-01-01 10:00+00', 'visit'), (1, '2025-01-01 10:10+00', 'visit'),
  (1, '2025-01-01 10:12+00', 'purchase'),
  (2, '2025-01-01 10:00+00', 'visit'), (2, '2025-01-01 10:00+00', 'visit'), (2, '2025-01-01 10:03+00', 'purchase');
SELECT u, window_funnel('5 minutes', ts, e = 'visit', e = 'purchase') AS plain,
       window_funnel('5 minutes', 'first_time', ts, e = 'visit', e = 'purchase') AS first_time,
       window_funnel('5 minutes', 'first_time,strict_once', ts, e = 'visit', e = 'purchase') AS first_time_once,
       window_funnel('1 hour', 'first_time', ts, e = 'visit', e = 'purchase') AS first_time_hour,
       funnel_times('1 hour', 'first_time', ts, e = 'visit', e = 'purchase') AS times
FROM ft GROUP BY u ORDER BY u;
-- the map form: "mode": "first_time"
SELECT u, furthest_stage('{"window": "5 minutes", "mode": "first_time", "stages": [{"name": "visit", "events": ["visit"]}, {"name": "buy", "events": ["purchase"]}]}', ts, e) AS stage
FROM ft GROUP BY u ORDER BY u;
-- first_time and totals do not combine
SELECT window_funnel('5 minutes', 'first_time,totals', ts, e = 'visit') FROM ft;
SELECT furthest_stage('{"mode": "first_time,totals", "stages": [{"name": "visit", "events": ["visit"]}]}', ts, e) FROM ft;
-- totals counts attempts of window_funnel's family; a map reports one chain per actor
SELECT furthest_stage('{"mode": "totals", "stages": [{"name": "visit", "events": ["visit"]}]}', ts, e) FROM ft;
SELECT funnel_counts(1, '{"mode": "totals", "stages": [{"name": "visit", "events": ["visit"]}]}'::text, ts, e) FROM ft;

-- ---------- optional stages ----------
-- visit, view (optional), cart, buy.  u1 every stage; u2 skips view; u3
-- visit and view; u4 visit and cart (view skipped); u5 visit only; u6 view
-- and cart without a visit (no stage: the first stage is required)
CREATE TABLE om (map text);
INSERT INTO om VALUES ('{"window": "1 day", "stages": [{"name": "visit", "events": ["visit"]},
  {"name": "view", "events": ["view"], "optional": true}, {"name": "cart", "events": ["cart"]}, {"name": "buy", "events": ["buy"]}]}');
CREATE TABLE oe (u int, ts timestamptz, e text);
INSERT INTO oe VALUES
  (1, '2025-01-01 10:00+00', 'visit'), (1, '2025-01-01 10:01+00', 'view'), (1, '2025-01-01 10:02+00', 'cart'), (1, '2025-01-01 10:03+00', 'buy'),
  (2, '2025-01-01 10:00+00', 'visit'), (2, '2025-01-01 10:02+00', 'cart'), (2, '2025-01-01 10:03+00', 'buy'),
  (3, '2025-01-01 10:00+00', 'visit'), (3, '2025-01-01 10:01+00', 'view'),
  (4, '2025-01-01 10:00+00', 'visit'), (4, '2025-01-01 10:02+00', 'cart'),
  (5, '2025-01-01 10:00+00', 'visit'),
  (6, '2025-01-01 10:01+00', 'view'), (6, '2025-01-01 10:02+00', 'cart');
-- per user: the furthest stage and the chain's times (NULL: view skipped)
SELECT u, furthest_stage(map, ts, e) AS furthest, stage_times(map, ts, e) AS times FROM oe, om GROUP BY u ORDER BY u;
-- the counts: visit 5 (u1-u5), view 2 (u1, u3: the chains that include
-- it), cart 3 (u1, u2, u4: reached cart or further), buy 2 (u1, u2)
SELECT funnel_counts(u, map, ts, e) AS one_pass FROM oe, om;
-- the per-user recipe: count the non-NULL entries of stage_times per stage
SELECT array_agg(c ORDER BY k) AS per_user FROM (
  SELECT k, count(t[k]) AS c FROM (SELECT stage_times(map, ts, e) t FROM oe, om GROUP BY u) s, generate_series(1, 4) k GROUP BY k) x;
-- a stored journey gives the same chain
SELECT u, stage_times(journey_agg(ts, e), map) AS times FROM oe, om WHERE u IN (2, 4) GROUP BY u, map ORDER BY u;
-- equal starts: a chain with more stages is preferred (u1 includes view);
-- the later start wins over more stages: u7 visits at 10:00 and views,
-- visits again at 10:30 and carts: the chain starts 10:30 and skips view
INSERT INTO oe VALUES (7, '2025-01-01 10:00+00', 'visit'), (7, '2025-01-01 10:01+00', 'view'),
  (7, '2025-01-01 10:30+00', 'visit'), (7, '2025-01-01 10:31+00', 'cart');
SELECT stage_times(map, ts, e) AS u7 FROM oe, om WHERE u = 7;
-- strict_once: the same chains here
SELECT u, stage_times(replace(map, '"window"', '"mode": "strict_once", "window"'), ts, e) AS times FROM oe, om GROUP BY u ORDER BY u;
-- two optional stages in a row: visit then buy skips view and cart
SELECT stage_times('{"stages": [{"name": "visit", "events": ["visit"]}, {"name": "view", "events": ["view"], "optional": true},
  {"name": "cart", "events": ["cart"], "optional": true}, {"name": "buy", "events": ["buy"]}]}', ts, e) AS u2
FROM oe WHERE u = 2 AND e <> 'cart';
-- "optional": false is the default
SELECT furthest_stage('{"stages": [{"name": "visit", "events": ["visit"]}, {"name": "view", "events": ["view"], "optional": false},
  {"name": "cart", "events": ["cart"]}]}', ts, e) AS u4 FROM oe WHERE u = 4;

-- ---------- scoped exclusions ----------
-- visit, cart, buy; a refund between cart and buy.  u1 refunds before the
-- cart (out of range); u2 refunds after the cart; u3 refunds after the
-- cart, then starts again and buys; u4 refunds after buying; u5 refunds at
-- the timestamp of the buy (exclusions come first, so still in range)
CREATE TABLE se (u int, ts timestamptz, e text);
INSERT INTO se VALUES
  (1, '2025-01-01 10:00+00', 'visit'), (1, '2025-01-01 10:01+00', 'refund'), (1, '2025-01-01 10:02+00', 'cart'), (1, '2025-01-01 10:03+00', 'buy'),
  (2, '2025-01-01 10:00+00', 'visit'), (2, '2025-01-01 10:01+00', 'cart'), (2, '2025-01-01 10:02+00', 'refund'), (2, '2025-01-01 10:03+00', 'buy'),
  (3, '2025-01-01 10:00+00', 'visit'), (3, '2025-01-01 10:01+00', 'cart'), (3, '2025-01-01 10:02+00', 'refund'),
  (3, '2025-01-01 11:00+00', 'visit'), (3, '2025-01-01 11:01+00', 'cart'), (3, '2025-01-01 11:02+00', 'buy'),
  (4, '2025-01-01 10:00+00', 'visit'), (4, '2025-01-01 10:01+00', 'cart'), (4, '2025-01-01 10:02+00', 'buy'), (4, '2025-01-01 10:03+00', 'refund'),
  (5, '2025-01-01 10:00+00', 'visit'), (5, '2025-01-01 10:01+00', 'cart'), (5, '2025-01-01 10:02+00', 'refund'), (5, '2025-01-01 10:02+00', 'buy');
CREATE TABLE sm (policy text, map text);
INSERT INTO sm SELECT p, format('{"window": "1 day", "exclude": [{"events": ["refund"], "from": "cart", "to": "buy"%s}],
  "stages": [{"name": "visit", "events": ["visit"]}, {"name": "cart", "events": ["cart"]}, {"name": "buy", "events": ["buy"]}]}',
  CASE p WHEN 'default' THEN '' ELSE format(', "policy": "%s"', p) END)
FROM unnest(ARRAY['default', 'end_attempt', 'leave']) p;
INSERT INTO sm VALUES ('global', '{"window": "1 day", "exclude": ["refund"],
  "stages": [{"name": "visit", "events": ["visit"]}, {"name": "cart", "events": ["cart"]}, {"name": "buy", "events": ["buy"]}]}');
-- end_attempt (the default): u1 3, u2 2, u3 3 (the second attempt), u4 3,
-- u5 2; leave: u1 3, u2 none, u3 none, u4 3, u5 none; the global exclusion
-- ends u1's attempt at the visit (1)
SELECT policy, string_agg(u || ':' || coalesce(s::text, '-'), ' ' ORDER BY u) AS furthest
FROM (SELECT policy, u, furthest_stage(map, ts, e) s FROM se, sm GROUP BY policy, u) x GROUP BY policy ORDER BY policy;
-- the counts, one-pass and per user: end_attempt {5,5,3}, leave {2,2,2}
SELECT policy, funnel_counts(u, map, ts, e) AS one_pass,
  (SELECT funnel_counts(coalesce(s::int, 0), 3) FROM (SELECT furthest_stage(sm.map, ts, e) s FROM se GROUP BY u) y) AS per_user
FROM se, sm GROUP BY policy, map ORDER BY policy;
-- leave: the chain must still be within the window (u2 refunds 2 days after its cart)
SELECT furthest_stage(map, ts, e) AS late_refund FROM sm, (VALUES (timestamptz '2025-01-01 10:00+00', 'visit'), ('2025-01-01 10:01+00', 'cart'),
  ('2025-01-03 10:00+00', 'refund')) v(ts, e) WHERE policy = 'leave' GROUP BY map;
-- from and to default to the first and last stage; an exclusion may be
-- scoped to the visit..cart range only: u1's refund then ends the attempt (1)
SELECT u, furthest_stage('{"exclude": [{"events": ["refund"], "to": "cart"}], "stages": [{"name": "visit", "events": ["visit"]},
  {"name": "cart", "events": ["cart"]}, {"name": "buy", "events": ["buy"]}]}', ts, e) AS s FROM se GROUP BY u ORDER BY u;
-- a global and two scoped exclusions together, and strict_once
SELECT u, furthest_stage('{"mode": "strict_once", "exclude": ["spam", {"events": ["refund"], "from": "cart", "policy": "leave"}, {"events": ["return"]}],
  "stages": [{"name": "visit", "events": ["visit"]}, {"name": "cart", "events": ["cart"]}, {"name": "buy", "events": ["buy"]}]}', ts, e) AS s
FROM se GROUP BY u ORDER BY u;
-- a stored journey: the same
SELECT policy, string_agg(u || ':' || coalesce(furthest_stage(j, map)::text, '-'), ' ' ORDER BY u) AS furthest
FROM (SELECT u, journey_agg(ts, e) j FROM se GROUP BY u) x, sm GROUP BY policy ORDER BY policy;
-- optional stages and scoped exclusions together: view optional, a refund
-- between view and buy drops the actor
SELECT u, stage_times('{"exclude": [{"events": ["refund"], "from": "view", "policy": "leave"}], "stages": [{"name": "visit", "events": ["visit"]},
  {"name": "view", "events": ["view"], "optional": true}, {"name": "cart", "events": ["cart"]}, {"name": "buy", "events": ["buy"]}]}', ts, e) AS times
FROM (SELECT * FROM se UNION ALL SELECT 6, '2025-01-01 10:00+00', 'visit' UNION ALL SELECT 6, '2025-01-01 10:01+00', 'refund'
      UNION ALL SELECT 6, '2025-01-01 10:02+00', 'cart') s GROUP BY u ORDER BY u;

-- ---------- the sample data: one-pass = per user, raw = stored, parallel = serial ----------
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = maps_options, journey_sample, public;
CREATE TABLE maps (name text, map text);
INSERT INTO maps VALUES
  ('first_time', '{"window": "7 days", "mode": "first_time", "stages": [{"name": "visit", "events": ["visit"]}, {"name": "view", "events": ["product_view"]},
     {"name": "cart", "events": ["add_to_cart"]}, {"name": "buy", "events": ["purchase"]}]}'),
  ('optional', '{"window": "7 days", "stages": [{"name": "visit", "events": ["visit"]}, {"name": "view", "events": ["product_view"], "optional": true},
     {"name": "cart", "events": ["add_to_cart"]}, {"name": "buy", "events": ["purchase"]}]}'),
  ('optional_once', '{"window": "3 days", "mode": "strict_once,first_time", "stages": [{"name": "visit", "events": ["visit"]},
     {"name": "view", "events": ["product_view"], "optional": true}, {"name": "view2", "events": ["product_view"], "optional": true, "within": "1 hour"},
     {"name": "cart", "events": ["add_to_cart"]}, {"name": "buy", "events": ["purchase"]}]}'),
  ('end_attempt', '{"window": "7 days", "exclude": [{"events": ["visit"], "from": "cart", "to": "buy"}], "stages": [{"name": "view", "events": ["product_view"]},
     {"name": "cart", "events": ["add_to_cart"]}, {"name": "buy", "events": ["purchase"]}]}'),
  ('leave', '{"window": "7 days", "exclude": [{"events": ["visit"], "from": "cart", "to": "buy", "policy": "leave"}], "stages": [{"name": "view", "events": ["product_view"]},
     {"name": "cart", "events": ["add_to_cart"]}, {"name": "buy", "events": ["purchase"]}]}'),
  ('all', '{"window": "7 days", "mode": "strict_increase", "exclude": ["refund", {"events": ["visit"], "from": "cart", "policy": "leave"}],
     "stages": [{"name": "view", "events": ["product_view"]}, {"name": "view2", "events": ["product_view"], "optional": true},
     {"name": "cart", "events": ["add_to_cart"], "within": "2 hours"}, {"name": "buy", "events": ["purchase"]}]}');
ALTER TABLE maps ADD n int;
UPDATE maps SET n = (SELECT count(*) FROM map_stages(map));
-- per user, over raw events and over stored journeys
CREATE TABLE per_user AS
SELECT name, user_id, furthest_stage(map, ts, event)::int AS level, stage_times(map, ts, event) AS t, n
FROM events, maps GROUP BY name, user_id, n;
CREATE TABLE stored AS
SELECT name, user_id, furthest_stage(j, map)::int AS level, stage_times(j, map) AS t
FROM (SELECT user_id, journey_agg(ts, event) j FROM events GROUP BY user_id) x, maps;
SELECT count(*) AS users, count(*) FILTER (WHERE p.level IS NOT DISTINCT FROM s.level AND p.t IS NOT DISTINCT FROM s.t) AS same_stored
FROM per_user p JOIN stored s USING (name, user_id);
-- the recipe's counts (non-NULL stage_times entries per stage)
CREATE TABLE recipe AS
SELECT name, array_agg(c ORDER BY k) AS c FROM (
  SELECT name, k, count(t[k]) AS c FROM per_user, generate_series(1, n) k GROUP BY name, k) x GROUP BY name;
-- the answers differ from map to map, and with optional stages a count
-- may exceed the one before it (optional_once: a single product view
-- reaches view2 by skipping view; all: under strict_increase each product
-- view first restarts view, whose chain then ends at its own timestamp, so
-- none is view2: ClickHouse's one chain per level)
SELECT name, c, EXISTS (SELECT FROM generate_series(1, array_length(c, 1) - 1) k WHERE c[k] < c[k + 1]) AS rises FROM recipe ORDER BY name;
-- for required stages the recipe is furthest_stage counted
SELECT name, (SELECT funnel_counts(coalesce(level, 0), n) FROM per_user p WHERE p.name = r.name GROUP BY n) = c AS furthest_counted
FROM recipe r WHERE name IN ('first_time', 'end_attempt', 'leave') ORDER BY name;
-- one-pass, text and jsonb maps
CREATE TABLE serial AS
SELECT name, (SELECT funnel_counts(user_id, map, ts, event) FROM events) AS t,
       (SELECT funnel_counts(user_id::text, map::jsonb, ts, event) FROM events) AS j
FROM maps;
SELECT name, s.t = r.c AS one_pass, s.j = r.c AS one_pass_jsonb FROM serial s JOIN recipe r USING (name) ORDER BY name;
-- first_time over raw events against plain SQL: the level is the number of
-- steps of visit -> view -> buy done in order from the user's first visit
-- within 7 days
CREATE TABLE fv AS SELECT user_id, min(ts) AS t0 FROM events WHERE event = 'visit' GROUP BY user_id;
SELECT count(*) AS users, count(*) FILTER (WHERE w.l = b.l) AS same_first_time FROM
  (SELECT user_id, window_funnel('7 days', 'first_time', ts, event = 'visit', event = 'product_view', event = 'purchase') l
   FROM events GROUP BY user_id) w
  JOIN (SELECT fv.user_id, CASE
          WHEN EXISTS (SELECT FROM events a, events b WHERE a.user_id = fv.user_id AND b.user_id = fv.user_id AND a.event = 'product_view'
                       AND b.event = 'purchase' AND a.ts >= fv.t0 AND b.ts >= a.ts AND b.ts <= fv.t0 + interval '7 days') THEN 3
          WHEN EXISTS (SELECT FROM events a WHERE a.user_id = fv.user_id AND a.event = 'product_view' AND a.ts >= fv.t0
                       AND a.ts <= fv.t0 + interval '7 days') THEN 2
          ELSE 1 END AS l FROM fv) b USING (user_id);
-- and it converts fewer users than the plain mode does
SELECT sum((l >= 3)::int) AS first_time_buyers, sum((p >= 3)::int) AS buyers FROM
  (SELECT window_funnel('7 days', 'first_time', ts, event = 'visit', event = 'product_view', event = 'purchase') l,
          window_funnel('7 days', ts, event = 'visit', event = 'product_view', event = 'purchase') p FROM events GROUP BY user_id) x;
-- the one-pass label form with first_time equals window_funnel counted
SELECT (SELECT funnel_counts(user_id, '7 days', 'first_time', ts, event, ARRAY['visit', 'product_view', 'purchase']) FROM events)
     = (SELECT funnel_counts(l, 3) FROM (SELECT window_funnel('7 days', 'first_time', ts, event = 'visit', event = 'product_view', event = 'purchase') l
        FROM events GROUP BY user_id) x) AS label_form;

-- (users 1 to 19 as one group, with a scoped exclusion: for the parallel check below)
CREATE TABLE whole_serial AS SELECT stage_times('{"exclude": ["refund", {"events": ["visit"], "from": "b"}], "stages": [{"name": "a", "events": ["product_view"]}, {"name": "b", "events": ["add_to_cart"]}, {"name": "c", "events": ["purchase"]}]}', ts, event) AS t FROM events WHERE user_id < 20;
SELECT array_length(t, 1) AS stages FROM whole_serial;

-- parallel plans equal the serial answers (the one-pass states of maps
-- with options cross processes in the byte form's version 3)
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT plan_has($$SELECT funnel_counts(user_id, '{"stages": [{"name": "v", "events": ["visit"]}, {"name": "o", "events": ["x"], "optional": true}, {"name": "b", "events": ["purchase"]}]}', ts, event) FROM journey_sample.events$$,
                'Partial Aggregate') AS partial_plan;
SELECT count(*) AS maps, count(*) FILTER (WHERE s.t = p.t AND s.j = p.j) AS same
FROM serial s
JOIN (SELECT name, (SELECT funnel_counts(user_id, map, ts, event) FROM events) AS t,
             (SELECT funnel_counts(user_id::text, map::jsonb, ts, event) FROM events) AS j
      FROM maps) p USING (name);
-- stage_times' own state crosses processes with the wider masks of
-- scoped exclusions (one group: users 1 to 19 as one actor)
SELECT plan_has($$SELECT stage_times('{"exclude": ["refund", {"events": ["visit"], "from": "b"}], "stages": [{"name": "a", "events": ["product_view"]}, {"name": "b", "events": ["add_to_cart"]}, {"name": "c", "events": ["purchase"]}]}', ts, event) FROM journey_sample.events WHERE user_id < 20$$,
                'Partial Aggregate') AS partial_plan;
SELECT t = (SELECT stage_times('{"exclude": ["refund", {"events": ["visit"], "from": "b"}], "stages": [{"name": "a", "events": ["product_view"]}, {"name": "b", "events": ["add_to_cart"]}, {"name": "c", "events": ["purchase"]}]}', ts, event) FROM events WHERE user_id < 20) AS same FROM whole_serial;
-- (per user, under the same settings: whatever plan PostgreSQL picks for
-- GROUP BY name, user_id gives the same stages)
SELECT count(*) AS users, count(*) FILTER (WHERE p.level IS NOT DISTINCT FROM q.level AND p.t IS NOT DISTINCT FROM q.t) AS same_parallel
FROM per_user p JOIN (SELECT name, user_id, furthest_stage(map, ts, event)::int AS level, stage_times(map, ts, event) AS t
                      FROM events, maps GROUP BY name, user_id) q USING (name, user_id);
\set ECHO none
\i test/data/reset_parallel.sql
\set ECHO all
DROP SCHEMA journey_sample CASCADE;

-- ---------- errors (each names the JSON path) ----------
SELECT map_stages('{"stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"], "optional": 1}, {"name": "c", "events": ["c"]}]}');
SELECT map_stages('{"stages": [{"name": "a", "events": ["a"], "optional": true}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"], "optional": true}]}');
SELECT map_stages('{"mode": "strict_order", "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"], "optional": true}, {"name": "c", "events": ["c"]}]}');
SELECT map_stages('{"mode": "strict_deduplication", "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"], "optional": true}, {"name": "c", "events": ["c"]}]}');
SELECT map_stages('{"mode": "any_order", "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"], "optional": true}, {"name": "c", "events": ["c"]}]}');
SELECT map_stages('{"mode": "any_order", "exclude": [{"events": ["x"]}], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"mode": "strict_order", "exclude": [{"events": ["x"]}], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"mode": "any_order", "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"], "within": "1 hour"}]}');
SELECT map_stages('{"exclude": [{"events": ["x"], "until": "b"}], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"exclude": [{"from": "a"}], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"exclude": [{"events": []}], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"exclude": ["x", {"events": ["y", 3]}], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"exclude": [{"events": ["b"]}], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"exclude": [{"events": ["x"], "from": 1}], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"exclude": [{"events": ["x"], "to": "c"}], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"exclude": [{"events": ["x"], "from": "b", "to": "a"}], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"exclude": [{"events": ["x"], "from": "b"}], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"exclude": [{"events": ["x"], "policy": "drop"}], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
SELECT map_stages('{"exclude": [{"events": ["x"]}, 7], "stages": [{"name": "a", "events": ["a"]}, {"name": "b", "events": ["b"]}]}');
-- 62 stages, the global exclusion and one scoped exclusion fill 64 bits; a second is one too many
SELECT count(*) AS stages FROM map_stages(format('{"exclude": ["x", {"events": ["y"]}], "stages": [%s]}',
  (SELECT string_agg(format('{"name": "s%s", "events": ["e%s"]}', i, i), ',') FROM generate_series(1, 62) i)));
SELECT count(*) FROM map_stages(format('{"exclude": ["x", {"events": ["y"]}, {"events": ["z"]}], "stages": [%s]}',
  (SELECT string_agg(format('{"name": "s%s", "events": ["e%s"]}', i, i), ',') FROM generate_series(1, 62) i)));

DROP SCHEMA maps_options CASCADE;
