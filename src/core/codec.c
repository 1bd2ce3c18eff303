/*
 * codec.c -- portable byte formats of the aggregate states (docs/format.md)
 */
#include "codec.h"

#include <string.h>

#include "isotime.h"
#include "varint.h"

/* Size of an encoded funnel state */
size_t
jy_funnel_state_size(int nsteps, uint32_t n)
{
	return JY_FUNNEL_HEADER_SIZE + (size_t) n * (8 + jy_mask_width(nsteps));
}

/* Encode a funnel state */
void
jy_funnel_state_encode(const JyFunnelSpec *spec, uint8_t tstype,
					   const JyEvent *ev, uint32_t n, uint8_t *out)
{
	out[0] = JY_STATE_VERSION;
	out[1] = tstype;
	out[2] = (uint8_t) spec->nsteps;
	out[3] = (uint8_t) spec->flags;
	jy_put_be(out + 4, spec->window, 8);
	jy_put_be(out + 12, n, 4);
	jy_events_encode(ev, n, spec->nsteps, out + JY_FUNNEL_HEADER_SIZE);
}

/* Decode and check a funnel state's header */
JyStatus
jy_funnel_state_decode_header(const uint8_t *in, size_t len, int ntstypes,
							  JyFunnelSpec *spec, uint8_t *tstype, uint32_t *n,
							  const char **why)
{
	uint64_t	window;

	if (len < JY_FUNNEL_HEADER_SIZE)
		*why = "The state is shorter than its header.";
	else if (in[0] != JY_STATE_VERSION)
		*why = "Unknown state format version.";
	else if (in[1] >= ntstypes)
		*why = "Unknown timestamp type.";
	else if (in[2] < 1 || in[2] > JY_MAX_STEPS)
		*why = "Number of steps out of range.";
	else if (in[3] & ~JY_FUNNEL_ALL_FLAGS)
		*why = "Unknown mode flags.";
	else if ((window = jy_get_be(in + 4, 8)) == 0 || window > INT64_MAX)
		*why = "Window is not positive.";
	else
	{
		*tstype = in[1];
		spec->nsteps = in[2];
		spec->flags = in[3];
		spec->window = window;
		*n = (uint32_t) jy_get_be(in + 12, 4);
		if (*n > JY_MAX_EVENTS || len != jy_funnel_state_size(spec->nsteps, *n))
			*why = "Event count does not match the length.";
		else if (*tstype == JY_TS_TYPE_BIGINT)
			return JY_OK;
		else
			return jy_events_check_times(in + JY_FUNNEL_HEADER_SIZE, *n,
										 spec->nsteps, why);
	}
	return JY_ERR_CORRUPT;
}

/* Decode a funnel state's events */
JyStatus
jy_funnel_state_decode_events(const uint8_t *in, const JyFunnelSpec *spec,
							  uint32_t n, JyEvent *ev, const char **why)
{
	return jy_events_decode(in + JY_FUNNEL_HEADER_SIZE, n, spec->nsteps, ev, why);
}

/* Encode n events of nsteps conditions: big-endian ts, then the mask */
void
jy_events_encode(const JyEvent *ev, uint32_t n, int nsteps, uint8_t *out)
{
	int			w = jy_mask_width(nsteps);
	uint32_t	i;

	for (i = 0; i < n; i++)
	{
		jy_put_be(out, (uint64_t) ev[i].ts, 8);
		jy_put_be(out + 8, ev[i].mask, w);
		out += 8 + w;
	}
}

/* Decode n events of nsteps conditions, checking the masks */
JyStatus
jy_events_decode(const uint8_t *in, uint32_t n, int nsteps, JyEvent *ev,
				 const char **why)
{
	int			w = jy_mask_width(nsteps);
	uint32_t	i;

	for (i = 0; i < n; i++)
	{
		ev[i].ts = (int64_t) jy_get_be(in, 8);
		ev[i].mask = jy_get_be(in + 8, w);
		if (jy_bits_from(ev[i].mask, nsteps) != 0)
		{
			*why = "An event names a step beyond the last.";
			return JY_ERR_CORRUPT;
		}
		in += 8 + w;
	}
	return JY_OK;
}

/* Check the timestamps of an encoded event block against timestamptz */
JyStatus
jy_events_check_times(const uint8_t *in, uint32_t n, int nsteps, const char **why)
{
	size_t		stride = 8 + (size_t) jy_mask_width(nsteps);
	uint32_t	i;

	for (i = 0; i < n; i++)
		if (!jy_ts_valid((int64_t) jy_get_be(in + i * stride, 8)))
		{
			*why = "An event timestamp is outside the range of timestamptz.";
			return JY_ERR_CORRUPT;
		}
	return JY_OK;
}

/* Size of an encoded journey map state */
size_t
jy_map_state_size(size_t textlen, uint32_t n, int nstages)
{
	return 1 + 10 + textlen + 10 + (size_t) n * (8 + jy_mask_width(nstages + 1));
}

/* Encode a journey map state */
size_t
jy_map_state_encode(const char *text, size_t textlen, int nstages,
					const JyEvent *ev, uint32_t n, uint8_t *out)
{
	uint8_t    *p = out;

	*p++ = JY_STATE_VERSION;
	p += jy_varint_put(p, (uint64_t) textlen);
	memcpy(p, text, textlen);
	p += textlen;
	p += jy_varint_put(p, n);
	jy_events_encode(ev, n, nstages + 1, p);
	p += (size_t) n * (8 + jy_mask_width(nstages + 1));
	return (size_t) (p - out);
}

/* Decode the version and the map text of a journey map state */
JyStatus
jy_map_state_decode_text(const uint8_t *in, size_t len, const char **text,
						 size_t *textlen, const char **why)
{
	const uint8_t *p = in;
	const uint8_t *end = in + len;
	uint64_t	tl;

	if (p >= end || *p++ != JY_STATE_VERSION || !jy_varint_get(&p, end, &tl) ||
		tl > (uint64_t) (end - p))
	{
		*why = "Bad version or map length.";
		return JY_ERR_CORRUPT;
	}
	*text = (const char *) p;
	*textlen = (size_t) tl;
	return JY_OK;
}

/* Decode the events of a journey map state */
JyStatus
jy_map_state_decode_events(const uint8_t *in, size_t len, int nstages,
						   uint32_t *n, JyEvent *ev, const char **why)
{
	const char *text;
	size_t		textlen;
	const uint8_t *p;
	const uint8_t *end = in + len;
	uint64_t	count;
	int			w = jy_mask_width(nstages + 1);
	JyStatus	rc;

	rc = jy_map_state_decode_text(in, len, &text, &textlen, why);
	if (rc != JY_OK)
		return rc;
	p = (const uint8_t *) text + textlen;
	if (!jy_varint_get(&p, end, &count) || count > JY_MAX_EVENTS ||
		count * (uint64_t) (8 + w) != (uint64_t) (end - p))
	{
		*why = "Event count does not match the length.";
		return JY_ERR_CORRUPT;
	}
	*n = (uint32_t) count;
	if (ev == NULL)
		return JY_OK;			/* the count only */
	rc = jy_events_check_times(p, *n, nstages + 1, why);
	if (rc != JY_OK)
		return rc;
	rc = jy_events_decode(p, *n, nstages + 1, ev, why);
	if (rc == JY_ERR_CORRUPT)
		*why = "An event names a stage beyond the last.";
	return rc;
}

/* Size of an encoded sequence state */
size_t
jy_seq_state_size(int nconds, uint32_t patlen, uint32_t n)
{
	return JY_SEQ_HEADER_SIZE + (size_t) patlen +
		(size_t) n * (8 + jy_mask_width(nconds));
}

/* Encode a sequence_match / sequence_count state */
void
jy_seq_state_encode(uint8_t tstype, int nconds, const char *pattern,
					uint32_t patlen, const JyEvent *ev, uint32_t n, uint8_t *out)
{
	out[0] = JY_STATE_VERSION;
	out[1] = tstype;
	out[2] = (uint8_t) nconds;
	out[3] = 0;
	jy_put_be(out + 4, patlen, 4);
	jy_put_be(out + 8, n, 4);
	memcpy(out + JY_SEQ_HEADER_SIZE, pattern, patlen);
	jy_events_encode(ev, n, nconds, out + JY_SEQ_HEADER_SIZE + patlen);
}

/* Decode and check a sequence state's header */
JyStatus
jy_seq_state_decode_header(const uint8_t *in, size_t len, int ntstypes,
						   uint8_t *tstype, int *nconds, uint32_t *patlen,
						   uint32_t *n, const char **why)
{
	if (len < JY_SEQ_HEADER_SIZE)
		*why = "The state is shorter than its header.";
	else if (in[0] != JY_STATE_VERSION)
		*why = "Unknown state format version.";
	else if (in[1] >= ntstypes)
		*why = "Unknown timestamp type.";
	else if (in[2] < 1 || in[2] > JY_MAX_STEPS)
		*why = "Number of conditions out of range.";
	else if (in[3] != 0)
		*why = "Reserved byte is not zero.";
	else
	{
		*tstype = in[1];
		*nconds = in[2];
		*patlen = (uint32_t) jy_get_be(in + 4, 4);
		*n = (uint32_t) jy_get_be(in + 8, 4);
		if (*patlen > JY_PATTERN_MAX_LENGTH)
			*why = "Pattern is too long.";
		else if (*n > JY_MAX_EVENTS || len != jy_seq_state_size(*nconds, *patlen, *n))
			*why = "Event count does not match the length.";
		else if (*tstype == JY_TS_TYPE_BIGINT)
			return JY_OK;
		else
			return jy_events_check_times(in + JY_SEQ_HEADER_SIZE + *patlen, *n,
										 *nconds, why);
	}
	return JY_ERR_CORRUPT;
}

/* Size of an encoded sequence_next_node state, or 0 beyond max_size */
size_t
jy_node_state_size(const JyNodeRow *rows, uint32_t n, int nevents,
				   size_t max_size)
{
	size_t		size = JY_NODE_HEADER_SIZE;
	size_t		fixed = 8 + 1 + jy_mask_width(nevents) + 4;
	uint32_t	i;

	for (i = 0; i < n; i++)
	{
		if (rows[i].len > max_size || max_size - size < fixed + rows[i].len)
			return 0;
		size += fixed + rows[i].len;
	}
	return size;
}

/* Encode a sequence_next_node state */
void
jy_node_state_encode(JyNodeDirection dir, JyNodeBase base, int nevents,
					 const JyNodeRow *rows, uint32_t n, uint8_t *out)
{
	int			w = jy_mask_width(nevents);
	uint32_t	i;

	out[0] = JY_STATE_VERSION;
	out[1] = (uint8_t) dir;
	out[2] = (uint8_t) base;
	out[3] = (uint8_t) nevents;
	jy_put_be(out + 4, n, 4);
	jy_put_be(out + 8, 0, 4);
	out += JY_NODE_HEADER_SIZE;
	for (i = 0; i < n; i++)
	{
		jy_put_be(out, (uint64_t) rows[i].ts, 8);
		out[8] = rows[i].base ? 1 : 0;
		jy_put_be(out + 9, rows[i].mask, w);
		jy_put_be(out + 9 + w, rows[i].len, 4);
		if (rows[i].len > 0)
			memcpy(out + 13 + w, rows[i].value, rows[i].len);
		out += 13 + w + rows[i].len;
	}
}

/* Decode a sequence_next_node state (rows == NULL: the header only) */
JyStatus
jy_node_state_decode(const uint8_t *in, size_t len, JyNodeDirection *dir,
					 JyNodeBase *base, int *nevents, uint32_t *n,
					 JyNodeRow *rows, const char **why)
{
	const uint8_t *p,
			   *end = in + len;
	int			w;
	uint32_t	i;

	if (len < JY_NODE_HEADER_SIZE)
		*why = "The state is shorter than its header.";
	else if (in[0] != JY_STATE_VERSION)
		*why = "Unknown state format version.";
	else if (in[1] > JY_NODE_BACKWARD || in[2] > JY_NODE_LAST_MATCH)
		*why = "Unknown direction or base.";
	else if (in[3] > JY_NODE_MAX_EVENTS)
		*why = "Number of event conditions out of range.";
	else if (jy_get_be(in + 8, 4) != 0)
		*why = "Reserved bytes are not zero.";
	else
		*why = NULL;
	if (*why != NULL)
		return JY_ERR_CORRUPT;
	*dir = (JyNodeDirection) in[1];
	*base = (JyNodeBase) in[2];
	*nevents = in[3];
	*n = (uint32_t) jy_get_be(in + 4, 4);
	w = jy_mask_width(*nevents);
	/* every row takes at least 13 + w bytes */
	if (*n > (len - JY_NODE_HEADER_SIZE) / (size_t) (13 + w))
	{
		*why = "Row count does not match the length.";
		return JY_ERR_CORRUPT;
	}
	if (rows == NULL)
		return JY_OK;
	p = in + JY_NODE_HEADER_SIZE;
	for (i = 0; i < *n; i++)
	{
		JyNodeRow  *r = &rows[i];

		if ((size_t) (end - p) < (size_t) (13 + w))
		{
			*why = "A row runs past the end of the state.";
			return JY_ERR_CORRUPT;
		}
		r->ts = (int64_t) jy_get_be(p, 8);
		if (p[8] > 1)
		{
			*why = "A row's base flag is neither 0 nor 1.";
			return JY_ERR_CORRUPT;
		}
		r->base = p[8] == 1;
		r->mask = jy_get_be(p + 9, w);
		if (jy_bits_from(r->mask, *nevents) != 0)
		{
			*why = "A row names an event condition beyond the last.";
			return JY_ERR_CORRUPT;
		}
		r->len = (uint32_t) jy_get_be(p + 9 + w, 4);
		p += 13 + w;
		if ((size_t) (end - p) < r->len)
		{
			*why = "A row's value runs past the end of the state.";
			return JY_ERR_CORRUPT;
		}
		r->value = (const char *) p;
		p += r->len;
	}
	if (p != end)
	{
		*why = "Trailing bytes after the last row.";
		return JY_ERR_CORRUPT;
	}
	return JY_OK;
}

/* Encode a counts state */
void
jy_counts_state_encode(const int64_t *counts, int nsteps, uint8_t *out)
{
	int			k;

	out[0] = JY_STATE_VERSION;
	out[1] = (uint8_t) nsteps;
	for (k = 0; k < nsteps; k++)
		jy_put_be(out + 2 + 8 * k, (uint64_t) counts[k], 8);
}

/* Decode and check a counts state */
JyStatus
jy_counts_state_decode(const uint8_t *in, size_t len, int64_t *counts,
					   int *nsteps, const char **why)
{
	int			k;

	if (len < 2)
		*why = "The state is shorter than its header.";
	else if (in[0] != JY_STATE_VERSION)
		*why = "Unknown state format version.";
	else if (in[1] < 1 || in[1] > JY_MAX_STEPS)
		*why = "Number of steps out of range.";
	else if (len != jy_counts_state_size(in[1]))
		*why = "Length does not match the number of steps.";
	else
	{
		*nsteps = in[1];
		for (k = 0; k < *nsteps; k++)
		{
			counts[k] = (int64_t) jy_get_be(in + 2 + 8 * k, 8);
			if (counts[k] < 0 || (k > 0 && counts[k] > counts[k - 1]))
			{
				*why = "Counts are not a funnel.";
				return JY_ERR_CORRUPT;
			}
		}
		return JY_OK;
	}
	return JY_ERR_CORRUPT;
}

/* ---------- path_summary (path_agg, next_step_agg, rollup) ---------- */

/* The largest count a summary holds (a bigint) */
#define JY_PATH_MAX_COUNT ((uint64_t) INT64_MAX)

JyStatus
jy_path_summary_encode(JyWriter *w, const JyPathParams *p, const JyPathCount *pc,
					   uint64_t actors)
{
	JyPathEntry *keys;
	uint32_t	i;
	JyStatus	st = jy_pathcount_sorted(pc, &keys);

	if (st != JY_OK)
		return st;
	jy_writer_header(w, JY_SUMMARY_PATHS);
	jy_write_u8(w, (uint8_t) p->kind);
	if (p->kind == JY_PATHS_TOP)
	{
		jy_write_varint(w, p->depth);
		jy_write_u8(w, p->collapse ? 1 : 0);
	}
	else
	{
		jy_write_u8(w, (uint8_t) p->dir);
		jy_write_u8(w, (uint8_t) p->base);
		jy_write_varint(w, p->nlabels);
		for (i = 0; i < p->nlabels; i++)
			jy_write_string(w, p->label[i], p->label_len[i]);
	}
	jy_write_varint(w, actors);
	jy_write_varint(w, pc->none);
	jy_write_varint(w, pc->used);
	for (i = 0; i < pc->used && w->status == JY_OK; i++)
	{
		jy_interrupt_every(pc->mem, i);
		jy_write_string(w, keys[i].key, keys[i].len);
		jy_write_varint(w, keys[i].count);
	}
	pc->mem->release(pc->mem->arg, keys);
	return w->status;
}

/* A string of the summary without NUL bytes; NULL (and r->ok false) if not */
static const char *
path_read_text(JyReader *r, uint32_t *len)
{
	size_t		n;
	const uint8_t *s = jy_read_string(r, &n);

	if (s == NULL || n > JY_MAX_ALLOC || (n > 0 && memchr(s, 0, n) != NULL))
	{
		r->ok = false;
		return NULL;
	}
	*len = (uint32_t) n;
	return (const char *) s;
}

/* The parameters of a path summary */
static bool
path_read_params(JyReader *r, JyPathParams *p, const char **why)
{
	uint8_t		kind = jy_read_u8(r);
	uint32_t	i;

	memset(p, 0, sizeof(*p));
	if (kind == JY_PATHS_TOP)
	{
		uint64_t	depth = jy_read_varint(r);

		p->kind = JY_PATHS_TOP;
		i = jy_read_u8(r);
		p->depth = (uint32_t) depth;
		p->collapse = i == 1;
		if (r->ok && (depth < 1 || depth > INT32_MAX || i > 1))
		{
			*why = "Its depth or collapse_repeats is out of range.";
			return false;
		}
	}
	else if (kind == JY_PATHS_NEXT)
	{
		uint8_t		dir = jy_read_u8(r),
					base = jy_read_u8(r);
		uint64_t	nlabels = jy_read_varint(r);

		p->kind = JY_PATHS_NEXT;
		if (r->ok && (dir > JY_NODE_BACKWARD || base > JY_NODE_LAST_MATCH || nlabels < 1 ||
					  nlabels > JY_NODE_MAX_EVENTS ||
					  jy_nextnode_check((JyNodeDirection) dir, (JyNodeBase) base,
										(int) nlabels) != JY_NODE_OK))
		{
			*why = "Its direction, base or number of anchor labels is out of range.";
			return false;
		}
		p->nlabels = (uint32_t) nlabels;
		p->dir = (JyNodeDirection) dir;
		p->base = (JyNodeBase) base;
		for (i = 0; i < p->nlabels && r->ok; i++)
			p->label[i] = path_read_text(r, &p->label_len[i]);
	}
	else if (r->ok)
	{
		*why = "Its report kind is unknown.";
		return false;
	}
	return true;
}

JyStatus
jy_path_summary_decode(const uint8_t *in, size_t len, const JyMem *m,
					   JyPathSummary *s, const char **why)
{
	JyReader	r;
	uint64_t	nkeys,
				left;
	uint32_t	i;

	memset(s, 0, sizeof(*s));
	jy_reader_init(&r, in, len);
	if (jy_reader_header(&r, JY_SUMMARY_PATHS, why) != JY_OK)
		return JY_ERR_CORRUPT;
	if (!path_read_params(&r, &s->params, why))
		return JY_ERR_CORRUPT;
	s->actors = jy_read_count(&r, JY_PATH_MAX_COUNT);
	s->none = jy_read_varint(&r);
	if (r.ok && s->none > s->actors)
	{
		*why = "It counts more actors than it has.";
		return JY_ERR_CORRUPT;
	}
	/* every key takes at least 2 bytes: its length and its count */
	nkeys = jy_read_count(&r, jy_reader_left(&r) / 2);
	if (!r.ok)
	{
		*why = "It is truncated, or holds a malformed number or text.";
		return JY_ERR_CORRUPT;
	}
	if (s->params.kind == JY_PATHS_TOP && s->none > 0)
	{
		*why = "A summary of top paths has actors without a path.";
		return JY_ERR_CORRUPT;
	}
	s->keys = m->alloc(m->arg, ((size_t) nkeys + 1) * sizeof(JyPathEntry));
	if (s->keys == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	left = s->actors - s->none;
	for (i = 0; i < nkeys; i++)
	{
		JyPathEntry *e = &s->keys[i];

		jy_interrupt_every(m, i);
		e->key = path_read_text(&r, &e->len);
		e->count = jy_read_varint(&r);
		if (!r.ok)
			break;
		if (e->count > left)
		{
			*why = "It counts more actors than it has.";
			goto bad;
		}
		if (e->count < 1)
		{
			*why = "A key is counted zero times.";
			goto bad;
		}
		if (i > 0 && jy_path_key_cmp(e[-1].key, e[-1].len, e->key, e->len) >= 0)
		{
			*why = "Its keys are not in order, or repeat.";
			goto bad;
		}
		left -= e->count;
	}
	if (!r.ok)
	{
		*why = "It is truncated, or holds a malformed number or text.";
		goto bad;
	}
	if (!jy_reader_done(&r))
	{
		*why = "It has bytes after its last key.";
		goto bad;
	}
	if (s->params.kind == JY_PATHS_TOP && left != 0)
	{
		*why = "A summary of top paths has actors without a path.";
		goto bad;
	}
	s->nkeys = (uint32_t) nkeys;
	s->counted = s->actors - left;
	return JY_OK;
bad:
	jy_path_summary_free(s, m);
	return JY_ERR_CORRUPT;
}

void
jy_path_summary_free(JyPathSummary *s, const JyMem *m)
{
	if (s->keys != NULL)
		m->release(m->arg, s->keys);
	s->keys = NULL;
	s->nkeys = 0;
}
