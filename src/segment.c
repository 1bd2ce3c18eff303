/*
 * segment.c -- segmentation: behavioural segments of a journey,
 * lifecycle and cohort retention (RFM is in rfm.c)
 *
 * The reports over a query (rfm, lifecycle, cohort_retention) wrap it in a
 * grouping query, so PostgreSQL groups the rows per customer (hashing,
 * sorting and spilling as it likes); the core then scores RFM (core/rfm.c)
 * or counts periods (core/cohort.c) from one row per customer.  The
 * grouping query names every function, operator, type and collation with
 * its schema (nothing on the caller's search path can stand in for them),
 * runs read-only through query.c, and its columns are checked before any
 * row is read.  lifecycle and cohort_retention group distinct days; their
 * periods are computed from the day numbers in the core.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "datatype/timestamp.h"
#include <math.h>

#include "core/cohort.h"

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

static const char *const seg_unit_names[] = {"day", "week", "month"};

/* The period unit argument: day, week or month */
static JyPeriodUnit
seg_period_arg(FunctionCallInfo fcinfo, int arg)
{
	char	   *s;
	int			u;

	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("period must not be NULL")));
	s = text_to_cstring(PG_GETARG_TEXT_PP(arg));
	for (u = JY_PERIOD_DAY; u <= JY_PERIOD_MONTH; u++)
		if (pg_strcasecmp(s, seg_unit_names[u]) == 0)
			return (JyPeriodUnit) u;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown period \"%s\"", s),
			 errhint("The period is \"day\", \"week\" or \"month\".")));
	return JY_PERIOD_DAY;		/* keep the compiler quiet */
}

/*
 * The period of a date (a day of the session's time zone, as the query's
 * timestamp cast to date gives it); see core/cohort.h
 */
static int64
seg_period_of_date(JyPeriodUnit unit, DateADT d)
{
	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("an infinite timestamp is in no period"),
				 errhint("Filter out infinite timestamps in the query.")));
	return jy_period_of_day(unit, (int64) d);
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
						   seg_unit_names[unit],
						   DatumGetCString(DirectFunctionCall1(date_out,
															   DateADTGetDatum((DateADT) day))))));
	return TimestampTzGetDatum(result);
}

/*
 * The distinct periods of a date[] (sorted, distinct, no NULLs, as
 * array_agg(DISTINCT ... ORDER BY ...) gives it), in the current memory
 * context
 */
static int64 *
seg_periods(Datum d, JyPeriodUnit unit, int *n)
{
	ArrayType  *arr = DatumGetArrayTypeP(d);
	int			ndates = ARR_NDIM(arr) == 0 ? 0 : ARR_DIMS(arr)[0];
	DateADT    *dates;
	int64	   *p;
	int			i;

	if (ARR_HASNULL(arr) || ARR_ELEMTYPE(arr) != DATEOID || ARR_NDIM(arr) > 1)
		elog(ERROR, "unexpected array of dates");
	dates = (DateADT *) ((char *) arr + ARR_OVERHEAD_NONULLS(ARR_NDIM(arr)));
	p = palloc((ndates + 1) * sizeof(int64));
	*n = 0;
	for (i = 0; i < ndates; i++)
	{
		int64		k = seg_period_of_date(unit, dates[i]);

		if (*n == 0 || p[*n - 1] != k)
			p[(*n)++] = k;
	}
	return p;
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

/*
 * The query that groups each actor's distinct active days, around the
 * caller's query of (actor, ts [, cohort_event]): every name qualified.
 * Periods are computed from the days in C (core/cohort.c), so every period
 * is right across 1 BC / 1 AD and to the ends of the date range.
 */
static char *
seg_days_sql(const char *query, bool cohorts, bool has_event)
{
	StringInfoData sql;

	initStringInfo(&sql);
	if (!cohorts)
		appendStringInfo(&sql,
						 "SELECT pg_catalog.array_agg(DISTINCT s.d ORDER BY s.d) FROM"
						 " (SELECT q.a, q.t::pg_catalog.date AS d FROM (%s) AS q(a, t)"
						 "  WHERE q.a IS NOT NULL AND q.t IS NOT NULL) AS s GROUP BY s.a",
						 query);
	else
		appendStringInfo(&sql,
						 "SELECT pg_catalog.min(s.d) FILTER (WHERE s.e),"
						 " pg_catalog.array_agg(DISTINCT s.d ORDER BY s.d) FROM"
						 " (SELECT q.a, q.t::pg_catalog.date AS d, %s AS e FROM (%s) AS q(a, t%s)"
						 "  WHERE q.a IS NOT NULL AND q.t IS NOT NULL) AS s GROUP BY s.a",
						 has_event ? "coalesce(q.e, false)" : "true",
						 query, has_event ? ", e" : "");
	return sql.data;
}

typedef struct SegScan
{
	JyPeriodUnit unit;
	JyLifecycle *lc;
	JyCohorts  *cohorts;
} SegScan;

static void
lifecycle_describe(void *arg, TupleDesc desc)
{
	static const Oid types[1] = {DATEARRAYOID};

	JourneyCheckColumns(desc, "lifecycle", 1, types);
}

static void
lifecycle_visit(void *arg, TupleDesc desc, HeapTuple tuple, MemoryContext tmp)
{
	SegScan    *ss = arg;
	bool		isnull;
	int			n;
	int64	   *p = seg_periods(SPI_getbinval(tuple, desc, 1, &isnull), ss->unit, &n);

	seg_check(jy_lifecycle_add(ss->lc, p, (size_t) n), "lifecycle");
}

PG_FUNCTION_INFO_V1(lifecycle);

/*
 * lifecycle(query, period) -> TABLE(period_start, new, current,
 * resurrected, dormant, active); the query returns (actor, ts)
 */
Datum
lifecycle(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	JyPeriodUnit period;
	SegScan		ss;
	JyLifecycle *lc;
	JyLifecycleRow *rows;
	size_t		nrows,
				i;
	JyMem		mem;

	InitMaterializedSRF(fcinfo, 0);
	period = seg_period_arg(fcinfo, 1);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	JourneyMemInit(&mem, CurrentMemoryContext);
	lc = jy_lifecycle_create(&mem);
	if (lc == NULL)
		JourneyCheckStatus(JY_ERR_OUT_OF_MEMORY, "lifecycle");
	memset(&ss, 0, sizeof(ss));
	ss.unit = period;
	ss.lc = lc;
	JourneyForEachRow(seg_days_sql(text_to_cstring(PG_GETARG_TEXT_PP(0)), false, false),
					  0, NULL, NULL, lifecycle_describe, lifecycle_visit, &ss);
	seg_check(jy_lifecycle_result(lc, &rows, &nrows), "lifecycle");
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
	return (Datum) 0;
}

static void
cohorts_describe(void *arg, TupleDesc desc)
{
	static const Oid types[2] = {DATEOID, DATEARRAYOID};

	JourneyCheckColumns(desc, "cohort_retention", 2, types);
}

static void
cohorts_visit(void *arg, TupleDesc desc, HeapTuple tuple, MemoryContext tmp)
{
	SegScan    *ss = arg;
	bool		isnull;
	Datum		cohort = SPI_getbinval(tuple, desc, 1, &isnull);
	int			n;
	int64	   *p;

	if (isnull)
		return;					/* the actor never had its cohort event */
	p = seg_periods(SPI_getbinval(tuple, desc, 2, &isnull), ss->unit, &n);
	seg_check(jy_cohorts_add(ss->cohorts, seg_period_of_date(ss->unit, DatumGetDateADT(cohort)),
							 p, (size_t) n),
			  "cohort_retention");
}

/* The cohort query's columns: is there a third one, a boolean? */
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

/* Does the query have a boolean third column (the cohort event)? */
static bool
cohort_has_event(const char *query)
{
	StringInfoData sql;
	bool		has = false;

	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT * FROM (%s) AS q LIMIT 0", query);
	JourneyForEachRow(sql.data, 0, NULL, NULL, cohort_event_describe, NULL, &has);
	return has;
}

PG_FUNCTION_INFO_V1(cohort_retention);

/*
 * cohort_retention(query, period, criterion, brackets) -> TABLE(cohort,
 * period, cohort_size, retained, rate); the query returns (actor, ts
 * [, cohort_event bool])
 */
Datum
cohort_retention(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	JyPeriodUnit period;
	SegScan		ss;
	JyRetentionCriterion crit;
	char	   *crit_text,
			   *query;
	int32	   *brackets = NULL;
	int			nbrackets = 0;
	JyCohorts  *c;
	JyCohortRow *rows;
	size_t		nrows,
				i;
	int64		last;
	JyStatus	st;
	JyMem		mem;
	bool		has_event;

	InitMaterializedSRF(fcinfo, 0);
	period = seg_period_arg(fcinfo, 1);
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("retention criterion must not be NULL")));
	crit_text = text_to_cstring(PG_GETARG_TEXT_PP(2));
	if (pg_strcasecmp(crit_text, "on") == 0)
		crit = JY_RETENTION_ON;
	else if (pg_strcasecmp(crit_text, "on_or_after") == 0)
		crit = JY_RETENTION_ON_OR_AFTER;
	else if (pg_strcasecmp(crit_text, "brackets") == 0)
		crit = JY_RETENTION_BRACKETS;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown retention criterion \"%s\"", crit_text),
				 errhint("The criterion is \"on\" (active in exactly period k), \"on_or_after\" (in period k or later) or \"brackets\".")));
	if ((crit == JY_RETENTION_BRACKETS) != !PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("brackets are given exactly when the criterion is \"brackets\"")));
	if (crit == JY_RETENTION_BRACKETS)
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(3);

		if (ARR_NDIM(arr) > 1 || array_contains_nulls(arr))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("brackets must be a one-dimensional array without NULLs")));
		nbrackets = ARR_NDIM(arr) == 0 ? 0 : ARR_DIMS(arr)[0];
		brackets = (int32 *) ((char *) arr + ARR_OVERHEAD_NONULLS(ARR_NDIM(arr)));
	}
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	JourneyMemInit(&mem, CurrentMemoryContext);
	c = jy_cohorts_create(crit, brackets, nbrackets, &mem, &st);
	if (c == NULL && st == JY_ERR_BAD_PARAMETER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid brackets"),
				 errdetail("Brackets are period offsets: at least one, the first >= 0, strictly increasing.")));
	JourneyCheckStatus(st, "cohort_retention");

	query = text_to_cstring(PG_GETARG_TEXT_PP(0));
	has_event = cohort_has_event(query);
	memset(&ss, 0, sizeof(ss));
	ss.unit = period;
	ss.cohorts = c;
	JourneyForEachRow(seg_days_sql(query, true, has_event), 0, NULL, NULL,
					  cohorts_describe, cohorts_visit, &ss);
	if (!jy_cohorts_max_period(c, &last))
		return (Datum) 0;
	seg_check(jy_cohorts_result(c, last, &rows, &nrows), "cohort_retention");
	for (i = 0; i < nrows; i++)
	{
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = seg_period_start(period, rows[i].cohort);
		values[1] = Int32GetDatum(crit == JY_RETENTION_BRACKETS ? brackets[rows[i].period] : rows[i].period);
		values[2] = Int64GetDatum(rows[i].cohort_size);
		values[3] = Int64GetDatum(rows[i].retained);
		values[4] = Float8GetDatum((double) rows[i].retained / (double) rows[i].cohort_size);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
