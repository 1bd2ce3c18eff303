/*
 * experience.c -- experience measurement: experience_agg, rollup, nps,
 * csat, mean_score and experience_consistency
 *
 * experience_agg(score) counts survey answers per score 0 .. 10 into an
 * experience_summary (core/experience.c, summary kind 10), rollup merges
 * stored summaries, and the reports read one: NPS in points with the
 * trinomial normal interval, CSAT with the Wilson interval, the mean score
 * with the t interval.  experience_consistency aggregates one summary per
 * touchpoint into the consistency index (docs/experience.md).
 */
#include "journey.h"

#include <math.h>

#include "funcapi.h"
#include "utils/builtins.h"

#include "summary.h"
#include "core/experience.h"

#define EXP_SUMMARY "experience_summary"
#define EXP_CONSISTENCY "experience_consistency"

JOURNEY_SUMMARY_IO(experience_summary, jy_scores_check)

/* Report answers beyond a bigint */
static void
exp_too_many(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("too many answers in one experience_summary"),
			 errdetail("The number of answers must fit in a bigint.")));
}

/* A new state of no answers in cxt */
static JyScores *
exp_state_new(MemoryContext cxt)
{
	JyScores   *st = MemoryContextAlloc(cxt, sizeof(JyScores));

	jy_scores_init(st);
	return st;
}

/* Decode a stored summary (checked on input: damage is XX001) */
static void
exp_read(Datum d, JyScores *s)
{
	size_t		len;
	const uint8 *data = JourneySummaryBytes(d, &len);
	const char *why = NULL;

	if (jy_scores_decode(data, len, s, &why) != JY_OK)
		JourneySummaryDamaged(EXP_SUMMARY, why);
}

PG_FUNCTION_INFO_V1(experience_agg_transfn);

/*
 * experience_agg(score int): count an answer; a NULL score is ignored, a
 * score outside 0 .. 10 is an error
 */
Datum
experience_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	JyScores   *st = PG_ARGISNULL(0) ? NULL : (JyScores *) PG_GETARG_POINTER(0);
	int32		score;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "experience_agg_transfn called in non-aggregate context");
	if (st == NULL)
		st = exp_state_new(aggcxt);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	score = PG_GETARG_INT32(1);
	if (score < 0 || score > JY_SCORE_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("survey score %d is out of range", score),
				 errdetail("Scores are integers from 0 to %d.", JY_SCORE_MAX)));
	/* one row adds one answer: 2^63 rows cannot be reached */
	jy_scores_add(st, score);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(experience_summary_rollup_transfn);

/* rollup(experience_summary): add a summary's counts; NULLs are ignored */
Datum
experience_summary_rollup_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	JyScores   *st = PG_ARGISNULL(0) ? NULL : (JyScores *) PG_GETARG_POINTER(0);
	JyScores	s;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "experience_summary_rollup_transfn called in non-aggregate context");
	if (st == NULL)
		st = exp_state_new(aggcxt);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	exp_read(PG_GETARG_DATUM(1), &s);
	if (jy_scores_merge_checked(st, &s) != JY_OK)
		exp_too_many();
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(experience_agg_combine);

/* Combine: add the right state's counts to the left (a new one when NULL) */
Datum
experience_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	JyScores   *a = PG_ARGISNULL(0) ? NULL : (JyScores *) PG_GETARG_POINTER(0);
	JyScores   *b = PG_ARGISNULL(1) ? NULL : (JyScores *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "experience_agg_combine called in non-aggregate context");
	if (b == NULL)
		PG_RETURN_STATE(a);
	if (a == NULL)
		a = exp_state_new(aggcxt);
	if (jy_scores_merge_checked(a, b) != JY_OK)
		exp_too_many();
	PG_RETURN_POINTER(a);
}

/* The summary bytes of a state, as a varlena */
static struct varlena *
exp_bytes(const JyScores *st)
{
	JyWriter	w;
	JyMem		mem;

	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	jy_scores_encode(&w, st);
	return JourneySummaryFromWriter(&w, EXP_SUMMARY);
}

PG_FUNCTION_INFO_V1(experience_agg_serialize);

/* Serialize: the summary's bytes */
Datum
experience_agg_serialize(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "experience_agg_serialize called in non-aggregate context");
	PG_RETURN_BYTEA_P(exp_bytes((JyScores *) PG_GETARG_POINTER(0)));
}

PG_FUNCTION_INFO_V1(experience_agg_deserialize);

/* Deserialize: decode (fully checked) into a new state */
Datum
experience_agg_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	JyScores   *st;
	const char *why = NULL;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "experience_agg_deserialize called in non-aggregate context");
	st = palloc(sizeof(JyScores));
	if (jy_scores_decode((const uint8 *) VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes),
						 st, &why) != JY_OK)
		JourneyCorruptState("experience_agg", why);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(experience_agg_finalfn);

/* Final function of experience_agg and rollup: the summary (NULL: no rows) */
Datum
experience_agg_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(exp_bytes((JyScores *) PG_GETARG_POINTER(0)));
}

/* ---------- the reports: nps, csat, mean_score ---------- */

/* Emit one row */
static void
exp_put(FunctionCallInfo fcinfo, Datum *values, bool *nulls)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/* The summary of argument 0 (reports are STRICT) */
static void
exp_summary_arg(FunctionCallInfo fcinfo, JyScores *s)
{
	exp_read(PG_GETARG_DATUM(0), s);
}

/* A confidence argument (never NULL here: the reports are STRICT) */
static double
exp_confidence(FunctionCallInfo fcinfo, int argno)
{
	return JourneyConfidence(fcinfo, argno);
}

PG_FUNCTION_INFO_V1(nps);

/*
 * nps(summary, confidence) -> (nps, ci_low, ci_high, answers, promoters,
 * passives, detractors): NPS in points; no rows for a summary without
 * answers
 */
Datum
nps(PG_FUNCTION_ARGS)
{
	JyScores	s;
	JyExpMeasure m;
	double		confidence,
				points;
	Datum		values[7];
	bool		nulls[7];

	InitMaterializedSRF(fcinfo, 0);
	confidence = exp_confidence(fcinfo, 1);
	exp_summary_arg(fcinfo, &s);
	JourneyCheckStatus(jy_exp_nps(&s, jy_z_for_confidence(confidence), &m), "nps");
	if (!m.has_value)
		return (Datum) 0;
	(void) jy_exp_score(&s, JY_EXP_NPS, &points);
	memset(nulls, 0, sizeof(nulls));
	values[0] = Float8GetDatum(points);
	values[1] = Float8GetDatum(fmax(-100, 100 * m.ci_low));
	values[2] = Float8GetDatum(fmin(100, 100 * m.ci_high));
	values[3] = Int64GetDatum(m.n);
	values[4] = Int64GetDatum(m.promoters);
	values[5] = Int64GetDatum(m.passives);
	values[6] = Int64GetDatum(m.detractors);
	exp_put(fcinfo, values, nulls);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(csat);

/*
 * csat(summary, threshold, confidence) -> (csat, ci_low, ci_high, answers,
 * satisfied): the share of answers at or above threshold, Wilson interval
 */
Datum
csat(PG_FUNCTION_ARGS)
{
	JyScores	s;
	JyExpMeasure m;
	int32		threshold;
	double		confidence;
	Datum		values[5];
	bool		nulls[5];

	InitMaterializedSRF(fcinfo, 0);
	threshold = PG_GETARG_INT32(1);
	if (threshold < 0 || threshold > JY_SCORE_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("csat threshold %d is out of range", threshold),
				 errdetail("Scores, and so thresholds, are integers from 0 to %d.", JY_SCORE_MAX),
				 errhint("The top-2-box of a 1 .. 5 scale is threshold 4.")));
	confidence = exp_confidence(fcinfo, 2);
	exp_summary_arg(fcinfo, &s);
	JourneyCheckStatus(jy_exp_csat(&s, threshold, jy_z_for_confidence(confidence), &m),
					   "csat");
	if (!m.has_value)
		return (Datum) 0;
	memset(nulls, 0, sizeof(nulls));
	values[0] = Float8GetDatum(m.value);
	values[1] = Float8GetDatum(m.ci_low);
	values[2] = Float8GetDatum(m.ci_high);
	values[3] = Int64GetDatum(m.n);
	values[4] = Int64GetDatum(m.successes);
	exp_put(fcinfo, values, nulls);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(mean_score);

/*
 * mean_score(summary, confidence) -> (mean, sd, ci_low, ci_high, answers):
 * sd and the interval are NULL for one answer
 */
Datum
mean_score(PG_FUNCTION_ARGS)
{
	JyScores	s;
	JyExpMeasure m;
	double		confidence;
	Datum		values[5];
	bool		nulls[5];

	InitMaterializedSRF(fcinfo, 0);
	confidence = exp_confidence(fcinfo, 1);
	exp_summary_arg(fcinfo, &s);
	JourneyCheckStatus(jy_exp_mean(&s, confidence, &m), "mean_score");
	if (!m.has_value)
		return (Datum) 0;
	memset(nulls, 0, sizeof(nulls));
	values[0] = Float8GetDatum(m.value);
	values[1] = Float8GetDatum(m.sd);
	values[2] = Float8GetDatum(m.ci_low);
	values[3] = Float8GetDatum(m.ci_high);
	nulls[1] = nulls[2] = nulls[3] = !m.has_ci;
	values[4] = Int64GetDatum(m.n);
	exp_put(fcinfo, values, nulls);
	return (Datum) 0;
}

/* ---------- experience_consistency(summary, measure, tolerance [, min_answers]) ---------- */

/* The aggregate state: the core's, with its allocator */
typedef struct ConsistencyState
{
	JyConsistencyState c;
	JyMem		mem;
} ConsistencyState;

/* Report a failed core operation on a consistency state */
static void
consistency_check_status(JyStatus st)
{
	if (st == JY_ERR_VALUE_TOO_LARGE)
		exp_too_many();
	if (st == JY_ERR_TOO_MANY_EVENTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many touchpoints in one experience_consistency group"),
				 errdetail("A group can hold at most %u touchpoints.",
						   (unsigned) JY_CONSISTENCY_MAX_TOUCH),
				 errhint("Give the aggregate one summary per touchpoint (GROUP BY touchpoint first).")));
	JourneyCheckStatus(st, EXP_CONSISTENCY);
}

/* The parameters of a row: measure, tolerance, min_answers (1 when absent) */
static void
consistency_params(FunctionCallInfo fcinfo, JyExpKind *kind, double *tol, int64 *min_answers)
{
	text	   *t;
	int			k;

	if (PG_ARGISNULL(2) || PG_ARGISNULL(3) || (PG_NARGS() > 4 && PG_ARGISNULL(4)))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("experience_consistency measure, tolerance and min_answers must not be NULL")));
	t = PG_GETARG_TEXT_PP(2);
	k = jy_exp_kind_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	if (k < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown experience measure \"%s\"", text_to_cstring(t)),
				 errhint("The measures are \"nps\" (points), \"csat\" (share of scores 4 and above) and \"mean\".")));
	*kind = (JyExpKind) k;
	*tol = PG_GETARG_FLOAT8(3);
	if (!isfinite(*tol) || *tol < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("experience_consistency tolerance must be finite and at least 0"),
				 errdetail("It is %g.", *tol),
				 errhint("The tolerance is in the measure's units: NPS points, a CSAT share, or score points.")));
	*min_answers = PG_NARGS() > 4 ? PG_GETARG_INT64(4) : 1;
	if (*min_answers < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("experience_consistency min_answers must be at least 0"),
				 errdetail("It is " INT64_FORMAT ".", *min_answers)));
}

/* Error unless two states have the same parameters */
static void
consistency_check_same(const JyConsistencyState *a, const JyConsistencyState *b)
{
	if (a->kind != b->kind || a->tolerance != b->tolerance || a->min_answers != b->min_answers)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("experience_consistency measure, tolerance and min_answers must be the same for every row of a group")));
}

/* A new state in cxt with the parameters of params and no touchpoints */
static ConsistencyState *
consistency_state_new(MemoryContext cxt, const JyConsistencyState *params)
{
	ConsistencyState *st = MemoryContextAllocZero(cxt, sizeof(ConsistencyState));

	JourneyMemInit(&st->mem, cxt);
	st->c.kind = params->kind;
	st->c.tolerance = params->tolerance;
	st->c.min_answers = params->min_answers;
	jy_scores_init(&st->c.pooled);
	return st;
}

PG_FUNCTION_INFO_V1(experience_consistency_transfn);

/*
 * experience_consistency(summary, measure, tolerance [, min_answers]): one
 * touchpoint per row; a NULL summary is ignored, NULL parameters are errors
 */
Datum
experience_consistency_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ConsistencyState *st = PG_ARGISNULL(0) ? NULL : (ConsistencyState *) PG_GETARG_POINTER(0);
	JyConsistencyState row;
	JyScores	s;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "experience_consistency_transfn called in non-aggregate context");
	memset(&row, 0, sizeof(row));
	consistency_params(fcinfo, &row.kind, &row.tolerance, &row.min_answers);
	if (st == NULL)
		st = consistency_state_new(aggcxt, &row);
	else
		consistency_check_same(&st->c, &row);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	exp_read(PG_GETARG_DATUM(1), &s);
	consistency_check_status(jy_consistency_add(&st->c, &s, &st->mem));
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(experience_consistency_combine);

/* Combine: append the right state's touchpoints to the left's */
Datum
experience_consistency_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ConsistencyState *a = PG_ARGISNULL(0) ? NULL : (ConsistencyState *) PG_GETARG_POINTER(0);
	ConsistencyState *b = PG_ARGISNULL(1) ? NULL : (ConsistencyState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "experience_consistency_combine called in non-aggregate context");
	if (b == NULL)
		PG_RETURN_STATE(a);
	if (a == NULL)
		a = consistency_state_new(aggcxt, &b->c);
	else
		consistency_check_same(&a->c, &b->c);
	consistency_check_status(jy_consistency_merge(&a->c, &b->c, &a->mem));
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(experience_consistency_serialize);

/* Serialize: the state's portable bytes (experience.h) */
Datum
experience_consistency_serialize(PG_FUNCTION_ARGS)
{
	ConsistencyState *st = (ConsistencyState *) PG_GETARG_POINTER(0);
	JyWriter	w;
	JyMem		mem;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "experience_consistency_serialize called in non-aggregate context");
	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	jy_consistency_state_encode(&w, &st->c);
	PG_RETURN_BYTEA_P(JourneySummaryFromWriter(&w, EXP_CONSISTENCY));
}

PG_FUNCTION_INFO_V1(experience_consistency_deserialize);

/* Deserialize: decode (fully checked) into a new state */
Datum
experience_consistency_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	ConsistencyState *st;
	const char *why = NULL;
	JyStatus	rc;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "experience_consistency_deserialize called in non-aggregate context");
	st = palloc0(sizeof(ConsistencyState));
	JourneyMemInit(&st->mem, CurrentMemoryContext);
	rc = jy_consistency_state_decode((const uint8 *) VARDATA_ANY(bytes),
									 VARSIZE_ANY_EXHDR(bytes), &st->c, &st->mem, &why);
	if (rc == JY_ERR_CORRUPT)
		JourneyCorruptState(EXP_CONSISTENCY, why);
	JourneyCheckStatus(rc, EXP_CONSISTENCY);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(experience_consistency_finalfn);

/*
 * The result (index, within, included, excluded, overall, answers); NULL
 * for no rows
 */
Datum
experience_consistency_finalfn(PG_FUNCTION_ARGS)
{
	ConsistencyState *st;
	JyConsistency c;
	double		overall;
	bool		has_overall;
	TupleDesc	desc;
	Datum		values[6];
	bool		nulls[6];

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (ConsistencyState *) PG_GETARG_POINTER(0);
	JourneyCheckStatus(jy_consistency_result(&st->c, &overall, &has_overall, &c),
					   EXP_CONSISTENCY);
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "experience_consistency_finalfn must return a composite type");
	desc = BlessTupleDesc(desc);
	memset(nulls, 0, sizeof(nulls));
	values[0] = Float8GetDatum(c.index);
	nulls[0] = !c.has_index;
	values[1] = Int64GetDatum(c.within);
	values[2] = Int64GetDatum(c.included);
	values[3] = Int64GetDatum(c.excluded);
	values[4] = Float8GetDatum(overall);
	nulls[4] = !has_overall;
	values[5] = Int64GetDatum(jy_scores_n(&st->c.pooled));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
