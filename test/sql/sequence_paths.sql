-- Sequences and path reports on the shipped sample data (3000 users):
--  * the journey forms give exactly the raw-event answers, for every user;
--  * sequence_match and sequence_next_node equal independent plain-SQL
--    formulations (an EXISTS over pairs; lead() over an ordered window);
--  * top_paths and next_steps equal plain-SQL counts;
--  * forced-parallel aggregation equals serial;
--  * every error of the path reports and of the journey forms.
CREATE SCHEMA seq_sample;
SET search_path = seq_sample, public;
\set ECHO none
\set users 3000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = seq_sample, journey_sample, public;

CREATE TABLE journeys AS SELECT user_id, journey_agg(ts, event) AS j FROM events GROUP BY user_id;

-- raw events vs stored journeys, every user (0 mismatches expected)
CREATE TABLE raw AS
SELECT user_id,
       sequence_match('(?1).*(?2)', ts, event = 'visit', event = 'purchase') AS m1,
       sequence_match('(?1)(?t<=3600)(?2)', ts, event = 'product_view', event = 'purchase') AS m2,
       sequence_match('(?1)(?2)(?3)', ts, event = 'product_view', event = 'add_to_cart', event = 'purchase') AS m3,
       sequence_count('(?1)(?2)', ts, event = 'visit', event = 'product_view') AS c1,
       sequence_count('(?1).*(?t>86400)(?2)', ts, event = 'visit', event = 'visit') AS c2,
       sequence_next_node('forward', 'first_match', ts, event, true, event = 'add_to_cart') AS n1,
       sequence_next_node('backward', 'last_match', ts, event, true, event = 'purchase') AS n2,
       sequence_next_node('forward', 'head', ts, event, true, event = 'visit', event = 'product_view') AS n3,
       sequence_next_node('backward', 'tail', ts, event, true) AS n4,
       sequence_next_node('forward', 'first_match', ts, event, event = 'visit', event = 'visit', event = 'visit') AS n5
FROM events GROUP BY user_id;
SELECT count(*) AS users,
       count(*) FILTER (WHERE r.m1 IS DISTINCT FROM sequence_match(j, '(?1).*(?2)', '{visit,purchase}')) AS m1,
       count(*) FILTER (WHERE r.m2 IS DISTINCT FROM sequence_match(j, '(?1)(?t<=3600)(?2)', '{product_view,purchase}')) AS m2,
       count(*) FILTER (WHERE r.m3 IS DISTINCT FROM sequence_match(j, '(?1)(?2)(?3)', '{product_view,add_to_cart,purchase}')) AS m3,
       count(*) FILTER (WHERE r.c1 IS DISTINCT FROM sequence_count(j, '(?1)(?2)', '{visit,product_view}')) AS c1,
       count(*) FILTER (WHERE r.c2 IS DISTINCT FROM sequence_count(j, '(?1).*(?t>86400)(?2)', '{visit,visit}')) AS c2,
       count(*) FILTER (WHERE r.n1 IS DISTINCT FROM sequence_next_node(j, 'forward', 'first_match', '{add_to_cart}')) AS n1,
       count(*) FILTER (WHERE r.n2 IS DISTINCT FROM sequence_next_node(j, 'backward', 'last_match', '{purchase}')) AS n2,
       count(*) FILTER (WHERE r.n3 IS DISTINCT FROM sequence_next_node(j, 'forward', 'head', '{visit,product_view}')) AS n3,
       count(*) FILTER (WHERE r.n4 IS DISTINCT FROM sequence_next_node(j, 'backward', 'tail', '{}')) AS n4,
       count(*) FILTER (WHERE r.n5 IS DISTINCT FROM sequence_next_node(j, 'forward', 'first_match', '{visit,visit}', 'visit')) AS n5
FROM raw r JOIN journeys USING (user_id);
-- the answers are not trivial: how many users each one is true / non-NULL for
SELECT count(*) FILTER (WHERE m1) AS m1, count(*) FILTER (WHERE m2) AS m2, count(*) FILTER (WHERE m3) AS m3,
       sum(c1) AS c1, sum(c2) AS c2, count(n1) AS n1, count(n2) AS n2, count(n3) AS n3, count(n4) AS n4, count(n5) AS n5
FROM raw;

-- sequence_match against EXISTS: a product_view, then a purchase at most an
-- hour later (any events in between; at equal timestamps product_view,
-- condition 1, comes first)
SELECT count(*) AS mismatches FROM raw r
WHERE r.m2 IS DISTINCT FROM EXISTS (
	SELECT 1 FROM events a JOIN events b USING (user_id)
	WHERE a.user_id = r.user_id AND a.event = 'product_view' AND b.event = 'purchase'
	  AND b.ts >= a.ts AND b.ts <= a.ts + interval '1 hour');
-- m1 against EXISTS: a visit, then a purchase at or after it
SELECT count(*) AS mismatches FROM raw r
WHERE r.m1 IS DISTINCT FROM EXISTS (
	SELECT 1 FROM events a JOIN events b USING (user_id)
	WHERE a.user_id = r.user_id AND a.event = 'visit' AND b.event = 'purchase' AND b.ts >= a.ts);

-- sequence_next_node against lead(): the event after each user's first
-- add_to_cart, rows ordered by (ts, event bytes) as the engine orders them
CREATE TABLE ordered AS
SELECT user_id, event, row_number() OVER w AS rn, lead(event) OVER w AS next_event,
       lag(event) OVER w AS prev_event
FROM events WINDOW w AS (PARTITION BY user_id ORDER BY ts, event COLLATE "C");
SELECT count(*) AS mismatches FROM raw r
LEFT JOIN (SELECT DISTINCT ON (user_id) user_id, next_event FROM ordered
           WHERE event = 'add_to_cart' ORDER BY user_id, rn) f USING (user_id)
WHERE r.n1 IS DISTINCT FROM f.next_event;
-- n4 (backward, tail, no events): the last event of each user
SELECT count(*) AS mismatches FROM raw r
JOIN (SELECT DISTINCT ON (user_id) user_id, event FROM ordered ORDER BY user_id, rn DESC) l USING (user_id)
WHERE r.n4 IS DISTINCT FROM l.event;

-- forced parallel aggregation equals serial (per user and whole table)
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT plan_has($$SELECT user_id, sequence_match('(?1)', ts, event = 'visit') FROM events GROUP BY user_id$$, 'Partial GroupAggregate') AS grouped_partial,
       plan_has($$SELECT sequence_next_node('forward', 'head', ts, event, true) FROM events$$, 'Partial Aggregate') AS whole_partial;
SELECT count(*) AS differences FROM (
	SELECT user_id,
	       sequence_match('(?1).*(?2)', ts, event = 'visit', event = 'purchase'),
	       sequence_match('(?1)(?t<=3600)(?2)', ts, event = 'product_view', event = 'purchase'),
	       sequence_match('(?1)(?2)(?3)', ts, event = 'product_view', event = 'add_to_cart', event = 'purchase'),
	       sequence_count('(?1)(?2)', ts, event = 'visit', event = 'product_view'),
	       sequence_count('(?1).*(?t>86400)(?2)', ts, event = 'visit', event = 'visit'),
	       sequence_next_node('forward', 'first_match', ts, event, true, event = 'add_to_cart'),
	       sequence_next_node('backward', 'last_match', ts, event, true, event = 'purchase'),
	       sequence_next_node('forward', 'head', ts, event, true, event = 'visit', event = 'product_view'),
	       sequence_next_node('backward', 'tail', ts, event, true),
	       sequence_next_node('forward', 'first_match', ts, event, event = 'visit', event = 'visit', event = 'visit')
	FROM events GROUP BY user_id
	EXCEPT SELECT * FROM raw) d;
-- whole table: one group of every row, split across workers
CREATE TEMP TABLE par AS
SELECT sequence_count('(?1)(?2)', ts, event = 'visit', event = 'product_view') AS c,
       sequence_next_node('forward', 'first_match', ts, event, true, event = 'purchase') AS n,
       sequence_next_node('backward', 'tail', ts, event, true, event = 'visit') AS n2
FROM events;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET parallel_leader_participation;
RESET enable_hashagg;
SET max_parallel_workers_per_gather = 0;
SELECT count(*) AS differences FROM (
	SELECT * FROM par
	EXCEPT
	SELECT sequence_count('(?1)(?2)', ts, event = 'visit', event = 'product_view'),
	       sequence_next_node('forward', 'first_match', ts, event, true, event = 'purchase'),
	       sequence_next_node('backward', 'tail', ts, event, true, event = 'visit')
	FROM events) d;
RESET max_parallel_workers_per_gather;

-- top_paths against plain SQL: the first 3 steps (runs of one label
-- collapsed), counted; all rows compared, then the report itself
CREATE TABLE steps AS
SELECT user_id, event, row_number() OVER (PARTITION BY user_id ORDER BY rn) AS k
FROM ordered WHERE prev_event IS DISTINCT FROM event;
CREATE TABLE sql_paths AS
SELECT path, count(*) AS actors FROM (
	SELECT user_id, string_agg(event, ' > ' ORDER BY k) AS path FROM steps WHERE k <= 3 GROUP BY user_id) p
GROUP BY path;
SELECT count(*) AS differences FROM (
	(SELECT path, actors FROM top_paths('SELECT j FROM seq_sample.journeys', 3, 1000)
	 EXCEPT SELECT * FROM sql_paths)
	UNION ALL
	(SELECT * FROM sql_paths
	 EXCEPT SELECT path, actors FROM top_paths('SELECT j FROM seq_sample.journeys', 3, 1000))) d;
-- rank order: actors descending, then path (bytewise)
SELECT count(*) AS rank_differences FROM top_paths('SELECT j FROM seq_sample.journeys', 3, 1000) t
JOIN (SELECT path, row_number() OVER (ORDER BY actors DESC, path COLLATE "C") AS rank FROM sql_paths) s USING (path)
WHERE t.rank <> s.rank;
SELECT * FROM top_paths('SELECT j FROM seq_sample.journeys', 3, 5);
-- shares add up to 1 over all paths
SELECT round(sum(share)::numeric, 12) AS total_share, sum(actors) AS actors
FROM top_paths('SELECT j FROM seq_sample.journeys', 3, 1000);
-- without collapsing, depth 2: the first two touches
SELECT count(*) AS differences FROM (
	SELECT path, actors FROM top_paths('SELECT j FROM seq_sample.journeys', 2, 1000, false)
	EXCEPT
	SELECT path, count(*) FROM (
		SELECT user_id, string_agg(event, ' > ' ORDER BY rn) AS path FROM ordered WHERE rn <= 2 GROUP BY user_id) p
	GROUP BY path) d;

-- next_steps against plain SQL: the event after each user's first
-- add_to_cart (NULL: the journey ends there), counted
CREATE TABLE sql_next AS
SELECT next_event, count(*) AS actors FROM (
	SELECT DISTINCT ON (user_id) user_id, next_event FROM ordered
	WHERE event = 'add_to_cart' ORDER BY user_id, rn) f
GROUP BY next_event;
SELECT count(*) AS differences FROM (
	SELECT next_label, actors FROM next_steps('SELECT j FROM seq_sample.journeys', '{add_to_cart}', 100)
	EXCEPT SELECT * FROM sql_next) d;
SELECT (SELECT count(*) FROM next_steps('SELECT j FROM seq_sample.journeys', '{add_to_cart}', 100)) =
       (SELECT count(*) FROM sql_next) AS same_rows;
SELECT * FROM next_steps('SELECT j FROM seq_sample.journeys', '{add_to_cart}');
-- backward from the last purchase: what came just before it
SELECT count(*) AS differences FROM (
	SELECT next_label, actors FROM next_steps('SELECT j FROM seq_sample.journeys', '{purchase}', 100, 'backward', 'last_match')
	EXCEPT
	SELECT prev_event, count(*) FROM (
		SELECT DISTINCT ON (user_id) user_id, prev_event FROM ordered
		WHERE event = 'purchase' ORDER BY user_id, rn DESC) f
	GROUP BY prev_event) d;
-- a two-label anchor: after product_view immediately followed by
-- add_to_cart (the first product_view where that holds is not searched:
-- first_match takes the first product_view, as sequence_next_node does)
SELECT count(*) AS differences FROM (
	SELECT next_label, actors FROM next_steps('SELECT j FROM seq_sample.journeys', '{product_view,add_to_cart}', 100)
	WHERE next_label IS NOT NULL	-- sequence_next_node cannot tell "ends" from "no match"
	EXCEPT
	SELECT n, count(*) FROM (
		SELECT sequence_next_node(j, 'forward', 'first_match', '{product_view,add_to_cart}') AS n
		FROM journeys) s WHERE n IS NOT NULL GROUP BY n) d;
-- the query may filter and join; NULL journeys are skipped
SELECT * FROM next_steps($$SELECT j FROM seq_sample.journeys WHERE user_id <= 100 UNION ALL SELECT NULL$$, '{purchase}', 3);

-- a hand-made example: three journeys, worked by hand.
-- a > b > c, a > b, b > a > c.  top_paths depth 2: 'a > b' 2, 'b > a' 1.
-- next_steps after first a: b (2), c (1).  After b: c (1), end (1), a (1).
CREATE TABLE small (j journey);
INSERT INTO small VALUES
	('[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:01:00Z", "b"], ["2025-01-01T00:02:00Z", "c"]]'),
	('[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:01:00Z", "b"]]'),
	('[["2025-01-01T00:00:00Z", "b"], ["2025-01-01T00:01:00Z", "a"], ["2025-01-01T00:02:00Z", "c"]]');
SELECT * FROM top_paths('SELECT j FROM seq_sample.small', 2);
SELECT * FROM next_steps('SELECT j FROM seq_sample.small', '{a}');
SELECT * FROM next_steps('SELECT j FROM seq_sample.small', '{b}');
-- repeats: a > a > b collapses to 'a > b'; not collapsed it is 'a > a'
SELECT path, actors FROM top_paths($$SELECT '[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:00:01Z", "a"], ["2025-01-01T00:00:02Z", "b"]]'::journey$$, 2);
SELECT path, actors FROM top_paths($$SELECT '[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:00:01Z", "a"], ["2025-01-01T00:00:02Z", "b"]]'::journey$$, 2, 10, false);
-- no journeys: no rows
SELECT count(*) FROM top_paths('SELECT j FROM seq_sample.small WHERE false');
SELECT count(*) FROM next_steps('SELECT j FROM seq_sample.small WHERE false', '{a}');
-- NULL arguments: no rows (the functions are strict)
SELECT count(*) FROM top_paths(NULL);
SELECT count(*) FROM next_steps('SELECT j FROM seq_sample.small', NULL);

-- errors of the path reports
SELECT * FROM top_paths('SELECT 1');
SELECT * FROM top_paths('SELECT');
SELECT * FROM top_paths('SELECT j FROM seq_sample.small', 0);
SELECT * FROM top_paths('SELECT j FROM seq_sample.small', 3, 0);
SELECT * FROM top_paths('SELEC j');
SELECT * FROM next_steps('SELECT j FROM seq_sample.small', '{}');
SELECT * FROM next_steps('SELECT j FROM seq_sample.small', '{a,NULL}');
SELECT * FROM next_steps('SELECT j FROM seq_sample.small', '{a}', 10, 'backward', 'head');
SELECT * FROM next_steps('SELECT j FROM seq_sample.small', '{a}', 10, 'up');
-- the query runs read-only
SELECT * FROM top_paths('DELETE FROM seq_sample.small RETURNING j');

-- errors and NULLs of the journey forms
SELECT sequence_match(j, '(?1)(?3)', '{a,b}') FROM small;
SELECT sequence_match(j, '(?1)', '{}') FROM small;
SELECT sequence_count(j, '(?1)', '{a,NULL}') FROM small;
SELECT sequence_next_node(j, 'forward', 'tail', '{a}') FROM small;
SELECT sequence_next_node(j, 'forward', NULL, '{a}') FROM small;
SELECT sequence_next_node(j, 'forward', 'first_match', '{}') FROM small;
SELECT sequence_match(NULL::journey, '(?1)', '{a}') IS NULL AS null_journey,
       sequence_next_node(NULL::journey, 'forward', 'head', '{a}') IS NULL AS null_node,
       sequence_next_node(j, 'forward', 'head', NULL) IS NULL AS null_labels
FROM small LIMIT 1;
-- base_label: the base must have that label (with first_match: also event 1)
SELECT sequence_next_node(j, 'forward', 'head', '{}', 'a') AS head_is_a,
       sequence_next_node(j, 'backward', 'tail', '{}', 'c') AS tail_is_c,
       sequence_next_node(j, 'forward', 'first_match', '{b}', 'b') AS after_b
FROM small;
-- a > b > c: a, c, c;  a > b: a, none, none;  b > a > c: none, c, a

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA seq_sample CASCADE;
DROP SCHEMA journey_sample CASCADE;
