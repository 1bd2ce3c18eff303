/*
 * fuzz_attribution.c -- libFuzzer target for the attribution summary's
 * decoder
 *
 * Every input must decode or be rejected with JY_ERR_CORRUPT and a reason,
 * never read out of bounds (ASan) or overflow (UBSan).  What decodes is
 * canonical: it encodes back to the same bytes.  Its Markov chain solves
 * (the decoder's checks make it solvable), its Shapley values are computed
 * or refused for too many channels, and merged with a copy of itself it
 * encodes to bytes that decode again (or the merge refuses counts beyond
 * INT64_MAX).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_attribution: %s\n", what);
		abort();
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t    *in = malloc(size > 0 ? size : 1);
	JyAttrSummary s,
				copy,
				again;
	JyWriter	w;
	JyMarkovResult res;
	const char *why = NULL;
	JyStatus	st;
	uint32_t	n,
				ch[JY_SHAPLEY_MAX];
	double		phi[JY_SHAPLEY_MAX];

	/* an exact-size copy, so ASan sees reads past the end */
	memcpy(in, data, size);
	st = jy_attr_summary_decode(in, size, &fz_mem, &s, &why);
	if (st != JY_OK)
	{
		fz_check(st == JY_ERR_CORRUPT && why != NULL, "rejected without a reason");
		free(in);
		return 0;
	}
	jy_writer_init(&w, &fz_mem);
	jy_attr_summary_encode(&s, &w);
	fz_check(w.status == JY_OK && w.len == size && memcmp(w.buf, in, size) == 0,
			 "an accepted summary does not encode back");
	jy_writer_free(&w);

	fz_check(jy_markov_solve(s.mk, &res) == JY_OK, "an accepted summary does not solve");
	fz_check(res.nchannels == s.channels.n, "solved channels differ");
	jy_markov_result_free(&res, &fz_mem);
	st = jy_attr_summary_shapley(&s, &fz_mem, &n, ch, phi);
	fz_check(st == JY_OK || st == JY_ERR_TOO_MANY_CHANNELS, "shapley failed");

	fz_check(jy_attr_summary_decode(in, size, &fz_mem, &copy, &why) == JY_OK, "decodes once only");
	st = jy_attr_summary_merge(&s, &copy);
	fz_check(st == JY_OK || st == JY_ERR_VALUE_TOO_LARGE, "merging with itself failed");
	if (st == JY_OK)
	{
		jy_writer_init(&w, &fz_mem);
		jy_attr_summary_encode(&s, &w);
		fz_check(w.status == JY_OK, "encoding a merge failed");
		fz_check(jy_attr_summary_decode(w.buf, w.len, &fz_mem, &again, &why) == JY_OK,
				 "a merged summary does not decode");
		jy_attr_summary_free(&again);
		jy_writer_free(&w);
	}
	jy_attr_summary_free(&copy);
	jy_attr_summary_free(&s);
	free(in);
	return 0;
}
