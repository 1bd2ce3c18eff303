/*
 * events.h -- the event buffer shared by the funnel and sequence engines
 *
 * One entry per input row that matters: its timestamp (int64 microseconds
 * for timestamp/timestamptz, the raw value for bigint) and the bitmask of the
 * conditions it satisfies (bit k-1 = condition k).  16 bytes an event.
 *
 * A JyEvents block holds its events inline.  It may sit at a fixed byte
 * offset ("prefix") inside a larger allocation, such as an aggregate state
 * whose own fields come first, so that state and events are one allocation
 * (one cache-friendly chunk per group); jy_events_grow reallocates the whole
 * container.
 */
#ifndef JY_EVENTS_H
#define JY_EVENTS_H

#include "jy.h"

typedef struct JyEvent
{
	int64_t		ts;
	uint64_t	mask;
} JyEvent;

typedef struct JyEvents
{
	uint32_t	n;
	uint32_t	cap;
	bool		sorted;			/* known to be in jy_event_cmp order */
	JyEvent		ev[];
} JyEvents;

/* The most events one block may hold (a 1 GB allocation) */
#define JY_MAX_EVENTS ((uint32_t) ((JY_MAX_ALLOC - 256) / sizeof(JyEvent)))

/* Total order of events: by timestamp, then by mask */
static inline int
jy_event_cmp(const JyEvent *a, const JyEvent *b)
{
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	if (a->mask != b->mask)
		return a->mask < b->mask ? -1 : 1;
	return 0;
}

/* The block at byte offset prefix (a multiple of 8) of a container */
static inline JyEvents *
jy_events_at(void *container, size_t prefix)
{
	return (JyEvents *) ((char *) container + prefix);
}

/*
 * Make room for extra more events in the block at offset prefix of
 * container (NULL: allocate a new container with an empty block, leaving the
 * prefix bytes to the caller).  Sizes are chosen so the container fills a
 * power-of-two allocation.  Returns the container, perhaps moved, or NULL
 * with *st set.
 */
extern void *jy_events_grow(void *container, size_t prefix, const JyMem *m,
							size_t extra, JyStatus *st);

/* Append one event; the caller ensured n < cap */
static inline void
jy_events_push(JyEvents *b, int64_t ts, uint64_t mask)
{
	JyEvent    *e = &b->ev[b->n];

	e->ts = ts;
	e->mask = mask;
	if (b->n == 0)
		b->sorted = true;
	else if (b->sorted && jy_event_cmp(e - 1, e) > 0)
		b->sorted = false;
	b->n++;
}

/* Append n events; the caller ensured room for them */
extern void jy_events_append(JyEvents *dst, const JyEvent *src, size_t n);

/* Sort into jy_event_cmp order unless known sorted */
extern void jy_events_sort(JyEvents *b, const JyMem *m);

/* Sort a plain array of events into jy_event_cmp order */
extern void jy_sort_events(JyEvent *ev, size_t n, const JyMem *m);

/*
 * Packed events: one signed 64-bit word per event, for funnels of at most
 * JY_PACKED_MAX_BITS steps.  The word is the event's timestamp as an offset
 * from a base (the block's first event), shifted left by bits (the number of
 * steps), OR its mask.  Compared as signed integers, words are in
 * jy_event_cmp order, so a block of them sorts and checks its order like a
 * block of JyEvents, at 8 bytes an event instead of 16: the state of a
 * typical actor stays in the CPU cache.  An offset that does not fit (events
 * of one actor more than 2^(63 - bits) units apart: 4.4 years of
 * microseconds at 16 steps) cannot be packed; the caller then falls back to
 * JyEvents.
 */
#define JY_PACKED_MAX_BITS 16

/* Pack an event against base into *word; false if its offset does not fit */
static inline bool
jy_event_pack(int64_t base, int bits, int64_t ts, uint64_t mask, int64_t *word)
{
	const int64_t lim = INT64_C(1) << (63 - bits);
	int64_t		off;

	if (__builtin_sub_overflow(ts, base, &off) || off < -lim || off >= lim)
		return false;
	*word = (int64_t) (((uint64_t) off << bits) | mask);
	return true;
}

/* The timestamp of a packed word (arithmetic shift: the offset's sign) */
static inline int64_t
jy_packed_ts(int64_t word, int64_t base, int bits)
{
	return base + (word >> bits);
}

/* The mask of a packed word */
static inline uint64_t
jy_packed_mask(int64_t word, int bits)
{
	return (uint64_t) word & ((UINT64_C(1) << bits) - 1);
}

/* Sort n packed words into order (returns at once when they are) */
extern void jy_packed_sort(int64_t *w, size_t n, const JyMem *m);

/* Unpack n words into events */
extern void jy_packed_decode(const int64_t *w, size_t n, int64_t base, int bits,
							 JyEvent *out);

#endif							/* JY_EVENTS_H */
