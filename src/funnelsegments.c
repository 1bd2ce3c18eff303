/*
 * funnelsegments.c -- every segment against the rest: segment_agg, rollup
 * and funnel_segments
 *
 * segment_agg(segment, counts) adds the funnel counts of each segment (rows
 * of funnel_counts, typically GROUP BY segment), segment_agg(segment,
 * level, steps) counts per-actor levels directly; both build a
 * segment_summary (core/segments.c), which rollup merges and
 * funnel_segments reports: each segment's conversion at each step against
 * all other segments pooled, with the z-test or Fisher's exact test and
 * Holm-adjusted p-values (docs/statistics.md).
 */
#include "journey.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "summary.h"
#include "core/segments.h"

#define SEGMENTS_SUMMARY "segment_summary"

/*
 * The check of text and binary input: the core's decoder, then every
 * segment name valid in the database encoding (they come back as text)
 */
static JyStatus
segment_summary_check(const uint8_t *data, size_t len, const JyMem *m, const char **why)
{
	JySegments	s;
	JyStatus	st = jy_segments_decode(&s, m, data, len, why);
	uint32		i;

	for (i = 0; st == JY_OK && i < s.names.n; i++)
		if (!pg_verifymbstr(jy_dict_text(&s.names, i), (int) s.names.len[i], true))
		{
			*why = "A segment name is not valid in the database encoding.";
			st = JY_ERR_CORRUPT;
		}
	jy_segments_free(&s, m);
	return st;
}

JOURNEY_SUMMARY_IO(segment_summary, segment_summary_check)

/* The aggregate state of segment_agg and rollup: a summary and its allocator */
typedef struct SegmentsState
{
	JySegments	s;
	JyMem		mem;
} SegmentsState;

/* Report a failed core operation on a summary */
static void
segments_check_status(JyStatus st)
{
	if (st == JY_ERR_BAD_PARAMETER)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("segment funnel count out of range"),
				 errdetail("The counts of all segments together must fit in a bigint.")));
	if (st == JY_ERR_TOO_MANY_LABELS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many segments in one segment_summary"),
				 errhint("Compare fewer segments (a category rather than a unique id).")));
	JourneyCheckStatus(st, SEGMENTS_SUMMARY);
}

/* A new state of nsteps steps in cxt */
static SegmentsState *
segments_state_new(MemoryContext cxt, int nsteps)
{
	SegmentsState *st = MemoryContextAllocZero(cxt, sizeof(SegmentsState));

	JourneyMemInit(&st->mem, cxt);
	jy_segments_init(&st->s, nsteps);
	return st;
}

/* Error unless a state and new input have the same number of steps */
static void
segments_check_steps(const SegmentsState *st, int nsteps)
{
	if (st->s.nsteps != nsteps)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("segment funnels have different numbers of steps: %d and %d",
						st->s.nsteps, nsteps),
				 errhint("Every segment of a summary counts the same funnel.")));
}

/* The segment argument: its bytes, or NULL for the NULL segment */
static const char *
segments_name_arg(FunctionCallInfo fcinfo, int argno, size_t *len)
{
	text	   *t;

	if (PG_ARGISNULL(argno))
	{
		*len = 0;
		return NULL;
	}
	t = PG_GETARG_TEXT_PP(argno);
	*len = VARSIZE_ANY_EXHDR(t);
	return VARDATA_ANY(t);
}

PG_FUNCTION_INFO_V1(segment_agg_transfn);

/*
 * segment_agg(segment, counts bigint[]): add a funnel's counts to its
 * segment; NULL counts are skipped
 */
Datum
segment_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	SegmentsState *st = PG_ARGISNULL(0) ? NULL : (SegmentsState *) PG_GETARG_POINTER(0);
	int64		counts[JY_MAX_STEPS + 1];
	const char *name;
	size_t		len;
	int			n;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "segment_agg_transfn called in non-aggregate context");
	if (PG_ARGISNULL(2))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	n = JourneyCountsFromArray(PG_GETARG_ARRAYTYPE_P(2), counts);
	if (st == NULL)
		st = segments_state_new(aggcxt, n);
	else
		segments_check_steps(st, n);
	name = segments_name_arg(fcinfo, 1, &len);
	segments_check_status(jy_segments_add_counts(&st->s, &st->mem, name, len, counts));
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(segment_agg_levels_transfn);

/*
 * segment_agg(segment, level int, steps int): count an actor of its
 * segment in steps 1 .. level; a NULL level is skipped
 */
Datum
segment_agg_levels_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	SegmentsState *st = PG_ARGISNULL(0) ? NULL : (SegmentsState *) PG_GETARG_POINTER(0);
	const char *name;
	size_t		len;
	int32		steps,
				level;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "segment_agg_levels_transfn called in non-aggregate context");
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("number of funnel steps must not be NULL")));
	steps = PG_GETARG_INT32(3);
	if (steps < 1 || steps > JY_MAX_STEPS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of funnel steps must be between 1 and %d", JY_MAX_STEPS),
				 errdetail("It is %d.", steps)));
	if (st == NULL)
		st = segments_state_new(aggcxt, steps);
	else
		segments_check_steps(st, steps);
	if (PG_ARGISNULL(2))
		PG_RETURN_POINTER(st);
	level = PG_GETARG_INT32(2);
	if (level < 0 || level > steps)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("funnel level %d is out of range", level),
				 errdetail("Levels of a funnel of %d steps lie between 0 and %d.", steps, steps)));
	name = segments_name_arg(fcinfo, 1, &len);
	segments_check_status(jy_segments_add_level(&st->s, &st->mem, name, len, level));
	PG_RETURN_POINTER(st);
}

/* Decode a stored summary (checked on input: damage is XX001) */
static void
segments_read(Datum d, JySegments *s, const JyMem *mem)
{
	size_t		len;
	const uint8 *data = JourneySummaryBytes(d, &len);
	const char *why = NULL;
	JyStatus	st = jy_segments_decode(s, mem, data, len, &why);

	if (st == JY_ERR_CORRUPT)
		JourneySummaryDamaged(SEGMENTS_SUMMARY, why);
	JourneyCheckStatus(st, SEGMENTS_SUMMARY);
}

/* Merge src into the state *st (made in cxt on first use) */
static SegmentsState *
segments_merge_into(SegmentsState *st, MemoryContext cxt, const JySegments *src)
{
	if (st == NULL)
		st = segments_state_new(cxt, src->nsteps);
	else
		segments_check_steps(st, src->nsteps);
	segments_check_status(jy_segments_merge(&st->s, src, &st->mem));
	return st;
}

PG_FUNCTION_INFO_V1(segment_summary_rollup_transfn);

/* rollup(segment_summary): add a summary's segments; NULLs are skipped */
Datum
segment_summary_rollup_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	SegmentsState *st = PG_ARGISNULL(0) ? NULL : (SegmentsState *) PG_GETARG_POINTER(0);
	JySegments	s;
	JyMem		mem;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "segment_summary_rollup_transfn called in non-aggregate context");
	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	JourneyMemInit(&mem, CurrentMemoryContext);
	segments_read(PG_GETARG_DATUM(1), &s, &mem);
	st = segments_merge_into(st, aggcxt, &s);
	jy_segments_free(&s, &mem);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(segment_agg_combine);

/* Combine: merge the right state into the left (a new one when it is NULL) */
Datum
segment_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	SegmentsState *a = PG_ARGISNULL(0) ? NULL : (SegmentsState *) PG_GETARG_POINTER(0);
	SegmentsState *b = PG_ARGISNULL(1) ? NULL : (SegmentsState *) PG_GETARG_POINTER(1);

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "segment_agg_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	PG_RETURN_POINTER(segments_merge_into(a, aggcxt, &b->s));
}

/* The summary bytes of a state, as a varlena */
static struct varlena *
segments_bytes(SegmentsState *st)
{
	JyWriter	w;
	JyMem		mem;

	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	segments_check_status(jy_segments_encode(&st->s, &mem, &w));
	return JourneySummaryFromWriter(&w, SEGMENTS_SUMMARY);
}

PG_FUNCTION_INFO_V1(segment_agg_serialize);

/* Serialize: the summary's bytes (docs/format.md) */
Datum
segment_agg_serialize(PG_FUNCTION_ARGS)
{
	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "segment_agg_serialize called in non-aggregate context");
	PG_RETURN_BYTEA_P(segments_bytes((SegmentsState *) PG_GETARG_POINTER(0)));
}

PG_FUNCTION_INFO_V1(segment_agg_deserialize);

/* Deserialize: decode (fully checked) into a new state */
Datum
segment_agg_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	SegmentsState *st;
	const char *why = NULL;
	JyStatus	rc;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "segment_agg_deserialize called in non-aggregate context");
	st = palloc0(sizeof(SegmentsState));
	JourneyMemInit(&st->mem, CurrentMemoryContext);
	rc = jy_segments_decode(&st->s, &st->mem, (const uint8 *) VARDATA_ANY(bytes),
							VARSIZE_ANY_EXHDR(bytes), &why);
	if (rc == JY_ERR_CORRUPT)
		JourneyCorruptState("segment_agg", why);
	JourneyCheckStatus(rc, SEGMENTS_SUMMARY);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(segment_agg_finalfn);

/* Final function of segment_agg and rollup: the summary (NULL: no input) */
Datum
segment_agg_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(segments_bytes((SegmentsState *) PG_GETARG_POINTER(0)));
}

/* ---------- the report: funnel_segments(summary, base, confidence) ---------- */

#define SEGMENTS_NCOLS 14

PG_FUNCTION_INFO_V1(funnel_segments);

/*
 * funnel_segments(summary, base, confidence) -> per segment (byte order,
 * the NULL segment last) and step: (segment, step, actors, conversion,
 * rest_actors, rest_conversion, diff, diff_low, diff_high, z, test,
 * p_value, p_holm, note).  A NULL summary gives no rows.
 */
Datum
funnel_segments(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	double		confidence;
	JyCompareBase base;
	JySegments	s;
	JyMem		mem;
	uint32	   *order;
	double	   *q;
	size_t		nseg,
				i;

	InitMaterializedSRF(fcinfo, 0);
	base = JourneyCompareBase(fcinfo, 1, "funnel_segments");
	confidence = JourneyConfidence(fcinfo, 2);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	JourneyMemInit(&mem, CurrentMemoryContext);
	segments_read(PG_GETARG_DATUM(0), &s, &mem);
	nseg = jy_segments_count(&s);
	if (nseg == 0)
		return (Datum) 0;
	order = palloc(sizeof(uint32) * nseg);
	jy_segments_order(&s, order, &mem);
	q = palloc_extended(sizeof(double) * nseg * (size_t) s.nsteps, MCXT_ALLOC_HUGE);
	JourneyCheckStatus(jy_segments_holm(&s, order, base, confidence, &mem, q),
					   SEGMENTS_SUMMARY);
	for (i = 0; i < nseg; i++)
	{
		const int64 *c = jy_segments_counts(&s, order[i]);
		Datum		name = (Datum) 0;
		int			k;

		if (order[i] != JY_SEGMENT_NULL)
			name = PointerGetDatum(cstring_to_text_with_len(jy_dict_text(&s.names, order[i]),
															(int) s.names.len[order[i]]));
		CHECK_FOR_INTERRUPTS();
		for (k = 0; k < s.nsteps; k++)
		{
			JySegmentCell cell;
			Datum		values[SEGMENTS_NCOLS];
			bool		nulls[SEGMENTS_NCOLS];
			double		adj = q[i * (size_t) s.nsteps + (size_t) k];

			jy_segments_cell(c, s.totals, k, base, confidence, &cell);
			memset(nulls, 0, sizeof(nulls));
			values[0] = name;
			nulls[0] = order[i] == JY_SEGMENT_NULL;
			values[1] = Int32GetDatum(k + 1);
			values[2] = Int64GetDatum(cell.actors);
			nulls[3] = cell.base == 0;
			values[3] = Float8GetDatum(nulls[3] ? 0 : (double) cell.actors / (double) cell.base);
			values[4] = Int64GetDatum(cell.rest_actors);
			nulls[5] = cell.rest_base == 0;
			values[5] = Float8GetDatum(nulls[5] ? 0 : (double) cell.rest_actors / (double) cell.rest_base);
			values[6] = Float8GetDatum(cell.z.diff);
			values[7] = Float8GetDatum(cell.z.diff_low);
			values[8] = Float8GetDatum(cell.z.diff_high);
			nulls[6] = nulls[7] = nulls[8] = !cell.z.has_diff;
			values[9] = Float8GetDatum(cell.z.z);
			nulls[9] = !cell.z.has_z;
			values[10] = CStringGetTextDatum(cell.test == JY_SEGTEST_FISHER ? "fisher" : "z");
			values[11] = Float8GetDatum(cell.p_value);
			values[12] = Float8GetDatum(adj);
			nulls[10] = nulls[11] = nulls[12] = cell.test == JY_SEGTEST_NONE;
			nulls[13] = cell.note == NULL;
			values[13] = nulls[13] ? (Datum) 0 : CStringGetTextDatum(cell.note);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	jy_segments_free(&s, &mem);
	return (Datum) 0;
}
