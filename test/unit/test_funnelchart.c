/*
 * test_funnelchart.c -- unit tests of the funnel chart (src/core/funnelchart.c)
 */
#include "unit.h"
#include "xmlcheck.h"

#include <math.h>

#include "chartcheck.h"
#include "core/funnelchart.h"
#include "core/stats.h"

/* The chart of counts[0..n) with names (may be NULL) at the given width */
static char *
chart(const int64_t *counts, int n, const char *const *names, const char *title,
	  int width, JyStatus *st, size_t *len)
{
	size_t		lens[JY_MAX_STEPS];
	char	   *doc;
	int			i;

	for (i = 0; names != NULL && i < n; i++)
		lens[i] = names[i] ? strlen(names[i]) : 0;
	*st = jy_funnel_chart(&unit_mem, counts, n, names, lens, 0.95,
						  jy_z_for_confidence(0.95), title,
						  title ? strlen(title) : 0, width, &doc, len);
	if (doc != NULL)
		check_chart(doc, *len);
	return doc;
}

static void
test_bars(void)
{
	static const int64_t counts[] = {1000, 600, 150, 0};
	static const char *const names[] = {"visit <&> \"x\"", "view", NULL, "buy"};
	JyStatus	st;
	size_t		len;
	char	   *doc = chart(counts, 4, names, "Q1 <funnel>", 720, &st, &len);
	double		full;
	int			i;

	CHECK(st == JY_OK && doc != NULL);
	CHECK_EQ(count_of(doc, "class=\"jy-bar\""), 4);
	full = attr_of(doc, "class=\"jy-bar\"", 0, "width");
	CHECK_NEAR(full, 720 - 24, 1e-9);
	/* every bar's width is proportional to its actors */
	for (i = 0; i < 4; i++)
	{
		CHECK_NEAR(attr_of(doc, "class=\"jy-bar\"", i, "data-actors"), (double) counts[i], 0);
		CHECK_NEAR(attr_of(doc, "class=\"jy-bar\"", i, "width"),
				   full * (double) counts[i] / 1000.0, 1e-3);
	}
	/* error bars from step 2 on, at the Wilson interval on the bars' scale */
	CHECK_EQ(count_of(doc, "class=\"jy-ci\""), 3);
	{
		double		lo,
					hi;

		jy_wilson(600, 1000, jy_z_for_confidence(0.95), &lo, &hi);
		CHECK_NEAR(attr_of(doc, "class=\"jy-ci\"", 0, "data-low"), lo, 1e-6);
		CHECK_NEAR(attr_of(doc, "class=\"jy-ci\"", 0, "data-high"), hi, 1e-6);
	}
	/* names escaped, the missing one is "Step 3", the title drawn */
	CHECK(strstr(doc, ">visit &lt;&amp;&gt; &quot;x&quot;</text>") != NULL);
	CHECK(strstr(doc, ">Step 3</text>") != NULL);
	CHECK(strstr(doc, "<title>Q1 &lt;funnel&gt;</title>") != NULL);
	CHECK(strstr(doc, "class=\"jy-heading\"") != NULL);
	/* statistics: actors, conversion, drop-off from the previous step */
	CHECK(strstr(doc, "1,000 actors \xc2\xb7 100.0%") != NULL);
	CHECK(strstr(doc, "600 actors \xc2\xb7 60.0% of step 1 \xc2\xb7 dropped 400 (40.0%) since step 1") != NULL);
	CHECK(strstr(doc, "0 actors \xc2\xb7 0.0% of step 1 \xc2\xb7 dropped 150 (100.0%) since step 3") != NULL);
	free(doc);
}

static void
test_edges(void)
{
	static const int64_t zero[] = {0, 0};
	static const int64_t one[] = {INT64_MAX};
	static const int64_t up[] = {1, 2};
	static const int64_t neg[] = {1, -1};
	static const char long_name[] =
		"a very long step name that cannot possibly fit into the narrow chart at all";
	const char *names[] = {long_name};
	JyStatus	st;
	size_t		len;
	char	   *doc;

	/* first step 0: bars of width 0, conversion an em dash, no error bars */
	doc = chart(zero, 2, NULL, NULL, 720, &st, &len);
	CHECK(st == JY_OK && doc != NULL);
	CHECK_NEAR(attr_of(doc, "class=\"jy-bar\"", 1, "width"), 0, 0);
	CHECK(strstr(doc, "0 actors \xc2\xb7 \xe2\x80\x94") != NULL);
	CHECK(strstr(doc, "class=\"jy-ci\"") == NULL);
	CHECK(strstr(doc, "<title>Funnel</title>") != NULL);
	CHECK(strstr(doc, "class=\"jy-heading\"") == NULL);
	free(doc);

	/* one step of INT64_MAX at the smallest width, a long name shortened */
	doc = chart(one, 1, names, NULL, JY_CHART_MIN_WIDTH, &st, &len);
	CHECK(st == JY_OK && doc != NULL);
	CHECK(strstr(doc, "9,223,372,036,854,775,807") != NULL);
	CHECK(strstr(doc, "\xe2\x80\xa6</text>") != NULL);
	CHECK(strstr(doc, "<title>a very long step name") != NULL);
	free(doc);

	/* no steps: the "no data" message */
	doc = chart(NULL, 0, NULL, "t", 720, &st, &len);
	CHECK(st == JY_OK && doc != NULL && strstr(doc, ">no data</text>") != NULL);
	free(doc);

	/* not a funnel, width or confidence out of range */
	CHECK(chart(up, 2, NULL, NULL, 720, &st, &len) == NULL && st == JY_ERR_BAD_PARAMETER);
	CHECK(chart(neg, 2, NULL, NULL, 720, &st, &len) == NULL && st == JY_ERR_BAD_PARAMETER);
	CHECK(chart(one, 1, NULL, NULL, 199, &st, &len) == NULL && st == JY_ERR_BAD_PARAMETER);
	CHECK(chart(one, 1, NULL, NULL, 4001, &st, &len) == NULL && st == JY_ERR_BAD_PARAMETER);
	CHECK(jy_funnel_chart(&unit_mem, one, 1, NULL, NULL, 1.0, 1.0, NULL, 0, 720,
						  &doc, &len) == JY_ERR_BAD_PARAMETER && doc == NULL);
}

static void
test_sixty_four(void)
{
	int64_t		counts[JY_MAX_STEPS];
	JyStatus	st;
	size_t		len;
	char	   *doc;
	int			i;

	for (i = 0; i < JY_MAX_STEPS; i++)
		counts[i] = (int64_t) (JY_MAX_STEPS - i) * 1000003;
	doc = chart(counts, JY_MAX_STEPS, NULL, "\xe8\xb3\xbc\xe5\x85\xa5 \xf0\x9f\x9b\x92", 4000, &st, &len);
	CHECK(st == JY_OK && doc != NULL);
	CHECK_EQ(count_of(doc, "class=\"jy-bar\""), JY_MAX_STEPS);
	CHECK_NEAR(attr_of(doc, "class=\"jy-bar\"", 63, "width"), (4000 - 24) / 64.0, 1e-3);
	free(doc);

	/* out of memory: a status, no document, no leak */
	unit_fail_after = 3;
	CHECK(jy_funnel_chart(&unit_failing_mem, counts, JY_MAX_STEPS, NULL, NULL, 0.95, 1.96,
						  NULL, 0, 720, &doc, &len) == JY_ERR_OUT_OF_MEMORY);
	CHECK(doc == NULL);
}

static void
test_int(void)
{
	char		b[28];

	jy_chart_int(b, 0);
	CHECK(strcmp(b, "0") == 0);
	jy_chart_int(b, 999);
	CHECK(strcmp(b, "999") == 0);
	jy_chart_int(b, 1000);
	CHECK(strcmp(b, "1,000") == 0);
	jy_chart_int(b, -1234567);
	CHECK(strcmp(b, "-1,234,567") == 0);
	jy_chart_int(b, INT64_MIN);
	CHECK(strcmp(b, "-9,223,372,036,854,775,808") == 0);
}

int
main(void)
{
	test_int();
	test_bars();
	test_edges();
	test_sixty_four();
	return unit_summary("funnelchart");
}
