/*
 * trendchart.c -- trend_svg: the aggregate drawing a rate over time as SVG
 *
 * The transition function appends one point per row (period start, rate,
 * interval, complete) to a growing array in the aggregate context; the
 * final function copies, sorts and labels the points (dates in the
 * session's TimeZone, or the bigint period) and draws them with the core
 * (src/core/trendchart.c).
 */
#include "journey.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/datetime.h"

#include "core/trendchart.h"

typedef struct TrendState
{
	JyMem		mem;			/* allocates in the aggregate context */
	bool		is_bigint;		/* period_start is bigint, not timestamptz */
	uint32_t	n,
				cap;
	JyTrendPoint *points;		/* labels are set by the final function */
	char	   *title;			/* the first non-NULL title, or NULL */
	int			title_len;
} TrendState;

/* A rate or bound of a row: finite and within the drawable range */
static double
trend_value(FunctionCallInfo fcinfo, int arg, const char *what)
{
	double		v = PG_GETARG_FLOAT8(arg);

	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trend chart %s must be finite", what),
				 errdetail("It is %g.", v)));
	if (fabs(v) > JY_TREND_MAX_VALUE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("trend chart %s %g is out of range", what, v),
				 errdetail("Rates are shares (1 is 100 %%); their magnitude must not exceed %g.",
						   JY_TREND_MAX_VALUE)));
	return v;
}

PG_FUNCTION_INFO_V1(trend_svg_transfn);

/*
 * Transition of trend_svg(period_start, rate, ci_low, ci_high, complete
 * [, title]): a NULL period_start ignores the row; a NULL rate is a gap;
 * the interval needs both bounds; a NULL complete is complete
 */
Datum
trend_svg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	TrendState *st;
	JyTrendPoint *p;
	JyStatus	status;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "trend_svg_transfn called in non-aggregate context");
	if (PG_ARGISNULL(0))
	{
		st = MemoryContextAllocZero(aggcxt, sizeof(TrendState));
		JourneyMemInit(&st->mem, aggcxt);
		st->is_bigint = get_fn_expr_argtype(fcinfo->flinfo, 1) == INT8OID;
	}
	else
		st = (TrendState *) PG_GETARG_POINTER(0);
	JourneyChartTitle(fcinfo, 6, aggcxt, &st->title, &st->title_len, "trend_svg");
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	if (st->n >= JY_TREND_MAX_POINTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many periods for a trend chart"),
				 errdetail("A trend chart draws at most %d periods.", JY_TREND_MAX_POINTS),
				 errhint("Use a longer period, or filter the rows first.")));
	status = jy_grow(&st->mem, (void **) &st->points, &st->cap, st->n, 1,
					 sizeof(JyTrendPoint), JY_TREND_MAX_POINTS);
	JourneyCheckStatus(status, "trend_svg");
	p = &st->points[st->n];
	memset(p, 0, sizeof(*p));
	p->t = PG_GETARG_INT64(1);
	if (!st->is_bigint && TIMESTAMP_NOT_FINITE(p->t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("trend chart period_start must be finite")));
	p->has_rate = !PG_ARGISNULL(2);
	if (p->has_rate)
		p->rate = trend_value(fcinfo, 2, "rate");
	p->has_ci = !PG_ARGISNULL(3) && !PG_ARGISNULL(4);
	if (p->has_ci)
	{
		p->lo = trend_value(fcinfo, 3, "ci_low");
		p->hi = trend_value(fcinfo, 4, "ci_high");
		if (p->lo > p->hi)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("trend chart ci_low must not exceed ci_high"),
					 errdetail("The interval is [%g, %g].", p->lo, p->hi)));
	}
	p->complete = PG_ARGISNULL(5) || PG_GETARG_BOOL(5);
	st->n++;
	PG_RETURN_POINTER(st);
}

/* The text of a period start: a date, or a date and time, or the number */
static char *
period_label(int64 t, bool is_bigint, bool with_time)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;

	if (is_bigint)
		return psprintf(INT64_FORMAT, t);
	if (timestamp2tm(t, &tz, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	if (with_time)
		return psprintf("%04d-%02d-%02d %02d:%02d", tm.tm_year, tm.tm_mon, tm.tm_mday,
						tm.tm_hour, tm.tm_min);
	return psprintf("%04d-%02d-%02d", tm.tm_year, tm.tm_mon, tm.tm_mday);
}

/* Does a period start fall on a local midnight? */
static bool
at_midnight(int64 t)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;

	if (timestamp2tm(t, &tz, &tm, &fsec, NULL, NULL) != 0)
		return false;
	return tm.tm_hour == 0 && tm.tm_min == 0 && tm.tm_sec == 0 && fsec == 0;
}

PG_FUNCTION_INFO_V1(trend_svg_finalfn);

/* Final function of trend_svg: the chart (no rows: the "no data" chart) */
Datum
trend_svg_finalfn(PG_FUNCTION_ARGS)
{
	TrendState *st = PG_ARGISNULL(0) ? NULL : (TrendState *) PG_GETARG_POINTER(0);
	JyTrendPoint *p = NULL;
	size_t		n = st ? st->n : 0,
				i;
	bool		with_time = false;
	int64		dup;
	JyMem		mem;
	JyStatus	status;
	char	   *doc;
	size_t		len;

	JourneyMemInit(&mem, CurrentMemoryContext);
	if (n > 0)
	{
		/* a sorted copy: the state stays as it is */
		p = palloc(n * sizeof(JyTrendPoint));
		memcpy(p, st->points, n * sizeof(JyTrendPoint));
		if (jy_trend_sort(p, n, &dup, &mem))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("duplicate period_start in a trend chart"),
					 errdetail("The period %s occurs more than once.",
							   st->is_bigint ? psprintf(INT64_FORMAT, dup)
							   : timestamptz_to_str(dup))));
		for (i = 0; i < n && !st->is_bigint && !with_time; i++)
			with_time = !at_midnight(p[i].t);
		for (i = 0; i < n; i++)
		{
			char	   *label = period_label(p[i].t, st->is_bigint, with_time);

			p[i].label = label;
			p[i].label_len = strlen(label);
		}
	}
	status = jy_trend_chart(&mem, p, n, st ? st->title : NULL, st ? st->title_len : 0,
							&doc, &len);
	JourneyCheckStatus(status, "trend_svg");
	PG_RETURN_TEXT_P(JourneySvgText(doc, len, "trend_svg"));
}
