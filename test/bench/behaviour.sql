-- test/bench/behaviour.sql -- the queries test/bench/behaviour.sh times.
-- Each is preceded by a line "-- name" that the script uses to split them;
-- each report comes with a plain-SQL formulation of the same rows.

-- floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;

-- labels
SELECT level, count(*) FROM (
  SELECT user_id, window_funnel('7 days', ts, event,
                                ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id) s
GROUP BY level ORDER BY level;

-- drivers
SELECT feature, converters_with, nonconverters_with, odds_ratio, p_value, q_value
FROM conversion_drivers((
  SELECT driver_agg(f) FROM (
    SELECT user_id, funnel_features('7 days', ts, event,
                                    ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], 4,
                                    'channel=' || channel) AS f
    FROM events GROUP BY user_id) s));

-- drivers_sql
WITH c AS (
  SELECT user_id, funnel_times('7 days', ts, event,
                               ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS t
  FROM events GROUP BY user_id),
seen AS (
  SELECT DISTINCT c.user_id, cardinality(c.t) = 4 AS converted, e.channel
  FROM c JOIN events e ON e.user_id = c.user_id AND e.ts >= c.t[1]
   AND CASE WHEN cardinality(c.t) = 4 THEN e.ts < c.t[4] ELSE e.ts <= c.t[1] + interval '7 days' END)
SELECT channel, count(*) FILTER (WHERE converted), count(*) FILTER (WHERE NOT converted)
FROM seen GROUP BY channel ORDER BY channel;

-- segments
SELECT segment, step, actors, rest_actors, z, p_holm
FROM funnel_segments((
  SELECT segment_agg(p[1], level, 4) FROM (
    SELECT user_id,
           window_funnel('7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level,
           funnel_props(channel, '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS p
    FROM events GROUP BY user_id) s));

-- segments_sql
WITH f AS (
  SELECT DISTINCT ON (user_id) user_id, channel FROM events WHERE event = 'visit' ORDER BY user_id, ts, channel),
l AS (
  SELECT user_id, window_funnel('7 days', ts, event,
                                ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id)
SELECT f.channel, k, count(*) FILTER (WHERE l.level >= k)
FROM f JOIN l USING (user_id), generate_series(1, 4) k GROUP BY 1, 2 ORDER BY 1, 2;

-- edges
SELECT * FROM path_edges((SELECT path_edges_agg(j, 5) FROM journeys));

-- edges_sql
WITH ev AS (
  SELECT user_id, ts, event, lag(event) OVER (PARTITION BY user_id ORDER BY ts, event) AS prev FROM events),
n AS (
  SELECT user_id, event, row_number() OVER (PARTITION BY user_id ORDER BY ts, event) AS n
  FROM ev WHERE prev IS DISTINCT FROM event),
e AS (
  SELECT a.n, a.event AS source, coalesce(b.event, '(dropped)') AS target
  FROM n a LEFT JOIN n b ON b.user_id = a.user_id AND b.n = a.n + 1 WHERE a.n < 5)
SELECT n, source, target, count(*) FROM e GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

-- stickiness
SELECT * FROM stickiness((SELECT activity_agg(user_id, ts) FROM events), 'day', 'week');

-- stickiness_sql
WITH d AS (
  SELECT date_trunc('week', ts) AS w, user_id, count(DISTINCT ts::date) AS days
  FROM events GROUP BY 1, 2)
SELECT w, days, count(*) FROM d GROUP BY 1, 2 ORDER BY 1, 2;

-- value
SELECT * FROM value_retention((SELECT value_agg(user_id, ts, revenue, event = 'purchase') FROM events), 'month');

-- value_sql
WITH c AS (
  SELECT user_id, date_trunc('month', min(ts)) AS cohort FROM events WHERE event = 'purchase' GROUP BY 1),
m AS (
  SELECT c.cohort, date_trunc('month', e.ts) AS month, count(DISTINCT e.user_id) AS active,
         coalesce(sum(e.revenue), 0) AS revenue
  FROM c JOIN events e ON e.user_id = c.user_id AND e.ts >= c.cohort GROUP BY 1, 2)
SELECT cohort, month, active, revenue,
       sum(revenue) OVER (PARTITION BY cohort ORDER BY month) AS cumulative
FROM m ORDER BY 1, 2;
