/*
 * test_hash.c -- unit tests of the open-addressing hash table
 */
#include "unit.h"

#include "core/hash.h"

/* The id of key among keys[0 .. n), found through the table, or JY_HASH_NONE */
static uint32_t
find(const JyHash *h, const uint64_t *keys, uint32_t hash, uint64_t key)
{
	uint32_t	pos = jy_hash_start(h, hash);
	uint32_t	id;

	while ((id = jy_hash_next(h, hash, &pos)) != JY_HASH_NONE)
		if (keys[id] == key)
			return id;
	return JY_HASH_NONE;
}

/* An empty table finds nothing and allocates nothing */
static void
test_empty(void)
{
	JyHash		h;
	uint64_t	keys[1] = {0};

	jy_hash_init(&h);
	CHECK(h.slots == NULL);
	CHECK_EQ(find(&h, keys, 7, 7), JY_HASH_NONE);
	jy_hash_truncate(&h, 0, &unit_mem);
	CHECK_EQ(jy_hash_reserve(&h, &unit_mem, 0), JY_OK);
	CHECK(h.slots == NULL);
	jy_hash_free(&h, &unit_mem);
}

/*
 * Hand-checked layout: 16 slots, hashes 3, 19 and 35 share home slot 3 and
 * take slots 3, 4, 5 in turn; hash 4 then goes to slot 6
 */
static void
test_collisions(void)
{
	JyHash		h;
	uint64_t	keys[] = {100, 101, 102, 103, 104};
	uint32_t	hashes[] = {3, 19, 35, 4, 3};
	uint32_t	i;

	jy_hash_init(&h);
	for (i = 0; i < 5; i++)
		CHECK_EQ(jy_hash_insert(&h, &unit_mem, hashes[i], i), JY_OK);
	CHECK_EQ(h.mask, 15);
	CHECK_EQ(h.n, 5);
	CHECK_EQ(h.slots[3].ref, 1);
	CHECK_EQ(h.slots[4].ref, 2);
	CHECK_EQ(h.slots[5].ref, 3);
	CHECK_EQ(h.slots[6].ref, 4);
	CHECK_EQ(h.slots[7].ref, 5);	/* the same hash again: two entries */
	for (i = 0; i < 5; i++)
		CHECK_EQ(find(&h, keys, hashes[i], keys[i]), i);
	CHECK_EQ(find(&h, keys, 3, 999), JY_HASH_NONE);
	CHECK_EQ(find(&h, keys, 8, 100), JY_HASH_NONE);	/* a free home slot */

	/* forgetting ids 1.. shifts nothing back over id 0; hash 4 stays found */
	jy_hash_truncate(&h, 1, &unit_mem);
	CHECK_EQ(h.n, 1);
	CHECK_EQ(find(&h, keys, 3, 100), 0);
	CHECK_EQ(find(&h, keys, 19, 101), JY_HASH_NONE);
	CHECK_EQ(find(&h, keys, 4, 103), JY_HASH_NONE);
	jy_hash_free(&h, &unit_mem);

	/* a cluster that wraps around the end of the slots */
	jy_hash_init(&h);
	CHECK_EQ(jy_hash_insert(&h, &unit_mem, 15, 0), JY_OK);
	CHECK_EQ(jy_hash_insert(&h, &unit_mem, 31, 1), JY_OK);
	CHECK_EQ(jy_hash_insert(&h, &unit_mem, 0, 2), JY_OK);
	CHECK_EQ(h.slots[15].ref, 1);
	CHECK_EQ(h.slots[0].ref, 2);
	CHECK_EQ(h.slots[1].ref, 3);
	/* dropping id 1 (slot 0) shifts hash 0 home from slot 1 */
	jy_hash_truncate(&h, 1, &unit_mem);
	CHECK_EQ(h.slots[0].ref, 0);
	CHECK_EQ(h.slots[1].ref, 0);
	CHECK_EQ(find(&h, keys, 15, 100), 0);
	CHECK_EQ(jy_hash_insert(&h, &unit_mem, 0, 1), JY_OK);
	CHECK_EQ(h.slots[0].ref, 2);
	jy_hash_free(&h, &unit_mem);
}

/* A poor hash (few distinct values) for the randomised checks */
static uint32_t
poor_hash(uint64_t key)
{
	return (uint32_t) (key % 61) * 0x10001u;
}

/*
 * Growth: 20000 keys with many equal hashes, every one found after every
 * doubling, truncation back to a prefix, and inserting again
 */
static void
test_growth(void)
{
	enum
	{
		N = 20000
	};
	static uint64_t keys[N];
	JyHash		h;
	uint32_t	i,
				bad = 0;

	jy_hash_init(&h);
	for (i = 0; i < N; i++)
	{
		keys[i] = unit_rand();
		if (find(&h, keys, poor_hash(keys[i]), keys[i]) != JY_HASH_NONE)
			bad++;
		CHECK_EQ(jy_hash_insert(&h, &unit_mem, poor_hash(keys[i]), i), JY_OK);
		CHECK(2 * h.n <= h.mask + 1);
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(h.n, N);
	for (i = 0; i < N; i++)
		if (find(&h, keys, poor_hash(keys[i]), keys[i]) != i)
			bad++;
	CHECK_EQ(bad, 0);
	for (i = 0; i < N; i++)
		if (find(&h, keys, (uint32_t) keys[i], keys[i]) != JY_HASH_NONE)
			bad++;
	CHECK_EQ(bad, 0);

	/* truncate to random prefixes: the rest are gone, the prefix is found */
	{
		uint32_t	count = N;

		while (count > 0)
		{
			count = unit_below(count);
			jy_hash_truncate(&h, count, &unit_mem);
			CHECK_EQ(h.n, count);
			for (i = 0; i < N; i++)
				if (find(&h, keys, poor_hash(keys[i]), keys[i]) != (i < count ? i : JY_HASH_NONE))
					bad++;
			CHECK_EQ(bad, 0);
		}
	}
	for (i = 0; i < N; i++)
		CHECK_EQ(jy_hash_insert(&h, &unit_mem, poor_hash(keys[i]), i), JY_OK);
	for (i = 0; i < N; i++)
		if (find(&h, keys, poor_hash(keys[i]), keys[i]) != i)
			bad++;
	CHECK_EQ(bad, 0);
	CHECK(unit_interrupts > 0);
	jy_hash_free(&h, &unit_mem);
	CHECK(h.slots == NULL);
	CHECK_EQ(h.n, 0);
}

/* reserve: no allocation by the inserts it made room for */
static void
test_reserve(void)
{
	JyHash		h;
	uint32_t	i;

	jy_hash_init(&h);
	CHECK_EQ(jy_hash_reserve(&h, &unit_mem, 100), JY_OK);
	CHECK_EQ(h.mask, 255);
	unit_fail_after = 0;
	unit_failed = false;
	for (i = 0; i < 100; i++)
		CHECK_EQ(jy_hash_insert(&h, &unit_failing_mem, i * 7919u, i), JY_OK);
	CHECK(!unit_failed);
	CHECK_EQ(jy_hash_insert(&h, &unit_failing_mem, 1, 100), JY_OK);
	CHECK_EQ(jy_hash_reserve(&h, &unit_mem, (size_t) JY_HASH_MAX_ENTRIES + 1), JY_ERR_OUT_OF_MEMORY);
	CHECK_EQ(h.mask, 255);
	jy_hash_free(&h, &unit_mem);
}

/*
 * Every allocation failing in turn: the insert reports it, the table is
 * unchanged (every entry so far found), and inserting again succeeds
 */
static void
test_oom(void)
{
	enum
	{
		N = 300
	};
	uint64_t	keys[N];
	JyHash		h;
	uint32_t	i,
				j,
				bad = 0;
	int			fails = 0;

	for (i = 0; i < N; i++)
		keys[i] = i * 2654435761u;
	jy_hash_init(&h);
	for (i = 0; i < N; i++)
	{
		JyStatus	st;

		unit_fail_after = 0;
		unit_failed = false;
		st = jy_hash_insert(&h, &unit_failing_mem, poor_hash(keys[i]), i);
		if (unit_failed)
		{
			fails++;
			CHECK_EQ(st, JY_ERR_OUT_OF_MEMORY);
			CHECK_EQ(h.n, i);
			for (j = 0; j < i; j++)
				if (find(&h, keys, poor_hash(keys[j]), keys[j]) != j)
					bad++;
			if (find(&h, keys, poor_hash(keys[i]), keys[i]) != JY_HASH_NONE)
				bad++;
			st = jy_hash_insert(&h, &unit_mem, poor_hash(keys[i]), i);
		}
		CHECK_EQ(st, JY_OK);
	}
	CHECK_EQ(bad, 0);
	/* growth at 1, 9, 17, 33, 65, 129, 257 entries: 7 allocations */
	CHECK_EQ(fails, 7);
	jy_hash_free(&h, &unit_mem);
}

int
main(void)
{
	test_empty();
	test_collisions();
	test_growth();
	test_reserve();
	test_oom();
	return unit_summary("test_hash");
}
