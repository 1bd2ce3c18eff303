/*
 * stats.c -- statistics for funnel reports
 */
#include "stats.h"

#include <math.h>

/*
 * Inverse normal CDF: P. J. Acklam's rational approximation (relative error
 * 1.15e-9), refined by one step of Halley's method with erfc, which brings
 * it to full double precision.
 */
double
jy_normal_quantile(double p)
{
	static const double a[] = {
		-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
		1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00
	};
	static const double b[] = {
		-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
		6.680131188771972e+01, -1.328068155288572e+01
	};
	static const double c[] = {
		-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
		-2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00
	};
	static const double d[] = {
		7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
		3.754408661907416e+00
	};
	const double plow = 0.02425;
	double		q,
				r,
				x,
				e,
				u;

	if (p < plow)
	{
		q = sqrt(-2 * log(p));
		x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
			((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	else if (p <= 1 - plow)
	{
		q = p - 0.5;
		r = q * q;
		x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
			(((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	}
	else
	{
		q = sqrt(-2 * log(1 - p));
		x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
			((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
	}
	/* Halley refinement */
	e = 0.5 * erfc(-x / sqrt(2.0)) - p;
	u = e * 2.5066282746310002 * exp(x * x / 2);
	return x - u / (1 + x * u / 2);
}

/* z of a two-sided interval */
double
jy_z_for_confidence(double confidence)
{
	return jy_normal_quantile(1 - (1 - confidence) / 2);
}

/* Wilson score interval */
void
jy_wilson(int64_t successes, int64_t trials, double z, double *lo, double *hi)
{
	double		n = (double) trials;
	double		p = (double) successes / n;
	double		z2 = z * z;
	double		denom = 1 + z2 / n;
	double		center = (p + z2 / (2 * n)) / denom;
	double		half = z * sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;

	*lo = center - half;
	*hi = center + half;
	/* the exact bounds at p = 0 and p = 1 */
	if (successes == 0 || *lo < 0)
		*lo = 0;
	if (successes == trials || *hi > 1)
		*hi = 1;
}

/* Check that counts are a funnel */
JyCountsCheck
jy_counts_check(const int64_t *counts, int n, int *at)
{
	int			i;

	*at = 0;
	if (n <= 0)
		return JY_COUNTS_EMPTY;
	if (n > JY_MAX_STEPS)
		return JY_COUNTS_TOO_MANY;
	for (i = 0; i < n; i++)
	{
		*at = i;
		if (counts[i] < 0)
			return JY_COUNTS_NEGATIVE;
		if (i > 0 && counts[i] > counts[i - 1])
			return JY_COUNTS_INCREASING;
	}
	return JY_COUNTS_OK;
}

/* The rows of a funnel report */
void
jy_funnel_report(const int64_t *counts, int n, double z, JyFunnelRow *rows)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		JyFunnelRow *r = &rows[i];

		r->actors = counts[i];
		r->has_conversion = counts[0] > 0;
		if (r->has_conversion)
		{
			r->conversion = (double) counts[i] / (double) counts[0];
			jy_wilson(counts[i], counts[0], z, &r->ci_low, &r->ci_high);
		}
		r->has_dropped = i > 0;
		r->has_step_conversion = i > 0 && counts[i - 1] > 0;
		if (r->has_dropped)
			r->dropped = counts[i - 1] - counts[i];
		if (r->has_step_conversion)
			r->step_conversion = (double) counts[i] / (double) counts[i - 1];
	}
}
