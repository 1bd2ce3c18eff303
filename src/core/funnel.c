/*
 * funnel.c -- the windowFunnel engine
 *
 * Behaviour follows ClickHouse's windowFunnel as of the revision that has
 * strict_once, allow_reentry and the #99003 fix of strict_deduplication's
 * result (see docs/funnels.md for the rules and the few deliberate
 * differences, which concern only the order of ties among rows).
 *
 * Entries are visited in (ts, condition, row) order, where rows sharing a
 * timestamp are in jy_event_cmp order.  Each level k remembers a chain: the
 * timestamp of its first step and of its step k.
 */
#include "funnel.h"

#include <string.h>

/* Highest level reached, given the bitmask of non-empty levels */
static inline int
highest_level(uint64_t set)
{
	return set == 0 ? 0 : 64 - __builtin_clzll(set);
}

/* How an entry for step k (0-based, k >= 1) is handled */
typedef enum EntryAction
{
	ENTRY_EXTEND,				/* try to extend the chains of level k - 1 */
	ENTRY_SKIP,					/* ignore the entry */
	ENTRY_STOP					/* stop the scan; *stop holds the result */
} EntryAction;

/*
 * The mode rules shared by both evaluators.  nonempty has bit j set when
 * level j + 1 holds a chain; ext has the bits of the levels a step-k entry
 * may extend (bit k - 1, and earlier ones across optional steps); started
 * is true once a step-1 entry was seen.
 */
static inline EntryAction
decide(uint32_t flags, uint64_t nonempty, uint64_t ext, bool started, int k,
	   int *stop)
{
	if ((flags & JY_FUNNEL_STRICT_DEDUP) && (nonempty >> k & 1))
	{
		*stop = highest_level(nonempty);
		return ENTRY_STOP;
	}
	if ((flags & JY_FUNNEL_STRICT_ORDER) && started && !(nonempty & ext))
	{
		if (flags & JY_FUNNEL_ALLOW_REENTRY)
			return ENTRY_SKIP;
		/* the number of consecutive levels reached from level 1 */
		*stop = __builtin_ctzll(~nonempty);
		return ENTRY_STOP;
	}
	if (!(nonempty & ext))
		return ENTRY_SKIP;
	return ENTRY_EXTEND;
}

/*
 * The levels (as bits: bit j is level j + 1) whose chains a step-k entry
 * (k >= 1) may extend: level k, and before it every level that only
 * optional steps separate from step k
 */
static inline uint64_t
ext_levels(uint64_t optional, int k)
{
	uint64_t	ext = UINT64_C(1) << (k - 1);
	int			j = k - 1;

	while (j > 0 && (optional >> j & 1))
		ext |= UINT64_C(1) << --j;
	return ext;
}

/* The levels (as bits) a scoped exclusion affects: from .. to - 1 */
static inline uint64_t
excl_levels(const JyFunnelExcl *x)
{
	return ((UINT64_C(1) << (x->to - 1)) - 1) & ~((UINT64_C(1) << (x->from - 1)) - 1);
}

/* The event bits of every exclusion of a spec, global and scoped */
static inline uint64_t
excl_bits(const JyFunnelSpec *spec)
{
	uint64_t	bits = spec->exclude;
	int			x;

	for (x = 0; x < spec->nexcl; x++)
		bits |= spec->excl[x].bit;
	return bits;
}

/* Is ts within the window that starts at first?  (ts >= first always) */
static inline bool
in_window(int64_t ts, int64_t first, uint64_t window)
{
	return (uint64_t) ts - (uint64_t) first <= window;
}

/* Number of rows of the group [i, j) that satisfy condition k */
static inline size_t
rows_with(const JyEvent *ev, size_t i, size_t j, int k)
{
	size_t		c = 0;

	for (; i < j; i++)
		c += (ev[i].mask >> k) & 1;
	return c;
}

/* Does a step-k extension of a chain whose previous step was at last fit? */
static inline bool
within_ok(const JyFunnelSpec *spec, int k, int64_t ts, int64_t last)
{
	return spec->within == NULL || spec->within[k] == 0 ||
		(uint64_t) ts - (uint64_t) last <= spec->within[k];
}

/*
 * The default evaluator, used for every mode but strict_once: one chain per
 * level, O(entries).  With optional steps a step-k entry extends, among
 * the levels it may extend, the fitting chain with the latest first step
 * (on a tie, the one with more steps), and replaces level k + 1's chain
 * only when that one starts no later or is out of the window.  opts is
 * false when the spec has no optional step, scoped exclusion or
 * first_time: funnel_greedy then gets a copy without that code (the plain
 * funnel's per-row cost stays as it was).
 */
static inline __attribute__((always_inline)) JyStatus
greedy_impl(const JyEvent *ev, size_t n, const JyFunnelSpec *spec,
			const JyMem *m, int *level, int64_t *times, uint64_t *donep,
			const bool opts)
{
	const int	N = spec->nsteps;
	const uint32_t flags = spec->flags;
	const uint64_t excl = spec->exclude;
	const uint64_t xbits = excl_bits(spec) & ~excl;
	const uint64_t ft = (flags & JY_FUNNEL_FIRST_TIME) ? 1 : 0;
	int64_t		first[JY_MAX_STEPS];
	int64_t		last[JY_MAX_STEPS];
	uint64_t	done[JY_MAX_STEPS];	/* the steps of each level's chain */
	int64_t    *path = NULL;	/* path[k * N + j]: step j of level k's chain */
	int64_t    *best_path = NULL;	/* the chain of the best ended attempt */
	uint64_t	best_done = 0;
	uint64_t	set = 0;
	uint64_t	drop = 0;		/* first_time: bit 0 once step 1 was seen */
	bool		started = false;
	bool		left = false;	/* a leave exclusion dropped the actor */
	int			stop = -1;
	int			best = 0;		/* best level of attempts an exclusion ended */
	size_t		i = 0;
	size_t		since_check = 0;

	if (times != NULL)
	{
		path = m->alloc(m->arg, (size_t) N * N * sizeof(int64_t));
		best_path = m->alloc(m->arg, (size_t) N * sizeof(int64_t));
		if (path == NULL || best_path == NULL)
		{
			if (path)
				m->release(m->arg, path);
			if (best_path)
				m->release(m->arg, best_path);
			return JY_ERR_OUT_OF_MEMORY;
		}
	}

	while (i < n && stop < 0)
	{
		const int64_t ts = ev[i].ts;
		uint64_t	any = ev[i].mask;
		uint64_t	bits;
		size_t		j;

		for (j = i + 1; j < n && ev[j].ts == ts; j++)
			any |= ev[j].mask;
		if (opts)
			any &= ~drop;

		/* an exclusion ends the attempt, before this timestamp's steps */
		if (any & excl)
		{
			int			lv = highest_level(set);

			if (lv > best)
			{
				best = lv;
				best_done = opts ? done[lv - 1] : (UINT64_C(1) << (lv - 1) << 1) - 1;
				if (path != NULL)
					memcpy(best_path, &path[(lv - 1) * N], lv * sizeof(int64_t));
			}
			set = 0;
			started = false;
			any &= ~excl;
		}

		/* scoped exclusions: only the chains in their ranges */
		if (opts && (any & xbits))
		{
			int			x;

			for (x = 0; x < spec->nexcl && !left; x++)
			{
				const JyFunnelExcl *e = &spec->excl[x];
				uint64_t	hit = (any & e->bit) ? excl_levels(e) & set : 0;
				int			lv;

				if (hit == 0)
					continue;
				if (e->leave)
				{
					for (; hit != 0 && !left; hit &= hit - 1)
						left = in_window(ts, first[__builtin_ctzll(hit)], spec->window);
					continue;
				}
				lv = highest_level(set);
				if (lv > best)
				{
					best = lv;
					best_done = done[lv - 1];
					if (path != NULL)
						memcpy(best_path, &path[(lv - 1) * N], lv * sizeof(int64_t));
				}
				set &= ~hit;
				if (set == 0)
					started = false;
			}
			if (left)
			{
				stop = 0;
				break;
			}
			any &= ~xbits;
		}

		/* rows that satisfy nothing (kept only for strict_order) come first */
		if ((ev[i].mask & ~drop) == 0 && (flags & JY_FUNNEL_STRICT_ORDER) && started)
		{
			stop = highest_level(set);
			break;
		}

		for (bits = any; bits != 0 && stop < 0; bits &= bits - 1)
		{
			const int	k = __builtin_ctzll(bits);
			size_t		mult = (j - i == 1) ? 1 : rows_with(ev, i, j, k);
			uint64_t	ext;

			ext = k == 0 ? 0 : !opts || spec->optional == 0 ? UINT64_C(1) << (k - 1) :
				ext_levels(spec->optional, k);
			for (; mult > 0 && stop < 0; mult--)
			{
				uint64_t	cand;
				int			from = -1;

				if (k == 0)
				{
					first[0] = last[0] = ts;
					if (opts)
						done[0] = 1;
					set |= 1;
					started = true;
					if (path != NULL)
						path[0] = ts;
					if (N == 1)
						stop = 1;
					continue;
				}
				if (decide(flags, set, ext, started, k, &stop) != ENTRY_EXTEND)
					continue;
				if (!opts)
				{
					/* one level to extend, and it holds a chain (decide) */
					from = k - 1;
					if (!in_window(ts, first[from], spec->window) ||
						((flags & JY_FUNNEL_STRICT_INCREASE) && !(last[from] < ts)) ||
						!within_ok(spec, k, ts, last[from]))
						continue;
				}
				/* the fitting chain with the latest start, then more steps */
				for (cand = opts ? set & ext : 0; cand != 0; cand &= cand - 1)
				{
					const int	c = __builtin_ctzll(cand);

					if (!in_window(ts, first[c], spec->window))
						continue;
					if ((flags & JY_FUNNEL_STRICT_INCREASE) && !(last[c] < ts))
						continue;
					if (!within_ok(spec, k, ts, last[c]))
						continue;
					if (from < 0 || first[c] > first[from] ||
						(first[c] == first[from] &&
						 __builtin_popcountll(done[c]) > __builtin_popcountll(done[from])))
						from = c;
				}
				if (from < 0)
					continue;
				if (spec->optional != 0 && (set >> k & 1) && first[k] > first[from] &&
					in_window(ts, first[k], spec->window))
					continue;	/* (only across optional steps) */
				first[k] = first[from];
				last[k] = ts;
				if (opts)
					done[k] = done[from] | UINT64_C(1) << k;
				set |= UINT64_C(1) << k;
				if (path != NULL)
				{
					memcpy(&path[k * N], &path[from * N], (from + 1) * sizeof(int64_t));
					if (from + 1 < k)
						memset(&path[k * N + from + 1], 0, (k - from - 1) * sizeof(int64_t));
					path[k * N + k] = ts;
				}
				if (k == N - 1)
					stop = N;
			}
		}
		if (opts)
			drop |= any & ft;	/* first_time: later step-1 entries start nothing */
		since_check += j - i;
		if (since_check >= JY_INTERRUPT_EVERY)
		{
			jy_interrupt(m);
			since_check = 0;
		}
		i = j;
	}
	if (stop < 0)
		stop = highest_level(set);
	/* the best attempt; the current one on a tie (it is the latest) */
	*level = left ? 0 : best > stop ? best : stop;
	if (donep != NULL)
		*donep = left ? 0 : best > stop ? best_done : stop == 0 ? 0 :
			opts ? done[stop - 1] : (UINT64_C(1) << (stop - 1) << 1) - 1;
	if (path != NULL)
	{
		if (left)
			;
		else if (best > stop)
			memcpy(times, best_path, best * sizeof(int64_t));
		else if (stop > 0)
			memcpy(times, &path[(stop - 1) * N], stop * sizeof(int64_t));
		m->release(m->arg, path);
		m->release(m->arg, best_path);
	}
	return JY_OK;
}

/* The default evaluator (greedy_impl), with or without the issue 13 options */
static JyStatus
funnel_greedy(const JyEvent *ev, size_t n, const JyFunnelSpec *spec,
			  const JyMem *m, int *level, int64_t *times, uint64_t *done)
{
	if (spec->optional != 0 || spec->nexcl > 0 || (spec->flags & JY_FUNNEL_FIRST_TIME))
		return greedy_impl(ev, n, spec, m, level, times, done, true);
	return greedy_impl(ev, n, spec, m, level, times, done, false);
}

/*
 * strict_once: a row may fill at most one step of a chain.  ClickHouse keeps
 * every candidate chain; we reach the same set of levels with far fewer
 * chains by dropping dominated ones:
 *  - a chain whose rows all lie at earlier timestamps ("old") can only be
 *    extended through its first timestamp (later is better) and, with a
 *    journey map's per-step gap (within), its last one (later is better):
 *    each level keeps the old chains no other old chain dominates on both,
 *    which is one chain when there is no gap limit;
 *  - chains that end at the current timestamp ("cur") also carry those of
 *    their rows at this timestamp that could still satisfy a later step.
 *    Rows with the same timestamp and the same conditions are
 *    interchangeable, so a chain records only how many rows of each such
 *    class it uses (a sorted multiset of class ids, a class being named by
 *    its first row): ClickHouse's full chain set is closed under swapping
 *    such rows, so "some chain avoids row r" is "some chain uses fewer rows
 *    of r's class than it has".  Chain A is dropped when a chain B of the
 *    same level has a first timestamp >= A's and uses a sub-multiset of A's
 *    rows.
 * When the timestamp is done, the cur chains fold into old.  Levels only
 * ever become non-empty, so the strict_order and strict_deduplication rules,
 * which look at emptiness only, see exactly what ClickHouse's full chain
 * lists would show.
 */
typedef struct Chain
{
	int64_t		first;
	uint32_t	rows_off;		/* into OnceState.rows: sorted class ids */
	uint32_t	nrows;
	uint32_t	path_off;		/* into OnceState.paths (level + 1 values) */
	int32_t		next;			/* next chain of the same level, or -1 */
	bool		dead;
	uint64_t	done;			/* its steps (all up to its level unless optional) */
} Chain;

typedef struct OldChain
{
	int64_t		first;
	int64_t		last;
	uint64_t	done;
} OldChain;

typedef struct OnceState
{
	const JyMem *m;
	uint64_t	window;
	uint32_t	flags;
	int			N;
	bool		want_path;
	uint64_t	nonempty;		/* bit k: level k + 1 holds a chain */
	const JyFunnelSpec *spec;
	OldChain   *old[JY_MAX_STEPS];	/* per level, the undominated old chains */
	int64_t    *old_path[JY_MAX_STEPS];	/* N per old chain, when want_path */
	uint32_t	old_n[JY_MAX_STEPS],
				old_cap[JY_MAX_STEPS];
	int64_t    *rep_path;		/* N * N: each level's reported chain */
	uint64_t	rep_seq[JY_MAX_STEPS];	/* entry that accepted it (1-based) */
	int64_t		rep_first[JY_MAX_STEPS];
	uint64_t	rep_done[JY_MAX_STEPS];
	uint64_t	seq;			/* number of the entry being processed */
	Chain	   *chains;
	uint32_t	nchains,
				capchains;
	int32_t		head[JY_MAX_STEPS],
				tail[JY_MAX_STEPS];
	uint32_t   *rows;
	uint32_t	nrows,
				caprows;
	int64_t    *paths;
	uint32_t	npaths,
				cappaths;
} OnceState;

/* Make room in one of strict_once's arrays: past 1 GB is too many chains */
static JyStatus
grow(const JyMem *m, void **arr, uint32_t *cap, uint32_t used, size_t extra,
	 size_t itemsize)
{
	JyStatus	rc = jy_grow(m, arr, cap, used, extra, itemsize, UINT32_MAX);

	return rc == JY_ERR_TOO_MANY_EVENTS ? JY_ERR_TOO_MANY_CHAINS : rc;
}

/* Is the sorted multiset a[0..na) contained in the sorted multiset b[0..nb)? */
static bool
rows_subset(const uint32_t *a, uint32_t na, const uint32_t *b, uint32_t nb)
{
	uint32_t	i = 0,
				j = 0;

	if (na > nb)
		return false;
	while (i < na && j < nb)
	{
		if (a[i] == b[j])
		{
			i++;
			j++;
		}
		else if (a[i] > b[j])
			j++;
		else
			return false;
	}
	return i == na;
}

/*
 * Does the gap limit of step k + 1 exist (so that old chains' last
 * matters)?  With optional steps, that of any later step.
 */
static inline bool
next_gap(const OnceState *st, int k)
{
	int			j;

	if (st->spec->within == NULL)
		return false;
	if (st->spec->optional == 0)
		return k + 1 < st->N && st->spec->within[k + 1] != 0;
	for (j = k + 1; j < st->N; j++)
		if (st->spec->within[j] != 0)
			return true;
	return false;
}

/*
 * Does an old chain of level k dominate a chain (first, last, done)?  Of
 * two that are equal, the one with more steps wins (it is reported).
 */
static bool
old_dominates(const OnceState *st, int k, int64_t first, int64_t last,
			  uint64_t done)
{
	uint32_t	i;
	bool		gap = next_gap(st, k);

	for (i = 0; i < st->old_n[k]; i++)
	{
		const OldChain *o = &st->old[k][i];

		if (o->first >= first && (!gap || o->last >= last))
		{
			if (st->spec->optional != 0 && o->first == first && (!gap || o->last == last) &&
				__builtin_popcountll(o->done) < __builtin_popcountll(done))
				continue;
			return true;
		}
	}
	return false;
}

/* Remove old chain i of level k (order within a level does not matter) */
static void
old_remove(OnceState *st, int k, uint32_t i)
{
	uint32_t	lastidx = --st->old_n[k];

	if (i == lastidx)
		return;
	st->old[k][i] = st->old[k][lastidx];
	if (st->want_path)
		memcpy(&st->old_path[k][(size_t) i * st->N], &st->old_path[k][(size_t) lastidx * st->N],
			   st->N * sizeof(int64_t));
}

/* Add a chain to level k's old chains, dropping those it dominates */
static JyStatus
old_add(OnceState *st, int k, int64_t first, int64_t last, const int64_t *path,
		uint64_t done)
{
	bool		gap = next_gap(st, k);
	uint32_t	i = 0;

	while (i < st->old_n[k])
	{
		if (first >= st->old[k][i].first && (!gap || last >= st->old[k][i].last))
			old_remove(st, k, i);
		else
			i++;
	}
	if (st->old_n[k] >= JY_MAX_CHAINS)
		return JY_ERR_TOO_MANY_CHAINS;
	if (st->old_n[k] == st->old_cap[k])
	{
		uint32_t	cap = st->old_cap[k] ? st->old_cap[k] * 2 : 4;
		const JyMem *m = st->m;
		OldChain   *oc = st->old[k] ? m->resize(m->arg, st->old[k], cap * sizeof(OldChain))
			: m->alloc(m->arg, cap * sizeof(OldChain));

		if (oc == NULL)
			return JY_ERR_OUT_OF_MEMORY;
		st->old[k] = oc;
		if (st->want_path)
		{
			size_t		bytes = (size_t) cap * st->N * sizeof(int64_t);
			int64_t    *op = st->old_path[k] ? m->resize(m->arg, st->old_path[k], bytes)
				: m->alloc(m->arg, bytes);

			if (op == NULL)
				return JY_ERR_OUT_OF_MEMORY;
			st->old_path[k] = op;
		}
		st->old_cap[k] = cap;
	}
	st->old[k][st->old_n[k]].first = first;
	st->old[k][st->old_n[k]].last = last;
	st->old[k][st->old_n[k]].done = done;
	if (st->want_path)
		memcpy(&st->old_path[k][(size_t) st->old_n[k] * st->N], path, (k + 1) * sizeof(int64_t));
	st->old_n[k]++;
	return JY_OK;
}

/*
 * Add a chain of level k ending at the current timestamp unless another
 * chain dominates it.  Its rows are the last nrows entries of st->rows and
 * its path the last k + 1 entries of st->paths, both just written.
 */
static JyStatus
once_add(OnceState *st, int k, int64_t first, uint32_t nrows, uint64_t done)
{
	const uint32_t rows_off = st->nrows - nrows;
	int32_t		c;
	Chain	   *x;
	JyStatus	rc;

	if (old_dominates(st, k, first, INT64_MAX, done))
		return JY_OK;			/* (an old chain ends earlier: only without a gap limit) */
	for (c = st->head[k]; c >= 0; c = st->chains[c].next)
	{
		Chain	   *e = &st->chains[c];

		if (e->dead)
			continue;
		if (e->first >= first &&
			rows_subset(st->rows + e->rows_off, e->nrows, st->rows + rows_off, nrows) &&
			!(st->spec->optional != 0 && e->first == first && e->nrows == nrows &&
			  __builtin_popcountll(e->done) < __builtin_popcountll(done)))
			return JY_OK;
		if (first >= e->first &&
			rows_subset(st->rows + rows_off, nrows, st->rows + e->rows_off, e->nrows))
			e->dead = true;
	}
	if (st->nchains >= JY_MAX_CHAINS)
		return JY_ERR_TOO_MANY_CHAINS;
	rc = grow(st->m, (void **) &st->chains, &st->capchains, st->nchains, 1, sizeof(Chain));
	if (rc != JY_OK)
		return rc;
	x = &st->chains[st->nchains];
	x->first = first;
	x->rows_off = rows_off;
	x->nrows = nrows;
	x->path_off = st->want_path ? st->npaths - (uint32_t) (k + 1) : 0;
	x->next = -1;
	x->dead = false;
	x->done = done;
	if (st->head[k] < 0)
		st->head[k] = (int32_t) st->nchains;
	else
		st->chains[st->tail[k]].next = (int32_t) st->nchains;
	st->tail[k] = (int32_t) st->nchains;
	st->nchains++;
	return JY_OK;
}

/*
 * Extend a chain of level from + 1 (first timestamp, classes at
 * st->rows[rows_off..], path prev[0..from], steps prevdone) with a row of
 * class cls (clsize rows at grp[cls..]) at ts, for step k (from < k; the
 * steps between are optional).  Sets *done when that completes the funnel.
 */
static JyStatus
once_extend(OnceState *st, const JyEvent *grp, int k, uint32_t cls,
			uint32_t clsize, int64_t ts, int64_t first, uint32_t rows_off,
			uint32_t nrows, const int64_t *prev, int from, uint64_t prevdone,
			bool *done)
{
	const uint64_t steps = prevdone | UINT64_C(1) << k;
	bool		pending = jy_bits_from(grp[cls].mask, k + 1) != 0;
	uint32_t	used = 0;
	uint32_t	kept = 0;
	uint32_t	i;
	JyStatus	rc;

	for (i = 0; i < nrows; i++)
		used += st->rows[rows_off + i] == cls;
	if (used >= clsize)
		return JY_OK;			/* every row of the class fills a step already */

	/* the new chain's classes, sorted: those that may still satisfy a later step */
	rc = grow(st->m, (void **) &st->rows, &st->caprows, st->nrows, nrows + 1, sizeof(uint32_t));
	if (rc != JY_OK)
		return rc;
	for (i = 0; i < nrows; i++)
	{
		uint32_t	x = st->rows[rows_off + i];

		if (pending && cls < x)
		{
			st->rows[st->nrows + kept++] = cls;
			pending = false;
		}
		if (jy_bits_from(grp[x].mask, k + 1) != 0)
			st->rows[st->nrows + kept++] = x;
	}
	if (pending)
		st->rows[st->nrows + kept++] = cls;
	st->nrows += kept;
	st->nonempty |= UINT64_C(1) << k;

	/* its path, and perhaps the level's reported chain */
	if (st->want_path)
	{
		int64_t    *p;

		rc = grow(st->m, (void **) &st->paths, &st->cappaths, st->npaths, k + 1, sizeof(int64_t));
		if (rc != JY_OK)
			return rc;
		p = st->paths + st->npaths;
		memcpy(p, prev, (from + 1) * sizeof(int64_t));
		if (from + 1 < k)
			memset(p + from + 1, 0, (k - from - 1) * sizeof(int64_t));
		p[k] = ts;
		st->npaths += k + 1;
	}

	/*
	 * Report the latest accepting entry's chain with the latest start, then
	 * the most steps
	 */
	if (st->rep_seq[k] < st->seq || st->rep_first[k] < first ||
		(st->spec->optional != 0 && st->rep_first[k] == first &&
		 __builtin_popcountll(st->rep_done[k]) < __builtin_popcountll(steps)))
	{
		st->rep_seq[k] = st->seq;
		st->rep_first[k] = first;
		st->rep_done[k] = steps;
		if (st->want_path)
			memcpy(&st->rep_path[k * st->N], st->paths + st->npaths - (k + 1),
				   (k + 1) * sizeof(int64_t));
	}
	if (k == st->N - 1)
	{
		/* complete; the caller still offers this entry to every chain */
		*done = true;
		return JY_OK;
	}
	return once_add(st, k, first, kept, steps);
}

/* A step-1 entry: a row of class cls starts a new chain at ts */
static JyStatus
once_start(OnceState *st, const JyEvent *grp, uint32_t cls, int64_t ts, bool *done)
{
	uint32_t	nrows = 0;
	JyStatus	rc;

	rc = grow(st->m, (void **) &st->rows, &st->caprows, st->nrows, 1, sizeof(uint32_t));
	if (rc == JY_OK && st->want_path)
		rc = grow(st->m, (void **) &st->paths, &st->cappaths, st->npaths, 1, sizeof(int64_t));
	if (rc != JY_OK)
		return rc;
	if ((grp[cls].mask >> 1) != 0)
		st->rows[st->nrows + nrows++] = cls;
	st->nrows += nrows;
	st->nonempty |= 1;
	st->rep_seq[0] = st->seq;
	st->rep_first[0] = ts;
	st->rep_done[0] = 1;
	if (st->want_path)
	{
		st->paths[st->npaths++] = ts;
		st->rep_path[0] = ts;
	}
	if (st->N == 1)
	{
		*done = true;
		return JY_OK;
	}
	return once_add(st, 0, ts, nrows, 1);
}

/*
 * A step-k entry (k >= 1) of a row of class cls: extend every fitting chain
 * of the levels it may extend (ext, as bits)
 */
static JyStatus
once_step(OnceState *st, const JyEvent *grp, int k, uint64_t ext, uint32_t cls,
		  uint32_t clsize, int64_t ts, bool *done)
{
	const uint64_t gap = st->spec->within ? st->spec->within[k] : 0;
	int64_t		prev[JY_MAX_STEPS];
	int32_t		c;
	JyStatus	rc;

	for (; ext != 0; ext &= ext - 1)
	{
		const int	from = __builtin_ctzll(ext);
		uint32_t	i = 0;

		/*
		 * Old chains (they end strictly before ts).  One out of the window
		 * stays out for good: drop it; so does one out of the gap limit,
		 * unless it may serve a later step across optional steps or be what
		 * a leave exclusion looks for.
		 */
		while (i < st->old_n[from])
		{
			const OldChain o = st->old[from][i];

			if (!in_window(ts, o.first, st->window))
			{
				old_remove(st, from, i);
				continue;
			}
			if (gap != 0 && (uint64_t) ts - (uint64_t) o.last > gap)
			{
				if (st->spec->optional == 0 && st->spec->nexcl == 0)
					old_remove(st, from, i);
				else
					i++;
				continue;
			}
			if (st->want_path)
				memcpy(prev, &st->old_path[from][(size_t) i * st->N], (from + 1) * sizeof(int64_t));
			rc = once_extend(st, grp, k, cls, clsize, ts, o.first, 0, 0, prev,
							 from, o.done, done);
			if (rc != JY_OK)
				return rc;
			i++;
		}
		/* chains ending at ts: never strictly earlier, so not for strict_increase */
		if (st->flags & JY_FUNNEL_STRICT_INCREASE)
			continue;
		for (c = st->head[from]; c >= 0; c = st->chains[c].next)
		{
			/* copy what we need: once_extend may move the arrays */
			const Chain e = st->chains[c];

			if ((c & 1023) == 1023)
				jy_interrupt(st->m);
			if (e.dead || !in_window(ts, e.first, st->window))
				continue;		/* (a chain ending at ts is within any gap) */
			if (st->want_path)
				memcpy(prev, st->paths + e.path_off, (from + 1) * sizeof(int64_t));
			rc = once_extend(st, grp, k, cls, clsize, ts, e.first, e.rows_off,
							 e.nrows, prev, from, e.done, done);
			if (rc != JY_OK)
				return rc;
		}
	}
	return JY_OK;
}

/* Fold the chains of the finished timestamp ts into the old chains */
static JyStatus
once_fold(OnceState *st, int64_t ts)
{
	int			k;
	JyStatus	rc = JY_OK;

	for (k = 0; k < st->N && rc == JY_OK; k++)
	{
		int32_t		c;

		for (c = st->head[k]; c >= 0 && rc == JY_OK; c = st->chains[c].next)
		{
			const Chain *e = &st->chains[c];

			if (e->dead || old_dominates(st, k, e->first, ts, e->done))
				continue;
			rc = old_add(st, k, e->first, ts,
						 st->want_path ? st->paths + e->path_off : NULL, e->done);
		}
		st->head[k] = st->tail[k] = -1;
	}
	st->nchains = st->nrows = st->npaths = 0;
	return rc;
}

/* An exclusion: forget every chain (levels reached stay reached) */
static void
once_clear(OnceState *st)
{
	int			k;

	for (k = 0; k < st->N; k++)
		st->old_n[k] = 0;
	st->nonempty = 0;
}

/* A scoped end_attempt exclusion: forget the chains of the levels hit (bits) */
static void
once_clear_levels(OnceState *st, uint64_t hit)
{
	for (; hit != 0; hit &= hit - 1)
		st->old_n[__builtin_ctzll(hit)] = 0;
}

/* Does a chain of the levels hit (bits) lie within the window at ts? */
static bool
once_live(const OnceState *st, uint64_t hit, int64_t ts)
{
	for (; hit != 0; hit &= hit - 1)
	{
		const int	k = __builtin_ctzll(hit);
		uint32_t	i;

		for (i = 0; i < st->old_n[k]; i++)
			if (in_window(ts, st->old[k][i].first, st->window))
				return true;
	}
	return false;
}

/* Release a OnceState's arrays */
static void
once_free(OnceState *st)
{
	const JyMem *m = st->m;
	int			k;

	for (k = 0; k < JY_MAX_STEPS; k++)
	{
		if (st->old[k])
			m->release(m->arg, st->old[k]);
		if (st->old_path[k])
			m->release(m->arg, st->old_path[k]);
	}
	if (st->rep_path)
		m->release(m->arg, st->rep_path);
	if (st->chains)
		m->release(m->arg, st->chains);
	if (st->rows)
		m->release(m->arg, st->rows);
	if (st->paths)
		m->release(m->arg, st->paths);
}

/* The strict_once evaluator */
static JyStatus
funnel_once(const JyEvent *ev, size_t n, const JyFunnelSpec *spec,
			const JyMem *m, int *level, int64_t *times, uint64_t *donep)
{
	OnceState	st;
	const int	N = spec->nsteps;
	const uint64_t xbits = excl_bits(spec) & ~spec->exclude;
	uint64_t	drop = 0;		/* first_time: bit 0 once step 1 was seen */
	uint64_t	best_done = 0;
	bool		started = false;
	bool		left = false;	/* a leave exclusion dropped the actor */
	bool		done = false;
	int			stop = -1;
	int			best = 0;		/* best level of attempts an exclusion ended */
	int64_t    *best_path = NULL;
	size_t		i = 0;
	size_t		since_check = 0;
	JyStatus	rc = JY_OK;
	int			k;

	memset(&st, 0, sizeof(st));
	st.m = m;
	st.spec = spec;
	st.window = spec->window;
	st.flags = spec->flags;
	st.N = N;
	st.want_path = times != NULL;
	for (k = 0; k < JY_MAX_STEPS; k++)
		st.head[k] = st.tail[k] = -1;
	if (st.want_path)
	{
		st.rep_path = m->alloc(m->arg, (size_t) N * N * sizeof(int64_t));
		best_path = m->alloc(m->arg, (size_t) N * sizeof(int64_t));
		if (st.rep_path == NULL || best_path == NULL)
		{
			if (best_path)
				m->release(m->arg, best_path);
			once_free(&st);
			return JY_ERR_OUT_OF_MEMORY;
		}
	}

	while (i < n && stop < 0 && !done && rc == JY_OK)
	{
		const int64_t ts = ev[i].ts;
		const JyEvent *grp = &ev[i];
		uint64_t	any = ev[i].mask;
		uint64_t	bits;
		size_t		j;

		for (j = i + 1; j < n && ev[j].ts == ts; j++)
			any |= ev[j].mask;
		if (j - i > UINT32_MAX)
		{
			rc = JY_ERR_TOO_MANY_CHAINS;
			break;
		}
		any &= ~drop;
		/* an exclusion ends the attempt, before this timestamp's steps */
		if (any & spec->exclude)
		{
			int			lv = highest_level(st.nonempty);

			if (lv > best)
			{
				best = lv;
				best_done = st.rep_done[lv - 1];
				if (st.want_path)
					memcpy(best_path, &st.rep_path[(lv - 1) * N], lv * sizeof(int64_t));
			}
			once_clear(&st);
			started = false;
			any &= ~spec->exclude;
		}
		/* scoped exclusions: only the chains in their ranges */
		if (any & xbits)
		{
			int			x;

			for (x = 0; x < spec->nexcl && !left; x++)
			{
				const JyFunnelExcl *e = &spec->excl[x];
				uint64_t	hit = (any & e->bit) ? excl_levels(e) & st.nonempty : 0;
				int			lv;

				if (hit == 0)
					continue;
				if (e->leave)
				{
					left = once_live(&st, hit, ts);
					continue;
				}
				lv = highest_level(st.nonempty);
				if (lv > best)
				{
					best = lv;
					best_done = st.rep_done[lv - 1];
					if (st.want_path)
						memcpy(best_path, &st.rep_path[(lv - 1) * N], lv * sizeof(int64_t));
				}
				once_clear_levels(&st, hit);
				st.nonempty &= ~hit;
				if (st.nonempty == 0)
					started = false;
			}
			if (left)
			{
				stop = 0;
				break;
			}
			any &= ~xbits;
		}
		if ((ev[i].mask & ~drop) == 0 && (spec->flags & JY_FUNNEL_STRICT_ORDER) && started)
		{
			stop = highest_level(st.nonempty);
			break;
		}
		for (bits = any; bits != 0 && stop < 0 && !done && rc == JY_OK; bits &= bits - 1)
		{
			const int	kk = __builtin_ctzll(bits);
			const uint64_t ext = kk == 0 ? 0 : ext_levels(spec->optional, kk);
			uint32_t	cls = 0;

			if (kk >= N)
				break;			/* an exclusion bit: not a step */

			/* classes: runs of rows with the same mask (rows are sorted by it) */
			while (cls < j - i && stop < 0 && !done && rc == JY_OK)
			{
				uint32_t	end = cls + 1;
				uint32_t	r;

				while (end < j - i && grp[end].mask == grp[cls].mask)
					end++;
				for (r = cls; (grp[cls].mask >> kk & 1) && r < end &&
					 stop < 0 && !done && rc == JY_OK; r++)
				{
					st.seq++;
					if (kk == 0)
					{
						started = true;
						rc = once_start(&st, grp, cls, ts, &done);
						continue;
					}
					switch (decide(spec->flags, st.nonempty, ext, started, kk, &stop))
					{
						case ENTRY_EXTEND:
							rc = once_step(&st, grp, kk, ext, cls, end - cls, ts, &done);
							break;
						case ENTRY_SKIP:
						case ENTRY_STOP:
							break;
					}
				}
				cls = end;
			}
		}
		if (rc == JY_OK)
			rc = once_fold(&st, ts);
		if ((any & 1) && (spec->flags & JY_FUNNEL_FIRST_TIME))
			drop = 1;			/* later step-1 entries start nothing */
		since_check += j - i;
		if (since_check >= JY_INTERRUPT_EVERY)
		{
			jy_interrupt(m);
			since_check = 0;
		}
		i = j;
	}
	if (rc == JY_OK)
	{
		if (done)
			stop = N;
		else if (stop < 0)
			stop = highest_level(st.nonempty);
		/* the best attempt; the current one on a tie (it is the latest) */
		*level = left ? 0 : best > stop ? best : stop;
		if (donep != NULL)
			*donep = left ? 0 : best > stop ? best_done : stop > 0 ? st.rep_done[stop - 1] : 0;
		if (left)
			;
		else if (st.want_path && best > stop)
			memcpy(times, best_path, best * sizeof(int64_t));
		else if (st.want_path && stop > 0)
			memcpy(times, &st.rep_path[(stop - 1) * N], stop * sizeof(int64_t));
	}
	if (best_path)
		m->release(m->arg, best_path);
	once_free(&st);
	return rc;
}

/*
 * any_order: the level is the largest number of distinct steps among the
 * entries of one window [t, t + window], t the timestamp of an entry.  A
 * sliding window over the timestamp groups keeps, per step, how many events
 * of the window satisfy it: O(events * popcount).  An exclusion at ts ends
 * the segment before that timestamp's steps, so no window spans one (each
 * segment is evaluated alone, the best level wins).  first_time: only the
 * window that starts at the actor's first entry.  The reported window is
 * the earliest one that reaches the best level; times receives the first
 * timestamp of each of its steps, in time order.  The earliest window that
 * completes the funnel is also the one that completes first (a later start
 * cannot see every step sooner), so the scan stops there.
 */
static JyStatus
funnel_any_order(const JyEvent *ev, size_t n, const JyFunnelSpec *spec,
				 const JyMem *m, int *level, int64_t *times)
{
	const int	N = spec->nsteps;
	const uint64_t steps = N >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << N) - 1;
	uint32_t	cnt[JY_MAX_STEPS];
	size_t		seg = 0;		/* first event of the current segment */
	size_t		best_at = 0,	/* the reported window's first event ... */
				best_end = 0;	/* ... and the end of its segment */
	int			best = 0;
	bool		started = false;	/* first_time: the first entry was seen */
	size_t		since_check = 0;
	int			k;

	for (k = 1; spec->within != NULL && k < N; k++)
		if (spec->within[k] != 0)
			return JY_ERR_BAD_PARAMETER;	/* per-step gaps need an order */
	while (seg < n && best < N && !started)
	{
		size_t		end = seg;	/* the segment is [seg, end) */
		size_t		i,
					j,
					g;
		uint64_t	have = 0;	/* steps with cnt > 0 */

		/* the segment ends before the next timestamp with an exclusion */
		while (end < n)
		{
			uint64_t	any = ev[end].mask;

			for (g = end + 1; g < n && ev[g].ts == ev[end].ts; g++)
				any |= ev[g].mask;
			if (end > seg && (any & spec->exclude))
				break;
			end = g;
		}
		memset(cnt, 0, sizeof(cnt));
		j = seg;
		for (i = seg; i < end && best < N && !started; i = g)
		{
			uint64_t	any = ev[i].mask;
			uint64_t	bits;
			size_t		r;

			for (g = i + 1; g < end && ev[g].ts == ev[i].ts; g++)
				any |= ev[g].mask;
			/* a window starts at each timestamp that has an entry */
			if (any & steps)
			{
				int			lv;

				while (j < end && in_window(ev[j].ts, ev[i].ts, spec->window))
				{
					for (bits = ev[j].mask & steps; bits != 0; bits &= bits - 1)
						if (cnt[__builtin_ctzll(bits)]++ == 0)
							have |= bits & -bits;
					j++;
				}
				lv = __builtin_popcountll(have);
				if (lv > best)
				{
					best = lv;
					best_at = i;
					best_end = end;
				}
				started = (spec->flags & JY_FUNNEL_FIRST_TIME) != 0;
			}
			/* the group leaves the window (a group without entries was never in it) */
			if (j < g)
				j = g;
			else
				for (r = i; r < g; r++)
					for (bits = ev[r].mask & steps; bits != 0; bits &= bits - 1)
						if (--cnt[__builtin_ctzll(bits)] == 0)
							have &= ~(bits & -bits);
			since_check += g - i;
			if (since_check >= JY_INTERRUPT_EVERY)
			{
				jy_interrupt(m);
				since_check = 0;
			}
		}
		seg = end;
	}
	*level = best;
	if (times != NULL && best > 0)
	{
		uint64_t	seen = 0;
		int			nt = 0;
		size_t		i;

		for (i = best_at; i < best_end && nt < best &&
			 in_window(ev[i].ts, ev[best_at].ts, spec->window); i++)
		{
			uint64_t	fresh = ev[i].mask & steps & ~seen;

			seen |= fresh;
			for (; fresh != 0; fresh &= fresh - 1)
				times[nt++] = ev[i].ts;
		}
	}
	return JY_OK;
}

/*
 * totals: the attempts of an actor (see funnel.h).  Each attempt is
 * jy_funnel_eval over the events from a position; a complete one ends at
 * its completing entry (times[nsteps - 1]), and the next starts with the
 * first event at a strictly later timestamp.
 */
JyStatus
jy_funnel_attempts(const JyEvent *ev, size_t n, const JyFunnelSpec *spec,
				   const JyMem *m, uint64_t *counts)
{
	JyFunnelSpec one = *spec;
	int64_t		times[JY_MAX_STEPS];
	size_t		pos = 0;
	int			k;

	one.flags &= ~(uint32_t) JY_FUNNEL_TOTALS;
	for (k = 0; k < spec->nsteps; k++)
		counts[k] = 0;
	while (pos < n)
	{
		int			level;
		JyStatus	rc = jy_funnel_eval(ev + pos, n - pos, &one, m, &level, times);

		if (rc != JY_OK)
			return rc;
		for (k = 0; k < level; k++)
			counts[k]++;
		if (level < spec->nsteps)
			break;
		while (pos < n && ev[pos].ts <= times[spec->nsteps - 1])
			pos++;
		jy_interrupt(m);
	}
	return JY_OK;
}

/* Evaluate the funnel over sorted events (see funnel.h) */
JyStatus
jy_funnel_eval(const JyEvent *ev, size_t n, const JyFunnelSpec *spec,
			   const JyMem *m, int *level, int64_t *times)
{
	return jy_funnel_eval_chain(ev, n, spec, m, level, times, NULL);
}

/* Evaluate the funnel, and say which steps the chain includes (see funnel.h) */
JyStatus
jy_funnel_eval_chain(const JyEvent *ev, size_t n, const JyFunnelSpec *spec,
					 const JyMem *m, int *level, int64_t *times, uint64_t *done)
{
	*level = 0;
	if (done != NULL)
		*done = 0;
	if (n == 0)
		return JY_OK;
	if (spec->flags & JY_FUNNEL_ANY_ORDER)
		return funnel_any_order(ev, n, spec, m, level, times);
	if (spec->flags & JY_FUNNEL_STRICT_ONCE)
		return funnel_once(ev, n, spec, m, level, times, done);
	return funnel_greedy(ev, n, spec, m, level, times, done);
}

/* The mode words, in flag order */
static const struct
{
	const char *name;
	uint32_t	flag;
}			mode_words[] =
{
	{"strict_order", JY_FUNNEL_STRICT_ORDER},
	{"strict_deduplication", JY_FUNNEL_STRICT_DEDUP},
	{"strict_increase", JY_FUNNEL_STRICT_INCREASE},
	{"strict_once", JY_FUNNEL_STRICT_ONCE},
	{"allow_reentry", JY_FUNNEL_ALLOW_REENTRY},
	{"any_order", JY_FUNNEL_ANY_ORDER},
	{"first_time", JY_FUNNEL_FIRST_TIME},
	{"totals", JY_FUNNEL_TOTALS},
};

/* Pairs of modes that do not combine, and why (see docs/funnels.md) */
static const struct
{
	uint32_t	a;
	uint32_t	b;
	const char *why;
}			mode_conflicts[] =
{
	{JY_FUNNEL_ANY_ORDER, JY_FUNNEL_STRICT_ORDER, "any_order and strict_order cannot be combined"},
	{JY_FUNNEL_ANY_ORDER, JY_FUNNEL_STRICT_DEDUP, "any_order and strict_deduplication cannot be combined"},
	{JY_FUNNEL_ANY_ORDER, JY_FUNNEL_STRICT_INCREASE, "any_order and strict_increase cannot be combined"},
	{JY_FUNNEL_ANY_ORDER, JY_FUNNEL_STRICT_ONCE, "any_order and strict_once cannot be combined"},
	{JY_FUNNEL_FIRST_TIME, JY_FUNNEL_TOTALS, "first_time and totals cannot be combined"},
};

/* Why a flag set is not a valid mode, or NULL (see funnel.h) */
const char *
jy_funnel_mode_conflict(uint32_t flags)
{
	size_t		i;

	for (i = 0; i < sizeof(mode_conflicts) / sizeof(mode_conflicts[0]); i++)
		if ((flags & mode_conflicts[i].a) && (flags & mode_conflicts[i].b))
			return mode_conflicts[i].why;
	return NULL;
}

#define N_MODE_WORDS (sizeof(mode_words) / sizeof(mode_words[0]))

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parse a comma-separated list of mode words (see funnel.h) */
JyStatus
jy_funnel_parse_mode(const char *s, size_t len, uint32_t *flags,
					 const char **bad, size_t *badlen)
{
	size_t		pos = 0;

	*flags = 0;
	while (pos < len)
	{
		size_t		start,
					end;
		size_t		w;
		bool		found = false;

		while (pos < len && is_blank(s[pos]))
			pos++;
		start = pos;
		while (pos < len && s[pos] != ',')
			pos++;
		end = pos;
		while (end > start && is_blank(s[end - 1]))
			end--;
		pos++;					/* skip the comma */
		if (end == start)
			continue;			/* empty word */
		for (w = 0; w < N_MODE_WORDS; w++)
		{
			if (jy_keyword_eq(s + start, end - start, mode_words[w].name))
			{
				*flags |= mode_words[w].flag;
				found = true;
				break;
			}
		}
		if (!found)
		{
			*bad = s + start;
			*badlen = end - start;
			return jy_keyword_eq(s + start, end - start, "strict")
				? JY_ERR_MODE_STRICT : JY_ERR_BAD_MODE;
		}
	}
	if ((*flags & JY_FUNNEL_ALLOW_REENTRY) && !(*flags & JY_FUNNEL_STRICT_ORDER))
		return JY_ERR_REENTRY_NEEDS_ORDER;
	if ((*bad = jy_funnel_mode_conflict(*flags)) != NULL)
	{
		*badlen = strlen(*bad);
		return JY_ERR_MODE_CONFLICT;
	}
	return JY_OK;
}

/* Canonical text of a flag set; returns the length it needs */
size_t
jy_funnel_mode_text(uint32_t flags, char *buf, size_t buflen)
{
	size_t		len = 0;
	size_t		w;

	if (buflen > 0)
		buf[0] = '\0';
	for (w = 0; w < N_MODE_WORDS; w++)
	{
		size_t		l;

		if (!(flags & mode_words[w].flag))
			continue;
		l = strlen(mode_words[w].name);
		if (len > 0)
		{
			if (len + 1 < buflen)
			{
				buf[len] = ',';
				buf[len + 1] = '\0';
			}
			len++;
		}
		if (len + l < buflen)
			memcpy(buf + len, mode_words[w].name, l + 1);
		len += l;
	}
	return len;
}
