/*
 * test/robust/robust.sql -- the SQL side of the robustness suite
 * (test/robust/run.sh): input generators, mutators, and the checks every
 * input goes through.  Loaded into the suite's own database, in schema
 * robust; the journey extension is in public.
 *
 * An input is tried with robust.try(kind, input); the outcome is
 *   accepted    the value was accepted and passed every check
 *   rejected    an error with a proper SQLSTATE (any class but XX)
 *   rtfail      accepted, but its text form does not round-trip
 *   nostate     an error without a proper SQLSTATE (class XX, internal_error)
 *   mismatch    accepted, but two ways of computing the same thing disagree
 *               (serial and parallel plans, a journey function and its
 *               aggregate), or a replay entry's expectation does not hold
 * A crash or a hang ends the batch; test/robust/run.sh sees it.
 */
CREATE SCHEMA robust;
SET search_path = robust, public;

CREATE TABLE config (key text PRIMARY KEY, value text);
-- the fixed replay list (test/robust/replay.sql)
CREATE TABLE replay (id serial PRIMARY KEY, name text NOT NULL, kind text NOT NULL, input text NOT NULL,
                     expect text NOT NULL DEFAULT 'any', dbs text NOT NULL DEFAULT 'utf8');
-- every failure found, with what replays it
CREATE TABLE failures (cat text, batch int, idx int, kind text, status text, input text, state text, message text);
-- binary input goes through COPY into these
CREATE TABLE jin (j journey);
CREATE TABLE sin (s stage);
-- events for serial/parallel comparisons: labels a..d and e1..e70
CREATE TABLE pev (u int, ts timestamptz, e text);
INSERT INTO pev
SELECT i % 40, timestamptz '2025-01-01 00:00+00' + (i * 7919 % 100000) * interval '1 minute',
       CASE WHEN i % 3 = 0 THEN (ARRAY['a', 'b', 'c', 'd'])[1 + i % 4] ELSE 'e' || (1 + i * 31 % 70) END
FROM generate_series(1, 30000) i;
ANALYZE pev;
-- valid summaries of every report, built from pev, that gen_summary mutates:
-- the type, the reports that read it, and its binary form
CREATE TABLE sseed (id serial, typ text, reports text[], b bytea);

/* A random integer in [lo, hi] */
CREATE FUNCTION ri(lo bigint, hi bigint) RETURNS bigint LANGUAGE sql VOLATILE AS
$$ SELECT lo + floor(random() * (hi - lo + 1))::bigint $$;

/* A random element of an array */
CREATE FUNCTION pick(a text[]) RETURNS text LANGUAGE sql VOLATILE AS
$$ SELECT a[1 + floor(random() * cardinality(a))::int] $$;

/* An input, shown on one line and short enough to print */
CREATE FUNCTION show(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT CASE WHEN length(s) <= 400 THEN to_json(s)::text
       ELSE to_json(left(s, 300))::text || format(' ... (%s characters, md5 %s)', length(s), md5(s)) END $$;

/* Is this SQLSTATE not a proper one (missing, malformed, class XX)? */
CREATE FUNCTION bad_state(st text) RETURNS bool LANGUAGE sql IMMUTABLE AS
$$ SELECT st IS NULL OR st !~ '^[0-9A-Z]{5}$' OR st LIKE 'XX%' OR st = '00000' $$;

/* Is a text valid in the database encoding (an error message cut inside a character is not)? */
CREATE FUNCTION valid_text(s text) RETURNS bool LANGUAGE plpgsql AS $$
BEGIN
	PERFORM convert_to(s, current_setting('server_encoding'));
	RETURN true;
EXCEPTION WHEN OTHERS THEN
	RETURN false;
END $$;

/* Parallel plans in which workers aggregate (test/data/force_parallel.sql), or the defaults */
CREATE FUNCTION set_parallel(force bool) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM set_config('parallel_setup_cost', CASE WHEN force THEN '0' ELSE '1000' END, true);
	PERFORM set_config('parallel_tuple_cost', CASE WHEN force THEN '0' ELSE '0.1' END, true);
	PERFORM set_config('min_parallel_table_scan_size', CASE WHEN force THEN '0' ELSE '8MB' END, true);
	PERFORM set_config('max_parallel_workers_per_gather', CASE WHEN force THEN '2' ELSE '0' END, true);
	PERFORM set_config('parallel_leader_participation', CASE WHEN force THEN 'off' ELSE 'on' END, true);
	PERFORM set_config('enable_hashagg', CASE WHEN force THEN 'off' ELSE 'on' END, true);
END $$;

/*
 * Run each statement with the value v as $1; the first error without a
 * proper SQLSTATE, as text, or NULL.  Errors with a SQLSTATE are fine here:
 * these exercise an accepted value, they do not judge it.
 */
CREATE FUNCTION exercise(stmts text[], v anyelement) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	q text;
	st text;
	m text;
BEGIN
	FOREACH q IN ARRAY stmts LOOP
		BEGIN
			EXECUTE q USING v;
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
			IF bad_state(st) THEN
				RETURN format('%s: %s %s', q, st, m);
			END IF;
		END;
	END LOOP;
	RETURN NULL;
END $$;

/* The statements every accepted journey is put through */
CREATE FUNCTION journey_stmts() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
SELECT ARRAY[
	'SELECT length($1), labels($1), journey_path($1), journey_path($1, false), journey_hash($1), journey_hash_extended($1, 1)',
	'SELECT journey_first_ts($1)::text, journey_last_ts($1)::text',
	'SELECT journey_duration($1)',
	'SELECT count(*) FROM journey_events($1)',
	'SELECT count(*) FROM journey_sessions($1)',
	'SELECT count(*) FROM journey_sessions($1, ''1 microsecond'')',
	'SELECT count(*) FROM journey_transitions($1)',
	'SELECT journey_next_label($1, (labels($1))[1], 2), journey_prev_label($1, (labels($1))[1])',
	'SELECT journey_entry_label($1), journey_exit_label($1), (journey_engagement($1)).*',
	'SELECT window_funnel($1, ''1 day'', (labels($1))[1:5] || ARRAY[''zz'']), funnel_times($1, ''100 weeks'', (labels($1))[1:5] || ARRAY[''zz''], ''strict_order'')',
	'SELECT retention($1, (labels($1))[1:5] || ARRAY[''zz''])',
	'SELECT sequence_match($1, ''(?1).*(?2)'', (labels($1))[1:3] || ARRAY[''y'', ''z'']), sequence_count($1, ''(?1)(?t<=3600)(?2)'', (labels($1))[1:3] || ARRAY[''y'', ''z''])',
	'SELECT sequence_next_node($1, ''forward'', ''head'', (labels($1))[1:2]), sequence_next_node($1, ''backward'', ''last_match'', (labels($1))[1:2] || ARRAY[''z''])',
	'SELECT count(*) FROM attribution($1, (labels($1))[cardinality(labels($1))], ''linear'')',
	'SELECT count(*) FROM attribution($1, (labels($1))[cardinality(labels($1))], ''time_decay'', ''1 day'')',
	'SELECT furthest_stage(''{"stages": [{"name": "a", "events": ["a", "visit"]}, {"name": "b", "events": ["b", "view"]}]}'', $1), stage_times(''{"stages": [{"name": "a", "events": ["a", "visit"]}, {"name": "b", "events": ["b", "view"]}]}'', $1), dropoff_stage(''{"stages": [{"name": "a", "events": ["a"]}]}'', $1)',
	'SELECT journey_segment($1, (labels($1))[1:2] || ARRAY[''z''], ARRAY[''(?1)'', ''(?2).*(?3)''], ARRAY[''one'', ''two''], ''none'')',
	'SELECT $1 || $1',
	'SELECT rollup(x) FROM (VALUES ($1), ($1)) v(x)']
$$;

/*
 * The round-trip checks of an accepted journey: NULL when it passes,
 * otherwise what failed.  The text form must read back to the same text,
 * the same value and the same bytes; the journey rebuilt from its touches
 * must be equal; its timestamps must be ones PostgreSQL can read back.
 */
CREATE FUNCTION journey_rt(v journey) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	t text;
	w journey;
	f timestamptz;
	st text;
	m text;
BEGIN
	BEGIN
		t := journey_out(v)::text;
		w := t::journey;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
		RETURN format('text form %s does not read back: %s %s', show(t), st, m);
	END;
	IF journey_out(w)::text IS DISTINCT FROM t THEN
		RETURN format('text form %s reads back as %s', show(t), show(journey_out(w)::text));
	END IF;
	IF NOT (w = v) OR journey_send(w) <> journey_send(v) THEN
		RETURN format('text form %s reads back as another value', show(t));
	END IF;
	BEGIN
		FOREACH f IN ARRAY ARRAY[journey_first_ts(v), journey_last_ts(v)] LOOP
			IF f IS NOT NULL AND f::text::timestamptz IS DISTINCT FROM f THEN
				RETURN format('timestamp %s does not read back', f);
			END IF;
		END LOOP;
		IF length(v) > 0 AND NOT (SELECT journey_agg(e.ts, e.label) = v FROM journey_events(v) e) THEN
			RETURN 'journey_agg over journey_events(v) differs from v';
		END IF;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
		RETURN format('its timestamps or touches do not read back: %s %s', st, m);
	END;
	RETURN NULL;
END $$;

/* The round-trip checks of an accepted stage, as journey_rt */
CREATE FUNCTION stage_rt(v stage) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	t text;
	w stage;
	st text;
	m text;
BEGIN
	BEGIN
		t := stage_out(v)::text;
		w := t::stage;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
		RETURN format('text form %s does not read back: %s %s', show(t), st, m);
	END;
	IF stage_out(w)::text IS DISTINCT FROM t THEN
		RETURN format('text form %s reads back as %s', show(t), show(stage_out(w)::text));
	END IF;
	IF NOT (w = v) OR stage_send(w) <> stage_send(v) THEN
		RETURN format('text form %s reads back as another value', show(t));
	END IF;
	BEGIN
		IF stage(stage_position(v), stage_name(v)) <> v THEN
			RETURN 'stage(stage_position(v), stage_name(v)) differs from v';
		END IF;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
		RETURN format('stage(stage_position(v), stage_name(v)) fails: %s %s', st, m);
	END;
	RETURN NULL;
END $$;

/*
 * Run a query (one value, compared as text) in a serial and in a forced
 * parallel plan: NULL when both give the same value or the same error,
 * otherwise the difference.  The parallel plan must really aggregate in
 * workers (Partial Aggregate), or the comparison would prove nothing.
 */
CREATE FUNCTION plans_differ(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	rs text;
	rp text;
	ss text := '';
	sp text := '';
	ms text;
	mp text;
	l text;
	plan text := '';
BEGIN
	PERFORM set_parallel(false);
	BEGIN
		EXECUTE q INTO rs;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS ss = RETURNED_SQLSTATE, ms = MESSAGE_TEXT;
	END;
	PERFORM set_parallel(true);
	BEGIN
		FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
			plan := plan || l || E'\n';
		END LOOP;
		EXECUTE q INTO rp;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS sp = RETURNED_SQLSTATE, mp = MESSAGE_TEXT;
	END;
	PERFORM set_parallel(false);
	IF bad_state(nullif(ss, '')) AND ss <> '' THEN
		RETURN format('serial plan: %s %s', ss, ms);
	ELSIF bad_state(nullif(sp, '')) AND sp <> '' THEN
		RETURN format('parallel plan: %s %s', sp, mp);
	ELSIF ss <> sp THEN
		RETURN format('serial plan: %s, parallel plan: %s',
					  CASE WHEN ss = '' THEN 'ok' ELSE ss || ' ' || ms END,
					  CASE WHEN sp = '' THEN 'ok' ELSE sp || ' ' || mp END);
	ELSIF ss = '' AND rs IS DISTINCT FROM rp THEN
		RETURN format('serial plan gives %s, parallel plan %s', show(rs), show(rp));
	ELSIF ss <> '' THEN
		RETURN format('same error %s %s', ss, ms);
	ELSIF plan !~ 'Partial' THEN
		RETURN 'no parallel plan (the comparison proves nothing)';
	END IF;
	RETURN NULL;
END $$;

/* Write bytes to the server-side file that binary COPY reads */
CREATE FUNCTION write_copy_file(b bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	path text := (SELECT value FROM config WHERE key = 'dir') || '/value.bin';
BEGIN
	EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', b, path);
	RETURN path;
END $$;

/*
 * Try one input of a kind; see the top of the file for the outcomes.
 * Kinds: journey, stage, map, duration, pattern (text); journey_bin,
 * stage_bin (hex digits, fed to the binary receive functions through
 * COPY); plans (a query compared in serial and parallel plans); sql (a
 * query returning true when the behaviour is right).
 */
/*
 * A summary input "seed:type:hex" read through the type's text input (base64
 * of the bytes; an error there propagates: rejected or nostate), then every
 * report of its seed run on it, and a rollup: NULL when each either worked
 * or failed with a proper SQLSTATE, else what failed (an internal error)
 */
CREATE FUNCTION summary_reports(input text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	seed int := split_part(input, ':', 1)::int;
	typ text := split_part(input, ':', 2);
	b64 text := translate(encode(decode(split_part(input, ':', 3), 'hex'), 'base64'), E'\n', '');
	rep text;
	st text;
	m text;
	ok bool;
BEGIN
	-- the decoder: a value it accepts prints back as the same text
	EXECUTE format('SELECT %L::%s::text = %L', b64, typ, b64) INTO ok;
	IF NOT ok THEN
		RETURN 'the text form does not round-trip';
	END IF;
	FOREACH rep IN ARRAY (SELECT reports FROM sseed WHERE id = seed) LOOP
		BEGIN
			EXECUTE format('SELECT count(*) FROM %s', format(rep, format('%L::%s', b64, typ)));
			EXECUTE format('SELECT count(*) FROM (SELECT rollup(s) FROM (VALUES (%L::%s), (%L::%s)) v(s)) r',
						   b64, typ, b64, typ);
		EXCEPTION WHEN OTHERS THEN
			GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
			IF bad_state(st) THEN
				RETURN format('%s: %s %s', rep, st, m);
			END IF;
		END;
	END LOOP;
	RETURN NULL;
END $$;

CREATE FUNCTION try(kind text, input text, OUT status text, OUT state text, OUT msg text)
LANGUAGE plpgsql AS $$
DECLARE
	j journey;
	j2 journey;
	s stage;
	b bytea;
	ok bool;
	path text;
	m text;
	r record;
	det text;
BEGIN
	status := 'accepted';
	BEGIN
		CASE kind
		WHEN 'journey' THEN
			j := input::journey;
		WHEN 'stage' THEN
			s := input::stage;
		WHEN 'map' THEN
			PERFORM count(*) FROM map_stages(input);
		WHEN 'duration' THEN
			m := json_build_object('window', input, 'stages', json_build_array(
				json_build_object('name', 'a', 'events', json_build_array('a')),
				json_build_object('name', 'b', 'events', json_build_array('b'), 'within', input)))::text;
			PERFORM count(*) FROM map_stages(m);
		WHEN 'pattern' THEN
			PERFORM sequence_match('[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:00:05Z", "b"], ["2025-01-01T00:00:05Z", "c"], ["2025-01-01T01:00:00Z", "a"], ["2025-01-02T00:00:00Z", "c"]]'::journey,
								   input, '{a,b,c}');
		WHEN 'journey_bin' THEN
			b := decode(input, 'hex');
			path := write_copy_file(b);
			DELETE FROM jin;
			EXECUTE format('COPY jin FROM %L (FORMAT binary)', path);
			SELECT jin.j INTO j FROM jin;
		WHEN 'stage_bin' THEN
			b := decode(input, 'hex');
			path := write_copy_file(b);
			DELETE FROM sin;
			EXECUTE format('COPY sin FROM %L (FORMAT binary)', path);
			SELECT sin.s INTO s FROM sin;
		WHEN 'summary' THEN
			msg := summary_reports(input);
			IF msg IS NOT NULL THEN
				status := CASE WHEN msg LIKE 'the text form%' THEN 'rtfail' ELSE 'nostate' END;
				RETURN;
			END IF;
		WHEN 'plans' THEN
			msg := plans_differ(input);
			IF msg LIKE 'same error %' THEN
				status := 'rejected';
				state := substr(msg, 12, 5);
				msg := substr(msg, 18);
				RETURN;
			ELSIF msg IS NOT NULL THEN
				status := CASE WHEN msg ~ '^(serial|parallel) plan: XX' THEN 'nostate' ELSE 'mismatch' END;
				RETURN;
			END IF;
		WHEN 'sql' THEN
			EXECUTE input INTO ok;
			IF ok IS NOT TRUE THEN
				status := 'mismatch';
				msg := format('returned %s', coalesce(ok::text, 'NULL'));
				RETURN;
			END IF;
		END CASE;
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
		IF det <> '' THEN
			msg := msg || ' | DETAIL: ' || det;
		END IF;
		status := CASE WHEN bad_state(state) THEN 'nostate' ELSE 'rejected' END;
		-- an error must quote a short, character-safe excerpt of the input
		IF status = 'rejected' AND NOT valid_text(msg) THEN
			status := 'mismatch';
			msg := 'the error message is not valid in the database encoding: ' || encode(textsend(msg), 'escape');
		ELSIF status = 'rejected' AND length(msg) > 2000 THEN
			status := 'mismatch';
			msg := format('an error message of %s characters: %s', length(msg), left(msg, 300));
		END IF;
		RETURN;
	END;

	-- accepted: text cannot hold NUL, so a \u0000 escape must be an error
	IF kind IN ('journey', 'map') AND input ~ '(^|[^\\])(\\\\)*\\u0000' THEN
		status := 'mismatch';
		msg := 'accepted a \u0000 escape';
		RETURN;
	END IF;

	-- accepted: the round trips, then the functions that read the value
	BEGIN
		IF kind IN ('journey', 'journey_bin') THEN
			msg := journey_rt(j);
			-- the newest version is canonical: it is sent back unchanged;
			-- an older one (0.1.0's version 1) is sent in the newest, which
			-- reads back as the same value and is sent unchanged
			IF msg IS NULL AND kind = 'journey_bin' AND get_byte(b, 0) = 1 THEN
				DELETE FROM jin;
				EXECUTE format('COPY jin FROM %L (FORMAT binary)', write_copy_file(journey_send(j)));
				SELECT jin.j INTO j2 FROM jin;
				IF get_byte(journey_send(j), 0) <> 2 OR NOT (j2 = j AND journey_send(j2) = journey_send(j)) THEN
					msg := format('a version-1 value %s is sent as %s, which does not read back as the same value', b, journey_send(j));
				END IF;
			ELSIF msg IS NULL AND kind = 'journey_bin' AND journey_send(j) <> b THEN
				msg := format('binary form is not canonical: received %s, sends %s', b, journey_send(j));
			END IF;
			IF msg IS NOT NULL THEN
				status := 'rtfail';
				RETURN;
			END IF;
			msg := exercise(journey_stmts(), j);
		ELSIF kind IN ('stage', 'stage_bin') THEN
			msg := stage_rt(s);
			IF msg IS NULL AND kind = 'stage_bin' AND stage_send(s) <> b THEN
				msg := format('binary form is not canonical: received %s, sends %s', b, stage_send(s));
			END IF;
			IF msg IS NOT NULL THEN
				status := 'rtfail';
				RETURN;
			END IF;
			msg := exercise(ARRAY['SELECT stage_hash($1), stage_hash_extended($1, 7), $1 < $1, stage_position($1), stage_name($1), $1::int, $1::text',
								  'SELECT min(x), max(x) FROM (VALUES ($1), ($1)) v(x)'], s);
		ELSIF kind IN ('map', 'duration') THEN
			m := coalesce(m, input);
			-- every stage and interval the map reports must round-trip
			FOR r IN SELECT * FROM map_stages(m) LOOP
				s := stage(r.position, r.name);
				msg := stage_rt(s);
				IF msg IS NULL AND r.within IS NOT NULL AND r.within::text::interval IS DISTINCT FROM r.within THEN
					msg := format('within %s does not read back', r.within);
				END IF;
				IF msg IS NOT NULL THEN
					status := 'rtfail';
					RETURN;
				END IF;
				IF r.within < interval '0' THEN
					status := 'mismatch';
					msg := format('stage %s: negative within %s', r.position, r.within);
					RETURN;
				END IF;
			END LOOP;
			msg := exercise(ARRAY[
				'SELECT map_stage($1, e), map_stage($1, e, ''{"channel": "email"}''), map_stage($1::jsonb, e, ''{}'') FROM unnest(ARRAY[''a'', ''b'', ''c'', ''refund'']) e',
				'SELECT furthest_stage($1, ''[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:00:05Z", "b"], ["2025-01-01T00:10:00Z", "c"], ["2025-01-03T00:00:00Z", "e1"]]''::journey)',
				'SELECT stage_times($1, ''[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:00:05Z", "b"], ["2025-01-01T00:10:00Z", "c"], ["2025-01-03T00:00:00Z", "e1"]]''::journey)',
				'SELECT furthest_stage($1, ts, e, ''{"channel": "email"}''), stage_times($1, ts, e) FROM pev WHERE u = 3'], m);
			IF msg IS NULL AND random() < 0.05 THEN
				-- sometimes: the aggregates in serial and in parallel plans
				msg := plans_differ(format('SELECT stage_out(furthest_stage(%L, ts, e, p))::text || stage_times(%L, ts, e, p)::text FROM robust.pev, (SELECT jsonb_build_object(''channel'', ''email'', ''n'', ''1'') AS p) x', m, m));
				IF msg IS NOT NULL AND msg NOT LIKE 'same error %' THEN
					status := 'mismatch';
					RETURN;
				END IF;
				msg := NULL;
			END IF;
		ELSIF kind = 'pattern' THEN
			-- the journey functions and the aggregates must agree
			BEGIN
				SELECT (sequence_match(p.j, input, '{a,b,c}') = (SELECT sequence_match(input, e.ts, e.label = 'a', e.label = 'b', e.label = 'c') FROM journey_events(p.j) e))
				   AND (sequence_count(p.j, input, '{a,b,c}') = (SELECT sequence_count(input, e.ts, e.label = 'a', e.label = 'b', e.label = 'c') FROM journey_events(p.j) e))
				INTO ok
				FROM (SELECT '[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:00:05Z", "b"], ["2025-01-01T00:00:05Z", "c"], ["2025-01-01T01:00:00Z", "a"], ["2025-01-02T00:00:00Z", "c"]]'::journey AS j) p;
				IF ok IS NOT TRUE THEN
					status := 'mismatch';
					msg := 'sequence_match/sequence_count over a journey differ from the aggregates over its touches';
					RETURN;
				END IF;
			EXCEPTION WHEN OTHERS THEN
				GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
				IF bad_state(state) THEN
					status := 'nostate';
					RETURN;
				END IF;
				state := NULL;
				msg := NULL;
			END;
			msg := exercise(ARRAY[
				'SELECT sequence_count($1, ts, e = ''a'', e = ''b'', e = ''c''), sequence_match($1, extract(epoch FROM ts)::bigint, e = ''a'', e = ''b'', e = ''c'', e = ''d'') FROM pev WHERE u = 5',
				'SELECT sequence_match($1, ts::timestamp, e = ''a'') FROM pev WHERE u = 6',
				'SELECT journey_segment(''[["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:00:05Z", "b"]]'', ''{a,b,c}'', ARRAY[$1], ''{x}'')'], input);
			IF msg IS NULL AND random() < 0.05 THEN
				msg := plans_differ(format('SELECT sequence_match(%L, ts, e = ''a'', e = ''b'', e = ''c'')::text || sequence_count(%L, ts, e = ''a'', e = ''b'', e = ''c'')::text FROM robust.pev', input, input));
				IF msg IS NOT NULL AND msg NOT LIKE 'same error %' THEN
					status := 'mismatch';
					RETURN;
				END IF;
				msg := NULL;
			END IF;
		END IF;
		IF msg IS NOT NULL THEN
			status := 'nostate';
		END IF;
	EXCEPTION WHEN OTHERS THEN
		-- an error while checking a value that was accepted
		GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
		status := CASE WHEN bad_state(state) THEN 'nostate' ELSE 'mismatch' END;
		msg := 'accepted, then failed while being checked: ' || msg;
	END;
END $$;

/* ---------------------------------------------------------------- generators */

/* Interesting fragments that mutations insert */
CREATE FUNCTION tokens() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
SELECT ARRAY['"', '[', ']', '{', '}', ',', ':', '\', '\\', '\"', '\u0000', '\u00e9', '\ud83d\ude00', '\ud800', '\udc00',
			 '\uZZZZ', '\x41', chr(233), chr(128512), chr(1), chr(10), chr(127), ' ', '', 'null', 'true', '1e309', '-0', '0',
			 '99999999999999999999', '9223372036854775807', '-9223372036854775808', '2147483648', 'infinity', '-infinity',
			 'T', 'Z', 'z', '+14:00', '-99:99', '+0430', '.9999999', '.000001', '294277', '-4714', '+294276', '60', '24:00:00',
			 '12-31T23:59:59.999999Z', '02-29', 'BC', repeat('a', 300), repeat('é', 100), '(?1)', '(?t<=', '.*', '(?',
			 '"stages"', '"events"', '"name"', '"within"', '"window"', '"mode"', '"exclude"', '"where"',
			 repeat('[', 200), repeat(']', 200), repeat('{"a":', 100), '[[', ']]', '","', '", "']
$$;

/* Labels, event names and stage names that generators use */
CREATE FUNCTION labels_pool() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
SELECT ARRAY['a', 'b', 'c', 'd', 'visit', 'view', 'buy', 'e1', 'e2', 'e63', 'e64', '', ' ', 'A', 'été', chr(128512),
			 'a"b', 'a\b', E'line\nbreak', chr(1), 'x:y', '1:2', '[', ']', '{}', 'refund', 'direct', 'email']
$$;

/* A random label: mostly from the pool, sometimes long or odd */
CREATE FUNCTION gen_label() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r float8 := random();
BEGIN
	IF r < 0.85 THEN
		RETURN pick(labels_pool());
	ELSIF r < 0.93 THEN
		RETURN repeat(pick(ARRAY['x', 'é', chr(128512), 'ab']), ri(1, 3000)::int);
	ELSIF r < 0.99 THEN
		RETURN chr(ri(1, 55295)::int) || chr(ri(57344, 1114111)::int);
	ELSE
		RETURN repeat('L', ri(10000, 100000)::int);
	END IF;
END $$;

/* A random timestamp: mostly ordinary, often at the ends of the range */
CREATE FUNCTION gen_ts() RETURNS timestamptz LANGUAGE plpgsql AS $$
DECLARE
	r float8 := random();
BEGIN
	IF r < 0.6 THEN
		RETURN timestamptz '2025-01-01 00:00+00' + ri(-100000000, 100000000) * interval '1 second'
			   + CASE WHEN random() < 0.3 THEN ri(0, 999999) * interval '1 microsecond' ELSE interval '0' END;
	ELSIF r < 0.9 THEN
		RETURN pick(ARRAY['-infinity', 'infinity', '4714-11-24 00:00:00+00 BC', '4714-11-24 00:00:00.000001+00 BC',
						  '294276-12-31 23:59:59.999999+00', '294276-12-31 23:59:59+00', '0001-12-31 23:59:59.999999+00 BC',
						  '0001-01-01 00:00:00+00', '0001-06-15 00:00:00+00 BC', '2000-01-01 00:00:00+00',
						  '1999-12-31 23:59:59.999999+00', '1970-01-01 00:00:00+00', '9999-12-31 23:59:59.999999+00',
						  '10000-01-01 00:00:00+00', '2024-02-29 12:00:00+00'])::timestamptz;
	ELSE
		RETURN timestamptz '2000-01-01 00:00+00' + ri(-200000000000, 9000000000000) * interval '1 second';
	END IF;
EXCEPTION WHEN datetime_field_overflow OR invalid_datetime_format THEN
	RETURN timestamptz '2000-01-01 00:00+00';
END $$;

/* A valid journey's text form, built by journey_agg from random touches */
CREATE FUNCTION gen_journey() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	n int := CASE WHEN random() < 0.1 THEN 0 WHEN random() < 0.9 THEN ri(1, 8) ELSE ri(9, 300) END;
	ts timestamptz[];
	ls text[];
	t text;
BEGIN
	FOR i IN 1 .. n LOOP
		ts := ts || gen_ts();
		ls := ls || gen_label();
	END LOOP;
	IF n = 0 THEN
		RETURN '[]';
	END IF;
	SELECT journey_agg(x.ts, x.l)::text INTO t FROM unnest(ts, ls) x(ts, l);
	RETURN t;
EXCEPTION WHEN OTHERS THEN
	RETURN '[["2025-01-01T00:00:00Z", "a"]]';
END $$;

/* Hand-written valid journeys: other spellings than journey_out's */
CREATE FUNCTION journey_seeds() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
SELECT ARRAY['[]', '[ ]', '[["2025-03-01T10:05:00+01:00", "view"], ["2025-03-01T10:00:00Z", "visit"]]',
			 '[["2025-01-01T00:00:00Z", "b"], ["2025-01-01T00:00:00Z", "a"], ["2025-01-01T00:00:00Z", "B"]]',
			 '[["2025-01-01T00:00:00.000001Z", "x"], ["2025-01-01T00:00:00.000001Z", "x"]]',
			 '[["-infinity", "a"], ["0044-03-15T12:00:00Z", "b"], ["+10000-01-01T00:00:00Z", "c"], ["infinity", "d"]]',
			 '[["2025-01-01T00:00:00Z", "a \"q\" \\ b\n"], ["2025-01-01T00:00:01Z", ""], ["2025-01-01T00:00:02Z", "\u00e9t\u00e9"]]',
			 '[["2025-01-01T00:00:00-0430", "a"], ["2025-01-01T00:00:00.5+14:00", "b"]]',
			 '[["-4713-11-24T00:00:00Z", "min"], ["+294276-12-31T23:59:59.999999Z", "max"]]',
			 '[["0000-06-01T00:00:00Z", "1 BC"], ["0001-01-01T00:00:00Z", "1 AD"]]',
			 E'[\n  ["2025-01-01T00:00:00Z",\t"a"]\n]']
$$;

/* Random edits: delete, insert a token, replace, duplicate, splice, truncate */
CREATE FUNCTION mutate(s text, other text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	n int := ri(1, 4)::int;
	len int;
	p int;
	q int;
BEGIN
	FOR k IN 1 .. n LOOP
		len := length(s);
		p := ri(0, len)::int;
		CASE ri(1, 8)
		WHEN 1 THEN
			s := left(s, p) || substr(s, p + ri(1, 8)::int + 1);
		WHEN 2, 3 THEN
			s := left(s, p) || pick(tokens()) || substr(s, p + 1);
		WHEN 4 THEN
			s := left(s, p) || chr(ri(1, CASE WHEN random() < 0.7 THEN 127 ELSE 55295 END)::int) || substr(s, p + 2);
		WHEN 5 THEN
			q := ri(p, len)::int;
			s := left(s, q) || substr(s, p + 1, q - p) || substr(s, q + 1);
		WHEN 6 THEN
			s := left(s, p) || substr(other, ri(1, length(other) + 1)::int);
		WHEN 7 THEN
			s := left(s, p);
		ELSE
			-- a digit becomes a long number
			q := position('0' IN substr(s, p + 1)) + p;
			IF q > p THEN
				s := left(s, q - 1) || pick(ARRAY['9999999999', '00', '-1', '999999999999999999999', '.5']) || substr(s, q + 1);
			END IF;
		END CASE;
	END LOOP;
	RETURN s;
END $$;

/* A journey text: generated, or a seed, then usually mutated */
CREATE FUNCTION gen_journey_text() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	s text := CASE WHEN random() < 0.5 THEN gen_journey() ELSE pick(journey_seeds()) END;
BEGIN
	IF random() < 0.8 THEN
		s := mutate(s, CASE WHEN random() < 0.5 THEN pick(journey_seeds()) ELSE gen_journey() END);
	END IF;
	IF random() < 0.05 THEN
		-- long inputs, but at most about 200 kB, so that a batch keeps to its time
		s := repeat(s, least(ri(2, 2000), 1 + 200000 / greatest(length(s), 1))::int);
	END IF;
	RETURN s;
END $$;

/* A stage text: position, colon, name, often mutated */
CREATE FUNCTION gen_stage_text() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	s text := pick(ARRAY['1', '2', '3', '10', '0', '-1', '2147483647', '2147483648', '-2147483648', '99999999999', ' 3',
						 '+3', '03', '1e3', '', ' ', '3 ', chr(65299), '0x10', '4294967297'])
			  || pick(ARRAY[':', ':', ':', '', '::', ' :', ': '])
			  || gen_label();
BEGIN
	IF random() < 0.4 THEN
		s := mutate(s, gen_label());
	END IF;
	RETURN s;
END $$;

/* A duration text: number-unit pairs */
CREATE FUNCTION gen_duration() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	s text := '';
BEGIN
	FOR k IN 1 .. ri(1, 3) LOOP
		s := s || CASE WHEN k > 1 THEN pick(ARRAY[' ', '  ', '', ', ', E'\t']) ELSE '' END
			 || pick(ARRAY['1', '2', '0', '-1', '1.5', '.5', '5.', '0.0000001', '1e3', '+3', '90', '9223372036854775807',
						   '9223372036854775808', '106751991', '106751992', '15250284452', '99999999999999999999', '1_000',
						   'nan', 'inf', '', '00000000000000000000001', '0.1234567891234'])
			 || pick(ARRAY[' ', '', '  '])
			 || pick(ARRAY['us', 'ms', 's', 'sec', 'second', 'seconds', 'min', 'minute', 'minutes', 'h', 'hour', 'hours',
						   'd', 'day', 'days', 'w', 'week', 'weeks', 'mon', 'month', 'months', 'y', 'years', '', 'DAYS',
						   chr(181) || 's', 'dayss', 'm']);
	END LOOP;
	IF random() < 0.3 THEN
		s := mutate(s, '1 day');
	END IF;
	RETURN s;
END $$;

/* A journey map: generated valid documents, then often mutated */
CREATE FUNCTION gen_map() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r float8 := random();
	n int := CASE WHEN r < 0.6 THEN ri(1, 4) WHEN r < 0.8 THEN ri(5, 20)
			 ELSE pick(ARRAY['62', '63', '64', '65', '1', '63'])::int END;
	st json[];
	o jsonb;
	m json;
	s text;
	pool text[] := ARRAY['a', 'b', 'c', 'd', 'e1', 'e2', 'e5', 'e40', 'e63', 'e70'];
BEGIN
	FOR i IN 1 .. n LOOP
		o := jsonb_build_object('name', CASE WHEN random() < 0.9 THEN 's' || i ELSE gen_label() END,
								'events', (SELECT jsonb_agg(CASE WHEN random() < 0.9 THEN pick(pool) ELSE gen_label() END)
										   FROM generate_series(1, ri(1, 3)::int)));
		IF n > 10 THEN
			o := o || jsonb_build_object('events', jsonb_build_array('e' || i));
		END IF;
		IF random() < 0.15 THEN
			o := o || jsonb_build_object('where', CASE WHEN random() < 0.5 THEN '{"channel": ["email", "search"]}'::jsonb
												  ELSE '{"channel": "email", "n": "1"}'::jsonb END);
		END IF;
		IF i > 1 AND random() < 0.2 THEN
			o := o || jsonb_build_object('within', gen_duration());
		END IF;
		IF random() < 0.15 THEN
			o := o || jsonb_build_object('optional', pick(ARRAY['true', 'true', 'false', '"yes"', 'null'])::jsonb);
		END IF;
		st := st || o::json;
	END LOOP;
	o := jsonb_build_object('stages', to_jsonb(st));
	IF random() < 0.3 THEN
		o := o || jsonb_build_object('window', pick(ARRAY['7 days', '1 hour', '90 min', '1.5 h', '1 day 12 hours']));
	END IF;
	IF random() < 0.2 THEN
		o := o || jsonb_build_object('mode', pick(ARRAY['strict_order', 'strict_deduplication', 'strict_increase',
														 'strict_once', 'allow_reentry', 'strict_order,strict_once', 'bogus', '',
														 'any_order', 'first_time', 'totals', 'any_order,first_time',
														 'strict_once,first_time', 'any_order,strict_once']));
	END IF;
	IF random() < 0.2 THEN
		o := o || jsonb_build_object('exclude', jsonb_build_array(pick(ARRAY['refund', 'refund', 'a'])));
	END IF;
	/* scoped exclusions: stage names that exist or not, both policies, bad values */
	IF random() < 0.2 THEN
		o := o || jsonb_build_object('exclude', (SELECT jsonb_agg(x) FROM (
			SELECT jsonb_build_object('events', jsonb_build_array(pick(ARRAY['refund', 'return', 'a', 'e70'])))
				   || CASE WHEN random() < 0.6 THEN jsonb_build_object('from', 's' || ri(1, n + 1)) ELSE '{}' END
				   || CASE WHEN random() < 0.6 THEN jsonb_build_object('to', 's' || ri(1, n + 1)) ELSE '{}' END
				   || CASE WHEN random() < 0.6 THEN jsonb_build_object('policy', pick(ARRAY['leave', 'end_attempt', 'bogus']))
						   ELSE '{}' END AS x
			FROM generate_series(1, ri(1, 3)::int)) e));
	END IF;
	s := o::text;
	IF random() < 0.7 THEN
		s := mutate(s, '{"stages": [{"name": "x", "events": ["a\u0000b", "\ud800"]}], "window": "1 day"}');
	END IF;
	RETURN s;
END $$;

/* A sequence pattern: items of the language and near misses */
CREATE FUNCTION gen_pattern() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r float8 := random();
	n int := CASE WHEN r < 0.9 THEN ri(0, 12) WHEN r < 0.97 THEN ri(200, 300) ELSE ri(1000, 20000) END;
	s text := '';
	items text[] := ARRAY['(?1)', '(?2)', '(?3)', '(?1)', '(?2)', '.', '.*', '.*', '(?t<=10)', '(?t<5)', '(?t>=0)',
						  '(?t>3)', '(?t==0)', '(?t==5)', '(?t<=3600)', '(?t>86400)', '(?t<=+5)'];
	odd text[] := ARRAY['(?0)', '(?4)', '(?64)', '(?65)', '(?99999999999)', '(?-1)', '(?t<0)', '(?t=1)', '(?t<=)',
						'(?t<=18446744073709551615)', '(?t<=18446744073709551616)', '(?t>9223372036854775807)',
						'(?t>=9223372036854775808)', '(', ')', '(?', '(?t', '*', '?', ' ', '..', '(?1', '(?t<=1e3)', chr(233)];
BEGIN
	FOR k IN 1 .. n LOOP
		s := s || CASE WHEN random() < 0.92 THEN pick(items) ELSE pick(odd) END;
	END LOOP;
	IF random() < 0.3 THEN
		s := mutate(s, '(?1).*(?t<=3600)(?2)');
	END IF;
	RETURN s;
END $$;

/* Unsigned LEB128 of a non-negative number */
CREATE FUNCTION varint(v numeric) RETURNS bytea LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	b bytea := '';
BEGIN
	LOOP
		IF v < 128 THEN
			RETURN b || set_byte('\x00'::bytea, 0, v::int);
		END IF;
		b := b || set_byte('\x00'::bytea, 0, (128 + mod(v, 128))::int);
		v := div(v, 128);
	END LOOP;
END $$;

/* Zigzag of a signed number: 0, -1, 1, -2 -> 0, 1, 2, 3 */
CREATE FUNCTION zigzag(v numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN v >= 0 THEN 2 * v ELSE -2 * v - 1 END $$;

/* The coarsest decimal scale k (0..6) of a timestamp: t is a multiple of 10^k */
CREATE FUNCTION scale_of(t numeric) RETURNS int LANGUAGE sql IMMUTABLE AS
$$ SELECT max(k) FROM generate_series(0, 6) k WHERE mod(t, 10 ^ k::numeric) = 0 $$;

/* A one-touch journey (label "a") at t microseconds, in canonical bytes */
CREATE FUNCTION bin_at(t numeric) RETURNS bytea LANGUAGE sql IMMUTABLE AS
$$ SELECT '\x0101010161'::bytea || set_byte('\x00'::bytea, 0, scale_of(t)) || varint(zigzag(div(t, 10 ^ scale_of(t)::numeric))) $$;

/* Random bytes */
CREATE FUNCTION rand_bytes(n int) RETURNS bytea LANGUAGE sql VOLATILE AS
$$ SELECT coalesce(string_agg(set_byte('\x00'::bytea, 0, ri(0, 255)::int), ''::bytea), '') FROM generate_series(1, n) $$;

/* Random byte edits: flip, insert, delete, truncate, append, varint runs */
CREATE FUNCTION mutate_bytes(b bytea) RETURNS bytea LANGUAGE plpgsql AS $$
DECLARE
	len int;
	p int;
BEGIN
	FOR k IN 1 .. ri(1, 3) LOOP
		len := length(b);
		p := ri(0, greatest(len - 1, 0))::int;
		CASE ri(1, 7)
		WHEN 1, 2 THEN
			IF len > 0 THEN
				b := set_byte(b, p, CASE WHEN random() < 0.5 THEN get_byte(b, p) # (1 << ri(0, 7)::int)::int
										 ELSE ri(0, 255)::int END);
			END IF;
		WHEN 3 THEN
			b := substr(b, 1, p) || rand_bytes(ri(1, 4)::int) || substr(b, p + 1);
		WHEN 4 THEN
			b := substr(b, 1, p) || substr(b, p + 1 + ri(1, 4)::int);
		WHEN 5 THEN
			b := substr(b, 1, p);
		WHEN 6 THEN
			b := b || rand_bytes(ri(1, 3)::int);
		ELSE
			b := substr(b, 1, p) || pick(ARRAY['\x80', '\xff', '\x00', '\xffffffffffffffffff01', '\x8080808080808080808000',
											   '\xffffffffffffffffff7f', '\x7f'])::bytea || substr(b, p + 1);
		END CASE;
	END LOOP;
	RETURN b;
END $$;

/* A journey's bytes: valid, mutated, or with timestamps at and past the ends of the range */
CREATE FUNCTION gen_journey_bin() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	b bytea;
	-- microseconds since 2000-01-01 of the ends of timestamptz, and the infinities
	lo numeric := -211813488000000000;
	hi numeric := 9223371331199999999;
	t numeric;
BEGIN
	IF random() < 0.25 THEN
		t := pick(ARRAY[lo, lo - 1, lo - 1000000, hi, hi + 1, hi + 1000000, 9223372036854775807, 9223372036854775806,
						-9223372036854775808, -9223372036854775807, 0, 4611686018427387904, -4611686018427387905]::text[])::numeric;
		IF random() < 0.5 THEN
			-- one touch at t, scale 10^0
			b := bin_at(t);
		ELSE
			-- two touches: a valid first, then a delta to t
			b := '\x0102010161'::bytea || set_byte('\x00'::bytea, 0, scale_of(t)) || varint(0) || varint(div(abs(t), 10 ^ scale_of(t)::numeric));
		END IF;
		IF random() < 0.3 THEN
			b := mutate_bytes(b);
		END IF;
	ELSE
		b := journey_send(gen_journey()::journey);
		IF random() < 0.85 THEN
			b := mutate_bytes(b);
		END IF;
	END IF;
	RETURN encode(b, 'hex');
END $$;

/* A stage's bytes: int4 position, then the name */
CREATE FUNCTION gen_stage_bin() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	p bigint := pick(ARRAY['1', '2', '3', '0', '-1', '2147483647', '-2147483648', '65536', '16777216'])::bigint;
	b bytea := int4send(p::int);
BEGIN
	b := b || CASE ri(1, 5)
			  WHEN 1 THEN convert_to(gen_label(), 'UTF8')
			  WHEN 2 THEN rand_bytes(ri(0, 8)::int)
			  WHEN 3 THEN '\x61ff62'::bytea
			  WHEN 4 THEN '\x610062'::bytea
			  ELSE convert_to(pick(labels_pool()), 'UTF8') END;
	IF random() < 0.4 THEN
		b := mutate_bytes(b);
	END IF;
	RETURN encode(b, 'hex');
END $$;

/* A summary of some report: one of sseed's, mutated (most of the time) */
CREATE FUNCTION gen_summary() RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	r record;
BEGIN
	SELECT * INTO r FROM sseed ORDER BY random() LIMIT 1;
	RETURN r.id || ':' || r.typ || ':' || encode(CASE WHEN random() < 0.9 THEN mutate_bytes(r.b) ELSE r.b END, 'hex');
END $$;

/* One generated input of a category */
CREATE FUNCTION gen(cat text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
	RETURN CASE cat
		   WHEN 'journey' THEN gen_journey_text()
		   WHEN 'stage' THEN gen_stage_text()
		   WHEN 'map' THEN gen_map()
		   WHEN 'duration' THEN gen_duration()
		   WHEN 'pattern' THEN gen_pattern()
		   WHEN 'journey_bin' THEN gen_journey_bin()
		   WHEN 'stage_bin' THEN gen_stage_bin()
		   WHEN 'summary' THEN gen_summary() END;
END $$;

/*
 * Does an outcome meet a replay entry's expectation?  Flags, comma
 * separated: any (only the universal checks), accept, reject, reject:CODE,
 * short (an error's message and detail stay under 1000 characters).
 */
CREATE FUNCTION meets(expect text, status text, state text, msg text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	f text;
BEGIN
	FOREACH f IN ARRAY string_to_array(expect, ',') LOOP
		IF f = 'accept' AND status <> 'accepted' THEN
			RETURN 'expected to be accepted';
		ELSIF f = 'reject' AND status <> 'rejected' THEN
			RETURN 'expected an error with a SQLSTATE';
		ELSIF f LIKE 'reject:%' AND (status <> 'rejected' OR state <> substr(f, 8)) THEN
			RETURN format('expected error %s', substr(f, 8));
		ELSIF f = 'short' AND length(coalesce(msg, '')) >= 1000 THEN
			RETURN format('error message of %s characters', length(msg));
		END IF;
	END LOOP;
	RETURN NULL;
END $$;

/*
 * Run one batch of a category: up to maxn entries of the replay list
 * (cat 'replay') after entry number "after" and not in skip, or up to maxn
 * generated inputs from setseed(seed).  Stops at the deadline.  Each input
 * is announced by a NOTICE first, so that a crash names it.  Returns "tried
 * accepted rejected rtfail nostate mismatch last", last the number of the
 * last input tried; failures go to robust.failures.
 */
CREATE FUNCTION run_batch(cat text, seed float8, batch int, maxn int, deadline timestamptz, after int DEFAULT 0,
						  skip int[] DEFAULT '{}') RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	n_tried int := 0;
	n_acc int := 0;
	n_rej int := 0;
	n_rt int := 0;
	n_ns int := 0;
	n_mm int := 0;
	inp text;
	kind text;
	expect text;
	o record;
	e text;
	m text;
	i int := 0;
	rp record;
	dbenc text := pg_encoding_to_char((SELECT encoding FROM pg_database WHERE datname = current_database()));
BEGIN
	PERFORM setseed(seed);
	FOR rp IN
		SELECT * FROM (SELECT r.id, r.kind, r.input, r.expect FROM replay r
					   WHERE cat = 'replay' AND (r.dbs = 'all' OR dbenc = 'UTF8') AND r.id > after
						 AND r.id <> ALL (skip)
					   UNION ALL
					   SELECT g, cat, NULL, 'any' FROM generate_series(1, maxn) g WHERE cat <> 'replay') x
		ORDER BY id
		LIMIT maxn
	LOOP
		EXIT WHEN clock_timestamp() > deadline;
		i := rp.id;
		kind := rp.kind;
		expect := rp.expect;
		BEGIN
			inp := coalesce(rp.input, gen(cat));
			RAISE NOTICE 'robust-try cat=% batch=% i=% kind=% input=%', cat, batch, i, kind, show(inp);
			o := try(kind, inp);
		EXCEPTION WHEN OTHERS THEN
			-- the generators build values with journey's own functions (a
			-- journey_agg output read back, say): their errors count too
			GET STACKED DIAGNOSTICS e = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
			SELECT CASE WHEN bad_state(e) THEN 'nostate' ELSE 'mismatch' END AS status, e AS state,
				   'generating the input failed: ' || m AS msg
			INTO o;
		END;
		IF cat = 'replay' AND o.status IN ('accepted', 'rejected') THEN
			e := meets(expect, o.status, o.state, o.msg);
			IF e IS NOT NULL THEN
				o.msg := format('%s; got %s %s %s', e, o.status, coalesce(o.state, ''), coalesce(o.msg, ''));
				o.status := 'mismatch';
			END IF;
		END IF;
		n_tried := n_tried + 1;
		CASE o.status
		WHEN 'accepted' THEN n_acc := n_acc + 1;
		WHEN 'rejected' THEN n_rej := n_rej + 1;
		WHEN 'rtfail' THEN n_rt := n_rt + 1;
		WHEN 'nostate' THEN n_ns := n_ns + 1;
		WHEN 'mismatch' THEN n_mm := n_mm + 1;
		END CASE;
		IF o.status NOT IN ('accepted', 'rejected') THEN
			INSERT INTO failures VALUES (cat, batch, i, kind, o.status, inp, o.state, o.msg);
		END IF;
	END LOOP;
	RETURN concat_ws(' ', n_tried, n_acc, n_rej, n_rt, n_ns, n_mm, i);
END $$;

-- the summary seeds (gen_summary): one value of every summary kind and
-- variant, from pev, with the reports that read it (%s is the value)
CREATE TEMP TABLE pj AS SELECT u, journey_agg(ts, e) AS j FROM pev GROUP BY u;
INSERT INTO sseed (typ, reports, b)
SELECT 'driver_summary', '{"conversion_drivers(%s)","conversion_drivers(%s, 0.5, 0)"}'::text[], driver_summary_send(driver_agg(f))
FROM (SELECT u, funnel_features('2 days', ts, e, '{a,b,c}', 3, e, 'u=' || (u % 3)) AS f FROM pev GROUP BY u) x
UNION ALL
SELECT 'segment_summary', '{"funnel_segments(%s)","funnel_segments(%s, ''previous'', 0.9)"}'::text[],
	   segment_summary_send(segment_agg(CASE WHEN u % 4 = 0 THEN NULL ELSE (u % 4)::text END, l, 3))
FROM (SELECT u, window_funnel('2 days', ts, e, '{a,b,c}') AS l FROM pev GROUP BY u) x
UNION ALL
SELECT 'path_summary', '{"top_paths(%s)","path_edges(%s)","path_edges(%s, 1, 2, false)"}'::text[], path_summary_send(path_agg(j, 3)) FROM pj
UNION ALL
SELECT 'path_summary', '{"next_steps(%s)","path_edges(%s, 2)"}'::text[], path_summary_send(next_step_agg(j, '{a}')) FROM pj
UNION ALL
SELECT 'path_summary', '{"path_edges(%s)","path_edges(%s, 1, 3)","top_paths(%s)"}'::text[],
	   path_summary_send(path_edges_agg(j, 4, 'b', 'backward', 'every', false, '{e1,x}')) FROM pj
UNION ALL
SELECT 'activity_summary', '{"lifecycle(%s)","cohort_retention(%s)","stickiness(%s)","stickiness(%s, ''week'', ''month'')"}'::text[],
	   activity_summary_send(activity_agg(u, ts, e = 'a')) FROM pev
UNION ALL
SELECT 'activity_summary', '{"value_retention(%s)","value_retention(%s, ''month'', ''actor'')","stickiness(%s, ''day'', ''all'')","lifecycle(%s)"}'::text[],
	   activity_summary_send(value_agg(u, ts, (u % 7 - 2)::numeric / 4, e = 'b')) FROM pev
UNION ALL
SELECT 'funnel_trend_summary', '{"funnel_trend(%s)","funnel_trend(%s, 2, 0.5)"}'::text[], funnel_trend_summary_send(rollup(s))
FROM (SELECT u, funnel_trend_agg('week', '2 days', ts, e, '{a,b,c}') AS s FROM pev GROUP BY u) x
UNION ALL
SELECT 'attribution_summary', '{"markov_attribution(%s)","shapley_attribution(%s)"}'::text[], attribution_summary_send(attribution_agg(j, 'd')) FROM pj
UNION ALL
SELECT 'experience_summary', '{"nps(%s)","csat(%s, 9)","mean_score(%s)"}'::text[],
	   experience_summary_send(experience_agg((u % 11)::int)) FROM pev;
