/*
 * stats.h -- statistics for funnel reports: normal quantiles, Wilson
 * intervals, the per-step figures of a funnel report, and the
 * two-proportion z-test (alone or per step of two funnels)
 */
#ifndef JY_STATS_H
#define JY_STATS_H

#include "jy.h"

/* Inverse of the standard normal CDF, for 0 < p < 1 (relative error < 1e-14) */
extern double jy_normal_quantile(double p);

/* Standard normal CDF, from erfc (full double precision in both tails) */
extern double jy_normal_cdf(double x);

/* z for a two-sided interval of the given confidence (0 < confidence < 1) */
extern double jy_z_for_confidence(double confidence);

/*
 * Wilson score interval for successes out of trials (0 <= successes <=
 * trials, trials > 0) at the given z.
 */
extern void jy_wilson(int64_t successes, int64_t trials, double z,
					  double *lo, double *hi);

/* Why a funnel count array is invalid */
typedef enum JyCountsCheck
{
	JY_COUNTS_OK = 0,
	JY_COUNTS_EMPTY,			/* no steps */
	JY_COUNTS_TOO_MANY,			/* more than JY_MAX_STEPS steps */
	JY_COUNTS_NEGATIVE,			/* counts[*at] < 0 */
	JY_COUNTS_INCREASING		/* counts[*at] > counts[*at - 1] */
} JyCountsCheck;

/* Check that counts are a funnel: non-negative and non-increasing */
extern JyCountsCheck jy_counts_check(const int64_t *counts, int n, int *at);

/* One row of a funnel report; the has_* flags say which values exist */
typedef struct JyFunnelRow
{
	int64_t		actors;
	double		conversion;		/* actors / actors at step 1 */
	double		step_conversion;	/* actors / actors at the previous step */
	int64_t		dropped;		/* previous step's actors minus this one's */
	double		ci_low,
				ci_high;		/* Wilson interval of conversion */
	bool		has_conversion;
	bool		has_step_conversion;
	bool		has_dropped;
} JyFunnelRow;

/* Fill rows[0..n) for checked counts (jy_counts_check) at z */
extern void jy_funnel_report(const int64_t *counts, int n, double z,
							 JyFunnelRow *rows);

/*
 * Two-proportion z-test of group 1 (x1 successes of n1 trials) against
 * group 2 (x2 of n2):
 *
 *   p1 = x1 / n1, p2 = x2 / n2, pooled p = (x1 + x2) / (n1 + n2)
 *   z = (p2 - p1) / sqrt(p (1 - p) (1 / n1 + 1 / n2))      (pooled SE)
 *   p_value = 2 (1 - Phi(|z|)) = erfc(|z| / sqrt 2)         (two-sided)
 *   diff = p2 - p1, with the unpooled Wald interval
 *     diff -+ z_c sqrt(p1 (1 - p1) / n1 + p2 (1 - p2) / n2)
 *     where z_c = jy_z_for_confidence(confidence) (not clamped to [-1, 1])
 *   lift = (p2 - p1) / p1, relative to group 1
 *
 * Positive z and diff mean group 2 converts better.
 */
typedef struct JyZTest
{
	double		p1,
				p2;				/* the two proportions */
	double		diff;			/* p2 - p1 */
	double		diff_low,
				diff_high;		/* Wald interval of diff */
	double		z;				/* pooled z statistic */
	double		p_value;		/* two-sided */
	double		lift;			/* (p2 - p1) / p1 */
	bool		has_diff;		/* p1, p2, diff and its interval are set */
	bool		has_z;			/* z and p_value are set */
	bool		has_lift;		/* lift is set: p1 > 0 */
} JyZTest;

/*
 * Why a z-test gave no z.  JY_ZTEST_BAD_* are invalid arguments (the caller
 * reports an error); the others mean "not enough data" (the caller returns
 * NULLs for what the has_* flags leave unset).
 */
typedef enum JyZTestCheck
{
	JY_ZTEST_OK = 0,
	JY_ZTEST_BAD_COUNTS,		/* a count < 0, or x > n in a group */
	JY_ZTEST_BAD_CONFIDENCE,	/* confidence not strictly between 0 and 1 */
	JY_ZTEST_EMPTY_GROUP,		/* n1 = 0 or n2 = 0: a proportion is undefined;
								 * nothing is set */
	JY_ZTEST_NO_VARIANCE		/* pooled p is 0 or 1 (no success or no
								 * failure at all): the SE is 0 and z
								 * undefined; diff (0), its interval ([0, 0])
								 * and lift (0, if p1 > 0) are set */
} JyZTestCheck;

/*
 * Run the z-test.  Every flag of *out is set: all false for BAD_* and
 * EMPTY_GROUP, has_diff (and has_lift when p1 > 0) for NO_VARIANCE, and for
 * OK has_diff, has_z, and has_lift when p1 > 0.
 */
extern JyZTestCheck jy_ztest(int64_t x1, int64_t n1, int64_t x2, int64_t n2,
							 double confidence, JyZTest *out);

/* A short message for a check (lower case, no period) */
extern const char *jy_ztest_check_message(JyZTestCheck check);

/* Which conversion jy_funnel_compare tests at each step */
typedef enum JyCompareBase
{
	JY_COMPARE_FROM_START,		/* counts[i] of counts[0] */
	JY_COMPARE_FROM_PREVIOUS	/* counts[i] of counts[i - 1] */
} JyCompareBase;

/* The base named s[0..len) ("start" or "previous"); false when none is */
extern bool jy_compare_parse_base(const char *s, size_t len, JyCompareBase *base);

/*
 * Compare two funnels step by step: for each step i of n, the z-test of
 * group a's conversion against group b's (b is "group 2": positive z means
 * b converts better), at the given confidence.  Both arrays must have
 * passed jy_counts_check (so x <= n always holds).  Step 1 (i = 0) is
 * counts[0] of counts[0] under either base, which is 1 against 1: its check
 * is always NO_VARIANCE (or EMPTY_GROUP when a group has no actors), and
 * rows[0] reports diff 0.  Fills rows[0..n) and checks[0..n); a
 * confidence outside (0, 1) gives BAD_CONFIDENCE on every step.
 */
extern void jy_funnel_compare(const int64_t *a, const int64_t *b, int n,
							  JyCompareBase base, double confidence,
							  JyZTest *rows, JyZTestCheck *checks);

/*
 * Two-sided Fisher exact test of the 2x2 table [[a, b], [c, d]] (every cell
 * >= 0): with the margins fixed, a follows the hypergeometric distribution,
 * and the p-value is the probability of the tables no more likely than the
 * observed one, within a relative tolerance of 1e-7 (the convention of R's
 * fisher.test, so that tables exactly as likely are not lost to rounding).
 * A table with an empty margin has one possible table: p = 1.  Terms are
 * summed outward from the mode until they vanish below 1e-300 of it, so
 * the cost is O(standard deviation) terms, not O(n); a p-value below about
 * 1e-300 is 0.  NaN when the table is too large to sum exactly: n of
 * JY_FISHER_MAX_N (2^53) or more, or every margin above
 * JY_FISHER_MAX_MARGIN (2^40, about 1.1e12): callers report no exact test
 * (the z-test is accurate there).
 */
#define JY_FISHER_MAX_N 9007199254740992.0	/* 2^53 */
#define JY_FISHER_MAX_MARGIN 1099511627776.0	/* 2^40 */
extern double jy_fisher_exact(int64_t a, int64_t b, int64_t c, int64_t d);

/* An odds ratio with its interval (jy_odds_ratio) */
typedef struct JyOddsRatio
{
	double		odds_ratio;
	double		ci_low,
				ci_high;
	bool		corrected;		/* a cell was 0: every cell got +0.5 */
} JyOddsRatio;

/*
 * Odds ratio (a d) / (b c) of [[a, b], [c, d]] with its Woolf (logit)
 * interval exp(ln OR -+ z sqrt(1/a + 1/b + 1/c + 1/d)); when a cell is 0,
 * every cell gets +0.5 first (the Haldane-Anscombe correction), so the
 * ratio and its interval are finite, and corrected is set.
 */
extern void jy_odds_ratio(int64_t a, int64_t b, int64_t c, int64_t d, double z,
						  JyOddsRatio *out);

/*
 * Multiple-testing adjustments of p[0..n) (each in [0, 1]) into q[0..n) (q
 * may not alias p); order is scratch of n entries.  With p sorted
 * ascending, p(1) <= ... <= p(n) (ties in input order):
 *
 *   Benjamini-Hochberg  q(i) = min over j >= i of min(1, n p(j) / j)
 *   Holm                q(i) = max over j <= i of min(1, (n - j + 1) p(j))
 *
 * Sorting calls m's interrupt hook (m may have none).
 */
extern void jy_bh_adjust(const double *p, size_t n, double *q, size_t *order,
						 const JyMem *m);
extern void jy_holm_adjust(const double *p, size_t n, double *q, size_t *order,
						   const JyMem *m);

/* ---------- Student t and KPI change against a baseline ---------- */

/*
 * Student t CDF with df > 0 degrees of freedom (df need not be an
 * integer), from the regularized incomplete beta function:
 * P(T <= -|t|) = I_x(df/2, 1/2) / 2 with x = df / (df + t^2), by a
 * continued fraction (modified Lentz) with a log-gamma prefactor.  Beyond
 * df 1e4, where the continued fraction loses digits, the two-term
 * expansion in 1/df or Abramowitz and Stegun 26.7.8 where they are closer;
 * df = +Inf is the normal CDF.  Relative error in either tail, against
 * mpmath: about 1e-14 for df up to 1e3, below 4e-12 for any df and
 * |t| <= 8 (1e-11 further out).  NaN for a NaN argument or df <= 0.
 */
extern double jy_t_cdf(double t, double df);

/*
 * Inverse of jy_t_cdf for 0 < p < 1 (Newton on the log of the lower tail,
 * safeguarded by bisection: the inverse to about 1e-15, so as accurate as
 * jy_t_cdf); NaN outside.
 */
extern double jy_t_quantile(double p, double df);

/* The columns of a KPI change; the has_* flags say which values exist */
typedef struct JyKpi
{
	double		baseline,
				current;		/* the two periods' rates or means */
	double		abs_change;		/* current - baseline */
	double		abs_ci_low,
				abs_ci_high;
	double		rel_change;		/* current / baseline - 1 */
	double		rel_ci_low,
				rel_ci_high;
	double		p_value;		/* two-sided */
	bool		has_baseline,
				has_current,
				has_abs,
				has_abs_ci,
				has_rel,
				has_rel_ci,
				has_p;
} JyKpi;

/* Why KPI arguments are invalid (the caller reports an error) */
typedef enum JyKpiCheck
{
	JY_KPI_OK = 0,
	JY_KPI_NEGATIVE_COUNT,		/* a count or n < 0 */
	JY_KPI_SUCCESSES_ABOVE_TRIALS,	/* successes > trials */
	JY_KPI_NEGATIVE_SD,			/* a standard deviation < 0 */
	JY_KPI_NOT_FINITE,			/* a mean or standard deviation is NaN or
								 * infinite */
	JY_KPI_BAD_CONFIDENCE		/* confidence not strictly between 0 and 1 */
} JyKpiCheck;

/* A short message for a check (lower case, no period) */
extern const char *jy_kpi_check_message(JyKpiCheck check);

/* One period of a rate KPI: known = false for a NULL (missing) period */
typedef struct JyKpiRatePeriod
{
	int64_t		successes,
				trials;
	bool		known;
} JyKpiRatePeriod;

/*
 * Rate KPI, baseline b against current c:
 *
 *   baseline = x1 / n1, current = x2 / n2 (each when known and n > 0)
 *   abs_change = current - baseline, with the unpooled Wald interval and the
 *     pooled two-sided z-test p-value, both from jy_ztest (so they equal
 *     proportion_ztest's); the interval is unset when it has zero width
 *     (both rates 0 or 1), the p-value when the pooled rate is 0 or 1
 *   rel_change = current / baseline - 1 (x1 > 0), with the Katz log
 *     risk-ratio interval exp(ln RR -+ z sqrt(1/x2 - 1/n2 + 1/x1 - 1/n1)) - 1,
 *     unset when x2 = 0 (ln RR = -inf) or when the variance is 0 (x1 = n1
 *     and x2 = n2)
 *
 * A check other than JY_KPI_OK leaves *out unset.
 */
extern JyKpiCheck jy_kpi_rate(const JyKpiRatePeriod *b, const JyKpiRatePeriod *c,
							  double confidence, JyKpi *out);

/*
 * One period of a mean KPI: count(*), avg(x), stddev_samp(x); has_mean or
 * has_sd false for a NULL, known false when n is NULL
 */
typedef struct JyKpiMeanPeriod
{
	int64_t		n;
	double		mean,
				sd;
	bool		known,
				has_mean,
				has_sd;
} JyKpiMeanPeriod;

/*
 * Mean KPI, baseline b against current c (means m, sds s, sizes n):
 *
 *   baseline = m1, current = m2 (each when known, n > 0 and the mean not
 *     NULL); abs_change = m2 - m1
 *   Welch: se^2 = s1^2/n1 + s2^2/n2, df = se^4 / ((s1^2/n1)^2/(n1 - 1) +
 *     (s2^2/n2)^2/(n2 - 1)), t = abs_change / se, p = 2 P(T_df > |t|),
 *     interval abs_change -+ q se with q the t quantile of the confidence
 *     at df; unset unless both n >= 2, both sds known and se > 0
 *   rel_change = m2 / m1 - 1 (m1 > 0), with the delta-method interval
 *     exp(ln(m2/m1) -+ q sqrt(s1^2/(n1 m1^2) + s2^2/(n2 m2^2))) - 1, the same
 *     q; unset when the Welch interval is, or m2 <= 0
 *
 * A value that overflows a double is unset.  A check other than JY_KPI_OK
 * leaves *out unset.
 */
extern JyKpiCheck jy_kpi_mean(const JyKpiMeanPeriod *b, const JyKpiMeanPeriod *c,
							  double confidence, JyKpi *out);

/* Whether a KPI change reached a relative target (jy_kpi_status) */
typedef enum JyKpiStatus
{
	JY_KPI_REACHED,
	JY_KPI_NOT_REACHED,
	JY_KPI_NOT_DISTINGUISHABLE
} JyKpiStatus;

/*
 * The status of a relative target (0.15: +15 %; -0.10: 10 % lower): for
 * target >= 0, reached when rel_ci_low >= target, not reached when
 * rel_ci_high < target; for target < 0, reached when rel_ci_high <= target,
 * not reached when rel_ci_low > target; otherwise (also without an
 * interval) not distinguishable
 */
extern JyKpiStatus jy_kpi_status(const JyKpi *k, double target);

/* The status as text: "reached", "not reached", "not distinguishable" */
extern const char *jy_kpi_status_name(JyKpiStatus status);

#endif							/* JY_STATS_H */
