-- test/bench/journey.sql -- the queries test/bench/journey.sh times.
-- Each is preceded by a line "-- name"; results are consumed (count(x)) so
-- that PostgreSQL cannot skip computing them.

-- floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;

-- agg_overhead
SELECT count(l) FROM (SELECT user_id, window_funnel('7 days', ts, false) l FROM events GROUP BY user_id) s;

-- journey_agg
SELECT count(j) FROM (SELECT user_id, journey_agg(ts, event) j FROM events GROUP BY user_id) s;

-- array_agg
SELECT count(a) FROM (SELECT user_id, array_agg(event ORDER BY ts) a FROM events GROUP BY user_id) s;

-- array_agg_ts
SELECT count(a) FROM (SELECT user_id, array_agg(event ORDER BY ts) a, array_agg(ts ORDER BY ts) t FROM events GROUP BY user_id) s WHERE t IS NOT NULL;

-- funnel_raw
SELECT level, count(*) FROM (
  SELECT user_id, window_funnel('7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id) s
GROUP BY level ORDER BY level;

-- funnel_stored
SELECT level, count(*) FROM (
  SELECT window_funnel(j, '7 days', ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM stored) s
GROUP BY level ORDER BY level;
