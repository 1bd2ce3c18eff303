-- Conversion drivers: funnel_features per actor, driver_agg into a
-- driver_summary, rollup(driver_summary), conversion_drivers.
--  * a hand-made funnel of 14 actors whose tables, odds ratios, intervals,
--    Fisher p-values and BH q-values are worked out below by hand;
--  * the same statistics from textbook formulas in plain SQL (hypergeometric
--    terms through a table of ln n!, Woolf's interval, BH by ranks) to 1e-9;
--  * the sample data: the report equals plain-SQL 2x2 counts (window joins
--    over the chain funnel_times reports) and those textbook statistics;
--  * forced parallel equals serial; rollup of disjoint actor sets equals one
--    pass; text and binary round trips, damaged input; every error.
CREATE SCHEMA drivers;
SET search_path = drivers, public;
SET extra_float_digits = 0;

-- a hand-made funnel: visit -> purchase (to_step 2), window 7 days
CREATE TABLE ev (uid int, ts timestamptz, event text, channel text);
INSERT INTO ev VALUES
 (1, '2025-01-01 10:00+00', 'visit', 'email'), (1, '2025-01-01 10:05+00', 'video', 'email'),
 (1, '2025-01-01 10:06+00', 'coupon', 'email'), (1, '2025-01-01 10:07+00', 'demo', 'email'),
 (1, '2025-01-01 10:10+00', 'purchase', 'email'),
 (2, '2025-01-01 10:00+00', 'visit', 'email'), (2, '2025-01-01 10:05+00', 'video', 'email'),
 (2, '2025-01-01 10:07+00', 'demo', 'email'), (2, '2025-01-01 10:10+00', 'purchase', 'email'),
 (3, '2025-01-01 10:00+00', 'visit', 'ads'), (3, '2025-01-01 10:05+00', 'video', 'ads'),
 (3, '2025-01-01 10:07+00', 'demo', 'ads'), (3, '2025-01-02 10:10+00', 'purchase', 'ads'),
 (4, '2025-01-01 10:00+00', 'visit', 'ads'), (4, '2025-01-01 10:05+00', 'pricing', 'ads'),
 (4, '2025-01-01 10:07+00', 'demo', 'ads'), (4, '2025-01-03 10:10+00', 'purchase', 'ads'),
 (5, '2025-01-01 10:00+00', 'visit', 'email'), (5, '2025-01-01 10:05+00', 'video', 'email'),
 (5, '2025-01-01 10:06+00', 'pricing', 'email'), (5, '2025-01-01 10:07+00', 'demo', 'email'),
 (5, '2025-01-01 10:10+00', 'purchase', 'email'),
 (6, '2025-01-01 10:00+00', 'visit', 'ads'), (6, '2025-01-01 11:00+00', 'pricing', 'ads'),
 (7, '2025-01-01 10:00+00', 'visit', 'ads'), (7, '2025-01-05 11:00+00', 'pricing', 'ads'),
 (8, '2024-12-31 10:00+00', 'pricing', 'ads'), (8, '2025-01-01 10:00+00', 'visit', 'ads'),
 (9, '2025-01-01 10:00+00', 'visit', 'email'), (9, '2025-01-08 10:00+00', 'video', 'email'),
 (10, '2025-01-01 10:00+00', 'visit', 'ads'), (10, '2025-01-01 10:30+00', 'pricing', 'ads'),
 (11, '2025-01-01 10:00+00', 'visit', 'ads'),
 (12, '2025-01-01 10:00+00', 'visit', 'email'), (12, '2025-01-08 10:00:01+00', 'video', 'email'),
 (13, '2025-01-01 10:00+00', 'video', 'email'),
 (14, '2025-01-01 10:00+00', 'visit', 'email'), (14, '2025-01-01 10:10+00', 'purchase', 'email'),
 (14, '2025-01-01 10:20+00', 'video', 'email');
-- The funnel is visit -> purchase, converted at step 2, window 7 days.
-- Features: each row's label (steps excluded), 'channel=' || channel, and
-- 'all' on every row.  By hand, per actor (window [visit, purchase) for
-- converters, [visit, visit + 7 days] for the others):
--   1 conv {all, channel=email, coupon, demo, video}   8 non {all, channel=ads}
--   2 conv {all, channel=email, demo, video}                (pricing before the visit)
--   3 conv {all, channel=ads, demo, video}             9 non {all, channel=email, video}
--   4 conv {all, channel=ads, demo, pricing}                (video at visit + 7 days exactly)
--   5 conv {all, channel=email, demo, pricing, video} 10 non {all, channel=ads, pricing}
--   6 non  {all, channel=ads, pricing}                11 non {all, channel=ads}
--   7 non  {all, channel=ads, pricing}                12 non {all, channel=email}
--  13 never visits: not reached                           (video 1 s after the window)
--  14 conv {all, channel=email} (video after the purchase)
CREATE TABLE af AS
SELECT uid, funnel_features(interval '7 days', ts, event, ARRAY['visit', 'purchase'], 2,
                            event, 'channel=' || channel, 'all') AS f
FROM ev GROUP BY uid;
SELECT uid, (f).reached, (f).converted, (f).features FROM af ORDER BY uid;
-- without features, the labels that are not steps are the features
SELECT uid, funnel_features(interval '7 days', ts, event, ARRAY['visit', 'purchase'], 2) FROM ev GROUP BY uid ORDER BY uid;
-- 6 converters, 7 non-converters.  By hand (rows: converters, non-converters;
-- columns: with, without; n = 13, margins 6 and 7):
--   demo     5 1 / 0 7: a zero cell, so (5.5 * 7.5) / (1.5 * 0.5) = 55; Fisher:
--            P(a = k) = C(5, k) C(8, 6 - k) / C(13, 6) = {28, 280, 700, 560, 140, 8} / 1716,
--            p = P(5) = 8/1716 (the only table as unlikely)
--   video    4 2 / 1 6: OR = 24 / 2 = 12, p = (28 + 140 + 8) / 1716 = 176/1716,
--            Woolf: exp(ln 12 -+ 1.959964 sqrt(1/4 + 1/2 + 1 + 1/6)) = 0.795694, 180.974
--   channel=email 4 2 / 2 5: OR = 20/4 = 5;  P(a = k) = C(6, k) C(7, 6 - k) / 1716 =
--            {7, 126, 525, 700, 315, 42, 1} / 1716, p = (7 + 126 + 315 + 42 + 1) / 1716 = 491/1716
--   channel=ads   2 4 / 5 2: OR = 4/20 = 0.2, the complement of email: the same p,
--            the same strength |ln OR|, so bytes order them: ads first
--   pricing  2 4 / 3 4: OR = 8/12 = 2/3, P as for video, observed P(2) = 700 is the
--            mode: p = 1
--   all: seen by every actor (no column "without"): not tested
--   coupon: 1 actor < min_actors 5: not tested
-- BH over the 5 tested (n = 5, ranks by p): q = min over later ranks of 5 p / rank:
--   demo 5 * 8/1716 / 1 = 40/1716, video 5 * 176/1716 / 2 = 440/1716,
--   ads and email 5 * 491/1716 / 4 = 2455/6864, pricing 1.
CREATE TABLE hand AS SELECT * FROM conversion_drivers((SELECT driver_agg(f) FROM af));
SELECT feature, converters_with, converters_without, nonconverters_with, nonconverters_without, note FROM hand;
SELECT feature,
       abs(odds_ratio - v.o) < 1e-9 AS odds_ratio_ok, abs(p_value - v.p) < 1e-12 AS p_ok,
       abs(q_value - v.q) < 1e-12 AS q_ok, round(ci_low::numeric, 6) AS ci_low, round(ci_high::numeric, 3) AS ci_high
FROM hand JOIN (VALUES ('demo', 55, 8/1716.0, 40/1716.0), ('video', 12, 176/1716.0, 440/1716.0),
                       ('channel=email', 5, 491/1716.0, 2455/6864.0), ('channel=ads', 0.2, 491/1716.0, 2455/6864.0),
                       ('pricing', 2/3.0, 1, 1)) v(feature, o, p, q) USING (feature)
ORDER BY feature;
-- the untested rows have NULL statistics
SELECT feature, odds_ratio IS NULL AND ci_low IS NULL AND ci_high IS NULL AND p_value IS NULL AND q_value IS NULL AS all_null
FROM hand WHERE note NOT LIKE 'a cell is 0%' ORDER BY feature;
-- min_actors 0 tests coupon too (1 0 / 0 7 ... a zero cell: corrected); BH then has 6 tests
SELECT feature, round(odds_ratio::numeric, 6) AS odds_ratio, round(p_value::numeric, 9) AS p, round(q_value::numeric, 9) AS q, note IS NOT NULL AS has_note
FROM conversion_drivers((SELECT driver_agg(f) FROM af), 0.95, 0);
-- a 90 % interval is narrower (z = 1.644854)
SELECT feature, round(ci_low::numeric, 6) AS ci_low, round(ci_high::numeric, 4) AS ci_high
FROM conversion_drivers((SELECT driver_agg(f) FROM af), 0.9) WHERE feature = 'video';

-- the textbook formulas in plain SQL: ln n! as a table; Fisher's two-sided
-- p as the sum of the hypergeometric terms no more likely than the
-- observed one (R's relative tolerance 1e-7); Woolf's interval with +0.5
-- when a cell is 0; BH q(i) = min over j >= i of min(1, m p(j) / j)
CREATE TABLE lnf AS SELECT n, sum(CASE WHEN n > 0 THEN ln(n::float8) ELSE 0 END) OVER (ORDER BY n) AS lf FROM generate_series(0, 3000) n;
ALTER TABLE lnf ADD PRIMARY KEY (n);
CREATE FUNCTION lf(bigint) RETURNS float8 LANGUAGE sql STABLE AS 'SELECT lf FROM drivers.lnf WHERE n = $1';
CREATE FUNCTION fisher_sql(a bigint, b bigint, c bigint, d bigint) RETURNS float8 LANGUAGE sql STABLE AS $$
  WITH m AS (SELECT a + b AS r1, c + d AS r2, a + c AS c1, b + d AS c2, a + b + c + d AS n),
  k AS (SELECT lf(r1) + lf(r2) + lf(c1) + lf(c2) - lf(n) AS base, * FROM m),
  t AS (SELECT x, CASE WHEN e < -700 THEN 0 ELSE exp(e) END AS pr
        FROM (SELECT x, base - lf(x) - lf(c1 - x) - lf(r1 - x) - lf(c2 - r1 + x) AS e
              FROM k, generate_series(greatest(0, r1 - c2), least(r1, c1)) x) y)
  SELECT least(1, sum(pr)) FROM t WHERE pr <= (SELECT pr FROM t WHERE x = a) * (1 + 1e-7)
$$;
CREATE FUNCTION textbook(s driver_summary, z float8, min_actors int)
RETURNS TABLE (feature text, o float8, lo float8, hi float8, p float8, q float8) LANGUAGE sql STABLE AS $$
  WITH r AS (SELECT feature, a, b, c, d, CASE WHEN least(a, b, c, d) = 0 THEN 0.5 ELSE 0 END AS h
             FROM (SELECT feature, converters_with AS a, converters_without AS b,
                          nonconverters_with AS c, nonconverters_without AS d
                   FROM conversion_drivers(s, 0.95::float8, min_actors)) x
             WHERE a + c >= min_actors AND b + d > 0 AND a + b > 0 AND c + d > 0),
  st AS (SELECT feature, (a + h) * (d + h) / ((b + h) * (c + h)) AS o,
                sqrt(1 / (a + h) + 1 / (b + h) + 1 / (c + h) + 1 / (d + h)) AS se,
                drivers.fisher_sql(a, b, c, d) AS p FROM r),
  rk AS (SELECT *, row_number() OVER (ORDER BY p) AS j, count(*) OVER () AS m FROM st)
  SELECT feature, o, o * exp(-z * se), o * exp(z * se), p,
         min(least(1, m * p / j)) OVER (ORDER BY j DESC ROWS UNBOUNDED PRECEDING)
  FROM rk
$$;
-- relative differences from the textbook values, on the hand-made data (0 rows: all within 1e-9)
CREATE FUNCTION rel(x float8, y float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS 'SELECT abs(x - y) / greatest(abs(y), 1e-300)';
SELECT r.feature FROM conversion_drivers((SELECT driver_agg(f) FROM af)) r
JOIN textbook((SELECT driver_agg(f) FROM af), 1.959963984540054, 5) t USING (feature)
WHERE rel(r.odds_ratio, t.o) > 1e-9 OR rel(r.ci_low, t.lo) > 1e-9 OR rel(r.ci_high, t.hi) > 1e-9
   OR rel(r.p_value, t.p) > 1e-9 OR rel(r.q_value, t.q) > 1e-9;
SELECT count(*) AS textbook_rows FROM textbook((SELECT driver_agg(f) FROM af), 1.959963984540054, 5);

-- funnel_features agrees with window_funnel on reached and converted, in a mode too
-- (strict_order: the rows between visit and purchase break the chain)
SELECT count(*) AS differences FROM (
  SELECT uid, funnel_features(interval '7 days', 'strict_order', ts, event, ARRAY['visit', 'purchase'], 2) AS f,
         window_funnel(interval '7 days', 'strict_order', ts, event, ARRAY['visit', 'purchase']) AS level
  FROM ev GROUP BY uid) x
WHERE (f).reached <> (level >= 1) OR (f).converted <> (level >= 2);
SELECT uid, funnel_features(interval '7 days', 'strict_order', ts, event, ARRAY['visit', 'purchase'], 2)
FROM ev WHERE uid IN (1, 14) GROUP BY uid ORDER BY uid;
-- stored journeys: the same as the label form over the raw events
SELECT count(*) AS differences FROM (
  SELECT uid, funnel_features(interval '7 days', ts, event, ARRAY['visit', 'purchase'], 2) AS f,
         funnel_features(journey_agg(ts, event), 2, interval '7 days', ARRAY['visit', 'purchase']) AS g,
         funnel_features(interval '7 days', 'strict_order', ts, event, ARRAY['visit', 'purchase'], 2) AS fs,
         funnel_features(journey_agg(ts, event), 2, interval '7 days', ARRAY['visit', 'purchase'], 'strict_order') AS gs
  FROM ev GROUP BY uid) x
WHERE f::text <> g::text OR fs::text <> gs::text;

-- NULLs: a NULL ts ignores the row, a NULL label is no step and no feature,
-- NULL feature elements are skipped; driver_agg skips NULL rows and actors
-- that did not reach step 1 (or whose reached or converted is NULL)
SELECT funnel_features(interval '1 hour', ts, event, ARRAY['a', 'b'], 2, f)
FROM (VALUES (timestamptz '2025-01-01 10:00+00', 'a', 'x'), (NULL, 'b', 'y'), ('2025-01-01 10:01+00', NULL, 'z'),
             ('2025-01-01 10:02+00', 'c', NULL)) v(ts, event, f);
SELECT funnel_features(interval '1 hour', ts, event, ARRAY['a', 'b'], 2)
FROM (VALUES (timestamptz '2025-01-01 10:00+00', 'a'), ('2025-01-01 10:01+00', NULL), ('2025-01-01 10:02+00', 'c')) v(ts, event);
SELECT funnel_features(interval '1 hour', ts, event, ARRAY['a', 'b'], 2) FROM ev WHERE false;
SELECT driver_agg(f) FROM af WHERE false;
SELECT * FROM conversion_drivers((SELECT driver_agg(NULL::actor_features)));
SELECT * FROM conversion_drivers(NULL);
SELECT * FROM conversion_drivers((SELECT driver_agg(f) FROM (VALUES (NULL::actor_features), (ROW(false, false, '{x}')::actor_features),
       (ROW(NULL, true, '{x}')::actor_features), (ROW(true, NULL, '{x}')::actor_features), (ROW(true, true, NULL)::actor_features),
       (ROW(true, true, '{x,x,NULL,y}')::actor_features)) v(f)), 0.95, 0);
-- a summary without non-converters (or without converters): listed, not tested
SELECT feature, converters_with, nonconverters_with, odds_ratio, note FROM conversion_drivers((SELECT driver_agg(f) FROM af WHERE (f).converted));
SELECT feature, converters_with, nonconverters_with, odds_ratio, note FROM conversion_drivers((SELECT driver_agg(f) FROM af WHERE NOT (f).converted));

-- the summary's bytes (docs/format.md): 'JS', kind 6, version 1, then
-- converters, non-converters, features (bytes order) with their two counts
SELECT driver_summary_send(driver_agg(f)) FROM af WHERE uid IN (6, 14);
-- text round trip; rollup of disjoint actor sets equals one pass (the same bytes)
SELECT (SELECT driver_agg(f) FROM af)::text::driver_summary::text = (SELECT driver_agg(f) FROM af)::text AS text_round_trip;
SELECT (SELECT rollup(s) FROM (SELECT driver_agg(f) AS s FROM af GROUP BY uid % 3) x)::text
     = (SELECT driver_agg(f) FROM af)::text AS rollup_equals_one_pass;
SELECT rollup(s) IS NULL AS rollup_of_nothing FROM (SELECT NULL::driver_summary AS s WHERE false) x;
SELECT (SELECT rollup(s) FROM (VALUES (NULL::driver_summary), ((SELECT driver_agg(f) FROM af))) v(s))::text
     = (SELECT driver_agg(f) FROM af)::text AS rollup_skips_null;
-- binary COPY round trip, and damaged bytes refused (22P03)
CREATE TABLE sum_bin AS SELECT driver_agg(f) AS s FROM af;
\copy sum_bin TO 'results/drivers.bin' WITH (FORMAT binary)
CREATE TABLE sum_in (s driver_summary);
\copy sum_in FROM 'results/drivers.bin' WITH (FORMAT binary)
SELECT (SELECT s::text FROM sum_in) = (SELECT s::text FROM sum_bin) AS binary_round_trip;
CREATE TABLE sum_raw (b bytea);
INSERT INTO sum_raw VALUES ('\x4a5306010101010161020000');
\copy sum_raw TO 'results/drivers_bad.bin' WITH (FORMAT binary)
\copy sum_in FROM 'results/drivers_bad.bin' WITH (FORMAT binary)
-- damaged text input (22P02): not base64, another kind, another version, cut
-- short, trailing bytes, counts above the totals, a feature seen by no one,
-- features out of order or repeated, totals beyond bigint
SELECT 'not base64!'::driver_summary;
SELECT encode('\x4a53050101010161010000'::bytea, 'base64')::driver_summary;
SELECT encode('\x4a53060201010161010000'::bytea, 'base64')::driver_summary;
SELECT encode('\x4a530601010101016101'::bytea, 'base64')::driver_summary;
SELECT encode('\x4a5306010101010161010000'::bytea, 'base64')::driver_summary;
SELECT encode('\x4a53060101010101610200'::bytea, 'base64')::driver_summary;
SELECT encode('\x4a53060101010101610000'::bytea, 'base64')::driver_summary;
SELECT encode('\x4a530601020202016201000161010000'::bytea, 'base64')::driver_summary;
SELECT encode('\x4a530601020202016101000161010000'::bytea, 'base64')::driver_summary;
SELECT encode('\x4a530601ffffffffffffffff7f0100'::bytea, 'base64')::driver_summary;
-- the smallest valid summaries: nothing counted; one converter with feature 'a'
SELECT encode('\x4a530601000000'::bytea, 'base64')::driver_summary IS NOT NULL AS empty_ok;
SELECT feature, converters_with, converters_without, note FROM conversion_drivers(encode('\x4a53060101000101610100'::bytea, 'base64')::driver_summary);

-- errors
SELECT funnel_features(interval '7 days', ts, event, ARRAY['visit', 'purchase'], 1) FROM ev;
SELECT funnel_features(interval '7 days', ts, event, ARRAY['visit', 'purchase'], 3) FROM ev;
SELECT funnel_features(interval '7 days', ts, event, ARRAY['visit', 'purchase'], NULL) FROM ev;
SELECT funnel_features(interval '7 days', 'totals', ts, event, ARRAY['visit', 'purchase'], 2) FROM ev;
SELECT funnel_features(interval '7 days', 'no_such_mode', ts, event, ARRAY['visit', 'purchase'], 2) FROM ev;
SELECT funnel_features(interval '0 days', ts, event, ARRAY['visit', 'purchase'], 2) FROM ev;
SELECT funnel_features(interval '7 days', ts, event, ARRAY['visit', 'video', 'purchase'], CASE WHEN uid < 5 THEN 2 ELSE 3 END) FROM ev;
SELECT funnel_features(journey_agg(ts, event), 5, interval '7 days', ARRAY['visit', 'purchase']) FROM ev;
SELECT funnel_features(journey_agg(ts, event), 2, interval '7 days', ARRAY['visit', 'purchase'], 'totals') FROM ev;
SELECT * FROM conversion_drivers((SELECT driver_agg(f) FROM af), 1.5);
SELECT * FROM conversion_drivers((SELECT driver_agg(f) FROM af), 0);
SELECT * FROM conversion_drivers((SELECT driver_agg(f) FROM af), 0.95, -1);
-- rollup past the range of bigint (two summaries of 2^62 converters each)
SELECT rollup(s) FROM (VALUES (encode('\x4a5306018080808080808080400000'::bytea, 'base64')::driver_summary),
                              (encode('\x4a5306018080808080808080400000'::bytea, 'base64')::driver_summary)) v(s);
SELECT converters_with FROM conversion_drivers((SELECT rollup(s) FROM (VALUES (encode('\x4a5306018080808080808080400000'::bytea, 'base64')::driver_summary)) v(s)));

-- the sample data: visit -> add_to_cart -> purchase, converted at purchase,
-- features the labels (product_view is the one that is not a step) and the
-- channels
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = drivers, journey_sample, public;
CREATE TEMP TABLE sf AS
SELECT user_id, funnel_features(interval '7 days', ts, event, ARRAY['visit', 'add_to_cart', 'purchase'], 3,
                                event, 'channel=' || channel) AS f
FROM events GROUP BY user_id;
CREATE TEMP TABLE ssum AS SELECT driver_agg(f) AS s FROM sf;
-- plain SQL: each actor's chain from funnel_times (checked against plain SQL
-- in funnel_times.sql), its window [t1, t3) for converters and [t1, t1 +
-- 168 hours] for the others (a day of the funnel window is 24 hours), the
-- distinct features of its rows in it, counted
CREATE TEMP TABLE chain AS
SELECT user_id, t[1] AS lo, cardinality(t) >= 3 AS converted,
       CASE WHEN cardinality(t) >= 3 THEN t[3] END AS hi
FROM (SELECT user_id, funnel_times(interval '7 days', ts, event, ARRAY['visit', 'add_to_cart', 'purchase']) AS t
      FROM events GROUP BY user_id) x
WHERE cardinality(t) >= 1;
CREATE TEMP TABLE sev AS SELECT user_id, ts, event, channel FROM events;
CREATE INDEX ON sev (user_id, ts);
ANALYZE sev, chain;
CREATE TEMP TABLE sql_feat AS
SELECT DISTINCT c.user_id, c.converted, v.feature
FROM chain c
JOIN sev e ON e.user_id = c.user_id AND e.ts >= c.lo
          AND (CASE WHEN c.converted THEN e.ts < c.hi ELSE e.ts <= c.lo + interval '168 hours' END)
CROSS JOIN LATERAL (VALUES (e.event), ('channel=' || e.channel)) v(feature)
WHERE v.feature NOT IN ('visit', 'add_to_cart', 'purchase');
CREATE TEMP TABLE sql_counts AS
SELECT feature, count(*) FILTER (WHERE converted) AS a, count(*) FILTER (WHERE NOT converted) AS c,
       (SELECT count(*) FILTER (WHERE converted) FROM chain) AS conv,
       (SELECT count(*) FILTER (WHERE NOT converted) FROM chain) AS non
FROM sql_feat GROUP BY feature;
SELECT count(*) AS actors, count(*) FILTER (WHERE converted) AS converters FROM chain;
SELECT count(*) AS features FROM sql_counts;
-- the report's counts against plain SQL (0 rows: equal) ...
SELECT * FROM (
  (SELECT feature, converters_with, converters_without, nonconverters_with, nonconverters_without FROM conversion_drivers((SELECT s FROM ssum))
   EXCEPT SELECT feature, a, conv - a, c, non - c FROM sql_counts)
  UNION ALL
  (SELECT feature, a, conv - a, c, non - c FROM sql_counts
   EXCEPT SELECT feature, converters_with, converters_without, nonconverters_with, nonconverters_without FROM conversion_drivers((SELECT s FROM ssum)))) d;
-- ... its statistics against the textbook (0 rows: within 1e-9), min_actors 5 and 0
SELECT r.feature FROM conversion_drivers((SELECT s FROM ssum)) r
JOIN textbook((SELECT s FROM ssum), 1.959963984540054, 5) t USING (feature)
WHERE rel(r.odds_ratio, t.o) > 1e-9 OR rel(r.ci_low, t.lo) > 1e-9 OR rel(r.ci_high, t.hi) > 1e-9
   OR rel(r.p_value, t.p) > 1e-9 OR rel(r.q_value, t.q) > 1e-9;
SELECT r.feature FROM conversion_drivers((SELECT s FROM ssum), 0.95, 0) r
JOIN textbook((SELECT s FROM ssum), 1.959963984540054, 0) t USING (feature)
WHERE rel(r.odds_ratio, t.o) > 1e-9 OR rel(r.ci_low, t.lo) > 1e-9 OR rel(r.ci_high, t.hi) > 1e-9
   OR rel(r.p_value, t.p) > 1e-9 OR rel(r.q_value, t.q) > 1e-9;
SELECT count(*) AS textbook_rows FROM textbook((SELECT s FROM ssum), 1.959963984540054, 5);
-- ... and its order: |ln OR| descending (the order of the rows returned)
SELECT bool_and(ok) AS sorted FROM (
  SELECT abs(ln(odds_ratio)) <= lag(abs(ln(odds_ratio))) OVER (ORDER BY ord) + 1e-12 AS ok
  FROM conversion_drivers((SELECT s FROM ssum)) WITH ORDINALITY r(feature, a, b, c, d, odds_ratio, lo, hi, p, q, note, ord)
  WHERE odds_ratio IS NOT NULL) x;
-- the worked example of docs/drivers.md (p-values printed as e-notation)
SELECT feature, converters_with, nonconverters_with, round(odds_ratio::numeric, 3) AS odds_ratio,
       round(ci_low::numeric, 3) AS ci_low, round(ci_high::numeric, 3) AS ci_high,
       to_char(p_value, '9.999EEEE') AS p_value, to_char(q_value, '9.999EEEE') AS q_value, note
FROM conversion_drivers((SELECT s FROM ssum));

-- the queries of docs/drivers.md give the same rows
SELECT (SELECT array_agg(x::text) FROM conversion_drivers((
          SELECT driver_agg(f)
          FROM (SELECT user_id,
                       funnel_features('7 days', ts, event,
                                       ARRAY['visit', 'add_to_cart', 'purchase'], 3,
                                       event, 'channel=' || channel) AS f
                FROM events GROUP BY user_id) per_actor)) x)
     = (SELECT array_agg(x::text) FROM conversion_drivers((SELECT s FROM ssum)) x) AS docs_query_same;
-- rollup of the summaries of disjoint actor sets equals one pass
SELECT (SELECT rollup(s) FROM (SELECT driver_agg(f) AS s FROM sf GROUP BY user_id % 7) x)::text = (SELECT s::text FROM ssum) AS rollup_equals_one_pass;
-- forced parallel equals serial: driver_agg over a parallel scan, and
-- funnel_features in a partial GROUP BY (serialize, combine, deserialize)
\i test/data/force_parallel.sql
ANALYZE sev;
CREATE TABLE sfp AS SELECT * FROM sf;
ANALYZE sfp;
SELECT plan_has('SELECT driver_agg(f) FROM drivers.sfp', 'Partial Aggregate') AS partial_plan;
SELECT (SELECT driver_agg(f) FROM sfp)::text = (SELECT s::text FROM ssum) AS parallel_equals_serial;
CREATE TABLE sevp AS SELECT * FROM sev;
ANALYZE sevp;
SELECT plan_has($$SELECT user_id, funnel_features(interval '7 days', ts, event, ARRAY['visit', 'add_to_cart', 'purchase'], 3, event, 'channel=' || channel) FROM drivers.sevp GROUP BY user_id$$,
                'Partial GroupAggregate') AS partial_group_plan;
CREATE TEMP TABLE sf_par AS
SELECT user_id, funnel_features(interval '7 days', ts, event, ARRAY['visit', 'add_to_cart', 'purchase'], 3,
                                event, 'channel=' || channel) AS f
FROM sevp GROUP BY user_id;
\i test/data/reset_parallel.sql
SELECT count(*) AS differences FROM sf_par p FULL JOIN sf s USING (user_id) WHERE p.f::text IS DISTINCT FROM s.f::text;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA drivers CASCADE;
DROP SCHEMA journey_sample CASCADE;
