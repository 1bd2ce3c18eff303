-- test/bench/activity.sql -- the queries test/bench/activity.sh times.
-- Each is preceded by a line "-- name" that the script uses to split them.
-- The cohort queries return (cohort, period, cohort_size, retained) and
-- the lifecycle ones (period_start, new, current, resurrected, dormant,
-- active), ordered, so that the script can compare their outputs.

-- floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;

-- cohort_summary
SELECT cohort, period, cohort_size, retained
FROM cohort_retention((SELECT activity_agg(user_id, ts) FROM events), 'week') ORDER BY 1, 2;

-- cohort_query_text
SELECT cohort, period, cohort_size, retained
FROM cohort_retention('SELECT user_id, ts FROM events', 'week') ORDER BY 1, 2;

-- cohort_plain_sql
-- the exact weekly cohort table: cohort = first active week, retained in k
-- = active in week cohort + k, every k from 0 to the last week of the data
WITH w AS (SELECT DISTINCT user_id, date_trunc('week', ts) AS wk FROM events),
f AS (SELECT user_id, min(wk) AS cw FROM w GROUP BY user_id),
sizes AS (SELECT cw, count(*) AS n FROM f GROUP BY cw),
r AS (SELECT f.cw, (w.wk::date - f.cw::date) / 7 AS k, count(*) AS retained
      FROM w JOIN f USING (user_id) GROUP BY 1, 2)
SELECT s.cw, k.k, s.n, coalesce(r.retained, 0)
FROM sizes s
CROSS JOIN LATERAL generate_series(0, ((SELECT max(wk) FROM w)::date - s.cw::date) / 7) k(k)
LEFT JOIN r ON r.cw = s.cw AND r.k = k.k
ORDER BY 1, 2;

-- lifecycle_summary
SELECT * FROM lifecycle((SELECT activity_agg(user_id, ts) FROM events), 'week') ORDER BY 1;

-- lifecycle_query_text
SELECT * FROM lifecycle('SELECT user_id, ts FROM events', 'week') ORDER BY 1;

-- lifecycle_plain_sql
-- the exact weekly lifecycle: per active week its previous and next active
-- week (lag, lead); dormant in the week after one not followed at once
WITH w AS (SELECT DISTINCT user_id, date_trunc('week', ts) AS wk FROM events),
x AS (SELECT wk, lag(wk) OVER u AS prev, lead(wk) OVER u AS nxt
      FROM w WINDOW u AS (PARTITION BY user_id ORDER BY wk)),
per AS (SELECT wk, count(*) FILTER (WHERE prev IS NULL) AS new,
               count(*) FILTER (WHERE prev = wk - interval '1 week') AS current,
               count(*) FILTER (WHERE prev < wk - interval '1 week') AS resurrected
        FROM x GROUP BY wk),
dorm AS (SELECT wk + interval '1 week' AS wk, count(*) AS dormant FROM x
         WHERE nxt IS NULL OR nxt > wk + interval '1 week' GROUP BY 1),
g AS (SELECT generate_series(min(wk), max(wk), interval '1 week') AS wk FROM w)
SELECT g.wk, coalesce(per.new, 0), coalesce(per.current, 0), coalesce(per.resurrected, 0),
       coalesce(dorm.dormant, 0), coalesce(per.new + per.current + per.resurrected, 0)
FROM g LEFT JOIN per USING (wk) LEFT JOIN dorm USING (wk) ORDER BY 1;
