/*
 * map.c -- journey maps: durations, reading a map's JSON, property filters
 */
#include "map.h"

#include <stdio.h>
#include <string.h>

#include "funnel.h"

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

/* ---------- reading a map's JSON ---------- */

/* Longest JSON path in a message: a stage, a key and a quoted excerpt */
#define MAP_PATH_MAX (64 + JY_EXCERPT_MAX)

/* The state of one jy_map_from_json call */
typedef struct MapReader
{
	JyMapDef   *map;
	const JyMem *m;
	const JyJsonConv *conv;
	JyJsonError *err;
	JyDict		keys;			/* property keys, by first appearance */
	const char **labels;		/* every event of a stage or of exclude */
	uint32_t   *lens;
	uint64_t   *masks;
	uint32_t	nlabels,
				cap_labels,
				cap_lens,
				cap_masks;
	char	  **excluded;		/* copies of the exclusion events */
	uint32_t	nexcluded,
				cap_excluded;
	const cJSON *name_items[JY_MAP_MAX_STAGES];
} MapReader;

/* Zeroed memory through m, or NULL */
static void *
map_zalloc(const JyMem *m, size_t size)
{
	void	   *p = m->alloc(m->arg, size == 0 ? 1 : size);

	if (p != NULL)
		memset(p, 0, size);
	return p;
}

/* Record an out-of-memory failure */
static JyJsonErrKind
map_nomem(MapReader *r)
{
	return jy_json_fail_status(r->err, JY_ERR_OUT_OF_MEMORY);
}

/* Is s a plain identifier, written as .s in a path? */
static bool
map_plain_key(const char *s)
{
	size_t		i;

	for (i = 0; s[i] != '\0'; i++)
	{
		char		c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
			  (i > 0 && c >= '0' && c <= '9')))
			return false;
	}
	return i > 0 && i <= JY_EXCERPT_CHARS;
}

/* path = prefix followed by the member key: .key, or ["key"] when not plain */
static void
map_path_key(char *path, const char *prefix, const char *key)
{
	char		ex[JY_EXCERPT_MAX];

	if (map_plain_key(key))
		snprintf(path, MAP_PATH_MAX, "%s%s%s", prefix, prefix[0] ? "." : "", key);
	else
		snprintf(path, MAP_PATH_MAX, "%s[%s]", prefix, jy_json_excerpt(ex, key, strlen(key)));
}

/*
 * Check the members of an object: each key one of names (at most 8), none
 * twice; otherwise fail with "path.key: unknown key (what)"
 */
static JyJsonErrKind
map_check_keys(MapReader *r, const cJSON *obj, const char *prefix,
			   const char *const *names, int nnames, const char *what)
{
	const cJSON *item;
	char		path[MAP_PATH_MAX];
	unsigned	seen = 0;

	cJSON_ArrayForEach(item, obj)
	{
		int			i;

		for (i = 0; i < nnames; i++)
			if (strcmp(item->string, names[i]) == 0)
				break;
		map_path_key(path, prefix, item->string);
		if (i == nnames)
			return jy_json_fail(r->err, JY_JSON_INVALID, "%s: unknown key (%s)", path, what);
		if (seen & (1u << i))
			return jy_json_fail(r->err, JY_JSON_INVALID, "%s: duplicate key", path);
		seen |= 1u << i;
	}
	return JY_JSON_OK;
}

/* A copy of a UTF-8 string of the map, converted through conv; NULL: no memory */
static char *
map_copy(MapReader *r, const char *s, uint32_t *len)
{
	size_t		l = strlen(s);
	char	   *copy;

	if (r->conv != NULL && r->conv->fn != NULL)
	{
		s = r->conv->fn(r->conv->arg, s, l, &l);
		if (s == NULL)
			return NULL;
	}
	if (l >= UINT32_MAX || (copy = r->m->alloc(r->m->arg, l + 1)) == NULL)
		return NULL;
	memcpy(copy, s, l);
	copy[l] = '\0';
	*len = (uint32_t) l;
	return copy;
}

/* Add an event (kept by the caller) to the label list with its mask */
static JyJsonErrKind
map_add_label(MapReader *r, const char *text, uint32_t len, uint64_t mask)
{
	const size_t limit = JY_MAX_ALLOC / sizeof(uint64_t);

	if (jy_grow(r->m, (void **) &r->labels, &r->cap_labels, r->nlabels, 1,
				sizeof(char *), limit) != JY_OK ||
		jy_grow(r->m, (void **) &r->lens, &r->cap_lens, r->nlabels, 1,
				sizeof(uint32_t), limit) != JY_OK ||
		jy_grow(r->m, (void **) &r->masks, &r->cap_masks, r->nlabels, 1,
				sizeof(uint64_t), limit) != JY_OK)
		return map_nomem(r);
	r->labels[r->nlabels] = text;
	r->lens[r->nlabels] = len;
	r->masks[r->nlabels++] = mask;
	return JY_JSON_OK;
}

/* A positive duration from the string item at path */
static JyJsonErrKind
map_duration(MapReader *r, const cJSON *item, const char *path, uint64_t *out)
{
	int64_t		us;
	const char *why;

	if (!cJSON_IsString(item))
		return jy_json_fail(r->err, JY_JSON_INVALID,
							"%s: expected a duration string such as \"2 days\"", path);
	why = jy_parse_duration(item->valuestring, strlen(item->valuestring), &us);
	if (why != NULL)
		return jy_json_fail(r->err, JY_JSON_INVALID, "%s: %s", path, why);
	if (us <= 0)
		return jy_json_fail(r->err, JY_JSON_INVALID, "%s: the duration must be positive", path);
	*out = (uint64_t) us;
	return JY_JSON_OK;
}

/* The values of one filter: a string or a non-empty array of strings */
static JyJsonErrKind
map_filter_values(MapReader *r, JyMapFilter *flt, const cJSON *f, const char *path)
{
	const cJSON *v;
	uint32_t	i = 0;
	int			n;

	if (cJSON_IsString(f))
		n = 1;
	else if (cJSON_IsArray(f) && (n = cJSON_GetArraySize(f)) > 0)
	{
		cJSON_ArrayForEach(v, f)
		{
			if (!cJSON_IsString(v))
				n = 0;
		}
	}
	else
		n = 0;
	if (n == 0)
		return jy_json_fail(r->err, JY_JSON_INVALID,
							"%s: expected a string or a non-empty array of strings", path);
	flt->values = map_zalloc(r->m, (size_t) n * sizeof(char *));
	flt->lens = map_zalloc(r->m, (size_t) n * sizeof(uint32_t));
	if (flt->values == NULL || flt->lens == NULL)
		return map_nomem(r);
	if (cJSON_IsString(f))
	{
		flt->values[0] = map_copy(r, f->valuestring, &flt->lens[0]);
		flt->nvalues = 1;
		return flt->values[0] == NULL ? map_nomem(r) : JY_JSON_OK;
	}
	cJSON_ArrayForEach(v, f)
	{
		flt->values[i] = map_copy(r, v->valuestring, &flt->lens[i]);
		flt->nvalues = ++i;
		if (flt->values[i - 1] == NULL)
			return map_nomem(r);
	}
	return JY_JSON_OK;
}

/* Stage k's "where": property key -> a string or an array of strings */
static JyJsonErrKind
map_where(MapReader *r, int k, const cJSON *where, const char *spath)
{
	JyMapDef   *map = r->map;
	const cJSON *f;
	JyMapFilter *filters;
	JyDict		seen;
	char		path[MAP_PATH_MAX];
	char		fpath[MAP_PATH_MAX];
	JyJsonErrKind kind = JY_JSON_OK;
	int			n;

	snprintf(path, sizeof(path), "%s.where", spath);
	if (!cJSON_IsObject(where))
		return jy_json_fail(r->err, JY_JSON_INVALID,
							"%s: expected an object of property filters", path);
	n = cJSON_GetArraySize(where);
	if (n == 0)
		return jy_json_fail(r->err, JY_JSON_INVALID,
							"%s: expected at least one property filter", path);
	filters = map_zalloc(r->m, (size_t) n * sizeof(JyMapFilter));
	if (filters == NULL)
		return map_nomem(r);
	map->filters.filters[k] = filters;
	map->filters.filtered |= UINT64_C(1) << k;
	jy_dict_init(&seen);
	cJSON_ArrayForEach(f, where)
	{
		JyMapFilter *flt = &filters[map->filters.nfilters[k]];
		uint32_t	klen,
					id,
					before = seen.n;
		char	   *key;

		map_path_key(fpath, path, f->string);
		key = map_copy(r, f->string, &klen);
		if (key == NULL)
		{
			kind = map_nomem(r);
			break;
		}
		if (jy_dict_intern(&seen, r->m, key, klen, &id) != JY_OK ||
			jy_dict_intern(&r->keys, r->m, key, klen, &flt->key) != JY_OK)
		{
			r->m->release(r->m->arg, key);
			kind = map_nomem(r);
			break;
		}
		r->m->release(r->m->arg, key);
		if (seen.n == before)
		{
			kind = jy_json_fail(r->err, JY_JSON_INVALID, "%s: duplicate key", fpath);
			break;
		}
		map->filters.nfilters[k]++;
		kind = map_filter_values(r, flt, f, fpath);
		if (kind != JY_JSON_OK)
			break;
	}
	jy_dict_free(&seen, r->m);
	return kind;
}

/* Stage k */
static JyJsonErrKind
map_stage(MapReader *r, int k, const cJSON *s)
{
	static const char *const keys[] = {"name", "events", "where", "within", "optional"};
	JyMapDef   *map = r->map;
	const cJSON *name,
			   *events,
			   *e,
			   *item;
	char		spath[32];
	char		path[MAP_PATH_MAX];
	char		ex[JY_EXCERPT_MAX];
	JyJsonErrKind kind;
	uint32_t	j = 0;
	int			i,
				n;

	snprintf(spath, sizeof(spath), "stages[%d]", k);
	if (!cJSON_IsObject(s))
		return jy_json_fail(r->err, JY_JSON_INVALID,
							"%s: expected an object with a name and events", spath);
	kind = map_check_keys(r, s, spath, keys, 5,
						  "a stage has name, events, where, within and optional");
	if (kind != JY_JSON_OK)
		return kind;

	name = cJSON_GetObjectItemCaseSensitive(s, "name");
	snprintf(path, sizeof(path), "%s.name", spath);
	if (!cJSON_IsString(name) || name->valuestring[0] == '\0')
		return jy_json_fail(r->err, JY_JSON_INVALID, "%s: expected a non-empty string", path);
	r->name_items[k] = name;
	map->names[k] = map_copy(r, name->valuestring, &map->name_lens[k]);
	if (map->names[k] == NULL)
		return map_nomem(r);
	for (i = 0; i < k; i++)
		if (map->name_lens[i] == map->name_lens[k] &&
			memcmp(map->names[i], map->names[k], map->name_lens[k]) == 0)
			return jy_json_fail(r->err, JY_JSON_INVALID,
								"%s: the name %s is used by stages[%d] too", path,
								jy_json_excerpt(ex, name->valuestring, strlen(name->valuestring)),
								i);

	events = cJSON_GetObjectItemCaseSensitive(s, "events");
	snprintf(path, sizeof(path), "%s.events", spath);
	if (!cJSON_IsArray(events) || (n = cJSON_GetArraySize(events)) == 0)
		return jy_json_fail(r->err, JY_JSON_INVALID,
							"%s: expected a non-empty array of strings", path);
	cJSON_ArrayForEach(e, events)
	{
		if (!cJSON_IsString(e))
			return jy_json_fail(r->err, JY_JSON_INVALID,
								"%s: expected a non-empty array of strings", path);
	}
	map->events[k] = map_zalloc(r->m, (size_t) n * sizeof(char *));
	map->event_lens[k] = map_zalloc(r->m, (size_t) n * sizeof(uint32_t));
	if (map->events[k] == NULL || map->event_lens[k] == NULL)
		return map_nomem(r);
	cJSON_ArrayForEach(e, events)
	{
		map->events[k][j] = map_copy(r, e->valuestring, &map->event_lens[k][j]);
		map->nevents[k] = ++j;
		if (map->events[k][j - 1] == NULL)
			return map_nomem(r);
		kind = map_add_label(r, map->events[k][j - 1], map->event_lens[k][j - 1],
							 UINT64_C(1) << k);
		if (kind != JY_JSON_OK)
			return kind;
	}

	item = cJSON_GetObjectItemCaseSensitive(s, "where");
	if (item != NULL && (kind = map_where(r, k, item, spath)) != JY_JSON_OK)
		return kind;
	item = cJSON_GetObjectItemCaseSensitive(s, "optional");
	if (item != NULL)
	{
		snprintf(path, sizeof(path), "%s.optional", spath);
		if (!cJSON_IsBool(item))
			return jy_json_fail(r->err, JY_JSON_INVALID, "%s: expected true or false", path);
		if (cJSON_IsTrue(item) && k == 0)
			return jy_json_fail(r->err, JY_JSON_INVALID,
								"%s: the first stage cannot be optional", path);
		if (cJSON_IsTrue(item) && k == map->nstages - 1)
			return jy_json_fail(r->err, JY_JSON_INVALID,
								"%s: the last stage cannot be optional", path);
		if (cJSON_IsTrue(item))
			map->optional |= UINT64_C(1) << k;
	}
	item = cJSON_GetObjectItemCaseSensitive(s, "within");
	if (item != NULL)
	{
		snprintf(path, sizeof(path), "%s.within", spath);
		if (k == 0)
			return jy_json_fail(r->err, JY_JSON_INVALID,
								"%s: the first stage has no stage before it", path);
		return map_duration(r, item, path, &map->within[k]);
	}
	return JY_JSON_OK;
}

/*
 * One exclusion event at path: not an event of a stage (stages, the label
 * set of the stages' events), added to the labels with bit
 */
static JyJsonErrKind
map_exclude_event(MapReader *r, const cJSON *e, const char *path,
				  const JyLabelSet *stages, uint64_t bit)
{
	const uint64_t all = (UINT64_C(1) << r->map->nstages) - 1;
	char		ex[JY_EXCERPT_MAX];
	char		ex2[JY_EXCERPT_MAX];
	uint32_t	len;
	uint64_t	hit;
	char	   *ev;

	if (jy_grow(r->m, (void **) &r->excluded, &r->cap_excluded, r->nexcluded, 1,
				sizeof(char *), JY_MAX_ALLOC / sizeof(char *)) != JY_OK)
		return map_nomem(r);
	ev = map_copy(r, e->valuestring, &len);
	if (ev == NULL)
		return map_nomem(r);
	r->excluded[r->nexcluded++] = ev;
	hit = jy_labels_lookup(stages, ev, len) & all;
	if (hit != 0)
	{
		const char *sname = r->name_items[__builtin_ctzll(hit)]->valuestring;

		return jy_json_fail(r->err, JY_JSON_INVALID, "%s: %s is also an event of stage %s",
							path, jy_json_excerpt(ex, e->valuestring, strlen(e->valuestring)),
							jy_json_excerpt(ex2, sname, strlen(sname)));
	}
	return map_add_label(r, ev, len, bit);
}

/* The 1-based position of the stage named by item (a string) at path, or 0 */
static int
map_stage_named(MapReader *r, const cJSON *item, const char *path, JyJsonErrKind *kind)
{
	char		ex[JY_EXCERPT_MAX];
	int			k;

	if (!cJSON_IsString(item))
	{
		*kind = jy_json_fail(r->err, JY_JSON_INVALID, "%s: expected a stage name", path);
		return 0;
	}
	for (k = 0; k < r->map->nstages; k++)
		if (strcmp(r->name_items[k]->valuestring, item->valuestring) == 0)
			return k + 1;
	*kind = jy_json_fail(r->err, JY_JSON_INVALID, "%s: no stage is named %s", path,
						 jy_json_excerpt(ex, item->valuestring, strlen(item->valuestring)));
	return 0;
}

/*
 * A scoped exclusion (an object of the "exclude" list at path): events,
 * from and to (stage names, by default the first and last stage) and
 * policy ("end_attempt", the default, or "leave"); its event bit is bit
 */
static JyJsonErrKind
map_exclude_scoped(MapReader *r, const cJSON *obj, const char *path,
				   const JyLabelSet *stages, uint64_t bit)
{
	static const char *const keys[] = {"events", "from", "to", "policy"};
	JyMapDef   *map = r->map;
	JyFunnelExcl *x = &map->excl[map->nexcl];
	const cJSON *events,
			   *e,
			   *item;
	char		p[MAP_PATH_MAX];
	JyJsonErrKind kind;
	int			j = 0;

	kind = map_check_keys(r, obj, path, keys, 4,
						  "a scoped exclusion has events, from, to and policy");
	if (kind != JY_JSON_OK)
		return kind;
	x->bit = bit;
	x->from = 1;
	x->to = map->nstages;
	x->leave = false;
	events = cJSON_GetObjectItemCaseSensitive(obj, "events");
	snprintf(p, sizeof(p), "%s.events", path);
	if (!cJSON_IsArray(events) || cJSON_GetArraySize(events) == 0)
		return jy_json_fail(r->err, JY_JSON_INVALID, "%s: expected a non-empty array of strings", p);
	cJSON_ArrayForEach(e, events)
	{
		snprintf(p, sizeof(p), "%s.events[%d]", path, j++);
		if (!cJSON_IsString(e))
			return jy_json_fail(r->err, JY_JSON_INVALID, "%s: expected a string", p);
		kind = map_exclude_event(r, e, p, stages, bit);
		if (kind != JY_JSON_OK)
			return kind;
	}
	item = cJSON_GetObjectItemCaseSensitive(obj, "from");
	snprintf(p, sizeof(p), "%s.from", path);
	if (item != NULL && (x->from = map_stage_named(r, item, p, &kind)) == 0)
		return kind;
	item = cJSON_GetObjectItemCaseSensitive(obj, "to");
	snprintf(p, sizeof(p), "%s.to", path);
	if (item != NULL && (x->to = map_stage_named(r, item, p, &kind)) == 0)
		return kind;
	if (x->to <= x->from)
		return jy_json_fail(r->err, JY_JSON_INVALID,
							"%s: the stage to must come after the stage from", p);
	item = cJSON_GetObjectItemCaseSensitive(obj, "policy");
	snprintf(p, sizeof(p), "%s.policy", path);
	if (item != NULL)
	{
		if (cJSON_IsString(item) && strcmp(item->valuestring, "leave") == 0)
			x->leave = true;
		else if (!cJSON_IsString(item) || strcmp(item->valuestring, "end_attempt") != 0)
			return jy_json_fail(r->err, JY_JSON_INVALID,
								"%s: expected \"end_attempt\" or \"leave\"", p);
	}
	map->nexcl++;
	return JY_JSON_OK;
}

/*
 * The "exclude" list: strings are events that end every attempt (the
 * global exclusion, bit nstages), objects scoped exclusions with a bit each
 */
static JyJsonErrKind
map_exclude(MapReader *r, const cJSON *item)
{
	JyMapDef   *map = r->map;
	const cJSON *e;
	JyLabelSet *stages;
	JyJsonErrKind kind = JY_JSON_OK;
	int			j = 0,
				bit;

	if (!cJSON_IsArray(item))
		return jy_json_fail(r->err, JY_JSON_INVALID, "exclude: expected an array of strings");
	if (cJSON_GetArraySize(item) == 0)
		return JY_JSON_OK;
	cJSON_ArrayForEach(e, item)
	{
		if (cJSON_IsString(e))
			map->exclude = UINT64_C(1) << map->nstages;
	}
	bit = map->nstages + (map->exclude != 0);
	stages = jy_labels_build_masks(r->labels, r->lens, r->masks, r->nlabels, r->m);
	if (stages == NULL)
		return map_nomem(r);
	cJSON_ArrayForEach(e, item)
	{
		char		path[32];

		snprintf(path, sizeof(path), "exclude[%d]", j++);
		if (cJSON_IsString(e))
			kind = map_exclude_event(r, e, path, stages, map->exclude);
		else if (cJSON_IsObject(e))
		{
			if (bit >= JY_MAX_STEPS)
				kind = jy_json_fail(r->err, JY_JSON_LIMIT,
									"%s: too many exclusions (the stages and exclusions of a map share %d event bits)",
									path, JY_MAX_STEPS);
			else
				kind = map_exclude_scoped(r, e, path, stages, UINT64_C(1) << bit++);
		}
		else
			kind = jy_json_fail(r->err, JY_JSON_INVALID, "%s: expected a string", path);
		if (kind != JY_JSON_OK)
			break;
	}
	jy_labels_free(stages, r->m);
	return kind;
}

/*
 * The options of issue 13 that some modes cannot have: optional stages and
 * scoped exclusions follow the chain's stages, which strict_order and
 * strict_deduplication do not (they stop on what the previous stage did),
 * and any_order has no stage order at all (nor gaps between stages)
 */
static JyJsonErrKind
map_check_options(MapReader *r)
{
	const JyMapDef *map = r->map;
	const char *mode = (map->flags & JY_FUNNEL_ANY_ORDER) ? "any_order" :
		(map->flags & JY_FUNNEL_STRICT_ORDER) ? "strict_order" :
		(map->flags & JY_FUNNEL_STRICT_DEDUP) ? "strict_deduplication" : NULL;
	int			k;

	if (mode == NULL)
		return JY_JSON_OK;
	if (map->optional != 0)
		return jy_json_fail(r->err, JY_JSON_INVALID,
							"stages[%d].optional: optional stages cannot be combined with mode %s",
							__builtin_ctzll(map->optional), mode);
	if (map->nexcl > 0)
		return jy_json_fail(r->err, JY_JSON_INVALID,
							"exclude: scoped exclusions cannot be combined with mode %s", mode);
	for (k = 1; k < map->nstages && (map->flags & JY_FUNNEL_ANY_ORDER); k++)
		if (map->within[k] != 0)
			return jy_json_fail(r->err, JY_JSON_INVALID,
								"stages[%d].within: per-stage gaps cannot be combined with mode any_order", k);
	return JY_JSON_OK;
}

/* The whole map, into r->map */
static JyJsonErrKind
map_read(MapReader *r, const cJSON *root)
{
	static const char *const keys[] = {"stages", "window", "mode", "exclude"};
	JyMapDef   *map = r->map;
	const cJSON *stages,
			   *s,
			   *item;
	JyJsonErrKind kind;
	int			k = 0;
	uint32_t	i;

	if (!cJSON_IsObject(root))
		return jy_json_fail(r->err, JY_JSON_INVALID, "$: expected an object with \"stages\"");
	kind = map_check_keys(r, root, "", keys, 4,
						  "a map has stages, window, mode and exclude");
	if (kind != JY_JSON_OK)
		return kind;
	stages = cJSON_GetObjectItemCaseSensitive(root, "stages");
	if (stages == NULL)
		return jy_json_fail(r->err, JY_JSON_INVALID, "stages: missing");
	if (!cJSON_IsArray(stages) || cJSON_GetArraySize(stages) == 0)
		return jy_json_fail(r->err, JY_JSON_INVALID, "stages: expected a non-empty array of stages");
	if (cJSON_GetArraySize(stages) > JY_MAP_MAX_STAGES)
		return jy_json_fail(r->err, JY_JSON_LIMIT, "stages: more than %d stages",
							JY_MAP_MAX_STAGES);
	map->nstages = cJSON_GetArraySize(stages);
	map->filters.nstages = map->nstages;
	map->names = map_zalloc(r->m, (size_t) map->nstages * sizeof(char *));
	map->name_lens = map_zalloc(r->m, (size_t) map->nstages * sizeof(uint32_t));
	map->nevents = map_zalloc(r->m, (size_t) map->nstages * sizeof(uint32_t));
	map->events = map_zalloc(r->m, (size_t) map->nstages * sizeof(char **));
	map->event_lens = map_zalloc(r->m, (size_t) map->nstages * sizeof(uint32_t *));
	if (map->names == NULL || map->name_lens == NULL || map->nevents == NULL ||
		map->events == NULL || map->event_lens == NULL)
		return map_nomem(r);
	cJSON_ArrayForEach(s, stages)
	{
		kind = map_stage(r, k++, s);
		if (kind != JY_JSON_OK)
			return kind;
	}

	item = cJSON_GetObjectItemCaseSensitive(root, "window");
	if (item != NULL && (kind = map_duration(r, item, "window", &map->window)) != JY_JSON_OK)
		return kind;

	item = cJSON_GetObjectItemCaseSensitive(root, "mode");
	if (item != NULL)
	{
		const char *bad = NULL;
		size_t		badlen = 0;
		char		ex[JY_EXCERPT_MAX];
		JyStatus	st;

		if (!cJSON_IsString(item))
			return jy_json_fail(r->err, JY_JSON_INVALID, "mode: expected a string of funnel modes");
		st = jy_funnel_parse_mode(item->valuestring, strlen(item->valuestring),
								  &map->flags, &bad, &badlen);
		if (st == JY_ERR_REENTRY_NEEDS_ORDER)
			return jy_json_fail(r->err, JY_JSON_INVALID, "mode: allow_reentry requires strict_order");
		if (st == JY_ERR_MODE_CONFLICT)
			return jy_json_fail(r->err, JY_JSON_INVALID, "mode: %s", bad);
		if (st != JY_OK)
			return jy_json_fail(r->err, JY_JSON_INVALID, "mode: unknown funnel mode %s",
								jy_json_excerpt(ex, bad ? bad : "", bad ? badlen : 0));
		/* a map reports one chain per actor; attempts are window_funnel's */
		if (map->flags & JY_FUNNEL_TOTALS)
			return jy_json_fail(r->err, JY_JSON_INVALID,
								"mode: totals is not a journey map mode (use funnel_attempts or funnel_counts(actor, window, 'totals', ...))");
	}

	item = cJSON_GetObjectItemCaseSensitive(root, "exclude");
	if (item != NULL && (kind = map_exclude(r, item)) != JY_JSON_OK)
		return kind;
	if ((kind = map_check_options(r)) != JY_JSON_OK)
		return kind;

	map->labels = jy_labels_build_masks(r->labels, r->lens, r->masks, r->nlabels, r->m);
	if (map->labels == NULL)
		return map_nomem(r);

	/* the property keys, in order of first appearance */
	if (r->keys.n > 0)
	{
		map->keys = map_zalloc(r->m, r->keys.n * sizeof(char *));
		map->key_lens = map_zalloc(r->m, r->keys.n * sizeof(uint32_t));
		if (map->keys == NULL || map->key_lens == NULL)
			return map_nomem(r);
		for (i = 0; i < r->keys.n; i++)
		{
			map->keys[i] = r->m->alloc(r->m->arg, (size_t) r->keys.len[i] + 1);
			if (map->keys[i] == NULL)
				return map_nomem(r);
			memcpy(map->keys[i], jy_dict_text(&r->keys, i), r->keys.len[i]);
			map->keys[i][r->keys.len[i]] = '\0';
			map->key_lens[i] = r->keys.len[i];
			map->nkeys = i + 1;
		}
	}
	return JY_JSON_OK;
}

/* Read a map's JSON tree (see map.h) */
JyJsonErrKind
jy_map_from_json(const cJSON *root, const JyMem *m, const JyJsonConv *conv,
				 JyMapDef *map, JyJsonError *err)
{
	MapReader	r;
	JyJsonErrKind kind;
	uint32_t	i;

	memset(map, 0, sizeof(*map));
	map->window = UINT64_MAX;
	memset(&r, 0, sizeof(r));
	r.map = map;
	r.m = m;
	r.conv = conv;
	r.err = err;
	jy_dict_init(&r.keys);
	kind = map_read(&r, root);

	jy_dict_free(&r.keys, m);
	if (r.labels != NULL)
		m->release(m->arg, (void *) r.labels);
	if (r.lens != NULL)
		m->release(m->arg, r.lens);
	if (r.masks != NULL)
		m->release(m->arg, r.masks);
	for (i = 0; i < r.nexcluded; i++)
		m->release(m->arg, r.excluded[i]);
	if (r.excluded != NULL)
		m->release(m->arg, r.excluded);
	if (kind != JY_JSON_OK)
		jy_map_free(map, m);
	else
		err->kind = JY_JSON_OK;
	return kind;
}

/* Map text to a definition (see map.h) */
JyJsonErrKind
jy_map_parse_text(const char *text, size_t len, const JyMem *m,
				  const JyJsonConv *conv, JyMapDef *map, JyJsonError *err)
{
	cJSON	   *root = jy_json_parse(text, len, err);
	JyJsonErrKind kind;

	memset(map, 0, sizeof(*map));
	if (root == NULL)
		return err->kind;
	kind = jy_map_from_json(root, m, conv, map, err);
	cJSON_Delete(root);
	return kind;
}

/* Free p through m when not NULL */
static void
map_release(const JyMem *m, const void *p)
{
	if (p != NULL)
		m->release(m->arg, (void *) p);
}

/* Free a map definition (see map.h) */
void
jy_map_free(JyMapDef *map, const JyMem *m)
{
	int			k;
	uint32_t	i,
				f;

	for (k = 0; k < map->nstages; k++)
	{
		if (map->names != NULL)
			map_release(m, map->names[k]);
		if (map->events != NULL && map->events[k] != NULL)
		{
			for (i = 0; i < map->nevents[k]; i++)
				map_release(m, map->events[k][i]);
			map_release(m, map->events[k]);
		}
		if (map->event_lens != NULL)
			map_release(m, map->event_lens[k]);
		if (map->filters.filters[k] != NULL)
		{
			for (f = 0; f < map->filters.nfilters[k]; f++)
			{
				const JyMapFilter *flt = &map->filters.filters[k][f];

				if (flt->values != NULL)
					for (i = 0; i < flt->nvalues; i++)
						map_release(m, flt->values[i]);
				map_release(m, flt->values);
				map_release(m, flt->lens);
			}
			map_release(m, map->filters.filters[k]);
		}
	}
	map_release(m, map->names);
	map_release(m, map->name_lens);
	map_release(m, map->nevents);
	map_release(m, map->events);
	map_release(m, map->event_lens);
	for (i = 0; i < map->nkeys; i++)
		map_release(m, map->keys[i]);
	map_release(m, map->keys);
	map_release(m, map->key_lens);
	if (map->labels != NULL)
		jy_labels_free(map->labels, m);
	memset(map, 0, sizeof(*map));
}
