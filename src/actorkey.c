/*
 * actorkey.c -- actor keys of any type, for the reports keyed by actor
 *
 * activity_agg and the one-pass funnel key their rows by an actor argument
 * of any type (core/actors.h): integers by value, text and varchar by their
 * bytes, uuid by its 16 bytes, and any other type by its text output.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/uuid.h"

/* The key kind of an actor type */
static JyActorKind
actor_key_kind(Oid type)
{
	switch (type)
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
			return JY_ACTOR_INT;
		case TEXTOID:
		case VARCHAROID:
			return JY_ACTOR_TEXT;
		case UUIDOID:
			return JY_ACTOR_UUID;
		default:
			return JY_ACTOR_OTHER;
	}
}

/* Prepare to read actor keys of argument argno */
void
JourneyActorArgInit(JourneyActorArg *a, FunctionCallInfo fcinfo, int argno,
					MemoryContext cxt)
{
	a->type = getBaseType(get_fn_expr_argtype(fcinfo->flinfo, argno));
	a->kind = actor_key_kind(a->type);
	if (a->kind == JY_ACTOR_OTHER)
	{
		Oid			out;
		bool		varlena;

		getTypeOutputInfo(a->type, &out, &varlena);
		fmgr_info_cxt(out, &a->out, cxt);
	}
}

/* The key of a non-NULL actor value */
void
JourneyActorKey(const JourneyActorArg *a, Datum d, int64 *ikey,
				const void **bkey, size_t *blen)
{
	switch (a->kind)
	{
		case JY_ACTOR_INT:
			*ikey = a->type == INT2OID ? DatumGetInt16(d) :
				a->type == INT4OID ? DatumGetInt32(d) : DatumGetInt64(d);
			break;
		case JY_ACTOR_TEXT:
			{
				struct varlena *t = PG_DETOAST_DATUM_PACKED(d);

				*bkey = VARDATA_ANY(t);
				*blen = VARSIZE_ANY_EXHDR(t);
				break;
			}
		case JY_ACTOR_UUID:
			*bkey = DatumGetUUIDP(d)->data;
			*blen = UUID_LEN;
			break;
		default:
			{
				char	   *text = OutputFunctionCall((FmgrInfo *) &a->out, d);

				*bkey = text;
				*blen = strlen(text);
				break;
			}
	}
}
