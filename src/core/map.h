/*
 * map.h -- journey maps: what the core evaluates
 *
 * A journey map (docs/maps.md) names ordered stages, the events of each,
 * optional property filters, gaps and exclusions.  The glue parses the JSON
 * and fills these structures; the funnel engine (funnel.h) runs the stages
 * as steps.  Here: durations in maps, and the property filters.
 */
#ifndef JY_MAP_H
#define JY_MAP_H

#include "jy.h"

/* Most stages a map may have (bit JY_MAP_MAX_STAGES marks exclusions) */
#define JY_MAP_MAX_STAGES (JY_MAX_STEPS - 1)

/*
 * Parse a duration such as "2 days", "1 day 12 hours", "90 min", "1.5 h":
 * one or more (number, unit) pairs; units us, ms, s/sec/second(s),
 * min/minute(s), h/hour(s), d/day(s), w/week(s), mon/month(s) (30 days).
 * Returns NULL and the microseconds, or a short reason.
 */
extern const char *jy_parse_duration(const char *s, size_t len, int64_t *us);

/* One filter: the property key (an index into the map's keys) must be one of values */
typedef struct JyMapFilter
{
	uint32_t	key;
	uint32_t	nvalues;
	const char **values;
	uint32_t   *lens;
} JyMapFilter;

/* The filters of a map, by stage */
typedef struct JyMapFilters
{
	int			nstages;
	uint64_t	filtered;		/* stages that have filters */
	uint32_t	nfilters[JY_MAP_MAX_STAGES];
	const JyMapFilter *filters[JY_MAP_MAX_STAGES];
} JyMapFilters;

/* A row's value of a key: its text, or absent */
typedef struct JyPropValue
{
	bool		present;
	const char *text;
	uint32_t	len;
} JyPropValue;

/*
 * Clear from mask every filtered stage whose filters the row's property
 * values (props[key]) do not all pass.
 */
extern uint64_t jy_map_filter(const JyMapFilters *f, uint64_t mask, const JyPropValue *props);

#endif							/* JY_MAP_H */
