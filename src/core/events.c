/*
 * events.c -- event blocks: growth, append and sort
 */
#include "events.h"

#include <string.h>

/* Make room for extra more events (see events.h) */
void *
jy_events_grow(void *container, size_t prefix, const JyMem *m, size_t extra,
			   JyStatus *st)
{
	JyEvents   *b = container ? jy_events_at(container, prefix) : NULL;
	size_t		n = b ? b->n : 0;
	size_t		need = n + extra;
	size_t		head = prefix + sizeof(JyEvents);
	size_t		total;
	size_t		cap;
	void	   *p;

	*st = JY_OK;
	if (b != NULL && need <= b->cap)
		return container;
	if (need > JY_MAX_EVENTS)
	{
		*st = JY_ERR_TOO_MANY_EVENTS;
		return NULL;
	}
	/* the smallest power of two >= 128 and >= twice the current size */
	total = 128;
	while (total < head + need * sizeof(JyEvent) ||
		   (b != NULL && total < 2 * (head + (size_t) b->cap * sizeof(JyEvent))))
		total *= 2;
	if (total > JY_MAX_ALLOC)
		total = JY_MAX_ALLOC;
	cap = (total - head) / sizeof(JyEvent);
	if (cap > JY_MAX_EVENTS)
		cap = JY_MAX_EVENTS;
	total = head + cap * sizeof(JyEvent);
	p = container ? m->resize(m->arg, container, total) : m->alloc(m->arg, total);
	if (p == NULL)
	{
		*st = JY_ERR_OUT_OF_MEMORY;
		return NULL;
	}
	b = jy_events_at(p, prefix);
	if (container == NULL)
	{
		b->n = 0;
		b->sorted = true;
	}
	b->cap = (uint32_t) cap;
	return p;
}

/* Append n events; the result is sorted only if it is known to be */
void
jy_events_append(JyEvents *dst, const JyEvent *src, size_t n)
{
	size_t		i;

	if (n == 0)
		return;
	memcpy(dst->ev + dst->n, src, n * sizeof(JyEvent));
	if (dst->n == 0)
		dst->sorted = true;
	else if (dst->sorted)
		dst->sorted = jy_event_cmp(&dst->ev[dst->n - 1], &src[0]) <= 0;
	for (i = 1; dst->sorted && i < n; i++)
		dst->sorted = jy_event_cmp(&src[i - 1], &src[i]) <= 0;
	dst->n += (uint32_t) n;
}

/* sort_events(): events into jy_event_cmp order (core/sort.h) */
#define JY_SORT_NAME sort_events
#define JY_SORT_TYPE JyEvent
#define JY_SORT_CMP jy_event_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Sort n events into jy_event_cmp order (returns at once when they are) */
void
jy_sort_events(JyEvent *ev, size_t n, const JyMem *m)
{
	sort_events(ev, n, NULL, m);
}

/* Sort into jy_event_cmp order unless known sorted */
void
jy_events_sort(JyEvents *b, const JyMem *m)
{
	if (b->sorted)
		return;
	jy_sort_events(b->ev, b->n, m);
	b->sorted = true;
}

/* Order of packed words: as signed integers */
static inline int
packed_cmp(const int64_t *a, const int64_t *b)
{
	return *a < *b ? -1 : *a > *b;
}

/* sort_packed(): packed words into order (core/sort.h) */
#define JY_SORT_NAME sort_packed
#define JY_SORT_TYPE int64_t
#define JY_SORT_CMP packed_cmp
#define JY_SORT_NO_CTX
#include "sort.h"

/* Sort n packed words into order */
void
jy_packed_sort(int64_t *w, size_t n, const JyMem *m)
{
	sort_packed(w, n, NULL, m);
}

/* Unpack n words into events */
void
jy_packed_decode(const int64_t *w, size_t n, int64_t base, int bits,
				 JyEvent *out)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		out[i].ts = jy_packed_ts(w[i], base, bits);
		out[i].mask = jy_packed_mask(w[i], bits);
	}
}
