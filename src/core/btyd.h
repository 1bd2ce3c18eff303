/*
 * btyd.h -- "buy till you die" customer-base models: BG/NBD (Fader, Hardie
 * and Lee 2005, "Counting your customers the easy way") and Gamma-Gamma
 * spend (Fader, Hardie and Lee 2005, "RFM and CLV"; Colombo and Jiang
 * 1999): log-likelihoods, a Nelder-Mead maximum-likelihood fitter with
 * standard errors from a numerical Hessian, scoring (expected purchases,
 * P(alive), P(X(t) = n), expected spend, discounted CLV), the Gauss
 * hypergeometric function, and a deterministic simulator for tests
 */
#ifndef JY_BTYD_H
#define JY_BTYD_H

#include "jy.h"

/*
 * Customers' sufficient statistics: x repeat purchases, recency t_x (time
 * of the last repeat purchase, 0 when x = 0), age T (0 <= t_x <= T), in
 * time units; weight customers share the triple
 */
typedef struct JyRfmTriple
{
	double		x,
				t_x,
				T;
	double		weight;
} JyRfmTriple;

/* Spend of a customer with x >= 1 repeat purchases of mean value mean_spend */
typedef struct JySpendTriple
{
	double		x;
	double		mean_spend;
	double		weight;
} JySpendTriple;

/* BG/NBD parameters: purchase rate ~ Gamma(r, alpha), dropout ~ Beta(a, b) */
typedef struct JyBgnbd
{
	double		r,
				alpha,
				a,
				b;
} JyBgnbd;

/* Gamma-Gamma parameters: spend ~ Gamma(p, nu), nu ~ Gamma(q, gamma) */
typedef struct JyGammaGamma
{
	double		p,
				q,
				gamma;
} JyGammaGamma;

/* Most parameters any model fitted by jy_fit_minimize has */
#define JY_FIT_MAX_PAR 4

/* Options of the optimiser; jy_fit_default_options fills the defaults */
typedef struct JyFitOptions
{
	int			max_evals;		/* cap on objective evaluations, all starts */
	double		ftol;			/* relative change of the objective */
	double		xtol;			/* simplex size in log-parameters */
} JyFitOptions;

/* Defaults: 20000 evaluations, ftol 1e-10, xtol 1e-7 */
extern void jy_fit_default_options(JyFitOptions *o);

/* Result of a fit; par, se and cov are in the model's natural parameters */
typedef struct JyFit
{
	int			npar;
	double		par[JY_FIT_MAX_PAR];
	double		ll;				/* log-likelihood at par */
	double		se[JY_FIT_MAX_PAR];	/* sqrt of cov's diagonal */
	double		cov[JY_FIT_MAX_PAR * JY_FIT_MAX_PAR];	/* inverse Hessian */
	double		customers;		/* sum of weights */
	int			evals;			/* objective evaluations, Hessian included */
	bool		converged;		/* simplex and objective met the tolerances */
	bool		hessian_ok;		/* Hessian positive definite: se, cov set */
} JyFit;

/*
 * Objective to minimise, at positive natural parameters par[0..npar); may
 * return +Inf or NaN where undefined (treated as +Inf)
 */
typedef double (*JyObjective) (const double *par, void *ctx);

/*
 * Minimise f over positive parameters by Nelder-Mead on their logarithms,
 * from each of nstarts starting points starts[k * npar ..], each run
 * restarted from its best point until a restart no longer improves it; the
 * best point over all runs is returned in out (ll = -f).  converged is
 * false when the evaluation cap stopped a run before its tolerances were
 * met or f was not finite at the best point.  Then the Hessian of f at the
 * best point by central differences (steps 1e-4 of each parameter) gives
 * cov (its inverse, by Cholesky) and se; hessian_ok is false, and se and
 * cov NaN, when it is not positive definite.  Calls m's interrupt hook
 * every 64 evaluations (m may be NULL).  JY_ERR_BAD_PARAMETER for npar
 * outside 1..JY_FIT_MAX_PAR, no start, or a start not positive.
 */
extern JyStatus jy_fit_minimize(JyObjective f, void *ctx, int npar,
								const double *starts, int nstarts,
								const JyFitOptions *o, const JyMem *m,
								JyFit *out);

/*
 * Gauss hypergeometric 2F1(a, b; c; z) for c > 0 and -1e6 <= z <= 1 - 1e-8:
 * the power series for 0 <= z < 1, summed until the bound term rho / (1 -
 * rho) of the remainder (rho the larger of the last term ratio and z) is
 * below 1e-17 of the sum, at most 5e7 terms (enough for z up to about
 * 1 - 1e-6); Pfaff's transformation (1 - z)^-a 2F1(a, c - b; c; z / (z -
 * 1)) for z < 0.  With a, b, c > 0 every term is positive, so the relative
 * error is a few ulps times the number of terms (below 1e-12 at z = 0.999
 * in the tests).  The BG/NBD scores use z = t / (alpha + T + t), so z near
 * 1 only for horizons millions of times alpha + T.  NaN outside the range
 * or when the series did not converge.
 */
extern double jy_hyp2f1(double a, double b, double c, double z);

/* ln B(a, b) */
extern double jy_log_beta(double a, double b);

/* BG/NBD log-likelihood of one customer (weight ignored) */
extern double jy_bgnbd_ll_one(const JyBgnbd *m, double x, double t_x, double T);

/* Weighted BG/NBD log-likelihood of c[0..n); -Inf for invalid parameters */
extern double jy_bgnbd_ll(const JyBgnbd *m, const JyRfmTriple *c, size_t n);

/*
 * Fit BG/NBD (par = r, alpha, a, b) to c[0..n) from three starting points
 * scaled by the data (o NULL: defaults).  JY_ERR_BAD_PARAMETER when n is 0,
 * a weight is negative or no weight positive, or a triple is invalid (x <
 * 0, t_x < 0, t_x > T, or x > 0 with t_x = 0).
 */
extern JyStatus jy_bgnbd_fit(const JyRfmTriple *c, size_t n,
							 const JyFitOptions *o, const JyMem *m, JyFit *out);

/* Gamma-Gamma log-likelihood of one customer (x >= 1, mean_spend > 0) */
extern double jy_gg_ll_one(const JyGammaGamma *m, double x, double mean_spend);

/* Weighted Gamma-Gamma log-likelihood of c[0..n) */
extern double jy_gg_ll(const JyGammaGamma *m, const JySpendTriple *c, size_t n);

/*
 * Fit Gamma-Gamma (par = p, q, gamma) to c[0..n); JY_ERR_BAD_PARAMETER
 * when n is 0, no weight is positive, or a triple has x < 1, a weight < 0
 * or mean_spend <= 0
 */
extern JyStatus jy_gg_fit(const JySpendTriple *c, size_t n,
						  const JyFitOptions *o, const JyMem *m, JyFit *out);

/*
 * P(alive | x, t_x, T) = 1 / (1 + [x > 0] a / (b + x - 1)
 * ((alpha + T) / (alpha + t_x))^(r + x)); 1 when x = 0
 */
extern double jy_bgnbd_p_alive(const JyBgnbd *m, double x, double t_x, double T);

/*
 * Expected purchases in (T, T + t] given (x, t_x, T) (paper's eq. 10):
 * (a + b + x - 1) / (a - 1) [1 - ((alpha + T) / (alpha + T + t))^(r + x)
 * 2F1(r + x, b + x; a + b + x - 1; t / (alpha + T + t))] / (1 + [x > 0]
 * a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)); 0 for t = 0; NaN
 * for a = 1 or where 2F1 is NaN
 */
extern double jy_bgnbd_expected_conditional(const JyBgnbd *m, double x,
											double t_x, double T, double t);

/*
 * Expected purchases in (0, t] of a new customer (eq. 9): (a + b - 1) /
 * (a - 1) [1 - (alpha / (alpha + t))^r 2F1(r, b; a + b - 1; t / (alpha + t))]
 */
extern double jy_bgnbd_expected(const JyBgnbd *m, double t);

/* P(X(t) = n) for a random customer (eq. 8), n >= 0 */
extern double jy_bgnbd_p_n(const JyBgnbd *m, double t, int n);

/*
 * Expected spend per purchase given x purchases of mean z:
 * (gamma + x z) p / (p x + q - 1); the population mean p gamma / (q - 1)
 * for x = 0; NaN for q <= 1
 */
extern double jy_gg_expected_spend(const JyGammaGamma *m, double x, double z);

/*
 * Discounted CLV over horizon periods of the time unit: the sum over k =
 * 1..horizon of (E[Y(k)] - E[Y(k - 1)]) spend / (1 + discount)^k, with E[Y]
 * jy_bgnbd_expected_conditional: a period's purchases are discounted at
 * the period's end (a discrete approximation of the continuous form)
 */
extern double jy_bgnbd_clv(const JyBgnbd *m, double x, double t_x, double T,
						   double spend, int horizon, double discount);

/* ---------- deterministic simulator (tests) ---------- */

/* A splitmix64 generator */
typedef struct JyRng
{
	uint64_t	state;
} JyRng;

/* Uniform in (0, 1) */
extern double jy_rng_uniform(JyRng *g);

/* Gamma(shape, rate 1) by Marsaglia-Tsang (shape < 1 boosted) */
extern double jy_rng_gamma(JyRng *g, double shape);

/* Beta(a, b) as a ratio of gammas */
extern double jy_rng_beta(JyRng *g, double a, double b);

/*
 * One BG/NBD customer observed for T: lambda ~ Gamma(r, alpha), p ~
 * Beta(a, b), purchases a Poisson process of rate lambda, dropping out
 * with probability p after each repeat purchase; weight 1
 */
extern JyRfmTriple jy_bgnbd_simulate(JyRng *g, const JyBgnbd *m, double T);

/*
 * Mean spend of a customer with x purchases: nu ~ Gamma(q, gamma), the
 * mean of x Gamma(p, nu) spends, which is Gamma(p x, nu x)
 */
extern double jy_gg_simulate(JyRng *g, const JyGammaGamma *m, double x);

#endif							/* JY_BTYD_H */
