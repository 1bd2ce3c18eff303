/*
 * activity.c -- the activity summary: activity_agg and rollup
 *
 * activity_agg(actor, ts [, cohort_event]) keys its rows by actor inside
 * the aggregate (core/actors.c), so one pass over a whole table (or each
 * GROUP BY segment) gives every actor's distinct active days and, with
 * cohort_event, the first day on which it was true (core/activity.c).  The
 * result, type activity_summary, is the core's summary bytes
 * (docs/format.md); rollup(activity_summary) merges stored ones, and
 * lifecycle and cohort_retention (segment.c) report from them.
 *
 * A day is ts::date: the day of the session's TimeZone, so the transition
 * function is STABLE; JourneyLocalDay (localday.c) computes it fast.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/uuid.h"

#include "summary.h"
#include "core/activity.h"
#include "core/codec.h"
#include "core/rfm.h"

JOURNEY_SUMMARY_IO(activity_summary, jy_activity_summary_check)

/* The aggregate state, in the aggregate context */
typedef struct ActivityState
{
	JyActivity	a;
	JyMem		mem;
	JourneyActorArg key;		/* reading the actor argument (transition) */
	JourneyDayCache days;		/* days of the session time zone */
} ActivityState;

/* A new state in cxt */
static ActivityState *
activity_state(MemoryContext cxt, JyActorKind kind, JyCohortSource source)
{
	ActivityState *st = MemoryContextAllocZero(cxt, sizeof(ActivityState));

	/* huge allocations: the actor table passes 1 GB past 2^25 integer keys */
	JourneyMemInitHuge(&st->mem, cxt);
	jy_activity_init(&st->a, kind, source);
	return st;
}

/* Report a failed status of the activity state */
static void
activity_check(JyStatus st)
{
	if (st == JY_ERR_TOO_MANY_EVENTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many active days in one activity summary"),
				 errdetail("A summary can hold at most %zu distinct (actor, day) pairs, %zu of them with a value.",
						   (size_t) JY_ACTIVITY_MAX_PAIRS, (size_t) JY_ACTIVITY_MAX_VALUED_PAIRS),
				 errhint("Group by a segment, or filter the rows first.")));
	if (st == JY_ERR_VALUE_TOO_LARGE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range for an activity summary"),
				 errdetail("Values are summed exactly per actor and day as 64-bit integers of the finest decimal place of any value (%d places at most).",
						   JY_VALUE_MAX_SCALE),
				 errhint("Round the values to fewer decimal places, e.g. round(value, 2).")));
	if (st == JY_ERR_BAD_PARAMETER)
		elog(ERROR, "activity day out of range");
	JourneyCheckStatus(st, "activity_agg");
}

/* The error for summaries that cannot merge */
static void
activity_mismatch(const JyActivity *a, JyActorKind kind, JyCohortSource source, bool valued)
{
	const char *what = jy_activity_mismatch(a, kind, source, valued);

	if (what == NULL)
		return;
	if (a->actors.kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge activity summaries of different actor key kinds"),
				 errdetail("One is keyed by %s, the other by %s.",
						   jy_actor_kind_name(a->actors.kind), jy_actor_kind_name(kind)),
				 errhint("Build the summaries from actors of the same type.")));
	if (a->source == source)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge activity summaries with values and without"),
				 errhint("Build them all with value_agg or all with activity_agg.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cannot merge activity summaries of different cohort sources"),
			 errdetail("One has cohorts by %s, the other by %s.",
					   jy_cohort_source_name(a->source), jy_cohort_source_name(source)),
			 errhint("Build them all with activity_agg(actor, ts) or all with activity_agg(actor, ts, cohort_event).")));
}

/* A row's value (argument value_arg, not NULL) as units / 10^scale */
static void
activity_value_arg(FunctionCallInfo fcinfo, int value_arg, int64_t *units, int *scale)
{
	char	   *t = DatumGetCString(DirectFunctionCall1(numeric_out, PG_GETARG_DATUM(value_arg)));
	JyRfmResult r = jy_rfm_parse_decimal(t, strlen(t), units, scale);

	if (r == JY_RFM_NOT_FINITE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value must be finite"),
				 errdetail("It is %s.", t)));
	if (r != JY_RFM_OK || *scale > JY_VALUE_MAX_SCALE)
		activity_check(JY_ERR_VALUE_TOO_LARGE);
	pfree(t);
}

/*
 * The transition of activity_agg and value_agg: (actor, ts [, value]
 * [, cohort_event]), the value at value_arg (or none: -1), the cohort event
 * at event_arg when there are that many arguments.  A NULL actor or ts:
 * the row is ignored; a NULL value: the row is activity with nothing to
 * add; a NULL cohort_event is false.
 */
static Datum
activity_transition(FunctionCallInfo fcinfo, int value_arg, int event_arg)
{
	MemoryContext aggcxt;
	ActivityState *st;
	TimestampTz ts;
	int64		ikey = 0;
	const void *bkey = NULL;
	size_t		blen = 0;
	int32		day;
	bool		event;
	JyStatus	s;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "activity_agg_transfn called in non-aggregate context");
	st = PG_ARGISNULL(0) ? NULL : (ActivityState *) PG_GETARG_POINTER(0);
	if (st == NULL)
	{
		JourneyActorArg key;

		JourneyActorArgInit(&key, fcinfo, 1, aggcxt);
		st = activity_state(aggcxt, key.kind,
							PG_NARGS() > event_arg ? JY_COHORT_EVENT : JY_COHORT_FIRST_DAY);
		if (value_arg > 0)
			jy_activity_set_valued(&st->a);
		st->key = key;
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(st);
	ts = PG_GETARG_TIMESTAMPTZ(2);
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("an infinite timestamp is in no period"),
				 errhint("Filter out infinite timestamps in the query.")));
	day = JourneyLocalDay(&st->days, ts);
	event = PG_NARGS() > event_arg && !PG_ARGISNULL(event_arg) && PG_GETARG_BOOL(event_arg);
	JourneyActorKey(&st->key, PG_GETARG_DATUM(1), &ikey, &bkey, &blen);
	if (value_arg > 0 && !PG_ARGISNULL(value_arg))
	{
		int64_t		units;
		int			scale;

		activity_value_arg(fcinfo, value_arg, &units, &scale);
		s = st->a.actors.kind == JY_ACTOR_INT
			? jy_activity_add_int_value(&st->a, &st->mem, ikey, day, event, units, scale)
			: jy_activity_add_bytes_value(&st->a, &st->mem, bkey, blen, day, event, units, scale);
	}
	else if (st->a.actors.kind == JY_ACTOR_INT)
		s = jy_activity_add_int(&st->a, &st->mem, ikey, day, event);
	else
		s = jy_activity_add_bytes(&st->a, &st->mem, bkey, blen, day, event);
	activity_check(s);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(activity_agg_transfn);

/* activity_agg transition: (actor, ts [, cohort_event]) */
Datum
activity_agg_transfn(PG_FUNCTION_ARGS)
{
	return activity_transition(fcinfo, -1, 3);
}

PG_FUNCTION_INFO_V1(value_agg_transfn);

/* value_agg transition: (actor, ts, value numeric [, cohort_event]) */
Datum
value_agg_transfn(PG_FUNCTION_ARGS)
{
	return activity_transition(fcinfo, 3, 4);
}

/* Merge summary bytes into a state */
static void
activity_add_bytes(ActivityState *st, const uint8_t *data, size_t len,
				   void (*damaged) (const char *what, const char *why), const char *what)
{
	const char *why = NULL;
	JyStatus	s = jy_activity_add_summary(&st->a, &st->mem, data, len, &why);

	if (s == JY_ERR_CORRUPT)
		damaged(what, why);
	if (s == JY_ERR_BAD_PARAMETER)
	{
		JyActivityHead h;

		/* name what differs (the summary decoded, so its head reads) */
		(void) jy_activity_summary_read(data, len, &st->mem, &h, NULL, NULL, &why);
		activity_mismatch(&st->a, h.kind, h.source, h.valued);
	}
	activity_check(s);
}

PG_FUNCTION_INFO_V1(activity_rollup_transfn);

/* rollup(activity_summary) transition: merge a stored summary; NULL: skip */
Datum
activity_rollup_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ActivityState *st;
	const uint8_t *data;
	size_t		len;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "activity_rollup_transfn called in non-aggregate context");
	st = PG_ARGISNULL(0) ? NULL : (ActivityState *) PG_GETARG_POINTER(0);
	if (st == NULL)
		st = activity_state(aggcxt, JY_ACTOR_NONE, JY_COHORT_NONE);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	data = JourneySummaryBytes(PG_GETARG_DATUM(1), &len);
	activity_add_bytes(st, data, len, JourneySummaryDamaged, "activity");
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(activity_agg_combine);

/* Combine: merge the right state into the left one */
Datum
activity_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ActivityState *a = PG_ARGISNULL(0) ? NULL : (ActivityState *) PG_GETARG_POINTER(0);
	ActivityState *b = PG_ARGISNULL(1) ? NULL : (ActivityState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "activity_agg_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		a = activity_state(aggcxt, b->a.actors.kind, b->a.source);
		a->a.valued = b->a.valued;
	}
	activity_mismatch(&a->a, b->a.actors.kind, b->a.source, b->a.valued);
	activity_check(jy_activity_merge(&a->a, &b->a, &a->mem));
	PG_RETURN_POINTER(a);
}

/* The summary of a state (an empty one for no state) */
static struct varlena *
activity_summary_of(ActivityState *st)
{
	JyMem		mem;
	JyWriter	w;

	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	if (st == NULL)
	{
		JyActivityHead h = {JY_ACTOR_NONE, JY_COHORT_NONE, 0, false, 0};

		jy_activity_write_head(&w, &h);
	}
	else
		activity_check(jy_activity_encode(&st->a, &st->mem, &w));
	return JourneySummaryFromWriter(&w, "activity_agg");
}

PG_FUNCTION_INFO_V1(activity_agg_serialize);

/* Serialize: the summary bytes */
Datum
activity_agg_serialize(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "activity_agg_serialize called in non-aggregate context");
	PG_RETURN_BYTEA_P(activity_summary_of((ActivityState *) PG_GETARG_POINTER(0)));
}

PG_FUNCTION_INFO_V1(activity_agg_deserialize);

/* Deserialize: decode (fully checked) into a new state */
Datum
activity_agg_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	ActivityState *st;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "activity_agg_deserialize called in non-aggregate context");
	st = activity_state(CurrentMemoryContext, JY_ACTOR_NONE, JY_COHORT_NONE);
	activity_add_bytes(st, (const uint8_t *) VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes),
					   JourneyCorruptState, "activity_agg");
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(activity_agg_finalfn);

/*
 * Final function: the summary; NULL over no rows, an empty one (no actor)
 * when no row had an actor and a timestamp.  It sorts the state's days in place, which leaves
 * what the state means unchanged (so FINALFUNC_MODIFY = READ_ONLY).
 */
Datum
activity_agg_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(activity_summary_of((ActivityState *) PG_GETARG_POINTER(0)));
}
