/*
 * statistics.c -- wilson_ci, proportion_ztest and funnel_compare
 *
 * Plain functions over counts (core/stats.c does the arithmetic).  Where the
 * data cannot support a statistic (an empty group, no variance) the value is
 * NULL and a note column says why, instead of an error: a report over many
 * segments should not fail because one segment is small.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "core/stats.h"

/* Error for counts a proportion cannot have */
static void
stats_check_counts(int64 successes, int64 trials, const char *group)
{
	if (trials < 0 || successes < 0 || successes > trials)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid counts%s: " INT64_FORMAT " successes of " INT64_FORMAT " trials",
						group, successes, trials),
				 errhint("Successes and trials must satisfy 0 <= successes <= trials.")));
}

/* A composite result from values and nulls */
static Datum
stats_tuple(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	TupleDesc	desc;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	desc = BlessTupleDesc(desc);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

PG_FUNCTION_INFO_V1(wilson_ci);

/*
 * wilson_ci(successes, trials, confidence) -> (low, high): the Wilson score
 * interval; NULLs when trials = 0
 */
Datum
wilson_ci(PG_FUNCTION_ARGS)
{
	int64		successes = PG_GETARG_INT64(0);
	int64		trials = PG_GETARG_INT64(1);
	double		confidence = JourneyConfidence(fcinfo, 2);
	Datum		values[2];
	bool		nulls[2] = {true, true};
	double		lo,
				hi;

	stats_check_counts(successes, trials, "");
	if (trials > 0)
	{
		jy_wilson(successes, trials, jy_z_for_confidence(confidence), &lo, &hi);
		values[0] = Float8GetDatum(lo);
		values[1] = Float8GetDatum(hi);
		nulls[0] = nulls[1] = false;
	}
	return stats_tuple(fcinfo, values, nulls);
}

/* Fill the 8 z-test columns and the note from a result */
static void
stats_ztest_columns(const JyZTest *t, JyZTestCheck check, Datum *values, bool *nulls)
{
	values[0] = Float8GetDatum(t->p1);
	values[1] = Float8GetDatum(t->p2);
	values[2] = Float8GetDatum(t->diff);
	values[3] = Float8GetDatum(t->diff_low);
	values[4] = Float8GetDatum(t->diff_high);
	nulls[0] = nulls[1] = nulls[2] = nulls[3] = nulls[4] = !t->has_diff;
	values[5] = Float8GetDatum(t->z);
	values[6] = Float8GetDatum(t->p_value);
	nulls[5] = nulls[6] = !t->has_z;
	values[7] = Float8GetDatum(t->lift);
	nulls[7] = !t->has_lift;
	if (check == JY_ZTEST_OK && !t->has_lift)
	{
		values[8] = CStringGetTextDatum("no lift: group a has no successes");
		nulls[8] = false;
	}
	else if (check != JY_ZTEST_OK)
	{
		values[8] = CStringGetTextDatum(jy_ztest_check_message(check));
		nulls[8] = false;
	}
	else
		nulls[8] = true;
}

PG_FUNCTION_INFO_V1(proportion_ztest);

/*
 * proportion_ztest(successes_a, trials_a, successes_b, trials_b, confidence)
 * -> (p_a, p_b, diff, diff_low, diff_high, z, p_value, lift, note)
 */
Datum
proportion_ztest(PG_FUNCTION_ARGS)
{
	int64		x1 = PG_GETARG_INT64(0),
				n1 = PG_GETARG_INT64(1),
				x2 = PG_GETARG_INT64(2),
				n2 = PG_GETARG_INT64(3);
	double		confidence = JourneyConfidence(fcinfo, 4);
	JyZTest		t;
	JyZTestCheck check;
	Datum		values[9];
	bool		nulls[9];

	stats_check_counts(x1, n1, " of group a");
	stats_check_counts(x2, n2, " of group b");
	check = jy_ztest(x1, n1, x2, n2, confidence, &t);
	stats_ztest_columns(&t, check, values, nulls);
	return stats_tuple(fcinfo, values, nulls);
}

/*
 * The base argument argno of a comparison report (funnel_compare,
 * funnel_segments): "start" or "previous"; NULL or another word is an error
 */
JyCompareBase
JourneyCompareBase(FunctionCallInfo fcinfo, int argno, const char *report)
{
	JyCompareBase base;
	char	   *base_text;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s base must not be NULL", report)));
	base_text = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	if (!jy_compare_parse_base(base_text, strlen(base_text), &base))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown %s base \"%s\"", report, base_text),
				 errhint("The base is \"start\" (conversion from step 1) or \"previous\" (from the step before).")));
	return base;
}

PG_FUNCTION_INFO_V1(funnel_compare);

/*
 * funnel_compare(counts_a, counts_b, names, confidence, base) -> one row per
 * step: the two groups' actors and conversions and the z-test of b against a
 */
Datum
funnel_compare(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int64		a[JY_MAX_STEPS + 1],
				b[JY_MAX_STEPS + 1];
	JyZTest		rows[JY_MAX_STEPS];
	JyZTestCheck checks[JY_MAX_STEPS];
	Datum	   *names = NULL;
	bool	   *names_null = NULL;
	double		confidence;
	JyCompareBase base;
	int			n,
				nb,
				k;

	InitMaterializedSRF(fcinfo, 0);
	confidence = JourneyConfidence(fcinfo, 3);
	base = JourneyCompareBase(fcinfo, 4, "funnel_compare");
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	n = JourneyCountsFromArray(PG_GETARG_ARRAYTYPE_P(0), a);
	nb = JourneyCountsFromArray(PG_GETARG_ARRAYTYPE_P(1), b);
	if (n != nb)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the two funnels have different numbers of steps"),
				 errdetail("Group a has %d steps, group b %d.", n, nb)));
	if (!PG_ARGISNULL(2))
		names = JourneyStepNames(PG_GETARG_ARRAYTYPE_P(2), n, &names_null);
	jy_funnel_compare(a, b, n, base, confidence, rows, checks);
	for (k = 0; k < n; k++)
	{
		Datum		values[13];
		bool		nulls[13];

		values[0] = Int32GetDatum(k + 1);
		nulls[0] = false;
		nulls[1] = names == NULL || names_null[k];
		values[1] = nulls[1] ? (Datum) 0 : names[k];
		values[2] = Int64GetDatum(a[k]);
		values[3] = Int64GetDatum(b[k]);
		nulls[2] = nulls[3] = false;
		stats_ztest_columns(&rows[k], checks[k], values + 4, nulls + 4);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
