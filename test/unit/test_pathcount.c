/*
 * test_pathcount.c -- unit tests of the path counter (src/core/pathcount.c)
 *
 * A hand-worked example, then random key streams checked against a
 * brute-force oracle: counts per key in a plain array, ranked by a
 * selection sort with the documented order (count desc, key bytes asc,
 * "none" last).
 */
#include "unit.h"
#include "core/pathcount.h"

/* a > b > c > "none" on ties; "ab" sorts after "a" */
static void
test_example(void)
{
	JyPathCount pc;
	JyPathEntry *top;
	uint32_t	n;

	CHECK_EQ(jy_pathcount_init(&pc, &unit_mem), JY_OK);
	/* counts: "b" 3, "a" 2, "ab" 2, none 2, "" 1 */
	jy_pathcount_add(&pc, "b", 1);
	jy_pathcount_add(&pc, "ab", 2);
	jy_pathcount_add(&pc, NULL, 0);
	jy_pathcount_add(&pc, "a", 1);
	jy_pathcount_add(&pc, "b", 1);
	jy_pathcount_add(&pc, "", 0);
	jy_pathcount_add(&pc, "ab", 2);
	jy_pathcount_add(&pc, NULL, 0);
	jy_pathcount_add(&pc, "a", 1);
	jy_pathcount_add(&pc, "b", 1);
	CHECK_EQ(pc.total, 10);
	CHECK_EQ(jy_pathcount_top(&pc, 10, &top, &n), JY_OK);
	CHECK_EQ(n, 5);
	CHECK(top[0].len == 1 && top[0].key[0] == 'b' && top[0].count == 3);
	CHECK(top[1].len == 1 && top[1].key[0] == 'a' && top[1].count == 2);
	CHECK(top[2].len == 2 && memcmp(top[2].key, "ab", 2) == 0 && top[2].count == 2);
	CHECK(top[3].key == NULL && top[3].count == 2);
	CHECK(top[4].key != NULL && top[4].len == 0 && top[4].count == 1);
	free(top);
	/* k smaller than the number of keys */
	CHECK_EQ(jy_pathcount_top(&pc, 2, &top, &n), JY_OK);
	CHECK_EQ(n, 2);
	CHECK(top[1].key[0] == 'a');
	free(top);
	jy_pathcount_free(&pc);

	/* nothing counted */
	CHECK_EQ(jy_pathcount_init(&pc, &unit_mem), JY_OK);
	CHECK_EQ(jy_pathcount_top(&pc, 5, &top, &n), JY_OK);
	CHECK_EQ(n, 0);
	free(top);
	jy_pathcount_free(&pc);
}

#define NKEYS 300

static void
key_text(int k, char *buf, uint32_t *len)
{
	/* distinct keys of varying length, sharing prefixes */
	*len = (uint32_t) sprintf(buf, "%c%d", 'a' + k % 7, k);
}

static int
key_cmp(int a, int b)
{
	char		ka[32],
				kb[32];
	uint32_t	la,
				lb;
	int			c;

	key_text(a, ka, &la);
	key_text(b, kb, &lb);
	c = memcmp(ka, kb, la < lb ? la : lb);
	return c != 0 ? c : (int) la - (int) lb;
}

static void
test_random(void)
{
	int			iter;

	for (iter = 0; iter < 200; iter++)
	{
		uint64_t	want[NKEYS + 1] = {0};	/* [NKEYS]: none */
		bool		taken[NKEYS + 1] = {false};
		int			nkeys = 1 + (int) unit_below(NKEYS);
		int			nadd = (int) unit_below(5000);
		uint32_t	k = 1 + unit_below(40);
		JyPathCount pc;
		JyPathEntry *top;
		uint32_t	n,
					r;
		int			i;

		CHECK_EQ(jy_pathcount_init(&pc, &unit_mem), JY_OK);
		for (i = 0; i < nadd; i++)
		{
			int			key = (int) unit_below((unsigned) nkeys + 1);
			char		buf[32];
			uint32_t	len;

			/* skew the distribution so counts differ and tie */
			if (key < nkeys && unit_below(3) == 0)
				key = key % 5;
			want[key]++;
			if (key == nkeys)
			{
				want[NKEYS]++;
				want[key]--;
				CHECK_EQ(jy_pathcount_add(&pc, NULL, 0), JY_OK);
				continue;
			}
			key_text(key, buf, &len);
			CHECK_EQ(jy_pathcount_add(&pc, buf, len), JY_OK);
		}
		CHECK_EQ(pc.total, (uint64_t) nadd);
		CHECK_EQ(jy_pathcount_top(&pc, k, &top, &n), JY_OK);
		for (r = 0; r < n; r++)
		{
			/* the oracle's r-th entry: best remaining by the report order */
			int			best = -1;
			char		buf[32];
			uint32_t	len;

			for (i = 0; i <= NKEYS; i++)
			{
				if (taken[i] || want[i] == 0)
					continue;
				if (best < 0 || want[i] > want[best] ||
					(want[i] == want[best] && best != NKEYS &&
					 (i == NKEYS ? false : key_cmp(i, best) < 0)) ||
					(want[i] == want[best] && best == NKEYS && i != NKEYS))
					best = i;
			}
			CHECK(best >= 0);
			if (best < 0)
				break;
			taken[best] = true;
			CHECK_EQ(top[r].count, want[best]);
			if (best == NKEYS)
				CHECK(top[r].key == NULL);
			else
			{
				key_text(best, buf, &len);
				CHECK(top[r].key != NULL && top[r].len == len &&
					  memcmp(top[r].key, buf, len) == 0);
			}
		}
		/* n is min(k, distinct keys) */
		{
			uint32_t	distinct = 0;

			for (i = 0; i <= NKEYS; i++)
				distinct += want[i] > 0;
			CHECK_EQ(n, distinct < k ? distinct : k);
		}
		free(top);
		jy_pathcount_free(&pc);
	}
}

int
main(void)
{
	test_example();
	test_random();
	return unit_summary("test_pathcount");
}
