/*
 * journey_type.c -- the journey type: I/O, operators, accessors and the
 * journey_agg / rollup aggregates
 *
 * The bytes after the varlena header are the core's canonical encoding
 * (docs/format.md), so equal journeys have equal bytes.
 */
#include "journey.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "windowapi.h"


/* ---------- text and binary I/O ---------- */

/* Report a rejected journey text (soft errors where the caller allows) */
static bool
journey_in_fail(const char *input, const JyJsonError *err, Node *escontext)
{
	char	   *ex = JourneyExcerpt(input, (int) strlen(input));

	switch (err->kind)
	{
		case JY_JSON_SYNTAX:
			ereturn(escontext, false,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type journey: \"%s\"", ex),
					 errdetail("JSON syntax error at character %zu.", err->pos)));
		case JY_JSON_NUL:
			ereturn(escontext, false,
					(errcode(ERRCODE_UNTRANSLATABLE_CHARACTER),
					 errmsg("unsupported Unicode escape sequence"),
					 errdetail("\\u0000 cannot be converted to text."),
					 errcontext("journey text, character %zu", err->pos)));
		case JY_JSON_STATUS:
			JourneyCheckStatus(err->status, "journey");
			break;
		default:
			ereturn(escontext, false,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type journey: \"%s\"", ex),
					 errdetail("%s", JourneyJsonMessage(err->msg))));
	}
	return false;
}

PG_FUNCTION_INFO_V1(journey_in);

/*
 * Text input: a JSON array of [ISO-8601 timestamp with zone, label] pairs;
 * the core parses and checks it, errors quote a short excerpt
 */
Datum
journey_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	Node	   *escontext = fcinfo->context;
	JyJourneyBuilder b;
	cJSON	   *volatile tree;
	JyJsonError err;
	JyJsonConv	conv;
	JyMem		mem;
	volatile JyJsonErrKind kind = JY_JSON_OK;

	tree = JourneyJsonParse(input, strlen(input), &err);
	if (tree == NULL)
	{
		journey_in_fail(input, &err, escontext);
		PG_RETURN_NULL();
	}
	jy_builder_init(&b);
	JourneyMemInit(&mem, CurrentMemoryContext);
	PG_TRY();
	{
		kind = jy_journey_from_json(tree, &b, &mem, JourneyJsonConv(&conv), &err);
	}
	PG_FINALLY();
	{
		cJSON_Delete(tree);
	}
	PG_END_TRY();
	if (kind != JY_JSON_OK)
	{
		journey_in_fail(input, &err, escontext);
		PG_RETURN_NULL();
	}
	PG_RETURN_JOURNEY_P(JourneyFromBuilder(&b));
}

PG_FUNCTION_INFO_V1(journey_out);

/* Text output: [["2025-03-01T10:00:00Z", "visit"], ...], timestamps in UTC */
Datum
journey_out(PG_FUNCTION_ARGS)
{
	JyJourney	j;
	JyMem		mem;
	char	   *out;
	size_t		len;

	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_journey_json(&j, &mem, &out, &len), "journey");
	PG_RETURN_CSTRING(out);
}

/*
 * Decode journey bytes that enter from outside (binary input, a serialized
 * aggregate state) and check them in full: the canonical encoding, every
 * timestamp inside timestamptz's range, labels valid in the database
 * encoding.  A malformed value is an error with SQLSTATE 22P03 naming what
 * (NULL: binary input).  Only these doors and text input make journey
 * values; everything else reads them with JourneyDecode.
 */
static void
journey_check_bytes(const uint8 *bytes, size_t len, JyJourney *j, const char *state)
{
	JyMem		mem;
	const char *why = NULL;
	JyStatus	st;
	uint32		i;

	JourneyMemInit(&mem, CurrentMemoryContext);
	st = jy_journey_decode(bytes, len, &mem, j, &why);
	if (st == JY_ERR_CORRUPT)
	{
		if (state != NULL)
			JourneyCorruptState(state, why);
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary journey"),
				 errdetail("%s", why)));
	}
	JourneyCheckStatus(st, "journey");
	/* labels must be text in the database encoding */
	for (i = 0; i < j->nlabels; i++)
	{
		pg_verifymbstr(j->label_text[i], (int) j->label_len[i], false);
		CHECK_FOR_INTERRUPTS();
	}
}

PG_FUNCTION_INFO_V1(journey_recv);

/* Binary input: the encoding itself, checked in full */
Datum
journey_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	Journey    *jv = palloc(VARHDRSZ + len);
	JyJourney	j;

	SET_VARSIZE(jv, VARHDRSZ + len);
	pq_copymsgbytes(buf, VARDATA(jv), len);
	journey_check_bytes((const uint8 *) VARDATA(jv), len, &j, NULL);
	PG_RETURN_JOURNEY_P(jv);
}

/*
 * A journey in format version (1 or 2): the value itself when it has that
 * version, else decoded and encoded again.  Each version is canonical, so
 * two values of one version are equal exactly when their bytes are.
 */
static Journey *
journey_as_version(Journey *jv, int version)
{
	JyJourney	j;
	JyJourneyBuilder b;
	JyMem		mem;
	uint8	   *bytes;
	size_t		len;

	if (VARSIZE_ANY_EXHDR(jv) > 0 && *(const uint8 *) VARDATA_ANY(jv) == version)
		return jv;
	JourneyDecode(jv, &j);
	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_builder_init(&b);
	JourneyCheckStatus(jy_builder_add_journey(&b, &mem, &j), "journey");
	JourneyCheckStatus(jy_builder_encode_version(&b, &mem, VARHDRSZ, version, &bytes, &len),
					   "journey");
	SET_VARSIZE(bytes, VARHDRSZ + len);
	return (Journey *) bytes;
}

/* A journey in the current format version (JY_JOURNEY_VERSION) */
static Journey *
journey_current(Journey *jv)
{
	return journey_as_version(jv, JY_JOURNEY_VERSION);
}

PG_FUNCTION_INFO_V1(journey_send);

/*
 * Binary output: the encoding in the current version (portable: bytes
 * and varints only); a value stored in an older version is re-encoded
 */
Datum
journey_send(PG_FUNCTION_ARGS)
{
	Journey    *jv = journey_current(PG_GETARG_JOURNEY_P(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, VARDATA_ANY(jv), VARSIZE_ANY_EXHDR(jv));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------- operators ---------- */

/*
 * Equal journeys have equal bytes in one format version (each version's
 * encoding is canonical); a value of an older version is compared in the
 * current one
 */
static bool
journey_equal(Journey *a, Journey *b)
{
	if (VARSIZE_ANY_EXHDR(a) > 0 && VARSIZE_ANY_EXHDR(b) > 0 &&
		*(const uint8 *) VARDATA_ANY(a) != *(const uint8 *) VARDATA_ANY(b))
	{
		a = journey_current(a);
		b = journey_current(b);
	}
	return VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
		memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
}

PG_FUNCTION_INFO_V1(journey_eq);

/* implementation of = operator */
Datum
journey_eq(PG_FUNCTION_ARGS)
{
	Journey    *a = PG_GETARG_JOURNEY_P(0);
	Journey    *b = PG_GETARG_JOURNEY_P(1);
	bool		r = journey_equal(a, b);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_BOOL(r);
}

PG_FUNCTION_INFO_V1(journey_ne);

/* implementation of <> operator */
Datum
journey_ne(PG_FUNCTION_ARGS)
{
	Journey    *a = PG_GETARG_JOURNEY_P(0);
	Journey    *b = PG_GETARG_JOURNEY_P(1);
	bool		r = !journey_equal(a, b);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_BOOL(r);
}

PG_FUNCTION_INFO_V1(journey_hash);

/*
 * Hash support: a hash of the canonical bytes in format version 1, so that
 * equal values of different versions hash alike, and hash indexes and hash
 * partitions built by journey 0.1.0 (over version-1 bytes) stay valid
 */
Datum
journey_hash(PG_FUNCTION_ARGS)
{
	Journey    *a = journey_as_version(PG_GETARG_JOURNEY_P(0), 1);
	Datum		h = hash_any((const unsigned char *) VARDATA_ANY(a), VARSIZE_ANY_EXHDR(a));

	PG_FREE_IF_COPY(a, 0);
	return h;
}

PG_FUNCTION_INFO_V1(journey_hash_extended);

/* Extended hash support (hash partitioning), over version-1 bytes as journey_hash */
Datum
journey_hash_extended(PG_FUNCTION_ARGS)
{
	Journey    *a = journey_as_version(PG_GETARG_JOURNEY_P(0), 1);
	Datum		h = hash_any_extended((const unsigned char *) VARDATA_ANY(a),
									  VARSIZE_ANY_EXHDR(a), PG_GETARG_INT64(1));

	PG_FREE_IF_COPY(a, 0);
	return h;
}

PG_FUNCTION_INFO_V1(journey_cat);

/* implementation of || operator: every touch of both journeys, merged */
Datum
journey_cat(PG_FUNCTION_ARGS)
{
	JyJourney	a,
				b;
	JyJourneyBuilder bld;
	JyMem		mem;

	JourneyDecode(PG_GETARG_JOURNEY_P(0), &a);
	JourneyDecode(PG_GETARG_JOURNEY_P(1), &b);
	JourneyMemInit(&mem, CurrentMemoryContext);
	jy_builder_init(&bld);
	JourneyCheckStatus(jy_builder_add_journey(&bld, &mem, &a), "journey");
	JourneyCheckStatus(jy_builder_add_journey(&bld, &mem, &b), "journey");
	PG_RETURN_JOURNEY_P(JourneyFromBuilder(&bld));
}

/* ---------- accessors ---------- */

/* The text of label id of a decoded journey */
static text *
label_text(const JyJourney *j, uint32 id)
{
	return cstring_to_text_with_len(j->label_text[id], (int) j->label_len[id]);
}

/*
 * The touch count and first (and last, when want_last) timestamp of stored
 * journey argument 0, read without decoding the touches (jy_journey_peek_ends)
 */
static uint32
journey_ends(FunctionCallInfo fcinfo, bool want_last, int64 *first, int64 *last)
{
	Journey    *jv = PG_GETARG_JOURNEY_P(0);
	const char *why = NULL;
	uint32		n;
	JyStatus	st;

	st = jy_journey_peek_ends((const uint8 *) VARDATA_ANY(jv), VARSIZE_ANY_EXHDR(jv),
							  want_last, &n, first, last, &why);
	JourneyCheckRead(st, why);
	return n;
}

/* The text of every label of a decoded journey, by label id */
static Datum *
label_texts(const JyJourney *j)
{
	Datum	   *texts = palloc(Max(j->nlabels, 1) * sizeof(Datum));
	uint32		i;

	for (i = 0; i < j->nlabels; i++)
	{
		texts[i] = PointerGetDatum(label_text(j, i));
		CHECK_FOR_INTERRUPTS();
	}
	return texts;
}

PG_FUNCTION_INFO_V1(journey_length);

/*
 * Number of touches, from the value's first bytes: a compressed or
 * out-of-line journey is only decompressed or fetched that far
 */
Datum
journey_length(PG_FUNCTION_ARGS)
{
	struct varlena *raw = (struct varlena *) PG_GETARG_POINTER(0);
	struct varlena *jv;
	const char *why = NULL;
	uint32		n;
	JyStatus	st;

	if (VARATT_IS_EXTERNAL(raw) || VARATT_IS_COMPRESSED(raw))
		jv = PG_DETOAST_DATUM_SLICE(PG_GETARG_DATUM(0), 0, JY_JOURNEY_COUNT_PREFIX);
	else
		jv = raw;
	st = jy_journey_peek_count((const uint8 *) VARDATA_ANY(jv), VARSIZE_ANY_EXHDR(jv), &n, &why);
	JourneyCheckRead(st, why);
	PG_RETURN_INT32((int32) n);
}

PG_FUNCTION_INFO_V1(journey_first_ts);

/* Timestamp of the first touch; NULL for an empty journey */
Datum
journey_first_ts(PG_FUNCTION_ARGS)
{
	int64		first,
				last;

	if (journey_ends(fcinfo, false, &first, &last) == 0)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(first);
}

PG_FUNCTION_INFO_V1(journey_last_ts);

/* Timestamp of the last touch; NULL for an empty journey */
Datum
journey_last_ts(PG_FUNCTION_ARGS)
{
	int64		first,
				last;

	if (journey_ends(fcinfo, true, &first, &last) == 0)
		PG_RETURN_NULL();
	PG_RETURN_TIMESTAMPTZ(last);
}

PG_FUNCTION_INFO_V1(journey_duration);

/* last_ts - first_ts, as PostgreSQL subtracts timestamps; NULL when empty */
Datum
journey_duration(PG_FUNCTION_ARGS)
{
	int64		first,
				last;

	int64		diff;

	if (journey_ends(fcinfo, true, &first, &last) == 0)
		PG_RETURN_NULL();
	/* PostgreSQL 15's timestamp_mi wraps around past 292,000 years */
	if (!TIMESTAMP_NOT_FINITE(first) && !TIMESTAMP_NOT_FINITE(last) &&
		pg_sub_s64_overflow(last, first, &diff))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("interval out of range"),
				 errdetail("The journey spans more than an interval can hold.")));
	return DirectFunctionCall2(timestamp_mi, TimestampTzGetDatum(last),
							   TimestampTzGetDatum(first));
}

PG_FUNCTION_INFO_V1(journey_labels);

/* The label of every touch, in order */
Datum
journey_labels(PG_FUNCTION_ARGS)
{
	JyJourney	j;
	Datum	   *elems;
	Datum	   *texts;
	uint32		i;

	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	if (j.n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	texts = label_texts(&j);
	elems = palloc(j.n * sizeof(Datum));
	for (i = 0; i < j.n; i++)
	{
		elems[i] = texts[j.label[i]];
		if ((i & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, (int) j.n, TEXTOID, -1, false, TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(journey_events);

/* journey_events(journey) -> TABLE(seq int, ts timestamptz, label text) */
Datum
journey_events(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	JyJourney	j;
	Datum	   *texts;
	uint32		i;

	InitMaterializedSRF(fcinfo, 0);
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	texts = label_texts(&j);
	for (i = 0; i < j.n; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		/* a row costs about a microsecond: look at cancels on every one */
		CHECK_FOR_INTERRUPTS();
		values[0] = Int32GetDatum((int32) i + 1);
		values[1] = TimestampTzGetDatum(j.ts[i]);
		values[2] = texts[j.label[i]];
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* The path of touches [from, to) as text */
static text *
path_text(const JyJourney *j, uint32 from, uint32 to, bool collapse)
{
	JyMem		mem;
	char	   *s;
	size_t		len;

	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_journey_path(j, from, to, collapse, &mem, &s, &len), "journey");
	return cstring_to_text_with_len(s, (int) len);
}

PG_FUNCTION_INFO_V1(journey_path);

/* The labels joined by " > ", repeats collapsed unless asked otherwise */
Datum
journey_path(PG_FUNCTION_ARGS)
{
	JyJourney	j;
	bool		collapse = PG_ARGISNULL(1) ? true : PG_GETARG_BOOL(1);

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	PG_RETURN_TEXT_P(path_text(&j, 0, j.n, collapse));
}

/* A positive session gap from an interval; NULL gap is an error */
static uint64
session_gap_value(bool isnull, Datum d)
{
	int64		gap;

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("session gap must not be NULL")));
	gap = JourneyIntervalUsecs(DatumGetIntervalP(d), "session gap");
	if (gap <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("session gap must be positive")));
	return (uint64) gap;
}

/* The session gap argument argno of an ordinary function */
static uint64
session_gap(FunctionCallInfo fcinfo, int argno)
{
	return session_gap_value(PG_ARGISNULL(argno), PG_ARGISNULL(argno) ? (Datum) 0 : PG_GETARG_DATUM(argno));
}

PG_FUNCTION_INFO_V1(journey_sessions);

/*
 * journey_sessions(journey, gap) -> TABLE(session int, started timestamptz,
 * ended timestamptz, touches int, path text): a new session starts after a
 * gap longer than gap.
 */
Datum
journey_sessions(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	JyJourney	j;
	JyMem		mem;
	uint32	   *starts,
				ns,
				s;
	uint64		gap;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	gap = session_gap(fcinfo, 1);
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_journey_sessions(&j, gap, &mem, &starts, &ns), "journey");
	for (s = 0; s < ns; s++)
	{
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		CHECK_FOR_INTERRUPTS();
		values[0] = Int32GetDatum((int32) s + 1);
		values[1] = TimestampTzGetDatum(j.ts[starts[s]]);
		values[2] = TimestampTzGetDatum(j.ts[starts[s + 1] - 1]);
		values[3] = Int32GetDatum((int32) (starts[s + 1] - starts[s]));
		values[4] = PointerGetDatum(path_text(&j, starts[s], starts[s + 1], true));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(journey_transitions);

/*
 * journey_transitions(journey) -> TABLE(from_label text, to_label text, n int):
 * consecutive touches, counted, in order of first occurrence
 */
Datum
journey_transitions(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	JyJourney	j;
	JyMem		mem;
	Datum	   *texts;
	uint32	   *pairs,
				np,
				i;

	InitMaterializedSRF(fcinfo, 0);
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_journey_transitions(&j, &mem, &pairs, &np), "journey");
	texts = label_texts(&j);
	for (i = 0; i < np; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		CHECK_FOR_INTERRUPTS();
		values[0] = texts[pairs[3 * i]];
		values[1] = texts[pairs[3 * i + 1]];
		values[2] = Int32GetDatum((int32) pairs[3 * i + 2]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * The label steps touches after (forward) or before the first touch whose
 * label is anchor; NULL when there is no such touch.
 */
static Datum
journey_neighbour(FunctionCallInfo fcinfo, bool forward)
{
	JyJourney	j;
	text	   *anchor = PG_GETARG_TEXT_PP(1);
	int32		steps = PG_GETARG_INT32(2);
	int64		id;
	int64		i,
				target;

	if (steps < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("steps must be at least 1")));
	JourneyDecode(PG_GETARG_JOURNEY_P(0), &j);
	id = jy_journey_find_label(&j, VARDATA_ANY(anchor), VARSIZE_ANY_EXHDR(anchor));
	if (id < 0)
		PG_RETURN_NULL();
	for (i = 0; i < j.n && j.label[i] != (uint32) id; i++)
		if ((i & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
	target = forward ? i + steps : i - steps;
	if (target < 0 || target >= j.n)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(label_text(&j, j.label[target]));
}

PG_FUNCTION_INFO_V1(journey_next_label);

/* The label steps touches after the first anchor touch */
Datum
journey_next_label(PG_FUNCTION_ARGS)
{
	return journey_neighbour(fcinfo, true);
}

PG_FUNCTION_INFO_V1(journey_prev_label);

/* The label steps touches before the first anchor touch */
Datum
journey_prev_label(PG_FUNCTION_ARGS)
{
	return journey_neighbour(fcinfo, false);
}

/* ---------- sessionize window function ---------- */

typedef struct SessionizeState
{
	int64		pos;			/* position of the last row handled */
	bool		any;			/* a non-NULL timestamp was seen */
	int64		last_ts;
	int32		session;
} SessionizeState;

/* Advance the state over the row at pos */
static void
sessionize_step(WindowObject win, SessionizeState *st, int64 pos, uint64 gap, bool *isnull)
{
	bool		null;
	Datum		d = WinGetFuncArgInPartition(win, 0, pos, WINDOW_SEEK_HEAD, false, &null, NULL);
	int64		ts;

	st->pos = pos;
	*isnull = null;
	if (null)
		return;
	ts = DatumGetTimestampTz(d);
	if (!st->any || (ts > st->last_ts && (uint64) ts - (uint64) st->last_ts > gap))
		st->session++;
	st->any = true;
	st->last_ts = ts;
}

/* The default session gap: 30 minutes */
#define DEFAULT_SESSION_GAP (UINT64CONST(30) * 60 * 1000000)

PG_FUNCTION_INFO_V1(sessionize);

/*
 * sessionize(ts [, gap]) window function: the 1-based session number of the
 * row, a new session starting after a gap longer than gap (default 30
 * minutes) between consecutive timestamps of the window's order (use ORDER
 * BY ts).  NULL for a NULL timestamp, which does not break a session.
 * Window functions read their arguments through the WindowObject.
 */
Datum
sessionize(PG_FUNCTION_ARGS)
{
	WindowObject win = PG_WINDOW_OBJECT();
	SessionizeState *st = WinGetPartitionLocalMemory(win, sizeof(SessionizeState));
	int64		pos = WinGetCurrentPosition(win);
	uint64		gap = DEFAULT_SESSION_GAP;
	bool		isnull = false;

	if (PG_NARGS() > 1)
	{
		Datum		d = WinGetFuncArgCurrent(win, 1, &isnull);

		gap = session_gap_value(isnull, d);
	}
	if (pos == 0 || st->pos != pos - 1)
	{
		/* not the next row: start over from the partition's first row */
		int64		p;

		memset(st, 0, sizeof(*st));
		for (p = 0; p < pos; p++)
		{
			CHECK_FOR_INTERRUPTS();
			sessionize_step(win, st, p, gap, &isnull);
		}
	}
	sessionize_step(win, st, pos, gap, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_INT32(st->session);
}

/* ---------- journey_agg and rollup ---------- */

/*
 * The label dictionary shared by the states of one aggregate context,
 * allocated in it: it lives exactly as long as the states (a sorted group
 * aggregate resets the context after each group, a hash aggregate after
 * each batch) and holds each distinct label of them once
 */
typedef struct JourneyAggShared
{
	JySharedDict sd;
	JyMem		mem;			/* allocates in that aggregate context */
	MemoryContextCallback reset;	/* forgets it when the context is reset */
	struct JourneyAggSite *site;
} JourneyAggShared;

/* What a call site (transition, combine, deserialize) keeps in fn_extra */
typedef struct JourneyAggSite
{
	MemoryContext cxt;			/* the aggregate context of shared */
	JourneyAggShared *shared;	/* its dictionary, or NULL */
} JourneyAggSite;

/*
 * The aggregate state, one chunk per group: the dictionary its label ids
 * refer to, then (at AGG_PREFIX) a JyEvents block of touches (ts, label
 * id), grown as a whole.  No per-group dictionary, no per-row allocation.
 */
typedef struct JourneyAggState
{
	JourneyAggShared *shared;
} JourneyAggState;

/* Ask the CPU to load memory about to be written (GCC and Clang) */
#if defined(__GNUC__)
#define JOURNEY_PREFETCH(p) __builtin_prefetch((p), 1)
#else
#define JOURNEY_PREFETCH(p) ((void) 0)
#endif

#define AGG_PREFIX MAXALIGN(sizeof(JourneyAggState))
#define AGG_TOUCHES(st) jy_events_at((st), AGG_PREFIX)

/* Reset callback: the context of a dictionary is being reset or deleted */
static void
journey_agg_forget(void *arg)
{
	JourneyAggShared *sh = (JourneyAggShared *) arg;

	if (sh->site->shared == sh)
	{
		sh->site->shared = NULL;
		sh->site->cxt = NULL;
	}
}

/* The dictionary for new states of this call site in aggcxt */
static JourneyAggShared *
journey_agg_shared(FunctionCallInfo fcinfo, MemoryContext aggcxt)
{
	JourneyAggSite *site = (JourneyAggSite *) fcinfo->flinfo->fn_extra;

	if (site == NULL)
	{
		site = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(JourneyAggSite));
		fcinfo->flinfo->fn_extra = site;
	}
	if (site->shared == NULL || site->cxt != aggcxt)
	{
		JourneyAggShared *sh = MemoryContextAllocZero(aggcxt, sizeof(JourneyAggShared));

		jy_shared_init(&sh->sd);
		JourneyMemInit(&sh->mem, aggcxt);
		sh->site = site;
		sh->reset.func = journey_agg_forget;
		sh->reset.arg = sh;
		MemoryContextRegisterResetCallback(aggcxt, &sh->reset);
		site->shared = sh;
		site->cxt = aggcxt;
	}
	return site->shared;
}

/* A new state over the dictionary sh, in its context, with room for extra touches */
static JourneyAggState *
journey_agg_state(JourneyAggShared *sh, size_t extra)
{
	JourneyAggState *st = JourneyStateGrow(NULL, AGG_PREFIX, &sh->mem, extra, "journey");

	st->shared = sh;
	return st;
}

/*
 * Append a touch with a label id of the state's dictionary (the state
 * grows in the dictionary's context, its own)
 */
static inline JourneyAggState *
journey_agg_push(JourneyAggState *st, int64 ts, uint32 id)
{
	JyEvents   *ev = AGG_TOUCHES(st);

	if (unlikely(ev->n == ev->cap))
	{
		/* at most JY_MAX_EVENTS touches a group */
		st = JourneyStateGrow(st, AGG_PREFIX, &st->shared->mem, 1, "journey");
		ev = AGG_TOUCHES(st);
	}
	ev->ev[ev->n].ts = ts;
	ev->ev[ev->n].mask = id;
	ev->n++;
	return st;
}

/* Append every touch of a decoded journey */
static JourneyAggState *
journey_agg_add_journey(JourneyAggState *st, const JyJourney *j)
{
	JyEvents   *ev;

	st = JourneyStateGrow(st, AGG_PREFIX, &st->shared->mem, j->n, "journey");
	ev = AGG_TOUCHES(st);
	JourneyCheckStatus(jy_shared_add_journey(&st->shared->sd, &st->shared->mem, j,
											 ev->ev + ev->n), "journey");
	ev->n += j->n;
	return st;
}

/* The journey value of a state */
static Journey *
journey_agg_value(JourneyAggState *st)
{
	JyEvents   *ev = AGG_TOUCHES(st);
	JyMem		mem;
	uint8	   *bytes;
	size_t		len;

	JourneyMemInit(&mem, CurrentMemoryContext);
	JourneyCheckStatus(jy_shared_encode(&st->shared->sd, ev->ev, ev->n, &mem, VARHDRSZ,
										&bytes, &len), "journey");
	ev->sorted = false;
	SET_VARSIZE(bytes, VARHDRSZ + len);
	return (Journey *) bytes;
}

PG_FUNCTION_INFO_V1(journey_agg_transfn);

/*
 * journey_agg transition: add (ts, label); NULL ts or label: skip the row.
 * Per row: one label lookup in the call site's dictionary (the previous
 * row's label recognised by one comparison) and a 16-byte append.
 */
Datum
journey_agg_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	JourneyAggShared *sh;
	JourneyAggState *st;
	text	   *label;
	uint32		id;

	st = PG_ARGISNULL(0) ? NULL : (JourneyAggState *) PG_GETARG_POINTER(0);

	/*
	 * The state is rarely in the CPU cache (rows of many groups interleave):
	 * start loading it while the arguments are checked
	 */
	if (st != NULL)
		JOURNEY_PREFETCH(st);
	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "journey_agg_transfn called in non-aggregate context");
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	if (st == NULL)
		st = journey_agg_state(journey_agg_shared(fcinfo, aggcxt), 0);
	sh = st->shared;
	label = PG_GETARG_TEXT_PP(2);
	JourneyCheckStatus(jy_shared_intern(&sh->sd, &sh->mem, VARDATA_ANY(label),
										VARSIZE_ANY_EXHDR(label), &id), "journey");
	PG_RETURN_POINTER(journey_agg_push(st, PG_GETARG_TIMESTAMPTZ(1), id));
}

PG_FUNCTION_INFO_V1(journey_rollup_transfn);

/* rollup transition: add every touch of a journey; NULL: skip */
Datum
journey_rollup_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	JourneyAggState *st;
	JyJourney	j;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "journey_rollup_transfn called in non-aggregate context");
	st = PG_ARGISNULL(0) ? NULL : (JourneyAggState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1))
	{
		if (st == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(st);
	}
	JourneyDecode(PG_GETARG_JOURNEY_P(1), &j);
	if (st == NULL)
		st = journey_agg_state(journey_agg_shared(fcinfo, aggcxt), j.n);
	PG_RETURN_POINTER(journey_agg_add_journey(st, &j));
}

/* Offset of the touches of a state */
static size_t
journey_agg_prefix(const void *st)
{
	return AGG_PREFIX;
}

/* Any two states over one dictionary combine */
static void
journey_agg_same(const void *a, const void *b)
{
	Assert(((const JourneyAggState *) a)->shared == ((const JourneyAggState *) b)->shared);
}

PG_FUNCTION_INFO_V1(journey_agg_combine);

/*
 * Combine: append the right state's touches to the left's (a new state in
 * the aggregate context when the left is NULL); label ids of another
 * dictionary (a deserialized state's) are translated through their texts
 */
Datum
journey_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	JourneyAggState *a = PG_ARGISNULL(0) ? NULL : (JourneyAggState *) PG_GETARG_POINTER(0);
	JourneyAggState *b = PG_ARGISNULL(1) ? NULL : (JourneyAggState *) PG_GETARG_POINTER(1);
	JySharedDict *bd;
	JyEvents   *be;
	uint32		i;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		elog(ERROR, "journey_agg_combine called in non-aggregate context");
	if (b == NULL)
	{
		if (a == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(a);
	}
	if (a != NULL && a->shared == b->shared)
		return JourneyCombineEvents(fcinfo, journey_agg_prefix, journey_agg_same, "journey");
	bd = &b->shared->sd;
	be = AGG_TOUCHES(b);
	if (a == NULL)
		a = journey_agg_state(journey_agg_shared(fcinfo, aggcxt), be->n);
	else
		a = JourneyStateGrow(a, AGG_PREFIX, &a->shared->mem, be->n, "journey");
	for (i = 0; i < be->n; i++)
	{
		uint32		b_id = (uint32) be->ev[i].mask,
					id;

		JourneyCheckStatus(jy_shared_intern(&a->shared->sd, &a->shared->mem,
											jy_dict_text(&bd->dict, b_id), bd->dict.len[b_id], &id),
						   "journey");
		a = journey_agg_push(a, be->ev[i].ts, id);
		if ((i & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(journey_agg_serialize);

/* Serialize: the journey encoding of the touches so far (docs/format.md) */
Datum
journey_agg_serialize(PG_FUNCTION_ARGS)
{
	JourneyAggState *st = (JourneyAggState *) PG_GETARG_POINTER(0);

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "journey_agg_serialize called in non-aggregate context");
	PG_RETURN_BYTEA_P(journey_agg_value(st));
}

PG_FUNCTION_INFO_V1(journey_agg_deserialize);

/* Deserialize: decode (fully checked) into a new state */
Datum
journey_agg_deserialize(PG_FUNCTION_ARGS)
{
	JourneyAggState *st;
	JyJourney	j;
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "journey_agg_deserialize called in non-aggregate context");
	journey_check_bytes((const uint8 *) VARDATA_ANY(bytes), VARSIZE_ANY_EXHDR(bytes), &j,
						"journey_agg");
	/* the state and its dictionary in the context PostgreSQL calls this in */
	st = journey_agg_state(journey_agg_shared(fcinfo, CurrentMemoryContext), j.n);
	PG_RETURN_POINTER(journey_agg_add_journey(st, &j));
}

PG_FUNCTION_INFO_V1(journey_agg_finalfn);

/* Final function: the journey; NULL when no row had a timestamp and label */
Datum
journey_agg_finalfn(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_JOURNEY_P(journey_agg_value((JourneyAggState *) PG_GETARG_POINTER(0)));
}

/* ---------- casts to json and jsonb ---------- */

PG_FUNCTION_INFO_V1(journey_to_json);

/*
 * journey::json: the text form as a json value (nested arrays), so that
 * to_json, row_to_json and json_agg of rows with journeys nest them
 */
Datum
journey_to_json(PG_FUNCTION_ARGS)
{
	Datum		out = DirectFunctionCall1(journey_out, PG_GETARG_DATUM(0));

	PG_RETURN_TEXT_P(cstring_to_text(DatumGetCString(out)));
}

PG_FUNCTION_INFO_V1(journey_to_jsonb);

/* journey::jsonb: the same as jsonb */
Datum
journey_to_jsonb(PG_FUNCTION_ARGS)
{
	Datum		out = DirectFunctionCall1(journey_out, PG_GETARG_DATUM(0));

	return DirectFunctionCall1(jsonb_in, out);
}
