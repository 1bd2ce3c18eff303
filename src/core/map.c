/*
 * map.c -- journey maps: durations and property filters
 */
#include "map.h"

#include <string.h>

/* Units of a duration, in microseconds */
static const struct
{
	const char *name;
	int64_t		us;
}			units[] =
{
	{"us", 1}, {"microsecond", 1}, {"microseconds", 1},
	{"ms", 1000}, {"millisecond", 1000}, {"milliseconds", 1000},
	{"s", 1000000}, {"sec", 1000000}, {"secs", 1000000}, {"second", 1000000}, {"seconds", 1000000},
	{"min", 60000000}, {"mins", 60000000}, {"minute", 60000000}, {"minutes", 60000000},
	{"h", INT64_C(3600000000)}, {"hour", INT64_C(3600000000)}, {"hours", INT64_C(3600000000)},
	{"d", INT64_C(86400000000)}, {"day", INT64_C(86400000000)}, {"days", INT64_C(86400000000)},
	{"w", INT64_C(604800000000)}, {"week", INT64_C(604800000000)}, {"weeks", INT64_C(604800000000)},
	{"mon", INT64_C(2592000000000)}, {"mons", INT64_C(2592000000000)},
	{"month", INT64_C(2592000000000)}, {"months", INT64_C(2592000000000)},
};

#define N_UNITS (sizeof(units) / sizeof(units[0]))

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parse a duration (see map.h) */
const char *
jy_parse_duration(const char *s, size_t len, int64_t *us)
{
	size_t		i = 0;
	double		total = 0;
	int			pairs = 0;

	for (;;)
	{
		double		num = 0,
					scale = 1;
		bool		digits = false,
					point = false;
		size_t		ustart;
		size_t		u;
		bool		found = false;

		while (i < len && is_space(s[i]))
			i++;
		if (i == len)
			break;
		while (i < len && ((s[i] >= '0' && s[i] <= '9') || (s[i] == '.' && !point)))
		{
			if (s[i] == '.')
				point = true;
			else
			{
				digits = true;
				if (point)
					num += (s[i] - '0') * (scale /= 10);
				else
					num = num * 10 + (s[i] - '0');
			}
			i++;
		}
		if (!digits)
			return "expected a number";
		while (i < len && is_space(s[i]))
			i++;
		ustart = i;
		while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			i++;
		if (i == ustart)
			return "expected a unit after the number";
		for (u = 0; u < N_UNITS; u++)
		{
			if (jy_word_eq(s + ustart, i - ustart, units[u].name))
			{
				found = true;
				total += num * (double) units[u].us;
				break;
			}
		}
		if (!found)
			return "unknown unit (use us, ms, seconds, minutes, hours, days, weeks or months)";
		pairs++;
		while (i < len && (is_space(s[i]) || s[i] == ','))
			i++;
	}
	if (pairs == 0)
		return "expected a duration such as \"2 days\"";
	if (total >= 9.2e18)
		return "duration out of range";
	*us = (int64_t) (total + 0.5);
	return NULL;
}

/* Does the value pass one filter? */
static bool
filter_pass(const JyMapFilter *f, const JyPropValue *v)
{
	uint32_t	i;

	if (!v->present)
		return false;
	for (i = 0; i < f->nvalues; i++)
		if (f->lens[i] == v->len && (v->len == 0 || memcmp(f->values[i], v->text, v->len) == 0))
			return true;
	return false;
}

/* Clear the filtered stages whose filters fail (see map.h) */
uint64_t
jy_map_filter(const JyMapFilters *f, uint64_t mask, const JyPropValue *props)
{
	uint64_t	check = mask & f->filtered;

	while (check != 0)
	{
		int			k = __builtin_ctzll(check);
		uint32_t	i;

		check &= check - 1;
		for (i = 0; i < f->nfilters[k]; i++)
		{
			if (!filter_pass(&f->filters[k][i], &props[f->filters[k][i].key]))
			{
				mask &= ~(UINT64_C(1) << k);
				break;
			}
		}
	}
	return mask;
}
