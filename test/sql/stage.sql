-- The stage type: I/O, order, operator classes, min/max, casts.
CREATE SCHEMA stage;
SET search_path = stage, public;

SELECT '3:decision'::stage, ' 12:a:b'::stage AS name_with_colon, stage(2, 'consideration');
-- order: position first, then name bytes (shorter prefix first)
SELECT s FROM (VALUES ('10:a'::stage), ('2:b'), ('2:a'), ('2:ab'), ('1:z'), ('2:B')) v(s) ORDER BY s;
SELECT '2:a'::stage < '10:a' AS lt, '2:a'::stage <= '2:a' AS le, '2:a'::stage = '2:a' AS eq,
       '2:a'::stage <> '2:b' AS ne, '3:a'::stage >= '2:z' AS ge, '3:a'::stage > '2:z' AS gt;
-- min and max: the earliest and the furthest; NULLs ignored, no rows NULL
SELECT min(s), max(s) FROM (VALUES ('2:b'::stage), ('10:a'), (NULL), ('1:z')) v(s);
SELECT max(s) FROM (VALUES ('1:a'::stage)) v(s) WHERE false;
-- casts and accessors
SELECT '3:decision'::stage::int AS position, '3:decision'::stage::text AS name,
       stage_position('3:decision'), stage_name('3:decision');
-- btree index, hash grouping, DISTINCT and sorting
CREATE TABLE st AS SELECT stage(1 + i % 4, (ARRAY['visit', 'view', 'cart', 'buy'])[1 + i % 4]) AS s FROM generate_series(1, 100) i;
CREATE INDEX ON st (s);
SET enable_seqscan = off;
SELECT count(*) FROM st WHERE s >= '3:cart';
RESET enable_seqscan;
SET enable_sort = off;
SELECT s, count(*) FROM st GROUP BY s ORDER BY s;
RESET enable_sort;
SELECT count(DISTINCT s) FROM st;
-- the support functions of min and max, and hash partitioning (extended hash)
SELECT stage_smaller('2:b', '10:a'), stage_larger('2:b', '10:a'), stage_smaller('2:a', '2:a');
CREATE TABLE sp (s stage) PARTITION BY HASH (s);
CREATE TABLE sp0 PARTITION OF sp FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE sp1 PARTITION OF sp FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO sp SELECT s FROM st;
SELECT (SELECT count(*) FROM sp0) + (SELECT count(*) FROM sp1) AS total,
       (SELECT count(*) FROM sp0) > 0 AND (SELECT count(*) FROM sp1) > 0 AS both_used,
       (SELECT count(*) FROM sp WHERE s = '2:view') AS pruned_lookup;
-- equal stages hash alike: every copy of a stage lands in one partition
SELECT count(*) AS stages_in_two_partitions FROM (SELECT s FROM sp0 INTERSECT SELECT s FROM sp1) x;
SELECT stage_hash_extended('3:a', 0) = stage_hash_extended('3:a', 0) AS stable,
       stage_hash_extended('3:a', 0) <> stage_hash_extended('3:a', 1) AS seeded;

-- errors
SELECT 'decision'::stage;
SELECT '3decision'::stage;
SELECT '0:a'::stage;
SELECT '3:'::stage;
SELECT '99999999999:a'::stage;
SELECT stage(0, 'a');
SELECT stage(1, '');
\set VERBOSITY sqlstate
SELECT 'decision'::stage;
SELECT '0:a'::stage;
SELECT stage(1, '');
\set VERBOSITY default

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA stage CASCADE;
