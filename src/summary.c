/*
 * summary.c -- text and binary I/O of the report summary types
 *
 * The text form of a summary is the base64 of its bytes (what pg_dump
 * writes), the binary form the bytes themselves.  Both are checked by the
 * kind's decoder before a value is made: a hand-edited or damaged value is
 * an error (22P02 for text, 22P03 for binary), never a stored summary that
 * a report would misread.
 */
#include "summary.h"

#include "common/base64.h"
#include "libpq/pqformat.h"
#include "utils/memutils.h"

/* Check bytes as a summary of a type; report them as invalid input if not */
static void
summary_check(const uint8_t *data, size_t len, const char *type,
			  JourneySummaryCheck check, int sqlstate)
{
	JyMem		mem;
	const char *why = NULL;
	JyStatus	st;
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "journey summary check",
											  ALLOCSET_DEFAULT_SIZES);

	JourneyMemInit(&mem, cxt);
	st = check(data, len, &mem, &why);
	MemoryContextDelete(cxt);
	if (st == JY_ERR_CORRUPT)
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("invalid input for type %s", type),
				 errdetail("%s", why != NULL ? why : "The summary is malformed.")));
	JourneyCheckStatus(st, type);
}

/* A varlena holding len bytes */
static struct varlena *
summary_make(const void *data, size_t len)
{
	struct varlena *v;

	if (len > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("summary too large"),
				 errdetail("A summary may take at most 1 GB.")));
	v = palloc(len + VARHDRSZ);
	SET_VARSIZE(v, len + VARHDRSZ);
	memcpy(VARDATA(v), data, len);
	return v;
}

/* type_in(cstring): base64 of the bytes */
Datum
JourneySummaryIn(FunctionCallInfo fcinfo, const char *type, JourneySummaryCheck check)
{
	char	   *s = PG_GETARG_CSTRING(0);
	size_t		slen = strlen(s);
	char	   *buf;
	int			n;

	if (slen > (size_t) PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("input for type %s is too long", type)));
	buf = palloc(pg_b64_dec_len((int) slen) + 1);
	n = pg_b64_decode(s, (int) slen, buf, pg_b64_dec_len((int) slen) + 1);
	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s", type),
				 errdetail("The text form of a summary is the base64 of its bytes.")));
	summary_check((const uint8_t *) buf, (size_t) n, type, check,
				  ERRCODE_INVALID_TEXT_REPRESENTATION);
	PG_RETURN_POINTER(summary_make(buf, (size_t) n));
}

/* type_out(summary): base64 */
Datum
JourneySummaryOut(FunctionCallInfo fcinfo)
{
	size_t		len;
	const uint8_t *data = JourneySummaryBytes(PG_GETARG_DATUM(0), &len);
	int			elen = pg_b64_enc_len((int) len);
	char	   *out = palloc_extended((Size) elen + 1, MCXT_ALLOC_HUGE);
	int			n = pg_b64_encode((const char *) data, (int) len, out, elen);

	if (n < 0)
		elog(ERROR, "could not encode a summary as base64");
	out[n] = '\0';
	PG_RETURN_CSTRING(out);
}

/* type_recv(internal): the bytes */
Datum
JourneySummaryRecv(FunctionCallInfo fcinfo, const char *type, JourneySummaryCheck check)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	size_t		len = (size_t) (buf->len - buf->cursor);
	const uint8_t *data = (const uint8_t *) buf->data + buf->cursor;

	summary_check(data, len, type, check, ERRCODE_INVALID_BINARY_REPRESENTATION);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(summary_make(data, len));
}

/* type_send(summary): the bytes */
Datum
JourneySummarySend(FunctionCallInfo fcinfo)
{
	size_t		len;
	const uint8_t *data = JourneySummaryBytes(PG_GETARG_DATUM(0), &len);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (const char *) data, (int) len);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

struct varlena *
JourneySummaryFromWriter(JyWriter *w, const char *what)
{
	struct varlena *v;

	JourneyCheckStatus(w->status, what);
	v = summary_make(w->buf, w->len);
	jy_writer_free(w);
	return v;
}

const uint8_t *
JourneySummaryBytes(Datum d, size_t *len)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(d);

	*len = VARSIZE_ANY_EXHDR(v);
	return (const uint8_t *) VARDATA_ANY(v);
}

void
JourneySummaryDamaged(const char *type, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("stored %s summary is damaged", type),
			 errdetail("%s", why)));
}
