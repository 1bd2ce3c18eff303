/*
 * funnelchart.h -- layout of the funnel chart (funnel_svg)
 *
 * One horizontal bar per step, its length proportional to the step's
 * actors (the first step, which has the most, is full length), the step
 * name above it, and to the right the actors, the conversion from the first
 * step and the drop-off from the previous step.  From step 2 on the Wilson
 * interval of the conversion from step 1 is drawn as an error bar on the
 * bars' scale.  Drawn through svg.h.
 */
#ifndef JY_FUNNELCHART_H
#define JY_FUNNELCHART_H

#include "jy.h"

/* Default, smallest and largest width of the charts, in pixels */
#define JY_CHART_WIDTH 720
#define JY_CHART_MIN_WIDTH 200
#define JY_CHART_MAX_WIDTH 4000

/*
 * The funnel chart of counts[0..n) (checked with jy_counts_check: n <=
 * JY_MAX_STEPS, non-negative, non-increasing; n == 0 draws the "no data"
 * message) into a new document *out of *len bytes (from m).  names[i] of
 * name_lens[i] bytes is step i + 1's name; names NULL, or names[i] NULL, is
 * "Step i + 1".  title NULL: the <title> is "Funnel" and no heading is
 * drawn.  z is the normal quantile of the interval (jy_z_for_confidence),
 * confidence only labels it.  JY_ERR_BAD_PARAMETER for counts that are not
 * a funnel, a width outside the limits or a z that is not positive.
 */
extern JyStatus jy_funnel_chart(const JyMem *m, const int64_t *counts, int n,
								const char *const *names, const size_t *name_lens,
								double confidence, double z,
								const char *title, size_t title_len, int width,
								char **out, size_t *len);

/* The thousands-separated decimal text of v into buf (at least 28 bytes) */
extern void jy_chart_int(char *buf, int64_t v);

#endif							/* JY_FUNNELCHART_H */
