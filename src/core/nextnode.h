/*
 * nextnode.h -- the sequenceNextNode engine (ClickHouse-compatible)
 *
 * sequence_next_node(direction, base, ts, value, base_cond, event1 .. eventN)
 * returns the value of the row that follows (or precedes) a chain of N
 * consecutive rows matching event1 .. eventN, starting at a base row.
 *
 * Input rows: every row whose value is not NULL (the caller drops rows with
 * a NULL value; NULL conditions count as false), whether or not it
 * satisfies any condition: such rows can be the answer.  Each row has its
 * timestamp, its value bytes, whether base_cond holds, and a mask of the
 * event conditions it satisfies (bit k-1 = event k, k = 1 .. 64).
 *
 * Order: by timestamp, then by value bytewise (a shorter value before a
 * longer one it prefixes), as in ClickHouse, so values at the same
 * timestamp are ordered by value, not by arrival.  Rows equal in both --
 * which ClickHouse keeps in arrival order -- are ordered by base_cond (false
 * first), then by mask, so the result never depends on arrival order.
 *
 * The rules (semantics-clickhouse.md section 5):
 *   - with n <= N rows the result is none (NULL);
 *   - base row: head = row 0 if its base_cond holds; tail = the last row if
 *     its base_cond holds; first_match / last_match = the first / last row
 *     where event1 and base_cond both hold (whatever the direction);
 *   - N = 0: the base row itself;
 *   - forward: rows base, base + 1, .., base + N - 1 must satisfy event1 ..
 *     eventN; the answer is row base + N (none if it does not exist);
 *   - backward: rows base, base - 1, .., base - N + 1 must satisfy event1 ..
 *     eventN; the answer is row base - N (none if base < N).
 */
#ifndef JY_NEXTNODE_H
#define JY_NEXTNODE_H

#include "jy.h"

/* Most event conditions (ClickHouse's limit too) */
#define JY_NODE_MAX_EVENTS 64

typedef struct JyNodeRow
{
	int64_t		ts;
	uint64_t	mask;			/* bit k-1: event condition k holds */
	const char *value;			/* len bytes, not necessarily NUL-terminated */
	uint32_t	len;
	bool		base;			/* base_cond holds */
} JyNodeRow;

typedef enum JyNodeDirection
{
	JY_NODE_FORWARD,
	JY_NODE_BACKWARD
} JyNodeDirection;

typedef enum JyNodeBase
{
	JY_NODE_HEAD,
	JY_NODE_TAIL,
	JY_NODE_FIRST_MATCH,
	JY_NODE_LAST_MATCH
} JyNodeBase;

/* What jy_nextnode_check finds wrong with a combination of parameters */
typedef enum JyNodeCheck
{
	JY_NODE_OK = 0,
	JY_NODE_BAD_COMBINATION,	/* forward + tail or backward + head */
	JY_NODE_NEEDS_EVENT,		/* first_match / last_match without event1 */
	JY_NODE_EVENT_COUNT			/* N < 0 or N > JY_NODE_MAX_EVENTS */
} JyNodeCheck;

/*
 * Parse 'forward' / 'backward' and 'head' / 'tail' / 'first_match' /
 * 'last_match' (case-insensitive, surrounding blanks ignored).  False when
 * the text names none of them.
 */
extern bool jy_nextnode_parse_direction(const char *s, size_t len,
										JyNodeDirection *dir);
extern bool jy_nextnode_parse_base(const char *s, size_t len, JyNodeBase *base);

/* Canonical names, e.g. for error messages */
extern const char *jy_nextnode_direction_name(JyNodeDirection dir);
extern const char *jy_nextnode_base_name(JyNodeBase base);

/* Validate direction, base and the number of event conditions */
extern JyNodeCheck jy_nextnode_check(JyNodeDirection dir, JyNodeBase base,
									 int nevents);

/* A short message for a failed check (lower case, no period) */
extern const char *jy_nextnode_check_message(JyNodeCheck check);

/* Total order of rows: ts, value bytes, length, base_cond, mask */
extern int	jy_nextnode_cmp(const JyNodeRow *a, const JyNodeRow *b);

/*
 * Sort rows into jy_nextnode_cmp order, in place (core/sort.h; rows equal
 * under it hold the same bytes, so the order is fully determined).  Always
 * JY_OK.
 */
extern JyStatus jy_nextnode_sort(JyNodeRow *rows, size_t n, const JyMem *m);

/*
 * Find the answer over n sorted rows for a valid combination (see
 * jy_nextnode_check).  Returns true with *index = the row whose value is
 * the result, false when the result is NULL.
 */
extern bool jy_nextnode_find(const JyNodeRow *rows, size_t n,
							 JyNodeDirection dir, JyNodeBase base, int nevents,
							 const JyMem *m, size_t *index);

#endif							/* JY_NEXTNODE_H */
