/*
 * fuzz_trend.c -- libFuzzer target for conversion trends and histograms
 *
 * Selector byte 0: the rest is a funnel_trend_summary.  It must decode or
 * be rejected with JY_ERR_CORRUPT and a reason -- never read out of bounds
 * (ASan) or overflow (UBSan); what decodes has strictly ascending periods
 * and non-increasing counts, encodes back to the same bytes, and merges
 * with itself into doubled counts (or reports the overflow).
 *
 * Selector 1: steps, window and width bytes, then (time step, mask) byte
 * pairs make one actor's events; the entries must be one per period with a
 * step 1, in ascending period order, at levels 1 .. steps, and a summary
 * of them must encode and decode.  The events' timestamps also go through
 * jy_histogram with a bin count from the input: every value in exactly one
 * bin, edges ascending from the smallest to the largest value.
 *
 * Selector 2: an instant and a UTC offset; its fixed-offset day, week or
 * month holds it, has the unit's length and starts at local midnight.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/trend.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_trend: %s\n", what);
		abort();
	}
}

/* The summary decoder */
static void
fuzz_summary(const uint8_t *data, size_t size)
{
	uint8_t    *copy = malloc(size > 0 ? size : 1);
	JyTrend		t,
				twice;
	const char *why = NULL;
	JyWriter	w;
	uint32_t	i;
	int			k;

	memcpy(copy, data, size);
	if (jy_trend_decode(&t, &fz_mem, copy, size, &why) != JY_OK)
	{
		fz_check(why != NULL, "rejected without a reason");
		jy_trend_free(&t);
		free(copy);
		return;
	}
	for (i = 0; i < t.n; i++)
	{
		const int64_t *c = t.counts + (size_t) i * t.nsteps;

		fz_check(i == 0 || t.period[i - 1] < t.period[i], "periods not ascending");
		fz_check(c[0] >= 1, "a period without entrants");
		for (k = 1; k < t.nsteps; k++)
			fz_check(c[k] >= 0 && c[k] <= c[k - 1], "counts not a funnel");
	}
	jy_writer_init(&w, &fz_mem);
	jy_trend_encode(&t, &w);
	fz_check(w.status == JY_OK && w.len == size && memcmp(w.buf, copy, size) == 0,
			 "does not encode back to the same bytes");
	jy_writer_free(&w);
	fz_check(jy_trend_decode(&twice, &fz_mem, copy, size, &why) == JY_OK, "decodes once only");
	fz_check(jy_trend_mismatch(&twice, &t) == NULL, "differs from itself");
	if (jy_trend_merge(&twice, &t) == JY_OK)
		for (i = 0; i < t.n; i++)
			fz_check(twice.counts[(size_t) i * t.nsteps] == 2 * t.counts[(size_t) i * t.nsteps],
					 "merging with itself did not double");
	jy_trend_free(&twice);
	jy_trend_free(&t);
	free(copy);
}

/* Periods of the width in *arg */
static void
fz_period(void *arg, int64_t ts, int64_t *start, int64_t *end)
{
	jy_trend_width_period(*(const int64_t *) arg, ts, start, end);
}

/* Entries of one actor, and a histogram of its timestamps */
static void
fuzz_entries(const uint8_t *data, size_t size)
{
	JyFunnelSpec spec = {0};
	JyEvent    *ev;
	JyTrendEntry *out;
	JyHistBin  *bins;
	int64_t    *v;
	int64_t		width,
				ts = -300;
	size_t		n,
				i,
				nout,
				total = 0;
	int			nb,
				b;
	JyTrend		t;
	JyWriter	w;
	const char *why = NULL;

	if (size < 3)
		return;
	spec.nsteps = 1 + data[0] % 8;
	spec.window = 1 + data[1];
	width = 1 + data[2] % 64;
	data += 3;
	size -= 3;
	n = size / 2;
	ev = malloc((n + 1) * sizeof(JyEvent));
	out = malloc((n + 1) * sizeof(JyTrendEntry));
	v = malloc((n + 1) * sizeof(int64_t));
	for (i = 0; i < n; i++)
	{
		ts += data[2 * i] % 32;
		ev[i].ts = ts;
		ev[i].mask = data[2 * i + 1] & ((1u << spec.nsteps) - 1);
		if (ev[i].mask == 0)
			ev[i].mask = 1;
		v[i] = data[2 * i] & 1 ? -ts * 1000003 : ts;
	}
	jy_sort_events(ev, n, &fz_mem);
	fz_check(jy_trend_entries(ev, n, &spec, fz_period, &width, &fz_mem, out, &nout) == JY_OK,
			 "entries failed");
	jy_trend_init(&t, &fz_mem, JY_TS_TYPE_BIGINT, JY_TREND_WIDTH, width, &spec);
	for (i = 0; i < nout; i++)
	{
		fz_check(i == 0 || out[i - 1].period < out[i].period, "entries not one per period");
		fz_check(out[i].level >= 1 && out[i].level <= spec.nsteps, "level out of range");
		fz_check(out[i].entry >= out[i].period && out[i].entry - out[i].period < width,
				 "entry outside its period");
		fz_check(jy_trend_add(&t, out[i].period, out[i].level) == JY_OK, "add failed");
	}
	jy_writer_init(&w, &fz_mem);
	jy_trend_encode(&t, &w);
	jy_trend_free(&t);
	fz_check(w.status == JY_OK && jy_trend_check(w.buf, w.len, &fz_mem, &why) == JY_OK,
			 "a built summary does not decode");
	jy_writer_free(&w);
	if (n > 0)
	{
		int			want = size > 0 ? 1 + data[0] % 70 : 1;
		int64_t		lo = v[0],
					hi = v[0];

		bins = malloc(sizeof(JyHistBin) * (size_t) want);
		nb = jy_histogram(v, n, want, bins);
		for (i = 1; i < n; i++)
		{
			if (v[i] < lo)
				lo = v[i];
			if (v[i] > hi)
				hi = v[i];
		}
		fz_check(bins[0].start == lo && bins[nb - 1].end == hi, "bins do not span the values");
		for (b = 0; b < nb; b++)
		{
			fz_check(bins[b].start <= bins[b].end, "a bin ends before it starts");
			fz_check(b == 0 || bins[b].start == bins[b - 1].end, "bins not contiguous");
			total += (size_t) bins[b].count;
		}
		fz_check(total == n, "values lost or counted twice");
		for (i = 0; i < n; i++)
		{
			int			in = 0;

			for (b = 0; b < nb; b++)
				in += (v[i] >= bins[b].start && (v[i] < bins[b].end || (b == nb - 1 && v[i] == bins[b].end)));
			fz_check(in == 1, "a value in no bin or in two");
		}
		free(bins);
	}
	free(v);
	free(out);
	free(ev);
}

/*
 * Fixed-offset periods of an instant and offset read from the input: the
 * period holds the instant and lasts 1 day, 7 days or 28 to 31 days
 */
static void
fuzz_fixed_period(const uint8_t *data, size_t size)
{
	const int64_t day = INT64_C(86400000000);
	int64_t		ts = 0,
				off,
				s,
				e;
	size_t		i;
	int			u;

	if (size < 10)
		return;
	for (i = 0; i < 8; i++)
		ts = (int64_t) (((uint64_t) ts << 8) | data[i]);
	off = ((int64_t) data[8] - 128) * 15 * 60 * INT64_C(1000000) / 4;
	u = data[9] % 3;
	if (!jy_trend_fixed_period((JyTrendUnit) u, off, ts, &s, &e))
		return;
	fz_check(s <= ts && ts < e, "the period does not hold the instant");
	fz_check(u == JY_TREND_DAY ? e - s == day
			 : u == JY_TREND_WEEK ? e - s == 7 * day
			 : e - s >= 28 * day && e - s <= 31 * day, "a period of the wrong length");
	fz_check((s + off) % day == 0, "a period not starting at local midnight");
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] % 3 == 0)
		fuzz_summary(data + 1, size - 1);
	else if (data[0] % 3 == 1)
		fuzz_entries(data + 1, size - 1);
	else
		fuzz_fixed_period(data + 1, size - 1);
	return 0;
}
