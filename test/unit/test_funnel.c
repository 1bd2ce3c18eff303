/*
 * test_funnel.c -- unit tests of the windowFunnel engine
 *
 * 1. ClickHouse's own cases (00632_aggregation_window_funnel, 01646), with
 *    the results of the newest revision (code 0215c755: strict_order restarts
 *    on a repeated step 1, allow_reentry skips out-of-order steps,
 *    strict_deduplication returns the highest level reached, PR #99003).
 * 2. Randomised comparison with two independent oracles written straight
 *    from docs/funnels.md: an explicit (ts, condition, row) entry list run
 *    through the rules one entry at a time, and, for strict_once, the full
 *    list of every candidate chain with no pruning.
 */
#include "unit.h"

#include "core/events.h"
#include "core/funnel.h"

typedef struct Cond
{
	char		op;				/* '=' equal, '<' at most, '>' at least */
	int			val;
} Cond;

static bool
cond_true(const Cond *c, int ev)
{
	switch (c->op)
	{
		case '=':
			return ev == c->val;
		case '<':
			return ev <= c->val;
		default:
			return ev >= c->val;
	}
}

/* A new empty standalone block */
static JyEvents *
new_events(void)
{
	JyStatus	st;
	JyEvents   *b = jy_events_grow(NULL, 0, &unit_mem, 0, &st);

	CHECK(b != NULL && st == JY_OK);
	return b;
}

/* Push one event, growing the block when full */
static JyEvents *
push(JyEvents *b, int64_t ts, uint64_t mask)
{
	JyStatus	st;

	b = jy_events_grow(b, 0, &unit_mem, 1, &st);
	CHECK_EQ(st, JY_OK);
	jy_events_push(b, ts, mask);
	return b;
}

static uint32_t
mode_flags(const char *mode)
{
	uint32_t	flags;
	const char *bad;
	size_t		badlen;

	if (jy_funnel_parse_mode(mode, strlen(mode), &flags, &bad, &badlen) != JY_OK)
	{
		fprintf(stderr, "bad mode %s\n", mode);
		exit(2);
	}
	return flags;
}

/* Evaluate a funnel over rows (ts[i], ev[i]) the way the aggregate does */
static int
run_times(const int64_t *ts, const int *ev, size_t n, const Cond *conds,
		  int nconds, uint64_t window, const char *mode, int64_t *times)
{
	JyEvents   *buf = new_events();
	JyFunnelSpec spec = {0};
	int			level = -1;
	size_t		i;

	spec.window = window;
	spec.flags = mode_flags(mode);
	spec.nsteps = nconds;
	for (i = 0; i < n; i++)
	{
		uint64_t	mask = 0;
		int			k;

		for (k = 0; k < nconds; k++)
			if (cond_true(&conds[k], ev[i]))
				mask |= UINT64_C(1) << k;
		if (mask != 0 || (spec.flags & JY_FUNNEL_STRICT_ORDER))
			buf = push(buf, ts[i], mask);
	}
	jy_events_sort(buf, &unit_mem);
	CHECK_EQ(jy_funnel_eval(buf->ev, buf->n, &spec, &unit_mem, &level, times), JY_OK);
	free(buf);
	return level;
}

static int
run(const int64_t *ts, const int *ev, size_t n, const Cond *conds, int nconds,
	uint64_t window, const char *mode)
{
	return run_times(ts, ev, n, conds, nconds, window, mode, NULL);
}

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))
#define EQ(v) {'=', (v)}

/* 00632: events 1000..1008 at t = 0..8 */
static void
test_clickhouse_basic(void)
{
	int64_t		ts[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
	int			ev[] = {1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008};
	Cond		c1[] = {EQ(1000)};
	Cond		c2[] = {EQ(1000), EQ(1001)};
	Cond		c3[] = {EQ(1000), EQ(1001), EQ(1002)};
	Cond		c4[] = {EQ(1000), EQ(1001), EQ(1002), EQ(1008)};
	Cond		c5[] = {EQ(1003), EQ(1004), EQ(1005), EQ(1006), EQ(1007)};
	Cond		c6[] = {EQ(1001), EQ(1008)};
	Cond		c7[] = {EQ(1008), EQ(1001)};
	Cond		c8[] = {{'<', 1007}, {'>', 1002}, {'<', 1006}, {'>', 1004}};
	int64_t		ts2[] = {1, 2, 3, 4, 5, 6, 7, 8};
	int			ev2[] = {1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008};
	int64_t		big[8];
	int			i;

	CHECK_EQ(run(ts, ev, 9, c1, 1, 10000, ""), 1);
	CHECK_EQ(run(ts, ev, 9, c2, 2, 10000, ""), 2);
	CHECK_EQ(run(ts, ev, 9, c3, 3, 10000, ""), 3);
	CHECK_EQ(run(ts, ev, 9, c4, 4, 10000, ""), 4);
	CHECK_EQ(run(ts, ev, 9, c1, 1, 1, ""), 1);
	/* window inclusive, measured from the level-1 event */
	CHECK_EQ(run(ts, ev, 9, c5, 5, 2, ""), 3);
	CHECK_EQ(run(ts, ev, 9, c5, 5, 3, ""), 4);
	CHECK_EQ(run(ts, ev, 9, c5, 5, 4, ""), 5);
	CHECK_EQ(run(ts2, ev2, 8, c6, 2, 10000, ""), 2);
	CHECK_EQ(run(ts2, ev2, 8, c7, 2, 10000, ""), 1);
	CHECK_EQ(run(ts2, ev2, 8, c8, 4, 4, ""), 4);
	/* large timestamps (1e14 + i) */
	for (i = 0; i < 8; i++)
		big[i] = INT64_C(100000000000000) + ts2[i];
	CHECK_EQ(run(big, ev2, 8, c5, 5, 4, ""), 5);
	CHECK_EQ(run(big, ev2, 8, c6, 2, 10000, ""), 2);
	CHECK_EQ(run(big, ev2, 8, c7, 2, 10000, ""), 1);
	/* empty input */
	CHECK_EQ(run(ts, ev, 0, c5, 5, 4, ""), 0);
	/* no row matches step 1 */
	CHECK_EQ(run(ts, ev, 9, c7, 2, 1, ""), 1);
}

/* 00632 funnel_test_strict: a repeated 1005 */
static void
test_clickhouse_dedup(void)
{
	int64_t		ts[] = {0, 10, 20, 30, 40, 50, 51, 60, 70, 80};
	int			ev[] = {1000, 1001, 1002, 1003, 1004, 1005, 1005, 1006, 1007, 1008};
	Cond		c[] = {EQ(1000), EQ(1001), EQ(1002), EQ(1003), EQ(1004), EQ(1005), EQ(1006)};
	/* issue 27469: a b c b d */
	int64_t		ts2[] = {1, 2, 3, 4, 5};
	int			ev2[] = {'a', 'b', 'c', 'b', 'd'};
	Cond		c2[] = {EQ('a'), EQ('b'), EQ('c'), EQ('d')};

	CHECK_EQ(run(ts, ev, NROWS(ts), c, 7, 10000, "strict_deduplication"), 6);
	CHECK_EQ(run(ts, ev, NROWS(ts), c, 7, 10000, ""), 7);
	CHECK_EQ(run(ts2, ev2, 5, c2, 4, 86400, "strict_deduplication"), 3);
	/* strict_order alone reaches step 4: b may re-fill level 2 */
	CHECK_EQ(run(ts2, ev2, 5, c2, 4, 86400, "strict_order"), 4);
}

/* Rows from a string of event letters at t = 1, 2, ...; returns the count */
static size_t
letters(const char *p, int64_t *ts, int *ev)
{
	size_t		n = strlen(p),
				i;

	for (i = 0; i < n; i++)
	{
		ts[i] = (int64_t) i + 1;
		ev[i] = p[i];
	}
	return n;
}

/* 00632 funnel_test_strict_order, users 1..7, and the allow_reentry block */
static void
test_clickhouse_strict_order(void)
{
	static const char *users[] = {
		"abc", "adbc", "aabbcc", "aaaabbcc", "aabbdcc", "ccbbaa", "acb"
	};
	/* default, strict_order, strict_deduplication+strict_order */
	static const int expect[][3] = {
		{3, 3, 3}, {3, 1, 1}, {3, 3, 2}, {3, 3, 2}, {3, 2, 2}, {1, 1, 1}, {2, 1, 1}
	};
	static const char *reentry[] = {"abac", "ababc", "abcbd", "acb", "abcabcd"};

	/*
	 * newest code revision: strict_order / allow_reentry, 3 steps and 4 steps,
	 * then strict_order+allow_reentry+strict_deduplication with 3 steps
	 */
	static const int expect_re[][5] = {
		{3, 3, 3, 3, 3}, {3, 3, 3, 3, 2}, {3, 3, 4, 4, 3}, {1, 2, 1, 2, 2}, {3, 3, 4, 4, 3}
	};
	Cond		c3[] = {EQ('a'), EQ('b'), EQ('c')};
	Cond		c4[] = {EQ('a'), EQ('b'), EQ('c'), EQ('d')};
	size_t		u;

	for (u = 0; u < NROWS(users); u++)
	{
		int64_t		ts[16];
		int			ev[16];
		size_t		n = letters(users[u], ts, ev);

		CHECK_EQ(run(ts, ev, n, c3, 3, 86400, ""), expect[u][0]);
		CHECK_EQ(run(ts, ev, n, c3, 3, 86400, "strict_order"), expect[u][1]);
		CHECK_EQ(run(ts, ev, n, c3, 3, 86400, "strict_deduplication,strict_order"), expect[u][2]);
	}
	for (u = 0; u < NROWS(reentry); u++)
	{
		int64_t		ts[16];
		int			ev[16];
		size_t		n = letters(reentry[u], ts, ev);

		CHECK_EQ(run(ts, ev, n, c3, 3, 86400, "strict_order"), expect_re[u][0]);
		CHECK_EQ(run(ts, ev, n, c3, 3, 86400, "strict_order,allow_reentry"), expect_re[u][1]);
		CHECK_EQ(run(ts, ev, n, c4, 4, 86400, "strict_order"), expect_re[u][2]);
		CHECK_EQ(run(ts, ev, n, c4, 4, 86400, "strict_order,allow_reentry"), expect_re[u][3]);
		CHECK_EQ(run(ts, ev, n, c3, 3, 86400,
					 "strict_order,allow_reentry,strict_deduplication"), expect_re[u][4]);
	}
}

/* 00632 ecommerce: begin_checkout satisfies conditions 1 and 3 */
static void
test_clickhouse_ecommerce(void)
{
	enum
	{
		BC = 1, VPD = 2, CP = 3
	};
	int64_t		ts1[] = {100, 200, 300, 400};
	int			ev1[] = {BC, VPD, BC, CP};
	int64_t		ts2[] = {100, 200, 250, 300, 400};
	int			ev2[] = {BC, VPD, VPD, BC, CP};
	int64_t		ts3[] = {100, 200, 300};
	int			ev3[] = {BC, VPD, CP};
	Cond		c3[] = {EQ(BC), EQ(VPD), EQ(CP)};
	Cond		c4[] = {EQ(BC), EQ(VPD), EQ(BC), EQ(CP)};

	CHECK_EQ(run(ts1, ev1, 4, c3, 3, 600, "strict_order"), 3);
	CHECK_EQ(run(ts2, ev2, 5, c3, 3, 600, "strict_order"), 3);
	CHECK_EQ(run(ts3, ev3, 3, c3, 3, 600, "strict_order"), 3);
	CHECK_EQ(run(ts1, ev1, 4, c4, 4, 600, "strict_order"), 1);
	CHECK_EQ(run(ts2, ev2, 5, c4, 4, 600, "strict_order"), 1);
	CHECK_EQ(run(ts3, ev3, 3, c4, 4, 600, "strict_order"), 1);
	/* the documentation's example: allow_reentry reaches level 4 */
	CHECK_EQ(run(ts1, ev1, 4, c4, 4, 600, "strict_order,allow_reentry"), 4);
	CHECK_EQ(run(ts2, ev2, 5, c4, 4, 600, "strict_order,allow_reentry"), 4);
	CHECK_EQ(run(ts3, ev3, 3, c4, 4, 600, "strict_order,allow_reentry"), 2);
	/* default mode: the same row climbs levels 1 and 3 */
	CHECK_EQ(run(ts1, ev1, 4, c4, 4, 600, ""), 4);
}

/* 00632 strict_increase / strict_once blocks, and 01646 ties */
static void
test_clickhouse_increase_once(void)
{
	int64_t		ts[] = {0, 1, 1, 1, 2};
	int			ev[] = {1000, 1001, 1002, 1003, 1004};
	Cond		c5[] = {EQ(1000), EQ(1001), EQ(1002), EQ(1003), EQ(1004)};
	Cond		c3[] = {EQ(1004), EQ(1004), EQ(1004)};
	enum
	{
		F = 1, S = 2
	};
	int64_t		t123[] = {180, 220, 250};
	int			e123[] = {F, F, S};
	int64_t		t234[] = {100, 250};
	int			e234[] = {F, F};
	int64_t		t345[] = {200, 210, 230};
	int			e345[] = {S, F, S};
	Cond		fs[] = {EQ(F), EQ(F), EQ(S)};
	static const char *modes[] = {
		"strict_once,strict_increase", "strict_once", "strict_once,strict_deduplication"
	};
	size_t		m;
	int64_t		tie_ts[] = {5, 5};
	int			tie_a[] = {1004, 1003};
	int			tie_b[] = {1003, 1004};
	Cond		tie_c[] = {EQ(1004), EQ(1003)};

	CHECK_EQ(run(ts, ev, 5, c5, 5, 10000, ""), 5);
	CHECK_EQ(run(ts, ev, 5, c5, 5, 10000, "strict_increase"), 2);
	CHECK_EQ(run(ts, ev, 5, c3, 3, 10000, ""), 3);
	CHECK_EQ(run(ts, ev, 5, c3, 3, 10000, "strict_once"), 1);
	CHECK_EQ(run(ts, ev, 5, c3, 3, 10000, "strict_increase"), 1);
	for (m = 0; m < NROWS(modes); m++)
	{
		CHECK_EQ(run(t123, e123, 3, fs, 3, 200, modes[m]), 3);
		CHECK_EQ(run(t234, e234, 2, fs, 3, 200, modes[m]), 2);
		CHECK_EQ(run(t345, e345, 3, fs, 3, 200, modes[m]), 1);
	}
	/* ties are ordered by condition, whatever the arrival order */
	CHECK_EQ(run(tie_ts, tie_a, 2, tie_c, 2, 10, ""), 2);
	CHECK_EQ(run(tie_ts, tie_b, 2, tie_c, 2, 10, ""), 2);
}

/* Journey-map extensions: per-step gaps and exclusions, worked by hand */
static void
test_within_exclude(void)
{
	JyFunnelSpec spec = {.window = 10, .flags = 0, .nsteps = 3};
	uint64_t	within[3] = {0, 0, 2};	/* step 3 within 2 of step 2 */
	JyEvent		late[] = {{0, 1}, {1, 2}, {5, 4}};	/* a@0 b@1 c@5 */
	JyEvent		ontime[] = {{0, 1}, {1, 2}, {3, 4}};	/* a@0 b@1 c@3 */
	/* X is bit 3: a@0 b@1 X@2 c@3 -> 2; a@0 b@1 X@2 a@3 b@4 c@5 -> 3 */
	JyEvent		ended[] = {{0, 1}, {1, 2}, {2, 8}, {3, 4}};
	JyEvent		again[] = {{0, 1}, {1, 2}, {2, 8}, {3, 1}, {4, 2}, {5, 4}};
	JyEvent		lower[] = {{0, 1}, {1, 2}, {2, 8}, {3, 1}};	/* best attempt first */
	JyEvent		same_ts[] = {{0, 1}, {2, 2}, {2, 8}};	/* X before b at t=2 */
	int			level;
	int64_t		t[3];
	int			once;

	for (once = 0; once < 2; once++)
	{
		spec.flags = once ? JY_FUNNEL_STRICT_ONCE : 0;
		spec.within = within;
		spec.exclude = 0;
		CHECK_EQ(jy_funnel_eval(late, 3, &spec, &unit_mem, &level, t), JY_OK);
		CHECK_EQ(level, 2);
		CHECK_EQ(jy_funnel_eval(ontime, 3, &spec, &unit_mem, &level, t), JY_OK);
		CHECK_EQ(level, 3);
		spec.within = NULL;
		spec.exclude = 8;
		CHECK_EQ(jy_funnel_eval(ended, 4, &spec, &unit_mem, &level, t), JY_OK);
		CHECK_EQ(level, 2);
		CHECK(t[0] == 0 && t[1] == 1);
		CHECK_EQ(jy_funnel_eval(again, 6, &spec, &unit_mem, &level, t), JY_OK);
		CHECK_EQ(level, 3);
		CHECK(t[0] == 3 && t[2] == 5);
		CHECK_EQ(jy_funnel_eval(lower, 4, &spec, &unit_mem, &level, t), JY_OK);
		CHECK_EQ(level, 2);
		CHECK(t[0] == 0 && t[1] == 1);	/* the earlier, better attempt */
		CHECK_EQ(jy_funnel_eval(same_ts, 3, &spec, &unit_mem, &level, t), JY_OK);
		CHECK_EQ(level, 1);		/* the exclusion applies first */
	}
}

/* Reported chain timestamps on a worked example */
static void
test_times(void)
{
	/* visit@1 view@2 visit@10 view@11 visit@30 view@31 buy@40, window 20 */
	int64_t		ts[] = {1, 2, 10, 11, 30, 31, 40};
	int			ev[] = {'v', 'p', 'v', 'p', 'v', 'p', 'b'};
	Cond		c3[] = {EQ('v'), EQ('p'), EQ('b')};
	Cond		c4[] = {EQ('v'), EQ('p'), EQ('b'), EQ('x')};
	int64_t		t[4] = {0};

	/* completes with the attempt that started at 30 */
	CHECK_EQ(run_times(ts, ev, 7, c3, 3, 20, "", t), 3);
	CHECK_EQ(t[0], 30);
	CHECK_EQ(t[1], 31);
	CHECK_EQ(t[2], 40);
	/* window 30: the first completion (buy@40) with the latest start (30) */
	CHECK_EQ(run_times(ts, ev, 7, c3, 3, 30, "", t), 3);
	CHECK_EQ(t[0], 30);
	/* 4 steps, level 3: the latest chain reaching it */
	CHECK_EQ(run_times(ts, ev, 7, c4, 4, 39, "", t), 3);
	CHECK_EQ(t[0], 30);
	CHECK_EQ(t[2], 40);
	/* level 2 only (window too short for buy): latest reach of level 2 */
	CHECK_EQ(run_times(ts, ev, 7, c4, 4, 5, "", t), 2);
	CHECK_EQ(t[0], 30);
	CHECK_EQ(t[1], 31);
	CHECK_EQ(run_times(ts, ev, 7, c3, 3, 5, "strict_once", t), 2);
	CHECK_EQ(t[0], 30);
	CHECK_EQ(t[1], 31);
}

/* ---------- oracles ---------- */

typedef struct Entry
{
	int64_t		ts;
	int			k;				/* -1: exclusion; 0: a row matching nothing; else 1-based */
	int			row;
} Entry;

static int
entry_cmp(const void *a, const void *b)
{
	const Entry *x = a,
			   *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->k != y->k)
		return x->k - y->k;
	return x->row - y->row;
}

/* The (ts, condition, row) entries of sorted events */
static size_t
make_entries(const JyEvent *ev, size_t n, int nsteps, uint32_t flags, Entry *out)
{
	size_t		ne = 0,
				i;

	for (i = 0; i < n; i++)
	{
		int			k;

		if (ev[i].mask == 0)
		{
			if (flags & JY_FUNNEL_STRICT_ORDER)
				out[ne++] = (Entry) {ev[i].ts, 0, (int) i};
			continue;
		}
		if (ev[i].mask >> nsteps & 1)
			out[ne++] = (Entry) {ev[i].ts, -1, (int) i};	/* the exclusion bit */
		for (k = 0; k < nsteps; k++)
			if (ev[i].mask >> k & 1)
				out[ne++] = (Entry) {ev[i].ts, k + 1, (int) i};
	}
	qsort(out, ne, sizeof(Entry), entry_cmp);
	return ne;
}

static int
oracle_highest(const bool *set, int N)
{
	int			k;

	for (k = N; k > 0; k--)
		if (set[k - 1])
			return k;
	return 0;
}

/* One chain per level, one entry at a time: the rules of docs/funnels.md */
static int
oracle_greedy(const JyEvent *ev, size_t n, const JyFunnelSpec *spec, int64_t *times)
{
	Entry		entries[256];
	size_t		ne = make_entries(ev, n, spec->nsteps, spec->flags, entries);
	const int	N = spec->nsteps;
	const uint32_t f = spec->flags;
	bool		set[JY_MAX_STEPS] = {false};
	int64_t		first[JY_MAX_STEPS],
				last[JY_MAX_STEPS];
	int64_t		path[8][8],
				best_path[8];
	bool		started = false;
	int			result = -1,
				best = 0;
	size_t		e;
	int			i;

	for (e = 0; e < ne && result < 0; e++)
	{
		int64_t		ts = entries[e].ts;
		int			k = entries[e].k;

		if (k == -1)
		{
			int			lv = oracle_highest(set, N);

			if (lv > best)
			{
				best = lv;
				memcpy(best_path, path[lv - 1], sizeof(best_path));
			}
			memset(set, 0, sizeof(set));
			started = false;
			continue;
		}
		if (k == 0)
		{
			if (started)
				result = oracle_highest(set, N);
			continue;
		}
		if (k == 1)
		{
			set[0] = true;
			first[0] = last[0] = ts;
			path[0][0] = ts;
			started = true;
			if (N == 1)
				result = 1;
		}
		else if ((f & JY_FUNNEL_STRICT_DEDUP) && set[k - 1])
			result = oracle_highest(set, N);
		else if ((f & JY_FUNNEL_STRICT_ORDER) && started && !set[k - 2])
		{
			if (f & JY_FUNNEL_ALLOW_REENTRY)
				continue;
			for (i = 0; i < N && set[i]; i++)
				;
			result = i;
		}
		else if (set[k - 2] && ts - first[k - 2] <= (int64_t) spec->window &&
				 (!(f & JY_FUNNEL_STRICT_INCREASE) || last[k - 2] < ts) &&
				 (spec->within == NULL || spec->within[k - 1] == 0 ||
				  ts - last[k - 2] <= (int64_t) spec->within[k - 1]))
		{
			set[k - 1] = true;
			first[k - 1] = first[k - 2];
			last[k - 1] = ts;
			for (i = 0; i < k - 1; i++)
				path[k - 1][i] = path[k - 2][i];
			path[k - 1][k - 1] = ts;
			if (k == N)
				result = N;
		}
	}
	if (result < 0)
		result = oracle_highest(set, N);
	if (best > result)
	{
		memcpy(times, best_path, best * sizeof(int64_t));
		return best;
	}
	if (result > 0)
		for (i = 0; i < result; i++)
			times[i] = path[result - 1][i];
	return result;
}

/* Every candidate chain, as ClickHouse's strict_once keeps them */
typedef struct OChain
{
	int64_t		first,
				last;
	int			rows[8];
	int64_t		ts[8];
} OChain;

#define OMAX 20000

static OChain olist[8][OMAX];
static int	ocount[8];

/*
 * Returns the level; *rfirst and *rlast receive the first and last step of
 * the reported chain (latest accepting entry, then latest first step).
 */
static int
oracle_once(const JyEvent *ev, size_t n, const JyFunnelSpec *spec,
			int64_t *rfirst, int64_t *rlast)
{
	Entry		entries[256];
	size_t		ne = make_entries(ev, n, spec->nsteps, spec->flags, entries);
	const int	N = spec->nsteps;
	const uint32_t f = spec->flags;
	bool		started = false;
	int			result = -1;
	size_t		e;
	int			i;
	int64_t		repf[8],
				repl[8];
	size_t		repe[8];
	int			best = 0;
	int64_t		bestf = 0,
				bestl = 0;

	memset(ocount, 0, sizeof(ocount));
	for (e = 0; e < ne && result < 0; e++)
	{
		int64_t		ts = entries[e].ts;
		int			k = entries[e].k;
		int			row = entries[e].row;
		bool		nonempty[8];

		for (i = 0; i < N; i++)
			nonempty[i] = ocount[i] > 0;
		if (k == -1)
		{
			int			lv = oracle_highest(nonempty, N);

			if (lv > best)
			{
				best = lv;
				bestf = repf[lv - 1];
				bestl = repl[lv - 1];
			}
			memset(ocount, 0, sizeof(ocount));
			started = false;
			continue;
		}
		if (k == 0)
		{
			if (started)
				result = oracle_highest(nonempty, N);
			continue;
		}
		if (k == 1)
		{
			OChain	   *c = &olist[0][ocount[0]++];

			c->first = c->last = ts;
			c->rows[0] = row;
			c->ts[0] = ts;
			started = true;
			repe[0] = e;
			repf[0] = repl[0] = ts;
			if (N == 1)
				result = 1;
		}
		else if ((f & JY_FUNNEL_STRICT_DEDUP) && nonempty[k - 1])
			result = oracle_highest(nonempty, N);
		else if ((f & JY_FUNNEL_STRICT_ORDER) && started && !nonempty[k - 2])
		{
			if (f & JY_FUNNEL_ALLOW_REENTRY)
				continue;
			for (i = 0; i < N && nonempty[i]; i++)
				;
			result = i;
		}
		else if (nonempty[k - 2])
		{
			int			cnt = ocount[k - 2];
			int			c;

			for (c = 0; c < cnt; c++)
			{
				OChain	   *p = &olist[k - 2][c];
				OChain	   *q;
				bool		used = false;

				for (i = 0; i < k - 1; i++)
					used |= p->rows[i] == row;
				if (used || ts - p->first > (int64_t) spec->window)
					continue;
				if (spec->within != NULL && spec->within[k - 1] != 0 &&
					ts - p->last > (int64_t) spec->within[k - 1])
					continue;
				if ((f & JY_FUNNEL_STRICT_INCREASE) && !(p->last < ts))
					continue;
				if (ocount[k - 1] >= OMAX)
				{
					fprintf(stderr, "oracle overflow\n");
					exit(2);
				}
				q = &olist[k - 1][ocount[k - 1]++];
				*q = *p;
				q->last = ts;
				q->rows[k - 1] = row;
				q->ts[k - 1] = ts;
				if (repe[k - 1] != e || ocount[k - 1] == 1 || repf[k - 1] < q->first)
				{
					repe[k - 1] = e;
					repf[k - 1] = q->first;
					repl[k - 1] = ts;
				}
				if (ocount[k - 1] == 1)
					repe[k - 1] = e;
				if (k == N)
					result = N;	/* after every chain saw this entry */
			}
		}
	}
	if (result < 0)
	{
		bool		nonempty[8];

		for (i = 0; i < N; i++)
			nonempty[i] = ocount[i] > 0;
		result = oracle_highest(nonempty, N);
	}
	if (best > result)
	{
		*rfirst = bestf;
		*rlast = bestl;
		return best;
	}
	if (result > 0)
	{
		*rfirst = repf[result - 1];
		*rlast = repl[result - 1];
	}
	return result;
}

/* Is times[0..L) a valid strict_once chain over ev (distinct rows)? */
static bool
valid_once_chain(const JyEvent *ev, size_t n, const JyFunnelSpec *spec,
				 const int64_t *times, int L, int step, uint64_t used)
{
	size_t		r;

	if (step == L)
		return true;
	if (step > 0 && times[step] < times[step - 1])
		return false;
	if (step > 0 && (spec->flags & JY_FUNNEL_STRICT_INCREASE) && times[step] == times[step - 1])
		return false;
	if (times[step] - times[0] > (int64_t) spec->window)
		return false;
	if (step > 0 && spec->within != NULL && spec->within[step] != 0 &&
		times[step] - times[step - 1] > (int64_t) spec->within[step])
		return false;
	for (r = 0; r < n; r++)
		if (ev[r].ts == times[step] && (ev[r].mask >> step & 1) && !(used >> r & 1) &&
			valid_once_chain(ev, n, spec, times, L, step + 1, used | (UINT64_C(1) << r)))
			return true;
	return false;
}

static void
test_random_against_oracles(void)
{
	int			iter;
	int			compared = 0;

	for (iter = 0; iter < 200000; iter++)
	{
		JyEvents   *buf = new_events();
		JyFunnelSpec spec = {0};
		uint64_t	within[8] = {0};
		size_t		n = unit_below(11);
		size_t		i;
		int			level,
					expect;
		int64_t		times[8],
					otimes[8];
		uint64_t	full;

		spec.nsteps = 1 + (int) unit_below(4);
		spec.window = 1 + unit_below(4);
		spec.flags = unit_below(32);
		if ((spec.flags & JY_FUNNEL_ALLOW_REENTRY) && !(spec.flags & JY_FUNNEL_STRICT_ORDER))
		{
			free(buf);
			continue;
		}
		full = (UINT64_C(1) << spec.nsteps) - 1;
		if (unit_below(3) == 0)
		{
			int			k;

			for (k = 1; k < spec.nsteps; k++)
				within[k] = unit_below(3);	/* 0: no limit */
			spec.within = within;
		}
		if (unit_below(4) == 0)
			spec.exclude = UINT64_C(1) << spec.nsteps;
		for (i = 0; i < n; i++)
		{
			uint64_t	mask;

			if (spec.exclude != 0 && unit_below(6) == 0)
				mask = spec.exclude;
			else if (unit_below(4) == 0)
				mask = 0;
			else if (unit_below(3) == 0)
				mask = unit_rand() & full;
			else
				mask = UINT64_C(1) << unit_below((unsigned) spec.nsteps);
			if (mask == 0 && !(spec.flags & JY_FUNNEL_STRICT_ORDER))
				continue;
			buf = push(buf, (int64_t) unit_below(6), mask);
		}
		jy_events_sort(buf, &unit_mem);
		CHECK_EQ(jy_funnel_eval(buf->ev, buf->n, &spec, &unit_mem, &level, times), JY_OK);
		/* the level does not depend on whether times are wanted */
		{
			int			level2;

			CHECK_EQ(jy_funnel_eval(buf->ev, buf->n, &spec, &unit_mem, &level2, NULL), JY_OK);
			CHECK_EQ(level2, level);
		}
		if (spec.flags & JY_FUNNEL_STRICT_ONCE)
		{
			int64_t		rf = 0,
						rl = 0;

			expect = oracle_once(buf->ev, buf->n, &spec, &rf, &rl);
			CHECK_EQ(level, expect);
			if (level == expect && level > 0)
			{
				CHECK_EQ(times[0], rf);
				CHECK_EQ(times[level - 1], rl);
				if (spec.exclude == 0)	/* (the chain may span no exclusion: not checked here) */
					CHECK(valid_once_chain(buf->ev, buf->n, &spec, times, level, 0, 0));
			}
		}
		else
		{
			expect = oracle_greedy(buf->ev, buf->n, &spec, otimes);
			CHECK_EQ(level, expect);
			for (i = 0; level == expect && i < (size_t) level; i++)
				CHECK_EQ(times[i], otimes[i]);
		}
		if (level != expect)
		{
			fprintf(stderr, "  n=%u steps=%d window=%d flags=%u exclude=%d within=%d,%d,%d:",
					buf->n, spec.nsteps, (int) spec.window, spec.flags, spec.exclude != 0,
					(int) within[1], (int) within[2], (int) within[3]);
			for (i = 0; i < buf->n; i++)
				fprintf(stderr, " (%d,%d)", (int) buf->ev[i].ts, (int) buf->ev[i].mask);
			fprintf(stderr, "\n");
			iter = 1 << 30;		/* one report is enough */
		}
		compared++;
		free(buf);
	}
	CHECK(compared > 100000);
}

/*
 * 1, 63 and 64 steps in every mode: a chain that reaches the last step must
 * not shift a mask by 64 (UBSan aborts), and one row satisfying every step
 * (the top bit set) is kept like any other.
 */
static void
test_step_limits(void)
{
	static const char *const modes[] = {"", "strict_order", "strict_deduplication",
	"strict_increase", "strict_once", "strict_order,allow_reentry"};
	static const int counts[] = {1, 63, 64};
	size_t		m,
				c;

	for (m = 0; m < NROWS(modes); m++)
		for (c = 0; c < NROWS(counts); c++)
		{
			int			nsteps = counts[c];
			JyEvents   *buf = new_events();
			JyFunnelSpec spec = {0};
			int64_t		times[64];
			int			level = -1;
			int			k;

			spec.window = 1000;
			spec.flags = mode_flags(modes[m]);
			spec.nsteps = nsteps;
			/* step k at t = k + 1, then a row that satisfies every step */
			for (k = 0; k < nsteps; k++)
				buf = push(buf, k + 1, UINT64_C(1) << k);
			buf = push(buf, nsteps + 1, nsteps == 64 ? UINT64_MAX : (UINT64_C(1) << nsteps) - 1);
			jy_events_sort(buf, &unit_mem);
			CHECK_EQ(jy_funnel_eval(buf->ev, buf->n, &spec, &unit_mem, &level, times), JY_OK);
			CHECK_EQ(level, nsteps);
			CHECK_EQ(times[0], 1);
			CHECK_EQ(times[nsteps - 1], nsteps);
			free(buf);
		}
}

/* strict_once stays small where the full chain list would explode */
static void
test_once_many_rows(void)
{
	JyEvents   *buf = new_events();
	JyFunnelSpec spec = {.window = 1000, .flags = JY_FUNNEL_STRICT_ONCE, .nsteps = 8};
	int			level;
	int64_t		times[8];
	int			i;

	/* 200 rows at one timestamp, each satisfying every step but the last */
	for (i = 0; i < 200; i++)
		buf = push(buf, 7, 0x7f);
	buf = push(buf, 8, 0x80);
	jy_events_sort(buf, &unit_mem);
	CHECK_EQ(jy_funnel_eval(buf->ev, buf->n, &spec, &unit_mem, &level, times), JY_OK);
	/* 7 distinct rows fill steps 1..7 at t=7, the last row step 8 */
	CHECK_EQ(level, 8);
	CHECK_EQ(times[0], 7);
	CHECK_EQ(times[7], 8);
	free(buf);
}

static void
test_modes(void)
{
	uint32_t	f;
	const char *bad = NULL;
	size_t		badlen = 0;
	char		text[128];

#define PARSE(s) jy_funnel_parse_mode((s), strlen(s), &f, &bad, &badlen)
	CHECK_EQ(PARSE(""), JY_OK);
	CHECK_EQ(f, 0);
	CHECK_EQ(PARSE(" strict_order , STRICT_Increase,"), JY_OK);
	CHECK_EQ(f, JY_FUNNEL_STRICT_ORDER | JY_FUNNEL_STRICT_INCREASE);
	CHECK_EQ(PARSE("strict_deduplication,strict_once,strict_order,allow_reentry"), JY_OK);
	CHECK_EQ(f, JY_FUNNEL_STRICT_DEDUP | JY_FUNNEL_STRICT_ONCE | JY_FUNNEL_STRICT_ORDER |
			 JY_FUNNEL_ALLOW_REENTRY);
	CHECK_EQ(PARSE("Any_Order, first_time"), JY_OK);
	CHECK_EQ(f, JY_FUNNEL_ANY_ORDER | JY_FUNNEL_FIRST_TIME);
	CHECK_EQ(PARSE("totals,strict_once"), JY_OK);
	CHECK_EQ(f, JY_FUNNEL_TOTALS | JY_FUNNEL_STRICT_ONCE);
	CHECK_EQ(PARSE("any_order,strict_increase"), JY_ERR_MODE_CONFLICT);
	CHECK(strcmp(bad, "any_order and strict_increase cannot be combined") == 0);
	CHECK_EQ(badlen, strlen(bad));
	CHECK_EQ(PARSE("strict_once, any_order"), JY_ERR_MODE_CONFLICT);
	CHECK_EQ(PARSE("totals, first_time"), JY_ERR_MODE_CONFLICT);
	CHECK(strcmp(bad, "first_time and totals cannot be combined") == 0);
	CHECK(jy_funnel_mode_conflict(JY_FUNNEL_ANY_ORDER | JY_FUNNEL_TOTALS) == NULL);
	CHECK_EQ(PARSE("strict_order, strict_ordr"), JY_ERR_BAD_MODE);
	CHECK_EQ(badlen, 11);
	CHECK(strncmp(bad, "strict_ordr", 11) == 0);
	CHECK_EQ(PARSE("strict"), JY_ERR_MODE_STRICT);
	CHECK_EQ(PARSE("allow_reentry"), JY_ERR_REENTRY_NEEDS_ORDER);
	CHECK_EQ(PARSE("strict_orderx"), JY_ERR_BAD_MODE);
	CHECK_EQ(PARSE("strict_orde"), JY_ERR_BAD_MODE);
	CHECK_EQ(jy_funnel_mode_text(JY_FUNNEL_STRICT_ORDER | JY_FUNNEL_ALLOW_REENTRY, text, sizeof(text)),
			 strlen("strict_order,allow_reentry"));
	CHECK(strcmp(text, "strict_order,allow_reentry") == 0);
	CHECK_EQ(jy_funnel_mode_text(0, text, sizeof(text)), 0);
	CHECK(text[0] == '\0');
#undef PARSE
}

static int
qsort_cmp(const void *a, const void *b)
{
	return jy_event_cmp(a, b);
}

/* The buffer's sort against qsort, on shapes that stress quicksort */
static void
test_sort(void)
{
	int			shape;

	for (shape = 0; shape < 6; shape++)
	{
		size_t		sizes[] = {0, 1, 2, 25, 100, 1000, 100000};
		size_t		s;

		for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		{
			JyEvents   *buf = new_events();
			JyEvent    *copy;
			size_t		n = sizes[s],
						i;

			for (i = 0; i < n; i++)
			{
				int64_t		ts;

				switch (shape)
				{
					case 0:
						ts = (int64_t) unit_rand();
						break;
					case 1:
						ts = (int64_t) i;	/* sorted */
						break;
					case 2:
						ts = (int64_t) (n - i);	/* reversed */
						break;
					case 3:
						ts = 42;	/* all equal */
						break;
					case 4:
						ts = (int64_t) (i % 2 ? i : n - i);	/* organ pipe */
						break;
					default:
						ts = (int64_t) unit_below(5);	/* many ties */
						break;
				}
				buf = push(buf, ts, unit_below(4));
			}
			copy = malloc((n + 1) * sizeof(JyEvent));
			if (n > 0)
				memcpy(copy, buf->ev, n * sizeof(JyEvent));
			qsort(copy, n, sizeof(JyEvent), qsort_cmp);
			jy_events_sort(buf, &unit_mem);
			CHECK(buf->sorted);
			CHECK(n == 0 || memcmp(copy, buf->ev, n * sizeof(JyEvent)) == 0);
			free(copy);
			free(buf);
		}
	}
	CHECK(unit_interrupts > 0);
}

/* Growth, the sorted flag through push and append, and the prefix layout */
static void
test_buffer(void)
{
	JyEvents   *a = new_events(),
			   *b = new_events();
	JyEvent		e[2] = {{5, 1}, {6, 1}};
	JyStatus	st;
	char	   *c;
	JyEvents   *in;

	/* an empty block fills a 128-byte allocation */
	CHECK_EQ(a->cap, (128 - sizeof(JyEvents)) / sizeof(JyEvent));
	a = push(a, 1, 1);
	a = push(a, 1, 2);
	CHECK(a->sorted);
	a = jy_events_grow(a, 0, &unit_mem, 2, &st);
	jy_events_append(a, e, 2);
	CHECK(a->sorted);
	CHECK_EQ(a->n, 4);
	a = push(a, 0, 1);
	CHECK(!a->sorted);
	b = jy_events_grow(b, 0, &unit_mem, a->n, &st);
	jy_events_append(b, a->ev, a->n);
	CHECK(!b->sorted);
	jy_events_append(b, e, 0);
	CHECK_EQ(b->n, 5);
	jy_events_sort(b, &unit_mem);
	CHECK_EQ(b->ev[0].ts, 0);
	CHECK_EQ(b->ev[4].ts, 6);
	/* growth doubles the allocation and keeps the events */
	{
		uint32_t	cap = b->cap;
		int			i;

		for (i = 0; i < 100; i++)
			b = push(b, 100 + i, 1);
		CHECK(b->cap > cap);
		CHECK_EQ(b->n, 105);
		CHECK_EQ(b->ev[4].ts, 6);
		CHECK_EQ(b->ev[104].ts, 199);
		CHECK_EQ((sizeof(JyEvents) + b->cap * sizeof(JyEvent)) & (sizeof(JyEvents) + b->cap * sizeof(JyEvent) - 1), 0);
	}
	free(a);
	free(b);

	/* a block after a 24-byte prefix keeps the prefix across growth */
	c = jy_events_grow(NULL, 24, &unit_mem, 1, &st);
	memcpy(c, "prefix bytes stay put!!", 24);
	in = jy_events_at(c, 24);
	CHECK_EQ(in->n, 0);
	CHECK_EQ(in->cap, (128 - 24 - sizeof(JyEvents)) / sizeof(JyEvent));
	c = jy_events_grow(c, 24, &unit_mem, 50, &st);
	CHECK_EQ(st, JY_OK);
	CHECK(memcmp(c, "prefix bytes stay put!!", 24) == 0);
	CHECK(jy_events_at(c, 24)->cap >= 50);
	free(c);

	CHECK(jy_events_grow(NULL, 0, &unit_mem, (size_t) JY_MAX_EVENTS + 1, &st) == NULL);
	CHECK_EQ(st, JY_ERR_TOO_MANY_EVENTS);
}

/* ---------- issue 13: first_time, optional steps, scoped exclusions ---------- */

/*
 * first_time as a transform of the input: every row later than the first
 * row that satisfies step 1 loses step 1 (a row left with no condition is
 * dropped unless strict_order keeps it as a marker).  Returns the count.
 */
static size_t
first_time_events(const JyEvent *ev, size_t n, uint32_t flags, JyEvent *out)
{
	int64_t		t1 = 0;
	bool		seen = false;
	size_t		i,
				o = 0;

	for (i = 0; i < n && !seen; i++)
		if (ev[i].mask & 1)
		{
			t1 = ev[i].ts;
			seen = true;
		}
	for (i = 0; i < n; i++)
	{
		JyEvent		e = ev[i];

		if (seen && e.ts > t1)
			e.mask &= ~UINT64_C(1);
		if (e.mask == 0 && ev[i].mask != 0 && !(flags & JY_FUNNEL_STRICT_ORDER))
			continue;
		out[o++] = e;
	}
	jy_sort_events(out, o, &unit_mem);
	return o;
}

/* Random sorted events for a spec: steps, exclusion bits (xbits) and markers */
static JyEvents *
random_events(const JyFunnelSpec *spec, uint64_t xbits, size_t n)
{
	JyEvents   *buf = new_events();
	const uint64_t full = (UINT64_C(1) << spec->nsteps) - 1;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		uint64_t	mask;

		if (xbits != 0 && unit_below(5) == 0)
		{
			mask = xbits;
			while (__builtin_popcountll(mask) > 1 && unit_below(2))
				mask &= mask - 1;
			if (unit_below(4) == 0)
				mask |= UINT64_C(1) << unit_below((unsigned) spec->nsteps);
		}
		else if (unit_below(4) == 0)
			mask = 0;
		else if (unit_below(3) == 0)
			mask = unit_rand() & full;
		else
			mask = UINT64_C(1) << unit_below((unsigned) spec->nsteps);
		if (mask == 0 && !(spec->flags & JY_FUNNEL_STRICT_ORDER))
			continue;
		buf = push(buf, (int64_t) unit_below(6), mask);
	}
	jy_events_sort(buf, &unit_mem);
	return buf;
}

/*
 * first_time against the two oracles over the transformed input, in every
 * mode (with gaps and the global exclusion)
 */
static void
test_first_time_random(void)
{
	int			iter,
				compared = 0,
				differ = 0;

	for (iter = 0; iter < 100000; iter++)
	{
		JyFunnelSpec spec = {0};
		uint64_t	within[8] = {0};
		JyEvents   *buf;
		JyEvent		tev[16];
		size_t		tn,
					i;
		int			level,
					plain,
					expect;
		int64_t		times[8],
					otimes[8];

		spec.nsteps = 1 + (int) unit_below(4);
		spec.window = 1 + unit_below(4);
		spec.flags = unit_below(32);
		if ((spec.flags & JY_FUNNEL_ALLOW_REENTRY) && !(spec.flags & JY_FUNNEL_STRICT_ORDER))
			continue;
		if (unit_below(3) == 0)
		{
			int			k;

			for (k = 1; k < spec.nsteps; k++)
				within[k] = unit_below(3);
			spec.within = within;
		}
		if (unit_below(4) == 0)
			spec.exclude = UINT64_C(1) << spec.nsteps;
		buf = random_events(&spec, spec.exclude, unit_below(11));
		tn = first_time_events(buf->ev, buf->n, spec.flags, tev);
		CHECK_EQ(jy_funnel_eval(buf->ev, buf->n, &spec, &unit_mem, &plain, NULL), JY_OK);
		spec.flags |= JY_FUNNEL_FIRST_TIME;
		CHECK_EQ(jy_funnel_eval(buf->ev, buf->n, &spec, &unit_mem, &level, times), JY_OK);
		spec.flags &= ~JY_FUNNEL_FIRST_TIME;
		if (spec.flags & JY_FUNNEL_STRICT_ONCE)
		{
			int64_t		rf = 0,
						rl = 0;

			expect = oracle_once(tev, tn, &spec, &rf, &rl);
			CHECK_EQ(level, expect);
			if (level == expect && level > 0)
			{
				CHECK_EQ(times[0], rf);
				CHECK_EQ(times[level - 1], rl);
			}
		}
		else
		{
			expect = oracle_greedy(tev, tn, &spec, otimes);
			CHECK_EQ(level, expect);
			for (i = 0; level == expect && i < (size_t) level; i++)
				CHECK_EQ(times[i], otimes[i]);
		}
		/*
		 * first_time never converts more, except where strict_order stops or
		 * strict_increase's one chain per level was the later start
		 */
		if (!(spec.flags & (JY_FUNNEL_STRICT_ORDER | JY_FUNNEL_STRICT_DEDUP |
							JY_FUNNEL_STRICT_INCREASE)))
			CHECK(level <= plain);
		differ += level != plain;
		compared++;
		free(buf);
	}
	CHECK(compared > 50000);
	CHECK(differ > 1000);		/* the mode does something */
}

/* Hand cases of first_time: the first attempt only */
static void
test_first_time_cases(void)
{
	/* steps 1000 -> 1001, window 5: a first attempt too slow, a second in time */
	int64_t		ts[] = {0, 10, 12};
	int			ev[] = {1000, 1000, 1001};
	Cond		c2[] = {EQ(1000), EQ(1001)};
	int64_t		times[2];

	CHECK_EQ(run(ts, ev, 3, c2, 2, 5, ""), 2);
	CHECK_EQ(run(ts, ev, 3, c2, 2, 5, "first_time"), 1);
	CHECK_EQ(run(ts, ev, 3, c2, 2, 5, "first_time,strict_once"), 1);
	CHECK_EQ(run(ts, ev, 3, c2, 2, 100, "first_time"), 2);
	CHECK_EQ(run_times(ts, ev, 3, c2, 2, 100, "first_time", times), 2);
	CHECK_EQ(times[0], 0);		/* the chain starts at the first attempt */
	CHECK_EQ(times[1], 12);
	/* two step-1 rows at the first timestamp are the same start */
	{
		int64_t		ts2[] = {3, 3, 4, 9};
		int			ev2[] = {1000, 1000, 1001, 1000};

		CHECK_EQ(run(ts2, ev2, 4, c2, 2, 5, "first_time,strict_once"), 2);
		CHECK_EQ(run(ts2, ev2, 3, c2, 2, 5, "first_time"), 2);
	}
}

/* The levels (1-based, inclusive from, exclusive to) as in funnel.h */
static bool
in_excl_range(const JyFunnelExcl *x, int lvl)
{
	return lvl >= x->from && lvl < x->to;
}

/* An independent oracle: every chain, enumerated */
typedef struct EnumState
{
	const JyEvent *ev;
	size_t		n;
	const JyFunnelSpec *spec;
	int			pos[8];			/* 0-based steps of the chain */
	int			row[8];
	int			len;
	int			best;			/* best level of a valid chain */
	int64_t		complete;		/* earliest last step of a valid full chain */
	int64_t		leave_at;		/* earliest leave exclusion that applies */
} EnumState;

/* The chain's level at time t (its last step strictly before t) */
static int
enum_level_at(const EnumState *es, int64_t t)
{
	int			i,
				lvl = 0;

	for (i = 0; i < es->len; i++)
		if (es->ev[es->row[i]].ts < t)
			lvl = es->pos[i] + 1;
	return lvl;
}

/*
 * Does an end_attempt exclusion drop the chain at a time in (start, upto),
 * or at upto when it comes before the exclusion of order before (the global
 * exclusion has order -1, scoped ones their index)?
 */
static bool
enum_dropped(const EnumState *es, int64_t upto, int before)
{
	const JyFunnelSpec *spec = es->spec;
	const int64_t start = es->ev[es->row[0]].ts;
	size_t		r;
	int			x;

	for (r = 0; r < es->n; r++)
	{
		const int64_t t = es->ev[r].ts;
		int			lvl;

		if (t <= start || t > upto)
			continue;
		lvl = enum_level_at(es, t);
		if ((es->ev[r].mask & spec->exclude) && lvl >= 1 && lvl < spec->nsteps &&
			(t < upto || before > -1))
			return true;
		for (x = 0; x < spec->nexcl; x++)
			if ((es->ev[r].mask & spec->excl[x].bit) && !spec->excl[x].leave &&
				in_excl_range(&spec->excl[x], lvl) && (t < upto || x < before))
				return true;
	}
	return false;
}

/* Visit the chain es->pos/row[0..len) and all its extensions */
static void
enum_visit(EnumState *es)
{
	const JyFunnelSpec *spec = es->spec;
	const int	N = spec->nsteps;
	const int	last = es->pos[es->len - 1];
	const int64_t t0 = es->ev[es->row[0]].ts;
	const int64_t tl = es->ev[es->row[es->len - 1]].ts;
	size_t		r;
	int			p,
				x;

	/* valid: no end_attempt exclusion during it (up to its last step) */
	if (!enum_dropped(es, tl, INT32_MAX))
	{
		if (last + 1 > es->best)
			es->best = last + 1;
		if (last == N - 1 && tl < es->complete)
			es->complete = tl;
	}
	/* a leave exclusion later than the chain, within its window */
	for (r = 0; r < es->n; r++)
	{
		const int64_t t = es->ev[r].ts;

		if (t <= tl || (uint64_t) (t - t0) > spec->window)
			continue;
		for (x = 0; x < spec->nexcl; x++)
			if ((es->ev[r].mask & spec->excl[x].bit) && spec->excl[x].leave &&
				in_excl_range(&spec->excl[x], last + 1) &&
				!enum_dropped(es, t, x))
				es->leave_at = es->leave_at < t ? es->leave_at : t;
	}
	if (last == N - 1)
		return;
	for (p = last + 1; p < N; p++)
	{
		for (r = 0; r < es->n; r++)
		{
			const int64_t t = es->ev[r].ts;
			int			i;
			bool		used = false;

			if (!(es->ev[r].mask >> p & 1) || t < tl || (uint64_t) (t - t0) > spec->window)
				continue;
			if ((spec->flags & JY_FUNNEL_STRICT_INCREASE) && t == tl)
				continue;
			if (spec->within != NULL && spec->within[p] != 0 &&
				(uint64_t) (t - tl) > spec->within[p])
				continue;
			for (i = 0; i < es->len; i++)
				used |= es->row[i] == (int) r;
			if (used && (spec->flags & JY_FUNNEL_STRICT_ONCE))
				continue;
			es->pos[es->len] = p;
			es->row[es->len] = (int) r;
			es->len++;
			enum_visit(es);
			es->len--;
		}
		if (!(spec->optional >> p & 1))
			break;				/* a required step cannot be skipped */
	}
}

/* The level by enumeration (first_time applied to the input first) */
static int
oracle_enum(const JyEvent *ev0, size_t n0, const JyFunnelSpec *spec)
{
	JyEvent		ev[16];
	EnumState	es;
	size_t		r;

	memset(&es, 0, sizeof(es));
	es.n = (spec->flags & JY_FUNNEL_FIRST_TIME) ? first_time_events(ev0, n0, spec->flags, ev) : n0;
	if (!(spec->flags & JY_FUNNEL_FIRST_TIME))
		memcpy(ev, ev0, n0 * sizeof(JyEvent));
	es.ev = ev;
	es.spec = spec;
	es.complete = INT64_MAX;
	es.leave_at = INT64_MAX;
	for (r = 0; r < es.n; r++)
	{
		if (!(ev[r].mask & 1))
			continue;
		es.pos[0] = 0;
		es.row[0] = (int) r;
		es.len = 1;
		enum_visit(&es);
	}
	return es.leave_at != INT64_MAX && es.leave_at <= es.complete ? 0 : es.best;
}

/* Is the reported chain (level, times, done) a chain of the input? */
static bool
chain_ok(const JyFunnelSpec *spec, int level, const int64_t *times, uint64_t done)
{
	int			k,
				prev = -1;

	if (level == 0)
		return done == 0;
	if (!(done >> (level - 1) & 1) || (done >> level) != 0 || !(done & 1))
		return false;
	for (k = 0; k < level; k++)
	{
		if (!(done >> k & 1))
		{
			if (!(spec->optional >> k & 1))
				return false;
			continue;
		}
		if (prev >= 0 && times[k] < times[prev])
			return false;
		if ((uint64_t) (times[k] - times[0]) > spec->window)
			return false;
		if (prev >= 0 && spec->within != NULL && spec->within[k] != 0 &&
			(uint64_t) (times[k] - times[prev]) > spec->within[k])
			return false;
		prev = k;
	}
	return true;
}

/*
 * Optional steps and scoped exclusions (both policies) against the
 * enumeration, with first_time, strict_once, gaps and the global exclusion
 */
static void
test_optional_scoped_random(void)
{
	static const uint32_t modes[] = {0, JY_FUNNEL_STRICT_ONCE, JY_FUNNEL_FIRST_TIME,
		JY_FUNNEL_STRICT_ONCE | JY_FUNNEL_FIRST_TIME,
	JY_FUNNEL_STRICT_ONCE | JY_FUNNEL_STRICT_INCREASE};
	int			iter,
				compared = 0,
				left = 0,
				skipped = 0;

	for (iter = 0; iter < 150000; iter++)
	{
		JyFunnelSpec spec = {0};
		JyFunnelExcl excl[2];
		uint64_t	within[8] = {0};
		uint64_t	xbits = 0;
		uint64_t	done;
		JyEvents   *buf;
		int			level,
					level2,
					expect,
					x,
					k;
		int64_t		times[8];

		spec.nsteps = 2 + (int) unit_below(3);
		spec.window = 1 + unit_below(5);
		spec.flags = modes[unit_below(5)];
		for (k = 1; k < spec.nsteps - 1; k++)
			if (unit_below(2))
				spec.optional |= UINT64_C(1) << k;
		if (unit_below(3) == 0)
		{
			for (k = 1; k < spec.nsteps; k++)
				within[k] = unit_below(3);
			spec.within = within;
		}
		if (unit_below(5) == 0)
			spec.exclude = UINT64_C(1) << spec.nsteps;
		spec.nexcl = (int) unit_below(3);
		for (x = 0; x < spec.nexcl; x++)
		{
			excl[x].bit = UINT64_C(1) << (spec.nsteps + 1 + x);
			excl[x].from = 1 + (int) unit_below((unsigned) spec.nsteps - 1);
			excl[x].to = excl[x].from + 1 + (int) unit_below((unsigned) (spec.nsteps - excl[x].from));
			excl[x].leave = unit_below(2);
			xbits |= excl[x].bit;
		}
		spec.excl = excl;
		buf = random_events(&spec, xbits | spec.exclude, unit_below(9));
		CHECK_EQ(jy_funnel_eval_chain(buf->ev, buf->n, &spec, &unit_mem, &level, times, &done), JY_OK);
		CHECK_EQ(jy_funnel_eval(buf->ev, buf->n, &spec, &unit_mem, &level2, NULL), JY_OK);
		CHECK_EQ(level, level2);
		CHECK(chain_ok(&spec, level, times, done));
		expect = oracle_enum(buf->ev, buf->n, &spec);
		/*
		 * The default evaluator keeps one chain per level: across an
		 * optional step followed by a gap limit it may keep the one with
		 * the later start where the other ended later (docs/maps.md)
		 */
		if (level != expect && !(spec.flags & JY_FUNNEL_STRICT_ONCE) &&
			spec.optional != 0 && spec.within != NULL)
		{
			skipped++;
			free(buf);
			continue;
		}
		CHECK_EQ(level, expect);
		if (level != expect)
		{
			size_t		i;

			fprintf(stderr, "  steps=%d window=%d flags=%u optional=%x exclude=%d within=%d,%d,%d excl:",
					spec.nsteps, (int) spec.window, spec.flags, (unsigned) spec.optional,
					spec.exclude != 0, (int) within[1], (int) within[2], (int) within[3]);
			for (x = 0; x < spec.nexcl; x++)
				fprintf(stderr, " [%d,%d%s bit %d]", excl[x].from, excl[x].to,
						excl[x].leave ? " leave" : "", __builtin_ctzll(excl[x].bit));
			fprintf(stderr, " got %d want %d:", level, expect);
			for (i = 0; i < buf->n; i++)
				fprintf(stderr, " (%d,%d)", (int) buf->ev[i].ts, (int) buf->ev[i].mask);
			fprintf(stderr, "\n");
			iter = 1 << 30;
		}
		left += spec.nexcl > 0 && level == 0 && buf->n > 0;
		compared++;
		free(buf);
	}
	fprintf(stderr, "test_funnel: optional/scoped: %d compared, %d skipped\n", compared, skipped);
	CHECK(compared > 100000);
	CHECK(left > 1000);
}

/* Evaluate rows (ts[i], mask[i]) under spec; *done and times as the engine gives */
static int
eval_masks(const int64_t *ts, const uint64_t *mask, size_t n,
		   const JyFunnelSpec *spec, uint64_t *done, int64_t *times)
{
	JyEvents   *buf = new_events();
	int			level = -1;
	size_t		i;

	for (i = 0; i < n; i++)
		buf = push(buf, ts[i], mask[i]);
	jy_events_sort(buf, &unit_mem);
	CHECK_EQ(jy_funnel_eval_chain(buf->ev, buf->n, spec, &unit_mem, &level, times, done), JY_OK);
	free(buf);
	return level;
}

/* Hand cases: optional steps (A, B optional, C, D as bits 1, 2, 4, 8) */
static void
test_optional_cases(void)
{
	JyFunnelSpec spec = {.window = 10, .nsteps = 4, .optional = 2};
	int64_t		times[4];
	uint64_t	done;
	int			pass;

	for (pass = 0; pass < 2; pass++)
	{
		spec.flags = pass ? JY_FUNNEL_STRICT_ONCE : 0;
		/* A B C D: every stage */
		{
			int64_t		ts[] = {0, 1, 2, 3};
			uint64_t	m[] = {1, 2, 4, 8};

			CHECK_EQ(eval_masks(ts, m, 4, &spec, &done, times), 4);
			CHECK_EQ(done, 15);
		}
		/* A C D: B skipped, its time 0 */
		{
			int64_t		ts[] = {0, 2, 3};
			uint64_t	m[] = {1, 4, 8};

			CHECK_EQ(eval_masks(ts, m, 3, &spec, &done, times), 4);
			CHECK_EQ(done, 13);
			CHECK_EQ(times[1], 0);
			CHECK_EQ(times[2], 2);
		}
		/* A B only: level 2; A C: level 3 without B */
		{
			int64_t		ts[] = {0, 1};
			uint64_t	m[] = {1, 2};
			uint64_t	m2[] = {1, 4};

			CHECK_EQ(eval_masks(ts, m, 2, &spec, &done, times), 2);
			CHECK_EQ(done, 3);
			CHECK_EQ(eval_masks(ts, m2, 2, &spec, &done, times), 3);
			CHECK_EQ(done, 5);
		}
		/* A@0 B@1 A@5 C@6 D@12: the later start (A@5, skipping B) converts */
		{
			int64_t		ts[] = {0, 1, 5, 6, 12};
			uint64_t	m[] = {1, 2, 1, 4, 8};

			CHECK_EQ(eval_masks(ts, m, 5, &spec, &done, times), 4);
			CHECK_EQ(done, 13);
			CHECK_EQ(times[0], 5);
		}
		/* equal starts: the chain with more stages is reported */
		{
			int64_t		ts[] = {0, 1, 2};
			uint64_t	m[] = {1, 2, 4};

			CHECK_EQ(eval_masks(ts, m, 3, &spec, &done, times), 3);
			CHECK_EQ(done, 7);
			CHECK_EQ(times[1], 1);
		}
		/* B before A does not count: A C */
		{
			int64_t		ts[] = {0, 1, 2};
			uint64_t	m[] = {2, 1, 4};

			CHECK_EQ(eval_masks(ts, m, 3, &spec, &done, times), 3);
			CHECK_EQ(done, 5);
		}
	}
	/*
	 * The documented limit of one chain per stage: strict_increase, B
	 * optional, D within 2 of C.  A@0 B@1 A@10 C@12 A@20 C@20 D@21: at
	 * C@20 only A@0 B@1 fits (A@20, which replaced A@10, is not earlier),
	 * but stage C keeps the later start A@10 C@12, too far from D: 3.
	 * strict_once keeps every candidate and finds A@10 C@20 D@21.
	 */
	{
		uint64_t	within[4] = {0, 0, 0, 2};
		int64_t		ts[] = {0, 1, 10, 12, 20, 20, 21};
		uint64_t	m[] = {1, 2, 1, 4, 1, 4, 8};

		spec.within = within;
		spec.window = 100;
		spec.flags = JY_FUNNEL_STRICT_INCREASE;
		CHECK_EQ(eval_masks(ts, m, 7, &spec, &done, times), 3);
		spec.flags = JY_FUNNEL_STRICT_INCREASE | JY_FUNNEL_STRICT_ONCE;
		CHECK_EQ(eval_masks(ts, m, 7, &spec, &done, times), 4);
		CHECK_EQ(done, 13);
		CHECK_EQ(times[0], 10);
		CHECK_EQ(times[2], 20);
		spec.within = NULL;
		spec.window = 10;
	}
	/* two optional stages in a row: A D with B, C optional */
	spec.flags = 0;
	spec.optional = 6;
	{
		int64_t		ts[] = {0, 3};
		uint64_t	m[] = {1, 8};

		CHECK_EQ(eval_masks(ts, m, 2, &spec, &done, times), 4);
		CHECK_EQ(done, 9);
	}
}

/* Hand cases: scoped exclusions (A, B, C as bits 1, 2, 4; the exclusion bit 16) */
static void
test_scoped_cases(void)
{
	JyFunnelExcl x = {.bit = 16, .from = 2, .to = 3, .leave = false};
	JyFunnelSpec spec = {.window = 100, .nsteps = 3, .nexcl = 1, .excl = &x};
	uint64_t	done;
	int			pass;

	for (pass = 0; pass < 2; pass++)
	{
		spec.flags = pass ? JY_FUNNEL_STRICT_ONCE : 0;
		x.leave = false;
		/* A X B C: before B the exclusion is out of range (from B to C) */
		{
			int64_t		ts[] = {0, 1, 2, 3};
			uint64_t	m[] = {1, 16, 2, 4};

			CHECK_EQ(eval_masks(ts, m, 4, &spec, &done, NULL), 3);
		}
		/* A B X C: the attempt ends at level 2; A B C later converts */
		{
			int64_t		ts[] = {0, 1, 2, 3};
			uint64_t	m[] = {1, 2, 16, 4};
			int64_t		ts2[] = {0, 1, 2, 3, 4, 5, 6};
			uint64_t	m2[] = {1, 2, 16, 4, 1, 2, 4};

			CHECK_EQ(eval_masks(ts, m, 4, &spec, &done, NULL), 2);
			CHECK_EQ(eval_masks(ts2, m2, 7, &spec, &done, NULL), 3);
			x.leave = true;
			/* leave: the actor is out, whatever comes later */
			CHECK_EQ(eval_masks(ts, m, 4, &spec, &done, NULL), 0);
			CHECK_EQ(done, 0);
			CHECK_EQ(eval_masks(ts2, m2, 7, &spec, &done, NULL), 0);
			/* ... but not once the funnel was complete */
			{
				int64_t		ts3[] = {0, 1, 2, 3};
				uint64_t	m3[] = {1, 2, 4, 16};

				CHECK_EQ(eval_masks(ts3, m3, 4, &spec, &done, NULL), 3);
			}
			/* ... nor when the chain's window has passed */
			{
				int64_t		ts4[] = {0, 1, 200};
				uint64_t	m4[] = {1, 2, 16};

				CHECK_EQ(eval_masks(ts4, m4, 3, &spec, &done, NULL), 2);
			}
			/* at the timestamp of C: before it, so in range */
			{
				int64_t		ts5[] = {0, 1, 3, 3};
				uint64_t	m5[] = {1, 2, 16, 4};

				CHECK_EQ(eval_masks(ts5, m5, 4, &spec, &done, NULL), 0);
				x.leave = false;
				CHECK_EQ(eval_masks(ts5, m5, 4, &spec, &done, NULL), 2);
			}
		}
	}
}

/*
 * any_order by brute force: for every entry's timestamp t (only the first
 * with first_time), the distinct steps of the events in [t, t + window]
 * before the next exclusion after t; the best level, the earliest t on a
 * tie, and that window's first timestamp of each step, sorted.
 */
static int
oracle_any_order(const JyEvent *ev, size_t n, const JyFunnelSpec *spec, int64_t *times)
{
	const uint64_t steps = (UINT64_C(1) << spec->nsteps) - 1;
	int			best = 0;
	size_t		i,
				j;

	for (i = 0; i < n; i++)
	{
		int64_t		t = ev[i].ts,
					x = INT64_MAX,
					first[8];
		uint64_t	seen = 0;
		int			lv,
					k,
					a,
					b;

		if ((ev[i].mask & steps) == 0)
			continue;
		for (j = 0; j < n; j++)
			if ((ev[j].mask & spec->exclude) && ev[j].ts > t && ev[j].ts < x)
				x = ev[j].ts;
		for (j = 0; j < n; j++)
		{
			if (ev[j].ts < t || ev[j].ts >= x || ev[j].ts - t > (int64_t) spec->window)
				continue;
			for (k = 0; k < spec->nsteps; k++)
				if ((ev[j].mask >> k & 1) && (!(seen >> k & 1) || ev[j].ts < first[k]))
				{
					seen |= UINT64_C(1) << k;
					first[k] = ev[j].ts;
				}
		}
		lv = __builtin_popcountll(seen);
		if (lv > best)
		{
			best = lv;
			for (k = 0, a = 0; k < spec->nsteps; k++)
				if (seen >> k & 1)
					times[a++] = first[k];
			for (a = 1; a < best; a++)	/* insertion sort */
				for (b = a; b > 0 && times[b - 1] > times[b]; b--)
				{
					int64_t		tmp = times[b];

					times[b] = times[b - 1];
					times[b - 1] = tmp;
				}
		}
		if (spec->flags & JY_FUNNEL_FIRST_TIME)
			break;
	}
	return best;
}

/* Random events for the any_order and attempts tests (sorted) */
static JyEvents *
random_events_span(JyFunnelSpec *spec, size_t n, int64_t span)
{
	JyEvents   *buf = new_events();
	uint64_t	full = (UINT64_C(1) << spec->nsteps) - 1;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		uint64_t	mask;

		if (spec->exclude != 0 && unit_below(6) == 0)
			mask = spec->exclude | (unit_below(2) ? unit_rand() & full : 0);
		else if (unit_below(3) == 0)
			mask = unit_rand() & full;
		else
			mask = UINT64_C(1) << unit_below((unsigned) spec->nsteps);
		if (mask == 0 && !(spec->flags & JY_FUNNEL_STRICT_ORDER))
			continue;
		buf = push(buf, (int64_t) unit_below((unsigned) span), mask);
	}
	jy_events_sort(buf, &unit_mem);
	return buf;
}

/* any_order against the brute force, with exclusions and first_time */
static void
test_any_order(void)
{
	int			iter;
	JyEvent		ev[4];
	JyFunnelSpec spec = {0};
	uint64_t	within[4] = {0};
	int64_t		times[8];
	int			level;

	/* hand-checked: window 5, steps 3, 2, 1 at 0, 3, 5 then 1 again at 9 */
	spec.window = 5;
	spec.nsteps = 3;
	spec.flags = JY_FUNNEL_ANY_ORDER;
	ev[0] = (JyEvent) {0, 4};
	ev[1] = (JyEvent) {3, 2};
	ev[2] = (JyEvent) {5, 1};
	ev[3] = (JyEvent) {9, 1};
	CHECK_EQ(jy_funnel_eval(ev, 4, &spec, &unit_mem, &level, times), JY_OK);
	CHECK_EQ(level, 3);
	CHECK(times[0] == 0 && times[1] == 3 && times[2] == 5);
	spec.window = 4;			/* [0, 4] has 2 steps, [3, 7] steps 2 and 1 */
	CHECK_EQ(jy_funnel_eval(ev, 4, &spec, &unit_mem, &level, times), JY_OK);
	CHECK_EQ(level, 2);
	CHECK(times[0] == 0 && times[1] == 3);	/* the earliest window */
	spec.exclude = 8;			/* an exclusion at 3 with step 2 */
	ev[1].mask = 2 | 8;
	spec.window = 5;
	CHECK_EQ(jy_funnel_eval(ev, 4, &spec, &unit_mem, &level, times), JY_OK);
	CHECK_EQ(level, 2);
	CHECK(times[0] == 3 && times[1] == 5);
	spec.within = within;		/* no gap: the same */
	CHECK_EQ(jy_funnel_eval(ev, 4, &spec, &unit_mem, &level, times), JY_OK);
	CHECK_EQ(level, 2);
	within[2] = 3;				/* per-step gaps need an order */
	CHECK_EQ(jy_funnel_eval(ev, 4, &spec, &unit_mem, &level, times), JY_ERR_BAD_PARAMETER);

	for (iter = 0; iter < 100000; iter++)
	{
		JyEvents   *buf;
		int64_t		otimes[8];
		int			expect,
					level2,
					i;

		memset(&spec, 0, sizeof(spec));
		spec.nsteps = 1 + (int) unit_below(4);
		spec.window = 1 + unit_below(5);
		spec.flags = JY_FUNNEL_ANY_ORDER | (unit_below(4) == 0 ? JY_FUNNEL_FIRST_TIME : 0);
		if (unit_below(3) == 0)
			spec.exclude = UINT64_C(1) << spec.nsteps;
		buf = random_events_span(&spec, unit_below(12), 10);
		CHECK_EQ(jy_funnel_eval(buf->ev, buf->n, &spec, &unit_mem, &level, times), JY_OK);
		CHECK_EQ(jy_funnel_eval(buf->ev, buf->n, &spec, &unit_mem, &level2, NULL), JY_OK);
		CHECK_EQ(level2, level);
		expect = oracle_any_order(buf->ev, buf->n, &spec, otimes);
		CHECK_EQ(level, expect);
		for (i = 0; level == expect && i < level; i++)
			CHECK_EQ(times[i], otimes[i]);
		if (level != expect)
			iter = 1 << 30;		/* one report is enough */
		free(buf);
	}
}

/*
 * totals: attempts against a greedy restart over the oracles (a complete
 * attempt ends at the last of its reported times, the next starts after it)
 */
static void
test_attempts(void)
{
	int			iter;
	JyEvent		ev[6];
	JyFunnelSpec spec = {0};
	uint64_t	counts[8];

	/* hand-checked: A B A B A in window 10: two conversions and one step 1 */
	spec.window = 10;
	spec.nsteps = 2;
	spec.flags = JY_FUNNEL_TOTALS;
	ev[0] = (JyEvent) {0, 1};
	ev[1] = (JyEvent) {1, 2};
	ev[2] = (JyEvent) {2, 1};
	ev[3] = (JyEvent) {3, 2};
	ev[4] = (JyEvent) {4, 1};
	CHECK_EQ(jy_funnel_attempts(ev, 5, &spec, &unit_mem, counts), JY_OK);
	CHECK(counts[0] == 3 && counts[1] == 2);
	/* A and B at the same timestamp complete; the A at 1 starts the next */
	ev[0] = (JyEvent) {0, 1};
	ev[1] = (JyEvent) {0, 2};
	ev[2] = (JyEvent) {1, 3};
	CHECK_EQ(jy_funnel_attempts(ev, 3, &spec, &unit_mem, counts), JY_OK);
	CHECK(counts[0] == 2 && counts[1] == 2);
	CHECK_EQ(jy_funnel_attempts(ev, 0, &spec, &unit_mem, counts), JY_OK);
	CHECK(counts[0] == 0 && counts[1] == 0);

	for (iter = 0; iter < 100000; iter++)
	{
		JyEvents   *buf;
		uint64_t	expect[8] = {0};
		size_t		pos = 0;
		int			k;
		bool		same = true;

		memset(&spec, 0, sizeof(spec));
		spec.nsteps = 1 + (int) unit_below(4);
		spec.window = 1 + unit_below(5);
		if (unit_below(3) == 0)
			spec.flags = JY_FUNNEL_ANY_ORDER;
		else
			spec.flags = unit_below(32);
		if ((spec.flags & JY_FUNNEL_ALLOW_REENTRY) && !(spec.flags & JY_FUNNEL_STRICT_ORDER))
			spec.flags &= ~(uint32_t) JY_FUNNEL_ALLOW_REENTRY;
		spec.flags |= JY_FUNNEL_TOTALS;
		if (unit_below(3) == 0)
			spec.exclude = UINT64_C(1) << spec.nsteps;
		buf = random_events_span(&spec, unit_below(16), 12);
		CHECK_EQ(jy_funnel_attempts(buf->ev, buf->n, &spec, &unit_mem, counts), JY_OK);
		while (pos < buf->n)
		{
			int64_t		t[8],
						rf = 0,
						last;
			int			lv;

			if (spec.flags & JY_FUNNEL_ANY_ORDER)
			{
				lv = oracle_any_order(buf->ev + pos, buf->n - pos, &spec, t);
				last = lv > 0 ? t[lv - 1] : 0;
			}
			else if (spec.flags & JY_FUNNEL_STRICT_ONCE)
				lv = oracle_once(buf->ev + pos, buf->n - pos, &spec, &rf, &last);
			else
			{
				lv = oracle_greedy(buf->ev + pos, buf->n - pos, &spec, t);
				last = lv > 0 ? t[lv - 1] : 0;
			}
			for (k = 0; k < lv; k++)
				expect[k]++;
			if (lv < spec.nsteps)
				break;
			while (pos < buf->n && buf->ev[pos].ts <= last)
				pos++;
		}
		for (k = 0; k < spec.nsteps; k++)
			if (counts[k] != expect[k])
				same = false;
		CHECK(same);
		if (!same)
		{
			fprintf(stderr, "  attempts: steps=%d window=%d flags=%u exclude=%d:",
					spec.nsteps, (int) spec.window, spec.flags, spec.exclude != 0);
			for (pos = 0; pos < buf->n; pos++)
				fprintf(stderr, " (%d,%d)", (int) buf->ev[pos].ts, (int) buf->ev[pos].mask);
			fprintf(stderr, "\n");
			iter = 1 << 30;
		}
		free(buf);
	}
}

int
main(void)
{
	test_clickhouse_basic();
	test_clickhouse_dedup();
	test_clickhouse_strict_order();
	test_clickhouse_ecommerce();
	test_clickhouse_increase_once();
	test_times();
	test_within_exclude();
	test_random_against_oracles();
	test_step_limits();
	test_once_many_rows();
	test_modes();
	test_sort();
	test_buffer();
	test_first_time_cases();
	test_first_time_random();
	test_optional_scoped_random();
	test_optional_cases();
	test_scoped_cases();
	test_any_order();
	test_attempts();
	return unit_summary("test_funnel");
}
