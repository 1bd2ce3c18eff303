/*
 * labels.h -- a set of step labels, looked up by text
 *
 * Maps a label to the bitmask of the steps that name it (a label may name
 * several steps, e.g. begin_checkout as steps 1 and 3).  Used by the label
 * forms of the funnel functions: one lookup per row instead of one
 * comparison per step.  A few labels are scanned (length first); more are
 * found through a JyHash of FNV-1a hashes.  The set keeps its own copy
 * of the labels.
 */
#ifndef JY_LABELS_H
#define JY_LABELS_H

#include "hash.h"

typedef struct JyLabelEntry
{
	const char *text;
	uint32_t	len;
	uint64_t	mask;
} JyLabelEntry;

/* Up to this many distinct labels are scanned rather than hashed */
#define JY_LABELS_SMALL 8

typedef struct JyLabelSet
{
	uint32_t	n;				/* distinct labels, in step order */
	JyLabelEntry *entries;
	JyHash		hash;			/* entries by text (when more than JY_LABELS_SMALL) */
	char	   *text;			/* the labels' bytes */
} JyLabelSet;

/*
 * Build the set for nsteps labels (1..JY_MAX_STEPS); labels[k] of lens[k]
 * bytes names step k + 1.  NULL labels name no row.  Returns NULL when out
 * of memory.
 */
extern JyLabelSet *jy_labels_build(const char *const *labels, const uint32_t *lens,
								   int nsteps, const JyMem *m);

/*
 * The general form: n labels, label i contributing masks[i] (labels given
 * twice OR their masks).  NULL labels are skipped.
 */
extern JyLabelSet *jy_labels_build_masks(const char *const *labels, const uint32_t *lens,
										 const uint64_t *masks, uint32_t n, const JyMem *m);

/* Steps named by a label (0 when none) */
extern uint64_t jy_labels_lookup(const JyLabelSet *set, const char *text, uint32_t len);

extern void jy_labels_free(JyLabelSet *set, const JyMem *m);

#endif							/* JY_LABELS_H */
