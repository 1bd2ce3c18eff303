/*
 * onepass.c -- the one-pass funnel: funnel_counts(actor, window, ...)
 *
 * funnel_counts(actor, window, [mode,] ts, label, steps) and its conditions
 * form count the actors reaching each step of a funnel in one aggregate
 * over the whole input (or each GROUP BY segment), exactly as
 * funnel_counts(window_funnel(...), nsteps) over GROUP BY actor, without
 * PostgreSQL's per-actor grouping.  Rows are read as window_funnel reads
 * them (JourneyFunnelRow), keyed by actor (JourneyActorKey) into the core's
 * one-pass state (core/onepass.c), which the final function evaluates with
 * the funnel engine.  The record buffer may pass 1 GB: it is allocated
 * with huge allocations.  funnel_counts(actor, map, ts, event [, props])
 * runs a journey map the same way: map.c parses the map and gives each
 * row's stage mask, the state carries the map's gaps, exclusion bit and
 * identity, and every support function but the transition is shared.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/memutils.h"

#include "core/codec.h"
#include "core/onepass.h"

#define ONEPASS "funnel_counts"

/* The aggregate state, in the aggregate context */
typedef struct OnepassState
{
	JyOnepass	o;
	JyMem		mem;			/* huge allocations in the state's context */
	JourneyActorArg key;		/* reading the actor argument (transition) */
	bool		decoded;		/* made by deserialize, used by nothing else */
} OnepassState;

/* A new state in cxt */
static OnepassState *
onepass_state(MemoryContext cxt, JyActorKind kind, const JyFunnelSpec *spec)
{
	OnepassState *st = MemoryContextAllocZero(cxt, sizeof(OnepassState));

	JourneyMemInitHuge(&st->mem, cxt);
	jy_onepass_init(&st->o, kind, spec);
	return st;
}

/* Report a failed status of a one-pass state */
static void
onepass_check(const OnepassState *st, JyStatus s)
{
	if (s == JY_ERR_OUT_OF_MEMORY && st->o.actors.n >= JY_ACTORS_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many actors in one %s group", ONEPASS),
				 errdetail("A group can hold at most %u actors.", (unsigned) JY_ACTORS_MAX),
				 errhint("Group by a segment, or use window_funnel per actor.")));
	JourneyCheckStatus(s, ONEPASS);
}

/* Error unless a state has the funnel of spec */
static void
onepass_check_spec(const JyOnepass *o, const JyFunnelSpec *spec)
{
	if (o->window != spec->window || o->flags != spec->flags || o->nsteps != spec->nsteps)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel window and mode must be the same for every row of a group")));
}

/* Error unless a state was built with the map of map_id (journey maps) */
static void
onepass_check_map(const JyOnepass *o, uint64 map_id)
{
	if (o->map_id != map_id)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey map must be the same for every row of a group")));
}

/* Add a row of a non-NULL actor to a state (no per-row allocation for integer keys) */
static void
onepass_add_row(OnepassState *st, Datum actor, int64 ts, uint64 mask)
{
	int64		ikey = 0;
	const void *bkey = NULL;
	size_t		blen = 0;

	JourneyActorKey(&st->key, actor, &ikey, &bkey, &blen);
	if (st->o.actors.kind == JY_ACTOR_INT)
		onepass_check(st, jy_onepass_add_int(&st->o, &st->mem, ikey, ts, mask));
	else
		onepass_check(st, jy_onepass_add_bytes(&st->o, &st->mem, bkey, blen, ts, mask));
}

PG_FUNCTION_INFO_V1(funnel_onepass_transfn);

/*
 * Transition function of every overload: (state, actor, window, [mode,] ts,
 * label, steps) or (state, actor, window, [mode,] ts, cond1, ..., condN).
 * A NULL actor or ts: the row is ignored (a NULL-ts row of an actor still
 * makes the result non-NULL, as the actor's group does).  No per-row
 * allocation: a matching row becomes one record (8 bytes on typical data).
 * Rows that match no step return before the actor key is read (the core
 * would drop them too, after the key's cost).
 */
Datum
funnel_onepass_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	OnepassState *st;
	JyFunnelSpec spec;
	uint8		tstype;
	int64		ts;
	uint64		mask;
	bool		row;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_onepass_transfn called in non-aggregate context");
	row = JourneyFunnelRow(fcinfo, 2, aggcxt, &spec, &tstype, &ts, &mask);
	if (PG_ARGISNULL(0))
	{
		JourneyActorArg key;

		JourneyActorArgInit(&key, fcinfo, 1, aggcxt);
		st = onepass_state(aggcxt, key.kind, &spec);
		/* per-step gaps: carried as a map's, with the gaps' identity */
		if (spec.within != NULL)
			st->o.map_id = jy_onepass_gaps_id(spec.within, spec.nsteps);
		st->key = key;
	}
	else
	{
		st = (OnepassState *) PG_GETARG_POINTER(0);
		/* (the gaps are the same for every row: JourneyFunnelRow checks) */
		if (!JourneyFunnelParamsConst(fcinfo))
			onepass_check_spec(&st->o, &spec);
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	st->o.any = true;
	if (!row || (mask == 0 && !(spec.flags & JY_FUNNEL_STRICT_ORDER)))
		PG_RETURN_POINTER(st);
	onepass_add_row(st, PG_GETARG_DATUM(1), ts, mask);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(funnel_onepass_combine);

/* Combine: merge the right state into the left one (actors remapped by key) */
Datum
funnel_onepass_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	void	   *result;
	OnepassState *a = PG_ARGISNULL(0) ? NULL : (OnepassState *) PG_GETARG_POINTER(0);
	OnepassState *b = PG_ARGISNULL(1) ? NULL : (OnepassState *) PG_GETARG_POINTER(1);

	if (JourneyCombineShortcut(fcinfo, "funnel_onepass_combine", &aggcxt, a, b,
							   b != NULL ? &b->decoded : NULL, &result))
		PG_RETURN_STATE(result);
	if (a == NULL)
	{
		JyFunnelSpec spec = jy_onepass_spec(&b->o);

		a = onepass_state(aggcxt, b->o.actors.kind, &spec);
		a->o.map_id = b->o.map_id;
		a->key = b->key;
	}
	if (!jy_onepass_same(&a->o, &b->o))
	{
		JyFunnelSpec spec = jy_onepass_spec(&b->o);

		onepass_check_map(&a->o, b->o.map_id);
		onepass_check_spec(&a->o, &spec);
		elog(ERROR, "funnel_counts states of different actor key kinds");
	}
	onepass_check(a, jy_onepass_merge(&a->o, &b->o, &a->mem));
	/* a deserialized state's memory is not needed after its merge */
	if (b->decoded)
	{
		jy_onepass_free(&b->o, &b->mem);
		pfree(b);
	}
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(funnel_onepass_serialize);

/* Serialize: the portable byte form of docs/format.md (core codec) */
Datum
funnel_onepass_serialize(PG_FUNCTION_ARGS)
{
	OnepassState *st = (OnepassState *) PG_GETARG_POINTER(0);
	JyMem		mem;
	JyWriter	w;
	JyStatus	s;
	uint8		hdr[VARHDRSZ] = {0};

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_onepass_serialize called in non-aggregate context");
	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	/* room for the varlena header, so the buffer becomes the bytea */
	jy_write_bytes(&w, hdr, VARHDRSZ);
	s = jy_onepass_encode(&st->o, &st->mem, &w);
	if (s == JY_OK)
		s = w.status;
	if (s == JY_ERR_VALUE_TOO_LARGE)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s state too large for a parallel plan", ONEPASS),
				 errdetail("A partial state crossing processes may take at most 1 GB."),
				 errhint("Run it serially (SET max_parallel_workers_per_gather = 0), or group by a segment.")));
	JourneyCheckStatus(s, ONEPASS);
	SET_VARSIZE(w.buf, w.len);
	PG_RETURN_BYTEA_P((bytea *) w.buf);
}

PG_FUNCTION_INFO_V1(funnel_onepass_deserialize);

/* Deserialize: decode (fully checked) into a new state */
Datum
funnel_onepass_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	OnepassState *st;
	JyFunnelSpec spec = {.window = 1, .flags = 0, .nsteps = 1, .within = NULL, .exclude = 0};
	const char *why = NULL;
	JyStatus	s;

	MemoryContext aggcxt;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_onepass_deserialize called in non-aggregate context");

	/*
	 * In the aggregate context, not the per-tuple one, so that the combine
	 * function can keep the first state it gets instead of copying it
	 */
	st = onepass_state(aggcxt, JY_ACTOR_NONE, &spec);
	st->decoded = true;
	s = jy_onepass_decode(&st->o, &st->mem, (const uint8 *) VARDATA_ANY(bytes),
						  VARSIZE_ANY_EXHDR(bytes), &why);
	if (s == JY_ERR_CORRUPT)
		JourneyCorruptState(ONEPASS, why);
	onepass_check(st, s);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(funnel_onepass_finalfn);

/*
 * Final function: actors reaching each step, as bigint[]; NULL when no row
 * had an actor (as funnel_counts over no actor).  It groups the state's
 * records in place, which leaves what the state means unchanged
 * (FINALFUNC_MODIFY = READ_ONLY).
 */
Datum
funnel_onepass_finalfn(PG_FUNCTION_ARGS)
{
	OnepassState *st;
	int64		counts[JY_MAX_STEPS];
	Datum		elems[JY_MAX_STEPS];
	JyMem		mem;
	int			k;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (OnepassState *) PG_GETARG_POINTER(0);
	if (!st->o.any)
		PG_RETURN_NULL();
	JourneyMemInitHuge(&mem, CurrentMemoryContext);
	onepass_check(st, jy_onepass_counts(&st->o, &mem, counts));
	for (k = 0; k < st->o.nsteps; k++)
		elems[k] = Int64GetDatum(counts[k]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, st->o.nsteps, INT8OID, sizeof(int64),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/* ---------- over journey maps: funnel_counts(actor, map, ts, event [, props]) ---------- */

PG_FUNCTION_INFO_V1(funnel_onepass_map_transfn);

/*
 * Transition function of the map form: (state, actor, map, ts, event
 * [, props]).  The map (text or jsonb) is parsed once per call site by
 * map.c, as furthest_stage parses it; a row's mask is its stages and
 * exclusion bit after the where filters.  A NULL actor or ts ignores the
 * row (a NULL-ts row of an actor makes the result non-NULL, as its group
 * does in furthest_stage), a NULL event belongs to no stage.  The other
 * support functions are those of the label form: the state carries the
 * map's gaps, exclusion and identity.
 */
Datum
funnel_onepass_map_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	OnepassState *st;
	const struct MapSpec *map;
	bool		is_const;
	uint64		mask;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_onepass_map_transfn called in non-aggregate context");
	map = JourneyMapArg(fcinfo, 2, &is_const);
	mask = JourneyMapRowMask(fcinfo, map, 4, PG_NARGS() > 5 ? 5 : -1);
	if (PG_ARGISNULL(0))
	{
		JourneyActorArg key;
		JyFunnelSpec spec = JourneyMapFunnelSpec(map);

		JourneyActorArgInit(&key, fcinfo, 1, aggcxt);
		st = onepass_state(aggcxt, key.kind, &spec);
		st->o.map_id = JourneyMapId(map);
		st->key = key;
	}
	else
	{
		st = (OnepassState *) PG_GETARG_POINTER(0);
		if (!is_const)
			onepass_check_map(&st->o, JourneyMapId(map));
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	st->o.any = true;
	if (PG_ARGISNULL(3) || (mask == 0 && !(st->o.flags & JY_FUNNEL_STRICT_ORDER)))
		PG_RETURN_POINTER(st);
	onepass_add_row(st, PG_GETARG_DATUM(1), PG_GETARG_TIMESTAMPTZ(3), mask);
	PG_RETURN_POINTER(st);
}
