-- trend_svg: a rate over time as SVG, over rows of funnel_trend (or any
-- share over time).  Each document is written to a file and checked by
-- xmllint; points are read back from the SVG and compared with the rows.
SET TIME ZONE 'UTC';
SET extra_float_digits = 0;
CREATE SCHEMA charts_trend;
SET search_path = charts_trend, public;

-- the worked example of docs/funnels.md (test funnel_trends): weeks from
-- 2025-01-06, 2 of 4, 1 of 2, 1 of 2 and 0 of 1 (incomplete)
CREATE TABLE t (actor int, ts timestamptz, ev text);
INSERT INTO t VALUES
  (1, '2025-01-06 10:00', 'visit'), (1, '2025-01-06 10:05', 'view'), (1, '2025-01-06 10:10', 'buy'),
  (2, '2025-01-10 09:00', 'visit'), (2, '2025-01-14 09:00', 'visit'),
  (3, '2025-01-12 23:00', 'visit'), (3, '2025-01-13 00:30', 'view'), (3, '2025-01-13 01:00', 'buy'),
  (4, '2025-01-08 12:00', 'visit'), (4, '2025-01-15 12:00', 'visit'), (4, '2025-01-15 12:05', 'view'), (4, '2025-01-15 12:30', 'buy'),
  (5, '2025-01-20 09:00', 'visit'), (5, '2025-01-21 09:00', 'visit'), (5, '2025-01-21 09:05', 'view'), (5, '2025-01-21 09:10', 'buy'),
  (6, '2025-01-20 08:00', 'visit'), (6, '2025-01-26 10:00', 'visit'), (6, '2025-01-26 10:05', 'view'), (6, '2025-01-26 10:10', 'buy'),
  (7, '2025-01-27 10:00', 'visit'), (7, '2025-01-28 12:00', 'view'),
  (8, '2025-01-31 00:00', 'login');
CREATE TABLE trend AS
SELECT * FROM funnel_trend((SELECT rollup(s) FROM (
  SELECT funnel_trend_agg('week', interval '3 days', ts, ev, ARRAY['visit', 'view', 'buy']) AS s
  FROM t GROUP BY actor) per_actor));
SELECT period_start, entrants, converters, rate, complete FROM trend ORDER BY period_start;

CREATE TABLE charts (name text PRIMARY KEY, svg text);
INSERT INTO charts
SELECT 'worked', trend_svg(period_start, rate, ci_low, ci_high, complete, 'Weekly conversion <visit → buy>') FROM trend;
-- rows in any order; a NULL rate is a gap, a NULL bound no interval, a NULL
-- complete is complete, a NULL period_start is ignored
INSERT INTO charts
SELECT 'gaps', trend_svg(p, r, lo, hi, c) FROM (VALUES
  ('2025-03-10'::timestamptz, 0.30, 0.25, 0.35, true), ('2025-03-03', 0.20, 0.15, 0.25, NULL),
  ('2025-03-17', NULL, NULL, NULL, true), ('2025-03-24', 0.40, NULL, 0.5, true),
  ('2025-03-31', 0.35, 0.3, 0.4, false), (NULL, 0.9, 0.8, 1.0, true)) v(p, r, lo, hi, c);
INSERT INTO charts SELECT 'empty', trend_svg(p, r, lo, hi, c) FROM (VALUES (now(), 0.1::float8, 0.0::float8, 0.2::float8, true)) v(p, r, lo, hi, c) WHERE false;
INSERT INTO charts SELECT 'bigint', trend_svg(p, r, NULL, NULL, true, '購入率 & <rate> "ﷺ" 🛒') FROM (VALUES (0::bigint, 0.5::float8), (10, 0.25), (20, 0.125)) v(p, r);
INSERT INTO charts SELECT 'outside', trend_svg(p, r, NULL, NULL, NULL) FROM (VALUES ('2025-01-01'::timestamptz, 1.5::float8), ('2025-01-02', -0.2)) v(p, r);
INSERT INTO charts
SELECT 'many', trend_svg(d, 0.1 + 0.05 * sin(i / 10.0), 0.05 + 0.05 * sin(i / 10.0), 0.15 + 0.05 * sin(i / 10.0), i < 395)
FROM generate_series(0, 399) i, LATERAL (SELECT '2024-01-01'::timestamptz + i * interval '1 day' AS d) x;
\pset format unaligned
\pset tuples_only on
\o results/charts_trend_worked.svg
SELECT svg FROM charts WHERE name = 'worked';
\o results/charts_trend_gaps.svg
SELECT svg FROM charts WHERE name = 'gaps';
\o results/charts_trend_empty.svg
SELECT svg FROM charts WHERE name = 'empty';
\o results/charts_trend_bigint.svg
SELECT svg FROM charts WHERE name = 'bigint';
\o results/charts_trend_outside.svg
SELECT svg FROM charts WHERE name = 'outside';
\o results/charts_trend_many.svg
SELECT svg FROM charts WHERE name = 'many';
\o
\! for f in worked gaps empty bigint outside many; do xmllint --noout results/charts_trend_$f.svg && echo "$f well-formed"; done
\pset format aligned
\pset tuples_only off

SELECT name, svg LIKE '<svg xmlns="http://www.w3.org/2000/svg" %' AS svg_ns,
       svg ~ 'viewBox="0 0 720 360"' AS viewbox, svg ~ '<title>' AS titled,
       svg !~* '( id=|<script|href|url\(|nan|inf)' AS self_contained
FROM charts ORDER BY name;

-- the points: data-rate, complete flag and position, read back from the SVG
CREATE VIEW points AS
SELECT c.name, row_number() OVER (PARTITION BY c.name ORDER BY m[3]::float8) AS i,
       m[1]::float8 AS rate, m[2]::boolean AS complete, m[3]::float8 AS cx, m[4]::float8 AS cy
FROM charts c, regexp_matches(c.svg, '<circle class="jy-point" data-rate="([-0-9.e]+)" data-complete="(true|false)" cx="([0-9.]+)" cy="([0-9.]+)"', 'g') m;
SELECT name, array_agg(rate ORDER BY i) AS rates, array_agg(complete ORDER BY i) AS complete
FROM points WHERE name <> 'many' GROUP BY name ORDER BY name;
-- the rates and flags are the report's rows, in time order
SELECT array_agg(rate ORDER BY i) = (SELECT array_agg(rate ORDER BY period_start) FROM trend) AS same_rates,
       array_agg(complete ORDER BY i) = (SELECT array_agg(complete ORDER BY period_start) FROM trend) AS same_complete
FROM points WHERE name = 'worked';
-- y is linear in the rate on the axis' scale: the y of the "0%" and of the
-- top grid labels (label y = grid line y + 4) place every point
CREATE VIEW ylabels AS
SELECT c.name, m[1]::float8 - 4 AS y, m[2]::float8 / 100 AS v
FROM charts c, regexp_matches(c.svg, '<text x="50.0" y="([0-9.]+)" class="jy-muted" text-anchor="end" font-size="11">(-?[0-9.]+)%</text>', 'g') m;
SELECT p.name, bool_and(abs(p.cy - (z.y + p.rate / t.v * (t.y - z.y))) < 0.02) AS y_linear
FROM points p
JOIN ylabels z ON z.name = p.name AND z.v = 0
JOIN (SELECT DISTINCT ON (name) name, y, v FROM ylabels ORDER BY name, v DESC) t ON t.name = p.name
GROUP BY p.name ORDER BY p.name;
-- x is proportional to time: equal weeks, equal steps (gaps keeps its place)
SELECT name, max(d) - min(d) < 0.02 AS equal_steps
FROM (SELECT name, cx - lag(cx) OVER (PARTITION BY name ORDER BY i) AS d FROM points WHERE name IN ('worked', 'bigint')) s
GROUP BY name ORDER BY name;
SELECT (SELECT cx FROM points WHERE name = 'gaps' AND i = 3) - (SELECT cx FROM points WHERE name = 'gaps' AND i = 2)
     = 2 * ((SELECT cx FROM points WHERE name = 'gaps' AND i = 2) - (SELECT cx FROM points WHERE name = 'gaps' AND i = 1)) AS gap_keeps_its_place;

-- line, band and markers: the worked example has one solid line through
-- the complete weeks, a dashed segment into the incomplete one, one band, a hollow last point and the legend entry
SELECT name,
       (SELECT count(*) FROM regexp_matches(svg, 'class="jy-line" d="M[0-9. L]+"', 'g')) AS solid_lines,
       (SELECT count(*) FROM regexp_matches(svg, 'class="jy-line jy-incomplete" d="M[0-9. L]+"', 'g')) AS dashed,
       (SELECT count(*) FROM regexp_matches(svg, 'class="jy-band" d="M', 'g')) AS bands,
       (SELECT count(*) FROM regexp_matches(svg, 'class="jy-ci"', 'g')) AS error_bars,
       (SELECT count(*) FROM regexp_matches(svg, 'data-complete="false"[^>]*fill="#ffffff"', 'g')) AS hollow,
       svg LIKE '%>incomplete period</text>%' AS legend
FROM charts WHERE name IN ('worked', 'gaps', 'bigint') ORDER BY name;
-- x labels: dates (UTC here), escaped titles
SELECT svg LIKE '%>2025-01-06</text>%>2025-01-13</text>%>2025-01-20</text>%>2025-01-27</text>%' AS dates,
       svg LIKE '%<title>Weekly conversion &lt;visit → buy&gt;</title>%' AS escaped_title,
       svg LIKE '%>0%</text>%' AS axis_from_zero
FROM charts WHERE name = 'worked';
SELECT array_agg(m[1] ORDER BY m[1]) AS data_period FROM charts, regexp_matches(svg, 'data-period="([^"]*)"', 'g') m WHERE name = 'worked';
SELECT svg LIKE '%>0</text>%>10</text>%>20</text>%' AS bigint_labels,
       svg LIKE '%<title>購入率 &amp; &lt;rate&gt; &quot;ﷺ&quot; 🛒</title>%' AS title_escaped
FROM charts WHERE name = 'bigint';
SELECT svg LIKE '%>-50%</text>%' AND svg LIKE '%>150%</text>%' AS axis_grows FROM charts WHERE name = 'outside';
SELECT svg LIKE '%>no data</text>%' AS no_data, svg LIKE '%<title>Trend</title>%' AS default_title FROM charts WHERE name = 'empty';
-- 400 days: every point drawn, labels thinned so that they do not overlap
SELECT count(*) AS points FROM points WHERE name = 'many';
SELECT count(*) BETWEEN 5 AND 20 AS thinned, bool_and(d > 60) AS apart
FROM (SELECT m[1]::float8 - lag(m[1]::float8) OVER (ORDER BY m[1]::float8) AS d
      FROM charts, regexp_matches(svg, '<text x="([0-9.]+)" y="[0-9.]+" class="jy-muted jy-tick"', 'g') m WHERE name = 'many') s;
-- the session's TimeZone: the same instants at 09:00 in Tokyo
SET TIME ZONE 'Asia/Tokyo';
SELECT trend_svg(period_start, rate, ci_low, ci_high, complete) LIKE '%>2025-01-06 09:00</text>%' AS tokyo_labels FROM trend;
SET TIME ZONE 'UTC';
-- the most periods a chart draws
SELECT length(trend_svg(i, 0.5, NULL, NULL, true)) > 0 AS ten_thousand FROM generate_series(1::bigint, 10000) i;

-- PARALLEL SAFE without a combine function: a forced parallel plan gives
-- the serial chart (the aggregate runs whole above the Gather)
CREATE TABLE many_rows AS SELECT i::bigint AS p, (i % 97) / 97.0 AS r FROM generate_series(1, 5000) i;
ANALYZE many_rows;
CREATE TABLE serial_chart AS SELECT trend_svg(p, r, NULL, NULL, p < 4990) AS svg FROM many_rows;
SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off;
CREATE FUNCTION plan_text(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE l text; t text := '';
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP t := t || l || E'\n'; END LOOP;
  RETURN t;
END $$;
SELECT plan_text('SELECT trend_svg(p, r, NULL, NULL, p < 4990) FROM many_rows') ~ 'Aggregate.*Gather.*Parallel Seq Scan' AS parallel_plan;
SELECT trend_svg(p, r, NULL, NULL, p < 4990) = (SELECT svg FROM serial_chart) AS parallel_equals_serial FROM many_rows;
RESET parallel_setup_cost; RESET parallel_tuple_cost; RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather; RESET parallel_leader_participation;

-- errors
SELECT trend_svg(i, 0.5, NULL, NULL, true) FROM generate_series(1::bigint, 10001) i;
SELECT trend_svg(p, 0.5, NULL, NULL, true) FROM (VALUES (1::bigint), (2), (1)) v(p);
SELECT trend_svg(p, 0.5, NULL, NULL, true) FROM (VALUES ('2025-01-01'::timestamptz), ('2025-01-01')) v(p);
SELECT trend_svg('infinity'::timestamptz, 0.5, NULL, NULL, true);
SELECT trend_svg(1::bigint, 'NaN', NULL, NULL, true);
SELECT trend_svg(1::bigint, 0.5, '-Infinity', 1, true);
SELECT trend_svg(1::bigint, 2e6, NULL, NULL, true);
SELECT trend_svg(1::bigint, 0.5, 0.6, 0.4, true);
SELECT trend_svg(p, 0.5, NULL, NULL, true, t) FROM (VALUES (1::bigint, 'a'), (2, 'b')) v(p, t);

-- ---------- the examples of docs/charts.md on the sample data ----------
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = journey_sample, charts_trend, public;
INSERT INTO charts
SELECT 'sample_funnel', funnel_svg(funnel_counts(level, 4),
                  ARRAY['visit', 'product view', 'add to cart', 'purchase'],
                  title => 'Purchase funnel, first 7 days')
FROM (SELECT window_funnel('7 days', ts, event = 'visit', event = 'product_view',
                           event = 'add_to_cart', event = 'purchase') AS level
      FROM events GROUP BY user_id) per_user;
CREATE TABLE sample_trend AS
SELECT * FROM funnel_trend((SELECT rollup(s) FROM (
  SELECT funnel_trend_agg('week', interval '7 days', ts, event,
                          ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS s
  FROM events GROUP BY user_id) per_user));
INSERT INTO charts
SELECT 'sample_trend', trend_svg(period_start, rate, ci_low, ci_high, complete, 'Weekly conversion')
FROM sample_trend;
\pset format unaligned
\pset tuples_only on
\o results/charts_sample_funnel.svg
SELECT svg FROM charts WHERE name = 'sample_funnel';
\o results/charts_sample_trend.svg
SELECT svg FROM charts WHERE name = 'sample_trend';
\o
\! for f in funnel trend; do xmllint --noout results/charts_sample_$f.svg && echo "sample $f well-formed"; done
\pset format aligned
\pset tuples_only off
-- the funnel's bars are the plain-SQL funnel's counts (test/data/plain_funnel.sql)
\set ECHO none
\i test/data/plain_funnel.sql
\set ECHO all
SELECT array_agg(m[2]::bigint ORDER BY m[1]::int) = (
         SELECT array_agg((SELECT count(*) FROM plain_funnel_levels WHERE level >= k) ORDER BY k)
         FROM generate_series(1, 4) k) AS bars_are_plain_sql_counts
FROM charts, regexp_matches(svg, 'class="jy-bar" data-step="(\d+)" data-actors="(\d+)"', 'g') m
WHERE name = 'sample_funnel';
-- the trend's points are the report's rows (data-rate has 9 digits)
WITH p AS (SELECT i, rate, complete FROM points WHERE name = 'sample_trend'),
     r AS (SELECT row_number() OVER (ORDER BY period_start) AS i, rate, complete FROM sample_trend)
SELECT (SELECT count(*) FROM p) = (SELECT count(*) FROM r) AS one_point_per_week,
       bool_and(abs(p.rate - r.rate) <= 1e-8 * abs(r.rate) AND p.complete = r.complete) AS points_are_rows,
       count(*) FILTER (WHERE NOT r.complete) AS incomplete_weeks
FROM p JOIN r USING (i);
-- the sample data's schema goes, so that later tests can load it again
DROP SCHEMA journey_sample CASCADE;
