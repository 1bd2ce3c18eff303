/*
 * attribution.c -- conversion credit by channel over journeys
 *
 * attribution(journey, conversion, model, ...) credits one journey's first
 * conversion to its touches with a rule-based model; markov_attribution and
 * shapley_attribution read many journeys from a query.  In every form the
 * journey's labels are touchpoint channels, and the touches that count
 * towards a conversion are those before it: every touch whose label is not
 * the conversion label, with a timestamp at or before the first conversion
 * (all of them when the journey never converts), and for attribution() at
 * most lookback before it when a lookback is given.  The models themselves
 * are in core/attribution.c.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "core/attribution.h"

/*
 * The touches of a journey that count (see above), as (label index, ts);
 * *converted says whether the conversion label occurs, *conv_ts when.
 */
static JyTouch *
attr_touches(const JyJourney *j, text *conversion, size_t *n, bool *converted,
			 int64 *conv_ts)
{
	int64		conv = jy_journey_find_label(j, VARDATA_ANY(conversion),
											 VARSIZE_ANY_EXHDR(conversion));
	JyTouch    *t = palloc((j->n + 1) * sizeof(JyTouch));
	uint32		i;

	*converted = false;
	*conv_ts = 0;
	for (i = 0; conv >= 0 && i < j->n; i++)
	{
		if (j->label[i] == (uint32) conv)
		{
			*converted = true;
			*conv_ts = j->ts[i];
			break;
		}
	}
	*n = 0;
	for (i = 0; i < j->n; i++)
	{
		if (*converted && j->ts[i] > *conv_ts)
			break;
		if (conv >= 0 && j->label[i] == (uint32) conv)
			continue;
		t[*n].channel = j->label[i];
		t[*n].ts = j->ts[i];
		(*n)++;
	}
	return t;
}

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
	text	   *model_text;
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
	touches = attr_touches(&j, PG_GETARG_TEXT_PP(1), &n, &converted, &conv_ts);
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

/* ---------- channel names across journeys ---------- */

/* Channel names, numbered in order of appearance (the core's dictionary) */
typedef struct Channels
{
	JyDict		dict;
	JyMem		mem;
} Channels;

static void
channels_init(Channels *c, MemoryContext cxt)
{
	jy_dict_init(&c->dict);
	JourneyMemInit(&c->mem, cxt);
}

/* The id of a channel name, numbering it if it is new */
static uint32
channels_id(Channels *c, const char *s, uint32 len)
{
	uint32		id;

	JourneyCheckStatus(jy_dict_intern(&c->dict, &c->mem, s, len, &id), "attribution");
	return id;
}

/*
 * The counting touches of a journey (attr_touches) as global channel ids;
 * returns their number (0, numbering nothing, for a journey that does not
 * convert when only_converted)
 */
static size_t
channels_of_journey(Channels *c, const JyJourney *j, text *conversion,
					bool only_converted, uint32 *ids, bool *converted)
{
	uint32	   *map = palloc((j->nlabels + 1) * sizeof(uint32));
	size_t		n,
				i;
	int64		conv_ts;
	JyTouch    *t = attr_touches(j, conversion, &n, converted, &conv_ts);

	if (only_converted && !*converted)
		return 0;
	for (i = 0; i < j->nlabels; i++)
		map[i] = UINT32_MAX;
	for (i = 0; i < n; i++)
	{
		uint32		l = t[i].channel;

		if (map[l] == UINT32_MAX)
			map[l] = channels_id(c, j->label_text[l], j->label_len[l]);
		ids[i] = map[l];
	}
	return n;
}

/* Order of channel ids by name (bytewise; names are distinct) */
static inline int
channel_name_cmp(const uint32 *pa, const uint32 *pb, void *ctx)
{
	const JyDict *d = ctx;

	return jy_label_cmp(jy_dict_text(d, *pa), d->len[*pa],
						jy_dict_text(d, *pb), d->len[*pb]);
}

/* sort_channels(): channel ids by name (core/sort.h) */
#define JY_SORT_NAME sort_channels
#define JY_SORT_TYPE uint32
#define JY_SORT_CMP channel_name_cmp
#include "core/sort.h"

/* Channel ids ordered by name, for a deterministic output */
static uint32 *
channels_sorted(Channels *c)
{
	uint32	   *order = palloc((c->dict.n + 1) * sizeof(uint32));
	uint32		i;
	JyMem		mem;

	for (i = 0; i < c->dict.n; i++)
		order[i] = i;
	JourneyMemInit(&mem, CurrentMemoryContext);
	sort_channels(order, c->dict.n, &c->dict, &mem);
	return order;
}

static Datum
channel_text(const Channels *c, uint32 id)
{
	return PointerGetDatum(cstring_to_text_with_len(jy_dict_text(&c->dict, id),
													c->dict.len[id]));
}

/* ---------- Markov ---------- */

typedef struct MarkovScan
{
	Channels	channels;
	JyMarkov   *mk;
	text	   *conversion;
} MarkovScan;

static void
markov_visit(void *arg, const JyJourney *j, MemoryContext tmp)
{
	MarkovScan *ms = arg;
	uint32	   *ids = palloc((j->n + 1) * sizeof(uint32));
	bool		converted;
	size_t		n = channels_of_journey(&ms->channels, j, ms->conversion, false, ids, &converted);
	JyStatus	st = jy_markov_add(ms->mk, ids, n, converted);

	if (st == JY_ERR_TOO_MANY_CHANNELS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many channels for markov_attribution"),
				 errdetail("The limit is %d distinct channels.", JY_MARKOV_MAX_CHANNELS),
				 errhint("Group rare channels into one label, e.g. with a CASE in the query.")));
	JourneyCheckStatus(st, "markov_attribution");
}

PG_FUNCTION_INFO_V1(markov_attribution);

/*
 * markov_attribution(query, conversion) -> TABLE(channel, removal_effect,
 * credit): the removal effect of each channel in the first-order Markov
 * chain of all journeys, solved exactly
 */
Datum
markov_attribution(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MarkovScan	ms;
	JyMarkovResult res;
	JyMem		mem;
	uint32	   *order,
			   *slot,
				i;

	InitMaterializedSRF(fcinfo, 0);
	JourneyMemInit(&mem, CurrentMemoryContext);
	channels_init(&ms.channels, CurrentMemoryContext);
	ms.conversion = PG_GETARG_TEXT_PP(1);
	ms.mk = jy_markov_create(&mem);
	if (ms.mk == NULL)
		JourneyCheckStatus(JY_ERR_OUT_OF_MEMORY, "markov_attribution");
	JourneyForEachJourney(fcinfo, PG_GETARG_TEXT_PP(0), markov_visit, &ms);
	JourneyCheckStatus(jy_markov_solve(ms.mk, &res), "markov_attribution");
	if (res.nchannels != ms.channels.dict.n)
		elog(ERROR, "markov_attribution: %u channels solved, %u named",
			 res.nchannels, ms.channels.dict.n);
	/* result rows are by channel id; emit them by channel name */
	slot = palloc0((ms.channels.dict.n + 1) * sizeof(uint32));
	for (i = 0; i < res.nchannels; i++)
		slot[res.channels[i].channel] = i;
	order = channels_sorted(&ms.channels);
	for (i = 0; i < res.nchannels; i++)
	{
		const JyMarkovChannel *ch = &res.channels[slot[order[i]]];
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = channel_text(&ms.channels, ch->channel);
		values[1] = Float8GetDatum(ch->removal_effect);
		values[2] = Float8GetDatum(ch->credit);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* ---------- Shapley ---------- */

typedef struct ShapleyScan
{
	Channels	channels;
	text	   *conversion;
	double	   *conv;			/* conversions by exact channel set, 2^20 */
} ShapleyScan;

static void
shapley_visit(void *arg, const JyJourney *j, MemoryContext tmp)
{
	ShapleyScan *ss = arg;
	uint32	   *ids = palloc((j->n + 1) * sizeof(uint32));
	bool		converted;
	size_t		n,
				i;
	uint32		set = 0;

	/* only converted journeys count (v(S) counts conversions) */
	n = channels_of_journey(&ss->channels, j, ss->conversion, true, ids, &converted);
	if (ss->channels.dict.n > JY_SHAPLEY_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many channels for exact Shapley values"),
				 errdetail("The converting journeys have more than %d distinct channels; the computation takes 2^channels steps.",
						   JY_SHAPLEY_MAX),
				 errhint("Group rare channels into one label, or use markov_attribution.")));
	for (i = 0; i < n; i++)
		set |= (uint32) 1 << ids[i];
	if (set != 0)
		ss->conv[set] += 1;
}

PG_FUNCTION_INFO_V1(shapley_attribution);

/*
 * shapley_attribution(query, conversion) -> TABLE(channel, credit): exact
 * Shapley values of the coalition game v(S) = conversions of the journeys
 * whose channels all lie in S
 */
Datum
shapley_attribution(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ShapleyScan ss;
	double		phi[JY_SHAPLEY_MAX];
	JyMem		mem;
	uint32	   *order,
				i;

	InitMaterializedSRF(fcinfo, 0);
	JourneyMemInit(&mem, CurrentMemoryContext);
	channels_init(&ss.channels, CurrentMemoryContext);
	ss.conversion = PG_GETARG_TEXT_PP(1);
	ss.conv = palloc0(((size_t) 1 << JY_SHAPLEY_MAX) * sizeof(double));
	JourneyForEachJourney(fcinfo, PG_GETARG_TEXT_PP(0), shapley_visit, &ss);
	JourneyCheckStatus(jy_shapley_values((int) ss.channels.dict.n, ss.conv, &mem, phi),
					   "shapley_attribution");
	order = channels_sorted(&ss.channels);
	for (i = 0; i < ss.channels.dict.n; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = channel_text(&ss.channels, order[i]);
		values[1] = Float8GetDatum(phi[order[i]]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
