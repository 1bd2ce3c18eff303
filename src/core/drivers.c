/*
 * drivers.c -- conversion drivers: per-actor features, their counts across
 * actors, and the report (see drivers.h)
 */
#include "drivers.h"

#include <math.h>
#include <string.h>

#include "codec.h"
#include "isotime.h"
#include "stats.h"

/* ---------- one actor ---------- */

/* Row order: by timestamp, then feature id */
static inline int
feature_row_cmp(const JyFeatureRow *a, const JyFeatureRow *b)
{
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	return (a->id > b->id) - (a->id < b->id);
}

#define JY_SORT_NAME sort_feature_rows
#define JY_SORT_TYPE JyFeatureRow
#define JY_SORT_CMP feature_row_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Feature ids in bytewise order of their texts (ctx: the dictionary) */
static inline int
feature_id_cmp(const uint32_t *a, const uint32_t *b, void *ctx)
{
	const JyDict *d = ctx;

	return jy_label_cmp(jy_dict_text(d, *a), d->len[*a], jy_dict_text(d, *b), d->len[*b]);
}

#define JY_SORT_NAME sort_feature_ids
#define JY_SORT_TYPE uint32_t
#define JY_SORT_CMP feature_id_cmp
#include "sort.h"

void
jy_features_init(JyFeatures *f, const JyFunnelSpec *spec, int to_step, uint8_t tstype)
{
	memset(f, 0, sizeof(*f));
	f->window = spec->window;
	f->flags = spec->flags;
	f->nsteps = spec->nsteps;
	f->to_step = to_step;
	f->tstype = tstype;
	jy_dict_init(&f->feats);
}

JyFunnelSpec
jy_features_spec(const JyFeatures *f)
{
	JyFunnelSpec spec;

	memset(&spec, 0, sizeof(spec));
	spec.window = f->window;
	spec.flags = f->flags;
	spec.nsteps = f->nsteps;
	return spec;
}

void
jy_features_free(JyFeatures *f, const JyMem *m)
{
	if (f->ev != NULL)
		m->release(m->arg, f->ev);
	if (f->rows != NULL)
		m->release(m->arg, f->rows);
	jy_dict_free(&f->feats, m);
	f->ev = NULL;
	f->rows = NULL;
	f->nev = f->capev = f->nrows = f->caprows = 0;
}

JyStatus
jy_features_add_event(JyFeatures *f, const JyMem *m, int64_t ts, uint64_t mask)
{
	JyStatus	st = jy_grow(m, (void **) &f->ev, &f->capev, f->nev, 1,
							 sizeof(JyEvent), JY_FEATURES_MAX_ROWS);

	if (st != JY_OK)
		return st;
	f->ev[f->nev].ts = ts;
	f->ev[f->nev].mask = mask;
	f->nev++;
	return JY_OK;
}

/* Add a row of a known feature id */
static JyStatus
features_push(JyFeatures *f, const JyMem *m, int64_t ts, uint32_t id)
{
	JyStatus	st = jy_grow(m, (void **) &f->rows, &f->caprows, f->nrows, 1,
							 sizeof(JyFeatureRow), JY_FEATURES_MAX_ROWS);

	if (st != JY_OK)
		return st;
	f->rows[f->nrows].ts = ts;
	f->rows[f->nrows].id = id;
	f->nrows++;
	return JY_OK;
}

JyStatus
jy_features_add(JyFeatures *f, const JyMem *m, int64_t ts, const char *s, size_t len)
{
	uint32_t	id;
	JyStatus	st;

	if (len > JY_MAX_ALLOC)
		return JY_ERR_VALUE_TOO_LARGE;
	if (f->nrows >= JY_FEATURES_MAX_ROWS)
		return JY_ERR_TOO_MANY_EVENTS;
	st = jy_dict_intern(&f->feats, m, s, (uint32_t) len, &id);
	if (st != JY_OK)
		return st;
	return features_push(f, m, ts, id);
}

bool
jy_features_same(const JyFeatures *a, const JyFeatures *b)
{
	return a->window == b->window && a->flags == b->flags && a->nsteps == b->nsteps &&
		a->to_step == b->to_step && a->tstype == b->tstype;
}

JyStatus
jy_features_merge(JyFeatures *dst, const JyFeatures *src, const JyMem *m)
{
	uint32_t	i;
	JyStatus	st = JY_OK;

	if ((size_t) dst->nev + src->nev > JY_FEATURES_MAX_ROWS ||
		(size_t) dst->nrows + src->nrows > JY_FEATURES_MAX_ROWS)
		return JY_ERR_TOO_MANY_EVENTS;
	for (i = 0; i < src->nev && st == JY_OK; i++)
	{
		jy_interrupt_every(m, i);
		st = jy_features_add_event(dst, m, src->ev[i].ts, src->ev[i].mask);
	}
	for (i = 0; i < src->nrows && st == JY_OK; i++)
	{
		uint32_t	id = src->rows[i].id;

		jy_interrupt_every(m, i);
		st = jy_features_add(dst, m, src->rows[i].ts, jy_dict_text(&src->feats, id),
							 src->feats.len[id]);
	}
	return st;
}

/* Sort events and rows into order */
static void
features_sort(JyFeatures *f, const JyMem *m)
{
	jy_sort_events(f->ev, f->nev, m);
	sort_feature_rows(f->rows, f->nrows, NULL, m);
}

JyStatus
jy_features_eval(JyFeatures *f, const JyMem *m, bool *reached, bool *converted,
				 uint32_t **ids, uint32_t *nids)
{
	JyFunnelSpec spec = jy_features_spec(f);
	int64_t		times[JY_MAX_STEPS];
	int			level = 0;
	int64_t		lo,
				hi;
	bool		hi_inclusive;
	uint8_t    *seen;
	uint32_t	i,
				n = 0,
			   *out;
	JyStatus	st;

	*reached = *converted = false;
	*ids = NULL;
	*nids = 0;
	features_sort(f, m);
	st = jy_funnel_eval(f->ev, f->nev, &spec, m, &level, times);
	if (st != JY_OK || level < 1)
		return st;
	*reached = true;
	*converted = level >= f->to_step;
	lo = times[0];
	if (*converted)
	{
		hi = times[f->to_step - 1];
		hi_inclusive = false;
	}
	else
	{
		/* lo + window, saturated */
		hi = f->window > (uint64_t) INT64_MAX - (uint64_t) (lo < 0 ? 0 : lo) ?
			INT64_MAX : lo + (int64_t) f->window;
		hi_inclusive = true;
	}
	if (f->feats.n == 0)
		return JY_OK;
	seen = m->alloc(m->arg, f->feats.n);
	if (seen == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	memset(seen, 0, f->feats.n);
	for (i = 0; i < f->nrows; i++)
	{
		const JyFeatureRow *r = &f->rows[i];

		jy_interrupt_every(m, i);
		if (r->ts < lo)
			continue;
		if (r->ts > hi || (r->ts == hi && !hi_inclusive))
			break;
		if (!seen[r->id])
		{
			seen[r->id] = 1;
			n++;
		}
	}
	if (n > 0)
	{
		out = m->alloc(m->arg, (size_t) n * sizeof(uint32_t));
		if (out == NULL)
		{
			m->release(m->arg, seen);
			return JY_ERR_OUT_OF_MEMORY;
		}
		n = 0;
		for (i = 0; i < f->feats.n; i++)
			if (seen[i])
				out[n++] = i;
		sort_feature_ids(out, n, &f->feats, m);
		*ids = out;
		*nids = n;
	}
	m->release(m->arg, seen);
	return JY_OK;
}

JyStatus
jy_features_encode(JyFeatures *f, const JyMem *m, JyWriter *w)
{
	uint32_t	i;

	features_sort(f, m);
	jy_write_u8(w, JY_FEATURES_VERSION);
	jy_write_u8(w, f->tstype);
	jy_write_u8(w, (uint8_t) f->flags);
	jy_write_u8(w, (uint8_t) f->nsteps);
	jy_write_u8(w, (uint8_t) f->to_step);
	jy_write_varint(w, f->window);
	jy_write_varint(w, f->nev);
	for (i = 0; i < f->nev && w->status == JY_OK; i++)
	{
		jy_interrupt_every(m, i);
		jy_write_ts_step(w, f->ev[i].ts, i > 0 ? f->ev[i - 1].ts : 0, i == 0);
		jy_write_varint(w, f->ev[i].mask);
	}
	jy_write_varint(w, f->feats.n);
	for (i = 0; i < f->feats.n && w->status == JY_OK; i++)
	{
		jy_interrupt_every(m, i);
		jy_write_string(w, jy_dict_text(&f->feats, i), f->feats.len[i]);
	}
	jy_write_varint(w, f->nrows);
	for (i = 0; i < f->nrows && w->status == JY_OK; i++)
	{
		jy_interrupt_every(m, i);
		jy_write_ts_step(w, f->rows[i].ts, i > 0 ? f->rows[i - 1].ts : 0, i == 0);
		jy_write_varint(w, f->rows[i].id);
	}
	return w->status;
}

JyStatus
jy_features_decode(JyFeatures *f, const JyMem *m, const uint8_t *in, size_t len,
				   int ntstypes, const char **why)
{
	JyReader	r;
	JyFunnelSpec spec;
	uint8_t		version,
				tstype,
				flags,
				nsteps,
				to_step;
	uint64_t	window,
				n,
				nfeat,
				i;
	JyStatus	st = JY_OK;

	memset(&spec, 0, sizeof(spec));
	spec.window = 1;
	spec.nsteps = 2;
	jy_features_init(f, &spec, 2, 0);
	*why = NULL;
	jy_reader_init(&r, in, len);
	version = jy_read_u8(&r);
	tstype = jy_read_u8(&r);
	flags = jy_read_u8(&r);
	nsteps = jy_read_u8(&r);
	to_step = jy_read_u8(&r);
	window = jy_read_varint(&r);
	if (!r.ok)
	{
		*why = "The state is shorter than its header.";
		return JY_ERR_CORRUPT;
	}
	if (version != JY_FEATURES_VERSION)
	{
		*why = "Its format version is not one this release reads.";
		return JY_ERR_CORRUPT;
	}
	if (tstype >= ntstypes)
	{
		*why = "Unknown timestamp type.";
		return JY_ERR_CORRUPT;
	}
	if ((flags & ~JY_FUNNEL_ALL_FLAGS) != 0 || (flags & JY_FUNNEL_TOTALS) ||
		((flags & JY_FUNNEL_ALLOW_REENTRY) && !(flags & JY_FUNNEL_STRICT_ORDER)) ||
		jy_funnel_mode_conflict(flags) != NULL ||
		nsteps < 2 || nsteps > JY_MAX_STEPS || to_step < 2 || to_step > nsteps ||
		window < 1 || window > (uint64_t) INT64_MAX)
	{
		*why = "The funnel window, mode, number of steps or to_step is invalid.";
		return JY_ERR_CORRUPT;
	}
	spec.window = window;
	spec.flags = flags;
	spec.nsteps = nsteps;
	jy_features_init(f, &spec, to_step, tstype);
	/* an event takes at least 2 bytes */
	n = jy_read_count(&r, jy_reader_left(&r) / 2);
	if (!r.ok || n > JY_FEATURES_MAX_ROWS)
	{
		*why = "The event count is out of range.";
		return JY_ERR_CORRUPT;
	}
	for (i = 0; i < n; i++)
	{
		int64_t		ts;
		uint64_t	mask;

		jy_interrupt_every(m, i);
		if (!jy_read_ts_step(&r, i > 0 ? f->ev[i - 1].ts : 0, i == 0, &ts))
		{
			*why = "An event timestamp is out of range.";
			goto corrupt;
		}
		mask = jy_read_varint(&r);
		if (!r.ok)
		{
			*why = "An event is cut short.";
			goto corrupt;
		}
		if (tstype != JY_TS_TYPE_BIGINT && !jy_ts_valid(ts))
		{
			*why = "An event timestamp is outside the range of timestamptz.";
			goto corrupt;
		}
		if (jy_bits_from(mask, nsteps) != 0 ||
			(mask == 0 && !(flags & JY_FUNNEL_STRICT_ORDER)))
		{
			*why = "An event names a step beyond the last, or no step.";
			goto corrupt;
		}
		if (i > 0 && f->ev[i - 1].ts == ts && f->ev[i - 1].mask > mask)
		{
			*why = "The events are not in order.";
			goto corrupt;
		}
		if ((st = jy_features_add_event(f, m, ts, mask)) != JY_OK)
			goto fail;
	}
	/* a feature takes at least its length byte */
	nfeat = jy_read_count(&r, jy_reader_left(&r));
	if (!r.ok)
	{
		*why = "The feature count is out of range.";
		goto corrupt;
	}
	for (i = 0; i < nfeat; i++)
	{
		size_t		flen;
		const uint8_t *s = jy_read_string(&r, &flen);
		uint32_t	id;

		jy_interrupt_every(m, i);
		if (!r.ok)
		{
			*why = "A feature is cut short.";
			goto corrupt;
		}
		if ((st = jy_dict_intern(&f->feats, m, (const char *) s, (uint32_t) flen, &id)) != JY_OK)
			goto fail;
		if (id != i)
		{
			*why = "A feature is listed twice.";
			goto corrupt;
		}
	}
	/* a row takes at least 2 bytes */
	n = jy_read_count(&r, jy_reader_left(&r) / 2);
	if (!r.ok || n > JY_FEATURES_MAX_ROWS)
	{
		*why = "The row count is out of range.";
		goto corrupt;
	}
	for (i = 0; i < n; i++)
	{
		int64_t		ts;
		uint64_t	id;

		jy_interrupt_every(m, i);
		if (!jy_read_ts_step(&r, i > 0 ? f->rows[i - 1].ts : 0, i == 0, &ts))
		{
			*why = "A row timestamp is out of range.";
			goto corrupt;
		}
		id = jy_read_varint(&r);
		if (!r.ok)
		{
			*why = "A row is cut short.";
			goto corrupt;
		}
		if (tstype != JY_TS_TYPE_BIGINT && !jy_ts_valid(ts))
		{
			*why = "A row timestamp is outside the range of timestamptz.";
			goto corrupt;
		}
		if (id >= nfeat)
		{
			*why = "A row refers to a feature that does not exist.";
			goto corrupt;
		}
		if (i > 0 && (f->rows[i - 1].ts == ts && f->rows[i - 1].id > id))
		{
			*why = "The rows are not in order.";
			goto corrupt;
		}
		if ((st = features_push(f, m, ts, (uint32_t) id)) != JY_OK)
			goto fail;
	}
	if ((st = jy_reader_end(&r, "The state is cut short.", why)) == JY_OK)
		return JY_OK;
	goto fail;
corrupt:
	st = JY_ERR_CORRUPT;
fail:
	if (st == JY_ERR_CORRUPT && *why == NULL)
		*why = "The state is malformed.";
	jy_features_free(f, m);
	return st;
}

/* ---------- across actors ---------- */

void
jy_drivers_init(JyDrivers *d)
{
	memset(d, 0, sizeof(*d));
	jy_dict_init(&d->feats);
}

void
jy_drivers_free(JyDrivers *d, const JyMem *m)
{
	jy_dict_free(&d->feats, m);
	if (d->cnt != NULL)
		m->release(m->arg, d->cnt);
	jy_drivers_init(d);
}

/* The counts of a feature, added (zero) when new */
static JyStatus
drivers_entry(JyDrivers *d, const JyMem *m, const char *s, uint32_t len,
			  JyDriverCount **out)
{
	uint32_t	id,
				n = d->feats.n;
	JyStatus	st;

	/* room for the counts first, so a new feature never lacks them */
	st = jy_grow(m, (void **) &d->cnt, &d->capcnt, n, 1, sizeof(JyDriverCount),
				 JY_MAX_TOUCHES);
	if (st == JY_OK)
		st = jy_dict_intern(&d->feats, m, s, len, &id);
	if (st != JY_OK)
		return st == JY_ERR_TOO_MANY_EVENTS ? JY_ERR_TOO_MANY_LABELS : st;
	if (id == n)
		memset(&d->cnt[id], 0, sizeof(JyDriverCount));
	*out = &d->cnt[id];
	return JY_OK;
}

/* a + b, unless it passes JY_DRIVERS_MAX_COUNT */
static inline bool
count_add(uint64_t *a, uint64_t b)
{
	if (b > JY_DRIVERS_MAX_COUNT - *a)
		return false;
	*a += b;
	return true;
}

JyStatus
jy_drivers_add_totals(JyDrivers *d, uint64_t converters, uint64_t nonconverters)
{
	uint64_t	c = d->converters,
				n = d->nonconverters,
				all;

	if (!count_add(&c, converters) || !count_add(&n, nonconverters))
		return JY_ERR_VALUE_TOO_LARGE;
	all = c;
	if (!count_add(&all, n))
		return JY_ERR_VALUE_TOO_LARGE;
	d->converters = c;
	d->nonconverters = n;
	return JY_OK;
}

JyStatus
jy_drivers_actor(JyDrivers *d, const JyMem *m, bool converted,
				 const char *const *feat, const uint32_t *len, size_t n)
{
	JyStatus	st = jy_drivers_add_totals(d, converted ? 1 : 0, converted ? 0 : 1);
	size_t		i;

	if (st != JY_OK)
		return st;
	d->actors++;
	for (i = 0; i < n; i++)
	{
		JyDriverCount *c;

		if (feat[i] == NULL)
			continue;
		if ((st = drivers_entry(d, m, feat[i], len[i], &c)) != JY_OK)
			return st;
		/* counts stay below the totals, which were checked */
		if (c->stamp == d->actors)
			continue;
		c->stamp = d->actors;
		if (converted)
			c->conv++;
		else
			c->non++;
	}
	return JY_OK;
}

JyStatus
jy_drivers_add(JyDrivers *d, const JyMem *m, const char *s, uint32_t len,
			   uint64_t conv, uint64_t non)
{
	JyDriverCount *c;
	JyStatus	st = drivers_entry(d, m, s, len, &c);

	if (st != JY_OK)
		return st;
	if (!count_add(&c->conv, conv) || !count_add(&c->non, non))
		return JY_ERR_VALUE_TOO_LARGE;
	/* a merged entry is never the current actor's */
	c->stamp = 0;
	return JY_OK;
}

JyStatus
jy_drivers_merge(JyDrivers *d, const JyDrivers *src, const JyMem *m)
{
	JyStatus	st = jy_drivers_add_totals(d, src->converters, src->nonconverters);
	uint32_t	i;

	for (i = 0; i < src->feats.n && st == JY_OK; i++)
	{
		jy_interrupt_every(m, i);
		st = jy_drivers_add(d, m, jy_dict_text(&src->feats, i), src->feats.len[i],
							src->cnt[i].conv, src->cnt[i].non);
	}
	return st;
}

JyStatus
jy_drivers_encode(const JyDrivers *d, const JyMem *m, JyWriter *w)
{
	uint32_t   *order = NULL,
				i;

	if (d->feats.n > 0)
	{
		order = m->alloc(m->arg, (size_t) d->feats.n * sizeof(uint32_t));
		if (order == NULL)
			return JY_ERR_OUT_OF_MEMORY;
		for (i = 0; i < d->feats.n; i++)
			order[i] = i;
		sort_feature_ids(order, d->feats.n, (void *) &d->feats, m);
	}
	jy_writer_header(w, JY_SUMMARY_DRIVERS);
	jy_write_varint(w, d->converters);
	jy_write_varint(w, d->nonconverters);
	jy_write_varint(w, d->feats.n);
	for (i = 0; i < d->feats.n && w->status == JY_OK; i++)
	{
		uint32_t	id = order[i];

		jy_interrupt_every(m, i);
		jy_write_string(w, jy_dict_text(&d->feats, id), d->feats.len[id]);
		jy_write_varint(w, d->cnt[id].conv);
		jy_write_varint(w, d->cnt[id].non);
	}
	if (order != NULL)
		m->release(m->arg, order);
	return w->status;
}

JyStatus
jy_driver_summary_decode(const uint8_t *in, size_t len, const JyMem *m,
						 JyDriverSummary *s, const char **why)
{
	JyReader	r;
	JyStatus	st;
	uint64_t	n,
				i;

	memset(s, 0, sizeof(*s));
	*why = NULL;
	jy_reader_init(&r, in, len);
	if ((st = jy_reader_header(&r, JY_SUMMARY_DRIVERS, why)) != JY_OK)
		return st;
	s->converters = jy_read_count(&r, JY_DRIVERS_MAX_COUNT);
	s->nonconverters = jy_read_count(&r, JY_DRIVERS_MAX_COUNT);
	/* a feature takes at least 3 bytes */
	n = jy_read_count(&r, jy_reader_left(&r) / 3);
	if (!r.ok)
	{
		*why = "The summary's totals or feature count are out of range.";
		return JY_ERR_CORRUPT;
	}
	if (s->converters > JY_DRIVERS_MAX_COUNT - s->nonconverters)
	{
		*why = "The summary counts more actors than a bigint holds.";
		return JY_ERR_CORRUPT;
	}
	if (n > 0)
	{
		s->e = m->alloc(m->arg, (size_t) n * sizeof(JyDriverEntry));
		if (s->e == NULL)
			return JY_ERR_OUT_OF_MEMORY;
	}
	for (i = 0; i < n; i++)
	{
		JyDriverEntry *e = &s->e[i];
		size_t		klen;

		jy_interrupt_every(m, i);
		e->key = (const char *) jy_read_string(&r, &klen);
		e->len = (uint32_t) klen;
		e->conv = jy_read_varint(&r);
		e->non = jy_read_varint(&r);
		if (!r.ok)
			*why = "A feature is cut short.";
		else if (klen > UINT32_MAX)
			*why = "A feature is too long.";
		else if (e->conv > s->converters || e->non > s->nonconverters)
			*why = "A feature is seen by more actors than the summary counts.";
		else if (e->conv == 0 && e->non == 0)
			*why = "A feature is seen by no actor.";
		else if (i > 0 && jy_label_cmp(e[-1].key, e[-1].len, e->key, e->len) >= 0)
			*why = "The features are not in strictly increasing byte order.";
		else
			continue;
		jy_driver_summary_free(s, m);
		return JY_ERR_CORRUPT;
	}
	s->n = (uint32_t) n;
	if ((st = jy_reader_end(&r, "The summary is cut short.", why)) != JY_OK)
		jy_driver_summary_free(s, m);
	return st;
}

void
jy_driver_summary_free(JyDriverSummary *s, const JyMem *m)
{
	if (s->e != NULL)
		m->release(m->arg, s->e);
	s->e = NULL;
	s->n = 0;
}

JyStatus
jy_driver_summary_check(const uint8_t *in, size_t len, const JyMem *m, const char **why)
{
	JyDriverSummary s;
	JyStatus	st = jy_driver_summary_decode(in, len, m, &s, why);

	if (st == JY_OK)
		jy_driver_summary_free(&s, m);
	return st;
}

JyStatus
jy_drivers_add_summary(JyDrivers *d, const JyMem *m, const JyDriverSummary *s)
{
	JyStatus	st = jy_drivers_add_totals(d, s->converters, s->nonconverters);
	uint32_t	i;

	for (i = 0; i < s->n && st == JY_OK; i++)
	{
		jy_interrupt_every(m, i);
		st = jy_drivers_add(d, m, s->e[i].key, s->e[i].len, s->e[i].conv, s->e[i].non);
	}
	return st;
}

/* ---------- the report ---------- */

/* |ln OR| of a tested row, symmetric in a feature and its complement */
static double
row_strength(const JyDriverRow *r, bool corrected)
{
	double		h = corrected ? 0.5 : 0.0;

	return fabs((log((double) r->a + h) + log((double) r->d + h)) -
				(log((double) r->b + h) + log((double) r->c + h)));
}

/* Are two p-values equal within jy_fisher_exact's relative tolerance? */
static inline bool
p_equal(double a, double b)
{
	return fabs(a - b) <= 1e-7 * (a > b ? a : b);
}

/* Report order (drivers.h) */
static inline int
driver_row_cmp(const JyDriverRow *a, const JyDriverRow *b)
{
	bool		ta = jy_driver_tested(a),
				tb = jy_driver_tested(b);

	if (ta != tb)
		return ta ? -1 : 1;
	if (ta)
	{
		if (a->strength != b->strength)
			return a->strength > b->strength ? -1 : 1;
		if (!p_equal(a->p, b->p))
			return a->p < b->p ? -1 : 1;
	}
	return jy_label_cmp(a->key, a->len, b->key, b->len);
}

#define JY_SORT_NAME sort_driver_rows
#define JY_SORT_TYPE JyDriverRow
#define JY_SORT_CMP driver_row_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

JyStatus
jy_drivers_report(const JyDriverSummary *s, double z, int64_t min_actors,
				  const JyMem *m, JyDriverRow **out)
{
	JyDriverRow *rows;
	double	   *p = NULL,
			   *q = NULL;
	size_t	   *order = NULL;
	uint32_t	i,
				ntested = 0;
	int64_t		conv = (int64_t) s->converters,
				non = (int64_t) s->nonconverters;

	*out = NULL;
	if (s->n == 0)
		return JY_OK;
	rows = m->alloc(m->arg, (size_t) s->n * sizeof(JyDriverRow));
	if (rows == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0; i < s->n; i++)
	{
		JyDriverRow *r = &rows[i];
		const JyDriverEntry *e = &s->e[i];

		jy_interrupt_every(m, i);
		memset(r, 0, sizeof(*r));
		r->key = e->key;
		r->len = e->len;
		r->a = (int64_t) e->conv;
		r->b = conv - r->a;
		r->c = (int64_t) e->non;
		r->d = non - r->c;
		if (conv == 0)
			r->note = JY_DRIVER_NO_CONVERTERS;
		else if (non == 0)
			r->note = JY_DRIVER_NO_NONCONVERTERS;
		else if (r->a + r->c < min_actors)
			r->note = JY_DRIVER_FEW_ACTORS;
		else if (r->b + r->d == 0)
			r->note = JY_DRIVER_EVERY_ACTOR;
		else
		{
			JyOddsRatio ratio;

			r->p = jy_fisher_exact(r->a, r->b, r->c, r->d);
			if (isnan(r->p))
			{
				r->note = JY_DRIVER_TOO_LARGE;
				r->p = 0;
				continue;
			}
			jy_odds_ratio(r->a, r->b, r->c, r->d, z, &ratio);
			r->odds_ratio = ratio.odds_ratio;
			r->ci_low = ratio.ci_low;
			r->ci_high = ratio.ci_high;
			r->note = ratio.corrected ? JY_DRIVER_CORRECTED : JY_DRIVER_TESTED;
			r->strength = row_strength(r, ratio.corrected);
			ntested++;
		}
	}
	if (ntested > 0)
	{
		uint32_t	k = 0;

		p = m->alloc(m->arg, (size_t) ntested * sizeof(double));
		q = m->alloc(m->arg, (size_t) ntested * sizeof(double));
		order = m->alloc(m->arg, (size_t) ntested * sizeof(size_t));
		if (p == NULL || q == NULL || order == NULL)
		{
			if (p != NULL)
				m->release(m->arg, p);
			if (q != NULL)
				m->release(m->arg, q);
			if (order != NULL)
				m->release(m->arg, order);
			m->release(m->arg, rows);
			return JY_ERR_OUT_OF_MEMORY;
		}
		for (i = 0; i < s->n; i++)
			if (jy_driver_tested(&rows[i]))
				p[k++] = rows[i].p;
		jy_bh_adjust(p, ntested, q, order, m);
		k = 0;
		for (i = 0; i < s->n; i++)
			if (jy_driver_tested(&rows[i]))
				rows[i].q = q[k++];
		m->release(m->arg, p);
		m->release(m->arg, q);
		m->release(m->arg, order);
	}
	sort_driver_rows(rows, s->n, NULL, m);
	*out = rows;
	return JY_OK;
}
