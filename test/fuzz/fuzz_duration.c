/*
 * fuzz_duration.c -- libFuzzer target for the map duration parser
 *
 * The input is a duration text (arbitrary bytes, not NUL-terminated).
 * Every input must parse to a non-negative number of microseconds or be
 * rejected with a reason -- never read out of bounds (ASan) or overflow
 * (UBSan).  An accepted duration up to 2^53 us (where doubles are exact)
 * written back in microseconds ("N us") parses to the same value.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/map.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_duration: %s\n", what);
		abort();
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t		us = -1,
				again = -1;
	const char *why;
	char		text[40];
	int			n;

	why = jy_parse_duration((const char *) data, size, &us);
	if (why != NULL)
	{
		fz_check(why[0] != '\0', "rejected with an empty reason");
		return 0;
	}
	fz_check(us >= 0, "negative duration");
	if (us > (INT64_C(1) << 53))
		return 0;
	n = snprintf(text, sizeof(text), "%" PRId64 " us", us);
	fz_check(jy_parse_duration(text, (size_t) n, &again) == NULL && again == us,
			 "the duration in microseconds parses to another value");
	return 0;
}
