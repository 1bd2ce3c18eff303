/*
 * sankey.h -- layout of the Sankey diagram (sankey_svg)
 *
 * Nodes are the distinct names of the edges' ends; a node's column is the
 * longest path to it from a node without incoming edges (so path_edges'
 * depth-named nodes fall in depth order); its height is proportional to its
 * flow, the larger of its incoming and outgoing actors.  In a column nodes
 * go by flow, largest first, with the "Other", "(dropped)" and "(start)"
 * nodes last.  Links are cubic Bezier bands as wide as their actors, stacked
 * at each node in the order of the nodes at their other ends, so they do
 * not cross at a node.  Labels drop path_edges' depth prefix ("2:visit"
 * shows as "visit"); the same label has the same colour in every column.
 */
#ifndef JY_SANKEY_H
#define JY_SANKEY_H

#include "jy.h"

/* Most distinct edges a diagram draws, and rows an aggregate keeps */
#define JY_SANKEY_MAX_EDGES 2000
#define JY_SANKEY_MAX_ROWS 100000

/* One input edge: names are user text (any bytes), not NUL-terminated */
typedef struct JySankeyEdge
{
	const char *source;
	const char *target;
	uint32_t	source_len;
	uint32_t	target_len;
	int64_t		actors;			/* >= 0; edges of 0 actors are left out */
} JySankeyEdge;

/* What was wrong with the input */
typedef enum JySankeyError
{
	JY_SANKEY_OK = 0,
	JY_SANKEY_NEGATIVE,			/* an edge of negative actors: edge */
	JY_SANKEY_CYCLE,			/* name is a node on a cycle (a self-loop too) */
	JY_SANKEY_TOO_MANY_EDGES,	/* more distinct edges than JY_SANKEY_MAX_EDGES */
	JY_SANKEY_OVERFLOW,			/* actors of an edge or node beyond int64: name */
	JY_SANKEY_STATUS			/* out of memory, or a document too large */
} JySankeyError;

/* The outcome of jy_sankey_svg */
typedef struct JySankeyResult
{
	JySankeyError error;
	JyStatus	status;
	JySankeyEdge edge;			/* JY_SANKEY_NEGATIVE */
	const char *name;			/* JY_SANKEY_CYCLE, OVERFLOW: points into an edge */
	uint32_t	name_len;
	size_t		edges;			/* JY_SANKEY_TOO_MANY_EDGES: how many */
} JySankeyResult;

/*
 * The diagram of edges[0..n) (not modified; duplicate (source, target)
 * edges are summed) as a standalone SVG document of the given width and
 * *len bytes, allocated with m; title (user text, NULL for none) at the
 * top.  No edge with actors: a "no data" chart.  NULL on failure, with res
 * saying why.
 */
extern char *jy_sankey_svg(const JyMem *m, const JySankeyEdge *edges, size_t n,
						   double width, const char *title, size_t title_len,
						   size_t *len, JySankeyResult *res);

/* The length of the depth prefix ("2:", "-1:") that name[0..len) starts with, or 0 */
extern size_t jy_sankey_prefix(const char *name, size_t len);

#endif							/* JY_SANKEY_H */
