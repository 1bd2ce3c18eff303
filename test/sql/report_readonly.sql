-- A report's query runs read-only: the query-text reports run it as in a
-- READ ONLY transaction, so a volatile function it calls cannot write
-- (INSERT, CREATE TABLE, nextval: error 25006, and nothing is written);
-- the caller's transaction can write before and after, also after such an
-- error is caught.
CREATE SCHEMA ro;
SET search_path = ro, public;
SET TIME ZONE 'UTC';
CREATE TABLE ev (user_id int, ts timestamptz, revenue numeric);
INSERT INTO ev SELECT u, '2025-01-01'::timestamptz + u * interval '1 day', u FROM generate_series(1, 14) u;
CREATE TABLE js AS
SELECT user_id, journey_agg(ts, CASE WHEN user_id % 2 = 0 THEN 'email' ELSE 'buy' END) AS j FROM ev GROUP BY 1;
CREATE TABLE written (n int);
CREATE SEQUENCE seq;
-- volatile functions that write: a row, a table, a sequence value
CREATE FUNCTION writes_row(n int) RETURNS bool LANGUAGE plpgsql AS
$$BEGIN INSERT INTO ro.written VALUES (n); RETURN true; END$$;
CREATE FUNCTION creates_table() RETURNS bool LANGUAGE plpgsql AS
$$BEGIN CREATE TABLE IF NOT EXISTS ro.made_by_report (x int); RETURN true; END$$;
CREATE FUNCTION takes_nextval() RETURNS bool LANGUAGE plpgsql AS
$$BEGIN PERFORM nextval('ro.seq'); RETURN true; END$$;

-- each report over a query calling each function: SQLSTATE and message
CREATE FUNCTION try(sql text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE sql;
	RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE || ': ' || SQLERRM;
END
$$;
CREATE TABLE reports (name text, sql text);
INSERT INTO reports VALUES
	('rfm', $$SELECT * FROM rfm('SELECT user_id, ts, revenue FROM ro.ev WHERE %s', '2025-03-01')$$),
	('lifecycle', $$SELECT * FROM lifecycle('SELECT user_id, ts FROM ro.ev WHERE %s', 'day')$$),
	('cohort_retention', $$SELECT * FROM cohort_retention('SELECT user_id, ts FROM ro.ev WHERE %s', 'day')$$),
	('cohort_retention_event', $$SELECT * FROM cohort_retention('SELECT user_id, ts, true FROM ro.ev WHERE %s', 'day')$$),
	('next_steps', $$SELECT * FROM next_steps('SELECT j FROM ro.js WHERE %s', '{email}')$$),
	('top_paths', $$SELECT * FROM top_paths('SELECT j FROM ro.js WHERE %s')$$),
	('markov_attribution', $$SELECT * FROM markov_attribution('SELECT j FROM ro.js WHERE %s', 'buy')$$),
	('shapley_attribution', $$SELECT * FROM shapley_attribution('SELECT j FROM ro.js WHERE %s', 'buy')$$);
SELECT r.name, w.fn, try(format(r.sql, w.fn)) AS result
FROM reports r, (VALUES (1, 'ro.writes_row(user_id)'), (2, 'ro.creates_table()'), (3, 'ro.takes_nextval()')) w(k, fn)
ORDER BY r.name, w.k;
-- nothing was written
SELECT (SELECT count(*) FROM written) AS rows_written,
       to_regclass('ro.made_by_report') IS NULL AS no_table,
       (SELECT NOT is_called FROM seq) AS sequence_unused;
-- one of them with its message as the caller sees it
SELECT * FROM lifecycle('SELECT user_id, ts FROM ro.ev WHERE ro.writes_row(user_id)', 'day');
-- the same query runs and writes outside a report
SELECT count(*) FROM ev WHERE writes_row(user_id);
SELECT count(*) FROM written;
TRUNCATE written;

-- the caller's transaction writes before and after a report, also after
-- a report's error is caught by a savepoint, and it stays read-write
BEGIN;
INSERT INTO written VALUES (100);
SELECT count(*) FROM lifecycle('SELECT user_id, ts FROM ro.ev', 'day');
INSERT INTO written VALUES (101);
SAVEPOINT s;
SELECT count(*) FROM rfm('SELECT user_id, ts, revenue FROM ro.ev WHERE ro.writes_row(user_id)');
ROLLBACK TO s;
SHOW transaction_read_only;
INSERT INTO written VALUES (102);
COMMIT;
-- an error caught inside PL/pgSQL, then a write in the same function
DO $$
BEGIN
	BEGIN
		PERFORM * FROM top_paths('SELECT j FROM ro.js WHERE ro.creates_table()');
	EXCEPTION WHEN read_only_sql_transaction THEN
		RAISE NOTICE 'caught %: %', SQLSTATE, SQLERRM;
	END;
	INSERT INTO ro.written VALUES (103);
	RAISE NOTICE 'transaction_read_only = %', current_setting('transaction_read_only');
END
$$;
SELECT n FROM written ORDER BY n;
-- a report inside a report's query: still read-only, and the outer
-- report's query is read-only again after the inner one returns
SELECT try($$SELECT * FROM lifecycle('SELECT user_id, ts FROM ro.ev WHERE (SELECT count(*) FROM top_paths(''SELECT j FROM ro.js'')) > 0 AND ro.writes_row(user_id)', 'day')$$);
SELECT count(*) FROM lifecycle('SELECT user_id, ts FROM ro.ev WHERE (SELECT count(*) FROM top_paths(''SELECT j FROM ro.js'')) > 0', 'day');
-- a function cannot switch its way back to read-write
CREATE FUNCTION sets_read_write() RETURNS bool LANGUAGE plpgsql AS
$$BEGIN SET LOCAL transaction_read_only = off; INSERT INTO ro.written VALUES (-1); RETURN true; END$$;
CREATE FUNCTION has_read_write() RETURNS bool LANGUAGE plpgsql SET transaction_read_only = off AS
$$BEGIN INSERT INTO ro.written VALUES (-2); RETURN true; END$$;
SELECT try($$SELECT * FROM lifecycle('SELECT user_id, ts FROM ro.ev WHERE ro.sets_read_write()', 'day')$$);
SELECT try($$SELECT * FROM lifecycle('SELECT user_id, ts FROM ro.ev WHERE ro.has_read_write()', 'day')$$);
SELECT count(*) FROM written WHERE n < 0;
-- a read-only caller stays read-only after a report
BEGIN READ ONLY;
SELECT count(*) FROM lifecycle('SELECT user_id, ts FROM ro.ev', 'day');
SHOW transaction_read_only;
ROLLBACK;
-- as in a READ ONLY transaction, temporary tables may be written
CREATE TEMP TABLE scratch (n int);
CREATE FUNCTION writes_temp(n int) RETURNS bool LANGUAGE plpgsql AS
$$BEGIN INSERT INTO scratch VALUES (n); RETURN true; END$$;
SELECT count(*) FROM lifecycle('SELECT user_id, ts FROM ro.ev WHERE ro.writes_temp(user_id)', 'day');
SELECT count(*) FROM scratch;

RESET TIME ZONE;
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA ro CASCADE;
