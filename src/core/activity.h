/*
 * activity.h -- actors' active days, keyed by actor inside one aggregate
 *
 * A JyActivity is the working state of activity_agg: an actor table
 * (actors.h) giving each distinct actor a dense id, and the set of
 * (actor id, day) pairs seen, plus, when the cohort is given by an event,
 * each actor's first cohort-event day.  Days are day numbers from
 * 2000-01-01 (PostgreSQL's date), JY_DAY_MIN .. JY_DAY_MAX.
 *
 * Pairs are appended as 8-byte words (id << 32 | day - JY_DAY_MIN),
 * skipping a repeat of the actor's last appended day (input in actor or
 * time order repeats it often), and sorted and deduplicated (compacted)
 * only when the buffer is full: then the buffer doubles only if more than
 * half of it holds distinct pairs.  So the buffer holds at most 4 words per
 * distinct (actor, day) pair, and usually one or two.  Memory:
 *
 *     per actor             the actor table (actors.h: 24 to 40 bytes for
 *                           an integer key, more for byte keys) + 4 bytes
 *                           (last day) + 4 bytes (cohort day, event source)
 *     per (actor, day)      8 to 32 bytes (see above)
 *
 * At most JY_ACTIVITY_MAX_PAIRS distinct (actor, day) pairs (one 1 GB
 * buffer): beyond it, JY_ERR_TOO_MANY_EVENTS.  Sorting calls the JyMem
 * interrupt hook.  Its byte form is the activity summary (codec.h).
 *
 * Values (value_agg).  A state made valued (jy_activity_set_valued) also
 * sums a decimal value per (actor, day), exactly: every value is held as
 * int64 units of 10^-scale, scale the largest scale of any value added
 * (at most JY_VALUE_MAX_SCALE; stored values are rescaled when it grows).
 * Rows with a value append (pair, units) entries to a second buffer,
 * adding into the last entry when it is the same pair, and compacted like
 * the pairs (sorted, equal pairs summed): 16 to 64 bytes per (actor, day)
 * with a value.  A sum or a rescaled value beyond int64 is
 * JY_ERR_VALUE_TOO_LARGE.  Valued and plain states do not merge.
 */
#ifndef JY_ACTIVITY_H
#define JY_ACTIVITY_H

#include "actors.h"
#include "jy.h"
#include "summary.h"

/*
 * The days a summary may hold: the local day of any timestamptz in any
 * time zone (4714-11-23 BC, the day before the first instant's UTC day)
 * to the last finite date (5874897-12-31)
 */
#define JY_DAY_MIN (-2451546)
#define JY_DAY_MAX 2145031948

/* No day (smaller than every day) */
#define JY_NO_DAY INT32_MIN

/* Most distinct (actor, day) pairs of one state */
#define JY_ACTIVITY_MAX_PAIRS (JY_MAX_ALLOC / sizeof(uint64_t))

/* Where an actor's cohort day comes from */
typedef enum JyCohortSource
{
	JY_COHORT_NONE = 0,			/* not known yet (no actor) */
	JY_COHORT_FIRST_DAY = 1,	/* the first active day */
	JY_COHORT_EVENT = 2			/* the first day of a cohort event */
} JyCohortSource;

#define JY_COHORT_NSOURCES 3

/* "first active day", "cohort event" */
extern const char *jy_cohort_source_name(JyCohortSource source);

/* Most decimal places of a value (as numeric's text gives them) */
#define JY_VALUE_MAX_SCALE 18

/* A value of an (actor, day): the pair as in JyActivity.pairs, units of 10^-scale */
typedef struct JyActivityValue
{
	uint64_t	pair;
	int64_t		units;
} JyActivityValue;

/* Most distinct (actor, day) pairs with a value of one state (a 1 GB buffer) */
#define JY_ACTIVITY_MAX_VALUED_PAIRS (JY_MAX_ALLOC / sizeof(JyActivityValue))

typedef struct JyActivity
{
	JyActors	actors;
	JyCohortSource source;
	int32_t    *last;			/* per actor: the last day appended */
	int32_t    *cohort;			/* JY_COHORT_EVENT: per actor, the first
								 * cohort-event day or JY_NO_DAY */
	uint32_t	acap;			/* room in last and cohort */
	uint64_t   *pairs;			/* (id << 32 | day - JY_DAY_MIN) */
	size_t		npairs,
				pcap;
	size_t		nsorted;		/* pairs[0 .. nsorted) sorted, distinct */
	/* values (valued states only) */
	bool		valued;
	uint8_t		scale;			/* of every entry's units */
	JyActivityValue *vals;
	size_t		nvals,
				vcap,
				vsorted;		/* vals[0 .. vsorted) sorted, distinct */
} JyActivity;

/* An empty state of a key kind and cohort source (allocates nothing) */
extern void jy_activity_init(JyActivity *a, JyActorKind kind, JyCohortSource source);

/*
 * One row: actor key (int64 for JY_ACTOR_INT, bytes otherwise), its day
 * (JY_DAY_MIN .. JY_DAY_MAX, else JY_ERR_BAD_PARAMETER) and whether the row
 * is a cohort event (used with JY_COHORT_EVENT only).  Errors:
 * JY_ERR_OUT_OF_MEMORY, JY_ERR_TOO_MANY_EVENTS (beyond
 * JY_ACTIVITY_MAX_PAIRS); after an error the state may hold part of the
 * row (the actor without the day) and should be discarded.
 */
extern JyStatus jy_activity_add_int(JyActivity *a, const JyMem *m, int64_t key,
									int32_t day, bool event);
extern JyStatus jy_activity_add_bytes(JyActivity *a, const JyMem *m, const void *key,
									  size_t len, int32_t day, bool event);

/* Make an empty state valued (before any row) */
extern void jy_activity_set_valued(JyActivity *a);

/*
 * One row with a value units / 10^scale (0 <= scale <= JY_VALUE_MAX_SCALE,
 * else JY_ERR_BAD_PARAMETER) of a valued state: as jy_activity_add_int /
 * _bytes, and the value added to the (actor, day)'s sum.  Also
 * JY_ERR_VALUE_TOO_LARGE (see above).
 */
extern JyStatus jy_activity_add_int_value(JyActivity *a, const JyMem *m, int64_t key,
										  int32_t day, bool event, int64_t units,
										  int scale);
extern JyStatus jy_activity_add_bytes_value(JyActivity *a, const JyMem *m,
											const void *key, size_t len, int32_t day,
											bool event, int64_t units, int scale);

/*
 * NULL when states or summaries of (kind, source) may merge into a: one of
 * them has no actor, or both kind and source are equal; else what differs
 * ("key kind", "cohort source" or "values")
 */
extern const char *jy_activity_mismatch(const JyActivity *a, JyActorKind kind,
										JyCohortSource source, bool valued);

/*
 * Merge src into dst (union of days per actor, cohort day the smaller);
 * JY_ERR_BAD_PARAMETER when jy_activity_mismatch says they differ.  src is
 * compacted but otherwise unchanged.
 */
extern JyStatus jy_activity_merge(JyActivity *dst, JyActivity *src, const JyMem *m);

/* Sort and deduplicate the pairs */
extern JyStatus jy_activity_compact(JyActivity *a, const JyMem *m);

/*
 * Append the activity summary of a (codec.h) to w: actors in ascending key
 * order, so equal input gives equal bytes.  Compacts a.  Failures stick in
 * w->status (or are returned: JY_ERR_OUT_OF_MEMORY).
 */
extern JyStatus jy_activity_encode(JyActivity *a, const JyMem *m, JyWriter *w);

/*
 * Merge the activity summary data[0 .. len) into a (decoded and checked:
 * JY_ERR_CORRUPT with *why; JY_ERR_BAD_PARAMETER when it does not match
 * a, see jy_activity_mismatch).
 */
extern JyStatus jy_activity_add_summary(JyActivity *a, const JyMem *m,
										const uint8_t *data, size_t len,
										const char **why);

/* Release everything; the state is empty again */
extern void jy_activity_free(JyActivity *a, const JyMem *m);

#endif							/* JY_ACTIVITY_H */
