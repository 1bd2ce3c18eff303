-- window_funnel: ClickHouse windowFunnel semantics (semantics-clickhouse.md
-- sections 2 and 6), default mode.  Expected values: ClickHouse's test
-- 00632_aggregation_window_funnel and 01646 where the case comes from there
-- (newest revision), otherwise worked by hand from the rules in
-- docs/funnels.md; each statement says which in its comment.
CREATE SCHEMA window_funnel;
SET search_path = window_funnel, public;

CREATE TABLE funnel_test (ts bigint, event int);
INSERT INTO funnel_test SELECT i, 1000 + i FROM generate_series(0, 8) i;

-- 00632: one to four steps, window 10000: 1, 2, 3, 4
SELECT window_funnel(10000, ts, event = 1000) FROM funnel_test;
SELECT window_funnel(10000, ts, event = 1000, event = 1001) FROM funnel_test;
SELECT window_funnel(10000, ts, event = 1000, event = 1001, event = 1002) FROM funnel_test;
SELECT window_funnel(10000, ts, event = 1000, event = 1001, event = 1002, event = 1008) FROM funnel_test;
-- 00632: a single condition gives 1 whatever the window
SELECT window_funnel(1, ts, event = 1000) FROM funnel_test;
-- 00632: the window is inclusive and measured from step 1 (t=3): 3, 4, 5
SELECT window_funnel(2, ts, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) FROM funnel_test;
SELECT window_funnel(3, ts, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) FROM funnel_test;
SELECT window_funnel(4, ts, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) FROM funnel_test;
-- 00632 (funnel_test2, t >= 1): order matters: 2, then 1008 before 1001 never happens: 1
SELECT window_funnel(10000, ts, event = 1001, event = 1008) FROM funnel_test WHERE ts >= 1;
SELECT window_funnel(10000, ts, event = 1008, event = 1001) FROM funnel_test WHERE ts >= 1;
-- 00632: overlapping range conditions, window 4: 4
SELECT window_funnel(4, ts, event <= 1007, event >= 1002, event <= 1006, event >= 1004) FROM funnel_test WHERE ts >= 1;
-- 00632: UInt64 timestamps around 1e14: 5, 2, 1
SELECT window_funnel(4, ts + 100000000000000, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) FROM funnel_test;
SELECT window_funnel(10000, ts + 100000000000000, event = 1001, event = 1008) FROM funnel_test;
SELECT window_funnel(10000, ts + 100000000000000, event = 1008, event = 1001) FROM funnel_test;
-- 00632: a step repeated (1005 at 50 and 51) does not matter by default: 7
CREATE TABLE funnel_strict (ts bigint, event int);
INSERT INTO funnel_strict VALUES (0,1000),(10,1001),(20,1002),(30,1003),(40,1004),(50,1005),(51,1005),(60,1006),(70,1007),(80,1008);
SELECT window_funnel(10000, ts, event = 1000, event = 1001, event = 1002, event = 1003, event = 1004, event = 1005, event = 1006) FROM funnel_strict;

-- input order does not matter: the same rows stored in reverse give 5 and 4
CREATE TABLE funnel_rev AS SELECT * FROM funnel_test ORDER BY ts DESC;
SELECT window_funnel(4, ts, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) FROM funnel_rev;
SELECT window_funnel(10000, ts, event = 1000, event = 1001, event = 1002, event = 1008) FROM funnel_rev;

-- 01646: ties are ordered by condition, not by arrival: both users reach 2,
-- whichever condition comes first (by hand: same timestamp, step 1 first)
CREATE TABLE ties (u int, ts bigint, event int);
INSERT INTO ties VALUES (1, 5, 1004), (1, 5, 1003), (2, 5, 1003), (2, 5, 1004);
SELECT u, window_funnel(10, ts, event = 1004, event = 1003) FROM ties GROUP BY u ORDER BY u;
SELECT u, window_funnel(10, ts, event = 1003, event = 1004) FROM ties GROUP BY u ORDER BY u;

-- 00632: one row satisfying several conditions climbs several levels: 3
SELECT window_funnel(10000, ts, event = 1004, event = 1004, event = 1004) FROM funnel_test;
-- by hand: a row satisfying steps 1 and 3 fills both only if step 2 is
-- between: begin_checkout(1,3) view(2) begin_checkout(1,3) pay(4) -> 4
CREATE TABLE shop (u int, ts bigint, action text);
INSERT INTO shop VALUES (1,100,'begin_checkout'),(1,200,'view'),(1,300,'begin_checkout'),(1,400,'pay');
SELECT window_funnel(600, ts, action = 'begin_checkout', action = 'view', action = 'begin_checkout', action = 'pay') FROM shop;

-- 00632 (non-null test), written without COALESCE: a NULL condition is
-- false and does not drop the row.  Users 1..4: [2,2,0,0], [2,1,0,0],
-- [0,0,1,0], [0,0,1,2]
CREATE TABLE nn (dt timestamptz, u int, a text, b text);
INSERT INTO nn VALUES
  ('2020-01-01 00:00:01+00', 1, 'a1', 'b1'), ('2020-01-01 00:00:02+00', 1, 'a2', 'b2'),
  ('2020-01-01 00:00:01+00', 2, 'a1', NULL), ('2020-01-01 00:00:02+00', 2, 'a2', NULL),
  ('2020-01-01 00:00:01+00', 3, NULL, NULL),
  ('2020-01-01 00:00:01+00', 4, NULL, 'b1'), ('2020-01-01 00:00:02+00', 4, 'a2', NULL), ('2020-01-01 00:00:03+00', 4, NULL, 'b3');
SELECT u, window_funnel('1 day', dt, a = 'a1', a = 'a2') FROM nn GROUP BY u ORDER BY u;
SELECT u, window_funnel('1 day', dt, a = 'a1', b = 'b2') FROM nn GROUP BY u ORDER BY u;
SELECT u, window_funnel('1 day', dt, a IS NULL AND b IS NULL) FROM nn GROUP BY u ORDER BY u;
SELECT u, window_funnel('1 day', dt, a IS NULL, b = 'b3') FROM nn GROUP BY u ORDER BY u;

-- by hand: a row with a NULL timestamp is ignored (user 2's step 2 has none): 2 and 1
CREATE TABLE nullts (u int, ts bigint, e text);
INSERT INTO nullts VALUES (1, 1, 'a'), (1, 2, 'b'), (2, 1, 'a'), (2, NULL, 'b');
SELECT u, window_funnel(10, ts, e = 'a', e = 'b') FROM nullts GROUP BY u ORDER BY u;

-- by hand: empty input gives 0, no matching row gives 0, one event gives 1
SELECT window_funnel(10, ts, event = 1000) FROM funnel_test WHERE false;
SELECT window_funnel(10, ts, event = 1, event = 2) FROM funnel_test;
SELECT window_funnel(10, ts, event = 1003, event = 1004) FROM funnel_test WHERE ts = 3;
-- by hand: duplicate rows change nothing: 3
SELECT window_funnel(10, ts, event = 1000, event = 1001, event = 1002) FROM (SELECT * FROM funnel_test UNION ALL SELECT * FROM funnel_test) d;

-- timestamptz and an interval window: the 00632 case in seconds: 5, then 4 and 3
CREATE TABLE funnel_tz AS SELECT timestamptz '2018-01-01 01:01:00+00' + ts * interval '1 second' AS ts, event FROM funnel_test;
SELECT window_funnel('4 seconds', ts, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) FROM funnel_tz;
SELECT window_funnel('3 seconds', ts, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) FROM funnel_tz;
SELECT window_funnel('2.5 seconds', ts, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) FROM funnel_tz;
-- timestamp without time zone: 5
SELECT window_funnel('4 seconds', ts::timestamp, event = 1003, event = 1004, event = 1005, event = 1006, event = 1007) FROM funnel_tz;
-- by hand: a month counts 30 days, a day 24 hours: 30 days later is inside '1 mon' (2), 31 days is not (1)
SELECT window_funnel('1 mon', ts, e = 'a', e = 'b') FROM (VALUES (timestamptz '2025-01-01', 'a'), ('2025-01-31', 'b')) v(ts, e);
SELECT window_funnel('1 mon', ts, e = 'a', e = 'b') FROM (VALUES (timestamptz '2025-01-01', 'a'), ('2025-02-01', 'b')) v(ts, e);
SELECT window_funnel('1 day', ts, e = 'a', e = 'b') FROM (VALUES (timestamptz '2025-01-01', 'a'), ('2025-01-02', 'b')) v(ts, e);
SELECT window_funnel('1 day -1 microsecond', ts, e = 'a', e = 'b') FROM (VALUES (timestamptz '2025-01-01', 'a'), ('2025-01-02', 'b')) v(ts, e);
-- by hand: infinite timestamps are ordinary extreme values: 2, then 1
SELECT window_funnel('1 day', ts, e = 'a', e = 'b') FROM (VALUES (timestamptz '-infinity', 'a'), ('-infinity', 'b')) v(ts, e);
SELECT window_funnel('1 day', ts, e = 'a', e = 'b') FROM (VALUES (timestamptz '-infinity', 'a'), ('infinity', 'b')) v(ts, e);
-- by hand: bigint extremes do not overflow the window test: 1, 2
SELECT window_funnel(9223372036854775807, ts, e = 'a', e = 'b') FROM (VALUES (-9223372036854775808, 'a'), (9223372036854775807, 'b')) v(ts, e);
SELECT window_funnel(9223372036854775807, ts, e = 'a', e = 'b') FROM (VALUES (0, 'a'), (9223372036854775807, 'b')) v(ts, e);

-- by hand: the window may come from a column and differ between groups:
-- user 1 (1 day) misses the 'b' 36 hours later (1), user 2 (2 days) does not (2)
SELECT u, window_funnel(w, ts, e = 'a', e = 'b') FROM (VALUES
  (1, interval '1 day', timestamptz '2025-01-01 00:00+00', 'a'), (1, '1 day', '2025-01-02 12:00+00', 'b'),
  (2, '2 days', '2025-01-01 00:00+00', 'a'), (2, '2 days', '2025-01-02 12:00+00', 'b')) v(u, w, ts, e)
GROUP BY u ORDER BY u;

-- by hand: 64 conditions all true on one row climb to 64
SELECT window_funnel(1, 0::bigint, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true);

-- by hand: as a window function the level grows row by row: 1 1 2 3 3
SELECT ts, e, window_funnel(10, ts, e = 'a', e = 'b', e = 'c') OVER (ORDER BY ts) FROM (VALUES (1::bigint, 'a'), (2, 'x'), (3, 'b'), (4, 'c'), (5, 'a')) v(ts, e) ORDER BY ts;

-- by hand: FILTER restricts the rows: without the 'b' row the level is 1
SELECT window_funnel(10, ts, e = 'a', e = 'b') FILTER (WHERE e <> 'b') FROM (VALUES (1::bigint, 'a'), (2, 'b')) v(ts, e);

-- an independent check on random data with many ties: the exact plain-SQL
-- formulation (each step keeps the latest possible start, by window
-- functions over the (ts, step) order) must agree for every actor
SELECT setseed(0.5);
CREATE TABLE rnd AS
SELECT (random() * 300)::int AS u, (random() * 20)::bigint AS ts, (random() * 4)::int AS e
FROM generate_series(1, 3000);
CREATE TABLE rnd_sql AS
WITH x AS (
  SELECT u, ts, k FROM rnd, LATERAL (VALUES (1, e = 1), (2, e = 2), (3, e = 3), (4, e IN (1, 3))) c(k, hit) WHERE hit
), s1 AS (
  SELECT *, max(CASE WHEN k = 1 THEN ts END) OVER w AS m1 FROM x WINDOW w AS (PARTITION BY u ORDER BY ts, k ROWS UNBOUNDED PRECEDING)
), s2 AS (
  SELECT *, max(CASE WHEN k = 2 AND ts - m1 <= 5 THEN m1 END) OVER w AS m2 FROM s1 WINDOW w AS (PARTITION BY u ORDER BY ts, k ROWS UNBOUNDED PRECEDING)
), s3 AS (
  SELECT *, max(CASE WHEN k = 3 AND ts - m2 <= 5 THEN m2 END) OVER w AS m3 FROM s2 WINDOW w AS (PARTITION BY u ORDER BY ts, k ROWS UNBOUNDED PRECEDING)
)
SELECT u, CASE WHEN bool_or(k = 4 AND ts - m3 <= 5) THEN 4 WHEN bool_or(m3 IS NOT NULL) THEN 3
               WHEN bool_or(m2 IS NOT NULL) THEN 2 WHEN bool_or(m1 IS NOT NULL) THEN 1 ELSE 0 END AS level
FROM s3 GROUP BY u;
SELECT count(*) AS actors,
       count(*) FILTER (WHERE f.level IS DISTINCT FROM coalesce(s.level, 0)) AS mismatches,
       count(*) FILTER (WHERE f.level = 4) > 0 AS some_complete,
       count(DISTINCT f.level) AS distinct_levels
FROM (SELECT u, window_funnel(5, ts, e = 1, e = 2, e = 3, e IN (1, 3)) AS level FROM rnd GROUP BY u) f
LEFT JOIN rnd_sql s USING (u);

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA window_funnel CASCADE;
