/*
 * cohort.h -- segmentation reports over active periods: lifecycle counts
 * per period ("growth accounting") and cohort retention tables
 *
 * Periods are int64 indexes: consecutive integers are consecutive periods
 * (the glue maps day, week or month buckets to them).  Any int64 is a valid
 * index, negative ones included.  Each actor is given to an accumulator once,
 * as its active periods: sorted ascending and distinct (checked; anything
 * else is JY_ERR_BAD_PARAMETER).  The accumulators keep no per-actor data,
 * only counts in an open-addressing hash table, so memory grows with the
 * number of distinct keys, never with the number of actors:
 *
 *     lifecycle   key: period            4 counters (new, current,
 *                                        resurrected, dormant)
 *     cohorts     key: (cohort, -1)      the cohort's size
 *                 key: (cohort, slot)    one counter; slot is an offset
 *                                        (ON, ON_OR_AFTER) or a bracket
 *                                        number (BRACKETS)
 *
 * A slot takes 48 bytes (lifecycle) or 24 (cohorts) and the table is kept
 * at most 3/4 full, doubling.  The lifecycle has at most one key per period
 * of its span, plus the period after it (dormant); ON has at most
 * one key per (cohort, offset) seen, ON_OR_AFTER one per (cohort, last
 * offset of an actor), BRACKETS one per (cohort, bracket) -- no dense
 * cohort x offset matrix, so sparse data stays small.
 *
 * Every function that can fail leaves the accumulator unchanged when it
 * fails (an actor is added wholly or not at all), so a caller may carry on
 * after an error.  Results are allocated through the accumulator's JyMem and
 * released by the caller through it; a result with no rows is *rows = NULL,
 * *nrows = 0.  Loops over the input, the table and the output call the
 * interrupt hook every JY_INTERRUPT_EVERY iterations or so.
 *
 * Limits (JY_ERR_BAD_PARAMETER beyond them; period arithmetic never
 * overflows, whatever the int64 values):
 *
 *   - JY_MAX_PERIOD_SPAN: the periods an accumulator counts lie within
 *     JY_MAX_PERIOD_SPAN consecutive periods (max - min < JY_MAX_PERIOD_SPAN).
 *     For the lifecycle, every active period of every actor; for cohorts,
 *     every cohort period and every active period at or after its actor's
 *     cohort (earlier activity is ignored, and so is not limited).  An actor
 *     that would widen the span beyond the limit is refused.
 *   - Cohorts, ON and ON_OR_AFTER: last_period - cohort < JY_MAX_PERIOD_SPAN
 *     for every reported cohort (so offsets fit the int32 period column).
 *   - Cohorts: a result has at most JY_COHORT_MAX_ROWS rows (checked before
 *     anything is allocated).
 *   - BRACKETS: at most JY_MAX_PERIOD_SPAN brackets.
 *
 * 1. Lifecycle.  For period P and an actor with active periods S:
 *
 *     new          min(S) = P
 *     current      P in S and P - 1 in S
 *     resurrected  P in S, P - 1 not in S, and some period < P - 1 in S
 *     dormant      P - 1 in S and P not in S
 *     active       new + current + resurrected (= actors with P in S)
 *
 *    Every actor active in P is exactly one of new, current or resurrected.
 *    jy_lifecycle_result reports one row per period from the smallest to the
 *    largest period of any actor, inclusive and consecutive, also periods
 *    where every count is 0; the actors that go dormant in the period after
 *    the largest are not reported.  No actor: no rows.
 *
 * 2. Cohort retention.  Each actor belongs to the cohort given with it (for
 *    instance its first active period, or its sign-up period; the core does
 *    not care) and counts once in that cohort's cohort_size, whatever its
 *    activity (an actor with no active period, or only earlier ones, is in
 *    the cohort and retained nowhere).  Activity before the cohort period is
 *    ignored.  Membership is not activity: for ON, k = 0 counts only the
 *    actors active in the cohort period itself.
 *
 *    ON           retained in k: active in period cohort + k;
 *                 k = 0 .. last_period - cohort.
 *    ON_OR_AFTER  retained in k: active in some period >= cohort + k;
 *                 k = 0 .. last_period - cohort.  (Non-increasing in k.)
 *    BRACKETS     offsets b_0 < b_1 < ... < b_last (b_0 >= 0); bracket i
 *                 covers offsets [b_i, b_{i+1}), the last [b_last, infinity);
 *                 retained in i: active in some period in
 *                 [cohort + b_i, cohort + b_{i+1}); bracket i is reported
 *                 when cohort + b_i <= last_period.  With b_0 > 0, activity
 *                 at offsets below b_0 is in no bracket.
 *
 *    last_period decides which rows are reported, never which activity
 *    counts: activity after last_period still counts for ON_OR_AFTER and for
 *    a bracket that reaches past last_period (the glue normally passes the
 *    largest period seen, where this cannot arise).  Rows are ordered by
 *    cohort, then period; every cohort with at least one actor appears, with
 *    every k (or reported bracket) in range, also where retained is 0; a
 *    cohort after last_period has no row in range, so it has no rows.
 */
#ifndef JY_COHORT_H
#define JY_COHORT_H

#include "jy.h"

/* Most consecutive periods an accumulator spans (see above) */
#define JY_MAX_PERIOD_SPAN 10000000

/* Most rows of a cohort table */
#define JY_COHORT_MAX_ROWS 20000000

/* ----------------------------------------------------------------
 * Lifecycle ("growth accounting")
 * ----------------------------------------------------------------
 */

typedef struct JyLifecycleRow
{
	int64_t		period;
	int64_t		new_actors;		/* first active period is this one */
	int64_t		current;		/* active in this period and the previous one */
	int64_t		resurrected;	/* active in this period, not the previous,
								 * but in some earlier one */
	int64_t		dormant;		/* active in the previous period, not in this
								 * one */
	int64_t		active;			/* new + current + resurrected */
} JyLifecycleRow;

/* Opaque accumulator */
typedef struct JyLifecycle JyLifecycle;

/* A new empty accumulator (NULL when out of memory); m must outlive it */
extern JyLifecycle *jy_lifecycle_create(const JyMem *m);

/*
 * One actor: n >= 1 active period indexes, sorted ascending, distinct.
 * Errors: JY_ERR_BAD_PARAMETER (n = 0, not strictly ascending, or the span
 * would exceed JY_MAX_PERIOD_SPAN), JY_ERR_OUT_OF_MEMORY; either way the
 * accumulator is unchanged.
 */
extern JyStatus jy_lifecycle_add(JyLifecycle *lc, const int64_t *periods, size_t n);

/*
 * Rows for every period from the smallest to the largest period seen by any
 * actor (inclusive, consecutive, also periods where every count is 0);
 * dormant for period max + 1 is not reported.  *rows allocated through the
 * JyMem (NULL with no row).  No actor: 0 rows.  The accumulator is unchanged
 * and can take more actors.  Errors: JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_lifecycle_result(const JyLifecycle *lc, JyLifecycleRow **rows,
									size_t *nrows);

/* Smallest and largest period of any actor; false (and 0, 0) with no actor */
extern bool jy_lifecycle_range(const JyLifecycle *lc, int64_t *min, int64_t *max);

extern void jy_lifecycle_free(JyLifecycle *lc);

/* ----------------------------------------------------------------
 * Cohort retention
 * ----------------------------------------------------------------
 */

typedef enum JyRetentionCriterion
{
	JY_RETENTION_ON,
	JY_RETENTION_ON_OR_AFTER,
	JY_RETENTION_BRACKETS
} JyRetentionCriterion;

typedef struct JyCohortRow
{
	int64_t		cohort;			/* the cohort's period index */
	int32_t		period;			/* offset k from the cohort period, or
								 * bracket number for JY_RETENTION_BRACKETS */
	int64_t		cohort_size;	/* actors in the cohort */
	int64_t		retained;		/* actors retained in period k (see criteria) */
} JyCohortRow;

/* The values of a row of a valued accumulator */
typedef struct JyCohortValue
{
	__int128	value;			/* the sum of values in period k */
	__int128	cumulative;		/* the sum over periods 0 .. k */
} JyCohortValue;

/* Opaque accumulator */
typedef struct JyCohorts JyCohorts;

/*
 * A new empty accumulator; m must outlive it.  brackets: for
 * JY_RETENTION_BRACKETS, 1 <= nbrackets <= JY_MAX_PERIOD_SPAN strictly
 * increasing offsets b_0 < b_1 < ... (b_0 >= 0), copied; bracket i covers
 * offsets [b_i, b_{i+1}), the last one [b_last, infinity).  Ignored (may be
 * NULL) otherwise.  Returns NULL with *st set: JY_ERR_BAD_PARAMETER for bad
 * brackets or an unknown criterion, JY_ERR_OUT_OF_MEMORY; *st = JY_OK
 * otherwise.
 */
extern JyCohorts *jy_cohorts_create(JyRetentionCriterion crit, const int32_t *brackets,
									int nbrackets, const JyMem *m, JyStatus *st);

/*
 * A new accumulator of value retention: criterion ON, and per (cohort,
 * offset) also the exact sum (__int128) of the actors' values in that
 * period, and its running sum over offsets 0 .. k (JyCohortValue; units as
 * the caller's, e.g. 10^-scale).  Actors come through
 * jy_cohorts_add_values only, results through jy_cohorts_value_result (or
 * jy_cohorts_result, without the values).  NULL with *st =
 * JY_ERR_OUT_OF_MEMORY.
 */
extern JyCohorts *jy_cohorts_create_valued(const JyMem *m, JyStatus *st);

/*
 * jy_cohorts_result of a valued accumulator, and *values: per row, its
 * value and cumulative value (allocated through the JyMem, NULL with no
 * row; JY_ERR_BAD_PARAMETER for an accumulator not valued)
 */
extern JyStatus jy_cohorts_value_result(const JyCohorts *c, int64_t last_period,
										JyCohortRow **rows, JyCohortValue **values,
										size_t *nrows);

/*
 * One actor of a valued accumulator: as jy_cohorts_add, with units[i] the
 * actor's value in periods[i] (values before the cohort are ignored with
 * their periods).  JY_ERR_BAD_PARAMETER on an accumulator not valued (and
 * jy_cohorts_add on a valued one).
 */
extern JyStatus jy_cohorts_add_values(JyCohorts *c, int64_t cohort, const int64_t *periods,
									  const int64_t *units, size_t n);

/*
 * One actor: its cohort period and its n >= 0 active period indexes, sorted
 * ascending and distinct (all of them, the ignored ones before the cohort
 * included); activity before the cohort period is ignored.  Errors:
 * JY_ERR_BAD_PARAMETER (not strictly ascending, or the span would exceed
 * JY_MAX_PERIOD_SPAN), JY_ERR_OUT_OF_MEMORY; either way the accumulator is
 * unchanged.
 */
extern JyStatus jy_cohorts_add(JyCohorts *c, int64_t cohort, const int64_t *periods,
							   size_t n);

/*
 * Rows ordered by cohort then period, allocated through the JyMem (NULL
 * with no row).  last_period: the last period of the data (the glue passes
 * the largest period seen, e.g. jy_cohorts_max_period, or one the user
 * gives).
 *   ON: active in period cohort+k exactly; k = 0 .. last_period - cohort.
 *   ON_OR_AFTER: active in some period >= cohort+k; k = 0 .. last_period - cohort.
 *   BRACKETS: active in some period in [cohort+b_i, cohort+b_{i+1}); bracket i
 *   reported only if cohort + b_i <= last_period.
 * Every cohort with >= 1 actor appears; rows for every k in range even when
 * retained = 0 (a cohort after last_period has none).  The accumulator is
 * unchanged and can take more actors.  Errors: JY_ERR_BAD_PARAMETER (ON,
 * ON_OR_AFTER: last_period - cohort >= JY_MAX_PERIOD_SPAN for a reported
 * cohort; any: more than JY_COHORT_MAX_ROWS rows), JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_cohorts_result(const JyCohorts *c, int64_t last_period,
								  JyCohortRow **rows, size_t *nrows);

/*
 * The largest period counted: the largest cohort period or active period at
 * or after its actor's cohort.  false (and 0) with no actor.
 */
extern bool jy_cohorts_max_period(const JyCohorts *c, int64_t *max);

extern void jy_cohorts_free(JyCohorts *c);

/* ----------------------------------------------------------------
 * Periods of days
 * ----------------------------------------------------------------
 *
 * Days are numbered from 2000-01-01 (day 0) in the proleptic Gregorian
 * calendar with astronomical years (year 0 is 1 BC, year -1 is 2 BC), as
 * PostgreSQL's date type counts them.  A day's period index is
 *
 *     day    the day number itself
 *     week   Monday-based weeks from Monday 2000-01-03 (week 0):
 *            floor((day - 2) / 7)
 *     month  months from January 2000: (year - 2000) * 12 + month - 1
 *
 * so consecutive periods have consecutive indexes across 1 BC / 1 AD as
 * anywhere else (there is no year 0 gap).  Valid for every day with
 * |day| < 2^40 (far beyond any date PostgreSQL accepts).
 */

typedef enum JyPeriodUnit
{
	JY_PERIOD_DAY,
	JY_PERIOD_WEEK,
	JY_PERIOD_MONTH
} JyPeriodUnit;

/* The unit named s[0..len) ("day", "week", "month"); false when none is */
extern bool jy_period_parse(const char *s, size_t len, JyPeriodUnit *unit);

/* The name of a unit */
extern const char *jy_period_name(JyPeriodUnit unit);

/* The criterion named s[0..len) ("on", "on_or_after", "brackets") */
extern bool jy_retention_parse_criterion(const char *s, size_t len,
										 JyRetentionCriterion *crit);

/* The period index of a day */
extern int64_t jy_period_of_day(JyPeriodUnit unit, int64_t day);

/*
 * The period index of day counted from a start day: the period of start
 * plus the whole periods elapsed since start (negative before it) -- days,
 * weeks of 7 days, or months to the same day of the month (from January
 * 31, February 28 is 0 months and March 1 is 1, as PostgreSQL's age)
 */
extern int64_t jy_period_of_day_since(JyPeriodUnit unit, int64_t start, int64_t day);

/* The first day of period k (jy_period_of_day of it is k) */
extern int64_t jy_period_first_day(JyPeriodUnit unit, int64_t k);

/* The day number of a date (astronomical year, month 1-12, day 1-31) */
extern int64_t jy_days_from_civil(int64_t year, int month, int mday);

/* The date of a day number */
extern void jy_civil_from_days(int64_t day, int64_t *year, int *month, int *mday);

/* ----------------------------------------------------------------
 * Stickiness
 * ----------------------------------------------------------------
 *
 * Per window (a week, a month, or the whole range), actors by the number
 * k of distinct periods (days, weeks) of the window in which they were
 * active.  A period belongs to the window of its first day: a day to its
 * week or month, a week (Monday to Sunday) to the month of its Monday, so
 * a week that straddles two months counts in the earlier one, whole.  A
 * window's periods are the periods whose first day is in it: 7 days a
 * week, 28 to 31 days or 4 to 5 weeks (Mondays) a month; k runs from 1 to
 * that number.  With the whole range as the window ("all"), its periods
 * are every period from the first to the last active period of any actor.
 *
 * Each actor is given once, as its distinct active days ascending; only
 * counts per (window, k) are kept (CountTable, 24 bytes a key), never
 * per actor.  The windows span at most JY_MAX_PERIOD_SPAN windows (the
 * whole range: periods) and the result at most JY_COHORT_MAX_ROWS rows
 * (JY_ERR_BAD_PARAMETER beyond).
 */

typedef struct JyStickinessRow
{
	int64_t		window;			/* the window's period index (of within);
								 * with the whole range, its first period */
	int32_t		k;				/* distinct active periods, 1 .. periods */
	int32_t		periods;		/* periods in the window (k's upper bound) */
	int64_t		actors;			/* active in exactly k periods */
	int64_t		cumulative;		/* active in k periods or more */
	int64_t		active;			/* active in the window at all */
} JyStickinessRow;

/* Opaque accumulator */
typedef struct JyStickiness JyStickiness;

/*
 * A new accumulator counting periods of unit period in windows of unit
 * within, or in the whole range (whole true: within is ignored).  The pair
 * must have period shorter than within: day/week, day/month, week/month
 * (JY_ERR_BAD_PARAMETER otherwise); with whole, any period.  NULL with *st
 * set on failure (JY_ERR_BAD_PARAMETER, JY_ERR_OUT_OF_MEMORY).
 */
extern JyStickiness *jy_stickiness_create(JyPeriodUnit period, JyPeriodUnit within,
										  bool whole, const JyMem *m, JyStatus *st);

/*
 * One actor: its n >= 1 distinct active days, strictly ascending (else
 * JY_ERR_BAD_PARAMETER; also when the windows would span too far).  The
 * accumulator is unchanged on failure.
 */
extern JyStatus jy_stickiness_add(JyStickiness *s, const int32_t *days, size_t n);

/*
 * Rows ordered by window, then k: every window from the first to the last
 * with activity, each with k = 1 .. its periods (also where counts are 0).
 * No actor: no rows.  Errors: JY_ERR_BAD_PARAMETER (more than
 * JY_COHORT_MAX_ROWS rows), JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_stickiness_result(const JyStickiness *s, JyStickinessRow **rows,
									 size_t *nrows);

/* Parse a window unit: "week", "month" (*whole false) or "all" (*whole true) */
extern bool jy_stickiness_parse_within(const char *s, size_t len, JyPeriodUnit *unit,
									   bool *whole);

extern void jy_stickiness_free(JyStickiness *s);

#endif							/* JY_COHORT_H */
