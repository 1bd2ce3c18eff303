-- JSON input of journeys and maps: NUL, strict JSON, short character-safe
-- error excerpts, and databases that are not UTF-8.

-- \u0000 is rejected wherever a JSON string is read, as jsonb does
SELECT '[["2025-01-01T00:00:00Z", "a\u0000b"]]'::journey;
SELECT '[["2025-01-01T00:00:00Z\u0000", "a"]]'::journey;
SELECT map_stage('{"stages": [{"name": "a\u0000", "events": ["x"]}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x\u0000y"]}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"], "where": {"k\u0000": "v"}}]}', 'x', '{"k": "v"}');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"], "where": {"k": "v\u0000w"}}]}', 'x', '{"k": "v"}');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"]}], "exclude": ["y\u0000"]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"]}], "mode": "strict_order\u0000"}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"]}], "window": "1 day\u0000"}', 'x');
\set VERBOSITY sqlstate
SELECT '[["2025-01-01T00:00:00Z", "\u0000"]]'::journey;
SELECT map_stage('{"stages": [{"name": "a", "events": ["\u0000"]}]}', 'x');
\set VERBOSITY default
-- an escaped backslash before u0000 is no NUL; other control escapes are kept
SELECT journey_labels('[["2025-01-01T00:00:00Z", "a\\u0000b"], ["2025-01-01T00:00:01Z", "\u0001"]]'::journey) = ARRAY['a\u0000b', E'\x01'] AS kept;
SELECT map_stage('{"stages": [{"name": "a", "events": ["x\\u0000y"]}]}', 'x\u0000y') AS escaped_backslash;

-- JSON blanks are space, tab, CR and LF only (cJSON alone takes any byte up to 0x20)
\set VERBOSITY sqlstate
SELECT E'[]\x01'::journey;
SELECT E'[\x0b]'::journey;
\set VERBOSITY default
SELECT map_stage(E'{"stages": [{"name": "a", "events": ["x"]}]}\x01', 'x');
SELECT map_stage(E'{"stages": [\x0b{"name": "a", "events": ["x"]}]}', 'x');
SELECT map_stage(E'{"stages": [{"name": "a", "events": ["x"]}]}\f', 'x');
SELECT E' [ ]\n\t\r'::journey = '[]'::journey AS blanks_ok;

-- duplicate keys in a map are an error (text kept the first, jsonb the last)
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"]}], "stages": [{"name": "b", "events": ["x"]}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"], "events": ["y"]}]}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"], "where": {"c": "1", "c": "2"}}]}', 'x', '{"c": "1"}');

-- errors quote at most 64 characters of the input, then ...
SELECT ('[["2025-01-01T00:00:00Z", "a"], ' || repeat('x', 100000))::journey;
SELECT ('[["' || repeat('é', 100) || '", "a"]]')::journey;
SELECT ('[["2025-01-01T00:00:00Z' || repeat('é', 100) || '", "a"]]')::journey;
SELECT (repeat('9', 100) || ':decision')::stage;
SELECT (repeat('é', 100) || ':decision')::stage;
-- the message stays short however long the input
DO $$
BEGIN
  PERFORM ('[["2025-01-01T00:00:00Z", "a"], ' || repeat('x', 1000000))::journey;
EXCEPTION WHEN invalid_text_representation THEN
  RAISE NOTICE 'message of % characters', length(SQLERRM);
END $$;
-- map paths and names are quoted in part, whole characters only
SELECT map_stage(format('{"stages": [{"name": "a", "events": ["x"], "where": {"%s": 1}}]}', repeat('é', 200)), 'x');
SELECT map_stage(format('{"stages": [{"name": "%s", "events": ["x"]}, {"name": "%s", "events": ["y"]}]}',
                            repeat('ü', 200), repeat('ü', 200)), 'x');
SELECT map_stage(format('{"stages": [{"name": "a", "events": ["x"]}], "mode": "%s"}', repeat('ß', 200)), 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"]}], "a key with \"quotes\"": 1}', 'x');
SELECT map_stage('{"stages": [{"name": "a", "events": ["x"], "where": {"utm.source": 1}}]}', 'x', '{}');
-- the same errors reach a LATIN1 client intact (no encoding error instead)
SET client_encoding = 'LATIN1';
\set VERBOSITY sqlstate
SELECT map_stage(format('{"stages": [{"name": "a", "events": ["x"], "where": {"%s": 1}}]}', repeat('é', 200)), 'x');
SELECT map_stage(format('{"stages": [{"name": "%s", "events": ["x"]}, {"name": "%s", "events": ["y"]}]}',
                            repeat('ü', 200), repeat('ü', 200)), 'x');
SELECT ('[["' || repeat('é', 100) || '", "a"]]')::journey;
\set VERBOSITY default
RESET client_encoding;

-- A SQL_ASCII and a LATIN1 database: input text is not NUL-terminated there,
-- and SQL_ASCII converts nothing
\set regression_db :DBNAME
CREATE DATABASE journey_sql_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
CREATE DATABASE journey_latin1 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;

\c journey_sql_ascii
SET client_encoding = 'UTF8';
CREATE EXTENSION journey;
-- a 40-character map literal (the old code read past its end)
SELECT map_stage('{"stages":[{"name":"a","events":["x"]}]}', 'x') AS stage40;
SELECT map_stage('{"stages":[{"name":"a","events":["x"]}]}  ', 'x') AS trailing_blanks;
SELECT map_stage('{"stages":[{"name":"a","events":["x"]}]} x', 'x');
SELECT map_stage('{"stages":[{"name":"été","events":["vü"]}]}', 'vü') AS utf8_bytes;
SELECT * FROM map_stages('{"stages":[{"name":"été","events":["vü"]}]}');
SELECT '[["2025-01-01T00:00:00Z", "été"], ["2025-01-01T00:00:01Z", "\u00e9"]]'::journey;
SELECT journey_labels('[["2025-01-01T00:00:00Z", "été"]]'::journey) = ARRAY['été'] AS same_bytes;
-- bytes that are not UTF-8 pass as they are
SELECT journey_labels(E'[["2025-01-01T00:00:00Z", "\xe9"]]'::journey) = ARRAY[E'\xe9'] AS latin1_byte;
SELECT length((journey_labels(E'[["2025-01-01T00:00:00Z", "\xe9"]]'::journey))[1]) AS one_byte;
SELECT map_stage(E'{"stages":[{"name":"a","events":["\xe9"]}]}', E'\xe9') AS byte_event;
SELECT '[["2025-01-01T00:00:00Z", "a\u0000"]]'::journey;
SELECT map_stage('{"stages":[{"name":"a","events":["x"]}]', 'x');
SELECT '1:été'::stage, '2:vü'::stage < '3:a'::stage AS ordered;
SELECT ('1:' || repeat('é', 100))::stage::text = repeat('é', 100) AS long_stage;
SELECT ('x:' || repeat('é', 100))::stage;
SELECT ('[["' || repeat('x', 100))::journey;

\c journey_latin1
SET client_encoding = 'UTF8';
CREATE EXTENSION journey;
SELECT map_stage('{"stages":[{"name":"a","events":["x"]}]}', 'x') AS stage40;
SELECT map_stage('{"stages":[{"name":"a","events":["x"]}]} x', 'x');
SELECT map_stage('{"stages":[{"name":"été","events":["vü"]}]}', 'vü') AS latin1_names;
SELECT map_stage('{"stages":[{"name":"été","events":["v\u00fc"]}]}', 'vü') AS escaped_event;
SELECT * FROM map_stages('{"stages":[{"name":"été","events":["vü", "\u00e9"]}], "window": "2 days"}');
SELECT furthest_stage('{"stages":[{"name":"é","events":["a"]},{"name":"ü","events":["b"]}]}', ts, ev)
FROM (VALUES ('2025-01-01'::timestamptz, 'a'), ('2025-01-02', 'b')) v(ts, ev);
SELECT '[["2025-01-01T00:00:00Z", "été"], ["2025-01-01T00:00:01Z", "\u00fc"]]'::journey;
-- stored in the database encoding: one byte a character
SELECT octet_length((journey_labels('[["2025-01-01T00:00:00Z", "été"]]'::journey))[1]) AS bytes;
SELECT journey_labels('[["2025-01-01T00:00:00Z", "été"]]'::journey) = ARRAY['été'] AS same_label;
-- a character LATIN1 lacks
SELECT '[["2025-01-01T00:00:00Z", "\u0416"]]'::journey;
SELECT map_stage('{"stages":[{"name":"\u0416","events":["x"]}]}', 'x');
-- an error quoting it writes it as an escape instead of failing
SELECT map_stage('{"stages":[{"name":"a","events":["x"]}], "\u0416": 1}', 'x');
SELECT map_stage('{"stages":[{"name":"a","events":["x"]}], "é\u0416": 1}', 'x');
SELECT '[["2025-01-01T00:00:00Z", "a\u0000"]]'::journey;
SELECT map_stage('{"stages":[{"name":"a","events":["x\u0000"]}]}', 'x');
SELECT ('[["' || repeat('é', 100) || '", "a"]]')::journey;
SELECT '[["2025-01-01T00:00:00Z", "été"]] é'::journey;
SELECT '1:été'::stage, '1:été'::stage::text = 'été' AS stage_name;
SELECT ('1:' || repeat('é', 100))::stage::text = repeat('é', 100) AS long_stage;
SELECT ('x:' || repeat('é', 100))::stage;

\c :regression_db
DROP DATABASE journey_sql_ascii;
DROP DATABASE journey_latin1;
