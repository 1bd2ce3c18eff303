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

static void
swap_ev(JyEvent *a, JyEvent *b)
{
	JyEvent		t = *a;

	*a = *b;
	*b = t;
}

/* Insertion sort of a short run */
static void
insertion_sort(JyEvent *a, size_t n)
{
	size_t		i;

	for (i = 1; i < n; i++)
	{
		JyEvent		x = a[i];
		size_t		j = i;

		while (j > 0 && jy_event_cmp(&a[j - 1], &x) > 0)
		{
			a[j] = a[j - 1];
			j--;
		}
		a[j] = x;
	}
}

/* Restore the max-heap property below position i of a heap of n events */
static void
sift_down(JyEvent *a, size_t i, size_t n)
{
	for (;;)
	{
		size_t		c = 2 * i + 1;

		if (c >= n)
			return;
		if (c + 1 < n && jy_event_cmp(&a[c], &a[c + 1]) < 0)
			c++;
		if (jy_event_cmp(&a[i], &a[c]) >= 0)
			return;
		swap_ev(&a[i], &a[c]);
		i = c;
	}
}

/* Heap sort: the O(n log n) fallback when quicksort recurses too deep */
static void
heap_sort(JyEvent *a, size_t n, const JyMem *m)
{
	size_t		i;

	for (i = n / 2; i > 0; i--)
		sift_down(a, i - 1, n);
	for (i = n; i > 1; i--)
	{
		swap_ev(&a[0], &a[i - 1]);
		sift_down(a, 0, i - 1);
		if ((i & (JY_INTERRUPT_EVERY - 1)) == 0)
			jy_interrupt(m);
	}
}

/* Introsort: quicksort with median of three, insertion sort for short runs */
static void
intro_sort(JyEvent *a, size_t n, int depth, const JyMem *m)
{
	while (n > 24)
	{
		size_t		mid = n / 2;
		size_t		i,
					j;
		JyEvent		pivot;

		if (depth-- == 0)
		{
			heap_sort(a, n, m);
			return;
		}
		if (n > JY_INTERRUPT_EVERY)
			jy_interrupt(m);
		/* median of three into a[mid] */
		if (jy_event_cmp(&a[mid], &a[0]) < 0)
			swap_ev(&a[mid], &a[0]);
		if (jy_event_cmp(&a[n - 1], &a[mid]) < 0)
		{
			swap_ev(&a[n - 1], &a[mid]);
			if (jy_event_cmp(&a[mid], &a[0]) < 0)
				swap_ev(&a[mid], &a[0]);
		}
		pivot = a[mid];
		/* Hoare partition */
		i = 0;
		j = n - 1;
		for (;;)
		{
			while (jy_event_cmp(&a[i], &pivot) < 0)
				i++;
			while (jy_event_cmp(&a[j], &pivot) > 0)
				j--;
			if (i >= j)
				break;
			swap_ev(&a[i], &a[j]);
			i++;
			j--;
		}
		/* [0, j] <= pivot <= [j+1, n); recurse into the smaller side */
		if (j + 1 < n - (j + 1))
		{
			intro_sort(a, j + 1, depth, m);
			a += j + 1;
			n -= j + 1;
		}
		else
		{
			intro_sort(a + j + 1, n - (j + 1), depth, m);
			n = j + 1;
		}
	}
	insertion_sort(a, n);
}

/* Sort n events into jy_event_cmp order (returns at once when they are) */
void
jy_sort_events(JyEvent *ev, size_t n, const JyMem *m)
{
	size_t		i;
	int			depth = 0;

	/* input often arrives nearly sorted: check before sorting */
	for (i = 1; i < n; i++)
		if (jy_event_cmp(&ev[i - 1], &ev[i]) > 0)
			break;
	if (i < n)
	{
		for (i = n; i > 1; i >>= 1)
			depth += 2;
		intro_sort(ev, n, depth, m);
	}
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
