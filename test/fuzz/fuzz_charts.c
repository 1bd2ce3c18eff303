/*
 * fuzz_charts.c -- libFuzzer target of the SVG writer and the charts
 *
 * The first byte selects what is drawn from the rest of the input; every
 * document produced must be well-formed XML (test/unit/xmlcheck.h, an
 * independent checker).  Selector 0: the writer itself, a title and labels
 * of arbitrary bytes at arbitrary widths.  Selector 1: the funnel chart,
 * 2: the trend chart, 3: the retention heatmap, 4: the Sankey diagram, from
 * cells and edges decoded from the bytes (labels and names are arbitrary
 * bytes); each must draw a well-formed document or fail with a reason.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz.h"
#include "xmlcheck.h"
#include "core/heatmap.h"
#include "core/sankey.h"
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

/* A rate from a byte: ordinary shares, above 1, negative, NaN, infinities, huge */
static double
fuzz_rate(uint8_t b)
{
	switch (b % 16)
	{
		case 0:
			return NAN;
		case 1:
			return INFINITY;
		case 2:
			return -INFINITY;
		case 3:
			return 1e308;
		case 4:
			return -1e300;
		case 5:
			return 5e-324;
		default:
			return (b - 40) / 100.0;
	}
}

/* The label of a heatmap cohort: a slice of the input bytes */
static size_t
fuzz_label(void *arg, int64_t cohort, char *buf, size_t cap)
{
	const uint8_t *d = arg;
	size_t		n = (size_t) (cohort % 23);

	if (n > cap)
		n = cap;
	memcpy(buf, d + (size_t) (cohort % 8), n);
	return n;
}

/* Selector 3: cells of 4 bytes (cohort, period, rate, size), then a title */
static void
fuzz_heatmap(const uint8_t *d, size_t n)
{
	static const uint8_t pad[32] = "<&>\"']]>\x01\xff\xc3\xa9\xe8\xb3\xbc";
	size_t		ncells = n / 4 > 300 ? 300 : n / 4,
				i,
				len;
	JyHeatCell *cells = malloc((ncells + 1) * sizeof(JyHeatCell));
	JyHeatResult res;
	char	   *doc;

	for (i = 0; i < ncells; i++)
	{
		const uint8_t *c = d + 4 * i;

		cells[i].cohort = c[0] % 64;
		cells[i].period = (int32_t) (c[1] % 130) - (c[1] > 250 ? 300 : 0);
		cells[i].rate = fuzz_rate(c[2]);
		cells[i].size = c[3] == 255 ? INT64_MAX : (int64_t) c[3] - 2;
		cells[i].pos = 0;
	}
	doc = jy_heatmap_svg(&fz_mem, cells, ncells, n % 3 ? (const char *) d + 4 * ncells : NULL,
						 n - 4 * ncells, fuzz_label, (void *) pad, &len, &res);
	if (doc == NULL && res.error == JY_HEAT_OK)
		abort();
	must_be_xml(doc, len);
	free(doc);
	free(cells);
}

/*
 * Selector 4: names of arbitrary bytes separated by NUL bytes (at most 64),
 * then edges of 3 bytes (source, target, actors)
 */
static void
fuzz_sankey(const uint8_t *d, size_t n)
{
	const char *names[64];
	uint32_t	lens[64];
	size_t		nn = 0,
				i = 0,
				ne = 0,
				len;
	JySankeyEdge *edges;
	JySankeyResult res;
	char	   *doc;

	while (i < n && nn < 64 && d[i] != 0xfe)
	{
		size_t		j = i;

		while (j < n && d[j] != 0 && d[j] != 0xfe)
			j++;
		names[nn] = (const char *) d + i;
		lens[nn++] = (uint32_t) (j - i);
		i = j < n && d[j] == 0 ? j + 1 : j;
	}
	if (nn == 0)
		return;
	edges = malloc((n / 3 + 1) * sizeof(JySankeyEdge));
	for (; i + 3 <= n; i += 3)
	{
		const uint8_t *e = d + i;
		JySankeyEdge *x = &edges[ne++];

		x->source = names[e[0] % nn];
		x->source_len = lens[e[0] % nn];
		x->target = names[e[1] % nn];
		x->target_len = lens[e[1] % nn];
		x->actors = e[2] == 255 ? INT64_MAX : e[2] == 254 ? -1 : (int64_t) e[2];
	}
	doc = jy_sankey_svg(&fz_mem, edges, ne, 200 + (n % 5) * 300, n % 2 ? "t<" : NULL, 2,
						&len, &res);
	if (doc == NULL && res.error == JY_SANKEY_OK)
		abort();
	if (doc == NULL && res.error == JY_SANKEY_CYCLE && res.name == NULL)
		abort();
	must_be_xml(doc, len);
	free(doc);
	free(edges);
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
		case 3:
			fuzz_heatmap(data + 1, size - 1);
			break;
		case 4:
			fuzz_sankey(data + 1, size - 1);
			break;
		default:
			break;
	}
	return 0;
}
