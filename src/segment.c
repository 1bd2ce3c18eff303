/*
 * segment.c -- segmentation reports: RFM scores and segments
 *
 * rfm(query, as_of, preset) lets PostgreSQL group the purchases per customer
 * (so it can hash, sort and spill as it likes), then scores recency,
 * frequency and monetary value 1 .. 5 and names the segment (core/rfm.c).
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "datatype/timestamp.h"
#include <math.h>

#include "core/rfm.h"

/* The preset named by an argument; errors for an unknown name */
static const JyRfmPreset *
rfm_preset_arg(FunctionCallInfo fcinfo, int arg)
{
	text	   *t;
	const JyRfmPreset *p;

	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("RFM preset must not be NULL")));
	t = PG_GETARG_TEXT_PP(arg);
	p = jy_rfm_preset(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	if (p == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown RFM preset \"%s\"", text_to_cstring(t)),
				 errhint("The presets are %s.", JY_RFM_PRESET_NAMES)));
	return p;
}

/* Customers' recency, frequency and monetary value, ordered by customer */
typedef struct RfmScan
{
	MemoryContext cxt;
	size_t		n,
				cap;
	text	  **customer;
	double	   *recency;
	double	   *frequency;
	double	   *monetary;
} RfmScan;

static void
rfm_visit(void *arg, TupleDesc desc, HeapTuple tuple, bool first, MemoryContext tmp)
{
	RfmScan    *rs = arg;
	bool		isnull;
	Datum		d;

	if (rs->n == rs->cap)
	{
		rs->cap = rs->cap == 0 ? 1024 : rs->cap * 2;
		if (rs->cap > MaxAllocSize / sizeof(double))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many customers for rfm")));
		if (rs->customer == NULL)
		{
			rs->customer = MemoryContextAlloc(rs->cxt, rs->cap * sizeof(text *));
			rs->recency = MemoryContextAlloc(rs->cxt, rs->cap * sizeof(double));
			rs->frequency = MemoryContextAlloc(rs->cxt, rs->cap * sizeof(double));
			rs->monetary = MemoryContextAlloc(rs->cxt, rs->cap * sizeof(double));
		}
		else
		{
			rs->customer = repalloc(rs->customer, rs->cap * sizeof(text *));
			rs->recency = repalloc(rs->recency, rs->cap * sizeof(double));
			rs->frequency = repalloc(rs->frequency, rs->cap * sizeof(double));
			rs->monetary = repalloc(rs->monetary, rs->cap * sizeof(double));
		}
	}
	d = SPI_getbinval(tuple, desc, 1, &isnull);
	rs->customer[rs->n] = (text *) MemoryContextAlloc(rs->cxt, VARSIZE_ANY(DatumGetPointer(d)));
	memcpy(rs->customer[rs->n], DatumGetPointer(d), VARSIZE_ANY(DatumGetPointer(d)));
	rs->recency[rs->n] = DatumGetFloat8(SPI_getbinval(tuple, desc, 2, &isnull));
	rs->frequency[rs->n] = (double) DatumGetInt64(SPI_getbinval(tuple, desc, 3, &isnull));
	rs->monetary[rs->n] = DatumGetFloat8(SPI_getbinval(tuple, desc, 4, &isnull));
	rs->n++;
}

PG_FUNCTION_INFO_V1(rfm);

/*
 * rfm(query, as_of, preset) -> TABLE(customer, recency_days, frequency,
 * monetary, r, f, m, segment).  The query returns purchases as (customer,
 * ts, amount); purchases after as_of and customers NULL are ignored.
 */
Datum
rfm(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const JyRfmPreset *preset;
	RfmScan		rs;
	StringInfoData sql;
	Oid			argtypes[1] = {TIMESTAMPTZOID};
	Datum		args[1];
	int64	   *keys;
	uint8	   *r,
			   *f,
			   *m;
	JyMem		mem;
	size_t		i;

	InitMaterializedSRF(fcinfo, 0);
	preset = rfm_preset_arg(fcinfo, 2);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	args[0] = PG_GETARG_DATUM(1);
	initStringInfo(&sql);
	appendStringInfo(&sql,
					 "SELECT q.c::text, extract(epoch FROM $1 - max(q.t))::float8 / 86400, count(*),"
					 " coalesce(sum(q.a), 0)::float8"
					 " FROM (%s) AS q(c, t, a) WHERE q.t <= $1 AND q.c IS NOT NULL"
					 " GROUP BY 1 ORDER BY q.c::text COLLATE \"C\"",
					 text_to_cstring(PG_GETARG_TEXT_PP(0)));
	memset(&rs, 0, sizeof(rs));
	rs.cxt = CurrentMemoryContext;
	JourneyForEachRow(sql.data, 1, argtypes, args, rfm_visit, &rs);
	if (rs.n == 0)
		return (Datum) 0;

	/* ties broken by the customer, in the order above */
	keys = palloc(rs.n * sizeof(int64));
	for (i = 0; i < rs.n; i++)
		keys[i] = (int64) i;
	r = palloc(rs.n);
	f = palloc(rs.n);
	m = palloc(rs.n);
	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_rfm_scores(rs.recency, keys, rs.n, false, &mem, r), "rfm");
	JourneyCheckStatus(jy_rfm_scores(rs.frequency, keys, rs.n, true, &mem, f), "rfm");
	JourneyCheckStatus(jy_rfm_scores(rs.monetary, keys, rs.n, true, &mem, m), "rfm");
	for (i = 0; i < rs.n; i++)
	{
		Datum		values[8];
		bool		nulls[8] = {false, false, false, false, false, false, false, false};

		values[0] = PointerGetDatum(rs.customer[i]);
		values[1] = Float8GetDatum(rs.recency[i]);
		values[2] = Int64GetDatum((int64) rs.frequency[i]);
		values[3] = Float8GetDatum(rs.monetary[i]);
		values[4] = Int32GetDatum(r[i]);
		values[5] = Int32GetDatum(f[i]);
		values[6] = Int32GetDatum(m[i]);
		values[7] = CStringGetTextDatum(jy_rfm_segment(preset, r[i], f[i], m[i]));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(rfm_segment);

/*
 * rfm_segment(r, f, m, preset) -> text: the segment of scores; NULL when a
 * score the preset uses is NULL
 */
Datum
rfm_segment(PG_FUNCTION_ARGS)
{
	const JyRfmPreset *preset = rfm_preset_arg(fcinfo, 3);
	int			r,
				f,
				m;
	const char *segment;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) ||
		(PG_ARGISNULL(2) && preset->axis == JY_RFM_AXIS_FM))
		PG_RETURN_NULL();
	r = PG_GETARG_INT32(0);
	f = PG_GETARG_INT32(1);
	m = PG_ARGISNULL(2) ? 1 : PG_GETARG_INT32(2);
	segment = jy_rfm_segment(preset, r, f, m);
	if (segment == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("RFM scores must be between 1 and %d", JY_RFM_SCORES),
				 errdetail("r = %d, f = %d, m = %d.", r, f, m)));
	PG_RETURN_TEXT_P(cstring_to_text(segment));
}

PG_FUNCTION_INFO_V1(rfm_grid);

/*
 * rfm_grid(preset) -> TABLE(r, x, x_axis, segment): the 25 cells of a
 * preset's grid (x is F, or FM = (F + M + 1) / 2)
 */
Datum
rfm_grid(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const JyRfmPreset *preset;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	preset = rfm_preset_arg(fcinfo, 0);
	for (i = 0; i < JY_RFM_SCORES * JY_RFM_SCORES; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};
		int			r,
					x;
		const char *segment = jy_rfm_cell(preset, i, &r, &x);

		values[0] = Int32GetDatum(r);
		values[1] = Int32GetDatum(x);
		values[2] = CStringGetTextDatum(preset->axis == JY_RFM_AXIS_FM ? "FM" : "F");
		values[3] = CStringGetTextDatum(segment);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* ---------- behavioural segments of one journey ---------- */

/* Text of touch i's label */
static Datum
segment_label(const JyJourney *j, uint32 i)
{
	uint32		l = j->label[i];

	return PointerGetDatum(cstring_to_text_with_len(j->label_text[l], j->label_len[l]));
}

PG_FUNCTION_INFO_V1(journey_entry_label);

/* entry_label(journey): the first touch's label (NULL for no touch) */
Datum
journey_entry_label(PG_FUNCTION_ARGS)
{
	JyJourney	j;

	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	if (j.n == 0)
		PG_RETURN_NULL();
	return segment_label(&j, 0);
}

PG_FUNCTION_INFO_V1(journey_exit_label);

/* exit_label(journey): the last touch's label (NULL for no touch) */
Datum
journey_exit_label(PG_FUNCTION_ARGS)
{
	JyJourney	j;

	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	if (j.n == 0)
		PG_RETURN_NULL();
	return segment_label(&j, j.n - 1);
}

/* Monday-based week number of a timestamp (UTC); 2000-01-03 starts week 0 */
static int64
segment_week(int64 ts)
{
	int64		days = ts / USECS_PER_DAY - (ts % USECS_PER_DAY < 0 ? 1 : 0);
	int64		d = days - 2;

	return d / 7 - (d % 7 < 0 ? 1 : 0);
}

PG_FUNCTION_INFO_V1(journey_engagement);

/*
 * journey_engagement(journey, medium_from, high_from) -> (touches,
 * active_weeks, touches_per_week, level): level is low below medium_from
 * touches per active week, high from high_from, medium between
 */
Datum
journey_engagement(PG_FUNCTION_ARGS)
{
	double		medium_from = PG_GETARG_FLOAT8(1);
	double		high_from = PG_GETARG_FLOAT8(2);
	JyJourney	j;
	int32		weeks = 0;
	uint32		i;
	double		rate;
	TupleDesc	desc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	if (!(medium_from <= high_from) || isnan(medium_from) || isnan(high_from))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("medium_from must not be greater than high_from"),
				 errdetail("They are %g and %g.", medium_from, high_from)));
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	for (i = 0; i < j.n; i++)
		if (i == 0 || segment_week(j.ts[i]) != segment_week(j.ts[i - 1]))
			weeks++;
	values[0] = Int32GetDatum((int32) j.n);
	values[1] = Int32GetDatum(weeks);
	if (weeks == 0)
		nulls[2] = nulls[3] = true;
	else
	{
		rate = (double) j.n / weeks;
		values[2] = Float8GetDatum(rate);
		values[3] = CStringGetTextDatum(rate >= high_from ? "high" :
										rate >= medium_from ? "medium" : "low");
	}
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	desc = BlessTupleDesc(desc);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}
