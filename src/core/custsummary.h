/*
 * custsummary.h -- one customer's frequency, recency and age for the "buy
 * till you die" models (BG/NBD, Pareto/NBD, Gamma-Gamma), with a
 * calibration/holdout split, and the collapse of many customers'
 * (x, t_x, T) into weighted distinct triples
 *
 * The conventions are those of the BTYD literature and of the Python
 * package lifetimes (summary_data_from_transaction_data and
 * calibration_and_holdout_data):
 *
 * Periods.  A transaction at ts (microseconds) falls in period
 * floor((ts - origin) / unit), with unit > 0 (a day is 86400e6 us, a week
 * 7 times that).  Only differences of periods are reported, so origin
 * matters only modulo unit: it says where a period starts.  origin 0 makes
 * day periods the UTC days (timestamptz day boundaries in UTC); for weeks
 * starting on Monday in UTC use origin JY_CUST_MONDAY (1970-01-05 00:00
 * UTC), since 1970-01-01 was a Thursday.
 *
 * Calibration.  The calibration transactions are those with ts <=
 * cal_end; the holdout ones those with cal_end < ts <= obs_end (none when
 * the holdout is not asked for).  Transactions after obs_end are ignored.
 * Of the calibration transactions, with f the first purchase's period, c
 * the period of cal_end and P the set of distinct periods holding one:
 *
 *   x   = |P| - 1: the repeat periods (several purchases in one period
 *         count once; the first period is not a repeat)
 *   t_x = max(P) - f: the periods from the first to the last repeat
 *         purchase (0 when x = 0)
 *   T   = c - f: the periods from the first purchase to cal_end
 *   mean repeat spend = the mean, over the x repeat periods, of each
 *         period's total value (the first period excluded, as lifetimes
 *         does); absent (NaN, has_spend false) when x = 0
 *
 * A transaction without a monetary value counts as a value of 0 (the glue
 * passes 0 for NULL).
 *
 * Holdout.  holdout_x is the number of distinct periods of the holdout
 * transactions, not counting a period that already holds a calibration
 * transaction (cal_end inside a period splits it: that period was
 * counted once already); holdout_value is the total value of all the
 * holdout transactions.
 *
 * A customer whose first transaction is after cal_end is not in the
 * calibration (in_calibration false; x, t_x, T are 0, has_spend false);
 * the holdout figures still count his holdout periods, all of them.
 */
#ifndef JY_CUSTSUMMARY_H
#define JY_CUSTSUMMARY_H

#include "btyd.h"
#include "jy.h"
#include "summary.h"

/* A day and a week in microseconds */
#define JY_CUST_DAY INT64_C(86400000000)
#define JY_CUST_WEEK (7 * JY_CUST_DAY)
/* 1970-01-05 00:00 UTC, a Monday: the origin of Monday weeks */
#define JY_CUST_MONDAY (4 * JY_CUST_DAY)

/* One transaction: its time (microseconds) and value (0 when none) */
typedef struct JyCustTx
{
	int64_t		ts;
	double		value;
} JyCustTx;

/* The split: cal_end, and obs_end when has_holdout */
typedef struct JyCustSplit
{
	int64_t		unit;			/* period length in microseconds, > 0 */
	int64_t		origin;			/* where periods start (modulo unit) */
	int64_t		cal_end;		/* calibration end, inclusive */
	int64_t		obs_end;		/* observation end, inclusive (>= cal_end) */
	bool		has_holdout;
} JyCustSplit;

/* One customer's summary (see above) */
typedef struct JyCustSummary
{
	bool		in_calibration; /* the first transaction is <= cal_end */
	int64_t		x;				/* repeat periods */
	int64_t		t_x;			/* recency, in periods */
	int64_t		T;				/* age, in periods */
	double		spend;			/* mean repeat spend (NaN when x = 0) */
	bool		has_spend;		/* x > 0 */
	int64_t		first_period;	/* the first transaction's period */
	int64_t		holdout_x;		/* repeat periods in (cal_end, obs_end] */
	double		holdout_value;	/* their total value */
} JyCustSummary;

/*
 * Summarise the n transactions tx[0..n) (any order: tx is sorted in place
 * by time).  JY_ERR_BAD_PARAMETER when unit <= 0, obs_end < cal_end with a
 * holdout, a time (or cal_end) within unit of the int64 range (the glue
 * refuses infinite timestamps first), or a first purchase more than
 * INT64_MAX periods before cal_end.  n = 0 gives a customer not in
 * the calibration with no holdout periods.
 */
extern JyStatus jy_cust_summary(JyCustTx *tx, size_t n, const JyCustSplit *split,
								const JyMem *m, JyCustSummary *out);

/*
 * Collapse t[0..n) in place into distinct triples sorted by (x, t_x, T),
 * each weight the sum of the weights of its equal triples (give weight 1
 * per customer), ready for the model fits of btyd.h; returns the number of
 * distinct triples, which are t[0..returned).  Weights must be >= 0 (and
 * below 2^53 in total, so that the sums are exact).
 */
extern size_t jy_btyd_collapse(JyRfmTriple *t, size_t n, const JyMem *m);


/*
 * The partial state of the customer summary aggregate (parallel plans):
 * the split, then the transactions.  Bytes: a version byte (1), unit,
 * origin, cal_end as signed varints, a holdout byte and obs_end, the number
 * of transactions as a varint, then each one's ts (signed varint) and value
 * (jy_write_double).
 */
extern void jy_cust_state_encode(JyWriter *w, const JyCustSplit *split,
								 const JyCustTx *tx, size_t n);

/*
 * Read such bytes: the split into *split and the transactions into a new
 * array *tx of *n (allocated through m; NULL when none).  JY_ERR_CORRUPT
 * with *why for malformed bytes, a unit <= 0, an origin outside [0, unit),
 * obs_end < cal_end, or a value that is not finite.
 */
extern JyStatus jy_cust_state_decode(const uint8_t *in, size_t len, const JyMem *m,
									 JyCustSplit *split, JyCustTx **tx, size_t *n,
									 const char **why);

#endif							/* JY_CUSTSUMMARY_H */
