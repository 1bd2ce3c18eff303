/*
 * test/robust/replay.sql -- the fixed replay list of the robustness suite:
 * every bad or extreme input of issue 10, and the limits around them.
 * Loaded after robust.sql.  Columns: name, kind (see robust.try), input,
 * expect (robust.meets: any, accept, reject, reject:CODE, short), dbs
 * (utf8: only in the UTF-8 database; all: also in SQL_ASCII and LATIN1
 * databases -- those inputs are ASCII).
 *
 * Expectations are only what issue 10 or the docs promise; "any" means
 * only the universal checks (no crash, round trip, a proper SQLSTATE).
 */
SET search_path = robust, public;

-- helpers for building inputs: a map of n stages e1..en, and a query
-- comparing serial and parallel plans over robust.pev
CREATE FUNCTION map_n(n int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT json_build_object('stages', (SELECT json_agg(json_build_object('name', 's' || i, 'events', json_build_array('e' || i)))
									FROM generate_series(1, n) i))::text $$;
CREATE FUNCTION conds(n int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT string_agg(format('e = %L', 'e' || i), ', ') FROM generate_series(1, n) i $$;
CREATE FUNCTION steps(n int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT quote_literal(array_agg('e' || i)::text) FROM generate_series(1, n) i $$;

-- journey text ------------------------------------------------------------
INSERT INTO replay (name, kind, input, expect, dbs) VALUES
('journey: the docs example', 'journey', '[["2025-03-01T10:05:00+01:00", "view"], ["2025-03-01T10:00:00Z", "visit"]]', 'accept', 'all'),
('journey: empty', 'journey', '[]', 'accept', 'all'),
('journey: \u0000 in a label', 'journey', '[["2025-01-01T00:00:00Z", "a\u0000b"]]', 'reject', 'all'),
('journey: a label that is only \u0000', 'journey', '[["2025-01-01T00:00:00Z", "\u0000"]]', 'reject', 'all'),
('journey: \u0000 at the end of a label', 'journey', '[["2025-01-01T00:00:00Z", "ab\u0000"]]', 'reject', 'all'),
('journey: a lone surrogate', 'journey', '[["2025-01-01T00:00:00Z", "\ud800"]]', 'any', 'all'),
('journey: a surrogate pair', 'journey', '[["2025-01-01T00:00:00Z", "\ud83d\ude00"]]', 'any', 'all'),
('journey: a bad escape', 'journey', '[["2025-01-01T00:00:00Z", "\x41"]]', 'reject', 'all'),
('journey: the first timestamptz', 'journey', '[["-4713-11-24T00:00:00Z", "min"]]', 'accept', 'all'),
('journey: before the first timestamptz', 'journey', '[["-4713-11-23T23:59:59.999999Z", "a"]]', 'reject:22P02', 'all'),
('journey: the last timestamptz', 'journey', '[["+294276-12-31T23:59:59.999999Z", "max"]]', 'accept', 'all'),
('journey: after the last timestamptz', 'journey', '[["+294277-01-01T00:00:00Z", "a"]]', 'reject:22P02', 'all'),
('journey: the ends of the range, with offsets', 'journey', '[["-4713-11-24T00:59:59-01:00", "a"], ["+294277-01-01T00:59:59+01:00", "b"]]', 'any', 'all'),
('journey: a year of 7 digits', 'journey', '[["+1000000-01-01T00:00:00Z", "a"]]', 'reject', 'all'),
('journey: 1 BC (year 0000)', 'journey', '[["0000-06-01T00:00:00Z", "a"], ["0001-01-01T00:00:00Z", "b"]]', 'accept', 'all'),
('journey: a BC suffix', 'journey', '[["0044-03-15T12:00:00Z BC", "a"]]', 'reject', 'all'),
('journey: the infinities', 'journey', '[["-infinity", "a"], ["infinity", "b"]]', 'accept', 'all'),
('journey: offset +14:00', 'journey', '[["2025-01-01T00:00:00+14:00", "a"]]', 'accept', 'all'),
('journey: offset +99:99', 'journey', '[["2025-01-01T00:00:00+99:99", "a"]]', 'reject', 'all'),
('journey: 7 fractional digits', 'journey', '[["2025-01-01T00:00:00.1234567Z", "a"]]', 'reject', 'all'),
('journey: leap second', 'journey', '[["2016-12-31T23:59:60Z", "a"]]', 'any', 'all'),
('journey: 24:00:00', 'journey', '[["2025-01-01T24:00:00Z", "a"]]', 'any', 'all'),
('journey: no zone', 'journey', '[["2025-01-01T00:00:00", "a"]]', 'reject:22P02', 'all'),
('journey: a number label', 'journey', '[["2025-01-01T00:00:00Z", 5]]', 'reject:22P02', 'all'),
('journey: a trailing comma', 'journey', '[["2025-01-01T00:00:00Z", "a"],]', 'reject:22P02', 'all'),
('journey: an object', 'journey', '{"ts": "2025-01-01T00:00:00Z"}', 'reject:22P02', 'all'),
('journey: 1e309 as a timestamp', 'journey', '[[1e309, "a"]]', 'reject', 'all'),
('journey: bytes after the end', 'journey', '[] x', 'reject:22P02', 'all'),
('journey: a NUL-free empty string', 'journey', '', 'reject:22P02', 'all');
INSERT INTO replay (name, kind, input, expect, dbs)
SELECT 'journey: 1 MB of garbage (the error quotes a short excerpt)', 'journey', repeat('x', 1000000), 'reject,short', 'all'
UNION ALL SELECT 'journey: 100k touches and a missing bracket (short error)', 'journey',
	'[' || repeat('["2025-01-01T00:00:00Z", "a"], ', 99999) || '["2025-01-01T00:00:00Z", "a"]', 'reject,short', 'all'
UNION ALL SELECT 'journey: 100k touches, valid', 'journey',
	'[' || repeat('["2025-01-01T00:00:00Z", "a"], ', 99999) || '["2025-01-01T00:00:00Z", "a"]]', 'accept', 'all'
UNION ALL SELECT 'journey: a 10 MB label', 'journey', '[["2025-01-01T00:00:00Z", "' || repeat('a', 10000000) || '"]]', 'any', 'all'
UNION ALL SELECT 'journey: a 1 MB label with a bad escape at the end (short error)', 'journey',
	'[["2025-01-01T00:00:00Z", "' || repeat('é', 500000) || '\q"]]', 'reject,short', 'utf8'
UNION ALL SELECT 'journey: nesting 100000 deep', 'journey', repeat('[', 100000), 'reject,short', 'all'
UNION ALL SELECT 'journey: 1 MB of unterminated string (short error)', 'journey', '[["' || repeat('z', 1000000), 'reject,short', 'all'
UNION ALL SELECT 'journey: 5000 distinct long labels', 'journey',
	(SELECT '[' || string_agg(format('["2025-01-01T00:00:%sZ", "%s"]', lpad((i % 60)::text, 2, '0'), repeat('l', 200) || i), ', ') || ']'
	 FROM generate_series(1, 5000) i), 'accept', 'all'
UNION ALL SELECT 'journey: non-ASCII labels', 'journey', '[["2025-01-01T00:00:00Z", "été"], ["2025-01-01T00:00:00Z", "' || chr(128512) || '"]]', 'accept', 'utf8';

-- stage text --------------------------------------------------------------
INSERT INTO replay (name, kind, input, expect, dbs) VALUES
('stage: the docs example', 'stage', '3:decision', 'accept', 'all'),
('stage: a colon in the name', 'stage', ' 12:a:b', 'accept', 'all'),
('stage: the largest position', 'stage', '2147483647:z', 'accept', 'all'),
('stage: position 2^31', 'stage', '2147483648:z', 'reject:22003', 'all'),
('stage: position 0', 'stage', '0:a', 'reject:22003', 'all'),
('stage: a negative position', 'stage', '-1:a', 'reject', 'all'),
('stage: 20 digits', 'stage', '99999999999999999999:a', 'reject', 'all'),
('stage: no name', 'stage', '1:', 'reject:22023', 'all'),
('stage: no colon', 'stage', 'decision', 'reject:22P02', 'all'),
('stage: empty', 'stage', '', 'reject:22P02', 'all'),
('stage: a blank name', 'stage', '1: ', 'any', 'all'),
('stage: a non-ASCII name', 'stage', '2:été', 'accept', 'utf8');
INSERT INTO replay (name, kind, input, expect, dbs)
SELECT 'stage: a 1 MB name', 'stage', '1:' || repeat('n', 1000000), 'accept', 'all'
UNION ALL SELECT 'stage: 1 MB of digits (short error)', 'stage', repeat('9', 1000000) || ':a', 'reject,short', 'all'
UNION ALL SELECT 'stage: 1 MB without a colon (short error)', 'stage', repeat('s', 1000000), 'reject,short', 'all';

-- maps --------------------------------------------------------------------
INSERT INTO replay (name, kind, input, expect, dbs) VALUES
('map: a 40-character literal (read past its end in SQL_ASCII)', 'map', '{"stages":[{"name":"a","events":["x"]}]}', 'accept', 'all'),
('map: a 41-character literal', 'map', '{"stages":[{"name":"a","events":["xy"]}]}', 'accept', 'all'),
('map: a 40-character literal, one byte short', 'map', '{"stages":[{"name":"a","events":["x"]}]', 'reject:22023', 'all'),
('map: \u0000 in an event', 'map', '{"stages": [{"name": "a", "events": ["x\u0000y"]}]}', 'reject', 'all'),
('map: \u0000 in a stage name', 'map', '{"stages": [{"name": "a\u0000b", "events": ["x"]}]}', 'reject', 'all'),
('map: \u0000 in an exclusion', 'map', '{"exclude": ["r\u0000"], "stages": [{"name": "a", "events": ["x"]}]}', 'reject', 'all'),
('map: \u0000 in a property filter', 'map', '{"stages": [{"name": "a", "events": ["x"], "where": {"k\u0000": "v\u0000"}}]}', 'reject', 'all'),
('map: \u0000 in a duration', 'map', '{"window": "1 day\u0000", "stages": [{"name": "a", "events": ["x"]}]}', 'reject', 'all'),
('map: a lone surrogate', 'map', '{"stages": [{"name": "\ud800", "events": ["x"]}]}', 'any', 'all'),
('map: the docs example', 'map', '{"window": "7 days", "mode": "strict_order", "exclude": ["refund"], "stages": [{"name": "awareness", "events": ["visit"], "where": {"channel": ["email", "search"]}}, {"name": "consideration", "events": ["product_view", "compare"], "within": "2 days"}, {"name": "decision", "events": ["add_to_cart", "purchase"]}]}', 'accept', 'all'),
('map: no stages', 'map', '{"stages": []}', 'reject:22023', 'all'),
('map: duplicate keys', 'map', '{"stages": [{"name": "a", "events": ["x"]}], "stages": [{"name": "b", "events": ["y"]}]}', 'any', 'all'),
('map: an unknown key', 'map', '{"stages": [{"name": "a", "events": ["x"]}], "windows": "1 day"}', 'reject:22023', 'all'),
('map: a huge number', 'map', '{"stages": [{"name": "a", "events": [1e999999]}]}', 'reject', 'all'),
('map: not JSON', 'map', 'stages', 'reject:22023', 'all'),
('map: empty', 'map', '', 'reject:22023', 'all'),
('map: a syntax error after a non-ASCII name (error cut inside a character?)', 'map',
 '{"stages": [{"name": "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé", "events": ["x"]}], ]', 'reject:22023', 'utf8');
INSERT INTO replay (name, kind, input, expect, dbs)
SELECT 'map: 1 stage', 'map', map_n(1), 'accept', 'all'
UNION ALL SELECT 'map: 62 stages', 'map', map_n(62), 'accept', 'all'
UNION ALL SELECT 'map: 63 stages', 'map', map_n(63), 'accept', 'all'
UNION ALL SELECT 'map: 64 stages', 'map', map_n(64), 'reject:54000', 'all'
UNION ALL SELECT 'map: 1000 stages', 'map', map_n(1000), 'reject:54000', 'all'
UNION ALL SELECT 'map: 63 stages and an exclusion', 'map',
	(map_n(63)::jsonb || '{"exclude": ["refund"]}')::text, 'accept', 'all'
UNION ALL SELECT 'map: 1 MB of garbage (short error)', 'map', repeat('m', 1000000), 'reject,short', 'all'
UNION ALL SELECT 'map: nesting 100000 deep', 'map', repeat('[', 100000), 'reject,short', 'all'
UNION ALL SELECT 'map: objects nested 100000 deep', 'map', repeat('{"a":', 100000), 'reject,short', 'all'
UNION ALL SELECT 'map: a 1 MB stage name, then a type error (short error)', 'map',
	'{"stages": [{"name": "' || repeat('é', 500000) || '", "events": 5}]}', 'reject,short', 'utf8'
UNION ALL SELECT 'map: 200 non-ASCII characters before a syntax error (character-safe excerpt)', 'map',
	'{"stages": [{"name": "' || repeat('é', 199) || '", "events": ["x"]]]}', 'reject:22023', 'utf8'
UNION ALL SELECT 'map: 200 four-byte characters before a syntax error (character-safe excerpt)', 'map',
	'{"stages": [{"name": "' || repeat(chr(128512), 199) || '", "events": ["x"]]]}', 'reject:22023', 'utf8';
-- at every length: errors that quote user strings followed by non-ASCII
-- characters, which a fixed-size buffer could cut inside a character
INSERT INTO replay (name, kind, input, expect, dbs)
SELECT format('map: a type error after a name of %s bytes and 2-byte characters', k), 'map',
	'{"stages": [{"name": "' || repeat('a', k) || 'éééé", "events": 5}]}', 'reject:22023', 'utf8'
FROM generate_series(0, 300, 7) k
UNION ALL
SELECT format('map: an excluded event of %s bytes and 2-byte characters, also a stage event', k), 'map',
	'{"exclude": ["' || repeat('a', k) || 'éééé"], "stages": [{"name": "' || repeat('b', k) || 'éé", "events": ["' || repeat('a', k) || 'éééé"]}]}',
	'reject:22023', 'utf8'
FROM generate_series(0, 300) k
UNION ALL
SELECT format('map: an unknown key of %s bytes and 3-byte characters', k), 'map',
	'{"stages": [{"name": "a", "events": ["x"]}], "' || repeat('k', k) || '€€€": 1}', 'reject:22023', 'utf8'
FROM generate_series(0, 300) k
UNION ALL
SELECT format('map: a duplicate stage name of %s bytes and 4-byte characters', k), 'map',
	'{"stages": [{"name": "' || repeat('d', k) || repeat(chr(128512), 3) || '", "events": ["x"]}, {"name": "' || repeat('d', k) || repeat(chr(128512), 3) || '", "events": ["y"]}]}',
	'reject:22023', 'utf8'
FROM generate_series(0, 300, 3) k;

-- durations (in a map's window and within) -------------------------------
INSERT INTO replay (name, kind, input, expect, dbs) VALUES
('duration: 2 days', 'duration', '2 days', 'accept', 'all'),
('duration: 1 day 12 hours', 'duration', '1 day 12 hours', 'accept', 'all'),
('duration: 1.5 h', 'duration', '1.5 h', 'accept', 'all'),
('duration: 90 min', 'duration', '90 min', 'accept', 'all'),
('duration: empty', 'duration', '', 'reject:22023', 'all'),
('duration: negative', 'duration', '-1 day', 'reject:22023', 'all'),
('duration: zero', 'duration', '0 s', 'any', 'all'),
('duration: the largest microseconds', 'duration', '9223372036854775807 us', 'any', 'all'),
('duration: 2^63 microseconds', 'duration', '9223372036854775808 us', 'reject', 'all'),
('duration: 106751991 days', 'duration', '106751991 days', 'any', 'all'),
('duration: 106751992 days (past 2^63 us)', 'duration', '106751992 days', 'reject', 'all'),
('duration: 15250284452 weeks', 'duration', '15250284452 weeks', 'reject', 'all'),
('duration: two halves past 2^63 us', 'duration', '106751991 days 106751991 days', 'reject', 'all'),
('duration: 20 digits', 'duration', '99999999999999999999 s', 'reject', 'all'),
('duration: an exponent', 'duration', '1e3 s', 'any', 'all'),
('duration: nan', 'duration', 'nan s', 'reject', 'all'),
('duration: inf', 'duration', 'inf days', 'reject', 'all'),
('duration: no unit', 'duration', '5', 'reject', 'all'),
('duration: an unknown unit', 'duration', '5 fortnights', 'reject', 'all'),
('duration: a tiny fraction', 'duration', '0.0000001 s', 'any', 'all'),
('duration: 300 digits of fraction', 'duration', '1.' || repeat('3', 300) || ' s', 'any', 'all');
INSERT INTO replay (name, kind, input, expect, dbs)
SELECT 'duration: 1 MB of digits (short error)', 'duration', repeat('9', 1000000), 'reject,short', 'all';

-- patterns ----------------------------------------------------------------
INSERT INTO replay (name, kind, input, expect, dbs) VALUES
('pattern: empty', 'pattern', '', 'accept', 'all'),
('pattern: .*', 'pattern', '.*', 'accept', 'all'),
('pattern: the issue-12 example', 'pattern', '(?t==0).*(?t<0)', 'any', 'all'),
('pattern: a gate at the end', 'pattern', '(?1)(?t<=10)', 'accept', 'all'),
('pattern: a blank', 'pattern', '(?1) (?2)', 'reject:22023', 'all'),
('pattern: an unclosed group', 'pattern', '(?1)(?2', 'reject:22023', 'all'),
('pattern: condition 0', 'pattern', '(?0)', 'reject:22023', 'all'),
('pattern: condition 4 of 3', 'pattern', '(?4)', 'reject:22023', 'all'),
('pattern: a huge condition number', 'pattern', '(?99999999999999999999)', 'reject:22023', 'all'),
('pattern: (?t=1)', 'pattern', '(?1)(?t=1)(?2)', 'reject:22023', 'all'),
('pattern: a gate of 2^64 - 1', 'pattern', '(?1)(?t<=18446744073709551615)(?2)', 'any', 'all'),
('pattern: a gate of 2^64', 'pattern', '(?1)(?t<=18446744073709551616)(?2)', 'any', 'all'),
('pattern: a gate of 2^63', 'pattern', '(?1)(?t>9223372036854775808)(?2)', 'any', 'all'),
('pattern: a negative gate', 'pattern', '(?1)(?t<-1)(?2)', 'reject:22023', 'all'),
('pattern: a gate first', 'pattern', '(?t<=5)(?1)', 'any', 'all'),
('pattern: two gates', 'pattern', '(?1)(?t<=5)(?t>=1)(?2)', 'any', 'all');
INSERT INTO replay (name, kind, input, expect, dbs)
SELECT 'pattern: 256 items', 'pattern', repeat('(?1)', 256), 'accept', 'all'
UNION ALL SELECT 'pattern: 257 items', 'pattern', repeat('(?1)', 257), 'reject:54000', 'all'
UNION ALL SELECT 'pattern: 64 KiB', 'pattern', '(?t<=' || repeat('0', 65530) || '1)', 'any', 'all'
UNION ALL SELECT 'pattern: over 64 KiB', 'pattern', repeat('.*', 40000), 'reject:54000', 'all'
UNION ALL SELECT 'pattern: 1 MB of garbage (short error)', 'pattern', repeat('(', 1000000), 'reject,short', 'all'
UNION ALL SELECT 'pattern: .*(?1) 100 times', 'pattern', repeat('.*(?1)', 100) || '.*(?2)', 'accept', 'all';

-- binary journeys and stages (hex of the bytes journey_recv/stage_recv get)
INSERT INTO replay (name, kind, input, expect, dbs) VALUES
('binary journey: the format.md example', 'journey_bin', '010302057669736974047669657706f0017800000100', 'accept', 'all'),
('binary journey: a repeated label', 'journey_bin', '01030205766973697405766973697406f0017800000100', 'reject:22P03', 'all'),
('binary journey: truncated', 'journey_bin', '0103020576697369', 'reject:22P03', 'all'),
('binary journey: invalid UTF-8 in a label', 'journey_bin', '01010102ff41000a', 'reject', 'utf8'),
('binary journey: NUL in a label', 'journey_bin', '010101026100000a', 'reject', 'all'),
('binary journey: empty', 'journey_bin', '0100', 'accept', 'all'),
('binary journey: no bytes', 'journey_bin', '', 'reject:22P03', 'all'),
('binary journey: version 3', 'journey_bin', '0300', 'reject:22P03', 'all'),
('binary journey: empty, version 2', 'journey_bin', '0200', 'accept', 'all'),
('binary journey: the format.md example, version 2', 'journey_bin', '0203160bbb8bbb3909bbabf2f001780002', 'accept', 'all'),
('binary journey: an over-long varint', 'journey_bin', '01ffffffffffffffffffff01', 'reject:22P03', 'all'),
('binary journey: 2^63 touches', 'journey_bin', '0180808080808080808001', 'reject:22P03', 'all'),
('binary journey: a label of 2^62 bytes', 'journey_bin', '01010180808080808080804061', 'reject:22P03', 'all'),
('binary journey: scale 7', 'journey_bin', '010101016107' || '00', 'reject:22P03', 'all'),
('binary journey: scale 6 past the end of the range', 'journey_bin',
 encode('\x010101016106'::bytea || varint(zigzag(9223371331200)), 'hex'), 'reject:22P03', 'all'),
('binary journey: scale 6 overflowing int64', 'journey_bin',
 encode('\x010101016106'::bytea || varint(zigzag(9223372036855)), 'hex'), 'reject:22P03', 'all'),
('binary journey: scale 6, negative, overflowing int64', 'journey_bin',
 encode('\x010101016106'::bytea || varint(zigzag(-9223372036855)), 'hex'), 'reject:22P03', 'all'),
('binary journey: a delta past the end of the range', 'journey_bin',
 encode('\x0102010161'::bytea || '\x00'::bytea || varint(zigzag(9223371331199999999)) || varint(1), 'hex'), 'reject:22P03', 'all'),
('binary journey: a delta overflowing int64', 'journey_bin',
 encode('\x0102010161'::bytea || '\x00'::bytea || varint(zigzag(1)) || varint(9223372036854775807), 'hex'), 'reject:22P03', 'all'),
('binary journey: a delta of 2^64', 'journey_bin',
 encode('\x0102010161'::bytea || '\x00'::bytea || varint(zigzag(0)) || varint(18446744073709551616), 'hex'), 'reject:22P03', 'all'),
('binary journey: the last timestamptz', 'journey_bin', encode(bin_at(9223371331199999999), 'hex'), 'accept', 'all'),
('binary journey: one microsecond after the last timestamptz', 'journey_bin', encode(bin_at(9223371331200000000), 'hex'), 'reject:22P03', 'all'),
('binary journey: whole seconds just below infinity', 'journey_bin', encode(bin_at(9223372036854775807 - 9223372036854775807 % 1000000 - 1000000), 'hex'), 'reject:22P03', 'all'),
('binary journey: infinity - 1', 'journey_bin', encode(bin_at(9223372036854775806), 'hex'), 'reject:22P03', 'all'),
('binary journey: infinity', 'journey_bin', encode(bin_at(9223372036854775807), 'hex'), 'any', 'all'),
('binary journey: the first timestamptz', 'journey_bin', encode(bin_at(-211813488000000000), 'hex'), 'accept', 'all'),
('binary journey: before the first timestamptz', 'journey_bin', encode(bin_at(-211813488000000001), 'hex'), 'reject:22P03', 'all'),
('binary journey: -infinity + 1', 'journey_bin', encode(bin_at(-9223372036854775807), 'hex'), 'reject:22P03', 'all'),
('binary journey: -infinity', 'journey_bin', encode(bin_at(-9223372036854775808), 'hex'), 'any', 'all'),
('binary stage: the docs example', 'stage_bin', '000000036465636973696f6e', 'accept', 'all'),
('binary stage: position 0', 'stage_bin', '0000000061', 'reject', 'all'),
('binary stage: a negative position', 'stage_bin', 'ffffffff61', 'reject', 'all'),
('binary stage: no name', 'stage_bin', '00000001', 'reject', 'all'),
('binary stage: NUL in the name', 'stage_bin', '00000001610062', 'reject', 'all'),
('binary stage: invalid UTF-8', 'stage_bin', '0000000161ff62', 'reject', 'utf8'),
('binary stage: 3 bytes', 'stage_bin', '000001', 'reject', 'all');
INSERT INTO replay (name, kind, input, expect, dbs)
SELECT 'binary journey: journey_send of the first and last timestamptz', 'journey_bin',
	encode(journey_send('[["-4713-11-24T00:00:00Z", "min"], ["+294276-12-31T23:59:59.999999Z", "max"]]'), 'hex'), 'accept', 'all';

-- serial and parallel plans: 1, 63 and 64 stages or steps ----------------
INSERT INTO replay (name, kind, input, expect, dbs)
SELECT format('parallel: furthest_stage and stage_times, %s-stage map', n), 'plans',
	format('SELECT stage_out(furthest_stage(%L, ts, e))::text || stage_times(%L, ts, e)::text FROM robust.pev', map_n(n), map_n(n)),
	CASE WHEN n <= 63 THEN 'accept' ELSE 'reject:54000' END, 'all'
FROM unnest(ARRAY[1, 2, 62, 63, 64]) n
UNION ALL
SELECT format('parallel: furthest_stage per user, %s-stage map with an exclusion', n), 'plans',
	format('SELECT string_agg(stage_out(s)::text, %L ORDER BY u) FROM (SELECT u, furthest_stage(%L, ts, e) s FROM robust.pev GROUP BY u) x',
		   ',', (map_n(n)::jsonb || '{"exclude": ["a"]}')::text),
	CASE WHEN n <= 63 THEN 'accept' ELSE 'reject:54000' END, 'all'
FROM unnest(ARRAY[1, 63]) n
UNION ALL
SELECT format('parallel: window_funnel and funnel_times, %s steps', n), 'plans',
	format('SELECT window_funnel(''100 days'', ts, e, %s)::text || funnel_times(''100 days'', ts, e, %s)::text FROM robust.pev', steps(n), steps(n)),
	CASE WHEN n <= 64 THEN 'accept' ELSE 'reject:54000' END, 'all'
FROM unnest(ARRAY[1, 63, 64, 65]) n
UNION ALL
SELECT format('parallel: window_funnel with conditions, %s steps', n), 'plans',
	format('SELECT window_funnel(''100 days'', ''strict_order'', ts, %s)::text FROM robust.pev', conds(n)),
	'accept', 'all'
FROM unnest(ARRAY[1, 63, 64]) n
UNION ALL
SELECT format('parallel: sequence_match and sequence_count, %s conditions', n), 'plans',
	format('SELECT sequence_match(%L, ts, %s)::text || sequence_count(%L, ts, %s)::text FROM robust.pev',
		   format('(?1).*(?%s)', n), conds(n), format('(?%s)', n), conds(n)),
	'accept', 'all'
FROM unnest(ARRAY[1, 63, 64]) n
UNION ALL
SELECT format('parallel: sequence_next_node, %s events', n), 'plans',
	format('SELECT sequence_next_node(''forward'', ''first_match'', ts, e, true, %s) FROM robust.pev', conds(n)),
	'accept', 'all'
FROM unnest(ARRAY[1, 63, 64]) n
UNION ALL
SELECT format('parallel: retention, %s conditions', n), 'plans',
	format('SELECT string_agg(r::text, '';'' ORDER BY u) FROM (SELECT u, retention(%s) r FROM robust.pev GROUP BY u) x', conds(n)),
	'accept', 'all'
FROM unnest(ARRAY[1, 63, 64]) n
UNION ALL
SELECT format('parallel: funnel_counts, %s steps', n), 'plans',
	format('SELECT funnel_counts(1 + u %% %s, %s)::text || journey_completion(1 + u %% %s, %s)::text FROM robust.pev', n, n, n, n),
	'accept', 'all'
FROM unnest(ARRAY[1, 63, 64]) n
UNION ALL
SELECT 'parallel: journey_agg', 'plans', 'SELECT md5(journey_agg(ts, e)::text) FROM robust.pev', 'accept', 'all'
UNION ALL
SELECT 'parallel: journey_agg at the ends of the range', 'plans',
	'SELECT md5(journey_agg(CASE u % 4 WHEN 0 THEN timestamptz ''4714-11-24 00:00:00+00 BC'' WHEN 1 THEN timestamptz ''294276-12-31 23:59:59.999999+00'' WHEN 2 THEN ''infinity'' ELSE ts END, e)::text) FROM robust.pev',
	'accept', 'all'
UNION ALL
SELECT 'parallel: rollup(journey)', 'plans',
	'SELECT md5(rollup(j)::text) FROM (SELECT u, journey_agg(ts, e) j FROM robust.pev GROUP BY u) x', 'accept', 'all';

-- statistics: a confidence of 0.9999999999999999 -------------------------
INSERT INTO replay (name, kind, input, expect, dbs) VALUES
('wilson_ci: confidence 0.9999999999999999 (finite bounds, or an error)', 'sql',
 'SELECT low IS DISTINCT FROM ''NaN'' AND high IS DISTINCT FROM ''NaN'' FROM wilson_ci(5, 10, 0.9999999999999999)', 'any', 'all'),
('wilson_ci: confidence 0.9999999999999999, 0 of 10', 'sql',
 'SELECT low IS DISTINCT FROM ''NaN'' AND high IS DISTINCT FROM ''NaN'' FROM wilson_ci(0, 10, 0.9999999999999999)', 'any', 'all'),
('wilson_ci: confidence 1e-300', 'sql',
 'SELECT low IS DISTINCT FROM ''NaN'' AND high IS DISTINCT FROM ''NaN'' FROM wilson_ci(5, 10, 1e-300)', 'any', 'all'),
('wilson_ci: confidence 1', 'sql', 'SELECT low IS NOT NULL FROM wilson_ci(5, 10, 1)', 'reject:22023', 'all'),
('wilson_ci: confidence 0', 'sql', 'SELECT low IS NOT NULL FROM wilson_ci(5, 10, 0)', 'reject:22023', 'all'),
('wilson_ci: confidence NaN', 'sql', 'SELECT low IS NOT NULL FROM wilson_ci(5, 10, ''NaN'')', 'reject:22023', 'all'),
('wilson_ci: confidence -Infinity', 'sql', 'SELECT low IS NOT NULL FROM wilson_ci(5, 10, ''-Infinity'')', 'reject:22023', 'all'),
('wilson_ci: 2^63-1 trials', 'sql', 'SELECT low IS DISTINCT FROM ''NaN'' FROM wilson_ci(9223372036854775807, 9223372036854775807)', 'any', 'all'),
('proportion_ztest: confidence 0.9999999999999999 (finite bounds, or an error)', 'sql',
 'SELECT diff_low IS DISTINCT FROM ''NaN'' AND diff_high IS DISTINCT FROM ''NaN'' FROM proportion_ztest(5, 10, 6, 10, 0.9999999999999999)', 'any', 'all'),
('proportion_ztest: 2^63-1 trials', 'sql',
 'SELECT p_value IS DISTINCT FROM ''NaN'' FROM proportion_ztest(1, 9223372036854775807, 2, 9223372036854775807)', 'any', 'all'),
('funnel_report: confidence 0.9999999999999999 (finite bounds, or an error)', 'sql',
 'SELECT bool_and(ci_low IS DISTINCT FROM ''NaN'' AND ci_high IS DISTINCT FROM ''NaN'') FROM funnel_report(''{100,50,10}'', NULL, 0.9999999999999999)', 'any', 'all'),
('funnel_compare: confidence 0.9999999999999999 (finite bounds, or an error)', 'sql',
 'SELECT bool_and(diff_low IS DISTINCT FROM ''NaN'' AND diff_high IS DISTINCT FROM ''NaN'') FROM funnel_compare(''{100,50,10}'', ''{100,60,20}'', NULL, 0.9999999999999999)', 'any', 'all');

-- attribution lookbacks ---------------------------------------------------
INSERT INTO replay (name, kind, input, expect, dbs) VALUES
('attribution: lookback 0 gives no credit to a touch a day before', 'sql',
 'SELECT coalesce(sum(credit) FILTER (WHERE channel = ''email''), 0) = 0 FROM attribution(''[["2025-01-01T00:00:00Z", "email"], ["2025-01-02T00:00:00Z", "buy"]]'', ''buy'', ''last'', ''0'')', 'accept', 'all'),
('attribution: lookback 0 credits a touch at the conversion instant', 'sql',
 'SELECT coalesce(sum(credit) FILTER (WHERE channel = ''email''), 0) = 1 FROM attribution(''[["2025-01-02T00:00:00Z", "email"], ["2025-01-02T00:00:00Z", "buy"]]'', ''buy'', ''last'', ''0'')', 'accept', 'all'),
('attribution: a negative lookback is an error', 'sql',
 'SELECT count(*) >= 0 FROM attribution(''[["2025-01-01T00:00:00Z", "email"], ["2025-01-02T00:00:00Z", "buy"]]'', ''buy'', ''last'', ''-1 day'')', 'reject:22023', 'all'),
('attribution: a lookback of -1 microsecond is an error', 'sql',
 'SELECT count(*) >= 0 FROM attribution(''[["2025-01-01T00:00:00Z", "email"], ["2025-01-02T00:00:00Z", "buy"]]'', ''buy'', ''linear'', ''-1 microsecond'')', 'reject:22023', 'all'),
('attribution: a lookback of 1 day credits the touch a day before', 'sql',
 'SELECT coalesce(sum(credit) FILTER (WHERE channel = ''email''), 0) = 1 FROM attribution(''[["2025-01-01T00:00:00Z", "email"], ["2025-01-02T00:00:00Z", "buy"]]'', ''buy'', ''last'', ''1 day'')', 'accept', 'all'),
('attribution: a lookback of 1 month 1 day', 'sql',
 'SELECT count(*) >= 0 FROM attribution(''[["2025-01-01T00:00:00Z", "email"], ["2025-01-02T00:00:00Z", "buy"]]'', ''buy'', ''last'', ''1 mon 1 day'')', 'any', 'all'),
('attribution: a huge lookback over the range ends', 'sql',
 'SELECT count(*) >= 0 FROM attribution(''[["-4713-11-24T00:00:00Z", "email"], ["+294276-12-31T23:59:59.999999Z", "buy"]]'', ''buy'', ''time_decay'', ''178000000 years'', half_life => ''1 microsecond'')', 'any', 'all'),
('attribution: time_decay with infinite touches', 'sql',
 'SELECT count(*) >= 0 FROM attribution(''[["-infinity", "email"], ["infinity", "buy"]]'', ''buy'', ''time_decay'')', 'any', 'all');

-- BC dates and the ends of the timestamptz range in the reports -----------
INSERT INTO replay (name, kind, input, expect, dbs) VALUES
('lifecycle: months from June 1 BC to January 1 AD are 8 periods', 'sql',
 'SELECT count(*) = 8 AND min(period_start) = timestamptz ''0001-06-01 00:00:00+00 BC'' FROM lifecycle($q$SELECT 1, ts FROM (VALUES (timestamptz ''0001-06-15 00:00:00+00 BC''), (timestamptz ''0001-01-15 00:00:00+00'')) v(ts)$q$, ''month'')', 'accept', 'all'),
('lifecycle: an event in June 1 BC is in June 1 BC', 'sql',
 'SELECT min(period_start) = timestamptz ''0001-06-01 00:00:00+00 BC'' FROM lifecycle($q$SELECT 1, timestamptz ''0001-06-15 00:00:00+00 BC''$q$, ''month'')', 'accept', 'all'),
('lifecycle: weeks across 1 BC/1 AD', 'sql',
 'SELECT count(*) = 2 FROM lifecycle($q$SELECT 1, ts FROM (VALUES (timestamptz ''0001-12-28 00:00:00+00 BC''), (timestamptz ''0001-01-04 00:00:00+00'')) v(ts)$q$, ''week'')', 'any', 'all'),
('cohort_retention: June 1 BC to January 1 AD is period 7', 'sql',
 'SELECT max(period) = 7 FROM cohort_retention($q$SELECT 1, ts FROM (VALUES (timestamptz ''0001-06-15 00:00:00+00 BC''), (timestamptz ''0001-01-15 00:00:00+00'')) v(ts)$q$, ''month'') WHERE retained > 0', 'accept', 'all'),
('lifecycle: the last month of the range', 'sql',
 'SELECT count(*) >= 0 FROM lifecycle($q$SELECT 1, timestamptz ''294276-12-31 23:59:59.999999+00''$q$, ''month'')', 'any', 'all'),
('lifecycle: the first week of the range', 'sql',
 'SELECT count(*) >= 0 FROM lifecycle($q$SELECT 1, timestamptz ''4714-11-24 00:00:00+00 BC''$q$, ''week'')', 'any', 'all'),
('lifecycle: both ends of the range by day', 'sql',
 'SELECT count(*) >= 0 FROM lifecycle($q$SELECT 1, ts FROM (VALUES (timestamptz ''4714-11-24 00:00:00+00 BC''), (timestamptz ''4714-11-30 00:00:00+00 BC'')) v(ts)$q$, ''day'')', 'any', 'all'),
('lifecycle: infinity', 'sql',
 'SELECT count(*) >= 0 FROM lifecycle($q$SELECT 1, timestamptz ''infinity''$q$, ''month'')', 'any', 'all'),
('cohort_retention: the ends of the range', 'sql',
 'SELECT count(*) >= 0 FROM cohort_retention($q$SELECT 1, ts FROM (VALUES (timestamptz ''4714-11-24 00:00:00+00 BC''), (timestamptz ''294276-12-31 23:59:59.999999+00'')) v(ts)$q$, ''month'')', 'any', 'all'),
('cohort_retention: infinity', 'sql',
 'SELECT count(*) >= 0 FROM cohort_retention($q$SELECT 1, ts FROM (VALUES (timestamptz ''-infinity''), (timestamptz ''infinity'')) v(ts)$q$, ''week'')', 'any', 'all'),
('rfm: as_of at the end of the range', 'sql',
 'SELECT count(*) >= 0 FROM rfm($q$SELECT 1, timestamptz ''4714-11-24 00:00:00+00 BC'', 5.0$q$, timestamptz ''294276-12-31 23:59:59.999999+00'')', 'any', 'all'),
('journey_sessions: across the whole range', 'sql',
 'SELECT count(*) = 2 FROM journey_sessions(''[["-4713-11-24T00:00:00Z", "a"], ["+294276-12-31T23:59:59.999999Z", "b"]]'')', 'accept', 'all'),
('duration: across the whole range', 'sql',
 'SELECT journey_duration(''[["-4713-11-24T00:00:00Z", "a"], ["+294276-12-31T23:59:59.999999Z", "b"]]'') > interval ''0''', 'any', 'all'),
('window_funnel: a window of 2^63-1 microseconds across the range', 'sql',
 'SELECT window_funnel(''[["-4713-11-24T00:00:00Z", "a"], ["+294276-12-31T23:59:59.999999Z", "b"]]'', interval ''178000000 years'', ''{a,b}'') >= 1', 'any', 'all'),
('window_funnel: a bigint window of 2^63-1 with extreme timestamps', 'sql',
 'SELECT window_funnel(9223372036854775807, t, t = -9223372036854775808, t = 9223372036854775807) = 2 FROM (VALUES (-9223372036854775808::bigint), (9223372036854775807)) v(t)', 'any', 'all'),
('sequence_count: a gate across extreme bigint timestamps', 'sql',
 'SELECT sequence_count(''(?1)(?t>=18446744073709551615)(?2)'', t, t < 0, t > 0) >= 0 FROM (VALUES (-9223372036854775808::bigint), (9223372036854775807)) v(t)', 'any', 'all'),
('journey_sessions: a gap of 0', 'sql', 'SELECT count(*) >= 0 FROM journey_sessions(''[["2025-01-01T00:00:00Z", "a"]]'', ''0'')', 'reject:22023', 'all'),
('journey_sessions: a negative gap', 'sql', 'SELECT count(*) >= 0 FROM journey_sessions(''[["2025-01-01T00:00:00Z", "a"]]'', ''-1 day'')', 'reject', 'all'),
('journey_next_label: 2^31-1 steps', 'sql', 'SELECT journey_next_label(''[["2025-01-01T00:00:00Z", "a"]]'', ''a'', 2147483647) IS NULL', 'accept', 'all'),
('journey_next_label: negative steps', 'sql', 'SELECT journey_next_label(''[["2025-01-01T00:00:00Z", "a"]]'', ''a'', -2147483648) IS NULL', 'reject', 'all');
