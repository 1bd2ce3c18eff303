-- The label form of window_funnel and funnel_times: one label per row and
-- the steps as a text[] (one lookup per row instead of one condition per
-- step).  It must give exactly what the conditions form gives; expected
-- values are otherwise worked by hand.
CREATE SCHEMA window_funnel_labels;
SET search_path = window_funnel_labels, public;

-- a label naming two steps: begin_checkout is steps 1 and 3 (by hand: 4, as
-- with conditions; strict_order 1; strict_order + allow_reentry 4)
CREATE TABLE shop (u int, ts bigint, action text);
INSERT INTO shop VALUES (1,100,'begin_checkout'),(1,200,'view'),(1,300,'begin_checkout'),(1,400,'pay');
SELECT window_funnel(600, ts, action, ARRAY['begin_checkout', 'view', 'begin_checkout', 'pay']) FROM shop;
SELECT window_funnel(600, 'strict_order', ts, action, ARRAY['begin_checkout', 'view', 'begin_checkout', 'pay']) FROM shop;
SELECT window_funnel(600, 'strict_order,allow_reentry', ts, action, ARRAY['begin_checkout', 'view', 'begin_checkout', 'pay']) FROM shop;
-- funnel_times: {100,200,300,400}
SELECT funnel_times(600, ts, action, ARRAY['begin_checkout', 'view', 'begin_checkout', 'pay']) FROM shop;
-- a NULL label names no step but is a row: strict_order stops at it (1); default 2
SELECT window_funnel(10, 'strict_order', ts, e, ARRAY['a', 'b']) FROM (VALUES (1::bigint, 'a'), (2, NULL), (3, 'b')) v(ts, e);
SELECT window_funnel(10, ts, e, ARRAY['a', 'b']) FROM (VALUES (1::bigint, 'a'), (2, NULL), (3, 'b')) v(ts, e);
-- labels are compared byte for byte: case matters (1)
SELECT window_funnel(10, ts, e, ARRAY['a', 'b']) FROM (VALUES (1::bigint, 'a'), (2, 'B')) v(ts, e);
-- the overloads: timestamptz and timestamp with interval windows, mode forms (2 2 2 2)
SELECT window_funnel('1 hour', ts, e, ARRAY['a', 'b']),
       window_funnel('1 hour', ts::timestamp, e, ARRAY['a', 'b']),
       window_funnel('1 hour', '', ts, e, ARRAY['a', 'b']),
       window_funnel('1 hour', '', ts::timestamp, e, ARRAY['a', 'b'])
FROM (VALUES (timestamptz '2025-01-01 10:00+00', 'a'), ('2025-01-01 10:30+00', 'b')) v(ts, e);
SELECT pg_typeof(funnel_times('1 hour', ts, e, ARRAY['a'])), pg_typeof(funnel_times('1 hour', ts::timestamp, e, ARRAY['a'])),
       pg_typeof(funnel_times(1, 1::bigint, e, ARRAY['a'])), pg_typeof(funnel_times('1 hour', '', ts, e, ARRAY['a'])),
       pg_typeof(funnel_times('1 hour', '', ts::timestamp, e, ARRAY['a'])), pg_typeof(funnel_times(1, '', 1::bigint, e, ARRAY['a']))
FROM (VALUES (now(), 'a')) v(ts, e);
-- 64 steps, each a distinct label: 64
SELECT window_funnel(100, i::bigint, 'e' || i, (SELECT array_agg('e' || j ORDER BY j) FROM generate_series(1, 64) j))
FROM generate_series(1, 64) i;

-- on random data, in every mode: the label form equals the conditions form
SELECT setseed(0.125);
CREATE TABLE rnd AS
SELECT (random() * 300)::int AS u, (random() * 40)::bigint AS ts,
       (ARRAY['a', 'b', 'c', 'd', 'x'])[1 + (random() * 4)::int] AS e
FROM generate_series(1, 4000);
SELECT m AS mode,
       count(*) FILTER (WHERE l <> c) AS level_mismatches,
       count(*) FILTER (WHERE lt <> ct) AS times_mismatches,
       count(DISTINCT c) AS distinct_levels
FROM (VALUES (''), ('strict_order'), ('strict_deduplication'), ('strict_increase'), ('strict_once'),
             ('strict_order,allow_reentry'), ('strict_once,strict_deduplication,strict_order')) modes(m),
     LATERAL (SELECT u,
                     window_funnel(6, m, ts, e, ARRAY['a', 'b', 'a', 'c', 'd']) AS l,
                     window_funnel(6, m, ts, e = 'a', e = 'b', e = 'a', e = 'c', e = 'd') AS c,
                     funnel_times(6, m, ts, e, ARRAY['a', 'b', 'a', 'c', 'd']) AS lt,
                     funnel_times(6, m, ts, e = 'a', e = 'b', e = 'a', e = 'c', e = 'd') AS ct
              FROM rnd GROUP BY u) s
GROUP BY m ORDER BY m;

-- the steps may not change within a query; the steps must be a usable array
SELECT window_funnel(10, ts, e, s) FROM (VALUES (1::bigint, 'a', ARRAY['a']), (2, 'b', ARRAY['b'])) v(ts, e, s);
SELECT window_funnel(10, 1::bigint, 'a', NULL::text[]);
SELECT window_funnel(10, 1::bigint, 'a', ARRAY['a', NULL]);
SELECT window_funnel(10, 1::bigint, 'a', '{}'::text[]);
SELECT window_funnel(10, 1::bigint, 'a', '{{a,b}}'::text[]);
SELECT window_funnel(10, 1::bigint, 'a', (SELECT array_agg('e' || j) FROM generate_series(1, 65) j));
SELECT window_funnel(0, 1::bigint, 'a', ARRAY['a']);
SELECT window_funnel(10, 'strict_ordr', 1::bigint, 'a', ARRAY['a']);

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA window_funnel_labels CASCADE;
