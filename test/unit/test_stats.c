/*
 * test_stats.c -- unit tests of retention, normal quantiles, Wilson
 * intervals and funnel report rows
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

int
main(void)
{
	test_retention();
	test_quantile();
	test_wilson();
	test_counts_and_report();
	return unit_summary("test_stats");
}
