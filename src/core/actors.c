/*
 * actors.c -- a table of actor keys with dense ids (see actors.h)
 */
#include "actors.h"

#include <string.h>

/* The order of int64 keys, with their ids */
typedef struct ActorIntKey
{
	int64_t		key;
	uint32_t	id;
} ActorIntKey;

static inline int
actor_int_cmp(const ActorIntKey *x, const ActorIntKey *y)
{
	return (x->key > y->key) - (x->key < y->key);
}

#define JY_SORT_NAME sort_int_keys
#define JY_SORT_TYPE ActorIntKey
#define JY_SORT_CMP actor_int_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Byte-string keys: bytewise, a proper prefix first */
static inline int
actor_bytes_cmp(const uint8_t *x, uint32_t xlen, const uint8_t *y, uint32_t ylen)
{
	int			c = memcmp(x, y, xlen < ylen ? xlen : ylen);

	if (c != 0)
		return c;
	return (xlen > ylen) - (xlen < ylen);
}

static inline int
actor_id_cmp(const uint32_t *i, const uint32_t *j, void *ctx)
{
	const JyActors *a = ctx;

	return actor_bytes_cmp(a->bkey[*i], a->blen[*i], a->bkey[*j], a->blen[*j]);
}

#define JY_SORT_NAME sort_byte_ids
#define JY_SORT_TYPE uint32_t
#define JY_SORT_CMP actor_id_cmp
#include "sort.h"

static const char *const kind_names[JY_ACTOR_NKINDS] = {
	"none", "integer", "text", "uuid", "text output"
};

/* The name of a key kind */
const char *
jy_actor_kind_name(JyActorKind kind)
{
	return (unsigned) kind < JY_ACTOR_NKINDS ? kind_names[kind] : "unknown";
}

/* An empty table */
void
jy_actors_init(JyActors *a, JyActorKind kind)
{
	jy_hash_init(&a->hash);
	a->islots = NULL;
	a->imask = 0;
	jy_arena_init(&a->arena, 256, 1024 * 1024);
	a->ikey = NULL;
	a->bkey = NULL;
	a->blen = NULL;
	a->n = a->cap = 0;
	a->kind = kind;
	a->sorted = true;
	a->nohash = false;
}

/* The free slot or the slot of key in the probe of hash */
static inline JyActorSlot *
actors_int_probe(JyActorSlot *slots, uint32_t mask, int64_t key, uint32_t hash)
{
	uint32_t	pos = hash & mask;

	while (slots[pos].ref != 0 && slots[pos].key != key)
		pos = (pos + 1) & mask;
	return &slots[pos];
}

/* Room in the INT slots for one more key (at most half full), rehashing */
static JyStatus
actors_int_reserve(JyActors *a, const JyMem *m)
{
	size_t		size = a->islots == NULL ? 0 : (size_t) a->imask + 1;
	size_t		nsize;
	JyActorSlot *slots;
	uint32_t	i;

	if (a->islots != NULL && (size_t) a->n + 1 <= size / 2)
		return JY_OK;
	nsize = size == 0 ? 64 : size * 2;
	while (nsize / 2 < (size_t) a->n + 1)
		nsize *= 2;
	slots = m->alloc(m->arg, nsize * sizeof(JyActorSlot));
	if (slots == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	memset(slots, 0, nsize * sizeof(JyActorSlot));
	for (i = 0; i < a->n; i++)
	{
		JyActorSlot *s = actors_int_probe(slots, (uint32_t) (nsize - 1), a->ikey[i],
										  jy_hash_int64(a->ikey[i]));

		s->key = a->ikey[i];
		s->ref = i + 1;
		jy_interrupt_every(m, i);
	}
	if (a->islots != NULL)
		m->release(m->arg, a->islots);
	a->islots = slots;
	a->imask = (uint32_t) (nsize - 1);
	a->nohash = false;
	return JY_OK;
}

/* Room for one more actor in the key arrays and the hash table */
static JyStatus
actors_room(JyActors *a, const JyMem *m)
{
	JyStatus	st;

	if (a->n >= JY_ACTORS_MAX)
		return JY_ERR_OUT_OF_MEMORY;
	if (a->n == a->cap)
	{
		size_t		cap = a->cap == 0 ? 64 : (size_t) a->cap * 2;

		if (cap > JY_ACTORS_MAX)
			cap = JY_ACTORS_MAX;
		if (a->kind == JY_ACTOR_INT)
		{
			int64_t    *k = a->ikey ? m->resize(m->arg, a->ikey, cap * sizeof(int64_t))
				: m->alloc(m->arg, cap * sizeof(int64_t));

			if (k == NULL)
				return JY_ERR_OUT_OF_MEMORY;
			a->ikey = k;
		}
		else
		{
			const uint8_t **k = a->bkey ? m->resize(m->arg, (void *) a->bkey, cap * sizeof(*k))
				: m->alloc(m->arg, cap * sizeof(*k));
			uint32_t   *l;

			if (k == NULL)
				return JY_ERR_OUT_OF_MEMORY;
			a->bkey = k;
			l = a->blen ? m->resize(m->arg, a->blen, cap * sizeof(uint32_t))
				: m->alloc(m->arg, cap * sizeof(uint32_t));
			if (l == NULL)
				return JY_ERR_OUT_OF_MEMORY;
			a->blen = l;
		}
		a->cap = (uint32_t) cap;
	}
	if (a->kind == JY_ACTOR_INT)
		return a->nohash ? JY_OK : actors_int_reserve(a, m);
	st = jy_hash_reserve(&a->hash, m, (size_t) a->n + 1);
	return st;
}

/* The id of an int64 key, added when new */
JyStatus
jy_actors_int(JyActors *a, const JyMem *m, int64_t key, uint32_t *id, bool *added)
{
	return jy_actors_int_hashed(a, m, key, jy_hash_int64(key), id, added);
}

/* The same with the key's hash computed */
JyStatus
jy_actors_int_hashed(JyActors *a, const JyMem *m, int64_t key, uint32_t hash,
					 uint32_t *id, bool *added)
{
	JyActorSlot *s;
	JyStatus	st;

	/* keys appended in order, or merged: build the slots first */
	if (a->nohash && (st = actors_int_reserve(a, m)) != JY_OK)
		return st;
	if (a->islots != NULL)
	{
		s = actors_int_probe(a->islots, a->imask, key, hash);
		if (s->ref != 0)
		{
			*id = s->ref - 1;
			*added = false;
			return JY_OK;
		}
	}
	if ((st = actors_room(a, m)) != JY_OK)
		return st;
	/* the slots may have grown: probe again */
	s = actors_int_probe(a->islots, a->imask, key, hash);
	if (a->n > 0 && key < a->ikey[a->n - 1])
		a->sorted = false;
	a->ikey[a->n] = key;
	s->key = key;
	s->ref = a->n + 1;
	*id = a->n++;
	*added = true;
	return JY_OK;
}

/* Append a key larger than all, without building the slots */
JyStatus
jy_actors_append_int(JyActors *a, const JyMem *m, int64_t key, uint32_t *id)
{
	JyStatus	st;

	if (a->kind != JY_ACTOR_INT || (a->n > 0 && key <= a->ikey[a->n - 1]))
		return JY_ERR_BAD_PARAMETER;
	if (a->islots != NULL)
	{
		/* keep the slots: an ordinary insert */
		bool		added;

		return jy_actors_int(a, m, key, id, &added);
	}
	a->nohash = true;			/* before actors_room: no slots reserved */
	if ((st = actors_room(a, m)) != JY_OK)
		return st;
	a->ikey[a->n] = key;
	*id = a->n++;
	return JY_OK;
}

/* Merge src's keys into dst's, both in ascending key order */
JyStatus
jy_actors_merge_sorted(JyActors *dst, const JyActors *src, const JyMem *m,
					   uint32_t **dmapp, uint32_t **smapp)
{
	uint32_t   *dmap = NULL,
			   *smap = NULL;
	int64_t    *keys;
	size_t		cap = (size_t) dst->n + src->n;
	uint32_t	i = 0,
				j = 0,
				n = 0;

	*dmapp = *smapp = NULL;
	if (dst->kind != JY_ACTOR_INT || src->kind != JY_ACTOR_INT || !dst->sorted || !src->sorted)
		return JY_ERR_BAD_PARAMETER;
	if (cap > JY_ACTORS_MAX)
		return JY_ERR_OUT_OF_MEMORY;
	if (cap == 0)
		return JY_OK;
	keys = m->alloc(m->arg, cap * sizeof(int64_t));
	if (dst->n > 0)
		dmap = m->alloc(m->arg, (size_t) dst->n * sizeof(uint32_t));
	if (src->n > 0)
		smap = m->alloc(m->arg, (size_t) src->n * sizeof(uint32_t));
	if (keys == NULL || (dst->n > 0 && dmap == NULL) || (src->n > 0 && smap == NULL))
	{
		if (keys != NULL)
			m->release(m->arg, keys);
		if (dmap != NULL)
			m->release(m->arg, dmap);
		if (smap != NULL)
			m->release(m->arg, smap);
		return JY_ERR_OUT_OF_MEMORY;
	}
	while (i < dst->n || j < src->n)
	{
		jy_interrupt_every(m, n);
		if (j == src->n || (i < dst->n && dst->ikey[i] < src->ikey[j]))
		{
			keys[n] = dst->ikey[i];
			dmap[i++] = n++;
		}
		else if (i == dst->n || src->ikey[j] < dst->ikey[i])
		{
			keys[n] = src->ikey[j];
			smap[j++] = n++;
		}
		else
		{
			keys[n] = dst->ikey[i];
			dmap[i++] = n;
			smap[j++] = n++;
		}
	}
	if (dst->ikey != NULL)
		m->release(m->arg, dst->ikey);
	if (dst->islots != NULL)
		m->release(m->arg, dst->islots);
	dst->islots = NULL;
	dst->imask = 0;
	dst->ikey = keys;
	dst->cap = (uint32_t) cap;
	dst->n = n;
	dst->nohash = true;
	*dmapp = dmap;
	*smapp = smap;
	return JY_OK;
}

/* The id of a byte-string key, added (copied) when new */
JyStatus
jy_actors_bytes(JyActors *a, const JyMem *m, const void *key, size_t len,
				uint32_t *id, bool *added)
{
	return jy_actors_bytes_hashed(a, m, key, len, jy_hash_bytes(key, len), id, added);
}

/* The same with the key's hash computed */
JyStatus
jy_actors_bytes_hashed(JyActors *a, const JyMem *m, const void *key, size_t len,
					   uint32_t hash, uint32_t *id, bool *added)
{
	uint32_t	pos;
	uint32_t	i;
	const char *copy;
	JyStatus	st;

	if (len > UINT32_MAX)
		return JY_ERR_OUT_OF_MEMORY;
	pos = jy_hash_start(&a->hash, hash);
	while ((i = jy_hash_next(&a->hash, hash, &pos)) != JY_HASH_NONE)
		if (a->blen[i] == len && memcmp(a->bkey[i], key, len) == 0)
		{
			*id = i;
			*added = false;
			return JY_OK;
		}
	if ((st = actors_room(a, m)) != JY_OK)
		return st;
	if ((copy = jy_arena_copy(&a->arena, m, key, len)) == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	a->bkey[a->n] = (const uint8_t *) copy;
	a->blen[a->n] = (uint32_t) len;
	(void) jy_hash_insert(&a->hash, m, hash, a->n);	/* cannot fail: reserved */
	*id = a->n++;
	*added = true;
	return JY_OK;
}

/* Key order of two ids */
int
jy_actors_cmp(const JyActors *a, uint32_t i, uint32_t j)
{
	if (a->kind == JY_ACTOR_INT)
		return (a->ikey[i] > a->ikey[j]) - (a->ikey[i] < a->ikey[j]);
	return actor_bytes_cmp(a->bkey[i], a->blen[i], a->bkey[j], a->blen[j]);
}

/* The ids in key order */
JyStatus
jy_actors_order(const JyActors *a, const JyMem *m, uint32_t **order)
{
	uint32_t   *ids;
	uint32_t	i;

	*order = NULL;
	if (a->n == 0)
		return JY_OK;
	ids = m->alloc(m->arg, (size_t) a->n * sizeof(uint32_t));
	if (ids == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	if (a->kind == JY_ACTOR_INT && a->sorted)
	{
		for (i = 0; i < a->n; i++)
			ids[i] = i;
	}
	else if (a->kind == JY_ACTOR_INT)
	{
		ActorIntKey *k = m->alloc(m->arg, (size_t) a->n * sizeof(ActorIntKey));

		if (k == NULL)
		{
			m->release(m->arg, ids);
			return JY_ERR_OUT_OF_MEMORY;
		}
		for (i = 0; i < a->n; i++)
		{
			k[i].key = a->ikey[i];
			k[i].id = i;
		}
		sort_int_keys(k, a->n, NULL, m);
		for (i = 0; i < a->n; i++)
			ids[i] = k[i].id;
		m->release(m->arg, k);
	}
	else
	{
		for (i = 0; i < a->n; i++)
			ids[i] = i;
		sort_byte_ids(ids, a->n, (void *) a, m);
	}
	*order = ids;
	return JY_OK;
}

/* Release everything */
void
jy_actors_free(JyActors *a, const JyMem *m)
{
	JyActorKind kind = a->kind;

	jy_hash_free(&a->hash, m);
	if (a->islots != NULL)
		m->release(m->arg, a->islots);
	jy_arena_free(&a->arena, m);
	if (a->ikey != NULL)
		m->release(m->arg, a->ikey);
	if (a->bkey != NULL)
		m->release(m->arg, (void *) a->bkey);
	if (a->blen != NULL)
		m->release(m->arg, a->blen);
	jy_actors_init(a, kind);
}
