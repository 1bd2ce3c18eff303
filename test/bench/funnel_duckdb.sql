-- test/bench/funnel_duckdb.sql -- the queries test/bench/funnel_duckdb.sh times.
-- Each is preceded by a line "-- name" that the script uses to split them.
-- The pg_* queries run in PostgreSQL, the duckdb_* ones in DuckDB over the
-- same rows (user_id, ts as UTC timestamp, event, channel, revenue).  The
-- funnel is visit -> product_view -> add_to_cart -> purchase within 7 days.

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
-- The exact windowFunnel (ClickHouse's default mode, window 7 days) in plain
-- SQL, as test/data/plain_funnel.sql computes it in PostgreSQL: in each
-- user's (ts, step) order, m1 is the latest visit so far; m2 the latest
-- start m1 of a chain that a product_view within 168 hours of it extended;
-- m3 likewise for add_to_cart; the user reaches step 4 when a purchase lies
-- within 168 hours of some m3.  The latest start is always the best one to
-- extend (the window only ends later), so a running max() per step is exact.
-- A day is 24 hours, as in window_funnel; ties on ts are taken in step order.
WITH x AS (
  SELECT user_id, ts, CASE event WHEN 'visit' THEN 1 WHEN 'product_view' THEN 2
                                 WHEN 'add_to_cart' THEN 3 WHEN 'purchase' THEN 4 END AS k
  FROM events
), s1 AS (
  SELECT *, max(CASE WHEN k = 1 THEN ts END) OVER w AS m1 FROM x
  WINDOW w AS (PARTITION BY user_id ORDER BY ts, k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
), s2 AS (
  SELECT *, max(CASE WHEN k = 2 AND ts <= m1 + INTERVAL '168 hours' THEN m1 END) OVER w AS m2 FROM s1
  WINDOW w AS (PARTITION BY user_id ORDER BY ts, k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
), s3 AS (
  SELECT *, max(CASE WHEN k = 3 AND ts <= m2 + INTERVAL '168 hours' THEN m2 END) OVER w AS m3 FROM s2
  WINDOW w AS (PARTITION BY user_id ORDER BY ts, k ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
), levels AS (
  SELECT user_id,
         CASE WHEN bool_or(k = 4 AND ts <= m3 + INTERVAL '168 hours') THEN 4 WHEN bool_or(m3 IS NOT NULL) THEN 3
              WHEN bool_or(m2 IS NOT NULL) THEN 2 WHEN bool_or(m1 IS NOT NULL) THEN 1 ELSE 0 END AS level
  FROM s3
  GROUP BY user_id
)
SELECT level, count(*) FROM levels GROUP BY level ORDER BY level;
