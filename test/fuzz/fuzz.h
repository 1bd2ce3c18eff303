/*
 * fuzz.h -- shared by the libFuzzer targets: a malloc-based JyMem with no
 * interrupt hook
 */
#ifndef JY_FUZZ_H
#define JY_FUZZ_H

#include <stdlib.h>

#include "core/jy.h"

static void *
fz_alloc(void *arg, size_t size)
{
	(void) arg;
	return malloc(size);
}

static void *
fz_resize(void *arg, void *ptr, size_t size)
{
	(void) arg;
	return realloc(ptr, size);
}

static void
fz_release(void *arg, void *ptr)
{
	(void) arg;
	free(ptr);
}

static const JyMem fz_mem = {fz_alloc, fz_resize, fz_release, NULL, NULL};

#endif							/* JY_FUZZ_H */
