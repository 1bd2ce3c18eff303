/*
 * test_journey.c -- unit tests of the journey codec, ISO timestamps,
 * varints and the journey readers
 *
 * Expected timestamps: PostgreSQL's own values (SELECT extract(epoch from
 * t) etc.), computed by hand and noted in comments.  Expected bytes: written
 * out from the format in docs/format.md.
 */
#include "unit.h"

#include "core/isotime.h"
#include "core/journey.h"
#include "core/varint.h"

#define US INT64_C(1000000)
#define DAY (INT64_C(86400) * US)

static void
test_varint(void)
{
	uint8_t		buf[16];
	uint64_t	vals[] = {0, 1, 127, 128, 300, UINT64_C(1) << 35, UINT64_MAX};
	size_t		i;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)
	{
		size_t		n = jy_varint_put(buf, vals[i]);
		const uint8_t *p = buf;
		uint64_t	v;

		CHECK_EQ(n, jy_varint_size(vals[i]));
		CHECK(jy_varint_get(&p, buf + n, &v) && v == vals[i] && p == buf + n);
		p = buf;
		CHECK(!jy_varint_get(&p, buf + n - 1, &v));	/* truncated */
	}
	/* 300 = 0xac 0x02 */
	CHECK_EQ(jy_varint_put(buf, 300), 2);
	CHECK(buf[0] == 0xac && buf[1] == 0x02);
	/* an over-long form of 1 (0x81 0x00) is rejected */
	{
		uint8_t		bad[] = {0x81, 0x00};
		uint8_t		big[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
		const uint8_t *p = bad;
		uint64_t	v;

		CHECK(!jy_varint_get(&p, bad + 2, &v));
		p = big;
		CHECK(!jy_varint_get(&p, big + 10, &v));	/* 65 bits */
	}
	CHECK_EQ(jy_zigzag(0), 0);
	CHECK_EQ(jy_zigzag(-1), 1);
	CHECK_EQ(jy_zigzag(1), 2);
	CHECK_EQ(jy_unzigzag(jy_zigzag(INT64_MIN)), INT64_MIN);
	CHECK_EQ(jy_unzigzag(jy_zigzag(INT64_MAX)), INT64_MAX);
}

static int64_t
parse(const char *s)
{
	int64_t		ts = 42;
	const char *err = jy_iso_parse(s, strlen(s), &ts);

	if (err != NULL)
	{
		fprintf(stderr, "parse(%s): %s\n", s, err);
		unit_failures++;
	}
	return ts;
}

static bool
parse_fails(const char *s)
{
	int64_t		ts;

	return jy_iso_parse(s, strlen(s), &ts) != NULL;
}

static void
test_isotime(void)
{
	char		buf[JY_ISO_MAXLEN];
	int			i;

	CHECK_EQ(parse("2000-01-01T00:00:00Z"), 0);
	/* 1970-01-01 is 10957 days before 2000-01-01 */
	CHECK_EQ(parse("1970-01-01T00:00:00Z"), -10957 * DAY);
	/* 2025-03-01 10:00 UTC: extract(epoch) 1740823200 - 946684800 */
	CHECK_EQ(parse("2025-03-01T10:00:00Z"), (INT64_C(1740823200) - INT64_C(946684800)) * US);
	CHECK_EQ(parse("2025-03-01 12:00:00+02:00"), parse("2025-03-01T10:00:00Z"));
	CHECK_EQ(parse("2025-03-01T05:30-0430"), parse("2025-03-01T10:00:00Z"));
	CHECK_EQ(parse("2025-03-01t10:00:00.5z"), parse("2025-03-01T10:00:00Z") + 500000);
	CHECK_EQ(parse("2024-02-29T00:00:00Z") + DAY, parse("2024-03-01T00:00:00Z"));
	CHECK_EQ(parse("2000-01-01T24:00:00Z"), DAY);
	CHECK_EQ(parse("infinity"), INT64_MAX);
	CHECK_EQ(parse("-Infinity"), INT64_MIN);
	/* year 0 is 1 BC; 0000-12-31 is 730120 days before 2000-01-01 */
	CHECK_EQ(parse("0000-12-31T00:00:00Z"), -730120 * DAY);
	CHECK_EQ(parse("-0001-01-01T00:00:00Z"), parse("0000-01-01T00:00:00Z") - 365 * DAY);
	CHECK_EQ(parse("+10000-01-01T00:00:00Z"), parse("9999-01-01T00:00:00Z") + 365 * DAY);

	CHECK(parse_fails("2025-03-01T10:00:00"));	/* no zone */
	CHECK(parse_fails("2025-02-29T10:00:00Z"));
	CHECK(parse_fails("2025-13-01T10:00:00Z"));
	CHECK(parse_fails("2025-03-01T25:00:00Z"));
	CHECK(parse_fails("2025-03-01T10:00:00.1234567Z"));
	CHECK(parse_fails("2025-03-01T10:00:00.Z"));
	CHECK(parse_fails("25-03-01T10:00:00Z"));
	CHECK(parse_fails("2025-03-01"));
	CHECK(parse_fails("2025-03-01T10:00:00Zjunk"));
	CHECK(parse_fails("2025-03-01T10:00:00+16:00"));
	CHECK(parse_fails("300000-01-01T00:00:00Z"));	/* beyond PostgreSQL's range */
	CHECK(parse_fails("-5000-01-01T00:00:00Z"));
	CHECK(parse_fails(""));

	CHECK_EQ(jy_iso_format(0, buf), 20);
	CHECK(strcmp(buf, "2000-01-01T00:00:00Z") == 0);
	jy_iso_format(parse("2025-03-01T10:00:00.250Z"), buf);
	CHECK(strcmp(buf, "2025-03-01T10:00:00.25Z") == 0);
	jy_iso_format(parse("2025-03-01T10:00:00.000001Z"), buf);
	CHECK(strcmp(buf, "2025-03-01T10:00:00.000001Z") == 0);
	jy_iso_format(INT64_MIN, buf);
	CHECK(strcmp(buf, "-infinity") == 0);
	jy_iso_format(parse("-0044-03-15T12:00:00Z"), buf);
	CHECK(strcmp(buf, "-0044-03-15T12:00:00Z") == 0);
	jy_iso_format(parse("+10000-01-01T00:00:00Z"), buf);
	CHECK(strcmp(buf, "+10000-01-01T00:00:00Z") == 0);
	jy_iso_format(JY_TS_MIN, buf);
	CHECK(strcmp(buf, "-4713-11-24T00:00:00Z") == 0);	/* 4714 BC */

	/* format and parse are inverse over PostgreSQL's whole range */
	for (i = 0; i < 200000; i++)
	{
		int64_t		ts = (int64_t) ((uint64_t) JY_TS_MIN + unit_rand() % ((uint64_t) JY_TS_END - (uint64_t) JY_TS_MIN));
		int64_t		back = 0;
		size_t		n;

		if (i % 3 == 0)
			ts -= ts % US;		/* whole seconds too */
		n = jy_iso_format(ts, buf);
		CHECK(jy_iso_parse(buf, n, &back) == NULL);
		CHECK_EQ(back, ts);
	}
}

/* Encode a builder into a malloc'd buffer */
static uint8_t *
encode(JyJourneyBuilder *b, size_t *len)
{
	uint8_t    *out = NULL;

	CHECK_EQ(jy_builder_encode(b, &unit_mem, 0, &out, len), JY_OK);
	return out;
}

static bool check_trusted(const uint8_t *in, size_t len);

static void
add(JyJourneyBuilder *b, int64_t ts, const char *label)
{
	CHECK_EQ(jy_builder_add(b, &unit_mem, ts, label, (uint32_t) strlen(label)), JY_OK);
}

static void
test_bytes(void)
{
	JyJourneyBuilder b;
	size_t		len;
	uint8_t    *out;
	JyJourney	j;
	const char *why;

	/*
	 * visit@120 s, view@240 s, visit@240 s (inserted in another order): scale
	 * 10^6, ties by label (view < visit), labels by first appearance
	 * (visit 0, view 1).  Version 2: n 3, L 2 and scale 6 as 2 << 3 | 6 =
	 * 0x16; "visit" packed (5 << 1 | 1 = 0x0b, then the 6-bit codes 59 46 56
	 * 46 57 least significant bit first: bb 8b bb 39), "view" (0x09, codes
	 * 59 46 42 60: bb ab f2); first 120 zigzag 240 = 0xf0 0x01, deltas 120 0;
	 * ids 0 1 0 one bit each: 0x02.
	 */
	static const uint8_t expect[] = {
		2, 3, 0x16, 0x0b, 0xbb, 0x8b, 0xbb, 0x39, 0x09, 0xbb, 0xab, 0xf2,
		0xf0, 0x01, 120, 0, 0x02
	};

	/*
	 * The same in version 1: n 3, L 2, "visit", "view" as bytes, scale 6,
	 * the timestamps, ids 0 1 0 as varints
	 */
	static const uint8_t expect1[] = {
		1, 3, 2, 5, 'v', 'i', 's', 'i', 't', 4, 'v', 'i', 'e', 'w', 6,
		0xf0, 0x01, 120, 0, 0, 1, 0
	};

	jy_builder_init(&b);
	add(&b, 240 * US, "visit");
	add(&b, 120 * US, "visit");
	add(&b, 240 * US, "view");
	out = encode(&b, &len);
	CHECK_EQ(len, sizeof(expect));
	CHECK(len == sizeof(expect) && memcmp(out, expect, sizeof(expect)) == 0);
	CHECK_EQ(jy_journey_decode(out, len, &unit_mem, &j, &why), JY_OK);
	CHECK_EQ(j.n, 3);
	CHECK_EQ(j.ts[0], 120 * US);
	CHECK_EQ(j.ts[2], 240 * US);
	CHECK(j.label[1] == 1 && j.label[2] == 0);
	CHECK(j.label_len[0] == 5 && memcmp(j.label_text[0], "visit", 5) == 0);
	CHECK(j.label_len[1] == 4 && memcmp(j.label_text[1], "view", 4) == 0);
	jy_journey_free(&j, &unit_mem);
	free(out);
	/* version 1: its bytes, and the same touches decoded */
	CHECK_EQ(jy_builder_encode_version(&b, &unit_mem, 0, 1, &out, &len), JY_OK);
	CHECK(len == sizeof(expect1) && memcmp(out, expect1, sizeof(expect1)) == 0);
	free(out);
	{
		JyJourney	j1;

		CHECK_EQ(jy_journey_decode(expect1, sizeof(expect1), &unit_mem, &j1, &why), JY_OK);
		CHECK_EQ(jy_journey_decode(expect, sizeof(expect), &unit_mem, &j, &why), JY_OK);
		CHECK(j1.n == j.n && j1.nlabels == j.nlabels);
		CHECK(memcmp(j1.ts, j.ts, sizeof(int64_t) * 3) == 0);
		CHECK(memcmp(j1.label, j.label, sizeof(uint32_t) * 3) == 0);
		CHECK(memcmp(j1.label_text[1], j.label_text[1], 4) == 0);
		jy_journey_free(&j1, &unit_mem);
		jy_journey_free(&j, &unit_mem);
	}
	jy_builder_free(&b, &unit_mem);

	/* the empty journey: version, n = 0 */
	jy_builder_init(&b);
	out = encode(&b, &len);
	CHECK(len == 2 && out[0] == 2 && out[1] == 0);
	CHECK_EQ(jy_journey_decode(out, len, &unit_mem, &j, &why), JY_OK);
	CHECK_EQ(j.n, 0);
	free(out);

	/*
	 * one label: no ids (0 bits each); microsecond timestamps: scale 0;
	 * "x" packed (0x03, code 61 = 0x3d)
	 */
	add(&b, 7, "x");
	add(&b, 9, "x");
	out = encode(&b, &len);
	{
		static const uint8_t e2[] = {2, 2, 1 << 3, 0x03, 0x3d, 14, 2};

		CHECK_EQ(len, sizeof(e2));
		CHECK(len == sizeof(e2) && memcmp(out, e2, sizeof(e2)) == 0);
	}
	free(out);
	jy_builder_free(&b, &unit_mem);

	/*
	 * labels that cannot be packed stay bytes ("a-b": 3 << 1 = 0x06; "" :
	 * 0x00), packable ones are packed ("Z9": 0x05, codes 36 10 = 0x24 0x0a
	 * -> a4 02); three labels take 2 bits a touch: ids 0 1 2 0 -> 0b00100100
	 * = 0x24; at scale 10^6, first 0, deltas 1 1 1 (seconds)
	 */
	jy_builder_init(&b);
	add(&b, 0, "");
	add(&b, US, "Z9");
	add(&b, 2 * US, "a-b");
	add(&b, 3 * US, "");
	out = encode(&b, &len);
	{
		static const uint8_t e3[] = {
			2, 4, 3 << 3 | 6, 0x00, 0x05, 0xa4, 0x02, 0x06, 'a', '-', 'b',
			0, 1, 1, 1, 0x24
		};

		CHECK_EQ(len, sizeof(e3));
		CHECK(len == sizeof(e3) && memcmp(out, e3, sizeof(e3)) == 0);
		CHECK(check_trusted(out, len));
	}
	free(out);
	jy_builder_free(&b, &unit_mem);
}

/*
 * The trusted readers over any bytes: jy_journey_read never reads out of
 * bounds (ASan) and gives label ids below nlabels and label texts inside
 * the input; on bytes the full decoder accepts, it and the peek readers
 * give exactly the decoder's values.  Returns whether the full decoder
 * accepted.
 */
static bool
check_trusted(const uint8_t *in, size_t len)
{
	JyJourney	full,
				read;
	const char *why = NULL;
	bool		ok = jy_journey_decode(in, len, &unit_mem, &full, &why) == JY_OK;
	JyStatus	rst = jy_journey_read(in, len, &unit_mem, &read, &why);
	uint32_t	i,
				n = 0,
				pn = 0;
	int64_t		first = 0,
				last = 0;
	JyStatus	cst = jy_journey_peek_count(in, len < JY_JOURNEY_COUNT_PREFIX ? len : JY_JOURNEY_COUNT_PREFIX,
											&n, &why);
	JyStatus	est = jy_journey_peek_ends(in, len, true, &pn, &first, &last, &why);

	if (rst == JY_OK)
	{
		for (i = 0; i < read.n; i++)
			CHECK(read.label[i] < read.nlabels);
		/* in the input, or unpacked into the decoded text (at most 4/3 of it) */
		for (i = 0; i < read.nlabels; i++)
			CHECK(((const uint8_t *) read.label_text[i] >= in &&
				   (const uint8_t *) read.label_text[i] + read.label_len[i] <= in + len) ||
				  (read.text != NULL && read.label_text[i] >= read.text &&
				   read.label_text[i] + read.label_len[i] <= read.text + len * 8 / 6 + 1));
	}
	else
		CHECK(rst == JY_ERR_CORRUPT && why != NULL);
	if (ok)
	{
		CHECK_EQ(rst, JY_OK);
		CHECK(read.n == full.n && read.nlabels == full.nlabels);
		if (read.n == full.n && read.nlabels == full.nlabels)
		{
			CHECK(full.n == 0 || memcmp(read.ts, full.ts, full.n * sizeof(int64_t)) == 0);
			CHECK(full.n == 0 || memcmp(read.label, full.label, full.n * sizeof(uint32_t)) == 0);
			for (i = 0; i < full.nlabels; i++)
				CHECK(read.label_len[i] == full.label_len[i] &&
					  (full.label_len[i] == 0 ||
					   memcmp(read.label_text[i], full.label_text[i], full.label_len[i]) == 0));
		}
		CHECK(cst == JY_OK && n == full.n);
		CHECK(est == JY_OK && pn == full.n);
		if (full.n > 0)
			CHECK(first == full.ts[0] && last == full.ts[full.n - 1]);
		jy_journey_free(&full, &unit_mem);
	}
	if (rst == JY_OK)
		jy_journey_free(&read, &unit_mem);
	return ok;
}

/* A random builder and its touches, for round trips */
static void
random_builder(JyJourneyBuilder *b, int64_t *ts, int *lab, uint32_t n, int nlabels)
{
	static const char *names[] = {"visit", "view", "cart", "buy", "", "é", "a\"b", "x\ny",
	"product_view.v2_Z", "a-b"};
	uint32_t	i;
	int64_t		unit = (int64_t[]) {1, 1000, US, 60 * US} [unit_below(4)];
	int64_t		base = (int64_t) (unit_rand() % (uint64_t) (2 * DAY * 365 * 50)) - DAY * 365 * 50;

	base -= base % unit;
	for (i = 0; i < n; i++)
	{
		ts[i] = base + (int64_t) unit_below(20) * unit * (unit_below(4) == 0 ? 1000 : 1);
		lab[i] = (int) unit_below((unsigned) nlabels);
		add(b, ts[i], names[lab[i]]);
	}
}

static void
test_round_trips(void)
{
	int			iter;

	for (iter = 0; iter < 20000; iter++)
	{
		JyJourneyBuilder a,
					b,
					c;
		int64_t		ts[40];
		int			lab[40];
		uint32_t	n = unit_below(40),
					i;
		uint8_t    *ea,
				   *eb,
				   *ec;
		size_t		la,
					lb,
					lc;
		JyJourney	j;
		const char *why;

		jy_builder_init(&a);
		jy_builder_init(&b);
		jy_builder_init(&c);
		random_builder(&a, ts, lab, n, 1 + (int) unit_below(10));
		/* the same touches in reverse order give the same bytes */
		for (i = n; i-- > 0;)
			CHECK_EQ(jy_builder_add(&b, &unit_mem, ts[i], a.dict.text + a.dict.off[a.touch[i].mask],
									a.dict.len[a.touch[i].mask]), JY_OK);
		ea = encode(&a, &la);
		eb = encode(&b, &lb);
		CHECK(la == lb && memcmp(ea, eb, la) == 0);
		/* decode, rebuild, re-encode: identical */
		CHECK_EQ(jy_journey_decode(ea, la, &unit_mem, &j, &why), JY_OK);
		CHECK_EQ(j.n, n);
		for (i = 1; i < j.n; i++)
			CHECK(j.ts[i - 1] <= j.ts[i]);
		CHECK_EQ(jy_builder_add_journey(&c, &unit_mem, &j), JY_OK);
		ec = encode(&c, &lc);
		CHECK(la == lc && memcmp(ea, ec, la) == 0);
		CHECK(check_trusted(ea, la));
		/* version 1 of the same touches: canonical, and decodes alike */
		{
			uint8_t    *e1,
					   *e1b;
			size_t		l1,
						l1b;
			JyJourney	j1;
			JyJourneyBuilder d;

			CHECK_EQ(jy_builder_encode_version(&a, &unit_mem, 0, 1, &e1, &l1), JY_OK);
			CHECK(check_trusted(e1, l1));
			CHECK_EQ(jy_journey_decode(e1, l1, &unit_mem, &j1, &why), JY_OK);
			CHECK(j1.n == j.n && j1.nlabels == j.nlabels);
			CHECK(j.n == 0 || memcmp(j1.ts, j.ts, j.n * sizeof(int64_t)) == 0);
			CHECK(j.n == 0 || memcmp(j1.label, j.label, j.n * sizeof(uint32_t)) == 0);
			for (i = 0; i < j.nlabels && j1.nlabels == j.nlabels; i++)
				CHECK(j1.label_len[i] == j.label_len[i] &&
					  (j.label_len[i] == 0 || memcmp(j1.label_text[i], j.label_text[i], j.label_len[i]) == 0));
			/* version 1 rebuilt gives version 2's bytes */
			jy_builder_init(&d);
			CHECK_EQ(jy_builder_add_journey(&d, &unit_mem, &j1), JY_OK);
			e1b = encode(&d, &l1b);
			CHECK(l1b == la && memcmp(e1b, ea, la) == 0);
			free(e1b);
			jy_builder_free(&d, &unit_mem);
			jy_journey_free(&j1, &unit_mem);
			free(e1);
		}
		/* encoding twice from one builder is stable */
		free(eb);
		eb = encode(&a, &lb);
		CHECK(la == lb && memcmp(ea, eb, la) == 0);
		/* merging a with itself doubles every touch */
		CHECK_EQ(jy_builder_add_builder(&b, &unit_mem, &a), JY_OK);
		CHECK_EQ(b.n, 2 * n);
		jy_journey_free(&j, &unit_mem);
		free(ea);
		free(eb);
		free(ec);
		jy_builder_free(&a, &unit_mem);
		jy_builder_free(&b, &unit_mem);
		jy_builder_free(&c, &unit_mem);
	}
}

/*
 * Touches over a shared dictionary (journey_agg): groups interleaved over
 * one dictionary encode to exactly the bytes a builder of their own gives,
 * with few labels or many (past the stack arrays and the linear scan),
 * and a decoded journey added through the shared dictionary too
 */
static void
test_shared(void)
{
	enum
	{
		GROUPS = 5, MAXN = 200
	};
	int			iter;

	for (iter = 0; iter < 300; iter++)
	{
		JySharedDict sd;
		JyJourneyBuilder b[GROUPS];
		JyEvent		ev[GROUPS][MAXN],
					ev2[MAXN];
		uint32_t	n[GROUPS] = {0},
					g,
					i,
					total = unit_below(GROUPS * MAXN),
					nlabels = 1 + unit_below(iter % 3 == 0 ? 150 : 6);
		char		name[24];

		jy_shared_init(&sd);
		for (g = 0; g < GROUPS; g++)
			jy_builder_init(&b[g]);
		for (i = 0; i < total; i++)
		{
			int64_t		ts = (int64_t) unit_below(50) * (iter % 2 ? US : 7);
			uint32_t	id,
						len;

			g = unit_below(GROUPS);
			if (n[g] == MAXN)
				continue;
			len = (uint32_t) snprintf(name, sizeof(name), unit_below(3) ? "l%u" : "l-%u",
									  unit_below(nlabels));
			add(&b[g], ts, name);
			CHECK_EQ(jy_shared_intern(&sd, &unit_mem, name, len, &id), JY_OK);
			ev[g][n[g]].ts = ts;
			ev[g][n[g]].mask = id;
			n[g]++;
		}
		for (g = 0; g < GROUPS; g++)
		{
			uint8_t    *e1,
					   *e2,
					   *e3;
			size_t		l1,
						l2,
						l3;
			JyJourney	j;
			const char *why;

			e1 = encode(&b[g], &l1);
			CHECK_EQ(jy_shared_encode(&sd, ev[g], n[g], &unit_mem, 0, &e2, &l2), JY_OK);
			CHECK(l1 == l2 && memcmp(e1, e2, l1) == 0);
			/* the scratch is clean again: encoding twice gives the same */
			free(e2);
			CHECK_EQ(jy_shared_encode(&sd, ev[g], n[g], &unit_mem, 0, &e2, &l2), JY_OK);
			CHECK(l1 == l2 && memcmp(e1, e2, l1) == 0);
			for (i = 0; i < sd.slotcap; i++)
				CHECK(sd.slot[i] == UINT32_MAX);
			/* a decoded journey through the shared dictionary */
			CHECK_EQ(jy_journey_decode(e1, l1, &unit_mem, &j, &why), JY_OK);
			CHECK_EQ(jy_shared_add_journey(&sd, &unit_mem, &j, ev2), JY_OK);
			CHECK_EQ(jy_shared_encode(&sd, ev2, j.n, &unit_mem, 0, &e3, &l3), JY_OK);
			CHECK(l1 == l3 && memcmp(e1, e3, l1) == 0);
			jy_journey_free(&j, &unit_mem);
			free(e1);
			free(e2);
			free(e3);
			jy_builder_free(&b[g], &unit_mem);
		}
		jy_shared_free(&sd, &unit_mem);
	}
}

/* Every byte mutation either fails cleanly or decodes to a canonical value */
static void
test_mutations(void)
{
	int			iter;
	int			failed = 0,
				decoded = 0;

	for (iter = 0; iter < 50000; iter++)
	{
		JyJourneyBuilder a,
					c;
		int64_t		ts[12];
		int			lab[12];
		uint8_t    *e,
				   *m2,
				   *ec;
		size_t		l,
					lc,
					ml;
		JyJourney	j;
		const char *why;
		int			k;

		jy_builder_init(&a);
		random_builder(&a, ts, lab, 1 + unit_below(12), 1 + (int) unit_below(4));
		e = encode(&a, &l);
		ml = l;
		if (unit_below(5) == 0 && ml > 1)
			ml -= 1 + unit_below((unsigned) ml - 1);	/* truncate */
		m2 = malloc(ml + 1);
		memcpy(m2, e, ml);
		for (k = 0; k < 1 + (int) unit_below(3); k++)
			m2[unit_below((unsigned) ml)] ^= (uint8_t) (1 + unit_below(255));
		(void) check_trusted(m2, ml);
		if (jy_journey_decode(m2, ml, &unit_mem, &j, &why) == JY_OK)
		{
			decoded++;
			jy_builder_init(&c);
			CHECK_EQ(jy_builder_add_journey(&c, &unit_mem, &j), JY_OK);
			/* canonical in its own version */
			CHECK_EQ(jy_builder_encode_version(&c, &unit_mem, 0, m2[0], &ec, &lc), JY_OK);
			CHECK(lc == ml && memcmp(ec, m2, ml) == 0);
			free(ec);
			jy_builder_free(&c, &unit_mem);
			jy_journey_free(&j, &unit_mem);
		}
		else
		{
			failed++;
			CHECK(why != NULL);
		}
		free(e);
		free(m2);
		jy_builder_free(&a, &unit_mem);
	}
	CHECK(failed > 1000 && decoded > 100);
}

/* One byte of a valid value replaced, and (part of) the reason it gives */
typedef struct Corruption
{
	int			at;
	uint8_t		value;
	const char *why;
} Corruption;

/* The full decoder refuses bad bytes with a reason containing expect */
static void
expect_corrupt(const uint8_t *bad, size_t len, const char *expect, size_t caseno)
{
	JyJourney	j;
	const char *why = NULL;

	CHECK_EQ(jy_journey_decode(bad, len, &unit_mem, &j, &why), JY_ERR_CORRUPT);
	if (why == NULL || strstr(why, expect) == NULL)
	{
		fprintf(stderr, "case %zu (%s): why = %s\n", caseno, expect, why ? why : "(null)");
		unit_failures++;
	}
}

/* The decoder's checks, one corruption each */
static void
test_corrupt(void)
{
	/* valid: 3 touches, labels visit/view, as in test_bytes */
	static const uint8_t good[] = {
		1, 3, 2, 5, 'v', 'i', 's', 'i', 't', 4, 'v', 'i', 'e', 'w', 6,
		0xf0, 0x01, 120, 0, 0, 1, 0
	};
	static const Corruption cases[] = {
		{0, 3, "version"},
		{0, 0, "version"},
		{1, 30, "count"},		/* more touches than bytes */
		{2, 0, "Label count"},
		{2, 4, "Label count"},	/* more labels than touches */
		{3, 100, "label does not fit"},
		{9, 5, "twice"},		/* "vieww"... shifts; see below */
		{14, 7, "scale"},
		{14, 5, "coarsest"},	/* all multiples of 10^6 at scale 5 */
		{19, 1, "first appearance"},	/* ids 1 1 0: first id must be 0 */
		{20, 0, "never used"},	/* ids 0 0 0 */
		{20, 2, "first appearance"},
		{18, 0, "label order"},	/* delta 0 puts visit@240 before view@240 ... */
	};
	size_t		i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		uint8_t		bad[sizeof(good)];

		memcpy(bad, good, sizeof(good));
		bad[cases[i].at] = cases[i].value;
		if (cases[i].at == 9)
		{
			/* a dictionary "visit", "visit" (the second label rewritten) */
			memcpy(bad + 9, "\5visit", 6);
		}
		if (cases[i].at == 18)
		{
			/* view@240 then visit@240 is the order; swap to visit, view */
			bad[19] = 0;
			bad[20] = 0;
			bad[21] = 1;
			bad[17] = 120;
			bad[18] = 0;
		}
		expect_corrupt(bad, sizeof(bad), cases[i].why, i);
	}
	/* trailing bytes, truncation, empty */
	{
		uint8_t		longer[sizeof(good) + 1];
		JyJourney	j;
		const char *why;

		memcpy(longer, good, sizeof(good));
		longer[sizeof(good)] = 0;
		CHECK_EQ(jy_journey_decode(longer, sizeof(longer), &unit_mem, &j, &why), JY_ERR_CORRUPT);
		CHECK(strstr(why, "after the end") != NULL);
		CHECK_EQ(jy_journey_decode(good, sizeof(good) - 1, &unit_mem, &j, &why), JY_ERR_CORRUPT);
		CHECK_EQ(jy_journey_decode(good, 1, &unit_mem, &j, &why), JY_ERR_CORRUPT);
		CHECK_EQ(jy_journey_decode(good, sizeof(good), &unit_mem, &j, &why), JY_OK);
		jy_journey_free(&j, &unit_mem);
	}
	/* timestamp overflow: a delta past INT64_MAX */
	{
		static const uint8_t ovf[] = {
			1, 2, 1, 1, 'x', 0, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
			0x02
		};
		JyJourney	j;
		const char *why;

		CHECK_EQ(jy_journey_decode(ovf, sizeof(ovf), &unit_mem, &j, &why), JY_ERR_CORRUPT);
		CHECK(strstr(why, "out of range") != NULL);
	}
}

/* The checks of version 2, one corruption each */
static void
test_corrupt_v2(void)
{
	/* valid: as in test_bytes */
	static const uint8_t good[] = {
		2, 3, 0x16, 0x0b, 0xbb, 0x8b, 0xbb, 0x39, 0x09, 0xbb, 0xab, 0xf2,
		0xf0, 0x01, 120, 0, 0x02
	};
	static const Corruption cases[] = {
		{0, 3, "version"},
		{1, 30, "count"},
		{2, 0x17, "scale"},		/* k = 7 */
		{2, 0x15, "coarsest"},	/* k = 5: all multiples of 10^6 */
		{2, 0x06, "Label count"},	/* L = 0 */
		{2, 0x26, "Label count"},	/* L = 4 > n */
		{3, 0x7f, "label does not fit"},
		{7, 0xb9, "padding"},	/* "visit": 30 bits, bit 31 set */
		{16, 0x0a, "padding"},	/* ids 0 1 0, bit 3 set */
		{16, 0x03, "first appearance"},	/* ids 1 1 0 */
		{16, 0x00, "never used"},	/* ids 0 0 0 */
		{16, 0x04, "label order"},	/* visit@240 before view@240 */
	};
	/* small values: a packable label as bytes, an empty packed label */
	static const uint8_t unpacked[] = {2, 1, 0x0e, 2, 'a', 0};
	static const uint8_t packed[] = {2, 1, 0x0e, 3, 0x26, 0};
	static const uint8_t empty_packed[] = {2, 1, 0x0e, 1, 0};
	static const uint8_t empty_bytes[] = {2, 1, 0x0e, 0, 0};
	size_t		i;
	JyJourney	j;
	const char *why = NULL;

	CHECK_EQ(jy_journey_decode(good, sizeof(good), &unit_mem, &j, &why), JY_OK);
	jy_journey_free(&j, &unit_mem);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		uint8_t		bad[sizeof(good)];

		memcpy(bad, good, sizeof(good));
		bad[cases[i].at] = cases[i].value;
		expect_corrupt(bad, sizeof(bad), cases[i].why, i);
		(void) check_trusted(bad, sizeof(bad));
	}
	/* a label length whose 6-bit size overflows (found by fuzz_decode) */
	{
		static const uint8_t huge[] = {
			2, 3, 0x16, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01,
			0x00, 0x01, 0xbb, 0x2f, 0xe6, 0xc7, 0x02, 0xe6
		};

		expect_corrupt(huge, sizeof(huge), "label does not fit", 102);
		CHECK(!check_trusted(huge, sizeof(huge)));
	}
	expect_corrupt(unpacked, sizeof(unpacked), "can be packed", 100);
	expect_corrupt(empty_packed, sizeof(empty_packed), "packed label is empty", 101);
	CHECK(check_trusted(packed, sizeof(packed)));
	CHECK(check_trusted(empty_bytes, sizeof(empty_bytes)));
	/* trailing bytes, truncation at every length */
	{
		uint8_t		longer[sizeof(good) + 1];

		memcpy(longer, good, sizeof(good));
		longer[sizeof(good)] = 0;
		CHECK_EQ(jy_journey_decode(longer, sizeof(longer), &unit_mem, &j, &why), JY_ERR_CORRUPT);
		CHECK(strstr(why, "after the end") != NULL);
		for (i = 0; i < sizeof(good); i++)
		{
			CHECK_EQ(jy_journey_decode(good, i, &unit_mem, &j, &why), JY_ERR_CORRUPT);
			CHECK(!check_trusted(good, i));
		}
	}
}

static void
test_readers(void)
{
	JyJourneyBuilder b;
	JyJourney	j;
	uint8_t    *e;
	size_t		l,
				ol;
	char	   *out;
	const char *why;
	uint32_t   *starts,
			   *pairs,
				ns,
				np;

	jy_builder_init(&b);
	add(&b, 0, "visit");
	add(&b, 60 * US, "view");
	add(&b, 120 * US, "view");
	add(&b, 3 * 3600 * US, "visit");
	add(&b, 3 * 3600 * US + 1, "buy\"now");
	e = encode(&b, &l);
	CHECK_EQ(jy_journey_decode(e, l, &unit_mem, &j, &why), JY_OK);

	CHECK_EQ(jy_journey_json(&j, &unit_mem, &out, &ol), JY_OK);
	CHECK(strcmp(out, "[[\"2000-01-01T00:00:00Z\", \"visit\"], [\"2000-01-01T00:01:00Z\", \"view\"], "
				 "[\"2000-01-01T00:02:00Z\", \"view\"], [\"2000-01-01T03:00:00Z\", \"visit\"], "
				 "[\"2000-01-01T03:00:00.000001Z\", \"buy\\\"now\"]]") == 0);
	CHECK_EQ(ol, strlen(out));
	free(out);

	CHECK_EQ(jy_journey_path(&j, 0, j.n, true, &unit_mem, &out, &ol), JY_OK);
	CHECK(strcmp(out, "visit > view > visit > buy\"now") == 0);
	free(out);
	CHECK_EQ(jy_journey_path(&j, 0, j.n, false, &unit_mem, &out, &ol), JY_OK);
	CHECK(strcmp(out, "visit > view > view > visit > buy\"now") == 0);
	free(out);
	CHECK_EQ(jy_journey_path(&j, 1, 1, true, &unit_mem, &out, &ol), JY_OK);
	CHECK(ol == 0 && out[0] == '\0');
	free(out);

	/* prefixes: visit | view view | visit | buy"now (collapsed steps) */
	CHECK_EQ(jy_journey_prefix_end(&j, 0, true), 0);
	CHECK_EQ(jy_journey_prefix_end(&j, 1, true), 1);
	CHECK_EQ(jy_journey_prefix_end(&j, 2, true), 3);
	CHECK_EQ(jy_journey_prefix_end(&j, 3, true), 4);
	CHECK_EQ(jy_journey_prefix_end(&j, 9, true), 5);
	CHECK_EQ(jy_journey_prefix_end(&j, 2, false), 2);
	CHECK_EQ(jy_journey_prefix_end(&j, 3, false), 3);
	CHECK_EQ(jy_journey_path(&j, 0, jy_journey_prefix_end(&j, 2, true), true,
							 &unit_mem, &out, &ol), JY_OK);
	CHECK(strcmp(out, "visit > view") == 0);
	free(out);

	CHECK_EQ(jy_journey_find_label(&j, "view", 4), 1);
	CHECK_EQ(jy_journey_find_label(&j, "vie", 3), -1);

	/* sessions with a 30 minute gap: [0,3) and [3,5) */
	CHECK_EQ(jy_journey_sessions(&j, 1800 * US, &unit_mem, &starts, &ns), JY_OK);
	CHECK_EQ(ns, 2);
	CHECK(starts[0] == 0 && starts[1] == 3 && starts[2] == 5);
	free(starts);
	/* a gap exactly equal to the limit does not split: 60 s gaps, limit 60 s */
	CHECK_EQ(jy_journey_sessions(&j, 60 * US, &unit_mem, &starts, &ns), JY_OK);
	CHECK_EQ(ns, 2);
	free(starts);

	/* transitions: visit>view 1, view>view 1, view>visit 1, visit>buy 1 */
	CHECK_EQ(jy_journey_transitions(&j, &unit_mem, &pairs, &np), JY_OK);
	CHECK_EQ(np, 4);
	CHECK(pairs[0] == 0 && pairs[1] == 1 && pairs[2] == 1);
	CHECK(pairs[3] == 1 && pairs[4] == 1 && pairs[5] == 1);
	free(pairs);

	jy_journey_free(&j, &unit_mem);
	free(e);
	jy_builder_free(&b, &unit_mem);

	/* a long journey with repeats: transition counts add up to n - 1 */
	{
		int			i;
		uint32_t	total = 0;

		jy_builder_init(&b);
		for (i = 0; i < 5000; i++)
			add(&b, i, (const char *[]) {"a", "b", "c"} [unit_below(3)]);
		e = encode(&b, &l);
		CHECK_EQ(jy_journey_decode(e, l, &unit_mem, &j, &why), JY_OK);
		CHECK_EQ(jy_journey_transitions(&j, &unit_mem, &pairs, &np), JY_OK);
		CHECK(np <= 9);
		for (i = 0; i < (int) np; i++)
			total += pairs[3 * i + 2];
		CHECK_EQ(total, 4999);
		free(pairs);
		jy_journey_free(&j, &unit_mem);
		free(e);
		jy_builder_free(&b, &unit_mem);
	}
}

/* A dictionary past the linear-scan size switches to hashing */
static void
test_many_labels(void)
{
	JyJourneyBuilder b;
	char		name[16];
	int			i;
	uint8_t    *e;
	size_t		l;
	JyJourney	j;
	const char *why;

	jy_builder_init(&b);
	for (i = 0; i < 3000; i++)
	{
		snprintf(name, sizeof(name), "e%d", i % 1000);
		add(&b, i, name);
	}
	CHECK_EQ(b.dict.n, 1000);
	e = encode(&b, &l);
	CHECK_EQ(jy_journey_decode(e, l, &unit_mem, &j, &why), JY_OK);
	CHECK_EQ(j.nlabels, 1000);
	CHECK(j.label_len[j.label[2999]] == 4 && memcmp(j.label_text[j.label[2999]], "e999", 4) == 0);
	jy_journey_free(&j, &unit_mem);
	free(e);
	jy_builder_free(&b, &unit_mem);
}

/*
 * Timestamps far apart: a delta above INT64_MAX (from a very negative
 * timestamp to a very positive one) encodes and decodes exactly; a
 * fuzzer-found input with such a delta decodes without overflow.
 */
static void
test_wide_deltas(void)
{
	static const uint8_t fuzzed[] = {
		0x01, 0x0c, 0x01, 0x00, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x04, 0xdf, 0x02, 0x81, 0x8b, 0x8b, 0x8b, 0x8b, 0x01, 0x00, 0x01, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0c, 0xdf, 0x06, 0x81, 0x8b, 0x8b, 0x8b,
		0x8b, 0x8b, 0x8b, 0x8b, 0x8b, 0x8b, 0x8c, 0xdf
	};
	JyJourneyBuilder b;
	JyJourney	j;
	const char *why = NULL;
	uint8_t    *e;
	size_t		l;
	JyStatus	st;

	/* -infinity to infinity: a delta of 2^64 - 1 */
	jy_builder_init(&b);
	add(&b, JY_TS_NOBEGIN, "a");
	add(&b, JY_TS_NOEND, "b");
	e = encode(&b, &l);
	CHECK_EQ(jy_journey_decode(e, l, &unit_mem, &j, &why), JY_OK);
	CHECK(j.n == 2 && j.ts[0] == JY_TS_NOBEGIN && j.ts[1] == JY_TS_NOEND);
	jy_journey_free(&j, &unit_mem);
	CHECK(check_trusted(e, l));
	free(e);
	jy_builder_free(&b, &unit_mem);

	/*
	 * -9e18 .. 9e18 microseconds: a well-formed encoding, but outside
	 * timestamptz's range: the full decoder refuses it, the trusted reader
	 * (which a door never handed such bytes) reads the values back
	 */
	jy_builder_init(&b);
	add(&b, INT64_C(-9000000000000000000), "a");
	add(&b, INT64_C(9000000000000000000), "b");
	e = encode(&b, &l);
	CHECK_EQ(jy_journey_decode(e, l, &unit_mem, &j, &why), JY_ERR_CORRUPT);
	CHECK(strstr(why, "range of timestamptz") != NULL);
	CHECK_EQ(jy_journey_read(e, l, &unit_mem, &j, &why), JY_OK);
	CHECK(j.n == 2 && j.ts[0] == INT64_C(-9000000000000000000) &&
		  j.ts[1] == INT64_C(9000000000000000000));
	jy_journey_free(&j, &unit_mem);
	free(e);
	jy_builder_free(&b, &unit_mem);

	st = jy_journey_decode(fuzzed, sizeof(fuzzed), &unit_mem, &j, &why);
	CHECK(st == JY_OK || (st == JY_ERR_CORRUPT && why != NULL));
	if (st == JY_OK)
		jy_journey_free(&j, &unit_mem);
}

/*
 * The full decoder accepts exactly the timestamps timestamptz holds (and
 * jy_iso_parse accepts): the finite range and the infinities.  Each value
 * alone and after an ordinary touch, so both the first timestamp and a
 * delta are checked.  Accepted values round-trip through their text form.
 */
static void
test_ts_range(void)
{
	int64_t		cases[] = {
		JY_TS_MIN, JY_TS_MIN - 1, JY_TS_END - 1, JY_TS_END,
		JY_TS_END + INT64_C(8) * DAY,	/* +294277-01-09, the value */
		JY_TS_NOBEGIN, JY_TS_NOEND, JY_TS_NOBEGIN + 1, JY_TS_NOEND - 1,
		JY_TS_MIN - DAY, 0
	};
	size_t		c;
	int			alone;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		for (alone = 0; alone < 2; alone++)
		{
			JyJourneyBuilder b;
			JyJourney	j;
			const char *why = NULL;
			uint8_t    *e;
			size_t		l;
			bool		valid = jy_ts_valid(cases[c]);
			char		iso[JY_ISO_MAXLEN];
			int64_t		back;
			size_t		il = jy_iso_format(cases[c], iso);

			/* text input accepts what the decoder accepts, and no more */
			CHECK_EQ(jy_iso_parse(iso, il, &back) == NULL, valid);
			if (valid)
				CHECK_EQ(back, cases[c]);
			jy_builder_init(&b);
			if (!alone)
				add(&b, 0, "a");
			add(&b, cases[c], "b");
			e = encode(&b, &l);
			CHECK_EQ(jy_journey_decode(e, l, &unit_mem, &j, &why), valid ? JY_OK : JY_ERR_CORRUPT);
			if (valid)
				jy_journey_free(&j, &unit_mem);
			else
				CHECK(why != NULL && strstr(why, "range of timestamptz") != NULL);
			free(e);
			jy_builder_free(&b, &unit_mem);
		}
	CHECK(jy_ts_valid(JY_TS_MIN) && !jy_ts_valid(JY_TS_MIN - 1));
	CHECK(jy_ts_valid(JY_TS_END - 1) && !jy_ts_valid(JY_TS_END));
}

/* An allocator that refuses anything above 1 MB (out of memory) */
static void *
small_alloc(void *arg, size_t size)
{
	(void) arg;
	return size > (1 << 20) ? NULL : malloc(size);
}

static void *
small_resize(void *arg, void *ptr, size_t size)
{
	(void) arg;
	return size > (1 << 20) ? NULL : realloc(ptr, size);
}

static const JyMem small_mem = {small_alloc, small_resize, unit_release, NULL, NULL};

/*
 * The limits of one journey each have their own status, so that the error
 * names the limit reached: touches, distinct labels, label bytes.  The
 * builders are set up at the limit by hand (nothing large is allocated:
 * every check comes before the allocation it guards).
 */
static void
test_limits(void)
{
	JyJourneyBuilder b;
	char		label[8] = "abc";
	uint32_t	one_slot = 0;
	JyHashSlot	free_slot = {0, 0};

	/* touches: JY_MAX_TOUCHES already there */
	jy_builder_init(&b);
	b.touch = (JyEvent *) &one_slot;	/* never written: the check comes first */
	b.n = b.cap = JY_MAX_TOUCHES;
	CHECK_EQ(jy_builder_add(&b, &unit_mem, 0, "x", 1), JY_ERR_TOO_MANY_TOUCHES);
	b.touch = NULL;
	b.n = b.cap = 0;
	jy_builder_free(&b, &unit_mem);

	/* distinct labels: a dictionary at JY_MAX_TOUCHES labels, one hash slot */
	jy_builder_init(&b);
	b.dict.n = b.dict.cap = JY_MAX_TOUCHES;
	b.dict.hash.slots = &free_slot;	/* one free slot: the new label is not found */
	b.dict.hash.mask = 0;
	b.dict.hash.n = JY_MAX_TOUCHES;
	b.dict.off = b.dict.len = &one_slot;
	CHECK_EQ(jy_builder_add(&b, &unit_mem, 0, "x", 1), JY_ERR_TOO_MANY_LABELS);
	jy_builder_init(&b);

	/*
	 * label bytes: a first label longer than JY_MAX_ALLOC (its bytes are
	 * never read: an empty dictionary compares lengths first)
	 */
	jy_builder_init(&b);
	CHECK_EQ(jy_builder_add(&b, &unit_mem, 0, label, (uint32_t) JY_MAX_ALLOC + 1),
			 JY_ERR_LABELS_TOO_LONG);
	jy_builder_free(&b, &unit_mem);

	/*
	 * 768 MB of labels is within the limit: the dictionary asks the
	 * allocator for it (which refuses here) instead of stopping at the
	 * doubling past 512 MB
	 */
	jy_builder_init(&b);
	CHECK_EQ(jy_builder_add(&b, &small_mem, 0, label, UINT32_C(768) << 20),
			 JY_ERR_OUT_OF_MEMORY);
	jy_builder_free(&b, &unit_mem);
}

/* The long loops over touches call the interrupt hook */
static void
test_interrupts(void)
{
	JyJourneyBuilder b;
	JyJourney	j;
	const char *why;
	uint8_t    *e;
	size_t		l,
				ol;
	char	   *out;
	uint32_t   *starts,
			   *pairs,
				ns,
				np;
	uint32_t	i;
	int			before;

	jy_builder_init(&b);
	for (i = 0; i < 3 * JY_INTERRUPT_EVERY; i++)
	{
		char		name[16];

		snprintf(name, sizeof(name), "l%u", i % 5);
		add(&b, (int64_t) i * US, name);
	}
	before = unit_interrupts;
	e = encode(&b, &l);
	CHECK(unit_interrupts >= before + 3);
	before = unit_interrupts;
	CHECK_EQ(jy_journey_decode(e, l, &unit_mem, &j, &why), JY_OK);
	CHECK(unit_interrupts >= before + 3);
	jy_journey_free(&j, &unit_mem);
	before = unit_interrupts;
	CHECK_EQ(jy_journey_read(e, l, &unit_mem, &j, &why), JY_OK);
	CHECK(unit_interrupts >= before + 3);
	before = unit_interrupts;
	CHECK_EQ(jy_journey_path(&j, 0, j.n, false, &unit_mem, &out, &ol), JY_OK);
	free(out);
	CHECK(unit_interrupts >= before + 3);
	before = unit_interrupts;
	CHECK_EQ(jy_journey_json(&j, &unit_mem, &out, &ol), JY_OK);
	free(out);
	CHECK(unit_interrupts >= before + 3);
	before = unit_interrupts;
	CHECK_EQ(jy_journey_sessions(&j, US, &unit_mem, &starts, &ns), JY_OK);
	free(starts);
	CHECK(unit_interrupts >= before + 3);
	before = unit_interrupts;
	CHECK_EQ(jy_journey_transitions(&j, &unit_mem, &pairs, &np), JY_OK);
	free(pairs);
	CHECK(unit_interrupts >= before + 3);
	jy_builder_free(&b, &unit_mem);
	jy_builder_init(&b);
	before = unit_interrupts;
	CHECK_EQ(jy_builder_add_journey(&b, &unit_mem, &j), JY_OK);
	CHECK(unit_interrupts >= before + 3);
	jy_journey_free(&j, &unit_mem);
	jy_builder_free(&b, &unit_mem);
	free(e);
}

int
main(void)
{
	test_varint();
	test_isotime();
	test_bytes();
	test_round_trips();
	test_mutations();
	test_corrupt();
	test_corrupt_v2();
	test_shared();
	test_wide_deltas();
	test_readers();
	test_many_labels();
	test_ts_range();
	test_limits();
	test_interrupts();
	return unit_summary("test_journey");
}
