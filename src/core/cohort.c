/*
 * cohort.c -- lifecycle counts and cohort retention tables (see cohort.h)
 *
 * Both accumulators keep their counts in a CountTable: entries keyed by a
 * pair of int64s, each holding a fixed number of int64 counters, found
 * through a JyHash.  Adding an actor walks
 * its periods twice: once to count the keys it would insert, so that the
 * table can grow first, and once to bump the counters.  Only the growth can
 * fail, so a failed add leaves the accumulator unchanged.
 */
#include "cohort.h"

#include <string.h>

#include "hash.h"

#define TABLE_MIN_CAP 64

/* Lifecycle counters of a period */
#define LC_NEW 0
#define LC_CURRENT 1
#define LC_RESURRECTED 2
#define LC_DORMANT 3
#define LC_NCOUNTS 4

/* Cohorts: the slot of a cohort's size */
#define SIZE_SLOT (-1)

typedef struct CountTable
{
	int64_t    *entries;		/* used entries of width words: key a, key
								 * b, counters */
	size_t		cap;			/* room for cap entries */
	size_t		used;
	size_t		width;
	JyHash		hash;			/* entries by key */
	const JyMem *m;
} CountTable;

struct JyLifecycle
{
	CountTable	t;				/* key (period, 0): LC_NCOUNTS counters */
	int64_t		min,
				max;			/* of every active period, when nactors > 0 */
	int64_t		nactors;
	size_t		work;			/* iterations since the interrupt hook */
};

struct JyCohorts
{
	JyRetentionCriterion crit;
	int32_t    *brackets;		/* BRACKETS: a copy of the offsets */
	int			nbrackets;
	CountTable	t;				/* key (cohort, slot): one counter */
	int64_t		min,
				max;			/* of counted periods, when nactors > 0 */
	int64_t		nactors;
	size_t		ncohorts;		/* keys (cohort, SIZE_SLOT) */
	size_t		work;
	bool		valued;			/* two more counters: a __int128 value sum */
};

/* Count work done and call the interrupt hook now and then */
static inline void
tick(const JyMem *m, size_t *work, size_t amount)
{
	*work += amount;
	if (*work >= JY_INTERRUPT_EVERY)
	{
		*work = 0;
		jy_interrupt(m);
	}
}

/* hi - lo for lo <= hi, exact whatever the int64 values */
static inline uint64_t
span(int64_t lo, int64_t hi)
{
	return (uint64_t) hi - (uint64_t) lo;
}

/* ---------------------------------------------------------- count table */

static inline uint32_t
table_hash(int64_t a, int64_t b)
{
	uint64_t	z = (uint64_t) a * 0x9e3779b97f4a7c15ULL ^ (uint64_t) b * 0xc2b2ae3d27d4eb4fULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t) (z ^ (z >> 31));
}

/* Make room for extra more keys (growing by doubling); the table is unchanged on failure */
static JyStatus
table_reserve(CountTable *t, size_t extra, size_t *work)
{
	size_t		need = t->used + extra;
	size_t		ncap = t->cap ? t->cap : TABLE_MIN_CAP;
	int64_t    *p;

	tick(t->m, work, 1);
	if (need > JY_HASH_MAX_ENTRIES || need > JY_MAX_ALLOC / (t->width * sizeof(int64_t)))
		return JY_ERR_OUT_OF_MEMORY;
	if (need > t->cap)
	{
		while (ncap < need)
			ncap *= 2;
		if (ncap > JY_MAX_ALLOC / (t->width * sizeof(int64_t)))
			ncap = need;
		p = t->entries == NULL ? t->m->alloc(t->m->arg, ncap * t->width * sizeof(int64_t))
			: t->m->resize(t->m->arg, t->entries, ncap * t->width * sizeof(int64_t));
		if (p == NULL)
			return JY_ERR_OUT_OF_MEMORY;
		t->entries = p;
		t->cap = ncap;
	}
	return jy_hash_reserve(&t->hash, t->m, need);
}

static void
table_free(CountTable *t)
{
	if (t->entries != NULL)
		t->m->release(t->m->arg, t->entries);
	t->entries = NULL;
	jy_hash_free(&t->hash, t->m);
}

static JyStatus
table_init(CountTable *t, const JyMem *m, size_t ncounts)
{
	size_t		work = 0;

	t->m = m;
	t->width = 2 + ncounts;
	t->cap = 0;
	t->used = 0;
	t->entries = NULL;
	jy_hash_init(&t->hash);
	if (table_reserve(t, TABLE_MIN_CAP, &work) == JY_OK)
		return JY_OK;
	table_free(t);
	return JY_ERR_OUT_OF_MEMORY;
}

/* The entry of key (a, b), or NULL */
static int64_t *
table_find(const CountTable *t, int64_t a, int64_t b)
{
	uint32_t	h = table_hash(a, b);
	uint32_t	pos = jy_hash_start(&t->hash, h);
	uint32_t	id;

	while ((id = jy_hash_next(&t->hash, h, &pos)) != JY_HASH_NONE)
	{
		int64_t    *s = &t->entries[id * t->width];

		if (s[0] == a && s[1] == b)
			return s;
	}
	return NULL;
}

/*
 * Counting pass (apply false): count in *missing a key not in the table.
 * Applying pass: add 1 to counter idx of the key, inserting it (the room
 * was reserved).
 */
static void
bump(CountTable *t, int64_t a, int64_t b, int idx, bool apply, size_t *missing)
{
	int64_t    *s = table_find(t, a, b);

	if (s == NULL)
	{
		if (!apply)
		{
			(*missing)++;
			return;
		}
		s = &t->entries[t->used * t->width];
		memset(s, 0, t->width * sizeof(int64_t));
		s[0] = a;
		s[1] = b;
		(void) jy_hash_insert(&t->hash, t->m, table_hash(a, b), (uint32_t) t->used);	/* reserved */
		t->used++;
	}
	if (apply)
		s[2 + idx]++;
}

/* Are the n periods strictly ascending? */
static bool
strictly_ascending(const int64_t *periods, size_t n, const JyMem *m, size_t *work)
{
	size_t		i;

	for (i = 1; i < n; i++)
	{
		if (periods[i] <= periods[i - 1])
			return false;
		tick(m, work, 1);
	}
	return true;
}

/* ------------------------------------------------------------ lifecycle */

JyLifecycle *
jy_lifecycle_create(const JyMem *m)
{
	JyLifecycle *lc = m->alloc(m->arg, sizeof(JyLifecycle));

	if (lc == NULL)
		return NULL;
	memset(lc, 0, sizeof(*lc));
	if (table_init(&lc->t, m, LC_NCOUNTS) != JY_OK)
	{
		m->release(m->arg, lc);
		return NULL;
	}
	return lc;
}

/*
 * Count (apply false) or bump (apply true) the counters of one actor.  Its
 * keys are distinct: the periods p_i, the periods p_{i-1} + 1 of the gaps
 * (strictly between two p) and p_{n-1} + 1 (after them all).
 */
static size_t
lifecycle_walk(JyLifecycle *lc, const int64_t *p, size_t n, bool apply)
{
	size_t		missing = 0;
	size_t		i;

	bump(&lc->t, p[0], 0, LC_NEW, apply, &missing);
	for (i = 1; i < n; i++)
	{
		/* p[i - 1] < p[i], so p[i - 1] + 1 cannot overflow */
		if (p[i] == p[i - 1] + 1)
			bump(&lc->t, p[i], 0, LC_CURRENT, apply, &missing);
		else
		{
			bump(&lc->t, p[i], 0, LC_RESURRECTED, apply, &missing);
			bump(&lc->t, p[i - 1] + 1, 0, LC_DORMANT, apply, &missing);
		}
		tick(lc->t.m, &lc->work, 1);
	}
	/* dormant after the last period (never reported after INT64_MAX) */
	if (p[n - 1] < INT64_MAX)
		bump(&lc->t, p[n - 1] + 1, 0, LC_DORMANT, apply, &missing);
	return missing;
}

JyStatus
jy_lifecycle_add(JyLifecycle *lc, const int64_t *periods, size_t n)
{
	int64_t		lo,
				hi;
	JyStatus	st;

	if (n == 0 || periods == NULL ||
		!strictly_ascending(periods, n, lc->t.m, &lc->work))
		return JY_ERR_BAD_PARAMETER;
	lo = periods[0];
	hi = periods[n - 1];
	if (lc->nactors > 0)
	{
		lo = lc->min < lo ? lc->min : lo;
		hi = lc->max > hi ? lc->max : hi;
	}
	if (span(lo, hi) >= JY_MAX_PERIOD_SPAN)
		return JY_ERR_BAD_PARAMETER;
	st = table_reserve(&lc->t, lifecycle_walk(lc, periods, n, false), &lc->work);
	if (st != JY_OK)
		return st;
	lifecycle_walk(lc, periods, n, true);
	lc->min = lo;
	lc->max = hi;
	lc->nactors++;
	return JY_OK;
}

JyStatus
jy_lifecycle_result(const JyLifecycle *lc, JyLifecycleRow **rows, size_t *nrows)
{
	const JyMem *m = lc->t.m;
	JyLifecycleRow *r;
	size_t		nr,
				work = 0,
				i;

	*rows = NULL;
	*nrows = 0;
	if (lc->nactors == 0)
		return JY_OK;
	/* at most JY_MAX_PERIOD_SPAN rows: far below JY_MAX_ALLOC */
	nr = (size_t) span(lc->min, lc->max) + 1;
	r = m->alloc(m->arg, nr * sizeof(JyLifecycleRow));
	if (r == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	memset(r, 0, nr * sizeof(JyLifecycleRow));
	for (i = 0; i < nr; i++)
	{
		r[i].period = (int64_t) ((uint64_t) lc->min + i);
		tick(m, &work, 1);
	}
	for (i = 0; i < lc->t.used; i++)
	{
		const int64_t *s = &lc->t.entries[i * lc->t.width];
		JyLifecycleRow *row;

		tick(m, &work, 1);
		/* the only key outside min .. max is a dormant max + 1 */
		if (s[0] > lc->max)
			continue;
		row = &r[span(lc->min, s[0])];
		row->new_actors += s[2 + LC_NEW];
		row->current += s[2 + LC_CURRENT];
		row->resurrected += s[2 + LC_RESURRECTED];
		row->dormant += s[2 + LC_DORMANT];
	}
	for (i = 0; i < nr; i++)
	{
		r[i].active = r[i].new_actors + r[i].current + r[i].resurrected;
		tick(m, &work, 1);
	}
	*rows = r;
	*nrows = nr;
	return JY_OK;
}

bool
jy_lifecycle_range(const JyLifecycle *lc, int64_t *min, int64_t *max)
{
	*min = lc->nactors > 0 ? lc->min : 0;
	*max = lc->nactors > 0 ? lc->max : 0;
	return lc->nactors > 0;
}

void
jy_lifecycle_free(JyLifecycle *lc)
{
	const JyMem *m;

	if (lc == NULL)
		return;
	m = lc->t.m;
	table_free(&lc->t);
	m->release(m->arg, lc);
}

/* -------------------------------------------------------------- cohorts */

/* Add units to the value sum of key (a, b), which is in the table */
static void
add_value(CountTable *t, int64_t a, int64_t b, int64_t units)
{
	int64_t    *s = table_find(t, a, b);
	__int128	v;

	memcpy(&v, &s[3], sizeof(v));
	v += units;
	memcpy(&s[3], &v, sizeof(v));
}

/* The value sum of an entry */
static inline __int128
entry_value(const int64_t *s)
{
	__int128	v;

	memcpy(&v, &s[3], sizeof(v));
	return v;
}

JyCohorts *
jy_cohorts_create_valued(const JyMem *m, JyStatus *st)
{
	JyCohorts  *c = m->alloc(m->arg, sizeof(JyCohorts));

	*st = JY_ERR_OUT_OF_MEMORY;
	if (c == NULL)
		return NULL;
	memset(c, 0, sizeof(*c));
	c->crit = JY_RETENTION_ON;
	c->valued = true;
	/* active count, then the value sum in two counters */
	if (table_init(&c->t, m, 3) != JY_OK)
	{
		m->release(m->arg, c);
		return NULL;
	}
	*st = JY_OK;
	return c;
}

JyCohorts *
jy_cohorts_create(JyRetentionCriterion crit, const int32_t *brackets, int nbrackets,
				  const JyMem *m, JyStatus *st)
{
	JyCohorts  *c;
	int			i;

	*st = JY_ERR_BAD_PARAMETER;
	if (crit != JY_RETENTION_ON && crit != JY_RETENTION_ON_OR_AFTER &&
		crit != JY_RETENTION_BRACKETS)
		return NULL;
	if (crit == JY_RETENTION_BRACKETS)
	{
		if (brackets == NULL || nbrackets < 1 || nbrackets > JY_MAX_PERIOD_SPAN ||
			brackets[0] < 0)
			return NULL;
		for (i = 1; i < nbrackets; i++)
			if (brackets[i] <= brackets[i - 1])
				return NULL;
	}
	*st = JY_ERR_OUT_OF_MEMORY;
	c = m->alloc(m->arg, sizeof(JyCohorts));
	if (c == NULL)
		return NULL;
	memset(c, 0, sizeof(*c));
	c->crit = crit;
	if (table_init(&c->t, m, 1) != JY_OK)
	{
		m->release(m->arg, c);
		return NULL;
	}
	if (crit == JY_RETENTION_BRACKETS)
	{
		c->brackets = m->alloc(m->arg, (size_t) nbrackets * sizeof(int32_t));
		if (c->brackets == NULL)
		{
			jy_cohorts_free(c);
			return NULL;
		}
		memcpy(c->brackets, brackets, (size_t) nbrackets * sizeof(int32_t));
		c->nbrackets = nbrackets;
	}
	*st = JY_OK;
	return c;
}

/* The bracket holding offset d >= 0 (the last i with b_i <= d), or -1 */
static int
bracket_of(const JyCohorts *c, uint64_t d)
{
	int			lo = 0,
				hi = c->nbrackets;

	/* invariant: b_i <= d for i < lo, b_i > d for i >= hi */
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if ((uint64_t) c->brackets[mid] <= d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo - 1;
}

/*
 * Count (apply false) or bump (apply true) the counters of one actor of
 * cohort whose periods from p[j] on are at or after it.  Its keys are
 * distinct: the size key, then increasing offsets or bracket numbers.
 */
static size_t
cohorts_walk(JyCohorts *c, int64_t cohort, const int64_t *p, const int64_t *units,
			 size_t j, size_t n, bool apply)
{
	size_t		missing = 0;
	int			prev = -1;
	size_t		i;

	bump(&c->t, cohort, SIZE_SLOT, 0, apply, &missing);
	if (c->crit == JY_RETENTION_ON_OR_AFTER)
	{
		/* retained up to the offset of the last active period */
		if (j < n)
			bump(&c->t, cohort, (int64_t) span(cohort, p[n - 1]), 0, apply, &missing);
		return missing;
	}
	for (i = j; i < n; i++)
	{
		/* offsets are below JY_MAX_PERIOD_SPAN (checked) */
		uint64_t	d = span(cohort, p[i]);

		if (c->crit == JY_RETENTION_ON)
		{
			bump(&c->t, cohort, (int64_t) d, 0, apply, &missing);
			if (apply && units != NULL)
				add_value(&c->t, cohort, (int64_t) d, units[i]);
		}
		else
		{
			int			b = bracket_of(c, d);

			/* bracket numbers are non-decreasing: count each once */
			if (b >= 0 && b != prev)
				bump(&c->t, cohort, b, 0, apply, &missing);
			prev = b;
		}
		tick(c->t.m, &c->work, 1);
	}
	return missing;
}

/* One actor, with a value per period when the accumulator is valued */
static JyStatus
cohorts_add(JyCohorts *c, int64_t cohort, const int64_t *periods, const int64_t *units,
			size_t n)
{
	size_t		j = 0;
	int64_t		lo = cohort,
				hi = cohort;
	bool		new_cohort;
	JyStatus	st;

	if ((n > 0 && (periods == NULL || (c->valued && units == NULL))) ||
		!strictly_ascending(periods, n, c->t.m, &c->work))
		return JY_ERR_BAD_PARAMETER;
	/* the first period at or after the cohort: binary search */
	{
		size_t		end = n;

		while (j < end)
		{
			size_t		mid = j + (end - j) / 2;

			if (periods[mid] < cohort)
				j = mid + 1;
			else
				end = mid;
		}
	}
	if (j < n)
		hi = periods[n - 1];
	if (c->nactors > 0)
	{
		lo = c->min < lo ? c->min : lo;
		hi = c->max > hi ? c->max : hi;
	}
	if (span(lo, hi) >= JY_MAX_PERIOD_SPAN)
		return JY_ERR_BAD_PARAMETER;
	st = table_reserve(&c->t, cohorts_walk(c, cohort, periods, units, j, n, false), &c->work);
	if (st != JY_OK)
		return st;
	new_cohort = table_find(&c->t, cohort, SIZE_SLOT) == NULL;
	cohorts_walk(c, cohort, periods, units, j, n, true);
	c->ncohorts += new_cohort;
	c->min = lo;
	c->max = hi;
	c->nactors++;
	return JY_OK;
}

JyStatus
jy_cohorts_add(JyCohorts *c, int64_t cohort, const int64_t *periods, size_t n)
{
	if (c->valued)
		return JY_ERR_BAD_PARAMETER;
	return cohorts_add(c, cohort, periods, NULL, n);
}

JyStatus
jy_cohorts_add_values(JyCohorts *c, int64_t cohort, const int64_t *periods,
					  const int64_t *units, size_t n)
{
	if (!c->valued)
		return JY_ERR_BAD_PARAMETER;
	return cohorts_add(c, cohort, periods, units, n);
}

/* A cohort of the result and where its rows go */
typedef struct CohortInfo
{
	int64_t		cohort;
	int64_t		size;
	size_t		base;			/* its first row */
	size_t		nrows;
} CohortInfo;

/* Order of cohorts (each appears once) */
#define JY_SORT_NAME sort_cohorts
#define JY_SORT_TYPE CohortInfo
#define JY_SORT_NO_CTX
#define JY_SORT_CMP(a, b) (((a)->cohort > (b)->cohort) - ((a)->cohort < (b)->cohort))
#include "sort.h"

/* The info of cohort among the n sorted ones (it is there) */
static CohortInfo *
find_cohort(CohortInfo *info, size_t n, int64_t cohort)
{
	size_t		lo = 0,
				hi = n;

	while (hi - lo > 1)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (info[mid].cohort <= cohort)
			lo = mid;
		else
			hi = mid;
	}
	return &info[lo];
}

/*
 * Sort the cohorts into info (c->ncohorts of them) and lay out their rows
 * up to last_period; *total receives the number of rows
 */
static JyStatus
cohorts_layout(const JyCohorts *c, int64_t last_period, CohortInfo *info,
			   size_t *total, size_t *work)
{
	size_t		n = 0,
				i;

	for (i = 0; i < c->t.used; i++)
	{
		const int64_t *s = &c->t.entries[i * c->t.width];

		if (s[1] == SIZE_SLOT)
		{
			info[n].cohort = s[0];
			info[n++].size = s[2];
		}
		tick(c->t.m, work, 1);
	}
	sort_cohorts(info, n, NULL, c->t.m);
	*total = 0;
	for (i = 0; i < n; i++)
	{
		uint64_t	k = span(info[i].cohort, last_period);

		info[i].base = *total;
		info[i].nrows = 0;
		if (info[i].cohort > last_period)
			continue;
		if (c->crit != JY_RETENTION_BRACKETS)
		{
			if (k >= JY_MAX_PERIOD_SPAN)
				return JY_ERR_BAD_PARAMETER;
			info[i].nrows = (size_t) k + 1;
		}
		else
			info[i].nrows = (size_t) (bracket_of(c, k) + 1);
		*total += info[i].nrows;
		if (*total > JY_COHORT_MAX_ROWS)
			return JY_ERR_BAD_PARAMETER;
		tick(c->t.m, work, 1);
	}
	return JY_OK;
}

/* The rows, and for a valued accumulator (values not NULL) their values */
static JyStatus
cohorts_result(const JyCohorts *c, int64_t last_period, JyCohortRow **rows,
			   JyCohortValue **values, size_t *nrows)
{
	const JyMem *m = c->t.m;
	CohortInfo *info;
	JyCohortRow *r;
	JyCohortValue *v = NULL;
	size_t		total,
				work = 0,
				i,
				k;
	JyStatus	st;

	*rows = NULL;
	*nrows = 0;
	if (values != NULL)
		*values = NULL;
	if (c->ncohorts == 0)
		return JY_OK;
	/* at most JY_MAX_PERIOD_SPAN cohorts: far below JY_MAX_ALLOC */
	info = m->alloc(m->arg, c->ncohorts * sizeof(CohortInfo));
	if (info == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	st = cohorts_layout(c, last_period, info, &total, &work);
	if (st != JY_OK || total == 0)
	{
		m->release(m->arg, info);
		return st;
	}
	/* at most JY_COHORT_MAX_ROWS rows: below JY_MAX_ALLOC (each array) */
	r = m->alloc(m->arg, total * sizeof(JyCohortRow));
	if (values != NULL && r != NULL)
	{
		v = m->alloc(m->arg, total * sizeof(JyCohortValue));
		if (v == NULL)
		{
			m->release(m->arg, r);
			r = NULL;
		}
	}
	if (r == NULL)
	{
		m->release(m->arg, info);
		return JY_ERR_OUT_OF_MEMORY;
	}
	memset(r, 0, total * sizeof(JyCohortRow));
	if (v != NULL)
		memset(v, 0, total * sizeof(JyCohortValue));
	for (i = 0; i < c->ncohorts; i++)
		for (k = 0; k < info[i].nrows; k++)
		{
			r[info[i].base + k].cohort = info[i].cohort;
			r[info[i].base + k].period = (int32_t) k;
			r[info[i].base + k].cohort_size = info[i].size;
			tick(m, &work, 1);
		}
	for (i = 0; i < c->t.used; i++)
	{
		const int64_t *s = &c->t.entries[i * c->t.width];
		const CohortInfo *ci;

		tick(m, &work, 1);
		if (s[1] == SIZE_SLOT)
			continue;
		ci = find_cohort(info, c->ncohorts, s[0]);
		if (c->crit == JY_RETENTION_ON_OR_AFTER)
		{
			/* retained up to offset s[1], at most the last row */
			size_t		off = (size_t) s[1];

			if (ci->nrows > 0)
				r[ci->base + (off < ci->nrows ? off : ci->nrows - 1)].retained += s[2];
		}
		else if ((size_t) s[1] < ci->nrows)
		{
			r[ci->base + (size_t) s[1]].retained += s[2];
			if (v != NULL)
				v[ci->base + (size_t) s[1]].value += entry_value(s);
		}
	}
	if (v != NULL)
	{
		/* cumulative value: periods 0 .. k of the cohort */
		for (i = 0; i < c->ncohorts; i++)
		{
			__int128	cum = 0;

			for (k = 0; k < info[i].nrows; k++)
			{
				cum += v[info[i].base + k].value;
				v[info[i].base + k].cumulative = cum;
			}
		}
		*values = v;
	}
	if (c->crit == JY_RETENTION_ON_OR_AFTER)
	{
		/* retained in k = those whose last offset is k or more */
		for (i = 0; i < c->ncohorts; i++)
			for (k = info[i].nrows; k-- > 1;)
			{
				r[info[i].base + k - 1].retained += r[info[i].base + k].retained;
				tick(m, &work, 1);
			}
	}
	m->release(m->arg, info);
	*rows = r;
	*nrows = total;
	return JY_OK;
}

JyStatus
jy_cohorts_result(const JyCohorts *c, int64_t last_period, JyCohortRow **rows,
				  size_t *nrows)
{
	return cohorts_result(c, last_period, rows, NULL, nrows);
}

JyStatus
jy_cohorts_value_result(const JyCohorts *c, int64_t last_period, JyCohortRow **rows,
						JyCohortValue **values, size_t *nrows)
{
	if (!c->valued)
		return JY_ERR_BAD_PARAMETER;
	return cohorts_result(c, last_period, rows, values, nrows);
}

bool
jy_cohorts_max_period(const JyCohorts *c, int64_t *max)
{
	*max = c->nactors > 0 ? c->max : 0;
	return c->nactors > 0;
}

void
jy_cohorts_free(JyCohorts *c)
{
	const JyMem *m;

	if (c == NULL)
		return;
	m = c->t.m;
	table_free(&c->t);
	if (c->brackets != NULL)
		m->release(m->arg, c->brackets);
	m->release(m->arg, c);
}

/* ---------- periods of days ---------- */

/* Days from 1970-01-01 to 2000-01-01, the day numbers' origin */
#define DAYS_1970_TO_2000 10957

/* floor(a / b) for b > 0 */
static inline int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b < 0 ? 1 : 0);
}

/*
 * The day number of a date: days from 1970-01-01 counted in 400-year eras
 * of 146097 days, each starting on March 1 so that leap days come last
 * (H. Hinnant's days_from_civil), shifted to the 2000-01-01 origin
 */
int64_t
jy_days_from_civil(int64_t year, int month, int mday)
{
	int64_t		y = year - (month <= 2 ? 1 : 0);
	int64_t		era = floor_div(y, 400);
	int64_t		yoe = y - era * 400;	/* [0, 399] */
	int64_t		doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
	int64_t		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* [0, 146096] */

	return era * 146097 + doe - 719468 - DAYS_1970_TO_2000;
}

/* The date of a day number (the inverse of jy_days_from_civil) */
void
jy_civil_from_days(int64_t day, int64_t *year, int *month, int *mday)
{
	int64_t		z = day + DAYS_1970_TO_2000 + 719468;
	int64_t		era = floor_div(z, 146097);
	int64_t		doe = z - era * 146097; /* [0, 146096] */
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;	/* March = 0 */
	int			m = (int) (mp < 10 ? mp + 3 : mp - 9);

	*mday = (int) (doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

/* The period index of a day (see cohort.h) */
int64_t
jy_period_of_day(JyPeriodUnit unit, int64_t day)
{
	int64_t		y;
	int			m,
				d;

	switch (unit)
	{
		case JY_PERIOD_DAY:
			return day;
		case JY_PERIOD_WEEK:
			return floor_div(day - 2, 7);
		case JY_PERIOD_MONTH:
			break;
	}
	jy_civil_from_days(day, &y, &m, &d);
	return (y - 2000) * 12 + m - 1;
}

/* The period index of day counted from start */
int64_t
jy_period_of_day_since(JyPeriodUnit unit, int64_t start, int64_t day)
{
	int64_t		y1,
				y2,
				k;
	int			m1,
				m2,
				d1,
				d2;

	switch (unit)
	{
		case JY_PERIOD_DAY:
			return day;
		case JY_PERIOD_WEEK:
			return jy_period_of_day(unit, start) + floor_div(day - start, 7);
		case JY_PERIOD_MONTH:
			break;
	}
	jy_civil_from_days(start, &y1, &m1, &d1);
	jy_civil_from_days(day, &y2, &m2, &d2);
	k = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
	return jy_period_of_day(unit, start) + k;
}

/* The first day of period k */
int64_t
jy_period_first_day(JyPeriodUnit unit, int64_t k)
{
	switch (unit)
	{
		case JY_PERIOD_DAY:
			return k;
		case JY_PERIOD_WEEK:
			return k * 7 + 2;
		case JY_PERIOD_MONTH:
			break;
	}
	return jy_days_from_civil(2000 + floor_div(k, 12), (int) (k - floor_div(k, 12) * 12) + 1, 1);
}

static const char *const period_names[] = {
	[JY_PERIOD_DAY] = "day", [JY_PERIOD_WEEK] = "week", [JY_PERIOD_MONTH] = "month"
};

/* Parse a period unit */
bool
jy_period_parse(const char *s, size_t len, JyPeriodUnit *unit)
{
	int			k = jy_keyword(period_names, 3, s, len);

	if (k < 0)
		return false;
	*unit = (JyPeriodUnit) k;
	return true;
}

/* Name of a period unit */
const char *
jy_period_name(JyPeriodUnit unit)
{
	return (int) unit >= 0 && (int) unit < 3 ? period_names[unit] : "unknown";
}

/* Parse a retention criterion */
bool
jy_retention_parse_criterion(const char *s, size_t len, JyRetentionCriterion *crit)
{
	static const char *const names[] = {
		[JY_RETENTION_ON] = "on", [JY_RETENTION_ON_OR_AFTER] = "on_or_after",
		[JY_RETENTION_BRACKETS] = "brackets"
	};
	int			k = jy_keyword(names, 3, s, len);

	if (k < 0)
		return false;
	*crit = (JyRetentionCriterion) k;
	return true;
}

/* ---------- stickiness ---------- */

struct JyStickiness
{
	JyPeriodUnit period;
	JyPeriodUnit within;
	bool		whole;
	CountTable	t;				/* key (window, k): one counter; whole: (0, k) */
	int64_t		min,
				max;			/* of windows (whole: of periods), when nactors > 0 */
	int64_t		nactors;
	size_t		work;
};

JyStickiness *
jy_stickiness_create(JyPeriodUnit period, JyPeriodUnit within, bool whole,
					 const JyMem *m, JyStatus *st)
{
	JyStickiness *s;

	*st = JY_ERR_BAD_PARAMETER;
	if ((unsigned) period > JY_PERIOD_MONTH ||
		(!whole && ((unsigned) within > JY_PERIOD_MONTH || period >= within)))
		return NULL;
	*st = JY_ERR_OUT_OF_MEMORY;
	s = m->alloc(m->arg, sizeof(JyStickiness));
	if (s == NULL)
		return NULL;
	memset(s, 0, sizeof(*s));
	s->period = period;
	s->within = within;
	s->whole = whole;
	if (table_init(&s->t, m, 1) != JY_OK)
	{
		m->release(m->arg, s);
		return NULL;
	}
	*st = JY_OK;
	return s;
}

/* The window of period p: the window of its first day (0 for the whole range) */
static inline int64_t
stick_window(const JyStickiness *s, int64_t p)
{
	if (s->whole)
		return 0;
	return jy_period_of_day(s->within, jy_period_first_day(s->period, p));
}

/*
 * Count (apply false) or bump (apply true) one actor's keys: per window, the
 * run of its distinct periods there.  *lo, *hi: its smallest and largest
 * window (whole: period).
 */
static size_t
stick_walk(JyStickiness *s, const int32_t *days, size_t n, bool apply, int64_t *lo,
		   int64_t *hi)
{
	size_t		missing = 0,
				i;
	int64_t		prevp = 0,
				curw = 0,
				k = 0;

	for (i = 0; i < n; i++)
	{
		int64_t		p = jy_period_of_day(s->period, days[i]);
		int64_t		w;

		if (i > 0 && p == prevp)
			continue;
		w = stick_window(s, p);
		if (i == 0)
		{
			*lo = s->whole ? p : w;
			curw = w;
		}
		else if (w != curw)
		{
			bump(&s->t, curw, k, 0, apply, &missing);
			curw = w;
			k = 0;
		}
		*hi = s->whole ? p : w;
		k++;
		prevp = p;
		tick(s->t.m, &s->work, 1);
	}
	bump(&s->t, curw, k, 0, apply, &missing);
	return missing;
}

JyStatus
jy_stickiness_add(JyStickiness *s, const int32_t *days, size_t n)
{
	size_t		i,
				missing;
	int64_t		lo = 0,
				hi = 0,
				alo,
				ahi;
	JyStatus	st;

	if (n == 0 || days == NULL)
		return JY_ERR_BAD_PARAMETER;
	for (i = 1; i < n; i++)
		if (days[i] <= days[i - 1])
			return JY_ERR_BAD_PARAMETER;
	missing = stick_walk(s, days, n, false, &lo, &hi);
	if (s->nactors > 0)
	{
		lo = s->min < lo ? s->min : lo;
		hi = s->max > hi ? s->max : hi;
	}
	if (span(lo, hi) >= JY_MAX_PERIOD_SPAN)
		return JY_ERR_BAD_PARAMETER;
	if ((st = table_reserve(&s->t, missing, &s->work)) != JY_OK)
		return st;
	(void) stick_walk(s, days, n, true, &alo, &ahi);
	if (s->nactors == 0 || lo < s->min)
		s->min = lo;
	if (s->nactors == 0 || hi > s->max)
		s->max = hi;
	s->nactors++;
	return JY_OK;
}

/* The periods of window w (its upper bound of k) */
static int64_t
stick_periods(const JyStickiness *s, int64_t w)
{
	int64_t		f,
				g;

	if (s->whole)
		return s->max - s->min + 1;
	f = jy_period_first_day(s->within, w);
	g = jy_period_first_day(s->within, w + 1);
	if (s->period == JY_PERIOD_DAY)
		return g - f;
	/* weeks whose Monday (day 7j + 2) is in [f, g) */
	return floor_div(g - 3, 7) - floor_div(f - 3, 7);
}

JyStatus
jy_stickiness_result(const JyStickiness *s, JyStickinessRow **rows, size_t *nrows)
{
	const JyMem *m = s->t.m;
	size_t		total = 0,
				work = 0,
				i;
	int64_t		nwin,
				w;
	size_t	   *base;
	JyStickinessRow *r;

	*rows = NULL;
	*nrows = 0;
	if (s->nactors == 0)
		return JY_OK;
	nwin = s->whole ? 1 : s->max - s->min + 1;
	/* nwin <= JY_MAX_PERIOD_SPAN (checked when the actors came) */
	base = m->alloc(m->arg, ((size_t) nwin + 1) * sizeof(size_t));
	if (base == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (w = 0; w < nwin; w++)
	{
		base[w] = total;
		total += (size_t) stick_periods(s, s->whole ? 0 : s->min + w);
		if (total > JY_COHORT_MAX_ROWS)
		{
			m->release(m->arg, base);
			return JY_ERR_BAD_PARAMETER;
		}
		tick(m, &work, 1);
	}
	base[nwin] = total;
	r = m->alloc(m->arg, total * sizeof(JyStickinessRow));
	if (r == NULL)
	{
		m->release(m->arg, base);
		return JY_ERR_OUT_OF_MEMORY;
	}
	memset(r, 0, total * sizeof(JyStickinessRow));
	for (w = 0; w < nwin; w++)
	{
		int32_t		np = (int32_t) (base[w + 1] - base[w]);

		for (i = base[w]; i < base[w + 1]; i++)
		{
			r[i].window = s->min + w;
			r[i].k = (int32_t) (i - base[w] + 1);
			r[i].periods = np;
		}
	}
	for (i = 0; i < s->t.used; i++)
	{
		const int64_t *e = &s->t.entries[i * s->t.width];
		int64_t		wi = s->whole ? 0 : e[0] - s->min;

		/* k is at most the window's periods (a run of distinct periods in it) */
		r[base[wi] + (size_t) e[1] - 1].actors += e[2];
		tick(m, &work, 1);
	}
	for (w = 0; w < nwin; w++)
	{
		int64_t		cum = 0;

		for (i = base[w + 1]; i-- > base[w];)
		{
			cum += r[i].actors;
			r[i].cumulative = cum;
		}
		for (i = base[w]; i < base[w + 1]; i++)
			r[i].active = cum;
	}
	m->release(m->arg, base);
	*rows = r;
	*nrows = total;
	return JY_OK;
}

/* Parse a window unit */
bool
jy_stickiness_parse_within(const char *s, size_t len, JyPeriodUnit *unit, bool *whole)
{
	if (jy_keyword_eq(s, len, "all"))
	{
		*whole = true;
		*unit = JY_PERIOD_MONTH;
		return true;
	}
	*whole = false;
	return jy_period_parse(s, len, unit);
}

void
jy_stickiness_free(JyStickiness *s)
{
	const JyMem *m;

	if (s == NULL)
		return;
	m = s->t.m;
	table_free(&s->t);
	m->release(m->arg, s);
}
