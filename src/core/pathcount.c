/*
 * pathcount.c -- counting distinct paths across actors (pathcount.h)
 */
#include "pathcount.h"

#include <stdlib.h>
#include <string.h>

#define PATHCOUNT_MIN_CAP 1024
#define PATHCOUNT_BLOCK 65536

/* A block of key bytes; blocks are chained so that keys never move */
typedef struct KeyBlock
{
	struct KeyBlock *next;
	char		data[];
} KeyBlock;

JyStatus
jy_pathcount_init(JyPathCount *pc, const JyMem *m)
{
	memset(pc, 0, sizeof(*pc));
	pc->mem = m;
	pc->slots = m->alloc(m->arg, PATHCOUNT_MIN_CAP * sizeof(JyPathEntry));
	if (pc->slots == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	memset(pc->slots, 0, PATHCOUNT_MIN_CAP * sizeof(JyPathEntry));
	pc->cap = PATHCOUNT_MIN_CAP;
	return JY_OK;
}

/* Copy key bytes into the arena, opening a new block when needed */
static const char *
copy_key(JyPathCount *pc, const char *key, uint32_t len)
{
	char	   *dst;

	if (pc->arena == NULL || pc->arena_cap - pc->arena_used < len)
	{
		size_t		size = len > PATHCOUNT_BLOCK ? len : PATHCOUNT_BLOCK;
		KeyBlock   *b = pc->mem->alloc(pc->mem->arg, sizeof(KeyBlock) + size);

		if (b == NULL)
			return NULL;
		b->next = pc->blocks;
		pc->blocks = b;
		pc->arena = b->data;
		pc->arena_used = 0;
		pc->arena_cap = size;
	}
	dst = pc->arena + pc->arena_used;
	if (len > 0)
		memcpy(dst, key, len);
	pc->arena_used += len;
	return dst;
}

/* Double the table */
static JyStatus
grow(JyPathCount *pc)
{
	uint32_t	ncap = pc->cap * 2;
	JyPathEntry *ns;
	uint32_t	i;

	if (ncap > JY_MAX_ALLOC / sizeof(JyPathEntry))
		return JY_ERR_OUT_OF_MEMORY;
	ns = pc->mem->alloc(pc->mem->arg, ncap * sizeof(JyPathEntry));
	if (ns == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	memset(ns, 0, ncap * sizeof(JyPathEntry));
	for (i = 0; i < pc->cap; i++)
	{
		JyPathEntry *e = &pc->slots[i];
		uint32_t	s;

		if (e->count == 0)
			continue;
		for (s = e->hash & (ncap - 1); ns[s].count != 0; s = (s + 1) & (ncap - 1))
			;
		ns[s] = *e;
	}
	pc->mem->release(pc->mem->arg, pc->slots);
	pc->slots = ns;
	pc->cap = ncap;
	return JY_OK;
}

JyStatus
jy_pathcount_add(JyPathCount *pc, const char *key, uint32_t len)
{
	uint32_t	h,
				s;
	JyPathEntry *e;

	pc->total++;
	if (key == NULL)
	{
		pc->none++;
		return JY_OK;
	}
	if ((pc->used + 1) * 4 > pc->cap * 3)
	{
		JyStatus	st = grow(pc);

		if (st != JY_OK)
			return st;
	}
	h = jy_hash_bytes(key, len);
	for (s = h & (pc->cap - 1);; s = (s + 1) & (pc->cap - 1))
	{
		e = &pc->slots[s];
		if (e->count == 0)
			break;
		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
		{
			e->count++;
			return JY_OK;
		}
	}
	e->key = copy_key(pc, key, len);
	if (e->key == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	e->len = len;
	e->hash = h;
	e->count = 1;
	pc->used++;
	return JY_OK;
}

/* Report order: count descending, then key bytes, "none" (NULL) last */
static int
entry_cmp(const void *pa, const void *pb)
{
	const JyPathEntry *a = pa;
	const JyPathEntry *b = pb;
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
	for (i = 0; i < pc->cap; i++)
		if (pc->slots[i].count != 0)
			all[n++] = pc->slots[i];
	if (pc->none > 0)
	{
		memset(&all[n], 0, sizeof(JyPathEntry));
		all[n++].count = pc->none;
	}
	qsort(all, n, sizeof(JyPathEntry), entry_cmp);
	*out = all;
	*nout = n < k ? n : k;
	return JY_OK;
}

void
jy_pathcount_free(JyPathCount *pc)
{
	KeyBlock   *b = pc->blocks;

	while (b != NULL)
	{
		KeyBlock   *next = b->next;

		pc->mem->release(pc->mem->arg, b);
		b = next;
	}
	if (pc->slots != NULL)
		pc->mem->release(pc->mem->arg, pc->slots);
	memset(pc, 0, sizeof(*pc));
}
