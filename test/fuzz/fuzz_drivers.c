/*
 * fuzz_drivers.c -- libFuzzer target for the conversion drivers' byte forms
 *
 * Selector byte 0: the rest is a driver_summary.  It must decode or be
 * rejected with JY_ERR_CORRUPT and a reason -- never read out of bounds
 * (ASan) or overflow (UBSan); what decodes has its features in strictly
 * increasing byte order, each seen by someone and by no more actors than
 * the totals, encodes back to the same bytes, merges with itself into
 * doubled counts (or reports the overflow), and reports rows in order with
 * p and q in [0, 1], q >= p, and finite positive odds ratios and intervals.
 *
 * Selector 1: the rest is a funnel_features state (parallel plans): it must
 * decode or be rejected with a reason; what decodes evaluates to distinct
 * features in byte order and encodes back to the same bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/drivers.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_drivers: %s\n", what);
		abort();
	}
}

/* The summary decoder, the encoder, merging and the report */
static void
fuzz_summary(const uint8_t *data, size_t size)
{
	uint8_t    *copy = malloc(size > 0 ? size : 1);
	JyDriverSummary s;
	JyDrivers	d;
	JyDriverRow *rows;
	JyWriter	w;
	const char *why = NULL;
	uint32_t	i;
	JyStatus	st;

	memcpy(copy, data, size);
	if (jy_driver_summary_decode(copy, size, &fz_mem, &s, &why) != JY_OK)
	{
		fz_check(why != NULL, "rejected without a reason");
		free(copy);
		return;
	}
	fz_check(s.converters <= JY_DRIVERS_MAX_COUNT - s.nonconverters, "totals overflow");
	for (i = 0; i < s.n; i++)
	{
		fz_check(s.e[i].conv <= s.converters && s.e[i].non <= s.nonconverters, "count above total");
		fz_check(s.e[i].conv + s.e[i].non >= 1, "feature seen by no one");
		if (i > 0)
			fz_check(jy_label_cmp(s.e[i - 1].key, s.e[i - 1].len, s.e[i].key, s.e[i].len) < 0,
					 "features out of order");
	}
	/* encodes back to the same bytes */
	jy_drivers_init(&d);
	fz_check(jy_drivers_add_summary(&d, &fz_mem, &s) == JY_OK, "add failed");
	jy_writer_init(&w, &fz_mem);
	fz_check(jy_drivers_encode(&d, &fz_mem, &w) == JY_OK, "encode failed");
	fz_check(w.len == size && memcmp(w.buf, copy, size) == 0, "not canonical");
	jy_writer_free(&w);
	/* merged with itself: doubled, or the overflow reported */
	st = jy_drivers_add_summary(&d, &fz_mem, &s);
	if (st == JY_OK)
	{
		fz_check(d.converters == 2 * s.converters, "merge did not double");
		for (i = 0; i < s.n; i++)
			fz_check(d.cnt[i].conv == 2 * s.e[i].conv && d.cnt[i].non == 2 * s.e[i].non,
					 "merge did not double a feature");
	}
	else
		fz_check(st == JY_ERR_VALUE_TOO_LARGE, "merge failed otherwise");
	jy_drivers_free(&d, &fz_mem);
	/* the report */
	fz_check(jy_drivers_report(&s, 1.959963984540054, size > 0 ? copy[size - 1] % 8 : 5,
							   &fz_mem, &rows) == JY_OK, "report failed");
	for (i = 0; i < s.n; i++)
	{
		const JyDriverRow *r = &rows[i];

		fz_check(r->a + r->b == (int64_t) s.converters && r->c + r->d == (int64_t) s.nonconverters,
				 "cells do not add up");
		if (i > 0 && jy_driver_tested(r))
			fz_check(jy_driver_tested(&rows[i - 1]) && rows[i - 1].strength >= r->strength,
					 "rows out of order");
		if (!jy_driver_tested(r))
			continue;
		fz_check(r->p >= 0 && r->p <= 1 && r->q >= r->p * (1 - 1e-12) && r->q <= 1, "p or q out of range");
		fz_check(r->odds_ratio > 0 && isfinite(r->odds_ratio), "odds ratio not finite");
		fz_check(r->ci_low >= 0 && r->ci_low <= r->odds_ratio * (1 + 1e-12) &&
				 r->ci_high >= r->odds_ratio * (1 - 1e-12), "interval does not hold the ratio");
	}
	if (rows != NULL)
		fz_mem.release(NULL, rows);
	jy_driver_summary_free(&s, &fz_mem);
	free(copy);
}

/* The per-actor state decoder */
static void
fuzz_features(const uint8_t *data, size_t size)
{
	JyFeatures	f;
	const char *why = NULL;
	JyWriter	w;
	bool		reached,
				converted;
	uint32_t   *ids,
				n,
				i;

	if (jy_features_decode(&f, &fz_mem, data, size, 3, &why) != JY_OK)
	{
		fz_check(why != NULL, "state rejected without a reason");
		return;
	}
	jy_writer_init(&w, &fz_mem);
	fz_check(jy_features_encode(&f, &fz_mem, &w) == JY_OK, "state encode failed");
	fz_check(w.len == size && memcmp(w.buf, data, size) == 0, "state not canonical");
	jy_writer_free(&w);
	if (f.nev <= 4096)
	{
		JyStatus	st = jy_features_eval(&f, &fz_mem, &reached, &converted, &ids, &n);

		fz_check(st == JY_OK || st == JY_ERR_TOO_MANY_CHAINS, "eval failed");
		if (st == JY_OK)
		{
			fz_check(reached || (!converted && n == 0), "features without step 1");
			for (i = 1; i < n; i++)
				fz_check(jy_label_cmp(jy_dict_text(&f.feats, ids[i - 1]), f.feats.len[ids[i - 1]],
									  jy_dict_text(&f.feats, ids[i]), f.feats.len[ids[i]]) < 0,
						 "features not distinct and in order");
			if (ids != NULL)
				fz_mem.release(NULL, ids);
		}
	}
	jy_features_free(&f, &fz_mem);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	if (data[0] % 2 == 0)
		fuzz_summary(data + 1, size - 1);
	else
		fuzz_features(data + 1, size - 1);
	return 0;
}
