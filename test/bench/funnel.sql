-- test/bench/funnel.sql -- the queries test/bench/funnel.sh times.
-- Each is preceded by a line "-- name" that the script uses to split them.

-- floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;

-- pg_count
SELECT n, count(*) FROM (
  SELECT user_id, count(event) AS n FROM events GROUP BY user_id) s
GROUP BY n ORDER BY n;

-- agg_overhead
SELECT level, count(*) FROM (
  SELECT user_id, window_funnel('7 days', ts, false) AS level
  FROM events GROUP BY user_id) s
GROUP BY level ORDER BY level;

-- window_funnel
SELECT level, count(*) FROM (
  SELECT user_id, window_funnel('7 days', ts, event = 'visit', event = 'product_view',
                                event = 'add_to_cart', event = 'purchase') AS level
  FROM events GROUP BY user_id) s
GROUP BY level ORDER BY level;

-- window_funnel_labels
SELECT level, count(*) FROM (
  SELECT user_id, window_funnel('7 days', ts, event,
                                ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id) s
GROUP BY level ORDER BY level;

-- plain_sql
SELECT level, count(*) FROM plain_funnel_levels GROUP BY level ORDER BY level;
