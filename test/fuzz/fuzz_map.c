/*
 * fuzz_map.c -- libFuzzer target for the journey map parser
 *
 * The input is map JSON text (arbitrary bytes).  Every input must give a
 * map or be rejected with a reason: a character position for a syntax or
 * NUL error, a "path: what" message otherwise (well-formed UTF-8 when the
 * input is) -- never read out of bounds (ASan), overflow (UBSan) or leak
 * (LeakSanitizer).  An accepted map must hold what the parser promises:
 * 1..63 named stages with events that the label set maps to their stage
 * bits, filters over known keys, positive gaps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/map.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_map: %s\n", what);
		abort();
	}
}

/* The invariants of an accepted map */
static void
fz_check_map(const JyMapDef *map)
{
	int			k;
	uint32_t	i,
				f;

	fz_check(map->nstages >= 1 && map->nstages <= JY_MAP_MAX_STAGES, "stage count");
	fz_check(map->exclude == 0 || map->exclude == UINT64_C(1) << map->nstages,
			 "exclusion bit");
	fz_check(map->window > 0 && map->within[0] == 0, "window or first gap");
	fz_check(map->filters.nstages == map->nstages, "filter stage count");
	for (k = 0; k < map->nstages; k++)
	{
		fz_check(map->name_lens[k] > 0 && map->names[k][map->name_lens[k]] == '\0',
				 "stage name");
		fz_check(map->nevents[k] >= 1, "stage without events");
		for (i = 0; i < map->nevents[k]; i++)
			fz_check((jy_labels_lookup(map->labels, map->events[k][i], map->event_lens[k][i]) &
					  (UINT64_C(1) << k)) != 0, "event without its stage bit");
		fz_check(((map->filters.filtered >> k) & 1) == (map->filters.nfilters[k] > 0),
				 "filtered bit");
		for (f = 0; f < map->filters.nfilters[k]; f++)
		{
			fz_check(map->filters.filters[k][f].key < map->nkeys, "filter key");
			fz_check(map->filters.filters[k][f].nvalues >= 1, "filter without values");
		}
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	JyJsonError err;
	JyMapDef	map;
	JyJsonErrKind kind;
	const char *fault;

	memset(&err, 0, sizeof(err));
	kind = jy_map_parse_text((const char *) data, size, &fz_mem, NULL, &map, &err);
	switch (kind)
	{
		case JY_JSON_OK:
			fz_check_map(&map);
			jy_map_free(&map, &fz_mem);
			break;
		default:
			fault = fz_rejection_fault(&err, data, size, ": ");
			fz_check(fault == NULL, fault ? fault : "");
			break;
	}
	if (kind != JY_JSON_OK)
		fz_check(map.nstages == 0 && map.names == NULL && map.labels == NULL,
				 "rejected map not freed");
	return 0;
}
