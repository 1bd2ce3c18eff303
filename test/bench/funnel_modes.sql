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

-- floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;

-- first_time
SELECT level, count(*) FROM (
  SELECT user_id, window_funnel('7 days', 'first_time', ts, event,
                                ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id) s
GROUP BY level ORDER BY level;

-- times
SELECT count(*) FROM (
  SELECT user_id, funnel_times('7 days', ts, event,
                               ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS t
  FROM events GROUP BY user_id) s
WHERE cardinality(t) = 4;

-- props
SELECT p[1], count(*) FROM (
  SELECT user_id, funnel_props(channel, '7 days', ts, event,
                               ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS p
  FROM events GROUP BY user_id) s
WHERE cardinality(p) = 4 GROUP BY 1 ORDER BY 1;

-- trend
SELECT count(*) FROM funnel_trend((SELECT rollup(s) FROM (
  SELECT funnel_trend_agg('week', '7 days', ts, event,
                          ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS s
  FROM events GROUP BY user_id) per_user));
