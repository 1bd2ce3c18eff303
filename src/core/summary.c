/*
 * summary.c -- the writer and reader of report summaries' bytes
 */
#include "summary.h"

void
jy_writer_init(JyWriter *w, const JyMem *m)
{
	w->buf = NULL;
	w->len = 0;
	w->cap = 0;
	w->status = JY_OK;
	w->mem = m;
}

/* Room for n more bytes, doubling */
bool
jy_writer_reserve(JyWriter *w, size_t n)
{
	size_t		want,
				cap;
	uint8_t    *nb;

	if (w->status != JY_OK)
		return false;
	if (n <= w->cap - w->len)
		return true;
	if (n > JY_MAX_ALLOC - w->len)
	{
		w->status = JY_ERR_VALUE_TOO_LARGE;
		return false;
	}
	want = w->len + n;
	cap = w->cap < 64 ? 64 : w->cap;
	while (cap < want)
		cap = cap > JY_MAX_ALLOC / 2 ? JY_MAX_ALLOC : cap * 2;
	nb = w->buf == NULL ? w->mem->alloc(w->mem->arg, cap)
		: w->mem->resize(w->mem->arg, w->buf, cap);
	if (nb == NULL)
	{
		w->status = JY_ERR_OUT_OF_MEMORY;
		return false;
	}
	w->buf = nb;
	w->cap = cap;
	return true;
}

void
jy_writer_header(JyWriter *w, JySummaryKind kind)
{
	uint8_t		h[JY_SUMMARY_HEADER_SIZE] = {'J', 'S', (uint8_t) kind, JY_SUMMARY_VERSION};

	jy_write_bytes(w, h, sizeof(h));
}

void
jy_writer_free(JyWriter *w)
{
	if (w->buf != NULL)
		w->mem->release(w->mem->arg, w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

/* A double's bits, big-endian */
void
jy_write_double(JyWriter *w, double v)
{
	uint64_t	bits;
	uint8_t		b[8];
	int			i;

	memcpy(&bits, &v, sizeof(bits));
	for (i = 7; i >= 0; i--)
	{
		b[i] = (uint8_t) bits;
		bits >>= 8;
	}
	jy_write_bytes(w, b, 8);
}

double
jy_read_double(JyReader *r)
{
	uint64_t	bits = 0;
	double		v;
	int			i;

	if (!r->ok || jy_reader_left(r) < 8)
	{
		r->ok = false;
		return 0;
	}
	for (i = 0; i < 8; i++)
		bits = (bits << 8) | *r->p++;
	memcpy(&v, &bits, sizeof(v));
	return v;
}

JyStatus
jy_reader_header(JyReader *r, JySummaryKind kind, const char **why)
{
	uint8_t		m1 = jy_read_u8(r),
				m2 = jy_read_u8(r),
				k = jy_read_u8(r),
				v = jy_read_u8(r);

	if (!r->ok || m1 != 'J' || m2 != 'S')
		*why = "It is not a journey report summary.";
	else if (k != (uint8_t) kind)
		*why = "It is a summary of another kind.";
	else if (v != JY_SUMMARY_VERSION)
		*why = "Its format version is not one this release reads.";
	else
		return JY_OK;
	r->ok = false;
	return JY_ERR_CORRUPT;
}
