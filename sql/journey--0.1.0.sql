/* sql/journey--0.1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION journey" to load this file. \quit

--
-- types
--

CREATE TYPE journey;

CREATE FUNCTION journey_in(cstring) RETURNS journey
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_out(journey) RETURNS cstring
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_recv(internal) RETURNS journey
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_send(journey) RETURNS bytea
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- the encoding is read byte by byte; short values are stored unaligned
CREATE TYPE journey (
	INPUT = journey_in,
	OUTPUT = journey_out,
	RECEIVE = journey_recv,
	SEND = journey_send,
	INTERNALLENGTH = VARIABLE,
	STORAGE = extended
);

COMMENT ON TYPE journey IS 'one actor''s time-ordered touches (timestamp, label), stored compactly';
COMMENT ON FUNCTION journey_in(cstring) IS 'text input of journey: a JSON array of [timestamp, label] pairs';
COMMENT ON FUNCTION journey_out(journey) IS 'text output of journey: a JSON array of [timestamp, label] pairs in UTC';
COMMENT ON FUNCTION journey_recv(internal) IS 'binary input of journey';
COMMENT ON FUNCTION journey_send(journey) IS 'binary output of journey';

CREATE TYPE stage;

CREATE FUNCTION stage_in(cstring) RETURNS stage
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_out(stage) RETURNS cstring
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_recv(internal) RETURNS stage
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_send(stage) RETURNS bytea
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE stage (
	INPUT = stage_in,
	OUTPUT = stage_out,
	RECEIVE = stage_recv,
	SEND = stage_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);

COMMENT ON TYPE stage IS 'a named, ordered step of a journey map: position and name, as 3:decision';
COMMENT ON FUNCTION stage_in(cstring) IS 'text input of stage';
COMMENT ON FUNCTION stage_out(stage) IS 'text output of stage';
COMMENT ON FUNCTION stage_recv(internal) IS 'binary input of stage';
COMMENT ON FUNCTION stage_send(stage) IS 'binary output of stage';

--
-- private functions: aggregate support
--

-- window_funnel and funnel_times share one transition function and state;
-- one SQL declaration per argument list, all one C function.
CREATE FUNCTION window_funnel_transfn(internal, interval, timestamptz, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;	-- not STRICT: NULL conditions count as false

CREATE FUNCTION window_funnel_transfn(internal, interval, text, timestamptz, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, interval, timestamp, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, interval, text, timestamp, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, bigint, bigint, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, bigint, text, bigint, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- the label form: (label text, steps text[]) instead of conditions
CREATE FUNCTION window_funnel_transfn(internal, interval, timestamptz, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, interval, text, timestamptz, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, interval, timestamp, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, interval, text, timestamp, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, bigint, bigint, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, bigint, text, bigint, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION funnel_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION window_funnel_finalfn(internal)
RETURNS int AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_times_finalfn(internal)
RETURNS timestamptz[] AS 'MODULE_PATHNAME', 'funnel_times_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_times_ts_finalfn(internal)
RETURNS timestamp[] AS 'MODULE_PATHNAME', 'funnel_times_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_times_bigint_finalfn(internal)
RETURNS bigint[] AS 'MODULE_PATHNAME', 'funnel_times_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION retention_transfn(bigint, VARIADIC "any")
RETURNS bigint AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- FINALFUNC_EXTRA: receives one NULL per condition, which gives their count
CREATE FUNCTION retention_finalfn(bigint, VARIADIC "any")
RETURNS int[] AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_counts_transfn(internal, int, int)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_counts_rollup_transfn(internal, bigint[])
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_counts_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_counts_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION funnel_counts_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION funnel_counts_finalfn(internal)
RETURNS bigint[] AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION journey_completion_finalfn(internal)
RETURNS float8 AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION window_funnel_transfn(internal, interval, timestamptz, VARIADIC "any") IS 'transition function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, text, timestamptz, VARIADIC "any") IS 'transition function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, timestamp, VARIADIC "any") IS 'transition function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, text, timestamp, VARIADIC "any") IS 'transition function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_transfn(internal, bigint, bigint, VARIADIC "any") IS 'transition function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_transfn(internal, bigint, text, bigint, VARIADIC "any") IS 'transition function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, timestamptz, text, text[]) IS 'transition function of window_funnel and funnel_times, label form';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, text, timestamptz, text, text[]) IS 'transition function of window_funnel and funnel_times, label form';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, timestamp, text, text[]) IS 'transition function of window_funnel and funnel_times, label form';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, text, timestamp, text, text[]) IS 'transition function of window_funnel and funnel_times, label form';
COMMENT ON FUNCTION window_funnel_transfn(internal, bigint, bigint, text, text[]) IS 'transition function of window_funnel and funnel_times, label form';
COMMENT ON FUNCTION window_funnel_transfn(internal, bigint, text, bigint, text, text[]) IS 'transition function of window_funnel and funnel_times, label form';
COMMENT ON FUNCTION funnel_combine(internal, internal) IS 'combine function of window_funnel and funnel_times';
COMMENT ON FUNCTION funnel_serialize(internal) IS 'serialize function of window_funnel and funnel_times';
COMMENT ON FUNCTION funnel_deserialize(bytea, internal) IS 'deserialize function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_finalfn(internal) IS 'final function of window_funnel';
COMMENT ON FUNCTION funnel_times_finalfn(internal) IS 'final function of funnel_times over timestamptz';
COMMENT ON FUNCTION funnel_times_ts_finalfn(internal) IS 'final function of funnel_times over timestamp';
COMMENT ON FUNCTION funnel_times_bigint_finalfn(internal) IS 'final function of funnel_times over bigint';
COMMENT ON FUNCTION retention_transfn(bigint, VARIADIC "any") IS 'transition function of retention';
COMMENT ON FUNCTION retention_finalfn(bigint, VARIADIC "any") IS 'final function of retention';
COMMENT ON FUNCTION funnel_counts_transfn(internal, int, int) IS 'transition function of funnel_counts(level, steps) and journey_completion';
COMMENT ON FUNCTION funnel_counts_rollup_transfn(internal, bigint[]) IS 'transition function of funnel_counts(bigint[])';
COMMENT ON FUNCTION funnel_counts_combine(internal, internal) IS 'combine function of funnel_counts and journey_completion';
COMMENT ON FUNCTION funnel_counts_serialize(internal) IS 'serialize function of funnel_counts and journey_completion';
COMMENT ON FUNCTION funnel_counts_deserialize(bytea, internal) IS 'deserialize function of funnel_counts and journey_completion';
COMMENT ON FUNCTION funnel_counts_finalfn(internal) IS 'final function of funnel_counts';
COMMENT ON FUNCTION journey_completion_finalfn(internal) IS 'final function of journey_completion';


CREATE FUNCTION journey_agg_transfn(internal, timestamptz, text)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION journey_rollup_transfn(internal, journey)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION journey_agg_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION journey_agg_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_agg_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_agg_finalfn(internal)
RETURNS journey AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION journey_agg_transfn(internal, timestamptz, text) IS 'transition function of journey_agg';
COMMENT ON FUNCTION journey_rollup_transfn(internal, journey) IS 'transition function of rollup(journey)';
COMMENT ON FUNCTION journey_agg_combine(internal, internal) IS 'combine function of journey_agg and rollup(journey)';
COMMENT ON FUNCTION journey_agg_serialize(internal) IS 'serialize function of journey_agg and rollup(journey)';
COMMENT ON FUNCTION journey_agg_deserialize(bytea, internal) IS 'deserialize function of journey_agg and rollup(journey)';
COMMENT ON FUNCTION journey_agg_finalfn(internal) IS 'final function of journey_agg and rollup(journey)';

CREATE FUNCTION map_agg_transfn(internal, text, timestamptz, text)
RETURNS internal AS 'MODULE_PATHNAME', 'map_agg_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION map_agg_transfn(internal, text, timestamptz, text, jsonb)
RETURNS internal AS 'MODULE_PATHNAME', 'map_agg_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION map_agg_transfn(internal, jsonb, timestamptz, text)
RETURNS internal AS 'MODULE_PATHNAME', 'map_agg_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION map_agg_transfn(internal, jsonb, timestamptz, text, jsonb)
RETURNS internal AS 'MODULE_PATHNAME', 'map_agg_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION map_agg_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION map_agg_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION map_agg_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION furthest_stage_finalfn(internal)
RETURNS stage AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION stage_times_finalfn(internal)
RETURNS timestamptz[] AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION map_agg_transfn(internal, text, timestamptz, text) IS 'transition function of furthest_stage and stage_times';
COMMENT ON FUNCTION map_agg_transfn(internal, text, timestamptz, text, jsonb) IS 'transition function of furthest_stage and stage_times, with properties';
COMMENT ON FUNCTION map_agg_transfn(internal, jsonb, timestamptz, text) IS 'transition function of furthest_stage and stage_times';
COMMENT ON FUNCTION map_agg_transfn(internal, jsonb, timestamptz, text, jsonb) IS 'transition function of furthest_stage and stage_times, with properties';
COMMENT ON FUNCTION map_agg_combine(internal, internal) IS 'combine function of furthest_stage and stage_times';
COMMENT ON FUNCTION map_agg_serialize(internal) IS 'serialize function of furthest_stage and stage_times';
COMMENT ON FUNCTION map_agg_deserialize(bytea, internal) IS 'deserialize function of furthest_stage and stage_times';
COMMENT ON FUNCTION furthest_stage_finalfn(internal) IS 'final function of furthest_stage';
COMMENT ON FUNCTION stage_times_finalfn(internal) IS 'final function of stage_times';

--
-- functions
--

CREATE FUNCTION funnel_report(counts bigint[], names text[] DEFAULT NULL,
							  confidence float8 DEFAULT 0.95)
RETURNS TABLE (step int, name text, actors bigint, conversion float8,
			   step_conversion float8, dropped bigint, ci_low float8, ci_high float8)
AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE	-- not STRICT: names may be NULL
ROWS 8;

COMMENT ON FUNCTION funnel_report(bigint[], text[], float8) IS 'one row per funnel step: actors, conversion from step 1 and from the previous step, dropped actors, Wilson interval of the conversion';


-- journey operators' support and hashing

CREATE FUNCTION journey_eq(journey, journey) RETURNS bool
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_ne(journey, journey) RETURNS bool
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_cat(journey, journey) RETURNS journey
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_hash(journey) RETURNS int
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_hash_extended(journey, bigint) RETURNS bigint
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION journey_eq(journey, journey) IS 'implementation of = operator';
COMMENT ON FUNCTION journey_ne(journey, journey) IS 'implementation of <> operator';
COMMENT ON FUNCTION journey_cat(journey, journey) IS 'implementation of || operator';
COMMENT ON FUNCTION journey_hash(journey) IS 'hash support for journey';
COMMENT ON FUNCTION journey_hash_extended(journey, bigint) IS 'extended hash support for journey';

-- journey accessors

CREATE FUNCTION length(journey) RETURNS int
AS 'MODULE_PATHNAME', 'journey_length' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION first_ts(journey) RETURNS timestamptz
AS 'MODULE_PATHNAME', 'journey_first_ts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION last_ts(journey) RETURNS timestamptz
AS 'MODULE_PATHNAME', 'journey_last_ts' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION duration(journey) RETURNS interval
AS 'MODULE_PATHNAME', 'journey_duration' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION labels(journey) RETURNS text[]
AS 'MODULE_PATHNAME', 'journey_labels' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_events(journey)
RETURNS TABLE (seq int, ts timestamptz, label text)
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 20;

CREATE FUNCTION journey_path(journey, collapse_repeats bool DEFAULT true) RETURNS text
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;	-- not STRICT: NULL collapse_repeats means true

CREATE FUNCTION journey_sessions(journey, gap interval DEFAULT '30 minutes')
RETURNS TABLE (session int, started timestamptz, ended timestamptz, touches int, path text)
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE	-- not STRICT: a NULL gap is an error
ROWS 5;

CREATE FUNCTION journey_transitions(journey)
RETURNS TABLE (from_label text, to_label text, n int)
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 10;

CREATE FUNCTION journey_next_label(journey, anchor text, steps int DEFAULT 1) RETURNS text
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_prev_label(journey, anchor text, steps int DEFAULT 1) RETURNS text
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- window functions take no DEFAULT arguments: two declarations instead
CREATE FUNCTION sessionize(ts timestamptz) RETURNS int
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;

CREATE FUNCTION sessionize(ts timestamptz, gap interval) RETURNS int
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;

-- the funnel and retention engines over a stored journey

CREATE FUNCTION window_funnel(journey, "window" interval, steps text[], mode text DEFAULT '') RETURNS int
AS 'MODULE_PATHNAME', 'window_funnel_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION funnel_times(journey, "window" interval, steps text[], mode text DEFAULT '') RETURNS timestamptz[]
AS 'MODULE_PATHNAME', 'funnel_times_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION retention(journey, labels text[]) RETURNS int[]
AS 'MODULE_PATHNAME', 'retention_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION length(journey) IS 'number of touches of a journey';
COMMENT ON FUNCTION first_ts(journey) IS 'timestamp of the first touch';
COMMENT ON FUNCTION last_ts(journey) IS 'timestamp of the last touch';
COMMENT ON FUNCTION duration(journey) IS 'time from the first touch to the last';
COMMENT ON FUNCTION labels(journey) IS 'the label of every touch, in order';
COMMENT ON FUNCTION journey_events(journey) IS 'one row per touch: sequence number, timestamp, label';
COMMENT ON FUNCTION journey_path(journey, bool) IS 'the labels joined by " > ", repeats collapsed by default';
COMMENT ON FUNCTION journey_sessions(journey, interval) IS 'one row per session: a new session starts after a gap longer than gap';
COMMENT ON FUNCTION journey_transitions(journey) IS 'counts of consecutive label pairs (Sankey edges once grouped)';
COMMENT ON FUNCTION journey_next_label(journey, text, int) IS 'the label steps touches after the first touch labelled anchor';
COMMENT ON FUNCTION journey_prev_label(journey, text, int) IS 'the label steps touches before the first touch labelled anchor';
COMMENT ON FUNCTION sessionize(timestamptz) IS 'window function: 1-based session number, a new session after a gap longer than 30 minutes';
COMMENT ON FUNCTION sessionize(timestamptz, interval) IS 'window function: 1-based session number, a new session after a gap longer than gap';
COMMENT ON FUNCTION window_funnel(journey, interval, text[], text) IS 'window_funnel over a stored journey, steps named by label';
COMMENT ON FUNCTION funnel_times(journey, interval, text[], text) IS 'funnel_times over a stored journey, steps named by label';
COMMENT ON FUNCTION retention(journey, text[]) IS 'retention over a stored journey, conditions named by label';


-- stage: constructor, accessors (also casts), comparison and hashing

CREATE FUNCTION stage("position" int, name text) RETURNS stage
AS 'MODULE_PATHNAME', 'stage_make' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_position(stage) RETURNS int
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_name(stage) RETURNS text
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_cmp(stage, stage) RETURNS int
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_lt(stage, stage) RETURNS bool
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_le(stage, stage) RETURNS bool
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_eq(stage, stage) RETURNS bool
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_ne(stage, stage) RETURNS bool
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_ge(stage, stage) RETURNS bool
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_gt(stage, stage) RETURNS bool
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_smaller(stage, stage) RETURNS stage
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_larger(stage, stage) RETURNS stage
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_hash(stage) RETURNS int
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_hash_extended(stage, bigint) RETURNS bigint
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION stage(int, text) IS 'a stage from its position and name';
COMMENT ON FUNCTION stage_position(stage) IS 'the position of a stage (also the cast to int)';
COMMENT ON FUNCTION stage_name(stage) IS 'the name of a stage (also the cast to text)';
COMMENT ON FUNCTION stage_cmp(stage, stage) IS 'btree support for stage';
COMMENT ON FUNCTION stage_lt(stage, stage) IS 'implementation of < operator';
COMMENT ON FUNCTION stage_le(stage, stage) IS 'implementation of <= operator';
COMMENT ON FUNCTION stage_eq(stage, stage) IS 'implementation of = operator';
COMMENT ON FUNCTION stage_ne(stage, stage) IS 'implementation of <> operator';
COMMENT ON FUNCTION stage_ge(stage, stage) IS 'implementation of >= operator';
COMMENT ON FUNCTION stage_gt(stage, stage) IS 'implementation of > operator';
COMMENT ON FUNCTION stage_smaller(stage, stage) IS 'min support for stage';
COMMENT ON FUNCTION stage_larger(stage, stage) IS 'max support for stage';
COMMENT ON FUNCTION stage_hash(stage) IS 'hash support for stage';
COMMENT ON FUNCTION stage_hash_extended(stage, bigint) IS 'extended hash support for stage';


-- journey maps

CREATE FUNCTION journey_stage(map text, event text) RETURNS stage
AS 'MODULE_PATHNAME', 'journey_stage' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_stage(map text, event text, props jsonb) RETURNS stage
AS 'MODULE_PATHNAME', 'journey_stage' LANGUAGE C IMMUTABLE PARALLEL SAFE;	-- not STRICT: NULL props pass no filter

CREATE FUNCTION journey_map_stages(map text)
RETURNS TABLE ("position" int, name text, events text[], within interval)
AS 'MODULE_PATHNAME', 'journey_map_stages' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 8;

CREATE FUNCTION furthest_stage(map text, journey) RETURNS stage
AS 'MODULE_PATHNAME', 'furthest_stage_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_times(map text, journey) RETURNS timestamptz[]
AS 'MODULE_PATHNAME', 'stage_times_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION journey_stage(text, text) IS 'the first stage of a journey map an event belongs to';
COMMENT ON FUNCTION journey_stage(text, text, jsonb) IS 'the first stage of a journey map an event with properties belongs to';
COMMENT ON FUNCTION journey_map_stages(text) IS 'the stages of a journey map, one row each';
COMMENT ON FUNCTION furthest_stage(text, journey) IS 'the furthest stage of a journey map a stored journey reached';
COMMENT ON FUNCTION stage_times(text, journey) IS 'timestamps of the stages of a stored journey''s furthest chain through a journey map';

CREATE FUNCTION journey_stage(map jsonb, event text) RETURNS stage
AS 'MODULE_PATHNAME', 'journey_stage' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_stage(map jsonb, event text, props jsonb) RETURNS stage
AS 'MODULE_PATHNAME', 'journey_stage' LANGUAGE C IMMUTABLE PARALLEL SAFE;	-- not STRICT: NULL props pass no filter

CREATE FUNCTION journey_map_stages(map jsonb)
RETURNS TABLE ("position" int, name text, events text[], within interval)
AS 'MODULE_PATHNAME', 'journey_map_stages' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 8;

CREATE FUNCTION furthest_stage(map jsonb, journey) RETURNS stage
AS 'MODULE_PATHNAME', 'furthest_stage_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION stage_times(map jsonb, journey) RETURNS timestamptz[]
AS 'MODULE_PATHNAME', 'stage_times_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION journey_stage(jsonb, text) IS 'the first stage of a journey map an event belongs to';
COMMENT ON FUNCTION journey_stage(jsonb, text, jsonb) IS 'the first stage of a journey map an event with properties belongs to';
COMMENT ON FUNCTION journey_map_stages(jsonb) IS 'the stages of a journey map, one row each';
COMMENT ON FUNCTION furthest_stage(jsonb, journey) IS 'the furthest stage of a journey map a stored journey reached';
COMMENT ON FUNCTION stage_times(jsonb, journey) IS 'timestamps of the stages of a stored journey''s furthest chain through a journey map';

--
-- operators
--

CREATE OPERATOR = (
	LEFTARG = journey, RIGHTARG = journey, PROCEDURE = journey_eq,
	COMMUTATOR = '=', NEGATOR = '<>',
	RESTRICT = eqsel, JOIN = eqjoinsel, HASHES
);

CREATE OPERATOR <> (
	LEFTARG = journey, RIGHTARG = journey, PROCEDURE = journey_ne,
	COMMUTATOR = '<>', NEGATOR = '=',
	RESTRICT = neqsel, JOIN = neqjoinsel
);

CREATE OPERATOR || (
	LEFTARG = journey, RIGHTARG = journey, PROCEDURE = journey_cat
);

COMMENT ON OPERATOR = (journey, journey) IS 'same touches';
COMMENT ON OPERATOR <> (journey, journey) IS 'not the same touches';
COMMENT ON OPERATOR || (journey, journey) IS 'every touch of both journeys';


CREATE OPERATOR < (
	LEFTARG = stage, RIGHTARG = stage, PROCEDURE = stage_lt,
	COMMUTATOR = >, NEGATOR = >=, RESTRICT = scalarltsel, JOIN = scalarltjoinsel
);

CREATE OPERATOR <= (
	LEFTARG = stage, RIGHTARG = stage, PROCEDURE = stage_le,
	COMMUTATOR = >=, NEGATOR = >, RESTRICT = scalarlesel, JOIN = scalarlejoinsel
);

CREATE OPERATOR = (
	LEFTARG = stage, RIGHTARG = stage, PROCEDURE = stage_eq,
	COMMUTATOR = =, NEGATOR = <>, RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES
);

CREATE OPERATOR <> (
	LEFTARG = stage, RIGHTARG = stage, PROCEDURE = stage_ne,
	COMMUTATOR = <>, NEGATOR = =, RESTRICT = neqsel, JOIN = neqjoinsel
);

CREATE OPERATOR >= (
	LEFTARG = stage, RIGHTARG = stage, PROCEDURE = stage_ge,
	COMMUTATOR = <=, NEGATOR = <, RESTRICT = scalargesel, JOIN = scalargejoinsel
);

CREATE OPERATOR > (
	LEFTARG = stage, RIGHTARG = stage, PROCEDURE = stage_gt,
	COMMUTATOR = <, NEGATOR = <=, RESTRICT = scalargtsel, JOIN = scalargtjoinsel
);

COMMENT ON OPERATOR < (stage, stage) IS 'earlier stage';
COMMENT ON OPERATOR <= (stage, stage) IS 'earlier or same stage';
COMMENT ON OPERATOR = (stage, stage) IS 'same stage';
COMMENT ON OPERATOR <> (stage, stage) IS 'different stage';
COMMENT ON OPERATOR >= (stage, stage) IS 'later or same stage';
COMMENT ON OPERATOR > (stage, stage) IS 'later stage';

--
-- operator classes
--

CREATE OPERATOR CLASS journey_hash_ops
DEFAULT FOR TYPE journey USING hash AS
	OPERATOR 1 = (journey, journey),
	FUNCTION 1 journey_hash(journey),
	FUNCTION 2 journey_hash_extended(journey, bigint);

COMMENT ON OPERATOR CLASS journey_hash_ops USING hash IS 'hash operator class for journey (GROUP BY, DISTINCT, hash joins, hash partitioning)';


CREATE OPERATOR CLASS stage_ops
DEFAULT FOR TYPE stage USING btree AS
	OPERATOR 1 <,
	OPERATOR 2 <=,
	OPERATOR 3 =,
	OPERATOR 4 >=,
	OPERATOR 5 >,
	FUNCTION 1 stage_cmp(stage, stage);

CREATE OPERATOR CLASS stage_hash_ops
DEFAULT FOR TYPE stage USING hash AS
	OPERATOR 1 = (stage, stage),
	FUNCTION 1 stage_hash(stage),
	FUNCTION 2 stage_hash_extended(stage, bigint);

COMMENT ON OPERATOR CLASS stage_ops USING btree IS 'stages by position, then name bytes';
COMMENT ON OPERATOR CLASS stage_hash_ops USING hash IS 'hash operator class for stage';

--
-- aggregates
--

-- window_funnel: ClickHouse windowFunnel.  Not a moving aggregate.  The final
-- function sorts the state's events in place, which leaves the state valid
-- (the same events), so FINALFUNC_MODIFY stays READ_ONLY.
CREATE AGGREGATE window_funnel(interval, timestamptz, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(interval, text, timestamptz, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(interval, timestamp, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(interval, text, timestamp, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(bigint, bigint, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(bigint, text, bigint, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE window_funnel(interval, timestamptz, VARIADIC "any") IS 'highest funnel step reached within the window (ClickHouse windowFunnel)';
COMMENT ON AGGREGATE window_funnel(interval, text, timestamptz, VARIADIC "any") IS 'highest funnel step reached within the window, with a mode (ClickHouse windowFunnel)';
COMMENT ON AGGREGATE window_funnel(interval, timestamp, VARIADIC "any") IS 'highest funnel step reached within the window (ClickHouse windowFunnel)';
COMMENT ON AGGREGATE window_funnel(interval, text, timestamp, VARIADIC "any") IS 'highest funnel step reached within the window, with a mode (ClickHouse windowFunnel)';
COMMENT ON AGGREGATE window_funnel(bigint, bigint, VARIADIC "any") IS 'highest funnel step reached within the window, timestamps and window in one integer unit (ClickHouse windowFunnel)';
COMMENT ON AGGREGATE window_funnel(bigint, text, bigint, VARIADIC "any") IS 'highest funnel step reached within the window, with a mode, timestamps and window in one integer unit (ClickHouse windowFunnel)';

-- funnel_times: the step timestamps of the chain window_funnel reports
CREATE AGGREGATE funnel_times(interval, timestamptz, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, text, timestamptz, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, timestamp, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_ts_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, text, timestamp, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_ts_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(bigint, bigint, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_bigint_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(bigint, text, bigint, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_bigint_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE funnel_times(interval, timestamptz, VARIADIC "any") IS 'timestamps of the steps of the chain window_funnel reports';
COMMENT ON AGGREGATE funnel_times(interval, text, timestamptz, VARIADIC "any") IS 'timestamps of the steps of the chain window_funnel reports, with a mode';
COMMENT ON AGGREGATE funnel_times(interval, timestamp, VARIADIC "any") IS 'timestamps of the steps of the chain window_funnel reports';
COMMENT ON AGGREGATE funnel_times(interval, text, timestamp, VARIADIC "any") IS 'timestamps of the steps of the chain window_funnel reports, with a mode';
COMMENT ON AGGREGATE funnel_times(bigint, bigint, VARIADIC "any") IS 'timestamps of the steps of the chain window_funnel reports, integer timestamps';
COMMENT ON AGGREGATE funnel_times(bigint, text, bigint, VARIADIC "any") IS 'timestamps of the steps of the chain window_funnel reports, with a mode, integer timestamps';

-- the label form of both: one label per row, the steps as a text[]
CREATE AGGREGATE window_funnel(interval, timestamptz, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(interval, text, timestamptz, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(interval, timestamp, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(interval, text, timestamp, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(bigint, bigint, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(bigint, text, bigint, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, timestamptz, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, text, timestamptz, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, timestamp, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_ts_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, text, timestamp, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_ts_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(bigint, bigint, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_bigint_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(bigint, text, bigint, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_bigint_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE window_funnel(interval, timestamptz, text, text[]) IS 'highest funnel step reached within the window; label form: steps named in a text[], one label per row';
COMMENT ON AGGREGATE window_funnel(interval, text, timestamptz, text, text[]) IS 'highest funnel step reached within the window; label form: steps named in a text[], one label per row, with a mode';
COMMENT ON AGGREGATE window_funnel(interval, timestamp, text, text[]) IS 'highest funnel step reached within the window; label form: steps named in a text[], one label per row';
COMMENT ON AGGREGATE window_funnel(interval, text, timestamp, text, text[]) IS 'highest funnel step reached within the window; label form: steps named in a text[], one label per row, with a mode';
COMMENT ON AGGREGATE window_funnel(bigint, bigint, text, text[]) IS 'highest funnel step reached within the window; label form: steps named in a text[], one label per row';
COMMENT ON AGGREGATE window_funnel(bigint, text, bigint, text, text[]) IS 'highest funnel step reached within the window; label form: steps named in a text[], one label per row, with a mode';
COMMENT ON AGGREGATE funnel_times(interval, timestamptz, text, text[]) IS 'timestamps of the steps of the chain window_funnel reports; label form: steps named in a text[], one label per row';
COMMENT ON AGGREGATE funnel_times(interval, text, timestamptz, text, text[]) IS 'timestamps of the steps of the chain window_funnel reports; label form: steps named in a text[], one label per row, with a mode';
COMMENT ON AGGREGATE funnel_times(interval, timestamp, text, text[]) IS 'timestamps of the steps of the chain window_funnel reports; label form: steps named in a text[], one label per row';
COMMENT ON AGGREGATE funnel_times(interval, text, timestamp, text, text[]) IS 'timestamps of the steps of the chain window_funnel reports; label form: steps named in a text[], one label per row, with a mode';
COMMENT ON AGGREGATE funnel_times(bigint, bigint, text, text[]) IS 'timestamps of the steps of the chain window_funnel reports; label form: steps named in a text[], one label per row';
COMMENT ON AGGREGATE funnel_times(bigint, text, bigint, text, text[]) IS 'timestamps of the steps of the chain window_funnel reports; label form: steps named in a text[], one label per row, with a mode';

-- retention: ClickHouse retention.  The state is a bigint bitmask combined
-- with a bitwise OR, so it needs no serialization.
CREATE AGGREGATE retention(VARIADIC "any") (
	SFUNC = retention_transfn,
	STYPE = bigint,
	INITCOND = '0',
	FINALFUNC = retention_finalfn,
	FINALFUNC_EXTRA,
	COMBINEFUNC = pg_catalog.int8or,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE retention(VARIADIC "any") IS 'per condition i, whether condition 1 and condition i both held in the group (ClickHouse retention)';

CREATE AGGREGATE funnel_counts(level int, steps int) (
	SFUNC = funnel_counts_transfn,
	STYPE = internal,
	SSPACE = 528,
	FINALFUNC = funnel_counts_finalfn,
	COMBINEFUNC = funnel_counts_combine,
	SERIALFUNC = funnel_counts_serialize,
	DESERIALFUNC = funnel_counts_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_counts(bigint[]) (
	SFUNC = funnel_counts_rollup_transfn,
	STYPE = internal,
	SSPACE = 528,
	FINALFUNC = funnel_counts_finalfn,
	COMBINEFUNC = funnel_counts_combine,
	SERIALFUNC = funnel_counts_serialize,
	DESERIALFUNC = funnel_counts_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE journey_completion(level int, steps int) (
	SFUNC = funnel_counts_transfn,
	STYPE = internal,
	SSPACE = 528,
	FINALFUNC = journey_completion_finalfn,
	COMBINEFUNC = funnel_counts_combine,
	SERIALFUNC = funnel_counts_serialize,
	DESERIALFUNC = funnel_counts_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE funnel_counts(int, int) IS 'per step k, the number of actors whose funnel level is at least k';
COMMENT ON AGGREGATE funnel_counts(bigint[]) IS 'sum of stored funnel_counts arrays (rollup)';
COMMENT ON AGGREGATE journey_completion(int, int) IS 'share of actors that entered the funnel (level >= 1) and reached its last step';

-- journey_agg and rollup(journey): the state is a label dictionary and the
-- touches; the serial form is the journey encoding itself
CREATE AGGREGATE journey_agg(ts timestamptz, label text) (
	SFUNC = journey_agg_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = journey_agg_finalfn,
	COMBINEFUNC = journey_agg_combine,
	SERIALFUNC = journey_agg_serialize,
	DESERIALFUNC = journey_agg_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE rollup(journey) (
	SFUNC = journey_rollup_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = journey_agg_finalfn,
	COMBINEFUNC = journey_agg_combine,
	SERIALFUNC = journey_agg_serialize,
	DESERIALFUNC = journey_agg_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE journey_agg(timestamptz, text) IS 'the journey of the touches (ts, label) of a group';
COMMENT ON AGGREGATE rollup(journey) IS 'one journey with every touch of the journeys of a group';

CREATE AGGREGATE min(stage) (
	SFUNC = stage_smaller,
	STYPE = stage,
	COMBINEFUNC = stage_smaller,
	SORTOP = <,
	PARALLEL = SAFE
);

CREATE AGGREGATE max(stage) (
	SFUNC = stage_larger,
	STYPE = stage,
	COMBINEFUNC = stage_larger,
	SORTOP = >,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE min(stage) IS 'the earliest stage';
COMMENT ON AGGREGATE max(stage) IS 'the furthest stage';

-- furthest_stage and stage_times: a journey map over raw events
CREATE AGGREGATE furthest_stage(map text, ts timestamptz, event text) (
	SFUNC = map_agg_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = furthest_stage_finalfn,
	COMBINEFUNC = map_agg_combine,
	SERIALFUNC = map_agg_serialize,
	DESERIALFUNC = map_agg_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE furthest_stage(map text, ts timestamptz, event text, props jsonb) (
	SFUNC = map_agg_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = furthest_stage_finalfn,
	COMBINEFUNC = map_agg_combine,
	SERIALFUNC = map_agg_serialize,
	DESERIALFUNC = map_agg_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE furthest_stage(map jsonb, ts timestamptz, event text) (
	SFUNC = map_agg_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = furthest_stage_finalfn,
	COMBINEFUNC = map_agg_combine,
	SERIALFUNC = map_agg_serialize,
	DESERIALFUNC = map_agg_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE furthest_stage(map jsonb, ts timestamptz, event text, props jsonb) (
	SFUNC = map_agg_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = furthest_stage_finalfn,
	COMBINEFUNC = map_agg_combine,
	SERIALFUNC = map_agg_serialize,
	DESERIALFUNC = map_agg_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE stage_times(map text, ts timestamptz, event text) (
	SFUNC = map_agg_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = stage_times_finalfn,
	COMBINEFUNC = map_agg_combine,
	SERIALFUNC = map_agg_serialize,
	DESERIALFUNC = map_agg_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE stage_times(map text, ts timestamptz, event text, props jsonb) (
	SFUNC = map_agg_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = stage_times_finalfn,
	COMBINEFUNC = map_agg_combine,
	SERIALFUNC = map_agg_serialize,
	DESERIALFUNC = map_agg_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE stage_times(map jsonb, ts timestamptz, event text) (
	SFUNC = map_agg_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = stage_times_finalfn,
	COMBINEFUNC = map_agg_combine,
	SERIALFUNC = map_agg_serialize,
	DESERIALFUNC = map_agg_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE stage_times(map jsonb, ts timestamptz, event text, props jsonb) (
	SFUNC = map_agg_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = stage_times_finalfn,
	COMBINEFUNC = map_agg_combine,
	SERIALFUNC = map_agg_serialize,
	DESERIALFUNC = map_agg_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE furthest_stage(text, timestamptz, text) IS 'the furthest stage of a journey map the events of a group reached';
COMMENT ON AGGREGATE furthest_stage(text, timestamptz, text, jsonb) IS 'the furthest stage of a journey map the events (with properties) of a group reached';
COMMENT ON AGGREGATE stage_times(text, timestamptz, text) IS 'timestamps of the stages of the furthest chain through a journey map';
COMMENT ON AGGREGATE stage_times(text, timestamptz, text, jsonb) IS 'timestamps of the stages of the furthest chain through a journey map, events with properties';
COMMENT ON AGGREGATE furthest_stage(jsonb, timestamptz, text) IS 'the furthest stage of a journey map the events of a group reached';
COMMENT ON AGGREGATE furthest_stage(jsonb, timestamptz, text, jsonb) IS 'the furthest stage of a journey map the events (with properties) of a group reached';
COMMENT ON AGGREGATE stage_times(jsonb, timestamptz, text) IS 'timestamps of the stages of the furthest chain through a journey map';
COMMENT ON AGGREGATE stage_times(jsonb, timestamptz, text, jsonb) IS 'timestamps of the stages of the furthest chain through a journey map, events with properties';

--
-- casts
--

CREATE CAST (stage AS int) WITH FUNCTION stage_position(stage);
CREATE CAST (stage AS text) WITH FUNCTION stage_name(stage);

COMMENT ON CAST (stage AS int) IS 'the position of a stage';
COMMENT ON CAST (stage AS text) IS 'the name of a stage';

--
-- sequences: sequence_match, sequence_count, sequence_next_node
--

-- sequence_match and sequence_count share one transition function and state
CREATE FUNCTION sequence_transfn(internal, text, timestamptz, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'sequence_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;	-- not STRICT: NULL conditions count as false

CREATE FUNCTION sequence_transfn(internal, text, timestamp, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'sequence_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION sequence_transfn(internal, text, bigint, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'sequence_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION sequence_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION sequence_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION sequence_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION sequence_match_finalfn(internal)
RETURNS bool AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION sequence_count_finalfn(internal)
RETURNS bigint AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION sequence_transfn(internal, text, timestamptz, VARIADIC "any") IS 'transition function of sequence_match and sequence_count';
COMMENT ON FUNCTION sequence_transfn(internal, text, timestamp, VARIADIC "any") IS 'transition function of sequence_match and sequence_count';
COMMENT ON FUNCTION sequence_transfn(internal, text, bigint, VARIADIC "any") IS 'transition function of sequence_match and sequence_count';
COMMENT ON FUNCTION sequence_combine(internal, internal) IS 'combine function of sequence_match and sequence_count';
COMMENT ON FUNCTION sequence_serialize(internal) IS 'serialization function of sequence_match and sequence_count';
COMMENT ON FUNCTION sequence_deserialize(bytea, internal) IS 'deserialization function of sequence_match and sequence_count';
COMMENT ON FUNCTION sequence_match_finalfn(internal) IS 'final function of sequence_match';
COMMENT ON FUNCTION sequence_count_finalfn(internal) IS 'final function of sequence_count';

CREATE AGGREGATE sequence_match(pattern text, ts timestamptz, VARIADIC "any") (
	SFUNC = sequence_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = sequence_match_finalfn, COMBINEFUNC = sequence_combine,
	SERIALFUNC = sequence_serialize, DESERIALFUNC = sequence_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE sequence_match(pattern text, ts timestamp, VARIADIC "any") (
	SFUNC = sequence_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = sequence_match_finalfn, COMBINEFUNC = sequence_combine,
	SERIALFUNC = sequence_serialize, DESERIALFUNC = sequence_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE sequence_match(pattern text, ts bigint, VARIADIC "any") (
	SFUNC = sequence_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = sequence_match_finalfn, COMBINEFUNC = sequence_combine,
	SERIALFUNC = sequence_serialize, DESERIALFUNC = sequence_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE sequence_count(pattern text, ts timestamptz, VARIADIC "any") (
	SFUNC = sequence_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = sequence_count_finalfn, COMBINEFUNC = sequence_combine,
	SERIALFUNC = sequence_serialize, DESERIALFUNC = sequence_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE sequence_count(pattern text, ts timestamp, VARIADIC "any") (
	SFUNC = sequence_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = sequence_count_finalfn, COMBINEFUNC = sequence_combine,
	SERIALFUNC = sequence_serialize, DESERIALFUNC = sequence_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE sequence_count(pattern text, ts bigint, VARIADIC "any") (
	SFUNC = sequence_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = sequence_count_finalfn, COMBINEFUNC = sequence_combine,
	SERIALFUNC = sequence_serialize, DESERIALFUNC = sequence_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE sequence_match(text, timestamptz, VARIADIC "any") IS 'does the group contain a chain of events matching the pattern (ClickHouse sequenceMatch)';
COMMENT ON AGGREGATE sequence_match(text, timestamp, VARIADIC "any") IS 'does the group contain a chain of events matching the pattern (ClickHouse sequenceMatch)';
COMMENT ON AGGREGATE sequence_match(text, bigint, VARIADIC "any") IS 'does the group contain a chain of events matching the pattern, gates in timestamp units (ClickHouse sequenceMatch)';
COMMENT ON AGGREGATE sequence_count(text, timestamptz, VARIADIC "any") IS 'number of non-overlapping chains of events matching the pattern (ClickHouse sequenceCount)';
COMMENT ON AGGREGATE sequence_count(text, timestamp, VARIADIC "any") IS 'number of non-overlapping chains of events matching the pattern (ClickHouse sequenceCount)';
COMMENT ON AGGREGATE sequence_count(text, bigint, VARIADIC "any") IS 'number of non-overlapping chains of events matching the pattern, gates in timestamp units (ClickHouse sequenceCount)';

CREATE FUNCTION sequence_match(journey, pattern text, labels text[]) RETURNS bool
AS 'MODULE_PATHNAME', 'sequence_match_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION sequence_count(journey, pattern text, labels text[]) RETURNS bigint
AS 'MODULE_PATHNAME', 'sequence_count_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION sequence_match(journey, text, text[]) IS 'sequence_match over a stored journey, condition k = the touch has label labels[k]';
COMMENT ON FUNCTION sequence_count(journey, text, text[]) IS 'sequence_count over a stored journey, condition k = the touch has label labels[k]';

-- sequence_next_node: one transition function for both argument lists
CREATE FUNCTION sequence_next_node_transfn(internal, text, text, timestamptz, text, bool, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'sequence_next_node_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION sequence_next_node_transfn(internal, text, text, timestamptz, text, bool)
RETURNS internal AS 'MODULE_PATHNAME', 'sequence_next_node_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION sequence_next_node_transfn(internal, text, text, timestamp, text, bool, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'sequence_next_node_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION sequence_next_node_transfn(internal, text, text, timestamp, text, bool)
RETURNS internal AS 'MODULE_PATHNAME', 'sequence_next_node_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION sequence_next_node_transfn(internal, text, text, bigint, text, bool, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'sequence_next_node_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION sequence_next_node_transfn(internal, text, text, bigint, text, bool)
RETURNS internal AS 'MODULE_PATHNAME', 'sequence_next_node_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION sequence_next_node_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION sequence_next_node_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION sequence_next_node_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION sequence_next_node_finalfn(internal)
RETURNS text AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION sequence_next_node_transfn(internal, text, text, timestamptz, text, bool, VARIADIC "any") IS 'transition function of sequence_next_node';
COMMENT ON FUNCTION sequence_next_node_transfn(internal, text, text, timestamptz, text, bool) IS 'transition function of sequence_next_node without event conditions';
COMMENT ON FUNCTION sequence_next_node_transfn(internal, text, text, timestamp, text, bool, VARIADIC "any") IS 'transition function of sequence_next_node';
COMMENT ON FUNCTION sequence_next_node_transfn(internal, text, text, timestamp, text, bool) IS 'transition function of sequence_next_node without event conditions';
COMMENT ON FUNCTION sequence_next_node_transfn(internal, text, text, bigint, text, bool, VARIADIC "any") IS 'transition function of sequence_next_node';
COMMENT ON FUNCTION sequence_next_node_transfn(internal, text, text, bigint, text, bool) IS 'transition function of sequence_next_node without event conditions';
COMMENT ON FUNCTION sequence_next_node_combine(internal, internal) IS 'combine function of sequence_next_node';
COMMENT ON FUNCTION sequence_next_node_serialize(internal) IS 'serialization function of sequence_next_node';
COMMENT ON FUNCTION sequence_next_node_deserialize(bytea, internal) IS 'deserialization function of sequence_next_node';
COMMENT ON FUNCTION sequence_next_node_finalfn(internal) IS 'final function of sequence_next_node';

CREATE AGGREGATE sequence_next_node(direction text, base text, ts timestamptz, value text, base_cond bool, VARIADIC "any") (
	SFUNC = sequence_next_node_transfn, STYPE = internal, SSPACE = 1024,
	FINALFUNC = sequence_next_node_finalfn, COMBINEFUNC = sequence_next_node_combine,
	SERIALFUNC = sequence_next_node_serialize, DESERIALFUNC = sequence_next_node_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE sequence_next_node(direction text, base text, ts timestamptz, value text, base_cond bool) (
	SFUNC = sequence_next_node_transfn, STYPE = internal, SSPACE = 1024,
	FINALFUNC = sequence_next_node_finalfn, COMBINEFUNC = sequence_next_node_combine,
	SERIALFUNC = sequence_next_node_serialize, DESERIALFUNC = sequence_next_node_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE sequence_next_node(direction text, base text, ts timestamp, value text, base_cond bool, VARIADIC "any") (
	SFUNC = sequence_next_node_transfn, STYPE = internal, SSPACE = 1024,
	FINALFUNC = sequence_next_node_finalfn, COMBINEFUNC = sequence_next_node_combine,
	SERIALFUNC = sequence_next_node_serialize, DESERIALFUNC = sequence_next_node_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE sequence_next_node(direction text, base text, ts timestamp, value text, base_cond bool) (
	SFUNC = sequence_next_node_transfn, STYPE = internal, SSPACE = 1024,
	FINALFUNC = sequence_next_node_finalfn, COMBINEFUNC = sequence_next_node_combine,
	SERIALFUNC = sequence_next_node_serialize, DESERIALFUNC = sequence_next_node_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE sequence_next_node(direction text, base text, ts bigint, value text, base_cond bool, VARIADIC "any") (
	SFUNC = sequence_next_node_transfn, STYPE = internal, SSPACE = 1024,
	FINALFUNC = sequence_next_node_finalfn, COMBINEFUNC = sequence_next_node_combine,
	SERIALFUNC = sequence_next_node_serialize, DESERIALFUNC = sequence_next_node_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE sequence_next_node(direction text, base text, ts bigint, value text, base_cond bool) (
	SFUNC = sequence_next_node_transfn, STYPE = internal, SSPACE = 1024,
	FINALFUNC = sequence_next_node_finalfn, COMBINEFUNC = sequence_next_node_combine,
	SERIALFUNC = sequence_next_node_serialize, DESERIALFUNC = sequence_next_node_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE sequence_next_node(text, text, timestamptz, text, bool, VARIADIC "any") IS 'value of the row after (or before) a chain of rows matching event1 .. eventN (ClickHouse sequenceNextNode)';
COMMENT ON AGGREGATE sequence_next_node(text, text, timestamptz, text, bool) IS 'value of the base row itself: sequenceNextNode with no event conditions';
COMMENT ON AGGREGATE sequence_next_node(text, text, timestamp, text, bool, VARIADIC "any") IS 'value of the row after (or before) a chain of rows matching event1 .. eventN (ClickHouse sequenceNextNode)';
COMMENT ON AGGREGATE sequence_next_node(text, text, timestamp, text, bool) IS 'value of the base row itself: sequenceNextNode with no event conditions';
COMMENT ON AGGREGATE sequence_next_node(text, text, bigint, text, bool, VARIADIC "any") IS 'value of the row after (or before) a chain of rows matching event1 .. eventN (ClickHouse sequenceNextNode)';
COMMENT ON AGGREGATE sequence_next_node(text, text, bigint, text, bool) IS 'value of the base row itself: sequenceNextNode with no event conditions';

CREATE FUNCTION sequence_next_node(journey, direction text, base text, labels text[], base_label text DEFAULT NULL) RETURNS text
AS 'MODULE_PATHNAME', 'sequence_next_node_journey' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION sequence_next_node(journey, text, text, text[], text) IS 'sequence_next_node over a stored journey: event k = labels[k], base_cond = the touch has base_label (any touch when NULL)';

--
-- path reports across customers
--

CREATE FUNCTION next_steps(query text, anchor text[], k int DEFAULT 10,
	direction text DEFAULT 'forward', base text DEFAULT 'first_match')
RETURNS TABLE(rank int, next_label text, actors bigint, share float8)
AS 'MODULE_PATHNAME', 'next_steps' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;

CREATE FUNCTION top_paths(query text, depth int DEFAULT 3, k int DEFAULT 10,
	collapse_repeats bool DEFAULT true)
RETURNS TABLE(rank int, path text, actors bigint, share float8)
AS 'MODULE_PATHNAME', 'top_paths' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;

COMMENT ON FUNCTION next_steps(text, text[], int, text, text) IS 'the k most frequent labels right after (or before) an anchor chain, across the journeys a query returns';
COMMENT ON FUNCTION top_paths(text, int, int, bool) IS 'the k most frequent first steps of the journeys a query returns';

--
-- attribution
--

CREATE FUNCTION attribution(j journey, conversion text, model text DEFAULT 'last',
	lookback interval DEFAULT NULL, direct text DEFAULT 'direct',
	first_share float8 DEFAULT 0.4, last_share float8 DEFAULT 0.4,
	half_life interval DEFAULT '7 days')
RETURNS TABLE(channel text, credit float8)
AS 'MODULE_PATHNAME', 'attribution' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION markov_attribution(query text, conversion text)
RETURNS TABLE(channel text, removal_effect float8, credit float8)
AS 'MODULE_PATHNAME', 'markov_attribution' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;

CREATE FUNCTION shapley_attribution(query text, conversion text)
RETURNS TABLE(channel text, credit float8)
AS 'MODULE_PATHNAME', 'shapley_attribution' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;

COMMENT ON FUNCTION attribution(journey, text, text, interval, text, float8, float8, interval) IS 'credit of a journey''s first conversion by channel, with a rule-based model (first, last, last_non_direct, linear, position, time_decay, participation)';
COMMENT ON FUNCTION markov_attribution(text, text) IS 'removal effect and conversion credit of each channel in the Markov chain of the journeys a query returns, solved exactly';
COMMENT ON FUNCTION shapley_attribution(text, text) IS 'exact Shapley value of each channel over the converting journeys a query returns';

--
-- statistics
--

CREATE FUNCTION wilson_ci(successes bigint, trials bigint, confidence float8 DEFAULT 0.95,
	OUT low float8, OUT high float8)
AS 'MODULE_PATHNAME', 'wilson_ci' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION proportion_ztest(successes_a bigint, trials_a bigint,
	successes_b bigint, trials_b bigint, confidence float8 DEFAULT 0.95,
	OUT p_a float8, OUT p_b float8, OUT diff float8, OUT diff_low float8,
	OUT diff_high float8, OUT z float8, OUT p_value float8, OUT lift float8,
	OUT note text)
AS 'MODULE_PATHNAME', 'proportion_ztest' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION funnel_compare(counts_a bigint[], counts_b bigint[], names text[] DEFAULT NULL,
	confidence float8 DEFAULT 0.95, base text DEFAULT 'start')
RETURNS TABLE(step int, name text, actors_a bigint, actors_b bigint,
	conversion_a float8, conversion_b float8, diff float8, diff_low float8,
	diff_high float8, z float8, p_value float8, lift float8, note text)
AS 'MODULE_PATHNAME', 'funnel_compare' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION wilson_ci(bigint, bigint, float8) IS 'Wilson score interval of a proportion';
COMMENT ON FUNCTION proportion_ztest(bigint, bigint, bigint, bigint, float8) IS 'two-proportion z-test of group b against group a: difference with its interval, z, two-sided p-value, relative lift';
COMMENT ON FUNCTION funnel_compare(bigint[], bigint[], text[], float8, text) IS 'per-step comparison of two funnels'' conversions (z-tests of b against a)';

--
-- segmentation
--

CREATE FUNCTION rfm(query text, as_of timestamptz DEFAULT now(), preset text DEFAULT 'rf_grid')
RETURNS TABLE(customer text, recency_days float8, frequency bigint, monetary float8,
	r int, f int, m int, segment text)
AS 'MODULE_PATHNAME', 'rfm' LANGUAGE C STABLE PARALLEL RESTRICTED;

CREATE FUNCTION rfm_segment(r int, f int, m int, preset text DEFAULT 'rf_grid') RETURNS text
AS 'MODULE_PATHNAME', 'rfm_segment' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION rfm_grid(preset text DEFAULT 'rf_grid')
RETURNS TABLE(r int, x int, x_axis text, segment text)
AS 'MODULE_PATHNAME', 'rfm_grid' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION rfm(text, timestamptz, text) IS 'RFM scores (1 to 5) and named segment of every customer of a purchases query (customer, ts, amount)';
COMMENT ON FUNCTION rfm_segment(int, int, int, text) IS 'the RFM segment of scores under a preset (rf_grid or rfm11)';
COMMENT ON FUNCTION rfm_grid(text) IS 'the 25 cells of an RFM preset''s grid and their segments';

--
-- behavioural segments of a journey
--

CREATE FUNCTION dropoff_stage(map text, journey) RETURNS stage
AS 'MODULE_PATHNAME', 'dropoff_stage_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION dropoff_stage(map jsonb, journey) RETURNS stage
AS 'MODULE_PATHNAME', 'dropoff_stage_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION entry_label(journey) RETURNS text
AS 'MODULE_PATHNAME', 'journey_entry_label' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION exit_label(journey) RETURNS text
AS 'MODULE_PATHNAME', 'journey_exit_label' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_engagement(journey, medium_from float8 DEFAULT 2, high_from float8 DEFAULT 5,
	OUT touches int, OUT active_weeks int, OUT touches_per_week float8, OUT level text)
AS 'MODULE_PATHNAME', 'journey_engagement' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION journey_segment(journey, labels text[], patterns text[], names text[],
	otherwise text DEFAULT NULL) RETURNS text
AS 'MODULE_PATHNAME', 'journey_segment' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION dropoff_stage(text, journey) IS 'the first stage of a journey map a stored journey did not reach (NULL when it reached the last)';
COMMENT ON FUNCTION dropoff_stage(jsonb, journey) IS 'the first stage of a journey map a stored journey did not reach (NULL when it reached the last)';
COMMENT ON FUNCTION entry_label(journey) IS 'the label of the first touch';
COMMENT ON FUNCTION exit_label(journey) IS 'the label of the last touch';
COMMENT ON FUNCTION journey_engagement(journey, float8, float8) IS 'touches, active weeks, touches per active week and the engagement level (low, medium, high) of a journey';
COMMENT ON FUNCTION journey_segment(journey, text[], text[], text[], text) IS 'the name of the first sequence pattern a journey matches (segments by path pattern)';

CREATE FUNCTION lifecycle(query text, period text DEFAULT 'week')
RETURNS TABLE(period_start timestamptz, new bigint, current bigint, resurrected bigint,
	dormant bigint, active bigint)
AS 'MODULE_PATHNAME', 'lifecycle' LANGUAGE C STABLE PARALLEL RESTRICTED;

CREATE FUNCTION cohort_retention(query text, period text DEFAULT 'week',
	criterion text DEFAULT 'on', brackets int[] DEFAULT NULL)
RETURNS TABLE(cohort timestamptz, period int, cohort_size bigint, retained bigint, rate float8)
AS 'MODULE_PATHNAME', 'cohort_retention' LANGUAGE C STABLE PARALLEL RESTRICTED;

COMMENT ON FUNCTION lifecycle(text, text) IS 'new, current, resurrected and dormant actors per day, week or month, from a query of (actor, ts)';
COMMENT ON FUNCTION cohort_retention(text, text, text, int[]) IS 'cohort retention table (cohort, period, cohort_size, retained, rate) from a query of (actor, ts [, cohort_event])';
