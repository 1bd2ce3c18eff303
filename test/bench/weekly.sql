-- test/bench/weekly.sql -- the queries of test/bench/weekly.sh, one per "-- name" section
-- floor
SELECT count(*) FROM (SELECT user_id FROM events GROUP BY user_id) s;
-- refresh
SELECT journey_sample.refresh_weekly_report();
-- refresh_sql
-- the same KPIs' counts in plain SQL (test/sql/weekly_report.sql's formulation)
WITH cv AS (SELECT user_id, date_trunc('week', ts) AS week, min(ts) AS t FROM events WHERE event = 'visit' GROUP BY 1, 2),
ck AS (SELECT user_id, date_trunc('week', ts) AS week, min(ts) AS t FROM events WHERE event = 'add_to_cart' GROUP BY 1, 2),
pv AS (SELECT e.week, count(*) AS trials, count(*) FILTER (WHERE ok) AS successes
       FROM (SELECT e.user_id, e.week, bool_or(p.ts IS NOT NULL) AS ok
             FROM cv e LEFT JOIN events p ON p.user_id = e.user_id AND p.event = 'purchase'
               AND p.ts >= e.t AND p.ts <= e.t + interval '7 days' GROUP BY 1, 2) e GROUP BY 1),
pk AS (SELECT e.week, count(*) AS trials, count(*) FILTER (WHERE ok) AS successes
       FROM (SELECT e.user_id, e.week, bool_or(p.ts IS NOT NULL) AS ok
             FROM ck e LEFT JOIN events p ON p.user_id = e.user_id AND p.event = 'purchase'
               AND p.ts >= e.t AND p.ts <= e.t + interval '1 day' GROUP BY 1, 2) e GROUP BY 1),
firsts AS (SELECT user_id, date_trunc('week', min(ts)) AS cohort FROM events GROUP BY 1),
active AS (SELECT DISTINCT user_id, date_trunc('week', ts) AS week FROM events),
pr AS (SELECT f.cohort + interval '1 week' AS week, count(*) AS trials, count(a.user_id) AS successes
       FROM firsts f LEFT JOIN active a ON a.user_id = f.user_id AND a.week = f.cohort + interval '1 week' GROUP BY 1),
pm AS (SELECT week, count(*) AS n, avg(r) AS mean, stddev_samp(r) AS sd
       FROM (SELECT date_trunc('week', ts) AS week, user_id, sum(revenue)::float8 AS r
             FROM events WHERE event = 'purchase' GROUP BY 1, 2) s GROUP BY 1)
SELECT (SELECT count(*) FROM pv), (SELECT count(*) FROM pk), (SELECT count(*) FROM pr), (SELECT count(*) FROM pm);
-- reports
-- the four reports the page draws, as rows
SELECT (SELECT count(*) FROM funnel_report((SELECT funnel_counts(level, 4) FROM (SELECT window_funnel('7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level FROM events GROUP BY user_id) u))),
       (SELECT count(*) FROM funnel_trend((SELECT rollup(s) FROM (SELECT funnel_trend_agg('week', '7 days', ts, event, ARRAY['visit', 'purchase']) AS s FROM events GROUP BY user_id) u))),
       (SELECT count(*) FROM cohort_retention((SELECT activity_agg(user_id, ts) FROM events), 'week')),
       (SELECT count(*) FROM path_edges((SELECT path_edges_agg(j, 4, 'add_to_cart') FROM journeys), 5, 20, true));
-- charts
-- the same reports drawn as the four charts
SELECT length((SELECT funnel_svg(funnel_counts(level, 4), ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM (SELECT window_funnel('7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level FROM events GROUP BY user_id) u)),
       length((SELECT trend_svg(period_start, rate, ci_low, ci_high, complete) FROM funnel_trend((SELECT rollup(s) FROM (SELECT funnel_trend_agg('week', '7 days', ts, event, ARRAY['visit', 'purchase']) AS s FROM events GROUP BY user_id) u)))),
       length((SELECT retention_heatmap_svg(cohort, period, rate, cohort_size) FROM cohort_retention((SELECT activity_agg(user_id, ts) FROM events), 'week'))),
       length((SELECT sankey_svg(source, target, actors) FROM path_edges((SELECT path_edges_agg(j, 4, 'add_to_cart') FROM journeys), 5, 20, true)));
-- json
-- every event as one JSON document
SELECT length(report_json(e)::text) FROM events e;
-- json_sql
SELECT length(json_agg(row_to_json(e))::text) FROM events e;
