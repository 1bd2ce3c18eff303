/*
 * test_heatmap.c -- unit tests of the retention heatmap layout (src/core/heatmap.c)
 */
#include "unit.h"
#include "xmlcheck.h"
#include "chartcheck.h"

#include <math.h>

#include "core/heatmap.h"
#include "core/svg.h"

/* Labels "C<cohort>", or a hostile one for cohort 666 */
static size_t
label_of(void *arg, int64_t cohort, char *buf, size_t cap)
{
	(void) arg;
	if (cohort == 666)
	{
		static const char hostile[] = "<b>&\"x']]>\x01";

		memcpy(buf, hostile, sizeof(hostile) - 1);
		return sizeof(hostile) - 1;
	}
	return (size_t) snprintf(buf, cap, "C%lld", (long long) cohort);
}

/* Occurrences of needle in doc */
static int
count(const char *doc, const char *needle)
{
	int			n = 0;
	const char *p = doc;

	while ((p = strstr(p, needle)) != NULL)
		n++, p++;
	return n;
}

/* A heatmap of cells, checked for well-formedness; NULL on failure */
static char *
draw(const JyHeatCell *cells, size_t n, const char *title, JyHeatResult *res)
{
	size_t		len;
	char	   *doc = jy_heatmap_svg(&unit_mem, cells, n, title, title ? strlen(title) : 0,
									 label_of, NULL, &len, res);

	if (doc != NULL)
		check_chart(doc, len);
	return doc;
}

/* The cell rect of (row, period) in doc, or NULL */
static const char *
cell(const char *doc, int row, int period)
{
	char		key[80];

	snprintf(key, sizeof(key), "class=\"jy-cell\" data-row=\"%d\" data-period=\"%d\"", row, period);
	return strstr(doc, key);
}

/* Does the element starting at p carry text t before its end? */
static bool
elem_has(const char *p, const char *t)
{
	const char *end = strstr(p, "</rect>");
	const char *q = strstr(p, t);

	return q != NULL && end != NULL && q < end;
}

static void
test_layout(void)
{
	/* cohorts given out of order; cohort 30 misses period 1; a NULL rate */
	JyHeatCell	c[] = {
		{30, 200, 1.0, 0, 0}, {10, 100, 1.0, 0, 0}, {10, 100, 0.5, 1, 0},
		{20, -1, 1.0, 0, 0}, {10, -1, 0.25, 2, 0}, {30, 200, 0.05, 2, 0},
		{20, -1, NAN, 1, 0}, {20, 1234567, 1.35, 2, 0}, {20, -1, -0.05, 3, 0},
	};
	JyHeatResult res;
	char	   *doc = draw(c, 9, "Retention", &res);
	const char *p;

	CHECK(doc != NULL && res.error == JY_HEAT_OK);
	if (doc == NULL)
		return;
	CHECK_EQ(count(doc, "class=\"jy-cell\""), 9);
	CHECK_EQ(count(doc, "class=\"jy-row\""), 3);
	/* rows ascending by cohort: C10 first, C30 last */
	CHECK(strstr(doc, ">C10<") < strstr(doc, ">C20<"));
	CHECK(strstr(doc, ">C20<") < strstr(doc, ">C30<"));
	/* headers 0..3 */
	CHECK(count(doc, "font-size=\"11\">3</text>") == 1);
	CHECK(count(doc, "font-size=\"11\">4</text>") == 0);
	/* the missing cell of C30, period 1, and the absent C30 period 3 */
	CHECK(cell(doc, 2, 1) == NULL);
	CHECK(cell(doc, 2, 3) == NULL);
	/* colours from the ramp; the NULL rate is grey without data-rate */
	p = cell(doc, 0, 1);
	CHECK(p != NULL && elem_has(p, "data-rate=\"0.5\"") && elem_has(p, jy_svg_ramp(0.5)));
	p = cell(doc, 1, 1);
	CHECK(p != NULL && !elem_has(p, "data-rate") && elem_has(p, "fill=\"#e0e0e0\"") &&
		  elem_has(p, "period 1: no value"));
	/* above 1: the darkest colour, the real percentage, white text */
	p = cell(doc, 1, 2);
	CHECK(p != NULL && elem_has(p, jy_svg_ramp(1.0)) && elem_has(p, "period 2: 135%"));
	CHECK(count(doc, "class=\"jy-on-dark\" text-anchor=\"middle\" font-size=\"11\">135%</text>") == 1);
	/* negative: the lightest colour and the real value */
	p = cell(doc, 1, 3);
	CHECK(p != NULL && elem_has(p, jy_svg_ramp(0.0)) && elem_has(p, "-5.0%"));
	CHECK(count(doc, ">5.0%</text>") == 1);
	CHECK(count(doc, ">25%</text>") == 1);
	/* sizes: the given one, thousands separated; none for C10's NULLs only */
	CHECK(count(doc, ">n = 100</text>") == 1);
	CHECK(count(doc, ">n = 1,234,567</text>") == 1);
	CHECK(count(doc, ">n = 200</text>") == 1);
	CHECK(count(doc, "<title>Retention</title>") == 1);
	CHECK(count(doc, "class=\"jy-legend\"") == 1);
	CHECK(!strstr(doc, " id=") && !strstr(doc, "href") && !strstr(doc, "nan") &&
		  !strstr(doc, "inf"));
	free(doc);
}

static void
test_edges(void)
{
	JyHeatResult res;
	char	   *doc;
	JyHeatCell	one = {666, 5, 0.5, 0, 0};
	JyHeatCell	dup[] = {{1, 5, 0.5, 0, 0}, {2, 5, 0.5, 0, 0}, {1, 5, 0.25, 0, 0}};
	JyHeatCell	sz[] = {{1, 5, 0.5, 0, 0}, {1, 6, 0.25, 1, 0}};
	JyHeatCell	bad = {1, 5, 0.5, -1, 0};
	JyHeatCell	inf = {1, 5, INFINITY, 0, 0};
	JyHeatCell	negsize = {1, -2, 0.5, 0, 0};
	JyHeatCell	wide = {1, 5, 0.5, JY_HEAT_MAX_PERIODS, 0};
	JyHeatCell	huge = {1, 5, 1e306, 0, 0};
	JyHeatCell *many;
	size_t		i;

	/* empty: a message */
	doc = draw(NULL, 0, NULL, &res);
	CHECK(doc != NULL && strstr(doc, ">no data</text>") != NULL);
	free(doc);
	/* one cell, a hostile label and title */
	doc = draw(&one, 1, "<&]]>", &res);
	CHECK(doc != NULL && strstr(doc, "&lt;b&gt;&amp;&quot;x&#39;]]&gt;\xef\xbf\xbd") != NULL);
	CHECK(doc != NULL && strstr(doc, "<title>&lt;&amp;]]&gt;</title>") != NULL);
	free(doc);
	/* a huge rate prints finitely */
	doc = draw(&huge, 1, NULL, &res);
	CHECK(doc != NULL && strstr(doc, "1.00e+308%") != NULL);
	free(doc);

	CHECK(draw(dup, 3, NULL, &res) == NULL);
	CHECK(res.error == JY_HEAT_DUPLICATE && res.cell.cohort == 1 && res.cell.period == 0);
	CHECK(draw(sz, 2, NULL, &res) == NULL);
	CHECK(res.error == JY_HEAT_SIZE_DIFFERS && res.cell.size == 6 && res.other == 5);
	CHECK(draw(&bad, 1, NULL, &res) == NULL && res.error == JY_HEAT_NEGATIVE_PERIOD);
	CHECK(draw(&inf, 1, NULL, &res) == NULL && res.error == JY_HEAT_NONFINITE_RATE);
	CHECK(draw(&negsize, 1, NULL, &res) == NULL && res.error == JY_HEAT_NEGATIVE_SIZE);
	CHECK(draw(&wide, 1, NULL, &res) == NULL && res.error == JY_HEAT_TOO_MANY_PERIODS);

	/* the limits: 10,000 cells of 1,000 cohorts draw; one more cell or cohort does not */
	many = calloc(JY_HEAT_MAX_CELLS + 1, sizeof(JyHeatCell));
	for (i = 0; i <= JY_HEAT_MAX_CELLS; i++)
		many[i] = (JyHeatCell) {(int64_t) (i / 10), 10, (double) (i % 7) / 6, (int32_t) (i % 10), 0};
	doc = draw(many, JY_HEAT_MAX_CELLS, NULL, &res);
	CHECK(doc != NULL && count(doc, "class=\"jy-cell\"") == JY_HEAT_MAX_CELLS);
	free(doc);
	CHECK(draw(many, JY_HEAT_MAX_CELLS + 1, NULL, &res) == NULL && res.error == JY_HEAT_TOO_MANY_CELLS);
	for (i = 0; i <= JY_HEAT_MAX_COHORTS; i++)
		many[i] = (JyHeatCell) {(int64_t) i, -1, 0.5, 0, 0};
	CHECK(draw(many, JY_HEAT_MAX_COHORTS + 1, NULL, &res) == NULL && res.error == JY_HEAT_TOO_MANY_COHORTS);
	free(many);
}

static void
test_out_of_memory(void)
{
	JyHeatCell	c[] = {{1, 5, 0.5, 0, 0}, {2, 5, 0.25, 1, 0}, {2, 5, 0.75, 0, 0}};
	int			k;

	for (k = 0; k < 40; k++)
	{
		JyHeatResult res;
		size_t		len;
		char	   *doc;

		unit_fail_after = k;
		unit_failed = false;
		doc = jy_heatmap_svg(&unit_failing_mem, c, 3, "t", 1, label_of, NULL, &len, &res);
		if (doc == NULL)
			CHECK(res.error == JY_HEAT_STATUS && res.status == JY_ERR_OUT_OF_MEMORY);
		else
			CHECK(!unit_failed && xml_check(doc, len) == NULL);
		free(doc);
	}
}

static void
test_count(void)
{
	char		b[32];

	CHECK(strcmp(jy_chart_count(b, 0), "0") == 0);
	CHECK(strcmp(jy_chart_count(b, 999), "999") == 0);
	CHECK(strcmp(jy_chart_count(b, 1000), "1,000") == 0);
	CHECK(strcmp(jy_chart_count(b, -1234567), "-1,234,567") == 0);
	CHECK(strcmp(jy_chart_count(b, INT64_MAX), "9,223,372,036,854,775,807") == 0);
	CHECK(strcmp(jy_chart_count(b, INT64_MIN), "-9,223,372,036,854,775,808") == 0);
}

int
main(void)
{
	test_count();
	test_layout();
	test_edges();
	test_out_of_memory();
	return unit_summary("heatmap");
}
