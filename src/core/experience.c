/*
 * experience.c -- NPS, CSAT, mean score and consistency (see experience.h)
 */
#include "experience.h"

#include <math.h>
#include <string.h>

#include "stats.h"

/* No answers */
void
jy_scores_init(JyScores *s)
{
	memset(s, 0, sizeof(*s));
}

/* Add one answer */
bool
jy_scores_add(JyScores *s, int score)
{
	if (score < 0 || score > JY_SCORE_MAX)
		return false;
	s->count[score]++;
	return true;
}

/* Add counts */
void
jy_scores_merge(JyScores *into, const JyScores *from)
{
	int			i;

	for (i = 0; i <= JY_SCORE_MAX; i++)
		into->count[i] += from->count[i];
}

/* The number of answers */
int64_t
jy_scores_n(const JyScores *s)
{
	int64_t		n = 0;
	int			i;

	for (i = 0; i <= JY_SCORE_MAX; i++)
		n += s->count[i];
	return n;
}

/* An empty measure of n answers */
static void
measure_init(JyExpMeasure *out, int64_t n)
{
	memset(out, 0, sizeof(*out));
	out->n = n;
	out->value = out->sd = out->ci_low = out->ci_high = NAN;
}

/* NPS with its trinomial normal interval */
JyStatus
jy_exp_nps(const JyScores *s, double z, JyExpMeasure *out)
{
	int			i;
	double		n,
				pp,
				pd,
				half;

	measure_init(out, jy_scores_n(s));
	if (!(z > 0) || !isfinite(z))
		return JY_ERR_BAD_PARAMETER;
	for (i = 0; i <= JY_SCORE_MAX; i++)
	{
		if (i >= 9)
			out->promoters += s->count[i];
		else if (i >= 7)
			out->passives += s->count[i];
		else
			out->detractors += s->count[i];
	}
	if (out->n == 0)
		return JY_OK;
	n = (double) out->n;
	pp = (double) out->promoters / n;
	pd = (double) out->detractors / n;
	out->value = pp - pd;
	half = z * sqrt(fmax(0, pp + pd - (pp - pd) * (pp - pd)) / n);
	out->ci_low = fmax(-1, out->value - half);
	out->ci_high = fmin(1, out->value + half);
	out->has_value = out->has_ci = true;
	return JY_OK;
}

/* CSAT: the share at or above threshold, Wilson interval */
JyStatus
jy_exp_csat(const JyScores *s, int threshold, double z, JyExpMeasure *out)
{
	int			i;

	measure_init(out, jy_scores_n(s));
	if (threshold < 0 || threshold > JY_SCORE_MAX || !(z > 0) || !isfinite(z))
		return JY_ERR_BAD_PARAMETER;
	for (i = threshold; i <= JY_SCORE_MAX; i++)
		out->successes += s->count[i];
	if (out->n == 0)
		return JY_OK;
	out->value = (double) out->successes / (double) out->n;
	jy_wilson(out->successes, out->n, z, &out->ci_low, &out->ci_high);
	out->has_value = out->has_ci = true;
	return JY_OK;
}

/* Mean score with its t interval */
JyStatus
jy_exp_mean(const JyScores *s, double confidence, JyExpMeasure *out)
{
	int			i;
	double		n,
				sum = 0,
				ss = 0,
				half;

	measure_init(out, jy_scores_n(s));
	if (!(confidence > 0 && confidence < 1))
		return JY_ERR_BAD_PARAMETER;
	if (out->n == 0)
		return JY_OK;
	n = (double) out->n;
	for (i = 0; i <= JY_SCORE_MAX; i++)
		sum += (double) i * (double) s->count[i];
	out->value = sum / n;
	out->has_value = true;
	if (out->n < 2)
		return JY_OK;
	/* the squares about the mean, from the counts (no cancellation) */
	for (i = 0; i <= JY_SCORE_MAX; i++)
		ss += (double) s->count[i] * (i - out->value) * (i - out->value);
	out->sd = sqrt(ss / (n - 1));
	half = jy_t_quantile((1 + confidence) / 2, n - 1) * out->sd / sqrt(n);
	out->ci_low = out->value - half;
	out->ci_high = out->value + half;
	out->has_ci = true;
	return JY_OK;
}

/* Consistency: the share of touchpoints within tol of overall */
JyStatus
jy_exp_consistency(const JyTouchScore *t, size_t n, double overall,
				   double tol, int64_t min_n, bool weighted,
				   JyConsistency *out)
{
	double		num = 0,
				den = 0;
	size_t		i;

	memset(out, 0, sizeof(*out));
	out->index = NAN;
	if (!isfinite(overall) || !isfinite(tol) || tol < 0)
		return JY_ERR_BAD_PARAMETER;
	for (i = 0; i < n; i++)
		if (isnan(t[i].score) || t[i].n < 0)
			return JY_ERR_BAD_PARAMETER;
	for (i = 0; i < n; i++)
	{
		bool		in;
		double		w = weighted ? (double) t[i].n : 1;

		if (t[i].n < min_n)
		{
			out->excluded++;
			continue;
		}
		out->included++;
		in = t[i].score >= overall - tol && t[i].score <= overall + tol;
		if (in)
		{
			out->within++;
			num += w;
		}
		den += w;
	}
	if (den > 0)
	{
		out->index = num / den;
		out->has_index = true;
	}
	return JY_OK;
}
