/*
 * codec.h -- portable byte formats of the aggregate states
 *
 * These are the bytes that cross process and node boundaries (parallel
 * workers, Citus, PL/Proxy): versioned, big-endian, free of pointers and
 * OIDs.  The layouts are specified in docs/format.md.  Decoders check every
 * field and that the length matches exactly.
 */
#ifndef JY_CODEC_H
#define JY_CODEC_H

#include "activity.h"
#include "attribution.h"
#include "events.h"
#include "funnel.h"
#include "nextnode.h"
#include "onepass.h"
#include "pathcount.h"
#include "pattern.h"
#include "rfm.h"
#include "summary.h"

#define JY_STATE_VERSION 1

/*
 * The timestamp type byte of the funnel and sequence states: 0 timestamptz,
 * 1 timestamp (microseconds, checked with jy_ts_valid), 2 bigint (any int64)
 */
#define JY_TS_TYPE_BIGINT 2

/* Big-endian integers */
static inline void
jy_put_be(uint8_t *p, uint64_t v, int bytes)
{
	int			i;

	for (i = bytes - 1; i >= 0; i--)
	{
		p[i] = (uint8_t) v;
		v >>= 8;
	}
}

static inline uint64_t
jy_get_be(const uint8_t *p, int bytes)
{
	uint64_t	v = 0;
	int			i;

	for (i = 0; i < bytes; i++)
		v = (v << 8) | p[i];
	return v;
}

/* ---- window_funnel / funnel_times state ---- */

#define JY_FUNNEL_HEADER_SIZE 16	/* version, tstype, steps, flags, window, n */

/* Bytes of an event's mask for a number of steps: 1, 2, 4 or 8 */
static inline int
jy_mask_width(int nsteps)
{
	return nsteps <= 8 ? 1 : nsteps <= 16 ? 2 : nsteps <= 32 ? 4 : 8;
}

/* Size of the encoded state */
extern size_t jy_funnel_state_size(int nsteps, uint32_t n);

/* Encode into out[0 .. jy_funnel_state_size()) */
extern void jy_funnel_state_encode(const JyFunnelSpec *spec, uint8_t tstype,
								   const JyEvent *ev, uint32_t n, uint8_t *out);

/*
 * Decode the header of an encoded state: checks the version and every field
 * (tstype must be < ntstypes), that the length fits n events exactly and,
 * unless tstype is JY_TS_TYPE_BIGINT, that every event's timestamp is one
 * timestamptz can hold.  On failure returns JY_ERR_CORRUPT with *why saying
 * what is wrong.
 */
extern JyStatus jy_funnel_state_decode_header(const uint8_t *in, size_t len,
											  int ntstypes, JyFunnelSpec *spec,
											  uint8_t *tstype, uint32_t *n,
											  const char **why);

/* Decode the n events of a state whose header decoded; checks the masks */
extern JyStatus jy_funnel_state_decode_events(const uint8_t *in,
											  const JyFunnelSpec *spec,
											  uint32_t n, JyEvent *ev,
											  const char **why);

/* Event blocks: n x (8-byte ts, mask of jy_mask_width(nsteps) bytes) */
extern void jy_events_encode(const JyEvent *ev, uint32_t n, int nsteps,
							 uint8_t *out);
extern JyStatus jy_events_decode(const uint8_t *in, uint32_t n, int nsteps,
								 JyEvent *ev, const char **why);

/*
 * Check that every timestamp of an encoded event block (n events of nsteps
 * conditions, laid out as jy_events_encode writes them) is one timestamptz
 * can hold (jy_ts_valid): for blocks of timestamptz or timestamp events.
 * On failure returns JY_ERR_CORRUPT with *why set.
 */
extern JyStatus jy_events_check_times(const uint8_t *in, uint32_t n, int nsteps,
									  const char **why);

/* ---- furthest_stage / stage_times (journey map) state ---- */

/*
 * Version, the map's JSON text (varint length, bytes), the event count
 * (varint), then an event block of nstages + 1 conditions (the stages and
 * the exclusion bit).  The map comes first so that a decoder can parse it
 * and learn nstages before it reads the events.
 */
extern size_t jy_map_state_size(size_t textlen, uint32_t n, int nstages);

/* Encode into out (jy_map_state_size() bytes); returns the bytes written */
extern size_t jy_map_state_encode(const char *text, size_t textlen, int nstages,
								  const JyEvent *ev, uint32_t n, uint8_t *out);

/* Decode the version and the map text: *text points into in */
extern JyStatus jy_map_state_decode_text(const uint8_t *in, size_t len,
										 const char **text, size_t *textlen,
										 const char **why);

/*
 * Decode the events of a state whose text decoded (nstages: of that map):
 * the count must match the length exactly.  With ev NULL, only *n is
 * learned (to size ev); otherwise the events go to ev, and no event may
 * name a stage beyond the last, and every timestamp must be one
 * timestamptz can hold.
 */
extern JyStatus jy_map_state_decode_events(const uint8_t *in, size_t len,
										   int nstages, uint32_t *n,
										   JyEvent *ev, const char **why);

/* ---- sequence_match / sequence_count state ---- */

/* version, tstype, conditions, 0, pattern length (4), events (4) */
#define JY_SEQ_HEADER_SIZE 12

extern size_t jy_seq_state_size(int nconds, uint32_t patlen, uint32_t n);

/* Encode into out[0 .. jy_seq_state_size()) */
extern void jy_seq_state_encode(uint8_t tstype, int nconds, const char *pattern,
								uint32_t patlen, const JyEvent *ev, uint32_t n,
								uint8_t *out);

/*
 * Decode and check the header (and, as for the funnel state, the event
 * timestamps unless tstype is JY_TS_TYPE_BIGINT); the pattern is then at
 * in + JY_SEQ_HEADER_SIZE and the events (jy_events_decode) after it.
 */
extern JyStatus jy_seq_state_decode_header(const uint8_t *in, size_t len,
										   int ntstypes, uint8_t *tstype,
										   int *nconds, uint32_t *patlen,
										   uint32_t *n, const char **why);

/* ---- sequence_next_node state ---- */

/* version, direction, base, events (N), rows (4), reserved (4) */
#define JY_NODE_HEADER_SIZE 12

/*
 * Size of an encoded state of n rows: the header, then per row ts (8),
 * base_cond (1), mask (jy_mask_width(nevents)), value length (4), value.
 * 0 when it would exceed max_size.
 */
extern size_t jy_node_state_size(const JyNodeRow *rows, uint32_t n,
								 int nevents, size_t max_size);

/* Encode into out[0 .. jy_node_state_size()) */
extern void jy_node_state_encode(JyNodeDirection dir, JyNodeBase base,
								 int nevents, const JyNodeRow *rows,
								 uint32_t n, uint8_t *out);

/*
 * Decode a whole state: the parameters, then n rows into rows[] (room for
 * *n rows: call first with rows == NULL to learn *n).  Row values point
 * into in, which the caller keeps.  Every field and length is checked.
 */
extern JyStatus jy_node_state_decode(const uint8_t *in, size_t len,
									 JyNodeDirection *dir, JyNodeBase *base,
									 int *nevents, uint32_t *n,
									 JyNodeRow *rows, const char **why);

/* ---- funnel_counts / journey_completion state ---- */

/* Size of an encoded counts state of nsteps steps */
static inline size_t
jy_counts_state_size(int nsteps)
{
	return 2 + (size_t) nsteps * 8;
}

extern void jy_counts_state_encode(const int64_t *counts, int nsteps, uint8_t *out);

/* Decode; counts must have room for JY_MAX_STEPS values */
extern JyStatus jy_counts_state_decode(const uint8_t *in, size_t len,
									   int64_t *counts, int *nsteps,
									   const char **why);

/* ---- rfm_summary (summary kind JY_SUMMARY_RFM) ---- */


/*
 * The header, the amount type (u8), the order count (varint); with orders:
 * the first order time (svarint), last - first (varint), then the total --
 * a float8 (8 bytes) or a numeric's scale (u8) and units (svarint).  See
 * docs/format.md.
 */
extern void jy_rfm_summary_encode(JyWriter *w, const JyRfmSummary *s);

/*
 * Decode and check every field (timestamps timestamptz holds, first <=
 * last, a normalised decimal) and that the bytes end exactly
 */
extern JyStatus jy_rfm_summary_decode(const uint8_t *in, size_t len,
									  JyRfmSummary *s, const char **why);

/* ---- activity summary (activity_agg, rollup(activity_summary)) ---- */


/*
 * The head of an activity summary: key kind and cohort source (both 0 with
 * no actor, neither 0 otherwise) and the number of actors
 */
typedef struct JyActivityHead
{
	JyActorKind kind;
	JyCohortSource source;
	uint64_t	nactors;
	bool		valued;			/* a value summary (kind JY_SUMMARY_VALUE) */
	uint8_t		scale;			/* valued: decimal places of the units */
} JyActivityHead;

/* One actor of a summary, as the encoder takes it and the decoder gives it */
typedef struct JyActivityActor
{
	int64_t		ikey;			/* JY_ACTOR_INT */
	const uint8_t *bkey;		/* bytes kinds (16 bytes for uuid) */
	size_t		blen;
	const int32_t *days;		/* ndays >= 1 ascending distinct days */
	size_t		ndays;
	int32_t		cohort;			/* JY_COHORT_EVENT: a day of days, or
								 * JY_NO_DAY */
	const int64_t *units;		/* valued: per day, its value sum in units
								 * of 10^-scale (0: none); else NULL */
} JyActivityActor;

/* Write the summary header and head (docs/format.md) */
extern void jy_activity_write_head(JyWriter *w, const JyActivityHead *h);

/*
 * Write one actor; actors in strictly ascending key order, prev the one
 * written before (NULL for the first)
 */
extern void jy_activity_write_actor(JyWriter *w, const JyActivityHead *h,
									const JyActivityActor *prev,
									const JyActivityActor *a);

/* Called per actor, in key order; a status other than JY_OK stops the decoder */
typedef JyStatus (*JyActivityVisit) (void *arg, const JyActivityHead *h,
									 const JyActivityActor *a);

/*
 * Decode and check an activity summary, plain (kind JY_SUMMARY_ACTIVITY)
 * or with values (JY_SUMMARY_VALUE: h->valued): the header, the head, every
 * actor (keys strictly ascending, 1 or more days strictly ascending within
 * JY_DAY_MIN .. JY_DAY_MAX, the cohort one of its days, a value per day)
 * and that the bytes end exactly.  *h is the head; visit (may be NULL) is called per actor,
 * its days in a buffer allocated through m and valid during the call.
 * JY_ERR_CORRUPT with *why, JY_ERR_OUT_OF_MEMORY, or visit's status.
 */
extern JyStatus jy_activity_summary_read(const uint8_t *data, size_t len,
										 const JyMem *m, JyActivityHead *h,
										 JyActivityVisit visit, void *arg,
										 const char **why);

/* The check of text input, binary input and deserialize: read, no visit */
extern JyStatus jy_activity_summary_check(const uint8_t *data, size_t len,
										  const JyMem *m, const char **why);

/* ---- path_summary (path_agg, next_step_agg, rollup) ---- */

/*
 * Write a path summary: the header, the parameters, the actors (journeys
 * summarised), the "none" count, then the distinct keys of pc in
 * jy_path_key_cmp order, each with its count -- so that equal counts give
 * equal bytes.  Returns w->status (or JY_ERR_OUT_OF_MEMORY).
 */
extern JyStatus jy_path_summary_encode(JyWriter *w, const JyPathParams *p,
									   const JyPathCount *pc, uint64_t actors);

/*
 * Decode and check a path summary: every field, the key order (strictly
 * increasing), no NUL byte in a key or label, counts >= 1 adding up to at
 * most the actors (exactly, for top paths), and that the bytes end there.
 * s->keys (allocated through m; free with jy_path_summary_free) and the
 * labels point into in.  JY_ERR_CORRUPT with *why a sentence on failure.
 */
extern JyStatus jy_path_summary_decode(const uint8_t *in, size_t len,
									   const JyMem *m, JyPathSummary *s,
									   const char **why);

extern void jy_path_summary_free(JyPathSummary *s, const JyMem *m);


/* ---- attribution_summary (channel transitions and coalitions) ---- */


/*
 * Write a summary canonically (docs/format.md): channels in name order,
 * transitions by (from, to), coalitions by their channels.  Scratch memory
 * and the bytes come from the writer's JyMem; failures stick in w->status.
 */
extern void jy_attr_summary_encode(const JyAttrSummary *s, JyWriter *w);

/*
 * Decode and fully check a summary's bytes into *s (initialised here, its
 * channels numbered in name order); on failure *s is freed and the result
 * is JY_ERR_CORRUPT with *why a sentence (or JY_ERR_OUT_OF_MEMORY).
 */
extern JyStatus jy_attr_summary_decode(const uint8_t *in, size_t len, const JyMem *m,
									   JyAttrSummary *s, const char **why);

/* jy_attr_summary_decode as a check (the summary type's input functions) */
extern JyStatus jy_attr_summary_check(const uint8_t *in, size_t len, const JyMem *m,
									  const char **why);

/* ---- one-pass funnel state (funnel_counts(actor, ...)) ---- */


#define JY_ONEPASS_VERSION 1
/* the same with a journey map's fields (JyOnepass.map_id not 0) */
#define JY_ONEPASS_MAP_VERSION 2
/* the same with a map's optional stages and scoped exclusions (issue 13) */
#define JY_ONEPASS_MAP_OPTIONS_VERSION 3

/*
 * Append the state's byte form (docs/format.md) to w: actors in ascending
 * key order, each with its events in (ts, mask) order, so equal states give
 * equal bytes.  Reorders the records (what the state means is unchanged).
 * Failures stick in w->status or are returned (JY_ERR_OUT_OF_MEMORY).
 */
extern JyStatus jy_onepass_encode(JyOnepass *o, const JyMem *m, JyWriter *w);

/*
 * Decode and check the byte form data[0 .. len) into o, which is
 * initialised here: the version, every parameter, every key (strictly
 * ascending), every event (timestamps a timestamptz can hold, in (ts, mask)
 * order, masks below nsteps bits (and a map's exclusion bit) and 0 only
 * under strict_order) and that
 * the bytes end exactly.  JY_ERR_CORRUPT with *why, JY_ERR_OUT_OF_MEMORY;
 * o must be freed (jy_onepass_free) also after an error.
 */
extern JyStatus jy_onepass_decode(JyOnepass *o, const JyMem *m, const uint8_t *data,
								  size_t len, const char **why);

/* ---- funnel state with per-step gaps (the label form's gaps argument) ---- */

/* version 1 followed by nsteps - 1 gaps, big-endian uint64 (0: no limit) */
#define JY_STATE_VERSION_GAPS 2

/* Size of an encoded funnel state with gaps */
extern size_t jy_funnel_gaps_state_size(int nsteps, uint32_t n);

/* Encode into out[0 .. jy_funnel_gaps_state_size()); spec->within[1 ..] are the gaps */
extern void jy_funnel_gaps_state_encode(const JyFunnelSpec *spec, uint8_t tstype,
										const JyEvent *ev, uint32_t n, uint8_t *out);

/*
 * Decode and check the header and gaps of a state of version 2 (as
 * jy_funnel_state_decode_header; the gaps go into within[0 .. nsteps), room
 * for JY_MAX_STEPS, and spec->within points there).  Its events are read by
 * jy_funnel_state_decode_events.
 */
extern JyStatus jy_funnel_gaps_state_decode_header(const uint8_t *in, size_t len,
												   int ntstypes, JyFunnelSpec *spec,
												   uint64_t *within, uint8_t *tstype,
												   uint32_t *n, const char **why);

#endif							/* JY_CODEC_H */
