/*
 * jsontext.c -- JSON input: checked parsing, journey text, error excerpts
 */
#include "jsontext.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "isotime.h"

/* Bytes of the UTF-8 character at s[i] (a malformed byte is one) */
static size_t
utf8_step(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char) s[i];
	size_t		n,
				k;

	if (c >= 0xf0 && c <= 0xf7)
		n = 4;
	else if (c >= 0xe0)
		n = c <= 0xef ? 3 : 1;
	else if (c >= 0xc0)
		n = 2;
	else
		n = 1;
	for (k = 1; k < n; k++)
		if (i + k >= len || ((unsigned char) s[i + k] & 0xc0) != 0x80)
			return 1;
	return n;
}

/* The first maxchars characters (see jsontext.h) */
size_t
jy_utf8_clip(const char *s, size_t len, size_t maxchars)
{
	size_t		i = 0,
				n = 0;

	while (i < len && n < maxchars)
	{
		i += utf8_step(s, len, i);
		n++;
	}
	return i;
}

/* Characters of a UTF-8 string */
size_t
jy_utf8_chars(const char *s, size_t len)
{
	size_t		i = 0,
				n = 0;

	while (i < len)
	{
		i += utf8_step(s, len, i);
		n++;
	}
	return n;
}

/* A short quoted excerpt (see jsontext.h) */
char *
jy_json_excerpt(char *buf, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t		clip = jy_utf8_clip(s, len, JY_EXCERPT_CHARS);
	size_t		i,
				o = 0;

	buf[o++] = '"';
	for (i = 0; i < clip; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == '"' || c == '\\')
		{
			buf[o++] = '\\';
			buf[o++] = (char) c;
		}
		else if (c == '\n' || c == '\t' || c == '\r')
		{
			buf[o++] = '\\';
			buf[o++] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		}
		else if (c < 0x20)
		{
			memcpy(buf + o, "\\u00", 4);
			buf[o + 4] = hex[c >> 4];
			buf[o + 5] = hex[c & 15];
			o += 6;
		}
		else
			buf[o++] = (char) c;
	}
	buf[o++] = '"';
	if (clip < len)
	{
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* Set an error with a message, cut (if ever) at a character boundary */
JyJsonErrKind
jy_json_fail(JyJsonError *err, JyJsonErrKind kind, const char *fmt,...)
{
	va_list		ap;
	int			n;

	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (n < 0)
		err->msg[0] = '\0';
	else if ((size_t) n >= sizeof(err->msg))
	{
		size_t		len = sizeof(err->msg) - 1,
					i = 0;

		/* keep whole characters only */
		while (i < len)
		{
			size_t		step = utf8_step(err->msg, len, i);

			if (step == 1 && ((unsigned char) err->msg[i] & 0x80) != 0 &&
				len - i < 4)
				break;
			i += step;
		}
		err->msg[i] = '\0';
	}
	err->kind = kind;
	err->status = JY_OK;
	err->pos = 0;
	return kind;
}

/* Set an error for a failed core status */
JyJsonErrKind
jy_json_fail_status(JyJsonError *err, JyStatus st)
{
	err->kind = JY_JSON_STATUS;
	err->status = st;
	err->pos = 0;
	err->msg[0] = '\0';
	return JY_JSON_STATUS;
}

/* Set a syntax or NUL error at byte offset off of text */
static cJSON *
parse_fail(JyJsonError *err, JyJsonErrKind kind, const char *text, size_t off)
{
	err->kind = kind;
	err->status = JY_OK;
	err->pos = jy_utf8_chars(text, off) + 1;
	err->msg[0] = '\0';
	return NULL;
}

/* A blank JSON allows around tokens */
static bool
json_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parse checked JSON text (see jsontext.h) */
cJSON *
jy_json_parse(const char *text, size_t len, JyJsonError *err)
{
	const char *end = NULL;
	cJSON	   *tree;
	size_t		i,
				stop;
	bool		in_string = false;

	/* cJSON would skip a byte-order mark, reading 3 bytes to see one */
	if (len == 0 || (unsigned char) text[0] == 0xef)
		return parse_fail(err, JY_JSON_SYNTAX, text, 0);
	tree = cJSON_ParseWithLengthOpts(text, len, &end, false);
	if (tree == NULL)
	{
		stop = (end != NULL && end >= text && end <= text + len) ? (size_t) (end - text) : 0;
		return parse_fail(err, JY_JSON_SYNTAX, text, stop);
	}
	stop = (end != NULL && end >= text && end <= text + len) ? (size_t) (end - text) : len;

	/*
	 * cJSON stopped after the value and the bytes up to 0x20 that follow it;
	 * scan what it read for what it let through: control bytes taken as
	 * blanks, and NUL inside strings, which it would cut the string at.
	 */
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) text[i];

		if (in_string)
		{
			if (c == '"')
				in_string = false;
			else if (c == '\0')
				break;
			else if (c == '\\' && i + 1 < len)
			{
				if (text[i + 1] == 'u' && i + 5 < len && memcmp(text + i + 2, "0000", 4) == 0)
					break;
				i++;
			}
		}
		else if (i >= stop && !json_blank((char) c))
			break;
		else if (c == '"')
			in_string = true;
		else if (c < 0x20 && !json_blank((char) c))
			break;
	}
	if (i < len)
	{
		cJSON_Delete(tree);
		return parse_fail(err, in_string ? JY_JSON_NUL : JY_JSON_SYNTAX, text, i);
	}
	err->kind = JY_JSON_OK;
	return tree;
}

/* Add the touches of a journey's JSON tree (see jsontext.h) */
JyJsonErrKind
jy_journey_from_json(const cJSON *tree, JyJourneyBuilder *b, const JyMem *m,
					 const JyJsonConv *conv, JyJsonError *err)
{
	const cJSON *el;
	uint32_t	k = 0;
	char		ex[JY_EXCERPT_MAX];

	if (!cJSON_IsArray(tree))
		return jy_json_fail(err, JY_JSON_INVALID,
							"A journey is a JSON array of [timestamp, label] pairs.");
	cJSON_ArrayForEach(el, tree)
	{
		const cJSON *t,
				   *l;
		const char *why;
		const char *label;
		size_t		tlen,
					len;
		int64_t		ts;
		JyStatus	st;

		k++;
		if (!cJSON_IsArray(el) || cJSON_GetArraySize(el) != 2 ||
			!cJSON_IsString(t = cJSON_GetArrayItem(el, 0)) ||
			!cJSON_IsString(l = cJSON_GetArrayItem(el, 1)))
			return jy_json_fail(err, JY_JSON_INVALID,
								"At element %u: expected [timestamp, label], two strings.",
								(unsigned) k);
		tlen = strlen(t->valuestring);
		why = jy_iso_parse(t->valuestring, tlen, &ts);
		if (why != NULL)
			return jy_json_fail(err, JY_JSON_INVALID, "At element %u: timestamp %s: %s.",
								(unsigned) k, jy_json_excerpt(ex, t->valuestring, tlen), why);
		label = l->valuestring;
		len = strlen(label);
		if (conv != NULL && conv->fn != NULL)
		{
			label = conv->fn(conv->arg, label, len, &len);
			if (label == NULL)
				return jy_json_fail_status(err, JY_ERR_OUT_OF_MEMORY);
		}
		if (len > UINT32_MAX)
			return jy_json_fail_status(err, JY_ERR_TOO_MANY_EVENTS);
		st = jy_builder_add(b, m, ts, label, (uint32_t) len);
		if (st != JY_OK)
			return jy_json_fail_status(err, st);
		if ((k & (JY_INTERRUPT_EVERY - 1)) == 0)
			jy_interrupt(m);
	}
	err->kind = JY_JSON_OK;
	return JY_JSON_OK;
}

/* Journey text to a builder (see jsontext.h) */
JyJsonErrKind
jy_journey_parse_text(const char *text, size_t len, JyJourneyBuilder *b,
					  const JyMem *m, const JyJsonConv *conv, JyJsonError *err)
{
	cJSON	   *tree = jy_json_parse(text, len, err);
	JyJsonErrKind kind;

	if (tree == NULL)
		return err->kind;
	kind = jy_journey_from_json(tree, b, m, conv, err);
	cJSON_Delete(tree);
	return kind;
}
