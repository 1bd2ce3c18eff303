-- Parallel and partitioned aggregation: combine, serialize and deserialize
-- must give exactly the serial answer.  Plan shapes are asserted as
-- booleans; results are compared with EXCEPT (no rows = equal).
CREATE SCHEMA agg_parallel;
SET search_path = agg_parallel, public;

CREATE TABLE pe (u int, ts bigint, e int);
SELECT setseed(0.75);
INSERT INTO pe SELECT (random() * 2000)::int, (random() * 1000)::bigint, (random() * 5)::int FROM generate_series(1, 60000);
ANALYZE pe;

-- serial answers
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_user AS
SELECT u, window_funnel(50, ts, e = 1, e = 2, e = 3, e = 4) AS wf,
          window_funnel(50, 'strict_once,strict_order', ts, e = 1, e = 2, e = 3, e = 4) AS wf2,
          funnel_times(50, ts, e = 1, e = 2, e = 3, e = 4) AS ft,
          retention(e = 1, e = 2, e = 3) AS r
FROM pe GROUP BY u;
CREATE TABLE serial_all AS
SELECT window_funnel(50, ts, e = 1, e = 2, e = 3, e = 4) AS wf,
       funnel_times(50, ts, e = 1, e = 2, e = 3, e = 4) AS ft,
       retention(e = 1, e = 2, e = 0) AS r,
       funnel_counts(u % 5, 4) AS fc,
       journey_completion(u % 5, 4) AS jc,
       funnel_counts(ARRAY[u, u]::bigint[]) AS rollup
FROM pe;

-- force parallel plans with workers doing the work
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all

SELECT plan_has($$SELECT window_funnel(50, ts, e = 1, e = 2) FROM pe$$, 'Partial Aggregate') AS whole_table_partial;
SELECT plan_has($$SELECT u, window_funnel(50, ts, e = 1, e = 2) FROM pe GROUP BY u$$, 'Partial GroupAggregate') AS grouped_partial;

-- whole-table aggregates: every worker's state combined in the leader
SELECT count(*) AS differences FROM (
  SELECT window_funnel(50, ts, e = 1, e = 2, e = 3, e = 4) AS wf,
         funnel_times(50, ts, e = 1, e = 2, e = 3, e = 4) AS ft,
         retention(e = 1, e = 2, e = 0) AS r,
         funnel_counts(u % 5, 4) AS fc,
         journey_completion(u % 5, 4) AS jc,
         funnel_counts(ARRAY[u, u]::bigint[]) AS rollup
  FROM pe
  EXCEPT SELECT * FROM serial_all) d;
-- per user: partial states of the same user from different workers combined
SELECT count(*) AS differences FROM (
  (SELECT u, window_funnel(50, ts, e = 1, e = 2, e = 3, e = 4),
          window_funnel(50, 'strict_once,strict_order', ts, e = 1, e = 2, e = 3, e = 4),
          funnel_times(50, ts, e = 1, e = 2, e = 3, e = 4),
          retention(e = 1, e = 2, e = 3)
   FROM pe GROUP BY u
   EXCEPT SELECT * FROM serial_user)
  UNION ALL
  (SELECT * FROM serial_user
   EXCEPT
   SELECT u, window_funnel(50, ts, e = 1, e = 2, e = 3, e = 4),
          window_funnel(50, 'strict_once,strict_order', ts, e = 1, e = 2, e = 3, e = 4),
          funnel_times(50, ts, e = 1, e = 2, e = 3, e = 4),
          retention(e = 1, e = 2, e = 3)
   FROM pe GROUP BY u)) d;
-- groups whose rows all fall in one worker, or none: still equal (users 0..3)
SELECT u, window_funnel(50, ts, e = 1, e = 2, e = 3, e = 4) FROM pe WHERE u < 4 GROUP BY u
EXCEPT SELECT u, wf FROM serial_user WHERE u < 4;
SELECT window_funnel(50, ts, e = 1) AS no_rows, funnel_times(50, ts, e = 1) IS NULL AS no_times,
       funnel_counts(u, 3) IS NULL AS no_counts FROM pe WHERE u < 0;
RESET enable_hashagg;

-- a partitioned table with an empty partition and partition-wise partial
-- aggregation (each partition's states are combined)
CREATE TABLE pp (u int, ts bigint, e int) PARTITION BY RANGE (ts);
CREATE TABLE pp0 PARTITION OF pp FOR VALUES FROM (0) TO (300);
CREATE TABLE pp1 PARTITION OF pp FOR VALUES FROM (300) TO (600);
CREATE TABLE pp_empty PARTITION OF pp FOR VALUES FROM (600) TO (700);
CREATE TABLE pp2 PARTITION OF pp FOR VALUES FROM (700) TO (1001);
INSERT INTO pp SELECT * FROM pe WHERE ts < 600 OR ts >= 700;
ANALYZE pp;
SET enable_partitionwise_aggregate = on;
SELECT plan_has($$SELECT u, window_funnel(50, ts, e = 1, e = 2) FROM pp GROUP BY u$$, 'Partial') AS partitionwise_partial;
SELECT count(*) AS differences FROM (
  SELECT u, window_funnel(50, ts, e = 1, e = 2, e = 3, e = 4), funnel_times(50, ts, e = 1, e = 2, e = 3, e = 4)
  FROM pp GROUP BY u
  EXCEPT
  SELECT u, window_funnel(50, ts, e = 1, e = 2, e = 3, e = 4), funnel_times(50, ts, e = 1, e = 2, e = 3, e = 4)
  FROM (SELECT * FROM pe WHERE ts < 600 OR ts >= 700) s GROUP BY u) d;
SELECT (SELECT funnel_counts(l, 4) FROM (SELECT u, window_funnel(50, ts, e = 1, e = 2, e = 3, e = 4) l FROM pp GROUP BY u) a)
     = (SELECT funnel_counts(wf, 4) FROM (SELECT u, window_funnel(50, ts, e = 1, e = 2, e = 3, e = 4) wf FROM pe WHERE ts < 600 OR ts >= 700 GROUP BY u) b) AS counts_equal;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA agg_parallel CASCADE;
