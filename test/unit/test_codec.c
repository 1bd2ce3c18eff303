/*
 * test_codec.c -- unit tests of the portable state formats (docs/format.md)
 *
 * Round trips, the exact bytes of a small state (written out by hand from
 * the format), and every check of the decoders.
 */
#include "unit.h"

#include "core/codec.h"

static void
test_funnel_bytes(void)
{
	JyFunnelSpec spec = {.window = 3600, .flags = JY_FUNNEL_STRICT_ORDER, .nsteps = 3};
	JyEvent		ev[2] = {{1, 1}, {-2, 6}};
	/* version 1, tstype 2, 3 steps, flags 1, window 3600, 2 events (1-byte masks) */
	static const uint8_t expect[] = {
		1, 2, 3, 1, 0, 0, 0, 0, 0, 0, 0x0e, 0x10, 0, 0, 0, 2,
		0, 0, 0, 0, 0, 0, 0, 1, 1,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 6
	};
	uint8_t		buf[64];
	JyFunnelSpec got;
	uint8_t		tstype;
	uint32_t	n;
	JyEvent		back[2];
	const char *why = NULL;

	CHECK_EQ(jy_funnel_state_size(3, 2), sizeof(expect));
	jy_funnel_state_encode(&spec, 2, ev, 2, buf);
	CHECK(memcmp(buf, expect, sizeof(expect)) == 0);
	CHECK_EQ(jy_funnel_state_decode_header(buf, sizeof(expect), 3, &got, &tstype, &n, &why), JY_OK);
	CHECK_EQ(got.window, 3600);
	CHECK_EQ(got.flags, JY_FUNNEL_STRICT_ORDER);
	CHECK_EQ(got.nsteps, 3);
	CHECK_EQ(tstype, 2);
	CHECK_EQ(n, 2);
	CHECK_EQ(jy_funnel_state_decode_events(buf, &got, n, back, &why), JY_OK);
	CHECK(memcmp(back, ev, sizeof(ev)) == 0);
}

/* Round trips at every mask width */
static void
test_funnel_round_trip(void)
{
	int			steps[] = {1, 8, 9, 16, 17, 32, 33, 64};
	size_t		s;

	for (s = 0; s < sizeof(steps) / sizeof(steps[0]); s++)
	{
		JyFunnelSpec spec = {.window = UINT64_C(1) << 40, .flags = JY_FUNNEL_ALL_FLAGS & ~(JY_FUNNEL_ANY_ORDER | JY_FUNNEL_FIRST_TIME), .nsteps = steps[s]};
		JyEvent		ev[50],
					back[50];
		uint8_t		buf[16 + 50 * 16];
		uint64_t	full = steps[s] == 64 ? UINT64_MAX : (UINT64_C(1) << steps[s]) - 1;
		JyFunnelSpec got;
		uint8_t		tstype;
		uint32_t	n,
					i;
		const char *why;

		for (i = 0; i < 50; i++)
		{
			ev[i].ts = (int64_t) unit_rand();
			ev[i].mask = unit_rand() & full;
		}
		/* bigint timestamps: any int64 */
		jy_funnel_state_encode(&spec, JY_TS_TYPE_BIGINT, ev, 50, buf);
		CHECK_EQ(jy_funnel_state_decode_header(buf, jy_funnel_state_size(steps[s], 50), 3,
											   &got, &tstype, &n, &why), JY_OK);
		CHECK_EQ(jy_funnel_state_decode_events(buf, &got, n, back, &why), JY_OK);
		CHECK(memcmp(back, ev, sizeof(ev)) == 0);
		CHECK_EQ(got.window, spec.window);
		CHECK_EQ(got.flags, spec.flags);
	}
}

/* Every check of the funnel state decoder */
static void
test_funnel_corrupt(void)
{
	JyFunnelSpec spec = {.window = 10, .flags = 0, .nsteps = 3};
	JyEvent		ev[1] = {{5, 4}};
	uint8_t		good[32],
				bad[32];
	size_t		len = jy_funnel_state_size(3, 1);
	JyFunnelSpec got;
	uint8_t		tstype;
	uint32_t	n;
	JyEvent		back[1];
	const char *why;

	jy_funnel_state_encode(&spec, 1, ev, 1, good);
#define DECODE(b, l) jy_funnel_state_decode_header((b), (l), 3, &got, &tstype, &n, &why)
	CHECK_EQ(DECODE(good, len), JY_OK);
	CHECK_EQ(DECODE(good, 15), JY_ERR_CORRUPT);
	CHECK(strstr(why, "shorter") != NULL);
	CHECK_EQ(DECODE(good, len - 1), JY_ERR_CORRUPT);
	CHECK(strstr(why, "count") != NULL);
	CHECK_EQ(DECODE(good, len + 1), JY_ERR_CORRUPT);
	memcpy(bad, good, len);
	bad[0] = 2;
	CHECK_EQ(DECODE(bad, len), JY_ERR_CORRUPT);
	CHECK(strstr(why, "version") != NULL);
	memcpy(bad, good, len);
	bad[1] = 3;
	CHECK_EQ(DECODE(bad, len), JY_ERR_CORRUPT);
	CHECK(strstr(why, "timestamp") != NULL);
	memcpy(bad, good, len);
	bad[2] = 0;
	CHECK_EQ(DECODE(bad, len), JY_ERR_CORRUPT);
	bad[2] = 65;
	CHECK_EQ(DECODE(bad, len), JY_ERR_CORRUPT);
	CHECK(strstr(why, "steps") != NULL);
	memcpy(bad, good, len);
	bad[3] = 0x21;				/* any_order with strict_order */
	CHECK_EQ(DECODE(bad, len), JY_ERR_CORRUPT);
	CHECK(strstr(why, "flags") != NULL);
	bad[3] = 0x10;				/* allow_reentry without strict_order */
	CHECK_EQ(DECODE(bad, len), JY_ERR_CORRUPT);
	memcpy(bad, good, len);
	memset(bad + 4, 0, 8);
	CHECK_EQ(DECODE(bad, len), JY_ERR_CORRUPT);
	bad[4] = 0x80;				/* negative as int64 */
	CHECK_EQ(DECODE(bad, len), JY_ERR_CORRUPT);
	CHECK(strstr(why, "Window") != NULL);
	memcpy(bad, good, len);
	bad[12] = 0xff;				/* a huge count */
	CHECK_EQ(DECODE(bad, len), JY_ERR_CORRUPT);
	/* mask 0x08 names step 4 of 3 */
	memcpy(bad, good, len);
	bad[len - 1] = 0x08;
	CHECK_EQ(DECODE(bad, len), JY_OK);
	CHECK_EQ(jy_funnel_state_decode_events(bad, &got, n, back, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "beyond") != NULL);
#undef DECODE
}

static void
test_counts(void)
{
	int64_t		counts[3] = {10, 7, 7};
	int64_t		back[JY_MAX_STEPS];
	uint8_t		buf[64],
				bad[64];
	size_t		len = jy_counts_state_size(3);
	int			n;
	const char *why;

	CHECK_EQ(len, 26);
	jy_counts_state_encode(counts, 3, buf);
	CHECK_EQ(buf[0], 1);
	CHECK_EQ(buf[1], 3);
	CHECK_EQ(buf[9], 10);
	CHECK_EQ(jy_counts_state_decode(buf, len, back, &n, &why), JY_OK);
	CHECK_EQ(n, 3);
	CHECK(back[0] == 10 && back[1] == 7 && back[2] == 7);
	CHECK_EQ(jy_counts_state_decode(buf, 1, back, &n, &why), JY_ERR_CORRUPT);
	CHECK_EQ(jy_counts_state_decode(buf, len - 1, back, &n, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "Length") != NULL);
	memcpy(bad, buf, len);
	bad[0] = 9;
	CHECK_EQ(jy_counts_state_decode(bad, len, back, &n, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "version") != NULL);
	memcpy(bad, buf, len);
	bad[1] = 0;
	CHECK_EQ(jy_counts_state_decode(bad, len, back, &n, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "steps") != NULL);
	memcpy(bad, buf, len);
	bad[17] = 11;				/* step 2 > step 1 */
	CHECK_EQ(jy_counts_state_decode(bad, len, back, &n, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "funnel") != NULL);
}

/* Sequence state: exact bytes, round trip, and every header check */
static void
test_seq(void)
{
	JyEvent		ev[2] = {{-2, 0x5}, {300, 0x100}};
	JyEvent		back[2];
	uint8_t		buf[64];
	size_t		len = jy_seq_state_size(9, 4, 2);
	uint8_t		tstype;
	int			nconds;
	uint32_t	patlen,
				n;
	const char *why = NULL;

	/* 12 header + 4 pattern + 2 x (8 + 2 mask bytes for 9 conditions) */
	CHECK_EQ(len, 36);
	jy_seq_state_encode(2, 9, "(?1)", 4, ev, 2, buf);
	CHECK(buf[0] == JY_STATE_VERSION && buf[1] == 2 && buf[2] == 9 && buf[3] == 0);
	CHECK(buf[4] == 0 && buf[7] == 4 && buf[8] == 0 && buf[11] == 2);
	CHECK(memcmp(buf + 12, "(?1)", 4) == 0);
	/* first event: ts -2 big-endian, mask 0x0005 */
	CHECK(buf[16] == 0xff && buf[23] == 0xfe && buf[24] == 0 && buf[25] == 5);
	/* second: mask 0x0100 */
	CHECK(buf[34] == 1 && buf[35] == 0);
	CHECK_EQ(jy_seq_state_decode_header(buf, len, 3, &tstype, &nconds, &patlen, &n, &why), JY_OK);
	CHECK(tstype == 2 && nconds == 9 && patlen == 4 && n == 2);
	CHECK_EQ(jy_events_decode(buf + 16, n, nconds, back, &why), JY_OK);
	CHECK(back[0].ts == -2 && back[0].mask == 5 && back[1].ts == 300 && back[1].mask == 0x100);

	/* corruptions, one at a time */
	CHECK_EQ(jy_seq_state_decode_header(buf, 11, 3, &tstype, &nconds, &patlen, &n, &why), JY_ERR_CORRUPT);
	CHECK_EQ(jy_seq_state_decode_header(buf, len - 1, 3, &tstype, &nconds, &patlen, &n, &why), JY_ERR_CORRUPT);
	CHECK_EQ(jy_seq_state_decode_header(buf, len, 2, &tstype, &nconds, &patlen, &n, &why), JY_ERR_CORRUPT);
	buf[0] = 99;
	CHECK_EQ(jy_seq_state_decode_header(buf, len, 3, &tstype, &nconds, &patlen, &n, &why), JY_ERR_CORRUPT);
	buf[0] = JY_STATE_VERSION;
	buf[2] = 0;
	CHECK_EQ(jy_seq_state_decode_header(buf, len, 3, &tstype, &nconds, &patlen, &n, &why), JY_ERR_CORRUPT);
	buf[2] = 65;
	CHECK_EQ(jy_seq_state_decode_header(buf, len, 3, &tstype, &nconds, &patlen, &n, &why), JY_ERR_CORRUPT);
	buf[2] = 9;
	buf[3] = 1;
	CHECK_EQ(jy_seq_state_decode_header(buf, len, 3, &tstype, &nconds, &patlen, &n, &why), JY_ERR_CORRUPT);
	buf[3] = 0;
	buf[4] = 0x7f;				/* pattern length beyond the limit */
	CHECK_EQ(jy_seq_state_decode_header(buf, len, 3, &tstype, &nconds, &patlen, &n, &why), JY_ERR_CORRUPT);
	buf[4] = 0;
	/* a mask bit beyond condition 9 */
	buf[34] = 2;
	CHECK_EQ(jy_events_decode(buf + 16, 2, 9, back, &why), JY_ERR_CORRUPT);
}

/* sequence_next_node state: exact bytes, round trip, corruptions */
static void
test_node(void)
{
	JyNodeRow	rows[3] = {
		{5, 0x3, "ab", 2, true},
		{-1, 0, "", 0, false},
		{7, 0x200, "xyz", 3, false}
	};
	JyNodeRow	back[3];
	uint8_t		buf[128];
	size_t		len = jy_node_state_size(rows, 3, 10, 1000);
	JyNodeDirection dir;
	JyNodeBase	base;
	int			nevents;
	uint32_t	n;
	const char *why = NULL;
	int			i;

	/* 12 + 3 x (8 + 1 + 2 + 4) + 5 value bytes */
	CHECK_EQ(len, 62);
	CHECK_EQ(jy_node_state_size(rows, 3, 10, 61), 0);
	jy_node_state_encode(JY_NODE_BACKWARD, JY_NODE_LAST_MATCH, 10, rows, 3, buf);
	CHECK(buf[0] == JY_STATE_VERSION && buf[1] == 1 && buf[2] == 3 && buf[3] == 10 && buf[7] == 3);
	/* row 1: ts 5, base 1, mask 0x0003, len 2, "ab" */
	CHECK(buf[19] == 5 && buf[20] == 1 && buf[21] == 0 && buf[22] == 3 && buf[26] == 2);
	CHECK(memcmp(buf + 27, "ab", 2) == 0);
	CHECK_EQ(jy_node_state_decode(buf, len, &dir, &base, &nevents, &n, NULL, &why), JY_OK);
	CHECK(dir == JY_NODE_BACKWARD && base == JY_NODE_LAST_MATCH && nevents == 10 && n == 3);
	CHECK_EQ(jy_node_state_decode(buf, len, &dir, &base, &nevents, &n, back, &why), JY_OK);
	for (i = 0; i < 3; i++)
		CHECK(back[i].ts == rows[i].ts && back[i].mask == rows[i].mask &&
			  back[i].len == rows[i].len && back[i].base == rows[i].base &&
			  memcmp(back[i].value, rows[i].value, rows[i].len) == 0);

	/* a shorter buffer, a longer one, and each bad field */
	CHECK_EQ(jy_node_state_decode(buf, 11, &dir, &base, &nevents, &n, back, &why), JY_ERR_CORRUPT);
	CHECK_EQ(jy_node_state_decode(buf, len - 1, &dir, &base, &nevents, &n, back, &why), JY_ERR_CORRUPT);
	buf[len] = 0;
	CHECK_EQ(jy_node_state_decode(buf, len + 1, &dir, &base, &nevents, &n, back, &why), JY_ERR_CORRUPT);
	buf[1] = 2;
	CHECK_EQ(jy_node_state_decode(buf, len, &dir, &base, &nevents, &n, back, &why), JY_ERR_CORRUPT);
	buf[1] = 1;
	buf[3] = 65;
	CHECK_EQ(jy_node_state_decode(buf, len, &dir, &base, &nevents, &n, back, &why), JY_ERR_CORRUPT);
	buf[3] = 10;
	buf[11] = 1;
	CHECK_EQ(jy_node_state_decode(buf, len, &dir, &base, &nevents, &n, back, &why), JY_ERR_CORRUPT);
	buf[11] = 0;
	buf[7] = 200;				/* more rows than bytes */
	CHECK_EQ(jy_node_state_decode(buf, len, &dir, &base, &nevents, &n, NULL, &why), JY_ERR_CORRUPT);
	buf[7] = 3;
	buf[20] = 2;				/* base flag */
	CHECK_EQ(jy_node_state_decode(buf, len, &dir, &base, &nevents, &n, back, &why), JY_ERR_CORRUPT);
	buf[20] = 1;
	buf[21] = 0x04;				/* mask bit 11 of 10 conditions */
	CHECK_EQ(jy_node_state_decode(buf, len, &dir, &base, &nevents, &n, back, &why), JY_ERR_CORRUPT);
	buf[21] = 0;
	buf[26] = 200;				/* value length past the end */
	CHECK_EQ(jy_node_state_decode(buf, len, &dir, &base, &nevents, &n, back, &why), JY_ERR_CORRUPT);
	buf[26] = 2;
	CHECK_EQ(jy_node_state_decode(buf, len, &dir, &base, &nevents, &n, back, &why), JY_OK);
}

/* jy_bits_from: a shift by a step count of 64 gives 0, never undefined */
static void
test_bits_from(void)
{
	CHECK_EQ(jy_bits_from(UINT64_MAX, 0), UINT64_MAX);
	CHECK_EQ(jy_bits_from(UINT64_MAX, 63), 1);
	CHECK_EQ(jy_bits_from(UINT64_MAX, 64), 0);
	CHECK_EQ(jy_bits_from(UINT64_C(1) << 62, 63), 0);
	CHECK_EQ(jy_bits_from(UINT64_C(0x8000000000000001), 1), UINT64_C(0x4000000000000000));
}

/*
 * Timestamps of timestamptz and timestamp states must be ones PostgreSQL
 * can hold: [-211813488000000000, 9223371331200000000) and the infinities
 * (timestamp.h's MIN_TIMESTAMP, END_TIMESTAMP, DT_NOBEGIN, DT_NOEND);
 * bigint states take any int64.  Both the funnel and the sequence decoders.
 */
static void
test_state_times(void)
{
	struct
	{
		int64_t		ts;
		bool		ok;
	}			cases[] = {
		{INT64_C(-211813488000000000), true},	/* 4714-11-24 BC */
		{INT64_C(-211813488000000001), false},
		{INT64_C(9223371331199999999), true},	/* 294276-12-31 23:59:59.999999 */
		{INT64_C(9223371331200000000), false},	/* 294277-01-01 */
		{INT64_C(9223371331200000000) + 1000000000, false}, /* the issue's +294277-01-09 */
		{INT64_MIN, true},		/* -infinity */
		{INT64_MAX, true},		/* infinity */
		{INT64_MIN + 1, false},
		{INT64_MAX - 1, false},
		{0, true},
	};
	JyFunnelSpec spec = {.window = 10, .flags = 0, .nsteps = 9};
	JyFunnelSpec got;
	uint8_t		buf[64],
				tstype;
	uint32_t	n,
				patlen;
	int			nconds;
	const char *why;
	size_t		c;
	int			t;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		for (t = 0; t < 3; t++)
		{
			JyEvent		ev[2] = {{0, 1}, {cases[c].ts, 2}};
			JyStatus	want = (cases[c].ok || t == JY_TS_TYPE_BIGINT) ? JY_OK : JY_ERR_CORRUPT;

			/* the bad timestamp second, so every event is looked at */
			jy_funnel_state_encode(&spec, (uint8_t) t, ev, 2, buf);
			why = NULL;
			CHECK_EQ(jy_funnel_state_decode_header(buf, jy_funnel_state_size(9, 2), 3,
												   &got, &tstype, &n, &why), want);
			if (want != JY_OK)
				CHECK(why != NULL && strstr(why, "range of timestamptz") != NULL);
			jy_seq_state_encode((uint8_t) t, 9, "(?1)", 4, ev, 2, buf);
			why = NULL;
			CHECK_EQ(jy_seq_state_decode_header(buf, jy_seq_state_size(9, 4, 2), 3, &tstype,
												&nconds, &patlen, &n, &why), want);
			if (want != JY_OK)
				CHECK(why != NULL && strstr(why, "range of timestamptz") != NULL);
			/* the helper the map state uses: the same events, 9 conditions */
			CHECK_EQ(jy_events_check_times(buf + JY_SEQ_HEADER_SIZE + 4, 2, 9, &why),
					 cases[c].ok ? JY_OK : JY_ERR_CORRUPT);
		}
}

/* The journey map state: bytes by hand, round trip, every corruption */
static void
test_map_state(void)
{
	/* version 1, "{}", 2 events; 3 stages: 1-byte masks of 4 bits */
	static const uint8_t want[] = {1, 2, '{', '}', 2,
		0, 0, 0, 0, 0, 0, 0, 7, 0x03,
	0, 0, 0, 0, 0, 0, 0, 9, 0x08};
	JyEvent		ev[2] = {{7, 0x03}, {9, 0x08}};
	JyEvent		got[2];
	uint8_t		buf[64];
	const char *text;
	const char *why;
	size_t		textlen;
	uint32_t	n = 0;

	CHECK(jy_map_state_size(2, 2, 3) >= sizeof(want));
	CHECK_EQ(jy_map_state_encode("{}", 2, 3, ev, 2, buf), sizeof(want));
	CHECK(memcmp(buf, want, sizeof(want)) == 0);
	CHECK_EQ(jy_map_state_decode_text(buf, sizeof(want), &text, &textlen, &why), JY_OK);
	CHECK_EQ(textlen, 2);
	CHECK(memcmp(text, "{}", 2) == 0);
	CHECK_EQ(jy_map_state_decode_events(buf, sizeof(want), 3, &n, NULL, &why), JY_OK);
	CHECK_EQ(n, 2);
	CHECK_EQ(jy_map_state_decode_events(buf, sizeof(want), 3, &n, got, &why), JY_OK);
	CHECK_EQ(got[1].ts, 9);
	CHECK_EQ(got[1].mask, 0x08);
	/* 63 stages: 8-byte masks, the exclusion bit is bit 63 */
	ev[1].mask = UINT64_C(1) << 63;
	CHECK_EQ(jy_map_state_encode("{}", 2, 63, ev, 2, buf), 5 + 2 * 16);
	CHECK_EQ(jy_map_state_decode_events(buf, 5 + 2 * 16, 63, &n, got, &why), JY_OK);
	CHECK_EQ(got[1].mask, UINT64_C(1) << 63);

	/* corruptions */
	memcpy(buf, want, sizeof(want));
	buf[0] = 2;
	CHECK_EQ(jy_map_state_decode_text(buf, sizeof(want), &text, &textlen, &why), JY_ERR_CORRUPT);
	memcpy(buf, want, sizeof(want));
	buf[1] = 40;				/* text longer than the input */
	CHECK_EQ(jy_map_state_decode_text(buf, sizeof(want), &text, &textlen, &why), JY_ERR_CORRUPT);
	CHECK_EQ(jy_map_state_decode_events(buf, sizeof(want), 3, &n, NULL, &why), JY_ERR_CORRUPT);
	memcpy(buf, want, sizeof(want));
	CHECK_EQ(jy_map_state_decode_events(buf, sizeof(want) - 1, 3, &n, NULL, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "count") != NULL);
	buf[4] = 3;					/* three events announced, two there */
	CHECK_EQ(jy_map_state_decode_events(buf, sizeof(want), 3, &n, NULL, &why), JY_ERR_CORRUPT);
	memcpy(buf, want, sizeof(want));
	buf[13] = 0x10;				/* bit 4: beyond 3 stages and the exclusion */
	CHECK_EQ(jy_map_state_decode_events(buf, sizeof(want), 3, &n, got, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "stage") != NULL);
	memcpy(buf, want, sizeof(want));
	memset(buf + 5, 0xff, 8);	/* 0x7fffffffffffff00: past timestamptz's end */
	buf[5] = 0x7f;
	buf[12] = 0x00;
	CHECK_EQ(jy_map_state_decode_events(buf, sizeof(want), 3, &n, got, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "timestamp") != NULL);
}

/* The funnel state with gaps (version 2): bytes, round trip, corruption */
static void
test_funnel_gaps(void)
{
	uint64_t	within[3] = {0, 300, 0};	/* gap 1: 300, gap 2: none */
	JyFunnelSpec spec = {.window = 10, .flags = 0, .nsteps = 3, .within = within};
	JyEvent		ev[1] = {{5, 4}};
	uint8_t		buf[64],
				bad[64];
	size_t		len = jy_funnel_gaps_state_size(3, 1);
	JyFunnelSpec got;
	uint64_t	gw[JY_MAX_STEPS];
	uint8_t		tstype;
	uint32_t	n;
	const char *why;

	/* the example of docs/format.md */
	static const uint8_t expect[] = {
		0x02, 0x01, 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0x01,
		0, 0, 0, 0, 0, 0, 0, 0x05, 0x04,
		0, 0, 0, 0, 0, 0, 0x01, 0x2c, 0, 0, 0, 0, 0, 0, 0, 0};

	CHECK_EQ(len, jy_funnel_state_size(3, 1) + 16);
	CHECK_EQ(len, sizeof(expect));
	jy_funnel_gaps_state_encode(&spec, 1, ev, 1, buf);
	CHECK(memcmp(buf, expect, sizeof(expect)) == 0);
	CHECK_EQ(buf[0], 2);
	CHECK_EQ(buf[len - 9], 300 & 0xff);	/* the last byte of gap 1 ... */
	CHECK_EQ(buf[len - 10], 300 >> 8);
	CHECK_EQ(buf[len - 1], 0);	/* ... and gap 2 */
	CHECK_EQ(jy_funnel_gaps_state_decode_header(buf, len, 3, &got, gw, &tstype, &n, &why), JY_OK);
	CHECK(got.within == gw && gw[1] == 300 && gw[2] == 0 && n == 1 && got.nsteps == 3);
	/* version 1 readers refuse it, and it refuses version 1 */
	CHECK_EQ(jy_funnel_state_decode_header(buf, len, 3, &got, &tstype, &n, &why), JY_ERR_CORRUPT);
	jy_funnel_state_encode(&spec, 1, ev, 1, bad);
	CHECK_EQ(jy_funnel_gaps_state_decode_header(bad, jy_funnel_state_size(3, 1), 3, &got, gw, &tstype, &n, &why),
			 JY_ERR_CORRUPT);
	/* short, a gap out of range, a wrong length */
	CHECK_EQ(jy_funnel_gaps_state_decode_header(buf, 20, 3, &got, gw, &tstype, &n, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "shorter") != NULL);
	memcpy(bad, buf, len);
	bad[len - 16] = 0x80;
	CHECK_EQ(jy_funnel_gaps_state_decode_header(bad, len, 3, &got, gw, &tstype, &n, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "gap") != NULL);
	CHECK_EQ(jy_funnel_gaps_state_decode_header(buf, len - 1, 3, &got, gw, &tstype, &n, &why), JY_ERR_CORRUPT);
	memcpy(bad, buf, len);
	bad[2] = 0;
	CHECK_EQ(jy_funnel_gaps_state_decode_header(bad, len, 3, &got, gw, &tstype, &n, &why), JY_ERR_CORRUPT);
	/* any_order cannot use a gap (but may have none) */
	memcpy(bad, buf, len);
	bad[3] = 0x20;
	CHECK_EQ(jy_funnel_gaps_state_decode_header(bad, len, 3, &got, gw, &tstype, &n, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "any_order") != NULL);
	memset(bad + len - 16, 0, 16);
	CHECK_EQ(jy_funnel_gaps_state_decode_header(bad, len, 3, &got, gw, &tstype, &n, &why), JY_OK);
}

int
main(void)
{
	test_map_state();
	test_bits_from();
	test_funnel_bytes();
	test_funnel_round_trip();
	test_funnel_corrupt();
	test_funnel_gaps();
	test_counts();
	test_seq();
	test_node();
	test_state_times();
	return unit_summary("test_codec");
}
