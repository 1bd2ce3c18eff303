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
