/*
 * test_experience.c -- unit tests of the experience measures: NPS, CSAT
 * and mean score on worked examples, merging against one pass, the edge
 * cases, and the consistency index
 */
#include "unit.h"

#include <math.h>

#include "core/experience.h"
#include "core/stats.h"

/* 95 % */
#define Z95 1.959963984540054

/* Scores from a list */
static void
fill(JyScores *s, const int *a, int n)
{
	int			i;

	jy_scores_init(s);
	for (i = 0; i < n; i++)
		CHECK(jy_scores_add(s, a[i]));
}

/* Ten answers: 5 promoters, 3 passives, 2 detractors */
static void
test_worked(void)
{
	static const int a[] = {10, 10, 9, 9, 9, 8, 7, 7, 5, 0};
	JyScores	s;
	JyExpMeasure m;

	fill(&s, a, 10);
	CHECK_EQ(jy_exp_nps(&s, Z95, &m), JY_OK);
	CHECK_EQ(m.n, 10);
	CHECK_EQ(m.promoters, 5);
	CHECK_EQ(m.passives, 3);
	CHECK_EQ(m.detractors, 2);
	CHECK(m.has_value && m.has_ci);
	CHECK_NEAR(m.value, 0.3, 1e-15);
	/* Var = (0.5 + 0.2 - 0.3^2) / 10 = 0.061: 0.3 -+ 1.96 sqrt(0.061) */
	CHECK_NEAR(m.ci_low, -0.18407539501852566, 1e-12);
	CHECK_NEAR(m.ci_high, 0.7840753950185256, 1e-12);

	/* mean 74 / 10, squares about it 82.4, t(0.975, 9) = 2.2621571627982055 (mpmath) */
	CHECK_EQ(jy_exp_mean(&s, 0.95, &m), JY_OK);
	CHECK_NEAR(m.value, 7.4, 1e-15);
	CHECK_NEAR(m.sd, 3.0258148581093915, 1e-12);
	CHECK_NEAR(m.ci_low, 5.2354624450627991, 1e-12);
	CHECK_NEAR(m.ci_high, 9.5645375549372016, 1e-12);

	/* top-2-box of 1 .. 5: 5 of 8, exactly jy_wilson */
	{
		static const int c[] = {5, 5, 4, 4, 4, 3, 2, 1};
		double		lo,
					hi;

		fill(&s, c, 8);
		CHECK_EQ(jy_exp_csat(&s, 4, Z95, &m), JY_OK);
		CHECK_EQ(m.successes, 5);
		CHECK_NEAR(m.value, 0.625, 0);
		jy_wilson(5, 8, Z95, &lo, &hi);
		CHECK_NEAR(m.ci_low, lo, 0);
		CHECK_NEAR(m.ci_high, hi, 0);
		/* Wilson by hand: (p + z^2/2n -+ z sqrt(p q / n + z^2/4n^2)) / (1 + z^2/n) */
		CHECK_NEAR(m.ci_low, (0.625 + Z95 * Z95 / 16 -
							  Z95 * sqrt(0.625 * 0.375 / 8 + Z95 * Z95 / 256)) /
				   (1 + Z95 * Z95 / 8), 1e-15);
		/* threshold 5: top box */
		CHECK_EQ(jy_exp_csat(&s, 5, Z95, &m), JY_OK);
		CHECK_EQ(m.successes, 2);
	}
}

/* n = 0, one answer, all promoters, all detractors, bad arguments */
static void
test_edges(void)
{
	JyScores	s;
	JyExpMeasure m;
	int			i;

	jy_scores_init(&s);
	CHECK_EQ(jy_exp_nps(&s, Z95, &m), JY_OK);
	CHECK(!m.has_value && !m.has_ci && isnan(m.value));
	CHECK_EQ(jy_exp_csat(&s, 4, Z95, &m), JY_OK);
	CHECK(!m.has_value);
	CHECK_EQ(jy_exp_mean(&s, 0.95, &m), JY_OK);
	CHECK(!m.has_value);

	CHECK(jy_scores_add(&s, 8));
	CHECK_EQ(jy_exp_mean(&s, 0.95, &m), JY_OK);
	CHECK(m.has_value && !m.has_ci);
	CHECK_NEAR(m.value, 8, 0);

	jy_scores_init(&s);
	for (i = 0; i < 7; i++)
		CHECK(jy_scores_add(&s, 9 + i % 2));
	CHECK_EQ(jy_exp_nps(&s, Z95, &m), JY_OK);
	CHECK_NEAR(m.value, 1, 0);
	CHECK_NEAR(m.ci_low, 1, 0);	/* degenerate: Var = 0 */
	CHECK_NEAR(m.ci_high, 1, 0);
	jy_scores_init(&s);
	for (i = 0; i < 7; i++)
		CHECK(jy_scores_add(&s, i));
	CHECK_EQ(jy_exp_nps(&s, Z95, &m), JY_OK);
	CHECK_NEAR(m.value, -1, 0);
	CHECK_NEAR(m.ci_low, -1, 0);
	CHECK_NEAR(m.ci_high, -1, 0);
	/* one promoter, one detractor: 0 -+ z sqrt(1/2), clipped to [-1, 1] */
	jy_scores_init(&s);
	jy_scores_add(&s, 10);
	jy_scores_add(&s, 0);
	CHECK_EQ(jy_exp_nps(&s, 1.0, &m), JY_OK);
	CHECK_NEAR(m.ci_low, -sqrt(0.5), 1e-15);
	CHECK_NEAR(m.ci_high, sqrt(0.5), 1e-15);
	CHECK_EQ(jy_exp_nps(&s, Z95, &m), JY_OK);
	CHECK_NEAR(m.ci_low, -1, 0);
	CHECK_NEAR(m.ci_high, 1, 0);

	CHECK(!jy_scores_add(&s, -1));
	CHECK(!jy_scores_add(&s, 11));
	CHECK_EQ(jy_scores_n(&s), 2);
	CHECK_EQ(jy_exp_nps(&s, 0, &m), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_exp_nps(&s, NAN, &m), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_exp_csat(&s, 11, Z95, &m), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_exp_csat(&s, -1, Z95, &m), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_exp_mean(&s, 1, &m), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_exp_mean(&s, 0, &m), JY_ERR_BAD_PARAMETER);
}

/* Merging two halves equals one pass, and the mean equals a direct one */
static void
test_merge(void)
{
	JyScores	a,
				b,
				all;
	JyExpMeasure m1,
				m2;
	double		sum = 0;
	int			i;

	jy_scores_init(&a);
	jy_scores_init(&b);
	jy_scores_init(&all);
	for (i = 0; i < 1000; i++)
	{
		int			v = (int) unit_below(11);

		jy_scores_add(i % 3 ? &a : &b, v);
		jy_scores_add(&all, v);
		sum += v;
	}
	jy_scores_merge(&a, &b);
	CHECK(memcmp(&a, &all, sizeof(a)) == 0);
	jy_exp_nps(&a, Z95, &m1);
	jy_exp_nps(&all, Z95, &m2);
	CHECK(m1.value == m2.value && m1.ci_low == m2.ci_low && m1.ci_high == m2.ci_high);
	jy_exp_mean(&a, 0.9, &m1);
	CHECK_NEAR(m1.value, sum / 1000, 1e-12);
}

/* The consistency index: inclusive bounds, min_n, weights */
static void
test_consistency(void)
{
	JyTouchScore t[] = {{7.0, 50}, {7.5, 10}, {8.0, 40}, {9.0, 5}, {6.0, 100}};
	JyConsistency c;

	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, 0.5, 10, false, &c), JY_OK);
	CHECK_EQ(c.included, 4);
	CHECK_EQ(c.excluded, 1);
	CHECK_EQ(c.within, 3);		/* 7.0 and 8.0 on the bounds count */
	CHECK(c.has_index);
	CHECK_NEAR(c.index, 0.75, 0);
	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, 0.5, 10, true, &c), JY_OK);
	CHECK_NEAR(c.index, 100.0 / 200.0, 0);
	/* min_n 0: every touchpoint, 9.0 outside */
	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, 0.5, 0, false, &c), JY_OK);
	CHECK_NEAR(c.index, 3.0 / 5.0, 0);
	/* nothing included */
	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, 0.5, 1000, false, &c), JY_OK);
	CHECK(!c.has_index);
	CHECK_EQ(c.excluded, 5);
	CHECK_EQ(jy_exp_consistency(NULL, 0, 7.5, 0.5, 0, false, &c), JY_OK);
	CHECK(!c.has_index);
	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, -0.1, 0, false, &c), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_exp_consistency(t, 5, NAN, 0.5, 0, false, &c), JY_ERR_BAD_PARAMETER);
	t[0].score = NAN;
	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, 0.5, 0, false, &c), JY_ERR_BAD_PARAMETER);
	t[0].score = 7;
	t[1].n = -1;
	CHECK_EQ(jy_exp_consistency(t, 5, 7.5, 0.5, 0, false, &c), JY_ERR_BAD_PARAMETER);
}

/* ---- the summary bytes, measures by name, and the consistency state ---- */

static const JyMem mem = {unit_alloc, unit_resize, unit_release, NULL, NULL};

/* The worked example's counts: 0, 5, 7, 7, 8, 9, 9, 9, 10, 10 */
static const uint8_t worked_bytes[] = {'J', 'S', 10, 1, 1, 0, 0, 0, 0, 1, 0, 2, 1, 3, 2};

static void
test_summary_codec(void)
{
	static const int a[] = {10, 10, 9, 9, 9, 8, 7, 7, 5, 0};
	JyScores	s,
				back;
	JyWriter	w;
	const char *why = NULL;
	size_t		cut;

	fill(&s, a, 10);
	jy_writer_init(&w, &mem);
	jy_scores_encode(&w, &s);
	CHECK_EQ(w.status, JY_OK);
	CHECK_EQ(w.len, sizeof(worked_bytes));
	CHECK(w.len == sizeof(worked_bytes) && memcmp(w.buf, worked_bytes, w.len) == 0);
	CHECK_EQ(jy_scores_decode(w.buf, w.len, &back, &why), JY_OK);
	CHECK(memcmp(&back, &s, sizeof(s)) == 0);
	CHECK_EQ(jy_scores_check(w.buf, w.len, &mem, &why), JY_OK);
	jy_writer_free(&w);

	/* the empty summary: 4 + 11 zero bytes */
	jy_scores_init(&s);
	jy_writer_init(&w, &mem);
	jy_scores_encode(&w, &s);
	CHECK_EQ(w.len, 15);
	CHECK_EQ(jy_scores_decode(w.buf, w.len, &back, &why), JY_OK);
	CHECK_EQ(jy_scores_n(&back), 0);
	jy_writer_free(&w);

	/* large counts round trip: INT64_MAX answers of score 10 */
	jy_scores_init(&s);
	s.count[10] = INT64_MAX;
	jy_writer_init(&w, &mem);
	jy_scores_encode(&w, &s);
	CHECK_EQ(jy_scores_decode(w.buf, w.len, &back, &why), JY_OK);
	CHECK_EQ(back.count[10], INT64_MAX);
	jy_writer_free(&w);

	/* every malformed input is refused with a reason */
	for (cut = 0; cut < sizeof(worked_bytes); cut++)
	{
		why = NULL;
		CHECK_EQ(jy_scores_decode(worked_bytes, cut, &back, &why), JY_ERR_CORRUPT);
		CHECK(why != NULL);
		CHECK_EQ(jy_scores_n(&back), 0);
	}
	{
		uint8_t		b[40];

#define BAD(reason_part) \
		do { why = NULL; \
			CHECK_EQ(jy_scores_decode(b, n, &back, &why), JY_ERR_CORRUPT); \
			CHECK(why != NULL && strstr(why, reason_part) != NULL); } while (0)
		size_t		n = sizeof(worked_bytes) + 1;

		memcpy(b, worked_bytes, sizeof(worked_bytes));
		b[n - 1] = 0;
		BAD("Trailing");
		n = sizeof(worked_bytes);
		b[0] = 'X';
		BAD("not a journey report summary");
		b[0] = 'J';
		b[2] = 9;
		BAD("another kind");
		b[2] = 10;
		b[3] = 2;
		BAD("format version");
		b[3] = 1;
		/* an over-long varint (0 written as 80 00) */
		memcpy(b, worked_bytes, 4);
		b[4] = 0x80;
		b[5] = 0x00;
		memset(b + 6, 0, 10);
		n = 16;
		BAD("malformed number");
		/* 2^63 answers of score 0: more than a bigint */
		memcpy(b, worked_bytes, 4);
		memcpy(b + 4, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 10);
		memset(b + 14, 0, 10);
		n = 24;
		BAD("more than a bigint");
		/* INT64_MAX and 1: the sum passes a bigint */
		memcpy(b + 4, "\xff\xff\xff\xff\xff\xff\xff\xff\x7f\x01", 10);
		memset(b + 14, 0, 9);
		n = 23;
		BAD("more than a bigint");
#undef BAD
	}

	/* merging that would pass INT64_MAX answers fails and changes nothing */
	{
		JyScores	x,
					y;

		jy_scores_init(&x);
		jy_scores_init(&y);
		x.count[3] = INT64_MAX - 1;
		y.count[4] = 1;
		CHECK_EQ(jy_scores_merge_checked(&x, &y), JY_OK);
		CHECK_EQ(jy_scores_n(&x), INT64_MAX);
		CHECK_EQ(jy_scores_merge_checked(&x, &y), JY_ERR_VALUE_TOO_LARGE);
		CHECK_EQ(x.count[4], 1);
	}
}

static void
test_kinds(void)
{
	static const int a[] = {10, 10, 9, 9, 9, 8, 7, 7, 5, 0};
	JyScores	s;
	double		v;

	CHECK_EQ(jy_exp_kind_parse("nps", 3), JY_EXP_NPS);
	CHECK_EQ(jy_exp_kind_parse(" CSAT ", 6), JY_EXP_CSAT);
	CHECK_EQ(jy_exp_kind_parse("Mean", 4), JY_EXP_MEAN);
	CHECK_EQ(jy_exp_kind_parse("median", 6), -1);
	CHECK_EQ(jy_exp_kind_parse("", 0), -1);
	CHECK(strcmp(jy_exp_kind_name(JY_EXP_CSAT), "csat") == 0);

	fill(&s, a, 10);
	/* NPS (5 - 2) / 10 = 30 points, exactly */
	CHECK(jy_exp_score(&s, JY_EXP_NPS, &v));
	CHECK_NEAR(v, 30, 0);
	/* 4 and above: 9 of 10 */
	CHECK(jy_exp_score(&s, JY_EXP_CSAT, &v));
	CHECK_NEAR(v, 0.9, 0);
	CHECK(jy_exp_score(&s, JY_EXP_MEAN, &v));
	CHECK_NEAR(v, 7.4, 0);
	jy_scores_init(&s);
	CHECK(!jy_exp_score(&s, JY_EXP_NPS, &v));
	CHECK(isnan(v));
	/* one promoter of three: 33.33.. points, as 100.0 * 1 / 3 */
	jy_scores_add(&s, 9);
	jy_scores_add(&s, 8);
	jy_scores_add(&s, 7);
	CHECK(jy_exp_score(&s, JY_EXP_NPS, &v));
	CHECK(v == 100.0 / 3);
}

/* Touchpoints A (NPS 40), B (25), C (100, one answer), D (-33.3), E (none) */
static void
consistency_example(JyConsistencyState *st, double tol, int64_t min_answers, bool with_e)
{
	static const int a[] = {10, 10, 9, 8, 3},
				b[] = {9, 9, 7, 6},
				c[] = {10},
				d[] = {0, 5, 9};
	JyScores	s;

	memset(st, 0, sizeof(*st));
	st->kind = JY_EXP_NPS;
	st->tolerance = tol;
	st->min_answers = min_answers;
	fill(&s, a, 5);
	CHECK_EQ(jy_consistency_add(st, &s, &mem), JY_OK);
	fill(&s, b, 4);
	CHECK_EQ(jy_consistency_add(st, &s, &mem), JY_OK);
	fill(&s, c, 1);
	CHECK_EQ(jy_consistency_add(st, &s, &mem), JY_OK);
	fill(&s, d, 3);
	CHECK_EQ(jy_consistency_add(st, &s, &mem), JY_OK);
	if (with_e)
	{
		jy_scores_init(&s);
		CHECK_EQ(jy_consistency_add(st, &s, &mem), JY_OK);
	}
}

static void
test_consistency_state(void)
{
	JyConsistencyState st,
				back,
				half;
	JyConsistency c;
	JyWriter	w;
	double		overall;
	bool		has;
	const char *why = NULL;
	size_t		cut;

	/* pooled: 13 answers, 7 promoters, 4 detractors: 300 / 13 = 23.08 points */
	consistency_example(&st, 10, 2, true);
	CHECK_EQ(st.ntouch, 5);
	CHECK_NEAR(st.touch[0].score, 40, 0);
	CHECK_NEAR(st.touch[1].score, 25, 0);
	CHECK_NEAR(st.touch[2].score, 100, 0);
	CHECK(st.touch[3].score == -100.0 / 3);
	CHECK_EQ(st.touch[4].n, 0);
	CHECK_NEAR(st.touch[4].score, 0, 0);
	CHECK_EQ(jy_consistency_result(&st, &overall, &has, &c), JY_OK);
	CHECK(has);
	CHECK(overall == 300.0 / 13);
	/* min 2: A, B, D included, C and E excluded; within 10 points: B only */
	CHECK_EQ(c.included, 3);
	CHECK_EQ(c.excluded, 2);
	CHECK_EQ(c.within, 1);
	CHECK_NEAR(c.index, 1.0 / 3, 0);
	/* 20 points: A (16.9 away) too */
	st.tolerance = 20;
	CHECK_EQ(jy_consistency_result(&st, &overall, &has, &c), JY_OK);
	CHECK_EQ(c.within, 2);
	/* min 0 counts as 1: C is included (77 away), E never */
	st.min_answers = 0;
	CHECK_EQ(jy_consistency_result(&st, &overall, &has, &c), JY_OK);
	CHECK_EQ(c.included, 4);
	CHECK_EQ(c.excluded, 1);
	CHECK_EQ(c.within, 2);
	CHECK_NEAR(c.index, 0.5, 0);

	/* the serial bytes round trip */
	jy_writer_init(&w, &mem);
	jy_consistency_state_encode(&w, &st);
	CHECK_EQ(w.status, JY_OK);
	/* version, kind, tolerance 8, min 1, 11 counts, ntouch 1, 5 x (8 + 1) */
	CHECK_EQ(w.len, 1 + 1 + 8 + 1 + 11 + 1 + 5 * 9);
	CHECK_EQ(jy_consistency_state_decode(w.buf, w.len, &back, &mem, &why), JY_OK);
	CHECK_EQ(back.ntouch, 5);
	CHECK(back.kind == st.kind && back.tolerance == st.tolerance &&
		  back.min_answers == st.min_answers);
	CHECK(memcmp(&back.pooled, &st.pooled, sizeof(JyScores)) == 0);
	CHECK(memcmp(back.touch, st.touch, 5 * sizeof(JyTouchScore)) == 0);
	jy_consistency_state_free(&back, &mem);
	/* every truncation is refused */
	for (cut = 0; cut < w.len; cut++)
	{
		why = NULL;
		CHECK_EQ(jy_consistency_state_decode(w.buf, cut, &back, &mem, &why), JY_ERR_CORRUPT);
		CHECK(why != NULL);
		jy_consistency_state_free(&back, &mem);
	}
	{
		uint8_t    *b = malloc(w.len + 1);

#define BAD_STATE(nbytes) \
		do { why = NULL; \
			CHECK_EQ(jy_consistency_state_decode(b, nbytes, &back, &mem, &why), JY_ERR_CORRUPT); \
			CHECK(why != NULL); jy_consistency_state_free(&back, &mem); \
			memcpy(b, w.buf, w.len); } while (0)

		memcpy(b, w.buf, w.len);
		b[w.len] = 0;
		BAD_STATE(w.len + 1);	/* trailing */
		b[0] = 2;
		BAD_STATE(w.len);		/* version */
		b[1] = 3;
		BAD_STATE(w.len);		/* measure */
		b[2] = 0xff;
		b[3] = 0xf8;			/* tolerance NaN */
		BAD_STATE(w.len);
		b[2] = 0xbf;
		b[3] = 0xf0;			/* tolerance -1 */
		BAD_STATE(w.len);
		b[22] = 6;				/* 6 touchpoints, bytes for 5 */
		BAD_STATE(w.len);
		/* touchpoint A's score 101 points (0x4059400000000000) */
		b[23] = 0x40;
		b[24] = 0x59;
		b[25] = 0x40;
		BAD_STATE(w.len);
		/* touchpoint E (no answers) with score 1 (0x3ff0...) */
		b[w.len - 9] = 0x3f;
		b[w.len - 8] = 0xf0;
		BAD_STATE(w.len);
#undef BAD_STATE
		free(b);
	}
	jy_writer_free(&w);

	/* merging halves equals the whole */
	consistency_example(&half, 20, 0, false);
	memset(&back, 0, sizeof(back));
	back.kind = JY_EXP_NPS;
	back.tolerance = 20;
	CHECK_EQ(jy_consistency_merge(&back, &half, &mem), JY_OK);
	{
		JyConsistencyState e;
		JyScores	none;

		memset(&e, 0, sizeof(e));
		e.kind = JY_EXP_NPS;
		jy_scores_init(&none);
		CHECK_EQ(jy_consistency_add(&e, &none, &mem), JY_OK);
		CHECK_EQ(jy_consistency_merge(&back, &e, &mem), JY_OK);
		jy_consistency_state_free(&e, &mem);
	}
	CHECK_EQ(back.ntouch, 5);
	CHECK_EQ(jy_consistency_result(&back, &overall, &has, &c), JY_OK);
	CHECK_EQ(c.included, 4);
	CHECK_EQ(c.excluded, 1);
	CHECK_EQ(c.within, 2);
	jy_consistency_state_free(&back, &mem);
	jy_consistency_state_free(&half, &mem);
	jy_consistency_state_free(&st, &mem);

	/* no answers at all: no overall, every touchpoint excluded */
	{
		JyScores	none;

		memset(&st, 0, sizeof(st));
		st.kind = JY_EXP_MEAN;
		jy_scores_init(&none);
		CHECK_EQ(jy_consistency_add(&st, &none, &mem), JY_OK);
		CHECK_EQ(jy_consistency_add(&st, &none, &mem), JY_OK);
		CHECK_EQ(jy_consistency_result(&st, &overall, &has, &c), JY_OK);
		CHECK(!has && !c.has_index);
		CHECK_EQ(c.excluded, 2);
		CHECK_EQ(c.included, 0);
		/* the pooled total may not pass a bigint */
		none.count[5] = INT64_MAX;
		CHECK_EQ(jy_consistency_add(&st, &none, &mem), JY_OK);
		none.count[5] = 1;
		CHECK_EQ(jy_consistency_add(&st, &none, &mem), JY_ERR_VALUE_TOO_LARGE);
		CHECK_EQ(st.ntouch, 3);
		jy_consistency_state_free(&st, &mem);
	}
}

int
main(void)
{
	test_worked();
	test_edges();
	test_merge();
	test_consistency();
	test_summary_codec();
	test_kinds();
	test_consistency_state();
	return unit_summary("experience");
}
