-- Periods of lifecycle and cohort_retention across 1 BC / 1 AD and at the
-- ends of timestamptz's range.  There is no year 0: December 1 BC is
-- followed by January 1 AD, and 0001-01-01 is a Monday (proleptic
-- Gregorian), so Sunday 0001-12-31 BC and it are in different weeks.
SET TIME ZONE 'UTC';
-- actor 1: June 1 BC and February 1 AD; actor 2: the last hour of 1 BC and
-- the first of 1 AD
CREATE TABLE bc (actor int, ts timestamptz);
INSERT INTO bc VALUES (1, '0001-06-15 12:00+00 BC'), (1, '0001-02-10 12:00+00'),
	(2, '0001-12-31 23:00+00 BC'), (2, '0001-01-01 01:00+00');
-- by hand, months: Jun 1 BC: new (actor 1) | Jul: dormant (1) |
-- Aug .. Nov: 0 | Dec 1 BC: new (2) | Jan 1 AD: current (2) | Feb 1 AD:
-- resurrected (1), dormant (2): 9 rows, June 1 BC to February 1 AD
SELECT * FROM lifecycle('SELECT actor, ts FROM bc', 'month');
-- days: actor 2 on two consecutive days; weeks: in two consecutive weeks
-- (Monday 0001-12-25 BC and Monday 0001-01-01)
SELECT * FROM lifecycle('SELECT actor, ts FROM bc WHERE actor = 2', 'day');
SELECT * FROM lifecycle('SELECT actor, ts FROM bc WHERE actor = 2', 'week');
-- cohorts by month: actor 1's cohort Jun 1 BC (retained at offset 8 =
-- Feb 1 AD); actor 2's Dec 1 BC (offsets 0 and 1)
SELECT * FROM cohort_retention('SELECT actor, ts FROM bc', 'month') WHERE retained > 0;
SELECT count(*) AS rows, max(period) FILTER (WHERE cohort = '0001-06-01 BC') AS last_offset_jun,
       max(period) FILTER (WHERE cohort = '0001-12-01 BC') AS last_offset_dec
FROM cohort_retention('SELECT actor, ts FROM bc', 'month');
-- the same by date and by timestamp (without time zone) input
SELECT * FROM lifecycle('SELECT actor, ts::date FROM bc', 'month') EXCEPT SELECT * FROM lifecycle('SELECT actor, ts FROM bc', 'month');
SELECT count(*) FROM lifecycle('SELECT actor, ts::timestamp FROM bc', 'month');
-- the same in a time zone west of UTC: the BC event of actor 2 is on
-- 0001-12-31 BC, the AD one (01:00 UTC) on 0001-12-31 BC too (17:00 PST)
SET TIME ZONE 'PST8PDT';
SELECT * FROM lifecycle('SELECT actor, ts FROM bc WHERE actor = 2', 'day');
SET TIME ZONE 'UTC';

-- the first instant of timestamptz (4714-11-24 00:00 UTC BC, Julian day 0,
-- a Monday) and the last one (294276-12-31 23:59:59.999999 UTC, a Sunday)
CREATE TABLE ends (actor int, ts timestamptz);
INSERT INTO ends VALUES (1, '4714-11-24 00:00:00+00 BC'), (1, '4714-11-25 12:00+00 BC'),
	(2, '294276-12-01 00:00+00'), (2, '294276-12-31 23:59:59.999999+00');
-- days and weeks at the start: both begin at the first instant
SELECT * FROM lifecycle('SELECT actor, ts FROM ends WHERE actor = 1', 'day');
SELECT * FROM lifecycle('SELECT actor, ts FROM ends WHERE actor = 1', 'week');
SELECT * FROM cohort_retention('SELECT actor, ts FROM ends WHERE actor = 1', 'day');
-- November 4714 BC begins before the first instant: an error
SELECT * FROM lifecycle('SELECT actor, ts FROM ends WHERE actor = 1', 'month');
SELECT * FROM cohort_retention('SELECT actor, ts FROM ends WHERE actor = 1', 'month');
-- at the end: December 294276 is one month; its days 1 .. 31 are 31 rows;
-- the weeks are Mondays Nov 27, Dec 4, 11, 18, 25 (Dec 1 is a Friday)
SELECT * FROM lifecycle('SELECT actor, ts FROM ends WHERE actor = 2', 'month');
SELECT count(*), min(period_start), max(period_start), sum(new), sum(resurrected)
FROM lifecycle('SELECT actor, ts FROM ends WHERE actor = 2', 'day');
SELECT * FROM lifecycle('SELECT actor, ts FROM ends WHERE actor = 2', 'week');
SELECT * FROM cohort_retention('SELECT actor, ts FROM ends WHERE actor = 2', 'week', 'on_or_after');
-- east of UTC the last instant is on 294277-01-01, local time; that day
-- begins (23:00 UTC) inside the range
SET TIME ZONE 'Europe/Paris';
SELECT * FROM lifecycle($$SELECT 1, '294276-12-31 23:59:59.999999+00'::timestamptz$$, 'day');
-- west of UTC the first instant is on 4714-11-23 BC, local time; that day
-- begins before the range: an error
SET TIME ZONE 'PST8PDT';
SELECT * FROM lifecycle($$SELECT 1, '4714-11-24 00:00:00+00 BC'::timestamptz$$, 'day');
SET TIME ZONE 'UTC';
-- a date beyond timestamptz's range is no timestamp (activity_agg takes timestamptz)
SELECT * FROM lifecycle($$SELECT 1, '5000000-01-01'::date$$, 'month');
-- infinite timestamps are in no period
SELECT * FROM lifecycle($$SELECT 1, 'infinity'::timestamptz$$, 'day');
SELECT * FROM cohort_retention($$SELECT 1, '-infinity'::timestamptz$$, 'day');
SELECT * FROM lifecycle($$SELECT 1, 'infinity'::date$$, 'month');

DROP TABLE bc, ends;
RESET TIME ZONE;
