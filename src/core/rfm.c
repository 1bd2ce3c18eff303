/*
 * rfm.c -- RFM scores and segment presets (see rfm.h)
 */
#include "rfm.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isotime.h"

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

/* ---- the per-customer summary ---- */

/* 10^k for k = 0 .. JY_RFM_MAX_SCALE */
static const int64_t pow10_table[JY_RFM_MAX_SCALE + 1] = {
	INT64_C(1), INT64_C(10), INT64_C(100), INT64_C(1000), INT64_C(10000),
	INT64_C(100000), INT64_C(1000000), INT64_C(10000000), INT64_C(100000000),
	INT64_C(1000000000), INT64_C(10000000000), INT64_C(100000000000),
	INT64_C(1000000000000), INT64_C(10000000000000), INT64_C(100000000000000),
	INT64_C(1000000000000000), INT64_C(10000000000000000),
	INT64_C(100000000000000000), INT64_C(1000000000000000000)
};

/* An empty summary */
void
jy_rfm_summary_init(JyRfmSummary *s, JyRfmAmount amount)
{
	memset(s, 0, sizeof(*s));
	s->amount = (uint8_t) amount;
}

/* Count one more order at ts; JY_RFM_OVERFLOW past INT64_MAX orders */
static JyRfmResult
add_time(JyRfmSummary *s, int64_t ts)
{
	if (s->orders >= (uint64_t) INT64_MAX)
		return JY_RFM_OVERFLOW;
	if (s->orders == 0 || ts < s->first)
		s->first = ts;
	if (s->orders == 0 || ts > s->last)
		s->last = ts;
	s->orders++;
	return JY_RFM_OK;
}

/* Add one order of a float8 amount */
JyRfmResult
jy_rfm_add_float(JyRfmSummary *s, int64_t ts, double amount)
{
	JyRfmResult r = add_time(s, ts);

	if (r == JY_RFM_OK)
		s->total += amount;
	return r;
}

/* v * 10^k, false when it does not fit */
static bool
scale_up(int64_t v, int k, int64_t *out)
{
	int64_t		p = pow10_table[k];

	if (v > INT64_MAX / p || v < INT64_MIN / p)
		return false;
	*out = v * p;
	return true;
}

/* a + b, false when it does not fit */
static bool
add_units(int64_t a, int64_t b, int64_t *out)
{
	if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
		return false;
	*out = a + b;
	return true;
}

/* (units, scale) + (u, k) into (units, scale), normalised */
static JyRfmResult
add_decimal_units(int64_t *units, uint8_t *scale, int64_t u, int k)
{
	int			sc = *scale > k ? *scale : k;
	int64_t		a,
				b;

	if (!scale_up(*units, sc - *scale, &a) || !scale_up(u, sc - k, &b) ||
		!add_units(a, b, &a))
		return JY_RFM_OVERFLOW;
	while (sc > 0 && a % 10 == 0)
	{
		a /= 10;
		sc--;
	}
	*units = a;
	*scale = (uint8_t) sc;
	return JY_RFM_OK;
}

/* Add one order of a decimal amount */
JyRfmResult
jy_rfm_add_decimal(JyRfmSummary *s, int64_t ts, int64_t units, int scale)
{
	int64_t		u = s->units;
	uint8_t		sc = s->scale;
	JyRfmResult r;

	if (scale < 0 || scale > JY_RFM_MAX_SCALE)
		return JY_RFM_OVERFLOW;
	r = add_decimal_units(&u, &sc, units, scale);
	if (r != JY_RFM_OK)
		return r;
	r = add_time(s, ts);
	if (r != JY_RFM_OK)
		return r;
	s->units = u;
	s->scale = sc;
	return JY_RFM_OK;
}

/* Merge two summaries */
JyRfmResult
jy_rfm_merge(JyRfmSummary *into, const JyRfmSummary *from)
{
	int64_t		u = into->units;
	uint8_t		sc = into->scale;

	if (into->amount != from->amount)
		return JY_RFM_MIXED;
	if (from->orders == 0)
		return JY_RFM_OK;
	if (from->orders > (uint64_t) INT64_MAX - into->orders)
		return JY_RFM_OVERFLOW;
	if (into->amount == JY_RFM_AMOUNT_NUMERIC &&
		add_decimal_units(&u, &sc, from->units, from->scale) != JY_RFM_OK)
		return JY_RFM_OVERFLOW;
	if (into->orders == 0 || from->first < into->first)
		into->first = from->first;
	if (into->orders == 0 || from->last > into->last)
		into->last = from->last;
	into->orders += from->orders;
	into->total += from->total;
	into->units = u;
	into->scale = sc;
	return JY_RFM_OK;
}

/* Parse numeric_out's text */
JyRfmResult
jy_rfm_parse_decimal(const char *s, size_t len, int64_t *units, int *scale)
{
	size_t		i = 0,
				end = len;
	bool		neg = false,
				point = false,
				digits = false;
	int			sc = 0;
	uint64_t	mag = 0;

	if (i < len && s[i] == '-')
	{
		neg = true;
		i++;
	}
	/* trailing zeros after a point do not change the value */
	if (memchr(s, '.', len) != NULL)
		while (end > i && s[end - 1] == '0')
			end--;
	for (; i < end; i++)
	{
		char		c = s[i];

		if (c == '.' && !point)
		{
			point = true;
			continue;
		}
		if (c < '0' || c > '9')
			return digits || point ? JY_RFM_OVERFLOW : JY_RFM_NOT_FINITE;
		digits = true;
		if (mag > (UINT64_C(1) << 63) / 10)
			return JY_RFM_OVERFLOW;
		mag = mag * 10 + (uint64_t) (c - '0');
		if (mag > (UINT64_C(1) << 63) - (neg ? 0 : 1))
			return JY_RFM_OVERFLOW;
		if (point)
			sc++;
	}
	if (!digits && !point)
		return JY_RFM_NOT_FINITE;
	if (sc > JY_RFM_MAX_SCALE)
		return JY_RFM_OVERFLOW;
	if (mag == 0)
		sc = 0;
	*units = neg ? (int64_t) (0 - mag) : (int64_t) mag;
	*scale = sc;
	return JY_RFM_OK;
}

/* The decimal [-]mag / 10^scale as text, rounded once by strtod */
static double
decimal_to_double(bool neg, uint64_t mag, int scale)
{
	char		digits[24],
				buf[48];
	int			n = snprintf(digits, sizeof(digits), "%" PRIu64, mag);
	int			k = 0,
				i;

	if (neg)
		buf[k++] = '-';
	if (n <= scale)
	{
		buf[k++] = '0';
		buf[k++] = '.';
		for (i = n; i < scale; i++)
			buf[k++] = '0';
		memcpy(buf + k, digits, (size_t) n);
		k += n;
	}
	else
	{
		memcpy(buf + k, digits, (size_t) (n - scale));
		k += n - scale;
		if (scale > 0)
		{
			buf[k++] = '.';
			memcpy(buf + k, digits + n - scale, (size_t) scale);
			k += scale;
		}
	}
	buf[k] = '\0';
	return strtod(buf, NULL);
}

/* The decimal units / 10^scale as the nearest double */
double
jy_rfm_decimal_double(int64_t units, int scale)
{
	if (units < 0)
		return decimal_to_double(true, 0 - (uint64_t) units, scale);
	return decimal_to_double(false, (uint64_t) units, scale);
}

/* Monetary value as a double */
double
jy_rfm_monetary(const JyRfmSummary *s)
{
	if (s->amount == JY_RFM_AMOUNT_FLOAT8)
		return s->total;
	return jy_rfm_decimal_double(s->units, s->scale);
}

/* Days from last to as_of */
bool
jy_rfm_recency_days(int64_t as_of, int64_t last, double *days)
{
	bool		neg = as_of < last;
	uint64_t	mag;

	if (as_of == JY_TS_NOBEGIN || as_of == JY_TS_NOEND ||
		last == JY_TS_NOBEGIN || last == JY_TS_NOEND)
		return false;
	mag = neg ? (uint64_t) last - (uint64_t) as_of : (uint64_t) as_of - (uint64_t) last;
	/* seconds = mag / 10^6 exactly, as text; one rounding to double */
	*days = decimal_to_double(neg, mag, 6) / 86400;
	return true;
}
