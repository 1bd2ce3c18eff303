/*
 * fuzz_charts.c -- libFuzzer target of the SVG writer and the charts
 *
 * The first byte selects what is drawn from the rest of the input; every
 * document produced must be well-formed XML (test/unit/xmlcheck.h, an
 * independent checker).  Selector 0: the writer itself, a title and labels
 * of arbitrary bytes at arbitrary widths.  Each chart adds its own case.
 */
#include <stdint.h>
#include <stdio.h>

#include "fuzz.h"
#include "xmlcheck.h"
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
		default:
			break;
	}
	return 0;
}
