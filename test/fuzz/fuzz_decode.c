/*
 * fuzz_decode.c -- libFuzzer target for every decoder of untrusted bytes
 *
 * Byte 0 picks the decoder; the rest is its input: the serialized states of
 * window_funnel, sequence_match, sequence_next_node, funnel_counts and the
 * journey map aggregates, and the journey type's binary form.  Every input must decode or be rejected
 * with JY_ERR_CORRUPT and a reason -- never read out of bounds (ASan) or
 * overflow (UBSan).  What decodes is encoded again and must give the same
 * bytes: the formats have one encoding per value.  Timestamps of accepted
 * timestamptz/timestamp states are ones PostgreSQL holds (jy_ts_valid).
 *
 * Journeys: an accepted journey's text form round-trips -- its JSON text
 * (jy_journey_json), read back touch by touch with jy_iso_parse and the
 * label unescaped, builds a journey with exactly the input bytes.  The
 * trusted readers (jy_journey_read, the peeks) run on every input too: on
 * any bytes they stay in bounds and give label ids below nlabels; on
 * accepted bytes they give the full decoder's values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/codec.h"
#include "core/funnel.h"
#include "core/isotime.h"
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

/* Accepted timestamptz / timestamp events hold PostgreSQL timestamps */
static void
fz_times_ok(uint8_t tstype, const JyEvent *ev, uint32_t n)
{
	uint32_t	i;

	if (tstype == JY_TS_TYPE_BIGINT)
		return;
	for (i = 0; i < n; i++)
		fz_check(jy_ts_valid(ev[i].ts), "an accepted state holds a timestamp out of range");
}

/*
 * Evaluate an accepted funnel state's events as the final functions do:
 * the level and times (any mode, any_order included) and the attempts
 * (totals) must succeed, stay in range and agree
 */
static void
fz_funnel_eval(JyFunnelSpec *spec, JyEvent *ev, uint32_t n)
{
	int64_t		times[JY_MAX_STEPS];
	uint64_t	counts[JY_MAX_STEPS];
	int			level,
				k;
	JyStatus	st;

	if (n > 2000)
		return;					/* (strict_once may be slow on huge inputs) */
	jy_sort_events(ev, n, &fz_mem);
	st = jy_funnel_eval(ev, n, spec, &fz_mem, &level, times);
	if (st == JY_ERR_TOO_MANY_CHAINS)
		return;
	fz_check(st == JY_OK, "an accepted funnel state does not evaluate");
	fz_check(level >= 0 && level <= spec->nsteps, "funnel level out of range");
	for (k = 1; k < level; k++)
		fz_check(times[k - 1] <= times[k], "funnel times out of order");
	if (spec->flags & JY_FUNNEL_FIRST_TIME)
		return;
	st = jy_funnel_attempts(ev, n, spec, &fz_mem, counts);
	if (st == JY_ERR_TOO_MANY_CHAINS)
		return;
	fz_check(st == JY_OK, "an accepted funnel state has no attempts");
	for (k = 1; k < spec->nsteps; k++)
		fz_check(counts[k] <= counts[k - 1], "attempts increase along the funnel");
	fz_check((level > 0) == (counts[0] > 0), "attempts and level disagree on step 1");
}

static void
fz_funnel(const uint8_t *in, size_t len)
{
	JyFunnelSpec spec = {0};
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
		fz_times_ok(tstype, ev, n);
		out = malloc(len + 1);
		jy_funnel_state_encode(&spec, tstype, ev, n, out);
		fz_check(memcmp(out, in, len) == 0, "funnel state does not encode back");
		free(out);
		fz_funnel_eval(&spec, ev, n);
	}
	free(ev);
}

/* The same for a funnel state with per-step gaps (version 2) */
static void
fz_funnel_gaps(const uint8_t *in, size_t len)
{
	JyFunnelSpec spec = {0};
	uint64_t	within[JY_MAX_STEPS];
	uint8_t		tstype;
	uint32_t	n;
	const char *why = NULL;
	JyEvent    *ev;
	uint8_t    *out;
	int			k;

	if (jy_funnel_gaps_state_decode_header(in, len, 3, &spec, within, &tstype, &n, &why) != JY_OK)
	{
		fz_check(why != NULL, "funnel gaps header rejected without a reason");
		return;
	}
	for (k = 1; k < spec.nsteps; k++)
		fz_check(within[k] <= (uint64_t) INT64_MAX, "an accepted gap is out of range");
	fz_check(len == jy_funnel_gaps_state_size(spec.nsteps, n), "funnel gaps state of the wrong size accepted");
	ev = malloc(((size_t) n + 1) * sizeof(JyEvent));
	if (jy_funnel_state_decode_events(in, &spec, n, ev, &why) == JY_OK)
	{
		fz_times_ok(tstype, ev, n);
		out = malloc(len + 1);
		jy_funnel_gaps_state_encode(&spec, tstype, ev, n, out);
		fz_check(memcmp(out, in, len) == 0, "funnel gaps state does not encode back");
		free(out);
		fz_funnel_eval(&spec, ev, n);
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
		fz_times_ok(tstype, ev, n);
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

/* Expect the literal word at *p; advance past it */
static int
fz_eat(const char **p, const char *end, const char *word)
{
	size_t		n = strlen(word);

	if ((size_t) (end - *p) < n || memcmp(*p, word, n) != 0)
		return 0;
	*p += n;
	return 1;
}

/*
 * Read a journey's JSON text as jy_journey_json writes it -- [["ts",
 * "label"], ...] -- into a builder: timestamps with jy_iso_parse, labels
 * unescaped (\" \\ \n \t \r \u00XX).  Returns 0 when the text is not of
 * that form.
 */
static int
fz_read_text(const char *s, size_t len, JyJourneyBuilder *b)
{
	const char *p = s,
			   *end = s + len;
	char	   *label = malloc(len + 1);
	int			first = 1,
				ok = 0;

	if (!fz_eat(&p, end, "["))
		goto done;
	while (!fz_eat(&p, end, "]"))
	{
		const char *ts = NULL;
		size_t		tl = 0,
					ll = 0;
		int64_t		v;

		if (!fz_eat(&p, end, first ? "[\"" : ", [\""))
			goto done;
		first = 0;
		ts = p;
		while (p < end && *p != '"')
			p++;
		tl = (size_t) (p - ts);
		if (!fz_eat(&p, end, "\", \"") || jy_iso_parse(ts, tl, &v) != NULL)
			goto done;
		while (p < end && *p != '"')
		{
			char		c = *p++;

			if (c == '\\')
			{
				if (p >= end)
					goto done;
				c = *p++;
				if (c == 'n')
					c = '\n';
				else if (c == 't')
					c = '\t';
				else if (c == 'r')
					c = '\r';
				else if (c == 'u')
				{
					unsigned	x;

					if (end - p < 4 || sscanf(p, "%4x", &x) != 1)
						goto done;
					c = (char) x;
					p += 4;
				}
			}
			label[ll++] = c;
		}
		if (!fz_eat(&p, end, "\"]"))
			goto done;
		fz_check(jy_builder_add(b, &fz_mem, v, label, (uint32_t) ll) == JY_OK,
				 "rebuilding a journey from its text failed");
	}
	ok = p == end;
done:
	free(label);
	return ok;
}

/* The trusted readers over any bytes; on accepted bytes, equal to j */
static void
fz_trusted(const uint8_t *in, size_t len, const JyJourney *full)
{
	JyJourney	r;
	const char *why = NULL;
	uint32_t	i,
				n,
				pn;
	int64_t		first = 0,
				last = 0;
	JyStatus	rst = jy_journey_read(in, len, &fz_mem, &r, &why);
	JyStatus	cst = jy_journey_peek_count(in, len < JY_JOURNEY_COUNT_PREFIX ? len : JY_JOURNEY_COUNT_PREFIX,
											&n, &why);
	JyStatus	est = jy_journey_peek_ends(in, len, true, &pn, &first, &last, &why);

	if (rst != JY_OK)
	{
		fz_check(rst == JY_ERR_CORRUPT && why != NULL, "trusted read failed without a reason");
		fz_check(full == NULL, "trusted read refused an accepted journey");
		return;
	}
	for (i = 0; i < r.n; i++)
		fz_check(r.label[i] < r.nlabels, "trusted read gave a label id out of range");
	/* labels in the input, or unpacked (6-bit labels) into the decoded text */
	for (i = 0; i < r.nlabels; i++)
		fz_check(((const uint8_t *) r.label_text[i] >= in &&
				  (const uint8_t *) r.label_text[i] + r.label_len[i] <= in + len) ||
				 (r.text != NULL && r.label_text[i] >= r.text &&
				  r.label_text[i] + r.label_len[i] <= r.text + len * 8 / 6 + 1),
				 "trusted read gave a label outside the input");
	if (full != NULL)
	{
		fz_check(r.n == full->n && r.nlabels == full->nlabels &&
				 (r.n == 0 || (memcmp(r.ts, full->ts, r.n * sizeof(int64_t)) == 0 &&
							   memcmp(r.label, full->label, r.n * sizeof(uint32_t)) == 0)),
				 "trusted read differs from the full decode");
		for (i = 0; i < r.nlabels; i++)
			fz_check(r.label_len[i] == full->label_len[i] &&
					 (r.label_len[i] == 0 ||
					  memcmp(r.label_text[i], full->label_text[i], r.label_len[i]) == 0),
					 "trusted read gave other labels");
		fz_check(cst == JY_OK && n == full->n, "peeked count differs");
		fz_check(est == JY_OK && pn == full->n &&
				 (full->n == 0 || (first == full->ts[0] && last == full->ts[full->n - 1])),
				 "peeked first / last differ");
	}
	jy_journey_free(&r, &fz_mem);
}

static void
fz_journey(const uint8_t *in, size_t len)
{
	JyJourney	j;
	JyJourneyBuilder b;
	const char *why = NULL;
	char	   *text;
	size_t		textlen,
				outlen;
	uint8_t    *out;
	uint32_t	i;

	if (jy_journey_decode(in, len, &fz_mem, &j, &why) != JY_OK)
	{
		fz_check(why != NULL, "journey rejected without a reason");
		fz_trusted(in, len, NULL);
		return;
	}
	fz_trusted(in, len, &j);
	for (i = 0; i < j.n; i++)
		fz_check(jy_ts_valid(j.ts[i]), "an accepted journey holds a timestamp out of range");
	/* accepted => the text form round-trips to the same bytes */
	fz_check(jy_journey_json(&j, &fz_mem, &text, &textlen) == JY_OK, "journey text failed");
	jy_builder_init(&b);
	fz_check(fz_read_text(text, textlen, &b), "journey text does not read back");
	fz_check(b.n == j.n, "journey text has another number of touches");
	/* in the input's version (1 or 2: each is canonical) */
	fz_check(jy_builder_encode_version(&b, &fz_mem, 0, in[0], &out, &outlen) == JY_OK,
			 "re-encoding failed");
	fz_check(outlen == len && memcmp(out, in, len) == 0, "journey text does not round-trip");
	free(out);
	/* and a version-1 value converts to version 2 and back unchanged */
	if (in[0] == 1)
	{
		JyJourney	j2;
		uint8_t    *back;
		size_t		backlen;

		fz_check(jy_builder_encode(&b, &fz_mem, 0, &out, &outlen) == JY_OK, "re-encoding failed");
		fz_check(jy_journey_decode(out, outlen, &fz_mem, &j2, &why) == JY_OK,
				 "a version-1 value re-encoded is refused");
		jy_builder_free(&b, &fz_mem);
		jy_builder_init(&b);
		fz_check(jy_builder_add_journey(&b, &fz_mem, &j2) == JY_OK, "rebuilding failed");
		fz_check(jy_builder_encode_version(&b, &fz_mem, 0, 1, &back, &backlen) == JY_OK,
				 "re-encoding failed");
		fz_check(backlen == len && memcmp(back, in, len) == 0,
				 "version 1 -> 2 -> 1 does not round-trip");
		free(back);
		free(out);
		jy_journey_free(&j2, &fz_mem);
	}
	free(text);
	jy_builder_free(&b, &fz_mem);
	jy_journey_free(&j, &fz_mem);
}

/*
 * The journey map state: the map text is taken as it is (its stage count,
 * which a real decoder learns by parsing it, is derived from its length);
 * what decodes encodes back to the same bytes
 */
static void
fz_map(const uint8_t *in, size_t len)
{
	const char *text;
	const char *why = NULL;
	size_t		textlen;
	uint32_t	n;
	int			nstages;
	JyEvent    *ev;
	uint8_t    *out;

	if (jy_map_state_decode_text(in, len, &text, &textlen, &why) != JY_OK)
	{
		fz_check(why != NULL, "map state rejected without a reason");
		return;
	}
	nstages = (int) (textlen % 63) + 1;
	if (jy_map_state_decode_events(in, len, nstages, &n, NULL, &why) != JY_OK)
	{
		fz_check(why != NULL, "map state rejected without a reason");
		return;
	}
	ev = malloc(((size_t) n + 1) * sizeof(JyEvent));
	if (jy_map_state_decode_events(in, len, nstages, &n, ev, &why) == JY_OK)
	{
		out = malloc(jy_map_state_size(textlen, n, nstages));
		fz_check(jy_map_state_encode(text, textlen, nstages, ev, n, out) == len &&
				 memcmp(out, in, len) == 0, "map state does not encode back");
		free(out);
	}
	else
		fz_check(why != NULL, "map state rejected without a reason");
	free(ev);
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
	switch (data[0] % 6)
	{
		case 5:
			fz_map(copy, size - 1);
			break;
		case 0:
			fz_funnel(copy, size - 1);
			fz_funnel_gaps(copy, size - 1);
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
