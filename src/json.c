/*
 * json.c -- cJSON at the edges: encodings around the core's JSON input
 *
 * The core (core/jsontext.h) parses UTF-8 JSON text and reads journey text
 * and maps from the tree.  Here the text of another database encoding is
 * converted to UTF-8 first, the strings the core keeps are converted back,
 * and the core's UTF-8 error messages are converted for ereport.  In a
 * SQL_ASCII database nothing is converted: bytes pass as they are.
 *
 * cJSON (the system libcjson) allocates with malloc; every tree is owned by
 * its caller, who frees it with cJSON_Delete in a PG_FINALLY block, so an
 * error raised while walking it leaks nothing.
 */
#include "journey.h"

#include "catalog/namespace.h"
#include "mb/pg_wchar.h"

/* Does the database encoding need conversion to and from UTF-8? */
static bool
json_converts(void)
{
	int			enc = GetDatabaseEncoding();

	return enc != PG_UTF8 && enc != PG_SQL_ASCII;
}

/*
 * Parse JSON text of len bytes in the database encoding (not necessarily
 * NUL-terminated); returns the tree, or NULL with *err set (a syntax error
 * or a NUL, with its 1-based character position)
 */
cJSON *
JourneyJsonParse(const char *text, size_t len, JyJsonError *err)
{
	const char *src = text;

	if (json_converts() && len > 0)
	{
		/* a converted copy is NUL-terminated; text itself need not be */
		src = (const char *) pg_do_encoding_conversion((unsigned char *) text, (int) len,
													   GetDatabaseEncoding(), PG_UTF8);
		if (src != text)
			len = strlen(src);
	}
	return jy_json_parse(src, len, err);
}

/* The core's string converter: UTF-8 to the database encoding */
static const char *
json_to_server(void *arg, const char *s, size_t len, size_t *outlen)
{
	const char *r = pg_any_to_server(s, (int) len, PG_UTF8);

	*outlen = r == s ? len : strlen(r);
	return r;
}

/* Set up conv for the database encoding and return it */
const JyJsonConv *
JourneyJsonConv(JyJsonConv *conv)
{
	conv->fn = json_converts() ? json_to_server : NULL;
	conv->arg = NULL;
	return conv;
}

/*
 * A UTF-8 message of the core in the database encoding, for ereport: a
 * character the encoding lacks (it can come from a \u escape) is written
 * as a JSON escape instead of failing the conversion.
 */
const char *
JourneyJsonMessage(const char *msg)
{
	int			enc = GetDatabaseEncoding();
	int			len = (int) strlen(msg),
				pos = 0;
	Oid			proc;
	StringInfoData out;
	unsigned char *dst;

	if (!json_converts())
		return msg;
	proc = FindDefaultConversionProc(PG_UTF8, enc);
	initStringInfo(&out);
	dst = palloc((Size) len * MAX_CONVERSION_GROWTH + 1);
	while (pos < len)
	{
		int			done = 0;
		pg_wchar	c;

		if (OidIsValid(proc))
		{
			dst[0] = '\0';
			done = pg_do_encoding_conversion_buf(proc, PG_UTF8, enc,
												 (unsigned char *) msg + pos, len - pos,
												 dst, len * MAX_CONVERSION_GROWTH + 1, true);
			appendStringInfoString(&out, (const char *) dst);
			pos += done;
		}
		if (pos >= len)
			break;
		if (((unsigned char) msg[pos] & 0x80) == 0)
		{
			appendStringInfoChar(&out, msg[pos++]);
			continue;
		}
		/* a character the conversion stopped at */
		if (pg_utf_mblen((const unsigned char *) msg + pos) > len - pos)
		{
			appendStringInfoChar(&out, '?');
			break;
		}
		c = utf8_to_unicode((const unsigned char *) msg + pos);
		if (c > 0xffff)
			appendStringInfo(&out, "\\u%04x\\u%04x", 0xd800 + ((c - 0x10000) >> 10),
							 0xdc00 + ((c - 0x10000) & 0x3ff));
		else
			appendStringInfo(&out, "\\u%04x", c);
		pos += pg_utf_mblen((const unsigned char *) msg + pos);
	}
	return out.data;
}

/*
 * At most JY_EXCERPT_CHARS characters of s[0..len) in the database
 * encoding, followed by "..." when cut, for an error message
 */
char *
JourneyExcerpt(const char *s, int len)
{
	int			clip = pg_mbcharcliplen(s, len, JY_EXCERPT_CHARS);

	if (clip >= len)
		return pnstrdup(s, len);
	return psprintf("%.*s...", clip, s);
}
