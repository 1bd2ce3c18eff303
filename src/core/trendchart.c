/*
 * trendchart.c -- layout of the trend chart (see trendchart.h)
 */
#include "trendchart.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "svg.h"

/* Order of points: by period start */
static inline int
point_cmp(const JyTrendPoint *a, const JyTrendPoint *b)
{
	return a->t < b->t ? -1 : a->t > b->t;
}

#define JY_SORT_NAME sort_points
#define JY_SORT_TYPE JyTrendPoint
#define JY_SORT_CMP point_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Sort points, find a duplicate (see trendchart.h) */
bool
jy_trend_sort(JyTrendPoint *p, size_t n, int64_t *dup, const JyMem *m)
{
	size_t		i;

	sort_points(p, n, NULL, m);
	for (i = 1; i < n; i++)
		if (p[i].t == p[i - 1].t)
		{
			*dup = p[i].t;
			return true;
		}
	return false;
}

/* Nice ticks (see trendchart.h) */
double
jy_nice_ticks(double lo, double hi, int target, double *tlo, double *thi)
{
	double		raw = (hi - lo) / (target > 0 ? target : 1);
	double		mag = pow(10.0, floor(log10(raw)));
	double		f = raw / mag,
				step;

	if (f <= 1.0)
		step = mag;
	else if (f <= 2.0)
		step = 2 * mag;
	else if (f <= 2.5)
		step = 2.5 * mag;
	else if (f <= 5.0)
		step = 5 * mag;
	else
		step = 10 * mag;
	*tlo = floor(lo / step + 1e-9) * step;
	*thi = ceil(hi / step - 1e-9) * step;
	if (*thi <= *tlo)
		*thi = *tlo + step;
	return step;
}

/* Decimals needed to print multiples of step (a share) as percentages */
static int
percent_decimals(double step)
{
	double		v = step * 100.0;
	int			d;

	for (d = 0; d < 6; d++)
	{
		if (fabs(v - round(v)) < 1e-6 * (v > 1 ? v : 1))
			break;
		v *= 10;
	}
	return d;
}

/* Geometry of one chart */
typedef struct Frame
{
	double		left,
				right,
				top,
				bottom;			/* the plot area */
	double		tmin,
				tmax;			/* time range */
	double		vlo,
				vhi;			/* value range of the y axis */
} Frame;

/* x of a point at time t */
static double
frame_x(const Frame *f, int64_t t)
{
	double		inset = 12;

	if (f->tmax <= f->tmin)
		return (f->left + f->right) / 2;
	return f->left + inset + ((double) t - f->tmin) / (f->tmax - f->tmin) *
		(f->right - f->left - 2 * inset);
}

/* y of a value */
static double
frame_y(const Frame *f, double v)
{
	return f->bottom - (v - f->vlo) / (f->vhi - f->vlo) * (f->bottom - f->top);
}

/* Is the point's rate drawable? */
static bool
has_rate(const JyTrendPoint *p)
{
	return p->has_rate && isfinite(p->rate) && fabs(p->rate) <= JY_TREND_MAX_VALUE;
}

/* Is the point's interval drawable? */
static bool
has_ci(const JyTrendPoint *p)
{
	return p->has_ci && isfinite(p->lo) && isfinite(p->hi) && p->lo <= p->hi &&
		fabs(p->lo) <= JY_TREND_MAX_VALUE && fabs(p->hi) <= JY_TREND_MAX_VALUE;
}

/* The y axis: grid lines and percentage labels at nice ticks */
static void
draw_y_axis(JySvg *s, const Frame *f, double step)
{
	int			d = percent_decimals(step);
	int			k;

	for (k = 0;; k++)
	{
		double		v = f->vlo + k * step;
		double		y;

		if (v > f->vhi + step / 2 || k > 100)
			break;
		y = frame_y(f, v);
		jy_svg_fmt(s, "<path class=\"jy-grid\" d=\"M%.2f %.2fH%.2f\"/>", f->left, y, f->right);
		jy_svg_fmt(s, "<text x=\"%.1f\" y=\"%.1f\" class=\"jy-muted\" text-anchor=\"end\" "
				   "font-size=\"11\">%.*f%%</text>", f->left - 6, y + 4, d,
				   fabs(v) < step * 1e-9 ? 0.0 : v * 100.0);
	}
	jy_svg_fmt(s, "<path class=\"jy-axis\" d=\"M%.2f %.2fV%.2fH%.2f\"/>",
			   f->left, f->top, f->bottom, f->right);
}

/* x labels, from the left, each where it does not overlap the previous one */
static void
draw_x_labels(JySvg *s, const Frame *f, const JyTrendPoint *p, size_t n, double width)
{
	double		last_right = -1e300;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		double		x = frame_x(f, p[i].t);
		double		w,
					lx;

		if (p[i].label == NULL)
			continue;
		w = jy_svg_text_width(p[i].label, p[i].label_len, 11);
		if (w > 120)
			w = 120;
		/* the label's centre, moved inside the chart near its edges */
		lx = fmax(fmin(x, width - 2 - w / 2), 2 + w / 2);
		if (lx - w / 2 < last_right + 8)
			continue;
		jy_svg_fmt(s, "<path class=\"jy-axis\" d=\"M%.2f %.2fV%.2f\"/>", x, f->bottom, f->bottom + 4);
		jy_svg_text(s, lx, f->bottom + 17, "jy-muted jy-tick", "middle", 11, 120,
					p[i].label, p[i].label_len);
		last_right = lx + w / 2;
	}
}

/* The interval: a band over runs of points with one, an error bar alone */
static void
draw_intervals(JySvg *s, const Frame *f, const JyTrendPoint *p, size_t n)
{
	size_t		i = 0;

	while (i < n)
	{
		size_t		j = i,
					k;

		if (!has_ci(&p[i]))
		{
			i++;
			continue;
		}
		while (j + 1 < n && has_ci(&p[j + 1]))
			j++;
		if (j == i)
		{
			double		x = frame_x(f, p[i].t);

			jy_svg_fmt(s, "<path class=\"jy-ci\" d=\"M%.2f %.2fH%.2fM%.2f %.2fV%.2fM%.2f %.2fH%.2f\"/>",
					   x - 4, frame_y(f, p[i].hi), x + 4, x, frame_y(f, p[i].hi),
					   frame_y(f, p[i].lo), x - 4, frame_y(f, p[i].lo), x + 4);
		}
		else
		{
			jy_svg_raw(s, "<path class=\"jy-band\" d=\"");
			for (k = i; k <= j; k++)
				jy_svg_fmt(s, "%s%.2f %.2f", k == i ? "M" : "L", frame_x(f, p[k].t),
						   frame_y(f, p[k].hi));
			for (k = j + 1; k-- > i;)
				jy_svg_fmt(s, "L%.2f %.2f", frame_x(f, p[k].t), frame_y(f, p[k].lo));
			jy_svg_raw(s, "Z\"/>");
		}
		i = j + 1;
	}
}

/*
 * The line: solid between complete points, dashed into and out of an
 * incomplete one, broken at a point without a rate
 */
static void
draw_line(JySvg *s, const Frame *f, const JyTrendPoint *p, size_t n)
{
	bool		open = false;
	size_t		i;

	for (i = 1; i < n; i++)
	{
		const JyTrendPoint *a = &p[i - 1],
				   *b = &p[i];
		bool		seg = has_rate(a) && has_rate(b);
		bool		solid = seg && a->complete && b->complete;

		if (open && !solid)
		{
			jy_svg_raw(s, "\"/>");
			open = false;
		}
		if (solid)
		{
			if (!open)
				jy_svg_fmt(s, "<path class=\"jy-line\" d=\"M%.2f %.2f",
						   frame_x(f, a->t), frame_y(f, a->rate));
			jy_svg_fmt(s, "L%.2f %.2f", frame_x(f, b->t), frame_y(f, b->rate));
			open = true;
		}
		else if (seg)
			jy_svg_fmt(s, "<path class=\"jy-line jy-incomplete\" d=\"M%.2f %.2fL%.2f %.2f\"/>",
					   frame_x(f, a->t), frame_y(f, a->rate),
					   frame_x(f, b->t), frame_y(f, b->rate));
	}
	if (open)
		jy_svg_raw(s, "\"/>");
}

/* The points: filled when complete, hollow when not, with their data */
static void
draw_points(JySvg *s, const Frame *f, const JyTrendPoint *p, size_t n, const JyMem *m)
{
	/* smaller markers when there are many, so that the line stays visible */
	double		r = n <= 60 ? 3.5 : n <= 200 ? 2.5 : 1.5;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		jy_interrupt_every(m, i);
		if (!has_rate(&p[i]))
			continue;
		jy_svg_fmt(s, "<circle class=\"jy-point\" data-rate=\"%.9g\" data-complete=\"%s\" "
				   "cx=\"%.2f\" cy=\"%.2f\" r=\"%.1f\" fill=\"%s\" stroke=\"#08306b\" "
				   "stroke-width=\"1.5\"", p[i].rate, p[i].complete ? "true" : "false",
				   frame_x(f, p[i].t), frame_y(f, p[i].rate), r,
				   p[i].complete ? "#08306b" : "#ffffff");
		if (p[i].label != NULL)
		{
			jy_svg_raw(s, " data-period=\"");
			jy_svg_escaped(s, p[i].label, p[i].label_len, 200);
			jy_svg_raw(s, "\"");
		}
		jy_svg_raw(s, "><title>");
		if (p[i].label != NULL)
		{
			jy_svg_escaped(s, p[i].label, p[i].label_len, 200);
			jy_svg_raw(s, ": ");
		}
		jy_svg_fmt(s, "%.2f%%%s</title></circle>", p[i].rate * 100.0,
				   p[i].complete ? "" : " (incomplete period)");
	}
}

/* The legend above the plot: rate, interval, incomplete period */
static void
draw_legend(JySvg *s, double x, double y, bool any_ci, bool any_incomplete)
{
	jy_svg_fmt(s, "<path class=\"jy-line\" d=\"M%.2f %.2fH%.2f\"/>", x, y - 4, x + 20);
	jy_svg_text(s, x + 26, y, "jy-legend", "start", 11, 0, "rate", 4);
	x += 70;
	if (any_ci)
	{
		jy_svg_fmt(s, "<rect class=\"jy-band\" x=\"%.2f\" y=\"%.2f\" width=\"20\" height=\"10\"/>",
				   x, y - 9);
		jy_svg_text(s, x + 26, y, "jy-legend", "start", 11, 0, "interval", 8);
		x += 90;
	}
	if (any_incomplete)
	{
		jy_svg_fmt(s, "<path class=\"jy-line jy-incomplete\" d=\"M%.2f %.2fH%.2f\"/>",
				   x, y - 4, x + 28);
		jy_svg_fmt(s, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"3.5\" fill=\"#ffffff\" "
				   "stroke=\"#08306b\" stroke-width=\"1.5\"/>", x + 14, y - 4);
		jy_svg_text(s, x + 34, y, "jy-legend", "start", 11, 0, "incomplete period", 17);
	}
}

/* The trend chart (see trendchart.h) */
JyStatus
jy_trend_chart(const JyMem *m, const JyTrendPoint *p, size_t n,
			   const char *title, size_t title_len, char **out, size_t *len)
{
	const double width = JY_TREND_WIDTH,
				height = JY_TREND_HEIGHT;
	bool		drawn = title != NULL;
	bool		any_ci = false,
				any_incomplete = false,
				any_value = false;
	double		vlo = 0,
				vhi = 0,
				step,
				top;
	Frame		f;
	JySvg		s;
	size_t		i;

	*out = NULL;
	*len = 0;
	if (n > JY_TREND_MAX_POINTS)
		return JY_ERR_BAD_PARAMETER;
	for (i = 1; i < n; i++)
		if (p[i].t <= p[i - 1].t)
			return JY_ERR_BAD_PARAMETER;
	if (title == NULL)
		title = "Trend", title_len = 5;
	top = drawn ? 40 : 12;
	jy_svg_init(&s, m);
	jy_svg_begin(&s, width, height, "trend", title, title_len, drawn);
	if (n == 0)
	{
		jy_svg_message(&s, width, height, "no data");
		jy_svg_end(&s);
		*out = jy_svg_finish(&s, len);
		return *out != NULL ? JY_OK : s.status;
	}
	/* the value range: from 0 (or below) to the highest rate or bound */
	for (i = 0; i < n; i++)
	{
		double		lo,
					hi;

		if (has_ci(&p[i]))
		{
			any_ci = true;
			lo = p[i].lo, hi = p[i].hi;
			if (has_rate(&p[i]))
				lo = fmin(lo, p[i].rate), hi = fmax(hi, p[i].rate);
		}
		else if (has_rate(&p[i]))
			lo = hi = p[i].rate;
		else
			continue;
		if (!p[i].complete)
			any_incomplete = true;
		vlo = any_value ? fmin(vlo, lo) : lo;
		vhi = any_value ? fmax(vhi, hi) : hi;
		any_value = true;
	}
	for (i = 0; i < n; i++)
		if (!p[i].complete)
			any_incomplete = true;
	vlo = fmin(vlo, 0.0);
	if (!any_value)
		vhi = 1.0;
	if (!(vhi - vlo > 1e-12 * fmax(1.0, fabs(vlo))) || !isfinite(vhi - vlo))
		vhi = vlo + 0.01;
	f.left = 56;
	f.right = width - 20;
	f.top = top + 28;
	f.bottom = height - 36;
	f.tmin = (double) p[0].t;
	f.tmax = (double) p[n - 1].t;
	step = jy_nice_ticks(vlo, vhi, 5, &f.vlo, &f.vhi);
	draw_legend(&s, f.left, top + 12, any_ci, any_incomplete);
	draw_y_axis(&s, &f, step);
	draw_intervals(&s, &f, p, n);
	draw_line(&s, &f, p, n);
	draw_points(&s, &f, p, n, m);
	draw_x_labels(&s, &f, p, n, width);
	jy_svg_end(&s);
	*out = jy_svg_finish(&s, len);
	return *out != NULL ? JY_OK : s.status;
}
