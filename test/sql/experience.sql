-- Experience measurement (experience_agg, rollup(experience_summary), nps,
-- csat, mean_score, experience_consistency); docs/experience.md.  Every
-- figure below is worked by hand in the comments and checked against
-- brute-force SQL over the raw answers and the textbook interval formulas
-- written out in SQL.
SET extra_float_digits = 0;
CREATE SCHEMA experience;
SET search_path = experience, public;

-- ---------- the data set ----------
-- survey answers (0 .. 10, "how likely are you to recommend us?"), each
-- asked after a touch (event) on a channel; the journey map puts the events
-- in stages; "support" belongs to no stage.  By hand:
--   awareness     (visit, ad_click): 10 9 6 8 3      P 2, passive 1, D 2: NPS 0
--   consideration (product_view):    9 9 10 7 5      P 3, passive 1, D 1: NPS 40
--   purchase      (purchase):        10 10 9 2 8 0 9 P 4, passive 1, D 2: NPS 200/7 = 28.571429
--   no stage      (support):         4 (and a NULL)  D 1: NPS -100
--   email:  10 9 6 9 9 10 7 8  P 5, passive 2, D 1: NPS 50
--   search: 8 3 5 10 10 9 2    P 3, passive 1, D 3: NPS 0
--   direct: 0 9 4 (a NULL)     P 1, D 2: NPS -100/3 = -33.333333
--   all:    18 answers, P 9, passive 3, D 6: NPS 300/18 = 16.666667
CREATE TABLE answers (id int, user_id int, ts timestamptz, event text, channel text, score int);
INSERT INTO answers VALUES
  (1, 1, '2025-03-03 10:00+00', 'visit', 'email', 10),
  (2, 2, '2025-03-03 11:00+00', 'visit', 'email', 9),
  (3, 3, '2025-03-04 09:00+00', 'visit', 'email', 6),
  (4, 4, '2025-03-04 12:00+00', 'ad_click', 'search', 8),
  (5, 5, '2025-03-05 08:00+00', 'ad_click', 'search', 3),
  (6, 1, '2025-03-05 10:00+00', 'product_view', 'email', 9),
  (7, 2, '2025-03-06 10:00+00', 'product_view', 'email', 9),
  (8, 3, '2025-03-06 11:00+00', 'product_view', 'email', 10),
  (9, 6, '2025-03-07 10:00+00', 'product_view', 'email', 7),
  (10, 4, '2025-03-08 10:00+00', 'product_view', 'search', 5),
  (11, 1, '2025-03-10 10:00+00', 'purchase', 'search', 10),
  (12, 4, '2025-03-10 11:00+00', 'purchase', 'search', 10),
  (13, 5, '2025-03-11 10:00+00', 'purchase', 'search', 9),
  (14, 7, '2025-03-11 12:00+00', 'purchase', 'search', 2),
  (15, 2, '2025-03-12 10:00+00', 'purchase', 'email', 8),
  (16, 8, '2025-03-12 11:00+00', 'purchase', 'direct', 0),
  (17, 9, '2025-03-13 10:00+00', 'purchase', 'direct', 9),
  (18, 10, '2025-03-14 10:00+00', 'support', 'direct', 4),
  (19, 10, '2025-03-14 11:00+00', 'support', 'direct', NULL);
\set map '\'{"stages": [{"name": "awareness", "events": ["visit", "ad_click"]}, {"name": "consideration", "events": ["product_view"]}, {"name": "purchase", "events": ["purchase"]}]}\''

-- brute force: NPS in points over raw answers, per any grouping
CREATE FUNCTION nps_sql(p bigint, d bigint, n bigint) RETURNS float8 LANGUAGE sql IMMUTABLE
AS $$ SELECT (100.0 * (p - d) / n)::float8 $$;
-- the textbook NPS interval: NPS -+ z * 100 * sqrt((pP + pD - (pP - pD)^2) / n),
-- clipped to [-100, 100]; z for 95 % is 1.959963984540054
CREATE FUNCTION nps_ci_sql(p bigint, d bigint, n bigint, z float8, OUT lo float8, OUT hi float8)
LANGUAGE sql IMMUTABLE AS $$
  SELECT greatest(-100, 100 * (pp - pd - z * sqrt((pp + pd - (pp - pd) ^ 2) / n))),
         least(100, 100 * (pp - pd + z * sqrt((pp + pd - (pp - pd) ^ 2) / n)))
  FROM (SELECT p::float8 / n AS pp, d::float8 / n AS pd) s $$;
-- the textbook Wilson interval
CREATE FUNCTION wilson_sql(x bigint, n bigint, z float8, OUT lo float8, OUT hi float8)
LANGUAGE sql IMMUTABLE AS $$
  SELECT (ph + z * z / (2 * n) - z * sqrt(ph * (1 - ph) / n + z * z / (4.0 * n * n))) / (1 + z * z / n),
         (ph + z * z / (2 * n) + z * sqrt(ph * (1 - ph) / n + z * z / (4.0 * n * n))) / (1 + z * z / n)
  FROM (SELECT x::float8 / n AS ph) s $$;

-- ---------- NPS per stage of the journey map ----------
SELECT stage, n.*
FROM (SELECT map_stage(:map, event) AS stage, experience_agg(score) AS s
      FROM answers GROUP BY 1) t, LATERAL nps(s) n
ORDER BY stage NULLS LAST;
-- the same against brute-force SQL and the textbook interval: no rows
SELECT stage FROM (
  SELECT map_stage(:map, event) AS stage, experience_agg(score) AS s,
         count(*) FILTER (WHERE score >= 9) AS p, count(*) FILTER (WHERE score <= 6) AS d,
         count(score) AS n
  FROM answers GROUP BY 1) t, LATERAL nps(s) x, LATERAL nps_ci_sql(p, d, n, 1.959963984540054) c
WHERE abs(x.nps - nps_sql(p, d, n)) > 1e-12 OR abs(x.ci_low - c.lo) > 1e-9 OR abs(x.ci_high - c.hi) > 1e-9
   OR x.answers <> n OR x.promoters <> p OR x.detractors <> d OR x.passives <> n - p - d;

-- ---------- NPS per channel, and overall ----------
SELECT channel, n.nps, n.answers, n.promoters, n.passives, n.detractors
FROM (SELECT channel, experience_agg(score) AS s FROM answers GROUP BY 1) t, LATERAL nps(s) n
ORDER BY channel;
SELECT * FROM nps((SELECT experience_agg(score) FROM answers));
-- 99 %: z = 2.5758293035489004
SELECT abs(x.ci_low - c.lo) < 1e-9 AND abs(x.ci_high - c.hi) < 1e-9 AS textbook_99
FROM nps((SELECT experience_agg(score) FROM answers), 0.99) x,
     nps_ci_sql(9, 6, 18, 2.5758293035489004) c;

-- ---------- NPS per furthest stage of each user's journey ----------
-- each user's events are the touches the answers were asked after; a
-- user's NPS answer is the first one.  By hand (furthest stage: first answers):
--   purchase      users 1, 2, 4:          10 9 8     P 2, passive 1:      NPS 200/3 = 66.666667
--   consideration user 3:                 6          D 1:                 NPS -100
--   awareness     user 5 (no product_view): 3        D 1:                 NPS -100
--   none          users 6 .. 10 (no visit first): 7 2 0 9 4  P 1, passive 1, D 3: NPS -40
CREATE TABLE events AS SELECT user_id, ts - interval '1 minute' AS ts, event FROM answers;
CREATE TABLE firsts AS SELECT DISTINCT ON (user_id) user_id, score FROM answers ORDER BY user_id, ts;
CREATE TABLE reached AS SELECT user_id, furthest_stage(:map, ts, event) AS stage FROM events GROUP BY user_id;
SELECT stage, n.nps, n.answers, n.promoters, n.passives, n.detractors
FROM (SELECT r.stage, experience_agg(f.score) AS s FROM firsts f JOIN reached r USING (user_id) GROUP BY 1) t,
     LATERAL nps(s) n
ORDER BY stage NULLS LAST;
-- against brute force (no rows = equal)
SELECT stage FROM (
  SELECT r.stage, experience_agg(f.score) AS s, count(*) FILTER (WHERE f.score >= 9) AS p,
         count(*) FILTER (WHERE f.score <= 6) AS d, count(f.score) AS n
  FROM firsts f JOIN reached r USING (user_id) GROUP BY 1) t, LATERAL nps(s) x
WHERE abs(x.nps - nps_sql(p, d, n)) > 1e-12 OR x.answers <> n;

-- ---------- CSAT (1 .. 5 answers) and the mean score ----------
-- "how satisfied were you?" 1 .. 5; top-2-box (4 and 5):
--   email 5 4 4 3: 3 of 4 = 0.75;  search 5 2 1: 1 of 3;  direct 4: 1 of 1
-- mean over all: 28 / 8 = 3.5; squares about it 2.25+0.25+0.25+0.25+2.25+2.25+6.25+0.25 = 14,
-- sd = sqrt(14 / 7) = 1.414214; t(0.975, 7) = 2.3646242515927853 (mpmath, the regularized incomplete beta):
-- 3.5 -+ 2.3646242515927853 * sqrt(2) / sqrt(8) = 3.5 -+ 1.182312 = [2.317688, 4.682312]
CREATE TABLE csat_answers (channel text, score int);
INSERT INTO csat_answers VALUES ('email', 5), ('email', 4), ('email', 4), ('email', 3),
  ('search', 5), ('search', 2), ('search', 1), ('direct', 4);
SELECT channel, c.*
FROM (SELECT channel, experience_agg(score) AS s FROM csat_answers GROUP BY 1) t, LATERAL csat(s) c
ORDER BY channel;
-- against brute force and the textbook Wilson interval: no rows
SELECT channel FROM (
  SELECT channel, experience_agg(score) AS s, count(*) FILTER (WHERE score >= 4) AS x, count(*) AS n
  FROM csat_answers GROUP BY 1) t, LATERAL csat(s) c, LATERAL wilson_sql(x, n, 1.959963984540054) w
WHERE c.csat <> x::float8 / n OR abs(c.ci_low - w.lo) > 1e-12 OR abs(c.ci_high - w.hi) > 1e-12
   OR c.satisfied <> x OR c.answers <> n;
-- and wilson_ci, the extension's own function, agrees
SELECT c.ci_low = w.low AND c.ci_high = w.high AS same_as_wilson_ci
FROM csat((SELECT experience_agg(score) FROM csat_answers WHERE channel = 'email')) c, wilson_ci(3, 4) w;
-- threshold 5 (top box): 2 of 8; threshold 0: every answer
SELECT csat, satisfied, answers FROM csat((SELECT experience_agg(score) FROM csat_answers), 5);
SELECT csat, satisfied, answers FROM csat((SELECT experience_agg(score) FROM csat_answers), 0);
SELECT * FROM mean_score((SELECT experience_agg(score) FROM csat_answers));
SELECT abs(m.mean - a.mean) < 1e-12 AND abs(m.sd - a.sd) < 1e-12
       AND abs(m.ci_low - (a.mean - 2.3646242515927853 * a.sd / sqrt(8))) < 1e-12
       AND abs(m.ci_high - (a.mean + 2.3646242515927853 * a.sd / sqrt(8))) < 1e-12 AS textbook_t
FROM mean_score((SELECT experience_agg(score) FROM csat_answers)) m,
     (SELECT avg(score)::float8 AS mean, stddev_samp(score)::float8 AS sd FROM csat_answers) a;
-- mean score of the NPS answers per stage, against avg and stddev_samp
SELECT stage FROM (
  SELECT map_stage(:map, event) AS stage, experience_agg(score) AS s, avg(score)::float8 AS mean,
         stddev_samp(score)::float8 AS sd, count(score) AS n
  FROM answers GROUP BY 1) t, LATERAL mean_score(s) m
WHERE abs(m.mean - t.mean) > 1e-12 OR m.answers <> t.n OR (m.sd IS NULL) <> (t.sd IS NULL)
   OR abs(m.sd - t.sd) > 1e-12;

-- ---------- experience consistency across touchpoints ----------
-- channels, NPS, tolerance 20 points, at least 2 answers: overall 16.67;
-- email 50 (33.3 away) out, search 0 (16.7 away) in, direct -33.3 (50
-- away) out: 1 of 3
SELECT (c).* FROM (SELECT experience_consistency(s, 'nps', 20, 2) AS c
                   FROM (SELECT channel, experience_agg(score) AS s FROM answers GROUP BY 1) t) x;
-- stages (the support answers form a touchpoint of their own with one
-- answer): awareness 0 in, consideration 40 (23.3 away) out, purchase
-- 28.57 (11.9 away) in, no stage excluded (1 answer): 2 of 3
SELECT (c).* FROM (SELECT experience_consistency(s, 'nps', 20, 2) AS c
                   FROM (SELECT map_stage(:map, event), experience_agg(score) AS s FROM answers GROUP BY 1) t) x;
-- brute force: the same counts from the raw answers (no rows = equal)
WITH tp AS (SELECT map_stage(:map, event) AS stage, count(score) AS n,
                   nps_sql(count(*) FILTER (WHERE score >= 9), count(*) FILTER (WHERE score <= 6), count(score)) AS v
            FROM answers GROUP BY 1),
     overall AS (SELECT nps_sql(count(*) FILTER (WHERE score >= 9), count(*) FILTER (WHERE score <= 6), count(score)) AS v FROM answers),
     bf AS (SELECT count(*) FILTER (WHERE n >= 2 AND abs(tp.v - overall.v) <= 20) AS within,
                   count(*) FILTER (WHERE n >= 2) AS included, count(*) FILTER (WHERE n < 2) AS excluded,
                   overall.v AS overall
            FROM tp, overall GROUP BY overall.v)
SELECT * FROM bf EXCEPT
SELECT (c).within, (c).included, (c).excluded, (c).overall
FROM (SELECT experience_consistency(s, 'nps', 20, 2) AS c
      FROM (SELECT map_stage(:map, event), experience_agg(score) AS s FROM answers GROUP BY 1) t) x;
-- without min_answers (every touchpoint with an answer): no stage (-100) is out: 2 of 4
SELECT (c).* FROM (SELECT experience_consistency(s, 'nps', 20) AS c
                   FROM (SELECT map_stage(:map, event), experience_agg(score) AS s FROM answers GROUP BY 1) t) x;
-- bounds are inclusive: tolerance 100 / 6 = the overall 16.666... puts search (0) on the bound
SELECT (c).within, (c).included FROM (SELECT experience_consistency(s, 'nps', 100.0 / 6) AS c
  FROM (SELECT channel, experience_agg(score) AS s FROM answers GROUP BY 1) t) x;
SELECT (c).within, (c).included FROM (SELECT experience_consistency(s, 'nps', 100.0 / 6 - 1e-9) AS c
  FROM (SELECT channel, experience_agg(score) AS s FROM answers GROUP BY 1) t) x;
-- csat (threshold 4) and mean, keywords case-insensitive: CSAT overall 5/8 = 0.625;
-- email 0.75 in, search 0.333 out, direct 1 (excluded, 1 answer) with min 2, tolerance 0.15
SELECT (c).* FROM (SELECT experience_consistency(s, ' CSAT ', 0.15, 2) AS c
                   FROM (SELECT channel, experience_agg(score) AS s FROM csat_answers GROUP BY 1) t) x;
-- mean 3.5 overall: email 4 in, search 2.67 out, direct 4 in, tolerance 0.5
SELECT (c).* FROM (SELECT experience_consistency(s, 'Mean', 0.5) AS c
                   FROM (SELECT channel, experience_agg(score) AS s FROM csat_answers GROUP BY 1) t) x;
-- the KPI "85 % consistency across touchpoints" as one query
SELECT (c).index >= 0.85 AS kpi_met, round((c).index::numeric, 4) AS consistency
FROM (SELECT experience_consistency(s, 'nps', 20, 2) AS c
      FROM (SELECT channel, experience_agg(score) AS s FROM answers GROUP BY 1) t) x;
-- within / included feed kpi_rate_change: this week (stages, 2 of 3) against
-- a baseline week (channels, 1 of 3) with a target of +50 %; the same as the counts
WITH base AS (SELECT experience_consistency(s, 'nps', 20, 2) AS c
              FROM (SELECT channel, experience_agg(score) AS s FROM answers GROUP BY 1) t),
     cur AS (SELECT experience_consistency(s, 'nps', 20, 2) AS c
             FROM (SELECT map_stage(:map, event), experience_agg(score) AS s FROM answers GROUP BY 1) t)
SELECT k.baseline, k.current, k.target, k.status,
       (k.*)::text = (SELECT (kk.*)::text FROM kpi_rate_change(1, 3, 2, 3, 0.5) kk) AS same_as_counts
FROM base, cur, LATERAL kpi_rate_change((base.c).within, (base.c).included,
                                        (cur.c).within, (cur.c).included, 0.5) k;
-- week over week (docs/experience.md): week of 3 March, overall 100 * (5 - 3) / 10 = 20;
-- email 10 9 6 9 9 10 7 (57.1, 37.1 away) in, search 8 3 5 (-66.7) out: 1 of 2;
-- week of 10 March, overall 100 * (4 - 3) / 8 = 12.5; search 10 10 9 2 (50,
-- 37.5 away) in, direct 0 9 4 (-33.3, 45.8 away) out, email 8 (one answer)
-- excluded: 1 of 2
WITH tp AS (SELECT date_trunc('week', ts AT TIME ZONE 'UTC') AS week, channel,
                   experience_agg(score) AS s
            FROM answers GROUP BY 1, 2),
     w AS (SELECT week, experience_consistency(s, 'nps', 40, 2) AS c FROM tp GROUP BY 1)
SELECT cur.week, k.baseline, k.current, k.p_value, k.status
FROM w cur JOIN w base ON base.week = cur.week - interval '1 week',
     LATERAL kpi_rate_change((base.c).within, (base.c).included,
                             (cur.c).within, (cur.c).included, 0.15) k;
WITH tp AS (SELECT date_trunc('week', ts AT TIME ZONE 'UTC') AS week, channel,
                   experience_agg(score) AS s
            FROM answers GROUP BY 1, 2)
SELECT week, (c).* FROM (SELECT week, experience_consistency(s, 'nps', 40, 2) AS c FROM tp GROUP BY 1) w
ORDER BY week;
-- and csat's satisfied/answers, mean_score's answers/mean/sd feed the KPI functions
SELECT k.baseline, k.current FROM csat((SELECT experience_agg(score) FROM csat_answers WHERE channel = 'search')) b,
  csat((SELECT experience_agg(score) FROM csat_answers WHERE channel = 'email')) c,
  LATERAL kpi_rate_change(b.satisfied, b.answers, c.satisfied, c.answers) k;
SELECT round(k.baseline::numeric, 6) AS baseline, k.current FROM
  mean_score((SELECT experience_agg(score) FROM csat_answers WHERE channel = 'search')) b,
  mean_score((SELECT experience_agg(score) FROM csat_answers WHERE channel = 'email')) c,
  LATERAL kpi_mean_change(b.answers, b.mean, b.sd, c.answers, c.mean, c.sd) k;

-- ---------- rollup: daily summaries into a week ----------
CREATE TABLE daily AS
SELECT date_trunc('day', ts AT TIME ZONE 'UTC') AS day, channel, experience_agg(score) AS s
FROM answers GROUP BY 1, 2;
SELECT count(*) AS daily_rows FROM daily;
-- the weekly rollup per channel equals the summary built from the raw rows
SELECT channel, experience_summary_send(w.s) = experience_summary_send(r.s) AS same_bytes
FROM (SELECT channel, rollup(s) AS s FROM daily GROUP BY 1) w
JOIN (SELECT channel, experience_agg(score) AS s FROM answers GROUP BY 1) r USING (channel)
ORDER BY channel;
SELECT * FROM nps((SELECT rollup(s) FROM daily));
-- stored, dumped as text and read back
SELECT count(*) FILTER (WHERE s::text::experience_summary::text = s::text) AS text_round_trips,
       count(*) AS rows FROM daily;

-- ---------- the byte form, checked by hand ----------
-- answers 0, 5, 7, 7, 8, 9, 9, 9, 10, 10: 'J' 'S' kind 10 version 1, then
-- the counts of 0 .. 10 as varints: 1 0 0 0 0 1 0 2 1 3 2
SELECT experience_summary_send(experience_agg(v)) AS bytes, experience_agg(v)::text AS base64
FROM unnest('{10,10,9,9,9,8,7,7,5,0}'::int[]) v;
SELECT experience_agg(v)::text = encode('\x4a530a010100000000010002010302'::bytea, 'base64') AS base64_by_hand
FROM unnest('{10,10,9,9,9,8,7,7,5,0}'::int[]) v;
SELECT * FROM nps('SlMKAQEAAAAAAQACAQMC');
-- 300 answers of 10: the varint ac 02
SELECT experience_summary_send(experience_agg(10)) FROM generate_series(1, 300);

-- ---------- NULLs, empty input, one answer ----------
-- no rows: NULL (as PostgreSQL's aggregates); only NULL scores: an empty summary
SELECT experience_agg(score) IS NULL AS no_rows FROM answers WHERE false;
SELECT experience_summary_send(experience_agg(score)) AS only_nulls FROM answers WHERE score IS NULL;
SELECT rollup(s) IS NULL AS no_rows FROM daily WHERE false;
SELECT experience_summary_send(rollup(NULL::experience_summary)) AS only_nulls;
-- reports of an empty summary or of NULL have no rows
SELECT count(*) AS rows FROM nps((SELECT experience_agg(score) FROM answers WHERE score IS NULL));
SELECT count(*) AS rows FROM csat((SELECT experience_agg(score) FROM answers WHERE score IS NULL));
SELECT count(*) AS rows FROM mean_score((SELECT experience_agg(score) FROM answers WHERE score IS NULL));
SELECT count(*) AS rows FROM nps(NULL);
SELECT count(*) AS rows FROM nps((SELECT experience_agg(1)), NULL);
SELECT count(*) AS rows FROM csat(NULL, 4);
SELECT count(*) AS rows FROM mean_score(NULL, 0.9);
-- one answer: no sd, no interval; all promoters: NPS 100, the interval the point
SELECT * FROM mean_score((SELECT experience_agg(7)));
SELECT * FROM nps((SELECT experience_agg(10)));
SELECT * FROM nps((SELECT experience_agg(v) FROM (VALUES (0), (1), (6)) x(v)));
-- consistency: no rows gives NULL; only NULL summaries: nothing included
SELECT experience_consistency(s, 'nps', 10) IS NULL AS no_rows FROM daily WHERE false;
SELECT (c).* FROM (SELECT experience_consistency(NULL::experience_summary, 'nps', 10) AS c) x;
-- touchpoints without answers are always excluded, even with min_answers 0
SELECT (c).* FROM (SELECT experience_consistency(s, 'nps', 10, 0) AS c
  FROM (VALUES ((SELECT experience_agg(NULL::int))), ((SELECT experience_agg(9)))) v(s)) x;
-- smallint scores cast implicitly
SELECT * FROM nps((SELECT experience_agg(v::smallint) FROM (VALUES (9), (3)) x(v)));
-- numeric and bigint scores are not read (docs/experience.md: cast after checking they are whole)
\set VERBOSITY sqlstate
SELECT experience_agg(4.5);
SELECT experience_agg(9::bigint);
\set VERBOSITY default
SELECT * FROM nps((SELECT experience_agg(v::int) FROM (VALUES (9.0), (3.0)) x(v) WHERE v = trunc(v)));

-- ---------- errors ----------
CREATE TABLE one AS SELECT experience_agg(9) AS s;
\set VERBOSITY sqlstate
SELECT experience_agg(11);
\set VERBOSITY default
SELECT experience_agg(11);
SELECT experience_agg(-1);
SELECT experience_agg(v) FROM (VALUES (3), (NULL), (12)) x(v);
\set VERBOSITY sqlstate
SELECT * FROM nps((SELECT experience_agg(9)), 0);
\set VERBOSITY default
SELECT * FROM nps((SELECT experience_agg(9)), 0);
SELECT * FROM nps((SELECT experience_agg(9)), 1);
SELECT * FROM csat((SELECT experience_agg(9)), 4, 1.5);
SELECT * FROM mean_score((SELECT experience_agg(9)), -0.5);
SELECT * FROM mean_score((SELECT experience_agg(9)), 'NaN');
\set VERBOSITY sqlstate
SELECT * FROM csat((SELECT experience_agg(9)), 11);
\set VERBOSITY default
SELECT * FROM csat((SELECT experience_agg(9)), 11);
SELECT * FROM csat((SELECT experience_agg(9)), -1);
\set VERBOSITY sqlstate
SELECT experience_consistency(s, 'nps', -1) FROM one;
\set VERBOSITY default
SELECT experience_consistency(s, 'nps', -1) FROM one;
SELECT experience_consistency(s, 'nps', 'NaN') FROM one;
SELECT experience_consistency(s, 'nps', 'Infinity') FROM one;
\set VERBOSITY sqlstate
SELECT experience_consistency(s, 'nps', 10, -1) FROM one;
\set VERBOSITY default
SELECT experience_consistency(s, 'nps', 10, -1) FROM one;
\set VERBOSITY sqlstate
SELECT experience_consistency(s, 'median', 10) FROM one;
\set VERBOSITY default
SELECT experience_consistency(s, 'median', 10) FROM one;
SELECT experience_consistency(s, '', 10) FROM one;
\set VERBOSITY sqlstate
SELECT experience_consistency(s, NULL, 10) FROM one;
\set VERBOSITY default
SELECT experience_consistency(s, NULL, 10) FROM one;
SELECT experience_consistency(s, 'nps', NULL) FROM one;
SELECT experience_consistency(s, 'nps', 10, NULL) FROM one;
-- the parameters must be the same in every row of a group
SELECT experience_consistency(s, m, 10) FROM (VALUES ((SELECT experience_agg(9)), 'nps'), ((SELECT experience_agg(8)), 'csat')) v(s, m);
SELECT experience_consistency(s, 'nps', t) FROM (VALUES ((SELECT experience_agg(9)), 10.0), ((SELECT experience_agg(8)), 5.0)) v(s, t);
SELECT experience_consistency(s, 'nps', 10, k) FROM (VALUES ((SELECT experience_agg(9)), 1), ((SELECT experience_agg(8)), 2)) v(s, k);

-- ---------- damaged input: text (22P02) and binary (22P03) ----------
\set VERBOSITY sqlstate
SELECT 'not base64!'::experience_summary;
\set VERBOSITY default
SELECT 'not base64!'::experience_summary;
-- a segment summary's header (kind 9)
SELECT encode('\x4a53090100000000000000000000'::bytea, 'base64')::experience_summary;
-- version 2
SELECT encode('\x4a530a020000000000000000000000'::bytea, 'base64')::experience_summary;
-- one count short, one byte too many, an over-long varint, a sum beyond a bigint
SELECT encode('\x4a530a0100000000000000000000'::bytea, 'base64')::experience_summary;
SELECT encode('\x4a530a01000000000000000000000000'::bytea, 'base64')::experience_summary;
SELECT encode('\x4a530a01800000000000000000000000'::bytea, 'base64')::experience_summary;
SELECT encode('\x4a530a01ffffffffffffffff7f0100000000000000000000'::bytea, 'base64')::experience_summary;
SELECT encode('\x'::bytea, 'base64')::experience_summary;
-- binary COPY: a round trip of every stored summary, then malformed bytes
CREATE TABLE bin (channel text, day timestamp, s experience_summary);
INSERT INTO bin SELECT channel, day, s FROM daily;
INSERT INTO bin VALUES ('none', NULL, NULL);
\copy bin TO 'results/experience.bin' WITH (FORMAT binary)
CREATE TABLE bin_back (LIKE bin);
\copy bin_back FROM 'results/experience.bin' WITH (FORMAT binary)
SELECT count(*) AS rows,
       count(*) FILTER (WHERE experience_summary_send(a.s) IS NOT DISTINCT FROM experience_summary_send(b.s)) AS equal
FROM bin a JOIN bin_back b ON a.channel = b.channel AND a.day IS NOT DISTINCT FROM b.day;
CREATE TABLE raw (s bytea);
INSERT INTO raw VALUES ('\x4a530a01000000000000000000000000');
\copy raw TO 'results/experience_bad.bin' WITH (FORMAT binary)
CREATE TABLE bin_in (s experience_summary);
\set VERBOSITY sqlstate
\copy bin_in FROM 'results/experience_bad.bin' WITH (FORMAT binary)
\set VERBOSITY default
\copy bin_in FROM 'results/experience_bad.bin' WITH (FORMAT binary)
TRUNCATE raw;
INSERT INTO raw VALUES ('\x4a530a010100000000010002010302');
\copy raw TO 'results/experience_ok.bin' WITH (FORMAT binary)
\copy bin_in FROM 'results/experience_ok.bin' WITH (FORMAT binary)
SELECT nps, answers FROM bin_in, LATERAL nps(s);

-- ---------- parallel and partition-wise plans give the serial answers ----------
CREATE TABLE many (id int, channel text, score int);
SELECT setseed(0.25);
INSERT INTO many SELECT i, 'c' || (i % 7), CASE WHEN i % 97 = 0 THEN NULL ELSE (random() * 10)::int END
FROM generate_series(1, 30000) i;
ANALYZE many;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_all AS
SELECT experience_summary_send(experience_agg(score)) AS s,
       (SELECT (experience_consistency(s, 'mean', 0.2, 100))::text
        FROM (SELECT channel, experience_agg(score) AS s FROM many GROUP BY 1) t) AS c
FROM many;
CREATE TABLE serial_channel AS
SELECT channel, experience_summary_send(experience_agg(score)) AS s FROM many GROUP BY 1;
CREATE TABLE per_id AS SELECT id, channel, experience_agg(score) AS s FROM many GROUP BY 1, 2;
ANALYZE per_id;
CREATE TABLE serial_rollup AS
SELECT experience_summary_send(rollup(s)) AS s, (experience_consistency(s, 'nps', 30, 1))::text AS c FROM per_id;
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT plan_has($$SELECT experience_agg(score) FROM many$$, 'Partial Aggregate') AS partial_agg,
       plan_has($$SELECT rollup(s) FROM per_id$$, 'Partial Aggregate') AS partial_rollup,
       plan_has($$SELECT experience_consistency(s, 'nps', 30, 1) FROM per_id$$, 'Partial Aggregate') AS partial_consistency,
       plan_has($$SELECT channel, experience_agg(score) FROM many GROUP BY 1$$, 'Partial GroupAggregate') AS partial_grouped;
SELECT (SELECT experience_summary_send(experience_agg(score)) FROM many) = (SELECT s FROM serial_all) AS agg_equal,
       (SELECT experience_summary_send(rollup(s)) FROM per_id) = (SELECT s FROM serial_rollup) AS rollup_equal,
       (SELECT (experience_consistency(s, 'nps', 30, 1))::text FROM per_id) = (SELECT c FROM serial_rollup) AS consistency_equal;
SELECT count(*) AS differences FROM (
  SELECT channel, experience_summary_send(experience_agg(score)) FROM many GROUP BY 1
  EXCEPT SELECT * FROM serial_channel) d;
-- a partitioned table with an empty partition, aggregated partition-wise
CREATE TABLE pt (id int, channel text, score int) PARTITION BY RANGE (id);
CREATE TABLE pt0 PARTITION OF pt FOR VALUES FROM (0) TO (10001);
CREATE TABLE pt_empty PARTITION OF pt FOR VALUES FROM (10001) TO (20001);
CREATE TABLE pt2 PARTITION OF pt FOR VALUES FROM (20001) TO (30001);
INSERT INTO pt SELECT * FROM many WHERE id <= 10000 OR id > 20000;
ANALYZE pt;
SET enable_partitionwise_aggregate = on;
SELECT plan_has($$SELECT channel, experience_agg(score) FROM pt GROUP BY 1$$, 'Partial') AS partitionwise_partial;
SELECT count(*) AS differences FROM (
  SELECT channel, experience_summary_send(experience_agg(score)) FROM pt GROUP BY 1
  EXCEPT
  SELECT channel, experience_summary_send(experience_agg(score)) FROM many WHERE id <= 10000 OR id > 20000 GROUP BY 1) d;
SELECT (SELECT experience_summary_send(experience_agg(score)) FROM pt)
     = (SELECT experience_summary_send(experience_agg(score)) FROM many WHERE id <= 10000 OR id > 20000) AS whole_equal;
RESET enable_partitionwise_aggregate;
\set ECHO none
\i test/data/reset_parallel.sql
\set ECHO all
-- the serial consistency of the channels, checked by brute force (no rows = equal)
WITH tp AS (SELECT channel, avg(score)::float8 AS v, count(score) AS n FROM many GROUP BY 1),
     o AS (SELECT avg(score)::float8 AS v FROM many)
SELECT count(*) FILTER (WHERE n >= 100 AND abs(tp.v - o.v) <= 0.2) AS within, count(*) FILTER (WHERE n >= 100) AS included
FROM tp, o
EXCEPT SELECT (c::experience_consistency).within, (c::experience_consistency).included FROM serial_all;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA experience CASCADE;
