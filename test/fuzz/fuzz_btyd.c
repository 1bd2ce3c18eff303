/*
 * fuzz_btyd.c -- libFuzzer target for the BTYD likelihoods and scores
 *
 * The input gives BG/NBD and Gamma-Gamma parameters (each in [1e-3, 1e3],
 * log-uniform), a customer (x in 0..1023, 1 <= T <= 1000, t_x in [0, T])
 * and a horizon t in [0, 100], then Pareto/NBD parameters (the same
 * range).  Nothing may be undefined behaviour (UBSan) or read out of
 * bounds (ASan); the likelihoods are never NaN, P(alive) lies in [0, 1],
 * P(X(t) = n) is a probability (to rounding); for Pareto/NBD also the
 * expectations and the CLV are finite and not negative (its scores
 * integrate numerically where the series would be slow, so no NaN is
 * allowed there either), P(alive) is 1 at t_x = T, and a simulated
 * customer (when the expected purchases are few) is a valid triple.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/btyd.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_btyd: %s\n", what);
		abort();
	}
}

/* The next 16 bits of the input as a fraction in [0, 1] (0 past the end) */
static double
fz_frac(const uint8_t *data, size_t size, size_t *at)
{
	unsigned	v = 0;

	if (*at + 2 <= size)
		v = (unsigned) data[*at] | (unsigned) data[*at + 1] << 8;
	*at += 2;
	return v / 65535.0;
}

/* The Pareto/NBD functions at the next four parameters of the input */
static void
pnbd_checks(const uint8_t *data, size_t size, size_t *at, double x, double t_x,
			double T, double t, int n)
{
	double		par[4],
				v;
	JyParetoNbd p;
	int			i;

	for (i = 0; i < 4; i++)
		par[i] = exp(log(1e-3) + fz_frac(data, size, at) * log(1e6));
	p = (JyParetoNbd) {par[0], par[1], par[2], par[3]};

	v = jy_pnbd_ll_one(&p, x, t_x, T);
	fz_check(!isnan(v) && v < INFINITY, "Pareto/NBD log-likelihood is NaN or +Inf");
	v = jy_pnbd_p_alive(&p, x, t_x, T);
	fz_check(v >= 0 && v <= 1, "Pareto/NBD P(alive) outside [0, 1]");
	fz_check(jy_pnbd_p_alive(&p, x, T, T) == 1, "Pareto/NBD P(alive) below 1 at t_x = T");
	v = jy_pnbd_p_n(&p, t, n);
	fz_check(v >= 0 && v <= 1 + 1e-9, "Pareto/NBD P(X(t) = n) outside [0, 1]");
	v = jy_pnbd_expected(&p, t);
	fz_check(v >= 0 && v < INFINITY, "Pareto/NBD E[X(t)] negative, NaN or infinite");
	v = jy_pnbd_expected_conditional(&p, x, t_x, T, t);
	fz_check(v >= 0 && v < INFINITY, "Pareto/NBD E[Y(t)] negative, NaN or infinite");
	v = jy_pnbd_clv(&p, x, t_x, T, 10, 3, 0.01);
	fz_check(v >= 0 && v < INFINITY, "Pareto/NBD CLV negative, NaN or infinite");
	/* simulate only where lambda T is small (the loop is one step a purchase) */
	if (p.r / p.alpha <= 100)
	{
		JyRng		g = {(uint64_t) size * 2654435761u + (uint64_t) n};
		JyRfmTriple c = jy_pnbd_simulate(&g, &p, 1);

		fz_check(c.x >= 0 && c.t_x >= 0 && c.t_x <= 1 && c.T == 1 &&
				 (c.x > 0) == (c.t_x > 0), "Pareto/NBD simulated customer invalid");
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t		at = 0;
	double		par[7];
	JyBgnbd		m;
	JyGammaGamma g;
	double		x,
				T,
				t_x,
				t,
				v;
	int			i,
				n;

	for (i = 0; i < 7; i++)
		par[i] = exp(log(1e-3) + fz_frac(data, size, &at) * log(1e6));
	m = (JyBgnbd) {par[0], par[1], par[2], par[3]};
	g = (JyGammaGamma) {par[4], par[5], par[6]};
	x = floor(fz_frac(data, size, &at) * 1023);
	T = 1 + fz_frac(data, size, &at) * 999;
	t_x = x > 0 ? fmax(1e-3, fz_frac(data, size, &at) * T) : 0;
	t = fz_frac(data, size, &at) * 100;
	n = (int) (fz_frac(data, size, &at) * 50);

	v = jy_bgnbd_ll_one(&m, x, t_x, T);
	fz_check(!isnan(v), "BG/NBD log-likelihood is NaN");
	v = jy_bgnbd_p_alive(&m, x, t_x, T);
	fz_check(v >= 0 && v <= 1, "P(alive) outside [0, 1]");
	v = jy_bgnbd_p_n(&m, t, n);
	fz_check(!(v < -1e-9) && !(v > 1 + 1e-9), "P(X(t) = n) outside [0, 1]");
	(void) jy_bgnbd_expected(&m, t);
	(void) jy_bgnbd_expected_conditional(&m, x, t_x, T, t);
	(void) jy_bgnbd_clv(&m, x, t_x, T, 10, 3, 0.01);
	pnbd_checks(data, size, &at, x, t_x, T, t, n);
	if (x >= 1)
	{
		v = jy_gg_ll_one(&g, x, 1 + t);
		fz_check(!isnan(v), "Gamma-Gamma log-likelihood is NaN");
		(void) jy_gg_expected_spend(&g, x, 1 + t);
	}
	return 0;
}
