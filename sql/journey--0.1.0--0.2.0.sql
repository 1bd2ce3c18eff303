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
