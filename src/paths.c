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

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "core/codec.h"
#include "core/pathcount.h"
#include "summary.h"

/* ---------- the path_summary type ---------- */

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
	for (i = 0; i < s.nkeys && st == JY_OK; i++)
		if (!pg_verifymbstr(s.keys[i].key, (int) s.keys[i].len, true))
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

/* Build the anchor labels from a text[]'s bytes (a JourneyArgBuild) */
static void *
next_labels_build(FunctionCallInfo fcinfo, const char *data, Size len, void *extra)
{
	NextLabels *nl = palloc0(sizeof(NextLabels));
	ArrayType  *arr = palloc(VARHDRSZ + len);
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i;

	/* an aligned copy with a 4-byte header, kept: the labels point into it */
	SET_VARSIZE(arr, VARHDRSZ + len);
	memcpy(VARDATA(arr), data, len);
	nl->set = JourneyBuildSteps(arr, &nl->n, "anchor label");
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
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
	if (s.params.kind != want)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s cannot report a summary of %s",
						want == JY_PATHS_TOP ? "top_paths" : "next_steps",
						want == JY_PATHS_TOP ? "next steps" : "top paths"),
				 errdetail("The summary was built by %s.", path_params_text(&s.params)),
				 errhint("Use %s for it.",
						 want == JY_PATHS_TOP ? "next_steps(summary, k)" : "top_paths(summary, k)")));
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
