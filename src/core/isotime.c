/*
 * isotime.c -- ISO-8601 timestamps <-> PostgreSQL timestamps
 */
#include "isotime.h"

#include <stdio.h>

#define USECS_PER_SEC	INT64_C(1000000)
#define USECS_PER_DAY	INT64_C(86400000000)

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's algorithm) */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t		era,
				yoe,
				doy,
				doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* y-m-d of a day number from 1970-01-01 */
static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t		era,
				doe,
				yoe,
				doy,
				mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* days_from_civil(2000, 1, 1): PostgreSQL's epoch in Unix days */
#define PG_EPOCH_DAYS 10957

static bool
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in_month(int64_t y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

/* Read exactly n digits at s[*i]; false if not there */
static bool
digits(const char *s, size_t len, size_t *i, int n, int64_t *v)
{
	int64_t		r = 0;
	int			k;

	for (k = 0; k < n; k++)
	{
		if (*i >= len || s[*i] < '0' || s[*i] > '9')
			return false;
		r = r * 10 + (s[(*i)++] - '0');
	}
	*v = r;
	return true;
}

/* Parse an ISO-8601 timestamp with a zone (see isotime.h) */
const char *
jy_iso_parse(const char *s, size_t len, int64_t *ts)
{
	size_t		i = 0;
	int64_t		year = 0,
				mon,
				day,
				hh,
				mi,
				ss = 0,
				frac = 0,
				oh = 0,
				om = 0;
	int			sign = 1,
				ndig = 0,
				fd;
	int64_t		days,
				secs,
				v;

	if (jy_word_eq(s, len, "infinity") || jy_word_eq(s, len, "+infinity"))
	{
		*ts = JY_TS_NOEND;
		return NULL;
	}
	if (jy_word_eq(s, len, "-infinity"))
	{
		*ts = JY_TS_NOBEGIN;
		return NULL;
	}
	if (i < len && (s[i] == '+' || s[i] == '-'))
		sign = s[i++] == '-' ? -1 : 1;
	while (i < len && s[i] >= '0' && s[i] <= '9')
	{
		if (++ndig > 9)
			return "year out of range";
		year = year * 10 + (s[i++] - '0');
	}
	if (ndig < 4)
		return "expected a year of at least 4 digits";
	year *= sign;
	if (i >= len || s[i++] != '-' || !digits(s, len, &i, 2, &mon))
		return "expected -MM after the year";
	if (i >= len || s[i++] != '-' || !digits(s, len, &i, 2, &day))
		return "expected -DD after the month";
	if (mon < 1 || mon > 12 || day < 1 || day > days_in_month(year, (int) mon))
		return "date out of range";
	if (i >= len || (s[i] != 'T' && s[i] != 't' && s[i] != ' '))
		return "expected T and a time after the date";
	i++;
	if (!digits(s, len, &i, 2, &hh) || i >= len || s[i++] != ':' || !digits(s, len, &i, 2, &mi))
		return "expected HH:MM";
	if (i < len && s[i] == ':')
	{
		i++;
		if (!digits(s, len, &i, 2, &ss))
			return "expected SS after HH:MM:";
		if (i < len && s[i] == '.')
		{
			i++;
			for (fd = 0; i < len && s[i] >= '0' && s[i] <= '9'; fd++, i++)
			{
				if (fd >= 6)
					return "more than 6 fractional digits";
				frac = frac * 10 + (s[i] - '0');
			}
			if (fd == 0)
				return "expected digits after the decimal point";
			for (; fd < 6; fd++)
				frac *= 10;
		}
	}
	if (hh > 24 || mi > 59 || ss > 60 || (hh == 24 && (mi != 0 || ss != 0 || frac != 0)))
		return "time out of range";
	/* the zone is required: a timestamp without one would depend on TimeZone */
	if (i >= len)
		return "expected a time zone (Z or +HH:MM)";
	if (s[i] == 'Z' || s[i] == 'z')
		i++;
	else if (s[i] == '+' || s[i] == '-')
	{
		int			zs = s[i++] == '-' ? -1 : 1;

		if (!digits(s, len, &i, 2, &oh))
			return "expected HH in the zone offset";
		if (i < len && s[i] == ':')
			i++;
		if (i < len && !digits(s, len, &i, 2, &om))
			return "expected MM in the zone offset";
		if (oh > 15 || om > 59)
			return "zone offset out of range";
		oh *= zs;
		om *= zs;
	}
	else
		return "expected a time zone (Z or +HH:MM)";
	if (i != len)
		return "unexpected text after the timestamp";

	days = days_from_civil(year, (int) mon, (int) day) - PG_EPOCH_DAYS;
	secs = hh * 3600 + mi * 60 + ss - (oh * 3600 + om * 60);
	/* days is at most ~3.7e11 in magnitude: no overflow before the range test */
	if (days < -2451545 - 2 || days > JY_TS_END / USECS_PER_DAY + 2)
		return "timestamp out of range";
	v = days * USECS_PER_DAY + secs * USECS_PER_SEC + frac;
	if (v < JY_TS_MIN || v >= JY_TS_END)
		return "timestamp out of range";
	*ts = v;
	return NULL;
}

/* Format ts as an ISO-8601 UTC timestamp (see isotime.h) */
size_t
jy_iso_format(int64_t ts, char *buf)
{
	int64_t		days,
				us,
				y;
	int			m,
				d,
				len;
	int64_t		secs;

	if (ts == JY_TS_NOBEGIN)
		return (size_t) snprintf(buf, JY_ISO_MAXLEN, "-infinity");
	if (ts == JY_TS_NOEND)
		return (size_t) snprintf(buf, JY_ISO_MAXLEN, "infinity");
	days = ts / USECS_PER_DAY;
	us = ts % USECS_PER_DAY;
	if (us < 0)
	{
		us += USECS_PER_DAY;
		days--;
	}
	civil_from_days(days + PG_EPOCH_DAYS, &y, &m, &d);
	secs = us / USECS_PER_SEC;
	us %= USECS_PER_SEC;
	if (y >= 0 && y <= 9999)
		len = snprintf(buf, JY_ISO_MAXLEN, "%04d-%02d-%02dT%02d:%02d:%02d",
					   (int) y, m, d, (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60));
	else
		len = snprintf(buf, JY_ISO_MAXLEN, "%+05lld-%02d-%02dT%02d:%02d:%02d",
					   (long long) y, m, d, (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60));
	if (us != 0)
	{
		int			digits = 6;

		while (us % 10 == 0)
		{
			us /= 10;
			digits--;
		}
		len += snprintf(buf + len, JY_ISO_MAXLEN - len, ".%0*lld", digits, (long long) us);
	}
	buf[len++] = 'Z';
	buf[len] = '\0';
	return (size_t) len;
}
