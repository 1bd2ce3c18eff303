/*
 * map.c -- journey maps: JSON documents naming ordered stages
 *
 * A map is parsed once per query (cached in fn_extra; a map that is not a
 * constant is compared by value on each call) into a MapSpec: the stages'
 * names, an event -> stage-mask label set (the exclusion events get the
 * bit after the last stage), the property filters, the gaps, window and
 * mode.  The funnel engine then runs the stages as steps.  docs/maps.md
 * has the schema; every validation error names the JSON path at fault.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "funcapi.h"
#include "nodes/primnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"

#include "core/codec.h"
#include "core/events.h"
#include "core/funnel.h"
#include "core/labels.h"
#include "core/map.h"
#include "core/onepass.h"

/* A parsed map: the core's definition, and the JSON text it came from */
typedef struct MapSpec
{
	JyMapDef	def;
	char	   *text;
	int			textlen;
} MapSpec;

/* The engine's parameters of a map */
static JyFunnelSpec
map_funnel_spec(const MapSpec *map)
{
	JyFunnelSpec spec = {0};

	spec.window = map->def.window;
	spec.flags = map->def.flags;
	spec.nsteps = map->def.nstages;
	spec.within = map->def.within;
	spec.exclude = map->def.exclude;
	spec.optional = map->def.optional;
	spec.nexcl = map->def.nexcl;
	spec.excl = map->def.nexcl > 0 ? map->def.excl : NULL;
	return spec;
}

/* Report a map the core rejected */
static void
map_report(const JyJsonError *err) pg_attribute_noreturn();

static void
map_report(const JyJsonError *err)
{
	switch (err->kind)
	{
		case JY_JSON_SYNTAX:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid journey map: JSON syntax error at character %zu", err->pos)));
			break;
		case JY_JSON_NUL:
			ereport(ERROR,
					(errcode(ERRCODE_UNTRANSLATABLE_CHARACTER),
					 errmsg("invalid journey map: unsupported Unicode escape sequence"),
					 errdetail("\\u0000 cannot be converted to text."),
					 errcontext("journey map, character %zu", err->pos)));
			break;
		case JY_JSON_LIMIT:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("invalid journey map: %s", JourneyJsonMessage(err->msg))));
			break;
		case JY_JSON_STATUS:
			JourneyCheckStatus(err->status, "journey map");
			break;
		default:
			break;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid journey map: %s", JourneyJsonMessage(err->msg))));
}

/*
 * Parse a map's JSON text into a MapSpec in CurrentMemoryContext: the core
 * reads and checks it (errors name the JSON path), the glue converts
 * encodings and reports
 */
static MapSpec *
map_parse(const char *text, int len)
{
	MapSpec    *map = palloc0(sizeof(MapSpec));
	cJSON	   *volatile root;
	JyJsonError err;
	JyJsonConv	conv;
	JyMapDef	def;
	JyMem		mem;
	volatile JyJsonErrKind kind = JY_JSON_OK;

	root = JourneyJsonParse(text, len, &err);
	if (root == NULL)
		map_report(&err);
	JourneyMemInit(&mem, CurrentMemoryContext);
	PG_TRY();
	{
		kind = jy_map_from_json(root, &mem, JourneyJsonConv(&conv), &def, &err);
	}
	PG_FINALLY();
	{
		cJSON_Delete(root);
	}
	PG_END_TRY();
	if (kind != JY_JSON_OK)
		map_report(&err);
	map->def = def;
	map->text = palloc(len + 1);
	memcpy(map->text, text, len);
	map->text[len] = '\0';
	map->textlen = len;
	return map;
}

/* ---------- per-call-site cache ---------- */

/* Parse a map argument, text or jsonb (a JourneyArgBuild) */
static void *
map_build_arg(FunctionCallInfo fcinfo, const char *data, Size len, void *extra)
{
	Oid			maptype = *(Oid *) extra;

	if (maptype == JSONBOID)
	{
		/* an aligned copy of the jsonb container */
		JsonbContainer *root = palloc(len + 1);
		char	   *t;

		memcpy(root, data, len);
		t = JsonbToCString(NULL, root, (int) len);
		return map_parse(t, (int) strlen(t));
	}
	return map_parse(data, (int) len);
}

/* The map argument of a call site: its type, and the parsed map */
typedef struct MapCache
{
	Oid			maptype;		/* TEXTOID or JSONBOID */
	JourneyArgCache arg;
	JyMem		mem;			/* for aggregate states */
} MapCache;

/* The MapCache of a call (in fn_extra) */
static MapCache *
map_cache(FunctionCallInfo fcinfo, int argno)
{
	MapCache   *c = (MapCache *) fcinfo->flinfo->fn_extra;

	if (c == NULL)
	{
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(MapCache));
		c->maptype = argno < 0 ? TEXTOID : get_fn_expr_argtype(fcinfo->flinfo, argno);
		fcinfo->flinfo->fn_extra = c;
	}
	return c;
}

/*
 * The parsed map of argument argno (NULL is an error).  It lives in the
 * cache until a different map replaces it.
 */
static MapSpec *
map_arg(FunctionCallInfo fcinfo, int argno)
{
	MapCache   *c = map_cache(fcinfo, argno);

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("journey map must not be NULL")));
	return JourneyArgCached(fcinfo, &c->arg, argno, 0, map_build_arg, &c->maptype);
}

/*
 * The parsed map of a map's JSON text (from a serialized state), through
 * the cache of the call, replaced when the text changes
 */
static void *
map_build_text(FunctionCallInfo fcinfo, const char *data, Size len, void *extra)
{
	return map_parse(data, (int) len);
}

/* ---------- one row ---------- */

/* A jsonb property's text: strings as they are, numbers and booleans as JSON text */
static JyPropValue
prop_value(Jsonb *props, const char *key, uint32 len)
{
	JyPropValue v = {false, NULL, 0};
	JsonbValue *jv;

	if (props == NULL || !JB_ROOT_IS_OBJECT(props))
		return v;
	jv = getKeyJsonValueFromContainer(&props->root, key, len, NULL);
	if (jv == NULL)
		return v;
	if (jv->type == jbvString)
	{
		v.present = true;
		v.text = jv->val.string.val;
		v.len = jv->val.string.len;
	}
	else if (jv->type == jbvNumeric)
	{
		v.present = true;
		v.text = DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(jv->val.numeric)));
		v.len = strlen(v.text);
	}
	else if (jv->type == jbvBool)
	{
		v.present = true;
		v.text = jv->val.boolean ? "true" : "false";
		v.len = strlen(v.text);
	}
	return v;
}

/* The stages (and exclusion bit) of an event with its properties */
static uint64
map_row_mask(const MapSpec *map, text *event, Jsonb *props)
{
	uint64		mask = jy_labels_lookup(map->def.labels, VARDATA_ANY(event), VARSIZE_ANY_EXHDR(event));

	if (mask & map->def.filters.filtered)
	{
		JyPropValue *pv = palloc(map->def.nkeys * sizeof(JyPropValue));
		uint32		i;

		for (i = 0; i < map->def.nkeys; i++)
			pv[i] = prop_value(props, map->def.keys[i], map->def.key_lens[i]);
		mask = jy_map_filter(&map->def.filters, mask, pv);
		pfree(pv);
	}
	return mask;
}

/* Error unless a map without property filters is used where there are no properties */
static void
map_require_no_where(const MapSpec *map, const char *where, bool journey)
{
	if (map->def.filters.filtered != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey map has property filters (where) but %s has no properties", where),
				 journey ? errhint("Stored journeys keep labels only: use a map without where, or the raw events.")
				 : errhint("Pass the event properties as a jsonb argument, or use a map without where.")));
}

/* The stage value of 1-based position k */
static Datum
map_stage(const MapSpec *map, int k)
{
	return JourneyMakeStage(k, map->def.names[k - 1], (int) map->def.name_lens[k - 1]);
}

PG_FUNCTION_INFO_V1(journey_stage);

/*
 * map_stage(map, event [, props]): the first stage the event belongs
 * to, or NULL
 */
Datum
journey_stage(PG_FUNCTION_ARGS)
{
	MapSpec    *map;
	uint64		mask;
	Jsonb	   *props = NULL;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	map = map_arg(fcinfo, 0);
	if (PG_NARGS() > 2)
	{
		if (!PG_ARGISNULL(2))
			props = PG_GETARG_JSONB_P(2);
	}
	else
		map_require_no_where(map, "the call", false);
	/* (the bits after the stages are exclusions) */
	mask = map_row_mask(map, PG_GETARG_TEXT_PP(1), props) &
		((UINT64CONST(1) << map->def.nstages) - 1);
	if (mask == 0)
		PG_RETURN_NULL();
	return map_stage(map, __builtin_ctzll(mask) + 1);
}

PG_FUNCTION_INFO_V1(journey_map_stages);

/*
 * map_stages(map) -> TABLE(position int, name text, events text[],
 * within interval)
 */
Datum
journey_map_stages(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MapSpec    *map;
	int			k;

	InitMaterializedSRF(fcinfo, 0);
	map = map_arg(fcinfo, 0);
	for (k = 0; k < map->def.nstages; k++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};
		Datum	   *ev = palloc(map->def.nevents[k] * sizeof(Datum));
		uint32		i;

		values[0] = Int32GetDatum(k + 1);
		values[1] = PointerGetDatum(cstring_to_text_with_len(map->def.names[k], (int) map->def.name_lens[k]));
		for (i = 0; i < map->def.nevents[k]; i++)
			ev[i] = PointerGetDatum(cstring_to_text_with_len(map->def.events[k][i], (int) map->def.event_lens[k][i]));
		values[2] = PointerGetDatum(construct_array(ev, (int) map->def.nevents[k], TEXTOID, -1, false, TYPALIGN_INT));
		if (map->def.within[k] == 0)
			nulls[3] = true;
		else
		{
			Interval   *iv = palloc0(sizeof(Interval));

			/* a map's day is 24 hours: whole days show as days */
			iv->day = (int32) (map->def.within[k] / USECS_PER_DAY);
			iv->time = (int64) (map->def.within[k] % USECS_PER_DAY);
			values[3] = IntervalPGetDatum(iv);
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* ---------- furthest_stage and stage_times ---------- */

/*
 * The state: the map, then (at MAPAGG_PREFIX) the events, one allocation.
 * The map is shared with the call site's cache when the map argument is a
 * constant (or the first map a deserializer saw, which it keeps); otherwise
 * the state owns a copy, parsed into the state's memory context, so a map
 * that changes from group to group is never freed under a live state.
 */
typedef struct MapAggState
{
	const MapSpec *map;
	bool		owned;			/* map is the state's own copy */
} MapAggState;

#define MAPAGG_PREFIX MAXALIGN(sizeof(MapAggState))
#define MAPAGG_EVENTS(st) jy_events_at((st), MAPAGG_PREFIX)

/* A copy of a map, parsed again into cxt */
static const MapSpec *
map_copy(const MapSpec *map, MemoryContext cxt)
{
	MemoryContext old = MemoryContextSwitchTo(cxt);
	MapSpec    *copy = map_parse(map->text, map->textlen);

	MemoryContextSwitchTo(old);
	return copy;
}

/*
 * A new state for map with room for extra events; with owned, the state
 * gets its own copy of the map in cxt (where mem allocates)
 */
static MapAggState *
mapagg_new(const JyMem *mem, const MapSpec *map, bool owned, MemoryContext cxt,
		   size_t extra)
{
	JyStatus	rc;
	MapAggState *st = jy_events_grow(NULL, MAPAGG_PREFIX, mem, extra, &rc);

	JourneyCheckStatus(rc, "journey map");
	st->map = owned ? map_copy(map, cxt) : map;
	st->owned = owned;
	return st;
}

/* Error unless two maps are the same */
static void
mapagg_check_same(const MapSpec *a, const MapSpec *b)
{
	if (a != b && (a->textlen != b->textlen || memcmp(a->text, b->text, a->textlen) != 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("journey map must be the same for every row of a group")));
}

PG_FUNCTION_INFO_V1(map_agg_transfn);

/*
 * Transition of furthest_stage and stage_times: (state, map, ts, event
 * [, props]).  The row becomes one event when it belongs to a stage or is
 * an exclusion (or, under strict_order, always).
 */
Datum
map_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	MapAggState *st;
	MapSpec    *map;
	MapCache   *c;
	uint64		mask = 0;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "map_agg_transfn called in non-aggregate context");
	map = map_arg(fcinfo, 1);
	c = (MapCache *) fcinfo->flinfo->fn_extra;
	Assert(c->arg.checked);
	if (PG_NARGS() < 5)
		map_require_no_where(map, "the aggregate call", false);
	if (c->mem.alloc == NULL)
		JourneyMemInit(&c->mem, aggcxt);
	c->mem.arg = aggcxt;
	if (PG_ARGISNULL(0))
		st = mapagg_new(&c->mem, map, !c->arg.is_const, aggcxt, 0);
	else
	{
		st = (MapAggState *) PG_GETARG_POINTER(0);
		mapagg_check_same(st->map, map);
	}
	if (PG_ARGISNULL(2))
		PG_RETURN_POINTER(st);
	if (!PG_ARGISNULL(3))
		mask = map_row_mask(map, PG_GETARG_TEXT_PP(3),
							(PG_NARGS() >= 5 && !PG_ARGISNULL(4)) ? PG_GETARG_JSONB_P(4) : NULL);
	if (mask != 0 || (map->def.flags & JY_FUNNEL_STRICT_ORDER))
		st = JourneyStatePush(st, MAPAGG_PREFIX, &c->mem,
							  PG_GETARG_TIMESTAMPTZ(2), mask, "journey map");
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(map_agg_combine);

/* Offset of the event block of a state */
static size_t
mapagg_prefix(const void *st)
{
	return MAPAGG_PREFIX;
}

/* Error unless two states can be combined */
static void
mapagg_same(const void *a, const void *b)
{
	mapagg_check_same(((const MapAggState *) a)->map, ((const MapAggState *) b)->map);
}

/*
 * Combine function: append the right state's events to the left's; a
 * copy of a right state that owns its map gets its own copy of the map
 */
Datum
map_agg_combine(PG_FUNCTION_ARGS)
{
	bool		fresh = PG_ARGISNULL(0) && !PG_ARGISNULL(1);
	Datum		d = JourneyCombineEvents(fcinfo, mapagg_prefix, mapagg_same, "journey map");
	MemoryContext aggcxt;
	MapAggState *st;

	if (fresh)
	{
		st = (MapAggState *) DatumGetPointer(d);
		if (st->owned && AggCheckCallContext(fcinfo, &aggcxt))
			st->map = map_copy(st->map, aggcxt);
	}
	return d;
}

PG_FUNCTION_INFO_V1(map_agg_serialize);

/*
 * Serialize: version, the map's JSON text (varint length, bytes), the
 * event count (varint), then per event its timestamp (8 bytes) and mask
 * (by the stages and exclusion bit, as docs/format.md says).  Big-endian.
 */
Datum
map_agg_serialize(PG_FUNCTION_ARGS)
{
	MapAggState *st = (MapAggState *) PG_GETARG_POINTER(0);
	JyEvents   *ev = MAPAGG_EVENTS(st);
	bytea	   *out;
	size_t		len;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "map_agg_serialize called in non-aggregate context");
	/* (the codec's masks are nstages + 1 bits wide: here the map's event bits) */
	out = palloc(VARHDRSZ + jy_map_state_size(st->map->textlen, ev->n,
											  jy_map_event_bits(&st->map->def) - 1));
	len = jy_map_state_encode(st->map->text, st->map->textlen,
							  jy_map_event_bits(&st->map->def) - 1,
							  ev->ev, ev->n, (uint8 *) VARDATA(out));
	SET_VARSIZE(out, VARHDRSZ + len);
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(map_agg_deserialize);

/* Deserialize, checking every count against the length (core/codec.c) */
Datum
map_agg_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	const uint8 *in = (const uint8 *) VARDATA_ANY(bytes);
	size_t		inlen = VARSIZE_ANY_EXHDR(bytes);
	MapCache   *c;
	const MapSpec *map;
	const char *why = NULL;
	const char *text;
	size_t		len;
	bool		owned;
	MapAggState *st;
	JyEvents   *ev;
	uint32		n;
	JyMem		mem;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "map_agg_deserialize called in non-aggregate context");
	if (jy_map_state_decode_text(in, inlen, &text, &len, &why) != JY_OK)
		JourneyCorruptState("journey map", why);
	/* the first map seen is kept for every state with the same text */
	c = map_cache(fcinfo, -1);
	if (c->arg.value == NULL)
	{
		map = JourneyCachedValue(fcinfo, &c->arg, text, (Size) len, 0,
								 map_build_text, NULL);
		owned = false;
	}
	else
	{
		map = (const MapSpec *) c->arg.value;
		owned = (size_t) map->textlen != len || memcmp(map->text, text, len) != 0;
		if (owned)
			map = map_parse(text, (int) len);
	}
	if (jy_map_state_decode_events(in, inlen, jy_map_event_bits(&map->def) - 1, &n, NULL,
								   &why) != JY_OK)
		JourneyCorruptState("journey map", why);
	JourneyMemInit(&mem, CurrentMemoryContext);
	st = mapagg_new(&mem, map, false, CurrentMemoryContext, (size_t) n);
	st->owned = owned;
	ev = MAPAGG_EVENTS(st);
	if (jy_map_state_decode_events(in, inlen, jy_map_event_bits(&map->def) - 1, &n, ev->ev,
								   &why) != JY_OK)
		JourneyCorruptState("journey map", why);
	ev->n = n;
	ev->sorted = false;
	PG_RETURN_POINTER(st);
}

/*
 * Run the map's funnel over sorted events; *done (when not NULL) receives
 * the stages of the reported chain
 */
static int
map_eval(const MapSpec *map, JyEvent *ev, size_t n, int64 *times, uint64 *done)
{
	JyFunnelSpec spec = map_funnel_spec(map);
	JyMem		mem;
	int			level;

	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_sort_events(ev, n, &mem);
	JourneyCheckStatus(jy_funnel_eval_chain(ev, n, &spec, &mem, &level, times, done),
					   "journey map");
	return level;
}

/*
 * stage_times' result: the chain's timestamps, NULL for an optional stage
 * the chain skipped
 */
static Datum
map_times_array(const int64 *times, int level, uint64 done)
{
	Datum		elems[JY_MAX_STEPS];
	bool		nulls[JY_MAX_STEPS];
	int			dims[1];
	int			lbs[1] = {1};
	int			k;

	if (level == 0 || done == (UINT64CONST(1) << (level - 1) << 1) - 1)
		return JourneyTimesArray(times, level, TIMESTAMPTZOID);
	for (k = 0; k < level; k++)
	{
		elems[k] = Int64GetDatum(times[k]);
		nulls[k] = !(done >> k & 1);
	}
	dims[0] = level;
	return PointerGetDatum(construct_md_array(elems, nulls, 1, dims, lbs, TIMESTAMPTZOID,
											  sizeof(int64), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/* The furthest stage of a level (NULL for 0) */
static Datum
furthest_result(FunctionCallInfo fcinfo, const MapSpec *map, int level)
{
	if (level == 0)
		PG_RETURN_NULL();
	return map_stage(map, level);
}

PG_FUNCTION_INFO_V1(furthest_stage_finalfn);

/* Final function of furthest_stage: the stage, NULL when none was reached */
Datum
furthest_stage_finalfn(PG_FUNCTION_ARGS)
{
	MapAggState *st;
	JyEvents   *ev;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (MapAggState *) PG_GETARG_POINTER(0);
	ev = MAPAGG_EVENTS(st);
	return furthest_result(fcinfo, st->map, map_eval(st->map, ev->ev, ev->n, NULL, NULL));
}

PG_FUNCTION_INFO_V1(stage_times_finalfn);

/* Final function of stage_times: the chain's stage timestamps */
Datum
stage_times_finalfn(PG_FUNCTION_ARGS)
{
	MapAggState *st;
	JyEvents   *ev;
	int64		times[JY_MAX_STEPS];
	uint64		done;
	int			level;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (MapAggState *) PG_GETARG_POINTER(0);
	ev = MAPAGG_EVENTS(st);
	level = map_eval(st->map, ev->ev, ev->n, times, &done);
	return map_times_array(times, level, done);
}

/* ---------- over a stored journey ---------- */

/*
 * The map's level (and chain) over a stored journey; the map is argument
 * maparg and the journey the other one of the first two (0.2.0 puts the
 * journey first, 0.1.0 the map)
 */
static int
map_journey(FunctionCallInfo fcinfo, int maparg, MapSpec **mapp, int64 *times,
			uint64 *done)
{
	MapSpec    *map = map_arg(fcinfo, maparg);
	JyJourney	j;
	uint64	   *masks;
	JyEvent    *ev;
	JyMem		mem;
	size_t		n;
	uint32		i;

	map_require_no_where(map, "a stored journey", true);
	JourneyDecode(PG_GETARG_JOURNEY_P(1 - maparg), &j);
	masks = palloc((j.nlabels + 1) * sizeof(uint64));
	for (i = 0; i < j.nlabels; i++)
		masks[i] = jy_labels_lookup(map->def.labels, j.label_text[i], j.label_len[i]);
	ev = palloc((j.n + 1) * sizeof(JyEvent));
	JourneyMemInit(&mem, CurrentMemoryContext);
	n = jy_journey_events(&j, masks, (map->def.flags & JY_FUNNEL_STRICT_ORDER) != 0, ev, &mem);
	*mapp = map;
	return map_eval(map, ev, n, times, done);
}

/* furthest_stage over a stored journey, the map in argument maparg */
static Datum
furthest_journey(FunctionCallInfo fcinfo, int maparg)
{
	MapSpec    *map;
	int			level = map_journey(fcinfo, maparg, &map, NULL, NULL);

	return furthest_result(fcinfo, map, level);
}

/* stage_times over a stored journey, the map in argument maparg */
static Datum
stage_times_journey_arg(FunctionCallInfo fcinfo, int maparg)
{
	MapSpec    *map;
	int64		times[JY_MAX_STEPS];
	uint64		done;
	int			level = map_journey(fcinfo, maparg, &map, times, &done);

	return map_times_array(times, level, done);
}

/*
 * dropoff_stage over a stored journey, the map in argument maparg: the
 * first stage the journey did not reach (stage 1 when it entered none),
 * NULL when it reached the last
 */
static Datum
dropoff_journey(FunctionCallInfo fcinfo, int maparg)
{
	MapSpec    *map;
	int			level = map_journey(fcinfo, maparg, &map, NULL, NULL);

	if (level >= map->def.nstages)
		PG_RETURN_NULL();
	return map_stage(map, level + 1);
}

PG_FUNCTION_INFO_V1(furthest_stage_journey);

/* furthest_stage(map, journey), the 0.1.0 argument order */
Datum
furthest_stage_journey(PG_FUNCTION_ARGS)
{
	return furthest_journey(fcinfo, 0);
}

PG_FUNCTION_INFO_V1(journey_furthest_stage);

/* furthest_stage(journey, map) */
Datum
journey_furthest_stage(PG_FUNCTION_ARGS)
{
	return furthest_journey(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(stage_times_journey);

/* stage_times(map, journey), the 0.1.0 argument order */
Datum
stage_times_journey(PG_FUNCTION_ARGS)
{
	return stage_times_journey_arg(fcinfo, 0);
}

PG_FUNCTION_INFO_V1(journey_stage_times);

/* stage_times(journey, map) */
Datum
journey_stage_times(PG_FUNCTION_ARGS)
{
	return stage_times_journey_arg(fcinfo, 1);
}

PG_FUNCTION_INFO_V1(dropoff_stage_journey);

/* dropoff_stage(map, journey), the 0.1.0 argument order */
Datum
dropoff_stage_journey(PG_FUNCTION_ARGS)
{
	return dropoff_journey(fcinfo, 0);
}

PG_FUNCTION_INFO_V1(journey_dropoff_stage);

/* dropoff_stage(journey, map) */
Datum
journey_dropoff_stage(PG_FUNCTION_ARGS)
{
	return dropoff_journey(fcinfo, 1);
}

/* ---------- for the one-pass funnel over maps (onepass.c) ---------- */

/*
 * The parsed map of argument argno (NULL is an error), as map_arg; *is_const
 * says whether it never changes at the call site
 */
const struct MapSpec *
JourneyMapArg(FunctionCallInfo fcinfo, int argno, bool *is_const)
{
	MapSpec    *map = map_arg(fcinfo, argno);

	*is_const = ((MapCache *) fcinfo->flinfo->fn_extra)->arg.is_const;
	return map;
}

/* The engine's parameters of a map */
JyFunnelSpec
JourneyMapFunnelSpec(const struct MapSpec *map)
{
	return map_funnel_spec(map);
}

/* The identity of a map (its text), as the one-pass state keeps it */
uint64
JourneyMapId(const struct MapSpec *map)
{
	return jy_onepass_map_id(map->text, (size_t) map->textlen);
}

/*
 * The stages (and exclusion bit) of a row: the event in argument event_arg
 * (NULL: none), the properties in props_arg (-1: the call has none, and a
 * map with where filters is an error; NULL: no property)
 */
uint64
JourneyMapRowMask(FunctionCallInfo fcinfo, const struct MapSpec *map,
				  int event_arg, int props_arg)
{
	if (props_arg < 0)
		map_require_no_where(map, "the aggregate call", false);
	if (PG_ARGISNULL(event_arg))
		return 0;
	return map_row_mask(map, PG_GETARG_TEXT_PP(event_arg),
						(props_arg >= 0 && !PG_ARGISNULL(props_arg)) ? PG_GETARG_JSONB_P(props_arg) : NULL);
}
