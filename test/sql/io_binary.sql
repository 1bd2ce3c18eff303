-- Binary COPY round trips of journey and stage, and the checks of binary
-- input: a value written by COPY BINARY reads back equal; malformed bytes
-- are refused with SQLSTATE 22P03.
CREATE SCHEMA io_binary;
SET search_path = io_binary, public;

CREATE TABLE t (id int, j journey, s stage);
INSERT INTO t VALUES
  (1, '[["2025-03-01T10:00:00Z", "visit"], ["2025-03-01T10:00:00Z", "view"], ["2025-03-02T00:00:00.5Z", "été"]]', '3:decision'),
  (2, '[]', '1:a'),
  (3, '[["-infinity", "a"], ["infinity", ""]]', '2147483647:z'),
  (4, NULL, NULL);
INSERT INTO t SELECT 100 + u, journey_agg(ts, e), stage(1 + u, 'e' || u)
FROM (SELECT i % 50 AS u, timestamptz '2025-01-01' + i * interval '37 seconds' AS ts, 'e' || (i % 7) AS e
      FROM generate_series(1, 2000) i) x GROUP BY u;
\copy t TO 'results/io_binary.bin' WITH (FORMAT binary)
CREATE TABLE back (LIKE t);
\copy back FROM 'results/io_binary.bin' WITH (FORMAT binary)
SELECT count(*) AS rows,
       count(*) FILTER (WHERE b.j IS NOT DISTINCT FROM t.j AND b.s IS NOT DISTINCT FROM t.s) AS equal,
       count(*) FILTER (WHERE b.j::text IS NOT DISTINCT FROM t.j::text) AS equal_text
FROM t JOIN back b USING (id);

-- the binary forms themselves: a journey is its canonical encoding
SELECT journey_send('[["2000-01-01T00:02:00Z", "visit"], ["2000-01-01T00:04:00Z", "view"], ["2000-01-01T00:04:00Z", "visit"]]');
SELECT stage_send('3:decision');

-- binary input checks every byte: bytea fields written by COPY BINARY are
-- the raw bytes, so reading them back as journey or stage feeds those bytes
-- to journey_recv and stage_recv
CREATE TABLE raw (j bytea);
INSERT INTO raw VALUES
  -- the valid encoding of test_journey's example (visit@120 s, view@240 s, visit@240 s)
  ('\x010302057669736974047669657706f0017800000100');
\copy raw TO 'results/io_journey_ok.bin' WITH (FORMAT binary)
CREATE TABLE jin (j journey);
\copy jin FROM 'results/io_journey_ok.bin' WITH (FORMAT binary)
SELECT j FROM jin;
-- that is format version 1 (journey 0.1.0's, on disk and in dumps): it
-- reads, compares, hashes and concatenates as the same journey built now
-- (version 2); binary output writes version 2
\set ex '\'[["2000-01-01T00:02:00Z", "visit"], ["2000-01-01T00:04:00Z", "view"], ["2000-01-01T00:04:00Z", "visit"]]\''
SELECT j = :ex::journey AS eq, :ex::journey = j AS eq2, j <> :ex::journey AS ne,
       journey_hash(j) = journey_hash(:ex::journey) AS same_hash,
       journey_hash_extended(j, 42) = journey_hash_extended(:ex::journey, 42) AS same_hash_ext,
       journey_send(j) = journey_send(:ex::journey) AS sent_alike,
       j = '[["2000-01-01T00:02:00Z", "visit"]]'::journey AS eq_other,
       j || '[]' = :ex::journey AS cat_eq, length(j), journey_path(j, false),
       pg_column_size(j) AS stored_v1_size, pg_column_size(:ex::journey) AS v2_size FROM jin;
SELECT count(*) AS distinct_journeys FROM (SELECT j FROM jin UNION SELECT :ex::journey) s;
SELECT (SELECT rollup(x) FROM (SELECT j FROM jin UNION ALL SELECT '[]') r(x)) = :ex::journey AS rollup_eq;
CREATE TABLE jidx (j journey);
INSERT INTO jidx SELECT j FROM jin;
INSERT INTO jidx SELECT '[["2001-01-01T00:00:00Z", "x"]]' FROM generate_series(1, 100);
CREATE INDEX ON jidx USING hash (j);
SET enable_seqscan = off;
SELECT count(*) AS found_by_index FROM jidx WHERE j = :ex::journey;
RESET enable_seqscan;
DROP TABLE jidx;
-- version 2 through binary input: the example's bytes (test_journey.c),
-- and the same with "view" stored as bytes although it can be packed
TRUNCATE raw;
TRUNCATE jin;
INSERT INTO raw VALUES ('\x0203160bbb8bbb3909bbabf2f001780002');
\copy raw TO 'results/io_journey_v2.bin' WITH (FORMAT binary)
\copy jin FROM 'results/io_journey_v2.bin' WITH (FORMAT binary)
SELECT j = :ex::journey AS eq, pg_column_size(j) AS size FROM jin;
TRUNCATE raw;
INSERT INTO raw VALUES ('\x0203160bbb8bbb390876696577f001780002');
\copy raw TO 'results/io_journey_v2_bad.bin' WITH (FORMAT binary)
\copy jin FROM 'results/io_journey_v2_bad.bin' WITH (FORMAT binary)
TRUNCATE raw;
-- the same with the second label also "visit": refused
INSERT INTO raw VALUES ('\x01030205766973697405766973697406f0017800000100');
\copy raw TO 'results/io_journey_bad.bin' WITH (FORMAT binary)
\copy jin FROM 'results/io_journey_bad.bin' WITH (FORMAT binary)
\set VERBOSITY sqlstate
\copy jin FROM 'results/io_journey_bad.bin' WITH (FORMAT binary)
\set VERBOSITY default
TRUNCATE raw;
-- truncated
INSERT INTO raw VALUES ('\x0103020576697369');
\copy raw TO 'results/io_journey_short.bin' WITH (FORMAT binary)
\copy jin FROM 'results/io_journey_short.bin' WITH (FORMAT binary)
-- a label that is not valid UTF-8
TRUNCATE raw;
INSERT INTO raw VALUES ('\x01010102ff41000a');
\copy raw TO 'results/io_journey_enc.bin' WITH (FORMAT binary)
\copy jin FROM 'results/io_journey_enc.bin' WITH (FORMAT binary)
-- timestamps: binary input accepts exactly what text input accepts, the
-- range of timestamptz (4714-11-24 BC .. 294276-12-31) and +-infinity, so
-- every value a journey holds can be printed and read back (dump/restore).
-- Each journey below is one touch labelled "x" at scale 10^6: version 01,
-- 1 touch, 1 label, length 1, "x", scale 06, then the zigzag varint of the
-- timestamp in seconds since 2000-01-01 (computed by hand, checked by the
-- core decoder's unit test test_ts_range).
TRUNCATE raw;
TRUNCATE jin;
INSERT INTO raw VALUES
  ('\x010101017806fed9acbcef9804'),  -- 294276-12-31 23:59:59Z: the last second
  ('\x010101017806ffd58a91aa0c'),    -- 4714-11-24 00:00:00 BC: the first second
  ('\x0102020178017900ffffffffffffffffff01ffffffffffffffffff010001');  -- -infinity x, infinity y
\copy raw TO 'results/io_journey_ts_ok.bin' WITH (FORMAT binary)
\copy jin FROM 'results/io_journey_ts_ok.bin' WITH (FORMAT binary)
-- (in UTC: in PST8PDT, PostgreSQL itself prints 4714-11-24 00:00 UTC as a
-- local time of 4714-11-23 BC that it cannot read back)
SET TimeZone = 'UTC';
SELECT j, j::text::journey = j AS text_round_trips,
       journey_first_ts(j)::text::timestamptz = journey_first_ts(j) AND journey_last_ts(j)::text::timestamptz = journey_last_ts(j) AS ts_read_back
FROM jin ORDER BY journey_first_ts(j);
RESET TimeZone;
-- +294277-01-09 03:46:40Z (the issue's value, 9223372036000 s): refused
TRUNCATE raw;
INSERT INTO raw VALUES ('\x010101017806c0de82bdef9804');
\copy raw TO 'results/io_journey_ts_over.bin' WITH (FORMAT binary)
\set VERBOSITY sqlstate
\copy jin FROM 'results/io_journey_ts_over.bin' WITH (FORMAT binary)
\set VERBOSITY default
\copy jin FROM 'results/io_journey_ts_over.bin' WITH (FORMAT binary)
-- 294277-01-01 00:00:00Z, the first value past the end: refused
TRUNCATE raw;
INSERT INTO raw VALUES ('\x01010101780680daacbcef9804');
\copy raw TO 'results/io_journey_ts_end.bin' WITH (FORMAT binary)
\copy jin FROM 'results/io_journey_ts_end.bin' WITH (FORMAT binary)
-- one second before 4714-11-24 BC: refused
TRUNCATE raw;
INSERT INTO raw VALUES ('\x01010101780681d68a91aa0c');
\copy raw TO 'results/io_journey_ts_min.bin' WITH (FORMAT binary)
\copy jin FROM 'results/io_journey_ts_min.bin' WITH (FORMAT binary)
-- two touches, the second reached by a delta to 294277-01-01: refused
TRUNCATE raw;
INSERT INTO raw VALUES ('\x0102010178060080ad96deb78c02');
\copy raw TO 'results/io_journey_ts_delta.bin' WITH (FORMAT binary)
\copy jin FROM 'results/io_journey_ts_delta.bin' WITH (FORMAT binary)
SELECT count(*) AS rows_stored FROM jin;  -- the three accepted above
-- text input draws the same line
SELECT '[["294276-12-31T23:59:59.999999Z", "x"], ["-4713-11-24T00:00:00Z", "x"]]'::journey;
SELECT '[["294277-01-01T00:00:00Z", "x"]]'::journey;
SELECT '[["-4713-11-23T23:59:59.999999Z", "x"]]'::journey;
-- a stage with position 0
CREATE TABLE sraw (s bytea);
INSERT INTO sraw VALUES ('\x0000000061');
\copy sraw TO 'results/io_stage_bad.bin' WITH (FORMAT binary)
CREATE TABLE sin (s stage);
\copy sin FROM 'results/io_stage_bad.bin' WITH (FORMAT binary)
TRUNCATE sraw;
INSERT INTO sraw VALUES ('\x000000036465636973696f6e');
\copy sraw TO 'results/io_stage_ok.bin' WITH (FORMAT binary)
\copy sin FROM 'results/io_stage_ok.bin' WITH (FORMAT binary)
SELECT s FROM sin;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA io_binary CASCADE;
