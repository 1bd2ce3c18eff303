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
