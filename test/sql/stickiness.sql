-- stickiness: a small example worked by hand, the week that straddles two
-- months, time zones, errors, then every row on the sample data against
-- plain SQL (date_trunc, count(DISTINCT)), rollups and parallel plans.
CREATE SCHEMA stick;
SET search_path = stick, public;
SET TIME ZONE 'UTC';

-- four actors (weeks of 2025 start on Mondays: Dec 30, Jan 6, 13, 20, 27):
--   a: Mon Jan 6 (twice), Tue Jan 7, Thu Jan 9
--   b: Mon Jan 6, Mon Jan 13
--   c: Sun Jan 12 23:30 UTC, Mon Jan 13
--   d: Wed Jan 1 (week of Mon Dec 30), Fri Jan 31 (week of Mon Jan 27)
CREATE TABLE ev (actor text, ts timestamptz);
INSERT INTO ev VALUES
	('a', '2025-01-06 09:00+00'), ('a', '2025-01-06 18:00+00'), ('a', '2025-01-07 10:00+00'), ('a', '2025-01-09 10:00+00'),
	('b', '2025-01-06 12:00+00'), ('b', '2025-01-13 12:00+00'),
	('c', '2025-01-12 23:30+00'), ('c', '2025-01-13 12:00+00'),
	('d', '2025-01-01 12:00+00'), ('d', '2025-01-31 12:00+00'),
	(NULL, '2025-01-08 00:00+00'), ('e', NULL);
CREATE TABLE s AS SELECT activity_agg(actor, ts) AS s FROM ev;
-- days in weeks, by hand:
--   week of Dec 30: d 1 day                      k=1: 1            active 1
--   week of Jan 6:  a 3 days, b 1, c 1           k=1: 2, k=3: 1    active 3
--   week of Jan 13: b 1, c 1                     k=1: 2            active 2
--   week of Jan 20: nobody                       all 0, no shares  active 0
--   week of Jan 27: d 1                          k=1: 1            active 1
-- (7 rows a week; those with k > 3 are all 0, checked below)
SELECT x.* FROM s, stickiness(s.s) x WHERE periods <= 3;
SELECT count(*) AS rows, bool_and(actors = 0 AND cumulative = 0) AS rest_zero, bool_and(window_periods = 7) AS seven
FROM s, stickiness(s.s, 'day', 'week') x WHERE periods > 3;
-- days in months: January has a 3 days, b 2, c 2, d 2 (Jan 1 and Jan 31)
SELECT x.* FROM s, stickiness(s.s, 'day', 'month') x WHERE periods <= 4;
SELECT count(*) AS rows, max(window_periods) AS days FROM s, stickiness(s.s, 'day', 'month') x;
-- weeks in months: a week belongs to the month of its Monday, so d's
-- Wednesday Jan 1 counts in December 2024 (Mondays 2, 9, 16, 23, 30: 5
-- weeks), and its Friday Jan 31 in January (Mondays 6, 13, 20, 27: 4):
--   December: d 1 week                        k=1: 1          active 1
--   January:  a 1 (Jan 6), b 2, c 2, d 1 (Jan 27)   k=1: 2, k=2: 2   active 4
SELECT x.* FROM s, stickiness(s.s, 'week', 'month') x;
-- the whole range: weeks Dec 30 .. Jan 27 (5): a 1, b 2, c 2, d 2; days
-- Jan 1 .. Jan 31 (31): a 3, b 2, c 2, d 2
SELECT x.* FROM s, stickiness(s.s, 'week', 'all') x;
SELECT x.* FROM s, stickiness(s.s, 'day', 'ALL') x WHERE periods <= 4;

-- time zones: in Tokyo (+09) c's Sunday 23:30 UTC is Monday Jan 13, so
-- week of Jan 6: a 3, b 1 (active 2); week of Jan 13: b 1, c 1 (c's two
-- rows are one day); the windows start at Tokyo midnight
SET TIME ZONE 'Asia/Tokyo';
SELECT x.* FROM (SELECT activity_agg(actor, ts) AS s FROM stick.ev) s, stickiness(s.s) x
WHERE periods <= 3 AND window_start >= '2025-01-06' AND window_start < '2025-01-20';
SET TIME ZONE 'UTC';

-- NULL arguments and no rows: no rows (STRICT); an empty summary: no rows
SELECT count(*) FROM stickiness(NULL::activity_summary);
SELECT count(*) FROM s, stickiness(s.s, NULL);
SELECT count(*) FROM (SELECT activity_agg(actor, ts) AS s FROM ev WHERE ts IS NULL) e, stickiness(e.s) x;
-- errors: unknown period or window, a period not shorter than its window, corrupt input
SELECT * FROM s, stickiness(s.s, 'year');
SELECT * FROM s, stickiness(s.s, 'day', 'year');
SELECT * FROM s, stickiness(s.s, 'week', 'week');
SELECT * FROM s, stickiness(s.s, 'month', 'week');
SELECT * FROM s, stickiness(s.s, 'day', 'day');
SELECT * FROM stickiness(encode('\x4a530101010102060118010214'::bytea, 'base64')::activity_summary);
-- limits: days 10,227,000 apart are too many periods for the whole range (weeks are fine)
SELECT * FROM (SELECT activity_agg(1, t) AS s FROM (VALUES ('2000-01-01'::timestamptz), ('30000-01-01')) v(t)) x, stickiness(x.s, 'day', 'all') y;
SELECT count(*) FROM (SELECT activity_agg(1, t) AS s FROM (VALUES ('2000-01-01'::timestamptz), ('30000-01-01')) v(t)) x, stickiness(x.s, 'week', 'all') y;

-- the sample data, against plain SQL
\set ECHO none
\set users 1500
\i test/data/sample_events.sql
\set ECHO all
SET search_path = stick, journey_sample, public;
-- per window (date_trunc(within, start of the period)): each user's
-- distinct periods; a window's periods are the period starts inside it
CREATE FUNCTION brute(period text, within text)
RETURNS TABLE(window_start timestamptz, periods int, actors bigint, cumulative bigint,
	active_actors bigint, window_periods int)
LANGUAGE sql STABLE AS $$
WITH p AS (SELECT DISTINCT user_id, date_trunc(period, ts) AS p FROM journey_sample.events),
a AS (SELECT user_id, date_trunc(within, p) AS w, count(*)::int AS k FROM p GROUP BY 1, 2),
w AS (SELECT g AS w FROM generate_series((SELECT min(w) FROM a), (SELECT max(w) FROM a), ('1 ' || within)::interval) g),
n AS (SELECT w.w, (SELECT count(*)::int FROM generate_series(w.w, w.w + ('1 ' || within)::interval - interval '1 day', interval '1 day') d
		WHERE date_trunc(period, d) = d) AS np FROM w)
SELECT n.w, k.k, count(*) FILTER (WHERE a.k = k.k), count(*) FILTER (WHERE a.k >= k.k), count(a.user_id), n.np
FROM n CROSS JOIN generate_series(1, n.np) k(k) LEFT JOIN a ON a.w = n.w
GROUP BY n.w, k.k, n.np
$$;
-- the whole range: periods from the first to the last
CREATE FUNCTION brute_all(period text)
RETURNS TABLE(window_start timestamptz, periods int, actors bigint, cumulative bigint,
	active_actors bigint, window_periods int)
LANGUAGE sql STABLE AS $$
WITH p AS (SELECT DISTINCT user_id, date_trunc(period, ts) AS p FROM journey_sample.events),
a AS (SELECT user_id, count(*)::int AS k FROM p GROUP BY 1),
r AS (SELECT min(p) AS lo, (SELECT count(*)::int FROM generate_series(min(p), max(p), ('1 ' || period)::interval)) AS np FROM p)
SELECT r.lo, k.k, count(*) FILTER (WHERE a.k = k.k), count(*) FILTER (WHERE a.k >= k.k), count(*), r.np
FROM r CROSS JOIN generate_series(1, r.np) k(k) CROSS JOIN a
GROUP BY r.lo, k.k, r.np
$$;
CREATE FUNCTION differences(summary activity_summary, period text, within text) RETURNS TABLE(rows bigint, differences bigint, share_ok bool)
LANGUAGE sql STABLE AS $$
WITH x AS (SELECT * FROM stickiness(summary, period, within)),
     b AS (SELECT * FROM stick.brute(period, within) WHERE within <> 'all' UNION ALL SELECT * FROM stick.brute_all(period) WHERE within = 'all')
SELECT (SELECT count(*) FROM x),
       (SELECT count(*) FROM (SELECT window_start, periods, actors, cumulative, active_actors, window_periods FROM x EXCEPT SELECT * FROM b) d)
     + (SELECT count(*) FROM (SELECT * FROM b EXCEPT SELECT window_start, periods, actors, cumulative, active_actors, window_periods FROM x) d),
       (SELECT bool_and(CASE WHEN active_actors = 0 THEN share IS NULL AND cumulative_share IS NULL
                        ELSE abs(share - actors::float8 / active_actors) < 1e-12 AND abs(cumulative_share - cumulative::float8 / active_actors) < 1e-12 END) FROM x)
$$;
CREATE TABLE one AS SELECT activity_agg(user_id, ts) AS s FROM events;
SELECT p.period, p.within, d.* FROM one,
	(VALUES ('day', 'week'), ('day', 'month'), ('week', 'month'), ('day', 'all'), ('week', 'all'), ('month', 'all')) p(period, within),
	LATERAL differences(one.s, p.period, p.within) d;
-- another time zone (Berlin: +01, +02 from March 30): the summary's days and
-- the windows both follow the session's TimeZone
SET TIME ZONE 'Europe/Berlin';
SELECT p.period, p.within, d.* FROM (SELECT activity_agg(user_id, ts) AS s FROM events) one,
	(VALUES ('day', 'week'), ('week', 'month')) p(period, within),
	LATERAL differences(one.s, p.period, p.within) d;
-- (and its active days are not UTC's: actor-days, the sum of k x actors)
SELECT (SELECT sum(periods * actors) FROM (SELECT activity_agg(user_id, ts) AS s FROM events) s, stickiness(s.s) x)
    <> (SELECT sum(periods * actors) FROM one, stickiness(one.s) x) AS other_days;
SET TIME ZONE 'UTC';
-- the worked example of docs/segmentation.md (equal to plain SQL above)
SELECT to_char(window_start, 'YYYY-MM-DD') AS week, periods, actors, cumulative, active_actors, round(share::numeric, 4) AS share, round(cumulative_share::numeric, 4) AS cumulative_share
FROM stickiness((SELECT activity_agg(user_id, ts) FROM events), 'day', 'week') WHERE window_start = '2025-02-03';
-- "an event" is the rows fed: purchases only
SELECT count(*) AS rows, sum(actors) AS actor_weeks, (SELECT count(*) FROM (SELECT DISTINCT user_id, date_trunc('week', ts) FROM events WHERE event = 'purchase') x) AS expected
FROM (SELECT activity_agg(user_id, ts) AS s FROM events WHERE event = 'purchase') p, stickiness(p.s) x;

-- summaries of slices (per channel, per day) rolled up give the rows of one pass
CREATE TABLE slices AS SELECT channel, ts::date AS day, activity_agg(user_id, ts) AS s FROM events GROUP BY 1, 2;
SELECT count(*) AS rows, count(*) FILTER (WHERE a IS DISTINCT FROM b) AS differences
FROM (SELECT x.* FROM (SELECT rollup(s) AS s FROM slices) r, stickiness(r.s, 'day', 'month') x) a
FULL JOIN (SELECT x.* FROM one, stickiness(one.s, 'day', 'month') x) b USING (window_start, periods);

-- a forced parallel plan gives the rows of a serial one
CREATE TABLE big AS SELECT * FROM events, generate_series(1, 2) copy;
ANALYZE big;
CREATE TABLE serial AS SELECT x.* FROM (SELECT activity_agg(user_id, ts) AS s FROM big) b, stickiness(b.s, 'week', 'month') x;
\i test/data/force_parallel.sql
SELECT plan_has('SELECT x.* FROM (SELECT activity_agg(user_id, ts) AS s FROM big) b, stickiness(b.s, ''week'', ''month'') x', 'Partial Aggregate') AS partial;
CREATE TABLE par AS SELECT x.* FROM (SELECT activity_agg(user_id, ts) AS s FROM big) b, stickiness(b.s, 'week', 'month') x;
\i test/data/reset_parallel.sql
SELECT (SELECT count(*) FROM serial) AS rows,
       (SELECT count(*) FROM (SELECT * FROM serial EXCEPT SELECT * FROM par) d) + (SELECT count(*) FROM (SELECT * FROM par EXCEPT SELECT * FROM serial) d) AS differences;

DROP SCHEMA journey_sample CASCADE;
DROP SCHEMA stick CASCADE;
