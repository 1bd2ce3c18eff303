/*
 * test_btyd.c -- unit tests of the BTYD core: the BG/NBD and Gamma-Gamma
 * log-likelihoods against hand arithmetic, 2F1 against closed forms, the
 * optimiser on a known minimum and under an evaluation cap, recovery of
 * the published CDNOW BG/NBD parameters and of Gamma-Gamma parameters from
 * simulated customers, and the scoring formulas
 */
#include "unit.h"

#include <math.h>

#include "core/btyd.h"
#include "core/custsummary.h"

/* 2F1 against closed forms */
static void
test_hyp2f1(void)
{
	double		zs[] = {-50, -3, -0.7, -0.1, 0.01, 0.3, 0.5, 0.9, 0.99, 0.999};
	int			i;

	for (i = 0; i < (int) (sizeof(zs) / sizeof(zs[0])); i++)
	{
		double		z = zs[i];

		/* 2F1(1, 1; 2; z) = -ln(1 - z) / z */
		CHECK_NEAR(jy_hyp2f1(1, 1, 2, z) / (-log1p(-z) / z), 1, 1e-12);
		/* 2F1(a, b; b; z) = (1 - z)^-a */
		CHECK_NEAR(jy_hyp2f1(0.7, 2.5, 2.5, z) / pow(1 - z, -0.7), 1, 1e-12);
	}
	/* 2F1(1/2, 1/2; 3/2; z^2) = asin(z) / z */
	for (i = 1; i <= 9; i++)
	{
		double		z = i / 10.0;

		CHECK_NEAR(jy_hyp2f1(0.5, 0.5, 1.5, z * z) / (asin(z) / z), 1, 1e-12);
	}
	CHECK_NEAR(jy_hyp2f1(0.5, 0.5, 1.5, 0.9999 * 0.9999) / (asin(0.9999) / 0.9999), 1, 1e-11);
	/* near 1 the series takes millions of terms; still to 1e-10 */
	CHECK_NEAR(jy_hyp2f1(1, 1, 2, 0.99999) / (-log1p(-0.99999) / 0.99999), 1, 1e-10);
	/* c - a - b < 0: terms grow before they decay (2F1(2, 2; 1; z) = (1 + z) / (1 - z)^3) */
	CHECK_NEAR(jy_hyp2f1(2, 2, 1, 0.9) / (1.9 / pow(0.1, 3)), 1, 1e-12);
	/* a tiny first term does not stop the series: 2F1(1e-300 ... ) = 1 + O(1e-300) */
	CHECK_NEAR(jy_hyp2f1(1e-300, 1, 1, 0.5), 1, 1e-15);
	CHECK(jy_hyp2f1(1, 1, 2, 0) == 1);
	CHECK(isnan(jy_hyp2f1(1, 1, 2, 1)));
	CHECK(isnan(jy_hyp2f1(1, 1, 0, 0.5)));
	CHECK(isnan(jy_hyp2f1(1, 1, 2, NAN)));
}

/* BG/NBD log-likelihood of single customers by hand */
static void
test_bgnbd_ll(void)
{
	JyBgnbd		one = {1, 1, 1, 1};
	JyBgnbd		m = {2, 3, 0.5, 2};
	JyRfmTriple c[3] = {{0, 0, 1, 2}, {1, 1, 2, 1}, {2, 4, 6, 0.5}};
	double		l0,
				l1,
				l2;

	/*
	 * r = alpha = a = b = 1, x = 0, T = 1: B(1, 1) / B(1, 1) = 1, Gamma(1) /
	 * Gamma(1) 1^1 / (1 + 1)^1 = 1/2, no second term: ln(1/2)
	 */
	l0 = jy_bgnbd_ll_one(&one, 0, 0, 1);
	CHECK_NEAR(l0, log(0.5), 1e-12);

	/*
	 * x = 1, t_x = 1, T = 2: first term B(1, 2) / B(1, 1) Gamma(2) / Gamma(1)
	 * 1 / 3^2 = (1/2)(1/9) = 1/18; second B(2, 1) / B(1, 1) 1 / 2^2 =
	 * (1/2)(1/4) = 1/8; sum 13/72
	 */
	l1 = jy_bgnbd_ll_one(&one, 1, 1, 2);
	CHECK_NEAR(l1, log(13.0 / 72), 1e-12);

	/*
	 * r = 2, alpha = 3, a = 1/2, b = 2, x = 2, t_x = 4, T = 6: Gamma(4) /
	 * Gamma(2) 3^2 = 6 * 9 = 54; B(1/2, 2) = 4/3, B(1/2, 4) = Gamma(4)
	 * sqrt(pi) / Gamma(9/2) = 6 / 6.5625 = 32/35, B(3/2, 3) = (sqrt(pi) / 2)
	 * 2 / Gamma(9/2) = 16/105.  First term (32/35) / (4/3) 54 / 9^4 =
	 * (24/35) 54 / 6561; second (16/105) / (4/3) 54 / 7^4 = (4/35) 54 / 2401
	 */
	l2 = jy_bgnbd_ll_one(&m, 2, 4, 6);
	CHECK_NEAR(l2, log(24.0 / 35 * 54 / 6561 + 4.0 / 35 * 54 / 2401), 1e-12);

	/* weighted sum: 2 l0 + l1 + 0.5 l(2, 4, 6) under one */
	CHECK_NEAR(jy_bgnbd_ll(&one, c, 3),
			   2 * l0 + l1 + 0.5 * jy_bgnbd_ll_one(&one, 2, 4, 6), 1e-12);
	/* a non-integer x goes past the cache */
	CHECK_NEAR(jy_bgnbd_ll_one(&m, 2.5, 4, 6),
			   log(exp(lgamma(4.5) - lgamma(2) + 2 * log(3.0) + jy_log_beta(0.5, 4.5) -
					   jy_log_beta(0.5, 2) - 4.5 * log(9.0)) +
				   exp(lgamma(4.5) - lgamma(2) + 2 * log(3.0) + jy_log_beta(1.5, 3.5) -
					   jy_log_beta(0.5, 2) - 4.5 * log(7.0))), 1e-12);
	/* terms that underflow a double: log-sum-exp keeps the value finite */
	CHECK(isfinite(jy_bgnbd_ll_one(&m, 400, 3000, 3000)));
	CHECK(jy_bgnbd_ll_one(&m, 400, 3000, 3000) < -1000);
	{
		JyBgnbd		bad = {-1, 1, 1, 1};

		CHECK(jy_bgnbd_ll(&bad, c, 3) == -INFINITY);
	}
}

/* ln of the Rosenbrock function in log-parameters: minimum 0 at (e, e) */
static double
rosenbrock(const double *par, void *ctx)
{
	double		u = log(par[0]),
				v = log(par[1]);

	(void) ctx;
	return (1 - u) * (1 - u) + 100 * (v - u * u) * (v - u * u);
}

/* A function flat in its second parameter: singular Hessian */
static double
flat(const double *par, void *ctx)
{
	double		u = log(par[0]) - 1;

	(void) ctx;
	return u * u;
}

/* The optimiser: known minimum, evaluation cap, singular Hessian, bad input */
static void
test_optimiser(void)
{
	double		starts[4] = {0.3, 5, 20, 0.1};
	JyFit		fit;
	JyFitOptions o;
	int			before = unit_interrupts;

	CHECK(jy_fit_minimize(rosenbrock, NULL, 2, starts, 2, NULL, &unit_mem, &fit) == JY_OK);
	CHECK(fit.converged);
	CHECK_NEAR(fit.par[0], exp(1), 1e-5);
	CHECK_NEAR(fit.par[1], exp(1), 1e-5);
	CHECK_NEAR(fit.ll, 0, 1e-10);
	CHECK(fit.hessian_ok);
	CHECK(fit.evals > 100 && fit.evals < 20000);
	CHECK(unit_interrupts > before);

	/* with the Hessian at (e, e): f ~ (1 - u)^2 + 100 (v - u^2)^2 */
	CHECK(fit.se[0] > 0 && fit.se[1] > 0 && isfinite(fit.se[0]));

	jy_fit_default_options(&o);
	o.max_evals = 30;
	CHECK(jy_fit_minimize(rosenbrock, NULL, 2, starts, 2, &o, NULL, &fit) == JY_OK);
	CHECK(!fit.converged);
	CHECK(fit.evals < 60);

	CHECK(jy_fit_minimize(flat, NULL, 2, starts, 1, NULL, NULL, &fit) == JY_OK);
	CHECK_NEAR(fit.par[0], exp(1), 1e-5);
	CHECK(!fit.hessian_ok);
	CHECK(isnan(fit.se[0]) && isnan(fit.se[1]) && isnan(fit.cov[0]));

	CHECK(jy_fit_minimize(flat, NULL, 0, starts, 1, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
	CHECK(jy_fit_minimize(flat, NULL, 5, starts, 1, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
	CHECK(jy_fit_minimize(flat, NULL, 2, starts, 0, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
	starts[1] = -1;
	CHECK(jy_fit_minimize(flat, NULL, 2, starts, 1, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
}

/*
 * Simulate n BG/NBD customers (weeks) first buying on one of the 84 days
 * of a 12-week cohort, observed to week 39, with times rounded up to whole
 * days like transaction data; identical triples are merged into weights
 * by jy_btyd_collapse, as the aggregate will.  Returns the number of
 * distinct triples.
 */
static size_t
simulate(uint64_t seed, const JyBgnbd *m, JyRfmTriple *c, size_t n)
{
	JyRng		g = {seed};
	size_t		i;

	for (i = 0; i < n; i++)
	{
		double		T = (273 - (int) (84 * jy_rng_uniform(&g))) / 7.0;

		c[i] = jy_bgnbd_simulate(&g, m, T);
		if (c[i].x > 0)
			c[i].t_x = fmin(ceil(c[i].t_x * 7), T * 7) / 7;
		c[i].weight = 1;
	}
	return jy_btyd_collapse(c, n, &unit_mem);
}

/* Recover the published CDNOW estimates from 20,000 simulated customers */
static void
test_bgnbd_recovery(void)
{
	const JyBgnbd truth = {0.243, 4.414, 0.793, 2.426};
	const double tp[4] = {0.243, 4.414, 0.793, 2.426};
	uint64_t	seeds[3] = {1, 20261201, 777};
	size_t		n = 20000;
	JyRfmTriple *c = malloc(sizeof(JyRfmTriple) * n);
	int			s,
				i;

	for (s = 0; s < 3; s++)
	{
		JyFit		fit;
		size_t		k = simulate(seeds[s], &truth, c, n);

		CHECK(jy_bgnbd_fit(c, k, NULL, &unit_mem, &fit) == JY_OK);
		CHECK(fit.converged);
		CHECK(fit.hessian_ok);
		CHECK_NEAR(fit.customers, 20000, 0);
		/* the MLE beats the truth's likelihood */
		CHECK(fit.ll >= jy_bgnbd_ll(&truth, c, k));
		for (i = 0; i < 4; i++)
		{
			/* within 3 SE, and the SE sane: under half the estimate */
			if (fabs(fit.par[i] - tp[i]) > 3 * fit.se[i])
				fprintf(stderr, "seed %d par %d: %g +- %g, truth %g\n",
						s, i, fit.par[i], fit.se[i], tp[i]);
			CHECK(fabs(fit.par[i] - tp[i]) <= 3 * fit.se[i]);
			CHECK(fit.se[i] > 0 && fit.se[i] < 0.5 * fit.par[i]);
		}
		if (s == 0)
			fprintf(stderr, "test_btyd: BG/NBD fit of 20000 customers (%zu triples): r %.4f alpha %.3f a %.3f b %.3f, LL %.1f, %d evaluations\n",
					k, fit.par[0], fit.par[1], fit.par[2], fit.par[3], fit.ll, fit.evals);
	}
	/* invalid triples */
	{
		JyFit		fit;
		JyRfmTriple bad[1] = {{1, 0, 5, 1}};

		CHECK(jy_bgnbd_fit(bad, 1, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
		bad[0].t_x = 6;
		CHECK(jy_bgnbd_fit(bad, 1, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
		bad[0].t_x = 2;
		bad[0].weight = -1;
		CHECK(jy_bgnbd_fit(bad, 1, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
		CHECK(jy_bgnbd_fit(bad, 0, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
	}
	free(c);
}

/* Scoring formulas by hand and against the simulator */
static void
test_bgnbd_scoring(void)
{
	JyBgnbd		m = {2, 3, 0.5, 2};
	JyBgnbd		h = {1, 1, 2, 1};
	double		sum = 0,
				mean = 0;
	int			n;

	/* P(alive) = 1 / (1 + (1/2) / (2 + 2 - 1) (9/7)^4) */
	CHECK_NEAR(jy_bgnbd_p_alive(&m, 2, 4, 6), 1 / (1 + 0.5 / 3 * pow(9.0 / 7, 4)), 1e-14);
	CHECK(jy_bgnbd_p_alive(&m, 0, 0, 6) == 1);
	/* bought at the end of the period: 1 / (1 + a / (b + x - 1)) */
	CHECK_NEAR(jy_bgnbd_p_alive(&m, 2, 6, 6), 1 / (1 + 0.5 / 3), 1e-14);

	/* t = 0 gives no purchases */
	CHECK(jy_bgnbd_expected(&m, 0) == 0);
	CHECK(jy_bgnbd_expected_conditional(&m, 2, 4, 6, 0) == 0);

	/*
	 * r = 1, alpha = 1, a = 2, b = 1: E[X(t)] = 2 [1 - (1 / (1 + t))
	 * 2F1(1, 1; 2; t / (1 + t))] and 2F1(1, 1; 2; z) = -ln(1 - z) / z, so
	 * E[X(t)] = 2 (1 - ln(1 + t) / t); at t = 1: 2 (1 - ln 2)
	 */
	CHECK_NEAR(jy_bgnbd_expected(&h, 1), 2 * (1 - log(2.0)), 1e-13);
	CHECK_NEAR(jy_bgnbd_expected(&h, 10), 2 * (1 - log(11.0) / 10), 1e-13);
	/* a new customer (x = 0, T = 0) is the unconditional expectation */
	CHECK_NEAR(jy_bgnbd_expected_conditional(&m, 0, 0, 0, 5), jy_bgnbd_expected(&m, 5), 1e-12);
	/*
	 * same h, x = 1, t_x = 1, T = 1, t = 2: P(alive) = 1 / (1 + 2/1 (2/2)^2)
	 * = 1/3; (a + b + x - 1) / (a - 1) = 3; ((alpha + T) / (alpha + T +
	 * t))^(r + x) = (2/4)^2 = 1/4; z = 2/4 = 1/2.  Euler: 2F1(2, 2; 3; z) =
	 * (1 - z)^-1 2F1(1, 1; 3; z), and 2F1(1, 1; 3; z) = sum 2 z^k / ((k +
	 * 1)(k + 2)) = 2 ((1 - z) ln(1 - z) + z) / z^2, which at 1/2 is 4 (1 -
	 * ln 2); so 2F1(2, 2; 3; 1/2) = 8 (1 - ln 2) and E = 3 (1 - 2 (1 - ln
	 * 2)) / 3 = 2 ln 2 - 1
	 */
	CHECK_NEAR(jy_hyp2f1(2, 2, 3, 0.5), 8 * (1 - log(2.0)), 1e-13);
	CHECK_NEAR(jy_bgnbd_expected_conditional(&h, 1, 1, 1, 2), 2 * log(2.0) - 1, 1e-13);

	/* P(X(t) = n) sums to 1 and its mean is E[X(t)] */
	for (n = 0; n < 400; n++)
	{
		double		p = jy_bgnbd_p_n(&m, 10, n);

		CHECK(p >= 0 && p <= 1);
		sum += p;
		mean += n * p;
	}
	CHECK_NEAR(sum, 1, 1e-10);
	CHECK_NEAR(mean, jy_bgnbd_expected(&m, 10), 1e-8);
	/* P(X(t) = 0) by hand with h at t = 1: B(2, 1) / B(2, 1) (1/2)^1 */
	CHECK_NEAR(jy_bgnbd_p_n(&h, 1, 0), 0.5, 1e-14);
	/*
	 * P(X(1) = 1) with h: B(2, 2) / B(2, 1) Gamma(2) / (Gamma(1) 1!) (1/2)
	 * (1/2) = (1/6) / (1/2) (1/4) = 1/12, plus B(3, 0) ... b + n - 1 = 1:
	 * B(3, 1) / B(2, 1) [1 - (1/2)] = (1/3) / (1/2) (1/2) = 1/3
	 */
	CHECK_NEAR(jy_bgnbd_p_n(&h, 1, 1), 1.0 / 12 + 1.0 / 3, 1e-14);

	/* E[X(t)] against the simulator's mean (loose: 4 standard errors) */
	{
		JyRng		g = {42};
		int			i,
					k = 20000;
		double		s1 = 0,
					s2 = 0,
					e = jy_bgnbd_expected(&m, 10),
					avg,
					sd;

		for (i = 0; i < k; i++)
		{
			JyRfmTriple c = jy_bgnbd_simulate(&g, &m, 10);

			s1 += c.x;
			s2 += c.x * c.x;
		}
		avg = s1 / k;
		sd = sqrt((s2 / k - avg * avg) / k);
		CHECK(fabs(avg - e) < 4 * sd);
	}

	/* CLV: undiscounted is expected purchases times spend */
	CHECK_NEAR(jy_bgnbd_clv(&m, 2, 4, 6, 10, 12, 0),
			   10 * jy_bgnbd_expected_conditional(&m, 2, 4, 6, 12), 1e-10);
	/* one period at 10 %: E[Y(1)] spend / 1.1 */
	CHECK_NEAR(jy_bgnbd_clv(&m, 2, 4, 6, 10, 1, 0.1),
			   10 * jy_bgnbd_expected_conditional(&m, 2, 4, 6, 1) / 1.1, 1e-12);
	CHECK(jy_bgnbd_clv(&m, 2, 4, 6, 10, 12, 0.1) < jy_bgnbd_clv(&m, 2, 4, 6, 10, 12, 0));
	CHECK(jy_bgnbd_clv(&m, 2, 4, 6, 10, 0, 0.1) == 0);
}

/* Gamma-Gamma: likelihood and expected spend by hand, recovery */
static void
test_gamma_gamma(void)
{
	JyGammaGamma m = {6.25, 3.74, 15.44};
	JyGammaGamma one = {1, 2, 1};
	JyGammaGamma truth = {6, 4, 16};
	double		tp[3] = {6, 4, 16};
	size_t		n = 6000,
				i;
	JySpendTriple *c = malloc(sizeof(JySpendTriple) * n);
	JyRng		g = {99};
	JyFit		fit;

	/*
	 * p = 1, q = 2, gamma = 1, x = 1, z = 1: Gamma(3) / (Gamma(1) Gamma(2))
	 * 1^2 1^0 1^1 / (1 + 1)^3 = 2 / 8
	 */
	CHECK_NEAR(jy_gg_ll_one(&one, 1, 1), log(0.25), 1e-14);
	/*
	 * x = 2, z = 3: p x = 2; Gamma(4) / (Gamma(2) Gamma(2)) 1^2 3^1 2^2 /
	 * (1 + 6)^4 = 6 * 3 * 4 / 2401 = 72 / 2401
	 */
	CHECK_NEAR(jy_gg_ll_one(&one, 2, 3), log(72.0 / 2401), 1e-14);
	/* (gamma + x z) p / (p x + q - 1) = (15.44 + 3 * 40) 6.25 / (18.75 + 2.74) */
	CHECK_NEAR(jy_gg_expected_spend(&m, 3, 40), 135.44 * 6.25 / 21.49, 1e-12);
	CHECK_NEAR(jy_gg_expected_spend(&m, 0, 0), 6.25 * 15.44 / 2.74, 1e-12);
	{
		JyGammaGamma q1 = {1, 1, 1};

		CHECK(isnan(jy_gg_expected_spend(&q1, 3, 40)));
	}

	for (i = 0; i < n; i++)
	{
		c[i].x = 1 + (double) (int) (8 * jy_rng_uniform(&g));
		c[i].mean_spend = jy_gg_simulate(&g, &truth, c[i].x);
		c[i].weight = 1;
	}
	CHECK(jy_gg_fit(c, n, NULL, &unit_mem, &fit) == JY_OK);
	CHECK(fit.converged && fit.hessian_ok);
	CHECK(fit.ll >= jy_gg_ll(&truth, c, n));
	for (i = 0; i < 3; i++)
	{
		if (fabs(fit.par[i] - tp[i]) > 3 * fit.se[i])
			fprintf(stderr, "gg par %d: %g +- %g, truth %g\n",
					(int) i, fit.par[i], fit.se[i], tp[i]);
		CHECK(fabs(fit.par[i] - tp[i]) <= 3 * fit.se[i]);
		CHECK(fit.se[i] > 0 && fit.se[i] < 0.5 * fit.par[i]);
	}
	c[0].x = 0;
	CHECK(jy_gg_fit(c, n, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
	c[0].x = 1;
	c[0].mean_spend = 0;
	CHECK(jy_gg_fit(c, n, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
	free(c);
}

int
main(void)
{
	test_hyp2f1();
	test_bgnbd_ll();
	test_optimiser();
	test_bgnbd_recovery();
	test_bgnbd_scoring();
	test_gamma_gamma();
	return unit_summary("test_btyd");
}
