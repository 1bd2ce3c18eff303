/*
 * stage.c -- the stage type: a named, ordered step of a journey map
 *
 * A stage is a 1-based position and a non-empty name.  Stages order by
 * position, then by name bytes, so max(stage) is the furthest stage and
 * ORDER BY stage is funnel order.  Text form: "3:decision".
 */
#include "journey.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

typedef struct Stage
{
	int32		vl_len_;		/* varlena header */
	int32		position;
	char		name[FLEXIBLE_ARRAY_MEMBER];
} Stage;

#define STAGE_NAME_LEN(s) (VARSIZE(s) - offsetof(Stage, name))
#define DatumGetStageP(d) ((Stage *) PG_DETOAST_DATUM(d))
#define PG_GETARG_STAGE_P(n) DatumGetStageP(PG_GETARG_DATUM(n))
#define PG_RETURN_STAGE_P(x) PG_RETURN_POINTER(x)

/* The invariant of every stage, checked by every constructor */
static bool
CheckStage(int64 position, int namelen, const char *input, Node *escontext)
{
	if (position < 1 || position > PG_INT32_MAX)
		ereturn(escontext, false,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("stage position must be between 1 and %d", PG_INT32_MAX),
				 input ? errdetail("Input: \"%s\".", JourneyExcerpt(input, (int) strlen(input))) : 0));
	if (namelen < 1)
		ereturn(escontext, false,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("stage name must not be empty")));
	return true;
}

/* A new stage */
static Stage *
make_stage(int32 position, const char *name, int len)
{
	Stage	   *s = palloc(offsetof(Stage, name) + len);

	SET_VARSIZE(s, offsetof(Stage, name) + len);
	s->position = position;
	memcpy(s->name, name, len);
	return s;
}

PG_FUNCTION_INFO_V1(stage_in);

/* Text input: position, a colon, the name ("3:decision") */
Datum
stage_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	Node	   *escontext = fcinfo->context;
	char	   *p = input;
	int64		pos = 0;

	while (*p == ' ')
		p++;
	if (*p < '0' || *p > '9')
		ereturn(escontext, (Datum) 0,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type stage: \"%s\"", JourneyExcerpt(input, (int) strlen(input))),
				 errdetail("A stage is a position and a name, as in \"3:decision\".")));
	while (*p >= '0' && *p <= '9')
	{
		if (pos <= PG_INT32_MAX)
			pos = pos * 10 + (*p - '0');
		p++;
	}
	if (*p != ':')
		ereturn(escontext, (Datum) 0,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type stage: \"%s\"", JourneyExcerpt(input, (int) strlen(input))),
				 errdetail("Expected \":\" after the position.")));
	p++;
	if (!CheckStage(pos, (int) strlen(p), input, escontext))
		PG_RETURN_NULL();
	PG_RETURN_STAGE_P(make_stage((int32) pos, p, (int) strlen(p)));
}

PG_FUNCTION_INFO_V1(stage_out);

/* Text output: "position:name" */
Datum
stage_out(PG_FUNCTION_ARGS)
{
	Stage	   *s = PG_GETARG_STAGE_P(0);

	PG_RETURN_CSTRING(psprintf("%d:%.*s", s->position, (int) STAGE_NAME_LEN(s), s->name));
}

PG_FUNCTION_INFO_V1(stage_recv);

/* Binary input: int4 position, then the name as text */
Datum
stage_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		pos = pq_getmsgint(buf, 4);
	int			nbytes;
	char	   *name = pq_getmsgtext(buf, buf->len - buf->cursor, &nbytes);

	CheckStage(pos, nbytes, NULL, NULL);
	PG_RETURN_STAGE_P(make_stage(pos, name, nbytes));
}

PG_FUNCTION_INFO_V1(stage_send);

/* Binary output: int4 position, then the name as text */
Datum
stage_send(PG_FUNCTION_ARGS)
{
	Stage	   *s = PG_GETARG_STAGE_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, s->position);
	pq_sendtext(&buf, s->name, (int) STAGE_NAME_LEN(s));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(stage_make);

/* stage(position int, name text) */
Datum
stage_make(PG_FUNCTION_ARGS)
{
	int32		pos = PG_GETARG_INT32(0);
	text	   *name = PG_GETARG_TEXT_PP(1);

	CheckStage(pos, VARSIZE_ANY_EXHDR(name), NULL, NULL);
	PG_RETURN_STAGE_P(make_stage(pos, VARDATA_ANY(name), VARSIZE_ANY_EXHDR(name)));
}

/* Exported for the journey maps: a stage in CurrentMemoryContext */
Datum
JourneyMakeStage(int32 position, const char *name, int len)
{
	return PointerGetDatum(make_stage(position, name, len));
}

PG_FUNCTION_INFO_V1(stage_position);

/* The position (cast to int) */
Datum
stage_position(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_STAGE_P(0)->position);
}

PG_FUNCTION_INFO_V1(stage_name);

/* The name (cast to text) */
Datum
stage_name(PG_FUNCTION_ARGS)
{
	Stage	   *s = PG_GETARG_STAGE_P(0);

	PG_RETURN_TEXT_P(cstring_to_text_with_len(s->name, (int) STAGE_NAME_LEN(s)));
}

/* Order: position, then name bytes (a shorter prefix first) */
static int
stage_compare(Stage *a, Stage *b)
{
	int			la = (int) STAGE_NAME_LEN(a),
				lb = (int) STAGE_NAME_LEN(b);
	int			c;

	if (a->position != b->position)
		return a->position < b->position ? -1 : 1;
	c = memcmp(a->name, b->name, Min(la, lb));
	if (c != 0)
		return c < 0 ? -1 : 1;
	return la < lb ? -1 : la > lb ? 1 : 0;
}

/* Compare the two stage arguments, freeing detoasted copies */
static int
stage_cmp_args(FunctionCallInfo fcinfo)
{
	Stage	   *a = PG_GETARG_STAGE_P(0);
	Stage	   *b = PG_GETARG_STAGE_P(1);
	int			c = stage_compare(a, b);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return c;
}

PG_FUNCTION_INFO_V1(stage_cmp);

/* btree support: -1, 0, 1 */
Datum
stage_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(stage_cmp_args(fcinfo));
}

PG_FUNCTION_INFO_V1(stage_lt);

/* implementation of < operator */
Datum
stage_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(stage_cmp_args(fcinfo) < 0);
}

PG_FUNCTION_INFO_V1(stage_le);

/* implementation of <= operator */
Datum
stage_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(stage_cmp_args(fcinfo) <= 0);
}

PG_FUNCTION_INFO_V1(stage_eq);

/* implementation of = operator */
Datum
stage_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(stage_cmp_args(fcinfo) == 0);
}

PG_FUNCTION_INFO_V1(stage_ne);

/* implementation of <> operator */
Datum
stage_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(stage_cmp_args(fcinfo) != 0);
}

PG_FUNCTION_INFO_V1(stage_ge);

/* implementation of >= operator */
Datum
stage_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(stage_cmp_args(fcinfo) >= 0);
}

PG_FUNCTION_INFO_V1(stage_gt);

/* implementation of > operator */
Datum
stage_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(stage_cmp_args(fcinfo) > 0);
}

PG_FUNCTION_INFO_V1(stage_smaller);

/* min support: the smaller stage */
Datum
stage_smaller(PG_FUNCTION_ARGS)
{
	Stage	   *a = PG_GETARG_STAGE_P(0);
	Stage	   *b = PG_GETARG_STAGE_P(1);

	PG_RETURN_STAGE_P(stage_compare(a, b) <= 0 ? a : b);
}

PG_FUNCTION_INFO_V1(stage_larger);

/* max support: the larger stage */
Datum
stage_larger(PG_FUNCTION_ARGS)
{
	Stage	   *a = PG_GETARG_STAGE_P(0);
	Stage	   *b = PG_GETARG_STAGE_P(1);

	PG_RETURN_STAGE_P(stage_compare(a, b) >= 0 ? a : b);
}

PG_FUNCTION_INFO_V1(stage_hash);

/* hash support: position and name */
Datum
stage_hash(PG_FUNCTION_ARGS)
{
	Stage	   *s = PG_GETARG_STAGE_P(0);
	uint32		h = hash_bytes((const unsigned char *) s->name, (int) STAGE_NAME_LEN(s));

	h = hash_combine(h, hash_bytes_uint32((uint32) s->position));
	PG_FREE_IF_COPY(s, 0);
	PG_RETURN_INT32((int32) h);
}

PG_FUNCTION_INFO_V1(stage_hash_extended);

/* extended hash support: position and name, seeded */
Datum
stage_hash_extended(PG_FUNCTION_ARGS)
{
	Stage	   *s = PG_GETARG_STAGE_P(0);
	uint64		seed = (uint64) PG_GETARG_INT64(1);
	uint64		h = hash_bytes_extended((const unsigned char *) s->name, (int) STAGE_NAME_LEN(s), seed);

	h = hash_combine64(h, hash_bytes_uint32_extended((uint32) s->position, seed));
	PG_FREE_IF_COPY(s, 0);
	PG_RETURN_INT64((int64) h);
}
