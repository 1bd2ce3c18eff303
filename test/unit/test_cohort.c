/*
 * test_cohort.c -- unit tests of lifecycle counts and cohort retention
 * tables (src/core/cohort.c)
 *
 * Hand-worked tables first, then random actors checked against a
 * brute-force oracle that keeps every actor's set of periods and computes
 * each row straight from the definitions in cohort.h, then the limits and
 * error paths, and every allocation failing in turn.
 */
#include "unit.h"
#include "core/cohort.h"

#include <limits.h>

/* ------------------------------------------------------------- helpers */

/* Check a lifecycle row: period, new, current, resurrected, dormant */
static void
check_lc_row(const JyLifecycleRow *r, int64_t period, int64_t new_actors,
			 int64_t current, int64_t resurrected, int64_t dormant, int line)
{
	unit_checks++;
	if (r->period != period || r->new_actors != new_actors || r->current != current ||
		r->resurrected != resurrected || r->dormant != dormant ||
		r->active != new_actors + current + resurrected)
	{
		unit_failures++;
		fprintf(stderr, "%s:%d: lifecycle row (%" PRId64 ": %" PRId64 " %" PRId64 " %" PRId64
				" %" PRId64 " %" PRId64 "), expected (%" PRId64 ": %" PRId64 " %" PRId64
				" %" PRId64 " %" PRId64 ")\n", __FILE__, line, r->period, r->new_actors,
				r->current, r->resurrected, r->dormant, r->active, period, new_actors,
				current, resurrected, dormant);
	}
}

/* Check a cohort row: cohort, period, size, retained */
static void
check_co_row(const JyCohortRow *r, int64_t cohort, int32_t period, int64_t size,
			 int64_t retained, int line)
{
	unit_checks++;
	if (r->cohort != cohort || r->period != period || r->cohort_size != size ||
		r->retained != retained)
	{
		unit_failures++;
		fprintf(stderr, "%s:%d: cohort row (%" PRId64 ", %d, %" PRId64 ", %" PRId64
				"), expected (%" PRId64 ", %d, %" PRId64 ", %" PRId64 ")\n", __FILE__, line,
				r->cohort, (int) r->period, r->cohort_size, r->retained, cohort,
				(int) period, size, retained);
	}
}

#define LC_ROW(r, p, n, c, res, d) check_lc_row((r), (p), (n), (c), (res), (d), __LINE__)
#define CO_ROW(r, co, k, s, ret) check_co_row((r), (co), (k), (s), (ret), __LINE__)

/* One actor of a hand-worked example */
typedef struct Actor
{
	int64_t		cohort;
	size_t		n;
	int64_t		p[8];
} Actor;

static JyLifecycle *
lifecycle_of(const Actor *actors, int nactors, int64_t shift)
{
	JyLifecycle *lc = jy_lifecycle_create(&unit_mem);
	int			a;

	for (a = 0; a < nactors; a++)
	{
		int64_t		p[8];
		size_t		i;

		for (i = 0; i < actors[a].n; i++)
			p[i] = actors[a].p[i] + shift;
		CHECK_EQ(jy_lifecycle_add(lc, p, actors[a].n), JY_OK);
	}
	return lc;
}

static JyCohorts *
cohorts_of(JyRetentionCriterion crit, const int32_t *b, int nb, const Actor *actors,
		   int nactors)
{
	JyStatus	st;
	JyCohorts  *c = jy_cohorts_create(crit, b, nb, &unit_mem, &st);
	int			a;

	CHECK_EQ(st, JY_OK);
	for (a = 0; a < nactors; a++)
		CHECK_EQ(jy_cohorts_add(c, actors[a].cohort, actors[a].p, actors[a].n), JY_OK);
	return c;
}

/* --------------------------------------------------- hand-worked tables */

/*
 * Five actors:
 *
 *     A  1 2 3
 *     B  1   3 4
 *     C    2     5
 *     D        4
 *     E                8
 *
 * period  new  current  resurrected  dormant  active
 *   1      2      0         0           0        2    A, B start
 *   2      1      1         0           1        2    C new; A current; B dormant
 *   3      0      1         1           1        2    A current; B back; C dormant
 *   4      1      1         0           1        2    D new; B current; A dormant
 *   5      0      0         1           2        1    C back; B, D dormant
 *   6      0      0         0           1        0    C dormant
 *   7      0      0         0           0        0    nothing at all: still a row
 *   8      1      0         0           0        1    E new
 * (E dormant in 9 is after the last period: not reported.)
 */
static const Actor lc_actors[] = {
	{0, 3, {1, 2, 3}},
	{0, 3, {1, 3, 4}},
	{0, 2, {2, 5}},
	{0, 1, {4}},
	{0, 1, {8}}
};

static void
check_lc_example(const JyLifecycleRow *r, int64_t s)
{
	LC_ROW(&r[0], 1 + s, 2, 0, 0, 0);
	LC_ROW(&r[1], 2 + s, 1, 1, 0, 1);
	LC_ROW(&r[2], 3 + s, 0, 1, 1, 1);
	LC_ROW(&r[3], 4 + s, 1, 1, 0, 1);
	LC_ROW(&r[4], 5 + s, 0, 0, 1, 2);
	LC_ROW(&r[5], 6 + s, 0, 0, 0, 1);
	LC_ROW(&r[6], 7 + s, 0, 0, 0, 0);
	LC_ROW(&r[7], 8 + s, 1, 0, 0, 0);
}

static void
test_lifecycle_example(void)
{
	static const int64_t shifts[] = {0, -100, INT64_MIN + 1000, INT64_MAX - 8};
	size_t		si;

	for (si = 0; si < sizeof(shifts) / sizeof(shifts[0]); si++)
	{
		JyLifecycle *lc = lifecycle_of(lc_actors, 5, shifts[si]);
		JyLifecycleRow *r;
		size_t		n;
		int64_t		lo,
					hi;

		CHECK(jy_lifecycle_range(lc, &lo, &hi));
		CHECK_EQ(lo, 1 + shifts[si]);
		CHECK_EQ(hi, 8 + shifts[si]);
		CHECK_EQ(jy_lifecycle_result(lc, &r, &n), JY_OK);
		CHECK_EQ(n, 8);
		if (n == 8)
			check_lc_example(r, shifts[si]);
		free(r);
		/* the result leaves the accumulator as it was */
		CHECK_EQ(jy_lifecycle_result(lc, &r, &n), JY_OK);
		CHECK_EQ(n, 8);
		if (n == 8)
			check_lc_example(r, shifts[si]);
		free(r);
		jy_lifecycle_free(lc);
	}
}

/* More actors after a result; a single actor; no actor */
static void
test_lifecycle_small(void)
{
	JyLifecycle *lc = jy_lifecycle_create(&unit_mem);
	JyLifecycleRow *r;
	size_t		n;
	int64_t		lo,
				hi;
	int64_t		one[] = {-3};
	int64_t		two[] = {-5, -3};

	/* no actor: no rows, no range */
	CHECK_EQ(jy_lifecycle_result(lc, &r, &n), JY_OK);
	CHECK_EQ(n, 0);
	CHECK(r == NULL);
	CHECK(!jy_lifecycle_range(lc, &lo, &hi));

	/* one single-period actor: one row, its dormant in -2 not reported */
	CHECK_EQ(jy_lifecycle_add(lc, one, 1), JY_OK);
	CHECK_EQ(jy_lifecycle_result(lc, &r, &n), JY_OK);
	CHECK_EQ(n, 1);
	LC_ROW(&r[0], -3, 1, 0, 0, 0);
	free(r);

	/*
	 * -5 and -3: -5 new 1; -4 dormant 1; -3 new 1 (the first actor) and
	 * resurrected 1; -2 dormant 2 (not reported)
	 */
	CHECK_EQ(jy_lifecycle_add(lc, two, 2), JY_OK);
	CHECK_EQ(jy_lifecycle_result(lc, &r, &n), JY_OK);
	CHECK_EQ(n, 3);
	LC_ROW(&r[0], -5, 1, 0, 0, 0);
	LC_ROW(&r[1], -4, 0, 0, 0, 1);
	LC_ROW(&r[2], -3, 1, 0, 1, 0);
	free(r);

	/* a later actor brings the earlier dormant -2 into range */
	one[0] = -1;
	CHECK_EQ(jy_lifecycle_add(lc, one, 1), JY_OK);
	CHECK_EQ(jy_lifecycle_result(lc, &r, &n), JY_OK);
	CHECK_EQ(n, 5);
	LC_ROW(&r[3], -2, 0, 0, 0, 2);
	LC_ROW(&r[4], -1, 1, 0, 0, 0);
	free(r);
	jy_lifecycle_free(lc);

	/* the very ends of int64: no overflow */
	lc = jy_lifecycle_create(&unit_mem);
	one[0] = INT64_MAX;
	CHECK_EQ(jy_lifecycle_add(lc, one, 1), JY_OK);
	two[0] = INT64_MAX - 2;
	two[1] = INT64_MAX;
	CHECK_EQ(jy_lifecycle_add(lc, two, 2), JY_OK);
	CHECK_EQ(jy_lifecycle_result(lc, &r, &n), JY_OK);
	CHECK_EQ(n, 3);
	LC_ROW(&r[0], INT64_MAX - 2, 1, 0, 0, 0);
	LC_ROW(&r[1], INT64_MAX - 1, 0, 0, 0, 1);
	LC_ROW(&r[2], INT64_MAX, 1, 0, 1, 0);
	free(r);
	jy_lifecycle_free(lc);

	lc = jy_lifecycle_create(&unit_mem);
	two[0] = INT64_MIN;
	two[1] = INT64_MIN + 1;
	CHECK_EQ(jy_lifecycle_add(lc, two, 2), JY_OK);
	CHECK_EQ(jy_lifecycle_result(lc, &r, &n), JY_OK);
	CHECK_EQ(n, 2);
	LC_ROW(&r[0], INT64_MIN, 1, 0, 0, 0);
	LC_ROW(&r[1], INT64_MIN + 1, 0, 1, 0, 0);
	free(r);
	jy_lifecycle_free(lc);
}

/*
 * Cohort 0 and cohort 1, last_period 4 (offsets in brackets):
 *
 *     actor  cohort  active periods
 *     a      0       0 1 2 3        (0 1 2 3)
 *     b      0       0 2            (0 2)
 *     c      0       -              never active: in the cohort only
 *     d      0       -2 1           -2 is before the cohort: ignored (1)
 *     e      1       1 2            (0 1)
 *     f      1       4              (3)
 *     g      6       6              a cohort after last_period: no rows
 *
 * ON (active in cohort + k exactly), k = 0 .. last_period - cohort:
 *     cohort 0 (size 4):  k0 a b = 2, k1 a d = 2, k2 a b = 2, k3 a = 1, k4 0
 *     cohort 1 (size 2):  k0 e = 1, k1 e = 1, k2 0, k3 f = 1
 *
 * ON_OR_AFTER (active in some period >= cohort + k); last offsets a 3, b 2,
 * c none, d 1; e 1, f 3:
 *     cohort 0:  k0 a b d = 3, k1 a b d = 3, k2 a b = 2, k3 a = 1, k4 0
 *     cohort 1:  k0 2, k1 2, k2 f = 1, k3 f = 1
 *
 * BRACKETS {0, 1, 3}: bracket 0 = offset 0, 1 = offsets 1 .. 2, 2 = 3 on;
 * cohort + b_i <= 4 for every bracket of both cohorts:
 *     cohort 0:  b0 a b = 2, b1 a (twice: counted once) b d = 3, b2 a = 1
 *     cohort 1:  b0 e = 1, b1 e = 1, b2 f = 1
 *
 * last_period 2 instead: ON_OR_AFTER cohort 1 has k0 e f = 2, k1 e f = 2
 * (f's activity in 4, after last_period, still counts); BRACKETS reports
 * brackets 0 and 1 of both cohorts (0 + 3 and 1 + 3 are after 2), cohort
 * 1's bracket 1 being periods 2 .. 3: e = 1.
 */
static const Actor co_actors[] = {
	{0, 4, {0, 1, 2, 3}},
	{0, 2, {0, 2}},
	{0, 0, {0}},
	{0, 2, {-2, 1}},
	{1, 2, {1, 2}},
	{1, 1, {4}},
	{6, 1, {6}}
};

static void
test_cohort_example(void)
{
	static const int32_t b013[] = {0, 1, 3};
	JyCohorts  *c;
	JyCohortRow *r;
	size_t		n;
	int64_t		max;

	c = cohorts_of(JY_RETENTION_ON, NULL, 0, co_actors, 7);
	CHECK(jy_cohorts_max_period(c, &max));
	CHECK_EQ(max, 6);
	CHECK_EQ(jy_cohorts_result(c, 4, &r, &n), JY_OK);
	CHECK_EQ(n, 9);
	if (n == 9)
	{
		CO_ROW(&r[0], 0, 0, 4, 2);
		CO_ROW(&r[1], 0, 1, 4, 2);
		CO_ROW(&r[2], 0, 2, 4, 2);
		CO_ROW(&r[3], 0, 3, 4, 1);
		CO_ROW(&r[4], 0, 4, 4, 0);
		CO_ROW(&r[5], 1, 0, 2, 1);
		CO_ROW(&r[6], 1, 1, 2, 1);
		CO_ROW(&r[7], 1, 2, 2, 0);
		CO_ROW(&r[8], 1, 3, 2, 1);
	}
	free(r);
	jy_cohorts_free(c);

	c = cohorts_of(JY_RETENTION_ON_OR_AFTER, NULL, 0, co_actors, 7);
	CHECK_EQ(jy_cohorts_result(c, 4, &r, &n), JY_OK);
	CHECK_EQ(n, 9);
	if (n == 9)
	{
		CO_ROW(&r[0], 0, 0, 4, 3);
		CO_ROW(&r[1], 0, 1, 4, 3);
		CO_ROW(&r[2], 0, 2, 4, 2);
		CO_ROW(&r[3], 0, 3, 4, 1);
		CO_ROW(&r[4], 0, 4, 4, 0);
		CO_ROW(&r[5], 1, 0, 2, 2);
		CO_ROW(&r[6], 1, 1, 2, 2);
		CO_ROW(&r[7], 1, 2, 2, 1);
		CO_ROW(&r[8], 1, 3, 2, 1);
	}
	free(r);
	CHECK_EQ(jy_cohorts_result(c, 2, &r, &n), JY_OK);
	CHECK_EQ(n, 5);
	if (n == 5)
	{
		CO_ROW(&r[0], 0, 0, 4, 3);
		CO_ROW(&r[1], 0, 1, 4, 3);
		CO_ROW(&r[2], 0, 2, 4, 2);
		CO_ROW(&r[3], 1, 0, 2, 2);
		CO_ROW(&r[4], 1, 1, 2, 2);
	}
	free(r);
	jy_cohorts_free(c);

	c = cohorts_of(JY_RETENTION_BRACKETS, b013, 3, co_actors, 7);
	CHECK_EQ(jy_cohorts_result(c, 4, &r, &n), JY_OK);
	CHECK_EQ(n, 6);
	if (n == 6)
	{
		CO_ROW(&r[0], 0, 0, 4, 2);
		CO_ROW(&r[1], 0, 1, 4, 3);
		CO_ROW(&r[2], 0, 2, 4, 1);
		CO_ROW(&r[3], 1, 0, 2, 1);
		CO_ROW(&r[4], 1, 1, 2, 1);
		CO_ROW(&r[5], 1, 2, 2, 1);
	}
	free(r);
	CHECK_EQ(jy_cohorts_result(c, 2, &r, &n), JY_OK);
	CHECK_EQ(n, 4);
	if (n == 4)
	{
		CO_ROW(&r[0], 0, 0, 4, 2);
		CO_ROW(&r[1], 0, 1, 4, 3);
		CO_ROW(&r[2], 1, 0, 2, 1);
		CO_ROW(&r[3], 1, 1, 2, 1);
	}
	free(r);
	/* last_period 6: cohort 6 appears with bracket 0 (g active: 1) */
	CHECK_EQ(jy_cohorts_result(c, 6, &r, &n), JY_OK);
	CHECK_EQ(n, 7);
	if (n == 7)
		CO_ROW(&r[6], 6, 0, 1, 1);
	free(r);
	/* last_period before every cohort: no rows */
	CHECK_EQ(jy_cohorts_result(c, -1, &r, &n), JY_OK);
	CHECK_EQ(n, 0);
	CHECK(r == NULL);
	jy_cohorts_free(c);
}

/* Brackets starting after 0, a single bracket, no actor, int64 extremes */
static void
test_cohort_small(void)
{
	static const int32_t b2[] = {2};
	static const int32_t b25[] = {2, 5};
	int64_t		p[] = {10, 11, 12, 16};
	int64_t		ends[] = {INT64_MIN, INT64_MAX - 1, INT64_MAX};
	JyStatus	st;
	JyCohorts  *c;
	JyCohortRow *r;
	size_t		n;
	int64_t		max;

	/* offsets 0 1 2 6: {2} is [2, inf) -> 1; offsets 0, 1 in no bracket */
	c = jy_cohorts_create(JY_RETENTION_BRACKETS, b2, 1, &unit_mem, &st);
	CHECK(!jy_cohorts_max_period(c, &max));
	CHECK_EQ(jy_cohorts_result(c, 100, &r, &n), JY_OK);
	CHECK_EQ(n, 0);
	CHECK_EQ(jy_cohorts_add(c, 10, p, 2), JY_OK);	/* offsets 0 1 only */
	CHECK_EQ(jy_cohorts_add(c, 10, p, 4), JY_OK);
	CHECK_EQ(jy_cohorts_result(c, 11, &r, &n), JY_OK);
	CHECK_EQ(n, 0);				/* 10 + 2 > 11 */
	CHECK_EQ(jy_cohorts_result(c, 12, &r, &n), JY_OK);
	CHECK_EQ(n, 1);
	CO_ROW(&r[0], 10, 0, 2, 1);
	free(r);
	jy_cohorts_free(c);

	/* {2, 5}: bracket 0 = offsets 2 .. 4, bracket 1 = 5 on */
	c = jy_cohorts_create(JY_RETENTION_BRACKETS, b25, 2, &unit_mem, &st);
	CHECK_EQ(jy_cohorts_add(c, 10, p, 4), JY_OK);
	CHECK_EQ(jy_cohorts_add(c, 11, p, 4), JY_OK);	/* 10 ignored; 0 1 5 */
	CHECK_EQ(jy_cohorts_result(c, INT64_MAX, &r, &n), JY_OK);
	CHECK_EQ(n, 4);
	CO_ROW(&r[0], 10, 0, 1, 1);
	CO_ROW(&r[1], 10, 1, 1, 1);
	CO_ROW(&r[2], 11, 0, 1, 0);
	CO_ROW(&r[3], 11, 1, 1, 1);
	free(r);
	jy_cohorts_free(c);

	/* the ends of int64 */
	c = jy_cohorts_create(JY_RETENTION_ON, NULL, 0, &unit_mem, &st);
	CHECK_EQ(jy_cohorts_add(c, INT64_MAX - 1, ends, 3), JY_OK);
	CHECK_EQ(jy_cohorts_add(c, INT64_MAX - 1, ends, 1), JY_OK);
	CHECK(jy_cohorts_max_period(c, &max));
	CHECK_EQ(max, INT64_MAX);
	CHECK_EQ(jy_cohorts_result(c, INT64_MAX, &r, &n), JY_OK);
	CHECK_EQ(n, 2);
	CO_ROW(&r[0], INT64_MAX - 1, 0, 2, 1);
	CO_ROW(&r[1], INT64_MAX - 1, 1, 2, 1);
	free(r);
	CHECK_EQ(jy_cohorts_result(c, INT64_MIN, &r, &n), JY_OK);
	CHECK_EQ(n, 0);
	jy_cohorts_free(c);

	c = jy_cohorts_create(JY_RETENTION_ON_OR_AFTER, NULL, 0, &unit_mem, &st);
	CHECK_EQ(jy_cohorts_add(c, INT64_MIN, ends, 1), JY_OK);
	CHECK_EQ(jy_cohorts_result(c, INT64_MIN + 2, &r, &n), JY_OK);
	CHECK_EQ(n, 3);
	CO_ROW(&r[0], INT64_MIN, 0, 1, 1);
	CO_ROW(&r[1], INT64_MIN, 1, 1, 0);
	CO_ROW(&r[2], INT64_MIN, 2, 1, 0);
	free(r);
	jy_cohorts_free(c);
}

/* ------------------------------------------------ random, with an oracle */

/*
 * Periods are base + r for r in 0 .. NR - 1 (an actor's set is a bitmask
 * of r); the oracle works on r, so that it cannot overflow whatever the
 * base.
 */
#define NR 60
#define MAXACT 40

static const int64_t bases[] = {0, -37, -500000000000000000LL, INT64_MIN,
INT64_MAX - (NR - 1), 123456789};

static bool
has(uint64_t set, int r)
{
	return r >= 0 && r < NR && ((set >> r) & 1) != 0;
}

/* Is some r in [lo, hi) in the set? */
static bool
any_in(uint64_t set, int lo, int hi)
{
	int			r;

	for (r = lo; r < hi; r++)
		if (has(set, r))
			return true;
	return false;
}

/* A random set of periods: dense, sparse, single or (allow_empty) empty */
static uint64_t
random_set(bool allow_empty)
{
	uint64_t	set = 0;
	unsigned	kind = unit_below(5);
	unsigned	density = kind == 0 ? 2 : kind == 1 ? 6 : 25;
	int			lo = (int) unit_below(NR),
				hi = lo + 1 + (int) unit_below(NR - (unsigned) lo);
	int			r;

	if (kind == 3)
		set = 1ULL << unit_below(NR);
	else if (kind == 4 && allow_empty)
		return 0;
	else
		for (r = lo; r < hi; r++)
			if (unit_below(density) == 0)
				set |= 1ULL << r;
	if (set == 0 && !allow_empty)
		set = 1ULL << lo;
	return set;
}

static size_t
set_periods(uint64_t set, int64_t base, int64_t *p)
{
	size_t		n = 0;
	int			r;

	for (r = 0; r < NR; r++)
		if (has(set, r))
			p[n++] = base + r;
	return n;
}

static void
test_lifecycle_random(void)
{
	int			iter;

	for (iter = 0; iter < 3000; iter++)
	{
		int64_t		base = bases[unit_below(sizeof(bases) / sizeof(bases[0]))];
		int			nact = 1 + (int) unit_below(MAXACT);
		uint64_t	sets[MAXACT];
		int64_t		p[NR];
		JyLifecycle *lc = jy_lifecycle_create(&unit_mem);
		JyLifecycleRow *rows;
		size_t		nrows;
		int			lo = NR,
					hi = -1,
					a,
					r;

		for (a = 0; a < nact; a++)
		{
			size_t		n;

			sets[a] = random_set(false);
			n = set_periods(sets[a], base, p);
			CHECK_EQ(jy_lifecycle_add(lc, p, n), JY_OK);
			for (r = 0; r < NR; r++)
				if (has(sets[a], r))
				{
					lo = r < lo ? r : lo;
					hi = r > hi ? r : hi;
				}
		}
		CHECK_EQ(jy_lifecycle_result(lc, &rows, &nrows), JY_OK);
		CHECK_EQ(nrows, hi - lo + 1);
		for (r = lo; r <= hi && nrows == (size_t) (hi - lo + 1); r++)
		{
			int64_t		nw = 0,
						cur = 0,
						res = 0,
						dor = 0;

			/* straight from the definitions in cohort.h */
			for (a = 0; a < nact; a++)
			{
				uint64_t	s = sets[a];
				bool		first = true;
				int			q;

				for (q = 0; q < r; q++)
					if (has(s, q))
						first = false;
				if (has(s, r) && first)
					nw++;
				if (has(s, r) && has(s, r - 1))
					cur++;
				if (has(s, r) && !has(s, r - 1) && any_in(s, 0, r - 1))
					res++;
				if (has(s, r - 1) && !has(s, r))
					dor++;
			}
			LC_ROW(&rows[r - lo], base + r, nw, cur, res, dor);
		}
		free(rows);
		jy_lifecycle_free(lc);
	}
}

/* The oracle's count of actors of cohort retained in row k */
static int64_t
oracle_retained(JyRetentionCriterion crit, const int32_t *b, int nb,
				const int *cohorts, const uint64_t *sets, int nact, int cohort, int k)
{
	int64_t		count = 0;
	int			a;

	for (a = 0; a < nact; a++)
	{
		if (cohorts[a] != cohort)
			continue;
		if (crit == JY_RETENTION_ON)
			count += has(sets[a], cohort + k);
		else if (crit == JY_RETENTION_ON_OR_AFTER)
			count += any_in(sets[a], cohort + k, NR);
		else
			count += any_in(sets[a], cohort + b[k],
							k + 1 < nb ? cohort + b[k + 1] : NR);
	}
	return count;
}

static void
test_cohort_random(void)
{
	int			iter;

	for (iter = 0; iter < 3000; iter++)
	{
		JyRetentionCriterion crit = (JyRetentionCriterion) unit_below(3);
		int64_t		base = bases[unit_below(sizeof(bases) / sizeof(bases[0]))];
		int			nact = 1 + (int) unit_below(MAXACT);
		int			cohorts[MAXACT];
		uint64_t	sets[MAXACT];
		int32_t		b[6];
		int			nb = 1 + (int) unit_below(6);
		int64_t		p[NR];
		JyCohorts  *c;
		JyCohortRow *rows;
		size_t		nrows,
					row = 0;
		int			last,
					maxr = 0,
					co,
					a,
					i;
		JyStatus	st;

		b[0] = (int32_t) unit_below(3);
		for (i = 1; i < nb; i++)
			b[i] = b[i - 1] + 1 + (int32_t) unit_below(8);
		c = jy_cohorts_create(crit, b, nb, &unit_mem, &st);
		CHECK_EQ(st, JY_OK);
		for (a = 0; a < nact; a++)
		{
			int			r;

			/* cohorts bunched in a few values, activity on both sides */
			cohorts[a] = (int) unit_below(4) * (int) unit_below(NR / 4) +
				(int) unit_below(3);
			sets[a] = random_set(true);
			CHECK_EQ(jy_cohorts_add(c, base + cohorts[a], p, set_periods(sets[a], base, p)),
					 JY_OK);
			maxr = cohorts[a] > maxr ? cohorts[a] : maxr;
			for (r = cohorts[a]; r < NR; r++)
				if (has(sets[a], r))
					maxr = r > maxr ? r : maxr;
		}
		{
			int64_t		max;

			CHECK(jy_cohorts_max_period(c, &max));
			CHECK_EQ(max, base + maxr);
		}
		/* the largest period seen, or any other in range of the base */
		last = unit_below(2) == 0 ? maxr : (int) unit_below(NR);
		CHECK_EQ(jy_cohorts_result(c, base + last, &rows, &nrows), JY_OK);
		for (co = 0; co < NR; co++)
		{
			int64_t		size = 0;
			int			nk,
						k;

			for (a = 0; a < nact; a++)
				size += cohorts[a] == co;
			if (size == 0 || co > last)
				continue;
			if (crit == JY_RETENTION_BRACKETS)
				for (nk = 0; nk < nb && co + b[nk] <= last; nk++)
					;
			else
				nk = last - co + 1;
			for (k = 0; k < nk; k++, row++)
			{
				if (row >= nrows)
					break;
				CO_ROW(&rows[row], base + co, k, size,
					   oracle_retained(crit, b, nb, cohorts, sets, nact, co, k));
			}
		}
		CHECK_EQ(nrows, row);
		free(rows);
		jy_cohorts_free(c);
	}
}

/* ---------------------------------------------------- limits and errors */

static void
test_lifecycle_errors(void)
{
	JyLifecycle *lc = jy_lifecycle_create(&unit_mem);
	int64_t		unsorted[] = {1, 3, 2};
	int64_t		dup[] = {1, 2, 2};
	int64_t		wide[] = {0, JY_MAX_PERIOD_SPAN - 1};
	int64_t		ends[] = {INT64_MIN, INT64_MAX};
	int64_t		p;
	int64_t		lo,
				hi;
	JyLifecycleRow *r;
	size_t		n;

	CHECK_EQ(jy_lifecycle_add(lc, unsorted, 3), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_lifecycle_add(lc, dup, 3), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_lifecycle_add(lc, unsorted, 0), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_lifecycle_add(lc, NULL, 1), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_lifecycle_add(lc, ends, 2), JY_ERR_BAD_PARAMETER);
	CHECK(!jy_lifecycle_range(lc, &lo, &hi));
	CHECK_EQ(jy_lifecycle_result(lc, &r, &n), JY_OK);
	CHECK_EQ(n, 0);

	/* JY_MAX_PERIOD_SPAN periods are fine, one more is not */
	CHECK_EQ(jy_lifecycle_add(lc, wide, 2), JY_OK);
	p = JY_MAX_PERIOD_SPAN;
	CHECK_EQ(jy_lifecycle_add(lc, &p, 1), JY_ERR_BAD_PARAMETER);
	p = -1;
	CHECK_EQ(jy_lifecycle_add(lc, &p, 1), JY_ERR_BAD_PARAMETER);
	p = INT64_MIN;
	CHECK_EQ(jy_lifecycle_add(lc, &p, 1), JY_ERR_BAD_PARAMETER);
	CHECK(jy_lifecycle_range(lc, &lo, &hi));
	CHECK_EQ(lo, 0);
	CHECK_EQ(hi, JY_MAX_PERIOD_SPAN - 1);
	jy_lifecycle_free(lc);

	/* a refused actor leaves the counts as they were */
	lc = jy_lifecycle_create(&unit_mem);
	p = 5;
	CHECK_EQ(jy_lifecycle_add(lc, &p, 1), JY_OK);
	CHECK_EQ(jy_lifecycle_add(lc, unsorted, 3), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_lifecycle_result(lc, &r, &n), JY_OK);
	CHECK_EQ(n, 1);
	LC_ROW(&r[0], 5, 1, 0, 0, 0);
	free(r);
	jy_lifecycle_free(lc);
	jy_lifecycle_free(NULL);
}

static void
test_cohort_errors(void)
{
	static const int32_t neg[] = {-1, 2};
	static const int32_t eq[] = {0, 2, 2};
	static const int32_t dec[] = {0, 3, 1};
	static const int32_t ok[] = {0, 7};
	int64_t		unsorted[] = {1, 3, 2};
	int64_t		dup[] = {-4, 2, 2};
	int64_t		p[2];
	JyStatus	st;
	JyCohorts  *c;
	JyCohortRow *r;
	size_t		n;
	int64_t		max;

	/* bad brackets */
	CHECK(jy_cohorts_create(JY_RETENTION_BRACKETS, NULL, 2, &unit_mem, &st) == NULL);
	CHECK_EQ(st, JY_ERR_BAD_PARAMETER);
	CHECK(jy_cohorts_create(JY_RETENTION_BRACKETS, ok, 0, &unit_mem, &st) == NULL);
	CHECK_EQ(st, JY_ERR_BAD_PARAMETER);
	CHECK(jy_cohorts_create(JY_RETENTION_BRACKETS, ok, -1, &unit_mem, &st) == NULL);
	CHECK_EQ(st, JY_ERR_BAD_PARAMETER);
	CHECK(jy_cohorts_create(JY_RETENTION_BRACKETS, neg, 2, &unit_mem, &st) == NULL);
	CHECK_EQ(st, JY_ERR_BAD_PARAMETER);
	CHECK(jy_cohorts_create(JY_RETENTION_BRACKETS, eq, 3, &unit_mem, &st) == NULL);
	CHECK_EQ(st, JY_ERR_BAD_PARAMETER);
	CHECK(jy_cohorts_create(JY_RETENTION_BRACKETS, dec, 3, &unit_mem, &st) == NULL);
	CHECK_EQ(st, JY_ERR_BAD_PARAMETER);
	/* too many brackets is refused before they are read */
	CHECK(jy_cohorts_create(JY_RETENTION_BRACKETS, ok, JY_MAX_PERIOD_SPAN + 1, &unit_mem,
							&st) == NULL);
	CHECK_EQ(st, JY_ERR_BAD_PARAMETER);
	CHECK(jy_cohorts_create((JyRetentionCriterion) 7, NULL, 0, &unit_mem, &st) == NULL);
	CHECK_EQ(st, JY_ERR_BAD_PARAMETER);
	/* brackets are ignored by the other criteria */
	c = jy_cohorts_create(JY_RETENTION_ON, neg, 2, &unit_mem, &st);
	CHECK(c != NULL);
	CHECK_EQ(st, JY_OK);
	jy_cohorts_free(c);

	/* bad actors, refused without a trace */
	c = jy_cohorts_create(JY_RETENTION_ON, NULL, 0, &unit_mem, &st);
	CHECK_EQ(jy_cohorts_add(c, 0, unsorted, 3), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_cohorts_add(c, 0, dup, 3), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_cohorts_add(c, 0, NULL, 1), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_cohorts_add(c, 0, NULL, 0), JY_OK);	/* an actor with no activity */
	p[0] = JY_MAX_PERIOD_SPAN - 1;
	CHECK_EQ(jy_cohorts_add(c, 0, p, 1), JY_OK);
	p[0] = JY_MAX_PERIOD_SPAN;
	CHECK_EQ(jy_cohorts_add(c, 0, p, 1), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_cohorts_add(c, -1, NULL, 0), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_cohorts_add(c, INT64_MIN, NULL, 0), JY_ERR_BAD_PARAMETER);
	/* activity before the cohort is not limited */
	p[0] = INT64_MIN;
	CHECK_EQ(jy_cohorts_add(c, 1, p, 1), JY_OK);
	CHECK(jy_cohorts_max_period(c, &max));
	CHECK_EQ(max, JY_MAX_PERIOD_SPAN - 1);
	CHECK_EQ(jy_cohorts_result(c, 2, &r, &n), JY_OK);
	CHECK_EQ(n, 5);
	CO_ROW(&r[0], 0, 0, 2, 0);
	CO_ROW(&r[2], 0, 2, 2, 0);
	CO_ROW(&r[3], 1, 0, 1, 0);
	free(r);

	/* last_period too far from a cohort; no overflow at the ends */
	CHECK_EQ(jy_cohorts_result(c, JY_MAX_PERIOD_SPAN, &r, &n), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(n, 0);
	CHECK(r == NULL);
	CHECK_EQ(jy_cohorts_result(c, INT64_MAX, &r, &n), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_cohorts_result(c, INT64_MIN, &r, &n), JY_OK);
	CHECK_EQ(n, 0);
	/* 3 cohorts of ~10 million rows: beyond JY_COHORT_MAX_ROWS */
	CHECK_EQ(jy_cohorts_add(c, 2, NULL, 0), JY_OK);
	CHECK_EQ(jy_cohorts_result(c, JY_MAX_PERIOD_SPAN - 10, &r, &n), JY_ERR_BAD_PARAMETER);
	jy_cohorts_free(c);
	jy_cohorts_free(NULL);

	/* brackets: any last_period, the rows are at most the brackets */
	c = jy_cohorts_create(JY_RETENTION_BRACKETS, ok, 2, &unit_mem, &st);
	p[0] = INT64_MIN;
	p[1] = INT64_MIN + 7;
	CHECK_EQ(jy_cohorts_add(c, INT64_MIN, p, 2), JY_OK);
	CHECK_EQ(jy_cohorts_result(c, INT64_MAX, &r, &n), JY_OK);
	CHECK_EQ(n, 2);
	CO_ROW(&r[0], INT64_MIN, 0, 1, 1);
	CO_ROW(&r[1], INT64_MIN, 1, 1, 1);
	free(r);
	CHECK_EQ(jy_cohorts_result(c, INT64_MIN + 6, &r, &n), JY_OK);
	CHECK_EQ(n, 1);
	free(r);
	jy_cohorts_free(c);
}

/* Long inputs and outputs call the interrupt hook */
static void
test_interrupts(void)
{
	size_t		np = 3 * JY_INTERRUPT_EVERY;
	int64_t    *p = malloc(np * sizeof(int64_t));
	JyLifecycle *lc = jy_lifecycle_create(&unit_mem);
	JyCohorts  *c;
	JyLifecycleRow *lr;
	JyCohortRow *cr;
	JyStatus	st;
	size_t		i,
				n;
	int			before;

	for (i = 0; i < np; i++)
		p[i] = (int64_t) (2 * i);	/* every other period */
	before = unit_interrupts;
	CHECK_EQ(jy_lifecycle_add(lc, p, np), JY_OK);
	CHECK(unit_interrupts > before);
	before = unit_interrupts;
	CHECK_EQ(jy_lifecycle_result(lc, &lr, &n), JY_OK);
	CHECK(unit_interrupts > before);
	CHECK_EQ(n, 2 * np - 1);
	LC_ROW(&lr[0], 0, 1, 0, 0, 0);
	LC_ROW(&lr[1], 1, 0, 0, 0, 1);
	LC_ROW(&lr[2], 2, 0, 0, 1, 0);
	LC_ROW(&lr[n - 1], (int64_t) n - 1, 0, 0, 1, 0);
	free(lr);
	jy_lifecycle_free(lc);

	c = jy_cohorts_create(JY_RETENTION_ON_OR_AFTER, NULL, 0, &unit_mem, &st);
	before = unit_interrupts;
	CHECK_EQ(jy_cohorts_add(c, 0, p, np), JY_OK);
	CHECK(unit_interrupts > before);
	before = unit_interrupts;
	CHECK_EQ(jy_cohorts_result(c, p[np - 1], &cr, &n), JY_OK);
	CHECK(unit_interrupts > before);
	CHECK_EQ(n, 2 * np - 1);
	CO_ROW(&cr[0], 0, 0, 1, 1);
	CO_ROW(&cr[n - 1], 0, (int32_t) n - 1, 1, 1);
	free(cr);
	jy_cohorts_free(c);
	free(p);
}

/* ------------------------------------------------------- out of memory */


#define OOM_ACTORS 60
#define OOM_LAST 150

static const int32_t oom_brackets[] = {0, 1, 4, 30};

/* Actor i of the out-of-memory runs: many keys, so that the tables grow */
static size_t
oom_actor(int i, int64_t *cohort, int64_t *p)
{
	size_t		n = 0;
	int			r;

	*cohort = i % 7;
	for (r = 0; r < 200; r++)
		if ((r * 7 + i * 13) % (2 + i % 5) == 0)
			p[n++] = r - 20;
	return n;
}

/* The OOM actors' lifecycle table, allocations failing after limit */
static void
oom_lifecycle(int limit, JyLifecycleRow **rows, size_t *nrows)
{
	JyLifecycle *lc;
	int64_t		p[200],
				cohort;
	int			i;
	JyStatus	st;

	*rows = NULL;
	*nrows = 0;
	unit_fail_after = limit;
	lc = jy_lifecycle_create(&unit_failing_mem);
	if (lc == NULL)
		return;
	for (i = 0; i < OOM_ACTORS; i++)
	{
		size_t		np = oom_actor(i, &cohort, p);

		st = jy_lifecycle_add(lc, p, np);
		CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
		if (st != JY_OK)
		{
			/* nothing was added: adding again once memory is back works */
			unit_fail_after = INT_MAX;
			CHECK_EQ(jy_lifecycle_add(lc, p, np), JY_OK);
		}
	}
	st = jy_lifecycle_result(lc, rows, nrows);
	CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
	if (st != JY_OK)
	{
		CHECK(*rows == NULL && *nrows == 0);
		unit_fail_after = INT_MAX;
		CHECK_EQ(jy_lifecycle_result(lc, rows, nrows), JY_OK);
	}
	jy_lifecycle_free(lc);
}

/* The OOM actors' cohort table by crit, allocations failing after limit */
static void
oom_cohorts(int limit, JyRetentionCriterion crit, JyCohortRow **rows, size_t *nrows)
{
	JyCohorts  *c;
	int64_t		p[200],
				cohort;
	int			i;
	JyStatus	st;

	*rows = NULL;
	*nrows = 0;
	unit_fail_after = limit;
	c = jy_cohorts_create(crit, oom_brackets, 4, &unit_failing_mem, &st);
	CHECK((c == NULL) == (st == JY_ERR_OUT_OF_MEMORY));
	if (c == NULL)
		return;
	for (i = 0; i < OOM_ACTORS; i++)
	{
		size_t		np = oom_actor(i, &cohort, p);

		st = jy_cohorts_add(c, cohort, p, np);
		CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
		if (st != JY_OK)
		{
			unit_fail_after = INT_MAX;
			CHECK_EQ(jy_cohorts_add(c, cohort, p, np), JY_OK);
		}
	}
	st = jy_cohorts_result(c, OOM_LAST, rows, nrows);
	CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
	if (st != JY_OK)
	{
		CHECK(*rows == NULL && *nrows == 0);
		unit_fail_after = INT_MAX;
		CHECK_EQ(jy_cohorts_result(c, OOM_LAST, rows, nrows), JY_OK);
	}
	jy_cohorts_free(c);
}

static bool
same_cohort_rows(const JyCohortRow *a, size_t na, const JyCohortRow *b, size_t nb)
{
	size_t		i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (a[i].cohort != b[i].cohort || a[i].period != b[i].period ||
			a[i].cohort_size != b[i].cohort_size || a[i].retained != b[i].retained)
			return false;
	return true;
}

/*
 * Every allocation failing in turn gives JY_ERR_OUT_OF_MEMORY (or NULL),
 * never a crash or a leak (LeakSanitizer checks at exit); a failed add or
 * result changes nothing, so retrying it once memory is back gives the
 * same table as a run where nothing failed.
 */
static void
test_out_of_memory(void)
{
	JyLifecycleRow *want_lc;
	JyCohortRow *want_co[3];
	size_t		nwant_lc,
				nwant_co[3];
	int			limit,
				crit;
	bool		done = false;

	/* the reference tables: nothing fails */
	oom_lifecycle(INT_MAX, &want_lc, &nwant_lc);
	CHECK_EQ(nwant_lc, 200);	/* periods -20 .. 179 */
	for (crit = 0; crit < 3; crit++)
	{
		oom_cohorts(INT_MAX, (JyRetentionCriterion) crit, &want_co[crit], &nwant_co[crit]);
		CHECK(nwant_co[crit] > 0);
	}

	for (limit = 0; !done; limit++)
	{
		JyLifecycleRow *lr;
		JyCohortRow *cr;
		size_t		n;

		unit_failed = false;
		oom_lifecycle(limit, &lr, &n);
		if (lr != NULL)
			CHECK(n == nwant_lc && memcmp(lr, want_lc, n * sizeof(JyLifecycleRow)) == 0);
		free(lr);
		for (crit = 0; crit < 3; crit++)
		{
			oom_cohorts(limit, (JyRetentionCriterion) crit, &cr, &n);
			if (cr != NULL)
				CHECK(same_cohort_rows(cr, n, want_co[crit], nwant_co[crit]));
			free(cr);
		}
		done = !unit_failed;
	}
	/* the runs make up to 10 allocations (creation, table growth, result) */
	CHECK(limit > 9);
	free(want_lc);
	for (crit = 0; crit < 3; crit++)
		free(want_co[crit]);
}

/* ------------------------------------------------------------- periods */

/* Gregorian leap year, astronomical numbering (year 0 = 1 BC is leap) */
static bool
leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/*
 * Walk days lo .. hi: each day's date follows the previous one by the
 * calendar's rules (checked independently of jy_civil_from_days), converts
 * back to the same day number, and lies in the period that starts at
 * jy_period_first_day of its index, with consecutive indexes
 */
static void
walk_days(int64_t lo, int64_t hi)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int64_t		py = 0;
	int			pm = 0,
				pd = 0;
	int64_t		x;
	int			u;

	for (x = lo; x <= hi; x++)
	{
		int64_t		y;
		int			m,
					d;

		jy_civil_from_days(x, &y, &m, &d);
		if (jy_days_from_civil(y, m, d) != x)
			CHECK(jy_days_from_civil(y, m, d) == x);
		if (x > lo)
		{
			int			len = mdays[pm - 1] + (pm == 2 && leap(py) ? 1 : 0);
			bool		next = pd < len ? (y == py && m == pm && d == pd + 1) :
				pm < 12 ? (y == py && m == pm + 1 && d == 1) :
				(y == py + 1 && m == 1 && d == 1);

			if (!next)
				CHECK(next);
			/* a new month is exactly the next month period */
			if ((m != pm) != (jy_period_of_day(JY_PERIOD_MONTH, x) ==
							  jy_period_of_day(JY_PERIOD_MONTH, x - 1) + 1))
				CHECK(false);
		}
		for (u = JY_PERIOD_DAY; u <= JY_PERIOD_MONTH; u++)
		{
			int64_t		k = jy_period_of_day((JyPeriodUnit) u, x);
			int64_t		first = jy_period_first_day((JyPeriodUnit) u, k);

			if (!(first <= x && x < jy_period_first_day((JyPeriodUnit) u, k + 1) &&
				  jy_period_of_day((JyPeriodUnit) u, first) == k))
				CHECK(false);
		}
		py = y;
		pm = m;
		pd = d;
	}
	unit_checks++;
}

static void
test_periods(void)
{
	int64_t		y;
	int			m,
				d;

	/* anchors from PostgreSQL: date - date '2000-01-01' */
	CHECK_EQ(jy_days_from_civil(2000, 1, 1), 0);
	CHECK_EQ(jy_days_from_civil(1970, 1, 1), -10957);
	CHECK_EQ(jy_days_from_civil(1, 1, 1), -730119);		/* 0001-01-01 */
	CHECK_EQ(jy_days_from_civil(0, 6, 1), -730333);		/* 0001-06-01 BC */
	CHECK_EQ(jy_days_from_civil(0, 12, 31), -730120);	/* 0001-12-31 BC */
	/* Julian day 0 (4714-11-24 BC), PostgreSQL's first date */
	CHECK_EQ(jy_days_from_civil(-4713, 11, 24), -2451545);
	/* 294277-01-01, the first day after timestamptz's range */
	CHECK_EQ(jy_days_from_civil(294277, 1, 1), 109203528 - 2451545);
	jy_civil_from_days(-730120, &y, &m, &d);
	CHECK(y == 0 && m == 12 && d == 31);
	jy_civil_from_days(-2451545, &y, &m, &d);
	CHECK(y == -4713 && m == 11 && d == 24);

	/* June 1 BC and January 1 AD are 7 months apart: no year 0 gap */
	CHECK_EQ(jy_period_of_day(JY_PERIOD_MONTH, -730333), -23995);
	CHECK_EQ(jy_period_of_day(JY_PERIOD_MONTH, -730119), -23988);
	CHECK_EQ(jy_period_of_day(JY_PERIOD_MONTH, 0), 0);
	CHECK_EQ(jy_period_of_day(JY_PERIOD_MONTH, -1), -1);
	CHECK_EQ(jy_period_first_day(JY_PERIOD_MONTH, -23988), -730119);
	CHECK_EQ(jy_period_first_day(JY_PERIOD_MONTH, -23995), -730333);
	/* weeks: Monday 2000-01-03 starts week 0; 0001-01-01 is a Monday */
	CHECK_EQ(jy_period_of_day(JY_PERIOD_WEEK, 2), 0);
	CHECK_EQ(jy_period_of_day(JY_PERIOD_WEEK, 1), -1);
	CHECK_EQ(jy_period_first_day(JY_PERIOD_WEEK, jy_period_of_day(JY_PERIOD_WEEK, -730119)), -730119);
	CHECK(jy_period_of_day(JY_PERIOD_WEEK, -730120) == jy_period_of_day(JY_PERIOD_WEEK, -730119) - 1);
	/* Julian day 0 is a Monday too */
	CHECK_EQ(jy_period_first_day(JY_PERIOD_WEEK, jy_period_of_day(JY_PERIOD_WEEK, -2451545)), -2451545);

	/* day by day around 1 BC / 1 AD, the ends of the range, 1900 and 2000 */
	walk_days(-730119 - 1500, -730119 + 1500);
	walk_days(-2451545 - 400, -2451545 + 800);
	walk_days(109203528 - 2451545 - 800, 109203528 - 2451545 + 400);
	walk_days(-36524 - 800, 800);
	walk_days(-146097 * 3 - 100, -146097 * 3 + 100);
}

int
main(void)
{
	test_periods();
	test_lifecycle_example();
	test_lifecycle_small();
	test_cohort_example();
	test_cohort_small();
	test_lifecycle_random();
	test_cohort_random();
	test_lifecycle_errors();
	test_cohort_errors();
	test_interrupts();
	test_out_of_memory();
	return unit_summary("test_cohort");
}
