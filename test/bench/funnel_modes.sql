-- test/bench/funnel_modes.sql -- the queries test/bench/funnel_modes.sh times.
-- Each is preceded by a line "-- name" that the script uses to split them.

-- labels
SELECT level, count(*) FROM (
  SELECT user_id, window_funnel('7 days', ts, event,
                                ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id) s
GROUP BY level ORDER BY level;

-- any_order
SELECT level, count(*) FROM (
  SELECT user_id, window_funnel('7 days', 'any_order', ts, event,
                                ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id) s
GROUP BY level ORDER BY level;

-- gaps
SELECT level, count(*) FROM (
  SELECT user_id, window_funnel('7 days', '', ts, event,
                                ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'],
                                ARRAY['1 hour', '1 hour', '1 hour']::interval[]) AS level
  FROM events GROUP BY user_id) s
GROUP BY level ORDER BY level;

-- attempts
SELECT funnel_counts(a) FROM (
  SELECT user_id, funnel_attempts('7 days', ts, event,
                                  ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS a
  FROM events GROUP BY user_id) s;

-- onepass
SELECT funnel_counts(user_id, interval '7 days', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events;

-- onepass_totals
SELECT funnel_counts(user_id, interval '7 days', 'totals', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events;
