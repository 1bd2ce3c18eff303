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
