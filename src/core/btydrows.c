/*
 * btydrows.c -- the weighted rows of the BTYD model fits (btydrows.h)
 */
#include "btydrows.h"

#include <math.h>

#include "custsummary.h"

#define BTYD_ROWS_VERSION 1

void
jy_btyd_rows_init(JyBtydRows *s, JyBtydRowKind kind)
{
	memset(s, 0, sizeof(*s));
	s->kind = (uint8_t) kind;
}

const char *
jy_btyd_row_reason(JyBtydRowKind kind, const JyRfmTriple *row)
{
	if (!isfinite(row->weight) || row->weight < 0)
		return "The number of customers must be a finite number >= 0.";
	if (kind == JY_BTYD_ROWS_SPEND)
	{
		if (!isfinite(row->x) || row->x < 1)
			return "A spend model needs customers with at least one repeat purchase (frequency >= 1).";
		if (!isfinite(row->t_x) || !(row->t_x > 0))
			return "The mean repeat spend must be a finite number > 0.";
		/* the decoder refuses it: a row the transition takes must decode */
		if (row->T != 0)
			return "A spend row has a third figure.";
		return NULL;
	}
	if (!isfinite(row->x) || !isfinite(row->t_x) || !isfinite(row->T))
		return "Frequency, recency and age must be finite.";
	if (row->x < 0)
		return "The frequency (repeat purchases) must be >= 0.";
	if (row->t_x < 0)
		return "The recency must be >= 0.";
	if (row->t_x > row->T)
		return "The recency (time of the last repeat purchase) cannot exceed the age.";
	if (row->x > 0 && row->t_x == 0)
		return "A customer with repeat purchases has a recency > 0.";
	if (row->x == 0 && row->t_x != 0)
		return "A customer without repeat purchases has a recency of 0.";
	return NULL;
}

void
jy_btyd_rows_collapse(JyBtydRows *s, const JyMem *m)
{
	if (s->distinct == s->n)
		return;
	s->n = jy_btyd_collapse(s->rows, s->n, m);
	s->distinct = s->n;
}

JyStatus
jy_btyd_rows_add(JyBtydRows *s, const JyMem *m, const JyRfmTriple *row)
{
	if (s->n == s->cap)
	{
		/* full: collapse, and grow only when that left it over half full */
		if (s->distinct < s->n)
			jy_btyd_rows_collapse(s, m);
		if (s->cap == 0 || s->n > s->cap / 2)
		{
			JyStatus	st = jy_grow(m, (void **) &s->rows, &s->cap, s->cap, 1,
									 sizeof(JyRfmTriple), JY_BTYD_MAX_ROWS);

			if (st != JY_OK)
				return st;
		}
	}
	s->rows[s->n++] = *row;
	return JY_OK;
}

JyStatus
jy_btyd_rows_merge(JyBtydRows *into, const JyMem *m, const JyBtydRows *from)
{
	size_t		i;

	if (into->kind != from->kind)
		return JY_ERR_BAD_PARAMETER;
	for (i = 0; i < from->n; i++)
	{
		JyStatus	st = jy_btyd_rows_add(into, m, &from->rows[i]);

		if (st != JY_OK)
			return st;
		jy_interrupt_every(m, i);
	}
	return JY_OK;
}

void
jy_btyd_rows_encode(const JyBtydRows *s, JyWriter *w)
{
	size_t		i;

	jy_write_u8(w, BTYD_ROWS_VERSION);
	jy_write_u8(w, s->kind);
	jy_write_varint(w, s->n);
	for (i = 0; i < s->n; i++)
	{
		jy_write_double(w, s->rows[i].x);
		jy_write_double(w, s->rows[i].t_x);
		jy_write_double(w, s->rows[i].T);
		jy_write_double(w, s->rows[i].weight);
	}
}

JyStatus
jy_btyd_rows_decode(const uint8_t *in, size_t len, const JyMem *m,
					JyBtydRows *s, const char **why)
{
	JyReader	r;
	uint8_t		version,
				kind;
	uint64_t	n,
				i;

	/* on any failure s is an empty set: nothing to free, safe to free */
	jy_btyd_rows_init(s, JY_BTYD_ROWS_RFM);
	jy_reader_init(&r, in, len);
	version = jy_read_u8(&r);
	kind = jy_read_u8(&r);
	n = jy_read_varint(&r);
	if (!r.ok)
	{
		*why = "The state ends inside its header.";
		return JY_ERR_CORRUPT;
	}
	if (version != BTYD_ROWS_VERSION)
	{
		*why = "Unknown state version.";
		return JY_ERR_CORRUPT;
	}
	if (kind != JY_BTYD_ROWS_RFM && kind != JY_BTYD_ROWS_SPEND)
	{
		*why = "Unknown kind of customer rows.";
		return JY_ERR_CORRUPT;
	}
	/* each row takes 32 bytes: more rows than bytes allow is damage */
	if (n > (uint64_t) (r.end - r.p) / 32 || n > JY_BTYD_MAX_ROWS)
	{
		*why = "The number of rows exceeds the state's length.";
		return JY_ERR_CORRUPT;
	}
	s->kind = kind;
	if (n > 0)
	{
		JyStatus	st = jy_grow(m, (void **) &s->rows, &s->cap, 0, (size_t) n,
								 sizeof(JyRfmTriple), JY_BTYD_MAX_ROWS);

		if (st != JY_OK)
			return st;
	}
	for (i = 0; i < n; i++)
	{
		JyRfmTriple t;

		t.x = jy_read_double(&r);
		t.t_x = jy_read_double(&r);
		t.T = jy_read_double(&r);
		t.weight = jy_read_double(&r);
		if (r.ok && jy_btyd_row_reason((JyBtydRowKind) kind, &t) != NULL)
		{
			*why = jy_btyd_row_reason((JyBtydRowKind) kind, &t);
			jy_btyd_rows_free(s, m);
			return JY_ERR_CORRUPT;
		}
		s->rows[s->n++] = t;
	}
	if (jy_reader_end(&r, "The state ends inside a row.", why) != JY_OK)
	{
		jy_btyd_rows_free(s, m);
		return JY_ERR_CORRUPT;
	}
	return JY_OK;
}

void
jy_btyd_rows_free(JyBtydRows *s, const JyMem *m)
{
	if (s->rows != NULL)
		m->release(m->arg, s->rows);
	s->rows = NULL;
	s->n = s->cap = 0;
	s->distinct = 0;
}
