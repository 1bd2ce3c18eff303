-- activity_agg, rollup(activity_summary), and lifecycle / cohort_retention
-- over a summary: hand-checked bytes and rows, then every result on the
-- sample data against the query-text form and plain SQL, per segment,
-- parallel, rolled up from days; I/O; every error.
CREATE SCHEMA act;
SET search_path = act, public;
SET TIME ZONE 'UTC';

-- the bytes of a small summary, worked by hand (docs/format.md):
-- actor 3 on day 12 (2000-01-13), actor 5 on days 10, 11 (twice on 10)
--   4a 53 01 01   header: 'J' 'S', kind 1 (activity), version 1
--   01 01 02      integer keys, cohort = first active day, 2 actors
--   06 01 18      key 3 (zigzag 6), 1 day, day 12 (zigzag 24)
--   01 02 14 00   key 3 + 1 + 1, 2 days, day 10 (zigzag 20), 11 (delta 1 - 1)
SELECT activity_summary_send(activity_agg(u, ts))
FROM (VALUES (5, '2000-01-11 10:00'::timestamptz), (3, '2000-01-13'), (5, '2000-01-12'), (5, '2000-01-11 23:59')) v(u, ts);
-- every integer type gives the same bytes; input order does not matter
SELECT activity_agg(u::int2, ts)::text = activity_agg(u::int8, ts)::text AS int2_int8,
       activity_agg(u, ts)::text = activity_agg(u::int8, ts)::text AS int4_int8
FROM (VALUES (5, '2000-01-11 10:00'::timestamptz), (3, '2000-01-13'), (5, '2000-01-12')) v(u, ts);
SELECT (SELECT activity_agg(u, ts ORDER BY ts DESC)::text FROM (VALUES (5, '2000-01-11'::timestamptz), (3, '2000-01-13'), (5, '2000-01-12')) v(u, ts))
     = (SELECT activity_agg(u, ts)::text FROM (VALUES (3, '2000-01-13'::timestamptz), (5, '2000-01-12'), (5, '2000-01-11')) v(u, ts)) AS order_free;
-- text keys: the bytes; a cohort event: "a" on days 2, 5 (event on 5), "b"
-- on 3, 4 with none:
--   4a 53 01 01  02 02 02  01 61 02 04 02 02  01 62 02 06 00 00
SELECT activity_summary_send(activity_agg(u, ts, e))
FROM (VALUES ('b', '2000-01-04'::timestamptz, false), ('a', '2000-01-06', true),
             ('a', '2000-01-03', NULL), ('b', '2000-01-05', false)) v(u, ts, e);
-- varchar keys are text keys; uuid keys are their 16 bytes:
--   4a 53 01 01  03 01 01  <16 bytes>  01 00 (day 0)
SELECT activity_agg(u::varchar, ts)::text = activity_agg(u, ts)::text AS varchar_is_text
FROM (VALUES ('b', '2000-01-04'::timestamptz), ('a', '2000-01-06')) v(u, ts);
SELECT activity_summary_send(activity_agg('00112233-4455-6677-8899-aabbccddeeff'::uuid, '2000-01-01'::timestamptz));
-- other types by their text output: a date, and numeric (so 1.0 and 1.00
-- are two actors, while their = says equal)
SELECT activity_summary_send(activity_agg('2000-01-02'::date, '2000-01-01'::timestamptz));
SELECT count(*) FROM lifecycle((SELECT activity_agg(x, '2000-01-01'::timestamptz) FROM (VALUES (1.0), (1.00)) v(x)), 'day') WHERE new = 2;
-- a domain over int is keyed as its base type
CREATE DOMAIN uid AS int;
SELECT activity_agg(u::uid, ts)::text = activity_agg(u, ts)::text AS domain_is_int
FROM (VALUES (5, '2000-01-11'::timestamptz), (3, '2000-01-13')) v(u, ts);

-- NULLs: a NULL actor or ts ignores the row; no row: NULL, as PostgreSQL's
-- own aggregates; only ignored rows: an empty summary (no actor); either way
-- no report rows (a NULL summary: no rows, the reports are STRICT)
SELECT activity_summary_send(activity_agg(u, ts)) FROM (VALUES (1, NULL::timestamptz), (NULL, '2000-01-01')) v(u, ts);
SELECT activity_agg(1, now()) IS NULL AS no_rows_null WHERE false;
SELECT count(*) FROM lifecycle((SELECT activity_agg(1, now()) WHERE false));
SELECT count(*) FROM cohort_retention((SELECT activity_agg(1, now()) WHERE false));
SELECT count(*) FROM lifecycle(NULL::activity_summary);
SELECT count(*) FROM cohort_retention(NULL::activity_summary);
-- a NULL cohort_event is false: "x" has no cohort event, so no cohort
SELECT count(*) FROM cohort_retention((SELECT activity_agg('x'::text, '2000-01-01'::timestamptz, NULL::bool)));

-- the worked example of test/sql/lifecycle.sql: four actors, active on
-- these days of January 2025: a: 1, 2, 4  b: 2, 3  c: 4  d: 1, 5
CREATE TABLE ev (actor text, ts timestamptz, seg text);
INSERT INTO ev VALUES
	('a', '2025-01-01 10:00', 'x'), ('a', '2025-01-02 09:00', 'x'), ('a', '2025-01-02 23:00', 'x'), ('a', '2025-01-04 08:00', 'x'),
	('b', '2025-01-02 12:00', 'y'), ('b', '2025-01-03 12:00', 'y'),
	('c', '2025-01-04 00:00', 'y'),
	('d', '2025-01-01 00:00', 'x'), ('d', '2025-01-05 23:59:59', 'x'),
	(NULL, '2025-01-03 00:00', 'x'), ('e', NULL, 'y');
-- by hand, per day (as in lifecycle.sql):
--   01: new a, d                                  active 2
--   02: new b; current a; dormant d               active 2
--   03: current b; dormant a                      active 1
--   04: new c; resurrected a; dormant b           active 2
--   05: resurrected d; dormant a, c               active 1
SELECT * FROM lifecycle((SELECT activity_agg(actor, ts) FROM ev), 'day');
-- cohorts by day (cohort = first activity), by hand:
--   01 (a, d): 0: 2; 1: 1 (a); 2: 0; 3: 1 (a); 4: 1 (d)
--   02 (b): 1, 1, 0, 0;  04 (c): 1, 0
SELECT cohort::date, period, cohort_size, retained FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), 'day');
-- the options are case-insensitive and default to week and on
SELECT (SELECT array_agg(l ORDER BY l) FROM lifecycle((SELECT activity_agg(actor, ts) FROM ev)) l)
     = (SELECT array_agg(l ORDER BY l) FROM lifecycle((SELECT activity_agg(actor, ts) FROM ev), 'WEEK') l) AS week_default,
       (SELECT array_agg(c ORDER BY c) FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev)) c)
     = (SELECT array_agg(c ORDER BY c) FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), 'Week', 'ON') c) AS on_default;
-- per segment, by hand: x = {a, d}, y = {b, c}
--   x: 01 new 2; 02 current a, dormant d; 03 dormant a; 04 resurrected a; 05 resurrected d, dormant a
--   y: 02 new b; 03 current b; 04 new c, dormant b (c's dormancy on 05 is after
--   y's last period: not reported)
SELECT s.seg, l.period_start::date, l.new, l.current, l.resurrected, l.dormant, l.active
FROM (SELECT seg, activity_agg(actor, ts) AS s FROM ev GROUP BY seg) s, LATERAL lifecycle(s.s, 'day') l
ORDER BY 1, 2;
-- the cohort event form: a and d sign up from day 02 (a's first event
-- day is 02, d's 05); b and c never do, and are in no cohort
SELECT cohort::date, period, cohort_size, retained
FROM cohort_retention((SELECT activity_agg(actor, ts, actor IN ('a', 'd') AND ts >= '2025-01-02') FROM ev), 'day');
--   cohort 02: a: day 0 yes, 1 no, 2 yes, 3 no;  cohort 05: d: day 0

-- as a window aggregate (the final function runs again and again on a
-- growing state): actors so far, by hand: d; a; a; b; a; (NULL actor); b;
-- c; a; d -> 1 2 2 3 3 3 3 4 4 4
SELECT array_agg(n ORDER BY ts) AS actors_so_far
FROM (SELECT ts, (SELECT sum(new) FROM lifecycle(s, 'day'))::int AS n
      FROM (SELECT ts, activity_agg(actor, ts) OVER (ORDER BY ts ROWS UNBOUNDED PRECEDING) AS s FROM ev WHERE ts IS NOT NULL) w) x;
-- composite keys (by their text output): a, b, c, d and (NULL, x) -- a row
-- value with a NULL field is not NULL, so that row counts: 5 actors
SELECT sum(new) AS actors FROM lifecycle((SELECT activity_agg((actor, seg), ts) FROM ev), 'day');

-- the query-text forms: a trailing ";" or "-- comment" is fine
SELECT (SELECT array_agg(l ORDER BY l) FROM lifecycle('SELECT actor, ts FROM act.ev;', 'day') l)
     = (SELECT array_agg(l ORDER BY l) FROM lifecycle((SELECT activity_agg(actor, ts) FROM ev), 'day') l) AS semicolon,
       (SELECT array_agg(c ORDER BY c) FROM cohort_retention('SELECT actor, ts FROM act.ev -- all of it', 'day') c)
     = (SELECT array_agg(c ORDER BY c) FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), 'day') c) AS comment,
       (SELECT array_agg(c ORDER BY c) FROM cohort_retention($$SELECT actor, ts, actor = 'a' FROM act.ev; -- a's cohort$$, 'day') c)
     = (SELECT array_agg(c ORDER BY c) FROM cohort_retention((SELECT activity_agg(actor, ts, actor = 'a') FROM ev), 'day') c) AS event_comment;
-- an aggregate planted on the search path with a better-matching signature
-- is never called: the query-text forms name the extension's own
CREATE SCHEMA plant;
CREATE FUNCTION plant.boom_step(s int, a text, t timestamptz) RETURNS int
LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'planted activity_agg called'; END$$;
CREATE AGGREGATE plant.activity_agg(text, timestamptz) (sfunc = plant.boom_step, stype = int);
SET search_path = plant, act, public;
SELECT count(*) FROM lifecycle('SELECT actor, ts FROM act.ev', 'day');
SELECT count(*) FROM cohort_retention('SELECT actor, ts FROM act.ev', 'day');
-- (the planted one would have been chosen by an unqualified call)
SELECT activity_agg(actor, ts) FROM act.ev;
SET search_path = act, public;

-- the time zone: a day is ts::date in the session's TimeZone, also across
-- DST changes and in a zone with half-hour DST; one actor per row, so new
-- actors per day = rows per day
CREATE TABLE tz AS SELECT i, '2024-01-01 00:00+00'::timestamptz + i * interval '37 minutes' AS ts FROM generate_series(0, 40000) i;
SET TIME ZONE 'America/New_York';
SELECT count(*) AS days, (SELECT count(*) FROM (
	SELECT period_start::date, new FROM lifecycle((SELECT activity_agg(i, ts) FROM tz), 'day') WHERE new > 0
	EXCEPT SELECT ts::date, count(*) FROM tz GROUP BY 1) d) AS differences
FROM (SELECT DISTINCT ts::date FROM tz) s;
SET TIME ZONE 'Australia/Lord_Howe';
SELECT count(*) AS days, (SELECT count(*) FROM (
	SELECT period_start::date, new FROM lifecycle((SELECT activity_agg(i, ts) FROM tz), 'day') WHERE new > 0
	EXCEPT SELECT ts::date, count(*) FROM tz GROUP BY 1) d) AS differences
FROM (SELECT DISTINCT ts::date FROM tz) s;
-- the time zone changing between the rows of one aggregate
CREATE FUNCTION tz_flip(i int) RETURNS int LANGUAGE plpgsql AS $$
BEGIN PERFORM set_config('TimeZone', CASE WHEN i % 2 = 0 THEN 'Asia/Tokyo' ELSE 'America/Los_Angeles' END, true); RETURN i; END $$;
SET TIME ZONE 'UTC';
SELECT activity_agg(tz_flip(i), '2025-01-01 20:00+00'::timestamptz)::text
     = activity_agg(i, CASE WHEN i % 2 = 0 THEN '2025-01-02 12:00+00'::timestamptz ELSE '2025-01-01 12:00+00' END)::text AS flips
FROM generate_series(1, 4) i;
SET TIME ZONE 'UTC';

-- the sample data: weekly, per channel, against the query-text form and
-- plain SQL that applies the definitions directly
\set ECHO none
\set users 1500
\i test/data/sample_events.sql
\set ECHO all
SET search_path = act, journey_sample, public;
CREATE TABLE weeks AS SELECT DISTINCT channel, user_id, date_trunc('week', ts) AS w FROM events;
CREATE TABLE lifecycle_sql AS
SELECT c.channel, g.w AS period_start,
       count(*) FILTER (WHERE f.first_w = g.w) AS new,
       count(*) FILTER (WHERE x.cur AND x.prev) AS current,
       count(*) FILTER (WHERE x.cur AND NOT x.prev AND f.first_w < g.w - interval '1 week') AS resurrected,
       count(*) FILTER (WHERE x.prev AND NOT x.cur) AS dormant,
       count(*) FILTER (WHERE x.cur) AS active
FROM (SELECT channel, min(w) AS lo, max(w) AS hi FROM weeks GROUP BY 1) c
CROSS JOIN LATERAL generate_series(c.lo, c.hi, interval '1 week') g(w)
JOIN (SELECT channel, user_id, min(w) AS first_w FROM weeks GROUP BY 1, 2) f ON f.channel = c.channel
CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM weeks a WHERE a.channel = c.channel AND a.user_id = f.user_id AND a.w = g.w) AS cur,
                           EXISTS (SELECT 1 FROM weeks a WHERE a.channel = c.channel AND a.user_id = f.user_id AND a.w = g.w - interval '1 week') AS prev) x
GROUP BY 1, 2;
CREATE TABLE lifecycle_agg AS
SELECT a.channel, l.* FROM (SELECT channel, activity_agg(user_id, ts) AS s FROM events GROUP BY channel) a, LATERAL lifecycle(a.s, 'week') l;
CREATE TABLE lifecycle_text AS
SELECT c.channel, l.* FROM (SELECT DISTINCT channel FROM events) c,
	LATERAL lifecycle(format('SELECT user_id, ts FROM journey_sample.events WHERE channel = %L', c.channel), 'week') l;
SELECT (SELECT count(DISTINCT channel) FROM lifecycle_agg) AS channels, (SELECT count(*) FROM lifecycle_agg) AS rows,
       (SELECT count(*) FROM (SELECT * FROM lifecycle_agg EXCEPT SELECT * FROM lifecycle_sql) d)
     + (SELECT count(*) FROM (SELECT * FROM lifecycle_sql EXCEPT SELECT * FROM lifecycle_agg) d) AS sql_differences,
       (SELECT count(*) FROM (SELECT * FROM lifecycle_agg EXCEPT SELECT * FROM lifecycle_text) d)
     + (SELECT count(*) FROM (SELECT * FROM lifecycle_text EXCEPT SELECT * FROM lifecycle_agg) d) AS text_differences;

-- cohorts per channel: cohort = first active week in the channel, or the
-- first purchase week (the event form)
CREATE TABLE cohorts_sql AS
SELECT f.channel, f.first_w AS cohort, (extract(epoch FROM g.w - f.first_w) / 604800)::int AS period,
       count(*) AS cohort_size,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM weeks a WHERE a.channel = f.channel AND a.user_id = f.user_id AND a.w = g.w)) AS retained,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM weeks a WHERE a.channel = f.channel AND a.user_id = f.user_id AND a.w >= g.w)) AS retained_after
FROM (SELECT channel, user_id, min(w) AS first_w FROM weeks GROUP BY 1, 2) f
JOIN (SELECT channel, max(w) AS hi FROM weeks GROUP BY 1) c ON c.channel = f.channel
CROSS JOIN LATERAL generate_series(f.first_w, c.hi, interval '1 week') g(w)
GROUP BY 1, 2, 3;
-- (the last week is the last one in which an actor of a cohort is active
-- at or after its cohort)
CREATE TABLE purchasers AS
SELECT channel, user_id, min(date_trunc('week', ts)) AS cw FROM events WHERE event = 'purchase' GROUP BY 1, 2;
CREATE TABLE purchase_sql AS
SELECT p.channel, p.cw AS cohort, (extract(epoch FROM g.w - p.cw) / 604800)::int AS period, count(*) AS cohort_size,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM weeks a WHERE a.channel = p.channel AND a.user_id = p.user_id AND a.w = g.w)) AS retained
FROM purchasers p
JOIN (SELECT p.channel, max(a.w) AS hi FROM purchasers p JOIN weeks a USING (channel, user_id) WHERE a.w >= p.cw GROUP BY 1) c
	ON c.channel = p.channel
CROSS JOIN LATERAL generate_series(p.cw, c.hi, interval '1 week') g(w)
GROUP BY 1, 2, 3;
CREATE TABLE cohorts_agg AS
SELECT a.channel, r.cohort, r.period, r.cohort_size, r.retained, r2.retained AS retained_after
FROM (SELECT channel, activity_agg(user_id, ts) AS s FROM events GROUP BY channel) a,
	LATERAL cohort_retention(a.s, 'week') r
	JOIN LATERAL cohort_retention(a.s, 'week', 'on_or_after') r2 USING (cohort, period);
CREATE TABLE purchase_agg AS
SELECT a.channel, r.cohort, r.period, r.cohort_size, r.retained
FROM (SELECT channel, activity_agg(user_id, ts, event = 'purchase') AS s FROM events GROUP BY channel) a,
	LATERAL cohort_retention(a.s, 'week') r;
CREATE TABLE purchase_text AS
SELECT c.channel, r.cohort, r.period, r.cohort_size, r.retained FROM (SELECT DISTINCT channel FROM events) c,
	LATERAL cohort_retention(format($$SELECT user_id, ts, event = 'purchase' FROM journey_sample.events WHERE channel = %L$$, c.channel), 'week') r;
SELECT (SELECT count(*) FROM cohorts_agg) AS rows,
       (SELECT count(*) FROM (SELECT * FROM cohorts_agg EXCEPT SELECT * FROM cohorts_sql) d)
     + (SELECT count(*) FROM (SELECT * FROM cohorts_sql EXCEPT SELECT * FROM cohorts_agg) d) AS sql_differences,
       (SELECT count(*) FROM purchase_agg) AS purchase_rows,
       (SELECT count(*) FROM (SELECT * FROM purchase_agg EXCEPT SELECT * FROM purchase_sql) d)
     + (SELECT count(*) FROM (SELECT * FROM purchase_sql EXCEPT SELECT * FROM purchase_agg) d) AS purchase_sql_differences,
       (SELECT count(*) FROM (SELECT * FROM purchase_agg EXCEPT SELECT * FROM purchase_text) d)
     + (SELECT count(*) FROM (SELECT * FROM purchase_text EXCEPT SELECT * FROM purchase_agg) d) AS purchase_text_differences;
-- brackets and month periods per channel equal the query-text form
SELECT count(*) AS rows, count(*) FILTER (WHERE t.retained IS DISTINCT FROM a.retained) AS differences
FROM (SELECT c.channel, r.* FROM (SELECT channel, activity_agg(user_id, ts) AS s FROM events GROUP BY channel) c,
		LATERAL cohort_retention(c.s, 'month', 'brackets', '{0,1,2}') r) a
FULL JOIN (SELECT c.channel, r.* FROM (SELECT DISTINCT channel FROM events) c,
		LATERAL cohort_retention(format('SELECT user_id, ts FROM journey_sample.events WHERE channel = %L', c.channel), 'month', 'brackets', '{0,1,2}') r) t
	USING (channel, cohort, period);
-- a parameterised WHERE (as a BI tool sends it)
PREPARE per_channel(text) AS
SELECT l.* FROM (SELECT activity_agg(user_id, ts) AS s FROM events WHERE channel = $1) a, LATERAL lifecycle(a.s, 'week') l;
CREATE TABLE email AS EXECUTE per_channel('email');
SELECT count(*) AS rows, count(*) FILTER (WHERE (l.new, l.current, l.resurrected, l.dormant, l.active) = (s.new, s.current, s.resurrected, s.dormant, s.active)) AS equal
FROM email l FULL JOIN (SELECT * FROM lifecycle_sql WHERE channel = 'email') s USING (period_start);

-- stored per-day summaries rolled up equal one pass over the whole period
CREATE TABLE daily AS
SELECT ts::date AS day, channel, activity_agg(user_id, ts) AS s, activity_agg(user_id, ts, event = 'purchase') AS p
FROM events GROUP BY 1, 2;
SELECT (SELECT rollup(s)::text FROM daily) = (SELECT activity_agg(user_id, ts)::text FROM events) AS days_to_all,
       (SELECT rollup(p)::text FROM daily) = (SELECT activity_agg(user_id, ts, event = 'purchase')::text FROM events) AS days_to_all_event,
       (SELECT rollup(s)::text FROM daily WHERE day < '2025-02-01') = (SELECT activity_agg(user_id, ts)::text FROM events WHERE ts < '2025-02-01') AS january,
       (SELECT rollup(m)::text FROM (SELECT date_trunc('month', day), rollup(s) AS m FROM daily GROUP BY 1) x)
     = (SELECT activity_agg(user_id, ts)::text FROM events) AS months_to_all;
-- the month recipe of the docs: a monthly lifecycle per channel from the daily table
SELECT count(*) AS rows, count(*) FILTER (WHERE (l.new, l.current, l.resurrected, l.dormant, l.active) = (t.new, t.current, t.resurrected, t.dormant, t.active)) AS equal
FROM (SELECT d.channel, l.* FROM (SELECT channel, rollup(s) AS s FROM daily WHERE day >= '2025-01-01' GROUP BY channel) d,
		LATERAL lifecycle(d.s, 'month') l) l
JOIN (SELECT c.channel, l.* FROM (SELECT DISTINCT channel FROM events) c,
		LATERAL lifecycle(format('SELECT user_id, ts FROM journey_sample.events WHERE channel = %L', c.channel), 'month') l) t
	USING (channel, period_start);
-- NULL summaries are skipped by rollup; no row: an empty summary
SELECT rollup(s)::text = (SELECT rollup(s)::text FROM daily) AS nulls_skipped FROM (SELECT s FROM daily UNION ALL SELECT NULL) x;
SELECT rollup(s) IS NULL AS no_rows_null FROM daily WHERE false;

-- forced parallel plans (workers build partial summaries, serialized and
-- combined) give the same bytes as serial ones
CREATE TABLE big AS SELECT * FROM events, generate_series(1, 3) copy;
ANALYZE big;
CREATE TABLE serial AS
SELECT (SELECT activity_agg(user_id, ts)::text FROM big) AS s,
       (SELECT activity_agg(user_id || 'x', ts, event = 'purchase')::text FROM big) AS e,
       (SELECT array_agg(x ORDER BY channel) FROM (SELECT channel, activity_agg(user_id, ts)::text AS x FROM big GROUP BY channel) g) AS g,
       (SELECT rollup(s)::text FROM daily) AS r;
\i test/data/force_parallel.sql
SELECT plan_has('SELECT activity_agg(user_id, ts) FROM big', 'Partial Aggregate') AS partial,
       plan_has('SELECT channel, activity_agg(user_id, ts) FROM big GROUP BY channel', 'Partial GroupAggregate') AS partial_grouped,
       plan_has('SELECT rollup(s) FROM daily', 'Partial Aggregate') AS partial_rollup;
SELECT (SELECT activity_agg(user_id, ts)::text FROM big) = s AS same,
       (SELECT activity_agg(user_id || 'x', ts, event = 'purchase')::text FROM big) = e AS same_event,
       (SELECT array_agg(x ORDER BY channel) FROM (SELECT channel, activity_agg(user_id, ts)::text AS x FROM big GROUP BY channel) g) = g AS same_grouped,
       (SELECT rollup(s)::text FROM daily) = r AS same_rollup
FROM serial;
\i test/data/reset_parallel.sql

-- text and binary round trips
SELECT s::text::activity_summary::text = s::text AS text_round_trip, length(s::text) > 1000 AS not_small
FROM (SELECT activity_agg(user_id, ts, event = 'purchase') AS s FROM events) x;
CREATE TABLE io AS SELECT channel, rollup(s) AS s FROM daily GROUP BY channel;
\copy io TO 'results/activity_io.bin' WITH (FORMAT binary)
CREATE TABLE io_back (LIKE io);
\copy io_back FROM 'results/activity_io.bin' WITH (FORMAT binary)
SELECT count(*) AS rows, count(*) FILTER (WHERE a.s::text = b.s::text) AS equal,
       bool_and(a.s::text::activity_summary::text = a.s::text) AS text_round_trip
FROM io a JOIN io_back b USING (channel);

-- errors: damaged input (bad base64, another kind, truncated, trailing bytes)
SELECT 'not base64!'::activity_summary;
SELECT encode('\x4a53020100'::bytea, 'base64')::activity_summary;
SELECT encode('\x4a530101010102060118010214'::bytea, 'base64')::activity_summary;
SELECT encode('\x4a5301010101020601180102140000'::bytea, 'base64')::activity_summary;
SELECT encode('\x4a53010101010206011801001400'::bytea, 'base64')::activity_summary;
-- summaries of different key kinds or cohort sources do not merge
SELECT rollup(s) FROM (SELECT activity_agg(1, now()) UNION ALL SELECT activity_agg('1'::text, now())) x(s);
SELECT rollup(s) FROM (SELECT activity_agg('00112233-4455-6677-8899-aabbccddeeff'::uuid, now()) UNION ALL SELECT activity_agg(current_date, now())) x(s);
SELECT rollup(s) FROM (SELECT activity_agg(1, now()) UNION ALL SELECT activity_agg(1, now(), true)) x(s);
-- but an empty summary merges with any
SELECT count(*) FROM lifecycle((SELECT rollup(s) FROM (SELECT activity_agg('a'::text, now()) WHERE false UNION ALL SELECT activity_agg(1, now())) x(s)));
-- infinite timestamps
SELECT activity_agg(1, 'infinity'::timestamptz);
SELECT activity_agg(1, '-infinity'::timestamptz, true);
-- report options
SELECT * FROM lifecycle((SELECT activity_agg(actor, ts) FROM ev), 'year');
SELECT count(*) FROM lifecycle((SELECT activity_agg(actor, ts) FROM ev), NULL);
SELECT * FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), NULL);
SELECT * FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), 'fortnight');
SELECT * FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), 'day', 'later');
SELECT * FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), 'day', NULL);
SELECT * FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), 'day', 'brackets');
SELECT * FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), 'day', 'on', '{0,1}');
SELECT * FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), 'day', 'brackets', '{1,1}');
SELECT * FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), 'day', 'brackets', '{}');
SELECT * FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), 'day', 'brackets', '{0,NULL}');
SELECT * FROM cohort_retention((SELECT activity_agg(actor, ts) FROM ev), 'day', 'brackets', '{{0},{1}}');
-- periods beyond the limits of the core
SELECT * FROM lifecycle((SELECT activity_agg(1, t) FROM (VALUES ('4000-01-01 BC'::timestamptz), ('200000-01-01')) v(t)), 'day');
-- a period that begins outside timestamptz's range
SELECT * FROM lifecycle((SELECT activity_agg(1, '4714-11-24 00:00:00+00 BC'::timestamptz)), 'month');
-- the query-text forms: not one SELECT, a bad cohort column
SELECT * FROM lifecycle('SELECT 1, now(); SELECT 2, now()', 'day');
SELECT * FROM lifecycle('DELETE FROM act.ev', 'day');
SELECT * FROM cohort_retention('SELECT actor, ts, 1 FROM act.ev', 'day');

RESET TIME ZONE;
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA act CASCADE;
DROP SCHEMA plant CASCADE;
DROP SCHEMA journey_sample CASCADE;
