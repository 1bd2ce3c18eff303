/*
 * query.c -- reports that read a query given as text
 *
 * The path reports, the attribution models over many journeys and the
 * segmentation reports read their input from a query the caller writes.  It
 * runs read-only, with the caller's rights and search path, through a
 * cursor in batches; each row is handled in a memory context reset after
 * it, so memory grows with what the report keeps, not with the rows read.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#define QUERY_BATCH 1000

/* Run sql with its arguments; visit every row (see journey.h) */
void
JourneyForEachRow(const char *sql, int nargs, Oid *argtypes, Datum *args,
				  JourneyRowVisit visit, void *arg)
{
	MemoryContext outer = CurrentMemoryContext;
	MemoryContext tmp;
	Portal		portal;
	bool		first = true;

	tmp = AllocSetContextCreate(outer, "journey query row", ALLOCSET_DEFAULT_SIZES);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	portal = SPI_cursor_open_with_args(NULL, sql, nargs, argtypes, args, NULL, true, 0);
	for (;;)
	{
		uint64		i;

		SPI_cursor_fetch(portal, true, QUERY_BATCH);
		if (SPI_processed == 0)
			break;
		for (i = 0; i < SPI_processed; i++)
		{
			MemoryContext old;

			CHECK_FOR_INTERRUPTS();
			old = MemoryContextSwitchTo(tmp);
			visit(arg, SPI_tuptable->tupdesc, SPI_tuptable->vals[i], first, tmp);
			first = false;
			MemoryContextSwitchTo(old);
			MemoryContextReset(tmp);
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_finish();
	MemoryContextDelete(tmp);
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

typedef struct JourneyScan
{
	Oid			jtype;
	JourneyVisit visit;
	void	   *arg;
} JourneyScan;

static void
journey_scan_row(void *arg, TupleDesc desc, HeapTuple tuple, bool first,
				 MemoryContext tmp)
{
	JourneyScan *js = arg;
	bool		isnull;
	Datum		d;
	JyJourney	j;

	if (first && (desc->natts < 1 || TupleDescAttr(desc, 0)->atttypid != js->jtype))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the query of this report must return journeys in its first column"),
				 errdetail("Its first column is of type %s.",
						   desc->natts < 1 ? "(none)" :
						   format_type_be(TupleDescAttr(desc, 0)->atttypid)),
				 errhint("For example: SELECT journey_agg(ts, event) FROM events GROUP BY user_id.")));
	d = SPI_getbinval(tuple, desc, 1, &isnull);
	if (isnull)
		return;
	JourneyDecode(DatumGetJourneyP(d), &j);
	js->visit(js->arg, &j, tmp);
}

/* Run a query and visit every non-NULL journey of its first column */
void
JourneyForEachJourney(FunctionCallInfo fcinfo, text *query, JourneyVisit visit,
					  void *arg)
{
	JourneyScan js;

	js.jtype = query_journey_type(fcinfo);
	js.visit = visit;
	js.arg = arg;
	JourneyForEachRow(text_to_cstring(query), 0, NULL, NULL, journey_scan_row, &js);
}
