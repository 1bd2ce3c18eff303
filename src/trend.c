/*
 * trend.c -- conversion trends by entry period (funnel_trend_agg, rollup,
 * funnel_trend) and histograms of durations (duration_histogram)
 *
 * funnel_trend_agg(period, window, [mode,] ts, label, steps) (or
 * conditions) is a per-actor aggregate: its rows are read by window_funnel's
 * row reader (JourneyFunnelRow) and kept as events; its final function finds
 * the actor's entries per period and their levels (core/trend.c, the one
 * funnel engine) and returns them as a funnel_trend_summary.  rollup merges
 * summaries of disjoint actors, and funnel_trend reports one row per period.
 *
 * Periods of timestamptz time are PostgreSQL's date_trunc(unit, ts) in the
 * session's time zone (so the final function is STABLE); a period's end is
 * its start + 1 unit, also in the session's time zone.  Periods of bigint
 * time are multiples of a width.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "pgtime.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "summary.h"
#include "core/codec.h"
#include "core/isotime.h"
#include "core/stats.h"
#include "core/trend.h"

#define TREND "funnel_trend_agg"
#define TREND_SUMMARY "funnel_trend_summary"

JOURNEY_SUMMARY_IO(funnel_trend_summary, jy_trend_check)

/* ---------- funnel_trend_agg: the per-actor aggregate ---------- */

/*
 * Transition state: these fields, then (at TREND_PREFIX) the actor's
 * matching events as a JyEvents block (16 bytes an event), one allocation
 */
typedef struct TrendAggState
{
	uint64		window;
	int64		width;			/* bigint time: the period width */
	int64		data_end;		/* the latest timestamp seen */
	uint32		flags;
	uint8		nsteps;
	uint8		tstype;
	uint8		unit;			/* JyTrendUnit */
	bool		has_end;
} TrendAggState;

#define TREND_PREFIX MAXALIGN(sizeof(TrendAggState))
#define TREND_EVENTS(st) jy_events_at((st), TREND_PREFIX)

/* The period argument (1): a unit for timestamptz time, a width for bigint */
static void
trend_period_arg(FunctionCallInfo fcinfo, uint8 tstype, uint8 *unit, int64 *width)
{
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("trend period must not be NULL")));
	if (tstype == JOURNEY_TS_BIGINT)
	{
		*unit = JY_TREND_WIDTH;
		*width = PG_GETARG_INT64(1);
		if (*width <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("trend period must be positive"),
					 errdetail("It is " INT64_FORMAT ".", *width)));
	}
	else
	{
		text	   *t = PG_GETARG_TEXT_PP(1);
		JyTrendUnit u;

		if (!jy_trend_parse_unit(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &u))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown trend period \"%s\"", text_to_cstring(t)),
					 errhint("The period is \"day\", \"week\" or \"month\".")));
		*unit = (uint8) u;
		*width = 0;
	}
}

/* A state's funnel parameters */
static JyFunnelSpec
trend_spec(const TrendAggState *st)
{
	JyFunnelSpec spec = {0};

	spec.window = st->window;
	spec.flags = st->flags;
	spec.nsteps = st->nsteps;
	return spec;
}

/* The error for parameters that change within a group */
static void
trend_check_same(const TrendAggState *st, const JyFunnelSpec *spec, uint8 unit,
				 int64 width)
{
	if (st->window != spec->window || st->flags != spec->flags ||
		st->nsteps != (uint8) spec->nsteps)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel window and mode must be the same for every row of a group")));
	if (st->unit != unit || st->width != width)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trend period must be the same for every row of a group")));
}

/* A new state with room for n events */
static TrendAggState *
trend_state_new(const JyMem *mem, const JyFunnelSpec *spec, uint8 tstype,
				uint8 unit, int64 width, size_t n)
{
	TrendAggState *st = JourneyStateGrow(NULL, TREND_PREFIX, mem, Max(n, 4), TREND);

	memset(st, 0, sizeof(TrendAggState));
	st->window = spec->window;
	st->flags = spec->flags;
	st->nsteps = (uint8) spec->nsteps;
	st->tstype = tstype;
	st->unit = unit;
	st->width = width;
	return st;
}

/* Note a timestamp seen */
static inline void
trend_saw(TrendAggState *st, int64 ts)
{
	if (!st->has_end || ts > st->data_end)
		st->data_end = ts;
	st->has_end = true;
}

/* The error for the totals mode, which counts attempts, not entries */
static void
trend_check_mode(uint32 flags)
{
	if (flags & JY_FUNNEL_TOTALS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel mode totals cannot be used in a conversion trend"),
				 errdetail("A trend counts each entry once, by the funnel started at it.")));
}

PG_FUNCTION_INFO_V1(funnel_trend_transfn);

/*
 * Transition function: (state, period, window, [mode,] ts, cond1, ...) or
 * (state, period, window, [mode,] ts, label, steps).  Every row with a
 * timestamp moves the data end; rows matching a step (or, under
 * strict_order, any row) are kept.
 */
Datum
funnel_trend_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	TrendAggState *st;
	JyFunnelSpec spec;
	JyMem		mem;
	uint8		tstype,
				unit;
	int64		ts,
				width;
	uint64		mask;
	bool		row;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_trend_transfn called in non-aggregate context");
	row = JourneyFunnelRow(fcinfo, 2, aggcxt, &spec, &tstype, &ts, &mask);
	trend_check_mode(spec.flags);
	JourneyMemInit(&mem, aggcxt);
	if (PG_ARGISNULL(0))
	{
		trend_period_arg(fcinfo, tstype, &unit, &width);
		st = trend_state_new(&mem, &spec, tstype, unit, width, 0);
	}
	else
	{
		st = (TrendAggState *) PG_GETARG_POINTER(0);
		/* constant parameters are read on a group's first row only */
		if (!JourneyFunnelParamsConst(fcinfo) || !JourneyArgIsConst(fcinfo, 1))
		{
			trend_period_arg(fcinfo, tstype, &unit, &width);
			trend_check_same(st, &spec, unit, width);
		}
	}
	if (row)
	{
		trend_saw(st, ts);
		if (mask != 0 || (spec.flags & JY_FUNNEL_STRICT_ORDER))
			st = JourneyStatePush(st, TREND_PREFIX, &mem, ts, mask, TREND);
	}
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(funnel_trend_combine);

/* Combine: the right state's events appended to the left's, the later end */
Datum
funnel_trend_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	TrendAggState *a = PG_ARGISNULL(0) ? NULL : (TrendAggState *) PG_GETARG_POINTER(0);
	TrendAggState *b = PG_ARGISNULL(1) ? NULL : (TrendAggState *) PG_GETARG_POINTER(1);
	JyFunnelSpec spec;
	JyEvents   *be;
	JyMem		mem;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_trend_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	JourneyMemInit(&mem, aggcxt);
	spec = trend_spec(b);
	be = TREND_EVENTS(b);
	if (a == NULL)
		a = trend_state_new(&mem, &spec, b->tstype, b->unit, b->width, be->n);
	else
	{
		trend_check_same(a, &spec, b->unit, b->width);
		a = JourneyStateGrow(a, TREND_PREFIX, &mem, be->n, TREND);
	}
	if (b->has_end)
		trend_saw(a, b->data_end);
	jy_events_append(TREND_EVENTS(a), be->ev, be->n);
	PG_RETURN_POINTER(a);
}

/*
 * Serial form (docs/format.md): version (1), unit, has_end (bytes), width,
 * data_end (8 bytes each, big-endian), then window_funnel's state bytes
 * (window, mode, steps, timestamp type and events)
 */
#define TREND_SERIAL_VERSION 1
#define TREND_SERIAL_HEAD 19

PG_FUNCTION_INFO_V1(funnel_trend_serialize);

/* Serialize into the portable format */
Datum
funnel_trend_serialize(PG_FUNCTION_ARGS)
{
	TrendAggState *st = (TrendAggState *) PG_GETARG_POINTER(0);
	JyFunnelSpec spec = trend_spec(st);
	JyEvents   *ev = TREND_EVENTS(st);
	size_t		size = TREND_SERIAL_HEAD + jy_funnel_state_size(spec.nsteps, ev->n);
	bytea	   *out;
	uint8	   *p;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_trend_serialize called in non-aggregate context");
	if (size > MaxAllocSize - VARHDRSZ)
		JourneyCheckStatus(JY_ERR_TOO_MANY_EVENTS, TREND);
	out = palloc(VARHDRSZ + size);
	SET_VARSIZE(out, VARHDRSZ + size);
	p = (uint8 *) VARDATA(out);
	p[0] = TREND_SERIAL_VERSION;
	p[1] = st->unit;
	p[2] = st->has_end ? 1 : 0;
	jy_put_be(p + 3, (uint64) st->width, 8);
	jy_put_be(p + 11, (uint64) (st->has_end ? st->data_end : 0), 8);
	jy_funnel_state_encode(&spec, st->tstype, ev->ev, ev->n, p + TREND_SERIAL_HEAD);
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(funnel_trend_deserialize);

/* Deserialize, checking every field and the length */
Datum
funnel_trend_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	const uint8 *in = (const uint8 *) VARDATA_ANY(bytes);
	size_t		len = VARSIZE_ANY_EXHDR(bytes);
	JyFunnelSpec spec = {0};
	TrendAggState *st;
	JyEvents   *block;
	uint8		tstype,
				unit;
	int64		width;
	uint32		n;
	const char *why = NULL;
	JyMem		mem;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_trend_deserialize called in non-aggregate context");
	if (len < TREND_SERIAL_HEAD || in[0] != TREND_SERIAL_VERSION)
		JourneyCorruptState(TREND, "The state is too short or of an unknown version.");
	unit = in[1];
	width = (int64) jy_get_be(in + 3, 8);
	if (jy_funnel_state_decode_header(in + TREND_SERIAL_HEAD, len - TREND_SERIAL_HEAD,
									  JOURNEY_TS_NTYPES, &spec, &tstype, &n, &why) != JY_OK)
		JourneyCorruptState(TREND, why);
	if (in[2] > 1 || tstype == JOURNEY_TS_TIMESTAMP ||
		(tstype == JOURNEY_TS_BIGINT ? unit != JY_TREND_WIDTH || width <= 0
		 : unit >= JY_TREND_WIDTH || width != 0))
		JourneyCorruptState(TREND, "Its period does not match its timestamp type.");
	JourneyMemInit(&mem, CurrentMemoryContext);
	st = trend_state_new(&mem, &spec, tstype, unit, width, n);
	if (in[2])
	{
		int64		end = (int64) jy_get_be(in + 11, 8);

		if (tstype == JOURNEY_TS_TIMESTAMPTZ && !jy_ts_valid(end))
			JourneyCorruptState(TREND, "Its data end is outside the range of timestamptz.");
		trend_saw(st, end);
	}
	block = TREND_EVENTS(st);
	if (jy_funnel_state_decode_events(in + TREND_SERIAL_HEAD, &spec, n, block->ev, &why) != JY_OK)
		JourneyCorruptState(TREND, why);
	block->n = n;
	block->sorted = false;
	PG_RETURN_POINTER(st);
}

/* The time zone period function's argument: the unit as text, 1 unit */
typedef struct TrendTzPeriod
{
	JyTrendUnit code;			/* the unit */
	Datum		unit;			/* text "day", "week" or "month" */
	Datum		one;			/* interval of 1 unit */
	TimestampTz guard;			/* starts from here on get no cached end */
	bool		fixed;			/* the session's zone has one UTC offset */
	int64		off;			/* that offset, microseconds east */
} TrendTzPeriod;

/*
 * The period of a timestamptz: date_trunc(unit, ts) and start + 1 unit in
 * the session's time zone; computed directly in a zone of one fixed offset
 * (UTC, '+05:30'), else by PostgreSQL
 */
static void
trend_tz_period(void *arg, int64_t ts, int64_t *start, int64_t *end)
{
	TrendTzPeriod *p = (TrendTzPeriod *) arg;
	Datum		s;

	if (p->fixed && jy_trend_fixed_period(p->code, p->off, ts, start, end))
		return;
	s = DirectFunctionCall2(timestamptz_trunc, p->unit, TimestampTzGetDatum(ts));
	*start = DatumGetTimestampTz(s);
	/* no end near the end of the range (start + 1 unit could overflow) */
	if (TIMESTAMP_NOT_FINITE(*start) || *start >= p->guard)
		*end = *start;
	else
		*end = DatumGetTimestampTz(DirectFunctionCall2(timestamptz_pl_interval, s, p->one));
}

/* The period function of bigint time */
static void
trend_width_period(void *arg, int64_t ts, int64_t *start, int64_t *end)
{
	jy_trend_width_period(*(const int64 *) arg, ts, start, end);
}

/* An interval of one unit */
static Interval *
trend_unit_interval(JyTrendUnit unit)
{
	Interval   *one = palloc0(sizeof(Interval));

	if (unit == JY_TREND_DAY)
		one->day = 1;
	else if (unit == JY_TREND_WEEK)
		one->day = 7;
	else
		one->month = 1;
	return one;
}

/*
 * The summary of one actor's sorted events: its entries per period and
 * their levels (one entrant per period with an entry), data end last when
 * has_end
 */
static Datum
trend_actor_summary(const JyEvent *ev, size_t n, const JyFunnelSpec *spec,
					uint8 tstype, uint8 unit, int64 width, bool has_end, int64 last)
{
	JyTrendEntry *entries;
	JyTrend		t;
	JyWriter	w;
	JyMem		mem;
	size_t		ne,
				i;
	TrendTzPeriod tzp;
	JyStatus	rc;

	JourneyMemInit(&mem, CurrentMemoryContext);
	entries = palloc((n + 1) * sizeof(JyTrendEntry));
	if (unit == JY_TREND_WIDTH)
		rc = jy_trend_entries(ev, n, spec, trend_width_period, &width, &mem, entries, &ne);
	else
	{
		long int	gmtoff;

		tzp.code = (JyTrendUnit) unit;
		tzp.fixed = pg_get_timezone_offset(session_timezone, &gmtoff);
		tzp.off = tzp.fixed ? (int64) gmtoff * USECS_PER_SEC : 0;
		tzp.unit = PointerGetDatum(cstring_to_text(jy_trend_unit_name(unit)));
		tzp.one = IntervalPGetDatum(trend_unit_interval(unit));
		/* 294000-01-01: a month before it stays inside timestamptz's range */
		tzp.guard = (TimestampTz) ((INT64CONST(294000) - 2000) * 365.2425 * USECS_PER_DAY);
		rc = jy_trend_entries(ev, n, spec, trend_tz_period, &tzp, &mem, entries, &ne);
	}
	JourneyCheckStatus(rc, TREND);
	jy_trend_init(&t, &mem, tstype, unit, width, spec);
	if (has_end)
		jy_trend_saw(&t, last);
	for (i = 0; i < ne; i++)
		JourneyCheckStatus(jy_trend_add(&t, entries[i].period, entries[i].level), TREND);
	jy_writer_init(&w, &mem);
	jy_trend_encode(&t, &w);
	return PointerGetDatum(JourneySummaryFromWriter(&w, TREND_SUMMARY));
}

PG_FUNCTION_INFO_V1(funnel_trend_finalfn);

/*
 * Final function: the actor's entries per period and their levels, as a
 * funnel_trend_summary (one entrant per period with an entry)
 */
Datum
funnel_trend_finalfn(PG_FUNCTION_ARGS)
{
	TrendAggState *st;
	JyEvents   *block;
	JyFunnelSpec spec;
	JyMem		mem;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (TrendAggState *) PG_GETARG_POINTER(0);
	block = TREND_EVENTS(st);
	spec = trend_spec(st);
	JourneyMemInit(&mem, CurrentMemoryContext);
	/* sorting in place keeps the state valid: READ_ONLY in the logical sense */
	jy_events_sort(block, &mem);
	return trend_actor_summary(block->ev, block->n, &spec, st->tstype, st->unit, st->width,
							   st->has_end, st->data_end);
}

PG_FUNCTION_INFO_V1(funnel_trend_journey);

/*
 * funnel_trend_agg(journey, period, window, steps, mode): the summary of
 * one stored journey, as funnel_trend_agg over its touches (the data end is
 * its last touch)
 */
Datum
funnel_trend_journey(PG_FUNCTION_ARGS)
{
	JyFunnelSpec spec;
	JyEvent    *ev;
	size_t		n;
	int64		last,
				width;
	bool		has_last;
	uint8		unit;

	trend_period_arg(fcinfo, JOURNEY_TS_TIMESTAMPTZ, &unit, &width);
	ev = JourneyFunnelEvents(fcinfo, 2, &spec, &n, &last, &has_last);
	trend_check_mode(spec.flags);
	return trend_actor_summary(ev, n, &spec, JOURNEY_TS_TIMESTAMPTZ, unit, width, has_last, last);
}

/* ---------- rollup(funnel_trend_summary) ---------- */

/* The state of rollup: a summary in memory and its allocator */
typedef struct TrendRollup
{
	JyTrend		t;
	JyMem		mem;
} TrendRollup;

/* Report a failed merge */
static void
trend_merge_check(JyStatus st)
{
	if (st == JY_ERR_BAD_PARAMETER)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("funnel trend count out of range")));
	if (st == JY_ERR_TOO_MANY_EVENTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many periods in one funnel trend summary"),
				 errdetail("A summary can hold at most %u periods.", JY_TREND_MAX_PERIODS),
				 errhint("Use a longer period, or filter the rows first.")));
	JourneyCheckStatus(st, TREND_SUMMARY);
}

/* Merge t into the rollup state *r (made in cxt on first use) */
static TrendRollup *
trend_rollup_add(TrendRollup *r, MemoryContext cxt, const JyTrend *t)
{
	if (r == NULL)
	{
		JyFunnelSpec spec = {0};

		r = MemoryContextAllocZero(cxt, sizeof(TrendRollup));
		JourneyMemInit(&r->mem, cxt);
		spec.window = t->window;
		spec.flags = t->flags;
		spec.nsteps = t->nsteps;
		jy_trend_init(&r->t, &r->mem, t->tstype, (JyTrendUnit) t->unit, t->width, &spec);
	}
	else
	{
		const char *why = jy_trend_mismatch(&r->t, t);

		if (why != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot merge funnel trend summaries built with different parameters"),
					 errdetail("%s", why),
					 errhint("Build them with the same period, window, mode and steps.")));
	}
	trend_merge_check(jy_trend_merge(&r->t, t));
	return r;
}

/* Decode a stored summary (checked on input: damage is XX001) */
static void
trend_read(Datum d, JyTrend *t, const JyMem *mem)
{
	size_t		len;
	const uint8 *data = JourneySummaryBytes(d, &len);
	const char *why = NULL;
	JyStatus	st = jy_trend_decode(t, mem, data, len, &why);

	if (st == JY_ERR_CORRUPT)
		JourneySummaryDamaged(TREND_SUMMARY, why);
	JourneyCheckStatus(st, TREND_SUMMARY);
}

PG_FUNCTION_INFO_V1(funnel_trend_rollup_transfn);

/* rollup(funnel_trend_summary): add a summary's counts; NULLs are skipped */
Datum
funnel_trend_rollup_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	TrendRollup *r = PG_ARGISNULL(0) ? NULL : (TrendRollup *) PG_GETARG_POINTER(0);
	JyTrend		t;
	JyMem		mem;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_trend_rollup_transfn called in non-aggregate context");
	if (PG_ARGISNULL(1))
	{
		if (r == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(r);
	}
	JourneyMemInit(&mem, CurrentMemoryContext);
	trend_read(PG_GETARG_DATUM(1), &t, &mem);
	r = trend_rollup_add(r, aggcxt, &t);
	jy_trend_free(&t);
	PG_RETURN_POINTER(r);
}

PG_FUNCTION_INFO_V1(funnel_trend_rollup_combine);

/* Combine: merge the right state into the left */
Datum
funnel_trend_rollup_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	TrendRollup *a = PG_ARGISNULL(0) ? NULL : (TrendRollup *) PG_GETARG_POINTER(0);
	TrendRollup *b = PG_ARGISNULL(1) ? NULL : (TrendRollup *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_trend_rollup_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	PG_RETURN_POINTER(trend_rollup_add(a, aggcxt, &b->t));
}

/* The summary bytes of a rollup state, as a varlena */
static struct varlena *
trend_rollup_bytes(TrendRollup *r)
{
	JyWriter	w;
	JyMem		mem;

	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	jy_trend_encode(&r->t, &w);
	return JourneySummaryFromWriter(&w, TREND_SUMMARY);
}

PG_FUNCTION_INFO_V1(funnel_trend_rollup_serialize);

/* Serialize: the summary's bytes (docs/format.md) */
Datum
funnel_trend_rollup_serialize(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_trend_rollup_serialize called in non-aggregate context");
	PG_RETURN_BYTEA_P(trend_rollup_bytes((TrendRollup *) PG_GETARG_POINTER(0)));
}

PG_FUNCTION_INFO_V1(funnel_trend_rollup_deserialize);

/* Deserialize: decode (fully checked) into a new state */
Datum
funnel_trend_rollup_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	TrendRollup *r;
	const char *why = NULL;
	JyStatus	st;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_trend_rollup_deserialize called in non-aggregate context");
	r = palloc0(sizeof(TrendRollup));
	JourneyMemInit(&r->mem, CurrentMemoryContext);
	st = jy_trend_decode(&r->t, &r->mem, (const uint8 *) VARDATA_ANY(bytes),
						 VARSIZE_ANY_EXHDR(bytes), &why);
	if (st == JY_ERR_CORRUPT)
		JourneyCorruptState("rollup(funnel_trend_summary)", why);
	JourneyCheckStatus(st, TREND_SUMMARY);
	PG_RETURN_POINTER(r);
}

PG_FUNCTION_INFO_V1(funnel_trend_rollup_finalfn);

/* Final function of rollup: the merged summary */
Datum
funnel_trend_rollup_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(trend_rollup_bytes((TrendRollup *) PG_GETARG_POINTER(0)));
}

/* ---------- the report: funnel_trend(summary, step, confidence, data_end) ---------- */

/*
 * One row per period with entrants: (period_start, period_end, entrants,
 * converters, rate, ci_low, ci_high, complete).  Arguments: the summary
 * (0; NULL: no rows), step (1; NULL: the last), confidence (2), data end
 * (3; NULL: the latest timestamp the summary saw).
 */
static Datum
trend_report(FunctionCallInfo fcinfo, bool bigint)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	double		confidence = JourneyConfidence(fcinfo, 2);
	double		z = jy_z_for_confidence(confidence);
	JyTrend		t;
	JyMem		mem;
	int			step;
	int64		end;
	bool		has_end;
	Datum		one = (Datum) 0;
	uint32		i;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	JourneyMemInit(&mem, CurrentMemoryContext);
	trend_read(PG_GETARG_DATUM(0), &t, &mem);
	if ((t.tstype == JY_TS_TYPE_BIGINT) != bigint)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("funnel trend summary of %s time given to %s",
						bigint ? "timestamptz" : "bigint",
						bigint ? "funnel_trend_bigint" : "funnel_trend"),
				 errhint("Report a summary of bigint time with funnel_trend_bigint, one of timestamptz time with funnel_trend.")));
	step = PG_ARGISNULL(1) ? t.nsteps : PG_GETARG_INT32(1);
	if (step < 1 || step > t.nsteps)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel trend step must be between 1 and %d", t.nsteps),
				 errdetail("It is %d.", step)));
	has_end = !PG_ARGISNULL(3) || t.has_end;
	end = !PG_ARGISNULL(3) ? PG_GETARG_INT64(3) : t.data_end;
	if (!bigint)
		one = IntervalPGetDatum(trend_unit_interval((JyTrendUnit) t.unit));
	for (i = 0; i < t.n; i++)
	{
		Datum		values[8];
		bool		nulls[8] = {false, false, false, false, false, false, false, false};
		const int64 *c = t.counts + (size_t) i * t.nsteps;
		int64		pend,
					last;
		double		lo,
					hi;

		if ((i & 1023) == 1023)
			CHECK_FOR_INTERRUPTS();
		if (bigint)
		{
			if (pg_add_s64_overflow(t.period[i], t.width, &pend))
				pend = PG_INT64_MAX;
		}
		else if (TIMESTAMP_NOT_FINITE(t.period[i]))
			pend = t.period[i];
		else
			pend = DatumGetTimestampTz(DirectFunctionCall2(timestamptz_pl_interval,
														   TimestampTzGetDatum(t.period[i]), one));
		values[0] = Int64GetDatum(t.period[i]);
		values[1] = Int64GetDatum(pend);
		values[2] = Int64GetDatum(c[0]);
		values[3] = Int64GetDatum(c[step - 1]);
		values[4] = Float8GetDatum((double) c[step - 1] / (double) c[0]);
		jy_wilson(c[step - 1], c[0], z, &lo, &hi);
		values[5] = Float8GetDatum(lo);
		values[6] = Float8GetDatum(hi);
		/* complete: the period's last entry had its whole window in the data */
		if (!has_end)
			nulls[7] = true;
		else
			values[7] = BoolGetDatum(!pg_add_s64_overflow(pend, (int64) t.window, &last) &&
									 t.window <= (uint64) PG_INT64_MAX && last <= end);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	jy_trend_free(&t);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(funnel_trend_report);

/* funnel_trend(summary, step, confidence, data_end timestamptz) */
Datum
funnel_trend_report(PG_FUNCTION_ARGS)
{
	return trend_report(fcinfo, false);
}

PG_FUNCTION_INFO_V1(funnel_trend_report_bigint);

/* funnel_trend_bigint(summary, step, confidence, data_end bigint) */
Datum
funnel_trend_report_bigint(PG_FUNCTION_ARGS)
{
	return trend_report(fcinfo, true);
}

/* ---------- duration_histogram(durations, bins) ---------- */

/* An interval of usecs microseconds, as days and time (justify_hours) */
static Datum
trend_usecs_interval(int64 usecs)
{
	Interval   *iv = palloc0(sizeof(Interval));

	iv->day = (int32) (usecs / USECS_PER_DAY);
	iv->time = usecs % USECS_PER_DAY;
	return IntervalPGetDatum(iv);
}

/*
 * duration_histogram(durations interval[] or bigint[], bins int): equal-width
 * bins from the smallest to the largest duration, (bin, bin_start, bin_end,
 * actors); NULL durations are skipped; no durations, no rows
 */
static Datum
trend_histogram(FunctionCallInfo fcinfo, bool is_interval)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *enulls;
	int			nelems,
				i,
				bins,
				nb;
	int64	   *v;
	size_t		n = 0;
	JyHistBin  *out;

	InitMaterializedSRF(fcinfo, 0);
	if (!PG_ARGISNULL(1))
	{
		bins = PG_GETARG_INT32(1);
		if (bins < 1 || bins > JY_HIST_MAX_BINS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("histogram bins must be between 1 and %d", JY_HIST_MAX_BINS),
					 errdetail("It is %d.", bins),
					 errhint("Pass NULL for the automatic count, least(60, greatest(1, ceil(cbrt(n)))).")));
	}
	else
		bins = 0;
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	arr = PG_GETARG_ARRAYTYPE_P(0);
	if (is_interval)
		deconstruct_array(arr, INTERVALOID, sizeof(Interval), false, TYPALIGN_DOUBLE,
						  &elems, &enulls, &nelems);
	else
		deconstruct_array(arr, INT8OID, sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
						  &elems, &enulls, &nelems);
	v = palloc(((size_t) nelems + 1) * sizeof(int64));
	for (i = 0; i < nelems; i++)
	{
		if (enulls[i])
			continue;
		v[n++] = is_interval ? JourneyIntervalUsecs(DatumGetIntervalP(elems[i]), "duration")
			: DatumGetInt64(elems[i]);
	}
	if (n == 0)
		return (Datum) 0;
	if (bins == 0)
		bins = jy_hist_auto_bins(n);
	out = palloc(sizeof(JyHistBin) * bins);
	nb = jy_histogram(v, n, bins, out);
	for (i = 0; i < nb; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = Int32GetDatum(i + 1);
		values[1] = is_interval ? trend_usecs_interval(out[i].start) : Int64GetDatum(out[i].start);
		values[2] = is_interval ? trend_usecs_interval(out[i].end) : Int64GetDatum(out[i].end);
		values[3] = Int64GetDatum(out[i].count);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(duration_histogram_interval);

/* duration_histogram(durations interval[], bins int) */
Datum
duration_histogram_interval(PG_FUNCTION_ARGS)
{
	return trend_histogram(fcinfo, true);
}

PG_FUNCTION_INFO_V1(duration_histogram_bigint);

/* duration_histogram(durations bigint[], bins int) */
Datum
duration_histogram_bigint(PG_FUNCTION_ARGS)
{
	return trend_histogram(fcinfo, false);
}
