/*
 * seq_oracle.h -- a reference sequenceMatch / sequenceCount for tests
 *
 * A plain restatement of ClickHouse's matcher (AggregateFunctionSequenceMatch.h,
 * read for behaviour only): the stack-based backtracking search with its
 * empty-tail rule, the NFA it uses for sequenceMatch when the pattern has no
 * time gate, the "condition never true" pre-check, and sequenceCount's
 * resumption.  Exponential in the worst case, so every call takes a step
 * budget and gives up (returns -1) when it runs out.  It reads the items of
 * a compiled JyPattern (the parser is tested separately) and is shared by
 * test/unit/test_pattern.c and test/fuzz/fuzz_pattern.c.
 */
#ifndef JY_SEQ_ORACLE_H
#define JY_SEQ_ORACLE_H

#include <stdlib.h>
#include <string.h>

#include "core/pattern.h"

typedef struct OracleFrame
{
	int			action;
	size_t		ev;
	size_t		base;
} OracleFrame;

/* Does a time gate hold?  Compared in 128 bits, so nothing wraps */
static bool
oracle_gate(uint8_t op, int64_t t, int64_t tbase, uint64_t k)
{
	__int128	lhs = t;
	__int128	rhs = (__int128) tbase + (__int128) k;

	switch (op)
	{
		case JY_PAT_LE:
			return lhs <= rhs;
		case JY_PAT_LT:
			return lhs < rhs;
		case JY_PAT_GE:
			return lhs >= rhs;
		case JY_PAT_GT:
			return lhs > rhs;
		default:
			return lhs == rhs;
	}
}

/* Can the item be skipped when the events have run out? */
static bool
oracle_empty_ok(const JyPatternItem *it)
{
	return it->op == JY_PAT_STAR || it->op == JY_PAT_LE || it->op == JY_PAT_LT ||
		(it->op == JY_PAT_GE && it->value == 0);
}

/*
 * One backtracking match from *pos (ClickHouse's backtrackingMatch).
 * Returns 1 on a match, 0 otherwise, -1 when the budget ran out; *pos
 * receives where the events iterator was left.
 */
static int
oracle_backtrack(const JyPattern *pat, const JyEvent *ev, size_t n,
				 size_t *pos, long *budget)
{
	OracleFrame stack[JY_PATTERN_MAX_ITEMS + 2];
	int			depth = 0;
	int			a = 0;
	const int	m = pat->nitems;
	const size_t begin = *pos;
	size_t		e = *pos;
	size_t		base = *pos;
	bool		stop = false;

#define ORACLE_PUSH() \
	do { \
		if (depth >= JY_PATTERN_MAX_ITEMS + 2) abort(); \
		stack[depth].action = a; stack[depth].ev = e; stack[depth].base = base; \
		depth++; \
	} while (0)

	/* pop choice points until one leaves an event to try */
#define ORACLE_BACKTRACK(ok) \
	do { \
		(ok) = false; \
		while (depth > 0) \
		{ \
			depth--; \
			a = stack[depth].action; \
			e = stack[depth].ev + 1; \
			base = stack[depth].base; \
			if (e != n) { (ok) = true; break; } \
		} \
	} while (0)

	while (a != m && e != n && !stop)
	{
		const JyPatternItem *it = &pat->items[a];
		bool		ok;

		if (--*budget < 0)
			return -1;
		switch (it->op)
		{
			case JY_PAT_EVENT:
				if ((ev[e].mask >> it->cond) & 1)
				{
					base = e;
					a++;
					e++;
				}
				else
				{
					ORACLE_BACKTRACK(ok);
					stop = !ok;
				}
				break;
			case JY_PAT_ANY:
				base = e;
				a++;
				e++;
				break;
			case JY_PAT_STAR:
				ORACLE_PUSH();
				base = e;
				a++;
				break;
			case JY_PAT_LE:
			case JY_PAT_LT:
				if (oracle_gate(it->op, ev[e].ts, ev[base].ts, it->value))
				{
					ORACLE_PUSH();
					base = e;
					a++;
				}
				else
				{
					ORACLE_BACKTRACK(ok);
					stop = !ok;
				}
				break;
			default:
				if (oracle_gate(it->op, ev[e].ts, ev[base].ts, it->value))
				{
					ORACLE_PUSH();
					base = e;
					a++;
				}
				else if (++e == n)
				{
					ORACLE_BACKTRACK(ok);
					stop = !ok;
				}
				break;
		}
	}
#undef ORACLE_PUSH
#undef ORACLE_BACKTRACK

	/* the remaining items may match an empty tail */
	while (a < m && oracle_empty_ok(&pat->items[a]))
		a++;
	if (e == begin)
		e++;
	*pos = e;
	return a == m;
}

/* ClickHouse's NFA for patterns without time gates: does it match? */
static bool
oracle_nfa(const JyPattern *pat, const JyEvent *ev, size_t n)
{
	/* state s: s consuming items matched; kleene[s]: a '.*' may loop there */
	bool		kleene[JY_PATTERN_MAX_ITEMS + 2];
	const JyPatternItem *trans[JY_PATTERN_MAX_ITEMS + 2];
	bool		act[JY_PATTERN_MAX_ITEMS + 2];
	bool		nxt[JY_PATTERN_MAX_ITEMS + 2];
	int			ns = 1;
	int			k;
	size_t		i;

	kleene[0] = false;
	trans[0] = NULL;
	for (k = 0; k < pat->nitems; k++)
	{
		const JyPatternItem *it = &pat->items[k];

		if (it->op == JY_PAT_STAR)
			kleene[ns - 1] = true;
		else
		{
			trans[ns - 1] = it;
			kleene[ns] = false;
			trans[ns] = NULL;
			ns++;
		}
	}
	memset(act, 0, sizeof(act));
	act[0] = true;
	for (i = 0; i < n && !act[ns - 1]; i++)
	{
		int			s;
		bool		any = false;

		memset(nxt, 0, sizeof(nxt));
		for (s = 0; s < ns; s++)
		{
			if (!act[s])
				continue;
			if (trans[s] != NULL &&
				(trans[s]->op == JY_PAT_ANY || ((ev[i].mask >> trans[s]->cond) & 1)))
				nxt[s + 1] = any = true;
			if (kleene[s])
				nxt[s] = any = true;
		}
		memcpy(act, nxt, sizeof(act));
		if (!any)
			break;
	}
	return act[ns - 1];
}

/* Drop events whose mask is 0 (ClickHouse never stores them); OR of masks */
static size_t
oracle_filter(const JyEvent *ev, size_t n, JyEvent *out, uint64_t *met)
{
	size_t		i,
				j = 0;

	*met = 0;
	for (i = 0; i < n; i++)
		if (ev[i].mask != 0)
		{
			out[j++] = ev[i];
			*met |= ev[i].mask;
		}
	return j;
}

/* sequenceMatch: 1, 0, or -1 when the budget ran out; out has room for n */
static int
oracle_match(const JyPattern *pat, const JyEvent *ev0, size_t n0, JyEvent *ev,
			 long budget)
{
	uint64_t	met;
	size_t		n = oracle_filter(ev0, n0, ev, &met);
	size_t		pos = 0;

	if ((pat->refmask & met) != pat->refmask)
		return 0;
	if (!pat->has_time)
		return oracle_nfa(pat, ev, n);
	return oracle_backtrack(pat, ev, n, &pos, &budget);
}

/* sequenceCount: the count, or -1 when the budget ran out */
static long long
oracle_count(const JyPattern *pat, const JyEvent *ev0, size_t n0, JyEvent *ev,
			 long budget)
{
	uint64_t	met;
	size_t		n = oracle_filter(ev0, n0, ev, &met);
	size_t		pos = 0;
	long long	count = 0;

	if ((pat->refmask & met) != pat->refmask)
		return 0;
	while (pos != n)
	{
		int			r = oracle_backtrack(pat, ev, n, &pos, &budget);

		if (r < 0)
			return -1;
		if (r == 0)
			break;
		count++;
	}
	return count;
}

#endif							/* JY_SEQ_ORACLE_H */
