/*
 * funnelprops.c -- funnel_props(prop, window, [mode,] ts, ...) aggregates
 *
 * The per-group companion of funnel_times: the value of a text property at
 * each step of the chain funnel_times reports.  Rows are read as
 * window_funnel reads them (JourneyFunnelRow: window, mode, ts, label and
 * steps or conditions, cached per call site), the property being argument 1;
 * the core (core/funnelprops.c) keeps the matching rows with a dictionary of
 * the group's distinct values and evaluates them with the funnel engine.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/codec.h"
#include "core/funnelprops.h"

#define PROPS "funnel_props"

/* The aggregate state, in the aggregate context */
typedef struct PropsState
{
	JyProps		p;
	JyMem		mem;			/* allocates in the state's context */
	bool		decoded;		/* made by deserialize, used by nothing else */
} PropsState;

/* A new state in cxt */
static PropsState *
props_state(MemoryContext cxt, const JyFunnelSpec *spec, uint8 tstype)
{
	PropsState *st = MemoryContextAllocZero(cxt, sizeof(PropsState));

	JourneyMemInit(&st->mem, cxt);
	jy_props_init(&st->p, spec, tstype);
	return st;
}

/* Report a failed status of the core */
static void
props_check(JyStatus s)
{
	if (s == JY_ERR_TOO_MANY_EVENTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many events in one %s group", PROPS),
				 errdetail("A group can hold at most %u matching rows.", (unsigned) JY_PROPS_MAX_ROWS),
				 errhint("Group by a finer key (an actor rather than a segment), or filter the events first.")));
	if (s == JY_ERR_VALUE_TOO_LARGE)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("distinct property values of one %s group exceed 1 GB", PROPS),
				 errdetail("The distinct values of a group may take at most %zu bytes together.", (size_t) JY_PROPS_MAX_BYTES),
				 errhint("Use shorter values (codes rather than descriptions), or group by a finer key.")));
	JourneyCheckStatus(s, PROPS);
}

/* Error unless a state has the funnel of spec and timestamp type tstype */
static void
props_check_spec(const JyProps *p, const JyFunnelSpec *spec, uint8 tstype)
{
	if (p->window != spec->window || p->flags != spec->flags ||
		p->nsteps != spec->nsteps || p->tstype != tstype)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel window and mode must be the same for every row of a group")));
}

PG_FUNCTION_INFO_V1(funnel_props_transfn);

/*
 * Transition function of every overload: (state, prop, window, [mode,] ts,
 * label, steps) or (state, prop, window, [mode,] ts, cond1, ..., condN).
 * Non-strict: a NULL prop is a NULL value, a NULL condition false, a NULL
 * ts ignores the row.  A matching row becomes one 24-byte record; its value
 * is stored once per distinct value of the group (no per-row allocation).
 */
Datum
funnel_props_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	PropsState *st;
	JyFunnelSpec spec;
	uint8		tstype;
	int64		ts;
	uint64		mask;
	bool		row;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_props_transfn called in non-aggregate context");
	row = JourneyFunnelRow(fcinfo, 2, aggcxt, &spec, &tstype, &ts, &mask);
	if (spec.flags & JY_FUNNEL_TOTALS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel mode totals is not supported by funnel_props"),
				 errdetail("funnel_props reports the values of one chain per group; totals counts every attempt."),
				 errhint("Remove totals from the mode.")));
	if (PG_ARGISNULL(0))
		st = props_state(aggcxt, &spec, tstype);
	else
	{
		st = (PropsState *) PG_GETARG_POINTER(0);
		if (!JourneyFunnelParamsConst(fcinfo))
			props_check_spec(&st->p, &spec, tstype);
	}
	if (row && (mask != 0 || (spec.flags & JY_FUNNEL_STRICT_ORDER)))
	{
		text	   *v = NULL;

		if (mask != 0 && !PG_ARGISNULL(1))
			v = PG_GETARG_TEXT_PP(1);
		props_check(jy_props_add(&st->p, &st->mem, ts, mask,
								 v == NULL ? NULL : VARDATA_ANY(v),
								 v == NULL ? 0 : VARSIZE_ANY_EXHDR(v)));
		/* a detoasted copy is not kept */
		if (v != NULL && (Pointer) v != DatumGetPointer(PG_GETARG_DATUM(1)))
			pfree(v);
	}
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(funnel_props_combine);

/* Combine: add the right state's rows to the left one's (values remapped) */
Datum
funnel_props_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	void	   *result;
	PropsState *a = PG_ARGISNULL(0) ? NULL : (PropsState *) PG_GETARG_POINTER(0);
	PropsState *b = PG_ARGISNULL(1) ? NULL : (PropsState *) PG_GETARG_POINTER(1);

	if (JourneyCombineShortcut(fcinfo, "funnel_props_combine", &aggcxt, a, b,
							   b != NULL ? &b->decoded : NULL, &result))
		PG_RETURN_STATE(result);
	if (a == NULL)
	{
		JyFunnelSpec spec = jy_props_spec(&b->p);

		a = props_state(aggcxt, &spec, b->p.tstype);
	}
	if (!jy_props_same(&a->p, &b->p))
	{
		JyFunnelSpec spec = jy_props_spec(&b->p);

		props_check_spec(&a->p, &spec, b->p.tstype);
	}
	props_check(jy_props_merge(&a->p, &b->p, &a->mem));
	/* a deserialized state's memory is not needed after its merge */
	if (b->decoded)
	{
		jy_props_free(&b->p, &b->mem);
		pfree(b);
	}
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(funnel_props_serialize);

/* Serialize: the portable byte form of docs/format.md (core) */
Datum
funnel_props_serialize(PG_FUNCTION_ARGS)
{
	PropsState *st = (PropsState *) PG_GETARG_POINTER(0);
	JyWriter	w;
	JyMem		mem;
	bytea	   *out;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_props_serialize called in non-aggregate context");
	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	/* sorting the rows in place leaves the same state */
	if (jy_props_encode(&st->p, &st->mem, &w) != JY_OK || w.len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s state would exceed 1 GB", PROPS),
				 errdetail("A partial state sent between processes may take at most %zu bytes.",
						   (size_t) (MaxAllocSize - VARHDRSZ)),
				 errhint("Group by a finer key, or disable parallel aggregation for this query.")));
	out = palloc(VARHDRSZ + w.len);
	SET_VARSIZE(out, VARHDRSZ + w.len);
	memcpy(VARDATA(out), w.buf, w.len);
	jy_writer_free(&w);
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(funnel_props_deserialize);

/* Deserialize: decode (fully checked) into a new state */
Datum
funnel_props_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcxt;
	PropsState *st;
	JyFunnelSpec spec = {.window = 1, .nsteps = 1};
	const char *why = NULL;
	JyStatus	s;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_props_deserialize called in non-aggregate context");
	/* in the aggregate context, so that combine can keep it */
	st = props_state(aggcxt, &spec, 0);
	st->decoded = true;
	s = jy_props_decode(&st->p, &st->mem, (const uint8 *) VARDATA_ANY(bytes),
						VARSIZE_ANY_EXHDR(bytes), JOURNEY_TS_NTYPES, &why);
	if (s == JY_ERR_CORRUPT)
		JourneyCorruptState(PROPS, why);
	props_check(s);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(funnel_props_finalfn);

/*
 * Final function: text[] with the property's value at each step of the
 * reported chain (length = the level; NULL elements for NULL values), '{}'
 * when step 1 never happened, NULL for a group without rows.  Sorting the
 * rows in place leaves the same state (FINALFUNC_MODIFY = READ_ONLY).
 */
Datum
funnel_props_finalfn(PG_FUNCTION_ARGS)
{
	PropsState *st;
	int64		times[JY_MAX_STEPS];
	uint32		refs[JY_MAX_STEPS];
	Datum		elems[JY_MAX_STEPS];
	bool		nulls[JY_MAX_STEPS];
	int			level,
				dims[1],
				lbs[1] = {1},
				k;
	JyMem		mem;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (PropsState *) PG_GETARG_POINTER(0);
	JourneyMemInit(&mem, CurrentMemoryContext);
	props_check(jy_props_eval(&st->p, &mem, &level, times, refs));
	if (level == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	for (k = 0; k < level; k++)
	{
		size_t		len;
		const char *v;

		nulls[k] = refs[k] == 0;
		if (nulls[k])
		{
			elems[k] = (Datum) 0;
			continue;
		}
		v = jy_props_value(&st->p, refs[k], &len);
		elems[k] = PointerGetDatum(cstring_to_text_with_len(v, (int) len));
	}
	dims[0] = level;
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls, 1, dims, lbs, TEXTOID,
											 -1, false, TYPALIGN_INT));
}
