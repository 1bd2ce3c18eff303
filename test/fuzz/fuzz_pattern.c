/*
 * fuzz_pattern.c -- libFuzzer target for the pattern compiler and matcher
 *
 * Input layout:
 *   byte 0         configuration: bit 7 set = 64 conditions, else
 *                  1 + (bits 0-2) conditions; bit 6 = timestamps in
 *                  microseconds (gate unit 1000000) instead of unit 1
 *   byte 1         length L of the pattern text
 *   bytes 2..L+1   pattern text (arbitrary bytes, not NUL-terminated)
 *   the rest       events, two bytes each: the first adds (bits 0-3) to
 *                  the running timestamp, or a large jump when bit 7 is
 *                  set; the second is the condition mask (shifted by
 *                  8 x (bits 4-6 of the first byte) with 64 conditions;
 *                  0 gives an event the engine must ignore)
 *
 * Every input must compile or fail with a sane error; a compiled pattern
 * is matched and counted over the events, and on small inputs compared
 * with the backtracking oracle of test/unit/seq_oracle.h.  A disagreement
 * aborts (a crash for libFuzzer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/events.h"
#include "core/pattern.h"
#include "seq_oracle.h"
#include "fuzz.h"

#define ORACLE_EVENTS 24
#define ORACLE_ITEMS 24

/* Report a disagreement and crash */
static void
fail(const char *what, const uint8_t *text, size_t len)
{
	fprintf(stderr, "fuzz_pattern: %s for pattern \"%.*s\"\n", what, (int) len,
			(const char *) text);
	abort();
}

/* Check the compiled items against what the parser promises */
static void
check_items(const JyPattern *pat, int nconds, const uint8_t *text, size_t len)
{
	uint64_t	refmask = 0;
	bool		has_time = false;
	int			k;

	if (pat->nitems < 1 || pat->nitems > JY_PATTERN_MAX_ITEMS + 1 ||
		pat->items[0].op != JY_PAT_STAR || pat->nconds != nconds)
		fail("bad header", text, len);
	for (k = 1; k < pat->nitems; k++)
	{
		const JyPatternItem *it = &pat->items[k];

		if (it->op > JY_PAT_EQ)
			fail("bad op", text, len);
		if (it->op == JY_PAT_EVENT)
		{
			if (it->cond >= nconds)
				fail("bad condition", text, len);
			refmask |= UINT64_C(1) << it->cond;
		}
		else if (it->op >= JY_PAT_LE)
		{
			uint8_t		prev = pat->items[k - 1].op;

			has_time = true;
			if (prev != JY_PAT_EVENT && prev != JY_PAT_ANY && prev != JY_PAT_STAR)
				fail("gate after gate", text, len);
		}
	}
	if (refmask != pat->refmask || has_time != pat->has_time)
		fail("bad refmask or has_time", text, len);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	JyEvent    *ev;
	JyEvent    *scratch;
	JyPatternError err;
	JyPattern  *pat;
	const uint8_t *text;
	size_t		len,
				n,
				i;
	int			nconds;
	int64_t		unit;
	int64_t		ts = 0;
	bool		matched;
	uint64_t	count;

	if (size < 2)
		return 0;
	nconds = (data[0] & 0x80) ? 64 : 1 + (data[0] & 7);
	unit = (data[0] & 0x40) ? 1000000 : 1;
	len = data[1];
	if (len > size - 2)
		len = size - 2;
	text = data + 2;

	pat = jy_pattern_compile((const char *) text, len, nconds, unit, &fz_mem, &err);
	if (pat == NULL)
	{
		if (err.kind == JY_PATTERN_ERR_NONE || err.kind == JY_PATTERN_ERR_ARGUMENT ||
			err.kind == JY_PATTERN_ERR_OUT_OF_MEMORY ||
			err.position < 1 || (size_t) err.position > len + 1 ||
			err.message[0] == '\0' || strlen(err.message) >= sizeof(err.message))
			fail("bad error", text, len);
		return 0;
	}
	check_items(pat, nconds, text, len);

	n = (size - 2 - len) / 2;
	ev = malloc((n + 1) * sizeof(JyEvent));
	scratch = malloc((n + 1) * sizeof(JyEvent));
	for (i = 0; i < n; i++)
	{
		uint8_t		a = data[2 + len + 2 * i];
		uint8_t		b = data[3 + len + 2 * i];

		ts += (a & 0x80) ? ((int64_t) (a & 0x7f) << 36) : (a & 0x0f);
		ev[i].ts = ts - (INT64_C(1) << 40);
		ev[i].mask = nconds == 64 ? (uint64_t) b << (8 * ((a >> 4) & 7)) :
			b & ((UINT64_C(1) << nconds) - 1);
	}

	if (jy_sequence_match(pat, ev, n, &fz_mem, &matched) != JY_OK ||
		jy_sequence_count(pat, ev, n, &fz_mem, &count) != JY_OK)
		fail("engine error", text, len);
	if (count > n || (count > 0 && !matched))
		fail("count inconsistent with match", text, len);

	if (n <= ORACLE_EVENTS && pat->nitems <= ORACLE_ITEMS)
	{
		int			want_match = oracle_match(pat, ev, n, scratch, 1000000);
		long long	want_count = oracle_count(pat, ev, n, scratch, 1000000);

		if (want_match >= 0 && want_match != (int) matched)
			fail("sequence_match differs from the oracle", text, len);
		if (want_count >= 0 && want_count != (long long) count)
			fail("sequence_count differs from the oracle", text, len);
	}
	free(ev);
	free(scratch);
	jy_pattern_free(pat, &fz_mem);
	return 0;
}
