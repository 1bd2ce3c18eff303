/*
 * paths.c -- path reports across customers: next_steps and top_paths
 *
 * Both read the journeys from a query (its first column, of type journey;
 * query.c), reduce every journey to one key -- the label after an anchor
 * chain, found by the sequence_next_node engine, or the first labels of the
 * path -- and report the k most frequent keys (core/pathcount.c).  Memory grows with
 * the number of distinct keys, not of journeys.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/pathcount.h"

/* Emit the k most frequent keys as (rank, key, actors, share) rows */
static void
paths_emit(FunctionCallInfo fcinfo, JyPathCount *pc, uint64 denominator, int32 k)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	JyPathEntry *top;
	uint32		n,
				i;

	JourneyCheckStatus(jy_pathcount_top(pc, (uint32) k, &top, &n), "path report");
	for (i = 0; i < n; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = Int32GetDatum((int32) i + 1);
		if (top[i].key == NULL)
			nulls[1] = true;
		else
			values[1] = PointerGetDatum(cstring_to_text_with_len(top[i].key, top[i].len));
		values[2] = Int64GetDatum((int64) top[i].count);
		values[3] = Float8GetDatum((double) top[i].count / (double) denominator);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/* k, positive */
static int32
paths_k(FunctionCallInfo fcinfo, int arg)
{
	int32		k = PG_GETARG_INT32(arg);

	if (k < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be at least 1"),
				 errdetail("It is %d.", k)));
	return k;
}

/* ---------- next_steps ---------- */

typedef struct NextSteps
{
	JyLabelSet *labels;			/* the anchor chain: event k = anchor[k] */
	int			nevents;
	JyNodeDirection dir;
	JyNodeBase	base;
	JyPathCount pc;
	uint64		matched;		/* journeys where the anchor chain matched */
} NextSteps;

/*
 * One journey: its touches as sequence_next_node rows (base_cond true),
 * plus a sentinel row beyond the end in the direction of travel, so that "the
 * anchor matched and the journey ends there" (the sentinel) differs from
 * "the anchor did not match" (no answer).
 */
static void
next_steps_visit(void *arg, const JyJourney *j, MemoryContext tmp)
{
	NextSteps  *ns = arg;
	JyNodeRow  *rows = JourneyNodeRows(j, ns->labels, NULL, 0, 1);
	JyNodeRow  *sentinel;
	JyMem		mem;
	size_t		index;

	if (ns->dir == JY_NODE_FORWARD)
		sentinel = &rows[j->n];
	else
	{
		memmove(rows + 1, rows, j->n * sizeof(JyNodeRow));
		sentinel = &rows[0];
	}
	memset(sentinel, 0, sizeof(JyNodeRow));
	JourneyMemInit(&mem, tmp);
	if (!jy_nextnode_find(rows, j->n + 1, ns->dir, ns->base, ns->nevents, &mem, &index))
		return;
	ns->matched++;
	if (&rows[index] == sentinel)
		JourneyCheckStatus(jy_pathcount_add(&ns->pc, NULL, 0), "next_steps");
	else
		JourneyCheckStatus(jy_pathcount_add(&ns->pc, rows[index].value, rows[index].len),
						   "next_steps");
}

PG_FUNCTION_INFO_V1(next_steps);

/*
 * next_steps(query, anchor text[], k, direction, base) -> TABLE(rank,
 * next_label, actors, share): what the journeys do right after (or before)
 * the anchor chain; next_label NULL = the journey ends there.
 */
Datum
next_steps(PG_FUNCTION_ARGS)
{
	NextSteps	ns;
	JourneyStepsCache **slot = (JourneyStepsCache **) &fcinfo->flinfo->fn_extra;
	JourneyStepsCache *steps;
	JyMem		mem;
	int32		k;

	InitMaterializedSRF(fcinfo, 0);
	k = paths_k(fcinfo, 2);
	memset(&ns, 0, sizeof(ns));
	steps = JourneyReadSteps(fcinfo, slot, 1, "anchor label");
	ns.labels = steps->labels;
	ns.nevents = steps->nsteps;
	JourneyNodeParse(PG_GETARG_TEXT_PP(3), PG_GETARG_TEXT_PP(4), ns.nevents,
					 &ns.dir, &ns.base);
	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_pathcount_init(&ns.pc, &mem), "next_steps");
	JourneyForEachJourney(fcinfo, PG_GETARG_TEXT_PP(0), next_steps_visit, &ns);
	paths_emit(fcinfo, &ns.pc, ns.matched, k);
	return (Datum) 0;
}

/* ---------- top_paths ---------- */

typedef struct TopPaths
{
	uint32		depth;
	bool		collapse;
	JyPathCount pc;
	uint64		journeys;
} TopPaths;

static void
top_paths_visit(void *arg, const JyJourney *j, MemoryContext tmp)
{
	TopPaths   *tp = arg;
	JyMem		mem;
	char	   *path;
	size_t		len;

	JourneyMemInit(&mem, tmp);
	JourneyCheckStatus(jy_journey_path(j, 0, jy_journey_prefix_end(j, tp->depth, tp->collapse),
									   tp->collapse, &mem, &path, &len), "top_paths");
	JourneyCheckStatus(jy_pathcount_add(&tp->pc, path, (uint32) len), "top_paths");
	tp->journeys++;
}

PG_FUNCTION_INFO_V1(top_paths);

/*
 * top_paths(query, depth, k, collapse_repeats) -> TABLE(rank, path, actors,
 * share): the most frequent first depth steps of the journeys
 */
Datum
top_paths(PG_FUNCTION_ARGS)
{
	TopPaths	tp;
	JyMem		mem;
	int32		depth,
				k;

	InitMaterializedSRF(fcinfo, 0);
	depth = PG_GETARG_INT32(1);
	if (depth < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("depth must be at least 1"),
				 errdetail("It is %d.", depth)));
	k = paths_k(fcinfo, 2);
	memset(&tp, 0, sizeof(tp));
	tp.depth = (uint32) depth;
	tp.collapse = PG_GETARG_BOOL(3);
	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_pathcount_init(&tp.pc, &mem), "top_paths");
	JourneyForEachJourney(fcinfo, PG_GETARG_TEXT_PP(0), top_paths_visit, &tp);
	paths_emit(fcinfo, &tp.pc, tp.journeys, k);
	return (Datum) 0;
}
