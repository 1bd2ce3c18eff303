/*
 * trendchart.h -- layout of the trend chart (trend_svg)
 *
 * A rate (a share, drawn as %) over time: a line through the points in time
 * order, broken where a point has no rate; the interval as a band (an error
 * bar where a point's neighbours have none); points as circles, hollow for
 * incomplete periods, with the line into and out of them dashed and a
 * legend entry.  The x axis is proportional to time, labelled with the
 * points' labels (thinned so they do not overlap); the y axis starts at 0
 * (or below, for negative values) with nice ticks.  Drawn through svg.h.
 */
#ifndef JY_TRENDCHART_H
#define JY_TRENDCHART_H

#include "jy.h"

/* Most points a trend chart draws */
#define JY_TREND_MAX_POINTS 10000

/* Largest magnitude of a rate or bound drawn (1e6: 100,000,000 %) */
#define JY_TREND_MAX_VALUE 1e6

/* Size of a trend chart, in pixels */
#define JY_TREND_WIDTH 720
#define JY_TREND_HEIGHT 360

/* One period of a trend */
typedef struct JyTrendPoint
{
	int64_t		t;				/* period start (any unit; distinct) */
	double		rate;			/* if has_rate */
	double		lo,
				hi;				/* the interval, if has_ci */
	bool		has_rate;
	bool		has_ci;
	bool		complete;
	const char *label;			/* x label (user text; may be NULL) */
	size_t		label_len;
} JyTrendPoint;

/*
 * Sort points by t; true when two share a t (then *dup is one of them).
 * Calls the interrupt hook of m in long sorts.
 */
extern bool jy_trend_sort(JyTrendPoint *p, size_t n, int64_t *dup, const JyMem *m);

/*
 * The trend chart of p[0..n) (sorted by distinct t; n == 0 draws the "no
 * data" message; non-finite values and
 * values beyond JY_TREND_MAX_VALUE are drawn as missing) into a new
 * document *out of *len bytes.  title NULL: the <title> is "Trend" and no
 * heading is drawn.  JY_ERR_BAD_PARAMETER when n exceeds
 * JY_TREND_MAX_POINTS or the points are not sorted and distinct.
 */
extern JyStatus jy_trend_chart(const JyMem *m, const JyTrendPoint *p, size_t n,
							   const char *title, size_t title_len,
							   char **out, size_t *len);

/*
 * Nice ticks of an axis over [lo, hi] (lo < hi) with about target steps:
 * the step (1, 2, 2.5 or 5 times a power of ten) and the rounded range
 * [*tlo, *thi] that holds [lo, hi] in whole steps
 */
extern double jy_nice_ticks(double lo, double hi, int target, double *tlo, double *thi);

#endif							/* JY_TRENDCHART_H */
