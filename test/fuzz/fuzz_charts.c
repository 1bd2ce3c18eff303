/*
 * fuzz_charts.c -- libFuzzer target of the SVG writer and the charts
 *
 * The first byte selects what is drawn from the rest of the input; every
 * document produced must be well-formed XML (test/unit/xmlcheck.h, an
 * independent checker).  Selector 0: the writer itself, a title and labels
 * of arbitrary bytes at arbitrary widths.  Each chart adds its own case.
 * Selector 3: the retention heatmap, selector 4: the Sankey diagram, from
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
			/* 1: funnel, 2: trend, 3: heatmap, 4: Sankey (added by each chart) */
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
