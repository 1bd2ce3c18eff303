/*
 * isotime.h -- ISO-8601 timestamps <-> PostgreSQL timestamps
 *
 * PostgreSQL stores a timestamp as int64 microseconds since 2000-01-01
 * 00:00:00 UTC, on the proleptic Gregorian calendar with astronomical year
 * numbering (year 0 = 1 BC).  These functions convert without PostgreSQL, so
 * that text I/O of journeys is immutable (it never depends on TimeZone or
 * DateStyle) and unit-testable.
 */
#ifndef JY_ISOTIME_H
#define JY_ISOTIME_H

#include "jy.h"

/* PostgreSQL's infinities and finite range (timestamp.h) */
#define JY_TS_NOBEGIN	INT64_MIN
#define JY_TS_NOEND		INT64_MAX
#define JY_TS_MIN		INT64_C(-211813488000000000)	/* 4714-11-24 00:00 BC */
#define JY_TS_END		INT64_C(9223371331200000000)	/* 294277-01-01 00:00 */

/*
 * Can timestamptz (and timestamp) hold ts?  The finite range [JY_TS_MIN,
 * JY_TS_END) and the two infinities: exactly what jy_iso_parse accepts and
 * PostgreSQL reads back.  Every decoder of untrusted bytes that carry such
 * timestamps checks each one with this.
 */
static inline bool
jy_ts_valid(int64_t ts)
{
	return (ts >= JY_TS_MIN && ts < JY_TS_END) ||
		ts == JY_TS_NOBEGIN || ts == JY_TS_NOEND;
}

/*
 * Parse an ISO-8601 timestamp with a zone: YYYY-MM-DD, 'T' or a blank,
 * HH:MM[:SS[.ffffff]], then 'Z' or +HH[:MM] / -HH[:MM]; or 'infinity',
 * '-infinity'.  The year may have more than 4 digits and a sign.  Returns
 * NULL on success, or a short reason.
 */
extern const char *jy_iso_parse(const char *s, size_t len, int64_t *ts);

/*
 * Format ts as YYYY-MM-DDTHH:MM:SS[.ffffff]Z (fraction without trailing
 * zeros; years outside 0..9999 with a sign), or infinity / -infinity.
 * buf needs JY_ISO_MAXLEN bytes; returns the length.
 */
#define JY_ISO_MAXLEN 40
extern size_t jy_iso_format(int64_t ts, char *buf);

#endif							/* JY_ISOTIME_H */
