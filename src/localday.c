/*
 * localday.c -- the day of a timestamp in the session's TimeZone, fast
 *
 * ts::date converts each timestamp through pg_localtime, which costs more
 * than the rest of an aggregate's row.  JourneyLocalDay computes the day
 * from the UTC offset instead: the zone's fixed offset when it has one
 * (checked once against timestamptz_date), else the offset of the UTC
 * day, cached per UTC day when pg_next_dst_boundary shows it constant over
 * that day (the cached result checked against timestamptz_date when
 * cached); a day on which the offset changes takes the slow way each time.
 * The cache follows the session's TimeZone when it changes.
 */
#include "journey.h"

#include "datatype/timestamp.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/date.h"

/* floor(x / y) for y > 0 */
static inline int64
floor_div(int64 x, int64 y)
{
	int64		q = x / y;

	return (x % y < 0) ? q - 1 : q;
}

/* The day of ts the slow way; caches the offset of its UTC day u */
static int32
local_day_slow(JourneyDayCache *c, TimestampTz ts, int64 u)
{
	int32		day = DatumGetDateADT(DirectFunctionCall1(timestamptz_date,
														  TimestampTzGetDatum(ts)));
	int			slot = (int) (u & (JOURNEY_DAY_CACHE - 1));
	pg_time_t	t0 = (pg_time_t) (u + (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE)) * SECS_PER_DAY;
	long int	before,
				after;
	int			before_dst,
				after_dst;
	pg_time_t	boundary;
	int			r;

	c->cday[slot] = u;
	c->coff[slot] = JOURNEY_NO_OFFSET;
	r = pg_next_dst_boundary(&t0, &before, &before_dst, &boundary, &after, &after_dst,
							 c->tz);
	if ((r == 0 || (r == 1 && boundary >= t0 + SECS_PER_DAY)) &&
		floor_div(ts + (int64) before * USECS_PER_SEC, USECS_PER_DAY) == day)
		c->coff[slot] = (int32) before;
	return day;
}

int32
JourneyLocalDay(JourneyDayCache *c, TimestampTz ts)
{
	int64		u;
	int			slot;

	if (unlikely(c->tz != session_timezone))
	{
		int			i;

		c->tz = session_timezone;
		c->fixed = pg_get_timezone_offset(c->tz, &c->fixed_off);
		for (i = 0; i < JOURNEY_DAY_CACHE; i++)
		{
			c->cday[i] = PG_INT64_MIN;
			c->coff[i] = JOURNEY_NO_OFFSET;
		}
		/* check the fixed offset against PostgreSQL's own day once */
		if (c->fixed &&
			floor_div(ts + (int64) c->fixed_off * USECS_PER_SEC, USECS_PER_DAY) !=
			DatumGetDateADT(DirectFunctionCall1(timestamptz_date, TimestampTzGetDatum(ts))))
			c->fixed = false;
	}
	if (c->fixed)
		return (int32) floor_div(ts + (int64) c->fixed_off * USECS_PER_SEC, USECS_PER_DAY);
	u = floor_div(ts, USECS_PER_DAY);
	slot = (int) (u & (JOURNEY_DAY_CACHE - 1));
	if (c->cday[slot] == u && c->coff[slot] != JOURNEY_NO_OFFSET)
		return (int32) floor_div(ts + (int64) c->coff[slot] * USECS_PER_SEC, USECS_PER_DAY);
	return local_day_slow(c, ts, u);
}
