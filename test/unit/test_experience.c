/*
 * test_experience.c -- unit tests of the experience measures: NPS, CSAT
 * and mean score on worked examples, merging against one pass, the edge
 * cases, and the consistency index
 */
#include "unit.h"

#include <math.h>

#include "core/experience.h"
#include "core/stats.h"

/* 95 % */
#define Z95 1.959963984540054

/* Scores from a list */
static void
fill(JyScores *s, const int *a, int n)
{
	int			i;

	jy_scores_init(s);
	for (i = 0; i < n; i++)
		CHECK(jy_scores_add(s, a[i]));
}

/* Ten answers: 5 promoters, 3 passives, 2 detractors */
static void
test_worked(void)
{
	static const int a[] = {10, 10, 9, 9, 9, 8, 7, 7, 5, 0};
	JyScores	s;
	JyExpMeasure m;

	fill(&s, a, 10);
	CHECK_EQ(jy_exp_nps(&s, Z95, &m), JY_OK);
	CHECK_EQ(m.n, 10);
	CHECK_EQ(m.promoters, 5);
	CHECK_EQ(m.passives, 3);
	CHECK_EQ(m.detractors, 2);
	CHECK(m.has_value && m.has_ci);
	CHECK_NEAR(m.value, 0.3, 1e-15);
	/* Var = (0.5 + 0.2 - 0.3^2) / 10 = 0.061: 0.3 -+ 1.96 sqrt(0.061) */
	CHECK_NEAR(m.ci_low, -0.18407539501852566, 1e-12);
	CHECK_NEAR(m.ci_high, 0.7840753950185256, 1e-12);

	/* mean 74 / 10, squares about it 82.4, t(0.975, 9) = 2.2621571627982055 (mpmath) */
	CHECK_EQ(jy_exp_mean(&s, 0.95, &m), JY_OK);
	CHECK_NEAR(m.value, 7.4, 1e-15);
	CHECK_NEAR(m.sd, 3.0258148581093915, 1e-12);
	CHECK_NEAR(m.ci_low, 5.2354624450627991, 1e-12);
	CHECK_NEAR(m.ci_high, 9.5645375549372016, 1e-12);

	/* top-2-box of 1 .. 5: 5 of 8, exactly jy_wilson */
	{
		static const int c[] = {5, 5, 4, 4, 4, 3, 2, 1};
		double		lo,
					hi;

		fill(&s, c, 8);
		CHECK_EQ(jy_exp_csat(&s, 4, Z95, &m), JY_OK);
		CHECK_EQ(m.successes, 5);
		CHECK_NEAR(m.value, 0.625, 0);
		jy_wilson(5, 8, Z95, &lo, &hi);
		CHECK_NEAR(m.ci_low, lo, 0);
		CHECK_NEAR(m.ci_high, hi, 0);
		/* Wilson by hand: (p + z^2/2n -+ z sqrt(p q / n + z^2/4n^2)) / (1 + z^2/n) */
		CHECK_NEAR(m.ci_low, (0.625 + Z95 * Z95 / 16 -
							  Z95 * sqrt(0.625 * 0.375 / 8 + Z95 * Z95 / 256)) /
				   (1 + Z95 * Z95 / 8), 1e-15);
		/* threshold 5: top box */
		CHECK_EQ(jy_exp_csat(&s, 5, Z95, &m), JY_OK);
		CHECK_EQ(m.successes, 2);
	}
}

/* n = 0, one answer, all promoters, all detractors, bad arguments */
static void
test_edges(void)
{
	JyScores	s;
	JyExpMeasure m;
	int			i;

	jy_scores_init(&s);
	CHECK_EQ(jy_exp_nps(&s, Z95, &m), JY_OK);
	CHECK(!m.has_value && !m.has_ci && isnan(m.value));
	CHECK_EQ(jy_exp_csat(&s, 4, Z95, &m), JY_OK);
	CHECK(!m.has_value);
	CHECK_EQ(jy_exp_mean(&s, 0.95, &m), JY_OK);
	CHECK(!m.has_value);

	CHECK(jy_scores_add(&s, 8));
	CHECK_EQ(jy_exp_mean(&s, 0.95, &m), JY_OK);
	CHECK(m.has_value && !m.has_ci);
	CHECK_NEAR(m.value, 8, 0);

	jy_scores_init(&s);
	for (i = 0; i < 7; i++)
		CHECK(jy_scores_add(&s, 9 + i % 2));
	CHECK_EQ(jy_exp_nps(&s, Z95, &m), JY_OK);
	CHECK_NEAR(m.value, 1, 0);
	CHECK_NEAR(m.ci_low, 1, 0);	/* degenerate: Var = 0 */
	CHECK_NEAR(m.ci_high, 1, 0);
	jy_scores_init(&s);
	for (i = 0; i < 7; i++)
		CHECK(jy_scores_add(&s, i));
	CHECK_EQ(jy_exp_nps(&s, Z95, &m), JY_OK);
	CHECK_NEAR(m.value, -1, 0);
	CHECK_NEAR(m.ci_low, -1, 0);
	CHECK_NEAR(m.ci_high, -1, 0);
	/* one promoter, one detractor: 0 -+ z sqrt(1/2), clipped to [-1, 1] */
	jy_scores_init(&s);
	jy_scores_add(&s, 10);
	jy_scores_add(&s, 0);
	CHECK_EQ(jy_exp_nps(&s, 1.0, &m), JY_OK);
	CHECK_NEAR(m.ci_low, -sqrt(0.5), 1e-15);
	CHECK_NEAR(m.ci_high, sqrt(0.5), 1e-15);
	CHECK_EQ(jy_exp_nps(&s, Z95, &m), JY_OK);
	CHECK_NEAR(m.ci_low, -1, 0);
	CHECK_NEAR(m.ci_high, 1, 0);

	CHECK(!jy_scores_add(&s, -1));
	CHECK(!jy_scores_add(&s, 11));
	CHECK_EQ(jy_scores_n(&s), 2);
	CHECK_EQ(jy_exp_nps(&s, 0, &m), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_exp_nps(&s, NAN, &m), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_exp_csat(&s, 11, Z95, &m), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_exp_csat(&s, -1, Z95, &m), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_exp_mean(&s, 1, &m), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_exp_mean(&s, 0, &m), JY_ERR_BAD_PARAMETER);
}

/* Merging two halves equals one pass, and the mean equals a direct one */
static void
test_merge(void)
{
	JyScores	a,
				b,
				all;
	JyExpMeasure m1,
				m2;
	double		sum = 0;
	int			i;

	jy_scores_init(&a);
	jy_scores_init(&b);
	jy_scores_init(&all);
	for (i = 0; i < 1000; i++)
	{
		int			v = (int) unit_below(11);

		jy_scores_add(i % 3 ? &a : &b, v);
		jy_scores_add(&all, v);
		sum += v;
	}
	jy_scores_merge(&a, &b);
	CHECK(memcmp(&a, &all, sizeof(a)) == 0);
	jy_exp_nps(&a, Z95, &m1);
	jy_exp_nps(&all, Z95, &m2);
	CHECK(m1.value == m2.value && m1.ci_low == m2.ci_low && m1.ci_high == m2.ci_high);
	jy_exp_mean(&a, 0.9, &m1);
	CHECK_NEAR(m1.value, sum / 1000, 1e-12);
}

/* The consistency index: inclusive bounds, min_n, weights */
static void
test_consistency(void)
{
	JyTouchScore t[] = {{7.0, 50}, {7.5, 10}, {8.0, 40}, {9.0, 5}, {6.0, 100}};
	JyConsistency c;

	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, 0.5, 10, false, &c), JY_OK);
	CHECK_EQ(c.included, 4);
	CHECK_EQ(c.excluded, 1);
	CHECK_EQ(c.within, 3);		/* 7.0 and 8.0 on the bounds count */
	CHECK(c.has_index);
	CHECK_NEAR(c.index, 0.75, 0);
	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, 0.5, 10, true, &c), JY_OK);
	CHECK_NEAR(c.index, 100.0 / 200.0, 0);
	/* min_n 0: every touchpoint, 9.0 outside */
	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, 0.5, 0, false, &c), JY_OK);
	CHECK_NEAR(c.index, 3.0 / 5.0, 0);
	/* nothing included */
	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, 0.5, 1000, false, &c), JY_OK);
	CHECK(!c.has_index);
	CHECK_EQ(c.excluded, 5);
	CHECK_EQ(jy_exp_consistency(NULL, 0, 7.5, 0.5, 0, false, &c), JY_OK);
	CHECK(!c.has_index);
	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, -0.1, 0, false, &c), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_exp_consistency(t, 5, NAN, 0.5, 0, false, &c), JY_ERR_BAD_PARAMETER);
	t[0].score = NAN;
	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, 0.5, 0, false, &c), JY_ERR_BAD_PARAMETER);
	t[0].score = 7;
	t[1].n = -1;
	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, 0.5, 0, false, &c), JY_ERR_BAD_PARAMETER);
}

int
main(void)
{
	test_worked();
	test_edges();
	test_merge();
	test_consistency();
	return unit_summary("experience");
}
