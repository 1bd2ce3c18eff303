-- lifecycle and cohort_retention: a small example worked by hand, then
-- every row on the sample data against plain SQL that applies the
-- definitions directly (generate_series over periods, EXISTS per actor).
CREATE SCHEMA lc;
SET search_path = lc, public;
SET TIME ZONE 'UTC';

-- four actors, active on these days of January 2025:
--   a: 1, 2, 4      b: 2, 3      c: 4      d: 1, 5
CREATE TABLE act (actor text, ts timestamptz);
INSERT INTO act VALUES
	('a', '2025-01-01 10:00'), ('a', '2025-01-02 09:00'), ('a', '2025-01-02 23:00'), ('a', '2025-01-04 08:00'),
	('b', '2025-01-02 12:00'), ('b', '2025-01-03 12:00'),
	('c', '2025-01-04 00:00'),
	('d', '2025-01-01 00:00'), ('d', '2025-01-05 23:59:59'),
	(NULL, '2025-01-03 00:00'), ('e', NULL);
-- by hand, per day:
--   01: new a, d                                  active 2
--   02: new b; current a (1, 2); dormant d        active 2
--   03: current b; dormant a                      active 1
--   04: new c; resurrected a (last active 02); dormant b    active 2
--   05: resurrected d (last active 01); dormant a, c        active 1
SELECT * FROM lifecycle('SELECT actor, ts FROM lc.act', 'day');
-- weeks (Monday 2024-12-30 .. Sunday 2025-01-05): everyone is new in the
-- first week
SELECT * FROM lifecycle('SELECT actor, ts FROM lc.act', 'week');
SELECT * FROM lifecycle('SELECT actor, ts::date FROM lc.act', 'Month');
-- no rows in, no rows out; NULL query: no rows
SELECT count(*) FROM lifecycle('SELECT actor, ts FROM lc.act WHERE false', 'day');
SELECT count(*) FROM lifecycle(NULL);
SELECT count(*) FROM cohort_retention('SELECT actor, ts FROM lc.act WHERE false', 'day');
SELECT count(*) FROM cohort_retention(NULL);

-- cohort retention by day (cohort = first activity), by hand:
--   cohort 01 (a, d): day 0: a, d; 1: a; 2: -; 3: a; 4: d      (last day: 05)
--   cohort 02 (b):    0: b; 1: b; 2: -; 3: -
--   cohort 04 (c):    0: c; 1: -
SELECT * FROM cohort_retention('SELECT actor, ts FROM lc.act', 'day');
-- on_or_after: retained in k if active in k or later
--   cohort 01: 2, 2, 2, 2, 1;  cohort 02: 1, 1, 0, 0;  cohort 04: 1, 0
SELECT cohort::date, period, cohort_size, retained FROM cohort_retention('SELECT actor, ts FROM lc.act', 'day', 'on_or_after');
-- brackets {0, 1, 3}: offsets [0,1), [1,3), [3, ...); a bracket is
-- reported when it starts on or before the last day (05):
--   cohort 01: 2; 1 (a on 02); 2 (a on 04, d on 05)
--   cohort 02: 1; 1 (b on 03); 0 (bracket 3 starts on 05)
--   cohort 04: 1; 0; bracket 3 would start on 07: not reported
SELECT cohort::date, period, cohort_size, retained FROM cohort_retention('SELECT actor, ts FROM lc.act', 'day', 'brackets', '{0,1,3}');
-- the cohort event: the first row where the third column is true (a
-- "signup" on day 02 for a and d; b and c never sign up and are in no cohort)
SELECT cohort::date, period, cohort_size, retained
FROM cohort_retention($$SELECT actor, ts, actor IN ('a', 'd') AND ts >= '2025-01-02' FROM lc.act$$, 'day');
--   a signs up 02 (rows on 02 and 04 count), d on 05:
--   cohort 02: a: day 0 yes, 1 no, 2 yes, 3 no;  cohort 05: d: day 0

-- errors
SELECT * FROM lifecycle('SELECT actor, ts FROM lc.act', 'year');
SELECT * FROM lifecycle('SELECT actor, ts FROM lc.act', NULL);
SELECT * FROM lifecycle('SELECT actor FROM lc.act', 'day');
SELECT * FROM cohort_retention('SELECT actor, ts FROM lc.act', 'day', 'later');
SELECT * FROM cohort_retention('SELECT actor, ts FROM lc.act', 'day', 'brackets');
SELECT * FROM cohort_retention('SELECT actor, ts FROM lc.act', 'day', 'on', '{0,1}');
SELECT * FROM cohort_retention('SELECT actor, ts FROM lc.act', 'day', 'brackets', '{1,1}');
SELECT * FROM cohort_retention('SELECT actor, ts FROM lc.act', 'day', 'brackets', '{}');
SELECT * FROM cohort_retention('SELECT actor, ts FROM lc.act', 'day', 'brackets', '{0,NULL}');
SELECT * FROM cohort_retention('SELECT actor, ts, 1 FROM lc.act', 'day');
SELECT * FROM cohort_retention('SELECT actor, ts FROM lc.act', 'day', NULL);
SELECT * FROM lifecycle($$SELECT 1, '4000-01-01 BC'::timestamptz UNION ALL SELECT 1, '200000-01-01'$$, 'day');

-- the sample data, weekly, against plain SQL
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = lc, journey_sample, public;
CREATE TABLE weeks AS
SELECT DISTINCT user_id, date_trunc('week', ts) AS w FROM events;
CREATE TABLE lifecycle_sql AS
SELECT g.w AS period_start,
       count(*) FILTER (WHERE f.first_w = g.w) AS new,
       count(*) FILTER (WHERE x.cur AND x.prev) AS current,
       count(*) FILTER (WHERE x.cur AND NOT x.prev AND f.first_w < g.w - interval '1 week') AS resurrected,
       count(*) FILTER (WHERE x.prev AND NOT x.cur) AS dormant,
       count(*) FILTER (WHERE x.cur) AS active
FROM generate_series((SELECT min(w) FROM weeks), (SELECT max(w) FROM weeks), interval '1 week') g(w)
CROSS JOIN (SELECT user_id, min(w) AS first_w FROM weeks GROUP BY 1) f
CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM weeks a WHERE a.user_id = f.user_id AND a.w = g.w) AS cur,
                           EXISTS (SELECT 1 FROM weeks a WHERE a.user_id = f.user_id AND a.w = g.w - interval '1 week') AS prev) x
GROUP BY g.w;
SELECT count(*) AS weeks,
       (SELECT count(*) FROM (SELECT * FROM lifecycle('SELECT user_id, ts FROM journey_sample.events') EXCEPT SELECT * FROM lifecycle_sql) d) AS differences
FROM lifecycle_sql;
SELECT * FROM lifecycle('SELECT user_id, ts FROM journey_sample.events') ORDER BY period_start LIMIT 4;

CREATE TABLE cohorts_sql AS
SELECT f.first_w AS cohort, (extract(epoch FROM g.w - f.first_w) / 604800)::int AS period,
       count(*) OVER (PARTITION BY f.first_w, g.w) AS cohort_size,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM weeks a WHERE a.user_id = f.user_id AND a.w = g.w))
         OVER (PARTITION BY f.first_w, g.w) AS retained,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM weeks a WHERE a.user_id = f.user_id AND a.w >= g.w))
         OVER (PARTITION BY f.first_w, g.w) AS retained_after
FROM (SELECT user_id, min(w) AS first_w FROM weeks GROUP BY 1) f
JOIN generate_series((SELECT min(w) FROM weeks), (SELECT max(w) FROM weeks), interval '1 week') g(w) ON g.w >= f.first_w;
SELECT (SELECT count(*) FROM (SELECT DISTINCT cohort, period, cohort_size, retained FROM cohorts_sql) s) AS rows,
       (SELECT count(*) FROM (
           SELECT cohort, period, cohort_size, retained FROM cohort_retention('SELECT user_id, ts FROM journey_sample.events')
           EXCEPT SELECT cohort, period, cohort_size, retained FROM cohorts_sql) d) AS on_differences,
       (SELECT count(*) FROM (
           SELECT cohort, period, cohort_size, retained FROM cohort_retention('SELECT user_id, ts FROM journey_sample.events', 'week', 'on_or_after')
           EXCEPT SELECT cohort, period, cohort_size, retained_after FROM cohorts_sql) d) AS on_or_after_differences,
       (SELECT count(*) FROM cohort_retention('SELECT user_id, ts FROM journey_sample.events')
         WHERE rate <> retained::float8 / cohort_size) AS rate_differences;
SELECT cohort::date, period, cohort_size, retained, round(rate::numeric, 3) AS rate
FROM cohort_retention('SELECT user_id, ts FROM journey_sample.events') WHERE cohort < '2025-01-06' AND period < 5;
-- cohorts by first purchase, retention by any later activity, brackets
SELECT cohort::date, period, cohort_size, retained
FROM cohort_retention($$SELECT user_id, ts, event = 'purchase' FROM journey_sample.events$$, 'month', 'brackets', '{0,1,2}')
ORDER BY 1, 2;

RESET TIME ZONE;
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA lc CASCADE;
DROP SCHEMA journey_sample CASCADE;
