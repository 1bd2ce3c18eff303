/*
 * kpi.c -- kpi_rate_change and kpi_mean_change
 *
 * A KPI's change from a baseline period to the current one, with intervals,
 * a p-value and the status of a relative target (core/stats.c does the
 * arithmetic).  Both return one row with the same columns, so that rate and
 * mean KPIs can be UNION ALLed.  Not STRICT: a NULL period argument is a
 * missing value (the columns that need it are NULL), a NULL target gives a
 * NULL status; a NULL confidence is an error.
 */
#include "journey.h"

#include <math.h>

#include "funcapi.h"
#include "utils/builtins.h"

#include "core/stats.h"

/* The number of result columns */
#define KPI_COLUMNS 11

/* A float8 argument, or a NULL mark */
static double
kpi_float_arg(FunctionCallInfo fcinfo, int argno, bool *has)
{
	*has = !PG_ARGISNULL(argno);
	return *has ? PG_GETARG_FLOAT8(argno) : 0;
}

/* The target argument: NULL (no status) or finite */
static double
kpi_target(FunctionCallInfo fcinfo, int argno, bool *has)
{
	double		target = kpi_float_arg(fcinfo, argno, has);

	if (*has && !isfinite(target))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target must be finite"),
				 errhint("The target is a relative change: 0.15 for +15 %%, -0.10 for 10 %% lower.")));
	return target;
}

/* A value of a period for an error detail: the number or NULL */
static char *
kpi_show(bool has, double v)
{
	return has ? psprintf("%g", v) : pstrdup("NULL");
}

/* Emit the row of a KPI change */
static Datum
kpi_result(FunctionCallInfo fcinfo, const JyKpi *k, bool has_target, double target)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum		values[KPI_COLUMNS];
	bool		nulls[KPI_COLUMNS];

	values[0] = Float8GetDatum(k->baseline);
	nulls[0] = !k->has_baseline;
	values[1] = Float8GetDatum(k->current);
	nulls[1] = !k->has_current;
	values[2] = Float8GetDatum(k->abs_change);
	nulls[2] = !k->has_abs;
	values[3] = Float8GetDatum(k->abs_ci_low);
	values[4] = Float8GetDatum(k->abs_ci_high);
	nulls[3] = nulls[4] = !k->has_abs_ci;
	values[5] = Float8GetDatum(k->rel_change);
	nulls[5] = !k->has_rel;
	values[6] = Float8GetDatum(k->rel_ci_low);
	values[7] = Float8GetDatum(k->rel_ci_high);
	nulls[6] = nulls[7] = !k->has_rel_ci;
	values[8] = Float8GetDatum(k->p_value);
	nulls[8] = !k->has_p;
	values[9] = Float8GetDatum(target);
	nulls[9] = !has_target;
	nulls[10] = !has_target;
	values[10] = has_target ?
		CStringGetTextDatum(jy_kpi_status_name(jy_kpi_status(k, target))) : (Datum) 0;
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(kpi_rate_change);

/*
 * kpi_rate_change(baseline_successes, baseline_trials, current_successes,
 * current_trials, target, confidence) -> one row: the two rates, the
 * absolute change (Wald) and relative change (Katz) with intervals, the
 * pooled z-test's p-value, the target and its status
 */
Datum
kpi_rate_change(PG_FUNCTION_ARGS)
{
	JyKpiRatePeriod b,
				c;
	JyKpi		k;
	JyKpiCheck	check;
	bool		has_target;
	double		target,
				confidence;

	InitMaterializedSRF(fcinfo, 0);
	confidence = JourneyConfidence(fcinfo, 5);
	target = kpi_target(fcinfo, 4, &has_target);
	b.known = !PG_ARGISNULL(0) && !PG_ARGISNULL(1);
	b.successes = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT64(0);
	b.trials = PG_ARGISNULL(1) ? 0 : PG_GETARG_INT64(1);
	c.known = !PG_ARGISNULL(2) && !PG_ARGISNULL(3);
	c.successes = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT64(2);
	c.trials = PG_ARGISNULL(3) ? 0 : PG_GETARG_INT64(3);
	check = jy_kpi_rate(&b, &c, confidence, &k);
	if (check != JY_KPI_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid rate counts: %s", jy_kpi_check_message(check)),
				 errdetail("The baseline has %s successes of %s trials, the current period %s of %s.",
						   PG_ARGISNULL(0) ? "NULL" : psprintf(INT64_FORMAT, b.successes),
						   PG_ARGISNULL(1) ? "NULL" : psprintf(INT64_FORMAT, b.trials),
						   PG_ARGISNULL(2) ? "NULL" : psprintf(INT64_FORMAT, c.successes),
						   PG_ARGISNULL(3) ? "NULL" : psprintf(INT64_FORMAT, c.trials)),
				 errhint("Successes and trials must satisfy 0 <= successes <= trials.")));
	return kpi_result(fcinfo, &k, has_target, target);
}

PG_FUNCTION_INFO_V1(kpi_mean_change);

/*
 * kpi_mean_change(baseline_n, baseline_mean, baseline_sd, current_n,
 * current_mean, current_sd, target, confidence) -> one row: the two means,
 * the absolute change with its Welch interval, the relative change with a
 * delta-method interval, Welch's p-value, the target and its status
 */
Datum
kpi_mean_change(PG_FUNCTION_ARGS)
{
	JyKpiMeanPeriod b,
				c;
	JyKpi		k;
	JyKpiCheck	check;
	bool		has_target;
	double		target,
				confidence;

	InitMaterializedSRF(fcinfo, 0);
	confidence = JourneyConfidence(fcinfo, 7);
	target = kpi_target(fcinfo, 6, &has_target);
	b.known = !PG_ARGISNULL(0);
	b.n = b.known ? PG_GETARG_INT64(0) : 0;
	b.mean = kpi_float_arg(fcinfo, 1, &b.has_mean);
	b.sd = kpi_float_arg(fcinfo, 2, &b.has_sd);
	c.known = !PG_ARGISNULL(3);
	c.n = c.known ? PG_GETARG_INT64(3) : 0;
	c.mean = kpi_float_arg(fcinfo, 4, &c.has_mean);
	c.sd = kpi_float_arg(fcinfo, 5, &c.has_sd);
	check = jy_kpi_mean(&b, &c, confidence, &k);
	if (check != JY_KPI_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid mean summary: %s", jy_kpi_check_message(check)),
				 errdetail("The baseline has n %s, mean %s, sd %s; the current period n %s, mean %s, sd %s.",
						   b.known ? psprintf(INT64_FORMAT, b.n) : "NULL",
						   kpi_show(b.has_mean, b.mean), kpi_show(b.has_sd, b.sd),
						   c.known ? psprintf(INT64_FORMAT, c.n) : "NULL",
						   kpi_show(c.has_mean, c.mean), kpi_show(c.has_sd, c.sd)),
				 errhint("Pass count(*), avg(x) and stddev_samp(x) of each period.")));
	return kpi_result(fcinfo, &k, has_target, target);
}
