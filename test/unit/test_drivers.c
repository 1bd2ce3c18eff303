/*
 * test_drivers.c -- unit tests of the conversion drivers core
 *
 * Per actor: the worked boundaries of the regression test (the window is
 * [step 1, to_step) for converters, [step 1, step 1 + window] for the
 * others), and random actors against a brute-force oracle (the chain from
 * jy_funnel_eval over the same events, the features found by scanning the
 * unsorted rows), split states merged, and the byte form (round trip,
 * every cut rejected).  Across actors: counts, duplicates, merging, the
 * exact bytes of docs/format.md, damaged summaries.  The report: the
 * hand-worked 2x2 tables of test/sql/drivers.sql (odds ratios, Fisher p as
 * fractions of C(13, 6) = 1716, BH q), the guards and the order.
 */
#include "unit.h"

#include <math.h>

#include "core/codec.h"
#include "core/drivers.h"

#define MIN INT64_C(60000000)	/* a minute in microseconds */
#define DAY (1440 * MIN)

/* A state for the funnel (2 or more steps) of window w */
static void
features_new(JyFeatures *f, int nsteps, int to_step, uint64_t w, uint32_t flags)
{
	JyFunnelSpec spec;

	memset(&spec, 0, sizeof(spec));
	spec.window = w;
	spec.nsteps = nsteps;
	spec.flags = flags;
	jy_features_init(f, &spec, to_step, 0);
}

/* The features of an evaluated state, joined by ',' */
static void
features_text(JyFeatures *f, bool *reached, bool *converted, char *out, size_t cap)
{
	uint32_t   *ids,
				n,
				i;
	size_t		len = 0;

	CHECK_EQ(jy_features_eval(f, &unit_mem, reached, converted, &ids, &n), JY_OK);
	out[0] = '\0';
	for (i = 0; i < n; i++)
	{
		int			w = snprintf(out + len, cap - len, "%s%.*s", i ? "," : "",
								 (int) f->feats.len[ids[i]], jy_dict_text(&f->feats, ids[i]));

		len += (size_t) w;
	}
	free(ids);
}

/* A feature row of a NUL-terminated text */
static void
add_feature(JyFeatures *f, int64_t ts, const char *s)
{
	CHECK_EQ(jy_features_add(f, &unit_mem, ts, s, strlen(s)), JY_OK);
}

/* The boundaries of the regression test's actors 1, 8, 9, 12 and 14 */
static void
test_features_worked(void)
{
	JyFeatures	f;
	bool		reached,
				converted;
	char		buf[256];

	/* 1: converter; features before the purchase, the purchase row's own excluded */
	features_new(&f, 2, 2, 7 * DAY, 0);
	CHECK_EQ(jy_features_add_event(&f, &unit_mem, 10 * MIN, 2), JY_OK);	/* purchase */
	CHECK_EQ(jy_features_add_event(&f, &unit_mem, 0, 1), JY_OK);	/* visit */
	add_feature(&f, 10 * MIN, "channel=email");
	add_feature(&f, 5 * MIN, "video");
	add_feature(&f, 0, "channel=email");
	add_feature(&f, 7 * MIN, "demo");
	add_feature(&f, 6 * MIN, "coupon");
	add_feature(&f, 5 * MIN, "video");
	features_text(&f, &reached, &converted, buf, sizeof(buf));
	CHECK(reached && converted);
	CHECK(strcmp(buf, "channel=email,coupon,demo,video") == 0);
	jy_features_free(&f, &unit_mem);

	/* 8: before the visit is out; 9: visit + 7 days exactly is in; 12: 1 us later is out */
	features_new(&f, 2, 2, 7 * DAY, 0);
	CHECK_EQ(jy_features_add_event(&f, &unit_mem, 0, 1), JY_OK);
	add_feature(&f, -DAY, "pricing");
	add_feature(&f, 7 * DAY, "video");
	add_feature(&f, 7 * DAY + 1, "late");
	features_text(&f, &reached, &converted, buf, sizeof(buf));
	CHECK(reached && !converted);
	CHECK(strcmp(buf, "video") == 0);
	jy_features_free(&f, &unit_mem);

	/* 14: after the conversion is out */
	features_new(&f, 2, 2, 7 * DAY, 0);
	CHECK_EQ(jy_features_add_event(&f, &unit_mem, 0, 1), JY_OK);
	CHECK_EQ(jy_features_add_event(&f, &unit_mem, 10 * MIN, 2), JY_OK);
	add_feature(&f, 20 * MIN, "video");
	features_text(&f, &reached, &converted, buf, sizeof(buf));
	CHECK(reached && converted);
	CHECK(strcmp(buf, "") == 0);
	jy_features_free(&f, &unit_mem);

	/* 13: never reaches step 1; to_step 3 of 3 with level 2: not converted */
	features_new(&f, 3, 3, 7 * DAY, 0);
	add_feature(&f, 0, "video");
	CHECK_EQ(jy_features_add_event(&f, &unit_mem, 0, 2), JY_OK);
	features_text(&f, &reached, &converted, buf, sizeof(buf));
	CHECK(!reached && !converted && buf[0] == '\0');
	CHECK_EQ(jy_features_add_event(&f, &unit_mem, MIN, 1), JY_OK);
	CHECK_EQ(jy_features_add_event(&f, &unit_mem, 2 * MIN, 2), JY_OK);
	add_feature(&f, 3 * MIN, "x");
	features_text(&f, &reached, &converted, buf, sizeof(buf));
	CHECK(reached && !converted);
	CHECK(strcmp(buf, "x") == 0);
	jy_features_free(&f, &unit_mem);

	/* the window end saturates at the largest timestamp */
	features_new(&f, 2, 2, (uint64_t) INT64_MAX, 0);
	CHECK_EQ(jy_features_add_event(&f, &unit_mem, 5, 1), JY_OK);
	add_feature(&f, INT64_MAX, "end");
	features_text(&f, &reached, &converted, buf, sizeof(buf));
	CHECK(strcmp(buf, "end") == 0);
	jy_features_free(&f, &unit_mem);
}

static const char *const FEATS[] = {"b", "a", "ab", "", "z", "\xc3\xa9", "channel=x"};

#define NFEATS ((int) (sizeof(FEATS) / sizeof(FEATS[0])))

typedef struct Row
{
	int64_t		ts;
	int			kind;			/* 0: an event (mask), 1: a feature (id) */
	uint64_t	mask;
	int			feat;
} Row;

/* Add rows [from, to) */
static void
add_rows(JyFeatures *f, const Row *rows, int from, int to)
{
	int			i;

	for (i = from; i < to; i++)
	{
		if (rows[i].kind == 0)
			CHECK_EQ(jy_features_add_event(f, &unit_mem, rows[i].ts, rows[i].mask), JY_OK);
		else
			add_feature(f, rows[i].ts, FEATS[rows[i].feat]);
	}
}

/* Byte order of two feature indices */
static int
feat_cmp(const void *a, const void *b)
{
	const char *x = FEATS[*(const int *) a],
			   *y = FEATS[*(const int *) b];

	return jy_label_cmp(x, (uint32_t) strlen(x), y, (uint32_t) strlen(y));
}

/* The oracle: the chain of jy_funnel_eval, then a scan of the unsorted rows */
static void
oracle(const Row *rows, int n, int nsteps, int to_step, uint64_t w, uint32_t flags,
	   bool *reached, bool *converted, char *out, size_t cap)
{
	JyEvent		ev[64];
	JyFunnelSpec spec;
	int64_t		times[JY_MAX_STEPS];
	int			nev = 0,
				level = 0,
				i,
				picked[NFEATS],
				npicked = 0;
	bool		seen[NFEATS] = {false};
	size_t		len = 0;

	memset(&spec, 0, sizeof(spec));
	spec.window = w;
	spec.nsteps = nsteps;
	spec.flags = flags;
	for (i = 0; i < n; i++)
		if (rows[i].kind == 0)
		{
			ev[nev].ts = rows[i].ts;
			ev[nev++].mask = rows[i].mask;
		}
	jy_sort_events(ev, (size_t) nev, &unit_mem);
	CHECK_EQ(jy_funnel_eval(ev, (size_t) nev, &spec, &unit_mem, &level, times), JY_OK);
	*reached = level >= 1;
	*converted = level >= to_step;
	out[0] = '\0';
	if (!*reached)
		return;
	for (i = 0; i < n; i++)
	{
		int64_t		ts = rows[i].ts;

		if (rows[i].kind != 1 || ts < times[0])
			continue;
		if (*converted ? ts >= times[to_step - 1] : ts - times[0] > (int64_t) w)
			continue;
		seen[rows[i].feat] = true;
	}
	for (i = 0; i < NFEATS; i++)
		if (seen[i])
			picked[npicked++] = i;
	qsort(picked, (size_t) npicked, sizeof(int), feat_cmp);
	for (i = 0; i < npicked; i++)
		len += (size_t) snprintf(out + len, cap - len, "%s%s", i ? "," : "", FEATS[picked[i]]);
}

/* Encode a state into a malloc'd buffer */
static uint8_t *
encode(JyFeatures *f, size_t *len)
{
	JyWriter	w;

	jy_writer_init(&w, &unit_mem);
	CHECK_EQ(jy_features_encode(f, &unit_mem, &w), JY_OK);
	*len = w.len;
	return w.buf;
}

/* Random actors against the oracle; merges of split states; the byte form */
static void
test_features_random(void)
{
	static const uint32_t modes[] = {0, JY_FUNNEL_STRICT_ORDER, JY_FUNNEL_STRICT_DEDUP,
	JY_FUNNEL_STRICT_INCREASE, JY_FUNNEL_ANY_ORDER, JY_FUNNEL_FIRST_TIME};
	int			iter;

	for (iter = 0; iter < 3000; iter++)
	{
		Row			rows[48];
		int			n = (int) unit_below(40) + 1,
					nsteps = 2 + (int) unit_below(3),
					to_step = 2 + (int) unit_below((unsigned) nsteps - 1),
					split = (int) unit_below((unsigned) n + 1),
					i;
		uint32_t	flags = modes[unit_below(sizeof(modes) / sizeof(modes[0]))];
		uint64_t	w = 1 + unit_below(30);
		bool		r1,
					c1,
					r2,
					c2;
		char		want[256],
					got[256];
		JyFeatures	f,
					a,
					b,
					d;
		uint8_t    *bytes,
				   *bytes2;
		size_t		len,
					len2,
					cut;
		const char *why;

		for (i = 0; i < n; i++)
		{
			rows[i].ts = (int64_t) unit_below(60) - 10;
			rows[i].kind = (int) unit_below(2);
			rows[i].mask = (uint64_t) unit_below(1u << nsteps);
			if (rows[i].mask == 0 && !(flags & JY_FUNNEL_STRICT_ORDER))
				rows[i].mask = 1;
			rows[i].feat = (int) unit_below(NFEATS);
		}
		oracle(rows, n, nsteps, to_step, w, flags, &r1, &c1, want, sizeof(want));
		features_new(&f, nsteps, to_step, w, flags);
		add_rows(&f, rows, 0, n);
		features_text(&f, &r2, &c2, got, sizeof(got));
		CHECK(r1 == r2 && c1 == c2);
		CHECK(strcmp(want, got) == 0);
		if (strcmp(want, got) != 0)
			fprintf(stderr, "want {%s} got {%s}\n", want, got);

		/* split and merged */
		features_new(&a, nsteps, to_step, w, flags);
		features_new(&b, nsteps, to_step, w, flags);
		add_rows(&a, rows, 0, split);
		add_rows(&b, rows, split, n);
		CHECK(jy_features_same(&a, &b));
		CHECK_EQ(jy_features_merge(&a, &b, &unit_mem), JY_OK);
		features_text(&a, &r2, &c2, got, sizeof(got));
		CHECK(r1 == r2 && c1 == c2 && strcmp(want, got) == 0);

		/* the byte form round trips; every cut is refused */
		bytes = encode(&f, &len);
		CHECK_EQ(jy_features_decode(&d, &unit_mem, bytes, len, 3, &why), JY_OK);
		bytes2 = encode(&d, &len2);
		CHECK(len == len2 && memcmp(bytes, bytes2, len) == 0);
		features_text(&d, &r2, &c2, got, sizeof(got));
		CHECK(r1 == r2 && c1 == c2 && strcmp(want, got) == 0);
		for (cut = 0; cut < len; cut++)
		{
			JyFeatures	e;

			why = NULL;
			CHECK_EQ(jy_features_decode(&e, &unit_mem, bytes, cut, 3, &why), JY_ERR_CORRUPT);
			CHECK(why != NULL);
		}
		free(bytes);
		free(bytes2);
		jy_features_free(&f, &unit_mem);
		jy_features_free(&a, &unit_mem);
		jy_features_free(&b, &unit_mem);
		jy_features_free(&d, &unit_mem);
	}
}

/* Damaged per-actor states */
static void
test_features_bad(void)
{
	static const struct
	{
		const char *hex;
		const char *why;
	}			bad[] = {
		/* version 2 */
		{"02000002020100000000", "Its format version is not one this release reads."},
		/* timestamp type 3 */
		{"01030002020100000000", "Unknown timestamp type."},
		/* to_step 3 of 2 steps */
		{"01000002030100000000", "The funnel window, mode, number of steps or to_step is invalid."},
		/* totals */
		{"01008002020100000000", "The funnel window, mode, number of steps or to_step is invalid."},
		/* an event of step 3 in a 2-step funnel */
		{"0100000202010100040000", "An event names a step beyond the last, or no step."},
		/* a row of feature 1 when there is one */
		{"010000020201000101610100 01", "A row refers to a feature that does not exist."},
		/* a feature listed twice */
		{"0100000202010002016101610000", "A feature is listed twice."},
		/* rows out of order at one timestamp */
		{"01000002020100020161016202000100 00", "The rows are not in order."},
	};
	size_t		i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		uint8_t		buf[64];
		size_t		n = 0;
		const char *h = bad[i].hex,
				   *why = NULL;
		JyFeatures	f;

		while (*h)
		{
			unsigned	v;

			if (*h == ' ')
			{
				h++;
				continue;
			}
			sscanf(h, "%2x", &v);
			buf[n++] = (uint8_t) v;
			h += 2;
		}
		CHECK_EQ(jy_features_decode(&f, &unit_mem, buf, n, 3, &why), JY_ERR_CORRUPT);
		CHECK(why != NULL);
		if (bad[i].why != NULL && why != NULL)
			CHECK(strcmp(why, bad[i].why) == 0);
	}
}

/* docs/format.md's funnel_features state decodes and evaluates as it says */
static void
test_features_format(void)
{
	static const uint8_t bytes[] = {1, 0, 0, 2, 2, 10, 2, 0, 1, 4, 2, 2, 1, 'a', 1, 'b',
	3, 0, 0, 2, 1, 2, 0};
	JyFeatures	f;
	const char *why = NULL;
	bool		reached,
				converted;
	char		buf[64];
	uint8_t    *again;
	size_t		n;

	CHECK_EQ(jy_features_decode(&f, &unit_mem, bytes, sizeof(bytes), 3, &why), JY_OK);
	CHECK_EQ(f.nev, 2);
	CHECK_EQ(f.nrows, 3);
	features_text(&f, &reached, &converted, buf, sizeof(buf));
	CHECK(reached && converted);
	CHECK(strcmp(buf, "a,b") == 0);
	again = encode(&f, &n);
	CHECK(n == sizeof(bytes) && memcmp(again, bytes, n) == 0);
	free(again);
	jy_features_free(&f, &unit_mem);
}

/* Count one actor of features given as a NUL-terminated list */
static void
actor(JyDrivers *d, bool converted, const char *const *feats)
{
	const char *f[16];
	uint32_t	len[16];
	size_t		n = 0;

	while (feats[n] != NULL)
	{
		f[n] = feats[n];
		len[n] = (uint32_t) strlen(feats[n]);
		n++;
	}
	CHECK_EQ(jy_drivers_actor(d, &unit_mem, converted, f, len, n), JY_OK);
}

/* The 13 reached actors of test/sql/drivers.sql */
static void
hand_summary(JyDrivers *d)
{
	static const char *const a1[] = {"all", "channel=email", "coupon", "demo", "video", NULL},
				*const a2[] = {"all", "channel=email", "demo", "video", NULL},
				*const a3[] = {"all", "channel=ads", "demo", "video", NULL},
				*const a4[] = {"all", "channel=ads", "demo", "pricing", NULL},
				*const a5[] = {"all", "channel=email", "demo", "pricing", "video", NULL},
				*const a6[] = {"all", "channel=ads", "pricing", NULL},
				*const a8[] = {"all", "channel=ads", NULL},
				*const a9[] = {"all", "channel=email", "video", NULL},
				*const a12[] = {"all", "channel=email", NULL};

	jy_drivers_init(d);
	actor(d, true, a1);
	actor(d, true, a2);
	actor(d, true, a3);
	actor(d, true, a4);
	actor(d, true, a5);
	actor(d, false, a6);
	actor(d, false, a6);
	actor(d, false, a8);
	actor(d, false, a9);
	actor(d, false, a6);
	actor(d, false, a8);
	actor(d, false, a12);
	actor(d, true, a12);
}

/* Encode a summary into a malloc'd buffer */
static uint8_t *
encode_summary(const JyDrivers *d, size_t *len)
{
	JyWriter	w;

	jy_writer_init(&w, &unit_mem);
	CHECK_EQ(jy_drivers_encode(d, &unit_mem, &w), JY_OK);
	*len = w.len;
	return w.buf;
}

/* Counting, duplicates, merging and the bytes */
static void
test_counts(void)
{
	JyDrivers	d,
				e;
	const char *f[4] = {"x", "x", NULL, "y"};
	uint32_t	len[4] = {1, 1, 0, 1};
	static const uint8_t want[] = {
		'J', 'S', 6, 1, 1, 1, 4,
		3, 'a', 'l', 'l', 1, 1,
		11, 'c', 'h', 'a', 'n', 'n', 'e', 'l', '=', 'a', 'd', 's', 0, 1,
		13, 'c', 'h', 'a', 'n', 'n', 'e', 'l', '=', 'e', 'm', 'a', 'i', 'l', 1, 0,
	7, 'p', 'r', 'i', 'c', 'i', 'n', 'g', 0, 1};
	static const char *const a6[] = {"all", "channel=ads", "pricing", NULL},
				*const a14[] = {"all", "channel=email", NULL};
	uint8_t    *bytes,
			   *bytes2;
	size_t		n,
				n2,
				cut;
	JyDriverSummary s;
	const char *why;

	/* a feature twice counts once; NULLs are skipped */
	jy_drivers_init(&d);
	CHECK_EQ(jy_drivers_actor(&d, &unit_mem, true, f, len, 4), JY_OK);
	CHECK_EQ(jy_drivers_actor(&d, &unit_mem, false, f, len, 2), JY_OK);
	CHECK_EQ(d.converters, 1);
	CHECK_EQ(d.nonconverters, 1);
	CHECK_EQ(d.feats.n, 2);
	CHECK_EQ(d.cnt[0].conv, 1);
	CHECK_EQ(d.cnt[0].non, 1);
	CHECK_EQ(d.cnt[1].conv, 1);
	CHECK_EQ(d.cnt[1].non, 0);
	jy_drivers_free(&d, &unit_mem);

	/* the regression test's actors 6 and 14, byte for byte (docs/format.md) */
	jy_drivers_init(&d);
	actor(&d, false, a6);
	actor(&d, true, a14);
	bytes = encode_summary(&d, &n);
	CHECK(n == sizeof(want) && memcmp(bytes, want, n) == 0);
	free(bytes);
	jy_drivers_free(&d, &unit_mem);

	/* merged halves give the bytes of one pass; decode and add back too */
	hand_summary(&d);
	bytes = encode_summary(&d, &n);
	jy_drivers_init(&e);
	CHECK_EQ(jy_drivers_merge(&e, &d, &unit_mem), JY_OK);
	CHECK_EQ(jy_drivers_merge(&e, &d, &unit_mem), JY_OK);
	CHECK_EQ(e.converters, 12);
	CHECK_EQ(jy_driver_summary_decode(bytes, n, &unit_mem, &s, &why), JY_OK);
	CHECK_EQ(s.converters, 6);
	CHECK_EQ(s.nonconverters, 7);
	CHECK_EQ(s.n, 7);
	jy_drivers_free(&e, &unit_mem);
	jy_drivers_init(&e);
	CHECK_EQ(jy_drivers_add_summary(&e, &unit_mem, &s), JY_OK);
	bytes2 = encode_summary(&e, &n2);
	CHECK(n == n2 && memcmp(bytes, bytes2, n) == 0);
	free(bytes2);
	jy_driver_summary_free(&s, &unit_mem);
	for (cut = 0; cut < n; cut++)
	{
		why = NULL;
		CHECK_EQ(jy_driver_summary_check(bytes, cut, &unit_mem, &why), JY_ERR_CORRUPT);
		CHECK(why != NULL);
	}
	free(bytes);
	jy_drivers_free(&e, &unit_mem);
	jy_drivers_free(&d, &unit_mem);

	/* totals beyond INT64_MAX are refused, the state unchanged */
	jy_drivers_init(&d);
	CHECK_EQ(jy_drivers_add_totals(&d, (uint64_t) INT64_MAX, 0), JY_OK);
	CHECK_EQ(jy_drivers_add_totals(&d, 0, 1), JY_ERR_VALUE_TOO_LARGE);
	CHECK_EQ(jy_drivers_actor(&d, &unit_mem, true, f, len, 1), JY_ERR_VALUE_TOO_LARGE);
	CHECK_EQ(d.nonconverters, 0);
	CHECK_EQ(d.feats.n, 0);
	jy_drivers_free(&d, &unit_mem);
}

/* The report of the hand-worked summary */
static void
test_report(void)
{
	JyDrivers	d;
	JyDriverSummary s;
	JyDriverRow *rows;
	uint8_t    *bytes;
	size_t		n;
	const char *why;
	static const char *const order[] = {"demo", "video", "channel=ads", "channel=email",
	"pricing", "all", "coupon"};
	int			i;

	hand_summary(&d);
	bytes = encode_summary(&d, &n);
	CHECK_EQ(jy_driver_summary_decode(bytes, n, &unit_mem, &s, &why), JY_OK);
	CHECK_EQ(jy_drivers_report(&s, 1.959963984540054, 5, &unit_mem, &rows), JY_OK);
	for (i = 0; i < 7; i++)
		CHECK(rows[i].len == strlen(order[i]) && memcmp(rows[i].key, order[i], rows[i].len) == 0);
	/* demo 5 1 / 0 7: corrected 55, p = 8/1716, q = 5 p */
	CHECK_EQ(rows[0].a, 5);
	CHECK_EQ(rows[0].b, 1);
	CHECK_EQ(rows[0].c, 0);
	CHECK_EQ(rows[0].d, 7);
	CHECK_EQ(rows[0].note, JY_DRIVER_CORRECTED);
	CHECK_NEAR(rows[0].odds_ratio, 55, 1e-12);
	CHECK_NEAR(rows[0].p, 8.0 / 1716, 1e-15);
	CHECK_NEAR(rows[0].q, 40.0 / 1716, 1e-15);
	/* video 4 2 / 1 6: 12, Woolf 0.795694 .. 180.974, p = 176/1716, q = 440/1716 */
	CHECK_EQ(rows[1].note, JY_DRIVER_TESTED);
	CHECK_NEAR(rows[1].odds_ratio, 12, 1e-12);
	CHECK_NEAR(rows[1].ci_low, 12 * exp(-1.959963984540054 * sqrt(1.0 / 4 + 1.0 / 2 + 1 + 1.0 / 6)), 1e-12);
	CHECK_NEAR(rows[1].ci_high, 12 * exp(1.959963984540054 * sqrt(1.0 / 4 + 1.0 / 2 + 1 + 1.0 / 6)), 1e-9);
	CHECK_NEAR(rows[1].p, 176.0 / 1716, 1e-15);
	CHECK_NEAR(rows[1].q, 440.0 / 1716, 1e-15);
	/* the complements email and ads: equal strength and p, ads first by bytes */
	CHECK(rows[2].strength == rows[3].strength);
	CHECK_NEAR(rows[2].odds_ratio, 0.2, 1e-15);
	CHECK_NEAR(rows[3].odds_ratio, 5, 1e-12);
	CHECK_NEAR(rows[2].p, 491.0 / 1716, 1e-15);
	CHECK_NEAR(rows[3].q, 2455.0 / 6864, 1e-15);
	/* pricing: p = 1 */
	CHECK_NEAR(rows[4].p, 1, 1e-15);
	CHECK_NEAR(rows[4].q, 1, 1e-15);
	CHECK_EQ(rows[5].note, JY_DRIVER_EVERY_ACTOR);
	CHECK_EQ(rows[6].note, JY_DRIVER_FEW_ACTORS);
	free(rows);

	/* min_actors 0: coupon tested (corrected), 6 tests for BH */
	CHECK_EQ(jy_drivers_report(&s, 1.959963984540054, 0, &unit_mem, &rows), JY_OK);
	CHECK(memcmp(rows[4].key, "coupon", 6) == 0);
	CHECK_EQ(rows[4].note, JY_DRIVER_CORRECTED);
	CHECK_NEAR(rows[4].odds_ratio, 1.5 * 7.5 / (5.5 * 0.5), 1e-12);
	CHECK_NEAR(rows[4].p, 6.0 / 13, 1e-15);
	CHECK_NEAR(rows[4].q, 6 * (6.0 / 13) / 5, 1e-15);
	CHECK_NEAR(rows[0].q, 6 * 8.0 / 1716, 1e-15);
	free(rows);
	jy_driver_summary_free(&s, &unit_mem);
	free(bytes);
	jy_drivers_free(&d, &unit_mem);

	/* no non-converters: nothing tested */
	{
		static const char *const x[] = {"x", NULL};

		jy_drivers_init(&d);
		actor(&d, true, x);
		bytes = encode_summary(&d, &n);
		CHECK_EQ(jy_driver_summary_decode(bytes, n, &unit_mem, &s, &why), JY_OK);
		CHECK_EQ(jy_drivers_report(&s, 1.96, 0, &unit_mem, &rows), JY_OK);
		CHECK_EQ(rows[0].note, JY_DRIVER_NO_NONCONVERTERS);
		free(rows);
		jy_driver_summary_free(&s, &unit_mem);
		free(bytes);
		jy_drivers_free(&d, &unit_mem);
	}
}

/*
 * A hand-made summary with counts beyond what Fisher's test can sum
 * exactly (every margin above 2^40): the feature is listed untested with
 * its own note, never a hang or a NaN in the Benjamini-Hochberg family;
 * a small feature beside it is still tested, alone in the family
 */
static void
test_too_large(void)
{
	JyDrivers	d;
	JyDriverSummary s;
	JyDriverRow *rows;
	uint8_t    *bytes;
	size_t		n;
	const char *why;
	uint64_t	big = UINT64_C(1) << 50;

	jy_drivers_init(&d);
	CHECK_EQ(jy_drivers_add_totals(&d, 2 * big, 2 * big), JY_OK);
	CHECK_EQ(jy_drivers_add(&d, &unit_mem, "huge", 4, big, big + 1), JY_OK);
	CHECK_EQ(jy_drivers_add(&d, &unit_mem, "small", 5, 3, 1), JY_OK);
	bytes = encode_summary(&d, &n);
	CHECK_EQ(jy_driver_summary_decode(bytes, n, &unit_mem, &s, &why), JY_OK);
	CHECK_EQ(jy_drivers_report(&s, 1.96, 0, &unit_mem, &rows), JY_OK);
	CHECK_EQ(rows[0].len, 5);
	CHECK(jy_driver_tested(&rows[0]));
	CHECK_NEAR(rows[0].q, rows[0].p, 1e-15);
	CHECK_EQ(rows[1].len, 4);
	CHECK_EQ(rows[1].note, JY_DRIVER_TOO_LARGE);
	CHECK(!jy_driver_tested(&rows[1]));
	free(rows);
	jy_driver_summary_free(&s, &unit_mem);
	free(bytes);
	jy_drivers_free(&d, &unit_mem);
}

/* Out of memory at every allocation: an error, never a crash or a leak */
static void
test_oom(void)
{
	int			k;

	for (k = 0; k < 40; k++)
	{
		JyDrivers	d;
		const char *f[3] = {"a", "b", "c"};
		uint32_t	len[3] = {1, 1, 1};
		JyStatus	st;

		unit_fail_after = k;
		unit_failed = false;
		jy_drivers_init(&d);
		st = jy_drivers_actor(&d, &unit_failing_mem, true, f, len, 3);
		CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
		jy_drivers_free(&d, &unit_failing_mem);
	}
}

int
main(void)
{
	test_too_large();
	test_features_worked();
	test_features_random();
	test_features_bad();
	test_features_format();
	test_counts();
	test_report();
	test_oom();
	return unit_summary("test_drivers");
}
