/*
 * funnel.c -- window_funnel and funnel_times aggregates
 *
 * Both aggregates share one transition state: the window, mode and number of
 * steps, and the buffer of matching events (timestamp + condition bitmask).
 * The final functions sort the buffer and run the core funnel engine.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "nodes/primnodes.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "core/codec.h"
#include "core/events.h"
#include "core/funnel.h"
#include "core/labels.h"
#include "core/retention.h"

#define FUNNEL "funnel"

/*
 * Transition state: these fields, then (at FUNNEL_PREFIX) the events, all in
 * one allocation that is grown as a whole.  Funnels of up to
 * JY_PACKED_MAX_BITS steps keep their events packed, 8 bytes each (see
 * core/events.h), counted by n and cap here; others, and a state whose
 * events lie too far apart to pack, a JyEvents block (16 bytes an event,
 * counted in the block).  Groups whose rows match no step share one empty
 * packed state per call site (when the parameters are constant), so they
 * cost no memory.
 */
typedef struct FunnelState
{
	uint64		window;
	int64		base;			/* packed: the timestamp of offset 0 */
	uint32		n;				/* packed: events stored */
	uint32		cap;			/* packed: room for events */
	uint8		flags;
	uint8		nsteps;
	uint8		tstype;			/* JourneyTsType */
	bool		packed;			/* packed words, else a JyEvents block */
	bool		sorted;			/* packed: the words are known to be in order */
	bool		shared;			/* the call site's empty state: copy to change */
	uint8		aclass;			/* packed: 1 + its arena size class, 0: palloc'd */
} FunnelState;

/* The engine's parameters of a state */
static JyFunnelSpec
funnel_spec(const FunnelState *st)
{
	JyFunnelSpec spec = {0};

	spec.window = st->window;
	spec.flags = st->flags;
	spec.nsteps = st->nsteps;
	return spec;
}

#define FUNNEL_PREFIX MAXALIGN(sizeof(FunnelState))
#define FUNNEL_EVENTS(st) jy_events_at((st), FUNNEL_PREFIX)
#define FUNNEL_WORDS(st) ((int64 *) ((char *) (st) + FUNNEL_PREFIX))

/* A new packed state holds this many bytes (a power of two) */
#define FUNNEL_FIRST_SIZE 64

/*
 * An arena for the packed states of one call site in one aggregate
 * context.  Its chunks have no header and sizes that are multiples of a
 * cache line, aligned to one, so a state of up to 64 bytes is a single
 * cache line, one of 128 bytes an aligned pair, and PostgreSQL's allocator
 * adds no 16-byte chunk header and power-of-two rounding to every state.
 * Chunks given back when a state grows are kept per size for reuse; the
 * memory is the aggregate context's and goes with its reset, which a reset
 * callback reports.  States past the largest size are palloc'd.
 */
static const uint32 funnel_class_size[] = {64, 128, 192, 256, 384, 512, 768, 1024};

#define FUNNEL_NCLASSES lengthof(funnel_class_size)
#define FUNNEL_ARENA_FIRST_BLOCK 1024	/* doubling to FUNNEL_ARENA_BLOCK */
#define FUNNEL_ARENA_BLOCK (64 * 1024)
#define FUNNEL_LINE 64

typedef struct FunnelArena
{
	MemoryContext cxt;			/* the context it allocates in, or NULL */
	char	   *next;			/* free space of the current block */
	char	   *end;
	size_t		block;			/* size of the last block */
	void	   *free[FUNNEL_NCLASSES];	/* chunks given back, linked */
	MemoryContextCallback reset;	/* forgets it all when cxt is reset */
} FunnelArena;

/* Per-call-site facts about the arguments, cached in fn_extra */
struct FunnelArgs
{
	int			window_arg;		/* argument number of the window */
	bool		window_is_interval;
	bool		has_mode;
	bool		label_form;		/* (label text, steps text[]) instead of conditions */
	int			ts_arg;			/* argument number of the timestamp */
	int			first_cond;		/* condition 1, or the label */
	int			nconds;			/* conditions, or steps */
	JyLabelSet *labels;			/* label form: the steps (in steps' cache) */
	JourneyStepsCache *steps;	/* label form: the steps argument */
	uint8		tstype;
	bool		params_const;	/* window, mode and steps are constants */
	bool		window_known;	/* window holds the constant window */
	uint64		window;
	JourneyArgCache mode;		/* the mode argument and its flags */
	JyMem		mem;			/* allocates in the aggregate context */
	bool		spec_known;		/* spec holds the constant parameters */
	JyFunnelSpec spec;
	FunnelState *empty;			/* the shared empty state (in fn_mcxt) */
	FunnelArena arena;			/* the transition function's packed states */
	int			gaps_arg;		/* label form: the per-step gaps, or -1 */
	JourneyArgCache gaps;		/* ... their cache ... */
	bool		have_within;	/* ... and values (JyFunnelSpec.within) */
	uint64		within[JY_MAX_STEPS];
};

/*
 * Analyse the argument list once per call site: the window is argument
 * window_arg (1, or 2 after the actor of the one-pass form)
 */
static FunnelArgs *
funnel_args_setup(FunctionCallInfo fcinfo, int window_arg)
{
	FunnelArgs *fa;
	Oid			wtype = get_fn_expr_argtype(fcinfo->flinfo, window_arg);
	Oid			t2 = get_fn_expr_argtype(fcinfo->flinfo, window_arg + 1);

	fa = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(FunnelArgs));
	fa->window_arg = window_arg;
	fa->window_is_interval = wtype == INTERVALOID;
	fa->has_mode = t2 == TEXTOID;
	fa->ts_arg = window_arg + (fa->has_mode ? 2 : 1);
	fa->first_cond = fa->ts_arg + 1;
	fa->tstype = JourneyTsTypeOf(get_fn_expr_argtype(fcinfo->flinfo, fa->ts_arg), FUNNEL);
	/* the label form is the one not declared VARIADIC */
	fa->label_form = get_func_variadictype(fcinfo->flinfo->fn_oid) != ANYOID;
	/* constant parameters are read once, and then need no per-row check */
	/* (label, steps, gaps interval[]): per-step windows */
	/* (conversion drivers add other arguments after the steps: drivers.c) */
	fa->gaps_arg = fa->label_form && PG_NARGS() > fa->first_cond + 2 &&
		get_fn_expr_argtype(fcinfo->flinfo, fa->first_cond + 2) == INTERVALARRAYOID ?
		fa->first_cond + 2 : -1;
	fa->params_const = JourneyArgIsConst(fcinfo, window_arg) &&
		(!fa->has_mode || JourneyArgIsConst(fcinfo, window_arg + 1)) &&
		(!fa->label_form || JourneyArgIsConst(fcinfo, fa->ts_arg + 2)) &&
		(fa->gaps_arg < 0 || JourneyArgIsConst(fcinfo, fa->gaps_arg));
	if (!fa->label_form)
		fa->nconds = JourneyCheckConditions(fcinfo, fa->first_cond, FUNNEL);
	fcinfo->flinfo->fn_extra = fa;
	return fa;
}

/*
 * A label set from an array naming each step (noun: "funnel step",
 * "sequence label"...), 1 to 64 of them, no NULLs, allocated in
 * CurrentMemoryContext; *n receives the number of steps.
 */
JyLabelSet *
JourneyBuildSteps(ArrayType *arr, int *n, const char *noun)
{
	Datum	   *elems;
	bool	   *nulls;
	int			k;
	const char *labels[JY_MAX_STEPS];
	uint32		lens[JY_MAX_STEPS];
	JyMem		mem;
	JyLabelSet *set;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%ss must be a one-dimensional array", noun)));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
	if (*n < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%ss must not be empty", noun)));
	if (*n > JY_MAX_STEPS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many %ss", noun),
				 errdetail("%d were given; the limit is %d.", *n, JY_MAX_STEPS)));
	for (k = 0; k < *n; k++)
	{
		if (nulls[k])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s %d is NULL", noun, k + 1)));
		labels[k] = VARDATA_ANY(DatumGetPointer(elems[k]));
		lens[k] = VARSIZE_ANY_EXHDR(DatumGetPointer(elems[k]));
	}
	JourneyMemInit(&mem, CurrentMemoryContext);
	set = jy_labels_build(labels, lens, *n, &mem);
	if (set == NULL)
		JourneyCheckStatus(JY_ERR_OUT_OF_MEMORY, noun);
	return set;
}

/*
 * Label form: read the steps argument (a text[] naming each step) into a
 * label set, once; it must be the same for every row.
 */
static void
funnel_steps(FunctionCallInfo fcinfo, FunnelArgs *fa)
{
	int			a = fa->first_cond + 1;

	if (PG_ARGISNULL(a))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("funnel steps must not be NULL")));
	if (fa->steps != NULL && fa->params_const)
		return;
	JourneyReadSteps(fcinfo, &fa->steps, a, "funnel step");
	if (fa->labels != NULL && fa->steps->labels != fa->labels)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel steps must be the same for every row")));
	fa->labels = fa->steps->labels;
	fa->nconds = fa->steps->nsteps;
}

/* The window argument in the unit of the timestamps; errors if invalid */
static uint64
funnel_window(FunctionCallInfo fcinfo, FunnelArgs *fa)
{
	int64		w;

	if (PG_ARGISNULL(fa->window_arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("funnel window must not be NULL")));
	if (fa->window_known)
		return fa->window;
	if (fa->window_is_interval)
		w = JourneyIntervalUsecs(PG_GETARG_INTERVAL_P(fa->window_arg), "funnel window");
	else
		w = PG_GETARG_INT64(fa->window_arg);
	if (w <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel window must be positive")));
	fa->window = (uint64) w;
	fa->window_known = fa->params_const;
	return fa->window;
}

/* Flags of a mode text; errors name the bad word */
static uint32
funnel_parse_mode(const char *mode, size_t len)
{
	const char *bad;
	size_t		badlen;
	uint32		flags;
	JyStatus	st;

	st = jy_funnel_parse_mode(mode, len, &flags, &bad, &badlen);
	if (st == JY_ERR_MODE_STRICT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel mode \"strict\" is no longer supported"),
				 errhint("Use \"strict_deduplication\".")));
	if (st == JY_ERR_BAD_MODE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown funnel mode \"%.*s\"", (int) badlen, bad),
				 errhint("Modes are strict_order, strict_deduplication, strict_increase, strict_once, allow_reentry, any_order, first_time and totals, separated by commas.")));
	if (st == JY_ERR_REENTRY_NEEDS_ORDER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel mode allow_reentry requires strict_order")));
	if (st == JY_ERR_MODE_CONFLICT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel modes %.*s", (int) badlen, bad)));
	JourneyCheckStatus(st, FUNNEL);
	return flags;
}

/* The flags of a mode argument (a JourneyArgBuild) */
static void *
mode_build(FunctionCallInfo fcinfo, const char *data, Size len, void *extra)
{
	uint32	   *flags = palloc(sizeof(uint32));

	*flags = funnel_parse_mode(data, len);
	return flags;
}

/* The flags of mode argument argno, parsed once per distinct value */
static uint32
funnel_mode_arg(FunctionCallInfo fcinfo, JourneyArgCache *c, int argno)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("funnel mode must not be NULL"),
				 errhint("Use '' for the default mode.")));
	return *(uint32 *) JourneyArgCached(fcinfo, c, argno, 0, mode_build, NULL);
}

/* The mode argument's flags (0 when the call has none) */
static uint32
funnel_mode(FunctionCallInfo fcinfo, FunnelArgs *fa)
{
	if (!fa->has_mode)
		return 0;
	return funnel_mode_arg(fcinfo, &fa->mode, fa->window_arg + 1);
}

/* Error unless two states were built with the same parameters */
static void
funnel_check_same(const FunnelState *a, const JyFunnelSpec *spec, uint8 tstype)
{
	if (a->window != spec->window || a->flags != spec->flags ||
		a->nsteps != spec->nsteps || a->tstype != tstype)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel window and mode must be the same for every row of a group")));
}

/* Bytes of a packed state with room for cap events */
static inline size_t
funnel_packed_size(uint32 cap)
{
	return FUNNEL_PREFIX + (size_t) cap * sizeof(int64);
}

/*
 * The room of a packed state of the smallest power-of-two size of at least
 * FUNNEL_FIRST_SIZE and min_bytes bytes (it fills the allocator's chunk)
 */
static uint32
funnel_packed_cap(size_t min_bytes)
{
	size_t		total = FUNNEL_FIRST_SIZE;
	size_t		cap;

	while (total < min_bytes)
		total *= 2;
	if (total > JY_MAX_ALLOC)
		total = JY_MAX_ALLOC;
	cap = (total - FUNNEL_PREFIX) / sizeof(int64);
	return cap > JY_MAX_EVENTS ? JY_MAX_EVENTS : (uint32) cap;
}

/* The aggregate context was reset: its arena chunks are gone */
static void
funnel_arena_reset(void *arg)
{
	FunnelArena *a = (FunnelArena *) arg;

	a->cxt = NULL;
	a->next = a->end = NULL;
	a->block = 0;
	memset(a->free, 0, sizeof(a->free));
}

/*
 * A chunk of size class c from the arena, for context cxt; NULL when the
 * arena serves another context (the caller then uses palloc)
 */
static void *
funnel_arena_alloc(FunnelArena *a, MemoryContext cxt, int c)
{
	void	   *p;

	if (a->cxt != cxt)
	{
		if (a->cxt != NULL)
			return NULL;
		a->cxt = cxt;
		a->next = a->end = NULL;
		a->block = 0;
		memset(a->free, 0, sizeof(a->free));
		a->reset.func = funnel_arena_reset;
		a->reset.arg = a;
		MemoryContextRegisterResetCallback(cxt, &a->reset);
	}
	if (a->free[c] != NULL)
	{
		p = a->free[c];
		a->free[c] = *(void **) p;
		return p;
	}
	if ((size_t) (a->end - a->next) < funnel_class_size[c])
	{
		/*
		 * Small blocks first (a sorted aggregation resets the context for
		 * every group), then doubling; the rest of the old block is left
		 */
		char	   *block;

		a->block = a->block == 0 ? FUNNEL_ARENA_FIRST_BLOCK :
			Min(2 * a->block, FUNNEL_ARENA_BLOCK);
		block = MemoryContextAlloc(cxt, a->block + FUNNEL_LINE);
		a->next = (char *) TYPEALIGN(FUNNEL_LINE, block);
		a->end = block + a->block + FUNNEL_LINE;
	}
	p = a->next;
	a->next += funnel_class_size[c];
	return p;
}

/*
 * Memory for a packed state of at least min_bytes: an arena chunk when one
 * is big enough and arena serves mem's context, else a palloc'd power of
 * two.  Sets the state's aclass and cap (nothing else).
 */
static FunnelState *
funnel_packed_alloc(const JyMem *mem, FunnelArena *arena, size_t min_bytes)
{
	FunnelState *st;
	uint32		cap;
	int			c;

	if (arena != NULL)
	{
		for (c = 0; c < (int) FUNNEL_NCLASSES; c++)
		{
			if (funnel_class_size[c] < min_bytes)
				continue;
			st = funnel_arena_alloc(arena, (MemoryContext) mem->arg, c);
			if (st == NULL)
				break;
			st->aclass = (uint8) (c + 1);
			st->cap = (funnel_class_size[c] - FUNNEL_PREFIX) / sizeof(int64);
			return st;
		}
	}
	cap = funnel_packed_cap(min_bytes);
	st = mem->alloc(mem->arg, funnel_packed_size(cap));
	if (st == NULL)
		JourneyCheckStatus(JY_ERR_OUT_OF_MEMORY, FUNNEL);
	st->aclass = 0;
	st->cap = cap;
	return st;
}

/* Give back the memory of a state (arena chunks only to the arena they came from) */
static void
funnel_state_free(FunnelState *st, const JyMem *mem, FunnelArena *arena)
{
	if (st->packed && st->aclass != 0)
	{
		/* only the arena of mem's context hands out chunks there */
		if (arena != NULL && arena->cxt == (MemoryContext) mem->arg)
		{
			*(void **) st = arena->free[st->aclass - 1];
			arena->free[st->aclass - 1] = st;
		}
		return;
	}
	mem->release(mem->arg, st);
}

/*
 * A new state with room for extra events, allocated through mem (and
 * arena, when not NULL, for packed states)
 */
static FunnelState *
funnel_state_new(const JyMem *mem, FunnelArena *arena, const JyFunnelSpec *spec,
				 uint8 tstype, size_t extra)
{
	FunnelState *st;

	if (spec->nsteps <= JY_PACKED_MAX_BITS)
	{
		if (extra > JY_MAX_EVENTS)
			JourneyCheckStatus(JY_ERR_TOO_MANY_EVENTS, FUNNEL);
		st = funnel_packed_alloc(mem, arena, funnel_packed_size((uint32) extra));
		st->packed = true;
		st->sorted = true;
		st->shared = false;
		st->n = 0;
		st->base = 0;
	}
	else
	{
		JyStatus	rc;

		st = jy_events_grow(NULL, FUNNEL_PREFIX, mem, extra, &rc);
		JourneyCheckStatus(rc, FUNNEL);
		st->packed = false;
		st->shared = false;
		st->aclass = 0;
	}
	st->window = spec->window;
	st->flags = (uint8) spec->flags;
	st->nsteps = (uint8) spec->nsteps;
	st->tstype = tstype;
	return st;
}

/* Number of events of a state */
static inline uint32
funnel_count(const FunnelState *st)
{
	return st->packed ? st->n : FUNNEL_EVENTS((FunnelState *) st)->n;
}

/* Event i of a state */
static inline JyEvent
funnel_event(const FunnelState *st, uint32 i)
{
	JyEvent		e;

	if (!st->packed)
		return FUNNEL_EVENTS((FunnelState *) st)->ev[i];
	e.ts = jy_packed_ts(FUNNEL_WORDS(st)[i], st->base, st->nsteps);
	e.mask = jy_packed_mask(FUNNEL_WORDS(st)[i], st->nsteps);
	return e;
}

/*
 * A packed state's events as a JyEvents block at FUNNEL_PREFIX, with room
 * for one more: for an event too far from the others to pack
 */
static FunnelState *
funnel_unpack(FunnelState *st, const JyMem *mem, FunnelArena *arena)
{
	JyStatus	rc;
	FunnelState *wide = jy_events_grow(NULL, FUNNEL_PREFIX, mem, (size_t) st->n + 1, &rc);
	JyEvents   *ev;

	JourneyCheckStatus(rc, FUNNEL);
	memcpy(wide, st, sizeof(FunnelState));
	wide->packed = false;
	wide->aclass = 0;
	ev = FUNNEL_EVENTS(wide);
	jy_packed_decode(FUNNEL_WORDS(st), st->n, st->base, st->nsteps, ev->ev);
	ev->n = st->n;
	ev->sorted = st->sorted;
	funnel_state_free(st, mem, arena);
	return wide;
}

static inline FunnelState *funnel_push(FunnelState *st, const JyMem *mem,
									   FunnelArena *arena, int64 ts, uint64 mask);

/*
 * funnel_push's slow path: the shared empty state, a full packed state, or
 * an event that does not pack
 */
static pg_noinline FunnelState *
funnel_push_slow(FunnelState *st, const JyMem *mem, FunnelArena *arena,
				 int64 ts, uint64 mask)
{
	int64		w;

	if (st->shared)
	{
		JyFunnelSpec spec = funnel_spec(st);

		/* the group's first event: a state of its own */
		st = funnel_state_new(mem, arena, &spec, st->tstype, 0);
		return funnel_push(st, mem, arena, ts, mask);
	}
	if (st->packed && jy_event_pack(st->base, st->nsteps, ts, mask, &w))
	{
		/* full: the next arena size, or twice the size */
		FunnelState *grown;
		uint32		cap;
		uint8		aclass;

		if (st->n >= JY_MAX_EVENTS)
			JourneyCheckStatus(JY_ERR_TOO_MANY_EVENTS, FUNNEL);
		grown = funnel_packed_alloc(mem, arena,
									st->aclass != 0 ? funnel_packed_size(st->cap + 1)
									: 2 * funnel_packed_size(st->cap));
		cap = grown->cap;
		aclass = grown->aclass;
		memcpy(grown, st, sizeof(FunnelState));
		grown->cap = cap;
		grown->aclass = aclass;
		memcpy(FUNNEL_WORDS(grown), FUNNEL_WORDS(st), (size_t) st->n * sizeof(int64));
		funnel_state_free(st, mem, arena);
		st = grown;
		FUNNEL_WORDS(st)[st->n++] = w;
		st->sorted = false;
		return st;
	}
	if (st->packed)
		st = funnel_unpack(st, mem, arena);
	return JourneyStatePush(st, FUNNEL_PREFIX, mem, ts, mask, FUNNEL);
}

/* Append one event to a state; returns the state, perhaps moved */
static inline FunnelState *
funnel_push(FunnelState *st, const JyMem *mem, FunnelArena *arena, int64 ts,
			uint64 mask)
{
	int64		w;

	/* (the shared empty state has no room) */
	if (likely(st->packed && st->n < st->cap))
	{
		if (st->n == 0)
			st->base = ts;
		if (likely(jy_event_pack(st->base, st->nsteps, ts, mask, &w)))
		{
			/*
			 * Not comparing with the previous word spares a read of the
			 * state's last cache line: the final function checks the order
			 * (one pass when sorted), with the words in cache by then
			 */
			FUNNEL_WORDS(st)[st->n++] = w;
			st->sorted = false;
			return st;
		}
	}
	return funnel_push_slow(st, mem, arena, ts, mask);
}

/* The gaps of a gaps argument (a JourneyArgBuild; extra: the number of steps) */
static void *
gaps_build(FunctionCallInfo fcinfo, const char *data, Size len, void *extra)
{
	int			nsteps = *(int *) extra;
	uint64	   *within = palloc0(JY_MAX_STEPS * sizeof(uint64));
	ArrayType  *arr = palloc(VARHDRSZ + len);
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				k;

	/* an aligned copy with a 4-byte header */
	SET_VARSIZE(arr, VARHDRSZ + len);
	memcpy(VARDATA(arr), data, len);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("funnel gaps must be a one-dimensional array")));
	deconstruct_array(arr, INTERVALOID, sizeof(Interval), false, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	if (n != nsteps - 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel gaps must have one element fewer than the steps"),
				 errdetail("%d steps need %d gaps; %d were given.", nsteps, nsteps - 1, n)));
	for (k = 0; k < n; k++)
	{
		int64		us;

		if (nulls[k])
			continue;			/* no limit */
		us = JourneyIntervalUsecs(DatumGetIntervalP(elems[k]), "funnel gap");
		if (us <= 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("funnel gap %d must be positive", k + 1),
					 errdetail("Gap %d is the most time allowed between step %d and step %d; NULL means no limit.",
							   k + 1, k + 1, k + 2)));
		within[k + 1] = (uint64) us;
	}
	return within;
}

/*
 * The per-step windows (JyFunnelSpec.within) of gaps argument argno (not
 * NULL), read once per distinct value through cache
 */
static const uint64 *
funnel_read_gaps(FunctionCallInfo fcinfo, JourneyArgCache *cache, int argno,
				 int nsteps, uint32 flags)
{
	if (flags & JY_FUNNEL_ANY_ORDER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel gaps cannot be used with mode any_order"),
				 errdetail("A gap is measured from the previous step, and any_order steps have no order.")));
	return JourneyArgCached(fcinfo, cache, argno, nsteps, gaps_build, &nsteps);
}

/*
 * Label form with gaps: the per-step windows (JyFunnelSpec.within), read
 * once per distinct value; they must be the same for every row
 */
static const uint64 *
funnel_gaps(FunctionCallInfo fcinfo, FunnelArgs *fa)
{
	const uint64 *within;

	if (PG_ARGISNULL(fa->gaps_arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("funnel gaps must not be NULL"),
				 errhint("Give an array of nsteps - 1 intervals; a NULL element means no limit.")));
	within = funnel_read_gaps(fcinfo, &fa->gaps, fa->gaps_arg, fa->nconds, fa->spec.flags);
	if (fa->have_within && memcmp(within, fa->within, sizeof(fa->within)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel gaps must be the same for every row")));
	memcpy(fa->within, within, sizeof(fa->within));
	fa->have_within = true;
	return fa->within;
}

/*
 * Read one row of window_funnel's arguments (FunnelArgs, set up once per
 * call site and kept in fn_extra): the funnel's parameters into *spec
 * (checked), and, unless the timestamp is NULL (then false), its timestamp
 * and step mask.  The one-pass form (onepass.c) reads its rows here too.
 */
bool
JourneyFunnelRow(FunctionCallInfo fcinfo, int window_arg, MemoryContext aggcxt,
				 JyFunnelSpec *spec, uint8 *tstype, int64 *ts, uint64 *mask)
{
	FunnelArgs *fa = (FunnelArgs *) fcinfo->flinfo->fn_extra;
	int			i;

	if (fa == NULL)
		fa = funnel_args_setup(fcinfo, window_arg);
	if (fa->mem.alloc == NULL)
		JourneyMemInit(&fa->mem, aggcxt);
	fa->mem.arg = aggcxt;
	/* constant parameters are read and checked on the first row only */
	if (!fa->spec_known)
	{
		if (fa->label_form)
			funnel_steps(fcinfo, fa);
		memset(&fa->spec, 0, sizeof(fa->spec));
		fa->spec.window = funnel_window(fcinfo, fa);
		fa->spec.flags = funnel_mode(fcinfo, fa);
		fa->spec.nsteps = fa->nconds;
		if (fa->gaps_arg >= 0)
			fa->spec.within = funnel_gaps(fcinfo, fa);
		fa->spec_known = fa->params_const;
	}
	*spec = fa->spec;
	*tstype = fa->tstype;
	*mask = 0;
	if (PG_ARGISNULL(fa->ts_arg))
		return false;
	*ts = PG_GETARG_INT64(fa->ts_arg);
	if (fa->label_form)
	{
		/* one lookup; a NULL label names no step */
		if (!PG_ARGISNULL(fa->first_cond))
		{
			text	   *label = PG_GETARG_TEXT_PP(fa->first_cond);

			*mask = jy_labels_lookup(fa->labels, VARDATA_ANY(label), VARSIZE_ANY_EXHDR(label));
		}
	}
	else
	{
		for (i = 0; i < fa->nconds; i++)
		{
			int			a = fa->first_cond + i;

			if (!PG_ARGISNULL(a) && PG_GETARG_BOOL(a))
				*mask |= UINT64CONST(1) << i;
		}
	}
	return true;
}

/* Are the funnel parameters constant at this call site (set up first)? */
bool
JourneyFunnelParamsConst(FunctionCallInfo fcinfo)
{
	return ((FunnelArgs *) fcinfo->flinfo->fn_extra)->params_const;
}

/*
 * The call site's shared empty state, made on first use in fn_mcxt, which
 * outlives the aggregate's states.  No room (cap 0): pushing to it makes a
 * state of the group's own.
 */
static FunnelState *
funnel_empty(FunctionCallInfo fcinfo, FunnelArgs *fa, const JyFunnelSpec *spec,
			 uint8 tstype)
{
	if (fa->empty == NULL)
	{
		FunnelState *st = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, FUNNEL_PREFIX);

		st->window = spec->window;
		st->flags = (uint8) spec->flags;
		st->nsteps = (uint8) spec->nsteps;
		st->tstype = tstype;
		st->packed = true;
		st->sorted = true;
		st->shared = true;
		fa->empty = st;
	}
	return fa->empty;
}

/*
 * One row into a group's state (NULL for its first row); returns the state,
 * perhaps moved.  may_share: a first row that stores nothing may get the
 * call site's shared empty state.  *specp (when not NULL) receives the
 * row's parameters.
 */
static FunnelState *
funnel_trans(FunctionCallInfo fcinfo, MemoryContext aggcxt, FunnelState *st,
			 bool may_share, JyFunnelSpec *specp)
{
	FunnelArgs *fa;
	JyFunnelSpec spec;
	uint8		tstype;
	int64		ts;
	uint64		mask;
	bool		row;

	row = JourneyFunnelRow(fcinfo, 1, aggcxt, &spec, &tstype, &ts, &mask);
	fa = (FunnelArgs *) fcinfo->flinfo->fn_extra;
	if (specp != NULL)
		*specp = spec;
	if (st == NULL)
	{
		/* a group's first row; one that stores nothing may share a state */
		bool		store = row && (mask != 0 || (spec.flags & JY_FUNNEL_STRICT_ORDER));

		if (!store && may_share && fa->params_const && spec.nsteps <= JY_PACKED_MAX_BITS)
			return funnel_empty(fcinfo, fa, &spec, tstype);
		st = funnel_state_new(&fa->mem, &fa->arena, &spec, tstype, 0);
	}
	else if (!fa->params_const)
	{
		/* constant parameters are the same for every state */
		funnel_check_same(st, &spec, tstype);
	}
	if (row && (mask != 0 || (spec.flags & JY_FUNNEL_STRICT_ORDER)))
		st = funnel_push(st, &fa->mem, &fa->arena, ts, mask);
	return st;
}

PG_FUNCTION_INFO_V1(window_funnel_transfn);

/*
 * Transition function of window_funnel and funnel_times, for every overload:
 * (state, window, [mode,] ts, cond1, ..., condN) or, in the label form,
 * (state, window, [mode,] ts, label, steps).  No per-row allocation:
 * the row becomes one 8-byte event (16 beyond 16 steps), and only if some
 * condition holds (or strict_order needs it as a marker); a group gets a
 * state of its own with its first such row.
 */
Datum
window_funnel_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "window_funnel_transfn called in non-aggregate context");
	PG_RETURN_POINTER(funnel_trans(fcinfo, aggcxt,
								   PG_ARGISNULL(0) ? NULL : (FunnelState *) PG_GETARG_POINTER(0),
								   true, NULL));
}

static FunnelState *funnel_merge(FunnelState *a, FunnelState *b, MemoryContext aggcxt);

PG_FUNCTION_INFO_V1(funnel_combine);

/* Combine function: append the right state's events to the left's */
Datum
funnel_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FunnelState *a = PG_ARGISNULL(0) ? NULL : (FunnelState *) PG_GETARG_POINTER(0);
	FunnelState *b = PG_ARGISNULL(1) ? NULL : (FunnelState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel combine function called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	PG_RETURN_POINTER(funnel_merge(a, b, aggcxt));
}

/* Append state b's events to state a (NULL: a new state in aggcxt) */
static FunnelState *
funnel_merge(FunnelState *a, FunnelState *b, MemoryContext aggcxt)
{
	JyFunnelSpec spec;
	JyMem		mem;
	uint32		n,
				i;

	JourneyMemInit(&mem, aggcxt);
	spec = funnel_spec(b);
	n = funnel_count(b);
	if (a != NULL && a->shared)
	{
		/* never changed: a state of its own replaces it */
		funnel_check_same(a, &spec, b->tstype);
		a = NULL;
	}
	if (a == NULL)
		a = funnel_state_new(&mem, NULL, &spec, b->tstype, n);
	else
		funnel_check_same(a, &spec, b->tstype);
	for (i = 0; i < n; i++)
	{
		JyEvent		e = funnel_event(b, i);

		a = funnel_push(a, &mem, NULL, e.ts, e.mask);
	}
	return a;
}

static bytea *funnel_bytes(FunnelState *st, const uint64 *within);
static FunnelState *funnel_from_bytes(bytea *bytes, uint64 *within);

PG_FUNCTION_INFO_V1(funnel_serialize);

/* Serialize into the portable format of docs/format.md (core codec) */
Datum
funnel_serialize(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_serialize called in non-aggregate context");
	PG_RETURN_BYTEA_P(funnel_bytes((FunnelState *) PG_GETARG_POINTER(0), NULL));
}

/* A state's byte form: version 1, or 2 with the gaps within[1 ..] */
static bytea *
funnel_bytes(FunnelState *st, const uint64 *within)
{
	JyFunnelSpec spec = funnel_spec(st);
	uint32		n = funnel_count(st);
	size_t		size = within != NULL ? jy_funnel_gaps_state_size(spec.nsteps, n)
		: jy_funnel_state_size(spec.nsteps, n);
	const JyEvent *ev;
	bytea	   *out;

	spec.within = within;
	if (size > MaxAllocSize - VARHDRSZ)
		JourneyCheckStatus(JY_ERR_TOO_MANY_EVENTS, FUNNEL);
	if (st->packed)
	{
		JyEvent    *tmp = palloc(((size_t) n + 1) * sizeof(JyEvent));

		jy_packed_decode(FUNNEL_WORDS(st), n, st->base, st->nsteps, tmp);
		ev = tmp;
	}
	else
		ev = FUNNEL_EVENTS(st)->ev;
	out = palloc(VARHDRSZ + size);
	SET_VARSIZE(out, VARHDRSZ + size);
	if (within != NULL)
		jy_funnel_gaps_state_encode(&spec, st->tstype, ev, n, (uint8 *) VARDATA(out));
	else
		jy_funnel_state_encode(&spec, st->tstype, ev, n, (uint8 *) VARDATA(out));
	return out;
}

PG_FUNCTION_INFO_V1(funnel_deserialize);

/* Deserialize, checking every field and the length (core codec) */
Datum
funnel_deserialize(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_deserialize called in non-aggregate context");
	PG_RETURN_POINTER(funnel_from_bytes(PG_GETARG_BYTEA_PP(0), NULL));
}

/*
 * A state from its byte form, checked, in CurrentMemoryContext: version 1,
 * or, when within is not NULL, version 2 whose gaps go into within
 */
static FunnelState *
funnel_from_bytes(bytea *bytes, uint64 *within)
{
	const uint8 *in = (const uint8 *) VARDATA_ANY(bytes);
	size_t		len = VARSIZE_ANY_EXHDR(bytes);
	JyFunnelSpec spec = {0};
	FunnelState *st;
	JyEvent    *ev;
	uint8		tstype;
	uint32		n,
				i;
	const char *why = NULL;
	JyMem		mem;
	JyStatus	rc;

	if (within != NULL)
		rc = jy_funnel_gaps_state_decode_header(in, len, JOURNEY_TS_NTYPES, &spec, within,
												&tstype, &n, &why);
	else
		rc = jy_funnel_state_decode_header(in, len, JOURNEY_TS_NTYPES, &spec, &tstype, &n, &why);
	if (rc != JY_OK)
		JourneyCorruptState(FUNNEL, why);
	JourneyMemInit(&mem, CurrentMemoryContext);
	st = funnel_state_new(&mem, NULL, &spec, tstype, n);
	if (!st->packed)
	{
		JyEvents   *block = FUNNEL_EVENTS(st);

		if (jy_funnel_state_decode_events(in, &spec, n, block->ev, &why) != JY_OK)
			JourneyCorruptState(FUNNEL, why);
		block->n = n;
		block->sorted = false;
		return st;
	}
	ev = palloc(((size_t) n + 1) * sizeof(JyEvent));
	if (jy_funnel_state_decode_events(in, &spec, n, ev, &why) != JY_OK)
		JourneyCorruptState(FUNNEL, why);
	for (i = 0; i < n; i++)
		st = funnel_push(st, &mem, NULL, ev[i].ts, ev[i].mask);
	pfree(ev);
	return st;
}

/*
 * Scratch space of a final function (in its fn_extra) for a packed state's
 * events, unpacked: grown to the largest group, reused for every group
 */
typedef struct FunnelScratch
{
	JyEvent    *ev;
	size_t		cap;
} FunnelScratch;

/*
 * Errors for the totals mode where one level per actor is asked for, and
 * for first_time where attempts are counted
 */
static void
funnel_check_totals(uint32 flags, bool attempts)
{
	if ((flags & JY_FUNNEL_TOTALS) && !attempts)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel mode totals counts attempts, not one level per actor"),
				 errhint("Use funnel_attempts(...) per actor, or funnel_counts(actor, ...) for the whole table.")));
	if ((flags & JY_FUNNEL_FIRST_TIME) && attempts)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel modes first_time and totals cannot be combined"),
				 errdetail("Counting attempts is the totals mode.")));
}

/*
 * Sort the state's events and evaluate the funnel, with the gaps within
 * (NULL: none): the level (and times), or, when counts is not NULL, the
 * attempts (jy_funnel_attempts) into counts
 */
static int
funnel_evaluate(FunctionCallInfo fcinfo, FunnelState *st, const uint64 *within,
				int64 *times, uint64 *counts)
{
	JyMem		mem;
	int			level = 0;
	JyFunnelSpec spec = funnel_spec(st);
	const JyEvent *ev;
	size_t		n;

	JourneyMemInit(&mem, CurrentMemoryContext);
	/* sorting in place keeps the state valid: READ_ONLY in the logical sense */
	if (st->packed)
	{
		FunnelScratch *sc = (FunnelScratch *) fcinfo->flinfo->fn_extra;

		if (sc == NULL)
			sc = fcinfo->flinfo->fn_extra =
				MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(FunnelScratch));
		if (!st->sorted)
		{
			jy_packed_sort(FUNNEL_WORDS(st), st->n, &mem);
			st->sorted = true;
		}
		if (sc->cap < st->n)
		{
			size_t		cap = Max(st->n, Max(64, 2 * sc->cap));

			if (sc->ev != NULL)
				pfree(sc->ev);
			sc->ev = NULL;
			sc->cap = 0;
			sc->ev = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt,
										Min(cap, JY_MAX_EVENTS) * sizeof(JyEvent));
			sc->cap = Min(cap, JY_MAX_EVENTS);
		}
		jy_packed_decode(FUNNEL_WORDS(st), st->n, st->base, st->nsteps, sc->ev);
		ev = sc->ev;
		n = st->n;
	}
	else
	{
		JyEvents   *block = FUNNEL_EVENTS(st);

		jy_events_sort(block, &mem);
		ev = block->ev;
		n = block->n;
	}
	spec.within = within;
	funnel_check_totals(spec.flags, counts != NULL);
	if (counts != NULL)
		JourneyCheckStatus(jy_funnel_attempts(ev, n, &spec, &mem, counts), FUNNEL);
	else
		JourneyCheckStatus(jy_funnel_eval(ev, n, &spec, &mem, &level, times), FUNNEL);
	return level;
}

PG_FUNCTION_INFO_V1(window_funnel_finalfn);

/* Final function of window_funnel: the level reached, 0 for no events */
Datum
window_funnel_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_INT32(0);
	PG_RETURN_INT32(funnel_evaluate(fcinfo, (FunnelState *) PG_GETARG_POINTER(0), NULL, NULL, NULL));
}

PG_FUNCTION_INFO_V1(funnel_times_finalfn);

/*
 * Final function of funnel_times: the step timestamps of the reported chain,
 * as timestamptz[], timestamp[] or bigint[] after the input; an empty array
 * when step 1 never happened, NULL for a group without rows.
 */
Datum
funnel_times_finalfn(PG_FUNCTION_ARGS)
{
	FunnelState *st;
	int64		times[JY_MAX_STEPS];
	int			level;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (FunnelState *) PG_GETARG_POINTER(0);
	level = funnel_evaluate(fcinfo, st, NULL, times, NULL);
	return JourneyTimesArray(times, level, JourneyTsTypeOid(st->tstype));
}

/* counts[0 .. nsteps) as bigint[] */
static Datum
funnel_counts_array(const uint64 *counts, int nsteps)
{
	Datum		elems[JY_MAX_STEPS];
	int			k;

	for (k = 0; k < nsteps; k++)
		elems[k] = Int64GetDatum((int64) counts[k]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, nsteps, INT8OID, sizeof(int64),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

PG_FUNCTION_INFO_V1(funnel_attempts_finalfn);

/*
 * Final function of funnel_attempts: the attempts reaching each step
 * (jy_funnel_attempts) as bigint[]; NULL for a group without rows
 */
Datum
funnel_attempts_finalfn(PG_FUNCTION_ARGS)
{
	FunnelState *st;
	uint64		counts[JY_MAX_STEPS];

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (FunnelState *) PG_GETARG_POINTER(0);
	funnel_evaluate(fcinfo, st, NULL, NULL, counts);
	return funnel_counts_array(counts, st->nsteps);
}

/*
 * ---------- per-step gaps: (window, mode, ts, label, steps, gaps) ----------
 *
 * The state of the forms with a gaps argument: a FunnelState (made and
 * grown by the functions above) and the gaps, which travel with it through
 * combine and serialize (byte form version 2).  The plain forms' states
 * stay as they are: their memory per actor is unchanged.
 */
typedef struct FunnelGapsState
{
	FunnelState *st;
	uint64		within[FLEXIBLE_ARRAY_MEMBER];	/* nsteps: within[0] unused */
} FunnelGapsState;

/* A new gaps state in cxt for the gaps of spec, holding st */
static FunnelGapsState *
funnel_gaps_state(MemoryContext cxt, const JyFunnelSpec *spec, FunnelState *st)
{
	FunnelGapsState *g = MemoryContextAlloc(cxt, offsetof(FunnelGapsState, within) +
											spec->nsteps * sizeof(uint64));

	memcpy(g->within, spec->within, spec->nsteps * sizeof(uint64));
	g->st = st;
	return g;
}

PG_FUNCTION_INFO_V1(funnel_gaps_transfn);

/* Transition function of the gaps forms: (state, window, mode, ts, label, steps, gaps) */
Datum
funnel_gaps_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FunnelGapsState *g = PG_ARGISNULL(0) ? NULL : (FunnelGapsState *) PG_GETARG_POINTER(0);
	JyFunnelSpec spec;
	FunnelState *st;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_gaps_transfn called in non-aggregate context");
	st = funnel_trans(fcinfo, aggcxt, g != NULL ? g->st : NULL, false, &spec);
	if (g == NULL)
		g = funnel_gaps_state(aggcxt, &spec, st);
	g->st = st;
	PG_RETURN_POINTER(g);
}

PG_FUNCTION_INFO_V1(funnel_gaps_combine);

/* Combine function of the gaps forms: the events merged, the gaps equal */
Datum
funnel_gaps_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FunnelGapsState *a = PG_ARGISNULL(0) ? NULL : (FunnelGapsState *) PG_GETARG_POINTER(0);
	FunnelGapsState *b = PG_ARGISNULL(1) ? NULL : (FunnelGapsState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_gaps_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
	{
		JyFunnelSpec spec = funnel_spec(b->st);

		spec.within = b->within;
		a = funnel_gaps_state(aggcxt, &spec, NULL);
	}
	else if (a->st->nsteps != b->st->nsteps ||
			 memcmp(a->within, b->within, b->st->nsteps * sizeof(uint64)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel gaps must be the same for every row")));
	a->st = funnel_merge(a->st, b->st, aggcxt);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(funnel_gaps_serialize);

/* Serialize function of the gaps forms: byte form version 2 */
Datum
funnel_gaps_serialize(PG_FUNCTION_ARGS)
{
	FunnelGapsState *g = (FunnelGapsState *) PG_GETARG_POINTER(0);

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_gaps_serialize called in non-aggregate context");
	PG_RETURN_BYTEA_P(funnel_bytes(g->st, g->within));
}

PG_FUNCTION_INFO_V1(funnel_gaps_deserialize);

/* Deserialize function of the gaps forms, checking every field */
Datum
funnel_gaps_deserialize(PG_FUNCTION_ARGS)
{
	uint64		within[JY_MAX_STEPS];
	JyFunnelSpec spec;
	FunnelState *st;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_gaps_deserialize called in non-aggregate context");
	st = funnel_from_bytes(PG_GETARG_BYTEA_PP(0), within);
	spec = funnel_spec(st);
	spec.within = within;
	PG_RETURN_POINTER(funnel_gaps_state(CurrentMemoryContext, &spec, st));
}

PG_FUNCTION_INFO_V1(window_funnel_gaps_finalfn);

/* Final function of window_funnel with gaps */
Datum
window_funnel_gaps_finalfn(PG_FUNCTION_ARGS)
{
	FunnelGapsState *g;

	if (PG_ARGISNULL(0))
		PG_RETURN_INT32(0);
	g = (FunnelGapsState *) PG_GETARG_POINTER(0);
	PG_RETURN_INT32(funnel_evaluate(fcinfo, g->st, g->within, NULL, NULL));
}

PG_FUNCTION_INFO_V1(funnel_times_gaps_finalfn);

/* Final function of funnel_times with gaps (as funnel_times_finalfn) */
Datum
funnel_times_gaps_finalfn(PG_FUNCTION_ARGS)
{
	FunnelGapsState *g;
	int64		times[JY_MAX_STEPS];
	int			level;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	g = (FunnelGapsState *) PG_GETARG_POINTER(0);
	level = funnel_evaluate(fcinfo, g->st, g->within, times, NULL);
	return JourneyTimesArray(times, level, JourneyTsTypeOid(g->st->tstype));
}

PG_FUNCTION_INFO_V1(funnel_attempts_gaps_finalfn);

/* Final function of funnel_attempts with gaps */
Datum
funnel_attempts_gaps_finalfn(PG_FUNCTION_ARGS)
{
	FunnelGapsState *g;
	uint64		counts[JY_MAX_STEPS];

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	g = (FunnelGapsState *) PG_GETARG_POINTER(0);
	funnel_evaluate(fcinfo, g->st, g->within, NULL, counts);
	return funnel_counts_array(counts, g->st->nsteps);
}

/* ---------- the same over a stored journey ---------- */

/* The label set of a steps argument, and its size (a JourneyArgBuild) */
typedef struct JourneySteps
{
	JyLabelSet *labels;
	int			nsteps;
} JourneySteps;

static void *
steps_build(FunctionCallInfo fcinfo, const char *data, Size len, void *noun)
{
	JourneySteps *s = palloc(sizeof(JourneySteps));
	ArrayType  *arr = palloc(VARHDRSZ + len);

	/* an aligned copy with a 4-byte header */
	SET_VARSIZE(arr, VARHDRSZ + len);
	memcpy(VARDATA(arr), data, len);
	s->labels = JourneyBuildSteps(arr, &s->nsteps, (const char *) noun);
	return s;
}

/*
 * Read a steps argument (text[]) through the cache *slot (allocated in
 * fn_mcxt on first use), rebuilding the label set only when it changes.
 */
JourneyStepsCache *
JourneyReadSteps(FunctionCallInfo fcinfo, JourneyStepsCache **slot,
				 int steps_arg, const char *noun)
{
	JourneyStepsCache *c = *slot;
	JourneySteps *s;

	if (c == NULL)
		c = *slot = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(JourneyStepsCache));
	s = JourneyArgCached(fcinfo, &c->arg, steps_arg, 0, steps_build, (void *) noun);
	c->labels = s->labels;
	c->nsteps = s->nsteps;
	return c;
}

/* Steps and mode of a call over journeys, kept while they stay the same */
typedef struct JourneyFunnelCache
{
	JourneyStepsCache *steps;
	JourneyArgCache mode;		/* the mode argument and its flags */
	uint32		flags;
	JourneyArgCache gaps;		/* the gaps argument, when given */
} JourneyFunnelCache;

/* Read the steps (and mode) arguments through the cache in fn_extra */
static JourneyFunnelCache *
journey_funnel_args(FunctionCallInfo fcinfo, int steps_arg, int mode_arg)
{
	JourneyFunnelCache *c = (JourneyFunnelCache *) fcinfo->flinfo->fn_extra;

	if (c == NULL)
		c = fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(JourneyFunnelCache));
	JourneyReadSteps(fcinfo, &c->steps, steps_arg, "funnel step");
	if (mode_arg >= 0)
		c->flags = funnel_mode_arg(fcinfo, &c->mode, mode_arg);
	return c;
}

/* The step mask of every label of a journey */
uint64 *
JourneyLabelMasks(const JyJourney *j, const JyLabelSet *labels)
{
	uint64	   *masks = palloc((j->nlabels + 1) * sizeof(uint64));
	uint32		i;

	for (i = 0; i < j->nlabels; i++)
		masks[i] = jy_labels_lookup(labels, j->label_text[i], j->label_len[i]);
	return masks;
}

/*
 * The funnel events of a stored journey (argument 0) and the funnel's
 * parameters, read from the arguments window_arg (interval), window_arg + 1
 * (steps text[]), window_arg + 2 (mode) and, when given, window_arg + 3
 * (gaps interval[]).  Returns the events (palloc'd; *n of them) and fills
 * *spec, and *last with the journey's latest timestamp (*has_last false
 * without touches).
 */
JyEvent *
JourneyFunnelEvents(FunctionCallInfo fcinfo, int window_arg, JyFunnelSpec *spec,
					size_t *n, int64 *last, bool *has_last)
{
	JourneyFunnelCache *c = journey_funnel_args(fcinfo, window_arg + 1, window_arg + 2);
	JyJourney	j;
	JyEvent    *ev;
	JyMem		mem;
	int64		w = JourneyIntervalUsecs(PG_GETARG_INTERVAL_P(window_arg), "funnel window");

	if (w <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel window must be positive")));
	memset(spec, 0, sizeof(JyFunnelSpec));
	spec->window = (uint64) w;
	spec->flags = c->flags;
	spec->nsteps = c->steps->nsteps;
	if (PG_NARGS() > window_arg + 3)
		spec->within = funnel_read_gaps(fcinfo, &c->gaps, window_arg + 3, spec->nsteps, spec->flags);
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	JourneyMemInit(&mem, CurrentMemoryContext);
	ev = palloc((j.n + 1) * sizeof(JyEvent));
	*n = jy_journey_events(&j, JourneyLabelMasks(&j, c->steps->labels),
						   (spec->flags & JY_FUNNEL_STRICT_ORDER) != 0, ev, &mem);
	*has_last = j.n > 0;
	*last = j.n > 0 ? j.ts[j.n - 1] : 0;
	return ev;
}

/* Evaluate window_funnel(journey, window, steps, mode [, gaps]) */
static int
journey_funnel_eval(FunctionCallInfo fcinfo, int64 *times, uint64 *counts)
{
	JyFunnelSpec spec;
	JyEvent    *ev;
	JyMem		mem;
	size_t		n;
	int64		last;
	bool		has_last;
	int			level = 0;

	ev = JourneyFunnelEvents(fcinfo, 1, &spec, &n, &last, &has_last);
	JourneyMemInit(&mem, CurrentMemoryContext);
	funnel_check_totals(spec.flags, counts != NULL);
	if (counts != NULL)
		JourneyCheckStatus(jy_funnel_attempts(ev, n, &spec, &mem, counts), FUNNEL);
	else
		JourneyCheckStatus(jy_funnel_eval(ev, n, &spec, &mem, &level, times), FUNNEL);
	return level;
}

PG_FUNCTION_INFO_V1(window_funnel_journey);

/* window_funnel(journey, window, steps text[], mode text [, gaps interval[]]): as the label form */
Datum
window_funnel_journey(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(journey_funnel_eval(fcinfo, NULL, NULL));
}

PG_FUNCTION_INFO_V1(funnel_times_journey);

/* funnel_times(journey, window, steps text[], mode text [, gaps]) -> timestamptz[] */
Datum
funnel_times_journey(PG_FUNCTION_ARGS)
{
	int64		times[JY_MAX_STEPS];
	int			level = journey_funnel_eval(fcinfo, times, NULL);

	return JourneyTimesArray(times, level, TIMESTAMPTZOID);
}

PG_FUNCTION_INFO_V1(funnel_attempts_journey);

/* funnel_attempts(journey, window, steps text[], mode text [, gaps]) -> bigint[] */
Datum
funnel_attempts_journey(PG_FUNCTION_ARGS)
{
	uint64		counts[JY_MAX_STEPS];

	journey_funnel_eval(fcinfo, NULL, counts);
	return funnel_counts_array(counts, ((JourneyFunnelCache *) fcinfo->flinfo->fn_extra)->steps->nsteps);
}

PG_FUNCTION_INFO_V1(retention_journey);

/* retention(journey, labels text[]): as retention(label = labels[1], ...) */
Datum
retention_journey(PG_FUNCTION_ARGS)
{
	JourneyFunnelCache *c = journey_funnel_args(fcinfo, 1, -1);
	JyJourney	j;
	int32		out[JY_MAX_STEPS];
	Datum		elems[JY_MAX_STEPS];
	int			i;

	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	jy_retention(jy_journey_seen(&j, JourneyLabelMasks(&j, c->steps->labels)), c->steps->nsteps, out);
	for (i = 0; i < c->steps->nsteps; i++)
		elems[i] = Int32GetDatum(out[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, c->steps->nsteps, INT4OID, sizeof(int32),
										  true, TYPALIGN_INT));
}

/* ---------- step labels for the conversion drivers (drivers.c) ---------- */

/* The steps of a label-form call site read by JourneyFunnelRow (or NULL) */
const JyLabelSet *
JourneyFunnelRowLabels(FunctionCallInfo fcinfo)
{
	FunnelArgs *fa = (FunnelArgs *) fcinfo->flinfo->fn_extra;

	return fa != NULL && fa->label_form ? fa->labels : NULL;
}

/* The steps of the call site's last JourneyFunnelEvents */
const JyLabelSet *
JourneyFunnelEventsLabels(FunctionCallInfo fcinfo)
{
	return ((JourneyFunnelCache *) fcinfo->flinfo->fn_extra)->steps->labels;
}
