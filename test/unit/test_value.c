/*
 * test_value.c -- unit tests of value summaries (src/core/activity.c,
 * codec.c) and value cohorts (src/core/cohort.c)
 *
 * Hand-worked bytes first; then random rows with decimal values, split
 * into slices at random and merged in both ways (states and summaries),
 * which must give the bytes of one pass, with every (actor, day)'s value
 * checked against a brute-force sum; then the limits (overflow on adding,
 * on rescaling), the decoder's rejections, and value cohorts by hand.
 */
#include "unit.h"

#include "core/activity.h"
#include "core/codec.h"
#include "core/cohort.h"

/* The summary bytes of a state (w initialised here, freed by the caller) */
static void
encode(JyActivity *a, JyWriter *w)
{
	jy_writer_init(w, &unit_mem);
	CHECK_EQ(jy_activity_encode(a, &unit_mem, w), JY_OK);
	CHECK_EQ(w->status, JY_OK);
}

/* A valued state keyed by integers, cohort = first day */
static void
valued(JyActivity *a)
{
	jy_activity_init(a, JY_ACTOR_INT, JY_COHORT_FIRST_DAY);
	jy_activity_set_valued(a);
}

/* Hand-worked bytes (the examples of docs/format.md and value_retention.sql) */
static void
test_bytes(void)
{
	static const uint8_t one[] = {'J', 'S', 7, 1, 1, 1, 1, 1, 0x06, 0x01, 0x18, 0x1e};
	static const uint8_t two[] = {'J', 'S', 7, 1, 1, 1, 2, 1, 0x06, 0x01, 0x18, 0xde, 0x02};
	/* actor 3: days 12 (no value) and 14 (-2.5) */
	static const uint8_t gap[] = {'J', 'S', 7, 1, 1, 1, 1, 1, 0x06, 0x02, 0x18, 0x01, 0x00, 0x31};
	JyActivity	a;
	JyWriter	w;

	valued(&a);
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 3, 12, false, 15, 1), JY_OK);
	encode(&a, &w);
	CHECK(w.len == sizeof(one) && memcmp(w.buf, one, sizeof(one)) == 0);
	jy_writer_free(&w);
	/* 0.25 raises the scale to 2: 150 + 25 */
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 3, 12, false, 25, 2), JY_OK);
	encode(&a, &w);
	CHECK(w.len == sizeof(two) && memcmp(w.buf, two, sizeof(two)) == 0);
	jy_writer_free(&w);
	jy_activity_free(&a, &unit_mem);

	valued(&a);
	CHECK_EQ(jy_activity_add_int(&a, &unit_mem, 3, 12, false), JY_OK);
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 3, 14, false, -25, 1), JY_OK);
	encode(&a, &w);
	CHECK(w.len == sizeof(gap) && memcmp(w.buf, gap, sizeof(gap)) == 0);
	{
		JyActivityHead h;
		const char *why = NULL;

		CHECK_EQ(jy_activity_summary_read(w.buf, w.len, &unit_mem, &h, NULL, NULL, &why), JY_OK);
		CHECK(h.valued && h.scale == 1 && h.nactors == 1);
	}
	jy_writer_free(&w);
	/* a plain state refuses values; bad scales */
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 3, 14, false, 1, 19), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 3, 14, false, 1, -1), JY_ERR_BAD_PARAMETER);
	jy_activity_free(&a, &unit_mem);
	jy_activity_init(&a, JY_ACTOR_INT, JY_COHORT_FIRST_DAY);
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 3, 14, false, 1, 0), JY_ERR_BAD_PARAMETER);
	jy_activity_free(&a, &unit_mem);
}

/* Sums and rescaling beyond int64 */
static void
test_overflow(void)
{
	JyActivity	a;

	valued(&a);
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 1, 5, false, INT64_MAX, 0), JY_OK);
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 1, 5, false, 1, 0), JY_ERR_VALUE_TOO_LARGE);
	jy_activity_free(&a, &unit_mem);
	valued(&a);
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 1, 5, false, 100, 0), JY_OK);
	/* 100 at scale 18 is 1e20 */
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 1, 6, false, 1, 18), JY_ERR_VALUE_TOO_LARGE);
	jy_activity_free(&a, &unit_mem);
	valued(&a);
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 1, 5, false, 1, 18), JY_OK);
	/* 10 at scale 18 is 1e19 */
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 2, 6, false, 10, 0), JY_ERR_VALUE_TOO_LARGE);
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 2, 6, false, -9, 0), JY_OK);
	jy_activity_free(&a, &unit_mem);
}

#define NROWS 3000
#define NSLICES 4

typedef struct Row
{
	int64_t		key;
	int32_t		day;
	bool		has;
	int64_t		units;
	int			scale;
} Row;

/* The exact sum of the rows of (key, day) at scale, as an int64 (small values) */
static int64_t
brute_sum(const Row *rows, size_t n, int64_t key, int32_t day, int scale)
{
	int64_t		s = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		if (rows[i].key == key && rows[i].day == day && rows[i].has)
		{
			int64_t		u = rows[i].units;
			int			k;

			for (k = rows[i].scale; k < scale; k++)
				u *= 10;
			s += u;
		}
	return s;
}

/* A check of every decoded actor's values against the rows */
typedef struct Visit
{
	const Row  *rows;
	size_t		n;
	size_t		actors;
	bool		ok;
} Visit;

static JyStatus
visit(void *arg, const JyActivityHead *h, const JyActivityActor *x)
{
	Visit	   *v = arg;
	size_t		i;

	v->actors++;
	for (i = 0; i < x->ndays; i++)
		if (x->units[i] != brute_sum(v->rows, v->n, x->ikey, x->days[i], h->scale))
			v->ok = false;
	return JY_OK;
}

/* Random rows in slices: merged states and merged summaries are one pass */
static void
test_random(void)
{
	static Row	rows[NROWS];
	int			round;

	for (round = 0; round < 20; round++)
	{
		JyActivity	all,
					slice[NSLICES],
					merged,
					fromsum;
		JyWriter	w,
					ws,
					wm;
		size_t		i;
		int			k,
					maxscale = 0;
		Visit		v;
		const char *why = NULL;
		JyActivityHead h;

		valued(&all);
		valued(&merged);
		jy_activity_init(&fromsum, JY_ACTOR_NONE, JY_COHORT_NONE);
		for (k = 0; k < NSLICES; k++)
			valued(&slice[k]);
		for (i = 0; i < NROWS; i++)
		{
			Row		   *r = &rows[i];

			r->key = (int64_t) unit_below(60) - 30;
			r->day = (int32_t) unit_below(40);
			r->has = unit_below(4) != 0;
			r->units = (int64_t) unit_below(20001) - 10000;
			r->scale = (int) unit_below(round % 2 == 0 ? 3 : 5);
			if (r->has && r->scale > maxscale)
				maxscale = r->scale;
			k = (int) unit_below(NSLICES);
			if (r->has)
			{
				CHECK_EQ(jy_activity_add_int_value(&all, &unit_mem, r->key, r->day, false, r->units, r->scale), JY_OK);
				CHECK_EQ(jy_activity_add_int_value(&slice[k], &unit_mem, r->key, r->day, false, r->units, r->scale), JY_OK);
			}
			else
			{
				CHECK_EQ(jy_activity_add_int(&all, &unit_mem, r->key, r->day, false), JY_OK);
				CHECK_EQ(jy_activity_add_int(&slice[k], &unit_mem, r->key, r->day, false), JY_OK);
			}
		}
		encode(&all, &w);
		CHECK_EQ(jy_activity_summary_read(w.buf, w.len, &unit_mem, &h, NULL, NULL, &why), JY_OK);
		CHECK_EQ(h.scale, maxscale);
		v.rows = rows;
		v.n = NROWS;
		v.actors = 0;
		v.ok = true;
		CHECK_EQ(jy_activity_summary_read(w.buf, w.len, &unit_mem, &h, visit, &v, &why), JY_OK);
		CHECK(v.ok);
		CHECK_EQ(v.actors, all.actors.n);
		for (k = 0; k < NSLICES; k++)
		{
			JyWriter	one;

			encode(&slice[k], &one);
			CHECK_EQ(jy_activity_add_summary(&fromsum, &unit_mem, one.buf, one.len, &why), JY_OK);
			jy_writer_free(&one);
			CHECK_EQ(jy_activity_merge(&merged, &slice[k], &unit_mem), JY_OK);
		}
		encode(&merged, &wm);
		encode(&fromsum, &ws);
		CHECK(w.len == wm.len && memcmp(w.buf, wm.buf, w.len) == 0);
		CHECK(w.len == ws.len && memcmp(w.buf, ws.buf, w.len) == 0);
		jy_writer_free(&w);
		jy_writer_free(&wm);
		jy_writer_free(&ws);
		jy_activity_free(&all, &unit_mem);
		jy_activity_free(&merged, &unit_mem);
		jy_activity_free(&fromsum, &unit_mem);
		for (k = 0; k < NSLICES; k++)
			jy_activity_free(&slice[k], &unit_mem);
	}
}

/* Values that cancel keep their scale: one pass and merged slices agree */
static void
test_cancel(void)
{
	JyActivity	all,
				x,
				y,
				fromsum;
	JyWriter	w,
				wx,
				wm,
				ws;
	const char *why = NULL;

	valued(&all);
	valued(&x);
	valued(&y);
	jy_activity_init(&fromsum, JY_ACTOR_NONE, JY_COHORT_NONE);
	CHECK_EQ(jy_activity_add_int_value(&all, &unit_mem, 1, 5, false, 15, 1), JY_OK);
	CHECK_EQ(jy_activity_add_int_value(&all, &unit_mem, 1, 5, false, -15, 1), JY_OK);
	CHECK_EQ(jy_activity_add_int_value(&x, &unit_mem, 1, 5, false, 15, 1), JY_OK);
	CHECK_EQ(jy_activity_add_int_value(&x, &unit_mem, 1, 5, false, -15, 1), JY_OK);
	CHECK_EQ(jy_activity_add_int(&y, &unit_mem, 1, 5, false), JY_OK);
	encode(&all, &w);
	CHECK(w.len > 6 && w.buf[6] == 1);	/* scale 1, value 0 */
	encode(&x, &wx);
	CHECK_EQ(jy_activity_add_summary(&fromsum, &unit_mem, wx.buf, wx.len, &why), JY_OK);
	encode(&fromsum, &ws);
	CHECK(w.len == ws.len && memcmp(w.buf, ws.buf, w.len) == 0);
	CHECK_EQ(jy_activity_merge(&y, &x, &unit_mem), JY_OK);
	encode(&y, &wm);
	CHECK(w.len == wm.len && memcmp(w.buf, wm.buf, w.len) == 0);
	jy_writer_free(&w);
	jy_writer_free(&wx);
	jy_writer_free(&wm);
	jy_writer_free(&ws);
	jy_activity_free(&all, &unit_mem);
	jy_activity_free(&x, &unit_mem);
	jy_activity_free(&y, &unit_mem);
	jy_activity_free(&fromsum, &unit_mem);
}

/* Plain and valued states do not merge */
static void
test_mismatch(void)
{
	JyActivity	a,
				b;

	valued(&a);
	jy_activity_init(&b, JY_ACTOR_INT, JY_COHORT_FIRST_DAY);
	CHECK_EQ(jy_activity_add_int_value(&a, &unit_mem, 1, 5, false, 1, 0), JY_OK);
	CHECK_EQ(jy_activity_add_int(&b, &unit_mem, 1, 5, false), JY_OK);
	CHECK(strcmp(jy_activity_mismatch(&a, b.actors.kind, b.source, b.valued), "values") == 0);
	CHECK_EQ(jy_activity_merge(&a, &b, &unit_mem), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_activity_merge(&b, &a, &unit_mem), JY_ERR_BAD_PARAMETER);
	jy_activity_free(&a, &unit_mem);
	jy_activity_free(&b, &unit_mem);
}

/* The decoder's rejections */
static void
test_corrupt(void)
{
	static const struct
	{
		uint8_t		b[16];
		size_t		n;
	}			bad[] = {
		{{'J', 'S', 7, 1, 1, 1, 19, 1, 0x06, 0x01, 0x18, 0x1e}, 12},	/* scale 19 */
		{{'J', 'S', 7, 1, 0, 0, 1, 0}, 8},	/* no actor (and a scale) */
		{{'J', 'S', 7, 1, 1, 1, 1, 1, 0x06, 0x01, 0x18}, 11},	/* no value */
		{{'J', 'S', 7, 1, 1, 1, 1, 1, 0x06, 0x01, 0x18, 0x1e, 0x00}, 13},	/* trailing */
		{{'J', 'S', 7, 2, 1, 1, 1, 1, 0x06, 0x01, 0x18, 0x1e}, 12}	/* version 2 */
	};
	size_t		i;
	const char *why;
	JyActivityHead h;
	static const uint8_t empty[] = {'J', 'S', 7, 1, 0, 0, 0, 0};
	JyActivity	a;
	JyWriter	w;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		why = NULL;
		CHECK_EQ(jy_activity_summary_read(bad[i].b, bad[i].n, &unit_mem, &h, NULL, NULL, &why), JY_ERR_CORRUPT);
		CHECK(why != NULL);
	}
	/* no actor: the plain empty summary, also from a valued state */
	CHECK_EQ(jy_activity_summary_read(empty, sizeof(empty), &unit_mem, &h, NULL, NULL, &why), JY_ERR_CORRUPT);
	valued(&a);
	encode(&a, &w);
	CHECK(w.len == 7 && w.buf[2] == JY_SUMMARY_ACTIVITY);
	jy_writer_free(&w);
	jy_activity_free(&a, &unit_mem);
}

/* Value cohorts by hand (value_retention.sql's example in week indexes 0, 1, 2) */
static void
test_cohorts(void)
{
	JyStatus	st;
	JyCohorts  *c = jy_cohorts_create_valued(&unit_mem, &st);
	static const int64_t pa[] = {0, 1, 2},
				ua[] = {1550, 2000, -300};
	static const int64_t pb[] = {0, 2},
				ub[] = {425, 0};
	static const int64_t pc[] = {1},
				uc[] = {700};
	static const int64_t pd[] = {1},
				ud[] = {0};
	JyCohortRow *rows;
	JyCohortValue *v;
	size_t		n;
	int64_t		last;

	CHECK(c != NULL);
	CHECK_EQ(jy_cohorts_add_values(c, 0, pa, ua, 3), JY_OK);
	CHECK_EQ(jy_cohorts_add_values(c, 0, pb, ub, 2), JY_OK);
	CHECK_EQ(jy_cohorts_add_values(c, 1, pc, uc, 1), JY_OK);
	CHECK_EQ(jy_cohorts_add_values(c, 1, pd, ud, 1), JY_OK);
	CHECK_EQ(jy_cohorts_add(c, 1, pd, 1), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_cohorts_add_values(c, 1, pd, NULL, 1), JY_ERR_BAD_PARAMETER);
	CHECK(jy_cohorts_max_period(c, &last) && last == 2);
	CHECK_EQ(jy_cohorts_value_result(c, last, &rows, &v, &n), JY_OK);
	CHECK_EQ(n, 5);
	if (n == 5)
	{
		CHECK(rows[0].cohort == 0 && rows[0].period == 0 && rows[0].cohort_size == 2 &&
			  rows[0].retained == 2 && v[0].value == 1975 && v[0].cumulative == 1975);
		CHECK(rows[1].retained == 1 && v[1].value == 2000 && v[1].cumulative == 3975);
		CHECK(rows[2].retained == 2 && v[2].value == -300 && v[2].cumulative == 3675);
		CHECK(rows[3].cohort == 1 && rows[3].period == 0 && rows[3].retained == 2 &&
			  v[3].value == 700 && v[3].cumulative == 700);
		CHECK(rows[4].period == 1 && rows[4].retained == 0 && v[4].value == 0 &&
			  v[4].cumulative == 700);
	}
	free(rows);
	free(v);
	/* the plain result of a valued accumulator: the same rows */
	CHECK_EQ(jy_cohorts_result(c, last, &rows, &n), JY_OK);
	CHECK(n == 5 && rows[2].retained == 2);
	free(rows);
	jy_cohorts_free(c);
	/* a plain accumulator refuses values */
	c = jy_cohorts_create(JY_RETENTION_ON, NULL, 0, &unit_mem, &st);
	CHECK_EQ(jy_cohorts_add_values(c, 0, pa, ua, 3), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_cohorts_value_result(c, 0, &rows, &v, &n), JY_ERR_BAD_PARAMETER);
	jy_cohorts_free(c);
	/* sums beyond int64 stay exact (__int128) */
	c = jy_cohorts_create_valued(&unit_mem, &st);
	{
		static const int64_t p0[] = {0},
					big[] = {INT64_MAX};

		for (n = 0; n < 4; n++)
			CHECK_EQ(jy_cohorts_add_values(c, 0, p0, big, 1), JY_OK);
		CHECK_EQ(jy_cohorts_value_result(c, 0, &rows, &v, &n), JY_OK);
		CHECK(n == 1 && v[0].value == (__int128) INT64_MAX * 4);
		free(rows);
		free(v);
	}
	jy_cohorts_free(c);
}

/* Periods counted from a start day */
static void
test_since(void)
{
	/* day 7 is Saturday 2000-01-08 (week 0 is days 2 .. 8) */
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_DAY, 7, 9), 9);
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_WEEK, 7, 9), 0);	/* 2 days: week 0 */
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_WEEK, 7, 13), 0);
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_WEEK, 7, 14), 1);
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_WEEK, 7, 6), -1);
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_WEEK, 7, 0), -1);
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_WEEK, 7, -1), -2);
	/* from 2000-01-31 (day 30, month 0): Feb 29 is month 0, Mar 1 month 1, Jan 30 month -1 */
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_MONTH, 30, 59), 0);
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_MONTH, 30, 60), 1);
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_MONTH, 30, 29), -1);
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_MONTH, 30, 30 + 366), 12);
	/* from 2000-02-15 (day 45, month 1): 2001-02-14 is month 12, 2001-02-15 month 13 */
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_MONTH, 45, 45 + 365), 12);
	CHECK_EQ(jy_period_of_day_since(JY_PERIOD_MONTH, 45, 45 + 366), 13);
}

int
main(void)
{
	test_since();
	test_bytes();
	test_overflow();
	test_random();
	test_cancel();
	test_mismatch();
	test_corrupt();
	test_cohorts();
	return unit_summary("test_value");
}
