/*
 * stats.c -- statistics for funnel reports
 */
#include "stats.h"

#include <math.h>
#include <string.h>

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
	e = jy_normal_cdf(x) - p;
	u = e * 2.5066282746310002 * exp(x * x / 2);
	return x - u / (1 + x * u / 2);
}

/* Standard normal CDF */
double
jy_normal_cdf(double x)
{
	return 0.5 * erfc(-x / sqrt(2.0));
}

/*
 * z of a two-sided interval, from the lower tail: 1 - (1 - c) / 2 rounds
 * to 1 (and the quantile to infinity) for c within 1.2e-16 of 1, while
 * (1 - c) / 2 is exact there and the quantile of a small p is accurate.
 */
double
jy_z_for_confidence(double confidence)
{
	return -jy_normal_quantile((1 - confidence) / 2);
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

/* Two-proportion z-test (see stats.h) */
JyZTestCheck
jy_ztest(int64_t x1, int64_t n1, int64_t x2, int64_t n2, double confidence,
		 JyZTest *out)
{
	double		pooled,
				se,
				half;
	uint64_t	sx,
				sn;

	memset(out, 0, sizeof(*out));
	if (x1 < 0 || n1 < 0 || x2 < 0 || n2 < 0 || x1 > n1 || x2 > n2)
		return JY_ZTEST_BAD_COUNTS;
	if (!(confidence > 0 && confidence < 1))
		return JY_ZTEST_BAD_CONFIDENCE;
	if (n1 == 0 || n2 == 0)
		return JY_ZTEST_EMPTY_GROUP;

	out->p1 = (double) x1 / (double) n1;
	out->p2 = (double) x2 / (double) n2;
	/*
	 * p2 - p1, or equally the difference of the failure shares when the
	 * proportions are large: those are exact where a proportion near 1
	 * rounds (counts beyond 2^53)
	 */
	if (out->p1 + out->p2 > 1)
		out->diff = (double) (n1 - x1) / (double) n1 - (double) (n2 - x2) / (double) n2;
	else
		out->diff = out->p2 - out->p1;
	half = jy_z_for_confidence(confidence) *
		sqrt(out->p1 * (1 - out->p1) / (double) n1 +
			 out->p2 * (1 - out->p2) / (double) n2);
	out->diff_low = out->diff - half;
	out->diff_high = out->diff + half;
	out->has_diff = true;
	if (x1 > 0)
	{
		out->lift = out->diff / out->p1;
		out->has_lift = true;
	}

	/*
	 * All failures or all successes: no variance.  The sums are exact in
	 * uint64 (each count is below 2^63), and the pooled variance is
	 * X (N - X) / N^2 from them, so it is not 0 for counts beyond 2^53,
	 * where 1 - X / N would round to 0.
	 */
	sx = (uint64_t) x1 + (uint64_t) x2;
	sn = (uint64_t) n1 + (uint64_t) n2;
	if (sx == 0 || sx == sn)
		return JY_ZTEST_NO_VARIANCE;
	pooled = (double) sx / (double) sn;
	se = sqrt(pooled * ((double) (sn - sx) / (double) sn) *
			  (1 / (double) n1 + 1 / (double) n2));
	out->z = out->diff / se;
	out->p_value = erfc(fabs(out->z) / sqrt(2.0));
	out->has_z = true;
	return JY_ZTEST_OK;
}

/* Message for a z-test check */
const char *
jy_ztest_check_message(JyZTestCheck check)
{
	switch (check)
	{
		case JY_ZTEST_OK:
			return "ok";
		case JY_ZTEST_BAD_COUNTS:
			return "counts must satisfy 0 <= successes <= trials";
		case JY_ZTEST_BAD_CONFIDENCE:
			return "confidence must be between 0 and 1";
		case JY_ZTEST_EMPTY_GROUP:
			return "a group has no trials";
		case JY_ZTEST_NO_VARIANCE:
			return "no variance: every trial succeeded or every trial failed";
	}
	return "unknown check";
}

/* Per-step z-tests of two checked funnels */
void
jy_funnel_compare(const int64_t *a, const int64_t *b, int n, JyCompareBase base,
				  double confidence, JyZTest *rows, JyZTestCheck *checks)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		int			from = (base == JY_COMPARE_FROM_PREVIOUS && i > 0) ? i - 1 : 0;

		checks[i] = jy_ztest(a[i], a[from], b[i], b[from], confidence, &rows[i]);
	}
}

/* Parse a funnel_compare base */
bool
jy_compare_parse_base(const char *s, size_t len, JyCompareBase *base)
{
	static const char *const names[] = {
		[JY_COMPARE_FROM_START] = "start", [JY_COMPARE_FROM_PREVIOUS] = "previous"
	};
	int			k = jy_keyword(names, 2, s, len);

	if (k < 0)
		return false;
	*base = (JyCompareBase) k;
	return true;
}

/* ln C(n, k) for 0 <= k <= n */
static double
log_choose(double n, double k)
{
	return lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0);
}

/*
 * Sum the hypergeometric terms of one side of the mode, starting at x0 with
 * weight w0 (relative to the mode's) and stepping by dir (+1 or -1) until
 * the support ends or the terms vanish; add every term to *total and the
 * terms no larger than limit to *tail.  ratio(x) = w(x + 1) / w(x).
 */
static void
fisher_side(double x0, double w0, int dir, double lo, double hi,
			double row1, double row2, double col1, double limit,
			double *total, double *tail)
{
	double		x = x0;
	double		w = w0;

	for (;;)
	{
		*total += w;
		if (w <= limit)
			*tail += w;
		if (w < 1e-300)
			break;
		if (dir > 0)
		{
			if (x >= hi)
				break;
			w *= (row1 - x) * (col1 - x) / ((x + 1.0) * (row2 - col1 + x + 1.0));
			x += 1.0;
		}
		else
		{
			if (x <= lo)
				break;
			w *= x * (row2 - col1 + x) / ((row1 - x + 1.0) * (col1 - x + 1.0));
			x -= 1.0;
		}
	}
}

/* Two-sided Fisher exact test of [[a, b], [c, d]] */
double
jy_fisher_exact(int64_t a, int64_t b, int64_t c, int64_t d)
{
	double		row1 = (double) a + (double) b;
	double		row2 = (double) c + (double) d;
	double		col1 = (double) a + (double) c;
	double		n = row1 + row2;
	double		lo = col1 - row2 > 0 ? col1 - row2 : 0;
	double		hi = row1 < col1 ? row1 : col1;
	double		mode,
				wobs,
				limit,
				total = 0,
				tail = 0;

	if (lo >= hi)
		return 1.0;
	/*
	 * Too large to sum exactly: beyond 2^53 doubles do not hold the counts
	 * (x + 1 would equal x), and with every margin above 2^40 the terms to
	 * sum (a few tens of standard deviations) would be tens of millions
	 */
	if (n >= JY_FISHER_MAX_N || (row1 > JY_FISHER_MAX_MARGIN && row2 > JY_FISHER_MAX_MARGIN &&
								 col1 > JY_FISHER_MAX_MARGIN && n - col1 > JY_FISHER_MAX_MARGIN))
		return NAN;
	/* the mode of the hypergeometric distribution, clamped to the support */
	mode = floor((col1 + 1.0) * (row1 + 1.0) / (n + 2.0));
	if (mode < lo)
		mode = lo;
	if (mode > hi)
		mode = hi;
	wobs = exp(log_choose(row1, (double) a) + log_choose(row2, col1 - (double) a)
			   - log_choose(row1, mode) - log_choose(row2, col1 - mode));
	limit = wobs * (1.0 + 1e-7);
	fisher_side(mode, 1.0, 1, lo, hi, row1, row2, col1, limit, &total, &tail);
	if (mode > lo)
	{
		double		w = (mode * (row2 - col1 + mode)) /
			((row1 - mode + 1.0) * (col1 - mode + 1.0));

		fisher_side(mode - 1.0, w, -1, lo, hi, row1, row2, col1, limit,
					&total, &tail);
	}
	return tail >= total ? 1.0 : tail / total;
}

/* Odds ratio with its Woolf interval */
void
jy_odds_ratio(int64_t a, int64_t b, int64_t c, int64_t d, double z,
			  JyOddsRatio *out)
{
	double		fa = (double) a,
				fb = (double) b,
				fc = (double) c,
				fd = (double) d;
	double		lor,
				se;

	out->corrected = (a == 0 || b == 0 || c == 0 || d == 0);
	if (out->corrected)
	{
		fa += 0.5;
		fb += 0.5;
		fc += 0.5;
		fd += 0.5;
	}
	lor = log(fa) + log(fd) - log(fb) - log(fc);
	se = sqrt(1.0 / fa + 1.0 / fb + 1.0 / fc + 1.0 / fd);
	out->odds_ratio = exp(lor);
	out->ci_low = exp(lor - z * se);
	out->ci_high = exp(lor + z * se);
}

/* Positions of p in ascending order of p, ties in input order */
static inline int
p_order_cmp(const size_t *x, const size_t *y, void *ctx)
{
	const double *p = (const double *) ctx;

	if (p[*x] != p[*y])
		return p[*x] < p[*y] ? -1 : 1;
	return *x < *y ? -1 : (*x > *y);
}

#define JY_SORT_NAME sort_p_order
#define JY_SORT_TYPE size_t
#define JY_SORT_CMP p_order_cmp
#include "sort.h"

/* Sort positions 0..n) by p */
static void
p_order(const double *p, size_t n, size_t *order, const JyMem *m)
{
	size_t		i;

	for (i = 0; i < n; i++)
		order[i] = i;
	sort_p_order(order, n, (void *) p, m);
}

/* Benjamini-Hochberg q-values */
void
jy_bh_adjust(const double *p, size_t n, double *q, size_t *order, const JyMem *m)
{
	double		running = 1.0;
	size_t		i;

	p_order(p, n, order, m);
	for (i = n; i > 0; i--)
	{
		double		v = p[order[i - 1]] * (double) n / (double) i;

		if (v < running)
			running = v;
		q[order[i - 1]] = running;
	}
}

/* Holm adjusted p-values */
void
jy_holm_adjust(const double *p, size_t n, double *q, size_t *order, const JyMem *m)
{
	double		running = 0.0;
	size_t		i;

	p_order(p, n, order, m);
	for (i = 0; i < n; i++)
	{
		double		v = p[order[i]] * (double) (n - i);

		if (v > 1.0)
			v = 1.0;
		if (v > running)
			running = v;
		q[order[i]] = running;
	}
}

/* ---------- Student t and KPI change against a baseline ---------- */

/*
 * Continued fraction of the regularized incomplete beta function I_x(a, b)
 * (modified Lentz): I_x(a, b) = x^a (1 - x)^b / (a B(a, b)) times it,
 * converging fast for x < (a + 1) / (a + b + 2)
 */
static double
beta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double		qab = a + b,
				qap = a + 1,
				qam = a - 1;
	double		c = 1,
				d = 1 - qab * x / qap,
				h;
	int			m;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	h = d;
	for (m = 1; m <= 1000000; m++)
	{
		double		m2 = 2.0 * m;
		double		aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		double		del;

		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) < 3e-16)	/* a few ulps: 1e-16 may never be met */
			break;
	}
	return h;
}

/* The Stirling series of ln Gamma(x) - ((x - 1/2) ln x - x + ln(2 pi) / 2), x >= 20 */
static double
stirling_tail(double x)
{
	double		r = 1 / (x * x);

	return (1.0 / 12 - r * (1.0 / 360 - r * (1.0 / 1260 - r * (1.0 / 1680 - r / 1188)))) / x;
}

/*
 * ln B(a, 1/2) = ln Gamma(a) + ln Gamma(1/2) - ln Gamma(a + 1/2); for large
 * a from the Stirling series of the difference, where lgamma's values
 * (about a ln a) would lose digits to cancellation
 */
static double
log_beta_half(double a)
{
	double		d;

	if (a < 20)
		return lgamma(a) + lgamma(0.5) - lgamma(a + 0.5);
	/* ln Gamma(a + 1/2) - ln Gamma(a) */
	d = a * log1p(0.5 / a) + 0.5 * log(a) - 0.5 + stirling_tail(a + 0.5) - stirling_tail(a);
	return 0.57236494292470008707 - d;	/* ln Gamma(1/2) = ln(pi) / 2 */
}

/*
 * ln x and ln(1 - x) for x = df / (df + t^2) = 1 / (1 + r^2), r = |t| /
 * sqrt(df), without overflow for any finite t
 */
static void
t_logs(double t, double df, double *lx, double *l1x)
{
	/* ln r from logs: |t| / sqrt(df) itself may overflow */
	double		lr = log(fabs(t)) - 0.5 * log(df);

	if (lr >= 0)
	{
		double		s = log1p(exp(-2 * lr));

		*lx = -2 * lr - s;
		*l1x = -s;
	}
	else
	{
		double		r = exp(lr);
		double		s = log1p(r * r);

		*lx = -s;
		*l1x = r > 0 ? 2 * lr - s : -HUGE_VAL;
	}
}

/* How jy_t_cdf computes a tail at large df */
typedef enum TLargeDfMethod
{
	T_CONTINUED_FRACTION,
	T_EXPANSION,
	T_AS_26_7_8
} TLargeDfMethod;

/*
 * At large df the continued fraction loses digits (its terms subtract
 * numbers within t^2/df of 1: relative error about 7e-17 df / t^2, fitted
 * against mpmath), while the two-term expansion of the CDF in 1/df,
 * Phi(t) + phi(t) (g1(t)/df + g2(t)/df^2) with g1 = -(t^3 + t)/4 and
 * g2 = -(3t^7 - 7t^5 - 5t^3 - 3t)/96, errs by about 1.6e-3 t^12 / df^3, and
 * Abramowitz and Stegun 26.7.8, Phi(t (1 - 1/4df) / sqrt(1 + t^2/2df)), by
 * about (0.09 t^2 + 0.05 t^6) / df^2: the method whose estimate is smallest
 */
static TLargeDfMethod
t_large_df_method(double t, double df)
{
	double		t2 = t * t;
	double		e_cf = 7e-17 * df / t2;
	double		e_ex = 1.6e-3 * pow(t2, 6) / (df * df * df);
	double		e_as = (0.09 * t2 + 0.05 * t2 * t2 * t2) / (df * df);

	if (e_ex <= e_cf && e_ex <= e_as)
		return T_EXPANSION;
	if (e_as <= e_cf)
		return T_AS_26_7_8;
	return T_CONTINUED_FRACTION;
}

/* P(T <= -|t|) for T ~ t(df): I_x(df/2, 1/2) / 2 */
static double
t_lower_tail(double t, double df)
{
	double		a = df / 2,
				b = 0.5;
	double		lx,
				l1x,
				front;

	if (t == 0)
		return 0.5;
	if (isinf(t))
		return 0;
	if (df > 1e4 && fabs(t) < 1e10)
	{
		double		u = -fabs(t);

		switch (t_large_df_method(u, df))
		{
			case T_EXPANSION:
				/* Phi(u) + phi(u) (g1/df + g2/df^2), Fisher's expansion */
				{
					double		u2 = u * u;
					double		g1 = -(u2 * u + u) / 4;
					double		g2 = -(((3 * u2 - 7) * u2 - 5) * u2 - 3) * u / 96;

					return jy_normal_cdf(u) +
						exp(-u2 / 2) * 0.3989422804014327 * (g1 + g2 / df) / df;
				}
			case T_AS_26_7_8:
				{
					double		v = 1 / (4 * df);

					return jy_normal_cdf(u * (1 - v) / sqrt(1 + 2 * u * u * v));
				}
			case T_CONTINUED_FRACTION:
				break;
		}
	}
	t_logs(t, df, &lx, &l1x);
	front = exp(a * lx + b * l1x - log_beta_half(a));
	if (exp(lx) < (a + 1) / (a + b + 2))
		return 0.5 * front * beta_cf(a, b, exp(lx)) / a;
	/* the symmetry I_x(a, b) = 1 - I_(1 - x)(b, a), accurate near x = 1 */
	return 0.5 * (1 - front * beta_cf(b, a, -expm1(lx)) / b);
}

/* Student t CDF */
double
jy_t_cdf(double t, double df)
{
	double		tail;

	if (isnan(t) || isnan(df) || !(df > 0))
		return NAN;
	tail = t_lower_tail(t, df);
	return t < 0 ? tail : 1 - tail;
}

/* Student t density */
static double
t_pdf(double t, double df)
{
	double		lx,
				l1x;

	t_logs(t, df, &lx, &l1x);
	/* (1 + t^2/df)^(-(df + 1)/2) / (sqrt(df) B(df/2, 1/2)), and x = 1/(1 + t^2/df) */
	return exp((df + 1) / 2 * lx - 0.5 * log(df) - log_beta_half(df / 2));
}

/* Inverse Student t CDF */
double
jy_t_quantile(double p, double df)
{
	double		lo,
				hi,
				t,
				z,
				lp;
	int			i;

	if (isnan(p) || isnan(df) || !(df > 0) || !(p > 0 && p < 1))
		return NAN;
	if (isinf(df))
		return jy_normal_quantile(p);
	if (p == 0.5)
		return 0;
	if (p > 0.5)
		return -jy_t_quantile(1 - p, df);

	/* lower tail: bracket [lo, hi] with cdf(lo) <= p < cdf(hi), hi <= 0 */
	z = jy_normal_quantile(p);
	t = z + (z * z * z + z) / (4 * df);	/* Cornish-Fisher, first order */
	hi = 0;
	lo = t < -1 ? t : -1;
	while (t_lower_tail(lo, df) > p)
	{
		hi = lo;
		lo *= 2;
		if (isinf(lo))
			return -HUGE_VAL;
	}
	if (!(t > lo && t < hi))
		t = (lo + hi) / 2;

	/* Newton on ln cdf(t) - ln p, which is nearly linear in the tails */
	lp = log(p);
	for (i = 0; i < 200; i++)
	{
		double		c = t_lower_tail(t, df);
		double		next;

		if (c > p)
			hi = t;
		else
			lo = t;
		next = t - (log(c) - lp) * c / t_pdf(t, df);
		if (!(next > lo && next < hi))
			next = (lo + hi) / 2;
		if (fabs(next - t) <= 1e-15 * fabs(next) || next == lo || next == hi)
		{
			t = next;
			break;
		}
		t = next;
	}
	return t;
}

/* Message for a KPI check */
const char *
jy_kpi_check_message(JyKpiCheck check)
{
	switch (check)
	{
		case JY_KPI_OK:
			return "ok";
		case JY_KPI_NEGATIVE_COUNT:
			return "counts must not be negative";
		case JY_KPI_SUCCESSES_ABOVE_TRIALS:
			return "successes must not exceed trials";
		case JY_KPI_NEGATIVE_SD:
			return "a standard deviation must not be negative";
		case JY_KPI_NOT_FINITE:
			return "means and standard deviations must be finite";
		case JY_KPI_BAD_CONFIDENCE:
			return "confidence must be between 0 and 1";
	}
	return "unknown check";
}

/* Unset every value of a KPI change that is not finite */
static void
kpi_keep_finite(JyKpi *k)
{
	if (!isfinite(k->baseline))
		k->has_baseline = false;
	if (!isfinite(k->current))
		k->has_current = false;
	if (!isfinite(k->abs_change))
		k->has_abs = false;
	if (!k->has_abs || !isfinite(k->abs_ci_low) || !isfinite(k->abs_ci_high))
		k->has_abs_ci = false;
	if (!isfinite(k->rel_change))
		k->has_rel = false;
	if (!k->has_rel || !isfinite(k->rel_ci_low) || !isfinite(k->rel_ci_high))
		k->has_rel_ci = false;
	if (!isfinite(k->p_value))
		k->has_p = false;
}

/* Rate KPI change (see stats.h) */
JyKpiCheck
jy_kpi_rate(const JyKpiRatePeriod *b, const JyKpiRatePeriod *c, double confidence,
			JyKpi *out)
{
	const JyKpiRatePeriod *periods[2] = {b, c};
	int64_t		x1 = b->successes,
				n1 = b->trials,
				x2 = c->successes,
				n2 = c->trials;
	JyZTest		t;
	JyZTestCheck check;
	int			i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < 2; i++)
	{
		if (!periods[i]->known)
			continue;
		if (periods[i]->successes < 0 || periods[i]->trials < 0)
			return JY_KPI_NEGATIVE_COUNT;
		if (periods[i]->successes > periods[i]->trials)
			return JY_KPI_SUCCESSES_ABOVE_TRIALS;
	}
	if (!(confidence > 0 && confidence < 1))
		return JY_KPI_BAD_CONFIDENCE;
	out->has_baseline = b->known && n1 > 0;
	out->has_current = c->known && n2 > 0;
	if (out->has_baseline)
		out->baseline = (double) x1 / (double) n1;
	if (out->has_current)
		out->current = (double) x2 / (double) n2;
	if (!out->has_baseline || !out->has_current)
		return JY_KPI_OK;

	/* the difference, its Wald interval and the pooled z-test */
	check = jy_ztest(x1, n1, x2, n2, confidence, &t);
	out->abs_change = t.diff;
	out->has_abs = true;
	out->abs_ci_low = t.diff_low;
	out->abs_ci_high = t.diff_high;
	/* zero width when both rates are 0 or 1 */
	out->has_abs_ci = !((x1 == 0 || x1 == n1) && (x2 == 0 || x2 == n2));
	out->p_value = t.p_value;
	out->has_p = check == JY_ZTEST_OK;

	/* the relative change and the Katz interval of the risk ratio */
	if (t.has_lift)
	{
		out->rel_change = t.lift;
		out->has_rel = true;
		if (x2 > 0 && (x1 < n1 || x2 < n2))
		{
			double		z = jy_z_for_confidence(confidence);
			double		var = (double) (n2 - x2) / ((double) x2 * (double) n2) +
				(double) (n1 - x1) / ((double) x1 * (double) n1);
			double		lrr = log1p(t.lift);
			double		half = z * sqrt(var);

			out->rel_ci_low = expm1(lrr - half);
			out->rel_ci_high = expm1(lrr + half);
			out->has_rel_ci = true;
		}
	}
	kpi_keep_finite(out);
	return JY_KPI_OK;
}

/* Mean KPI change (see stats.h) */
JyKpiCheck
jy_kpi_mean(const JyKpiMeanPeriod *b, const JyKpiMeanPeriod *c, double confidence,
			JyKpi *out)
{
	const JyKpiMeanPeriod *periods[2] = {b, c};
	double		m1 = b->mean,
				m2 = c->mean;
	int			i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < 2; i++)
	{
		const JyKpiMeanPeriod *p = periods[i];

		if (p->known && p->n < 0)
			return JY_KPI_NEGATIVE_COUNT;
		if ((p->has_mean && !isfinite(p->mean)) || (p->has_sd && !isfinite(p->sd)))
			return JY_KPI_NOT_FINITE;
		if (p->has_sd && p->sd < 0)
			return JY_KPI_NEGATIVE_SD;
	}
	if (!(confidence > 0 && confidence < 1))
		return JY_KPI_BAD_CONFIDENCE;
	out->has_baseline = b->known && b->n > 0 && b->has_mean;
	out->has_current = c->known && c->n > 0 && c->has_mean;
	out->baseline = m1;
	out->current = m2;
	if (!out->has_baseline || !out->has_current)
		return JY_KPI_OK;

	out->abs_change = m2 - m1;
	out->has_abs = true;
	if (m1 > 0)
	{
		out->rel_change = m2 / m1 - 1;
		out->has_rel = true;
	}
	if (b->n >= 2 && c->n >= 2 && b->has_sd && c->has_sd)
	{
		double		n1 = (double) b->n,
					n2 = (double) c->n;
		double		v1 = b->sd * b->sd / n1,
					v2 = c->sd * c->sd / n2;
		double		se2 = v1 + v2;

		if (se2 > 0 && isfinite(se2))
		{
			/* Welch-Satterthwaite, scaled by se2 so that nothing overflows */
			double		df = 1 / ((v1 / se2) * (v1 / se2) / (n1 - 1) +
								  (v2 / se2) * (v2 / se2) / (n2 - 1));
			double		se = sqrt(se2);
			double		q = -jy_t_quantile((1 - confidence) / 2, df);

			out->abs_ci_low = out->abs_change - q * se;
			out->abs_ci_high = out->abs_change + q * se;
			out->has_abs_ci = true;
			out->p_value = 2 * jy_t_cdf(-fabs(out->abs_change / se), df);
			out->has_p = true;
			if (out->has_rel && m2 > 0)
			{
				/* delta method on ln(m2 / m1) */
				double		sel = hypot(b->sd / (sqrt(n1) * m1), c->sd / (sqrt(n2) * m2));
				double		lr = log(m2) - log(m1);

				out->rel_ci_low = expm1(lr - q * sel);
				out->rel_ci_high = expm1(lr + q * sel);
				out->has_rel_ci = true;
			}
		}
	}
	kpi_keep_finite(out);
	return JY_KPI_OK;
}

/* Status of a relative target */
JyKpiStatus
jy_kpi_status(const JyKpi *k, double target)
{
	if (!k->has_rel_ci)
		return JY_KPI_NOT_DISTINGUISHABLE;
	if (target >= 0)
	{
		if (k->rel_ci_low >= target)
			return JY_KPI_REACHED;
		if (k->rel_ci_high < target)
			return JY_KPI_NOT_REACHED;
	}
	else
	{
		if (k->rel_ci_high <= target)
			return JY_KPI_REACHED;
		if (k->rel_ci_low > target)
			return JY_KPI_NOT_REACHED;
	}
	return JY_KPI_NOT_DISTINGUISHABLE;
}

/* Name of a status */
const char *
jy_kpi_status_name(JyKpiStatus status)
{
	switch (status)
	{
		case JY_KPI_REACHED:
			return "reached";
		case JY_KPI_NOT_REACHED:
			return "not reached";
		case JY_KPI_NOT_DISTINGUISHABLE:
			return "not distinguishable";
	}
	return "not distinguishable";
}
