/*
 * funnel.h -- the windowFunnel engine (ClickHouse-compatible)
 *
 * Input: the events of one actor, sorted by jy_events_sort.  Entries are the
 * (ts, condition) pairs of the events, processed in (ts, condition, row)
 * order; a row that satisfies several conditions yields several entries at
 * its timestamp and may climb several levels.  See docs/funnels.md.
 *
 * Journey maps add per-step gaps (within) and exclusion events: an
 * exclusion ends the current attempt (every chain is dropped and the scan
 * waits for a new step 1), and applies before the steps of its timestamp;
 * the result is the best level of all attempts.
 */
#ifndef JY_FUNNEL_H
#define JY_FUNNEL_H

#include "events.h"

/* mode flags */
#define JY_FUNNEL_STRICT_ORDER		0x01
#define JY_FUNNEL_STRICT_DEDUP		0x02
#define JY_FUNNEL_STRICT_INCREASE	0x04
#define JY_FUNNEL_STRICT_ONCE		0x08
#define JY_FUNNEL_ALLOW_REENTRY		0x10
#define JY_FUNNEL_ANY_ORDER			0x20	/* steps in any order (issue 13) */
#define JY_FUNNEL_FIRST_TIME		0x40	/* only the first step-1 entry starts a chain */
#define JY_FUNNEL_TOTALS			0x80	/* count every non-overlapping attempt */
#define JY_FUNNEL_ALL_FLAGS			0xff

/*
 * Most candidate chains strict_once keeps at one timestamp.  Only rows that
 * share a timestamp, satisfy several conditions and differ in which ones can
 * make many; adding a chain compares it with those of its level, so the
 * limit also bounds that quadratic work (well under a second).
 */
#define JY_MAX_CHAINS 10000

typedef struct JyFunnelSpec
{
	uint64_t	window;			/* > 0, in the unit of the timestamps */
	uint32_t	flags;			/* JY_FUNNEL_* */
	int			nsteps;			/* 1 .. JY_MAX_STEPS */

	/*
	 * Journey maps only (zero otherwise): within[k] (k >= 1) is the largest
	 * gap allowed between a chain's step k and its step k + 1 (0: none;
	 * within[0] is unused); exclude is the event bit that ends an attempt
	 * (bit nsteps, so nsteps < 64; 0: none).
	 */
	const uint64_t *within;
	uint64_t	exclude;

	/*
	 * Journey maps, issue 13 (zero otherwise).  optional has bit k when step
	 * k may be skipped: a step-k entry may then extend a chain whose last
	 * step is k - 2 (and further back across several optional steps); steps
	 * 0 and nsteps - 1 are never optional.  excl[0 .. nexcl) are the scoped
	 * exclusions (JyFunnelExcl), each with its own event bit.
	 */
	uint64_t	optional;
	int			nexcl;
	const struct JyFunnelExcl *excl;
} JyFunnelSpec;

/*
 * A scoped exclusion.  At a timestamp with an event of bit, before that
 * timestamp's steps, every chain whose last step so far is a 1-based
 * position in from .. to - 1 (it has reached stage from, or a later stage
 * before to) is affected: with leave false the chain is dropped (its
 * attempt ends, as the global exclude does to every chain); with leave
 * true, if such a chain is still within the window, the actor leaves the
 * funnel: level 0, nothing reported.  1 <= from < to <= nsteps.
 */
typedef struct JyFunnelExcl
{
	uint64_t	bit;
	int			from;
	int			to;
	bool		leave;
} JyFunnelExcl;

/*
 * Parse a comma-separated mode list (case-insensitive, blanks ignored).
 * On JY_ERR_BAD_MODE *bad and *badlen point at the offending word; on
 * JY_ERR_MODE_CONFLICT at a static sentence naming the two modes that do
 * not combine (jy_funnel_mode_conflict).
 */
extern JyStatus jy_funnel_parse_mode(const char *s, size_t len, uint32_t *flags,
									 const char **bad, size_t *badlen);

/*
 * Why a flag set is not a valid mode ("any_order and strict_order cannot be
 * combined"), or NULL when it is.  allow_reentry without strict_order is
 * reported as JY_ERR_REENTRY_NEEDS_ORDER by the parser, not here.
 */
extern const char *jy_funnel_mode_conflict(uint32_t flags);

/* Canonical text of a flag set, e.g. "strict_order,allow_reentry" */
extern size_t jy_funnel_mode_text(uint32_t flags, char *buf, size_t buflen);

/*
 * Evaluate the funnel over sorted events.  *level receives 0..nsteps.  When
 * times is not NULL it receives the step timestamps of the reported chain
 * (times[0 .. *level - 1]): if the funnel completes, a chain completed by the
 * first entry that completes it; otherwise a chain ending at the latest entry
 * accepted at the highest level reached; among chains ending at that entry,
 * one with the latest first step.  (Without strict_once the earlier steps are
 * also the latest possible; with strict_once they are some valid choice.)
 */
extern JyStatus jy_funnel_eval(const JyEvent *ev, size_t n,
							   const JyFunnelSpec *spec, const JyMem *m,
							   int *level, int64_t *times);

/*
 * jy_funnel_eval, and *done (when not NULL) receives the steps the reported
 * chain includes (bit k: step k; all of 0 .. *level - 1 unless steps are
 * optional; 0 for level 0).  With optional steps, times[k] of a skipped
 * step is 0, and among chains that end at the same entry with the same
 * first step the one that includes more steps is reported.
 */
extern JyStatus jy_funnel_eval_chain(const JyEvent *ev, size_t n,
									 const JyFunnelSpec *spec, const JyMem *m,
									 int *level, int64_t *times, uint64_t *done);

/*
 * totals: every non-overlapping conversion of an actor counts.  An attempt
 * is jy_funnel_eval over the events from a position (the totals flag
 * ignored); when it completes, at the first entry that completes it, it
 * counts and the next attempt starts with the events at strictly later
 * timestamps; the attempt after the last completion counts at the level it
 * reaches (if >= 1).  counts[k] (k < nsteps) receives the number of attempts
 * reaching step k + 1.  Any mode but first_time; with any_order a complete
 * attempt ends when its earliest complete window completes.
 */
extern JyStatus jy_funnel_attempts(const JyEvent *ev, size_t n,
								   const JyFunnelSpec *spec, const JyMem *m,
								   uint64_t *counts);

#endif							/* JY_FUNNEL_H */
