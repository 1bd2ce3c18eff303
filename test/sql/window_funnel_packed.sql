-- window_funnel keeps up to 16 steps' events packed, 8 bytes each, as an
-- offset from the group's first event; events too far apart to pack, and
-- funnels of more steps, take 16 bytes.  Both forms must give the same answers.
SET timezone = 'UTC';
-- 4 steps pack offsets up to 2^59 microseconds (18,267 years) either way
SELECT window_funnel('30000 years', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM (VALUES (timestamptz '4000-01-01 00:00+00 BC', 'a'), ('2000-01-01 00:00+00', 'b'), ('20000-01-01 00:00+00', 'c')) v(ts, e);
SELECT window_funnel('10000 years', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM (VALUES (timestamptz '4000-01-01 00:00+00 BC', 'a'), ('2000-01-01 00:00+00', 'b'), ('20000-01-01 00:00+00', 'c')) v(ts, e);
-- the same rows in reverse order: the first row is the base, the others lie before it
SELECT window_funnel('30000 years', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM (VALUES (timestamptz '20000-01-01 00:00+00', 'c'), ('2000-01-01 00:00+00', 'b'), ('4000-01-01 00:00+00 BC', 'a')) v(ts, e);
SELECT funnel_times('30000 years', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM (VALUES (timestamptz '20000-01-01 00:00+00', 'c'), ('2000-01-01 00:00+00', 'b'), ('4000-01-01 00:00+00 BC', 'a')) v(ts, e);
-- bigint timestamps: an offset beyond 2^59 - 1 takes the wide form; 2^59 - 1 packs
SELECT window_funnel(9223372036854775807, ts, e = 1, e = 2) FROM (VALUES (0::bigint, 1), (576460752303423488, 2)) v(ts, e);
SELECT window_funnel(9223372036854775807, ts, e = 1, e = 2) FROM (VALUES (576460752303423487::bigint, 2), (0, 1)) v(ts, e);
SELECT window_funnel(9223372036854775807, ts, e = 1, e = 2) FROM (VALUES ('-9223372036854775808'::bigint, 1), (9223372036854775807, 2)) v(ts, e);
SELECT funnel_times(576460752303423488, ts, e = 1, e = 2) FROM (VALUES (9223372036854775807::bigint, 2), (8646911284551352319, 1), ('-9223372036854775808', 1)) v(ts, e);
-- 16 steps pack offsets up to 2^47 microseconds (4.46 years): events years apart take the wide form
SELECT window_funnel('20 years', ts, e = 1, e = 2, e = 3, e = 4, e = 5, e = 6, e = 7, e = 8, e = 9, e = 10, e = 11, e = 12, e = 13, e = 14, e = 15, e = 16) FROM (SELECT timestamptz '2000-01-01 00:00+00' + (i * interval '1 year'), i FROM generate_series(1, 16) i) v(ts, e);
SELECT window_funnel('20 years', ts, e = 1, e = 2, e = 3, e = 4, e = 5, e = 6, e = 7, e = 8, e = 9, e = 10, e = 11, e = 12, e = 13, e = 14, e = 15, e = 16) FROM (SELECT timestamptz '2000-01-01 00:00+00' + ((16 - i) * interval '1 year'), 16 - i FROM generate_series(0, 15) i) v(ts, e);
-- 17 steps: the wide form from the first row
SELECT window_funnel('20 years', ts, e = 1, e = 2, e = 3, e = 4, e = 5, e = 6, e = 7, e = 8, e = 9, e = 10, e = 11, e = 12, e = 13, e = 14, e = 15, e = 16, e = 17) FROM (SELECT timestamptz '2000-01-01 00:00+00' + ((17 - i) * interval '1 month'), 17 - i FROM generate_series(0, 16) i) v(ts, e);
SELECT window_funnel('1 year', ts, e = 1, e = 2, e = 3, e = 4, e = 5, e = 6, e = 7, e = 8, e = 9, e = 10, e = 11, e = 12, e = 13, e = 14, e = 15, e = 16, e = 17) FROM (SELECT timestamptz '2000-01-01 00:00+00' + ((17 - i) * interval '1 month'), 17 - i FROM generate_series(0, 16) i) v(ts, e);
-- groups whose rows match no step share one empty state; a later matching
-- row gives its group a state of its own (window_funnel and funnel_times
-- with the same arguments share each group's state)
SELECT u, window_funnel('1 hour', ts, e = 'a', e = 'b') AS level, funnel_times('1 hour', ts, e = 'a', e = 'b') AS times FROM (VALUES (1, timestamptz '2024-01-01 10:00+00', 'x'), (2, '2024-01-01 10:00+00', 'x'), (2, '2024-01-01 10:10+00', 'a'), (2, '2024-01-01 10:20+00', 'b'), (3, '2024-01-01 10:00+00', 'y'), (1, '2024-01-01 10:30+00', 'z')) v(u, ts, e) GROUP BY u ORDER BY u;
SELECT u, window_funnel('1 hour', ts, e, ARRAY['a', 'b']) AS level FROM (VALUES (1, timestamptz '2024-01-01 10:00+00', 'x'), (2, '2024-01-01 10:00+00', NULL), (2, '2024-01-01 10:10+00', 'a')) v(u, ts, e) GROUP BY u ORDER BY u;
-- strict_order keeps rows that match nothing, as markers
SELECT window_funnel('1 hour', 'strict_order', ts, e = 'a', e = 'b') FROM (VALUES (timestamptz '2024-01-01 10:00+00', 'a'), ('2024-01-01 10:05+00', 'x'), ('2024-01-01 10:10+00', 'b')) v(ts, e);
SELECT window_funnel('1 hour', 'strict_order', ts, e = 'a', e = 'b') FROM (VALUES (timestamptz '2024-01-01 10:00+00', 'x'), ('2024-01-01 10:05+00', 'a'), ('2024-01-01 10:10+00', 'b')) v(ts, e);
-- as a window aggregate, the frame growing from a row that matches nothing
SELECT ts, window_funnel('1 hour', ts, e = 'a', e = 'b') OVER (ORDER BY ts) FROM (VALUES (timestamptz '2024-01-01 10:00+00', 'x'), ('2024-01-01 10:10+00', 'a'), ('2024-01-01 10:20+00', 'b')) v(ts, e) ORDER BY ts;
-- many users, some with events centuries apart, in scrambled order: the
-- per-user levels (users 281 to 300 match no step) equal those over the same events stored as journeys
-- (which never pack), serially and through partial states (serialize,
-- deserialize, combine)
CREATE TABLE packed_ev AS SELECT u, timestamptz '2000-01-01 00:00+00' + ((i * 7919) % 500) * CASE WHEN u % 5 = 0 THEN interval '100 years' ELSE interval '1 hour' END AS ts, CASE WHEN u > 280 THEN 'x' ELSE (ARRAY['a', 'b', 'c', 'd', 'x'])[1 + (i * 31 + u) % 5] END AS e FROM generate_series(1, 300) u, generate_series(1, 20) i;
CREATE TABLE packed_ref AS SELECT u, window_funnel(j, '50000 hours', ARRAY['a', 'b', 'c', 'd'], '') AS level FROM (SELECT u, journey_agg(ts, e) AS j FROM packed_ev GROUP BY u) s;
SELECT count(*), count(DISTINCT level) > 2 AS levels_vary, count(*) FILTER (WHERE level = 0) AS no_step FROM packed_ref;
SELECT count(*) AS differ FROM packed_ref r JOIN (SELECT u, window_funnel('50000 hours', ts, e, ARRAY['a', 'b', 'c', 'd']) AS level FROM packed_ev GROUP BY u) s USING (u) WHERE r.level <> s.level;
SELECT count(*) AS differ FROM packed_ref r JOIN (SELECT u, window_funnel('50000 hours', ts, e = 'a', e = 'b', e = 'c', e = 'd') AS level FROM packed_ev GROUP BY u) s USING (u) WHERE r.level <> s.level;
\i test/data/force_parallel.sql
SELECT plan_has($$SELECT u, window_funnel('50000 hours', ts, e, ARRAY['a', 'b', 'c', 'd']) FROM packed_ev GROUP BY u$$, 'Partial GroupAggregate') AS partial_plan;
SELECT count(*) AS differ FROM packed_ref r JOIN (SELECT u, window_funnel('50000 hours', ts, e, ARRAY['a', 'b', 'c', 'd']) AS level FROM packed_ev GROUP BY u) s USING (u) WHERE r.level <> s.level;
SELECT count(*) AS differ FROM packed_ref r JOIN (SELECT u, window_funnel('50000 hours', ts, e = 'a', e = 'b', e = 'c', e = 'd') AS level FROM packed_ev GROUP BY u) s USING (u) WHERE r.level <> s.level;
RESET ALL;
DROP TABLE packed_ev, packed_ref;
-- states come from an arena of the aggregate context: the same levels when
-- the hash aggregate spills (its context is reset between batches), when
-- sorting resets it for every group, and with grouping sets (one context
-- per set: the others' states are palloc'd)
CREATE TABLE packed_many AS SELECT u, timestamptz '2024-01-01 00:00+00' + ((u * 7 + i * 13) % 40) * interval '1 minute' AS ts, (ARRAY['a', 'b', 'c', 'x'])[1 + (u + i * i) % 4] AS e FROM generate_series(1, 20000) u, generate_series(1, 6) i;
CREATE TABLE packed_many_ref AS SELECT u, window_funnel('15 minutes', ts, e, ARRAY['a', 'b', 'c']) AS level FROM packed_many GROUP BY u;
SELECT level, count(*) FROM packed_many_ref GROUP BY level ORDER BY level;
SET work_mem = '64kB';
SET enable_sort = off;
SELECT plan_has($$SELECT u, window_funnel('15 minutes', ts, e, ARRAY['a', 'b', 'c']) FROM packed_many GROUP BY u$$, 'HashAggregate') AS hashed;
SELECT count(*) AS differ FROM packed_many_ref r JOIN (SELECT u, window_funnel('15 minutes', ts, e, ARRAY['a', 'b', 'c']) AS level FROM packed_many GROUP BY u) s USING (u) WHERE r.level <> s.level;
RESET enable_sort;
SET enable_hashagg = off;
SELECT plan_has($$SELECT u, window_funnel('15 minutes', ts, e, ARRAY['a', 'b', 'c']) FROM packed_many GROUP BY u$$, 'GroupAggregate') AS sorted;
SELECT count(*) AS differ FROM packed_many_ref r JOIN (SELECT u, window_funnel('15 minutes', ts, e, ARRAY['a', 'b', 'c']) AS level FROM packed_many GROUP BY u) s USING (u) WHERE r.level <> s.level;
RESET enable_hashagg;
RESET work_mem;
SELECT count(*) AS differ FROM packed_many_ref r JOIN (SELECT u, window_funnel('15 minutes', ts, e, ARRAY['a', 'b', 'c']) AS level FROM packed_many GROUP BY GROUPING SETS ((u), (u % 2), ()) HAVING GROUPING(u) = 0) s USING (u) WHERE r.level <> s.level;
SELECT count(*) AS differ FROM (SELECT u % 2 AS half, window_funnel('15 minutes', ts, e, ARRAY['a', 'b', 'c']) AS level FROM packed_many GROUP BY 1) r JOIN (SELECT u % 2 AS half, window_funnel('15 minutes', ts, e, ARRAY['a', 'b', 'c']) AS level FROM packed_many GROUP BY GROUPING SETS ((u), (u % 2), ()) HAVING GROUPING(u) = 1 AND GROUPING(u % 2) = 0) s USING (half) WHERE r.level <> s.level;
SELECT (SELECT window_funnel('15 minutes', ts, e, ARRAY['a', 'b', 'c']) FROM packed_many) = (SELECT window_funnel('15 minutes', ts, e, ARRAY['a', 'b', 'c']) FROM packed_many GROUP BY GROUPING SETS ((u), ()) HAVING GROUPING(u) = 1) AS whole_matches;
DROP TABLE packed_many, packed_many_ref;
DROP FUNCTION plan_has(text, text);
