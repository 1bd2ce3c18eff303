/*
 * test_trend.c -- unit tests of conversion trends by entry period and of
 * duration histograms
 *
 * The entries are checked against hand-worked cases and, at random, against
 * a brute force: the level of the chain that starts at the entry, found by
 * jy_funnel_eval over the events from the entry on with every other step-1
 * event removed (in the default mode that is the chain starting at the
 * entry, whatever the engine does with JY_FUNNEL_FIRST_TIME).
 */
#include "unit.h"

#include "core/codec.h"
#include "core/trend.h"

/* Periods of width 10 */
static void
period10(void *arg, int64_t ts, int64_t *start, int64_t *end)
{
	(void) arg;
	jy_trend_width_period(10, ts, start, end);
}

static void
test_width_period(void)
{
	int64_t		s,
				e;

	jy_trend_width_period(10, 0, &s, &e);
	CHECK(s == 0 && e == 10);
	jy_trend_width_period(10, 9, &s, &e);
	CHECK(s == 0 && e == 10);
	jy_trend_width_period(10, -1, &s, &e);
	CHECK(s == -10 && e == 0);
	jy_trend_width_period(10, -10, &s, &e);
	CHECK(s == -10 && e == 0);
	jy_trend_width_period(10, INT64_MAX, &s, &e);
	CHECK(s == INT64_MAX - 7 && e == INT64_MAX);
	jy_trend_width_period(10, INT64_MIN, &s, &e);
	CHECK(s == INT64_MIN && e == INT64_MIN + 8);
}

/* Periods in zones of a fixed offset, by hand */
static void
test_fixed_period(void)
{
	const int64_t day = INT64_C(86400000000),
				hour = INT64_C(3600000000);
	int64_t		s,
				e;

	/* 2000-01-01 00:00 UTC is a Saturday: week from Monday 1999-12-27 */
	CHECK(jy_trend_fixed_period(JY_TREND_WEEK, 0, 0, &s, &e));
	CHECK(s == -5 * day && e == 2 * day);
	CHECK(jy_trend_fixed_period(JY_TREND_DAY, 0, -1, &s, &e));
	CHECK(s == -day && e == 0);
	CHECK(jy_trend_fixed_period(JY_TREND_MONTH, 0, 0, &s, &e));
	CHECK(s == 0 && e == 31 * day);
	/* at +05:30 it is 05:30 there: the day began at 1999-12-31 18:30 UTC */
	CHECK(jy_trend_fixed_period(JY_TREND_DAY, 11 * hour / 2, 0, &s, &e));
	CHECK(s == -11 * hour / 2 && e == day - 11 * hour / 2);
	/* at -11:00 it is still 1999-12-31 13:00: December */
	CHECK(jy_trend_fixed_period(JY_TREND_MONTH, -11 * hour, 0, &s, &e));
	CHECK(s == -31 * day + 11 * hour && e == 11 * hour);
	/* infinities, and periods beyond timestamptz's range: not computed */
	CHECK(!jy_trend_fixed_period(JY_TREND_DAY, 0, INT64_MAX, &s, &e));
	CHECK(!jy_trend_fixed_period(JY_TREND_DAY, 0, INT64_MIN, &s, &e));
	CHECK(!jy_trend_fixed_period(JY_TREND_MONTH, 0, INT64_C(-211813488000000000), &s, &e));
	CHECK(jy_trend_fixed_period(JY_TREND_DAY, 0, INT64_C(-211813488000000000), &s, &e));
	CHECK(!jy_trend_fixed_period(JY_TREND_WEEK, 0, INT64_C(9223371331200000000) - 1, &s, &e));
}

/* Hand-worked entries: steps a=1, b=2, c=4; window 5; periods of 10 */
static void
test_entries(void)
{
	JyFunnelSpec spec = {0};
	JyTrendEntry out[16];
	size_t		n;

	/*
	 * a@1 a@3 b@4 c@12: period 0 entry a@1 (a@3 is not an entry), whose
	 * chain a@1 b@4 reaches 2 (c@12 is past 1 + 5); period 10: no a
	 */
	{
		JyEvent		ev[] = {{1, 1}, {3, 1}, {4, 2}, {12, 4}};

		spec.window = 5;
		spec.nsteps = 3;
		CHECK_EQ(jy_trend_entries(ev, 4, &spec, period10, NULL, &unit_mem, out, &n), JY_OK);
		CHECK_EQ(n, 1);
		CHECK(out[0].period == 0 && out[0].entry == 1 && out[0].level == 2);
	}

	/*
	 * a@8 b@11 c@13 a@15: period 0's entry a@8 completes at 13 (in period
	 * 10): level 3 counts for period 0; period 10's entry a@15: level 1
	 */
	{
		JyEvent		ev[] = {{8, 1}, {11, 2}, {13, 4}, {15, 1}};

		CHECK_EQ(jy_trend_entries(ev, 4, &spec, period10, NULL, &unit_mem, out, &n), JY_OK);
		CHECK_EQ(n, 2);
		CHECK(out[0].period == 0 && out[0].entry == 8 && out[0].level == 3);
		CHECK(out[1].period == 10 && out[1].entry == 15 && out[1].level == 1);
	}

	/*
	 * b@5 (mask 2) sorts before ab@5 (mask 3): the slice starts at the
	 * first event of the entry's timestamp, so b@5 is in it; c@10 is
	 * exactly entry + window: inclusive, level 3
	 */
	{
		JyEvent		ev[] = {{5, 2}, {5, 3}, {10, 4}};

		CHECK_EQ(jy_trend_entries(ev, 3, &spec, period10, NULL, &unit_mem, out, &n), JY_OK);
		/* c@10 is in period 10 but is not a step 1: period 10 has no entry */
		CHECK_EQ(n, 1);
		CHECK(out[0].period == 0 && out[0].entry == 5 && out[0].level == 3);
	}

	/* no step 1: no entries; no events: none */
	{
		JyEvent		ev[] = {{1, 2}, {2, 4}};

		CHECK_EQ(jy_trend_entries(ev, 2, &spec, period10, NULL, &unit_mem, out, &n), JY_OK);
		CHECK_EQ(n, 0);
		CHECK_EQ(jy_trend_entries(ev, 0, &spec, period10, NULL, &unit_mem, out, &n), JY_OK);
		CHECK_EQ(n, 0);
	}

	/* the window at the end of int64: no overflow */
	{
		JyEvent		ev[] = {{INT64_MAX - 1, 1}, {INT64_MAX, 2}};

		spec.window = UINT64_MAX;
		CHECK_EQ(jy_trend_entries(ev, 2, &spec, period10, NULL, &unit_mem, out, &n), JY_OK);
		CHECK_EQ(n, 1);
		CHECK_EQ(out[0].level, 2);
	}
}

/* A tiny deterministic generator */
static uint64_t rng = 0x2545F4914F6CDD1DULL;

static uint32_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t) (rng >> 11);
}

/* Random actors in the default mode against the brute force */
static void
test_entries_random(void)
{
	int			iter;

	for (iter = 0; iter < 20000; iter++)
	{
		JyEvent		ev[24],
					sub[24];
		JyTrendEntry out[24];
		JyFunnelSpec spec = {0};
		size_t		n = next_rand() % 24,
					nout,
					i,
					k = 0;
		int64_t		last_period = INT64_MIN;

		spec.nsteps = 1 + (int) (next_rand() % 4);
		spec.window = 1 + next_rand() % 12;
		for (i = 0; i < n; i++)
		{
			ev[i].ts = (int64_t) (next_rand() % 40);
			ev[i].mask = 1 + next_rand() % ((1u << spec.nsteps) - 1);
		}
		jy_sort_events(ev, n, &unit_mem);
		CHECK_EQ(jy_trend_entries(ev, n, &spec, period10, NULL, &unit_mem, out, &nout), JY_OK);
		for (i = 0; i < n; i++)
		{
			int64_t		ps,
						pe;
			size_t		j,
						m = 0;
			int			level;

			if (!(ev[i].mask & 1))
				continue;
			period10(NULL, ev[i].ts, &ps, &pe);
			if (ps == last_period)
				continue;
			last_period = ps;
			/* from the entry's timestamp on, step 1 only at the entry */
			for (j = 0; j < n; j++)
			{
				if (ev[j].ts < ev[i].ts)
					continue;
				sub[m] = ev[j];
				if (j != i)
					sub[m].mask &= ~(uint64_t) 1;
				if (sub[m].mask != 0)
					m++;
			}
			jy_sort_events(sub, m, &unit_mem);
			CHECK_EQ(jy_funnel_eval(sub, m, &spec, &unit_mem, &level, NULL), JY_OK);
			CHECK(k < nout);
			if (k < nout)
			{
				CHECK_EQ(out[k].period, ps);
				CHECK_EQ(out[k].entry, ev[i].ts);
				CHECK_EQ(out[k].level, level);
			}
			k++;
		}
		CHECK_EQ(k, nout);
	}
}

/* Summaries: add, merge, encode, decode, and the decoder's refusals */
static void
test_summary(void)
{
	JyFunnelSpec spec = {0};
	JyTrend		a,
				b,
				c;
	JyWriter	w;
	const char *why = NULL;

	spec.window = 7;
	spec.nsteps = 3;
	jy_trend_init(&a, &unit_mem, JY_TS_TYPE_BIGINT, JY_TREND_WIDTH, 10, &spec);
	jy_trend_init(&b, &unit_mem, JY_TS_TYPE_BIGINT, JY_TREND_WIDTH, 10, &spec);
	CHECK_EQ(jy_trend_add(&a, 20, 3), JY_OK);
	CHECK_EQ(jy_trend_add(&a, 0, 1), JY_OK);
	CHECK_EQ(jy_trend_add(&a, 10, 0), JY_OK);	/* counts as an entrant */
	CHECK_EQ(jy_trend_add(&a, 0, 2), JY_OK);
	jy_trend_saw(&a, 25);
	CHECK_EQ(a.n, 3);
	CHECK(a.period[0] == 0 && a.period[1] == 10 && a.period[2] == 20);
	CHECK(a.counts[0] == 2 && a.counts[1] == 1 && a.counts[2] == 0);
	CHECK(a.counts[3] == 1 && a.counts[4] == 0);
	CHECK(a.counts[6] == 1 && a.counts[8] == 1);
	CHECK_EQ(jy_trend_add(&b, -10, 3), JY_OK);
	CHECK_EQ(jy_trend_add(&b, 10, 2), JY_OK);
	jy_trend_saw(&b, 30);
	CHECK(jy_trend_mismatch(&a, &b) == NULL);
	CHECK_EQ(jy_trend_merge(&a, &b), JY_OK);
	CHECK_EQ(a.n, 4);
	CHECK(a.period[0] == -10 && a.counts[2] == 1);
	CHECK(a.period[2] == 10 && a.counts[6] == 2 && a.counts[7] == 1 && a.counts[8] == 0);
	CHECK(a.has_end && a.data_end == 30);

	jy_writer_init(&w, &unit_mem);
	jy_trend_encode(&a, &w);
	CHECK_EQ(w.status, JY_OK);
	CHECK_EQ(jy_trend_decode(&c, &unit_mem, w.buf, w.len, &why), JY_OK);
	CHECK(c.n == 4 && c.data_end == 30 && c.width == 10 && c.window == 7 && c.nsteps == 3);
	CHECK(memcmp(c.period, a.period, 4 * sizeof(int64_t)) == 0);
	CHECK(memcmp(c.counts, a.counts, 12 * sizeof(int64_t)) == 0);
	jy_trend_free(&c);
	/* every truncation is refused, as are trailing bytes */
	{
		size_t		len;
		uint8_t    *buf = malloc(w.len + 1);

		for (len = 0; len < w.len; len++)
		{
			CHECK_EQ(jy_trend_decode(&c, &unit_mem, w.buf, len, &why), JY_ERR_CORRUPT);
			jy_trend_free(&c);
		}
		memcpy(buf, w.buf, w.len);
		buf[w.len] = 0;
		CHECK_EQ(jy_trend_decode(&c, &unit_mem, buf, w.len + 1, &why), JY_ERR_CORRUPT);
		jy_trend_free(&c);
		/* nsteps 0 (byte 6: after the header, tstype and unit) */
		memcpy(buf, w.buf, w.len);
		buf[6] = 0;
		CHECK_EQ(jy_trend_decode(&c, &unit_mem, buf, w.len, &why), JY_ERR_CORRUPT);
		jy_trend_free(&c);
		/* a bigint summary claiming day periods */
		memcpy(buf, w.buf, w.len);
		buf[5] = JY_TREND_DAY;
		CHECK_EQ(jy_trend_decode(&c, &unit_mem, buf, w.len, &why), JY_ERR_CORRUPT);
		jy_trend_free(&c);
		free(buf);
	}
	jy_writer_free(&w);

	/* parameters that differ */
	spec.window = 8;
	jy_trend_init(&c, &unit_mem, JY_TS_TYPE_BIGINT, JY_TREND_WIDTH, 10, &spec);
	CHECK(jy_trend_mismatch(&a, &c) != NULL);
	jy_trend_free(&c);
	jy_trend_free(&a);
	jy_trend_free(&b);
}

/* The example of docs/format.md, byte for byte */
static void
test_format_example(void)
{
	static const uint8_t expect[] = {
		0x4a, 0x53, 0x05, 0x01, 0x02, 0x03, 0x02, 0x00, 0x05, 0x14, 0x01, 0x3c, 0x03,
		0x13, 0x01, 0x01, 0x09, 0x01, 0x00, 0x09, 0x01, 0x01
	};
	JyFunnelSpec spec = {0};
	JyTrend		t;
	JyWriter	w;

	spec.window = 5;
	spec.nsteps = 2;
	jy_trend_init(&t, &unit_mem, JY_TS_TYPE_BIGINT, JY_TREND_WIDTH, 10, &spec);
	CHECK_EQ(jy_trend_add(&t, 10, 1), JY_OK);
	CHECK_EQ(jy_trend_add(&t, -10, 1), JY_OK);
	CHECK_EQ(jy_trend_add(&t, 0, 2), JY_OK);
	jy_trend_saw(&t, 30);
	jy_writer_init(&w, &unit_mem);
	jy_trend_encode(&t, &w);
	CHECK_EQ(w.len, sizeof(expect));
	CHECK(w.len == sizeof(expect) && memcmp(w.buf, expect, sizeof(expect)) == 0);
	jy_writer_free(&w);
	jy_trend_free(&t);
}

static void
test_histogram(void)
{
	JyHistBin	h[64];
	int64_t		v[] = {0, 10, 3, 7, 10, 5};
	int64_t		one[] = {42};
	int64_t		two[] = {0, 1};
	int64_t		ext[] = {INT64_MIN, INT64_MAX, 0};
	int			nb;

	CHECK_EQ(jy_hist_auto_bins(0), 1);
	CHECK_EQ(jy_hist_auto_bins(1), 1);
	CHECK_EQ(jy_hist_auto_bins(8), 2);
	CHECK_EQ(jy_hist_auto_bins(9), 3);
	CHECK_EQ(jy_hist_auto_bins(27), 3);
	CHECK_EQ(jy_hist_auto_bins(28), 4);
	CHECK_EQ(jy_hist_auto_bins(216000), 60);
	CHECK_EQ(jy_hist_auto_bins(1000000000), 60);

	/* 0..10 in 4 bins: edges 0, 3 (2.5 up), 5, 8 (7.5 up), 10 */
	nb = jy_histogram(v, 6, 4, h);
	CHECK_EQ(nb, 4);
	CHECK(h[0].start == 0 && h[0].end == 3 && h[0].count == 1);
	CHECK(h[1].start == 3 && h[1].end == 5 && h[1].count == 1);
	CHECK(h[2].start == 5 && h[2].end == 8 && h[2].count == 2);
	CHECK(h[3].start == 8 && h[3].end == 10 && h[3].count == 2);
	/* one value, or all equal: one bin */
	nb = jy_histogram(one, 1, 5, h);
	CHECK(nb == 1 && h[0].start == 42 && h[0].end == 42 && h[0].count == 1);
	/* a range smaller than the bin count: empty bins of width 0 */
	nb = jy_histogram(two, 2, 3, h);
	CHECK_EQ(nb, 3);
	CHECK(h[0].start == 0 && h[0].end == 1 && h[0].count == 1);
	CHECK(h[1].start == 1 && h[1].end == 1 && h[1].count == 0);
	CHECK(h[2].start == 1 && h[2].end == 1 && h[2].count == 1);
	/* the whole int64 range */
	nb = jy_histogram(ext, 3, 2, h);
	CHECK_EQ(nb, 2);
	CHECK(h[0].start == INT64_MIN && h[0].end == 0 && h[0].count == 1);
	CHECK(h[1].start == 0 && h[1].end == INT64_MAX && h[1].count == 2);
}

int
main(void)
{
	test_width_period();
	test_fixed_period();
	test_entries();
	test_entries_random();
	test_summary();
	test_format_example();
	test_histogram();
	return unit_summary("test_trend");
}
