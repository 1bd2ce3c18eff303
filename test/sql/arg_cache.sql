-- Arguments parsed once per call site and value (src/argcache.c): a map,
-- steps, mode or pattern that changes from row to row is parsed again on
-- each change and the old parse is freed, so memory stays flat; constants,
-- bind parameters and PL/pgSQL variables give the same answers as literals.
-- Memory is read from pg_backend_memory_contexts every 2000 rows inside the
-- query (the subquery refers to g, so it runs on those rows); before the
-- fix the alternating map of the first query grew by about 4 kB a row.
CREATE SCHEMA arg_cache;
SET search_path = arg_cache, public;

CREATE FUNCTION mem_now(g int) RETURNS bigint LANGUAGE sql AS
$$ SELECT sum(used_bytes)::bigint FROM pg_backend_memory_contexts WHERE g IS NOT NULL $$;

-- journey_stage with a map that alternates between two values: 20,000
-- changes; growth between row 2000 and row 20000 stays under 1 MB
SELECT max(m) - min(m) < 1000000 AS stage_flat, count(*) FILTER (WHERE s IS NOT NULL) AS probes
FROM (SELECT map_stage(CASE WHEN g % 2 = 0 THEN '{"stages":[{"name":"a","events":["x"]}]}'
                                ELSE '{"stages":[{"name":"b","events":["x"]}]}' END, 'x') AS s,
             CASE WHEN g % 2000 = 0 THEN mem_now(g) END AS m
      FROM generate_series(1, 20000) g) q;
-- and the answers follow the map: stage a on even rows, b on odd ones
SELECT count(*) FILTER (WHERE s::text = 'a' AND g % 2 = 0) AS a, count(*) FILTER (WHERE s::text = 'b' AND g % 2 = 1) AS b
FROM (SELECT g, map_stage(CASE WHEN g % 2 = 0 THEN '{"stages":[{"name":"a","events":["x"]}]}'
                                   ELSE '{"stages":[{"name":"b","events":["x"]}]}' END, 'x') AS s
      FROM generate_series(1, 1000) g) q;

-- journey_segment, sequence_match, window_funnel and retention over a
-- journey, with patterns, labels and modes that alternate
CREATE TABLE j AS SELECT '[["2025-01-01T00:00:00Z","a"],["2025-01-01T00:01:00Z","b"],["2025-01-01T00:02:00Z","c"]]'::journey AS j;
SELECT max(m) - min(m) < 1000000 AS segment_flat, count(*) FILTER (WHERE s = 'ab') AS ab, count(*) FILTER (WHERE s = 'ba') AS ba
FROM (SELECT journey_segment(j, '{a,b}', CASE WHEN g % 2 = 0 THEN '{(?1)(?2)}' ELSE '{(?2)(?1)}' END::text[],
                             CASE WHEN g % 2 = 0 THEN '{ab}' ELSE '{ba}' END::text[], 'none') AS s,
             CASE WHEN g % 2000 = 0 THEN mem_now(g) END AS m
      FROM j, generate_series(1, 20000) g) q;
SELECT max(m) - min(m) < 1000000 AS sequence_flat, count(*) FILTER (WHERE s) AS matched
FROM (SELECT sequence_match(j, CASE WHEN g % 2 = 0 THEN '(?1)(?2)' ELSE '(?2)(?1)' END, '{a,b}') AS s,
             CASE WHEN g % 2000 = 0 THEN mem_now(g) END AS m
      FROM j, generate_series(1, 20000) g) q;
SELECT max(m) - min(m) < 1000000 AS funnel_flat, sum(l) AS levels
FROM (SELECT window_funnel(j, '1 hour', CASE WHEN g % 2 = 0 THEN '{a,b,c}' ELSE '{c,b}' END::text[],
                           CASE WHEN g % 3 = 0 THEN 'strict_order' ELSE '' END) AS l,
             CASE WHEN g % 2000 = 0 THEN mem_now(g) END AS m
      FROM j, generate_series(1, 20000) g) q;
SELECT max(m) - min(m) < 1000000 AS retention_flat, sum(r[2]) AS second
FROM (SELECT retention(j, CASE WHEN g % 2 = 0 THEN '{a,b}' ELSE '{a,z}' END::text[]) AS r,
             CASE WHEN g % 2000 = 0 THEN mem_now(g) END AS m
      FROM j, generate_series(1, 20000) g) q;

-- furthest_stage with a map that differs by group: each group's state
-- keeps the right map (stage a, or stage c of b, c), in sorted and hashed plans
CREATE TABLE ev AS SELECT u, timestamptz '2025-01-01 00:00+00' + k * interval '1 minute' AS ts, 'x' AS e
FROM generate_series(1, 3000) u, generate_series(1, 3) k;
CREATE VIEW per_group AS
SELECT u, furthest_stage(CASE WHEN u % 2 = 0 THEN '{"stages":[{"name":"a","events":["x"]}]}'
                              ELSE '{"stages":[{"name":"b","events":["x"]},{"name":"c","events":["x"]}]}' END,
                         ts, e)::text AS s
FROM ev GROUP BY u;
SET enable_hashagg = off;
SELECT count(*) FILTER (WHERE s = CASE WHEN u % 2 = 0 THEN 'a' ELSE 'c' END) AS right_sorted, count(*) AS users FROM per_group;
SET enable_hashagg = on;
SET enable_sort = off;
SELECT count(*) FILTER (WHERE s = CASE WHEN u % 2 = 0 THEN 'a' ELSE 'c' END) AS right_hashed, count(*) AS users FROM per_group;
RESET enable_sort;
RESET enable_hashagg;
-- ... and in a parallel plan (the states cross serialize and deserialize)
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT plan_has('SELECT * FROM per_group', 'Partial GroupAggregate') AS partial;
SELECT count(*) FILTER (WHERE s = CASE WHEN u % 2 = 0 THEN 'a' ELSE 'c' END) AS right_parallel, count(*) AS users FROM per_group;
-- a whole-table aggregate whose map changes between rows is an error
SELECT furthest_stage(CASE WHEN u % 2 = 0 THEN '{"stages":[{"name":"a","events":["x"]}]}'
                           ELSE '{"stages":[{"name":"b","events":["x"]}]}' END, ts, e) FROM ev;
\set ECHO none
\i test/data/reset_parallel.sql
\set ECHO all

-- bind parameters: a prepared statement gives the literal's answers
PREPARE fs(text) AS SELECT u, furthest_stage($1, ts, e)::text AS s FROM ev WHERE u <= 3 GROUP BY u ORDER BY u;
EXECUTE fs('{"stages":[{"name":"p","events":["x"]},{"name":"q","events":["x"]}]}');
EXECUTE fs('{"stages":[{"name":"r","events":["x"]}]}');
PREPARE st(text, text) AS SELECT map_stage($1, $2)::text AS s;
EXECUTE st('{"stages":[{"name":"a","events":["x"]}]}', 'x');
EXECUTE st('{"stages":[{"name":"b","events":["y"]},{"name":"c","events":["x"]}]}', 'x');

-- PL/pgSQL variables: a simple expression evaluated again with a new value
-- of its variable gives the new answer
DO $$
DECLARE
  maps text[] := ARRAY['{"stages":[{"name":"a","events":["x"]}]}',
                       '{"stages":[{"name":"b","events":["y"]},{"name":"c","events":["x"]}]}'];
  m text;
  s stage;
  got text := '';
BEGIN
  FOREACH m IN ARRAY maps || maps LOOP
    s := map_stage(m, 'x');
    got := got || s::text || ' ';
  END LOOP;
  RAISE NOTICE 'stages: %', got;
END $$;

DROP SCHEMA arg_cache CASCADE;
