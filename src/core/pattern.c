/*
 * pattern.c -- the sequenceMatch / sequenceCount engine
 *
 * 1. What ClickHouse computes
 *
 * ClickHouse (AggregateFunctionSequenceMatch.h) prepends '.*' to the
 * pattern and runs a depth-first backtracking search over the sorted events
 * (sequenceMatch without time gates uses an NFA instead, which reaches the
 * same answers; the oracle of test_pattern.c runs whichever ClickHouse
 * would).  A search state is (item k, event position p, reference event b).
 * What each item does:
 *
 *   (?N), .     test event p; on success b := p, go to (k + 1, p + 1)
 *   .*          remember a choice point; b := p, go to (k + 1, p); when
 *               resumed, the '.*' swallows one more event (p + 1), as long
 *               as one remains
 *   gate        test event p against b (ts_p op ts_b + K); on success
 *               remember a choice point, b := p, go to (k + 1, p) (the gate
 *               consumes nothing: the next item tests the same event); on
 *               failure or when resumed, try p + 1, p + 2, ... (for < and
 *               <= it backtracks at once, which is the same thing because
 *               timestamps only grow)
 *
 * The reference b is therefore a function of (k, p): p - 1 when item k - 1
 * is (?N) or '.', p when it is '.*' (gates cannot follow gates).  So the
 * search is a walk down a tree whose nodes are (k, p) and whose children are
 * tried in increasing p.  It stops at the first of these leaves:
 *
 *   - k = nitems: a match, ending at p (sequenceCount resumes there, or at
 *     p + 1 if the match consumed nothing);
 *   - p = n with k < nitems (the events ran out, only after (?N) or '.'):
 *     a match ending at n if every remaining item accepts an empty tail
 *     ('.*', (?t<=K), (?t<K), (?t>=0)), otherwise "no match" -- the search
 *     does not backtrack out of this leaf (we found no input where a match
 *     would follow such a leaf, but keep the rule since it costs nothing);
 * and if the tree has neither, ClickHouse ends up at item 0 with no events
 * left and reports a match (ending at n) exactly when every item of the
 * pattern accepts an empty tail.
 *
 * 2. How we compute the same thing
 *
 * Let F(k, p) be the first such leaf of the subtree at (k, p), in the
 * search's order: its end position (>= 0), POS_FAIL for a "no match" leaf,
 * POS_NONE if the subtree has no leaf.  Because a subtree depends only on
 * its root (k, p), F obeys a recurrence over the children in order:
 *
 *   F(nitems, p) = p
 *   F(k, n)      = n or POS_FAIL by the empty-tail rule
 *   (?N)         F(k, p) = ev[p] satisfies N ? F(k + 1, p + 1) : POS_NONE
 *   .            F(k, p) = F(k + 1, p + 1)
 *   .*           F(k, p) = F(k + 1, j), j the least j in [p, n) with
 *                F(k + 1, j) != POS_NONE
 *   gate         the same over the j in [p, n) that pass the gate from
 *                b(k, p); they form an interval [lo, hi) because timestamps
 *                are sorted, and lo, hi only grow with p (two pointers)
 *
 * We fill F level by level from k = nitems down to 0, keeping two levels and
 * a "next non-empty position" array: O(n) per item, O(n x items) in all,
 * 12 bytes an event, no recursion and no exponential blow-up.
 * sequenceMatch is F(0, 0); sequenceCount walks s := F(0, s) from s = 0
 * (each call of ClickHouse's matcher starts at a fresh (0, s)).  The unit
 * test test_pattern.c checks both against a step-by-step restatement of the
 * backtracking search on hundreds of thousands of random cases, and the
 * fuzzer test/fuzz/fuzz_pattern.c on arbitrary ones.
 *
 * Our deliberate differences: no iteration limit (ClickHouse raises
 * TOO_SLOW after 1,000,000 steps); ties in ts are ordered by mask; up to 64
 * conditions (ClickHouse: 32); timestamps are int64 and gates compare
 * exact differences, with no wrap-around.
 */
#include "pattern.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* F values that are not end positions */
#define POS_FAIL	(-1)		/* the search stops with no match */
#define POS_NONE	(-2)		/* no leaf in this subtree */

static void set_error(JyPatternError *err, JyPatternErrorKind kind,
					  size_t pos, const char *fmt,...)
			__attribute__((format(printf, 4, 5)));

/* Fill *err: kind, 1-based position (0: none) and a formatted message */
static void
set_error(JyPatternError *err, JyPatternErrorKind kind, size_t pos,
		  const char *fmt,...)
{
	va_list		ap;

	err->kind = kind;
	err->position = (int) pos;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

/*
 * Read an unsigned decimal number with an optional leading '+' at *pos.
 * Returns false when there are no digits; *overflow is set when the number
 * does not fit in 64 bits (all its digits are consumed anyway).
 */
static bool
read_number(const char *s, size_t len, size_t *pos, uint64_t *out,
			bool *overflow)
{
	size_t		i = *pos;
	size_t		digits = 0;
	uint64_t	v = 0;

	*overflow = false;
	if (i < len && s[i] == '+')
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
	{
		unsigned	d = (unsigned) (s[i] - '0');

		if (v > (UINT64_MAX - d) / 10)
			*overflow = true;
		else
			v = v * 10 + d;
	}
	if (digits == 0)
	{
		*pos = i;
		return false;
	}
	*pos = i;
	*out = v;
	return true;
}

/* Does text at pos start with lit? */
static bool
starts_with(const char *s, size_t len, size_t pos, const char *lit)
{
	size_t		l = strlen(lit);

	return pos <= len && len - pos >= l && memcmp(s + pos, lit, l) == 0;
}

/* Parse "<=" etc. at *pos into *op */
static bool
read_gate_op(const char *s, size_t len, size_t *pos, uint8_t *op)
{
	static const struct
	{
		const char *text;
		JyPatternOp op;
	}			ops[] = {
		{"<=", JY_PAT_LE}, {"<", JY_PAT_LT}, {">=", JY_PAT_GE},
		{">", JY_PAT_GT}, {"==", JY_PAT_EQ}
	};
	size_t		i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
	{
		if (starts_with(s, len, *pos, ops[i].text))
		{
			*pos += strlen(ops[i].text);
			*op = (uint8_t) ops[i].op;
			return true;
		}
	}
	return false;
}

/*
 * Parse one "(?...)" item starting at text[start] == '('.  Returns false
 * with *err filled in.
 */
static bool
parse_paren(const char *s, size_t len, size_t *pos, int nconds,
			int64_t gate_unit, uint8_t prev_op, JyPatternItem *it,
			JyPatternError *err)
{
	size_t		start = *pos;
	size_t		i = start + 1;
	size_t		num;
	uint64_t	v = 0;
	bool		overflow;

	if (i >= len || s[i] != '?')
	{
		set_error(err, JY_PATTERN_ERR_SYNTAX, i + 1, "expected '?'");
		return false;
	}
	i++;
	if (i < len && s[i] == 't')
	{
		if (prev_op != JY_PAT_EVENT && prev_op != JY_PAT_ANY && prev_op != JY_PAT_STAR)
		{
			set_error(err, JY_PATTERN_ERR_SYNTAX, start + 1,
					  "time condition must follow (?N), '.' or '.*'");
			return false;
		}
		i++;
		if (!read_gate_op(s, len, &i, &it->op))
		{
			set_error(err, JY_PATTERN_ERR_SYNTAX, i + 1,
					  "expected '<=', '<', '>=', '>' or '=='");
			return false;
		}
		num = i;
		if (!read_number(s, len, &i, &v, &overflow))
		{
			set_error(err, JY_PATTERN_ERR_SYNTAX, i + 1, "expected a number");
			return false;
		}
		if (overflow)
		{
			set_error(err, JY_PATTERN_ERR_RANGE, num + 1, "number too large");
			return false;
		}
		if (v > UINT64_MAX / (uint64_t) gate_unit)
		{
			set_error(err, JY_PATTERN_ERR_RANGE, num + 1, "time value too large");
			return false;
		}
		it->cond = 0;
		it->value = v * (uint64_t) gate_unit;
	}
	else
	{
		num = i;
		if (!read_number(s, len, &i, &v, &overflow))
		{
			set_error(err, JY_PATTERN_ERR_SYNTAX, i + 1,
					  i == num ? "expected a condition number or 't'" : "expected a number");
			return false;
		}
		if (overflow || v < 1 || v > (uint64_t) nconds)
		{
			set_error(err, JY_PATTERN_ERR_CONDITION, num + 1,
					  "condition number must be between 1 and %d", nconds);
			return false;
		}
		it->op = JY_PAT_EVENT;
		it->cond = (uint8_t) (v - 1);
		it->value = 0;
	}
	if (i >= len || s[i] != ')')
	{
		set_error(err, JY_PATTERN_ERR_SYNTAX, i + 1, "expected ')'");
		return false;
	}
	*pos = i + 1;
	return true;
}

/* Compile a pattern (see pattern.h) */
JyPattern *
jy_pattern_compile(const char *text, size_t len, int nconds, int64_t gate_unit,
				   const JyMem *m, JyPatternError *err)
{
	JyPatternItem items[JY_PATTERN_MAX_ITEMS + 1];
	JyPattern  *pat;
	int			nitems = 1;
	size_t		pos = 0;
	uint64_t	refmask = 0;
	bool		has_time = false;
	int			k;

	err->kind = JY_PATTERN_ERR_NONE;
	err->position = 0;
	err->message[0] = '\0';
	if (nconds < 1 || nconds > JY_MAX_STEPS)
	{
		set_error(err, JY_PATTERN_ERR_ARGUMENT, 0,
				  "number of conditions must be between 1 and %d", JY_MAX_STEPS);
		return NULL;
	}
	if (gate_unit < 1)
	{
		set_error(err, JY_PATTERN_ERR_ARGUMENT, 0, "time unit must be positive");
		return NULL;
	}
	if (len > JY_PATTERN_MAX_LENGTH)
	{
		set_error(err, JY_PATTERN_ERR_LIMIT, JY_PATTERN_MAX_LENGTH + 1,
				  "pattern is longer than %d bytes", JY_PATTERN_MAX_LENGTH);
		return NULL;
	}

	memset(&items[0], 0, sizeof(items[0]));
	items[0].op = JY_PAT_STAR;
	while (pos < len)
	{
		JyPatternItem *it = &items[nitems];

		if (nitems > JY_PATTERN_MAX_ITEMS)
		{
			set_error(err, JY_PATTERN_ERR_LIMIT, pos + 1,
					  "pattern has more than %d items", JY_PATTERN_MAX_ITEMS);
			return NULL;
		}
		memset(it, 0, sizeof(*it));
		if (text[pos] == '.')
		{
			if (pos + 1 < len && text[pos + 1] == '*')
			{
				it->op = JY_PAT_STAR;
				pos += 2;
			}
			else
			{
				it->op = JY_PAT_ANY;
				pos++;
			}
		}
		else if (text[pos] == '(')
		{
			if (!parse_paren(text, len, &pos, nconds, gate_unit,
							 items[nitems - 1].op, it, err))
				return NULL;
			if (it->op == JY_PAT_EVENT)
				refmask |= UINT64_C(1) << it->cond;
			else
				has_time = true;
		}
		else
		{
			set_error(err, JY_PATTERN_ERR_SYNTAX, pos + 1,
					  "expected '(?', '.' or '.*'");
			return NULL;
		}
		nitems++;
	}

	pat = m->alloc(m->arg, sizeof(JyPattern) + nitems * sizeof(JyPatternItem));
	if (pat == NULL)
	{
		set_error(err, JY_PATTERN_ERR_OUT_OF_MEMORY, 0, "out of memory");
		return NULL;
	}
	pat->nitems = nitems;
	pat->nconds = nconds;
	pat->refmask = refmask;
	pat->has_time = has_time;
	for (k = 0; k < nitems; k++)
		pat->items[k] = items[k];
	return pat;
}

/* Bytes of a compiled pattern */
size_t
jy_pattern_size(const JyPattern *pat)
{
	return sizeof(JyPattern) + pat->nitems * sizeof(JyPatternItem);
}

/* Release a compiled pattern */
void
jy_pattern_free(JyPattern *pat, const JyMem *m)
{
	if (pat != NULL)
		m->release(m->arg, pat);
}

/* Does the item accept running out of events? */
static inline bool
accepts_empty(const JyPatternItem *it)
{
	return it->op == JY_PAT_STAR || it->op == JY_PAT_LE || it->op == JY_PAT_LT ||
		(it->op == JY_PAT_GE && it->value == 0);
}

/* Does every item of the pattern accept running out of events? */
static bool
all_accept_empty(const JyPattern *pat)
{
	int			k;

	for (k = 0; k < pat->nitems; k++)
		if (!accepts_empty(&pat->items[k]))
			return false;
	return true;
}

/* ts_j - ts_b as an exact unsigned number (ts_j >= ts_b: events are sorted) */
static inline uint64_t
ts_diff(int64_t tj, int64_t tb)
{
	return (uint64_t) tj - (uint64_t) tb;
}

/*
 * One level of F for a time gate at item k: cur[p] from up = F(k + 1, .)
 * and nl[x] = least j >= x with up[j] != POS_NONE (n if none).
 */
static void
level_gate(const JyPatternItem *it, bool after_event, const JyEvent *ev,
		   int32_t n, const int32_t *up, const int32_t *nl, int32_t *cur,
		   const JyMem *m)
{
	const uint64_t K = it->value;
	int32_t		ge = 0;			/* least j >= b with ts_j - ts_b >= K */
	int32_t		gt = 0;			/* least j >= b with ts_j - ts_b > K */
	int32_t		p;

	for (p = 0; p < n; p++)
	{
		int32_t		b = (after_event && p > 0) ? p - 1 : p;
		int64_t		tb = ev[b].ts;
		int32_t		lo,
					hi,
					j;

		if ((p & (JY_INTERRUPT_EVERY - 1)) == JY_INTERRUPT_EVERY - 1)
			jy_interrupt(m);
		if (ge < b)
			ge = b;
		if (gt < b)
			gt = b;
		while (ge < n && ts_diff(ev[ge].ts, tb) < K)
			ge++;
		while (gt < n && ts_diff(ev[gt].ts, tb) <= K)
			gt++;
		switch ((JyPatternOp) it->op)
		{
			case JY_PAT_LE:
				lo = p;
				hi = gt;
				break;
			case JY_PAT_LT:
				lo = p;
				hi = ge;
				break;
			case JY_PAT_GE:
				lo = ge > p ? ge : p;
				hi = n;
				break;
			case JY_PAT_GT:
				lo = gt > p ? gt : p;
				hi = n;
				break;
			default:			/* JY_PAT_EQ */
				lo = ge > p ? ge : p;
				hi = gt;
				break;
		}
		j = lo < hi ? nl[lo] : n;
		cur[p] = j < hi ? up[j] : POS_NONE;
	}
}

/*
 * Compute F(0, .) over n events (n >= 1): *work receives the allocation to
 * release and *f0 points at F(0, 0 .. n) inside it.
 */
static JyStatus
solve(const JyPattern *pat, const JyEvent *ev, int32_t n, const JyMem *m,
	  int32_t **work, int32_t **f0)
{
	size_t		len = (size_t) n + 1;
	int32_t    *buf;
	int32_t    *up;
	int32_t    *cur;
	int32_t    *nl;
	bool		tail = true;
	size_t		since = 0;
	int32_t		p;
	int			k;

	buf = m->alloc(m->arg, 3 * len * sizeof(int32_t));
	if (buf == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	up = buf;
	cur = buf + len;
	nl = buf + 2 * len;

	for (p = 0; p <= n; p++)
		up[p] = p;
	for (k = pat->nitems - 1; k >= 0; k--)
	{
		const JyPatternItem *it = &pat->items[k];
		int32_t    *t;

		/* the loops below also call it every JY_INTERRUPT_EVERY events */
		since += (size_t) n;
		if (since >= JY_INTERRUPT_EVERY)
		{
			jy_interrupt(m);
			since = 0;
		}
		tail = tail && accepts_empty(it);
		cur[n] = tail ? n : POS_FAIL;
		switch ((JyPatternOp) it->op)
		{
			case JY_PAT_EVENT:
				{
					const uint64_t bit = UINT64_C(1) << it->cond;

					for (p = 0; p < n; p++)
					{
						if ((p & (JY_INTERRUPT_EVERY - 1)) == JY_INTERRUPT_EVERY - 1)
							jy_interrupt(m);
						cur[p] = (ev[p].mask & bit) ? up[p + 1] : POS_NONE;
					}
					break;
				}
			case JY_PAT_ANY:
				memcpy(cur, up + 1, (size_t) n * sizeof(int32_t));
				break;
			case JY_PAT_STAR:
				{
					int32_t		next = n;

					for (p = n - 1; p >= 0; p--)
					{
						if ((p & (JY_INTERRUPT_EVERY - 1)) == JY_INTERRUPT_EVERY - 1)
							jy_interrupt(m);
						if (up[p] != POS_NONE)
							next = p;
						cur[p] = next < n ? up[next] : POS_NONE;
					}
					break;
				}
			default:
				{
					const uint8_t prev = pat->items[k - 1].op;

					nl[n] = n;
					for (p = n - 1; p >= 0; p--)
					{
						if ((p & (JY_INTERRUPT_EVERY - 1)) == JY_INTERRUPT_EVERY - 1)
							jy_interrupt(m);
						nl[p] = up[p] != POS_NONE ? p : nl[p + 1];
					}
					level_gate(it, prev == JY_PAT_EVENT || prev == JY_PAT_ANY,
							   ev, n, up, nl, cur, m);
					break;
				}
		}
		t = up;
		up = cur;
		cur = t;
	}
	*work = buf;
	*f0 = up;
	return JY_OK;
}

/*
 * The events to match: ev itself, or a copy without the events whose mask
 * is 0 (ClickHouse never stores those).  *met receives the OR of the masks.
 */
static JyStatus
usable_events(const JyEvent *ev, size_t n, const JyMem *m,
			  const JyEvent **use, size_t *nuse, JyEvent **copy, uint64_t *met)
{
	uint64_t	any = 0;
	size_t		zeros = 0;
	size_t		i,
				j;

	*copy = NULL;
	*use = ev;
	*nuse = n;
	if (n > JY_MAX_EVENTS)
		return JY_ERR_TOO_MANY_EVENTS;
	for (i = 0; i < n; i++)
	{
		any |= ev[i].mask;
		zeros += ev[i].mask == 0;
	}
	*met = any;
	if (zeros == 0)
		return JY_OK;
	if (zeros == n)
	{
		*nuse = 0;
		return JY_OK;
	}
	*copy = m->alloc(m->arg, (n - zeros) * sizeof(JyEvent));
	if (*copy == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0, j = 0; i < n; i++)
		if (ev[i].mask != 0)
			(*copy)[j++] = ev[i];
	*use = *copy;
	*nuse = j;
	return JY_OK;
}

/* sequenceMatch (see pattern.h) */
JyStatus
jy_sequence_match(const JyPattern *pat, const JyEvent *ev, size_t n,
				  const JyMem *m, bool *result)
{
	const JyEvent *use;
	size_t		nuse;
	JyEvent    *copy;
	uint64_t	met;
	int32_t    *work;
	int32_t    *f0;
	JyStatus	st;

	*result = false;
	st = usable_events(ev, n, m, &use, &nuse, &copy, &met);
	if (st != JY_OK)
		return st;
	/* a condition the pattern names never holds: no match */
	if ((pat->refmask & ~met) == 0 && nuse == 0)
		*result = all_accept_empty(pat);
	else if ((pat->refmask & ~met) == 0)
	{
		st = solve(pat, use, (int32_t) nuse, m, &work, &f0);
		if (st == JY_OK)
		{
			*result = f0[0] >= 0 || (f0[0] == POS_NONE && all_accept_empty(pat));
			m->release(m->arg, work);
		}
	}
	if (copy != NULL)
		m->release(m->arg, copy);
	return st;
}

/* sequenceCount (see pattern.h) */
JyStatus
jy_sequence_count(const JyPattern *pat, const JyEvent *ev, size_t n,
				  const JyMem *m, uint64_t *result)
{
	const JyEvent *use;
	size_t		nuse;
	JyEvent    *copy;
	uint64_t	met;
	int32_t    *work;
	int32_t    *f0;
	JyStatus	st;

	*result = 0;
	st = usable_events(ev, n, m, &use, &nuse, &copy, &met);
	if (st != JY_OK)
		return st;
	if ((pat->refmask & ~met) == 0 && nuse > 0)
	{
		st = solve(pat, use, (int32_t) nuse, m, &work, &f0);
		if (st == JY_OK)
		{
			const int32_t nn = (int32_t) nuse;
			const bool	empty_ok = all_accept_empty(pat);
			uint64_t	count = 0;
			int32_t		s = 0;

			while (s < nn)
			{
				int32_t		end = f0[s];

				if (end == POS_FAIL)
					break;
				count++;
				/* no leaf at all: ClickHouse's final empty-tail check */
				if (end == POS_NONE)
				{
					if (!empty_ok)
						count--;
					break;
				}
				s = end > s ? end : s + 1;
			}
			*result = count;
			m->release(m->arg, work);
		}
	}
	if (copy != NULL)
		m->release(m->arg, copy);
	return st;
}
