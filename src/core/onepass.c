/*
 * onepass.c -- the one-pass funnel: a whole table's funnel keyed by actor
 *
 * See onepass.h.  The byte form is encoded and decoded in codec.c.
 */
#include <string.h>

#include "events.h"
#include "onepass.h"

/* An empty state */
void
jy_onepass_init(JyOnepass *o, JyActorKind kind, const JyFunnelSpec *spec)
{
	memset(o, 0, sizeof(*o));
	jy_actors_init(&o->actors, kind);
	jy_hash_init(&o->mhash);
	o->window = spec->window;
	o->flags = spec->flags;
	o->nsteps = spec->nsteps;
	o->last_maskid = UINT32_MAX;
	o->last_id = UINT32_MAX;
	if (spec->within != NULL)
		memcpy(o->within, spec->within, (size_t) spec->nsteps * sizeof(uint64_t));
	o->exclude = spec->exclude;
}

/* The dictionary id of a mask, added when new */
static JyStatus
onepass_mask_id(JyOnepass *o, const JyMem *m, uint64_t mask, uint32_t *id)
{
	uint32_t	hash,
				pos,
				i;
	JyStatus	st;

	if (o->last_maskid != UINT32_MAX && o->last_mask == mask)
	{
		*id = o->last_maskid;
		return JY_OK;
	}
	hash = jy_hash_int64((int64_t) mask);
	pos = jy_hash_start(&o->mhash, hash);
	while ((i = jy_hash_next(&o->mhash, hash, &pos)) != JY_HASH_NONE)
		if (o->masks[i] == mask)
			goto found;
	if ((st = jy_hash_reserve(&o->mhash, m, (size_t) o->nmasks + 1)) != JY_OK)
		return st;
	if ((st = jy_grow(m, (void **) &o->masks, &o->mcap, o->nmasks, 1,
					  sizeof(uint64_t), JY_HASH_MAX_ENTRIES)) != JY_OK)
		return st;
	i = o->nmasks++;
	o->masks[i] = mask;
	(void) jy_hash_insert(&o->mhash, m, hash, i);	/* cannot fail: reserved */
found:
	o->last_mask = mask;
	o->last_maskid = i;
	*id = i;
	return JY_OK;
}

/* Append a record of actor id */
JyStatus
jy_onepass_push(JyOnepass *o, const JyMem *m, uint32_t id, int64_t ts, uint64_t mask)
{
	uint32_t	mid;
	JyStatus	st;
	JyOnepassRec *r;

	if ((st = onepass_mask_id(o, m, mask, &mid)) != JY_OK)
		return st;
	if (o->n == o->cap)
	{
		size_t		cap = o->cap == 0 ? 256 : o->cap * 2;
		JyOnepassRec *nr;

		if (o->n >= JY_ONEPASS_MAX_RECORDS)
			return JY_ERR_TOO_MANY_EVENTS;
		if (cap > JY_ONEPASS_MAX_RECORDS)
			cap = JY_ONEPASS_MAX_RECORDS;
		nr = o->rec == NULL ? m->alloc(m->arg, cap * sizeof(JyOnepassRec))
			: m->resize(m->arg, o->rec, cap * sizeof(JyOnepassRec));
		if (nr == NULL)
			return JY_ERR_OUT_OF_MEMORY;
		o->rec = nr;
		o->cap = cap;
	}
	r = &o->rec[o->n++];
	r->ts = ts;
	r->id = id;
	r->mask = mid;
	return JY_OK;
}

/* The id of an actor key, added when new */
JyStatus
jy_onepass_actor(JyOnepass *o, const JyMem *m, int64_t ikey, const void *bkey,
				 size_t blen, uint32_t *id)
{
	bool		added;

	if (o->actors.kind == JY_ACTOR_INT)
	{
		JyStatus	st;

		/* input grouped or sorted by actor repeats the last key */
		if (o->last_id != UINT32_MAX && o->last_ikey == ikey)
		{
			*id = o->last_id;
			return JY_OK;
		}
		st = jy_actors_int(&o->actors, m, ikey, id, &added);
		if (st == JY_OK)
		{
			o->last_ikey = ikey;
			o->last_id = *id;
		}
		return st;
	}
	return jy_actors_bytes(&o->actors, m, bkey, blen, id, &added);
}

/* One row: an actor key, ts and mask */
static JyStatus
onepass_add(JyOnepass *o, const JyMem *m, int64_t ikey, const void *bkey,
			size_t blen, int64_t ts, uint64_t mask)
{
	uint32_t	id;
	JyStatus	st;

	o->any = true;
	if (mask == 0 && (o->flags & JY_FUNNEL_STRICT_ORDER) == 0)
		return JY_OK;
	if ((st = jy_onepass_actor(o, m, ikey, bkey, blen, &id)) != JY_OK)
		return st;
	return jy_onepass_push(o, m, id, ts, mask);
}

/* A row with an int64 key */
JyStatus
jy_onepass_add_int(JyOnepass *o, const JyMem *m, int64_t key, int64_t ts, uint64_t mask)
{
	return onepass_add(o, m, key, NULL, 0, ts, mask);
}

/* A row with a byte-string key */
JyStatus
jy_onepass_add_bytes(JyOnepass *o, const JyMem *m, const void *key, size_t len,
					 int64_t ts, uint64_t mask)
{
	return onepass_add(o, m, 0, key, len, ts, mask);
}

/* Same funnel, and the same key kind when both have actors */
bool
jy_onepass_same(const JyOnepass *a, const JyOnepass *b)
{
	if (a->window != b->window || a->flags != b->flags || a->nsteps != b->nsteps)
		return false;
	if (a->exclude != b->exclude || a->map_id != b->map_id ||
		memcmp(a->within, b->within, sizeof(a->within)) != 0)
		return false;
	return a->actors.n == 0 || b->actors.n == 0 || a->actors.kind == b->actors.kind;
}

/* Merge src into dst, remapping actor ids by key */
JyStatus
jy_onepass_merge(JyOnepass *dst, const JyOnepass *src, const JyMem *m)
{
	uint32_t   *map;
	uint32_t	i;
	size_t		k;
	JyStatus	st = JY_OK;

	if (!jy_onepass_same(dst, src))
		return JY_ERR_BAD_PARAMETER;
	dst->any = dst->any || src->any;
	if (src->actors.n == 0)
		return JY_OK;
	if (dst->actors.n == 0)
		dst->actors.kind = src->actors.kind;
	map = m->alloc(m->arg, (size_t) src->actors.n * sizeof(uint32_t));
	if (map == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0; i < src->actors.n && st == JY_OK; i++)
	{
		jy_interrupt_every(m, i);
		st = src->actors.kind == JY_ACTOR_INT
			? jy_onepass_actor(dst, m, src->actors.ikey[i], NULL, 0, &map[i])
			: jy_onepass_actor(dst, m, 0, src->actors.bkey[i], src->actors.blen[i], &map[i]);
	}
	for (k = 0; k < src->n && st == JY_OK; k++)
	{
		const JyOnepassRec *r = &src->rec[k];

		jy_interrupt_every(m, k);
		st = jy_onepass_push(dst, m, map[r->id], r->ts, src->masks[r->mask]);
	}
	m->release(m->arg, map);
	return st;
}

/* Bits of the actor id that the second pass of the grouping sorts by */
static int
onepass_low_bits(uint32_t na)
{
	int			bits = 0;

	while (bits < 32 && ((uint64_t) 1 << bits) < na)
		bits++;
	/* at most 1024 buckets in the first pass */
	return bits > 10 ? bits - 10 : 0;
}

/*
 * Group the records by actor id.  A counting sort by id, in two passes so
 * that writes stay within a few cache-friendly streams: first by the high
 * bits of the id into a scratch copy, then, within each of those buckets
 * (a small range), by the whole id back into place.  Without memory for
 * the scratch copy, an in-place cycle-leader permutation (slower: a cache
 * miss per record).
 */
JyStatus
jy_onepass_group(JyOnepass *o, const JyMem *m, size_t **startp)
{
	uint32_t	na = o->actors.n;
	size_t	   *start,
			   *next;
	size_t		k;
	uint32_t	b;
	int			low = onepass_low_bits(na);
	JyOnepassRec *tmp;

	*startp = NULL;
	if (na == 0)
		return JY_OK;
	start = m->alloc(m->arg, ((size_t) na + 1) * sizeof(size_t));
	if (start == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	next = m->alloc(m->arg, (size_t) na * sizeof(size_t));
	if (next == NULL)
	{
		m->release(m->arg, start);
		return JY_ERR_OUT_OF_MEMORY;
	}
	memset(start, 0, ((size_t) na + 1) * sizeof(size_t));
	for (k = 0; k < o->n; k++)
		start[o->rec[k].id + 1]++;
	for (b = 0; b < na; b++)
		start[b + 1] += start[b];
	tmp = o->n > 0 ? m->alloc(m->arg, o->n * sizeof(JyOnepassRec)) : NULL;
	if (tmp != NULL)
	{
		size_t		nb = ((size_t) (na - 1) >> low) + 1;
		size_t		bk;

		/* first pass: by bucket (id >> low) into tmp */
		for (bk = 0; bk < nb; bk++)
			next[bk] = start[bk << low];
		for (k = 0; k < o->n; k++)
		{
			jy_interrupt_every(m, k);
			tmp[next[o->rec[k].id >> low]++] = o->rec[k];
		}
		/* second pass: within each bucket, by id back into rec */
		for (b = 0; b < na; b++)
			next[b] = start[b];
		for (k = 0; k < o->n; k++)
		{
			jy_interrupt_every(m, k);
			o->rec[next[tmp[k].id]++] = tmp[k];
		}
		m->release(m->arg, tmp);
	}
	else
	{
		for (b = 0; b < na; b++)
			next[b] = start[b];
		/* move each record to its actor's next free place, cycle by cycle */
		for (b = 0; b < na; b++)
		{
			while (next[b] < start[b + 1])
			{
				JyOnepassRec r = o->rec[next[b]];

				while (r.id != b)
				{
					JyOnepassRec t = o->rec[next[r.id]];

					o->rec[next[r.id]++] = r;
					r = t;
				}
				o->rec[next[b]++] = r;
				jy_interrupt_every(m, next[b]);
			}
		}
	}
	m->release(m->arg, next);
	*startp = start;
	return JY_OK;
}

/* The sorted events of records rec[from .. to) */
void
jy_onepass_events(const JyOnepass *o, size_t from, size_t to, JyEvent *ev,
				  const JyMem *m)
{
	size_t		k;

	for (k = from; k < to; k++)
	{
		ev[k - from].ts = o->rec[k].ts;
		ev[k - from].mask = o->masks[o->rec[k].mask];
	}
	jy_sort_events(ev, to - from, m);
}

/* The funnel counts over every actor */
JyStatus
jy_onepass_counts(JyOnepass *o, const JyMem *m, int64_t *counts)
{
	JyFunnelSpec spec = jy_onepass_spec(o);
	size_t	   *start;
	JyEvent    *ev = NULL;
	size_t		evcap = 0;
	uint32_t	id;
	int			k;
	JyStatus	st;

	for (k = 0; k < o->nsteps; k++)
		counts[k] = 0;
	if ((st = jy_onepass_group(o, m, &start)) != JY_OK || start == NULL)
		return st;
	for (id = 0; id < o->actors.n && st == JY_OK; id++)
	{
		size_t		n = start[id + 1] - start[id];
		int			level = 0;

		if (n > evcap)
		{
			JyEvent    *ne;

			evcap = n < 64 ? 64 : n;
			if (ev != NULL)
				m->release(m->arg, ev);
			ne = m->alloc(m->arg, evcap * sizeof(JyEvent));
			if (ne == NULL)
			{
				ev = NULL;
				st = JY_ERR_OUT_OF_MEMORY;
				break;
			}
			ev = ne;
		}
		jy_interrupt_every(m, id);
		jy_onepass_events(o, start[id], start[id + 1], ev, m);
		st = jy_funnel_eval(ev, n, &spec, m, &level, NULL);
		for (k = 0; k < level; k++)
			counts[k]++;
	}
	if (ev != NULL)
		m->release(m->arg, ev);
	m->release(m->arg, start);
	return st;
}

/* Release everything */
void
jy_onepass_free(JyOnepass *o, const JyMem *m)
{
	jy_actors_free(&o->actors, m);
	if (o->rec != NULL)
		m->release(m->arg, o->rec);
	if (o->masks != NULL)
		m->release(m->arg, o->masks);
	jy_hash_free(&o->mhash, m);
	o->rec = NULL;
	o->masks = NULL;
	o->n = o->cap = 0;
	o->nmasks = o->mcap = 0;
	o->last_maskid = UINT32_MAX;
	o->last_id = UINT32_MAX;
}

/* ---- journey maps: funnel_counts(actor, map, ...) ---- */

/* The engine's parameters of a state */
JyFunnelSpec
jy_onepass_spec(const JyOnepass *o)
{
	JyFunnelSpec spec = {0};

	spec.window = o->window;
	spec.flags = o->flags;
	spec.nsteps = o->nsteps;
	spec.exclude = o->exclude;
	/* as a map's own evaluation gives them (funnel_spec of src/map.c) */
	spec.within = o->map_id != 0 ? o->within : NULL;
	return spec;
}

/* FNV-1a of a map's text, never 0 */
uint64_t
jy_onepass_map_id(const char *text, size_t len)
{
	uint64_t	h = UINT64_C(0xcbf29ce484222325);
	size_t		i;

	for (i = 0; i < len; i++)
	{
		h ^= (uint8_t) text[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h == 0 ? 1 : h;
}
