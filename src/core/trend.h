/*
 * trend.h -- conversion trends by entry period, and histograms of durations
 *
 * A conversion trend counts, per period (day, week, month, or a fixed width
 * of bigint time), the actors who entered the funnel in the period and how
 * far the funnel started at that entry got.  An actor's entry in a period is
 * its first step-1 event in the period; the level reached from it is the
 * funnel engine's (jy_funnel_eval) over the actor's events from the entry
 * to entry + window, with JY_FUNNEL_FIRST_TIME, so that only the entry
 * starts a chain.  A completion after the period still counts for the
 * entry's period; an actor who never converts is dated by each entry, not
 * by its latest attempt (docs/funnels.md, "Conversion trends").
 *
 * The summary (JyTrend) holds, per period with entrants, counts[k] = the
 * entrants whose funnel reached step k + 1 or further (counts[0] the
 * entrants), plus the funnel's parameters and the latest timestamp seen
 * (the data end, for the "complete" flag).  Summaries of disjoint sets of
 * actors merge by adding counts.  Its bytes are summary kind
 * JY_SUMMARY_TREND (docs/format.md).
 */
#ifndef JY_TREND_H
#define JY_TREND_H

#include "events.h"
#include "funnel.h"
#include "summary.h"

/* Period kinds; never renumbered (they are in the summary bytes) */
typedef enum JyTrendUnit
{
	JY_TREND_DAY = 0,
	JY_TREND_WEEK = 1,
	JY_TREND_MONTH = 2,
	JY_TREND_WIDTH = 3			/* bigint time: periods of a fixed width */
} JyTrendUnit;

#define JY_TREND_NUNITS 4

/* The unit named s[0..len) ("day", "week", "month"); false if none */
extern bool jy_trend_parse_unit(const char *s, size_t len, JyTrendUnit *unit);

/* Name of a unit ("day", "week", "month", "width") */
extern const char *jy_trend_unit_name(JyTrendUnit unit);

/*
 * The period of a timestamp: its start (the summary's key) and its end
 * (exclusive, for caching: later timestamps below end share the period).
 * May not return (a callback that reports an error by long jump).
 */
typedef void (*JyPeriodFn) (void *arg, int64_t ts, int64_t *start, int64_t *end);

/* The period of a bigint timestamp for a width > 0: floor(ts / width) * width */
extern void jy_trend_width_period(int64_t width, int64_t ts, int64_t *start,
								  int64_t *end);

/*
 * The day, week or month of ts in a time zone of one fixed UTC offset
 * (off microseconds east): its start and end, as date_trunc and + 1 unit
 * give them there.  False when ts is not finite, or the period starts or
 * ends outside timestamptz's finite range (the caller then asks
 * PostgreSQL).
 */
extern bool jy_trend_fixed_period(JyTrendUnit unit, int64_t off, int64_t ts,
								  int64_t *start, int64_t *end);

/* One entry of an actor: the start of its period, its time, its level */
typedef struct JyTrendEntry
{
	int64_t		period;
	int64_t		entry;
	int			level;
} JyTrendEntry;

/*
 * The entries of one actor's sorted events (jy_event_cmp order): for each
 * period with a step-1 event, the first one and the level of the funnel
 * started there.  out needs room for one entry per step-1 event (n at
 * most); *nout receives the number written, in period order (period must
 * be non-decreasing in ts).  Fails only as jy_funnel_eval does.
 */
extern JyStatus jy_trend_entries(const JyEvent *ev, size_t n,
								 const JyFunnelSpec *spec, JyPeriodFn period,
								 void *arg, const JyMem *m, JyTrendEntry *out,
								 size_t *nout);

/* A trend summary in memory */
typedef struct JyTrend
{
	uint8_t		tstype;			/* 0 timestamptz, 2 bigint (codec.h) */
	uint8_t		unit;			/* JyTrendUnit */
	uint8_t		nsteps;			/* 1 .. JY_MAX_STEPS */
	uint32_t	flags;			/* funnel mode (JY_FUNNEL_*) */
	uint64_t	window;			/* > 0 */
	int64_t		width;			/* JY_TREND_WIDTH: > 0; else 0 */
	bool		has_end;		/* a timestamp was seen */
	int64_t		data_end;		/* the latest one */
	uint32_t	n,
				cap;			/* periods, room */
	int64_t    *period;			/* n period starts, ascending */
	int64_t    *counts;			/* n x nsteps, non-increasing per period */
	const JyMem *mem;
} JyTrend;

/* Most periods one summary holds */
#define JY_TREND_MAX_PERIODS ((uint32_t) 0x7ffffff)

/* An empty summary with these parameters (allocates nothing) */
extern void jy_trend_init(JyTrend *t, const JyMem *m, uint8_t tstype,
						  JyTrendUnit unit, int64_t width, const JyFunnelSpec *spec);

/* Release a summary's arrays */
extern void jy_trend_free(JyTrend *t);

/* Note a timestamp seen (the data end is the latest one) */
static inline void
jy_trend_saw(JyTrend *t, int64_t ts)
{
	if (!t->has_end || ts > t->data_end)
		t->data_end = ts;
	t->has_end = true;
}

/*
 * Count one entrant of a period who reached level (1 .. nsteps; an entrant
 * has reached step 1 by definition, so 0 counts as 1): counts[k] += 1 for
 * every k < level.  JY_ERR_OUT_OF_MEMORY, JY_ERR_TOO_MANY_EVENTS (periods),
 * JY_ERR_BAD_PARAMETER (a count would pass INT64_MAX).
 */
extern JyStatus jy_trend_add(JyTrend *t, int64_t period, int level);

/*
 * Why two summaries do not merge (a static sentence naming the parameter
 * that differs), or NULL when they do
 */
extern const char *jy_trend_mismatch(const JyTrend *a, const JyTrend *b);

/*
 * Add src into dst (parameters checked by the caller with
 * jy_trend_mismatch).  JY_ERR_BAD_PARAMETER when a count would pass
 * INT64_MAX; JY_ERR_OUT_OF_MEMORY, JY_ERR_TOO_MANY_EVENTS.
 */
extern JyStatus jy_trend_merge(JyTrend *dst, const JyTrend *src);

/* Append the summary's bytes (docs/format.md) to w */
extern void jy_trend_encode(const JyTrend *t, JyWriter *w);

/*
 * Decode and check data[0 .. len) into t (initialised here; free it also
 * after an error): JY_ERR_CORRUPT with *why, or JY_ERR_OUT_OF_MEMORY
 */
extern JyStatus jy_trend_decode(JyTrend *t, const JyMem *m, const uint8_t *data,
								size_t len, const char **why);

/* jy_trend_decode as a check (for the summary type's input functions) */
extern JyStatus jy_trend_check(const uint8_t *data, size_t len, const JyMem *m,
							   const char **why);

/* ---- histograms of durations ---- */

/* Most bins a histogram may be asked for */
#define JY_HIST_MAX_BINS 10000

/* PostHog's automatic bin count: least(60, greatest(1, ceil(cbrt(n)))) */
extern int	jy_hist_auto_bins(size_t n);

typedef struct JyHistBin
{
	int64_t		start,
				end;			/* [start, end), the last bin [start, end] */
	int64_t		count;
} JyHistBin;

/*
 * Equal-width bins from the smallest to the largest of v[0..n) (n >= 1,
 * any order): bin i is [min + ceil(i * range / bins), min + ceil((i + 1) *
 * range / bins)), the last one closed so that it holds the largest value.
 * When all values are equal there is one bin, [v, v], whatever bins is.
 * Fills out[0 .. returned count).
 */
extern int	jy_histogram(const int64_t *v, size_t n, int bins, JyHistBin *out);

#endif							/* JY_TREND_H */
