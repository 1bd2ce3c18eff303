-- search_path hijacking of the query-text reports: the SQL a report wraps
-- around the caller's query names every function, operator, type and
-- collation with its schema (pg_catalog), so objects that another role
-- plants in a schema on the caller's search_path are never called.  Every
-- planted object here raises an error naming itself; the reports must run
-- without calling any and give the same rows as with an ordinary path.
CREATE SCHEMA sec;
SET search_path = sec, public;
SET TIME ZONE 'UTC';
-- 12 customers ('a'..'f' and 'A'..'F': the C order puts upper case first),
-- 1 to 6 events each over 40 days, some purchases; two customers tie
CREATE TABLE ev (user_id text, ts timestamptz, revenue numeric, channel text, purchase bool);
INSERT INTO ev
SELECT chr(CASE WHEN u <= 6 THEN 96 + u ELSE 58 + u END),
       '2025-01-01'::timestamptz + (u * 7 + k * 5) % 40 * interval '1 day' + k * interval '1 hour',
       (u * k) % 7 * 10, (ARRAY['email', 'search', 'direct'])[1 + (u + k) % 3], (u + k) % 4 = 0
FROM generate_series(1, 12) u, generate_series(1, 1 + u % 6) k;
INSERT INTO ev SELECT 'G', ts, revenue, channel, purchase FROM ev WHERE user_id = 'g';
CREATE TABLE js AS
SELECT user_id, journey_agg(ts, CASE WHEN purchase THEN 'buy' ELSE channel END) AS j FROM ev GROUP BY 1;

-- the reports under test, as (name, SQL); every query-text report is here
CREATE TABLE reports (name text PRIMARY KEY, sql text);
INSERT INTO reports VALUES
	('rfm', $$SELECT * FROM public.rfm('SELECT user_id, ts, revenue FROM sec.ev WHERE purchase', '2025-03-01')$$),
	('rfm_rfm11', $$SELECT * FROM public.rfm('SELECT user_id, ts, revenue FROM sec.ev', '2025-01-20', 'rfm11')$$),
	('lifecycle_day', $$SELECT * FROM public.lifecycle('SELECT user_id, ts FROM sec.ev', 'day')$$),
	('lifecycle_week', $$SELECT * FROM public.lifecycle('SELECT user_id, ts FROM sec.ev', 'week')$$),
	('lifecycle_month', $$SELECT * FROM public.lifecycle('SELECT user_id, ts FROM sec.ev', 'month')$$),
	('cohort_day', $$SELECT * FROM public.cohort_retention('SELECT user_id, ts FROM sec.ev', 'day')$$),
	('cohort_week_event', $$SELECT * FROM public.cohort_retention('SELECT user_id, ts, purchase FROM sec.ev', 'week', 'on_or_after')$$),
	('cohort_month_brackets', $$SELECT * FROM public.cohort_retention('SELECT user_id, ts FROM sec.ev', 'month', 'brackets', '{0,1}')$$),
	('next_steps', $$SELECT * FROM public.next_steps('SELECT j FROM sec.js', '{email}')$$),
	('top_paths', $$SELECT * FROM public.top_paths('SELECT j FROM sec.js', 2)$$),
	('markov_attribution', $$SELECT * FROM public.markov_attribution('SELECT j FROM sec.js', 'buy')$$),
	('shapley_attribution', $$SELECT * FROM public.shapley_attribution('SELECT j FROM sec.js', 'buy')$$);

-- a report's rows, in its output order, as one text (or its error); every
-- name here is qualified, since it also runs under the hostile path
CREATE FUNCTION report_rows(name pg_catalog.text) RETURNS pg_catalog.text LANGUAGE plpgsql AS $$
DECLARE
	q pg_catalog.text := (SELECT r.sql FROM sec.reports r WHERE r.name OPERATOR(pg_catalog.=) report_rows.name);
	res pg_catalog.text;
BEGIN
	EXECUTE pg_catalog.format('SELECT pg_catalog.string_agg(s::pg_catalog.text, %L ORDER BY n) FROM (SELECT s, pg_catalog.row_number() OVER () AS n FROM (%s) s) t', E'\n', q) INTO res;
	RETURN res;
EXCEPTION WHEN OTHERS THEN
	RETURN pg_catalog.concat('error: ', SQLERRM);
END
$$;
CREATE TABLE expected AS SELECT name, report_rows(name) AS res FROM reports;
-- the reports are not trivial
SELECT name, length(res) > 0 AS has_rows FROM expected ORDER BY name;

-- the planted objects: functions, aggregates, operators and domains named
-- as the built-ins the reports could use, each raising "planted ... called"
CREATE SCHEMA evil;
CREATE FUNCTION evil.boom(what pg_catalog.text) RETURNS pg_catalog.bool
LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'planted % called', what; END$$;
DO $$
DECLARE
	t text;
	l text;
	r text;
	op text;
	f text;
BEGIN
	-- aggregates over one argument, and count(*)
	FOREACH t IN ARRAY ARRAY['int2', 'int4', 'int8', 'numeric', 'float8', 'date', 'timestamp', 'timestamptz', 'text', 'bool', 'anyelement']
	LOOP
		FOREACH f IN ARRAY ARRAY['array_agg', 'max', 'min', 'sum', 'count', 'avg', 'bool_or', 'bool_and', 'string_agg']
		LOOP
			EXECUTE format('CREATE FUNCTION evil.%I(s pg_catalog.int8, v %s) RETURNS pg_catalog.int8 LANGUAGE plpgsql AS %L',
						   f || '_' || t || '_step', CASE t WHEN 'anyelement' THEN 'anyelement' ELSE 'pg_catalog.' || t END,
						   format('BEGIN PERFORM evil.boom(%L); RETURN 0; END', f || '(' || t || ')'));
			EXECUTE format('CREATE AGGREGATE evil.%I(%s) (sfunc = evil.%I, stype = pg_catalog.int8)',
						   f, CASE t WHEN 'anyelement' THEN 'anyelement' ELSE 'pg_catalog.' || t END, f || '_' || t || '_step');
		END LOOP;
	END LOOP;
	CREATE FUNCTION evil.count_star_step(s pg_catalog.int8) RETURNS pg_catalog.int8
	LANGUAGE plpgsql AS $f$BEGIN PERFORM evil.boom('count(*)'); RETURN 0; END$f$;
	CREATE AGGREGATE evil.count(*) (sfunc = evil.count_star_step, stype = pg_catalog.int8);
	-- binary operators over the types the reports compute with
	FOREACH l IN ARRAY ARRAY['int4', 'int8', 'numeric', 'float8', 'date', 'timestamp', 'timestamptz', 'interval', 'text']
	LOOP
		FOREACH r IN ARRAY ARRAY['int4', 'int8', 'numeric', 'float8', 'date', 'timestamp', 'timestamptz', 'interval', 'text']
		LOOP
			EXECUTE format('CREATE FUNCTION evil.%I(a pg_catalog.%s, b pg_catalog.%s) RETURNS pg_catalog.bool LANGUAGE sql AS %L',
						   'op_' || l || '_' || r, l, r, format('SELECT evil.boom(%L)', 'operator(' || l || ', ' || r || ')'));
			FOREACH op IN ARRAY ARRAY['+', '-', '*', '/', '%', '<', '<=', '=', '>=', '>', '<>', '||']
			LOOP
				EXECUTE format('CREATE OPERATOR evil.%s (leftarg = pg_catalog.%s, rightarg = pg_catalog.%s, function = evil.%I)',
							   op, l, r, 'op_' || l || '_' || r);
			END LOOP;
		END LOOP;
	END LOOP;
	-- functions the period and recency arithmetic could use
	FOREACH t IN ARRAY ARRAY['numeric', 'float8', 'int4', 'int8']
	LOOP
		FOREACH f IN ARRAY ARRAY['floor', 'ceil', 'trunc', 'round', 'div', 'abs']
		LOOP
			EXECUTE format('CREATE FUNCTION evil.%I(v pg_catalog.%s) RETURNS pg_catalog.int8 LANGUAGE sql AS %L',
						   f, t, format('SELECT 0 WHERE evil.boom(%L)', f || '(' || t || ')'));
		END LOOP;
	END LOOP;
	FOREACH t IN ARRAY ARRAY['date', 'timestamp', 'timestamptz', 'interval']
	LOOP
		FOREACH f IN ARRAY ARRAY['date_part', 'extract', 'date_trunc']
		LOOP
			EXECUTE format('CREATE FUNCTION evil.%I(u pg_catalog.text, v pg_catalog.%s) RETURNS pg_catalog.int8 LANGUAGE sql AS %L',
						   f, t, format('SELECT 0 WHERE evil.boom(%L)', f || '(text, ' || t || ')'));
		END LOOP;
	END LOOP;
	-- types: domains shadowing the built-in type names used in casts
	FOREACH t IN ARRAY ARRAY['text', 'int4', 'int8', 'float8', 'numeric', 'date', 'timestamp', 'timestamptz', 'bool', 'interval']
	LOOP
		EXECUTE format('CREATE DOMAIN evil.%I AS pg_catalog.%s CHECK (evil.boom(%L))', t, t, 'type ' || t);
	END LOOP;
END
$$;
-- a collation "C" that sorts like ICU's root locale ('a' before 'B')
CREATE COLLATION evil."C" (provider = icu, locale = 'und');
SELECT 'a' < 'B' COLLATE evil."C" AS planted_collation_differs;
-- the planted objects are real: with the hostile path first, each raises
SET search_path = evil, pg_catalog, sec, public;
SELECT pg_catalog.count(*) FROM sec.ev;
SELECT count(*) FROM sec.ev;
SELECT array_agg(1::pg_catalog.int8);
SELECT max(ts) FROM sec.ev;
SELECT 1::pg_catalog.float8 / 2;
SELECT '2025-01-02'::pg_catalog.date - '2025-01-01'::pg_catalog.date;
SELECT 'x'::text;

-- every report, with the hostile schema first (before pg_catalog) and
-- implicitly after pg_catalog (where only exact-type matches can hijack)
SELECT r.name, CASE WHEN sec.report_rows(r.name) OPERATOR(pg_catalog.=) e.res THEN 'same rows' ELSE sec.report_rows(r.name) END AS result
FROM sec.reports r JOIN sec.expected e ON r.name OPERATOR(pg_catalog.=) e.name ORDER BY r.name;
SET search_path = evil, sec, public;
SELECT r.name, CASE WHEN sec.report_rows(r.name) OPERATOR(pg_catalog.=) e.res THEN 'same rows' ELSE sec.report_rows(r.name) END AS result
FROM sec.reports r JOIN sec.expected e ON r.name OPERATOR(pg_catalog.=) e.name ORDER BY r.name;

RESET search_path;
RESET TIME ZONE;
SET client_min_messages = warning;
DROP SCHEMA evil CASCADE;
DROP SCHEMA sec CASCADE;
