-- test/bench/fdw.sql -- the queries of test/bench/fdw.sh, one per "-- name"
-- events: one node; ev_shards: PARTITION BY HASH (user_id) over two
-- postgres_fdw shards (async_capable); ev_shards_sync: the same shards
-- through servers without async_capable
-- floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;
-- floor_shards
SELECT count(*) FROM (SELECT user_id, count(*) FROM ev_shards GROUP BY user_id) s;
-- report
SELECT funnel_counts(level, 4) FROM (
  SELECT user_id, window_funnel(interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id) s;
-- report_shards
SELECT funnel_counts(level, 4) FROM (
  SELECT user_id, window_funnel(interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM ev_shards GROUP BY user_id) s;
-- report_nosync
SELECT funnel_counts(level, 4) FROM (
  SELECT user_id, window_funnel(interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM ev_shards_sync GROUP BY user_id) s;
-- onepass
SELECT funnel_counts(user_id, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events;
-- onepass_shards
SELECT funnel_counts(c) FROM (
  SELECT funnel_counts(user_id, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS c FROM ev_shards_0
  UNION ALL
  SELECT funnel_counts(user_id, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM ev_shards_1) x;
