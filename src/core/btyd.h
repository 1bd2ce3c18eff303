/*
 * btyd.h -- "buy till you die" customer-base models: BG/NBD (Fader, Hardie
 * and Lee 2005, "Counting your customers the easy way") and Gamma-Gamma
 * spend (Fader, Hardie and Lee 2005, "RFM and CLV"; Colombo and Jiang
 * 1999), Pareto/NBD (Schmittlein, Morrison and Colombo 1987): log-likelihoods, a Nelder-Mead maximum-likelihood fitter with
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
 * before every evaluation (m may be NULL).  JY_ERR_BAD_PARAMETER for npar
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
 * a weight is negative or no weight positive, or a triple is invalid
 * (jy_btyd_row_reason of btydrows.h: the same rule as the SQL fits).
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

/* ---------- Pareto/NBD ---------- */

/*
 * Pareto/NBD (Schmittlein, Morrison and Colombo 1987, "Counting your
 * customers: who are they and what will they do next?", Management
 * Science 33(1)); the expressions below are those of Fader and Hardie
 * (2005), "A note on deriving the Pareto/NBD model and related
 * expressions" (Hardie's note 009), and Fader and Hardie, "Deriving an
 * expression for P(X(t) = x) under the Pareto/NBD model" (note 012, 2006,
 * revised 2020), each rederived here and checked
 * against a 2-D numerical integration over (lambda, mu) in
 * test/unit/test_btyd.c.
 *
 * Individual level: while alive a customer buys as a Poisson process of
 * rate lambda; his lifetime is exponential of rate mu; lambda ~ Gamma(r,
 * alpha), mu ~ Gamma(s, beta) (shape, rate), independent.  A customer
 * with x repeat purchases in (0, T], the last at t_x, has
 *   L(lambda, mu) = lambda^x e^-(lambda + mu) T
 *                   + lambda^x mu / (lambda + mu) [e^-(lambda + mu) t_x - e^-(lambda + mu) T].
 *
 * Likelihood.  Integrating the second term over the dropout time tau in
 * (t_x, T] first gives, with K = Gamma(r + x) alpha^r beta^s / Gamma(r),
 *   L = K [ (alpha + T)^-(r + x) (beta + T)^-s + s I ],
 *   I = int_{t_x}^{T} (alpha + tau)^-(r + x) (beta + tau)^-(s + 1) dtau,
 * which is Fader and Hardie's (2005) form
 *   L = K [ 1 / ((alpha + T)^(r + x) (beta + T)^s) + s / (r + s + x) A0 ]
 * with A0 = (r + s + x) I; for alpha >= beta
 *   A0 = F(r+s+x, s+1; r+s+x+1; (alpha-beta)/(alpha+t_x)) / (alpha+t_x)^(r+s+x)
 *      - F(r+s+x, s+1; r+s+x+1; (alpha-beta)/(alpha+T)) / (alpha+T)^(r+s+x)
 * and for alpha < beta
 *   A0 = F(r+s+x, r+x; r+s+x+1; (beta-alpha)/(beta+t_x)) / (beta+t_x)^(r+s+x)
 *      - F(r+s+x, r+x; r+s+x+1; (beta-alpha)/(beta+T)) / (beta+T)^(r+s+x)
 * (F = 2F1).  These F grow like (1 - z)^-b (b = s + 1 or r + x, large for
 * large x), so the code uses Euler's transformation F(a, b; c; z) = (1 -
 * z)^(c-a-b) F(c-a, c-b; c; z), which makes I = G(t_x) - G(T) with the
 * tails G(y) = int_y^inf of the same integrand:
 *   alpha >= beta: G(y) = (alpha+y)^-(r+x) (beta+y)^-s F(1, r+x; r+s+x+1; z) / (r+s+x),
 *                  z = (alpha - beta) / (alpha + y)
 *   alpha <  beta: G(y) = (alpha+y)^-(r+x-1) (beta+y)^-(s+1) F(1, s+1; r+s+x+1; z) / (r+s+x),
 *                  z = (beta - alpha) / (beta + y)
 * whose series have positive terms decreasing at least as fast as z^k
 * (1 <= F <= 1 / (1 - z)), summed in logs.  z approaches 1 when min(alpha,
 * beta) + t_x is small against max(alpha, beta) + t_x (alpha >> beta and
 * t_x = 0, say): there the series would need 40 / (1 - z) terms.  I is
 * then first tried as an expansion in v / delta, v = min(alpha, beta) +
 * tau, delta = |alpha - beta|, each term integrated exactly (used when
 * (min(alpha, beta) + T) / delta is below z, its coefficients stay below
 * e^20, its alternating sum cancels by less than 256 times and it ends
 * within 400 terms with a proven bound); else the series while z <= 0.9;
 * else I is integrated numerically (adaptive Gauss-Kronrod 7/15 in u =
 * ln(min(alpha, beta) + tau), where the integrand is log-concave and
 * smooth at every scale, to a relative 1e-13).
 *
 * P(alive | x, t_x, T) = 1 / (1 + s I (alpha + T)^(r+x) (beta + T)^s)
 *                      = 1 / (1 + s / (r+s+x) (alpha+T)^(r+x) (beta+T)^s A0)
 * (Fader and Hardie 2005); it is 1 when t_x = T, and below 1
 * otherwise, also for x = 0 (unlike BG/NBD).
 *
 * E[Y(t) | x, t_x, T], purchases in (T, T + t] (Fader and Hardie 2005):
 *   (r + x) (beta + T) / ((alpha + T) (s - 1)) [1 - ((beta + T) / (beta + T + t))^(s - 1)] P(alive),
 * valid for every s > 0 (it is E[lambda] E[(1 - e^-mu t) / mu] under the
 * posterior given alive); computed as (r + x) / (alpha + T) (beta + T)
 * expm1((1 - s) L) / (1 - s) P(alive) with L = log1p(t / (beta + T)), which
 * tends to (r + x) (beta + T) / (alpha + T) L P(alive) at s = 1.
 *
 * E[X(t)] of a new customer: r beta / (alpha (s - 1)) [1 - (beta / (beta + t))^(s - 1)]
 * (the same with x = 0, T = 0, P(alive) = 1; Schmittlein et al. 1987).
 *
 * P(X(t) = n), a random customer: integrating the individual
 *   (lambda t)^n e^-(lambda + mu) t / n!
 *   + lambda^n mu / (lambda + mu)^(n+1) [1 - e^-(lambda + mu) t sum_{i=0}^{n} ((lambda + mu) t)^i / i!]
 * (its second term is int_0^t mu e^-mu tau (lambda tau)^n e^-lambda tau / n! dtau) gives
 *   P = Gamma(r+n) / (Gamma(r) n!) [ (alpha/(alpha+t))^r (t/(alpha+t))^n (beta/(beta+t))^s
 *       + alpha^r s beta^s int_0^t tau^n (alpha+tau)^-(r+n) (beta+tau)^-(s+1) dtau ],
 * computed so (the integral numerically, as above: every term positive).
 * Fader and Hardie's closed form (note 012) of the same,
 *   first term + alpha^r beta^s B(r+n, s+1) / B(r, s)
 *                [B1 - sum_{i=0}^{n} Gamma(r+s+i) / (Gamma(r+s) i!) t^i B2(i)],
 *   alpha >= beta: B1 = F(r+s, s+1; r+s+n+1; (alpha-beta)/alpha) / alpha^(r+s),
 *                  B2(i) = F(r+s+i, s+1; r+s+n+1; (alpha-beta)/(alpha+t)) / (alpha+t)^(r+s+i)
 *   alpha <  beta: B1 = F(r+s, r+n; r+s+n+1; (beta-alpha)/beta) / beta^(r+s),
 *                  B2(i) = F(r+s+i, r+n; r+s+n+1; (beta-alpha)/(beta+t)) / (beta+t)^(r+s+i),
 * subtracts nearly equal numbers when t is small or n large; the unit test
 * checks the code against it where it is accurate.
 */
typedef struct JyParetoNbd
{
	double		r,
				alpha,
				s,
				beta;
} JyParetoNbd;

/*
 * Pareto/NBD log-likelihood of one customer (weight ignored); -Inf for
 * parameters not positive and finite, NaN for an invalid customer (x < 0,
 * t_x < 0, t_x > T, or one not finite)
 */
extern double jy_pnbd_ll_one(const JyParetoNbd *m, double x, double t_x, double T);

/* Weighted Pareto/NBD log-likelihood of c[0..n); -Inf for invalid parameters */
extern double jy_pnbd_ll(const JyParetoNbd *m, const JyRfmTriple *c, size_t n);

/*
 * Fit Pareto/NBD (par = r, alpha, s, beta) to c[0..n) from three starting
 * points scaled by the data, by jy_fit_minimize; the same validation and
 * errors as jy_bgnbd_fit
 */
extern JyStatus jy_pnbd_fit(const JyRfmTriple *c, size_t n,
							const JyFitOptions *o, const JyMem *m, JyFit *out);

/*
 * P(alive | x, t_x, T) (above); NaN for invalid parameters or customer
 * (as jy_pnbd_ll_one) or where it cannot be computed
 */
extern double jy_pnbd_p_alive(const JyParetoNbd *m, double x, double t_x, double T);

/*
 * Expected purchases in (T, T + t] given (x, t_x, T) (above); 0 for t = 0;
 * NaN for t < 0 and where jy_pnbd_p_alive is NaN
 */
extern double jy_pnbd_expected_conditional(const JyParetoNbd *m, double x,
										   double t_x, double T, double t);

/* Expected purchases in (0, t] of a new customer (above); NaN for t < 0 */
extern double jy_pnbd_expected(const JyParetoNbd *m, double t);

/*
 * P(X(t) = n) for a random customer (above): 0 for n < 0; for t = 0, 1 at
 * n = 0 and 0 otherwise; NaN for t < 0 or invalid parameters
 */
extern double jy_pnbd_p_n(const JyParetoNbd *m, double t, int n);

/*
 * Discounted CLV over horizon periods, with jy_pnbd_expected_conditional
 * in the discrete discounting of jy_bgnbd_clv (one shared loop)
 */
extern double jy_pnbd_clv(const JyParetoNbd *m, double x, double t_x, double T,
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
 * One Pareto/NBD customer observed for T: lambda ~ Gamma(r, alpha), mu ~
 * Gamma(s, beta), a lifetime exponential of rate mu, purchases a Poisson
 * process of rate lambda while alive (within T); weight 1
 */
extern JyRfmTriple jy_pnbd_simulate(JyRng *g, const JyParetoNbd *m, double T);

/*
 * Mean spend of a customer with x purchases: nu ~ Gamma(q, gamma), the
 * mean of x Gamma(p, nu) spends, which is Gamma(p x, nu x)
 */
extern double jy_gg_simulate(JyRng *g, const JyGammaGamma *m, double x);

#endif							/* JY_BTYD_H */
