-- The weekly KPI report over the sample data (test/data/weekly_report.sql,
-- docs/weekly-report.md): every KPI of every week against a plain-SQL
-- formulation, the baseline is the week before, the statistics are those of
-- kpi_rate_change / kpi_mean_change on the week's counts, the refresh
-- function's weeks do not depend on the caller's TimeZone, and the docs
-- show the script as it is.
SET extra_float_digits = 0;
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
SET client_min_messages = warning;
\i test/data/weekly_report.sql
RESET client_min_messages;
\set ECHO all
SET search_path = journey_sample, public;
SET TIME ZONE 'UTC';

-- the shape: four KPIs, a row per week that has a week before it
SELECT kpi, count(*) AS weeks, min(week)::date AS first, max(week)::date AS last,
       count(*) FILTER (WHERE complete) AS complete
FROM weekly_report GROUP BY kpi ORDER BY kpi;

-- journey conversion in plain SQL: per (user, week) the first visit, converted
-- when a purchase follows within 7 days
CREATE TEMP TABLE pc AS
WITH entry AS (
  SELECT user_id, date_trunc('week', ts) AS week, min(ts) AS t
  FROM events WHERE event = 'visit' GROUP BY 1, 2)
SELECT week, count(*) AS trials, count(*) FILTER (WHERE ok) AS successes
FROM (SELECT e.user_id, e.week, bool_or(p.ts IS NOT NULL) AS ok
      FROM entry e LEFT JOIN events p ON p.user_id = e.user_id AND p.event = 'purchase'
        AND p.ts >= e.t AND p.ts <= e.t + interval '7 days'
      GROUP BY 1, 2) x
GROUP BY week;
-- journey completion: per (user, week) the first add_to_cart, completed when a
-- purchase follows within a day
CREATE TEMP TABLE pk AS
WITH entry AS (
  SELECT user_id, date_trunc('week', ts) AS week, min(ts) AS t
  FROM events WHERE event = 'add_to_cart' GROUP BY 1, 2)
SELECT week, count(*) AS trials, count(*) FILTER (WHERE ok) AS successes
FROM (SELECT e.user_id, e.week, bool_or(p.ts IS NOT NULL) AS ok
      FROM entry e LEFT JOIN events p ON p.user_id = e.user_id AND p.event = 'purchase'
        AND p.ts >= e.t AND p.ts <= e.t + interval '1 day'
      GROUP BY 1, 2) x
GROUP BY week;
-- week-1 retention: users whose first activity is in the week before, active this week
CREATE TEMP TABLE pr AS
WITH firsts AS (SELECT user_id, date_trunc('week', min(ts)) AS cohort FROM events GROUP BY 1),
     active AS (SELECT DISTINCT user_id, date_trunc('week', ts) AS week FROM events)
SELECT f.cohort + interval '1 week' AS week, count(*) AS trials,
       count(a.user_id) AS successes
FROM firsts f LEFT JOIN active a ON a.user_id = f.user_id AND a.week = f.cohort + interval '1 week'
GROUP BY 1;
-- revenue per customer: each purchasing user's revenue in the week
CREATE TEMP TABLE pm AS
SELECT week, count(*) AS n, avg(r) AS mean, stddev_samp(r) AS sd
FROM (SELECT date_trunc('week', ts) AS week, user_id, sum(revenue)::float8 AS r
      FROM events WHERE event = 'purchase' GROUP BY 1, 2) s
GROUP BY week;
CREATE TEMP TABLE plain AS
SELECT 'journey conversion' AS kpi, week, successes, trials FROM pc
UNION ALL SELECT 'journey completion', week, successes, trials FROM pk
UNION ALL SELECT 'week-1 retention', week, successes, trials FROM pr;

-- every rate row: its counts, the week before as baseline, and the statistics
-- of kpi_rate_change on those counts with the kpi's target (the rows of the
-- report that are not in plain SQL, and the other way round: none)
SELECT r.kpi, r.week::date, r.actors, c.trials, b.trials AS base_trials
FROM weekly_report r
LEFT JOIN plain c ON c.kpi = r.kpi AND c.week = r.week
LEFT JOIN plain b ON b.kpi = r.kpi AND b.week = r.week - interval '1 week'
WHERE r.kpi <> 'revenue per customer'
  AND (c.kpi IS NULL OR b.kpi IS NULL OR r.actors <> c.trials
       OR r.current IS DISTINCT FROM c.successes::float8 / c.trials
       OR r.baseline IS DISTINCT FROM b.successes::float8 / b.trials
       OR (r.*)::text IS DISTINCT FROM (SELECT (r.week, r.kpi, r.complete, r.actors, k.*)::text
            FROM kpi_rate_change(b.successes, b.trials, c.successes, c.trials,
                                 (SELECT target FROM kpi_targets t WHERE t.kpi = r.kpi)) k));
SELECT p.kpi, p.week::date FROM plain p JOIN plain b ON b.kpi = p.kpi AND b.week = p.week - interval '1 week'
WHERE NOT EXISTS (SELECT 1 FROM weekly_report r WHERE r.kpi = p.kpi AND r.week = p.week);
-- every revenue row likewise, against kpi_mean_change
SELECT r.week::date
FROM weekly_report r
LEFT JOIN pm c ON c.week = r.week
LEFT JOIN pm b ON b.week = r.week - interval '1 week'
WHERE r.kpi = 'revenue per customer'
  AND (c.week IS NULL OR b.week IS NULL OR r.actors <> c.n
       OR abs(r.current - c.mean) > 1e-9 OR abs(r.baseline - b.mean) > 1e-9
       OR (r.*)::text IS DISTINCT FROM (SELECT (r.week, r.kpi, r.complete, r.actors, k.*)::text
            FROM kpi_mean_change(b.n, b.mean, b.sd, c.n, c.mean, c.sd, 0.05) k));
SELECT count(*) AS revenue_weeks FROM weekly_report WHERE kpi = 'revenue per customer';
SELECT count(*) - 1 AS expected_revenue_weeks FROM pm;

-- complete: a conversion week once 7 days of data follow it, a completion
-- week once a day does, a retention week once it is over, a revenue week
-- once it is over
SELECT kpi, week::date, complete FROM weekly_report
WHERE complete IS DISTINCT FROM (week + interval '1 week' + CASE kpi WHEN 'journey conversion' THEN interval '7 days'
                                   WHEN 'journey completion' THEN interval '1 day' ELSE interval '0' END
                                 <= (SELECT max(ts) FROM events));

-- every KPI has a target, so every row has a status, one of the three
SELECT count(*) FILTER (WHERE status IS NULL) AS without_status,
       count(*) FILTER (WHERE status NOT IN ('reached', 'not reached', 'not distinguishable')) AS other
FROM weekly_report;

-- the refresh function's weeks are UTC weeks whoever calls it
CREATE TEMP TABLE before AS SELECT * FROM weekly_report;
SET TIME ZONE 'Pacific/Auckland';
SELECT refresh_weekly_report();
SET TIME ZONE 'UTC';
SELECT count(*) AS changed FROM ((TABLE before EXCEPT TABLE weekly_report) UNION ALL (TABLE weekly_report EXCEPT TABLE before)) d;
SELECT count(*) AS rows FROM weekly_report;

-- the report's latest complete week, as the HTML report shows it
SELECT kpi, week::date, round(baseline::numeric, 4) AS last_week, round(current::numeric, 4) AS this_week,
       round(rel_change::numeric, 4) AS rel_change, target, status
FROM weekly_report
WHERE week = (SELECT min(w) FROM (SELECT max(week) AS w FROM weekly_report WHERE complete GROUP BY kpi) k)
ORDER BY kpi;

-- docs/weekly-report.md shows test/data/weekly_report.sql as it is
\! awk '/^<!-- weekly_report.sql -->$/ { f = 1; next } f && /^```sql$/ { g = 1; next } g && /^```$/ { exit } g' docs/weekly-report.md > results/weekly_report_docs.sql
\! cmp results/weekly_report_docs.sql test/data/weekly_report.sql && echo the docs show the script as it is

SET client_min_messages = warning;
DROP SCHEMA journey_sample CASCADE;
