/*
 * map.h -- journey maps: what the core evaluates
 *
 * A journey map (docs/maps.md) names ordered stages, the events of each,
 * optional property filters, gaps and exclusions.  jy_map_from_json reads
 * and validates its JSON tree into a JyMapDef, with errors that name the
 * JSON path at fault; the funnel engine (funnel.h) runs the stages as
 * steps.  Here: durations in maps, the map definition, and the property
 * filters.
 */
#ifndef JY_MAP_H
#define JY_MAP_H

#include "funnel.h"
#include "jy.h"
#include "jsontext.h"
#include "labels.h"

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

/* A journey map, as its JSON defines it */
typedef struct JyMapDef
{
	int			nstages;		/* 1..JY_MAP_MAX_STAGES */
	char	  **names;			/* stage names (NUL-terminated copies) */
	uint32_t   *name_lens;
	uint32_t   *nevents;		/* events of each stage, at least one */
	char	 ***events;			/* events[k][i]: NUL-terminated copies */
	uint32_t  **event_lens;
	uint64_t	within[JY_MAX_STEPS];	/* within[k]: gap from stage k to k + 1
										 * (1-based); 0 when none */
	uint64_t	window;			/* UINT64_MAX when none */
	uint32_t	flags;			/* funnel mode flags (funnel.h) */
	uint64_t	exclude;		/* the exclusion bit (1 << nstages), or 0 */
	JyLabelSet *labels;			/* event -> stages (| exclude) */
	JyMapFilters filters;
	uint32_t	nkeys;			/* distinct property keys of the filters */
	char	  **keys;			/* NUL-terminated copies */
	uint32_t   *key_lens;

	/*
	 * Issue 13: the optional stages (bit k: stage k + 1, never the first
	 * or last) and the scoped exclusions of "exclude" (objects), each with
	 * its own event bit after the stages and the global exclusion bit
	 */
	uint64_t	optional;
	int			nexcl;
	JyFunnelExcl excl[JY_MAX_STEPS];
} JyMapDef;

/*
 * The number of event bits of a map's masks: its stages, then at least
 * one bit for exclusions (the global one and each scoped one)
 */
static inline int
jy_map_event_bits(const JyMapDef *map)
{
	int			x = (map->exclude != 0) + map->nexcl;

	return map->nstages + (x > 1 ? x : 1);
}

/*
 * Read a map's JSON tree into *map, allocating through m; names, events,
 * property keys and values pass through conv.  On failure *map is freed
 * and zeroed and *err says why: JY_JSON_INVALID or JY_JSON_LIMIT (more
 * than JY_MAP_MAX_STAGES stages) with a message "path: what is wrong"
 * (paths as in stages[2].where.channel), or JY_JSON_STATUS.
 */
extern JyJsonErrKind jy_map_from_json(const cJSON *root, const JyMem *m,
									  const JyJsonConv *conv, JyMapDef *map,
									  JyJsonError *err);

/* Map text to a definition: jy_json_parse, then jy_map_from_json */
extern JyJsonErrKind jy_map_parse_text(const char *text, size_t len, const JyMem *m,
									   const JyJsonConv *conv, JyMapDef *map,
									   JyJsonError *err);

/* Free what jy_map_from_json allocated (and zero *map) */
extern void jy_map_free(JyMapDef *map, const JyMem *m);

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
