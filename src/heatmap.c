/*
 * heatmap.c -- retention_heatmap_svg(cohort, period, rate, cohort_size
 * [, title]): the cohort-retention heatmap of cohort_retention's or
 * value_retention's rows as SVG text
 *
 * The aggregate keeps its rows (at most JY_HEAT_MAX_CELLS) in an array in
 * the aggregate context; the final function lays them out (core/heatmap.c)
 * with each cohort labelled by its date in the session's time zone, so it
 * is STABLE.  NULL cohort or period is an error; a NULL rate draws the
 * "no value" grey, a NULL cohort_size shows no size.  No combine function:
 * the rows are few.
 */
#include "journey.h"

#include <math.h>

#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/datetime.h"

#include "core/heatmap.h"

#define HEATMAP "retention_heatmap_svg"

/* Transition state: the rows so far and the title of the first row that has one */
typedef struct HeatState
{
	JyMem		mem;
	JyHeatCell *cells;
	uint32		n,
				cap;
	char	   *title;			/* NULL: none */
	int			title_len;
} HeatState;

PG_FUNCTION_INFO_V1(retention_heatmap_svg_transfn);

/* Transition function: keep one row */
Datum
retention_heatmap_svg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	HeatState  *st;
	JyHeatCell *c;
	JyStatus	rc;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s called in non-aggregate context", "retention_heatmap_svg_transfn");
	st = PG_ARGISNULL(0) ? NULL : (HeatState *) PG_GETARG_POINTER(0);
	if (st == NULL)
	{
		st = MemoryContextAllocZero(aggcxt, sizeof(HeatState));
		JourneyMemInit(&st->mem, aggcxt);
	}
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("heatmap cohort must not be NULL")));
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("heatmap period must not be NULL")));
	if (!PG_ARGISNULL(3) && isnan(PG_GETARG_FLOAT8(3)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("heatmap rate must not be NaN"),
				 errhint("A NULL rate draws the \"no value\" cell.")));
	if (st->n >= JY_HEAT_MAX_CELLS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("retention heatmap cannot have more than %d cells", JY_HEAT_MAX_CELLS),
				 errhint("Keep fewer cohorts or periods, e.g. WHERE period < 12.")));
	rc = jy_grow(&st->mem, (void **) &st->cells, &st->cap, st->n, 1,
				 sizeof(JyHeatCell), JY_HEAT_MAX_CELLS);
	JourneyCheckStatus(rc, HEATMAP);
	c = &st->cells[st->n++];
	c->cohort = PG_GETARG_TIMESTAMPTZ(1);
	c->period = PG_GETARG_INT32(2);
	c->rate = PG_ARGISNULL(3) ? NAN : PG_GETARG_FLOAT8(3);
	c->size = PG_ARGISNULL(4) ? -1 : PG_GETARG_INT64(4) < 0 ? -2 : PG_GETARG_INT64(4);
	c->pos = 0;
	JourneyChartTitle(fcinfo, 5, aggcxt, &st->title, &st->title_len, HEATMAP);
	PG_RETURN_POINTER(st);
}

/* A cohort's date in the session's time zone (with the time when not midnight) */
static size_t
cohort_label(void *arg, int64_t cohort, char *buf, size_t cap)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tz;

	if (TIMESTAMP_NOT_FINITE(cohort))
		return (size_t) snprintf(buf, cap, "%s", TIMESTAMP_IS_NOBEGIN(cohort) ? "-infinity" : "infinity");
	if (timestamp2tm(cohort, &tz, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	if (tm.tm_hour == 0 && tm.tm_min == 0 && tm.tm_sec == 0 && fsec == 0)
		return (size_t) snprintf(buf, cap, "%04d-%02d-%02d", tm.tm_year, tm.tm_mon, tm.tm_mday);
	return (size_t) snprintf(buf, cap, "%04d-%02d-%02d %02d:%02d", tm.tm_year, tm.tm_mon,
							 tm.tm_mday, tm.tm_hour, tm.tm_min);
}

/* A cohort as timestamptz text, for messages */
static char *
cohort_text(int64 cohort)
{
	return DatumGetCString(DirectFunctionCall1(timestamptz_out, TimestampTzGetDatum(cohort)));
}

PG_FUNCTION_INFO_V1(retention_heatmap_svg_finalfn);

/* Final function: the heatmap; no rows give a "no data" chart */
Datum
retention_heatmap_svg_finalfn(PG_FUNCTION_ARGS)
{
	HeatState  *st = PG_ARGISNULL(0) ? NULL : (HeatState *) PG_GETARG_POINTER(0);
	JyMem		mem;
	JyHeatResult res;
	size_t		len;
	char	   *doc;

	JourneyMemInit(&mem, CurrentMemoryContext);
	doc = jy_heatmap_svg(&mem, st ? st->cells : NULL, st ? st->n : 0,
						 st ? st->title : NULL, st ? st->title_len : 0,
						 cohort_label, NULL, &len, &res);
	switch (res.error)
	{
		case JY_HEAT_OK:
			break;
		case JY_HEAT_NEGATIVE_PERIOD:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("heatmap period must not be negative"),
					 errdetail("Cohort %s has period %d.", cohort_text(res.cell.cohort),
							   (int) res.cell.period)));
			break;
		case JY_HEAT_NONFINITE_RATE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("heatmap rate must be finite"),
					 errdetail("Cohort %s, period %d has rate %g.", cohort_text(res.cell.cohort),
							   (int) res.cell.period, res.cell.rate)));
			break;
		case JY_HEAT_NEGATIVE_SIZE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("heatmap cohort_size must not be negative"),
					 errdetail("Cohort %s has a negative size.", cohort_text(res.cell.cohort))));
			break;
		case JY_HEAT_DUPLICATE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("duplicate heatmap cell"),
					 errdetail("Cohort %s, period %d is given more than once.",
							   cohort_text(res.cell.cohort), (int) res.cell.period)));
			break;
		case JY_HEAT_SIZE_DIFFERS:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("heatmap cohort_size differs within a cohort"),
					 errdetail("Cohort %s has sizes " INT64_FORMAT " and " INT64_FORMAT ".",
							   cohort_text(res.cell.cohort), res.other, res.cell.size)));
			break;
		case JY_HEAT_TOO_MANY_CELLS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("retention heatmap cannot have more than %d cells", JY_HEAT_MAX_CELLS)));
			break;
		case JY_HEAT_TOO_MANY_PERIODS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("retention heatmap cannot have more than %d periods", JY_HEAT_MAX_PERIODS),
					 errdetail("Cohort %s has period %d; the columns are periods 0 to %d.",
							   cohort_text(res.cell.cohort), (int) res.cell.period,
							   JY_HEAT_MAX_PERIODS - 1)));
			break;
		case JY_HEAT_TOO_MANY_COHORTS:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("retention heatmap cannot have more than %d cohorts", JY_HEAT_MAX_COHORTS),
					 errhint("Keep fewer cohorts, e.g. the latest ones, or use longer periods.")));
			break;
		case JY_HEAT_STATUS:
			JourneyCheckStatus(res.status, HEATMAP);
			break;
	}
	PG_RETURN_TEXT_P(JourneySvgText(doc, len, HEATMAP));
}
