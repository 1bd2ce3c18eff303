/*
 * compat.h -- the one place that knows about PostgreSQL major versions
 *
 * journey is built and tested on PostgreSQL 15; these shims keep 14-17
 * possible without #if scattered through the glue.
 */
#ifndef JOURNEY_COMPAT_H
#define JOURNEY_COMPAT_H

#include "postgres.h"

/* soft input errors (errsave/ereturn) arrived in PostgreSQL 16 */
#if PG_VERSION_NUM < 160000
#define errsave(context, ...) ereport(ERROR, __VA_ARGS__)
#define ereturn(context, dummy_value, ...) \
	do { ereport(ERROR, __VA_ARGS__); return dummy_value; } while (0)
#endif

/* a StringInfo over existing bytes without copying arrived in 17 */
#if PG_VERSION_NUM < 170000
#define JourneyInitReadOnlyStringInfo(buf, data, len) \
	do { \
		initStringInfo(buf); \
		appendBinaryStringInfo((buf), (data), (len)); \
	} while (0)
#else
#define JourneyInitReadOnlyStringInfo(buf, data, len) \
	initReadOnlyStringInfo((buf), (data), (len))
#endif

#endif							/* JOURNEY_COMPAT_H */
