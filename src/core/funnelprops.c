/*
 * funnelprops.c -- funnel_props: a property's value at each step of the
 * reported funnel chain (see funnelprops.h, docs/funnels.md)
 *
 * The rows are evaluated by the one funnel engine (jy_funnel_eval) exactly
 * as funnel_times evaluates its events; only the mapping of the chain's
 * timestamps back to rows, and the value dictionary, live here.
 */
#include "funnelprops.h"

#include <string.h>

#include "codec.h"
#include "isotime.h"

/* Row order: timestamp, mask, value reference */
static inline int
props_row_cmp(const JyPropRow *a, const JyPropRow *b)
{
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	if (a->mask != b->mask)
		return a->mask < b->mask ? -1 : 1;
	if (a->value != b->value)
		return a->value < b->value ? -1 : 1;
	return 0;
}

#define JY_SORT_NAME props_sort_rows
#define JY_SORT_TYPE JyPropRow
#define JY_SORT_CMP props_row_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* An empty state */
void
jy_props_init(JyProps *p, const JyFunnelSpec *spec, uint8_t tstype)
{
	memset(p, 0, sizeof(*p));
	p->window = spec->window;
	p->flags = spec->flags;
	p->nsteps = spec->nsteps;
	p->tstype = tstype;
	p->sorted = true;
	jy_dict_init(&p->values);
}

/* The funnel parameters of a state */
JyFunnelSpec
jy_props_spec(const JyProps *p)
{
	JyFunnelSpec spec;

	memset(&spec, 0, sizeof(spec));
	spec.window = p->window;
	spec.flags = p->flags;
	spec.nsteps = p->nsteps;
	return spec;
}

/* Release a state's memory */
void
jy_props_free(JyProps *p, const JyMem *m)
{
	if (p->rows != NULL)
		m->release(m->arg, p->rows);
	jy_dict_free(&p->values, m);
	p->rows = NULL;
	p->nrows = p->caprows = 0;
	p->sorted = true;
}

/*
 * The reference (id + 1) of value val[0..len), added to the dictionary if
 * new; *added tells which.  On failure the dictionary is unchanged.
 */
static JyStatus
props_intern(JyProps *p, const JyMem *m, const char *val, size_t len,
			 uint32_t *ref, bool *added)
{
	uint32_t	n = p->values.n;
	uint32_t	id;
	JyStatus	st;

	if (len > JY_PROPS_MAX_BYTES)
		return JY_ERR_VALUE_TOO_LARGE;
	st = jy_dict_intern(&p->values, m, val, (uint32_t) len, &id);
	/* the dictionary's limits, in this state's terms */
	if (st == JY_ERR_LABELS_TOO_LONG)
		return JY_ERR_VALUE_TOO_LARGE;
	if (st == JY_ERR_TOO_MANY_LABELS)
		return JY_ERR_TOO_MANY_EVENTS;
	if (st != JY_OK)
		return st;
	*ref = id + 1;
	*added = p->values.n > n;
	return JY_OK;
}

/* Append a row (room ensured by the caller) */
static inline void
props_push(JyProps *p, int64_t ts, uint64_t mask, uint32_t ref)
{
	JyPropRow  *r = &p->rows[p->nrows];

	r->ts = ts;
	r->mask = mask;
	r->value = ref;
	if (p->nrows > 0 && p->sorted && props_row_cmp(r - 1, r) > 0)
		p->sorted = false;
	p->nrows++;
}

/* Room for extra more rows */
static JyStatus
props_reserve_rows(JyProps *p, const JyMem *m, size_t extra)
{
	if ((size_t) p->nrows + extra <= p->caprows)
		return JY_OK;
	return jy_grow(m, (void **) &p->rows, &p->caprows, p->nrows, extra,
				   sizeof(JyPropRow), JY_PROPS_MAX_ROWS);
}

/* Add a row (see funnelprops.h) */
JyStatus
jy_props_add(JyProps *p, const JyMem *m, int64_t ts, uint64_t mask,
			 const char *val, size_t len)
{
	uint32_t	ref = 0;
	bool		added;
	JyStatus	st;

	if (mask == 0 && !(p->flags & JY_FUNNEL_STRICT_ORDER))
		return JY_OK;
	if ((st = props_reserve_rows(p, m, 1)) != JY_OK)
		return st;
	/* a marker's value is never reported: not stored */
	if (mask != 0 && val != NULL &&
		(st = props_intern(p, m, val, len, &ref, &added)) != JY_OK)
		return st;
	props_push(p, ts, mask, ref);
	return JY_OK;
}

/* Same funnel? */
bool
jy_props_same(const JyProps *a, const JyProps *b)
{
	return a->window == b->window && a->flags == b->flags &&
		a->nsteps == b->nsteps && a->tstype == b->tstype;
}

/* Add src's rows to dst, mapping its value references */
JyStatus
jy_props_merge(JyProps *dst, const JyProps *src, const JyMem *m)
{
	uint32_t   *map;
	uint32_t	i;
	bool		added;
	JyStatus	st = JY_OK;

	if (src->nrows == 0)
		return JY_OK;
	if ((st = props_reserve_rows(dst, m, src->nrows)) != JY_OK)
		return st;
	map = m->alloc(m->arg, ((size_t) src->values.n + 1) * sizeof(uint32_t));
	if (map == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	map[0] = 0;
	for (i = 1; i <= src->values.n && st == JY_OK; i++)
	{
		size_t		len;
		const char *v = jy_props_value(src, i, &len);

		jy_interrupt_every(m, i);
		st = props_intern(dst, m, v, len, &map[i], &added);
	}
	for (i = 0; i < src->nrows && st == JY_OK; i++)
	{
		const JyPropRow *r = &src->rows[i];

		jy_interrupt_every(m, i);
		props_push(dst, r->ts, r->mask, map[r->value]);
	}
	m->release(m->arg, map);
	return st;
}

/* Sort the rows unless they are in order */
static void
props_sort(JyProps *p, const JyMem *m)
{
	if (!p->sorted)
		props_sort_rows(p->rows, p->nrows, NULL, m);
	p->sorted = true;
}

/* The first index in [0, n) whose timestamp is at least ts */
static size_t
events_lower_bound(const JyEvent *ev, size_t n, int64_t ts)
{
	size_t		lo = 0,
				hi = n;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (ev[mid].ts < ts)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The steps of a reported chain's positions (see funnelprops.h) */
void
jy_props_chain_steps(const JyEvent *ev, size_t n, const JyFunnelSpec *spec,
					 int level, const int64_t *times, int *steps)
{
	uint64_t	all = spec->nsteps >= 64 ? UINT64_MAX : (UINT64_C(1) << spec->nsteps) - 1;
	uint64_t	seen = 0;
	int64_t		at[JY_MAX_STEPS];
	size_t		i;
	int			pos = 0,
				k;

	if (!(spec->flags & JY_FUNNEL_ANY_ORDER))
	{
		for (k = 0; k < level; k++)
			steps[k] = k;
		return;
	}
	if (level == 0)
		return;
	/* the window from times[0]: each step where it is first done */
	i = events_lower_bound(ev, n, times[0]);
	while (i < n && pos < level &&
		   (uint64_t) ev[i].ts - (uint64_t) times[0] <= spec->window)
	{
		int64_t		ts = ev[i].ts;
		uint64_t	fresh = 0;

		for (; i < n && ev[i].ts == ts; i++)
			fresh |= ev[i].mask & all & ~seen;
		seen |= fresh;
		while (fresh != 0 && pos < level)
		{
			steps[pos] = __builtin_ctzll(fresh);
			at[pos++] = ts;
			fresh &= fresh - 1;
		}
	}
	for (k = 0; k < pos && at[k] == times[k]; k++)
		;
	if (pos < level || k < pos)
	{
		/* not the engine's chain: any step at the chain's timestamps */
		for (k = 0; k < level; k++)
			steps[k] = -1;
	}
}

/*
 * Is the value of reference a a better pick than that of b?  The smaller in
 * byte order wins (a prefix first); NULL (reference 0) comes last.
 */
static bool
props_better(const JyProps *p, uint32_t a, uint32_t b)
{
	size_t		la,
				lb,
				l;
	const char *va,
			   *vb;
	int			c;

	if (a == b || a == 0)
		return false;
	if (b == 0)
		return true;
	va = jy_props_value(p, a, &la);
	vb = jy_props_value(p, b, &lb);
	l = la < lb ? la : lb;
	c = l > 0 ? memcmp(va, vb, l) : 0;
	return c < 0 || (c == 0 && la < lb);
}

/* Evaluate the funnel and pick each step's value (see funnelprops.h) */
JyStatus
jy_props_eval(JyProps *p, const JyMem *m, int *level, int64_t *times,
			  uint32_t *refs)
{
	JyFunnelSpec spec = jy_props_spec(p);
	JyEvent    *ev;
	int			steps[JY_MAX_STEPS];
	JyStatus	st;
	size_t		i;
	int			k;

	*level = 0;
	if (p->nrows == 0)
		return JY_OK;
	props_sort(p, m);
	ev = m->alloc(m->arg, (size_t) p->nrows * sizeof(JyEvent));
	if (ev == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0; i < p->nrows; i++)
	{
		jy_interrupt_every(m, i);
		ev[i].ts = p->rows[i].ts;
		ev[i].mask = p->rows[i].mask;
	}
	st = jy_funnel_eval(ev, p->nrows, &spec, m, level, times);
	if (st == JY_OK)
	{
		jy_props_chain_steps(ev, p->nrows, &spec, *level, times, steps);
		for (k = 0; k < *level; k++)
		{
			uint32_t	best = 0;
			bool		found = false;

			for (i = events_lower_bound(ev, p->nrows, times[k]);
				 i < p->nrows && ev[i].ts == times[k]; i++)
			{
				const JyPropRow *r = &p->rows[i];
				bool		match = steps[k] < 0 ? r->mask != 0 : (r->mask >> steps[k] & 1) != 0;

				jy_interrupt_every(m, i);
				if (!match)
					continue;
				if (!found || props_better(p, r->value, best))
					best = r->value;
				found = true;
			}
			refs[k] = best;
		}
	}
	m->release(m->arg, ev);
	return st;
}

/* ---------- byte form (docs/format.md) ---------- */

/* Encode a state */
JyStatus
jy_props_encode(JyProps *p, const JyMem *m, JyWriter *w)
{
	uint32_t	i;

	props_sort(p, m);
	jy_write_u8(w, JY_PROPS_VERSION);
	jy_write_u8(w, p->tstype);
	jy_write_u8(w, (uint8_t) p->flags);
	jy_write_u8(w, (uint8_t) p->nsteps);
	jy_write_varint(w, p->window);
	jy_write_varint(w, p->values.n);
	for (i = 1; i <= p->values.n && w->status == JY_OK; i++)
	{
		size_t		len;
		const char *v = jy_props_value(p, i, &len);

		jy_interrupt_every(m, i);
		jy_write_string(w, v, len);
	}
	jy_write_varint(w, p->nrows);
	for (i = 0; i < p->nrows && w->status == JY_OK; i++)
	{
		const JyPropRow *r = &p->rows[i];

		jy_interrupt_every(m, i);
		jy_write_ts_step(w, r->ts, i > 0 ? r[-1].ts : 0, i == 0);
		jy_write_varint(w, r->mask);
		jy_write_varint(w, r->value);
	}
	return w->status;
}

/* Decode a state (see funnelprops.h) */
JyStatus
jy_props_decode(JyProps *p, const JyMem *m, const uint8_t *in, size_t len,
				int ntstypes, const char **why)
{
	JyReader	r;
	JyFunnelSpec spec;
	uint8_t		version,
				tstype,
				flags,
				nsteps;
	uint64_t	window,
				nvalues,
				nrows,
				i;
	JyStatus	st = JY_OK;

	memset(&spec, 0, sizeof(spec));
	spec.window = 1;
	spec.nsteps = 1;
	jy_props_init(p, &spec, 0);
	jy_reader_init(&r, in, len);
	version = jy_read_u8(&r);
	tstype = jy_read_u8(&r);
	flags = jy_read_u8(&r);
	nsteps = jy_read_u8(&r);
	window = jy_read_varint(&r);
	/* a value takes at least its length byte */
	nvalues = jy_read_count(&r, jy_reader_left(&r));
	if (!r.ok)
	{
		*why = "The state is shorter than its header, or a count is out of range.";
		return JY_ERR_CORRUPT;
	}
	if (version != JY_PROPS_VERSION)
	{
		*why = "Its format version is not one this release reads.";
		return JY_ERR_CORRUPT;
	}
	if (tstype >= ntstypes)
	{
		*why = "Unknown timestamp type.";
		return JY_ERR_CORRUPT;
	}
	if ((flags & ~JY_FUNNEL_ALL_FLAGS) != 0 ||
		((flags & JY_FUNNEL_ALLOW_REENTRY) && !(flags & JY_FUNNEL_STRICT_ORDER)) ||
		jy_funnel_mode_conflict(flags) != NULL ||
		nsteps < 1 || nsteps > JY_MAX_STEPS || window < 1 || window > (uint64_t) INT64_MAX)
	{
		*why = "The funnel window, mode or number of steps is invalid.";
		return JY_ERR_CORRUPT;
	}
	spec.window = window;
	spec.flags = flags;
	spec.nsteps = nsteps;
	jy_props_init(p, &spec, tstype);
	for (i = 0; i < nvalues; i++)
	{
		size_t		vlen;
		const uint8_t *v = jy_read_string(&r, &vlen);
		uint32_t	ref;
		bool		added;

		jy_interrupt_every(m, i);
		if (!r.ok)
		{
			*why = "A property value is cut short.";
			st = JY_ERR_CORRUPT;
			goto fail;
		}
		if ((st = props_intern(p, m, (const char *) v, vlen, &ref, &added)) != JY_OK)
			goto fail;
		if (!added)
		{
			*why = "A property value is listed twice.";
			st = JY_ERR_CORRUPT;
			goto fail;
		}
	}
	/* a row takes at least 3 bytes */
	nrows = jy_read_count(&r, jy_reader_left(&r) / 3);
	if (!r.ok || nrows > JY_PROPS_MAX_ROWS)
	{
		*why = "The row count is out of range.";
		st = JY_ERR_CORRUPT;
		goto fail;
	}
	if ((st = props_reserve_rows(p, m, (size_t) nrows)) != JY_OK)
		goto fail;
	for (i = 0; i < nrows; i++)
	{
		int64_t		ts;
		uint64_t	mask,
					value;

		jy_interrupt_every(m, i);
		if (!jy_read_ts_step(&r, i > 0 ? p->rows[i - 1].ts : 0, i == 0, &ts))
		{
			*why = "A row timestamp is out of range.";
			st = JY_ERR_CORRUPT;
			goto fail;
		}
		mask = jy_read_varint(&r);
		value = jy_read_varint(&r);
		if (!r.ok)
		{
			*why = "A row is cut short.";
			st = JY_ERR_CORRUPT;
			goto fail;
		}
		if (tstype != JY_TS_TYPE_BIGINT && !jy_ts_valid(ts))
			*why = "A row timestamp is outside the range of timestamptz.";
		else if (jy_bits_from(mask, nsteps) != 0 ||
				 (mask == 0 && !(flags & JY_FUNNEL_STRICT_ORDER)))
			*why = "A row names a step beyond the last, or no step.";
		else if (value > nvalues || (mask == 0 && value != 0))
			*why = "A row refers to a property value that does not exist.";
		else
		{
			props_push(p, ts, mask, (uint32_t) value);
			if (p->sorted)
				continue;
			*why = "The rows are not in order.";
		}
		st = JY_ERR_CORRUPT;
		goto fail;
	}
	if ((st = jy_reader_end(&r, "The state is cut short.", why)) == JY_OK)
		return JY_OK;
fail:
	if (st == JY_OK)
		st = JY_ERR_CORRUPT;
	if (st == JY_ERR_CORRUPT && *why == NULL)
		*why = "The state is malformed.";
	jy_props_free(p, m);
	return st;
}
