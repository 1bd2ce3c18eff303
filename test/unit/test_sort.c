/*
 * test_sort.c -- unit tests of the core's sort (src/core/sort.h)
 */
#include "unit.h"

/* Plain ints, counting comparisons through the context */
static int
int_cmp(const int *a, const int *b, void *ctx)
{
	if (ctx != NULL)
		(*(size_t *) ctx)++;
	return (*a > *b) - (*a < *b);
}

#define JY_SORT_NAME sort_ints
#define JY_SORT_TYPE int
#define JY_SORT_CMP int_cmp
#include "core/sort.h"

/* Indexes ordered by the strings they name (a context without a global) */
static int
index_cmp(const uint32_t *a, const uint32_t *b, void *ctx)
{
	const char *const *names = ctx;
	int			c = strcmp(names[*a], names[*b]);

	return c != 0 ? c : (*a > *b) - (*a < *b);
}

#define JY_SORT_NAME sort_indexes
#define JY_SORT_TYPE uint32_t
#define JY_SORT_CMP index_cmp
#include "core/sort.h"

/* A wide element: key, then its input position as the tie-break (no context) */
typedef struct Wide
{
	int64_t		key;
	uint32_t	pos;
	char		pad[20];
} Wide;

static int
wide_cmp(const Wide *a, const Wide *b)
{
	return a->key != b->key ? (a->key > b->key) - (a->key < b->key)
		: (a->pos > b->pos) - (a->pos < b->pos);
}

#define JY_SORT_NAME sort_wide
#define JY_SORT_TYPE Wide
#define JY_SORT_CMP wide_cmp
#define JY_SORT_NO_CTX
#include "core/sort.h"

/* Hand-checked cases, and the context reaching the comparator */
static void
test_hand(void)
{
	int			a[] = {5, 3, 9, 1, 3, -2, 7};
	int			want[] = {-2, 1, 3, 3, 5, 7, 9};
	int			one[] = {42};
	const char *names[] = {"pay", "cart", "view", "buy", "cart"};
	uint32_t	idx[] = {0, 1, 2, 3, 4};
	uint32_t	want_idx[] = {3, 1, 4, 0, 2};
	size_t		ncmp = 0;
	int			i;

	sort_ints(a, 7, &ncmp, &unit_mem);
	for (i = 0; i < 7; i++)
		CHECK_EQ(a[i], want[i]);
	CHECK(ncmp > 0);
	sort_ints(one, 1, NULL, &unit_mem);
	CHECK_EQ(one[0], 42);
	sort_ints(NULL, 0, NULL, &unit_mem);	/* nothing to do */

	/* sorted input: one pass of n - 1 comparisons */
	ncmp = 0;
	sort_ints(a, 7, &ncmp, &unit_mem);
	CHECK_EQ(ncmp, 6);

	sort_indexes(idx, 5, (void *) names, &unit_mem);
	for (i = 0; i < 5; i++)
		CHECK_EQ(idx[i], want_idx[i]);
}

/* Is a[0, n) ascending, and a permutation of the same multiset as b? */
static bool
same_sorted(const int *a, int *b, size_t n)
{
	size_t		i;

	for (i = 1; i < n; i++)
		if (a[i - 1] > a[i])
			return false;
	/* b sorted by the (already tested) insertion sort */
	sort_ints_insertion(b, n, NULL);
	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* Shapes of input: random, few values, sorted, reversed, organ pipe, sawtooth */
static int
shape(int kind, size_t i, size_t n)
{
	switch (kind)
	{
		case 0:
			return (int) unit_rand();
		case 1:
			return (int) unit_below(3);
		case 2:
			return (int) i;
		case 3:
			return (int) (n - i);
		case 4:
			return (int) (i < n / 2 ? i : n - i);
		case 5:
			return (int) (i % 17);
		default:
			return 7;
	}
}

/*
 * Every shape at many sizes: the result is sorted and a permutation, the
 * comparisons stay within O(n log n), and no allocation is made
 */
static void
test_shapes(void)
{
	static int	a[70000],
				b[70000];
	size_t		sizes[] = {2, 3, 10, 24, 25, 26, 100, 1000, 4097, 70000};
	int			kind;
	size_t		s;

	for (kind = 0; kind <= 6; kind++)
		for (s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++)
		{
			size_t		n = sizes[s],
						i,
						ncmp = 0,
						lg = 1;

			if (n > 5000 && kind != 0)
				n = 5000;		/* the oracle is quadratic */
			if (n > 5000)
				continue;
			for (i = 0; i < n; i++)
				a[i] = b[i] = shape(kind, i, n);
			unit_fail_after = 0;
			unit_failed = false;
			sort_ints(a, n, &ncmp, &unit_failing_mem);
			CHECK(!unit_failed);
			CHECK(same_sorted(a, b, n));
			while (((size_t) 1 << lg) < n)
				lg++;
			CHECK(ncmp <= 4 * n * lg + 2 * n);
		}

	/* a large random sort calls the interrupt hook */
	{
		size_t		i;
		int			before = unit_interrupts;

		for (i = 0; i < 70000; i++)
			a[i] = (int) unit_rand();
		sort_ints(a, 70000, NULL, &unit_mem);
		for (i = 1; i < 70000; i++)
			if (a[i - 1] > a[i])
				break;
		CHECK_EQ(i, 70000);
		CHECK(unit_interrupts > before);
	}
}

/* The heap-sort fallback on its own (no quicksort levels left) */
static void
test_heap_fallback(void)
{
	static int	a[3000],
				b[3000];
	int			kind;
	size_t		i;

	for (kind = 0; kind <= 6; kind++)
	{
		for (i = 0; i < 3000; i++)
			a[i] = b[i] = shape(kind, i, 3000);
		sort_ints_intro(a, 3000, 0, &unit_mem, NULL);
		CHECK(same_sorted(a, b, 3000));
	}
}

/* Wide elements with many equal keys: the tie-break orders them fully */
static void
test_wide(void)
{
	static Wide w[5000];
	size_t		i,
				bad = 0;

	for (i = 0; i < 5000; i++)
	{
		w[i].key = (int64_t) unit_below(50) - 25;
		w[i].pos = (uint32_t) i;
		memset(w[i].pad, (int) (i & 0x7f), sizeof(w[i].pad));
	}
	sort_wide(w, 5000, NULL, &unit_mem);
	for (i = 1; i < 5000; i++)
		if (wide_cmp(&w[i - 1], &w[i]) >= 0)
			bad++;
	for (i = 0; i < 5000; i++)
		if (w[i].pad[0] != (char) (w[i].pos & 0x7f))
			bad++;
	CHECK_EQ(bad, 0);
}

int
main(void)
{
	test_hand();
	test_shapes();
	test_heap_fallback();
	test_wide();
	return unit_summary("test_sort");
}
