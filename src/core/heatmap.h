/*
 * heatmap.h -- layout of the cohort-retention heatmap (retention_heatmap_svg)
 *
 * One row per cohort (ascending), one column per period 0 .. the largest
 * period seen, a cell per (cohort, period) given, coloured on the ramp of
 * svg.h by its rate (clamped to [0, 1] for the colour; the text shows the
 * real percentage, so net revenue retention above 100 % and negative rates
 * read right), a grey cell for a rate that is not given, no cell where no
 * row was given.  The cohort labels come from the caller (it formats dates
 * in its time zone), through a callback.
 */
#ifndef JY_HEATMAP_H
#define JY_HEATMAP_H

#include "jy.h"

/* Most cells, periods (columns) and cohorts (rows) one heatmap draws */
#define JY_HEAT_MAX_CELLS 10000
#define JY_HEAT_MAX_PERIODS 120
#define JY_HEAT_MAX_COHORTS 1000

/* One input row */
typedef struct JyHeatCell
{
	int64_t		cohort;			/* the cohort's key (a timestamp): rows sort by it */
	int64_t		size;			/* the cohort's size, or -1 when not given */
	double		rate;			/* NaN when not given */
	int32_t		period;
	uint32_t	pos;			/* input position (set by the heatmap) */
} JyHeatCell;

/* What was wrong with the input */
typedef enum JyHeatError
{
	JY_HEAT_OK = 0,
	JY_HEAT_NEGATIVE_PERIOD,
	JY_HEAT_NONFINITE_RATE,
	JY_HEAT_NEGATIVE_SIZE,
	JY_HEAT_DUPLICATE,			/* two rows of one (cohort, period) */
	JY_HEAT_SIZE_DIFFERS,		/* two sizes given for one cohort */
	JY_HEAT_TOO_MANY_CELLS,
	JY_HEAT_TOO_MANY_PERIODS,
	JY_HEAT_TOO_MANY_COHORTS,
	JY_HEAT_STATUS				/* out of memory, or a document too large */
} JyHeatError;

/* The outcome of jy_heatmap_svg */
typedef struct JyHeatResult
{
	JyHeatError error;
	JyStatus	status;			/* JY_HEAT_STATUS: the failure */
	JyHeatCell	cell;			/* the offending row, for the error message */
	int64_t		other;			/* JY_HEAT_SIZE_DIFFERS: the other size */
} JyHeatResult;

/*
 * Write the label of a cohort into buf (at most cap bytes, UTF-8) and
 * return its length
 */
typedef size_t (*JyHeatLabel) (void *arg, int64_t cohort, char *buf, size_t cap);

/*
 * The heatmap of cells[0..n) (not modified) as a standalone SVG document
 * of *len bytes, allocated with m; title (user text, NULL for none) at the
 * top.  No cells: a "no data" chart.  NULL on failure, with res saying why.
 */
extern char *jy_heatmap_svg(const JyMem *m, const JyHeatCell *cells, size_t n,
							const char *title, size_t title_len,
							JyHeatLabel label, void *label_arg,
							size_t *len, JyHeatResult *res);

/* v with thousands separators ("1,234,567") in buf; returns buf */
extern char *jy_chart_count(char buf[32], int64_t v);

#endif							/* JY_HEATMAP_H */
