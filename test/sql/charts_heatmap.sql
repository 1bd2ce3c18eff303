-- retention_heatmap_svg: hand-made rows (cohorts out of order, a missing
-- cell, a NULL rate, a rate above 1, a negative one), the geometry and
-- colours read back from the SVG against the rows, labels in the session's
-- time zone, empty input, hostile titles, the sample data's
-- cohort_retention, errors.  Every document is checked with xmllint.
CREATE SCHEMA ch;
SET search_path = ch, public;
SET TimeZone = 'UTC';
-- the ramp of svg.c (ColorBrewer Blues), step k for rates in [k/9, (k+1)/9)
CREATE TABLE ramp(step int, fill text);
INSERT INTO ramp VALUES (0, '#f7fbff'), (1, '#deebf7'), (2, '#c6dbef'), (3, '#9ecae1'), (4, '#6baed6'),
  (5, '#4292c6'), (6, '#2171b5'), (7, '#08519c'), (8, '#08306b');
CREATE TABLE r(cohort timestamptz, period int, rate float8, cohort_size bigint);
INSERT INTO r VALUES
 ('2025-01-20', 2, 0.05, 200), ('2025-01-13', 3, -0.05, NULL), ('2025-01-06', 1, 0.5, 100),
 ('2025-01-13', 0, 1, 1234567), ('2025-01-20', 0, 1, 200), ('2025-01-06', 2, 0.25, 100),
 ('2025-01-13', 1, NULL, NULL), ('2025-01-06', 0, 1, 100), ('2025-01-13', 2, 1.35, NULL);
CREATE TABLE h AS
SELECT retention_heatmap_svg(cohort, period, rate, cohort_size, 'Weekly <retention> & "more"') AS svg FROM r;
\pset format unaligned
\pset tuples_only on
\o results/charts_heatmap_1.svg
SELECT svg FROM h;
\o
\pset format aligned
\pset tuples_only off
\! xmllint --noout results/charts_heatmap_1.svg && echo well-formed
-- the cells read back: (row, period, rate, fill)
CREATE TABLE cells AS
SELECT m[1]::int AS row, m[2]::int AS period, m[3]::float8 AS rate, m[4] AS fill
FROM h, regexp_matches(svg, 'class="jy-cell" data-row="(\d+)" data-period="(\d+)"(?: data-rate="([^"]*)")? x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" fill="([^"]*)"', 'g') m;
-- one cell per row given (the missing cohort 3, period 1 has none), at its
-- cohort's rank, coloured by the ramp step of its rate clamped to [0, 1],
-- the NULL rate grey without data-rate
SELECT (SELECT count(*) FROM cells) AS cells, (SELECT count(*) FROM r) AS rows,
       NOT EXISTS (
         (SELECT row, period, rate, fill FROM cells
          EXCEPT
          SELECT (dense_rank() OVER (ORDER BY cohort) - 1)::int, period, rate,
                 CASE WHEN rate IS NULL THEN '#e0e0e0'
                      ELSE (SELECT fill FROM ramp WHERE step = least(8, greatest(0, floor(rate * 9)::int))) END
          FROM r)) AS cells_match;
-- the texts: cohort labels ascending, sizes with separators, period headers,
-- percentages in row order (135% and -5.0% are the real values; white text on dark cells)
SELECT array_agg(m[1]) AS labels FROM h, regexp_matches(svg, 'class="jy-cohort" text-anchor="start" font-size="12">([^<]*)</text>', 'g') m;
SELECT array_agg(m[1]) AS sizes FROM h, regexp_matches(svg, 'class="jy-muted jy-size" text-anchor="end" font-size="11">([^<]*)</text>', 'g') m;
SELECT array_agg(m[1]) AS headers FROM h, regexp_matches(svg, 'class="jy-axis-label" text-anchor="middle" font-size="11">([^<]*)</text>', 'g') m;
SELECT array_agg(m[2] || CASE m[1] WHEN 'jy-on-dark' THEN ' (white)' ELSE '' END) AS texts
FROM h, regexp_matches(svg, 'class="(jy-cell-text|jy-on-dark)" text-anchor="middle" font-size="11">([^<]*)</text>', 'g') m;
-- the title escaped; no id, script or external reference; a legend
SELECT strpos(svg, '<title>Weekly &lt;retention&gt; &amp; &quot;more&quot;</title>') > 0 AS title,
       svg !~ '( id=|<script|href|url\()' AS self_contained,
       strpos(svg, 'class="jy-legend"') > 0 AS legend,
       svg ~ '^<svg xmlns="http://www.w3.org/2000/svg" class="jy-chart jy-heatmap" width="720" height="\d+" viewBox="0 0 720 \d+"' AS standalone
FROM h;
-- labels are dates in the session's time zone (midnight UTC is 19:00 the day before in New York)
SET TimeZone = 'America/New_York';
SELECT array_agg(m[1]) AS labels_new_york
FROM (SELECT retention_heatmap_svg(cohort, period, rate, cohort_size) AS svg FROM r) h,
     regexp_matches(svg, 'class="jy-cohort" text-anchor="start" font-size="12">([^<]*)</text>', 'g') m;
SET TimeZone = 'UTC';

-- ---------- edge cases ----------
-- no rows: a "no data" chart, not NULL
\pset format unaligned
\pset tuples_only on
\o results/charts_heatmap_2.svg
SELECT retention_heatmap_svg(cohort, period, rate, cohort_size) FROM r WHERE false;
\o
\o results/charts_heatmap_3.svg
SELECT retention_heatmap_svg(now(), 0, 0, 0, E'<]]>&\'"\x01 購入 شراء 🛒 ' || repeat('long title ', 200));
\o
\o results/charts_heatmap_4.svg
SELECT retention_heatmap_svg(cohort, period, NULL, NULL, NULL) FROM r;
\o
\pset format aligned
\pset tuples_only off
\! xmllint --noout results/charts_heatmap_2.svg && echo well-formed
\! xmllint --noout results/charts_heatmap_3.svg && echo well-formed
\! xmllint --noout results/charts_heatmap_4.svg && echo well-formed
SELECT strpos(svg, '>no data</text>') > 0 AS no_data FROM (SELECT retention_heatmap_svg(cohort, period, rate, cohort_size) AS svg FROM r WHERE false) h;
-- one zero cell: the lightest colour and "0%"; all rates NULL: every cell grey
SELECT strpos(svg, 'fill="#f7fbff">') > 0 AS lightest, strpos(svg, '>0%</text>') > 0 AS zero_text
FROM (SELECT retention_heatmap_svg('2025-01-06', 0, 0, 0) AS svg) h;
SELECT count(*) AS grey_cells FROM (SELECT retention_heatmap_svg(cohort, period, NULL, NULL) AS svg FROM r) h,
     regexp_matches(svg, 'class="jy-cell" data-row="\d+" data-period="\d+" x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" fill="#e0e0e0"', 'g');
-- the title is kept whole (up to 1,000 characters) in <title>, shortened with an ellipsis in the heading
SELECT strpos(svg, '<title>&lt;]]&gt;&amp;&#39;&quot;' || U&'\FFFD' || ' 購入 شراء 🛒 long title') > 0 AS escaped,
       strpos(svg, U&'\2026</text>') > 0 AS ellipsis
FROM (SELECT retention_heatmap_svg(now(), 0, 0, 0, E'<]]>&\'"\x01 購入 شراء 🛒 ' || repeat('long title ', 200)) AS svg) h;
-- many periods widen the chart: 40 columns of 32 px
SELECT substring(svg from 'width="(\d+)"')::int > 40 * 32 AS wider
FROM (SELECT retention_heatmap_svg('2025-01-06', p, 0.5, 10) AS svg FROM generate_series(0, 39) p) h;

-- ---------- the sample data: cohort_retention by week ----------
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = ch, journey_sample, public;
CREATE TABLE ret AS SELECT * FROM cohort_retention((SELECT activity_agg(user_id, ts) FROM events), 'week');
CREATE TABLE hs AS SELECT retention_heatmap_svg(cohort, period, rate, cohort_size, 'Weekly retention') AS svg FROM ret;
\pset format unaligned
\pset tuples_only on
\o results/charts_heatmap_5.svg
SELECT svg FROM hs;
\o
\pset format aligned
\pset tuples_only off
\! xmllint --noout results/charts_heatmap_5.svg && echo well-formed
-- every row is a cell with its exact rate at its cohort's rank; one row of labels per cohort
SELECT (SELECT count(*) FROM ret) > 50 AS many_rows,
       (SELECT count(*) FROM hs, regexp_matches(svg, 'class="jy-cell"', 'g')) = (SELECT count(*) FROM ret) AS cell_count,
       (SELECT count(*) FROM hs, regexp_matches(svg, 'class="jy-row"', 'g')) = (SELECT count(DISTINCT cohort) FROM ret) AS row_count,
       NOT EXISTS (
         (SELECT m[1]::int, m[2]::int, m[3]::float8
          FROM hs, regexp_matches(svg, 'class="jy-cell" data-row="(\d+)" data-period="(\d+)" data-rate="([^"]*)"', 'g') m)
         EXCEPT
         (SELECT (dense_rank() OVER (ORDER BY cohort) - 1)::int, period, rate FROM ret)) AS rates_match;

-- net revenue retention by month: 3 monthly cohorts over the 90 days, 3 + 2 + 1
-- cells (above 100 % saturates the colour; the text shows the real value)
CREATE TABLE vr AS SELECT * FROM value_retention((SELECT value_agg(user_id, ts, revenue) FROM events), 'month');
SELECT (SELECT count(*) FROM vr) AS value_rows,
       count(*) = (SELECT count(*) FROM vr) AS cell_count,
       count(m[2]) = (SELECT count(net_retention) FROM vr) AS rates_given
FROM (SELECT retention_heatmap_svg(cohort, period, net_retention, cohort_size, 'Net revenue retention') AS svg FROM vr) h,
     regexp_matches(svg, 'class="jy-cell" data-row="\d+" data-period="(\d+)"(?: data-rate="([^"]*)")?', 'g') m;

-- ---------- errors ----------
SELECT retention_heatmap_svg(NULL, 0, 0.5, 10);
SELECT retention_heatmap_svg('2025-01-06', NULL, 0.5, 10);
SELECT retention_heatmap_svg('2025-01-06', 0, 'NaN', 10);
SELECT retention_heatmap_svg('2025-01-06', 0, 'Infinity', 10);
SELECT retention_heatmap_svg('2025-01-06', -1, 0.5, 10);
SELECT retention_heatmap_svg('2025-01-06', 0, 0.5, -1);
SELECT retention_heatmap_svg('2025-01-06', 120, 0.5, 10);
SELECT retention_heatmap_svg(c, 0, 0.5, 10) FROM (VALUES ('2025-01-06'::timestamptz), ('2025-01-13'), ('2025-01-06')) v(c);
SELECT retention_heatmap_svg('2025-01-06', p, 0.5, 10 + p) FROM generate_series(0, 1) p;
SELECT retention_heatmap_svg('2025-01-06'::timestamptz + p * interval '1 day', p % 100, 0.5, 10) FROM generate_series(0, 10000) p;
SELECT retention_heatmap_svg('2025-01-06'::timestamptz + p * interval '1 day', 0, 0.5, 10) FROM generate_series(0, 1000) p;
DROP SCHEMA ch CASCADE;
DROP SCHEMA journey_sample CASCADE;
