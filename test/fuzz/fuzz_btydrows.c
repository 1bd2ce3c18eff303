/*
 * fuzz_btydrows.c -- libFuzzer target for the BTYD fit state
 * (core/btydrows.h) and the customer summary's partial state
 * (jy_cust_state_encode/decode of core/custsummary.h)
 *
 * The first byte selects (modulo 5):
 *   0  the rest as fit state bytes: a decode that succeeds holds rows that
 *      pass jy_btyd_row_reason, re-encodes to the same bytes and decodes
 *      again to the same rows; collapsing it gives sorted distinct rows of
 *      the same total weight; one that fails gives a reason and an empty
 *      set; with every allocation failing, only an empty state decodes
 *   1  the rest as customer summary state bytes: likewise, and the summary
 *      of the decoded transactions (when the split allows one) is a row the
 *      fits accept
 *   2  the rest as rows (3 bytes each, from a small alphabet, valid),
 *      added to one of two sets (collapsing on the way when a bit says so)
 *      and all to a third; the merge of the two equals the third and a
 *      brute-force tally, weights exact; the encoding round-trips
 *   3  as 2 without the tally, then the encoding of one of the two sets,
 *      mutated by the last bytes (xor at a position, truncation), checked
 *      as in 0
 *   4  a valid customer summary state built from the bytes, checked as in
 *      1, then mutated by the later bytes and checked again
 * The harness has no corpus of its own for this target, so 2 and 3 make
 * valid bytes from any input.  Nothing may be undefined behaviour (UBSan),
 * read out of bounds (ASan) or leak (LSan).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/btydrows.h"
#include "core/custsummary.h"
#include "fuzz.h"

static void
fz_check(int ok, const char *what)
{
	if (!ok)
	{
		fprintf(stderr, "fuzz_btydrows: %s\n", what);
		abort();
	}
}

static void *
fz_fail_alloc(void *arg, size_t size)
{
	(void) arg;
	(void) size;
	return NULL;
}

static void *
fz_fail_resize(void *arg, void *ptr, size_t size)
{
	(void) arg;
	(void) ptr;
	(void) size;
	return NULL;
}

/* Every allocation fails */
static const JyMem fz_fail_mem = {fz_fail_alloc, fz_fail_resize, fz_release, NULL, NULL};

/* The order of the collapse: by (x, t_x, T) */
static int
row_cmp(const JyRfmTriple *a, const JyRfmTriple *b)
{
	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->t_x != b->t_x)
		return a->t_x < b->t_x ? -1 : 1;
	return (a->T > b->T) - (a->T < b->T);
}

/* Are the rows of a and b the same, bit for bit? */
static int
same_sets(const JyBtydRows *a, const JyBtydRows *b)
{
	return a->kind == b->kind && a->n == b->n &&
		(a->n == 0 || memcmp(a->rows, b->rows, a->n * sizeof(JyRfmTriple)) == 0);
}

/* Encode s into w (checked) */
static void
encode_rows(const JyBtydRows *s, JyWriter *w)
{
	jy_writer_init(w, &fz_mem);
	jy_btyd_rows_encode(s, w);
	fz_check(w->status == JY_OK, "encoding a set failed");
}

/* Sum of the weights */
static double
total_weight(const JyBtydRows *s)
{
	double		t = 0;
	size_t		i;

	for (i = 0; i < s->n; i++)
		t += s->rows[i].weight;
	return t;
}

/* Collapsed: strictly increasing, hence distinct */
static void
check_sorted(const JyBtydRows *s)
{
	size_t		i;

	fz_check(s->distinct == s->n, "collapse left uncollapsed rows");
	for (i = 1; i < s->n; i++)
		fz_check(row_cmp(&s->rows[i - 1], &s->rows[i]) < 0, "collapsed rows not sorted and distinct");
}

/* Mode 0: fit state bytes */
static void
check_rows_bytes(const uint8_t *in, size_t len)
{
	JyBtydRows	s,
				again;
	const char *why = NULL;
	JyStatus	st = jy_btyd_rows_decode(in, len, &fz_mem, &s, &why);
	JyWriter	w;
	size_t		i,
				before_n;
	double		before,
				after;

	/* with no memory: corrupt, out of memory, or an empty state */
	{
		JyBtydRows	f;
		const char *fwhy = NULL;
		JyStatus	fst = jy_btyd_rows_decode(in, len, &fz_fail_mem, &f, &fwhy);

		/* it allocates after the header's checks and before the rows' */
		fz_check(fst == JY_OK ? st == JY_OK && s.n == 0 :
				 fst == JY_ERR_CORRUPT ? st == JY_ERR_CORRUPT :
				 fst == JY_ERR_OUT_OF_MEMORY && (st != JY_OK || s.n > 0),
				 "decode without memory disagrees");
		fz_check(f.rows == NULL && f.n == 0, "decode without memory kept rows");
	}
	if (st != JY_OK)
	{
		fz_check(st == JY_ERR_CORRUPT, "decode failed with another status");
		fz_check(why != NULL && why[0] != '\0', "corrupt state without a reason");
		fz_check(s.rows == NULL && s.n == 0, "failed decode kept rows");
		return;
	}
	fz_check(s.kind == JY_BTYD_ROWS_RFM || s.kind == JY_BTYD_ROWS_SPEND, "decoded an unknown kind");
	for (i = 0; i < s.n; i++)
		fz_check(jy_btyd_row_reason((JyBtydRowKind) s.kind, &s.rows[i]) == NULL,
				 "decoded a row the reason refuses");
	/* canonical: the same bytes again, and the same rows from them */
	encode_rows(&s, &w);
	fz_check(w.len == len && memcmp(w.buf, in, len) == 0, "re-encoding gives other bytes");
	fz_check(jy_btyd_rows_decode(w.buf, w.len, &fz_mem, &again, &why) == JY_OK,
			 "re-encoded state does not decode");
	fz_check(same_sets(&s, &again), "decoding again gives other rows");
	jy_btyd_rows_free(&again, &fz_mem);
	jy_writer_free(&w);

	/* collapse: sorted, distinct, no more rows, the same total weight */
	before = total_weight(&s);
	before_n = s.n;
	jy_btyd_rows_collapse(&s, &fz_mem);
	check_sorted(&s);
	fz_check(s.n <= before_n && (s.n > 0) == (before_n > 0), "collapse changed the row count wrongly");
	after = total_weight(&s);
	if (isfinite(before) && isfinite(after))
		fz_check(fabs(before - after) <= 1e-12 * fmax(fabs(before), fabs(after)),
				 "collapse changed the total weight");
	jy_btyd_rows_free(&s, &fz_mem);
}

/* Mode 1: customer summary state bytes */
static void
check_cust_bytes(const uint8_t *in, size_t len)
{
	JyCustSplit split,
				split2;
	JyCustTx   *tx = NULL,
			   *tx2 = NULL;
	size_t		n = 0,
				n2 = 0;
	const char *why = NULL;
	JyStatus	st = jy_cust_state_decode(in, len, &fz_mem, &split, &tx, &n, &why);
	JyWriter	w;
	JyCustSummary sum;

	{
		JyCustSplit fs;
		JyCustTx   *ftx = NULL;
		size_t		fn = 0;
		const char *fwhy = NULL;
		JyStatus	fst = jy_cust_state_decode(in, len, &fz_fail_mem, &fs, &ftx, &fn, &fwhy);

		fz_check(fst == JY_OK ? st == JY_OK && n == 0 :
				 fst == JY_ERR_CORRUPT ? st == JY_ERR_CORRUPT :
				 fst == JY_ERR_OUT_OF_MEMORY && (st != JY_OK || n > 0),
				 "customer decode without memory disagrees");
		fz_check(ftx == NULL && (fst != JY_OK || fn == 0), "customer decode without memory kept rows");
	}
	if (st != JY_OK)
	{
		fz_check(st == JY_ERR_CORRUPT, "customer decode failed with another status");
		fz_check(why != NULL && why[0] != '\0', "corrupt customer state without a reason");
		fz_check(tx == NULL && n == 0, "failed customer decode kept transactions");
		return;
	}
	fz_check((n == 0) == (tx == NULL), "transactions and their count disagree");
	fz_check(split.unit > 0 && split.origin >= 0 && split.origin < split.unit,
			 "decoded an invalid split");
	fz_check(!split.has_holdout || split.obs_end >= split.cal_end, "decoded obs_end < cal_end");
	jy_writer_init(&w, &fz_mem);
	jy_cust_state_encode(&w, &split, tx, n);
	fz_check(w.status == JY_OK, "encoding a customer state failed");
	fz_check(w.len == len && memcmp(w.buf, in, len) == 0, "customer re-encoding gives other bytes");
	fz_check(jy_cust_state_decode(w.buf, w.len, &fz_mem, &split2, &tx2, &n2, &why) == JY_OK,
			 "re-encoded customer state does not decode");
	fz_check(n2 == n && split2.unit == split.unit && split2.origin == split.origin &&
			 split2.cal_end == split.cal_end && split2.has_holdout == split.has_holdout &&
			 split2.obs_end == split.obs_end &&
			 (n == 0 || memcmp(tx2, tx, n * sizeof(JyCustTx)) == 0),
			 "decoding the customer state again differs");
	free(tx2);
	jy_writer_free(&w);

	/* the summary, where the split allows one, is a row the fits take */
	if (jy_cust_summary(tx, n, &split, &fz_mem, &sum) == JY_OK && sum.in_calibration)
	{
		JyRfmTriple row = {(double) sum.x, (double) sum.t_x, (double) sum.T, 1};

		fz_check(sum.x >= 0 && sum.t_x >= 0 && sum.t_x <= sum.T, "summary out of range");
		fz_check(sum.has_spend == (sum.x > 0), "spend present without repeat purchases");
		fz_check(sum.holdout_x >= 0, "negative holdout frequency");
		fz_check(jy_btyd_row_reason(JY_BTYD_ROWS_RFM, &row) == NULL,
				 "a customer summary the fits refuse");
	}
	free(tx);
}

/* A valid row of a kind from 3 input bytes (small alphabet: many duplicates) */
static JyRfmTriple
make_row(JyBtydRowKind kind, const uint8_t *b)
{
	JyRfmTriple t;

	if (kind == JY_BTYD_ROWS_SPEND)
	{
		t.x = 1 + b[0] % 8;
		t.t_x = 0.5 * (1 + b[1] % 16);
		t.T = 0;
	}
	else
	{
		t.T = b[0] % 12;
		t.x = t.T == 0 ? 0 : b[1] % 6;
		t.t_x = t.x == 0 ? 0 : 1 + b[2] % (unsigned) t.T;
	}
	t.weight = 0.5 * (b[2] >> 4);	/* 0 .. 7.5: sums exact */
	return t;
}

/* Brute-force tally of t[0..n): does the collapsed s hold exactly it? */
static void
check_against_tally(const JyBtydRows *s, const JyRfmTriple *t, size_t n)
{
	size_t		i,
				j,
				distinct = 0;
	double		total = 0;

	check_sorted(s);
	for (i = 0; i < n; i++)
	{
		double		w = 0;
		int			first = 1;

		for (j = 0; j < n; j++)
			if (row_cmp(&t[i], &t[j]) == 0)
			{
				w += t[j].weight;
				if (j < i)
					first = 0;
			}
		distinct += first;
		total += t[i].weight;
		for (j = 0; j < s->n; j++)
			if (row_cmp(&t[i], &s->rows[j]) == 0)
				break;
		fz_check(j < s->n, "a row added is missing");
		fz_check(s->rows[j].weight == w, "a row's weight is not the sum of its copies");
	}
	fz_check(s->n == distinct, "more rows than distinct ones added");
	fz_check(total_weight(s) == total, "total weight changed");
}

/*
 * Rows from in[0..len) (in[0] picks the kind) into two sets and all into a
 * third; check (mode 2) compares with the tally, else (mode 3) mutates
 */
static void
build_sets(const uint8_t *in, size_t len, int check)
{
	JyBtydRowKind kind = len > 0 && (in[0] & 1) ? JY_BTYD_ROWS_SPEND : JY_BTYD_ROWS_RFM;
	JyBtydRows	a,
				b,
				all;
	size_t		n = len > 0 ? (len - 1) / 3 : 0,
				i;
	JyRfmTriple *t = malloc((n + 1) * sizeof(JyRfmTriple));
	JyWriter	w;

	jy_btyd_rows_init(&a, kind);
	jy_btyd_rows_init(&b, kind);
	jy_btyd_rows_init(&all, kind);
	for (i = 0; i < n; i++)
	{
		const uint8_t *p = in + 1 + 3 * i;
		JyBtydRows *into = (p[1] & 0x40) ? &b : &a;

		t[i] = make_row(kind, p);
		fz_check(jy_btyd_row_reason(kind, &t[i]) == NULL, "built an invalid row");
		fz_check(jy_btyd_rows_add(into, &fz_mem, &t[i]) == JY_OK, "add failed");
		fz_check(jy_btyd_rows_add(&all, &fz_mem, &t[i]) == JY_OK, "add failed");
		fz_check(into->n <= into->cap, "more rows than room");
		if (p[1] & 0x80)
			jy_btyd_rows_collapse(into, &fz_mem);
	}
	fz_check(jy_btyd_rows_merge(&a, &fz_mem, &b) == JY_OK, "merge failed");
	jy_btyd_rows_collapse(&a, &fz_mem);
	jy_btyd_rows_collapse(&all, &fz_mem);
	fz_check(same_sets(&a, &all), "merge differs from adding everything to one set");
	if (check)
		check_against_tally(&a, t, n);

	/* a set of the other kind does not merge */
	{
		JyBtydRows	other;

		jy_btyd_rows_init(&other, kind == JY_BTYD_ROWS_RFM ? JY_BTYD_ROWS_SPEND : JY_BTYD_ROWS_RFM);
		fz_check(jy_btyd_rows_merge(&a, &fz_mem, &other) == JY_ERR_BAD_PARAMETER,
				 "merged sets of different kinds");
	}
	encode_rows(&a, &w);
	check_rows_bytes(w.buf, w.len);
	jy_writer_free(&w);

	/* mode 3: mutate the encoding of the uncollapsed b */
	if (!check)
	{
		size_t		k;
		uint8_t    *buf;
		size_t		blen;

		encode_rows(&b, &w);
		blen = w.len;
		buf = malloc(blen);
		memcpy(buf, w.buf, blen);
		jy_writer_free(&w);
		for (k = 0; k < 8 && len >= 3 + 2 * k; k++)
		{
			const uint8_t *p = in + (len - 2 - 2 * k);

			if (p[0] == 0xff)
				blen = p[1] % (blen + 1);
			else if (blen > 0)
				buf[(p[0] * 131u + k) % blen] ^= p[1];
		}
		check_rows_bytes(buf, blen);
		free(buf);
	}
	jy_btyd_rows_free(&a, &fz_mem);
	jy_btyd_rows_free(&b, &fz_mem);
	jy_btyd_rows_free(&all, &fz_mem);
	free(t);
}

/* The next byte of the input (0 past the end) */
static uint8_t
next_byte(const uint8_t *in, size_t len, size_t *at)
{
	return *at < len ? in[(*at)++] : 0;
}

/* Mode 3 for the customer state: a valid state from the input, mutated */
static void
mutate_cust(const uint8_t *in, size_t len)
{
	static const int64_t units[] = {1, 1000, JY_CUST_DAY, JY_CUST_WEEK, INT64_MAX};
	size_t		at = 0,
				n,
				i,
				k;
	JyCustSplit split;
	JyCustTx	tx[64];
	JyWriter	w;
	uint8_t    *buf;
	size_t		blen;

	split.unit = units[next_byte(in, len, &at) % 5];
	split.origin = (int64_t) (next_byte(in, len, &at) * (uint64_t) 0x9e3779b97f4a7c15ULL %
							  (uint64_t) split.unit);
	split.cal_end = (int64_t) ((uint64_t) next_byte(in, len, &at) << 56) / 2;
	split.cal_end += next_byte(in, len, &at);
	split.has_holdout = next_byte(in, len, &at) & 1;
	/* |cal_end| < 2^62 + 256 and 0 <= d < 2^63: only a positive cal_end can overflow */
	if (split.has_holdout)
	{
		int64_t		d = split.unit / 256 * next_byte(in, len, &at);

		split.obs_end = split.cal_end > 0 && d > INT64_MAX - split.cal_end ?
			INT64_MAX : split.cal_end + d;
	}
	else
		split.obs_end = split.cal_end - 7;
	n = next_byte(in, len, &at) % 64;
	for (i = 0; i < n; i++)
	{
		uint8_t		c = next_byte(in, len, &at);
		int64_t		step = split.unit / 4 + 1;

		if (step > (INT64_C(1) << 53))
			step = INT64_C(1) << 53;
		tx[i].ts = split.cal_end + ((int64_t) c - 128) * step;
		tx[i].value = (next_byte(in, len, &at) - 64) / 4.0;
	}
	jy_writer_init(&w, &fz_mem);
	jy_cust_state_encode(&w, &split, tx, n);
	fz_check(w.status == JY_OK, "encoding a customer state failed");
	check_cust_bytes(w.buf, w.len);	/* the valid state itself */
	blen = w.len;
	buf = malloc(blen);
	memcpy(buf, w.buf, blen);
	jy_writer_free(&w);
	for (k = 0; k < 8 && at + 2 <= len; k++)
	{
		uint8_t		p0 = next_byte(in, len, &at),
					p1 = next_byte(in, len, &at);

		if (p0 == 0xff)
			blen = p1 % (blen + 1);
		else if (blen > 0)
			buf[(p0 * 131u + k) % blen] ^= p1;
	}
	check_cust_bytes(buf, blen);
	free(buf);
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	switch (data[0] % 5)
	{
		case 0:
			check_rows_bytes(data + 1, size - 1);
			break;
		case 1:
			check_cust_bytes(data + 1, size - 1);
			break;
		case 2:
			build_sets(data + 1, size - 1, 1);
			break;
		case 3:
			build_sets(data + 1, size - 1, 0);
			break;
		default:
			mutate_cust(data + 1, size - 1);
			break;
	}
	return 0;
}
