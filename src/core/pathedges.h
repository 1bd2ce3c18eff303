/*
 * pathedges.h -- Sankey-ready path edges (path_edges_agg, path_edges)
 *
 * A path starts at an anchor (or at the journey's first touch) and goes
 * forward, or ends at an anchor (or at the last touch) and is read
 * backward; it holds at most depth steps, counted from the anchor
 * outward: position 1 is the anchor.  Each actor is reduced to the set of
 * its paths (one, or one per occurrence of the anchor with
 * JY_EDGES_EVERY), encoded as one key of a path summary (JY_PATHS_EDGES,
 * counted by a JyPathCount like every path summary):
 *
 *	  key  = path ...				in increasing bytewise order of the paths
 *	  path = mult nnodes label ...	mult >= 1 (1 unless every), 1 <= nnodes <= depth
 *	  label = length bytes			varints; no NUL byte
 *
 * A key keeps whole paths, not edges, so that the report can group
 * targets (top N, minimum actors, "Other") after the fact and still count
 * distinct actors per edge exactly: the summary answers any report.
 *
 * The report walks the paths level by level.  At each level every path's
 * next label is ranked per source node (by actors, then transitions, then
 * label bytes); labels beyond the top N, or taken by fewer than
 * min_actors actors, become the node "Other", from which their paths
 * continue; paths that end before the depth go to the drop-off node.  The
 * first level is ranked by top N too, as the targets of the start (not by
 * min_actors, which weighs edges).
 */
#ifndef JY_PATHEDGES_H
#define JY_PATHEDGES_H

#include "pathcount.h"
#include "summary.h"

/* One touch of an actor's journey after cleaning: its label bytes */
typedef struct JyEdgeStep
{
	const char *text;
	uint32_t	len;
} JyEdgeStep;

/*
 * The key of one actor whose touches, cleaned and in time order, are
 * steps[0 .. n) (touches removed by cleaning left out): repeats collapsed
 * when p->collapse, then the paths from every start the parameters give.
 * Appends the key to w; *npaths receives the number of distinct paths (0:
 * no path, nothing written -- the actor counts without a key).
 */
extern JyStatus jy_edges_actor_key(const JyEdgeStep *steps, uint32_t n,
								   const JyPathParams *p, const JyMem *m,
								   JyWriter *w, uint32_t *npaths);

/* Called for every path of a key; false stops the walk */
typedef bool (*JyEdgePathVisit) (void *arg, uint64_t mult, uint32_t nnodes,
								 const char *const *label, const uint32_t *len);

/*
 * Check a key against the parameters (the format above, its paths in
 * order, each starting at the anchor, no repeats when collapse) and call
 * visit (when not NULL) for each path.  false when malformed, or when
 * visit returned false.  label and len (JY_EDGES_MAX_DEPTH entries) are
 * scratch of the caller's, valid during a visit.
 */
extern bool jy_edges_key_read(const char *key, uint32_t len, const JyPathParams *p,
							  JyEdgePathVisit visit, void *arg,
							  const char **label, uint32_t *lens);

/* One edge of the report */
typedef struct JyEdgeRow
{
	int32_t		depth;			/* of the source node */
	const char *source;
	uint32_t	source_len;
	const char *target;
	uint32_t	target_len;
	uint64_t	actors;			/* distinct actors taking the edge */
	uint64_t	transitions;	/* times it is taken */
} JyEdgeRow;

typedef struct JyEdgeReport
{
	JyEdgeRow  *rows;
	uint32_t	nrows;
	JyArena		names;			/* the node names' bytes */
} JyEdgeReport;

/*
 * The edges of a decoded summary of kind JY_PATHS_EDGES: top_n targets
 * per node (0: all), edges of fewer than min_actors actors folded into
 * "Other", drop-off edges when dropoff.  Rows in order of depth, then
 * actors descending, then source and target bytes.  Node names:
 * forward "<k>:<label>", "<k>:Other", "<k>:(dropped)"; backward
 * "-<k>:<label>", "-<k>:Other", "-<k>:(start)", where k is the position
 * counted from the anchor, and every edge goes from depth d to d + 1.
 * JY_ERR_VALUE_TOO_LARGE when a count passes INT64_MAX.
 */
extern JyStatus jy_edges_report(const JyPathSummary *s, uint32_t top_n,
								uint64_t min_actors, bool dropoff,
								const JyMem *m, JyEdgeReport *out);

extern void jy_edges_report_free(JyEdgeReport *r, const JyMem *m);

#endif							/* JY_PATHEDGES_H */
