/*
 * funnelchart.c -- layout of the funnel chart (see funnelchart.h)
 */
#include "funnelchart.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"
#include "svg.h"

/* Margin around the chart and the height of one step's row, in pixels */
#define PAD 12.0
#define ROW 66.0
#define BAR_HEIGHT 22.0

/* The thousands-separated text of v (see funnelchart.h) */
void
jy_chart_int(char *buf, int64_t v)
{
	char		digits[24];
	uint64_t	u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;
	int			n,
				i,
				o = 0;

	n = snprintf(digits, sizeof(digits), "%" PRIu64, u);
	if (v < 0)
		buf[o++] = '-';
	for (i = 0; i < n; i++)
	{
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
}

/* "12.3%" of a share into buf, or an em dash when there is none */
static void
percent(char *buf, size_t size, bool has, double share)
{
	if (has && isfinite(share))
		snprintf(buf, size, "%.1f%%", share * 100.0);
	else
		snprintf(buf, size, "\xe2\x80\x94");
}

/* The statistics line of step i (long or short form) into buf */
static void
stats_line(char *buf, size_t size, const JyFunnelRow *r, const int64_t *counts,
		   int i, bool shortform)
{
	char		actors[28],
				dropped[28],
				conv[16],
				drop[16];

	jy_chart_int(actors, r->actors);
	percent(conv, sizeof(conv), r->has_conversion, r->conversion);
	if (i == 0)
	{
		snprintf(buf, size, shortform ? "%s \xc2\xb7 %s" : "%s actors \xc2\xb7 %s",
				 actors, conv);
		return;
	}
	jy_chart_int(dropped, r->dropped);
	percent(drop, sizeof(drop), counts[i - 1] > 0,
			counts[i - 1] > 0 ? (double) r->dropped / (double) counts[i - 1] : 0.0);
	snprintf(buf, size, shortform ? "%s \xc2\xb7 %s \xc2\xb7 \xe2\x88\x92%s (%s)"
			 : "%s actors \xc2\xb7 %s of step 1 \xc2\xb7 dropped %s (%s) since step %d",
			 actors, conv, dropped, drop, i);
}

/* One step's row at the top y: name, bar, drop-off, error bar, statistics */
static void
draw_step(JySvg *s, const JyFunnelRow *r, const int64_t *counts, int i,
		  const char *name, size_t name_len, double y, double width)
{
	double		plot = width - 2 * PAD;
	double		c0 = (double) counts[0];
	double		bar = c0 > 0 ? plot * (double) counts[i] / c0 : 0.0;
	double		mid = y + 20 + BAR_HEIGHT / 2;
	char		line[200];
	char		fallback[24];

	if (name == NULL)
	{
		snprintf(fallback, sizeof(fallback), "Step %d", i + 1);
		name = fallback;
		name_len = strlen(fallback);
	}
	jy_svg_text(s, PAD, y + 14, "jy-label", "start", 13, plot, name, name_len);
	jy_svg_fmt(s, "<rect class=\"jy-bar\" data-step=\"%d\" data-actors=\"%" PRId64 "\" "
			   "x=\"%.2f\" y=\"%.2f\" width=\"%.4f\" height=\"%.0f\" fill=\"#6baed6\">",
			   i + 1, counts[i], PAD, y + 20, bar, BAR_HEIGHT);
	jy_svg_fmt(s, "<title>Step %d: %" PRId64 " actors</title></rect>", i + 1, counts[i]);
	if (i > 0 && c0 > 0 && counts[i - 1] > counts[i])
		jy_svg_fmt(s, "<rect class=\"jy-drop\" data-step=\"%d\" data-dropped=\"%" PRId64 "\" "
				   "x=\"%.2f\" y=\"%.2f\" width=\"%.4f\" height=\"%.0f\" fill=\"#e0e0e0\"/>",
				   i + 1, r->dropped, PAD + bar, y + 20,
				   plot * (double) r->dropped / c0, BAR_HEIGHT);
	if (i > 0 && r->has_conversion && isfinite(r->ci_low) && isfinite(r->ci_high))
	{
		double		x1 = PAD + plot * r->ci_low,
					x2 = PAD + plot * r->ci_high;

		jy_svg_fmt(s, "<path class=\"jy-ci\" data-step=\"%d\" data-low=\"%.6f\" "
				   "data-high=\"%.6f\" d=\"M%.2f %.2fV%.2fM%.2f %.2fH%.2fM%.2f %.2fV%.2f\"/>",
				   i + 1, r->ci_low, r->ci_high, x1, mid - 5, mid + 5, x1, mid, x2,
				   x2, mid - 5, mid + 5);
	}
	stats_line(line, sizeof(line), r, counts, i, false);
	if (jy_svg_text_width(line, strlen(line), 11) > plot)
		stats_line(line, sizeof(line), r, counts, i, true);
	jy_svg_fmt(s, "<text x=\"%.1f\" y=\"%.1f\" class=\"jy-muted\" text-anchor=\"start\" "
			   "font-size=\"11\">%s</text>", PAD, y + 56, line);
}

/* The funnel chart (see funnelchart.h) */
JyStatus
jy_funnel_chart(const JyMem *m, const int64_t *counts, int n,
				const char *const *names, const size_t *name_lens,
				double confidence, double z, const char *title, size_t title_len,
				int width, char **out, size_t *len)
{
	JyFunnelRow rows[JY_MAX_STEPS];
	JySvg		s;
	double		top,
				height;
	int			at,
				i;
	bool		drawn = title != NULL;
	bool		note;

	*out = NULL;
	*len = 0;
	if (width < JY_CHART_MIN_WIDTH || width > JY_CHART_MAX_WIDTH ||
		!(z > 0) || !isfinite(z) || !(confidence > 0 && confidence < 1))
		return JY_ERR_BAD_PARAMETER;
	if (n != 0 && jy_counts_check(counts, n, &at) != JY_COUNTS_OK)
		return JY_ERR_BAD_PARAMETER;
	if (title == NULL)
		title = "Funnel", title_len = 6;
	jy_svg_init(&s, m);
	top = drawn ? 40 : 12;
	if (n == 0)
	{
		height = top + 100;
		jy_svg_begin(&s, width, height, "funnel", title, title_len, drawn);
		jy_svg_message(&s, width, 2 * (top + 50), "no data");
	}
	else
	{
		jy_funnel_report(counts, n, z, rows);
		note = n > 1 && counts[0] > 0;
		height = top + n * ROW + (note ? 24 : 4);
		jy_svg_begin(&s, width, height, "funnel", title, title_len, drawn);
		for (i = 0; i < n; i++)
		{
			jy_interrupt(m);
			draw_step(&s, &rows[i], counts, i, names ? names[i] : NULL,
					  names && names[i] ? name_lens[i] : 0, top + i * ROW, width);
		}
		if (note)
			jy_svg_fmt(&s, "<text x=\"%.1f\" y=\"%.1f\" class=\"jy-muted\" text-anchor=\"start\" "
					   "font-size=\"11\">Error bars: %.4g%% Wilson interval of the conversion "
					   "from step 1; grey: dropped since the previous step</text>",
					   PAD, top + n * ROW + 8, confidence * 100.0);
	}
	jy_svg_end(&s);
	*out = jy_svg_finish(&s, len);
	return *out != NULL ? JY_OK : s.status;
}
