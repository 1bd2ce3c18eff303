/*
 * arena.h -- the core's arena of bytes
 *
 * A JyArena hands out copies of byte strings (keys, label or value texts)
 * from large blocks, so that many small strings cost no allocation each and
 * never move: a pointer stays valid until the arena is freed.  Blocks come
 * from the JyMem; their size doubles from first up to max, and a string
 * longer than the block size gets a block of its own.  Released all at once
 * by jy_arena_free (or with the memory context the JyMem allocates in).
 * Strings are not aligned and not NUL-terminated.
 */
#ifndef JY_ARENA_H
#define JY_ARENA_H

#include "jy.h"

typedef struct JyArena
{
	void	   *blocks;			/* list of blocks, newest first */
	char	   *cur;			/* the newest block's bytes */
	size_t		used,
				cap;			/* of the newest block */
	size_t		next;			/* size of the next block */
	size_t		max;			/* largest size of a shared block */
} JyArena;

/* An empty arena whose blocks grow from first to max bytes (allocates nothing) */
extern void jy_arena_init(JyArena *a, size_t first, size_t max);

/*
 * A copy of len bytes, valid until the arena is freed; "" when len is 0.
 * NULL when out of memory (the arena is then unchanged).
 */
extern const char *jy_arena_copy(JyArena *a, const JyMem *m, const void *src, size_t len);

/* Release every block; the arena is empty again */
extern void jy_arena_free(JyArena *a, const JyMem *m);

#endif							/* JY_ARENA_H */
