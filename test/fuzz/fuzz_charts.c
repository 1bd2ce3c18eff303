/*
 * fuzz_charts.c -- libFuzzer target of the SVG writer and the charts
 *
 * The first byte selects what is drawn from the rest of the input; every
 * document produced must be well-formed XML (test/unit/xmlcheck.h, an
 * independent checker).  Selector 0: the writer itself, a title and labels
 * of arbitrary bytes at arbitrary widths.  Each chart adds its own case:
 * 1 the funnel chart, 2 the trend chart.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz.h"
#include "xmlcheck.h"
#include "core/svg.h"
#include "core/funnelchart.h"
#include "core/trendchart.h"

/* Abort when doc[0..len) is not a well-formed document */
static void
must_be_xml(const char *doc, size_t len)
{
	const char *why;

	if (doc == NULL)
		return;
	why = xml_check(doc, len);
	if (why != NULL)
	{
		fprintf(stderr, "not well-formed: %s\n%.*s\n", why, (int) len, doc);
		abort();
	}
}

/* Selector 0: labels of arbitrary bytes, separated by NUL bytes */
static void
fuzz_writer(const uint8_t *d, size_t n)
{
	JySvg		s;
	size_t		i = 0,
				len;
	char	   *doc;
	int			k = 0;

	jy_svg_init(&s, &fz_mem);
	jy_svg_begin(&s, 300, 200, "fuzz", (const char *) d, n > 40 ? 40 : n, n % 2 == 0);
	while (i < n)
	{
		size_t		j = i;

		while (j < n && d[j] != 0)
			j++;
		jy_svg_text(&s, 10, 10 + k, "jy-label", k % 2 ? "end" : "start", 8 + k % 9,
					(double) ((k * 37) % 120), (const char *) d + i, j - i);
		jy_svg_escaped(&s, (const char *) d + i, j - i, (size_t) (k % 5));
		k++;
		i = j + 1;
	}
	jy_svg_end(&s);
	doc = jy_svg_finish(&s, &len);
	must_be_xml(doc, len);
	free(doc);
}

/*
 * Selector 1: a funnel chart.  Byte 0: steps (0 to 65), byte 1: width,
 * byte 2: flags (1: names, 2: a title, 4: raw counts, not made a funnel),
 * then 3 bytes per count, then NUL-separated names and the title.  A
 * chart must be well-formed, or the status JY_ERR_BAD_PARAMETER for
 * counts that are not a funnel or a width out of range.
 */
static void
fuzz_funnel(const uint8_t *d, size_t n)
{
	int64_t		counts[JY_MAX_STEPS + 1];
	const char *names[JY_MAX_STEPS + 1];
	size_t		lens[JY_MAX_STEPS + 1];
	int			steps,
				width,
				flags,
				i;
	size_t		at = 3;
	const char *title = NULL;
	size_t		title_len = 0;
	char	   *doc;
	size_t		len;
	JyStatus	st;

	if (n < 3)
		return;
	steps = d[0] % (JY_MAX_STEPS + 2);
	width = 150 + d[1] * 16;
	flags = d[2];
	for (i = 0; i < steps; i++)
	{
		int64_t		v = 0;
		int			k;

		for (k = 0; k < 3; k++)
			v = (v << 8) | (at < n ? d[at++] : 0);
		if (flags & 4)
			counts[i] = (v & 0x800000) ? -(v & 0x7fffff) : v;
		else
			counts[i] = i == 0 ? v * 1000003 : counts[i - 1] - v % (counts[i - 1] + 1);
	}
	for (i = 0; i < steps; i++)
	{
		size_t		j = at;

		while (j < n && d[j] != 0)
			j++;
		names[i] = at < n && (d[at] & 1) == 0 ? (const char *) d + at : NULL;
		lens[i] = j - (at < n ? at : j);
		at = j < n ? j + 1 : n;
	}
	if (flags & 2)
		title = (const char *) d + at, title_len = n - at;
	st = jy_funnel_chart(&fz_mem, counts, steps, (flags & 1) ? names : NULL, lens,
						 0.01 + (d[1] % 98) / 100.0, 0.5 + d[1] / 64.0, title, title_len,
						 width, &doc, &len);
	if (st == JY_OK)
		must_be_xml(doc, len);
	else if (st != JY_ERR_BAD_PARAMETER)
		abort();
	free(doc);
}

/*
 * Selector 2: a trend chart.  Per point 6 bytes: the time step from the
 * previous point (0: a duplicate, which the sort reports), rate, low and
 * high (a byte each, in hundredths, 255: missing or not finite), flags
 * (1: incomplete, 2: rate beyond the range) and the label's length, then
 * the labels and the title from the rest.
 */
static void
fuzz_trend(const uint8_t *d, size_t n)
{
	JyTrendPoint p[256];
	size_t		np = 0,
				at = 1,
				i;
	int64_t		t = INT64_MIN / 2,
				dup;
	char	   *doc;
	size_t		len;
	JyStatus	st;

	if (n < 1)
		return;
	np = d[0];
	for (i = 0; i < np; i++)
	{
		const uint8_t *q = at + 6 <= n ? d + at : (const uint8_t *) "\1\377\377\377\0\0";

		at += 6;
		memset(&p[i], 0, sizeof(p[i]));
		t += (int64_t) q[0] * (q[4] & 4 ? INT64_C(1) << 44 : 1);
		p[i].t = t;
		p[i].has_rate = q[1] != 255 || (q[4] & 8);
		p[i].rate = q[1] == 255 ? (q[4] & 16 ? NAN : INFINITY) : q[1] / 100.0 - 0.5;
		if (q[4] & 2)
			p[i].rate *= 1e7;
		p[i].has_ci = q[2] != 255 && q[3] != 255;
		p[i].lo = q[2] / 100.0;
		p[i].hi = q[3] / 100.0;
		p[i].complete = !(q[4] & 1);
		p[i].label = at < n ? (const char *) d + at : NULL;
		p[i].label_len = p[i].label ? (q[5] < n - at ? q[5] : n - at) : 0;
	}
	/* reversed input order: the sort puts it right */
	for (i = 0; i < np / 2; i++)
	{
		JyTrendPoint tmp = p[i];

		p[i] = p[np - 1 - i];
		p[np - 1 - i] = tmp;
	}
	if (jy_trend_sort(p, np, &dup, &fz_mem))
	{
		if (jy_trend_chart(&fz_mem, p, np, NULL, 0, &doc, &len) != JY_ERR_BAD_PARAMETER)
			abort();
		return;
	}
	st = jy_trend_chart(&fz_mem, p, np, at < n ? (const char *) d + at : NULL,
						at < n ? n - at : 0, &doc, &len);
	if (st != JY_OK)
		abort();
	must_be_xml(doc, len);
	free(doc);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	switch (data[0])
	{
		case 0:
			fuzz_writer(data + 1, size - 1);
			break;
		case 1:
			fuzz_funnel(data + 1, size - 1);
			break;
		case 2:
			fuzz_trend(data + 1, size - 1);
			break;
			/* 3: heatmap, 4: Sankey (added by each chart) */
		default:
			break;
	}
	return 0;
}
