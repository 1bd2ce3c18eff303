-- Sankey-ready path edges: path_edges_agg builds a path_summary of each
-- actor's paths from (or to) an anchor, path_edges reports them as edges
-- (depth, source, target, actors, transitions).  Hand-worked journeys for
-- every option (expected rows derived by hand in the comments), then the
-- sample data against a plain-SQL formulation, graph checks (no cycles,
-- flow conserved), parallel = serial, rollup = one pass, I/O, errors.
CREATE SCHEMA pe;
SET search_path = pe, public;

-- six actors (the fifth has an empty journey); minutes after 10:00
CREATE TABLE small (user_id int, j journey);
INSERT INTO small VALUES
 (1, '[["2025-03-01T10:01:00Z","visit"],["2025-03-01T10:02:00Z","product_view"],["2025-03-01T10:03:00Z","add_to_cart"],["2025-03-01T10:04:00Z","purchase"]]'),
 (2, '[["2025-03-01T10:01:00Z","visit"],["2025-03-01T10:02:00Z","product_view"],["2025-03-01T10:03:00Z","product_view"],["2025-03-01T10:04:00Z","visit"]]'),
 (3, '[["2025-03-01T10:01:00Z","visit"],["2025-03-01T10:02:00Z","search"],["2025-03-01T10:03:00Z","product_view"]]'),
 (4, '[["2025-03-01T10:01:00Z","search"],["2025-03-01T10:02:00Z","visit"],["2025-03-01T10:03:00Z","pricing"]]'),
 (5, '[]'),
 (6, '[["2025-03-01T10:01:00Z","visit"],["2025-03-01T10:02:00Z","product_view"],["2025-03-01T10:03:00Z","visit"],["2025-03-01T10:04:00Z","product_view"]]');

-- no anchor, depth 3: paths (repeats collapsed) u1 visit>product_view>add_to_cart,
-- u2 and u6 visit>product_view>visit, u3 visit>search>product_view,
-- u4 search>visit>pricing; u5 has none.  Every path reaches depth 3: no drop-off.
SELECT * FROM path_edges((SELECT path_edges_agg(j, 3) FROM small));
-- depth 4: u1 goes on to purchase, u2 u3 u4 stop at 3 (drop-off at 4), u6 goes back to product_view
SELECT * FROM path_edges((SELECT path_edges_agg(j, 4) FROM small)) WHERE depth = 3;
-- the same without the drop-off edges
SELECT * FROM path_edges((SELECT path_edges_agg(j, 4) FROM small), dropoff => false) WHERE depth = 3;
-- top 1 target per node: at the start visit (4) beats search (1, to 1:Other);
-- 1:visit keeps product_view (3), search goes to 2:Other; 1:Other (u4) keeps visit;
-- 2:product_view: visit (u2, u6) beats add_to_cart (u1, to 3:Other);
-- 2:Other (u3) keeps product_view; 2:visit (u4) keeps pricing
SELECT * FROM path_edges((SELECT path_edges_agg(j, 3) FROM small), 1);
-- at least 2 actors per edge (the first nodes are not edges: 1:search stays);
-- 1:visit keeps product_view (3), search (1) to 2:Other; 1:search's visit (1)
-- to 2:Other too;
-- 2:product_view keeps visit (2), add_to_cart (1) to 3:Other; 2:Other's two
-- single edges (u3 product_view, u4 pricing) become one edge of 2 actors
SELECT * FROM path_edges((SELECT path_edges_agg(j, 3) FROM small), min_actors => 2);

-- forward from the first visit, depth 2: u4's visit is its second touch
SELECT * FROM path_edges((SELECT path_edges_agg(j, 2, 'visit') FROM small));
-- every visit starts a path: u2 (visit>product_view>visit) has visit>product_view
-- and visit (ended: drop-off); u6 (visit>product_view>visit>product_view) takes
-- visit>product_view twice: 3 actors (u1 u2 u6), 4 transitions
SELECT * FROM path_edges((SELECT path_edges_agg(j, 2, 'visit', 'forward', 'every', true, NULL) FROM small));
-- the last visit: u2's ends its journey (drop-off), u6's goes on to product_view
SELECT * FROM path_edges((SELECT path_edges_agg(j, 2, 'visit', 'forward', 'last', true, NULL) FROM small));
-- repeats not collapsed: u2's product_view > product_view is a step
SELECT * FROM path_edges((SELECT path_edges_agg(j, 3, 'visit', 'forward', 'first', false, NULL) FROM small WHERE user_id = 2));

-- backward to the first product_view, depth 3 (nodes -1 = the anchor, -2 the
-- touch before it, ...; edges read forward in time, from -3 to -2 to -1):
-- u1 u2 u6 visit>product_view (the journey starts before depth 3: (start)),
-- u3 visit>search>product_view; u4 has no product_view
SELECT * FROM path_edges((SELECT path_edges_agg(j, 3, 'product_view', 'backward', 'first', true, NULL) FROM small));
-- the last product_view: u6's is its fourth touch, after visit > product_view > visit
SELECT * FROM path_edges((SELECT path_edges_agg(j, 3, 'product_view', 'backward', 'last', true, NULL) FROM small));
-- backward without an anchor: the last touches
SELECT * FROM path_edges((SELECT path_edges_agg(j, 2, NULL, 'backward', 'first', true, NULL) FROM small));

-- cleaning: search and product_view merged into browse, then repeats collapsed
-- (u3 visit>browse>browse is visit>browse); pricing cleaned to '' is removed
SELECT * FROM path_edges((SELECT path_edges_agg(j, 3, NULL, 'forward', 'first', true,
       ARRAY['^(search|product_view)$', 'browse', '^pricing$', '']) FROM small));
-- rules apply in order, as regexp_replace(label, pattern, replacement) (the first
-- match); the anchor is matched against cleaned labels
SELECT * FROM path_edges((SELECT path_edges_agg(j, 2, 'BROWSE', 'forward', 'first', true,
       ARRAY['product_view|search', 'browse', '^b', 'B', 'rowse', 'ROWSE']) FROM small));

-- the rules may also be given as a two-dimensional array of pairs, read in order
SELECT path_edges_agg(j, 3, NULL, 'forward', 'first', true, ARRAY[['^(search|product_view)$', 'browse'], ['^pricing$', '']])::text
     = path_edges_agg(j, 3, NULL, 'forward', 'first', true, ARRAY['^(search|product_view)$', 'browse', '^pricing$', ''])::text AS pairs_2d
FROM small;

-- where do the actors who stopped at step 2 (product_view) go?  The cut
-- journey starts at the touch that reached their furthest step
SELECT user_id, window_funnel(j, '1 day', '{visit,product_view,add_to_cart,purchase}') AS level,
       journey_after_dropoff(j, '1 day', '{visit,product_view,add_to_cart,purchase}')::text AS after
FROM small ORDER BY user_id;
SELECT * FROM path_edges((SELECT path_edges_agg(journey_after_dropoff(j, '1 day', '{visit,product_view,add_to_cart,purchase}'), 3)
                          FROM small WHERE window_funnel(j, '1 day', '{visit,product_view,add_to_cart,purchase}') = 2));

-- ---------- the sample data against plain SQL ----------
\set ECHO none
\set users 3000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = pe, journey_sample, public;
CREATE TABLE journeys AS
SELECT user_id, journey_agg(ts, event) AS j, (user_id * 2654435761) % 5 AS part
FROM events GROUP BY user_id;
-- each user's touches in journey order (ts, then label bytes), and the steps
-- with repeats collapsed, numbered
CREATE TABLE touches AS
SELECT user_id, event, row_number() OVER (PARTITION BY user_id ORDER BY ts, event COLLATE "C") AS pos
FROM events;
CREATE TABLE steps AS
SELECT user_id, event, row_number() OVER (PARTITION BY user_id ORDER BY pos) AS pos,
       count(*) OVER (PARTITION BY user_id) AS n
FROM (SELECT *, lag(event) OVER (PARTITION BY user_id ORDER BY pos) AS prev FROM touches) t
WHERE prev IS DISTINCT FROM event;
SELECT count(*) AS users, count(DISTINCT event) AS labels, max(n) AS longest FROM steps;

CREATE TABLE touches_n AS
SELECT user_id, event, pos, count(*) OVER (PARTITION BY user_id) AS n FROM touches;

-- brute force: the anchors a (positions of the steps, or of the touches when
-- not collapse), every step s of a path (at most d nodes from its anchor,
-- forward or backward) with the next step away from the anchor, or the
-- drop-off when the journey ends before the depth; grouped by edge
CREATE FUNCTION brute(anchor text, occurrence text, d int, backward bool, collapse bool DEFAULT true)
RETURNS TABLE(depth int, source text, target text, actors bigint, transitions bigint)
LANGUAGE sql AS $$
  WITH st AS (SELECT * FROM pe.steps WHERE collapse UNION ALL SELECT * FROM pe.touches_n WHERE NOT collapse),
  a AS (
    SELECT user_id, pos AS a FROM st
    WHERE anchor IS NULL AND pos = CASE WHEN backward THEN n ELSE 1 END
       OR event = anchor AND occurrence = 'every'
    UNION ALL
    SELECT user_id, CASE occurrence WHEN 'first' THEN min(pos) ELSE max(pos) END FROM st
    WHERE event = anchor AND occurrence <> 'every' GROUP BY user_id),
  e AS (
    SELECT s.user_id, CASE WHEN backward THEN a.a - s.pos ELSE s.pos - a.a END + 1 AS k,
           s.event, nx.event AS next_event
    FROM a JOIN st s ON s.user_id = a.user_id
         AND s.pos BETWEEN CASE WHEN backward THEN a.a - d + 1 ELSE a.a END
                       AND CASE WHEN backward THEN a.a ELSE a.a + d - 1 END
    LEFT JOIN st nx ON nx.user_id = s.user_id AND nx.pos = s.pos + CASE WHEN backward THEN -1 ELSE 1 END)
  SELECT (CASE WHEN backward THEN -(k + 1) ELSE k END)::int,
         CASE WHEN backward THEN '-' || (k + 1) || ':' || coalesce(next_event, '(start)') ELSE k || ':' || event END,
         CASE WHEN backward THEN '-' || k || ':' || event ELSE (k + 1) || ':' || coalesce(next_event, '(dropped)') END,
         count(DISTINCT user_id), count(*)
  FROM e WHERE k < d GROUP BY 1, 2, 3 $$;

-- the report of a summary equals the brute force (both ways, with multiplicity)
CREATE FUNCTION same(s path_summary, anchor text, occurrence text, d int, backward bool, collapse bool DEFAULT true)
RETURNS bool LANGUAGE sql AS $$
  SELECT NOT EXISTS (SELECT * FROM path_edges(s) EXCEPT ALL SELECT * FROM pe.brute(anchor, occurrence, d, backward, collapse))
     AND NOT EXISTS (SELECT * FROM pe.brute(anchor, occurrence, d, backward, collapse) EXCEPT ALL SELECT * FROM path_edges(s)) $$;

SELECT (SELECT count(*) FROM brute(NULL, 'first', 5, false)) AS edges,
       same(path_edges_agg(j, 5), NULL, 'first', 5, false) AS no_anchor FROM journeys;
SELECT same(path_edges_agg(j, 4, 'product_view'), 'product_view', 'first', 4, false) AS first_forward,
       same(path_edges_agg(j, 4, 'product_view', 'forward', 'last', true, NULL), 'product_view', 'last', 4, false) AS last_forward,
       same(path_edges_agg(j, 4, 'add_to_cart', 'forward', 'every', true, NULL), 'add_to_cart', 'every', 4, false) AS every_forward,
       same(path_edges_agg(j, 4, 'visit', 'forward', 'every', false, NULL), 'visit', 'every', 4, false, false) AS every_not_collapsed
FROM journeys;
SELECT same(path_edges_agg(j, 4, 'purchase', 'backward', 'first', true, NULL), 'purchase', 'first', 4, true) AS first_backward,
       same(path_edges_agg(j, 3, 'purchase', 'backward', 'last', true, NULL), 'purchase', 'last', 3, true) AS last_backward,
       same(path_edges_agg(j, 3, 'product_view', 'backward', 'every', true, NULL), 'product_view', 'every', 3, true) AS every_backward,
       same(path_edges_agg(j, 4, NULL, 'backward', 'first', true, NULL), NULL, 'first', 4, true) AS no_anchor_backward
FROM journeys;
-- the example of docs/sequences.md: from the first product_view, 4 nodes, top 1 per node
SELECT * FROM path_edges((SELECT path_edges_agg(j, 4, 'product_view') FROM journeys), 1);
-- transitions differ from actors where an actor takes an edge more than once
SELECT count(*) FILTER (WHERE transitions > actors) > 0 AS repeats_seen
FROM path_edges((SELECT path_edges_agg(j, 4, 'add_to_cart', 'forward', 'every', true, NULL) FROM journeys));

-- ---------- the graph: no cycles, flow conserved, nobody lost ----------
CREATE TABLE g AS
SELECT * FROM path_edges((SELECT path_edges_agg(j, 5, 'product_view') FROM journeys), 1, 30);
CREATE TABLE gb AS
SELECT * FROM path_edges((SELECT path_edges_agg(j, 4, 'purchase', 'backward', 'every', true, NULL) FROM journeys), 3, 10);
-- every edge goes from depth d to d + 1 (so no cycle); Other nodes present
SELECT bool_and(split_part(source, ':', 1)::int = depth AND split_part(target, ':', 1)::int = depth + 1) AS d_to_d1,
       count(*) FILTER (WHERE target LIKE '%:Other') > 0 AS has_other FROM g;
SELECT bool_and(split_part(source, ':', 1)::int = depth AND split_part(target, ':', 1)::int = depth + 1) AS d_to_d1 FROM gb;
-- into a node = out of it (the drop-off included), for every node with
-- edges on both sides; actors too, with one path per actor
SELECT count(*) AS inner_nodes,
       bool_and(i.t = o.t) AS transitions_conserved, bool_and(i.a = o.a) AS actors_conserved
FROM (SELECT target AS node, sum(transitions) AS t, sum(actors) AS a FROM g GROUP BY 1) i
JOIN (SELECT source AS node, sum(transitions) AS t, sum(actors) AS a FROM g GROUP BY 1) o USING (node);
SELECT count(*) AS inner_nodes, bool_and(i.t = o.t) AS transitions_conserved
FROM (SELECT target AS node, sum(transitions) AS t FROM gb GROUP BY 1) i
JOIN (SELECT source AS node, sum(transitions) AS t FROM gb GROUP BY 1) o USING (node);
-- every node but the deepest has out-edges; the actors leaving the anchor are
-- exactly those with a product_view, and the deepest level's actors arrive
SELECT (SELECT sum(actors) FROM g WHERE depth = 1) = (SELECT count(DISTINCT user_id) FROM steps WHERE event = 'product_view') AS nobody_lost,
       NOT EXISTS (SELECT target FROM g WHERE depth < 4 AND target NOT LIKE '%(dropped)'
                   EXCEPT SELECT source FROM g) AS every_node_continues;
-- at most 1 named target per source (plus Other and the drop-off), each of
-- at least 30 actors; Other edges may be smaller (they are never dropped)
SELECT bool_and(named <= 1) AS top_1, bool_and(smallest >= 30) AS min_30
FROM (SELECT source, count(*) FILTER (WHERE target !~ ':(Other|\(dropped\))$') AS named,
             min(actors) FILTER (WHERE target !~ ':(Other|\(dropped\))$') AS smallest FROM g GROUP BY source) s;

-- ---------- parallel = serial; rollup of disjoint actor sets = one pass ----------
CREATE TABLE serial AS
SELECT path_edges_agg(j, 4, 'product_view', 'forward', 'every', true, ARRAY['^(add_to_cart|purchase)$', 'buy'])::text AS s,
       path_edges_agg(j, 3)::text AS s2 FROM journeys;
\i test/data/force_parallel.sql
SELECT plan_has('SELECT path_edges_agg(j, 3) FROM pe.journeys', 'Partial Aggregate') AS partial;
SELECT s = path_edges_agg(j, 4, 'product_view', 'forward', 'every', true, ARRAY['^(add_to_cart|purchase)$', 'buy'])::text AS parallel_equal,
       s2 = path_edges_agg(j, 3)::text AS parallel_equal_2
FROM journeys, serial GROUP BY s, s2;
\i test/data/reset_parallel.sql
CREATE TABLE parts AS
SELECT part, path_edges_agg(j, 4, 'product_view', 'forward', 'every', true, ARRAY['^(add_to_cart|purchase)$', 'buy']) AS s
FROM journeys GROUP BY part;
SELECT count(*) AS parts, (SELECT s FROM serial) = rollup(s)::text AS rollup_equal FROM parts;
-- the cleaned labels add up: buy is add_to_cart and purchase together
SELECT (SELECT sum(transitions) FROM path_edges((SELECT rollup(s) FROM parts)) WHERE target = '2:buy')
     = (SELECT count(*) FROM steps a JOIN steps b ON b.user_id = a.user_id AND b.pos = a.pos + 1
        WHERE a.event = 'product_view' AND b.event IN ('add_to_cart', 'purchase')) AS merged_labels_add_up;

-- ---------- drop-off at a funnel step: where do they go? ----------
-- the users whose furthest step is 2 (add_to_cart): what follows the
-- add_to_cart that reached it, against plain SQL (the window is wider than
-- the data and the users never purchased after a cart, so the chain ends at
-- their latest add_to_cart after their first product_view)
CREATE TABLE level2 AS
SELECT user_id, journey_after_dropoff(j, '1000 days', '{product_view,add_to_cart,purchase}') AS after
FROM journeys WHERE window_funnel(j, '1000 days', '{product_view,add_to_cart,purchase}') = 2;
SELECT count(*) AS users, bool_and((journey_labels(after))[1] = 'add_to_cart') AS starts_at_step_2 FROM level2;
SELECT count(*) AS checked,
       bool_and(length(l.after) = (SELECT count(*) FROM touches t WHERE t.user_id = l.user_id
                                   AND t.pos >= (SELECT max(pos) FROM touches p WHERE p.user_id = l.user_id AND p.event = 'add_to_cart'))) AS cut_at_latest
FROM level2 l;
-- level 0 gives NULL; the whole table's edges after the cart, top 2 per node
SELECT count(*) FILTER (WHERE journey_after_dropoff(j, '1000 days', '{purchase,visit}') IS NULL)
     = count(*) FILTER (WHERE window_funnel(j, '1000 days', '{purchase,visit}') = 0) AS null_at_level_0 FROM journeys;
SELECT * FROM path_edges((SELECT path_edges_agg(after, 4) FROM level2), 2);

-- ---------- text and binary forms, damaged input ----------
CREATE TABLE sums AS
SELECT 1 AS id, path_edges_agg(j, 3, 'product_view', 'backward', 'every', false, ARRAY['^visit$', 'v']) AS s FROM small
UNION ALL SELECT 2, path_edges_agg(j, 2) FROM small
UNION ALL SELECT 3, path_edges_agg(j, 2) FROM small WHERE false;
SELECT id, s::text::path_summary::text = s::text AS text_round_trip FROM sums ORDER BY id;
SELECT s FROM sums WHERE id = 2;
CREATE TABLE back (id int, s path_summary);
\copy sums TO 'results/path_edges.bin' WITH (FORMAT binary)
\copy back FROM 'results/path_edges.bin' WITH (FORMAT binary)
SELECT count(*) AS rows, bool_and(a.s::text = b.s::text) AS binary_round_trip FROM sums a JOIN back b USING (id);
-- the reports of a stored summary: its parameters travel with it
SELECT * FROM path_edges((SELECT s FROM back WHERE id = 1));
-- the format by hand (docs/format.md): header, kind 3, depth 2, collapse,
-- forward, first, no anchor, no rules, 1 actor, 0, 1 key: one path (mult 1,
-- 2 nodes a, b), counted once -- the summary of the journey a > b
SELECT encode('\x4a530201 03 02 01 00 00 00 00 01 00 01 06 010201610162 01', 'base64')::path_summary::text =
       (SELECT path_edges_agg('[["2025-03-01T10:00:00Z","a"],["2025-03-01T10:01:00Z","b"]]'::journey, 2)::text) AS hand_made;
-- damaged: depth 1, an unknown occurrence, 'every' without an anchor, a rule
-- without its replacement, ended paths counted, a key with a NUL byte, a path
-- deeper than the depth, a repeat with collapse, two paths (not 'every'), a
-- key counted twice over, keys out of order, trailing bytes
SELECT encode('\x4a530201 03 01 01 00 00 00 00 01 00 01 06 010201610162 01', 'base64')::path_summary;
SELECT encode('\x4a530201 03 02 01 00 03 00 00 01 00 01 06 010201610162 01', 'base64')::path_summary;
SELECT encode('\x4a530201 03 02 01 00 02 00 00 01 00 01 06 010201610162 01', 'base64')::path_summary;
SELECT encode('\x4a530201 03 02 01 00 00 00 01 0161 01 00 01 06 010201610162 01', 'base64')::path_summary;
SELECT encode('\x4a530201 03 02 01 00 00 00 00 01 01 01 06 010201610162 01', 'base64')::path_summary;
SELECT encode('\x4a530201 03 02 01 00 00 00 00 01 00 01 06 010201000162 01', 'base64')::path_summary;
SELECT encode('\x4a530201 03 02 01 00 00 00 00 01 00 01 08 0103016101620163 01', 'base64')::path_summary;
SELECT encode('\x4a530201 03 02 01 00 00 00 00 01 00 01 06 010201610161 01', 'base64')::path_summary;
SELECT encode('\x4a530201 03 02 01 00 00 00 00 01 00 01 0a 0101016101020161 0162 01', 'base64')::path_summary;
SELECT encode('\x4a530201 03 02 01 00 00 00 00 01 00 01 06 010201610162 02', 'base64')::path_summary;
SELECT encode('\x4a530201 03 02 01 00 00 00 00 02 00 02 04 01010162 01 04 01010161 01', 'base64')::path_summary;
SELECT encode('\x4a530201 03 02 01 00 00 00 00 01 00 01 06 010201610162 01 00', 'base64')::path_summary;
-- an anchored summary whose path does not start at the anchor (anchor a, path b > a)
SELECT encode('\x4a530201 03 02 01 00 00 01 0161 00 01 00 01 06 010201620161 01', 'base64')::path_summary;
SELECT encode('\x4a530201 03 02 01 00 00 01 0161 00 01 00 01 06 010201610162 01', 'base64')::path_summary::text =
       (SELECT path_edges_agg('[["2025-03-01T10:00:00Z","a"],["2025-03-01T10:01:00Z","b"]]'::journey, 2, 'a')::text) AS anchored_by_hand;
-- binary input is checked the same way (COPY BINARY of raw bytes)
CREATE TABLE raw (b bytea);
INSERT INTO raw VALUES ('\x4a530201 03 02 01 00 00 00 00 01 00 01 06 010201000162 01');
\copy raw TO 'results/path_edges_bad.bin' WITH (FORMAT binary)
CREATE TABLE sin (s path_summary);
\copy sin FROM 'results/path_edges_bad.bin' WITH (FORMAT binary)

-- ---------- NULLs and empty input ----------
SELECT path_edges_agg(j, 3) IS NULL AS no_rows FROM small WHERE false;
SELECT count(*) AS edges FROM path_edges((SELECT path_edges_agg(NULL::journey, 3) FROM small));
SELECT count(*) AS edges FROM path_edges(NULL);
SELECT count(*) AS edges FROM path_edges((SELECT path_edges_agg(j, 3) FROM small WHERE user_id = 5));
SELECT journey_after_dropoff(NULL, '1 day', '{visit}') IS NULL AS strict;

-- ---------- errors ----------
SELECT path_edges_agg(j, NULL) FROM small;
SELECT path_edges_agg(j, 1) FROM small;
SELECT path_edges_agg(j, 256) FROM small;
SELECT path_edges_agg(j, 3, 'visit', 'sideways', 'first', true, NULL) FROM small;
SELECT path_edges_agg(j, 3, 'visit', 'forward', 'often', true, NULL) FROM small;
SELECT path_edges_agg(j, 3, NULL, 'forward', 'every', true, NULL) FROM small;
SELECT path_edges_agg(j, 3, 'visit', NULL, 'first', true, NULL) FROM small;
SELECT path_edges_agg(j, 3, 'visit', 'forward', NULL, true, NULL) FROM small;
SELECT path_edges_agg(j, 3, 'visit', 'forward', 'first', NULL, NULL) FROM small;
SELECT path_edges_agg(j, 3, NULL, 'forward', 'first', true, ARRAY['a']) FROM small;
SELECT path_edges_agg(j, 3, NULL, 'forward', 'first', true, ARRAY['a', NULL]) FROM small;
SELECT path_edges_agg(j, 3, NULL, 'forward', 'first', true, array_fill('x'::text, ARRAY[66])) FROM small;
SELECT path_edges_agg(j, 3, NULL, 'forward', 'first', true, ARRAY['(unclosed', 'x']) FROM small;
DO $$ BEGIN
  PERFORM path_edges_agg(j, 3, NULL, 'forward', 'first', true, ARRAY['x', 'y', 'a{2,1}', 'b']) FROM pe.small;
EXCEPTION WHEN invalid_regular_expression THEN RAISE NOTICE 'SQLSTATE %: %', SQLSTATE, SQLERRM;
END $$;
SELECT path_edges_agg(j, 3, NULL, 'forward', 'first', true, ARRAY['a', 'b']) FROM small WHERE false;
-- a parameter that changes from row to row
SELECT path_edges_agg(j, user_id + 1) FROM small;
-- merging summaries of different parameters
SELECT rollup(s) FROM sums WHERE id IN (1, 2);
-- the wrong report for the kind, both ways
SELECT * FROM path_edges((SELECT path_agg(j, 2) FROM small));
SELECT * FROM top_paths((SELECT s FROM sums WHERE id = 2));
SELECT * FROM next_steps((SELECT s FROM sums WHERE id = 2));
SELECT * FROM path_edges((SELECT s FROM sums WHERE id = 2), 0);
SELECT * FROM path_edges((SELECT s FROM sums WHERE id = 2), 1, 0);
SELECT * FROM path_edges((SELECT s FROM sums WHERE id = 2), 1, 1, NULL);
SELECT journey_after_dropoff(j, '1 day', '{visit,product_view}', 'totals') FROM small;
SELECT journey_after_dropoff(j, '0 days', '{visit,product_view}') FROM small;
SELECT journey_after_dropoff(j, '1 day', '{visit,NULL}') FROM small;

DROP SCHEMA pe CASCADE;
DROP SCHEMA journey_sample CASCADE;
