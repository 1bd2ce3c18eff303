/*
 * fuzz_rfm.c -- libFuzzer target for the rfm_summary decoder
 *
 * Every input must decode or be rejected with JY_ERR_CORRUPT and a reason
 * -- never read out of bounds (ASan) or overflow (UBSan).  What decodes
 * holds timestamps PostgreSQL holds (first <= last), a normalised decimal,
 * encodes back to the same bytes (one encoding per value), and merges with
 * itself and scores recency without undefined behaviour.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/isotime.h"
#include "core/rfm.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_rfm: %s\n", what);
		abort();
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t    *copy = malloc(size > 0 ? size : 1);
	JyRfmSummary s,
				twice;
	const char *why = NULL;
	JyWriter	w;
	double		d;

	/* an exact-size copy, so ASan sees reads past the end */
	memcpy(copy, data, size);
	if (jy_rfm_summary_decode(copy, size, &s, &why) != JY_OK)
	{
		fz_check(why != NULL, "rejected without a reason");
		free(copy);
		return 0;
	}
	if (s.orders > 0)
	{
		fz_check(jy_ts_valid(s.first) && jy_ts_valid(s.last) && s.first <= s.last,
				 "accepted order times out of range");
		fz_check(s.amount == JY_RFM_AMOUNT_FLOAT8 ||
				 (s.scale <= JY_RFM_MAX_SCALE && (s.scale == 0 || s.units % 10 != 0)),
				 "accepted a decimal that is not normalised");
		(void) jy_rfm_recency_days(0, s.last, &d);
		(void) jy_rfm_monetary(&s);
	}
	jy_writer_init(&w, &fz_mem);
	jy_rfm_summary_encode(&w, &s);
	fz_check(w.status == JY_OK && w.len == size && memcmp(w.buf, copy, size) == 0,
			 "does not encode back to the same bytes");
	jy_writer_free(&w);
	twice = s;
	if (jy_rfm_merge(&twice, &s) == JY_RFM_OK)
		fz_check(twice.orders == 2 * s.orders && twice.first == s.first && twice.last == s.last,
				 "merging with itself changed the times");
	free(copy);
	return 0;
}
