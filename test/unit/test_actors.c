/*
 * test_actors.c -- unit tests of the actor table (keys to dense ids)
 */
#include "unit.h"

#include "core/actors.h"

/* Integer keys get dense ids in first-seen order; a repeat finds its id */
static void
test_int_keys(void)
{
	JyActors	a;
	uint32_t	id;
	bool		added;
	uint32_t   *order;

	jy_actors_init(&a, JY_ACTOR_INT);
	CHECK_EQ(jy_actors_int(&a, &unit_mem, 42, &id, &added), JY_OK);
	CHECK(added && id == 0);
	CHECK_EQ(jy_actors_int(&a, &unit_mem, -7, &id, &added), JY_OK);
	CHECK(added && id == 1);
	CHECK_EQ(jy_actors_int(&a, &unit_mem, INT64_MIN, &id, &added), JY_OK);
	CHECK(added && id == 2);
	CHECK_EQ(jy_actors_int(&a, &unit_mem, 42, &id, &added), JY_OK);
	CHECK(!added && id == 0);
	CHECK_EQ(a.n, 3);
	/* key order: INT64_MIN (2), -7 (1), 42 (0) */
	CHECK_EQ(jy_actors_order(&a, &unit_mem, &order), JY_OK);
	CHECK(order[0] == 2 && order[1] == 1 && order[2] == 0);
	CHECK(jy_actors_cmp(&a, 2, 1) < 0 && jy_actors_cmp(&a, 0, 1) > 0 && jy_actors_cmp(&a, 1, 1) == 0);
	free(order);
	jy_actors_free(&a, &unit_mem);
	CHECK_EQ(a.n, 0);
	CHECK_EQ(a.kind, JY_ACTOR_INT);
	/* no actor: no order, nothing allocated */
	CHECK_EQ(jy_actors_order(&a, &unit_mem, &order), JY_OK);
	CHECK(order == NULL);
}

/* Byte keys: the empty key, prefixes, embedded NULs; bytewise order, prefix first */
static void
test_byte_keys(void)
{
	JyActors	a;
	uint32_t	id;
	bool		added;
	uint32_t   *order;
	const char *keys[] = {"b", "", "ab", "a", "a\0b", "\xff"};
	size_t		lens[] = {1, 0, 2, 1, 3, 1};
	uint32_t	i;

	jy_actors_init(&a, JY_ACTOR_TEXT);
	for (i = 0; i < 6; i++)
	{
		CHECK_EQ(jy_actors_bytes(&a, &unit_mem, keys[i], lens[i], &id, &added), JY_OK);
		CHECK(added && id == i);
	}
	for (i = 0; i < 6; i++)
	{
		CHECK_EQ(jy_actors_bytes(&a, &unit_mem, keys[i], lens[i], &id, &added), JY_OK);
		CHECK(!added && id == i);
	}
	/* "" (1) < "a" (3) < "a\0b" (4) < "ab" (2) < "b" (0) < "\xff" (5) */
	CHECK_EQ(jy_actors_order(&a, &unit_mem, &order), JY_OK);
	CHECK(order[0] == 1 && order[1] == 3 && order[2] == 4 && order[3] == 2 &&
		  order[4] == 0 && order[5] == 5);
	free(order);
	jy_actors_free(&a, &unit_mem);
}

/* Many keys: every one keeps its id through the table's growth */
static void
test_many(void)
{
	JyActors	a,
				b;
	uint32_t	id,
				i;
	bool		added;
	char		buf[32];
	uint32_t   *order;
	bool		ok = true;

	jy_actors_init(&a, JY_ACTOR_INT);
	jy_actors_init(&b, JY_ACTOR_OTHER);
	for (i = 0; i < 200000; i++)
	{
		int			len = snprintf(buf, sizeof(buf), "k%u", (unsigned) (i * 7919u % 200000u));

		ok &= jy_actors_int(&a, &unit_mem, (int64_t) (i * 7919u % 200000u) * 1000003, &id, &added) == JY_OK && added && id == i;
		ok &= jy_actors_bytes(&b, &unit_mem, buf, (size_t) len, &id, &added) == JY_OK && added && id == i;
	}
	for (i = 0; i < 200000; i++)
	{
		int			len = snprintf(buf, sizeof(buf), "k%u", (unsigned) (i * 7919u % 200000u));

		ok &= jy_actors_int(&a, &unit_mem, (int64_t) (i * 7919u % 200000u) * 1000003, &id, &added) == JY_OK && !added && id == i;
		ok &= jy_actors_bytes(&b, &unit_mem, buf, (size_t) len, &id, &added) == JY_OK && !added && id == i;
	}
	CHECK(ok);
	CHECK_EQ(jy_actors_order(&a, &unit_mem, &order), JY_OK);
	for (i = 1; i < a.n; i++)
		ok &= jy_actors_cmp(&a, order[i - 1], order[i]) < 0;
	free(order);
	CHECK_EQ(jy_actors_order(&b, &unit_mem, &order), JY_OK);
	for (i = 1; i < b.n; i++)
		ok &= jy_actors_cmp(&b, order[i - 1], order[i]) < 0;
	free(order);
	CHECK(ok);
	jy_actors_free(&a, &unit_mem);
	jy_actors_free(&b, &unit_mem);
}

/* Out of memory: the table is unchanged and usable */
static void
test_out_of_memory(void)
{
	int			k;

	for (k = 0; k < 6; k++)
	{
		JyActors	a;
		uint32_t	id,
					i,
					n = 0;
		bool		added;
		JyStatus	st = JY_OK;

		jy_actors_init(&a, JY_ACTOR_TEXT);
		unit_fail_after = k;
		unit_failed = false;
		for (i = 0; i < 3000 && st == JY_OK; i++)
		{
			char		buf[16];
			int			len = snprintf(buf, sizeof(buf), "%u", (unsigned) i);

			st = jy_actors_bytes(&a, &unit_failing_mem, buf, (size_t) len, &id, &added);
			if (st == JY_OK)
				n++;
		}
		CHECK(unit_failed && st == JY_ERR_OUT_OF_MEMORY);
		CHECK_EQ(a.n, n);
		unit_fail_after = 1 << 30;
		/* "0" is there when anything was added; otherwise it is added now */
		CHECK_EQ(jy_actors_bytes(&a, &unit_failing_mem, "0", 1, &id, &added), JY_OK);
		CHECK(id == 0 && added == (n == 0));
		jy_actors_free(&a, &unit_mem);
	}
}

/* Kind names */
static void
test_names(void)
{
	CHECK(strcmp(jy_actor_kind_name(JY_ACTOR_INT), "integer") == 0);
	CHECK(strcmp(jy_actor_kind_name(JY_ACTOR_UUID), "uuid") == 0);
	CHECK(strcmp(jy_actor_kind_name(JY_ACTOR_OTHER), "text output") == 0);
	CHECK(strcmp(jy_actor_kind_name((JyActorKind) 9), "unknown") == 0);
	CHECK(jy_actor_kind_bytes(JY_ACTOR_TEXT) && !jy_actor_kind_bytes(JY_ACTOR_INT));
}

int
main(void)
{
	test_int_keys();
	test_byte_keys();
	test_many();
	test_out_of_memory();
	test_names();
	return unit_summary("test_actors");
}
