/*
 * test_custsummary.c -- unit tests of the BTYD customer summary (each
 * convention on hand-made transactions, computed by hand) and of the
 * collapse into weighted triples (against a naive count), and the byte
 * form of the aggregate's partial state (against bytes written by hand or
 * field by field, every malformed input)
 */
#include "unit.h"

#include <math.h>

#include "core/custsummary.h"

#define DAY JY_CUST_DAY
#define HOUR INT64_C(3600000000)

/* Summarise with a daily unit, origin 0 */
static JyCustSummary
daily(JyCustTx *tx, size_t n, int64_t cal_end, int64_t obs_end, bool holdout)
{
	JyCustSplit s = {DAY, 0, cal_end, obs_end, holdout};
	JyCustSummary out;

	CHECK_EQ(jy_cust_summary(tx, n, &s, &unit_mem, &out), JY_OK);
	return out;
}

/* Same-period duplicates, first period excluded, recency, age, holdout */
static void
test_conventions(void)
{
	/* unsorted on purpose */
	JyCustTx	tx[] = {
		{21 * DAY + 2 * HOUR, 4}, {10 * DAY + 1 * HOUR, 5}, {12 * DAY + 3 * HOUR, 3},
		{20 * DAY, 2}, {15 * DAY + 23 * HOUR, 10}, {10 * DAY + 20 * HOUR, 7},
		{12 * DAY + 4 * HOUR, 1}, {21 * DAY + 5 * HOUR, 1}, {30 * DAY, 100},
	};
	JyCustSummary s = daily(tx, 9, 18 * DAY + 12 * HOUR, 25 * DAY, true);

	CHECK(s.in_calibration);
	CHECK_EQ(s.first_period, 10);
	CHECK_EQ(s.x, 2);			/* days 12 and 15; day 10 is the first */
	CHECK_EQ(s.t_x, 5);			/* 15 - 10 */
	CHECK_EQ(s.T, 8);			/* 18 - 10 */
	CHECK(s.has_spend);
	CHECK_NEAR(s.spend, ((3 + 1) + 10) / 2.0, 0);	/* day 10's 5 + 7 excluded */
	CHECK_EQ(s.holdout_x, 2);	/* days 20 and 21; day 30 after obs_end */
	CHECK_NEAR(s.holdout_value, 2 + 4 + 1, 0);

	/* without a holdout the later transactions are ignored */
	s = daily(tx, 9, 18 * DAY + 12 * HOUR, 0, false);
	CHECK_EQ(s.x, 2);
	CHECK_EQ(s.holdout_x, 0);
	CHECK_NEAR(s.holdout_value, 0, 0);
}

/* cal_end inside a period: that period counts once, in the calibration */
static void
test_split_period(void)
{
	JyCustTx	tx[] = {
		{10 * DAY, 1}, {12 * DAY + 3 * HOUR, 2}, {12 * DAY + 9 * HOUR, 4},
		{13 * DAY, 8},
	};
	JyCustSummary s = daily(tx, 4, 12 * DAY + 6 * HOUR, 20 * DAY, true);

	CHECK_EQ(s.x, 1);
	CHECK_EQ(s.t_x, 2);
	CHECK_EQ(s.T, 2);
	CHECK_NEAR(s.spend, 2, 0);
	CHECK_EQ(s.holdout_x, 1);	/* day 13 only */
	CHECK_NEAR(s.holdout_value, 12, 0);
}

/* One purchase, none, a first purchase after cal_end */
static void
test_edges(void)
{
	JyCustTx	one[] = {{5 * DAY + HOUR, 9}, {5 * DAY + 2 * HOUR, 9}};
	JyCustTx	late[] = {{22 * DAY, 1}, {20 * DAY, 2}, {20 * DAY + HOUR, 3}};
	JyCustSummary s = daily(one, 2, 9 * DAY, 0, false);

	CHECK(s.in_calibration);
	CHECK_EQ(s.x, 0);
	CHECK_EQ(s.t_x, 0);
	CHECK_EQ(s.T, 4);
	CHECK(!s.has_spend);
	CHECK(isnan(s.spend));

	s = daily(NULL, 0, 9 * DAY, 10 * DAY, true);
	CHECK(!s.in_calibration);
	CHECK_EQ(s.holdout_x, 0);

	s = daily(late, 3, 18 * DAY, 25 * DAY, true);
	CHECK(!s.in_calibration);
	CHECK_EQ(s.x, 0);
	CHECK_EQ(s.T, 0);
	CHECK(!s.has_spend);
	CHECK_EQ(s.holdout_x, 2);	/* days 20 and 22 */
	CHECK_NEAR(s.holdout_value, 6, 0);

	/* a purchase exactly at cal_end is in the calibration */
	{
		JyCustTx	at[] = {{1 * DAY, 1}, {9 * DAY, 3}};

		s = daily(at, 2, 9 * DAY, 0, false);
		CHECK_EQ(s.x, 1);
		CHECK_EQ(s.t_x, 8);
		CHECK_EQ(s.T, 8);
	}
}

/* Weeks from Monday, negative times, an origin beyond unit */
static void
test_periods(void)
{
	JyCustSplit w = {JY_CUST_WEEK, JY_CUST_MONDAY, 30 * DAY, 0, false};
	/* Monday 1970-01-05 (day 4) and Sunday 1970-01-11 (day 10): one week */
	JyCustTx	same[] = {{4 * DAY, 1}, {10 * DAY + 23 * HOUR, 1}};
	/* Sunday 1970-01-11 and Monday 1970-01-12 (day 11): two weeks */
	JyCustTx	two[] = {{10 * DAY + 23 * HOUR, 1}, {11 * DAY, 1}};
	JyCustTx	neg[] = {{-DAY, 1}, {-HOUR, 1}, {0, 1}};
	JyCustSummary s;

	CHECK_EQ(jy_cust_summary(same, 2, &w, &unit_mem, &s), JY_OK);
	CHECK_EQ(s.x, 0);
	CHECK_EQ(s.T, 3);			/* day 30 is in the week of day 25 */
	CHECK_EQ(jy_cust_summary(two, 2, &w, &unit_mem, &s), JY_OK);
	CHECK_EQ(s.x, 1);
	CHECK_EQ(s.t_x, 1);
	CHECK_EQ(s.T, 3);			/* weeks of day 4 (first) and day 25 */
	/* the same origin written 10 weeks later */
	w.origin += 10 * JY_CUST_WEEK;
	CHECK_EQ(jy_cust_summary(two, 2, &w, &unit_mem, &s), JY_OK);
	CHECK_EQ(s.x, 1);
	w.origin = -3 * JY_CUST_WEEK + JY_CUST_MONDAY;
	CHECK_EQ(jy_cust_summary(same, 2, &w, &unit_mem, &s), JY_OK);
	CHECK_EQ(s.x, 0);

	/* days before 1970: -1 day and -1 hour are in day -1 */
	s = daily(neg, 3, 0, 0, false);
	CHECK_EQ(s.first_period, -1);
	CHECK_EQ(s.x, 1);
	CHECK_EQ(s.t_x, 1);
	CHECK_EQ(s.T, 1);
	CHECK_NEAR(s.spend, 1, 0);
}

/* Every parameter error */
static void
test_errors(void)
{
	JyCustTx	tx[] = {{0, 1}};
	JyCustTx	huge[] = {{INT64_MAX, 1}};
	JyCustSplit s = {0, 0, DAY, DAY, false};
	JyCustSummary out;

	CHECK_EQ(jy_cust_summary(tx, 1, &s, &unit_mem, &out), JY_ERR_BAD_PARAMETER);
	s.unit = -DAY;
	CHECK_EQ(jy_cust_summary(tx, 1, &s, &unit_mem, &out), JY_ERR_BAD_PARAMETER);
	s.unit = DAY;
	s.has_holdout = true;
	s.obs_end = 0;
	CHECK_EQ(jy_cust_summary(tx, 1, &s, &unit_mem, &out), JY_ERR_BAD_PARAMETER);
	s.has_holdout = false;
	CHECK_EQ(jy_cust_summary(huge, 1, &s, &unit_mem, &out), JY_ERR_BAD_PARAMETER);
	huge[0].ts = INT64_MIN;
	CHECK_EQ(jy_cust_summary(huge, 1, &s, &unit_mem, &out), JY_ERR_BAD_PARAMETER);
	s.cal_end = INT64_MAX;
	CHECK_EQ(jy_cust_summary(tx, 1, &s, &unit_mem, &out), JY_ERR_BAD_PARAMETER);
	s.cal_end = DAY;
	CHECK_EQ(jy_cust_summary(tx, 1, &s, &unit_mem, &out), JY_OK);
}

/* Collapsing against a naive count over a small grid */
static void
test_collapse(void)
{
	enum {N = 5000, R = 4};
	static JyRfmTriple t[N];
	static int64_t naive[R][R][R];
	size_t		i,
				k;
	int64_t		total = 0;
	int			x,
				y,
				z,
				distinct = 0;

	for (i = 0; i < N; i++)
	{
		t[i].x = unit_below(R);
		t[i].t_x = unit_below(R);
		t[i].T = unit_below(R);
		t[i].weight = 1 + unit_below(3);
		naive[(int) t[i].x][(int) t[i].t_x][(int) t[i].T] += t[i].weight;
	}
	k = jy_btyd_collapse(t, N, &unit_mem);
	for (x = 0; x < R; x++)
		for (y = 0; y < R; y++)
			for (z = 0; z < R; z++)
				distinct += naive[x][y][z] > 0;
	CHECK_EQ(k, distinct);
	for (i = 0; i < k; i++)
	{
		CHECK_EQ(t[i].weight, naive[(int) t[i].x][(int) t[i].t_x][(int) t[i].T]);
		total += t[i].weight;
		if (i > 0)
			CHECK(t[i - 1].x < t[i].x ||
				  (t[i - 1].x == t[i].x && (t[i - 1].t_x < t[i].t_x ||
											(t[i - 1].t_x == t[i].t_x && t[i - 1].T < t[i].T))));
	}
	for (x = 0; x < R; x++)
		for (y = 0; y < R; y++)
			for (z = 0; z < R; z++)
				total -= naive[x][y][z];
	CHECK_EQ(total, 0);
	CHECK_EQ(jy_btyd_collapse(t, 0, &unit_mem), 0);
	CHECK_EQ(jy_btyd_collapse(t, 1, &unit_mem), 1);
}

/* ---------- the partial state ---------- */

/* Encode into a malloc'd copy of *len bytes */
static uint8_t *
state_bytes(const JyCustSplit *split, const JyCustTx *tx, size_t n, size_t *len)
{
	JyWriter	w;
	uint8_t    *out;

	jy_writer_init(&w, &unit_mem);
	jy_cust_state_encode(&w, split, tx, n);
	CHECK_EQ(w.status, JY_OK);
	*len = w.len;
	out = malloc(w.len);
	memcpy(out, w.buf, w.len);
	jy_writer_free(&w);
	return out;
}

/*
 * The bytes field by field, as the format says (not through the encoder):
 * version, unit, origin, cal_end, holdout byte, obs_end, count, then the
 * transactions (ntx of them, whatever count says)
 */
static void
write_fields(JyWriter *w, uint8_t version, int64_t unit, int64_t origin, int64_t cal_end,
			 uint8_t holdout, int64_t obs_end, uint64_t count, const JyCustTx *tx, size_t ntx)
{
	size_t		i;

	jy_write_u8(w, version);
	jy_write_svarint(w, unit);
	jy_write_svarint(w, origin);
	jy_write_svarint(w, cal_end);
	jy_write_u8(w, holdout);
	jy_write_svarint(w, obs_end);
	jy_write_varint(w, count);
	for (i = 0; i < ntx; i++)
	{
		jy_write_svarint(w, tx[i].ts);
		jy_write_double(w, tx[i].value);
	}
}

/* Are two splits the same (obs_end compared only with a holdout)? */
static bool
same_split(const JyCustSplit *a, const JyCustSplit *b)
{
	return a->unit == b->unit && a->origin == b->origin && a->cal_end == b->cal_end &&
		a->has_holdout == b->has_holdout && a->obs_end == b->obs_end;
}

/*
 * Decode: must succeed with split and tx[0..n) exactly (bit for bit, in
 * order), and re-encode to the same bytes
 */
static void
check_state(const uint8_t *in, size_t len, const JyCustSplit *split, const JyCustTx *tx, size_t n)
{
	JyCustSplit ds;
	JyCustTx   *dtx = (JyCustTx *) &ds;	/* overwritten */
	size_t		dn = 12345,
				len2,
				i;
	const char *why = NULL;
	uint8_t    *again;

	CHECK_EQ(jy_cust_state_decode(in, len, &unit_mem, &ds, &dtx, &dn, &why), JY_OK);
	CHECK(why == NULL);
	CHECK(same_split(&ds, split));
	CHECK_EQ(dn, n);
	CHECK(n > 0 || dtx == NULL);
	for (i = 0; i < n && i < dn; i++)
		CHECK(dtx[i].ts == tx[i].ts && memcmp(&dtx[i].value, &tx[i].value, sizeof(double)) == 0);
	again = state_bytes(&ds, dtx, dn, &len2);
	CHECK(len2 == len && memcmp(again, in, len) == 0);
	free(again);
	free(dtx);
}

/* Decode: must be JY_ERR_CORRUPT with a reason holding word, nothing kept */
static bool
state_corrupt(const uint8_t *in, size_t len, const char *word)
{
	JyCustSplit ds;
	JyCustTx   *dtx = (JyCustTx *) &ds;
	size_t		dn = 12345;
	const char *why = NULL;
	JyStatus	st = jy_cust_state_decode(in, len, &unit_mem, &ds, &dtx, &dn, &why);
	bool		ok = st == JY_ERR_CORRUPT && why != NULL &&
		(word == NULL || strstr(why, word) != NULL) && dtx == NULL && dn == 0;

	if (!ok)
		fprintf(stderr, "  %zu bytes: status %d, reason \"%s\", tx %s, n %zu; expected \"%s\"\n",
				len, (int) st, why ? why : "(none)", dtx ? "kept" : "NULL", dn,
				word ? word : "(any)");
	return ok;
}

/* Decode the bytes of fields written by write_fields */
static bool
fields_corrupt(uint8_t version, int64_t unit, int64_t origin, int64_t cal_end, uint8_t holdout,
			   int64_t obs_end, uint64_t count, const JyCustTx *tx, size_t ntx,
			   size_t extra, const char *word)
{
	JyWriter	w;
	bool		ok;
	size_t		i;

	jy_writer_init(&w, &unit_mem);
	write_fields(&w, version, unit, origin, cal_end, holdout, obs_end, count, tx, ntx);
	for (i = 0; i < extra; i++)
		jy_write_u8(&w, 0);
	CHECK_EQ(w.status, JY_OK);
	ok = state_corrupt(w.buf, w.len, word);
	jy_writer_free(&w);
	return ok;
}

/* The fields of split written one by one (version 1) decode to it */
static void
fields_accepted(const JyCustSplit *split, const JyCustTx *tx, size_t n)
{
	JyWriter	w;

	jy_writer_init(&w, &unit_mem);
	write_fields(&w, 1, split->unit, split->origin, split->cal_end, split->has_holdout,
				 split->obs_end, n, tx, n);
	check_state(w.buf, w.len, split, tx, n);
	jy_writer_free(&w);
}

/* The bytes by hand; round trips with and without a holdout */
static void
test_state_round_trip(void)
{
	/*
	 * version 1; unit 1 (zigzag 2), origin 0, cal_end -1 (zigzag 1),
	 * holdout 1, obs_end 3 (zigzag 6), 1 transaction: ts -2 (zigzag 3),
	 * value 2.0 (0x4000000000000000)
	 */
	static const uint8_t hand[] = {1, 2, 0, 1, 1, 6, 1, 3, 0x40, 0, 0, 0, 0, 0, 0, 0};
	JyCustSplit hs = {1, 0, -1, 3, true};
	JyCustTx	htx[] = {{-2, 2.0}};
	JyCustTx	odd[] = {
		{INT64_MAX, 1e308}, {INT64_MIN, -0.0}, {0, -5.5}, {-1, 5e-324}, {DAY, 0},
		{3 * DAY + HOUR, 19.99}, {INT64_MIN + 1, -1e-300}};
	JyCustSplit with = {DAY, 0, 10 * DAY, 40 * DAY, true};
	JyCustSplit without = {JY_CUST_WEEK, JY_CUST_MONDAY, -3 * DAY, -1000 * DAY, false};
	uint8_t    *b;
	size_t		len,
				i;

	b = state_bytes(&hs, htx, 1, &len);
	CHECK(len == sizeof(hand) && memcmp(b, hand, len) == 0);
	free(b);
	check_state(hand, sizeof(hand), &hs, htx, 1);

	/* extreme times and values, unsorted, with a holdout */
	b = state_bytes(&with, odd, 7, &len);
	check_state(b, len, &with, odd, 7);
	free(b);
	/* without a holdout obs_end is kept as written, even before cal_end */
	b = state_bytes(&without, odd, 7, &len);
	check_state(b, len, &without, odd, 7);
	free(b);
	/* no transactions: *tx is NULL */
	b = state_bytes(&with, NULL, 0, &len);
	check_state(b, len, &with, NULL, 0);
	free(b);
	/* the largest unit and origin, obs_end = cal_end */
	{
		JyCustSplit big = {INT64_MAX, INT64_MAX - 1, INT64_MIN, INT64_MIN, true};

		b = state_bytes(&big, odd, 2, &len);
		check_state(b, len, &big, odd, 2);
		free(b);
	}

	/* 1000 transactions (a two-byte count): the summary of the decoded copy is the same */
	{
		enum {N = 1000};
		JyCustTx	tx[N],
				   *dtx;
		JyCustSplit ds;
		JyCustSummary s1,
					s2;
		size_t		dn;
		const char *why = NULL;

		for (i = 0; i < N; i++)
		{
			tx[i].ts = (int64_t) unit_below(60) * DAY + (int64_t) unit_below(24) * HOUR;
			tx[i].value = unit_below(10000) / 100.0;
		}
		b = state_bytes(&with, tx, N, &len);
		check_state(b, len, &with, tx, N);
		CHECK_EQ(jy_cust_state_decode(b, len, &unit_mem, &ds, &dtx, &dn, &why), JY_OK);
		CHECK_EQ(jy_cust_summary(tx, N, &with, &unit_mem, &s1), JY_OK);
		CHECK_EQ(jy_cust_summary(dtx, dn, &ds, &unit_mem, &s2), JY_OK);
		CHECK(s1.x == s2.x && s1.t_x == s2.t_x && s1.T == s2.T && s1.spend == s2.spend &&
			  s1.holdout_x == s2.holdout_x && s1.holdout_value == s2.holdout_value);
		CHECK(s1.x > 0 && s1.holdout_x > 0);
		free(dtx);
		free(b);
	}
}

/* Every malformed state is JY_ERR_CORRUPT with a reason, nothing allocated */
static void
test_state_malformed(void)
{
	JyCustTx	tx[] = {{5 * DAY, 1.5}, {-7, 0}, {INT64_MAX, 2}};
	JyCustTx	bad[3];
	JyCustSplit with = {DAY, 0, 10 * DAY, 40 * DAY, true};
	uint8_t    *b;
	size_t		len,
				cut,
				i;

	b = state_bytes(&with, tx, 3, &len);
	check_state(b, len, &with, tx, 3);
	/* empty, and truncated at every byte */
	CHECK(state_corrupt(b, 0, "empty"));
	for (cut = 1; cut < len; cut++)
		CHECK(state_corrupt(b, cut, NULL));
	/* ... inside the header, inside the transactions */
	CHECK(state_corrupt(b, 2, "header"));
	CHECK(state_corrupt(b, len - 1, "transaction"));
	CHECK(state_corrupt(b, len - 9, "transaction"));
	free(b);

	/* the fields written one by one are accepted (the checks below are each one change) */
	fields_accepted(&with, tx, 3);
	/* versions */
	CHECK(fields_corrupt(0, DAY, 0, 10 * DAY, 1, 40 * DAY, 3, tx, 3, 0, "version"));
	CHECK(fields_corrupt(2, DAY, 0, 10 * DAY, 1, 40 * DAY, 3, tx, 3, 0, "version"));
	CHECK(fields_corrupt(255, DAY, 0, 10 * DAY, 1, 40 * DAY, 3, tx, 3, 0, "version"));
	/* unit <= 0 */
	CHECK(fields_corrupt(1, 0, 0, 10 * DAY, 1, 40 * DAY, 3, tx, 3, 0, "split"));
	CHECK(fields_corrupt(1, -DAY, 0, 10 * DAY, 1, 40 * DAY, 3, tx, 3, 0, "split"));
	CHECK(fields_corrupt(1, INT64_MIN, 0, 10 * DAY, 1, 40 * DAY, 3, tx, 3, 0, "split"));
	/* origin outside [0, unit) */
	CHECK(fields_corrupt(1, DAY, -1, 10 * DAY, 1, 40 * DAY, 3, tx, 3, 0, "split"));
	CHECK(fields_corrupt(1, DAY, DAY, 10 * DAY, 1, 40 * DAY, 3, tx, 3, 0, "split"));
	CHECK(fields_corrupt(1, DAY, DAY + 1, 10 * DAY, 1, 40 * DAY, 3, tx, 3, 0, "split"));
	CHECK(fields_corrupt(1, DAY, INT64_MIN, 10 * DAY, 1, 40 * DAY, 3, tx, 3, 0, "split"));
	{
		JyCustSplit last = {DAY, DAY - 1, 10 * DAY, 40 * DAY, true};

		fields_accepted(&last, tx, 3);
	}
	/* obs_end < cal_end with a holdout (without one it is not looked at) */
	CHECK(fields_corrupt(1, DAY, 0, 10 * DAY, 1, 10 * DAY - 1, 3, tx, 3, 0, "split"));
	{
		JyCustSplit same = {DAY, 0, 10 * DAY, 10 * DAY, true};

		fields_accepted(&same, tx, 3);
	}
	/* a holdout byte other than 0 and 1 */
	CHECK(fields_corrupt(1, DAY, 0, 10 * DAY, 2, 40 * DAY, 3, tx, 3, 0, "split"));
	CHECK(fields_corrupt(1, DAY, 0, 10 * DAY, 255, 40 * DAY, 3, tx, 3, 0, "split"));
	/* a count larger than the bytes, or smaller (trailing bytes) */
	CHECK(fields_corrupt(1, DAY, 0, 10 * DAY, 1, 40 * DAY, 4, tx, 3, 0, NULL));
	CHECK(fields_corrupt(1, DAY, 0, 10 * DAY, 1, 40 * DAY, UINT64_MAX, tx, 3, 0, "exceeds"));
	CHECK(fields_corrupt(1, DAY, 0, 10 * DAY, 1, 40 * DAY, 1000, tx, 3, 0, "exceeds"));
	CHECK(fields_corrupt(1, DAY, 0, 10 * DAY, 1, 40 * DAY, 2, tx, 3, 0, "Trailing"));
	CHECK(fields_corrupt(1, DAY, 0, 10 * DAY, 1, 40 * DAY, 0, tx, 3, 0, "Trailing"));
	/* trailing bytes: one, and a whole transaction not counted */
	CHECK(fields_corrupt(1, DAY, 0, 10 * DAY, 1, 40 * DAY, 3, tx, 3, 1, "Trailing"));
	CHECK(fields_corrupt(1, DAY, 0, 10 * DAY, 1, 40 * DAY, 3, tx, 3, 9, "Trailing"));
	/* a value that is not finite, first, in the middle or last */
	for (i = 0; i < 9; i++)
	{
		double		v = i % 3 == 0 ? NAN : i % 3 == 1 ? INFINITY : -INFINITY;

		memcpy(bad, tx, sizeof(tx));
		bad[i / 3].value = v;
		CHECK(fields_corrupt(1, DAY, 0, 10 * DAY, 1, 40 * DAY, 3, bad, 3, 0, "not finite"));
	}
	/* a header varint in a needless second byte (0 as 0x80 0x00) */
	{
		static const uint8_t overlong[] = {1, 0x80, 0x00, 0, 0, 0, 0, 0};
		static const uint8_t short_hdr[] = {1, 2, 0, 0};

		CHECK(state_corrupt(overlong, sizeof(overlong), "header"));
		CHECK(state_corrupt(short_hdr, sizeof(short_hdr), "header"));
	}
}

/* Out of memory: the decoder and the encoder report it, nothing leaks */
static void
test_state_out_of_memory(void)
{
	JyCustTx	tx[] = {{5 * DAY, 1.5}, {6 * DAY, 2}};
	JyCustSplit with = {DAY, 0, 10 * DAY, 40 * DAY, true};
	JyCustSplit ds;
	JyCustTx   *dtx = NULL;
	size_t		len,
				dn = 7;
	const char *why = NULL;
	uint8_t    *b = state_bytes(&with, tx, 2, &len);
	JyWriter	w;

	unit_fail_after = 0;
	unit_failed = false;
	CHECK_EQ(jy_cust_state_decode(b, len, &unit_failing_mem, &ds, &dtx, &dn, &why),
			 JY_ERR_OUT_OF_MEMORY);
	CHECK(unit_failed);
	CHECK(dtx == NULL);
	CHECK_EQ(dn, 0);
	/* no transactions: nothing to allocate, so it cannot fail */
	free(b);
	b = state_bytes(&with, NULL, 0, &len);
	unit_fail_after = 0;
	CHECK_EQ(jy_cust_state_decode(b, len, &unit_failing_mem, &ds, &dtx, &dn, &why), JY_OK);
	CHECK(dtx == NULL);
	free(b);
	/* the encoder's writer fails and says so */
	unit_fail_after = 0;
	jy_writer_init(&w, &unit_failing_mem);
	jy_cust_state_encode(&w, &with, tx, 2);
	CHECK_EQ(w.status, JY_ERR_OUT_OF_MEMORY);
	jy_writer_free(&w);
	unit_fail_after = 1000000;
}

/*
 * A first purchase more than INT64_MAX periods before cal_end (only a
 * crafted partial state can say so: the glue's periods are days) is refused,
 * not an overflowing age (found by fuzz_btydrows)
 */
static void
test_span_overflow(void)
{
	JyCustSplit s = {1, 0, INT64_MAX - 2, INT64_MAX - 2, false};
	JyCustTx	tx[2] = {{INT64_MIN + 2, 1}, {0, 2}};
	JyCustSummary out;

	CHECK_EQ(jy_cust_summary(tx, 2, &s, &unit_mem, &out), JY_ERR_BAD_PARAMETER);
	/* the widest span that fits: T = INT64_MAX exactly */
	tx[0].ts = -2;
	tx[1].ts = 0;
	s.cal_end = INT64_MAX - 2;
	CHECK_EQ(jy_cust_summary(tx, 2, &s, &unit_mem, &out), JY_OK);
	CHECK_EQ(out.T, INT64_MAX);
	CHECK_EQ(out.t_x, 2);
}

int
main(void)
{
	test_conventions();
	test_split_period();
	test_edges();
	test_periods();
	test_errors();
	test_collapse();
	test_state_round_trip();
	test_state_malformed();
	test_state_out_of_memory();
	test_span_overflow();
	return unit_summary("custsummary");
}
