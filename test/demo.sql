-- test/demo.sql -- the reports the demo prints (run by test/demo.sh over the
-- sample data); every query here is plain SQL an analyst could write.
-- The sample data is journey_sample.events: query it as events.
SET search_path = journey_sample, public;
\pset footer off
\pset null '-'

\echo
\echo '== Funnel: visit > product_view > add_to_cart > purchase, within 7 days'
\echo
SELECT step, name, actors,
       round((100 * conversion)::numeric, 1) AS "conversion %",
       round((100 * step_conversion)::numeric, 1) AS "from previous %",
       dropped,
       round((100 * ci_low)::numeric, 1) || ' - ' || round((100 * ci_high)::numeric, 1) AS "95% interval"
FROM funnel_report(
       (SELECT funnel_counts(level, 4)
        FROM (SELECT user_id,
                     window_funnel('7 days', ts, event = 'visit', event = 'product_view',
                                   event = 'add_to_cart', event = 'purchase') AS level
              FROM events GROUP BY user_id) per_user),
       ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']);

\echo
\echo '== The same funnel by acquisition channel (the channel of each user''s first visit)'
\echo
WITH per_user AS (
  SELECT user_id,
         (array_agg(channel ORDER BY ts))[1] AS channel,
         window_funnel('7 days', ts, event = 'visit', event = 'product_view',
                       event = 'add_to_cart', event = 'purchase') AS level
  FROM events GROUP BY user_id
), per_channel AS (
  SELECT channel, funnel_counts(level, 4) AS c, journey_completion(level, 4) AS done
  FROM per_user GROUP BY channel
)
SELECT channel, c[1] AS visitors, c[2] AS viewed, c[3] AS carted, c[4] AS purchased,
       round((100 * done)::numeric, 1) AS "completion %"
FROM per_channel ORDER BY done DESC;

\echo
\echo '== Furthest stage of a journey map, by acquisition channel (share of users)'
\echo
WITH per_user AS (
  SELECT user_id,
         (array_agg(channel ORDER BY ts))[1] AS channel,
         furthest_stage('{
           "window": "7 days",
           "stages": [
             {"name": "interest", "events": ["visit", "product_view"]},
             {"name": "intent",   "events": ["add_to_cart"]},
             {"name": "purchase", "events": ["purchase"], "within": "1 hour"}
           ]}', ts, event) AS stage
  FROM events GROUP BY user_id
)
SELECT channel,
       round(100.0 * count(*) FILTER (WHERE stage::int = 1) / count(*), 1) AS "interest %",
       round(100.0 * count(*) FILTER (WHERE stage::int = 2) / count(*), 1) AS "intent %",
       round(100.0 * count(*) FILTER (WHERE stage::int = 3) / count(*), 1) AS "purchase %"
FROM per_user GROUP BY channel ORDER BY 4 DESC;

\echo
\echo '== Weekly conversion by entry week (UTC weeks): each user''s first visit of the'
\echo '   week, and whether the funnel started there reached purchase within 7 days'
\echo '   (also in the next week); "window open": less than 7 days of data after the week.'
\echo '   Dating each user by one chain instead (funnel_times t[1]) puts a non-buyer in'
\echo '   the week of the latest attempt, and counts late weeks before their purchases'
\echo '   could happen: that query shows conversion falling from 26 % to 10 %.'
\echo
SET TIME ZONE 'UTC';
SELECT to_char(period_start, 'YYYY-MM-DD') AS entry_week, entrants, converters AS purchased,
       round((100 * rate)::numeric, 1) AS "purchased %",
       round((100 * ci_low)::numeric, 1) || ' - ' || round((100 * ci_high)::numeric, 1) AS "95% interval",
       CASE WHEN complete THEN '' ELSE 'window open' END AS note
FROM funnel_trend((SELECT rollup(s) FROM (
       SELECT funnel_trend_agg('week', '7 days', ts, event = 'visit', event = 'product_view',
                               event = 'add_to_cart', event = 'purchase') AS s
       FROM events GROUP BY user_id) per_user));
RESET TIME ZONE;

\echo
\echo '== Time from visit to purchase (users who purchased): percentiles and a histogram'
\echo
WITH chains AS (
  SELECT funnel_times('7 days', ts, event = 'visit', event = 'product_view',
                      event = 'add_to_cart', event = 'purchase') AS t
  FROM events GROUP BY user_id
)
SELECT count(*) AS buyers,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY t[4] - t[1]) AS median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY t[4] - t[1]) AS p90
FROM chains WHERE cardinality(t) = 4;
WITH chains AS (
  SELECT funnel_times('7 days', ts, event = 'visit', event = 'product_view',
                      event = 'add_to_cart', event = 'purchase') AS t
  FROM events GROUP BY user_id
)
SELECT bin, bin_start AS "from", bin_end AS "to", actors AS buyers,
       repeat('#', (50 * actors / max(actors) OVER ())::int) AS " "
FROM duration_histogram((SELECT array_agg(t[4] - t[1]) FROM chains WHERE cardinality(t) = 4), 7);

\echo
\echo '== Retention: of users active in their first week, the share active again'
\echo '   in week 1, 2, 3 and 4 after it (users who started before 2025-03-01)'
\echo
WITH firsts AS (
  SELECT user_id, ts, min(ts) OVER (PARTITION BY user_id) AS f FROM events
), per_user AS (
  SELECT user_id,
         retention(ts < f + interval '7 days',
                   ts >= f + interval '7 days' AND ts < f + interval '14 days',
                   ts >= f + interval '14 days' AND ts < f + interval '21 days',
                   ts >= f + interval '21 days' AND ts < f + interval '28 days',
                   ts >= f + interval '28 days' AND ts < f + interval '35 days') AS r
  FROM firsts WHERE f < '2025-03-01' GROUP BY user_id
)
SELECT sum(r[1]) AS "week 0 users",
       round(100.0 * sum(r[2]) / sum(r[1]), 1) AS "week 1 %",
       round(100.0 * sum(r[3]) / sum(r[1]), 1) AS "week 2 %",
       round(100.0 * sum(r[4]) / sum(r[1]), 1) AS "week 3 %",
       round(100.0 * sum(r[5]) / sum(r[1]), 1) AS "week 4 %"
FROM per_user;

\echo
\echo '== RFM segments of the customers who purchased (as of 2025-04-01, preset rf_grid)'
\echo
SELECT (r).segment, count(*) AS customers,
       round(avg((r).recency_days)::numeric, 1) AS "avg days since purchase",
       round(avg((r).frequency)::numeric, 2) AS "avg purchases",
       round(avg((r).monetary)::numeric, 2) AS "avg revenue"
FROM (SELECT rfm_score(s, '2025-04-01') OVER (ORDER BY user_id) AS r
      FROM (SELECT user_id, rfm_agg(ts, revenue) AS s
            FROM events WHERE event = 'purchase' GROUP BY user_id) per_customer) scored
GROUP BY 1 ORDER BY customers DESC;

\echo
\echo '== Purchase credit by channel: last touch, linear, Markov removal effect, Shapley'
\echo
CREATE TEMP TABLE channel_journeys AS
SELECT user_id, journey_agg(ts, CASE WHEN event = 'purchase' THEN 'purchase' ELSE channel END) AS j
FROM events WHERE event IN ('visit', 'purchase') GROUP BY user_id;
SELECT m.channel,
       round(l.credit::numeric, 1) AS "last touch",
       round(lin.credit::numeric, 1) AS linear,
       round(m.credit::numeric, 1) AS markov,
       round(s.credit::numeric, 1) AS shapley
FROM (SELECT attribution_agg(j, 'purchase') AS summary FROM channel_journeys) c
CROSS JOIN LATERAL markov_attribution(c.summary) m
JOIN LATERAL shapley_attribution(c.summary) s USING (channel)
LEFT JOIN (SELECT channel, sum(credit) AS credit FROM channel_journeys, attribution(j, 'purchase', 'last') GROUP BY 1) l USING (channel)
LEFT JOIN (SELECT channel, sum(credit) AS credit FROM channel_journeys, attribution(j, 'purchase', 'linear') GROUP BY 1) lin USING (channel)
ORDER BY m.credit DESC;

\echo
\echo '== What users did right after their first add_to_cart, and the most common starts'
\echo
CREATE TEMP TABLE journeys AS SELECT user_id, journey_agg(ts, event) AS j FROM events GROUP BY user_id;
SELECT rank, coalesce(next_label, '(journey ends)') AS next_step, actors,
       round((100 * share)::numeric, 1) AS "share %"
FROM next_steps((SELECT next_step_agg(j, '{add_to_cart}') FROM journeys));
SELECT rank, path, actors, round((100 * share)::numeric, 1) AS "share %"
FROM top_paths((SELECT path_agg(j, 3) FROM journeys), 5);
