-- Path summaries: path_agg and next_step_agg build a path_summary, rollup
-- merges stored ones, top_paths(summary) and next_steps(summary) report.
-- On the shipped sample data (3000 users, one journey per user built with
-- journey_agg, the segment = the channel of the user's first event):
--  * per segment in one query (LATERAL) = the query-text form per segment
--    = an independent plain-SQL count over the ordered events;
--  * forced-parallel = serial, with a Partial Aggregate in the plan;
--  * summaries per "day" (actors partitioned by a hash of user_id: a
--    journey's path is not additive over time, so rollup is only
--    meaningful over DISJOINT sets of actors) rolled up = one pass;
--  * text and binary round trips, damaged input, NULLs and empty input,
--    every error of the aggregates and the reports;
--  * the query-text forms accept a trailing ';' and '-- comment' and never
--    call an aggregate planted on the search path.
CREATE SCHEMA ps;
SET search_path = ps, public;
\set ECHO none
\set users 3000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = ps, journey_sample, public;

CREATE TABLE journeys AS
SELECT e.user_id, journey_agg(e.ts, e.event) AS j, f.channel AS segment,
       (e.user_id * 2654435761) % 7 AS day
FROM events e
JOIN (SELECT DISTINCT ON (user_id) user_id, channel FROM events ORDER BY user_id, ts, event COLLATE "C") f USING (user_id)
GROUP BY e.user_id, f.channel;
SELECT count(*) AS users, count(DISTINCT segment) AS segments, count(DISTINCT day) AS days FROM journeys;

-- the independent formulation: each user's events in the journey's order
-- (ts, then label bytes), the previous and next event, and the runs of
-- one label (for collapse_repeats)
CREATE TABLE ordered AS
SELECT user_id, event, row_number() OVER w AS rn, lead(event) OVER w AS next_event,
       lag(event) OVER w AS prev_event
FROM events WINDOW w AS (PARTITION BY user_id ORDER BY ts, event COLLATE "C");
CREATE TABLE runs AS
SELECT user_id, event, row_number() OVER (PARTITION BY user_id ORDER BY rn) AS k
FROM ordered WHERE prev_event IS DISTINCT FROM event;

-- the summaries per segment, stored
CREATE TABLE sums AS
SELECT segment, path_agg(j, 3) AS paths, path_agg(j, 2, false) AS paths2,
       next_step_agg(j, '{add_to_cart}') AS after_cart,
       next_step_agg(j, '{purchase}', 'backward', 'last_match') AS before_buy
FROM journeys GROUP BY segment;

-- top paths per segment (LATERAL) against plain SQL: the first 3 runs,
-- joined by ' > ', counted per segment; rank by actors desc, then path
-- bytes; share = actors / the segment's users.  No rows: equal.
CREATE TABLE sql_paths AS
SELECT segment, path, count(*) AS actors,
       row_number() OVER (PARTITION BY segment ORDER BY count(*) DESC, path COLLATE "C") AS rank,
       count(*)::float8 / sum(count(*)) OVER (PARTITION BY segment) AS share
FROM (SELECT r.user_id, string_agg(r.event, ' > ' ORDER BY r.k) AS path
      FROM runs r WHERE r.k <= 3 GROUP BY r.user_id) p
JOIN journeys USING (user_id) GROUP BY segment, path;
SELECT count(*) AS differences FROM (
	(SELECT s.segment, t.rank, t.path, t.actors, t.share FROM sums s, LATERAL top_paths(s.paths, 1000) t
	 EXCEPT SELECT segment, rank::int, path, actors, share FROM sql_paths)
	UNION ALL
	(SELECT segment, rank::int, path, actors, share FROM sql_paths
	 EXCEPT SELECT s.segment, t.rank, t.path, t.actors, t.share FROM sums s, LATERAL top_paths(s.paths, 1000) t)) d;
-- ... and against the query-text form per segment (rows and their order)
SELECT count(*) AS differences FROM (
	(SELECT s.segment, t.* FROM sums s, LATERAL top_paths(s.paths, 1000) t
	 EXCEPT
	 SELECT g.segment, q.* FROM (SELECT DISTINCT segment FROM journeys) g,
	        LATERAL top_paths(format('SELECT j FROM ps.journeys WHERE segment = %L', g.segment), 3, 1000) q)
	UNION ALL
	(SELECT g.segment, q.* FROM (SELECT DISTINCT segment FROM journeys) g,
	        LATERAL top_paths(format('SELECT j FROM ps.journeys WHERE segment = %L', g.segment), 3, 1000) q
	 EXCEPT
	 SELECT s.segment, t.* FROM sums s, LATERAL top_paths(s.paths, 1000) t)) d;
-- without collapsing, depth 2: the first two events
SELECT count(*) AS differences FROM (
	(SELECT s.segment, t.path, t.actors FROM sums s, LATERAL top_paths(s.paths2, 1000) t
	 EXCEPT
	 SELECT segment, path, count(*) FROM (
		SELECT user_id, string_agg(event, ' > ' ORDER BY rn) AS path FROM ordered WHERE rn <= 2 GROUP BY user_id) p
	 JOIN journeys USING (user_id) GROUP BY segment, path)
	UNION ALL
	(SELECT segment, path, count(*) FROM (
		SELECT user_id, string_agg(event, ' > ' ORDER BY rn) AS path FROM ordered WHERE rn <= 2 GROUP BY user_id) p
	 JOIN journeys USING (user_id) GROUP BY segment, path
	 EXCEPT
	 SELECT s.segment, t.path, t.actors FROM sums s, LATERAL top_paths(s.paths2, 1000) t)) d;
-- the reports are not trivial: rows per segment, and k = 10 by default
SELECT s.segment, (SELECT count(*) FROM top_paths(s.paths, 1000)) AS paths,
       (SELECT count(*) FROM top_paths(s.paths)) AS top_default,
       (SELECT sum(actors) FROM top_paths(s.paths, 1000)) AS actors,
       (SELECT round(sum(share)::numeric, 12) FROM top_paths(s.paths, 1000)) AS total_share
FROM sums s ORDER BY s.segment;

-- next steps per segment against plain SQL: the event after each user's
-- first add_to_cart, NULL when it is the last; users without one are not
-- counted, and the share is of those who have one
CREATE TABLE sql_next AS
SELECT segment, next_event AS next_label, count(*) AS actors,
       row_number() OVER (PARTITION BY segment ORDER BY count(*) DESC, next_event COLLATE "C" NULLS LAST) AS rank,
       count(*)::float8 / sum(count(*)) OVER (PARTITION BY segment) AS share
FROM (SELECT DISTINCT ON (user_id) user_id, next_event FROM ordered
      WHERE event = 'add_to_cart' ORDER BY user_id, rn) f
JOIN journeys USING (user_id) GROUP BY segment, next_event;
SELECT count(*) AS differences FROM (
	(SELECT s.segment, t.rank, t.next_label, t.actors, t.share FROM sums s, LATERAL next_steps(s.after_cart, 1000) t
	 EXCEPT SELECT segment, rank::int, next_label, actors, share FROM sql_next)
	UNION ALL
	(SELECT segment, rank::int, next_label, actors, share FROM sql_next
	 EXCEPT SELECT s.segment, t.rank, t.next_label, t.actors, t.share FROM sums s, LATERAL next_steps(s.after_cart, 1000) t)) d;
-- backward from the last purchase, against plain SQL (lag)
SELECT count(*) AS differences FROM (
	(SELECT s.segment, t.next_label, t.actors FROM sums s, LATERAL next_steps(s.before_buy, 1000) t
	 EXCEPT
	 SELECT segment, prev_event, count(*) FROM (
		SELECT DISTINCT ON (user_id) user_id, prev_event FROM ordered
		WHERE event = 'purchase' ORDER BY user_id, rn DESC) f
	 JOIN journeys USING (user_id) GROUP BY segment, prev_event)
	UNION ALL
	(SELECT segment, prev_event, count(*) FROM (
		SELECT DISTINCT ON (user_id) user_id, prev_event FROM ordered
		WHERE event = 'purchase' ORDER BY user_id, rn DESC) f
	 JOIN journeys USING (user_id) GROUP BY segment, prev_event
	 EXCEPT
	 SELECT s.segment, t.next_label, t.actors FROM sums s, LATERAL next_steps(s.before_buy, 1000) t)) d;
-- both against the query-text form per segment
SELECT count(*) AS differences FROM (
	(SELECT s.segment, t.* FROM sums s, LATERAL next_steps(s.after_cart, 1000) t
	 UNION ALL
	 SELECT s.segment, t.* FROM sums s, LATERAL next_steps(s.before_buy, 1000) t)
	EXCEPT ALL
	(SELECT g.segment, q.* FROM (SELECT DISTINCT segment FROM journeys) g,
	        LATERAL next_steps(format('SELECT j FROM ps.journeys WHERE segment = %L', g.segment), '{add_to_cart}', 1000) q
	 UNION ALL
	 SELECT g.segment, q.* FROM (SELECT DISTINCT segment FROM journeys) g,
	        LATERAL next_steps(format('SELECT j FROM ps.journeys WHERE segment = %L', g.segment), '{purchase}', 1000, 'backward', 'last_match') q)) d;
SELECT (SELECT count(*) FROM sums s, LATERAL next_steps(s.after_cart, 1000) t) +
       (SELECT count(*) FROM sums s, LATERAL next_steps(s.before_buy, 1000) t) =
       (SELECT count(*) FROM sql_next) + (SELECT count(*) FROM (SELECT DISTINCT f.prev_event, j.segment FROM (
		SELECT DISTINCT ON (user_id) user_id, prev_event FROM ordered
		WHERE event = 'purchase' ORDER BY user_id, rn DESC) f JOIN journeys j USING (user_id)) x) AS same_rows;
-- a two-label anchor against the query-text form, whole table
SELECT count(*) AS differences FROM (
	(SELECT t.* FROM (SELECT next_step_agg(j, '{product_view,add_to_cart}', 'forward', 'first_match') AS s FROM journeys) a,
	        LATERAL next_steps(a.s, 100) t
	 EXCEPT SELECT * FROM next_steps('SELECT j FROM ps.journeys', '{product_view,add_to_cart}', 100))
	UNION ALL
	(SELECT * FROM next_steps('SELECT j FROM ps.journeys', '{product_view,add_to_cart}', 100)
	 EXCEPT
	 SELECT t.* FROM (SELECT next_step_agg(j, '{product_view,add_to_cart}', 'forward', 'first_match') AS s FROM journeys) a,
	        LATERAL next_steps(a.s, 100) t)) d;

-- the overloads give the defaults of the query-text forms; keywords are
-- case-insensitive (same summary: same bytes, compared as text)
SELECT (SELECT path_agg(j, 3)::text FROM journeys) = (SELECT path_agg(j, 3, true)::text FROM journeys) AS collapse_default,
       (SELECT path_agg(j, 3)::text FROM journeys) <> (SELECT path_agg(j, 3, false)::text FROM journeys) AS collapse_matters,
       (SELECT next_step_agg(j, '{visit}')::text FROM journeys) =
       (SELECT next_step_agg(j, '{visit}', 'forward', 'first_match')::text FROM journeys) AS next_defaults,
       (SELECT next_step_agg(j, '{visit}', 'Backward')::text FROM journeys) =
       (SELECT next_step_agg(j, '{visit}', ' BACKWARD ', 'First_Match')::text FROM journeys) AS keywords;

-- the issue's example: top paths per plan from stored daily summaries,
-- rolled up.  Each actor is in exactly one "day" (a hash of user_id), so
-- the days hold disjoint sets of actors and the rollup counts every actor
-- once: it equals one pass over all the journeys, byte for byte.
CREATE TABLE daily_paths AS
SELECT segment AS plan, day, path_agg(j, 3) AS paths, next_step_agg(j, '{add_to_cart}') AS after_cart
FROM journeys GROUP BY segment, day;
SELECT count(*) AS day_summaries FROM daily_paths;
SELECT bool_and(d.paths::text = s.paths::text) AS paths_equal,
       bool_and(d.after_cart::text = s.after_cart::text) AS next_equal, count(*) AS plans
FROM (SELECT plan, rollup(paths) AS paths, rollup(after_cart) AS after_cart FROM daily_paths GROUP BY plan) d
JOIN sums s ON s.segment = d.plan;
SELECT plan, p.* FROM (SELECT plan, rollup(paths) AS s FROM daily_paths WHERE day >= 0 GROUP BY plan) d,
     LATERAL top_paths(d.s, 2) p
ORDER BY plan, rank;
-- plans rolled up again to the whole table = one pass over every journey
SELECT (SELECT rollup(paths)::text FROM daily_paths) = (SELECT path_agg(j, 3)::text FROM journeys) AS all_days;
-- rollup adds: the same actors merged twice count twice (not a union)
SELECT sum(t.actors) AS actors FROM (SELECT rollup(paths) AS s FROM (SELECT paths FROM sums UNION ALL SELECT paths FROM sums) x) r,
     LATERAL top_paths(r.s, 1000) t;

-- forced parallel aggregation (workers, combine, serialize) = serial
CREATE TABLE serial AS
SELECT (SELECT path_agg(j, 3)::text FROM journeys) AS p,
       (SELECT next_step_agg(j, '{add_to_cart}')::text FROM journeys) AS n,
       (SELECT rollup(paths)::text FROM daily_paths) AS r;
CREATE TABLE serial_groups AS
SELECT segment, path_agg(j, 3)::text AS p, next_step_agg(j, '{purchase}', 'backward', 'last_match')::text AS n
FROM journeys GROUP BY segment;
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT plan_has('SELECT path_agg(j, 3) FROM ps.journeys', 'Partial Aggregate') AS path_partial,
       plan_has('SELECT next_step_agg(j, ''{add_to_cart}'') FROM ps.journeys', 'Partial Aggregate') AS next_partial,
       plan_has('SELECT rollup(paths) FROM ps.daily_paths', 'Partial Aggregate') AS rollup_partial,
       plan_has('SELECT segment, path_agg(j, 3) FROM ps.journeys GROUP BY segment', 'Partial GroupAggregate') AS grouped_partial;
SELECT (SELECT path_agg(j, 3)::text FROM journeys) = p AS paths,
       (SELECT next_step_agg(j, '{add_to_cart}')::text FROM journeys) = n AS next,
       (SELECT rollup(paths)::text FROM daily_paths) = r AS rollup
FROM serial;
SELECT count(*) AS differences FROM (
	SELECT segment, path_agg(j, 3)::text, next_step_agg(j, '{purchase}', 'backward', 'last_match')::text
	FROM journeys GROUP BY segment
	EXCEPT SELECT * FROM serial_groups) d;
\set ECHO none
\i test/data/reset_parallel.sql
\set ECHO all

-- a hand-made example, worked by hand: a > b > c, a > b, b > a > c.
-- path_agg depth 2: 'a > b' 2, 'b > a' 1; its bytes are docs/format.md's
-- example: JS 02 01 | 01 02 01 (top paths, depth 2, collapsed) | 03 00 02
-- (3 actors, none 0, 2 keys) | 05 'a > b' 02 | 05 'b > a' 01.
-- next_step_agg after a: b 2, c 1 (every journey has an a); after b:
-- c 1, end 1, a 1.
CREATE TABLE small (j journey);
INSERT INTO small VALUES
	('[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:01:00Z", "b"], ["2025-01-01T00:02:00Z", "c"]]'),
	('[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:01:00Z", "b"]]'),
	('[["2025-01-01T00:00:00Z", "b"], ["2025-01-01T00:01:00Z", "a"], ["2025-01-01T00:02:00Z", "c"]]');
SELECT path_agg(j, 2) AS summary, encode(decode(path_agg(j, 2)::text, 'base64'), 'hex') AS bytes FROM small;
SELECT t.* FROM (SELECT path_agg(j, 2) AS s FROM small) a, LATERAL top_paths(a.s) t;
SELECT t.* FROM (SELECT next_step_agg(j, '{a}') AS s FROM small) a, LATERAL next_steps(a.s) t;
SELECT t.* FROM (SELECT next_step_agg(j, '{b}') AS s FROM small) a, LATERAL next_steps(a.s) t;
-- the bytes of next steps after b: 3 actors, none 1, keys a 1, c 1
SELECT encode(decode(next_step_agg(j, '{b}')::text, 'base64'), 'hex') AS bytes FROM small;
-- an anchor that does not match: the journeys count among the actors, no row
SELECT encode(decode(next_step_agg(j, '{zzz}')::text, 'base64'), 'hex') AS bytes,
       (SELECT count(*) FROM next_steps(next_step_agg(j, '{zzz}'))) AS rows FROM small;

-- NULLs and empty input: NULL journeys are skipped; no rows at all gives
-- NULL (no parameters are known), only NULL journeys an empty summary;
-- the reports are strict (NULL: no rows), rollup skips NULL summaries
SELECT path_agg(j, 2) IS NULL AS no_rows, next_step_agg(j, '{a}') IS NULL AS no_rows_next FROM small WHERE false;
SELECT encode(decode(path_agg(NULL::journey, 2)::text, 'base64'), 'hex') AS only_null_journeys;
SELECT (SELECT path_agg(j, 2)::text FROM (SELECT j FROM small UNION ALL SELECT NULL) x) =
       (SELECT path_agg(j, 2)::text FROM small) AS nulls_skipped;
SELECT count(*) AS rows FROM top_paths(NULL::path_summary);
SELECT count(*) AS rows FROM next_steps(NULL::path_summary, 5);
SELECT count(*) AS rows FROM top_paths((SELECT path_agg(j, 2) FROM small WHERE false));
SELECT rollup(s) IS NULL AS all_null FROM (VALUES (NULL::path_summary)) v(s);
SELECT (SELECT rollup(s)::text FROM (SELECT path_agg(j, 2) FROM small UNION ALL SELECT NULL) v(s)) =
       (SELECT path_agg(j, 2)::text FROM small) AS rollup_skips_null;
-- an empty journey has the empty path (not "none")
SELECT t.* FROM (SELECT path_agg(j, 2) AS s FROM (VALUES ('[]'::journey), ('[]'), ('[["2025-01-01T00:00:00Z", "a"]]')) v(j)) a,
     LATERAL top_paths(a.s) t;

-- text and binary round trips
SELECT bool_and(paths::text::path_summary::text = paths::text) AND
       bool_and(after_cart::text::path_summary::text = after_cart::text) AND
       bool_and(before_buy::text::path_summary::text = before_buy::text) AS text_round_trip FROM sums;
CREATE TABLE back (LIKE sums);
\copy sums TO 'results/path_summary.bin' WITH (FORMAT binary)
\copy back FROM 'results/path_summary.bin' WITH (FORMAT binary)
SELECT count(*) AS differences FROM (
	SELECT segment, paths::text, paths2::text, after_cart::text, before_buy::text FROM sums
	EXCEPT SELECT segment, paths::text, paths2::text, after_cart::text, before_buy::text FROM back) d;

-- damaged input: not base64, not a summary, another kind, another
-- version, truncated, a byte too many, keys out of order, more counted
-- than actors, a key invalid in the database encoding
SELECT 'not base64!'::path_summary;
SELECT encode('hello', 'base64')::path_summary;
SELECT encode('\x4a530101', 'base64')::path_summary;
SELECT encode('\x4a530209', 'base64')::path_summary;
SELECT encode('\x4a530201010201030002056120 3e2062020562203e20', 'base64')::path_summary;
SELECT encode('\x4a53020101020103000205 61203e2062020562203e20610100', 'base64')::path_summary;
SELECT encode('\x4a53020101020103000205 62203e2061020561203e206201', 'base64')::path_summary;
SELECT encode('\x4a53020101020102000205 61203e2062020562203e206101', 'base64')::path_summary;
SELECT encode('\x4a53020101020101000101ff01', 'base64')::path_summary;
-- valid by hand: the example's bytes read back as the example
SELECT encode('\x4a53020101020103000205 61203e2062020562203e206101', 'base64')::path_summary::text =
       (SELECT path_agg(j, 2)::text FROM small) AS hand_made;
-- binary input is checked the same way (COPY BINARY of raw bytes)
CREATE TABLE raw (s bytea);
INSERT INTO raw VALUES ('\x4a53020101020103000205 61203e2062020562203e2061');
\copy raw TO 'results/path_summary_bad.bin' WITH (FORMAT binary)
CREATE TABLE sin (s path_summary);
\copy sin FROM 'results/path_summary_bad.bin' WITH (FORMAT binary)
TRUNCATE raw;
INSERT INTO raw VALUES ('\x4a53020101020103000205 61203e2062020562203e206101');
\copy raw TO 'results/path_summary_ok.bin' WITH (FORMAT binary)
\copy sin FROM 'results/path_summary_ok.bin' WITH (FORMAT binary)
SELECT t.* FROM sin, LATERAL top_paths(sin.s) t;

-- errors of the aggregates (SQLSTATE shown where it matters)
SELECT path_agg(j, 0) FROM small;
SELECT path_agg(j, NULL) FROM small;
SELECT path_agg(j, 2, NULL) FROM small;
SELECT path_agg(j, CASE WHEN j::text LIKE '%"c"%' THEN 2 ELSE 3 END) FROM small;
SELECT next_step_agg(j, '{}') FROM small;
SELECT next_step_agg(j, '{a,NULL}') FROM small;
SELECT next_step_agg(j, NULL) FROM small;
SELECT next_step_agg(j, '{a}', NULL) FROM small;
SELECT next_step_agg(j, '{a}', 'forward', NULL) FROM small;
SELECT next_step_agg(j, '{a}', 'up') FROM small;
SELECT next_step_agg(j, '{a}', 'forward', 'middle') FROM small;
SELECT next_step_agg(j, '{a}', 'backward', 'head') FROM small;
SELECT next_step_agg(j, (SELECT array_agg('x' || i) FROM generate_series(1, 65) i)) FROM small;
SELECT next_step_agg(j, CASE WHEN j::text LIKE '%"c"%' THEN '{a}' ELSE '{b}' END::text[]) FROM small;
SELECT next_step_agg(j, '{a}', CASE WHEN j::text LIKE '%"c"%' THEN 'forward' ELSE 'backward' END, 'first_match') FROM small;
-- rollup of different parameters: 22023, naming both
SELECT rollup(s) FROM (SELECT path_agg(j, 2) FROM small UNION ALL SELECT path_agg(j, 3) FROM small) v(s);
SELECT rollup(s) FROM (SELECT path_agg(j, 2) FROM small UNION ALL SELECT next_step_agg(j, '{a}') FROM small) v(s);
SELECT rollup(s) FROM (SELECT next_step_agg(j, '{a,b}') FROM small UNION ALL SELECT next_step_agg(j, '{"a b",b}', 'backward', 'last_match') FROM small) v(s);
\set VERBOSITY sqlstate
SELECT rollup(s) FROM (SELECT path_agg(j, 2) FROM small UNION ALL SELECT path_agg(j, 3) FROM small) v(s);
\set VERBOSITY default
-- the wrong report for the summary's kind: 22023 with a hint
SELECT * FROM top_paths((SELECT next_step_agg(j, '{a}') FROM small));
SELECT * FROM next_steps((SELECT path_agg(j, 2, false) FROM small));
\set VERBOSITY sqlstate
SELECT * FROM top_paths((SELECT next_step_agg(j, '{a}') FROM small));
\set VERBOSITY default
SELECT * FROM top_paths((SELECT path_agg(j, 2) FROM small), 0);
SELECT * FROM next_steps((SELECT next_step_agg(j, '{a}') FROM small), -1);

-- the query-text forms: a trailing ';' or '-- comment' is accepted, the
-- two-argument call with an array literal resolves to the query form, and
-- the rows equal the two-step form's
SELECT count(*) AS differences FROM (
	SELECT * FROM top_paths('SELECT j FROM ps.journeys;', 3, 1000)
	EXCEPT SELECT t.* FROM (SELECT path_agg(j, 3) AS s FROM journeys) a, LATERAL top_paths(a.s, 1000) t) d;
SELECT count(*) AS differences FROM (
	SELECT * FROM top_paths('SELECT j FROM ps.journeys -- every user', 3, 1000)
	EXCEPT SELECT t.* FROM (SELECT path_agg(j, 3) AS s FROM journeys) a, LATERAL top_paths(a.s, 1000) t) d;
SELECT * FROM next_steps(E'SELECT j FROM ps.small ; -- the small one\n', '{b}');
SELECT * FROM next_steps('SELECT j FROM ps.small', '{a}');
SELECT * FROM top_paths('SELECT j FROM ps.small;  ', 2);
SELECT * FROM top_paths('SELECT j FROM ps.small; SELECT j FROM ps.small', 2);

-- search_path safety: aggregates named path_agg and next_step_agg planted
-- in a schema before the extension's are never called by the query forms
CREATE SCHEMA evil;
CREATE FUNCTION evil.boom_step(s int8, j journey, d int, c bool) RETURNS int8
LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'planted path_agg called'; END$$;
CREATE AGGREGATE evil.path_agg(journey, int, bool) (sfunc = evil.boom_step, stype = int8);
CREATE FUNCTION evil.boom_next(s int8, j journey, l text[], d text, b text) RETURNS int8
LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'planted next_step_agg called'; END$$;
CREATE AGGREGATE evil.next_step_agg(journey, text[], text, text) (sfunc = evil.boom_next, stype = int8);
SET search_path = evil, ps, public;
SELECT path_agg(j, 2, true) FROM small;
SELECT * FROM top_paths('SELECT j FROM ps.small', 2);
SELECT * FROM next_steps('SELECT j FROM ps.small', '{b}', 10, 'forward', 'first_match');
SET search_path = ps, journey_sample, public;
-- the extension in a schema of its own, and aggregates of the same names
-- and argument types planted in public, first on the path: the query forms
-- call the aggregates of the extension's schema, wherever it is
CREATE SCHEMA jx;
ALTER EXTENSION journey SET SCHEMA jx;
CREATE FUNCTION public.boom_step(s int8, j jx.journey, d int, c bool) RETURNS int8
LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'planted public.path_agg called'; END$$;
CREATE AGGREGATE public.path_agg(jx.journey, int, bool) (sfunc = public.boom_step, stype = int8);
CREATE FUNCTION public.boom_next(s int8, j jx.journey, l text[], d text, b text) RETURNS int8
LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'planted public.next_step_agg called'; END$$;
CREATE AGGREGATE public.next_step_agg(jx.journey, text[], text, text) (sfunc = public.boom_next, stype = int8);
SET search_path = public, jx, ps;
SELECT path_agg(j, 2, true) FROM ps.small;
SELECT * FROM jx.top_paths('SELECT j FROM ps.small', 2);
SELECT * FROM jx.next_steps('SELECT j FROM ps.small', '{b}');
DROP AGGREGATE public.path_agg(jx.journey, int, bool);
DROP AGGREGATE public.next_step_agg(jx.journey, text[], text, text);
DROP FUNCTION public.boom_step(int8, jx.journey, int, bool);
DROP FUNCTION public.boom_next(int8, jx.journey, text[], text, text);
ALTER EXTENSION journey SET SCHEMA public;
DROP SCHEMA jx;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA evil CASCADE;
DROP SCHEMA ps CASCADE;
DROP SCHEMA journey_sample CASCADE;
