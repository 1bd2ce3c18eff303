-- sankey_svg: hand-made edges (depth-named nodes, Other and (dropped), a
-- duplicate row, a zero row), the geometry read back from the SVG against
-- the edges (columns, flows, proportional heights and widths, stacking),
-- hostile and long names, empty input, path_edges over the sample data,
-- errors.  Every document is checked with xmllint.
CREATE SCHEMA sk;
SET search_path = sk, public;
CREATE TABLE e(source text, target text, actors bigint);
INSERT INTO e VALUES
 ('1:view', '2:visit', 60), ('1:view', '2:Other', 25), ('1:view', '2:(dropped)', 15),
 ('2:visit', '3:view', 40), ('2:visit', '3:(dropped)', 20), ('2:Other', '3:buy', 25),
 ('2:visit', '3:view', 5), ('3:view', '4:buy', 0);
CREATE TABLE s AS SELECT sankey_svg(source, target, actors, 'Paths & <more>') AS svg FROM e;
\pset format unaligned
\pset tuples_only on
\o results/charts_sankey_1.svg
SELECT svg FROM s;
\o
\pset format aligned
\pset tuples_only off
\! xmllint --noout results/charts_sankey_1.svg && echo well-formed
-- nodes and links read back
CREATE TABLE nodes AS
SELECT m[1] AS name, m[2]::bigint AS flow, m[3]::bigint AS inflow, m[4]::bigint AS outflow,
       m[5]::int AS col, m[6]::float8 AS x, m[7]::float8 AS y, m[8]::float8 AS h, m[9] AS fill
FROM s, regexp_matches(svg, 'class="jy-node" data-name="([^"]*)" data-flow="(\d+)" data-in="(\d+)" data-out="(\d+)" data-column="(\d+)" x="([^"]*)" y="([^"]*)" width="14" height="([^"]*)" fill="([^"]*)"', 'g') m;
CREATE TABLE links AS
SELECT m[1] AS source, m[2] AS target, m[3]::bigint AS actors, m[4]::float8 AS sy0, m[5]::float8 AS ty0,
       m[6]::float8 AS ty1, m[7]::float8 AS sy1
FROM s, regexp_matches(svg, 'class="jy-link" data-source="([^"]*)" data-target="([^"]*)" data-actors="(\d+)" d="M[-0-9.]+ ([-0-9.]+)C[-0-9.]+ [-0-9.]+ [-0-9.]+ [-0-9.]+ [-0-9.]+ ([-0-9.]+)L[-0-9.]+ ([-0-9.]+)C[-0-9.]+ [-0-9.]+ [-0-9.]+ [-0-9.]+ [-0-9.]+ ([-0-9.]+)Z"', 'g') m;
-- the edges with actors, duplicates summed (2:visit -> 3:view has 45), the zero row left out
SELECT source, target, actors FROM links ORDER BY source, target;
-- nodes: the flow is max(in, out) of the summed edges; the column is the
-- longest path from a source (here the depth prefix - 1)
SELECT NOT EXISTS (
  (SELECT name, flow, inflow, outflow, col FROM nodes)
  EXCEPT
  (SELECT n, greatest(i, o), i, o, split_part(n, ':', 1)::int - 1
   FROM (SELECT n, coalesce(sum(actors) FILTER (WHERE target = n), 0)::bigint AS i,
                coalesce(sum(actors) FILTER (WHERE source = n), 0)::bigint AS o
         FROM (SELECT source AS n FROM e WHERE actors > 0 UNION SELECT target FROM e WHERE actors > 0) v, e
         GROUP BY n) t)) AS nodes_match,
  (SELECT count(*) FROM nodes) AS nodes;
-- heights proportional to flow (0.01 px of rounding); the fullest column
-- (column 1: 105 actors and two 10 px gaps) fills the 360 px plot
SELECT max(abs(h - flow * k)) < 0.01 AS heights_proportional, round((105 * k + 20)::numeric, 2) AS fullest_column
FROM nodes, (SELECT sum(h) / sum(flow) AS k FROM nodes) kk GROUP BY k;
-- link widths proportional to actors at both ends, stacked at each node in
-- the order of the other ends (they tile the node: no gaps, no overlap)
SELECT max(abs((sy1 - sy0) - actors * k)) < 0.02 AS widths_at_source,
       max(abs((ty1 - ty0) - actors * k)) < 0.02 AS widths_at_target
FROM links, (SELECT sum(h) / sum(flow) AS k FROM nodes) kk;
SELECT bool_and(abs(sy0 - expect) < 0.02) AS stacked_at_source
FROM (SELECT l.sy0, n.y + coalesce(sum(l.sy1 - l.sy0) OVER (PARTITION BY l.source ORDER BY t.y ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS expect
      FROM links l JOIN nodes n ON n.name = l.source JOIN nodes t ON t.name = l.target) v;
SELECT bool_and(abs(ty0 - expect) < 0.02) AS stacked_at_target
FROM (SELECT l.ty0, n.y + coalesce(sum(l.ty1 - l.ty0) OVER (PARTITION BY l.target ORDER BY f.y ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS expect
      FROM links l JOIN nodes n ON n.name = l.target JOIN nodes f ON f.name = l.source) v;
-- in a column: flow descending, Other and (dropped) last; (dropped) grey;
-- the same label the same colour in every column
SELECT col, array_agg(name ORDER BY y) AS top_to_bottom FROM nodes GROUP BY col ORDER BY col;
SELECT bool_and(fill = '#bdbdbd') FILTER (WHERE name LIKE '%:(dropped)') AS dropped_grey,
       count(DISTINCT fill) FILTER (WHERE name IN ('1:view', '3:view')) = 1 AS same_label_same_colour,
       count(DISTINCT fill) FILTER (WHERE name IN ('1:view', '2:visit', '3:buy')) = 3 AS labels_differ
FROM nodes;
-- labels without the depth prefix, with the flow; full names in titles; the title escaped
SELECT array_agg(m[1] ORDER BY m[1]) AS labels FROM s, regexp_matches(svg, 'class="jy-node-label" text-anchor="(?:start|end)" font-size="12">([^<]*)</text>', 'g') m;
SELECT strpos(svg, '<title>2:visit: 65</title>') > 0 AS full_name_title,
       strpos(svg, '<title>Paths &amp; &lt;more&gt;</title>') > 0 AS title,
       svg !~ '( id=|<script|href|url\()' AS self_contained,
       svg ~ '^<svg xmlns="http://www.w3.org/2000/svg" class="jy-chart jy-sankey" width="720" height="\d+" viewBox="0 0 720 \d+"' AS standalone
FROM s;

-- ---------- edge cases ----------
\pset format unaligned
\pset tuples_only on
\o results/charts_sankey_2.svg
SELECT sankey_svg(source, target, actors) FROM e WHERE false;
\o
\o results/charts_sankey_3.svg
SELECT sankey_svg(s, t, a, E'<]]>&\'"\x01') FROM (VALUES
  (E'0:<script>&"\'', E'1:購入 شراء 🛒', 5::bigint), (E'0:<script>&"\'', E'1:]]>\x01', 3),
  (E'0:<script>&"\'', '1:' || repeat('a very long page name ', 10), 2),
  ('1:' || repeat('a very long page name ', 10), '2:z', 2)) v(s, t, a);
\o
\o results/charts_sankey_4.svg
SELECT sankey_svg('a', 'b', 7);
\o
\pset format aligned
\pset tuples_only off
\! xmllint --noout results/charts_sankey_2.svg && echo well-formed
\! xmllint --noout results/charts_sankey_3.svg && echo well-formed
\! xmllint --noout results/charts_sankey_4.svg && echo well-formed
SELECT strpos(svg, '>no data</text>') > 0 AS no_data FROM (SELECT sankey_svg(source, target, actors) AS svg FROM e WHERE false) s;
SELECT strpos(svg, '>no data</text>') > 0 AS only_zero_rows FROM (SELECT sankey_svg('a', 'b', 0) AS svg) s;
-- one edge: two nodes in two columns; names without a prefix are kept
SELECT array_agg(m[1] || '@' || m[2] ORDER BY m[2]) AS one_edge FROM (SELECT sankey_svg('a', 'b', 7) AS svg) s,
       regexp_matches(svg, 'class="jy-node" data-name="([^"]*)" data-flow="7" data-in="\d+" data-out="\d+" data-column="(\d+)"', 'g') m;
-- hostile names escaped in attributes and text; a non-ASCII name isolated (U+2068 ..
-- U+2069) so that right-to-left text keeps the count after it; the long label cut
-- with an ellipsis, whole in <title>
SELECT strpos(svg, 'data-name="0:&lt;script&gt;&amp;&quot;&#39;"') > 0 AS escaped_attr,
       strpos(svg, '>&lt;script&gt;&amp;&quot;&#39; 10</text>') > 0 AS escaped_text,
       strpos(svg, '>' || U&'\2068' || '購入 شراء 🛒' || U&'\2069' || ' 5</text>') > 0 AS non_latin_isolated,
       strpos(svg, ']]&gt;' || U&'\FFFD') > 0 AS control_replaced,
       strpos(svg, U&'\2026</text>') > 0 AS ellipsis,
       strpos(svg, '<title>' || repeat('a very long page name ', 10) || ' 2</title>') > 0 AS long_title
FROM (SELECT sankey_svg(s, t, a) AS svg FROM (VALUES
  (E'0:<script>&"\'', E'1:購入 شراء 🛒', 5::bigint), (E'0:<script>&"\'', E'1:]]>\x01', 3),
  (E'0:<script>&"\'', '1:' || repeat('a very long page name ', 10), 2),
  ('1:' || repeat('a very long page name ', 10), '2:z', 2)) v(s, t, a)) s;

-- ---------- path_edges over the sample data ----------
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = sk, journey_sample, public;
CREATE TABLE journeys AS SELECT user_id, journey_agg(ts, event) AS j FROM events GROUP BY user_id;
CREATE TABLE pe AS SELECT * FROM path_edges((SELECT path_edges_agg(j, 4, 'product_view') FROM journeys), 1);
CREATE TABLE ps AS SELECT sankey_svg(source, target, actors, 'After the first product view') AS svg FROM pe;
\pset format unaligned
\pset tuples_only on
\o results/charts_sankey_5.svg
SELECT svg FROM ps;
\o
\pset format aligned
\pset tuples_only off
\! xmllint --noout results/charts_sankey_5.svg && echo well-formed
-- a link per edge with its actors; node flows from the edges; columns in depth order
SELECT (SELECT count(*) FROM pe) > 5 AS some_edges,
       NOT EXISTS (
         (SELECT m[1], m[2], m[3]::bigint FROM ps,
                 regexp_matches(svg, 'class="jy-link" data-source="([^"]*)" data-target="([^"]*)" data-actors="(\d+)"', 'g') m)
         EXCEPT (SELECT source, target, actors FROM pe)) AS links_match,
       (SELECT count(*) FROM ps, regexp_matches(svg, 'class="jy-link"', 'g')) = (SELECT count(*) FROM pe) AS link_count,
       NOT EXISTS (
         (SELECT m[1], m[2]::bigint, m[3]::int FROM ps,
                 regexp_matches(svg, 'class="jy-node" data-name="([^"]*)" data-flow="(\d+)" data-in="\d+" data-out="\d+" data-column="(\d+)"', 'g') m)
         EXCEPT
         (SELECT n, greatest(coalesce(sum(actors) FILTER (WHERE target = n), 0), coalesce(sum(actors) FILTER (WHERE source = n), 0))::bigint,
                 split_part(n, ':', 1)::int - 1
          FROM (SELECT source AS n FROM pe UNION SELECT target FROM pe) v, pe GROUP BY n)) AS nodes_match;

-- a parallel plan: the workers scan, the aggregate (no combine function)
-- runs above the Gather and draws the same document
\i test/data/force_parallel.sql
SELECT plan_has('SELECT sankey_svg(source, target, actors) FROM pe', 'Gather') AS parallel_plan,
       NOT plan_has('SELECT sankey_svg(source, target, actors) FROM pe', 'Partial Aggregate') AS not_partial,
       (SELECT sankey_svg(source, target, actors, 'After the first product view') FROM pe) = (SELECT svg FROM ps) AS same_document;
\i test/data/reset_parallel.sql

-- ---------- errors ----------
SELECT sankey_svg(NULL, 'b', 1);
SELECT sankey_svg('a', NULL, 1);
SELECT sankey_svg('a', 'b', NULL);
SELECT sankey_svg(s, t, a) FROM (VALUES ('a', 'b', 1::bigint), ('b', 'c', -2)) v(s, t, a);
SELECT sankey_svg('a', 'a', 1);
SELECT sankey_svg(s, t, 1) FROM (VALUES ('s', 'a'), ('a', 'b'), ('b', 'c'), ('c', 'a')) v(s, t);
SELECT sankey_svg(s, t, a) FROM (VALUES ('a', 'b', 9223372036854775807), ('a', 'c', 1)) v(s, t, a);
SELECT sankey_svg('0:a', '1:' || i, 1) FROM generate_series(1, 2001) i;
-- 2,000 distinct edges are drawn; duplicates do not count
SELECT count(*) AS links FROM (SELECT sankey_svg('0:a', '1:' || (i % 2000), 1) AS svg FROM generate_series(1, 2500) i) s,
       regexp_matches(svg, 'class="jy-link"', 'g');
-- a title that changes within a group (every chart aggregate: one rule)
SELECT sankey_svg(s, 'b', 1, t) FROM (VALUES ('a', 'one'), ('c', 'two')) v(s, t);
SELECT retention_heatmap_svg(now(), p, 0.5, 10, t) FROM (VALUES (0, 'one'), (1, 'two')) v(p, t);
-- the same title in every row, or NULL in some, is the title
SELECT strpos(sankey_svg(s, 'b', 1, t), '<title>one</title>') > 0 AS same_title
FROM (VALUES ('a', 'one'), ('c', NULL), ('d', 'one')) v(s, t);
DROP SCHEMA sk CASCADE;
DROP SCHEMA journey_sample CASCADE;

-- ---------- every chart in a database that is neither UTF-8 nor SQL_ASCII ----------
-- labels are read in LATIN1 and the document is pure ASCII: the accented
-- letters as numeric character references, still well-formed XML
SELECT current_database() AS regression_db \gset
SET client_min_messages = warning;
DROP DATABASE IF EXISTS journey_charts_latin1;
CREATE DATABASE journey_charts_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c journey_charts_latin1
SET client_encoding = 'UTF8';
SET client_min_messages = warning;
CREATE EXTENSION journey;
CREATE TEMP TABLE latin1_charts AS
SELECT 'funnel' AS chart, funnel_svg(ARRAY[10, 5]::bigint[], ARRAY['café', 'bär'], title => 'Entonnoir à café') AS svg
UNION ALL
SELECT 'trend', trend_svg(p, 0.5, 0.4, 0.6, true, 'Tendance été') FROM (VALUES (1::bigint), (2)) v(p)
UNION ALL
SELECT 'heatmap', retention_heatmap_svg('2025-01-06 00:00+00', 0, 1.0, 10, 'Rétention')
UNION ALL
SELECT 'sankey', sankey_svg('1:café', '2:thé', 3, 'Chemins où');
SELECT chart, svg ~ '^[\x01-\x7f]*$' AS ascii, xmlparse(document svg) IS NOT NULL AS well_formed,
       strpos(svg, '&#xE9;') > 0 AS e_acute,
       CASE chart WHEN 'funnel' THEN strpos(svg, 'caf&#xE9;') > 0 AND strpos(svg, 'b&#xE4;r') > 0
                  WHEN 'trend' THEN strpos(svg, '<title>Tendance &#xE9;t&#xE9;</title>') > 0
                  WHEN 'heatmap' THEN strpos(svg, '<title>R&#xE9;tention</title>') > 0
                  ELSE strpos(svg, 'th&#xE9;') > 0 AND strpos(svg, '<title>Chemins o&#xF9;</title>') > 0 END AS labels
FROM latin1_charts ORDER BY chart;
\c :regression_db
SET client_min_messages = warning;
DROP DATABASE journey_charts_latin1;
