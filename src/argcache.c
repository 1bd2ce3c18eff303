/*
 * argcache.c -- an argument cached per call site
 *
 * Maps, step lists, patterns and modes are parsed from an argument once and
 * reused while it stays the same.  One helper does it for every function:
 * the parsed value lives in a memory context of its own, a child of the
 * call site's fn_mcxt, that is deleted when a different argument replaces
 * it, so an argument that changes from row to row (a CASE, a column) costs
 * one parse per change and never more memory than one value.
 *
 * An argument is constant when it is a Const, or, in an aggregate call, an
 * external Param (a bind parameter of a prepared statement or a PL/pgSQL
 * variable: fixed for one execution of the aggregate's query).  A constant
 * is never compared again.  Any other argument, and an external Param of a
 * plain function call (PL/pgSQL evaluates simple expressions again with new
 * variable values under the same call site), is compared by its bytes.
 */
#include "journey.h"

#include "nodes/primnodes.h"
#include "utils/memutils.h"

/* Is argument argno of the call constant for the life of its call site? */
bool
JourneyArgIsConst(FunctionCallInfo fcinfo, int argno)
{
	Aggref	   *aggref;
	Node	   *expr;

	if (!AggCheckCallContext(fcinfo, NULL))
	{
		Node	   *call = fcinfo->flinfo->fn_expr;
		List	   *args;

		if (call != NULL && IsA(call, FuncExpr))
			args = ((FuncExpr *) call)->args;
		else if (call != NULL && IsA(call, OpExpr))
			args = ((OpExpr *) call)->args;
		else
			return false;
		if (argno < 0 || argno >= list_length(args))
			return false;
		return IsA(list_nth(args, argno), Const);
	}
	/* a transition function: argno counts after the state, from 1 */
	aggref = AggGetAggref(fcinfo);
	if (aggref == NULL || argno < 1 || argno > list_length(aggref->args))
		return false;
	expr = (Node *) list_nth_node(TargetEntry, aggref->args, argno - 1)->expr;
	return IsA(expr, Const) ||
		(IsA(expr, Param) && ((Param *) expr)->paramkind == PARAM_EXTERN);
}

/*
 * The value built from len bytes at data and key: the cached one while
 * both stay the same, else build(fcinfo, data, len, extra)'s result, made
 * in a new memory context that replaces (and frees) the old one.  An error
 * in build leaves the cache as it was.
 */
void *
JourneyCachedValue(FunctionCallInfo fcinfo, JourneyArgCache *c, const char *data,
				   Size len, int64 key, JourneyArgBuild build, void *extra)
{
	MemoryContext cxt;
	MemoryContext old;
	void	   *value;

	if (c->value != NULL && c->key == key && c->len == len &&
		memcmp(c->bytes, data, len) == 0)
		return c->value;

	cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "journey argument",
								ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(cxt);
	value = build(fcinfo, data, len, extra);
	c->bytes = palloc(len + 1);
	memcpy(c->bytes, data, len);
	MemoryContextSwitchTo(old);
	if (c->cxt != NULL)
		MemoryContextDelete(c->cxt);
	c->cxt = cxt;
	c->len = len;
	c->key = key;
	c->value = value;
	return value;
}

/*
 * The value built from argument argno (not NULL) and key, through
 * JourneyCachedValue; a constant argument is not compared again.
 */
void *
JourneyArgCached(FunctionCallInfo fcinfo, JourneyArgCache *c, int argno,
				 int64 key, JourneyArgBuild build, void *extra)
{
	struct varlena *d;

	if (!c->checked)
	{
		c->is_const = JourneyArgIsConst(fcinfo, argno);
		c->checked = true;
	}
	if (c->value != NULL && c->key == key && c->is_const)
		return c->value;
	d = (struct varlena *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno));
	return JourneyCachedValue(fcinfo, c, VARDATA_ANY(d), VARSIZE_ANY_EXHDR(d),
							  key, build, extra);
}
