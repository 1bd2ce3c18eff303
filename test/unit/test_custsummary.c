/*
 * test_custsummary.c -- unit tests of the BTYD customer summary (each
 * convention on hand-made transactions, computed by hand) and of the
 * collapse into weighted triples (against a naive count)
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

int
main(void)
{
	test_conventions();
	test_split_period();
	test_edges();
	test_periods();
	test_errors();
	test_collapse();
	return unit_summary("custsummary");
}
