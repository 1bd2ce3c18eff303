/*
 * test/fdw/pushdown.sql -- every per-actor aggregate runs on the shards
 *
 * Run by test/fdw.sh on the coordinator, after test/fdw/coordinator.sql.
 * Each case is a query "SELECT user_id, <aggregate>(...) AS r FROM {t}
 * GROUP BY user_id" (or over {j}, the stored journeys).  fdw_check runs it
 * twice: over the hash-partitioned tables whose partitions are postgres_fdw
 * foreign tables on the two shards (events, journeys), and over the
 * coordinator's own single-node copy of the same rows (events_local,
 * journeys_local), and reports:
 *   scans      Foreign Scans in the plan of the sharded query (must be 2)
 *   pushed     of them, those whose Remote SQL calls public.<aggregate>(
 *              (agg is a regular expression: the name, or more of the SQL)
 *              (must be 2: the aggregate runs on both shards)
 *   local_aggs aggregate nodes on the coordinator (must be 0)
 *   rows       rows of the sharded and of the single-node answer (equal,
 *              one per actor)
 *   diffs      rows of either answer missing from the other, compared as
 *              row text with EXCEPT ALL both ways (must be 0)
 *   distinct_r distinct results over the actors, NULL counted as one
 *              (must be at least 2, so that no case passes on a constant)
 * It prints one line per case: name|verdict|details, verdict ok or FAIL.
 */
\set ON_ERROR_STOP on
SET enable_partitionwise_aggregate = on;
\ir lib.sql

-- expect: 'remote' (the aggregate runs on the shards) or 'local' (postgres_fdw
-- keeps it on the coordinator: its only text arguments are constants, see
-- docs/scale-out.md, "What stays on the coordinator")
CREATE TEMP TABLE cases (name text PRIMARY KEY, agg text NOT NULL, q text NOT NULL, expect text NOT NULL DEFAULT 'remote'
	CHECK (expect IN ('remote', 'local')));

-- the funnel's four steps, as labels and as conditions
\set steps 'ARRAY[''visit'', ''product_view'', ''add_to_cart'', ''purchase'']'
\set conds 'event = ''visit'', event = ''product_view'', event = ''add_to_cart'', event = ''purchase'''
\set plainmap '''{"window": "7 days", "stages": [{"name": "aware", "events": ["visit"]}, {"name": "consider", "events": ["product_view"]}, {"name": "buy", "events": ["purchase"]}]}'''
\set map '''{"window": "7 days", "exclude": ["refund"], "stages": [{"name": "aware", "events": ["visit"], "where": {"channel": ["email", "search"]}}, {"name": "consider", "events": ["product_view"], "within": "2 days"}, {"name": "decide", "events": ["add_to_cart", "purchase"]}]}'''

-- time types: the window and the timestamp column of each
CREATE TEMP TABLE times (tname text, w text, ts text, period text);
INSERT INTO times VALUES
	('timestamptz', 'interval ''7 days''', 'ts', '''week'''),
	('timestamp', 'interval ''7 days''', 'tsl', NULL),
	('bigint', '604800000::bigint', 'tsn', '604800000::bigint');
CREATE TEMP TABLE modes (mode text);
INSERT INTO modes VALUES (NULL), (''), ('strict_order'), ('strict_deduplication'), ('strict_increase'),
	('strict_once'), ('strict_order, allow_reentry'), ('any_order'), ('first_time'), ('strict_increase, strict_deduplication');
CREATE TEMP TABLE inputs (iname text, args text);
INSERT INTO inputs VALUES ('label', format('event, %s', :'steps')), ('conditions', :'conds');

-- window_funnel: every time type, every mode (none, then each), labels and conditions.
-- Expected on the coordinator: the conditions form with a mode (its only
-- text argument is the mode, a constant); the label form has the event column.
INSERT INTO cases
SELECT format('window_funnel(%s, %s, %s)', t.tname, coalesce(quote_literal(m.mode), 'no mode'), i.iname), 'window_funnel',
	format('SELECT user_id, window_funnel(%s, %s%s, %s) AS r FROM {t} GROUP BY user_id',
		t.w, coalesce(quote_literal(m.mode) || ', ', ''), t.ts, i.args),
	CASE WHEN i.iname = 'conditions' AND m.mode IS NOT NULL THEN 'local' ELSE 'remote' END
FROM times t, modes m, inputs i;
-- funnel_times, funnel_attempts, funnel_props: their 12 argument lists (no
-- mode, then one mode); funnel_props' property is the channel column
INSERT INTO cases
SELECT format('%s(%s, %s, %s)', a.agg, t.tname, coalesce(quote_literal(m.mode), 'no mode'), i.iname), a.agg,
	format('SELECT user_id, %s(%s%s, %s%s, %s) AS r FROM {t} GROUP BY user_id',
		a.agg, a.pre, t.w, coalesce(quote_literal(m.mode) || ', ', ''), t.ts, i.args),
	CASE WHEN i.iname = 'conditions' AND m.mode IS NOT NULL AND a.agg <> 'funnel_props' THEN 'local' ELSE 'remote' END
FROM (VALUES ('funnel_times', ''), ('funnel_attempts', ''), ('funnel_props', 'channel, ')) a(agg, pre),
	times t, (VALUES (NULL), ('strict_order'), ('strict_order, allow_reentry')) m(mode), inputs i;
-- per-step gaps (timestamptz and timestamp, label form, with a mode)
INSERT INTO cases
SELECT format('%s(%s, %s, label, gaps)', a.agg, t.tname, quote_literal(m.mode)), a.agg,
	format('SELECT user_id, %s(%s, %L, %s, event, %s, ARRAY[interval ''1 day'', interval ''1 day'', interval ''2 days'']) AS r FROM {t} GROUP BY user_id',
		a.agg, t.w, m.mode, t.ts, :'steps')
FROM (VALUES ('window_funnel'), ('funnel_times'), ('funnel_attempts')) a(agg),
	times t, (VALUES (''), ('strict_order')) m(mode)
WHERE t.tname <> 'bigint';
-- funnel_features: with and without a mode, with and without features
INSERT INTO cases
SELECT format('funnel_features(%s, %s)', coalesce(quote_literal(m.mode), 'no mode'), f.fname), 'funnel_features',
	format('SELECT user_id, funnel_features(interval ''7 days'', %sts, event, %s, 4%s) AS r FROM {t} GROUP BY user_id',
		coalesce(quote_literal(m.mode) || ', ', ''), :'steps', f.args)
FROM (VALUES (NULL), ('strict_order')) m(mode),
	(VALUES ('no features', ''), ('features', ', event, ''channel='' || channel')) f(fname, args);
-- funnel_trend_agg: period text over timestamptz, period bigint over bigint
-- time; on the coordinator with conditions and a text constant (the period
-- 'week', or a mode)
INSERT INTO cases
SELECT format('funnel_trend_agg(%s, %s, %s)', t.tname, coalesce(quote_literal(m.mode), 'no mode'), i.iname), 'funnel_trend_agg',
	format('SELECT user_id, funnel_trend_agg(%s, %s, %s%s, %s) AS r FROM {t} GROUP BY user_id',
		t.period, t.w, coalesce(quote_literal(m.mode) || ', ', ''), t.ts, i.args),
	CASE WHEN i.iname = 'conditions' AND (m.mode IS NOT NULL OR t.tname = 'timestamptz') THEN 'local' ELSE 'remote' END
FROM times t, (VALUES (NULL), ('strict_order')) m(mode), inputs i
WHERE t.period IS NOT NULL;
-- retention
INSERT INTO cases VALUES ('retention', 'retention',
	'SELECT user_id, retention(event = ''visit'', event = ''product_view'', event = ''add_to_cart'', event = ''purchase'') AS r FROM {t} GROUP BY user_id');
-- sequence_match, sequence_count over each time type (on the coordinator:
-- the pattern is their only text argument); sequence_next_node with and
-- without event conditions (its value is the event column)
INSERT INTO cases
SELECT format('%s(%s)', a.agg, t.tname), a.agg,
	format('SELECT user_id, %s(%L, %s, event = ''visit'', event = ''product_view'', event = ''purchase'') AS r FROM {t} GROUP BY user_id',
		a.agg, '(?1).*(?2)(?3)', t.ts), 'local'
FROM (VALUES ('sequence_match'), ('sequence_count')) a(agg), times t;
INSERT INTO cases
SELECT format('sequence_next_node(%s, %s, %s, %s)', t.tname, d.direction, d.base, c.cname), 'sequence_next_node',
	format('SELECT user_id, sequence_next_node(%L, %L, %s, event, channel = ''email''%s) AS r FROM {t} GROUP BY user_id',
		d.direction, d.base, t.ts, c.args)
FROM times t, (VALUES ('forward', 'head'), ('backward', 'tail'), ('backward', 'first_match')) d(direction, base),
	(VALUES ('no events', ''), ('events', ', event = ''visit'', event = ''product_view''')) c(cname, args)
WHERE d.base <> 'first_match' OR c.cname = 'events';
-- journey_agg
INSERT INTO cases VALUES ('journey_agg', 'journey_agg', 'SELECT user_id, journey_agg(ts, event) AS r FROM {t} GROUP BY user_id');
-- the journey map aggregates: map as text and as jsonb, with properties
-- (the map filters on them), and a map without filters and no properties
INSERT INTO cases
SELECT format('%s(map %s, %s)', a.agg, mt.typ, p.pname), a.agg,
	format('SELECT user_id, %s(%s::%s, ts, event%s) AS r FROM {t} GROUP BY user_id', a.agg, p.map, mt.typ, p.args)
FROM (VALUES ('furthest_stage'), ('stage_times')) a(agg), (VALUES ('text'), ('jsonb')) mt(typ),
	(VALUES ('no props', :'plainmap', ''), ('props', :'map', ', props')) p(pname, map, args);
INSERT INTO cases VALUES ('max(map_stage(...))', 'map_stage',
	format('SELECT user_id, max(map_stage(%s::jsonb, event, props)) AS r FROM {t} GROUP BY user_id', :'map'));
-- the per-actor summaries of the two-step reports
INSERT INTO cases VALUES
	('rfm_agg(ts, numeric)', 'rfm_agg', 'SELECT user_id, rfm_agg(ts, revenue) FILTER (WHERE event = ''purchase'') AS r FROM {t} GROUP BY user_id'),
	('rfm_agg(ts, float8)', 'rfm_agg', 'SELECT user_id, rfm_agg(ts, revenue::float8) FILTER (WHERE event = ''purchase'') AS r FROM {t} GROUP BY user_id'),
	('activity_agg(actor, ts)', 'activity_agg', 'SELECT user_id, activity_agg(user_id, ts) AS r FROM {t} GROUP BY user_id'),
	('activity_agg(actor, ts, cohort_event)', 'activity_agg', 'SELECT user_id, activity_agg(user_id, ts, event = ''purchase'') AS r FROM {t} GROUP BY user_id'),
	('value_agg(actor, ts, value)', 'value_agg', 'SELECT user_id, value_agg(user_id, ts, revenue) AS r FROM {t} GROUP BY user_id'),
	('value_agg(actor, ts, value, cohort_event)', 'value_agg', 'SELECT user_id, value_agg(user_id, ts, revenue, event = ''visit'') AS r FROM {t} GROUP BY user_id'),
	('funnel_counts(actor, window, ts, label, steps) per actor', 'funnel_counts',
	 format('SELECT user_id, funnel_counts(user_id, interval ''7 days'', ts, event, %s) AS r FROM {t} GROUP BY user_id', :'steps')),
	('funnel_counts(actor, map jsonb, ts, event, props) per actor', 'funnel_counts',
	 format('SELECT user_id, funnel_counts(user_id, %s::jsonb, ts, event, props) AS r FROM {t} GROUP BY user_id', :'map'));
-- over the stored journeys (partitioned by actor too): rollup(journey) and
-- the summaries of journeys; those whose only text arguments are constants
-- (labels, an anchor, a conversion label) stay on the coordinator
INSERT INTO cases VALUES
	('rollup(journey)', 'rollup', 'SELECT user_id, rollup(j) AS r FROM {j} GROUP BY user_id', 'remote'),
	('path_agg(j, depth)', 'path_agg', 'SELECT user_id, path_agg(j, 3) AS r FROM {j} GROUP BY user_id', 'remote'),
	('path_agg(j, depth) WHERE length(j) >= 5 (both shipped)', 'path_agg\(j, 3\) FROM public\.journeys WHERE \(\(public\.length',
	 'SELECT user_id, path_agg(j, 3) AS r FROM {j} WHERE length(j) >= 5 GROUP BY user_id', 'remote'),
	('path_agg(j, depth, collapse)', 'path_agg', 'SELECT user_id, path_agg(j, 3, false) AS r FROM {j} GROUP BY user_id', 'remote'),
	('path_edges_agg(j, depth)', 'path_edges_agg', 'SELECT user_id, path_edges_agg(j, 3) AS r FROM {j} GROUP BY user_id', 'remote'),
	('path_edges_agg(j, depth, anchor)', 'path_edges_agg', 'SELECT user_id, path_edges_agg(j, 3, ''product_view'') AS r FROM {j} GROUP BY user_id', 'local'),
	('next_step_agg(j, labels)', 'next_step_agg', 'SELECT user_id, next_step_agg(j, ARRAY[''product_view'']) AS r FROM {j} GROUP BY user_id', 'local'),
	('next_step_agg(j, labels, direction, base)', 'next_step_agg', 'SELECT user_id, next_step_agg(j, ARRAY[''add_to_cart''], ''backward'', ''last_match'') AS r FROM {j} GROUP BY user_id', 'local'),
	('attribution_agg(j, conversion)', 'attribution_agg', 'SELECT user_id, attribution_agg(cj, ''purchase'') AS r FROM {j} GROUP BY user_id', 'local');

-- the check of one case
CREATE FUNCTION pg_temp.fdw_check(c cases, OUT verdict text, OUT details text) AS $$
DECLARE
	qf text := replace(replace(c.q, '{t}', 'events'), '{j}', 'journeys');
	ql text := replace(replace(c.q, '{t}', 'events_local'), '{j}', 'journeys_local');
	line text;
	scans int := 0;
	pushed int := 0;
	local_aggs int := 0;
	rows_f bigint;
	rows_l bigint;
	diffs bigint;
	distinct_r bigint;
BEGIN
	FOR line IN SELECT pg_temp.fdw_plan(qf) LOOP
		IF line ~ 'Foreign Scan' THEN scans := scans + 1; END IF;
		IF line ~ ('^\s*Remote SQL: SELECT .*\mpublic\.' || c.agg || '\(') THEN pushed := pushed + 1; END IF;
		IF line ~ '^\s*(->\s+)?[A-Za-z ]*Aggregate\s*$' THEN local_aggs := local_aggs + 1; END IF;
	END LOOP;
	rows_f := pg_temp.fdw_count(qf);
	rows_l := pg_temp.fdw_count(ql);
	distinct_r := pg_temp.fdw_count(format('SELECT DISTINCT r::text FROM (%s) q', ql));
	diffs := pg_temp.fdw_diffs(qf, ql);
	verdict := CASE WHEN scans = 2 AND rows_f = rows_l AND rows_f > 0 AND diffs = 0 AND distinct_r >= 2
		AND CASE c.expect WHEN 'remote' THEN pushed = 2 AND local_aggs = 0 ELSE pushed = 0 AND local_aggs > 0 END
		THEN 'ok' ELSE 'FAIL' END;
	details := format('%s: scans %s, pushed %s, local_aggs %s, rows %s/%s, diffs %s, distinct_r %s',
		c.expect, scans, pushed, local_aggs, rows_f, rows_l, diffs, distinct_r);
	IF verdict = 'FAIL' THEN details := details || E'\n    ' || qf; END IF;
EXCEPTION WHEN OTHERS THEN
	verdict := 'FAIL';
	details := format('error %s: %s (%s)', SQLSTATE, SQLERRM, qf);
END
$$ LANGUAGE plpgsql;

\pset format unaligned
\pset tuples_only on
SELECT c.name, r.verdict, r.details FROM cases c, LATERAL pg_temp.fdw_check(c) r ORDER BY c.name;
