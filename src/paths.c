/*
 * paths.c -- path reports across customers: top_paths and next_steps
 *
 * Two steps.  An aggregate reduces every journey to one key -- the first
 * labels of its path (path_agg), or the label after an anchor chain, found
 * by the sequence_next_node engine (next_step_agg) -- and counts the actors
 * under each key (core/pathcount.c) into a path_summary: the counts, the
 * number of journeys, and the parameters that produced them.  rollup()
 * merges stored summaries of disjoint sets of actors; top_paths(summary, k)
 * and next_steps(summary, k) report the k most frequent keys.  Memory grows
 * with the number of distinct keys, not of journeys.
 *
 * The query-text forms top_paths(query, ...) and next_steps(query, ...) are
 * conveniences over these: they run the aggregate, qualified with the
 * extension's schema, over the caller's query (query.c), and report the
 * summary it returns with the same code.
 */
#include "journey.h"

#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "core/codec.h"
#include "core/pathcount.h"
#include "core/pathedges.h"
#include "summary.h"

/* ---------- the path_summary type ---------- */

/* A JyEdgePathVisit: are a path's labels valid in the database encoding? */
static bool
edges_labels_valid(void *arg, uint64 mult, uint32 nnodes, const char *const *label,
				   const uint32 *len)
{
	uint32		i;

	for (i = 0; i < nnodes; i++)
		if (!pg_verifymbstr(label[i], (int) len[i], true))
			return false;
	return true;
}

/* Are the labels of a (decoded, so well-formed) key of path edges valid text? */
static bool
edges_key_verify(const JyPathParams *p, const JyPathEntry *e)
{
	const char *label[JY_EDGES_MAX_DEPTH];
	uint32		len[JY_EDGES_MAX_DEPTH];

	return jy_edges_key_read(e->key, e->len, p, edges_labels_valid, NULL, label, len);
}

/*
 * The check of text and binary input: the core's decoder, then every key
 * and label valid in the database encoding (they come back as text)
 */
static JyStatus
path_summary_check(const uint8_t *data, size_t len, const JyMem *m, const char **why)
{
	JyPathSummary s;
	JyStatus	st = jy_path_summary_decode(data, len, m, &s, why);
	uint32		i;

	if (st != JY_OK)
		return st;
	for (i = 0; i < s.params.nlabels && st == JY_OK; i++)
		if (!pg_verifymbstr(s.params.label[i], (int) s.params.label_len[i], true))
			st = JY_ERR_CORRUPT;
	for (i = 0; i < s.params.nclean && st == JY_OK; i++)
		if (!pg_verifymbstr(s.params.clean[i], (int) s.params.clean_len[i], true))
			st = JY_ERR_CORRUPT;
	for (i = 0; i < s.nkeys && st == JY_OK; i++)
		if (s.params.kind == JY_PATHS_EDGES ? !edges_key_verify(&s.params, &s.keys[i])
			: !pg_verifymbstr(s.keys[i].key, (int) s.keys[i].len, true))
			st = JY_ERR_CORRUPT;
	if (st != JY_OK)
		*why = "A key or label is not valid in the database encoding.";
	jy_path_summary_free(&s, m);
	return st;
}

JOURNEY_SUMMARY_IO(path_summary, path_summary_check)

/* Decode a stored summary (checked on input): XX001 if damaged */
static void
path_summary_read(Datum d, JyPathSummary *s)
{
	size_t		len;
	const uint8 *data = JourneySummaryBytes(d, &len);
	const char *why = NULL;
	JyMem		mem;
	JyStatus	st;

	JourneyMemInit(&mem, CurrentMemoryContext);
	st = jy_path_summary_decode(data, len, &mem, s, &why);
	if (st == JY_ERR_CORRUPT)
		JourneySummaryDamaged("path", why);
	JourneyCheckStatus(st, "path_summary");
}

static char *edges_params_text(const JyPathParams *p);

/* The parameters as the call that builds them, for messages */
static char *
path_params_text(const JyPathParams *p)
{
	Datum		elems[JY_NODE_MAX_EVENTS];
	ArrayType  *arr;
	uint32		i;

	if (p->kind == JY_PATHS_TOP)
		return psprintf("path_agg(depth => %u, collapse_repeats => %s)",
						p->depth, p->collapse ? "true" : "false");
	if (p->kind == JY_PATHS_EDGES)
		return edges_params_text(p);
	for (i = 0; i < p->nlabels; i++)
		elems[i] = PointerGetDatum(cstring_to_text_with_len(p->label[i], (int) p->label_len[i]));
	arr = construct_array(elems, (int) p->nlabels, TEXTOID, -1, false, TYPALIGN_INT);
	return psprintf("next_step_agg(labels => %s, direction => '%s', base => '%s')",
					quote_literal_cstr(OidOutputFunctionCall(F_ARRAY_OUT, PointerGetDatum(arr))),
					jy_nextnode_direction_name(p->dir), jy_nextnode_base_name(p->base));
}

/* ---------- the aggregates' state ---------- */

/* Transition state of path_agg, next_step_agg and rollup(path_summary) */
typedef struct PathState
{
	JyMem		mem;			/* the memory context of the state */
	JyPathParams params;		/* labels copied into that context */
	JyPathCount pc;
	uint64		actors;			/* journeys seen (NULL ones not counted) */
} PathState;

/* A new state for summaries of the parameters p, in cxt */
static PathState *
path_state_new(MemoryContext cxt, const JyPathParams *p)
{
	PathState  *st = MemoryContextAllocZero(cxt, sizeof(PathState));
	uint32		i;

	JourneyMemInit(&st->mem, cxt);
	st->params = *p;
	for (i = 0; i < p->nlabels; i++)
	{
		char	   *copy = MemoryContextAlloc(cxt, p->label_len[i] + 1);

		memcpy(copy, p->label[i], p->label_len[i]);
		st->params.label[i] = copy;
	}
	for (i = 0; i < p->nclean; i++)
	{
		char	   *copy = MemoryContextAlloc(cxt, p->clean_len[i] + 1);

		memcpy(copy, p->clean[i], p->clean_len[i]);
		st->params.clean[i] = copy;
	}
	JourneyCheckStatus(jy_pathcount_init(&st->pc, &st->mem), "path_summary");
	return st;
}

/* Parameters must agree to be merged: 22023 naming both */
static void
path_params_same(const JyPathParams *a, const JyPathParams *b)
{
	if (!jy_path_params_equal(a, b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge path summaries of different parameters"),
				 errdetail("One was built by %s, the other by %s.",
						   path_params_text(a), path_params_text(b)),
				 errhint("Merge only summaries built with the same arguments.")));
}

/* The state st, or a new one in cxt when NULL; its parameters must be p */
static PathState *
path_state_for(PathState *st, MemoryContext cxt, const JyPathParams *p)
{
	if (st == NULL)
		return path_state_new(cxt, p);
	path_params_same(&st->params, p);
	return st;
}

/* Count more actors: the total must stay a bigint */
static void
path_state_add_actors(PathState *st, uint64 n)
{
	if (n > (uint64) PG_INT64_MAX - st->actors)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("path summary counts too many actors"),
				 errdetail("A summary counts at most %lld actors.", (long long) PG_INT64_MAX)));
	st->actors += n;
}

/* The summary bytes of a state (the final and the serialize function) */
static struct varlena *
path_state_summary(PathState *st)
{
	JyWriter	w;
	JyMem		mem;
	JyStatus	s;

	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	s = jy_path_summary_encode(&w, &st->params, &st->pc, st->actors);
	if (s != JY_OK && w.status == JY_OK)
		w.status = s;
	return JourneySummaryFromWriter(&w, "path_summary");
}

/* ---------- one journey: its key ---------- */

/* Count a journey under its first depth steps (top paths) */
static void
path_count_top(PathState *st, const JyJourney *j)
{
	JyMem		mem;
	char	   *path;
	size_t		len;
	const JyPathParams *p = &st->params;

	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_journey_path(j, 0, jy_journey_prefix_end(j, p->depth, p->collapse),
									   p->collapse, &mem, &path, &len), "path_agg");
	JourneyCheckStatus(jy_pathcount_add(&st->pc, path, (uint32) len), "path_agg");
	path_state_add_actors(st, 1);
}

/*
 * Count a journey under the label after (or before) its anchor chain
 * (labels: the anchor's label set).  Its touches are sequence_next_node
 * rows (base_cond true), plus a sentinel row beyond the end in the
 * direction of travel, so that "the anchor matched and the journey ends
 * there" (the sentinel: the "none" key) differs from "the anchor did not
 * match" (the journey counts among the actors, under no key).
 */
static void
path_count_next(PathState *st, const JyLabelSet *labels, const JyJourney *j)
{
	const JyPathParams *p = &st->params;
	JyNodeRow  *rows = JourneyNodeRows(j, labels, NULL, 0, 1);
	JyNodeRow  *sentinel;
	JyMem		mem;
	size_t		index;

	path_state_add_actors(st, 1);
	if (p->dir == JY_NODE_FORWARD)
		sentinel = &rows[j->n];
	else
	{
		memmove(rows + 1, rows, j->n * sizeof(JyNodeRow));
		sentinel = &rows[0];
	}
	memset(sentinel, 0, sizeof(JyNodeRow));
	JourneyMemInit(&mem, CurrentMemoryContext);
	if (!jy_nextnode_find(rows, j->n + 1, p->dir, p->base, (int) p->nlabels, &mem, &index))
		return;
	if (&rows[index] == sentinel)
		JourneyCheckStatus(jy_pathcount_add(&st->pc, NULL, 0), "next_step_agg");
	else
		JourneyCheckStatus(jy_pathcount_add(&st->pc, rows[index].value, rows[index].len),
						   "next_step_agg");
}

/* ---------- path_agg ---------- */

/* A depth, at least 1 */
static uint32
paths_depth(int32 depth)
{
	if (depth < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("depth must be at least 1"),
				 errdetail("It is %d.", depth)));
	return (uint32) depth;
}

/* An aggregate's parameter argument, which must not be NULL */
static void
paths_not_null(FunctionCallInfo fcinfo, int arg, const char *what)
{
	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", what)));
}

PG_FUNCTION_INFO_V1(path_agg_transfn);

/*
 * path_agg(j journey, depth int [, collapse_repeats bool DEFAULT true]):
 * count the journey under its first depth steps; NULL journeys are skipped
 */
Datum
path_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	PathState  *st = PG_ARGISNULL(0) ? NULL : (PathState *) PG_GETARG_POINTER(0);
	JyPathParams p;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "path_agg_transfn called in non-aggregate context");
	memset(&p, 0, sizeof(p));
	p.kind = JY_PATHS_TOP;
	paths_not_null(fcinfo, 2, "path_agg depth");
	p.depth = paths_depth(PG_GETARG_INT32(2));
	p.collapse = true;
	if (PG_NARGS() > 3)
	{
		paths_not_null(fcinfo, 3, "path_agg collapse_repeats");
		p.collapse = PG_GETARG_BOOL(3);
	}
	st = path_state_for(st, aggcxt, &p);
	if (!PG_ARGISNULL(1))
	{
		JyJourney	j;

		JourneyDecode(PG_GETARG_JOURNEY_P(1), &j);
		path_count_top(st, &j);
	}
	PG_RETURN_POINTER(st);
}

/* ---------- next_step_agg ---------- */

/* The anchor labels: their set for the engine, and the list itself */
typedef struct NextLabels
{
	JyLabelSet *set;
	int			n;
	const char *label[JY_NODE_MAX_EVENTS];
	uint32		len[JY_NODE_MAX_EVENTS];
} NextLabels;

/*
 * A text[] argument from an argument cache's bytes: an aligned copy with a
 * 4-byte header (kept, so elements may point into it), and its elements
 */
static ArrayType *
paths_text_array(const char *data, Size len, Datum **elems, bool **nulls, int *n)
{
	ArrayType  *arr = palloc(VARHDRSZ + len);

	SET_VARSIZE(arr, VARHDRSZ + len);
	memcpy(VARDATA(arr), data, len);
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, elems, nulls, n);
	return arr;
}

/* Build the anchor labels from a text[]'s bytes (a JourneyArgBuild) */
static void *
next_labels_build(FunctionCallInfo fcinfo, const char *data, Size len, void *extra)
{
	NextLabels *nl = palloc0(sizeof(NextLabels));
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;
	ArrayType  *arr = paths_text_array(data, len, &elems, &nulls, &n);

	nl->set = JourneyBuildSteps(arr, &nl->n, "anchor label");
	for (i = 0; i < n; i++)
	{
		nl->label[i] = VARDATA_ANY(DatumGetPointer(elems[i]));
		nl->len[i] = VARSIZE_ANY_EXHDR(DatumGetPointer(elems[i]));
	}
	return nl;
}

PG_FUNCTION_INFO_V1(next_step_agg_transfn);

/*
 * next_step_agg(j journey, labels text[] [, direction text DEFAULT
 * 'forward' [, base text DEFAULT 'first_match']]): count the journey under
 * the label right after (or before) the anchor chain, "none" when it ends
 * there; a journey where the chain does not match counts among the actors
 * only.  NULL journeys are skipped.
 */
Datum
next_step_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	PathState  *st = PG_ARGISNULL(0) ? NULL : (PathState *) PG_GETARG_POINTER(0);
	JourneyArgCache *cache = (JourneyArgCache *) fcinfo->flinfo->fn_extra;
	NextLabels *nl;
	JyPathParams p;
	int			i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "next_step_agg_transfn called in non-aggregate context");
	if (cache == NULL)
		cache = fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(JourneyArgCache));
	paths_not_null(fcinfo, 2, "next_step_agg labels");
	nl = JourneyArgCached(fcinfo, cache, 2, 0, next_labels_build, NULL);
	memset(&p, 0, sizeof(p));
	p.kind = JY_PATHS_NEXT;
	p.nlabels = (uint32) nl->n;
	for (i = 0; i < nl->n; i++)
	{
		p.label[i] = nl->label[i];
		p.label_len[i] = nl->len[i];
	}
	p.dir = JY_NODE_FORWARD;
	p.base = JY_NODE_FIRST_MATCH;
	if (PG_NARGS() > 3)
	{
		paths_not_null(fcinfo, 3, "next_step_agg direction");
		if (PG_NARGS() > 4)
			paths_not_null(fcinfo, 4, "next_step_agg base");
		JourneyNodeParse(PG_GETARG_TEXT_PP(3),
						 PG_NARGS() > 4 ? PG_GETARG_TEXT_PP(4) : cstring_to_text("first_match"),
						 nl->n, &p.dir, &p.base);
	}
	st = path_state_for(st, aggcxt, &p);
	if (!PG_ARGISNULL(1))
	{
		JyJourney	j;

		JourneyDecode(PG_GETARG_JOURNEY_P(1), &j);
		path_count_next(st, nl->set, &j);
	}
	PG_RETURN_POINTER(st);
}

/* ---------- support functions of the three aggregates ---------- */

PG_FUNCTION_INFO_V1(path_agg_finalfn);

/* Final function: the summary (NULL when the group had no rows) */
Datum
path_agg_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(path_state_summary((PathState *) PG_GETARG_POINTER(0)));
}

/* Merge state b into a (a new one when a is NULL); returns a */
static PathState *
path_state_merge(MemoryContext aggcxt, PathState *a, const PathState *b)
{
	a = path_state_for(a, aggcxt, &b->params);
	path_state_add_actors(a, b->actors);
	JourneyCheckStatus(jy_pathcount_merge(&a->pc, &b->pc), "path_summary");
	return a;
}

PG_FUNCTION_INFO_V1(path_agg_combine);

/* Combine: add the right state's counts to the left's */
Datum
path_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	PathState  *a = PG_ARGISNULL(0) ? NULL : (PathState *) PG_GETARG_POINTER(0);
	PathState  *b = PG_ARGISNULL(1) ? NULL : (PathState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "path_agg_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	PG_RETURN_POINTER(path_state_merge(aggcxt, a, b));
}

PG_FUNCTION_INFO_V1(path_agg_serialize);

/* Serialize: the summary's bytes (docs/format.md) */
Datum
path_agg_serialize(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "path_agg_serialize called in non-aggregate context");
	PG_RETURN_BYTEA_P(path_state_summary((PathState *) PG_GETARG_POINTER(0)));
}

/* Add a decoded summary's counts to a state of the same parameters */
static void
path_state_add_summary(PathState *st, const JyPathSummary *s)
{
	uint32		i;

	path_state_add_actors(st, s->actors);
	for (i = 0; i < s->nkeys; i++)
	{
		if ((i & 1023) == 1023)
			CHECK_FOR_INTERRUPTS();
		JourneyCheckStatus(jy_pathcount_add_n(&st->pc, s->keys[i].key, s->keys[i].len,
											  s->keys[i].count), "path_summary");
	}
	if (s->none > 0)
		JourneyCheckStatus(jy_pathcount_add_n(&st->pc, NULL, 0, s->none), "path_summary");
}

PG_FUNCTION_INFO_V1(path_agg_deserialize);

/* Deserialize: decode (fully checked) into a new state */
Datum
path_agg_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	JyPathSummary s;
	const char *why = NULL;
	JyMem		mem;
	JyStatus	st;
	PathState  *result;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "path_agg_deserialize called in non-aggregate context");
	JourneyMemInit(&mem, CurrentMemoryContext);
	st = jy_path_summary_decode((const uint8 *) VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes),
								&mem, &s, &why);
	if (st == JY_ERR_CORRUPT)
		JourneyCorruptState("path_agg", why);
	JourneyCheckStatus(st, "path_agg");
	result = path_state_new(CurrentMemoryContext, &s.params);
	path_state_add_summary(result, &s);
	PG_RETURN_POINTER(result);
}

PG_FUNCTION_INFO_V1(path_summary_rollup_transfn);

/* rollup(path_summary): add a stored summary's counts; NULLs are skipped */
Datum
path_summary_rollup_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	PathState  *st = PG_ARGISNULL(0) ? NULL : (PathState *) PG_GETARG_POINTER(0);
	JyPathSummary s;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "path_summary_rollup_transfn called in non-aggregate context");
	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	path_summary_read(PG_GETARG_DATUM(1), &s);
	st = path_state_for(st, aggcxt, &s.params);
	path_state_add_summary(st, &s);
	PG_RETURN_POINTER(st);
}

/* ---------- the reports ---------- */

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

/* What a summary of a kind holds, and the report that reads it */
static const char *const path_kind_name[] = {"", "top paths", "next steps", "path edges"};
static const char *const path_kind_report[] = {
	"", "top_paths(summary, k)", "next_steps(summary, k)", "path_edges(summary)"
};

/* A report over a summary of the wrong kind: 22023 with the right one */
static void
paths_check_kind(const JyPathSummary *s, JyPathKind want)
{
	if (s->params.kind != want)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s cannot report a summary of %s",
						want == JY_PATHS_TOP ? "top_paths" :
						want == JY_PATHS_NEXT ? "next_steps" : "path_edges",
						path_kind_name[s->params.kind]),
				 errdetail("The summary was built by %s.", path_params_text(&s->params)),
				 errhint("Use %s for it.", path_kind_report[s->params.kind])));
}

/*
 * Emit the k most frequent keys of a summary as (rank, key, actors, share)
 * rows; share = actors / the actors counted under any key (for next steps:
 * the journeys where the anchor chain matched).  The summary must be of the
 * report's kind.
 */
static void
paths_report(FunctionCallInfo fcinfo, Datum summary, JyPathKind want, int32 k)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	JyPathSummary s;
	JyPathEntry *top;
	JyMem		mem;
	uint32		n,
				i;

	path_summary_read(summary, &s);
	paths_check_kind(&s, want);
	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_path_top(s.keys, s.nkeys, s.none, (uint32) k, &mem, &top, &n),
					   "path report");
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
		values[3] = Float8GetDatum((double) top[i].count / (double) s.counted);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

PG_FUNCTION_INFO_V1(top_paths_summary);

/* top_paths(summary path_summary, k) -> TABLE(rank, path, actors, share) */
Datum
top_paths_summary(PG_FUNCTION_ARGS)
{
	int32		k;

	InitMaterializedSRF(fcinfo, 0);
	k = paths_k(fcinfo, 1);
	paths_report(fcinfo, PG_GETARG_DATUM(0), JY_PATHS_TOP, k);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(next_steps_summary);

/* next_steps(summary path_summary, k) -> TABLE(rank, next_label, actors, share) */
Datum
next_steps_summary(PG_FUNCTION_ARGS)
{
	int32		k;

	InitMaterializedSRF(fcinfo, 0);
	k = paths_k(fcinfo, 1);
	paths_report(fcinfo, PG_GETARG_DATUM(0), JY_PATHS_NEXT, k);
	return (Datum) 0;
}

/* ---------- the query-text forms ---------- */

/*
 * next_steps over the journeys of the query (argument 0): the arguments'
 * errors first, then next_step_agg over the query, reported
 */
static void
next_steps_run(FunctionCallInfo fcinfo, Datum anchor, int32 k, text *direction,
			   text *base)
{
	JyNodeDirection dir;
	JyNodeBase	b;
	int			n;
	Oid			types[3] = {TEXTARRAYOID, TEXTOID, TEXTOID};
	Datum		values[3];
	struct varlena *summary;

	(void) JourneyBuildSteps(DatumGetArrayTypeP(anchor), &n, "anchor label");
	JourneyNodeParse(direction, base, n, &dir, &b);
	values[0] = anchor;
	values[1] = PointerGetDatum(direction);
	values[2] = PointerGetDatum(base);
	summary = JourneyJourneysSummary(fcinfo, "next_steps", "next_step_agg", 3, types, values);
	if (summary != NULL)
		paths_report(fcinfo, PointerGetDatum(summary), JY_PATHS_NEXT, k);
}

PG_FUNCTION_INFO_V1(next_steps);

/*
 * next_steps(query, anchor text[], k, direction, base) -> TABLE(rank,
 * next_label, actors, share): next_step_agg over the journeys of the
 * query, reported
 */
Datum
next_steps(PG_FUNCTION_ARGS)
{
	int32		k;

	InitMaterializedSRF(fcinfo, 0);
	k = paths_k(fcinfo, 2);
	next_steps_run(fcinfo, PG_GETARG_DATUM(1), k, PG_GETARG_TEXT_PP(3), PG_GETARG_TEXT_PP(4));
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(next_steps_anchor_text);

/*
 * next_steps(query text, anchor text): the two-argument call with the
 * anchor as an array literal, next_steps('SELECT ...', '{add_to_cart}'),
 * which next_steps(path_summary, k) would otherwise make ambiguous; the
 * text is read as a text[] and the defaults of next_steps apply
 */
Datum
next_steps_anchor_text(PG_FUNCTION_ARGS)
{
	Datum		anchor;

	InitMaterializedSRF(fcinfo, 0);
	anchor = OidInputFunctionCall(F_ARRAY_IN, text_to_cstring(PG_GETARG_TEXT_PP(1)),
								  TEXTOID, -1);
	next_steps_run(fcinfo, anchor, 10, cstring_to_text("forward"),
				   cstring_to_text("first_match"));
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(top_paths);

/*
 * top_paths(query, depth, k, collapse_repeats) -> TABLE(rank, path,
 * actors, share): path_agg over the journeys of the query, reported
 */
Datum
top_paths(PG_FUNCTION_ARGS)
{
	Oid			types[2] = {INT4OID, BOOLOID};
	Datum		values[2];
	struct varlena *summary;
	int32		k;

	InitMaterializedSRF(fcinfo, 0);
	(void) paths_depth(PG_GETARG_INT32(1));
	k = paths_k(fcinfo, 2);
	values[0] = PG_GETARG_DATUM(1);
	values[1] = PG_GETARG_DATUM(3);
	summary = JourneyJourneysSummary(fcinfo, "top_paths", "path_agg", 2, types, values);
	if (summary != NULL)
		paths_report(fcinfo, PointerGetDatum(summary), JY_PATHS_TOP, k);
	return (Datum) 0;
}

/* ---------- Sankey-ready path edges: path_edges_agg, path_edges ---------- */

/*
 * The cleaning rules of a clean text[] argument, and the labels they have
 * cleaned so far (at most EDGES_CACHE_MAX of them: the rest are cleaned
 * every time), in the argument cache's memory context
 */
typedef struct EdgesClean
{
	MemoryContext cxt;
	Oid			collation;
	int			n;				/* strings: pattern, replacement, ... */
	text	   *rule[JY_EDGES_MAX_CLEAN];
	JyMem		mem;
	JyDict		seen;			/* raw labels cleaned, by id */
	char	  **out;			/* seen.n cleaned labels, NULL when removed */
	uint32	   *outlen;
	uint32		outcap;
} EdgesClean;

#define EDGES_CACHE_MAX 65536

/* A label through every rule, as regexp_replace(label, pattern, replacement) */
static text *
edges_clean_one(const EdgesClean *c, const char *label, uint32 len)
{
	Datum		t = PointerGetDatum(cstring_to_text_with_len(label, (int) len));
	int			i;

	for (i = 0; i < c->n; i += 2)
		t = DirectFunctionCall3Coll(textregexreplace_noopt, c->collation, t,
									PointerGetDatum(c->rule[i]),
									PointerGetDatum(c->rule[i + 1]));
	return DatumGetTextPP(t);
}

/* Build the rules from a text[]'s bytes (a JourneyArgBuild): checked, compiled once */
static void *
edges_clean_build(FunctionCallInfo fcinfo, const char *data, Size len, void *extra)
{
	EdgesClean *c = palloc0(sizeof(EdgesClean));
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;

	(void) paths_text_array(data, len, &elems, &nulls, &n);
	if (n % 2 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("path cleaning rules must come in pairs"),
				 errdetail("clean holds %d strings; it is pattern, replacement, pattern, replacement, ....", n)));
	if (n > JY_EDGES_MAX_CLEAN)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("at most %d path cleaning rules are allowed", JY_EDGES_MAX_CLEAN / 2),
				 errhint("Merge rules with alternation, as in '^(a|b)$'.")));
	c->cxt = CurrentMemoryContext;
	c->collation = OidIsValid(PG_GET_COLLATION()) ? PG_GET_COLLATION() : DEFAULT_COLLATION_OID;
	c->n = n;
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("a path cleaning rule must not be NULL")));
		c->rule[i] = DatumGetTextPCopy(elems[i]);
	}
	/* every pattern compiled now: a bad one fails before any row (2201B) */
	(void) edges_clean_one(c, "", 0);
	JourneyMemInit(&c->mem, c->cxt);
	jy_dict_init(&c->seen);
	return c;
}

/* The cleaned text of a raw label (NULL: cleaned to '', removed) */
static const char *
edges_clean_label(EdgesClean *c, const char *label, uint32 len, uint32 *outlen)
{
	uint32		before = c->seen.n,
				id;
	text	   *t;
	char	   *copy;

	if (c->seen.n < EDGES_CACHE_MAX)
	{
		JourneyCheckStatus(jy_dict_intern(&c->seen, &c->mem, label, len, &id), "path_edges_agg");
		if (id < before)
		{
			*outlen = c->outlen[id];
			return c->out[id];
		}
	}
	t = edges_clean_one(c, label, len);
	*outlen = VARSIZE_ANY_EXHDR(t);
	if (*outlen == 0 && len > 0)
		copy = NULL;
	else
	{
		copy = MemoryContextAlloc(c->cxt, *outlen + 1);
		memcpy(copy, VARDATA_ANY(t), *outlen);
	}
	if (c->seen.n > before)
	{
		if (id >= c->outcap)
		{
			c->outcap = c->outcap == 0 ? 64 : c->outcap * 2;
			c->out = c->out == NULL ? MemoryContextAlloc(c->cxt, c->outcap * sizeof(char *))
				: repalloc(c->out, c->outcap * sizeof(char *));
			c->outlen = c->outlen == NULL ? MemoryContextAlloc(c->cxt, c->outcap * sizeof(uint32))
				: repalloc(c->outlen, c->outcap * sizeof(uint32));
		}
		c->out[id] = copy;
		c->outlen[id] = *outlen;
	}
	return copy;
}

/* The argument caches of path_edges_agg (fn_extra) */
typedef struct EdgesArgs
{
	JourneyArgCache clean;
} EdgesArgs;

/* path_edges_agg's direction: 'forward' or 'backward' */
static JyNodeDirection
edges_direction(text *t)
{
	JyNodeDirection dir;

	if (!jy_nextnode_parse_direction(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &dir))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown path direction \"%s\"", text_to_cstring(t)),
				 errhint("The direction is \"forward\" or \"backward\".")));
	return dir;
}

/* path_edges_agg's occurrence: 'first', 'last' or 'every' */
static JyEdgeOccurrence
edges_occurrence(text *t)
{
	static const char *const names[] = {"first", "last", "every"};
	int			k = jy_keyword(names, 3, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));

	if (k < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown anchor occurrence \"%s\"", text_to_cstring(t)),
				 errhint("The occurrence is \"first\", \"last\" or \"every\".")));
	return (JyEdgeOccurrence) k;
}

/* The parameters of a path_edges_agg call (arguments 2 ..), and its rules */
static EdgesClean *
edges_params(FunctionCallInfo fcinfo, JyPathParams *p)
{
	EdgesArgs  *args = (EdgesArgs *) fcinfo->flinfo->fn_extra;
	EdgesClean *clean = NULL;
	int32		depth;
	int			i;

	if (args == NULL)
		args = fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(EdgesArgs));
	memset(p, 0, sizeof(*p));
	p->kind = JY_PATHS_EDGES;
	paths_not_null(fcinfo, 2, "path_edges_agg depth");
	depth = PG_GETARG_INT32(2);
	if (depth < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("path edges depth must be at least 2"),
				 errdetail("It is %d; the anchor is depth 1, so an edge needs depth 2.", depth)));
	if (depth > JY_EDGES_MAX_DEPTH)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("path edges depth must be at most %d", JY_EDGES_MAX_DEPTH),
				 errdetail("It is %d.", depth)));
	p->depth = (uint32) depth;
	p->collapse = true;
	p->dir = JY_NODE_FORWARD;
	p->occurrence = JY_EDGES_FIRST;
	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
	{
		text	   *a = PG_GETARG_TEXT_PP(3);

		p->nlabels = 1;
		p->label[0] = VARDATA_ANY(a);
		p->label_len[0] = VARSIZE_ANY_EXHDR(a);
	}
	if (PG_NARGS() > 4)
	{
		paths_not_null(fcinfo, 4, "path_edges_agg direction");
		paths_not_null(fcinfo, 5, "path_edges_agg occurrence");
		paths_not_null(fcinfo, 6, "path_edges_agg collapse_repeats");
		p->dir = edges_direction(PG_GETARG_TEXT_PP(4));
		p->occurrence = edges_occurrence(PG_GETARG_TEXT_PP(5));
		p->collapse = PG_GETARG_BOOL(6);
		if (p->nlabels == 0 && p->occurrence != JY_EDGES_FIRST)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("anchor occurrence \"%s\" needs an anchor",
							text_to_cstring(PG_GETARG_TEXT_PP(5))),
					 errdetail("Without an anchor a path starts at the journey's first touch (forward) or ends at its last (backward)."),
					 errhint("Give an anchor label, or the occurrence 'first'.")));
		if (!PG_ARGISNULL(7))
		{
			clean = JourneyArgCached(fcinfo, &args->clean, 7, 0, edges_clean_build, NULL);
			p->nclean = (uint32) clean->n;
			for (i = 0; i < clean->n; i++)
			{
				p->clean[i] = VARDATA_ANY(clean->rule[i]);
				p->clean_len[i] = VARSIZE_ANY_EXHDR(clean->rule[i]);
			}
			if (clean->n == 0)
				clean = NULL;
		}
	}
	return clean;
}

/* Count a journey under the key of its paths (none: an actor without a path) */
static void
edges_count(PathState *st, EdgesClean *clean, const JyJourney *j)
{
	JyEdgeStep *steps = palloc((j->n + 1) * sizeof(JyEdgeStep));
	const char **text = palloc((j->nlabels + 1) * sizeof(char *));
	uint32	   *len = palloc((j->nlabels + 1) * sizeof(uint32));
	uint32		i,
				n = 0,
				npaths;
	JyWriter	w;
	JyMem		mem;

	path_state_add_actors(st, 1);
	/* each distinct label of the journey cleaned once */
	for (i = 0; i < j->nlabels; i++)
	{
		text[i] = j->label_text[i];
		len[i] = j->label_len[i];
		if (clean != NULL)
			text[i] = edges_clean_label(clean, j->label_text[i], j->label_len[i], &len[i]);
	}
	for (i = 0; i < j->n; i++)
	{
		uint32		id = j->label[i];

		if (text[id] == NULL)
			continue;			/* cleaned away */
		steps[n].text = text[id];
		steps[n].len = len[id];
		n++;
	}
	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	JourneyCheckStatus(jy_edges_actor_key(steps, n, &st->params, &mem, &w, &npaths),
					   "path_edges_agg");
	if (npaths > 0)
	{
		if (w.len > MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("the paths of one journey take more than 1 GB")));
		JourneyCheckStatus(jy_pathcount_add(&st->pc, (const char *) w.buf, (uint32) w.len),
						   "path_edges_agg");
	}
	jy_writer_free(&w);
}

PG_FUNCTION_INFO_V1(path_edges_agg_transfn);

/*
 * path_edges_agg(j journey, depth int [, anchor text [, direction text,
 * occurrence text, collapse_repeats bool, clean text[]]]): count the
 * journey under the set of its paths; NULL journeys are skipped, a NULL
 * anchor is "no anchor", a NULL clean is "no cleaning"
 */
Datum
path_edges_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	PathState  *st = PG_ARGISNULL(0) ? NULL : (PathState *) PG_GETARG_POINTER(0);
	JyPathParams p;
	EdgesClean *clean;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "path_edges_agg_transfn called in non-aggregate context");
	clean = edges_params(fcinfo, &p);
	st = path_state_for(st, aggcxt, &p);
	if (!PG_ARGISNULL(1))
	{
		JyJourney	j;

		JourneyDecode(PG_GETARG_JOURNEY_P(1), &j);
		edges_count(st, clean, &j);
	}
	PG_RETURN_POINTER(st);
}

/* The call that builds a summary of path edges, for messages */
static char *
edges_params_text(const JyPathParams *p)
{
	static const char *const occ[] = {"first", "last", "every"};
	StringInfoData buf;
	uint32		i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "path_edges_agg(depth => %u, anchor => ", p->depth);
	if (p->nlabels == 0)
		appendStringInfoString(&buf, "NULL");
	else
		appendStringInfoString(&buf, quote_literal_cstr(pnstrdup(p->label[0], p->label_len[0])));
	appendStringInfo(&buf, ", direction => '%s', occurrence => '%s', collapse_repeats => %s, clean => ",
					 jy_nextnode_direction_name(p->dir), occ[p->occurrence],
					 p->collapse ? "true" : "false");
	if (p->nclean == 0)
		appendStringInfoString(&buf, "NULL");
	else
	{
		Datum		elems[JY_EDGES_MAX_CLEAN];
		ArrayType  *arr;

		for (i = 0; i < p->nclean; i++)
			elems[i] = PointerGetDatum(cstring_to_text_with_len(p->clean[i], (int) p->clean_len[i]));
		arr = construct_array(elems, (int) p->nclean, TEXTOID, -1, false, TYPALIGN_INT);
		appendStringInfoString(&buf, quote_literal_cstr(OidOutputFunctionCall(F_ARRAY_OUT,
																			  PointerGetDatum(arr))));
	}
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

PG_FUNCTION_INFO_V1(path_edges);

/*
 * path_edges(summary path_summary, top_n int DEFAULT NULL, min_actors
 * bigint DEFAULT NULL, dropoff bool DEFAULT true) -> TABLE(depth, source,
 * target, actors, transitions); NULL top_n / min_actors: no limit
 */
Datum
path_edges(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo;
	JyPathSummary s;
	JyEdgeReport r;
	JyMem		mem;
	int32		top_n = 0;
	int64		min_actors = 1;
	uint32		i;

	InitMaterializedSRF(fcinfo, 0);
	rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	if (!PG_ARGISNULL(1))
	{
		top_n = PG_GETARG_INT32(1);
		if (top_n < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("top_n must be at least 1"),
					 errdetail("It is %d; NULL keeps every target.", top_n)));
	}
	if (!PG_ARGISNULL(2))
	{
		min_actors = PG_GETARG_INT64(2);
		if (min_actors < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("min_actors must be at least 1"),
					 errdetail("It is " INT64_FORMAT "; NULL keeps every edge.", min_actors)));
	}
	paths_not_null(fcinfo, 3, "path_edges dropoff");
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	path_summary_read(PG_GETARG_DATUM(0), &s);
	paths_check_kind(&s, JY_PATHS_EDGES);
	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_edges_report(&s, (uint32) top_n, (uint64) min_actors,
									   PG_GETARG_BOOL(3), &mem, &r), "path_edges");
	for (i = 0; i < r.nrows; i++)
	{
		const JyEdgeRow *e = &r.rows[i];
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = Int32GetDatum(e->depth);
		values[1] = PointerGetDatum(cstring_to_text_with_len(e->source, (int) e->source_len));
		values[2] = PointerGetDatum(cstring_to_text_with_len(e->target, (int) e->target_len));
		values[3] = Int64GetDatum((int64) e->actors);
		values[4] = Int64GetDatum((int64) e->transitions);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(journey_after_dropoff);

/*
 * journey_after_dropoff(j journey, window interval, steps text[], mode
 * text DEFAULT ''): the touches from the one that reached the actor's
 * furthest step (window_funnel's level, the same engine) to the end; NULL
 * at level 0
 */
Datum
journey_after_dropoff(PG_FUNCTION_ARGS)
{
	JyFunnelSpec spec;
	JyEvent    *ev;
	JyMem		mem;
	JyJourney	j;
	JyJourneyBuilder b;
	size_t		n;
	int64		last,
				at = 0;
	int64		times[JY_MAX_STEPS];
	uint64		done = 0;
	bool		has_last,
				have_at = false;
	int			level = 0,
				k,
				nsteps;
	Datum	   *steps;
	bool	   *nulls;
	uint32		i,
				from;

	ev = JourneyFunnelEvents(fcinfo, 1, &spec, &n, &last, &has_last);
	if (spec.flags & JY_FUNNEL_TOTALS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel mode totals counts attempts, not one level per actor"),
				 errhint("journey_after_dropoff cuts a journey at the one step it reached.")));
	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_funnel_eval_chain(ev, n, &spec, &mem, &level, times, &done),
					   "journey_after_dropoff");
	if (level == 0)
		PG_RETURN_NULL();
	/* the latest step of the chain: the touch that reached the level */
	for (k = 0; k < level; k++)
		if ((done & ((uint64) 1 << k)) && (!have_at || times[k] > at))
		{
			at = times[k];
			have_at = true;
		}
	deconstruct_array(PG_GETARG_ARRAYTYPE_P(2), TEXTOID, -1, false, TYPALIGN_INT,
					  &steps, &nulls, &nsteps);
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	from = j.n;
	for (i = 0; i < j.n && from == j.n; i++)
	{
		if (j.ts[i] != at)
			continue;
		for (k = 0; k < level; k++)
		{
			text	   *s = DatumGetTextPP(steps[k]);

			if ((done & ((uint64) 1 << k)) && times[k] == at && !nulls[k] &&
				VARSIZE_ANY_EXHDR(s) == j.label_len[j.label[i]] &&
				memcmp(VARDATA_ANY(s), j.label_text[j.label[i]], j.label_len[j.label[i]]) == 0)
			{
				from = i;
				break;
			}
		}
	}
	if (from == j.n)
		elog(ERROR, "journey_after_dropoff: the touch of the furthest step is not found");
	jy_builder_init(&b);
	for (i = from; i < j.n; i++)
		JourneyCheckStatus(jy_builder_add(&b, &mem, j.ts[i], j.label_text[j.label[i]],
										  j.label_len[j.label[i]]), "journey");
	PG_RETURN_JOURNEY_P(JourneyFromBuilder(&b));
}
