/*
 * test_events.c -- packed events (core/events.h): packing bounds, round
 * trips, and that packed words sort like the events they stand for
 */
#include "unit.h"

#include "core/events.h"

/* A deterministic pseudo-random sequence (xorshift64) */
static uint64_t
next_rand(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Offsets up to 2^(63 - bits) units either way pack, one more does not */
static void
test_bounds(void)
{
	int			bits;
	int64_t		w;

	for (bits = 1; bits <= JY_PACKED_MAX_BITS; bits++)
	{
		int64_t		lim = INT64_C(1) << (63 - bits);
		uint64_t	top = (UINT64_C(1) << bits) - 1;

		CHECK(jy_event_pack(0, bits, lim - 1, top, &w));
		CHECK_EQ(jy_packed_ts(w, 0, bits), lim - 1);
		CHECK_EQ(jy_packed_mask(w, bits), top);
		CHECK(!jy_event_pack(0, bits, lim, 0, &w));
		CHECK(jy_event_pack(0, bits, -lim, 1, &w));
		CHECK_EQ(jy_packed_ts(w, 0, bits), -lim);
		CHECK_EQ(jy_packed_mask(w, bits), 1);
		CHECK(!jy_event_pack(0, bits, -lim - 1, 0, &w));
	}
	/* an offset that overflows int64 (the infinite timestamps) */
	CHECK(!jy_event_pack(INT64_MIN, 4, INT64_MAX, 1, &w));
	CHECK(!jy_event_pack(INT64_MAX, 4, INT64_MIN, 1, &w));
	CHECK(jy_event_pack(INT64_MAX, 4, INT64_MAX, 15, &w));
	CHECK_EQ(jy_packed_ts(w, INT64_MAX, 4), INT64_MAX);
	CHECK(jy_event_pack(INT64_MIN, 4, INT64_MIN + 5, 0, &w));
	CHECK_EQ(jy_packed_ts(w, INT64_MIN, 4), INT64_MIN + 5);
	CHECK_EQ(jy_packed_mask(w, 4), 0);
}

/*
 * Random events around a base: every one packs and unpacks to itself, and
 * the sorted words unpack to the events in jy_event_cmp order
 */
static void
test_sort_matches(void)
{
	const JyMem *m = &unit_mem;
	uint64_t	seed = 88172645463325252ULL;
	int			round;

	for (round = 0; round < 200; round++)
	{
		int			bits = 1 + round % JY_PACKED_MAX_BITS;
		size_t		n = 1 + next_rand(&seed) % 300;
		int64_t		base = (int64_t) next_rand(&seed) >> 2;
		int64_t		spread = 1 + (int64_t) (next_rand(&seed) % ((round % 3 == 0) ? 4 : 1000000));
		JyEvent    *ev = malloc(n * sizeof(JyEvent));
		JyEvent    *back = malloc(n * sizeof(JyEvent));
		int64_t    *w = malloc(n * sizeof(int64_t));
		size_t		i;
		int			bad = 0;

		for (i = 0; i < n; i++)
		{
			ev[i].ts = base + (int64_t) (next_rand(&seed) % (uint64_t) (2 * spread)) - spread;
			ev[i].mask = next_rand(&seed) & ((UINT64_C(1) << bits) - 1);
			if (!jy_event_pack(base, bits, ev[i].ts, ev[i].mask, &w[i]))
				bad++;
		}
		CHECK_EQ(bad, 0);
		jy_packed_decode(w, n, base, bits, back);
		for (i = 0; i < n; i++)
			if (back[i].ts != ev[i].ts || back[i].mask != ev[i].mask)
				bad++;
		CHECK_EQ(bad, 0);
		jy_sort_events(ev, n, m);
		jy_packed_sort(w, n, m);
		jy_packed_decode(w, n, base, bits, back);
		for (i = 0; i < n; i++)
			if (back[i].ts != ev[i].ts || back[i].mask != ev[i].mask)
				bad++;
		CHECK_EQ(bad, 0);
		free(ev);
		free(back);
		free(w);
	}
}

int
main(void)
{
	test_bounds();
	test_sort_matches();
	return unit_summary("test_events");
}
