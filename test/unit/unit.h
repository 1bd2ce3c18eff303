/*
 * unit.h -- a minimal harness for the core's C unit tests
 *
 * Each test program includes this file, calls CHECK* and returns
 * unit_summary(): 0 when every check passed.  Built with ASan and UBSan by
 * the test command.
 */
#ifndef JY_UNIT_H
#define JY_UNIT_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jy.h"

static int	unit_checks;
static int	unit_failures;

#define CHECK(cond) \
	do { \
		unit_checks++; \
		if (!(cond)) { \
			unit_failures++; \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		} \
	} while (0)

#define CHECK_EQ(a, b) \
	do { \
		long long _a = (long long) (a), _b = (long long) (b); \
		unit_checks++; \
		if (_a != _b) { \
			unit_failures++; \
			fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", \
					__FILE__, __LINE__, #a, _a, #b, _b); \
		} \
	} while (0)

#define CHECK_NEAR(a, b, eps) \
	do { \
		double _a = (a), _b = (b); \
		unit_checks++; \
		if (!(_a - _b <= (eps) && _b - _a <= (eps))) { \
			unit_failures++; \
			fprintf(stderr, "%s:%d: %s == %.17g, expected %.17g\n", \
					__FILE__, __LINE__, #a, _a, _b); \
		} \
	} while (0)

static void *
unit_alloc(void *arg, size_t size)
{
	(void) arg;
	return malloc(size);
}

static void *
unit_resize(void *arg, void *ptr, size_t size)
{
	(void) arg;
	return realloc(ptr, size);
}

static void
unit_release(void *arg, void *ptr)
{
	(void) arg;
	free(ptr);
}

static int	unit_interrupts;

static void
unit_interrupt(void *arg)
{
	(void) arg;
	unit_interrupts++;
}

static const JyMem unit_mem = {unit_alloc, unit_resize, unit_release, unit_interrupt, NULL};

/*
 * An allocator that fails once unit_fail_after more allocations have
 * succeeded (setting unit_failed), for out-of-memory tests
 */
static int	unit_fail_after __attribute__((unused));
static bool unit_failed __attribute__((unused));

static void *
unit_failing_alloc(void *arg, size_t size)
{
	(void) arg;
	if (unit_fail_after-- <= 0)
	{
		unit_failed = true;
		return NULL;
	}
	return malloc(size);
}

static void *
unit_failing_resize(void *arg, void *ptr, size_t size)
{
	(void) arg;
	if (unit_fail_after-- <= 0)
	{
		unit_failed = true;
		return NULL;
	}
	return realloc(ptr, size);
}

static const JyMem unit_failing_mem __attribute__((unused)) =
{unit_failing_alloc, unit_failing_resize, unit_release, NULL, NULL};

/* A small deterministic PRNG (splitmix64) for randomised checks */
static uint64_t unit_rng_state = 0x9e3779b97f4a7c15ULL;

static inline uint64_t
unit_rand(void)
{
	uint64_t	z = (unit_rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n) */
static inline unsigned
unit_below(unsigned n)
{
	return (unsigned) (unit_rand() % n);
}

static int
unit_summary(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, unit_checks, unit_failures);
	return unit_failures != 0;
}

#endif							/* JY_UNIT_H */
