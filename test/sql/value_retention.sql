-- value_agg and value_retention: a small example worked by hand (every
-- column), the cohort event, NULL values and refunds, errors, the byte
-- form, then every row on the sample data against plain SQL (date_trunc,
-- sum, count(DISTINCT)), time zones, rollups and parallel plans.
CREATE SCHEMA val;
SET search_path = val, public;
SET TIME ZONE 'UTC';

-- weeks of 2025: W0 = Mon Jan 6, W1 = Mon Jan 13, W2 = Mon Jan 20
--   a: Jan 6 purchase 10.00, Jan 7 purchase 5.50, Jan 14 purchase 20, Jan 21 refund -3
--   b: Jan 8 purchase 4.25 and a view (no value), Jan 22 a view
--   c: Jan 14 purchase 7
--   d: Jan 15 a view
--   e: Jan 20 a view
CREATE TABLE ev (actor text, ts timestamptz, event text, value numeric);
INSERT INTO ev VALUES
	('a', '2025-01-06 10:00+00', 'purchase', 10.00), ('a', '2025-01-07 10:00+00', 'purchase', 5.50),
	('a', '2025-01-14 10:00+00', 'purchase', 20), ('a', '2025-01-21 10:00+00', 'refund', -3),
	('b', '2025-01-08 10:00+00', 'purchase', 4.25), ('b', '2025-01-08 11:00+00', 'view', NULL),
	('b', '2025-01-22 10:00+00', 'view', NULL),
	('c', '2025-01-14 12:00+00', 'purchase', 7),
	('d', '2025-01-15 12:00+00', 'view', NULL),
	('e', '2025-01-20 12:00+00', 'view', NULL),
	(NULL, '2025-01-06 10:00+00', 'purchase', 100), ('f', NULL, 'purchase', 100);
CREATE TABLE s AS SELECT value_agg(actor, ts, value) AS s, value_agg(actor, ts, value, event = 'purchase') AS p FROM ev;
-- by hand (cohort = first active week; the last week is W2):
--   W0 (a, b), size 2:
--     k0: a, b active; 10 + 5.50 + 4.25 = 19.75; per active 9.875; per member 9.875; NRR 1; cumulative 19.75; LTV 9.875
--     k1: a; 20; 20; 10; 20 / 19.75 = 1.0126582278481013; 39.75; 19.875
--     k2: a, b; -3; -1.5; -1.5; -3 / 19.75 = -0.1518987341772152; 36.75; 18.375
--   W1 (c, d), size 2:
--     k0: c, d; 7; 3.5; 3.5; 1; 7; 3.5
--     k1: nobody; 0; no value per active actor; 0; 0; 7; 3.5
--   W2 (e), size 1:
--     k0: e; 0; 0; 0; no NRR (period 0 has no value); 0; 0
SELECT x.* FROM s, value_retention(s.s) x;
-- cohorts by first purchase: d and e never purchase (in no cohort); W0 (a, b), W1 (c)
SELECT x.* FROM s, value_retention(s.p, 'week') x;
-- values before the cohort are ignored: g's 50 on Jan 6 comes before its
-- cohort event on Jan 14 (W1): k0 30 (NRR 1, LTV 30), k1 5 (NRR 5 / 30 = 0.1666..., LTV 35)
SELECT x.* FROM (SELECT value_agg(a, t, v, e) AS s FROM (VALUES ('g', '2025-01-06 10:00+00'::timestamptz, 50, false),
	('g', '2025-01-14 10:00+00', 30, true), ('g', '2025-01-21 10:00+00', 5, false)) x(a, t, v, e)) q, value_retention(q.s) x;
-- offsets from each actor's cohort day ('actor') against calendar offsets:
-- h's cohort day is Wed Jan 8 (week of Jan 6); Tue Jan 14 is 6 days later
-- (relative week 0, calendar week 1), Wed Jan 15 is 7 days later (week 1 both)
--   actor:    k0 10 + 5 = 15, k1 2        calendar: k0 10, k1 5 + 2 = 7
CREATE TABLE h AS SELECT value_agg(a, t, v) AS s FROM (VALUES ('h', '2025-01-08 10:00+00'::timestamptz, 10),
	('h', '2025-01-14 10:00+00', 5), ('h', '2025-01-15 10:00+00', 2)) x(a, t, v);
SELECT o.offsets, x.cohort, x.period, x.value, x.cumulative_value FROM h, (VALUES ('actor'), ('calendar')) o(offsets), value_retention(h.s, 'week', o.offsets) x;
-- months to the same day of the month: from Jan 31, Feb 28 is month 0 and
-- Mar 1 month 1 (actor: k0 1 + 2 = 3, k1 4; calendar: Jan 1, Feb 2, Mar 4)
CREATE TABLE mo AS SELECT value_agg(a, t, v) AS s FROM (VALUES ('m', '2025-01-31 10:00+00'::timestamptz, 1),
	('m', '2025-02-28 10:00+00', 2), ('m', '2025-03-01 10:00+00', 4)) x(a, t, v);
SELECT o.offsets, x.cohort, x.period, x.value, x.cumulative_value FROM mo, (VALUES ('actor'), ('Calendar')) o(offsets), value_retention(mo.s, 'month', o.offsets) x;
-- by day, actor offsets are calendar offsets
SELECT (SELECT array_agg(x ORDER BY x::text) FROM s, value_retention(s.s, 'day', 'actor') x)
     = (SELECT array_agg(x ORDER BY x::text) FROM s, value_retention(s.s, 'day') x) AS days_same;
-- days: a's cohort is Jan 6; its day 1 (Jan 7) has 5.50, NRR 5.5 / 10 = 0.55
SELECT cohort, period, cohort_size, active, value, net_retention, cumulative_value, ltv
FROM s, value_retention(s.s, 'day') x WHERE cohort = '2025-01-06' AND period <= 2;
-- months: one cohort of five
SELECT x.* FROM s, value_retention(s.s, 'month') x;
-- the other reports read a value summary as an activity summary
SELECT (SELECT array_agg(x ORDER BY x::text) FROM s, cohort_retention(s.s, 'day') x)
     = (SELECT array_agg(x ORDER BY x::text) FROM (SELECT activity_agg(actor, ts) AS s FROM ev) a, cohort_retention(a.s, 'day') x) AS same_cohorts,
       (SELECT array_agg(x ORDER BY x::text) FROM s, lifecycle(s.s, 'day') x)
     = (SELECT array_agg(x ORDER BY x::text) FROM (SELECT activity_agg(actor, ts) AS s FROM ev) a, lifecycle(a.s, 'day') x) AS same_lifecycle,
       (SELECT array_agg(x ORDER BY x::text) FROM s, stickiness(s.s) x)
     = (SELECT array_agg(x ORDER BY x::text) FROM (SELECT activity_agg(actor, ts) AS s FROM ev) a, stickiness(a.s) x) AS same_stickiness;

-- the byte form (docs/format.md): actor 3 on day 12 (2000-01-13) with 1.5:
-- header 4a 53 07 01, key kind 1, cohort source 1, scale 1, 1 actor,
-- key 3 (06), 1 day, day 12 (18), units 15 (1e)
SELECT encode(decode(value_agg(3, '2000-01-13 10:00+00'::timestamptz, 1.5)::text, 'base64'), 'hex') AS bytes;
-- two values of one day add up; 1.5 and 0.25 make scale 2: 175 units
SELECT encode(decode(value_agg(3, t, v)::text, 'base64'), 'hex') AS bytes
FROM (VALUES ('2000-01-13 10:00+00'::timestamptz, 1.5), ('2000-01-13 11:00+00', 0.250)) x(t, v);
-- NULL values only: the days without values (units 0); no row: NULL; only ignored rows: empty
SELECT encode(decode(value_agg(3, '2000-01-13 10:00+00'::timestamptz, NULL::numeric)::text, 'base64'), 'hex') AS bytes;
SELECT value_agg(actor, ts, value) IS NULL AS no_rows FROM ev WHERE false;
SELECT count(*) FROM (SELECT value_agg(actor, ts, value) AS s FROM ev WHERE ts IS NULL) e, value_retention(e.s) x;
SELECT count(*) FROM value_retention(NULL::activity_summary);
-- text round trip
SELECT s::text::activity_summary::text = s::text AS text_round_trip FROM s;

-- errors
SELECT * FROM (SELECT activity_agg(actor, ts) AS s FROM ev) a, value_retention(a.s);
SELECT * FROM s, value_retention(s.s, 'year');
SELECT * FROM s, value_retention(s.s, 'week', 'first');
SELECT count(*) FROM s, value_retention(s.s, 'week', NULL);
SELECT rollup(x) FROM (SELECT s AS x FROM s UNION ALL SELECT activity_agg(actor, ts) FROM ev) u;
SELECT rollup(x) FROM (SELECT s AS x FROM s UNION ALL SELECT p FROM s) u;
SELECT value_agg(1, now(), 'NaN'::numeric);
SELECT value_agg(1, now(), 'Infinity'::numeric);
SELECT value_agg(1, now(), 0.0000000000000000001);
SELECT value_agg(1, t, v) FROM (VALUES ('2025-01-01'::timestamptz, 0.000000000000000001), ('2025-01-01', 100)) x(t, v);
SELECT value_agg(1, t, v) FROM (VALUES ('2025-01-01'::timestamptz, 9000000000000000000), ('2025-01-01', 9000000000000000000)) x(t, v);
SELECT value_agg(1, 'infinity'::timestamptz, 1);
-- two days' values that fit, whose week does not; a table over too many periods
SELECT * FROM (SELECT value_agg(1, t, v) AS s FROM (VALUES ('2025-01-06'::timestamptz, 9000000000000000000), ('2025-01-07', 9000000000000000000)) x(t, v)) x, value_retention(x.s);
SELECT count(*) FROM (SELECT value_agg(1, t, v) AS s FROM (VALUES ('2025-01-06'::timestamptz, 9000000000000000000), ('2025-01-07', 9000000000000000000)) x(t, v)) x, value_retention(x.s, 'day');
SELECT * FROM (SELECT value_agg(1, t, 1) AS s FROM (VALUES ('2000-01-01'::timestamptz), ('30000-01-01')) v(t)) x, value_retention(x.s, 'day');
-- corrupt input: scale 19, truncated, trailing bytes, values without actors;
-- then a valid summary with a negative value (-1: 01) reads back
SELECT encode('\x4a530701010113010601181e'::bytea, 'base64')::activity_summary;
SELECT encode('\x4a53070101010101060118'::bytea, 'base64')::activity_summary;
SELECT encode('\x4a530701010101010601181e00'::bytea, 'base64')::activity_summary;
SELECT encode('\x4a530701000001000601181e'::bytea, 'base64')::activity_summary;
SELECT encode('\x4a5307010101010106011801'::bytea, 'base64')::activity_summary::text;

-- the sample data (revenue numeric(10, 2) on purchases), against plain SQL
\set ECHO none
\set users 1500
\i test/data/sample_events.sql
\set ECHO all
SET search_path = val, journey_sample, public;
-- per (user, period): activity and the sum of revenue; cohort = first period
-- (or the first purchase period); periods from the cohort to the last one
CREATE FUNCTION brute(period text, purchase_cohort bool)
RETURNS TABLE(cohort timestamptz, period int, cohort_size bigint, active bigint, value numeric,
	value_per_active numeric, value_per_member numeric, net_retention numeric, cumulative_value numeric, ltv numeric)
LANGUAGE sql STABLE AS $$
WITH w AS (SELECT user_id, date_trunc(period, ts) AS w, sum(revenue) AS v FROM journey_sample.events GROUP BY 1, 2),
f AS (SELECT user_id, min(w) AS c FROM w WHERE NOT purchase_cohort GROUP BY 1
      UNION ALL
      SELECT user_id, min(date_trunc(period, ts)) FROM journey_sample.events WHERE purchase_cohort AND event = 'purchase' GROUP BY 1),
fw AS (SELECT f.user_id, f.c, w.w, w.v FROM f JOIN w ON w.user_id = f.user_id AND w.w >= f.c),
grid AS (SELECT c.c, g.w, row_number() OVER (PARTITION BY c.c ORDER BY g.w)::int - 1 AS k
         FROM (SELECT DISTINCT c FROM f) c, generate_series(c.c, (SELECT max(w) FROM fw), ('1 ' || period)::interval) g(w)),
r AS (SELECT g.c, g.k, n.size, count(fw.user_id) AS active, coalesce(sum(fw.v), 0) AS value
      FROM grid g JOIN (SELECT c, count(*) AS size FROM f GROUP BY c) n ON n.c = g.c
      LEFT JOIN fw ON fw.c = g.c AND fw.w = g.w
      GROUP BY g.c, g.k, n.size)
SELECT c, k, size, active, value, value / nullif(active, 0), value / size,
       value / nullif(first_value(value) OVER (PARTITION BY c ORDER BY k), 0),
       sum(value) OVER (PARTITION BY c ORDER BY k), sum(value) OVER (PARTITION BY c ORDER BY k) / size
FROM r
$$;
-- rows that differ by more than 1e-9 (relative to the value's size), or are missing on either side
CREATE FUNCTION differences(summary activity_summary, period text, purchase_cohort bool) RETURNS TABLE(rows bigint, differences bigint)
LANGUAGE sql STABLE AS $$
WITH x AS (SELECT * FROM value_retention(summary, period)), b AS (SELECT * FROM val.brute(period, purchase_cohort))
SELECT count(*), count(*) FILTER (WHERE x.cohort IS NULL OR b.cohort IS NULL
	OR (x.cohort_size, x.active) IS DISTINCT FROM (b.cohort_size, b.active)
	OR abs(x.value - b.value) > 1e-9 * greatest(1, abs(b.value))
	OR (x.value_per_active IS NULL) <> (b.value_per_active IS NULL)
	OR abs(x.value_per_active - b.value_per_active) > 1e-9 * greatest(1, abs(b.value_per_active))
	OR abs(x.value_per_member - b.value_per_member) > 1e-9 * greatest(1, abs(b.value_per_member))
	OR (x.net_retention IS NULL) <> (b.net_retention IS NULL)
	OR abs(x.net_retention - b.net_retention) > 1e-9 * greatest(1, abs(b.net_retention))
	OR abs(x.cumulative_value - b.cumulative_value) > 1e-9 * greatest(1, abs(b.cumulative_value))
	OR abs(x.ltv - b.ltv) > 1e-9 * greatest(1, abs(b.ltv)))
FROM x FULL JOIN b USING (cohort, period)
$$;
-- offsets from each user's first day: k = whole weeks (7 days) or months
-- (age) since it; a cohort's rows run to the largest cohort week + k of any user
CREATE FUNCTION brute_actor(period text)
RETURNS TABLE(cohort timestamptz, period int, cohort_size bigint, active bigint, value numeric, cumulative_value numeric)
LANGUAGE sql STABLE AS $$
WITH d AS (SELECT user_id, ts::date AS day, sum(revenue) AS v FROM journey_sample.events GROUP BY 1, 2),
f AS (SELECT user_id, min(day) AS fd, date_trunc(period, min(day)::timestamptz) AS c FROM d GROUP BY 1),
k AS (SELECT d.user_id, f.c, CASE period WHEN 'week' THEN (d.day - f.fd) / 7
		ELSE (extract(year FROM age(d.day, f.fd)) * 12 + extract(month FROM age(d.day, f.fd)))::int END AS k, sum(d.v) AS v
      FROM d JOIN f USING (user_id) GROUP BY 1, 2, 3),
lastp AS (SELECT max(c + k * ('1 ' || period)::interval) AS l FROM k),
grid AS (SELECT c.c, g.k FROM (SELECT DISTINCT c FROM f) c,
		generate_series(0, (SELECT count(*)::int - 1 FROM generate_series(c.c, (SELECT l FROM lastp), ('1 ' || period)::interval))) g(k)),
r AS (SELECT g.c, g.k, n.size, count(k.user_id) AS active, coalesce(sum(k.v), 0) AS value
      FROM grid g JOIN (SELECT c, count(*) AS size FROM f GROUP BY c) n ON n.c = g.c
      LEFT JOIN k ON k.c = g.c AND k.k = g.k GROUP BY 1, 2, 3)
SELECT c, k, size, active, value, sum(value) OVER (PARTITION BY c ORDER BY k) FROM r
$$;
CREATE TABLE one AS SELECT value_agg(user_id, ts, revenue) AS s, value_agg(user_id, ts, revenue, event = 'purchase') AS p FROM events;
SELECT p.period, d.* FROM one, (VALUES ('day'), ('week'), ('month')) p(period), LATERAL differences(one.s, p.period, false) d;
SELECT p.period, d.* FROM one, (VALUES ('week'), ('month')) p(period), LATERAL differences(one.p, p.period, true) d;
SELECT p.period, count(*) AS rows, count(*) FILTER (WHERE x.cohort IS NULL OR b.cohort IS NULL OR (x.cohort_size, x.active) IS DISTINCT FROM (b.cohort_size, b.active)
	OR abs(x.value - b.value) > 1e-9 * greatest(1, abs(b.value)) OR abs(x.cumulative_value - b.cumulative_value) > 1e-9 * greatest(1, abs(b.cumulative_value))) AS differences,
	count(*) FILTER (WHERE x.value IS DISTINCT FROM c.value) AS unlike_calendar
FROM one, (VALUES ('week'), ('month')) p(period),
	LATERAL (SELECT * FROM value_retention(one.s, p.period, 'actor')) x
	FULL JOIN LATERAL (SELECT * FROM brute_actor(p.period)) b USING (cohort, period)
	LEFT JOIN LATERAL (SELECT * FROM value_retention(one.s, p.period)) c USING (cohort, period)
GROUP BY p.period ORDER BY 1;
-- the worked example of docs/segmentation.md (equal to plain SQL above)
SELECT to_char(cohort, 'YYYY-MM') AS cohort, period, cohort_size, active, value, round(value_per_active::numeric, 2) AS per_active,
       round(net_retention::numeric, 4) AS nrr, cumulative_value, round(ltv::numeric, 2) AS ltv
FROM value_retention((SELECT value_agg(user_id, ts, revenue, event = 'purchase') FROM events), 'month');
-- (the table is not trivial: weekly cohorts, their largest LTV)
SELECT count(DISTINCT cohort) AS cohorts, count(*) AS rows, round(max(ltv)::numeric, 2) AS max_ltv
FROM one, value_retention(one.s, 'week') x;
-- the sums are exact: each cohort's last cumulative value is the float8 of
-- numeric's sum of its members' revenue, to the last bit
SELECT count(*) AS cohorts, count(*) FILTER (WHERE x.cumulative_value = t.total::float8) AS exact
FROM (SELECT DISTINCT ON (cohort) cohort, cumulative_value FROM one, value_retention(one.s, 'week') ORDER BY cohort, period DESC) x
JOIN (SELECT c AS cohort, sum(revenue) AS total FROM events JOIN (SELECT user_id, min(date_trunc('week', ts)) AS c FROM events GROUP BY 1) f USING (user_id) GROUP BY 1) t
	USING (cohort);
-- another time zone (Berlin: +01, +02 from March 30): days, weeks and cohorts follow the session's TimeZone
SET TIME ZONE 'Europe/Berlin';
SELECT p.period, d.* FROM (SELECT value_agg(user_id, ts, revenue) AS s FROM events) one, (VALUES ('day'), ('week')) p(period),
	LATERAL differences(one.s, p.period, false) d;
SELECT (SELECT value_agg(user_id, ts, revenue)::text FROM events) <> (SELECT s::text FROM one) AS other_days;
SET TIME ZONE 'UTC';

-- summaries of slices (per channel and day) rolled up are the bytes of one
-- pass: a value of the same (actor, day) in two slices adds
CREATE TABLE slices AS SELECT channel, ts::date AS day, value_agg(user_id, ts, revenue) AS s,
	value_agg(user_id, ts, revenue, event = 'purchase') AS p FROM events GROUP BY 1, 2;
SELECT (SELECT rollup(s)::text FROM slices) = (SELECT s::text FROM one) AS slices_to_all,
       (SELECT rollup(p)::text FROM slices) = (SELECT p::text FROM one) AS slices_to_all_event,
       (SELECT rollup(m)::text FROM (SELECT channel, rollup(s) AS m FROM slices GROUP BY 1) x) = (SELECT s::text FROM one) AS channels_to_all;

-- a forced parallel plan gives the bytes of a serial one
CREATE TABLE big AS SELECT * FROM events, generate_series(1, 2) copy;
ANALYZE big;
CREATE TABLE serial AS SELECT value_agg(user_id, ts, revenue)::text AS s, value_agg(user_id::text, ts, revenue, event = 'purchase')::text AS p FROM big;
\i test/data/force_parallel.sql
SELECT plan_has('SELECT value_agg(user_id, ts, revenue) FROM big', 'Partial Aggregate') AS partial;
SELECT (SELECT value_agg(user_id, ts, revenue)::text FROM big) = s AS same,
       (SELECT value_agg(user_id::text, ts, revenue, event = 'purchase')::text FROM big) = p AS same_event
FROM serial;
\i test/data/reset_parallel.sql
-- two copies of every row: twice the value, the same actors; and a summary
-- per copy rolled up is the bytes of one pass (each (actor, day) with a
-- value is in both slices: its values add)
SELECT (SELECT rollup(s)::text FROM (SELECT copy, value_agg(user_id, ts, revenue) AS s FROM big GROUP BY copy) c) = s AS copies_add FROM serial;
SELECT bool_and(b.value = 2 * o.value AND b.active = o.active) AS doubled
FROM (SELECT x.* FROM (SELECT s::activity_summary AS s FROM serial) q, value_retention(q.s) x) b
JOIN (SELECT x.* FROM one, value_retention(one.s) x) o USING (cohort, period);

-- binary round trip
CREATE TABLE io AS SELECT channel, rollup(s) AS s FROM slices GROUP BY channel;
\copy io TO 'results/value_io.bin' WITH (FORMAT binary)
CREATE TABLE io_back (LIKE io);
\copy io_back FROM 'results/value_io.bin' WITH (FORMAT binary)
SELECT count(*) AS rows, bool_and(a.s::text = b.s::text) AS binary_round_trip FROM io a JOIN io_back b USING (channel);

DROP SCHEMA journey_sample CASCADE;
DROP SCHEMA val CASCADE;
