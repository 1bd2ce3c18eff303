/*
 * journey.h -- declarations shared by the PostgreSQL glue of journey
 */
#ifndef JOURNEY_H
#define JOURNEY_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/timestamp.h"

#include "cJSON.h"

#include "compat.h"
#include "core/journey.h"
#include "core/jy.h"
#include "core/labels.h"

/* A JyMem that allocates in the given memory context */
extern void JourneyMemInit(JyMem *mem, MemoryContext cxt);

/* Report a failed core status as an error; what names the aggregate */
extern void JourneyCheckStatus(JyStatus st, const char *what);

/* The argument types of an aggregate's condition arguments, checked once */
extern int	JourneyCheckConditions(FunctionCallInfo fcinfo, int first,
								   const char *what);

/* Report a malformed serialized state (what: aggregate, why: a sentence) */
extern void JourneyCorruptState(const char *what, const char *why) pg_attribute_noreturn();

/* Microseconds of an interval (a month is 30 days, a day 24 hours) */
extern int64 JourneyIntervalUsecs(Interval *iv, const char *what);

/* cJSON at the edges (json.c) */
extern cJSON *JourneyJsonParse(const char *text, size_t len, int *errpos);
extern const char *JourneyJsonString(const cJSON *item, uint32 *len);

/* The journey varlena: a format byte, then the core's encoding */
typedef struct varlena Journey;

#define DatumGetJourneyP(d) ((Journey *) PG_DETOAST_DATUM_PACKED(d))
#define PG_GETARG_JOURNEY_P(n) DatumGetJourneyP(PG_GETARG_DATUM(n))
#define PG_RETURN_JOURNEY_P(x) PG_RETURN_POINTER(x)

/* An array of timestamps (timestamptz, timestamp or bigint) */
extern Datum JourneyTimesArray(const int64 *times, int n, Oid elemtype);

/* A stage value (stage.c) */
extern Datum JourneyMakeStage(int32 position, const char *name, int len);

/* Decode a journey value (errors if corrupt); arrays in CurrentMemoryContext */
extern void JourneyDecode(Journey *jv, JyJourney *j);

/* Encode a builder into a new journey value in CurrentMemoryContext */
extern Journey *JourneyFromBuilder(JyJourneyBuilder *b);

/* Steps given as a text[] of labels (funnel.c) */
typedef struct JourneyStepsCache
{
	ArrayType  *steps;			/* a copy of the last steps argument */
	JyLabelSet *labels;
	int			nsteps;
} JourneyStepsCache;

extern JyLabelSet *JourneyBuildSteps(ArrayType *arr, int *n, const char *noun);
extern JourneyStepsCache *JourneyReadSteps(FunctionCallInfo fcinfo,
										   JourneyStepsCache **slot,
										   int steps_arg, const char *noun);
extern uint64 *JourneyLabelMasks(const JyJourney *j, const JyLabelSet *labels);

#endif							/* JOURNEY_H */
