-- The upgrade chain: 0.1.0, then ALTER EXTENSION UPDATE, gives the same
-- members as the default install, and the 0.2.0 objects work.
CREATE TEMP TABLE fresh AS
SELECT pg_describe_object(classid, objid, objsubid) AS member
FROM pg_depend WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'journey');
SELECT extversion FROM pg_extension WHERE extname = 'journey';
DROP EXTENSION journey;
CREATE EXTENSION journey VERSION '0.1.0';
SELECT extversion FROM pg_extension WHERE extname = 'journey';
SELECT count(*) AS casts_to_json FROM pg_cast WHERE castsource = 'journey'::regtype AND casttarget IN ('json'::regtype, 'jsonb'::regtype);
ALTER EXTENSION journey UPDATE;
SELECT extversion FROM pg_extension WHERE extname = 'journey';
-- the functions 0.2.0 renamed: the 0.1.0 names are gone, the new ones exist
SELECT old, to_regprocedure(old) IS NULL AS old_gone, to_regprocedure(new) IS NOT NULL AS new_exists
FROM (VALUES ('first_ts(journey)', 'journey_first_ts(journey)'), ('last_ts(journey)', 'journey_last_ts(journey)'),
             ('duration(journey)', 'journey_duration(journey)'), ('labels(journey)', 'journey_labels(journey)'),
             ('entry_label(journey)', 'journey_entry_label(journey)'), ('exit_label(journey)', 'journey_exit_label(journey)'),
             ('journey_stage(text,text)', 'map_stage(text,text)'), ('journey_stage(jsonb,text,jsonb)', 'map_stage(jsonb,text,jsonb)'),
             ('journey_map_stages(text)', 'map_stages(text)'), ('journey_map_stages(jsonb)', 'map_stages(jsonb)')) v(old, new);
-- members after the update, compared with the fresh install (no rows: equal)
(SELECT pg_describe_object(classid, objid, objsubid) FROM pg_depend
 WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'journey')
 EXCEPT SELECT member FROM fresh)
UNION ALL
(SELECT member FROM fresh EXCEPT
 SELECT pg_describe_object(classid, objid, objsubid) FROM pg_depend
 WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'journey'));
SELECT count(*) AS members FROM fresh;
-- every member function, aggregate, type, cast and operator has a comment (no rows)
SELECT pg_describe_object(classid, objid, objsubid) AS uncommented
FROM pg_depend
WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'journey')
  AND classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_cast'::regclass, 'pg_operator'::regclass)
  AND obj_description(objid, (SELECT relname FROM pg_class WHERE oid = classid)::name) IS NULL
ORDER BY 1;

-- journey as json and jsonb: nested arrays, not a string
SELECT '[["2025-01-01T00:00:00Z","visit"],["2025-01-02T10:30:00Z","buy \"x\""]]'::journey::json AS j;
SELECT jsonb_typeof('[["2025-01-01T00:00:00Z","visit"]]'::journey::jsonb) AS t,
       '[["2025-01-01T00:00:00Z","visit"]]'::journey::jsonb -> 0 ->> 1 AS label;
SELECT row_to_json(r) AS row_json FROM (SELECT 1 AS id, '[["2025-01-01T00:00:00Z","a"]]'::journey AS j) r;
SELECT to_jsonb(r) AS row_jsonb FROM (SELECT 1 AS id, '[["2025-01-01T00:00:00Z","a"]]'::journey AS j) r;
SELECT json_agg(j ORDER BY id) AS agg FROM (VALUES (1, '[]'::journey), (2, '[["2025-01-01T00:00:00Z","b"]]'::journey)) v(id, j);
-- the json text reads back as the same journey
SELECT ('[["2025-01-01T00:00:00Z","a"],["2025-01-01T00:00:00Z","b"]]'::journey::json)::text::journey
     = '[["2025-01-01T00:00:00Z","a"],["2025-01-01T00:00:00Z","b"]]'::journey AS round_trip;
SELECT NULL::journey::jsonb IS NULL AS null_is_null;
-- the cast functions called by name give the same as the casts
SELECT journey_to_json('[["2025-01-01T00:00:00Z","a"]]')::text = '[["2025-01-01T00:00:00Z","a"]]'::journey::json::text AS json_fn,
       journey_to_jsonb('[["2025-01-01T00:00:00Z","a"]]') = '[["2025-01-01T00:00:00Z", "a"]]'::jsonb AS jsonb_fn;
