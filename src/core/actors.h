/*
 * actors.h -- a table of actor keys with dense ids
 *
 * Whole-table reports that key their data by actor inside one aggregate
 * (the activity summary, and later a one-pass funnel) map each distinct
 * actor key to a dense id 0, 1, 2, ... in first-seen order, and keep their
 * per-actor data in their own arrays indexed by that id.  A JyActors holds
 * keys of one kind:
 *
 *     JY_ACTOR_INT     int64 keys (the glue's int2, int4 and int8 values)
 *     JY_ACTOR_TEXT    byte strings (text, varchar: the bytes)
 *     JY_ACTOR_UUID    16-byte strings (uuid)
 *     JY_ACTOR_OTHER   byte strings (another type's text output)
 *
 * The bytes kinds differ only in name (so that summaries of different key
 * types are not merged by mistake); they are stored and compared alike:
 * bytewise, a proper prefix first.
 *
 * Integer keys live in their own open-addressing table whose 16-byte slots
 * hold the key itself, so that a lookup touches one cache line; byte-string
 * keys go through a JyHash (8-byte slots of hash and id) and their bytes.
 *
 * Memory per actor: INT, 32 to 64 bytes of slots (at most half full) plus
 * 8 bytes of key; bytes kinds, 16 to 32 bytes of slots plus a pointer and a
 * length (12 bytes) and the key's bytes in an arena.  At most JY_ACTORS_MAX
 * actors (the INT slots then pass 1 GB: the allocator must allow that).
 */
#ifndef JY_ACTORS_H
#define JY_ACTORS_H

#include "arena.h"
#include "hash.h"
#include "jy.h"

typedef enum JyActorKind
{
	JY_ACTOR_NONE = 0,			/* not known yet (no actor) */
	JY_ACTOR_INT = 1,
	JY_ACTOR_TEXT = 2,
	JY_ACTOR_UUID = 3,
	JY_ACTOR_OTHER = 4
} JyActorKind;

#define JY_ACTOR_NKINDS 5

/* Most actors a table holds */
#define JY_ACTORS_MAX JY_HASH_MAX_ENTRIES

/* A slot of the table of int64 keys: the key itself, so a lookup reads one line */
typedef struct JyActorSlot
{
	int64_t		key;
	uint32_t	ref;			/* id + 1; 0: free slot */
} JyActorSlot;

typedef struct JyActors
{
	JyHash		hash;			/* bytes kinds */
	JyActorSlot *islots;		/* JY_ACTOR_INT: imask + 1 slots, at most half full */
	uint32_t	imask;
	JyArena		arena;			/* the bytes of byte-string keys */
	int64_t    *ikey;			/* JY_ACTOR_INT: key of each id */
	const uint8_t **bkey;		/* bytes kinds: key of each id ... */
	uint32_t   *blen;			/* ... and its length */
	uint32_t	n;				/* actors: ids 0 .. n - 1 */
	uint32_t	cap;			/* room in the key arrays */
	JyActorKind kind;
	bool		sorted;			/* INT: ids are in ascending key order */
	bool		nohash;			/* INT: islots not built yet (built on lookup) */
} JyActors;

/* The name of a key kind ("integer", "text", "uuid", "text output") */
extern const char *jy_actor_kind_name(JyActorKind kind);

/* Is this kind keyed by bytes (TEXT, UUID, OTHER)? */
static inline bool
jy_actor_kind_bytes(JyActorKind kind)
{
	return kind == JY_ACTOR_TEXT || kind == JY_ACTOR_UUID || kind == JY_ACTOR_OTHER;
}

/* An empty table of keys of a kind (allocates nothing) */
extern void jy_actors_init(JyActors *a, JyActorKind kind);

/*
 * The id of an int64 key (kind JY_ACTOR_INT), adding it as id a->n when it
 * is new (*added says which).  JY_ERR_OUT_OF_MEMORY (also beyond
 * JY_ACTORS_MAX actors) leaves the table unchanged.
 */
extern JyStatus jy_actors_int(JyActors *a, const JyMem *m, int64_t key,
							  uint32_t *id, bool *added);

/* jy_actors_int with the key's hash (jy_hash_int64(key)) already computed */
extern JyStatus jy_actors_int_hashed(JyActors *a, const JyMem *m, int64_t key,
									 uint32_t hash, uint32_t *id, bool *added);

/*
 * Prefetch the slot a lookup of an int64 key with this hash reads first (a
 * hint: the table is not changed).  A caller that prefetches a row's slot
 * some rows before looking it up overlaps the cache misses of a table
 * larger than the cache.
 */
static inline void
jy_actors_prefetch_int(const JyActors *a, uint32_t hash)
{
	if (a->islots != NULL)
		JY_PREFETCH(&a->islots[hash & a->imask]);
}

/* jy_actors_bytes with the key's hash (jy_hash_bytes) already computed */
extern JyStatus jy_actors_bytes_hashed(JyActors *a, const JyMem *m, const void *key,
									   size_t len, uint32_t hash, uint32_t *id, bool *added);

/*
 * The same for byte-string keys, whose lookup reads three lines one after
 * the other: step 0 prefetches the hash slot, step 1 (the slot in cache)
 * the key's pointer and length, step 2 (those in cache) the key's bytes
 */
static inline void
jy_actors_prefetch_bytes(const JyActors *a, uint32_t hash, int step)
{
	const JyHashSlot *s;

	if (a->hash.slots == NULL)
		return;
	s = &a->hash.slots[hash & a->hash.mask];
	if (step == 0)
		JY_PREFETCH(s);
	else if (s->ref != 0 && s->hash == hash)
	{
		if (step == 1)
		{
			JY_PREFETCH(&a->bkey[s->ref - 1]);
			JY_PREFETCH(&a->blen[s->ref - 1]);
		}
		else
			JY_PREFETCH(a->bkey[s->ref - 1]);
	}
}

/*
 * Append an int64 key larger than every key so far as id a->n, without
 * building the hash slots (a decoder reading keys in ascending order, which
 * may never need a lookup: the slots are built by the first one).
 * JY_ERR_BAD_PARAMETER when key is not larger; JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_actors_append_int(JyActors *a, const JyMem *m, int64_t key,
									 uint32_t *id);

/*
 * Merge the keys of src into dst, both INT with sorted ids, so that dst's
 * ids stay in ascending key order: dmap[i] and smap[i] (allocated through
 * m, NULL with no actor) receive the new ids of dst's and src's ids i.  The
 * merge walks both key arrays once; dst's slots are dropped (rebuilt by the
 * next lookup).  JY_ERR_OUT_OF_MEMORY leaves dst unchanged.
 */
extern JyStatus jy_actors_merge_sorted(JyActors *dst, const JyActors *src, const JyMem *m,
									   uint32_t **dmap, uint32_t **smap);

/* The same for a byte-string key (a bytes kind); the bytes are copied */
extern JyStatus jy_actors_bytes(JyActors *a, const JyMem *m, const void *key,
								size_t len, uint32_t *id, bool *added);

/* Key order of ids i and j: < 0, 0 (i == j), > 0 */
extern int	jy_actors_cmp(const JyActors *a, uint32_t i, uint32_t j);

/*
 * The ids 0 .. n - 1 in ascending key order (integers numerically, bytes
 * bytewise with a proper prefix first), allocated through m (NULL with no
 * actor); no sort when the ids are known to be in key order.
 * JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_actors_order(const JyActors *a, const JyMem *m, uint32_t **order);

/* Release everything; the table is empty again (of the same kind) */
extern void jy_actors_free(JyActors *a, const JyMem *m);

/* The 32-bit hash of an int64 key (a 64-bit finaliser) */
static inline uint32_t
jy_hash_int64(int64_t key)
{
	uint64_t	x = (uint64_t) key;

	x ^= x >> 33;
	x *= UINT64_C(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64_C(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return (uint32_t) x;
}

#endif							/* JY_ACTORS_H */
