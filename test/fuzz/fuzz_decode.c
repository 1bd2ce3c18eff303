/*
 * fuzz_decode.c -- libFuzzer target for every decoder of untrusted bytes
 *
 * Byte 0 picks the decoder; the rest is its input: the serialized states of
 * window_funnel, sequence_match, sequence_next_node and funnel_counts, and
 * the journey type's binary form.  Every input must decode or be rejected
 * with JY_ERR_CORRUPT and a reason -- never read out of bounds (ASan) or
 * overflow (UBSan).  What decodes is encoded again and must give the same
 * bytes: the formats have one encoding per value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/journey.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_decode: %s\n", what);
		abort();
	}
}

static void
fz_funnel(const uint8_t *in, size_t len)
{
	JyFunnelSpec spec;
	uint8_t		tstype;
	uint32_t	n;
	const char *why = NULL;
	JyEvent    *ev;
	uint8_t    *out;

	if (jy_funnel_state_decode_header(in, len, 3, &spec, &tstype, &n, &why) != JY_OK)
	{
		fz_check(why != NULL, "funnel header rejected without a reason");
		return;
	}
	ev = malloc(((size_t) n + 1) * sizeof(JyEvent));
	if (jy_funnel_state_decode_events(in, &spec, n, ev, &why) == JY_OK)
	{
		out = malloc(len + 1);
		jy_funnel_state_encode(&spec, tstype, ev, n, out);
		fz_check(memcmp(out, in, len) == 0, "funnel state does not encode back");
		free(out);
	}
	free(ev);
}

static void
fz_seq(const uint8_t *in, size_t len)
{
	uint8_t		tstype;
	int			nconds;
	uint32_t	patlen,
				n;
	const char *why = NULL;
	JyEvent    *ev;
	uint8_t    *out;

	if (jy_seq_state_decode_header(in, len, 3, &tstype, &nconds, &patlen, &n, &why) != JY_OK)
	{
		fz_check(why != NULL, "sequence header rejected without a reason");
		return;
	}
	ev = malloc(((size_t) n + 1) * sizeof(JyEvent));
	if (jy_events_decode(in + JY_SEQ_HEADER_SIZE + patlen, n, nconds, ev, &why) == JY_OK)
	{
		out = malloc(len + 1);
		jy_seq_state_encode(tstype, nconds, (const char *) in + JY_SEQ_HEADER_SIZE,
							patlen, ev, n, out);
		fz_check(memcmp(out, in, len) == 0, "sequence state does not encode back");
		free(out);
	}
	free(ev);
}

static void
fz_node(const uint8_t *in, size_t len)
{
	JyNodeDirection dir;
	JyNodeBase	base;
	int			nevents;
	uint32_t	n;
	const char *why = NULL;
	JyNodeRow  *rows;
	uint8_t    *out;

	if (jy_node_state_decode(in, len, &dir, &base, &nevents, &n, NULL, &why) != JY_OK)
	{
		fz_check(why != NULL, "node header rejected without a reason");
		return;
	}
	rows = malloc(((size_t) n + 1) * sizeof(JyNodeRow));
	if (jy_node_state_decode(in, len, &dir, &base, &nevents, &n, rows, &why) == JY_OK)
	{
		fz_check(jy_node_state_size(rows, n, nevents, len) == len, "node state size differs");
		out = malloc(len + 1);
		jy_node_state_encode(dir, base, nevents, rows, n, out);
		fz_check(memcmp(out, in, len) == 0, "node state does not encode back");
		free(out);
	}
	else
		fz_check(why != NULL, "node rows rejected without a reason");
	free(rows);
}

static void
fz_counts(const uint8_t *in, size_t len)
{
	int64_t		counts[JY_MAX_STEPS];
	int			nsteps;
	const char *why = NULL;

	if (jy_counts_state_decode(in, len, counts, &nsteps, &why) != JY_OK)
		fz_check(why != NULL, "counts state rejected without a reason");
}

static void
fz_journey(const uint8_t *in, size_t len)
{
	JyJourney	j;
	const char *why = NULL;

	if (jy_journey_decode(in, len, &fz_mem, &j, &why) != JY_OK)
	{
		fz_check(why != NULL, "journey rejected without a reason");
		return;
	}
	jy_journey_free(&j, &fz_mem);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t    *copy;

	if (size < 1)
		return 0;
	/* an exact-size copy, so ASan sees reads past the end */
	copy = malloc(size - 1 > 0 ? size - 1 : 1);
	memcpy(copy, data + 1, size - 1);
	switch (data[0] % 5)
	{
		case 0:
			fz_funnel(copy, size - 1);
			break;
		case 1:
			fz_seq(copy, size - 1);
			break;
		case 2:
			fz_node(copy, size - 1);
			break;
		case 3:
			fz_counts(copy, size - 1);
			break;
		default:
			fz_journey(copy, size - 1);
			break;
	}
	free(copy);
	return 0;
}
