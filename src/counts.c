/*
 * counts.c -- funnel_counts, journey_completion and funnel_report
 *
 * funnel_counts and journey_completion share one state: per step k, the
 * number of actors that reached at least step k.  It is built either from
 * per-actor levels or by summing stored count arrays (rollup).
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "core/codec.h"
#include "core/stats.h"

typedef struct CountsState
{
	int32		nsteps;
	int64		counts[JY_MAX_STEPS];	/* counts[k]: actors at step >= k + 1 */
} CountsState;

/* A new state with nsteps steps, in cxt */
static CountsState *
counts_new(MemoryContext cxt, int nsteps)
{
	CountsState *st = MemoryContextAllocZero(cxt, sizeof(CountsState));

	st->nsteps = nsteps;
	return st;
}

/* Error unless a state and new input agree on the number of steps */
static void
counts_check_steps(const CountsState *st, int nsteps)
{
	if (st->nsteps != nsteps)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel step counts differ within a group: %d and %d",
						st->nsteps, nsteps)));
}

/* Add n to a count, with an overflow check */
static void
counts_add(int64 *c, int64 n)
{
	if (pg_add_s64_overflow(*c, n, c))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("funnel count out of range")));
}

/*
 * Read a count array as a funnel: one-dimensional, no NULLs, non-negative,
 * non-increasing, 1 to JY_MAX_STEPS elements.  Shared by the rollup and by
 * funnel_report so both give the same errors.  Returns the number of steps.
 */
int
JourneyCountsFromArray(ArrayType *arr, int64 *counts)
{
	int			n;
	int			at;
	JyCountsCheck chk;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("funnel counts must be a one-dimensional array")));
	if (array_contains_nulls(arr))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("funnel counts must not contain NULLs")));
	n = ARR_NDIM(arr) == 0 ? 0 : ARR_DIMS(arr)[0];
	if (n > JY_MAX_STEPS)
		n = JY_MAX_STEPS + 1;	/* reported below, before reading */
	else if (n > 0)				/* no NULL bitmap (checked above) */
		memcpy(counts, (char *) arr + ARR_OVERHEAD_NONULLS(ARR_NDIM(arr)),
			   n * sizeof(int64));
	chk = jy_counts_check(counts, n, &at);
	switch (chk)
	{
		case JY_COUNTS_OK:
			break;
		case JY_COUNTS_EMPTY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("funnel counts must not be empty")));
			break;
		case JY_COUNTS_TOO_MANY:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("a funnel cannot have more than %d steps", JY_MAX_STEPS)));
			break;
		case JY_COUNTS_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("funnel count of step %d is negative", at + 1)));
			break;
		case JY_COUNTS_INCREASING:
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("funnel count of step %d exceeds that of step %d", at + 1, at),
					 errhint("Funnel counts are cumulative (actors reaching at least each step), as funnel_counts returns them.")));
			break;
	}
	return n;
}

PG_FUNCTION_INFO_V1(funnel_counts_transfn);

/* Transition from a per-actor level: count it in steps 1..level */
Datum
funnel_counts_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	CountsState *st;
	int32		steps,
				level,
				k;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_counts_transfn called in non-aggregate context");
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("number of funnel steps must not be NULL")));
	steps = PG_GETARG_INT32(2);
	if (steps < 1 || steps > JY_MAX_STEPS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of funnel steps must be between 1 and %d", JY_MAX_STEPS),
				 errdetail("It is %d.", steps)));
	if (PG_ARGISNULL(0))
		st = counts_new(aggcxt, steps);
	else
	{
		st = (CountsState *) PG_GETARG_POINTER(0);
		counts_check_steps(st, steps);
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	level = PG_GETARG_INT32(1);
	if (level < 0 || level > steps)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel level %d is out of range", level),
				 errdetail("Levels of a funnel of %d steps lie between 0 and %d.", steps, steps)));
	for (k = 0; k < level; k++)
		st->counts[k]++;
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(funnel_counts_rollup_transfn);

/* Transition from a stored count array: add it element by element */
Datum
funnel_counts_rollup_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	CountsState *st = PG_ARGISNULL(0) ? NULL : (CountsState *) PG_GETARG_POINTER(0);
	int64		counts[JY_MAX_STEPS + 1];
	int			n,
				k;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_counts_rollup_transfn called in non-aggregate context");
	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();	/* still no state */
		PG_RETURN_POINTER(st);
	}
	n = JourneyCountsFromArray(PG_GETARG_ARRAYTYPE_P(1), counts);
	if (st == NULL)
		st = counts_new(aggcxt, n);
	else
		counts_check_steps(st, n);
	for (k = 0; k < n; k++)
		counts_add(&st->counts[k], counts[k]);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(funnel_counts_combine);

/* Combine: add the right state into the left (a copy when the left is NULL) */
Datum
funnel_counts_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	CountsState *a = PG_ARGISNULL(0) ? NULL : (CountsState *) PG_GETARG_POINTER(0);
	CountsState *b = PG_ARGISNULL(1) ? NULL : (CountsState *) PG_GETARG_POINTER(1);
	int			k;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_counts_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = counts_new(aggcxt, b->nsteps);
	else
		counts_check_steps(a, b->nsteps);
	for (k = 0; k < b->nsteps; k++)
		counts_add(&a->counts[k], b->counts[k]);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(funnel_counts_serialize);

/* Serialize into the portable format of docs/format.md (core codec) */
Datum
funnel_counts_serialize(PG_FUNCTION_ARGS)
{
	CountsState *st = (CountsState *) PG_GETARG_POINTER(0);
	size_t		size = jy_counts_state_size(st->nsteps);
	bytea	   *out;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_counts_serialize called in non-aggregate context");
	out = palloc(VARHDRSZ + size);
	SET_VARSIZE(out, VARHDRSZ + size);
	jy_counts_state_encode(st->counts, st->nsteps, (uint8 *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(funnel_counts_deserialize);

/* Deserialize, checking the step count, the length and the counts */
Datum
funnel_counts_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	CountsState *st;
	const char *why = NULL;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_counts_deserialize called in non-aggregate context");
	st = counts_new(CurrentMemoryContext, 1);
	if (jy_counts_state_decode((const uint8 *) VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes),
							   st->counts, &st->nsteps, &why) != JY_OK)
		JourneyCorruptState("funnel_counts", why);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(funnel_counts_finalfn);

/* Final function of funnel_counts: bigint[], NULL for a group without rows */
Datum
funnel_counts_finalfn(PG_FUNCTION_ARGS)
{
	CountsState *st;
	Datum		elems[JY_MAX_STEPS];
	int			k;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (CountsState *) PG_GETARG_POINTER(0);
	for (k = 0; k < st->nsteps; k++)
		elems[k] = Int64GetDatum(st->counts[k]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, st->nsteps, INT8OID, sizeof(int64),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

PG_FUNCTION_INFO_V1(journey_completion_finalfn);

/*
 * Final function of journey_completion: the share of actors that entered
 * (level >= 1) and reached the last step; NULL when nobody entered.
 */
Datum
journey_completion_finalfn(PG_FUNCTION_ARGS)
{
	CountsState *st;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (CountsState *) PG_GETARG_POINTER(0);
	if (st->counts[0] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((double) st->counts[st->nsteps - 1] / (double) st->counts[0]);
}

/* A confidence argument: not NULL, strictly between 0 and 1 */
double
JourneyConfidence(FunctionCallInfo fcinfo, int arg)
{
	double		confidence;

	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("confidence must not be NULL")));
	confidence = PG_GETARG_FLOAT8(arg);
	if (!(confidence > 0 && confidence < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("confidence must be between 0 and 1, exclusive"),
				 errdetail("It is %g.", confidence)));
	return confidence;
}

/* Step names for n steps: a one-dimensional text[] of n elements */
Datum *
JourneyStepNames(ArrayType *arr, int n, bool **nulls)
{
	Datum	   *names;
	int			nnames;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("step names must be a one-dimensional array")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &names, nulls, &nnames);
	if (nnames != n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("step names do not match the funnel counts"),
				 errdetail("%d names were given for %d steps.", nnames, n)));
	return names;
}

PG_FUNCTION_INFO_V1(funnel_report);

/*
 * funnel_report(counts bigint[], names text[], confidence float8
 * [, from_step int, to_step int]): one row per step with conversion from
 * step 1 and from the previous step, the actors dropped at the step, and the
 * Wilson interval of the conversion.  With a step range, only the rows of
 * steps from_step .. to_step (NULL: the last), conversion measured from
 * from_step.
 */
Datum
funnel_report(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int64		counts[JY_MAX_STEPS + 1];
	JyFunnelRow rows[JY_MAX_STEPS];
	Datum	   *names = NULL;
	bool	   *names_null = NULL;
	double		confidence;
	int			n,
				k,
				from = 1,
				to;

	InitMaterializedSRF(fcinfo, 0);
	confidence = JourneyConfidence(fcinfo, 2);
	if (PG_ARGISNULL(0))
		return (Datum) 0;		/* no counts, no rows */
	n = JourneyCountsFromArray(PG_GETARG_ARRAYTYPE_P(0), counts);
	if (!PG_ARGISNULL(1))
		names = JourneyStepNames(PG_GETARG_ARRAYTYPE_P(1), n, &names_null);
	to = n;
	if (PG_NARGS() > 3)
	{
		if (PG_ARGISNULL(3))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("from_step must not be NULL")));
		from = PG_GETARG_INT32(3);
		to = PG_ARGISNULL(4) ? n : PG_GETARG_INT32(4);
		if (from < 1 || from > n || to < from || to > n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("funnel step range %d to %d is out of range", from, to),
					 errdetail("The funnel has %d steps; 1 <= from_step <= to_step <= %d.", n, n)));
	}
	/* the rows of the range, as a funnel of its own starting at from */
	jy_funnel_report(counts + from - 1, to - from + 1, jy_z_for_confidence(confidence), rows);
	for (k = 0; k < to - from + 1; k++)
	{
		Datum		values[8];
		bool		nulls[8];
		const JyFunnelRow *r = &rows[k];

		values[0] = Int32GetDatum(from + k);
		nulls[0] = false;
		nulls[1] = names == NULL || names_null[from - 1 + k];
		values[1] = nulls[1] ? (Datum) 0 : names[from - 1 + k];
		values[2] = Int64GetDatum(r->actors);
		nulls[2] = false;
		values[3] = Float8GetDatum(r->conversion);
		nulls[3] = !r->has_conversion;
		values[4] = Float8GetDatum(r->step_conversion);
		nulls[4] = !r->has_step_conversion;
		values[5] = Int64GetDatum(r->dropped);
		nulls[5] = !r->has_dropped;
		values[6] = Float8GetDatum(r->ci_low);
		values[7] = Float8GetDatum(r->ci_high);
		nulls[6] = nulls[7] = !r->has_conversion;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
