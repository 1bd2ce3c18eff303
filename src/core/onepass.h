/*
 * onepass.h -- the one-pass funnel: a whole table's funnel keyed by actor
 *
 * funnel_counts(actor, window, [mode,] ts, label, steps) counts, in one
 * aggregate over a whole table (or each GROUP BY segment), the actors that
 * reach each step, exactly as funnel_counts(window_funnel(...), nsteps) over
 * GROUP BY actor does.  A JyOnepass keeps an actor table (actors.h: each
 * distinct actor key gets a dense id) and one record per matching row: its
 * actor id, timestamp and mask id, the mask id indexing a dictionary of the
 * distinct step masks seen (one per label of the steps in the label form).
 * Rows that match no step store nothing (strict_order stores them as
 * markers with mask 0, as window_funnel does).
 *
 * A record is packed into 8 bytes while the three fit in 64 bits: the
 * timestamp as an offset from a base in a unit (the greatest common divisor
 * of the timestamps' differences: a second for second-precision data), the
 * id and the mask id in as many bits as they need so far (with room to
 * grow).  When a row does not fit, the records are repacked in a wider
 * layout, and when nothing fits in 64 bits (timestamps microseconds apart
 * over millennia, or infinity next to ordinary dates) they become 16-byte
 * records for good.  With 2^20 actors and 4 masks, 42 bits remain: 139
 * years at a second's precision, 51 days at a microsecond's.
 *
 * Actor keys are looked up JY_ONEPASS_AHEAD rows late: a row's slot in the
 * actor table is prefetched when it arrives (for byte-string keys up to
 * JY_ONEPASS_KEY_MAX bytes, also the key it names, in two later steps), so
 * that with a table larger than the cache the misses of several rows
 * overlap instead of stalling each row in turn.  jy_onepass_flush looks up the pending
 * rows, and every function that reads the records calls it first.
 *
 * Evaluation groups the records by actor (an in-place counting sort by id:
 * O(records + actors)), then for each actor sorts its events exactly as
 * window_funnel does (jy_sort_events) and runs the same engine
 * (jy_funnel_eval), adding the level into the counts.
 *
 * Memory: 8 bytes per stored record (16 when wide; the buffer doubles, so
 * up to twice that), the actor table (actors.h: 24 to 40 bytes per actor
 * with an integer key) and, while evaluating, 16 bytes per actor, one
 * actor's events and, when memory allows, a scratch copy of the records.
 * Only actors with a matching row (or a marker) enter the table.  The
 * record buffer grows past 1 GB when the allocator allows it (the glue's
 * does: huge allocations); the actor table holds at most JY_ACTORS_MAX
 * actors.  Long loops call the JyMem interrupt hook.
 *
 * Its byte form (the state of parallel plans, codec.h) lists the actors in
 * ascending key order with their events; merging two states remaps actor
 * ids by key.
 *
 * Journey maps (funnel_counts(actor, map, ...)) use the same state with the
 * map's per-stage gaps, exclusion bit and identity (the fields after
 * last_id; byte form version 2); the glue computes each row's mask.
 */
#ifndef JY_ONEPASS_H
#define JY_ONEPASS_H

#include "actors.h"
#include "funnel.h"
#include "jy.h"

/*
 * Rows with an integer key waiting for their actor lookup: a ring of
 * JY_ONEPASS_AHEAD rows (a power of two)
 */
#define JY_ONEPASS_AHEAD 16

/* Byte-string keys up to this long wait in the ring (longer ones do not) */
#define JY_ONEPASS_KEY_MAX 48

typedef struct JyOnepassRow
{
	int64_t		key;			/* JY_ACTOR_INT */
	int64_t		ts;
	uint64_t	mask;
	uint32_t	hash;
	uint32_t	len;			/* bytes kinds: the key's length ... */
	uint8_t		bytes[JY_ONEPASS_KEY_MAX];	/* ... and bytes */
} JyOnepassRow;

typedef struct JyOnepass
{
	JyActors	actors;
	uint64_t	window;			/* the funnel's parameters (no within/exclude) */
	uint32_t	flags;
	int			nsteps;
	bool		any;			/* a row with an actor was added */

	/*
	 * The records: n of them in room for cap.  Packed (wide false): one
	 * 64-bit word each, id << (64 - idbits) | off << mbits | mask id, the
	 * timestamp being base + off * unit (unit 0: every timestamp is base).
	 * Wide: two words, id << 32 | mask id, then the timestamp.
	 */
	uint64_t   *rec;
	size_t		n,
				cap;
	bool		wide;
	uint8_t		idbits,			/* packed layout: bits of the id ... */
				mbits;			/* ... and of the mask id */
	int64_t		base;
	uint64_t	unit;
	uint64_t	offmax;			/* largest off: 2^(64 - idbits - mbits) - 1 */
	int64_t		tsmin,			/* the records' smallest and largest ts */
				tsmax;
	/* distinct masks, looked up through mhash */
	uint64_t   *masks;
	uint32_t	nmasks,
				mcap;
	JyHash		mhash;
	uint64_t	last_mask;		/* the last mask looked up ... */
	uint32_t	last_maskid;	/* ... and its id (UINT32_MAX: none) */
	int64_t		last_ikey;		/* JY_ACTOR_INT: the last key added ... */
	uint32_t	last_id;		/* ... and its id (UINT32_MAX: none) */
	/* rows not looked up yet (jy_onepass_flush) */
	uint32_t	phead,			/* the oldest one's place in the ring ... */
				npend;			/* ... and how many */
	JyOnepassRow pend[JY_ONEPASS_AHEAD];

	/*
	 * Journey maps (funnel_counts(actor, map, ...)); all zero for a plain
	 * funnel.  within and exclude are the map's per-stage gaps and exclusion
	 * bit (as in JyFunnelSpec; masks may then carry bit nsteps), map_id
	 * tells maps apart (jy_onepass_map_id; 0: no map).
	 */
	uint64_t	within[JY_MAX_STEPS];
	uint64_t	exclude;
	uint64_t	map_id;

	/*
	 * A map's optional stages and scoped exclusions (as in JyFunnelSpec;
	 * byte form version 3 when there are any).  With optional stages the
	 * count of an optional stage is the number of actors whose reported
	 * chain includes it (docs/maps.md).
	 */
	uint64_t	optional;
	int			nexcl;
	JyFunnelExcl excl[JY_MAX_STEPS];
} JyOnepass;

/* Most records of one state */
#define JY_ONEPASS_MAX_RECORDS (SIZE_MAX / 4 / (2 * sizeof(uint64_t)))

/*
 * An empty state (allocates nothing) of a key kind and funnel (window > 0,
 * flags valid, 1 .. JY_MAX_STEPS steps; a map's within and exclude are
 * copied, map_id is left 0)
 */
extern void jy_onepass_init(JyOnepass *o, JyActorKind kind, const JyFunnelSpec *spec);

/*
 * One row with an actor: its key (int64 for JY_ACTOR_INT, bytes otherwise),
 * timestamp and step mask (bits below nsteps).  A row with mask 0 is only
 * stored under strict_order.  JY_ERR_OUT_OF_MEMORY (also beyond
 * JY_ACTORS_MAX actors), JY_ERR_TOO_MANY_EVENTS (beyond
 * JY_ONEPASS_MAX_RECORDS records); the state stays usable.
 */
extern JyStatus jy_onepass_add_int(JyOnepass *o, const JyMem *m, int64_t key,
								   int64_t ts, uint64_t mask);
extern JyStatus jy_onepass_add_bytes(JyOnepass *o, const JyMem *m, const void *key,
									 size_t len, int64_t ts, uint64_t mask);

/*
 * Do two states have the same funnel (window, flags, steps, and a map's
 * gaps, exclusion and map_id) and, when both have actors, the same key kind?
 */
extern bool jy_onepass_same(const JyOnepass *a, const JyOnepass *b);

/*
 * Merge src into dst (jy_onepass_same must hold: else JY_ERR_BAD_PARAMETER);
 * src means the same afterwards (its pending rows are flushed).  Errors as
 * jy_onepass_add_int.
 */
extern JyStatus jy_onepass_merge(JyOnepass *dst, JyOnepass *src, const JyMem *m);

/*
 * The funnel counts: counts[k] (k < nsteps) receives the number of actors
 * whose level is k + 1 or more (for an optional stage of a map: whose
 * reported chain includes it).  Reorders the records (what the state means
 * is unchanged).  JY_ERR_OUT_OF_MEMORY, JY_ERR_TOO_MANY_CHAINS (strict_once).
 */
extern JyStatus jy_onepass_counts(JyOnepass *o, const JyMem *m, int64_t *counts);

/*
 * Group the records by actor (in place) and return through *start where
 * each actor's records begin: start[id] .. start[id + 1] (nactors + 1
 * entries, allocated through m; NULL with no actor).  JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_onepass_group(JyOnepass *o, const JyMem *m, size_t **start);

/*
 * The events of records from .. to - 1 (after jy_onepass_group) as
 * window_funnel sees them, sorted by jy_sort_events, into ev (room for
 * to - from)
 */
extern void jy_onepass_events(const JyOnepass *o, size_t from, size_t to,
							  JyEvent *ev, const JyMem *m);

/*
 * The id of an actor key (ikey for JY_ACTOR_INT, else bkey[0 .. blen)),
 * added when new.  JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_onepass_actor(JyOnepass *o, const JyMem *m, int64_t ikey,
								 const void *bkey, size_t blen, uint32_t *id);

/*
 * The id of the next actor of a state's byte form, whose keys come in
 * ascending order (integer keys are appended without a hash lookup: the
 * slots are built by the first lookup, if any).  JY_ERR_BAD_PARAMETER when
 * an integer key is not larger than the one before; JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_onepass_actor_next(JyOnepass *o, const JyMem *m, int64_t ikey,
									  const void *bkey, size_t blen, uint32_t *id);

/* Append a record of actor id (mask 0 is stored as given) */
extern JyStatus jy_onepass_push(JyOnepass *o, const JyMem *m, uint32_t id,
								int64_t ts, uint64_t mask);

/*
 * Look up the actors of the pending rows and store their records (a no-op
 * without pending rows).  Errors as jy_onepass_add_int; the rows are then
 * dropped.
 */
extern JyStatus jy_onepass_flush(JyOnepass *o, const JyMem *m);

/* Release everything */
extern void jy_onepass_free(JyOnepass *o, const JyMem *m);

/* ---- journey maps: funnel_counts(actor, map, ...) ---- */

/*
 * The engine's parameters of a state (within points into o: valid while o
 * lives, NULL for a plain funnel)
 */
extern JyFunnelSpec jy_onepass_spec(const JyOnepass *o);

/*
 * The map_id of a journey map: FNV-1a (64 bits) of its JSON text, never 0,
 * the same on every platform (it crosses nodes in the byte form)
 */
extern uint64_t jy_onepass_map_id(const char *text, size_t len);

/*
 * The label form's per-step gaps (funnel_counts(actor, window, mode, ts,
 * label, steps, gaps)) travel as a map's within: the state's map_id is then
 * this identity of the gaps within[1 .. nsteps), never 0, the same on every
 * platform
 */
extern uint64_t jy_onepass_gaps_id(const uint64_t *within, int nsteps);

#endif							/* JY_ONEPASS_H */
