/*
 * test_trendchart.c -- unit tests of the trend chart (src/core/trendchart.c)
 */
#include "unit.h"
#include "xmlcheck.h"

#include <math.h>

#include "chartcheck.h"
#include "core/trendchart.h"

/* A point at t with a rate, an interval and a label */
static JyTrendPoint
pt(int64_t t, double rate, double lo, double hi, bool complete, const char *label)
{
	JyTrendPoint p;

	memset(&p, 0, sizeof(p));
	p.t = t;
	p.rate = rate;
	p.has_rate = !isnan(rate);
	p.lo = lo;
	p.hi = hi;
	p.has_ci = !isnan(lo);
	p.complete = complete;
	p.label = label;
	p.label_len = label ? strlen(label) : 0;
	return p;
}

/* The chart of p[0..n), checked for well-formedness */
static char *
chart(const JyTrendPoint *p, size_t n, const char *title, JyStatus *st)
{
	char	   *doc;
	size_t		len;

	*st = jy_trend_chart(&unit_mem, p, n, title, title ? strlen(title) : 0, &doc, &len);
	if (doc != NULL)
		check_chart(doc, len);
	return doc;
}

static void
test_line(void)
{
	JyTrendPoint p[5];
	JyStatus	st;
	char	   *doc;
	double		y0,
				y1;

	p[0] = pt(0, 0.5, 0.4, 0.6, true, "2025-01-06");
	p[1] = pt(7, 0.25, 0.1, 0.4, true, "2025-01-13");
	p[2] = pt(14, NAN, NAN, NAN, true, "2025-01-20");	/* a gap */
	p[3] = pt(21, 0.5, 0.3, 0.7, true, "2025-01-27 <&>");
	p[4] = pt(28, 0.0, 0.0, 0.2, false, "2025-02-03");
	doc = chart(p, 5, "Weekly conversion", &st);
	CHECK(st == JY_OK && doc != NULL);
	/* four points drawn (not the gap), the last one hollow */
	CHECK_EQ(count_of(doc, "class=\"jy-point\""), 4);
	CHECK_NEAR(attr_of(doc, "class=\"jy-point\"", 1, "data-rate"), 0.25, 1e-12);
	CHECK(strstr(doc, "data-complete=\"false\" cx") != NULL);
	CHECK_EQ(count_of(doc, "fill=\"#ffffff\" stroke=\"#08306b\""), 2);	/* point and legend */
	CHECK(strstr(doc, "incomplete period</text>") != NULL);
	/* x proportional to time: equal steps of 7 */
	CHECK_NEAR(attr_of(doc, "class=\"jy-point\"", 1, "cx") - attr_of(doc, "class=\"jy-point\"", 0, "cx"),
			   (attr_of(doc, "class=\"jy-point\"", 2, "cx") - attr_of(doc, "class=\"jy-point\"", 1, "cx")) / 2,
			   0.02);
	/* y linear in the rate and from 0: y(0.5) - y(0.25) == y(0.25) - y(0) */
	y0 = attr_of(doc, "class=\"jy-point\"", 0, "cy");
	y1 = attr_of(doc, "class=\"jy-point\"", 1, "cy");
	CHECK_NEAR(attr_of(doc, "class=\"jy-point\"", 2, "cy"), y0, 0.02);
	CHECK_NEAR(attr_of(doc, "data-complete=\"false\"", 0, "cy") - y1, y1 - y0, 0.02);
	/* one solid line (points 1-2), one dashed segment (4-5), two bands */
	CHECK_EQ(count_of(doc, "class=\"jy-line\" d=\"M"), 2);	/* with the legend's */
	CHECK_EQ(count_of(doc, "class=\"jy-line jy-incomplete\" d=\"M"), 2);
	CHECK_EQ(count_of(doc, "class=\"jy-band\" d="), 2);
	/* labels escaped; the y axis reads 0% at the bottom */
	CHECK(strstr(doc, "2025-01-27 &lt;&amp;&gt;") != NULL);
	CHECK(strstr(doc, "data-period=\"2025-01-27 &lt;&amp;&gt;\"><title>") != NULL);
	CHECK(strstr(doc, ">0%</text>") != NULL);
	free(doc);
}

static void
test_edges(void)
{
	JyTrendPoint p[3];
	JyStatus	st;
	char	   *doc;

	/* no points */
	doc = chart(p, 0, NULL, &st);
	CHECK(st == JY_OK && doc != NULL && strstr(doc, ">no data</text>") != NULL);
	CHECK(strstr(doc, "<title>Trend</title>") != NULL);
	free(doc);

	/* one point with an interval: an error bar, centred */
	p[0] = pt(5, 0.125, 0.1, 0.15, true, "x");
	doc = chart(p, 1, NULL, &st);
	CHECK(st == JY_OK && doc != NULL);
	CHECK_EQ(count_of(doc, "class=\"jy-ci\""), 1);
	CHECK_NEAR(attr_of(doc, "class=\"jy-point\"", 0, "cx"), (56 + 700) / 2.0, 1e-9);
	free(doc);

	/* rates outside [0, 1], non-finite and huge values drawn as missing */
	p[0] = pt(INT64_MIN, -0.5, NAN, NAN, true, NULL);
	p[1] = pt(0, INFINITY, -INFINITY, INFINITY, true, "b");
	p[2] = pt(INT64_MAX, 2.5, 1e300, 1e301, false, "c");
	doc = chart(p, 3, NULL, &st);
	CHECK(st == JY_OK && doc != NULL);
	CHECK_EQ(count_of(doc, "class=\"jy-point\""), 2);
	CHECK(strstr(doc, ">-100%</text>") != NULL);
	CHECK(strstr(doc, ">300%</text>") != NULL);
	free(doc);

	/* all zero: an axis from 0 */
	p[0] = pt(1, 0, 0, 0, true, "a");
	p[1] = pt(2, 0, 0, 0, true, "b");
	doc = chart(p, 2, NULL, &st);
	CHECK(st == JY_OK && doc != NULL && strstr(doc, ">0.0%</text>") != NULL && strstr(doc, ">1.0%</text>") != NULL);
	free(doc);

	/* unsorted or duplicate points */
	p[0] = pt(2, 0.1, NAN, NAN, true, NULL);
	p[1] = pt(2, 0.2, NAN, NAN, true, NULL);
	CHECK(jy_trend_chart(&unit_mem, p, 2, NULL, 0, &doc, &(size_t) {0}) == JY_ERR_BAD_PARAMETER);
	CHECK(doc == NULL);
}

static void
test_sort_and_ticks(void)
{
	JyTrendPoint p[4];
	int64_t		dup = 0;
	double		lo,
				hi,
				step;

	p[0] = pt(30, 0.1, NAN, NAN, true, NULL);
	p[1] = pt(10, 0.2, NAN, NAN, true, NULL);
	p[2] = pt(20, 0.3, NAN, NAN, true, NULL);
	CHECK(!jy_trend_sort(p, 3, &dup, &unit_mem));
	CHECK(p[0].t == 10 && p[1].t == 20 && p[2].t == 30);
	p[3] = pt(20, 0.4, NAN, NAN, true, NULL);
	CHECK(jy_trend_sort(p, 4, &dup, &unit_mem) && dup == 20);

	step = jy_nice_ticks(0, 0.137, 5, &lo, &hi);
	CHECK_NEAR(step, 0.05, 1e-15);
	CHECK_NEAR(lo, 0, 0);
	CHECK_NEAR(hi, 0.15, 1e-12);
	step = jy_nice_ticks(0, 1, 5, &lo, &hi);
	CHECK_NEAR(step, 0.2, 1e-15);
	CHECK_NEAR(hi, 1, 1e-12);
	step = jy_nice_ticks(-0.3, 0.9, 5, &lo, &hi);
	CHECK_NEAR(step, 0.25, 1e-15);
	CHECK_NEAR(lo, -0.5, 1e-12);
	CHECK_NEAR(hi, 1.0, 1e-12);
}

static void
test_many(void)
{
	static JyTrendPoint p[JY_TREND_MAX_POINTS + 1];
	static char labels[JY_TREND_MAX_POINTS + 1][16];
	JyStatus	st;
	char	   *doc;
	size_t		i,
				len;
	int			ticks;

	for (i = 0; i <= JY_TREND_MAX_POINTS; i++)
	{
		snprintf(labels[i], sizeof(labels[i]), "p%zu", i);
		p[i] = pt((int64_t) i * 86400, (double) (i % 17) / 17, NAN, NAN, i % 3 != 0, labels[i]);
	}
	doc = chart(p, JY_TREND_MAX_POINTS, NULL, &st);
	CHECK(st == JY_OK && doc != NULL);
	/* labels thinned: a few dozen at most, never overlapping */
	ticks = count_of(doc, "class=\"jy-muted jy-tick\"");
	CHECK(ticks >= 5 && ticks <= 60);
	free(doc);
	CHECK(jy_trend_chart(&unit_mem, p, JY_TREND_MAX_POINTS + 1, NULL, 0, &doc, &len) == JY_ERR_BAD_PARAMETER);
	unit_fail_after = 2;
	CHECK(jy_trend_chart(&unit_failing_mem, p, 100, NULL, 0, &doc, &len) == JY_ERR_OUT_OF_MEMORY);
	CHECK(doc == NULL);
}

int
main(void)
{
	test_line();
	test_edges();
	test_sort_and_ticks();
	test_many();
	return unit_summary("trendchart");
}
