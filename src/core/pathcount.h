/*
 * pathcount.h -- counting distinct paths (or next steps) across actors
 *
 * The path reports (top_paths, next_steps) reduce every actor to one key --
 * a path text, a label, or "none" -- and report the most frequent keys.  A
 * JyPathCount counts byte keys, found through a JyHash;
 * jy_pathcount_top returns the k most frequent keys, ties broken by key
 * bytes so the report is deterministic.
 *
 * A path summary (the path_summary type; its bytes are encoded and decoded
 * in codec.c) is such a count with the parameters that produced it
 * (JyPathParams): which report, and its depth and collapse_repeats, or its
 * anchor labels, direction and base.
 */
#ifndef JY_PATHCOUNT_H
#define JY_PATHCOUNT_H

#include <string.h>

#include "arena.h"
#include "hash.h"
#include "nextnode.h"

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

/* Count n actors under key at once (n >= 1; key == NULL: "none") */
extern JyStatus jy_pathcount_add_n(JyPathCount *pc, const char *key, uint32_t len,
								   uint64_t n);

/* Add every count of src to pc (keys are copied) */
extern JyStatus jy_pathcount_merge(JyPathCount *pc, const JyPathCount *src);

/*
 * The order of keys in a summary: bytewise, a key before a longer one it
 * prefixes (the tie-break of the report order too)
 */
static inline int
jy_path_key_cmp(const char *a, uint32_t alen, const char *b, uint32_t blen)
{
	uint32_t	n = alen < blen ? alen : blen;
	int			c = n > 0 ? memcmp(a, b, n) : 0;

	if (c != 0)
		return c;
	return (alen > blen) - (alen < blen);
}

/*
 * The distinct keys ("none" not included) in jy_path_key_cmp order: *out
 * (pc->used entries, allocated through pc->mem) points to the keys of pc
 */
extern JyStatus jy_pathcount_sorted(const JyPathCount *pc, JyPathEntry **out);

/*
 * The k most frequent of n keys and a "none" key counted none times (left
 * out when 0), in report order (below); *out, allocated through m,
 * receives *nout <= k entries
 */
extern JyStatus jy_path_top(const JyPathEntry *keys, uint32_t n, uint64_t none,
							uint32_t k, const JyMem *m, JyPathEntry **out,
							uint32_t *nout);

/*
 * The k most frequent keys (the "none" key included, as key NULL), by count
 * descending, then key bytes ascending with "none" last; *out (allocated
 * through the JyMem) receives *nout <= k entries.
 */
extern JyStatus jy_pathcount_top(const JyPathCount *pc, uint32_t k,
								 JyPathEntry **out, uint32_t *nout);

extern void jy_pathcount_free(JyPathCount *pc);

/* ---- the parameters and the decoded form of a path summary ---- */

/* Which report a path summary is for (its byte in the format) */
typedef enum JyPathKind
{
	JY_PATHS_TOP = 1,			/* path_agg: keys are path texts */
	JY_PATHS_NEXT = 2,			/* next_step_agg: keys are labels, "none" = ends */
	JY_PATHS_EDGES = 3			/* path_edges_agg: keys are actors' path sets
								 * (pathedges.h) */
} JyPathKind;

/* path_edges_agg: which occurrences of the anchor start (or end) a path */
typedef enum JyEdgeOccurrence
{
	JY_EDGES_FIRST = 0,
	JY_EDGES_LAST = 1,
	JY_EDGES_EVERY = 2
} JyEdgeOccurrence;

/* path_edges_agg: the deepest node, and the cleaning rules' strings */
#define JY_EDGES_MAX_DEPTH 255
#define JY_EDGES_MAX_CLEAN 64	/* 32 (pattern, replacement) pairs */

typedef struct JyPathParams
{
	JyPathKind	kind;
	/* JY_PATHS_TOP */
	uint32_t	depth;			/* 1 .. INT32_MAX */
	bool		collapse;		/* collapse_repeats */
	/* JY_PATHS_NEXT */
	JyNodeDirection dir;
	JyNodeBase	base;
	uint32_t	nlabels;		/* 1 .. JY_NODE_MAX_EVENTS anchor labels */
	const char *label[JY_NODE_MAX_EVENTS];	/* not NUL-terminated */
	uint32_t	label_len[JY_NODE_MAX_EVENTS];
	/*
	 * JY_PATHS_EDGES: depth (2 .. JY_EDGES_MAX_DEPTH), collapse, dir, and
	 * nlabels 0 (no anchor) or 1 (label[0] is the anchor), and:
	 */
	JyEdgeOccurrence occurrence;
	uint32_t	nclean;			/* even, <= JY_EDGES_MAX_CLEAN */
	const char *clean[JY_EDGES_MAX_CLEAN];	/* pattern, replacement, ... */
	uint32_t	clean_len[JY_EDGES_MAX_CLEAN];
} JyPathParams;

/* Do two summaries' parameters agree (so that they can be merged)? */
extern bool jy_path_params_equal(const JyPathParams *a, const JyPathParams *b);

/* A decoded path summary (jy_path_summary_decode, codec.h) */
typedef struct JyPathSummary
{
	JyPathParams params;		/* labels point into the bytes */
	uint64_t	actors;			/* journeys summarised, <= INT64_MAX */
	uint64_t	none;			/* JY_PATHS_NEXT: journeys that end after the anchor */
	uint64_t	counted;		/* none + every key's count: the share denominator
								 * (JY_PATHS_EDGES: the actors with a path) */
	uint32_t	nkeys;
	JyPathEntry *keys;			/* in jy_path_key_cmp order; point into the bytes */
} JyPathSummary;

#endif							/* JY_PATHCOUNT_H */
