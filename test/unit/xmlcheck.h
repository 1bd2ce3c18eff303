/*
 * xmlcheck.h -- a small XML well-formedness check for the charts' tests
 *
 * Checks what the SVG writer must guarantee, independently of it: valid
 * UTF-8 with only the characters XML 1.0 allows; every element closed in
 * order; attribute values quoted, without a raw '<'; every '&' starts one
 * of the five predefined entities or a numeric character reference; no raw
 * '<' in character data; one root element.  No DTDs, comments, CDATA or
 * processing instructions (the writer emits none).  Returns NULL when the
 * document is well-formed, else a short reason.  The test command also
 * runs xmllint on the SQL functions' output.
 */
#ifndef JY_XMLCHECK_H
#define JY_XMLCHECK_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Decode one UTF-8 character strictly; 0 bytes when malformed */
static size_t
xc_decode(const unsigned char *s, size_t len, size_t i, uint32_t *cp)
{
	unsigned char c = s[i];
	size_t		n,
				k;
	uint32_t	v,
				min;

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, v = c & 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, v = c & 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, v = c & 0x07, min = 0x10000;
	else
		return 0;
	for (k = 1; k < n; k++)
	{
		if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i + k] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

/* May XML 1.0 hold the character cp? */
static int
xc_char_ok(uint32_t cp)
{
	return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
		(cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/* Is c a character of an element or attribute name (ASCII subset)? */
static int
xc_name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '-' || c == '_' || c == ':' || c == '.';
}

/* The bytes of the reference at s[i] == '&', or 0 when it is not one */
static size_t
xc_entity(const char *s, size_t len, size_t i)
{
	static const char *const named[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
	size_t		k;

	for (k = 0; k < 5; k++)
	{
		size_t		n = strlen(named[k]);

		if (i + n <= len && memcmp(s + i, named[k], n) == 0)
			return n;
	}
	if (i + 3 < len && s[i + 1] == '#')
	{
		size_t		j = i + 2;
		int			hex = s[j] == 'x';
		uint32_t	v = 0;

		if (hex)
			j++;
		k = j;
		while (j < len && j - k < 8 &&
			   ((s[j] >= '0' && s[j] <= '9') ||
				(hex && ((s[j] >= 'a' && s[j] <= 'f') || (s[j] >= 'A' && s[j] <= 'F')))))
		{
			int			d = s[j] <= '9' ? s[j] - '0' : (s[j] | 0x20) - 'a' + 10;

			v = v * (hex ? 16 : 10) + (uint32_t) d;
			j++;
		}
		if (j > k && j < len && s[j] == ';' && xc_char_ok(v))
			return j + 1 - i;
	}
	return 0;
}

/* Is doc[0..len) a well-formed document?  NULL if so, else the reason */
static const char *
xml_check(const char *doc, size_t len)
{
	const unsigned char *s = (const unsigned char *) doc;
	/* open element names, as offsets and lengths into doc */
	size_t		stack_off[64],
				stack_len[64];
	int			depth = 0,
				roots = 0;
	size_t		i = 0;

	while (i < len)
	{
		uint32_t	cp;
		size_t		n = xc_decode(s, len, i, &cp);

		if (n == 0)
			return "malformed UTF-8";
		if (!xc_char_ok(cp))
			return "a character XML does not allow";
		if (cp == '&')
		{
			if ((n = xc_entity(doc, len, i)) == 0)
				return "a bare & in character data";
			i += n;
			continue;
		}
		if (cp == '>')
		{
			i++;
			continue;
		}
		if (cp != '<')
		{
			if (depth == 0 && cp != ' ' && cp != '\n' && cp != '\t' && cp != '\r')
				return "text outside the root element";
			i += n;
			continue;
		}
		/* a tag */
		i++;
		if (i < len && s[i] == '/')
		{
			size_t		start = ++i;

			while (i < len && xc_name_char(s[i]))
				i++;
			if (depth == 0 || i - start != stack_len[depth - 1] ||
				memcmp(doc + start, doc + stack_off[depth - 1], i - start) != 0)
				return "an end tag that does not match";
			if (i >= len || s[i] != '>')
				return "a malformed end tag";
			depth--;
			i++;
			continue;
		}
		else
		{
			size_t		start = i;

			while (i < len && xc_name_char(s[i]))
				i++;
			if (i == start)
				return "a tag without a name";
			if (depth == 0 && ++roots > 1)
				return "more than one root element";
			/* attributes */
			for (;;)
			{
				while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
					i++;
				if (i >= len)
					return "an unterminated tag";
				if (s[i] == '>' || (s[i] == '/' && i + 1 < len && s[i + 1] == '>'))
					break;
				if (!xc_name_char(s[i]))
					return "a malformed attribute name";
				while (i < len && xc_name_char(s[i]))
					i++;
				if (i + 1 >= len || s[i] != '=' || (s[i + 1] != '"' && s[i + 1] != '\''))
					return "an unquoted attribute value";
				{
					unsigned char q = s[i + 1];

					i += 2;
					while (i < len && s[i] != q)
					{
						if (s[i] == '<')
							return "a raw < in an attribute value";
						if (s[i] == '&')
						{
							size_t		e = xc_entity(doc, len, i);

							if (e == 0)
								return "a bare & in an attribute value";
							i += e;
							continue;
						}
						n = xc_decode(s, len, i, &cp);
						if (n == 0 || !xc_char_ok(cp))
							return "a bad character in an attribute value";
						i += n;
					}
					if (i >= len)
						return "an unterminated attribute value";
					i++;
				}
			}
			if (s[i] == '/')
				i += 2;			/* an empty element */
			else
			{
				if (depth == 64)
					return "elements nested too deeply";
				stack_off[depth] = start;
				/* the name's length: up to the first character that is not one */
				{
					size_t		e = start;

					while (xc_name_char(s[e]))
						e++;
					stack_len[depth] = e - start;
				}
				depth++;
				i++;
			}
		}
	}
	if (depth != 0)
		return "an element left open";
	if (roots != 1)
		return "no root element";
	return NULL;
}

#endif							/* JY_XMLCHECK_H */
