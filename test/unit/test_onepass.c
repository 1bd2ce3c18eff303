/*
 * test_onepass.c -- unit tests of the one-pass funnel state and its codec
 *
 * The counts of a one-pass state must equal, for every mode, what the
 * funnel engine gives per actor (the window_funnel path: the actor's events
 * sorted by jy_sort_events, then jy_funnel_eval); merging states built from
 * parts of the rows must give the same counts and the same bytes; decoding
 * must accept exactly what the encoder writes.
 */
#include "unit.h"

#include "core/codec.h"
#include "core/onepass.h"

#define NACTORS 40
#define NROWS 600

/* A random row: actor, ts with many ties, mask of up to nsteps bits */
typedef struct Row
{
	int64_t		actor;
	int64_t		ts;
	uint64_t	mask;
} Row;

static const uint32_t modes[] = {
	0, JY_FUNNEL_STRICT_ORDER, JY_FUNNEL_STRICT_DEDUP, JY_FUNNEL_STRICT_INCREASE,
	JY_FUNNEL_STRICT_ONCE, JY_FUNNEL_STRICT_ORDER | JY_FUNNEL_ALLOW_REENTRY,
	JY_FUNNEL_STRICT_ORDER | JY_FUNNEL_STRICT_DEDUP,
	JY_FUNNEL_STRICT_INCREASE | JY_FUNNEL_STRICT_ONCE,
	JY_FUNNEL_STRICT_ORDER | JY_FUNNEL_ALLOW_REENTRY | JY_FUNNEL_STRICT_ONCE
};

/* Rows by actor, then as given (qsort over indexes: stable by index) */
static const Row *sort_rows;

static int
row_cmp(const void *x, const void *y)
{
	const Row  *a = &sort_rows[*(const size_t *) x],
			   *b = &sort_rows[*(const size_t *) y];

	if (a->actor != b->actor)
		return a->actor < b->actor ? -1 : 1;
	return *(const size_t *) x < *(const size_t *) y ? -1 : 1;
}

/* The counts by brute force: each actor's events through the engine */
static void
brute_counts(const Row *rows, size_t n, const JyFunnelSpec *spec, int64_t *counts)
{
	size_t	   *ix = malloc(n * sizeof(size_t));
	JyEvent    *ev = malloc(n * sizeof(JyEvent));
	size_t		i,
				j;
	int			k;

	for (i = 0; i < n; i++)
		ix[i] = i;
	sort_rows = rows;
	qsort(ix, n, sizeof(size_t), row_cmp);
	for (k = 0; k < spec->nsteps; k++)
		counts[k] = 0;
	for (i = 0; i < n; i = j)
	{
		size_t		m = 0;
		int			level = 0;

		for (j = i; j < n && rows[ix[j]].actor == rows[ix[i]].actor; j++)
			if (rows[ix[j]].mask != 0 || (spec->flags & JY_FUNNEL_STRICT_ORDER))
			{
				ev[m].ts = rows[ix[j]].ts;
				ev[m].mask = rows[ix[j]].mask;
				m++;
			}
		if (m == 0)
			continue;
		jy_sort_events(ev, m, &unit_mem);
		CHECK_EQ(jy_funnel_eval(ev, m, spec, &unit_mem, &level, NULL), JY_OK);
		for (k = 0; k < level; k++)
			counts[k]++;
	}
	free(ev);
	free(ix);
}


/* Add rows[from .. to) to a state, integer or text keys */
static void
add_rows(JyOnepass *o, const Row *rows, size_t from, size_t to)
{
	size_t		i;

	for (i = from; i < to; i++)
	{
		if (o->actors.kind == JY_ACTOR_INT)
			CHECK_EQ(jy_onepass_add_int(o, &unit_mem, rows[i].actor, rows[i].ts, rows[i].mask), JY_OK);
		else
		{
			/* every third actor's key longer than the ring holds */
			char		key[80];
			int			len = snprintf(key, sizeof(key), rows[i].actor % 3 ? "user-%lld"
									   : "user-%lld-with-a-key-longer-than-JY_ONEPASS_KEY_MAX-bytes",
									   (long long) rows[i].actor);

			CHECK_EQ(jy_onepass_add_bytes(o, &unit_mem, key, (size_t) len, rows[i].ts, rows[i].mask), JY_OK);
		}
	}
}

/* The byte form of a state (w initialised here, freed by the caller) */
static void
encode(JyOnepass *o, JyWriter *w)
{
	jy_writer_init(w, &unit_mem);
	CHECK_EQ(jy_onepass_encode(o, &unit_mem, w), JY_OK);
	CHECK_EQ(w->status, JY_OK);
}

/* Do two writers hold the same bytes? */
static bool
same(const JyWriter *x, const JyWriter *y)
{
	return x->len == y->len && memcmp(x->buf, y->buf, x->len) == 0;
}

/*
 * Random rows: every mode, both key kinds, one state, merged parts,
 * decoded; with map, journey-map states (per-stage gaps, exclusion events)
 */
static void
random_rounds(bool map)
{
	Row		   *rows = malloc(NROWS * sizeof(Row));
	int			round;

	for (round = 0; round < 60; round++)
	{
		JyFunnelSpec spec = {0};
		uint64_t	within[JY_MAX_STEPS] = {0};
		uint64_t	map_id = map ? jy_onepass_map_id("map", 3) : 0;
		JyActorKind kind = round % 2 ? JY_ACTOR_TEXT : JY_ACTOR_INT;
		int64_t		want[JY_MAX_STEPS],
					got[JY_MAX_STEPS];
		size_t		i,
					cut = unit_below(NROWS + 1);
		JyOnepass	one,
					a,
					b,
					back;
		JyWriter	w1,
					w2,
					w3;
		const char *why = NULL;

		spec.window = 1 + unit_below(12);
		spec.flags = modes[round % (sizeof(modes) / sizeof(modes[0]))];
		spec.nsteps = 1 + (int) unit_below(round % 3 == 0 ? 64 - map : 5);
		if (map)
		{
			for (i = 1; i < (size_t) spec.nsteps; i++)
				within[i] = unit_below(2) ? 0 : 1 + unit_below(6);
			spec.within = within;
			spec.exclude = round % 4 == 0 ? 0 : (uint64_t) 1 << spec.nsteps;
			if (round % 5 == 0)
				spec.window = UINT64_MAX;	/* a map without a window */
		}
		for (i = 0; i < NROWS; i++)
		{
			rows[i].actor = unit_below(NACTORS);
			rows[i].ts = (int64_t) unit_below(30) - 10;
			rows[i].mask = unit_below(3) == 0 ? 0 : (uint64_t) 1 << unit_below((unsigned) spec.nsteps);
			if (unit_below(5) == 0)
				rows[i].mask |= jy_bits_from(unit_rand(), 64 - spec.nsteps);
			if (spec.exclude != 0 && unit_below(8) == 0)
				rows[i].mask = spec.exclude;
		}
		brute_counts(rows, NROWS, &spec, want);

		jy_onepass_init(&one, kind, &spec);
		one.map_id = map_id;
		add_rows(&one, rows, 0, NROWS);
		CHECK_EQ(jy_onepass_counts(&one, &unit_mem, got), JY_OK);
		CHECK(memcmp(want, got, (size_t) spec.nsteps * sizeof(int64_t)) == 0);

		/* two parts in other first-seen orders, merged */
		jy_onepass_init(&a, kind, &spec);
		jy_onepass_init(&b, kind, &spec);
		a.map_id = b.map_id = map_id;
		add_rows(&b, rows, cut, NROWS);
		add_rows(&a, rows, 0, cut);
		CHECK(jy_onepass_same(&a, &b));
		/* the parts decoded (actors in key order) merge by key order: the same */
		{
			JyOnepass	da,
						db;
			JyWriter	wa,
						wb,
						wm,
						wo;

			encode(&a, &wa);
			encode(&b, &wb);
			CHECK_EQ(jy_onepass_decode(&da, &unit_mem, wa.buf, wa.len, &why), JY_OK);
			CHECK_EQ(jy_onepass_decode(&db, &unit_mem, wb.buf, wb.len, &why), JY_OK);
			CHECK(kind != JY_ACTOR_INT || (da.actors.sorted && da.actors.nohash));
			CHECK_EQ(jy_onepass_merge(&db, &da, &unit_mem), JY_OK);
			CHECK_EQ(jy_onepass_counts(&db, &unit_mem, got), JY_OK);
			CHECK(memcmp(want, got, (size_t) spec.nsteps * sizeof(int64_t)) == 0);
			encode(&db, &wm);
			encode(&one, &wo);
			CHECK(same(&wm, &wo));
			/*
			 * rows added after the merge find the merged actors (the slots
			 * are built on demand): a known key adds no actor, a new one does
			 */
			if (kind == JY_ACTOR_INT)
			{
				uint32_t	before = db.actors.n;

				CHECK_EQ(jy_onepass_add_int(&db, &unit_mem, db.actors.ikey[0], 0, 1), JY_OK);
				CHECK_EQ(jy_onepass_add_int(&db, &unit_mem, NACTORS + 5, 0, 1), JY_OK);
				CHECK_EQ(jy_onepass_flush(&db, &unit_mem), JY_OK);
				CHECK_EQ(db.actors.n, before + 1);
				CHECK(!db.actors.nohash);
			}
			jy_writer_free(&wa);
			jy_writer_free(&wb);
			jy_writer_free(&wm);
			jy_writer_free(&wo);
			jy_onepass_free(&da, &unit_mem);
			jy_onepass_free(&db, &unit_mem);
		}
		CHECK_EQ(jy_onepass_merge(&b, &a, &unit_mem), JY_OK);
		CHECK_EQ(jy_onepass_counts(&b, &unit_mem, got), JY_OK);
		CHECK(memcmp(want, got, (size_t) spec.nsteps * sizeof(int64_t)) == 0);

		/* equal states, equal bytes; decoding gives them back */
		encode(&one, &w1);
		encode(&b, &w2);
		CHECK(same(&w1, &w2));
		CHECK_EQ(jy_onepass_decode(&back, &unit_mem, w1.buf, w1.len, &why), JY_OK);
		CHECK_EQ(jy_onepass_counts(&back, &unit_mem, got), JY_OK);
		CHECK(memcmp(want, got, (size_t) spec.nsteps * sizeof(int64_t)) == 0);
		encode(&back, &w3);
		CHECK(same(&w1, &w3));

		/* every proper prefix is refused, with a reason */
		for (i = 0; i < w1.len; i++)
		{
			JyOnepass	t;

			why = NULL;
			CHECK_EQ(jy_onepass_decode(&t, &unit_mem, w1.buf, i, &why), JY_ERR_CORRUPT);
			CHECK(why != NULL);
			jy_onepass_free(&t, &unit_mem);
		}
		jy_writer_free(&w1);
		jy_writer_free(&w2);
		jy_writer_free(&w3);
		jy_onepass_free(&one, &unit_mem);
		jy_onepass_free(&a, &unit_mem);
		jy_onepass_free(&b, &unit_mem);
		jy_onepass_free(&back, &unit_mem);
	}
	free(rows);
}

/* The decoder refuses bytes[0 .. len) with bytes[pos] set to val, with a reason */
static void
reject_byte(const uint8_t *bytes, size_t len, size_t pos, uint8_t val)
{
	uint8_t    *bad = malloc(len);
	JyOnepass	t;
	const char *why = NULL;

	memcpy(bad, bytes, len);
	bad[pos] = val;
	CHECK_EQ(jy_onepass_decode(&t, &unit_mem, bad, len, &why), JY_ERR_CORRUPT);
	CHECK(why != NULL);
	jy_onepass_free(&t, &unit_mem);
	free(bad);
}

/* A hand-worked state: its bytes, and the rejection of altered bytes */
static void
test_bytes(void)
{
	static const uint8_t expect[] = {
		1, JY_ACTOR_INT, 0, 2,	/* version, key kind, flags, steps */
		10, 1, 2,				/* window 10, rows seen, 2 actors */
		0x06, 2, 0x06, 1, 4, 2,	/* actor 3: 2 events (3, step 1), (7, step 2) */
		0x01, 1, 0x02, 3		/* actor 5 (3 + 1 + 1): (1, steps 1 and 2) */
	};
	JyFunnelSpec spec = {.window = 10, .flags = 0, .nsteps = 2, .within = NULL, .exclude = 0};
	JyOnepass	o,
				t;
	JyWriter	w;
	int64_t		counts[2];
	const char *why = NULL;
	uint8_t		bad[sizeof(expect) + 1];

	jy_onepass_init(&o, JY_ACTOR_INT, &spec);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 5, 1, 3), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 3, 7, 2), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 9, 2, 0), JY_OK);	/* no step: not stored */
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 3, 3, 1), JY_OK);
	/* integer keys wait in a batch for their lookup */
	CHECK_EQ(o.npend, 3);
	CHECK_EQ(o.actors.n, 0);
	CHECK_EQ(jy_onepass_flush(&o, &unit_mem), JY_OK);
	CHECK_EQ(o.npend, 0);
	CHECK_EQ(o.actors.n, 2);
	CHECK_EQ(o.n, 3);
	CHECK_EQ(jy_onepass_counts(&o, &unit_mem, counts), JY_OK);
	CHECK_EQ(counts[0], 2);
	CHECK_EQ(counts[1], 2);
	encode(&o, &w);
	CHECK_EQ(w.len, sizeof(expect));
	CHECK(w.len == sizeof(expect) && memcmp(w.buf, expect, sizeof(expect)) == 0);
	CHECK_EQ(jy_onepass_decode(&t, &unit_mem, expect, sizeof(expect), &why), JY_OK);
	jy_onepass_free(&t, &unit_mem);

#define REJECT(pos, val) reject_byte(expect, sizeof(expect), (pos), (val))

	REJECT(0, 2);				/* version */
	REJECT(1, JY_ACTOR_NKINDS);	/* key kind */
	REJECT(1, JY_ACTOR_NONE);	/* no kind with actors */
	REJECT(2, JY_FUNNEL_ANY_ORDER | JY_FUNNEL_STRICT_ORDER);	/* conflicting modes */
	REJECT(2, JY_FUNNEL_ALLOW_REENTRY);	/* allow_reentry alone */
	REJECT(3, 0);				/* no step */
	REJECT(3, 65);				/* too many steps */
	REJECT(4, 0);				/* window 0 */
	REJECT(5, 0);				/* actors without rows seen */
	REJECT(5, 2);				/* row flag not 0 or 1 */
	REJECT(8, 0);				/* an actor without events */
	REJECT(10, 4);				/* mask beyond 2 steps */
	REJECT(10, 0);				/* mask 0 without strict_order */
	/* equal timestamps with masks descending */
	memcpy(bad, expect, sizeof(expect));
	bad[10] = 2;
	bad[11] = 0;
	bad[12] = 1;
	CHECK_EQ(jy_onepass_decode(&t, &unit_mem, bad, sizeof(expect), &why), JY_ERR_CORRUPT);
	jy_onepass_free(&t, &unit_mem);
	/* trailing byte */
	memcpy(bad, expect, sizeof(expect));
	bad[sizeof(expect)] = 0;
	CHECK_EQ(jy_onepass_decode(&t, &unit_mem, bad, sizeof(expect) + 1, &why), JY_ERR_CORRUPT);
	jy_onepass_free(&t, &unit_mem);
#undef REJECT

	jy_writer_free(&w);
	jy_onepass_free(&o, &unit_mem);
}

/* Random rows through plain funnel states */
static void
test_random(void)
{
	random_rounds(false);
}

/* Random rows through journey-map states (gaps, exclusions, no window) */
static void
test_random_map(void)
{
	random_rounds(true);
}

/*
 * A hand-worked journey-map state (2 stages, no window, stage 2 within 5
 * of stage 1, exclusion bit 4, map "m"): its counts, bytes and rejections
 */
static void
test_map_bytes(void)
{
	static const uint8_t expect[] = {
		2, JY_ACTOR_INT, 0, 2,	/* version 2, key kind, flags, steps */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,	/* no window */
		0xaf, 0x63, 0xe0, 0x4c, 0x86, 0x01, 0xf3, 0x58,	/* FNV-1a of "m" */
		1, 5,					/* exclusion events, stage 2 within 5 */
		1, 3,					/* rows seen, 3 actors */
		0x06, 4, 0x02, 1, 3, 4, 2, 1, 14, 2,	/* actor 3: (1, s1) (4, excl) (6, s1) (20, s2) */
		0x01, 2, 0x02, 1, 2, 2, /* actor 5: (1, s1) (3, s2) */
		0x01, 3, 0x02, 1, 1, 4, 1, 2	/* actor 7: (1, s1) (2, excl) (3, s2) */
	};
	uint64_t	within[JY_MAX_STEPS] = {0, 5};
	JyFunnelSpec spec = {.window = UINT64_MAX, .flags = 0, .nsteps = 2, .within = within, .exclude = 4};
	JyOnepass	o,
				t,
				plain;
	JyWriter	w;
	int64_t		counts[2];
	const char *why = NULL;
	uint8_t		bad[sizeof(expect)];

	CHECK_EQ(jy_onepass_map_id("m", 1), UINT64_C(0xaf63e04c8601f358));
	jy_onepass_init(&o, JY_ACTOR_INT, &spec);
	o.map_id = jy_onepass_map_id("m", 1);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 7, 3, 2), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 3, 20, 2), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 5, 3, 2), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 3, 4, 4), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 7, 2, 4), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 3, 1, 1), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 5, 1, 1), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 7, 1, 1), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 3, 6, 1), JY_OK);
	/* 3: the gap 6 -> 20 is too long; 7: the exclusion drops the chain */
	CHECK_EQ(jy_onepass_counts(&o, &unit_mem, counts), JY_OK);
	CHECK_EQ(counts[0], 3);
	CHECK_EQ(counts[1], 1);
	encode(&o, &w);
	CHECK_EQ(w.len, sizeof(expect));
	CHECK(w.len == sizeof(expect) && memcmp(w.buf, expect, sizeof(expect)) == 0);
	CHECK_EQ(jy_onepass_decode(&t, &unit_mem, expect, sizeof(expect), &why), JY_OK);
	CHECK(jy_onepass_same(&o, &t));
	CHECK_EQ(jy_onepass_counts(&t, &unit_mem, counts), JY_OK);
	CHECK_EQ(counts[0], 3);
	CHECK_EQ(counts[1], 1);
	jy_onepass_free(&t, &unit_mem);

	/* another map, or no map: not mergeable */
	jy_onepass_init(&t, JY_ACTOR_INT, &spec);
	t.map_id = jy_onepass_map_id("n", 1);
	CHECK(!jy_onepass_same(&o, &t));
	CHECK_EQ(jy_onepass_merge(&t, &o, &unit_mem), JY_ERR_BAD_PARAMETER);
	jy_onepass_free(&t, &unit_mem);
	jy_onepass_init(&plain, JY_ACTOR_INT, &spec);
	CHECK(!jy_onepass_same(&o, &plain));
	jy_onepass_free(&plain, &unit_mem);

#define REJECT(pos, val) reject_byte(expect, sizeof(expect), (pos), (val))

	REJECT(0, 3);				/* version 3: reads options that are not there */
	REJECT(0, 4);				/* version */
	REJECT(0, 1);				/* version 1: no map fields */
	REJECT(3, 64);				/* 64 stages leave no exclusion bit */
	REJECT(4, 0xfe);			/* window 2^64 - 2 */
	REJECT(22, 2);				/* exclusion flag not 0 or 1 */
	REJECT(29, 8);				/* mask beyond the stages and the exclusion bit */
	memcpy(bad, expect, sizeof(expect));
	memset(bad + 14, 0, 8);		/* map id 0 */
	CHECK_EQ(jy_onepass_decode(&t, &unit_mem, bad, sizeof(expect), &why), JY_ERR_CORRUPT);
	jy_onepass_free(&t, &unit_mem);
	REJECT(22, 0);				/* no exclusions: the exclusion bit is beyond the masks */
#undef REJECT

	jy_writer_free(&w);
	jy_onepass_free(&o, &unit_mem);
}

/* No actor: NULL-like empty states encode, decode and merge */
static void
test_empty(void)
{
	JyFunnelSpec spec = {.window = 5, .flags = JY_FUNNEL_STRICT_ORDER, .nsteps = 3, .within = NULL, .exclude = 0};
	JyFunnelSpec other = {.window = 6, .flags = JY_FUNNEL_STRICT_ORDER, .nsteps = 3, .within = NULL, .exclude = 0};
	JyOnepass	o,
				t,
				x;
	JyWriter	w;
	int64_t		counts[3];
	const char *why = NULL;

	jy_onepass_init(&o, JY_ACTOR_UUID, &spec);
	CHECK(!o.any);
	CHECK_EQ(jy_onepass_counts(&o, &unit_mem, counts), JY_OK);
	CHECK_EQ(counts[0] + counts[1] + counts[2], 0);
	encode(&o, &w);
	CHECK_EQ(jy_onepass_decode(&t, &unit_mem, w.buf, w.len, &why), JY_OK);
	CHECK(!t.any);
	CHECK_EQ(t.actors.n, 0);
	CHECK_EQ(t.window, 5);
	/* strict_order stores a non-matching row as a marker */
	CHECK_EQ(jy_onepass_add_bytes(&o, &unit_mem, "0123456789abcdef", 16, 1, 0), JY_OK);
	CHECK(o.any);
	CHECK_EQ(o.npend, 1);		/* waiting for its lookup */
	CHECK_EQ(jy_onepass_flush(&o, &unit_mem), JY_OK);
	CHECK_EQ(o.n, 1);
	CHECK_EQ(jy_onepass_merge(&t, &o, &unit_mem), JY_OK);
	CHECK_EQ(t.n, 1);
	CHECK_EQ(t.actors.kind, JY_ACTOR_UUID);
	/* different funnels do not merge */
	jy_onepass_init(&x, JY_ACTOR_UUID, &other);
	CHECK(!jy_onepass_same(&x, &o));
	CHECK_EQ(jy_onepass_merge(&x, &o, &unit_mem), JY_ERR_BAD_PARAMETER);
	jy_writer_free(&w);
	jy_onepass_free(&o, &unit_mem);
	jy_onepass_free(&t, &unit_mem);
	jy_onepass_free(&x, &unit_mem);
}

/* Allocations of 1 MB or more fail (the grouping's scratch copy) */
static void *
small_alloc(void *arg, size_t size)
{
	(void) arg;
	return size >= 1024 * 1024 ? NULL : malloc(size);
}

static const JyMem small_mem = {small_alloc, unit_resize, unit_release, unit_interrupt, NULL};

/* A large state: the counting sort and the evaluation call the hook */
static void
test_interrupts(void)
{
	JyFunnelSpec spec = {.window = 100, .flags = 0, .nsteps = 2, .within = NULL, .exclude = 0};
	JyOnepass	o;
	int64_t		counts[2];
	int64_t		i;
	int			before;

	jy_onepass_init(&o, JY_ACTOR_INT, &spec);
	for (i = 0; i < 200000; i++)
		CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, (i * 7919) % 100003, i, (uint64_t) 1 << (i % 2)), JY_OK);
	before = unit_interrupts;
	CHECK_EQ(jy_onepass_counts(&o, &unit_mem, counts), JY_OK);
	CHECK(unit_interrupts > before);
	/*
	 * 100003 actors; rows i and i + 100003 (i < 99997) are one actor's, of
	 * masks 1 and 2 in some order, too far apart for step 2; the actors of
	 * the single rows 99997 .. 100002 reach step 1 for even i
	 */
	CHECK_EQ(o.actors.n, 100003);
	CHECK_EQ(counts[0], 100000);
	CHECK_EQ(counts[1], 0);
	/* without room for the scratch copy: grouped in place, same counts */
	before = unit_interrupts;
	counts[0] = counts[1] = -1;
	CHECK_EQ(jy_onepass_counts(&o, &small_mem, counts), JY_OK);
	CHECK(unit_interrupts > before);
	CHECK_EQ(counts[0], 100000);
	CHECK_EQ(counts[1], 0);
	jy_onepass_free(&o, &unit_mem);
}

/*
 * strict_once without times (window_funnel, the one-pass form): folding a
 * timestamp's chains once computed a path pointer from a NULL array
 * (undefined behaviour; found by fuzz_onepass)
 */
static void
test_once_without_times(void)
{
	JyEvent		ev[] = {{1, 0}, {1, 1}};
	JyFunnelSpec spec = {.window = 10, .flags = JY_FUNNEL_STRICT_ORDER | JY_FUNNEL_STRICT_ONCE | JY_FUNNEL_ALLOW_REENTRY, .nsteps = 2, .within = NULL, .exclude = 0};
	int			level = -1;

	CHECK_EQ(jy_funnel_eval(ev, 2, &spec, &unit_mem, &level, NULL), JY_OK);
	CHECK_EQ(level, 1);
}

/*
 * The records' layouts: second-precision timestamps pack into 8 bytes
 * through every repacking (ids past 2^14, more mask ids, a timestamp before
 * the base, one off the unit); infinity next to ordinary dates does not fit
 * in 64 bits and turns the records wide.  The counts equal the per-actor
 * engine's every time, and the byte form is the same whatever the layout.
 */
static void
test_layout(void)
{
	enum
	{
		N = 120000
	};
	Row		   *rows = malloc(N * sizeof(Row));
	int			round;

	for (round = 0; round < 6; round++)
	{
		JyFunnelSpec spec = {.window = 3600 * INT64_C(1000000), .flags = round % 2 ? JY_FUNNEL_STRICT_ORDER : 0, .nsteps = 4, .within = NULL, .exclude = 0};
		int64_t		want[4],
					got[4];
		JyOnepass	o,
					wide,
					back;
		JyWriter	w1,
					w2;
		const char *why = NULL;
		size_t		i;
		int64_t		t0 = INT64_C(851000000000000);	/* 2026-12 in microseconds since 2000 */

		for (i = 0; i < N; i++)
		{
			/* 50000 actors; a month of seconds, from the middle of it on */
			rows[i].actor = (int64_t) unit_below(50000) * 7 - 1000;
			rows[i].ts = t0 + ((int64_t) unit_below(30 * 86400) - (i < N / 2 ? 0 : 15 * 86400)) * 1000000;
			rows[i].mask = unit_below(4) == 0 ? 0 : (uint64_t) 1 << unit_below(4);
			if (unit_below(7) == 0)
				rows[i].mask |= (uint64_t) 1 << unit_below(4);
		}
		if (round >= 2)
		{
			rows[N - 1].ts += 1;	/* a microsecond off: the unit becomes 1 */
			rows[N - 1].mask = 1;
		}
		if (round >= 4)
		{
			rows[N / 3].ts = round == 4 ? INT64_MAX : INT64_MIN;	/* infinity */
			rows[N / 3].mask = 2;
		}
		brute_counts(rows, N, &spec, want);

		jy_onepass_init(&o, JY_ACTOR_INT, &spec);
		for (i = 0; i < N; i++)
			CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, rows[i].actor, rows[i].ts, rows[i].mask), JY_OK);
		CHECK_EQ(jy_onepass_flush(&o, &unit_mem), JY_OK);
		CHECK_EQ(o.wide, round >= 4);
		if (round < 2)
			CHECK_EQ(o.unit, (uint64_t) 1000000);
		else if (round < 4)
			CHECK_EQ(o.unit, (uint64_t) 1);
		encode(&o, &w1);
		CHECK_EQ(jy_onepass_counts(&o, &unit_mem, got), JY_OK);
		CHECK(memcmp(want, got, sizeof(want)) == 0);
		/* grouped in place without scratch memory: the same */
		CHECK_EQ(jy_onepass_counts(&o, &small_mem, got), JY_OK);
		CHECK(memcmp(want, got, sizeof(want)) == 0);

		/* decoded: the same bytes again */
		CHECK_EQ(jy_onepass_decode(&back, &unit_mem, w1.buf, w1.len, &why), JY_OK);
		encode(&back, &w2);
		CHECK(same(&w1, &w2));

		/*
		 * a part of 200 rows and the rest, decoded, merged both ways: into
		 * the large one its ids are rewritten in place, into the small one
		 * (ids of 14 bits) every record is rewritten; the same counts
		 */
		{
			JyOnepass	part[2],
						dec[2][2];
			JyWriter	pw[2];
			int			p,
						way;

			for (p = 0; p < 2; p++)
			{
				jy_onepass_init(&part[p], JY_ACTOR_INT, &spec);
				for (i = p == 0 ? 0 : 200; i < (p == 0 ? 200 : N); i++)
					CHECK_EQ(jy_onepass_add_int(&part[p], &unit_mem, rows[i].actor, rows[i].ts, rows[i].mask), JY_OK);
				encode(&part[p], &pw[p]);
				for (way = 0; way < 2; way++)
					CHECK_EQ(jy_onepass_decode(&dec[way][p], &unit_mem, pw[p].buf, pw[p].len, &why), JY_OK);
			}
			CHECK(dec[0][0].idbits == 14 && (dec[0][1].wide || dec[0][1].idbits >= 16));
			CHECK_EQ(jy_onepass_merge(&dec[0][0], &dec[0][1], &unit_mem), JY_OK);
			CHECK_EQ(jy_onepass_merge(&dec[1][1], &dec[1][0], &unit_mem), JY_OK);
			for (way = 0; way < 2; way++)
			{
				CHECK_EQ(jy_onepass_counts(&dec[way][way], &unit_mem, got), JY_OK);
				CHECK(memcmp(want, got, sizeof(want)) == 0);
			}
			for (p = 0; p < 2; p++)
			{
				jy_writer_free(&pw[p]);
				jy_onepass_free(&part[p], &unit_mem);
				for (way = 0; way < 2; way++)
					jy_onepass_free(&dec[way][p], &unit_mem);
			}
		}

		/*
		 * merged into a state that is wide from the start (an actor -5 of no
		 * record left: level 0): the same counts
		 */
		jy_onepass_init(&wide, JY_ACTOR_INT, &spec);
		CHECK_EQ(jy_onepass_add_int(&wide, &unit_mem, -5, INT64_MIN, 1), JY_OK);
		CHECK_EQ(jy_onepass_add_int(&wide, &unit_mem, -5, INT64_MAX, 1), JY_OK);
		CHECK_EQ(jy_onepass_flush(&wide, &unit_mem), JY_OK);
		/* two timestamps fit (in the unit of their distance), three do not */
		CHECK(!wide.wide);
		CHECK_EQ(wide.unit, UINT64_MAX);
		CHECK_EQ(jy_onepass_add_int(&wide, &unit_mem, -5, 0, 1), JY_OK);
		CHECK_EQ(jy_onepass_flush(&wide, &unit_mem), JY_OK);
		CHECK(wide.wide);
		wide.n = 0;				/* keep the layout, drop the records */
		CHECK_EQ(jy_onepass_merge(&wide, &o, &unit_mem), JY_OK);
		CHECK_EQ(jy_onepass_counts(&wide, &unit_mem, got), JY_OK);
		CHECK(memcmp(want, got, sizeof(want)) == 0);
		jy_writer_free(&w1);
		jy_writer_free(&w2);
		jy_onepass_free(&back, &unit_mem);
		jy_onepass_free(&o, &unit_mem);
		jy_onepass_free(&wide, &unit_mem);
	}
	free(rows);
}

/*
 * A journey-map state with options (byte form version 3): 3 stages, stage
 * 2 optional, a leave exclusion (bit 3) from stage 2 to stage 3.  Actor 1
 * skips stage 2, actor 2 leaves, actor 3 stops at stage 2: {2, 1, 1}.
 */
static void
test_map_options_bytes(void)
{
	static const uint8_t options[] = {2, 1, 3, 2, 3, 1};	/* optional, 1 exclusion: bit, from, to, leave */
	JyFunnelExcl x = {.bit = 8, .from = 2, .to = 3, .leave = true};
	JyFunnelSpec spec = {.window = UINT64_MAX, .nsteps = 3, .optional = 2, .nexcl = 1, .excl = &x};
	JyOnepass	o,
				t;
	JyWriter	w;
	int64_t		counts[3];
	const char *why = NULL;
	uint8_t    *bytes;
	size_t		len;

	jy_onepass_init(&o, JY_ACTOR_INT, &spec);
	o.map_id = jy_onepass_map_id("m", 1);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 1, 1, 1), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 1, 2, 4), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 2, 1, 1), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 2, 2, 2), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 2, 3, 8), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 2, 4, 4), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 3, 1, 1), JY_OK);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 3, 2, 2), JY_OK);
	CHECK_EQ(jy_onepass_counts(&o, &unit_mem, counts), JY_OK);
	CHECK_EQ(counts[0], 2);
	CHECK_EQ(counts[1], 1);
	CHECK_EQ(counts[2], 1);
	encode(&o, &w);
	bytes = w.buf;
	len = w.len;
	/* version 3; after the map fields (4 + 10 + 8 + 1 + 2 bytes), the options */
	CHECK_EQ(bytes[0], JY_ONEPASS_MAP_OPTIONS_VERSION);
	CHECK(len > 31 && memcmp(bytes + 25, options, sizeof(options)) == 0);
	CHECK_EQ(jy_onepass_decode(&t, &unit_mem, bytes, len, &why), JY_OK);
	CHECK(jy_onepass_same(&o, &t));
	CHECK_EQ(jy_onepass_counts(&t, &unit_mem, counts), JY_OK);
	CHECK_EQ(counts[0], 2);
	CHECK_EQ(counts[1], 1);
	CHECK_EQ(counts[2], 1);
	jy_onepass_free(&t, &unit_mem);
	/* other options: not mergeable */
	spec.optional = 0;
	jy_onepass_init(&t, JY_ACTOR_INT, &spec);
	t.map_id = o.map_id;
	CHECK(!jy_onepass_same(&o, &t));
	jy_onepass_free(&t, &unit_mem);
	spec.optional = 2;
	x.leave = false;
	jy_onepass_init(&t, JY_ACTOR_INT, &spec);
	t.map_id = o.map_id;
	CHECK(!jy_onepass_same(&o, &t));
	jy_onepass_free(&t, &unit_mem);

	reject_byte(bytes, len, 0, 4);		/* version */
	reject_byte(bytes, len, 25, 1);		/* stage 1 optional */
	reject_byte(bytes, len, 25, 4);		/* the last stage optional */
	reject_byte(bytes, len, 27, 2);		/* an exclusion bit among the stages */
	reject_byte(bytes, len, 27, 64);	/* beyond 64 bits */
	reject_byte(bytes, len, 28, 0);		/* from 0 */
	reject_byte(bytes, len, 28, 3);		/* from not before to */
	reject_byte(bytes, len, 29, 4);		/* to beyond the stages */
	reject_byte(bytes, len, 30, 2);		/* policy */
	reject_byte(bytes, len, 26, 200);	/* more exclusions than bits */
	reject_byte(bytes, len, 27, 4);		/* the events' bit 3 is then no exclusion's */
	{
		/* no options at all: version 3 is only written with some */
		uint8_t    *none = malloc(len);

		memcpy(none, bytes, 25);
		none[25] = 0;
		none[26] = 0;
		memcpy(none + 27, bytes + 31, len - 31);
		CHECK_EQ(jy_onepass_decode(&t, &unit_mem, none, len - 4, &why), JY_ERR_CORRUPT);
		jy_onepass_free(&t, &unit_mem);
		free(none);
	}

	/* a version 2 reader of these bytes would see garbage: version 2 is refused */
	reject_byte(bytes, len, 0, 2);
	jy_writer_free(&w);
	jy_onepass_free(&o, &unit_mem);

	/* without options a map state is still version 2 */
	spec.optional = 0;
	spec.nexcl = 0;
	jy_onepass_init(&o, JY_ACTOR_INT, &spec);
	o.map_id = jy_onepass_map_id("m", 1);
	CHECK_EQ(jy_onepass_add_int(&o, &unit_mem, 1, 1, 1), JY_OK);
	encode(&o, &w);
	CHECK_EQ(w.buf[0], JY_ONEPASS_MAP_VERSION);
	jy_writer_free(&w);
	jy_onepass_free(&o, &unit_mem);
}

/*
 * A map state with any_order and a stage gap cannot be evaluated, so its
 * byte form is refused (found by fuzz_onepass); the same state with the
 * default mode, and a label funnel's gaps with their identity, decode
 */
static void
test_any_order_gaps(void)
{
	uint8_t		bytes[] = {
		0x02, 0x01, 0x20, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0x01, 0xaf, 0x63, 0xe0, 0x4c, 0x86, 0x05, 0xf3, 0x58, 0x01, 0x05,
		0x01, 0x03, 0x06, 0x04, 0x02, 0x01, 0x03, 0x04, 0x02, 0x01, 0x0e, 0x01,
		0x02, 0x02, 0x02, 0x01, 0x02, 0x06, 0x01, 0x03, 0x02, 0x01, 0x01, 0x04,
		0x01, 0x02};
	uint64_t	within[3] = {0, 7, 0};
	JyOnepass	o;
	const char *why = NULL;

	CHECK_EQ(jy_onepass_decode(&o, &unit_mem, bytes, sizeof(bytes), &why), JY_ERR_CORRUPT);
	CHECK(why != NULL && strstr(why, "any_order") != NULL);
	jy_onepass_free(&o, &unit_mem);
	bytes[2] = 0;
	CHECK_EQ(jy_onepass_decode(&o, &unit_mem, bytes, sizeof(bytes), &why), JY_OK);
	jy_onepass_free(&o, &unit_mem);
	/* the gaps' identity: never 0, depends on every gap */
	CHECK(jy_onepass_gaps_id(within, 3) != 0);
	CHECK(jy_onepass_gaps_id(within, 3) != jy_onepass_gaps_id(within, 2));
	within[2] = 1;
	CHECK(jy_onepass_gaps_id(within, 3) != jy_onepass_gaps_id((const uint64_t[]) {0, 7, 0}, 3));
}

int
main(void)
{
	test_once_without_times();
	test_bytes();
	test_empty();
	test_random();
	test_random_map();
	test_map_bytes();
	test_map_options_bytes();
	test_any_order_gaps();
	test_interrupts();
	test_layout();
	return unit_summary("test_onepass");
}
