-- Large and damaged stored journeys: the accessors read the stored bytes
-- without validating them again (length reads only a prefix of a toasted
-- value), never crash on damaged bytes, and the long loops over touches
-- look at query cancels.
CREATE SCHEMA journey_large;
SET search_path = journey_large, public;

-- 2,000,000 touches, one a second, labels l0 l1 l2 in turn: about 4 MB,
-- stored out of line (compressed by default; uncompressed in big_ext)
CREATE TABLE big AS
SELECT journey_agg(timestamptz '2025-01-01 00:00:00+00' + g * interval '1 second', 'l' || (g % 3)) AS j
FROM generate_series(1, 2000000) g;
CREATE TABLE big_ext (j journey);
ALTER TABLE big_ext ALTER COLUMN j SET STORAGE EXTERNAL;
INSERT INTO big_ext SELECT j || '[]' FROM big;  -- a new value: not the compressed one
SELECT pg_column_compression(j) IS NOT NULL AS compressed, pg_column_size(j) < 1000000 AS small FROM big;
SELECT pg_column_compression(j) IS NULL AS uncompressed, pg_column_size(j) > 2000000 AS large FROM big_ext;
-- the same answers from the prefix, the first and the last touch
SELECT length(j), journey_first_ts(j) = '2025-01-01 00:00:01+00' AS first_ok,
       journey_last_ts(j) = timestamptz '2025-01-01 00:00:00+00' + interval '2000000 seconds' AS last_ok,
       journey_duration(j) = interval '1999999 seconds' AS duration_ok
FROM big;
SELECT length(j), journey_first_ts(j) = '2025-01-01 00:00:01+00' AS first_ok,
       journey_last_ts(j) = timestamptz '2025-01-01 00:00:00+00' + interval '2000000 seconds' AS last_ok
FROM big_ext;
SELECT length(j) = cardinality(journey_labels(j)) AS length_is_labels,
       (SELECT count(*) FROM journey_events(j)) = 2000000 AS events_ok,
       (journey_labels(j))[2000000] = 'l2' AS last_label_ok
FROM big;

-- Cancel: journey_events over the 2M-touch journey stops soon after
-- statement_timeout instead of after building every row.  To be robust on
-- a machine of any speed, the test measures how long the full call takes
-- here (t, the best of two runs), sets the timeout to t / 5 and checks that
-- the canceled call stopped before 0.6 t.  The timeout fires inside the
-- SRF: the journey is already stored, fetching and decoding it takes a few
-- milliseconds (the decoder looks at cancels too), and journey_events
-- materializes all its rows before it returns one, so nearly all of t is
-- the SRF's loop.  Code that looked at cancels only after that loop (or in
-- the executor afterwards) stops after at least t, and fails.
CREATE TABLE timing (ms float8);
DO $$
DECLARE
  t0 timestamptz;
BEGIN
  FOR i IN 1..2 LOOP
    t0 := clock_timestamp();
    PERFORM count(*) FROM big, journey_events(j);
    INSERT INTO timing VALUES (extract(epoch FROM clock_timestamp() - t0) * 1000);
  END LOOP;
END $$;
SELECT greatest(1, round(min(ms) / 5))::int AS timeout_ms FROM timing \gset
SET statement_timeout = :timeout_ms;
DO $$
DECLARE
  t0 timestamptz := clock_timestamp();
  t float8 := (SELECT min(ms) FROM timing);
BEGIN
  PERFORM count(*) FROM big, journey_events(j);
  RAISE NOTICE 'not canceled';
EXCEPTION WHEN query_canceled THEN
  RAISE NOTICE 'canceled before 0.6 t: %', extract(epoch FROM clock_timestamp() - t0) * 1000 < 0.6 * t;
END $$;
RESET statement_timeout;

-- Damaged stored values (what disk corruption could leave; every door
-- refuses them, so a binary-coercible cast from bytea plants them here):
-- the readers check bounds only, so they give wrong-but-safe answers or
-- the error XX001, never a crash
CREATE CAST (bytea AS journey) WITHOUT FUNCTION;
-- the dictionary "visit", "visit" (binary input refuses it: io_binary)
SELECT length(b::journey), journey_labels(b::journey)
FROM (SELECT '\x01030205766973697405766973697406f0017800000100'::bytea AS b) x;
-- 5 touches announced, nothing follows: length reads only the count
SELECT length('\x0105'::bytea::journey);
SELECT journey_first_ts('\x0105'::bytea::journey);
SELECT count(*) FROM journey_events('\x0105'::bytea::journey);
\set VERBOSITY sqlstate
SELECT journey_labels('\x0105'::bytea::journey);
\set VERBOSITY default
SELECT length('\x02'::bytea::journey);
DROP CAST (bytea AS journey);

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA journey_large CASCADE;
