/*
 * summary.h -- the SQL types of report summaries (glue)
 *
 * Each two-step report's summary is a varlena type whose data is the core's
 * summary bytes (core/summary.h), checked by the kind's decoder wherever a
 * value comes from outside: text input (base64 of the bytes), binary input
 * (the bytes) and the deserialize functions of parallel plans.
 */
#ifndef JOURNEY_SUMMARY_H
#define JOURNEY_SUMMARY_H

#include "journey.h"
#include "core/summary.h"

/*
 * A kind's decoder used as a check: JY_OK when data[0 .. len) is a valid
 * summary, else JY_ERR_CORRUPT with *why a sentence (or JY_ERR_OUT_OF_MEMORY)
 */
typedef JyStatus (*JourneySummaryCheck) (const uint8_t *data, size_t len,
										 const JyMem *m, const char **why);

extern Datum JourneySummaryIn(FunctionCallInfo fcinfo, const char *type,
							  JourneySummaryCheck check);
extern Datum JourneySummaryOut(FunctionCallInfo fcinfo);
extern Datum JourneySummaryRecv(FunctionCallInfo fcinfo, const char *type,
								JourneySummaryCheck check);
extern Datum JourneySummarySend(FunctionCallInfo fcinfo);

/*
 * The four I/O functions of a summary type: name_in, name_out, name_recv,
 * name_send (declare them in SQL with these C names)
 */
#define JOURNEY_SUMMARY_IO(name, check) \
	PG_FUNCTION_INFO_V1(name##_in); \
	Datum name##_in(PG_FUNCTION_ARGS) { return JourneySummaryIn(fcinfo, #name, check); } \
	PG_FUNCTION_INFO_V1(name##_out); \
	Datum name##_out(PG_FUNCTION_ARGS) { return JourneySummaryOut(fcinfo); } \
	PG_FUNCTION_INFO_V1(name##_recv); \
	Datum name##_recv(PG_FUNCTION_ARGS) { return JourneySummaryRecv(fcinfo, #name, check); } \
	PG_FUNCTION_INFO_V1(name##_send); \
	Datum name##_send(PG_FUNCTION_ARGS) { return JourneySummarySend(fcinfo); }

/*
 * A summary value (varlena) holding a writer's bytes, in
 * CurrentMemoryContext; reports w->status as an error naming what.  The
 * writer is released.
 */
extern struct varlena *JourneySummaryFromWriter(JyWriter *w, const char *what);

/* A summary argument's bytes (detoasted) */
extern const uint8_t *JourneySummaryBytes(Datum d, size_t *len);

/*
 * Report a summary that does not decode: XX001 (data corrupted) for a stored
 * value, whose bytes were checked on input
 */
extern void JourneySummaryDamaged(const char *type, const char *why) pg_attribute_noreturn();

#endif							/* JOURNEY_SUMMARY_H */
