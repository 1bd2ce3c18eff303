/*
 * test_btyd.c -- unit tests of the BTYD core: the BG/NBD and Gamma-Gamma
 * log-likelihoods against hand arithmetic, 2F1 against closed forms, the
 * optimiser on a known minimum and under an evaluation cap, recovery of
 * the published CDNOW BG/NBD parameters and of Gamma-Gamma parameters from
 * simulated customers, and the scoring formulas
 */
#include "unit.h"

#include <math.h>
#include <time.h>

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

/* A fit of (x, t_x, T) triples: jy_bgnbd_fit, jy_pnbd_fit */
typedef JyStatus (*RfmFitFn) (const JyRfmTriple *c, size_t n,
							  const JyFitOptions *o, const JyMem *m, JyFit *out);

/*
 * The errors of a fit: x > 0 at t_x = 0, t_x > T, a negative weight, no
 * positive weight, no positive age, no triple
 */
static void
check_rfm_fit_errors(RfmFitFn fitfn)
{
	JyFit		fit;
	JyRfmTriple bad[1] = {{1, 0, 5, 1}};

	CHECK(fitfn(bad, 1, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
	bad[0].t_x = 6;
	CHECK(fitfn(bad, 1, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
	bad[0].t_x = 2;
	bad[0].weight = -1;
	CHECK(fitfn(bad, 1, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
	bad[0].weight = 0;
	CHECK(fitfn(bad, 1, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
	bad[0] = (JyRfmTriple) {0, 0, 0, 1};
	CHECK(fitfn(bad, 1, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
	CHECK(fitfn(bad, 0, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
	bad[0] = (JyRfmTriple) {1, 2, NAN, 1};
	CHECK(fitfn(bad, 1, NULL, NULL, &fit) == JY_ERR_BAD_PARAMETER);
}

/*
 * A fit that recovered the truth tp[0..fit->npar): converged, Hessian
 * positive definite, customers counted, the MLE's likelihood at least the
 * truth's ll_truth, each parameter within 3 SE of the truth, and the SE
 * sane (under half the estimate)
 */
static void
check_recovery(const JyFit *fit, const double *tp, double customers, double ll_truth)
{
	int			i;

	CHECK(fit->converged);
	CHECK(fit->hessian_ok);
	CHECK_NEAR(fit->customers, customers, 0);
	CHECK(fit->ll >= ll_truth);
	for (i = 0; i < fit->npar; i++)
	{
		if (fabs(fit->par[i] - tp[i]) > 3 * fit->se[i])
			fprintf(stderr, "par %d: %g +- %g, truth %g\n", i, fit->par[i], fit->se[i], tp[i]);
		CHECK(fabs(fit->par[i] - tp[i]) <= 3 * fit->se[i]);
		CHECK(fit->se[i] > 0 && fit->se[i] < 0.5 * fit->par[i]);
	}
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
	int			s;

	for (s = 0; s < 3; s++)
	{
		JyFit		fit;
		size_t		k = simulate(seeds[s], &truth, c, n);

		CHECK(jy_bgnbd_fit(c, k, NULL, &unit_mem, &fit) == JY_OK);
		check_recovery(&fit, tp, 20000, jy_bgnbd_ll(&truth, c, k));
		if (s == 0)
			fprintf(stderr, "test_btyd: BG/NBD fit of 20000 customers (%zu triples): r %.4f alpha %.3f a %.3f b %.3f, LL %.1f, %d evaluations\n",
					k, fit.par[0], fit.par[1], fit.par[2], fit.par[3], fit.ll, fit.evals);
	}
	check_rfm_fit_errors(jy_bgnbd_fit);
	free(c);
}

/* A model's P(X(t) = n) for a random customer */
typedef double (*PmfFn) (const void *model, double t, int n);

static double
bgnbd_pmf(const void *model, double t, int n)
{
	return jy_bgnbd_p_n(model, t, n);
}

static double
pnbd_pmf(const void *model, double t, int n)
{
	return jy_pnbd_p_n(model, t, n);
}

/* The sums of P(X(t) = n) and n P(X(t) = n) over n < nmax, each P checked to be a probability */
static void
pmf_sums(PmfFn pmf, const void *model, double t, int nmax, double *sum, double *mean)
{
	int			n;

	*sum = *mean = 0;
	for (n = 0; n < nmax; n++)
	{
		double		p = pmf(model, t, n);

		CHECK(p >= 0 && p <= 1);
		*sum += p;
		*mean += n * p;
	}
}

/* A model's simulator */
typedef JyRfmTriple (*SimFn) (JyRng *g, const void *model, double T);

static JyRfmTriple
bgnbd_sim(JyRng *g, const void *model, double T)
{
	return jy_bgnbd_simulate(g, model, T);
}

static JyRfmTriple
pnbd_sim(JyRng *g, const void *model, double T)
{
	return jy_pnbd_simulate(g, model, T);
}

/*
 * 20,000 simulated customers observed for T: valid triples, the mean of x
 * within 4 standard errors of mean_x (E[X(T)]) and the share of x = 0
 * within 4 of p0 (P(X(T) = 0))
 */
static void
check_simulator(SimFn sim, const void *model, uint64_t seed, double T,
				double mean_x, double p0)
{
	JyRng		g = {seed};
	int			i,
				cnt = 20000;
	double		s1 = 0,
				s2 = 0,
				zero = 0,
				avg,
				sd;

	for (i = 0; i < cnt; i++)
	{
		JyRfmTriple c = sim(&g, model, T);

		CHECK(c.T == T && c.t_x <= c.T && (c.x > 0) == (c.t_x > 0));
		s1 += c.x;
		s2 += c.x * c.x;
		zero += c.x == 0;
	}
	avg = s1 / cnt;
	sd = sqrt((s2 / cnt - avg * avg) / cnt);
	CHECK(fabs(avg - mean_x) < 4 * sd);
	CHECK(fabs(zero / cnt - p0) < 4 * sqrt(p0 * (1 - p0) / cnt));
}

/* A model's CLV and conditional expectation */
typedef double (*ClvFn) (const void *model, double x, double t_x, double T,
						 double spend, int horizon, double discount);
typedef double (*CondFn) (const void *model, double x, double t_x, double T, double t);

static double
bgnbd_clv(const void *model, double x, double t_x, double T, double spend,
		  int horizon, double discount)
{
	return jy_bgnbd_clv(model, x, t_x, T, spend, horizon, discount);
}

static double
pnbd_clv(const void *model, double x, double t_x, double T, double spend,
		 int horizon, double discount)
{
	return jy_pnbd_clv(model, x, t_x, T, spend, horizon, discount);
}

static double
bgnbd_cond(const void *model, double x, double t_x, double T, double t)
{
	return jy_bgnbd_expected_conditional(model, x, t_x, T, t);
}

static double
pnbd_cond(const void *model, double x, double t_x, double T, double t)
{
	return jy_pnbd_expected_conditional(model, x, t_x, T, t);
}

/*
 * CLV at spend 10: undiscounted it is the expected purchases over the
 * horizon times spend; one period at 10 % is E[Y(1)] spend / 1.1;
 * discounting lowers it; no horizon is 0
 */
static void
check_clv(ClvFn clv, CondFn cond, const void *model, double x, double t_x, double T)
{
	CHECK_NEAR(clv(model, x, t_x, T, 10, 12, 0) / (10 * cond(model, x, t_x, T, 12)), 1, 1e-12);
	CHECK_NEAR(clv(model, x, t_x, T, 10, 1, 0.1) / (10 * cond(model, x, t_x, T, 1) / 1.1), 1, 1e-13);
	CHECK(clv(model, x, t_x, T, 10, 12, 0.1) < clv(model, x, t_x, T, 10, 12, 0));
	CHECK(clv(model, x, t_x, T, 10, 0, 0.1) == 0);
}

/* Scoring formulas by hand and against the simulator */
static void
test_bgnbd_scoring(void)
{
	JyBgnbd		m = {2, 3, 0.5, 2};
	JyBgnbd		h = {1, 1, 2, 1};
	double		sum = 0,
				mean = 0;

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
	pmf_sums(bgnbd_pmf, &m, 10, 400, &sum, &mean);
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

	/* E[X(t)] and P(X(t) = 0) against the simulator (loose: 4 standard errors) */
	check_simulator(bgnbd_sim, &m, 42, 10, jy_bgnbd_expected(&m, 10), jy_bgnbd_p_n(&m, 10, 0));

	check_clv(bgnbd_clv, bgnbd_cond, &m, 2, 4, 6);
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

/* ---------- Pareto/NBD ---------- */

/*
 * The independent formulation: expectations over lambda ~ Gamma(r, alpha)
 * and mu ~ Gamma(s, beta) by the trapezoidal rule in y = ln(rate) with
 * step 0.1 over y from ln(1 / rate) - 40 / shape (the mass below is under
 * e^-40) to ln((shape + extra + 80) / rate), extra covering a factor
 * lambda^x.  The integrands are analytic in y, so the rule converges
 * geometrically (checked: the weights sum to 1 within 1e-13); it knows
 * nothing of the closed forms.
 */
#define GRID_MAX 4096

typedef struct GammaGrid
{
	int			n;
	double		v[GRID_MAX];	/* node values of the rate */
	double		w[GRID_MAX];	/* weights: density times step */
} GammaGrid;

static GammaGrid grid_l,
			grid_m;

static void
gamma_grid(GammaGrid *g, double shape, double rate, double extra)
{
	const double h = 0.1;
	double		lo = -log(rate) - 40 / shape,
				hi = log((shape + extra + 80) / rate),
				y;

	g->n = 0;
	for (y = lo; y <= hi && g->n < GRID_MAX; y += h)
	{
		g->v[g->n] = exp(y);
		g->w[g->n] = h * exp(shape * (y + log(rate)) - rate * exp(y) - lgamma(shape));
		g->n++;
	}
}

/* Set the grids for m, with lambda's extended for a factor lambda^x */
static void
grids_for(const JyParetoNbd *m, double x)
{
	gamma_grid(&grid_l, m->r, m->alpha, x);
	gamma_grid(&grid_m, m->s, m->beta, 0);
}

/* What the 2-D integral computes */
typedef enum
{
	INT_LIKELIHOOD,				/* L(x, t_x, T) */
	INT_ALIVE,					/* E[L and alive at T] */
	INT_ALIVE_Y,				/* E[L and alive at T, times E[Y(t) | lambda, mu]] */
	INT_P_N,					/* P(X(t) = n) */
	INT_MEAN_X					/* E[X(t)] */
} IntKind;

/* P(Gamma(n + 1, 1) <= z) = 1 - e^-z sum_{i <= n} z^i / i!, without cancellation */
static double
gamma_cdf_int(int n, double z)
{
	double		term = exp(-z),
				sum = 0;
	int			i;

	if (z < n + 1)
	{
		for (i = 1; i <= n; i++)
			term *= z / i;
		for (i = n + 1; i < n + 10000; i++)
		{
			term *= z / i;
			sum += term;
			if (term < 1e-18 * sum)
				break;
		}
		return sum;
	}
	for (i = 0; i <= n; i++)
	{
		sum += term;
		term *= z / (i + 1);
	}
	return 1 - sum;
}

/* The individual-level quantity at (lambda, mu) */
static double
individual(IntKind k, double l, double u, double x, double t_x, double T, double t)
{
	double		alive = exp(x * log(l) - (l + u) * T);

	switch (k)
	{
		case INT_LIKELIHOOD:
			return alive + exp(x * log(l) - (l + u) * t_x) * u / (l + u) *
				-expm1(-(l + u) * (T - t_x));
		case INT_ALIVE:
			return alive;
		case INT_ALIVE_Y:
			return alive * l / u * -expm1(-u * t);
		case INT_P_N:
			return exp(x * log(l * t) - (l + u) * t - lgamma(x + 1)) +
				exp(x * log(l / (l + u))) * u / (l + u) * gamma_cdf_int((int) x, (l + u) * t);
		case INT_MEAN_X:
			return l / u * -expm1(-u * t);
	}
	return NAN;
}

/* The 2-D integral over the current grids */
static double
integrate2(IntKind k, double x, double t_x, double T, double t)
{
	double		sum = 0;
	int			i,
				j;

	for (i = 0; i < grid_l.n; i++)
	{
		double		row = 0;

		for (j = 0; j < grid_m.n; j++)
			row += grid_m.w[j] * individual(k, grid_l.v[i], grid_m.v[j], x, t_x, T, t);
		sum += grid_l.w[i] * row;
	}
	return sum;
}

/*
 * Fader and Hardie's closed form of P(X(t) = n) (note 012; btyd.h), with
 * its 2F1 terms, to check jy_pnbd_p_n's integral form where the
 * subtraction loses nothing much (small n, moderate t)
 */
static double
pnbd_p_n_closed(const JyParetoNbd *m, double t, int n)
{
	double		r = m->r,
				a = m->alpha,
				s = m->s,
				b = m->beta,
				first = exp(lgamma(r + n) - lgamma(r) - lgamma(n + 1.0) +
							r * log(a / (a + t)) + n * log(t / (a + t)) + s * log(b / (b + t))),
				b1,
				bracket;
	int			i;

	if (a >= b)
		b1 = jy_hyp2f1(r + s, s + 1, r + s + n + 1, (a - b) / a) / pow(a, r + s);
	else
		b1 = jy_hyp2f1(r + s, r + n, r + s + n + 1, (b - a) / b) / pow(b, r + s);
	bracket = b1;
	for (i = 0; i <= n; i++)
	{
		double		b2 = a >= b ?
			jy_hyp2f1(r + s + i, s + 1, r + s + n + 1, (a - b) / (a + t)) / pow(a + t, r + s + i) :
			jy_hyp2f1(r + s + i, r + n, r + s + n + 1, (b - a) / (b + t)) / pow(b + t, r + s + i);

		bracket -= exp(lgamma(r + s + i) - lgamma(r + s) - lgamma(i + 1.0)) * pow(t, i) * b2;
	}
	return first + pow(a, r) * pow(b, s) *
		exp(jy_log_beta(r + n, s + 1) - jy_log_beta(r, s)) * bracket;
}

/* Parameter sets on both sides of alpha = beta, at it, and with z near 1 */
static const JyParetoNbd pnbd_sets[] = {
	{0.5534, 10.5802, 0.6061, 11.6562},	/* CDNOW (Fader and Hardie), alpha < beta */
	{1.2, 3, 2.5, 40},			/* alpha < beta */
	{0.7, 30, 0.4, 2},			/* alpha > beta, z = 0.93 at t_x = 0 */
	{2, 5, 1, 5},				/* alpha = beta, s = 1 */
	{0.9, 400, 1.6, 0.5},		/* alpha >> beta: z up to 0.999 (quadrature) */
	{0.8, 0.2, 0.7, 60}			/* beta >> alpha (quadrature) */
};

/* Customers (x, t_x, T) */
static const double pnbd_customers[][3] = {
	{0, 0, 10}, {0, 0, 39}, {1, 2, 39}, {4, 30, 39}, {2, 0.5, 0.6}, {12, 25, 26}, {3, 10, 10}
};

/* Closed forms against the 2-D integration: likelihood, P(alive), E[Y(t)] */
static void
test_pnbd_vs_integration(void)
{
	size_t		p,
				c;
	double		worst = 0;

	for (p = 0; p < sizeof(pnbd_sets) / sizeof(pnbd_sets[0]); p++)
	{
		const JyParetoNbd *m = &pnbd_sets[p];

		grids_for(m, 12);
		{
			double		wl = 0,
						wm = 0;
			int			i;

			for (i = 0; i < grid_l.n; i++)
				wl += grid_l.w[i];
			for (i = 0; i < grid_m.n; i++)
				wm += grid_m.w[i];
			CHECK_NEAR(wl, 1, 1e-13);
			CHECK_NEAR(wm, 1, 1e-13);
		}
		for (c = 0; c < sizeof(pnbd_customers) / sizeof(pnbd_customers[0]); c++)
		{
			double		x = pnbd_customers[c][0],
						t_x = pnbd_customers[c][1],
						T = pnbd_customers[c][2],
						L = integrate2(INT_LIKELIHOOD, x, t_x, T, 0),
						alive = integrate2(INT_ALIVE, x, t_x, T, 0) / L,
						ey = integrate2(INT_ALIVE_Y, x, t_x, T, 7) / L,
						d1 = fabs(jy_pnbd_ll_one(m, x, t_x, T) - log(L)),
						d2 = fabs(jy_pnbd_p_alive(m, x, t_x, T) / alive - 1),
						d3 = fabs(jy_pnbd_expected_conditional(m, x, t_x, T, 7) / ey - 1);

			if (d1 > 1e-10 || d2 > 1e-10 || d3 > 1e-10)
				fprintf(stderr, "set %zu customer %zu: ll %g P(alive) %g E %g off\n",
						p, c, d1, d2, d3);
			CHECK(d1 <= 1e-10);
			CHECK(d2 <= 1e-10);
			CHECK(d3 <= 1e-10);
			worst = fmax(worst, fmax(d1, fmax(d2, d3)));
		}
		/* P(X(t) = n) and E[X(t)] of a random customer */
		{
			int			n;
			double		ex = integrate2(INT_MEAN_X, 0, 0, 0, 20);

			CHECK_NEAR(jy_pnbd_expected(m, 20) / ex, 1, 1e-10);
			for (n = 0; n <= 12; n += 3)
			{
				double		pn = integrate2(INT_P_N, n, 0, 0, 20);

				if (fabs(jy_pnbd_p_n(m, 20, n) / pn - 1) > 1e-10)
					fprintf(stderr, "set %zu: P(X(20) = %d) = %.17g, integration %.17g\n",
							p, n, jy_pnbd_p_n(m, 20, n), pn);
				CHECK_NEAR(jy_pnbd_p_n(m, 20, n) / pn, 1, 1e-10);
			}
		}
	}
	fprintf(stderr, "test_btyd: Pareto/NBD closed forms vs 2-D integration: worst relative difference %.1e\n",
			worst);
}

/* Gauss-Legendre 10: the positive nodes and their weights */
static const double gl10_x[5] = {
	0.1488743389816312108848260, 0.4333953941292471907992659,
	0.6794095682990244062343274, 0.8650633666889845107320967,
	0.9739065285171717200779640
};
static const double gl10_w[5] = {
	0.2955242247147528701738930, 0.2692667193099963550912269,
	0.2190863625159820439955349, 0.1494513491505805931457763,
	0.0666713443086881375935688
};

/*
 * ln I, I = int_{t_x}^{T} (alpha + tau)^-(r + x) (beta + tau)^-(s + 1) dtau,
 * by brute force: 400 equal panels of Gauss-Legendre 10 in u = ln(c + tau),
 * c = min(alpha, beta) (no panel holds more than about one e-fold of the
 * integrand here), relative to the integrand's value at t_x
 */
static double
brute_log_i(const JyParetoNbd *m, double x, double t_x, double T)
{
	double		c = fmin(m->alpha, m->beta),
				u0 = log(c + t_x),
				h = (log(c + T) - u0) / 400,
				ref = -(m->r + x) * log(m->alpha + t_x) - (m->s + 1) * log(m->beta + t_x) + u0,
				sum = 0;
	int			i,
				j,
				side;

	for (i = 0; i < 400; i++)
		for (j = 0; j < 5; j++)
			for (side = -1; side <= 1; side += 2)
			{
				double		u = u0 + h * (i + 0.5 + side * gl10_x[j] / 2),
							tau = exp(u) - c;

				sum += gl10_w[j] / 2 * h *
					exp(u - (m->r + x) * log(m->alpha + tau) - (m->s + 1) * log(m->beta + tau) - ref);
			}
	return ref + log(sum);
}

/* The Pareto/NBD log-likelihood from a given ln I (Fader and Hardie's form, btyd.h) */
static double
pnbd_ll_from(const JyParetoNbd *m, double x, double T, double log_i)
{
	double		l1 = -(m->r + x) * log(m->alpha + T) - m->s * log(m->beta + T),
				l2 = log(m->s) + log_i,
				hi = fmax(l1, l2);

	return lgamma(m->r + x) - lgamma(m->r) + m->r * log(m->alpha) + m->s * log(m->beta) +
		hi + log(exp(l1 - hi) + exp(l2 - hi));
}

/*
 * No step between three close points (models m[i], ends T[i]) where ln L
 * and P(alive) change method: their second difference is 0 but for a step
 */
static void
check_no_step(const JyParetoNbd m[3], double x, double t_x, const double T[3])
{
	CHECK_NEAR(jy_pnbd_ll_one(&m[0], x, t_x, T[0]) - 2 * jy_pnbd_ll_one(&m[1], x, t_x, T[1]) +
			   jy_pnbd_ll_one(&m[2], x, t_x, T[2]), 0, 1e-13);
	CHECK_NEAR(jy_pnbd_p_alive(&m[0], x, t_x, T[0]) - 2 * jy_pnbd_p_alive(&m[1], x, t_x, T[1]) +
			   jy_pnbd_p_alive(&m[2], x, t_x, T[2]), 0, 1e-13);
}

/*
 * Where alpha and beta are far apart (z near 1, where the tails' series
 * is slow) I is the term-by-term integral of an expansion of the factor of
 * the larger base (btyd.c, pnbd_log_i_expand), else the series or the
 * quadrature: all
 * against the brute-force 1-D integral on customers of up to 214 periods,
 * x up to 40, for parameters of fits without much dropout heterogeneity
 * (s, beta large) and their mirror images; and no step where one method
 * hands over to another
 */
static void
test_pnbd_expansion(void)
{
	static const JyParetoNbd sets[] = {
		{3, 20, 30, 2000},		/* alpha << beta, s large */
		{3, 2000, 30, 20},		/* the mirror image */
		{1, 5, 0.3, 300},
		{0.3, 2, 50, 800},
		{0.8, 0.2, 0.7, 60},
		{2.5, 0.5, 0.4, 1000},
		{0.5534, 10.5802, 0.6061, 11.6562}	/* CDNOW: the tails' series */
	};
	unsigned long long g = 12345;
	double		worst = 0,
				sum18 = 0;
	size_t		p;
	int			i,
				expand = 0,
				all = 0;

	/* the brute force's rule integrates x^18 over [-1, 1] exactly */
	for (i = 0; i < 5; i++)
		sum18 += 2 * gl10_w[i] * pow(gl10_x[i], 18);
	CHECK_NEAR(sum18, 2.0 / 19, 1e-15);
	CHECK_NEAR(2 * (gl10_w[0] + gl10_w[1] + gl10_w[2] + gl10_w[3] + gl10_w[4]), 2, 1e-15);

	for (p = 0; p < sizeof(sets) / sizeof(sets[0]); p++)
	{
		const JyParetoNbd *m = &sets[p];

		for (i = 0; i < 150; i++)
		{
			double		x,
						T,
						t_x,
						li,
						d1,
						d2,
						alive,
						c = fmin(m->alpha, m->beta),
						delta = fabs(m->alpha - m->beta);

			g = g * 6364136223846793005ULL + 1442695040888963407ULL;
			x = (double) ((g >> 33) % 41);
			T = 1 + (double) ((g >> 20) % 2140) / 10;
			t_x = x == 0 ? 0 : T * (double) ((g >> 45) % 1000) / 1000;
			li = brute_log_i(m, x, t_x, T);
			d1 = fabs(jy_pnbd_ll_one(m, x, t_x, T) - pnbd_ll_from(m, x, T, li));
			alive = 1 / (1 + exp(log(m->s) + li + (m->r + x) * log(m->alpha + T) +
								 m->s * log(m->beta + T)));
			d2 = fabs(jy_pnbd_p_alive(m, x, t_x, T) / alive - 1);
			if (d1 > 1e-12 || d2 > 1e-12)
				fprintf(stderr, "set %zu x %g t_x %g T %g: ll off by %g, P(alive) by %g\n",
						p, x, t_x, T, d1, d2);
			CHECK(d1 <= 1e-12);
			CHECK(d2 <= 1e-12);
			worst = fmax(worst, fmax(d1, d2));
			all++;
			/* where the expansion is tried (it may decline) */
			if (c + T < delta * delta / (c + delta + t_x))
				expand++;
		}
	}
	fprintf(stderr, "test_btyd: Pareto/NBD with alpha, beta far apart vs 1-D brute force: %d of %d customers where the expansion may apply, worst difference %.1e\n",
			expand, all, worst);
	CHECK(expand > all / 2);

	/*
	 * z = (beta - alpha) / (beta + t_x) = 0.9 at alpha = 20, t_x = 10, beta
	 * = 290, where the expansion does not apply at T = 300 ((alpha + T) /
	 * delta = 320 / 270): 290 - 1e-9 by the tails' series, 290 + 1e-9 and
	 * 290 + 3e-9 by the quadrature; at T = 40 the expansion on all three
	 */
	{
		const JyParetoNbd q[3] = {{0.6, 20, 2, 290 - 1e-9}, {0.6, 20, 2, 290 + 1e-9},
		{0.6, 20, 2, 290 + 3e-9}};
		const double T40[3] = {40, 40, 40},
					T300[3] = {300, 300, 300};

		check_no_step(q, 3, 10, T300);
		check_no_step(q, 3, 10, T40);
		CHECK_NEAR(jy_pnbd_ll_one(&q[1], 3, 10, 40),
				   pnbd_ll_from(&q[1], 3, 40, brute_log_i(&q[1], 3, 10, 40)), 1e-13);
	}

	/*
	 * the expansion hands over to the tails' series where its terms fall
	 * no faster, (alpha + T) / delta = z: at alpha = 20, beta = 110, t_x =
	 * 10 (z = 0.75) that is T = 47.5.  Below z = 0.9 it declines mostly at
	 * its term limit, at no T that a formula gives: a sweep of T across
	 * where it does (alpha = 20, beta = 240, s = 9, t_x = 10: z = 0.88,
	 * declined from T = 105.5 on) against the brute force
	 */
	{
		const JyParetoNbd q[3] = {{0.6, 20, 2, 110}, {0.6, 20, 2, 110}, {0.6, 20, 2, 110}},
					q9 = {0.6, 20, 9, 240};
		const double T[3] = {47.5 - 1e-6, 47.5 + 1e-6, 47.5 + 3e-6};
		double		Tq;

		check_no_step(q, 3, 10, T);
		CHECK_NEAR(jy_pnbd_ll_one(&q[0], 3, 10, T[0]),
				   pnbd_ll_from(&q[0], 3, T[0], brute_log_i(&q[0], 3, 10, T[0])), 1e-13);
		for (Tq = 95; Tq <= 115; Tq += 0.25)
			CHECK_NEAR(jy_pnbd_ll_one(&q9, 3, 10, Tq),
					   pnbd_ll_from(&q9, 3, Tq, brute_log_i(&q9, 3, 10, Tq)), 1e-13);
	}

	/*
	 * the expansion declines past (s + 1) ln(1 / (1 - (alpha + T) / delta))
	 * = 20: at alpha = 20, beta = 2000, s = 30 that is T* = 1980 (1 -
	 * e^(-20/31)) - 20; T* - 1e-6 expanded, T* + 1e-6 and + 3e-6 integrated
	 * (the curvature in T contributes 1e-16)
	 */
	{
		const JyParetoNbd q[3] = {{3, 20, 30, 2000}, {3, 20, 30, 2000}, {3, 20, 30, 2000}};
		double		Ts = 1980 * -expm1(-20.0 / 31) - 20;
		const double T[3] = {Ts - 1e-6, Ts + 1e-6, Ts + 3e-6};

		check_no_step(q, 20, 0, T);
		CHECK_NEAR(jy_pnbd_ll_one(&q[0], 20, 0, T[0]),
				   pnbd_ll_from(&q[0], 20, T[0], brute_log_i(&q[0], 20, 0, T[0])), 1e-12);
	}
}

/* The likelihood by hand, weights, large x, invalid input */
static void
test_pnbd_ll(void)
{
	JyParetoNbd one = {1, 1, 1, 1};
	JyParetoNbd eq = {2, 3, 1, 3};
	JyParetoNbd m = {0.5534, 10.5802, 0.6061, 11.6562};
	JyRfmTriple c[3] = {{0, 0, 1, 2}, {1, 1, 2, 1}, {2, 4, 6, 0.5}};

	/*
	 * r = s = alpha = beta = 1, x = 0, T = 1: lambda and mu exponential;
	 * E[e^-lambda] E[e^-mu] = 1/4, and with S = lambda + mu ~ Gamma(2, 1)
	 * independent of mu / S ~ U(0, 1): E[mu / S (1 - e^-S)] = (1/2) (1 -
	 * 1/4) = 3/8; L = 5/8 (the closed form: K = 1, first term 1/4, A0 = 1 -
	 * 2^-2, s / (r + s + x) A0 = 3/8)
	 */
	CHECK_NEAR(jy_pnbd_ll_one(&one, 0, 0, 1), log(5.0 / 8), 1e-14);
	/*
	 * alpha = beta = 3 (every 2F1 is 1), r = 2, s = 1, x = 2, t_x = 4, T =
	 * 6: K = Gamma(4) / Gamma(2) 3^2 3^1 = 162, L = 162 [9^-5 + (7^-5 -
	 * 9^-5) / 5]
	 */
	CHECK_NEAR(jy_pnbd_ll_one(&eq, 2, 4, 6),
			   log(162 * (pow(9, -5) + (pow(7, -5) - pow(9, -5)) / 5)), 1e-13);
	/* x = 0 is P(X(T) = 0) of a random customer (different code) */
	CHECK_NEAR(jy_pnbd_ll_one(&m, 0, 0, 39), log(jy_pnbd_p_n(&m, 39, 0)), 1e-13);
	CHECK_NEAR(jy_pnbd_ll_one(&one, 0, 0, 1), log(jy_pnbd_p_n(&one, 1, 0)), 1e-14);
	/* weighted sum; a non-integer x goes past the cache */
	CHECK_NEAR(jy_pnbd_ll(&m, c, 3),
			   2 * jy_pnbd_ll_one(&m, 0, 0, 1) + jy_pnbd_ll_one(&m, 1, 1, 2) +
			   0.5 * jy_pnbd_ll_one(&m, 2, 4, 6), 1e-12);
	c[2].x = 2.5;
	CHECK_NEAR(jy_pnbd_ll(&m, c, 3),
			   2 * jy_pnbd_ll_one(&m, 0, 0, 1) + jy_pnbd_ll_one(&m, 1, 1, 2) +
			   0.5 * jy_pnbd_ll_one(&m, 2.5, 4, 6), 1e-12);
	/* the likelihood is continuous across x (lgamma) */
	CHECK(jy_pnbd_ll_one(&m, 2.5, 4, 6) < jy_pnbd_ll_one(&m, 2, 4, 6));
	/*
	 * terms far below a double's range stay finite, and against the closed
	 * form worked with 50-digit 2F1 (mpmath, hyp2f1 and the alpha < beta
	 * A0 of btyd.h): with (r, alpha, s, beta) = (0.55, 10.58, 0.61, 11.66),
	 * x = 1000 at t_x = 360, T = 365 gives -18.001046907840936
	 */
	{
		JyParetoNbd m2 = {0.55, 10.58, 0.61, 11.66};

		CHECK_NEAR(jy_pnbd_ll_one(&m2, 1000, 360, 365), -18.001046907840936, 1e-11);
		CHECK_NEAR(jy_pnbd_p_alive(&m2, 1000, 360, 365), 0.0024442810802040918, 1e-14);
	}
	CHECK(isfinite(jy_pnbd_ll_one(&m, 1e6, 3000, 3000)));
	/* the same in the quadrature regime: alpha >> beta, 0.5 < z */
	{
		JyParetoNbd q = {0.5, 1000, 0.8, 0.001};

		CHECK_NEAR(jy_pnbd_ll_one(&q, 1000, 360, 365), -1321.0994814357173, 1e-9);
		CHECK_NEAR(jy_pnbd_ll_one(&q, 200, 300, 365), -588.32204010708069, 1e-10);
		/* z = 1 - 1e-12 at t_x = 0: still finite, below the t_x = 1e-3 value */
		q.alpha = 1e6;
		q.beta = 1e-6;
		CHECK(isfinite(jy_pnbd_ll_one(&q, 0, 0, 5)));
		CHECK(isfinite(jy_pnbd_p_alive(&q, 0, 0, 5)));
	}
	/*
	 * no step where the series hands over to the quadrature (z = 0.5 at t_x
	 * = 1, alpha = 10: beta = 4.5): beta = 4.5 - 1e-9 is integrated, 4.5 +
	 * 1e-9 and 4.5 + 3e-9 summed, and the second difference of the three
	 * is 0 but for a step (the curvature contributes 1e-17)
	 */
	{
		const JyParetoNbd q[3] = {{0.6, 10, 0.7, 4.5 - 1e-9}, {0.6, 10, 0.7, 4.5 + 1e-9},
		{0.6, 10, 0.7, 4.5 + 3e-9}};
		const double T[3] = {20, 20, 20};

		check_no_step(q, 3, 1, T);
	}
	{
		JyParetoNbd bad = {-1, 1, 1, 1},
					inf = {1, INFINITY, 1, 1};

		CHECK(jy_pnbd_ll(&bad, c, 3) == -INFINITY);
		CHECK(jy_pnbd_ll_one(&inf, 0, 0, 1) == -INFINITY);
		CHECK(isnan(jy_pnbd_ll_one(&m, -1, 0, 1)));
		CHECK(isnan(jy_pnbd_ll_one(&m, 1, 2, 1)));
		CHECK(isnan(jy_pnbd_ll_one(&m, 1, -1, 1)));
		CHECK(isnan(jy_pnbd_ll_one(&m, 1, 0, INFINITY)));
		c[1].t_x = 3;
		CHECK(isnan(jy_pnbd_ll(&m, c, 3)));
	}
}

/* Scores: hand values, limits, sums, monotonicity, CLV, the simulator */
static void
test_pnbd_scoring(void)
{
	JyParetoNbd m = {0.5534, 10.5802, 0.6061, 11.6562};
	JyParetoNbd one = {1, 1, 1, 1};
	JyParetoNbd two = {1, 1, 2, 1};
	double		prev,
				sum,
				mean;
	int			n,
				k;

	/* P(alive): 2/5 for the exponential case (1/4 of L = 5/8) */
	CHECK_NEAR(jy_pnbd_p_alive(&one, 0, 0, 1), 0.4, 1e-14);
	/* bought at the end of the observation: alive for sure */
	CHECK(jy_pnbd_p_alive(&m, 4, 39, 39) == 1);
	CHECK(jy_pnbd_p_alive(&m, 0, 0, 0) == 1);
	/* x = 0 is not alive for sure (unlike BG/NBD), and less so with age */
	prev = 1;
	for (k = 1; k <= 64; k *= 2)
	{
		double		p = jy_pnbd_p_alive(&m, 0, 0, k);

		CHECK(p < prev && p > 0);
		prev = p;
	}
	/* a later last purchase means more likely alive */
	CHECK(jy_pnbd_p_alive(&m, 4, 30, 39) > jy_pnbd_p_alive(&m, 4, 20, 39));

	/*
	 * E[X(t)]: r = alpha = beta = 1, s = 2: r beta / (alpha (s - 1)) [1 -
	 * beta / (beta + t)] = t / (1 + t); s = 1: r beta / alpha ln(1 + t /
	 * beta) = ln(1 + t)
	 */
	CHECK_NEAR(jy_pnbd_expected(&two, 3), 0.75, 1e-15);
	CHECK_NEAR(jy_pnbd_expected(&one, 3), log(4.0), 1e-15);
	/* s next to 1 joins the s = 1 limit smoothly */
	{
		JyParetoNbd near = {1, 1, 1 + 1e-9, 1};

		CHECK_NEAR(jy_pnbd_expected(&near, 3), log(4.0), 1e-8);
		CHECK(jy_pnbd_expected(&near, 3) < log(4.0));
	}
	/* a new customer: the conditional expectation at x = t_x = T = 0 */
	CHECK_NEAR(jy_pnbd_expected_conditional(&m, 0, 0, 0, 20), jy_pnbd_expected(&m, 20), 1e-14);
	CHECK(jy_pnbd_expected(&m, 0) == 0);
	CHECK(jy_pnbd_expected_conditional(&m, 2, 4, 6, 0) == 0);
	CHECK(isnan(jy_pnbd_expected(&m, -1)));
	CHECK(isnan(jy_pnbd_expected_conditional(&m, 2, 4, 6, -1)));
	/*
	 * E[Y(t) | x, t_x, T] by hand with one, x = 0, T = 1: P(alive) = 2/5,
	 * (r + x) / (alpha + T) (beta + T) ln(1 + t / (beta + T)) = ln 2 at t =
	 * 2
	 */
	CHECK_NEAR(jy_pnbd_expected_conditional(&one, 0, 0, 1, 2), 0.4 * log(2.0), 1e-14);
	/* E[Y(t)] increases with t, and less than linearly */
	prev = 0;
	for (k = 1; k <= 52; k++)
	{
		double		e = jy_pnbd_expected_conditional(&m, 4, 30, 39, k);

		CHECK(e > prev);
		CHECK(e - prev <= jy_pnbd_expected_conditional(&m, 4, 30, 39, 1) * (1 + 1e-12));
		prev = e;
	}

	/* P(X(t) = n): against Fader and Hardie's closed form, sums to 1, mean E[X(t)] */
	for (k = 0; k < 4; k++)
	{
		const JyParetoNbd *p = &pnbd_sets[k];

		for (n = 0; n <= 6; n++)
		{
			if (fabs(jy_pnbd_p_n(p, 10, n) / pnbd_p_n_closed(p, 10, n) - 1) > 1e-11)
				fprintf(stderr, "set %d: P(X(10) = %d) %.17g, closed form %.17g\n",
						k, n, jy_pnbd_p_n(p, 10, n), pnbd_p_n_closed(p, 10, n));
			CHECK_NEAR(jy_pnbd_p_n(p, 10, n) / pnbd_p_n_closed(p, 10, n), 1, 1e-11);
		}
	}
	pmf_sums(pnbd_pmf, &m, 39, 3000, &sum, &mean);
	CHECK_NEAR(sum, 1, 1e-12);
	CHECK_NEAR(mean / jy_pnbd_expected(&m, 39), 1, 1e-9);
	CHECK(jy_pnbd_p_n(&m, 39, -1) == 0);
	CHECK(jy_pnbd_p_n(&m, 0, 0) == 1 && jy_pnbd_p_n(&m, 0, 3) == 0);
	CHECK(isnan(jy_pnbd_p_n(&m, -1, 0)));
	/* far tails stay positive and tiny, not cancelled to noise or below 0 */
	CHECK(jy_pnbd_p_n(&m, 0.01, 40) > 0 && jy_pnbd_p_n(&m, 0.01, 40) < 1e-60);

	check_clv(pnbd_clv, pnbd_cond, &m, 4, 30, 39);

	/* the simulator: E[X(39)] and P(X(39) = 0), 4 standard errors */
	check_simulator(pnbd_sim, &m, 4242, 39, jy_pnbd_expected(&m, 39), jy_pnbd_p_n(&m, 39, 0));
}

/*
 * Recover Pareto/NBD parameters (the CDNOW estimates of Fader and Hardie)
 * from 20,000 simulated customers of a 12-week cohort observed to week 39,
 * times rounded up to days, collapsed into weighted triples
 */
static void
test_pnbd_recovery(void)
{
	const JyParetoNbd truth = {0.5534, 10.5802, 0.6061, 11.6562};
	const double tp[4] = {0.5534, 10.5802, 0.6061, 11.6562};
	size_t		n = 20000,
				k,
				i;
	JyRfmTriple *c = malloc(sizeof(JyRfmTriple) * n);
	JyRng		g = {20261202};
	JyFit		fit;
	clock_t		t0;

	for (i = 0; i < n; i++)
	{
		double		T = (273 - (int) (84 * jy_rng_uniform(&g))) / 7.0;

		c[i] = jy_pnbd_simulate(&g, &truth, T);
		if (c[i].x > 0)
			c[i].t_x = fmin(ceil(c[i].t_x * 7), T * 7) / 7;
	}
	k = jy_btyd_collapse(c, n, &unit_mem);
	t0 = clock();
	CHECK(jy_pnbd_fit(c, k, NULL, &unit_mem, &fit) == JY_OK);
	fprintf(stderr, "test_btyd: Pareto/NBD fit of %zu customers (%zu triples): r %.4f (%.4f) alpha %.3f (%.3f) s %.4f (%.4f) beta %.3f (%.3f), LL %.1f, %d evaluations, %.2f s\n",
			n, k, fit.par[0], fit.se[0], fit.par[1], fit.se[1], fit.par[2], fit.se[2],
			fit.par[3], fit.se[3], fit.ll, fit.evals, (double) (clock() - t0) / CLOCKS_PER_SEC);
	check_recovery(&fit, tp, 20000, jy_pnbd_ll(&truth, c, k));
	check_rfm_fit_errors(jy_pnbd_fit);
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
	test_pnbd_ll();
	test_pnbd_vs_integration();
	test_pnbd_expansion();
	test_pnbd_scoring();
	test_pnbd_recovery();
	return unit_summary("test_btyd");
}
