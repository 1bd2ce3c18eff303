/*
 * test_map.c -- unit tests of map durations, reading a map's JSON and
 * property filters
 */
#include "unit.h"

#include "core/funnel.h"
#include "core/map.h"

static int64_t
dur(const char *s)
{
	int64_t		us = -1;
	const char *why = jy_parse_duration(s, strlen(s), &us);

	if (why != NULL)
	{
		fprintf(stderr, "dur(%s): %s\n", s, why);
		unit_failures++;
	}
	return us;
}

static bool
dur_fails(const char *s)
{
	int64_t		us;

	return jy_parse_duration(s, strlen(s), &us) != NULL;
}

static void
test_durations(void)
{
	CHECK_EQ(dur("2 days"), INT64_C(172800000000));
	CHECK_EQ(dur("1 day 12 hours"), INT64_C(129600000000));
	CHECK_EQ(dur("1 day, 12 hours"), INT64_C(129600000000));
	CHECK_EQ(dur("90 min"), INT64_C(5400000000));
	CHECK_EQ(dur("1.5 h"), INT64_C(5400000000));
	CHECK_EQ(dur("1 month"), INT64_C(2592000000000));	/* 30 days */
	CHECK_EQ(dur("2 Weeks"), INT64_C(1209600000000));
	CHECK_EQ(dur("30s"), INT64_C(30000000));
	CHECK_EQ(dur(" 250 ms "), 250000);
	CHECK_EQ(dur("1 us"), 1);
	CHECK_EQ(dur("0.5 seconds"), 500000);
	CHECK(dur_fails(""));
	CHECK(dur_fails("days"));
	CHECK(dur_fails("2"));
	CHECK(dur_fails("2 dayz"));
	CHECK(dur_fails("-2 days"));
	CHECK(dur_fails("1..5 h"));
	CHECK(dur_fails("300000000000 days"));
}

static void
test_filters(void)
{
	const char *chv[] = {"email", "search"};
	uint32_t	chl[] = {5, 6};
	const char *dv[] = {"mobile"};
	uint32_t	dl[] = {6};
	/* stage 2 (bit 1): channel in (email, search); stage 3: and device = mobile */
	JyMapFilter s2[] = {{0, 2, chv, chl}};
	JyMapFilter s3[] = {{0, 2, chv, chl}, {1, 1, dv, dl}};
	JyMapFilters f = {0};
	JyPropValue props[2];

	f.nstages = 3;
	f.filtered = 0x6;
	f.nfilters[1] = 1;
	f.filters[1] = s2;
	f.nfilters[2] = 2;
	f.filters[2] = s3;

	props[0] = (JyPropValue) {true, "email", 5};
	props[1] = (JyPropValue) {true, "mobile", 6};
	CHECK_EQ(jy_map_filter(&f, 0x7, props), 0x7);
	props[1] = (JyPropValue) {true, "desktop", 7};
	CHECK_EQ(jy_map_filter(&f, 0x7, props), 0x3);
	props[0] = (JyPropValue) {true, "social", 6};
	CHECK_EQ(jy_map_filter(&f, 0x7, props), 0x1);
	props[0] = (JyPropValue) {false, NULL, 0};	/* key absent */
	CHECK_EQ(jy_map_filter(&f, 0x6, props), 0);
	/* unfiltered stages and the exclusion bit pass through */
	CHECK_EQ(jy_map_filter(&f, 0x9, props), 0x9);
	props[0] = (JyPropValue) {true, "emai", 4};
	CHECK_EQ(jy_map_filter(&f, 0x2, props), 0);
}

/* Text from a literal */
#define LIT_MAP(s) (s), (sizeof(s) - 1)

/* The message of a rejected map (kind INVALID unless said) */
static const char *
map_error_kind(const char *json, JyJsonErrKind kind)
{
	static JyJsonError err;
	JyMapDef	map;

	memset(&err, 0, sizeof(err));
	CHECK_EQ(jy_map_parse_text(json, strlen(json), &unit_mem, NULL, &map, &err), kind);
	CHECK_EQ(map.nstages, 0);	/* freed and zeroed */
	CHECK(map.names == NULL && map.labels == NULL);
	return err.msg;
}

#define MAP_ERROR(json, msg) \
	do { \
		const char *_m = map_error_kind((json), JY_JSON_INVALID); \
		unit_checks++; \
		if (strcmp(_m, (msg)) != 0) { \
			unit_failures++; \
			fprintf(stderr, "%s:%d: map error \"%s\", expected \"%s\"\n", \
					__FILE__, __LINE__, _m, (msg)); \
		} \
	} while (0)

/* A map with every feature, read field by field */
static const char full_map[] =
"{\"stages\": ["
"{\"name\": \"awareness\", \"events\": [\"visit\", \"ad_click\"]},"
"{\"name\": \"consideration\", \"events\": [\"product_view\", \"visit\"],"
" \"where\": {\"channel\": [\"email\", \"search\"], \"device\": \"mobile\"},"
" \"within\": \"2 days\"},"
"{\"name\": \"d\\u00e9cision\", \"events\": [\"purchase\"], \"where\": {\"device\": [\"\"]}}],"
" \"window\": \"1 week\", \"mode\": \"strict_order, allow_reentry\","
" \"exclude\": [\"refund\", \"unsubscribe\"]}";

static void
test_map_full(void)
{
	JyMapDef	map;
	JyJsonError err;

	CHECK_EQ(jy_map_parse_text(full_map, strlen(full_map), &unit_mem, NULL, &map, &err), JY_JSON_OK);
	CHECK_EQ(map.nstages, 3);
	CHECK(strcmp(map.names[0], "awareness") == 0 && map.name_lens[0] == 9);
	CHECK(strcmp(map.names[2], "d\xc3\xa9" "cision") == 0 && map.name_lens[2] == 9);
	CHECK_EQ(map.nevents[0], 2);
	CHECK(strcmp(map.events[0][1], "ad_click") == 0 && map.event_lens[0][1] == 8);
	CHECK_EQ(map.nevents[1], 2);
	CHECK_EQ(map.within[0], 0);
	CHECK_EQ(map.within[1], INT64_C(172800000000));
	CHECK_EQ(map.within[2], 0);
	CHECK_EQ(map.window, INT64_C(604800000000));
	CHECK_EQ(map.flags, JY_FUNNEL_STRICT_ORDER | JY_FUNNEL_ALLOW_REENTRY);
	CHECK_EQ(map.exclude, 0x8);
	/* an event of two stages has both bits; exclusions the bit after the last */
	CHECK_EQ(jy_labels_lookup(map.labels, "visit", 5), 0x3);
	CHECK_EQ(jy_labels_lookup(map.labels, "product_view", 12), 0x2);
	CHECK_EQ(jy_labels_lookup(map.labels, "purchase", 8), 0x4);
	CHECK_EQ(jy_labels_lookup(map.labels, "refund", 6), 0x8);
	CHECK_EQ(jy_labels_lookup(map.labels, "unsubscribe", 11), 0x8);
	CHECK_EQ(jy_labels_lookup(map.labels, "other", 5), 0);
	/* keys in order of first appearance, shared between stages */
	CHECK_EQ(map.nkeys, 2);
	CHECK(strcmp(map.keys[0], "channel") == 0 && map.key_lens[0] == 7);
	CHECK(strcmp(map.keys[1], "device") == 0 && map.key_lens[1] == 6);
	CHECK_EQ(map.filters.nstages, 3);
	CHECK_EQ(map.filters.filtered, 0x6);
	CHECK_EQ(map.filters.nfilters[0], 0);
	CHECK_EQ(map.filters.nfilters[1], 2);
	CHECK_EQ(map.filters.filters[1][0].key, 0);
	CHECK_EQ(map.filters.filters[1][0].nvalues, 2);
	CHECK(strcmp(map.filters.filters[1][0].values[1], "search") == 0);
	CHECK_EQ(map.filters.filters[1][1].key, 1);
	CHECK_EQ(map.filters.filters[1][1].nvalues, 1);
	CHECK(strcmp(map.filters.filters[1][1].values[0], "mobile") == 0);
	CHECK_EQ(map.filters.nfilters[2], 1);
	CHECK_EQ(map.filters.filters[2][0].key, 1);
	CHECK_EQ(map.filters.filters[2][0].lens[0], 0);
	jy_map_free(&map, &unit_mem);
	CHECK(map.names == NULL && map.nstages == 0);

	/* the smallest map: no window, no mode, no exclusions */
	CHECK_EQ(jy_map_parse_text(LIT_MAP("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}]}"),
							   &unit_mem, NULL, &map, &err), JY_JSON_OK);
	CHECK_EQ(map.nstages, 1);
	CHECK_EQ(map.window, UINT64_MAX);
	CHECK_EQ(map.flags, 0);
	CHECK_EQ(map.exclude, 0);
	CHECK_EQ(map.nkeys, 0);
	CHECK_EQ(map.filters.filtered, 0);
	jy_map_free(&map, &unit_mem);
	/* an empty exclude list excludes nothing */
	CHECK_EQ(jy_map_parse_text(LIT_MAP("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}], \"exclude\": []}"),
							   &unit_mem, NULL, &map, &err), JY_JSON_OK);
	CHECK_EQ(map.exclude, 0);
	jy_map_free(&map, &unit_mem);
}

/* A converter that upper-cases ASCII letters */
static char conv_buf[256];

static const char *
conv_upper(void *arg, const char *s, size_t len, size_t *outlen)
{
	size_t		i;

	(*(int *) arg)++;
	for (i = 0; i < len; i++)
		conv_buf[i] = (s[i] >= 'a' && s[i] <= 'z') ? (char) (s[i] - 32) : s[i];
	*outlen = len;
	return conv_buf;
}

static void
test_map_conv(void)
{
	JyMapDef	map;
	JyJsonError err;
	JyJsonConv	conv = {conv_upper, NULL};
	int			calls = 0;

	conv.arg = &calls;
	CHECK_EQ(jy_map_parse_text(full_map, strlen(full_map), &unit_mem, &conv, &map, &err), JY_JSON_OK);
	/* 3 names, 5 events, 3 keys, 4 values, 2 exclusions */
	CHECK_EQ(calls, 17);
	CHECK(strcmp(map.names[0], "AWARENESS") == 0);
	CHECK(strcmp(map.keys[1], "DEVICE") == 0);
	CHECK(strcmp(map.filters.filters[1][0].values[0], "EMAIL") == 0);
	CHECK_EQ(jy_labels_lookup(map.labels, "VISIT", 5), 0x3);
	CHECK_EQ(jy_labels_lookup(map.labels, "REFUND", 6), 0x8);
	jy_map_free(&map, &unit_mem);
	/* names equal once converted are the same name */
	CHECK_EQ(jy_map_parse_text(LIT_MAP("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]},"
									   " {\"name\": \"A\", \"events\": [\"y\"]}]}"),
							   &unit_mem, &conv, &map, &err), JY_JSON_INVALID);
	CHECK(strcmp(err.msg, "stages[1].name: the name \"A\" is used by stages[0] too") == 0);
}

/* Out of memory at every allocation: a status, and nothing leaks (ASan) */
static void
test_map_nomem(void)
{
	JyMem		m = unit_failing_mem;
	JyMapDef	map;
	JyJsonError err;
	int			n,
				ok = 0;

	for (n = 0; n < 200 && ok == 0; n++)
	{
		JyJsonErrKind kind;

		unit_fail_after = n;
		unit_failed = false;
		kind = jy_map_parse_text(full_map, strlen(full_map), &m, NULL, &map, &err);
		if (kind == JY_JSON_OK)
		{
			ok = n;
			jy_map_free(&map, &m);
		}
		else
		{
			CHECK(unit_failed);
			CHECK_EQ(kind, JY_JSON_STATUS);
			CHECK_EQ(err.status, JY_ERR_OUT_OF_MEMORY);
		}
	}
	CHECK(ok > 20);
	unit_fail_after = 1000000;
}

static void
test_map_errors(void)
{
	char		big[300];
	char		json[1400];
	size_t		i;

	MAP_ERROR("[]", "$: expected an object with \"stages\"");
	MAP_ERROR("\"x\"", "$: expected an object with \"stages\"");
	MAP_ERROR("{\"colour\": 1}", "colour: unknown key (a map has stages, window, mode and exclude)");
	MAP_ERROR("{\"a b\": 1}", "[\"a b\"]: unknown key (a map has stages, window, mode and exclude)");
	MAP_ERROR("{\"stages\": [], \"stages\": []}", "stages: duplicate key");
	MAP_ERROR("{}", "stages: missing");
	MAP_ERROR("{\"stages\": []}", "stages: expected a non-empty array of stages");
	MAP_ERROR("{\"stages\": {}}", "stages: expected a non-empty array of stages");
	MAP_ERROR("{\"stages\": [1]}", "stages[0]: expected an object with a name and events");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"colour\": 1}]}",
			  "stages[0].colour: unknown key (a stage has name, events, where, within and optional)");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"name\": \"b\", \"events\": [\"x\"]}]}",
			  "stages[0].name: duplicate key");
	MAP_ERROR("{\"stages\": [{\"events\": [\"x\"]}]}", "stages[0].name: expected a non-empty string");
	MAP_ERROR("{\"stages\": [{\"name\": \"\", \"events\": [\"x\"]}]}",
			  "stages[0].name: expected a non-empty string");
	MAP_ERROR("{\"stages\": [{\"name\": 1, \"events\": [\"x\"]}]}",
			  "stages[0].name: expected a non-empty string");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}, {\"name\": \"a\", \"events\": [\"y\"]}]}",
			  "stages[1].name: the name \"a\" is used by stages[0] too");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\"}]}", "stages[0].events: expected a non-empty array of strings");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": []}]}",
			  "stages[0].events: expected a non-empty array of strings");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": \"x\"}]}",
			  "stages[0].events: expected a non-empty array of strings");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}, {\"name\": \"b\", \"events\": [\"y\", 2]}]}",
			  "stages[1].events: expected a non-empty array of strings");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"where\": []}]}",
			  "stages[0].where: expected an object of property filters");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"where\": {}}]}",
			  "stages[0].where: expected at least one property filter");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"where\": {\"channel\": []}}]}",
			  "stages[0].where.channel: expected a string or a non-empty array of strings");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"where\": {\"channel\": 1}}]}",
			  "stages[0].where.channel: expected a string or a non-empty array of strings");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"where\": {\"channel\": [\"a\", null]}}]}",
			  "stages[0].where.channel: expected a string or a non-empty array of strings");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"where\": {\"utm.source\": 1}}]}",
			  "stages[0].where[\"utm.source\"]: expected a string or a non-empty array of strings");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"where\": {\"c\": \"1\", \"c\": \"2\"}}]}",
			  "stages[0].where.c: duplicate key");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"within\": \"1 day\"}]}",
			  "stages[0].within: the first stage has no stage before it");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}, {\"name\": \"b\", \"events\": [\"y\"], \"within\": \"1 fortnight\"}]}",
			  "stages[1].within: unknown unit (use us, ms, seconds, minutes, hours, days, weeks or months)");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}, {\"name\": \"b\", \"events\": [\"y\"], \"within\": \"0 s\"}]}",
			  "stages[1].within: the duration must be positive");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}, {\"name\": \"b\", \"events\": [\"y\"], \"within\": 3600}]}",
			  "stages[1].within: expected a duration string such as \"2 days\"");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}], \"window\": \"days\"}",
			  "window: expected a number");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}], \"window\": \"2\"}",
			  "window: expected a unit after the number");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}], \"window\": \"\"}",
			  "window: expected a duration such as \"2 days\"");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}], \"window\": \"300000000000 days\"}",
			  "window: duration out of range");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}], \"mode\": \"strict_ordr\"}",
			  "mode: unknown funnel mode \"strict_ordr\"");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}], \"mode\": \"strict\"}",
			  "mode: unknown funnel mode \"strict\"");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}], \"mode\": \"allow_reentry\"}",
			  "mode: allow_reentry requires strict_order");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}], \"mode\": 1}",
			  "mode: expected a string of funnel modes");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}], \"exclude\": \"y\"}",
			  "exclude: expected an array of strings");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}], \"exclude\": [\"y\", 1]}",
			  "exclude[1]: expected a string");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"w\"]}, {\"name\": \"b\", \"events\": [\"x\"]}], \"exclude\": [\"y\", \"x\"]}",
			  "exclude[1]: \"x\" is also an event of stage \"b\"");

	/* 63 stages are allowed, 64 are a limit */
	for (i = 0; i < 2; i++)
	{
		char	   *m = malloc(64 * 48 + 32);
		size_t		k,
					o = 0;
		JyMapDef	map;
		JyJsonError err;

		o += (size_t) sprintf(m + o, "{\"stages\": [");
		for (k = 0; k < 63 + i; k++)
			o += (size_t) sprintf(m + o, "%s{\"name\": \"s%zu\", \"events\": [\"e%zu\"]}",
								  k ? ", " : "", k, k);
		sprintf(m + o, "]}");
		CHECK_EQ(jy_map_parse_text(m, strlen(m), &unit_mem, NULL, &map, &err),
				 i == 0 ? JY_JSON_OK : JY_JSON_LIMIT);
		if (i == 0)
		{
			CHECK_EQ(map.exclude, 0);
			CHECK_EQ(jy_labels_lookup(map.labels, "e62", 3), UINT64_C(1) << 62);
			jy_map_free(&map, &unit_mem);
		}
		else
			CHECK(strcmp(err.msg, "stages: more than 63 stages") == 0);
		free(m);
	}

	/* long names and keys are quoted in part, whole characters only */
	for (i = 0; i < 100; i++)
		memcpy(big + 2 * i, "\xc3\xa9", 2);
	big[200] = '\0';
	snprintf(json, sizeof(json), "{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"where\": {\"%s\": 1}}]}", big);
	big[128] = '\0';
	{
		char		want[400];

		snprintf(want, sizeof(want),
				 "stages[0].where[\"%s\"...]: expected a string or a non-empty array of strings", big);
		MAP_ERROR(json, want);
		snprintf(json, sizeof(json), "{\"stages\": [{\"name\": \"%s%s\", \"events\": [\"x\"]},"
				 " {\"name\": \"%s%s\", \"events\": [\"y\"]}]}", big, big, big, big);
		snprintf(want, sizeof(want), "stages[1].name: the name \"%s\"... is used by stages[0] too", big);
		MAP_ERROR(json, want);
	}

	/* syntax and NUL errors come from the parse; a NUL in any string */
	CHECK(*map_error_kind("{", JY_JSON_SYNTAX) == '\0');
	map_error_kind("{\"stages\": [{\"name\": \"a\\u0000b\", \"events\": [\"x\"]}]}", JY_JSON_NUL);
	map_error_kind("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\\u0000y\"]}]}", JY_JSON_NUL);
	map_error_kind("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"where\": {\"k\\u0000\": \"v\"}}]}", JY_JSON_NUL);
	map_error_kind("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"where\": {\"k\": \"v\\u0000\"}}]}", JY_JSON_NUL);
	map_error_kind("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}], \"exclude\": [\"\\u0000\"]}", JY_JSON_NUL);
}

/* Issue 13: optional stages and scoped exclusions, read field by field */
static void
test_map_options(void)
{
	static const char json[] =
	"{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]},"
	" {\"name\": \"b\", \"events\": [\"y\"], \"optional\": true},"
	" {\"name\": \"c\", \"events\": [\"z\"], \"optional\": false},"
	" {\"name\": \"d\", \"events\": [\"w\"]}],"
	" \"exclude\": [{\"events\": [\"r1\", \"r2\"], \"from\": \"b\", \"to\": \"d\", \"policy\": \"leave\"},"
	" \"spam\", {\"events\": [\"r2\"]}, {\"events\": [\"r3\"], \"to\": \"b\", \"policy\": \"end_attempt\"}]}";
	JyMapDef	map;
	JyJsonError err;

	CHECK_EQ(jy_map_parse_text(json, strlen(json), &unit_mem, NULL, &map, &err), JY_JSON_OK);
	CHECK_EQ(map.nstages, 4);
	CHECK_EQ(map.optional, 0x2);
	/* the global exclusion keeps bit nstages; scoped ones follow, in order */
	CHECK_EQ(map.exclude, 0x10);
	CHECK_EQ(map.nexcl, 3);
	CHECK_EQ(map.excl[0].bit, 0x20);
	CHECK_EQ(map.excl[0].from, 2);
	CHECK_EQ(map.excl[0].to, 4);
	CHECK(map.excl[0].leave);
	CHECK_EQ(map.excl[1].bit, 0x40);
	CHECK_EQ(map.excl[1].from, 1);	/* defaults: the first and last stage */
	CHECK_EQ(map.excl[1].to, 4);
	CHECK(!map.excl[1].leave);
	CHECK_EQ(map.excl[2].bit, 0x80);
	CHECK_EQ(map.excl[2].to, 2);
	CHECK(!map.excl[2].leave);
	CHECK_EQ(jy_labels_lookup(map.labels, "r1", 2), 0x20);
	CHECK_EQ(jy_labels_lookup(map.labels, "r2", 2), 0x60);	/* in two exclusions */
	CHECK_EQ(jy_labels_lookup(map.labels, "spam", 4), 0x10);
	CHECK_EQ(jy_map_event_bits(&map), 8);
	jy_map_free(&map, &unit_mem);

	/* without exclusions, one exclusion bit as before (the state's mask width) */
	CHECK_EQ(jy_map_parse_text(LIT_MAP("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}]}"),
							   &unit_mem, NULL, &map, &err), JY_JSON_OK);
	CHECK_EQ(jy_map_event_bits(&map), 2);
	CHECK_EQ(map.nexcl, 0);
	CHECK_EQ(map.optional, 0);
	jy_map_free(&map, &unit_mem);
	/* scoped exclusions only: their bits start at nstages */
	CHECK_EQ(jy_map_parse_text(LIT_MAP("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}, {\"name\": \"b\", \"events\": [\"y\"]}],"
									   " \"exclude\": [{\"events\": [\"r\"]}]}"),
							   &unit_mem, NULL, &map, &err), JY_JSON_OK);
	CHECK_EQ(map.exclude, 0);
	CHECK_EQ(map.excl[0].bit, 0x4);
	CHECK_EQ(jy_map_event_bits(&map), 3);
	jy_map_free(&map, &unit_mem);

#define TWO "\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}, {\"name\": \"b\", \"events\": [\"y\"]}]"
#define THREE "\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}, {\"name\": \"b\", \"events\": [\"y\"], \"optional\": true}, {\"name\": \"c\", \"events\": [\"z\"]}]"
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}, {\"name\": \"b\", \"events\": [\"y\"], \"optional\": \"yes\"}]}",
			  "stages[1].optional: expected true or false");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"], \"optional\": true}, {\"name\": \"b\", \"events\": [\"y\"]}]}",
			  "stages[0].optional: the first stage cannot be optional");
	MAP_ERROR("{\"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}, {\"name\": \"b\", \"events\": [\"y\"], \"optional\": true}]}",
			  "stages[1].optional: the last stage cannot be optional");
	MAP_ERROR("{\"mode\": \"strict_order\", " THREE "}",
			  "stages[1].optional: optional stages cannot be combined with mode strict_order");
	MAP_ERROR("{\"mode\": \"strict_deduplication\", " THREE "}",
			  "stages[1].optional: optional stages cannot be combined with mode strict_deduplication");
	MAP_ERROR("{\"mode\": \"any_order\", " THREE "}",
			  "stages[1].optional: optional stages cannot be combined with mode any_order");
	MAP_ERROR("{\"mode\": \"any_order\", \"exclude\": [{\"events\": [\"r\"]}], " TWO "}",
			  "exclude: scoped exclusions cannot be combined with mode any_order");
	MAP_ERROR("{\"mode\": \"strict_deduplication\", \"exclude\": [{\"events\": [\"r\"]}], " TWO "}",
			  "exclude: scoped exclusions cannot be combined with mode strict_deduplication");
	MAP_ERROR("{\"mode\": \"any_order\", \"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}, {\"name\": \"b\", \"events\": [\"y\"], \"within\": \"1 h\"}]}",
			  "stages[1].within: per-stage gaps cannot be combined with mode any_order");
	MAP_ERROR("{\"exclude\": [{\"events\": [\"r\"], \"events\": [\"s\"]}], " TWO "}",
			  "exclude[0].events: duplicate key");
	MAP_ERROR("{\"exclude\": [{\"events\": [\"r\"], \"after\": \"a\"}], " TWO "}",
			  "exclude[0].after: unknown key (a scoped exclusion has events, from, to and policy)");
	MAP_ERROR("{\"exclude\": [{\"events\": \"r\"}], " TWO "}",
			  "exclude[0].events: expected a non-empty array of strings");
	MAP_ERROR("{\"exclude\": [{\"events\": [null]}], " TWO "}",
			  "exclude[0].events[0]: expected a string");
	MAP_ERROR("{\"exclude\": [{\"events\": [\"r\", \"y\"]}], " TWO "}",
			  "exclude[0].events[1]: \"y\" is also an event of stage \"b\"");
	MAP_ERROR("{\"exclude\": [{\"events\": [\"r\"], \"from\": \"z\"}], " TWO "}",
			  "exclude[0].from: no stage is named \"z\"");
	MAP_ERROR("{\"exclude\": [{\"events\": [\"r\"], \"to\": [\"b\"]}], " TWO "}",
			  "exclude[0].to: expected a stage name");
	MAP_ERROR("{\"exclude\": [{\"events\": [\"r\"], \"from\": \"a\", \"to\": \"a\"}], " TWO "}",
			  "exclude[0].to: the stage to must come after the stage from");
	MAP_ERROR("{\"exclude\": [{\"events\": [\"r\"], \"policy\": \"Leave\"}], " TWO "}",
			  "exclude[0].policy: expected \"end_attempt\" or \"leave\"");
	MAP_ERROR("{\"exclude\": [{\"events\": [\"r\"], \"policy\": 1}], " TWO "}",
			  "exclude[0].policy: expected \"end_attempt\" or \"leave\"");
	/* one stage: no range for a scoped exclusion */
	MAP_ERROR("{\"exclude\": [{\"events\": [\"r\"]}], \"stages\": [{\"name\": \"a\", \"events\": [\"x\"]}]}",
			  "exclude[0].to: the stage to must come after the stage from");
#undef TWO
#undef THREE
	/* 63 stages and one scoped exclusion fill 64 bits; one more is a limit */
	{
		char		big[4000];
		size_t		len;
		int			k,
					pass;

		for (pass = 0; pass < 2; pass++)
		{
			len = (size_t) snprintf(big, sizeof(big), "{\"exclude\": [%s{\"events\": [\"r\"]}], \"stages\": [",
									pass ? "\"q\", " : "");
			for (k = 0; k < 63 - pass; k++)
				len += snprintf(big + len, sizeof(big) - len, "%s{\"name\": \"s%d\", \"events\": [\"e%d\"]}",
								k ? ", " : "", k, k);
			snprintf(big + len, sizeof(big) - len, "]}");
			CHECK_EQ(jy_map_parse_text(big, strlen(big), &unit_mem, NULL, &map, &err), JY_JSON_OK);
			CHECK_EQ(map.excl[0].bit, UINT64_C(1) << 63);
			CHECK_EQ(jy_map_event_bits(&map), 64);
			jy_map_free(&map, &unit_mem);
		}
		/* 62 stages, the global exclusion and two scoped ones: 65 bits */
		len = (size_t) snprintf(big, sizeof(big), "{\"exclude\": [\"q\", {\"events\": [\"r\"]}, {\"events\": [\"t\"]}], \"stages\": [");
		for (k = 0; k < 62; k++)
			len += snprintf(big + len, sizeof(big) - len, "%s{\"name\": \"s%d\", \"events\": [\"e%d\"]}",
							k ? ", " : "", k, k);
		snprintf(big + len, sizeof(big) - len, "]}");
		CHECK_EQ(jy_map_parse_text(big, strlen(big), &unit_mem, NULL, &map, &err), JY_JSON_LIMIT);
		CHECK(strcmp(err.msg, "exclude[2]: too many exclusions (the stages and exclusions of a map share 64 event bits)") == 0);
	}
}

int
main(void)
{
	test_durations();
	test_filters();
	test_map_full();
	test_map_conv();
	test_map_nomem();
	test_map_errors();
	test_map_options();
	return unit_summary("test_map");
}
