/*
 * jsontext.h -- JSON input: checked parsing, journey text, error excerpts
 *
 * cJSON (the system libcjson) parses; this layer adds what it lacks: a
 * strict check of the bytes cJSON skips as blanks (it takes any byte up to
 * 0x20), the rejection of NUL in strings (cJSON cuts a string at \u0000,
 * silently), character positions for syntax errors, and error messages
 * that quote at most a short excerpt of any string of the input, never
 * splitting a UTF-8 character.  Text here is UTF-8; the glue converts the
 * input of other database encodings first and gives a converter for the
 * strings it keeps.
 */
#ifndef JY_JSONTEXT_H
#define JY_JSONTEXT_H

#include "cJSON.h"

#include "journey.h"

/* Characters of an input string quoted in an error message, at most */
#define JY_EXCERPT_CHARS 64

/* Bytes a quoted excerpt may take: escapes, quotes, "..." and a NUL */
#define JY_EXCERPT_MAX (JY_EXCERPT_CHARS * 6 + 8)

/* Room for an error message (paths and at most two excerpts) */
#define JY_JSON_MSGLEN 2048

/* What went wrong */
typedef enum JyJsonErrKind
{
	JY_JSON_OK = 0,
	JY_JSON_SYNTAX,				/* not JSON: pos is the character */
	JY_JSON_NUL,				/* \u0000 (or a NUL byte) in a string: pos */
	JY_JSON_INVALID,			/* JSON, not of the expected shape: msg */
	JY_JSON_LIMIT,				/* a program limit reached: msg */
	JY_JSON_STATUS				/* a failed core status: status */
} JyJsonErrKind;

/*
 * An error: its kind, the 1-based character position (SYNTAX, NUL), the
 * core status (STATUS) and a message in UTF-8 without a final period
 * (INVALID, LIMIT): "stages[2].events: expected a non-empty array of
 * strings" for maps, a sentence ending in a period for journey text.
 */
typedef struct JyJsonError
{
	JyJsonErrKind kind;
	JyStatus	status;
	size_t		pos;
	char		msg[JY_JSON_MSGLEN];
} JyJsonError;

/*
 * Converts a UTF-8 string of the input to the encoding the caller keeps
 * (NULL fn: kept as it is).  Returns the converted bytes, valid until the
 * next call, or NULL when out of memory; it may also not return (the glue
 * raises an error for a character the database encoding lacks).
 */
typedef struct JyJsonConv
{
	const char *(*fn) (void *arg, const char *s, size_t len, size_t *outlen);
	void	   *arg;
} JyJsonConv;

/*
 * Parse len bytes of UTF-8 JSON text.  Returns the tree (free it with
 * cJSON_Delete), or NULL with *err set: JY_JSON_SYNTAX for text that is not
 * one JSON value (blanks around it are space, tab, CR and LF only), and
 * JY_JSON_NUL for a string holding \u0000 or a NUL byte.
 */
extern cJSON *jy_json_parse(const char *text, size_t len, JyJsonError *err);

/*
 * Bytes of the first maxchars characters of UTF-8 s[0..len): a cut never
 * falls inside a character (a malformed byte counts as one character).
 */
extern size_t jy_utf8_clip(const char *s, size_t len, size_t maxchars);

/* Characters of UTF-8 s[0..len) (as jy_utf8_clip counts them) */
extern size_t jy_utf8_chars(const char *s, size_t len);

/*
 * Quote s[0..len) for an error message into buf (JY_EXCERPT_MAX bytes):
 * a JSON string literal of at most its first JY_EXCERPT_CHARS characters,
 * followed by ... when it was longer.  Returns buf.
 */
extern char *jy_json_excerpt(char *buf, const char *s, size_t len);

/* Set err to kind with a printf-style message (returns kind) */
extern JyJsonErrKind jy_json_fail(JyJsonError *err, JyJsonErrKind kind,
								  const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

/* Set err to a failed core status (returns JY_JSON_STATUS) */
extern JyJsonErrKind jy_json_fail_status(JyJsonError *err, JyStatus st);

/*
 * Add the touches of a journey's JSON tree, an array of [timestamp, label]
 * pairs of strings (docs/journeys.md), to b.  Labels pass through conv.
 * On failure *err says why, in a sentence: "At element 2: expected
 * [timestamp, label], two strings."; touches already added stay in b.
 */
extern JyJsonErrKind jy_journey_from_json(const cJSON *tree, JyJourneyBuilder *b,
										  const JyMem *m, const JyJsonConv *conv,
										  JyJsonError *err);

/* Journey text to a builder: jy_json_parse, then jy_journey_from_json */
extern JyJsonErrKind jy_journey_parse_text(const char *text, size_t len,
										   JyJourneyBuilder *b, const JyMem *m,
										   const JyJsonConv *conv,
										   JyJsonError *err);

#endif							/* JY_JSONTEXT_H */
