/*
 * segment.c -- segmentation: behavioural segments of a journey,
 * lifecycle and cohort retention (RFM is in rfm.c)
 *
 * lifecycle and cohort_retention read an activity summary (activity.c):
 * each actor's distinct days, converted to periods here and counted by the
 * core (core/cohort.c).  Their query-text forms run the schema-qualified
 * activity_agg over the caller's one statement, read-only, through
 * query.c.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "datatype/timestamp.h"
#include <math.h>

#include "common/int.h"

#include "core/cohort.h"
#include "core/codec.h"
#include "core/rfm.h"
#include "summary.h"

/* ---------- behavioural segments of one journey ---------- */

/* Text of touch i's label */
static Datum
segment_label(const JyJourney *j, uint32 i)
{
	uint32		l = j->label[i];

	return PointerGetDatum(cstring_to_text_with_len(j->label_text[l], j->label_len[l]));
}

PG_FUNCTION_INFO_V1(journey_entry_label);

/* journey_entry_label(journey): the first touch's label (NULL for no touch) */
Datum
journey_entry_label(PG_FUNCTION_ARGS)
{
	JyJourney	j;

	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	if (j.n == 0)
		PG_RETURN_NULL();
	return segment_label(&j, 0);
}

PG_FUNCTION_INFO_V1(journey_exit_label);

/* journey_exit_label(journey): the last touch's label (NULL for no touch) */
Datum
journey_exit_label(PG_FUNCTION_ARGS)
{
	JyJourney	j;

	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	if (j.n == 0)
		PG_RETURN_NULL();
	return segment_label(&j, j.n - 1);
}

/* Monday-based week number of a timestamp (UTC); 2000-01-03 starts week 0 */
static int64
segment_week(int64 ts)
{
	int64		days = ts / USECS_PER_DAY - (ts % USECS_PER_DAY < 0 ? 1 : 0);
	int64		d = days - 2;

	return d / 7 - (d % 7 < 0 ? 1 : 0);
}

PG_FUNCTION_INFO_V1(journey_engagement);

/*
 * journey_engagement(journey, medium_from, high_from) -> (touches,
 * active_weeks, touches_per_week, level): level is low below medium_from
 * touches per active week, high from high_from, medium between
 */
Datum
journey_engagement(PG_FUNCTION_ARGS)
{
	double		medium_from = PG_GETARG_FLOAT8(1);
	double		high_from = PG_GETARG_FLOAT8(2);
	JyJourney	j;
	int32		weeks = 0;
	uint32		i;
	double		rate;
	TupleDesc	desc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	if (!(medium_from <= high_from) || isnan(medium_from) || isnan(high_from))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("medium_from must not be greater than high_from"),
				 errdetail("They are %g and %g.", medium_from, high_from)));
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	for (i = 0; i < j.n; i++)
		if (i == 0 || segment_week(j.ts[i]) != segment_week(j.ts[i - 1]))
			weeks++;
	values[0] = Int32GetDatum((int32) j.n);
	values[1] = Int32GetDatum(weeks);
	if (weeks == 0)
		nulls[2] = nulls[3] = true;
	else
	{
		rate = (double) j.n / weeks;
		values[2] = Float8GetDatum(rate);
		values[3] = CStringGetTextDatum(rate >= high_from ? "high" :
										rate >= medium_from ? "medium" : "low");
	}
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	desc = BlessTupleDesc(desc);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

/* ---------- lifecycle and cohort retention ---------- */

/*
 * Both report from an activity summary (activity.c): each actor's distinct
 * active days, in key order, turned into periods here and counted by the
 * core (core/cohort.c).  The query-text forms build the summary with
 * activity_agg over the caller's query (schema-qualified, read-only
 * through query.c) and report from it in the same way.
 */

/* The period unit argument: day, week or month */
static JyPeriodUnit
seg_period_arg(FunctionCallInfo fcinfo, int arg)
{
	text	   *t;
	JyPeriodUnit unit;

	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("period must not be NULL")));
	t = PG_GETARG_TEXT_PP(arg);
	if (!jy_period_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &unit))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown period \"%s\"", text_to_cstring(t)),
				 errhint("The period is \"day\", \"week\" or \"month\".")));
	return unit;
}

/*
 * The start of period k: midnight of its first day in the session's time
 * zone; an error when that instant is outside timestamptz's range (the
 * month of 4714-11-24 BC, or a day near either end in some time zones)
 */
static Datum
seg_period_start(JyPeriodUnit unit, int64 k)
{
	int64		day = jy_period_first_day(unit, k);
	int64		year;
	struct pg_tm tm;
	int			tz;
	TimestampTz result;
	bool		ok;

	memset(&tm, 0, sizeof(tm));
	jy_civil_from_days(day, &year, &tm.tm_mon, &tm.tm_mday);
	ok = year >= JULIAN_MINYEAR && year <= JULIAN_MAXYEAR;
	if (ok)
	{
		tm.tm_year = (int) year;
		tz = DetermineTimeZoneOffset(&tm, session_timezone);
		ok = tm2timestamp(&tm, 0, &tz, &result) == 0;
	}
	if (!ok)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("period start out of range for type timestamp with time zone"),
				 errdetail("The %s beginning on %s begins outside the range of timestamp with time zone.",
						   jy_period_name(unit),
						   DatumGetCString(DirectFunctionCall1(date_out,
															   DateADTGetDatum((DateADT) day))))));
	return TimestampTzGetDatum(result);
}

/* Report a failed cohort/lifecycle status */
static void
seg_check(JyStatus st, const char *what)
{
	if (st == JY_ERR_BAD_PARAMETER)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s covers too many periods", what),
				 errdetail("The periods must lie within %d consecutive periods, and a table may have at most %d rows.",
						   JY_MAX_PERIOD_SPAN, JY_COHORT_MAX_ROWS),
				 errhint("Use a longer period or filter the query.")));
	JourneyCheckStatus(st, what);
}

/* What a report needs while it reads a summary */
typedef struct SegScan
{
	JyPeriodUnit unit;
	JyLifecycle *lc;
	JyCohorts  *cohorts;
	int64	   *periods;		/* room for cap periods */
	size_t		cap;
} SegScan;

/* The distinct periods of an actor's days, in ss->periods; their number */
static size_t
seg_periods(SegScan *ss, const JyActivityActor *x)
{
	size_t		i,
				n = 0;

	if (x->ndays > ss->cap)
	{
		size_t		cap = Max(x->ndays, ss->cap * 2);

		ss->periods = ss->periods == NULL ? palloc(cap * sizeof(int64))
			: repalloc(ss->periods, cap * sizeof(int64));
		ss->cap = cap;
	}
	for (i = 0; i < x->ndays; i++)
	{
		int64		k = ss->unit == JY_PERIOD_DAY ? x->days[i] : jy_period_of_day(ss->unit, x->days[i]);

		if (n == 0 || ss->periods[n - 1] != k)
			ss->periods[n++] = k;
	}
	return n;
}

/* One actor of the summary into the lifecycle */
static JyStatus
lifecycle_visit(void *arg, const JyActivityHead *h, const JyActivityActor *x)
{
	SegScan    *ss = arg;
	size_t		n = seg_periods(ss, x);

	seg_check(jy_lifecycle_add(ss->lc, ss->periods, n), "lifecycle");
	return JY_OK;
}

/* One actor of the summary into the cohorts (none without a cohort day) */
static JyStatus
cohorts_visit(void *arg, const JyActivityHead *h, const JyActivityActor *x)
{
	SegScan    *ss = arg;
	int32		cohort = h->source == JY_COHORT_EVENT ? x->cohort : x->days[0];
	size_t		n;

	if (cohort == JY_NO_DAY)
		return JY_OK;			/* the actor never had its cohort event */
	n = seg_periods(ss, x);
	seg_check(jy_cohorts_add(ss->cohorts, jy_period_of_day(ss->unit, cohort), ss->periods, n),
			  "cohort_retention");
	return JY_OK;
}

/* Visit every actor of a stored summary */
static void
seg_read(const uint8_t *data, size_t len, JyActivityVisit visit, SegScan *ss)
{
	JyMem		mem;
	JyActivityHead h;
	const char *why = NULL;
	JyStatus	st;

	JourneyMemInit(&mem, CurrentMemoryContext);
	st = jy_activity_summary_read(data, len, &mem, &h, visit, ss, &why);
	if (st == JY_ERR_CORRUPT)
		JourneySummaryDamaged("activity", why);
	JourneyCheckStatus(st, "activity summary");
}

/* The lifecycle rows of a summary */
static void
seg_lifecycle_rows(FunctionCallInfo fcinfo, JyPeriodUnit period, const uint8_t *data,
				   size_t len)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SegScan		ss;
	JyLifecycleRow *rows;
	size_t		nrows,
				i;
	JyMem		mem;

	JourneyMemInit(&mem, CurrentMemoryContext);
	memset(&ss, 0, sizeof(ss));
	ss.unit = period;
	ss.lc = jy_lifecycle_create(&mem);
	if (ss.lc == NULL)
		JourneyCheckStatus(JY_ERR_OUT_OF_MEMORY, "lifecycle");
	seg_read(data, len, lifecycle_visit, &ss);
	seg_check(jy_lifecycle_result(ss.lc, &rows, &nrows), "lifecycle");
	for (i = 0; i < nrows; i++)
	{
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};

		values[0] = seg_period_start(period, rows[i].period);
		values[1] = Int64GetDatum(rows[i].new_actors);
		values[2] = Int64GetDatum(rows[i].current);
		values[3] = Int64GetDatum(rows[i].resurrected);
		values[4] = Int64GetDatum(rows[i].dormant);
		values[5] = Int64GetDatum(rows[i].active);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* The cohort retention options: criterion and brackets (arguments 2, 3) */
typedef struct SegCohortArgs
{
	JyRetentionCriterion crit;
	int32	   *brackets;
	int			nbrackets;
} SegCohortArgs;

/* Read and check the criterion and brackets arguments */
static void
seg_cohort_args(FunctionCallInfo fcinfo, SegCohortArgs *ca)
{
	char	   *crit_text;

	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("retention criterion must not be NULL")));
	crit_text = text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (!jy_retention_parse_criterion(crit_text, strlen(crit_text), &ca->crit))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown retention criterion \"%s\"", crit_text),
				 errhint("The criterion is \"on\" (active in exactly period k), \"on_or_after\" (in period k or later) or \"brackets\".")));
	if ((ca->crit == JY_RETENTION_BRACKETS) != !PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("brackets are given exactly when the criterion is \"brackets\"")));
	ca->brackets = NULL;
	ca->nbrackets = 0;
	if (ca->crit == JY_RETENTION_BRACKETS)
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(3);

		if (ARR_NDIM(arr) > 1 || array_contains_nulls(arr))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("brackets must be a one-dimensional array without NULLs")));
		ca->nbrackets = ARR_NDIM(arr) == 0 ? 0 : ARR_DIMS(arr)[0];
		ca->brackets = (int32 *) ((char *) arr + ARR_OVERHEAD_NONULLS(ARR_NDIM(arr)));
	}
}

/* The cohort retention rows of a summary */
static void
seg_cohort_rows(FunctionCallInfo fcinfo, JyPeriodUnit period, const SegCohortArgs *ca,
				const uint8_t *data, size_t len)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SegScan		ss;
	JyCohortRow *rows;
	size_t		nrows,
				i;
	int64		last;
	JyStatus	st;
	JyMem		mem;

	JourneyMemInit(&mem, CurrentMemoryContext);
	memset(&ss, 0, sizeof(ss));
	ss.unit = period;
	ss.cohorts = jy_cohorts_create(ca->crit, ca->brackets, ca->nbrackets, &mem, &st);
	if (ss.cohorts == NULL && st == JY_ERR_BAD_PARAMETER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid brackets"),
				 errdetail("Brackets are period offsets: at least one, the first >= 0, strictly increasing.")));
	JourneyCheckStatus(st, "cohort_retention");
	if (data == NULL)
		return;
	seg_read(data, len, cohorts_visit, &ss);
	if (!jy_cohorts_max_period(ss.cohorts, &last))
		return;
	seg_check(jy_cohorts_result(ss.cohorts, last, &rows, &nrows), "cohort_retention");
	for (i = 0; i < nrows; i++)
	{
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = seg_period_start(period, rows[i].cohort);
		values[1] = Int32GetDatum(ca->crit == JY_RETENTION_BRACKETS ? ca->brackets[rows[i].period] : rows[i].period);
		values[2] = Int64GetDatum(rows[i].cohort_size);
		values[3] = Int64GetDatum(rows[i].retained);
		values[4] = Float8GetDatum((double) rows[i].retained / (double) rows[i].cohort_size);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

PG_FUNCTION_INFO_V1(lifecycle_summary);

/*
 * lifecycle(activity_summary, period) -> TABLE(period_start, new, current,
 * resurrected, dormant, active); STRICT
 */
Datum
lifecycle_summary(PG_FUNCTION_ARGS)
{
	size_t		len;
	const uint8_t *data;

	InitMaterializedSRF(fcinfo, 0);
	data = JourneySummaryBytes(PG_GETARG_DATUM(0), &len);
	seg_lifecycle_rows(fcinfo, seg_period_arg(fcinfo, 1), data, len);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(cohort_retention_summary);

/*
 * cohort_retention(activity_summary, period, criterion, brackets) ->
 * TABLE(cohort, period, cohort_size, retained, rate); not STRICT (brackets
 * is NULL unless the criterion is "brackets"): a NULL summary gives no rows
 */
Datum
cohort_retention_summary(PG_FUNCTION_ARGS)
{
	JyPeriodUnit period;
	SegCohortArgs ca;
	size_t		len = 0;
	const uint8_t *data = NULL;

	InitMaterializedSRF(fcinfo, 0);
	period = seg_period_arg(fcinfo, 1);
	seg_cohort_args(fcinfo, &ca);
	if (!PG_ARGISNULL(0))
		data = JourneySummaryBytes(PG_GETARG_DATUM(0), &len);
	seg_cohort_rows(fcinfo, period, &ca, data, len);
	return (Datum) 0;
}

/* ---- the query-text forms, over activity_agg ---- */

/* The summary a query-text report's aggregate query returns */
typedef struct SegSummary
{
	Oid			type;			/* activity_summary, of the report's schema */
	const char *report;
	MemoryContext cxt;
	uint8_t    *data;
	size_t		len;
} SegSummary;

static void
seg_summary_describe(void *arg, TupleDesc desc)
{
	SegSummary *ss = arg;

	JourneyCheckColumns(desc, ss->report, 1, &ss->type);
}

static void
seg_summary_visit(void *arg, TupleDesc desc, HeapTuple tuple, MemoryContext tmp)
{
	SegSummary *ss = arg;
	bool		isnull;
	Datum		d = SPI_getbinval(tuple, desc, 1, &isnull);
	const uint8_t *data;

	if (isnull)
		return;
	data = JourneySummaryBytes(d, &ss->len);
	ss->data = MemoryContextAllocHuge(ss->cxt, Max(ss->len, 1));
	memcpy(ss->data, data, ss->len);
}

/* The query's columns: is there a third one, a boolean (the cohort event)? */
static void
cohort_event_describe(void *arg, TupleDesc desc)
{
	bool	   *has = arg;

	*has = false;
	if (desc->natts >= 3)
	{
		Oid			t = TupleDescAttr(desc, 2)->atttypid;

		if (t != BOOLOID)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("the third column of the cohort query must be boolean"),
					 errdetail("It is of type %s.", format_type_be(t)),
					 errhint("It says which rows are the cohort event; leave it out to use the first activity.")));
		*has = true;
	}
}

/*
 * The activity summary of a query of (actor, ts [, cohort_event]): its one
 * statement wrapped in the aggregate of the calling function's schema
 * (search_path plays no part), run read-only
 */
static void
seg_query_summary(FunctionCallInfo fcinfo, const char *report, bool cohorts,
				  SegSummary *out)
{
	char	   *stmt = JourneyQueryStatement(text_to_cstring(PG_GETARG_TEXT_PP(0)), report);
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	const char *schema = quote_identifier(get_namespace_name(nsp));
	bool		has_event = false;
	StringInfoData sql;

	if (cohorts)
	{
		initStringInfo(&sql);
		appendStringInfo(&sql, "SELECT * FROM (%s) AS q LIMIT 0", stmt);
		JourneyForEachRow(sql.data, 0, NULL, NULL, cohort_event_describe, NULL, &has_event);
	}
	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "SELECT %s.activity_agg(q.a, q.t::pg_catalog.timestamptz%s) FROM (%s) AS q(a, t%s)",
					 schema, has_event ? ", q.e" : "", stmt, has_event ? ", e" : "");
	memset(out, 0, sizeof(*out));
	out->type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
								CStringGetDatum("activity_summary"), ObjectIdGetDatum(nsp));
	if (!OidIsValid(out->type))
		elog(ERROR, "type activity_summary not found in the schema of the report");
	out->report = report;
	out->cxt = CurrentMemoryContext;
	JourneyForEachRow(sql.data, 0, NULL, NULL, seg_summary_describe, seg_summary_visit, out);
}

PG_FUNCTION_INFO_V1(lifecycle);

/*
 * lifecycle(query, period) -> the rows of lifecycle(activity_summary); the
 * query returns (actor, ts); a NULL query gives no rows
 */
Datum
lifecycle(PG_FUNCTION_ARGS)
{
	JyPeriodUnit period;
	SegSummary	s;

	InitMaterializedSRF(fcinfo, 0);
	period = seg_period_arg(fcinfo, 1);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	seg_query_summary(fcinfo, "lifecycle", false, &s);
	if (s.data != NULL)
		seg_lifecycle_rows(fcinfo, period, s.data, s.len);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(cohort_retention);

/*
 * cohort_retention(query, period, criterion, brackets) -> the rows of
 * cohort_retention(activity_summary, ...); the query returns (actor, ts
 * [, cohort_event bool]); a NULL query gives no rows
 */
Datum
cohort_retention(PG_FUNCTION_ARGS)
{
	JyPeriodUnit period;
	SegCohortArgs ca;
	SegSummary	s;

	InitMaterializedSRF(fcinfo, 0);
	period = seg_period_arg(fcinfo, 1);
	seg_cohort_args(fcinfo, &ca);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	seg_query_summary(fcinfo, "cohort_retention", true, &s);
	seg_cohort_rows(fcinfo, period, &ca, s.data, s.len);
	return (Datum) 0;
}

/* ---------- stickiness ---------- */

/* One actor of the summary into the stickiness counts */
static JyStatus
stickiness_visit(void *arg, const JyActivityHead *h, const JyActivityActor *x)
{
	JyStickiness *s = arg;

	seg_check(jy_stickiness_add(s, x->days, x->ndays), "stickiness");
	return JY_OK;
}

PG_FUNCTION_INFO_V1(stickiness_summary);

/*
 * stickiness(activity_summary, period, within) -> TABLE(window_start,
 * periods, actors, cumulative, active_actors, share, cumulative_share,
 * window_periods); STRICT
 */
Datum
stickiness_summary(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	JyPeriodUnit period,
				within;
	bool		whole;
	text	   *wt = PG_GETARG_TEXT_PP(2);
	const uint8_t *data;
	size_t		len,
				nrows,
				i;
	JyStickiness *s;
	JyStickinessRow *rows;
	JyMem		mem;
	JyStatus	st;
	JyActivityHead h;
	const char *why = NULL;

	InitMaterializedSRF(fcinfo, 0);
	period = seg_period_arg(fcinfo, 1);
	if (!jy_stickiness_parse_within(VARDATA_ANY(wt), VARSIZE_ANY_EXHDR(wt), &within, &whole))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown stickiness window \"%s\"", text_to_cstring(wt)),
				 errhint("The window is \"week\", \"month\" or \"all\" (the whole range).")));
	JourneyMemInit(&mem, CurrentMemoryContext);
	s = jy_stickiness_create(period, within, whole, &mem, &st);
	if (s == NULL && st == JY_ERR_BAD_PARAMETER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("stickiness period \"%s\" is not shorter than its window \"%s\"",
						jy_period_name(period), jy_period_name(within)),
				 errhint("Count days in a week or a month, or weeks in a month; \"all\" counts periods over the whole range.")));
	JourneyCheckStatus(st, "stickiness");
	data = JourneySummaryBytes(PG_GETARG_DATUM(0), &len);
	st = jy_activity_summary_read(data, len, &mem, &h, stickiness_visit, s, &why);
	if (st == JY_ERR_CORRUPT)
		JourneySummaryDamaged("activity", why);
	JourneyCheckStatus(st, "activity summary");
	seg_check(jy_stickiness_result(s, &rows, &nrows), "stickiness");
	for (i = 0; i < nrows; i++)
	{
		Datum		values[8];
		bool		nulls[8] = {false, false, false, false, false, false, false, false};

		values[0] = seg_period_start(whole ? period : within, rows[i].window);
		values[1] = Int32GetDatum(rows[i].k);
		values[2] = Int64GetDatum(rows[i].actors);
		values[3] = Int64GetDatum(rows[i].cumulative);
		values[4] = Int64GetDatum(rows[i].active);
		/* a window with no active actor has no shares */
		nulls[5] = nulls[6] = rows[i].active == 0;
		if (rows[i].active > 0)
		{
			values[5] = Float8GetDatum((double) rows[i].actors / (double) rows[i].active);
			values[6] = Float8GetDatum((double) rows[i].cumulative / (double) rows[i].active);
		}
		values[7] = Int32GetDatum(rows[i].periods);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* ---------- value retention and LTV ---------- */

/* What value_retention needs while it reads a summary */
typedef struct SegValues
{
	JyPeriodUnit unit;
	bool		relative;		/* offsets from each actor's cohort day */
	JyCohorts  *cohorts;		/* valued */
	int64	   *periods;		/* room for cap periods and values */
	int64	   *units;
	size_t		cap;
} SegValues;

/* The period index of day for an actor whose cohort day is cday */
static inline int64
values_period(const SegValues *sv, int32 cday, int32 day)
{
	return sv->relative ? jy_period_of_day_since(sv->unit, cday, day)
		: jy_period_of_day(sv->unit, day);
}

/* One actor of a value summary into the valued cohorts (none without a cohort day) */
static JyStatus
values_visit(void *arg, const JyActivityHead *h, const JyActivityActor *x)
{
	SegValues  *sv = arg;
	int32		cohort = h->source == JY_COHORT_EVENT ? x->cohort : x->days[0];
	size_t		n = 0,
				j;

	if (cohort == JY_NO_DAY)
		return JY_OK;			/* the actor never had its cohort event */
	if (sv->cap < x->ndays)
	{
		sv->cap = Max(x->ndays, sv->cap * 2);
		sv->periods = sv->periods == NULL ? palloc(sv->cap * sizeof(int64))
			: repalloc(sv->periods, sv->cap * sizeof(int64));
		sv->units = sv->units == NULL ? palloc(sv->cap * sizeof(int64))
			: repalloc(sv->units, sv->cap * sizeof(int64));
	}
	/* each period's value: the sum of its days' values (periods ascend with the days) */
	for (j = 0; j < x->ndays; j++)
	{
		int64		p = values_period(sv, cohort, x->days[j]);

		if (n == 0 || sv->periods[n - 1] != p)
		{
			sv->periods[n] = p;
			sv->units[n++] = 0;
		}
		if (pg_add_s64_overflow(sv->units[n - 1], x->units[j], &sv->units[n - 1]))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value of an actor in one %s out of range", jy_period_name(sv->unit)),
					 errdetail("An actor's values in one period are summed exactly as a 64-bit integer of the summary's finest decimal place."),
					 errhint("Use a shorter period, or round the values to fewer decimal places.")));
	}
	seg_check(jy_cohorts_add_values(sv->cohorts, jy_period_of_day(sv->unit, cohort),
									sv->periods, sv->units, n), "value_retention");
	return JY_OK;
}

/* An exact sum of units / 10^scale as the nearest float8 */
static double
seg_value_double(__int128 v, int scale)
{
	if (v >= PG_INT64_MIN && v <= PG_INT64_MAX)
		return jy_rfm_decimal_double((int64) v, scale);
	return (double) v / pow(10.0, scale);
}

PG_FUNCTION_INFO_V1(value_retention_summary);

/*
 * value_retention(activity_summary, period, offsets) -> TABLE(cohort,
 * period, cohort_size, active, value, value_per_active, value_per_member,
 * net_retention, cumulative_value, ltv); STRICT
 */
Datum
value_retention_summary(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SegValues	sv;
	JyPeriodUnit period;
	const uint8_t *data;
	size_t		len,
				nrows,
				i;
	JyCohortRow *rows;
	JyCohortValue *vals;
	JyActivityHead h;
	JyMem		mem;
	JyStatus	st;
	const char *why = NULL;
	int64		last;
	__int128	first = 0;
	text	   *ot;

	InitMaterializedSRF(fcinfo, 0);
	period = seg_period_arg(fcinfo, 1);
	memset(&sv, 0, sizeof(sv));
	sv.unit = period;
	ot = PG_GETARG_TEXT_PP(2);
	if (jy_keyword_eq(VARDATA_ANY(ot), VARSIZE_ANY_EXHDR(ot), "actor"))
		sv.relative = true;
	else if (!jy_keyword_eq(VARDATA_ANY(ot), VARSIZE_ANY_EXHDR(ot), "calendar"))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown offsets \"%s\"", text_to_cstring(ot)),
				 errhint("Offsets are \"calendar\" (periods since the cohort's period) or \"actor\" (whole periods since each actor's cohort day).")));
	data = JourneySummaryBytes(PG_GETARG_DATUM(0), &len);
	JourneyMemInit(&mem, CurrentMemoryContext);
	/* the head first: a summary without values is refused */
	st = jy_activity_summary_read(data, len, &mem, &h, NULL, NULL, &why);
	if (st == JY_ERR_CORRUPT)
		JourneySummaryDamaged("activity", why);
	JourneyCheckStatus(st, "activity summary");
	if (h.nactors == 0)
		return (Datum) 0;
	if (!h.valued)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("activity summary has no values"),
				 errhint("Build it with value_agg(actor, ts, value [, cohort_event]).")));
	sv.cohorts = jy_cohorts_create_valued(&mem, &st);
	JourneyCheckStatus(st, "value_retention");
	st = jy_activity_summary_read(data, len, &mem, &h, values_visit, &sv, &why);
	JourneyCheckStatus(st, "activity summary");
	if (!jy_cohorts_max_period(sv.cohorts, &last))
		return (Datum) 0;
	seg_check(jy_cohorts_value_result(sv.cohorts, last, &rows, &vals, &nrows), "value_retention");
	for (i = 0; i < nrows; i++)
	{
		const JyCohortRow *r = &rows[i];
		Datum		values[10];
		bool		nulls[10];
		double		value = seg_value_double(vals[i].value, h.scale);
		double		cumulative = seg_value_double(vals[i].cumulative, h.scale);

		memset(nulls, 0, sizeof(nulls));
		if (r->period == 0)
			first = vals[i].value;
		values[0] = seg_period_start(period, r->cohort);
		values[1] = Int32GetDatum(r->period);
		values[2] = Int64GetDatum(r->cohort_size);
		values[3] = Int64GetDatum(r->retained);
		values[4] = Float8GetDatum(value);
		/* no active actor: no value per active actor */
		nulls[5] = r->retained == 0;
		values[5] = Float8GetDatum(r->retained > 0 ? value / (double) r->retained : 0);
		values[6] = Float8GetDatum(value / (double) r->cohort_size);
		/* net retention against period 0; NULL when period 0 has no value */
		nulls[7] = first == 0;
		values[7] = Float8GetDatum(first != 0 ? (double) vals[i].value / (double) first : 0);
		values[8] = Float8GetDatum(cumulative);
		values[9] = Float8GetDatum(cumulative / (double) r->cohort_size);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
