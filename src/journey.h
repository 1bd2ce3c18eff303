/*
 * journey.h -- declarations shared by the PostgreSQL glue of journey
 */
#ifndef JOURNEY_H
#define JOURNEY_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "access/htup.h"
#include "access/tupdesc.h"
#include "utils/array.h"
#include "utils/timestamp.h"

#include "cJSON.h"

#include "compat.h"
#include "core/journey.h"
#include "core/funnel.h"
#include "core/jsontext.h"
#include "core/jy.h"
#include "core/labels.h"
#include "core/nextnode.h"
#include "core/stats.h"
#include "core/svg.h"

/* Timestamp type of an aggregate's events, kept in its state */
typedef enum JourneyTsType
{
	JOURNEY_TS_TIMESTAMPTZ = 0,
	JOURNEY_TS_TIMESTAMP = 1,
	JOURNEY_TS_BIGINT = 2
} JourneyTsType;

#define JOURNEY_TS_NTYPES 3

/* The JourneyTsType of a type OID (timestamptz, timestamp or bigint) */
extern uint8 JourneyTsTypeOf(Oid typid, const char *what);

/* The type OID of a JourneyTsType */
extern Oid	JourneyTsTypeOid(uint8 tstype);

/* A JyMem that allocates in the given memory context */
extern void JourneyMemInit(JyMem *mem, MemoryContext cxt);

/* The same, allowing allocations beyond 1 GB (for states that may grow so) */
extern void JourneyMemInitHuge(JyMem *mem, MemoryContext cxt);

/*
 * The cases of a combine function that need no merge, for states that may
 * come from deserialization (*b_decoded says so; b_decoded may be NULL
 * when b is).  Checks that it runs in an aggregate (*aggcxt: the
 * aggregate context; name names the function in the error).  True when
 * *result is the answer: a when b is NULL (NULL when both are), or b when a
 * is NULL and b was deserialized -- it is in the aggregate context already
 * and becomes the state (its flag is cleared).
 */
extern bool JourneyCombineShortcut(FunctionCallInfo fcinfo, const char *name,
								   MemoryContext *aggcxt, void *a, void *b,
								   bool *b_decoded, void **result);

/* Return a combine function's result, NULL as SQL NULL */
#define PG_RETURN_STATE(p) \
	do { \
		void	   *state_ = (p); \
		if (state_ == NULL) \
			PG_RETURN_NULL(); \
		PG_RETURN_POINTER(state_); \
	} while (0)

/* Report a failed core status as an error; what names the aggregate */
extern void JourneyCheckStatus(JyStatus st, const char *what);

/* The argument types of an aggregate's condition arguments, checked once */
extern int	JourneyCheckConditions(FunctionCallInfo fcinfo, int first,
								   const char *what);

/* Grow an aggregate state's event block (at offset prefix) by extra events */
extern void *JourneyStateGrow(void *st, size_t prefix, const JyMem *mem,
							  size_t extra, const char *what);

/* Append one event to an aggregate state's event block (journey.c) */
extern void *JourneyStatePush(void *st, size_t prefix, const JyMem *mem,
							  int64 ts, uint64 mask, const char *what);

/* Combine function of an aggregate whose state ends in an event block */
extern Datum JourneyCombineEvents(FunctionCallInfo fcinfo,
								  size_t (*prefix) (const void *st),
								  void (*check_same) (const void *a, const void *b),
								  const char *what);

/* Report a malformed serialized state (what: aggregate, why: a sentence) */
extern void JourneyCorruptState(const char *what, const char *why) pg_attribute_noreturn();

/*
 * The day (DateADT) of a finite timestamp in the session's TimeZone, as
 * ts::date, with the offsets cached (localday.c); a zeroed cache is ready
 */
#define JOURNEY_DAY_CACHE 256
#define JOURNEY_NO_OFFSET INT32_MIN
typedef struct JourneyDayCache
{
	struct pg_tz *tz;			/* the zone the cache is for */
	bool		fixed;			/* tz has one offset, fixed_off */
	long int	fixed_off;
	int64		cday[JOURNEY_DAY_CACHE];	/* UTC day of each slot */
	int32		coff[JOURNEY_DAY_CACHE];	/* its offset (seconds east), or none */
} JourneyDayCache;

extern int32 JourneyLocalDay(JourneyDayCache *c, TimestampTz ts);

/* Microseconds of an interval (a month is 30 days, a day 24 hours) */
extern int64 JourneyIntervalUsecs(Interval *iv, const char *what);

/* cJSON at the edges (json.c): the database encoding around the core */
extern cJSON *JourneyJsonParse(const char *text, size_t len, JyJsonError *err);
extern const JyJsonConv *JourneyJsonConv(JyJsonConv *conv);
extern const char *JourneyJsonMessage(const char *msg);
extern char *JourneyExcerpt(const char *s, int len);

/* Charts (charts.c): text to and from the core's UTF-8 */
extern const char *JourneySvgLabel(text *t, size_t *len);
extern text *JourneySvgText(const char *doc, size_t len, const char *what);

/* The journey varlena: a format byte, then the core's encoding */
typedef struct varlena Journey;

#define DatumGetJourneyP(d) ((Journey *) PG_DETOAST_DATUM_PACKED(d))
#define PG_GETARG_JOURNEY_P(n) DatumGetJourneyP(PG_GETARG_DATUM(n))
#define PG_RETURN_JOURNEY_P(x) PG_RETURN_POINTER(x)

/* An array of timestamps (timestamptz, timestamp or bigint) */
extern Datum JourneyTimesArray(const int64 *times, int n, Oid elemtype);

/* A stage value (stage.c) */
extern Datum JourneyMakeStage(int32 position, const char *name, int len);

/*
 * Read a stored (already validated) journey value with bounds checks only;
 * an error if damaged.  Arrays in CurrentMemoryContext.
 */
extern void JourneyDecode(Journey *jv, JyJourney *j);

/* Report a failed read of a stored journey (XX001 when damaged) */
extern void JourneyCheckRead(JyStatus st, const char *why);

/* Encode a builder into a new journey value in CurrentMemoryContext */
extern Journey *JourneyFromBuilder(JyJourneyBuilder *b);

/* An argument parsed once per call site and value (argcache.c) */
typedef struct JourneyArgCache
{
	MemoryContext cxt;			/* holds value and bytes; NULL until built */
	void	   *value;			/* what the build function made */
	char	   *bytes;			/* the argument's data it was made from */
	Size		len;
	int64		key;			/* another input the value depends on */
	bool		checked;		/* is_const is known */
	bool		is_const;		/* the argument never changes at this call site */
} JourneyArgCache;

/* Build a value from an argument's data bytes, in CurrentMemoryContext */
typedef void *(*JourneyArgBuild) (FunctionCallInfo fcinfo, const char *data,
								  Size len, void *extra);

extern bool JourneyArgIsConst(FunctionCallInfo fcinfo, int argno);
extern void *JourneyCachedValue(FunctionCallInfo fcinfo, JourneyArgCache *c,
								const char *data, Size len, int64 key,
								JourneyArgBuild build, void *extra);
extern void *JourneyArgCached(FunctionCallInfo fcinfo, JourneyArgCache *c,
							  int argno, int64 key, JourneyArgBuild build,
							  void *extra);

/* Steps given as a text[] of labels (funnel.c) */
typedef struct JourneyStepsCache
{
	JourneyArgCache arg;		/* the steps argument and its label set */
	JyLabelSet *labels;			/* of the last steps read (in arg.cxt) */
	int			nsteps;
} JourneyStepsCache;

extern JyLabelSet *JourneyBuildSteps(ArrayType *arr, int *n, const char *noun);
extern JourneyStepsCache *JourneyReadSteps(FunctionCallInfo fcinfo,
										   JourneyStepsCache **slot,
										   int steps_arg, const char *noun);
extern uint64 *JourneyLabelMasks(const JyJourney *j, const JyLabelSet *labels);

/*
 * The funnel events and parameters of a stored journey (argument 0) for a
 * call (journey, ..., window, steps, mode [, gaps]) whose window is
 * argument window_arg (funnel.c)
 */
extern JyEvent *JourneyFunnelEvents(FunctionCallInfo fcinfo, int window_arg,
									JyFunnelSpec *spec, size_t *n, int64 *last,
									bool *has_last);

/* sequence_next_node over journeys, shared with the path reports (seq.c) */
extern void JourneyNodeParse(text *dir_text, text *base_text, int nevents,
							 JyNodeDirection *dir, JyNodeBase *base);
extern JyNodeRow *JourneyNodeRows(const JyJourney *j, const JyLabelSet *labels,
								  const char *base_label, int base_len,
								  size_t extra);
extern JyLabelSet *JourneyNodeLabels(FunctionCallInfo fcinfo,
									 JourneyStepsCache **slot, int arg,
									 int *nevents);

/* Funnel count arrays, step names and confidence arguments (counts.c) */
extern int	JourneyCountsFromArray(ArrayType *arr, int64 *counts);
extern Datum *JourneyStepNames(ArrayType *arr, int n, bool **nulls);
extern double JourneyConfidence(FunctionCallInfo fcinfo, int arg);

/* The base argument of funnel_compare and funnel_segments (statistics.c) */
extern JyCompareBase JourneyCompareBase(FunctionCallInfo fcinfo, int argno,
										const char *report);

/* Reports over a query given as text (query.c) */
typedef void (*JourneyRowDescribe) (void *arg, TupleDesc desc);
typedef void (*JourneyRowVisit) (void *arg, TupleDesc desc, HeapTuple tuple,
								 MemoryContext tmp);

/*
 * Run sql with nargs arguments, read-only (as in a READ ONLY transaction,
 * whatever functions it calls), through a cursor: describe (if not NULL)
 * is called once with the result's columns before any row, then visit (if
 * not NULL; NULL runs nothing beyond planning) for every row in the memory
 * context tmp, reset after each row.  Every report that runs SQL does it
 * here.
 */
extern void JourneyForEachRow(const char *sql, int nargs, Oid *argtypes,
							  Datum *args, JourneyRowDescribe describe,
							  JourneyRowVisit visit, void *arg);

/* The one SELECT statement of a report's query text, ready to nest */
extern char *JourneyQueryStatement(const char *query, const char *report);

/*
 * Check that the query a report builds returns the columns the report
 * reads: n columns of the given types (an error otherwise)
 */
extern void JourneyCheckColumns(TupleDesc desc, const char *report, int n,
								const Oid *types);

/*
 * The summary an aggregate of the extension (agg, with nargs parameters)
 * builds over the journeys of the query text in argument 0
 */
extern struct varlena *JourneyJourneysSummary(FunctionCallInfo fcinfo,
											  const char *report, const char *agg,
											  int nargs, Oid *types, Datum *values);

/* Actor keys of any type, for reports keyed by actor (actorkey.c) */
#include "core/actors.h"

typedef struct JourneyActorArg
{
	Oid			type;			/* the actor argument's base type */
	JyActorKind kind;
	FmgrInfo	out;			/* JY_ACTOR_OTHER: the type's output function */
} JourneyActorArg;

/* Prepare to read actor keys of argument argno (lookups kept in cxt) */
extern void JourneyActorArgInit(JourneyActorArg *a, FunctionCallInfo fcinfo,
								int argno, MemoryContext cxt);

/*
 * The key of a non-NULL actor value: *ikey (JY_ACTOR_INT) or bkey[0 ..
 * blen) (the other kinds; may point into a detoasted copy or the type's
 * text output in CurrentMemoryContext)
 */
extern void JourneyActorKey(const JourneyActorArg *a, Datum d, int64 *ikey,
							const void **bkey, size_t *blen);

/* window_funnel's argument reading, shared with the one-pass form (funnel.c) */
#include "core/funnel.h"

typedef struct FunnelArgs FunnelArgs;

extern bool JourneyFunnelRow(FunctionCallInfo fcinfo, int window_arg,
							 MemoryContext aggcxt, JyFunnelSpec *spec,
							 uint8 *tstype, int64 *ts, uint64 *mask);
extern bool JourneyFunnelParamsConst(FunctionCallInfo fcinfo);
extern const JyLabelSet *JourneyFunnelRowLabels(FunctionCallInfo fcinfo);
extern const JyLabelSet *JourneyFunnelEventsLabels(FunctionCallInfo fcinfo);

/* Journey maps for the one-pass funnel_counts(actor, map, ...) (map.c) */
struct MapSpec;

extern const struct MapSpec *JourneyMapArg(FunctionCallInfo fcinfo, int argno,
										   bool *is_const);
extern JyFunnelSpec JourneyMapFunnelSpec(const struct MapSpec *map);
extern uint64 JourneyMapId(const struct MapSpec *map);
extern uint64 JourneyMapRowMask(FunctionCallInfo fcinfo, const struct MapSpec *map,
								int event_arg, int props_arg);

/* The title argument of the chart aggregates, the same in every row (charts.c) */
extern void JourneyChartTitle(FunctionCallInfo fcinfo, int argno, MemoryContext cxt,
							  char **title, int *len, const char *what);

#endif							/* JOURNEY_H */
