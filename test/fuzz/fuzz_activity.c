/*
 * fuzz_activity.c -- libFuzzer target for the activity summary decoder
 *
 * Random bytes go to jy_activity_summary_read (the check of text input,
 * binary input and deserialize): every input must decode or be rejected
 * with JY_ERR_CORRUPT and a reason -- never read out of bounds (ASan) or
 * overflow (UBSan).  An accepted summary has days in range, ascending, and
 * a cohort among them, and a value per day exactly when it is a value
 * summary; merged into an empty state (as rollup and deserialize do) and
 * encoded again, it gives exactly the input bytes: the format has one
 * encoding per value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/activity.h"
#include "core/codec.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_activity: %s\n", what);
		abort();
	}
}

/* Every visited actor is well-formed */
static JyStatus
fz_visit(void *arg, const JyActivityHead *h, const JyActivityActor *a)
{
	size_t		i;
	int			found = a->cohort == JY_NO_DAY;

	(void) arg;
	fz_check(a->ndays >= 1, "an actor without a day");
	for (i = 0; i < a->ndays; i++)
	{
		fz_check(a->days[i] >= JY_DAY_MIN && a->days[i] <= JY_DAY_MAX, "a day out of range");
		fz_check(i == 0 || a->days[i] > a->days[i - 1], "days not ascending");
		found |= a->days[i] == a->cohort;
	}
	fz_check(found, "a cohort that is not one of the days");
	fz_check(h->source == JY_COHORT_EVENT || a->cohort == JY_NO_DAY, "a cohort without cohort events");
	fz_check(h->kind != JY_ACTOR_UUID || a->blen == 16, "a uuid key of another length");
	fz_check((a->units != NULL) == h->valued, "values in a plain summary, or none in a value summary");
	fz_check(h->scale <= JY_VALUE_MAX_SCALE, "a scale out of range");
	return JY_OK;
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	JyActivityHead h;
	const char *why = NULL;
	JyStatus	st = jy_activity_summary_read(data, size, &fz_mem, &h, fz_visit, NULL, &why);
	JyActivity	a;
	JyWriter	w;

	if (st != JY_OK)
	{
		fz_check(st == JY_ERR_CORRUPT && why != NULL, "a rejection without a reason");
		return 0;
	}
	jy_activity_init(&a, JY_ACTOR_NONE, JY_COHORT_NONE);
	fz_check(jy_activity_add_summary(&a, &fz_mem, data, size, &why) == JY_OK, "an accepted summary does not merge");
	jy_writer_init(&w, &fz_mem);
	fz_check(jy_activity_encode(&a, &fz_mem, &w) == JY_OK, "an accepted summary does not encode");
	fz_check(w.len == size && memcmp(w.buf, data, size) == 0, "an accepted summary encodes to other bytes");
	jy_writer_free(&w);
	jy_activity_free(&a, &fz_mem);
	return 0;
}
