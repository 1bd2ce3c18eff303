/*
 * codec.c -- portable byte formats of the aggregate states (docs/format.md)
 */
#include "codec.h"

#include <string.h>

#include "isotime.h"
#include "pathedges.h"
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

/*
 * Check a funnel state's header of format version, len being the bytes of
 * the header and events (without version 2's gaps)
 */
static JyStatus
funnel_state_header(const uint8_t *in, size_t len, uint8_t version, int ntstypes,
					JyFunnelSpec *spec, uint8_t *tstype, uint32_t *n,
					const char **why)
{
	uint64_t	window;

	if (len < JY_FUNNEL_HEADER_SIZE)
		*why = "The state is shorter than its header.";
	else if (in[0] != version)
		*why = "Unknown state format version.";
	else if (in[1] >= ntstypes)
		*why = "Unknown timestamp type.";
	else if (in[2] < 1 || in[2] > JY_MAX_STEPS)
		*why = "Number of steps out of range.";
	else if ((in[3] & ~JY_FUNNEL_ALL_FLAGS) ||
			 ((in[3] & JY_FUNNEL_ALLOW_REENTRY) && !(in[3] & JY_FUNNEL_STRICT_ORDER)) ||
			 jy_funnel_mode_conflict(in[3]) != NULL)
		*why = "Unknown or conflicting mode flags.";
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

/* Decode and check a funnel state's header */
JyStatus
jy_funnel_state_decode_header(const uint8_t *in, size_t len, int ntstypes,
							  JyFunnelSpec *spec, uint8_t *tstype, uint32_t *n,
							  const char **why)
{
	return funnel_state_header(in, len, JY_STATE_VERSION, ntstypes, spec, tstype, n, why);
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
	return jy_reader_end(&r, "The summary ends early or holds a malformed number.", why);
}

/* ---- activity summary (docs/format.md) ---- */

/* An int64 key as an unsigned number in the same order */
static inline uint64_t
actor_ukey(int64_t k)
{
	return (uint64_t) k ^ (UINT64_C(1) << 63);
}

/* Byte keys in the actor table's order: bytewise, a proper prefix first */
static int
actor_bytes_cmp(const uint8_t *x, size_t xlen, const uint8_t *y, size_t ylen)
{
	int			c = memcmp(x, y, xlen < ylen ? xlen : ylen);

	if (c != 0)
		return c;
	return (xlen > ylen) - (xlen < ylen);
}

/*
 * Write an actor key of a summary or state whose actors are in strictly
 * ascending key order: an integer as svarint (the first) or varint gap - 1
 * from prev_ikey; a uuid as 16 bytes; other byte keys as a string
 */
static void
write_actor_key(JyWriter *w, JyActorKind kind, bool first, int64_t prev_ikey,
				int64_t ikey, const uint8_t *bkey, size_t blen)
{
	if (kind == JY_ACTOR_INT)
	{
		if (first)
			jy_write_svarint(w, ikey);
		else
			jy_write_varint(w, actor_ukey(ikey) - actor_ukey(prev_ikey) - 1);
	}
	else if (kind == JY_ACTOR_UUID)
		jy_write_bytes(w, bkey, 16);
	else
		jy_write_string(w, bkey, blen);
}

/*
 * Read a key write_actor_key wrote; *ikey or (*bkey, *blen) hold the
 * previous key unless first, and receive this one.  False with *why set
 * when the key is out of range or not above the previous one; a short read
 * only clears r->ok.
 */
static bool
read_actor_key(JyReader *r, JyActorKind kind, bool first, int64_t *ikey,
			   const uint8_t **bkey, size_t *blen, const char **why)
{
	if (kind == JY_ACTOR_INT)
	{
		uint64_t	d;

		if (first)
		{
			*ikey = jy_read_svarint(r);
			return true;
		}
		d = jy_read_varint(r);
		if (r->ok && d >= UINT64_MAX - actor_ukey(*ikey))
		{
			*why = "An actor key is out of range.";
			return false;
		}
		*ikey = (int64_t) ((actor_ukey(*ikey) + d + 1) ^ (UINT64_C(1) << 63));
		return true;
	}
	else
	{
		const uint8_t *prev = *bkey;
		size_t		plen = *blen;

		if (kind == JY_ACTOR_UUID)
		{
			*blen = 16;
			*bkey = r->p;
			if (jy_reader_left(r) < 16)
				r->ok = false;
			else
				r->p += 16;
		}
		else
			*bkey = jy_read_string(r, blen);
		if (r->ok && !first && actor_bytes_cmp(prev, plen, *bkey, *blen) >= 0)
		{
			*why = "The actors are not in ascending key order.";
			return false;
		}
		return true;
	}
}

/* Write the header and head of an activity summary */
void
jy_activity_write_head(JyWriter *w, const JyActivityHead *h)
{
	jy_writer_header(w, h->valued ? JY_SUMMARY_VALUE : JY_SUMMARY_ACTIVITY);
	jy_write_u8(w, (uint8_t) h->kind);
	jy_write_u8(w, (uint8_t) h->source);
	if (h->valued)
		jy_write_u8(w, h->scale);
	jy_write_varint(w, h->nactors);
}

/* Write one actor of an activity summary */
void
jy_activity_write_actor(JyWriter *w, const JyActivityHead *h,
						const JyActivityActor *prev, const JyActivityActor *a)
{
	size_t		i;

	write_actor_key(w, h->kind, prev == NULL, prev == NULL ? 0 : prev->ikey,
					a->ikey, a->bkey, a->blen);
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
	if (h->valued)
		for (i = 0; i < a->ndays; i++)
			jy_write_svarint(w, a->units[i]);
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
	int64_t    *units = NULL;
	size_t		cap = 0;
	uint64_t	i;
	uint8_t		kind,
				source;

	jy_reader_init(&r, data, len);
	h->valued = len > 2 && data[2] == JY_SUMMARY_VALUE;
	h->scale = 0;
	if ((st = jy_reader_header(&r, h->valued ? JY_SUMMARY_VALUE : JY_SUMMARY_ACTIVITY,
							   why)) != JY_OK)
		return st;
	kind = jy_read_u8(&r);
	source = jy_read_u8(&r);
	if (h->valued)
		h->scale = jy_read_u8(&r);
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
	if (h->valued && h->nactors == 0)
	{
		*why = "A summary with values has at least one actor.";
		return JY_ERR_CORRUPT;
	}
	if (h->scale > JY_VALUE_MAX_SCALE)
	{
		*why = "The scale of the values is out of range.";
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
		/* a holds the previous actor's key (prev = a below) */
		if (!read_actor_key(&r, (JyActorKind) kind, i == 0, &a.ikey, &a.bkey, &a.blen, why))
		{
			st = JY_ERR_CORRUPT;
			break;
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
			if (h->valued)
			{
				int64_t    *nu = units == NULL ? m->alloc(m->arg, ncap * sizeof(int64_t))
					: m->resize(m->arg, units, ncap * sizeof(int64_t));

				if (nu == NULL)
				{
					st = JY_ERR_OUT_OF_MEMORY;
					break;
				}
				units = nu;
			}
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
		a.units = NULL;
		if (h->valued)
		{
			for (j = 0; r.ok && j < a.ndays; j++)
				units[j] = jy_read_svarint(&r);
			a.units = units;
		}
		if (!r.ok)
			break;
		if (visit != NULL)
			st = visit(arg, h, &a);
		prev = a;
	}
	if (days != NULL)
		m->release(m->arg, days);
	if (units != NULL)
		m->release(m->arg, units);
	if (st != JY_OK)
		return st;
	return jy_reader_end(&r, "The summary ends inside an actor, or a count is out of range.", why);
}

/* Check an activity summary */
JyStatus
jy_activity_summary_check(const uint8_t *data, size_t len, const JyMem *m,
						  const char **why)
{
	JyActivityHead h;

	return jy_activity_summary_read(data, len, m, &h, NULL, NULL, why);
}

/* ---- attribution_summary ---- */

/* A transition between canonical states (see docs/format.md) */
typedef struct AttrEdge
{
	uint32_t	from,
				to;
	int64_t		count;
} AttrEdge;

/* A coalition as canonical channel numbers at ids[off ..] */
typedef struct AttrCoal
{
	const uint32_t *ids;
	uint32_t	n;
	int64_t		journeys,
				conversions;
} AttrCoal;

/* Order of channel ids by name */
static inline int
attr_name_cmp(const uint32_t *a, const uint32_t *b, void *ctx)
{
	const JyDict *d = ctx;

	return jy_label_cmp(jy_dict_text(d, *a), d->len[*a], jy_dict_text(d, *b), d->len[*b]);
}

#define JY_SORT_NAME attr_sort_names
#define JY_SORT_TYPE uint32_t
#define JY_SORT_CMP attr_name_cmp
#include "sort.h"

#define JY_SORT_NAME attr_sort_edges
#define JY_SORT_TYPE AttrEdge
#define JY_SORT_NO_CTX
#define JY_SORT_CMP(a, b) ((a)->from != (b)->from ? ((a)->from > (b)->from) - ((a)->from < (b)->from) \
						   : ((a)->to > (b)->to) - ((a)->to < (b)->to))
#include "sort.h"

#define JY_SORT_NAME attr_sort_ids
#define JY_SORT_TYPE uint32_t
#define JY_SORT_NO_CTX
#define JY_SORT_CMP(a, b) ((*(a) > *(b)) - (*(a) < *(b)))
#include "sort.h"

/* Lexicographic order of two id sequences (a prefix first) */
static int
attr_ids_cmp(const uint32_t *a, uint32_t an, const uint32_t *b, uint32_t bn)
{
	uint32_t	i;

	for (i = 0; i < an && i < bn; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return (an > bn) - (an < bn);
}

/* Order of coalitions by their channel numbers */
static inline int
attr_coal_cmp(const AttrCoal *a, const AttrCoal *b)
{
	return attr_ids_cmp(a->ids, a->n, b->ids, b->n);
}

#define JY_SORT_NAME attr_sort_coals
#define JY_SORT_TYPE AttrCoal
#define JY_SORT_NO_CTX
#define JY_SORT_CMP attr_coal_cmp
#include "sort.h"

/* Encode a summary canonically */
void
jy_attr_summary_encode(const JyAttrSummary *s, JyWriter *w)
{
	const JyMem *m = w->mem;
	uint32_t	k = s->channels.n;
	uint32_t	nt = jy_markov_ntransitions(s->mk);
	uint32_t   *order,
			   *rank,
			   *ids;
	AttrEdge   *edges;
	AttrCoal   *coals;
	uint32_t	i,
				c;

	order = m->alloc(m->arg, (2 * (size_t) k + s->nids + 1) * sizeof(uint32_t));
	edges = m->alloc(m->arg, ((size_t) nt + 1) * sizeof(AttrEdge));
	coals = m->alloc(m->arg, ((size_t) s->ncoal + 1) * sizeof(AttrCoal));
	if (order == NULL || edges == NULL || coals == NULL)
	{
		w->status = JY_ERR_OUT_OF_MEMORY;
		goto done;
	}
	rank = order + k;
	ids = rank + k;
	for (i = 0; i < k; i++)
		order[i] = i;
	attr_sort_names(order, k, (void *) &s->channels, m);
	for (i = 0; i < k; i++)
		rank[order[i]] = i;

	jy_writer_header(w, JY_SUMMARY_CHANNELS);
	jy_write_u8(w, s->has_conversion ? 1 : 0);
	if (s->has_conversion)
		jy_write_string(w, s->conversion, s->convlen);
	jy_write_varint(w, k);
	for (i = 0; i < k; i++)
		jy_write_string(w, jy_dict_text(&s->channels, order[i]), s->channels.len[order[i]]);

	/* states: START 0, channel of rank r r + 1, CONVERSION k + 1, NULL k + 2 */
	for (i = 0; i < nt; i++)
	{
		JyMarkovTransition t;

		jy_markov_transition(s->mk, i, &t);
		edges[i].from = t.from == JY_MARKOV_START ? 0 : rank[t.from] + 1;
		edges[i].to = t.to == JY_MARKOV_CONVERSION ? k + 1
			: t.to == JY_MARKOV_NULL ? k + 2 : rank[t.to] + 1;
		edges[i].count = t.count;
	}
	attr_sort_edges(edges, nt, NULL, m);
	jy_write_varint(w, nt);
	for (i = 0; i < nt; i++)
	{
		jy_write_varint(w, edges[i].from);
		jy_write_varint(w, edges[i].to);
		jy_write_varint(w, (uint64_t) edges[i].count);
	}

	for (c = 0; c < s->ncoal; c++)
	{
		const JyAttrCoalition *sc = &s->coal[c];
		uint32_t   *dst = ids + sc->off;

		for (i = 0; i < sc->n; i++)
			dst[i] = rank[s->ids[sc->off + i]];
		attr_sort_ids(dst, sc->n, NULL, m);
		coals[c].ids = dst;
		coals[c].n = sc->n;
		coals[c].journeys = sc->journeys;
		coals[c].conversions = sc->conversions;
	}
	attr_sort_coals(coals, s->ncoal, NULL, m);
	jy_write_varint(w, s->ncoal);
	for (c = 0; c < s->ncoal; c++)
	{
		jy_write_varint(w, coals[c].n);
		for (i = 0; i < coals[c].n; i++)
			jy_write_varint(w, i == 0 ? coals[c].ids[0]
							: coals[c].ids[i] - coals[c].ids[i - 1] - 1);
		jy_write_varint(w, (uint64_t) coals[c].journeys);
		jy_write_varint(w, (uint64_t) coals[c].conversions);
		jy_interrupt_every(m, c);
	}

done:
	if (order != NULL)
		m->release(m->arg, order);
	if (edges != NULL)
		m->release(m->arg, edges);
	if (coals != NULL)
		m->release(m->arg, coals);
}

/* a + b into *sum unless it exceeds INT64_MAX (both non-negative) */
static inline bool
attr_add(uint64_t *sum, uint64_t v)
{
	if (v > (uint64_t) INT64_MAX - *sum)
		return false;
	*sum += v;
	return true;
}

/*
 * Can every channel (states 1 .. k) be reached from START (state 0) over
 * the nt edges, sorted by from?  mark (k + 1 entries) is scratch.  With
 * balanced flows, every reachable channel then leads on to absorption, so
 * the chain is solvable.
 */
static bool
attr_reachable(const AttrEdge *edges, uint32_t nt, uint32_t k, uint64_t *mark,
			   const JyMem *m)
{
	uint32_t   *queue = m->alloc(m->arg, ((size_t) k + 2) * sizeof(uint32_t));
	uint32_t	head = 0,
				tail = 0,
				lo,
				hi,
				mid,
				i;
	bool		ok = true;

	if (queue == NULL)
		return false;
	for (i = 0; i <= k; i++)
		mark[i] = 0;
	mark[0] = 1;
	queue[tail++] = 0;
	while (head < tail)
	{
		uint32_t	from = queue[head++];

		/* the first edge out of from */
		lo = 0;
		hi = nt;
		while (lo < hi)
		{
			mid = lo + (hi - lo) / 2;
			if (edges[mid].from < from)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i < nt && edges[i].from == from; i++)
		{
			uint32_t	to = edges[i].to;

			if (to <= k && !mark[to])
			{
				mark[to] = 1;
				queue[tail++] = to;
			}
		}
	}
	for (i = 1; i <= k; i++)
		if (!mark[i])
			ok = false;
	m->release(m->arg, queue);
	return ok;
}

/*
 * The decoder's flow sums: FLOW_SIZE low words (what leaves and enters
 * each of at most JY_MARKOV_MAX_CHANNELS + 3 states), then as many high
 * words
 */
#define FLOW_SIZE (2 * ((size_t) JY_MARKOV_MAX_CHANNELS + 3))
#define FLOW_HI(flow) ((flow) + FLOW_SIZE)

/* Add v to the 128-bit flow sum i */
static inline void
attr_flow_add(uint64_t *flow, size_t i, uint64_t v)
{
	flow[i] += v;
	if (flow[i] < v)
		FLOW_HI(flow)[i]++;
}

/* The body of jy_attr_summary_decode; *why set on JY_ERR_CORRUPT */
static JyStatus
attr_decode(JyReader *r, JyAttrSummary *s, uint64_t *flow, AttrEdge **edgesp,
			const char **why)
{
	const JyMem *m = s->m;
	AttrEdge   *edges;
	uint8_t		flag;
	uint64_t	k,
				nt,
				nc,
				i,
				c;
	uint64_t	prev_from = 0,
				prev_to = 0,
				journeys = 0,
				conversions = 0;
	JyStatus	st;

	if (jy_reader_header(r, JY_SUMMARY_CHANNELS, why) != JY_OK)
		return JY_ERR_CORRUPT;
	flag = jy_read_u8(r);
	if (r->ok && flag > 1)
	{
		*why = "The conversion flag is neither 0 nor 1.";
		return JY_ERR_CORRUPT;
	}
	if (flag == 1)
	{
		size_t		len;
		const uint8_t *label = jy_read_string(r, &len);

		if (label != NULL && len > UINT32_MAX)
			r->ok = false;
		if (label != NULL && r->ok &&
			(st = jy_attr_summary_set_conversion(s, (const char *) label, (uint32_t) len)) != JY_OK)
			return st;
	}

	/* channels, strictly ascending by name, none the conversion label */
	k = jy_read_count(r, JY_MARKOV_MAX_CHANNELS);
	if (!r->ok)
		goto truncated;
	if (k > 0 && !s->has_conversion)
	{
		*why = "A summary without a conversion label has channels.";
		return JY_ERR_CORRUPT;
	}
	for (i = 0; i < k; i++)
	{
		size_t		len;
		const char *name = (const char *) jy_read_string(r, &len);
		uint32_t	id;

		if (name == NULL || len > UINT32_MAX)
			goto truncated;
		if (i > 0 && jy_label_cmp(jy_dict_text(&s->channels, (uint32_t) i - 1),
								  s->channels.len[i - 1], name, (uint32_t) len) >= 0)
		{
			*why = "The channel names are not in strictly ascending order.";
			return JY_ERR_CORRUPT;
		}
		if (jy_attr_summary_conversion_is(s, name, (uint32_t) len))
		{
			*why = "A channel has the conversion label's name.";
			return JY_ERR_CORRUPT;
		}
		st = jy_dict_intern(&s->channels, m, name, (uint32_t) len, &id);
		if (st == JY_OK)
			st = jy_markov_add_channel(s->mk, id);
		if (st != JY_OK)
			return st;
	}

	/*
	 * transitions: from START or a channel to a channel, CONVERSION or
	 * NULL, never a channel to itself, START only to channels; strictly
	 * ascending (from, to); positive counts.  flow[0 .. k + 2] sums what
	 * leaves each state, flow[k + 3 ..] what enters it, in 128 bits (the
	 * low words; FLOW_HI the high ones), so that the sum of a state's
	 * counts has no limit of its own.
	 */
	nt = jy_read_count(r, jy_reader_left(r) / 3);
	if (!r->ok)
		goto truncated;
	*edgesp = edges = m->alloc(m->arg, ((size_t) nt + 1) * sizeof(AttrEdge));
	if (edges == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0; i < nt; i++)
	{
		uint64_t	from = jy_read_varint(r),
					to = jy_read_varint(r),
					count = jy_read_varint(r);
		JyMarkovTransition t;

		if (!r->ok)
			goto truncated;
		if (from > k || to < 1 || to > k + 2 || from == to || (from == 0 && to > k))
		{
			*why = "A transition has a state out of range.";
			return JY_ERR_CORRUPT;
		}
		if (i > 0 && (from < prev_from || (from == prev_from && to <= prev_to)))
		{
			*why = "The transitions are not in strictly ascending order.";
			return JY_ERR_CORRUPT;
		}
		if (count == 0 || count > INT64_MAX)
		{
			*why = "A transition count is zero or beyond 2^63 - 1.";
			return JY_ERR_CORRUPT;
		}
		attr_flow_add(flow, (size_t) from, count);
		attr_flow_add(flow, (size_t) (k + 3 + to), count);
		prev_from = from;
		prev_to = to;
		t.from = from == 0 ? JY_MARKOV_START : (uint32_t) from - 1;
		t.to = to == k + 1 ? JY_MARKOV_CONVERSION : to == k + 2 ? JY_MARKOV_NULL
			: (uint32_t) to - 1;
		t.count = (int64_t) count;
		edges[i].from = (uint32_t) from;
		edges[i].to = (uint32_t) to;
		edges[i].count = t.count;
		st = jy_markov_add_transition(s->mk, &t);
		if (st == JY_ERR_VALUE_TOO_LARGE)
		{
			/* no summary of real journeys counts that many */
			*why = "The transitions count more than 2^63 - 1 journeys or conversions.";
			return JY_ERR_CORRUPT;
		}
		if (st != JY_OK)
			return st;
		jy_interrupt_every(m, i);
	}
	for (i = 1; i <= k; i++)
	{
		if ((flow[k + 3 + i] == 0 && FLOW_HI(flow)[k + 3 + i] == 0) ||
			flow[k + 3 + i] != flow[i] || FLOW_HI(flow)[k + 3 + i] != FLOW_HI(flow)[i])
		{
			*why = "The transitions into and out of a channel do not balance.";
			return JY_ERR_CORRUPT;
		}
	}
	if (!attr_reachable(edges, (uint32_t) nt, (uint32_t) k, flow + k + 3, m))
	{
		*why = "A channel cannot be reached from the start.";
		return JY_ERR_CORRUPT;
	}

	/*
	 * coalitions: nonempty, channels ascending (first, then gaps - 1),
	 * strictly ascending as sequences, 1 <= journeys, conversions <=
	 * journeys; every channel in one; totals those of the transitions.
	 * flow[k + 3 ..] is reused to mark the channels seen.
	 */
	nc = jy_read_count(r, jy_reader_left(r) / 4);
	if (!r->ok)
		goto truncated;
	for (i = 0; i < k; i++)
		flow[k + 3 + i] = 0;
	for (c = 0; c < nc; c++)
	{
		uint64_t	n = jy_read_count(r, k),
					cj,
					cc;
		uint32_t	first = s->nids;

		if (!r->ok)
			goto truncated;
		if (n == 0)
		{
			*why = "A coalition has no channel.";
			return JY_ERR_CORRUPT;
		}
		if (jy_grow(m, (void **) &s->set, &s->setcap, 0, n, sizeof(uint32_t), JY_MARKOV_MAX_CHANNELS + 1) != JY_OK)
			return JY_ERR_OUT_OF_MEMORY;
		for (i = 0; i < n; i++)
		{
			uint64_t	v = jy_read_varint(r);
			uint64_t	id = i == 0 ? v : (uint64_t) s->set[i - 1] + 1 + v;

			if (!r->ok)
				goto truncated;
			if (v >= k || id >= k)
			{
				*why = "A coalition has a channel out of range.";
				return JY_ERR_CORRUPT;
			}
			s->set[i] = (uint32_t) id;
			flow[k + 3 + id] = 1;
		}
		cj = jy_read_varint(r);
		cc = jy_read_varint(r);
		if (!r->ok)
			goto truncated;
		if (cj == 0 || cj > INT64_MAX || cc > cj)
		{
			*why = "A coalition's journeys or conversions are out of range.";
			return JY_ERR_CORRUPT;
		}
		if (c > 0 && attr_ids_cmp(s->ids + s->coal[c - 1].off, s->coal[c - 1].n,
								  s->set, (uint32_t) n) >= 0)
		{
			*why = "The coalitions are not in strictly ascending order.";
			return JY_ERR_CORRUPT;
		}
		if (!attr_add(&journeys, cj) || !attr_add(&conversions, cc))
		{
			*why = "The coalitions count more journeys than the transitions.";
			return JY_ERR_CORRUPT;
		}
		/* a new coalition: appended as number c */
		st = jy_grow(m, (void **) &s->coal, &s->coalcap, s->ncoal, 1,
					 sizeof(JyAttrCoalition), JY_HASH_MAX_ENTRIES);
		if (st == JY_OK)
			st = jy_grow(m, (void **) &s->ids, &s->idscap, s->nids, n, sizeof(uint32_t),
						 JY_MAX_ALLOC / sizeof(uint32_t));
		if (st == JY_OK)
			st = jy_hash_insert(&s->coalhash, m,
								jy_hash_bytes((const char *) s->set, (size_t) n * sizeof(uint32_t)),
								s->ncoal);
		if (st != JY_OK)
			return JY_ERR_OUT_OF_MEMORY;
		memcpy(s->ids + first, s->set, (size_t) n * sizeof(uint32_t));
		s->coal[s->ncoal].off = first;
		s->coal[s->ncoal].n = (uint32_t) n;
		s->coal[s->ncoal].journeys = (int64_t) cj;
		s->coal[s->ncoal].conversions = (int64_t) cc;
		s->ncoal++;
		s->nids += (uint32_t) n;
		jy_interrupt_every(m, c);
	}
	for (i = 0; i < k; i++)
	{
		if (flow[k + 3 + i] == 0)
		{
			*why = "A channel is in no coalition.";
			return JY_ERR_CORRUPT;
		}
	}
	if (FLOW_HI(flow)[0] != 0 || journeys != flow[0] ||
		FLOW_HI(flow)[2 * k + 4] != 0 || conversions != flow[2 * k + 4])
	{
		*why = "The coalitions and the transitions count different journeys or conversions.";
		return JY_ERR_CORRUPT;
	}
	if (!jy_reader_done(r))
	{
		if (r->ok)
		{
			*why = "The summary has bytes after its end.";
			return JY_ERR_CORRUPT;
		}
		goto truncated;
	}
	return JY_OK;

truncated:
	*why = "The summary is truncated or has a malformed field.";
	return JY_ERR_CORRUPT;
}

/* Decode and check a summary */
JyStatus
jy_attr_summary_decode(const uint8_t *in, size_t len, const JyMem *m,
					   JyAttrSummary *s, const char **why)
{
	JyReader	r;
	AttrEdge   *edges = NULL;
	JyStatus	st = jy_attr_summary_init(s, m);
	/* what leaves and enters each of the k + 3 states, k at most the limit */
	uint64_t   *flow = st == JY_OK ? m->alloc(m->arg, 2 * FLOW_SIZE * sizeof(uint64_t)) : NULL;

	if (flow == NULL)
	{
		jy_attr_summary_free(s);
		return JY_ERR_OUT_OF_MEMORY;
	}
	memset(flow, 0, 2 * FLOW_SIZE * sizeof(uint64_t));
	jy_reader_init(&r, in, len);
	st = attr_decode(&r, s, flow, &edges, why);
	m->release(m->arg, flow);
	if (edges != NULL)
		m->release(m->arg, edges);
	if (st != JY_OK)
		jy_attr_summary_free(s);
	return st;
}

/* Decode as a check */
JyStatus
jy_attr_summary_check(const uint8_t *in, size_t len, const JyMem *m, const char **why)
{
	JyAttrSummary s;
	JyStatus	st = jy_attr_summary_decode(in, len, m, &s, why);

	if (st == JY_OK)
		jy_attr_summary_free(&s);
	return st;
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
	else if (p->kind == JY_PATHS_EDGES)
	{
		jy_write_varint(w, p->depth);
		jy_write_u8(w, p->collapse ? 1 : 0);
		jy_write_u8(w, (uint8_t) p->dir);
		jy_write_u8(w, (uint8_t) p->occurrence);
		jy_write_varint(w, p->nlabels);
		for (i = 0; i < p->nlabels; i++)
			jy_write_string(w, p->label[i], p->label_len[i]);
		jy_write_varint(w, p->nclean);
		for (i = 0; i < p->nclean; i++)
			jy_write_string(w, p->clean[i], p->clean_len[i]);
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
	else if (kind == JY_PATHS_EDGES)
	{
		uint64_t	depth = jy_read_varint(r);
		uint8_t		collapse = jy_read_u8(r),
					dir = jy_read_u8(r),
					occ = jy_read_u8(r);
		uint64_t	nlabels = jy_read_varint(r),
					nclean;

		p->kind = JY_PATHS_EDGES;
		if (r->ok && (depth < 2 || depth > JY_EDGES_MAX_DEPTH || collapse > 1 ||
					  dir > JY_NODE_BACKWARD || occ > JY_EDGES_EVERY || nlabels > 1 ||
					  (nlabels == 0 && occ != JY_EDGES_FIRST)))
		{
			*why = "Its depth, collapse_repeats, direction, occurrence or anchor is out of range.";
			return false;
		}
		p->depth = (uint32_t) depth;
		p->collapse = collapse == 1;
		p->dir = (JyNodeDirection) dir;
		p->occurrence = (JyEdgeOccurrence) occ;
		p->nlabels = (uint32_t) nlabels;
		for (i = 0; i < p->nlabels && r->ok; i++)
			p->label[i] = path_read_text(r, &p->label_len[i]);
		nclean = jy_read_varint(r);
		if (r->ok && (nclean > JY_EDGES_MAX_CLEAN || nclean % 2 != 0))
		{
			*why = "Its number of cleaning rules is out of range.";
			return false;
		}
		p->nclean = (uint32_t) nclean;
		for (i = 0; i < p->nclean && r->ok; i++)
			p->clean[i] = path_read_text(r, &p->clean_len[i]);
	}
	else if (r->ok)
	{
		*why = "Its report kind is unknown.";
		return false;
	}
	return true;
}

/* A key of a path summary: text, or an actor's paths (pathedges.h) */
static const char *
path_read_key(JyReader *r, const JyPathParams *p, uint32_t *len)
{
	const char *label[JY_EDGES_MAX_DEPTH];
	uint32_t	lens[JY_EDGES_MAX_DEPTH];
	size_t		n;
	const uint8_t *s;

	if (p->kind != JY_PATHS_EDGES)
		return path_read_text(r, len);
	s = jy_read_string(r, &n);
	if (s == NULL || n > JY_MAX_ALLOC ||
		!jy_edges_key_read((const char *) s, (uint32_t) n, p, NULL, NULL, label, lens))
	{
		r->ok = false;
		return NULL;
	}
	*len = (uint32_t) n;
	return (const char *) s;
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
	if (s->params.kind == JY_PATHS_EDGES && s->none > 0)
	{
		*why = "A summary of path edges has a count of ended paths.";
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
		e->key = path_read_key(&r, &s->params, &e->len);
		if (!r.ok && s->params.kind == JY_PATHS_EDGES)
		{
			*why = "A key is not a set of paths of the summary's parameters.";
			goto bad;
		}
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
	if (jy_reader_end(&r, "It is truncated, or holds a malformed number or text.", why) != JY_OK)
		goto bad;
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

/* ---- one-pass funnel state (funnel_counts(actor, ...)) ---- */

/* The map fields of a version 2 state (after the window) */
static void
onepass_write_map(JyWriter *w, const JyOnepass *o)
{
	uint8_t		id[8];
	int			k;

	jy_put_be(id, o->map_id, 8);
	jy_write_bytes(w, id, 8);
	jy_write_u8(w, o->exclude != 0 ? 1 : 0);
	for (k = 1; k < o->nsteps; k++)
		jy_write_varint(w, o->within[k]);
}

/* The map fields of a version 2 state, as read */
typedef struct OnepassMapFields
{
	uint64_t	id;
	uint8_t		exclude;
	uint64_t	within[JY_MAX_STEPS];
} OnepassMapFields;

/* Read the map fields of a version 2 state of nsteps steps (unchecked) */
static void
onepass_read_map(JyReader *r, int nsteps, OnepassMapFields *f)
{
	int			k;

	f->id = 0;
	for (k = 0; k < 8; k++)
		f->id = f->id << 8 | jy_read_u8(r);
	f->exclude = jy_read_u8(r);
	for (k = 1; k < nsteps && k < JY_MAX_STEPS; k++)
		f->within[k] = jy_read_varint(r);
}

/*
 * Check the map fields read into f and set them in o (initialised with its
 * funnel): false with *why when they are invalid
 */
static bool
onepass_set_map(JyOnepass *o, const OnepassMapFields *f, const char **why)
{
	int			k;

	if (f->id == 0 || f->exclude > 1 || (f->exclude && o->nsteps > JY_MAX_STEPS - 1))
	{
		*why = "The journey map's identity, exclusion flag or number of stages is invalid.";
		return false;
	}
	for (k = 1; k < o->nsteps; k++)
	{
		if (f->within[k] > (uint64_t) INT64_MAX ||
			(f->within[k] != 0 && (o->flags & JY_FUNNEL_ANY_ORDER)))
		{
			*why = "A stage's gap (within) is out of range, or given with any_order.";
			return false;
		}
		o->within[k] = f->within[k];
	}
	o->map_id = f->id;
	o->exclude = f->exclude ? (uint64_t) 1 << o->nsteps : 0;
	return true;
}

/* Does a map state have optional stages or scoped exclusions (version 3)? */
static bool
onepass_has_options(const JyOnepass *o)
{
	return o->optional != 0 || o->nexcl > 0;
}

/*
 * The options of a version 3 state (after the map fields): the optional
 * stages (varint mask), the number of scoped exclusions, then each one's
 * event bit, from, to (1-based stages) and policy (0 end_attempt, 1 leave)
 */
static void
onepass_write_options(JyWriter *w, const JyOnepass *o)
{
	int			x;

	jy_write_varint(w, o->optional);
	jy_write_u8(w, (uint8_t) o->nexcl);
	for (x = 0; x < o->nexcl; x++)
	{
		jy_write_u8(w, (uint8_t) __builtin_ctzll(o->excl[x].bit));
		jy_write_u8(w, (uint8_t) o->excl[x].from);
		jy_write_u8(w, (uint8_t) o->excl[x].to);
		jy_write_u8(w, o->excl[x].leave ? 1 : 0);
	}
}

/* The options of a version 3 state, as read */
typedef struct OnepassOptionFields
{
	uint64_t	optional;
	uint8_t		nexcl;
	uint8_t		bit[JY_MAX_STEPS],
				from[JY_MAX_STEPS],
				to[JY_MAX_STEPS],
				leave[JY_MAX_STEPS];
} OnepassOptionFields;

/* Read the options of a version 3 state (unchecked) */
static void
onepass_read_options(JyReader *r, OnepassOptionFields *f)
{
	int			x;

	f->optional = jy_read_varint(r);
	f->nexcl = jy_read_u8(r);
	for (x = 0; x < f->nexcl && x < JY_MAX_STEPS; x++)
	{
		f->bit[x] = jy_read_u8(r);
		f->from[x] = jy_read_u8(r);
		f->to[x] = jy_read_u8(r);
		f->leave[x] = jy_read_u8(r);
	}
}

/*
 * Check the options read into f and set them in o (its map fields set):
 * false with *why when they are invalid
 */
static bool
onepass_set_options(JyOnepass *o, const OnepassOptionFields *f, const char **why)
{
	const int	N = o->nsteps;
	uint64_t	used = o->exclude;
	int			x;

	*why = "The journey map's optional stages or scoped exclusions are invalid.";
	if (f->optional == 0 && f->nexcl == 0)
		return false;			/* (version 2 without options) */
	/* optional stages: 2 .. N - 1 only (bits 1 .. N - 2) */
	if (N < 3 ? f->optional != 0 :
		(f->optional & ~(((UINT64_C(1) << (N - 1)) - 1) & ~UINT64_C(1))) != 0)
		return false;
	if (f->nexcl > JY_MAX_STEPS - N)
		return false;
	for (x = 0; x < f->nexcl; x++)
	{
		if (f->bit[x] < N || f->bit[x] >= JY_MAX_STEPS || (used >> f->bit[x] & 1) ||
			f->from[x] < 1 || f->from[x] >= f->to[x] || f->to[x] > N || f->leave[x] > 1)
			return false;
		used |= UINT64_C(1) << f->bit[x];
		o->excl[x].bit = UINT64_C(1) << f->bit[x];
		o->excl[x].from = f->from[x];
		o->excl[x].to = f->to[x];
		o->excl[x].leave = f->leave[x] != 0;
	}
	o->optional = f->optional;
	o->nexcl = f->nexcl;
	return true;
}

/* The mask bits a state's events may carry: its steps and exclusions */
static uint64_t
onepass_mask_bits(const JyOnepass *o)
{
	uint64_t	bits = o->nsteps >= 64 ? UINT64_MAX : (UINT64_C(1) << o->nsteps) - 1;
	int			x;

	bits |= o->exclude;
	for (x = 0; x < o->nexcl; x++)
		bits |= o->excl[x].bit;
	return bits;
}

/* Encode the one-pass funnel state: actors in key order, events sorted */
JyStatus
jy_onepass_encode(JyOnepass *o, const JyMem *m, JyWriter *w)
{
	size_t	   *start = NULL;
	uint32_t   *order = NULL;
	JyEvent    *ev = NULL;
	size_t		evcap = 0;
	uint32_t	i;
	JyStatus	st;

	if ((st = jy_onepass_flush(o, m)) != JY_OK)
		return st;
	jy_write_u8(w, o->map_id == 0 ? JY_ONEPASS_VERSION :
				onepass_has_options(o) ? JY_ONEPASS_MAP_OPTIONS_VERSION : JY_ONEPASS_MAP_VERSION);
	jy_write_u8(w, (uint8_t) (o->actors.n > 0 ? o->actors.kind : JY_ACTOR_NONE));
	jy_write_u8(w, (uint8_t) o->flags);
	jy_write_u8(w, (uint8_t) o->nsteps);
	jy_write_varint(w, o->window);
	if (o->map_id != 0)
		onepass_write_map(w, o);
	if (o->map_id != 0 && onepass_has_options(o))
		onepass_write_options(w, o);
	jy_write_u8(w, o->any ? 1 : 0);
	jy_write_varint(w, o->actors.n);
	if (o->actors.n == 0)
		return JY_OK;
	if ((st = jy_onepass_group(o, m, &start)) != JY_OK ||
		(st = jy_actors_order(&o->actors, m, &order)) != JY_OK)
		goto done;
	for (i = 0; i < o->actors.n && w->status == JY_OK; i++)
	{
		uint32_t	id = order[i];
		size_t		n = start[id + 1] - start[id];
		size_t		k;

		jy_interrupt_every(m, i);
		if (o->actors.kind == JY_ACTOR_INT)
			write_actor_key(w, JY_ACTOR_INT, i == 0, i == 0 ? 0 : o->actors.ikey[order[i - 1]],
							o->actors.ikey[id], NULL, 0);
		else
			write_actor_key(w, o->actors.kind, i == 0, 0, 0, o->actors.bkey[id], o->actors.blen[id]);
		if (n > evcap)
		{
			if (ev != NULL)
				m->release(m->arg, ev);
			evcap = n < 64 ? 64 : n;
			if ((ev = m->alloc(m->arg, evcap * sizeof(JyEvent))) == NULL)
			{
				st = JY_ERR_OUT_OF_MEMORY;
				goto done;
			}
		}
		jy_onepass_events(o, start[id], start[id + 1], ev, m);
		jy_write_varint(w, n);
		for (k = 0; k < n; k++)
		{
			jy_write_ts_step(w, ev[k].ts, k > 0 ? ev[k - 1].ts : 0, k == 0);
			jy_write_varint(w, ev[k].mask);
		}
	}
done:
	if (ev != NULL)
		m->release(m->arg, ev);
	if (order != NULL)
		m->release(m->arg, order);
	if (start != NULL)
		m->release(m->arg, start);
	return st;
}

/* Decode and check a one-pass funnel state */
JyStatus
jy_onepass_decode(JyOnepass *o, const JyMem *m, const uint8_t *data, size_t len,
				  const char **why)
{
	JyReader	r;
	JyFunnelSpec spec = {0};
	uint8_t		version,
				kind,
				flags,
				nsteps,
				any;
	uint64_t	window,
				nactors,
				i;
	int64_t		pikey = 0;
	const uint8_t *pbkey = NULL;
	size_t		pblen = 0;
	JyStatus	st = JY_OK;
	OnepassMapFields mf;
	OnepassOptionFields of;

	jy_reader_init(&r, data, len);
	version = jy_read_u8(&r);
	kind = jy_read_u8(&r);
	flags = jy_read_u8(&r);
	nsteps = jy_read_u8(&r);
	window = jy_read_varint(&r);
	memset(&mf, 0, sizeof(mf));
	memset(&of, 0, sizeof(of));
	if (version == JY_ONEPASS_MAP_VERSION || version == JY_ONEPASS_MAP_OPTIONS_VERSION)
		onepass_read_map(&r, nsteps, &mf);
	if (version == JY_ONEPASS_MAP_OPTIONS_VERSION)
		onepass_read_options(&r, &of);
	any = jy_read_u8(&r);
	/* an actor takes at least 4 bytes: key, event count, ts, mask */
	nactors = jy_read_count(&r, jy_reader_left(&r) / 4);
	spec.window = 1;
	spec.nsteps = 1;
	jy_onepass_init(o, JY_ACTOR_NONE, &spec);
	if (!r.ok)
	{
		*why = "The state is shorter than its header, or a count is out of range.";
		return JY_ERR_CORRUPT;
	}
	if (version != JY_ONEPASS_VERSION && version != JY_ONEPASS_MAP_VERSION &&
		version != JY_ONEPASS_MAP_OPTIONS_VERSION)
	{
		*why = "Its format version is not one this release reads.";
		return JY_ERR_CORRUPT;
	}
	if (kind >= JY_ACTOR_NKINDS || (nactors == 0) != (kind == JY_ACTOR_NONE) ||
		any > 1 || (nactors > 0 && any == 0) || nactors > JY_ACTORS_MAX)
	{
		*why = "The key kind, actor count or row flag is invalid.";
		return JY_ERR_CORRUPT;
	}
	if ((flags & ~JY_FUNNEL_ALL_FLAGS) != 0 ||
		((flags & JY_FUNNEL_ALLOW_REENTRY) && !(flags & JY_FUNNEL_STRICT_ORDER)) ||
		jy_funnel_mode_conflict(flags) != NULL ||
		nsteps < 1 || nsteps > JY_MAX_STEPS || window < 1 ||
		(window > (uint64_t) INT64_MAX &&
		 (version == JY_ONEPASS_VERSION || window != UINT64_MAX)))
	{
		*why = "The funnel window, mode or number of steps is invalid.";
		return JY_ERR_CORRUPT;
	}
	spec.window = window;
	spec.flags = flags;
	spec.nsteps = nsteps;
	jy_onepass_init(o, (JyActorKind) kind, &spec);
	if (version != JY_ONEPASS_VERSION && !onepass_set_map(o, &mf, why))
		return JY_ERR_CORRUPT;
	if (version == JY_ONEPASS_MAP_OPTIONS_VERSION && !onepass_set_options(o, &of, why))
		return JY_ERR_CORRUPT;
	o->any = any != 0;
	for (i = 0; i < nactors && st == JY_OK; i++)
	{
		int64_t		ikey = 0;
		const uint8_t *bkey = NULL;
		size_t		blen = 0;
		uint64_t	n,
					k;
		int64_t		ts = 0;
		uint64_t	mask = 0;
		uint32_t	id;

		jy_interrupt_every(m, i);
		ikey = pikey;
		bkey = pbkey;
		blen = pblen;
		if (!read_actor_key(&r, (JyActorKind) kind, i == 0, &ikey, &bkey, &blen, why))
			return JY_ERR_CORRUPT;
		pikey = ikey;
		pbkey = bkey;
		pblen = blen;
		/* an event takes at least 2 bytes */
		n = jy_read_count(&r, jy_reader_left(&r) / 2);
		if (!r.ok)
			break;
		if (n == 0)
		{
			*why = "An actor has no event.";
			return JY_ERR_CORRUPT;
		}
		st = jy_onepass_actor_next(o, m, ikey, bkey, blen, &id);
		if (st == JY_ERR_BAD_PARAMETER)
		{
			*why = "The actors are not in ascending key order.";
			return JY_ERR_CORRUPT;
		}
		if (st != JY_OK)
			return st;
		for (k = 0; k < n && r.ok; k++)
		{
			int64_t		pts = ts;
			uint64_t	pmask = mask;

			if (!jy_read_ts_step(&r, pts, k == 0, &ts))
			{
				*why = "An event's timestamp is out of range.";
				return JY_ERR_CORRUPT;
			}
			mask = jy_read_varint(&r);
			if (!r.ok)
				break;
			if (!jy_ts_valid(ts))
			{
				*why = "An event's timestamp is out of range.";
				return JY_ERR_CORRUPT;
			}
			if ((mask & ~onepass_mask_bits(o)) != 0 ||
				(mask == 0 && !(flags & JY_FUNNEL_STRICT_ORDER)))
			{
				*why = "An event's step mask is invalid.";
				return JY_ERR_CORRUPT;
			}
			if (k > 0 && ts == pts && mask < pmask)
			{
				*why = "An actor's events are not in order.";
				return JY_ERR_CORRUPT;
			}
			if ((st = jy_onepass_push(o, m, id, ts, mask)) != JY_OK)
				return st;
		}
	}
	if (st != JY_OK)
		return st;
	return jy_reader_end(&r, "The state ends inside an actor, or a count is out of range.", why);
}

/* ---- funnel state with per-step gaps (format version 2, issue 13) ---- */

/* Size of an encoded funnel state with gaps */
size_t
jy_funnel_gaps_state_size(int nsteps, uint32_t n)
{
	return jy_funnel_state_size(nsteps, n) + (size_t) (nsteps - 1) * 8;
}

/* Encode a funnel state with gaps: version 1's bytes, then the gaps */
void
jy_funnel_gaps_state_encode(const JyFunnelSpec *spec, uint8_t tstype,
							const JyEvent *ev, uint32_t n, uint8_t *out)
{
	uint8_t    *p = out + jy_funnel_state_size(spec->nsteps, n);
	int			k;

	jy_funnel_state_encode(spec, tstype, ev, n, out);
	out[0] = JY_STATE_VERSION_GAPS;
	for (k = 1; k < spec->nsteps; k++, p += 8)
		jy_put_be(p, spec->within != NULL ? spec->within[k] : 0, 8);
}

/* Decode and check the header and gaps of a funnel state with gaps */
JyStatus
jy_funnel_gaps_state_decode_header(const uint8_t *in, size_t len, int ntstypes,
								   JyFunnelSpec *spec, uint64_t *within,
								   uint8_t *tstype, uint32_t *n, const char **why)
{
	size_t		tail;
	int			k;

	if (len < JY_FUNNEL_HEADER_SIZE || in[2] < 1 || in[2] > JY_MAX_STEPS ||
		len - JY_FUNNEL_HEADER_SIZE < (tail = (size_t) (in[2] - 1) * 8))
	{
		*why = "The state is shorter than its header.";
		return JY_ERR_CORRUPT;
	}
	if (funnel_state_header(in, len - tail, JY_STATE_VERSION_GAPS, ntstypes,
							spec, tstype, n, why) != JY_OK)
		return JY_ERR_CORRUPT;
	within[0] = 0;
	for (k = 1; k < spec->nsteps; k++)
	{
		within[k] = jy_get_be(in + len - tail + (size_t) (k - 1) * 8, 8);
		if (within[k] > (uint64_t) INT64_MAX ||
			(within[k] != 0 && (spec->flags & JY_FUNNEL_ANY_ORDER)))
		{
			*why = "A gap is out of range, or given with any_order.";
			return JY_ERR_CORRUPT;
		}
	}
	spec->within = within;
	return JY_OK;
}
