/*
 * seq.c -- sequence_match, sequence_count and sequence_next_node
 *
 * The aggregates buffer their rows in the aggregate context and hand them to
 * the core engines (core/pattern.c, core/nextnode.c) in the final function;
 * the forms over a stored journey build the same rows from its touches.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "nodes/primnodes.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "core/arena.h"
#include "core/codec.h"
#include "core/events.h"
#include "core/nextnode.h"
#include "core/pattern.h"

#define SEQUENCE "sequence_match"
#define NEXT_NODE "sequence_next_node"

/* Gates count seconds over timestamps, raw units over bigint */
static int64
seq_gate_unit(uint8 tstype)
{
	return tstype == JOURNEY_TS_BIGINT ? 1 : USECS_PER_SEC;
}

/* Report a pattern that failed to compile */
static void
seq_pattern_error(const JyPatternError *err)
{
	switch (err->kind)
	{
		case JY_PATTERN_ERR_LIMIT:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("pattern is too long"),
					 errdetail("At position %d: %s.", err->position, err->message),
					 errhint("A pattern may have at most %d items and %d bytes.",
							 JY_PATTERN_MAX_ITEMS, JY_PATTERN_MAX_LENGTH)));
			break;
		case JY_PATTERN_ERR_OUT_OF_MEMORY:
			JourneyCheckStatus(JY_ERR_OUT_OF_MEMORY, SEQUENCE);
			break;
		case JY_PATTERN_ERR_ARGUMENT:
			elog(ERROR, "pattern compiler: %s", err->message);
			break;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid pattern at position %d: %s",
							err->position, err->message)));
	}
}

/* Compile a pattern in cxt; errors if it is invalid */
static JyPattern *
seq_compile(const char *text, size_t len, int nconds, int64 unit,
			MemoryContext cxt)
{
	JyMem		mem;
	JyPatternError err;
	JyPattern  *pat;

	JourneyMemInit(&mem, cxt);
	pat = jy_pattern_compile(text, len, nconds, unit, &mem, &err);
	if (pat == NULL)
		seq_pattern_error(&err);
	return pat;
}

/* The parameters a pattern is compiled with, the key of its cache */
typedef struct SeqCompileArgs
{
	int			nconds;
	int64		unit;
} SeqCompileArgs;

/* Compile a pattern in CurrentMemoryContext (a JourneyArgBuild) */
static void *
seq_build(FunctionCallInfo fcinfo, const char *data, Size len, void *extra)
{
	SeqCompileArgs *a = (SeqCompileArgs *) extra;

	return seq_compile(data, len, a->nconds, a->unit, CurrentMemoryContext);
}

/* The cache key of a pattern's parameters (nconds <= 64) */
static int64
seq_key(int nconds, int64 unit)
{
	return unit * 128 + nconds;
}

/*
 * The compiled pattern of len bytes at text through the cache c,
 * recompiled only when the text, the number of conditions or the unit
 * changes
 */
static JyPattern *
seq_cached_pattern(FunctionCallInfo fcinfo, JourneyArgCache *c, const char *text,
				   size_t len, int nconds, int64 unit)
{
	SeqCompileArgs a = {nconds, unit};

	return JourneyCachedValue(fcinfo, c, text, len, seq_key(nconds, unit), seq_build, &a);
}

/* The compiled pattern of argument argno through the cache c */
static JyPattern *
seq_pattern_arg(FunctionCallInfo fcinfo, JourneyArgCache *c, int argno,
				int nconds, int64 unit)
{
	SeqCompileArgs a = {nconds, unit};

	return JourneyArgCached(fcinfo, c, argno, seq_key(nconds, unit), seq_build, &a);
}

/* The caches of a final function or a form over journeys */
typedef struct SeqPatternCache
{
	JourneyArgCache pattern;
	JourneyStepsCache *steps;	/* forms over a journey: the labels */
} SeqPatternCache;

/* The SeqPatternCache of a call (in fn_extra) */
static SeqPatternCache *
seq_pattern_cache(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(SeqPatternCache));
	return (SeqPatternCache *) fcinfo->flinfo->fn_extra;
}

/* ---------- sequence_match / sequence_count aggregates ---------- */

/*
 * Transition state: these fields and the pattern text, then (at
 * SEQ_PREFIX) a JyEvents block, in one allocation grown as a whole.
 */
typedef struct SeqState
{
	uint32		patlen;
	uint8		tstype;			/* JourneyTsType */
	uint8		nconds;
	char		pattern[FLEXIBLE_ARRAY_MEMBER];
} SeqState;

#define SEQ_PREFIX(patlen) MAXALIGN(offsetof(SeqState, pattern) + (patlen))
#define SEQ_EVENTS(st) jy_events_at((st), SEQ_PREFIX((st)->patlen))

/* Per-call-site facts about the arguments, cached in fn_extra */
typedef struct SeqArgs
{
	const char *what;			/* the aggregate's name, for messages */
	uint8		tstype;
	int			nconds;
	JourneyArgCache pattern;	/* the pattern argument, compiled */
	JyMem		mem;
} SeqArgs;

/* A new state for a pattern, with room for extra events */
static SeqState *
seq_state_new(const JyMem *mem, uint8 tstype, int nconds, const char *pattern,
			  uint32 patlen, size_t extra)
{
	JyStatus	rc;
	SeqState   *st = jy_events_grow(NULL, SEQ_PREFIX(patlen), mem, extra, &rc);

	JourneyCheckStatus(rc, SEQUENCE);
	st->patlen = patlen;
	st->tstype = tstype;
	st->nconds = (uint8) nconds;
	memcpy(st->pattern, pattern, patlen);
	return st;
}

/* Error unless a state was built for the same pattern and conditions */
static void
seq_check_same(const SeqState *st, const char *pattern, uint32 patlen,
			   int nconds, uint8 tstype)
{
	if (st->patlen != patlen || memcmp(st->pattern, pattern, patlen) != 0 ||
		st->nconds != nconds || st->tstype != tstype)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sequence pattern must be the same for every row of a group")));
}

/* Analyse the argument list once per call site */
static SeqArgs *
seq_args_setup(FunctionCallInfo fcinfo)
{
	SeqArgs    *fa;
	Aggref	   *aggref = AggGetAggref(fcinfo);

	fa = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(SeqArgs));
	fa->what = aggref != NULL ? get_func_name(aggref->aggfnoid) : SEQUENCE;
	fa->tstype = JourneyTsTypeOf(get_fn_expr_argtype(fcinfo->flinfo, 2), fa->what);
	fa->nconds = JourneyCheckConditions(fcinfo, 3, fa->what);
	fcinfo->flinfo->fn_extra = fa;
	return fa;
}

PG_FUNCTION_INFO_V1(sequence_transfn);

/*
 * Transition function of sequence_match and sequence_count:
 * (state, pattern, ts, cond1, ..., condN).  A row becomes one 16-byte event
 * when some condition holds; other rows are not stored (they cannot change
 * the result).  No per-row allocation.
 */
Datum
sequence_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	SeqArgs    *fa = (SeqArgs *) fcinfo->flinfo->fn_extra;
	SeqState   *st;
	text	   *pat;
	uint64		mask = 0;
	int			i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "sequence_transfn called in non-aggregate context");
	if (fa == NULL)
		fa = seq_args_setup(fcinfo);
	JourneyMemInit(&fa->mem, aggcxt);
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("sequence pattern must not be NULL")));
	pat = PG_GETARG_TEXT_PP(1);
	/* compiled when it is new, so errors come early */
	seq_pattern_arg(fcinfo, &fa->pattern, 1, fa->nconds, seq_gate_unit(fa->tstype));
	if (PG_ARGISNULL(0))
		st = seq_state_new(&fa->mem, fa->tstype, fa->nconds, VARDATA_ANY(pat),
						   VARSIZE_ANY_EXHDR(pat), 0);
	else
	{
		st = (SeqState *) PG_GETARG_POINTER(0);
		if (!fa->pattern.is_const)
			seq_check_same(st, VARDATA_ANY(pat), VARSIZE_ANY_EXHDR(pat),
						   fa->nconds, fa->tstype);
	}
	if (PG_ARGISNULL(2))
		PG_RETURN_POINTER(st);
	for (i = 0; i < fa->nconds; i++)
	{
		int			a = 3 + i;

		if (!PG_ARGISNULL(a) && PG_GETARG_BOOL(a))
			mask |= UINT64CONST(1) << i;
	}
	if (mask != 0)
		st = JourneyStatePush(st, SEQ_PREFIX(st->patlen), &fa->mem,
							  PG_GETARG_INT64(2), mask, SEQUENCE);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(sequence_combine);

/* Offset of the event block of a state */
static size_t
seq_prefix(const void *st)
{
	return SEQ_PREFIX(((const SeqState *) st)->patlen);
}

/* Error unless two states can be combined */
static void
seq_same(const void *a, const void *b)
{
	const SeqState *sb = b;

	seq_check_same(a, sb->pattern, sb->patlen, sb->nconds, sb->tstype);
}

/* Combine function: append the right state's events to the left's */
Datum
sequence_combine(PG_FUNCTION_ARGS)
{
	return JourneyCombineEvents(fcinfo, seq_prefix, seq_same, SEQUENCE);
}

PG_FUNCTION_INFO_V1(sequence_serialize);

/* Serialize into the portable format of docs/format.md (core codec) */
Datum
sequence_serialize(PG_FUNCTION_ARGS)
{
	SeqState   *st = (SeqState *) PG_GETARG_POINTER(0);
	JyEvents   *ev = SEQ_EVENTS(st);
	size_t		size = jy_seq_state_size(st->nconds, st->patlen, ev->n);
	bytea	   *out;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "sequence_serialize called in non-aggregate context");
	if (size > MaxAllocSize - VARHDRSZ)
		JourneyCheckStatus(JY_ERR_TOO_MANY_EVENTS, SEQUENCE);
	out = palloc(VARHDRSZ + size);
	SET_VARSIZE(out, VARHDRSZ + size);
	jy_seq_state_encode(st->tstype, st->nconds, st->pattern, st->patlen,
						ev->ev, ev->n, (uint8 *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(sequence_deserialize);

/* Deserialize, checking every field and the length (core codec) */
Datum
sequence_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	const uint8 *in = (const uint8 *) VARDATA_ANY(bytes);
	size_t		len = VARSIZE_ANY_EXHDR(bytes);
	SeqState   *st;
	JyEvents   *ev;
	uint8		tstype;
	int			nconds;
	uint32		patlen,
				n;
	const char *why = NULL;
	JyMem		mem;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "sequence_deserialize called in non-aggregate context");
	if (jy_seq_state_decode_header(in, len, JOURNEY_TS_NTYPES, &tstype, &nconds,
								   &patlen, &n, &why) != JY_OK)
		JourneyCorruptState(SEQUENCE, why);
	JourneyMemInit(&mem, CurrentMemoryContext);
	st = seq_state_new(&mem, tstype, nconds, (const char *) in + JY_SEQ_HEADER_SIZE,
					   patlen, n);
	ev = SEQ_EVENTS(st);
	if (jy_events_decode(in + JY_SEQ_HEADER_SIZE + patlen, n, nconds, ev->ev, &why) != JY_OK)
		JourneyCorruptState(SEQUENCE, why);
	ev->n = n;
	ev->sorted = false;
	PG_RETURN_POINTER(st);
}

/* Sort a state's events and compile its pattern (cached) */
static const JyPattern *
seq_final_prepare(FunctionCallInfo fcinfo, SeqState *st, JyMem *mem)
{
	JourneyMemInit(mem, CurrentMemoryContext);
	jy_events_sort(SEQ_EVENTS(st), mem);
	return seq_cached_pattern(fcinfo, &seq_pattern_cache(fcinfo)->pattern, st->pattern,
							  st->patlen, st->nconds, seq_gate_unit(st->tstype));
}

PG_FUNCTION_INFO_V1(sequence_match_finalfn);

/* Final function of sequence_match: false for a group without rows */
Datum
sequence_match_finalfn(PG_FUNCTION_ARGS)
{
	SeqState   *st;
	const JyPattern *pat;
	JyMem		mem;
	bool		result;

	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(false);
	st = (SeqState *) PG_GETARG_POINTER(0);
	pat = seq_final_prepare(fcinfo, st, &mem);
	JourneyCheckStatus(jy_sequence_match(pat, SEQ_EVENTS(st)->ev, SEQ_EVENTS(st)->n,
										 &mem, &result), SEQUENCE);
	PG_RETURN_BOOL(result);
}

PG_FUNCTION_INFO_V1(sequence_count_finalfn);

/* Final function of sequence_count: 0 for a group without rows */
Datum
sequence_count_finalfn(PG_FUNCTION_ARGS)
{
	SeqState   *st;
	const JyPattern *pat;
	JyMem		mem;
	uint64		result;

	if (PG_ARGISNULL(0))
		PG_RETURN_INT64(0);
	st = (SeqState *) PG_GETARG_POINTER(0);
	pat = seq_final_prepare(fcinfo, st, &mem);
	JourneyCheckStatus(jy_sequence_count(pat, SEQ_EVENTS(st)->ev, SEQ_EVENTS(st)->n,
										 &mem, &result), "sequence_count");
	PG_RETURN_INT64((int64) result);
}

/* ---------- the same over a stored journey ---------- */

/*
 * Events of a journey under the label conditions of argument labels_arg,
 * and the compiled pattern of argument 1
 */
static const JyPattern *
seq_journey_prepare(FunctionCallInfo fcinfo, JyEvent **ev, size_t *n, JyMem *mem)
{
	SeqPatternCache *c = seq_pattern_cache(fcinfo);
	JourneyStepsCache *steps;
	const JyPattern *p;
	JyJourney	j;

	steps = JourneyReadSteps(fcinfo, &c->steps, 2, "sequence label");
	p = seq_pattern_arg(fcinfo, &c->pattern, 1, steps->nsteps, USECS_PER_SEC);
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	JourneyMemInit(mem, CurrentMemoryContext);
	*ev = palloc((j.n + 1) * sizeof(JyEvent));
	*n = jy_journey_events(&j, JourneyLabelMasks(&j, steps->labels), false, *ev, mem);
	return p;
}

PG_FUNCTION_INFO_V1(sequence_match_journey);

/* sequence_match(journey, pattern, labels text[]): condition k = labels[k] */
Datum
sequence_match_journey(PG_FUNCTION_ARGS)
{
	JyEvent    *ev;
	size_t		n;
	JyMem		mem;
	bool		result;
	const JyPattern *pat = seq_journey_prepare(fcinfo, &ev, &n, &mem);

	JourneyCheckStatus(jy_sequence_match(pat, ev, n, &mem, &result), SEQUENCE);
	PG_RETURN_BOOL(result);
}

PG_FUNCTION_INFO_V1(sequence_count_journey);

/* sequence_count(journey, pattern, labels text[]) */
Datum
sequence_count_journey(PG_FUNCTION_ARGS)
{
	JyEvent    *ev;
	size_t		n;
	JyMem		mem;
	uint64		result;
	const JyPattern *pat = seq_journey_prepare(fcinfo, &ev, &n, &mem);

	JourneyCheckStatus(jy_sequence_count(pat, ev, n, &mem, &result), "sequence_count");
	PG_RETURN_INT64((int64) result);
}

/* ---------- sequence_next_node ---------- */

/* Direction and base from text arguments; errors name the bad value */
void
JourneyNodeParse(text *dir_text, text *base_text, int nevents, JyNodeDirection *dir,
		   JyNodeBase *base)
{
	JyNodeCheck check;

	if (!jy_nextnode_parse_direction(VARDATA_ANY(dir_text), VARSIZE_ANY_EXHDR(dir_text), dir))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown sequence_next_node direction \"%s\"",
						text_to_cstring(dir_text)),
				 errhint("The direction is \"forward\" or \"backward\".")));
	if (!jy_nextnode_parse_base(VARDATA_ANY(base_text), VARSIZE_ANY_EXHDR(base_text), base))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown sequence_next_node base \"%s\"",
						text_to_cstring(base_text)),
				 errhint("The base is \"head\", \"tail\", \"first_match\" or \"last_match\".")));
	check = jy_nextnode_check(*dir, *base, nevents);
	if (check == JY_NODE_EVENT_COUNT)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s", jy_nextnode_check_message(check))));
	if (check != JY_NODE_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sequence_next_node cannot use direction \"%s\" with base \"%s\"",
						jy_nextnode_direction_name(*dir), jy_nextnode_base_name(*base)),
				 errdetail("The %s.", jy_nextnode_check_message(check))));
}

/* Direction and base arguments that must not be NULL */
static void
node_args(FunctionCallInfo fcinfo, int dir_arg, int nevents,
		  JyNodeDirection *dir, JyNodeBase *base)
{
	if (PG_ARGISNULL(dir_arg) || PG_ARGISNULL(dir_arg + 1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("sequence_next_node direction and base must not be NULL")));
	JourneyNodeParse(PG_GETARG_TEXT_PP(dir_arg), PG_GETARG_TEXT_PP(dir_arg + 1), nevents,
					 dir, base);
}

/* Transition state of sequence_next_node, in the aggregate context */
typedef struct NodeState
{
	uint8		dir;			/* JyNodeDirection */
	uint8		base;			/* JyNodeBase */
	uint8		nevents;
	uint32		n;
	uint32		cap;
	JyNodeRow  *rows;
	JyArena		values;			/* value bytes; rows point into them */
} NodeState;

/* Most rows one group may hold (the rows array is one allocation) */
#define NODE_MAX_ROWS ((uint32) (MaxAllocSize / sizeof(JyNodeRow)))

/* Per-call-site facts, cached in fn_extra */
typedef struct NodeArgs
{
	int			nevents;
	bool		params_const;
	bool		known;
	JyNodeDirection dir;
	JyNodeBase	base;
} NodeArgs;

static NodeState *
node_state_new(MemoryContext cxt, JyNodeDirection dir, JyNodeBase base,
			   int nevents, uint32 cap)
{
	NodeState  *st = MemoryContextAllocZero(cxt, sizeof(NodeState));

	st->dir = (uint8) dir;
	st->base = (uint8) base;
	st->nevents = (uint8) nevents;
	st->cap = Max(cap, 8);
	st->rows = MemoryContextAlloc(cxt, st->cap * sizeof(JyNodeRow));
	jy_arena_init(&st->values, 8192, (size_t) 8 << 20);
	return st;
}

/* Room for extra more rows */
static void
node_state_reserve(NodeState *st, uint32 extra)
{
	uint64		need = (uint64) st->n + extra;

	if (need <= st->cap)
		return;
	if (need > NODE_MAX_ROWS)
		JourneyCheckStatus(JY_ERR_TOO_MANY_EVENTS, NEXT_NODE);
	st->cap = (uint32) Min(Max(need, (uint64) st->cap * 2), (uint64) NODE_MAX_ROWS);
	st->rows = repalloc(st->rows, st->cap * sizeof(JyNodeRow));
}

/* A copy of len bytes in the state's arena, in cxt (no allocation per row) */
static const char *
node_copy_value(NodeState *st, MemoryContext cxt, const char *value, uint32 len)
{
	JyMem		mem;
	const char *dst;

	JourneyMemInit(&mem, cxt);
	dst = jy_arena_copy(&st->values, &mem, value, len);
	if (dst == NULL)
		JourneyCheckStatus(JY_ERR_OUT_OF_MEMORY, NEXT_NODE);
	return dst;
}

static void
node_check_same(const NodeState *st, JyNodeDirection dir, JyNodeBase base, int nevents)
{
	if (st->dir != dir || st->base != base || st->nevents != nevents)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sequence_next_node direction and base must be the same for every row of a group")));
}

PG_FUNCTION_INFO_V1(sequence_next_node_transfn);

/*
 * (state, direction, base, ts, value, base_cond [, event1, ..., eventN]).
 * Every row with a timestamp and a value is kept (any row can be the
 * answer); NULL conditions are false.
 */
Datum
sequence_next_node_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	NodeArgs   *na = (NodeArgs *) fcinfo->flinfo->fn_extra;
	NodeState  *st;
	JyNodeDirection dir;
	JyNodeBase	base;
	JyNodeRow  *r;
	text	   *value;
	uint64		mask = 0;
	int			i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "sequence_next_node_transfn called in non-aggregate context");
	if (na == NULL)
	{
		na = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(NodeArgs));
		na->nevents = PG_NARGS() > 6 ? JourneyCheckConditions(fcinfo, 6, NEXT_NODE) : 0;
		na->params_const = JourneyArgIsConst(fcinfo, 1) && JourneyArgIsConst(fcinfo, 2);
		fcinfo->flinfo->fn_extra = na;
	}
	if (na->known)
	{
		dir = na->dir;
		base = na->base;
	}
	else
	{
		node_args(fcinfo, 1, na->nevents, &dir, &base);
		na->dir = dir;
		na->base = base;
		na->known = na->params_const;
	}
	if (PG_ARGISNULL(0))
		st = node_state_new(aggcxt, dir, base, na->nevents, 0);
	else
	{
		st = (NodeState *) PG_GETARG_POINTER(0);
		if (!na->params_const)
			node_check_same(st, dir, base, na->nevents);
	}
	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
		PG_RETURN_POINTER(st);
	for (i = 0; i < na->nevents; i++)
	{
		if (!PG_ARGISNULL(6 + i) && PG_GETARG_BOOL(6 + i))
			mask |= UINT64CONST(1) << i;
	}
	node_state_reserve(st, 1);
	value = PG_GETARG_TEXT_PP(4);
	r = &st->rows[st->n++];
	r->ts = PG_GETARG_INT64(3);
	r->mask = mask;
	r->len = VARSIZE_ANY_EXHDR(value);
	r->value = node_copy_value(st, aggcxt, VARDATA_ANY(value), r->len);
	r->base = !PG_ARGISNULL(5) && PG_GETARG_BOOL(5);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(sequence_next_node_combine);

/* Combine: copy the right state's rows (and values) into the left */
Datum
sequence_next_node_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	NodeState  *a = PG_ARGISNULL(0) ? NULL : (NodeState *) PG_GETARG_POINTER(0);
	NodeState  *b = PG_ARGISNULL(1) ? NULL : (NodeState *) PG_GETARG_POINTER(1);
	uint32		i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "sequence_next_node_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = node_state_new(aggcxt, b->dir, b->base, b->nevents, b->n);
	else
		node_check_same(a, b->dir, b->base, b->nevents);
	node_state_reserve(a, b->n);
	for (i = 0; i < b->n; i++)
	{
		JyNodeRow  *r = &a->rows[a->n++];

		*r = b->rows[i];
		r->value = node_copy_value(a, aggcxt, b->rows[i].value, b->rows[i].len);
	}
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(sequence_next_node_serialize);

Datum
sequence_next_node_serialize(PG_FUNCTION_ARGS)
{
	NodeState  *st = (NodeState *) PG_GETARG_POINTER(0);
	size_t		size;
	bytea	   *out;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "sequence_next_node_serialize called in non-aggregate context");
	size = jy_node_state_size(st->rows, st->n, st->nevents, MaxAllocSize - VARHDRSZ);
	if (size == 0)
		JourneyCheckStatus(JY_ERR_TOO_MANY_EVENTS, NEXT_NODE);
	out = palloc(VARHDRSZ + size);
	SET_VARSIZE(out, VARHDRSZ + size);
	jy_node_state_encode(st->dir, st->base, st->nevents, st->rows, st->n,
						 (uint8 *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(sequence_next_node_deserialize);

/* Deserialize: the bytes are copied once; rows point into the copy */
Datum
sequence_next_node_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	size_t		len = VARSIZE_ANY_EXHDR(bytes);
	uint8	   *copy;
	NodeState  *st;
	JyNodeDirection dir;
	JyNodeBase	base;
	int			nevents;
	uint32		n;
	const char *why = NULL;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "sequence_next_node_deserialize called in non-aggregate context");
	copy = palloc(Max(len, 1));
	memcpy(copy, VARDATA_ANY(bytes), len);
	if (jy_node_state_decode(copy, len, &dir, &base, &nevents, &n, NULL, &why) != JY_OK)
		JourneyCorruptState(NEXT_NODE, why);
	st = node_state_new(CurrentMemoryContext, dir, base, nevents, n);
	if (jy_node_state_decode(copy, len, &dir, &base, &nevents, &n, st->rows, &why) != JY_OK)
		JourneyCorruptState(NEXT_NODE, why);
	st->n = n;
	PG_RETURN_POINTER(st);
}

/* The text of row index, or NULL (as a Datum and a flag) */
static Datum
node_result(FunctionCallInfo fcinfo, const JyNodeRow *rows, size_t n,
			JyNodeDirection dir, JyNodeBase base, int nevents)
{
	JyMem		mem;
	size_t		index;

	JourneyMemInit(&mem, CurrentMemoryContext);
	if (!jy_nextnode_find(rows, n, dir, base, nevents, &mem, &index))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text_with_len(rows[index].value, rows[index].len));
}

PG_FUNCTION_INFO_V1(sequence_next_node_finalfn);

/* Final function: sort the rows and find the answer (NULL: none) */
Datum
sequence_next_node_finalfn(PG_FUNCTION_ARGS)
{
	NodeState  *st;
	JyMem		mem;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (NodeState *) PG_GETARG_POINTER(0);
	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_nextnode_sort(st->rows, st->n, &mem), NEXT_NODE);
	return node_result(fcinfo, st->rows, st->n, st->dir, st->base, st->nevents);
}

/*
 * The rows of a journey for sequence_next_node: every touch, its label the
 * value, event k = labels[k], base_cond = (label = base_label) or true when
 * base_label is NULL.  Touches are already in the engine's order (ts, then
 * label bytes).  extra rows of room are left at the end.
 */
JyNodeRow *
JourneyNodeRows(const JyJourney *j, const JyLabelSet *labels,
				const char *base_label, int base_len, size_t extra)
{
	JyNodeRow  *rows = palloc((j->n + extra + 1) * sizeof(JyNodeRow));
	uint64	   *masks = NULL;
	bool	   *is_base = palloc((j->nlabels + 1) * sizeof(bool));
	uint32		i;

	if (labels != NULL)
		masks = JourneyLabelMasks(j, labels);
	for (i = 0; i < j->nlabels; i++)
		is_base[i] = base_label == NULL ||
			(j->label_len[i] == (uint32) base_len &&
			 memcmp(j->label_text[i], base_label, base_len) == 0);
	for (i = 0; i < j->n; i++)
	{
		uint32		l = j->label[i];

		rows[i].ts = j->ts[i];
		rows[i].value = j->label_text[l];
		rows[i].len = j->label_len[l];
		rows[i].mask = masks != NULL ? masks[l] : 0;
		rows[i].base = is_base[l];
	}
	pfree(is_base);
	return rows;
}

/* Label conditions of a next-node call: '{}' means none (N = 0) */
JyLabelSet *
JourneyNodeLabels(FunctionCallInfo fcinfo, JourneyStepsCache **slot, int arg,
				  int *nevents)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(arg);

	if (ARR_NDIM(arr) == 0)
	{
		*nevents = 0;
		return NULL;
	}
	*nevents = JourneyReadSteps(fcinfo, slot, arg, "sequence label")->nsteps;
	return (*slot)->labels;
}

PG_FUNCTION_INFO_V1(sequence_next_node_journey);

/*
 * sequence_next_node(journey, direction, base, labels text[], base_label
 * text): as the aggregate over the journey's touches
 */
Datum
sequence_next_node_journey(PG_FUNCTION_ARGS)
{
	JourneyStepsCache **slot = (JourneyStepsCache **) &fcinfo->flinfo->fn_extra;
	JyNodeDirection dir;
	JyNodeBase	base;
	JyLabelSet *labels;
	int			nevents;
	JyJourney	j;
	JyNodeRow  *rows;
	text	   *base_label = PG_ARGISNULL(4) ? NULL : PG_GETARG_TEXT_PP(4);

	if (PG_ARGISNULL(0) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	labels = JourneyNodeLabels(fcinfo, slot, 3, &nevents);
	node_args(fcinfo, 1, nevents, &dir, &base);
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	rows = JourneyNodeRows(&j, labels,
						   base_label ? VARDATA_ANY(base_label) : NULL,
						   base_label ? VARSIZE_ANY_EXHDR(base_label) : 0, 0);
	return node_result(fcinfo, rows, j.n, dir, base, nevents);
}

/* ---------- segments by path pattern ---------- */

/* Compiled patterns or names of journey_segment */
typedef struct SegmentList
{
	int			n;
	JyPattern **pat;			/* patterns (NULL for names) */
	text	  **name;			/* names (NULL for patterns) */
} SegmentList;

/*
 * The elements of a text[] argument (data bytes of the array): compiled
 * as patterns over extra's nconds when extra is not NULL, else copied as
 * names (a JourneyArgBuild)
 */
static void *
segment_build(FunctionCallInfo fcinfo, const char *data, Size len, void *extra)
{
	ArrayType  *arr = palloc(VARHDRSZ + len);
	SegmentList *l = palloc0(sizeof(SegmentList));
	Datum	   *d;
	bool	   *nulls;
	int			i;

	SET_VARSIZE(arr, VARHDRSZ + len);
	memcpy(VARDATA(arr), data, len);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("patterns and names must be one-dimensional arrays")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &d, &nulls, &l->n);
	if (extra != NULL)
		l->pat = palloc((l->n + 1) * sizeof(JyPattern *));
	else
		l->name = palloc((l->n + 1) * sizeof(text *));
	for (i = 0; i < l->n; i++)
	{
		text	   *t;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s %d is NULL", extra != NULL ? "pattern" : "name", i + 1)));
		t = DatumGetTextPP(d[i]);
		if (extra != NULL)
			l->pat[i] = seq_compile(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), *(int *) extra,
									USECS_PER_SEC, CurrentMemoryContext);
		else
			l->name[i] = DatumGetTextPCopy(d[i]);
	}
	return l;
}

/* The caches of journey_segment: labels, patterns (keyed by the labels' count), names */
typedef struct SegmentCache
{
	JourneyStepsCache *steps;
	JourneyArgCache patterns;
	JourneyArgCache names;
} SegmentCache;

PG_FUNCTION_INFO_V1(journey_segment);

/*
 * journey_segment(journey, labels, patterns, names, otherwise): the name of
 * the first pattern the journey matches (condition k = labels[k]), else
 * otherwise
 */
Datum
journey_segment(PG_FUNCTION_ARGS)
{
	SegmentCache *c;
	JourneyStepsCache *steps;
	SegmentList *pats,
			   *names;
	JyJourney	j;
	JyEvent    *ev;
	size_t		n;
	JyMem		mem;
	int			i;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("journey_segment labels, patterns and names must not be NULL")));
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(SegmentCache));
	c = (SegmentCache *) fcinfo->flinfo->fn_extra;
	steps = JourneyReadSteps(fcinfo, &c->steps, 1, "sequence label");
	pats = JourneyArgCached(fcinfo, &c->patterns, 2, steps->nsteps, segment_build, &steps->nsteps);
	names = JourneyArgCached(fcinfo, &c->names, 3, 0, segment_build, NULL);
	if (pats->n < 1 || pats->n != names->n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey_segment needs as many names as patterns, and at least one"),
				 errdetail("%d patterns and %d names were given.", pats->n, names->n)));
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	JourneyMemInit(&mem, CurrentMemoryContext);
	ev = palloc((j.n + 1) * sizeof(JyEvent));
	n = jy_journey_events(&j, JourneyLabelMasks(&j, steps->labels), false, ev, &mem);
	for (i = 0; i < pats->n; i++)
	{
		bool		match;

		JourneyCheckStatus(jy_sequence_match(pats->pat[i], ev, n, &mem, &match), "journey_segment");
		if (match)
			PG_RETURN_TEXT_P(names->name[i]);
	}
	if (PG_ARGISNULL(4))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(PG_GETARG_DATUM(4));
}
