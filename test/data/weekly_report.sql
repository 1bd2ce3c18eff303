-- The weekly KPI report over the sample data (docs/weekly-report.md).
-- Run after test/data/sample_events.sql:
--   psql -f test/data/weekly_report.sql
-- It creates, in the schema journey_sample, the table kpi_targets (one
-- relative target per KPI), the materialized view weekly_report (every KPI
-- of every week against the week before) and the function
-- refresh_weekly_report(), which refreshes it with weeks in UTC (the
-- function's own TimeZone setting, so a pg_cron job gets the same weeks as
-- psql).  Re-running it replaces the three objects and nothing else.

DROP FUNCTION IF EXISTS journey_sample.refresh_weekly_report();
DROP MATERIALIZED VIEW IF EXISTS journey_sample.weekly_report;
DROP TABLE IF EXISTS journey_sample.kpi_targets;

-- the targets: relative change against the week before (0.15 = +15 %)
CREATE TABLE journey_sample.kpi_targets (
	kpi text PRIMARY KEY,
	target float8 NOT NULL
);
INSERT INTO journey_sample.kpi_targets VALUES
	('journey conversion', 0.15),   -- visit -> purchase within 7 days
	('journey completion', 0.05),   -- add_to_cart -> purchase within 1 day
	('week-1 retention', 0.10),     -- a new user is back the week after
	('revenue per customer', 0.05); -- revenue per purchasing user

CREATE MATERIALIZED VIEW journey_sample.weekly_report AS
WITH data_end AS (
	SELECT max(ts) AS t FROM journey_sample.events
),
-- per user, the two conversion trend summaries and the activity summary
per_user AS (
	SELECT funnel_trend_agg('week', '7 days', ts, event,
							ARRAY['visit', 'purchase']) AS conversion,
		   funnel_trend_agg('week', '1 day', ts, event,
							ARRAY['add_to_cart', 'purchase']) AS completion
	FROM journey_sample.events
	GROUP BY user_id
),
rates AS (
	-- journey conversion: the week's visitors who buy within 7 days of the visit
	SELECT 'journey conversion' AS kpi, r.period_start AS week,
		   r.converters AS successes, r.entrants AS trials, r.complete
	FROM funnel_trend((SELECT rollup(conversion) FROM per_user),
					  data_end => (SELECT t FROM data_end)) r
	UNION ALL
	-- journey completion: the week's carts that end in a purchase within a day
	SELECT 'journey completion', r.period_start, r.converters, r.entrants, r.complete
	FROM funnel_trend((SELECT rollup(completion) FROM per_user),
					  data_end => (SELECT t FROM data_end)) r
	UNION ALL
	-- week-1 retention: of the users new in the week before, those active this week
	SELECT 'week-1 retention', c.cohort + interval '1 week', c.retained, c.cohort_size,
		   c.cohort + interval '2 weeks' <= (SELECT t FROM data_end)
	FROM cohort_retention((SELECT activity_agg(user_id, ts) FROM journey_sample.events),
						  'week') c
	WHERE c.period = 1
),
spend AS (
	-- revenue per customer: each purchasing user's revenue in the week
	SELECT date_trunc('week', ts) AS week, user_id, sum(revenue)::float8 AS revenue
	FROM journey_sample.events
	WHERE event = 'purchase'
	GROUP BY 1, 2
),
means AS (
	SELECT 'revenue per customer' AS kpi, week, count(*) AS n, avg(revenue) AS mean,
		   stddev_samp(revenue) AS sd,
		   week + interval '1 week' <= (SELECT t FROM data_end) AS complete
	FROM spend
	GROUP BY week
)
SELECT cur.week, cur.kpi, cur.complete, cur.trials AS actors, c.*
FROM rates cur
JOIN rates base ON base.kpi = cur.kpi AND base.week = cur.week - interval '1 week'
LEFT JOIN journey_sample.kpi_targets t ON t.kpi = cur.kpi,
	 LATERAL kpi_rate_change(base.successes, base.trials, cur.successes, cur.trials,
							 t.target) c
UNION ALL
SELECT cur.week, cur.kpi, cur.complete, cur.n, c.*
FROM means cur
JOIN means base ON base.week = cur.week - interval '1 week'
LEFT JOIN journey_sample.kpi_targets t ON t.kpi = cur.kpi,
	 LATERAL kpi_mean_change(base.n, base.mean, base.sd, cur.n, cur.mean, cur.sd,
							 t.target) c
WITH NO DATA;

COMMENT ON MATERIALIZED VIEW journey_sample.weekly_report IS
	'journey''s weekly KPI report: each KPI of each week against the week before (docs/weekly-report.md)';

-- weeks are date_trunc('week') in the function's TimeZone, whoever calls it
CREATE FUNCTION journey_sample.refresh_weekly_report() RETURNS void
LANGUAGE sql SET timezone = 'UTC'
AS $$ REFRESH MATERIALIZED VIEW journey_sample.weekly_report $$;

COMMENT ON FUNCTION journey_sample.refresh_weekly_report() IS
	'refresh journey_sample.weekly_report with weeks in UTC (for psql and pg_cron alike)';

SELECT journey_sample.refresh_weekly_report();
