-- Export (docs/export.md): report_json, one self-describing json document
-- of any report's rows; JSON Lines of journeys and of reports through
-- COPY; CSV of the reports through COPY (FORMAT csv, HEADER).  Every value
-- is compared with PostgreSQL's own to_json of the same value (through
-- row_to_json), every document is parsed back, and report documents are
-- compared with json_agg(row_to_json(r)) reshaped.
SET TIME ZONE 'UTC';
SET DateStyle = 'ISO';
SET IntervalStyle = 'postgres';
CREATE SCHEMA export;
SET search_path = export, public;

-- ---------- every supported type, against to_json ----------
CREATE TYPE pair AS (n int, s text);
CREATE DOMAIN pos AS int CHECK (VALUE > 0);
CREATE TABLE typed AS SELECT
  NULL::int AS a_null, true AS b_true, false AS b_false,
  (-32768)::int2 AS i2, 2147483647::int4 AS i4,
  9223372036854775807::int8 AS i8_max, (-9223372036854775807 - 1)::int8 AS i8_min,
  0.1::float8 AS f8, (0.1::float8 + 0.2) AS f8_sum, 1e300::float8 AS f8_big, 5e-324::float8 AS f8_tiny,
  '-0'::float8 AS f8_negzero, 'NaN'::float8 AS f8_nan, 'Infinity'::float8 AS f8_inf, '-Infinity'::float8 AS f8_neginf,
  0.1::float4 AS f4, 'NaN'::float4 AS f4_nan, '-Infinity'::float4 AS f4_neginf,
  123456789012345678901234567890.123456789012345678901234567890::numeric AS num_long,
  (-0.000000000000000000001)::numeric(30, 25) AS num_scale, 'NaN'::numeric AS num_nan, 'Infinity'::numeric AS num_inf,
  E'say "hi" \\ back/slash' AS t_quotes, E'tab\there\nline\r\x01\x1f\x7f end' AS t_control,
  'Ωμέγα — 日本語 — عربى 🚀' AS t_letters, ''::text AS t_empty, 'x'::varchar(5) AS vc, 'ab'::char(4) AS bp,
  '2025-01-06 00:00:00+00'::timestamptz AS tstz, '2025-01-06 12:34:56.789+05:30'::timestamptz AS tstz_frac,
  'infinity'::timestamptz AS tstz_inf, '2025-01-06 12:34:56'::timestamp AS ts, '2025-01-06'::date AS d,
  '-infinity'::date AS d_neginf, '1 day 02:03:04.5'::interval AS iv,
  ARRAY[1, NULL, 3] AS arr, ARRAY[[1, 2], [3, NULL]]::int8[] AS arr2, ARRAY['a', NULL, '"q"'] AS arr_text,
  '{}'::int[] AS arr_empty, ARRAY[1.5::float8, 'NaN', '-Infinity'] AS arr_float,
  '[2:3]={7,8}'::int[] AS arr_lower, ARRAY['2025-01-06'::date] AS arr_date,
  '{"b": [1, 2.50, null], "a": "x\"y"}'::jsonb AS jb, '{"a" : 1,  "b":[ ]}'::json AS js, '"s"'::jsonb AS jb_scalar,
  '[["2025-01-01T00:00:00Z", "a"], ["2025-01-02T00:00:00Z", "b\"c"]]'::journey AS j,
  ROW(1, 'x')::pair AS comp, ARRAY[ROW(2, NULL)::pair] AS comp_arr, 5::pos AS dom,
  '\x00ff'::bytea AS by, '3:decision'::stage AS st, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid AS id;
CREATE TABLE doc AS SELECT report_json(t) AS d FROM typed t;
-- the document parses as json and jsonb, and has exactly these keys
SELECT d::text::json IS NOT NULL AS parses_json, d::text::jsonb IS NOT NULL AS parses_jsonb,
       (SELECT array_agg(k) FROM json_object_keys(d) k) AS keys,
       d->'report' AS report, d->'parameters' AS parameters, json_array_length(d->'rows') AS rows FROM doc;
-- the columns are the table's, with format_type's names
SELECT (d->'columns')::jsonb = (SELECT jsonb_agg(jsonb_build_object('name', attname, 'type', format_type(atttypid, atttypmod)) ORDER BY attnum)
         FROM pg_attribute WHERE attrelid = 'typed'::regclass AND attnum > 0 AND NOT attisdropped) AS columns_declared FROM doc;
-- each value, as text, equals to_json's (row_to_json's) text of the same value
SELECT c.ord, c.name, d->'rows'->0->(c.ord::int - 1) AS value,
       (d->'rows'->0->(c.ord::int - 1))::text = (SELECT row_to_json(t)->c.name FROM typed t)::text AS same_as_to_json
FROM doc, json_array_elements(d->'columns') WITH ORDINALITY AS col(c0, ord), LATERAL (SELECT col.ord, col.c0->>'name' AS name) c
ORDER BY c.ord;
-- timestamps carry the session's offset, as to_json writes them
SET TIME ZONE 'Asia/Kolkata';
SELECT d->'rows'->0 AS row, (d->'rows'->0->0)::text = to_json('2025-01-06 00:00:00+00'::timestamptz)::text AS same_as_to_json
FROM (SELECT report_json(r) AS d FROM (SELECT '2025-01-06 00:00:00+00'::timestamptz AS t, '2025-01-06'::date AS d) r) x;
SET TIME ZONE 'UTC';
-- floats keep their shortest round-trip digits whatever extra_float_digits
-- says (to_json would print 15 digits at 0); they read back exactly
SET extra_float_digits = 0;
SELECT report_json(r)->'rows' AS rows, ((report_json(r)->'rows'->0->>0)::float8 = 0.1::float8 + 0.2) AS round_trips
FROM (SELECT 0.1::float8 + 0.2 AS f, 1::float4 / 3 AS g) r;
RESET extra_float_digits;
-- the whole document, for one small row of a named type
SELECT report_json(p, 'pairs', '{"k": [1, "two"], "window": "7 days"}') FROM (VALUES (ROW(1, E'a\tb')::pair)) v(p);

-- ---------- order, NULL rows, no rows ----------
CREATE TABLE nums AS SELECT g AS n, 'n' || g AS s FROM generate_series(1, 5) g;
-- rows keep the aggregate's input order: ORDER BY inside the call
SELECT report_json(r ORDER BY n DESC)->'rows' AS desc_rows FROM (SELECT n, s FROM nums) r;
SELECT (SELECT array_agg((x->>0)::int) FROM json_array_elements(report_json(r ORDER BY s DESC)->'rows') x)
       = (SELECT array_agg(n ORDER BY s DESC) FROM nums) AS order_kept FROM nums r;
-- a NULL row is a null in "rows"; a NULL report is null; NULL parameters are {}
SELECT report_json(r, NULL, NULL) FROM (SELECT ROW(1, 'a')::pair AS r UNION ALL SELECT NULL::pair) x;
-- no rows: still a document, "rows" empty; the columns of a named row type
-- are known, those of an anonymous record are not ([]); the report and
-- parameters are read from the call when they are constants
SELECT report_json(t, 'nums', '{"a": 1}') FROM nums t WHERE false;
SELECT report_json(r, 'nums') FROM (SELECT n, s FROM nums) r WHERE false;
-- (an ORDER BY constant is not the report name)
SELECT report_json(r ORDER BY 'x'::text) FROM (SELECT n, s FROM nums) r WHERE false;
SELECT report_json(p, 'nums', NULL) FROM (SELECT NULL::pair AS p) x;
-- a domain over a row type: the rows are of the row type
CREATE DOMAIN pair_d AS pair;
SELECT report_json(ROW(n, s)::pair::pair_d) FROM nums WHERE false;
SELECT report_json(ROW(n, s)::pair::pair_d ORDER BY n)->'rows' AS rows FROM nums WHERE n < 3;
-- as a window aggregate: the document of the rows so far
SELECT n, report_json(t) OVER (ORDER BY n)->'rows' AS rows_so_far FROM nums t ORDER BY n;
-- GROUP BY: one document a group
SELECT n % 2 AS odd, report_json(t ORDER BY n)->'rows' AS rows FROM nums t GROUP BY 1 ORDER BY 1;
-- table rows with a dropped column: the column is not exported
CREATE TABLE dropped (a int, b text, c float8);
INSERT INTO dropped VALUES (1, 'x', 1.5);
ALTER TABLE dropped DROP COLUMN b;
SELECT report_json(t) FROM dropped t;

-- ---------- errors ----------
-- each error twice: its SQLSTATE, then its message
-- parameters must be a JSON object (22023), also without rows
\set VERBOSITY sqlstate
SELECT report_json(t, 'nums', '[1, 2]') FROM nums t;
\set VERBOSITY default
SELECT report_json(t, 'nums', '[1, 2]') FROM nums t;
\set VERBOSITY sqlstate
SELECT report_json(t, 'nums', '"7 days"') FROM nums t WHERE false;
\set VERBOSITY default
SELECT report_json(t, 'nums', '"7 days"') FROM nums t WHERE false;
-- rows of different types in one document (42804): anonymous records of
-- other columns, and a named type against a record of the same columns
CREATE FUNCTION mixed(i int) RETURNS record LANGUAGE plpgsql AS $$
BEGIN
  IF i = 1 THEN RETURN ROW(1, 'a')::pair; END IF;
  RETURN ROW(1, 'a'::text);
END $$;
\set VERBOSITY sqlstate
SELECT report_json(r) FROM (SELECT ROW(1, 'a'::text) AS r UNION ALL SELECT ROW(1, 2)) x;
\set VERBOSITY default
SELECT report_json(r) FROM (SELECT ROW(1, 'a'::text) AS r UNION ALL SELECT ROW(1, 2)) x;
SELECT report_json(mixed(n) ORDER BY n) FROM nums;
-- the report and the parameters must be the same in every row (22023)
\set VERBOSITY sqlstate
SELECT report_json(t, s) FROM nums t;
\set VERBOSITY default
SELECT report_json(t, s) FROM nums t;
SELECT report_json(t, 'nums', jsonb_build_object('n', n) ORDER BY n) FROM nums t;

-- ---------- reports as documents ----------
-- a document's rows as objects (column name: value), to compare with
-- jsonb_agg(to_jsonb(r)) of the same rows
CREATE FUNCTION as_objects(d json) RETURNS jsonb LANGUAGE sql AS $$
  SELECT coalesce(jsonb_agg((SELECT jsonb_object_agg(c->>'name', r->(ci::int - 1))
                             FROM json_array_elements(d->'columns') WITH ORDINALITY cc(c, ci)) ORDER BY ri), '[]')
  FROM json_array_elements(d->'rows') WITH ORDINALITY rr(r, ri) $$;
-- a report function's declared columns (its TABLE arguments), as documents give them
CREATE FUNCTION declared(f regprocedure) RETURNS jsonb LANGUAGE sql AS $$
  SELECT jsonb_agg(jsonb_build_object('name', n, 'type', format_type(t, NULL)) ORDER BY o)
  FROM pg_proc p, unnest(p.proargnames, p.proallargtypes, p.proargmodes) WITH ORDINALITY u(n, t, m, o)
  WHERE p.oid = f AND m = 't' $$;

-- funnel_report of 10 -> 6 -> 3 actors: by hand conversion 1, 0.6, 0.3,
-- step conversion (none), 0.6, 0.5, dropped (none), 4, 3; the intervals
-- are wilson_ci's
CREATE TABLE fr AS
SELECT report_json(f, 'funnel_report', '{"counts": [10, 6, 3], "names": ["visit", "cart", "buy"]}' ORDER BY step) AS d
FROM funnel_report(ARRAY[10, 6, 3]::bigint[], ARRAY['visit', 'cart', 'buy']) f;
SELECT d FROM fr;
SELECT jsonb_pretty(d::jsonb - 'rows') AS head FROM fr;
SELECT r->0 AS step, r->1 AS name, r->2 AS actors, r->3 AS conversion, r->4 AS step_conversion, r->5 AS dropped
FROM fr, json_array_elements(d->'rows') r;
SELECT (d->'columns')::jsonb = declared('funnel_report(bigint[], text[], float8)') AS columns_declared,
       as_objects(d) = (SELECT jsonb_agg(to_jsonb(f) ORDER BY step) FROM funnel_report(ARRAY[10, 6, 3]::bigint[], ARRAY['visit', 'cart', 'buy']) f) AS rows_same,
       (SELECT bool_and((r->>6)::float8 = w.low AND (r->>7)::float8 = w.high)
        FROM json_array_elements(d->'rows') r, wilson_ci((r->>2)::bigint, 10) w) AS ci_wilson
FROM fr;

-- funnel_trend: weeks from Monday 2025-01-06, window 3 days.  By hand: week
-- 01-06: u1 and u2 enter, u1 converts; week 01-13: u3 enters and converts;
-- week 01-20: u4 enters, nothing yet, and 01-20 + 7 days + 3 days is after
-- the data end (u5's last row, 01-24): incomplete
CREATE TABLE tr_ev (actor int, ts timestamptz, ev text);
INSERT INTO tr_ev VALUES
  (1, '2025-01-06 10:00', 'visit'), (1, '2025-01-06 10:05', 'buy'),
  (2, '2025-01-08 09:00', 'visit'),
  (3, '2025-01-14 09:00', 'visit'), (3, '2025-01-15 09:00', 'buy'),
  (4, '2025-01-21 12:00', 'visit'), (5, '2025-01-24 00:00', 'login');
CREATE TABLE tr AS SELECT rollup(s) AS s FROM
  (SELECT funnel_trend_agg('week', interval '3 days', ts, ev, ARRAY['visit', 'buy']) AS s FROM tr_ev GROUP BY actor) a;
CREATE TABLE trd AS SELECT report_json(f, 'funnel_trend', '{"period": "week", "window": "3 days"}' ORDER BY period_start) AS d
FROM tr, funnel_trend(tr.s) f;
SELECT r->0 AS period_start, r->1 AS period_end, r->2 AS entrants, r->3 AS converters, r->4 AS rate, r->7 AS complete
FROM trd, json_array_elements(d->'rows') r;
SELECT (d->'columns')::jsonb = declared('funnel_trend(funnel_trend_summary, int, float8, timestamptz)') AS columns_declared,
       as_objects(d) = (SELECT jsonb_agg(to_jsonb(f) ORDER BY period_start) FROM tr, funnel_trend(tr.s) f) AS rows_same
FROM trd;

-- cohort_retention by day: a, b active on 01-01; a again on 01-02; c on
-- 01-02 and 01-04.  By hand, up to the last day 01-04: cohort 01-01 size 2,
-- retained 2, 1, 0, 0 (days 0-3); cohort 01-02 size 1, retained 1, 0, 1
-- (days 0-2)
CREATE TABLE act (actor text, ts timestamptz);
INSERT INTO act VALUES ('a', '2025-01-01 10:00'), ('b', '2025-01-01 11:00'), ('a', '2025-01-02 10:00'),
  ('c', '2025-01-02 09:00'), ('c', '2025-01-04 09:00');
CREATE TABLE act_s AS SELECT activity_agg(actor, ts) AS s FROM act;
CREATE TABLE crd AS SELECT report_json(c, 'cohort_retention', '{"period": "day"}' ORDER BY cohort, period) AS d
FROM act_s, cohort_retention(act_s.s, 'day') c;
SELECT r->0 AS cohort, r->1 AS period, r->2 AS cohort_size, r->3 AS retained, r->4 AS rate
FROM crd, json_array_elements(d->'rows') r;
SELECT (d->'columns')::jsonb = declared('cohort_retention(activity_summary, text, text, int[])') AS columns_declared,
       as_objects(d) = (SELECT jsonb_agg(to_jsonb(c) ORDER BY cohort, period) FROM act_s, cohort_retention(act_s.s, 'day') c) AS rows_same
FROM crd;

-- path_edges of depth 3: u1 visit > view > buy, u2 visit > view, u3 search
-- > visit > view.  By hand: depth 1 visit > view 2, search > visit 1;
-- depth 2 view > buy 1, view > (drop-off) 1, visit > view 1
CREATE TABLE pj (actor int, j journey);
INSERT INTO pj VALUES
  (1, '[["2025-03-01T10:01:00Z","visit"],["2025-03-01T10:02:00Z","view"],["2025-03-01T10:03:00Z","buy"]]'),
  (2, '[["2025-03-01T10:01:00Z","visit"],["2025-03-01T10:02:00Z","view"]]'),
  (3, '[["2025-03-01T10:01:00Z","search"],["2025-03-01T10:02:00Z","visit"],["2025-03-01T10:03:00Z","view"]]');
CREATE TABLE pj_s AS SELECT path_edges_agg(j, 3) AS s FROM pj;
SELECT * FROM path_edges((SELECT s FROM pj_s)) ORDER BY depth, source, target;
CREATE TABLE ped AS SELECT report_json(e, 'path_edges', '{"depth": 3}' ORDER BY depth, source, target) AS d
FROM pj_s, path_edges(pj_s.s) e;
SELECT d->'rows' AS rows FROM ped;
SELECT (d->'columns')::jsonb = declared('path_edges(path_summary, int, bigint, bool)') AS columns_declared,
       as_objects(d) = (SELECT jsonb_agg(to_jsonb(e) ORDER BY depth, source, target) FROM pj_s, path_edges(pj_s.s) e) AS rows_same
FROM ped;
-- a report without rows: its columns are not known (an anonymous record), rows empty
SELECT report_json(c, 'cohort_retention') FROM act_s, cohort_retention(act_s.s, 'day') c WHERE c.period > 99;

-- a forced parallel plan: the scan runs in workers, the aggregate in the
-- leader (no partial aggregation), the document equals the serial one
CREATE TABLE many AS SELECT g AS n, md5(g::text) AS s FROM generate_series(1, 20000) g;
ANALYZE many;
\i test/data/force_parallel.sql
SELECT plan_has('SELECT report_json(t ORDER BY n) FROM many t', 'Gather') AS parallel_plan,
       plan_has('SELECT report_json(t ORDER BY n) FROM many t', 'Partial') AS partial_aggregate;
CREATE TABLE par AS SELECT report_json(t ORDER BY n) AS d FROM many t;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
RESET enable_hashagg;
SET max_parallel_workers_per_gather = 0;
SELECT par.d::text = (SELECT report_json(t ORDER BY n) FROM many t)::text AS parallel_same,
       json_array_length(par.d->'rows') AS rows FROM par;
RESET max_parallel_workers_per_gather;

-- ---------- JSON Lines through COPY ----------
-- hand-made journeys, with a quote, a backslash, a control character and
-- non-Latin letters in labels, and an empty journey
CREATE TABLE jl (actor int, journey journey);
INSERT INTO jl VALUES
  (1, '[["2025-03-01T10:00:00Z", "visit"], ["2025-03-01T10:05:00+01:00", "say \"hi\""]]'),
  (2, '[["2025-03-02T08:00:00.25Z", "back\\slash"], ["2025-03-02T09:00:00Z", "tab\tstop"]]'),
  (3, '[["2025-03-03T00:00:00Z", "покупка"]]'),
  (4, '[]');
-- COPY's text format doubles every backslash, which breaks JSON
-- escapes (the line for actor 1 is not JSON):
COPY (SELECT row_to_json(r) FROM (SELECT actor, journey FROM jl ORDER BY actor) r) TO STDOUT;
-- the recipe: CSV with a quote and a delimiter that JSON text never holds
-- raw (to_json escapes every control character), so lines pass unchanged
COPY (SELECT row_to_json(r) FROM (SELECT actor, journey FROM jl ORDER BY actor) r) TO STDOUT (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02');
-- written to a file and read back: every line parses as json and its
-- journey reads back into the same journey
\copy (SELECT row_to_json(r) FROM (SELECT actor, journey FROM jl ORDER BY actor) r) TO 'results/export_journeys.jsonl' (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
CREATE TABLE lines (line text);
\copy lines FROM 'results/export_journeys.jsonl' (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02')
SELECT count(*) AS lines,
       bool_and(jl.journey = (l.line::json->'journey')::text::journey) AS journeys_round_trip,
       bool_and(jl.journey = (l.line::jsonb->'journey')::text::journey) AS through_jsonb
FROM lines l JOIN jl ON jl.actor = (l.line::json->>'actor')::int;
-- JSON Lines of a report: one object a row
COPY (SELECT row_to_json(e) FROM path_edges((SELECT path_edges_agg(j, 3) FROM pj)) e
      ORDER BY depth, source, target)
  TO STDOUT (FORMAT csv, QUOTE E'\x01', DELIMITER E'\x02');

-- ---------- CSV through COPY ----------
-- every report's rows with a header line; the same hand-made inputs as above
COPY (SELECT * FROM funnel_report(ARRAY[10, 6, 3]::bigint[], ARRAY['visit', 'cart', 'buy'])) TO STDOUT (FORMAT csv, HEADER);
COPY (SELECT * FROM funnel_trend((SELECT s FROM tr))) TO STDOUT (FORMAT csv, HEADER);
COPY (SELECT * FROM cohort_retention((SELECT s FROM act_s), 'day') ORDER BY cohort, period) TO STDOUT (FORMAT csv, HEADER);
COPY (SELECT * FROM path_edges((SELECT s FROM pj_s)) ORDER BY depth, source, target) TO STDOUT (FORMAT csv, HEADER);
-- funnel_segments of two segments, 10 -> 4 and 10 -> 1 actors: by hand
-- ads 4/10 = 0.4 against the rest 1/10 = 0.1, diff 0.3; mail the reverse;
-- the expected count 2.5 < 5 takes Fisher's exact test
COPY (SELECT * FROM funnel_segments((SELECT segment_agg(seg, counts) FROM (VALUES ('ads', ARRAY[10, 4]::bigint[]), ('mail', ARRAY[10, 1]::bigint[])) v(seg, counts))) ORDER BY segment, step) TO STDOUT (FORMAT csv, HEADER);
-- conversion_drivers of 4 actors who reached step 1: converters u1 (video)
-- and u2 (video, coupon), non-converters u3 (coupon) and u4; min_actors 0.
-- By hand: coupon 1 1 / 1 1, odds ratio 1, p 1; video 2 0 / 0 2, a zero
-- cell: (2.5 * 2.5) / (0.5 * 0.5) = 25, Fisher p = P(0) + P(2) = 1/6 + 1/6;
-- q (Benjamini-Hochberg over 2): video 2/3, coupon 1
COPY (SELECT * FROM conversion_drivers((SELECT driver_agg(f) FROM (VALUES
  (ROW(true, true, ARRAY['video'])::actor_features), (ROW(true, true, ARRAY['coupon', 'video'])::actor_features),
  (ROW(true, false, ARRAY['coupon'])::actor_features), (ROW(true, false, ARRAY[]::text[])::actor_features)) v(f)), 0.95, 0) ORDER BY feature) TO STDOUT (FORMAT csv, HEADER);

-- ---------- other database encodings ----------
-- the document is text in the database encoding, as every json value:
-- nothing is converted (SQL_ASCII passes bytes as they are, here a LATIN1
-- byte that is not UTF-8), and values still equal to_json's
\set regression_db :DBNAME
CREATE DATABASE journey_export_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
CREATE DATABASE journey_export_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c journey_export_ascii
CREATE EXTENSION journey;
SELECT octet_length(d->'rows'->0->>0) AS bytes, (d->'rows'->0->0)::text = (SELECT row_to_json(r)->'t' FROM (SELECT E'caf\xe9 "x"' AS t) r)::text AS same_as_to_json,
       d::text::json IS NOT NULL AS parses
FROM (SELECT report_json(r) AS d FROM (SELECT E'caf\xe9 "x"' AS t) r) x;
\c journey_export_latin1
SET client_encoding = 'UTF8';
CREATE EXTENSION journey;
SELECT d->'rows' AS rows, (d->'rows'->0->0)::text = (SELECT row_to_json(r)->'t' FROM (SELECT 'café ñ' AS t) r)::text AS same_as_to_json,
       d::text::jsonb IS NOT NULL AS parses
FROM (SELECT report_json(r) AS d FROM (SELECT 'café ñ' AS t) r) x;
\c :regression_db
DROP DATABASE journey_export_ascii;
DROP DATABASE journey_export_latin1;
SET client_min_messages = warning;
DROP SCHEMA export CASCADE;
