/*
 * fuzz.h -- shared by the libFuzzer targets: a malloc-based JyMem with no
 * interrupt hook
 */
#ifndef JY_FUZZ_H
#define JY_FUZZ_H

#include <stdlib.h>

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

#endif							/* JY_FUZZ_H */
