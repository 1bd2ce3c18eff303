-- funnel_svg: the funnel chart of a count array.  Each document is written
-- to a file and checked by xmllint; the geometry is read back from the SVG
-- and compared with the counts (bar widths proportional to actors) and with
-- the textbook Wilson interval.
CREATE TEMP TABLE charts (name text PRIMARY KEY, svg text);
INSERT INTO charts VALUES
  ('hand', funnel_svg(ARRAY[1000, 600, 150, 0]::bigint[], ARRAY['visit <&> "x" ]]>', 'view', NULL, 'buy'], 0.95, 'Q1 <funnel> & co')),
  ('empty', funnel_svg('{}'::bigint[])),
  ('one', funnel_svg(ARRAY[42]::bigint[], ARRAY['only step'])),
  ('zero', funnel_svg(ARRAY[0, 0, 0]::bigint[])),
  ('names', funnel_svg(ARRAY[9, 5, 2]::bigint[], ARRAY['購入 (purchase) 🛒', 'الدفع', repeat('a very long step name ', 20)], 0.9, repeat('タイトル', 50), 300)),
  ('controls', funnel_svg(ARRAY[3, 2]::bigint[], ARRAY[E'tab\there', E'bell\x07 esc\x1b'], 0.99, E'new\nline', 200));
\pset format unaligned
\pset tuples_only on
\o results/charts_funnel_hand.svg
SELECT svg FROM charts WHERE name = 'hand';
\o results/charts_funnel_empty.svg
SELECT svg FROM charts WHERE name = 'empty';
\o results/charts_funnel_one.svg
SELECT svg FROM charts WHERE name = 'one';
\o results/charts_funnel_zero.svg
SELECT svg FROM charts WHERE name = 'zero';
\o results/charts_funnel_names.svg
SELECT svg FROM charts WHERE name = 'names';
\o results/charts_funnel_controls.svg
SELECT svg FROM charts WHERE name = 'controls';
\o
\! for f in hand empty one zero names controls; do xmllint --noout results/charts_funnel_$f.svg && echo "$f well-formed"; done
\pset format aligned
\pset tuples_only off

-- every document is standalone: namespace, viewBox, <title>, no id, script or external reference
SELECT name, svg LIKE '<svg xmlns="http://www.w3.org/2000/svg" %' AS svg_ns,
       svg ~ 'viewBox="0 0 \d+ \d+"' AS viewbox, svg ~ '<title>' AS titled,
       svg !~* '( id=|<script|href|url\(|nan|inf)' AS self_contained
FROM charts ORDER BY name;

-- the bars: one per step, data-actors = the counts, width proportional to
-- actors (the first step full length: width - 24)
CREATE TEMP VIEW bars AS
SELECT c.name, m[1]::int AS step, m[2]::bigint AS actors, m[3]::float8 AS width
FROM charts c, regexp_matches(c.svg, '<rect class="jy-bar" data-step="(\d+)" data-actors="(\d+)" x="[0-9.]+" y="[0-9.]+" width="([0-9.]+)"', 'g') m;
SELECT name, array_agg(actors ORDER BY step) AS actors, array_agg(width ORDER BY step) AS widths FROM bars GROUP BY name ORDER BY name;
SELECT name, bool_and(abs(width - w1 * actors / a1) < 1e-3) AS proportional
FROM (SELECT name, actors, width, first_value(width) OVER w AS w1, first_value(actors) OVER w AS a1
      FROM bars WINDOW w AS (PARTITION BY name ORDER BY step)) b
WHERE a1 > 0 GROUP BY name ORDER BY name;
SELECT bool_and(width = 720 - 24) AS full_length FROM bars WHERE name = 'hand' AND step = 1;
SELECT bool_and(width = 0) AS zero_width FROM bars WHERE name = 'zero';

-- the error bars (steps 2..n) equal the textbook Wilson interval of
-- conversion from step 1: (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n)
WITH ci AS (
  SELECT m[1]::int AS step, m[2]::float8 AS lo, m[3]::float8 AS hi, m[4]::float8 AS x1, m[5]::float8 AS x2
  FROM charts, regexp_matches(svg, '<path class="jy-ci" data-step="(\d+)" data-low="([0-9.]+)" data-high="([0-9.]+)" d="M([0-9.]+) [0-9.]+V[0-9.]+M[0-9.]+ [0-9.]+H([0-9.]+)', 'g') m
  WHERE name = 'hand'),
  book AS (
  SELECT step, x, n, z, (x::float8 / n + z * z / (2 * n) - z * sqrt(x::float8 / n * (1 - x::float8 / n) / n + z * z / (4.0 * n * n))) / (1 + z * z / n) AS lo,
                        (x::float8 / n + z * z / (2 * n) + z * sqrt(x::float8 / n * (1 - x::float8 / n) / n + z * z / (4.0 * n * n))) / (1 + z * z / n) AS hi
  FROM (VALUES (2, 600), (3, 150), (4, 0)) v(step, x), (VALUES (1000, 1.959963984540054)) w(n, z))
SELECT ci.step, abs(ci.lo - book.lo) < 1e-6 AS low_ok, abs(ci.hi - book.hi) < 1e-6 AS high_ok,
       abs(ci.x1 - (12 + 696 * book.lo)) < 0.01 AND abs(ci.x2 - (12 + 696 * book.hi)) < 0.01 AS on_bar_scale
FROM ci JOIN book USING (step) ORDER BY step;
SELECT count(*) AS error_bars FROM charts, regexp_matches(svg, 'class="jy-ci"', 'g') WHERE name IN ('one', 'zero');

-- the labels: names escaped (never raw), "Step i" for NULL, the statistics line
SELECT svg LIKE '%>visit &lt;&amp;&gt; &quot;x&quot; ]]&gt;</text>%' AS escaped_name,
       svg NOT LIKE '%<&>%' AND svg NOT LIKE '%]]>%' AS nothing_raw,
       svg LIKE '%>Step 3</text>%' AS default_name,
       svg LIKE '%<title>Q1 &lt;funnel&gt; &amp; co</title>%' AS escaped_title,
       svg LIKE '%>600 actors · 60.0% of step 1 · dropped 400 (40.0%) since step 1</text>%' AS stats_step2,
       svg LIKE '%>0 actors · 0.0% of step 1 · dropped 150 (100.0%) since step 3</text>%' AS stats_step4
FROM charts WHERE name = 'hand';
SELECT svg LIKE '%>0 actors · —</text>%' AS dash_not_nan, svg LIKE '%<title>Funnel</title>%' AS default_title,
       svg NOT LIKE '%class="jy-heading"%' AS no_heading
FROM charts WHERE name = 'zero';
SELECT svg LIKE '%購入 (purchase) 🛒%' AS japanese_emoji, svg LIKE '%الدفع%' AS arabic,
       svg ~ '<text[^>]*><title>a very long step name' AND svg LIKE '%…</text>%' AS long_name_shortened,
       svg LIKE '%width="300"%' AS width_300
FROM charts WHERE name = 'names';
SELECT svg LIKE '%>tab here</text>%' AS tab_as_space, svg LIKE '%>bell� esc�</text>%' AS controls_replaced,
       svg LIKE '%<title>new line</title>%' AS newline_as_space
FROM charts WHERE name = 'controls';
SELECT svg LIKE '%>no data</text>%' AS no_data FROM charts WHERE name = 'empty';

-- NULL counts give NULL; names shorter than the counts, the rest "Step i"
SELECT funnel_svg(NULL) IS NULL AS null_counts;
SELECT funnel_svg(ARRAY[5, 3, 1]::bigint[], ARRAY['a']) LIKE '%>Step 2</text>%>Step 3</text>%' AS short_names;
-- the same counts as funnel_counts returns them, on rows of per-actor levels
SELECT funnel_svg(funnel_counts(level, 3), ARRAY['visit', 'view', 'buy']) ~ 'data-actors="4".*data-actors="2".*data-actors="1"' AS from_funnel_counts
FROM (VALUES (1), (3), (2), (0), (1)) v(level);

-- errors
SELECT funnel_svg(ARRAY[5, -1]::bigint[]);
SELECT funnel_svg(ARRAY[5, NULL]::bigint[]);
SELECT funnel_svg(ARRAY[5, 6]::bigint[]);
SELECT funnel_svg(ARRAY[[5, 3], [2, 1]]::bigint[]);
SELECT funnel_svg(array_fill(1::bigint, ARRAY[65]));
SELECT funnel_svg(ARRAY[5, 3]::bigint[], ARRAY['a', 'b', 'c']);
SELECT funnel_svg(ARRAY[5, 3]::bigint[], ARRAY[['a'], ['b']]);
SELECT funnel_svg(ARRAY[5]::bigint[], width => 199);
SELECT funnel_svg(ARRAY[5]::bigint[], width => 4001);
SELECT funnel_svg(ARRAY[5]::bigint[], width => NULL);
SELECT funnel_svg(ARRAY[5]::bigint[], confidence => 1);
SELECT funnel_svg(ARRAY[5]::bigint[], confidence => 0);
SELECT funnel_svg(ARRAY[5]::bigint[], confidence => NULL);
