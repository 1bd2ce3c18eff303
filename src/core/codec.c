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

/* ---- rfm_summary ---- */

/* Encode an RFM summary */
void
jy_rfm_summary_encode(JyWriter *w, const JyRfmSummary *s)
{
	jy_writer_header(w, JY_SUMMARY_RFM);
	jy_write_u8(w, s->amount);
	jy_write_varint(w, s->orders);
	if (s->orders == 0)
		return;
	jy_write_svarint(w, s->first);
	jy_write_varint(w, (uint64_t) s->last - (uint64_t) s->first);
	if (s->amount == JY_RFM_AMOUNT_FLOAT8)
		jy_write_double(w, s->total);
	else
	{
		jy_write_u8(w, s->scale);
		jy_write_svarint(w, s->units);
	}
}

/* Decode and check an RFM summary */
JyStatus
jy_rfm_summary_decode(const uint8_t *in, size_t len, JyRfmSummary *s,
					  const char **why)
{
	JyReader	r;
	uint64_t	span;

	jy_reader_init(&r, in, len);
	if (jy_reader_header(&r, JY_SUMMARY_RFM, why) != JY_OK)
		return JY_ERR_CORRUPT;
	memset(s, 0, sizeof(*s));
	s->amount = jy_read_u8(&r);
	if (r.ok && s->amount != JY_RFM_AMOUNT_FLOAT8 && s->amount != JY_RFM_AMOUNT_NUMERIC)
	{
		*why = "The amount type is neither float8 nor numeric.";
		return JY_ERR_CORRUPT;
	}
	s->orders = jy_read_count(&r, (uint64_t) INT64_MAX);
	if (r.ok && s->orders > 0)
	{
		s->first = jy_read_svarint(&r);
		span = jy_read_varint(&r);
		if (r.ok && (!jy_ts_valid(s->first) ||
					 span > (uint64_t) INT64_MAX - (uint64_t) s->first ||
					 !jy_ts_valid((int64_t) ((uint64_t) s->first + span))))
		{
			*why = "An order time is out of range for timestamp with time zone.";
			return JY_ERR_CORRUPT;
		}
		s->last = (int64_t) ((uint64_t) s->first + span);
		if (s->amount == JY_RFM_AMOUNT_FLOAT8)
			s->total = jy_read_double(&r);
		else
		{
			s->scale = jy_read_u8(&r);
			s->units = jy_read_svarint(&r);
			if (r.ok && (s->scale > JY_RFM_MAX_SCALE ||
						 (s->scale > 0 && s->units % 10 == 0)))
			{
				*why = "The numeric total is not a normalised decimal.";
				return JY_ERR_CORRUPT;
			}
		}
	}
	if (!r.ok)
	{
		*why = "The summary ends early or holds a malformed number.";
		return JY_ERR_CORRUPT;
	}
	if (!jy_reader_done(&r))
	{
		*why = "Trailing bytes after the summary.";
		return JY_ERR_CORRUPT;
	}
	return JY_OK;
}

/* ---- activity summary (docs/format.md) ---- */

/* An int64 as an order-preserving uint64 */
static inline uint64_t
activity_ukey(int64_t k)
{
	return (uint64_t) k ^ (UINT64_C(1) << 63);
}

/* Write the header and head of an activity summary */
void
jy_activity_write_head(JyWriter *w, const JyActivityHead *h)
{
	jy_writer_header(w, JY_SUMMARY_ACTIVITY);
	jy_write_u8(w, (uint8_t) h->kind);
	jy_write_u8(w, (uint8_t) h->source);
	jy_write_varint(w, h->nactors);
}

/* Write one actor of an activity summary */
void
jy_activity_write_actor(JyWriter *w, const JyActivityHead *h,
						const JyActivityActor *prev, const JyActivityActor *a)
{
	size_t		i;

	if (h->kind == JY_ACTOR_INT)
	{
		if (prev == NULL)
			jy_write_svarint(w, a->ikey);
		else
			jy_write_varint(w, activity_ukey(a->ikey) - activity_ukey(prev->ikey) - 1);
	}
	else if (h->kind == JY_ACTOR_UUID)
		jy_write_bytes(w, a->bkey, 16);
	else
		jy_write_string(w, a->bkey, a->blen);
	jy_write_varint(w, a->ndays);
	jy_write_svarint(w, a->days[0]);
	for (i = 1; i < a->ndays; i++)
		jy_write_varint(w, (uint64_t) ((int64_t) a->days[i] - a->days[i - 1] - 1));
	if (h->source == JY_COHORT_EVENT)
	{
		uint64_t	c = 0;

		if (a->cohort != JY_NO_DAY)
			for (i = 0; i < a->ndays; i++)
				if (a->days[i] == a->cohort)
				{
					c = i + 1;
					break;
				}
		jy_write_varint(w, c);
	}
}

/* Byte keys: bytewise, a proper prefix first */
static int
activity_bytes_cmp(const uint8_t *x, size_t xlen, const uint8_t *y, size_t ylen)
{
	int			c = memcmp(x, y, xlen < ylen ? xlen : ylen);

	if (c != 0)
		return c;
	return (xlen > ylen) - (xlen < ylen);
}

/* Decode and check an activity summary, visiting every actor */
JyStatus
jy_activity_summary_read(const uint8_t *data, size_t len, const JyMem *m,
						 JyActivityHead *h, JyActivityVisit visit, void *arg,
						 const char **why)
{
	JyReader	r;
	JyStatus	st;
	JyActivityActor a,
				prev;
	int32_t    *days = NULL;
	size_t		cap = 0;
	uint64_t	i;
	uint8_t		kind,
				source;

	jy_reader_init(&r, data, len);
	if ((st = jy_reader_header(&r, JY_SUMMARY_ACTIVITY, why)) != JY_OK)
		return st;
	kind = jy_read_u8(&r);
	source = jy_read_u8(&r);
	/* an actor takes at least 3 bytes: key, day count, first day */
	h->nactors = jy_read_count(&r, jy_reader_left(&r) / 3);
	if (!r.ok)
	{
		*why = "The summary is shorter than its head.";
		return JY_ERR_CORRUPT;
	}
	if (kind >= JY_ACTOR_NKINDS || source >= JY_COHORT_NSOURCES)
	{
		*why = "Unknown key kind or cohort source.";
		return JY_ERR_CORRUPT;
	}
	if ((h->nactors == 0) != (kind == JY_ACTOR_NONE) ||
		(h->nactors == 0) != (source == JY_COHORT_NONE))
	{
		*why = "The key kind and cohort source must be 0 exactly when there is no actor.";
		return JY_ERR_CORRUPT;
	}
	h->kind = (JyActorKind) kind;
	h->source = (JyCohortSource) source;
	memset(&a, 0, sizeof(a));
	memset(&prev, 0, sizeof(prev));
	st = JY_OK;
	for (i = 0; i < h->nactors && st == JY_OK; i++)
	{
		size_t		j;
		int64_t		day;

		jy_interrupt_every(m, i);
		if (kind == JY_ACTOR_INT)
		{
			if (i == 0)
				a.ikey = jy_read_svarint(&r);
			else
			{
				uint64_t	d = jy_read_varint(&r);

				if (r.ok && d >= UINT64_MAX - activity_ukey(prev.ikey))
				{
					*why = "An actor key is out of range.";
					st = JY_ERR_CORRUPT;
					break;
				}
				a.ikey = (int64_t) ((activity_ukey(prev.ikey) + d + 1) ^ (UINT64_C(1) << 63));
			}
		}
		else
		{
			if (kind == JY_ACTOR_UUID)
			{
				a.blen = 16;
				a.bkey = r.p;
				if (jy_reader_left(&r) < 16)
					r.ok = false;
				else
					r.p += 16;
			}
			else
				a.bkey = jy_read_string(&r, &a.blen);
			if (r.ok && i > 0 && activity_bytes_cmp(prev.bkey, prev.blen, a.bkey, a.blen) >= 0)
			{
				*why = "The actors are not in ascending key order.";
				st = JY_ERR_CORRUPT;
				break;
			}
		}
		a.ndays = jy_read_count(&r, jy_reader_left(&r));
		if (r.ok && a.ndays == 0)
		{
			*why = "An actor has no day.";
			st = JY_ERR_CORRUPT;
			break;
		}
		if (r.ok && a.ndays > cap)
		{
			size_t		ncap = cap == 0 ? 64 : cap;
			int32_t    *nd;

			while (ncap < a.ndays)
				ncap *= 2;
			nd = days == NULL ? m->alloc(m->arg, ncap * sizeof(int32_t))
				: m->resize(m->arg, days, ncap * sizeof(int32_t));
			if (nd == NULL)
			{
				st = JY_ERR_OUT_OF_MEMORY;
				break;
			}
			days = nd;
			cap = ncap;
		}
		day = jy_read_svarint(&r);
		for (j = 0; r.ok && j < a.ndays; j++)
		{
			if (j > 0)
			{
				uint64_t	d = jy_read_varint(&r);

				/* past JY_DAY_MAX: out of range below */
				day = d >= (uint64_t) ((int64_t) JY_DAY_MAX - day)
					? (int64_t) JY_DAY_MAX + 1 : day + (int64_t) d + 1;
			}
			if (day < JY_DAY_MIN || day > JY_DAY_MAX)
				break;
			days[j] = (int32_t) day;
		}
		if (r.ok && j < a.ndays)
		{
			*why = "A day is out of range.";
			st = JY_ERR_CORRUPT;
			break;
		}
		a.days = days;
		a.cohort = JY_NO_DAY;
		if (source == JY_COHORT_EVENT)
		{
			uint64_t	c = jy_read_count(&r, a.ndays);

			if (c > 0)
				a.cohort = days[c - 1];
		}
		if (!r.ok)
			break;
		if (visit != NULL)
			st = visit(arg, h, &a);
		prev = a;
	}
	if (days != NULL)
		m->release(m->arg, days);
	if (st != JY_OK)
		return st;
	if (!r.ok)
	{
		*why = "The summary ends inside an actor, or a count is out of range.";
		return JY_ERR_CORRUPT;
	}
	if (!jy_reader_done(&r))
	{
		*why = "Trailing bytes after the last actor.";
		return JY_ERR_CORRUPT;
	}
	return JY_OK;
}

/* Check an activity summary */
JyStatus
jy_activity_summary_check(const uint8_t *data, size_t len, const JyMem *m,
						  const char **why)
{
	JyActivityHead h;

	return jy_activity_summary_read(data, len, m, &h, NULL, NULL, why);
}
