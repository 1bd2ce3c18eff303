/*
 * journey.h -- declarations shared by the PostgreSQL glue of journey
 */
#ifndef JOURNEY_H
#define JOURNEY_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"

#include "compat.h"
#include "core/jy.h"

/* A JyMem that allocates in the given memory context */
extern void JourneyMemInit(JyMem *mem, MemoryContext cxt);

/* Report a failed core status as an error; what names the aggregate */
extern void JourneyCheckStatus(JyStatus st, const char *what);

/* The argument types of an aggregate's condition arguments, checked once */
extern int	JourneyCheckConditions(FunctionCallInfo fcinfo, int first,
								   const char *what);

/* Report a malformed serialized state (what: aggregate, why: a sentence) */
extern void JourneyCorruptState(const char *what, const char *why) pg_attribute_noreturn();

#endif							/* JOURNEY_H */
