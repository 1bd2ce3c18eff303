/*
 * drivers.h -- conversion drivers (funnel correlation)
 *
 * Two steps, as every report.  Per actor, funnel_features keeps the funnel
 * events (what window_funnel keeps) and the actor's feature rows (a
 * timestamp and a feature id into a JyDict); evaluating runs the one funnel
 * engine (jy_funnel_eval) and returns whether the actor reached step 1,
 * whether it reached to_step, and the distinct features of the rows in the
 * reported chain's window: [step-1 ts, to_step ts) for converters,
 * [step-1 ts, step-1 ts + window] for the others.
 *
 * Across actors, a JyDrivers counts for every feature the converters and
 * the non-converters that saw it, plus the totals of both; it is the state
 * of driver_agg and rollup(driver_summary), and its byte form (kind
 * JY_SUMMARY_DRIVERS, docs/format.md) is the driver_summary type.  The
 * report (jy_drivers_report) turns a decoded summary into one 2x2 table per
 * feature with the odds ratio, its Woolf interval, Fisher's exact p-value
 * and the Benjamini-Hochberg q-value over the tested features.  See
 * docs/drivers.md.
 */
#ifndef JY_DRIVERS_H
#define JY_DRIVERS_H

#include "funnel.h"
#include "journey.h"
#include "summary.h"

/* ---------- one actor: funnel_features ---------- */

/* A feature seen at a timestamp: 16 bytes */
typedef struct JyFeatureRow
{
	int64_t		ts;
	uint32_t	id;				/* into JyFeatures.feats */
} JyFeatureRow;

/* Most feature rows (or funnel events) one actor may hold: a 1 GB array */
#define JY_FEATURES_MAX_ROWS ((uint32_t) (JY_MAX_ALLOC / sizeof(JyFeatureRow)))

typedef struct JyFeatures
{
	uint64_t	window;
	uint32_t	flags;			/* JY_FUNNEL_* (never totals) */
	int			nsteps;
	int			to_step;		/* 2 .. nsteps */
	uint8_t		tstype;			/* the timestamp type byte (codec.h) */
	JyEvent    *ev;				/* the funnel events */
	uint32_t	nev,
				capev;
	JyFeatureRow *rows;
	uint32_t	nrows,
				caprows;
	JyDict		feats;			/* the distinct features */
} JyFeatures;

/* An empty state (allocates nothing) */
extern void jy_features_init(JyFeatures *f, const JyFunnelSpec *spec, int to_step,
							 uint8_t tstype);

/* The funnel parameters of a state */
extern JyFunnelSpec jy_features_spec(const JyFeatures *f);

/* Release everything; the state is empty again */
extern void jy_features_free(JyFeatures *f, const JyMem *m);

/* Add a funnel event (JY_ERR_TOO_MANY_EVENTS beyond JY_FEATURES_MAX_ROWS) */
extern JyStatus jy_features_add_event(JyFeatures *f, const JyMem *m, int64_t ts,
									  uint64_t mask);

/* Add a feature row (the text s[0..len) seen at ts) */
extern JyStatus jy_features_add(JyFeatures *f, const JyMem *m, int64_t ts,
								const char *s, size_t len);

/* Same funnel (window, mode, steps, to_step, timestamp type)? */
extern bool jy_features_same(const JyFeatures *a, const JyFeatures *b);

/* Add every event and row of src to dst (same funnel) */
extern JyStatus jy_features_merge(JyFeatures *dst, const JyFeatures *src,
								  const JyMem *m);

/*
 * Evaluate: *reached (level >= 1), *converted (level >= to_step) and the
 * distinct features of the window (see above) as ids into f->feats, in
 * bytewise order of their texts: *ids (allocated through m, NULL when
 * *nids is 0).  Sorts the events and rows in place.
 */
extern JyStatus jy_features_eval(JyFeatures *f, const JyMem *m, bool *reached,
								 bool *converted, uint32_t **ids, uint32_t *nids);

#define JY_FEATURES_VERSION 1

/* Encode into w (docs/format.md); sorts the events and rows in place */
extern JyStatus jy_features_encode(JyFeatures *f, const JyMem *m, JyWriter *w);

/*
 * Decode a state, checking every field; JY_ERR_CORRUPT with *why on
 * failure (*f is then empty).  ntstypes: as jy_props_decode.
 */
extern JyStatus jy_features_decode(JyFeatures *f, const JyMem *m, const uint8_t *in,
								   size_t len, int ntstypes, const char **why);

/* ---------- across actors: driver_agg, driver_summary ---------- */

typedef struct JyDriverCount
{
	uint64_t	conv;			/* converters with the feature */
	uint64_t	non;			/* non-converters with it */
	uint64_t	stamp;			/* the last actor counted (jy_drivers_actor) */
} JyDriverCount;

/*
 * The counts of a summary.  Memory per distinct feature: its bytes, 24 of
 * counts, 8 of dictionary offsets and 8 to 16 of hash slots (about 50
 * bytes plus the text).
 */
typedef struct JyDrivers
{
	JyDict		feats;
	JyDriverCount *cnt;			/* feats.n counts, by feature id */
	uint32_t	capcnt;
	uint64_t	converters;		/* actors that reached to_step */
	uint64_t	nonconverters;	/* actors that reached step 1 only */
	uint64_t	actors;			/* actors added one by one (the stamp) */
} JyDrivers;

/* Most actors or counts of one summary */
#define JY_DRIVERS_MAX_COUNT ((uint64_t) INT64_MAX)

extern void jy_drivers_init(JyDrivers *d);
extern void jy_drivers_free(JyDrivers *d, const JyMem *m);

/*
 * Count one actor: converted or not, with the features feat[i] of len[i]
 * bytes (NULL entries skipped; a feature listed twice counts once).
 * JY_ERR_VALUE_TOO_LARGE when a count would pass JY_DRIVERS_MAX_COUNT.
 */
extern JyStatus jy_drivers_actor(JyDrivers *d, const JyMem *m, bool converted,
								 const char *const *feat, const uint32_t *len,
								 size_t n);

/* Add counts for one feature (conv + non >= 1), as a merge does */
extern JyStatus jy_drivers_add(JyDrivers *d, const JyMem *m, const char *s,
							   uint32_t len, uint64_t conv, uint64_t non);

/* Add totals of actors (the counts of features come separately) */
extern JyStatus jy_drivers_add_totals(JyDrivers *d, uint64_t converters,
									  uint64_t nonconverters);

/* Add every count of src to d */
extern JyStatus jy_drivers_merge(JyDrivers *d, const JyDrivers *src, const JyMem *m);

/* Write the summary (header, totals, features in bytewise order) */
extern JyStatus jy_drivers_encode(const JyDrivers *d, const JyMem *m, JyWriter *w);

/* One feature of a decoded summary; key points into the bytes */
typedef struct JyDriverEntry
{
	const char *key;
	uint32_t	len;
	uint64_t	conv,
				non;
} JyDriverEntry;

typedef struct JyDriverSummary
{
	uint64_t	converters,
				nonconverters;
	uint32_t	n;
	JyDriverEntry *e;			/* n entries in jy_label_cmp order */
} JyDriverSummary;

/*
 * Decode and check a summary: the header, the totals (their sum at most
 * JY_DRIVERS_MAX_COUNT), the features (strictly increasing bytes, each seen
 * by at least one actor, conv <= converters, non <= nonconverters), and
 * that the bytes end there.  s->e is allocated through m (free with
 * jy_driver_summary_free).
 */
extern JyStatus jy_driver_summary_decode(const uint8_t *in, size_t len, const JyMem *m,
										 JyDriverSummary *s, const char **why);
extern void jy_driver_summary_free(JyDriverSummary *s, const JyMem *m);

/* jy_driver_summary_decode as a check (the type's input functions) */
extern JyStatus jy_driver_summary_check(const uint8_t *in, size_t len, const JyMem *m,
										const char **why);

/* Add a decoded summary's counts to d */
extern JyStatus jy_drivers_add_summary(JyDrivers *d, const JyMem *m,
									   const JyDriverSummary *s);

/* ---------- the report ---------- */

/* Why a row's statistics are NULL, or what was done to compute them */
typedef enum JyDriverNote
{
	JY_DRIVER_TESTED = 0,		/* tested, no correction */
	JY_DRIVER_CORRECTED,		/* tested; a cell was 0: Haldane-Anscombe +0.5 */
	JY_DRIVER_FEW_ACTORS,		/* seen by fewer than min_actors actors */
	JY_DRIVER_EVERY_ACTOR,		/* seen by every actor: nothing to compare */
	JY_DRIVER_NO_CONVERTERS,	/* no actor converted */
	JY_DRIVER_NO_NONCONVERTERS,	/* every actor converted */
	JY_DRIVER_TOO_LARGE			/* too many actors for Fisher's exact test
								 * (jy_fisher_exact is NaN) */
} JyDriverNote;

typedef struct JyDriverRow
{
	const char *key;
	uint32_t	len;
	int64_t		a,				/* converters with */
				b,				/* converters without */
				c,				/* non-converters with */
				d;				/* non-converters without */
	JyDriverNote note;
	/* when note <= JY_DRIVER_CORRECTED: */
	double		strength,		/* |ln OR|, from the (corrected) cells */
				odds_ratio,
				ci_low,
				ci_high,
				p,
				q;
} JyDriverRow;

/* Is a row tested (its statistics defined)? */
static inline bool
jy_driver_tested(const JyDriverRow *r)
{
	return r->note == JY_DRIVER_TESTED || r->note == JY_DRIVER_CORRECTED;
}

/*
 * The report of a summary: one row per feature (*out, s->n rows, allocated
 * through m), z the normal quantile of the interval (confidence).  A
 * feature is tested unless the summary has no converters or no
 * non-converters, fewer than min_actors actors saw it, or every actor did;
 * the q-values are Benjamini-Hochberg over the tested features only.
 * Order: tested rows by |ln OR| descending, then p ascending, then feature
 * bytes; then the untested rows by feature bytes.  |ln OR| is |ln a' + ln
 * d' - ln b' - ln c'| of the cells (+0.5 each when corrected), so that a
 * feature and its complement (the two values of a binary property) have
 * exactly the same strength; p-values within a relative 1e-7 (the
 * tolerance of jy_fisher_exact) count as equal.
 */
extern JyStatus jy_drivers_report(const JyDriverSummary *s, double z, int64_t min_actors,
								  const JyMem *m, JyDriverRow **out);

#endif							/* JY_DRIVERS_H */
