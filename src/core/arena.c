/*
 * arena.c -- the core's arena of bytes (see arena.h)
 */
#include "arena.h"

#include <string.h>

/* A block: the link to the one before, then its bytes */
typedef struct ArenaBlock
{
	struct ArenaBlock *next;
	char		data[];
} ArenaBlock;

/* An empty arena (see arena.h) */
void
jy_arena_init(JyArena *a, size_t first, size_t max)
{
	a->blocks = NULL;
	a->cur = NULL;
	a->used = a->cap = 0;
	a->next = first > 0 ? first : 1;
	a->max = max > a->next ? max : a->next;
}

/* A copy of len bytes (see arena.h) */
const char *
jy_arena_copy(JyArena *a, const JyMem *m, const void *src, size_t len)
{
	char	   *dst;

	if (len == 0)
		return "";
	if (a->cur == NULL || a->cap - a->used < len)
	{
		size_t		size = len > a->next ? len : a->next;
		ArenaBlock *b;

		if (len > JY_MAX_ALLOC - sizeof(ArenaBlock))
			return NULL;
		if (size > JY_MAX_ALLOC - sizeof(ArenaBlock))
			size = JY_MAX_ALLOC - sizeof(ArenaBlock);
		b = m->alloc(m->arg, sizeof(ArenaBlock) + size);
		if (b == NULL)
			return NULL;
		b->next = a->blocks;
		a->blocks = b;
		a->cur = b->data;
		a->used = 0;
		a->cap = size;
		if (a->next < a->max)
			a->next = a->next > a->max / 2 ? a->max : a->next * 2;
	}
	dst = a->cur + a->used;
	memcpy(dst, src, len);
	a->used += len;
	return dst;
}

/* Release every block (see arena.h) */
void
jy_arena_free(JyArena *a, const JyMem *m)
{
	ArenaBlock *b = a->blocks;

	while (b != NULL)
	{
		ArenaBlock *next = b->next;

		m->release(m->arg, b);
		b = next;
	}
	a->blocks = NULL;
	a->cur = NULL;
	a->used = a->cap = 0;
}
