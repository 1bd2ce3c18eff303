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

/* ---- additions for the SQL surface (experience_summary) ---- */

/* Add counts unless the total passes INT64_MAX */
JyStatus
jy_scores_merge_checked(JyScores *into, const JyScores *from)
{
	int64_t		a = jy_scores_n(into),
				b = jy_scores_n(from);

	if (b > INT64_MAX - a)
		return JY_ERR_VALUE_TOO_LARGE;
	jy_scores_merge(into, from);
	return JY_OK;
}

/* The summary bytes: header, 11 varint counts */
void
jy_scores_encode(JyWriter *w, const JyScores *s)
{
	int			i;

	jy_writer_header(w, JY_SUMMARY_EXPERIENCE);
	for (i = 0; i <= JY_SCORE_MAX; i++)
		jy_write_varint(w, (uint64_t) s->count[i]);
}

/* Read 11 counts whose sum fits in an int64; false when it does not */
static bool
read_counts(JyReader *r, JyScores *s)
{
	int64_t		total = 0;
	int			i;

	jy_scores_init(s);
	for (i = 0; i <= JY_SCORE_MAX; i++)
	{
		uint64_t	c = jy_read_varint(r);

		if (!r->ok)
			return true;		/* the caller reports the short read */
		if (c > (uint64_t) (INT64_MAX - total))
			return false;
		s->count[i] = (int64_t) c;
		total += (int64_t) c;
	}
	return true;
}

/* Decode and check a summary */
JyStatus
jy_scores_decode(const uint8_t *in, size_t len, JyScores *s, const char **why)
{
	JyReader	r;

	jy_scores_init(s);
	jy_reader_init(&r, in, len);
	if (jy_reader_header(&r, JY_SUMMARY_EXPERIENCE, why) != JY_OK)
		return JY_ERR_CORRUPT;
	if (!read_counts(&r, s))
	{
		jy_scores_init(s);
		*why = "The numbers of answers add up to more than a bigint holds.";
		return JY_ERR_CORRUPT;
	}
	if (jy_reader_end(&r, "The summary ends early or holds a malformed number.", why) != JY_OK)
	{
		jy_scores_init(s);
		return JY_ERR_CORRUPT;
	}
	return JY_OK;
}

JyStatus
jy_scores_check(const uint8_t *in, size_t len, const JyMem *m, const char **why)
{
	JyScores	s;

	(void) m;
	return jy_scores_decode(in, len, &s, why);
}

static const char *const exp_kind_names[JY_EXP_NKINDS] = {"nps", "csat", "mean"};

int
jy_exp_kind_parse(const char *s, size_t len)
{
	return jy_keyword(exp_kind_names, JY_EXP_NKINDS, s, len);
}

const char *
jy_exp_kind_name(JyExpKind kind)
{
	return (unsigned) kind < JY_EXP_NKINDS ? exp_kind_names[kind] : "?";
}

/* A measure's value in report units */
bool
jy_exp_score(const JyScores *s, JyExpKind kind, double *v)
{
	int64_t		n = jy_scores_n(s),
				k = 0;
	double		sum = 0;
	int			i;

	*v = NAN;
	if (n == 0)
		return false;
	switch (kind)
	{
		case JY_EXP_NPS:
			/* P - D exactly, then one rounding (as 100.0 * (P - D) / n in SQL) */
			for (i = 0; i <= JY_SCORE_MAX; i++)
				k += i >= 9 ? s->count[i] : i <= 6 ? -s->count[i] : 0;
			*v = fmax(-100, fmin(100, 100.0 * (double) k / (double) n));
			return true;
		case JY_EXP_CSAT:
			for (i = JY_EXP_CSAT_THRESHOLD; i <= JY_SCORE_MAX; i++)
				k += s->count[i];
			*v = (double) k / (double) n;
			return true;
		case JY_EXP_MEAN:
			for (i = 0; i <= JY_SCORE_MAX; i++)
				sum += (double) i * (double) s->count[i];
			*v = fmin(JY_SCORE_MAX, sum / (double) n);
			return true;
	}
	return false;
}

/* Is v a score a measure can have? */
static bool
score_in_range(JyExpKind kind, double v)
{
	switch (kind)
	{
		case JY_EXP_NPS:
			return v >= -100 && v <= 100;
		case JY_EXP_CSAT:
			return v >= 0 && v <= 1;
		case JY_EXP_MEAN:
			return v >= 0 && v <= JY_SCORE_MAX;
	}
	return false;
}

void
jy_consistency_state_encode(JyWriter *w, const JyConsistencyState *st)
{
	uint32_t	i;
	int			k;

	jy_write_u8(w, JY_CONSISTENCY_STATE_VERSION);
	jy_write_u8(w, (uint8_t) st->kind);
	jy_write_double(w, st->tolerance);
	jy_write_varint(w, (uint64_t) st->min_answers);
	for (k = 0; k <= JY_SCORE_MAX; k++)
		jy_write_varint(w, (uint64_t) st->pooled.count[k]);
	jy_write_varint(w, st->ntouch);
	for (i = 0; i < st->ntouch; i++)
	{
		jy_write_double(w, st->touch[i].score);
		jy_write_varint(w, (uint64_t) st->touch[i].n);
	}
}

JyStatus
jy_consistency_state_decode(const uint8_t *in, size_t len, JyConsistencyState *st,
							const JyMem *m, const char **why)
{
	JyReader	r;
	uint8_t		version,
				kind;
	uint64_t	nt;
	uint32_t	i;

	memset(st, 0, sizeof(*st));
	jy_reader_init(&r, in, len);
	version = jy_read_u8(&r);
	kind = jy_read_u8(&r);
	if (r.ok && version != JY_CONSISTENCY_STATE_VERSION)
	{
		*why = "Its format version is not one this release reads.";
		return JY_ERR_CORRUPT;
	}
	if (r.ok && kind >= JY_EXP_NKINDS)
	{
		*why = "The measure is unknown.";
		return JY_ERR_CORRUPT;
	}
	st->kind = (JyExpKind) kind;
	st->tolerance = jy_read_double(&r);
	if (r.ok && (!isfinite(st->tolerance) || st->tolerance < 0))
	{
		*why = "The tolerance is negative or not finite.";
		return JY_ERR_CORRUPT;
	}
	st->min_answers = (int64_t) jy_read_count(&r, (uint64_t) INT64_MAX);
	if (!read_counts(&r, &st->pooled))
	{
		*why = "The numbers of answers add up to more than a bigint holds.";
		return JY_ERR_CORRUPT;
	}
	/* each touchpoint takes at least 9 bytes */
	nt = jy_read_count(&r, jy_reader_left(&r) / 9 < JY_CONSISTENCY_MAX_TOUCH ?
					   jy_reader_left(&r) / 9 : JY_CONSISTENCY_MAX_TOUCH);
	if (!r.ok)
		return jy_reader_end(&r, "The state ends early or holds a malformed number.", why);
	if (nt > 0)
	{
		st->touch = m->alloc(m->arg, (size_t) nt * sizeof(JyTouchScore));
		if (st->touch == NULL)
			return JY_ERR_OUT_OF_MEMORY;
		st->cap = (uint32_t) nt;
	}
	for (i = 0; i < nt && r.ok; i++)
	{
		JyTouchScore *t = &st->touch[i];

		t->score = jy_read_double(&r);
		t->n = (int64_t) jy_read_count(&r, (uint64_t) INT64_MAX);
		st->ntouch = i + 1;
		if (r.ok && (t->n > 0 ? !score_in_range(st->kind, t->score) : t->score != 0))
		{
			*why = "A touchpoint's score is not one its measure can have.";
			return JY_ERR_CORRUPT;
		}
	}
	return jy_reader_end(&r, "The state ends early or holds a malformed number.", why);
}

JyStatus
jy_consistency_add(JyConsistencyState *st, const JyScores *s, const JyMem *m)
{
	JyTouchScore t;
	JyScores	pooled = st->pooled;
	JyStatus	rc;
	void	   *arr = st->touch;

	if (jy_scores_merge_checked(&pooled, s) != JY_OK)
		return JY_ERR_VALUE_TOO_LARGE;
	t.n = jy_scores_n(s);
	if (!jy_exp_score(s, st->kind, &t.score))
		t.score = 0;
	rc = jy_grow(m, &arr, &st->cap, st->ntouch, 1, sizeof(JyTouchScore),
				 JY_CONSISTENCY_MAX_TOUCH);
	if (rc != JY_OK)
		return rc;
	st->touch = arr;
	st->touch[st->ntouch++] = t;
	st->pooled = pooled;
	return JY_OK;
}

JyStatus
jy_consistency_merge(JyConsistencyState *dst, const JyConsistencyState *src,
					 const JyMem *m)
{
	JyScores	pooled = dst->pooled;
	JyStatus	rc;
	void	   *arr = dst->touch;

	if (jy_scores_merge_checked(&pooled, &src->pooled) != JY_OK)
		return JY_ERR_VALUE_TOO_LARGE;
	if (src->ntouch == 0)
	{
		dst->pooled = pooled;
		return JY_OK;
	}
	rc = jy_grow(m, &arr, &dst->cap, dst->ntouch, src->ntouch, sizeof(JyTouchScore),
				 JY_CONSISTENCY_MAX_TOUCH);
	if (rc != JY_OK)
		return rc;
	dst->touch = arr;
	memcpy(dst->touch + dst->ntouch, src->touch, src->ntouch * sizeof(JyTouchScore));
	dst->ntouch += src->ntouch;
	dst->pooled = pooled;
	return JY_OK;
}

JyStatus
jy_consistency_result(const JyConsistencyState *st, double *overall,
					  bool *has_overall, JyConsistency *out)
{
	*has_overall = jy_exp_score(&st->pooled, st->kind, overall);
	if (!*has_overall)
	{
		/* no answers at all: every touchpoint is excluded */
		memset(out, 0, sizeof(*out));
		out->index = NAN;
		out->excluded = st->ntouch;
		return JY_OK;
	}
	return jy_exp_consistency(st->touch, st->ntouch, *overall, st->tolerance,
							  st->min_answers > 1 ? st->min_answers : 1, false, out);
}

void
jy_consistency_state_free(JyConsistencyState *st, const JyMem *m)
{
	if (st->touch != NULL)
		m->release(m->arg, st->touch);
	st->touch = NULL;
	st->ntouch = st->cap = 0;
}
