/*
 * activity.c -- actors' active days, keyed by actor inside one aggregate
 * (see activity.h; the byte form is in codec.c)
 */
#include "activity.h"

#include <string.h>

#include "codec.h"

static inline int
pair_cmp(const uint64_t *x, const uint64_t *y)
{
	return (*x > *y) - (*x < *y);
}

#define JY_SORT_NAME sort_pairs
#define JY_SORT_TYPE uint64_t
#define JY_SORT_CMP pair_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

static inline int
value_cmp(const JyActivityValue *x, const JyActivityValue *y)
{
	return (x->pair > y->pair) - (x->pair < y->pair);
}

#define JY_SORT_NAME sort_values
#define JY_SORT_TYPE JyActivityValue
#define JY_SORT_CMP value_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Fewest pairs a buffer has once it holds anything */
#define ACTIVITY_MIN_PAIRS 64

static inline uint64_t
pair_make(uint32_t id, int32_t day)
{
	return ((uint64_t) id << 32) | (uint32_t) ((int64_t) day - JY_DAY_MIN);
}

static inline uint32_t
pair_id(uint64_t p)
{
	return (uint32_t) (p >> 32);
}

static inline int32_t
pair_day(uint64_t p)
{
	return (int32_t) ((int64_t) (uint32_t) p + JY_DAY_MIN);
}

static const char *const source_names[JY_COHORT_NSOURCES] = {
	"none", "first active day", "cohort event"
};

/* The name of a cohort source */
const char *
jy_cohort_source_name(JyCohortSource source)
{
	return (unsigned) source < JY_COHORT_NSOURCES ? source_names[source] : "unknown";
}

/* An empty state */
void
jy_activity_init(JyActivity *a, JyActorKind kind, JyCohortSource source)
{
	jy_actors_init(&a->actors, kind);
	a->source = source;
	a->last = NULL;
	a->cohort = NULL;
	a->acap = 0;
	a->pairs = NULL;
	a->npairs = a->pcap = a->nsorted = 0;
	a->valued = false;
	a->scale = 0;
	a->vals = NULL;
	a->nvals = a->vcap = a->vsorted = 0;
}

/* Make an empty state valued */
void
jy_activity_set_valued(JyActivity *a)
{
	a->valued = true;
}

/* 10^k for k = 0 .. 18 */
static const int64_t pow10_units[JY_VALUE_MAX_SCALE + 1] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000,
	INT64_C(10000000000), INT64_C(100000000000), INT64_C(1000000000000),
	INT64_C(10000000000000), INT64_C(100000000000000), INT64_C(1000000000000000),
	INT64_C(10000000000000000), INT64_C(100000000000000000),
	INT64_C(1000000000000000000)
};

/* v * 10^k into *out; false when it does not fit */
static inline bool
units_scale(int64_t v, int k, int64_t *out)
{
	int64_t		p = pow10_units[k];

	if (v > INT64_MAX / p || v < INT64_MIN / p)
		return false;
	*out = v * p;
	return true;
}

/* *acc += v; false when it does not fit */
static inline bool
units_add(int64_t *acc, int64_t v)
{
	if ((v > 0 && *acc > INT64_MAX - v) || (v < 0 && *acc < INT64_MIN - v))
		return false;
	*acc += v;
	return true;
}

/* Sort the values and sum equal pairs */
static JyStatus
activity_compact_values(JyActivity *a, const JyMem *m)
{
	size_t		i,
				n;

	if (a->vsorted == a->nvals)
		return JY_OK;
	sort_values(a->vals, a->nvals, NULL, m);
	n = a->nvals > 0 ? 1 : 0;
	for (i = 1; i < a->nvals; i++)
	{
		if (a->vals[i].pair != a->vals[n - 1].pair)
			a->vals[n++] = a->vals[i];
		else if (!units_add(&a->vals[n - 1].units, a->vals[i].units))
			return JY_ERR_VALUE_TOO_LARGE;
		jy_interrupt_every(m, i);
	}
	a->nvals = a->vsorted = n;
	return JY_OK;
}

/* Raise the state's scale to scale, rescaling every stored value */
static JyStatus
activity_rescale(JyActivity *a, int scale)
{
	size_t		i;
	int			k = scale - a->scale;

	if (k <= 0)
		return JY_OK;
	for (i = 0; i < a->nvals; i++)
		if (!units_scale(a->vals[i].units, k, &a->vals[i].units))
			return JY_ERR_VALUE_TOO_LARGE;
	a->scale = (uint8_t) scale;
	return JY_OK;
}

/* Add units / 10^scale to the value of a pair */
static JyStatus
activity_value(JyActivity *a, const JyMem *m, uint64_t pair, int64_t units, int scale)
{
	JyStatus	st;

	if ((st = activity_rescale(a, scale)) != JY_OK)
		return st;
	if (!units_scale(units, a->scale - scale, &units))
		return JY_ERR_VALUE_TOO_LARGE;
	if (a->nvals > a->vsorted && a->vals[a->nvals - 1].pair == pair)
		return units_add(&a->vals[a->nvals - 1].units, units) ? JY_OK : JY_ERR_VALUE_TOO_LARGE;
	if (a->nvals == a->vcap)
	{
		size_t		cap,
					max = JY_ACTIVITY_MAX_VALUED_PAIRS;
		JyActivityValue *p;

		/* compact a full buffer; grow it when still over half full */
		if (a->vcap > 0 && (st = activity_compact_values(a, m)) != JY_OK)
			return st;
		if (a->vcap == 0 || a->nvals > a->vcap / 2)
		{
			cap = a->vcap == 0 ? ACTIVITY_MIN_PAIRS : a->vcap * 2;
			if (cap > max)
				cap = max;
			if (cap <= a->vcap)
				p = NULL;
			else
				p = a->vals == NULL ? m->alloc(m->arg, cap * sizeof(JyActivityValue))
					: m->resize(m->arg, a->vals, cap * sizeof(JyActivityValue));
			if (p != NULL)
			{
				a->vals = p;
				a->vcap = cap;
			}
			else if (a->nvals == a->vcap)
				return cap <= a->vcap ? JY_ERR_TOO_MANY_EVENTS : JY_ERR_OUT_OF_MEMORY;
		}
	}
	a->vals[a->nvals].pair = pair;
	a->vals[a->nvals].units = units;
	a->nvals++;
	return JY_OK;
}

/* Sort and deduplicate the pairs */
JyStatus
jy_activity_compact(JyActivity *a, const JyMem *m)
{
	size_t		i,
				n;

	if (a->nsorted == a->npairs)
		return JY_OK;
	sort_pairs(a->pairs, a->npairs, NULL, m);
	n = a->npairs > 0 ? 1 : 0;
	for (i = 1; i < a->npairs; i++)
	{
		if (a->pairs[i] != a->pairs[n - 1])
			a->pairs[n++] = a->pairs[i];
		jy_interrupt_every(m, i);
	}
	a->npairs = a->nsorted = n;
	return JY_OK;
}

/* Room for one more pair: compact a full buffer, grow it when still over half full */
static JyStatus
activity_pair_room(JyActivity *a, const JyMem *m)
{
	size_t		cap;
	uint64_t   *p;

	if (a->npairs < a->pcap)
		return JY_OK;
	if (a->pcap > 0)
	{
		jy_activity_compact(a, m);
		if (a->npairs <= a->pcap / 2)
			return JY_OK;
	}
	if (a->pcap >= JY_ACTIVITY_MAX_PAIRS)
		return a->npairs < a->pcap ? JY_OK : JY_ERR_TOO_MANY_EVENTS;
	cap = a->pcap == 0 ? ACTIVITY_MIN_PAIRS : a->pcap * 2;
	if (cap > JY_ACTIVITY_MAX_PAIRS)
		cap = JY_ACTIVITY_MAX_PAIRS;
	p = a->pairs == NULL ? m->alloc(m->arg, cap * sizeof(uint64_t))
		: m->resize(m->arg, a->pairs, cap * sizeof(uint64_t));
	if (p == NULL)
		return a->npairs < a->pcap ? JY_OK : JY_ERR_OUT_OF_MEMORY;
	a->pairs = p;
	a->pcap = cap;
	return JY_OK;
}

/* Room in the per-actor arrays for the actor table's newest id */
static JyStatus
activity_actor_room(JyActivity *a, const JyMem *m)
{
	uint32_t	id = a->actors.n - 1;

	if (id >= a->acap)
	{
		size_t		cap = a->acap == 0 ? 64 : (size_t) a->acap * 2;
		int32_t    *l;

		l = a->last == NULL ? m->alloc(m->arg, cap * sizeof(int32_t))
			: m->resize(m->arg, a->last, cap * sizeof(int32_t));
		if (l == NULL)
			return JY_ERR_OUT_OF_MEMORY;
		a->last = l;
		if (a->source == JY_COHORT_EVENT)
		{
			l = a->cohort == NULL ? m->alloc(m->arg, cap * sizeof(int32_t))
				: m->resize(m->arg, a->cohort, cap * sizeof(int32_t));
			if (l == NULL)
				return JY_ERR_OUT_OF_MEMORY;
			a->cohort = l;
		}
		a->acap = (uint32_t) cap;
	}
	a->last[id] = JY_NO_DAY;
	if (a->source == JY_COHORT_EVENT)
		a->cohort[id] = INT32_MAX;
	return JY_OK;
}

/* Add a day of actor id (and its cohort event) */
static inline JyStatus
activity_day(JyActivity *a, const JyMem *m, uint32_t id, int32_t day, bool event)
{
	if (a->last[id] != day)
	{
		if (a->npairs == a->pcap)
		{
			JyStatus	st = activity_pair_room(a, m);

			if (st != JY_OK)
				return st;
		}
		a->pairs[a->npairs++] = pair_make(id, day);
		a->last[id] = day;
	}
	if (event && a->source == JY_COHORT_EVENT && day < a->cohort[id])
		a->cohort[id] = day;
	return JY_OK;
}

/* What differs between a and (kind, source, valued), or NULL */
const char *
jy_activity_mismatch(const JyActivity *a, JyActorKind kind, JyCohortSource source,
					 bool valued)
{
	if (a->actors.n == 0 || kind == JY_ACTOR_NONE)
		return NULL;
	if (a->actors.kind != kind)
		return "key kind";
	if (a->source != source)
		return "cohort source";
	if (a->valued != valued)
		return "values";
	return NULL;
}

/* Take the kind, source and values of what merges into a state with no actor yet */
static void
activity_adopt(JyActivity *a, JyActorKind kind, JyCohortSource source, bool valued)
{
	/* with no actor, nothing is allocated for one (acap is 0), no value held */
	if (a->actors.n == 0 && kind != JY_ACTOR_NONE)
	{
		a->actors.kind = kind;
		a->source = source;
		a->valued = valued;
	}
}

/* The id in a of a key (ikey for integer keys, else bkey), added when new */
static JyStatus
activity_id(JyActivity *a, const JyMem *m, int64_t ikey, const uint8_t *bkey,
			size_t blen, uint32_t *id)
{
	bool		added;
	JyStatus	st;

	if (a->actors.kind == JY_ACTOR_INT)
		st = jy_actors_int(&a->actors, m, ikey, id, &added);
	else
		st = jy_actors_bytes(&a->actors, m, bkey, blen, id, &added);
	if (st == JY_OK && added)
		st = activity_actor_room(a, m);
	return st;
}

/* One row with an int64 key */
JyStatus
jy_activity_add_int(JyActivity *a, const JyMem *m, int64_t key, int32_t day, bool event)
{
	uint32_t	id;
	JyStatus	st;

	if (day < JY_DAY_MIN || day > JY_DAY_MAX)
		return JY_ERR_BAD_PARAMETER;
	if ((st = activity_id(a, m, key, NULL, 0, &id)) != JY_OK)
		return st;
	return activity_day(a, m, id, day, event);
}

/* One row with a byte-string key */
JyStatus
jy_activity_add_bytes(JyActivity *a, const JyMem *m, const void *key, size_t len,
					  int32_t day, bool event)
{
	uint32_t	id;
	JyStatus	st;

	if (day < JY_DAY_MIN || day > JY_DAY_MAX)
		return JY_ERR_BAD_PARAMETER;
	if ((st = activity_id(a, m, 0, key, len, &id)) != JY_OK)
		return st;
	return activity_day(a, m, id, day, event);
}

/* One row with an int64 key and a value */
JyStatus
jy_activity_add_int_value(JyActivity *a, const JyMem *m, int64_t key, int32_t day,
						  bool event, int64_t units, int scale)
{
	uint32_t	id;
	JyStatus	st;

	if (day < JY_DAY_MIN || day > JY_DAY_MAX || !a->valued || scale < 0 ||
		scale > JY_VALUE_MAX_SCALE)
		return JY_ERR_BAD_PARAMETER;
	if ((st = activity_id(a, m, key, NULL, 0, &id)) != JY_OK ||
		(st = activity_day(a, m, id, day, event)) != JY_OK)
		return st;
	return activity_value(a, m, pair_make(id, day), units, scale);
}

/* One row with a byte-string key and a value */
JyStatus
jy_activity_add_bytes_value(JyActivity *a, const JyMem *m, const void *key, size_t len,
							int32_t day, bool event, int64_t units, int scale)
{
	uint32_t	id;
	JyStatus	st;

	if (day < JY_DAY_MIN || day > JY_DAY_MAX || !a->valued || scale < 0 ||
		scale > JY_VALUE_MAX_SCALE)
		return JY_ERR_BAD_PARAMETER;
	if ((st = activity_id(a, m, 0, key, len, &id)) != JY_OK ||
		(st = activity_day(a, m, id, day, event)) != JY_OK)
		return st;
	return activity_value(a, m, pair_make(id, day), units, scale);
}

/* Merge src into dst */
JyStatus
jy_activity_merge(JyActivity *dst, JyActivity *src, const JyMem *m)
{
	uint32_t   *map;
	uint32_t	i;
	size_t		k;
	JyStatus	st = JY_OK;

	if (src->actors.n == 0)
		return JY_OK;
	if (jy_activity_mismatch(dst, src->actors.kind, src->source, src->valued) != NULL)
		return JY_ERR_BAD_PARAMETER;
	activity_adopt(dst, src->actors.kind, src->source, src->valued);
	/* the scale is the largest of any input's, whether or not values remain */
	if ((st = jy_activity_compact(src, m)) != JY_OK ||
		(src->valued && (st = activity_compact_values(src, m)) != JY_OK) ||
		(src->valued && (st = activity_rescale(dst, src->scale)) != JY_OK))
		return st;
	map = m->alloc(m->arg, (size_t) src->actors.n * sizeof(uint32_t));
	if (map == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0; i < src->actors.n && st == JY_OK; i++)
	{
		st = src->actors.kind == JY_ACTOR_INT
			? activity_id(dst, m, src->actors.ikey[i], NULL, 0, &map[i])
			: activity_id(dst, m, 0, src->actors.bkey[i], src->actors.blen[i], &map[i]);
		if (st == JY_OK && dst->source == JY_COHORT_EVENT &&
			src->cohort[i] < dst->cohort[map[i]])
			dst->cohort[map[i]] = src->cohort[i];
		jy_interrupt_every(m, i);
	}
	for (k = 0; k < src->npairs && st == JY_OK; k++)
	{
		st = activity_day(dst, m, map[pair_id(src->pairs[k])], pair_day(src->pairs[k]), false);
		jy_interrupt_every(m, k);
	}
	for (k = 0; k < src->nvals && st == JY_OK; k++)
	{
		uint64_t	p = src->vals[k].pair;

		st = activity_value(dst, m, pair_make(map[pair_id(p)], pair_day(p)),
							src->vals[k].units, src->scale);
		jy_interrupt_every(m, k);
	}
	m->release(m->arg, map);
	return st;
}

/* The first value whose pair is pair or above (values compacted) */
static size_t
value_find(const JyActivity *a, uint64_t pair)
{
	size_t		lo = 0,
				hi = a->nvals;

	while (lo < hi)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (a->vals[mid].pair < pair)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Append the activity summary */
JyStatus
jy_activity_encode(JyActivity *a, const JyMem *m, JyWriter *w)
{
	JyActivityHead h;
	JyActivityActor cur,
				prev;
	uint32_t   *order = NULL;
	size_t	   *start = NULL;
	int32_t    *days = NULL;
	int64_t    *units = NULL;
	size_t		k,
				v = 0,
				maxdays = 0;
	uint32_t	i;
	JyStatus	st;

	if ((st = jy_activity_compact(a, m)) != JY_OK ||
		(st = activity_compact_values(a, m)) != JY_OK)
		return st;
	h.nactors = a->actors.n;
	h.kind = a->actors.n > 0 ? a->actors.kind : JY_ACTOR_NONE;
	h.source = a->actors.n > 0 ? a->source : JY_COHORT_NONE;
	/* no actor: the one empty summary (kind 1), whatever built it */
	h.valued = a->valued && a->actors.n > 0;
	h.scale = a->actors.n > 0 ? a->scale : 0;
	jy_activity_write_head(w, &h);
	if (a->actors.n == 0)
		return w->status;
	/* where each actor's days begin among the sorted pairs */
	start = m->alloc(m->arg, ((size_t) a->actors.n + 1) * sizeof(size_t));
	if (start == NULL || (st = jy_actors_order(&a->actors, m, &order)) != JY_OK)
	{
		st = JY_ERR_OUT_OF_MEMORY;
		goto done;
	}
	memset(start, 0, ((size_t) a->actors.n + 1) * sizeof(size_t));
	for (k = 0; k < a->npairs; k++)
		start[pair_id(a->pairs[k]) + 1]++;
	for (i = 0; i < a->actors.n; i++)
	{
		if (start[i + 1] > maxdays)
			maxdays = start[i + 1];
		start[i + 1] += start[i];
	}
	days = m->alloc(m->arg, (maxdays > 0 ? maxdays : 1) * sizeof(int32_t));
	if (a->valued)
		units = m->alloc(m->arg, (maxdays > 0 ? maxdays : 1) * sizeof(int64_t));
	if (days == NULL || (a->valued && units == NULL))
	{
		st = JY_ERR_OUT_OF_MEMORY;
		goto done;
	}
	memset(&prev, 0, sizeof(prev));
	for (i = 0; i < a->actors.n && w->status == JY_OK; i++)
	{
		uint32_t	id = order[i];

		memset(&cur, 0, sizeof(cur));
		if (a->actors.kind == JY_ACTOR_INT)
			cur.ikey = a->actors.ikey[id];
		else
		{
			cur.bkey = a->actors.bkey[id];
			cur.blen = a->actors.blen[id];
		}
		cur.ndays = start[id + 1] - start[id];
		for (k = 0; k < cur.ndays; k++)
			days[k] = pair_day(a->pairs[start[id] + k]);
		cur.days = days;
		cur.units = NULL;
		if (a->valued)
		{
			uint64_t	first = a->pairs[start[id]];

			/* the actor's values: sorted like its pairs, each one of them */
			v = value_find(a, first);
			for (k = 0; k < cur.ndays; k++)
			{
				units[k] = 0;
				if (v < a->nvals && a->vals[v].pair == a->pairs[start[id] + k])
					units[k] = a->vals[v++].units;
			}
			cur.units = units;
		}
		cur.cohort = a->source == JY_COHORT_EVENT && a->cohort[id] != INT32_MAX
			? a->cohort[id] : JY_NO_DAY;
		jy_activity_write_actor(w, &h, i == 0 ? NULL : &prev, &cur);
		prev = cur;
		jy_interrupt_every(m, i);
	}
	st = w->status;
done:
	if (start != NULL)
		m->release(m->arg, start);
	if (order != NULL)
		m->release(m->arg, order);
	if (days != NULL)
		m->release(m->arg, days);
	if (units != NULL)
		m->release(m->arg, units);
	return st;
}

/* Add one decoded actor to a state */
static JyStatus
activity_visit(void *arg, const JyActivityHead *h, const JyActivityActor *x)
{
	void	  **args = arg;
	JyActivity *a = args[0];
	const JyMem *m = args[1];
	uint32_t	id;
	size_t		k;
	JyStatus	st = activity_id(a, m, x->ikey, x->bkey, x->blen, &id);

	for (k = 0; k < x->ndays && st == JY_OK; k++)
	{
		st = activity_day(a, m, id, x->days[k], x->days[k] == x->cohort);
		if (st == JY_OK && h->valued && x->units[k] != 0)
			st = activity_value(a, m, pair_make(id, x->days[k]), x->units[k], h->scale);
	}
	return st;
}

/* Merge a summary into a state */
JyStatus
jy_activity_add_summary(JyActivity *a, const JyMem *m, const uint8_t *data,
						size_t len, const char **why)
{
	JyActivityHead h;
	JyStatus	st;
	void	   *args[2];

	/* check the whole summary before anything is added */
	if ((st = jy_activity_summary_read(data, len, m, &h, NULL, NULL, why)) != JY_OK)
		return st;
	if (h.nactors == 0)
		return JY_OK;
	if (jy_activity_mismatch(a, h.kind, h.source, h.valued) != NULL)
		return JY_ERR_BAD_PARAMETER;
	activity_adopt(a, h.kind, h.source, h.valued);
	if (h.valued && (st = activity_rescale(a, h.scale)) != JY_OK)
		return st;
	args[0] = a;
	args[1] = (void *) m;
	return jy_activity_summary_read(data, len, m, &h, activity_visit, args, why);
}

/* Release everything */
void
jy_activity_free(JyActivity *a, const JyMem *m)
{
	JyActorKind kind = a->actors.kind;
	JyCohortSource source = a->source;
	bool		valued = a->valued;

	jy_actors_free(&a->actors, m);
	if (a->last != NULL)
		m->release(m->arg, a->last);
	if (a->cohort != NULL)
		m->release(m->arg, a->cohort);
	if (a->pairs != NULL)
		m->release(m->arg, a->pairs);
	if (a->vals != NULL)
		m->release(m->arg, a->vals);
	jy_activity_init(a, kind, source);
	a->valued = valued;
}
