-- The README's Quick start, run as it stands: the SQL block under
-- "## Quick start" in README.md is copied out verbatim and run (\i) over the
-- default sample data (20000 users, loaded as the README says), then every
-- answer it printed is checked against plain SQL.  When the README's
-- examples change, this output changes with them: update expected/readme.out
-- and the checks below (README.md points here).
\set ECHO none
\i test/data/sample_events.sql
\! awk '/^## Quick start/ { q = 1 } q && /^```sql$/ { f = 1; next } f && /^```$/ { exit } f' README.md > results/readme_quick_start.sql
\set ECHO all
\i results/readme_quick_start.sql

-- the checks, in the README's search_path and time zone
SHOW search_path;
\set ECHO none
\i test/data/plain_funnel.sql
\set ECHO all

-- users per furthest step = the exact plain-SQL funnel of test/data/plain_funnel.sql
WITH readme AS (
  SELECT level, count(*) AS users
  FROM (SELECT user_id,
               window_funnel('7 days', ts, event,
                             ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
        FROM events GROUP BY user_id) per_user
  GROUP BY level
), plain AS (
  SELECT level, count(*) AS users FROM plain_funnel_levels GROUP BY level
)
SELECT count(*) AS levels, count(*) FILTER (WHERE r.users IS DISTINCT FROM p.users) AS mismatches
FROM readme r FULL JOIN plain p USING (level);

-- the report: actors, dropped and conversion by counting plain-SQL levels;
-- the interval by the Wilson formula of docs/reports.md (z for 95 %)
WITH n AS (SELECT count(*)::float8 AS n FROM plain_funnel_levels),
report AS (
  SELECT *
  FROM funnel_report(
         (SELECT funnel_counts(level, 4)
          FROM (SELECT user_id,
                       window_funnel('7 days', ts, event = 'visit', event = 'product_view',
                                     event = 'add_to_cart', event = 'purchase') AS level
                FROM events GROUP BY user_id) per_user),
         ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])
), w AS (
  SELECT r.*, actors / n AS p, n, 1.959963984540054::float8 AS z FROM report r, n
)
SELECT step,
       actors = (SELECT count(*) FROM plain_funnel_levels WHERE level >= step) AS actors_ok,
       CASE WHEN step = 1 THEN dropped IS NULL
            ELSE dropped = (SELECT count(*) FROM plain_funnel_levels WHERE level = step - 1) END AS dropped_ok,
       abs(conversion - p) < 1e-12 AS conversion_ok,
       abs(ci_low - greatest(0, ((p + z * z / (2 * n)) - z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n))) < 1e-9
       AND abs(ci_high - least(1, ((p + z * z / (2 * n)) + z * sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (1 + z * z / n))) < 1e-9
         AS interval_ok
FROM w ORDER BY step;

-- retention: distinct users active in week 1, and in week 1 and week 2 / week 3
SELECT (SELECT count(DISTINCT user_id) FROM events WHERE ts < '2025-01-08') AS week1,
       (SELECT count(*) FROM (SELECT user_id FROM events WHERE ts < '2025-01-08'
                              INTERSECT SELECT user_id FROM events WHERE ts >= '2025-01-08' AND ts < '2025-01-15') s) AS week2,
       (SELECT count(*) FROM (SELECT user_id FROM events WHERE ts < '2025-01-08'
                              INTERSECT SELECT user_id FROM events WHERE ts >= '2025-01-15' AND ts < '2025-01-22') s) AS week3;

-- user 42: the path is the events in order with repeats collapsed; level 2
-- when a purchase follows a visit within 7 days
WITH o AS (
  SELECT event, ts, lag(event) OVER (ORDER BY ts, event COLLATE "C") AS prev
  FROM events WHERE user_id = 42
)
SELECT (SELECT journey_path(j) FROM journeys WHERE user_id = 42)
         = string_agg(event, ' > ' ORDER BY ts, event COLLATE "C") FILTER (WHERE prev IS DISTINCT FROM event) AS path_ok,
       (SELECT window_funnel(j, '7 days', ARRAY['visit', 'purchase']) FROM journeys WHERE user_id = 42)
         = CASE WHEN EXISTS (SELECT 1 FROM o v JOIN o b ON b.ts >= v.ts AND b.ts <= v.ts + interval '7 days'
                             WHERE v.event = 'visit' AND b.event = 'purchase') THEN 2
                WHEN bool_or(event = 'visit') THEN 1 ELSE 0 END AS level_ok
FROM o;

-- viewed and bought within a day: a product_view and a purchase at most
-- 86400 seconds later (at the same time counts: purchase is condition 2)
SELECT count(DISTINCT v.user_id) AS users
FROM events v JOIN events b USING (user_id)
WHERE v.event = 'product_view' AND b.event = 'purchase'
  AND b.ts >= v.ts AND b.ts <= v.ts + interval '86400 seconds';

-- after the cart: the event right after each user's first add_to_cart
-- (NULL: the journey ends there), in the journey's order (time, then label)
WITH o AS (
  SELECT user_id, event, row_number() OVER w AS n, lead(event) OVER w AS next
  FROM events WINDOW w AS (PARTITION BY user_id ORDER BY ts, event COLLATE "C")
), firsts AS (
  SELECT DISTINCT ON (user_id) user_id, next FROM o WHERE event = 'add_to_cart' ORDER BY user_id, n
), plain AS (
  SELECT next AS next_label, count(*) AS actors, count(*)::float8 / sum(count(*)) OVER () AS share
  FROM firsts GROUP BY 1
)
SELECT count(*) AS labels,
       count(*) FILTER (WHERE p.actors IS DISTINCT FROM s.actors OR abs(p.share - s.share) > 1e-12) AS mismatches
FROM plain p FULL JOIN next_steps((SELECT next_step_agg(j, '{add_to_cart}') FROM journeys)) s
  ON coalesce(p.next_label, '(end)') = coalesce(s.next_label, '(end)');

-- lifecycle by month: active = distinct users of the month, new = users
-- whose first event is in it, dormant = active the month before but not in it
WITH um AS (SELECT DISTINCT user_id, date_trunc('month', ts) AS m FROM events),
firsts AS (SELECT user_id, min(m) AS m FROM um GROUP BY user_id),
plain AS (
  SELECT m.m, (SELECT count(*) FROM um WHERE um.m = m.m) AS active,
         (SELECT count(*) FROM firsts f WHERE f.m = m.m) AS new,
         (SELECT count(*) FROM um p WHERE p.m = m.m - interval '1 month'
            AND NOT EXISTS (SELECT 1 FROM um c WHERE c.user_id = p.user_id AND c.m = m.m)) AS dormant
  FROM (SELECT DISTINCT m FROM um) m
)
SELECT count(*) AS months,
       count(*) FILTER (WHERE l.active <> p.active OR l.new <> p.new OR l.dormant <> p.dormant) AS mismatches
FROM lifecycle((SELECT activity_agg(user_id, ts) FROM events), 'month') l
JOIN plain p ON p.m = l.period_start;

-- RFM: every buyer is in exactly one segment, and the segments are the
-- ones of the plain-SQL ntile(5) scores (ties by user_id)
WITH c AS (SELECT user_id, max(ts) AS last, count(*) AS n, sum(revenue)::float8 AS m
           FROM events WHERE event = 'purchase' GROUP BY user_id),
scored AS (SELECT user_id, rfm_segment(ntile(5) OVER (ORDER BY '2025-04-01'::timestamptz - last DESC, user_id)::int,
                                       ntile(5) OVER (ORDER BY n, user_id)::int,
                                       ntile(5) OVER (ORDER BY m, user_id)::int) AS segment FROM c),
readme AS (SELECT user_id, (rfm_score(s, '2025-04-01') OVER (ORDER BY user_id)).segment
           FROM (SELECT user_id, rfm_agg(ts, revenue) AS s FROM events WHERE event = 'purchase' GROUP BY user_id) x)
SELECT (SELECT count(*) FROM readme) = (SELECT count(DISTINCT user_id) FROM events WHERE event = 'purchase') AS every_buyer_once,
       (SELECT count(*) FROM (SELECT * FROM readme EXCEPT SELECT * FROM scored) d) AS segment_mismatches;

-- Markov: the credits sum to the converting journeys (users who purchased),
-- over the channels of the visits
SELECT abs(sum(credit) - (SELECT count(DISTINCT user_id) FROM events WHERE event = 'purchase')) < 1e-6 AS credit_sums_to_buyers,
       array_agg(channel ORDER BY channel) = (SELECT array_agg(DISTINCT channel ORDER BY channel) FROM events WHERE event = 'visit') AS channels_ok
FROM markov_attribution((SELECT attribution_agg(j, 'purchase') FROM channel_journeys));

RESET search_path;
RESET TIME ZONE;
SET client_min_messages = warning;
DROP SCHEMA journey_sample CASCADE;
