-- Every segment against the rest (segment_agg, rollup(segment_summary),
-- funnel_segments); docs/statistics.md, "Every segment against the rest".
SET extra_float_digits = 0;
CREATE SCHEMA funnel_segments;
SET search_path = funnel_segments, public;

-- textbook formulas, independent of the extension: ln n!, Fisher's
-- two-sided p (tables no more likely than the observed one, R's 1e-7
-- tolerance) by enumeration, the pooled z, Holm's step-down
CREATE FUNCTION lnfact(n bigint) RETURNS float8 LANGUAGE sql IMMUTABLE
AS $$ SELECT coalesce(sum(ln(i::float8)), 0) FROM generate_series(1, n) i $$;
CREATE FUNCTION fisher_sql(a bigint, b bigint, c bigint, d bigint) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
  WITH t AS (
    SELECT x, exp(lnfact(a + b) + lnfact(c + d) + lnfact(a + c) + lnfact(b + d) - lnfact(a + b + c + d)
                  - lnfact(x) - lnfact(a + b - x) - lnfact(a + c - x) - lnfact(d - a + x)) AS p
    FROM generate_series(greatest(0, a - d), least(a + b, a + c)) x)
  SELECT sum(p) FROM t WHERE p <= (SELECT p FROM t WHERE x = a) * (1 + 1e-7) $$;
CREATE FUNCTION z_sql(x1 bigint, n1 bigint, x2 bigint, n2 bigint) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
  SELECT (x2::float8 / n2 - x1::float8 / n1)
         / sqrt((x1 + x2)::float8 / (n1 + n2) * (1 - (x1 + x2)::float8 / (n1 + n2)) * (1.0 / n1 + 1.0 / n2)) $$;

-- ---------- the worked example ----------
-- three segments: A {100, 40, 10}, B {80, 20, 3}, C {20, 12, 2}; totals
-- {200, 72, 15}.  By hand: A step 2 is 40/100 against the rest's 32/100,
-- z = 0.08 / sqrt(0.36 * 0.64 * 0.02) = 1.17851; C step 3 is 2/20
-- against 13/180, whose smallest expected count 20 * 15 / 200 = 1.5 is
-- below 5: Fisher's test.  Holm over the six tests (steps 2 and 3).
CREATE TABLE ex (segment text, counts bigint[]);
INSERT INTO ex VALUES ('C', '{20,12,2}'), ('A', '{100,40,10}'), ('B', '{80,20,3}');
CREATE TABLE ex_summary AS SELECT segment_agg(segment, counts) AS s FROM ex;
SELECT segment, step, actors, round(conversion::numeric, 6) AS conversion, rest_actors,
       round(rest_conversion::numeric, 6) AS rest_conversion, round(diff::numeric, 6) AS diff,
       round(z::numeric, 6) AS z, test, round(p_value::numeric, 6) AS p_value,
       round(p_holm::numeric, 6) AS p_holm, note
FROM funnel_segments((SELECT s FROM ex_summary));
-- the same, as docs/statistics.md writes it
SELECT segment, step, actors, round(conversion::numeric, 6) AS conversion, rest_actors,
       round(rest_conversion::numeric, 6) AS rest_conversion, round(z::numeric, 6) AS z, test,
       round(p_value::numeric, 6) AS p_value, round(p_holm::numeric, 6) AS p_holm
FROM funnel_segments((SELECT segment_agg(segment, counts)
                      FROM (VALUES ('A', '{100,40,10}'::bigint[]), ('B', '{80,20,3}'), ('C', '{20,12,2}')) v(segment, counts)));
-- z equals the textbook formula, its p-value proportion_ztest's, Fisher's
-- p the enumeration's, all to 1e-9; the interval is proportion_ztest's
SELECT f.segment, f.step, f.test,
       abs(f.z - z_sql(f.rest_actors, 200 - e.counts[1], f.actors, e.counts[1])) < 1e-9 AS z_ok,
       abs(f.p_value - CASE f.test WHEN 'z' THEN t.p_value
           ELSE fisher_sql(f.actors, e.counts[1] - f.actors, f.rest_actors, 200 - e.counts[1] - f.rest_actors) END) < 1e-9 AS p_ok,
       abs(f.diff_low - t.diff_low) < 1e-12 AND abs(f.diff_high - t.diff_high) < 1e-12 AS interval_ok,
       round(fisher_sql(f.actors, e.counts[1] - f.actors, f.rest_actors, 200 - e.counts[1] - f.rest_actors)::numeric, 6) AS fisher_p
FROM funnel_segments((SELECT s FROM ex_summary)) f
JOIN ex e USING (segment),
     LATERAL proportion_ztest(f.rest_actors, 200 - e.counts[1], f.actors, e.counts[1]) t
WHERE f.step > 1 ORDER BY 1, 2;
-- Holm by hand in SQL: p sorted ascending, (m - i + 1) p, running maximum
SELECT bool_and(abs(p_holm - holm) < 1e-12) AS holm_ok, count(*) AS family
FROM (SELECT p_holm, least(1, max((m - i + 1) * p_value) OVER (ORDER BY i)) AS holm
      FROM (SELECT p_holm, p_value, count(*) OVER () AS m, row_number() OVER (ORDER BY p_value) AS i
            FROM funnel_segments((SELECT s FROM ex_summary)) WHERE p_value IS NOT NULL) r) h;
-- from the previous step: C step 3 is 2/12 against 13/60; 12 * 15 / 72 =
-- 2.5 < 5: Fisher
SELECT segment, step, actors, round(conversion::numeric, 6) AS conversion, rest_actors,
       round(rest_conversion::numeric, 6) AS rest_conversion, test, round(p_value::numeric, 6) AS p_value,
       CASE step WHEN 3 THEN abs(p_value - fisher_sql(2, 10, 13, 47)) < 1e-9 END AS fisher_ok
FROM funnel_segments((SELECT s FROM ex_summary), 'previous') WHERE segment = 'C';
-- the confidence sets the interval only
SELECT bool_and(f.diff_low = t.diff_low AND f.diff_high = t.diff_high) AS interval_99
FROM funnel_segments((SELECT s FROM ex_summary), confidence => 0.99) f
JOIN ex e USING (segment),
     LATERAL proportion_ztest(f.rest_actors, 200 - e.counts[1], f.actors, e.counts[1], 0.99) t
WHERE f.step > 1;
-- base keywords ignore case and surrounding space, as funnel_compare's
SELECT count(*) FROM funnel_segments((SELECT s FROM ex_summary), ' Previous ');

-- ---------- from per-actor levels; NULL segments and levels ----------
-- x: levels 3, 1, 0; y: 2; NULL: 3, 2; a NULL level is skipped (u7
-- does not create segment z).  The NULL segment is a segment of its own
-- and part of every other segment's rest; it comes last.
CREATE TABLE lv (actor int, segment text, level int);
INSERT INTO lv VALUES (1, 'x', 3), (2, 'x', 1), (3, 'x', 0), (4, 'y', 2), (5, NULL, 3), (6, NULL, 2), (7, 'z', NULL);
SELECT segment, step, actors, conversion, rest_actors, rest_conversion, test, note
FROM funnel_segments((SELECT segment_agg(segment, level, 3) FROM lv));
-- the same summary as funnel_counts per segment, and as rollup of
-- single-actor summaries (bytes equal)
SELECT (SELECT segment_agg(segment, level, 3)::text FROM lv)
     = (SELECT segment_agg(segment, c)::text FROM (SELECT segment, funnel_counts(level, 3) AS c FROM lv WHERE level IS NOT NULL GROUP BY segment) g) AS same_as_funnel_counts,
       (SELECT segment_agg(segment, level, 3)::text FROM lv)
     = (SELECT rollup(s)::text FROM (SELECT segment_agg(segment, level, 3) AS s FROM lv WHERE level IS NOT NULL GROUP BY actor) a) AS same_as_rollup;
-- no variance, an empty segment, one segment alone
SELECT segment, step, actors, conversion, rest_conversion, diff, z, test, p_value, note
FROM funnel_segments((SELECT segment_agg(s, c) FROM (VALUES ('all', '{5,5}'::bigint[]), ('also', '{3,3}'), ('empty', '{0,0}')) v(s, c)));
SELECT segment, step, actors, conversion, rest_actors, rest_conversion, z, note
FROM funnel_segments((SELECT segment_agg('only', '{4,2}'::bigint[])));
-- more than 2^53 actors: doubles no longer hold the counts, so no z and
-- no test, a note; diff is still exact: -+2^-60 = 8.67361737988404e-19
-- (from the failure shares, 1 of 2^60 against 0)
SELECT segment, step, actors, rest_actors, diff, z, test, note
FROM funnel_segments((SELECT segment_agg(s, c) FROM (VALUES ('a', ARRAY[1152921504606846976, 1152921504606846975]), ('b', ARRAY[1152921504606846976, 1152921504606846976])) v(s, c)));
-- empty input: NULL (like avg); a NULL summary gives no rows; NULL
-- counts are skipped; a group of NULL levels is a summary of no segment
SELECT segment_agg(segment, counts) IS NULL AS no_input FROM ex WHERE false;
SELECT count(*) FROM funnel_segments(NULL);
SELECT segment_agg(s, c) IS NULL AS null_counts FROM (VALUES ('a', NULL::bigint[])) v(s, c);
SELECT count(*) FROM funnel_segments((SELECT segment_agg('a', NULL::int, 2)));
-- segment names are bytes: order by bytes, empty names, long names
SELECT left(segment, 3) AS segment, length(segment) AS length, step, actors
FROM funnel_segments((SELECT segment_agg(s, 1, 1) FROM (VALUES ('b'), ('B'), (''), ('a'), ('ab'), (repeat('z', 3000))) v(s)));

-- ---------- the sample data: first-touch channel as the segment ----------
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = funnel_segments, journey_sample, public;
CREATE TABLE sample_users AS
SELECT user_id, (array_agg(channel ORDER BY ts, channel))[1] AS channel,
       window_funnel('7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS level
FROM events GROUP BY user_id;
CREATE TABLE sample_summary AS SELECT segment_agg(channel, level, 4) AS s FROM sample_users;
-- the report on the sample data (docs/statistics.md)
SELECT segment, step, actors, round(conversion::numeric, 4) AS conversion, rest_actors,
       round(rest_conversion::numeric, 4) AS rest_conversion, round(z::numeric, 3) AS z, test,
       round(p_value::numeric, 6) AS p_value, round(p_holm::numeric, 6) AS p_holm
FROM funnel_segments((SELECT segment_agg(channel, level, 4) FROM sample_users)) WHERE step > 1;
-- plain SQL per segment and step (actors at least at the step, the rest
-- = everyone else), against the report under both bases; z and p_value
-- equal proportion_ztest's on those counts (p_value where the test is z)
CREATE TABLE sample_plain AS
SELECT c.channel, k AS step,
       count(*) FILTER (WHERE u.channel = c.channel AND u.level >= k) AS actors,
       count(*) FILTER (WHERE u.channel = c.channel AND u.level >= 1) AS base_start,
       count(*) FILTER (WHERE u.channel = c.channel AND u.level >= greatest(k - 1, 1)) AS base_prev,
       count(*) FILTER (WHERE u.channel <> c.channel AND u.level >= k) AS rest,
       count(*) FILTER (WHERE u.channel <> c.channel AND u.level >= 1) AS rest_start,
       count(*) FILTER (WHERE u.channel <> c.channel AND u.level >= greatest(k - 1, 1)) AS rest_prev
FROM (SELECT DISTINCT channel FROM sample_users) c, generate_series(1, 4) k, sample_users u
GROUP BY c.channel, k;
SELECT b.base, count(*) AS rows,
       count(*) FILTER (WHERE f.actors = p.actors AND f.rest_actors = p.rest
                        AND f.conversion = p.actors::float8 / CASE b.base WHEN 'start' THEN p.base_start ELSE p.base_prev END
                        AND f.rest_conversion = p.rest::float8 / CASE b.base WHEN 'start' THEN p.rest_start ELSE p.rest_prev END) AS counts_equal,
       count(*) FILTER (WHERE f.z = t.z) AS z_equal,
       count(*) FILTER (WHERE f.test = 'z' AND f.p_value = t.p_value) AS z_p_equal,
       count(*) FILTER (WHERE f.test = 'z') AS z_tests,
       count(*) FILTER (WHERE f.test = 'fisher') AS fisher_tests,
       count(*) FILTER (WHERE f.step = 1 AND f.test IS NULL) AS step1_untested
FROM (VALUES ('start'), ('previous')) b(base),
     LATERAL funnel_segments((SELECT s FROM sample_summary), b.base) f
JOIN sample_plain p ON p.channel = f.segment AND p.step = f.step,
     LATERAL proportion_ztest(p.rest, CASE b.base WHEN 'start' THEN p.rest_start ELSE p.rest_prev END,
                              p.actors, CASE b.base WHEN 'start' THEN p.base_start ELSE p.base_prev END) t
GROUP BY b.base ORDER BY b.base;
-- the same summary from funnel_counts rows (docs/statistics.md)
SELECT (SELECT segment_agg(channel, counts)
        FROM (SELECT channel, funnel_counts(level, 4) AS counts FROM sample_users GROUP BY channel) c)::text
     = (SELECT s::text FROM sample_summary) AS same_from_funnel_counts;
-- rollup of disjoint actor sets (three parts by user) equals one pass
SELECT (SELECT rollup(s)::text FROM (SELECT segment_agg(channel, level, 4) AS s FROM sample_users GROUP BY user_id % 3) p)
     = (SELECT s::text FROM sample_summary) AS rollup_same;

-- ---------- parallel plans: partial states combined (and serialized) ----------
CREATE TABLE pp AS
SELECT u, (ARRAY['north', 'south', 'east', 'west', NULL])[1 + u % 5] AS segment,
       (u * 7919 % 11) % 5 AS level
FROM generate_series(1, 60000) u;
ANALYZE pp;
CREATE TABLE pp_counts AS SELECT segment, funnel_counts(level, 4) AS c FROM pp GROUP BY segment;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial AS
SELECT segment_agg(segment, level, 4)::text AS a,
       (SELECT segment_agg(segment, c)::text FROM pp_counts) AS b
FROM pp;
CREATE TABLE pp_parts AS SELECT u % 5000 AS part, segment_agg(segment, level, 4) AS s FROM pp GROUP BY 1;
ANALYZE pp_parts;
\i test/data/force_parallel.sql
SELECT plan_has('SELECT segment_agg(segment, level, 4) FROM pp', 'Partial Aggregate') AS partial_levels,
       plan_has('SELECT segment_agg(segment, c) FROM pp_counts', 'Partial Aggregate') AS partial_counts,
       plan_has('SELECT rollup(s) FROM pp_parts', 'Partial Aggregate') AS partial_rollup;
SELECT (SELECT segment_agg(segment, level, 4)::text FROM pp) = (SELECT a FROM serial) AS parallel_same,
       (SELECT segment_agg(segment, c)::text FROM pp_counts) = (SELECT b FROM serial) AS parallel_counts_same,
       (SELECT a FROM serial) = (SELECT b FROM serial) AS levels_same_as_counts;
CREATE TABLE par_rollup AS SELECT rollup(s)::text AS r FROM pp_parts;
\i test/data/reset_parallel.sql
SELECT (SELECT r FROM par_rollup) = (SELECT a FROM serial) AS parallel_rollup_same;

-- ---------- text and binary forms ----------
-- the worked example's bytes (docs/format.md): 'JS', kind 9, version 1, 3
-- steps, no NULL segment, 3 named; "A" 100, lost 60, 30; "B" 80, 60, 17;
-- "C" 20, 8, 10
SELECT decode((SELECT s::text FROM ex_summary), 'base64') AS bytes;
SELECT (SELECT s FROM ex_summary)::text::segment_summary::text = (SELECT s::text FROM ex_summary) AS text_round_trip;
CREATE TABLE seg_bin AS SELECT segment_agg(segment, level, 3) AS s FROM lv;
\copy seg_bin TO 'results/funnel_segments.bin' WITH (FORMAT binary)
CREATE TABLE seg_in (s segment_summary);
\copy seg_in FROM 'results/funnel_segments.bin' WITH (FORMAT binary)
SELECT (SELECT s::text FROM seg_in) = (SELECT s::text FROM seg_bin) AS binary_round_trip;
-- damaged bytes are refused (22P03): names out of order, counts that grow
CREATE TABLE seg_raw (b bytea);
INSERT INTO seg_raw VALUES ('\x4a530901010002016201016101');
\copy seg_raw TO 'results/funnel_segments_bad.bin' WITH (FORMAT binary)
\copy seg_in FROM 'results/funnel_segments_bad.bin' WITH (FORMAT binary)
TRUNCATE seg_raw;
INSERT INTO seg_raw VALUES ('\x4a53090102000101610102');
\copy seg_raw TO 'results/funnel_segments_bad2.bin' WITH (FORMAT binary)
\copy seg_in FROM 'results/funnel_segments_bad2.bin' WITH (FORMAT binary)
SELECT count(*) AS rows_kept FROM seg_in;

-- ---------- errors ----------
-- text input: not base64, not a summary, another kind, truncated, trailing
-- bytes, unsorted names, a NULL flag of 2
SELECT 'not base64!'::segment_summary;
SELECT 'AAAA'::segment_summary;
SELECT encode('\x4a53050101000000'::bytea, 'base64')::segment_summary;
SELECT encode('\x4a530901030001016164'::bytea, 'base64')::segment_summary;
SELECT encode('\x4a5309010100000000'::bytea, 'base64')::segment_summary;
SELECT encode('\x4a530901010002016201016101'::bytea, 'base64')::segment_summary;
SELECT encode('\x4a5309010102000000'::bytea, 'base64')::segment_summary;
SELECT encode('\x4a53090100000000'::bytea, 'base64')::segment_summary;
-- a name that is not UTF-8 (the byte 0xff)
SELECT encode('\x4a53090101000101ff01'::bytea, 'base64')::segment_summary;
-- different numbers of steps: counts, levels, rollup
SELECT segment_agg(s, c) FROM (VALUES ('a', '{3,1}'::bigint[]), ('b', '{3,2,1}')) v(s, c);
SELECT segment_agg(s, 1, n) FROM (VALUES ('a', 2), ('b', 3)) v(s, n);
SELECT rollup(s) FROM (SELECT segment_agg('a', 1, 2) AS s UNION ALL SELECT segment_agg('a', 1, 3)) u;
-- counts that are not a funnel, levels and steps out of range, NULL steps
SELECT segment_agg('a', '{1,2}'::bigint[]);
SELECT segment_agg('a', '{}'::bigint[]);
SELECT segment_agg('a', '{1,NULL}'::bigint[]);
SELECT segment_agg('a', 4, 3);
SELECT segment_agg('a', -1, 3);
SELECT segment_agg('a', 1, 0);
SELECT segment_agg('a', 1, 65);
SELECT segment_agg('a', 1, NULL);
-- counts beyond bigint when added
SELECT segment_agg(s, c) FROM (VALUES ('a', '{9223372036854775807}'::bigint[]), ('b', '{1}')) v(s, c);
SELECT rollup(s) FROM (SELECT segment_agg('a', '{9223372036854775807}'::bigint[]) AS s UNION ALL SELECT segment_agg('a', '{1}'::bigint[])) u;
-- the report: an unknown or NULL base, a confidence outside (0, 1) or NULL
SELECT * FROM funnel_segments((SELECT s FROM ex_summary), 'end');
SELECT * FROM funnel_segments((SELECT s FROM ex_summary), NULL);
SELECT * FROM funnel_segments((SELECT s FROM ex_summary), confidence => 0);
SELECT * FROM funnel_segments((SELECT s FROM ex_summary), confidence => 1);
SELECT * FROM funnel_segments((SELECT s FROM ex_summary), confidence => NULL);

SET client_min_messages = warning;
DROP SCHEMA journey_sample CASCADE;
DROP SCHEMA funnel_segments CASCADE;
RESET client_min_messages;
