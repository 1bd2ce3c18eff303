/*
 * fuzz_kpi.c -- libFuzzer target for the Student t distribution and the
 * KPI changes of a rate and of a mean
 *
 * The input is read as raw numbers: a selector byte, then int64 and double
 * fields (missing bytes read as 0).  Selector 0: jy_t_quantile and
 * jy_t_cdf at any df in [0.05, 1e12] and p in (0, 1): the CDF stays in
 * [0, 1], is symmetric, and inverts the quantile (relative 1e-8 while the
 * quantile is finite).  Selector 1: jy_kpi_rate on any counts, selector 2:
 * jy_kpi_mean on any n, means and sds (NaN and infinities included): an
 * invalid argument gives a check, never a crash; otherwise every value that
 * is set is finite, rates lie in [0, 1], each interval is ordered and holds
 * its point estimate, the p-value lies in [0, 1], and every target gives
 * one of the three statuses.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"

/* Abort with a message when a property fails */
static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_kpi: %s\n", what);
		abort();
	}
}

/* A cursor over the input: fields beyond its end read as zero bytes */
typedef struct FzIn
{
	const uint8_t *d;
	size_t		n,
				at;
} FzIn;

/* The next len bytes into out */
static void
fz_take(FzIn *in, void *out, size_t len)
{
	size_t		k = in->at < in->n ? in->n - in->at : 0;

	if (k > len)
		k = len;
	memset(out, 0, len);
	if (k > 0)
		memcpy(out, in->d + in->at, k);
	in->at += len;
}

/* An int64: small counts from one byte (flag 0) or any 8 bytes (flag 1) */
static int64_t
fz_int(FzIn *in)
{
	uint8_t		kind;
	int64_t		v = 0;

	fz_take(in, &kind, 1);
	if (kind & 1)
		fz_take(in, &v, 8);
	else
	{
		uint8_t		b;

		fz_take(in, &b, 1);
		v = (int64_t) b - (kind & 2 ? 8 : 0);
	}
	return v;
}

/* A double: any 8 bytes (flag 1), or a small one from a byte */
static double
fz_double(FzIn *in)
{
	uint8_t		kind;

	fz_take(in, &kind, 1);
	if (kind & 1)
	{
		double		v;

		fz_take(in, &v, 8);
		return v;
	}
	else
	{
		uint8_t		b;

		fz_take(in, &b, 1);
		return (double) b / 8.0 - (kind & 2 ? 4.0 : 0.0);
	}
}

/* The properties of a KPI change that was computed */
static void
fz_check_kpi(const JyKpi *k, bool rate, double target)
{
	JyKpiStatus s;

	if (k->has_baseline)
		fz_check(isfinite(k->baseline), "baseline not finite");
	if (k->has_current)
		fz_check(isfinite(k->current), "current not finite");
	if (rate)
	{
		fz_check(!k->has_baseline || (k->baseline >= 0 && k->baseline <= 1), "baseline rate out of [0, 1]");
		fz_check(!k->has_current || (k->current >= 0 && k->current <= 1), "current rate out of [0, 1]");
	}
	fz_check(!k->has_abs || (k->has_baseline && k->has_current && isfinite(k->abs_change)),
			 "abs_change without both periods");
	if (k->has_abs_ci)
		fz_check(k->has_abs && k->abs_ci_low <= k->abs_change && k->abs_change <= k->abs_ci_high &&
				 isfinite(k->abs_ci_low) && isfinite(k->abs_ci_high),
				 "absolute interval does not hold the change");
	fz_check(!k->has_rel || (k->has_abs && isfinite(k->rel_change)), "rel_change without a change");
	fz_check(!k->has_rel || !rate || k->rel_change >= -1, "a rate fell by more than 100 %");
	if (k->has_rel_ci)
		fz_check(k->has_rel && k->rel_ci_low <= k->rel_ci_high &&
				 k->rel_ci_low <= k->rel_change + 1e-12 * (1 + fabs(k->rel_change)) &&
				 k->rel_change <= k->rel_ci_high + 1e-12 * (1 + fabs(k->rel_change)) &&
				 k->rel_ci_low >= -1 && isfinite(k->rel_ci_high),
				 "relative interval does not hold the change");
	if (k->has_p)
		fz_check(k->has_abs && k->p_value >= 0 && k->p_value <= 1, "p-value out of [0, 1]");
	if (isfinite(target))
	{
		s = jy_kpi_status(k, target);
		fz_check(s == JY_KPI_REACHED || s == JY_KPI_NOT_REACHED || s == JY_KPI_NOT_DISTINGUISHABLE,
				 "unknown status");
		fz_check(k->has_rel_ci || s == JY_KPI_NOT_DISTINGUISHABLE, "a status without an interval");
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* One input */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FzIn		in = {data, size, 0};
	uint8_t		sel;
	double		confidence;

	fz_take(&in, &sel, 1);
	if (sel % 3 == 0)
	{
		uint32_t	a,
					b;
		double		df,
					p,
					q,
					c;

		fz_take(&in, &a, 4);
		fz_take(&in, &b, 4);
		df = 0.05 * pow(2e13, a / 4294967295.0);	/* 0.05 .. 1e12 */
		p = pow(1e-300, b / 4294967296.0) * 0.5;	/* (0, 0.5] */
		if (b & 1)
			p = 1 - p;
		if (p >= 1)
			return 0;			/* 1 - p rounded to 1 */
		q = jy_t_quantile(p, df);
		fz_check(!isnan(q), "quantile is NaN");
		c = jy_t_cdf(q, df);
		fz_check(c >= 0 && c <= 1, "cdf out of [0, 1]");
		if (isfinite(q) && p <= 0.5)
			fz_check(fabs(c / p - 1) < 1e-8, "cdf does not invert the quantile");
		if (isfinite(q) && p > 0.5)
			fz_check(fabs((1 - c) - (1 - p)) < 1e-8 * (1 - p) + 1e-15, "cdf does not invert the quantile");
		fz_check(fabs(jy_t_cdf(-q, df) + c - 1) < 1e-15 || !isfinite(q), "cdf not symmetric");
		return 0;
	}
	confidence = fz_double(&in);
	if (sel % 3 == 1)
	{
		JyKpiRatePeriod b,
					c;
		JyKpi		k;
		double		target;

		b.known = !(sel & 8);
		c.known = !(sel & 16);
		b.successes = fz_int(&in);
		b.trials = fz_int(&in);
		c.successes = fz_int(&in);
		c.trials = fz_int(&in);
		target = fz_double(&in);
		if (jy_kpi_rate(&b, &c, confidence, &k) == JY_KPI_OK)
			fz_check_kpi(&k, true, target);
	}
	else
	{
		JyKpiMeanPeriod b,
					c;
		JyKpi		k;
		double		target;

		b.known = !(sel & 8);
		c.known = !(sel & 16);
		b.has_mean = !(sel & 32);
		c.has_mean = !(sel & 64);
		b.has_sd = c.has_sd = !(sel & 128);
		b.n = fz_int(&in);
		b.mean = fz_double(&in);
		b.sd = fz_double(&in);
		c.n = fz_int(&in);
		c.mean = fz_double(&in);
		c.sd = fz_double(&in);
		target = fz_double(&in);
		if (jy_kpi_mean(&b, &c, confidence, &k) == JY_KPI_OK)
			fz_check_kpi(&k, false, target);
	}
	return 0;
}
