/*
 * segments.c -- funnel counts per segment, and each segment against the
 * rest (segments.h)
 */
#include "segments.h"

#include <math.h>
#include <string.h>

/* Order of named segment ids by their names' bytes */
static inline int
segments_name_cmp(const uint32_t *a, const uint32_t *b, void *ctx)
{
	const JyDict *d = ctx;

	return jy_label_cmp(jy_dict_text(d, *a), d->len[*a], jy_dict_text(d, *b), d->len[*b]);
}

#define JY_SORT_NAME segments_sort_ids
#define JY_SORT_TYPE uint32_t
#define JY_SORT_CMP segments_name_cmp
#include "sort.h"

/* An empty summary */
void
jy_segments_init(JySegments *s, int nsteps)
{
	memset(s, 0, sizeof(*s));
	s->nsteps = nsteps;
	jy_dict_init(&s->names);
}

/* Release a summary */
void
jy_segments_free(JySegments *s, const JyMem *m)
{
	int			nsteps = s->nsteps;

	jy_dict_free(&s->names, m);
	if (s->counts != NULL)
		m->release(m->arg, s->counts);
	jy_segments_init(s, nsteps);
}

/*
 * The counts row of a segment (name NULL: the NULL segment), made (zero)
 * when new; a failure leaves the summary unchanged
 */
static JyStatus
segments_row(JySegments *s, const JyMem *m, const char *name, size_t len,
			 int64_t **row)
{
	uint32_t	id,
				n = s->names.n;
	JyStatus	st;

	if (name == NULL)
	{
		if (!s->has_null)
			memset(s->null_counts, 0, sizeof(s->null_counts));
		s->has_null = true;
		*row = s->null_counts;
		return JY_OK;
	}
	if (len > UINT32_MAX)
		return JY_ERR_LABELS_TOO_LONG;
	st = jy_grow(m, (void **) &s->counts, &s->cap, n, 1,
				 sizeof(int64_t) * (size_t) s->nsteps, JY_SEGMENTS_MAX(s->nsteps));
	if (st == JY_ERR_TOO_MANY_EVENTS)
		return JY_ERR_TOO_MANY_LABELS;
	if (st != JY_OK)
		return st;
	st = jy_dict_intern(&s->names, m, name, (uint32_t) len, &id);
	if (st != JY_OK)
		return st;
	if (id == n)
		memset(s->counts + (size_t) id * s->nsteps, 0, sizeof(int64_t) * (size_t) s->nsteps);
	*row = s->counts + (size_t) id * s->nsteps;
	return JY_OK;
}

/* Count one actor of a segment at a level */
JyStatus
jy_segments_add_level(JySegments *s, const JyMem *m, const char *name, size_t len,
					  int level)
{
	int64_t    *row;
	JyStatus	st;
	int			k;

	if (level < 0 || level > s->nsteps)
		return JY_ERR_BAD_PARAMETER;
	/* a segment's counts are at most the totals: only these can overflow */
	if (level > 0 && s->totals[0] == INT64_MAX)
		return JY_ERR_BAD_PARAMETER;
	st = segments_row(s, m, name, len, &row);
	if (st != JY_OK)
		return st;
	for (k = 0; k < level; k++)
	{
		row[k]++;
		s->totals[k]++;
	}
	return JY_OK;
}

/* Add a funnel's counts to a segment */
JyStatus
jy_segments_add_counts(JySegments *s, const JyMem *m, const char *name, size_t len,
					   const int64_t *counts)
{
	int64_t    *row;
	JyStatus	st;
	int			k;

	for (k = 0; k < s->nsteps; k++)
		if (counts[k] < 0 || counts[k] > INT64_MAX - s->totals[k])
			return JY_ERR_BAD_PARAMETER;
	st = segments_row(s, m, name, len, &row);
	if (st != JY_OK)
		return st;
	for (k = 0; k < s->nsteps; k++)
	{
		row[k] += counts[k];
		s->totals[k] += counts[k];
	}
	return JY_OK;
}

/* Add every segment of src to dst */
JyStatus
jy_segments_merge(JySegments *dst, const JySegments *src, const JyMem *m)
{
	JyStatus	st;
	uint32_t	i;

	for (i = 0; i < src->names.n; i++)
	{
		st = jy_segments_add_counts(dst, m, jy_dict_text(&src->names, i), src->names.len[i],
									jy_segments_counts(src, i));
		if (st != JY_OK)
			return st;
		jy_interrupt_every(m, i);
	}
	if (src->has_null)
		return jy_segments_add_counts(dst, m, NULL, 0, src->null_counts);
	return JY_OK;
}

/* The report order */
void
jy_segments_order(const JySegments *s, uint32_t *order, const JyMem *m)
{
	uint32_t	i;

	for (i = 0; i < s->names.n; i++)
		order[i] = i;
	segments_sort_ids(order, s->names.n, (void *) &s->names, m);
	if (s->has_null)
		order[s->names.n] = JY_SEGMENT_NULL;
}

/* A segment's counts: the first, then the actors lost at each later step */
static void
segments_write_counts(JyWriter *w, const int64_t *c, int nsteps)
{
	int			k;

	jy_write_varint(w, (uint64_t) c[0]);
	for (k = 1; k < nsteps; k++)
		jy_write_varint(w, (uint64_t) (c[k - 1] - c[k]));
}

/*
 * Encode: the header, nsteps (u8), has_null (u8: 0 or 1), the number of
 * named segments (varint); per named segment in byte order of the names,
 * the name (string) and its counts (segments_write_counts); then the NULL
 * segment's counts when has_null.
 */
JyStatus
jy_segments_encode(const JySegments *s, const JyMem *m, JyWriter *w)
{
	uint32_t   *order = NULL;
	uint32_t	i;

	if (s->names.n > 0)
	{
		order = m->alloc(m->arg, sizeof(uint32_t) * (size_t) jy_segments_count(s));
		if (order == NULL)
			return JY_ERR_OUT_OF_MEMORY;
		jy_segments_order(s, order, m);
	}
	jy_writer_header(w, JY_SUMMARY_SEGMENTS);
	jy_write_u8(w, (uint8_t) s->nsteps);
	jy_write_u8(w, s->has_null ? 1 : 0);
	jy_write_varint(w, s->names.n);
	for (i = 0; i < s->names.n; i++)
	{
		uint32_t	id = order[i];

		jy_write_string(w, jy_dict_text(&s->names, id), s->names.len[id]);
		segments_write_counts(w, jy_segments_counts(s, id), s->nsteps);
		jy_interrupt_every(m, i);
	}
	if (s->has_null)
		segments_write_counts(w, s->null_counts, s->nsteps);
	if (order != NULL)
		m->release(m->arg, order);
	return w->status;
}

/* Read a segment's counts into c[0 .. nsteps); NULL or a reason */
static const char *
segments_read_counts(JyReader *r, int64_t *c, int nsteps)
{
	int			k;

	c[0] = (int64_t) jy_read_count(r, INT64_MAX);
	for (k = 1; k < nsteps; k++)
	{
		uint64_t	lost = jy_read_count(r, INT64_MAX);

		if (r->ok && lost > (uint64_t) c[k - 1])
			return "A segment loses more actors than it has.";
		c[k] = c[k - 1] - (int64_t) lost;
	}
	return NULL;
}

/*
 * Read a segment's counts into c[0 .. nsteps) and add them to the totals:
 * JY_OK, or JY_ERR_CORRUPT with *why (truncated: the reader failed)
 */
static JyStatus
segments_read_segment(JyReader *r, JySegments *s, int64_t *c, const char *truncated,
					  const char **why)
{
	const char *bad = segments_read_counts(r, c, s->nsteps);
	int			k;

	if (!r->ok)
		return jy_reader_end(r, truncated, why);
	if (bad != NULL)
	{
		*why = bad;
		return JY_ERR_CORRUPT;
	}
	for (k = 0; k < s->nsteps; k++)
	{
		if (c[k] > INT64_MAX - s->totals[k])
		{
			*why = "The segments' counts add up beyond the range of bigint.";
			return JY_ERR_CORRUPT;
		}
		s->totals[k] += c[k];
	}
	return JY_OK;
}

/* Decode and check a summary */
JyStatus
jy_segments_decode(JySegments *s, const JyMem *m, const uint8_t *data, size_t len,
				   const char **why)
{
	static const char *const truncated = "The summary ends inside a segment.";
	JyReader	r;
	int			nsteps;
	uint8_t		has_null;
	uint64_t	n,
				i;
	int64_t		c[JY_MAX_STEPS];
	JyStatus	st;

	jy_segments_init(s, 1);
	jy_reader_init(&r, data, len);
	st = jy_reader_header(&r, JY_SUMMARY_SEGMENTS, why);
	if (st != JY_OK)
		return st;
	nsteps = jy_read_u8(&r);
	has_null = jy_read_u8(&r);
	if (!r.ok)
		return jy_reader_end(&r, "The summary ends inside its parameters.", why);
	if (nsteps < 1 || nsteps > JY_MAX_STEPS)
	{
		*why = "Its number of funnel steps is out of range.";
		return JY_ERR_CORRUPT;
	}
	if (has_null > 1)
	{
		*why = "Its NULL segment flag is neither 0 nor 1.";
		return JY_ERR_CORRUPT;
	}
	s->nsteps = nsteps;
	/* a named segment takes at least 1 + nsteps bytes */
	n = jy_read_count(&r, jy_reader_left(&r) / (1 + (size_t) nsteps));
	if (!r.ok)
		return jy_reader_end(&r, "Its number of segments does not fit its size.", why);
	if (n > JY_SEGMENTS_MAX(nsteps))
	{
		*why = "It has more segments than a summary may hold.";
		return JY_ERR_CORRUPT;
	}
	if (n > 0)
	{
		st = jy_grow(m, (void **) &s->counts, &s->cap, 0, (size_t) n,
					 sizeof(int64_t) * (size_t) nsteps, JY_SEGMENTS_MAX(nsteps));
		if (st != JY_OK)
			return st == JY_ERR_TOO_MANY_EVENTS ? JY_ERR_OUT_OF_MEMORY : st;
	}
	for (i = 0; i < n; i++)
	{
		size_t		nlen;
		const char *name = (const char *) jy_read_string(&r, &nlen);
		int64_t    *row;

		if (name != NULL && nlen > UINT32_MAX)
			r.ok = false;
		if (!r.ok)
			return jy_reader_end(&r, truncated, why);
		if (i > 0 && jy_label_cmp(jy_dict_text(&s->names, (uint32_t) i - 1),
								  s->names.len[i - 1], name, (uint32_t) nlen) >= 0)
		{
			*why = "The segment names are not in strictly ascending order.";
			return JY_ERR_CORRUPT;
		}
		st = segments_read_segment(&r, s, c, truncated, why);
		if (st == JY_OK)
			st = segments_row(s, m, name, nlen, &row);
		if (st != JY_OK)
			return st;
		memcpy(row, c, sizeof(int64_t) * (size_t) nsteps);
		jy_interrupt_every(m, (size_t) i);
	}
	if (has_null)
	{
		st = segments_read_segment(&r, s, c, truncated, why);
		if (st != JY_OK)
			return st;
		s->has_null = true;
		memcpy(s->null_counts, c, sizeof(int64_t) * (size_t) nsteps);
	}
	return jy_reader_end(&r, truncated, why);
}

/* ---- the comparison ---- */

/*
 * Cochran's rule: is an expected count of the 2x2 table of n1 and n2
 * trials with x successes in all below JY_SEGMENTS_MIN_EXPECTED?  The
 * smallest expected count is min(n1, n2) min(x, N - x) / N.
 */
static bool
segments_small(int64_t n1, int64_t n2, int64_t x)
{
	double		n = (double) n1 + (double) n2;
	double		rmin = (double) (n1 < n2 ? n1 : n2);
	double		cmin = (double) x < n - (double) x ? (double) x : n - (double) x;

	return rmin * cmin < JY_SEGMENTS_MIN_EXPECTED * n;
}

/* One segment at one step against the rest */
void
jy_segments_cell(const int64_t *seg, const int64_t *totals, int k, JyCompareBase base,
				 double confidence, JySegmentCell *out)
{
	int			from = (base == JY_COMPARE_FROM_PREVIOUS && k > 0) ? k - 1 : 0;

	memset(out, 0, sizeof(*out));
	out->actors = seg[k];
	out->base = seg[from];
	out->rest_actors = totals[k] - seg[k];
	out->rest_base = totals[from] - seg[from];
	out->check = jy_ztest(out->rest_actors, out->rest_base, out->actors, out->base,
						  confidence, &out->z);
	out->test = JY_SEGTEST_NONE;
	switch (out->check)
	{
		case JY_ZTEST_OK:
			if (out->base + out->rest_base > JY_SEGMENTS_MAX_TESTED)
			{
				/* doubles no longer hold the counts: z may be NaN */
				out->z.has_z = false;
				out->note = "too many actors for the tests (more than 2^53)";
			}
			else if (segments_small(out->base, out->rest_base, out->actors + out->rest_actors))
			{
				out->test = JY_SEGTEST_FISHER;
				out->p_value = jy_fisher_exact(out->actors, out->base - out->actors,
											   out->rest_actors, out->rest_base - out->rest_actors);
			}
			else
			{
				out->test = JY_SEGTEST_Z;
				out->p_value = out->z.p_value;
			}
			break;
		case JY_ZTEST_EMPTY_GROUP:
			out->note = out->base == 0 ? "the segment has no actors at the base step"
				: "the other segments have no actors at the base step";
			break;
		case JY_ZTEST_NO_VARIANCE:
			out->note = k == 0 ? "step 1: every conversion is 1"
				: jy_ztest_check_message(out->check);
			break;
		default:
			out->note = jy_ztest_check_message(out->check);
			break;
	}
}

/* Holm-adjusted p-values of every cell */
JyStatus
jy_segments_holm(const JySegments *s, const uint32_t *order, JyCompareBase base,
				 double confidence, const JyMem *m, double *q)
{
	size_t		nseg = jy_segments_count(s),
				cells = nseg * (size_t) s->nsteps,
				n = 0,
				i,
				j;
	double	   *p,
			   *adj;
	size_t	   *at,
			   *scratch;
	JyStatus	st = JY_OK;

	if (cells == 0)
		return JY_OK;
	if (cells > JY_MAX_ALLOC / sizeof(size_t))
		return JY_ERR_OUT_OF_MEMORY;
	p = m->alloc(m->arg, cells * sizeof(double));
	adj = m->alloc(m->arg, cells * sizeof(double));
	at = m->alloc(m->arg, cells * sizeof(size_t));
	scratch = m->alloc(m->arg, cells * sizeof(size_t));
	if (p == NULL || adj == NULL || at == NULL || scratch == NULL)
		st = JY_ERR_OUT_OF_MEMORY;
	else
	{
		for (i = 0; i < nseg; i++)
		{
			const int64_t *c = jy_segments_counts(s, order[i]);
			int			k;

			for (k = 0; k < s->nsteps; k++)
			{
				JySegmentCell cell;
				size_t		pos = i * (size_t) s->nsteps + (size_t) k;

				jy_segments_cell(c, s->totals, k, base, confidence, &cell);
				q[pos] = NAN;
				if (cell.test != JY_SEGTEST_NONE)
				{
					p[n] = cell.p_value;
					at[n] = pos;
					n++;
				}
			}
			jy_interrupt_every(m, i);
		}
		jy_holm_adjust(p, n, adj, scratch, m);
		for (j = 0; j < n; j++)
			q[at[j]] = adj[j];
	}
	if (p != NULL)
		m->release(m->arg, p);
	if (adj != NULL)
		m->release(m->arg, adj);
	if (at != NULL)
		m->release(m->arg, at);
	if (scratch != NULL)
		m->release(m->arg, scratch);
	return st;
}
