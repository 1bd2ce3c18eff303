/*
 * fuzz.h -- shared by the libFuzzer targets: a malloc-based JyMem with no
 * interrupt hook
 */
#ifndef JY_FUZZ_H
#define JY_FUZZ_H

#include <stdlib.h>
#include <string.h>

#include "core/jsontext.h"
#include "core/jy.h"

static void *
fz_alloc(void *arg, size_t size)
{
	(void) arg;
	return malloc(size);
}

static void *
fz_resize(void *arg, void *ptr, size_t size)
{
	(void) arg;
	return realloc(ptr, size);
}

static void
fz_release(void *arg, void *ptr)
{
	(void) arg;
	free(ptr);
}

static const JyMem fz_mem = {fz_alloc, fz_resize, fz_release, NULL, NULL};

/* Is s[0..len) well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF)? */
static inline int
fz_utf8_valid(const unsigned char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		size_t		n,
					k;
		unsigned long cp;

		if (c < 0x80)
		{
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 4, cp = c & 0x07;
		else
			return 0;
		if (i + n > len)
			return 0;
		for (k = 1; k < n; k++)
		{
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
			(cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n;
	}
	return 1;
}

/*
 * What is wrong with a rejection of JSON input data[0..size) (NULL when
 * nothing): syntax and NUL errors need a position inside the text, other
 * errors a message (well-formed UTF-8 when the input is) that holds need
 * when not NULL, a failed status a status
 */
static inline const char *
fz_rejection_fault(const JyJsonError *err, const uint8_t *data, size_t size,
				   const char *need)
{
	switch (err->kind)
	{
		case JY_JSON_SYNTAX:
		case JY_JSON_NUL:
			return err->pos >= 1 && err->pos <= size + 1 ? NULL : "position out of range";
		case JY_JSON_INVALID:
		case JY_JSON_LIMIT:
			if (err->msg[0] == '\0' || (need != NULL && strstr(err->msg, need) == NULL))
				return "rejected without a reason";
			if (fz_utf8_valid(data, size) &&
				!fz_utf8_valid((const unsigned char *) err->msg, strlen(err->msg)))
				return "message is not UTF-8";
			return NULL;
		case JY_JSON_STATUS:
			return err->status != JY_OK ? NULL : "failed with status OK";
		default:
			return "rejected with an unknown kind";
	}
}

#endif							/* JY_FUZZ_H */
