-- test/bench/partitionwise.sql -- the queries test/bench/partitionwise.sh
-- times, over events and over ev_part (the same rows, hash-partitioned by
-- user_id into 4 partitions), with enable_partitionwise_aggregate on.
-- Each is preceded by a line "-- name" that the script uses to split them.

-- floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;

-- floor_part
SELECT count(*) FROM (SELECT user_id, count(*) FROM ev_part GROUP BY user_id) s;

-- per_user
SELECT funnel_counts(level, 4) FROM (
  SELECT user_id, window_funnel('7 days', ts, event,
                                ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id) s;

-- per_user_part
SELECT funnel_counts(level, 4) FROM (
  SELECT user_id, window_funnel('7 days', ts, event,
                                ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM ev_part GROUP BY user_id) s;

-- onepass
SELECT funnel_counts(user_id, interval '7 days', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])
FROM events;

-- onepass_part
SELECT funnel_counts(user_id, interval '7 days', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])
FROM ev_part;

-- onepass_part_append
SELECT funnel_counts(user_id, interval '7 days', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])
FROM (SELECT * FROM ev_part OFFSET 0) e;

-- onepass_part_sum
SELECT funnel_counts(c) FROM (
  SELECT funnel_counts(user_id, interval '7 days', ts, event,
                       ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS c
  FROM (SELECT tableoid AS part, * FROM ev_part OFFSET 0) e GROUP BY part) s;

-- per_user_map
SELECT funnel_counts(coalesce(s::int, 0), 4) FROM (
  SELECT user_id, furthest_stage('{"window": "7 days", "stages": [{"name": "visit", "events": ["visit"]},
    {"name": "view", "events": ["product_view"]}, {"name": "cart", "events": ["add_to_cart"]},
    {"name": "buy", "events": ["purchase"]}]}', ts, event) AS s
  FROM events GROUP BY user_id) x;

-- onepass_map
SELECT funnel_counts(user_id, '{"window": "7 days", "stages": [{"name": "visit", "events": ["visit"]},
    {"name": "view", "events": ["product_view"]}, {"name": "cart", "events": ["add_to_cart"]},
    {"name": "buy", "events": ["purchase"]}]}', ts, event)
FROM events;
