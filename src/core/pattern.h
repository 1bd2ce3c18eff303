/*
 * pattern.h -- the sequenceMatch / sequenceCount engine (ClickHouse-compatible)
 *
 * A pattern is compiled once per query for a given number of conditions and
 * timestamp unit, then evaluated over the events of each group.
 *
 * Pattern language (no blanks anywhere):
 *   (?N)       one event that satisfies condition N (1 .. nconds)
 *   .          any one event
 *   .*         any number of events (lazy: fewest first)
 *   (?t<=K) (?t<K) (?t>=K) (?t>K) (?t==K)
 *              time gate: the next event tested must satisfy
 *              ts op ts_ref + K (see "gate reference" below); any number of
 *              events may lie in between.  K is an unsigned decimal number
 *              with an optional leading '+', in seconds for timestamps
 *              (gate_unit 1000000) or in the unit of a bigint timestamp
 *              (gate_unit 1).  A gate must follow (?N), '.' or '.*'.
 * An implicit '.*' precedes the pattern (a match may start anywhere); there
 * is no end anchor.  Adjacent (?N)(?M) means consecutive stored events.
 *
 * Input events: one per input row that satisfied at least one condition
 * (events with mask 0 are ignored), bit k-1 of the mask = condition k,
 * sorted in jy_event_cmp order (ts, then mask: our deterministic order of
 * ties; ClickHouse's order of ties is undefined).
 *
 * Gate reference: the event matched by the (?N) or '.' just before the gate;
 * after '.*', the first event after what the '.*' skipped (the first event
 * the gate itself tests), so (?1).*(?t>5)(?2) measures from the event right
 * after (?1) when the '.*' skips nothing.
 *
 * Results follow ClickHouse's backtracking matcher exactly (including what
 * happens when the events run out in the middle of the pattern, and where
 * sequenceCount resumes), but in O(events x items) time and O(events)
 * memory, with no iteration limit; see pattern.c for the algorithm and the
 * argument that it is equivalent.
 */
#ifndef JY_PATTERN_H
#define JY_PATTERN_H

#include "events.h"

/* Most items a pattern may have (not counting the implicit leading .*) */
#define JY_PATTERN_MAX_ITEMS 256

/* Longest pattern text, in bytes (leading zeros make long items possible) */
#define JY_PATTERN_MAX_LENGTH 65536

/* Kinds of pattern items */
typedef enum JyPatternOp
{
	JY_PAT_EVENT,				/* (?N) */
	JY_PAT_ANY,					/* . */
	JY_PAT_STAR,				/* .* */
	JY_PAT_LE,					/* (?t<=K) */
	JY_PAT_LT,					/* (?t<K) */
	JY_PAT_GE,					/* (?t>=K) */
	JY_PAT_GT,					/* (?t>K) */
	JY_PAT_EQ					/* (?t==K) */
} JyPatternOp;

typedef struct JyPatternItem
{
	uint8_t		op;				/* JyPatternOp */
	uint8_t		cond;			/* JY_PAT_EVENT: condition index, 0-based */
	uint64_t	value;			/* gates: K x gate_unit */
} JyPatternItem;

/*
 * A compiled pattern: one flat allocation without pointers (it may be
 * copied with memcpy of jy_pattern_size bytes).  items[0] is the implicit
 * leading .*; the fields are read-only for callers.
 */
typedef struct JyPattern
{
	int			nitems;			/* items[] entries, 1 .. JY_PATTERN_MAX_ITEMS + 1 */
	int			nconds;			/* conditions the pattern was compiled for */
	uint64_t	refmask;		/* bit k-1: condition k appears as (?k) */
	bool		has_time;		/* some time gate appears */
	JyPatternItem items[];
} JyPattern;

/* Why a pattern failed to compile */
typedef enum JyPatternErrorKind
{
	JY_PATTERN_ERR_NONE = 0,
	JY_PATTERN_ERR_SYNTAX,		/* malformed text */
	JY_PATTERN_ERR_CONDITION,	/* (?N) with N outside 1 .. nconds */
	JY_PATTERN_ERR_RANGE,		/* a number too large (or K x unit overflows) */
	JY_PATTERN_ERR_LIMIT,		/* too many items or too long a text */
	JY_PATTERN_ERR_ARGUMENT,	/* nconds outside 1 .. JY_MAX_STEPS, unit < 1 */
	JY_PATTERN_ERR_OUT_OF_MEMORY	/* the allocator returned NULL */
} JyPatternErrorKind;

typedef struct JyPatternError
{
	JyPatternErrorKind kind;
	int			position;		/* 1-based character position; 0 if none */
	char		message[80];	/* e.g. "expected ')'"; lower case, no period */
} JyPatternError;

/*
 * Compile len bytes of pattern text for nconds conditions (1 ..
 * JY_MAX_STEPS); gate values are multiplied by gate_unit (>= 1).  Returns
 * the pattern (free with jy_pattern_free), or NULL with *err filled in.
 */
extern JyPattern *jy_pattern_compile(const char *text, size_t len, int nconds,
									 int64_t gate_unit, const JyMem *m,
									 JyPatternError *err);

/* Bytes of a compiled pattern, for copying it */
extern size_t jy_pattern_size(const JyPattern *pat);

extern void jy_pattern_free(JyPattern *pat, const JyMem *m);

/*
 * sequenceMatch over n sorted events.  Zero events are a valid input: the
 * result is then true only for patterns made of '.*' and gates that accept
 * running out of events (e.g. '' or '(?t<=10)'), as in ClickHouse when a
 * group has rows but none satisfies a condition.  Errors: out of memory,
 * more than JY_MAX_EVENTS events.
 */
extern JyStatus jy_sequence_match(const JyPattern *pat, const JyEvent *ev,
								  size_t n, const JyMem *m, bool *result);

/* sequenceCount over n sorted events (0 for zero events) */
extern JyStatus jy_sequence_count(const JyPattern *pat, const JyEvent *ev,
								  size_t n, const JyMem *m, uint64_t *result);

#endif							/* JY_PATTERN_H */
