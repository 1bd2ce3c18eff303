/*
 * query.c -- reports that read a query given as text
 *
 * The path reports, the attribution models over many journeys and the
 * segmentation reports read their input from a query the caller writes
 * (wrapped, for some reports, in SQL of their own that names every
 * function, operator, type and collation with its schema, so that nothing
 * on the caller's search path can stand in for them).  Every such query
 * runs here: with the caller's rights and search path, read-only, through
 * a cursor in batches; each row is handled in a memory context reset after
 * it, so memory grows with what the report keeps, not with the rows read.
 *
 * Read-only means what a READ ONLY transaction means: for the time the
 * query runs, transaction_read_only is on (at a GUC nesting level of its
 * own, popped afterwards, or by the (sub)transaction abort on an error), so
 * a volatile function the query calls cannot insert, update or delete rows
 * of ordinary tables, run DDL or take nextval of an ordinary sequence
 * (error 25006), and cannot switch back to read-write.  As in a READ ONLY
 * transaction, temporary tables may still be written.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#define QUERY_BATCH 1000

/* Run sql with its arguments, read-only; describe, then visit every row */
void
JourneyForEachRow(const char *sql, int nargs, Oid *argtypes, Datum *args,
				  JourneyRowDescribe describe, JourneyRowVisit visit, void *arg)
{
	MemoryContext outer = CurrentMemoryContext;
	MemoryContext tmp;
	Portal		portal;
	int			nestlevel;

	tmp = AllocSetContextCreate(outer, "journey query row", ALLOCSET_DEFAULT_SIZES);

	/* read-only until AtEOXact_GUC below, or until an error aborts */
	nestlevel = NewGUCNestLevel();
	(void) set_config_option("transaction_read_only", "on", PGC_USERSET,
							 PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	portal = SPI_cursor_open_with_args(NULL, sql, nargs, argtypes, args, NULL, true, 0);
	if (describe != NULL)
		describe(arg, portal->tupDesc);
	for (;;)
	{
		uint64		i;

		if (visit == NULL)
			break;
		SPI_cursor_fetch(portal, true, QUERY_BATCH);
		if (SPI_processed == 0)
			break;
		for (i = 0; i < SPI_processed; i++)
		{
			MemoryContext old;

			CHECK_FOR_INTERRUPTS();
			old = MemoryContextSwitchTo(tmp);
			visit(arg, SPI_tuptable->tupdesc, SPI_tuptable->vals[i], tmp);
			MemoryContextSwitchTo(old);
			MemoryContextReset(tmp);
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_finish();
	AtEOXact_GUC(true, nestlevel);
	MemoryContextDelete(tmp);
}

/* A syntax error in a report's query points into that query, not the caller's */
static void
query_statement_error_callback(void *arg)
{
	int			pos = geterrposition();

	if (pos > 0)
	{
		errposition(0);
		internalerrposition(pos);
		internalerrquery((const char *) arg);
	}
}

/*
 * The one SELECT statement of a report's query text, without what may
 * follow it (a ';', comments, white space), so that it can stand inside
 * parentheses: "(" || result || ")" is always the query itself.  Anything
 * but one SELECT (or VALUES, or WITH ... SELECT) is an error.
 */
char *
JourneyQueryStatement(const char *query, const char *report)
{
	List	   *stmts;
	RawStmt    *rs;
	StringInfoData out;
	ErrorContextCallback errcb;

	errcb.callback = query_statement_error_callback;
	errcb.arg = unconstify(char *, query);
	errcb.previous = error_context_stack;
	error_context_stack = &errcb;
	stmts = raw_parser(query, RAW_PARSE_DEFAULT);
	error_context_stack = errcb.previous;

	if (list_length(stmts) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the query of %s must be one SELECT statement", report),
				 errdetail("It has %d statements.", list_length(stmts))));
	rs = linitial_node(RawStmt, stmts);
	if (!IsA(rs->stmt, SelectStmt))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the query of %s must be a SELECT statement", report)));
	initStringInfo(&out);
	if (rs->stmt_len > 0)
		appendBinaryStringInfo(&out, query + rs->stmt_location, rs->stmt_len);
	else
		appendStringInfoString(&out, query + rs->stmt_location);
	/* a newline ends a trailing "--" comment inside the statement's span */
	appendStringInfoChar(&out, '\n');
	return out.data;
}

/* Check the columns of the query a report builds */
void
JourneyCheckColumns(TupleDesc desc, const char *report, int n, const Oid *types)
{
	int			i;

	if (desc->natts != n)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the query %s builds returns %d columns, not %d",
						report, desc->natts, n)));
	for (i = 0; i < n; i++)
	{
		Oid			t = TupleDescAttr(desc, i)->atttypid;

		if (t != types[i])
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column %d of the query %s builds is of type %s, not %s",
							i + 1, report, format_type_be(t), format_type_be(types[i]))));
	}
}

/* The OID of type journey, in the schema of the calling function */
static Oid
query_journey_type(FunctionCallInfo fcinfo)
{
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	Oid			typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
										CStringGetDatum("journey"),
										ObjectIdGetDatum(nsp));

	if (!OidIsValid(typid))
		elog(ERROR, "type journey not found in the schema of the report");
	return typid;
}

/* What JourneyJourneysSummary learns from the queries it runs */
typedef struct JourneysScan
{
	Oid			jtype;			/* journey, in the report's schema */
	int			ncols;			/* columns of the caller's query */
	MemoryContext cxt;			/* where the summary is copied */
	struct varlena *summary;	/* the aggregate query's one value */
} JourneysScan;

/* The caller's query must return journeys in its first column */
static void
journeys_describe(void *arg, TupleDesc desc)
{
	JourneysScan *js = arg;

	if (desc->natts < 1 || TupleDescAttr(desc, 0)->atttypid != js->jtype)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the query of this report must return journeys in its first column"),
				 errdetail("Its first column is of type %s.",
						   desc->natts < 1 ? "(none)" :
						   format_type_be(TupleDescAttr(desc, 0)->atttypid)),
				 errhint("For example: SELECT journey_agg(ts, event) FROM events GROUP BY user_id.")));
	js->ncols = desc->natts;
}

/* Keep the aggregate query's value, out of SPI's memory */
static void
journeys_summary_row(void *arg, TupleDesc desc, HeapTuple tuple, MemoryContext tmp)
{
	JourneysScan *js = arg;
	bool		isnull;
	Datum		d = SPI_getbinval(tuple, desc, 1, &isnull);

	if (!isnull)
	{
		MemoryContext old = MemoryContextSwitchTo(js->cxt);

		js->summary = PG_DETOAST_DATUM_COPY(d);
		MemoryContextSwitchTo(old);
	}
}

/*
 * The summary the aggregate agg of the extension builds over the journeys
 * in the first column of the caller's query text (argument 0): the query
 * is one SELECT whose first column is a journey (checked when it is
 * planned, before any row is read); then
 *
 *     SELECT <schema>.<agg>(q.c1, $1, .., $nargs) FROM (<statement>) AS q(c1, .., cN)
 *
 * runs read-only, <schema> being the calling function's, so nothing on the
 * caller's search path stands in for the aggregate, and the caller's own
 * column names cannot make q.c1 ambiguous.  NULL when the aggregate gives
 * NULL; otherwise a copy in CurrentMemoryContext.
 */
struct varlena *
JourneyJourneysSummary(FunctionCallInfo fcinfo, const char *report, const char *agg,
					   int nargs, Oid *types, Datum *values)
{
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	char	   *stmt = JourneyQueryStatement(text_to_cstring(PG_GETARG_TEXT_PP(0)), report);
	JourneysScan js;
	StringInfoData sql;
	int			i;

	js.jtype = query_journey_type(fcinfo);
	js.ncols = 0;
	js.cxt = CurrentMemoryContext;
	js.summary = NULL;
	/* planned, not run: the columns are checked before any row is read */
	JourneyForEachRow(stmt, 0, NULL, NULL, journeys_describe, NULL, &js);

	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT %s.%s(q.c1", quote_identifier(get_namespace_name(nsp)), agg);
	for (i = 1; i <= nargs; i++)
		appendStringInfo(&sql, ", $%d", i);
	appendStringInfo(&sql, ") FROM (%s) AS q(", stmt);
	for (i = 1; i <= js.ncols; i++)
		appendStringInfo(&sql, "%sc%d", i > 1 ? ", " : "", i);
	appendStringInfoChar(&sql, ')');
	JourneyForEachRow(sql.data, nargs, types, values, NULL, journeys_summary_row, &js);
	return js.summary;
}
