-- Funnel options of issue 13: any_order, totals (funnel_attempts and the
-- one-pass funnel_counts), per-step gaps over raw events, and step ranges
-- in funnel_report.  Hand-made cases first (values worked out in the
-- comments), then each option against a brute-force plain-SQL formulation
-- on random data, per-user against one-pass on the sample data, parallel
-- against serial, and every error.
CREATE SCHEMA funnel_options;
SET search_path = funnel_options, public;
SET timezone = 'UTC';

-- minutes after midnight as timestamps
CREATE FUNCTION m(int) RETURNS timestamptz LANGUAGE sql IMMUTABLE
AS $$ SELECT timestamptz '2026-01-01 00:00+00' + $1 * interval '1 minute' $$;
CREATE TABLE hand (u int, ts timestamptz, e text);
-- 1: c, b, a at 0, 3, 5 and a at 9; 2: b only; 3: a at 0, then b and c at 10 and 12;
-- 4: a, b at 0 and 1, then b, a at 3 and 4 (two conversions of a -> b, reversed the second time)
INSERT INTO hand VALUES (1, m(0), 'c'), (1, m(3), 'b'), (1, m(5), 'a'), (1, m(9), 'a'),
  (2, m(0), 'b'),
  (3, m(0), 'a'), (3, m(10), 'b'), (3, m(12), 'c'),
  (4, m(0), 'a'), (4, m(1), 'b'), (4, m(3), 'b'), (4, m(4), 'a');

-- ---------- any_order ----------
-- window 5 min: 1 has all three in [0, 5]; 2 has b; 3: [10, 15] holds b, c;
-- 4: a and b. Window 4 min: 1 reaches 2 ([0, 4] has c, b: the earliest window).
-- The ordered funnel for comparison: 1 only reaches a (0 steps after it), 2 none.
SELECT u, window_funnel('5 minutes', 'any_order', ts, e, ARRAY['a', 'b', 'c']) AS any5,
       funnel_times('5 minutes', 'any_order', ts, e, ARRAY['a', 'b', 'c']) AS times5,
       window_funnel('4 minutes', 'any_order', ts, e, ARRAY['a', 'b', 'c']) AS any4,
       funnel_times('4 minutes', 'any_order', ts, e, ARRAY['a', 'b', 'c']) AS times4,
       window_funnel('5 minutes', ts, e, ARRAY['a', 'b', 'c']) AS ordered
FROM hand GROUP BY u ORDER BY u;
-- first_time: only the window at the first entry (3: [0, 5] holds a only)
SELECT u, window_funnel('5 minutes', 'any_order,first_time', ts, e, ARRAY['a', 'b', 'c']) AS first_time
FROM hand GROUP BY u ORDER BY u;
-- the conditions form and the stored journey give the same
SELECT u, window_funnel('5 minutes', 'any_order', ts, e = 'a', e = 'b', e = 'c') AS conditions,
       window_funnel(journey_agg(ts, e), '5 minutes', ARRAY['a', 'b', 'c'], 'any_order') AS journey,
       funnel_times(journey_agg(ts, e), '5 minutes', ARRAY['a', 'b', 'c'], 'any_order') AS journey_times
FROM hand GROUP BY u ORDER BY u;

-- random data against the brute force: for every entry e, the distinct
-- steps of the events in [e.ts, e.ts + window]; the level is the best
CREATE TABLE r (u int, ts bigint, e text);
SELECT setseed(0.13);
INSERT INTO r SELECT (random() * 300)::int, (random() * 200)::bigint,
                     (ARRAY['a', 'b', 'c', 'd', 'x'])[1 + (random() * 4.999)::int]
FROM generate_series(1, 6000);
CREATE TABLE any_brute AS
SELECT u.u, coalesce((SELECT max((SELECT count(DISTINCT e2.e) FROM r e2
                                  WHERE e2.u = e1.u AND e2.e IN ('a', 'b', 'c', 'd')
                                    AND e2.ts BETWEEN e1.ts AND e1.ts + 7))
                      FROM r e1 WHERE e1.u = u.u AND e1.e IN ('a', 'b', 'c', 'd')), 0) AS level
FROM (SELECT DISTINCT u FROM r) u;
SELECT count(*) AS users, count(*) FILTER (WHERE b.level = w.level) AS same,
       count(DISTINCT b.level) AS distinct_levels
FROM any_brute b
JOIN (SELECT u, window_funnel(7, 'any_order', ts, e, ARRAY['a', 'b', 'c', 'd']) AS level FROM r GROUP BY u) w USING (u);
-- funnel_times: as many distinct steps, in time order, within the window
SELECT count(*) AS users,
       count(*) FILTER (WHERE cardinality(t) = w AND t = ARRAY(SELECT unnest(t) ORDER BY 1)
                        AND (w = 0 OR t[w] - t[1] <= 7)) AS consistent
FROM (SELECT u, window_funnel(7, 'any_order', ts, e, ARRAY['a', 'b', 'c', 'd']) AS w,
             funnel_times(7, 'any_order', ts, e, ARRAY['a', 'b', 'c', 'd']) AS t
      FROM r GROUP BY u) s;

-- ---------- totals: funnel_attempts ----------
-- window 10 min, a -> b.  4: a 0, b 1 complete the first attempt; the
-- second starts after 1: b 3 (no a before it), a 4: level 1, so {2,1}.
-- 1: a at 5 and 9, no b after them: one attempt at level 1.  2: no a.
-- 3: a 0, b 10 (the window is inclusive): one conversion.
SELECT u, funnel_attempts('10 minutes', ts, e, ARRAY['a', 'b']) AS attempts,
       funnel_attempts('10 minutes', 'totals', ts, e, ARRAY['a', 'b']) AS with_word,
       funnel_attempts('10 minutes', ts, e = 'a', e = 'b') AS conditions,
       funnel_attempts(journey_agg(ts, e), '10 minutes', ARRAY['a', 'b']) AS journey
FROM hand GROUP BY u ORDER BY u;
-- any_order attempts: 1: b 3, a 5 convert, a 9 starts another; 2: b is an
-- entry; 4 converts twice (a b, then b a)
SELECT u, funnel_attempts('10 minutes', 'any_order', ts, e, ARRAY['a', 'b']) AS any_order_attempts
FROM hand GROUP BY u ORDER BY u;
-- a -> b -> a -> b -> a in one window: two conversions and a third start
SELECT funnel_attempts(100, ts, e, ARRAY['a', 'b'])
FROM (VALUES (0::bigint, 'a'), (1, 'b'), (2, 'a'), (3, 'b'), (4, 'a')) v(ts, e);
-- the rollup of per-actor attempts is the report's input
SELECT * FROM funnel_report((SELECT funnel_counts(a) FROM (SELECT funnel_attempts('10 minutes', ts, e, ARRAY['a', 'b']) a FROM hand GROUP BY u) s));

-- random data against a recursive CTE: an attempt after time t completes at
-- the first b (after t) with an a after t at most 7 before it; the next
-- attempt starts after that b; the last one counts if an a follows
CREATE TABLE att_brute AS
WITH RECURSIVE att(u, t, n) AS (
  SELECT DISTINCT u, -1::bigint, 0 FROM r
  UNION ALL
  SELECT att.u, x.c, att.n + 1
  FROM att, LATERAL (SELECT min(e2.ts) AS c FROM r e2
                     WHERE e2.u = att.u AND e2.e = 'b' AND e2.ts > att.t
                       AND EXISTS (SELECT 1 FROM r e1 WHERE e1.u = e2.u AND e1.e = 'a' AND e1.ts > att.t
                                   AND e1.ts <= e2.ts AND e2.ts - e1.ts <= 7)) x
  WHERE x.c IS NOT NULL)
SELECT u, ARRAY[max(n) + CASE WHEN EXISTS (SELECT 1 FROM r WHERE r.u = l.u AND r.e = 'a' AND r.ts > max(l.t)) THEN 1 ELSE 0 END,
                max(n)]::bigint[] AS attempts
FROM att l GROUP BY u;
SELECT count(*) AS users, count(*) FILTER (WHERE b.attempts = w.attempts) AS same,
       count(*) FILTER (WHERE b.attempts[2] > 1) AS with_repeats
FROM att_brute b
JOIN (SELECT u, funnel_attempts(7, ts, e, ARRAY['a', 'b']) AS attempts FROM r GROUP BY u) w USING (u);

-- ---------- per-step gaps ----------
CREATE TABLE g (u int, ts timestamptz, e text);
-- 1: a 0, b 10, c 20: b comes 10 min after a, more than the gap of 5;
-- 2: a 0, a 8, b 10, c 50: b 2 min after the later a, c has no gap limit
-- and is 42 min after a (window 1 hour): all three, times 8, 10, 50
INSERT INTO g VALUES (1, m(0), 'a'), (1, m(10), 'b'), (1, m(20), 'c'),
  (2, m(0), 'a'), (2, m(8), 'a'), (2, m(10), 'b'), (2, m(50), 'c');
SELECT u, window_funnel('1 hour', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['5 minutes', NULL]::interval[]) AS level,
       funnel_times('1 hour', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['5 minutes', NULL]::interval[]) AS times,
       funnel_attempts('1 hour', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['5 minutes', NULL]::interval[]) AS attempts,
       window_funnel('1 hour', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['5 minutes', '30 minutes']::interval[]) AS both_gaps,
       window_funnel('1 hour', ts, e, ARRAY['a', 'b', 'c']) AS no_gaps
FROM g GROUP BY u ORDER BY u;
-- timestamp input
SELECT u, window_funnel('1 hour', '', ts::timestamp, e, ARRAY['a', 'b', 'c'], ARRAY['5 minutes', NULL]::interval[]) AS level,
       funnel_times('1 hour', '', ts::timestamp, e, ARRAY['a', 'b', 'c'], ARRAY['5 minutes', NULL]::interval[]) AS times
FROM g GROUP BY u ORDER BY u;
-- stored journeys: the same gaps give the same levels, times and attempts
SELECT u, window_funnel(j, '1 hour', ARRAY['a', 'b', 'c'], '', ARRAY['5 minutes', NULL]::interval[]) AS level,
       funnel_times(j, '1 hour', ARRAY['a', 'b', 'c'], '', ARRAY['5 minutes', NULL]::interval[]) AS times,
       funnel_attempts(j, '1 hour', ARRAY['a', 'b', 'c'], '', ARRAY['5 minutes', NULL]::interval[]) AS attempts,
       window_funnel(j, '1 hour', ARRAY['a', 'b', 'c'], '', ARRAY['5 minutes', '30 minutes']::interval[]) AS both_gaps,
       window_funnel(j, '1 hour', ARRAY['a', 'b', 'c'], '', NULL) AS null_gaps
FROM (SELECT u, journey_agg(ts, e) AS j FROM g GROUP BY u) s ORDER BY u;
-- random data against the brute force: level 3 when some a <= b <= c has
-- c - a <= window (20), b - a <= gap 1 (6), c - b <= gap 2 (9)
CREATE TABLE rt AS SELECT u, timestamptz '2026-01-01 00:00+00' + ts * interval '1 second' AS ts, e FROM r;
CREATE TABLE gap_brute AS
SELECT u.u, CASE
  WHEN EXISTS (SELECT 1 FROM rt a, rt b, rt c WHERE a.u = u.u AND b.u = u.u AND c.u = u.u
               AND a.e = 'a' AND b.e = 'b' AND c.e = 'c' AND a.ts <= b.ts AND b.ts <= c.ts
               AND c.ts - a.ts <= interval '20 s' AND b.ts - a.ts <= interval '6 s' AND c.ts - b.ts <= interval '9 s') THEN 3
  WHEN EXISTS (SELECT 1 FROM rt a, rt b WHERE a.u = u.u AND b.u = u.u AND a.e = 'a' AND b.e = 'b'
               AND a.ts <= b.ts AND b.ts - a.ts <= interval '6 s') THEN 2
  WHEN EXISTS (SELECT 1 FROM rt a WHERE a.u = u.u AND a.e = 'a') THEN 1 ELSE 0 END AS level
FROM (SELECT DISTINCT u FROM rt) u;
SELECT count(*) AS users, count(*) FILTER (WHERE b.level = w.level) AS same,
       count(*) FILTER (WHERE w.level < w.nogap) AS gaps_mattered
FROM gap_brute b
JOIN (SELECT u, window_funnel('20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', '9 s']::interval[]) AS level,
             window_funnel('20 s', ts, e, ARRAY['a', 'b', 'c']) AS nogap
      FROM rt GROUP BY u) w USING (u);
-- one-pass with gaps equals the per-user form, in several modes
SELECT md,
  (SELECT funnel_counts(u, interval '20 s', md, ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', '9 s']::interval[]) FROM rt)
  = (SELECT funnel_counts(l, 3) FROM (SELECT window_funnel('20 s', md, ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', '9 s']::interval[]) l
                                      FROM rt GROUP BY u) s) AS same
FROM (VALUES (''), ('strict_order'), ('strict_once'), ('strict_increase')) v(md) ORDER BY md;

-- ---------- one-pass totals and any_order: the sum of the actors' values ----------
SELECT md,
  (SELECT funnel_counts(u, interval '7 s', md, ts, e, ARRAY['a', 'b', 'c']) FROM rt)
  = (SELECT funnel_counts(a) FROM (SELECT funnel_attempts('7 s', md, ts, e, ARRAY['a', 'b', 'c']) a FROM rt GROUP BY u) s) AS same
FROM (VALUES ('totals'), ('totals,strict_order'), ('totals,strict_once'), ('totals,any_order')) v(md) ORDER BY md;
SELECT (SELECT funnel_counts(u, interval '7 s', 'any_order', ts, e, ARRAY['a', 'b', 'c', 'd']) FROM rt)
     = (SELECT funnel_counts(l, 4) FROM (SELECT window_funnel('7 s', 'any_order', ts, e, ARRAY['a', 'b', 'c', 'd']) l FROM rt GROUP BY u) s) AS any_order_same,
       (SELECT funnel_counts(u, interval '7 s', 'any_order', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM rt)
     = (SELECT funnel_counts(l, 4) FROM (SELECT window_funnel('7 s', 'any_order', ts, e, ARRAY['a', 'b', 'c', 'd']) l FROM rt GROUP BY u) s) AS conditions_same;
-- totals counts more than one conversion per actor here
SELECT (SELECT funnel_counts(u, interval '7 s', 'totals', ts, e, ARRAY['a', 'b']) FROM rt) AS totals,
       (SELECT funnel_counts(u, interval '7 s', ts, e, ARRAY['a', 'b']) FROM rt) AS actors;

-- ---------- funnel_report over a step range ----------
SELECT * FROM funnel_report('{1000,400,100,40}', ARRAY['visit', 'view', 'cart', 'buy'], 0.95, 2, 3);
SELECT step, name, actors, conversion, step_conversion, dropped FROM funnel_report('{1000,400,100,40}', NULL, 0.95, 3);
-- the whole range is the 0.1.0 report
SELECT (SELECT array_agg(r ORDER BY step) FROM funnel_report('{1000,400,100,40}', ARRAY['a', 'b', 'c', 'd'], 0.9, 1, 4) r)
     = (SELECT array_agg(r ORDER BY step) FROM funnel_report('{1000,400,100,40}', ARRAY['a', 'b', 'c', 'd'], 0.9) r) AS whole_range;
SELECT count(*) FROM funnel_report('{1000,400,100,40}', from_step => 4, names => NULL, confidence => 0.95);

-- ---------- parallel plans equal the serial answers ----------
CREATE TABLE pe AS SELECT * FROM rt;
INSERT INTO pe SELECT u + 1000, ts + interval '3 s', e FROM rt;
INSERT INTO pe SELECT u + 2000, ts - interval '5 s', e FROM rt;
ANALYZE pe;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_user AS
SELECT u, window_funnel('20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', '9 s']::interval[]) AS wg,
       funnel_times('20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', NULL]::interval[]) AS tg,
       funnel_attempts('20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', '9 s']::interval[]) AS ag,
       funnel_attempts('7 s', ts, e, ARRAY['a', 'b']) AS a,
       window_funnel('7 s', 'any_order', ts, e, ARRAY['a', 'b', 'c', 'd']) AS ao
FROM pe GROUP BY u;
CREATE TABLE serial_all AS
SELECT funnel_counts(u, interval '7 s', 'totals', ts, e, ARRAY['a', 'b']) AS t,
       funnel_counts(u, interval '20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', '9 s']::interval[]) AS g
FROM pe;
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT plan_has($$SELECT u, window_funnel('20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', '9 s']::interval[]) FROM funnel_options.pe GROUP BY u$$,
                'Partial GroupAggregate|Partial HashAggregate') AS partial_per_user,
       plan_has($$SELECT funnel_counts(u, interval '7 s', 'totals', ts, e, ARRAY['a', 'b']) FROM funnel_options.pe$$,
                'Partial Aggregate') AS partial_onepass;
SELECT count(*) AS differences FROM (
  (SELECT u, window_funnel('20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', '9 s']::interval[]) AS wg,
          funnel_times('20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', NULL]::interval[]) AS tg,
          funnel_attempts('20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', '9 s']::interval[]) AS ag,
          funnel_attempts('7 s', ts, e, ARRAY['a', 'b']) AS a,
          window_funnel('7 s', 'any_order', ts, e, ARRAY['a', 'b', 'c', 'd']) AS ao
   FROM pe GROUP BY u
   EXCEPT SELECT * FROM serial_user)
  UNION ALL
  (SELECT * FROM serial_user
   EXCEPT SELECT u, window_funnel('20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', '9 s']::interval[]),
          funnel_times('20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', NULL]::interval[]),
          funnel_attempts('20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', '9 s']::interval[]),
          funnel_attempts('7 s', ts, e, ARRAY['a', 'b']),
          window_funnel('7 s', 'any_order', ts, e, ARRAY['a', 'b', 'c', 'd'])
   FROM pe GROUP BY u)) d;
SELECT (SELECT funnel_counts(u, interval '7 s', 'totals', ts, e, ARRAY['a', 'b']) FROM pe) = t AS parallel_totals,
       (SELECT funnel_counts(u, interval '20 s', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['6 s', '9 s']::interval[]) FROM pe) = g AS parallel_gaps
FROM serial_all;
\set ECHO none
\i test/data/reset_parallel.sql
\set ECHO all

-- ---------- the sample data: per-user and one-pass forms agree ----------
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = funnel_options, journey_sample, public;
SELECT (SELECT funnel_counts(user_id, interval '7 days', 'totals', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events)
     = (SELECT funnel_counts(a) FROM (SELECT funnel_attempts('7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) a
                                      FROM events GROUP BY user_id) s) AS totals_same,
       (SELECT funnel_counts(user_id, interval '7 days', 'any_order', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events)
     = (SELECT funnel_counts(l, 4) FROM (SELECT window_funnel('7 days', 'any_order', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) l
                                         FROM events GROUP BY user_id) s) AS any_order_same,
       (SELECT funnel_counts(user_id, interval '7 days', '', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], ARRAY[NULL, NULL, '5 minutes']::interval[]) FROM events)
     = (SELECT funnel_counts(l, 4) FROM (SELECT window_funnel('7 days', '', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], ARRAY[NULL, NULL, '5 minutes']::interval[]) l
                                         FROM events GROUP BY user_id) s) AS gaps_same;
-- the figures (checked by the per-user forms above; the generator puts every
-- purchase 6 minutes after its add_to_cart, so a 5-minute gap leaves none)
SELECT funnel_counts(user_id, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS actors,
       funnel_counts(user_id, interval '7 days', 'totals', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS totals,
       funnel_counts(user_id, interval '7 days', 'any_order', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS any_order,
       funnel_counts(user_id, interval '7 days', '', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], ARRAY[NULL, NULL, '5 minutes']::interval[]) AS gaps
FROM events;
-- attempts from product_view on: 2188 views, 966 carts (966/2188), 618 purchases
SELECT step, name, actors, round(conversion::numeric, 4) AS conversion, round(step_conversion::numeric, 4) AS step_conversion
FROM funnel_report((SELECT funnel_counts(user_id, interval '7 days', 'totals', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events),
                   ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], 0.95, 2);
DROP SCHEMA journey_sample CASCADE;
SET search_path = funnel_options, public;

-- ---------- errors ----------
-- totals where one level per actor is asked for
SELECT window_funnel('10 minutes', 'totals', ts, e, ARRAY['a', 'b']) FROM hand;
SELECT funnel_times('10 minutes', 'totals', ts, e, ARRAY['a', 'b']) FROM hand;
SELECT window_funnel(journey_agg(ts, e), '10 minutes', ARRAY['a', 'b'], 'totals') FROM hand;
SELECT funnel_times(journey_agg(ts, e), '10 minutes', ARRAY['a', 'b'], 'totals') FROM hand;
-- first_time with attempts
SELECT funnel_attempts('10 minutes', 'first_time', ts, e, ARRAY['a', 'b']) FROM hand;
SELECT funnel_attempts(journey_agg(ts, e), '10 minutes', ARRAY['a', 'b'], 'first_time') FROM hand;
SELECT funnel_attempts('10 minutes', 'first_time,totals', ts, e, ARRAY['a', 'b']) FROM hand;
SELECT funnel_counts(u, interval '10 minutes', 'first_time,totals', ts, e, ARRAY['a', 'b']) FROM hand;
-- any_order with the strict modes
SELECT window_funnel('10 minutes', 'any_order,strict_order', ts, e, ARRAY['a', 'b']) FROM hand;
SELECT window_funnel('10 minutes', 'any_order,strict_once', ts, e, ARRAY['a', 'b']) FROM hand;
-- gaps: NULL, wrong length, not positive, two dimensions, any_order, changing per row
SELECT window_funnel('1 hour', '', ts, e, ARRAY['a', 'b', 'c'], NULL::interval[]) FROM g;
SELECT window_funnel('1 hour', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['5 minutes']::interval[]) FROM g;
SELECT window_funnel('1 hour', '', ts, e, ARRAY['a'], ARRAY['5 minutes']::interval[]) FROM g;
SELECT window_funnel('1 hour', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['5 minutes', '-1 minute']::interval[]) FROM g;
SELECT window_funnel('1 hour', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY['0 minutes', NULL]::interval[]) FROM g;
SELECT window_funnel('1 hour', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY[['5 minutes', NULL]]::interval[]) FROM g;
SELECT window_funnel('1 hour', 'any_order', ts, e, ARRAY['a', 'b', 'c'], ARRAY['5 minutes', NULL]::interval[]) FROM g;
SELECT funnel_counts(u, interval '1 hour', 'any_order', ts, e, ARRAY['a', 'b', 'c'], ARRAY['5 minutes', NULL]::interval[]) FROM g;
SELECT window_funnel('1 hour', '', ts, e, ARRAY['a', 'b', 'c'], ARRAY[(u * 5) * interval '1 minute', NULL]) FROM g;
SELECT funnel_counts(u, interval '1 hour', '', ts, e, ARRAY['a', 'b', 'c'], NULL::interval[]) FROM g;
-- the same errors over stored journeys
SELECT window_funnel(journey_agg(ts, e), '1 hour', ARRAY['a', 'b', 'c'], '', ARRAY['5 minutes']::interval[]) FROM g;
SELECT funnel_times(journey_agg(ts, e), '1 hour', ARRAY['a', 'b', 'c'], 'any_order', ARRAY['5 minutes', NULL]::interval[]) FROM g;
SELECT funnel_attempts(journey_agg(ts, e), '1 hour', ARRAY['a', 'b', 'c'], '', ARRAY['5 minutes', '0 minutes']::interval[]) FROM g;
-- a one-step funnel has no gaps: an empty array
SELECT window_funnel('1 hour', '', ts, e, ARRAY['a'], '{}'::interval[]) FROM g;
-- funnel_report ranges
SELECT * FROM funnel_report('{1000,400,100,40}', NULL, 0.95, 0, 2);
SELECT * FROM funnel_report('{1000,400,100,40}', NULL, 0.95, 3, 2);
SELECT * FROM funnel_report('{1000,400,100,40}', NULL, 0.95, 2, 5);
SELECT * FROM funnel_report('{1000,400,100,40}', NULL, 0.95, NULL, 2);
SELECT * FROM funnel_report('{1000,400,100,40}', ARRAY['a', 'b'], 0.95, 1, 2);

DROP SCHEMA funnel_options CASCADE;
