-- Conversion trends by entry period (funnel_trend_agg, rollup, funnel_trend)
-- and histograms of durations (duration_histogram); docs/funnels.md,
-- "Conversion trends" and "Time to convert".
SET TIME ZONE 'UTC';
SET DateStyle = 'ISO';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 0;
CREATE SCHEMA funnel_trends;
SET search_path = funnel_trends, public;

-- ---------- hand-made: weeks from Monday 2025-01-06, window 3 days ----------
-- u1 converts at once; u2 tries in two weeks and never converts; u3 enters
-- on Sunday and converts on Monday (the next week); u4 enters in two weeks
-- and converts in the second; u5's first visit of the week converts
-- through the events of a later visit inside its window; u6 converts in its
-- week, but after its first visit's window; u7 enters in the last week,
-- whose window has not closed; u8's last row (no step) sets the data end.
CREATE TABLE t (actor int, ts timestamptz, ev text);
INSERT INTO t VALUES
  (1, '2025-01-06 10:00', 'visit'), (1, '2025-01-06 10:05', 'view'), (1, '2025-01-06 10:10', 'buy'),
  (2, '2025-01-10 09:00', 'visit'), (2, '2025-01-14 09:00', 'visit'),
  (3, '2025-01-12 23:00', 'visit'), (3, '2025-01-13 00:30', 'view'), (3, '2025-01-13 01:00', 'buy'),
  (4, '2025-01-08 12:00', 'visit'), (4, '2025-01-15 12:00', 'visit'), (4, '2025-01-15 12:05', 'view'), (4, '2025-01-15 12:30', 'buy'),
  (5, '2025-01-20 09:00', 'visit'), (5, '2025-01-21 09:00', 'visit'), (5, '2025-01-21 09:05', 'view'), (5, '2025-01-21 09:10', 'buy'),
  (6, '2025-01-20 08:00', 'visit'), (6, '2025-01-26 10:00', 'visit'), (6, '2025-01-26 10:05', 'view'), (6, '2025-01-26 10:10', 'buy'),
  (7, '2025-01-27 10:00', 'visit'), (7, '2025-01-28 12:00', 'view'),
  (8, '2025-01-31 00:00', 'login');
CREATE TABLE per_actor AS
SELECT actor, funnel_trend_agg('week', interval '3 days', ts, ev, ARRAY['visit', 'view', 'buy']) AS s
FROM t GROUP BY actor;
-- by hand: week 01-06: u1, u2 (01-10), u3 (01-12), u4 (01-08) enter, u1 and
-- u3 convert; week 01-13: u2 (01-14), u4 (01-15) enter, u4 converts;
-- week 01-20: u5, u6 enter, u5 converts; week 01-27: u7 enters, no
-- conversion yet, and 01-27 + 7 days + 3 days is after the data end 01-31
SELECT period_start, period_end, entrants, converters, rate, complete
FROM funnel_trend((SELECT rollup(s) FROM per_actor));
-- reaching step 2 (view) instead: 2, 1, 1, 1 (u7 viewed within its window)
SELECT period_start, entrants, converters FROM funnel_trend((SELECT rollup(s) FROM per_actor), 2);
-- the Wilson interval is wilson_ci's, at the confidence given
SELECT bool_and(f.ci_low = w.low AND f.ci_high = w.high) AS same_as_wilson_ci
FROM funnel_trend((SELECT rollup(s) FROM per_actor), NULL, 0.9) f,
     LATERAL wilson_ci(f.converters, f.entrants, 0.9) w;
-- a data end given: all complete from 02-06 on, none before 01-16
SELECT array_agg(complete ORDER BY period_start) FROM funnel_trend((SELECT rollup(s) FROM per_actor), data_end => '2025-02-06');
SELECT array_agg(complete ORDER BY period_start) FROM funnel_trend((SELECT rollup(s) FROM per_actor), data_end => '2025-02-05 23:59');
SELECT array_agg(complete ORDER BY period_start) FROM funnel_trend((SELECT rollup(s) FROM per_actor), data_end => '2025-01-15');
-- one actor's own summary: its rows, complete against its own last row
SELECT actor, period_start, entrants, converters, complete
FROM per_actor, LATERAL funnel_trend(s) WHERE actor IN (2, 4) ORDER BY actor, period_start;
-- u8 (no step 1): an empty summary, no rows; and no rows at all: NULL
SELECT count(*) FROM per_actor, LATERAL funnel_trend(s) WHERE actor = 8;
SELECT funnel_trend_agg('week', interval '3 days', ts, ev, ARRAY['visit']) IS NULL AS no_rows FROM t WHERE false;
SELECT count(*) FROM funnel_trend(NULL);

-- brute force in plain SQL: the first visit of each (actor, week), and
-- whether a view and then a buy follow it within 3 days (the default
-- mode: entry <= view <= buy <= entry + window)
CREATE VIEW brute AS
WITH e AS (
  SELECT actor, date_trunc('week', ts) AS wk, min(ts) AS entry FROM t WHERE ev = 'visit' GROUP BY 1, 2
)
SELECT wk AS period_start, count(*) AS entrants,
       count(*) FILTER (WHERE EXISTS (
         SELECT FROM t v, t b WHERE v.actor = e.actor AND b.actor = e.actor AND v.ev = 'view' AND b.ev = 'buy'
           AND v.ts >= e.entry AND b.ts >= v.ts AND b.ts <= e.entry + interval '3 days')) AS converters
FROM e GROUP BY 1;
SELECT (SELECT count(*) FROM brute) AS periods,
       (SELECT count(*) FROM (SELECT period_start, entrants, converters FROM funnel_trend((SELECT rollup(s) FROM per_actor))
                              EXCEPT SELECT * FROM brute) d) AS differ;

-- the old recipe (funnel_times, dated by t[1]) on the same data: u2 is
-- dated by its latest attempt only (week 01-13), u4 by its converting
-- visit only, u6 by its later visit: week 01-06 shows 2 of 2, not 2 of 4
SELECT date_trunc('week', tt[1]) AS entry_week, count(*) AS entrants,
       count(*) FILTER (WHERE cardinality(tt) = 3) AS converters
FROM (SELECT funnel_times(interval '3 days', ts, ev, ARRAY['visit', 'view', 'buy']) AS tt FROM t GROUP BY actor) s
WHERE cardinality(tt) >= 1 GROUP BY 1 ORDER BY 1;

-- the conditions form and a mode give the same here (every row one step)
SELECT (SELECT rollup(s) FROM per_actor)::text =
       (SELECT rollup(s)::text FROM (SELECT funnel_trend_agg('week', interval '3 days', ts, ev = 'visit', ev = 'view', ev = 'buy') AS s
                               FROM t GROUP BY actor) c) AS conditions_same,
       (SELECT array_agg(converters ORDER BY period_start) FROM funnel_trend((SELECT rollup(s)
          FROM (SELECT funnel_trend_agg('week', interval '3 days', 'strict_increase', ts, ev, ARRAY['visit', 'view', 'buy']) AS s
                FROM t GROUP BY actor) m))) AS strict_increase;
-- days and months, and another time zone: u3's Sunday 23:00 UTC is Monday
-- in Europe/Berlin, so there u3 enters in week 01-13 (period starts at
-- local midnight)
SELECT period_start, entrants, converters FROM funnel_trend((SELECT rollup(s)
  FROM (SELECT funnel_trend_agg('month', interval '3 days', ts, ev, ARRAY['visit', 'view', 'buy']) AS s FROM t GROUP BY actor) m));
SELECT count(*) AS days, sum(entrants) AS entrants FROM funnel_trend((SELECT rollup(s)
  FROM (SELECT funnel_trend_agg('day', interval '3 days', ts, ev, ARRAY['visit', 'view', 'buy']) AS s FROM t GROUP BY actor) d));
SET TIME ZONE 'Europe/Berlin';
SELECT period_start, entrants, converters FROM funnel_trend((SELECT rollup(s)
  FROM (SELECT funnel_trend_agg('week', interval '3 days', ts, ev, ARRAY['visit', 'view', 'buy']) AS s FROM t GROUP BY actor) w));
SET TIME ZONE 'UTC';

-- the example of docs/reports.md: by channel, even actors email, odd
-- search, visit -> purchase within 7 days.  By hand: search 01-06 2 of 2
-- (u1, u3), 01-20 1 of 1 (u5), 01-27 0 of 1 (u7); email 01-06 0 of 2 (u2;
-- u4's buy 01-15 12:30 is 30 minutes past 01-08 12:00 + 7 days), 01-13 1 of
-- 2 (u4), 01-20 1 of 1 (u6).  Complete against the table's end, 01-31:
-- weeks up to 01-13 (01-20 + 7 days = 01-27)
CREATE VIEW events AS
SELECT actor AS user_id, ts, CASE ev WHEN 'buy' THEN 'purchase' ELSE ev END AS event,
       CASE WHEN actor % 2 = 0 THEN 'email' ELSE 'search' END AS channel FROM t;
WITH per_user AS (
  SELECT user_id, (array_agg(channel ORDER BY ts))[1] AS channel,
         funnel_trend_agg('week', '7 days', ts, event, ARRAY['visit', 'purchase']) AS s
  FROM events GROUP BY user_id)
SELECT c.channel, r.period_start, r.entrants, r.converters, r.complete
FROM (SELECT channel, rollup(s) AS s FROM per_user GROUP BY channel) c,
     LATERAL funnel_trend(c.s, data_end => (SELECT max(ts) FROM events)) r
ORDER BY 1, 2;

-- periods against date_trunc: 300 actors' visits at random instants from
-- 1990 to 2030, in zones of one fixed offset (computed without PostgreSQL's
-- date_trunc) and with daylight saving time (computed by it); entrants per
-- period = distinct actors per date_trunc(unit, ts)
SELECT setseed(0.5);
CREATE TABLE rv AS
SELECT (random() * 300)::int AS actor,
       timestamptz '1990-01-01 00:00+00' + random() * interval '40 years' AS ts
FROM generate_series(1, 3000);
CREATE FUNCTION periods_differ(unit text) RETURNS bigint LANGUAGE sql AS $$
  SELECT count(*) FROM (
    (SELECT date_trunc(unit, ts) AS p, count(DISTINCT actor) AS n FROM funnel_trends.rv GROUP BY 1
     EXCEPT SELECT period_start, entrants FROM public.funnel_trend((SELECT public.rollup(s) FROM (
       SELECT public.funnel_trend_agg(unit, interval '1 day', ts, 'visit', ARRAY['visit']) AS s FROM funnel_trends.rv GROUP BY actor) a)))
    UNION ALL
    (SELECT period_start, entrants FROM public.funnel_trend((SELECT public.rollup(s) FROM (
       SELECT public.funnel_trend_agg(unit, interval '1 day', ts, 'visit', ARRAY['visit']) AS s FROM funnel_trends.rv GROUP BY actor) a))
     EXCEPT SELECT date_trunc(unit, ts), count(DISTINCT actor) FROM funnel_trends.rv GROUP BY 1)) d
$$;
SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE;
SELECT periods_differ('day') AS day, periods_differ('week') AS week, periods_differ('month') AS month;
SET TIME ZONE 'Etc/GMT+11';
SELECT periods_differ('day') AS day, periods_differ('week') AS week, periods_differ('month') AS month;
SET TIME ZONE 'America/New_York';
SELECT periods_differ('day') AS day, periods_differ('week') AS week, periods_differ('month') AS month;
SET TIME ZONE 'Australia/Lord_Howe';
SELECT periods_differ('day') AS day, periods_differ('week') AS week, periods_differ('month') AS month;
SET TIME ZONE 'UTC';
SELECT periods_differ('day') AS day, periods_differ('week') AS week, periods_differ('month') AS month;

-- bigint time, periods of width 10: a@8 b@11 (crosses into period 10,
-- within window 5 of 8), a@15 again; actor 2: a@-3 (period -10)
CREATE TABLE bt (actor int, ts bigint, ev text);
INSERT INTO bt VALUES (1, 8, 'a'), (1, 11, 'b'), (1, 15, 'a'), (2, -3, 'a'), (2, 30, 'x');
SELECT * FROM funnel_trend_bigint((SELECT rollup(s) FROM (SELECT funnel_trend_agg(10, 5, ts, ev, ARRAY['a', 'b']) AS s FROM bt GROUP BY actor) b));
-- its bytes: the example of docs/format.md
SELECT encode(decode(rollup(s)::text, 'base64'), 'hex') FROM (SELECT funnel_trend_agg(10, 5, ts, ev, ARRAY['a', 'b']) AS s FROM bt GROUP BY actor) b;

-- ---------- a constant true rate: every complete week covers p ----------
-- 1500 actors over 10 weeks from Monday 2025-01-06; in each week an actor
-- visits with probability 0.6, once, at 09:00 on a weekday, and buys with
-- probability p = 0.3 within 20 hours (window 1 day: a visit's window never
-- reaches another week's visit).  The data is cut on Wednesday 2025-03-12
-- at 12:00: week 9's entries lose conversions that had not happened yet.
-- With 99.9 % intervals over about 900 entrants a week, a complete week
-- missing p would be a 1-in-1000 event each; for this seed none does.
SELECT setseed(0.13);
CREATE TABLE gen AS
SELECT a AS actor, w AS week, random() AS r_visit, random() AS r_day, random() AS r_buy, random() AS r_delay
FROM generate_series(1, 1500) a, generate_series(0, 9) w ORDER BY a, w;
CREATE TABLE cr AS
SELECT actor, v.ts, v.ev
FROM (SELECT actor, r_buy < 0.3 AS buys, r_delay, r_visit,
             timestamptz '2025-01-06 09:00+00' + week * interval '7 days' + floor(r_day * 5) * interval '1 day' AS t0
      FROM gen) g,
     LATERAL (VALUES (t0, 'visit'), (CASE WHEN buys THEN t0 + r_delay * interval '20 hours' END, 'buy')) v(ts, ev)
WHERE r_visit < 0.6 AND v.ts IS NOT NULL AND v.ts <= '2025-03-12 12:00+00';
CREATE TABLE cr_summary AS
SELECT funnel_trend_agg('week', interval '1 day', ts, ev, ARRAY['visit', 'buy']) AS s FROM cr GROUP BY actor;
SELECT count(*) AS weeks,
       count(*) FILTER (WHERE complete) AS complete,
       bool_and(ci_low <= 0.3 AND 0.3 <= ci_high) FILTER (WHERE complete) AS complete_cover_p,
       min(entrants) FILTER (WHERE complete) AS min_entrants,
       round(min(rate) FILTER (WHERE complete)::numeric, 3) AS min_rate,
       round(max(rate) FILTER (WHERE complete)::numeric, 3) AS max_rate,
       array_agg(period_start::date) FILTER (WHERE NOT complete) AS incomplete,
       round((array_agg(rate) FILTER (WHERE NOT complete))[1]::numeric, 3) AS incomplete_rate
FROM funnel_trend((SELECT rollup(s) FROM cr_summary), confidence => 0.999);

-- ---------- stored journeys: the same summaries as the raw events ----------
-- one journey per actor of every row (u8's login row sets the data end);
-- the report equals the raw events' report above, row for row
CREATE TABLE tj AS SELECT actor, journey_agg(ts, ev) AS j FROM t GROUP BY actor;
SELECT period_start, entrants, converters, complete
FROM funnel_trend((SELECT rollup(funnel_trend_agg(j, 'week', interval '3 days', ARRAY['visit', 'view', 'buy'])) FROM tj));
SELECT count(*) AS rows_differ FROM (
  (SELECT * FROM funnel_trend((SELECT rollup(funnel_trend_agg(j, 'week', interval '3 days', ARRAY['visit', 'view', 'buy'])) FROM tj))
   EXCEPT SELECT * FROM funnel_trend((SELECT rollup(s) FROM per_actor)))
  UNION ALL
  (SELECT * FROM funnel_trend((SELECT rollup(s) FROM per_actor))
   EXCEPT SELECT * FROM funnel_trend((SELECT rollup(funnel_trend_agg(j, 'week', interval '3 days', ARRAY['visit', 'view', 'buy'])) FROM tj)))) d;
-- per actor, the same bytes; with a mode too
SELECT count(*) AS actors,
       count(*) FILTER (WHERE funnel_trend_agg(tj.j, 'week', interval '3 days', ARRAY['visit', 'view', 'buy'])::text = p.s::text) AS same_summary,
       count(*) FILTER (WHERE funnel_trend_agg(tj.j, 'day', interval '3 days', ARRAY['visit', 'view', 'buy'], 'first_time')::text
                              = (SELECT funnel_trend_agg('day', interval '3 days', 'first_time', ts, ev, ARRAY['visit', 'view', 'buy'])::text
                                 FROM t WHERE t.actor = tj.actor)) AS same_first_time_daily
FROM tj JOIN per_actor p USING (actor);
-- the constant-rate data as journeys: the same report
SELECT count(*) AS rows_differ FROM (
  (SELECT * FROM funnel_trend((SELECT rollup(funnel_trend_agg(j, 'week', interval '1 day', ARRAY['visit', 'buy']))
                               FROM (SELECT journey_agg(ts, ev) AS j FROM cr GROUP BY actor) s))
   EXCEPT SELECT * FROM funnel_trend((SELECT rollup(s) FROM cr_summary)))
  UNION ALL
  (SELECT * FROM funnel_trend((SELECT rollup(s) FROM cr_summary))
   EXCEPT SELECT * FROM funnel_trend((SELECT rollup(funnel_trend_agg(j, 'week', interval '1 day', ARRAY['visit', 'buy']))
                                      FROM (SELECT journey_agg(ts, ev) AS j FROM cr GROUP BY actor) s)))) d;
-- errors: the mode totals, an unknown period, a window that is not positive
SELECT funnel_trend_agg(j, 'week', interval '3 days', ARRAY['visit', 'view', 'buy'], 'totals') FROM tj;
SELECT funnel_trend_agg(j, 'fortnight', interval '3 days', ARRAY['visit', 'view', 'buy']) FROM tj;
SELECT funnel_trend_agg(j, 'week', interval '0 days', ARRAY['visit', 'view', 'buy']) FROM tj;

-- ---------- parallel plans equal serial ones ----------
CREATE TABLE crp AS SELECT * FROM cr ORDER BY random();
CREATE TABLE serial AS
SELECT actor, funnel_trend_agg('week', interval '1 day', ts, ev, ARRAY['visit', 'buy'])::text AS s FROM crp GROUP BY actor;
\i test/data/force_parallel.sql
SELECT plan_has($$SELECT actor, funnel_trend_agg('week', interval '1 day', ts, ev, ARRAY['visit', 'buy']) FROM crp GROUP BY actor$$,
                'Partial GroupAggregate') AS partial_per_actor,
       plan_has('SELECT rollup(s) FROM cr_summary', 'Partial Aggregate') AS partial_rollup;
SELECT count(*) AS actors, count(*) FILTER (WHERE p.s = s.s) AS same
FROM (SELECT actor, funnel_trend_agg('week', interval '1 day', ts, ev, ARRAY['visit', 'buy'])::text AS s FROM crp GROUP BY actor) p
JOIN serial s USING (actor);
CREATE TABLE par_rollup AS SELECT rollup(s)::text AS r FROM cr_summary;
\i test/data/reset_parallel.sql
SELECT (SELECT r FROM par_rollup) = (SELECT rollup(s)::text FROM cr_summary) AS rollup_same;

-- the summary's text form reads back as the same value
SELECT (SELECT rollup(s) FROM per_actor)::text::funnel_trend_summary::text = (SELECT rollup(s) FROM per_actor)::text AS text_round_trip;
-- binary COPY: out and back in gives the same value; damaged bytes are
-- refused (22P03)
CREATE TABLE trend_bin AS SELECT rollup(s) AS s FROM per_actor;
\copy trend_bin TO 'results/funnel_trend.bin' WITH (FORMAT binary)
CREATE TABLE trend_in (s funnel_trend_summary);
\copy trend_in FROM 'results/funnel_trend.bin' WITH (FORMAT binary)
SELECT (SELECT s::text FROM trend_in) = (SELECT s::text FROM trend_bin) AS binary_round_trip;
CREATE TABLE trend_raw (b bytea);
INSERT INTO trend_raw VALUES ('\x4a530501020302000514013c0313010109010009010102');
\copy trend_raw TO 'results/funnel_trend_bad.bin' WITH (FORMAT binary)
\copy trend_in FROM 'results/funnel_trend_bad.bin' WITH (FORMAT binary)
TRUNCATE trend_raw;
INSERT INTO trend_raw VALUES ('\x4a530501020302000514013c03130102090100090101');
\copy trend_raw TO 'results/funnel_trend_bad2.bin' WITH (FORMAT binary)
\copy trend_in FROM 'results/funnel_trend_bad2.bin' WITH (FORMAT binary)
TRUNCATE trend_raw;
INSERT INTO trend_raw VALUES ('\x4a530501020302000514013c03130101090100090101');
\copy trend_raw TO 'results/funnel_trend_ok.bin' WITH (FORMAT binary)
\copy trend_in FROM 'results/funnel_trend_ok.bin' WITH (FORMAT binary)
SELECT count(*) FROM trend_in;
-- NULLs: a NULL ts ignores the row (not the data end either), a NULL label
-- is no step; the rollup skips NULL summaries
SELECT * FROM funnel_trend((SELECT rollup(s) FROM (
  SELECT funnel_trend_agg('week', interval '3 days', ts, ev, ARRAY['visit', 'buy']) AS s
  FROM (VALUES (timestamptz '2025-01-06 10:00', 'visit'), (NULL, 'buy'), ('2025-01-06 11:00', NULL), ('2025-01-06 12:00', 'buy')) v(ts, ev)
  UNION ALL SELECT NULL) u));

-- entries at -infinity and infinity: periods of their own (date_trunc
-- keeps an infinity), stored and read back
SELECT period_start, period_end, entrants, converters, complete FROM funnel_trend((SELECT rollup(s)::text::funnel_trend_summary FROM (
  SELECT funnel_trend_agg('week', interval '3 days', ts, ev, ARRAY['visit', 'buy']) AS s
  FROM (VALUES (1, timestamptz '-infinity', 'visit'), (1, '2025-01-06 10:00', 'visit'), (2, 'infinity', 'visit'), (2, 'infinity', 'buy')) v(a, ts, ev)
  GROUP BY a) u));

-- ---------- errors ----------
SELECT funnel_trend_agg('fortnight', interval '1 day', ts, ev, ARRAY['visit']) FROM t;
SELECT funnel_trend_agg(NULL, interval '1 day', ts, ev, ARRAY['visit']) FROM t;
SELECT funnel_trend_agg(0, 5, ts, ev, ARRAY['a']) FROM bt;
SELECT funnel_trend_agg(CASE WHEN actor = 1 THEN 'week' ELSE 'day' END, interval '1 day', ts, ev, ARRAY['visit']) FROM t;
SELECT funnel_trend_agg('week', interval '0 days', ts, ev, ARRAY['visit']) FROM t;
SELECT funnel_trend_agg('week', interval '1 day', 'bogus', ts, ev, ARRAY['visit']) FROM t;
SELECT funnel_trend_agg('week', interval '1 day', 'totals', ts, ev, ARRAY['visit']) FROM t;
SELECT * FROM funnel_trend((SELECT rollup(s) FROM per_actor), 4);
SELECT * FROM funnel_trend((SELECT rollup(s) FROM per_actor), 0);
SELECT * FROM funnel_trend((SELECT rollup(s) FROM per_actor), confidence => 1);
SELECT * FROM funnel_trend((SELECT rollup(s) FROM per_actor), confidence => NULL);
SELECT * FROM funnel_trend_bigint((SELECT rollup(s) FROM per_actor));
SELECT * FROM funnel_trend((SELECT rollup(s) FROM (SELECT funnel_trend_agg(10, 5, ts, ev, ARRAY['a', 'b']) AS s FROM bt GROUP BY actor) b));
SELECT rollup(s) FROM (SELECT funnel_trend_agg('week', interval '3 days', ts, ev, ARRAY['visit', 'buy']) AS s FROM t
                       UNION ALL SELECT funnel_trend_agg('day', interval '3 days', ts, ev, ARRAY['visit', 'buy']) FROM t) u;
SELECT rollup(s) FROM (SELECT funnel_trend_agg('week', interval '3 days', ts, ev, ARRAY['visit', 'buy']) AS s FROM t
                       UNION ALL SELECT funnel_trend_agg('week', interval '2 days', ts, ev, ARRAY['visit', 'buy']) FROM t) u;
SELECT 'AAAA'::funnel_trend_summary;
SELECT 'SlMFAQ=='::funnel_trend_summary;

-- ---------- time to convert ----------
-- exact percentiles over funnel_times differences (the recipe of
-- docs/funnels.md): view -> buy among actors who bought, by hand u1 5 min,
-- u3 30 min, u4 25 min, u5 5 min, u6 5 min: median 5 min, p75 25 min
SELECT count(*) AS buyers,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY tt[3] - tt[2]) AS median,
       percentile_cont(0.75) WITHIN GROUP (ORDER BY tt[3] - tt[2]) AS p75
FROM (SELECT funnel_times(interval '3 days', ts, ev, ARRAY['visit', 'view', 'buy']) AS tt FROM t GROUP BY actor) s
WHERE cardinality(tt) >= 3;
-- the histogram of visit -> buy: by hand u1 10 min, u3 2 h, u4 30 min, u5
-- 10 min (21 09:00 to 09:10: the chain of its later visit), u6 10 min;
-- 5 durations: ceil(cbrt(5)) = 2 bins of (120 - 10) / 2 = 55 min
SELECT * FROM duration_histogram((SELECT array_agg(tt[3] - tt[1])
  FROM (SELECT funnel_times(interval '3 days', ts, ev, ARRAY['visit', 'view', 'buy']) AS tt FROM t GROUP BY actor) s
  WHERE cardinality(tt) >= 3));
-- hand-made durations: 0, 3, 5, 7, 10, 10 (bigint) in 4 bins: edges 0, 3
-- (2.5 rounded up), 5, 8 (7.5 rounded up), 10; the largest in the last bin
SELECT * FROM duration_histogram(ARRAY[0, 10, 3, 7, 10, 5]::bigint[], 4);
-- automatic: 6 values, ceil(cbrt(6)) = 2 bins
SELECT * FROM duration_histogram(ARRAY[0, 10, 3, 7, 10, 5]::bigint[]);
-- 27 values: 3 bins (exactly: 3^3 = 27); 28 values: 4
SELECT count(*) FROM duration_histogram(ARRAY(SELECT g::bigint FROM generate_series(1, 27) g));
SELECT count(*) FROM duration_histogram(ARRAY(SELECT g::bigint FROM generate_series(1, 28) g));
-- one value, all equal: one bin [v, v], whatever bins says
SELECT * FROM duration_histogram(ARRAY[interval '5 minutes']);
SELECT * FROM duration_histogram(ARRAY[interval '5 minutes', interval '300 seconds', NULL], 10);
-- empty, only NULLs, NULL: no rows
SELECT count(*) FROM duration_histogram('{}'::interval[]);
SELECT count(*) FROM duration_histogram(ARRAY[NULL]::bigint[]);
SELECT count(*) FROM duration_histogram(NULL::interval[]);
-- a range smaller than the bins: bins of width 0 stay empty
SELECT * FROM duration_histogram(ARRAY[0, 1]::bigint[], 3);
-- intervals over a day print as days and time; a month counts 30 days
SELECT * FROM duration_histogram(ARRAY[interval '1 hour', interval '1 month 1 day'], 2);
-- errors
SELECT * FROM duration_histogram(ARRAY[1]::bigint[], 0);
SELECT * FROM duration_histogram(ARRAY[1]::bigint[], 10001);

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA funnel_trends CASCADE;
