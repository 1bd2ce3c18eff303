/*
 * svg.c -- the SVG writer of the charts (see svg.h)
 */
#include "svg.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The character that stands for malformed or disallowed input */
#define REPLACEMENT 0xFFFDu

/* Make room for extra more bytes and the terminating NUL */
static bool
reserve(JySvg *s, size_t extra)
{
	size_t		need,
				newcap;
	char	   *p;

	if (s->status != JY_OK)
		return false;
	if (extra > JY_MAX_ALLOC - 1 - s->len)
	{
		s->status = JY_ERR_VALUE_TOO_LARGE;
		return false;
	}
	need = s->len + extra + 1;
	if (need <= s->cap)
		return true;
	newcap = s->cap ? s->cap : 1024;
	while (newcap < need)
		newcap = newcap > JY_MAX_ALLOC / 2 ? JY_MAX_ALLOC : newcap * 2;
	p = s->buf ? s->mem->resize(s->mem->arg, s->buf, newcap)
		: s->mem->alloc(s->mem->arg, newcap);
	if (p == NULL)
	{
		s->status = JY_ERR_OUT_OF_MEMORY;
		return false;
	}
	s->buf = p;
	s->cap = newcap;
	return true;
}

/* Append len bytes */
static void
append(JySvg *s, const char *p, size_t len)
{
	if (!reserve(s, len))
		return;
	memcpy(s->buf + s->len, p, len);
	s->len += len;
	s->buf[s->len] = '\0';
}

/* Start an empty document (see svg.h) */
void
jy_svg_init(JySvg *s, const JyMem *m)
{
	s->mem = m;
	s->buf = NULL;
	s->len = 0;
	s->cap = 0;
	s->status = JY_OK;
}

/* Release the buffer (see svg.h) */
void
jy_svg_free(JySvg *s)
{
	if (s->buf != NULL)
		s->mem->release(s->mem->arg, s->buf);
	s->buf = NULL;
	s->len = s->cap = 0;
}

/* Append trusted markup (see svg.h) */
void
jy_svg_raw(JySvg *s, const char *markup)
{
	append(s, markup, strlen(markup));
}

/* Append trusted formatted markup (see svg.h) */
void
jy_svg_fmt(JySvg *s, const char *fmt,...)
{
	va_list		ap;
	int			n;

	if (s->status != JY_OK)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(s, (size_t) n))
		return;
	va_start(ap, fmt);
	vsnprintf(s->buf + s->len, (size_t) n + 1, fmt, ap);
	va_end(ap);
	s->len += (size_t) n;
}

/*
 * Decode the UTF-8 character at t[i]: its code point in *cp (REPLACEMENT
 * when the bytes are malformed, overlong, a surrogate or beyond U+10FFFF)
 * and the bytes it takes (a malformed byte takes one)
 */
static size_t
decode(const char *t, size_t len, size_t i, uint32_t *cp)
{
	unsigned char c = (unsigned char) t[i];
	uint32_t	v,
				min;
	size_t		n,
				k;

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, v = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, v = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, v = c & 0x07, min = 0x10000;
	else
	{
		*cp = REPLACEMENT;
		return 1;
	}
	for (k = 1; k < n; k++)
	{
		unsigned char cc;

		if (i + k >= len || ((cc = (unsigned char) t[i + k]) & 0xc0) != 0x80)
		{
			*cp = REPLACEMENT;
			return 1;
		}
		v = (v << 6) | (cc & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		v = REPLACEMENT;
	*cp = v;
	return n;
}

/*
 * The character XML 1.0 text may hold for cp: line breaks and tabs become
 * spaces (labels are one line), other control characters and the
 * non-characters U+FFFE and U+FFFF become REPLACEMENT
 */
static uint32_t
xml_char(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r')
		return ' ';
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xfffe || cp == 0xffff)
		return REPLACEMENT;
	return cp;
}

/* Append the UTF-8 bytes of cp, or its escape when XML markup needs one */
static void
put_char(JySvg *s, uint32_t cp)
{
	char		b[4];
	size_t		n;

	switch (cp)
	{
		case '&':
			jy_svg_raw(s, "&amp;");
			return;
		case '<':
			jy_svg_raw(s, "&lt;");
			return;
		case '>':
			jy_svg_raw(s, "&gt;");
			return;
		case '"':
			jy_svg_raw(s, "&quot;");
			return;
		case '\'':
			jy_svg_raw(s, "&#39;");
			return;
	}
	if (cp < 0x80)
		b[0] = (char) cp, n = 1;
	else if (cp < 0x800)
		b[0] = (char) (0xc0 | (cp >> 6)), b[1] = (char) (0x80 | (cp & 0x3f)), n = 2;
	else if (cp < 0x10000)
		b[0] = (char) (0xe0 | (cp >> 12)), b[1] = (char) (0x80 | ((cp >> 6) & 0x3f)),
			b[2] = (char) (0x80 | (cp & 0x3f)), n = 3;
	else
		b[0] = (char) (0xf0 | (cp >> 18)), b[1] = (char) (0x80 | ((cp >> 12) & 0x3f)),
			b[2] = (char) (0x80 | ((cp >> 6) & 0x3f)), b[3] = (char) (0x80 | (cp & 0x3f)), n = 4;
	append(s, b, n);
}

/* The horizontal ellipsis, U+2026 */
#define ELLIPSIS 0x2026u

/* Append escaped user text (see svg.h) */
void
jy_svg_escaped(JySvg *s, const char *t, size_t len, size_t maxchars)
{
	size_t		i = 0,
				nchars = 0;

	while (i < len && s->status == JY_OK)
	{
		uint32_t	cp;

		if (nchars == maxchars)
		{
			put_char(s, ELLIPSIS);
			return;
		}
		i += decode(t, len, i, &cp);
		put_char(s, xml_char(cp));
		nchars++;
	}
}

/* The width of one character in em (see jy_svg_text_width) */
static double
char_em(uint32_t cp)
{
	if ((cp >= 0x0300 && cp <= 0x036f) || (cp >= 0x200b && cp <= 0x200f))
		return 0.0;				/* combining marks, zero-width characters */
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
		(cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
		(cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
		(cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) ||
		cp >= 0x20000)
		return 1.0;				/* East Asian full width, emoji */
	if (cp < 0x80)
	{
		if (strchr("il.,:;|!'` ()[]{}", (int) cp) != NULL && cp != 0)
			return 0.34;
		if (strchr("MWmw@%", (int) cp) != NULL && cp != 0)
			return 0.9;
		if (cp >= 'A' && cp <= 'Z')
			return 0.72;
		if (cp >= '0' && cp <= '9')
			return 0.64;		/* DejaVu Sans's digits */
		if (strchr("=+<>~#&", (int) cp) != NULL)
			return 0.84;
		return 0.6;
	}
	return 0.65;
}

/* The estimated width of a label (see svg.h) */
double
jy_svg_text_width(const char *t, size_t len, double font_size)
{
	double		em = 0.0;
	size_t		i = 0;

	while (i < len)
	{
		uint32_t	cp;

		i += decode(t, len, i, &cp);
		em += char_em(xml_char(cp));
	}
	return em * font_size;
}

/*
 * The embedded style sheet: local font names only; colours that keep their
 * order in greyscale
 */
static const char style[] =
"<style>"
".jy-chart{font-family:system-ui,'DejaVu Sans','Noto Sans','Noto Sans CJK SC',"
"'Noto Sans CJK JP',sans-serif;}"
".jy-chart text{fill:#1a1a1a;}"
".jy-chart .jy-heading{font-size:16px;font-weight:bold;}"
".jy-chart .jy-muted{fill:#595959;}"
".jy-chart .jy-on-dark{fill:#ffffff;}"
".jy-chart .jy-axis{stroke:#595959;stroke-width:1;fill:none;}"
".jy-chart .jy-grid{stroke:#d9d9d9;stroke-width:1;fill:none;}"
".jy-chart .jy-ci{stroke:#1a1a1a;stroke-width:1.5;fill:none;}"
".jy-chart .jy-line{stroke:#08306b;stroke-width:2;fill:none;}"
".jy-chart .jy-incomplete{stroke-dasharray:5 4;}"
".jy-chart .jy-band{fill:#9ecae1;fill-opacity:0.5;stroke:none;}"
"</style>";

/* Begin a document (see svg.h) */
void
jy_svg_begin(JySvg *s, double width, double height, const char *kind,
			 const char *title, size_t title_len, bool draw_title)
{
	jy_svg_fmt(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"jy-chart jy-%s\" "
			   "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\"",
			   kind, width, height, width, height);
	if (title != NULL)
	{
		jy_svg_raw(s, " aria-label=\"");
		jy_svg_escaped(s, title, title_len, JY_SVG_TITLE_CHARS);
		jy_svg_raw(s, "\"");
	}
	jy_svg_raw(s, ">");
	if (title != NULL)
	{
		jy_svg_raw(s, "<title>");
		jy_svg_escaped(s, title, title_len, JY_SVG_TITLE_CHARS);
		jy_svg_raw(s, "</title>");
	}
	jy_svg_raw(s, style);
	jy_svg_fmt(s, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>",
			   width, height);
	if (title != NULL && draw_title)
		jy_svg_text(s, 12, 24, "jy-heading", "start", 16, width - 24, title, title_len);
}

/* End the document (see svg.h) */
void
jy_svg_end(JySvg *s)
{
	jy_svg_raw(s, "</svg>\n");
}

/* A label, shortened to fit (see svg.h) */
void
jy_svg_text(JySvg *s, double x, double y, const char *cls, const char *anchor,
			double font_size, double max_width, const char *t, size_t len)
{
	size_t		keep = SIZE_MAX;

	if (max_width > 0 && jy_svg_text_width(t, len, font_size) > max_width)
	{
		/* the characters that fit with the ellipsis */
		double		room = max_width - char_em(ELLIPSIS) * font_size;
		double		w = 0.0;
		size_t		i = 0;

		keep = 0;
		while (i < len)
		{
			uint32_t	cp;
			double		cw;

			i += decode(t, len, i, &cp);
			cw = char_em(xml_char(cp)) * font_size;
			if (w + cw > room)
				break;
			w += cw;
			keep++;
		}
	}
	jy_svg_fmt(s, "<text x=\"%.1f\" y=\"%.1f\" class=\"%s\" text-anchor=\"%s\" "
			   "font-size=\"%.0f\">", x, y, cls, anchor, font_size);
	if (keep != SIZE_MAX)
	{
		jy_svg_raw(s, "<title>");
		jy_svg_escaped(s, t, len, JY_SVG_TITLE_CHARS);
		jy_svg_raw(s, "</title>");
	}
	jy_svg_escaped(s, t, len, keep);
	jy_svg_raw(s, "</text>");
}

/* A centred message in an empty chart (see svg.h) */
void
jy_svg_message(JySvg *s, double width, double height, const char *msg)
{
	jy_svg_fmt(s, "<text x=\"%.1f\" y=\"%.1f\" class=\"jy-muted\" text-anchor=\"middle\" "
			   "font-size=\"14\">", width / 2, height / 2);
	jy_svg_escaped(s, msg, strlen(msg), SIZE_MAX);
	jy_svg_raw(s, "</text>");
}

/*
 * The sequential ramp: nine blues of falling lightness (ColorBrewer's
 * "Blues", whose lightness is monotone, so that it also reads in greyscale)
 */
static const char *const ramp[] = {
	"#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6",
	"#4292c6", "#2171b5", "#08519c", "#08306b"
};

#define RAMP_STEPS ((int) (sizeof(ramp) / sizeof(ramp[0])))

/* The ramp step of v */
static int
ramp_step(double v)
{
	int			k;

	if (v <= 0)
		return 0;
	if (v >= 1)
		return RAMP_STEPS - 1;
	k = (int) floor(v * RAMP_STEPS);
	return k >= RAMP_STEPS ? RAMP_STEPS - 1 : k;
}

/* Fill colour of a share (see svg.h) */
const char *
jy_svg_ramp(double v)
{
	if (isnan(v))
		return "#e0e0e0";
	return ramp[ramp_step(v)];
}

/* White text on the dark end of the ramp (see svg.h) */
bool
jy_svg_ramp_dark(double v)
{
	return !isnan(v) && ramp_step(v) >= 5;
}

/*
 * Categorical colours, alternating dark and light so that neighbours stay
 * apart in greyscale
 */
static const char *const category[] = {
	"#1f4e79", "#9ecae1", "#b35806", "#fdb863", "#2d6a4f", "#95d5b2",
	"#54278f", "#bcbddc"
};

/* The i-th categorical colour (see svg.h) */
const char *
jy_svg_category(int i)
{
	int			n = (int) (sizeof(category) / sizeof(category[0]));

	return category[((i % n) + n) % n];
}

/* The finished document (see svg.h) */
char *
jy_svg_finish(JySvg *s, size_t *len)
{
	char	   *out;

	if (s->status == JY_OK && s->buf == NULL)
		append(s, "", 0);
	if (s->status != JY_OK)
	{
		jy_svg_free(s);
		return NULL;
	}
	out = s->buf;
	*len = s->len;
	s->buf = NULL;
	s->len = s->cap = 0;
	return out;
}

/* The document as pure ASCII (see svg.h) */
char *
jy_svg_ascii(const JyMem *m, const char *doc, size_t len, size_t *outlen)
{
	JySvg		s;
	size_t		i = 0;

	jy_svg_init(&s, m);
	while (i < len && s.status == JY_OK)
	{
		uint32_t	cp;
		size_t		n = decode(doc, len, i, &cp);

		if (cp < 0x80)
			append(&s, doc + i, n);
		else
			jy_svg_fmt(&s, "&#x%X;", (unsigned) cp);
		i += n;
	}
	return jy_svg_finish(&s, outlen);
}
