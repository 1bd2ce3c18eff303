/*
 * stats.h -- statistics for funnel reports: normal quantiles, Wilson
 * intervals, and the per-step figures of a funnel report
 */
#ifndef JY_STATS_H
#define JY_STATS_H

#include "jy.h"

/* Inverse of the standard normal CDF, for 0 < p < 1 (relative error < 1e-14) */
extern double jy_normal_quantile(double p);

/* z for a two-sided interval of the given confidence (0 < confidence < 1) */
extern double jy_z_for_confidence(double confidence);

/*
 * Wilson score interval for successes out of trials (0 <= successes <=
 * trials, trials > 0) at the given z.
 */
extern void jy_wilson(int64_t successes, int64_t trials, double z,
					  double *lo, double *hi);

/* Why a funnel count array is invalid */
typedef enum JyCountsCheck
{
	JY_COUNTS_OK = 0,
	JY_COUNTS_EMPTY,			/* no steps */
	JY_COUNTS_TOO_MANY,			/* more than JY_MAX_STEPS steps */
	JY_COUNTS_NEGATIVE,			/* counts[*at] < 0 */
	JY_COUNTS_INCREASING		/* counts[*at] > counts[*at - 1] */
} JyCountsCheck;

/* Check that counts are a funnel: non-negative and non-increasing */
extern JyCountsCheck jy_counts_check(const int64_t *counts, int n, int *at);

/* One row of a funnel report; the has_* flags say which values exist */
typedef struct JyFunnelRow
{
	int64_t		actors;
	double		conversion;		/* actors / actors at step 1 */
	double		step_conversion;	/* actors / actors at the previous step */
	int64_t		dropped;		/* previous step's actors minus this one's */
	double		ci_low,
				ci_high;		/* Wilson interval of conversion */
	bool		has_conversion;
	bool		has_step_conversion;
	bool		has_dropped;
} JyFunnelRow;

/* Fill rows[0..n) for checked counts (jy_counts_check) at z */
extern void jy_funnel_report(const int64_t *counts, int n, double z,
							 JyFunnelRow *rows);

#endif							/* JY_STATS_H */
