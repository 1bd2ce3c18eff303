/*
 * pathcount.c -- counting distinct paths across actors (pathcount.h)
 */
#include "pathcount.h"

#include <string.h>

/* Key bytes: the arena's blocks grow from 1 kB (a small group) to 64 kB */
#define PATHCOUNT_FIRST_BLOCK 1024
#define PATHCOUNT_BLOCK 65536

JyStatus
jy_pathcount_init(JyPathCount *pc, const JyMem *m)
{
	memset(pc, 0, sizeof(*pc));
	pc->mem = m;
	jy_hash_init(&pc->hash);
	jy_arena_init(&pc->keys, PATHCOUNT_FIRST_BLOCK, PATHCOUNT_BLOCK);
	return JY_OK;
}

JyStatus
jy_pathcount_add(JyPathCount *pc, const char *key, uint32_t len)
{
	return jy_pathcount_add_n(pc, key, len, 1);
}

JyStatus
jy_pathcount_add_n(JyPathCount *pc, const char *key, uint32_t len, uint64_t n)
{
	uint32_t	h,
				pos,
				id;
	JyPathEntry *e;
	JyStatus	st;

	pc->total += n;
	if (key == NULL)
	{
		pc->none += n;
		return JY_OK;
	}
	h = jy_hash_bytes(key, len);
	pos = jy_hash_start(&pc->hash, h);
	while ((id = jy_hash_next(&pc->hash, h, &pos)) != JY_HASH_NONE)
	{
		e = &pc->entries[id];
		if (e->len == len && memcmp(e->key, key, len) == 0)
		{
			e->count += n;
			return JY_OK;
		}
	}
	st = jy_grow(pc->mem, (void **) &pc->entries, &pc->cap, pc->used, 1,
				 sizeof(JyPathEntry), JY_HASH_MAX_ENTRIES);
	if (st == JY_OK)
		st = jy_hash_reserve(&pc->hash, pc->mem, (size_t) pc->used + 1);
	if (st != JY_OK)
	{
		pc->total -= n;
		return JY_ERR_OUT_OF_MEMORY;
	}
	e = &pc->entries[pc->used];
	e->key = jy_arena_copy(&pc->keys, pc->mem, key, len);
	if (e->key == NULL)
	{
		pc->total -= n;
		return JY_ERR_OUT_OF_MEMORY;
	}
	e->len = len;
	e->count = n;
	(void) jy_hash_insert(&pc->hash, pc->mem, h, pc->used);	/* room reserved */
	pc->used++;
	return JY_OK;
}

JyStatus
jy_pathcount_merge(JyPathCount *pc, const JyPathCount *src)
{
	uint32_t	i;
	JyStatus	st = JY_OK;

	for (i = 0; i < src->used && st == JY_OK; i++)
	{
		jy_interrupt_every(pc->mem, i);
		st = jy_pathcount_add_n(pc, src->entries[i].key, src->entries[i].len,
								src->entries[i].count);
	}
	if (st == JY_OK && src->none > 0)
		st = jy_pathcount_add_n(pc, NULL, 0, src->none);
	return st;
}

/* Report order: count descending, then key bytes, "none" (NULL) last */
static inline int
entry_cmp(const JyPathEntry *a, const JyPathEntry *b)
{
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	if (a->key == NULL || b->key == NULL)
		return (a->key == NULL) - (b->key == NULL);
	return jy_path_key_cmp(a->key, a->len, b->key, b->len);
}

/* sort_entries(): entries into report order (core/sort.h) */
#define JY_SORT_NAME sort_entries
#define JY_SORT_TYPE JyPathEntry
#define JY_SORT_CMP entry_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Summary order: key bytes (keys are distinct, none is NULL) */
static inline int
key_order_cmp(const JyPathEntry *a, const JyPathEntry *b)
{
	return jy_path_key_cmp(a->key, a->len, b->key, b->len);
}

/* sort_keys(): entries into summary order (core/sort.h) */
#define JY_SORT_NAME sort_keys
#define JY_SORT_TYPE JyPathEntry
#define JY_SORT_CMP key_order_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

JyStatus
jy_pathcount_sorted(const JyPathCount *pc, JyPathEntry **out)
{
	JyPathEntry *all;

	all = pc->mem->alloc(pc->mem->arg, ((size_t) pc->used + 1) * sizeof(JyPathEntry));
	if (all == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	if (pc->used > 0)
		memcpy(all, pc->entries, (size_t) pc->used * sizeof(JyPathEntry));
	sort_keys(all, pc->used, NULL, pc->mem);
	*out = all;
	return JY_OK;
}

JyStatus
jy_path_top(const JyPathEntry *keys, uint32_t n, uint64_t none, uint32_t k,
			const JyMem *m, JyPathEntry **out, uint32_t *nout)
{
	JyPathEntry *all;

	all = m->alloc(m->arg, ((size_t) n + 1) * sizeof(JyPathEntry));
	if (all == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	if (n > 0)
		memcpy(all, keys, (size_t) n * sizeof(JyPathEntry));
	if (none > 0)
	{
		memset(&all[n], 0, sizeof(JyPathEntry));
		all[n++].count = none;
	}
	sort_entries(all, n, NULL, m);
	*out = all;
	*nout = n < k ? n : k;
	return JY_OK;
}

JyStatus
jy_pathcount_top(const JyPathCount *pc, uint32_t k, JyPathEntry **out,
				 uint32_t *nout)
{
	return jy_path_top(pc->entries, pc->used, pc->none, k, pc->mem, out, nout);
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

bool
jy_path_params_equal(const JyPathParams *a, const JyPathParams *b)
{
	uint32_t	i;

	if (a->kind != b->kind)
		return false;
	if (a->kind == JY_PATHS_TOP)
		return a->depth == b->depth && a->collapse == b->collapse;
	if (a->kind == JY_PATHS_EDGES)
	{
		if (a->depth != b->depth || a->collapse != b->collapse ||
			a->occurrence != b->occurrence || a->nclean != b->nclean)
			return false;
		for (i = 0; i < a->nclean; i++)
			if (jy_path_key_cmp(a->clean[i], a->clean_len[i], b->clean[i], b->clean_len[i]) != 0)
				return false;
		/* and the direction and anchor, below */
	}
	if (a->dir != b->dir || a->base != b->base || a->nlabels != b->nlabels)
		return false;
	for (i = 0; i < a->nlabels; i++)
		if (jy_path_key_cmp(a->label[i], a->label_len[i], b->label[i], b->label_len[i]) != 0)
			return false;
	return true;
}
