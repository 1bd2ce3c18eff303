/*
 * heatmap.c -- layout of the cohort-retention heatmap (see heatmap.h)
 */
#include "heatmap.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "svg.h"

/* Cohorts sort by key, then period, then input position */
static int
cell_cmp(const JyHeatCell *a, const JyHeatCell *b)
{
	if (a->cohort != b->cohort)
		return a->cohort < b->cohort ? -1 : 1;
	if (a->period != b->period)
		return a->period < b->period ? -1 : 1;
	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return 0;
}

#define JY_SORT_NAME sort_cells
#define JY_SORT_TYPE JyHeatCell
#define JY_SORT_CMP cell_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Geometry, in pixels */
#define PAD 12.0
#define CELL_H 24.0
#define MIN_CELL_W 32.0
#define DEFAULT_W 720.0
#define LABEL_MAX_W 160.0
#define SIZE_MAX_W 110.0
#define FONT 12.0
#define CELL_FONT 11.0
#define SWATCH_W 24.0

/* Bytes of a cohort label */
#define LABEL_CAP 64

/* v with thousands separators (see heatmap.h) */
char *
jy_chart_count(char buf[32], int64_t v)
{
	char		digits[24];
	uint64_t	u = v < 0 ? (uint64_t) 0 - (uint64_t) v : (uint64_t) v;
	int			nd = 0,
				i,
				o = 0;

	do
	{
		digits[nd++] = (char) ('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		buf[o++] = '-';
	for (i = nd - 1; i >= 0; i--)
	{
		buf[o++] = digits[i];
		if (i > 0 && i % 3 == 0)
			buf[o++] = ',';
	}
	buf[o] = '\0';
	return buf;
}

/* A rate as a percentage: one decimal below 10 %, none above */
static void
pct_text(char buf[48], double rate)
{
	long double v = (long double) rate * 100.0L;

	if (fabsl(v) >= 1e6L)
		snprintf(buf, 48, "%.2Le%%", v);
	else if (v != 0 && fabsl(v) < 9.95L)
		snprintf(buf, 48, "%.1Lf%%", v);
	else
		snprintf(buf, 48, "%.0Lf%%", v);
}

/* Fail with error e at cell c */
static char *
fail(JyHeatResult *res, JyHeatError e, const JyHeatCell *c)
{
	res->error = e;
	if (c != NULL)
		res->cell = *c;
	return NULL;
}

/* The legend of the ramp at the top-left corner (x, y) */
static void
legend(JySvg *s, double x, double y)
{
	int			k;
	double		sx = x + 40;

	jy_svg_raw(s, "<g class=\"jy-legend\">");
	jy_svg_fmt(s, "<text x=\"%.1f\" y=\"%.1f\" class=\"jy-muted\" text-anchor=\"start\" "
			   "font-size=\"11\">rate</text>", x, y + 12);
	for (k = 0; k < 9; k++)
		jy_svg_fmt(s, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\" "
				   "stroke=\"#d9d9d9\" stroke-width=\"0.5\"/>",
				   sx + k * SWATCH_W, y + 1, SWATCH_W, jy_svg_ramp((k + 0.5) / 9.0));
	jy_svg_fmt(s, "<text x=\"%.1f\" y=\"%.1f\" class=\"jy-muted\" text-anchor=\"start\" "
			   "font-size=\"10\">0%%</text>", sx, y + 28);
	jy_svg_fmt(s, "<text x=\"%.1f\" y=\"%.1f\" class=\"jy-muted\" text-anchor=\"end\" "
			   "font-size=\"10\">100%% or more</text>", sx + 9 * SWATCH_W, y + 28);
	sx += 9 * SWATCH_W + 24;
	jy_svg_fmt(s, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"14\" fill=\"%s\"/>",
			   sx, y + 1, SWATCH_W, jy_svg_ramp(NAN));
	jy_svg_fmt(s, "<text x=\"%.1f\" y=\"%.1f\" class=\"jy-muted\" text-anchor=\"start\" "
			   "font-size=\"11\">no value</text>", sx + SWATCH_W + 6, y + 12);
	jy_svg_raw(s, "</g>");
}

/* The heatmap as SVG (see heatmap.h) */
char *
jy_heatmap_svg(const JyMem *m, const JyHeatCell *cells, size_t n,
			   const char *title, size_t title_len, JyHeatLabel label,
			   void *label_arg, size_t *len, JyHeatResult *res)
{
	JyHeatCell *w = NULL;
	char	   *labels = NULL;
	size_t	   *label_len = NULL;
	int64_t    *sizes = NULL;
	size_t		i,
				ncohorts = 0,
				row;
	int32_t		maxp = 0;
	double		label_w = 0,
				size_w = 0,
				left,
				cell_w,
				width,
				height,
				top,
				grid_top;
	JySvg		s;
	char	   *doc;
	char		num[32],
				pct[48];

	memset(res, 0, sizeof(*res));
	if (n > JY_HEAT_MAX_CELLS)
		return fail(res, JY_HEAT_TOO_MANY_CELLS, NULL);
	for (i = 0; i < n; i++)
	{
		if (cells[i].period < 0)
			return fail(res, JY_HEAT_NEGATIVE_PERIOD, &cells[i]);
		if (isinf(cells[i].rate))
			return fail(res, JY_HEAT_NONFINITE_RATE, &cells[i]);
		if (cells[i].size < -1)
			return fail(res, JY_HEAT_NEGATIVE_SIZE, &cells[i]);
		if (cells[i].period >= JY_HEAT_MAX_PERIODS)
			return fail(res, JY_HEAT_TOO_MANY_PERIODS, &cells[i]);
		if (cells[i].period > maxp)
			maxp = cells[i].period;
	}

	jy_svg_init(&s, m);
	if (n == 0)
	{
		top = title != NULL ? 40 : 0;
		jy_svg_begin(&s, DEFAULT_W, top + 120, "heatmap", title, title_len, title != NULL);
		jy_svg_message(&s, DEFAULT_W, 2 * top + 120, "no data");
		jy_svg_end(&s);
		goto finish;
	}

	/* sorted copy; duplicates and sizes */
	w = m->alloc(m->arg, n * sizeof(JyHeatCell));
	if (w == NULL)
		goto oom;
	memcpy(w, cells, n * sizeof(JyHeatCell));
	for (i = 0; i < n; i++)
		w[i].pos = (uint32_t) i;
	sort_cells(w, n, NULL, m);
	for (i = 0; i < n; i++)
	{
		if (i > 0 && w[i].cohort == w[i - 1].cohort && w[i].period == w[i - 1].period)
		{
			fail(res, JY_HEAT_DUPLICATE, &w[i]);
			goto cleanup;
		}
		if (i == 0 || w[i].cohort != w[i - 1].cohort)
			ncohorts++;
	}
	if (ncohorts > JY_HEAT_MAX_COHORTS)
	{
		fail(res, JY_HEAT_TOO_MANY_COHORTS, NULL);
		goto cleanup;
	}
	labels = m->alloc(m->arg, ncohorts * LABEL_CAP);
	label_len = m->alloc(m->arg, ncohorts * sizeof(size_t));
	sizes = m->alloc(m->arg, ncohorts * sizeof(int64_t));
	if (labels == NULL || label_len == NULL || sizes == NULL)
		goto oom;
	row = 0;
	for (i = 0; i < n; i++)
	{
		if (i > 0 && w[i].cohort != w[i - 1].cohort)
			row++;
		if (i == 0 || w[i].cohort != w[i - 1].cohort)
		{
			sizes[row] = -1;
			label_len[row] = label(label_arg, w[i].cohort, labels + row * LABEL_CAP, LABEL_CAP);
			if (label_len[row] > LABEL_CAP)
				label_len[row] = LABEL_CAP;
		}
		if (w[i].size >= 0)
		{
			if (sizes[row] >= 0 && sizes[row] != w[i].size)
			{
				res->other = sizes[row];
				fail(res, JY_HEAT_SIZE_DIFFERS, &w[i]);
				goto cleanup;
			}
			sizes[row] = w[i].size;
		}
	}

	/* geometry */
	for (row = 0; row < ncohorts; row++)
	{
		double		lw = jy_svg_text_width(labels + row * LABEL_CAP, label_len[row], FONT);

		if (lw > label_w)
			label_w = lw;
		if (sizes[row] >= 0)
		{
			char		t[40];

			snprintf(t, sizeof(t), "n = %s", jy_chart_count(num, sizes[row]));
			lw = jy_svg_text_width(t, strlen(t), CELL_FONT);
			if (lw > size_w)
				size_w = lw;
		}
	}
	if (label_w < jy_svg_text_width("cohort", 6, FONT))
		label_w = jy_svg_text_width("cohort", 6, FONT);
	label_w = fmin(label_w, LABEL_MAX_W);
	size_w = fmin(size_w, SIZE_MAX_W);
	left = PAD + label_w + 8 + (size_w > 0 ? size_w + 8 : 0) + 4;
	cell_w = fmax(MIN_CELL_W, floor((DEFAULT_W - left - PAD) / (maxp + 1)));
	width = fmax(DEFAULT_W, ceil(left + (maxp + 1) * cell_w + PAD));
	top = title != NULL ? 40 : 8;
	grid_top = top + 22;
	height = grid_top + ncohorts * CELL_H + 56;

	jy_svg_begin(&s, width, height, "heatmap", title, title_len, title != NULL);
	/* header: the periods */
	jy_svg_fmt(&s, "<text x=\"%.1f\" y=\"%.1f\" class=\"jy-muted\" text-anchor=\"start\" "
			   "font-size=\"11\">cohort</text>", PAD, top + 14);
	jy_svg_fmt(&s, "<text x=\"%.1f\" y=\"%.1f\" class=\"jy-muted\" text-anchor=\"end\" "
			   "font-size=\"11\">period</text>", left - 4, top + 14);
	for (i = 0; i <= (size_t) maxp; i++)
		jy_svg_fmt(&s, "<text x=\"%.1f\" y=\"%.1f\" class=\"jy-axis-label\" "
				   "text-anchor=\"middle\" font-size=\"11\">%d</text>",
				   left + (i + 0.5) * cell_w, top + 14, (int) i);

	/* the rows */
	row = 0;
	for (i = 0; i < n; i++)
	{
		double		y,
					x;
		const JyHeatCell *c = &w[i];
		const char *lab;

		if (i > 0 && c->cohort != w[i - 1].cohort)
			row++;
		y = grid_top + row * CELL_H;
		lab = labels + row * LABEL_CAP;
		if (i == 0 || c->cohort != w[i - 1].cohort)
		{
			jy_svg_fmt(&s, "<g class=\"jy-row\" data-row=\"%zu\">", row);
			jy_svg_text(&s, PAD, y + 16, "jy-cohort", "start", FONT, label_w + 2,
						lab, label_len[row]);
			if (sizes[row] >= 0)
				jy_svg_fmt(&s, "<text x=\"%.1f\" y=\"%.1f\" class=\"jy-muted jy-size\" "
						   "text-anchor=\"end\" font-size=\"11\">n = %s</text>",
						   left - 4, y + 16, jy_chart_count(num, sizes[row]));
		}
		x = left + c->period * cell_w;
		jy_svg_fmt(&s, "<rect class=\"jy-cell\" data-row=\"%zu\" data-period=\"%d\"",
				   row, (int) c->period);
		if (!isnan(c->rate))
			jy_svg_fmt(&s, " data-rate=\"%.17g\"", c->rate);
		jy_svg_fmt(&s, " x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
				   x + 1, y + 1, cell_w - 2, CELL_H - 2, jy_svg_ramp(c->rate));
		jy_svg_raw(&s, "<title>");
		jy_svg_escaped(&s, lab, label_len[row], SIZE_MAX);
		if (isnan(c->rate))
			jy_svg_fmt(&s, ", period %d: no value", (int) c->period);
		else
		{
			pct_text(pct, c->rate);
			jy_svg_fmt(&s, ", period %d: %s", (int) c->period, pct);
		}
		jy_svg_raw(&s, "</title></rect>");
		if (!isnan(c->rate))
		{
			if (jy_svg_text_width(pct, strlen(pct), CELL_FONT) <= cell_w - 4)
				jy_svg_fmt(&s, "<text x=\"%.1f\" y=\"%.1f\" class=\"%s\" text-anchor=\"middle\" "
						   "font-size=\"11\">%s</text>", x + cell_w / 2, y + 16,
						   jy_svg_ramp_dark(c->rate) ? "jy-on-dark" : "jy-cell-text", pct);
		}
		if (i + 1 == n || w[i + 1].cohort != c->cohort)
			jy_svg_raw(&s, "</g>");
	}
	legend(&s, PAD, grid_top + ncohorts * CELL_H + 12);
	jy_svg_end(&s);

finish:
	doc = jy_svg_finish(&s, len);
	if (doc == NULL)
	{
		res->error = JY_HEAT_STATUS;
		res->status = s.status;
	}
	goto release;
oom:
	res->error = JY_HEAT_STATUS;
	res->status = JY_ERR_OUT_OF_MEMORY;
cleanup:
	jy_svg_free(&s);
	doc = NULL;
release:
	if (w != NULL)
		m->release(m->arg, w);
	if (labels != NULL)
		m->release(m->arg, labels);
	if (label_len != NULL)
		m->release(m->arg, label_len);
	if (sizes != NULL)
		m->release(m->arg, sizes);
	return doc;
}
