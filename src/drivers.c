/*
 * drivers.c -- conversion drivers (funnel correlation) in two steps
 *
 * funnel_features(window, [mode,] ts, label, steps, to_step [, VARIADIC
 * features]) per actor reads its rows as window_funnel's label form does
 * (JourneyFunnelRow) and keeps the feature rows beside the funnel events
 * (core/drivers.c); its final function runs the funnel engine and returns
 * an actor_features row (reached, converted, features).  driver_agg counts
 * those rows into a driver_summary, rollup merges summaries, and
 * conversion_drivers reports one 2x2 table per feature with its statistics.
 * See docs/drivers.md.
 */
#include "journey.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/codec.h"
#include "core/drivers.h"
#include "core/stats.h"
#include "summary.h"

#define FEATURES "funnel_features"
#define DRIVERS "driver_summary"

/* ---------- funnel_features: one actor ---------- */

/* The aggregate state, in the aggregate context */
typedef struct FeaturesState
{
	JyFeatures	f;
	JyMem		mem;			/* allocates in the state's context */
	bool		decoded;		/* made by deserialize, used by nothing else */
} FeaturesState;

/* A new state in cxt */
static FeaturesState *
features_state(MemoryContext cxt, const JyFunnelSpec *spec, int to_step, uint8 tstype)
{
	FeaturesState *st = MemoryContextAllocZero(cxt, sizeof(FeaturesState));

	JourneyMemInit(&st->mem, cxt);
	jy_features_init(&st->f, spec, to_step, tstype);
	return st;
}

/* Report a failed status of the core */
static void
features_check(JyStatus s)
{
	if (s == JY_ERR_TOO_MANY_EVENTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many events in one %s group", FEATURES),
				 errdetail("A group can hold at most %u events and %u feature rows.",
						   (unsigned) JY_FEATURES_MAX_ROWS, (unsigned) JY_FEATURES_MAX_ROWS),
				 errhint("Group by the actor, or filter the events first.")));
	JourneyCheckStatus(s, FEATURES);
}

/* to_step of a call: 2 .. nsteps */
static int
features_to_step(FunctionCallInfo fcinfo, int arg, int nsteps)
{
	int32		to_step;

	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("to_step must not be NULL")));
	to_step = PG_GETARG_INT32(arg);
	if (to_step < 2 || to_step > nsteps)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("to_step must be between 2 and the number of steps (%d)", nsteps),
				 errdetail("It is %d.", to_step),
				 errhint("An actor converts when it reaches to_step; every actor that reaches step 1 is counted.")));
	return to_step;
}

/* Error for the mode totals (one chain per actor is reported) */
static void
features_check_mode(uint32 flags)
{
	if (flags & JY_FUNNEL_TOTALS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel mode totals is not supported by funnel_features"),
				 errdetail("funnel_features reads the features of one chain per actor; totals counts every attempt."),
				 errhint("Remove totals from the mode.")));
}

/* Error unless a state has the funnel of spec, to_step and tstype */
static void
features_check_spec(const JyFeatures *f, const JyFunnelSpec *spec, int to_step, uint8 tstype)
{
	if (f->window != spec->window || f->flags != spec->flags ||
		f->nsteps != spec->nsteps || f->to_step != to_step || f->tstype != tstype)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel window, mode, steps and to_step must be the same for every row of a group")));
}

/* Add the feature text s[0..len) seen at ts, unless it names a step */
static void
features_add_text(FeaturesState *st, const JyLabelSet *labels, int64 ts,
				  const char *s, size_t len)
{
	if (labels != NULL && jy_labels_lookup(labels, s, (uint32) len) != 0)
		return;
	features_check(jy_features_add(&st->f, &st->mem, ts, s, len));
}

PG_FUNCTION_INFO_V1(funnel_features_transfn);

/*
 * Transition function: (state, window, [mode,] ts, label, steps, to_step
 * [, features text[]]).  Non-strict: a NULL ts ignores the row, a NULL
 * label names no step; without features the feature of a row is its label
 * (NULL: none); features' NULL elements are skipped; a feature that is one
 * of the step labels is never kept (PostHog leaves the funnel's own events
 * out too).
 */
Datum
funnel_features_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FeaturesState *st;
	JyFunnelSpec spec;
	uint8		tstype;
	int64		ts;
	uint64		mask;
	bool		row;
	int			ts_arg = get_fn_expr_argtype(fcinfo->flinfo, 2) == TEXTOID ? 3 : 2;
	int			to_step;
	const JyLabelSet *labels;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_features_transfn called in non-aggregate context");
	row = JourneyFunnelRow(fcinfo, 1, aggcxt, &spec, &tstype, &ts, &mask);
	features_check_mode(spec.flags);
	to_step = features_to_step(fcinfo, ts_arg + 3, spec.nsteps);
	if (PG_ARGISNULL(0))
		st = features_state(aggcxt, &spec, to_step, tstype);
	else
	{
		st = (FeaturesState *) PG_GETARG_POINTER(0);
		features_check_spec(&st->f, &spec, to_step, tstype);
	}
	if (!row)
		PG_RETURN_POINTER(st);
	if (mask != 0 || (spec.flags & JY_FUNNEL_STRICT_ORDER))
		features_check(jy_features_add_event(&st->f, &st->mem, ts, mask));
	labels = JourneyFunnelRowLabels(fcinfo);
	if (PG_NARGS() <= ts_arg + 4)
	{
		/* the label is the feature, unless it is a step */
		if (mask == 0 && !PG_ARGISNULL(ts_arg + 1))
		{
			text	   *label = PG_GETARG_TEXT_PP(ts_arg + 1);

			features_add_text(st, NULL, ts, VARDATA_ANY(label), VARSIZE_ANY_EXHDR(label));
		}
	}
	else if (!PG_ARGISNULL(ts_arg + 4))
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(ts_arg + 4);
		Datum	   *elems;
		bool	   *nulls;
		int			n,
					i;

		deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
		for (i = 0; i < n; i++)
		{
			if (nulls[i])
				continue;
			features_add_text(st, labels, ts, VARDATA_ANY(DatumGetPointer(elems[i])),
							  VARSIZE_ANY_EXHDR(DatumGetPointer(elems[i])));
		}
	}
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(funnel_features_combine);

/* Combine: add the right state's events and rows to the left one's */
Datum
funnel_features_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	void	   *result;
	FeaturesState *a = PG_ARGISNULL(0) ? NULL : (FeaturesState *) PG_GETARG_POINTER(0);
	FeaturesState *b = PG_ARGISNULL(1) ? NULL : (FeaturesState *) PG_GETARG_POINTER(1);

	if (JourneyCombineShortcut(fcinfo, "funnel_features_combine", &aggcxt, a, b,
							   b != NULL ? &b->decoded : NULL, &result))
		PG_RETURN_STATE(result);
	if (a == NULL)
	{
		JyFunnelSpec spec = jy_features_spec(&b->f);

		a = features_state(aggcxt, &spec, b->f.to_step, b->f.tstype);
	}
	if (!jy_features_same(&a->f, &b->f))
	{
		JyFunnelSpec spec = jy_features_spec(&b->f);

		features_check_spec(&a->f, &spec, b->f.to_step, b->f.tstype);
	}
	features_check(jy_features_merge(&a->f, &b->f, &a->mem));
	if (b->decoded)
	{
		jy_features_free(&b->f, &b->mem);
		pfree(b);
	}
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(funnel_features_serialize);

/* Serialize: the portable byte form of docs/format.md */
Datum
funnel_features_serialize(PG_FUNCTION_ARGS)
{
	FeaturesState *st = (FeaturesState *) PG_GETARG_POINTER(0);
	JyWriter	w;
	JyMem		mem;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "funnel_features_serialize called in non-aggregate context");
	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	/* sorting in place leaves the same state */
	jy_features_encode(&st->f, &st->mem, &w);
	PG_RETURN_BYTEA_P(JourneySummaryFromWriter(&w, FEATURES));
}

PG_FUNCTION_INFO_V1(funnel_features_deserialize);

/* Deserialize: decode (fully checked) into a new state */
Datum
funnel_features_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcxt;
	FeaturesState *st;
	JyFunnelSpec spec = {.window = 1, .nsteps = 2};
	const char *why = NULL;
	JyStatus	s;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "funnel_features_deserialize called in non-aggregate context");
	st = features_state(aggcxt, &spec, 2, 0);
	st->decoded = true;
	s = jy_features_decode(&st->f, &st->mem, (const uint8 *) VARDATA_ANY(bytes),
						   VARSIZE_ANY_EXHDR(bytes), JOURNEY_TS_NTYPES, &why);
	if (s == JY_ERR_CORRUPT)
		JourneyCorruptState(FEATURES, why);
	features_check(s);
	PG_RETURN_POINTER(st);
}

/* The actor_features row (reached, converted, features) of an evaluated state */
static Datum
features_result(FunctionCallInfo fcinfo, JyFeatures *f)
{
	TupleDesc	desc;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	bool		reached,
				converted;
	uint32	   *ids;
	uint32		n,
				i;
	JyMem		mem;
	Datum	   *elems;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "funnel_features must return a composite type");
	desc = BlessTupleDesc(desc);
	JourneyMemInit(&mem, CurrentMemoryContext);
	features_check(jy_features_eval(f, &mem, &reached, &converted, &ids, &n));
	elems = palloc(sizeof(Datum) * (n > 0 ? n : 1));
	for (i = 0; i < n; i++)
		elems[i] = PointerGetDatum(cstring_to_text_with_len(jy_dict_text(&f->feats, ids[i]),
															(int) f->feats.len[ids[i]]));
	values[0] = BoolGetDatum(reached);
	values[1] = BoolGetDatum(converted);
	values[2] = PointerGetDatum(construct_array(elems, (int) n, TEXTOID, -1, false, TYPALIGN_INT));
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

PG_FUNCTION_INFO_V1(funnel_features_finalfn);

/*
 * Final function: the actor's actor_features row (NULL for a group without
 * rows).  Sorting in place leaves the same state (FINALFUNC_MODIFY =
 * READ_ONLY).
 */
Datum
funnel_features_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(features_result(fcinfo, &((FeaturesState *) PG_GETARG_POINTER(0))->f));
}

PG_FUNCTION_INFO_V1(funnel_features_journey);

/*
 * funnel_features(journey, to_step, window, steps, mode): the same over a
 * stored journey, whose features are its labels that are not steps
 */
Datum
funnel_features_journey(PG_FUNCTION_ARGS)
{
	JyFunnelSpec spec;
	JyEvent    *ev;
	size_t		n,
				i;
	int64		last;
	bool		has_last;
	JyJourney	j;
	const JyLabelSet *labels;
	FeaturesState *st;

	ev = JourneyFunnelEvents(fcinfo, 2, &spec, &n, &last, &has_last);
	features_check_mode(spec.flags);
	st = features_state(CurrentMemoryContext, &spec, features_to_step(fcinfo, 1, spec.nsteps), 0);
	labels = JourneyFunnelEventsLabels(fcinfo);
	for (i = 0; i < n; i++)
		features_check(jy_features_add_event(&st->f, &st->mem, ev[i].ts, ev[i].mask));
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	for (i = 0; i < j.n; i++)
	{
		uint32		l = j.label[i];

		if ((i & 1023) == 1023)
			CHECK_FOR_INTERRUPTS();
		features_add_text(st, labels, j.ts[i], j.label_text[l], j.label_len[l]);
	}
	PG_RETURN_DATUM(features_result(fcinfo, &st->f));
}

/* ---------- driver_agg, rollup(driver_summary): across actors ---------- */

typedef struct DriversState
{
	JyDrivers	d;
	JyMem		mem;
} DriversState;

/* A new state in cxt */
static DriversState *
drivers_state(MemoryContext cxt)
{
	DriversState *st = MemoryContextAllocZero(cxt, sizeof(DriversState));

	JourneyMemInit(&st->mem, cxt);
	jy_drivers_init(&st->d);
	return st;
}

/* Report a failed status of the core */
static void
drivers_check(JyStatus s)
{
	if (s == JY_ERR_VALUE_TOO_LARGE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s counts would exceed the range of bigint", DRIVERS)));
	JourneyCheckStatus(s, DRIVERS);
}

/* Check bytes as a driver summary (the type's input functions) */
static JyStatus
drivers_summary_check(const uint8_t *data, size_t len, const JyMem *m, const char **why)
{
	return jy_driver_summary_check(data, len, m, why);
}

JOURNEY_SUMMARY_IO(driver_summary, drivers_summary_check)

/* Decode a stored summary (checked on input: a failure means damage) */
static void
drivers_read(Datum d, JyDriverSummary *s)
{
	size_t		len;
	const uint8_t *data = JourneySummaryBytes(d, &len);
	const char *why = NULL;
	JyMem		mem;
	JyStatus	st;

	JourneyMemInit(&mem, CurrentMemoryContext);
	st = jy_driver_summary_decode(data, len, &mem, s, &why);
	if (st == JY_ERR_CORRUPT)
		JourneySummaryDamaged(DRIVERS, why);
	drivers_check(st);
}

PG_FUNCTION_INFO_V1(driver_agg_transfn);

/*
 * driver_agg(actor_features): count an actor that reached step 1 (other
 * rows, and rows whose reached or converted is NULL, are skipped; NULL
 * feature elements are skipped, a feature listed twice counts once)
 */
Datum
driver_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	DriversState *st = PG_ARGISNULL(0) ? NULL : (DriversState *) PG_GETARG_POINTER(0);
	HeapTupleHeader t;
	bool		isnull;
	Datum		reached,
				converted,
				feats;
	const char **keys = NULL;
	uint32	   *lens = NULL;
	int			n = 0;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "driver_agg_transfn called in non-aggregate context");
	if (st == NULL)
		st = drivers_state(aggcxt);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	t = PG_GETARG_HEAPTUPLEHEADER(1);
	reached = GetAttributeByNum(t, 1, &isnull);
	if (isnull || !DatumGetBool(reached))
		PG_RETURN_POINTER(st);
	converted = GetAttributeByNum(t, 2, &isnull);
	if (isnull)
		PG_RETURN_POINTER(st);
	feats = GetAttributeByNum(t, 3, &isnull);
	if (!isnull)
	{
		ArrayType  *arr = DatumGetArrayTypeP(feats);
		Datum	   *elems;
		bool	   *nulls;
		int			i;

		deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
		keys = palloc(sizeof(char *) * (n > 0 ? n : 1));
		lens = palloc(sizeof(uint32) * (n > 0 ? n : 1));
		for (i = 0; i < n; i++)
		{
			keys[i] = nulls[i] ? NULL : VARDATA_ANY(DatumGetPointer(elems[i]));
			lens[i] = nulls[i] ? 0 : VARSIZE_ANY_EXHDR(DatumGetPointer(elems[i]));
		}
	}
	drivers_check(jy_drivers_actor(&st->d, &st->mem, DatumGetBool(converted),
								   keys, lens, (size_t) n));
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(driver_summary_rollup_transfn);

/* rollup(driver_summary): add a stored summary's counts; NULLs are skipped */
Datum
driver_summary_rollup_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	DriversState *st = PG_ARGISNULL(0) ? NULL : (DriversState *) PG_GETARG_POINTER(0);
	JyDriverSummary s;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "driver_summary_rollup_transfn called in non-aggregate context");
	if (st == NULL)
		st = drivers_state(aggcxt);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	drivers_read(PG_GETARG_DATUM(1), &s);
	drivers_check(jy_drivers_add_summary(&st->d, &st->mem, &s));
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(driver_agg_combine);

/* Combine: add the right state's counts to the left's */
Datum
driver_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	DriversState *a = PG_ARGISNULL(0) ? NULL : (DriversState *) PG_GETARG_POINTER(0);
	DriversState *b = PG_ARGISNULL(1) ? NULL : (DriversState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "driver_agg_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = drivers_state(aggcxt);
	drivers_check(jy_drivers_merge(&a->d, &b->d, &a->mem));
	PG_RETURN_POINTER(a);
}

/* The summary of a state, in CurrentMemoryContext */
static struct varlena *
drivers_summary(DriversState *st)
{
	JyWriter	w;
	JyMem		mem;

	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	drivers_check(jy_drivers_encode(&st->d, &mem, &w));
	return JourneySummaryFromWriter(&w, DRIVERS);
}

PG_FUNCTION_INFO_V1(driver_agg_serialize);

/* Serialize: the summary's bytes (docs/format.md) */
Datum
driver_agg_serialize(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "driver_agg_serialize called in non-aggregate context");
	PG_RETURN_BYTEA_P(drivers_summary((DriversState *) PG_GETARG_POINTER(0)));
}

PG_FUNCTION_INFO_V1(driver_agg_deserialize);

/* Deserialize: decode (fully checked) into a new state */
Datum
driver_agg_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	JyDriverSummary s;
	const char *why = NULL;
	JyMem		mem;
	JyStatus	st;
	DriversState *result;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "driver_agg_deserialize called in non-aggregate context");
	JourneyMemInit(&mem, CurrentMemoryContext);
	st = jy_driver_summary_decode((const uint8 *) VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes),
								  &mem, &s, &why);
	if (st == JY_ERR_CORRUPT)
		JourneyCorruptState("driver_agg", why);
	drivers_check(st);
	result = drivers_state(CurrentMemoryContext);
	drivers_check(jy_drivers_add_summary(&result->d, &result->mem, &s));
	jy_driver_summary_free(&s, &mem);
	PG_RETURN_POINTER(result);
}

PG_FUNCTION_INFO_V1(driver_agg_finalfn);

/* Final function: the summary (an empty summary for no rows) */
Datum
driver_agg_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(drivers_summary((DriversState *) PG_GETARG_POINTER(0)));
}

/* ---------- the report ---------- */

/* The note of a report row (NULL for a plain tested row) */
static text *
drivers_note(const JyDriverRow *r, int32 min_actors)
{
	switch (r->note)
	{
		case JY_DRIVER_TESTED:
			return NULL;
		case JY_DRIVER_CORRECTED:
			return cstring_to_text("a cell is 0: Haldane-Anscombe correction (0.5 added to every cell) for the odds ratio and its interval");
		case JY_DRIVER_FEW_ACTORS:
			return cstring_to_text(psprintf("seen by fewer than min_actors (%d) actors: not tested",
											min_actors));
		case JY_DRIVER_EVERY_ACTOR:
			return cstring_to_text("seen by every actor: nothing to compare, not tested");
		case JY_DRIVER_NO_CONVERTERS:
			return cstring_to_text("no actor converted: not tested");
		case JY_DRIVER_NO_NONCONVERTERS:
			return cstring_to_text("every actor converted: not tested");
		case JY_DRIVER_TOO_LARGE:
			return cstring_to_text("too many actors for Fisher's exact test (every margin above 2^40): not tested");
	}
	return NULL;
}

PG_FUNCTION_INFO_V1(conversion_drivers);

/*
 * conversion_drivers(summary, confidence, min_actors) -> TABLE(feature,
 * converters_with, converters_without, nonconverters_with,
 * nonconverters_without, odds_ratio, ci_low, ci_high, p_value, q_value,
 * note)
 */
Datum
conversion_drivers(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	double		z = jy_z_for_confidence(JourneyConfidence(fcinfo, 1));
	int32		min_actors = PG_GETARG_INT32(2);
	JyDriverSummary s;
	JyDriverRow *rows;
	JyMem		mem;
	uint32		i;

	if (min_actors < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("min_actors must not be negative"),
				 errdetail("It is %d.", min_actors)));
	InitMaterializedSRF(fcinfo, 0);
	drivers_read(PG_GETARG_DATUM(0), &s);
	JourneyMemInit(&mem, CurrentMemoryContext);
	drivers_check(jy_drivers_report(&s, z, min_actors, &mem, &rows));
	for (i = 0; i < s.n; i++)
	{
		const JyDriverRow *r = &rows[i];
		Datum		values[11];
		bool		nulls[11];
		bool		tested = jy_driver_tested(r);
		text	   *note = drivers_note(r, min_actors);
		int			k;

		if ((i & 1023) == 1023)
			CHECK_FOR_INTERRUPTS();
		memset(nulls, 0, sizeof(nulls));
		values[0] = PointerGetDatum(cstring_to_text_with_len(r->key, (int) r->len));
		values[1] = Int64GetDatum(r->a);
		values[2] = Int64GetDatum(r->b);
		values[3] = Int64GetDatum(r->c);
		values[4] = Int64GetDatum(r->d);
		values[5] = Float8GetDatum(r->odds_ratio);
		values[6] = Float8GetDatum(r->ci_low);
		values[7] = Float8GetDatum(r->ci_high);
		values[8] = Float8GetDatum(r->p);
		values[9] = Float8GetDatum(r->q);
		for (k = 5; k <= 9; k++)
			nulls[k] = !tested;
		values[10] = PointerGetDatum(note);
		nulls[10] = note == NULL;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_RETURN_NULL();
}
