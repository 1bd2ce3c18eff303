/*
 * test/fdw/rollup.sql -- what runs on the coordinator, and the per-shard
 * summary pattern that works instead
 *
 * Run by test/fdw.sh on the coordinator after test/fdw/pushdown.sql.  Each
 * check runs a query over the shards (the partitioned tables, or each
 * foreign partition on its own) and its single-node formulation over the
 * coordinator's copy (events_local, journeys_local), and requires:
 *   - equal answers (row text, EXCEPT ALL both ways) and at least one row;
 *   - calls: the number of Remote SQL lines that call public.<agg>( (2 =
 *     computed on both shards, 0 = not shipped; NULL = not checked);
 *   - plan: a node the plan must have (a coordinator-side Aggregate for a
 *     rollup, Partial Aggregate where PostgreSQL combines on the
 *     coordinator), as a regular expression over one line of the plan.
 * The single-node side is an independent formulation where one exists (the
 * level path for the one-pass counts).  Prints name|ok or FAIL|details.
 */
\set ON_ERROR_STOP on
SET enable_partitionwise_aggregate = on;
\ir lib.sql
\set steps 'ARRAY[''visit'', ''product_view'', ''add_to_cart'', ''purchase'']'

CREATE TEMP TABLE checks (name text PRIMARY KEY, shard_q text NOT NULL, single_q text NOT NULL,
	agg text, calls int, plan_re text);

-- a coordinator-side aggregate node, and PostgreSQL's own partial aggregation
\set agg_node '''^\\s*(->\\s+)?(Hash|Group)?Aggregate\\s*$'''
\set partial '''Partial (Hash|Group)?Aggregate'''
-- the report over per-actor levels, over the table %1$s
\set levels_report 'SELECT funnel_counts(level, 4), journey_completion(level, 4) FROM (SELECT user_id, window_funnel(interval ''7 days'', ts, event, %2$s) AS level FROM %1$s GROUP BY user_id) s'

INSERT INTO checks VALUES
-- 1. the pattern: a summary per shard (an aggregate over one foreign
--    partition is shipped whole), combined on the coordinator
('funnel_counts(bigint[]) over each shard''s one-pass funnel_counts(actor, ...)',
 format('SELECT funnel_counts(c) FROM (SELECT funnel_counts(user_id, interval ''7 days'', ts, event, %1$s) AS c FROM events_s0
         UNION ALL SELECT funnel_counts(user_id, interval ''7 days'', ts, event, %1$s) FROM events_s1) x', :'steps'),
 format('SELECT funnel_counts(level, 4) FROM (SELECT window_funnel(interval ''7 days'', ts, event, %s) AS level
         FROM events_local GROUP BY user_id) s', :'steps'),
 'funnel_counts', 2, :agg_node),
('funnel_counts(level, steps), journey_completion over per-actor levels from the shards',
 format(:'levels_report', 'events', :'steps'), format(:'levels_report', 'events_local', :'steps'),
 'window_funnel', 2, :agg_node),
('rollup(journey) of each shard''s journey_agg',
 'SELECT rollup(j) FROM (SELECT journey_agg(ts, event) AS j FROM events_s0 UNION ALL SELECT journey_agg(ts, event) FROM events_s1) x',
 'SELECT journey_agg(ts, event) FROM events_local',
 'journey_agg', 2, :agg_node),
('lifecycle of rollup(activity_summary) of each shard''s activity_agg',
 'SELECT l.* FROM (SELECT rollup(s) AS s FROM (SELECT activity_agg(user_id, ts) AS s FROM events_s0
         UNION ALL SELECT activity_agg(user_id, ts) FROM events_s1) x) r, lifecycle(r.s, ''week'') l',
 'SELECT * FROM lifecycle((SELECT activity_agg(user_id, ts) FROM events_local), ''week'')',
 'activity_agg', 2, :agg_node),
('cohort_retention of rollup(activity_summary) of per-actor activity_agg from the shards',
 'SELECT c.* FROM (SELECT rollup(s) AS s FROM (SELECT user_id, activity_agg(user_id, ts) AS s FROM events GROUP BY user_id) x) r,
         cohort_retention(r.s, ''week'') c',
 'SELECT * FROM cohort_retention((SELECT activity_agg(user_id, ts) FROM events_local), ''week'')',
 'activity_agg', 2, :agg_node),
('value_retention of rollup(value_agg) of each shard',
 'SELECT v.* FROM (SELECT rollup(s) AS s FROM (SELECT value_agg(user_id, ts, revenue) AS s FROM events_s0
         UNION ALL SELECT value_agg(user_id, ts, revenue) FROM events_s1) x) r, value_retention(r.s, ''month'') v',
 'SELECT * FROM value_retention((SELECT value_agg(user_id, ts, revenue) FROM events_local), ''month'')',
 'value_agg', 2, :agg_node),
('top_paths of rollup(path_summary) of each shard''s path_agg',
 'SELECT t.* FROM (SELECT rollup(s) AS s FROM (SELECT path_agg(j, 3) AS s FROM journeys_s0
         UNION ALL SELECT path_agg(j, 3) FROM journeys_s1) x) r, top_paths(r.s, 20) t',
 'SELECT * FROM top_paths((SELECT path_agg(j, 3) FROM journeys_local), 20)',
 'path_agg', 2, :agg_node),
('path_edges of rollup(path_summary) of each shard''s path_edges_agg',
 'SELECT e.* FROM (SELECT rollup(s) AS s FROM (SELECT path_edges_agg(j, 3) AS s FROM journeys_s0
         UNION ALL SELECT path_edges_agg(j, 3) FROM journeys_s1) x) r, path_edges(r.s) e',
 'SELECT * FROM path_edges((SELECT path_edges_agg(j, 3) FROM journeys_local))',
 'path_edges_agg', 2, :agg_node),
('funnel_trend of rollup(funnel_trend_summary) of per-actor funnel_trend_agg from the shards',
 format('SELECT f.* FROM (SELECT rollup(s) AS s FROM (SELECT user_id, funnel_trend_agg(''week'', interval ''7 days'', ts, event, %s) AS s
         FROM events GROUP BY user_id) x) r, funnel_trend(r.s, 4, data_end => ''2025-04-01'') f', :'steps'),
 format('SELECT * FROM funnel_trend((SELECT rollup(s) FROM (SELECT funnel_trend_agg(''week'', interval ''7 days'', ts, event, %s) AS s
         FROM events_local GROUP BY user_id) x), 4, data_end => ''2025-04-01'')', :'steps'),
 'funnel_trend_agg', 2, :agg_node),
('conversion_drivers of driver_agg over per-actor funnel_features from the shards',
 format('SELECT d.* FROM (SELECT driver_agg(f) AS s FROM (SELECT user_id, funnel_features(interval ''7 days'', ts, event, %s, 4,
         event, ''channel='' || channel) AS f FROM events GROUP BY user_id) x) r, conversion_drivers(r.s) d', :'steps'),
 format('SELECT * FROM conversion_drivers((SELECT driver_agg(f) FROM (SELECT user_id, funnel_features(interval ''7 days'', ts, event, %s, 4,
         event, ''channel='' || channel) AS f FROM events_local GROUP BY user_id) x))', :'steps'),
 'funnel_features', 2, :agg_node),
('funnel_segments of segment_agg over per-actor levels and segments from the shards',
 format('SELECT g.* FROM (SELECT segment_agg(seg, level, 4) AS s FROM (SELECT user_id, min(channel) AS seg,
         window_funnel(interval ''7 days'', ts, event, %s) AS level FROM events GROUP BY user_id) x) r, funnel_segments(r.s) g', :'steps'),
 format('SELECT * FROM funnel_segments((SELECT segment_agg(seg, level, 4) FROM (SELECT user_id, min(channel) AS seg,
         window_funnel(interval ''7 days'', ts, event, %s) AS level FROM events_local GROUP BY user_id) x))', :'steps'),
 'window_funnel', 2, :agg_node),
('rfm_score over per-actor rfm_agg from the shards',
 'SELECT user_id, rfm_score(s, ''2025-04-01'') OVER (ORDER BY user_id) FROM (SELECT user_id, rfm_agg(ts, revenue) FILTER (WHERE event = ''purchase'') AS s
         FROM events GROUP BY user_id) x WHERE s IS NOT NULL',
 'SELECT user_id, rfm_score(s, ''2025-04-01'') OVER (ORDER BY user_id) FROM (SELECT user_id, rfm_agg(ts, revenue) FILTER (WHERE event = ''purchase'') AS s
         FROM events_local GROUP BY user_id) x WHERE s IS NOT NULL',
 'rfm_agg', 2, 'WindowAgg'),
-- 2. aggregates postgres_fdw keeps on the coordinator, computed per shard by
--    a view on the shard instead (test/fdw/shard.sql)
('markov_attribution of rollup(attribution_summary) of each shard''s view',
 'SELECT m.* FROM (SELECT rollup(s) AS s FROM (SELECT s FROM attribution_s0 UNION ALL SELECT s FROM attribution_s1) x) r, markov_attribution(r.s) m',
 'SELECT * FROM markov_attribution((SELECT attribution_agg(cj, ''purchase'') FROM journeys_local))',
 NULL, NULL, :agg_node),
('rollup(attribution_summary) of each shard''s view equals the single-node summary',
 'SELECT rollup(s)::text FROM (SELECT s FROM attribution_s0 UNION ALL SELECT s FROM attribution_s1) x',
 'SELECT attribution_agg(cj, ''purchase'')::text FROM journeys_local',
 NULL, NULL, :agg_node),
('sequence_match, sequence_count per actor through the shards'' view',
 'SELECT user_id, matched, n FROM actor_sequences',
 'SELECT user_id, sequence_match(''(?1).*(?2)(?3)'', ts, event = ''visit'', event = ''product_view'', event = ''purchase''),
         sequence_count(''(?1).*(?2)(?3)'', ts, event = ''visit'', event = ''product_view'', event = ''purchase'') FROM events_local GROUP BY user_id',
 NULL, NULL, 'Foreign Scan'),
-- 3. what does not push down: the answer is still right, computed on the
--    coordinator from the rows the shards send
('whole-table funnel_counts(actor, ...) over the partitioned table: partial aggregates on the coordinator',
 format('SELECT funnel_counts(user_id, interval ''7 days'', ts, event, %s) FROM events', :'steps'),
 format('SELECT funnel_counts(user_id, interval ''7 days'', ts, event, %s) FROM events_local', :'steps'),
 'funnel_counts', 0, :partial),
('journey_agg without GROUP BY actor: partial aggregates on the coordinator',
 'SELECT journey_agg(ts, event) FROM events', 'SELECT journey_agg(ts, event) FROM events_local',
 'journey_agg', 0, :partial),
('activity_agg GROUP BY event (not the partition key): partial aggregates on the coordinator',
 'SELECT event, activity_agg(user_id, ts) FROM events GROUP BY event',
 'SELECT event, activity_agg(user_id, ts) FROM events_local GROUP BY event',
 'activity_agg', 0, :partial),
('without extensions ''journey'' on the server, window_funnel runs on the coordinator',
 format('SELECT user_id, window_funnel(interval ''7 days'', ts, event, %s) FROM events_s0_plain GROUP BY user_id', :'steps'),
 format('SELECT user_id, window_funnel(interval ''7 days'', ts, event, %s) FROM events_local
         WHERE satisfies_hash_partition(''events''::regclass, 2, 0, user_id) GROUP BY user_id', :'steps'),
 'window_funnel', 0, 'HashAggregate|GroupAggregate'),
('window_funnel over ts::timestamp (a STABLE cast) runs on the coordinator',
 format('SELECT user_id, window_funnel(interval ''7 days'', ts::timestamp, event, %s) FROM events GROUP BY user_id', :'steps'),
 format('SELECT user_id, window_funnel(interval ''7 days'', ts::timestamp, event, %s) FROM events_local GROUP BY user_id', :'steps'),
 'window_funnel', 0, 'HashAggregate|GroupAggregate');

CREATE FUNCTION pg_temp.rollup_check(c checks, OUT verdict text, OUT details text) AS $$
DECLARE
	line text;
	calls int := 0;
	plan_ok boolean := c.plan_re IS NULL;
	rows_s bigint;
	rows_l bigint;
	diffs bigint;
BEGIN
	FOR line IN SELECT pg_temp.fdw_plan(c.shard_q) LOOP
		IF c.agg IS NOT NULL AND line ~ ('^\s*Remote SQL: SELECT .*\mpublic\.' || c.agg || '\(') THEN calls := calls + 1; END IF;
		IF line ~ c.plan_re THEN plan_ok := true; END IF;
	END LOOP;
	rows_s := pg_temp.fdw_count(c.shard_q);
	rows_l := pg_temp.fdw_count(c.single_q);
	diffs := pg_temp.fdw_diffs(c.shard_q, c.single_q);
	verdict := CASE WHEN diffs = 0 AND rows_s = rows_l AND rows_s > 0 AND plan_ok
		AND (c.calls IS NULL OR calls = c.calls) THEN 'ok' ELSE 'FAIL' END;
	details := format('calls %s (expected %s), plan %s, rows %s/%s, diffs %s',
		calls, coalesce(c.calls::text, 'any'), plan_ok, rows_s, rows_l, diffs);
	IF verdict = 'FAIL' THEN details := details || E'\n    ' || c.shard_q; END IF;
EXCEPTION WHEN OTHERS THEN
	verdict := 'FAIL';
	details := format('error %s: %s (%s)', SQLSTATE, SQLERRM, c.shard_q);
END
$$ LANGUAGE plpgsql;

\pset format unaligned
\pset tuples_only on
SELECT c.name, r.verdict, r.details FROM checks c, LATERAL pg_temp.rollup_check(c) r ORDER BY c.name;

-- the funnel counts themselves, for the log
SELECT 'funnel counts over the shards ' || funnel_counts(c)::text FROM (
	SELECT funnel_counts(user_id, interval '7 days', ts, event, :steps) AS c FROM events_s0
	UNION ALL SELECT funnel_counts(user_id, interval '7 days', ts, event, :steps) FROM events_s1) x;

-- every node runs the same version of journey
SELECT 'same extension version on every node|'
	|| CASE WHEN count(*) = 3 AND count(DISTINCT v) = 1 THEN 'ok' ELSE 'FAIL' END || '|' || string_agg(v, ', ')
FROM (SELECT extversion AS v FROM pg_extension WHERE extname = 'journey'
	UNION ALL SELECT extversion FROM extension_s0 WHERE extname = 'journey'
	UNION ALL SELECT extversion FROM extension_s1 WHERE extname = 'journey') e;

-- the shards compute in UTC: postgres_fdw sets the remote session's
-- TimeZone to UTC, so a pushed-down aggregate that reads the time zone
-- (activity_agg's days, funnel_trend_agg's weeks) follows UTC, not the
-- coordinator's TimeZone (a known limit, docs/scale-out.md).  Under UTC
-- the answers are equal (the checks above); under another zone they must
-- differ, or this limit has gone and the documentation must say so.
SET TimeZone = 'Asia/Tokyo';
SELECT 'TimeZone: activity_agg''s days on the shards follow UTC, not Asia/Tokyo|'
	|| CASE WHEN d > 0 THEN 'ok' ELSE 'FAIL' END || '|' || d || ' rows of lifecycle by day differ'
FROM (SELECT pg_temp.fdw_diffs(
	'SELECT l.* FROM (SELECT rollup(s) AS s FROM (SELECT activity_agg(user_id, ts) AS s FROM events_s0
		UNION ALL SELECT activity_agg(user_id, ts) FROM events_s1) x) r, lifecycle(r.s, ''day'') l',
	'SELECT * FROM lifecycle((SELECT activity_agg(user_id, ts) FROM events_local), ''day'')') AS d) q;
SELECT 'TimeZone: funnel_trend_agg''s weeks on the shards follow UTC, not Asia/Tokyo|'
	|| CASE WHEN d > 0 THEN 'ok' ELSE 'FAIL' END || '|' || d || ' rows of funnel_trend by week differ'
FROM (SELECT pg_temp.fdw_diffs(
	format('SELECT f.* FROM (SELECT rollup(s) AS s FROM (SELECT user_id, funnel_trend_agg(''week'', interval ''7 days'', ts, event, %s) AS s
		FROM events GROUP BY user_id) x) r, funnel_trend(r.s, 4, data_end => ''2025-04-01'') f', :'steps'),
	format('SELECT * FROM funnel_trend((SELECT rollup(s) FROM (SELECT funnel_trend_agg(''week'', interval ''7 days'', ts, event, %s) AS s
		FROM events_local GROUP BY user_id) x), 4, data_end => ''2025-04-01'')', :'steps')) AS d) q;

-- the way around it for a zone of one fixed offset: shift the timestamps
-- by an interval (timezone(interval, ...) is immutable and has no text
-- argument, so it is shipped), read the reports in UTC: the same days as
-- the single node computes under Asia/Tokyo
SET TimeZone = 'UTC';
CREATE TEMP TABLE tz_shards AS
SELECT (l.period_start AT TIME ZONE 'UTC')::date AS day, l.new, l.current, l.resurrected, l.dormant, l.active
FROM (SELECT rollup(s) AS s FROM (
	SELECT activity_agg(user_id, (ts AT TIME ZONE interval '+09:00') AT TIME ZONE interval '00:00') AS s FROM events_s0
	UNION ALL SELECT activity_agg(user_id, (ts AT TIME ZONE interval '+09:00') AT TIME ZONE interval '00:00') FROM events_s1) x) r,
	lifecycle(r.s, 'day') l;
CREATE TEMP TABLE tz_plan (line text);
DO $$
DECLARE line text;
BEGIN
	FOR line IN EXPLAIN (VERBOSE, COSTS OFF) SELECT activity_agg(user_id, (ts AT TIME ZONE interval '+09:00') AT TIME ZONE interval '00:00') FROM events_s0 LOOP
		INSERT INTO tz_plan VALUES (line);
	END LOOP;
END
$$;
SET TimeZone = 'Asia/Tokyo';
CREATE TEMP TABLE tz_single AS
SELECT (l.period_start AT TIME ZONE 'Asia/Tokyo')::date AS day, l.new, l.current, l.resurrected, l.dormant, l.active
FROM lifecycle((SELECT activity_agg(user_id, ts) FROM events_local), 'day') l;
SELECT 'TimeZone: timestamps shifted by +09:00 on the shards give the Asia/Tokyo days|'
	|| CASE WHEN n > 0 AND d = 0 AND pushed = 1 THEN 'ok' ELSE 'FAIL' END
	|| format('|%s days, %s differ, activity_agg shipped: %s', n, d, pushed = 1)
FROM (SELECT (SELECT count(*) FROM tz_shards) AS n,
	(SELECT count(*) FROM (SELECT * FROM tz_shards EXCEPT ALL SELECT * FROM tz_single) a)
	+ (SELECT count(*) FROM (SELECT * FROM tz_single EXCEPT ALL SELECT * FROM tz_shards) b) AS d,
	(SELECT count(*) FROM tz_plan WHERE line ~ 'Remote SQL: SELECT public\.activity_agg\(user_id, timezone\(') AS pushed) q;
RESET TimeZone;
