/*
 * trend.c -- conversion trends by entry period, and histograms of durations
 *
 * See trend.h.  The funnel of an entry is the one engine's (funnel.c) over
 * the actor's events from the entry's timestamp to entry + window.  Events
 * before the entry cannot belong to a chain that starts there, nor can
 * events after entry + window (every step of a chain lies within the
 * window of its step 1), so the slice changes nothing for a chain started
 * at the entry; JY_FUNNEL_FIRST_TIME then lets only the slice's first
 * step-1 event (the entry) start a chain.  In the default mode the slice
 * alone already gives that level: any chain inside the slice can be
 * restarted at the entry, whose window covers the whole slice.
 */
#include "trend.h"

#include <string.h>

#include "codec.h"
#include "cohort.h"
#include "isotime.h"

static const char *const unit_names[] = {
	[JY_TREND_DAY] = "day", [JY_TREND_WEEK] = "week", [JY_TREND_MONTH] = "month",
	[JY_TREND_WIDTH] = "width"
};

/* Parse a period unit (day, week, month): cohort.c's parser, same numbers */
bool
jy_trend_parse_unit(const char *s, size_t len, JyTrendUnit *unit)
{
	JyPeriodUnit u;

	if (!jy_period_parse(s, len, &u))
		return false;
	*unit = u == JY_PERIOD_DAY ? JY_TREND_DAY : u == JY_PERIOD_WEEK ? JY_TREND_WEEK : JY_TREND_MONTH;
	return true;
}

/* Name of a period unit */
const char *
jy_trend_unit_name(JyTrendUnit unit)
{
	return (int) unit >= 0 && (int) unit < JY_TREND_NUNITS ? unit_names[unit] : "unknown";
}

/*
 * floor(ts / width) * width and the next multiple, saturating at the ends
 * of int64 (the period of INT64_MIN starts at INT64_MIN)
 */
void
jy_trend_width_period(int64_t width, int64_t ts, int64_t *start, int64_t *end)
{
	int64_t		q = ts / width;

	if (ts % width < 0)
		q--;
	if (__builtin_mul_overflow(q, width, start))
		*start = INT64_MIN;
	if (__builtin_mul_overflow(q + 1, width, end))
		*end = INT64_MAX;
}

/* The period of ts in a zone of a fixed offset (see trend.h) */
bool
jy_trend_fixed_period(JyTrendUnit unit, int64_t off, int64_t ts, int64_t *start,
					  int64_t *end)
{
	const int64_t usecs_per_day = INT64_C(86400000000);
	JyPeriodUnit u = unit == JY_TREND_DAY ? JY_PERIOD_DAY
		: unit == JY_TREND_WEEK ? JY_PERIOD_WEEK : JY_PERIOD_MONTH;
	int64_t		local,
				day,
				k;

	if (unit == JY_TREND_WIDTH || ts < JY_TS_MIN || ts >= JY_TS_END ||
		off <= -usecs_per_day || off >= usecs_per_day)
		return false;
	local = ts + off;
	day = local / usecs_per_day - (local % usecs_per_day < 0 ? 1 : 0);
	k = jy_period_of_day(u, day);
	/* the first days of periods k and k + 1, as instants of the zone */
	*start = jy_period_first_day(u, k) * usecs_per_day - off;
	*end = jy_period_first_day(u, k + 1) * usecs_per_day - off;
	return *start >= JY_TS_MIN && *end < JY_TS_END;
}

/* The index of the first event after ev[from] later than limit */
static size_t
slice_end(const JyEvent *ev, size_t n, size_t from, int64_t entry, uint64_t window)
{
	size_t		j = from;
	int64_t		limit;

	/* entry + window, saturating (the window test itself never overflows) */
	if (window > (uint64_t) INT64_MAX ||
		__builtin_add_overflow(entry, (int64_t) window, &limit))
		return n;
	while (j < n && ev[j].ts <= limit)
		j++;
	return j;
}

/* The entries of one actor (see trend.h) */
JyStatus
jy_trend_entries(const JyEvent *ev, size_t n, const JyFunnelSpec *spec,
				 JyPeriodFn period, void *arg, const JyMem *m,
				 JyTrendEntry *out, size_t *nout)
{
	JyFunnelSpec s = *spec;
	size_t		i,
				first = 0,
				k = 0;
	bool		have = false;
	int64_t		start = 0,
				end = 0;

	s.flags |= JY_FUNNEL_FIRST_TIME;
	*nout = 0;
	for (i = 0; i < n; i++)
	{
		int64_t		ps,
					pe;
		int			level;
		JyStatus	st;

		/* the first event of a timestamp: where a slice from it begins */
		if (i == 0 || ev[i].ts != ev[i - 1].ts)
			first = i;
		if ((ev[i].mask & 1) == 0)
			continue;
		if (have && ev[i].ts >= start && ev[i].ts < end)
			continue;
		period(arg, ev[i].ts, &ps, &pe);
		if (have && ps == out[k - 1].period)
		{
			/* the same period (a timestamp the cache could not place) */
			start = ps;
			end = pe;
			continue;
		}
		have = true;
		start = ps;
		end = pe;
		jy_interrupt_every(m, k);
		/* events at the entry's timestamp come first in the engine's order */
		st = jy_funnel_eval(ev + first, slice_end(ev, n, i, ev[i].ts, spec->window) - first,
							&s, m, &level, NULL);
		if (st != JY_OK)
			return st;
		out[k].period = ps;
		out[k].entry = ev[i].ts;
		out[k].level = level < 1 ? 1 : level;
		k++;
	}
	*nout = k;
	return JY_OK;
}

/* ---- the summary ---- */

/* An empty summary */
void
jy_trend_init(JyTrend *t, const JyMem *m, uint8_t tstype, JyTrendUnit unit,
			  int64_t width, const JyFunnelSpec *spec)
{
	memset(t, 0, sizeof(*t));
	t->mem = m;
	t->tstype = tstype;
	t->unit = (uint8_t) unit;
	t->width = unit == JY_TREND_WIDTH ? width : 0;
	t->nsteps = (uint8_t) spec->nsteps;
	t->flags = spec->flags;
	t->window = spec->window;
}

/* Release the arrays */
void
jy_trend_free(JyTrend *t)
{
	if (t->period != NULL)
		t->mem->release(t->mem->arg, t->period);
	if (t->counts != NULL)
		t->mem->release(t->mem->arg, t->counts);
	t->period = NULL;
	t->counts = NULL;
	t->n = t->cap = 0;
}

/* Room for extra more periods: the counts grow by jy_grow, the starts follow */
static JyStatus
trend_reserve(JyTrend *t, uint32_t extra)
{
	uint32_t	cap = t->cap;
	void	   *counts = t->counts;
	void	   *p;
	JyStatus	st;

	if ((size_t) t->n + extra <= t->cap)
		return JY_OK;
	st = jy_grow(t->mem, &counts, &cap, t->n, extra, sizeof(int64_t) * t->nsteps,
				 JY_TREND_MAX_PERIODS);
	if (st != JY_OK)
		return st;
	t->counts = counts;
	p = t->period ? t->mem->resize(t->mem->arg, t->period, (size_t) cap * sizeof(int64_t))
		: t->mem->alloc(t->mem->arg, (size_t) cap * sizeof(int64_t));
	if (p == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	t->period = p;
	t->cap = cap;
	return JY_OK;
}

/* The index of period p, or where it would be inserted (*found false) */
static uint32_t
trend_find(const JyTrend *t, int64_t p, bool *found)
{
	uint32_t	lo = 0,
				hi = t->n;

	/* appends in period order are the common case */
	if (t->n > 0 && t->period[t->n - 1] < p)
	{
		*found = false;
		return t->n;
	}
	while (lo < hi)
	{
		uint32_t	mid = lo + (hi - lo) / 2;

		if (t->period[mid] < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < t->n && t->period[lo] == p;
	return lo;
}

/* The counts of the period at index i, inserted (zeros) if new */
static JyStatus
trend_slot(JyTrend *t, int64_t p, int64_t **counts)
{
	bool		found;
	uint32_t	i = trend_find(t, p, &found);
	size_t		ns = t->nsteps;

	if (!found)
	{
		JyStatus	st = trend_reserve(t, 1);

		if (st != JY_OK)
			return st;
		memmove(t->period + i + 1, t->period + i, (t->n - i) * sizeof(int64_t));
		memmove(t->counts + (i + 1) * ns, t->counts + i * ns,
				(t->n - i) * ns * sizeof(int64_t));
		t->period[i] = p;
		memset(t->counts + i * ns, 0, ns * sizeof(int64_t));
		t->n++;
	}
	*counts = t->counts + (size_t) i * ns;
	return JY_OK;
}

/* Count one entrant of a period */
JyStatus
jy_trend_add(JyTrend *t, int64_t period, int level)
{
	int64_t    *c;
	JyStatus	st = trend_slot(t, period, &c);
	int			k;

	if (st != JY_OK)
		return st;
	if (level < 1)
		level = 1;
	if (level > t->nsteps)
		level = t->nsteps;
	if (c[0] == INT64_MAX)
		return JY_ERR_BAD_PARAMETER;
	for (k = 0; k < level; k++)
		c[k]++;
	return JY_OK;
}

/* Why two summaries do not merge, or NULL */
const char *
jy_trend_mismatch(const JyTrend *a, const JyTrend *b)
{
	if (a->tstype != b->tstype)
		return "One has timestamptz periods, the other bigint periods.";
	if (a->unit != b->unit || a->width != b->width)
		return "Their periods differ.";
	if (a->window != b->window)
		return "Their funnel windows differ.";
	if (a->nsteps != b->nsteps)
		return "Their numbers of funnel steps differ.";
	if (a->flags != b->flags)
		return "Their funnel modes differ.";
	return NULL;
}

/* Add src into dst */
JyStatus
jy_trend_merge(JyTrend *dst, const JyTrend *src)
{
	uint32_t	i;
	int			k;

	if (src->has_end)
		jy_trend_saw(dst, src->data_end);
	for (i = 0; i < src->n; i++)
	{
		int64_t    *c;
		const int64_t *s = src->counts + (size_t) i * src->nsteps;
		JyStatus	st = trend_slot(dst, src->period[i], &c);

		if (st != JY_OK)
			return st;
		for (k = 0; k < dst->nsteps; k++)
			if (__builtin_add_overflow(c[k], s[k], &c[k]))
				return JY_ERR_BAD_PARAMETER;
	}
	return JY_OK;
}

/*
 * Payload after the header (docs/format.md): tstype, unit, nsteps (bytes),
 * flags, window (varints), width (svarint), has_end (byte), data_end
 * (svarint, if has_end), n (varint); then per period its start (svarint:
 * the first absolute, then the gap to the previous one minus 1 as a
 * varint), its entrants (varint, >= 1) and, for steps 2 .. nsteps, the
 * actors lost at the step (varints; their sum at most the entrants).
 */
void
jy_trend_encode(const JyTrend *t, JyWriter *w)
{
	uint32_t	i;
	int			k;

	jy_writer_header(w, JY_SUMMARY_TREND);
	jy_write_u8(w, t->tstype);
	jy_write_u8(w, t->unit);
	jy_write_u8(w, t->nsteps);
	jy_write_varint(w, t->flags);
	jy_write_varint(w, t->window);
	jy_write_svarint(w, t->width);
	jy_write_u8(w, t->has_end ? 1 : 0);
	if (t->has_end)
		jy_write_svarint(w, t->data_end);
	jy_write_varint(w, t->n);
	for (i = 0; i < t->n; i++)
	{
		const int64_t *c = t->counts + (size_t) i * t->nsteps;

		if (i == 0)
			jy_write_svarint(w, t->period[0]);
		else
			jy_write_varint(w, (uint64_t) t->period[i] - (uint64_t) t->period[i - 1] - 1);
		jy_write_varint(w, (uint64_t) c[0]);
		for (k = 1; k < t->nsteps; k++)
			jy_write_varint(w, (uint64_t) (c[k - 1] - c[k]));
	}
}

/* Decode and check a summary */
JyStatus
jy_trend_decode(JyTrend *t, const JyMem *m, const uint8_t *data, size_t len,
				const char **why)
{
	JyReader	r;
	JyFunnelSpec spec = {0};
	uint8_t		tstype,
				unit;
	int64_t		width;
	uint64_t	n,
				i;
	JyStatus	st;
	const char *bad = NULL;

	memset(t, 0, sizeof(*t));
	t->mem = m;
	jy_reader_init(&r, data, len);
	st = jy_reader_header(&r, JY_SUMMARY_TREND, why);
	if (st != JY_OK)
		return st;
	tstype = jy_read_u8(&r);
	unit = jy_read_u8(&r);
	spec.nsteps = jy_read_u8(&r);
	spec.flags = (uint32_t) jy_read_count(&r, JY_FUNNEL_ALL_FLAGS);
	spec.window = jy_read_varint(&r);
	width = jy_read_svarint(&r);
	if (!r.ok)
		return jy_reader_end(&r, "The summary ends inside its parameters.", why);
	if (tstype != 0 && tstype != JY_TS_TYPE_BIGINT)
		bad = "Its timestamp type is unknown.";
	else if (unit >= JY_TREND_NUNITS || (unit == JY_TREND_WIDTH) != (tstype == JY_TS_TYPE_BIGINT))
		bad = "Its period unit is unknown or does not match its timestamp type.";
	else if (unit == JY_TREND_WIDTH ? width <= 0 : width != 0)
		bad = "Its period width is invalid.";
	else if (spec.nsteps < 1 || spec.nsteps > JY_MAX_STEPS)
		bad = "Its number of funnel steps is out of range.";
	else if (spec.window == 0 || jy_funnel_mode_conflict(spec.flags) != NULL ||
			 ((spec.flags & JY_FUNNEL_ALLOW_REENTRY) && !(spec.flags & JY_FUNNEL_STRICT_ORDER)))
		bad = "Its funnel window or mode is invalid.";
	if (bad != NULL)
	{
		*why = bad;
		return JY_ERR_CORRUPT;
	}
	jy_trend_init(t, m, tstype, (JyTrendUnit) unit, width, &spec);
	switch (jy_read_u8(&r))
	{
		case 0:
			break;
		case 1:
			jy_trend_saw(t, jy_read_svarint(&r));
			if (r.ok && tstype == 0 && !jy_ts_valid(t->data_end))
				bad = "Its data end is outside the range of timestamptz.";
			break;
		default:
			r.ok = false;
	}
	n = jy_read_count(&r, JY_TREND_MAX_PERIODS);
	if (!r.ok || bad != NULL)
	{
		*why = bad;
		return bad != NULL ? JY_ERR_CORRUPT : jy_reader_end(&r, "The summary ends inside its parameters.", why);
	}
	/* every period takes at least nsteps bytes: refuse a count beyond them */
	if (n > jy_reader_left(&r) / spec.nsteps)
	{
		*why = "Its number of periods exceeds its length.";
		return JY_ERR_CORRUPT;
	}
	st = trend_reserve(t, (uint32_t) n);
	if (st != JY_OK)
		return st;
	for (i = 0; i < n && r.ok; i++)
	{
		int64_t    *c = t->counts + (size_t) i * spec.nsteps;
		int64_t		p;
		int			k;

		if (i == 0)
			p = jy_read_svarint(&r);
		else
		{
			uint64_t	gap = jy_read_varint(&r);
			int64_t		prev = t->period[i - 1];

			/* the next start is prev + gap + 1, at most INT64_MAX */
			if (r.ok && gap >= (uint64_t) INT64_MAX - (uint64_t) prev)
			{
				*why = "Its periods are not strictly ascending.";
				return JY_ERR_CORRUPT;
			}
			p = (int64_t) ((uint64_t) prev + gap + 1);
		}
		if (r.ok && tstype == 0 && !jy_ts_valid(p))
		{
			*why = "A period starts outside the range of timestamptz.";
			return JY_ERR_CORRUPT;
		}
		if (r.ok && unit == JY_TREND_WIDTH && p % width != 0 && p != INT64_MIN)
		{
			*why = "A period does not start at a multiple of its width.";
			return JY_ERR_CORRUPT;
		}
		t->period[i] = p;
		c[0] = (int64_t) jy_read_count(&r, INT64_MAX);
		if (r.ok && c[0] < 1)
		{
			*why = "A period has no entrants.";
			return JY_ERR_CORRUPT;
		}
		for (k = 1; k < spec.nsteps; k++)
		{
			uint64_t	lost = jy_read_count(&r, INT64_MAX);

			if (r.ok && lost > (uint64_t) c[k - 1])
			{
				*why = "A period loses more actors than it has.";
				return JY_ERR_CORRUPT;
			}
			c[k] = c[k - 1] - (int64_t) lost;
		}
		t->n = (uint32_t) (i + 1);
	}
	return jy_reader_end(&r, "The summary ends inside its periods.", why);
}

/* jy_trend_decode as a check */
JyStatus
jy_trend_check(const uint8_t *data, size_t len, const JyMem *m, const char **why)
{
	JyTrend		t;
	JyStatus	st = jy_trend_decode(&t, m, data, len, why);

	jy_trend_free(&t);
	return st;
}

/* ---- histograms ---- */

/*
 * least(60, greatest(1, ceil(cbrt(n)))), with the cube root's ceiling
 * exact (the smallest b with b^3 >= n: cbrt in floating point may give
 * 3.0000000000000004 for 27)
 */
int
jy_hist_auto_bins(size_t n)
{
	uint64_t	b = 1;

	while (b < 60 && b * b * b < n)
		b++;
	return (int) b;
}

/* ceil(i * range / bins) for 0 <= i <= bins, exactly */
static uint64_t
edge_offset(uint64_t range, int i, int bins)
{
	unsigned __int128 x = (unsigned __int128) range * (unsigned) i;

	return (uint64_t) ((x + (unsigned) bins - 1) / (unsigned) bins);
}

/* Equal-width bins from the smallest to the largest value */
int
jy_histogram(const int64_t *v, size_t n, int bins, JyHistBin *out)
{
	int64_t		lo = v[0],
				hi = v[0];
	uint64_t	range;
	size_t		j;
	int			i;

	for (j = 1; j < n; j++)
	{
		if (v[j] < lo)
			lo = v[j];
		if (v[j] > hi)
			hi = v[j];
	}
	if (lo == hi)
	{
		out[0].start = out[0].end = lo;
		out[0].count = (int64_t) n;
		return 1;
	}
	range = (uint64_t) hi - (uint64_t) lo;
	for (i = 0; i < bins; i++)
	{
		out[i].start = (int64_t) ((uint64_t) lo + edge_offset(range, i, bins));
		out[i].end = (int64_t) ((uint64_t) lo + edge_offset(range, i + 1, bins));
		out[i].count = 0;
	}
	for (j = 0; j < n; j++)
	{
		/* v in [start_i, end_i) exactly when i = floor((v - lo) * bins / range) */
		unsigned __int128 x = (unsigned __int128) ((uint64_t) v[j] - (uint64_t) lo) * (unsigned) bins;
		uint64_t	b = (uint64_t) (x / range);

		out[b >= (uint64_t) bins ? (uint64_t) bins - 1 : b].count++;
	}
	return bins;
}
