/*
 * journey.h -- the journey value: one actor's time-ordered touches
 *
 * A touch is (ts, label).  A journey is canonical: touches in (ts, label
 * bytes) order, labels numbered by first appearance, timestamps stored at
 * the coarsest decimal scale that holds them exactly.  Equal journeys have
 * equal bytes.  The byte format is specified in docs/format.md.
 *
 * JyJourney is the decoded form; JyJourneyBuilder collects touches in any
 * order (aggregates, text input, concatenation) and encodes them.
 */
#ifndef JY_JOURNEY_H
#define JY_JOURNEY_H

#include "events.h"
#include "hash.h"

/* The version writers emit; readers accept 1 and 2 (docs/format.md) */
#define JY_JOURNEY_VERSION 2

/*
 * A decoded journey; label texts point into the encoded bytes, or into
 * text for labels stored packed
 */
typedef struct JyJourney
{
	uint32_t	n;				/* touches */
	uint32_t	nlabels;		/* distinct labels */
	int64_t    *ts;				/* n timestamps, non-decreasing */
	uint32_t   *label;			/* n label ids, < nlabels */
	const char **label_text;	/* nlabels */
	uint32_t   *label_len;		/* nlabels */
	char	   *text;			/* unpacked label texts, or NULL */
} JyJourney;

/*
 * Decode and fully check encoded bytes (version, counts against the length,
 * varints, canonical order and numbering, timestamp overflow, no trailing
 * bytes).  On failure returns JY_ERR_CORRUPT with *why set.  Arrays are
 * allocated through m; free with jy_journey_free.
 */
extern JyStatus jy_journey_decode(const uint8_t *in, size_t len, const JyMem *m,
								  JyJourney *j, const char **why);

/*
 * Read a stored journey, which a door (text input, binary receive,
 * aggregate deserialize) validated with jy_journey_decode when it entered:
 * the same result for valid bytes, but with bounds checks only -- no
 * dictionary, order, scale or range checks.  Arbitrary bytes never make it
 * read out of bounds or give a label id >= nlabels; they give wrong values
 * or JY_ERR_CORRUPT (truncation, trailing bytes).
 */
extern JyStatus jy_journey_read(const uint8_t *in, size_t len, const JyMem *m,
								JyJourney *j, const char **why);

/*
 * The touch count of a stored journey from its first bytes (len may be a
 * prefix of the value: 11 bytes hold the version and any count).
 */
#define JY_JOURNEY_COUNT_PREFIX 11
extern JyStatus jy_journey_peek_count(const uint8_t *in, size_t len, uint32_t *n,
									  const char **why);

/*
 * The touch count and the first timestamp (and the last, when want_last)
 * of a stored journey, without allocating; bounds checks only, as
 * jy_journey_read.  *first and *last are unset when *n is 0.
 */
extern JyStatus jy_journey_peek_ends(const uint8_t *in, size_t len, bool want_last,
									 uint32_t *n, int64_t *first, int64_t *last,
									 const char **why);
extern void jy_journey_free(JyJourney *j, const JyMem *m);

/* ---- building journeys ---- */

/* A growable set of distinct labels, numbered from 0 */
typedef struct JyDict
{
	uint32_t	n;
	uint32_t	cap;
	uint32_t   *off;			/* n offsets into text */
	uint32_t   *len;			/* n lengths */
	JyHash		hash;			/* label ids by text, empty until needed */
	char	   *text;
	size_t		textlen,
				textcap;
} JyDict;

extern void jy_dict_init(JyDict *d);
extern void jy_dict_free(JyDict *d, const JyMem *m);

/* Id of a label (0, 1, .. in order of first appearance), added when new */
extern JyStatus jy_dict_intern(JyDict *d, const JyMem *m, const char *s,
							   uint32_t len, uint32_t *id);

/* Bytes of label id (d->len[id] of them; valid until the next intern) */
static inline const char *
jy_dict_text(const JyDict *d, uint32_t id)
{
	return d->text ? d->text + d->off[id] : "";
}

/* Bytewise order of two labels (shorter first on a common prefix) */
extern int	jy_label_cmp(const char *a, uint32_t alen, const char *b, uint32_t blen);

typedef struct JyJourneyBuilder
{
	JyDict		dict;
	JyEvent    *touch;			/* ts, and the label id in mask */
	uint32_t	n,
				cap;
} JyJourneyBuilder;

/* Most touches a journey may have */
#define JY_MAX_TOUCHES ((uint32_t) (JY_MAX_ALLOC / 16))

extern void jy_builder_init(JyJourneyBuilder *b);
extern void jy_builder_free(JyJourneyBuilder *b, const JyMem *m);

/* Add a touch */
extern JyStatus jy_builder_add(JyJourneyBuilder *b, const JyMem *m, int64_t ts,
							   const char *label, uint32_t len);

/* Add every touch of a decoded journey, or of another builder */
extern JyStatus jy_builder_add_journey(JyJourneyBuilder *b, const JyMem *m,
									   const JyJourney *j);
extern JyStatus jy_builder_add_builder(JyJourneyBuilder *b, const JyMem *m,
									   const JyJourneyBuilder *other);

/*
 * Encode the touches canonically: *out is allocated through m with
 * prefix bytes reserved in front (for a varlena header), *outlen the
 * encoded size without them.  Sorts the builder's touches.
 */
extern JyStatus jy_builder_encode(JyJourneyBuilder *b, const JyMem *m, size_t prefix,
								  uint8_t **out, size_t *outlen);

/*
 * The same in format version 1 or 2 (writers use the newest; version 1
 * serves the hash of a journey, which stays that of its version-1 bytes)
 */
extern JyStatus jy_builder_encode_version(JyJourneyBuilder *b, const JyMem *m, size_t prefix,
										  int version, uint8_t **out, size_t *outlen);

/* ---- touches over a shared dictionary (journey_agg) ---- */

/*
 * A label dictionary shared by the journeys of many groups being built
 * (journey_agg keeps one per aggregate call for all its groups): a touch
 * is (ts, id of this dictionary), 16 bytes, and a group needs no
 * dictionary of its own.  It holds every distinct label seen, once.
 */
typedef struct JySharedDict
{
	JyDict		dict;
	uint32_t   *slot;			/* per id scratch of the encoder, UINT32_MAX at rest */
	uint32_t	slotcap;
	uint32_t	last;			/* id of the last label interned, or UINT32_MAX */
} JySharedDict;

extern void jy_shared_init(JySharedDict *sd);
extern void jy_shared_free(JySharedDict *sd, const JyMem *m);

/*
 * Id of a label, added when new; the label of the previous call is
 * recognised with one comparison
 */
extern JyStatus jy_shared_intern(JySharedDict *sd, const JyMem *m, const char *s,
								 uint32_t len, uint32_t *id);

/*
 * Encode n touches (mask: an id of sd) canonically in the newest version,
 * as jy_builder_encode; sorts them
 */
extern JyStatus jy_shared_encode(JySharedDict *sd, JyEvent *touch, uint32_t n,
								 const JyMem *m, size_t prefix, uint8_t **out,
								 size_t *outlen);

/* Every touch of a decoded journey into ev (room for j->n), ids of sd */
extern JyStatus jy_shared_add_journey(JySharedDict *sd, const JyMem *m, const JyJourney *j,
									  JyEvent *ev);

/* ---- reading journeys ---- */

/*
 * JSON text of a journey: [["2025-03-01T10:00:00Z","visit"], ...], into
 * *out allocated through m (NUL-terminated).
 */
extern JyStatus jy_journey_json(const JyJourney *j, const JyMem *m, char **out,
								size_t *outlen);

/*
 * The labels of touches [from, to) joined by " > ", skipping a label equal
 * to the previous one when collapse; into *out allocated through m.
 */
extern JyStatus jy_journey_path(const JyJourney *j, uint32_t from, uint32_t to,
								bool collapse, const JyMem *m, char **out,
								size_t *outlen);

/*
 * The end (exclusive touch index) of the first depth steps of a journey, a
 * step being a touch, or a run of touches with the same label when
 * collapse: jy_journey_path(j, 0, end, collapse) then names depth steps (or
 * all, when there are fewer).
 */
extern uint32_t jy_journey_prefix_end(const JyJourney *j, uint32_t depth,
									  bool collapse);

/* Label id of a text, or -1 when the journey does not have it */
extern int64_t jy_journey_find_label(const JyJourney *j, const char *text, uint32_t len);

/*
 * Sessions: touches [start[s], start[s + 1]) form session s; a new session
 * starts after a gap longer than gap.  *starts (nsessions + 1 entries) is
 * allocated through m.
 */
extern JyStatus jy_journey_sessions(const JyJourney *j, uint64_t gap, const JyMem *m,
									uint32_t **starts, uint32_t *nsessions);

/*
 * Transitions: the distinct (from label, to label) pairs of consecutive
 * touches with their counts, in order of first occurrence.  *pairs holds
 * 3 * *npairs values (from id, to id, count), allocated through m.
 */
extern JyStatus jy_journey_transitions(const JyJourney *j, const JyMem *m,
									   uint32_t **pairs, uint32_t *npairs);

/*
 * The events of a journey for the funnel engine: touch i becomes (ts,
 * label_mask[label]) when that mask is not 0, or always when keep_all (for
 * strict_order, where unmatched touches matter).  out needs j->n entries;
 * returns the number written, in jy_event_cmp order.
 */
extern size_t jy_journey_events(const JyJourney *j, const uint64_t *label_mask,
								bool keep_all, JyEvent *out, const JyMem *m);

/* OR of the label masks of all touches (what retention needs) */
extern uint64_t jy_journey_seen(const JyJourney *j, const uint64_t *label_mask);

#endif							/* JY_JOURNEY_H */
