-- test/demo_report.sql -- the weekly report a manager opens, as one HTML page
--
-- Run by test/demo.sh (and the browser test) after test/data/sample_events.sql
-- and test/data/weekly_report.sql, with unaligned tuples-only output to a file:
--   psql -X -q -A -t -v ON_ERROR_STOP=1 -f test/demo_report.sql -o report.html
-- The page is composed only of the SQL functions' output: the KPI table of
-- journey_sample.weekly_report, and the charts funnel_svg, trend_svg,
-- retention_heatmap_svg and sankey_svg, the attribution and segment tables.
-- The report week is the latest week whose every KPI is complete.
SET search_path = journey_sample, public;
SET TIME ZONE 'UTC';

-- text for HTML character data and attribute values
CREATE FUNCTION pg_temp.h(t anyelement) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT replace(replace(replace(replace(coalesce(t::text, '–'), '&', '&amp;'),
		'<', '&lt;'), '>', '&gt;'), '"', '&quot;')
$$;
-- a share as a percentage with one decimal
CREATE FUNCTION pg_temp.pct(v float8) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN v IS NULL THEN '–'
		ELSE to_char(round((100 * v)::numeric, 1), 'FM990.0') || ' %' END
$$;
-- a signed percentage
CREATE FUNCTION pg_temp.spct(v float8) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN v IS NULL THEN '–'
		ELSE to_char(round((100 * v)::numeric, 1), 'FMSG990.0') || ' %' END
$$;

-- a p-value
CREATE FUNCTION pg_temp.pval(p float8) RETURNS text LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p IS NULL THEN '–' WHEN p < 0.001 THEN '&lt; 0.001' ELSE to_char(p, 'FM0.000') END
$$;

CREATE TEMP TABLE report_week AS
SELECT min(w) AS w FROM (SELECT kpi, max(week) AS w FROM weekly_report WHERE complete GROUP BY kpi) k;

-- each user's events in the report week's funnel: a visit in the week,
-- then the steps within 7 days
CREATE TEMP TABLE week_funnel AS
SELECT user_id, (array_agg(channel ORDER BY ts))[1] AS channel,
	   window_funnel('7 days', ts, event = 'visit' AND ts < (SELECT w FROM report_week) + interval '7 days',
					 event = 'product_view', event = 'add_to_cart', event = 'purchase') AS level
FROM events
WHERE ts >= (SELECT w FROM report_week) AND ts < (SELECT w FROM report_week) + interval '14 days'
GROUP BY user_id;

-- the week's visitors by the channel of their first event, against the rest
CREATE TEMP TABLE week_segments AS
SELECT * FROM funnel_segments((SELECT segment_agg(channel, level, 4) FROM week_funnel));

CREATE TEMP TABLE journeys AS
SELECT user_id, journey_agg(ts, event) AS j FROM events GROUP BY user_id;

CREATE TEMP TABLE channel_journeys AS
SELECT user_id, journey_agg(ts, CASE WHEN event = 'purchase' THEN 'purchase' ELSE channel END) AS j
FROM events WHERE event IN ('visit', 'purchase') GROUP BY user_id;

WITH params AS (
	SELECT w, to_char(w, 'YYYY-MM-DD') AS w_text,
		   to_char(w + interval '6 days', 'YYYY-MM-DD') AS w_end,
		   (SELECT to_char(max(ts), 'YYYY-MM-DD HH24:MI') FROM events) AS data_end
	FROM report_week
),
kpi_table AS (
	SELECT string_agg(format(
		'<tr><td>%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td>'
		'<td class="num">%s</td><td class="num">%s … %s</td><td class="num">%s</td>'
		'<td class="num">%s</td><td><span class="status %s">%s</span></td></tr>',
		pg_temp.h(kpi),
		CASE WHEN kpi = 'revenue per customer' THEN to_char(current, 'FM999990.00') ELSE pg_temp.pct(current) END,
		CASE WHEN kpi = 'revenue per customer' THEN to_char(baseline, 'FM999990.00') ELSE pg_temp.pct(baseline) END,
		CASE WHEN kpi = 'revenue per customer' THEN to_char(abs_change, 'FMSG999990.00')
			 ELSE to_char(round((100 * abs_change)::numeric, 1), 'FMSG990.0') || ' pt' END,
		pg_temp.spct(rel_change), pg_temp.spct(rel_ci_low), pg_temp.spct(rel_ci_high),
		pg_temp.pval(p_value),
		pg_temp.spct(target), replace(coalesce(status, 'none'), ' ', '-'), pg_temp.h(coalesce(status, 'no target'))),
		'' ORDER BY kpi) AS html
	FROM weekly_report, params
	WHERE week = params.w
),
funnel AS (
	SELECT funnel_svg(funnel_counts(level, 4), ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'],
					  title => 'Funnel of the week''s visitors (purchase within 7 days)') AS svg
	FROM week_funnel
),
trend AS (
	SELECT trend_svg(period_start, rate, ci_low, ci_high, complete,
					 'Weekly journey conversion (visit → purchase within 7 days)') AS svg
	FROM funnel_trend((SELECT rollup(s) FROM (
		SELECT funnel_trend_agg('week', '7 days', ts, event, ARRAY['visit', 'purchase']) AS s
		FROM events GROUP BY user_id) u))
),
heatmap AS (
	SELECT retention_heatmap_svg(cohort, period, rate, cohort_size,
								 'Weekly retention by cohort of first activity') AS svg
	FROM cohort_retention((SELECT activity_agg(user_id, ts) FROM events), 'week')
),
sankey AS (
	SELECT sankey_svg(source, target, actors, 'What users did after their first add_to_cart') AS svg
	FROM path_edges((SELECT path_edges_agg(j, 4, 'add_to_cart') FROM journeys), 5, 20, true)
),
attribution AS (
	SELECT string_agg(format('<tr><td>%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td></tr>',
							 pg_temp.h(m.channel), to_char(m.removal_effect, 'FM0.000'),
							 to_char(m.credit, 'FM999990.0'), to_char(s.credit, 'FM999990.0')),
					  '' ORDER BY m.credit DESC) AS html
	FROM (SELECT attribution_agg(j, 'purchase') AS summary FROM channel_journeys) c
	CROSS JOIN LATERAL markov_attribution(c.summary) m
	JOIN LATERAL shapley_attribution(c.summary) s USING (channel)
),
segments AS (
	SELECT string_agg(format('<tr><td>%s</td><td class="num">%s</td><td class="num">%s</td><td class="num">%s</td>'
							 '<td class="num">%s</td><td class="num">%s</td><td class="num">%s</td><td>%s</td></tr>',
							 pg_temp.h(b.segment), v.actors, b.actors, pg_temp.pct(b.conversion),
							 pg_temp.pct(b.rest_conversion),
							 to_char(round((100 * b.diff)::numeric, 1), 'FMSG990.0') || ' pt',
							 pg_temp.pval(b.p_holm),
							 pg_temp.h(coalesce(b.test, b.note))),
					  '' ORDER BY b.conversion DESC, b.segment) AS html
	FROM week_segments v JOIN week_segments b ON b.segment IS NOT DISTINCT FROM v.segment AND b.step = 4
	WHERE v.step = 1
)
SELECT format($html$<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Weekly journey report: week of %1$s</title>
<style>
body { font-family: system-ui, 'DejaVu Sans', sans-serif; margin: 2em auto; max-width: 980px; color: #1a1a1a; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #d9d9d9; }
p.meta { color: #595959; margin-top: 0; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e6e6e6; text-align: left; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.status { padding: 1px 6px; border-radius: 3px; border: 1px solid #595959; white-space: nowrap; }
.status.reached { background: #1f4e79; color: #fff; }
.status.not-reached { background: #fff; color: #1a1a1a; border-style: dashed; }
.status.not-distinguishable { background: #e0e0e0; }
figure { margin: 1em 0; }
figure svg { max-width: 100%%; height: auto; }
</style>
</head>
<body>
<h1>Weekly journey report</h1>
<p class="meta">Week of %1$s to %2$s (the latest week whose every KPI is complete) · data until %3$s UTC · changes against the week before, with 95 %% intervals</p>
<h2>KPIs against their targets</h2>
<table id="kpis">
<tr><th>KPI</th><th>this week</th><th>last week</th><th>change</th><th>relative</th><th>95 %% interval</th><th>p</th><th>target</th><th>status</th></tr>
%4$s
</table>
<h2>Funnel</h2>
<figure id="funnel">%5$s</figure>
<h2>Conversion trend</h2>
<figure id="trend">%6$s</figure>
<h2>Retention</h2>
<figure id="retention">%7$s</figure>
<h2>Paths after the first cart</h2>
<figure id="sankey">%8$s</figure>
<h2>Channel credit for purchases</h2>
<table id="attribution">
<tr><th>channel</th><th>Markov removal effect</th><th>Markov credit</th><th>Shapley credit</th></tr>
%9$s
</table>
<h2>First-touch channels against the rest (the week's visitors, purchase)</h2>
<table id="segments">
<tr><th>channel</th><th>visitors</th><th>buyers</th><th>conversion</th><th>the rest</th><th>difference</th><th>p (Holm)</th><th>test</th></tr>
%10$s
</table>
</body>
</html>$html$,
	p.w_text, p.w_end, p.data_end, k.html, f.svg, t.svg, hm.svg, sk.svg, a.html, sg.html)
FROM params p, kpi_table k, funnel f, trend t, heatmap hm, sankey sk, attribution a, segments sg;
