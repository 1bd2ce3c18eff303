/*
 * custsummary.c -- the customer summary of the BTYD models and the
 * weighted triples (see custsummary.h)
 */
#include "custsummary.h"

#include <math.h>

/* Transactions by time (ties in any order: they fall in one period) */
static inline int
tx_cmp(const JyCustTx *a, const JyCustTx *b)
{
	return (a->ts > b->ts) - (a->ts < b->ts);
}

#define JY_SORT_NAME sort_tx
#define JY_SORT_TYPE JyCustTx
#define JY_SORT_CMP tx_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Triples by (x, t_x, T) */
static inline int
triple_cmp(const JyRfmTriple *a, const JyRfmTriple *b)
{
	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->t_x != b->t_x)
		return a->t_x < b->t_x ? -1 : 1;
	return (a->T > b->T) - (a->T < b->T);
}

#define JY_SORT_NAME sort_triples
#define JY_SORT_TYPE JyRfmTriple
#define JY_SORT_CMP triple_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Can ts be put in a period without overflow (ts - o, o in [0, unit))? */
static inline bool
ts_ok(int64_t ts, int64_t unit)
{
	return ts >= INT64_MIN + unit && ts <= INT64_MAX - unit;
}

/* The period of ts: floor((ts - o) / unit), o the origin modulo unit */
static inline int64_t
period_of(int64_t ts, int64_t o, int64_t unit)
{
	int64_t		d = ts - o;
	int64_t		q = d / unit;

	if (d % unit != 0 && d < 0)
		q--;
	return q;
}

/* Summarise one customer's transactions */
JyStatus
jy_cust_summary(JyCustTx *tx, size_t n, const JyCustSplit *split,
				const JyMem *m, JyCustSummary *out)
{
	int64_t		unit = split->unit;
	int64_t		o;
	int64_t		cal_period;
	int64_t		last_period = 0;
	bool		have_period = false;
	double		period_total = 0;
	double		repeat_total = 0;
	size_t		i;

	out->in_calibration = false;
	out->x = out->t_x = out->T = 0;
	out->spend = NAN;
	out->has_spend = false;
	out->first_period = 0;
	out->holdout_x = 0;
	out->holdout_value = 0;
	if (unit <= 0 || !ts_ok(split->cal_end, unit) ||
		(split->has_holdout && split->obs_end < split->cal_end))
		return JY_ERR_BAD_PARAMETER;
	for (i = 0; i < n; i++)
		if (!ts_ok(tx[i].ts, unit))
			return JY_ERR_BAD_PARAMETER;
	o = split->origin % unit;
	if (o < 0)
		o += unit;
	sort_tx(tx, n, NULL, m);
	cal_period = period_of(split->cal_end, o, unit);

	for (i = 0; i < n; i++)
	{
		int64_t		p = period_of(tx[i].ts, o, unit);
		bool		cal = tx[i].ts <= split->cal_end;

		jy_interrupt_every(m, i);
		if (!cal && (!split->has_holdout || tx[i].ts > split->obs_end))
			break;
		if (cal)
		{
			if (!out->in_calibration)
			{
				int64_t		span;

				/* every period difference below is at most cal_period - p */
				if (__builtin_sub_overflow(cal_period, p, &span))
					return JY_ERR_BAD_PARAMETER;
				out->in_calibration = true;
				out->first_period = p;
			}
			else if (p != last_period)
			{
				/* a new repeat period; the previous one's total is done */
				if (out->x > 0)
					repeat_total += period_total;
				out->x++;
				out->t_x = p - out->first_period;
				period_total = 0;
			}
			period_total += tx[i].value;
		}
		else
		{
			/*
			 * sorted, so the holdout follows the calibration: a new period
			 * unless the previous transaction (of either) was in this one
			 */
			if (!have_period || p != last_period)
				out->holdout_x++;
			out->holdout_value += tx[i].value;
		}
		last_period = p;
		have_period = true;
	}
	if (out->in_calibration)
	{
		out->T = cal_period - out->first_period;
		if (out->x > 0)
		{
			repeat_total += period_total;
			out->spend = repeat_total / (double) out->x;
			out->has_spend = true;
		}
	}
	return JY_OK;
}

/* Collapse triples into distinct weighted ones */
size_t
jy_btyd_collapse(JyRfmTriple *t, size_t n, const JyMem *m)
{
	size_t		i,
				k = 0;

	if (n == 0)
		return 0;
	sort_triples(t, n, NULL, m);
	for (i = 1; i < n; i++)
	{
		jy_interrupt_every(m, i);
		if (triple_cmp(&t[k], &t[i]) == 0)
			t[k].weight += t[i].weight;
		else
			t[++k] = t[i];
	}
	return k + 1;
}

/* ---------- partial state ---------- */

#define CUST_STATE_VERSION 1

void
jy_cust_state_encode(JyWriter *w, const JyCustSplit *split, const JyCustTx *tx, size_t n)
{
	size_t		i;

	jy_write_u8(w, CUST_STATE_VERSION);
	jy_write_svarint(w, split->unit);
	jy_write_svarint(w, split->origin);
	jy_write_svarint(w, split->cal_end);
	jy_write_u8(w, split->has_holdout ? 1 : 0);
	jy_write_svarint(w, split->obs_end);
	jy_write_varint(w, n);
	for (i = 0; i < n; i++)
	{
		jy_write_svarint(w, tx[i].ts);
		jy_write_double(w, tx[i].value);
	}
}

JyStatus
jy_cust_state_decode(const uint8_t *in, size_t len, const JyMem *m,
					 JyCustSplit *split, JyCustTx **tx, size_t *n, const char **why)
{
	JyReader	r;
	uint64_t	count,
				i;
	uint8_t		holdout;
	uint32_t	cap = 0;

	*tx = NULL;
	*n = 0;
	jy_reader_init(&r, in, len);
	if (jy_read_u8(&r) != CUST_STATE_VERSION)
	{
		*why = r.ok ? "Unknown state version." : "The state is empty.";
		return JY_ERR_CORRUPT;
	}
	split->unit = jy_read_svarint(&r);
	split->origin = jy_read_svarint(&r);
	split->cal_end = jy_read_svarint(&r);
	holdout = jy_read_u8(&r);
	split->obs_end = jy_read_svarint(&r);
	count = jy_read_varint(&r);
	if (!r.ok)
	{
		*why = "The state ends inside its header.";
		return JY_ERR_CORRUPT;
	}
	split->has_holdout = holdout == 1;
	if (split->unit <= 0 || split->origin < 0 || split->origin >= split->unit ||
		holdout > 1 || (split->has_holdout && split->obs_end < split->cal_end))
	{
		*why = "The state's calibration split is invalid.";
		return JY_ERR_CORRUPT;
	}
	/* a transaction takes at least 9 bytes */
	if (count > (uint64_t) (r.end - r.p) / 9)
	{
		*why = "The number of transactions exceeds the state's length.";
		return JY_ERR_CORRUPT;
	}
	if (count > 0)
	{
		JyStatus	st = jy_grow(m, (void **) tx, &cap, 0, (size_t) count,
								 sizeof(JyCustTx), JY_MAX_ALLOC / sizeof(JyCustTx));

		if (st != JY_OK)
			return st;
	}
	for (i = 0; i < count; i++)
	{
		(*tx)[i].ts = jy_read_svarint(&r);
		(*tx)[i].value = jy_read_double(&r);
		if (r.ok && !isfinite((*tx)[i].value))
		{
			*why = "A transaction's value is not finite.";
			break;
		}
	}
	if (i < count || jy_reader_end(&r, "The state ends inside a transaction.", why) != JY_OK)
	{
		/* nothing is kept after a failure */
		if (*tx != NULL)
			m->release(m->arg, *tx);
		*tx = NULL;
		return JY_ERR_CORRUPT;
	}
	*n = (size_t) count;
	return JY_OK;
}
