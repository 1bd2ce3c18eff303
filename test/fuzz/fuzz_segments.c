/*
 * fuzz_segments.c -- libFuzzer target for the segment summary and each
 * segment against the rest
 *
 * Selector byte 0: the rest is a segment_summary.  It must decode or be
 * rejected with JY_ERR_CORRUPT and a reason -- never read out of bounds
 * (ASan) or overflow (UBSan); what decodes has names in strictly ascending
 * byte order, non-increasing counts whose sums are the totals, encodes back
 * to the same bytes, and merges with itself into doubled counts (or
 * reports the overflow).  Every cell of its report, under both bases, has
 * a p-value in [0, 1] exactly when it has a test, and its Holm value lies
 * between that p-value and 1.
 *
 * Selector 1: a steps byte, then (segment, level) byte pairs, counted once
 * into one summary and alternately into two that are merged: both give the
 * same bytes, which decode.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/segments.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_segments: %s\n", what);
		abort();
	}
}

/* Encode into a malloc'd buffer */
static uint8_t *
fz_encode(const JySegments *s, size_t *len)
{
	JyWriter	w;
	uint8_t    *out;

	jy_writer_init(&w, &fz_mem);
	fz_check(jy_segments_encode(s, &fz_mem, &w) == JY_OK, "encode failed");
	*len = w.len;
	out = malloc(w.len > 0 ? w.len : 1);
	memcpy(out, w.buf, w.len);
	jy_writer_free(&w);
	return out;
}

/* The report's cells and Holm values of a decoded summary */
static void
fuzz_report(const JySegments *s, JyCompareBase base)
{
	size_t		nseg = jy_segments_count(s),
				i;
	uint32_t   *order = malloc(sizeof(uint32_t) * (nseg > 0 ? nseg : 1));
	double	   *q = malloc(sizeof(double) * (nseg * (size_t) s->nsteps + 1));

	jy_segments_order(s, order, &fz_mem);
	fz_check(jy_segments_holm(s, order, base, 0.95, &fz_mem, q) == JY_OK, "holm failed");
	for (i = 0; i < nseg; i++)
	{
		const int64_t *c = jy_segments_counts(s, order[i]);
		int			k;

		if (i > 0 && order[i] != JY_SEGMENT_NULL)
			fz_check(jy_label_cmp(jy_dict_text(&s->names, order[i - 1]), s->names.len[order[i - 1]],
								  jy_dict_text(&s->names, order[i]), s->names.len[order[i]]) < 0,
					 "report order is not byte order");
		for (k = 0; k < s->nsteps; k++)
		{
			JySegmentCell cell;
			double		adj = q[i * (size_t) s->nsteps + (size_t) k];

			jy_segments_cell(c, s->totals, k, base, 0.95, &cell);
			fz_check(cell.rest_actors >= 0 && cell.rest_actors <= cell.rest_base, "bad rest counts");
			fz_check(cell.actors <= cell.base, "bad segment counts");
			fz_check((cell.test == JY_SEGTEST_NONE) == (cell.note != NULL), "a note without a reason");
			fz_check((cell.test == JY_SEGTEST_NONE) == isnan(adj), "holm of an untested cell");
			if (cell.test != JY_SEGTEST_NONE)
			{
				fz_check(k > 0, "a test at step 1");
				fz_check(cell.p_value >= 0 && cell.p_value <= 1, "p-value outside [0, 1]");
				fz_check(adj >= cell.p_value && adj <= 1, "holm value outside [p, 1]");
			}
		}
	}
	free(order);
	free(q);
}

/* The summary decoder */
static void
fuzz_summary(const uint8_t *data, size_t size)
{
	uint8_t    *copy = malloc(size > 0 ? size : 1),
			   *again;
	JySegments	s,
				twice;
	const char *why = NULL;
	size_t		len;
	uint32_t	i;
	int			k;
	int64_t		sums[JY_MAX_STEPS] = {0};
	JyStatus	st;

	memcpy(copy, data, size);
	if (jy_segments_decode(&s, &fz_mem, copy, size, &why) != JY_OK)
	{
		fz_check(why != NULL, "rejected without a reason");
		jy_segments_free(&s, &fz_mem);
		free(copy);
		return;
	}
	for (i = 0; i < jy_segments_count(&s); i++)
	{
		uint32_t	id = i < s.names.n ? i : JY_SEGMENT_NULL;
		const int64_t *c = jy_segments_counts(&s, id);

		if (id != JY_SEGMENT_NULL && i > 0)
			fz_check(jy_label_cmp(jy_dict_text(&s.names, i - 1), s.names.len[i - 1],
								  jy_dict_text(&s.names, i), s.names.len[i]) < 0,
					 "names out of order");
		for (k = 0; k < s.nsteps; k++)
		{
			fz_check(c[k] >= 0 && (k == 0 || c[k] <= c[k - 1]), "counts increase");
			sums[k] += c[k];
		}
	}
	for (k = 0; k < s.nsteps; k++)
		fz_check(sums[k] == s.totals[k], "totals differ from the sums");
	again = fz_encode(&s, &len);
	fz_check(len == size && memcmp(again, copy, size) == 0, "re-encoding differs");
	free(again);

	fuzz_report(&s, JY_COMPARE_FROM_START);
	fuzz_report(&s, JY_COMPARE_FROM_PREVIOUS);

	jy_segments_init(&twice, s.nsteps);
	st = jy_segments_merge(&twice, &s, &fz_mem);
	fz_check(st == JY_OK, "merge into an empty summary failed");
	st = jy_segments_merge(&twice, &s, &fz_mem);
	if (st == JY_OK)
	{
		for (k = 0; k < s.nsteps; k++)
			fz_check(twice.totals[k] == 2 * s.totals[k], "merge did not double the totals");
		for (i = 0; i < s.names.n; i++)
			fz_check(jy_segments_counts(&twice, i)[0] == 2 * jy_segments_counts(&s, i)[0],
					 "merge did not double a segment");
	}
	else
		fz_check(st == JY_ERR_BAD_PARAMETER, "merge failed other than by overflow");
	jy_segments_free(&twice, &fz_mem);
	jy_segments_free(&s, &fz_mem);
	free(copy);
}

/* Counting levels: one pass and two merged halves agree */
static void
fuzz_levels(const uint8_t *data, size_t size)
{
	JySegments	one,
				a,
				b,
				d;
	int			nsteps;
	size_t		i,
				l1,
				l2;
	uint8_t    *b1,
			   *b2;
	const char *why = NULL;

	if (size < 1)
		return;
	nsteps = 1 + data[0] % JY_MAX_STEPS;
	jy_segments_init(&one, nsteps);
	jy_segments_init(&a, nsteps);
	jy_segments_init(&b, nsteps);
	for (i = 1; i + 1 < size; i += 2)
	{
		char		name[2] = {(char) (data[i] & 0x0f), 'x'};
		int			level = data[i + 1] % (nsteps + 1);
		const char *p = (data[i] & 0x10) ? NULL : name;
		size_t		len = (size_t) ((data[i] >> 5) & 1) + 1;

		fz_check(jy_segments_add_level(&one, &fz_mem, p, len, level) == JY_OK, "add failed");
		fz_check(jy_segments_add_level((i / 2) % 2 ? &a : &b, &fz_mem, p, len, level) == JY_OK,
				 "add failed");
	}
	fz_check(jy_segments_merge(&a, &b, &fz_mem) == JY_OK, "merge failed");
	b1 = fz_encode(&one, &l1);
	b2 = fz_encode(&a, &l2);
	fz_check(l1 == l2 && memcmp(b1, b2, l1) == 0, "merged halves differ from one pass");
	fz_check(jy_segments_decode(&d, &fz_mem, b1, l1, &why) == JY_OK, "own bytes do not decode");
	jy_segments_free(&d, &fz_mem);
	free(b1);
	free(b2);
	jy_segments_free(&one, &fz_mem);
	jy_segments_free(&a, &fz_mem);
	jy_segments_free(&b, &fz_mem);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] == 1)
		fuzz_levels(data + 1, size - 1);
	else
		fuzz_summary(data + 1, size - 1);
	return 0;
}
