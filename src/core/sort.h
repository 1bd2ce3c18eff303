/*
 * sort.h -- the core's sort, instantiated per element type
 *
 * An introsort: quicksort (median of three, Hoare partition, recursing into
 * the smaller side), heap sort when the quicksort recurses too deep, and
 * insertion sort for short runs.  O(n log n) in the worst case, in place (no
 * allocation), and a single pass when the input is already sorted.  It is
 * not stable: give it a comparator that is a total order (break ties on a
 * unique field, such as an input position) wherever equal elements can be
 * told apart.  Long sorts call the JyMem interrupt hook.
 *
 * This header has no include guard: it is a template.  Define the name of
 * the function, the element type and the comparator, then include it:
 *
 *		#define JY_SORT_NAME sort_rows
 *		#define JY_SORT_TYPE Row
 *		#define JY_SORT_CMP row_cmp		(int row_cmp(const Row *, const Row *, void *ctx))
 *		#include "core/sort.h"
 *
 * which defines
 *
 *		static void sort_rows(Row *a, size_t n, void *ctx, const JyMem *m);
 *
 * passing ctx to every comparison.  The comparator is called directly, so
 * it can be inlined (it may also be a function-like macro).  A comparator
 * without a context, int cmp(const Row *, const Row *), is declared by also
 * defining JY_SORT_NO_CTX: ctx is then ignored and not passed down the
 * recursion (the event sort then matches the hand-written one).  The
 * macros are undefined again at the end.
 */
#include "jy.h"

#if !defined(JY_SORT_NAME) || !defined(JY_SORT_TYPE) || !defined(JY_SORT_CMP)
#error "define JY_SORT_NAME, JY_SORT_TYPE and JY_SORT_CMP before including sort.h"
#endif

#ifndef JY_SORT_CAT
#define JY_SORT_CAT_(a, b) a##b
#define JY_SORT_CAT(a, b) JY_SORT_CAT_(a, b)
#endif

/* Runs up to this long are insertion-sorted */
#ifndef JY_SORT_SHORT
#define JY_SORT_SHORT 24
#endif

#define JY_SORT_FN(suffix) JY_SORT_CAT(JY_SORT_NAME, suffix)

/* The context parameter and argument of the internal functions, if any */
#ifdef JY_SORT_NO_CTX
#define JY_SORT_CTX_PARAM
#define JY_SORT_CTX
#else
#define JY_SORT_CTX_PARAM , void *ctx
#define JY_SORT_CTX , ctx
#endif

/* Swap two elements */
static inline void
JY_SORT_FN(_swap) (JY_SORT_TYPE *a, JY_SORT_TYPE *b)
{
	JY_SORT_TYPE t = *a;

	*a = *b;
	*b = t;
}

/* Insertion sort of a short run */
static void
JY_SORT_FN(_insertion) (JY_SORT_TYPE *a, size_t n JY_SORT_CTX_PARAM)
{
	size_t		i;

	for (i = 1; i < n; i++)
	{
		JY_SORT_TYPE x = a[i];
		size_t		j = i;

		while (j > 0 && JY_SORT_CMP(&a[j - 1], &x JY_SORT_CTX) > 0)
		{
			a[j] = a[j - 1];
			j--;
		}
		a[j] = x;
	}
}

/* Restore the max-heap property below position i of a heap of n elements */
static void
JY_SORT_FN(_sift) (JY_SORT_TYPE *a, size_t i, size_t n JY_SORT_CTX_PARAM)
{
	for (;;)
	{
		size_t		c = 2 * i + 1;

		if (c >= n)
			return;
		if (c + 1 < n && JY_SORT_CMP(&a[c], &a[c + 1] JY_SORT_CTX) < 0)
			c++;
		if (JY_SORT_CMP(&a[i], &a[c] JY_SORT_CTX) >= 0)
			return;
		JY_SORT_FN(_swap) (&a[i], &a[c]);
		i = c;
	}
}

/* Heap sort: the O(n log n) fallback when quicksort recurses too deep */
static void
JY_SORT_FN(_heap) (JY_SORT_TYPE *a, size_t n, const JyMem *m JY_SORT_CTX_PARAM)
{
	size_t		i;

	for (i = n / 2; i > 0; i--)
		JY_SORT_FN(_sift) (a, i - 1, n JY_SORT_CTX);
	for (i = n; i > 1; i--)
	{
		JY_SORT_FN(_swap) (&a[0], &a[i - 1]);
		JY_SORT_FN(_sift) (a, 0, i - 1 JY_SORT_CTX);
		if ((i & (JY_INTERRUPT_EVERY - 1)) == 0)
			jy_interrupt(m);
	}
}

/* Introsort of a[0, n) with depth levels of quicksort left */
static void
JY_SORT_FN(_intro) (JY_SORT_TYPE *a, size_t n, int depth, const JyMem *m JY_SORT_CTX_PARAM)
{
	while (n > JY_SORT_SHORT)
	{
		size_t		mid = n / 2;
		size_t		i,
					j;
		JY_SORT_TYPE pivot;

		if (depth-- == 0)
		{
			JY_SORT_FN(_heap) (a, n, m JY_SORT_CTX);
			return;
		}
		if (n > JY_INTERRUPT_EVERY)
			jy_interrupt(m);
		/* median of three into a[mid] */
		if (JY_SORT_CMP(&a[mid], &a[0] JY_SORT_CTX) < 0)
			JY_SORT_FN(_swap) (&a[mid], &a[0]);
		if (JY_SORT_CMP(&a[n - 1], &a[mid] JY_SORT_CTX) < 0)
		{
			JY_SORT_FN(_swap) (&a[n - 1], &a[mid]);
			if (JY_SORT_CMP(&a[mid], &a[0] JY_SORT_CTX) < 0)
				JY_SORT_FN(_swap) (&a[mid], &a[0]);
		}
		pivot = a[mid];
		/* Hoare partition: a[0] <= pivot <= a[n - 1] stop both scans */
		i = 0;
		j = n - 1;
		for (;;)
		{
			while (JY_SORT_CMP(&a[i], &pivot JY_SORT_CTX) < 0)
				i++;
			while (JY_SORT_CMP(&a[j], &pivot JY_SORT_CTX) > 0)
				j--;
			if (i >= j)
				break;
			JY_SORT_FN(_swap) (&a[i], &a[j]);
			i++;
			j--;
		}
		/* [0, j] <= pivot <= [j+1, n); recurse into the smaller side */
		if (j + 1 < n - (j + 1))
		{
			JY_SORT_FN(_intro) (a, j + 1, depth, m JY_SORT_CTX);
			a += j + 1;
			n -= j + 1;
		}
		else
		{
			JY_SORT_FN(_intro) (a + j + 1, n - (j + 1), depth, m JY_SORT_CTX);
			n = j + 1;
		}
	}
	JY_SORT_FN(_insertion) (a, n JY_SORT_CTX);
}

/* Sort a[0, n) into JY_SORT_CMP order (returns at once when it is) */
static void
JY_SORT_NAME(JY_SORT_TYPE *a, size_t n, void *ctx, const JyMem *m)
{
	size_t		i;
	int			depth = 0;

	(void) ctx;
	/* input often arrives sorted or nearly: check before sorting */
	for (i = 1; i < n; i++)
		if (JY_SORT_CMP(&a[i - 1], &a[i] JY_SORT_CTX) > 0)
			break;
	if (i < n)
	{
		for (i = n; i > 1; i >>= 1)
			depth += 2;
		JY_SORT_FN(_intro) (a, n, depth, m JY_SORT_CTX);
	}
}

#undef JY_SORT_FN
#undef JY_SORT_CTX_PARAM
#undef JY_SORT_CTX
#undef JY_SORT_NO_CTX
#undef JY_SORT_NAME
#undef JY_SORT_TYPE
#undef JY_SORT_CMP
