/*
 * test_path_summary.c -- unit tests of the path_summary codec
 * (jy_path_summary_encode / _decode in src/core/codec.c) and of merging
 * path counts (src/core/pathcount.c)
 *
 * docs/format.md's worked example byte for byte; round trips of both
 * kinds; equal counts built in any order give equal bytes; merged counts
 * equal counts of the concatenated inputs; every rejection of the decoder,
 * with its reason; every proper prefix of a valid summary rejected.
 */
#include "unit.h"

#include "core/codec.h"
#include "core/pathcount.h"

/* Encode counts into a malloc'ed buffer; *len its length */
static uint8_t *
encode(const JyPathParams *p, const JyPathCount *pc, uint64_t actors, size_t *len)
{
	JyWriter	w;

	jy_writer_init(&w, &unit_mem);
	CHECK_EQ(jy_path_summary_encode(&w, p, pc, actors), JY_OK);
	*len = w.len;
	return w.buf;
}

static JyPathParams
top_params(uint32_t depth, bool collapse)
{
	JyPathParams p;

	memset(&p, 0, sizeof(p));
	p.kind = JY_PATHS_TOP;
	p.depth = depth;
	p.collapse = collapse;
	return p;
}

static JyPathParams
next_params(JyNodeDirection dir, JyNodeBase base, uint32_t n, const char *const *labels)
{
	JyPathParams p;
	uint32_t	i;

	memset(&p, 0, sizeof(p));
	p.kind = JY_PATHS_NEXT;
	p.dir = dir;
	p.base = base;
	p.nlabels = n;
	for (i = 0; i < n; i++)
	{
		p.label[i] = labels[i];
		p.label_len[i] = (uint32_t) strlen(labels[i]);
	}
	return p;
}

/* docs/format.md: top paths, depth 2, collapsed; "a > b" 2, "b > a" 1 */
static const uint8_t example[] = {
	'J', 'S', 2, 1,				/* header: path summary, version 1 */
	1, 2, 1,					/* top paths, depth 2, collapse_repeats true */
	3, 0, 2,					/* 3 actors, none 0, 2 keys */
	5, 'a', ' ', '>', ' ', 'b', 2,
	5, 'b', ' ', '>', ' ', 'a', 1
};

/* next steps after {a} forward first_match: 5 actors, b 2, none 1 */
static const uint8_t example_next[] = {
	'J', 'S', 2, 1,
	2, 0, 2, 1, 1, 'a',			/* next steps, forward, first_match, 1 label "a" */
	5, 1, 1,					/* 5 actors, none 1, 1 key */
	1, 'b', 2
};

static void
test_example(void)
{
	JyPathCount pc;
	JyPathParams p = top_params(2, true);
	JyPathSummary s;
	const char *why = NULL;
	uint8_t    *buf;
	size_t		len;

	/* inserted in the other order: the bytes sort the keys */
	CHECK_EQ(jy_pathcount_init(&pc, &unit_mem), JY_OK);
	CHECK_EQ(jy_pathcount_add(&pc, "b > a", 5), JY_OK);
	CHECK_EQ(jy_pathcount_add(&pc, "a > b", 5), JY_OK);
	CHECK_EQ(jy_pathcount_add(&pc, "a > b", 5), JY_OK);
	buf = encode(&p, &pc, 3, &len);
	CHECK_EQ(len, sizeof(example));
	CHECK(memcmp(buf, example, sizeof(example)) == 0);
	free(buf);
	jy_pathcount_free(&pc);

	CHECK_EQ(jy_path_summary_decode(example, sizeof(example), &unit_mem, &s, &why), JY_OK);
	CHECK_EQ(s.params.kind, JY_PATHS_TOP);
	CHECK_EQ(s.params.depth, 2);
	CHECK(s.params.collapse);
	CHECK_EQ(s.actors, 3);
	CHECK_EQ(s.none, 0);
	CHECK_EQ(s.counted, 3);
	CHECK_EQ(s.nkeys, 2);
	CHECK(s.keys[0].len == 5 && memcmp(s.keys[0].key, "a > b", 5) == 0 && s.keys[0].count == 2);
	CHECK(s.keys[1].len == 5 && memcmp(s.keys[1].key, "b > a", 5) == 0 && s.keys[1].count == 1);
	jy_path_summary_free(&s, &unit_mem);

	/* next steps: of 5 journeys, 2 go on to b after a, 1 ends at a, 2 have no a */
	{
		const char *labels[] = {"a"};
		JyPathParams np = next_params(JY_NODE_FORWARD, JY_NODE_FIRST_MATCH, 1, labels);

		CHECK_EQ(jy_pathcount_init(&pc, &unit_mem), JY_OK);
		CHECK_EQ(jy_pathcount_add(&pc, NULL, 0), JY_OK);
		CHECK_EQ(jy_pathcount_add(&pc, "b", 1), JY_OK);
		CHECK_EQ(jy_pathcount_add(&pc, "b", 1), JY_OK);
		buf = encode(&np, &pc, 5, &len);
		CHECK_EQ(len, sizeof(example_next));
		CHECK(memcmp(buf, example_next, sizeof(example_next)) == 0);
		free(buf);
		jy_pathcount_free(&pc);
		CHECK_EQ(jy_path_summary_decode(example_next, sizeof(example_next), &unit_mem, &s, &why), JY_OK);
		CHECK_EQ(s.params.kind, JY_PATHS_NEXT);
		CHECK_EQ(s.params.dir, JY_NODE_FORWARD);
		CHECK_EQ(s.params.base, JY_NODE_FIRST_MATCH);
		CHECK(s.params.nlabels == 1 && s.params.label_len[0] == 1 && s.params.label[0][0] == 'a');
		CHECK(jy_path_params_equal(&s.params, &np));
		CHECK_EQ(s.actors, 5);
		CHECK_EQ(s.none, 1);
		CHECK_EQ(s.counted, 3);
		CHECK(s.nkeys == 1 && s.keys[0].count == 2);
		jy_path_summary_free(&s, &unit_mem);
	}

	/* nothing counted: a valid, empty summary */
	CHECK_EQ(jy_pathcount_init(&pc, &unit_mem), JY_OK);
	buf = encode(&p, &pc, 0, &len);
	CHECK_EQ(len, 10);
	CHECK_EQ(jy_path_summary_decode(buf, len, &unit_mem, &s, &why), JY_OK);
	CHECK(s.actors == 0 && s.nkeys == 0 && s.counted == 0);
	jy_path_summary_free(&s, &unit_mem);
	free(buf);
	jy_pathcount_free(&pc);
}

/* Parameters compare by kind and every field of the kind */
static void
test_params_equal(void)
{
	const char *ab[] = {"a", "b"};
	const char *ac[] = {"a", "c"};
	const char *abb[] = {"a", "bb"};
	JyPathParams t = top_params(3, true);
	JyPathParams t2 = top_params(3, false);
	JyPathParams t3 = top_params(2, true);
	JyPathParams n = next_params(JY_NODE_FORWARD, JY_NODE_FIRST_MATCH, 2, ab);

	CHECK(jy_path_params_equal(&t, &t));
	CHECK(!jy_path_params_equal(&t, &t2));
	CHECK(!jy_path_params_equal(&t, &t3));
	CHECK(!jy_path_params_equal(&t, &n));
	CHECK(jy_path_params_equal(&n, &n));
	{
		JyPathParams m = next_params(JY_NODE_FORWARD, JY_NODE_FIRST_MATCH, 2, ac);

		CHECK(!jy_path_params_equal(&n, &m));
		m = next_params(JY_NODE_FORWARD, JY_NODE_FIRST_MATCH, 2, abb);
		CHECK(!jy_path_params_equal(&n, &m));
		m = next_params(JY_NODE_FORWARD, JY_NODE_FIRST_MATCH, 1, ab);
		CHECK(!jy_path_params_equal(&n, &m));
		m = next_params(JY_NODE_BACKWARD, JY_NODE_FIRST_MATCH, 2, ab);
		CHECK(!jy_path_params_equal(&n, &m));
		m = next_params(JY_NODE_FORWARD, JY_NODE_LAST_MATCH, 2, ab);
		CHECK(!jy_path_params_equal(&n, &m));
	}
}

/* Expect a rejection whose reason contains need */
static void
expect_corrupt(const uint8_t *in, size_t len, const char *need)
{
	JyPathSummary s;
	const char *why = NULL;
	JyStatus	st = jy_path_summary_decode(in, len, &unit_mem, &s, &why);

	CHECK_EQ(st, JY_ERR_CORRUPT);
	CHECK(why != NULL && strstr(why, need) != NULL);
	if (st == JY_ERR_CORRUPT && (why == NULL || strstr(why, need) == NULL))
		fprintf(stderr, "  reason: %s (wanted \"%s\")\n", why ? why : "(none)", need);
	if (st == JY_OK)
		jy_path_summary_free(&s, &unit_mem);
}

/* A copy of example with byte i set to v */
static void
expect_patched(const uint8_t *base, size_t len, size_t i, uint8_t v, const char *need)
{
	uint8_t		buf[64];

	memcpy(buf, base, len);
	buf[i] = v;
	expect_corrupt(buf, len, need);
}

static void
test_rejections(void)
{
	size_t		n;

	/* header */
	expect_patched(example, sizeof(example), 1, 'X', "not a journey report summary");
	expect_patched(example, sizeof(example), 2, 1, "another kind");
	expect_patched(example, sizeof(example), 3, 9, "format version");
	/* parameters */
	expect_patched(example, sizeof(example), 4, 4, "report kind is unknown");
	expect_patched(example, sizeof(example), 4, 0, "report kind is unknown");
	expect_patched(example, sizeof(example), 5, 0, "depth or collapse_repeats");
	expect_patched(example, sizeof(example), 6, 2, "depth or collapse_repeats");
	expect_patched(example_next, sizeof(example_next), 5, 2, "direction, base");	/* direction */
	expect_patched(example_next, sizeof(example_next), 6, 4, "direction, base");	/* base */
	expect_patched(example_next, sizeof(example_next), 6, JY_NODE_TAIL, "direction, base");	/* forward + tail */
	expect_patched(example_next, sizeof(example_next), 7, 0, "direction, base");	/* no labels */
	expect_patched(example_next, sizeof(example_next), 7, 65, "direction, base");	/* 65 labels */
	expect_patched(example_next, sizeof(example_next), 9, 0, "malformed number or text");	/* NUL label */
	/* counts */
	expect_patched(example, sizeof(example), 8, 1, "without a path");	/* none in top paths */
	expect_patched(example_next, sizeof(example_next), 11, 6, "more actors than it has");	/* none > actors */
	expect_patched(example, sizeof(example), 7, 4, "without a path");	/* 4 actors, 3 counted */
	expect_patched(example, sizeof(example), 7, 2, "more actors than it has");	/* 2 actors, 3 counted */
	expect_patched(example, sizeof(example), 16, 0, "zero times");
	expect_patched(example, sizeof(example), 11, 'c', "not in order");	/* "c > b" before "b > a" */
	expect_patched(example, sizeof(example), 18, 'a', "not in order");	/* "a > a" after "a > b" */
	expect_patched(example, sizeof(example), 13, 0, "malformed number or text");	/* NUL in a key */
	expect_patched(example, sizeof(example), 9, 9, "truncated");	/* more keys than bytes allow */
	/* every proper prefix is refused, and so is a byte too many */
	for (n = 0; n < sizeof(example); n++)
		expect_corrupt(example, n, "");
	for (n = 0; n < sizeof(example_next); n++)
		expect_corrupt(example_next, n, "");
	{
		uint8_t		buf[sizeof(example) + 1];

		memcpy(buf, example, sizeof(example));
		buf[sizeof(example)] = 0;
		expect_corrupt(buf, sizeof(buf), "Trailing bytes");
	}
	/* actors beyond a bigint: varint 2^63 */
	{
		const uint8_t big[] = {'J', 'S', 2, 1, 2, 0, 2, 1, 1, 'a',
			0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 0, 0};

		expect_corrupt(big, sizeof(big), "truncated");
		/* 2^63 - 1 is accepted */
		{
			const uint8_t max[] = {'J', 'S', 2, 1, 2, 0, 2, 1, 1, 'a',
				0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0, 0};
			JyPathSummary s;
			const char *why = NULL;

			CHECK_EQ(jy_path_summary_decode(max, sizeof(max), &unit_mem, &s, &why), JY_OK);
			CHECK(s.actors == (uint64_t) INT64_MAX);
			jy_path_summary_free(&s, &unit_mem);
		}
	}
}

#define NKEYS 60

/* Random keys (sharing prefixes, some empty, some "none") */
static void
random_key(char *buf, uint32_t *len, bool *none)
{
	unsigned	k = unit_below(NKEYS + 2);

	*none = k == NKEYS;
	if (k == NKEYS + 1)
		*len = 0;
	else
		*len = (uint32_t) sprintf(buf, "%c%u", 'a' + k % 3, k % 17);
}

/*
 * Random counts: encode, decode and re-encode give the same bytes; the
 * decoded counts are the oracle's; the same adds in reverse give the same
 * bytes; merging two halves gives the bytes of the whole
 */
static void
test_random(void)
{
	int			iter;

	for (iter = 0; iter < 300; iter++)
	{
		int			nadd = (int) unit_below(400);
		char		keys[400][16];
		uint32_t	lens[400];
		bool		nones[400];
		JyPathCount all,
					rev,
					a,
					b,
					again;
		const char *labels[] = {"x", "y"};
		JyPathParams p = iter % 2 ? top_params(1 + unit_below(5), unit_below(2))
			: next_params(JY_NODE_BACKWARD, JY_NODE_LAST_MATCH, 2, labels);
		uint64_t	extra = p.kind == JY_PATHS_NEXT ? unit_below(5) : 0;
		uint8_t    *b1,
				   *b2,
				   *b3,
				   *b4;
		size_t		l1,
					l2,
					l3,
					l4;
		JyPathSummary s;
		const char *why = NULL;
		int			i;
		uint32_t	k;
		uint64_t	sum = 0;

		CHECK_EQ(jy_pathcount_init(&all, &unit_mem), JY_OK);
		CHECK_EQ(jy_pathcount_init(&rev, &unit_mem), JY_OK);
		CHECK_EQ(jy_pathcount_init(&a, &unit_mem), JY_OK);
		CHECK_EQ(jy_pathcount_init(&b, &unit_mem), JY_OK);
		for (i = 0; i < nadd; i++)
		{
			random_key(keys[i], &lens[i], &nones[i]);
			if (p.kind == JY_PATHS_TOP)
				nones[i] = false;
			CHECK_EQ(jy_pathcount_add(&all, nones[i] ? NULL : keys[i], lens[i]), JY_OK);
			CHECK_EQ(jy_pathcount_add(i % 3 ? &a : &b, nones[i] ? NULL : keys[i], lens[i]), JY_OK);
		}
		for (i = nadd - 1; i >= 0; i--)
			CHECK_EQ(jy_pathcount_add(&rev, nones[i] ? NULL : keys[i], lens[i]), JY_OK);
		b1 = encode(&p, &all, (uint64_t) nadd + extra, &l1);
		b2 = encode(&p, &rev, (uint64_t) nadd + extra, &l2);
		CHECK(l1 == l2 && memcmp(b1, b2, l1) == 0);
		CHECK_EQ(jy_pathcount_merge(&a, &b), JY_OK);
		b3 = encode(&p, &a, (uint64_t) nadd + extra, &l3);
		CHECK(l1 == l3 && memcmp(b1, b3, l1) == 0);

		/* decode: the oracle's counts, in key order; re-encoded: same bytes */
		CHECK_EQ(jy_path_summary_decode(b1, l1, &unit_mem, &s, &why), JY_OK);
		CHECK(jy_path_params_equal(&s.params, &p));
		CHECK_EQ(s.actors, (uint64_t) nadd + extra);
		CHECK_EQ(s.counted, (uint64_t) nadd);
		CHECK_EQ(s.nkeys, all.used);
		CHECK_EQ(jy_pathcount_init(&again, &unit_mem), JY_OK);
		for (k = 0; k < s.nkeys; k++)
		{
			uint64_t	want = 0;

			for (i = 0; i < nadd; i++)
				want += !nones[i] && lens[i] == s.keys[k].len &&
					memcmp(keys[i], s.keys[k].key, lens[i]) == 0;
			CHECK_EQ(s.keys[k].count, want);
			sum += s.keys[k].count;
			if (k > 0)
				CHECK(jy_path_key_cmp(s.keys[k - 1].key, s.keys[k - 1].len,
									  s.keys[k].key, s.keys[k].len) < 0);
			CHECK_EQ(jy_pathcount_add_n(&again, s.keys[k].key, s.keys[k].len, s.keys[k].count), JY_OK);
		}
		CHECK_EQ(sum + s.none, (uint64_t) nadd);
		if (s.none > 0)
			CHECK_EQ(jy_pathcount_add_n(&again, NULL, 0, s.none), JY_OK);
		b4 = encode(&s.params, &again, s.actors, &l4);
		CHECK(l1 == l4 && memcmp(b1, b4, l1) == 0);
		jy_path_summary_free(&s, &unit_mem);
		free(b1);
		free(b2);
		free(b3);
		free(b4);
		jy_pathcount_free(&all);
		jy_pathcount_free(&rev);
		jy_pathcount_free(&a);
		jy_pathcount_free(&b);
		jy_pathcount_free(&again);
	}
}

/* Out of memory: the encoder and the decoder fail cleanly (ASan: no leak) */
static void
test_out_of_memory(void)
{
	JyPathCount pc;
	JyPathParams p = top_params(2, true);
	JyPathSummary s;
	const char *why = NULL;
	JyWriter	w;
	int			i;

	CHECK_EQ(jy_pathcount_init(&pc, &unit_mem), JY_OK);
	CHECK_EQ(jy_pathcount_add(&pc, "a > b", 5), JY_OK);
	for (i = 0; i < 3; i++)
	{
		JyStatus	st;

		unit_fail_after = i;
		unit_failed = false;
		jy_writer_init(&w, &unit_failing_mem);
		pc.mem = &unit_failing_mem;
		st = jy_path_summary_encode(&w, &p, &pc, 1);
		if (unit_failed)
			CHECK_EQ(st, JY_ERR_OUT_OF_MEMORY);
		jy_writer_free(&w);
	}
	pc.mem = &unit_mem;
	jy_pathcount_free(&pc);
	unit_fail_after = 0;
	CHECK_EQ(jy_path_summary_decode(example, sizeof(example), &unit_failing_mem, &s, &why),
			 JY_ERR_OUT_OF_MEMORY);
}

int
main(void)
{
	test_example();
	test_params_equal();
	test_rejections();
	test_random();
	test_out_of_memory();
	return unit_summary("test_path_summary");
}
