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
