/* sql/journey--0.1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION journey" to load this file. \quit

--
-- private functions: aggregate support
--

-- window_funnel and funnel_times share one transition function and state;
-- one SQL declaration per argument list, all one C function.
CREATE FUNCTION window_funnel_transfn(internal, interval, timestamptz, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;	-- not STRICT: NULL conditions count as false

CREATE FUNCTION window_funnel_transfn(internal, interval, text, timestamptz, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, interval, timestamp, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, interval, text, timestamp, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, bigint, bigint, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, bigint, text, bigint, VARIADIC "any")
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- the label form: (label text, steps text[]) instead of conditions
CREATE FUNCTION window_funnel_transfn(internal, interval, timestamptz, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, interval, text, timestamptz, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, interval, timestamp, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, interval, text, timestamp, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, bigint, bigint, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION window_funnel_transfn(internal, bigint, text, bigint, text, text[])
RETURNS internal AS 'MODULE_PATHNAME', 'window_funnel_transfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION funnel_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION window_funnel_finalfn(internal)
RETURNS int AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_times_finalfn(internal)
RETURNS timestamptz[] AS 'MODULE_PATHNAME', 'funnel_times_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_times_ts_finalfn(internal)
RETURNS timestamp[] AS 'MODULE_PATHNAME', 'funnel_times_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_times_bigint_finalfn(internal)
RETURNS bigint[] AS 'MODULE_PATHNAME', 'funnel_times_finalfn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION retention_transfn(bigint, VARIADIC "any")
RETURNS bigint AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- FINALFUNC_EXTRA: receives one NULL per condition, which gives their count
CREATE FUNCTION retention_finalfn(bigint, VARIADIC "any")
RETURNS int[] AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_counts_transfn(internal, int, int)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_counts_rollup_transfn(internal, bigint[])
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_counts_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION funnel_counts_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION funnel_counts_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION funnel_counts_finalfn(internal)
RETURNS bigint[] AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION journey_completion_finalfn(internal)
RETURNS float8 AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION window_funnel_transfn(internal, interval, timestamptz, VARIADIC "any") IS 'transition function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, text, timestamptz, VARIADIC "any") IS 'transition function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, timestamp, VARIADIC "any") IS 'transition function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, text, timestamp, VARIADIC "any") IS 'transition function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_transfn(internal, bigint, bigint, VARIADIC "any") IS 'transition function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_transfn(internal, bigint, text, bigint, VARIADIC "any") IS 'transition function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, timestamptz, text, text[]) IS 'transition function of window_funnel and funnel_times, label form';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, text, timestamptz, text, text[]) IS 'transition function of window_funnel and funnel_times, label form';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, timestamp, text, text[]) IS 'transition function of window_funnel and funnel_times, label form';
COMMENT ON FUNCTION window_funnel_transfn(internal, interval, text, timestamp, text, text[]) IS 'transition function of window_funnel and funnel_times, label form';
COMMENT ON FUNCTION window_funnel_transfn(internal, bigint, bigint, text, text[]) IS 'transition function of window_funnel and funnel_times, label form';
COMMENT ON FUNCTION window_funnel_transfn(internal, bigint, text, bigint, text, text[]) IS 'transition function of window_funnel and funnel_times, label form';
COMMENT ON FUNCTION funnel_combine(internal, internal) IS 'combine function of window_funnel and funnel_times';
COMMENT ON FUNCTION funnel_serialize(internal) IS 'serialize function of window_funnel and funnel_times';
COMMENT ON FUNCTION funnel_deserialize(bytea, internal) IS 'deserialize function of window_funnel and funnel_times';
COMMENT ON FUNCTION window_funnel_finalfn(internal) IS 'final function of window_funnel';
COMMENT ON FUNCTION funnel_times_finalfn(internal) IS 'final function of funnel_times over timestamptz';
COMMENT ON FUNCTION funnel_times_ts_finalfn(internal) IS 'final function of funnel_times over timestamp';
COMMENT ON FUNCTION funnel_times_bigint_finalfn(internal) IS 'final function of funnel_times over bigint';
COMMENT ON FUNCTION retention_transfn(bigint, VARIADIC "any") IS 'transition function of retention';
COMMENT ON FUNCTION retention_finalfn(bigint, VARIADIC "any") IS 'final function of retention';
COMMENT ON FUNCTION funnel_counts_transfn(internal, int, int) IS 'transition function of funnel_counts(level, steps) and journey_completion';
COMMENT ON FUNCTION funnel_counts_rollup_transfn(internal, bigint[]) IS 'transition function of funnel_counts(bigint[])';
COMMENT ON FUNCTION funnel_counts_combine(internal, internal) IS 'combine function of funnel_counts and journey_completion';
COMMENT ON FUNCTION funnel_counts_serialize(internal) IS 'serialize function of funnel_counts and journey_completion';
COMMENT ON FUNCTION funnel_counts_deserialize(bytea, internal) IS 'deserialize function of funnel_counts and journey_completion';
COMMENT ON FUNCTION funnel_counts_finalfn(internal) IS 'final function of funnel_counts';
COMMENT ON FUNCTION journey_completion_finalfn(internal) IS 'final function of journey_completion';

--
-- functions
--

CREATE FUNCTION funnel_report(counts bigint[], names text[] DEFAULT NULL,
							  confidence float8 DEFAULT 0.95)
RETURNS TABLE (step int, name text, actors bigint, conversion float8,
			   step_conversion float8, dropped bigint, ci_low float8, ci_high float8)
AS 'MODULE_PATHNAME'
LANGUAGE C IMMUTABLE PARALLEL SAFE	-- not STRICT: names may be NULL
ROWS 8;

COMMENT ON FUNCTION funnel_report(bigint[], text[], float8) IS 'one row per funnel step: actors, conversion from step 1 and from the previous step, dropped actors, Wilson interval of the conversion';

--
-- aggregates
--

-- window_funnel: ClickHouse windowFunnel.  Not a moving aggregate.  The final
-- function sorts the state's events in place, which leaves the state valid
-- (the same events), so FINALFUNC_MODIFY stays READ_ONLY.
CREATE AGGREGATE window_funnel(interval, timestamptz, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(interval, text, timestamptz, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(interval, timestamp, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(interval, text, timestamp, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(bigint, bigint, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(bigint, text, bigint, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE window_funnel(interval, timestamptz, VARIADIC "any") IS 'highest funnel step reached within the window (ClickHouse windowFunnel)';
COMMENT ON AGGREGATE window_funnel(interval, text, timestamptz, VARIADIC "any") IS 'highest funnel step reached within the window, with a mode (ClickHouse windowFunnel)';
COMMENT ON AGGREGATE window_funnel(interval, timestamp, VARIADIC "any") IS 'highest funnel step reached within the window (ClickHouse windowFunnel)';
COMMENT ON AGGREGATE window_funnel(interval, text, timestamp, VARIADIC "any") IS 'highest funnel step reached within the window, with a mode (ClickHouse windowFunnel)';
COMMENT ON AGGREGATE window_funnel(bigint, bigint, VARIADIC "any") IS 'highest funnel step reached within the window, timestamps and window in one integer unit (ClickHouse windowFunnel)';
COMMENT ON AGGREGATE window_funnel(bigint, text, bigint, VARIADIC "any") IS 'highest funnel step reached within the window, with a mode, timestamps and window in one integer unit (ClickHouse windowFunnel)';

-- funnel_times: the step timestamps of the chain window_funnel reports
CREATE AGGREGATE funnel_times(interval, timestamptz, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, text, timestamptz, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, timestamp, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_ts_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, text, timestamp, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_ts_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(bigint, bigint, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_bigint_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(bigint, text, bigint, VARIADIC "any") (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_bigint_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE funnel_times(interval, timestamptz, VARIADIC "any") IS 'timestamps of the steps of the chain window_funnel reports';
COMMENT ON AGGREGATE funnel_times(interval, text, timestamptz, VARIADIC "any") IS 'timestamps of the steps of the chain window_funnel reports, with a mode';
COMMENT ON AGGREGATE funnel_times(interval, timestamp, VARIADIC "any") IS 'timestamps of the steps of the chain window_funnel reports';
COMMENT ON AGGREGATE funnel_times(interval, text, timestamp, VARIADIC "any") IS 'timestamps of the steps of the chain window_funnel reports, with a mode';
COMMENT ON AGGREGATE funnel_times(bigint, bigint, VARIADIC "any") IS 'timestamps of the steps of the chain window_funnel reports, integer timestamps';
COMMENT ON AGGREGATE funnel_times(bigint, text, bigint, VARIADIC "any") IS 'timestamps of the steps of the chain window_funnel reports, with a mode, integer timestamps';

-- the label form of both: one label per row, the steps as a text[]
CREATE AGGREGATE window_funnel(interval, timestamptz, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(interval, text, timestamptz, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(interval, timestamp, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(interval, text, timestamp, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(bigint, bigint, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE window_funnel(bigint, text, bigint, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = window_funnel_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, timestamptz, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, text, timestamptz, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, timestamp, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_ts_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(interval, text, timestamp, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_ts_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(bigint, bigint, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_bigint_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_times(bigint, text, bigint, text, text[]) (
	SFUNC = window_funnel_transfn,
	STYPE = internal,
	SSPACE = 256,
	FINALFUNC = funnel_times_bigint_finalfn,
	COMBINEFUNC = funnel_combine,
	SERIALFUNC = funnel_serialize,
	DESERIALFUNC = funnel_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE window_funnel(interval, timestamptz, text, text[]) IS 'highest funnel step reached within the window; label form: steps named in a text[], one label per row';
COMMENT ON AGGREGATE window_funnel(interval, text, timestamptz, text, text[]) IS 'highest funnel step reached within the window; label form: steps named in a text[], one label per row, with a mode';
COMMENT ON AGGREGATE window_funnel(interval, timestamp, text, text[]) IS 'highest funnel step reached within the window; label form: steps named in a text[], one label per row';
COMMENT ON AGGREGATE window_funnel(interval, text, timestamp, text, text[]) IS 'highest funnel step reached within the window; label form: steps named in a text[], one label per row, with a mode';
COMMENT ON AGGREGATE window_funnel(bigint, bigint, text, text[]) IS 'highest funnel step reached within the window; label form: steps named in a text[], one label per row';
COMMENT ON AGGREGATE window_funnel(bigint, text, bigint, text, text[]) IS 'highest funnel step reached within the window; label form: steps named in a text[], one label per row, with a mode';
COMMENT ON AGGREGATE funnel_times(interval, timestamptz, text, text[]) IS 'timestamps of the steps of the chain window_funnel reports; label form: steps named in a text[], one label per row';
COMMENT ON AGGREGATE funnel_times(interval, text, timestamptz, text, text[]) IS 'timestamps of the steps of the chain window_funnel reports; label form: steps named in a text[], one label per row, with a mode';
COMMENT ON AGGREGATE funnel_times(interval, timestamp, text, text[]) IS 'timestamps of the steps of the chain window_funnel reports; label form: steps named in a text[], one label per row';
COMMENT ON AGGREGATE funnel_times(interval, text, timestamp, text, text[]) IS 'timestamps of the steps of the chain window_funnel reports; label form: steps named in a text[], one label per row, with a mode';
COMMENT ON AGGREGATE funnel_times(bigint, bigint, text, text[]) IS 'timestamps of the steps of the chain window_funnel reports; label form: steps named in a text[], one label per row';
COMMENT ON AGGREGATE funnel_times(bigint, text, bigint, text, text[]) IS 'timestamps of the steps of the chain window_funnel reports; label form: steps named in a text[], one label per row, with a mode';

-- retention: ClickHouse retention.  The state is a bigint bitmask combined
-- with a bitwise OR, so it needs no serialization.
CREATE AGGREGATE retention(VARIADIC "any") (
	SFUNC = retention_transfn,
	STYPE = bigint,
	INITCOND = '0',
	FINALFUNC = retention_finalfn,
	FINALFUNC_EXTRA,
	COMBINEFUNC = pg_catalog.int8or,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE retention(VARIADIC "any") IS 'per condition i, whether condition 1 and condition i both held in the group (ClickHouse retention)';

CREATE AGGREGATE funnel_counts(level int, steps int) (
	SFUNC = funnel_counts_transfn,
	STYPE = internal,
	SSPACE = 528,
	FINALFUNC = funnel_counts_finalfn,
	COMBINEFUNC = funnel_counts_combine,
	SERIALFUNC = funnel_counts_serialize,
	DESERIALFUNC = funnel_counts_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE funnel_counts(bigint[]) (
	SFUNC = funnel_counts_rollup_transfn,
	STYPE = internal,
	SSPACE = 528,
	FINALFUNC = funnel_counts_finalfn,
	COMBINEFUNC = funnel_counts_combine,
	SERIALFUNC = funnel_counts_serialize,
	DESERIALFUNC = funnel_counts_deserialize,
	PARALLEL = SAFE
);

CREATE AGGREGATE journey_completion(level int, steps int) (
	SFUNC = funnel_counts_transfn,
	STYPE = internal,
	SSPACE = 528,
	FINALFUNC = journey_completion_finalfn,
	COMBINEFUNC = funnel_counts_combine,
	SERIALFUNC = funnel_counts_serialize,
	DESERIALFUNC = funnel_counts_deserialize,
	PARALLEL = SAFE
);

COMMENT ON AGGREGATE funnel_counts(int, int) IS 'per step k, the number of actors whose funnel level is at least k';
COMMENT ON AGGREGATE funnel_counts(bigint[]) IS 'sum of stored funnel_counts arrays (rollup)';
COMMENT ON AGGREGATE journey_completion(int, int) IS 'share of actors that entered the funnel (level >= 1) and reached its last step';
