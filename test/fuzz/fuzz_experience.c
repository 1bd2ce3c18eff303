/*
 * fuzz_experience.c -- libFuzzer target for the experience_summary decoder
 * and experience_consistency's state decoder
 *
 * The first byte selects: 0, the rest as summary bytes; 1, the rest after
 * a valid summary header (so that the fuzzer reaches the counts without
 * finding the header first; test/fuzz/run.sh has no seeds for this
 * target); 2, the rest as a consistency state.  Every input must decode or
 * be rejected with JY_ERR_CORRUPT and a reason -- never read out of bounds
 * (ASan) or overflow (UBSan).  What decodes encodes back to the same bytes,
 * and its measures are finite and in range.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/experience.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_experience: %s\n", what);
		abort();
	}
}

/* A decoded summary: re-encodes, and every measure is sane */
static void
check_summary(const uint8_t *in, size_t len)
{
	JyScores	s,
				twice;
	JyExpMeasure m;
	JyWriter	w;
	const char *why = NULL;
	double		v;
	int			k;

	if (jy_scores_decode(in, len, &s, &why) != JY_OK)
	{
		fz_check(why != NULL, "summary rejected without a reason");
		return;
	}
	jy_writer_init(&w, &fz_mem);
	jy_scores_encode(&w, &s);
	fz_check(w.status == JY_OK && w.len == len && memcmp(w.buf, in, len) == 0,
			 "summary does not encode back to the same bytes");
	jy_writer_free(&w);
	fz_check(jy_scores_n(&s) >= 0, "negative number of answers");
	fz_check(jy_exp_nps(&s, 1.959963984540054, &m) == JY_OK, "nps failed");
	if (m.has_value)
		fz_check(m.value >= -1 && m.value <= 1 && m.ci_low >= -1 && m.ci_high <= 1 &&
				 m.ci_low <= m.value && m.value <= m.ci_high, "nps out of range");
	fz_check(jy_exp_csat(&s, 4, 1.959963984540054, &m) == JY_OK, "csat failed");
	if (m.has_value)
		fz_check(m.value >= 0 && m.value <= 1 && m.ci_low >= 0 && m.ci_high <= 1,
				 "csat out of range");
	fz_check(jy_exp_mean(&s, 0.95, &m) == JY_OK, "mean failed");
	if (m.has_value)
		fz_check(m.value >= 0 && m.value <= JY_SCORE_MAX, "mean out of range");
	if (m.has_ci)
		fz_check(isfinite(m.ci_low) && isfinite(m.ci_high) && isfinite(m.sd), "mean interval not finite");
	for (k = 0; k < JY_EXP_NKINDS; k++)
		if (jy_exp_score(&s, (JyExpKind) k, &v))
			fz_check(isfinite(v), "score not finite");
	twice = s;
	if (jy_scores_merge_checked(&twice, &s) == JY_OK)
		fz_check(jy_scores_n(&twice) == 2 * jy_scores_n(&s), "merge with itself miscounted");
	else
		fz_check(memcmp(&twice, &s, sizeof(s)) == 0, "failed merge changed the counts");
}

/* A decoded consistency state: re-encodes, and its result is sane */
static void
check_state(const uint8_t *in, size_t len)
{
	JyConsistencyState st;
	JyConsistency c;
	JyWriter	w;
	const char *why = NULL;
	double		overall;
	bool		has;
	JyStatus	rc = jy_consistency_state_decode(in, len, &st, &fz_mem, &why);

	if (rc != JY_OK)
	{
		fz_check(rc == JY_ERR_CORRUPT && why != NULL, "state rejected without a reason");
		jy_consistency_state_free(&st, &fz_mem);
		return;
	}
	jy_writer_init(&w, &fz_mem);
	jy_consistency_state_encode(&w, &st);
	fz_check(w.status == JY_OK && w.len == len && memcmp(w.buf, in, len) == 0,
			 "state does not encode back to the same bytes");
	jy_writer_free(&w);
	fz_check(jy_consistency_result(&st, &overall, &has, &c) == JY_OK, "result failed");
	fz_check(c.within <= c.included && c.included + c.excluded == (int64_t) st.ntouch,
			 "touchpoints miscounted");
	if (c.has_index)
		fz_check(c.index >= 0 && c.index <= 1, "index out of range");
	jy_consistency_state_free(&st, &fz_mem);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t    *copy;
	size_t		n;

	if (size == 0)
		return 0;
	/* an exact-size copy, so ASan sees reads past the end */
	n = size - 1 + (data[0] == 1 ? JY_SUMMARY_HEADER_SIZE : 0);
	copy = malloc(n > 0 ? n : 1);
	if (data[0] == 1)
	{
		static const uint8_t h[JY_SUMMARY_HEADER_SIZE] = {'J', 'S', JY_SUMMARY_EXPERIENCE, JY_SUMMARY_VERSION};

		memcpy(copy, h, sizeof(h));
		memcpy(copy + sizeof(h), data + 1, size - 1);
	}
	else
		memcpy(copy, data + 1, size - 1);
	if (data[0] == 2)
		check_state(copy, n);
	else
		check_summary(copy, n);
	free(copy);
	return 0;
}
