/*
 * hash.c -- the core's open-addressing hash table (see hash.h)
 */
#include "hash.h"

#include <string.h>

/* Fewest slots a table has once it holds anything */
#define HASH_MIN_SLOTS 16

/* Grow the slots for n entries (see hash.h) */
JyStatus
jy_hash_grow(JyHash *h, const JyMem *m, size_t n)
{
	size_t		nslots = h->slots != NULL ? (size_t) h->mask + 1 : 0;
	size_t		want = HASH_MIN_SLOTS;
	JyHashSlot *slots;
	size_t		i;

	if (n <= nslots / 2)
		return JY_OK;
	if (n > JY_HASH_MAX_ENTRIES)
		return JY_ERR_OUT_OF_MEMORY;
	while (want / 2 < n)
		want *= 2;
	slots = m->alloc(m->arg, want * sizeof(JyHashSlot));
	if (slots == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	memset(slots, 0, want * sizeof(JyHashSlot));
	for (i = 0; i < nslots; i++)
	{
		if (h->slots[i].ref != 0)
			jy_hash_place(slots, (uint32_t) (want - 1), h->slots[i].hash, h->slots[i].ref);
		jy_interrupt_every(m, i);
	}
	if (h->slots != NULL)
		m->release(m->arg, h->slots);
	h->slots = slots;
	h->mask = (uint32_t) (want - 1);
	return JY_OK;
}

/*
 * Empty slot hole, moving later entries of its cluster back so that every
 * probe still finds them (backward-shift deletion)
 */
static void
remove_at(JyHash *h, uint32_t hole)
{
	uint32_t	mask = h->mask;
	uint32_t	j = hole;

	for (;;)
	{
		uint32_t	home;

		j = (j + 1) & mask;
		if (h->slots[j].ref == 0)
			break;
		home = h->slots[j].hash & mask;
		/* the entry may move back if its home is not after the hole */
		if (((j - home) & mask) >= ((j - hole) & mask))
		{
			h->slots[hole] = h->slots[j];
			hole = j;
		}
	}
	h->slots[hole].hash = 0;
	h->slots[hole].ref = 0;
	h->n--;
}

/* Forget the entries of ids >= count (see hash.h) */
void
jy_hash_truncate(JyHash *h, uint32_t count, const JyMem *m)
{
	uint32_t	i;

	if (h->slots == NULL)
		return;
	/* an entry shifted into slot i is looked at again; one shifted past i later */
	for (i = 0; i <= h->mask; i++)
	{
		while (h->slots[i].ref > count)
			remove_at(h, i);
		jy_interrupt_every(m, i);
	}
}

/* Release the slots (see hash.h) */
void
jy_hash_free(JyHash *h, const JyMem *m)
{
	if (h->slots != NULL)
		m->release(m->arg, h->slots);
	jy_hash_init(h);
}
