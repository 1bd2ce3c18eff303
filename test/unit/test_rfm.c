/*
 * test_rfm.c -- unit tests of RFM scores and segment presets
 *
 * Scores are checked against a hand-worked example with ties and against a
 * re-implementation of how PostgreSQL's ntile walks the rows; presets
 * against their tables, cell by cell.
 */
#include "unit.h"

#include <math.h>

#include "core/rfm.h"

#define SEG(p, r, f, m) jy_rfm_segment((p), (r), (f), (m))
#define IS(s, want) ((s) != NULL && strcmp((s), (want)) == 0)

/*
 * ntile(5) the way PostgreSQL's window function computes it, row by row:
 * bucket size n / 5 (at least 1), one larger while the remainder lasts.
 */
static void
ntile_walk(size_t n, int *out)
{
	size_t		per = n / 5;
	size_t		extra = n % 5;
	size_t		boundary,
				in_bucket = 0,
				k;
	int			bucket = 1;

	if (per == 0)
	{
		boundary = 1;
		extra = 0;
	}
	else
		boundary = per + (extra != 0);
	for (k = 0; k < n; k++)
	{
		in_bucket++;
		if (in_bucket > boundary)
		{
			if (extra != 0 && (size_t) bucket == extra)
			{
				extra = 0;
				boundary--;
			}
			bucket++;
			in_bucket = 1;
		}
		out[k] = bucket;
	}
}

static void
test_ntile(void)
{
	int			walk[300];
	size_t		n,
				k;

	/*
	 * {k, n, score}: n = 7 has buckets of 2, 2, 1, 1, 1; n = 3 gives 1, 2,
	 * 3 and never 4 or 5; n = 10 pairs
	 */
	static const size_t cases[][3] = {
		{0, 7, 1}, {1, 7, 1}, {2, 7, 2}, {3, 7, 2}, {4, 7, 3}, {5, 7, 4}, {6, 7, 5},
		{2, 3, 3}, {9, 10, 5}, {8, 10, 5}, {7, 10, 4}
	};

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
		CHECK_EQ(jy_rfm_ntile(cases[k][0], cases[k][1]), cases[k][2]);
	for (n = 1; n <= 300; n++)
	{
		ntile_walk(n, walk);
		for (k = 0; k < n; k++)
			CHECK_EQ(jy_rfm_ntile(k, n), walk[k]);
	}
}

/*
 * Seven customers (index: value, key): 0: 10, 7; 1: 20, 3; 2: 20, 1; 3: 20,
 * 2; 4: 5, 5; 5: 30, 6; 6: 20, 4.  ntile(5) of 7 rows: sizes 2, 2, 1, 1, 1.
 *
 * ORDER BY value, key: 4 0 | 2 3 | 1 | 6 | 5 -> scores by index
 *   [1, 3, 2, 2, 1, 5, 4]; the four 20s get 2, 2, 3, 4 by key.
 * ORDER BY value DESC, key: 5 2 | 3 1 | 6 | 0 | 4 -> [4, 2, 1, 2, 5, 1, 3].
 */
static void
test_scores(void)
{
	double		values[] = {10, 20, 20, 20, 5, 30, 20};
	int64_t		keys[] = {7, 3, 1, 2, 5, 6, 4};
	uint8_t		asc[] = {1, 3, 2, 2, 1, 5, 4};
	uint8_t		desc[] = {4, 2, 1, 2, 5, 1, 3};
	uint8_t		scores[7];
	double		nan_values[] = {NAN, 1, 2, 3, 4};
	double		same[] = {1, 1, 1, 1, 1, 1};
	int			i;

	CHECK_EQ(jy_rfm_scores(values, keys, 7, true, &unit_mem, scores), JY_OK);
	for (i = 0; i < 7; i++)
		CHECK_EQ(scores[i], asc[i]);
	CHECK_EQ(jy_rfm_scores(values, keys, 7, false, &unit_mem, scores), JY_OK);
	for (i = 0; i < 7; i++)
		CHECK_EQ(scores[i], desc[i]);

	/* NaN sorts last ascending (best), first descending (worst) */
	CHECK_EQ(jy_rfm_scores(nan_values, NULL, 5, true, &unit_mem, scores), JY_OK);
	CHECK(scores[0] == 5 && scores[1] == 1 && scores[4] == 4);
	CHECK_EQ(jy_rfm_scores(nan_values, NULL, 5, false, &unit_mem, scores), JY_OK);
	CHECK(scores[0] == 1 && scores[4] == 2 && scores[1] == 5);

	/* no keys: equal values keep input order; 6 rows = 2, 1, 1, 1, 1 */
	CHECK_EQ(jy_rfm_scores(same, NULL, 6, true, &unit_mem, scores), JY_OK);
	CHECK(scores[0] == 1 && scores[1] == 1 && scores[2] == 2 && scores[5] == 5);
	CHECK_EQ(jy_rfm_scores(same, NULL, 6, false, &unit_mem, scores), JY_OK);
	CHECK(scores[0] == 1 && scores[1] == 1 && scores[2] == 2 && scores[5] == 5);

	/* fewer than five customers: 1 .. n */
	CHECK_EQ(jy_rfm_scores(values, keys, 3, true, &unit_mem, scores), JY_OK);
	CHECK(scores[0] == 1 && scores[2] == 2 && scores[1] == 3);
	CHECK_EQ(jy_rfm_scores(values, keys, 0, true, &unit_mem, scores), JY_OK);
}

/* Random values with many ties: scores follow (value, key) and ntile sizes */
static void
test_scores_random(void)
{
	static double values[500];
	static int64_t keys[500];
	static uint8_t scores[500];
	int			round;

	for (round = 0; round < 200; round++)
	{
		size_t		n = 1 + unit_below(500);
		bool		better = unit_below(2);
		size_t		count[6] = {0};
		size_t		i,
					j;

		for (i = 0; i < n; i++)
		{
			values[i] = (double) unit_below(8);
			keys[i] = (int64_t) unit_below(1000000) - 500000;
		}
		CHECK_EQ(jy_rfm_scores(values, keys, n, better, &unit_mem, scores), JY_OK);
		for (i = 0; i < n; i++)
		{
			size_t		rank = 0;

			/* rank = rows strictly before i in (value, key, index) order */
			for (j = 0; j < n; j++)
			{
				bool		before;

				if (values[j] != values[i])
					before = better ? values[j] < values[i] : values[j] > values[i];
				else if (keys[j] != keys[i])
					before = keys[j] < keys[i];
				else
					before = j < i;
				rank += before;
			}
			CHECK_EQ(scores[i], jy_rfm_ntile(rank, n));
			count[scores[i]]++;
		}
		/* bucket sizes differ by at most one, larger first */
		if (n >= 5)
			for (i = 1; i < 5; i++)
				CHECK(count[i] >= count[i + 1] && count[i] <= count[i + 1] + 1);
	}
}

static void
test_presets(void)
{
	const JyRfmPreset *grid = jy_rfm_preset("rf_grid", 7);
	const JyRfmPreset *p11 = jy_rfm_preset("RFM11", 5);

	CHECK(grid != NULL && grid == jy_rfm_preset_default());
	CHECK(p11 != NULL && p11 != grid);
	CHECK(grid->axis == JY_RFM_AXIS_F && grid->nrules == 10);
	CHECK(p11->axis == JY_RFM_AXIS_FM && p11->nrules == 11);
	CHECK(strcmp(p11->name, "rfm11") == 0);
	CHECK(jy_rfm_preset("rfm", 3) == NULL);
	/* keywords ignore surrounding white space, as every keyword argument does */
	CHECK(jy_rfm_preset(" rf_grid\t", 9) == grid);
	CHECK(jy_rfm_preset("rf_ grid", 8) == NULL);
	CHECK(jy_rfm_preset("", 0) == NULL);

	/* FM = mean of F and M rounded half up: 1.5 -> 2, 4.5 -> 5 */
	{
		int			f,
					m;

		for (f = 1; f <= 5; f++)
			for (m = 1; m <= 5; m++)
				CHECK_EQ(jy_rfm_fm(f, m), (int) floor((f + m) / 2.0 + 0.5));
		CHECK_EQ(jy_rfm_fm(1, 2), 2);
		CHECK_EQ(jy_rfm_fm(4, 5), 5);
	}

	/* rf_grid, cell by cell from its table (M ignored) */
	CHECK(IS(SEG(grid, 1, 1, 0), "Hibernating"));
	CHECK(IS(SEG(grid, 2, 2, 9), "Hibernating"));
	CHECK(IS(SEG(grid, 2, 4, 1), "At Risk"));
	CHECK(IS(SEG(grid, 1, 5, 1), "Can't Lose Them"));
	CHECK(IS(SEG(grid, 3, 2, 1), "About to Sleep"));
	CHECK(IS(SEG(grid, 3, 3, 1), "Need Attention"));
	CHECK(IS(SEG(grid, 3, 5, 1), "Loyal Customers"));
	CHECK(IS(SEG(grid, 4, 4, 1), "Loyal Customers"));
	CHECK(IS(SEG(grid, 4, 1, 1), "Promising"));
	CHECK(IS(SEG(grid, 5, 1, 1), "New Customers"));
	CHECK(IS(SEG(grid, 4, 3, 1), "Potential Loyalists"));
	CHECK(IS(SEG(grid, 5, 2, 1), "Potential Loyalists"));
	CHECK(IS(SEG(grid, 5, 5, 1), "Champions"));

	/* rfm11 */
	CHECK(IS(SEG(p11, 5, 5, 5), "Champions"));
	CHECK(IS(SEG(p11, 5, 4, 3), "Champions"));	/* FM 4 */
	CHECK(IS(SEG(p11, 4, 5, 4), "Loyal"));	/* FM 5 */
	CHECK(IS(SEG(p11, 5, 1, 4), "Potential Loyalist"));	/* FM 3 */
	CHECK(IS(SEG(p11, 5, 1, 1), "New Customers"));
	CHECK(IS(SEG(p11, 4, 1, 1), "Promising"));
	CHECK(IS(SEG(p11, 3, 3, 2), "Need Attention"));	/* FM 3 */
	CHECK(IS(SEG(p11, 3, 1, 2), "About To Sleep"));	/* FM 2 */
	CHECK(IS(SEG(p11, 1, 3, 4), "At Risk"));	/* FM 4 */
	CHECK(IS(SEG(p11, 2, 5, 5), "Cannot Lose Them"));
	CHECK(IS(SEG(p11, 2, 1, 2), "Hibernating"));	/* FM 2 */
	CHECK(IS(SEG(p11, 1, 1, 2), "Lost"));
	CHECK(IS(SEG(p11, 1, 1, 1), "Lost"));

	/* bad scores */
	CHECK(SEG(grid, 0, 3, 3) == NULL);
	CHECK(SEG(grid, 3, 6, 3) == NULL);
	CHECK(SEG(grid, 6, 3, 3) == NULL);
	CHECK(SEG(p11, 3, 3, 0) == NULL);
	CHECK(SEG(p11, 3, 3, 6) == NULL);
	CHECK(SEG(p11, 3, -1, 3) == NULL);
}

/* Every cell of rf_grid lies in exactly one rule; every segment is used */
static void
test_grid_partition(void)
{
	const JyRfmPreset *grid = jy_rfm_preset_default();
	int			used[10] = {0};
	int			r,
				f,
				k;

	for (r = 1; r <= 5; r++)
		for (f = 1; f <= 5; f++)
		{
			int			hits = 0,
						hit = -1;

			for (k = 0; k < grid->nrules; k++)
			{
				const JyRfmRule *rule = &grid->rules[k];

				if (r >= rule->r_lo && r <= rule->r_hi && f >= rule->x_lo && f <= rule->x_hi)
				{
					hits++;
					hit = k;
				}
			}
			CHECK_EQ(hits, 1);
			if (hit >= 0)
			{
				used[hit]++;
				CHECK(SEG(grid, r, f, 1) == grid->rules[hit].segment);
			}
		}
	for (k = 0; k < 10; k++)
		CHECK(used[k] > 0);
	/* cells: 2x2 + 2x2 + 2 + 2 + 1 + 4 + 1 + 1 + 4 + 2 = 25 */
	CHECK(used[0] == 4 && used[5] == 4 && used[8] == 4 && used[9] == 2);
}

/* rfm11: every score triple has a segment; every rule wins somewhere */
static void
test_rfm11_cover(void)
{
	const JyRfmPreset *p11 = jy_rfm_preset("rfm11", 5);
	int			wins[11] = {0};
	int			r,
				f,
				m,
				k,
				i;
	const JyRfmRule *last = &p11->rules[p11->nrules - 1];

	/* the catch-all */
	CHECK(last->r_lo == 1 && last->r_hi == 5 && last->x_lo == 1 && last->x_hi == 5);
	for (r = 1; r <= 5; r++)
		for (f = 1; f <= 5; f++)
			for (m = 1; m <= 5; m++)
			{
				const char *s = SEG(p11, r, f, m);

				CHECK(s != NULL);
				for (k = 0; k < p11->nrules; k++)
					if (s == p11->rules[k].segment)
						wins[k]++;
			}
	for (k = 0; k < 11; k++)
		CHECK(wins[k] > 0);

	/* the cell iterator agrees with jy_rfm_segment on FM */
	for (i = 0; i < 25; i++)
	{
		int			cr,
					cx;
		const char *s = jy_rfm_cell(p11, i, &cr, &cx);

		CHECK_EQ(cr, i / 5 + 1);
		CHECK_EQ(cx, i % 5 + 1);
		/* F = M = x gives FM = x */
		CHECK(s != NULL && s == SEG(p11, cr, cx, cx));
	}
	{
		int			cr = 0,
					cx = 0;

		CHECK(IS(jy_rfm_cell(p11, 0, &cr, &cx), "Lost"));
		CHECK(IS(jy_rfm_cell(jy_rfm_preset_default(), 24, &cr, &cx), "Champions"));
		CHECK(cr == 5 && cx == 5);
		CHECK(jy_rfm_cell(p11, 25, &cr, &cx) == NULL);
		CHECK(jy_rfm_cell(p11, -1, &cr, &cx) == NULL);
	}
}

int
main(void)
{
	test_ntile();
	test_scores();
	test_scores_random();
	test_presets();
	test_grid_partition();
	test_rfm11_cover();
	return unit_summary("test_rfm");
}
