/*
 * test_btydrows.c -- unit tests of the BTYD fit state (core/btydrows.h):
 * every reason a row is refused; sets built by adding, merging and
 * collapsing, against an independent oracle (a qsort of a copy and a
 * linear tally); the byte form against bytes written by hand, its round
 * trip and every malformed input; out of memory at every allocation.
 * Allocations are counted, so that a leak is a failed check (and LSan
 * sees it too).
 */
#include "unit.h"

#include <math.h>

#include "core/btydrows.h"

/* ---------- a counting allocator that can fail ---------- */

static long live;				/* allocations not yet released */
static long fail_in = -1;		/* fail the allocation after this many; -1 never */
static bool did_fail;

/* Should this allocation fail? */
static bool
fail_now(void)
{
	if (fail_in < 0)
		return false;
	if (fail_in == 0)
	{
		did_fail = true;
		return true;
	}
	fail_in--;
	return false;
}

static void *
count_alloc(void *arg, size_t size)
{
	void	   *p;

	(void) arg;
	if (fail_now())
		return NULL;
	p = malloc(size);
	live += p != NULL;
	return p;
}

static void *
count_resize(void *arg, void *ptr, size_t size)
{
	void	   *p;

	(void) arg;
	if (fail_now())
		return NULL;
	p = realloc(ptr, size);
	live += p != NULL && ptr == NULL;
	return p;
}

static void
count_release(void *arg, void *ptr)
{
	(void) arg;
	live -= ptr != NULL;
	free(ptr);
}

static const JyMem mem = {count_alloc, count_resize, count_release, unit_interrupt, NULL};

/* ---------- the oracle ---------- */

static int
oracle_cmp(const void *pa, const void *pb)
{
	const JyRfmTriple *a = pa,
			   *b = pb;

	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->t_x != b->t_x)
		return a->t_x < b->t_x ? -1 : 1;
	if (a->T != b->T)
		return a->T < b->T ? -1 : 1;
	return 0;
}

/* The distinct triples of t[0..n), sorted, weights summed (a copy by qsort) */
static JyRfmTriple *
oracle_sorted(const JyRfmTriple *t, size_t n, size_t *out_n)
{
	JyRfmTriple *c = malloc((n ? n : 1) * sizeof(JyRfmTriple));
	size_t		i,
				k = 0;

	memcpy(c, t, n * sizeof(JyRfmTriple));
	qsort(c, n, sizeof(JyRfmTriple), oracle_cmp);
	for (i = 0; i < n; i++)
	{
		if (k > 0 && oracle_cmp(&c[k - 1], &c[i]) == 0)
			c[k - 1].weight += c[i].weight;
		else
			c[k++] = c[i];
	}
	*out_n = k;
	return c;
}

/*
 * The same by a linear tally (each row looked up among the distinct ones
 * found so far, O(n d)), then sorted by insertion: a second formulation
 * for inputs with few distinct triples
 */
static JyRfmTriple *
oracle_tally(const JyRfmTriple *t, size_t n, size_t *out_n)
{
	JyRfmTriple *c = malloc((n ? n : 1) * sizeof(JyRfmTriple));
	size_t		i,
				j,
				k = 0;

	for (i = 0; i < n; i++)
	{
		for (j = 0; j < k; j++)
			if (c[j].x == t[i].x && c[j].t_x == t[i].t_x && c[j].T == t[i].T)
				break;
		if (j < k)
			c[j].weight += t[i].weight;
		else
		{
			/* insert in order */
			for (j = k; j > 0 && oracle_cmp(&c[j - 1], &t[i]) > 0; j--)
				c[j] = c[j - 1];
			c[j] = t[i];
			k++;
		}
	}
	*out_n = k;
	return c;
}

/* Does the collapsed set hold exactly want[0..n)? */
static bool
same_rows(const JyBtydRows *s, const JyRfmTriple *want, size_t n)
{
	size_t		i;

	if (s->n != n)
	{
		fprintf(stderr, "  %zu rows, expected %zu\n", s->n, n);
		return false;
	}
	for (i = 0; i < n; i++)
		if (s->rows[i].x != want[i].x || s->rows[i].t_x != want[i].t_x ||
			s->rows[i].T != want[i].T || s->rows[i].weight != want[i].weight)
		{
			fprintf(stderr, "  row %zu: (%g, %g, %g, %g), expected (%g, %g, %g, %g)\n", i,
					s->rows[i].x, s->rows[i].t_x, s->rows[i].T, s->rows[i].weight,
					want[i].x, want[i].t_x, want[i].T, want[i].weight);
			return false;
		}
	return true;
}

/* Collapse s and compare with the qsort oracle of t[0..n) */
static void
check_collapsed(JyBtydRows *s, const JyRfmTriple *t, size_t n)
{
	size_t		k;
	JyRfmTriple *want = oracle_sorted(t, n, &k);

	jy_btyd_rows_collapse(s, &mem);
	CHECK(same_rows(s, want, k));
	CHECK_EQ(s->distinct, s->n);
	free(want);
}

/* A valid purchase row from a small grid: x 0..3, T 0..5, t_x in [1, T] */
static JyRfmTriple
grid_row(unsigned r)
{
	JyRfmTriple t;

	t.T = r % 6;
	t.x = t.T == 0 ? 0 : (r / 6) % 4;
	t.t_x = t.x == 0 ? 0 : 1 + (r / 24) % (unsigned) t.T;
	t.weight = 1 + (r / 200) % 4;
	return t;
}

/* The i-th of distinct valid purchase rows ((x, t_x) determine i) */
static JyRfmTriple
distinct_row(size_t i)
{
	JyRfmTriple t;

	t.x = 1 + i % 13;
	t.t_x = 1 + i / 13;
	t.T = t.t_x + i % 5;
	t.weight = 1 + unit_below(5);
	return t;
}

/* Shuffle t[0..n) (Fisher-Yates) */
static void
shuffle(JyRfmTriple *t, size_t n)
{
	size_t		i;

	for (i = n; i > 1; i--)
	{
		size_t		j = (size_t) (unit_rand() % i);
		JyRfmTriple tmp = t[i - 1];

		t[i - 1] = t[j];
		t[j] = tmp;
	}
}

/* ---------- the reasons ---------- */

/* Is the reason of row the one that holds word (NULL: accepted)? */
static bool
reason_is(JyBtydRowKind kind, double x, double t_x, double T, double w, const char *word)
{
	JyRfmTriple t = {x, t_x, T, w};
	const char *why = jy_btyd_row_reason(kind, &t);

	if (word == NULL ? why == NULL : (why != NULL && strstr(why, word) != NULL))
		return true;
	fprintf(stderr, "  (%g, %g, %g, %g) kind %d: reason \"%s\", expected one with \"%s\"\n",
			x, t_x, T, w, (int) kind, why ? why : "(none)", word ? word : "(none)");
	return false;
}

/* Every branch of jy_btyd_row_reason, both kinds, NaN and infinities */
static void
test_reasons(void)
{
	const JyBtydRowKind R = JY_BTYD_ROWS_RFM,
				S = JY_BTYD_ROWS_SPEND;

	/* accepted purchase rows: the edges of each rule */
	CHECK(reason_is(R, 0, 0, 0, 1, NULL));
	CHECK(reason_is(R, 0, 0, 7, 0, NULL));	/* weight 0 is allowed */
	CHECK(reason_is(R, 3, 7, 7, 2.5, NULL));	/* t_x = T, fractional weight */
	CHECK(reason_is(R, 1, 1e-9, 1e300, 1e15, NULL));
	CHECK(reason_is(R, 0.5, 0.25, 1, 1, NULL));	/* fractional figures pass */
	CHECK(reason_is(R, 0, 0, 0, -0.0, NULL));	/* -0 is >= 0 */

	/* the weight comes first, for both kinds */
	CHECK(reason_is(R, 0, 0, 0, NAN, "number of customers"));
	CHECK(reason_is(R, 0, 0, 0, INFINITY, "number of customers"));
	CHECK(reason_is(R, 0, 0, 0, -INFINITY, "number of customers"));
	CHECK(reason_is(R, 0, 0, 0, -1, "number of customers"));
	CHECK(reason_is(R, NAN, 0, 0, -1e-300, "number of customers"));
	CHECK(reason_is(S, 1, 5, 0, NAN, "number of customers"));
	CHECK(reason_is(S, 1, 5, 0, -2, "number of customers"));
	CHECK(reason_is(S, 1, 5, 0, INFINITY, "number of customers"));

	/* non-finite figures */
	CHECK(reason_is(R, NAN, 0, 0, 1, "finite"));
	CHECK(reason_is(R, 0, NAN, 0, 1, "finite"));
	CHECK(reason_is(R, 0, 0, NAN, 1, "finite"));
	CHECK(reason_is(R, INFINITY, 1, 2, 1, "finite"));
	CHECK(reason_is(R, 1, INFINITY, INFINITY, 1, "finite"));
	CHECK(reason_is(R, 0, 0, INFINITY, 1, "finite"));
	CHECK(reason_is(R, -INFINITY, 0, 0, 1, "finite"));
	CHECK(reason_is(R, 0, -INFINITY, 0, 1, "finite"));

	/* each rule of a purchase row */
	CHECK(reason_is(R, -1, 0, 0, 1, "frequency (repeat purchases) must be >= 0"));
	CHECK(reason_is(R, -1e-300, 0, 0, 1, "frequency (repeat purchases) must be >= 0"));
	CHECK(reason_is(R, 0, -1, 5, 1, "recency must be >= 0"));
	CHECK(reason_is(R, 1, -0.5, 5, 1, "recency must be >= 0"));
	CHECK(reason_is(R, 2, 6, 5, 1, "cannot exceed the age"));
	CHECK(reason_is(R, 0, 0, -1, 1, "cannot exceed the age"));	/* T < 0 = t_x */
	CHECK(reason_is(R, 2, 0, 5, 1, "with repeat purchases has a recency > 0"));
	CHECK(reason_is(R, 0, 3, 5, 1, "without repeat purchases has a recency of 0"));

	/* spend rows: (x, mean spend, 0) */
	CHECK(reason_is(S, 1, 0.01, 0, 1, NULL));
	CHECK(reason_is(S, 40, 1e300, 0, 0, NULL));
	CHECK(reason_is(S, 1, 5, -0.0, 1, NULL));
	CHECK(reason_is(S, 0, 5, 0, 1, "at least one repeat purchase"));
	CHECK(reason_is(S, 0.5, 5, 0, 1, "at least one repeat purchase"));
	CHECK(reason_is(S, -3, 5, 0, 1, "at least one repeat purchase"));
	CHECK(reason_is(S, NAN, 5, 0, 1, "at least one repeat purchase"));
	CHECK(reason_is(S, INFINITY, 5, 0, 1, "at least one repeat purchase"));
	CHECK(reason_is(S, 1, 0, 0, 1, "mean repeat spend"));
	CHECK(reason_is(S, 1, -0.0, 0, 1, "mean repeat spend"));
	CHECK(reason_is(S, 1, -5, 0, 1, "mean repeat spend"));
	CHECK(reason_is(S, 1, NAN, 0, 1, "mean repeat spend"));
	CHECK(reason_is(S, 1, INFINITY, 0, 1, "mean repeat spend"));

	/*
	 * the third figure of a spend row is 0: a row the transition accepts
	 * must be one the decoder accepts (it refused these; the reason did not)
	 */
	CHECK(reason_is(S, 1, 5, 3, 1, "third figure"));
	CHECK(reason_is(S, 1, 5, NAN, 1, "third figure"));
	CHECK(reason_is(S, 1, 5, -INFINITY, 1, "third figure"));

	/* a purchase row's rules do not apply to spend rows, nor the reverse */
	CHECK(reason_is(S, 2, 9, 0, 1, NULL));	/* "t_x" 9 > "T" 0 */
	CHECK(reason_is(R, 0, 0, 5, 1, NULL));	/* x 0 is no spend row, but a purchase row */
}

/* ---------- building sets ---------- */

/* Add t[0..n) to s (every add must succeed) */
static void
add_all(JyBtydRows *s, const JyRfmTriple *t, size_t n)
{
	size_t		i;
	int			failed = 0;

	for (i = 0; i < n; i++)
	{
		CHECK(jy_btyd_row_reason((JyBtydRowKind) s->kind, &t[i]) == NULL);
		failed += jy_btyd_rows_add(s, &mem, &t[i]) != JY_OK;
	}
	CHECK_EQ(failed, 0);
	CHECK(s->n <= s->cap);
}

/* Empty and single-row sets; collapse of each is a no-op or exact */
static void
test_small(void)
{
	JyBtydRows	s;
	JyRfmTriple a = {1, 2, 3, 4},
				b = {0, 0, 3, 1};

	jy_btyd_rows_init(&s, JY_BTYD_ROWS_RFM);
	CHECK_EQ(s.kind, JY_BTYD_ROWS_RFM);
	CHECK_EQ(s.n, 0);
	CHECK(s.rows == NULL);
	jy_btyd_rows_collapse(&s, &mem);
	CHECK_EQ(s.n, 0);
	jy_btyd_rows_free(&s, &mem);
	CHECK_EQ(live, 0);

	CHECK_EQ(jy_btyd_rows_add(&s, &mem, &a), JY_OK);
	CHECK_EQ(s.n, 1);
	CHECK_EQ(s.cap, 8);			/* jy_grow starts at 8 */
	jy_btyd_rows_collapse(&s, &mem);
	CHECK_EQ(s.n, 1);
	CHECK(s.rows[0].weight == 4);
	/* the same row again and a smaller one: sorted, weights summed */
	CHECK_EQ(jy_btyd_rows_add(&s, &mem, &a), JY_OK);
	CHECK_EQ(jy_btyd_rows_add(&s, &mem, &b), JY_OK);
	jy_btyd_rows_collapse(&s, &mem);
	CHECK_EQ(s.n, 2);
	CHECK(s.rows[0].x == 0 && s.rows[0].T == 3 && s.rows[0].weight == 1);
	CHECK(s.rows[1].x == 1 && s.rows[1].t_x == 2 && s.rows[1].T == 3 && s.rows[1].weight == 8);
	jy_btyd_rows_free(&s, &mem);
	CHECK(s.rows == NULL);
	CHECK_EQ(s.n, 0);
	CHECK_EQ(live, 0);

	/* through the plain allocator of the other tests too */
	jy_btyd_rows_init(&s, JY_BTYD_ROWS_RFM);
	CHECK_EQ(jy_btyd_rows_add(&s, &unit_mem, &a), JY_OK);
	jy_btyd_rows_free(&s, &unit_mem);
}

/*
 * 100,000 rows of 50 distinct triples: the set collapses whenever it fills
 * and stays small (capacity 128: it grows only while collapsing leaves it
 * over half full), and equals both oracles; also at points on the way
 */
static void
test_few_distinct(void)
{
	enum {N = 100000, D = 50};
	JyRfmTriple distinct[D];
	JyRfmTriple *t = malloc(N * sizeof(JyRfmTriple));
	JyBtydRows	s;
	size_t		i,
				k1,
				k2,
				found = 0;
	JyRfmTriple *o1,
			   *o2;
	double		total = 0;

	/* 50 distinct valid triples of the grid */
	for (i = 0; found < D; i++)
	{
		JyRfmTriple c = grid_row((unsigned) (i * 7));
		size_t		j;

		c.weight = 0;
		for (j = 0; j < found; j++)
			if (oracle_cmp(&distinct[j], &c) == 0)
				break;
		if (j == found)
			distinct[found++] = c;
		CHECK(i < 100000);
	}
	for (i = 0; i < N; i++)
	{
		t[i] = distinct[unit_below(D)];
		t[i].weight = unit_below(4);	/* 0 .. 3, zeros too */
		total += t[i].weight;
	}
	o1 = oracle_sorted(t, N, &k1);
	o2 = oracle_tally(t, N, &k2);
	CHECK_EQ(k1, D);
	CHECK_EQ(k2, D);
	CHECK(memcmp(o1, o2, k1 * sizeof(JyRfmTriple)) == 0);
	{
		double		sum = 0;

		for (i = 0; i < k1; i++)
			sum += o1[i].weight;
		CHECK(sum == total);
	}

	jy_btyd_rows_init(&s, JY_BTYD_ROWS_RFM);
	/* the prefixes of 1, 7, 8, 9 and 1000 rows */
	add_all(&s, t, 1);
	check_collapsed(&s, t, 1);
	add_all(&s, t + 1, 6);
	check_collapsed(&s, t, 7);
	add_all(&s, t + 7, 1);
	check_collapsed(&s, t, 8);
	add_all(&s, t + 8, 1);
	check_collapsed(&s, t, 9);
	add_all(&s, t + 9, 991);
	check_collapsed(&s, t, 1000);
	add_all(&s, t + 1000, N - 1000);
	CHECK(s.cap <= 128);		/* collapsed many times instead of growing */
	CHECK(s.n <= s.cap);
	jy_btyd_rows_collapse(&s, &mem);
	CHECK(same_rows(&s, o1, k1));
	CHECK(same_rows(&s, o2, k2));
	/* collapsing again changes nothing */
	jy_btyd_rows_collapse(&s, &mem);
	CHECK(same_rows(&s, o1, k1));
	jy_btyd_rows_free(&s, &mem);
	free(o1);
	free(o2);
	free(t);
	CHECK_EQ(live, 0);
}

/*
 * 100,000 distinct rows, shuffled: the set grows to hold them all (each
 * collapse on the way finds nothing to merge), sorted at the end; the
 * collapse of 100,000 rows calls the interrupt hook
 */
static void
test_all_distinct(void)
{
	enum {N = 100000};
	JyRfmTriple *t = malloc(N * sizeof(JyRfmTriple));
	JyBtydRows	s;
	size_t		i;
	int			before;

	for (i = 0; i < N; i++)
		t[i] = distinct_row(i);
	shuffle(t, N);
	jy_btyd_rows_init(&s, JY_BTYD_ROWS_RFM);
	add_all(&s, t, N);
	CHECK(s.cap >= N);
	CHECK(s.cap <= 2 * N);
	before = unit_interrupts;
	check_collapsed(&s, t, N);
	CHECK_EQ(s.n, N);
	CHECK(unit_interrupts > before);
	jy_btyd_rows_free(&s, &mem);

	/* the same rows twice (grows, then collapses to N with weights doubled) */
	jy_btyd_rows_init(&s, JY_BTYD_ROWS_RFM);
	add_all(&s, t, N);
	add_all(&s, t, N);
	{
		JyRfmTriple *t2 = malloc(2 * N * sizeof(JyRfmTriple));

		memcpy(t2, t, N * sizeof(JyRfmTriple));
		memcpy(t2 + N, t, N * sizeof(JyRfmTriple));
		check_collapsed(&s, t2, 2 * N);
		CHECK_EQ(s.n, N);
		free(t2);
	}
	jy_btyd_rows_free(&s, &mem);
	free(t);
	CHECK_EQ(live, 0);
}

/*
 * 100,000 rows of about 20,000 distinct triples: collapses and growth
 * interleave; also spend rows
 */
static void
test_mixed(void)
{
	enum {N = 100000};
	JyRfmTriple *t = malloc(N * sizeof(JyRfmTriple));
	JyBtydRows	s;
	size_t		i;

	for (i = 0; i < N; i++)
	{
		unsigned	r = unit_below(20000);

		t[i].x = 1 + r % 40;
		t[i].t_x = 1 + r / 40;
		t[i].T = t[i].t_x + unit_below(2);	/* 2 of T per (x, t_x) */
		t[i].weight = unit_below(3);
	}
	jy_btyd_rows_init(&s, JY_BTYD_ROWS_RFM);
	add_all(&s, t, N);
	check_collapsed(&s, t, N);
	CHECK(s.n > 30000 && s.n <= 40000);
	jy_btyd_rows_free(&s, &mem);

	/* spend rows: (x >= 1, mean spend > 0, 0) */
	for (i = 0; i < N; i++)
	{
		t[i].x = 1 + unit_below(10);
		t[i].t_x = 0.25 * (1 + unit_below(400));
		t[i].T = 0;
		t[i].weight = 1;
	}
	jy_btyd_rows_init(&s, JY_BTYD_ROWS_SPEND);
	add_all(&s, t, N);
	check_collapsed(&s, t, N);
	CHECK_EQ(s.n, 4000);
	jy_btyd_rows_free(&s, &mem);
	free(t);
	CHECK_EQ(live, 0);
}

/* ---------- merging ---------- */

/*
 * Merging two sets equals adding all their rows to one, whichever side is
 * collapsed, empty or larger; merging sets of different kinds is refused
 */
static void
test_merge(void)
{
	enum {NA = 30000, NB = 12345};
	JyRfmTriple *t = malloc((NA + NB) * sizeof(JyRfmTriple));
	JyBtydRows	a,
				b,
				c,
				e,
				sp;
	size_t		i,
				n_before;
	JyRfmTriple spend = {1, 10, 0, 1};
	int			before;

	for (i = 0; i < NA + NB; i++)
		t[i] = grid_row(unit_below(5000));
	/* a: the first NA rows (uncollapsed tail); b: the rest, collapsed */
	jy_btyd_rows_init(&a, JY_BTYD_ROWS_RFM);
	jy_btyd_rows_init(&b, JY_BTYD_ROWS_RFM);
	add_all(&a, t, NA);
	add_all(&b, t + NA, NB);
	jy_btyd_rows_collapse(&b, &mem);
	CHECK_EQ(jy_btyd_rows_merge(&a, &mem, &b), JY_OK);
	check_collapsed(&a, t, NA + NB);
	/* b is unchanged by the merge */
	check_collapsed(&b, t + NA, NB);

	/* merging into an empty set, and an empty set into one */
	jy_btyd_rows_init(&e, JY_BTYD_ROWS_RFM);
	jy_btyd_rows_init(&c, JY_BTYD_ROWS_RFM);
	CHECK_EQ(jy_btyd_rows_merge(&c, &mem, &b), JY_OK);
	check_collapsed(&c, t + NA, NB);
	CHECK_EQ(jy_btyd_rows_merge(&c, &mem, &e), JY_OK);
	check_collapsed(&c, t + NA, NB);
	CHECK_EQ(jy_btyd_rows_merge(&e, &mem, &e), JY_OK);
	CHECK_EQ(e.n, 0);

	/* a large set of distinct rows merged into a small one */
	jy_btyd_rows_free(&c, &mem);
	jy_btyd_rows_init(&c, JY_BTYD_ROWS_RFM);
	add_all(&c, t + NA, 10);
	jy_btyd_rows_free(&a, &mem);
	jy_btyd_rows_init(&a, JY_BTYD_ROWS_RFM);
	{
		enum {ND = 70000};
		JyRfmTriple *all = malloc((ND + 10) * sizeof(JyRfmTriple));

		memcpy(all, t + NA, 10 * sizeof(JyRfmTriple));
		for (i = 0; i < ND; i++)
			all[10 + i] = distinct_row(i);
		add_all(&a, all + 10, ND);
		before = unit_interrupts;
		CHECK_EQ(jy_btyd_rows_merge(&c, &mem, &a), JY_OK);
		CHECK(unit_interrupts > before);	/* 70,000 rows merged */
		check_collapsed(&c, all, ND + 10);
		free(all);
	}

	/* different kinds: JY_ERR_BAD_PARAMETER, nothing added either way */
	jy_btyd_rows_init(&sp, JY_BTYD_ROWS_SPEND);
	CHECK_EQ(jy_btyd_rows_add(&sp, &mem, &spend), JY_OK);
	n_before = c.n;
	CHECK_EQ(jy_btyd_rows_merge(&c, &mem, &sp), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(c.n, n_before);
	CHECK_EQ(jy_btyd_rows_merge(&sp, &mem, &c), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(sp.n, 1);
	/* even when the other one is empty */
	CHECK_EQ(jy_btyd_rows_merge(&sp, &mem, &e), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_btyd_rows_merge(&e, &mem, &sp), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(e.n, 0);

	jy_btyd_rows_free(&a, &mem);
	jy_btyd_rows_free(&b, &mem);
	jy_btyd_rows_free(&c, &mem);
	jy_btyd_rows_free(&e, &mem);
	jy_btyd_rows_free(&sp, &mem);
	free(t);
	CHECK_EQ(live, 0);
}

/*
 * Past JY_BTYD_MAX_ROWS distinct rows an add is JY_ERR_TOO_MANY_EVENTS.
 * White box: a full set of distinct rows is faked by setting the fields
 * (the add fails before it reads or writes a row, so the rows need not
 * exist), since a real one takes a gigabyte.
 */
static void
test_limit(void)
{
	JyRfmTriple dummy[1] = {{0, 0, 0, 1}};
	JyRfmTriple row = {0, 0, 1, 1};
	JyBtydRows	s;

	CHECK(JY_BTYD_MAX_ROWS * sizeof(JyRfmTriple) <= JY_MAX_ALLOC);
	CHECK((JY_BTYD_MAX_ROWS + 1) * sizeof(JyRfmTriple) > JY_MAX_ALLOC);
	CHECK(JY_BTYD_MAX_ROWS <= UINT32_MAX);
	jy_btyd_rows_init(&s, JY_BTYD_ROWS_RFM);
	s.rows = dummy;
	s.n = s.distinct = s.cap = (uint32_t) JY_BTYD_MAX_ROWS;
	CHECK_EQ(jy_btyd_rows_add(&s, &mem, &row), JY_ERR_TOO_MANY_EVENTS);
	CHECK_EQ(s.n, JY_BTYD_MAX_ROWS);
	CHECK(s.rows == dummy);
	CHECK_EQ(live, 0);
}

/* ---------- the byte form ---------- */

/* Encode s into a new buffer of *len bytes (malloc'd) */
static uint8_t *
encode(const JyBtydRows *s, size_t *len)
{
	JyWriter	w;
	uint8_t    *out;

	jy_writer_init(&w, &mem);
	jy_btyd_rows_encode(s, &w);
	CHECK_EQ(w.status, JY_OK);
	*len = w.len;
	out = malloc(w.len ? w.len : 1);
	memcpy(out, w.buf, w.len);
	jy_writer_free(&w);
	return out;
}

/* Rows written as they are, unchecked (a set faked around t) */
static uint8_t *
encode_raw(JyBtydRowKind kind, JyRfmTriple *t, size_t n, size_t *len)
{
	JyBtydRows	s;

	jy_btyd_rows_init(&s, kind);
	s.rows = t;
	s.n = n;
	return encode(&s, len);
}

/*
 * Decode in[0..len): must succeed, re-encode to the same bytes and hold
 * want[0..n) (in their order); frees the set
 */
static void
check_round_trip(const uint8_t *in, size_t len, JyBtydRowKind kind,
				 const JyRfmTriple *want, size_t n)
{
	JyBtydRows	d;
	const char *why = NULL;
	size_t		len2;
	uint8_t    *again;

	memset(&d, 0xa5, sizeof(d));	/* the decoder needs no initialised set */
	CHECK_EQ(jy_btyd_rows_decode(in, len, &mem, &d, &why), JY_OK);
	CHECK(why == NULL);
	CHECK_EQ(d.kind, kind);
	CHECK(same_rows(&d, want, n));
	again = encode(&d, &len2);
	CHECK_EQ(len2, len);
	CHECK(len2 == len && memcmp(again, in, len) == 0);
	free(again);
	jy_btyd_rows_free(&d, &mem);
}

/*
 * Decode in[0..len): must be JY_ERR_CORRUPT with a reason holding word,
 * leaving an empty set and nothing allocated
 */
static bool
corrupt_as(const uint8_t *in, size_t len, const char *word)
{
	JyBtydRows	d;
	const char *why = NULL;
	JyStatus	st;
	bool		ok;

	memset(&d, 0xa5, sizeof(d));
	st = jy_btyd_rows_decode(in, len, &mem, &d, &why);
	ok = st == JY_ERR_CORRUPT && why != NULL && (word == NULL || strstr(why, word) != NULL) &&
		d.rows == NULL && d.n == 0 && live == 0;
	if (!ok)
		fprintf(stderr, "  %zu bytes: status %d, reason \"%s\", %zu rows, %ld live, expected \"%s\"\n",
				len, (int) st, why ? why : "(none)", d.n, live, word ? word : "(any)");
	jy_btyd_rows_free(&d, &mem);	/* harmless after a failure */
	return ok;
}

/* The bytes against the format, written by hand, and round trips */
static void
test_codec(void)
{
	/* version 1, kind 1, 1 row; 1.0, 2.0, 3.0 and 4.0 in IEEE-754 big-endian */
	static const uint8_t one[] = {
		1, 1, 1,
		0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
		0x40, 0x00, 0, 0, 0, 0, 0, 0,
		0x40, 0x08, 0, 0, 0, 0, 0, 0,
		0x40, 0x10, 0, 0, 0, 0, 0, 0};
	static const uint8_t empty_spend[] = {1, 2, 0};
	JyRfmTriple row = {1, 2, 3, 4};
	JyBtydRows	s;
	uint8_t    *bytes;
	size_t		len,
				i;

	jy_btyd_rows_init(&s, JY_BTYD_ROWS_RFM);
	CHECK_EQ(jy_btyd_rows_add(&s, &mem, &row), JY_OK);
	bytes = encode(&s, &len);
	CHECK_EQ(len, sizeof(one));
	CHECK(len == sizeof(one) && memcmp(bytes, one, len) == 0);
	free(bytes);
	check_round_trip(one, sizeof(one), JY_BTYD_ROWS_RFM, &row, 1);
	jy_btyd_rows_free(&s, &mem);

	/* the empty set of each kind */
	jy_btyd_rows_init(&s, JY_BTYD_ROWS_SPEND);
	bytes = encode(&s, &len);
	CHECK(len == 3 && memcmp(bytes, empty_spend, 3) == 0);
	free(bytes);
	check_round_trip(empty_spend, 3, JY_BTYD_ROWS_SPEND, NULL, 0);
	{
		static const uint8_t empty_rfm[] = {1, 1, 0};

		check_round_trip(empty_rfm, 3, JY_BTYD_ROWS_RFM, NULL, 0);
	}

	/* 200 rows (a two-byte count), collapsed; then uncollapsed, in order */
	{
		JyRfmTriple t[300];
		size_t		k;
		JyRfmTriple *want;

		for (i = 0; i < 300; i++)
		{
			t[i].x = 1 + i % 17;
			t[i].t_x = 1 + i % 23 + 0.5;	/* not whole */
			t[i].T = 30 + i % 7;
			t[i].weight = (double) (i % 11) / 3;	/* not exact in binary */
		}
		jy_btyd_rows_init(&s, JY_BTYD_ROWS_RFM);
		add_all(&s, t, 300);
		jy_btyd_rows_collapse(&s, &mem);
		want = oracle_sorted(t, 300, &k);
		CHECK(k > 128);
		bytes = encode(&s, &len);
		CHECK_EQ(len, 2 + 2 + 32 * k);
		CHECK(bytes[2] == (0x80 | (k & 0x7f)) && bytes[3] == (k >> 7));
		/* the weights were summed in another order: compare the figures only */
		{
			JyBtydRows	d;
			const char *why = NULL;

			CHECK_EQ(jy_btyd_rows_decode(bytes, len, &mem, &d, &why), JY_OK);
			CHECK_EQ(d.n, k);
			for (i = 0; i < k && i < d.n; i++)
			{
				CHECK(oracle_cmp(&d.rows[i], &want[i]) == 0);
				CHECK_NEAR(d.rows[i].weight, want[i].weight, 1e-12);
			}
			jy_btyd_rows_free(&d, &mem);
		}
		check_round_trip(bytes, len, JY_BTYD_ROWS_RFM, s.rows, s.n);
		free(want);
		free(bytes);
		jy_btyd_rows_free(&s, &mem);

		/*
		 * adding 14 rows collapses once (at 8, the first capacity): 7
		 * distinct, then 6 more added behind them
		 */
		jy_btyd_rows_init(&s, JY_BTYD_ROWS_RFM);
		add_all(&s, t, 7);
		add_all(&s, t, 7);
		CHECK_EQ(s.n, 13);
		CHECK_EQ(s.distinct, 7);
		bytes = encode(&s, &len);
		CHECK_EQ(len, 3 + 32 * 13);
		check_round_trip(bytes, len, JY_BTYD_ROWS_RFM, s.rows, 13);
		free(bytes);
		jy_btyd_rows_free(&s, &mem);

		/* unsorted rows with duplicates come back as they were written */
		memcpy(t + 7, t, 7 * sizeof(JyRfmTriple));
		bytes = encode_raw(JY_BTYD_ROWS_RFM, t + 3, 10, &len);
		CHECK_EQ(len, 3 + 32 * 10);
		check_round_trip(bytes, len, JY_BTYD_ROWS_RFM, t + 3, 10);
		free(bytes);
	}

	/* spend rows, with extreme finite values and -0 */
	{
		JyRfmTriple t[] = {{1, 5e-324, 0, 0}, {1e300, 1.7976931348623157e308, -0.0, 1e300},
		{3, 0.1, 0, -0.0}};

		bytes = encode_raw(JY_BTYD_ROWS_SPEND, t, 3, &len);
		check_round_trip(bytes, len, JY_BTYD_ROWS_SPEND, t, 3);
		/* -0 comes back as -0 (byte-exact) */
		CHECK(bytes[3 + 32 + 16] == 0x80);
		free(bytes);
	}
	CHECK_EQ(live, 0);
}

/* Every malformed input is JY_ERR_CORRUPT with a reason */
static void
test_malformed(void)
{
	JyRfmTriple t[3] = {{0, 0, 4, 2}, {2, 3, 4, 1}, {5, 5, 9, 0.5}};
	uint8_t    *good,
			   *buf;
	size_t		len,
				cut;

	good = encode_raw(JY_BTYD_ROWS_RFM, t, 3, &len);
	check_round_trip(good, len, JY_BTYD_ROWS_RFM, t, 3);
	buf = malloc(len + 64);

	/* empty, and truncated at every byte */
	CHECK(corrupt_as(good, 0, "header"));
	for (cut = 1; cut < len; cut++)
		CHECK(corrupt_as(good, cut, cut < 3 ? "header" : "exceeds the state's length"));

	/* bad versions, bad kinds */
	memcpy(buf, good, len);
	buf[0] = 0;
	CHECK(corrupt_as(buf, len, "version"));
	buf[0] = 2;
	CHECK(corrupt_as(buf, len, "version"));
	buf[0] = 255;
	CHECK(corrupt_as(buf, len, "version"));
	buf[0] = 1;
	buf[1] = 0;
	CHECK(corrupt_as(buf, len, "kind"));
	buf[1] = 3;
	CHECK(corrupt_as(buf, len, "kind"));
	buf[1] = 255;
	CHECK(corrupt_as(buf, len, "kind"));
	/* a spend kind over purchase rows: x = 0 is no spend row */
	buf[1] = 2;
	CHECK(corrupt_as(buf, len, "at least one repeat purchase"));
	buf[1] = 1;

	/* a count larger than the bytes: 4 rows in the bytes of 3, then 2^63 */
	buf[2] = 4;
	CHECK(corrupt_as(buf, len, "exceeds the state's length"));
	{
		static const uint8_t huge[] = {1, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 1};
		static const uint8_t max_rows_plus[] = {1, 1, 0x80, 0x80, 0x80, 0x10};	/* 2^25 */
		static const uint8_t overlong[] = {1, 1, 0x80, 0x00};	/* 0 in two bytes */
		static const uint8_t too_long[] = {1, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};

		CHECK(corrupt_as(huge, sizeof(huge), "exceeds the state's length"));
		CHECK(corrupt_as(max_rows_plus, sizeof(max_rows_plus), "exceeds the state's length"));
		CHECK(corrupt_as(overlong, sizeof(overlong), "header"));
		CHECK(corrupt_as(too_long, sizeof(too_long), "header"));
	}
	/* a count smaller than the rows: the rest are trailing bytes */
	buf[2] = 2;
	CHECK(corrupt_as(buf, len, "Trailing bytes"));
	buf[2] = 0;
	CHECK(corrupt_as(buf, len, "Trailing bytes"));
	buf[2] = 3;
	/* trailing bytes: one, 31 (less than a row), 32 (a row not counted) */
	memset(buf + len, 0, 32);
	CHECK(corrupt_as(buf, len + 1, "Trailing bytes"));
	CHECK(corrupt_as(buf, len + 31, "Trailing bytes"));
	CHECK(corrupt_as(buf, len + 32, "Trailing bytes"));
	free(buf);
	free(good);

	/* a row failing the reason, first or last: the reason itself */
	{
		struct
		{
			JyBtydRowKind kind;
			JyRfmTriple bad;
			const char *word;
		}			cases[] = {
			{JY_BTYD_ROWS_RFM, {NAN, 0, 0, 1}, "finite"},
			{JY_BTYD_ROWS_RFM, {1, 1, INFINITY, 1}, "finite"},
			{JY_BTYD_ROWS_RFM, {0, 0, 1, NAN}, "number of customers"},
			{JY_BTYD_ROWS_RFM, {0, 0, 1, INFINITY}, "number of customers"},
			{JY_BTYD_ROWS_RFM, {0, 0, 1, -1}, "number of customers"},
			{JY_BTYD_ROWS_RFM, {-1, 0, 1, 1}, "frequency"},
			{JY_BTYD_ROWS_RFM, {1, -1, 1, 1}, "recency must be >= 0"},
			{JY_BTYD_ROWS_RFM, {2, 5, 4, 1}, "cannot exceed the age"},
			{JY_BTYD_ROWS_RFM, {2, 0, 4, 1}, "recency > 0"},
			{JY_BTYD_ROWS_RFM, {0, 1, 4, 1}, "recency of 0"},
			{JY_BTYD_ROWS_SPEND, {1, 5, 1, 1}, "third figure"},
			{JY_BTYD_ROWS_SPEND, {1, 5, NAN, 1}, "third figure"},
			{JY_BTYD_ROWS_SPEND, {1, 5, -0.5, 1}, "third figure"},
			{JY_BTYD_ROWS_SPEND, {0, 5, 0, 1}, "at least one repeat purchase"},
			{JY_BTYD_ROWS_SPEND, {1, 0, 0, 1}, "mean repeat spend"},
			{JY_BTYD_ROWS_SPEND, {1, NAN, 0, 1}, "mean repeat spend"},
			{JY_BTYD_ROWS_SPEND, {1, 5, 0, -1}, "number of customers"},
		};
		size_t		c;

		for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		{
			JyRfmTriple rows[3];
			JyRfmTriple ok = cases[c].kind == JY_BTYD_ROWS_SPEND ?
				(JyRfmTriple) {2, 7.5, 0, 3} : (JyRfmTriple) {1, 2, 3, 3};
			int			at;

			for (at = 0; at < 3; at++)
			{
				rows[0] = rows[1] = rows[2] = ok;
				rows[at] = cases[c].bad;
				good = encode_raw(cases[c].kind, rows, 3, &len);
				if (!corrupt_as(good, len, cases[c].word))
				{
					CHECK(false);
					fprintf(stderr, "  case %zu, bad row at %d\n", c, at);
				}
				else
					CHECK(true);
				/* truncated inside the bad row: too short, not its reason */
				CHECK(corrupt_as(good, len - 1, "exceeds the state's length"));
				free(good);
			}
		}
	}
	CHECK_EQ(live, 0);
}

/*
 * A row the reason accepts, added, encoded and decoded, always comes back:
 * random rows of both kinds (the reason decides which are added)
 */
static void
test_accepted_decodes(void)
{
	static const double figures[] = {0, -0.0, 1, 2, 0.5, 3, 1e-300, 1e300, -1, NAN, INFINITY};
	enum {NF = sizeof(figures) / sizeof(figures[0])};
	int			kind;

	for (kind = JY_BTYD_ROWS_RFM; kind <= JY_BTYD_ROWS_SPEND; kind++)
	{
		JyBtydRows	s,
					d;
		int			i;
		size_t		len,
					added = 0;
		uint8_t    *bytes;
		const char *why = NULL;

		jy_btyd_rows_init(&s, (JyBtydRowKind) kind);
		for (i = 0; i < 20000; i++)
		{
			JyRfmTriple t = {figures[unit_below(NF)], figures[unit_below(NF)],
			figures[unit_below(NF)], figures[unit_below(NF)]};

			if (t.weight > 1)
				t.weight = 1;	/* no sums overflowing to infinity */
			if (jy_btyd_row_reason((JyBtydRowKind) kind, &t) != NULL)
				continue;
			CHECK_EQ(jy_btyd_rows_add(&s, &mem, &t), JY_OK);
			added++;
		}
		CHECK(added > 100);
		bytes = encode(&s, &len);
		CHECK_EQ(jy_btyd_rows_decode(bytes, len, &mem, &d, &why), JY_OK);
		jy_btyd_rows_free(&d, &mem);
		free(bytes);
		jy_btyd_rows_collapse(&s, &mem);
		bytes = encode(&s, &len);
		CHECK_EQ(jy_btyd_rows_decode(bytes, len, &mem, &d, &why), JY_OK);
		jy_btyd_rows_free(&d, &mem);
		free(bytes);
		jy_btyd_rows_free(&s, &mem);
	}
	CHECK_EQ(live, 0);
}

/* ---------- out of memory ---------- */

/*
 * Every allocation failing in turn: add, merge, collapse, encode and
 * decode report JY_ERR_OUT_OF_MEMORY (or a failed writer), keep the set
 * valid (exactly the rows added so far), and leak nothing
 */
static void
test_out_of_memory(void)
{
	enum {N = 3000};
	JyRfmTriple t[N];
	long		k;
	int			rounds_failed = 0;

	for (k = 0; k < N; k++)
		t[k] = grid_row(unit_below(100000));
	for (k = 0; k < 40; k++)
	{
		JyBtydRows	a,
					b;
		JyWriter	w;
		JyStatus	st = JY_OK;
		size_t		i,
					added = 0;

		did_fail = false;
		fail_in = k;
		jy_btyd_rows_init(&a, JY_BTYD_ROWS_RFM);
		jy_btyd_rows_init(&b, JY_BTYD_ROWS_RFM);
		for (i = 0; i < N && st == JY_OK; i++)
		{
			st = jy_btyd_rows_add(i % 3 ? &a : &b, &mem, &t[i]);
			if (st == JY_OK)
				added++;
		}
		if (st != JY_OK)
		{
			CHECK_EQ(st, JY_ERR_OUT_OF_MEMORY);
			CHECK(did_fail);
		}
		/* the set holds exactly the rows added before the failure */
		{
			JyRfmTriple *sofar = malloc(N * sizeof(JyRfmTriple));
			size_t		na = 0;

			for (i = 0; i < added; i++)
				if (i % 3)
					sofar[na++] = t[i];
			check_collapsed(&a, sofar, na);
			free(sofar);
		}
		if (st == JY_OK)
		{
			st = jy_btyd_rows_merge(&a, &mem, &b);
			CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
			CHECK(a.n <= a.cap);
		}
		if (st == JY_OK)
		{
			jy_writer_init(&w, &mem);
			jy_btyd_rows_collapse(&a, &mem);
			jy_btyd_rows_encode(&a, &w);
			CHECK(w.status == JY_OK || w.status == JY_ERR_OUT_OF_MEMORY);
			if (w.status == JY_OK)
			{
				JyBtydRows	d;
				const char *why = NULL;

				memset(&d, 0xa5, sizeof(d));
				st = jy_btyd_rows_decode(w.buf, w.len, &mem, &d, &why);
				CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
				if (st == JY_OK)
				{
					check_collapsed(&d, t, N);
					jy_btyd_rows_free(&d, &mem);
				}
				else
					CHECK(d.rows == NULL && d.n == 0);
			}
			else
				st = w.status;
			jy_writer_free(&w);
		}
		rounds_failed += did_fail;
		if (!did_fail)
			CHECK_EQ(st, JY_OK);
		jy_btyd_rows_free(&a, &mem);
		jy_btyd_rows_free(&b, &mem);
		fail_in = -1;
		CHECK_EQ(live, 0);
		if (!did_fail)
			break;				/* every allocation point has failed once */
	}
	CHECK(k < 40);				/* the loop ended with a run without failures */
	CHECK(rounds_failed >= 5);
}

int
main(void)
{
	test_reasons();
	test_small();
	test_few_distinct();
	test_all_distinct();
	test_mixed();
	test_merge();
	test_limit();
	test_codec();
	test_malformed();
	test_accepted_decodes();
	test_out_of_memory();
	CHECK_EQ(live, 0);
	return unit_summary("btydrows");
}
