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
-- at least 2 actors per edge: search at the start (1) to 1:Other; 1:visit keeps
-- product_view (3), search (1) to 2:Other; 1:Other's visit (1) to 2:Other too;
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

-- where do the actors who stopped at step 2 (product_view) go?  The cut
-- journey starts at the touch that reached their furthest step
SELECT user_id, window_funnel(j, '1 day', '{visit,product_view,add_to_cart,purchase}') AS level,
       journey_after_dropoff(j, '1 day', '{visit,product_view,add_to_cart,purchase}')::text AS after
FROM small ORDER BY user_id;
SELECT * FROM path_edges((SELECT path_edges_agg(journey_after_dropoff(j, '1 day', '{visit,product_view,add_to_cart,purchase}'), 3)
                          FROM small WHERE window_funnel(j, '1 day', '{visit,product_view,add_to_cart,purchase}') = 2));
