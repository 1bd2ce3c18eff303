/*
 * test_funnelprops.c -- unit tests of the funnel_props core
 *
 * Random groups against a brute-force oracle: the chain comes from
 * jy_funnel_eval over the same events (so levels and times are funnel_times'
 * by construction), and each step's value is looked up by scanning the
 * unsorted input rows for the chain's timestamp and step, smallest value in
 * byte order, NULL last.  Merging split states, and the byte form
 * (round trip, exact bytes, rejections), are checked on the same inputs.
 */
#include "unit.h"

#include "core/codec.h"
#include "core/events.h"
#include "core/funnelprops.h"

/* An input row: value index into VALUES, or -1 for NULL */
typedef struct Row
{
	int64_t		ts;
	uint64_t	mask;
	int			v;
} Row;

static const char *const VALUES[] = {"b", "a", "ab", "", "z", "\xc3\xa9"};

#define NVALUES ((int) (sizeof(VALUES) / sizeof(VALUES[0])))

/* Add rows [from, to) to a state */
static void
add_rows(JyProps *p, const Row *rows, int from, int to)
{
	int			i;

	for (i = from; i < to; i++)
	{
		const char *v = rows[i].v < 0 ? NULL : VALUES[rows[i].v];

		CHECK_EQ(jy_props_add(p, &unit_mem, rows[i].ts, rows[i].mask, v,
							  v == NULL ? 0 : strlen(v)), JY_OK);
	}
}

/* Is value index a before b (byte order, NULL last)? */
static bool
oracle_before(int a, int b)
{
	if (a < 0)
		return false;
	if (b < 0)
		return true;
	return strcmp(VALUES[a], VALUES[b]) < 0;
}

/*
 * The oracle: level, times and the value index of each step (-2 when no
 * row matched, which must not happen)
 */
static void
oracle(const Row *rows, int n, const JyFunnelSpec *spec, int *level,
	   int64_t *times, int *vals)
{
	JyEvent    *ev = malloc((size_t) (n + 1) * sizeof(JyEvent));
	int			m = 0,
				i,
				k;

	for (i = 0; i < n; i++)
		if (rows[i].mask != 0 || (spec->flags & JY_FUNNEL_STRICT_ORDER))
		{
			ev[m].ts = rows[i].ts;
			ev[m].mask = rows[i].mask;
			m++;
		}
	jy_sort_events(ev, (size_t) m, &unit_mem);
	CHECK_EQ(jy_funnel_eval(ev, (size_t) m, spec, &unit_mem, level, times), JY_OK);
	for (k = 0; k < *level; k++)
	{
		int			best = -2;

		for (i = 0; i < n; i++)
			if (rows[i].ts == times[k] && (rows[i].mask >> k & 1))
				if (best == -2 || oracle_before(rows[i].v, best))
					best = rows[i].v;
		vals[k] = best;
	}
	free(ev);
}

/* Check a state's evaluation against the oracle's */
static void
check_eval(JyProps *p, int level, const int64_t *times, const int *vals)
{
	int			got;
	int64_t		t[JY_MAX_STEPS];
	uint32_t	refs[JY_MAX_STEPS];
	int			k;

	CHECK_EQ(jy_props_eval(p, &unit_mem, &got, t, refs), JY_OK);
	CHECK_EQ(got, level);
	for (k = 0; k < level && k < got; k++)
	{
		CHECK_EQ(t[k], times[k]);
		CHECK(vals[k] != -2);
		if (vals[k] < 0)
			CHECK_EQ(refs[k], 0);
		else
		{
			size_t		len = 0;
			const char *v = refs[k] == 0 ? NULL : jy_props_value(p, refs[k], &len);

			CHECK(v != NULL && len == strlen(VALUES[vals[k]]) &&
				  memcmp(v, VALUES[vals[k]], len) == 0);
		}
	}
}

/* Encode a state into a malloc'd buffer */
static uint8_t *
encode(JyProps *p, size_t *len)
{
	JyWriter	w;

	jy_writer_init(&w, &unit_mem);
	CHECK_EQ(jy_props_encode(p, &unit_mem, &w), JY_OK);
	*len = w.len;
	return w.buf;
}

static const uint32_t MODES[] = {
	0, JY_FUNNEL_STRICT_ORDER, JY_FUNNEL_STRICT_DEDUP, JY_FUNNEL_STRICT_INCREASE,
	JY_FUNNEL_STRICT_ONCE, JY_FUNNEL_STRICT_ORDER | JY_FUNNEL_ALLOW_REENTRY,
	JY_FUNNEL_STRICT_ONCE | JY_FUNNEL_STRICT_INCREASE,
};

/* Random groups: eval, merge of two halves, and the byte form */
static void
test_random(void)
{
	int			round;

	for (round = 0; round < 20000; round++)
	{
		Row			rows[40];
		int			n = (int) unit_below(40);
		JyFunnelSpec spec = {0};
		JyProps		p,
					a,
					b,
					d;
		int			level,
					vals[JY_MAX_STEPS],
					i,
					split;
		int64_t		times[JY_MAX_STEPS];
		uint8_t    *bytes,
				   *again;
		size_t		len,
					len2;
		const char *why = NULL;

		spec.nsteps = 1 + (int) unit_below(5);
		spec.window = 1 + unit_below(12);
		spec.flags = MODES[unit_below(sizeof(MODES) / sizeof(MODES[0]))];
		for (i = 0; i < n; i++)
		{
			rows[i].ts = (int64_t) unit_below(20) - 5;
			/* mostly one step, sometimes several or none */
			rows[i].mask = unit_below(4) == 0 ? unit_rand() & ((1u << spec.nsteps) - 1)
				: (uint64_t) 1 << unit_below((unsigned) spec.nsteps);
			rows[i].v = (int) unit_below(NVALUES + 1) - 1;
		}
		oracle(rows, n, &spec, &level, times, vals);

		jy_props_init(&p, &spec, JY_TS_TYPE_BIGINT);
		add_rows(&p, rows, 0, n);
		check_eval(&p, level, times, vals);

		/* two partial states merged (as combine does) */
		split = n == 0 ? 0 : (int) unit_below((unsigned) n + 1);
		jy_props_init(&a, &spec, JY_TS_TYPE_BIGINT);
		jy_props_init(&b, &spec, JY_TS_TYPE_BIGINT);
		add_rows(&a, rows, split, n);
		add_rows(&b, rows, 0, split);
		CHECK(jy_props_same(&a, &b));
		CHECK_EQ(jy_props_merge(&a, &b, &unit_mem), JY_OK);
		check_eval(&a, level, times, vals);

		/* the byte form: decodes, evaluates the same, encodes the same */
		bytes = encode(&b, &len);
		CHECK_EQ(jy_props_decode(&d, &unit_mem, bytes, len, 3, &why), JY_OK);
		again = encode(&d, &len2);
		CHECK(len == len2 && memcmp(bytes, again, len) == 0);
		CHECK_EQ(jy_props_merge(&d, &a, &unit_mem), JY_OK);
		free(bytes);
		free(again);
		jy_props_free(&d, &unit_mem);

		bytes = encode(&p, &len);
		CHECK_EQ(jy_props_decode(&d, &unit_mem, bytes, len, 3, &why), JY_OK);
		check_eval(&d, level, times, vals);
		free(bytes);

		jy_props_free(&p, &unit_mem);
		jy_props_free(&a, &unit_mem);
		jy_props_free(&b, &unit_mem);
		jy_props_free(&d, &unit_mem);
	}
}

/* Worked example: ties, NULLs, a row on two steps, strict_order markers */
static void
test_worked(void)
{
	/* steps: 1 visit, 2 view, 3 buy; window 10 */
	static const Row rows[] = {
		{5, 2, 0},				/* view b@5 */
		{1, 1, 4},				/* visit z@1 */
		{1, 1, -1},				/* visit NULL@1 */
		{1, 1, 1},				/* visit a@1 */
		{5, 2, 2},				/* view ab@5 */
		{5, 4, -1},				/* buy NULL@5: only NULL at step 3 */
		{20, 1, 0},				/* a later visit b@20 */
	};
	JyFunnelSpec spec = {0};
	JyProps		p;
	int			level;
	int64_t		times[JY_MAX_STEPS];
	uint32_t	refs[JY_MAX_STEPS];
	size_t		len;
	const char *v;

	spec.nsteps = 3;
	spec.window = 10;
	jy_props_init(&p, &spec, JY_TS_TYPE_BIGINT);
	add_rows(&p, rows, 0, 7);
	CHECK_EQ(jy_props_eval(&p, &unit_mem, &level, times, refs), JY_OK);
	CHECK_EQ(level, 3);
	CHECK_EQ(times[0], 1);
	CHECK_EQ(times[1], 5);
	CHECK_EQ(times[2], 5);
	v = jy_props_value(&p, refs[0], &len);
	CHECK(len == 1 && v[0] == 'a');		/* a < z, NULL last */
	v = jy_props_value(&p, refs[1], &len);
	CHECK(len == 2 && memcmp(v, "ab", 2) == 0);	/* "ab" < "b" */
	CHECK_EQ(refs[2], 0);
	/* each distinct value stored once */
	CHECK_EQ(p.values.n, 4);
	jy_props_free(&p, &unit_mem);

	/* no step 1: level 0; a state without rows: level 0 */
	jy_props_init(&p, &spec, JY_TS_TYPE_BIGINT);
	CHECK_EQ(jy_props_eval(&p, &unit_mem, &level, times, refs), JY_OK);
	CHECK_EQ(level, 0);
	add_rows(&p, rows, 0, 1);
	CHECK_EQ(jy_props_eval(&p, &unit_mem, &level, times, refs), JY_OK);
	CHECK_EQ(level, 0);
	/* rows of no step are not kept, except as strict_order markers */
	CHECK_EQ(jy_props_add(&p, &unit_mem, 3, 0, "x", 1), JY_OK);
	CHECK_EQ(p.nrows, 1);
	jy_props_free(&p, &unit_mem);
	spec.flags = JY_FUNNEL_STRICT_ORDER;
	jy_props_init(&p, &spec, JY_TS_TYPE_BIGINT);
	CHECK_EQ(jy_props_add(&p, &unit_mem, 3, 0, "x", 1), JY_OK);
	CHECK_EQ(p.nrows, 1);
	CHECK_EQ(p.values.n, 0);
	jy_props_free(&p, &unit_mem);
}

/* any_order: the positions of a reported chain map to the steps done */
static void
test_chain_steps(void)
{
	/* a@1, c@2, b@2, a@3, d@30 (steps a=0 .. d=3), window 5 */
	static const JyEvent ev[] = {{1, 1}, {2, 2}, {2, 4}, {3, 1}, {30, 8}};
	JyFunnelSpec spec = {0};
	int64_t		times[3] = {1, 2, 2};
	int64_t		wrong[3] = {1, 2, 3};
	int			steps[3];

	spec.nsteps = 4;
	spec.window = 5;
	spec.flags = JY_FUNNEL_ANY_ORDER;
	jy_props_chain_steps(ev, 5, &spec, 3, times, steps);
	CHECK_EQ(steps[0], 0);
	CHECK_EQ(steps[1], 1);		/* b and c at 2: in step order */
	CHECK_EQ(steps[2], 2);
	/* times the window does not reproduce: any step */
	jy_props_chain_steps(ev, 5, &spec, 3, wrong, steps);
	CHECK_EQ(steps[0], -1);
	CHECK_EQ(steps[2], -1);
	/* ordered modes: position k is step k */
	spec.flags = 0;
	jy_props_chain_steps(ev, 5, &spec, 3, wrong, steps);
	CHECK_EQ(steps[2], 2);
}

/* The exact bytes of docs/format.md's example, and the decoder's checks */
static void
test_bytes(void)
{
	/* 2 steps, strict_order, window 10, bigint; a@3 (step 1), marker@4, NULL@7 (step 2), a@7 (step 2) */
	static const uint8_t expect[] = {
		0x01, 0x02, 0x01, 0x02, 0x0a,
		0x01, 0x01, 'a',
		0x04, 0x06, 0x01, 0x01, 0x01, 0x00, 0x00, 0x03, 0x02, 0x00, 0x00, 0x02, 0x01,
	};
	JyFunnelSpec spec = {0};
	JyProps		p,
				d;
	uint8_t    *bytes,
				bad[sizeof(expect) + 1];
	size_t		len;
	const char *why;

	spec.nsteps = 2;
	spec.window = 10;
	spec.flags = JY_FUNNEL_STRICT_ORDER;
	jy_props_init(&p, &spec, JY_TS_TYPE_BIGINT);
	CHECK_EQ(jy_props_add(&p, &unit_mem, 7, 2, "a", 1), JY_OK);
	CHECK_EQ(jy_props_add(&p, &unit_mem, 3, 1, "a", 1), JY_OK);
	CHECK_EQ(jy_props_add(&p, &unit_mem, 4, 0, "x", 1), JY_OK);
	CHECK_EQ(jy_props_add(&p, &unit_mem, 7, 2, NULL, 0), JY_OK);
	bytes = encode(&p, &len);
	CHECK_EQ(len, sizeof(expect));
	CHECK(len == sizeof(expect) && memcmp(bytes, expect, len) == 0);
	free(bytes);
	jy_props_free(&p, &unit_mem);

#define REJECT(i, byte) \
	do { \
		memcpy(bad, expect, sizeof(expect)); \
		bad[i] = (byte); \
		why = NULL; \
		CHECK_EQ(jy_props_decode(&d, &unit_mem, bad, sizeof(expect), 3, &why), JY_ERR_CORRUPT); \
		CHECK(why != NULL); \
	} while (0)

	why = NULL;
	CHECK_EQ(jy_props_decode(&d, &unit_mem, expect, sizeof(expect), 3, &why), JY_OK);
	jy_props_free(&d, &unit_mem);
	REJECT(0, 2);				/* version */
	REJECT(1, 3);				/* timestamp type */
	REJECT(2, 0x10);			/* allow_reentry without strict_order */
	REJECT(3, 0);				/* no steps */
	REJECT(4, 0);				/* window 0 */
	REJECT(10, 0x04);			/* a mask beyond the steps */
	REJECT(11, 0x02);			/* a value that does not exist */
	REJECT(14, 0x01);			/* a marker with a value */
	REJECT(19, 0x01);			/* rows out of order: (7, step 1) after (7, step 2) */
	REJECT(2, 0x00);			/* a marker row without strict_order */
	/* trailing byte, short state */
	memcpy(bad, expect, sizeof(expect));
	bad[sizeof(expect)] = 0;
	CHECK_EQ(jy_props_decode(&d, &unit_mem, bad, sizeof(expect) + 1, 3, &why), JY_ERR_CORRUPT);
	CHECK_EQ(jy_props_decode(&d, &unit_mem, expect, sizeof(expect) - 1, 3, &why), JY_ERR_CORRUPT);
	CHECK_EQ(jy_props_decode(&d, &unit_mem, expect, 3, 3, &why), JY_ERR_CORRUPT);
	/* cut inside the values (found by fuzz_props: it was accepted) */
	CHECK_EQ(jy_props_decode(&d, &unit_mem, expect, 7, 3, &why), JY_ERR_CORRUPT);
	/* the same value twice */
	{
		static const uint8_t twice[] = {0x01, 0x02, 0x00, 0x01, 0x0a, 0x02, 0x01, 'a', 0x01, 'a', 0x00};

		CHECK_EQ(jy_props_decode(&d, &unit_mem, twice, sizeof(twice), 3, &why), JY_ERR_CORRUPT);
	}
	/* a timestamp outside timestamptz's range, for timestamptz states */
	{
		static const uint8_t far[] = {0x01, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x01,
		0xfc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x01, 0x00};

		CHECK_EQ(jy_props_decode(&d, &unit_mem, far, sizeof(far), 3, &why), JY_ERR_CORRUPT);
		/* the same as bigint is fine */
		memcpy(bad, far, sizeof(far));
		bad[1] = JY_TS_TYPE_BIGINT;
		CHECK_EQ(jy_props_decode(&d, &unit_mem, bad, sizeof(far), 3, &why), JY_OK);
		jy_props_free(&d, &unit_mem);
	}
#undef REJECT
}

/* Out of memory anywhere leaves a state that frees cleanly */
static void
test_oom(void)
{
	int			after;

	for (after = 0; after < 12; after++)
	{
		JyFunnelSpec spec = {0};
		JyProps		p;
		int			i;
		JyStatus	st = JY_OK;

		spec.nsteps = 2;
		spec.window = 10;
		jy_props_init(&p, &spec, JY_TS_TYPE_BIGINT);
		unit_fail_after = after;
		for (i = 0; i < 100 && st == JY_OK; i++)
		{
			char		v[8];

			snprintf(v, sizeof(v), "v%d", i % 30);
			st = jy_props_add(&p, &unit_failing_mem, i, 1 + (i & 1), v, strlen(v));
		}
		CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
		jy_props_free(&p, &unit_failing_mem);
	}
}

int
main(void)
{
	test_worked();
	test_chain_steps();
	test_bytes();
	test_random();
	test_oom();
	return unit_summary("test_funnelprops");
}
