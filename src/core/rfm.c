/*
 * rfm.c -- RFM scores and segment presets (see rfm.h)
 */
#include "rfm.h"

#include <math.h>

/* A value to score, with what orders it */
typedef struct RfmItem
{
	double		value;
	int64_t		key;
	size_t		index;			/* position in the input */
	bool		desc;			/* order value descending */
} RfmItem;

static const JyRfmRule rf_grid_rules[] = {
	{"Hibernating", 1, 2, 1, 2},
	{"At Risk", 1, 2, 3, 4},
	{"Can't Lose Them", 1, 2, 5, 5},
	{"About to Sleep", 3, 3, 1, 2},
	{"Need Attention", 3, 3, 3, 3},
	{"Loyal Customers", 3, 4, 4, 5},
	{"Promising", 4, 4, 1, 1},
	{"New Customers", 5, 5, 1, 1},
	{"Potential Loyalists", 4, 5, 2, 3},
	{"Champions", 5, 5, 4, 5}
};

static const JyRfmRule rfm11_rules[] = {
	{"Champions", 5, 5, 4, 5},
	{"Loyal", 3, 4, 4, 5},
	{"Potential Loyalist", 4, 5, 2, 3},
	{"New Customers", 5, 5, 1, 1},
	{"Promising", 4, 4, 1, 1},
	{"Need Attention", 3, 3, 3, 3},
	{"About To Sleep", 3, 3, 1, 2},
	{"At Risk", 1, 2, 3, 4},
	{"Cannot Lose Them", 1, 2, 5, 5},
	{"Hibernating", 2, 2, 1, 2},
	{"Lost", 1, 5, 1, 5}
};

#define N_RULES(a) ((int) (sizeof(a) / sizeof((a)[0])))

static const JyRfmPreset presets[] = {
	{"rf_grid", JY_RFM_AXIS_F, N_RULES(rf_grid_rules), rf_grid_rules},
	{"rfm11", JY_RFM_AXIS_FM, N_RULES(rfm11_rules), rfm11_rules}
};

/* PostgreSQL's float8 order: NaN above everything, equal to itself */
static int
cmp_value(double a, double b)
{
	if (isnan(a))
		return isnan(b) ? 0 : 1;
	if (isnan(b))
		return -1;
	return (a > b) - (a < b);
}

/* Order of items: value (ascending or descending), key, input position */
static inline int
cmp_item(const RfmItem *a, const RfmItem *b)
{
	int			c = cmp_value(a->value, b->value);

	if (c != 0)
		return a->desc ? -c : c;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return (a->index > b->index) - (a->index < b->index);
}

/* sort_items(): items into cmp_item order (core/sort.h) */
#define JY_SORT_NAME sort_items
#define JY_SORT_TYPE RfmItem
#define JY_SORT_CMP cmp_item
#define JY_SORT_NO_CTX
#include "sort.h"

/* ntile(5) of rank k among n */
int
jy_rfm_ntile(size_t k, size_t n)
{
	size_t		q = n / JY_RFM_SCORES;
	size_t		e = n % JY_RFM_SCORES;
	size_t		big = e * (q + 1);	/* rows in the larger buckets */

	if (q == 0)
		return (int) k + 1;
	if (k < big)
		return (int) (k / (q + 1)) + 1;
	return (int) (e + (k - big) / q) + 1;
}

/* Score values 1 .. 5 */
JyStatus
jy_rfm_scores(const double *values, const int64_t *keys, size_t n,
			  bool higher_is_better, const JyMem *m, uint8_t *scores)
{
	RfmItem    *items;
	size_t		i;

	if (n == 0)
		return JY_OK;
	if (n > JY_MAX_ALLOC / sizeof(RfmItem))
		return JY_ERR_OUT_OF_MEMORY;
	items = m->alloc(m->arg, n * sizeof(RfmItem));
	if (items == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0; i < n; i++)
	{
		items[i].value = values[i];
		items[i].key = keys != NULL ? keys[i] : 0;
		items[i].index = i;
		items[i].desc = !higher_is_better;
	}
	jy_interrupt(m);
	sort_items(items, n, NULL, m);
	jy_interrupt(m);
	for (i = 0; i < n; i++)
		scores[items[i].index] = (uint8_t) jy_rfm_ntile(i, n);
	m->release(m->arg, items);
	return JY_OK;
}

/* Find a preset by name */
const JyRfmPreset *
jy_rfm_preset(const char *s, size_t len)
{
	int			k;

	for (k = 0; k < N_RULES(presets); k++)
		if (jy_keyword_eq(s, len, presets[k].name))
			return &presets[k];
	return NULL;
}

/* The default preset */
const JyRfmPreset *
jy_rfm_preset_default(void)
{
	return &presets[0];
}

/* FM score */
int
jy_rfm_fm(int f, int m)
{
	return (f + m + 1) / 2;
}

/* Is s a score? */
static inline bool
is_score(int s)
{
	return s >= 1 && s <= JY_RFM_SCORES;
}

/* The first rule matching (r, x), or NULL */
static const char *
first_match(const JyRfmPreset *preset, int r, int x)
{
	int			k;

	for (k = 0; k < preset->nrules; k++)
	{
		const JyRfmRule *rule = &preset->rules[k];

		if (r >= rule->r_lo && r <= rule->r_hi && x >= rule->x_lo && x <= rule->x_hi)
			return rule->segment;
	}
	return NULL;
}

/* Segment of (r, f, m) */
const char *
jy_rfm_segment(const JyRfmPreset *preset, int r, int f, int m)
{
	if (!is_score(r) || !is_score(f))
		return NULL;
	if (preset->axis == JY_RFM_AXIS_F)
		return first_match(preset, r, f);
	if (!is_score(m))
		return NULL;
	return first_match(preset, r, jy_rfm_fm(f, m));
}

/* One cell of the grid */
const char *
jy_rfm_cell(const JyRfmPreset *preset, int index, int *r, int *x)
{
	if (index < 0 || index >= JY_RFM_SCORES * JY_RFM_SCORES)
		return NULL;
	*r = index / JY_RFM_SCORES + 1;
	*x = index % JY_RFM_SCORES + 1;
	return first_match(preset, *r, *x);
}
