-- sequence_match and sequence_count: every rule of semantics-clickhouse.md
-- section 4.  Expected values: the ClickHouse documentation and its test
-- 00222_sequence_aggregate_function_family (cited per case), or worked by
-- hand in the comment next to the query.
CREATE SCHEMA seq;
SET search_path = seq, public;

-- 00222's data: values 0,0,0,0,1,2,0,0,0,0,1,1 at t = 0 .. 11 (bigint units)
CREATE TABLE s (ts bigint, v int);
INSERT INTO s VALUES (0, 0), (1, 0), (2, 0), (3, 0), (4, 1), (5, 2),
	(6, 0), (7, 0), (8, 0), (9, 0), (10, 1), (11, 1);

-- sequence_count, 00222 (section 4.3): 4, 2, 2, 1, 1, 0
SELECT sequence_count('(?1)(?1)', ts, v = 0, v = 1, v = 2) AS a,
       sequence_count('(?1)(?1)(?1)', ts, v = 0, v = 1, v = 2) AS b,
       sequence_count('(?1)(?t<11)(?2)', ts, v = 0, v = 1, v = 2) AS c,
       sequence_count('(?1)(?t>10)(?2)', ts, v = 0, v = 1, v = 2) AS d,
       sequence_count('(?2)(?t>=7)(?2)', ts, v = 0, v = 1, v = 2) AS e,
       sequence_count('(?2)(?t>7)(?2)', ts, v = 0, v = 1, v = 2) AS f
FROM s;

-- '', '.' and '.*' count every stored event: 12 (00222)
SELECT sequence_count('', ts, v = 0, v = 1, v = 2) AS empty,
       sequence_count('.', ts, v = 0, v = 1, v = 2) AS dot,
       sequence_count('.*', ts, v = 0, v = 1, v = 2) AS dotstar,
       sequence_match('', ts, v = 0) AS m_empty,
       sequence_match('.*', ts, v = 0) AS m_dotstar
FROM s;

-- (?1)(?2)(?3) means consecutive stored events: over 0,1,2 at t=3,4,5 it
-- matches (1); a condition never true in the group gives 0 / false;
-- five (?1) over a run of four zeros never match
SELECT sequence_match('(?1)(?2)(?3)', ts, v = 0, v = 1, v = 2) AS consecutive,
       sequence_match('(?1)(?4)', ts, v = 0, v = 1, v = 2, v = 9) AS never_true,
       sequence_count('(?4)', ts, v = 0, v = 1, v = 2, v = 9) AS never_count,
       sequence_match('(?1)(?1)(?1)(?1)(?1)', ts, v = 0, v = 1, v = 2) AS five_of_four,
       sequence_match('(?1)(?1)(?1)(?1)', ts, v = 0, v = 1, v = 2) AS four_of_four,
       -- with only v = 0 stored, the two runs of zeros become one run of 8
       sequence_match('(?1)(?1)(?1)(?1)(?1)', ts, v = 0) AS five_of_eight
FROM s;

-- gate boundaries: (?1)(?t<=2)(?3) over 0@3, 1@4, 2@5: 5 - 3 = 2 <= 2 true,
-- < 2 false; == 2 true, == 1 false; >= 2 true, > 2 false
SELECT sequence_match('(?1)(?t<=2)(?3)', ts, v = 0, v = 1, v = 2) AS le,
       sequence_match('(?1)(?t<2)(?3)', ts, v = 0, v = 1, v = 2) AS lt,
       sequence_match('(?1)(?t==2)(?3)', ts, v = 0, v = 1, v = 2) AS eq,
       sequence_match('(?1)(?t==1)(?3)', ts, v = 0, v = 1, v = 2) AS eq1,
       sequence_match('(?1)(?t>=2)(?3)', ts, v = 0, v = 1, v = 2) AS ge,
       sequence_match('(?1)(?t>2)(?3)', ts, v = 0, v = 1, v = 2) AS gt
FROM s WHERE ts BETWEEN 3 AND 5;

-- running out of events: .*, (?t<=K), (?t<K) and (?t>=0) accept an empty
-- tail; (?N), '.', (?t>K) and (?t==K) do not.  The group below stores no
-- event at all (v = 9 never holds), so only the first four are true.
SELECT sequence_match('(?t<=10)', ts, v = 9) AS le,
       sequence_match('(?t<10)', ts, v = 9) AS lt,
       sequence_match('(?t>=0)', ts, v = 9) AS ge0,
       sequence_match('.*', ts, v = 9) AS star,
       sequence_match('(?t>1)', ts, v = 9) AS gt,
       sequence_match('(?t==0)', ts, v = 9) AS eq,
       sequence_match('.', ts, v = 9) AS dot,
       sequence_count('(?t<=10)', ts, v = 9) AS cnt
FROM s;
-- (?1)(?t<=100)(?2)(?3).*.*(?t>1) over 1, 2, 3 is 0 (00222): the trailing
-- (?t>1) needs one more event
SELECT sequence_match('(?1)(?t<=100)(?2)(?3).*.*(?t>1)', ts, v = 0, v = 1, v = 2)
FROM (VALUES (1::bigint, 0), (2, 1), (3, 2)) AS x(ts, v);
-- the empty tail is what is left when the events run out, and a .* never
-- consumes the last event itself: (?t==0).*(?t<0) over one event is false
-- (the .* would have to consume that event and leave (?t<0) the empty
-- tail), as is (?1).*(?t<0) over A then B, while (?t<0) alone over one
-- event is true (ClickHouse gives 0, 0, 1; docs/sequences.md)
SELECT sequence_match('(?t==0).*(?t<0)', ts, v = 0) AS gate_star_gate,
       sequence_match('(?t<0)', ts, v = 0) AS gate_alone
FROM (VALUES (1::bigint, 0)) AS x(ts, v);
SELECT sequence_match('(?1).*(?t<0)', ts, v = 0, v = 1) AS a_star_gate
FROM (VALUES (1::bigint, 0), (2, 1)) AS x(ts, v);

-- only events satisfying some condition are stored (ClickHouse docs):
-- (?1)(?2) over 1,3,2 is true with conditions =1,=2; false with =1,=2,=3
-- (3 is then stored between them); true again with =1,=2,=4
CREATE TABLE d (ts bigint, n int);
INSERT INTO d VALUES (1, 1), (2, 3), (3, 2);
SELECT sequence_match('(?1)(?2)', ts, n = 1, n = 2) AS two,
       sequence_match('(?1)(?2)', ts, n = 1, n = 2, n = 3) AS three,
       sequence_match('(?1)(?2)', ts, n = 1, n = 2, n = 4) AS four
FROM d;

-- a gate allows any number of events in between (docs): 1@1 .. 2@3
SELECT sequence_match('(?1)(?t>1)(?2)', ts, n = 1, n = 2, n = 3) AS gap_ok,
       sequence_match('(?1)(?t>2)(?2)', ts, n = 1, n = 2, n = 3) AS gap_too_small
FROM d;

-- input order does not matter: the same rows inserted in reverse
SELECT sequence_count('(?1)(?1)', ts, v = 0) AS a, sequence_count('(?2)(?t>=7)(?2)', ts, v = 0, v = 1) AS e
FROM (SELECT * FROM s ORDER BY ts DESC) r;

-- ties: events at the same timestamp are ordered by their condition mask
-- (condition 1 before condition 2), so (?1)(?2) matches and (?2)(?1) does not
SELECT sequence_match('(?1)(?2)', ts, n = 1, n = 2) AS one_two,
       sequence_match('(?2)(?1)', ts, n = 1, n = 2) AS two_one
FROM (VALUES (5::bigint, 2), (5, 1)) AS x(ts, n);

-- NULLs: a NULL timestamp ignores the row; a NULL condition is false
SELECT sequence_match('(?1)(?2)', ts, n = 1, n = 2) AS null_ts_skipped,
       sequence_count('(?1)', ts, n = 1) AS ones
FROM (VALUES (1::bigint, 1), (NULL, 3), (2, 2), (3, NULL)) AS x(ts, n);
-- (?1)(?2) over 1, 3, 2 with condition 2 = (n = 2) and condition 3 NULL on
-- the middle row: the middle row is not stored, so it matches
SELECT sequence_match('(?1)(?2)', ts, n = 1, n = 2, CASE WHEN n = 3 THEN NULL ELSE false END)
FROM d;

-- empty input: false and 0 (no pattern is even read)
SELECT sequence_match('(?1)', ts, v = 0) AS m, sequence_count('(?1)', ts, v = 0) AS c
FROM s WHERE false;
-- grouped: users without rows do not appear; per-group answers
SELECT g, sequence_match('(?1).*(?2)', ts, v = 0, v = 1) AS m,
       sequence_count('(?1)', ts, v = 1) AS ones
FROM (SELECT ts % 3 AS g, ts, v FROM s) x GROUP BY g ORDER BY g;

-- timestamps: gates count seconds for timestamptz and timestamp.
-- signup 3600 s after pricing: <= 3600 true, < 3600 false
CREATE TABLE web (u int, ts timestamptz, page text);
INSERT INTO web VALUES
	(1, '2025-01-01 10:00:00+00', 'pricing'),
	(1, '2025-01-01 10:30:00+00', 'docs'),
	(1, '2025-01-01 11:00:00+00', 'signup'),
	(2, '2025-01-01 10:00:00+00', 'pricing'),
	(2, '2025-01-03 10:00:00+00', 'signup'),
	(3, '2025-01-01 10:00:00+00', 'signup'),
	(3, '2025-01-01 10:00:05+00', 'pricing');
SELECT u,
       sequence_match('(?1)(?t<=3600)(?2)', ts, page = 'pricing', page = 'signup') AS within_hour,
       sequence_match('(?1)(?t<3600)(?2)', ts, page = 'pricing', page = 'signup') AS under_hour,
       sequence_match('(?1)(?t<=86400)(?2)', ts, page = 'pricing', page = 'signup') AS within_day,
       sequence_match('(?1).*(?2)', ts::timestamp, page = 'pricing', page = 'signup') AS ever_ts
FROM web GROUP BY u ORDER BY u;
-- user 1: 1 h apart -> t, f, t, t; user 2: 2 days -> f, f, f, t;
-- user 3: signup before pricing -> f, f, f, f

-- the pattern may come from a column if it is the same in the whole group
SELECT sequence_match(p, ts, v = 0, v = 1) FROM (SELECT '(?1)(?2)'::text AS p, * FROM s) x;

-- errors: malformed patterns name the position (1-based byte)
SELECT sequence_match('(?1)(?2', ts, v = 0, v = 1) FROM s;
SELECT sequence_match('(?1)x', ts, v = 0, v = 1) FROM s;
SELECT sequence_match('(?0)', ts, v = 0, v = 1) FROM s;
SELECT sequence_match('(?3)', ts, v = 0, v = 1) FROM s;
SELECT sequence_match('(?18446744073709551616)', ts, v = 0) FROM s;
SELECT sequence_match('(?+)', ts, v = 0) FROM s;
SELECT sequence_match('(?1)(?t=1)(?2)', ts, v = 0, v = 1) FROM s;
SELECT sequence_match('(?1)(?t<)(?2)', ts, v = 0, v = 1) FROM s;
SELECT sequence_match('(?t<1)(?t<2)', ts, v = 0) FROM s;
SELECT sequence_match('(?1)(?t<99999999999999)', ts::timestamptz, v = 0) FROM (SELECT to_timestamp(ts) AS ts, v FROM s) x;
SELECT sequence_count('(?1', ts, v = 0) FROM s;
-- the error comes even when the group has no rows that match anything
SELECT sequence_match('(?2)', ts, v = 9) FROM s;
-- limits: more than 256 items, or more than 64 KiB of text
SELECT sequence_match(repeat('.', 257), ts, v = 0) FROM s;
SELECT sequence_match(repeat('.', 256), ts, v = 0) FROM s;
SELECT sequence_match('(?' || repeat('0', 70000) || '1)', ts, v = 0) FROM s;
-- NULL pattern; a pattern that changes within a group
SELECT sequence_match(NULL, ts, v = 0) FROM s;
SELECT sequence_match(CASE WHEN ts < 5 THEN '(?1)' ELSE '(?1)(?1)' END, ts, v = 0) FROM s;
-- conditions: boolean, 1 to 64, not a VARIADIC array
SELECT sequence_match('(?1)', ts, v) FROM s;
SELECT sequence_match('(?1)', ts, VARIADIC ARRAY[true]) FROM s;
SELECT sequence_match('(?1)', ts) FROM s;
SELECT sequence_match('(?1)', ts,
	true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
	true) FROM s;
-- 64 conditions are fine: (?64) is the last one (v = 1 at t = 4, 10, 11: 3)
SELECT sequence_count('(?64)', ts,
	true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true,
	true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, v = 1) FROM s;

-- a pathological pattern on a long group finishes quickly (linear time):
-- 200000 events all matching condition 1, a pattern of many .*(?1) pairs
-- that cannot complete
SELECT sequence_match(repeat('.*(?1)', 100) || '(?2)', g::bigint, true, false)
FROM generate_series(1, 200000) g;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA seq CASCADE;
