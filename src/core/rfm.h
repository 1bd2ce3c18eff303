/*
 * rfm.h -- RFM (recency, frequency, monetary) scores and named segments
 *
 * Scores.  Each of R, F and M is scored 1 .. 5 over all customers by
 * jy_rfm_scores, exactly as PostgreSQL's
 *
 *     ntile(5) OVER (ORDER BY value, key)          -- higher_is_better
 *     ntile(5) OVER (ORDER BY value DESC, key)     -- lower is better
 *
 * so 5 is always the best fifth: for recency (days since the last order,
 * lower is better) call it with higher_is_better = false, for frequency and
 * monetary value with true.  key is a caller-chosen tie-break (e.g. the
 * customer's ordinal): customers with equal values are ordered by key
 * ascending, so equal values may get different scores, but deterministically
 * and the same as the SQL above.  Rows equal in both value and key are
 * ordered by their position in the input.  NaN sorts above every number,
 * as in PostgreSQL.
 *
 * ntile(5) over n rows: with q = n / 5 and e = n % 5, the first e buckets
 * hold q + 1 rows and the others q (when n < 5, rows 1 .. n get scores
 * 1 .. n and no row gets a higher score).  Row of 0-based rank k:
 *
 *     n < 5:              k + 1
 *     k < e (q + 1):      k / (q + 1) + 1
 *     otherwise:          e + (k - e (q + 1)) / q + 1
 *
 * Segments.  A preset maps scores to segment names through an ordered list
 * of rules (r range, x range); the first rule that holds wins.  x is F, or
 * FM = (F + M + 1) / 2 (integer division: the mean of F and M rounded half
 * up) for presets on the FM axis.
 *
 * rf_grid (default; x = F; M ignored) -- an exact partition of the 25
 * cells, each matched by exactly one rule:
 *
 *     segment               R      F
 *     Hibernating           1-2    1-2
 *     At Risk               1-2    3-4
 *     Can't Lose Them       1-2    5
 *     About to Sleep        3      1-2
 *     Need Attention        3      3
 *     Loyal Customers       3-4    4-5
 *     Promising             4      1
 *     New Customers         5      1
 *     Potential Loyalists   4-5    2-3
 *     Champions             5      4-5
 *
 * rfm11 (x = FM) -- first match wins, the last rule catches everything
 * (it is left with R1 FM1-2):
 *
 *     segment               R      FM
 *     Champions             5      4-5
 *     Loyal                 3-4    4-5
 *     Potential Loyalist    4-5    2-3
 *     New Customers         5      1
 *     Promising             4      1
 *     Need Attention        3      3
 *     About To Sleep        3      1-2
 *     At Risk               1-2    3-4
 *     Cannot Lose Them      1-2    5
 *     Hibernating           2      1-2
 *     Lost                  1-5    1-5
 *
 * So rfm11 is rf_grid over FM with its low corner split into Hibernating
 * (R2) and Lost (R1).
 */
#ifndef JY_RFM_H
#define JY_RFM_H

#include "jy.h"

/* Scores run from 1 to JY_RFM_SCORES */
#define JY_RFM_SCORES 5

/* One rule of a preset: r_lo <= R <= r_hi and x_lo <= x <= x_hi */
typedef struct JyRfmRule
{
	const char *segment;
	uint8_t		r_lo,
				r_hi,
				x_lo,
				x_hi;
} JyRfmRule;

/* What the second axis of a preset is */
typedef enum JyRfmAxis
{
	JY_RFM_AXIS_F,				/* frequency alone; M is ignored */
	JY_RFM_AXIS_FM				/* FM = (F + M + 1) / 2 */
} JyRfmAxis;

typedef struct JyRfmPreset
{
	const char *name;
	JyRfmAxis	axis;
	int			nrules;
	const JyRfmRule *rules;		/* in priority order */
} JyRfmPreset;

/* The preset names jy_rfm_preset accepts, for an error hint */
#define JY_RFM_PRESET_NAMES "rf_grid, rfm11"

/*
 * Score n values 1 .. 5 (see above) into scores[0..n); keys may be NULL
 * (ties then keep input order).  Scratch memory comes from m.  Errors:
 * JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_rfm_scores(const double *values, const int64_t *keys, size_t n,
							  bool higher_is_better, const JyMem *m,
							  uint8_t *scores);

/* ntile(5) of the row of 0-based rank k among n rows (k < n) */
extern int	jy_rfm_ntile(size_t k, size_t n);

/*
 * The preset named s[0..len) (case-insensitive), NULL when none is; the
 * default preset is rf_grid.
 */
extern const JyRfmPreset *jy_rfm_preset(const char *s, size_t len);
extern const JyRfmPreset *jy_rfm_preset_default(void);

/* FM = (F + M + 1) / 2 */
extern int	jy_rfm_fm(int f, int m);

/*
 * Segment name of scores (r, f, m) under a preset; NULL when r or f is not
 * 1 .. 5, or m is not 1 .. 5 on the FM axis (m is ignored on the F axis).
 */
extern const char *jy_rfm_segment(const JyRfmPreset *preset, int r, int f, int m);

/*
 * The 25 cells of a preset's grid, for printing it: cell index 0 .. 24 is
 * R = index / 5 + 1, x = index % 5 + 1 (x is F or FM by preset->axis);
 * returns the segment (NULL for an index out of range).  The rules
 * themselves are preset->rules[0 .. nrules).
 */
extern const char *jy_rfm_cell(const JyRfmPreset *preset, int index, int *r, int *x);

/* ---- one customer's orders: the rfm_summary (rfm_agg, rollup) ---- */

/*
 * How a summary's amounts are summed: float8 amounts in float8 (as
 * PostgreSQL's sum(float8)), numeric amounts exactly, as a decimal: units
 * / 10^scale with scale <= JY_RFM_MAX_SCALE, normalised (no trailing zero
 * digit after the point, so scale is 0 or units % 10 != 0)
 */
typedef enum JyRfmAmount
{
	JY_RFM_AMOUNT_FLOAT8 = 0,
	JY_RFM_AMOUNT_NUMERIC = 1
} JyRfmAmount;

#define JY_RFM_MAX_SCALE 18

/* The orders of one customer (or of any group) */
typedef struct JyRfmSummary
{
	uint8_t		amount;			/* JyRfmAmount */
	uint8_t		scale;			/* numeric: decimal digits of units */
	uint64_t	orders;			/* at most INT64_MAX */
	int64_t		first,			/* first and last order time (when orders > 0) */
				last;
	double		total;			/* float8: sum of the amounts */
	int64_t		units;			/* numeric: sum = units / 10^scale */
} JyRfmSummary;

/* What adding or merging orders can run into */
typedef enum JyRfmResult
{
	JY_RFM_OK = 0,
	JY_RFM_OVERFLOW,			/* an exact total (or the count) out of range */
	JY_RFM_MIXED,				/* merging float8 and numeric summaries */
	JY_RFM_NOT_FINITE			/* a numeric amount that is NaN or infinite */
} JyRfmResult;

/* An empty summary (no orders) of an amount type */
extern void jy_rfm_summary_init(JyRfmSummary *s, JyRfmAmount amount);

/* Add one order at ts of a float8 amount (0 for an order without one) */
extern JyRfmResult jy_rfm_add_float(JyRfmSummary *s, int64_t ts, double amount);

/* Add one order at ts of a decimal amount units / 10^scale */
extern JyRfmResult jy_rfm_add_decimal(JyRfmSummary *s, int64_t ts, int64_t units,
									  int scale);

/* Merge from into into: earliest first, latest last, sums */
extern JyRfmResult jy_rfm_merge(JyRfmSummary *into, const JyRfmSummary *from);

/*
 * Parse a decimal as PostgreSQL's numeric_out writes it ([-]digits[.digits],
 * or NaN / Infinity / -Infinity, refused with JY_RFM_NOT_FINITE) into
 * units / 10^scale, trailing zero digits dropped; JY_RFM_OVERFLOW when it
 * does not fit an int64 at a scale up to JY_RFM_MAX_SCALE
 */
extern JyRfmResult jy_rfm_parse_decimal(const char *s, size_t len, int64_t *units,
										int *scale);

/* The decimal units / 10^scale (0 <= scale <= 18) as the nearest double */
extern double jy_rfm_decimal_double(int64_t units, int scale);

/*
 * The summary's monetary value as a double: the float8 sum, or the decimal
 * rounded to the nearest double (as numeric's cast to float8 rounds it)
 */
extern double jy_rfm_monetary(const JyRfmSummary *s);

/*
 * Days from last to as_of (microsecond timestamps): exactly PostgreSQL's
 * extract(epoch FROM as_of - last)::float8 / 86400, the seconds rounded
 * once to a double.  false when either timestamp is infinite.
 */
extern bool jy_rfm_recency_days(int64_t as_of, int64_t last, double *days);

#endif							/* JY_RFM_H */
