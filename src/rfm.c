/*
 * rfm.c -- RFM (recency, frequency, monetary) in composable form
 *
 * rfm_agg(ts, amount) builds a customer's rfm_summary (first and last order
 * time, orders, total amount; core/rfm.c), used with GROUP BY customer, so
 * the key stays in the caller's type; rollup(rfm_summary) merges stored
 * summaries.  The window function rfm_score(summary, as_of, preset) scores
 * R, F and M 1 .. 5 over all rows of its window partition, ties by the
 * window's ORDER BY position (core jy_rfm_scores), computed once per
 * partition.  rfm(query, as_of, preset) is a convenience over the same
 * aggregate and scoring; rfm_segment and rfm_grid name the cells.
 */
#include "summary.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "windowapi.h"

#include "core/codec.h"
#include "core/rfm.h"

/* The preset named by an argument; errors for an unknown name */
static const JyRfmPreset *
rfm_preset_text(text *t)
{
	const JyRfmPreset *p = jy_rfm_preset(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));

	if (p == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown RFM preset \"%s\"", text_to_cstring(t)),
				 errhint("The presets are %s.", JY_RFM_PRESET_NAMES)));
	return p;
}

/* The preset of a function argument (not NULL) */
static const JyRfmPreset *
rfm_preset_arg(FunctionCallInfo fcinfo, int arg)
{
	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("RFM preset must not be NULL")));
	return rfm_preset_text(PG_GETARG_TEXT_PP(arg));
}

/* Report a failed addition or merge of orders */
static void
rfm_check(JyRfmResult r)
{
	switch (r)
	{
		case JY_RFM_OK:
			return;
		case JY_RFM_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("rfm_agg total out of range"),
					 errdetail("A numeric total is kept exactly in 18 significant digits and at most %d decimal places.",
							   JY_RFM_MAX_SCALE),
					 errhint("Round the amount, or cast it to float8.")));
			break;
		case JY_RFM_MIXED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot merge RFM summaries of float8 and numeric amounts"),
					 errhint("Build every summary with the same amount type.")));
			break;
		case JY_RFM_NOT_FINITE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("rfm_agg amount must be finite"),
					 errhint("Filter out NaN and infinite amounts, or cast them to float8.")));
			break;
	}
}

/* The summary check of the type's I/O: the decoder */
static JyStatus
rfm_summary_check(const uint8_t *data, size_t len, const JyMem *m, const char **why)
{
	JyRfmSummary s;

	return jy_rfm_summary_decode(data, len, &s, why);
}

JOURNEY_SUMMARY_IO(rfm_summary, rfm_summary_check)

/* A stored summary argument, decoded (XX001 when damaged) */
static void
rfm_read(Datum d, JyRfmSummary *s)
{
	size_t		len;
	const uint8_t *data = JourneySummaryBytes(d, &len);
	const char *why = NULL;

	if (jy_rfm_summary_decode(data, len, s, &why) != JY_OK)
		JourneySummaryDamaged("rfm", why);
}

/* A summary as a value of type rfm_summary */
static Datum
rfm_make(const JyRfmSummary *s)
{
	JyMem		mem;
	JyWriter	w;

	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	jy_rfm_summary_encode(&w, s);
	return PointerGetDatum(JourneySummaryFromWriter(&w, "rfm_agg"));
}

/* ---------- the aggregates ---------- */

/* The transition state: a summary in the aggregate context */
static JyRfmSummary *
rfm_state(FunctionCallInfo fcinfo, JyRfmAmount amount)
{
	MemoryContext aggcxt;
	JyRfmSummary *s;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "rfm_agg called in non-aggregate context");
	if (!PG_ARGISNULL(0))
		return (JyRfmSummary *) PG_GETARG_POINTER(0);
	s = MemoryContextAlloc(aggcxt, sizeof(JyRfmSummary));
	jy_rfm_summary_init(s, amount);
	return s;
}

PG_FUNCTION_INFO_V1(rfm_agg_transfn);

/*
 * rfm_agg(ts, amount float8) transition: a NULL ts is ignored, a NULL
 * amount is an order of 0
 */
Datum
rfm_agg_transfn(PG_FUNCTION_ARGS)
{
	JyRfmSummary *s = rfm_state(fcinfo, JY_RFM_AMOUNT_FLOAT8);

	if (!PG_ARGISNULL(1))
		rfm_check(jy_rfm_add_float(s, PG_GETARG_TIMESTAMPTZ(1),
								   PG_ARGISNULL(2) ? 0 : PG_GETARG_FLOAT8(2)));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(rfm_agg_numeric_transfn);

/* rfm_agg(ts, amount numeric) transition: the amount summed exactly */
Datum
rfm_agg_numeric_transfn(PG_FUNCTION_ARGS)
{
	JyRfmSummary *s = rfm_state(fcinfo, JY_RFM_AMOUNT_NUMERIC);
	int64		units = 0;
	int			scale = 0;

	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(s);
	if (!PG_ARGISNULL(2))
	{
		char	   *t = DatumGetCString(DirectFunctionCall1(numeric_out, PG_GETARG_DATUM(2)));

		rfm_check(jy_rfm_parse_decimal(t, strlen(t), &units, &scale));
	}
	rfm_check(jy_rfm_add_decimal(s, PG_GETARG_TIMESTAMPTZ(1), units, scale));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(rfm_rollup_transfn);

/* rollup(rfm_summary) transition: NULL summaries are ignored */
Datum
rfm_rollup_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	JyRfmSummary *s;
	JyRfmSummary in;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "rollup called in non-aggregate context");
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	rfm_read(PG_GETARG_DATUM(1), &in);
	if (PG_ARGISNULL(0))
	{
		s = MemoryContextAlloc(aggcxt, sizeof(JyRfmSummary));
		*s = in;
	}
	else
	{
		s = (JyRfmSummary *) PG_GETARG_POINTER(0);
		rfm_check(jy_rfm_merge(s, &in));
	}
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(rfm_agg_combine);

/* Combine two partial states (of rfm_agg or rollup) */
Datum
rfm_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	JyRfmSummary *a,
			   *b;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "rfm_agg_combine called in non-aggregate context");
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	b = (JyRfmSummary *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
	{
		a = MemoryContextAlloc(aggcxt, sizeof(JyRfmSummary));
		*a = *b;
		PG_RETURN_POINTER(a);
	}
	a = (JyRfmSummary *) PG_GETARG_POINTER(0);
	rfm_check(jy_rfm_merge(a, b));
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(rfm_agg_serialize);

/* A partial state as bytes: the summary's own bytes */
Datum
rfm_agg_serialize(PG_FUNCTION_ARGS)
{
	return rfm_make((JyRfmSummary *) PG_GETARG_POINTER(0));
}

PG_FUNCTION_INFO_V1(rfm_agg_deserialize);

/* A partial state from bytes, checked like any summary */
Datum
rfm_agg_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	JyRfmSummary *s;
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	const char *why = NULL;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "rfm_agg_deserialize called in non-aggregate context");
	s = MemoryContextAlloc(aggcxt, sizeof(JyRfmSummary));
	if (jy_rfm_summary_decode((const uint8_t *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b),
							  s, &why) != JY_OK)
		JourneyCorruptState("rfm_agg", why);
	PG_RETURN_POINTER(s);
}

/* The summary of a state; an empty one of the amount type for no state */
PG_FUNCTION_INFO_V1(rfm_agg_finalfn);

/*
 * Final function of rfm_agg (both amounts) and rollup(rfm_summary): the
 * summary; NULL over no rows, an empty summary when every row was ignored
 */
Datum
rfm_agg_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	return rfm_make((JyRfmSummary *) PG_GETARG_POINTER(0));
}

/* ---------- accessors ---------- */

/* Days from the last order to as_of; an error for infinite timestamps */
static double
rfm_recency(const JyRfmSummary *s, TimestampTz as_of)
{
	double		days;

	if (!jy_rfm_recency_days(as_of, s->last, &days))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("RFM recency is undefined for infinite timestamps"),
				 errhint("Filter out infinite order times, and give a finite as_of.")));
	return days;
}

PG_FUNCTION_INFO_V1(rfm_recency_days);

/* rfm_recency_days(s, as_of): NULL for a summary without orders */
Datum
rfm_recency_days(PG_FUNCTION_ARGS)
{
	JyRfmSummary s;

	rfm_read(PG_GETARG_DATUM(0), &s);
	if (s.orders == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(rfm_recency(&s, PG_GETARG_TIMESTAMPTZ(1)));
}

PG_FUNCTION_INFO_V1(rfm_frequency);

/* rfm_frequency(s): the number of orders */
Datum
rfm_frequency(PG_FUNCTION_ARGS)
{
	JyRfmSummary s;

	rfm_read(PG_GETARG_DATUM(0), &s);
	PG_RETURN_INT64((int64) s.orders);
}

PG_FUNCTION_INFO_V1(rfm_monetary);

/* rfm_monetary(s): the total amount (0 without orders) */
Datum
rfm_monetary(PG_FUNCTION_ARGS)
{
	JyRfmSummary s;

	rfm_read(PG_GETARG_DATUM(0), &s);
	PG_RETURN_FLOAT8(jy_rfm_monetary(&s));
}

PG_FUNCTION_INFO_V1(rfm_first_order);

/* rfm_first_order(s): the first order time (NULL without orders) */
Datum
rfm_first_order(PG_FUNCTION_ARGS)
{
	JyRfmSummary s;

	rfm_read(PG_GETARG_DATUM(0), &s);
	if (s.orders == 0)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(s.first);
}

PG_FUNCTION_INFO_V1(rfm_last_order);

/* rfm_last_order(s): the last order time (NULL without orders) */
Datum
rfm_last_order(PG_FUNCTION_ARGS)
{
	JyRfmSummary s;

	rfm_read(PG_GETARG_DATUM(0), &s);
	if (s.orders == 0)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(s.last);
}

/* ---------- scoring ---------- */

/* Customers to score: values in, scores out (n of each) */
typedef struct RfmScored
{
	size_t		n;
	double	   *recency;
	double	   *frequency;
	double	   *monetary;
	uint8	   *r,
			   *f,
			   *m;
} RfmScored;

/* Room for n customers in the current memory context */
static void
rfm_scored_alloc(RfmScored *sc, size_t n)
{
	size_t		k = n > 0 ? n : 1;

	if (k > MaxAllocSize / sizeof(double))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many customers for rfm")));
	sc->n = 0;
	sc->recency = palloc(k * sizeof(double));
	sc->frequency = palloc(k * sizeof(double));
	sc->monetary = palloc(k * sizeof(double));
	sc->r = palloc(k);
	sc->f = palloc(k);
	sc->m = palloc(k);
}

/* Append a customer with orders */
static void
rfm_scored_add(RfmScored *sc, const JyRfmSummary *s, TimestampTz as_of)
{
	sc->recency[sc->n] = rfm_recency(s, as_of);
	sc->frequency[sc->n] = (double) s->orders;
	sc->monetary[sc->n] = jy_rfm_monetary(s);
	sc->n++;
}

/* Score R, F and M: ntile(5), ties in the order the customers were added */
static void
rfm_scored_run(RfmScored *sc)
{
	JyMem		mem;

	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_rfm_scores(sc->recency, NULL, sc->n, false, &mem, sc->r), "rfm");
	JourneyCheckStatus(jy_rfm_scores(sc->frequency, NULL, sc->n, true, &mem, sc->f), "rfm");
	JourneyCheckStatus(jy_rfm_scores(sc->monetary, NULL, sc->n, true, &mem, sc->m), "rfm");
}

/* Customer i's (recency_days, frequency, monetary, r, f, m, segment) */
static void
rfm_scored_values(const RfmScored *sc, size_t i, const JyRfmPreset *preset,
				  Datum *values)
{
	values[0] = Float8GetDatum(sc->recency[i]);
	values[1] = Int64GetDatum((int64) sc->frequency[i]);
	values[2] = Float8GetDatum(sc->monetary[i]);
	values[3] = Int32GetDatum(sc->r[i]);
	values[4] = Int32GetDatum(sc->f[i]);
	values[5] = Int32GetDatum(sc->m[i]);
	values[6] = CStringGetTextDatum(jy_rfm_segment(preset, sc->r[i], sc->f[i], sc->m[i]));
}

/* A window partition's scores, computed at its first row */
typedef struct RfmPartition
{
	bool		ready;
	TimestampTz as_of;
	const JyRfmPreset *preset;
	int64	   *row_of;			/* partition row -> scored customer, or -1 */
	RfmScored	sc;
} RfmPartition;

/* Read and score every row of the window partition */
static void
rfm_partition_score(WindowObject winobj, RfmPartition *p)
{
	MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(p));
	int64		rows = WinGetPartitionRowCount(winobj);
	int64		i;

	if (rows > PG_INT32_MAX || (uint64) rows > MaxAllocSize / sizeof(int64))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many rows in one rfm_score window partition")));
	p->row_of = palloc((rows > 0 ? rows : 1) * sizeof(int64));
	rfm_scored_alloc(&p->sc, (size_t) rows);
	MemoryContextSwitchTo(old);
	for (i = 0; i < rows; i++)
	{
		bool		isnull,
					isout;
		Datum		d = WinGetFuncArgInPartition(winobj, 0, (int) i, WINDOW_SEEK_HEAD,
												 false, &isnull, &isout);
		JyRfmSummary s;

		CHECK_FOR_INTERRUPTS();
		p->row_of[i] = -1;
		if (isout || isnull)
			continue;
		rfm_read(d, &s);
		if (s.orders == 0)
			continue;
		p->row_of[i] = (int64) p->sc.n;
		rfm_scored_add(&p->sc, &s, p->as_of);
	}
	old = MemoryContextSwitchTo(GetMemoryChunkContext(p));
	rfm_scored_run(&p->sc);
	MemoryContextSwitchTo(old);
	p->ready = true;
}

PG_FUNCTION_INFO_V1(rfm_score);

/*
 * rfm_score(s, as_of [, preset]) OVER (...) -> rfm_score: R, F and M
 * scores of the row's summary among all rows of its window partition (ties
 * by the window's order); NULL for a NULL summary or one without orders
 */
Datum
rfm_score(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	RfmPartition *p = WinGetPartitionLocalMemory(winobj, sizeof(RfmPartition));
	int64		pos = WinGetCurrentPosition(winobj);
	bool		isnull;
	Datum		d;
	TimestampTz as_of;
	const JyRfmPreset *preset = jy_rfm_preset_default();
	TupleDesc	desc = (TupleDesc) fcinfo->flinfo->fn_extra;
	Datum		values[7];
	bool		nulls[7] = {false, false, false, false, false, false, false};
	int64		k;

	d = WinGetFuncArgCurrent(winobj, 1, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("rfm_score as_of must not be NULL")));
	as_of = DatumGetTimestampTz(d);
	if (PG_NARGS() > 2)
	{
		d = WinGetFuncArgCurrent(winobj, 2, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("RFM preset must not be NULL")));
		preset = rfm_preset_text(DatumGetTextPP(d));
	}
	if (!p->ready)
	{
		p->as_of = as_of;
		p->preset = preset;
		rfm_partition_score(winobj, p);
	}
	else if (as_of != p->as_of || preset != p->preset)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rfm_score as_of and preset must be the same for every row of a window partition"),
				 errdetail("Scores rank the rows of a partition against each other as of one time.")));
	k = p->row_of[pos];
	if (k < 0)
		PG_RETURN_NULL();
	if (desc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		desc = BlessTupleDesc(desc);
		fcinfo->flinfo->fn_extra = desc;
		MemoryContextSwitchTo(old);
	}
	rfm_scored_values(&p->sc, (size_t) k, preset, values);
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

/* ---------- rfm(query text, ...): a convenience over rfm_agg ---------- */

/* The report's query and what its columns are cast to */
typedef struct RfmQuery
{
	bool		numeric;		/* the amount column is numeric */
	Oid			summary_type;	/* rfm_summary, in the report's schema */
	MemoryContext cxt;
	size_t		n,
				cap;
	text	  **customer;
	JyRfmSummary *s;
} RfmQuery;

/* The caller's columns: (customer, a timestamp, an amount) */
static void
rfm_query_describe(void *arg, TupleDesc desc)
{
	RfmQuery   *rq = arg;
	Oid			t = getBaseType(TupleDescAttr(desc, 1)->atttypid);
	Oid			a = getBaseType(TupleDescAttr(desc, 2)->atttypid);
	Oid			ts = TIMESTAMPTZOID,
				f8 = FLOAT8OID;

	if (!can_coerce_type(1, &t, &ts, COERCION_IMPLICIT))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the second column of the rfm query must be a timestamp"),
				 errdetail("It is of type %s.", format_type_be(t))));
	rq->numeric = a == NUMERICOID;
	if (!rq->numeric && !can_coerce_type(1, &a, &f8, COERCION_IMPLICIT))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the third column of the rfm query must be a number"),
				 errdetail("It is of type %s.", format_type_be(a))));
}

/* The grouping query returns (customer text, rfm_summary) */
static void
rfm_groups_describe(void *arg, TupleDesc desc)
{
	RfmQuery   *rq = arg;
	Oid			types[2] = {TEXTOID, rq->summary_type};

	JourneyCheckColumns(desc, "rfm", 2, types);
}

static void
rfm_groups_visit(void *arg, TupleDesc desc, HeapTuple tuple, MemoryContext tmp)
{
	RfmQuery   *rq = arg;
	bool		isnull;
	Datum		d;

	if (rq->n == rq->cap)
	{
		rq->cap = rq->cap == 0 ? 1024 : rq->cap * 2;
		if (rq->cap > MaxAllocSize / sizeof(JyRfmSummary))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many customers for rfm")));
		if (rq->customer == NULL)
		{
			rq->customer = MemoryContextAlloc(rq->cxt, rq->cap * sizeof(text *));
			rq->s = MemoryContextAlloc(rq->cxt, rq->cap * sizeof(JyRfmSummary));
		}
		else
		{
			rq->customer = repalloc(rq->customer, rq->cap * sizeof(text *));
			rq->s = repalloc(rq->s, rq->cap * sizeof(JyRfmSummary));
		}
	}
	d = SPI_getbinval(tuple, desc, 1, &isnull);
	rq->customer[rq->n] = (text *) MemoryContextAlloc(rq->cxt, VARSIZE_ANY(DatumGetPointer(d)));
	memcpy(rq->customer[rq->n], DatumGetPointer(d), VARSIZE_ANY(DatumGetPointer(d)));
	rfm_read(SPI_getbinval(tuple, desc, 2, &isnull), &rq->s[rq->n]);
	rq->n++;
}

PG_FUNCTION_INFO_V1(rfm);

/*
 * rfm(query, as_of, preset) -> TABLE(customer, recency_days, frequency,
 * monetary, r, f, m, segment).  The query returns purchases as (customer,
 * ts, amount); purchases after as_of and customers NULL are ignored.  The
 * purchases are grouped per customer (as text) by rfm_agg and scored as
 * rfm_score scores them, ordered by the customer's text in the C collation.
 */
Datum
rfm(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	const JyRfmPreset *preset;
	RfmQuery	rq;
	RfmScored	sc;
	StringInfoData sql;
	Oid			argtypes[1] = {TIMESTAMPTZOID};
	Datum		args[1];
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	char	   *stmt;
	size_t		i;

	InitMaterializedSRF(fcinfo, 0);
	preset = rfm_preset_arg(fcinfo, 2);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	args[0] = PG_GETARG_DATUM(1);
	stmt = JourneyQueryStatement(text_to_cstring(PG_GETARG_TEXT_PP(0)), "rfm");
	memset(&rq, 0, sizeof(rq));
	rq.cxt = CurrentMemoryContext;
	rq.summary_type = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
									  CStringGetDatum("rfm_summary"),
									  ObjectIdGetDatum(nsp));
	if (!OidIsValid(rq.summary_type))
		elog(ERROR, "type rfm_summary not found in the schema of rfm");

	/* the caller's column types choose rfm_agg's amount type */
	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT * FROM (%s) AS q(c, t, a) LIMIT 0", stmt);
	JourneyForEachRow(sql.data, 0, NULL, NULL, rfm_query_describe, NULL, &rq);

	resetStringInfo(&sql);
	appendStringInfo(&sql,
					 "SELECT q.c::pg_catalog.text, %s.rfm_agg(q.t::pg_catalog.timestamptz, q.a::pg_catalog.%s)"
					 " FROM (%s) AS q(c, t, a)"
					 " WHERE q.t::pg_catalog.timestamptz OPERATOR(pg_catalog.<=) $1 AND q.c IS NOT NULL"
					 " GROUP BY 1 ORDER BY q.c::pg_catalog.text COLLATE pg_catalog.\"C\"",
					 quote_identifier(get_namespace_name(nsp)),
					 rq.numeric ? "numeric" : "float8", stmt);
	JourneyForEachRow(sql.data, 1, argtypes, args, rfm_groups_describe, rfm_groups_visit, &rq);
	if (rq.n == 0)
		return (Datum) 0;

	rfm_scored_alloc(&sc, rq.n);
	for (i = 0; i < rq.n; i++)
		rfm_scored_add(&sc, &rq.s[i], PG_GETARG_TIMESTAMPTZ(1));
	rfm_scored_run(&sc);
	for (i = 0; i < rq.n; i++)
	{
		Datum		values[8];
		bool		nulls[8] = {false, false, false, false, false, false, false, false};

		values[0] = PointerGetDatum(rq.customer[i]);
		rfm_scored_values(&sc, i, preset, values + 1);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* ---------- presets ---------- */

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
