/*
 * sankey.c -- sankey_svg(source, target, actors [, title]): a Sankey
 * diagram of an edge list (path_edges' rows) as SVG text
 *
 * The aggregate keeps its edges (at most JY_SANKEY_MAX_ROWS rows), their
 * names copied into an arena of the aggregate context; the final function
 * lays them out (core/sankey.c).  NULL source, target or actors is an
 * error; duplicate (source, target) rows are summed; rows of 0 actors are
 * left out.  No combine function: the rows are few.
 */
#include "journey.h"

#include "utils/builtins.h"

#include "core/arena.h"
#include "core/sankey.h"

#define SANKEY "sankey_svg"

/* Chart width, in pixels */
#define SANKEY_WIDTH 720

/* Transition state: the edges so far, names in the arena */
typedef struct SankeyState
{
	JyMem		mem;
	JyArena		names;
	JySankeyEdge *edges;
	uint32		n,
				cap;
	char	   *title;			/* NULL: none */
	int			title_len;
} SankeyState;

/* A copy of a text argument's bytes in the state's arena */
static const char *
copy_name(SankeyState *st, text *t, uint32 *len)
{
	const char *p,
			   *s;
	size_t		n;

	s = JourneySvgLabel(t, &n);
	*len = (uint32) n;
	p = jy_arena_copy(&st->names, &st->mem, s, n);
	if (p == NULL)
		JourneyCheckStatus(JY_ERR_OUT_OF_MEMORY, SANKEY);
	return p;
}

PG_FUNCTION_INFO_V1(sankey_svg_transfn);

/* Transition function: keep one edge */
Datum
sankey_svg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	SankeyState *st;
	JySankeyEdge *e;
	JyStatus	rc;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s called in non-aggregate context", "sankey_svg_transfn");
	st = PG_ARGISNULL(0) ? NULL : (SankeyState *) PG_GETARG_POINTER(0);
	if (st == NULL)
	{
		st = MemoryContextAllocZero(aggcxt, sizeof(SankeyState));
		JourneyMemInit(&st->mem, aggcxt);
		jy_arena_init(&st->names, 4096, 1 << 20);
	}
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("sankey %s must not be NULL", PG_ARGISNULL(1) ? "source" : "target")));
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("sankey actors must not be NULL")));
	if (st->n >= JY_SANKEY_MAX_ROWS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("sankey diagram cannot have more than %d input rows", JY_SANKEY_MAX_ROWS),
				 errhint("Sum the edges first (GROUP BY source, target), or keep the top ones.")));
	rc = jy_grow(&st->mem, (void **) &st->edges, &st->cap, st->n, 1,
				 sizeof(JySankeyEdge), JY_SANKEY_MAX_ROWS);
	JourneyCheckStatus(rc, SANKEY);
	e = &st->edges[st->n];
	e->source = copy_name(st, PG_GETARG_TEXT_PP(1), &e->source_len);
	e->target = copy_name(st, PG_GETARG_TEXT_PP(2), &e->target_len);
	e->actors = PG_GETARG_INT64(3);
	st->n++;
	JourneyChartTitle(fcinfo, 4, aggcxt, &st->title, &st->title_len, SANKEY);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(sankey_svg_finalfn);

/* Final function: the diagram; no rows give a "no data" chart */
Datum
sankey_svg_finalfn(PG_FUNCTION_ARGS)
{
	SankeyState *st = PG_ARGISNULL(0) ? NULL : (SankeyState *) PG_GETARG_POINTER(0);
	JyMem		mem;
	JySankeyResult res;
	size_t		len;
	char	   *doc;

	JourneyMemInit(&mem, CurrentMemoryContext);
	doc = jy_sankey_svg(&mem, st ? st->edges : NULL, st ? st->n : 0, SANKEY_WIDTH,
						st ? st->title : NULL, st ? st->title_len : 0, &len, &res);
	switch (res.error)
	{
		case JY_SANKEY_OK:
			break;
		case JY_SANKEY_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("sankey actors must not be negative"),
					 errdetail("The edge from \"%s\" to \"%s\" has " INT64_FORMAT " actors.",
							   pnstrdup(res.edge.source, res.edge.source_len),
							   pnstrdup(res.edge.target, res.edge.target_len),
							   res.edge.actors)));
			break;
		case JY_SANKEY_CYCLE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("sankey edges form a cycle"),
					 errdetail("Node \"%s\" is on a cycle.", pnstrdup(res.name, res.name_len)),
					 errhint("A Sankey diagram needs edges without cycles; path_edges names its nodes by depth so that they have none.")));
			break;
		case JY_SANKEY_TOO_MANY_EDGES:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("sankey diagram cannot have more than %d edges", JY_SANKEY_MAX_EDGES),
					 errdetail("There are %zu distinct edges with actors.", res.edges),
					 errhint("Keep fewer nodes, e.g. path_edges with top_n or min_actors.")));
			break;
		case JY_SANKEY_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("sankey actors out of range"),
					 errdetail("The actors of node \"%s\" sum beyond bigint.",
							   pnstrdup(res.name, res.name_len))));
			break;
		case JY_SANKEY_STATUS:
			JourneyCheckStatus(res.status, SANKEY);
			break;
	}
	PG_RETURN_TEXT_P(JourneySvgText(doc, len, SANKEY));
}
