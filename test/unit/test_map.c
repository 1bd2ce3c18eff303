/*
 * test_map.c -- unit tests of map durations and property filters
 */
#include "unit.h"

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

int
main(void)
{
	test_durations();
	test_filters();
	return unit_summary("test_map");
}
