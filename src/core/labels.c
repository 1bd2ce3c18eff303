/*
 * labels.c -- a set of step labels, looked up by text
 */
#include "labels.h"

#include <string.h>

/* Build the set (see labels.h) */
JyLabelSet *
jy_labels_build(const char *const *labels, const uint32_t *lens, int nsteps,
				const JyMem *m)
{
	uint64_t	masks[JY_MAX_STEPS];
	int			k;

	for (k = 0; k < nsteps; k++)
		masks[k] = UINT64_C(1) << k;
	return jy_labels_build_masks(labels, lens, masks, (uint32_t) nsteps, m);
}

/* The entry of a label, or NULL */
static inline const JyLabelEntry *
find(const JyLabelSet *set, const char *text, uint32_t len, uint32_t hash)
{
	uint32_t	pos = jy_hash_start(&set->hash, hash);
	uint32_t	id;

	while ((id = jy_hash_next(&set->hash, hash, &pos)) != JY_HASH_NONE)
	{
		const JyLabelEntry *e = &set->entries[id];

		if (e->len == len && (len == 0 || memcmp(e->text, text, len) == 0))
			return e;
	}
	return NULL;
}

/* Build the set from labels and their masks (see labels.h) */
JyLabelSet *
jy_labels_build_masks(const char *const *labels, const uint32_t *lens,
					  const uint64_t *masks, uint32_t n, const JyMem *m)
{
	JyLabelSet *set;
	size_t		total = 0;
	char	   *p;
	uint32_t	k;

	for (k = 0; k < n; k++)
		if (labels[k] != NULL)
			total += lens[k];
	set = m->alloc(m->arg, sizeof(JyLabelSet));
	if (set == NULL)
		return NULL;
	set->n = 0;
	jy_hash_init(&set->hash);
	set->entries = m->alloc(m->arg, (n + 1) * sizeof(JyLabelEntry));
	set->text = m->alloc(m->arg, total + 1);
	if (set->entries == NULL || set->text == NULL ||
		jy_hash_reserve(&set->hash, m, n) != JY_OK)
	{
		jy_labels_free(set, m);
		return NULL;
	}
	p = set->text;
	for (k = 0; k < n; k++)
	{
		uint32_t	h;
		JyLabelEntry *e;

		if (labels[k] == NULL)
			continue;
		h = jy_hash_bytes(labels[k], lens[k]);
		e = (JyLabelEntry *) find(set, labels[k], lens[k], h);
		if (e != NULL)
		{
			e->mask |= masks[k];	/* the same label again */
			continue;
		}
		e = &set->entries[set->n];
		if (lens[k] > 0)
			memcpy(p, labels[k], lens[k]);
		e->text = p;
		e->len = lens[k];
		e->mask = masks[k];
		p += lens[k];
		(void) jy_hash_insert(&set->hash, m, h, set->n);	/* room reserved */
		set->n++;
	}
	return set;
}

/* Steps named by a label */
uint64_t
jy_labels_lookup(const JyLabelSet *set, const char *text, uint32_t len)
{
	const JyLabelEntry *e;

	/* a few labels: comparing lengths first is cheaper than hashing */
	if (set->n <= JY_LABELS_SMALL)
	{
		uint32_t	i;

		for (i = 0; i < set->n; i++)
		{
			e = &set->entries[i];
			if (e->len == len && (len == 0 || memcmp(e->text, text, len) == 0))
				return e->mask;
		}
		return 0;
	}
	e = find(set, text, len, jy_hash_bytes(text, len));
	return e != NULL ? e->mask : 0;
}

/* Release the set */
void
jy_labels_free(JyLabelSet *set, const JyMem *m)
{
	if (set == NULL)
		return;
	if (set->entries)
		m->release(m->arg, set->entries);
	jy_hash_free(&set->hash, m);
	if (set->text)
		m->release(m->arg, set->text);
	m->release(m->arg, set);
}
