/*
 * svg.h -- the one SVG writer of the charts (funnel, trend, heatmap, Sankey)
 *
 * A chart is built into a growing buffer: trusted markup (constant strings
 * and numbers) through jy_svg_raw and jy_svg_fmt, and every piece of user
 * text (labels, titles) through jy_svg_escaped or jy_svg_text only, which
 * escape it for XML character data and attribute values alike (& < > " '),
 * replace malformed UTF-8 and characters XML 1.0 does not allow with U+FFFD,
 * and write line breaks and tabs as spaces.  A document is standalone: the
 * SVG namespace, a viewBox, a <title>, an embedded <style> with local font
 * names only (no external fonts, images or scripts) and no id attributes,
 * so several charts can be inlined in one HTML page.
 *
 * Failures (out of memory, a document beyond JY_MAX_ALLOC) are sticky: the
 * first one is kept in status and later calls do nothing, so a chart checks
 * once, in jy_svg_finish.
 */
#ifndef JY_SVG_H
#define JY_SVG_H

#include "jy.h"

/* A document being written */
typedef struct JySvg
{
	const JyMem *mem;
	char	   *buf;
	size_t		len;
	size_t		cap;
	JyStatus	status;			/* the first failure, or JY_OK */
} JySvg;

/* Characters of a label kept in a <title> tooltip; the rest is cut with an ellipsis */
#define JY_SVG_TITLE_CHARS 1000

/* Start an empty document (user text is always read as UTF-8) */
extern void jy_svg_init(JySvg *s, const JyMem *m);

/* Release the buffer (after a failure, or when the caller does not take it) */
extern void jy_svg_free(JySvg *s);

/* Append trusted markup (a constant: never user text) */
extern void jy_svg_raw(JySvg *s, const char *markup);

/*
 * Append trusted markup formatted by printf (numbers and constant strings:
 * never user text, which goes through jy_svg_escaped).  Non-finite doubles
 * must not be passed.
 */
extern void jy_svg_fmt(JySvg *s, const char *fmt,...)
#if defined(__GNUC__) || defined(__clang__)
			__attribute__((format(printf, 2, 3)))
#endif
			;

/*
 * Append user text t[0..len), escaped for character data and attribute
 * values; at most maxchars characters (SIZE_MAX for all), and an ellipsis
 * when it was cut
 */
extern void jy_svg_escaped(JySvg *s, const char *t, size_t len, size_t maxchars);

/*
 * The width, in pixels, of t[0..len) set in a sans-serif font of the given
 * size: an estimate from character classes (narrow, digits, wide capitals,
 * East Asian full width, combining marks), on the generous side
 */
extern double jy_svg_text_width(const char *t, size_t len, double font_size);

/*
 * Begin a document of width x height pixels (also its viewBox), of CSS
 * class "jy-chart jy-<kind>", with title (user text; NULL for none) as its
 * <title> and aria-label, drawn as a heading at the top when draw_title
 */
extern void jy_svg_begin(JySvg *s, double width, double height, const char *kind,
						 const char *title, size_t title_len, bool draw_title);

/* End the document */
extern void jy_svg_end(JySvg *s);

/*
 * A <text> label at (x, y) of CSS class cls, anchored "start", "middle" or
 * "end", of the given font size: user text t[0..len) shortened with an
 * ellipsis to fit max_width pixels (0: no limit), with the full text (up to
 * JY_SVG_TITLE_CHARS characters) in a <title> child when it was shortened
 */
extern void jy_svg_text(JySvg *s, double x, double y, const char *cls,
						const char *anchor, double font_size, double max_width,
						const char *t, size_t len);

/* A centred message (constant text) in an empty chart of width x height */
extern void jy_svg_message(JySvg *s, double width, double height, const char *msg);

/*
 * Fill colour of a share v in [0, 1] on the sequential ramp (light to dark,
 * monotone in lightness so that it reads in greyscale); NaN is the "no
 * value" grey
 */
extern const char *jy_svg_ramp(double v);

/* Does text on jy_svg_ramp(v) need to be white to stay readable? */
extern bool jy_svg_ramp_dark(double v);

/* The i-th categorical colour (cycling; neighbours differ in lightness) */
extern const char *jy_svg_category(int i);

/*
 * The finished document, NUL-terminated, of *len bytes; the caller owns it
 * (released with the JyMem).  NULL when any step failed: see s->status.
 */
extern char *jy_svg_finish(JySvg *s, size_t *len);

/*
 * A finished document doc[0..len) rewritten as pure ASCII, every non-ASCII
 * character a numeric character reference (&#x8CFC;): the same picture,
 * valid text in any database encoding.  NULL when out of memory.
 */
extern char *jy_svg_ascii(const JyMem *m, const char *doc, size_t len, size_t *outlen);

#endif							/* JY_SVG_H */
