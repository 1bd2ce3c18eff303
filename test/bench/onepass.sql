-- test/bench/onepass.sql -- the queries test/bench/onepass.sh times.
-- Each is preceded by a line "-- name" that the script uses to split them.

-- floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;

-- per_user
SELECT funnel_counts(level, 4) FROM (
  SELECT user_id, window_funnel('7 days', ts, event,
                                ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id) s;

-- onepass
SELECT funnel_counts(user_id, interval '7 days', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])
FROM events;

-- onepass_conditions
SELECT funnel_counts(user_id, interval '7 days', ts, event = 'visit', event = 'product_view',
                     event = 'add_to_cart', event = 'purchase')
FROM events;
