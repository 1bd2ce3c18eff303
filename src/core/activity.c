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

/* What differs between a and (kind, source), or NULL */
const char *
jy_activity_mismatch(const JyActivity *a, JyActorKind kind, JyCohortSource source)
{
	if (a->actors.n == 0 || kind == JY_ACTOR_NONE)
		return NULL;
	if (a->actors.kind != kind)
		return "key kind";
	if (a->source != source)
		return "cohort source";
	return NULL;
}

/* Take the kind and source of what merges into a state with no actor yet */
static void
activity_adopt(JyActivity *a, JyActorKind kind, JyCohortSource source)
{
	/* with no actor, nothing is allocated for one (acap is 0) */
	if (a->actors.n == 0 && kind != JY_ACTOR_NONE)
	{
		a->actors.kind = kind;
		a->source = source;
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
	if (jy_activity_mismatch(dst, src->actors.kind, src->source) != NULL)
		return JY_ERR_BAD_PARAMETER;
	activity_adopt(dst, src->actors.kind, src->source);
	if ((st = jy_activity_compact(src, m)) != JY_OK)
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
	m->release(m->arg, map);
	return st;
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
	size_t		k,
				maxdays = 0;
	uint32_t	i;
	JyStatus	st;

	if ((st = jy_activity_compact(a, m)) != JY_OK)
		return st;
	h.nactors = a->actors.n;
	h.kind = a->actors.n > 0 ? a->actors.kind : JY_ACTOR_NONE;
	h.source = a->actors.n > 0 ? a->source : JY_COHORT_NONE;
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
	if (days == NULL)
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

	(void) h;
	for (k = 0; k < x->ndays && st == JY_OK; k++)
		st = activity_day(a, m, id, x->days[k], x->days[k] == x->cohort);
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
	if (jy_activity_mismatch(a, h.kind, h.source) != NULL)
		return JY_ERR_BAD_PARAMETER;
	activity_adopt(a, h.kind, h.source);
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

	jy_actors_free(&a->actors, m);
	if (a->last != NULL)
		m->release(m->arg, a->last);
	if (a->cohort != NULL)
		m->release(m->arg, a->cohort);
	if (a->pairs != NULL)
		m->release(m->arg, a->pairs);
	jy_activity_init(a, kind, source);
}
