/*
 * segments.h -- every segment against the rest: funnel counts per segment
 * (the segment_summary) and the comparison of each segment's conversion
 * with that of all the other segments pooled
 *
 * A summary holds, for one funnel of nsteps steps, per segment (a name, or
 * the NULL segment) its cumulative funnel counts: counts[k] = the actors of
 * the segment who reached step k + 1 or further, as funnel_counts gives
 * them.  Segment names live in a JyDict (ids in order of first appearance;
 * a decoded summary's ids are in byte order); the NULL segment has its own
 * row.  Summaries of disjoint sets of actors merge by adding the counts of
 * equal segments.  The sums over all segments (totals) are kept, and never
 * pass INT64_MAX.  Its bytes are summary kind JY_SUMMARY_SEGMENTS
 * (docs/format.md).
 *
 * The comparison (jy_segments_cell, jy_segments_holm) is documented in
 * docs/statistics.md, "Every segment against the rest: funnel_segments".
 */
#ifndef JY_SEGMENTS_H
#define JY_SEGMENTS_H

#include "journey.h"
#include "stats.h"
#include "summary.h"

/* The id of the NULL segment in a report order */
#define JY_SEGMENT_NULL UINT32_MAX

/*
 * Most named segments a summary of nsteps steps holds: its counts take one
 * allocation (at most JY_MAX_ALLOC bytes), its names one dictionary
 */
#define JY_SEGMENTS_MAX(nsteps) \
	(JY_MAX_ALLOC / (8 * (size_t) (nsteps)) < JY_MAX_TOUCHES ? \
	 JY_MAX_ALLOC / (8 * (size_t) (nsteps)) : (size_t) JY_MAX_TOUCHES)

typedef struct JySegments
{
	int			nsteps;			/* 1 .. JY_MAX_STEPS */
	JyDict		names;			/* the named segments, ids 0 .. names.n - 1 */
	int64_t    *counts;			/* names.n rows of nsteps counts */
	uint32_t	cap;			/* rows allocated */
	bool		has_null;		/* the NULL segment exists */
	int64_t		null_counts[JY_MAX_STEPS];
	int64_t		totals[JY_MAX_STEPS];	/* sums over every segment */
} JySegments;

/* An empty summary of nsteps steps (allocates nothing) */
extern void jy_segments_init(JySegments *s, int nsteps);

/* Release everything; the summary is empty again (same steps) */
extern void jy_segments_free(JySegments *s, const JyMem *m);

/* The segments a report has: the named ones and the NULL one */
static inline size_t
jy_segments_count(const JySegments *s)
{
	return (size_t) s->names.n + (s->has_null ? 1 : 0);
}

/* The counts of segment id (JY_SEGMENT_NULL: the NULL segment) */
static inline const int64_t *
jy_segments_counts(const JySegments *s, uint32_t id)
{
	return id == JY_SEGMENT_NULL ? s->null_counts : s->counts + (size_t) id * s->nsteps;
}

/*
 * Count one actor of a segment (name[0..len), or the NULL segment when
 * name is NULL) who reached level (0 .. nsteps; 0 creates the segment and
 * counts nothing).  JY_ERR_BAD_PARAMETER when a count would pass INT64_MAX,
 * JY_ERR_TOO_MANY_LABELS beyond JY_SEGMENTS_MAX(nsteps) segments,
 * JY_ERR_LABELS_TOO_LONG, JY_ERR_OUT_OF_MEMORY; the summary is then
 * unchanged.
 */
extern JyStatus jy_segments_add_level(JySegments *s, const JyMem *m,
									  const char *name, size_t len, int level);

/*
 * Add a funnel's counts (nsteps of them, checked with jy_counts_check) to a
 * segment; fails as jy_segments_add_level
 */
extern JyStatus jy_segments_add_counts(JySegments *s, const JyMem *m,
									   const char *name, size_t len,
									   const int64_t *counts);

/*
 * Add every segment of src to dst (the same nsteps, checked by the
 * caller); fails as jy_segments_add_level (dst may then hold part of src)
 */
extern JyStatus jy_segments_merge(JySegments *dst, const JySegments *src,
								  const JyMem *m);

/*
 * The report order: order[0 .. jy_segments_count) the named ids in byte
 * order of their names, then JY_SEGMENT_NULL if the NULL segment exists
 */
extern void jy_segments_order(const JySegments *s, uint32_t *order, const JyMem *m);

/* Append the summary's bytes (docs/format.md) to w; sorts (allocates) */
extern JyStatus jy_segments_encode(const JySegments *s, const JyMem *m, JyWriter *w);

/*
 * Decode and check data[0 .. len) into s (initialised here; free it also
 * after an error): JY_ERR_CORRUPT with *why, or JY_ERR_OUT_OF_MEMORY
 */
extern JyStatus jy_segments_decode(JySegments *s, const JyMem *m,
								   const uint8_t *data, size_t len, const char **why);

/* ---- the comparison ---- */

/* Which test gave a cell's p-value */
typedef enum JySegmentTest
{
	JY_SEGTEST_NONE = 0,		/* no test (note says why) */
	JY_SEGTEST_Z,				/* the two-proportion z-test */
	JY_SEGTEST_FISHER			/* Fisher's exact test: an expected count < 5 */
} JySegmentTest;

/* Fisher's test replaces the z-test when an expected cell count is below this */
#define JY_SEGMENTS_MIN_EXPECTED 5

/*
 * Most actors (both groups at the base) a cell is tested for: 2^53, up to
 * which doubles hold every count exactly.  Beyond, the pooled proportion
 * may round to 1 (z would be NaN) and Fisher's test, which steps through
 * the support in doubles, would not end; such a cell gets no z, no test
 * and a note.
 */
#define JY_SEGMENTS_MAX_TESTED (INT64_C(1) << 53)

/* One segment at one step against the rest */
typedef struct JySegmentCell
{
	int64_t		actors,			/* the segment's actors at the step */
				base;			/* and at the step its conversion is of */
	int64_t		rest_actors,	/* the same for all other segments */
				rest_base;
	JyZTest		z;				/* group 1 the rest, group 2 the segment */
	JyZTestCheck check;
	JySegmentTest test;
	double		p_value;		/* set when test is not NONE */
	const char *note;			/* why there is no test; NULL when there is */
} JySegmentCell;

/*
 * Fill *out for the segment of counts seg at step k (0-based) of nsteps,
 * against the rest (totals minus seg): its conversion from step 1 or from
 * the previous step, the z-test of the segment (group 2) against the rest
 * (group 1) at confidence (0 < confidence < 1), and the p-value of the
 * z-test, or of Fisher's exact test when an expected count of the 2x2 table
 * [[actors, base - actors], [rest_actors, rest_base - rest_actors]] is
 * below JY_SEGMENTS_MIN_EXPECTED (Cochran's rule).  No test at step 1
 * (every conversion is 1), for an empty segment or rest at the base,
 * without variance, and for more than JY_SEGMENTS_MAX_TESTED actors.
 */
extern void jy_segments_cell(const int64_t *seg, const int64_t *totals, int k,
							 JyCompareBase base, double confidence, JySegmentCell *out);

/*
 * Holm-adjusted p-values of every cell in report order: q[i * nsteps + k]
 * for segment order[i] at step k, over the family of all cells with a
 * p-value (NAN where there is none).  JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_segments_holm(const JySegments *s, const uint32_t *order,
								 JyCompareBase base, double confidence,
								 const JyMem *m, double *q);

#endif							/* JY_SEGMENTS_H */
