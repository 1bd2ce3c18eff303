/*
 * btyd.c -- BG/NBD and Gamma-Gamma models: likelihoods, fitting, scoring,
 * the Gauss hypergeometric function and a simulator (see btyd.h)
 */
#include "btyd.h"
#include "btydrows.h"

#include <math.h>
#include <string.h>

/* ---------- special functions ---------- */

/* ln B(a, b) */
double
jy_log_beta(double a, double b)
{
	return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/* The power series of 2F1 for 0 <= z < 1; NaN when it does not converge */
static double
hyp2f1_series(double a, double b, double c, double z)
{
	double		term = 1,
				sum = 1;
	long		k;

	for (k = 0; k < 50000000L; k++)
	{
		double		ratio = (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
		double		rho;

		term *= ratio;
		sum += term;
		if (!isfinite(sum))
			break;

		/*
		 * The ratio of successive terms tends to z monotonically from some
		 * k on, so once it is below 1 the rest of the series is at most
		 * term rho / (1 - rho) with rho the larger of the ratio and z
		 */
		rho = fabs(ratio) > fabs(z) ? fabs(ratio) : fabs(z);
		if (rho < 1 && fabs(term) * rho / (1 - rho) <= 1e-17 * fabs(sum))
			return sum;
	}
	return NAN;
}

/* Gauss hypergeometric 2F1(a, b; c; z) (range and accuracy in btyd.h) */
double
jy_hyp2f1(double a, double b, double c, double z)
{
	if (!(c > 0) || !isfinite(a) || !isfinite(b) || !(z >= -1e6) || !(z <= 1 - 1e-8))
		return NAN;
	if (z == 0)
		return 1;
	if (z > 0)
		return hyp2f1_series(a, b, c, z);
	/* Pfaff: z / (z - 1) lies in (0, 1) */
	return pow(1 - z, -a) * hyp2f1_series(a, c - b, c, z / (z - 1));
}

/* ln(e^u + e^v) without overflow or underflow */
static double
log_sum_exp(double u, double v)
{
	double		hi = u > v ? u : v,
				lo = u > v ? v : u;

	if (hi == -INFINITY)
		return -INFINITY;
	return hi + log1p(exp(lo - hi));
}

/* ---------- BG/NBD likelihood ---------- */

/* Are the BG/NBD parameters positive and finite? */
static bool
bgnbd_valid(const JyBgnbd *m)
{
	return m->r > 0 && m->alpha > 0 && m->a > 0 && m->b > 0 &&
		isfinite(m->r) && isfinite(m->alpha) && isfinite(m->a) && isfinite(m->b);
}

/*
 * The parts of one customer's log-likelihood that depend only on x: k1 for
 * the alive term, k2 for the dropped-out term (x > 0)
 */
static void
bgnbd_x_terms(const JyBgnbd *m, double x, double lb_ab, double *k1, double *k2)
{
	double		common = lgamma(m->r + x) - lgamma(m->r) + m->r * log(m->alpha);

	*k1 = common + jy_log_beta(m->a, m->b + x) - lb_ab;
	*k2 = x > 0 ? common + jy_log_beta(m->a + 1, m->b + x - 1) - lb_ab : -INFINITY;
}

/* One customer's log-likelihood from its x terms */
static double
bgnbd_ll_terms(const JyBgnbd *m, double k1, double k2, double x, double t_x, double T)
{
	double		u = k1 - (m->r + x) * log(m->alpha + T);
	double		v = x > 0 ? k2 - (m->r + x) * log(m->alpha + t_x) : -INFINITY;

	return log_sum_exp(u, v);
}

/* BG/NBD log-likelihood of one customer */
double
jy_bgnbd_ll_one(const JyBgnbd *m, double x, double t_x, double T)
{
	double		k1,
				k2;

	if (!bgnbd_valid(m))
		return -INFINITY;
	bgnbd_x_terms(m, x, jy_log_beta(m->a, m->b), &k1, &k2);
	return bgnbd_ll_terms(m, k1, k2, x, t_x, T);
}

/* Cache of the x terms for integer x below this */
#define BTYD_X_CACHE 256

/* Weighted BG/NBD log-likelihood */
double
jy_bgnbd_ll(const JyBgnbd *m, const JyRfmTriple *c, size_t n)
{
	double		k1c[BTYD_X_CACHE],
				k2c[BTYD_X_CACHE];
	bool		have[BTYD_X_CACHE] = {false};
	double		lb_ab,
				sum = 0;
	size_t		i;

	if (!bgnbd_valid(m))
		return -INFINITY;
	lb_ab = jy_log_beta(m->a, m->b);
	for (i = 0; i < n; i++)
	{
		double		x = c[i].x,
					k1,
					k2;

		if (c[i].weight == 0)
			continue;
		if (x < BTYD_X_CACHE && x == floor(x))
		{
			int			xi = (int) x;

			if (!have[xi])
			{
				bgnbd_x_terms(m, x, lb_ab, &k1c[xi], &k2c[xi]);
				have[xi] = true;
			}
			k1 = k1c[xi];
			k2 = k2c[xi];
		}
		else
			bgnbd_x_terms(m, x, lb_ab, &k1, &k2);
		sum += c[i].weight * bgnbd_ll_terms(m, k1, k2, x, c[i].t_x, c[i].T);
	}
	return sum;
}

/* ---------- Gamma-Gamma likelihood ---------- */

/* Gamma-Gamma log-likelihood of one customer */
double
jy_gg_ll_one(const JyGammaGamma *m, double x, double z)
{
	double		px = m->p * x;

	if (!(m->p > 0 && m->q > 0 && m->gamma > 0) || !isfinite(px) ||
		!isfinite(m->q) || !isfinite(m->gamma))
		return -INFINITY;
	return lgamma(px + m->q) - lgamma(px) - lgamma(m->q) + m->q * log(m->gamma) +
		(px - 1) * log(z) + px * log(x) - (px + m->q) * log(m->gamma + x * z);
}

/* Weighted Gamma-Gamma log-likelihood */
double
jy_gg_ll(const JyGammaGamma *m, const JySpendTriple *c, size_t n)
{
	double		sum = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		if (c[i].weight != 0)
			sum += c[i].weight * jy_gg_ll_one(m, c[i].x, c[i].mean_spend);
	return sum;
}

/* ---------- the optimiser ---------- */

/* Default options */
void
jy_fit_default_options(JyFitOptions *o)
{
	o->max_evals = 20000;
	o->ftol = 1e-10;
	o->xtol = 1e-7;
}

/* The state of one minimisation: objective, counters, interrupt hook */
typedef struct FitRun
{
	JyObjective f;
	void	   *ctx;
	int			n;
	int			evals;
	int			max_evals;
	const JyMem *m;
} FitRun;

/* f at the exponentials of the log-parameters lp; +Inf for NaN */
static double
fit_eval(FitRun *run, const double *lp)
{
	double		par[JY_FIT_MAX_PAR];
	double		v;
	int			i;

	for (i = 0; i < run->n; i++)
		par[i] = exp(lp[i]);
	run->evals++;
	/* one evaluation sums every distinct row: cheap to check each time */
	jy_interrupt(run->m);
	v = run->f(par, run->ctx);
	return isnan(v) ? INFINITY : v;
}

/*
 * One Nelder-Mead run from lp (updated to the best point, *best its
 * value); true when the tolerances were met before the evaluation cap
 */
static bool
nelder_mead(FitRun *run, double *lp, double *best, const JyFitOptions *o)
{
	int			n = run->n,
				i,
				j;
	double		s[JY_FIT_MAX_PAR + 1][JY_FIT_MAX_PAR];
	double		fs[JY_FIT_MAX_PAR + 1];

	for (i = 0; i <= n; i++)
	{
		for (j = 0; j < n; j++)
			s[i][j] = lp[j] + (i == j + 1 ? 0.5 : 0);
		fs[i] = fit_eval(run, s[i]);
	}
	for (;;)
	{
		int			lo = 0,
					hi = 0,
					nh = 0;
		double		cen[JY_FIT_MAX_PAR],
					xr[JY_FIT_MAX_PAR],
					xe[JY_FIT_MAX_PAR],
					fr,
					fe,
					size = 0;

		for (i = 1; i <= n; i++)
		{
			if (fs[i] < fs[lo])
				lo = i;
			if (fs[i] > fs[hi])
				hi = i;
		}
		nh = lo;
		for (i = 0; i <= n; i++)
			if (i != hi && fs[i] >= fs[nh])
				nh = i;
		for (i = 0; i <= n; i++)
			for (j = 0; j < n; j++)
				if (fabs(s[i][j] - s[lo][j]) > size)
					size = fabs(s[i][j] - s[lo][j]);
		if (isfinite(fs[lo]) && size < o->xtol &&
			fs[hi] - fs[lo] <= o->ftol * (1 + fabs(fs[lo])))
		{
			memcpy(lp, s[lo], sizeof(double) * n);
			*best = fs[lo];
			return true;
		}
		if (run->evals >= run->max_evals)
		{
			memcpy(lp, s[lo], sizeof(double) * n);
			*best = fs[lo];
			return false;
		}
		for (j = 0; j < n; j++)
		{
			cen[j] = 0;
			for (i = 0; i <= n; i++)
				if (i != hi)
					cen[j] += s[i][j];
			cen[j] /= n;
			xr[j] = cen[j] + (cen[j] - s[hi][j]);
		}
		fr = fit_eval(run, xr);
		if (fr < fs[lo])
		{
			for (j = 0; j < n; j++)
				xe[j] = cen[j] + 2 * (cen[j] - s[hi][j]);
			fe = fit_eval(run, xe);
			if (fe < fr)
			{
				memcpy(s[hi], xe, sizeof(double) * n);
				fs[hi] = fe;
			}
			else
			{
				memcpy(s[hi], xr, sizeof(double) * n);
				fs[hi] = fr;
			}
			continue;
		}
		if (fr < fs[nh])
		{
			memcpy(s[hi], xr, sizeof(double) * n);
			fs[hi] = fr;
			continue;
		}
		/* contraction, outside when the reflection improved on the worst */
		for (j = 0; j < n; j++)
			xe[j] = fr < fs[hi] ? cen[j] + 0.5 * (xr[j] - cen[j])
				: cen[j] + 0.5 * (s[hi][j] - cen[j]);
		fe = fit_eval(run, xe);
		if (fe < (fr < fs[hi] ? fr : fs[hi]))
		{
			memcpy(s[hi], xe, sizeof(double) * n);
			fs[hi] = fe;
			continue;
		}
		/* shrink towards the best */
		for (i = 0; i <= n; i++)
		{
			if (i == lo)
				continue;
			for (j = 0; j < n; j++)
				s[i][j] = s[lo][j] + 0.5 * (s[i][j] - s[lo][j]);
			fs[i] = fit_eval(run, s[i]);
		}
	}
}

/* f at natural parameters par, counted */
static double
fit_eval_natural(FitRun *run, const double *par)
{
	double		v;

	run->evals++;
	jy_interrupt(run->m);
	v = run->f(par, run->ctx);
	return isnan(v) ? INFINITY : v;
}

/*
 * Hessian of f at par by central differences, inverted by Cholesky into
 * cov; false when it is not positive definite or not finite
 */
static bool
fit_hessian(FitRun *run, const double *par, double f0, double *cov)
{
	int			n = run->n,
				i,
				j,
				k;
	double		h[JY_FIT_MAX_PAR],
				H[JY_FIT_MAX_PAR][JY_FIT_MAX_PAR],
				L[JY_FIT_MAX_PAR][JY_FIT_MAX_PAR],
				Li[JY_FIT_MAX_PAR][JY_FIT_MAX_PAR];
	double		p[JY_FIT_MAX_PAR];

	for (i = 0; i < n; i++)
		h[i] = 1e-4 * par[i];
	for (i = 0; i < n; i++)
	{
		double		fp,
					fm;

		memcpy(p, par, sizeof(double) * n);
		p[i] = par[i] + h[i];
		fp = fit_eval_natural(run, p);
		p[i] = par[i] - h[i];
		fm = fit_eval_natural(run, p);
		H[i][i] = (fp - 2 * f0 + fm) / (h[i] * h[i]);
		for (j = 0; j < i; j++)
		{
			double		fpp,
						fpm,
						fmp,
						fmm;

			memcpy(p, par, sizeof(double) * n);
			p[i] = par[i] + h[i];
			p[j] = par[j] + h[j];
			fpp = fit_eval_natural(run, p);
			p[j] = par[j] - h[j];
			fpm = fit_eval_natural(run, p);
			p[i] = par[i] - h[i];
			fmm = fit_eval_natural(run, p);
			p[j] = par[j] + h[j];
			fmp = fit_eval_natural(run, p);
			H[i][j] = H[j][i] = (fpp - fpm - fmp + fmm) / (4 * h[i] * h[j]);
		}
	}
	/* Cholesky H = L L' */
	for (i = 0; i < n; i++)
		for (j = 0; j <= i; j++)
		{
			double		s = H[i][j];

			for (k = 0; k < j; k++)
				s -= L[i][k] * L[j][k];
			if (i == j)
			{
				if (!(s > 0) || !isfinite(s))
					return false;
				L[i][i] = sqrt(s);
			}
			else
				L[i][j] = s / L[j][j];
		}
	/* Li = L^-1 (lower triangular), cov = Li' Li */
	for (j = 0; j < n; j++)
		for (i = 0; i < n; i++)
		{
			double		s = i == j ? 1 : 0;

			if (i < j)
			{
				Li[i][j] = 0;
				continue;
			}
			for (k = j; k < i; k++)
				s -= L[i][k] * Li[k][j];
			Li[i][j] = s / L[i][i];
		}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
		{
			double		s = 0;

			for (k = 0; k < n; k++)
				s += Li[k][i] * Li[k][j];
			if (!isfinite(s))
				return false;
			cov[i * n + j] = s;
		}
	return true;
}

/* Minimise f from several starts, then standard errors (see btyd.h) */
JyStatus
jy_fit_minimize(JyObjective f, void *ctx, int npar, const double *starts,
				int nstarts, const JyFitOptions *o, const JyMem *m, JyFit *out)
{
	JyFitOptions def;
	FitRun		run;
	double		best_lp[JY_FIT_MAX_PAR];
	double		best = INFINITY;
	bool		best_conv = false;
	int			k,
				i;

	memset(out, 0, sizeof(*out));
	if (npar < 1 || npar > JY_FIT_MAX_PAR || nstarts < 1)
		return JY_ERR_BAD_PARAMETER;
	for (i = 0; i < npar * nstarts; i++)
		if (!(starts[i] > 0) || !isfinite(starts[i]))
			return JY_ERR_BAD_PARAMETER;
	if (o == NULL)
	{
		jy_fit_default_options(&def);
		o = &def;
	}
	run.f = f;
	run.ctx = ctx;
	run.n = npar;
	run.evals = 0;
	run.max_evals = o->max_evals;
	run.m = m;
	for (i = 0; i < npar; i++)
		best_lp[i] = log(starts[i]);
	for (k = 0; k < nstarts; k++)
	{
		double		lp[JY_FIT_MAX_PAR],
					v = INFINITY,
					prev = INFINITY;
		bool		conv = false;
		int			restarts;

		for (i = 0; i < npar; i++)
			lp[i] = log(starts[k * npar + i]);
		/* restart from the best point until it stops improving */
		for (restarts = 0; restarts < 20; restarts++)
		{
			conv = nelder_mead(&run, lp, &v, o);
			if (!conv || (isfinite(prev) && prev - v <= o->ftol * (1 + fabs(v))))
				break;
			prev = v;
		}
		if (v < best)
		{
			best = v;
			best_conv = conv;
			memcpy(best_lp, lp, sizeof(double) * npar);
		}
		if (run.evals >= run.max_evals)
			break;
	}
	out->npar = npar;
	for (i = 0; i < npar; i++)
		out->par[i] = exp(best_lp[i]);
	out->ll = -best;
	out->converged = best_conv && isfinite(best);
	out->hessian_ok = isfinite(best) && fit_hessian(&run, out->par, best, out->cov);
	for (i = 0; i < npar * npar; i++)
		if (!out->hessian_ok)
			out->cov[i] = NAN;
	for (i = 0; i < npar; i++)
		out->se[i] = out->hessian_ok && out->cov[i * npar + i] > 0 ?
			sqrt(out->cov[i * npar + i]) : NAN;
	if (out->hessian_ok)
		for (i = 0; i < npar; i++)
			if (isnan(out->se[i]))
				out->hessian_ok = false;
	out->evals = run.evals;
	return JY_OK;
}

/* ---------- fitting the models ---------- */

/* Objective context: the data of a fit */
typedef struct BtydData
{
	const void *c;
	size_t		n;
} BtydData;

/* Which time scale multiplies a starting value of rfm_fit */
typedef enum
{
	START_PLAIN,				/* none */
	START_RATE,					/* mean age over (mean purchases + 1) */
	START_AGE					/* mean age */
} StartScale;

/*
 * Fit a four-parameter model of (x, t_x, T) triples (BG/NBD, Pareto/NBD)
 * from three starts starts[k * 4 + i], each multiplied by the data's time
 * scale scale[i]: check the triples (weight >= 0, x >= 0, 0 <= t_x <= T,
 * t_x > 0 when x > 0, all finite), JY_ERR_BAD_PARAMETER for an invalid
 * one, no positive weight or no positive age; then jy_fit_minimize of f
 */
static JyStatus
rfm_fit(JyObjective f, const JyRfmTriple *c, size_t n, const double *starts,
		const StartScale *scale, const JyFitOptions *o, const JyMem *m, JyFit *out)
{
	BtydData	d = {c, n};
	double		w = 0,
				sx = 0,
				sT = 0,
				s[12];
	size_t		i;
	JyStatus	st;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++)
	{
		if (jy_btyd_row_reason(JY_BTYD_ROWS_RFM, &c[i]) != NULL)
			return JY_ERR_BAD_PARAMETER;
		w += c[i].weight;
		sx += c[i].weight * c[i].x;
		sT += c[i].weight * c[i].T;
	}
	if (!(w > 0) || !(sT > 0))
		return JY_ERR_BAD_PARAMETER;
	for (i = 0; i < 12; i++)
		s[i] = starts[i] * (scale[i % 4] == START_RATE ? (sT / w) / (sx / w + 1) :
							scale[i % 4] == START_AGE ? sT / w : 1);
	st = jy_fit_minimize(f, &d, 4, s, 3, o, m, out);
	out->customers = w;
	return st;
}

/* -LL of BG/NBD at par = (r, alpha, a, b) */
static double
bgnbd_objective(const double *par, void *ctx)
{
	BtydData   *d = ctx;
	JyBgnbd		m = {par[0], par[1], par[2], par[3]};

	return -jy_bgnbd_ll(&m, d->c, d->n);
}

/* Fit BG/NBD: alpha is a time scale, mean age over mean purchases */
JyStatus
jy_bgnbd_fit(const JyRfmTriple *c, size_t n, const JyFitOptions *o,
			 const JyMem *m, JyFit *out)
{
	static const double starts[12] = {
		1, 1, 1, 1,
		0.5, 0.5, 0.5, 2,
		2, 2, 2, 5
	};
	static const StartScale scale[4] = {START_PLAIN, START_RATE, START_PLAIN, START_PLAIN};

	return rfm_fit(bgnbd_objective, c, n, starts, scale, o, m, out);
}

/* -LL of Gamma-Gamma at par = (p, q, gamma) */
static double
gg_objective(const double *par, void *ctx)
{
	BtydData   *d = ctx;
	JyGammaGamma m = {par[0], par[1], par[2]};

	return -jy_gg_ll(&m, d->c, d->n);
}

/* Fit Gamma-Gamma */
JyStatus
jy_gg_fit(const JySpendTriple *c, size_t n, const JyFitOptions *o,
		  const JyMem *m, JyFit *out)
{
	BtydData	d = {c, n};
	double		w = 0,
				sz = 0,
				z0;
	size_t		i;
	JyStatus	st;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++)
	{
		if (!(c[i].weight >= 0) || !(c[i].x >= 1) || !(c[i].mean_spend > 0) ||
			!isfinite(c[i].x) || !isfinite(c[i].mean_spend) || !isfinite(c[i].weight))
			return JY_ERR_BAD_PARAMETER;
		w += c[i].weight;
		sz += c[i].weight * c[i].mean_spend;
	}
	if (!(w > 0))
		return JY_ERR_BAD_PARAMETER;
	/* E[z] = p gamma / (q - 1): start gamma from the mean spend */
	z0 = sz / w;
	{
		double		starts[9] = {
			1, 2, z0,
			5, 3, z0 * 10,
			0.5, 10, z0 * 18
		};

		st = jy_fit_minimize(gg_objective, &d, 3, starts, 3, o, m, out);
	}
	out->customers = w;
	return st;
}

/* ---------- scoring ---------- */

/* P(alive | x, t_x, T) */
double
jy_bgnbd_p_alive(const JyBgnbd *m, double x, double t_x, double T)
{
	if (x <= 0)
		return 1;
	return 1 / (1 + m->a / (m->b + x - 1) *
				exp((m->r + x) * log((m->alpha + T) / (m->alpha + t_x))));
}

/* Expected purchases in (T, T + t] given (x, t_x, T) */
double
jy_bgnbd_expected_conditional(const JyBgnbd *m, double x, double t_x,
							  double T, double t)
{
	double		z,
				f,
				lead;

	if (t <= 0)
		return 0;
	if (m->a == 1)
		return NAN;
	z = t / (m->alpha + T + t);
	f = jy_hyp2f1(m->r + x, m->b + x, m->a + m->b + x - 1, z);
	lead = (m->a + m->b + x - 1) / (m->a - 1);
	return lead * (1 - exp((m->r + x) * log((m->alpha + T) / (m->alpha + T + t))) * f) *
		jy_bgnbd_p_alive(m, x, t_x, T);
}

/* Expected purchases in (0, t] of a new customer */
double
jy_bgnbd_expected(const JyBgnbd *m, double t)
{
	double		z,
				f;

	if (t <= 0)
		return 0;
	if (m->a == 1)
		return NAN;
	z = t / (m->alpha + t);
	f = jy_hyp2f1(m->r, m->b, m->a + m->b - 1, z);
	return (m->a + m->b - 1) / (m->a - 1) *
		(1 - exp(m->r * log(m->alpha / (m->alpha + t))) * f);
}

/*
 * Negative binomial term Gamma(r + j) / (Gamma(r) j!) (alpha / (alpha +
 * t))^r (t / (alpha + t))^j from la = ln(alpha / (alpha + t)) and lt =
 * ln(t / (alpha + t))
 */
static double
nb_term(double r, double la, double lt, int j)
{
	return exp(lgamma(r + j) - lgamma(r) - lgamma(j + 1.0) + r * la + (j > 0 ? j * lt : 0));
}

/* P(X(t) = n) for a random customer */
double
jy_bgnbd_p_n(const JyBgnbd *m, double t, int n)
{
	double		lb_ab = jy_log_beta(m->a, m->b),
				la = log(m->alpha / (m->alpha + t)),
				lt = t > 0 ? log(t / (m->alpha + t)) : -INFINITY,
				first,
				tail = 0;
	int			j;

	if (n < 0)
		return 0;
	/* Gamma(r + n) / (Gamma(r) n!) (alpha / (alpha + t))^r (t / (alpha + t))^n */
	first = exp(jy_log_beta(m->a, m->b + n) - lb_ab + lgamma(m->r + n) - lgamma(m->r) -
				lgamma(n + 1.0) + m->r * la + (n > 0 ? n * lt : 0));
	if (n == 0)
		return first;
	/*
	 * 1 - sum over j < n of the negative binomial terms; past 1/2 the upper
	 * tail is summed instead (until its terms vanish), so 1 - tail does not
	 * cancel to noise or below 0
	 */
	for (j = 0; j < n; j++)
		tail += nb_term(m->r, la, lt, j);
	if (tail > 0.5)
	{
		double		upper = 0;

		for (j = n;; j++)
		{
			double		term = nb_term(m->r, la, lt, j);

			upper += term;
			if (term <= 1e-17 * upper || j > n + 100000000)
				break;
		}
		tail = 1 - upper;
	}
	return first + exp(jy_log_beta(m->a + 1, m->b + n - 1) - lb_ab) * (1 - tail);
}

/* Expected spend per purchase */
double
jy_gg_expected_spend(const JyGammaGamma *m, double x, double z)
{
	if (!(m->q > 1))
		return NAN;
	if (x <= 0)
		return m->p * m->gamma / (m->q - 1);
	return (m->gamma + x * z) * m->p / (m->p * x + m->q - 1);
}

/* A model's expected purchases in (T, T + t] given (x, t_x, T) */
typedef double (*ExpectedFn) (const void *model, double x, double t_x,
							  double T, double t);

/*
 * Discounted CLV over horizon periods under any model: the sum over k =
 * 1..horizon of (E[Y(k)] - E[Y(k - 1)]) spend / (1 + discount)^k
 */
static double
clv_discounted(ExpectedFn expected, const void *model, double x, double t_x,
			   double T, double spend, int horizon, double discount)
{
	double		prev = 0,
				sum = 0,
				factor = 1;
	int			k;

	for (k = 1; k <= horizon; k++)
	{
		double		e = expected(model, x, t_x, T, k);

		factor /= 1 + discount;
		sum += (e - prev) * spend * factor;
		prev = e;
	}
	return sum;
}

/* jy_bgnbd_expected_conditional as an ExpectedFn */
static double
bgnbd_expected_fn(const void *model, double x, double t_x, double T, double t)
{
	return jy_bgnbd_expected_conditional(model, x, t_x, T, t);
}

/* Discounted CLV over horizon periods */
double
jy_bgnbd_clv(const JyBgnbd *m, double x, double t_x, double T, double spend,
			 int horizon, double discount)
{
	return clv_discounted(bgnbd_expected_fn, m, x, t_x, T, spend, horizon, discount);
}

/* ---------- Pareto/NBD ---------- */

/* Are the Pareto/NBD parameters positive and finite? */
static bool
pnbd_valid(const JyParetoNbd *m)
{
	return m->r > 0 && m->alpha > 0 && m->s > 0 && m->beta > 0 &&
		isfinite(m->r) && isfinite(m->alpha) && isfinite(m->s) && isfinite(m->beta);
}

/* Is (x, t_x, T) a customer: x >= 0, 0 <= t_x <= T, all finite? */
static bool
rfm_valid(double x, double t_x, double T)
{
	return x >= 0 && t_x >= 0 && t_x <= T && isfinite(x) && isfinite(T);
}

/*
 * ln of int_lo^hi tau^k (alpha + tau)^-a (beta + tau)^-b dtau (k, a, b >= 0,
 * 0 <= lo < hi), integrated in d = ln(c + tau) - ln(c + lo), c = min(alpha,
 * beta): the factor of the smaller base, nearly singular at tau = -c, is
 * then a plain exponential, the other one a smooth step around c + tau =
 * |alpha - beta|, and ln of the integrand (times dtau / dd = c + tau),
 *   phi(d) = k ln tau + ln v - a ln(v + alpha - c) - b ln(v + beta - c),
 *   v = c + tau = (c + lo) e^d, tau = lo + (c + lo) expm1(d),
 * is concave (ln tau and -ln(v + const) are concave in d).  The
 * quadrature evaluates phi(d) - phi(d*) at its maximum d* as a sum of
 * log1p of small ratios, so that its rounding is relative to that
 * difference and not to the terms of phi (thousands when x is).
 */
typedef struct PowerIntegral
{
	double		k,
				a,
				b;
	double		da,				/* alpha - c */
				db;				/* beta - c */
	double		c,
				lo;
	double		lv0;			/* ln(c + lo) */
	double		peak,			/* d* */
				v_peak,			/* v at d* */
				tau_peak;		/* tau at d* */
} PowerIntegral;

/* phi(d) */
static double
powint_phi(const PowerIntegral *p, double d)
{
	double		v = (p->c + p->lo) * exp(d),
				lv = p->lv0 + d,
				phi = lv;

	if (p->k > 0)
		phi += p->k * log(p->lo + (p->c + p->lo) * expm1(d));
	phi -= p->a * (p->da > 0 ? log(v + p->da) : lv);
	phi -= p->b * (p->db > 0 ? log(v + p->db) : lv);
	return phi;
}

/*
 * phi(d) - phi(d*): with e = expm1(d - d*), v - v* = v* e and tau - tau* =
 * v* e, so each ln ratio is log1p(v* e / (tau* or v* + const))
 */
static double
powint_phi_rel(const PowerIntegral *p, double d)
{
	double		delta = d - p->peak,
				e = p->v_peak * expm1(delta),
				phi = delta;

	if (p->k > 0)
		phi += p->k * log1p(e / p->tau_peak);
	phi -= p->a * (p->da > 0 ? log1p(e / (p->v_peak + p->da)) : delta);
	phi -= p->b * (p->db > 0 ? log1p(e / (p->v_peak + p->db)) : delta);
	return phi;
}

/* phi'(d), and phi''(d) in *d2 */
static double
powint_dphi(const PowerIntegral *p, double d, double *d2)
{
	double		v = (p->c + p->lo) * exp(d),
				g = 1 - (p->da > 0 ? p->a * v / (v + p->da) : p->a) -
				(p->db > 0 ? p->b * v / (v + p->db) : p->b),
				h = -p->a * p->da * v / ((v + p->da) * (v + p->da)) -
				p->b * p->db * v / ((v + p->db) * (v + p->db));

	if (p->k > 0)
	{
		double		tau = p->lo + (p->c + p->lo) * expm1(d);

		g += p->k * v / tau;
		h -= p->k * p->c * v / (tau * tau);
	}
	*d2 = h;
	return g;
}

/* Gauss-Kronrod 7/15: the Kronrod abscissae (positive half), its weights, Gauss's */
static const double gk_x[8] = {
	0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
	0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
	0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
	0.207784955007898467600689403773245, 0
};
static const double gk_wk[8] = {
	0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
	0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
	0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
	0.204432940075298892414161999234649, 0.209482141084727828012999174891714
};
static const double gk_wg[4] = {
	0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
	0.381830050505118944950369775488975, 0.417959183673469387755102040816327
};

/* One panel of the adaptive quadrature */
typedef struct QuadPanel
{
	double		a,
				b,
				est,
				err;
} QuadPanel;

/* exp(phi - phi(d*)) over the panel [q->a, q->b] by Kronrod 15, error |K15 - G7| */
static void
powint_panel(const PowerIntegral *p, QuadPanel *q)
{
	double		hw = (q->b - q->a) / 2,
				mid = (q->a + q->b) / 2,
				fc = exp(powint_phi_rel(p, mid)),
				k = fc * gk_wk[7],
				g = fc * gk_wg[3];
	int			j;

	for (j = 0; j < 7; j++)
	{
		double		dx = hw * gk_x[j],
					f = exp(powint_phi_rel(p, mid - dx)) +
					exp(powint_phi_rel(p, mid + dx));

		k += gk_wk[j] * f;
		if (j & 1)
			g += gk_wg[j / 2] * f;
	}
	q->est = k * hw;
	q->err = fabs(k - g) * hw;
}

#define POWINT_PANELS 512

/*
 * ln int_lo^hi tau^k (alpha + tau)^-a (beta + tau)^-b dtau (see
 * PowerIntegral); -Inf when hi <= lo, NaN when the quadrature did not
 * reach a relative 1e-10.  phi's maximum d* is found by bisection on
 * phi' (decreasing), the panels start at d* and double in width away from
 * it from the scale 1 / (|phi'| + sqrt(-phi'')) at d*, so that however
 * narrow the peak no panel can miss it; then the panel of largest error
 * is halved until the error estimates sum to below 1e-13 of the integral.
 */
static double
log_power_integral(double alpha, double beta, double k, double a, double b,
				   double lo, double hi)
{
	PowerIntegral p;
	QuadPanel	q[POWINT_PANELS];
	int			np = 0,
				i,
				side;
	double		w,
				peak,
				top,
				d2,
				scale,
				sum,
				err;

	if (!(hi > lo))
		return -INFINITY;
	p.k = k;
	p.a = a;
	p.b = b;
	p.c = fmin(alpha, beta);
	p.da = alpha - p.c;
	p.db = beta - p.c;
	p.lo = lo;
	p.lv0 = log(p.c + lo);
	w = log1p((hi - lo) / (p.c + lo));
	if (!(w > 0) || !isfinite(w))
		return NAN;

	/* the maximum of the concave phi */
	if (powint_dphi(&p, 0, &d2) <= 0)
		peak = 0;
	else if (powint_dphi(&p, w, &d2) >= 0)
		peak = w;
	else
	{
		double		l = 0,
					h = w;

		for (i = 0; i < 200 && l < h; i++)
		{
			double		mid = (l + h) / 2;

			if (mid <= l || mid >= h)
				break;
			if (powint_dphi(&p, mid, &d2) > 0)
				l = mid;
			else
				h = mid;
		}
		peak = (l + h) / 2;
	}
	top = powint_phi(&p, peak);
	p.peak = peak;
	p.v_peak = (p.c + lo) * exp(peak);
	p.tau_peak = lo + (p.c + lo) * expm1(peak);
	if (k > 0 && !(p.tau_peak > 0))
		return NAN;
	scale = 1 / (fabs(powint_dphi(&p, peak, &d2)) + sqrt(fabs(d2)));
	if (!isfinite(top) || !(scale > 0))
		return NAN;
	scale = fmax(fmin(scale, w), w * 0x1p-40);

	/* panels doubling away from the peak, on each side */
	for (side = -1; side <= 1; side += 2)
	{
		double		edge = peak,
					width = scale;

		while (side < 0 ? edge > 0 : edge < w)
		{
			double		next = edge + side * width;

			if (side < 0 ? next < 0 : next > w)
				next = side < 0 ? 0 : w;
			q[np].a = fmin(edge, next);
			q[np].b = fmax(edge, next);
			powint_panel(&p, &q[np]);
			np++;
			edge = next;
			width *= 2;
		}
	}

	/* halve the worst panel until the error is small */
	for (;;)
	{
		int			worst = 0;
		double		mid;

		sum = err = 0;
		for (i = 0; i < np; i++)
		{
			sum += q[i].est;
			err += q[i].err;
			if (q[i].err > q[worst].err)
				worst = i;
		}
		if (!(err > 1e-13 * sum) || np == POWINT_PANELS)
			break;
		mid = (q[worst].a + q[worst].b) / 2;
		if (mid <= q[worst].a || mid >= q[worst].b)
			break;
		q[np].a = mid;
		q[np].b = q[worst].b;
		q[worst].b = mid;
		powint_panel(&p, &q[worst]);
		powint_panel(&p, &q[np]);
		np++;
	}
	if (!(sum > 0) || !isfinite(sum) || !(err <= 1e-10 * sum))
		return NAN;
	return top + log(sum);
}

/* Past this z the tails' series are too long (pnbd_log_i) */
#define PNBD_Z_SERIES 0.9

/*
 * ln G(y), G(y) = int_y^inf (alpha + tau)^-(r + x) (beta + tau)^-(s + 1)
 * dtau, by the Euler-transformed series of btyd.h, for z <= PNBD_Z_SERIES
 */
static double
pnbd_log_tail(const JyParetoNbd *m, double x, double y)
{
	double		A = m->r + m->s + x,
				z;

	if (m->alpha >= m->beta)
	{
		z = (m->alpha - m->beta) / (m->alpha + y);
		return -(m->r + x) * log(m->alpha + y) - m->s * log(m->beta + y) +
			log(jy_hyp2f1(1, m->r + x, A + 1, z)) - log(A);
	}
	z = (m->beta - m->alpha) / (m->beta + y);
	return -(m->r + x - 1) * log(m->alpha + y) - (m->s + 1) * log(m->beta + y) +
		log(jy_hyp2f1(1, m->s + 1, A + 1, z)) - log(A);
}

/* The expansion below: at most this many terms ... */
#define PNBD_EXPAND_TERMS 400
/* ... its largest coefficient at most e^PNBD_EXPAND_SWING ... */
#define PNBD_EXPAND_SWING 20
/* ... and the sum of its terms' moduli at most this times the sum */
#define PNBD_EXPAND_CANCEL 256

/*
 * ln int_a^A v^-e (v + delta)^-f dv (0 < a < A < delta, e, f > 0) by
 * expanding the slowly varying (v + delta)^-f = delta^-f sum_k (-1)^k
 * (f)_k / k! (v / delta)^k, which converges uniformly on [a, A], and
 * integrating term by term: with L = ln(A / a), m = k + 1 - e,
 *   int_a^A v^(k - e) dv = a^m expm1(m L) / m   (a^k L at m = 0),
 * so that no value of e (r + x an integer, say) is a pole, and
 *   I = delta^-f a^(1-e) sum_k (-1)^k (f)_k / k! (a / delta)^k expm1(m L) / m.
 * Where |m L| >= 1/2 the term is the difference of the sequences
 * (f)_k / k! (a / delta)^k e^(m L) = (f)_k / k! (A / a)^(1-e) (A / delta)^k
 * and (f)_k / k! (a / delta)^k, kept by recurrence (no cancellation worse
 * than (1 + e^-1/2) / (1 - e^-1/2) = 4 ulps); near m L = 0 it takes one
 * expm1.  Successive terms' moduli fall at least by rho_k = max((f + k) /
 * (k + 1), 1) A / delta (v <= A), which is (f + k) / (k + 1) A / delta
 * when f > 1 and A / delta otherwise, and does not grow with k: once
 * rho_k < 1 the rest is at most term rho_k / (1 - rho_k).  The series alternates: NaN (the caller then
 * integrates numerically) unless A / delta < 1, the largest coefficient
 * is moderate (f ln(1 / (1 - A / delta)) <= PNBD_EXPAND_SWING) and the
 * terms' moduli sum to at most PNBD_EXPAND_CANCEL times the sum, which
 * keeps the rounding error within that factor of a few ulps per term
 * (against the same sum in long double, on 10^5 customers of up to 214
 * periods: below 1.1e-13 relative, the quadrature's tolerance).  It is
 * fast exactly where the tails' series is slow: min(alpha, beta) + t_x
 * small against |alpha - beta| (z near 1), T not too long: some 25 terms
 * at (r, alpha, s, beta) = (3, 20, 30, 2000), T <= 214.
 */
static double
pnbd_log_i_expand(double e, double f, double delta, double a, double A)
{
	double		ea = a / delta,
				eA = A / delta,
				L,
				q,
				w,
				sum = 0,
				sum_abs = 0;
	int			k;

	if (!(eA < 1) || !(a > 0) || !(f * -log1p(-eA) <= PNBD_EXPAND_SWING))
		return NAN;
	L = log1p((A - a) / a);
	if (!(L > 0) || !isfinite(L))
		return NAN;
	q = 1;
	w = exp((1 - e) * L);
	for (k = 0; k < PNBD_EXPAND_TERMS; k++)
	{
		double		m = k + 1 - e,
					ml = m * L,
					ratio = (f + k) / (k + 1),
					rho = f > 1 ? ratio * eA : eA,
					term;

		if (fabs(ml) < 0.5)
			term = q * (ml == 0 ? L : expm1(ml) / m);
		else
			term = (w - q) / m;
		sum += (k & 1) ? -term : term;
		sum_abs += term;
		if (rho < 1 && term * rho <= 1e-17 * sum * (1 - rho))
		{
			if (!(sum > 0) || !isfinite(sum_abs) || !(sum_abs <= PNBD_EXPAND_CANCEL * sum))
				return NAN;
			return -f * log(delta) + (1 - e) * log(a) + log(sum);
		}
		q *= ratio * ea;
		w *= ratio * eA;
	}
	return NAN;
}

/*
 * ln I, I = int_{t_x}^{T} (alpha + tau)^-(r + x) (beta + tau)^-(s + 1) dtau:
 * by pnbd_log_i_expand in v = min(alpha, beta) + tau where its terms fall
 * faster than the tails' (A / delta < z) and it applies; else as G(t_x) -
 * G(T) by the tails' series while z at t_x (the larger z) is at most
 * PNBD_Z_SERIES; else numerically.  -Inf when t_x = T
 */
static double
pnbd_log_i(const JyParetoNbd *m, double x, double t_x, double T)
{
	double		small = fmin(m->alpha, m->beta),
				big = fmax(m->alpha, m->beta),
				delta = big - small,
				z = delta / (big + t_x);

	if (!(t_x < T))
		return -INFINITY;
	if (small + T < z * delta)
	{
		double		li = m->alpha < m->beta ?
			pnbd_log_i_expand(m->r + x, m->s + 1, delta, m->alpha + t_x, m->alpha + T) :
			pnbd_log_i_expand(m->s + 1, m->r + x, delta, m->beta + t_x, m->beta + T);

		if (!isnan(li))
			return li;
	}
	if (z <= PNBD_Z_SERIES)
	{
		double		g1 = pnbd_log_tail(m, x, t_x),
					g2 = pnbd_log_tail(m, x, T);

		if (isnan(g1) || isnan(g2))
			return NAN;
		/* rounding can leave G(T) >= G(t_x) when T - t_x is tiny */
		if (!(g2 < g1))
			return -INFINITY;
		return g1 + log1p(-exp(g2 - g1));
	}
	return log_power_integral(m->alpha, m->beta, 0, m->r + x, m->s + 1, t_x, T);
}

/*
 * ln L of one customer from lg = ln Gamma(r + x) - ln Gamma(r):
 * lg + r ln alpha + s ln beta + ln[(alpha + T)^-(r+x) (beta + T)^-s + s I]
 */
static double
pnbd_ll_terms(const JyParetoNbd *m, double lg, double x, double t_x, double T)
{
	double		l1 = -(m->r + x) * log(m->alpha + T) - m->s * log(m->beta + T),
				l2 = log(m->s) + pnbd_log_i(m, x, t_x, T);

	if (isnan(l2))
		return NAN;
	return lg + m->r * log(m->alpha) + m->s * log(m->beta) + log_sum_exp(l1, l2);
}

/* Pareto/NBD log-likelihood of one customer */
double
jy_pnbd_ll_one(const JyParetoNbd *m, double x, double t_x, double T)
{
	if (!pnbd_valid(m))
		return -INFINITY;
	if (!rfm_valid(x, t_x, T))
		return NAN;
	return pnbd_ll_terms(m, lgamma(m->r + x) - lgamma(m->r), x, t_x, T);
}

/* Weighted Pareto/NBD log-likelihood */
double
jy_pnbd_ll(const JyParetoNbd *m, const JyRfmTriple *c, size_t n)
{
	double		lgc[BTYD_X_CACHE];
	bool		have[BTYD_X_CACHE] = {false};
	double		lgr,
				sum = 0;
	size_t		i;

	if (!pnbd_valid(m))
		return -INFINITY;
	lgr = lgamma(m->r);
	for (i = 0; i < n; i++)
	{
		double		x = c[i].x,
					lg;

		if (c[i].weight == 0)
			continue;
		if (!rfm_valid(x, c[i].t_x, c[i].T))
			return NAN;
		if (x < BTYD_X_CACHE && x == floor(x))
		{
			int			xi = (int) x;

			if (!have[xi])
			{
				lgc[xi] = lgamma(m->r + x) - lgr;
				have[xi] = true;
			}
			lg = lgc[xi];
		}
		else
			lg = lgamma(m->r + x) - lgr;
		sum += c[i].weight * pnbd_ll_terms(m, lg, x, c[i].t_x, c[i].T);
	}
	return sum;
}

/* -LL of Pareto/NBD at par = (r, alpha, s, beta) */
static double
pnbd_objective(const double *par, void *ctx)
{
	BtydData   *d = ctx;
	JyParetoNbd m = {par[0], par[1], par[2], par[3]};

	return -jy_pnbd_ll(&m, d->c, d->n);
}

/* Fit Pareto/NBD: alpha as for BG/NBD, beta (a dropout time scale) from the mean age */
JyStatus
jy_pnbd_fit(const JyRfmTriple *c, size_t n, const JyFitOptions *o,
			const JyMem *m, JyFit *out)
{
	static const double starts[12] = {
		1, 1, 1, 1,
		0.5, 0.5, 0.5, 0.5,
		2, 2, 2, 2
	};
	static const StartScale scale[4] = {START_PLAIN, START_RATE, START_PLAIN, START_AGE};

	return rfm_fit(pnbd_objective, c, n, starts, scale, o, m, out);
}

/* P(alive | x, t_x, T) = 1 / (1 + s I (alpha + T)^(r + x) (beta + T)^s) */
double
jy_pnbd_p_alive(const JyParetoNbd *m, double x, double t_x, double T)
{
	double		lr;

	if (!pnbd_valid(m) || !rfm_valid(x, t_x, T))
		return NAN;
	lr = log(m->s) + pnbd_log_i(m, x, t_x, T) + (m->r + x) * log(m->alpha + T) +
		m->s * log(m->beta + T);
	if (isnan(lr))
		return NAN;
	return lr > 0 ? exp(-lr) / (1 + exp(-lr)) : 1 / (1 + exp(lr));
}

/*
 * E[lambda] E[(1 - e^-mu t) / mu] for lambda ~ Gamma(shape, rate), mu ~
 * Gamma(s, b): shape / rate b expm1((1 - s) L) / (1 - s), L = log1p(t / b)
 */
static double
pnbd_alive_expected(double shape, double rate, double s, double b, double t)
{
	double		L = log1p(t / b),
				y = 1 - s;

	return shape / rate * b * (y == 0 ? L : expm1(y * L) / y);
}

/* Expected purchases in (T, T + t] given (x, t_x, T) */
double
jy_pnbd_expected_conditional(const JyParetoNbd *m, double x, double t_x,
							 double T, double t)
{
	double		p = jy_pnbd_p_alive(m, x, t_x, T);

	if (isnan(p) || !(t >= 0) || !isfinite(t))
		return NAN;
	if (t == 0)
		return 0;
	return pnbd_alive_expected(m->r + x, m->alpha + T, m->s, m->beta + T, t) * p;
}

/* Expected purchases in (0, t] of a new customer */
double
jy_pnbd_expected(const JyParetoNbd *m, double t)
{
	if (!pnbd_valid(m) || !(t >= 0) || !isfinite(t))
		return NAN;
	if (t == 0)
		return 0;
	return pnbd_alive_expected(m->r, m->alpha, m->s, m->beta, t);
}

/* P(X(t) = n) for a random customer (the integral form of btyd.h) */
double
jy_pnbd_p_n(const JyParetoNbd *m, double t, int n)
{
	double		lk,
				l1,
				l2;

	if (!pnbd_valid(m) || !(t >= 0) || !isfinite(t))
		return NAN;
	if (n < 0)
		return 0;
	if (t == 0)
		return n == 0 ? 1 : 0;
	lk = lgamma(m->r + n) - lgamma(m->r) - lgamma(n + 1.0);
	/* (alpha / (alpha + t))^r (t / (alpha + t))^n (beta / (beta + t))^s */
	l1 = -m->r * log1p(t / m->alpha) - (n > 0 ? n * log1p(m->alpha / t) : 0) -
		m->s * log1p(t / m->beta);
	l2 = m->r * log(m->alpha) + log(m->s) + m->s * log(m->beta) +
		log_power_integral(m->alpha, m->beta, n, m->r + n, m->s + 1, 0, t);
	if (isnan(l2))
		return NAN;
	return exp(lk + log_sum_exp(l1, l2));
}

/* jy_pnbd_expected_conditional as an ExpectedFn */
static double
pnbd_expected_fn(const void *model, double x, double t_x, double T, double t)
{
	return jy_pnbd_expected_conditional(model, x, t_x, T, t);
}

/* Discounted CLV over horizon periods */
double
jy_pnbd_clv(const JyParetoNbd *m, double x, double t_x, double T, double spend,
			int horizon, double discount)
{
	return clv_discounted(pnbd_expected_fn, m, x, t_x, T, spend, horizon, discount);
}

/* ---------- simulator ---------- */

/* Uniform in (0, 1) from splitmix64 */
double
jy_rng_uniform(JyRng *g)
{
	uint64_t	z = (g->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return ((double) (z >> 11) + 0.5) / 9007199254740992.0;
}

/* A standard normal variate (Box-Muller) */
static double
rng_normal(JyRng *g)
{
	double		u = jy_rng_uniform(g),
				v = jy_rng_uniform(g);

	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* Gamma(shape, 1) by Marsaglia-Tsang */
double
jy_rng_gamma(JyRng *g, double shape)
{
	double		d,
				c;

	if (shape < 1)
		return jy_rng_gamma(g, shape + 1) * pow(jy_rng_uniform(g), 1 / shape);
	d = shape - 1.0 / 3;
	c = 1 / sqrt(9 * d);
	for (;;)
	{
		double		x = rng_normal(g),
					v = 1 + c * x,
					u;

		if (v <= 0)
			continue;
		v = v * v * v;
		u = jy_rng_uniform(g);
		if (log(u) < 0.5 * x * x + d - d * v + d * log(v))
			return d * v;
	}
}

/* Beta(a, b) */
double
jy_rng_beta(JyRng *g, double a, double b)
{
	double		x = jy_rng_gamma(g, a),
				y = jy_rng_gamma(g, b);

	return x / (x + y);
}

/* One simulated BG/NBD customer */
JyRfmTriple
jy_bgnbd_simulate(JyRng *g, const JyBgnbd *m, double T)
{
	JyRfmTriple c = {0, 0, T, 1};
	double		lambda = jy_rng_gamma(g, m->r) / m->alpha,
				p = jy_rng_beta(g, m->a, m->b),
				t = 0;

	if (!(lambda > 0))
		return c;
	for (;;)
	{
		t += -log(jy_rng_uniform(g)) / lambda;
		if (t > T)
			break;
		c.x += 1;
		c.t_x = t;
		if (jy_rng_uniform(g) < p)
			break;
	}
	return c;
}

/* One simulated Pareto/NBD customer */
JyRfmTriple
jy_pnbd_simulate(JyRng *g, const JyParetoNbd *m, double T)
{
	JyRfmTriple c = {0, 0, T, 1};
	double		lambda = jy_rng_gamma(g, m->r) / m->alpha,
				mu = jy_rng_gamma(g, m->s) / m->beta,
				e = -log(jy_rng_uniform(g)),
				end = mu > 0 && e / mu < T ? e / mu : T,
				t = 0;

	if (!(lambda > 0))
		return c;
	for (;;)
	{
		t += -log(jy_rng_uniform(g)) / lambda;
		if (t > end)
			break;
		c.x += 1;
		c.t_x = t;
	}
	return c;
}

/* Simulated mean spend of a customer with x purchases */
double
jy_gg_simulate(JyRng *g, const JyGammaGamma *m, double x)
{
	double		nu = jy_rng_gamma(g, m->q) / m->gamma;

	return jy_rng_gamma(g, m->p * x) / (nu * x);
}
