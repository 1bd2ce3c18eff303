/*
 * test_segments.c -- unit tests of the segment summary (counts per segment,
 * its codec) and of each segment against the rest
 *
 * The worked example has three segments, A {100, 40, 10}, B {80, 20, 3} and
 * C {20, 12, 2}; its z statistics, Fisher p-value and Holm adjustment were
 * computed independently (exact binomial coefficients for Fisher's test,
 * the textbook pooled z, Holm's step-down by hand) and are the ones
 * docs/statistics.md shows.
 */
#include "unit.h"

#include <math.h>

#include "core/segments.h"

static const int64_t ex_a[] = {100, 40, 10};
static const int64_t ex_b[] = {80, 20, 3};
static const int64_t ex_c[] = {20, 12, 2};

/* The worked example, C and B added first: the order must not matter */
static void
build_example(JySegments *s)
{
	jy_segments_init(s, 3);
	CHECK_EQ(jy_segments_add_counts(s, &unit_mem, "C", 1, ex_c), JY_OK);
	CHECK_EQ(jy_segments_add_counts(s, &unit_mem, "B", 1, ex_b), JY_OK);
	CHECK_EQ(jy_segments_add_counts(s, &unit_mem, "A", 1, ex_a), JY_OK);
}

/* Encode s into a fresh buffer; *len its size (caller frees) */
static uint8_t *
encode(const JySegments *s, size_t *len)
{
	JyWriter	w;
	uint8_t    *out;

	jy_writer_init(&w, &unit_mem);
	CHECK_EQ(jy_segments_encode(s, &unit_mem, &w), JY_OK);
	*len = w.len;
	out = malloc(w.len);
	memcpy(out, w.buf, w.len);
	jy_writer_free(&w);
	return out;
}

static void
test_add_and_levels(void)
{
	JySegments	s;
	const int64_t *c;
	uint32_t	order[3];
	int			i;

	jy_segments_init(&s, 3);
	/* levels: x reaches 3, 1, 0; y reaches 2; the NULL segment 3 */
	CHECK_EQ(jy_segments_add_level(&s, &unit_mem, "x", 1, 3), JY_OK);
	CHECK_EQ(jy_segments_add_level(&s, &unit_mem, "x", 1, 1), JY_OK);
	CHECK_EQ(jy_segments_add_level(&s, &unit_mem, "x", 1, 0), JY_OK);
	CHECK_EQ(jy_segments_add_level(&s, &unit_mem, "y", 1, 2), JY_OK);
	CHECK_EQ(jy_segments_add_level(&s, &unit_mem, NULL, 0, 3), JY_OK);
	/* a level 0 creates its segment */
	CHECK_EQ(jy_segments_add_level(&s, &unit_mem, "", 0, 0), JY_OK);
	CHECK_EQ(jy_segments_add_level(&s, &unit_mem, "x", 1, 4), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_segments_add_level(&s, &unit_mem, "x", 1, -1), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(s.names.n, 3);
	CHECK(s.has_null);
	CHECK_EQ(jy_segments_count(&s), 4);
	c = jy_segments_counts(&s, 0);
	CHECK(c[0] == 2 && c[1] == 1 && c[2] == 1);
	c = jy_segments_counts(&s, 1);
	CHECK(c[0] == 1 && c[1] == 1 && c[2] == 0);
	c = jy_segments_counts(&s, 2);
	CHECK(c[0] == 0 && c[1] == 0 && c[2] == 0);
	c = jy_segments_counts(&s, JY_SEGMENT_NULL);
	CHECK(c[0] == 1 && c[1] == 1 && c[2] == 1);
	CHECK(s.totals[0] == 4 && s.totals[1] == 3 && s.totals[2] == 2);
	/* byte order: "", "x", "y", then NULL */
	{
		uint32_t	o4[4];

		jy_segments_order(&s, o4, &unit_mem);
		CHECK(o4[0] == 2 && o4[1] == 0 && o4[2] == 1 && o4[3] == JY_SEGMENT_NULL);
	}
	jy_segments_free(&s, &unit_mem);

	/* many segments: the dictionary hashes; counts stay with their names */
	jy_segments_init(&s, 1);
	for (i = 0; i < 1000; i++)
	{
		char		name[16];
		int			len = snprintf(name, sizeof(name), "s%d", i % 300);

		CHECK_EQ(jy_segments_add_level(&s, &unit_mem, name, (size_t) len, 1), JY_OK);
	}
	CHECK_EQ(s.names.n, 300);
	for (i = 0; i < 300; i++)
		CHECK_EQ(jy_segments_counts(&s, (uint32_t) i)[0], i < 100 ? 4 : 3);
	CHECK_EQ(s.totals[0], 1000);
	jy_segments_free(&s, &unit_mem);

	build_example(&s);
	jy_segments_order(&s, order, &unit_mem);
	CHECK(memcmp(jy_dict_text(&s.names, order[0]), "A", 1) == 0);
	CHECK(memcmp(jy_dict_text(&s.names, order[2]), "C", 1) == 0);
	CHECK(s.totals[0] == 200 && s.totals[1] == 72 && s.totals[2] == 15);
	jy_segments_free(&s, &unit_mem);
}

static void
test_overflow(void)
{
	JySegments	s;
	int64_t		big[2] = {INT64_MAX, 1},
				one[2] = {1, 0};

	jy_segments_init(&s, 2);
	CHECK_EQ(jy_segments_add_counts(&s, &unit_mem, "a", 1, big), JY_OK);
	/* the totals would pass INT64_MAX: refused, nothing changed */
	CHECK_EQ(jy_segments_add_counts(&s, &unit_mem, "b", 1, one), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_segments_add_level(&s, &unit_mem, NULL, 0, 1), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(s.names.n, 1);
	CHECK(!s.has_null);
	/* level 0 counts nothing: allowed */
	CHECK_EQ(jy_segments_add_level(&s, &unit_mem, NULL, 0, 0), JY_OK);
	CHECK(s.has_null);
	jy_segments_free(&s, &unit_mem);
}

static void
test_merge_and_codec(void)
{
	JySegments	a,
				b,
				one,
				d;
	uint8_t    *ba,
			   *bo,
			   *bd;
	size_t		la,
				lo,
				ld,
				cut;
	const char *why = NULL;
	static const int64_t x1[] = {5, 3, 1},
				x2[] = {2, 2, 0},
				y[] = {7, 1, 1},
				n1[] = {1, 0, 0};

	/* one pass over every row, and two halves merged */
	jy_segments_init(&one, 3);
	CHECK_EQ(jy_segments_add_counts(&one, &unit_mem, "x", 1, x1), JY_OK);
	CHECK_EQ(jy_segments_add_counts(&one, &unit_mem, "yy", 2, y), JY_OK);
	CHECK_EQ(jy_segments_add_counts(&one, &unit_mem, NULL, 0, n1), JY_OK);
	CHECK_EQ(jy_segments_add_counts(&one, &unit_mem, "x", 1, x2), JY_OK);
	jy_segments_init(&a, 3);
	jy_segments_init(&b, 3);
	CHECK_EQ(jy_segments_add_counts(&a, &unit_mem, "x", 1, x2), JY_OK);
	CHECK_EQ(jy_segments_add_counts(&b, &unit_mem, "yy", 2, y), JY_OK);
	CHECK_EQ(jy_segments_add_counts(&b, &unit_mem, "x", 1, x1), JY_OK);
	CHECK_EQ(jy_segments_add_counts(&b, &unit_mem, NULL, 0, n1), JY_OK);
	CHECK_EQ(jy_segments_merge(&a, &b, &unit_mem), JY_OK);
	ba = encode(&a, &la);
	bo = encode(&one, &lo);
	CHECK(la == lo && memcmp(ba, bo, la) == 0);

	/*
	 * the bytes by hand: JS, kind 9, version 1, 3 steps, has_null, 2 named;
	 * "x" 7 then lost 2 and 4; "yy" 7, 6, 0; NULL 1, 1, 0
	 */
	{
		static const uint8_t want[] = {'J', 'S', 9, 1, 3, 1, 2,
			1, 'x', 7, 2, 4, 2, 'y', 'y', 7, 6, 0, 1, 1, 0};

		CHECK(lo == sizeof(want) && memcmp(bo, want, lo) == 0);
	}

	/* decode: the same summary, and it encodes to the same bytes */
	CHECK_EQ(jy_segments_decode(&d, &unit_mem, bo, lo, &why), JY_OK);
	bd = encode(&d, &ld);
	CHECK(ld == lo && memcmp(bd, bo, lo) == 0);
	CHECK(d.totals[0] == 15 && d.totals[1] == 6 && d.totals[2] == 2);
	free(bd);
	jy_segments_free(&d, &unit_mem);

	/* every truncation is refused with a reason */
	for (cut = 0; cut < lo; cut++)
	{
		why = NULL;
		CHECK_EQ(jy_segments_decode(&d, &unit_mem, bo, cut, &why), JY_ERR_CORRUPT);
		CHECK(why != NULL);
		jy_segments_free(&d, &unit_mem);
	}
	free(ba);
	free(bo);
	jy_segments_free(&a, &unit_mem);
	jy_segments_free(&b, &unit_mem);
	jy_segments_free(&one, &unit_mem);
}

/* Decode bytes that must be refused, with the reason given */
static void
check_bad(const uint8_t *in, size_t len, const char *reason)
{
	JySegments	d;
	const char *why = NULL;

	CHECK_EQ(jy_segments_decode(&d, &unit_mem, in, len, &why), JY_ERR_CORRUPT);
	CHECK(why != NULL && strcmp(why, reason) == 0);
	if (why != NULL && strcmp(why, reason) != 0)
		fprintf(stderr, "  got: %s\n", why);
	jy_segments_free(&d, &unit_mem);
}

static void
test_decode_errors(void)
{
	static const uint8_t kind[] = {'J', 'S', 5, 1, 1, 0, 0};
	static const uint8_t steps0[] = {'J', 'S', 9, 1, 0, 0, 0};
	static const uint8_t steps65[] = {'J', 'S', 9, 1, 65, 0, 0};
	static const uint8_t null2[] = {'J', 'S', 9, 1, 1, 2, 0};
	static const uint8_t order[] = {'J', 'S', 9, 1, 1, 0, 2, 1, 'b', 1, 1, 'a', 1};
	static const uint8_t dup[] = {'J', 'S', 9, 1, 1, 0, 2, 1, 'a', 1, 1, 'a', 1};
	static const uint8_t lost[] = {'J', 'S', 9, 1, 2, 0, 1, 1, 'a', 1, 2};
	static const uint8_t trailing[] = {'J', 'S', 9, 1, 1, 0, 0, 0};
	static const uint8_t many[] = {'J', 'S', 9, 1, 1, 0, 3, 1, 'a', 1};
	/* two segments of INT64_MAX actors: their sum overflows */
	static const uint8_t sum[] = {'J', 'S', 9, 1, 1, 0, 2,
		1, 'a', 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
		1, 'b', 1};
	static const uint8_t sum_null[] = {'J', 'S', 9, 1, 1, 1, 1,
		1, 'a', 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1};
	static const uint8_t empty[] = {'J', 'S', 9, 1, 4, 0, 0};
	JySegments	d;
	const char *why = NULL;

	check_bad(kind, sizeof(kind), "It is a summary of another kind.");
	check_bad(steps0, sizeof(steps0), "Its number of funnel steps is out of range.");
	check_bad(steps65, sizeof(steps65), "Its number of funnel steps is out of range.");
	check_bad(null2, sizeof(null2), "Its NULL segment flag is neither 0 nor 1.");
	check_bad(order, sizeof(order), "The segment names are not in strictly ascending order.");
	check_bad(dup, sizeof(dup), "The segment names are not in strictly ascending order.");
	check_bad(lost, sizeof(lost), "A segment loses more actors than it has.");
	check_bad(trailing, sizeof(trailing), "Trailing bytes after the summary.");
	check_bad(many, sizeof(many), "Its number of segments does not fit its size.");
	check_bad(sum, sizeof(sum), "The segments' counts add up beyond the range of bigint.");
	check_bad(sum_null, sizeof(sum_null), "The segments' counts add up beyond the range of bigint.");
	/* a summary with no segment is valid */
	CHECK_EQ(jy_segments_decode(&d, &unit_mem, empty, sizeof(empty), &why), JY_OK);
	CHECK_EQ(d.nsteps, 4);
	CHECK_EQ(jy_segments_count(&d), 0);
	jy_segments_free(&d, &unit_mem);
}

static void
test_out_of_memory(void)
{
	int			n;

	/* every allocation failing in turn: an error, never a crash or a leak */
	for (n = 0; n < 12; n++)
	{
		JySegments	s;
		JyStatus	st = JY_OK;
		int			i;

		jy_segments_init(&s, 2);
		unit_fail_after = n;
		unit_failed = false;
		for (i = 0; i < 40 && st == JY_OK; i++)
		{
			char		name[8];
			int			len = snprintf(name, sizeof(name), "n%d", i);

			st = jy_segments_add_level(&s, &unit_failing_mem, name, (size_t) len, 2);
		}
		CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
		CHECK(st == JY_OK || unit_failed);
		jy_segments_free(&s, &unit_failing_mem);
	}

	/* decoding, encoding and the Holm pass: the same */
	for (n = 0; n < 12; n++)
	{
		JySegments	s,
					d;
		uint8_t    *bytes;
		size_t		len;
		const char *why = NULL;
		JyStatus	st;
		JyWriter	w;
		uint32_t	order[3];
		double		q[9];

		build_example(&s);
		bytes = encode(&s, &len);
		unit_fail_after = n;
		unit_failed = false;
		st = jy_segments_decode(&d, &unit_failing_mem, bytes, len, &why);
		CHECK(st == JY_OK || (st == JY_ERR_OUT_OF_MEMORY && unit_failed));
		jy_segments_free(&d, &unit_failing_mem);
		unit_fail_after = n;
		jy_writer_init(&w, &unit_failing_mem);
		st = jy_segments_encode(&s, &unit_failing_mem, &w);
		CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
		jy_writer_free(&w);
		unit_fail_after = n;
		jy_segments_order(&s, order, &unit_mem);
		st = jy_segments_holm(&s, order, JY_COMPARE_FROM_START, 0.95, &unit_failing_mem, q);
		CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
		free(bytes);
		jy_segments_free(&s, &unit_mem);
	}
}

static void
test_cells(void)
{
	JySegments	s;
	JySegmentCell cell;
	uint32_t	order[3];
	double		q[9];
	const int64_t *a,
			   *b,
			   *c;

	build_example(&s);
	jy_segments_order(&s, order, &unit_mem);
	a = jy_segments_counts(&s, order[0]);
	b = jy_segments_counts(&s, order[1]);
	c = jy_segments_counts(&s, order[2]);

	/* step 1: no test */
	jy_segments_cell(a, s.totals, 0, JY_COMPARE_FROM_START, 0.95, &cell);
	CHECK_EQ(cell.test, JY_SEGTEST_NONE);
	CHECK(cell.note != NULL && strcmp(cell.note, "step 1: every conversion is 1") == 0);
	CHECK(cell.z.has_diff && cell.z.diff == 0);

	/* A step 2: 40/100 against 32/100, z = 0.08 / sqrt(0.36 0.64 0.02) */
	jy_segments_cell(a, s.totals, 1, JY_COMPARE_FROM_START, 0.95, &cell);
	CHECK(cell.actors == 40 && cell.base == 100 && cell.rest_actors == 32 && cell.rest_base == 100);
	CHECK_EQ(cell.test, JY_SEGTEST_Z);
	CHECK_NEAR(cell.z.z, 0.08 / sqrt(0.36 * 0.64 * 0.02), 1e-12);
	CHECK_NEAR(cell.z.z, 1.1785113019775795, 1e-12);
	CHECK_NEAR(cell.p_value, 0.23859282931643533, 1e-12);
	CHECK(cell.note == NULL);

	/* B step 2: 20/80 against 52/120, negative */
	jy_segments_cell(b, s.totals, 1, JY_COMPARE_FROM_START, 0.95, &cell);
	CHECK_NEAR(cell.z.z, -2.646188733785785, 1e-12);
	CHECK_NEAR(cell.p_value, 0.008140438415677997, 1e-12);

	/*
	 * C step 3: 2/20 against 13/180; the smallest expected count is
	 * 20 * 15 / 200 = 1.5 < 5, so Fisher's test: by exact binomial
	 * coefficients, p = 0.6500987835757128 (the z-test's would be 0.6546)
	 */
	jy_segments_cell(c, s.totals, 2, JY_COMPARE_FROM_START, 0.95, &cell);
	CHECK_EQ(cell.test, JY_SEGTEST_FISHER);
	CHECK_NEAR(cell.p_value, 0.6500987835757128, 1e-9);
	CHECK_NEAR(cell.z.z, 0.44743737014268303, 1e-12);
	CHECK_NEAR(cell.z.p_value, 0.6545592987009633, 1e-12);

	/* B step 3: 80 * 15 / 200 = 6: the z-test */
	jy_segments_cell(b, s.totals, 2, JY_COMPARE_FROM_START, 0.95, &cell);
	CHECK_EQ(cell.test, JY_SEGTEST_Z);

	/* from the previous step: C step 3 is 2/12 against 13/60 */
	jy_segments_cell(c, s.totals, 2, JY_COMPARE_FROM_PREVIOUS, 0.95, &cell);
	CHECK(cell.actors == 2 && cell.base == 12 && cell.rest_actors == 13 && cell.rest_base == 60);
	/* 12 * 15 / 72 = 2.5: Fisher */
	CHECK_EQ(cell.test, JY_SEGTEST_FISHER);

	/*
	 * Holm over the six tests: sorted p 0.00814 (B2), 0.01842 (C2), 0.1002
	 * (B3), 0.1795 (A3), 0.2386 (A2), 0.6501 (C3, Fisher); multiplied by 6,
	 * 5, 4, 3, 2, 1 and made non-decreasing
	 */
	CHECK_EQ(jy_segments_holm(&s, order, JY_COMPARE_FROM_START, 0.95, &unit_mem, q), JY_OK);
	CHECK(isnan(q[0]) && isnan(q[3]) && isnan(q[6]));
	CHECK_NEAR(q[4], 6 * 0.008140438415677997, 1e-12);
	CHECK_NEAR(q[7], 5 * 0.01842212545409902, 1e-12);
	CHECK_NEAR(q[5], 4 * 0.10017829422626814, 1e-12);
	CHECK_NEAR(q[2], 3 * 0.17949481837303058, 1e-12);
	CHECK_NEAR(q[1], 3 * 0.17949481837303058, 1e-12);	/* 2 x 0.2386 < 0.5385 */
	CHECK_NEAR(q[8], 0.6500987835757128, 1e-9);
	jy_segments_free(&s, &unit_mem);
}

static void
test_notes(void)
{
	JySegments	s;
	JySegmentCell cell;
	static const int64_t all[] = {5, 5},
				none[] = {0, 0},
				some[] = {3, 3};

	/* every actor of every segment converts: no variance */
	jy_segments_init(&s, 2);
	CHECK_EQ(jy_segments_add_counts(&s, &unit_mem, "a", 1, all), JY_OK);
	CHECK_EQ(jy_segments_add_counts(&s, &unit_mem, "b", 1, some), JY_OK);
	CHECK_EQ(jy_segments_add_counts(&s, &unit_mem, "e", 1, none), JY_OK);
	jy_segments_cell(all, s.totals, 1, JY_COMPARE_FROM_START, 0.95, &cell);
	CHECK_EQ(cell.test, JY_SEGTEST_NONE);
	CHECK_EQ(cell.check, JY_ZTEST_NO_VARIANCE);
	CHECK(strcmp(cell.note, jy_ztest_check_message(JY_ZTEST_NO_VARIANCE)) == 0);
	/* an empty segment */
	jy_segments_cell(none, s.totals, 1, JY_COMPARE_FROM_START, 0.95, &cell);
	CHECK_EQ(cell.test, JY_SEGTEST_NONE);
	CHECK(strcmp(cell.note, "the segment has no actors at the base step") == 0);
	CHECK(!cell.z.has_diff);
	jy_segments_cell(none, s.totals, 0, JY_COMPARE_FROM_START, 0.95, &cell);
	CHECK(strcmp(cell.note, "the segment has no actors at the base step") == 0);
	jy_segments_free(&s, &unit_mem);

	/*
	 * 2^60 actors in each of two segments, one of them not converting:
	 * the smallest expected count is 0.5, but no test is run beyond 2^53
	 * actors (Fisher's would not end: it steps through doubles)
	 */
	jy_segments_init(&s, 2);
	{
		const int64_t big = INT64_C(1) << 60;
		const int64_t h1[] = {big, big - 1},
					h2[] = {big, big};

		CHECK_EQ(jy_segments_add_counts(&s, &unit_mem, "a", 1, h1), JY_OK);
		CHECK_EQ(jy_segments_add_counts(&s, &unit_mem, "b", 1, h2), JY_OK);
		jy_segments_cell(h1, s.totals, 1, JY_COMPARE_FROM_START, 0.95, &cell);
		CHECK_EQ(cell.check, JY_ZTEST_OK);
		CHECK_EQ(cell.test, JY_SEGTEST_NONE);
		CHECK(!cell.z.has_z && cell.z.has_diff);
		CHECK(cell.note != NULL && strcmp(cell.note, "too many actors for the tests (more than 2^53)") == 0);
	}
	jy_segments_free(&s, &unit_mem);

	/* one segment: the rest is empty */
	jy_segments_init(&s, 2);
	CHECK_EQ(jy_segments_add_counts(&s, &unit_mem, "a", 1, some), JY_OK);
	jy_segments_cell(some, s.totals, 1, JY_COMPARE_FROM_START, 0.95, &cell);
	CHECK(strcmp(cell.note, "the other segments have no actors at the base step") == 0);
	jy_segments_free(&s, &unit_mem);
}

int
main(void)
{
	test_add_and_levels();
	test_overflow();
	test_merge_and_codec();
	test_decode_errors();
	test_out_of_memory();
	test_cells();
	test_notes();
	return unit_summary("segments");
}
