-- test/bench/funnel.sql -- the queries test/bench/funnel.sh times.
-- Each is preceded by a line "-- name" that the script uses to split them.

-- floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;

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
WITH x AS (
  SELECT user_id, ts, CASE event WHEN 'visit' THEN 1 WHEN 'product_view' THEN 2
                                 WHEN 'add_to_cart' THEN 3 WHEN 'purchase' THEN 4 END AS k
  FROM events
), s1 AS (
  SELECT *, max(CASE WHEN k = 1 THEN ts END) OVER w AS m1 FROM x
  WINDOW w AS (PARTITION BY user_id ORDER BY ts, k ROWS UNBOUNDED PRECEDING)
), s2 AS (
  SELECT *, max(CASE WHEN k = 2 AND ts <= m1 + interval '168 hours' THEN m1 END) OVER w AS m2 FROM s1
  WINDOW w AS (PARTITION BY user_id ORDER BY ts, k ROWS UNBOUNDED PRECEDING)
), s3 AS (
  SELECT *, max(CASE WHEN k = 3 AND ts <= m2 + interval '168 hours' THEN m2 END) OVER w AS m3 FROM s2
  WINDOW w AS (PARTITION BY user_id ORDER BY ts, k ROWS UNBOUNDED PRECEDING)
), per_user AS (
  SELECT user_id,
         CASE WHEN bool_or(k = 4 AND ts <= m3 + interval '168 hours') THEN 4 WHEN bool_or(m3 IS NOT NULL) THEN 3
              WHEN bool_or(m2 IS NOT NULL) THEN 2 WHEN bool_or(m1 IS NOT NULL) THEN 1 ELSE 0 END AS level
  FROM s3 GROUP BY user_id
)
SELECT level, count(*) FROM per_user GROUP BY level ORDER BY level;
