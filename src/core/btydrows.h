/*
 * btydrows.h -- the state of the BTYD model fits: customers' weighted rows
 *
 * The fit aggregates (bgnbd_fit, pareto_nbd_fit, gamma_gamma_fit) gather
 * one row per customer, or per group of customers sharing their figures:
 * (x, t_x, T, weight) for the purchase models, (x, mean_spend, 0, weight)
 * for the spend model, so that both are JyRfmTriple and collapse the same
 * way (jy_btyd_collapse: equal rows become one, weights added).  The set
 * collapses whenever it fills up, so its size is the number of distinct
 * rows, not of customers: with day or week units a customer base of any
 * size has a few thousand distinct (x, t_x, T) triples.
 *
 * Serialized form (parallel plans): a version byte (1), the kind byte, the
 * number of rows as a varint, then each row's four doubles (jy_write_double,
 * endian-neutral).  The decoder checks every row as the transition does.
 */
#ifndef JY_BTYDROWS_H
#define JY_BTYDROWS_H

#include "btyd.h"
#include "summary.h"

typedef enum JyBtydRowKind
{
	JY_BTYD_ROWS_RFM = 1,		/* (x, t_x, T, weight) */
	JY_BTYD_ROWS_SPEND = 2		/* (x, mean_spend, 0, weight) */
} JyBtydRowKind;

/* At most this many distinct rows (32 bytes each: under 1 GB) */
#define JY_BTYD_MAX_ROWS ((size_t) (JY_MAX_ALLOC / sizeof(JyRfmTriple)))

typedef struct JyBtydRows
{
	uint8_t		kind;			/* JyBtydRowKind */
	JyRfmTriple *rows;
	size_t		n;
	uint32_t	cap;
	size_t		distinct;		/* rows[0 .. distinct) are collapsed */
} JyBtydRows;

/* An empty set of a kind */
extern void jy_btyd_rows_init(JyBtydRows *s, JyBtydRowKind kind);

/*
 * Why a row is not a customer summary, or NULL when it is one.  RFM: x,
 * t_x, T, weight finite, x >= 0, 0 <= t_x <= T, t_x > 0 when x > 0 (a
 * repeat purchase happens after the first one) and t_x = 0 when x = 0,
 * weight >= 0.  Spend: x >= 1, mean_spend > 0, both finite, the third
 * figure 0, weight >= 0.
 */
extern const char *jy_btyd_row_reason(JyBtydRowKind kind, const JyRfmTriple *row);

/*
 * Add a row (checked by the caller), collapsing the set when it is full;
 * JY_ERR_TOO_MANY_EVENTS past JY_BTYD_MAX_ROWS distinct rows,
 * JY_ERR_OUT_OF_MEMORY
 */
extern JyStatus jy_btyd_rows_add(JyBtydRows *s, const JyMem *m, const JyRfmTriple *row);

/* Add every row of from (same kind: JY_ERR_BAD_PARAMETER otherwise) */
extern JyStatus jy_btyd_rows_merge(JyBtydRows *into, const JyMem *m, const JyBtydRows *from);

/* Collapse the set: rows[0 .. n) distinct, sorted, weights summed (no work
 * when nothing was added since the last collapse) */
extern void jy_btyd_rows_collapse(JyBtydRows *s, const JyMem *m);

/* Serialize (see above) */
extern void jy_btyd_rows_encode(const JyBtydRows *s, JyWriter *w);

/*
 * Read a serialized set into s (allocated through m); JY_ERR_CORRUPT with
 * *why for malformed bytes or a row that fails jy_btyd_row_reason.  On any
 * failure s is an empty set (nothing to free).
 */
extern JyStatus jy_btyd_rows_decode(const uint8_t *in, size_t len, const JyMem *m,
									JyBtydRows *s, const char **why);

/* Free the rows */
extern void jy_btyd_rows_free(JyBtydRows *s, const JyMem *m);

#endif							/* JY_BTYDROWS_H */
