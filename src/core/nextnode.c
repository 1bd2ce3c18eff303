/*
 * nextnode.c -- the sequenceNextNode engine
 *
 * Behaviour follows ClickHouse's sequenceNextNode
 * (AggregateFunctionSequenceNextNode.h/.cpp, read for behaviour only) and
 * 01656_sequence_next_node_long; see nextnode.h for the rules.  Deliberate
 * differences: timestamps are int64 (ClickHouse truncates them to 32 bits
 * before sorting); values compare with memcmp (ClickHouse uses strncmp,
 * which stops at a NUL byte -- PostgreSQL text has none); rows equal in
 * (ts, value) are ordered by base_cond and mask instead of by arrival;
 * direction and base are case-insensitive.
 */
#include "nextnode.h"

#include <string.h>

/* Parse a direction */
bool
jy_nextnode_parse_direction(const char *s, size_t len, JyNodeDirection *dir)
{
	static const char *const names[] = {[JY_NODE_FORWARD] = "forward", [JY_NODE_BACKWARD] = "backward"};
	int			k = jy_keyword(names, 2, s, len);

	if (k < 0)
		return false;
	*dir = (JyNodeDirection) k;
	return true;
}

/* Parse a base */
bool
jy_nextnode_parse_base(const char *s, size_t len, JyNodeBase *base)
{
	static const char *const names[] = {
		[JY_NODE_HEAD] = "head", [JY_NODE_TAIL] = "tail",
		[JY_NODE_FIRST_MATCH] = "first_match", [JY_NODE_LAST_MATCH] = "last_match"
	};
	int			k = jy_keyword(names, 4, s, len);

	if (k < 0)
		return false;
	*base = (JyNodeBase) k;
	return true;
}

/* Canonical name of a direction */
const char *
jy_nextnode_direction_name(JyNodeDirection dir)
{
	return dir == JY_NODE_FORWARD ? "forward" : "backward";
}

/* Canonical name of a base */
const char *
jy_nextnode_base_name(JyNodeBase base)
{
	switch (base)
	{
		case JY_NODE_HEAD:
			return "head";
		case JY_NODE_TAIL:
			return "tail";
		case JY_NODE_FIRST_MATCH:
			return "first_match";
		default:
			return "last_match";
	}
}

/* Validate a combination of parameters */
JyNodeCheck
jy_nextnode_check(JyNodeDirection dir, JyNodeBase base, int nevents)
{
	if ((dir == JY_NODE_FORWARD && base == JY_NODE_TAIL) ||
		(dir == JY_NODE_BACKWARD && base == JY_NODE_HEAD))
		return JY_NODE_BAD_COMBINATION;
	if (nevents < 0 || nevents > JY_NODE_MAX_EVENTS)
		return JY_NODE_EVENT_COUNT;
	if ((base == JY_NODE_FIRST_MATCH || base == JY_NODE_LAST_MATCH) && nevents < 1)
		return JY_NODE_NEEDS_EVENT;
	return JY_NODE_OK;
}

/* Message for a failed check */
const char *
jy_nextnode_check_message(JyNodeCheck check)
{
	switch (check)
	{
		case JY_NODE_OK:
			return "ok";
		case JY_NODE_BAD_COMBINATION:
			return "base \"head\" needs direction \"forward\" and base \"tail\" needs direction \"backward\"";
		case JY_NODE_NEEDS_EVENT:
			return "base \"first_match\" or \"last_match\" needs at least one event condition";
		default:
			return "sequence_next_node cannot have more than 64 event conditions";
	}
}

/* Total order of rows */
int
jy_nextnode_cmp(const JyNodeRow *a, const JyNodeRow *b)
{
	uint32_t	l = a->len < b->len ? a->len : b->len;
	int			c;

	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	c = l > 0 ? memcmp(a->value, b->value, l) : 0;
	if (c != 0)
		return c < 0 ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	if (a->base != b->base)
		return a->base ? 1 : -1;
	if (a->mask != b->mask)
		return a->mask < b->mask ? -1 : 1;
	return 0;
}

/* sort_rows(): rows into jy_nextnode_cmp order (core/sort.h) */
#define JY_SORT_NAME sort_rows
#define JY_SORT_TYPE JyNodeRow
#define JY_SORT_CMP jy_nextnode_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Sort rows (see nextnode.h) */
JyStatus
jy_nextnode_sort(JyNodeRow *rows, size_t n, const JyMem *m)
{
	sort_rows(rows, n, NULL, m);
	return JY_OK;
}

/* Does row satisfy event condition k (0-based)? */
static inline bool
has_event(const JyNodeRow *row, int k)
{
	return (row->mask >> k) & 1;
}

/* Find the base row; false when there is none */
static bool
find_base(const JyNodeRow *rows, size_t n, JyNodeBase base, const JyMem *m,
		  size_t *b)
{
	size_t		i;

	switch (base)
	{
		case JY_NODE_HEAD:
			*b = 0;
			return rows[0].base;
		case JY_NODE_TAIL:
			*b = n - 1;
			return rows[n - 1].base;
		case JY_NODE_FIRST_MATCH:
			for (i = 0; i < n; i++)
			{
				if ((i & (JY_INTERRUPT_EVERY - 1)) == JY_INTERRUPT_EVERY - 1)
					jy_interrupt(m);
				if (rows[i].base && has_event(&rows[i], 0))
				{
					*b = i;
					return true;
				}
			}
			return false;
		default:
			for (i = n; i > 0; i--)
			{
				if ((i & (JY_INTERRUPT_EVERY - 1)) == 0)
					jy_interrupt(m);
				if (rows[i - 1].base && has_event(&rows[i - 1], 0))
				{
					*b = i - 1;
					return true;
				}
			}
			return false;
	}
}

/* Find the result row (see nextnode.h) */
bool
jy_nextnode_find(const JyNodeRow *rows, size_t n, JyNodeDirection dir,
				 JyNodeBase base, int nevents, const JyMem *m, size_t *index)
{
	size_t		nev = nevents > 0 ? (size_t) nevents : 0;
	size_t		b;
	size_t		i;

	if (n <= nev || !find_base(rows, n, base, m, &b))
		return false;
	if (dir == JY_NODE_FORWARD)
	{
		if (b + nev >= n)
			return false;
		for (i = 0; i < nev; i++)
			if (!has_event(&rows[b + i], (int) i))
				return false;
		*index = b + nev;
	}
	else
	{
		if (b < nev)
			return false;
		for (i = 0; i < nev; i++)
			if (!has_event(&rows[b - i], (int) i))
				return false;
		*index = b - nev;
	}
	return true;
}
