/* sql/journey--0.1.0--0.2.0.sql */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION journey UPDATE TO '0.2.0'" to load this file. \quit

-- ---------- casts of journey to json and jsonb ----------

CREATE FUNCTION journey_to_json(journey) RETURNS json
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION journey_to_json(journey) IS 'a journey as a JSON array of [timestamp, label] arrays (the cast to json)';

CREATE FUNCTION journey_to_jsonb(journey) RETURNS jsonb
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION journey_to_jsonb(journey) IS 'a journey as a jsonb array of [timestamp, label] arrays (the cast to jsonb)';

CREATE CAST (journey AS json) WITH FUNCTION journey_to_json(journey);
CREATE CAST (journey AS jsonb) WITH FUNCTION journey_to_jsonb(journey);
COMMENT ON CAST (journey AS json) IS 'a journey as nested JSON arrays, used by to_json and row_to_json';
COMMENT ON CAST (journey AS jsonb) IS 'a journey as nested jsonb arrays, used by to_jsonb';

-- ---------- one consistent surface (docs/reference.md, "Conventions") ----------
-- Renamed in place, so views and other objects that call them keep working
-- (they follow the new names, and pg_dump writes the new names).

-- functions of a journey are named journey_*
ALTER FUNCTION first_ts(journey) RENAME TO journey_first_ts;
ALTER FUNCTION last_ts(journey) RENAME TO journey_last_ts;
ALTER FUNCTION duration(journey) RENAME TO journey_duration;
ALTER FUNCTION labels(journey) RENAME TO journey_labels;
ALTER FUNCTION entry_label(journey) RENAME TO journey_entry_label;
ALTER FUNCTION exit_label(journey) RENAME TO journey_exit_label;

-- functions of a journey map are named map_*
ALTER FUNCTION journey_stage(text, text) RENAME TO map_stage;
ALTER FUNCTION journey_stage(text, text, jsonb) RENAME TO map_stage;
ALTER FUNCTION journey_stage(jsonb, text) RENAME TO map_stage;
ALTER FUNCTION journey_stage(jsonb, text, jsonb) RENAME TO map_stage;
ALTER FUNCTION journey_map_stages(text) RENAME TO map_stages;
ALTER FUNCTION journey_map_stages(jsonb) RENAME TO map_stages;

-- one NULL policy: a NULL argument gives a NULL result (or no rows)
ALTER FUNCTION journey_path(journey, bool) STRICT;
ALTER FUNCTION journey_sessions(journey, interval) STRICT;

-- the subject first: a journey, then the map that reads it
CREATE FUNCTION furthest_stage(journey, map text) RETURNS stage
AS 'MODULE_PATHNAME', 'journey_furthest_stage' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION furthest_stage(journey, map jsonb) RETURNS stage
AS 'MODULE_PATHNAME', 'journey_furthest_stage' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION stage_times(journey, map text) RETURNS timestamptz[]
AS 'MODULE_PATHNAME', 'journey_stage_times' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION stage_times(journey, map jsonb) RETURNS timestamptz[]
AS 'MODULE_PATHNAME', 'journey_stage_times' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dropoff_stage(journey, map text) RETURNS stage
AS 'MODULE_PATHNAME', 'journey_dropoff_stage' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION dropoff_stage(journey, map jsonb) RETURNS stage
AS 'MODULE_PATHNAME', 'journey_dropoff_stage' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION furthest_stage(journey, text) IS 'the furthest stage of a journey map a stored journey reached';
COMMENT ON FUNCTION furthest_stage(journey, jsonb) IS 'the furthest stage of a journey map a stored journey reached';
COMMENT ON FUNCTION stage_times(journey, text) IS 'timestamps of the stages of a stored journey''s furthest chain through a journey map';
COMMENT ON FUNCTION stage_times(journey, jsonb) IS 'timestamps of the stages of a stored journey''s furthest chain through a journey map';
COMMENT ON FUNCTION dropoff_stage(journey, text) IS 'the first stage of a journey map a stored journey did not reach (NULL when it reached the last)';
COMMENT ON FUNCTION dropoff_stage(journey, jsonb) IS 'the first stage of a journey map a stored journey did not reach (NULL when it reached the last)';
COMMENT ON FUNCTION furthest_stage(text, journey) IS 'deprecated 0.1.0 argument order of furthest_stage(journey, map); removed in 0.3.0';
COMMENT ON FUNCTION furthest_stage(jsonb, journey) IS 'deprecated 0.1.0 argument order of furthest_stage(journey, map); removed in 0.3.0';
COMMENT ON FUNCTION stage_times(text, journey) IS 'deprecated 0.1.0 argument order of stage_times(journey, map); removed in 0.3.0';
COMMENT ON FUNCTION stage_times(jsonb, journey) IS 'deprecated 0.1.0 argument order of stage_times(journey, map); removed in 0.3.0';
COMMENT ON FUNCTION dropoff_stage(text, journey) IS 'deprecated 0.1.0 argument order of dropoff_stage(journey, map); removed in 0.3.0';
COMMENT ON FUNCTION dropoff_stage(jsonb, journey) IS 'deprecated 0.1.0 argument order of dropoff_stage(journey, map); removed in 0.3.0';
-- ---------- rfm: per-customer summaries and a scoring window function ----------

CREATE TYPE rfm_summary;
CREATE FUNCTION rfm_summary_in(cstring) RETURNS rfm_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_summary_out(rfm_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_summary_recv(internal) RETURNS rfm_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_summary_send(rfm_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE rfm_summary (
	INPUT = rfm_summary_in,
	OUTPUT = rfm_summary_out,
	RECEIVE = rfm_summary_recv,
	SEND = rfm_summary_send,
	INTERNALLENGTH = VARIABLE,
	STORAGE = extended
);
COMMENT ON TYPE rfm_summary IS 'the orders of a customer (or group): first and last order time, number of orders, total amount';
COMMENT ON FUNCTION rfm_summary_in(cstring) IS 'text input of rfm_summary (base64 of its bytes)';
COMMENT ON FUNCTION rfm_summary_out(rfm_summary) IS 'text output of rfm_summary (base64 of its bytes)';
COMMENT ON FUNCTION rfm_summary_recv(internal) IS 'binary input of rfm_summary';
COMMENT ON FUNCTION rfm_summary_send(rfm_summary) IS 'binary output of rfm_summary';

-- transition functions are not strict: a NULL ts is ignored, a NULL amount is 0
CREATE FUNCTION rfm_agg_transfn(internal, timestamptz, float8) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_agg_numeric_transfn(internal, timestamptz, numeric) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_rollup_transfn(internal, rfm_summary) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_agg_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_agg_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_agg_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_agg_finalfn(internal) RETURNS rfm_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rfm_agg_transfn(internal, timestamptz, float8) IS 'transition function of rfm_agg(timestamptz, float8)';
COMMENT ON FUNCTION rfm_agg_numeric_transfn(internal, timestamptz, numeric) IS 'transition function of rfm_agg(timestamptz, numeric)';
COMMENT ON FUNCTION rfm_rollup_transfn(internal, rfm_summary) IS 'transition function of rollup(rfm_summary)';
COMMENT ON FUNCTION rfm_agg_combine(internal, internal) IS 'combine function of rfm_agg and rollup(rfm_summary)';
COMMENT ON FUNCTION rfm_agg_serialize(internal) IS 'serialize function of rfm_agg and rollup(rfm_summary): the summary''s bytes';
COMMENT ON FUNCTION rfm_agg_deserialize(bytea, internal) IS 'deserialize function of rfm_agg and rollup(rfm_summary)';
COMMENT ON FUNCTION rfm_agg_finalfn(internal) IS 'final function of rfm_agg and rollup(rfm_summary)';

CREATE AGGREGATE rfm_agg(ts timestamptz, amount float8) (
	SFUNC = rfm_agg_transfn,
	STYPE = internal,
	SSPACE = 48,
	FINALFUNC = rfm_agg_finalfn,
	COMBINEFUNC = rfm_agg_combine,
	SERIALFUNC = rfm_agg_serialize,
	DESERIALFUNC = rfm_agg_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE rfm_agg(ts timestamptz, amount numeric) (
	SFUNC = rfm_agg_numeric_transfn,
	STYPE = internal,
	SSPACE = 48,
	FINALFUNC = rfm_agg_finalfn,
	COMBINEFUNC = rfm_agg_combine,
	SERIALFUNC = rfm_agg_serialize,
	DESERIALFUNC = rfm_agg_deserialize,
	PARALLEL = SAFE
);
CREATE AGGREGATE rollup(rfm_summary) (
	SFUNC = rfm_rollup_transfn,
	STYPE = internal,
	SSPACE = 48,
	FINALFUNC = rfm_agg_finalfn,
	COMBINEFUNC = rfm_agg_combine,
	SERIALFUNC = rfm_agg_serialize,
	DESERIALFUNC = rfm_agg_deserialize,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE rfm_agg(timestamptz, float8) IS 'the rfm_summary of a group''s orders (ts, amount); float8 amounts summed in float8';
COMMENT ON AGGREGATE rfm_agg(timestamptz, numeric) IS 'the rfm_summary of a group''s orders (ts, amount); numeric amounts summed exactly';
COMMENT ON AGGREGATE rollup(rfm_summary) IS 'one rfm_summary of the orders of a group''s summaries';

CREATE FUNCTION rfm_recency_days(s rfm_summary, as_of timestamptz) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_frequency(s rfm_summary) RETURNS bigint
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_monetary(s rfm_summary) RETURNS float8
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_first_order(s rfm_summary) RETURNS timestamptz
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_last_order(s rfm_summary) RETURNS timestamptz
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rfm_recency_days(rfm_summary, timestamptz) IS 'days from the last order to as_of (NULL without orders)';
COMMENT ON FUNCTION rfm_frequency(rfm_summary) IS 'the number of orders';
COMMENT ON FUNCTION rfm_monetary(rfm_summary) IS 'the total amount of the orders (0 without orders)';
COMMENT ON FUNCTION rfm_first_order(rfm_summary) IS 'the time of the first order (NULL without orders)';
COMMENT ON FUNCTION rfm_last_order(rfm_summary) IS 'the time of the last order (NULL without orders)';

CREATE TYPE rfm_score AS (recency_days float8, frequency bigint, monetary float8, r int, f int, m int, segment text);
COMMENT ON TYPE rfm_score IS 'RFM scores (1 to 5) and named segment of a customer, as rfm_score gives them';

-- window functions take no defaults: the overload without preset is rf_grid;
-- not strict: a NULL summary gives NULL, a NULL as_of or preset is an error
CREATE FUNCTION rfm_score(s rfm_summary, as_of timestamptz, preset text) RETURNS rfm_score
	AS 'MODULE_PATHNAME', 'rfm_score' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(s rfm_summary, as_of timestamptz) RETURNS rfm_score
	AS 'MODULE_PATHNAME', 'rfm_score' LANGUAGE C WINDOW IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rfm_score(rfm_summary, timestamptz, text) IS 'window function: RFM scores of the row''s summary among all rows of its partition, ties by the window order';
COMMENT ON FUNCTION rfm_score(rfm_summary, timestamptz) IS 'window function: RFM scores (preset rf_grid) of the row''s summary among all rows of its partition, ties by the window order';

-- ---------- activity summary: lifecycle and cohort retention ----------

CREATE TYPE activity_summary;
CREATE FUNCTION activity_summary_in(cstring) RETURNS activity_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION activity_summary_out(activity_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION activity_summary_recv(internal) RETURNS activity_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION activity_summary_send(activity_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE activity_summary (
	INPUT = activity_summary_in, OUTPUT = activity_summary_out,
	RECEIVE = activity_summary_recv, SEND = activity_summary_send,
	INTERNALLENGTH = VARIABLE, STORAGE = extended);
COMMENT ON TYPE activity_summary IS 'each actor''s distinct active days (and cohort day): what lifecycle and cohort_retention report from';
COMMENT ON FUNCTION activity_summary_in(cstring) IS 'input function of activity_summary (base64 of its bytes)';
COMMENT ON FUNCTION activity_summary_out(activity_summary) IS 'output function of activity_summary (base64 of its bytes)';
COMMENT ON FUNCTION activity_summary_recv(internal) IS 'binary input function of activity_summary';
COMMENT ON FUNCTION activity_summary_send(activity_summary) IS 'binary output function of activity_summary';

-- the transition function is STABLE: a day is ts::date in the session's TimeZone
CREATE FUNCTION activity_agg_transfn(internal, anyelement, timestamptz)
	RETURNS internal AS 'MODULE_PATHNAME', 'activity_agg_transfn' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION activity_agg_transfn(internal, anyelement, timestamptz, bool)
	RETURNS internal AS 'MODULE_PATHNAME', 'activity_agg_transfn' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION activity_rollup_transfn(internal, activity_summary)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION activity_agg_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION activity_agg_serialize(internal)
	RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION activity_agg_deserialize(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION activity_agg_finalfn(internal)
	RETURNS activity_summary AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION activity_agg_transfn(internal, anyelement, timestamptz) IS 'transition function of activity_agg(actor, ts)';
COMMENT ON FUNCTION activity_agg_transfn(internal, anyelement, timestamptz, bool) IS 'transition function of activity_agg(actor, ts, cohort_event)';
COMMENT ON FUNCTION activity_rollup_transfn(internal, activity_summary) IS 'transition function of rollup(activity_summary)';
COMMENT ON FUNCTION activity_agg_combine(internal, internal) IS 'combine function of activity_agg and rollup(activity_summary)';
COMMENT ON FUNCTION activity_agg_serialize(internal) IS 'serialize function of activity_agg and rollup(activity_summary)';
COMMENT ON FUNCTION activity_agg_deserialize(bytea, internal) IS 'deserialize function of activity_agg and rollup(activity_summary)';
COMMENT ON FUNCTION activity_agg_finalfn(internal) IS 'final function of activity_agg and rollup(activity_summary)';

CREATE AGGREGATE activity_agg(actor anyelement, ts timestamptz) (
	SFUNC = activity_agg_transfn, STYPE = internal,
	FINALFUNC = activity_agg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = activity_agg_combine,
	SERIALFUNC = activity_agg_serialize, DESERIALFUNC = activity_agg_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE activity_agg(actor anyelement, ts timestamptz, cohort_event bool) (
	SFUNC = activity_agg_transfn, STYPE = internal,
	FINALFUNC = activity_agg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = activity_agg_combine,
	SERIALFUNC = activity_agg_serialize, DESERIALFUNC = activity_agg_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE rollup(activity_summary) (
	SFUNC = activity_rollup_transfn, STYPE = internal,
	FINALFUNC = activity_agg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = activity_agg_combine,
	SERIALFUNC = activity_agg_serialize, DESERIALFUNC = activity_agg_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE activity_agg(anyelement, timestamptz) IS 'activity summary: each actor''s distinct active days (ts::date in the session time zone); the cohort is the first active day';
COMMENT ON AGGREGATE activity_agg(anyelement, timestamptz, bool) IS 'activity summary: each actor''s distinct active days and the first day cohort_event was true (its cohort)';
COMMENT ON AGGREGATE rollup(activity_summary) IS 'merge stored activity summaries: union of each actor''s days, the earliest cohort day';

CREATE FUNCTION lifecycle(summary activity_summary, period text DEFAULT 'week')
RETURNS TABLE(period_start timestamptz, new bigint, current bigint, resurrected bigint,
	dormant bigint, active bigint)
AS 'MODULE_PATHNAME', 'lifecycle_summary' LANGUAGE C STABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cohort_retention(summary activity_summary, period text DEFAULT 'week',
	criterion text DEFAULT 'on', brackets int[] DEFAULT NULL)
RETURNS TABLE(cohort timestamptz, period int, cohort_size bigint, retained bigint, rate float8)
AS 'MODULE_PATHNAME', 'cohort_retention_summary' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION lifecycle(activity_summary, text) IS 'new, current, resurrected and dormant actors per day, week or month of an activity summary';
COMMENT ON FUNCTION cohort_retention(activity_summary, text, text, int[]) IS 'cohort retention table (cohort, period, cohort_size, retained, rate) of an activity summary; a NULL summary gives no rows';

-- ---------- attribution: attribution_summary, attribution_agg, rollup, Markov and Shapley over a summary ----------

CREATE TYPE attribution_summary;

CREATE FUNCTION attribution_summary_in(cstring) RETURNS attribution_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION attribution_summary_out(attribution_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION attribution_summary_recv(internal) RETURNS attribution_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION attribution_summary_send(attribution_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE attribution_summary (
	INPUT = attribution_summary_in,
	OUTPUT = attribution_summary_out,
	RECEIVE = attribution_summary_recv,
	SEND = attribution_summary_send,
	INTERNALLENGTH = VARIABLE,
	STORAGE = extended
);

COMMENT ON TYPE attribution_summary IS 'channel transitions and channel sets of journeys for one conversion label: what markov_attribution and shapley_attribution report from (attribution_agg builds it, rollup merges it)';
COMMENT ON FUNCTION attribution_summary_in(cstring) IS 'text input of attribution_summary (base64 of its bytes, checked)';
COMMENT ON FUNCTION attribution_summary_out(attribution_summary) IS 'text output of attribution_summary (base64 of its bytes)';
COMMENT ON FUNCTION attribution_summary_recv(internal) IS 'binary input of attribution_summary (its bytes, checked)';
COMMENT ON FUNCTION attribution_summary_send(attribution_summary) IS 'binary output of attribution_summary (its bytes)';

-- not STRICT: a NULL journey adds nothing, a NULL conversion label is an error
CREATE FUNCTION attribution_agg_transfn(internal, journey, text) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION attribution_rollup_transfn(internal, attribution_summary) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION attribution_agg_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION attribution_agg_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION attribution_agg_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- not STRICT: no row gives an empty summary
CREATE FUNCTION attribution_agg_finalfn(internal) RETURNS attribution_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION attribution_agg_transfn(internal, journey, text) IS 'transition function of attribution_agg';
COMMENT ON FUNCTION attribution_rollup_transfn(internal, attribution_summary) IS 'transition function of rollup(attribution_summary)';
COMMENT ON FUNCTION attribution_agg_combine(internal, internal) IS 'combine function of attribution_agg and rollup(attribution_summary)';
COMMENT ON FUNCTION attribution_agg_serialize(internal) IS 'serialize function of attribution_agg and rollup(attribution_summary) (the summary''s bytes)';
COMMENT ON FUNCTION attribution_agg_deserialize(bytea, internal) IS 'deserialize function of attribution_agg and rollup(attribution_summary) (checked)';
COMMENT ON FUNCTION attribution_agg_finalfn(internal) IS 'final function of attribution_agg and rollup(attribution_summary)';

CREATE AGGREGATE attribution_agg(j journey, conversion text) (
	SFUNC = attribution_agg_transfn,
	STYPE = internal,
	FINALFUNC = attribution_agg_finalfn,
	COMBINEFUNC = attribution_agg_combine,
	SERIALFUNC = attribution_agg_serialize,
	DESERIALFUNC = attribution_agg_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE rollup(attribution_summary) (
	SFUNC = attribution_rollup_transfn,
	STYPE = internal,
	FINALFUNC = attribution_agg_finalfn,
	COMBINEFUNC = attribution_agg_combine,
	SERIALFUNC = attribution_agg_serialize,
	DESERIALFUNC = attribution_agg_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE attribution_agg(journey, text) IS 'the attribution summary of a group''s journeys for a conversion label (NULL journeys ignored; no row: an empty summary)';
COMMENT ON AGGREGATE rollup(attribution_summary) IS 'one attribution summary counting every journey of the summaries of a group (their conversion labels must agree)';

CREATE FUNCTION markov_attribution(s attribution_summary)
RETURNS TABLE(channel text, removal_effect float8, credit float8)
AS 'MODULE_PATHNAME', 'markov_attribution_summary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION shapley_attribution(s attribution_summary)
RETURNS TABLE(channel text, credit float8)
AS 'MODULE_PATHNAME', 'shapley_attribution_summary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION markov_attribution(attribution_summary) IS 'removal effect and conversion credit of each channel in the Markov chain of a summary''s journeys, solved exactly';
COMMENT ON FUNCTION shapley_attribution(attribution_summary) IS 'exact Shapley value of each channel over a summary''s converting journeys';

-- ---------- path summaries: top_paths and next_steps in two steps ----------

CREATE TYPE path_summary;

CREATE FUNCTION path_summary_in(cstring) RETURNS path_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION path_summary_out(path_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION path_summary_recv(internal) RETURNS path_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION path_summary_send(path_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE path_summary (
	INPUT = path_summary_in,
	OUTPUT = path_summary_out,
	RECEIVE = path_summary_recv,
	SEND = path_summary_send,
	INTERNALLENGTH = VARIABLE,
	STORAGE = extended
);

COMMENT ON TYPE path_summary IS 'actors counted by the first steps of their paths (path_agg) or by the step after an anchor (next_step_agg), with the parameters; merged by rollup, reported by top_paths and next_steps';
COMMENT ON FUNCTION path_summary_in(cstring) IS 'text input of path_summary (base64 of its bytes, checked)';
COMMENT ON FUNCTION path_summary_out(path_summary) IS 'text output of path_summary (base64 of its bytes)';
COMMENT ON FUNCTION path_summary_recv(internal) IS 'binary input of path_summary (its bytes, checked)';
COMMENT ON FUNCTION path_summary_send(path_summary) IS 'binary output of path_summary (its bytes)';

-- transition functions are not strict: NULL journeys are skipped
CREATE FUNCTION path_agg_transfn(internal, journey, int, bool) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION path_agg_transfn(internal, journey, int) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION next_step_agg_transfn(internal, journey, text[], text, text) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION next_step_agg_transfn(internal, journey, text[], text) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION next_step_agg_transfn(internal, journey, text[]) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION path_summary_rollup_transfn(internal, path_summary) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION path_agg_finalfn(internal) RETURNS path_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION path_agg_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION path_agg_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION path_agg_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE path_agg(j journey, depth int, collapse_repeats bool) (
	SFUNC = path_agg_transfn, STYPE = internal, FINALFUNC = path_agg_finalfn,
	COMBINEFUNC = path_agg_combine, SERIALFUNC = path_agg_serialize,
	DESERIALFUNC = path_agg_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE path_agg(j journey, depth int) (
	SFUNC = path_agg_transfn, STYPE = internal, FINALFUNC = path_agg_finalfn,
	COMBINEFUNC = path_agg_combine, SERIALFUNC = path_agg_serialize,
	DESERIALFUNC = path_agg_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE next_step_agg(j journey, labels text[], direction text, base text) (
	SFUNC = next_step_agg_transfn, STYPE = internal, FINALFUNC = path_agg_finalfn,
	COMBINEFUNC = path_agg_combine, SERIALFUNC = path_agg_serialize,
	DESERIALFUNC = path_agg_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE next_step_agg(j journey, labels text[], direction text) (
	SFUNC = next_step_agg_transfn, STYPE = internal, FINALFUNC = path_agg_finalfn,
	COMBINEFUNC = path_agg_combine, SERIALFUNC = path_agg_serialize,
	DESERIALFUNC = path_agg_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE next_step_agg(j journey, labels text[]) (
	SFUNC = next_step_agg_transfn, STYPE = internal, FINALFUNC = path_agg_finalfn,
	COMBINEFUNC = path_agg_combine, SERIALFUNC = path_agg_serialize,
	DESERIALFUNC = path_agg_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE rollup(path_summary) (
	SFUNC = path_summary_rollup_transfn, STYPE = internal, FINALFUNC = path_agg_finalfn,
	COMBINEFUNC = path_agg_combine, SERIALFUNC = path_agg_serialize,
	DESERIALFUNC = path_agg_deserialize, PARALLEL = SAFE);

CREATE FUNCTION top_paths(summary path_summary, k int DEFAULT 10)
RETURNS TABLE(rank int, path text, actors bigint, share float8)
AS 'MODULE_PATHNAME', 'top_paths_summary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION next_steps(summary path_summary, k int DEFAULT 10)
RETURNS TABLE(rank int, next_label text, actors bigint, share float8)
AS 'MODULE_PATHNAME', 'next_steps_summary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- next_steps('SELECT ...', '{label}'): without it the new next_steps(path_summary, k)
-- would make this call with two untyped literals ambiguous
CREATE FUNCTION next_steps(query text, anchor text)
RETURNS TABLE(rank int, next_label text, actors bigint, share float8)
AS 'MODULE_PATHNAME', 'next_steps_anchor_text' LANGUAGE C STABLE STRICT PARALLEL RESTRICTED;

COMMENT ON FUNCTION path_agg_transfn(internal, journey, int, bool) IS 'transition function of path_agg';
COMMENT ON FUNCTION path_agg_transfn(internal, journey, int) IS 'transition function of path_agg (collapse_repeats true)';
COMMENT ON FUNCTION next_step_agg_transfn(internal, journey, text[], text, text) IS 'transition function of next_step_agg';
COMMENT ON FUNCTION next_step_agg_transfn(internal, journey, text[], text) IS 'transition function of next_step_agg (base first_match)';
COMMENT ON FUNCTION next_step_agg_transfn(internal, journey, text[]) IS 'transition function of next_step_agg (forward, first_match)';
COMMENT ON FUNCTION path_summary_rollup_transfn(internal, path_summary) IS 'transition function of rollup(path_summary)';
COMMENT ON FUNCTION path_agg_finalfn(internal) IS 'final function of path_agg, next_step_agg and rollup(path_summary)';
COMMENT ON FUNCTION path_agg_combine(internal, internal) IS 'combine function of path_agg, next_step_agg and rollup(path_summary)';
COMMENT ON FUNCTION path_agg_serialize(internal) IS 'serialize function of path_agg, next_step_agg and rollup(path_summary): the summary bytes';
COMMENT ON FUNCTION path_agg_deserialize(bytea, internal) IS 'deserialize function of path_agg, next_step_agg and rollup(path_summary)';
COMMENT ON AGGREGATE path_agg(journey, int, bool) IS 'path summary: actors counted by the first depth steps of their journeys (NULL journeys skipped)';
COMMENT ON AGGREGATE path_agg(journey, int) IS 'path summary: actors counted by the first depth steps of their journeys, repeats collapsed';
COMMENT ON AGGREGATE next_step_agg(journey, text[], text, text) IS 'path summary: actors counted by the label right after (or before) an anchor chain (NULL journeys skipped)';
COMMENT ON AGGREGATE next_step_agg(journey, text[], text) IS 'path summary: actors counted by the label after or before an anchor chain, base first_match';
COMMENT ON AGGREGATE next_step_agg(journey, text[]) IS 'path summary: actors counted by the label right after an anchor chain (forward, first_match)';
COMMENT ON AGGREGATE rollup(path_summary) IS 'merge path summaries of disjoint sets of actors built with the same parameters';
COMMENT ON FUNCTION top_paths(path_summary, int) IS 'the k most frequent first steps in a path summary built by path_agg';
COMMENT ON FUNCTION next_steps(path_summary, int) IS 'the k most frequent next labels in a path summary built by next_step_agg';
COMMENT ON FUNCTION next_steps(text, text) IS 'next_steps(query, anchor) with the anchor labels as an array literal (k 10, forward, first_match)';

-- ---------- one-pass funnel ----------

-- funnel_counts(actor, window, [mode,] ts, label, steps) and the conditions
-- form: the funnel counts of every actor in one aggregate (no GROUP BY actor).
-- The transition function is not strict: a NULL actor or ts ignores the row,
-- a NULL condition or label is false (as in window_funnel).
CREATE FUNCTION funnel_onepass_transfn(internal, anyelement, interval, timestamptz, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_onepass_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_onepass_transfn(internal, anyelement, interval, text, timestamptz, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_onepass_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_onepass_transfn(internal, anyelement, interval, timestamptz, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_onepass_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_onepass_transfn(internal, anyelement, interval, text, timestamptz, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_onepass_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_onepass_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_onepass_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_onepass_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME', 'funnel_onepass_serialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION funnel_onepass_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_onepass_deserialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION funnel_onepass_finalfn(internal)
RETURNS bigint[] AS 'MODULE_PATHNAME', 'funnel_onepass_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE funnel_counts(actor anyelement, "window" interval, ts timestamptz, label text, steps text[]) (
	SFUNC = funnel_onepass_transfn, STYPE = internal, FINALFUNC = funnel_onepass_finalfn,
	COMBINEFUNC = funnel_onepass_combine, SERIALFUNC = funnel_onepass_serialize,
	DESERIALFUNC = funnel_onepass_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_counts(actor anyelement, "window" interval, mode text, ts timestamptz, label text, steps text[]) (
	SFUNC = funnel_onepass_transfn, STYPE = internal, FINALFUNC = funnel_onepass_finalfn,
	COMBINEFUNC = funnel_onepass_combine, SERIALFUNC = funnel_onepass_serialize,
	DESERIALFUNC = funnel_onepass_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_counts(actor anyelement, "window" interval, ts timestamptz, VARIADIC cond "any") (
	SFUNC = funnel_onepass_transfn, STYPE = internal, FINALFUNC = funnel_onepass_finalfn,
	COMBINEFUNC = funnel_onepass_combine, SERIALFUNC = funnel_onepass_serialize,
	DESERIALFUNC = funnel_onepass_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_counts(actor anyelement, "window" interval, mode text, ts timestamptz, VARIADIC cond "any") (
	SFUNC = funnel_onepass_transfn, STYPE = internal, FINALFUNC = funnel_onepass_finalfn,
	COMBINEFUNC = funnel_onepass_combine, SERIALFUNC = funnel_onepass_serialize,
	DESERIALFUNC = funnel_onepass_deserialize, PARALLEL = SAFE);

COMMENT ON FUNCTION funnel_onepass_transfn(internal, anyelement, interval, timestamptz, text, text[]) IS 'transition function of funnel_counts(actor, window, ts, label, steps)';
COMMENT ON FUNCTION funnel_onepass_transfn(internal, anyelement, interval, text, timestamptz, text, text[]) IS 'transition function of funnel_counts(actor, window, mode, ts, label, steps)';
COMMENT ON FUNCTION funnel_onepass_transfn(internal, anyelement, interval, timestamptz, VARIADIC "any") IS 'transition function of funnel_counts(actor, window, ts, VARIADIC cond)';
COMMENT ON FUNCTION funnel_onepass_transfn(internal, anyelement, interval, text, timestamptz, VARIADIC "any") IS 'transition function of funnel_counts(actor, window, mode, ts, VARIADIC cond)';
COMMENT ON FUNCTION funnel_onepass_combine(internal, internal) IS 'combine function of the one-pass funnel_counts(actor, ...): merges states, actors matched by key';
COMMENT ON FUNCTION funnel_onepass_serialize(internal) IS 'serialize function of the one-pass funnel_counts(actor, ...)';
COMMENT ON FUNCTION funnel_onepass_deserialize(bytea, internal) IS 'deserialize function of the one-pass funnel_counts(actor, ...)';
COMMENT ON FUNCTION funnel_onepass_finalfn(internal) IS 'final function of the one-pass funnel_counts(actor, ...)';
COMMENT ON AGGREGATE funnel_counts(anyelement, interval, timestamptz, text, text[]) IS 'one-pass funnel: actors reaching each step, as funnel_counts(window_funnel(window, ts, label, steps), n) over GROUP BY actor';
COMMENT ON AGGREGATE funnel_counts(anyelement, interval, text, timestamptz, text, text[]) IS 'one-pass funnel with a mode: as funnel_counts(window_funnel(window, mode, ts, label, steps), n) over GROUP BY actor';
COMMENT ON AGGREGATE funnel_counts(anyelement, interval, timestamptz, "any") IS 'one-pass funnel over conditions: as funnel_counts(window_funnel(window, ts, cond...), n) over GROUP BY actor';
COMMENT ON AGGREGATE funnel_counts(anyelement, interval, text, timestamptz, "any") IS 'one-pass funnel over conditions with a mode: as funnel_counts(window_funnel(window, mode, ts, cond...), n) over GROUP BY actor';

-- ---------- one-pass funnel over journey maps ----------

-- funnel_counts(actor, map, ts, event [, props]): per stage, the actors whose
-- furthest_stage(map, ts, event [, props]) is that stage or further, in one
-- aggregate (no GROUP BY actor).  The support functions other than the
-- transition function are the one-pass funnel's.  Not strict: a NULL actor
-- or ts ignores the row, a NULL event belongs to no stage, NULL props pass
-- no filter; a NULL map is an error.
CREATE FUNCTION funnel_onepass_map_transfn(internal, anyelement, text, timestamptz, text)
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_onepass_map_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_onepass_map_transfn(internal, anyelement, text, timestamptz, text, jsonb)
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_onepass_map_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_onepass_map_transfn(internal, anyelement, jsonb, timestamptz, text)
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_onepass_map_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_onepass_map_transfn(internal, anyelement, jsonb, timestamptz, text, jsonb)
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_onepass_map_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE funnel_counts(actor anyelement, map text, ts timestamptz, event text) (
	SFUNC = funnel_onepass_map_transfn, STYPE = internal, FINALFUNC = funnel_onepass_finalfn,
	COMBINEFUNC = funnel_onepass_combine, SERIALFUNC = funnel_onepass_serialize,
	DESERIALFUNC = funnel_onepass_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_counts(actor anyelement, map text, ts timestamptz, event text, props jsonb) (
	SFUNC = funnel_onepass_map_transfn, STYPE = internal, FINALFUNC = funnel_onepass_finalfn,
	COMBINEFUNC = funnel_onepass_combine, SERIALFUNC = funnel_onepass_serialize,
	DESERIALFUNC = funnel_onepass_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_counts(actor anyelement, map jsonb, ts timestamptz, event text) (
	SFUNC = funnel_onepass_map_transfn, STYPE = internal, FINALFUNC = funnel_onepass_finalfn,
	COMBINEFUNC = funnel_onepass_combine, SERIALFUNC = funnel_onepass_serialize,
	DESERIALFUNC = funnel_onepass_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_counts(actor anyelement, map jsonb, ts timestamptz, event text, props jsonb) (
	SFUNC = funnel_onepass_map_transfn, STYPE = internal, FINALFUNC = funnel_onepass_finalfn,
	COMBINEFUNC = funnel_onepass_combine, SERIALFUNC = funnel_onepass_serialize,
	DESERIALFUNC = funnel_onepass_deserialize, PARALLEL = SAFE);

COMMENT ON FUNCTION funnel_onepass_map_transfn(internal, anyelement, text, timestamptz, text) IS 'transition function of funnel_counts(actor, map, ts, event)';
COMMENT ON FUNCTION funnel_onepass_map_transfn(internal, anyelement, text, timestamptz, text, jsonb) IS 'transition function of funnel_counts(actor, map, ts, event, props)';
COMMENT ON FUNCTION funnel_onepass_map_transfn(internal, anyelement, jsonb, timestamptz, text) IS 'transition function of funnel_counts(actor, map, ts, event)';
COMMENT ON FUNCTION funnel_onepass_map_transfn(internal, anyelement, jsonb, timestamptz, text, jsonb) IS 'transition function of funnel_counts(actor, map, ts, event, props)';
COMMENT ON AGGREGATE funnel_counts(anyelement, text, timestamptz, text) IS 'one-pass journey map: actors whose furthest stage is each stage or further, as furthest_stage(map, ts, event) over GROUP BY actor';
COMMENT ON AGGREGATE funnel_counts(anyelement, text, timestamptz, text, jsonb) IS 'one-pass journey map with properties: as furthest_stage(map, ts, event, props) over GROUP BY actor, counted per stage';
COMMENT ON AGGREGATE funnel_counts(anyelement, jsonb, timestamptz, text) IS 'one-pass journey map: actors whose furthest stage is each stage or further, as furthest_stage(map, ts, event) over GROUP BY actor';
COMMENT ON AGGREGATE funnel_counts(anyelement, jsonb, timestamptz, text, jsonb) IS 'one-pass journey map with properties: as furthest_stage(map, ts, event, props) over GROUP BY actor, counted per stage';

-- ---------- funnel_props: a property's value at each step of the reported chain ----------
--
-- funnel_props(prop, window, [mode,] ts, label, steps) and its conditions
-- form take window_funnel's arguments after the property (as
-- funnel_counts(actor, ...) takes them after the actor) and return text[]:
-- the property's value at each step of the chain funnel_times reports.
-- Non-strict: a NULL prop is a NULL value, a NULL condition or label
-- matches nothing, a NULL ts ignores the row.
CREATE FUNCTION funnel_props_combine(internal, internal) RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_props_serialize(internal) RETURNS bytea
AS 'MODULE_PATHNAME', 'funnel_props_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_props_deserialize(bytea, internal) RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_props_finalfn(internal) RETURNS text[]
AS 'MODULE_PATHNAME', 'funnel_props_finalfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION funnel_props_combine(internal, internal) IS 'combine function of funnel_props';
COMMENT ON FUNCTION funnel_props_serialize(internal) IS 'serialize function of funnel_props';
COMMENT ON FUNCTION funnel_props_deserialize(bytea, internal) IS 'deserialize function of funnel_props';
COMMENT ON FUNCTION funnel_props_finalfn(internal) IS 'final function of funnel_props';

CREATE FUNCTION funnel_props_transfn(internal, text, interval, timestamptz, VARIADIC "any") RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_props_transfn(internal, text, interval, timestamptz, text, text[]) RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_props_transfn(internal, text, interval, text, timestamptz, VARIADIC "any") RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_props_transfn(internal, text, interval, text, timestamptz, text, text[]) RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_props_transfn(internal, text, interval, timestamp, VARIADIC "any") RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_props_transfn(internal, text, interval, timestamp, text, text[]) RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_props_transfn(internal, text, interval, text, timestamp, VARIADIC "any") RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_props_transfn(internal, text, interval, text, timestamp, text, text[]) RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_props_transfn(internal, text, bigint, bigint, VARIADIC "any") RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_props_transfn(internal, text, bigint, bigint, text, text[]) RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_props_transfn(internal, text, bigint, text, bigint, VARIADIC "any") RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_props_transfn(internal, text, bigint, text, bigint, text, text[]) RETURNS internal
AS 'MODULE_PATHNAME', 'funnel_props_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- SSPACE: a typical actor's state (rows and values of a few events), so that
-- the planner does not plan a GROUP BY actor that spills to disk
CREATE AGGREGATE funnel_props(prop text, "window" interval, ts timestamptz, VARIADIC conds "any") (
	SFUNC = funnel_props_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_props_finalfn,
	COMBINEFUNC = funnel_props_combine, SERIALFUNC = funnel_props_serialize,
	DESERIALFUNC = funnel_props_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_props(prop text, "window" interval, ts timestamptz, label text, steps text[]) (
	SFUNC = funnel_props_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_props_finalfn,
	COMBINEFUNC = funnel_props_combine, SERIALFUNC = funnel_props_serialize,
	DESERIALFUNC = funnel_props_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_props(prop text, "window" interval, mode text, ts timestamptz, VARIADIC conds "any") (
	SFUNC = funnel_props_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_props_finalfn,
	COMBINEFUNC = funnel_props_combine, SERIALFUNC = funnel_props_serialize,
	DESERIALFUNC = funnel_props_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_props(prop text, "window" interval, mode text, ts timestamptz, label text, steps text[]) (
	SFUNC = funnel_props_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_props_finalfn,
	COMBINEFUNC = funnel_props_combine, SERIALFUNC = funnel_props_serialize,
	DESERIALFUNC = funnel_props_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_props(prop text, "window" interval, ts timestamp, VARIADIC conds "any") (
	SFUNC = funnel_props_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_props_finalfn,
	COMBINEFUNC = funnel_props_combine, SERIALFUNC = funnel_props_serialize,
	DESERIALFUNC = funnel_props_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_props(prop text, "window" interval, ts timestamp, label text, steps text[]) (
	SFUNC = funnel_props_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_props_finalfn,
	COMBINEFUNC = funnel_props_combine, SERIALFUNC = funnel_props_serialize,
	DESERIALFUNC = funnel_props_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_props(prop text, "window" interval, mode text, ts timestamp, VARIADIC conds "any") (
	SFUNC = funnel_props_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_props_finalfn,
	COMBINEFUNC = funnel_props_combine, SERIALFUNC = funnel_props_serialize,
	DESERIALFUNC = funnel_props_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_props(prop text, "window" interval, mode text, ts timestamp, label text, steps text[]) (
	SFUNC = funnel_props_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_props_finalfn,
	COMBINEFUNC = funnel_props_combine, SERIALFUNC = funnel_props_serialize,
	DESERIALFUNC = funnel_props_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_props(prop text, "window" bigint, ts bigint, VARIADIC conds "any") (
	SFUNC = funnel_props_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_props_finalfn,
	COMBINEFUNC = funnel_props_combine, SERIALFUNC = funnel_props_serialize,
	DESERIALFUNC = funnel_props_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_props(prop text, "window" bigint, ts bigint, label text, steps text[]) (
	SFUNC = funnel_props_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_props_finalfn,
	COMBINEFUNC = funnel_props_combine, SERIALFUNC = funnel_props_serialize,
	DESERIALFUNC = funnel_props_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_props(prop text, "window" bigint, mode text, ts bigint, VARIADIC conds "any") (
	SFUNC = funnel_props_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_props_finalfn,
	COMBINEFUNC = funnel_props_combine, SERIALFUNC = funnel_props_serialize,
	DESERIALFUNC = funnel_props_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_props(prop text, "window" bigint, mode text, ts bigint, label text, steps text[]) (
	SFUNC = funnel_props_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_props_finalfn,
	COMBINEFUNC = funnel_props_combine, SERIALFUNC = funnel_props_serialize,
	DESERIALFUNC = funnel_props_deserialize, PARALLEL = SAFE);
COMMENT ON FUNCTION funnel_props_transfn(internal, text, interval, timestamptz, VARIADIC "any") IS 'transition function of funnel_props';
COMMENT ON FUNCTION funnel_props_transfn(internal, text, interval, timestamptz, text, text[]) IS 'transition function of funnel_props, label form';
COMMENT ON FUNCTION funnel_props_transfn(internal, text, interval, text, timestamptz, VARIADIC "any") IS 'transition function of funnel_props';
COMMENT ON FUNCTION funnel_props_transfn(internal, text, interval, text, timestamptz, text, text[]) IS 'transition function of funnel_props, label form';
COMMENT ON FUNCTION funnel_props_transfn(internal, text, interval, timestamp, VARIADIC "any") IS 'transition function of funnel_props';
COMMENT ON FUNCTION funnel_props_transfn(internal, text, interval, timestamp, text, text[]) IS 'transition function of funnel_props, label form';
COMMENT ON FUNCTION funnel_props_transfn(internal, text, interval, text, timestamp, VARIADIC "any") IS 'transition function of funnel_props';
COMMENT ON FUNCTION funnel_props_transfn(internal, text, interval, text, timestamp, text, text[]) IS 'transition function of funnel_props, label form';
COMMENT ON FUNCTION funnel_props_transfn(internal, text, bigint, bigint, VARIADIC "any") IS 'transition function of funnel_props';
COMMENT ON FUNCTION funnel_props_transfn(internal, text, bigint, bigint, text, text[]) IS 'transition function of funnel_props, label form';
COMMENT ON FUNCTION funnel_props_transfn(internal, text, bigint, text, bigint, VARIADIC "any") IS 'transition function of funnel_props';
COMMENT ON FUNCTION funnel_props_transfn(internal, text, bigint, text, bigint, text, text[]) IS 'transition function of funnel_props, label form';
COMMENT ON AGGREGATE funnel_props(text, interval, timestamptz, VARIADIC "any") IS 'value of the property at each step of the chain funnel_times reports';
COMMENT ON AGGREGATE funnel_props(text, interval, timestamptz, text, text[]) IS 'value of the property at each step of the chain funnel_times reports (steps named by label)';
COMMENT ON AGGREGATE funnel_props(text, interval, text, timestamptz, VARIADIC "any") IS 'value of the property at each step of the chain funnel_times reports, with a mode';
COMMENT ON AGGREGATE funnel_props(text, interval, text, timestamptz, text, text[]) IS 'value of the property at each step of the chain funnel_times reports (steps named by label), with a mode';
COMMENT ON AGGREGATE funnel_props(text, interval, timestamp, VARIADIC "any") IS 'value of the property at each step of the chain funnel_times reports';
COMMENT ON AGGREGATE funnel_props(text, interval, timestamp, text, text[]) IS 'value of the property at each step of the chain funnel_times reports (steps named by label)';
COMMENT ON AGGREGATE funnel_props(text, interval, text, timestamp, VARIADIC "any") IS 'value of the property at each step of the chain funnel_times reports, with a mode';
COMMENT ON AGGREGATE funnel_props(text, interval, text, timestamp, text, text[]) IS 'value of the property at each step of the chain funnel_times reports (steps named by label), with a mode';
COMMENT ON AGGREGATE funnel_props(text, bigint, bigint, VARIADIC "any") IS 'value of the property at each step of the chain funnel_times reports, timestamps and window in one integer unit';
COMMENT ON AGGREGATE funnel_props(text, bigint, bigint, text, text[]) IS 'value of the property at each step of the chain funnel_times reports (steps named by label), timestamps and window in one integer unit';
COMMENT ON AGGREGATE funnel_props(text, bigint, text, bigint, VARIADIC "any") IS 'value of the property at each step of the chain funnel_times reports, with a mode, timestamps and window in one integer unit';
COMMENT ON AGGREGATE funnel_props(text, bigint, text, bigint, text, text[]) IS 'value of the property at each step of the chain funnel_times reports (steps named by label), with a mode, timestamps and window in one integer unit';

-- ---------- conversion trends by entry period, duration histograms ----------

CREATE TYPE funnel_trend_summary;
CREATE FUNCTION funnel_trend_summary_in(cstring) RETURNS funnel_trend_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_trend_summary_out(funnel_trend_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_trend_summary_recv(internal) RETURNS funnel_trend_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_trend_summary_send(funnel_trend_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE funnel_trend_summary (
	INPUT = funnel_trend_summary_in, OUTPUT = funnel_trend_summary_out,
	RECEIVE = funnel_trend_summary_recv, SEND = funnel_trend_summary_send,
	INTERNALLENGTH = VARIABLE, STORAGE = extended);
COMMENT ON TYPE funnel_trend_summary IS 'per entry period: the entrants and how many reached each funnel step from their entry (what funnel_trend reports from)';
COMMENT ON FUNCTION funnel_trend_summary_in(cstring) IS 'input function of funnel_trend_summary (base64 of its bytes)';
COMMENT ON FUNCTION funnel_trend_summary_out(funnel_trend_summary) IS 'output function of funnel_trend_summary (base64 of its bytes)';
COMMENT ON FUNCTION funnel_trend_summary_recv(internal) IS 'binary input function of funnel_trend_summary';
COMMENT ON FUNCTION funnel_trend_summary_send(funnel_trend_summary) IS 'binary output function of funnel_trend_summary';

-- the transition functions are not strict: a NULL ts ignores the row, a NULL
-- condition or label is false (as in window_funnel)
CREATE FUNCTION funnel_trend_transfn(internal, text, interval, timestamptz, text, text[])
	RETURNS internal AS 'MODULE_PATHNAME', 'funnel_trend_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_trend_transfn(internal, text, interval, text, timestamptz, text, text[])
	RETURNS internal AS 'MODULE_PATHNAME', 'funnel_trend_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_trend_transfn(internal, text, interval, timestamptz, VARIADIC "any")
	RETURNS internal AS 'MODULE_PATHNAME', 'funnel_trend_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_trend_transfn(internal, text, interval, text, timestamptz, VARIADIC "any")
	RETURNS internal AS 'MODULE_PATHNAME', 'funnel_trend_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_trend_transfn(internal, bigint, bigint, bigint, text, text[])
	RETURNS internal AS 'MODULE_PATHNAME', 'funnel_trend_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_trend_transfn(internal, bigint, bigint, text, bigint, text, text[])
	RETURNS internal AS 'MODULE_PATHNAME', 'funnel_trend_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_trend_transfn(internal, bigint, bigint, bigint, VARIADIC "any")
	RETURNS internal AS 'MODULE_PATHNAME', 'funnel_trend_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_trend_transfn(internal, bigint, bigint, text, bigint, VARIADIC "any")
	RETURNS internal AS 'MODULE_PATHNAME', 'funnel_trend_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_trend_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_trend_serialize(internal)
	RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_trend_deserialize(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- STABLE: a period of timestamptz time is date_trunc in the session's TimeZone
CREATE FUNCTION funnel_trend_finalfn(internal)
	RETURNS funnel_trend_summary AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION funnel_trend_transfn(internal, text, interval, timestamptz, text, text[]) IS 'transition function of funnel_trend_agg(period, window, ts, label, steps)';
COMMENT ON FUNCTION funnel_trend_transfn(internal, text, interval, text, timestamptz, text, text[]) IS 'transition function of funnel_trend_agg(period, window, mode, ts, label, steps)';
COMMENT ON FUNCTION funnel_trend_transfn(internal, text, interval, timestamptz, "any") IS 'transition function of funnel_trend_agg(period, window, ts, VARIADIC cond)';
COMMENT ON FUNCTION funnel_trend_transfn(internal, text, interval, text, timestamptz, "any") IS 'transition function of funnel_trend_agg(period, window, mode, ts, VARIADIC cond)';
COMMENT ON FUNCTION funnel_trend_transfn(internal, bigint, bigint, bigint, text, text[]) IS 'transition function of funnel_trend_agg(period, window, ts, label, steps) over bigint time';
COMMENT ON FUNCTION funnel_trend_transfn(internal, bigint, bigint, text, bigint, text, text[]) IS 'transition function of funnel_trend_agg(period, window, mode, ts, label, steps) over bigint time';
COMMENT ON FUNCTION funnel_trend_transfn(internal, bigint, bigint, bigint, "any") IS 'transition function of funnel_trend_agg(period, window, ts, VARIADIC cond) over bigint time';
COMMENT ON FUNCTION funnel_trend_transfn(internal, bigint, bigint, text, bigint, "any") IS 'transition function of funnel_trend_agg(period, window, mode, ts, VARIADIC cond) over bigint time';
COMMENT ON FUNCTION funnel_trend_combine(internal, internal) IS 'combine function of funnel_trend_agg: appends the events of two partial states of one actor';
COMMENT ON FUNCTION funnel_trend_serialize(internal) IS 'serialize function of funnel_trend_agg';
COMMENT ON FUNCTION funnel_trend_deserialize(bytea, internal) IS 'deserialize function of funnel_trend_agg';
COMMENT ON FUNCTION funnel_trend_finalfn(internal) IS 'final function of funnel_trend_agg: the actor''s entry per period and the level reached from it';

-- SSPACE: a typical actor's state (header and a few 16-byte events), so
-- that the planner hashes actors instead of sorting them
CREATE AGGREGATE funnel_trend_agg(period text, "window" interval, ts timestamptz, label text, steps text[]) (
	SFUNC = funnel_trend_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_trend_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = funnel_trend_combine,
	SERIALFUNC = funnel_trend_serialize, DESERIALFUNC = funnel_trend_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE funnel_trend_agg(period text, "window" interval, mode text, ts timestamptz, label text, steps text[]) (
	SFUNC = funnel_trend_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_trend_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = funnel_trend_combine,
	SERIALFUNC = funnel_trend_serialize, DESERIALFUNC = funnel_trend_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE funnel_trend_agg(period text, "window" interval, ts timestamptz, VARIADIC cond "any") (
	SFUNC = funnel_trend_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_trend_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = funnel_trend_combine,
	SERIALFUNC = funnel_trend_serialize, DESERIALFUNC = funnel_trend_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE funnel_trend_agg(period text, "window" interval, mode text, ts timestamptz, VARIADIC cond "any") (
	SFUNC = funnel_trend_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_trend_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = funnel_trend_combine,
	SERIALFUNC = funnel_trend_serialize, DESERIALFUNC = funnel_trend_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE funnel_trend_agg(period bigint, "window" bigint, ts bigint, label text, steps text[]) (
	SFUNC = funnel_trend_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_trend_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = funnel_trend_combine,
	SERIALFUNC = funnel_trend_serialize, DESERIALFUNC = funnel_trend_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE funnel_trend_agg(period bigint, "window" bigint, mode text, ts bigint, label text, steps text[]) (
	SFUNC = funnel_trend_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_trend_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = funnel_trend_combine,
	SERIALFUNC = funnel_trend_serialize, DESERIALFUNC = funnel_trend_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE funnel_trend_agg(period bigint, "window" bigint, ts bigint, VARIADIC cond "any") (
	SFUNC = funnel_trend_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_trend_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = funnel_trend_combine,
	SERIALFUNC = funnel_trend_serialize, DESERIALFUNC = funnel_trend_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE funnel_trend_agg(period bigint, "window" bigint, mode text, ts bigint, VARIADIC cond "any") (
	SFUNC = funnel_trend_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_trend_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = funnel_trend_combine,
	SERIALFUNC = funnel_trend_serialize, DESERIALFUNC = funnel_trend_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_trend_agg(text, interval, timestamptz, text, text[]) IS 'per actor: for each day, week or month, the first step-1 event in it and the funnel level reached from it within the window';
COMMENT ON AGGREGATE funnel_trend_agg(text, interval, text, timestamptz, text, text[]) IS 'per actor, with a funnel mode: for each day, week or month, the first step-1 event in it and the level reached from it';
COMMENT ON AGGREGATE funnel_trend_agg(text, interval, timestamptz, "any") IS 'per actor, over conditions: for each day, week or month, the first step-1 event in it and the level reached from it';
COMMENT ON AGGREGATE funnel_trend_agg(text, interval, text, timestamptz, "any") IS 'per actor, over conditions with a mode: for each day, week or month, the first step-1 event in it and the level reached from it';
COMMENT ON AGGREGATE funnel_trend_agg(bigint, bigint, bigint, text, text[]) IS 'per actor, bigint time: for each period of the given width, the first step-1 event in it and the level reached from it';
COMMENT ON AGGREGATE funnel_trend_agg(bigint, bigint, text, bigint, text, text[]) IS 'per actor, bigint time, with a mode: for each period of the given width, the first step-1 event in it and the level reached from it';
COMMENT ON AGGREGATE funnel_trend_agg(bigint, bigint, bigint, "any") IS 'per actor, bigint time, over conditions: for each period of the given width, the first step-1 event in it and the level reached from it';
COMMENT ON AGGREGATE funnel_trend_agg(bigint, bigint, text, bigint, "any") IS 'per actor, bigint time, over conditions with a mode: for each period of the given width, the first step-1 event in it and the level reached from it';

CREATE FUNCTION funnel_trend_rollup_transfn(internal, funnel_trend_summary)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_trend_rollup_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_trend_rollup_serialize(internal)
	RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_trend_rollup_deserialize(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_trend_rollup_finalfn(internal)
	RETURNS funnel_trend_summary AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION funnel_trend_rollup_transfn(internal, funnel_trend_summary) IS 'transition function of rollup(funnel_trend_summary)';
COMMENT ON FUNCTION funnel_trend_rollup_combine(internal, internal) IS 'combine function of rollup(funnel_trend_summary)';
COMMENT ON FUNCTION funnel_trend_rollup_serialize(internal) IS 'serialize function of rollup(funnel_trend_summary)';
COMMENT ON FUNCTION funnel_trend_rollup_deserialize(bytea, internal) IS 'deserialize function of rollup(funnel_trend_summary)';
COMMENT ON FUNCTION funnel_trend_rollup_finalfn(internal) IS 'final function of rollup(funnel_trend_summary)';
CREATE AGGREGATE rollup(funnel_trend_summary) (
	SFUNC = funnel_trend_rollup_transfn, STYPE = internal,
	FINALFUNC = funnel_trend_rollup_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = funnel_trend_rollup_combine,
	SERIALFUNC = funnel_trend_rollup_serialize, DESERIALFUNC = funnel_trend_rollup_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE rollup(funnel_trend_summary) IS 'merge funnel trend summaries of disjoint actors: counts added per period, the latest data end';

-- not STRICT: a NULL step is the last step, a NULL data_end the latest
-- timestamp the summary saw; a NULL summary gives no rows
CREATE FUNCTION funnel_trend(summary funnel_trend_summary, step int DEFAULT NULL,
	confidence float8 DEFAULT 0.95, data_end timestamptz DEFAULT NULL)
RETURNS TABLE(period_start timestamptz, period_end timestamptz, entrants bigint, converters bigint,
	rate float8, ci_low float8, ci_high float8, complete boolean)
AS 'MODULE_PATHNAME', 'funnel_trend_report' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION funnel_trend_bigint(summary funnel_trend_summary, step int DEFAULT NULL,
	confidence float8 DEFAULT 0.95, data_end bigint DEFAULT NULL)
RETURNS TABLE(period_start bigint, period_end bigint, entrants bigint, converters bigint,
	rate float8, ci_low float8, ci_high float8, complete boolean)
AS 'MODULE_PATHNAME', 'funnel_trend_report_bigint' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION funnel_trend(funnel_trend_summary, int, float8, timestamptz) IS 'conversion by entry period: entrants, converters (reached step), rate, Wilson interval, and whether the period''s conversion window closed before the data end';
COMMENT ON FUNCTION funnel_trend_bigint(funnel_trend_summary, int, float8, bigint) IS 'conversion by entry period of a summary of bigint time (funnel_trend''s columns with bigint periods)';

-- not STRICT: NULL bins is the automatic count; NULL durations give no rows
CREATE FUNCTION duration_histogram(durations interval[], bins int DEFAULT NULL)
RETURNS TABLE(bin int, bin_start interval, bin_end interval, actors bigint)
AS 'MODULE_PATHNAME', 'duration_histogram_interval' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION duration_histogram(durations bigint[], bins int DEFAULT NULL)
RETURNS TABLE(bin int, bin_start bigint, bin_end bigint, actors bigint)
AS 'MODULE_PATHNAME', 'duration_histogram_bigint' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION duration_histogram(interval[], int) IS 'equal-width histogram of durations from the shortest to the longest: bins given or least(60, greatest(1, ceil(cbrt(n))))';
COMMENT ON FUNCTION duration_histogram(bigint[], int) IS 'equal-width histogram of bigint durations from the shortest to the longest: bins given or least(60, greatest(1, ceil(cbrt(n))))';

-- ---------- funnel modes: any_order, totals (funnel_attempts), per-step gaps (issue 13) ----------

-- funnel_attempts: every non-overlapping attempt of an actor counts (the
-- totals mode); the window_funnel transition, combine and serial functions
-- with a final function of its own.
CREATE FUNCTION funnel_attempts_finalfn(internal)
RETURNS bigint[] AS 'MODULE_PATHNAME', 'funnel_attempts_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION funnel_attempts_finalfn(internal) IS 'final function of funnel_attempts';
CREATE AGGREGATE funnel_attempts("window" interval, ts timestamptz, VARIADIC cond "any") (
	SFUNC = window_funnel_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_finalfn, COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize, DESERIALFUNC = funnel_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(interval, timestamptz, "any") IS 'attempts of an actor reaching each step: every non-overlapping conversion counts (totals)';
CREATE AGGREGATE funnel_attempts("window" interval, ts timestamptz, label text, steps text[]) (
	SFUNC = window_funnel_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_finalfn, COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize, DESERIALFUNC = funnel_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(interval, timestamptz, text, text[]) IS 'attempts of an actor reaching each step, steps named by label: every non-overlapping conversion counts (totals)';
CREATE AGGREGATE funnel_attempts("window" interval, mode text, ts timestamptz, VARIADIC cond "any") (
	SFUNC = window_funnel_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_finalfn, COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize, DESERIALFUNC = funnel_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(interval, text, timestamptz, "any") IS 'attempts of an actor reaching each step: every non-overlapping conversion counts (totals)';
CREATE AGGREGATE funnel_attempts("window" interval, mode text, ts timestamptz, label text, steps text[]) (
	SFUNC = window_funnel_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_finalfn, COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize, DESERIALFUNC = funnel_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(interval, text, timestamptz, text, text[]) IS 'attempts of an actor reaching each step, steps named by label: every non-overlapping conversion counts (totals)';
CREATE AGGREGATE funnel_attempts("window" interval, ts timestamp, VARIADIC cond "any") (
	SFUNC = window_funnel_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_finalfn, COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize, DESERIALFUNC = funnel_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(interval, timestamp, "any") IS 'attempts of an actor reaching each step: every non-overlapping conversion counts (totals)';
CREATE AGGREGATE funnel_attempts("window" interval, ts timestamp, label text, steps text[]) (
	SFUNC = window_funnel_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_finalfn, COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize, DESERIALFUNC = funnel_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(interval, timestamp, text, text[]) IS 'attempts of an actor reaching each step, steps named by label: every non-overlapping conversion counts (totals)';
CREATE AGGREGATE funnel_attempts("window" interval, mode text, ts timestamp, VARIADIC cond "any") (
	SFUNC = window_funnel_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_finalfn, COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize, DESERIALFUNC = funnel_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(interval, text, timestamp, "any") IS 'attempts of an actor reaching each step: every non-overlapping conversion counts (totals)';
CREATE AGGREGATE funnel_attempts("window" interval, mode text, ts timestamp, label text, steps text[]) (
	SFUNC = window_funnel_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_finalfn, COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize, DESERIALFUNC = funnel_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(interval, text, timestamp, text, text[]) IS 'attempts of an actor reaching each step, steps named by label: every non-overlapping conversion counts (totals)';
CREATE AGGREGATE funnel_attempts("window" bigint, ts bigint, VARIADIC cond "any") (
	SFUNC = window_funnel_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_finalfn, COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize, DESERIALFUNC = funnel_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(bigint, bigint, "any") IS 'attempts of an actor reaching each step: every non-overlapping conversion counts (totals)';
CREATE AGGREGATE funnel_attempts("window" bigint, ts bigint, label text, steps text[]) (
	SFUNC = window_funnel_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_finalfn, COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize, DESERIALFUNC = funnel_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(bigint, bigint, text, text[]) IS 'attempts of an actor reaching each step, steps named by label: every non-overlapping conversion counts (totals)';
CREATE AGGREGATE funnel_attempts("window" bigint, mode text, ts bigint, VARIADIC cond "any") (
	SFUNC = window_funnel_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_finalfn, COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize, DESERIALFUNC = funnel_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(bigint, text, bigint, "any") IS 'attempts of an actor reaching each step: every non-overlapping conversion counts (totals)';
CREATE AGGREGATE funnel_attempts("window" bigint, mode text, ts bigint, label text, steps text[]) (
	SFUNC = window_funnel_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_finalfn, COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize, DESERIALFUNC = funnel_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(bigint, text, bigint, text, text[]) IS 'attempts of an actor reaching each step, steps named by label: every non-overlapping conversion counts (totals)';
CREATE FUNCTION funnel_attempts(journey, "window" interval, steps text[], mode text DEFAULT '') RETURNS bigint[]
AS 'MODULE_PATHNAME', 'funnel_attempts_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION funnel_attempts(journey, interval, text[], text) IS 'funnel_attempts over a stored journey, steps named by label';

-- per-step gaps over raw events: (window, mode, ts, label, steps, gaps
-- interval[]); the state carries the gaps (byte form version 2).
CREATE FUNCTION funnel_gaps_transfn(internal, interval, text, timestamptz, text, text[], interval[])
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_gaps_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;	-- not STRICT: NULL rows are skipped, NULL parameters are errors
COMMENT ON FUNCTION funnel_gaps_transfn(internal, interval, text, timestamptz, text, text[], interval[]) IS 'transition function of window_funnel, funnel_times and funnel_attempts with per-step gaps';
CREATE FUNCTION funnel_gaps_transfn(internal, interval, text, timestamp, text, text[], interval[])
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_gaps_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;	-- not STRICT: NULL rows are skipped, NULL parameters are errors
COMMENT ON FUNCTION funnel_gaps_transfn(internal, interval, text, timestamp, text, text[], interval[]) IS 'transition function of window_funnel, funnel_times and funnel_attempts with per-step gaps';
CREATE FUNCTION funnel_gaps_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_gaps_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_gaps_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME', 'funnel_gaps_serialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_gaps_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_gaps_deserialize'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION window_funnel_gaps_finalfn(internal)
RETURNS int AS 'MODULE_PATHNAME', 'window_funnel_gaps_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_times_gaps_finalfn(internal)
RETURNS timestamptz[] AS 'MODULE_PATHNAME', 'funnel_times_gaps_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_times_gaps_ts_finalfn(internal)
RETURNS timestamp[] AS 'MODULE_PATHNAME', 'funnel_times_gaps_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_attempts_gaps_finalfn(internal)
RETURNS bigint[] AS 'MODULE_PATHNAME', 'funnel_attempts_gaps_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION funnel_gaps_combine(internal, internal) IS 'combine function of the funnel aggregates with per-step gaps';
COMMENT ON FUNCTION funnel_gaps_serialize(internal) IS 'serialize function of the funnel aggregates with per-step gaps';
COMMENT ON FUNCTION funnel_gaps_deserialize(bytea, internal) IS 'deserialize function of the funnel aggregates with per-step gaps';
COMMENT ON FUNCTION window_funnel_gaps_finalfn(internal) IS 'final function of window_funnel with per-step gaps';
COMMENT ON FUNCTION funnel_times_gaps_finalfn(internal) IS 'final function of funnel_times with per-step gaps over timestamptz';
COMMENT ON FUNCTION funnel_times_gaps_ts_finalfn(internal) IS 'final function of funnel_times with per-step gaps over timestamp';
COMMENT ON FUNCTION funnel_attempts_gaps_finalfn(internal) IS 'final function of funnel_attempts with per-step gaps';
CREATE AGGREGATE window_funnel("window" interval, mode text, ts timestamptz, label text, steps text[], gaps interval[]) (
	SFUNC = funnel_gaps_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = window_funnel_gaps_finalfn, COMBINEFUNC = funnel_gaps_combine,
	SERIALFUNC = funnel_gaps_serialize, DESERIALFUNC = funnel_gaps_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE window_funnel(interval, text, timestamptz, text, text[], interval[]) IS 'window_funnel with per-step gaps: gaps[k] is the most time between step k and step k + 1 (level reached)';
CREATE AGGREGATE funnel_times("window" interval, mode text, ts timestamptz, label text, steps text[], gaps interval[]) (
	SFUNC = funnel_gaps_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_times_gaps_finalfn, COMBINEFUNC = funnel_gaps_combine,
	SERIALFUNC = funnel_gaps_serialize, DESERIALFUNC = funnel_gaps_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_times(interval, text, timestamptz, text, text[], interval[]) IS 'funnel_times with per-step gaps: gaps[k] is the most time between step k and step k + 1 (step timestamps of the reported chain)';
CREATE AGGREGATE funnel_attempts("window" interval, mode text, ts timestamptz, label text, steps text[], gaps interval[]) (
	SFUNC = funnel_gaps_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_gaps_finalfn, COMBINEFUNC = funnel_gaps_combine,
	SERIALFUNC = funnel_gaps_serialize, DESERIALFUNC = funnel_gaps_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(interval, text, timestamptz, text, text[], interval[]) IS 'funnel_attempts with per-step gaps: gaps[k] is the most time between step k and step k + 1 (attempts reaching each step)';
CREATE AGGREGATE window_funnel("window" interval, mode text, ts timestamp, label text, steps text[], gaps interval[]) (
	SFUNC = funnel_gaps_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = window_funnel_gaps_finalfn, COMBINEFUNC = funnel_gaps_combine,
	SERIALFUNC = funnel_gaps_serialize, DESERIALFUNC = funnel_gaps_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE window_funnel(interval, text, timestamp, text, text[], interval[]) IS 'window_funnel with per-step gaps: gaps[k] is the most time between step k and step k + 1 (level reached)';
CREATE AGGREGATE funnel_times("window" interval, mode text, ts timestamp, label text, steps text[], gaps interval[]) (
	SFUNC = funnel_gaps_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_times_gaps_ts_finalfn, COMBINEFUNC = funnel_gaps_combine,
	SERIALFUNC = funnel_gaps_serialize, DESERIALFUNC = funnel_gaps_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_times(interval, text, timestamp, text, text[], interval[]) IS 'funnel_times with per-step gaps: gaps[k] is the most time between step k and step k + 1 (step timestamps of the reported chain)';
CREATE AGGREGATE funnel_attempts("window" interval, mode text, ts timestamp, label text, steps text[], gaps interval[]) (
	SFUNC = funnel_gaps_transfn, STYPE = internal, SSPACE = 256,
	FINALFUNC = funnel_attempts_gaps_finalfn, COMBINEFUNC = funnel_gaps_combine,
	SERIALFUNC = funnel_gaps_serialize, DESERIALFUNC = funnel_gaps_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_attempts(interval, text, timestamp, text, text[], interval[]) IS 'funnel_attempts with per-step gaps: gaps[k] is the most time between step k and step k + 1 (attempts reaching each step)';
CREATE FUNCTION funnel_onepass_transfn(internal, anyelement, interval, text, timestamptz, text, text[], interval[])
RETURNS internal AS 'MODULE_PATHNAME', 'funnel_onepass_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION funnel_onepass_transfn(internal, anyelement, interval, text, timestamptz, text, text[], interval[]) IS 'transition function of funnel_counts(actor, window, mode, ts, label, steps, gaps)';
CREATE AGGREGATE funnel_counts(actor anyelement, "window" interval, mode text, ts timestamptz, label text, steps text[], gaps interval[]) (
	SFUNC = funnel_onepass_transfn, STYPE = internal, FINALFUNC = funnel_onepass_finalfn,
	COMBINEFUNC = funnel_onepass_combine, SERIALFUNC = funnel_onepass_serialize,
	DESERIALFUNC = funnel_onepass_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_counts(anyelement, interval, text, timestamptz, text, text[], interval[]) IS 'one-pass funnel with per-step gaps: as funnel_counts(window_funnel(window, mode, ts, label, steps, gaps), nsteps) over GROUP BY actor';

-- funnel_report over a range of steps (the 0.1.0 signature stays as it is)
CREATE FUNCTION funnel_report(counts bigint[], names text[], confidence float8,
							  from_step int, to_step int DEFAULT NULL)
RETURNS TABLE (step int, name text, actors bigint, conversion float8,
			   step_conversion float8, dropped bigint, ci_low float8, ci_high float8)
AS 'MODULE_PATHNAME', 'funnel_report'
LANGUAGE C IMMUTABLE PARALLEL SAFE	-- not STRICT: names and to_step may be NULL
ROWS 8;
COMMENT ON FUNCTION funnel_report(bigint[], text[], float8, int, int) IS 'funnel_report for steps from_step .. to_step (NULL: the last), conversion measured from from_step';

-- ---------- per-step gaps over stored journeys ----------
-- (journey, window, steps, mode, gaps interval[]): the label form's gaps
-- over a stored journey; the same C functions read the fifth argument.
CREATE FUNCTION window_funnel(journey, "window" interval, steps text[], mode text, gaps interval[]) RETURNS int
AS 'MODULE_PATHNAME', 'window_funnel_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_times(journey, "window" interval, steps text[], mode text, gaps interval[]) RETURNS timestamptz[]
AS 'MODULE_PATHNAME', 'funnel_times_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_attempts(journey, "window" interval, steps text[], mode text, gaps interval[]) RETURNS bigint[]
AS 'MODULE_PATHNAME', 'funnel_attempts_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION window_funnel(journey, interval, text[], text, interval[]) IS 'window_funnel over a stored journey with per-step gaps (gap k: most time between step k and k + 1)';
COMMENT ON FUNCTION funnel_times(journey, interval, text[], text, interval[]) IS 'funnel_times over a stored journey with per-step gaps';
COMMENT ON FUNCTION funnel_attempts(journey, interval, text[], text, interval[]) IS 'funnel_attempts over a stored journey with per-step gaps';

-- ---------- conversion trends over stored journeys ----------
-- funnel_trend_agg(journey, period, window, steps, mode): one journey's
-- trend summary (as funnel_trend_agg over its touches; its data end is the
-- last touch), to roll up with rollup(funnel_trend_summary).  STABLE: the
-- periods follow the session's time zone.
CREATE FUNCTION funnel_trend_agg(journey, period text, "window" interval, steps text[], mode text DEFAULT '')
RETURNS funnel_trend_summary
AS 'MODULE_PATHNAME', 'funnel_trend_journey' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION funnel_trend_agg(journey, text, interval, text[], text) IS 'conversion trend summary of one stored journey: its first step-1 touch per period and the level reached from it';

-- ---------- conversion drivers (funnel correlation) ----------
--
-- Two steps: funnel_features per actor (GROUP BY actor) returns what the
-- actor saw in its funnel window (actor_features); driver_agg counts those
-- rows into a driver_summary (rollup merges summaries); conversion_drivers
-- reports one 2x2 table per feature with the odds ratio, its Woolf interval,
-- Fisher's exact p-value and the Benjamini-Hochberg q-value.  See
-- docs/drivers.md.

CREATE TYPE actor_features AS (reached bool, converted bool, features text[]);
COMMENT ON TYPE actor_features IS 'one actor in a funnel: reached step 1, reached to_step, and the distinct features seen in its funnel window';

CREATE TYPE driver_summary;
CREATE FUNCTION driver_summary_in(cstring) RETURNS driver_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION driver_summary_out(driver_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION driver_summary_recv(internal) RETURNS driver_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION driver_summary_send(driver_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE driver_summary (
	INPUT = driver_summary_in, OUTPUT = driver_summary_out,
	RECEIVE = driver_summary_recv, SEND = driver_summary_send,
	INTERNALLENGTH = VARIABLE, STORAGE = extended);
COMMENT ON TYPE driver_summary IS 'per feature: the converters and non-converters that saw it, and the totals of both (what conversion_drivers reports from)';
COMMENT ON FUNCTION driver_summary_in(cstring) IS 'input function of driver_summary (base64 of its bytes)';
COMMENT ON FUNCTION driver_summary_out(driver_summary) IS 'output function of driver_summary (base64 of its bytes)';
COMMENT ON FUNCTION driver_summary_recv(internal) IS 'binary input function of driver_summary';
COMMENT ON FUNCTION driver_summary_send(driver_summary) IS 'binary output function of driver_summary';

-- the transition functions are not strict: a NULL ts ignores the row, a NULL
-- label names no step, NULL feature elements are skipped
CREATE FUNCTION funnel_features_transfn(internal, interval, timestamptz, text, text[], int)
	RETURNS internal AS 'MODULE_PATHNAME', 'funnel_features_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_features_transfn(internal, interval, text, timestamptz, text, text[], int)
	RETURNS internal AS 'MODULE_PATHNAME', 'funnel_features_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_features_transfn(internal, interval, timestamptz, text, text[], int, text[])
	RETURNS internal AS 'MODULE_PATHNAME', 'funnel_features_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_features_transfn(internal, interval, text, timestamptz, text, text[], int, text[])
	RETURNS internal AS 'MODULE_PATHNAME', 'funnel_features_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_features_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'funnel_features_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION funnel_features_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'funnel_features_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_features_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'funnel_features_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION funnel_features_finalfn(internal) RETURNS actor_features
	AS 'MODULE_PATHNAME', 'funnel_features_finalfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION funnel_features_transfn(internal, interval, timestamptz, text, text[], int) IS 'transition function of funnel_features (labels as features)';
COMMENT ON FUNCTION funnel_features_transfn(internal, interval, text, timestamptz, text, text[], int) IS 'transition function of funnel_features with a mode (labels as features)';
COMMENT ON FUNCTION funnel_features_transfn(internal, interval, timestamptz, text, text[], int, text[]) IS 'transition function of funnel_features';
COMMENT ON FUNCTION funnel_features_transfn(internal, interval, text, timestamptz, text, text[], int, text[]) IS 'transition function of funnel_features with a mode';
COMMENT ON FUNCTION funnel_features_combine(internal, internal) IS 'combine function of funnel_features';
COMMENT ON FUNCTION funnel_features_serialize(internal) IS 'serialize function of funnel_features';
COMMENT ON FUNCTION funnel_features_deserialize(bytea, internal) IS 'deserialize function of funnel_features';
COMMENT ON FUNCTION funnel_features_finalfn(internal) IS 'final function of funnel_features';

-- SSPACE: a typical actor's state (a few events and feature rows)
CREATE AGGREGATE funnel_features("window" interval, ts timestamptz, label text, steps text[], to_step int) (
	SFUNC = funnel_features_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_features_finalfn,
	COMBINEFUNC = funnel_features_combine, SERIALFUNC = funnel_features_serialize,
	DESERIALFUNC = funnel_features_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_features("window" interval, mode text, ts timestamptz, label text, steps text[], to_step int) (
	SFUNC = funnel_features_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_features_finalfn,
	COMBINEFUNC = funnel_features_combine, SERIALFUNC = funnel_features_serialize,
	DESERIALFUNC = funnel_features_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_features("window" interval, ts timestamptz, label text, steps text[], to_step int, VARIADIC features text[]) (
	SFUNC = funnel_features_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_features_finalfn,
	COMBINEFUNC = funnel_features_combine, SERIALFUNC = funnel_features_serialize,
	DESERIALFUNC = funnel_features_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE funnel_features("window" interval, mode text, ts timestamptz, label text, steps text[], to_step int, VARIADIC features text[]) (
	SFUNC = funnel_features_transfn, STYPE = internal, SSPACE = 256, FINALFUNC = funnel_features_finalfn,
	COMBINEFUNC = funnel_features_combine, SERIALFUNC = funnel_features_serialize,
	DESERIALFUNC = funnel_features_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE funnel_features(interval, timestamptz, text, text[], int) IS 'per actor: reached step 1, reached to_step, and the labels (not steps) seen in the funnel window';
COMMENT ON AGGREGATE funnel_features(interval, text, timestamptz, text, text[], int) IS 'per actor: reached step 1, reached to_step, and the labels (not steps) seen in the funnel window, with a mode';
COMMENT ON AGGREGATE funnel_features(interval, timestamptz, text, text[], int, text[]) IS 'per actor: reached step 1, reached to_step, and the features (not steps) seen in the funnel window';
COMMENT ON AGGREGATE funnel_features(interval, text, timestamptz, text, text[], int, text[]) IS 'per actor: reached step 1, reached to_step, and the features (not steps) seen in the funnel window, with a mode';

CREATE FUNCTION funnel_features(journey, to_step int, "window" interval, steps text[], mode text DEFAULT '')
RETURNS actor_features
AS 'MODULE_PATHNAME', 'funnel_features_journey' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION funnel_features(journey, int, interval, text[], text) IS 'funnel_features over a stored journey: its labels that are not steps are the features';

CREATE FUNCTION driver_agg_transfn(internal, actor_features) RETURNS internal
	AS 'MODULE_PATHNAME', 'driver_agg_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION driver_summary_rollup_transfn(internal, driver_summary) RETURNS internal
	AS 'MODULE_PATHNAME', 'driver_summary_rollup_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION driver_agg_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'driver_agg_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION driver_agg_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME', 'driver_agg_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION driver_agg_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME', 'driver_agg_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION driver_agg_finalfn(internal) RETURNS driver_summary
	AS 'MODULE_PATHNAME', 'driver_agg_finalfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION driver_agg_transfn(internal, actor_features) IS 'transition function of driver_agg';
COMMENT ON FUNCTION driver_summary_rollup_transfn(internal, driver_summary) IS 'transition function of rollup(driver_summary)';
COMMENT ON FUNCTION driver_agg_combine(internal, internal) IS 'combine function of driver_agg and rollup(driver_summary)';
COMMENT ON FUNCTION driver_agg_serialize(internal) IS 'serialize function of driver_agg and rollup(driver_summary)';
COMMENT ON FUNCTION driver_agg_deserialize(bytea, internal) IS 'deserialize function of driver_agg and rollup(driver_summary)';
COMMENT ON FUNCTION driver_agg_finalfn(internal) IS 'final function of driver_agg and rollup(driver_summary)';

CREATE AGGREGATE driver_agg(f actor_features) (
	SFUNC = driver_agg_transfn, STYPE = internal, FINALFUNC = driver_agg_finalfn,
	COMBINEFUNC = driver_agg_combine, SERIALFUNC = driver_agg_serialize,
	DESERIALFUNC = driver_agg_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE driver_agg(actor_features) IS 'conversion driver summary of actors: per feature, the converters and non-converters that saw it';
CREATE AGGREGATE rollup(driver_summary) (
	SFUNC = driver_summary_rollup_transfn, STYPE = internal, FINALFUNC = driver_agg_finalfn,
	COMBINEFUNC = driver_agg_combine, SERIALFUNC = driver_agg_serialize,
	DESERIALFUNC = driver_agg_deserialize, PARALLEL = SAFE);
COMMENT ON AGGREGATE rollup(driver_summary) IS 'merge driver summaries (of disjoint sets of actors)';

CREATE FUNCTION conversion_drivers(summary driver_summary, confidence float8 DEFAULT 0.95, min_actors int DEFAULT 5)
RETURNS TABLE (feature text, converters_with bigint, converters_without bigint,
			   nonconverters_with bigint, nonconverters_without bigint, odds_ratio float8,
			   ci_low float8, ci_high float8, p_value float8, q_value float8, note text)
AS 'MODULE_PATHNAME', 'conversion_drivers'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 20;
COMMENT ON FUNCTION conversion_drivers(driver_summary, float8, int) IS 'per feature: 2x2 table of converters and non-converters with and without it, odds ratio with Woolf interval, Fisher exact p-value and Benjamini-Hochberg q-value, strongest first';

-- ---------- Sankey-ready path edges ----------
-- path_edges_agg(j, depth [, anchor [, direction, occurrence,
-- collapse_repeats, clean]]) counts each actor under the set of its paths
-- into a path_summary (kind "path edges"); rollup(path_summary) and the
-- path aggregates' combine, serialize and deserialize functions serve it;
-- path_edges(summary, ...) reports its edges.  Transition functions are not
-- strict: NULL journeys are skipped, a NULL anchor means no anchor and a
-- NULL clean no cleaning.
CREATE FUNCTION path_edges_agg_transfn(internal, journey, int) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION path_edges_agg_transfn(internal, journey, int, text) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION path_edges_agg_transfn(internal, journey, int, text, text, text, bool, text[]) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE path_edges_agg(j journey, depth int) (
	SFUNC = path_edges_agg_transfn, STYPE = internal, FINALFUNC = path_agg_finalfn,
	COMBINEFUNC = path_agg_combine, SERIALFUNC = path_agg_serialize,
	DESERIALFUNC = path_agg_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE path_edges_agg(j journey, depth int, anchor text) (
	SFUNC = path_edges_agg_transfn, STYPE = internal, FINALFUNC = path_agg_finalfn,
	COMBINEFUNC = path_agg_combine, SERIALFUNC = path_agg_serialize,
	DESERIALFUNC = path_agg_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE path_edges_agg(j journey, depth int, anchor text, direction text,
								occurrence text, collapse_repeats bool, clean text[]) (
	SFUNC = path_edges_agg_transfn, STYPE = internal, FINALFUNC = path_agg_finalfn,
	COMBINEFUNC = path_agg_combine, SERIALFUNC = path_agg_serialize,
	DESERIALFUNC = path_agg_deserialize, PARALLEL = SAFE);

CREATE FUNCTION path_edges(summary path_summary, top_n int DEFAULT NULL,
						   min_actors bigint DEFAULT NULL, dropoff bool DEFAULT true)
RETURNS TABLE(depth int, source text, target text, actors bigint, transitions bigint)
AS 'MODULE_PATHNAME', 'path_edges'
LANGUAGE C IMMUTABLE PARALLEL SAFE;	-- not STRICT: NULL top_n / min_actors mean no limit

CREATE FUNCTION journey_after_dropoff(j journey, "window" interval, steps text[], mode text DEFAULT '')
RETURNS journey
AS 'MODULE_PATHNAME', 'journey_after_dropoff' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION path_edges_agg_transfn(internal, journey, int) IS 'transition function of path_edges_agg (no anchor, forward)';
COMMENT ON FUNCTION path_edges_agg_transfn(internal, journey, int, text) IS 'transition function of path_edges_agg (forward, first occurrence)';
COMMENT ON FUNCTION path_edges_agg_transfn(internal, journey, int, text, text, text, bool, text[]) IS 'transition function of path_edges_agg';
COMMENT ON AGGREGATE path_edges_agg(journey, int) IS 'path summary for Sankey edges: each actor''s path from the first touch, depth nodes at most, repeats collapsed';
COMMENT ON AGGREGATE path_edges_agg(journey, int, text) IS 'path summary for Sankey edges: each actor''s path from the first touch of the anchor label (NULL: the first touch)';
COMMENT ON AGGREGATE path_edges_agg(journey, int, text, text, text, bool, text[]) IS 'path summary for Sankey edges: paths from (forward) or to (backward) the first, last or every anchor occurrence, labels cleaned by (pattern, replacement) pairs';
COMMENT ON FUNCTION path_edges(path_summary, int, bigint, bool) IS 'Sankey edges (depth, source, target, actors, transitions) of a summary built by path_edges_agg: top_n targets per node and edges under min_actors grouped as Other, drop-off edges';
COMMENT ON FUNCTION journey_after_dropoff(journey, interval, text[], text) IS 'the touches from the one that reached the actor''s furthest funnel step (window_funnel''s chain) to the end; NULL at level 0';

-- ---------- every segment against the rest: segment_summary, funnel_segments ----------

CREATE TYPE segment_summary;
CREATE FUNCTION segment_summary_in(cstring) RETURNS segment_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION segment_summary_out(segment_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION segment_summary_recv(internal) RETURNS segment_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION segment_summary_send(segment_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE segment_summary (
	INPUT = segment_summary_in, OUTPUT = segment_summary_out,
	RECEIVE = segment_summary_recv, SEND = segment_summary_send,
	INTERNALLENGTH = VARIABLE, STORAGE = extended);
COMMENT ON TYPE segment_summary IS 'per segment (and the NULL segment): the funnel counts of its actors, what funnel_segments reports from';
COMMENT ON FUNCTION segment_summary_in(cstring) IS 'input function of segment_summary (base64 of its bytes)';
COMMENT ON FUNCTION segment_summary_out(segment_summary) IS 'output function of segment_summary (base64 of its bytes)';
COMMENT ON FUNCTION segment_summary_recv(internal) IS 'binary input function of segment_summary';
COMMENT ON FUNCTION segment_summary_send(segment_summary) IS 'binary output function of segment_summary';

-- not STRICT: a NULL segment is a segment of its own, NULL counts or a
-- NULL level are skipped, a NULL number of steps is an error
CREATE FUNCTION segment_agg_transfn(internal, text, bigint[])
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION segment_agg_levels_transfn(internal, text, int, int)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION segment_summary_rollup_transfn(internal, segment_summary)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION segment_agg_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION segment_agg_serialize(internal)
	RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION segment_agg_deserialize(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION segment_agg_finalfn(internal)
	RETURNS segment_summary AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION segment_agg_transfn(internal, text, bigint[]) IS 'transition function of segment_agg(segment, counts): adds the counts to the segment''s';
COMMENT ON FUNCTION segment_agg_levels_transfn(internal, text, int, int) IS 'transition function of segment_agg(segment, level, steps): counts an actor in steps 1 .. level of its segment';
COMMENT ON FUNCTION segment_summary_rollup_transfn(internal, segment_summary) IS 'transition function of rollup(segment_summary)';
COMMENT ON FUNCTION segment_agg_combine(internal, internal) IS 'combine function of segment_agg and rollup(segment_summary): adds the counts of equal segments';
COMMENT ON FUNCTION segment_agg_serialize(internal) IS 'serialize function of segment_agg and rollup(segment_summary)';
COMMENT ON FUNCTION segment_agg_deserialize(bytea, internal) IS 'deserialize function of segment_agg and rollup(segment_summary)';
COMMENT ON FUNCTION segment_agg_finalfn(internal) IS 'final function of segment_agg and rollup(segment_summary)';

CREATE AGGREGATE segment_agg(segment text, counts bigint[]) (
	SFUNC = segment_agg_transfn, STYPE = internal,
	FINALFUNC = segment_agg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = segment_agg_combine,
	SERIALFUNC = segment_agg_serialize, DESERIALFUNC = segment_agg_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE segment_agg(text, bigint[]) IS 'segment summary from funnel counts per segment (rows of funnel_counts): the counts of equal segments are added';
CREATE AGGREGATE segment_agg(segment text, level int, steps int) (
	SFUNC = segment_agg_levels_transfn, STYPE = internal,
	FINALFUNC = segment_agg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = segment_agg_combine,
	SERIALFUNC = segment_agg_serialize, DESERIALFUNC = segment_agg_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE segment_agg(text, int, int) IS 'segment summary from per-actor funnel levels: per segment, the actors reaching at least each step';
CREATE AGGREGATE rollup(segment_summary) (
	SFUNC = segment_summary_rollup_transfn, STYPE = internal,
	FINALFUNC = segment_agg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = segment_agg_combine,
	SERIALFUNC = segment_agg_serialize, DESERIALFUNC = segment_agg_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE rollup(segment_summary) IS 'merge segment summaries of disjoint actors: the counts of equal segments are added';

-- not STRICT: a NULL summary gives no rows; a NULL base or confidence is an error
CREATE FUNCTION funnel_segments(summary segment_summary, base text DEFAULT 'start',
	confidence float8 DEFAULT 0.95)
RETURNS TABLE(segment text, step int, actors bigint, conversion float8,
	rest_actors bigint, rest_conversion float8, diff float8, diff_low float8,
	diff_high float8, z float8, test text, p_value float8, p_holm float8, note text)
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION funnel_segments(segment_summary, text, float8) IS 'every segment against the rest pooled, per step: conversion (from start or the previous step), difference with its interval, z, the z-test or Fisher''s exact test (an expected count below 5), Holm-adjusted p-values';

-- ---------- stickiness and value retention ----------
-- stickiness: per window (week, month, or the whole range), actors by the
-- number of distinct periods (days, weeks) of the window they were active
-- in.  STABLE: periods follow the session's time zone; STRICT.
CREATE FUNCTION stickiness(summary activity_summary, period text DEFAULT 'day',
	within text DEFAULT 'week')
RETURNS TABLE(window_start timestamptz, periods int, actors bigint, cumulative bigint,
	active_actors bigint, share float8, cumulative_share float8, window_periods int)
AS 'MODULE_PATHNAME', 'stickiness_summary' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION stickiness(activity_summary, text, text) IS 'stickiness of an activity summary: per week, month or the whole range, actors active in exactly and at least k distinct days or weeks of it';
-- value_agg: an activity summary that also sums a numeric value per
-- (actor, day), exactly (kind 7 of the summary format); the same combine,
-- serial and final functions as activity_agg, and rollup(activity_summary)
-- merges it.  value_retention: cohort tables of that value and LTV.
CREATE FUNCTION value_agg_transfn(internal, anyelement, timestamptz, numeric)
	RETURNS internal AS 'MODULE_PATHNAME', 'value_agg_transfn' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION value_agg_transfn(internal, anyelement, timestamptz, numeric, bool)
	RETURNS internal AS 'MODULE_PATHNAME', 'value_agg_transfn' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION value_agg_transfn(internal, anyelement, timestamptz, numeric) IS 'transition function of value_agg(actor, ts, value)';
COMMENT ON FUNCTION value_agg_transfn(internal, anyelement, timestamptz, numeric, bool) IS 'transition function of value_agg(actor, ts, value, cohort_event)';
CREATE AGGREGATE value_agg(actor anyelement, ts timestamptz, value numeric) (
	SFUNC = value_agg_transfn, STYPE = internal,
	FINALFUNC = activity_agg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = activity_agg_combine,
	SERIALFUNC = activity_agg_serialize, DESERIALFUNC = activity_agg_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE value_agg(actor anyelement, ts timestamptz, value numeric, cohort_event bool) (
	SFUNC = value_agg_transfn, STYPE = internal,
	FINALFUNC = activity_agg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = activity_agg_combine,
	SERIALFUNC = activity_agg_serialize, DESERIALFUNC = activity_agg_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE value_agg(anyelement, timestamptz, numeric) IS 'activity summary with values: each actor''s distinct active days and the exact sum of value per day; the cohort is the first active day';
COMMENT ON AGGREGATE value_agg(anyelement, timestamptz, numeric, bool) IS 'activity summary with values: each actor''s active days, the sum of value per day and the first day cohort_event was true (its cohort)';
CREATE FUNCTION value_retention(summary activity_summary, period text DEFAULT 'week',
	offsets text DEFAULT 'calendar')
RETURNS TABLE(cohort timestamptz, period int, cohort_size bigint, active bigint, value float8,
	value_per_active float8, value_per_member float8, net_retention float8,
	cumulative_value float8, ltv float8)
AS 'MODULE_PATHNAME', 'value_retention_summary' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION value_retention(activity_summary, text, text) IS 'value retention of a value_agg summary: per cohort and period (calendar offsets, or whole periods since each actor''s cohort day), active actors, value, value per active actor and per member, net retention against period 0, cumulative value and LTV';

-- ---------- export: report_json ----------
-- report_json(r [, report [, parameters]]): one self-describing json
-- document of a report's rows (docs/export.md).  The transition is not
-- STRICT: a NULL row is a null in "rows", a NULL report is null, NULL
-- parameters are {}.  No combine function: rows keep their input order
-- (report_json(r ORDER BY ...)); PARALLEL SAFE all the same.
CREATE FUNCTION report_json_transfn(internal, record)
	RETURNS internal AS 'MODULE_PATHNAME', 'report_json_transfn' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION report_json_transfn(internal, record, text)
	RETURNS internal AS 'MODULE_PATHNAME', 'report_json_transfn' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION report_json_transfn(internal, record, text, jsonb)
	RETURNS internal AS 'MODULE_PATHNAME', 'report_json_transfn' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION report_json_finalfn(internal)
	RETURNS json AS 'MODULE_PATHNAME', 'report_json_finalfn' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION report_json_transfn(internal, record) IS 'transition function of report_json(r)';
COMMENT ON FUNCTION report_json_transfn(internal, record, text) IS 'transition function of report_json(r, report)';
COMMENT ON FUNCTION report_json_transfn(internal, record, text, jsonb) IS 'transition function of report_json(r, report, parameters)';
COMMENT ON FUNCTION report_json_finalfn(internal) IS 'final function of report_json: the document';
CREATE AGGREGATE report_json(r record) (
	SFUNC = report_json_transfn, STYPE = internal,
	FINALFUNC = report_json_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE);
CREATE AGGREGATE report_json(r record, report text) (
	SFUNC = report_json_transfn, STYPE = internal,
	FINALFUNC = report_json_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE);
CREATE AGGREGATE report_json(r record, report text, parameters jsonb) (
	SFUNC = report_json_transfn, STYPE = internal,
	FINALFUNC = report_json_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE report_json(record) IS 'the rows of a report (or any query) as one json document: columns with their names and types, rows as arrays, in input order';
COMMENT ON AGGREGATE report_json(record, text) IS 'the rows of a report as one json document, named report';
COMMENT ON AGGREGATE report_json(record, text, jsonb) IS 'the rows of a report as one json document, named report, with its parameters (a JSON object)';

-- ---------- KPI change against a baseline and a target ----------
-- kpi_rate_change and kpi_mean_change: one row each, with the same columns
-- (so rate and mean KPIs UNION ALL).  Not STRICT: a NULL count, mean or sd
-- is a missing value (the columns that need it are NULL), a NULL target
-- gives a NULL status; a NULL confidence is an error.
CREATE FUNCTION kpi_rate_change(baseline_successes bigint, baseline_trials bigint,
	current_successes bigint, current_trials bigint, target float8 DEFAULT NULL,
	confidence float8 DEFAULT 0.95)
RETURNS TABLE(baseline float8, current float8, abs_change float8, abs_ci_low float8,
	abs_ci_high float8, rel_change float8, rel_ci_low float8, rel_ci_high float8,
	p_value float8, target float8, status text)
AS 'MODULE_PATHNAME', 'kpi_rate_change' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION kpi_rate_change(bigint, bigint, bigint, bigint, float8, float8) IS 'change of a rate from a baseline period to the current one: both rates, the absolute change (Wald interval), the relative change (Katz log risk-ratio interval), the pooled z-test p-value, and whether a relative target is reached, not reached or not distinguishable';
CREATE FUNCTION kpi_mean_change(baseline_n bigint, baseline_mean float8, baseline_sd float8,
	current_n bigint, current_mean float8, current_sd float8, target float8 DEFAULT NULL,
	confidence float8 DEFAULT 0.95)
RETURNS TABLE(baseline float8, current float8, abs_change float8, abs_ci_low float8,
	abs_ci_high float8, rel_change float8, rel_ci_low float8, rel_ci_high float8,
	p_value float8, target float8, status text)
AS 'MODULE_PATHNAME', 'kpi_mean_change' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION kpi_mean_change(bigint, float8, float8, bigint, float8, float8, float8, float8) IS 'change of a mean from a baseline period to the current one (count, avg and stddev_samp of each): both means, the absolute change (Welch interval), the relative change (delta-method interval), Welch''s t-test p-value, and whether a relative target is reached, not reached or not distinguishable';

-- ---------- charts: retention heatmap and Sankey ----------
-- retention_heatmap_svg: over cohort_retention's (or value_retention's)
-- rows, a heatmap of cohorts by period as standalone SVG text.  The
-- transition functions are not STRICT: a NULL rate draws the "no value"
-- cell, a NULL cohort_size shows no size, a NULL title none; a NULL cohort
-- or period is an error.  STABLE: cohort labels are dates in the session's
-- time zone.  No rows: a "no data" chart.
CREATE FUNCTION retention_heatmap_svg_transfn(internal, timestamptz, int, float8, bigint)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_heatmap_svg_transfn(internal, timestamptz, int, float8, bigint, text)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_heatmap_svg_finalfn(internal)
	RETURNS text AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION retention_heatmap_svg_transfn(internal, timestamptz, int, float8, bigint) IS 'transition function of retention_heatmap_svg(cohort, period, rate, cohort_size)';
COMMENT ON FUNCTION retention_heatmap_svg_transfn(internal, timestamptz, int, float8, bigint, text) IS 'transition function of retention_heatmap_svg(cohort, period, rate, cohort_size, title)';
COMMENT ON FUNCTION retention_heatmap_svg_finalfn(internal) IS 'final function of retention_heatmap_svg: the heatmap as SVG text';
CREATE AGGREGATE retention_heatmap_svg(cohort timestamptz, period int, rate float8, cohort_size bigint) (
	SFUNC = retention_heatmap_svg_transfn, STYPE = internal,
	FINALFUNC = retention_heatmap_svg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE);
CREATE AGGREGATE retention_heatmap_svg(cohort timestamptz, period int, rate float8, cohort_size bigint, title text) (
	SFUNC = retention_heatmap_svg_transfn, STYPE = internal,
	FINALFUNC = retention_heatmap_svg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE retention_heatmap_svg(timestamptz, int, float8, bigint) IS 'cohort-retention heatmap as standalone SVG: a row per cohort, a column per period, cells coloured by rate';
COMMENT ON AGGREGATE retention_heatmap_svg(timestamptz, int, float8, bigint, text) IS 'cohort-retention heatmap as standalone SVG with a title: a row per cohort, a column per period, cells coloured by rate';
-- sankey_svg: over path_edges' rows (or any edge list without cycles), a
-- Sankey diagram as standalone SVG text.  Not STRICT: a NULL title means
-- none; NULL source, target or actors is an error.  Duplicate (source,
-- target) rows are summed, rows of 0 actors left out.  No rows: a
-- "no data" chart.
CREATE FUNCTION sankey_svg_transfn(internal, text, text, bigint)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION sankey_svg_transfn(internal, text, text, bigint, text)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION sankey_svg_finalfn(internal)
	RETURNS text AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION sankey_svg_transfn(internal, text, text, bigint) IS 'transition function of sankey_svg(source, target, actors)';
COMMENT ON FUNCTION sankey_svg_transfn(internal, text, text, bigint, text) IS 'transition function of sankey_svg(source, target, actors, title)';
COMMENT ON FUNCTION sankey_svg_finalfn(internal) IS 'final function of sankey_svg: the diagram as SVG text';
CREATE AGGREGATE sankey_svg(source text, target text, actors bigint) (
	SFUNC = sankey_svg_transfn, STYPE = internal,
	FINALFUNC = sankey_svg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE);
CREATE AGGREGATE sankey_svg(source text, target text, actors bigint, title text) (
	SFUNC = sankey_svg_transfn, STYPE = internal,
	FINALFUNC = sankey_svg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE sankey_svg(text, text, bigint) IS 'Sankey diagram of an edge list (path_edges) as standalone SVG: columns by depth, nodes and links sized by actors';
COMMENT ON AGGREGATE sankey_svg(text, text, bigint, text) IS 'Sankey diagram of an edge list (path_edges) as standalone SVG with a title: columns by depth, nodes and links sized by actors';

-- ---------- charts: funnel and trend ----------
-- funnel_svg: the funnel chart of a count array (as funnel_counts returns
-- it) as a standalone SVG document.  Not STRICT: NULL counts give NULL,
-- NULL names (or a NULL name) are "Step i", a NULL title draws none; a
-- NULL confidence or width is an error.
CREATE FUNCTION funnel_svg(counts bigint[], names text[] DEFAULT NULL,
	confidence float8 DEFAULT 0.95, title text DEFAULT NULL, width int DEFAULT 720)
RETURNS text
AS 'MODULE_PATHNAME', 'funnel_svg' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION funnel_svg(bigint[], text[], float8, text, int) IS 'funnel chart as SVG: one bar per step proportional to its actors, conversion from step 1, drop-off from the previous step, Wilson error bars';

-- trend_svg: an aggregate over rows of funnel_trend (or any share over
-- time) drawing the rate as a line with its interval as a band, incomplete
-- periods dashed and hollow.  Not strict: a NULL period_start ignores the
-- row, a NULL rate is a gap, a NULL bound no interval, a NULL complete is
-- complete.  The final function is STABLE (dates in the session's
-- TimeZone); no combine function (the chart is drawn once).
CREATE FUNCTION trend_svg_transfn(internal, timestamptz, float8, float8, float8, boolean)
	RETURNS internal AS 'MODULE_PATHNAME', 'trend_svg_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION trend_svg_transfn(internal, timestamptz, float8, float8, float8, boolean, text)
	RETURNS internal AS 'MODULE_PATHNAME', 'trend_svg_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION trend_svg_transfn(internal, bigint, float8, float8, float8, boolean)
	RETURNS internal AS 'MODULE_PATHNAME', 'trend_svg_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION trend_svg_transfn(internal, bigint, float8, float8, float8, boolean, text)
	RETURNS internal AS 'MODULE_PATHNAME', 'trend_svg_transfn' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION trend_svg_finalfn(internal)
	RETURNS text AS 'MODULE_PATHNAME', 'trend_svg_finalfn' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION trend_svg_transfn(internal, timestamptz, float8, float8, float8, boolean) IS 'transition function of trend_svg(period_start, rate, ci_low, ci_high, complete)';
COMMENT ON FUNCTION trend_svg_transfn(internal, timestamptz, float8, float8, float8, boolean, text) IS 'transition function of trend_svg(period_start, rate, ci_low, ci_high, complete, title)';
COMMENT ON FUNCTION trend_svg_transfn(internal, bigint, float8, float8, float8, boolean) IS 'transition function of trend_svg(bigint period_start, rate, ci_low, ci_high, complete)';
COMMENT ON FUNCTION trend_svg_transfn(internal, bigint, float8, float8, float8, boolean, text) IS 'transition function of trend_svg(bigint period_start, rate, ci_low, ci_high, complete, title)';
COMMENT ON FUNCTION trend_svg_finalfn(internal) IS 'final function of trend_svg: sorts and labels the periods and draws the chart';
CREATE AGGREGATE trend_svg(period_start timestamptz, rate float8, ci_low float8, ci_high float8,
	complete boolean) (
	SFUNC = trend_svg_transfn, STYPE = internal,
	FINALFUNC = trend_svg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE);
CREATE AGGREGATE trend_svg(period_start timestamptz, rate float8, ci_low float8, ci_high float8,
	complete boolean, title text) (
	SFUNC = trend_svg_transfn, STYPE = internal,
	FINALFUNC = trend_svg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE);
CREATE AGGREGATE trend_svg(period_start bigint, rate float8, ci_low float8, ci_high float8,
	complete boolean) (
	SFUNC = trend_svg_transfn, STYPE = internal,
	FINALFUNC = trend_svg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE);
CREATE AGGREGATE trend_svg(period_start bigint, rate float8, ci_low float8, ci_high float8,
	complete boolean, title text) (
	SFUNC = trend_svg_transfn, STYPE = internal,
	FINALFUNC = trend_svg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE trend_svg(timestamptz, float8, float8, float8, boolean) IS 'trend chart as SVG over rows of funnel_trend: the rate as a line over time, its interval as a band, incomplete periods dashed and hollow';
COMMENT ON AGGREGATE trend_svg(timestamptz, float8, float8, float8, boolean, text) IS 'trend chart as SVG over rows of funnel_trend, with a title';
COMMENT ON AGGREGATE trend_svg(bigint, float8, float8, float8, boolean) IS 'trend chart as SVG over rows of funnel_trend_bigint (bigint periods)';
COMMENT ON AGGREGATE trend_svg(bigint, float8, float8, float8, boolean, text) IS 'trend chart as SVG over rows of funnel_trend_bigint (bigint periods), with a title';

-- ---------- experience measurement: NPS, CSAT, mean score, consistency ----------
-- experience_summary: survey answers counted per score 0 .. 10 (summary
-- kind 10, docs/experience.md); text form base64, binary form its bytes,
-- both checked on input.
CREATE TYPE experience_summary;
CREATE FUNCTION experience_summary_in(cstring) RETURNS experience_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION experience_summary_out(experience_summary) RETURNS cstring
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION experience_summary_recv(internal) RETURNS experience_summary
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION experience_summary_send(experience_summary) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE experience_summary (
	INPUT = experience_summary_in, OUTPUT = experience_summary_out,
	RECEIVE = experience_summary_recv, SEND = experience_summary_send,
	INTERNALLENGTH = VARIABLE, STORAGE = extended);
COMMENT ON TYPE experience_summary IS 'survey answers counted per score 0 .. 10, what nps, csat, mean_score and experience_consistency report from';
COMMENT ON FUNCTION experience_summary_in(cstring) IS 'input function of experience_summary (base64 of its bytes)';
COMMENT ON FUNCTION experience_summary_out(experience_summary) IS 'output function of experience_summary (base64 of its bytes)';
COMMENT ON FUNCTION experience_summary_recv(internal) IS 'binary input function of experience_summary';
COMMENT ON FUNCTION experience_summary_send(experience_summary) IS 'binary output function of experience_summary';

-- the composite result of experience_consistency
CREATE TYPE experience_consistency AS (index float8, within bigint, included bigint,
	excluded bigint, overall float8, answers bigint);
COMMENT ON TYPE experience_consistency IS 'experience consistency across touchpoints: the index (within / included), the touchpoints within the tolerance, included and excluded, the overall measure of all answers pooled, and the number of answers';

-- not STRICT: a NULL score or summary is ignored (rows that are all
-- ignored give an empty summary); a score outside 0 .. 10 is an error
CREATE FUNCTION experience_agg_transfn(internal, int)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION experience_summary_rollup_transfn(internal, experience_summary)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION experience_agg_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION experience_agg_serialize(internal)
	RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION experience_agg_deserialize(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION experience_agg_finalfn(internal)
	RETURNS experience_summary AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION experience_agg_transfn(internal, int) IS 'transition function of experience_agg(score): counts one answer';
COMMENT ON FUNCTION experience_summary_rollup_transfn(internal, experience_summary) IS 'transition function of rollup(experience_summary)';
COMMENT ON FUNCTION experience_agg_combine(internal, internal) IS 'combine function of experience_agg and rollup(experience_summary): adds the counts';
COMMENT ON FUNCTION experience_agg_serialize(internal) IS 'serialize function of experience_agg and rollup(experience_summary)';
COMMENT ON FUNCTION experience_agg_deserialize(bytea, internal) IS 'deserialize function of experience_agg and rollup(experience_summary)';
COMMENT ON FUNCTION experience_agg_finalfn(internal) IS 'final function of experience_agg and rollup(experience_summary)';

CREATE AGGREGATE experience_agg(score int) (
	SFUNC = experience_agg_transfn, STYPE = internal, SSPACE = 96,
	FINALFUNC = experience_agg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = experience_agg_combine,
	SERIALFUNC = experience_agg_serialize, DESERIALFUNC = experience_agg_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE experience_agg(int) IS 'experience summary of survey answers: the number of answers of each score 0 .. 10 (NULL scores ignored)';
CREATE AGGREGATE rollup(experience_summary) (
	SFUNC = experience_summary_rollup_transfn, STYPE = internal, SSPACE = 96,
	FINALFUNC = experience_agg_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = experience_agg_combine,
	SERIALFUNC = experience_agg_serialize, DESERIALFUNC = experience_agg_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE rollup(experience_summary) IS 'merge experience summaries (daily into weekly, touchpoints into a stage): the counts are added';

-- the reports: one row, or no rows for a summary without answers; STRICT
CREATE FUNCTION nps(summary experience_summary, confidence float8 DEFAULT 0.95)
RETURNS TABLE(nps float8, ci_low float8, ci_high float8, answers bigint,
	promoters bigint, passives bigint, detractors bigint)
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION nps(experience_summary, float8) IS 'Net Promoter Score in points (-100 .. 100: percent of 9-10 minus percent of 0-6) with its trinomial normal interval, and the answers, promoters, passives and detractors';
CREATE FUNCTION csat(summary experience_summary, threshold int DEFAULT 4,
	confidence float8 DEFAULT 0.95)
RETURNS TABLE(csat float8, ci_low float8, ci_high float8, answers bigint, satisfied bigint)
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION csat(experience_summary, int, float8) IS 'customer satisfaction: the share (0 .. 1) of answers at or above threshold (4: the top-2-box of a 1 .. 5 scale) with its Wilson interval';
CREATE FUNCTION mean_score(summary experience_summary, confidence float8 DEFAULT 0.95)
RETURNS TABLE(mean float8, sd float8, ci_low float8, ci_high float8, answers bigint)
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION mean_score(experience_summary, float8) IS 'mean survey score with its sample standard deviation and t interval (NULL for one answer)';

-- experience_consistency: one row per touchpoint (its summary); not
-- STRICT: a NULL summary is ignored, a NULL measure, tolerance or
-- min_answers is an error, and they must be the same in every row.
-- Without min_answers, touchpoints with at least one answer count.
CREATE FUNCTION experience_consistency_transfn(internal, experience_summary, text, float8)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION experience_consistency_transfn(internal, experience_summary, text, float8, bigint)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION experience_consistency_combine(internal, internal)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION experience_consistency_serialize(internal)
	RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION experience_consistency_deserialize(bytea, internal)
	RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION experience_consistency_finalfn(internal)
	RETURNS experience_consistency AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION experience_consistency_transfn(internal, experience_summary, text, float8) IS 'transition function of experience_consistency(summary, measure, tolerance)';
COMMENT ON FUNCTION experience_consistency_transfn(internal, experience_summary, text, float8, bigint) IS 'transition function of experience_consistency(summary, measure, tolerance, min_answers)';
COMMENT ON FUNCTION experience_consistency_combine(internal, internal) IS 'combine function of experience_consistency: the touchpoints of both states';
COMMENT ON FUNCTION experience_consistency_serialize(internal) IS 'serialize function of experience_consistency';
COMMENT ON FUNCTION experience_consistency_deserialize(bytea, internal) IS 'deserialize function of experience_consistency';
COMMENT ON FUNCTION experience_consistency_finalfn(internal) IS 'final function of experience_consistency: the index against the measure of all answers pooled';
CREATE AGGREGATE experience_consistency(summary experience_summary, measure text, tolerance float8) (
	SFUNC = experience_consistency_transfn, STYPE = internal,
	FINALFUNC = experience_consistency_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = experience_consistency_combine,
	SERIALFUNC = experience_consistency_serialize, DESERIALFUNC = experience_consistency_deserialize,
	PARALLEL = SAFE);
CREATE AGGREGATE experience_consistency(summary experience_summary, measure text, tolerance float8,
	min_answers bigint) (
	SFUNC = experience_consistency_transfn, STYPE = internal,
	FINALFUNC = experience_consistency_finalfn, FINALFUNC_MODIFY = READ_ONLY,
	COMBINEFUNC = experience_consistency_combine,
	SERIALFUNC = experience_consistency_serialize, DESERIALFUNC = experience_consistency_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE experience_consistency(experience_summary, text, float8) IS 'experience consistency index over one summary per touchpoint: the share of touchpoints with answers whose nps, csat or mean lies within tolerance of the measure of all answers pooled';
COMMENT ON AGGREGATE experience_consistency(experience_summary, text, float8, bigint) IS 'experience consistency index over one summary per touchpoint: the share of touchpoints with at least min_answers answers whose nps, csat or mean lies within tolerance of the measure of all answers pooled';

-- ---------- predictive customer analytics: customer summary, BG/NBD, Pareto/NBD, Gamma-Gamma ----------
-- customer_summary: one customer's frequency, recency and age in whole
-- days or weeks up to a calibration end date, his mean repeat spend, and
-- the holdout figures (docs/predictive.md).  Not STRICT: a NULL ts ignores
-- the row, a NULL value is 0; NULL parameters are an error.  STABLE: days
-- are those of the session's TimeZone.
CREATE TYPE customer_rfm AS (frequency bigint, recency bigint, age bigint, monetary float8,
	holdout_frequency bigint, holdout_value float8);
COMMENT ON TYPE customer_rfm IS 'a customer''s figures for the BTYD models: repeat purchase periods (frequency), periods from the first to the last purchase (recency), from the first purchase to the calibration end (age), mean repeat spend (monetary), and the holdout period''s purchase periods and value';

CREATE FUNCTION customer_summary_transfn(internal, timestamptz, float8, date) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION customer_summary_transfn(internal, timestamptz, float8, date, text) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION customer_summary_transfn(internal, timestamptz, float8, date, text, date) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION customer_summary_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION customer_summary_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION customer_summary_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION customer_summary_finalfn(internal) RETURNS customer_rfm
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION customer_summary_transfn(internal, timestamptz, float8, date) IS 'transition function of customer_summary(ts, value, calibration_end)';
COMMENT ON FUNCTION customer_summary_transfn(internal, timestamptz, float8, date, text) IS 'transition function of customer_summary(ts, value, calibration_end, unit)';
COMMENT ON FUNCTION customer_summary_transfn(internal, timestamptz, float8, date, text, date) IS 'transition function of customer_summary(ts, value, calibration_end, unit, observation_end)';
COMMENT ON FUNCTION customer_summary_combine(internal, internal) IS 'combine function of customer_summary';
COMMENT ON FUNCTION customer_summary_serialize(internal) IS 'serialize function of customer_summary';
COMMENT ON FUNCTION customer_summary_deserialize(bytea, internal) IS 'deserialize function of customer_summary';
COMMENT ON FUNCTION customer_summary_finalfn(internal) IS 'final function of customer_summary: the customer_rfm row';
CREATE AGGREGATE customer_summary(ts timestamptz, value float8, calibration_end date) (
	SFUNC = customer_summary_transfn, STYPE = internal, SSPACE = 64,
	FINALFUNC = customer_summary_finalfn,
	COMBINEFUNC = customer_summary_combine,
	SERIALFUNC = customer_summary_serialize, DESERIALFUNC = customer_summary_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE customer_summary(timestamptz, float8, date) IS 'a customer''s frequency, recency, age and mean repeat spend up to calibration_end (inclusive), in days';
CREATE AGGREGATE customer_summary(ts timestamptz, value float8, calibration_end date, unit text) (
	SFUNC = customer_summary_transfn, STYPE = internal, SSPACE = 64,
	FINALFUNC = customer_summary_finalfn,
	COMBINEFUNC = customer_summary_combine,
	SERIALFUNC = customer_summary_serialize, DESERIALFUNC = customer_summary_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE customer_summary(timestamptz, float8, date, text) IS 'a customer''s frequency, recency, age and mean repeat spend up to calibration_end (inclusive), in days or weeks (unit day or week)';
CREATE AGGREGATE customer_summary(ts timestamptz, value float8, calibration_end date, unit text, observation_end date) (
	SFUNC = customer_summary_transfn, STYPE = internal, SSPACE = 64,
	FINALFUNC = customer_summary_finalfn,
	COMBINEFUNC = customer_summary_combine,
	SERIALFUNC = customer_summary_serialize, DESERIALFUNC = customer_summary_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE customer_summary(timestamptz, float8, date, text, date) IS 'a customer''s frequency, recency, age and mean repeat spend up to calibration_end (inclusive), with a holdout period up to observation_end';

-- The fits: maximum likelihood over one row per customer, or per group of
-- customers with the same figures (the customers argument).  Not STRICT:
-- a row with a NULL figure or count is ignored (customer_summary gives
-- NULLs for customers first seen after the calibration end); no customer
-- gives NULL.  A fit that does not converge warns and has converged false.
CREATE TYPE bgnbd_model AS (r float8, alpha float8, a float8, b float8,
	r_se float8, alpha_se float8, a_se float8, b_se float8,
	log_likelihood float8, customers bigint, evaluations int, converged boolean);
CREATE TYPE pareto_nbd_model AS (r float8, alpha float8, s float8, beta float8,
	r_se float8, alpha_se float8, s_se float8, beta_se float8,
	log_likelihood float8, customers bigint, evaluations int, converged boolean);
CREATE TYPE gamma_gamma_model AS (p float8, q float8, gamma float8,
	p_se float8, q_se float8, gamma_se float8,
	log_likelihood float8, customers bigint, evaluations int, converged boolean);
COMMENT ON TYPE bgnbd_model IS 'a fitted BG/NBD model (Fader, Hardie and Lee 2005): purchase rates Gamma(r, alpha), dropout probabilities Beta(a, b), standard errors, log-likelihood, customers, likelihood evaluations and convergence';
COMMENT ON TYPE pareto_nbd_model IS 'a fitted Pareto/NBD model (Schmittlein, Morrison and Colombo 1987): purchase rates Gamma(r, alpha), dropout rates Gamma(s, beta), standard errors, log-likelihood, customers, likelihood evaluations and convergence';
COMMENT ON TYPE gamma_gamma_model IS 'a fitted Gamma-Gamma spend model (Fader, Hardie and Lee 2005; Colombo and Jiang 1999): spend Gamma(p, nu), nu Gamma(q, gamma), standard errors, log-likelihood, customers, likelihood evaluations and convergence';
CREATE FUNCTION btyd_fit_transfn(internal, float8, float8, float8) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION btyd_fit_transfn(internal, float8, float8, float8, bigint) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION gamma_gamma_fit_transfn(internal, float8, float8) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION gamma_gamma_fit_transfn(internal, float8, float8, bigint) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION btyd_fit_combine(internal, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION btyd_fit_serialize(internal) RETURNS bytea
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION btyd_fit_deserialize(bytea, internal) RETURNS internal
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION bgnbd_fit_finalfn(internal) RETURNS bgnbd_model
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION pareto_nbd_fit_finalfn(internal) RETURNS pareto_nbd_model
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION gamma_gamma_fit_finalfn(internal) RETURNS gamma_gamma_model
	AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION btyd_fit_transfn(internal, float8, float8, float8) IS 'transition function of bgnbd_fit and pareto_nbd_fit(frequency, recency, age)';
COMMENT ON FUNCTION btyd_fit_transfn(internal, float8, float8, float8, bigint) IS 'transition function of bgnbd_fit and pareto_nbd_fit(frequency, recency, age, customers)';
COMMENT ON FUNCTION gamma_gamma_fit_transfn(internal, float8, float8) IS 'transition function of gamma_gamma_fit(frequency, monetary)';
COMMENT ON FUNCTION gamma_gamma_fit_transfn(internal, float8, float8, bigint) IS 'transition function of gamma_gamma_fit(frequency, monetary, customers)';
COMMENT ON FUNCTION btyd_fit_combine(internal, internal) IS 'combine function of bgnbd_fit, pareto_nbd_fit and gamma_gamma_fit';
COMMENT ON FUNCTION btyd_fit_serialize(internal) IS 'serialize function of bgnbd_fit, pareto_nbd_fit and gamma_gamma_fit: the distinct weighted rows';
COMMENT ON FUNCTION btyd_fit_deserialize(bytea, internal) IS 'deserialize function of bgnbd_fit, pareto_nbd_fit and gamma_gamma_fit';
COMMENT ON FUNCTION bgnbd_fit_finalfn(internal) IS 'final function of bgnbd_fit: the maximum-likelihood fit';
COMMENT ON FUNCTION pareto_nbd_fit_finalfn(internal) IS 'final function of pareto_nbd_fit: the maximum-likelihood fit';
COMMENT ON FUNCTION gamma_gamma_fit_finalfn(internal) IS 'final function of gamma_gamma_fit: the maximum-likelihood fit';
CREATE AGGREGATE bgnbd_fit(frequency float8, recency float8, age float8) (
	SFUNC = btyd_fit_transfn, STYPE = internal, SSPACE = 4096,
	FINALFUNC = bgnbd_fit_finalfn,
	COMBINEFUNC = btyd_fit_combine,
	SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8) IS 'maximum-likelihood fit of the BG/NBD model over one row per customer';
CREATE AGGREGATE bgnbd_fit(frequency float8, recency float8, age float8, customers bigint) (
	SFUNC = btyd_fit_transfn, STYPE = internal, SSPACE = 4096,
	FINALFUNC = bgnbd_fit_finalfn,
	COMBINEFUNC = btyd_fit_combine,
	SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE bgnbd_fit(float8, float8, float8, bigint) IS 'maximum-likelihood fit of the BG/NBD model over one row per group of customers with the same frequency, recency and age';
CREATE AGGREGATE pareto_nbd_fit(frequency float8, recency float8, age float8) (
	SFUNC = btyd_fit_transfn, STYPE = internal, SSPACE = 4096,
	FINALFUNC = pareto_nbd_fit_finalfn,
	COMBINEFUNC = btyd_fit_combine,
	SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit(float8, float8, float8) IS 'maximum-likelihood fit of the Pareto/NBD model over one row per customer';
CREATE AGGREGATE pareto_nbd_fit(frequency float8, recency float8, age float8, customers bigint) (
	SFUNC = btyd_fit_transfn, STYPE = internal, SSPACE = 4096,
	FINALFUNC = pareto_nbd_fit_finalfn,
	COMBINEFUNC = btyd_fit_combine,
	SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE pareto_nbd_fit(float8, float8, float8, bigint) IS 'maximum-likelihood fit of the Pareto/NBD model over one row per group of customers with the same frequency, recency and age';
CREATE AGGREGATE gamma_gamma_fit(frequency float8, monetary float8) (
	SFUNC = gamma_gamma_fit_transfn, STYPE = internal, SSPACE = 4096,
	FINALFUNC = gamma_gamma_fit_finalfn,
	COMBINEFUNC = btyd_fit_combine,
	SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE gamma_gamma_fit(float8, float8) IS 'maximum-likelihood fit of the Gamma-Gamma spend model over one row per customer (customers with frequency 0 are skipped)';
CREATE AGGREGATE gamma_gamma_fit(frequency float8, monetary float8, customers bigint) (
	SFUNC = gamma_gamma_fit_transfn, STYPE = internal, SSPACE = 4096,
	FINALFUNC = gamma_gamma_fit_finalfn,
	COMBINEFUNC = btyd_fit_combine,
	SERIALFUNC = btyd_fit_serialize, DESERIALFUNC = btyd_fit_deserialize,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE gamma_gamma_fit(float8, float8, bigint) IS 'maximum-likelihood fit of the Gamma-Gamma spend model over one row per group of customers with the same frequency and monetary value (customers with frequency 0 are skipped)';

-- Scores of a customer (frequency, recency, age in the model's unit) or of
-- a new one.  STRICT but for the monetary argument of expected_spend,
-- customer_lifetime_value and customer_prediction: NULL is allowed when
-- frequency is 0 (the population's mean spend is used).
CREATE FUNCTION probability_alive(model bgnbd_model, frequency float8, recency float8, age float8)
	RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_probability_alive' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION expected_purchases(model bgnbd_model, frequency float8, recency float8, age float8, t float8)
	RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION expected_purchases(model bgnbd_model, t float8)
	RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION probability_purchases(model bgnbd_model, t float8, n int)
	RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_probability_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION customer_lifetime_value(model bgnbd_model, spend_model gamma_gamma_model,
	frequency float8, recency float8, age float8, monetary float8, horizon int, discount float8 DEFAULT 0)
	RETURNS float8 AS 'MODULE_PATHNAME', 'bgnbd_lifetime_value' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION customer_prediction(model bgnbd_model, spend_model gamma_gamma_model,
	frequency float8, recency float8, age float8, monetary float8, horizon int, discount float8 DEFAULT 0)
	RETURNS TABLE(probability_alive float8, expected_purchases float8, expected_spend float8, clv float8)
	AS 'MODULE_PATHNAME', 'bgnbd_customer_prediction' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION probability_alive(bgnbd_model, float8, float8, float8) IS 'the probability that a customer with this frequency, recency and age is still active, under a BG/NBD model';
COMMENT ON FUNCTION expected_purchases(bgnbd_model, float8, float8, float8, float8) IS 'a customer''s expected purchases in the next t periods, under a BG/NBD model';
COMMENT ON FUNCTION expected_purchases(bgnbd_model, float8) IS 'a new customer''s expected purchases in his first t periods, under a BG/NBD model';
COMMENT ON FUNCTION probability_purchases(bgnbd_model, float8, int) IS 'the probability that a new customer makes exactly n purchases in his first t periods, under a BG/NBD model';
COMMENT ON FUNCTION customer_lifetime_value(bgnbd_model, gamma_gamma_model, float8, float8, float8, float8, int, float8) IS 'a customer''s discounted value over the next horizon periods: expected purchases per period (BG/NBD) times expected spend (Gamma-Gamma), discounted at the end of each period';
COMMENT ON FUNCTION customer_prediction(bgnbd_model, gamma_gamma_model, float8, float8, float8, float8, int, float8) IS 'a customer''s scores in one row: probability alive, expected purchases and CLV over the next horizon periods (BG/NBD), expected spend per purchase (Gamma-Gamma)';
CREATE FUNCTION probability_alive(model pareto_nbd_model, frequency float8, recency float8, age float8)
	RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_probability_alive' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION expected_purchases(model pareto_nbd_model, frequency float8, recency float8, age float8, t float8)
	RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION expected_purchases(model pareto_nbd_model, t float8)
	RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_expected_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION probability_purchases(model pareto_nbd_model, t float8, n int)
	RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_probability_purchases' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION customer_lifetime_value(model pareto_nbd_model, spend_model gamma_gamma_model,
	frequency float8, recency float8, age float8, monetary float8, horizon int, discount float8 DEFAULT 0)
	RETURNS float8 AS 'MODULE_PATHNAME', 'pareto_nbd_lifetime_value' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION customer_prediction(model pareto_nbd_model, spend_model gamma_gamma_model,
	frequency float8, recency float8, age float8, monetary float8, horizon int, discount float8 DEFAULT 0)
	RETURNS TABLE(probability_alive float8, expected_purchases float8, expected_spend float8, clv float8)
	AS 'MODULE_PATHNAME', 'pareto_nbd_customer_prediction' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION probability_alive(pareto_nbd_model, float8, float8, float8) IS 'the probability that a customer with this frequency, recency and age is still active, under a Pareto/NBD model';
COMMENT ON FUNCTION expected_purchases(pareto_nbd_model, float8, float8, float8, float8) IS 'a customer''s expected purchases in the next t periods, under a Pareto/NBD model';
COMMENT ON FUNCTION expected_purchases(pareto_nbd_model, float8) IS 'a new customer''s expected purchases in his first t periods, under a Pareto/NBD model';
COMMENT ON FUNCTION probability_purchases(pareto_nbd_model, float8, int) IS 'the probability that a new customer makes exactly n purchases in his first t periods, under a Pareto/NBD model';
COMMENT ON FUNCTION customer_lifetime_value(pareto_nbd_model, gamma_gamma_model, float8, float8, float8, float8, int, float8) IS 'a customer''s discounted value over the next horizon periods: expected purchases per period (Pareto/NBD) times expected spend (Gamma-Gamma), discounted at the end of each period';
COMMENT ON FUNCTION customer_prediction(pareto_nbd_model, gamma_gamma_model, float8, float8, float8, float8, int, float8) IS 'a customer''s scores in one row: probability alive, expected purchases and CLV over the next horizon periods (Pareto/NBD), expected spend per purchase (Gamma-Gamma)';
CREATE FUNCTION expected_spend(model gamma_gamma_model, frequency float8, monetary float8)
	RETURNS float8 AS 'MODULE_PATHNAME', 'gamma_gamma_expected_spend' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION expected_spend(gamma_gamma_model, float8, float8) IS 'a customer''s expected spend per purchase given his repeat purchases and their mean value, under a Gamma-Gamma model (the population mean for frequency 0)';
