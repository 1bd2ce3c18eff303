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
