-- The documented limits, in serial and forced-parallel plans: 1, 63 and 64
-- steps (window_funnel, funnel_times, retention, sequence_match) and 1 and
-- 63 stages (maps; 64 is an error).  The top step's bit is bit 63 of the
-- event masks: a shift by 64 there was undefined behaviour, and 63-stage
-- maps failed in every parallel plan (the state decoder).
CREATE SCHEMA limits;
SET search_path = limits, public;

-- user u does steps e1 .. e(u % 65), one a minute; rows in random order
-- spread every user's rows over the table, with noise between them
SELECT setseed(0.5);
CREATE TABLE lim AS
SELECT u, ts, e FROM (
  SELECT u, timestamptz '2025-01-01 00:00+00' + k * interval '1 minute' AS ts, 'e' || k AS e
  FROM generate_series(1, 130) u, generate_series(1, 64) k WHERE k <= u % 65
  UNION ALL
  SELECT u, timestamptz '2025-01-01 00:00+00', 'noise' FROM generate_series(1, 130) u, generate_series(1, 20)) r
ORDER BY random();
ANALYZE lim;

-- a map of n stages s1 .. sn (stage k: event ek), and the label array e1 .. en
CREATE FUNCTION map_of(n int) RETURNS text LANGUAGE sql AS $$
  SELECT '{"window": "2 days", "stages": [' ||
         string_agg(format('{"name": "s%s", "events": ["e%s"]}', k, k), ', ' ORDER BY k) || ']}'
  FROM generate_series(1, n) k $$;
CREATE FUNCTION steps_of(n int) RETURNS text[] LANGUAGE sql AS $$
  SELECT array_agg('e' || k ORDER BY k) FROM generate_series(1, n) k $$;
SELECT map_of(63) AS m63 \gset
SELECT map_of(1) AS m1 \gset

-- the answers: user u reaches level least(u % 65, n)
CREATE VIEW expected AS
SELECT u, n, least(u % 65, n) AS level FROM generate_series(1, 130) u, unnest(ARRAY[1, 63, 64]) n;

-- per user, every form, as rows (u, n, level, times, retention, matched)
CREATE FUNCTION per_user() RETURNS TABLE (u int, n int, level int, ntimes int, stage int, nstimes int, ret int, matched bool)
LANGUAGE sql AS $$
  SELECT u, 1, window_funnel('2 days', ts, e, steps_of(1)), cardinality(funnel_times('2 days', ts, e, steps_of(1))),
         furthest_stage(map_of(1), ts, e)::int, cardinality(stage_times(map_of(1), ts, e)),
         (SELECT sum(x) FROM unnest(retention(e = 'e1')) x)::int, sequence_match('(?1)', ts, e = 'e1')
  FROM lim GROUP BY u
  UNION ALL
  SELECT u, 63, window_funnel('2 days', ts, e, steps_of(63)), cardinality(funnel_times('2 days', ts, e, steps_of(63))),
         furthest_stage(map_of(63), ts, e)::int, cardinality(stage_times(map_of(63), ts, e)),
         NULL, NULL
  FROM lim GROUP BY u
  UNION ALL
  SELECT u, 64, window_funnel('2 days', ts, e, steps_of(64)), cardinality(funnel_times('2 days', ts, e, steps_of(64))),
         NULL, NULL, NULL, NULL
  FROM lim GROUP BY u $$;

-- serial: mismatches against the expected levels (0 = all right)
SET max_parallel_workers_per_gather = 0;
SELECT count(*) AS serial_mismatches FROM per_user() p JOIN expected x USING (u, n)
WHERE p.level <> x.level OR p.ntimes <> x.level
   OR (n < 64 AND (coalesce(p.stage, 0) <> x.level OR p.nstimes <> x.level))
   OR (n = 1 AND (p.ret <> least(u % 65, 1) OR p.matched <> (u % 65 >= 1)));
SELECT count(*) AS users_at_63 FROM per_user() WHERE n = 63 AND level = 63;

-- whole-table forms over user 63 (63 steps) and user 64 (64 steps)
CREATE TABLE serial_whole AS
SELECT furthest_stage(:'m63', ts, e) AS fs63, stage_times(:'m63', ts, e) AS st63,
       window_funnel('2 days', ts, e, steps_of(63)) AS wf63,
       furthest_stage(:'m1', ts, e) AS fs1
FROM lim WHERE u = 63;
SELECT fs63, cardinality(st63) AS nst63, wf63, fs1 FROM serial_whole;
SELECT window_funnel('2 days', ts, e, steps_of(64)) AS wf64, cardinality(funnel_times('2 days', ts, e, steps_of(64))) AS nft64
FROM lim WHERE u = 64;

-- forced parallel plans: the states cross the serialize/deserialize path
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT plan_has(format('SELECT furthest_stage(%L, ts, e) FROM lim WHERE u = 63', :'m63'), 'Partial Aggregate') AS partial_whole;
SELECT plan_has('SELECT u, window_funnel(''2 days'', ts, e, ARRAY[''e1'']) FROM lim GROUP BY u', 'Partial GroupAggregate') AS partial_grouped;
SELECT count(*) AS parallel_mismatches FROM per_user() p JOIN expected x USING (u, n)
WHERE p.level <> x.level OR p.ntimes <> x.level
   OR (n < 64 AND (coalesce(p.stage, 0) <> x.level OR p.nstimes <> x.level))
   OR (n = 1 AND (p.ret <> least(u % 65, 1) OR p.matched <> (u % 65 >= 1)));
SELECT count(*) AS whole_differences FROM (
  SELECT furthest_stage(:'m63', ts, e) AS fs63, stage_times(:'m63', ts, e) AS st63,
         window_funnel('2 days', ts, e, steps_of(63)) AS wf63,
         furthest_stage(:'m1', ts, e) AS fs1
  FROM lim WHERE u = 63
  EXCEPT SELECT * FROM serial_whole) d;
SELECT window_funnel('2 days', ts, e, steps_of(64)) AS wf64, cardinality(funnel_times('2 days', ts, e, steps_of(64))) AS nft64
FROM lim WHERE u = 64;
\set ECHO none
\i test/data/reset_parallel.sql
\set ECHO all

-- beyond the limits: errors
SELECT furthest_stage(map_of(64), ts, e) FROM lim WHERE u = 1;
SELECT window_funnel('2 days', ts, e, steps_of(65)) FROM lim WHERE u = 1;

DROP SCHEMA limits CASCADE;
