/*
 * test_stickiness.c -- unit tests of stickiness counts (src/core/cohort.c)
 *
 * Hand-worked windows first (a week of days, a month of days, a month of
 * weeks with a week straddling two months, the whole range), then random
 * actors checked against a brute-force oracle that counts, per window,
 * each actor's periods whose first day lies in the window, then the error
 * paths and every allocation failing in turn.
 */
#include "unit.h"
#include "core/cohort.h"

/* Check row r: window, k, periods, actors, cumulative, active */
static void
check_row(const JyStickinessRow *r, int64_t window, int k, int periods, int64_t actors,
		  int64_t cumulative, int64_t active, int line)
{
	unit_checks++;
	if (r->window != window || r->k != k || r->periods != periods || r->actors != actors ||
		r->cumulative != cumulative || r->active != active)
	{
		unit_failures++;
		fprintf(stderr, "%s:%d: row (%" PRId64 ", %d, %d, %" PRId64 ", %" PRId64 ", %" PRId64
				"), expected (%" PRId64 ", %d, %d, %" PRId64 ", %" PRId64 ", %" PRId64 ")\n",
				__FILE__, line, r->window, (int) r->k, (int) r->periods, r->actors,
				r->cumulative, r->active, window, k, periods, actors, cumulative, active);
	}
}

#define ROW(r, w, k, p, a, c, act) check_row((r), (w), (k), (p), (a), (c), (act), __LINE__)

/* Rows of actors given as day lists (each ending in INT32_MIN) */
static JyStickinessRow *
run(JyPeriodUnit period, JyPeriodUnit within, bool whole, const int32_t *const *actors,
	size_t nactors, size_t *nrows)
{
	JyStatus	st;
	JyStickiness *s = jy_stickiness_create(period, within, whole, &unit_mem, &st);
	JyStickinessRow *rows = NULL;
	size_t		i;

	CHECK(s != NULL && st == JY_OK);
	for (i = 0; i < nactors; i++)
	{
		size_t		n = 0;

		while (actors[i][n] != INT32_MIN)
			n++;
		CHECK_EQ(jy_stickiness_add(s, actors[i], n), JY_OK);
	}
	CHECK_EQ(jy_stickiness_result(s, &rows, nrows), JY_OK);
	jy_stickiness_free(s);
	return rows;
}

/* Days in weeks: week 0 is days 2 .. 8 (Monday 2000-01-03 to Sunday 2000-01-09) */
static void
test_day_week(void)
{
	static const int32_t a[] = {2, 3, 4, INT32_MIN};
	static const int32_t b[] = {2, 9, INT32_MIN};
	static const int32_t c[] = {8, 9, 10, 16, INT32_MIN};
	const int32_t *const actors[] = {a, b, c};
	size_t		n,
				k;
	JyStickinessRow *r = run(JY_PERIOD_DAY, JY_PERIOD_WEEK, false, actors, 3, &n);

	/* week 0: b and c once, a three times; week 1: b once, c twice; week 2: c once */
	CHECK_EQ(n, 21);
	if (n != 21)
		return;
	ROW(&r[0], 0, 1, 7, 2, 3, 3);
	ROW(&r[1], 0, 2, 7, 0, 1, 3);
	ROW(&r[2], 0, 3, 7, 1, 1, 3);
	for (k = 3; k < 7; k++)
		ROW(&r[k], 0, (int) k + 1, 7, 0, 0, 3);
	ROW(&r[7], 1, 1, 7, 1, 2, 2);
	ROW(&r[8], 1, 2, 7, 1, 1, 2);
	ROW(&r[9], 1, 3, 7, 0, 0, 2);
	ROW(&r[14], 2, 1, 7, 1, 1, 1);
	ROW(&r[20], 2, 7, 7, 0, 0, 1);
	free(r);
}

/* Days in months (31 in January 2000, 29 in February 2000) */
static void
test_day_month(void)
{
	static const int32_t a[] = {0, 30, 31, INT32_MIN};	/* Jan 1, Jan 31, Feb 1 */
	const int32_t *const actors[] = {a};
	size_t		n;
	JyStickinessRow *r = run(JY_PERIOD_DAY, JY_PERIOD_MONTH, false, actors, 1, &n);

	CHECK_EQ(n, 31 + 29);
	if (n != 60)
		return;
	ROW(&r[0], 0, 1, 31, 0, 1, 1);
	ROW(&r[1], 0, 2, 31, 1, 1, 1);
	ROW(&r[30], 0, 31, 31, 0, 0, 1);
	ROW(&r[31], 1, 1, 29, 1, 1, 1);
	ROW(&r[59], 1, 29, 29, 0, 0, 1);
	free(r);
}

/*
 * Weeks in months: a week belongs to the month of its Monday.  Saturday
 * 2000-01-01 (day 0) is in the week of Monday 1999-12-27, so in December
 * 1999 (month -1, whose Mondays are the 6th, 13th, 20th, 27th: 4 weeks);
 * January 2000 has 5 Mondays (3, 10, 17, 24, 31) and the week of Monday
 * the 31st (days 30 .. 36) counts in January, also for Wednesday Feb 2.
 */
static void
test_week_month(void)
{
	static const int32_t a[] = {0, 2, 32, INT32_MIN};	/* Jan 1, Mon Jan 3, Wed Feb 2 */
	static const int32_t b[] = {32, INT32_MIN};	/* Wed Feb 2 only */
	const int32_t *const actors[] = {a, b};
	size_t		n;
	JyStickinessRow *r = run(JY_PERIOD_WEEK, JY_PERIOD_MONTH, false, actors, 2, &n);

	CHECK_EQ(n, 4 + 5);
	if (n != 9)
		return;
	ROW(&r[0], -1, 1, 4, 1, 1, 1);
	ROW(&r[3], -1, 4, 4, 0, 0, 1);
	ROW(&r[4], 0, 1, 5, 1, 2, 2);
	ROW(&r[5], 0, 2, 5, 1, 1, 2);
	ROW(&r[8], 0, 5, 5, 0, 0, 2);
	free(r);
}

/* The whole range: periods from the first to the last active one */
static void
test_whole(void)
{
	static const int32_t a[] = {10, 11, 14, INT32_MIN};
	static const int32_t b[] = {12, INT32_MIN};
	const int32_t *const actors[] = {a, b};
	size_t		n;
	JyStickinessRow *r = run(JY_PERIOD_DAY, JY_PERIOD_DAY, true, actors, 2, &n);

	CHECK_EQ(n, 5);
	if (n != 5)
		return;
	ROW(&r[0], 10, 1, 5, 1, 2, 2);
	ROW(&r[1], 10, 2, 5, 0, 1, 2);
	ROW(&r[2], 10, 3, 5, 1, 1, 2);
	ROW(&r[4], 10, 5, 5, 0, 0, 2);
	free(r);
	/* weeks over the whole range: days 2 and 9 are weeks 0 and 1 */
	{
		static const int32_t c[] = {2, 3, 9, INT32_MIN};
		const int32_t *const one[] = {c};

		r = run(JY_PERIOD_WEEK, JY_PERIOD_DAY, true, one, 1, &n);
		CHECK_EQ(n, 2);
		if (n == 2)
		{
			ROW(&r[0], 0, 1, 2, 0, 1, 1);
			ROW(&r[1], 0, 2, 2, 1, 1, 1);
		}
		free(r);
	}
}

/* Random actors against the definitions */
static void
test_random(void)
{
	static const JyPeriodUnit pairs[][2] = {
		{JY_PERIOD_DAY, JY_PERIOD_WEEK}, {JY_PERIOD_DAY, JY_PERIOD_MONTH},
		{JY_PERIOD_WEEK, JY_PERIOD_MONTH}, {JY_PERIOD_DAY, JY_PERIOD_DAY},
		{JY_PERIOD_WEEK, JY_PERIOD_DAY}, {JY_PERIOD_MONTH, JY_PERIOD_DAY}
	};
	int			round;

	for (round = 0; round < 120; round++)
	{
		int			pi = round % 6;
		bool		whole = pi >= 3;
		JyPeriodUnit P = pairs[pi][0],
					W = pairs[pi][1];
		int			nactors = 1 + (int) unit_below(12);
		int32_t		days[12][40];
		size_t		nd[12];
		int32_t		base = (int32_t) unit_below(4000) - 2000;
		JyStatus	st;
		JyStickiness *s = jy_stickiness_create(P, W, whole, &unit_mem, &st);
		JyStickinessRow *rows;
		size_t		nrows,
					i;
		int			a;

		for (a = 0; a < nactors; a++)
		{
			int32_t		d = base + (int32_t) unit_below(30);

			nd[a] = 1 + unit_below(40);
			for (i = 0; i < nd[a]; i++)
			{
				days[a][i] = d;
				d += 1 + (int32_t) unit_below(P == JY_PERIOD_MONTH ? 20 : 4);
			}
			CHECK_EQ(jy_stickiness_add(s, days[a], nd[a]), JY_OK);
		}
		CHECK_EQ(jy_stickiness_result(s, &rows, &nrows), JY_OK);
		for (i = 0; i < nrows; i++)
		{
			const JyStickinessRow *r = &rows[i];
			int64_t		f,
						g,
						exact = 0,
						atleast = 0,
						active = 0,
						p,
						periods = 0;

			if (whole)
			{
				f = jy_period_first_day(P, r->window);
				g = INT64_MAX;
			}
			else
			{
				f = jy_period_first_day(W, r->window);
				g = jy_period_first_day(W, r->window + 1);
				for (p = jy_period_of_day(P, f) - 1; jy_period_first_day(P, p) < g; p++)
					if (jy_period_first_day(P, p) >= f)
						periods++;
				CHECK_EQ(r->periods, periods);
			}
			for (a = 0; a < nactors; a++)
			{
				int64_t		cnt = 0,
							last = INT64_MIN;
				size_t		j;

				/* the actor's distinct periods whose first day is in [f, g) */
				for (j = 0; j < nd[a]; j++)
				{
					int64_t		q = jy_period_of_day(P, days[a][j]);
					int64_t		fd = jy_period_first_day(P, q);

					if (q != last && fd >= f && fd < g)
						cnt++;
					last = q;
				}
				exact += cnt == r->k;
				atleast += cnt >= r->k;
				active += cnt >= 1;
			}
			CHECK_EQ(r->actors, exact);
			CHECK_EQ(r->cumulative, atleast);
			CHECK_EQ(r->active, active);
			CHECK(r->k >= 1 && r->k <= r->periods);
		}
		free(rows);
		jy_stickiness_free(s);
	}
}

/* Bad pairs, bad days, limits, allocation failures */
static void
test_errors(void)
{
	JyStatus	st;
	JyStickiness *s;
	static const int32_t down[] = {5, 4};
	static const int32_t same[] = {5, 5};
	static const int32_t far[] = {0, 2100000000};
	static const int32_t one[] = {7};
	JyPeriodUnit u;
	bool		whole;
	int			i;

	CHECK(jy_stickiness_create(JY_PERIOD_WEEK, JY_PERIOD_WEEK, false, &unit_mem, &st) == NULL);
	CHECK_EQ(st, JY_ERR_BAD_PARAMETER);
	CHECK(jy_stickiness_create(JY_PERIOD_MONTH, JY_PERIOD_WEEK, false, &unit_mem, &st) == NULL);
	CHECK(jy_stickiness_create(JY_PERIOD_DAY, JY_PERIOD_DAY, false, &unit_mem, &st) == NULL);
	CHECK(jy_stickiness_create((JyPeriodUnit) 7, JY_PERIOD_DAY, true, &unit_mem, &st) == NULL);
	s = jy_stickiness_create(JY_PERIOD_DAY, JY_PERIOD_WEEK, false, &unit_mem, &st);
	CHECK_EQ(jy_stickiness_add(s, down, 2), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_stickiness_add(s, same, 2), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_stickiness_add(s, one, 0), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_stickiness_add(s, far, 2), JY_ERR_BAD_PARAMETER);
	{
		JyStickinessRow *rows;
		size_t		n;

		CHECK_EQ(jy_stickiness_result(s, &rows, &n), JY_OK);
		CHECK(rows == NULL && n == 0);
	}
	jy_stickiness_free(s);
	/* days 10,000,000 apart: within the window span, too many day rows as a whole */
	s = jy_stickiness_create(JY_PERIOD_DAY, JY_PERIOD_DAY, true, &unit_mem, &st);
	{
		static const int32_t wide[] = {0, 9999999};
		static const int32_t wider[] = {0, 10000000};
		JyStickinessRow *rows;
		size_t		n;

		CHECK_EQ(jy_stickiness_add(s, wider, 2), JY_ERR_BAD_PARAMETER);
		CHECK_EQ(jy_stickiness_add(s, wide, 2), JY_OK);
		CHECK_EQ(jy_stickiness_result(s, &rows, &n), JY_OK);
		CHECK_EQ(n, 10000000);
		free(rows);
	}
	jy_stickiness_free(s);
	s = jy_stickiness_create(JY_PERIOD_DAY, JY_PERIOD_MONTH, false, &unit_mem, &st);
	{
		static const int32_t wide[] = {0, 1000000};
		JyStickinessRow *rows;
		size_t		n;

		/* day 1000000 is 4737-11-28: every day to 4737-11-30, 1,000,003 rows */
		CHECK_EQ(jy_stickiness_add(s, wide, 2), JY_OK);
		CHECK_EQ(jy_stickiness_result(s, &rows, &n), JY_OK);
		CHECK_EQ(n, 1000003);
		free(rows);
	}
	jy_stickiness_free(s);
	CHECK(jy_stickiness_parse_within("ALL", 3, &u, &whole) && whole);
	CHECK(jy_stickiness_parse_within("month", 5, &u, &whole) && !whole && u == JY_PERIOD_MONTH);
	CHECK(!jy_stickiness_parse_within("year", 4, &u, &whole));
	/* every allocation failing in turn leaves a consistent accumulator */
	for (i = 0; i < 12; i++)
	{
		static const int32_t d[] = {1, 2, 3, 10, 40, 80};
		JyStickinessRow *rows = NULL;
		size_t		n;

		unit_fail_after = i;
		unit_failed = false;
		s = jy_stickiness_create(JY_PERIOD_DAY, JY_PERIOD_WEEK, false, &unit_failing_mem, &st);
		if (s == NULL)
		{
			CHECK_EQ(st, JY_ERR_OUT_OF_MEMORY);
			continue;
		}
		st = jy_stickiness_add(s, d, 6);
		CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
		st = jy_stickiness_result(s, &rows, &n);
		CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
		free(rows);
		jy_stickiness_free(s);
	}
}

int
main(void)
{
	test_day_week();
	test_day_month();
	test_week_month();
	test_whole();
	test_random();
	test_errors();
	return unit_summary("test_stickiness");
}
