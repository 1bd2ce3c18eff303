/*
 * fuzz_props.c -- libFuzzer target for the funnel_props state decoder
 *
 * Random bytes go to jy_props_decode (the deserialize function of
 * funnel_props): every input must decode or be rejected with JY_ERR_CORRUPT
 * and a reason -- never read out of bounds (ASan) or overflow (UBSan).  An
 * accepted state evaluates to a level within its steps with values that
 * exist, and encoded again gives exactly the input bytes (values keep their
 * numbers, rows were checked to be in order).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/funnelprops.h"
#include "fuzz.h"

/* Abort (a finding) unless ok */
static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_props: %s\n", what);
		abort();
	}
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	JyProps		p;
	JyWriter	w;
	int			level,
				k;
	int64_t		times[JY_MAX_STEPS];
	uint32_t	refs[JY_MAX_STEPS];
	const char *why = NULL;
	JyStatus	st = jy_props_decode(&p, &fz_mem, data, size, 3, &why);

	if (st != JY_OK)
	{
		fz_check(st == JY_ERR_CORRUPT && why != NULL, "a rejection without a reason");
		jy_props_free(&p, &fz_mem);
		return 0;
	}
	jy_writer_init(&w, &fz_mem);
	fz_check(jy_props_encode(&p, &fz_mem, &w) == JY_OK, "an accepted state does not encode");
	fz_check(w.len == size && memcmp(w.buf, data, size) == 0, "an accepted state encodes to other bytes");
	jy_writer_free(&w);
	st = jy_props_eval(&p, &fz_mem, &level, times, refs);
	fz_check(st == JY_OK || st == JY_ERR_TOO_MANY_CHAINS, "an accepted state does not evaluate");
	if (st == JY_OK)
	{
		fz_check(level >= 0 && level <= p.nsteps, "a level beyond the steps");
		for (k = 0; k < level; k++)
			fz_check(refs[k] <= p.values.n, "a value that does not exist");
	}
	jy_props_free(&p, &fz_mem);
	return 0;
}
