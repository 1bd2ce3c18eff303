/*
 * pathcount.h -- counting distinct paths (or next steps) across actors
 *
 * The path reports (top_paths, next_steps) reduce every actor to one key --
 * a path text, a label, or "none" -- and report the most frequent keys.  A
 * JyPathCount counts byte keys, found through a JyHash;
 * jy_pathcount_top returns the k most frequent keys, ties broken by key
 * bytes so the report is deterministic.
 */
#ifndef JY_PATHCOUNT_H
#define JY_PATHCOUNT_H

#include "arena.h"
#include "hash.h"

typedef struct JyPathEntry
{
	const char *key;			/* NULL for the "none" key */
	uint32_t	len;
	uint64_t	count;
} JyPathEntry;

typedef struct JyPathCount
{
	JyPathEntry *entries;		/* used distinct keys, in order of arrival */
	uint32_t	cap;
	uint32_t	used;
	JyHash		hash;			/* entries by key */
	uint64_t	none;			/* count of the "none" key */
	uint64_t	total;			/* every key added, "none" included */
	JyArena		keys;			/* the keys' bytes */
	const JyMem *mem;
} JyPathCount;

extern JyStatus jy_pathcount_init(JyPathCount *pc, const JyMem *m);

/* Count one actor under key (key == NULL: the "none" key) */
extern JyStatus jy_pathcount_add(JyPathCount *pc, const char *key, uint32_t len);

/*
 * The k most frequent keys (the "none" key included, as key NULL), by count
 * descending, then key bytes ascending with "none" last; *out (allocated
 * through the JyMem) receives *nout <= k entries.
 */
extern JyStatus jy_pathcount_top(const JyPathCount *pc, uint32_t k,
								 JyPathEntry **out, uint32_t *nout);

extern void jy_pathcount_free(JyPathCount *pc);

#endif							/* JY_PATHCOUNT_H */
