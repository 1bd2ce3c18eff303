/*
 * fuzz_onepass.c -- libFuzzer target for the one-pass funnel state decoder
 *
 * Random bytes go to jy_onepass_decode (the deserialize function of
 * funnel_counts(actor, ...)): every input must decode or be rejected with
 * JY_ERR_CORRUPT and a reason -- never read out of bounds (ASan) or
 * overflow (UBSan).  An accepted state evaluates, and encoded again gives
 * exactly the input bytes: the format has one encoding per value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/onepass.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_onepass: %s\n", what);
		abort();
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	JyOnepass	o;
	JyWriter	w;
	int64_t		counts[JY_MAX_STEPS];
	const char *why = NULL;
	JyStatus	st = jy_onepass_decode(&o, &fz_mem, data, size, &why);

	if (st != JY_OK)
	{
		fz_check(st == JY_ERR_CORRUPT && why != NULL, "a rejection without a reason");
		jy_onepass_free(&o, &fz_mem);
		return 0;
	}
	st = jy_onepass_counts(&o, &fz_mem, counts);
	fz_check(st == JY_OK || st == JY_ERR_TOO_MANY_CHAINS, "an accepted state does not evaluate");
	jy_writer_init(&w, &fz_mem);
	fz_check(jy_onepass_encode(&o, &fz_mem, &w) == JY_OK && w.status == JY_OK,
			 "an accepted state does not encode");
	fz_check(w.len == size && memcmp(w.buf, data, size) == 0, "an accepted state encodes to other bytes");
	jy_writer_free(&w);
	jy_onepass_free(&o, &fz_mem);
	return 0;
}
