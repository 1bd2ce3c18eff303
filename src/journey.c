/*
 * journey.c -- module entry and helpers shared by the glue
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "core/codec.h"
#include "core/events.h"
#include "utils/memutils.h"

PG_MODULE_MAGIC;

/* The state formats' timestamp type byte is the JourneyTsType */
StaticAssertDecl(JOURNEY_TS_BIGINT == JY_TS_TYPE_BIGINT,
				 "JourneyTsType must match the state format's timestamp type");

static void *
mem_alloc(void *arg, size_t size)
{
	return MemoryContextAlloc((MemoryContext) arg, size);
}

static void *
mem_resize(void *arg, void *ptr, size_t size)
{
	return repalloc(ptr, size);
}

static void
mem_release(void *arg, void *ptr)
{
	pfree(ptr);
}

static void
mem_interrupt(void *arg)
{
	CHECK_FOR_INTERRUPTS();
}

/* The cases of a combine function that need no merge (journey.h) */
bool
JourneyCombineShortcut(FunctionCallInfo fcinfo, const char *name,
					   MemoryContext *aggcxt, void *a, void *b,
					   bool *b_decoded, void **result)
{
	if (!AggCheckCallContext(fcinfo, aggcxt))
		elog(ERROR, "%s called in non-aggregate context", name);
	if (b == NULL)
	{
		*result = a;
		return true;
	}
	/* a deserialized state is in the aggregate context already: keep it */
	if (a == NULL && *b_decoded)
	{
		*b_decoded = false;
		*result = b;
		return true;
	}
	return false;
}

/* A JyMem that allocates in cxt and honours query cancellation */
void
JourneyMemInit(JyMem *mem, MemoryContext cxt)
{
	mem->alloc = mem_alloc;
	mem->resize = mem_resize;
	mem->release = mem_release;
	mem->interrupt = mem_interrupt;
	mem->arg = cxt;
}

/* NULL when out of memory, so the core can take a slower path or report it */
static void *
mem_alloc_huge(void *arg, size_t size)
{
	return MemoryContextAllocExtended((MemoryContext) arg, size,
									  MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void *
mem_resize_huge(void *arg, void *ptr, size_t size)
{
	return repalloc_huge(ptr, size);
}

/*
 * The same, allowing allocations beyond 1 GB; a new allocation that fails
 * returns NULL (the core reports it, or takes a path needing less memory)
 */
void
JourneyMemInitHuge(JyMem *mem, MemoryContext cxt)
{
	JourneyMemInit(mem, cxt);
	mem->alloc = mem_alloc_huge;
	mem->resize = mem_resize_huge;
}

/* Report a failed core status as an error */
void
JourneyCheckStatus(JyStatus st, const char *what)
{
	switch (st)
	{
		case JY_OK:
			return;
		case JY_ERR_OUT_OF_MEMORY:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory"),
					 errdetail("%s could not allocate its working memory.", what)));
			break;
		case JY_ERR_TOO_MANY_EVENTS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many events in one %s group", what),
					 errdetail("A group can hold at most %u events.", (unsigned) JY_MAX_EVENTS),
					 errhint("Group by a finer key (an actor rather than a segment), or filter the events first.")));
			break;
		case JY_ERR_TOO_MANY_TOUCHES:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many touches in one %s", what),
					 errdetail("A journey can hold at most %u touches.", (unsigned) JY_MAX_TOUCHES),
					 errhint("Build journeys per period (a day, a week) or filter the events first.")));
			break;
		case JY_ERR_TOO_MANY_LABELS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many distinct labels in one %s", what),
					 errdetail("At most %u distinct labels are allowed.", (unsigned) JY_MAX_TOUCHES),
					 errhint("Label touches with fewer distinct values (a category rather than a unique id).")));
			break;
		case JY_ERR_LABELS_TOO_LONG:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("distinct labels of one %s exceed 1 GB", what),
					 errdetail("The distinct labels together may take at most %zu bytes.", (size_t) JY_MAX_ALLOC),
					 errhint("Use shorter labels (codes rather than descriptions), or build journeys per period.")));
			break;
		case JY_ERR_VALUE_TOO_LARGE:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("%s value would exceed 1 GB", what),
					 errdetail("One value, or its text form, may take at most %zu bytes.", (size_t) JY_MAX_ALLOC),
					 errhint("Build journeys per period (a day, a week) or filter the events first.")));
			break;
		case JY_ERR_TOO_MANY_CHAINS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many candidate %s chains at one timestamp", what),
					 errdetail("strict_once keeps every candidate chain of rows that share a timestamp and satisfy several conditions."),
					 errhint("Make the conditions mutually exclusive, use finer timestamps, or drop strict_once.")));
			break;
		default:
			elog(ERROR, "%s failed with internal status %d", what, (int) st);
	}
}

/*
 * Check the condition arguments first..last of an aggregate call: each must
 * be boolean, at most JY_MAX_STEPS of them, and not a VARIADIC array.
 * Returns their number.
 */
int
JourneyCheckConditions(FunctionCallInfo fcinfo, int first, const char *what)
{
	int			nargs = PG_NARGS();
	int			n = nargs - first;
	int			i;

	if (get_fn_expr_variadic(fcinfo->flinfo))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s conditions cannot be passed as a VARIADIC array", what),
				 errhint("Pass each condition as a separate argument.")));
	if (n < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs at least one condition", what)));
	if (n > JY_MAX_STEPS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many %s conditions", what),
				 errdetail("%d conditions were given; the limit is %d.", n, JY_MAX_STEPS)));
	for (i = first; i < nargs; i++)
	{
		Oid			t = get_fn_expr_argtype(fcinfo->flinfo, i);

		if (!OidIsValid(t))
			elog(ERROR, "could not determine the argument types of %s", what);
		if (t != BOOLOID)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("%s condition %d must be boolean, not %s",
							what, i - first + 1, format_type_be(t))));
	}
	return n;
}

/* The JourneyTsType of a timestamp argument's type */
uint8
JourneyTsTypeOf(Oid typid, const char *what)
{
	if (typid == TIMESTAMPTZOID)
		return JOURNEY_TS_TIMESTAMPTZ;
	if (typid == TIMESTAMPOID)
		return JOURNEY_TS_TIMESTAMP;
	if (typid == INT8OID)
		return JOURNEY_TS_BIGINT;
	elog(ERROR, "unexpected timestamp type %u in %s", typid, what);
	return 0;					/* keep the compiler quiet */
}

/* The type OID of a JourneyTsType */
Oid
JourneyTsTypeOid(uint8 tstype)
{
	return tstype == JOURNEY_TS_TIMESTAMPTZ ? TIMESTAMPTZOID :
		tstype == JOURNEY_TS_TIMESTAMP ? TIMESTAMPOID : INT8OID;
}

/* Make room for extra more events in an aggregate state's block */
void *
JourneyStateGrow(void *st, size_t prefix, const JyMem *mem, size_t extra,
				 const char *what)
{
	JyStatus	rc;

	st = jy_events_grow(st, prefix, mem, extra, &rc);
	JourneyCheckStatus(rc, what);
	return st;
}

/*
 * Append one event to the JyEvents block at offset prefix of an aggregate
 * state, growing the state when the block is full; returns the state,
 * perhaps moved
 */
void *
JourneyStatePush(void *st, size_t prefix, const JyMem *mem, int64 ts,
				 uint64 mask, const char *what)
{
	JyEvents   *ev = jy_events_at(st, prefix);

	if (ev->n == ev->cap)
	{
		st = JourneyStateGrow(st, prefix, mem, 1, what);
		ev = jy_events_at(st, prefix);
	}
	jy_events_push(ev, ts, mask);
	return st;
}

/*
 * Combine function of the aggregates whose state is a header of prefix(st)
 * bytes followed by a JyEvents block: a missing left state starts as a copy
 * of the right one's header, otherwise check_same(a, b) must accept the
 * pair; then the right state's events are appended to the left's.
 */
Datum
JourneyCombineEvents(FunctionCallInfo fcinfo, size_t (*prefix) (const void *st),
					 void (*check_same) (const void *a, const void *b),
					 const char *what)
{
	MemoryContext aggcxt;
	void	   *a = PG_ARGISNULL(0) ? NULL : PG_GETARG_POINTER(0);
	void	   *b = PG_ARGISNULL(1) ? NULL : PG_GETARG_POINTER(1);
	JyEvents   *be;
	JyMem		mem;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s combine function called in non-aggregate context", what);
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	JourneyMemInit(&mem, aggcxt);
	be = jy_events_at(b, prefix(b));
	if (a == NULL)
	{
		a = JourneyStateGrow(NULL, prefix(b), &mem, be->n, what);
		memcpy(a, b, prefix(b));
	}
	else
	{
		check_same(a, b);
		a = JourneyStateGrow(a, prefix(a), &mem, be->n, what);
	}
	jy_events_append(jy_events_at(a, prefix(a)), be->ev, be->n);
	PG_RETURN_POINTER(a);
}

/* Report a malformed serialized state */
void
JourneyCorruptState(const char *what, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid %s state", what),
			 errdetail("%s", why)));
}

/* Microseconds of an interval: a month counts 30 days, a day 24 hours */
int64
JourneyIntervalUsecs(Interval *iv, const char *what)
{
	int64		months,
				days,
				w;

	if (pg_mul_s64_overflow((int64) iv->month, DAYS_PER_MONTH * USECS_PER_DAY, &months) ||
		pg_mul_s64_overflow((int64) iv->day, USECS_PER_DAY, &days) ||
		pg_add_s64_overflow(iv->time, months, &w) ||
		pg_add_s64_overflow(w, days, &w))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of range", what)));
	return w;
}

/*
 * Read a stored journey value.  Values were validated in full where they
 * entered (text input, binary receive, aggregate deserialize), so this reads
 * them with bounds checks only (jy_journey_read): damaged bytes give an
 * error or wrong values, never a crash.
 */
void
JourneyDecode(Journey *jv, JyJourney *j)
{
	JyMem		mem;
	const char *why = NULL;
	JyStatus	st;

	JourneyMemInit(&mem, CurrentMemoryContext);
	st = jy_journey_read((const uint8 *) VARDATA_ANY(jv), VARSIZE_ANY_EXHDR(jv), &mem, j, &why);
	JourneyCheckRead(st, why);
}

/* Report a failed read of a stored journey (a damaged value) as an error */
void
JourneyCheckRead(JyStatus st, const char *why)
{
	if (st == JY_ERR_CORRUPT)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid journey value"),
				 errdetail("%s", why)));
	JourneyCheckStatus(st, "journey");
}

/* Encode a builder into a new journey value */
Journey *
JourneyFromBuilder(JyJourneyBuilder *b)
{
	JyMem		mem;
	uint8	   *bytes;
	size_t		len;

	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_builder_encode(b, &mem, VARHDRSZ, &bytes, &len), "journey");
	SET_VARSIZE(bytes, VARHDRSZ + len);
	return (Journey *) bytes;
}

/*
 * The timestamps times[0..n) as an array of elemtype (timestamptz,
 * timestamp or bigint: all int64); an empty array when n is 0
 */
Datum
JourneyTimesArray(const int64 *times, int n, Oid elemtype)
{
	Datum		elems[JY_MAX_STEPS];
	int			i;

	if (n == 0)
		return PointerGetDatum(construct_empty_array(elemtype));
	for (i = 0; i < n; i++)
		elems[i] = Int64GetDatum(times[i]);
	return PointerGetDatum(construct_array(elems, n, elemtype, sizeof(int64),
										   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
