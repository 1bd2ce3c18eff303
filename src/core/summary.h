/*
 * summary.h -- the byte form of the report summaries, and a writer and a
 * reader for it
 *
 * A report summary (the value a two-step report's aggregate returns, stored
 * in tables and merged by rollup) is a string of bytes that crosses process,
 * node and release boundaries: versioned, big-endian or varint, free of
 * pointers and OIDs.  Every summary starts with the same 4-byte header
 *
 *     'J' 'S'  kind (JySummaryKind)  version (JY_SUMMARY_VERSION)
 *
 * and then the kind's payload, specified in docs/format.md.  Each kind has
 * one encoder and one decoder in core/codec.c; decoders check every field
 * and that the bytes end exactly where the payload does, so a damaged or
 * hand-made value is refused (JY_ERR_CORRUPT with a reason), never trusted.
 *
 * JyWriter appends to a buffer grown through a JyMem; an allocation failure
 * or a buffer beyond JY_MAX_ALLOC sticks (w->status), so a caller writes
 * everything and checks once.  JyReader reads from a byte range; a read past
 * the end or a malformed varint sticks (r->ok false) and reads return 0.
 */
#ifndef JY_SUMMARY_H
#define JY_SUMMARY_H

#include <string.h>

#include "jy.h"
#include "varint.h"

#define JY_SUMMARY_VERSION 1
#define JY_SUMMARY_HEADER_SIZE 4

/* The kinds of summaries (the third header byte); never renumbered */
typedef enum JySummaryKind
{
	JY_SUMMARY_ACTIVITY = 1,	/* actors' active days: lifecycle, cohorts */
	JY_SUMMARY_PATHS = 2,		/* counted paths or next steps */
	JY_SUMMARY_CHANNELS = 3,	/* channel transitions and coalitions */
	JY_SUMMARY_RFM = 4,			/* one customer's orders */
	JY_SUMMARY_TREND = 5,		/* conversion by entry period (trend.h) */
	JY_SUMMARY_DRIVERS = 6,		/* conversion drivers (drivers.h) */
	JY_SUMMARY_VALUE = 7,		/* actors' active days with a value sum each */
	/* 8 is not used (the segment summary was numbered while 6-8 were taken) */
	JY_SUMMARY_SEGMENTS = 9,	/* funnel counts per segment (segments.h) */
	JY_SUMMARY_EXPERIENCE = 10	/* survey answers per score 0 .. 10 (experience.h) */
} JySummaryKind;

/* ---- writer ---- */

typedef struct JyWriter
{
	uint8_t    *buf;
	size_t		len,
				cap;
	JyStatus	status;			/* the first failure, sticky */
	const JyMem *mem;
} JyWriter;

/* An empty writer that allocates through m (allocates nothing yet) */
extern void jy_writer_init(JyWriter *w, const JyMem *m);

/* Room for n more bytes; false (and w->status set) when it cannot grow */
extern bool jy_writer_reserve(JyWriter *w, size_t n);

/* The 4-byte summary header of a kind */
extern void jy_writer_header(JyWriter *w, JySummaryKind kind);

/* Release the buffer (after a failure, or when the caller copied it) */
extern void jy_writer_free(JyWriter *w);

static inline void
jy_write_bytes(JyWriter *w, const void *p, size_t n)
{
	if (n > 0 && jy_writer_reserve(w, n))
	{
		memcpy(w->buf + w->len, p, n);
		w->len += n;
	}
}

static inline void
jy_write_u8(JyWriter *w, uint8_t v)
{
	jy_write_bytes(w, &v, 1);
}

static inline void
jy_write_varint(JyWriter *w, uint64_t v)
{
	if (jy_writer_reserve(w, 10))
		w->len += jy_varint_put(w->buf + w->len, v);
}

static inline void
jy_write_svarint(JyWriter *w, int64_t v)
{
	jy_write_varint(w, jy_zigzag(v));
}

/*
 * Timestamps in ascending order: the first (first true) as a signed
 * varint, each later one as its distance from the one before (prev)
 */
static inline void
jy_write_ts_step(JyWriter *w, int64_t ts, int64_t prev, bool first)
{
	if (first)
		jy_write_svarint(w, ts);
	else
		jy_write_varint(w, (uint64_t) ts - (uint64_t) prev);
}

/* A double as its 8 IEEE-754 bytes, big-endian */
extern void jy_write_double(JyWriter *w, double v);

/* A byte string: its length as a varint, then the bytes */
static inline void
jy_write_string(JyWriter *w, const void *p, size_t n)
{
	jy_write_varint(w, n);
	jy_write_bytes(w, p, n);
}

/* ---- reader ---- */

typedef struct JyReader
{
	const uint8_t *p,
			   *end;
	bool		ok;				/* false after any failed read, sticky */
} JyReader;

static inline void
jy_reader_init(JyReader *r, const void *data, size_t len)
{
	r->p = data;
	r->end = r->p + len;
	r->ok = true;
}

/*
 * Check the summary header: JY_OK, or JY_ERR_CORRUPT with *why saying what
 * is wrong (not a summary, another kind, an unknown version)
 */
extern JyStatus jy_reader_header(JyReader *r, JySummaryKind kind, const char **why);

static inline size_t
jy_reader_left(const JyReader *r)
{
	return (size_t) (r->end - r->p);
}

/* Is everything read, and nothing failed? */
static inline bool
jy_reader_done(const JyReader *r)
{
	return r->ok && r->p == r->end;
}

static inline uint8_t
jy_read_u8(JyReader *r)
{
	if (!r->ok || r->p >= r->end)
	{
		r->ok = false;
		return 0;
	}
	return *r->p++;
}

static inline uint64_t
jy_read_varint(JyReader *r)
{
	uint64_t	v = 0;

	if (r->ok && !jy_varint_get(&r->p, r->end, &v))
		r->ok = false;
	return r->ok ? v : 0;
}

static inline int64_t
jy_read_svarint(JyReader *r)
{
	return jy_unzigzag(jy_read_varint(r));
}

/*
 * A timestamp written by jy_write_ts_step; false when prev plus the
 * distance would pass INT64_MAX (*ts is then unset)
 */
static inline bool
jy_read_ts_step(JyReader *r, int64_t prev, bool first, int64_t *ts)
{
	uint64_t	d;

	if (first)
	{
		*ts = jy_read_svarint(r);
		return true;
	}
	d = jy_read_varint(r);
	if (d > (uint64_t) INT64_MAX - (uint64_t) prev)
		return false;
	*ts = (int64_t) ((uint64_t) prev + d);
	return true;
}

/* A varint that must be at most max (else the read fails) */
static inline uint64_t
jy_read_count(JyReader *r, uint64_t max)
{
	uint64_t	v = jy_read_varint(r);

	if (v > max)
		r->ok = false;
	return r->ok ? v : 0;
}

extern double jy_read_double(JyReader *r);

/*
 * The end of a decoder: JY_OK when every read succeeded and the bytes end
 * exactly there; else JY_ERR_CORRUPT with *why = short_read (a read failed:
 * the decoder says what it was reading) or "Trailing bytes after the
 * summary."
 */
static inline JyStatus
jy_reader_end(const JyReader *r, const char *short_read, const char **why)
{
	if (!r->ok)
		*why = short_read;
	else if (r->p != r->end)
		*why = "Trailing bytes after the summary.";
	else
		return JY_OK;
	return JY_ERR_CORRUPT;
}

/*
 * A byte string written by jy_write_string: points into the input (not
 * copied); *n its length.  NULL (and r->ok false) when it does not fit.
 */
static inline const uint8_t *
jy_read_string(JyReader *r, size_t *n)
{
	uint64_t	len = jy_read_varint(r);
	const uint8_t *s = r->p;

	if (!r->ok || len > jy_reader_left(r))
	{
		r->ok = false;
		*n = 0;
		return NULL;
	}
	r->p += len;
	*n = (size_t) len;
	return s;
}

#endif							/* JY_SUMMARY_H */
