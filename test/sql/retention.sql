-- retention: ClickHouse semantics (semantics-clickhouse.md section 3):
-- r[1] = condition 1 held; r[i] = condition 1 and condition i held, not
-- necessarily on the same row.
CREATE SCHEMA retention;
SET search_path = retention, public;

-- ClickHouse documentation example: uids 0-4 visit on all three days, 5-9 on
-- days 2 and 3, 10-14 on day 3 only.  Per uid: 0-4 {1,1,1}, others {0,0,0};
-- sums 5 5 5 (from the docs)
CREATE TABLE retention_test (d date, uid int);
INSERT INTO retention_test SELECT '2020-01-01', i FROM generate_series(0, 4) i;
INSERT INTO retention_test SELECT '2020-01-02', i FROM generate_series(0, 9) i;
INSERT INTO retention_test SELECT '2020-01-03', i FROM generate_series(0, 14) i;
SELECT uid, retention(d = '2020-01-01', d = '2020-01-02', d = '2020-01-03') AS r
FROM retention_test GROUP BY uid ORDER BY uid;
SELECT sum(r[1]) AS r1, sum(r[2]) AS r2, sum(r[3]) AS r3
FROM (SELECT uid, retention(d = '2020-01-01', d = '2020-01-02', d = '2020-01-03') AS r FROM retention_test GROUP BY uid) s;

-- by hand: conditions need not hold on the same row: {1,1}
SELECT retention(x = 1, y = 1) FROM (VALUES (1, 0), (0, 1)) v(x, y);
-- by hand: a NULL condition is false: {1,0}
SELECT retention(x = 1, y = 1) FROM (VALUES (1, NULL::int), (0, NULL)) v(x, y);
-- by hand: no rows: all zeros; one condition: {1}
SELECT retention(true, true, true) FROM retention_test WHERE false;
SELECT retention(uid = 3) FROM retention_test;
-- by hand: 64 conditions on one row: 64 ones
SELECT array_length(r, 1), (SELECT sum(x) FROM unnest(r) x) AS ones FROM (SELECT retention(true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true) r) s;
-- weekly retention from each user's first week: of users active in their
-- first week, the share active again in week 2 and week 3 (by hand: u1 yes,
-- yes; u2 yes, no; u3 no, no -> {1,1,1}, {1,1,0}, {1,0,0})
CREATE TABLE act (u int, ts date);
INSERT INTO act VALUES (1, '2025-01-01'), (1, '2025-01-09'), (1, '2025-01-16'),
  (2, '2025-01-02'), (2, '2025-01-10'), (3, '2025-01-03');
SELECT u, retention(ts < f + 7, ts >= f + 7 AND ts < f + 14, ts >= f + 14 AND ts < f + 21)
FROM (SELECT u, ts, min(ts) OVER (PARTITION BY u) AS f FROM act) s GROUP BY u ORDER BY u;

-- errors
SELECT retention(1);
SELECT retention(true, 'yes'::text);
SELECT retention(VARIADIC ARRAY[true]);
SELECT retention(true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true);

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA retention CASCADE;
