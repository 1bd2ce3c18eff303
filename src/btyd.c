/*
 * btyd.c -- predictive customer analytics: the customer summary, the BTYD
 * model fits and their scores (docs/predictive.md)
 *
 * customer_summary(ts, value, calibration_end [, unit [, observation_end]])
 * gathers one customer's transactions and returns his frequency, recency,
 * age and mean repeat spend (core/custsummary.c).  bgnbd_fit,
 * pareto_nbd_fit and gamma_gamma_fit gather customers' rows, collapsed to
 * weighted distinct rows (core/btydrows.c), and fit the model by maximum
 * likelihood in their final function (core/btyd.c); the result is a row
 * of the composite type bgnbd_model, pareto_nbd_model or
 * gamma_gamma_model.  The scoring functions read such a row, so a model a
 * user typed in (published parameters) scores the same way.
 */
#include "journey.h"
#include "summary.h"

#include "catalog/pg_type.h"
#include "datatype/timestamp.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"

#include "core/btyd.h"
#include "core/btydrows.h"
#include "core/custsummary.h"

/* Days from 1970-01-01 (the core's epoch) to 2000-01-01 (DateADT's) */
#define UNIX_TO_PG_DAYS (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE)

/* An SQL entry point that calls impl(fcinfo, kind) */
#define SQL_ENTRY(sqlname, impl, kind) \
	PG_FUNCTION_INFO_V1(sqlname); \
	Datum sqlname(PG_FUNCTION_ARGS) { return impl(fcinfo, kind); }

/* ---------- customer_summary ---------- */

#define CUST_SUMMARY "customer_summary"

/* Period units */
static const char *const cust_units[] = {"day", "week"};

/* The aggregate state, in the aggregate context */
typedef struct CustState
{
	JyMem		mem;
	JyCustSplit split;
	JyCustTx   *tx;
	size_t		n;
	uint32_t	cap;
	bool		decoded;		/* made by the deserialize function */
	JourneyDayCache days;
} CustState;

/* Microseconds (core epoch) of the start of a date's day */
static int64
cust_day_us(DateADT d)
{
	return ((int64) d + UNIX_TO_PG_DAYS) * JY_CUST_DAY;
}

/* A finite date argument, or an error naming it */
static DateADT
cust_date_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	DateADT		d;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s of customer_summary must not be NULL", name)));
	d = PG_GETARG_DATEADT(argno);
	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s of customer_summary must be a finite date", name)));
	return d;
}

/* The split a row's arguments ask for */
static JyCustSplit
cust_split_args(FunctionCallInfo fcinfo)
{
	JyCustSplit s;
	int			unit = 0;

	memset(&s, 0, sizeof(s));
	s.cal_end = cust_day_us(cust_date_arg(fcinfo, 3, "calibration_end"));
	if (PG_NARGS() > 4)
	{
		text	   *t;

		if (PG_ARGISNULL(4))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("unit of customer_summary must not be NULL"),
					 errhint("The units are day and week.")));
		t = PG_GETARG_TEXT_PP(4);
		unit = jy_keyword(cust_units, 2, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
		if (unit < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown unit \"%s\" of customer_summary",
							JourneyExcerpt(VARDATA_ANY(t), (int) VARSIZE_ANY_EXHDR(t))),
					 errhint("The units are day and week.")));
	}
	s.unit = unit == 0 ? JY_CUST_DAY : JY_CUST_WEEK;
	s.origin = unit == 0 ? 0 : JY_CUST_MONDAY;
	if (PG_NARGS() > 5)
	{
		s.obs_end = cust_day_us(cust_date_arg(fcinfo, 5, "observation_end"));
		s.has_holdout = true;
		if (s.obs_end < s.cal_end)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("observation_end of customer_summary is before calibration_end"),
					 errhint("The holdout period runs from the day after calibration_end to observation_end.")));
	}
	else
		s.obs_end = s.cal_end;
	return s;
}

/* Two states' (or rows') splits must be the same */
static void
cust_same_split(const JyCustSplit *a, const JyCustSplit *b)
{
	if (a->cal_end != b->cal_end || a->unit != b->unit || a->has_holdout != b->has_holdout ||
		a->obs_end != b->obs_end)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("calibration_end, unit and observation_end of customer_summary must be the same in every row"),
				 errhint("Pass constants or query parameters, not columns.")));
}

/* Add a transaction to the state */
static void
cust_push(CustState *st, const JyCustTx *t)
{
	JourneyCheckStatus(jy_grow(&st->mem, (void **) &st->tx, &st->cap, st->n, 1,
							   sizeof(JyCustTx), JY_MAX_ALLOC / sizeof(JyCustTx)),
					   CUST_SUMMARY);
	st->tx[st->n++] = *t;
}

/*
 * Are calibration_end, unit and observation_end constants (or bind
 * parameters) of this call site?  Then a group's first row has read them
 * for all its rows.  Checked once, kept in fn_extra.
 */
static bool
cust_params_const(FunctionCallInfo fcinfo)
{
	int		   *known = (int *) fcinfo->flinfo->fn_extra;

	if (known == NULL)
	{
		int			i;

		known = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(int));
		*known = 1;
		for (i = 3; i < PG_NARGS(); i++)
			if (!JourneyArgIsConst(fcinfo, i))
				*known = 0;
		fcinfo->flinfo->fn_extra = known;
	}
	return *known == 1;
}

PG_FUNCTION_INFO_V1(customer_summary_transfn);

/*
 * customer_summary_transfn(state, ts, value, calibration_end [, unit [,
 * observation_end]]): a NULL ts ignores the row, a NULL value is 0; the
 * parameters must not be NULL and must be the same in every row
 */
Datum
customer_summary_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	CustState  *st;
	JyCustSplit split;
	JyCustTx	t;
	TimestampTz ts;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "customer_summary_transfn called in non-aggregate context");
	st = PG_ARGISNULL(0) ? NULL : (CustState *) PG_GETARG_POINTER(0);
	if (st == NULL)
	{
		st = MemoryContextAllocZero(aggcxt, sizeof(CustState));
		JourneyMemInit(&st->mem, aggcxt);
		st->split = cust_split_args(fcinfo);
	}
	else if (!cust_params_const(fcinfo))
	{
		/* parameters that are not constants are checked on every row */
		split = cust_split_args(fcinfo);
		cust_same_split(&st->split, &split);
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(st);
	ts = PG_GETARG_TIMESTAMPTZ(1);
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("an infinite timestamp is in no period"),
				 errhint("Filter out infinite timestamps in the query.")));
	t.value = PG_ARGISNULL(2) ? 0 : PG_GETARG_FLOAT8(2);
	if (!isfinite(t.value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value of customer_summary must be finite"),
				 errdetail("It is %s.", DatumGetCString(DirectFunctionCall1(float8out,
																			Float8GetDatum(t.value))))));
	t.ts = cust_day_us(JourneyLocalDay(&st->days, ts));
	/* transactions after the observation end count nowhere: not kept */
	if (t.ts > st->split.obs_end)
		PG_RETURN_POINTER(st);
	cust_push(st, &t);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(customer_summary_combine);

/* Combine two partial states: the same split, transactions appended */
Datum
customer_summary_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	CustState  *a = PG_ARGISNULL(0) ? NULL : (CustState *) PG_GETARG_POINTER(0);
	CustState  *b = PG_ARGISNULL(1) ? NULL : (CustState *) PG_GETARG_POINTER(1);
	void	   *result;
	size_t		i;

	if (JourneyCombineShortcut(fcinfo, "customer_summary_combine", &aggcxt, a, b,
							   b != NULL ? &b->decoded : NULL, &result))
		PG_RETURN_STATE(result);
	if (a == NULL)
	{
		a = MemoryContextAllocZero(aggcxt, sizeof(CustState));
		JourneyMemInit(&a->mem, aggcxt);
		a->split = b->split;
	}
	else
		cust_same_split(&a->split, &b->split);
	for (i = 0; i < b->n; i++)
		cust_push(a, &b->tx[i]);
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(customer_summary_serialize);

/* A partial state as bytes (core/custsummary.h) */
Datum
customer_summary_serialize(PG_FUNCTION_ARGS)
{
	CustState  *st = (CustState *) PG_GETARG_POINTER(0);
	JyWriter	w;
	JyMem		mem;

	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	jy_cust_state_encode(&w, &st->split, st->tx, st->n);
	PG_RETURN_BYTEA_P((bytea *) JourneySummaryFromWriter(&w, CUST_SUMMARY));
}

PG_FUNCTION_INFO_V1(customer_summary_deserialize);

/* A partial state from bytes, checked */
Datum
customer_summary_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	CustState  *st;
	const char *why = NULL;
	JyCustTx   *tx;
	size_t		n;
	JyStatus	rc;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "customer_summary_deserialize called in non-aggregate context");
	st = MemoryContextAllocZero(aggcxt, sizeof(CustState));
	JourneyMemInit(&st->mem, aggcxt);
	rc = jy_cust_state_decode((const uint8_t *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b),
							  &st->mem, &st->split, &tx, &n, &why);
	if (rc == JY_ERR_CORRUPT)
		JourneyCorruptState(CUST_SUMMARY, why);
	JourneyCheckStatus(rc, CUST_SUMMARY);
	st->tx = tx;
	st->n = n;
	st->cap = (uint32_t) n;
	st->decoded = true;
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(customer_summary_finalfn);

/*
 * The customer_rfm row: frequency, recency, age, monetary (NULL when the
 * first transaction is after calibration_end, monetary also when frequency
 * is 0), holdout_frequency and holdout_value (NULL without a holdout)
 */
Datum
customer_summary_finalfn(PG_FUNCTION_ARGS)
{
	CustState  *st;
	JyCustSummary s;
	TupleDesc	desc;
	Datum		values[6];
	bool		nulls[6];
	JyMem		mem;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (CustState *) PG_GETARG_POINTER(0);
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "customer_summary must return a composite type");
	desc = BlessTupleDesc(desc);
	JourneyMemInit(&mem, CurrentMemoryContext);
	/* the core sorts in place: the state stays valid for another call */
	JourneyCheckStatus(jy_cust_summary(st->tx, st->n, &st->split, &mem, &s), CUST_SUMMARY);
	values[0] = Int64GetDatum(s.x);
	values[1] = Int64GetDatum(s.t_x);
	values[2] = Int64GetDatum(s.T);
	values[3] = Float8GetDatum(s.spend);
	nulls[0] = nulls[1] = nulls[2] = !s.in_calibration;
	nulls[3] = !s.in_calibration || !s.has_spend;
	values[4] = Int64GetDatum(s.holdout_x);
	values[5] = Float8GetDatum(s.holdout_value);
	nulls[4] = nulls[5] = !st->split.has_holdout;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* ---------- the model fits ---------- */

/* The three models */
typedef enum ModelKind
{
	MODEL_BGNBD = 0,
	MODEL_PNBD = 1,
	MODEL_GG = 2
} ModelKind;

typedef struct ModelInfo
{
	const char *name;			/* for messages */
	const char *fit;			/* the fit aggregate */
	int			npar;
	const char *par[JY_FIT_MAX_PAR];
} ModelInfo;

static const ModelInfo models[] = {
	{"BG/NBD", "bgnbd_fit", 4, {"r", "alpha", "a", "b"}},
	{"Pareto/NBD", "pareto_nbd_fit", 4, {"r", "alpha", "s", "beta"}},
	{"Gamma-Gamma", "gamma_gamma_fit", 3, {"p", "q", "gamma"}},
};

/* The fit state, in the aggregate context */
typedef struct FitState
{
	JyMem		mem;
	JyBtydRows	rows;
	bool		decoded;
} FitState;

static FitState *
fit_state(MemoryContext cxt, JyBtydRowKind kind)
{
	FitState   *st = MemoryContextAllocZero(cxt, sizeof(FitState));

	JourneyMemInit(&st->mem, cxt);
	jy_btyd_rows_init(&st->rows, kind);
	return st;
}

/* Report a failed status of the rows */
static void
fit_check(JyStatus st, const char *what)
{
	if (st == JY_ERR_TOO_MANY_EVENTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many distinct customer rows in one %s group", what),
				 errdetail("A fit can hold at most %zu distinct rows.", JY_BTYD_MAX_ROWS),
				 errhint("Summarise the customers in whole periods (customer_summary's units are days or weeks).")));
	JourneyCheckStatus(st, what);
}

/*
 * The transition shared by the fits: row (x, y, z) and weight argument
 * wargno (0: none); a NULL figure or weight ignores the row
 */
static Datum
fit_transition(FunctionCallInfo fcinfo, JyBtydRowKind kind, const char *what, int nfig)
{
	MemoryContext aggcxt;
	FitState   *st;
	JyRfmTriple row;
	const char *why;
	int			i;
	double		fig[3] = {0, 0, 0};

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "%s called in non-aggregate context", what);
	st = PG_ARGISNULL(0) ? fit_state(aggcxt, kind) : (FitState *) PG_GETARG_POINTER(0);
	for (i = 0; i < nfig; i++)
	{
		if (PG_ARGISNULL(i + 1))
			PG_RETURN_POINTER(st);
		fig[i] = PG_GETARG_FLOAT8(i + 1);
	}
	row.x = fig[0];
	row.t_x = fig[1];
	row.T = fig[2];
	row.weight = 1;
	if (PG_NARGS() > nfig + 1)
	{
		int64		w;

		if (PG_ARGISNULL(nfig + 1))
			PG_RETURN_POINTER(st);
		w = PG_GETARG_INT64(nfig + 1);
		if (w < 0 || w > (INT64CONST(1) << 53))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("customers of %s must be between 0 and 2^53", what),
					 errdetail("It is " INT64_FORMAT ".", w)));
		row.weight = (double) w;
	}
	/* the spend model: customers without repeat purchases tell nothing */
	if (kind == JY_BTYD_ROWS_SPEND && row.x == 0)
		PG_RETURN_POINTER(st);
	why = jy_btyd_row_reason(kind, &row);
	if (why != NULL)
	{
		if (kind == JY_BTYD_ROWS_SPEND)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid customer row for %s: frequency %g, monetary %g", what,
							row.x, row.t_x),
					 errdetail("%s", why)));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid customer row for %s: frequency %g, recency %g, age %g", what,
						row.x, row.t_x, row.T),
				 errdetail("%s", why),
				 errhint("customer_summary computes the three in one unit.")));
	}
	if (row.weight > 0)
		fit_check(jy_btyd_rows_add(&st->rows, &st->mem, &row), what);
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(btyd_fit_transfn);

/* bgnbd_fit and pareto_nbd_fit: (state, frequency, recency, age [, customers]) */
Datum
btyd_fit_transfn(PG_FUNCTION_ARGS)
{
	return fit_transition(fcinfo, JY_BTYD_ROWS_RFM, "the purchase model fit", 3);
}

PG_FUNCTION_INFO_V1(gamma_gamma_fit_transfn);

/* gamma_gamma_fit: (state, frequency, monetary [, customers]) */
Datum
gamma_gamma_fit_transfn(PG_FUNCTION_ARGS)
{
	return fit_transition(fcinfo, JY_BTYD_ROWS_SPEND, "gamma_gamma_fit", 2);
}

PG_FUNCTION_INFO_V1(btyd_fit_combine);

/* Combine two partial fit states */
Datum
btyd_fit_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	FitState   *a = PG_ARGISNULL(0) ? NULL : (FitState *) PG_GETARG_POINTER(0);
	FitState   *b = PG_ARGISNULL(1) ? NULL : (FitState *) PG_GETARG_POINTER(1);
	void	   *result;

	if (JourneyCombineShortcut(fcinfo, "btyd_fit_combine", &aggcxt, a, b,
							   b != NULL ? &b->decoded : NULL, &result))
		PG_RETURN_STATE(result);
	if (a == NULL)
		a = fit_state(aggcxt, (JyBtydRowKind) b->rows.kind);
	if (jy_btyd_rows_merge(&a->rows, &a->mem, &b->rows) == JY_ERR_BAD_PARAMETER)
		elog(ERROR, "btyd_fit_combine: states of different kinds");
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(btyd_fit_serialize);

/* A partial fit state as bytes (core/btydrows.h), collapsed first */
Datum
btyd_fit_serialize(PG_FUNCTION_ARGS)
{
	FitState   *st = (FitState *) PG_GETARG_POINTER(0);
	JyWriter	w;
	JyMem		mem;

	jy_btyd_rows_collapse(&st->rows, &st->mem);
	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_writer_init(&w, &mem);
	jy_btyd_rows_encode(&st->rows, &w);
	PG_RETURN_BYTEA_P((bytea *) JourneySummaryFromWriter(&w, "a model fit"));
}

PG_FUNCTION_INFO_V1(btyd_fit_deserialize);

/* A partial fit state from bytes, every row checked */
Datum
btyd_fit_deserialize(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	bytea	   *b = PG_GETARG_BYTEA_PP(0);
	FitState   *st;
	const char *why = NULL;
	JyStatus	rc;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "btyd_fit_deserialize called in non-aggregate context");
	st = fit_state(aggcxt, JY_BTYD_ROWS_RFM);
	rc = jy_btyd_rows_decode((const uint8_t *) VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b),
							 &st->mem, &st->rows, &why);
	if (rc == JY_ERR_CORRUPT)
		JourneyCorruptState("a model fit", why);
	JourneyCheckStatus(rc, "a model fit");
	st->decoded = true;
	PG_RETURN_POINTER(st);
}

/* The model row of a fit */
static Datum
fit_result(FunctionCallInfo fcinfo, ModelKind kind, const JyFit *f)
{
	const ModelInfo *mi = &models[kind];
	TupleDesc	desc;
	Datum		values[2 * JY_FIT_MAX_PAR + 4];
	bool		nulls[2 * JY_FIT_MAX_PAR + 4];
	int			i,
				k = 0;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE ||
		desc->natts != 2 * mi->npar + 4)
		elog(ERROR, "%s must return its model type", mi->fit);
	desc = BlessTupleDesc(desc);
	for (i = 0; i < mi->npar; i++, k++)
	{
		values[k] = Float8GetDatum(f->par[i]);
		nulls[k] = false;
	}
	for (i = 0; i < mi->npar; i++, k++)
	{
		values[k] = Float8GetDatum(f->se[i]);
		nulls[k] = !f->hessian_ok || !isfinite(f->se[i]);
	}
	values[k] = Float8GetDatum(f->ll);
	nulls[k++] = false;
	values[k] = Int64GetDatum((int64) f->customers);
	nulls[k++] = false;
	values[k] = Int32GetDatum(f->evals);
	nulls[k++] = false;
	values[k] = BoolGetDatum(f->converged);
	nulls[k++] = false;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}

/* Fit a model to a final state; NULL when it holds no customer */
static Datum
fit_final(FunctionCallInfo fcinfo, ModelKind kind)
{
	const ModelInfo *mi = &models[kind];
	FitState   *st;
	JyFit		f;
	JyStatus	rc;
	double		w = 0;
	size_t		i;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	st = (FitState *) PG_GETARG_POINTER(0);
	jy_btyd_rows_collapse(&st->rows, &st->mem);
	for (i = 0; i < st->rows.n; i++)
		w += st->rows.rows[i].weight;
	if (st->rows.n == 0 || !(w > 0))
		PG_RETURN_NULL();
	if (kind == MODEL_GG)
	{
		JySpendTriple *sp = palloc(st->rows.n * sizeof(JySpendTriple));

		for (i = 0; i < st->rows.n; i++)
		{
			sp[i].x = st->rows.rows[i].x;
			sp[i].mean_spend = st->rows.rows[i].t_x;
			sp[i].weight = st->rows.rows[i].weight;
		}
		rc = jy_gg_fit(sp, st->rows.n, NULL, &st->mem, &f);
	}
	else if (kind == MODEL_BGNBD)
		rc = jy_bgnbd_fit(st->rows.rows, st->rows.n, NULL, &st->mem, &f);
	else
		rc = jy_pnbd_fit(st->rows.rows, st->rows.n, NULL, &st->mem, &f);
	if (rc == JY_ERR_BAD_PARAMETER)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s cannot fit the %s model to these customers", mi->fit, mi->name),
				 errdetail("Every customer has an age of 0: nobody was observed for any time."),
				 errhint("Choose a calibration_end after the customers' first purchases.")));
	JourneyCheckStatus(rc, mi->fit);
	if (!f.converged)
		ereport(WARNING,
				(errmsg("%s did not converge", mi->fit),
				 errdetail("The optimiser stopped after %d evaluations of the likelihood without meeting its tolerances; the result has converged = false.",
						   f.evals),
				 errhint("Check the data: the model may not suit it (too few repeat customers, or a unit too fine).")));
	return fit_result(fcinfo, kind, &f);
}

/* The fits' final functions, one per model */
SQL_ENTRY(bgnbd_fit_finalfn, fit_final, MODEL_BGNBD)
SQL_ENTRY(pareto_nbd_fit_finalfn, fit_final, MODEL_PNBD)
SQL_ENTRY(gamma_gamma_fit_finalfn, fit_final, MODEL_GG)

/* ---------- scoring ---------- */

/* A model's parameters from its row (argument argno); errors if invalid */
static void
model_arg(FunctionCallInfo fcinfo, int argno, ModelKind kind, double *par)
{
	const ModelInfo *mi = &models[kind];
	HeapTupleHeader t = PG_GETARG_HEAPTUPLEHEADER(argno);
	int			i;

	for (i = 0; i < mi->npar; i++)
	{
		bool		isnull;
		Datum		d = GetAttributeByNum(t, (AttrNumber) (i + 1), &isnull);

		par[i] = isnull ? 0 : DatumGetFloat8(d);
		if (isnull || !isfinite(par[i]) || !(par[i] > 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid %s model: %s is %s", mi->name, mi->par[i],
							isnull ? "NULL" :
							DatumGetCString(DirectFunctionCall1(float8out, d))),
					 errdetail("Every parameter must be a finite number > 0.")));
	}
}

/* A customer's (frequency, recency, age) from arguments first .. first + 2 */
static void
customer_args(FunctionCallInfo fcinfo, int first, double *x, double *t_x, double *T)
{
	JyRfmTriple row;
	const char *why;

	row.x = PG_GETARG_FLOAT8(first);
	row.t_x = PG_GETARG_FLOAT8(first + 1);
	row.T = PG_GETARG_FLOAT8(first + 2);
	row.weight = 1;
	why = jy_btyd_row_reason(JY_BTYD_ROWS_RFM, &row);
	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid customer: frequency %g, recency %g, age %g", row.x, row.t_x, row.T),
				 errdetail("%s", why)));
	*x = row.x;
	*t_x = row.t_x;
	*T = row.T;
}

/* A time span argument: finite and >= 0 */
static double
span_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	double		t = PG_GETARG_FLOAT8(argno);

	if (!isfinite(t) || t < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number >= 0", name),
				 errdetail("It is %g.", t)));
	return t;
}

/* A score the formulas could not compute is an error, never garbage */
static Datum
score_result(double v, const char *what, ModelKind kind)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s of the %s model cannot be computed here", what, models[kind].name),
				 errdetail("The formula's value is not finite for these parameters and arguments."),
				 errhint("A horizon millions of times longer than the model's time scale, or a model that is not a fit of the data, can do this.")));
	return Float8GetDatum(v);
}

typedef struct PurchaseModel
{
	ModelKind	kind;
	JyBgnbd		bg;
	JyParetoNbd pn;
} PurchaseModel;

static PurchaseModel
purchase_model(FunctionCallInfo fcinfo, int argno, ModelKind kind)
{
	PurchaseModel m;
	double		par[JY_FIT_MAX_PAR];

	memset(&m, 0, sizeof(m));
	m.kind = kind;
	model_arg(fcinfo, argno, kind, par);
	if (kind == MODEL_BGNBD)
	{
		m.bg.r = par[0];
		m.bg.alpha = par[1];
		m.bg.a = par[2];
		m.bg.b = par[3];
	}
	else
	{
		m.pn.r = par[0];
		m.pn.alpha = par[1];
		m.pn.s = par[2];
		m.pn.beta = par[3];
	}
	return m;
}

static double
pm_p_alive(const PurchaseModel *m, double x, double t_x, double T)
{
	return m->kind == MODEL_BGNBD ? jy_bgnbd_p_alive(&m->bg, x, t_x, T)
		: jy_pnbd_p_alive(&m->pn, x, t_x, T);
}

static double
pm_expected_conditional(const PurchaseModel *m, double x, double t_x, double T, double t)
{
	return m->kind == MODEL_BGNBD ? jy_bgnbd_expected_conditional(&m->bg, x, t_x, T, t)
		: jy_pnbd_expected_conditional(&m->pn, x, t_x, T, t);
}

static double
pm_clv(const PurchaseModel *m, double x, double t_x, double T, double spend,
	   int horizon, double discount)
{
	return m->kind == MODEL_BGNBD ? jy_bgnbd_clv(&m->bg, x, t_x, T, spend, horizon, discount)
		: jy_pnbd_clv(&m->pn, x, t_x, T, spend, horizon, discount);
}

/* probability_alive(model, frequency, recency, age) */
static Datum
probability_alive(FunctionCallInfo fcinfo, ModelKind kind)
{
	PurchaseModel m = purchase_model(fcinfo, 0, kind);
	double		x,
				t_x,
				T;

	customer_args(fcinfo, 1, &x, &t_x, &T);
	return score_result(pm_p_alive(&m, x, t_x, T), "P(alive)", kind);
}

/* expected_purchases(model, frequency, recency, age, t) or (model, t) */
static Datum
expected_purchases(FunctionCallInfo fcinfo, ModelKind kind)
{
	PurchaseModel m = purchase_model(fcinfo, 0, kind);
	double		x,
				t_x,
				T,
				t;

	if (PG_NARGS() == 2)
	{
		t = span_arg(fcinfo, 1, "t");
		return score_result(kind == MODEL_BGNBD ? jy_bgnbd_expected(&m.bg, t)
							: jy_pnbd_expected(&m.pn, t), "the expected purchases", kind);
	}
	customer_args(fcinfo, 1, &x, &t_x, &T);
	t = span_arg(fcinfo, 4, "t");
	return score_result(pm_expected_conditional(&m, x, t_x, T, t),
						"the expected purchases", kind);
}

/* probability_purchases(model, t, n): P(X(t) = n) of a new customer */
static Datum
probability_purchases(FunctionCallInfo fcinfo, ModelKind kind)
{
	PurchaseModel m = purchase_model(fcinfo, 0, kind);
	double		t = span_arg(fcinfo, 1, "t");
	int32		n = PG_GETARG_INT32(2);

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n must be >= 0"),
				 errdetail("It is %d.", n)));
	return score_result(kind == MODEL_BGNBD ? jy_bgnbd_p_n(&m.bg, t, n)
						: jy_pnbd_p_n(&m.pn, t, n), "P(X(t) = n)", kind);
}

SQL_ENTRY(bgnbd_probability_alive, probability_alive, MODEL_BGNBD)
SQL_ENTRY(pareto_nbd_probability_alive, probability_alive, MODEL_PNBD)
SQL_ENTRY(bgnbd_expected_purchases, expected_purchases, MODEL_BGNBD)
SQL_ENTRY(pareto_nbd_expected_purchases, expected_purchases, MODEL_PNBD)
SQL_ENTRY(bgnbd_probability_purchases, probability_purchases, MODEL_BGNBD)
SQL_ENTRY(pareto_nbd_probability_purchases, probability_purchases, MODEL_PNBD)

/* The Gamma-Gamma model of argument argno, with q > 1 (a finite mean) */
static JyGammaGamma
spend_model(FunctionCallInfo fcinfo, int argno)
{
	double		par[JY_FIT_MAX_PAR];
	JyGammaGamma g;

	model_arg(fcinfo, argno, MODEL_GG, par);
	g.p = par[0];
	g.q = par[1];
	g.gamma = par[2];
	if (!(g.q > 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid Gamma-Gamma model for a spend: q is %g", g.q),
				 errdetail("The expected spend p gamma / (q - 1) is finite only for q > 1.")));
	return g;
}

/*
 * A customer's expected spend per purchase from frequency (argument xarg)
 * and monetary (zarg): a NULL monetary is allowed when frequency is 0 (the
 * population mean); *isnull when the result is NULL
 */
static double
spend_args(FunctionCallInfo fcinfo, const JyGammaGamma *g, int xarg, int zarg, bool *isnull)
{
	double		x,
				z = 0;

	*isnull = false;
	if (PG_ARGISNULL(xarg))
	{
		*isnull = true;
		return 0;
	}
	x = PG_GETARG_FLOAT8(xarg);
	if (!isfinite(x) || x < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("frequency must be a finite number >= 0"),
				 errdetail("It is %g.", x)));
	if (x > 0)
	{
		if (PG_ARGISNULL(zarg))
		{
			*isnull = true;
			return 0;
		}
		z = PG_GETARG_FLOAT8(zarg);
		if (!isfinite(z) || !(z > 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("monetary must be a finite number > 0 for a customer with repeat purchases"),
					 errdetail("It is %g.", z)));
	}
	return jy_gg_expected_spend(g, x, z);
}

PG_FUNCTION_INFO_V1(gamma_gamma_expected_spend);

/* expected_spend(model, frequency, monetary): not STRICT in monetary */
Datum
gamma_gamma_expected_spend(PG_FUNCTION_ARGS)
{
	JyGammaGamma g;
	bool		isnull;
	double		v;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	g = spend_model(fcinfo, 0);
	v = spend_args(fcinfo, &g, 1, 2, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	return score_result(v, "the expected spend", MODEL_GG);
}

/* The horizon (periods, >= 0) and discount rate (>= 0) at argno, argno + 1 */
static void
clv_args(FunctionCallInfo fcinfo, int argno, int *horizon, double *discount)
{
	*horizon = PG_GETARG_INT32(argno);
	*discount = PG_GETARG_FLOAT8(argno + 1);
	if (*horizon < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("horizon must be >= 0 periods"),
				 errdetail("It is %d.", *horizon)));
	if (!isfinite(*discount) || *discount < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount must be a finite rate >= 0 per period"),
				 errdetail("It is %g.", *discount),
				 errhint("A yearly rate of 10 %% is about 0.0018 per week: (1.10 ^ (1 / 52)) - 1.")));
}

/* Any NULL among the arguments but monetary (argument 5) */
static bool
prediction_args_null(FunctionCallInfo fcinfo)
{
	int			i;

	for (i = 0; i < PG_NARGS(); i++)
		if (i != 5 && PG_ARGISNULL(i))
			return true;
	return false;
}

/*
 * customer_lifetime_value(model, spend_model, frequency, recency, age,
 * monetary, horizon, discount)
 */
static Datum
lifetime_value(FunctionCallInfo fcinfo, ModelKind kind)
{
	PurchaseModel m;
	JyGammaGamma g;
	double		x,
				t_x,
				T,
				spend,
				discount;
	int			horizon;
	bool		isnull;

	if (prediction_args_null(fcinfo))
		PG_RETURN_NULL();
	m = purchase_model(fcinfo, 0, kind);
	g = spend_model(fcinfo, 1);
	customer_args(fcinfo, 2, &x, &t_x, &T);
	clv_args(fcinfo, 6, &horizon, &discount);
	spend = spend_args(fcinfo, &g, 2, 5, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	return score_result(pm_clv(&m, x, t_x, T, spend, horizon, discount), "the CLV", kind);
}

SQL_ENTRY(bgnbd_lifetime_value, lifetime_value, MODEL_BGNBD)
SQL_ENTRY(pareto_nbd_lifetime_value, lifetime_value, MODEL_PNBD)

/*
 * customer_prediction(model, spend_model, frequency, recency, age,
 * monetary, horizon, discount) -> one row: probability_alive,
 * expected_purchases over the horizon, expected_spend, clv
 */
static Datum
prediction(FunctionCallInfo fcinfo, ModelKind kind)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PurchaseModel m;
	JyGammaGamma g;
	double		x,
				t_x,
				T,
				discount;
	int			horizon;
	bool		spend_null;
	double		spend;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	InitMaterializedSRF(fcinfo, 0);
	if (prediction_args_null(fcinfo))
		return (Datum) 0;
	m = purchase_model(fcinfo, 0, kind);
	g = spend_model(fcinfo, 1);
	customer_args(fcinfo, 2, &x, &t_x, &T);
	clv_args(fcinfo, 6, &horizon, &discount);
	spend = spend_args(fcinfo, &g, 2, 5, &spend_null);
	values[0] = score_result(pm_p_alive(&m, x, t_x, T), "P(alive)", kind);
	values[1] = score_result(pm_expected_conditional(&m, x, t_x, T, (double) horizon),
							 "the expected purchases", kind);
	if (spend_null)
		nulls[2] = nulls[3] = true;
	else
	{
		values[2] = score_result(spend, "the expected spend", MODEL_GG);
		values[3] = score_result(pm_clv(&m, x, t_x, T, spend, horizon, discount), "the CLV", kind);
	}
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	return (Datum) 0;
}

SQL_ENTRY(bgnbd_customer_prediction, prediction, MODEL_BGNBD)
SQL_ENTRY(pareto_nbd_customer_prediction, prediction, MODEL_PNBD)
