-- funnel_times: the step timestamps of the chain window_funnel reports.
-- Rule (docs/funnels.md): a complete funnel reports the chain completed by
-- the first entry that completes it; otherwise the chain ending at the
-- latest entry that reached the highest level; among chains ending there,
-- the latest start.  Expected values worked by hand.
CREATE SCHEMA funnel_times;
SET search_path = funnel_times, public;

-- visit@1 view@2 visit@10 view@11 visit@30 view@31 buy@40
CREATE TABLE t (ts bigint, e text);
INSERT INTO t VALUES (1,'v'),(2,'p'),(10,'v'),(11,'p'),(30,'v'),(31,'p'),(40,'b');
-- window 20: only the attempt started at 30 completes: {30,31,40}, level 3
SELECT funnel_times(20, ts, e = 'v', e = 'p', e = 'b'), window_funnel(20, ts, e = 'v', e = 'p', e = 'b') FROM t;
-- window 50: every attempt could complete at 40; the latest start wins: {30,31,40}
SELECT funnel_times(50, ts, e = 'v', e = 'p', e = 'b') FROM t;
-- a never-matching 4th step: level 3, the latest chain reaching it: {30,31,40}
SELECT funnel_times(39, ts, e = 'v', e = 'p', e = 'b', e = 'x') FROM t;
-- window 5: buy is too late for any start: level 2, latest reach: {30,31}
SELECT funnel_times(5, ts, e = 'v', e = 'p', e = 'b') FROM t;
-- the first completion, not the last: a second buy@41 changes nothing: {30,31,40}
SELECT funnel_times(20, ts, e = 'v', e = 'p', e = 'b') FROM (SELECT * FROM t UNION ALL VALUES (41::bigint, 'b')) u;
-- level 0: an empty array; no rows at all: NULL
SELECT funnel_times(20, ts, e = 'x', e = 'v') FROM t;
SELECT funnel_times(20, ts, e = 'v') FROM t WHERE false;
-- one condition: the first event that satisfies it: {1}
SELECT funnel_times(20, ts, e = 'v') FROM t;
-- ties: one row for two steps gives the same timestamp twice: {2,2}
SELECT funnel_times(5, ts, e = 'p', e = 'p') FROM t WHERE ts = 2;
-- strict_once: one row cannot fill both: level 1, {2}
SELECT funnel_times(5, 'strict_once', ts, e = 'p', e = 'p') FROM t WHERE ts = 2;
-- strict_order: the 'p' row matches no step and stops the scan after step 1: {1}
SELECT funnel_times(50, 'strict_order', ts, e = 'v', e = 'b') FROM t;

-- the element type follows the timestamp type
SELECT pg_typeof(funnel_times('1 hour', ts, true)) FROM (VALUES (now())) v(ts);
SELECT pg_typeof(funnel_times('1 hour', ts, true)) FROM (VALUES (now()::timestamp)) v(ts);
SELECT pg_typeof(funnel_times(1, ts, true)) FROM (VALUES (1::bigint)) v(ts);
SELECT pg_typeof(funnel_times('1 hour', '', ts, true)) FROM (VALUES (now())) v(ts);
SELECT pg_typeof(funnel_times('1 hour', '', ts, true)) FROM (VALUES (now()::timestamp)) v(ts);
SELECT pg_typeof(funnel_times(1, '', ts, true)) FROM (VALUES (1::bigint)) v(ts);

-- timestamps: time to convert per user, and entry date for trends
CREATE TABLE ev (u int, ts timestamptz, e text);
INSERT INTO ev VALUES
  (1, '2025-03-01 10:00+00', 'visit'), (1, '2025-03-01 10:05+00', 'cart'), (1, '2025-03-02 09:00+00', 'buy'),
  (2, '2025-03-03 12:00+00', 'visit'), (2, '2025-03-03 12:30+00', 'cart'),
  (3, '2025-03-04 08:00+00', 'cart');
SET TIME ZONE 'UTC';
-- user 1: {10:00, 10:05, next day 09:00}, converted in 23:00:00; user 2: 2 steps; user 3: {}
SELECT u, funnel_times('7 days', ts, e = 'visit', e = 'cart', e = 'buy') AS times FROM ev GROUP BY u ORDER BY u;
SELECT u, t[3] - t[1] AS time_to_convert, date_trunc('day', t[1]) AS entry_day
FROM (SELECT u, funnel_times('7 days', ts, e = 'visit', e = 'cart', e = 'buy') t FROM ev GROUP BY u) s ORDER BY u;
-- timestamp without time zone: Mar 01 10:00, Mar 01 10:05, Mar 02 09:00
SELECT funnel_times('7 days', ts::timestamp, e = 'visit', e = 'cart', e = 'buy') FROM ev WHERE u = 1;
RESET TIME ZONE;

-- agreement with window_funnel: cardinality(times) is the level, on random data
SELECT setseed(0.25);
CREATE TABLE rnd AS SELECT (random() * 200)::int AS u, (random() * 30)::bigint AS ts, (random() * 3)::int AS e FROM generate_series(1, 2000);
SELECT count(*) AS actors,
       count(*) FILTER (WHERE cardinality(t) <> l) AS level_mismatches,
       count(*) FILTER (WHERE cardinality(t) >= 2 AND t[cardinality(t)] - t[1] > 8) AS outside_window,
       count(*) FILTER (WHERE t <> (SELECT array_agg(x ORDER BY x) FROM unnest(t) x)) AS unordered
FROM (SELECT u, funnel_times(8, ts, e = 1, e = 2, e = 3) t, window_funnel(8, ts, e = 1, e = 2, e = 3) l FROM rnd GROUP BY u) s;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA funnel_times CASCADE;
