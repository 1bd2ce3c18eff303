-- The journey type: text I/O, errors, operators, accessors and SRFs.
-- Expected values worked by hand from the inputs.
CREATE SCHEMA journey_type;
SET search_path = journey_type, public;
SET TIME ZONE 'UTC';

-- text form: a JSON array of [timestamp, label]; any offset in, UTC out;
-- touches come out in (ts, label) order
SELECT '[["2025-03-01T10:05:00+01:00", "view"], ["2025-03-01T10:00:00Z", "visit"]]'::journey;
SELECT '[]'::journey, '[ ]'::journey = '[]'::journey AS same_empty;
-- ties at one timestamp are ordered by label bytes, whatever the input order
SELECT '[["2025-01-01T00:00:00Z", "b"], ["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:00:00Z", "B"]]'::journey;
-- duplicates are kept; microseconds, far years and infinities survive
SELECT '[["2025-01-01T00:00:00.000001Z", "x"], ["2025-01-01T00:00:00.000001Z", "x"]]'::journey;
SELECT '[["-infinity", "a"], ["0044-03-15T12:00:00Z", "b"], ["+10000-01-01T00:00:00Z", "c"], ["infinity", "d"]]'::journey;
-- labels may be any text: escapes, quotes, empty, non-ASCII
SELECT '[["2025-01-01T00:00:00Z", "a \"q\" \\ b\n"], ["2025-01-01T00:00:01Z", ""], ["2025-01-01T00:00:02Z", "été"]]'::journey;
SELECT journey_labels('[["2025-01-01T00:00:00Z", "a \"q\" \\ b\n"], ["2025-01-01T00:00:01Z", ""], ["2025-01-01T00:00:02Z", "\u00e9t\u00e9"]]'::journey);

-- input errors: what and where
SELECT 'nonsense'::journey;
SELECT '[["2025-01-01T00:00:00Z", "a"]'::journey;
SELECT '[["2025-01-01T00:00:00Z", "a"]] extra'::journey;
SELECT '{"ts": "2025-01-01T00:00:00Z"}'::journey;
SELECT '[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:00:00Z"]]'::journey;
SELECT '[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:00:00Z", 5]]'::journey;
SELECT '[["2025-01-01T00:00:00Z", "a"], [1735689600, "b"]]'::journey;
SELECT '[["2025-01-01T00:00:00Z", "a"], ["2025-01-01 00:00:00", "b"]]'::journey;
SELECT '[["2025-02-30T00:00:00Z", "a"]]'::journey;
SELECT '[["2025-01-01T00:00:00.1234567Z", "a"]]'::journey;
SELECT '[["300000-01-01T00:00:00Z", "a"]]'::journey;
\set VERBOSITY sqlstate
SELECT '[["2025-02-30T00:00:00Z", "a"]]'::journey;
\set VERBOSITY default

-- equality is on the touches: input order and offsets do not matter
SELECT '[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T01:00:00Z", "b"]]'::journey
     = '[["2025-01-01T02:00:00+01:00", "b"], ["2025-01-01T00:00:00Z", "a"]]'::journey AS eq,
       '[["2025-01-01T00:00:00Z", "a"]]'::journey
    <> '[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:00:00Z", "a"]]'::journey AS ne_duplicate;
-- hashing agrees with equality: one group for the two spellings
SELECT count(*) AS distinct_journeys FROM (SELECT DISTINCT j FROM (VALUES
  ('[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T01:00:00Z", "b"]]'::journey),
  ('[["2025-01-01T02:00:00+01:00", "b"], ["2025-01-01T00:00:00Z", "a"]]'::journey),
  ('[["2025-01-01T00:00:00Z", "a"]]'::journey)) v(j)) d;
-- a journey has no order: no sorting, no count(DISTINCT ...)
SELECT count(DISTINCT j) FROM (VALUES ('[]'::journey)) v(j);
SELECT j, count(*) FROM (VALUES ('[["2025-01-01T00:00:00Z", "a"]]'::journey), ('[["2025-01-01T00:00:00Z", "a"]]'::journey)) v(j) GROUP BY j;

-- || merges the touches of both
SELECT '[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T02:00:00Z", "c"]]'::journey
    || '[["2025-01-01T01:00:00Z", "b"], ["2025-01-01T02:00:00Z", "c"]]'::journey;
SELECT '[]'::journey || '[["2025-01-01T00:00:00Z", "a"]]'::journey;
SELECT journey_cat('[["2025-01-01T00:00:00Z", "b"]]', '[["2025-01-01T00:00:00Z", "a"]]');
-- hash partitioning by journey (extended hash): equal journeys, one partition
CREATE TABLE jp (j journey) PARTITION BY HASH (j);
CREATE TABLE jp0 PARTITION OF jp FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE jp1 PARTITION OF jp FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO jp SELECT format('[["2025-01-01T00:00:00Z", "e%s"]]', i % 10)::journey FROM generate_series(1, 100) i;
SELECT (SELECT count(*) FROM jp0) + (SELECT count(*) FROM jp1) AS total,
       (SELECT count(*) FROM jp0) > 0 AND (SELECT count(*) FROM jp1) > 0 AS both_used,
       (SELECT count(*) FROM jp WHERE j = '[["2025-01-01T00:00:00Z", "e3"]]') AS lookup,
       (SELECT count(*) FROM (SELECT j FROM jp0 INTERSECT SELECT j FROM jp1) x) AS in_two_partitions;
SELECT journey_hash_extended('[]', 7) = journey_hash_extended('[ ]', 7) AS stable,
       journey_hash_extended('[]', 7) <> journey_hash_extended('[]', 8) AS seeded;
-- the hash of a journey is that of its format-version-1 bytes, what journey
-- 0.1.0 hashed (values are stored in version 2 now), so hash indexes and
-- hash partitions made by 0.1.0 stay valid: one touch "a" at 00:00:01 is
-- 01 01 01 01 61 06 02 in version 1 (version, n, L, length, "a", scale,
-- zigzag 1), a string hashtext hashes with the same hash_any
SELECT journey_hash('[["2000-01-01T00:00:01Z", "a"]]') = hashtext(E'\x01\x01\x01\x01a\x06\x02') AS hash_of_v1,
       journey_hash_extended('[["2000-01-01T00:00:01Z", "a"]]', 5) = hashtextextended(E'\x01\x01\x01\x01a\x06\x02', 5) AS hash_ext_of_v1;

-- accessors over: visit 10:00, view 10:02, view 10:04, cart 10:05, visit 12:00 (next day 11:00), buy
CREATE TABLE j1 AS SELECT '[["2025-03-01T10:00:00Z", "visit"], ["2025-03-01T10:02:00Z", "view"], ["2025-03-01T10:04:00Z", "view"],
  ["2025-03-01T10:05:00Z", "cart"], ["2025-03-01T12:00:00Z", "visit"], ["2025-03-02T11:00:00Z", "buy"]]'::journey AS j;
SELECT length(j), journey_first_ts(j), journey_last_ts(j), journey_duration(j) FROM j1;
-- journey_path is STRICT since 0.2.0: a NULL collapse_repeats gives NULL (0.1.0 read it as true)
SELECT journey_labels(j), journey_path(j), journey_path(j, false), journey_path(j, NULL) IS NULL AS null_collapse FROM j1;
SELECT * FROM journey_events((SELECT j FROM j1));
-- sessions with the default 30-minute gap: 10:00-10:05, 12:00, next day 11:00
SELECT * FROM journey_sessions((SELECT j FROM j1));
-- with a 2-hour gap the first two merge (10:05 to 12:00 is 1:55)
SELECT * FROM journey_sessions((SELECT j FROM j1), '2 hours');
-- transitions: visit>view 1, view>view 1, view>cart 1, cart>visit 1, visit>buy 1
SELECT * FROM journey_transitions((SELECT j FROM j1));
-- next / previous label after the first anchor
SELECT journey_next_label(j, 'visit') AS after_visit, journey_next_label(j, 'visit', 3) AS third_after,
       journey_prev_label(j, 'cart') AS before_cart, journey_prev_label(j, 'visit') AS before_first_visit,
       journey_next_label(j, 'buy') AS after_last, journey_next_label(j, 'nothing') AS no_anchor FROM j1;
-- an empty journey
SELECT length(j), journey_first_ts(j), journey_last_ts(j), journey_duration(j), journey_labels(j), journey_path(j) FROM (SELECT '[]'::journey j) s;
SELECT count(*) FROM journey_events('[]') UNION ALL SELECT count(*) FROM journey_sessions('[]') UNION ALL SELECT count(*) FROM journey_transitions('[]');

-- errors of the accessors
SELECT * FROM journey_sessions((SELECT j FROM j1), '0 minutes');
-- journey_sessions is STRICT since 0.2.0: a NULL gap gives no rows (0.1.0 raised an error)
SELECT count(*) AS sessions_of_null_gap FROM journey_sessions((SELECT j FROM j1), NULL);
SELECT journey_next_label(j, 'visit', 0) FROM j1;
SELECT journey_duration('[["-infinity", "a"], ["2025-01-01T00:00:00Z", "b"]]'::journey);
-- the whole timestamptz range does not fit an interval: an error, not a
-- wrapped negative value; a span of 204,000 years does
SELECT journey_duration('[["-4713-11-24T00:00:00Z", "a"], ["294276-12-31T23:59:59Z", "b"]]'::journey);
SELECT journey_duration('[["-4000-01-01T00:00:00Z", "a"], ["200000-01-01T00:00:00Z", "b"]]'::journey)
     = timestamptz '200000-01-01 00:00+00' - timestamptz '4001-01-01 00:00+00 BC' AS fits;

-- NULLs: strict functions return NULL
SELECT length(NULL::journey), journey_path(NULL), journey_next_label(NULL, 'a');

RESET TIME ZONE;
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA journey_type CASCADE;
