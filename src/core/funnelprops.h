/*
 * funnelprops.h -- funnel_props: a property's value at each step of the
 * reported funnel chain
 *
 * The state of one group: the funnel's parameters, its matching rows (the
 * timestamp, the step mask and the id of the row's property value) and a
 * dictionary that holds each distinct value once.  The final step runs the
 * one funnel engine (jy_funnel_eval, the chain funnel_times reports) and maps
 * the chain's timestamps back to rows: for the chain's k-th step, the rows
 * at its timestamp that satisfy that step; when several such rows have
 * different values, the smallest in byte order wins, NULL last.  See
 * docs/funnels.md ("Breakdown and attribution") and docs/format.md.
 */
#ifndef JY_FUNNELPROPS_H
#define JY_FUNNELPROPS_H

#include "funnel.h"
#include "journey.h"
#include "summary.h"

/* One matching row: 24 bytes */
typedef struct JyPropRow
{
	int64_t		ts;
	uint64_t	mask;			/* the steps it satisfies; 0: a strict_order marker */
	uint32_t	value;			/* 0: NULL, else the value's id + 1 */
} JyPropRow;

/* Most rows one group may hold (its row array is one allocation of 1 GB) */
#define JY_PROPS_MAX_ROWS ((uint32_t) (JY_MAX_ALLOC / sizeof(JyPropRow)))

/* Most bytes the distinct values of one group may take together */
#define JY_PROPS_MAX_BYTES ((size_t) JY_MAX_ALLOC)

typedef struct JyProps
{
	uint64_t	window;
	uint32_t	flags;			/* JY_FUNNEL_* */
	int			nsteps;
	uint8_t		tstype;			/* the timestamp type byte (codec.h) */
	bool		sorted;			/* rows are in jy_props_row_cmp order */
	JyPropRow  *rows;
	uint32_t	nrows,
				caprows;
	JyDict		values;			/* the distinct values, ids 0 .. values.n - 1 */
} JyProps;

/* An empty state (allocates nothing) */
extern void jy_props_init(JyProps *p, const JyFunnelSpec *spec, uint8_t tstype);

/* The funnel parameters of a state */
extern JyFunnelSpec jy_props_spec(const JyProps *p);

/* Release everything; the state is empty again */
extern void jy_props_free(JyProps *p, const JyMem *m);

/*
 * Add a row: timestamp, step mask and the property value (val[0..len), or
 * NULL for a NULL value).  A row that satisfies no step is stored only under
 * strict_order (as a marker, without its value).  JY_ERR_TOO_MANY_EVENTS
 * beyond JY_PROPS_MAX_ROWS rows, JY_ERR_VALUE_TOO_LARGE when the distinct
 * values would pass JY_PROPS_MAX_BYTES; the state is then unchanged.
 */
extern JyStatus jy_props_add(JyProps *p, const JyMem *m, int64_t ts,
							 uint64_t mask, const char *val, size_t len);

/* Do two states have the same funnel (window, mode, steps, timestamp type)? */
extern bool jy_props_same(const JyProps *a, const JyProps *b);

/* Add every row of src to dst (same funnel), mapping src's values */
extern JyStatus jy_props_merge(JyProps *dst, const JyProps *src, const JyMem *m);

/* The bytes of value id + 1 = ref (ref >= 1) */
static inline const char *
jy_props_value(const JyProps *p, uint32_t ref, size_t *len)
{
	*len = p->values.len[ref - 1];
	return jy_dict_text(&p->values, ref - 1);
}

/*
 * Evaluate: *level (0 .. nsteps), times[0 .. level) as jy_funnel_eval gives
 * them, and refs[0 .. level), each the value of the chain's step (0 NULL,
 * else id + 1: read with jy_props_value).  Sorts the rows in place.
 */
extern JyStatus jy_props_eval(JyProps *p, const JyMem *m, int *level,
							  int64_t *times, uint32_t *refs);

/*
 * The step (0-based) of each position of a reported chain: k for the
 * ordered modes; under any_order, the distinct steps of the window that
 * starts at times[0] in the order they were first done (at equal
 * timestamps, in step order), or -1 where that does not reproduce times
 * (then any step counts).  ev: the sorted events that were evaluated.
 */
extern void jy_props_chain_steps(const JyEvent *ev, size_t n,
								 const JyFunnelSpec *spec, int level,
								 const int64_t *times, int *steps);

#define JY_PROPS_VERSION 1

/* Encode into w (docs/format.md); sorts the rows in place */
extern JyStatus jy_props_encode(JyProps *p, const JyMem *m, JyWriter *w);

/*
 * Decode a state, checking every field; on failure JY_ERR_CORRUPT with *why
 * (or another status when memory ran out) and *p left empty.  ntstypes: the
 * timestamp types the caller knows (those below JY_TS_TYPE_BIGINT are
 * checked against timestamptz's range).
 */
extern JyStatus jy_props_decode(JyProps *p, const JyMem *m, const uint8_t *in,
								size_t len, int ntstypes, const char **why);

#endif							/* JY_FUNNELPROPS_H */
