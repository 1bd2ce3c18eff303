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
	o->optional = spec->optional;
	o->nexcl = spec->nexcl;
	if (spec->nexcl > 0)
		memcpy(o->excl, spec->excl, (size_t) spec->nexcl * sizeof(JyFunnelExcl));
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

/* Bits needed to hold v (0 for 0) */
static int
onepass_bits(uint64_t v)
{
	int			bits = 0;

	while (bits < 64 && (v >> bits) != 0)
		bits++;
	return bits;
}

/* Greatest common divisor (gcd(0, b) = b) */
static uint64_t
onepass_gcd(uint64_t a, uint64_t b)
{
	while (b != 0)
	{
		uint64_t	t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Words per record: 1 packed, 2 wide */
static inline size_t
onepass_stride(const JyOnepass *o)
{
	return o->wide ? 2 : 1;
}

/* The parts of record k */
static inline void
onepass_rec(const JyOnepass *o, size_t k, uint32_t *id, int64_t *ts, uint32_t *mid)
{
	if (o->wide)
	{
		uint64_t	w = o->rec[2 * k];

		*id = (uint32_t) (w >> 32);
		*mid = (uint32_t) w;
		*ts = (int64_t) o->rec[2 * k + 1];
	}
	else
	{
		uint64_t	w = o->rec[k];
		int			shift = 64 - o->idbits;

		*id = (uint32_t) (w >> shift);
		*mid = (uint32_t) (w & (((uint64_t) 1 << o->mbits) - 1));
		*ts = (int64_t) ((uint64_t) o->base +
						 ((w & ((((uint64_t) 1) << shift) - 1)) >> o->mbits) * o->unit);
	}
}

/* The actor id of record k */
static inline uint32_t
onepass_rec_id(const JyOnepass *o, size_t k)
{
	return o->wide ? (uint32_t) (o->rec[2 * k] >> 32)
		: (uint32_t) (o->rec[k] >> (64 - o->idbits));
}

/*
 * Store (id, ts, mask id) as record k in the current layout, if it fits
 * there (a packed layout) or always (wide)
 */
static inline bool
onepass_put(JyOnepass *o, size_t k, uint32_t id, int64_t ts, uint32_t mid)
{
	uint64_t	d,
				off;

	if (o->wide)
	{
		o->rec[2 * k] = (uint64_t) id << 32 | mid;
		o->rec[2 * k + 1] = (uint64_t) ts;
		return true;
	}
	if (ts < o->base || ((uint64_t) id >> o->idbits) != 0 || ((uint64_t) mid >> o->mbits) != 0)
		return false;
	d = (uint64_t) ts - (uint64_t) o->base;
	if (o->unit == 0)
	{
		if (d != 0)
			return false;
		off = 0;
	}
	else
	{
		off = d / o->unit;
		if (off * o->unit != d || off > o->offmax)
			return false;
	}
	o->rec[k] = (uint64_t) id << (64 - o->idbits) | off << o->mbits | mid;
	return true;
}

/*
 * Choose a layout that holds the records and (id, ts, mid) too, and rewrite
 * the records in it: packed when the id, mask id and timestamp offsets fit
 * in 64 bits (with room for 4 times the ids and twice the mask ids, and for
 * the timestamps to spread), wide otherwise.  The buffer has room for one
 * more record (and is doubled when the records become wide).
 */
static JyStatus
onepass_relayout(JyOnepass *o, const JyMem *m, uint32_t id, int64_t ts, uint32_t mid)
{
	int64_t		tsmin = o->n == 0 || ts < o->tsmin ? ts : o->tsmin;
	int64_t		tsmax = o->n == 0 || ts > o->tsmax ? ts : o->tsmax;
	uint64_t	unit = o->unit;
	int			idbits = onepass_bits(id | (o->actors.n > 0 ? o->actors.n - 1 : 0)),
				mbits = onepass_bits(mid | (o->nmasks > 0 ? o->nmasks - 1 : 0));
	uint64_t	range,
				free,
				below;
	int			rbits;
	size_t		k;

	if (o->n > 0)
		unit = onepass_gcd(unit, ts >= o->base ? (uint64_t) ts - (uint64_t) o->base
						   : (uint64_t) o->base - (uint64_t) ts);
	range = unit == 0 ? 0 : ((uint64_t) tsmax - (uint64_t) tsmin) / unit;
	rbits = onepass_bits(range);
	/* room to grow, when there is room */
	idbits = idbits < 12 ? 14 : idbits + 2;
	mbits = mbits + 1;
	if (idbits + mbits + rbits > 64)
	{
		idbits = onepass_bits(id | (o->actors.n > 0 ? o->actors.n - 1 : 0));
		mbits = onepass_bits(mid | (o->nmasks > 0 ? o->nmasks - 1 : 0));
		if (idbits == 0)
			idbits = 1;
		if (mbits == 0)
			mbits = 1;
	}
	if (o->wide || idbits + mbits + rbits > 64)
	{
		/* wide for good: spread the packed records backwards in place */
		if (!o->wide)
		{
			uint64_t   *nr = m->resize(m->arg, o->rec, o->cap * 2 * sizeof(uint64_t));

			if (nr == NULL)
				return JY_ERR_OUT_OF_MEMORY;
			o->rec = nr;
			for (k = o->n; k-- > 0;)
			{
				uint32_t	rid,
							rmid;
				int64_t		rts;

				jy_interrupt_every(m, k);
				onepass_rec(o, k, &rid, &rts, &rmid);
				o->rec[2 * k] = (uint64_t) rid << 32 | rmid;
				o->rec[2 * k + 1] = (uint64_t) rts;
			}
			o->wide = true;
		}
		return JY_OK;
	}

	/*
	 * The new base: below tsmin by half the spare offsets (whole units, and
	 * not below INT64_MIN), so that earlier timestamps fit too
	 */
	free = (UINT64_MAX >> (idbits + mbits)) - range;
	below = 0;
	if (unit != 0)
	{
		below = free / 2;
		if (below > ((uint64_t) tsmin - (uint64_t) INT64_MIN) / unit)
			below = ((uint64_t) tsmin - (uint64_t) INT64_MIN) / unit;
	}
	{
		JyOnepass	old = *o;

		o->idbits = (uint8_t) idbits;
		o->mbits = (uint8_t) mbits;
		o->unit = unit;
		o->base = (int64_t) ((uint64_t) tsmin - below * unit);
		o->offmax = UINT64_MAX >> (idbits + mbits);
		/* rewrite in place: the new layout of record k only needs record k */
		for (k = 0; k < o->n; k++)
		{
			uint32_t	rid,
						rmid;
			int64_t		rts;

			jy_interrupt_every(m, k);
			onepass_rec(&old, k, &rid, &rts, &rmid);
			(void) onepass_put(o, k, rid, rts, rmid);	/* fits: chosen so */
		}
	}
	return JY_OK;
}

/* Append a record of actor id */
JyStatus
jy_onepass_push(JyOnepass *o, const JyMem *m, uint32_t id, int64_t ts, uint64_t mask)
{
	uint32_t	mid;
	JyStatus	st;

	if ((st = onepass_mask_id(o, m, mask, &mid)) != JY_OK)
		return st;
	if (o->n == o->cap)
	{
		size_t		cap = o->cap == 0 ? 256 : o->cap * 2;
		uint64_t   *nr;

		if (o->n >= JY_ONEPASS_MAX_RECORDS)
			return JY_ERR_TOO_MANY_EVENTS;
		if (cap > JY_ONEPASS_MAX_RECORDS)
			cap = JY_ONEPASS_MAX_RECORDS;
		nr = o->rec == NULL ? m->alloc(m->arg, cap * onepass_stride(o) * sizeof(uint64_t))
			: m->resize(m->arg, o->rec, cap * onepass_stride(o) * sizeof(uint64_t));
		if (nr == NULL)
			return JY_ERR_OUT_OF_MEMORY;
		o->rec = nr;
		o->cap = cap;
	}
	if (o->n == 0 || !onepass_put(o, o->n, id, ts, mid))
	{
		if ((st = onepass_relayout(o, m, id, ts, mid)) != JY_OK)
			return st;
		(void) onepass_put(o, o->n, id, ts, mid);	/* fits now */
	}
	if (o->n == 0 || ts < o->tsmin)
		o->tsmin = ts;
	if (o->n == 0 || ts > o->tsmax)
		o->tsmax = ts;
	o->n++;
	return JY_OK;
}
/* The id of an actor key, added when new */
JyStatus
jy_onepass_actor(JyOnepass *o, const JyMem *m, int64_t ikey, const void *bkey,
				 size_t blen, uint32_t *id)
{
	bool		added;

	if (o->actors.kind == JY_ACTOR_INT)
		return jy_actors_int(&o->actors, m, ikey, id, &added);
	return jy_actors_bytes(&o->actors, m, bkey, blen, id, &added);
}

/* The next actor of a byte form (keys ascending) */
JyStatus
jy_onepass_actor_next(JyOnepass *o, const JyMem *m, int64_t ikey, const void *bkey,
					  size_t blen, uint32_t *id)
{
	if (o->actors.kind == JY_ACTOR_INT)
		return jy_actors_append_int(&o->actors, m, ikey, id);
	return jy_onepass_actor(o, m, ikey, bkey, blen, id);
}

/* Look up the oldest pending row's actor and store its record */
static JyStatus
onepass_resolve(JyOnepass *o, const JyMem *m)
{
	const JyOnepassRow *r = &o->pend[o->phead];

	o->phead = (o->phead + 1) & (JY_ONEPASS_AHEAD - 1);
	o->npend--;
	if (o->actors.kind != JY_ACTOR_INT)
	{
		bool		added;
		uint32_t	id;
		JyStatus	st;

		if ((st = jy_actors_bytes_hashed(&o->actors, m, r->bytes, r->len, r->hash,
										 &id, &added)) != JY_OK)
			return st;
		return jy_onepass_push(o, m, id, r->ts, r->mask);
	}
	if (o->last_id == UINT32_MAX || r->key != o->last_ikey)
	{
		bool		added;
		uint32_t	id;
		JyStatus	st;

		if ((st = jy_actors_int_hashed(&o->actors, m, r->key, r->hash, &id, &added)) != JY_OK)
			return st;
		o->last_ikey = r->key;
		o->last_id = id;
	}
	return jy_onepass_push(o, m, o->last_id, r->ts, r->mask);
}

/* Look up every pending row's actor, oldest first */
JyStatus
jy_onepass_flush(JyOnepass *o, const JyMem *m)
{
	JyStatus	st = JY_OK;

	while (o->npend > 0 && st == JY_OK)
		st = onepass_resolve(o, m);
	o->npend = 0;
	return st;
}

/*
 * A row with an int64 key: its slot in the actor table prefetched now, and
 * the oldest row looked up when the ring is full
 */
JyStatus
jy_onepass_add_int(JyOnepass *o, const JyMem *m, int64_t key, int64_t ts, uint64_t mask)
{
	JyOnepassRow *r;

	o->any = true;
	if (mask == 0 && (o->flags & JY_FUNNEL_STRICT_ORDER) == 0)
		return JY_OK;
	r = &o->pend[(o->phead + o->npend) & (JY_ONEPASS_AHEAD - 1)];
	r->key = key;
	r->ts = ts;
	r->mask = mask;
	r->hash = jy_hash_int64(key);
	jy_actors_prefetch_int(&o->actors, r->hash);
	o->npend++;
	return o->npend == JY_ONEPASS_AHEAD ? onepass_resolve(o, m) : JY_OK;
}

/*
 * A row with a byte-string key: as an integer one, the key's pointer and
 * bytes prefetched a third and two thirds of the ring later; a key longer
 * than JY_ONEPASS_KEY_MAX is looked up at once (after the pending rows)
 */
JyStatus
jy_onepass_add_bytes(JyOnepass *o, const JyMem *m, const void *key, size_t len,
					 int64_t ts, uint64_t mask)
{
	JyOnepassRow *r;
	uint32_t	hash;

	o->any = true;
	if (mask == 0 && (o->flags & JY_FUNNEL_STRICT_ORDER) == 0)
		return JY_OK;
	hash = jy_hash_bytes(key, len);
	if (len > JY_ONEPASS_KEY_MAX)
	{
		uint32_t	id;
		bool		added;
		JyStatus	st;

		if ((st = jy_onepass_flush(o, m)) != JY_OK ||
			(st = jy_actors_bytes_hashed(&o->actors, m, key, len, hash, &id, &added)) != JY_OK)
			return st;
		return jy_onepass_push(o, m, id, ts, mask);
	}
	r = &o->pend[(o->phead + o->npend) & (JY_ONEPASS_AHEAD - 1)];
	memcpy(r->bytes, key, len);
	r->len = (uint32_t) len;
	r->ts = ts;
	r->mask = mask;
	r->hash = hash;
	jy_actors_prefetch_bytes(&o->actors, hash, 0);
	o->npend++;
	if (o->npend > JY_ONEPASS_AHEAD / 3)
		jy_actors_prefetch_bytes(&o->actors,
								 o->pend[(o->phead + o->npend - 1 - JY_ONEPASS_AHEAD / 3) &
										 (JY_ONEPASS_AHEAD - 1)].hash, 1);
	if (o->npend > 2 * JY_ONEPASS_AHEAD / 3)
		jy_actors_prefetch_bytes(&o->actors,
								 o->pend[(o->phead + o->npend - 1 - 2 * JY_ONEPASS_AHEAD / 3) &
										 (JY_ONEPASS_AHEAD - 1)].hash, 2);
	return o->npend == JY_ONEPASS_AHEAD ? onepass_resolve(o, m) : JY_OK;
}

/* Same funnel, and the same key kind when both have actors */
bool
jy_onepass_same(const JyOnepass *a, const JyOnepass *b)
{
	int			x;

	if (a->window != b->window || a->flags != b->flags || a->nsteps != b->nsteps)
		return false;
	if (a->exclude != b->exclude || a->map_id != b->map_id ||
		memcmp(a->within, b->within, sizeof(a->within)) != 0)
		return false;
	if (a->optional != b->optional || a->nexcl != b->nexcl)
		return false;
	for (x = 0; x < a->nexcl; x++)
		if (a->excl[x].bit != b->excl[x].bit || a->excl[x].from != b->excl[x].from ||
			a->excl[x].to != b->excl[x].to || a->excl[x].leave != b->excl[x].leave)
			return false;
	return a->actors.n == 0 || b->actors.n == 0 || a->actors.kind == b->actors.kind;
}

/*
 * Append to dst the records of from, with actor ids through map and mask
 * ids through the dictionary of masks_of (read afresh: it may be dst's)
 */
static JyStatus
onepass_push_remapped(JyOnepass *dst, const JyMem *m, const JyOnepass *from,
					  const JyOnepass *masks_of, const uint32_t *map)
{
	size_t		k;
	JyStatus	st = JY_OK;

	for (k = 0; k < from->n && st == JY_OK; k++)
	{
		uint32_t	id,
					mid;
		int64_t		ts;

		jy_interrupt_every(m, k);
		onepass_rec(from, k, &id, &ts, &mid);
		st = jy_onepass_push(dst, m, map[id], ts, masks_of->masks[mid]);
	}
	return st;
}

/*
 * Merge two states whose actor ids are in key order (decoded states, and
 * their merges: the finalize step of a parallel plan): the keys merge in
 * one walk, dst's records get their new ids in place when these fit its
 * layout (else both are rewritten into a new buffer), and src's records are
 * appended with theirs, without a hash lookup
 */
static JyStatus
onepass_merge_sorted(JyOnepass *dst, JyOnepass *src, const JyMem *m)
{
	JyOnepass	old = *dst;
	uint32_t   *dmap,
			   *smap;
	JyStatus	st;

	if ((st = jy_actors_merge_sorted(&dst->actors, &src->actors, m, &dmap, &smap)) != JY_OK)
		return st;
	if (old.n > 0 && (dst->wide || ((uint64_t) (dst->actors.n - 1) >> dst->idbits) == 0))
	{
		/* the new ids fit dst's layout: rewrite them in place, append src's */
		size_t		k,
					cap = old.n + src->n;
		int			shift = 64 - dst->idbits;
		uint64_t   *nr;

		for (k = 0; k < old.n; k++)
		{
			uint64_t	w;

			jy_interrupt_every(m, k);
			if (dst->wide)
			{
				w = dst->rec[2 * k];
				dst->rec[2 * k] = (uint64_t) dmap[w >> 32] << 32 | (w & UINT32_MAX);
			}
			else
			{
				w = dst->rec[k];
				dst->rec[k] = (uint64_t) dmap[w >> shift] << shift |
					(w & ((UINT64_C(1) << shift) - 1));
			}
		}
		if (cap > dst->cap)
		{
			nr = m->resize(m->arg, dst->rec, cap * onepass_stride(dst) * sizeof(uint64_t));
			if (nr == NULL)
				st = JY_ERR_OUT_OF_MEMORY;
			else
			{
				dst->rec = nr;
				dst->cap = cap;
			}
		}
		if (st == JY_OK)
			st = onepass_push_remapped(dst, m, src, src, smap);
		if (dmap != NULL)
			m->release(m->arg, dmap);
		m->release(m->arg, smap);
		dst->last_id = UINT32_MAX;
		return st;
	}
	/* an empty buffer with room for both, in a layout chosen afresh */
	dst->n = 0;
	dst->cap = old.n + src->n;
	dst->wide = false;
	dst->unit = 0;
	dst->rec = m->alloc(m->arg, dst->cap * sizeof(uint64_t));
	if (dst->rec == NULL)
		st = JY_ERR_OUT_OF_MEMORY;
	/* dst's mask ids stay valid: its dictionary only grows */
	if (st == JY_OK)
		st = onepass_push_remapped(dst, m, &old, dst, dmap);
	if (st == JY_OK)
		st = onepass_push_remapped(dst, m, src, src, smap);
	if (old.rec != NULL)
		m->release(m->arg, old.rec);
	if (dmap != NULL)
		m->release(m->arg, dmap);
	m->release(m->arg, smap);
	/* the last key's cached id is stale */
	dst->last_id = UINT32_MAX;
	return st;
}

/* Merge src into dst, remapping actor ids by key */
JyStatus
jy_onepass_merge(JyOnepass *dst, JyOnepass *src, const JyMem *m)
{
	uint32_t   *map;
	uint32_t	i;
	JyStatus	st = JY_OK;

	if (!jy_onepass_same(dst, src))
		return JY_ERR_BAD_PARAMETER;
	if ((st = jy_onepass_flush(src, m)) != JY_OK ||
		(st = jy_onepass_flush(dst, m)) != JY_OK)
		return st;
	dst->any = dst->any || src->any;
	if (src->actors.n == 0)
		return JY_OK;
	if (dst->actors.n == 0)
		dst->actors.kind = src->actors.kind;
	if (dst->actors.kind == JY_ACTOR_INT && dst->actors.sorted && src->actors.sorted)
		return onepass_merge_sorted(dst, src, m);
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
	if (st == JY_OK)
		st = onepass_push_remapped(dst, m, src, src, map);
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

/* Copy record si of src to place di of dst (stride s words) */
static inline void
onepass_copy(uint64_t *dst, size_t di, const uint64_t *src, size_t si, size_t s)
{
	dst[s * di] = src[s * si];
	if (s == 2)
		dst[2 * di + 1] = src[2 * si + 1];
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
	uint32_t	na;
	size_t	   *start,
			   *next;
	size_t		k,
				n,
				s;
	uint32_t	b;
	int			low;
	uint64_t   *tmp,
			   *rec;
	JyStatus	st;

	*startp = NULL;
	if ((st = jy_onepass_flush(o, m)) != JY_OK)
		return st;
	s = onepass_stride(o);
	na = o->actors.n;
	n = o->n;
	rec = o->rec;
	low = onepass_low_bits(na);
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
	for (k = 0; k < n; k++)
		start[onepass_rec_id(o, k) + 1]++;
	for (b = 0; b < na; b++)
		start[b + 1] += start[b];
	tmp = n > 0 ? m->alloc(m->arg, n * s * sizeof(uint64_t)) : NULL;
	if (tmp != NULL)
	{
		size_t		nb = ((size_t) (na - 1) >> low) + 1;
		size_t		bk;
		JyOnepass	t = *o;

		/* first pass: by bucket (id >> low) into tmp */
		for (bk = 0; bk < nb; bk++)
			next[bk] = start[bk << low];
		for (k = 0; k < n; k++)
		{
			jy_interrupt_every(m, k);
			onepass_copy(tmp, next[onepass_rec_id(o, k) >> low]++, rec, k, s);
		}
		/* second pass: within each bucket, by id back into rec */
		for (b = 0; b < na; b++)
			next[b] = start[b];
		t.rec = tmp;
		for (k = 0; k < n; k++)
		{
			jy_interrupt_every(m, k);
			onepass_copy(rec, next[onepass_rec_id(&t, k)]++, tmp, k, s);
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
				uint64_t	r[2] = {0, 0},
							t[2] = {0, 0};
				uint32_t	id;

				onepass_copy(r, 0, o->rec, next[b], s);
				while ((id = s == 2 ? (uint32_t) (r[0] >> 32)
						: (uint32_t) (r[0] >> (64 - o->idbits))) != b)
				{
					onepass_copy(t, 0, o->rec, next[id], s);
					onepass_copy(o->rec, next[id]++, r, 0, s);
					onepass_copy(r, 0, t, 0, s);
				}
				onepass_copy(o->rec, next[b]++, r, 0, s);
				jy_interrupt_every(m, next[b]);
			}
		}
	}
	m->release(m->arg, next);
	*startp = start;
	return JY_OK;
}

/* The sorted events of records from .. to - 1 */
void
jy_onepass_events(const JyOnepass *o, size_t from, size_t to, JyEvent *ev,
				  const JyMem *m)
{
	size_t		k;

	for (k = from; k < to; k++)
	{
		uint32_t	id,
					mid;

		onepass_rec(o, k, &id, &ev[k - from].ts, &mid);
		ev[k - from].mask = o->masks[mid];
	}
	/* the grouping keeps input order: rows in time order need no sort */
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
		uint64_t	done = 0;

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
		if (spec.flags & JY_FUNNEL_TOTALS)
		{
			/* every attempt of the actor counts (jy_funnel_attempts) */
			uint64_t	att[JY_MAX_STEPS];

			st = jy_funnel_attempts(ev, n, &spec, m, att);
			for (k = 0; k < o->nsteps && st == JY_OK; k++)
				counts[k] += (int64_t) att[k];
			continue;
		}
		st = jy_funnel_eval_chain(ev, n, &spec, m, &level, NULL, &done);
		if (o->optional == 0)
			for (k = 0; k < level; k++)
				counts[k]++;
		else
			for (k = 0; k < level; k++)
				counts[k] += (o->optional >> k & 1) ? (done >> k & 1) : 1;
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
	o->npend = o->phead = 0;
	o->rec = NULL;
	o->wide = false;
	o->idbits = o->mbits = 0;
	o->unit = 0;
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
	spec.optional = o->optional;
	spec.nexcl = o->nexcl;
	spec.excl = o->nexcl > 0 ? o->excl : NULL;
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

/*
 * The identity of a label-form funnel with per-step gaps: FNV-1a of a zero
 * byte (no map's JSON text starts with one) and the gaps in big-endian
 * order, never 0
 */
uint64_t
jy_onepass_gaps_id(const uint64_t *within, int nsteps)
{
	uint64_t	h = UINT64_C(0xcbf29ce484222325);
	int			k,
				b;

	h *= UINT64_C(0x100000001b3);	/* the zero byte */
	for (k = 1; k < nsteps; k++)
		for (b = 56; b >= 0; b -= 8)
		{
			h ^= (uint8_t) (within[k] >> b);
			h *= UINT64_C(0x100000001b3);
		}
	return h == 0 ? 1 : h;
}
