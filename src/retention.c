/*
 * retention.c -- the retention aggregate
 *
 * The state is a bigint bitmask of the conditions that held on some row of
 * the group: no allocation at all, combined with a bitwise OR (int8or), and
 * the final function expands it with the core's jy_retention.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "utils/array.h"

#include "core/retention.h"

PG_FUNCTION_INFO_V1(retention_transfn);

/* Transition function: OR in the conditions that hold on this row */
Datum
retention_transfn(PG_FUNCTION_ARGS)
{
	uint64		seen = PG_ARGISNULL(0) ? 0 : (uint64) PG_GETARG_INT64(0);
	int			n;
	int			i;

	/* the argument check runs once per call site */
	if (fcinfo->flinfo->fn_extra == NULL)
	{
		n = JourneyCheckConditions(fcinfo, 1, "retention");
		fcinfo->flinfo->fn_extra = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(int));
		*(int *) fcinfo->flinfo->fn_extra = n;
	}
	n = *(int *) fcinfo->flinfo->fn_extra;
	for (i = 0; i < n; i++)
		if (!PG_ARGISNULL(i + 1) && PG_GETARG_BOOL(i + 1))
			seen |= UINT64CONST(1) << i;
	PG_RETURN_INT64((int64) seen);
}

PG_FUNCTION_INFO_V1(retention_finalfn);

/*
 * Final function (FINALFUNC_EXTRA, so the conditions' count is PG_NARGS() -
 * 1): r[1] = condition 1 held; r[i] = conditions 1 and i held.
 */
Datum
retention_finalfn(PG_FUNCTION_ARGS)
{
	uint64		seen = PG_ARGISNULL(0) ? 0 : (uint64) PG_GETARG_INT64(0);
	int			n = PG_NARGS() - 1;
	int32		out[JY_MAX_STEPS];
	Datum		elems[JY_MAX_STEPS];
	int			i;

	if (n < 1 || n > JY_MAX_STEPS)
		elog(ERROR, "retention_finalfn called with %d conditions", n);
	jy_retention(seen, n, out);
	for (i = 0; i < n; i++)
		elems[i] = Int32GetDatum(out[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, INT4OID, sizeof(int32),
										  true, TYPALIGN_INT));
}
