/*
 * test_rfm_summary.c -- unit tests of the rfm_summary: adding orders,
 * merging, exact decimal totals, recency, and the codec (round trips and
 * every rejection)
 */
#include "unit.h"

#include <math.h>

#include "core/codec.h"
#include "core/isotime.h"
#include "core/rfm.h"

/* Encode s into w (initialised here); the caller frees it */
static void
encode(JyWriter *w, const JyRfmSummary *s)
{
	jy_writer_init(w, &unit_mem);
	jy_rfm_summary_encode(w, s);
	CHECK_EQ(w->status, JY_OK);
}

/* Do two summaries hold the same orders? */
static bool
same(const JyRfmSummary *a, const JyRfmSummary *b)
{
	if (a->amount != b->amount || a->orders != b->orders)
		return false;
	if (a->orders == 0)
		return true;
	return a->first == b->first && a->last == b->last &&
		(a->amount == JY_RFM_AMOUNT_FLOAT8
		 ? memcmp(&a->total, &b->total, sizeof(double)) == 0
		 : a->units == b->units && a->scale == b->scale);
}

/* Encode, decode, compare, and encode again to the same bytes */
static void
round_trip(const JyRfmSummary *s)
{
	JyWriter	w,
				w2;
	JyRfmSummary d;
	const char *why = NULL;

	encode(&w, s);
	CHECK_EQ(jy_rfm_summary_decode(w.buf, w.len, &d, &why), JY_OK);
	CHECK(same(s, &d));
	encode(&w2, &d);
	CHECK(w2.len == w.len && memcmp(w.buf, w2.buf, w.len) == 0);
	jy_writer_free(&w);
	jy_writer_free(&w2);
}

/* Bytes given in hex into buf (room for 64); returns their number */
static size_t
from_hex(const char *hex, uint8_t *buf)
{
	size_t		n = strlen(hex) / 2,
				i;

	for (i = 0; i < n && i < 64; i++)
	{
		unsigned	x = 0;

		sscanf(hex + 2 * i, "%2x", &x);
		buf[i] = (uint8_t) x;
	}
	return i;
}

/* Decoding bytes given in hex fails with a reason */
static void
rejects(const char *hex, const char *reason)
{
	uint8_t		buf[64];
	size_t		n = from_hex(hex, buf);
	JyRfmSummary s;
	const char *why = NULL;

	CHECK_EQ(jy_rfm_summary_decode(buf, n, &s, &why), JY_ERR_CORRUPT);
	CHECK(why != NULL && strstr(why, reason) != NULL);
	if (why == NULL || strstr(why, reason) == NULL)
		fprintf(stderr, "  %s: %s, expected %s\n", hex, why ? why : "(null)", reason);
}

/* Do bytes given in hex decode, to a summary whose last order is infinity? */
static bool
accepts_infinite_last(const char *hex)
{
	uint8_t		buf[64];
	size_t		n = from_hex(hex, buf);
	JyRfmSummary s;
	const char *why = NULL;

	return jy_rfm_summary_decode(buf, n, &s, &why) == JY_OK && s.last == JY_TS_NOEND;
}

/* Orders of float8 amounts: times, count, total; NULL amounts count 0 */
static void
test_float(void)
{
	JyRfmSummary s;

	jy_rfm_summary_init(&s, JY_RFM_AMOUNT_FLOAT8);
	round_trip(&s);
	CHECK_EQ(jy_rfm_add_float(&s, 100, 2.5), JY_RFM_OK);
	CHECK_EQ(jy_rfm_add_float(&s, 50, 0), JY_RFM_OK);
	CHECK_EQ(jy_rfm_add_float(&s, 70, 1), JY_RFM_OK);
	CHECK(s.orders == 3 && s.first == 50 && s.last == 100 && s.total == 3.5);
	CHECK(jy_rfm_monetary(&s) == 3.5);
	round_trip(&s);
	/* the extremes of timestamptz, infinities included */
	CHECK_EQ(jy_rfm_add_float(&s, JY_TS_NOBEGIN, NAN), JY_RFM_OK);
	CHECK_EQ(jy_rfm_add_float(&s, JY_TS_NOEND, 1), JY_RFM_OK);
	CHECK(s.first == JY_TS_NOBEGIN && s.last == JY_TS_NOEND && isnan(s.total));
	round_trip(&s);
}

/* Decimal parsing as numeric_out writes, and exact totals */
static void
test_decimal(void)
{
	int64_t		u = 0;
	int			sc = 0;
	JyRfmSummary s,
				t;

	CHECK_EQ(jy_rfm_parse_decimal("12.50", 5, &u, &sc), JY_RFM_OK);
	CHECK(u == 125 && sc == 1);
	CHECK_EQ(jy_rfm_parse_decimal("-0.00", 5, &u, &sc), JY_RFM_OK);
	CHECK(u == 0 && sc == 0);
	CHECK_EQ(jy_rfm_parse_decimal("100", 3, &u, &sc), JY_RFM_OK);
	CHECK(u == 100 && sc == 0);
	CHECK_EQ(jy_rfm_parse_decimal("-9223372036854775808", 20, &u, &sc), JY_RFM_OK);
	CHECK(u == INT64_MIN && sc == 0);
	CHECK_EQ(jy_rfm_parse_decimal("9223372036854775808", 19, &u, &sc), JY_RFM_OVERFLOW);
	CHECK_EQ(jy_rfm_parse_decimal("9223372036854775807", 19, &u, &sc), JY_RFM_OK);
	CHECK_EQ(jy_rfm_parse_decimal("0.000000000000000001", 20, &u, &sc), JY_RFM_OK);
	CHECK(u == 1 && sc == 18);
	CHECK_EQ(jy_rfm_parse_decimal("0.0000000000000000001", 21, &u, &sc), JY_RFM_OVERFLOW);
	CHECK_EQ(jy_rfm_parse_decimal("NaN", 3, &u, &sc), JY_RFM_NOT_FINITE);
	CHECK_EQ(jy_rfm_parse_decimal("Infinity", 8, &u, &sc), JY_RFM_NOT_FINITE);
	CHECK_EQ(jy_rfm_parse_decimal("-Infinity", 9, &u, &sc), JY_RFM_NOT_FINITE);
	CHECK_EQ(jy_rfm_parse_decimal("", 0, &u, &sc), JY_RFM_NOT_FINITE);

	/* 0.1 + 0.2 is exactly 0.3, which rounds to the double 0.3 */
	jy_rfm_summary_init(&s, JY_RFM_AMOUNT_NUMERIC);
	CHECK_EQ(jy_rfm_add_decimal(&s, 1, 1, 1), JY_RFM_OK);
	CHECK_EQ(jy_rfm_add_decimal(&s, 2, 2, 1), JY_RFM_OK);
	CHECK(s.units == 3 && s.scale == 1);
	CHECK(jy_rfm_monetary(&s) == 0.3);
	/* 12.50 + 0.50 normalises to 13 at scale 0 */
	jy_rfm_summary_init(&t, JY_RFM_AMOUNT_NUMERIC);
	CHECK_EQ(jy_rfm_add_decimal(&t, 5, 1250, 2), JY_RFM_OK);
	CHECK_EQ(jy_rfm_add_decimal(&t, 6, 5, 1), JY_RFM_OK);
	CHECK(t.units == 13 && t.scale == 0);
	round_trip(&t);
	CHECK(jy_rfm_monetary(&t) == 13);
	/* negative totals and small fractions */
	CHECK_EQ(jy_rfm_add_decimal(&t, 7, -1305, 2), JY_RFM_OK);
	CHECK(t.units == -5 && t.scale == 2 && jy_rfm_monetary(&t) == -0.05);
	round_trip(&t);
	/* overflow leaves the summary unchanged */
	jy_rfm_summary_init(&s, JY_RFM_AMOUNT_NUMERIC);
	CHECK_EQ(jy_rfm_add_decimal(&s, 1, INT64_MAX, 0), JY_RFM_OK);
	CHECK_EQ(jy_rfm_add_decimal(&s, 2, 1, 0), JY_RFM_OVERFLOW);
	CHECK_EQ(jy_rfm_add_decimal(&s, 2, 1, 1), JY_RFM_OVERFLOW);
	CHECK(s.orders == 1 && s.units == INT64_MAX && s.last == 1);
	CHECK_EQ(jy_rfm_add_decimal(&s, 2, 1, 19), JY_RFM_OVERFLOW);
	/* a decimal beyond 2^53 rounds once, to nearest */
	CHECK(jy_rfm_monetary(&s) == 9223372036854775807.0);
	round_trip(&s);
}

/* Merging: min first, max last, sums; mixed amount types refused */
static void
test_merge(void)
{
	JyRfmSummary a,
				b,
				e,
				f;

	jy_rfm_summary_init(&a, JY_RFM_AMOUNT_NUMERIC);
	jy_rfm_summary_init(&b, JY_RFM_AMOUNT_NUMERIC);
	jy_rfm_summary_init(&e, JY_RFM_AMOUNT_NUMERIC);
	jy_rfm_summary_init(&f, JY_RFM_AMOUNT_FLOAT8);
	CHECK_EQ(jy_rfm_add_decimal(&a, 10, 15, 1), JY_RFM_OK);
	CHECK_EQ(jy_rfm_add_decimal(&a, 30, 1, 0), JY_RFM_OK);
	CHECK_EQ(jy_rfm_add_decimal(&b, 5, 25, 2), JY_RFM_OK);
	CHECK_EQ(jy_rfm_add_decimal(&b, 20, 25, 2), JY_RFM_OK);
	/* an empty summary changes nothing, either way */
	CHECK_EQ(jy_rfm_merge(&a, &e), JY_RFM_OK);
	CHECK(a.orders == 2 && a.first == 10 && a.last == 30 && a.units == 25 && a.scale == 1);
	CHECK_EQ(jy_rfm_merge(&e, &b), JY_RFM_OK);
	CHECK(same(&e, &b));
	CHECK_EQ(jy_rfm_merge(&a, &b), JY_RFM_OK);
	/* 2.5 + 0.5 = 3 */
	CHECK(a.orders == 4 && a.first == 5 && a.last == 30 && a.units == 3 && a.scale == 0);
	CHECK_EQ(jy_rfm_merge(&a, &f), JY_RFM_MIXED);
	CHECK_EQ(jy_rfm_merge(&f, &a), JY_RFM_MIXED);
	/* overflow of the total leaves the target unchanged */
	jy_rfm_summary_init(&b, JY_RFM_AMOUNT_NUMERIC);
	CHECK_EQ(jy_rfm_add_decimal(&b, 1, INT64_MAX, 0), JY_RFM_OK);
	e = a;
	CHECK_EQ(jy_rfm_merge(&a, &b), JY_RFM_OVERFLOW);
	CHECK(same(&a, &e));
}

/* Recency in days, exactly as extract(epoch ...)::float8 / 86400 */
static void
test_recency(void)
{
	double		d = 0;
	int64_t		day = INT64_C(86400000000);

	CHECK(jy_rfm_recency_days(day * 3, day, &d) && d == 2);
	CHECK(jy_rfm_recency_days(day, day * 3 / 2, &d) && d == -0.5);
	CHECK(jy_rfm_recency_days(7, 7, &d) && d == 0 && !signbit(d));
	/* one microsecond: 0.000001 s rounded once, then divided */
	CHECK(jy_rfm_recency_days(1, 0, &d) && d == 0.000001 / 86400);
	/* the whole finite range: no overflow */
	CHECK(jy_rfm_recency_days(JY_TS_END - 1, JY_TS_MIN, &d) && d > 1.09e8 && d < 1.1e8);
	CHECK(jy_rfm_recency_days(JY_TS_MIN, JY_TS_END - 1, &d) && d < -1.09e8);
	CHECK(!jy_rfm_recency_days(JY_TS_NOEND, 0, &d));
	CHECK(!jy_rfm_recency_days(0, JY_TS_NOBEGIN, &d));
}

/* The layout of docs/format.md, and every rejection */
static void
test_codec(void)
{
	JyRfmSummary s;
	JyWriter	w;
	static const uint8_t want[] = {'J', 'S', 4, 1, 1, 1, 0, 0, 1, 0xfa, 0x01};

	jy_rfm_summary_init(&s, JY_RFM_AMOUNT_NUMERIC);
	CHECK_EQ(jy_rfm_add_decimal(&s, 0, 125, 1), JY_RFM_OK);
	encode(&w, &s);
	CHECK(w.len == sizeof(want) && memcmp(w.buf, want, sizeof(want)) == 0);
	jy_writer_free(&w);

	rejects("", "not a journey report summary");
	rejects("4a5301010000", "another kind");
	rejects("4a53040200", "format version");
	rejects("4a530401", "ends early");
	rejects("4a53040100", "ends early");
	rejects("4a5304010700", "neither float8 nor numeric");
	rejects("4a530401000100", "ends early");
	rejects("4a5304010001000000000000000000", "ends early");
	rejects("4a53040100000a", "Trailing bytes");
	rejects("4a530401000100000000000000000000000a", "Trailing bytes");
	/* orders beyond INT64_MAX */
	rejects("4a53040100ffffffffffffffffff01", "ends early");
	/* a varint not in its shortest form */
	rejects("4a5304010080", "ends early");
	/* first order time beyond timestamptz, or first + span beyond it */
	rejects("4a5304010001fcffffffffffffffff01000000000000000000", "out of range");
	rejects("4a5304010001fdffffffffffffffff0101" "0000000000000000", "out of range");
	rejects("4a530401000100feffffffffffffff7f0000000000000000", "out of range");
	/* ... while first 0 with span 2^63 - 1 is infinity, a valid last */
	CHECK(accepts_infinite_last("4a530401000100ffffffffffffffff7f0000000000000000"));
	/* decimals: scale beyond 18, a trailing zero digit, zero at a scale */
	rejects("4a530401010100001302", "normalised");
	rejects("4a530401010100000114", "normalised");
	rejects("4a530401010100000100", "normalised");
	rejects("4a5304010101000001", "ends early");
}

int
main(void)
{
	test_float();
	test_decimal();
	test_merge();
	test_recency();
	test_codec();
	return unit_summary("test_rfm_summary");
}
