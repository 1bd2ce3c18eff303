-- window_funnel and funnel_times: every error path.  The first statement
-- shows the SQLSTATE style; the rest show the messages.
CREATE SCHEMA window_funnel_errors;
SET search_path = window_funnel_errors, public;

-- window: positive, not NULL, in range
\set VERBOSITY sqlstate
SELECT window_funnel(0, ts, true) FROM (VALUES (1::bigint)) v(ts);
\set VERBOSITY default
SELECT window_funnel(0, ts, true) FROM (VALUES (1::bigint)) v(ts);
SELECT window_funnel(-5, ts, true) FROM (VALUES (1::bigint)) v(ts);
SELECT window_funnel(NULL::bigint, ts, true) FROM (VALUES (1::bigint)) v(ts);
SELECT window_funnel('0 seconds', ts, true) FROM (VALUES (now())) v(ts);
SELECT window_funnel('1 day -24 hours', ts, true) FROM (VALUES (now())) v(ts);
SELECT window_funnel('-1 day', ts, true) FROM (VALUES (now())) v(ts);
SELECT window_funnel(NULL::interval, ts, true) FROM (VALUES (now())) v(ts);
\set VERBOSITY sqlstate
SELECT window_funnel('100000000 years', ts, true) FROM (VALUES (now())) v(ts);
\set VERBOSITY default
SELECT window_funnel('100000000 years', ts, true) FROM (VALUES (now())) v(ts);
-- the window and mode must not change within a group
SELECT window_funnel(w, ts, true) FROM (VALUES (1, 1::bigint), (2, 2)) v(w, ts);
SELECT window_funnel(10, m, ts, true) FROM (VALUES ('', 1::bigint), ('strict_order', 2)) v(m, ts);

-- mode: known words only; 'strict' is gone; allow_reentry needs strict_order; not NULL
\set VERBOSITY sqlstate
SELECT window_funnel(10, 'strict_ordr', 1::bigint, true);
\set VERBOSITY default
SELECT window_funnel(10, 'strict_ordr', 1::bigint, true);
SELECT window_funnel(10, 'strict_order,bogus', 1::bigint, true);
SELECT window_funnel(10, 'strict', 1::bigint, true);
SELECT window_funnel(10, 'allow_reentry', 1::bigint, true);
\set VERBOSITY sqlstate
SELECT window_funnel(10, NULL, 1::bigint, true);
\set VERBOSITY default
SELECT window_funnel(10, NULL, 1::bigint, true);

-- conditions: boolean, 1 to 64, not a VARIADIC array
\set VERBOSITY sqlstate
SELECT window_funnel(10, 1::bigint, 1);
\set VERBOSITY default
SELECT window_funnel(10, 1::bigint, 1);
SELECT window_funnel(10, 1::bigint, true, 'x'::text);
\set VERBOSITY sqlstate
SELECT window_funnel(10, 1::bigint, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true);
\set VERBOSITY default
SELECT window_funnel(10, 1::bigint, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true);
\set VERBOSITY sqlstate
SELECT window_funnel(10, 1::bigint, VARIADIC ARRAY[true, false]);
\set VERBOSITY default
SELECT window_funnel(10, 1::bigint, VARIADIC ARRAY[true, false]);
SELECT window_funnel(10, 1::bigint);
SELECT funnel_times('1 day', now(), 42);

-- strict_once: too many candidate chains at one timestamp (40 rows, each
-- satisfying all but one of 40 conditions)
\set VERBOSITY sqlstate
SELECT window_funnel(10, 'strict_once', 0::bigint, v <> 0, v <> 1, v <> 2, v <> 3, v <> 4, v <> 5, v <> 6, v <> 7, v <> 8, v <> 9, v <> 10, v <> 11, v <> 12, v <> 13, v <> 14, v <> 15, v <> 16, v <> 17, v <> 18, v <> 19, v <> 20, v <> 21, v <> 22, v <> 23, v <> 24, v <> 25, v <> 26, v <> 27, v <> 28, v <> 29, v <> 30, v <> 31, v <> 32, v <> 33, v <> 34, v <> 35, v <> 36, v <> 37, v <> 38, v <> 39) FROM generate_series(0, 39) v;
\set VERBOSITY default
SELECT window_funnel(10, 'strict_once', 0::bigint, v <> 0, v <> 1, v <> 2, v <> 3, v <> 4, v <> 5, v <> 6, v <> 7, v <> 8, v <> 9, v <> 10, v <> 11, v <> 12, v <> 13, v <> 14, v <> 15, v <> 16, v <> 17, v <> 18, v <> 19, v <> 20, v <> 21, v <> 22, v <> 23, v <> 24, v <> 25, v <> 26, v <> 27, v <> 28, v <> 29, v <> 30, v <> 31, v <> 32, v <> 33, v <> 34, v <> 35, v <> 36, v <> 37, v <> 38, v <> 39) FROM generate_series(0, 39) v;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA window_funnel_errors CASCADE;
