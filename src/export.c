/*
 * export.c -- report_json: any report's rows as one self-describing document
 *
 * report_json(r record [, report text [, parameters jsonb]]) is an
 * aggregate over the rows of a report (or any query).  Its final value is
 * one json document (docs/export.md):
 *
 *	{"report": ..., "parameters": {...},
 *	 "columns": [{"name": ..., "type": ...}, ...], "rows": [[...], ...]}
 *
 * Each row is converted with cJSON when it arrives: a small tree of its
 * values is built, printed once into a growing buffer in the aggregate
 * context, and deleted in a PG_FINALLY block, so no tree outlives a call
 * and an error leaks nothing.  Values follow PostgreSQL's to_json: numbers
 * keep their exact text (int8 digits, numeric text, shortest round-trip
 * floats), NaN and infinities are strings, date and time types are ISO
 * 8601 strings, arrays nest, json and jsonb are embedded, types with a
 * cast to json (the journey type) use it, composites are objects, and any
 * other type is its text output.  The document is text in the database
 * encoding, as every json value is; nothing is converted.
 *
 * The rows stay in input order (report_json(r ORDER BY ...)), so there is
 * no combine function; the aggregate is parallel safe.
 */
#include "journey.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_cast.h"
#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "miscadmin.h"
#include "nodes/nodeFuncs.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

/* How a value of one type becomes JSON */
typedef enum ExportKind
{
	EXPORT_BOOL,
	EXPORT_INT,					/* int2, int4, int8: their digits */
	EXPORT_FLOAT4,
	EXPORT_FLOAT8,
	EXPORT_NUMERIC,
	EXPORT_DATETIME,			/* date, timestamp, timestamptz */
	EXPORT_JSON,
	EXPORT_JSONB,
	EXPORT_CAST,				/* an extension type's cast to json */
	EXPORT_ARRAY,
	EXPORT_COMPOSITE,
	EXPORT_TEXT					/* any other type: its text output */
} ExportKind;

/* A type's conversion, looked up once */
typedef struct ExportType
{
	ExportKind	kind;
	Oid			typid;			/* the base type (domains resolved) */
	FmgrInfo	fn;				/* output function, or the cast function */
	struct ExportType *elem;	/* arrays: the element's conversion */
	int16		elmlen;
	bool		elmbyval;
	char		elmalign;
} ExportType;

/* The aggregate state, in the aggregate context */
typedef struct ExportState
{
	MemoryContext cxt;
	int64		rows;			/* rows seen, NULL rows included */
	bool		typed;			/* a non-NULL row fixed the row type */
	Oid			typid;
	int32		typmod;
	TupleDesc	desc;			/* the row type's columns, a copy */
	ExportType *cols;			/* per column */
	text	   *report;			/* of the first row; NULL: none */
	Jsonb	   *params;			/* of the first row; NULL: none */
	StringInfoData buf;			/* the printed rows, separated by commas */
} ExportState;

static void export_add_value(cJSON *parent, const char *key, Datum value,
							 bool isnull, ExportType *t);

/* Raise out of memory for a failed cJSON allocation */
static void
export_oom(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_OUT_OF_MEMORY),
			 errmsg("out of memory"),
			 errdetail("A JSON value of the report could not be allocated.")));
}

/* Attach item to parent (an array, or an object under key) */
static cJSON *
export_attach(cJSON *parent, const char *key, cJSON *item)
{
	if (item == NULL)
		export_oom();
	if (key != NULL ? !cJSON_AddItemToObject(parent, key, item)
		: !cJSON_AddItemToArray(parent, item))
	{
		cJSON_Delete(item);
		export_oom();
	}
	return item;
}

/* Fill t with the conversion of type typid, allocating in cxt */
static void
export_type_init(ExportType *t, Oid typid, MemoryContext cxt)
{
	Oid			base = getBaseType(typid);
	Oid			fn = InvalidOid;
	Oid			elem;
	bool		varlena;

	memset(t, 0, sizeof(*t));
	t->typid = base;
	switch (base)
	{
		case BOOLOID:
			t->kind = EXPORT_BOOL;
			break;
		case INT2OID:
		case INT4OID:
		case INT8OID:
			t->kind = EXPORT_INT;
			break;
		case FLOAT4OID:
			t->kind = EXPORT_FLOAT4;
			break;
		case FLOAT8OID:
			t->kind = EXPORT_FLOAT8;
			break;
		case NUMERICOID:
			t->kind = EXPORT_NUMERIC;
			break;
		case DATEOID:
		case TIMESTAMPOID:
		case TIMESTAMPTZOID:
			t->kind = EXPORT_DATETIME;
			break;
		case JSONOID:
			t->kind = EXPORT_JSON;
			break;
		case JSONBOID:
			t->kind = EXPORT_JSONB;
			break;
		default:
			elem = get_element_type(base);
			if (OidIsValid(elem))
			{
				t->kind = EXPORT_ARRAY;
				t->elem = MemoryContextAlloc(cxt, sizeof(ExportType));
				export_type_init(t->elem, elem, cxt);
				get_typlenbyvalalign(elem, &t->elmlen, &t->elmbyval, &t->elmalign);
			}
			else if (type_is_rowtype(base))
				t->kind = EXPORT_COMPOSITE;
			else
			{
				t->kind = EXPORT_TEXT;
				/* an extension type with a cast to json, as to_json does */
				if (base >= FirstNormalObjectId &&
					find_coercion_pathway(JSONOID, base, COERCION_EXPLICIT,
										  &fn) == COERCION_PATH_FUNC &&
					OidIsValid(fn))
					t->kind = EXPORT_CAST;
			}
			break;
	}
	if (t->kind == EXPORT_CAST)
		fmgr_info_cxt(fn, &t->fn, cxt);
	else if (t->kind != EXPORT_ARRAY && t->kind != EXPORT_COMPOSITE)
	{
		getTypeOutputInfo(base, &fn, &varlena);
		fmgr_info_cxt(fn, &t->fn, cxt);
	}
}

/* Attach a number's text, or its text as a string when it is not a JSON number */
static void
export_add_number(cJSON *parent, const char *key, const char *s)
{
	const char *p = s[0] == '-' ? s + 1 : s;

	if (*p >= '0' && *p <= '9')
		export_attach(parent, key, cJSON_CreateRaw(s));
	else
		export_attach(parent, key, cJSON_CreateString(s));
}

/* Attach a float: shortest round-trip digits; NaN and infinities as strings */
static void
export_add_double(cJSON *parent, const char *key, double d, bool single)
{
	char		buf[64];

	if (isnan(d))
		strcpy(buf, "NaN");
	else if (isinf(d))
		strcpy(buf, d > 0 ? "Infinity" : "-Infinity");
	else if (single)
		float_to_shortest_decimal_buf((float) d, buf);
	else
		double_to_shortest_decimal_buf(d, buf);
	export_add_number(parent, key, buf);
}

/* Attach dimension dim of an array's elements, from *i on */
static void
export_add_dim(cJSON *parent, const char *key, int ndim, const int *dims,
			   int dim, Datum *elems, bool *nulls, int *i, ExportType *t)
{
	cJSON	   *arr = export_attach(parent, key, cJSON_CreateArray());
	int			k;

	for (k = 0; k < dims[dim]; k++)
	{
		if (dim + 1 < ndim)
			export_add_dim(arr, NULL, ndim, dims, dim + 1, elems, nulls, i, t);
		else
		{
			export_add_value(arr, NULL, elems[*i], nulls[*i], t->elem);
			(*i)++;
		}
	}
}

/* Attach the fields of a composite value as an object, as row_to_json */
static void
export_add_composite(cJSON *parent, const char *key, Datum value)
{
	HeapTupleHeader td = DatumGetHeapTupleHeader(value);
	TupleDesc	desc = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(td),
											  HeapTupleHeaderGetTypMod(td));
	HeapTupleData tuple;
	cJSON	   *obj;
	int			n;

	PG_TRY();
	{
		tuple.t_len = HeapTupleHeaderGetDatumLength(td);
		ItemPointerSetInvalid(&tuple.t_self);
		tuple.t_tableOid = InvalidOid;
		tuple.t_data = td;
		obj = export_attach(parent, key, cJSON_CreateObject());
		for (n = 0; n < desc->natts; n++)
		{
			Form_pg_attribute att = TupleDescAttr(desc, n);
			ExportType	t;
			Datum		v;
			bool		isnull;

			if (att->attisdropped)
				continue;
			export_type_init(&t, att->atttypid, CurrentMemoryContext);
			v = heap_getattr(&tuple, n + 1, desc, &isnull);
			export_add_value(obj, NameStr(att->attname), v, isnull, &t);
		}
	}
	PG_FINALLY();
	{
		ReleaseTupleDesc(desc);
	}
	PG_END_TRY();
}

/* Attach one value of type t (see the file comment) */
static void
export_add_value(cJSON *parent, const char *key, Datum value, bool isnull,
				 ExportType *t)
{
	check_stack_depth();
	if (isnull)
	{
		export_attach(parent, key, cJSON_CreateNull());
		return;
	}
	switch (t->kind)
	{
		case EXPORT_BOOL:
			export_attach(parent, key, cJSON_CreateBool(DatumGetBool(value)));
			break;
		case EXPORT_INT:
			export_attach(parent, key,
						  cJSON_CreateRaw(OutputFunctionCall(&t->fn, value)));
			break;
		case EXPORT_FLOAT4:
			export_add_double(parent, key, DatumGetFloat4(value), true);
			break;
		case EXPORT_FLOAT8:
			export_add_double(parent, key, DatumGetFloat8(value), false);
			break;
		case EXPORT_NUMERIC:
			export_add_number(parent, key, OutputFunctionCall(&t->fn, value));
			break;
		case EXPORT_DATETIME:
			export_attach(parent, key,
						  cJSON_CreateString(JsonEncodeDateTime(NULL, value,
																t->typid, NULL)));
			break;
		case EXPORT_JSON:
			export_attach(parent, key,
						  cJSON_CreateRaw(TextDatumGetCString(value)));
			break;
		case EXPORT_JSONB:
			{
				Jsonb	   *jb = DatumGetJsonbP(value);

				export_attach(parent, key,
							  cJSON_CreateRaw(JsonbToCString(NULL, &jb->root,
															 VARSIZE(jb))));
				break;
			}
		case EXPORT_CAST:
			export_attach(parent, key,
						  cJSON_CreateRaw(TextDatumGetCString(FunctionCall1(&t->fn,
																			value))));
			break;
		case EXPORT_ARRAY:
			{
				ArrayType  *a = DatumGetArrayTypeP(value);
				Datum	   *elems;
				bool	   *nulls;
				int			nelems,
							i = 0;

				deconstruct_array(a, ARR_ELEMTYPE(a), t->elmlen, t->elmbyval,
								  t->elmalign, &elems, &nulls, &nelems);
				if (ARR_NDIM(a) <= 0 || nelems == 0)
					export_attach(parent, key, cJSON_CreateArray());
				else
					export_add_dim(parent, key, ARR_NDIM(a), ARR_DIMS(a), 0,
								   elems, nulls, &i, t);
				break;
			}
		case EXPORT_COMPOSITE:
			export_add_composite(parent, key, value);
			break;
		case EXPORT_TEXT:
			export_attach(parent, key,
						  cJSON_CreateString(OutputFunctionCall(&t->fn, value)));
			break;
	}
}

/* Error unless parameters is a JSON object */
static void
export_check_params(Jsonb *params)
{
	if (params != NULL && !JB_ROOT_IS_OBJECT(params))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("report parameters must be a JSON object"),
				 errdetail("The parameters are a JSON %s.",
						   text_to_cstring(DatumGetTextPP(DirectFunctionCall1(jsonb_typeof,
																			  PointerGetDatum(params)))))));
}

/* Are two optional varlenas (NULL: absent) the same bytes? */
static bool
export_same_bytes(const struct varlena *a, const struct varlena *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
}

/* The row type's columns and their conversions, kept in the state */
static void
export_set_type(ExportState *st, Oid typid, int32 typmod)
{
	TupleDesc	desc = lookup_rowtype_tupdesc(typid, typmod);
	MemoryContext old = MemoryContextSwitchTo(st->cxt);
	int			n;

	st->desc = CreateTupleDescCopy(desc);
	ReleaseTupleDesc(desc);
	st->cols = palloc0(sizeof(ExportType) * Max(st->desc->natts, 1));
	for (n = 0; n < st->desc->natts; n++)
		if (!TupleDescAttr(st->desc, n)->attisdropped)
			export_type_init(&st->cols[n], TupleDescAttr(st->desc, n)->atttypid,
							 st->cxt);
	MemoryContextSwitchTo(old);
	st->typid = typid;
	st->typmod = typmod;
	st->typed = true;
}

/*
 * Print a tree onto buf, directly into its spare room (growing it until
 * cJSON fits)
 */
static void
export_print(cJSON *tree, StringInfo buf)
{
	int			room = Max(256, buf->maxlen - buf->len - 1);

	for (;;)
	{
		enlargeStringInfo(buf, room);
		if (cJSON_PrintPreallocated(tree, buf->data + buf->len,
									buf->maxlen - buf->len, 0))
			break;
		if (room >= (int) (MaxAllocSize - buf->len - 2))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("report document is too large"),
					 errdetail("A json value holds at most %zu bytes.",
							   (size_t) (MaxAllocSize - VARHDRSZ))));
		room = (int) Min((int64) room * 2, (int64) (MaxAllocSize - buf->len - 2));
	}
	buf->len += strlen(buf->data + buf->len);
}

/* Fill row (an array, or null for a NULL row) and print it onto the buffer */
static void
export_row_print(ExportState *st, HeapTupleHeader td, cJSON *row)
{
	if (td != NULL)
	{
		HeapTupleData tuple;
		int			n;

		tuple.t_len = HeapTupleHeaderGetDatumLength(td);
		ItemPointerSetInvalid(&tuple.t_self);
		tuple.t_tableOid = InvalidOid;
		tuple.t_data = td;
		for (n = 0; n < st->desc->natts; n++)
		{
			Datum		v;
			bool		isnull;

			if (TupleDescAttr(st->desc, n)->attisdropped)
				continue;
			v = heap_getattr(&tuple, n + 1, st->desc, &isnull);
			export_add_value(row, NULL, v, isnull, &st->cols[n]);
		}
	}
	if (st->rows > 0)
		appendStringInfoChar(&st->buf, ',');
	export_print(row, &st->buf);
}

/* Print one row (or null) onto the state's buffer */
static void
export_print_row(ExportState *st, HeapTupleHeader td)
{
	cJSON	   *row = td == NULL ? cJSON_CreateNull() : cJSON_CreateArray();

	if (row == NULL)
		export_oom();
	PG_TRY();
	{
		export_row_print(st, td, row);
	}
	PG_FINALLY();
	{
		cJSON_Delete(row);
	}
	PG_END_TRY();
}

/*
 * A row type for a message: its name, or for an anonymous record its
 * column types ("record(integer, text)"; typmods of records differ from
 * session to session)
 */
static char *
export_type_name(Oid typid, int32 typmod)
{
	StringInfoData out;
	TupleDesc	desc;
	int			n;
	bool		first = true;

	if (typid != RECORDOID)
		return format_type_be(typid);
	desc = lookup_rowtype_tupdesc(typid, typmod);
	initStringInfo(&out);
	appendStringInfoString(&out, "record(");
	for (n = 0; n < desc->natts; n++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, n);

		if (att->attisdropped)
			continue;
		appendStringInfo(&out, "%s%s", first ? "" : ", ",
						 format_type_with_typemod(att->atttypid, att->atttypmod));
		first = false;
	}
	appendStringInfoChar(&out, ')');
	ReleaseTupleDesc(desc);
	return out.data;
}

PG_FUNCTION_INFO_V1(report_json_transfn);

/* Transition of report_json: check the row and print it */
Datum
report_json_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ExportState *st;
	HeapTupleHeader td = NULL;
	text	   *report = NULL;
	Jsonb	   *params = NULL;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "report_json_transfn called in non-aggregate context");
	if (PG_NARGS() > 2 && !PG_ARGISNULL(2))
		report = PG_GETARG_TEXT_PP(2);
	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
		params = PG_GETARG_JSONB_P(3);

	if (PG_ARGISNULL(0))
	{
		MemoryContext old;

		export_check_params(params);
		old = MemoryContextSwitchTo(aggcxt);
		st = palloc0(sizeof(ExportState));
		st->cxt = aggcxt;
		initStringInfo(&st->buf);
		if (report != NULL)
			st->report = (text *) PG_DETOAST_DATUM_COPY(PointerGetDatum(report));
		if (params != NULL)
			st->params = (Jsonb *) PG_DETOAST_DATUM_COPY(PointerGetDatum(params));
		MemoryContextSwitchTo(old);
	}
	else
	{
		st = (ExportState *) PG_GETARG_POINTER(0);
		if (!export_same_bytes((struct varlena *) st->report, (struct varlena *) report) ||
			!export_same_bytes((struct varlena *) st->params, (struct varlena *) params))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("report name and parameters must be the same in every row"),
					 errdetail("Row %lld differs from the first row.",
							   (long long) st->rows + 1)));
	}

	if (!PG_ARGISNULL(1))
	{
		Oid			typid;
		int32		typmod;

		td = PG_GETARG_HEAPTUPLEHEADER(1);
		typid = HeapTupleHeaderGetTypeId(td);
		typmod = HeapTupleHeaderGetTypMod(td);
		if (!st->typed)
			export_set_type(st, typid, typmod);
		else if (typid != st->typid || typmod != st->typmod)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("rows of different types cannot be exported in one document"),
					 errdetail("Row %lld is of type %s, the first row of type %s.",
							   (long long) st->rows + 1,
							   export_type_name(typid, typmod),
							   export_type_name(st->typid, st->typmod))));
	}
	export_print_row(st, td);
	st->rows++;
	PG_RETURN_POINTER(st);
}

/* The value of a constant argument n of the aggregate call, or false */
static bool
export_const_arg(Aggref *agg, int n, Datum *value, bool *isnull)
{
	TargetEntry *tle;
	Node	   *e;

	if (agg == NULL || list_length(agg->args) <= n)
		return false;
	tle = list_nth_node(TargetEntry, agg->args, n);
	if (tle->resjunk)			/* an ORDER BY column, not an argument */
		return false;
	e = (Node *) tle->expr;
	while (IsA(e, RelabelType))
		e = (Node *) ((RelabelType *) e)->arg;
	if (!IsA(e, Const))
		return false;
	*value = ((Const *) e)->constvalue;
	*isnull = ((Const *) e)->constisnull;
	return true;
}

/* Fill head (an object) with the header and build the document */
static text *
export_document(ExportState *st, TupleDesc desc, cJSON *head)
{
	StringInfoData out;
	cJSON	   *cols;
	int			n;

	if (st->report != NULL)
		export_attach(head, "report", cJSON_CreateString(text_to_cstring(st->report)));
	else
		export_attach(head, "report", cJSON_CreateNull());
	if (st->params != NULL)
		export_attach(head, "parameters",
					  cJSON_CreateRaw(JsonbToCString(NULL, &st->params->root,
													 VARSIZE(st->params))));
	else
		export_attach(head, "parameters", cJSON_CreateObject());
	cols = export_attach(head, "columns", cJSON_CreateArray());
	for (n = 0; desc != NULL && n < desc->natts; n++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, n);
		cJSON	   *col;

		if (att->attisdropped)
			continue;
		col = export_attach(cols, NULL, cJSON_CreateObject());
		export_attach(col, "name", cJSON_CreateString(NameStr(att->attname)));
		export_attach(col, "type",
					  cJSON_CreateString(format_type_with_typemod(att->atttypid,
																  att->atttypmod)));
	}

	/* the header without its closing brace, then the rows */
	initStringInfo(&out);
	appendStringInfoSpaces(&out, VARHDRSZ);
	export_print(head, &out);
	out.len--;
	if ((size_t) out.len + 11 + (size_t) st->buf.len > MaxAllocSize - 1)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("report document is too large"),
				 errdetail("A json value holds at most %zu bytes.",
						   (size_t) (MaxAllocSize - VARHDRSZ))));
	appendStringInfoString(&out, ",\"rows\":[");
	appendBinaryStringInfo(&out, st->buf.data, st->buf.len);
	appendStringInfoString(&out, "]}");
	SET_VARSIZE(out.data, out.len);
	return (text *) out.data;
}

/*
 * The columns of the aggregate's argument when its declared type is a
 * named composite type (a table's rows), or NULL: for a call whose rows
 * were all NULL, or without rows (not inlined into the caller's PG_TRY,
 * where its locals could be clobbered by the long jump)
 */
static pg_noinline TupleDesc
export_declared_desc(FunctionCallInfo fcinfo)
{
	Aggref	   *agg = AggGetAggref(fcinfo);
	Node	   *e;
	Oid			typid;
	TupleDesc	desc,
				copy;

	if (agg == NULL || agg->args == NIL)
		return NULL;
	e = (Node *) linitial_node(TargetEntry, agg->args)->expr;
	typid = exprType(e);
	if (typid == RECORDOID || !type_is_rowtype(typid))
		return NULL;
	desc = lookup_rowtype_tupdesc_domain(typid, exprTypmod(e), false);
	copy = CreateTupleDescCopy(desc);
	ReleaseTupleDesc(desc);
	return copy;
}

/*
 * The state of a call without rows in *empty: the report and parameters
 * when they are constants of the call
 */
static ExportState *
export_empty_state(FunctionCallInfo fcinfo, ExportState *empty)
{
	Aggref	   *agg = AggGetAggref(fcinfo);
	Datum		v;
	bool		isnull;

	memset(empty, 0, sizeof(*empty));
	empty->cxt = CurrentMemoryContext;
	initStringInfo(&empty->buf);
	if (export_const_arg(agg, 1, &v, &isnull) && !isnull)
		empty->report = DatumGetTextPP(v);
	if (export_const_arg(agg, 2, &v, &isnull) && !isnull)
	{
		empty->params = DatumGetJsonbP(v);
		export_check_params(empty->params);
	}
	return empty;
}

PG_FUNCTION_INFO_V1(report_json_finalfn);

/* Final function of report_json: the document (READ_ONLY) */
Datum
report_json_finalfn(PG_FUNCTION_ARGS)
{
	ExportState empty;
	ExportState *st = PG_ARGISNULL(0) ? export_empty_state(fcinfo, &empty)
		: (ExportState *) PG_GETARG_POINTER(0);
	TupleDesc	desc = st->typed ? st->desc : export_declared_desc(fcinfo);
	cJSON	   *head = cJSON_CreateObject();
	text	   *volatile result = NULL;

	if (head == NULL)
		export_oom();
	PG_TRY();
	{
		result = export_document(st, desc, head);
	}
	PG_FINALLY();
	{
		cJSON_Delete(head);
	}
	PG_END_TRY();
	PG_RETURN_TEXT_P(result);
}
