-- The shipped sample data: window_funnel over every user equals the exact
-- plain-SQL formulation of the same funnel (the one the benchmark times),
-- and funnel_counts equals counting levels by hand.
CREATE SCHEMA sample_data;
SET search_path = sample_data, public;
\set ECHO none
\set users 3000
\i test/data/sample_events.sql
\set ECHO all

SELECT count(*) > 20000 AS enough_events, count(DISTINCT user_id) AS users FROM events;

CREATE TABLE levels AS
SELECT user_id, window_funnel('7 days', ts, event = 'visit', event = 'product_view', event = 'add_to_cart', event = 'purchase') AS level
FROM events GROUP BY user_id;

-- the exact plain-SQL funnel: for each step, the latest possible start of a
-- chain reaching it, carried forward in (ts, step) order by window functions;
-- the window in hours, as window_funnel counts a day as 24 hours (calendar
-- days would differ across a daylight-saving change)
CREATE TABLE levels_sql AS
WITH x AS (
  SELECT user_id, ts, CASE event WHEN 'visit' THEN 1 WHEN 'product_view' THEN 2 WHEN 'add_to_cart' THEN 3 WHEN 'purchase' THEN 4 END AS k
  FROM events
), s1 AS (
  SELECT *, max(CASE WHEN k = 1 THEN ts END) OVER w AS m1 FROM x
  WINDOW w AS (PARTITION BY user_id ORDER BY ts, k ROWS UNBOUNDED PRECEDING)
), s2 AS (
  SELECT *, max(CASE WHEN k = 2 AND ts <= m1 + interval '168 hours' THEN m1 END) OVER w AS m2 FROM s1
  WINDOW w AS (PARTITION BY user_id ORDER BY ts, k ROWS UNBOUNDED PRECEDING)
), s3 AS (
  SELECT *, max(CASE WHEN k = 3 AND ts <= m2 + interval '168 hours' THEN m2 END) OVER w AS m3 FROM s2
  WINDOW w AS (PARTITION BY user_id ORDER BY ts, k ROWS UNBOUNDED PRECEDING)
)
SELECT user_id,
       CASE WHEN bool_or(k = 4 AND ts <= m3 + interval '168 hours') THEN 4 WHEN bool_or(m3 IS NOT NULL) THEN 3
            WHEN bool_or(m2 IS NOT NULL) THEN 2 WHEN bool_or(m1 IS NOT NULL) THEN 1 ELSE 0 END AS level
FROM s3 GROUP BY user_id;

SELECT count(*) AS users, count(*) FILTER (WHERE l.level <> s.level) AS mismatches
FROM levels l JOIN levels_sql s USING (user_id);
SELECT level, count(*) FROM levels GROUP BY level ORDER BY level;

-- funnel_counts against counting by hand
SELECT funnel_counts(level, 4) = ARRAY[count(*) FILTER (WHERE level >= 1), count(*) FILTER (WHERE level >= 2),
                                       count(*) FILTER (WHERE level >= 3), count(*) FILTER (WHERE level >= 4)] AS counts_match
FROM levels;
-- retention against bool_or by hand
SELECT count(*) FILTER (WHERE r <> ARRAY[(v)::int, (v AND p)::int, (v AND b)::int]) AS retention_mismatches
FROM (SELECT user_id, retention(event = 'visit', event = 'product_view', event = 'purchase') r,
             bool_or(event = 'visit') v, bool_or(event = 'product_view') p, bool_or(event = 'purchase') b
      FROM events GROUP BY user_id) s;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA sample_data CASCADE;
