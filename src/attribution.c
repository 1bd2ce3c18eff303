/*
 * attribution.c -- conversion credit by channel over journeys
 *
 * attribution(journey, conversion, model, ...) credits one journey's first
 * conversion to its touches with a rule-based model.  The Markov and
 * Shapley models over many journeys are two-step: attribution_agg(journey,
 * conversion) builds an attribution_summary (rollup merges stored ones),
 * and markov_attribution(summary) and shapley_attribution(summary) report
 * from it; markov_attribution(query, conversion) and
 * shapley_attribution(query, conversion) run attribution_agg over a query
 * given as text.  In every form the journey's labels are touchpoint
 * channels, and the touches that count towards a conversion are those
 * before it (jy_attr_touches): every touch whose label is not the
 * conversion label, with a timestamp at or before the first conversion (all
 * of them when the journey never converts), and for attribution() at most
 * lookback before it when a lookback is given.  The models and the summary
 * are in core/attribution.c, the summary's bytes in core/codec.c.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "catalog/namespace.h"
#include "executor/spi.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "core/attribution.h"
#include "core/codec.h"
#include "summary.h"

/* An interval argument in microseconds, which must not be NULL */
static int64
attr_interval(FunctionCallInfo fcinfo, int arg, const char *what)
{
	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", what)));
	return JourneyIntervalUsecs(PG_GETARG_INTERVAL_P(arg), what);
}

/* A float8 argument that must not be NULL */
static double
attr_float(FunctionCallInfo fcinfo, int arg, const char *what)
{
	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", what)));
	return PG_GETARG_FLOAT8(arg);
}

PG_FUNCTION_INFO_V1(attribution);

/*
 * attribution(j, conversion, model, lookback, direct, first_share,
 * last_share, half_life) -> TABLE(channel text, credit float8)
 */
Datum
attribution(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	JyAttrParams params;
	JyAttrModel model;
	JyAttrCheck check;
	text	   *model_text,
			   *conversion;
	JyJourney	j;
	JyTouch    *touches;
	JyCredit   *out;
	size_t		n,
				nout,
				i;
	bool		converted;
	int64		conv_ts;
	JyMem		mem;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("attribution model must not be NULL")));
	model_text = PG_GETARG_TEXT_PP(2);
	if (jy_attr_parse_model(VARDATA_ANY(model_text), VARSIZE_ANY_EXHDR(model_text), &model) != JY_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown attribution model \"%s\"", text_to_cstring(model_text)),
				 errhint("The models are %s.", JY_ATTR_MODEL_NAMES)));
	jy_attr_params_init(&params, model);
	if (!PG_ARGISNULL(3))
	{
		params.has_lookback = true;
		params.lookback = JourneyIntervalUsecs(PG_GETARG_INTERVAL_P(3), "lookback");
	}
	params.first_share = attr_float(fcinfo, 5, "first_share");
	params.last_share = attr_float(fcinfo, 6, "last_share");
	params.half_life = attr_interval(fcinfo, 7, "half_life");
	check = jy_attr_check(&params);
	if (check == JY_ATTR_BAD_LOOKBACK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lookback must not be negative"),
				 errdetail("It is %s.",
						   DatumGetCString(DirectFunctionCall1(interval_out, PG_GETARG_DATUM(3)))),
				 errhint("A lookback of 0 counts only the touches at the conversion's instant; NULL counts every touch before it.")));
	if (check != JY_ATTR_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid parameters for attribution model %s", jy_attr_model_name(model)),
				 errdetail("The %s.", jy_attr_check_message(check))));
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	conversion = PG_GETARG_TEXT_PP(1);
	touches = palloc((j.n + 1) * sizeof(JyTouch));
	n = jy_attr_touches(&j, jy_journey_find_label(&j, VARDATA_ANY(conversion),
												  VARSIZE_ANY_EXHDR(conversion)),
						touches, &converted, &conv_ts);
	if (!converted)
		return (Datum) 0;
	if (!PG_ARGISNULL(4))
	{
		text	   *direct = PG_GETARG_TEXT_PP(4);
		int64		id = jy_journey_find_label(&j, VARDATA_ANY(direct), VARSIZE_ANY_EXHDR(direct));

		params.has_direct = id >= 0;
		params.direct_channel = id >= 0 ? (uint32) id : 0;
	}
	out = palloc((n + 1) * sizeof(JyCredit));
	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_attribute(touches, n, conv_ts, &params, &mem, out, &nout),
					   "attribution");
	for (i = 0; i < nout; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = PointerGetDatum(cstring_to_text_with_len(j.label_text[out[i].channel],
															 j.label_len[out[i].channel]));
		values[1] = Float8GetDatum(out[i].credit);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* ---------- the attribution summary ---------- */

JOURNEY_SUMMARY_IO(attribution_summary, jy_attr_summary_check)

/* Report a failed status of the summary; the channel limit as Markov's */
static void
attr_check(JyStatus st, const char *what)
{
	if (st == JY_ERR_TOO_MANY_CHANNELS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many channels for markov_attribution"),
				 errdetail("The limit is %d distinct channels.", JY_MARKOV_MAX_CHANNELS),
				 errhint("Group rare channels into one label, e.g. with a CASE in the query.")));
	JourneyCheckStatus(st, what);
}

/* The aggregate state: a summary allocating in the aggregate context */
typedef struct AttrAggState
{
	JyMem		mem;
	JyAttrSummary s;
} AttrAggState;

/* A new state in cxt */
static AttrAggState *
attr_state(MemoryContext cxt)
{
	AttrAggState *st = MemoryContextAlloc(cxt, sizeof(AttrAggState));

	JourneyMemInit(&st->mem, cxt);
	attr_check(jy_attr_summary_init(&st->s, &st->mem), "attribution_agg");
	return st;
}

/* A summary's conversion label as a C string */
static char *
attr_label(const JyAttrSummary *s)
{
	return pnstrdup(s->conversion, s->convlen);
}

/* Merge src into dst: an error naming both labels when they differ */
static void
attr_merge(JyAttrSummary *dst, const JyAttrSummary *src)
{
	JyStatus	st = jy_attr_summary_merge(dst, src);

	if (st == JY_ERR_BAD_PARAMETER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge attribution summaries of different conversion labels"),
				 errdetail("One counts conversions \"%s\", the other \"%s\".",
						   attr_label(dst), attr_label(src))));
	attr_check(st, "attribution_agg");
}

/* Decode a summary value (checked on input) into s, allocating through mem */
static void
attr_read(Datum d, JyAttrSummary *s, const JyMem *mem)
{
	size_t		len;
	const uint8 *data = JourneySummaryBytes(d, &len);
	const char *why = NULL;
	JyStatus	st = jy_attr_summary_decode(data, len, mem, s, &why);

	if (st == JY_ERR_CORRUPT)
		JourneySummaryDamaged("attribution", why);
	JourneyCheckStatus(st, "attribution_summary");
}

/* The summary value of a state (an empty summary for none) */
static struct varlena *
attr_value(const JyAttrSummary *s)
{
	JyMem		mem;
	JyWriter	w;
	JyAttrSummary empty;

	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	if (s == NULL)
	{
		attr_check(jy_attr_summary_init(&empty, &mem), "attribution_agg");
		s = &empty;
	}
	jy_attr_summary_encode(s, &w);
	return JourneySummaryFromWriter(&w, "attribution_agg");
}

PG_FUNCTION_INFO_V1(attribution_agg_transfn);

/*
 * attribution_agg transition: add a journey; a NULL journey adds nothing,
 * a NULL conversion label is an error, and the label must be the same in
 * every row
 */
Datum
attribution_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	AttrAggState *st;
	text	   *conv;
	JyJourney	j;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "attribution_agg_transfn called in non-aggregate context");
	st = PG_ARGISNULL(0) ? NULL : (AttrAggState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the conversion label of attribution_agg must not be NULL")));
	conv = PG_GETARG_TEXT_PP(2);
	if (st == NULL)
		st = attr_state(aggcxt);
	if (!st->s.has_conversion)
		attr_check(jy_attr_summary_set_conversion(&st->s, VARDATA_ANY(conv),
												  VARSIZE_ANY_EXHDR(conv)),
				   "attribution_agg");
	else if (!jy_attr_summary_conversion_is(&st->s, VARDATA_ANY(conv), VARSIZE_ANY_EXHDR(conv)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the conversion label of attribution_agg must be the same in every row of a group"),
				 errdetail("It is \"%s\" and \"%s\".", attr_label(&st->s), text_to_cstring(conv))));
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	JourneyDecode(PG_GETARG_JOURNEY_P(1), &j);
	attr_check(jy_attr_summary_add(&st->s, &j), "attribution_agg");
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(attribution_rollup_transfn);

/* rollup transition: merge a stored summary; NULL adds nothing */
Datum
attribution_rollup_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	AttrAggState *st;
	JyAttrSummary in;
	JyMem		mem;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "attribution_rollup_transfn called in non-aggregate context");
	st = PG_ARGISNULL(0) ? NULL : (AttrAggState *) PG_GETARG_POINTER(0);
	if (st == NULL)
		st = attr_state(aggcxt);
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	JourneyMemInit(&mem, CurrentMemoryContext);
	attr_read(PG_GETARG_DATUM(1), &in, &mem);
	attr_merge(&st->s, &in);
	jy_attr_summary_free(&in);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(attribution_agg_combine);

/* Combine: merge the right state into the left (a new one when NULL) */
Datum
attribution_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	AttrAggState *a = PG_ARGISNULL(0) ? NULL : (AttrAggState *) PG_GETARG_POINTER(0);
	AttrAggState *b = PG_ARGISNULL(1) ? NULL : (AttrAggState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "attribution_agg_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a == NULL)
		a = attr_state(aggcxt);
	attr_merge(&a->s, &b->s);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(attribution_agg_serialize);

/* Serialize: the summary's own bytes (docs/format.md) */
Datum
attribution_agg_serialize(PG_FUNCTION_ARGS)
{
	AttrAggState *st = (AttrAggState *) PG_GETARG_POINTER(0);

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "attribution_agg_serialize called in non-aggregate context");
	PG_RETURN_BYTEA_P(attr_value(&st->s));
}

PG_FUNCTION_INFO_V1(attribution_agg_deserialize);

/* Deserialize: decode, fully checked */
Datum
attribution_agg_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	AttrAggState *st;
	const char *why = NULL;
	JyStatus	rc;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "attribution_agg_deserialize called in non-aggregate context");
	st = palloc(sizeof(AttrAggState));
	JourneyMemInit(&st->mem, CurrentMemoryContext);
	rc = jy_attr_summary_decode((const uint8 *) VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes),
								&st->mem, &st->s, &why);
	if (rc == JY_ERR_CORRUPT)
		JourneyCorruptState("attribution_agg", why);
	JourneyCheckStatus(rc, "attribution_agg");
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(attribution_agg_finalfn);

/* Final function: the summary; NULL over no rows */
Datum
attribution_agg_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(attr_value(&((AttrAggState *) PG_GETARG_POINTER(0))->s));
}

/* ---------- the reports ---------- */

/* The name of channel id as text */
static Datum
channel_text(const JyAttrSummary *s, uint32 id)
{
	return PointerGetDatum(cstring_to_text_with_len(jy_dict_text(&s->channels, id),
													s->channels.len[id]));
}

/*
 * Markov rows of a decoded summary: the removal effect of each channel in
 * the first-order Markov chain, solved exactly, by channel name
 */
static void
markov_rows(FunctionCallInfo fcinfo, const JyAttrSummary *s)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	JyMarkovResult res;
	uint32		i;

	attr_check(jy_markov_solve(s->mk, &res), "markov_attribution");
	if (res.nchannels != s->channels.n)
		elog(ERROR, "markov_attribution: %u channels solved, %u named",
			 res.nchannels, s->channels.n);
	/* a decoded summary numbers its channels in name order */
	for (i = 0; i < res.nchannels; i++)
	{
		const JyMarkovChannel *ch = &res.channels[i];
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = channel_text(s, ch->channel);
		values[1] = Float8GetDatum(ch->removal_effect);
		values[2] = Float8GetDatum(ch->credit);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/*
 * Shapley rows of a decoded summary: exact Shapley values of the coalition
 * game v(S) = conversions of the journeys whose channels all lie in S, by
 * channel name
 */
static void
shapley_rows(FunctionCallInfo fcinfo, const JyAttrSummary *s, const JyMem *mem)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	uint32		n,
				channels[JY_SHAPLEY_MAX],
				i;
	double		phi[JY_SHAPLEY_MAX];
	JyStatus	st = jy_attr_summary_shapley(s, mem, &n, channels, phi);

	if (st == JY_ERR_TOO_MANY_CHANNELS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many channels for exact Shapley values"),
				 errdetail("The converting journeys have more than %d distinct channels; the computation takes 2^channels steps.",
						   JY_SHAPLEY_MAX),
				 errhint("Group rare channels into one label, or use markov_attribution.")));
	JourneyCheckStatus(st, "shapley_attribution");
	for (i = 0; i < n; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = channel_text(s, channels[i]);
		values[1] = Float8GetDatum(phi[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

PG_FUNCTION_INFO_V1(markov_attribution_summary);

/*
 * markov_attribution(attribution_summary) -> TABLE(channel, removal_effect,
 * credit)
 */
Datum
markov_attribution_summary(PG_FUNCTION_ARGS)
{
	JyAttrSummary s;
	JyMem		mem;

	InitMaterializedSRF(fcinfo, 0);
	JourneyMemInit(&mem, CurrentMemoryContext);
	attr_read(PG_GETARG_DATUM(0), &s, &mem);
	markov_rows(fcinfo, &s);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(shapley_attribution_summary);

/* shapley_attribution(attribution_summary) -> TABLE(channel, credit) */
Datum
shapley_attribution_summary(PG_FUNCTION_ARGS)
{
	JyAttrSummary s;
	JyMem		mem;

	InitMaterializedSRF(fcinfo, 0);
	JourneyMemInit(&mem, CurrentMemoryContext);
	attr_read(PG_GETARG_DATUM(0), &s, &mem);
	shapley_rows(fcinfo, &s, &mem);
	return (Datum) 0;
}

/* ---------- the query-text forms ---------- */

/*
 * The summary of the query-text forms (query, conversion):
 * attribution_agg(j, conversion) over the journeys of the caller's query
 * (JourneyJourneysSummary), decoded into *s; false when the query returned
 * no rows (no summary, no report rows)
 */
static bool
attr_query_summary(FunctionCallInfo fcinfo, const char *report, JyAttrSummary *s,
				   const JyMem *mem)
{
	Oid			types[1] = {TEXTOID};
	Datum		values[1] = {PG_GETARG_DATUM(1)};
	struct varlena *summary = JourneyJourneysSummary(fcinfo, report, "attribution_agg",
													 1, types, values);

	if (summary == NULL)
		return false;
	attr_read(PointerGetDatum(summary), s, mem);
	return true;
}

PG_FUNCTION_INFO_V1(markov_attribution);

/*
 * markov_attribution(query, conversion) -> TABLE(channel, removal_effect,
 * credit): markov_attribution(attribution_agg(j, conversion)) over the
 * journeys in the first column of the query
 */
Datum
markov_attribution(PG_FUNCTION_ARGS)
{
	JyAttrSummary s;
	JyMem		mem;

	InitMaterializedSRF(fcinfo, 0);
	JourneyMemInit(&mem, CurrentMemoryContext);
	if (attr_query_summary(fcinfo, "markov_attribution", &s, &mem))
		markov_rows(fcinfo, &s);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(shapley_attribution);

/*
 * shapley_attribution(query, conversion) -> TABLE(channel, credit):
 * shapley_attribution(attribution_agg(j, conversion)) over the journeys in
 * the first column of the query
 */
Datum
shapley_attribution(PG_FUNCTION_ARGS)
{
	JyAttrSummary s;
	JyMem		mem;

	InitMaterializedSRF(fcinfo, 0);
	JourneyMemInit(&mem, CurrentMemoryContext);
	if (attr_query_summary(fcinfo, "shapley_attribution", &s, &mem))
		shapley_rows(fcinfo, &s, &mem);
	return (Datum) 0;
}
