-- test/bench/funnel_duckdb.sql -- the queries test/bench/funnel_duckdb.sh times.
-- Each is preceded by a line "-- name" that the script uses to split them.
-- The pg_* queries run in PostgreSQL, the duckdb_* ones in DuckDB over the
-- same rows (user_id, ts as UTC timestamp, event, channel, revenue).  The
-- funnel is visit -> product_view -> add_to_cart -> purchase within 7 days.
-- The exact plain-SQL funnel is the view plain_funnel_levels of
-- test/data/plain_funnel.sql, created in both engines from that one file.

-- pg_floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;

-- pg_per_user
SELECT level, count(*) FROM (
  SELECT user_id, window_funnel('7 days', ts, event,
                                ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id) s
GROUP BY level ORDER BY level;

-- pg_one_pass
SELECT funnel_counts(user_id, interval '7 days', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])
FROM events;

-- pg_one_pass_conditions
SELECT funnel_counts(user_id, interval '7 days', ts, event = 'visit', event = 'product_view',
                     event = 'add_to_cart', event = 'purchase')
FROM events;

-- pg_per_user_parallel
-- The per-user form with 2 parallel workers (partial aggregation per
-- worker, combined in the leader); the SETs are not timed.
\timing off
SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
\timing on
SELECT level, count(*) FROM (
  SELECT user_id, window_funnel('7 days', ts, event,
                                ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id) s
GROUP BY level ORDER BY level;
\timing off
SET max_parallel_workers_per_gather = 0; RESET parallel_setup_cost; RESET parallel_tuple_cost;
\timing on

-- pg_one_pass_parallel
\timing off
SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
\timing on
SELECT funnel_counts(user_id, interval '7 days', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])
FROM events;
\timing off
SET max_parallel_workers_per_gather = 0; RESET parallel_setup_cost; RESET parallel_tuple_cost;
\timing on

-- pg_plain_sql
SELECT level, count(*) FROM plain_funnel_levels GROUP BY level ORDER BY level;

-- duckdb_floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;

-- duckdb_funnel
-- The same text as pg_plain_sql, over the same view: DuckDB runs
-- test/data/plain_funnel.sql unchanged (funnel_duckdb.mjs creates the view).
SELECT level, count(*) FROM plain_funnel_levels GROUP BY level ORDER BY level;
