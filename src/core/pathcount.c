/*
 * pathcount.c -- counting distinct paths across actors (pathcount.h)
 */
#include "pathcount.h"

#include <string.h>

#define PATHCOUNT_BLOCK 65536

JyStatus
jy_pathcount_init(JyPathCount *pc, const JyMem *m)
{
	memset(pc, 0, sizeof(*pc));
	pc->mem = m;
	jy_hash_init(&pc->hash);
	jy_arena_init(&pc->keys, PATHCOUNT_BLOCK, PATHCOUNT_BLOCK);
	return JY_OK;
}

JyStatus
jy_pathcount_add(JyPathCount *pc, const char *key, uint32_t len)
{
	uint32_t	h,
				pos,
				id;
	JyPathEntry *e;
	JyStatus	st;

	pc->total++;
	if (key == NULL)
	{
		pc->none++;
		return JY_OK;
	}
	h = jy_hash_bytes(key, len);
	pos = jy_hash_start(&pc->hash, h);
	while ((id = jy_hash_next(&pc->hash, h, &pos)) != JY_HASH_NONE)
	{
		e = &pc->entries[id];
		if (e->len == len && memcmp(e->key, key, len) == 0)
		{
			e->count++;
			return JY_OK;
		}
	}
	st = jy_grow(pc->mem, (void **) &pc->entries, &pc->cap, pc->used, 1,
				 sizeof(JyPathEntry), JY_HASH_MAX_ENTRIES);
	if (st == JY_OK)
		st = jy_hash_reserve(&pc->hash, pc->mem, (size_t) pc->used + 1);
	if (st != JY_OK)
		return JY_ERR_OUT_OF_MEMORY;
	e = &pc->entries[pc->used];
	e->key = jy_arena_copy(&pc->keys, pc->mem, key, len);
	if (e->key == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	e->len = len;
	e->count = 1;
	(void) jy_hash_insert(&pc->hash, pc->mem, h, pc->used);	/* room reserved */
	pc->used++;
	return JY_OK;
}

/* Report order: count descending, then key bytes, "none" (NULL) last */
static inline int
entry_cmp(const JyPathEntry *a, const JyPathEntry *b)
{
	uint32_t	n;
	int			c;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->key == NULL || b->key == NULL)
		return (a->key == NULL) - (b->key == NULL);
	n = a->len < b->len ? a->len : b->len;
	c = n > 0 ? memcmp(a->key, b->key, n) : 0;
	if (c != 0)
		return c;
	return (a->len > b->len) - (a->len < b->len);
}

/* sort_entries(): entries into report order (core/sort.h) */
#define JY_SORT_NAME sort_entries
#define JY_SORT_TYPE JyPathEntry
#define JY_SORT_CMP entry_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

JyStatus
jy_pathcount_top(const JyPathCount *pc, uint32_t k, JyPathEntry **out,
				 uint32_t *nout)
{
	uint32_t	n = 0,
				i;
	JyPathEntry *all;

	all = pc->mem->alloc(pc->mem->arg, ((size_t) pc->used + 1) * sizeof(JyPathEntry));
	if (all == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0; i < pc->used; i++)
		all[n++] = pc->entries[i];
	if (pc->none > 0)
	{
		memset(&all[n], 0, sizeof(JyPathEntry));
		all[n++].count = pc->none;
	}
	sort_entries(all, n, NULL, pc->mem);
	*out = all;
	*nout = n < k ? n : k;
	return JY_OK;
}

void
jy_pathcount_free(JyPathCount *pc)
{
	jy_arena_free(&pc->keys, pc->mem);
	if (pc->entries != NULL)
		pc->mem->release(pc->mem->arg, pc->entries);
	jy_hash_free(&pc->hash, pc->mem);
	memset(pc, 0, sizeof(*pc));
}
