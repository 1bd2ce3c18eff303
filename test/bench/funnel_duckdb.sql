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

-- pg_plain_sql
SELECT level, count(*) FROM plain_funnel_levels GROUP BY level ORDER BY level;

-- duckdb_floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;

-- duckdb_funnel
-- The same text as pg_plain_sql, over the same view: DuckDB runs
-- test/data/plain_funnel.sql unchanged (funnel_duckdb.mjs creates the view).
SELECT level, count(*) FROM plain_funnel_levels GROUP BY level ORDER BY level;
