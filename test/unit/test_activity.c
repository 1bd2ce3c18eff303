/*
 * test_activity.c -- unit tests of the activity state and its summary codec
 */
#include "unit.h"

#include "core/activity.h"
#include "core/codec.h"

/* The summary bytes of a state (w initialised here, freed by the caller) */
static void
encode(JyActivity *a, JyWriter *w)
{
	jy_writer_init(w, &unit_mem);
	CHECK_EQ(jy_activity_encode(a, &unit_mem, w), JY_OK);
	CHECK_EQ(w->status, JY_OK);
}

/* Do two writers hold the same bytes? */
static bool
same(const JyWriter *x, const JyWriter *y)
{
	return x->len == y->len && memcmp(x->buf, y->buf, x->len) == 0;
}

/* Decode a summary, checked */
static JyStatus
check(const uint8_t *b, size_t n, const char **why)
{
	*why = NULL;
	return jy_activity_summary_check(b, n, &unit_mem, why);
}

/* A hand-worked integer-keyed summary, cohort = first active day */
static void
test_int_bytes(void)
{
	static const uint8_t expect[] = {
		'J', 'S', 1, 1, 1, 1, 2,
		0x06, 0x01, 0x18,		/* actor 3: 1 day, day 12 */
		0x01, 0x02, 0x14, 0x00	/* actor 5 (3 + 1 + 1): 2 days, 10, 11 */
	};
	JyActivity	a;
	JyWriter	w;
	const char *why;

	jy_activity_init(&a, JY_ACTOR_INT, JY_COHORT_FIRST_DAY);
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, 5, 10, false), JY_OK);
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, 3, 12, false), JY_OK);
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, 5, 11, false), JY_OK);
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, 5, 10, false), JY_OK);
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, 3, 12, true), JY_OK);
	encode(&a, &w);
	CHECK_EQ(w.len, sizeof(expect));
	CHECK(w.len == sizeof(expect) && memcmp(w.buf, expect, sizeof(expect)) == 0);
	CHECK_EQ(check(w.buf, w.len, &why), JY_OK);
	jy_writer_free(&w);
	/* out of range days are refused */
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, 1, JY_DAY_MIN - 1, false), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, 1, JY_DAY_MAX + 1, false), JY_ERR_BAD_PARAMETER);
	jy_activity_free(&a, &unit_mem);
}

/* Collects what the decoder visits */
typedef struct Seen
{
	int			n;
	char		keys[8][4];
	int32_t		days[8][4];
	size_t		ndays[8];
	int32_t		cohort[8];
} Seen;

static JyStatus
seen_visit(void *arg, const JyActivityHead *h, const JyActivityActor *x)
{
	Seen	   *s = arg;
	size_t		k;

	(void) h;
	memcpy(s->keys[s->n], x->bkey, x->blen);
	s->keys[s->n][x->blen] = '\0';
	for (k = 0; k < x->ndays; k++)
		s->days[s->n][k] = x->days[k];
	s->ndays[s->n] = x->ndays;
	s->cohort[s->n] = x->cohort;
	s->n++;
	return JY_OK;
}

/* A hand-worked text-keyed summary with cohort events */
static void
test_event_bytes(void)
{
	static const uint8_t expect[] = {
		'J', 'S', 1, 1, 2, 2, 2,
		0x01, 'a', 0x02, 0x04, 0x02, 0x02,	/* "a": days 2, 5; cohort days[1] */
		0x01, 'b', 0x02, 0x06, 0x00, 0x00	/* "b": days 3, 4; no cohort */
	};
	JyActivity	a;
	JyWriter	w;
	JyActivityHead h;
	Seen		s;
	const char *why = NULL;

	jy_activity_init(&a, JY_ACTOR_TEXT, JY_COHORT_EVENT);
	CHECK_EQ(jy_activity_add_bytes(&a, &unit_mem, "b", 1, 3, false), JY_OK);
	CHECK_EQ(jy_activity_add_bytes(&a, &unit_mem, "a", 1, 5, true), JY_OK);
	CHECK_EQ(jy_activity_add_bytes(&a, &unit_mem, "a", 1, 2, false), JY_OK);
	CHECK_EQ(jy_activity_add_bytes(&a, &unit_mem, "b", 1, 4, false), JY_OK);
	CHECK_EQ(jy_activity_add_bytes(&a, &unit_mem, "a", 1, 7, true), JY_OK);
	encode(&a, &w);
	/* "a" also has day 7 (delta 1) after its cohort */
	{
		static const uint8_t expect7[] = {
			'J', 'S', 1, 1, 2, 2, 2,
			0x01, 'a', 0x03, 0x04, 0x02, 0x01, 0x02,
			0x01, 'b', 0x02, 0x06, 0x00, 0x00
		};

		CHECK(w.len == sizeof(expect7) && memcmp(w.buf, expect7, sizeof(expect7)) == 0);
	}
	memset(&s, 0, sizeof(s));
	CHECK_EQ(jy_activity_summary_read(w.buf, w.len, &unit_mem, &h, seen_visit, &s, &why), JY_OK);
	CHECK(h.kind == JY_ACTOR_TEXT && h.source == JY_COHORT_EVENT && h.nactors == 2);
	CHECK(s.n == 2 && strcmp(s.keys[0], "a") == 0 && strcmp(s.keys[1], "b") == 0);
	CHECK(s.ndays[0] == 3 && s.days[0][0] == 2 && s.days[0][1] == 5 && s.days[0][2] == 7);
	CHECK(s.cohort[0] == 5 && s.cohort[1] == JY_NO_DAY);
	jy_writer_free(&w);
	jy_activity_free(&a, &unit_mem);

	/* the summary of the first four rows, bytes by hand */
	jy_activity_init(&a, JY_ACTOR_TEXT, JY_COHORT_EVENT);
	CHECK_EQ(jy_activity_add_bytes(&a, &unit_mem, "b", 1, 3, false), JY_OK);
	CHECK_EQ(jy_activity_add_bytes(&a, &unit_mem, "a", 1, 5, true), JY_OK);
	CHECK_EQ(jy_activity_add_bytes(&a, &unit_mem, "a", 1, 2, false), JY_OK);
	CHECK_EQ(jy_activity_add_bytes(&a, &unit_mem, "b", 1, 4, false), JY_OK);
	encode(&a, &w);
	CHECK(w.len == sizeof(expect) && memcmp(w.buf, expect, sizeof(expect)) == 0);
	jy_writer_free(&w);
	jy_activity_free(&a, &unit_mem);
}

/* An empty state: kind and source 0, no actor; it merges with anything */
static void
test_empty(void)
{
	static const uint8_t expect[] = {'J', 'S', 1, 1, 0, 0, 0};
	JyActivity	a,
				b;
	JyWriter	w;
	const char *why;

	jy_activity_init(&a, JY_ACTOR_UUID, JY_COHORT_EVENT);
	encode(&a, &w);
	CHECK(w.len == sizeof(expect) && memcmp(w.buf, expect, sizeof(expect)) == 0);
	CHECK_EQ(check(w.buf, w.len, &why), JY_OK);
	jy_activity_init(&b, JY_ACTOR_INT, JY_COHORT_FIRST_DAY);
	CHECK_EQ(jy_activity_add_int(&b, &unit_mem, 1, 1, false), JY_OK);
	CHECK(jy_activity_mismatch(&a, b.actors.kind, b.source, b.valued) == NULL);
	CHECK_EQ(jy_activity_merge(&a, &b, &unit_mem), JY_OK);
	CHECK(a.actors.kind == JY_ACTOR_INT && a.source == JY_COHORT_FIRST_DAY && a.actors.n == 1);
	/* an empty summary adds nothing */
	CHECK_EQ(jy_activity_add_summary(&b, &unit_mem, w.buf, w.len, &why), JY_OK);
	CHECK_EQ(b.actors.n, 1);
	jy_writer_free(&w);
	jy_activity_free(&a, &unit_mem);
	jy_activity_free(&b, &unit_mem);
}

/* Random rows: any order, any split into merged parts, gives the same bytes */
static void
test_merge_equals_one_pass(int kind, int source)
{
	enum
	{
		NROWS = 60000
	};
	static int64_t keys[NROWS];
	static int32_t days[NROWS];
	static bool events[NROWS];
	JyActivity	one,
				parts[3],
				rolled;
	JyWriter	w1,
				w2,
				w3,
				wp[3];
	const char *why = NULL;
	int			i;

	for (i = 0; i < NROWS; i++)
	{
		keys[i] = (int64_t) unit_below(5000) - 2500;
		days[i] = (int32_t) unit_below(400) + 9000;
		events[i] = unit_below(10) == 0;
	}
	jy_activity_init(&one, kind, source);
	for (i = 0; i < 3; i++)
		jy_activity_init(&parts[i], kind, source);
	for (i = 0; i < NROWS; i++)
	{
		char		buf[24];
		int			len = snprintf(buf, sizeof(buf), "u%lld", (long long) keys[i]);
		JyActivity *p = &parts[(keys[i] + i) % 3 < 0 ? 0 : (keys[i] + i) % 3];

		if (kind == JY_ACTOR_INT)
		{
			CHECK_EQ(jy_activity_add_int(&one, &unit_mem, keys[i], days[i], events[i]), JY_OK);
			CHECK_EQ(jy_activity_add_int(p, &unit_mem, keys[i], days[i], events[i]), JY_OK);
		}
		else
		{
			CHECK_EQ(jy_activity_add_bytes(&one, &unit_mem, buf, (size_t) len, days[i], events[i]), JY_OK);
			CHECK_EQ(jy_activity_add_bytes(p, &unit_mem, buf, (size_t) len, days[i], events[i]), JY_OK);
		}
	}
	/* 60000 rows into a buffer that starts at 64 pairs: compacted on the way */
	encode(&one, &w1);
	CHECK_EQ(check(w1.buf, w1.len, &why), JY_OK);
	/* merged states (combine) */
	for (i = 1; i < 3; i++)
		CHECK_EQ(jy_activity_merge(&parts[0], &parts[i], &unit_mem), JY_OK);
	encode(&parts[0], &w2);
	CHECK(same(&w1, &w2));
	/* merged summaries (rollup, deserialize) */
	jy_activity_init(&rolled, JY_ACTOR_NONE, JY_COHORT_NONE);
	for (i = 0; i < 3; i++)
	{
		encode(&parts[i], &wp[i]);
		CHECK_EQ(jy_activity_add_summary(&rolled, &unit_mem, wp[i].buf, wp[i].len, &why), JY_OK);
	}
	encode(&rolled, &w3);
	CHECK(same(&w1, &w3));
	/* a summary merged into itself is unchanged */
	CHECK_EQ(jy_activity_add_summary(&rolled, &unit_mem, w1.buf, w1.len, &why), JY_OK);
	jy_writer_free(&w3);
	encode(&rolled, &w3);
	CHECK(same(&w1, &w3));
	jy_writer_free(&w1);
	jy_writer_free(&w2);
	jy_writer_free(&w3);
	for (i = 0; i < 3; i++)
	{
		jy_writer_free(&wp[i]);
		jy_activity_free(&parts[i], &unit_mem);
	}
	jy_activity_free(&one, &unit_mem);
	jy_activity_free(&rolled, &unit_mem);
}

/* Counts the actors and days visited, and checks the cohorts are days */
static JyStatus
count_visit(void *arg, const JyActivityHead *h, const JyActivityActor *x)
{
	size_t	   *n = arg;
	size_t		k;
	bool		found = x->cohort == JY_NO_DAY;

	(void) h;
	for (k = 0; k < x->ndays; k++)
		found |= x->days[k] == x->cohort;
	n[0]++;
	n[1] += x->ndays;
	n[2] += found ? 0 : 1;
	return JY_OK;
}

/* Keys and days at the ends of their ranges round-trip */
static void
test_extremes(void)
{
	JyActivity	a,
				b;
	JyWriter	w,
				w2;
	size_t		n[3] = {0, 0, 0};
	JyActivityHead h;
	const char *why = NULL;

	jy_activity_init(&a, JY_ACTOR_INT, JY_COHORT_EVENT);
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, INT64_MIN, JY_DAY_MIN, true), JY_OK);
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, INT64_MIN, JY_DAY_MAX, false), JY_OK);
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, INT64_MAX, JY_DAY_MAX, true), JY_OK);
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, 0, 0, false), JY_OK);
	encode(&a, &w);
	CHECK_EQ(jy_activity_summary_read(w.buf, w.len, &unit_mem, &h, count_visit, n, &why), JY_OK);
	CHECK(n[0] == 3 && n[1] == 4 && n[2] == 0);
	jy_activity_init(&b, JY_ACTOR_NONE, JY_COHORT_NONE);
	CHECK_EQ(jy_activity_add_summary(&b, &unit_mem, w.buf, w.len, &why), JY_OK);
	encode(&b, &w2);
	CHECK(same(&w, &w2));
	jy_writer_free(&w);
	jy_writer_free(&w2);
	jy_activity_free(&a, &unit_mem);
	jy_activity_free(&b, &unit_mem);
}

/* Different key kinds or cohort sources do not merge */
static void
test_mismatch(void)
{
	JyActivity	a,
				b,
				c;
	JyWriter	w;
	const char *why = NULL;

	jy_activity_init(&a, JY_ACTOR_INT, JY_COHORT_FIRST_DAY);
	jy_activity_init(&b, JY_ACTOR_TEXT, JY_COHORT_FIRST_DAY);
	jy_activity_init(&c, JY_ACTOR_INT, JY_COHORT_EVENT);
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, 1, 1, false), JY_OK);
	CHECK_EQ(jy_activity_add_bytes(&b, &unit_mem, "1", 1, 1, false), JY_OK);
	CHECK_EQ(jy_activity_add_int(&c, &unit_mem, 1, 1, true), JY_OK);
	CHECK(strcmp(jy_activity_mismatch(&a, b.actors.kind, b.source, b.valued), "key kind") == 0);
	CHECK(strcmp(jy_activity_mismatch(&a, c.actors.kind, c.source, c.valued), "cohort source") == 0);
	CHECK_EQ(jy_activity_merge(&a, &b, &unit_mem), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_activity_merge(&a, &c, &unit_mem), JY_ERR_BAD_PARAMETER);
	encode(&b, &w);
	CHECK_EQ(jy_activity_add_summary(&a, &unit_mem, w.buf, w.len, &why), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(a.actors.n, 1);
	jy_writer_free(&w);
	CHECK(strcmp(jy_cohort_source_name(JY_COHORT_EVENT), "cohort event") == 0);
	jy_activity_free(&a, &unit_mem);
	jy_activity_free(&b, &unit_mem);
	jy_activity_free(&c, &unit_mem);
}

/* Every rejection of the decoder, with its reason */
static void
test_rejections(void)
{
	const char *why;
	size_t		i;

	/* each damaged summary, and the start of its reason */
	static const struct
	{
		uint8_t		b[24];
		size_t		n;
		const char *why;
	}			bad[] = {
		{{'J', 'S', 2, 1, 0, 0, 0}, 7, "It is a summary of another kind."},
		{{'J', 'S', 1, 9, 0, 0, 0}, 7, ""},
		{{'X', 'S', 1, 1, 0, 0, 0}, 7, ""},
		{{'J', 'S', 1, 1, 0, 0}, 6, "The summary is shorter than its head."},
		{{'J', 'S', 1, 1, 5, 1, 1, 2, 1, 2}, 10, "Unknown key kind or cohort source."},
		{{'J', 'S', 1, 1, 1, 3, 1, 2, 1, 2}, 10, "Unknown key kind or cohort source."},
		{{'J', 'S', 1, 1, 0, 1, 1, 2, 1, 2}, 10, "The key kind and cohort source"},
		{{'J', 'S', 1, 1, 1, 0, 1, 2, 1, 2}, 10, "The key kind and cohort source"},
		{{'J', 'S', 1, 1, 1, 1, 0}, 7, "The key kind and cohort source"},
		{{'J', 'S', 1, 1, 1, 1, 1, 2, 0, 2}, 10, "An actor has no day."},
		{{'J', 'S', 1, 1, 1, 1, 1, 2, 1, 2, 9}, 11, "Trailing bytes"},
		{{'J', 'S', 1, 1, 1, 1, 1, 2, 2, 2}, 10, "The summary ends inside"},
		{{'J', 'S', 1, 1, 1, 1, 2, 2, 1, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 1, 2}, 22, "An actor key is out of range."},
		/* day -2451547 (zigzag 4903093 = 0xb5 0xa1 0xab 0x02) is before JY_DAY_MIN */
		{{'J', 'S', 1, 1, 1, 1, 1, 2, 1, 0xb5, 0xa1, 0xab, 0x02}, 13, "A day is out of range."},
		/* a delta past JY_DAY_MAX */
		{{'J', 'S', 1, 1, 1, 1, 1, 2, 2, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}, 15, "A day is out of range."},
		/* text keys out of order: "b" then "a" */
		{{'J', 'S', 1, 1, 2, 1, 2, 1, 'b', 1, 2, 1, 'a', 1, 2}, 15, "The actors are not in ascending key order."},
		/* equal text keys */
		{{'J', 'S', 1, 1, 2, 1, 2, 1, 'a', 1, 2, 1, 'a', 1, 2}, 15, "The actors are not in ascending key order."},
		/* a cohort index beyond the days */
		{{'J', 'S', 1, 1, 1, 2, 1, 2, 1, 2, 2}, 11, "The summary ends inside"},
		/* a uuid key cut short */
		{{'J', 'S', 1, 1, 3, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, 22, "The summary ends inside"},
	};

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		JyStatus	st = check(bad[i].b, bad[i].n, &why);

		CHECK_EQ(st, JY_ERR_CORRUPT);
		if (st != JY_ERR_CORRUPT || why == NULL || strncmp(why, bad[i].why, strlen(bad[i].why)) != 0)
			fprintf(stderr, "rejection %zu: %s\n", i, why ? why : "(none)");
		CHECK(why != NULL && strncmp(why, bad[i].why, strlen(bad[i].why)) == 0);
	}
	/* the valid neighbours of some of them */
	{
		static const uint8_t ok1[] = {'J', 'S', 1, 1, 1, 1, 1, 2, 1, 2};
		static const uint8_t ok2[] = {'J', 'S', 1, 1, 1, 2, 1, 2, 1, 2, 1};
		static const uint8_t ok3[] = {'J', 'S', 1, 1, 2, 1, 2, 1, 'a', 1, 2, 2, 'a', 'a', 1, 2};

		CHECK_EQ(check(ok1, sizeof(ok1), &why), JY_OK);
		CHECK_EQ(check(ok2, sizeof(ok2), &why), JY_OK);
		CHECK_EQ(check(ok3, sizeof(ok3), &why), JY_OK);
	}
	/* every prefix of a valid summary is refused */
	{
		JyActivity	a;
		JyWriter	w;
		size_t		n;
		bool		all = true;

		jy_activity_init(&a, JY_ACTOR_OTHER, JY_COHORT_EVENT);
		for (n = 0; n < 50; n++)
			CHECK_EQ(jy_activity_add_bytes(&a, &unit_mem, "key", 1 + n % 3, (int32_t) (n * 37 % 101), n % 7 == 0), JY_OK);
		encode(&a, &w);
		CHECK_EQ(check(w.buf, w.len, &why), JY_OK);
		for (n = 0; n < w.len; n++)
			all &= check(w.buf, n, &why) == JY_ERR_CORRUPT;
		CHECK(all);
		jy_writer_free(&w);
		jy_activity_free(&a, &unit_mem);
	}
}

/* Out of memory while adding rows: an error, never a crash */
static void
test_out_of_memory(void)
{
	int			k;

	for (k = 0; k < 8; k++)
	{
		JyActivity	a;
		JyStatus	st = JY_OK;
		int			i;

		jy_activity_init(&a, JY_ACTOR_INT, JY_COHORT_EVENT);
		unit_fail_after = k;
		unit_failed = false;
		for (i = 0; i < 20000 && st == JY_OK; i++)
			st = jy_activity_add_int(&a, &unit_failing_mem, i % 3000, i % 97, i % 5 == 0);
		CHECK(unit_failed && st == JY_ERR_OUT_OF_MEMORY);
		jy_activity_free(&a, &unit_mem);
	}
}

int
main(void)
{
	test_int_bytes();
	test_event_bytes();
	test_empty();
	test_merge_equals_one_pass(JY_ACTOR_INT, JY_COHORT_FIRST_DAY);
	test_merge_equals_one_pass(JY_ACTOR_INT, JY_COHORT_EVENT);
	test_merge_equals_one_pass(JY_ACTOR_TEXT, JY_COHORT_EVENT);
	test_merge_equals_one_pass(JY_ACTOR_OTHER, JY_COHORT_FIRST_DAY);
	test_extremes();
	test_mismatch();
	test_rejections();
	test_out_of_memory();
	return unit_summary("test_activity");
}
