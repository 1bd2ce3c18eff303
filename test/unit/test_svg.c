/*
 * test_svg.c -- unit tests of the SVG writer (src/core/svg.c)
 */
#include "unit.h"
#include "xmlcheck.h"

#include <math.h>

#include "core/svg.h"

/* A document holding one label drawn with jy_svg_text */
static char *
label_doc(const char *t, size_t len, double max_width, size_t *outlen)
{
	JySvg		s;

	jy_svg_init(&s, &unit_mem);
	jy_svg_begin(&s, 200, 100, "test", t, len, true);
	jy_svg_text(&s, 10, 50, "jy-label", "start", 12, max_width, t, len);
	jy_svg_end(&s);
	return jy_svg_finish(&s, outlen);
}

/* Does doc contain needle? */
static bool
has(const char *doc, const char *needle)
{
	return strstr(doc, needle) != NULL;
}

static void
test_escaping(void)
{
	static const char hostile[] = "<script>alert('x&y')</script> \"q\"";
	size_t		len;
	char	   *doc = label_doc(hostile, strlen(hostile), 0, &len);

	CHECK(doc != NULL);
	CHECK(xml_check(doc, len) == NULL);
	CHECK(!has(doc, "<script"));
	CHECK(has(doc, "&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt; &quot;q&quot;"));
	/* no element of the writer carries an id; no external reference */
	CHECK(!has(doc, " id="));
	CHECK(!has(doc, "href"));
	CHECK(!has(doc, "url("));
	CHECK(has(doc, "xmlns=\"http://www.w3.org/2000/svg\""));
	CHECK(has(doc, "viewBox=\"0 0 200 100\""));
	free(doc);
}

static void
test_bad_bytes(void)
{
	/* malformed UTF-8, an overlong '/', a surrogate, controls, U+FFFE, a NUL */
	static const char bad[] = "a\xff" "b\xc0\xaf" "c\xed\xa0\x80" "d\x01\x1b\x7f" "e\xef\xbf\xbe" "f\0g\n\th";
	size_t		len;
	char	   *doc = label_doc(bad, sizeof(bad) - 1, 0, &len);

	CHECK(doc != NULL);
	CHECK(xml_check(doc, len) == NULL);
	CHECK(strlen(doc) == len);	/* the NUL byte did not pass through */
	/* each bad byte or sequence is one U+FFFD; line breaks and tabs are spaces */
	CHECK(has(doc, ">a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c"));
	CHECK(has(doc, "d\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "e\xef\xbf\xbd" "f\xef\xbf\xbdg  h</text>"));
	free(doc);
}

static void
test_non_latin(void)
{
	/* Japanese, Cyrillic, an emoji and a combining accent pass through unchanged */
	static const char t[] = "\xe8\xb3\xbc\xe5\x85\xa5 \xd0\xba\xd0\xbe\xd1\x80\xd0\xb7\xd0\xb8\xd0\xbd\xd0\xb0 \xf0\x9f\x9b\x92 e\xcc\x81";
	size_t		len;
	char	   *doc = label_doc(t, sizeof(t) - 1, 0, &len);

	CHECK(doc != NULL);
	CHECK(xml_check(doc, len) == NULL);
	CHECK(has(doc, t));
	/* full width counts 1 em, a combining mark 0 */
	CHECK_NEAR(jy_svg_text_width("\xe8\xb3\xbc\xe5\x85\xa5", 6, 10), 20.0, 1e-9);
	CHECK_NEAR(jy_svg_text_width("e\xcc\x81", 3, 10), jy_svg_text_width("e", 1, 10), 1e-9);
	free(doc);
}

static void
test_ascii(void)
{
	/* the same document as pure ASCII: numeric references, which XML reads back */
	static const char t[] = "\xe8\xb3\xbc\xc3\xa9<a\xff";
	size_t		len,
				alen,
				i;
	char	   *doc = label_doc(t, sizeof(t) - 1, 0, &len);
	char	   *ascii = jy_svg_ascii(&unit_mem, doc, len, &alen);

	CHECK(ascii != NULL);
	CHECK(xml_check(ascii, alen) == NULL);
	for (i = 0; i < alen; i++)
		CHECK((unsigned char) ascii[i] < 0x80);
	CHECK(has(ascii, ">&#x8CFC;&#xE9;&lt;a&#xFFFD;</text>"));
	/* an ASCII document stays as it is */
	free(doc);
	doc = label_doc("visit", 5, 0, &len);
	free(ascii);
	ascii = jy_svg_ascii(&unit_mem, doc, len, &alen);
	CHECK(alen == len && memcmp(ascii, doc, len) == 0);
	free(doc);
	free(ascii);
}

static void
test_truncation(void)
{
	char		longlabel[301];
	size_t		len;
	char	   *doc;
	const char *text,
			   *shown;
	int			i;

	for (i = 0; i < 300; i++)
		longlabel[i] = (char) ('a' + i % 26);
	longlabel[300] = '\0';
	doc = label_doc(longlabel, 300, 100, &len);
	CHECK(doc != NULL);
	CHECK(xml_check(doc, len) == NULL);
	/* the label's <text> has the full label in a <title>, then a cut with an ellipsis */
	text = strstr(doc, "<text x=\"10.0\"");
	CHECK(text != NULL);
	if (text != NULL)
	{
		CHECK(strncmp(strstr(text, "<title>") + 7, longlabel, 300) == 0);
		shown = strstr(text, "</title>") + 8;
		/* what is shown fits: 100 px at 12 px and 0.58 em a letter, less the ellipsis */
		CHECK(strstr(shown, "\xe2\x80\xa6</text>") != NULL);
		CHECK(jy_svg_text_width(shown, (size_t) (strstr(shown, "</text>") - shown), 12) <= 100.0);
		CHECK(jy_svg_text_width(shown, (size_t) (strstr(shown, "</text>") - shown), 12) > 80.0);
	}
	free(doc);

	/* a label that fits is not cut and has no tooltip */
	doc = label_doc("visit", 5, 100, &len);
	CHECK(doc != NULL && has(doc, ">visit</text>"));
	free(doc);
}

static void
test_title_limit(void)
{
	/* a huge title is kept to JY_SVG_TITLE_CHARS characters and an ellipsis */
	size_t		n = 5000,
				len;
	char	   *t = malloc(n);
	char	   *doc;
	const char *p,
			   *q;

	memset(t, 'x', n);
	doc = label_doc(t, n, 0, &len);
	CHECK(doc != NULL);
	p = strstr(doc, "<title>") + 7;
	q = strstr(p, "</title>");
	CHECK((size_t) (q - p) == JY_SVG_TITLE_CHARS + 3);
	CHECK(memcmp(q - 3, "\xe2\x80\xa6", 3) == 0);
	free(doc);
	free(t);
}

static void
test_palette(void)
{
	/* the ramp darkens monotonically, so it reads in greyscale */
	double		last = 1e9;
	int			i;

	for (i = 0; i <= 10; i++)
	{
		const char *c = jy_svg_ramp(i / 10.0);
		unsigned	r,
					g,
					b;
		double		luma;

		CHECK(sscanf(c, "#%2x%2x%2x", &r, &g, &b) == 3);
		luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
		CHECK(luma <= last);
		last = luma;
	}
	CHECK(!jy_svg_ramp_dark(0.1));
	CHECK(jy_svg_ramp_dark(0.9));
	CHECK(strcmp(jy_svg_ramp(NAN), "#e0e0e0") == 0);
	CHECK(strcmp(jy_svg_category(0), jy_svg_category(8)) == 0);
	CHECK(strcmp(jy_svg_category(-1), jy_svg_category(7)) == 0);
}

/* An allocator that fails after a number of allocations */
static int	fail_after;

static void *
failing_alloc(void *arg, size_t size)
{
	(void) arg;
	if (fail_after-- <= 0)
		return NULL;
	return malloc(size);
}

static void *
failing_resize(void *arg, void *ptr, size_t size)
{
	(void) arg;
	if (fail_after-- <= 0)
		return NULL;
	return realloc(ptr, size);
}

static void
test_failure(void)
{
	JyMem		m = {failing_alloc, failing_resize, unit_release, NULL, NULL};
	JySvg		s;
	size_t		len;
	int			i;

	fail_after = 1;
	jy_svg_init(&s, &m);
	jy_svg_begin(&s, 10, 10, "t", NULL, 0, false);
	for (i = 0; i < 1000; i++)
		jy_svg_raw(&s, "<g></g>");
	jy_svg_end(&s);
	CHECK(jy_svg_finish(&s, &len) == NULL);
	CHECK(s.status == JY_ERR_OUT_OF_MEMORY);

	/* an empty document is an empty string, not NULL */
	jy_svg_init(&s, &unit_mem);
	{
		char	   *doc = jy_svg_finish(&s, &len);

		CHECK(doc != NULL && len == 0 && doc[0] == '\0');
		free(doc);
	}
}

static void
test_checker(void)
{
	/* the checker itself rejects what it must */
	CHECK(xml_check("<a><b></b></a>", 14) == NULL);
	CHECK(xml_check("<a x=\"1 &amp; 2\"/>", 18) == NULL);
	CHECK(xml_check("<a>&#x1F6D2;</a>", 16) == NULL);
	CHECK(xml_check("<a><b></a></b>", 14) != NULL);
	CHECK(xml_check("<a>x & y</a>", 12) != NULL);
	CHECK(xml_check("<a>x < y</a>", 12) != NULL);
	CHECK(xml_check("<a x=1/>", 8) != NULL);
	CHECK(xml_check("<a x=\"<\"/>", 10) != NULL);
	CHECK(xml_check("<a>\x01</a>", 8) != NULL);
	CHECK(xml_check("<a>\xff</a>", 8) != NULL);
	CHECK(xml_check("<a>&#1;</a>", 11) != NULL);
	CHECK(xml_check("<a/><b/>", 8) != NULL);
	CHECK(xml_check("<a>", 3) != NULL);
}

int
main(void)
{
	test_checker();
	test_escaping();
	test_bad_bytes();
	test_non_latin();
	test_ascii();
	test_truncation();
	test_title_limit();
	test_palette();
	test_failure();
	return unit_summary("svg");
}
