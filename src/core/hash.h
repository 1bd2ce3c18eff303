/*
 * hash.h -- the core's open-addressing hash table
 *
 * A JyHash maps 32-bit hashes to entry ids: the entries themselves (keys,
 * counters) live in the caller's own dense arrays, indexed by id, so the
 * table holds only 8-byte slots (the hash and id + 1, 0 marking a free slot)
 * and never moves an entry.  Linear probing over a power-of-two number of
 * slots, at most half full; growth rehashes from the stored hashes, so the
 * caller's keys are never hashed again.  A lookup walks the slots whose hash
 * equals the key's (jy_hash_next) and the caller compares its own keys:
 *
 *		uint32_t pos = jy_hash_start(h, hash), id;
 *
 *		while ((id = jy_hash_next(h, hash, &pos)) != JY_HASH_NONE)
 *			if (key_of(id) == key)
 *				return id;
 *		(absent: append the entry as id n, then jy_hash_insert(h, m, hash, n))
 *
 * Iterating the caller's entries in id order is deterministic whatever the
 * table's size.
 */
#ifndef JY_HASH_H
#define JY_HASH_H

#include "jy.h"

typedef struct JyHashSlot
{
	uint32_t	hash;
	uint32_t	ref;			/* entry id + 1; 0: free slot */
} JyHashSlot;

typedef struct JyHash
{
	JyHashSlot *slots;			/* mask + 1 slots; NULL while empty */
	uint32_t	mask;
	uint32_t	n;				/* entries */
} JyHash;

/* No entry */
#define JY_HASH_NONE UINT32_MAX

/* Most entries a table may hold: half its largest slot array */
#define JY_HASH_MAX_ENTRIES ((uint32_t) (JY_MAX_ALLOC / sizeof(JyHashSlot) / 2))

/* An empty table (allocates nothing) */
static inline void
jy_hash_init(JyHash *h)
{
	h->slots = NULL;
	h->mask = 0;
	h->n = 0;
}

/* Where the probe for hash starts */
static inline uint32_t
jy_hash_start(const JyHash *h, uint32_t hash)
{
	return hash & h->mask;
}

/*
 * The next entry of the probe at *pos whose stored hash equals hash, or
 * JY_HASH_NONE when the probe reaches a free slot (the key is absent)
 */
static inline uint32_t
jy_hash_next(const JyHash *h, uint32_t hash, uint32_t *pos)
{
	if (h->slots == NULL)
		return JY_HASH_NONE;
	for (;;)
	{
		const JyHashSlot *s = &h->slots[*pos];

		*pos = (*pos + 1) & h->mask;
		if (s->ref == 0)
			return JY_HASH_NONE;
		if (s->hash == hash)
			return s->ref - 1;
	}
}

/* Grow the slots for n entries (jy_hash_reserve when there is no room) */
extern JyStatus jy_hash_grow(JyHash *h, const JyMem *m, size_t n);

/*
 * Make room for n entries in all, so that the next n - h->n inserts cannot
 * fail.  JY_ERR_OUT_OF_MEMORY when the allocator fails or n exceeds
 * JY_HASH_MAX_ENTRIES; the table is then unchanged.
 */
static inline JyStatus
jy_hash_reserve(JyHash *h, const JyMem *m, size_t n)
{
	if (h->slots != NULL && n <= ((size_t) h->mask + 1) / 2)
		return JY_OK;
	return jy_hash_grow(h, m, n);
}

/* Put (hash, ref) into the first free slot of its probe (internal) */
static inline void
jy_hash_place(JyHashSlot *slots, uint32_t mask, uint32_t hash, uint32_t ref)
{
	uint32_t	i = hash & mask;

	while (slots[i].ref != 0)
		i = (i + 1) & mask;
	slots[i].hash = hash;
	slots[i].ref = ref;
}

/*
 * Add entry id under hash (the caller checked it is absent), growing the
 * table when needed; on failure the table is unchanged
 */
static inline JyStatus
jy_hash_insert(JyHash *h, const JyMem *m, uint32_t hash, uint32_t id)
{
	JyStatus	st = jy_hash_reserve(h, m, (size_t) h->n + 1);

	if (st != JY_OK)
		return st;
	jy_hash_place(h->slots, h->mask, hash, id + 1);
	h->n++;
	return JY_OK;
}

/* Forget every entry whose id is count or more */
extern void jy_hash_truncate(JyHash *h, uint32_t count, const JyMem *m);

/* Release the slots; the table is empty again */
extern void jy_hash_free(JyHash *h, const JyMem *m);

#endif							/* JY_HASH_H */
