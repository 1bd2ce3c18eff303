/*
 * btyd.c -- BG/NBD and Gamma-Gamma models: likelihoods, fitting, scoring,
 * the Gauss hypergeometric function and a simulator (see btyd.h)
 */
#include "btyd.h"

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
	if ((run->evals & 63) == 0)
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

/* -LL of BG/NBD at par = (r, alpha, a, b) */
static double
bgnbd_objective(const double *par, void *ctx)
{
	BtydData   *d = ctx;
	JyBgnbd		m = {par[0], par[1], par[2], par[3]};

	return -jy_bgnbd_ll(&m, d->c, d->n);
}

/* Fit BG/NBD */
JyStatus
jy_bgnbd_fit(const JyRfmTriple *c, size_t n, const JyFitOptions *o,
			 const JyMem *m, JyFit *out)
{
	BtydData	d = {c, n};
	double		w = 0,
				sx = 0,
				sT = 0,
				alpha0;
	size_t		i;
	JyStatus	st;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++)
	{
		if (!(c[i].weight >= 0) || !(c[i].x >= 0) || !(c[i].t_x >= 0) ||
			!(c[i].t_x <= c[i].T) || !isfinite(c[i].T) || !isfinite(c[i].x) ||
			!isfinite(c[i].weight) || (c[i].x > 0 && c[i].t_x == 0))
			return JY_ERR_BAD_PARAMETER;
		w += c[i].weight;
		sx += c[i].weight * c[i].x;
		sT += c[i].weight * c[i].T;
	}
	if (!(w > 0) || !(sT > 0))
		return JY_ERR_BAD_PARAMETER;
	/* alpha is a time scale: mean age over mean purchases */
	alpha0 = (sT / w) / (sx / w + 1);
	{
		double		starts[12] = {
			1, alpha0, 1, 1,
			0.5, alpha0 * 0.5, 0.5, 2,
			2, alpha0 * 2, 2, 5
		};

		st = jy_fit_minimize(bgnbd_objective, &d, 4, starts, 3, o, m, out);
	}
	out->customers = w;
	return st;
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

/* Discounted CLV over horizon periods */
double
jy_bgnbd_clv(const JyBgnbd *m, double x, double t_x, double T, double spend,
			 int horizon, double discount)
{
	double		prev = 0,
				sum = 0,
				factor = 1;
	int			k;

	for (k = 1; k <= horizon; k++)
	{
		double		e = jy_bgnbd_expected_conditional(m, x, t_x, T, k);

		factor /= 1 + discount;
		sum += (e - prev) * spend * factor;
		prev = e;
	}
	return sum;
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

/* Simulated mean spend of a customer with x purchases */
double
jy_gg_simulate(JyRng *g, const JyGammaGamma *m, double x)
{
	double		nu = jy_rng_gamma(g, m->q) / m->gamma;

	return jy_rng_gamma(g, m->p * x) / (nu * x);
}
