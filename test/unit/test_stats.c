/*
 * test_stats.c -- unit tests of retention, normal quantiles, Wilson
 * intervals, funnel report rows, two-proportion z-tests, Fisher's exact
 * test, odds ratios and multiple-testing adjustments
 *
 * Reference values: quantiles from standard normal tables (R's qnorm);
 * Wilson intervals from the closed form, evaluated separately in Python.
 */
#include "unit.h"

#include <math.h>

#include "core/retention.h"
#include "core/stats.h"

static void
test_retention(void)
{
	int32_t		out[4];

	/* condition 1 never held: all zeros even where others held */
	jy_retention(0xe, 4, out);
	CHECK(out[0] == 0 && out[1] == 0 && out[2] == 0 && out[3] == 0);
	/* 1 and 3 held */
	jy_retention(0x5, 4, out);
	CHECK(out[0] == 1 && out[1] == 0 && out[2] == 1 && out[3] == 0);
	jy_retention(0xf, 4, out);
	CHECK(out[0] == 1 && out[1] == 1 && out[2] == 1 && out[3] == 1);
	jy_retention(UINT64_MAX, 1, out);
	CHECK_EQ(out[0], 1);
}

static void
test_quantile(void)
{
	double		p;

	CHECK_NEAR(jy_normal_quantile(0.5), 0.0, 1e-15);
	CHECK_NEAR(jy_normal_quantile(0.975), 1.959963984540054, 1e-14);
	CHECK_NEAR(jy_normal_quantile(0.995), 2.5758293035489, 1e-12);
	CHECK_NEAR(jy_normal_quantile(0.01), -2.3263478740408, 1e-12);
	CHECK_NEAR(jy_normal_quantile(1e-10), -6.3613409024041, 1e-10);
	CHECK_NEAR(jy_z_for_confidence(0.95), 1.959963984540054, 1e-14);
	CHECK_NEAR(jy_z_for_confidence(0.90), 1.6448536269514722, 1e-14);
	/* next to 1 and 0 (values by bisection of erfc): finite, not NaN */
	CHECK_NEAR(jy_z_for_confidence(0.9999999999999999), 8.292361075813595, 1e-9);
	CHECK_NEAR(jy_z_for_confidence(0.999999), 4.891638475692932, 1e-9);
	CHECK_NEAR(jy_z_for_confidence(1e-300), 0.0, 1e-15);
	/* round trip through the CDF */
	for (p = 0.001; p < 1; p += 0.0137)
		CHECK_NEAR(0.5 * erfc(-jy_normal_quantile(p) / sqrt(2.0)), p, 1e-14);
}

static void
test_wilson(void)
{
	double		lo,
				hi;
	double		z = 1.959963984540054;

	/*
	 * 50 of 100: center 0.5, half = z*sqrt(0.0025 + z^2/40000)/(1 + z^2/100)
	 * = 1.959964*0.0509507/1.0384146 = 0.0961685 -> [0.4038315, 0.5961685]
	 */
	jy_wilson(50, 100, z, &lo, &hi);
	CHECK_NEAR(lo, 0.40383153, 1e-7);
	CHECK_NEAR(hi, 0.59616847, 1e-7);
	/* 0 of 10: [0, z^2/(10 + z^2)] = [0, 0.2775328] */
	jy_wilson(0, 10, z, &lo, &hi);
	CHECK_NEAR(lo, 0.0, 0);
	CHECK_NEAR(hi, 0.27753279, 1e-7);
	/* 10 of 10: [10/(10 + z^2), 1] = [0.7224672, 1] */
	jy_wilson(10, 10, z, &lo, &hi);
	CHECK_NEAR(lo, 0.72246721, 1e-7);
	CHECK_NEAR(hi, 1.0, 0);
	/* 1 of 1 */
	jy_wilson(1, 1, z, &lo, &hi);
	CHECK_NEAR(lo, 1 / (1 + z * z), 1e-12);
}

static void
test_counts_and_report(void)
{
	int64_t		ok[] = {1000, 400, 100, 40};
	int64_t		neg[] = {5, -1};
	int64_t		inc[] = {5, 3, 4};
	int64_t		zero[] = {0, 0};
	JyFunnelRow rows[4];
	int			at;

	CHECK_EQ(jy_counts_check(ok, 4, &at), JY_COUNTS_OK);
	CHECK_EQ(jy_counts_check(ok, 0, &at), JY_COUNTS_EMPTY);
	CHECK_EQ(jy_counts_check(ok, JY_MAX_STEPS + 1, &at), JY_COUNTS_TOO_MANY);
	CHECK_EQ(jy_counts_check(neg, 2, &at), JY_COUNTS_NEGATIVE);
	CHECK_EQ(at, 1);
	CHECK_EQ(jy_counts_check(inc, 3, &at), JY_COUNTS_INCREASING);
	CHECK_EQ(at, 2);

	jy_funnel_report(ok, 4, 1.959963984540054, rows);
	CHECK_EQ(rows[0].actors, 1000);
	CHECK(rows[0].has_conversion && rows[0].conversion == 1.0);
	CHECK(!rows[0].has_step_conversion && !rows[0].has_dropped);
	CHECK_NEAR(rows[1].conversion, 0.4, 1e-15);
	CHECK_NEAR(rows[1].step_conversion, 0.4, 1e-15);
	CHECK_EQ(rows[1].dropped, 600);
	CHECK_NEAR(rows[2].step_conversion, 0.25, 1e-15);
	CHECK_EQ(rows[3].dropped, 60);
	CHECK_NEAR(rows[3].conversion, 0.04, 1e-15);
	/* 40 of 1000: Wilson [0.0295110, 0.0540096] (closed form, Python) */
	CHECK_NEAR(rows[3].ci_low, 0.02951097, 1e-7);
	CHECK_NEAR(rows[3].ci_high, 0.05400964, 1e-7);

	jy_funnel_report(zero, 2, 1.96, rows);
	CHECK(!rows[0].has_conversion && !rows[1].has_conversion);
	CHECK(rows[1].has_dropped && rows[1].dropped == 0);
	CHECK(!rows[1].has_step_conversion);
}

static void
test_normal_cdf(void)
{
	CHECK_NEAR(jy_normal_cdf(0), 0.5, 1e-16);
	CHECK_NEAR(jy_normal_cdf(1.959963984540054), 0.975, 1e-15);
	CHECK_NEAR(jy_normal_cdf(-1.959963984540054), 0.025, 1e-16);
	/* far tail keeps relative precision: Phi(-10) = 7.6198530241605e-24 */
	CHECK_NEAR(jy_normal_cdf(-10) / 7.6198530241605e-24, 1.0, 1e-12);
}

static void
test_ztest_textbook(void)
{
	JyZTest		t;

	/*
	 * 45 of 100 against 60 of 100.  p1 = 0.45, p2 = 0.60, pooled p = 105/200
	 * = 0.525; SE = sqrt(0.525 * 0.475 * (1/100 + 1/100)) = sqrt(0.0049875)
	 * = 0.0706222; z = 0.15 / 0.0706222 = 2.1239770; two-sided p =
	 * erfc(2.1239770 / sqrt 2) = 0.0336721.  Wald 95%: half = 1.959964 *
	 * sqrt(0.45 * 0.55 / 100 + 0.6 * 0.4 / 100) = 1.959964 * sqrt(0.004875)
	 * = 0.1368470 -> [0.0131530, 0.2868470].  Lift 0.15 / 0.45 = 1/3.
	 */
	CHECK_EQ(jy_ztest(45, 100, 60, 100, 0.95, &t), JY_ZTEST_OK);
	CHECK(t.has_diff && t.has_z && t.has_lift);
	CHECK_NEAR(t.p1, 0.45, 1e-15);
	CHECK_NEAR(t.p2, 0.60, 1e-15);
	CHECK_NEAR(t.diff, 0.15, 1e-15);
	CHECK_NEAR(t.z, 2.1239769762143657, 1e-12);
	CHECK_NEAR(t.p_value, 0.033672068856345876, 1e-12);
	CHECK_NEAR(t.diff_low, 0.013152962213704239, 1e-12);
	CHECK_NEAR(t.diff_high, 0.2868470377862957, 1e-12);
	CHECK_NEAR(t.lift, 1.0 / 3, 1e-15);

	/*
	 * 10 of 50 against 5 of 50 at 90%: pooled 0.15, SE = sqrt(0.15 * 0.85 *
	 * 0.04) = 0.0714143, z = -0.1 / 0.0714143 = -1.4002801, p = 0.1614295;
	 * half = 1.644854 * sqrt(0.2 * 0.8 / 50 + 0.1 * 0.9 / 50) = 1.644854 *
	 * 0.0707107 = 0.1163087; lift = -0.1 / 0.2 = -0.5.  Swapping the
	 * groups flips z and keeps p.
	 */
	CHECK_EQ(jy_ztest(10, 50, 5, 50, 0.90, &t), JY_ZTEST_OK);
	CHECK_NEAR(t.z, -1.4002800840280096, 1e-12);
	CHECK_NEAR(t.p_value, 0.16142946236708328, 1e-12);
	CHECK_NEAR(t.diff_low, -0.21630871536766735, 1e-12);
	CHECK_NEAR(t.diff_high, 0.016308715367667342, 1e-12);
	CHECK_NEAR(t.lift, -0.5, 1e-15);
	CHECK_EQ(jy_ztest(5, 50, 10, 50, 0.90, &t), JY_ZTEST_OK);
	CHECK_NEAR(t.z, 1.4002800840280096, 1e-12);
	CHECK_NEAR(t.p_value, 0.16142946236708328, 1e-12);
	CHECK_NEAR(t.lift, 1.0, 1e-15);

	/* equal proportions: z 0, p 1 */
	CHECK_EQ(jy_ztest(3, 10, 30, 100, 0.95, &t), JY_ZTEST_OK);
	CHECK_NEAR(t.z, 0, 1e-15);
	CHECK_NEAR(t.p_value, 1, 1e-15);
}

static void
test_ztest_guards(void)
{
	JyZTest		t;

	CHECK_EQ(jy_ztest(-1, 10, 1, 10, 0.95, &t), JY_ZTEST_BAD_COUNTS);
	CHECK_EQ(jy_ztest(11, 10, 1, 10, 0.95, &t), JY_ZTEST_BAD_COUNTS);
	CHECK_EQ(jy_ztest(1, 10, 1, -10, 0.95, &t), JY_ZTEST_BAD_COUNTS);
	CHECK(!t.has_diff && !t.has_z && !t.has_lift);
	CHECK_EQ(jy_ztest(1, 10, 1, 10, 0, &t), JY_ZTEST_BAD_CONFIDENCE);
	CHECK_EQ(jy_ztest(1, 10, 1, 10, 1, &t), JY_ZTEST_BAD_CONFIDENCE);
	CHECK_EQ(jy_ztest(1, 10, 1, 10, NAN, &t), JY_ZTEST_BAD_CONFIDENCE);
	/* bad counts are reported before an empty group */
	CHECK_EQ(jy_ztest(1, 0, 1, 10, 0.95, &t), JY_ZTEST_BAD_COUNTS);
	CHECK_EQ(jy_ztest(0, 0, 1, 10, 0.95, &t), JY_ZTEST_EMPTY_GROUP);
	CHECK(!t.has_diff && !t.has_z && !t.has_lift);
	CHECK_EQ(jy_ztest(1, 10, 0, 0, 0.95, &t), JY_ZTEST_EMPTY_GROUP);
	/* pooled 0: diff 0 in [0, 0], no lift (p1 = 0), no z */
	CHECK_EQ(jy_ztest(0, 10, 0, 20, 0.95, &t), JY_ZTEST_NO_VARIANCE);
	CHECK(t.has_diff && !t.has_z && !t.has_lift);
	CHECK(t.diff == 0 && t.diff_low == 0 && t.diff_high == 0);
	/* pooled 1: diff 0 in [0, 0], lift 0 */
	CHECK_EQ(jy_ztest(10, 10, 20, 20, 0.95, &t), JY_ZTEST_NO_VARIANCE);
	CHECK(t.has_diff && !t.has_z && t.has_lift);
	CHECK(t.diff == 0 && t.diff_low == 0 && t.diff_high == 0 && t.lift == 0);
	/* p1 = 0 but p2 > 0: z exists, lift does not */
	CHECK_EQ(jy_ztest(0, 10, 5, 10, 0.95, &t), JY_ZTEST_OK);
	CHECK(t.has_z && !t.has_lift);
	/* messages */
	CHECK(strcmp(jy_ztest_check_message(JY_ZTEST_EMPTY_GROUP), "a group has no trials") == 0);
	CHECK(strcmp(jy_ztest_check_message(JY_ZTEST_OK), "ok") == 0);
}

static void
test_funnel_compare(void)
{
	int64_t		a[] = {100, 45, 9};
	int64_t		b[] = {100, 60, 30};
	int64_t		empty[] = {0, 0, 0};
	JyZTest		rows[3];
	JyZTestCheck checks[3];

	/* from start: step 2 is the textbook example, step 3 is 9% vs 30% */
	jy_funnel_compare(a, b, 3, JY_COMPARE_FROM_START, 0.95, rows, checks);
	CHECK_EQ(checks[0], JY_ZTEST_NO_VARIANCE);
	CHECK(rows[0].has_diff && rows[0].diff == 0 && !rows[0].has_z);
	CHECK_EQ(checks[1], JY_ZTEST_OK);
	CHECK_NEAR(rows[1].z, 2.1239769762143657, 1e-12);
	CHECK_NEAR(rows[2].p1, 0.09, 1e-15);
	CHECK_NEAR(rows[2].p2, 0.30, 1e-15);

	/*
	 * from previous: step 3 is 9 of 45 (0.2) against 30 of 60 (0.5); pooled
	 * 39/105, SE = sqrt(39/105 * 66/105 * (1/45 + 1/60)), z = 0.3 / SE
	 */
	jy_funnel_compare(a, b, 3, JY_COMPARE_FROM_PREVIOUS, 0.95, rows, checks);
	CHECK_EQ(checks[0], JY_ZTEST_NO_VARIANCE);
	CHECK_NEAR(rows[1].z, 2.1239769762143657, 1e-12);
	CHECK_NEAR(rows[2].p1, 0.2, 1e-15);
	CHECK_NEAR(rows[2].p2, 0.5, 1e-15);
	CHECK_NEAR(rows[2].z, 0.3 / sqrt(39.0 / 105 * 66.0 / 105 * (1.0 / 45 + 1.0 / 60)), 1e-12);

	/* an empty funnel gives EMPTY_GROUP everywhere */
	jy_funnel_compare(empty, b, 3, JY_COMPARE_FROM_PREVIOUS, 0.95, rows, checks);
	CHECK(checks[0] == JY_ZTEST_EMPTY_GROUP && checks[1] == JY_ZTEST_EMPTY_GROUP &&
		  checks[2] == JY_ZTEST_EMPTY_GROUP);
	jy_funnel_compare(a, b, 3, JY_COMPARE_FROM_START, 1.5, rows, checks);
	CHECK(checks[0] == JY_ZTEST_BAD_CONFIDENCE && checks[2] == JY_ZTEST_BAD_CONFIDENCE);
}

/* The two-sided Fisher p-value by direct enumeration, each term by lgamma */
static double
fisher_brute(int64_t a, int64_t b, int64_t c, int64_t d)
{
	int64_t		r1 = a + b,
				r2 = c + d,
				c1 = a + c;
	int64_t		lo = c1 - r2 > 0 ? c1 - r2 : 0;
	int64_t		hi = r1 < c1 ? r1 : c1;
	double		lobs,
				sum = 0,
				tail = 0;
	int64_t		x;

#define LCH(n, k) (lgamma((double) (n) + 1) - lgamma((double) (k) + 1) - lgamma((double) ((n) - (k)) + 1))
	lobs = LCH(r1, a) + LCH(r2, c1 - a);
	for (x = lo; x <= hi; x++)
	{
		double		l = LCH(r1, x) + LCH(r2, c1 - x);
		double		w = exp(l - lobs);

		sum += w;
		if (w <= 1 + 1e-7)
			tail += w;
	}
#undef LCH
	return tail / sum > 1 ? 1 : tail / sum;
}

/*
 * Fisher's exact test: tables worked by hand (the tea-tasting table: the
 * hypergeometric terms are C(4,x)^2/70 = 1, 16, 36, 16, 1 over 70, so the
 * observed 16/70 and every term no larger sum to 34/70), the textbook
 * table [[1, 9], [11, 3]] (0.002759), exact rational enumerations (Python
 * fractions) of larger ones, and an lgamma enumeration of random tables
 */
static void
test_fisher(void)
{
	int			i;

	CHECK_NEAR(jy_fisher_exact(3, 1, 1, 3), 34.0 / 70, 1e-14);
	CHECK_NEAR(jy_fisher_exact(1, 3, 3, 1), 34.0 / 70, 1e-14);
	CHECK_NEAR(jy_fisher_exact(2, 2, 2, 2), 1.0, 1e-15);
	/* the two extreme tables of C(10,5) = 252: 2/252; of C(20,10): 2/184756 */
	CHECK_NEAR(jy_fisher_exact(0, 5, 5, 0), 2.0 / 252, 1e-15);
	CHECK_NEAR(jy_fisher_exact(10, 0, 0, 10), 2.0 / 184756, 1e-17);
	CHECK_NEAR(jy_fisher_exact(1, 9, 11, 3), 0.0027594561852200836, 1e-15);
	CHECK_NEAR(jy_fisher_exact(2, 7, 8, 2), 0.023014137565221155, 1e-14);
	CHECK_NEAR(jy_fisher_exact(500, 300, 450, 350) / 0.012595209321825326, 1.0, 1e-9);
	CHECK_NEAR(jy_fisher_exact(45, 1955, 30, 1970) / 0.10207712222965283, 1.0, 1e-9);
	CHECK_NEAR(jy_fisher_exact(5000, 3000, 4000, 4100) / 3.895071795517935e-63, 1.0, 1e-8);
	/* an empty margin: one possible table */
	CHECK_EQ(jy_fisher_exact(12, 5, 1, 0), 1.0);
	CHECK_EQ(jy_fisher_exact(0, 0, 3, 4), 1.0);
	CHECK_EQ(jy_fisher_exact(7, 0, 3, 0), 1.0);
	CHECK_EQ(jy_fisher_exact(0, 0, 0, 0), 1.0);
	/* a huge table is cheap (terms around the mode only) and far from 1 */
	CHECK(jy_fisher_exact(400000000, 600000000, 600000000, 400000000) == 0.0);
	CHECK_NEAR(jy_fisher_exact(500000000, 500000000, 500000000, 500000000), 1.0, 1e-6);

	for (i = 0; i < 20000; i++)
	{
		int64_t		a = (int64_t) unit_below(40),
					b = (int64_t) unit_below(40),
					c = (int64_t) unit_below(40),
					d = (int64_t) unit_below(40);
		double		got = jy_fisher_exact(a, b, c, d),
					want = fisher_brute(a, b, c, d);

		CHECK_NEAR(got, want, 1e-9 * (want > 1e-3 ? 1 : want * 1e3 + 1e-300));
	}
}

/*
 * Odds ratios: [[20, 10], [5, 15]] has OR = 300/50 = 6 and
 * SE(ln OR) = sqrt(1/20 + 1/10 + 1/5 + 1/15) = sqrt(0.41666...); a zero
 * cell adds 0.5 everywhere: [[0, 10], [5, 15]] becomes [[0.5, 10.5], [5.5,
 * 15.5]], OR = 7.75 / 57.75
 */
static void
test_odds_ratio(void)
{
	JyOddsRatio o;
	double		se = sqrt(1.0 / 20 + 1.0 / 10 + 1.0 / 5 + 1.0 / 15);

	jy_odds_ratio(20, 10, 5, 15, 1.959963984540054, &o);
	CHECK(!o.corrected);
	CHECK_NEAR(o.odds_ratio, 6.0, 1e-12);
	CHECK_NEAR(o.ci_low, 6.0 * exp(-1.959963984540054 * se), 1e-12);
	CHECK_NEAR(o.ci_high, 6.0 * exp(1.959963984540054 * se), 1e-11);
	/* se = 0.6455, so the 95% interval is 6 * exp(-+1.26515) = 1.69318 .. 21.2618 */
	CHECK_NEAR(o.ci_low, 1.69318, 1e-4);
	CHECK_NEAR(o.ci_high, 21.2618, 1e-3);
	jy_odds_ratio(0, 10, 5, 15, 1.959963984540054, &o);
	CHECK(o.corrected);
	CHECK_NEAR(o.odds_ratio, 7.75 / 57.75, 1e-14);
	se = sqrt(1 / 0.5 + 1 / 10.5 + 1 / 5.5 + 1 / 15.5);
	CHECK_NEAR(o.ci_high, 7.75 / 57.75 * exp(1.959963984540054 * se), 1e-12);
	jy_odds_ratio(3, 0, 0, 4, 1.0, &o);
	CHECK(o.corrected);
	CHECK_NEAR(o.odds_ratio, 3.5 * 4.5 / 0.25, 1e-12);
}

/*
 * Multiple testing, worked by hand: p = {0.01, 0.04, 0.03, 0.005} sorts to
 * 0.005, 0.01, 0.03, 0.04.  BH: n p(j) / j = 0.02, 0.02, 0.04, 0.04, whose
 * running minimum from the top gives q = {0.02, 0.04, 0.04, 0.02}.  Holm:
 * (n - j + 1) p(j) = 0.02, 0.03, 0.06, 0.04, whose running maximum gives
 * {0.03, 0.06, 0.06, 0.02}.  Benjamini and Hochberg's (1995) 15 p-values
 * reject the four smallest at q = 0.05 (q(4) = 15 * 0.0095 / 4 = 0.035625,
 * q(5) = 15 * 0.0201 / 5 = 0.0603).
 */
static void
test_p_adjust(void)
{
	const double p[4] = {0.01, 0.04, 0.03, 0.005};
	const double bh95[15] = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278,
		0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.0};
	const double ties[3] = {0.2, 0.2, 0.9};
	double		q[15];
	size_t		order[15];
	int			i,
				rejected = 0;

	jy_bh_adjust(p, 4, q, order, NULL);
	CHECK_NEAR(q[0], 0.02, 1e-15);
	CHECK_NEAR(q[1], 0.04, 1e-15);
	CHECK_NEAR(q[2], 0.04, 1e-15);
	CHECK_NEAR(q[3], 0.02, 1e-15);
	jy_holm_adjust(p, 4, q, order, NULL);
	CHECK_NEAR(q[0], 0.03, 1e-15);
	CHECK_NEAR(q[1], 0.06, 1e-15);
	CHECK_NEAR(q[2], 0.06, 1e-15);
	CHECK_NEAR(q[3], 0.02, 1e-15);

	jy_bh_adjust(bh95, 15, q, order, NULL);
	for (i = 0; i < 15; i++)
		rejected += q[i] <= 0.05;
	CHECK_EQ(rejected, 4);
	CHECK_NEAR(q[3], 15 * 0.0095 / 4, 1e-15);
	CHECK_NEAR(q[4], 15 * 0.0201 / 5, 1e-15);
	CHECK_NEAR(q[14], 1.0, 1e-15);
	/* Holm caps at 1 and never decreases along the sorted order */
	jy_holm_adjust(bh95, 15, q, order, NULL);
	CHECK_NEAR(q[0], 15 * 0.0001, 1e-15);
	CHECK_NEAR(q[3], 12 * 0.0095, 1e-15);
	CHECK_EQ(q[14], 1.0);
	for (i = 1; i < 15; i++)
		CHECK(q[i] >= q[i - 1]);
	/* ties: BH gives both 0.2s 3 * 0.2 / 2, Holm gives both 3 * 0.2 */
	jy_bh_adjust(ties, 3, q, order, NULL);
	CHECK_NEAR(q[0], 0.3, 1e-15);
	CHECK_NEAR(q[1], 0.3, 1e-15);
	CHECK_NEAR(q[2], 0.9, 1e-15);
	jy_holm_adjust(ties, 3, q, order, NULL);
	CHECK_NEAR(q[0], 0.6, 1e-15);
	CHECK_NEAR(q[1], 0.6, 1e-15);
	CHECK_NEAR(q[2], 0.9, 1e-15);
	/* nothing to adjust */
	jy_bh_adjust(p, 0, q, order, NULL);
	jy_holm_adjust(p, 0, q, order, NULL);
}

/*
 * Counts beyond 2^53 (hand-made summaries): the z-test stays finite (the
 * pooled variance is X (N - X) / N^2 from exact integer sums, not 1 minus
 * a proportion rounded to 1) and its sums do not overflow; Fisher's test
 * returns NaN (too large to sum exactly) instead of looping forever where
 * x + 1 == x in doubles.  The worked z: x1 = 2^60 - 1 of 2^60 against
 * x2 = 2^60 of 2^60: diff = 2^-60 (from the failure shares, since p1 =
 * 1 - 2^-60 rounds to 1), pooled variance (2^61 - 1) / 2^122 ~ 2^-61,
 * SE = sqrt(2^-61 * 2 / 2^60) = 2^-60, so z = 1 (less 2^-62).
 */
static void
test_large_counts(void)
{
	JyZTest		t;
	int64_t		big = INT64_C(1) << 60;
	JyZTestCheck c;

	c = jy_ztest(big - 1, big, big, big, 0.95, &t);
	CHECK_EQ(c, JY_ZTEST_OK);
	CHECK(isfinite(t.z) && isfinite(t.p_value));
	CHECK_NEAR(t.z, 1.0, 1e-12);
	CHECK_NEAR(t.diff, ldexp(1.0, -60), 1e-30);
	/* x1 + x2 and n1 + n2 beyond INT64_MAX */
	c = jy_ztest(INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX, 0.95, &t);
	CHECK_EQ(c, JY_ZTEST_NO_VARIANCE);
	c = jy_ztest(INT64_MAX - 1, INT64_MAX, INT64_MAX, INT64_MAX, 0.95, &t);
	CHECK_EQ(c, JY_ZTEST_OK);
	CHECK(isfinite(t.z));
	c = jy_ztest(0, INT64_MAX, 0, INT64_MAX, 0.95, &t);
	CHECK_EQ(c, JY_ZTEST_NO_VARIANCE);

	CHECK(isnan(jy_fisher_exact(big, big, big, big)));
	CHECK(isnan(jy_fisher_exact(INT64_MAX, 1, 1, INT64_MAX)));
	CHECK(isnan(jy_fisher_exact(INT64_C(1) << 41, INT64_C(1) << 41, INT64_C(1) << 41, INT64_C(1) << 41)));
	/* a small margin keeps the sum short, however large the others */
	CHECK_NEAR(jy_fisher_exact(1, INT64_C(1) << 50, 1, INT64_C(1) << 50), 1.0, 1e-12);
	CHECK(!isnan(jy_fisher_exact(INT64_C(1) << 39, INT64_C(1) << 39, INT64_C(1) << 39, 1 + (INT64_C(1) << 39))));
}

/* ---------- Student t and KPI change against a baseline ---------- */

/*
 * Student t: R's qt(0.975, df) to 15 digits; df = 1 and 2 against their
 * closed forms (t_1 = tan(pi (p - 1/2)), t_2 = (2p - 1) / sqrt(2p (1 - p)),
 * F_1(t) = 1/2 + atan(t) / pi, F_2(t) = 1/2 + t / (2 sqrt(2 + t^2))) to
 * 1e-12; non-integer df and tails against mpmath (40 digits, betainc and
 * findroot, evaluated separately); cdf(quantile(p)) = p.
 */
static void
test_t_dist(void)
{
	const double pi = 3.14159265358979323846;
	static const double ps[] = {1e-12, 1e-6, 0.001, 0.01, 0.025, 0.1, 0.3, 0.5, 0.6, 0.9, 0.975, 0.999, 1 - 1e-9};
	static const double dfs[] = {0.3, 1, 1.5, 2, 3, 5, 10, 30, 100, 1e4, 1e6, 1e9};
	size_t		i,
				j;

	CHECK_NEAR(jy_t_quantile(0.975, 1), 12.706204736174707, 1e-11);
	CHECK_NEAR(jy_t_quantile(0.975, 2), 4.302652729749464, 1e-12);
	CHECK_NEAR(jy_t_quantile(0.975, 5), 2.570581835636314, 1e-12);
	CHECK_NEAR(jy_t_quantile(0.975, 10), 2.228138851986274, 1e-12);
	CHECK_NEAR(jy_t_quantile(0.975, 30), 2.042272456301238, 1e-12);
	CHECK_NEAR(jy_t_quantile(0.975, 100), 1.983971518523552, 1e-12);
	CHECK_NEAR(jy_t_quantile(0.025, 100), -1.983971518523552, 1e-12);
	CHECK_NEAR(jy_t_quantile(0.5, 7), 0.0, 0);
	/* closed forms at df = 1 and 2, relative 1e-12 */
	for (i = 0; i < sizeof(ps) / sizeof(ps[0]); i++)
	{
		double		p = ps[i];
		/* tan(pi (p - 1/2)) as -1/tan(pi p): exact near the poles */
		double		t1 = p < 0.5 ? -1 / tan(pi * p) : (p > 0.5 ? 1 / tan(pi * (1 - p)) : 0);
		double		t2 = (2 * p - 1) / sqrt(2 * p * (1 - p));

		CHECK_NEAR(jy_t_quantile(p, 1), t1, 1e-12 * fabs(t1));
		CHECK_NEAR(jy_t_quantile(p, 2), t2, 1e-12 * fabs(t2));
	}
	CHECK_NEAR(jy_t_cdf(0.7, 1), 0.5 + atan(0.7) / pi, 1e-15);
	CHECK_NEAR(jy_t_cdf(-300, 1) / (0.5 + atan(-300.0) / pi), 1.0, 1e-12);
	CHECK_NEAR(jy_t_cdf(-2, 2), 0.5 - 2 / (2 * sqrt(6.0)), 1e-15);
	CHECK_NEAR(jy_t_cdf(1e5, 2), 0.5 + 1e5 / (2 * sqrt(2 + 1e10)), 1e-15);
	/* mpmath: non-integer df, tails, large df */
	CHECK_NEAR(jy_t_quantile(0.975, 2.5), 3.5746548420036832185, 1e-12);
	CHECK_NEAR(jy_t_quantile(0.975, 0.5), 164.55767348048853312, 1e-9);
	CHECK_NEAR(jy_t_quantile(0.975, 7.3), 2.345066736547703633, 1e-12);
	CHECK_NEAR(jy_t_quantile(0.975, 1e6), 1.9599663568141070353, 1e-14);
	CHECK_NEAR(jy_t_quantile(0.975, 19.980326527576332329), 2.0860951268073229827, 1e-12);
	CHECK_NEAR(jy_t_cdf(-3, 2.5) / 0.036288047774515921947, 1.0, 1e-13);
	CHECK_NEAR(jy_t_cdf(-3, 0.5) / 0.1836540779929717241, 1.0, 1e-13);
	CHECK_NEAR(jy_t_cdf(-3, 7.3) / 0.009490275511566752885, 1.0, 1e-13);
	CHECK_NEAR(jy_t_cdf(-3, 1e6) / 0.0013499312707108985294, 1.0, 1e-13);
	CHECK_NEAR(jy_t_cdf(-3, 1e7) / 0.0013499013555185806, 1.0, 1e-13);
	CHECK_NEAR(jy_t_cdf(-3, 1e9) / 0.0013498980648689578, 1.0, 1e-14);
	/* large df, every method of jy_t_cdf (mpmath) */
	CHECK_NEAR(jy_t_cdf(-3, 1e5) / 0.001350230442032359595, 1.0, 4e-12);
	CHECK_NEAR(jy_t_cdf(-6, 3e5) / 9.8771223504051453251e-10, 1.0, 4e-12);
	CHECK_NEAR(jy_t_cdf(-8, 3e6) / 6.2231502461073355836e-16, 1.0, 5e-12);
	CHECK_NEAR(jy_t_cdf(-0.5, 1e8) / 0.30853753927608896858, 1.0, 1e-14);
	CHECK_NEAR(jy_t_cdf(-40, 3) / 0.000017190340394579264142, 1.0, 1e-13);
	CHECK_NEAR(jy_t_cdf(1.5, 1000), 0.93303498058895691395, 1e-14);
	CHECK_NEAR(jy_t_cdf(-5, 30) / 0.000011648342733503897566, 1.0, 1e-13);
	/* round trips, symmetry, limits */
	for (j = 0; j < sizeof(dfs) / sizeof(dfs[0]); j++)
		for (i = 0; i < sizeof(ps) / sizeof(ps[0]); i++)
		{
			double		p = ps[i],
						df = dfs[j];
			double		q = jy_t_quantile(p, df);

			CHECK(isfinite(q));
			/* the continued fraction loses digits as df grows (stats.h) */
			CHECK_NEAR(jy_t_cdf(q, df) / p, 1.0, df < 1e4 ? 1e-12 : 1e-11);
			CHECK_NEAR(jy_t_cdf(-q, df) + jy_t_cdf(q, df), 1.0, 1e-15);
		}
	/* the smallest two-sided tail a confidence below 1 gives, and beyond */
	CHECK_NEAR(jy_t_quantile(5.551115123125783e-17, 1), -1 / tan(pi * 5.551115123125783e-17), 1e3);
	CHECK_NEAR(jy_t_quantile(1e-300, 1) / (-1 / (pi * 1e-300)), 1.0, 1e-12);
	CHECK(isinf(jy_t_quantile(1e-300, 0.1)));
	CHECK_NEAR(jy_t_cdf(1.3, 1e12), jy_normal_cdf(1.3), 1e-12);
	CHECK_NEAR(jy_t_quantile(0.3, INFINITY), jy_normal_quantile(0.3), 1e-15);
	CHECK_NEAR(jy_t_cdf(INFINITY, 3), 1.0, 0);
	CHECK_NEAR(jy_t_cdf(-INFINITY, 3), 0.0, 0);
	CHECK_NEAR(jy_t_cdf(1e300, 3), 1.0, 0);
	CHECK(jy_t_cdf(-1e300, 3) >= 0);
	CHECK(isnan(jy_t_cdf(NAN, 3)));
	CHECK(isnan(jy_t_cdf(1, 0)));
	CHECK(isnan(jy_t_cdf(1, -1)));
	CHECK(isnan(jy_t_quantile(0, 3)));
	CHECK(isnan(jy_t_quantile(1, 3)));
	CHECK(isnan(jy_t_quantile(0.5, 0)));
}

/* A rate period */
static JyKpiRatePeriod
kpi_rate_period(int64_t x, int64_t n)
{
	JyKpiRatePeriod p = {x, n, true};

	return p;
}

/* A mean period with its standard deviation */
static JyKpiMeanPeriod
kpi_mean_period(int64_t n, double mean, double sd)
{
	JyKpiMeanPeriod p = {n, mean, sd, true, true, true};

	return p;
}

/*
 * KPI change: the worked example of docs/weekly-report.md (120 of 1000
 * against 150 of 1000) and Welch examples, reference values from mpmath
 * (40 digits, evaluated separately); every guard and status.
 */
static void
test_kpi(void)
{
	JyKpiRatePeriod b = kpi_rate_period(120, 1000),
				c = kpi_rate_period(150, 1000),
				none = {0, 0, false};
	JyKpiMeanPeriod mb = kpi_mean_period(10, 20, 4),
				mc = kpi_mean_period(12, 23, 5),
				mnone = {0, 0, 0, false, false, false};
	JyKpi		k;
	JyZTest		t;

	CHECK_EQ(jy_kpi_rate(&b, &c, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_baseline && k.has_current && k.has_abs && k.has_abs_ci &&
		  k.has_rel && k.has_rel_ci && k.has_p);
	CHECK_NEAR(k.baseline, 0.12, 1e-15);
	CHECK_NEAR(k.current, 0.15, 1e-15);
	CHECK_NEAR(k.abs_change, 0.03, 1e-15);
	CHECK_NEAR(k.abs_ci_low, 0.000076028821297786163482, 1e-14);
	CHECK_NEAR(k.abs_ci_high, 0.059923971178702213837, 1e-14);
	CHECK_NEAR(k.rel_change, 0.25, 1e-14);
	CHECK_NEAR(k.rel_ci_low, -0.00032667224198596874239, 1e-14);
	CHECK_NEAR(k.rel_ci_high, 0.56301059217439342575, 1e-14);
	CHECK_NEAR(k.p_value, 0.049640386865368789199, 1e-14);
	jy_ztest(120, 1000, 150, 1000, 0.95, &t);
	CHECK(k.p_value == t.p_value && k.abs_ci_low == t.diff_low);
	CHECK_EQ(jy_kpi_status(&k, 0.15), JY_KPI_NOT_DISTINGUISHABLE);
	CHECK_EQ(jy_kpi_status(&k, 0.6), JY_KPI_NOT_REACHED);
	CHECK_EQ(jy_kpi_status(&k, 0.0), JY_KPI_NOT_DISTINGUISHABLE);
	CHECK_EQ(jy_kpi_status(&k, -0.0004), JY_KPI_NOT_REACHED);
	CHECK_EQ(jy_kpi_status(&k, -0.10), JY_KPI_NOT_REACHED);
	CHECK_EQ(jy_kpi_status(&k, -0.6), JY_KPI_NOT_REACHED);
	/* a fall: reached for a negative target */
	CHECK_EQ(jy_kpi_rate(&c, &b, 0.95, &k), JY_KPI_OK);
	CHECK_EQ(jy_kpi_status(&k, -0.10), JY_KPI_NOT_DISTINGUISHABLE);
	b = kpi_rate_period(200, 1000);
	c = kpi_rate_period(100, 1000);
	CHECK_EQ(jy_kpi_rate(&b, &c, 0.95, &k), JY_KPI_OK);
	CHECK_EQ(jy_kpi_status(&k, -0.10), JY_KPI_REACHED);
	CHECK_EQ(jy_kpi_status(&k, 0.15), JY_KPI_NOT_REACHED);
	CHECK_EQ(jy_kpi_rate(&c, &b, 0.95, &k), JY_KPI_OK);
	CHECK_EQ(jy_kpi_status(&k, 0.15), JY_KPI_REACHED);
	CHECK_EQ(jy_kpi_status(&k, -0.10), JY_KPI_NOT_REACHED);
	/* zero cells: no baseline successes, no current successes, all succeed */
	b = kpi_rate_period(0, 100);
	c = kpi_rate_period(5, 100);
	CHECK_EQ(jy_kpi_rate(&b, &c, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_abs && k.has_abs_ci && k.has_p && !k.has_rel && !k.has_rel_ci);
	CHECK_EQ(jy_kpi_status(&k, 0.15), JY_KPI_NOT_DISTINGUISHABLE);
	CHECK_EQ(jy_kpi_rate(&c, &b, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_rel && k.rel_change == -1 && !k.has_rel_ci && k.has_p);
	b = kpi_rate_period(0, 100);
	c = kpi_rate_period(0, 50);
	CHECK_EQ(jy_kpi_rate(&b, &c, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_abs && k.abs_change == 0 && !k.has_abs_ci && !k.has_p && !k.has_rel);
	b = kpi_rate_period(100, 100);
	c = kpi_rate_period(50, 50);
	CHECK_EQ(jy_kpi_rate(&b, &c, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_rel && k.rel_change == 0 && !k.has_rel_ci && !k.has_abs_ci && !k.has_p);
	b = kpi_rate_period(0, 100);
	c = kpi_rate_period(50, 50);
	CHECK_EQ(jy_kpi_rate(&b, &c, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_abs && k.abs_change == 1 && !k.has_abs_ci && k.has_p && !k.has_rel);
	/* one rate at 1: the Katz variance comes from the other period alone */
	b = kpi_rate_period(40, 100);
	c = kpi_rate_period(50, 50);
	CHECK_EQ(jy_kpi_rate(&b, &c, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_rel_ci);
	CHECK_NEAR(k.rel_ci_high, exp(log(2.5) + 1.959963984540054 * sqrt(1.0 / 40 - 1.0 / 100)) - 1, 1e-12);
	/* empty and missing periods */
	b = kpi_rate_period(0, 0);
	c = kpi_rate_period(5, 10);
	CHECK_EQ(jy_kpi_rate(&b, &c, 0.95, &k), JY_KPI_OK);
	CHECK(!k.has_baseline && k.has_current && !k.has_abs && !k.has_rel && !k.has_p);
	CHECK_EQ(jy_kpi_status(&k, 0.15), JY_KPI_NOT_DISTINGUISHABLE);
	CHECK_EQ(jy_kpi_rate(&none, &c, 0.95, &k), JY_KPI_OK);
	CHECK(!k.has_baseline && k.has_current && k.current == 0.5 && !k.has_abs);
	/* invalid arguments */
	b = kpi_rate_period(-1, 10);
	CHECK_EQ(jy_kpi_rate(&b, &c, 0.95, &k), JY_KPI_NEGATIVE_COUNT);
	b = kpi_rate_period(1, -10);
	CHECK_EQ(jy_kpi_rate(&c, &b, 0.95, &k), JY_KPI_NEGATIVE_COUNT);
	b = kpi_rate_period(11, 10);
	CHECK_EQ(jy_kpi_rate(&c, &b, 0.95, &k), JY_KPI_SUCCESSES_ABOVE_TRIALS);
	CHECK_EQ(jy_kpi_rate(&c, &c, 1.0, &k), JY_KPI_BAD_CONFIDENCE);
	CHECK_EQ(jy_kpi_rate(&c, &c, NAN, &k), JY_KPI_BAD_CONFIDENCE);
	/* counts beyond 2^53: finite */
	b = kpi_rate_period(INT64_MAX - 1, INT64_MAX);
	c = kpi_rate_period(INT64_MAX / 2, INT64_MAX);
	CHECK_EQ(jy_kpi_rate(&b, &c, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_rel_ci && k.has_abs_ci && k.has_p);

	/* Welch: 10 with mean 20, sd 4 against 12 with mean 23, sd 5 */
	CHECK_EQ(jy_kpi_mean(&mb, &mc, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_baseline && k.has_current && k.has_abs && k.has_abs_ci &&
		  k.has_rel && k.has_rel_ci && k.has_p);
	CHECK_NEAR(k.abs_change, 3.0, 1e-15);
	CHECK_NEAR(k.abs_ci_low, -1.0036363181024294745, 1e-12);
	CHECK_NEAR(k.abs_ci_high, 7.0036363181024294745, 1e-12);
	CHECK_NEAR(k.p_value, 0.133717948215829464, 1e-13);
	CHECK_NEAR(k.rel_change, 0.15, 1e-15);
	CHECK_NEAR(k.rel_ci_low, -0.045055979399472197189, 1e-12);
	CHECK_NEAR(k.rel_ci_high, 0.38489793272733441207, 1e-12);
	CHECK_EQ(jy_kpi_status(&k, 0.1), JY_KPI_NOT_DISTINGUISHABLE);
	/* 2 and 3 observations at 90 % (df 2.95) */
	mb = kpi_mean_period(2, 10, 1);
	mc = kpi_mean_period(3, 11, 2);
	CHECK_EQ(jy_kpi_mean(&mb, &mc, 0.90, &k), JY_KPI_OK);
	CHECK_NEAR(k.abs_ci_low, -2.2080562359836957339, 1e-12);
	CHECK_NEAR(k.abs_ci_high, 4.2080562359836957339, 1e-12);
	CHECK_NEAR(k.p_value, 0.51452173502996282304, 1e-13);
	CHECK_NEAR(k.rel_ci_low, -0.18499951851929043457, 1e-12);
	CHECK_NEAR(k.rel_ci_high, 0.48466169958776861088, 1e-12);
	/* guards: n = 1 (stddev_samp NULL), no sd, no variance, means <= 0 */
	mb = kpi_mean_period(1, 10, 0);
	mb.has_sd = false;
	CHECK_EQ(jy_kpi_mean(&mb, &mc, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_abs && k.abs_change == 1 && !k.has_abs_ci && !k.has_p && k.has_rel && !k.has_rel_ci);
	mb = kpi_mean_period(5, 10, 0);
	mc = kpi_mean_period(5, 12, 0);
	CHECK_EQ(jy_kpi_mean(&mb, &mc, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_abs && !k.has_abs_ci && !k.has_p && !k.has_rel_ci);
	mb = kpi_mean_period(5, 0, 1);
	mc = kpi_mean_period(5, 12, 1);
	CHECK_EQ(jy_kpi_mean(&mb, &mc, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_abs_ci && k.has_p && !k.has_rel && !k.has_rel_ci);
	CHECK_EQ(jy_kpi_mean(&mc, &mb, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_rel && k.rel_change == -1 && !k.has_rel_ci);
	mb = kpi_mean_period(0, 7, 1);
	CHECK_EQ(jy_kpi_mean(&mb, &mc, 0.95, &k), JY_KPI_OK);
	CHECK(!k.has_baseline && k.has_current && !k.has_abs);
	CHECK_EQ(jy_kpi_mean(&mnone, &mc, 0.95, &k), JY_KPI_OK);
	CHECK(!k.has_baseline && k.has_current && k.current == 12);
	/* overflow: not finite columns are unset */
	mb = kpi_mean_period(5, -1e308, 1e308);
	mc = kpi_mean_period(5, 1e308, 1e308);
	CHECK_EQ(jy_kpi_mean(&mb, &mc, 0.95, &k), JY_KPI_OK);
	CHECK(k.has_baseline && k.has_current && !k.has_abs && !k.has_abs_ci && !k.has_rel);
	/* invalid arguments */
	mb = kpi_mean_period(-1, 1, 1);
	CHECK_EQ(jy_kpi_mean(&mb, &mc, 0.95, &k), JY_KPI_NEGATIVE_COUNT);
	mb = kpi_mean_period(3, 1, -1);
	CHECK_EQ(jy_kpi_mean(&mc, &mb, 0.95, &k), JY_KPI_NEGATIVE_SD);
	mb = kpi_mean_period(3, NAN, 1);
	CHECK_EQ(jy_kpi_mean(&mc, &mb, 0.95, &k), JY_KPI_NOT_FINITE);
	mb = kpi_mean_period(3, 1, INFINITY);
	CHECK_EQ(jy_kpi_mean(&mb, &mc, 0.95, &k), JY_KPI_NOT_FINITE);
	mb = kpi_mean_period(3, 1, 1);
	CHECK_EQ(jy_kpi_mean(&mb, &mc, 0, &k), JY_KPI_BAD_CONFIDENCE);
	CHECK(strcmp(jy_kpi_status_name(JY_KPI_NOT_REACHED), "not reached") == 0);
}

int
main(void)
{
	test_retention();
	test_quantile();
	test_wilson();
	test_counts_and_report();
	test_normal_cdf();
	test_ztest_textbook();
	test_ztest_guards();
	test_funnel_compare();
	test_fisher();
	test_odds_ratio();
	test_p_adjust();
	test_large_counts();
	test_t_dist();
	test_kpi();
	return unit_summary("test_stats");
}
