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

/* Build the set from labels and their masks (see labels.h) */
JyLabelSet *
jy_labels_build_masks(const char *const *labels, const uint32_t *lens,
					  const uint64_t *masks, uint32_t n, const JyMem *m)
{
	JyLabelSet *set;
	size_t		total = 0;
	uint32_t	nslots = 4;
	char	   *p;
	uint32_t	k;

	for (k = 0; k < n; k++)
		if (labels[k] != NULL)
			total += lens[k];
	while (nslots < 2 * n)
		nslots *= 2;
	set = m->alloc(m->arg, sizeof(JyLabelSet));
	if (set == NULL)
		return NULL;
	set->nslots = nslots;
	set->slots = m->alloc(m->arg, nslots * sizeof(JyLabelSlot));
	set->text = m->alloc(m->arg, total + 1);
	if (set->slots == NULL || set->text == NULL)
	{
		jy_labels_free(set, m);
		return NULL;
	}
	memset(set->slots, 0, nslots * sizeof(JyLabelSlot));
	set->nsmall = 0;
	p = set->text;
	for (k = 0; k < n; k++)
	{
		uint32_t	h,
					i;

		if (labels[k] == NULL)
			continue;
		h = jy_hash_bytes(labels[k], lens[k]);
		for (i = h & (nslots - 1);; i = (i + 1) & (nslots - 1))
		{
			JyLabelSlot *s = &set->slots[i];

			if (s->text == NULL)
			{
				if (lens[k] > 0)
					memcpy(p, labels[k], lens[k]);
				s->text = p;
				s->len = lens[k];
				s->hash = h;
				s->mask = masks[k];
				p += lens[k];
				if (set->nsmall < JY_LABELS_SMALL)
					set->small[set->nsmall] = i;
				set->nsmall++;
				break;
			}
			if (s->hash == h && s->len == lens[k] &&
				(lens[k] == 0 || memcmp(s->text, labels[k], lens[k]) == 0))
			{
				s->mask |= masks[k];	/* the same label again */
				break;
			}
		}
	}
	if (set->nsmall > JY_LABELS_SMALL)
		set->nsmall = 0;		/* too many distinct labels: use the hash */
	return set;
}

/* Steps named by a label */
uint64_t
jy_labels_lookup(const JyLabelSet *set, const char *text, uint32_t len)
{
	uint32_t	h;
	uint32_t	i;

	/* a few labels: comparing lengths first is cheaper than hashing */
	if (set->nsmall > 0)
	{
		for (i = 0; i < set->nsmall; i++)
		{
			const JyLabelSlot *s = &set->slots[set->small[i]];

			if (s->len == len && (len == 0 || memcmp(s->text, text, len) == 0))
				return s->mask;
		}
		return 0;
	}
	h = jy_hash_bytes(text, len);

	for (i = h & (set->nslots - 1);; i = (i + 1) & (set->nslots - 1))
	{
		const JyLabelSlot *s = &set->slots[i];

		if (s->text == NULL)
			return 0;
		if (s->hash == h && s->len == len && (len == 0 || memcmp(s->text, text, len) == 0))
			return s->mask;
	}
}

/* Release the set */
void
jy_labels_free(JyLabelSet *set, const JyMem *m)
{
	if (set == NULL)
		return;
	if (set->slots)
		m->release(m->arg, set->slots);
	if (set->text)
		m->release(m->arg, set->text);
	m->release(m->arg, set);
}
