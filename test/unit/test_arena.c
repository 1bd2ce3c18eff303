/*
 * test_arena.c -- unit tests of the arena of bytes
 */
#include "unit.h"

#include "core/arena.h"

/* Hand-checked block sizes: 16, 32, 64, 64, .. and a long string's own block */
static void
test_blocks(void)
{
	JyArena		a;
	const char *p,
			   *q,
			   *r,
			   *big;
	char		longer[100];

	jy_arena_init(&a, 16, 64);
	CHECK(a.blocks == NULL);
	CHECK(strcmp(jy_arena_copy(&a, &unit_mem, "x", 0), "") == 0);
	CHECK(a.blocks == NULL);	/* nothing allocated for an empty string */

	p = jy_arena_copy(&a, &unit_mem, "0123456789", 10);
	CHECK_EQ(a.cap, 16);
	CHECK_EQ(a.used, 10);
	q = jy_arena_copy(&a, &unit_mem, "abcdef", 6);
	CHECK(q == p + 10);			/* the same block, exactly full */
	CHECK_EQ(a.used, 16);
	r = jy_arena_copy(&a, &unit_mem, "z", 1);
	CHECK_EQ(a.cap, 32);		/* a new block, twice the size */
	CHECK_EQ(a.used, 1);
	memset(longer, 'L', sizeof(longer));
	big = jy_arena_copy(&a, &unit_mem, longer, sizeof(longer));
	CHECK_EQ(a.cap, 100);		/* longer than a block: a block of its own */
	CHECK_EQ(a.next, 64);
	(void) jy_arena_copy(&a, &unit_mem, longer, 1);
	CHECK_EQ(a.cap, 64);
	(void) jy_arena_copy(&a, &unit_mem, longer, 64);
	CHECK_EQ(a.cap, 64);		/* at most max */

	/* earlier strings never moved */
	CHECK(memcmp(p, "0123456789", 10) == 0);
	CHECK(memcmp(q, "abcdef", 6) == 0);
	CHECK(*r == 'z');
	CHECK(memcmp(big, longer, sizeof(longer)) == 0);
	jy_arena_free(&a, &unit_mem);
	CHECK(a.blocks == NULL);
	CHECK_EQ(a.used, 0);

	/* usable again after freeing */
	p = jy_arena_copy(&a, &unit_mem, "again", 5);
	CHECK(p != NULL && memcmp(p, "again", 5) == 0);
	jy_arena_free(&a, &unit_mem);

	/* a string beyond JY_MAX_ALLOC is refused before any allocation */
	jy_arena_init(&a, 16, 64);
	CHECK(jy_arena_copy(&a, &unit_mem, longer, JY_MAX_ALLOC) == NULL);
	CHECK(a.blocks == NULL);
}

/*
 * Many random strings, every allocation failing in turn: a failed copy
 * returns NULL and changes nothing; every string copied keeps its bytes
 */
static void
test_oom(void)
{
	enum
	{
		N = 3000
	};
	static const char *copies[N];
	static char want[N][40];
	static size_t lens[N];
	JyArena		a;
	size_t		i,
				bad = 0;
	int			fails = 0;

	jy_arena_init(&a, 64, 4096);
	for (i = 0; i < N; i++)
	{
		size_t		k,
					used = a.used;
		void	   *blocks = a.blocks;

		lens[i] = unit_below(40);
		for (k = 0; k < lens[i]; k++)
			want[i][k] = (char) unit_rand();
		unit_fail_after = 0;
		unit_failed = false;
		copies[i] = jy_arena_copy(&a, &unit_failing_mem, want[i], lens[i]);
		if (copies[i] == NULL)
		{
			fails++;
			CHECK(unit_failed);
			CHECK(a.blocks == blocks);
			CHECK_EQ(a.used, used);
			copies[i] = jy_arena_copy(&a, &unit_mem, want[i], lens[i]);
		}
		CHECK(copies[i] != NULL);
	}
	for (i = 0; i < N; i++)
		if (memcmp(copies[i], want[i], lens[i]) != 0)
			bad++;
	CHECK_EQ(bad, 0);
	CHECK(fails > 5);
	jy_arena_free(&a, &unit_mem);
}

int
main(void)
{
	test_blocks();
	test_oom();
	return unit_summary("test_arena");
}
