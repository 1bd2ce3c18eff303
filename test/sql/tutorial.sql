-- docs/tutorial.md, statement by statement, over the default sample data
-- (20000 users).  The outputs shown in the tutorial are these results.
SET TIME ZONE 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
\set ECHO none
\i test/data/sample_events.sql
\set ECHO all

-- 1. the data, in its own schema journey_sample
SET search_path = journey_sample, public;
SELECT * FROM events WHERE user_id = 42 ORDER BY ts;

-- 2. one level per user
SELECT user_id,
       window_funnel('7 days', ts,
                     event = 'visit', event = 'product_view',
                     event = 'add_to_cart', event = 'purchase') AS level
FROM events
WHERE user_id BETWEEN 40 AND 45
GROUP BY user_id
ORDER BY user_id;

-- 3. the funnel report
SELECT step, name, actors,
       round(conversion::numeric, 3) AS conversion,
       round(step_conversion::numeric, 3) AS step_conversion,
       dropped,
       round(ci_low::numeric, 3) AS ci_low,
       round(ci_high::numeric, 3) AS ci_high
FROM funnel_report(
       (SELECT funnel_counts(level, 4)
        FROM (SELECT user_id,
                     window_funnel('7 days', ts, event,
                                   ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
              FROM events GROUP BY user_id) per_user),
       ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']);

-- 3b. the same counts in one pass, without GROUP BY user_id
SELECT funnel_counts(user_id, interval '7 days', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])
FROM events;

-- 4. by acquisition channel
WITH per_user AS (
  SELECT user_id,
         (array_agg(channel ORDER BY ts))[1] AS channel,
         window_funnel('7 days', ts, event,
                       ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
  FROM events GROUP BY user_id
)
SELECT channel,
       funnel_counts(level, 4) AS counts,
       round(journey_completion(level, 4)::numeric, 3) AS completion
FROM per_user
GROUP BY channel
ORDER BY completion DESC;

-- 5. weekly trend by entry week
SELECT period_start::date AS entry_week, entrants, converters AS purchased,
       round(rate::numeric, 3) AS rate,
       round(ci_low::numeric, 3) AS ci_low,
       round(ci_high::numeric, 3) AS ci_high,
       complete
FROM funnel_trend((SELECT rollup(s) FROM (
  SELECT funnel_trend_agg('week', '7 days', ts, event,
                          ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS s
  FROM events GROUP BY user_id) per_user));
-- (a check, not in the tutorial: the trend is flat.  The sample's
-- generator converts each session with probabilities that do not change
-- over time, so every complete week's interval should hold the rate of all
-- complete weeks together; with 12 weeks the intervals are taken at
-- 1 - 0.05 / 12 (Bonferroni: at 95 % each, one of 12 would miss with
-- probability 46 % even at a constant rate).  Only the last two weeks are
-- incomplete.)
WITH w AS (
  SELECT * FROM funnel_trend((SELECT rollup(s) FROM (
    SELECT funnel_trend_agg('week', '7 days', ts, event,
                            ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS s
    FROM events GROUP BY user_id) per_user), confidence => 1 - 0.05 / 12)
), pooled AS (
  SELECT sum(converters)::float8 / sum(entrants) AS p FROM w WHERE complete
)
SELECT round(p::numeric, 4) AS pooled_rate,
       count(*) FILTER (WHERE complete) AS complete_weeks,
       bool_and(ci_low <= p AND p <= ci_high) FILTER (WHERE complete) AS every_complete_week_covers_it,
       array_agg(period_start::date ORDER BY period_start) FILTER (WHERE NOT complete) AS incomplete
FROM w, pooled GROUP BY p;

-- (a check, not in the tutorial: the same trend in plain SQL, for every
-- step.  Per user and week the first visit; then the earliest view at or
-- after it, the earliest cart at or after that, the earliest purchase at
-- or after that -- the earliest choice at each step is the best one -- and
-- a step counts when it is within 7 days of the visit.)
CREATE INDEX events_user_event_ts ON events (user_id, event, ts);
WITH e AS (
  SELECT user_id, date_trunc('week', ts) AS wk, min(ts) AS entry
  FROM events WHERE event = 'visit' GROUP BY 1, 2
), v AS (
  SELECT e.*, (SELECT min(ts) FROM events x WHERE x.user_id = e.user_id AND x.event = 'product_view' AND x.ts >= e.entry) AS t2 FROM e
), c AS (
  SELECT v.*, (SELECT min(ts) FROM events x WHERE x.user_id = v.user_id AND x.event = 'add_to_cart' AND x.ts >= v.t2) AS t3 FROM v
), p AS (
  SELECT c.*, (SELECT min(ts) FROM events x WHERE x.user_id = c.user_id AND x.event = 'purchase' AND x.ts >= c.t3) AS t4 FROM c
), brute AS (
  SELECT wk, count(*) AS entrants,
         count(*) FILTER (WHERE t2 <= entry + interval '7 days') AS s2,
         count(*) FILTER (WHERE t3 <= entry + interval '7 days') AS s3,
         count(*) FILTER (WHERE t4 <= entry + interval '7 days') AS s4
  FROM p GROUP BY wk
), summary AS (
  SELECT rollup(s) AS s FROM (
    SELECT funnel_trend_agg('week', '7 days', ts, event,
                            ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS s
    FROM events GROUP BY user_id) per_user
), ours AS (
  SELECT f2.period_start AS wk, f2.entrants, f2.converters AS s2, f3.converters AS s3, f4.converters AS s4
  FROM summary, funnel_trend(s, 2) f2
  JOIN funnel_trend((SELECT s FROM summary), 3) f3 USING (period_start)
  JOIN funnel_trend((SELECT s FROM summary), 4) f4 USING (period_start)
)
SELECT (SELECT count(*) FROM brute) AS weeks,
       (SELECT count(*) FROM (SELECT * FROM brute EXCEPT SELECT * FROM ours) d) AS differ,
       (SELECT count(*) FROM (SELECT * FROM ours EXCEPT SELECT * FROM brute) d) AS differ_back;
DROP INDEX events_user_event_ts;

-- 6. time to convert
WITH chains AS (
  SELECT user_id,
         funnel_times('7 days', ts, event,
                      ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS t
  FROM events GROUP BY user_id
)
SELECT count(*) AS buyers,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY t[4] - t[1]) AS median,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY t[4] - t[1]) AS p90,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY t[3] - t[2]) AS p90_view_to_cart
FROM chains
WHERE cardinality(t) = 4;

-- 7. retention after the first visit
WITH firsts AS (
  SELECT user_id, ts, min(ts) OVER (PARTITION BY user_id) AS f
  FROM events
), per_user AS (
  SELECT user_id,
         retention(ts <  f + interval '7 days',
                   ts >= f + interval '7 days'  AND ts < f + interval '14 days',
                   ts >= f + interval '14 days' AND ts < f + interval '21 days',
                   ts >= f + interval '21 days' AND ts < f + interval '28 days') AS r
  FROM firsts
  WHERE f < '2025-03-01'
  GROUP BY user_id
)
SELECT sum(r[1]) AS week0,
       round(sum(r[2])::numeric / sum(r[1]), 3) AS week1,
       round(sum(r[3])::numeric / sum(r[1]), 3) AS week2,
       round(sum(r[4])::numeric / sum(r[1]), 3) AS week3
FROM per_user;

-- 8. store daily counts once, roll them up later
CREATE TABLE daily_funnel AS
SELECT ts::date AS day,
       funnel_counts(level, 4) AS counts
FROM (SELECT user_id, min(ts) AS ts,
             window_funnel('7 days', ts, event,
                           ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
      FROM events GROUP BY user_id) per_user
GROUP BY 1;

SELECT date_trunc('month', day)::date AS month, funnel_counts(counts) AS counts
FROM daily_funnel
GROUP BY 1
ORDER BY 1;

-- the months add up to the whole
SELECT funnel_counts(counts) FROM daily_funnel;

-- 9. store journeys once, analyse many times
CREATE TABLE journeys AS
SELECT user_id, journey_agg(ts, event) AS j FROM events GROUP BY user_id;

SELECT user_id, length(j), journey_duration(j), journey_path(j)
FROM journeys WHERE user_id = 42;

SELECT * FROM journey_sessions((SELECT j FROM journeys WHERE user_id = 42));

-- the funnel from the stored journeys: the same counts as from the raw events
SELECT funnel_counts(window_funnel(j, '7 days', ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']), 4)
FROM journeys;

-- the most common paths (repeats collapsed)
SELECT journey_path(j) AS path, count(*) AS users
FROM journeys GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5;

-- Sankey edges: transitions summed over users
SELECT t.from_label, t.to_label, sum(t.n) AS n
FROM journeys, journey_transitions(j) t
WHERE t.from_label <> t.to_label
GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 6;

-- 10. a journey map: stages instead of events
SELECT stage, count(*) AS users
FROM (SELECT furthest_stage('{
        "window": "7 days",
        "stages": [
          {"name": "interest",  "events": ["visit", "product_view"]},
          {"name": "intent",    "events": ["add_to_cart"]},
          {"name": "purchase",  "events": ["purchase"], "within": "1 hour"}
        ]}', j) AS stage
      FROM journeys) s
GROUP BY 1 ORDER BY 1;

-- 11. sequences: a cart followed by a purchase within an hour, and how
-- often users went straight from a product view to the cart
SELECT count(*) FILTER (WHERE bought_within_hour) AS bought_within_hour,
       count(*) FILTER (WHERE straight_to_cart > 0) AS users_straight_to_cart,
       sum(straight_to_cart) AS times_straight_to_cart
FROM (SELECT user_id,
             sequence_match('(?1)(?t<=3600)(?2)', ts, event = 'add_to_cart', event = 'purchase') AS bought_within_hour,
             sequence_count('(?1)(?2)', ts, event = 'product_view', event = 'add_to_cart') AS straight_to_cart
      FROM events GROUP BY user_id) s;

-- the same over the stored journeys
SELECT count(*) FILTER (WHERE sequence_match(j, '(?1)(?t<=3600)(?2)', '{add_to_cart,purchase}')) AS bought_within_hour
FROM journeys;

-- what users did right after their first add_to_cart (NULL: nothing)
SELECT after_cart, count(*) AS users
FROM (SELECT sequence_next_node('forward', 'first_match', ts, event, true, event = 'add_to_cart') AS after_cart
      FROM events GROUP BY user_id HAVING bool_or(event = 'add_to_cart')) s
GROUP BY 1 ORDER BY 2 DESC;

-- the path reports
SELECT * FROM next_steps((SELECT next_step_agg(j, '{add_to_cart}') FROM journeys));
SELECT * FROM next_steps((SELECT next_step_agg(j, '{purchase}', 'backward', 'last_match') FROM journeys), 3);
SELECT * FROM top_paths((SELECT path_agg(j, 4) FROM journeys), 5);
-- the same as the query-text forms of 0.1.0
SELECT (SELECT array_agg(s ORDER BY rank) FROM next_steps((SELECT next_step_agg(j, '{purchase}', 'backward', 'last_match') FROM journeys), 3) s)
     = (SELECT array_agg(s ORDER BY rank) FROM next_steps('SELECT j FROM journeys', '{purchase}', 3, 'backward', 'last_match') s) AS next_same,
       (SELECT array_agg(s ORDER BY rank) FROM top_paths((SELECT path_agg(j, 4) FROM journeys), 5) s)
     = (SELECT array_agg(s ORDER BY rank) FROM top_paths('SELECT j FROM journeys', 4, 5) s) AS top_same;

SELECT c.channel, p.rank, p.path, p.actors
FROM (SELECT e.channel, path_agg(j, 2) AS s
      FROM journeys JOIN (SELECT DISTINCT ON (user_id) user_id, channel FROM events ORDER BY user_id, ts) e USING (user_id)
      GROUP BY e.channel) c,
     LATERAL top_paths(c.s, 2) p
ORDER BY c.channel, p.rank;

-- 12. segments: RFM, lifecycle, cohorts, comparing two channels
SELECT (r).segment, count(*) AS customers, round(avg((r).monetary)::numeric, 2) AS avg_revenue
FROM (SELECT rfm_score(s, '2025-04-01') OVER (ORDER BY user_id) AS r
      FROM (SELECT user_id, rfm_agg(ts, revenue) AS s
            FROM events WHERE event = 'purchase' GROUP BY user_id) per_customer) scored
GROUP BY 1 ORDER BY 2 DESC, 1;

CREATE TABLE activity AS SELECT activity_agg(user_id, ts) AS s FROM events;
SELECT * FROM lifecycle((SELECT s FROM activity), 'month');

SELECT cohort::date, period, cohort_size, retained, round(rate::numeric, 3) AS rate
FROM cohort_retention((SELECT s FROM activity), 'month');
-- the same as the query-text forms of 0.1.0
SELECT (SELECT array_agg(l ORDER BY period_start) FROM lifecycle((SELECT s FROM activity), 'month') l)
     = (SELECT array_agg(l ORDER BY period_start) FROM lifecycle('SELECT user_id, ts FROM events', 'month') l) AS lifecycle_same,
       (SELECT array_agg(c ORDER BY cohort, period) FROM cohort_retention((SELECT s FROM activity), 'month') c)
     = (SELECT array_agg(c ORDER BY cohort, period) FROM cohort_retention('SELECT user_id, ts FROM events', 'month') c) AS cohorts_same;

SELECT e.level, count(*) AS users FROM journeys, journey_engagement(j) e GROUP BY 1 ORDER BY 1;

WITH per_user AS (
  SELECT user_id, (array_agg(channel ORDER BY ts))[1] AS channel,
         window_funnel('7 days', ts, event = 'visit', event = 'product_view',
                       event = 'add_to_cart', event = 'purchase') AS level
  FROM events GROUP BY user_id
), c AS (SELECT channel, funnel_counts(level, 4) AS counts FROM per_user GROUP BY channel)
SELECT step, name, actors_a AS email, actors_b AS search,
       round(conversion_a::numeric, 3) AS email_conv, round(conversion_b::numeric, 3) AS search_conv,
       round(z::numeric, 2) AS z, round(p_value::numeric, 4) AS p_value
FROM funnel_compare((SELECT counts FROM c WHERE channel = 'email'),
                    (SELECT counts FROM c WHERE channel = 'search'),
                    '{visit,product_view,add_to_cart,purchase}');

-- 13. attribution
CREATE TABLE channel_journeys AS
SELECT user_id, journey_agg(ts, CASE WHEN event = 'purchase' THEN 'purchase' ELSE channel END) AS j
FROM events WHERE event IN ('visit', 'purchase') GROUP BY user_id;

SELECT channel, round(sum(credit)::numeric, 1) AS purchases
FROM channel_journeys, attribution(j, 'purchase', 'position') GROUP BY 1 ORDER BY 2 DESC;

CREATE TABLE channel_summary AS SELECT attribution_agg(j, 'purchase') AS s FROM channel_journeys;
SELECT channel, round(removal_effect::numeric, 3) AS removal_effect, round(credit::numeric, 1) AS credit
FROM markov_attribution((SELECT s FROM channel_summary)) ORDER BY credit DESC;

SELECT channel, round(credit::numeric, 1) AS credit
FROM shapley_attribution((SELECT s FROM channel_summary)) ORDER BY credit DESC;

RESET search_path;

-- 14. funnel options from PostHog, Amplitude and Mixpanel
SET search_path = journey_sample, public;
SELECT funnel_counts(user_id, interval '7 days', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS users,
       funnel_counts(user_id, interval '7 days', 'first_time', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS first_attempt,
       funnel_counts(user_id, interval '7 days', 'totals', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS attempts
FROM events;

-- (a check, not in the tutorial: first_attempt in plain SQL.  Per user the
-- first visit, then the earliest view at or after it, the earliest cart at
-- or after that, the earliest purchase at or after that, each within 7
-- days of the visit.)
CREATE TEMP TABLE tut_ev AS
SELECT user_id, ts, event FROM events WHERE event IN ('visit', 'product_view', 'add_to_cart', 'purchase');
CREATE INDEX ON tut_ev (user_id, event, ts);
ANALYZE tut_ev;
WITH f AS (SELECT user_id, min(ts) AS v FROM tut_ev WHERE event = 'visit' GROUP BY user_id),
p AS (SELECT f.*, (SELECT min(ts) FROM tut_ev e WHERE e.user_id = f.user_id AND e.event = 'product_view'
                   AND e.ts >= f.v AND e.ts <= f.v + interval '7 days') AS p FROM f),
c AS (SELECT p.*, (SELECT min(ts) FROM tut_ev e WHERE e.user_id = p.user_id AND e.event = 'add_to_cart'
                   AND e.ts >= p.p AND e.ts <= p.v + interval '7 days') AS c FROM p),
b AS (SELECT c.*, (SELECT min(ts) FROM tut_ev e WHERE e.user_id = c.user_id AND e.event = 'purchase'
                   AND e.ts >= c.c AND e.ts <= c.v + interval '7 days') AS b FROM c)
SELECT ARRAY[count(*), count(p), count(c), count(b)]
       = (SELECT funnel_counts(user_id, interval '7 days', 'first_time', ts, event,
                               ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events)
       AS first_attempt_as_plain_sql
FROM b;

-- (a check, not in the tutorial: attempts in plain SQL.  After time t the
-- next attempt completes at the earliest purchase b > t that has a visit
-- v > t, a view and a cart in order between them, and b within 7 days of
-- v; the next attempt starts after b.  After the last completion, the
-- remaining attempt counts at the steps it reaches.)
WITH RECURSIVE att(u, t, n) AS (
  SELECT DISTINCT user_id, '-infinity'::timestamptz, 0 FROM tut_ev
  UNION ALL
  SELECT att.u, x.b, att.n + 1
  FROM att, LATERAL (SELECT min(b.ts) AS b FROM tut_ev b
       WHERE b.user_id = att.u AND b.event = 'purchase' AND b.ts > att.t
         AND EXISTS (SELECT 1 FROM tut_ev v
                     JOIN tut_ev w ON w.user_id = v.user_id AND w.event = 'product_view' AND w.ts >= v.ts
                     JOIN tut_ev c ON c.user_id = v.user_id AND c.event = 'add_to_cart' AND c.ts >= w.ts
                     WHERE v.user_id = att.u AND v.event = 'visit' AND v.ts > att.t
                       AND c.ts <= b.ts AND b.ts <= v.ts + interval '7 days')) x
  WHERE x.b IS NOT NULL),
last AS (SELECT u, max(n) AS n, max(t) AS t FROM att GROUP BY u),
rest AS (SELECT l.u, l.n,
   EXISTS (SELECT 1 FROM tut_ev v WHERE v.user_id = l.u AND v.event = 'visit' AND v.ts > l.t) AS s1,
   EXISTS (SELECT 1 FROM tut_ev v
           JOIN tut_ev w ON w.user_id = v.user_id AND w.event = 'product_view' AND w.ts >= v.ts
                        AND w.ts <= v.ts + interval '7 days'
           WHERE v.user_id = l.u AND v.event = 'visit' AND v.ts > l.t) AS s2,
   EXISTS (SELECT 1 FROM tut_ev v
           JOIN tut_ev w ON w.user_id = v.user_id AND w.event = 'product_view' AND w.ts >= v.ts
           JOIN tut_ev c ON c.user_id = v.user_id AND c.event = 'add_to_cart' AND c.ts >= w.ts
                        AND c.ts <= v.ts + interval '7 days'
           WHERE v.user_id = l.u AND v.event = 'visit' AND v.ts > l.t) AS s3
   FROM last l)
SELECT ARRAY[sum(n) + count(*) FILTER (WHERE s1), sum(n) + count(*) FILTER (WHERE s2),
             sum(n) + count(*) FILTER (WHERE s3), sum(n)]
       = (SELECT funnel_counts(user_id, interval '7 days', 'totals', ts, event,
                               ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events)
       AS attempts_as_plain_sql
FROM rest;

SELECT step, name, actors, round(conversion::numeric, 3) AS conversion,
       round(step_conversion::numeric, 3) AS step_conversion
FROM funnel_report((SELECT funnel_counts(user_id, interval '7 days', 'totals', ts, event,
                                         ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])
                    FROM events),
                   ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], 0.95, 2);

WITH chains AS (
  SELECT user_id,
         funnel_props(channel, '7 days', ts, event,
                      ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS p
  FROM events GROUP BY user_id
), touch AS (
  SELECT coalesce(p[1], '(none)') AS value, cardinality(p) AS level
  FROM chains WHERE cardinality(p) > 0
), ranked AS (
  SELECT value, level, dense_rank() OVER (ORDER BY entrants DESC, value) AS rank
  FROM (SELECT value, level, count(*) OVER (PARTITION BY value) AS entrants FROM touch) c
)
SELECT CASE WHEN rank <= 3 THEN min(value) ELSE 'Other' END AS first_touch,
       count(DISTINCT value) AS values_folded,
       funnel_counts(level, 4) AS counts
FROM ranked GROUP BY rank <= 3, CASE WHEN rank <= 3 THEN rank END
ORDER BY rank <= 3 DESC, min(rank);

-- (a check, not in the tutorial: each user's first touch is the channel of
-- the visit at funnel_times' first step)
WITH c AS (
  SELECT user_id,
         funnel_props(channel, '7 days', ts, event,
                      ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS p,
         funnel_times('7 days', ts, event,
                      ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS t
  FROM events GROUP BY user_id)
SELECT count(*) AS users, count(*) FILTER (WHERE c.p[1] = v.channel) AS first_touch_is_that_visit
FROM c LEFT JOIN (SELECT e.user_id, min(e.channel) AS channel
                  FROM events e JOIN c ON c.user_id = e.user_id AND e.ts = c.t[1]
                  WHERE e.event = 'visit' GROUP BY e.user_id) v USING (user_id);

SELECT policy, funnel_counts(user_id, format('{"window": "7 days",
         "stages": [{"name": "view", "events": ["product_view"]},
                    {"name": "cart", "events": ["add_to_cart"]},
                    {"name": "buy",  "events": ["purchase"]}],
         "exclude": [{"events": ["visit"], "from": "cart", "to": "buy", "policy": "%s"}]}',
         policy), ts, event) AS counts
FROM events, (VALUES ('end_attempt'), ('leave')) p(policy)
GROUP BY policy ORDER BY policy;

-- (a check, not in the tutorial: both rows in plain SQL.  end_attempt: a
-- user reaches buy when a view v, a cart c and a purchase b follow in order
-- with b within 7 days of v and no visit in (c, b].  leave: a user drops out
-- when a visit x follows a view and a cart (v <= c < x, x within 7 days of
-- v) before the funnel's first completion (or when there is none); the
-- others count at the level of the plain funnel.)
CREATE TEMP TABLE tut_lv AS
SELECT user_id, window_funnel(interval '7 days', ts, event, ARRAY['product_view', 'add_to_cart', 'purchase']) AS level
FROM events GROUP BY user_id;
CREATE TEMP TABLE tut_done AS
SELECT v.user_id, min(b.ts) AS t FROM tut_ev v
JOIN tut_ev c ON c.user_id = v.user_id AND c.event = 'add_to_cart' AND c.ts >= v.ts
JOIN tut_ev b ON b.user_id = v.user_id AND b.event = 'purchase' AND b.ts >= c.ts AND b.ts <= v.ts + interval '7 days'
WHERE v.event = 'product_view' GROUP BY 1;
CREATE TEMP TABLE tut_left AS
SELECT DISTINCT v.user_id FROM tut_ev v
JOIN tut_ev c ON c.user_id = v.user_id AND c.event = 'add_to_cart' AND c.ts >= v.ts
JOIN tut_ev x ON x.user_id = v.user_id AND x.event = 'visit' AND x.ts > c.ts AND x.ts <= v.ts + interval '7 days'
LEFT JOIN tut_done d ON d.user_id = v.user_id
WHERE v.event = 'product_view' AND (d.t IS NULL OR d.t >= x.ts);
SELECT ARRAY[count(*) FILTER (WHERE level >= 1), count(*) FILTER (WHERE level >= 2),
             (SELECT count(DISTINCT v.user_id) FROM tut_ev v
              JOIN tut_ev c ON c.user_id = v.user_id AND c.event = 'add_to_cart' AND c.ts >= v.ts
              JOIN tut_ev b ON b.user_id = v.user_id AND b.event = 'purchase' AND b.ts >= c.ts
                           AND b.ts <= v.ts + interval '7 days'
              WHERE v.event = 'product_view'
                AND NOT EXISTS (SELECT 1 FROM tut_ev x WHERE x.user_id = v.user_id AND x.event = 'visit'
                                AND x.ts > c.ts AND x.ts <= b.ts))] AS end_attempt,
       (SELECT ARRAY[count(*) FILTER (WHERE level >= 1), count(*) FILTER (WHERE level >= 2),
                     count(*) FILTER (WHERE level >= 3)]
        FROM tut_lv WHERE user_id NOT IN (SELECT user_id FROM tut_left)) AS leave
FROM tut_lv;

SELECT bin, bin_start, bin_end, actors
FROM duration_histogram((
  SELECT array_agg(t[4] - t[1]) FROM (
    SELECT funnel_times('7 days', ts, event,
                        ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS t
    FROM events GROUP BY user_id) s
  WHERE cardinality(t) = 4), 14)
WHERE actors > 0;

-- 15. why do people convert, and where do the others go
-- drivers: the channels seen between the entry and the purchase (or the
-- end of the 7-day window), as features
SELECT feature, converters_with, nonconverters_with,
       round(odds_ratio::numeric, 3) AS odds_ratio,
       round(ci_low::numeric, 3) AS ci_low, round(ci_high::numeric, 3) AS ci_high,
       to_char(p_value, '9.99EEEE') AS p_value, to_char(q_value, '9.99EEEE') AS q_value
FROM conversion_drivers((
  SELECT driver_agg(f) FROM (
    SELECT user_id,
           funnel_features('7 days', ts, event,
                           ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], 4,
                           'channel=' || channel) AS f
    FROM events GROUP BY user_id) per_user));

-- (a check, not in the tutorial: the 2x2 counts in plain SQL, from each
-- user's chain: rows from the chain's visit up to the purchase, or up to
-- 7 days after the visit for those who did not buy; no rows: equal)
CREATE TEMP TABLE tut_chain AS
SELECT user_id, funnel_times('7 days', ts, event,
                             ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS t
FROM events GROUP BY user_id;
ANALYZE tut_chain;
WITH seen AS (
  SELECT DISTINCT c.user_id, cardinality(c.t) = 4 AS converted, 'channel=' || e.channel AS feature
  FROM tut_chain c JOIN events e ON e.user_id = c.user_id AND e.ts >= c.t[1]
   AND CASE WHEN cardinality(c.t) = 4 THEN e.ts < c.t[4] ELSE e.ts <= c.t[1] + interval '7 days' END),
plain AS (
  SELECT feature, count(*) FILTER (WHERE converted) AS cw, count(*) FILTER (WHERE NOT converted) AS nw
  FROM seen GROUP BY feature),
totals AS (SELECT count(*) FILTER (WHERE cardinality(t) = 4) AS conv, count(*) FILTER (WHERE cardinality(t) < 4) AS non FROM tut_chain)
(SELECT feature, cw, conv - cw, nw, non - nw,
        round(((cw::float8 * (non - nw)) / ((conv - cw)::float8 * nw))::numeric, 12) FROM plain, totals
 EXCEPT
 SELECT feature, converters_with, converters_without, nonconverters_with, nonconverters_without, round(odds_ratio::numeric, 12)
 FROM conversion_drivers((SELECT driver_agg(f) FROM (SELECT funnel_features('7 days', ts, event,
            ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], 4, 'channel=' || channel) AS f
            FROM events GROUP BY user_id) s)))
UNION ALL
(SELECT feature, converters_with, converters_without, nonconverters_with, nonconverters_without, round(odds_ratio::numeric, 12)
 FROM conversion_drivers((SELECT driver_agg(f) FROM (SELECT funnel_features('7 days', ts, event,
            ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], 4, 'channel=' || channel) AS f
            FROM events GROUP BY user_id) s))
 EXCEPT
 SELECT feature, cw, conv - cw, nw, non - nw,
        round(((cw::float8 * (non - nw)) / ((conv - cw)::float8 * nw))::numeric, 12) FROM plain, totals);

-- every channel against the rest: the channel of the visit that started
-- each user's funnel (funnel_props' p[1]) as the segment
CREATE TEMP TABLE first_touch AS
SELECT user_id,
       window_funnel('7 days', ts, event,
                     ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level,
       funnel_props(channel, '7 days', ts, event,
                    ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS p
FROM events GROUP BY user_id;
SELECT segment, step, actors, round(conversion::numeric, 3) AS conversion,
       round(rest_conversion::numeric, 3) AS rest, round(diff::numeric, 3) AS diff,
       round(z::numeric, 1) AS z, test, to_char(p_holm, '9.9EEEE') AS p_holm
FROM funnel_segments((SELECT segment_agg(p[1], level, 4) FROM first_touch))
WHERE step = 4;

-- (a check, not in the tutorial: each channel's users at each step, and the
-- rest's, in plain SQL from the channel of the chain's first visit; no
-- rows: equal)
WITH u AS (
  SELECT c.user_id, cardinality(c.t) AS level, min(e.channel) AS ch
  FROM tut_chain c JOIN events e ON e.user_id = c.user_id AND e.ts = c.t[1] AND e.event = 'visit'
  GROUP BY c.user_id, c.t),
plain AS (
  SELECT s.ch, k AS step, count(*) FILTER (WHERE u.ch = s.ch AND u.level >= k) AS actors,
         count(*) FILTER (WHERE u.ch <> s.ch AND u.level >= k) AS rest
  FROM u, (SELECT DISTINCT ch FROM u) s, generate_series(1, 4) k GROUP BY 1, 2)
SELECT * FROM plain
EXCEPT SELECT segment, step, actors, rest_actors FROM funnel_segments((SELECT segment_agg(p[1], level, 4) FROM first_touch));

-- where do the others go: after the cart of those who put something in
-- it and did not buy within 7 days
SELECT * FROM path_edges((
  SELECT path_edges_agg(journey_after_dropoff(j, '7 days',
                          ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']), 5)
  FROM journeys
  WHERE window_funnel(j, '7 days', ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) = 3));

-- (a check, not in the tutorial: the same edges in plain SQL: each such
-- user's events from the cart the chain reached, repeats collapsed,
-- numbered, joined to the next; a path shorter than 5 nodes ends in
-- (dropped); no rows: equal)
WITH ev AS (
  SELECT e.user_id, e.ts, e.event, lag(e.event) OVER (PARTITION BY e.user_id ORDER BY e.ts) AS prev
  FROM tut_chain c JOIN events e ON e.user_id = c.user_id AND e.ts >= c.t[3]
  WHERE cardinality(c.t) = 3),
nodes AS (
  SELECT user_id, event, row_number() OVER (PARTITION BY user_id ORDER BY ts) AS n
  FROM ev WHERE prev IS DISTINCT FROM event),
edges AS (
  SELECT a.n::int AS depth, a.n || ':' || a.event AS source,
         coalesce(b.n || ':' || b.event, (a.n + 1) || ':(dropped)') AS target, a.user_id
  FROM nodes a LEFT JOIN nodes b ON b.user_id = a.user_id AND b.n = a.n + 1
  WHERE a.n < 5),
plain AS (SELECT depth, source, target, count(*) AS actors, count(*) AS transitions FROM edges GROUP BY 1, 2, 3),
ours AS (SELECT * FROM path_edges((
  SELECT path_edges_agg(journey_after_dropoff(j, '7 days',
                          ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']), 5)
  FROM journeys
  WHERE window_funnel(j, '7 days', ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) = 3)))
(SELECT * FROM plain EXCEPT SELECT * FROM ours) UNION ALL (SELECT * FROM ours EXCEPT SELECT * FROM plain);

-- path cleaning: a product view and a cart are one node, "browse"
SELECT * FROM path_edges((
  SELECT path_edges_agg(journey_after_dropoff(j, '7 days',
                          ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']),
                        5, NULL, 'forward', 'first', true,
                        ARRAY['^(product_view|add_to_cart)$', 'browse'])
  FROM journeys
  WHERE window_funnel(j, '7 days', ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) = 3))
WHERE depth <= 2;

-- 16. how often they come back, and what a cohort is worth
SELECT periods AS days, actors, cumulative AS at_least,
       round(share::numeric, 3) AS share, round(cumulative_share::numeric, 3) AS share_at_least
FROM stickiness((SELECT activity_agg(user_id, ts) FROM events), 'day', 'week')
WHERE window_start = '2025-02-03';

-- (a check, not in the tutorial: days per user in that week, in plain SQL)
WITH d AS (
  SELECT user_id, count(DISTINCT ts::date) AS days FROM events
  WHERE ts >= '2025-02-03' AND ts < '2025-02-10' GROUP BY user_id)
SELECT k AS days, count(*) FILTER (WHERE days = k) AS actors, count(*) FILTER (WHERE days >= k) AS at_least
FROM d, generate_series(1, 7) k GROUP BY k
EXCEPT
SELECT periods, actors, cumulative FROM stickiness((SELECT activity_agg(user_id, ts) FROM events), 'day', 'week')
WHERE window_start = '2025-02-03';

SELECT cohort::date AS cohort, period, cohort_size, active,
       round(value::numeric, 2) AS revenue, round(value_per_active::numeric, 2) AS per_active,
       round(net_retention::numeric, 3) AS nrr, round(ltv::numeric, 2) AS ltv
FROM value_retention((SELECT value_agg(user_id, ts, revenue, event = 'purchase') FROM events), 'month');

-- (a check, not in the tutorial: the cohort table in plain SQL: the month
-- of each buyer's first purchase, its users active (any event) in each
-- later month, their revenue, and the cumulative revenue per buyer)
WITH c AS (
  SELECT user_id, date_trunc('month', min(ts)) AS cohort FROM events WHERE event = 'purchase' GROUP BY 1),
m AS (
  SELECT c.cohort, (extract(year FROM age(date_trunc('month', e.ts), c.cohort)) * 12
                    + extract(month FROM age(date_trunc('month', e.ts), c.cohort)))::int AS period,
         count(DISTINCT e.user_id) AS active, coalesce(sum(e.revenue), 0) AS revenue
  FROM c JOIN events e ON e.user_id = c.user_id AND e.ts >= c.cohort GROUP BY 1, 2),
s AS (SELECT cohort, count(*) AS size FROM c GROUP BY 1)
SELECT m.cohort, m.period, s.size, m.active, m.revenue,
       round(sum(m.revenue) OVER (PARTITION BY m.cohort ORDER BY m.period) / s.size, 9) AS ltv
FROM m JOIN s USING (cohort)
EXCEPT
SELECT cohort, period, cohort_size, active, value::numeric, round(ltv::numeric, 9)
FROM value_retention((SELECT value_agg(user_id, ts, revenue, event = 'purchase') FROM events), 'month');

-- 17. pictures, export and the weekly numbers
\pset format unaligned
\pset tuples_only on
\o results/tutorial_funnel.svg
SELECT funnel_svg(funnel_counts(level, 4), ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])
FROM (SELECT window_funnel('7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
      FROM events GROUP BY user_id) per_user;
\o
\pset format aligned
\pset tuples_only off
\! xmllint --noout results/tutorial_funnel.svg && echo the funnel chart is well-formed

SELECT m[1]::int AS step, m[2]::bigint AS actors
FROM (SELECT funnel_svg(funnel_counts(level, 4), ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS svg
      FROM (SELECT window_funnel('7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
            FROM events GROUP BY user_id) per_user) chart,
     regexp_matches(svg, 'class="jy-bar" data-step="([0-9]+)" data-actors="([0-9]+)"', 'g') m;

SELECT doc->'columns'->2 AS third_column, doc->'rows'->3 AS last_row, json_array_length(doc->'rows') AS rows
FROM (SELECT report_json(r, 'funnel_report', '{"window": "7 days"}' ORDER BY step) AS doc
      FROM funnel_report((SELECT funnel_counts(level, 4)
                          FROM (SELECT window_funnel('7 days', ts, event,
                                         ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
                                FROM events GROUP BY user_id) per_user),
                         ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) r) d;

WITH w AS (
  SELECT period_start, entrants, converters FROM funnel_trend((SELECT rollup(s) FROM (
    SELECT funnel_trend_agg('week', '7 days', ts, event, ARRAY['visit', 'purchase']) AS s
    FROM events GROUP BY user_id) per_user))
  WHERE period_start IN ('2025-03-10', '2025-03-17'))
SELECT round(baseline::numeric, 4) AS last_week, round(current::numeric, 4) AS this_week,
       round(rel_change::numeric, 3) AS rel_change, round(rel_ci_low::numeric, 3) AS rel_low,
       round(rel_ci_high::numeric, 3) AS rel_high, round(p_value::numeric, 3) AS p, status
FROM kpi_rate_change((SELECT converters FROM w WHERE period_start = '2025-03-10'),
                     (SELECT entrants FROM w WHERE period_start = '2025-03-10'),
                     (SELECT converters FROM w WHERE period_start = '2025-03-17'),
                     (SELECT entrants FROM w WHERE period_start = '2025-03-17'), target => 0.15);

-- (a check, not in the tutorial: the two weeks' counts in plain SQL, per
-- user and week the first visit and a purchase within 7 days of it, and
-- the Katz interval of their ratio written out)
WITH entry AS (
  SELECT user_id, date_trunc('week', ts) AS week, min(ts) AS t
  FROM events WHERE event = 'visit' AND ts >= '2025-03-10' AND ts < '2025-03-24' GROUP BY 1, 2),
c AS (
  SELECT e.week, count(DISTINCT e.user_id) AS n,
         count(DISTINCT e.user_id) FILTER (WHERE p.user_id IS NOT NULL) AS x
  FROM entry e LEFT JOIN events p ON p.user_id = e.user_id AND p.event = 'purchase'
    AND p.ts >= e.t AND p.ts <= e.t + interval '7 days'
  GROUP BY e.week),
k AS (
  SELECT (SELECT x FROM c WHERE week = '2025-03-10') AS x1, (SELECT n FROM c WHERE week = '2025-03-10') AS n1,
         (SELECT x FROM c WHERE week = '2025-03-17') AS x2, (SELECT n FROM c WHERE week = '2025-03-17') AS n2)
SELECT x1, n1, x2, n2,
       abs(r.rel_ci_low - (exp(ln((x2::float8 / n2) / (x1::float8 / n1))
                              - 1.959963984540054 * sqrt(1.0 / x2 - 1.0 / n2 + 1.0 / x1 - 1.0 / n1)) - 1)) < 1e-9 AS katz_low,
       abs(r.rel_ci_high - (exp(ln((x2::float8 / n2) / (x1::float8 / n1))
                               + 1.959963984540054 * sqrt(1.0 / x2 - 1.0 / n2 + 1.0 / x1 - 1.0 / n1)) - 1)) < 1e-9 AS katz_high
FROM k, kpi_rate_change(x1, n1, x2, n2, 0.15) r;

-- 18. who will buy again, and what they are worth
CREATE TABLE rfm AS
SELECT user_id, (customer_summary(ts, revenue, '2025-02-28', 'day', '2025-03-31')).*
FROM events WHERE event = 'purchase' GROUP BY user_id;
SELECT * FROM rfm WHERE user_id IN (5, 11, 12, 16014) ORDER BY user_id;
CREATE TABLE models AS
SELECT pareto_nbd_fit(frequency, recency, age) AS purchases,
       gamma_gamma_fit(frequency, monetary) AS spend
FROM rfm;
SELECT (purchases).converged, (purchases).customers,
       round(((purchases).s / (purchases).beta)::numeric, 4) AS dropout_per_day,
       round(((spend).p * (spend).gamma / ((spend).q - 1))::numeric, 2) AS mean_spend
FROM models;
SELECT r.user_id, r.frequency, r.recency, r.age,
       round(p.probability_alive::numeric, 3) AS alive,
       round(p.expected_purchases::numeric, 3) AS purchases_90d,
       round(p.clv::numeric, 2) AS clv_90d
FROM rfm r, models m,
     LATERAL customer_prediction(m.purchases, m.spend, r.frequency, r.recency, r.age,
                                 r.monetary, 90, 0.00026) p
WHERE r.frequency IS NOT NULL
ORDER BY p.clv DESC, r.user_id
LIMIT 5;
SELECT least(frequency, 2) AS repeat_purchases, count(*) AS customers,
       sum(holdout_frequency) AS march_actual,
       round(sum(expected_purchases(m.purchases, frequency, recency, age, 31))) AS march_predicted
FROM rfm, models m
WHERE frequency IS NOT NULL
GROUP BY 1 ORDER BY 1;
DROP TABLE rfm, models;

RESET search_path;
RESET TIME ZONE;
RESET DateStyle;
RESET IntervalStyle;
SET client_min_messages = warning;
DROP SCHEMA journey_sample CASCADE;
