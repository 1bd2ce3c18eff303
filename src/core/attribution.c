/*
 * attribution.c -- rule-based attribution, Markov removal effect and
 * Shapley values (see attribution.h for the rules)
 */
#include "attribution.h"

#include <math.h>
#include <string.h>

#include "hash.h"

/*
 * Channel ids are found through a JyHash whose entries are the dense
 * indexes 0, 1, 2, .. of the channels (the caller keeps the id of each)
 */

/* Hash of a channel id: multiplicative */
static inline uint32_t
chan_hash(uint32_t id)
{
	return (uint32_t) ((id * UINT64_C(0x9e3779b97f4a7c15)) >> 32);
}

/* Dense index of channel id, where ids[d] is the id of index d; or JY_HASH_NONE */
static inline uint32_t
chan_find(const JyHash *h, const uint32_t *ids, size_t stride, uint32_t id)
{
	uint32_t	hash = chan_hash(id);
	uint32_t	pos = jy_hash_start(h, hash);
	uint32_t	d;

	while ((d = jy_hash_next(h, hash, &pos)) != JY_HASH_NONE)
		if (*(const uint32_t *) ((const char *) ids + d * stride) == id)
			return d;
	return JY_HASH_NONE;
}

/* ----------------------------------------------------------------
 * Rule-based models
 * ----------------------------------------------------------------
 */

static const char *const model_names[] = {
	[JY_ATTR_FIRST] = "first",
	[JY_ATTR_LAST] = "last",
	[JY_ATTR_LAST_NON_DIRECT] = "last_non_direct",
	[JY_ATTR_LINEAR] = "linear",
	[JY_ATTR_POSITION] = "position",
	[JY_ATTR_TIME_DECAY] = "time_decay",
	[JY_ATTR_PARTICIPATION] = "participation"
};

#define N_MODELS ((int) (sizeof(model_names) / sizeof(model_names[0])))

/* Up to this many touches, rows are found by scanning rather than hashing */
#define SCAN_TOUCHES 16

/* Parse a model name */
JyStatus
jy_attr_parse_model(const char *s, size_t len, JyAttrModel *model)
{
	int			k = jy_keyword(model_names, N_MODELS, s, len);

	if (k < 0)
		return JY_ERR_UNKNOWN_MODEL;
	*model = (JyAttrModel) k;
	return JY_OK;
}

/* Canonical name of a model */
const char *
jy_attr_model_name(JyAttrModel model)
{
	if ((int) model < 0 || (int) model >= N_MODELS)
		return "unknown";
	return model_names[model];
}

/* Default parameters */
void
jy_attr_params_init(JyAttrParams *params, JyAttrModel model)
{
	memset(params, 0, sizeof(*params));
	params->model = model;
	params->has_lookback = false;
	params->lookback = 0;
	params->has_direct = false;
	params->first_share = 0.4;
	params->last_share = 0.4;
	params->half_life = INT64_C(7) * 24 * 3600 * 1000000;
}

/* Check the parameters of the model */
JyAttrCheck
jy_attr_check(const JyAttrParams *params)
{
	if (params->has_lookback && params->lookback < 0)
		return JY_ATTR_BAD_LOOKBACK;
	if (params->model == JY_ATTR_POSITION)
	{
		double		f = params->first_share;
		double		l = params->last_share;

		/* written so that NaN fails too */
		if (!(f >= 0 && l >= 0 && isfinite(f) && isfinite(l) && f + l <= 1))
			return JY_ATTR_BAD_SHARES;
	}
	if (params->model == JY_ATTR_TIME_DECAY && params->half_life <= 0)
		return JY_ATTR_BAD_HALF_LIFE;
	return JY_ATTR_OK;
}

/* Message for a failed check */
const char *
jy_attr_check_message(JyAttrCheck check)
{
	switch (check)
	{
		case JY_ATTR_OK:
			return "ok";
		case JY_ATTR_BAD_SHARES:
			return "first and last shares must be non-negative and sum to at most 1";
		case JY_ATTR_BAD_HALF_LIFE:
			return "half-life must be positive";
		case JY_ATTR_BAD_LOOKBACK:
			return "lookback must not be negative";
	}
	return "unknown check";
}

/*
 * Does the touch count: ts <= conv_ts, and conv_ts - lookback <= ts when
 * there is a lookback (>= 0, checked by jy_attr_check)?
 */
static inline bool
touch_counts(int64_t ts, int64_t conv_ts, const JyAttrParams *params)
{
	if (ts > conv_ts)
		return false;
	/* the exact difference conv_ts - ts >= 0 fits in uint64 */
	return !params->has_lookback ||
		(uint64_t) conv_ts - (uint64_t) ts <= (uint64_t) params->lookback;
}

/* Time-decay weight of a touch at ts <= tmax: 2^(-(tmax - ts) / half_life) */
static inline double
decay_weight(int64_t ts, int64_t tmax, int64_t half_life)
{
	return exp2(-(double) ((uint64_t) tmax - (uint64_t) ts) / (double) half_life);
}

/* Credit of the k-th of cnt counted touches under the position model */
static double
position_credit(const JyAttrParams *params, size_t k, size_t cnt)
{
	double		f = params->first_share;
	double		l = params->last_share;

	if (cnt == 1)
		return 1;
	if (cnt == 2)
	{
		if (f + l == 0)
			return 0.5;
		return k == 0 ? f / (f + l) : l / (f + l);
	}
	if (k == 0)
		return f;
	if (k == cnt - 1)
		return l;
	return (1 - f - l) / (double) (cnt - 2);
}

/* Credit a conversion to the touches of one journey */
JyStatus
jy_attribute(const JyTouch *touches, size_t n, int64_t conv_ts,
			 const JyAttrParams *params, const JyMem *m, JyCredit *out,
			 size_t *nout)
{
	JyAttrModel model = params->model;
	size_t		cnt = 0;
	size_t		last = 0,
				chosen = 0;
	bool		have_non_direct = false;
	int64_t		tmax = INT64_MIN;
	double		wsum = 0;
	JyHash		map;
	bool		hashed;
	uint32_t	nrows = 0;
	size_t		i,
				k;

	*nout = 0;
	if (jy_attr_check(params) != JY_ATTR_OK)
		return JY_ERR_BAD_PARAMETER;

	/* pass 1: count the touches, find the last, last non-direct, latest */
	for (i = 0; i < n; i++)
	{
		if (!touch_counts(touches[i].ts, conv_ts, params))
			continue;
		cnt++;
		last = i;
		if (!params->has_direct || touches[i].channel != params->direct_channel)
		{
			chosen = i;
			have_non_direct = true;
		}
		if (touches[i].ts > tmax)
			tmax = touches[i].ts;
		if ((i + 1) % JY_INTERRUPT_EVERY == 0)
			jy_interrupt(m);
	}
	if (cnt == 0)
		return JY_OK;
	if (!have_non_direct)
		chosen = last;

	/* pass 2 (time decay): the sum of weights relative to the latest touch */
	if (model == JY_ATTR_TIME_DECAY)
	{
		for (i = 0; i < n; i++)
			if (touch_counts(touches[i].ts, conv_ts, params))
				wsum += decay_weight(touches[i].ts, tmax, params->half_life);
	}

	hashed = cnt > SCAN_TOUCHES;
	if (hashed)
	{
		JyStatus	st;

		jy_hash_init(&map);
		st = jy_hash_reserve(&map, m, cnt);
		if (st != JY_OK)
			return st;
	}

	/* pass 3: credit each counted touch to its channel's row */
	for (i = 0, k = 0; i < n; i++)
	{
		uint32_t	ch = touches[i].channel;
		uint32_t	row;
		uint32_t	before = nrows;
		double		credit = 0;

		if (!touch_counts(touches[i].ts, conv_ts, params))
			continue;
		if (hashed)
		{
			row = chan_find(&map, &out[0].channel, sizeof(JyCredit), ch);
			if (row == JY_HASH_NONE)
			{
				row = nrows++;
				(void) jy_hash_insert(&map, m, chan_hash(ch), row);	/* reserved */
			}
		}
		else
		{
			for (row = 0; row < nrows; row++)
				if (out[row].channel == ch)
					break;
			if (row == nrows)
				nrows++;
		}
		if (nrows != before)
		{
			out[row].channel = ch;
			out[row].credit = model == JY_ATTR_PARTICIPATION ? 1 : 0;
		}
		switch (model)
		{
			case JY_ATTR_FIRST:
				credit = k == 0;
				break;
			case JY_ATTR_LAST:
				credit = k == cnt - 1;
				break;
			case JY_ATTR_LAST_NON_DIRECT:
				credit = i == chosen;
				break;
			case JY_ATTR_LINEAR:
				credit = 1 / (double) cnt;
				break;
			case JY_ATTR_POSITION:
				credit = position_credit(params, k, cnt);
				break;
			case JY_ATTR_TIME_DECAY:
				credit = decay_weight(touches[i].ts, tmax, params->half_life) / wsum;
				break;
			case JY_ATTR_PARTICIPATION:
				credit = 0;		/* set when the row was made */
				break;
		}
		out[row].credit += credit;
		k++;
		if (k % JY_INTERRUPT_EVERY == 0)
			jy_interrupt(m);
	}
	if (hashed)
		jy_hash_free(&map, m);
	*nout = nrows;
	return JY_OK;
}

/* ----------------------------------------------------------------
 * Markov chain removal effect
 * ----------------------------------------------------------------
 */

/*
 * States: START = 0, channel of dense index d = d + 1, then the two
 * absorbing states.  An edge's key packs (from, to), plus 1.
 */
#define ST_START 0
#define ST_CONV (JY_MARKOV_MAX_CHANNELS + 1)
#define ST_NULL (JY_MARKOV_MAX_CHANNELS + 2)
#define ST_BITS 11				/* 2^11 > ST_NULL */
#define EDGE_KEY(from, to) ((((uint32_t) (from) << ST_BITS) | (uint32_t) (to)) + 1)
#define EDGE_FROM(key) (((key) - 1) >> ST_BITS)
#define EDGE_TO(key) (((key) - 1) & ((1u << ST_BITS) - 1))

typedef struct MarkovEdge
{
	uint32_t	key;
	int64_t		count;
} MarkovEdge;

struct JyMarkov
{
	const JyMem *m;
	JyHash		chans;			/* dense channel indexes by id */
	uint32_t	nchannels;
	uint32_t   *ids;			/* ids[d]: channel id of dense index d */
	uint32_t	nedges;
	uint32_t	edgecap;
	MarkovEdge *edges;			/* nedges, in order of arrival */
	JyHash		edgehash;		/* edges by key */
	int64_t		journeys;
	int64_t		conversions;
};

/* Create a builder */
JyMarkov *
jy_markov_create(const JyMem *m)
{
	JyMarkov   *mk = m->alloc(m->arg, sizeof(JyMarkov));

	if (mk == NULL)
		return NULL;
	memset(mk, 0, sizeof(*mk));
	mk->m = m;
	jy_hash_init(&mk->chans);
	jy_hash_init(&mk->edgehash);
	mk->ids = m->alloc(m->arg, (JY_MARKOV_MAX_CHANNELS + 1) * sizeof(uint32_t));
	if (mk->ids == NULL ||
		jy_hash_reserve(&mk->chans, m, JY_MARKOV_MAX_CHANNELS) != JY_OK)
	{
		jy_markov_free(mk);
		return NULL;
	}
	return mk;
}

/* Free a builder */
void
jy_markov_free(JyMarkov *mk)
{
	const JyMem *m = mk->m;

	jy_hash_free(&mk->chans, m);
	jy_hash_free(&mk->edgehash, m);
	if (mk->ids != NULL)
		m->release(m->arg, mk->ids);
	if (mk->edges != NULL)
		m->release(m->arg, mk->edges);
	m->release(m->arg, mk);
}

/* Number of distinct channels */
uint32_t
jy_markov_nchannels(const JyMarkov *mk)
{
	return mk->nchannels;
}

/*
 * State of a channel id, adding the channel when new; -1 (and nothing
 * added) when that would exceed JY_MARKOV_MAX_CHANNELS.
 */
static int
markov_state(JyMarkov *mk, uint32_t id)
{
	uint32_t	d = chan_find(&mk->chans, mk->ids, sizeof(uint32_t), id);

	if (d == JY_HASH_NONE)
	{
		if (mk->nchannels >= JY_MARKOV_MAX_CHANNELS)
			return -1;
		d = mk->nchannels++;
		mk->ids[d] = id;
		(void) jy_hash_insert(&mk->chans, mk->m, chan_hash(id), d);	/* reserved */
	}
	return (int) d + 1;
}

/* Hash of an edge key */
static inline uint32_t
edge_hash(uint32_t key)
{
	return key * 2654435761u;
}

/* Add count to the edge from -> to */
static JyStatus
markov_edge(JyMarkov *mk, uint32_t from, uint32_t to, int64_t count)
{
	uint32_t	key = EDGE_KEY(from, to);
	uint32_t	pos = jy_hash_start(&mk->edgehash, edge_hash(key));
	uint32_t	e;
	JyStatus	st;

	while ((e = jy_hash_next(&mk->edgehash, edge_hash(key), &pos)) != JY_HASH_NONE)
		if (mk->edges[e].key == key)
			break;
	if (e == JY_HASH_NONE)
	{
		st = jy_grow(mk->m, (void **) &mk->edges, &mk->edgecap, mk->nedges, 1,
					 sizeof(MarkovEdge), JY_HASH_MAX_ENTRIES);
		if (st == JY_OK)
			st = jy_hash_insert(&mk->edgehash, mk->m, edge_hash(key), mk->nedges);
		if (st != JY_OK)
			return JY_ERR_OUT_OF_MEMORY;
		e = mk->nedges++;
		mk->edges[e].key = key;
		mk->edges[e].count = 0;
	}
	if (count > INT64_MAX - mk->edges[e].count)
		return JY_ERR_VALUE_TOO_LARGE;
	mk->edges[e].count += count;
	return JY_OK;
}

/* Add one journey */
JyStatus
jy_markov_add(JyMarkov *mk, const uint32_t *channels, size_t n, bool converted)
{
	uint32_t	before = mk->nchannels;
	uint32_t	prev = ST_START;
	size_t		i;
	JyStatus	st;

	if (n == 0)
		return JY_OK;
	/* register the channels first, so a refused journey changes nothing */
	for (i = 0; i < n; i++)
	{
		if (markov_state(mk, channels[i]) < 0)
		{
			jy_hash_truncate(&mk->chans, before, mk->m);
			mk->nchannels = before;
			return JY_ERR_TOO_MANY_CHANNELS;
		}
		if ((i + 1) % JY_INTERRUPT_EVERY == 0)
			jy_interrupt(mk->m);
	}
	for (i = 0; i < n; i++)
	{
		uint32_t	s = (uint32_t) markov_state(mk, channels[i]);

		if (s == prev)
			continue;			/* a repeat: collapsed */
		st = markov_edge(mk, prev, s, 1);
		if (st != JY_OK)
			return st;
		prev = s;
	}
	st = markov_edge(mk, prev, converted ? ST_CONV : ST_NULL, 1);
	if (st != JY_OK)
		return st;
	mk->journeys++;
	mk->conversions += converted;
	return JY_OK;
}

/* Map a state of src to the same state of dst (channels present in dst) */
static uint32_t
markov_map_state(JyMarkov *dst, const JyMarkov *src, uint32_t s)
{
	if (s == ST_START || s == ST_CONV || s == ST_NULL)
		return s;
	return (uint32_t) markov_state(dst, src->ids[s - 1]);
}

/* Add every transition of src to dst */
JyStatus
jy_markov_merge(JyMarkov *dst, const JyMarkov *src)
{
	uint32_t	before = dst->nchannels;
	uint32_t	i;
	JyStatus	st;

	for (i = 0; i < src->nchannels; i++)
	{
		if (markov_state(dst, src->ids[i]) < 0)
		{
			jy_hash_truncate(&dst->chans, before, dst->m);
			dst->nchannels = before;
			return JY_ERR_TOO_MANY_CHANNELS;
		}
	}
	for (i = 0; i < src->nedges; i++)
	{
		uint32_t	key = src->edges[i].key;

		st = markov_edge(dst, markov_map_state(dst, src, EDGE_FROM(key)),
						 markov_map_state(dst, src, EDGE_TO(key)),
						 src->edges[i].count);
		if (st != JY_OK)
			return st;
	}
	dst->journeys += src->journeys;
	dst->conversions += src->conversions;
	return JY_OK;
}

/* The id (or JY_MARKOV_*) of state s */
static uint32_t
markov_state_id(const JyMarkov *mk, uint32_t s)
{
	if (s == ST_START)
		return JY_MARKOV_START;
	if (s == ST_CONV)
		return JY_MARKOV_CONVERSION;
	if (s == ST_NULL)
		return JY_MARKOV_NULL;
	return mk->ids[s - 1];
}

/* Number of distinct transitions */
uint32_t
jy_markov_ntransitions(const JyMarkov *mk)
{
	return mk->nedges;
}

/* Transition i, its states as channel ids or JY_MARKOV_* */
void
jy_markov_transition(const JyMarkov *mk, uint32_t i, JyMarkovTransition *t)
{
	uint32_t	key = mk->edges[i].key;

	t->from = markov_state_id(mk, EDGE_FROM(key));
	t->to = markov_state_id(mk, EDGE_TO(key));
	t->count = mk->edges[i].count;
}

/* Channel id of channel number d */
uint32_t
jy_markov_channel(const JyMarkov *mk, uint32_t d)
{
	return mk->ids[d];
}

/* Register a channel */
JyStatus
jy_markov_add_channel(JyMarkov *mk, uint32_t id)
{
	return markov_state(mk, id) < 0 ? JY_ERR_TOO_MANY_CHANNELS : JY_OK;
}

/* Add count to a transition given by ids */
JyStatus
jy_markov_add_transition(JyMarkov *mk, const JyMarkovTransition *t)
{
	uint32_t	before = mk->nchannels;
	int			from = t->from == JY_MARKOV_START ? ST_START : markov_state(mk, t->from);
	int			to = t->to == JY_MARKOV_CONVERSION ? ST_CONV
		: t->to == JY_MARKOV_NULL ? ST_NULL
		: from < 0 ? -1 : markov_state(mk, t->to);
	JyStatus	st;

	if (from < 0 || to < 0)
	{
		jy_hash_truncate(&mk->chans, before, mk->m);
		mk->nchannels = before;
		return JY_ERR_TOO_MANY_CHANNELS;
	}
	if ((from == ST_START && t->count > INT64_MAX - mk->journeys) ||
		(to == ST_CONV && t->count > INT64_MAX - mk->conversions))
		return JY_ERR_VALUE_TOO_LARGE;
	st = markov_edge(mk, (uint32_t) from, (uint32_t) to, t->count);
	if (st != JY_OK)
		return st;
	if (from == ST_START)
		mk->journeys += t->count;
	if (to == ST_CONV)
		mk->conversions += t->count;
	return JY_OK;
}

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

/*
 * LU factorisation of the t x t row-major matrix a in place with partial
 * pivoting: P a = L U, L unit lower (below the diagonal), perm[i] = the row
 * of the original matrix now in row i.  JY_ERR_SINGULAR on a zero pivot.
 */
static JyStatus
lu_factor(double *a, uint32_t t, uint32_t *perm, const JyMem *m)
{
	size_t		work = 0;
	uint32_t	i,
				j,
				c;

	for (i = 0; i < t; i++)
		perm[i] = i;
	for (j = 0; j < t; j++)
	{
		uint32_t	p = j;
		double		pivot;

		for (i = j + 1; i < t; i++)
			if (fabs(a[(size_t) i * t + j]) > fabs(a[(size_t) p * t + j]))
				p = i;
		pivot = a[(size_t) p * t + j];
		if (pivot == 0 || !isfinite(pivot))
			return JY_ERR_SINGULAR;
		if (p != j)
		{
			uint32_t	tmp = perm[p];

			perm[p] = perm[j];
			perm[j] = tmp;
			for (c = 0; c < t; c++)
			{
				double		v = a[(size_t) p * t + c];

				a[(size_t) p * t + c] = a[(size_t) j * t + c];
				a[(size_t) j * t + c] = v;
			}
		}
		for (i = j + 1; i < t; i++)
		{
			double	   *row = &a[(size_t) i * t];
			double		f = row[j] / pivot;

			row[j] = f;
			if (f != 0)
				for (c = j + 1; c < t; c++)
					row[c] -= f * a[(size_t) j * t + c];
			tick(m, &work, t - j);
		}
	}
	return JY_OK;
}

/* Solve a x = b with the factors of lu_factor; b is read, x written */
static void
lu_solve(const double *lu, uint32_t t, const uint32_t *perm, const double *b,
		 double *x, const JyMem *m)
{
	size_t		work = 0;
	uint32_t	i,
				c;

	for (i = 0; i < t; i++)
	{
		double		s = b[perm[i]];

		for (c = 0; c < i; c++)
			s -= lu[(size_t) i * t + c] * x[c];
		x[i] = s;
		tick(m, &work, i + 1);
	}
	for (i = t; i-- > 0;)
	{
		double		s = x[i];

		for (c = i + 1; c < t; c++)
			s -= lu[(size_t) i * t + c] * x[c];
		x[i] = s / lu[(size_t) i * t + i];
		tick(m, &work, t - i);
	}
}

/* Order result channels by channel id */
#define JY_SORT_NAME sort_markov_channels
#define JY_SORT_TYPE JyMarkovChannel
#define JY_SORT_NO_CTX
#define JY_SORT_CMP(a, b) (((a)->channel > (b)->channel) - ((a)->channel < (b)->channel))
#include "sort.h"

/* Free a result */
void
jy_markov_result_free(JyMarkovResult *res, const JyMem *m)
{
	if (res->channels != NULL)
		m->release(m->arg, res->channels);
	res->channels = NULL;
	res->nchannels = 0;
}

/*
 * Solve (see attribution.h).  Scratch: the t x t matrix and five vectors of
 * t = channels + 1 entries.
 */
JyStatus
jy_markov_solve(const JyMarkov *mk, JyMarkovResult *res)
{
	const JyMem *m = mk->m;
	uint32_t	k = mk->nchannels;
	uint32_t	t = k + 1;
	double	   *a,
			   *total,
			   *r,
			   *x,
			   *col;
	uint32_t   *perm;
	JyStatus	st = JY_ERR_OUT_OF_MEMORY;
	double		p,
				effects = 0;
	uint32_t	i;

	memset(res, 0, sizeof(*res));
	res->journeys = mk->journeys;
	res->conversions = mk->conversions;
	if (k == 0)
		return JY_OK;

	/* one block: a (t x t), total, r, x (t each), col (2t) */
	a = m->alloc(m->arg, ((size_t) t * t + 5 * (size_t) t) * sizeof(double));
	if (a == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	total = a + (size_t) t * t;
	r = total + t;
	x = r + t;
	col = x + t;
	perm = m->alloc(m->arg, t * sizeof(uint32_t));
	res->channels = perm == NULL ? NULL : m->alloc(m->arg, k * sizeof(JyMarkovChannel));
	if (res->channels == NULL)
		goto done;

	/* a = I - Q, r = probabilities into CONVERSION */
	memset(a, 0, ((size_t) t * t + 3 * (size_t) t) * sizeof(double));
	for (i = 0; i < t; i++)
		a[(size_t) i * t + i] = 1;
	for (i = 0; i < mk->nedges; i++)
		total[EDGE_FROM(mk->edges[i].key)] += (double) mk->edges[i].count;
	for (i = 0; i < mk->nedges; i++)
	{
		uint32_t	key = mk->edges[i].key;
		uint32_t	from,
					to;
		double		prob;

		from = EDGE_FROM(key);
		to = EDGE_TO(key);
		prob = (double) mk->edges[i].count / total[from];
		if (to == ST_CONV)
			r[from] += prob;
		else if (to != ST_NULL)
			a[(size_t) from * t + to] -= prob;
	}

	st = lu_factor(a, t, perm, m);
	if (st != JY_OK)
		goto done;
	lu_solve(a, t, perm, r, x, m);
	p = x[ST_START];
	if (!(p > 0))
		p = 0;
	res->conversion_probability = p;

	/*
	 * Column c of N = (I - Q)^-1 gives N(START, c) and N(c, c): the
	 * probability of ever reaching c is their ratio.
	 */
	for (i = 0; i < k; i++)
	{
		JyMarkovChannel *ch = &res->channels[i];
		uint32_t	c = i + 1;
		double		lost;

		memset(col, 0, t * sizeof(double));
		col[c] = 1;
		lu_solve(a, t, perm, col, col + t, m);
		/* conversions that pass through c: P(reach c) x_c */
		lost = col[t + ST_START] / col[t + c] * x[c];
		if (!(lost > 0))
			lost = 0;
		if (lost > p)
			lost = p;
		ch->channel = mk->ids[i];
		ch->p_without = p - lost;
		ch->removal_effect = p > 0 ? lost / p : 0;
		effects += ch->removal_effect;
	}
	for (i = 0; i < k; i++)
		res->channels[i].credit = effects > 0
			? res->channels[i].removal_effect / effects * (double) mk->conversions
			: 0;
	sort_markov_channels(res->channels, k, NULL, m);
	res->nchannels = k;
	st = JY_OK;

done:
	m->release(m->arg, a);
	if (perm != NULL)
		m->release(m->arg, perm);
	if (st != JY_OK)
		jy_markov_result_free(res, m);
	return st;
}

/* ----------------------------------------------------------------
 * Shapley values
 * ----------------------------------------------------------------
 */

/* Number of set bits */
static inline int
popcount32(uint32_t x)
{
	int			n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

/*
 * Shapley values for n >= 1 channels from v[S] = conversions with exact
 * channel set S (v[0] ignored); v (1 << n entries) is overwritten.
 */
static void
shapley_in_place(int n, double *v, const JyMem *m, double *phi)
{
	uint32_t	size = UINT32_C(1) << n;
	double		weight[JY_SHAPLEY_MAX];
	double		binom = 1;		/* C(n - 1, s) */
	size_t		work = 0;
	uint32_t	s;
	int			i;

	/* zeta transform: v[S] becomes the sum over subsets T of S */
	v[0] = 0;
	for (i = 0; i < n; i++)
	{
		uint32_t	bit = UINT32_C(1) << i;

		for (s = 0; s < size; s++)
		{
			if (s & bit)
				v[s] += v[s ^ bit];
			tick(m, &work, 1);
		}
	}

	/* |S|! (n - |S| - 1)! / n! = 1 / (n C(n - 1, |S|)), exact for n <= 20 */
	for (i = 0; i < n; i++)
	{
		weight[i] = 1 / ((double) n * binom);
		binom = binom * (double) (n - 1 - i) / (double) (i + 1);
	}

	for (i = 0; i < n; i++)
		phi[i] = 0;
	for (s = 0; s < size; s++)
	{
		int			card = popcount32(s);

		if (card == n)
			continue;
		for (i = 0; i < n; i++)
		{
			uint32_t	bit = UINT32_C(1) << i;

			if (!(s & bit))
				phi[i] += weight[card] * (v[s | bit] - v[s]);
		}
		tick(m, &work, (size_t) n);
	}
}

/*
 * Shapley values from conv[] (1 << n entries) when not NULL, else from the
 * journeys; see jy_shapley_values and jy_shapley.
 */
static JyStatus
shapley(int n, const double *conv, const uint32_t *sets, const bool *converted,
		size_t njourneys, const JyMem *m, double *phi)
{
	size_t		size;
	double	   *v;
	size_t		j;

	if (n < 0 || n > JY_SHAPLEY_MAX)
		return JY_ERR_TOO_MANY_CHANNELS;
	for (j = 0; j < njourneys; j++)
		if (sets[j] >> n != 0)
			return JY_ERR_BAD_PARAMETER;
	if (n == 0)
		return JY_OK;
	size = (size_t) 1 << n;
	v = m->alloc(m->arg, size * sizeof(double));
	if (v == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	if (conv != NULL)
		memcpy(v, conv, size * sizeof(double));
	else
	{
		memset(v, 0, size * sizeof(double));
		for (j = 0; j < njourneys; j++)
		{
			if (converted[j])
				v[sets[j]] += 1;
			if ((j + 1) % JY_INTERRUPT_EVERY == 0)
				jy_interrupt(m);
		}
	}
	shapley_in_place(n, v, m, phi);
	m->release(m->arg, v);
	return JY_OK;
}

/* Shapley values from conversions by exact channel set */
JyStatus
jy_shapley_values(int n, const double *conv, const JyMem *m, double *phi)
{
	return shapley(n, conv, NULL, NULL, 0, m, phi);
}

/* Shapley values from journeys */
JyStatus
jy_shapley(int n, const uint32_t *sets, const bool *converted,
		   size_t njourneys, const JyMem *m, double *phi)
{
	return shapley(n, NULL, sets, converted, njourneys, m, phi);
}

/* ----------------------------------------------------------------
 * The attribution summary
 * ----------------------------------------------------------------
 */

/* The counting touches of a journey */
size_t
jy_attr_touches(const JyJourney *j, int64_t conv, JyTouch *t, bool *converted,
				int64_t *conv_ts)
{
	size_t		n = 0;
	uint32_t	i;

	*converted = false;
	*conv_ts = 0;
	for (i = 0; conv >= 0 && i < j->n; i++)
	{
		if (j->label[i] == (uint32_t) conv)
		{
			*converted = true;
			*conv_ts = j->ts[i];
			break;
		}
	}
	for (i = 0; i < j->n; i++)
	{
		if (*converted && j->ts[i] > *conv_ts)
			break;
		if (conv >= 0 && j->label[i] == (uint32_t) conv)
			continue;
		t[n].channel = j->label[i];
		t[n].ts = j->ts[i];
		n++;
	}
	return n;
}

/* An empty summary */
JyStatus
jy_attr_summary_init(JyAttrSummary *s, const JyMem *m)
{
	memset(s, 0, sizeof(*s));
	s->m = m;
	jy_dict_init(&s->channels);
	jy_hash_init(&s->coalhash);
	s->mk = jy_markov_create(m);
	return s->mk == NULL ? JY_ERR_OUT_OF_MEMORY : JY_OK;
}

/* Release what a summary holds */
void
jy_attr_summary_free(JyAttrSummary *s)
{
	const JyMem *m = s->m;
	void	   *blocks[] = {s->conversion, s->coal, s->ids, s->touch, s->map, s->set};
	size_t		i;

	for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if (blocks[i] != NULL)
			m->release(m->arg, blocks[i]);
	if (s->mk != NULL)
		jy_markov_free(s->mk);
	jy_dict_free(&s->channels, m);
	jy_hash_free(&s->coalhash, m);
	memset(s, 0, sizeof(*s));
	s->m = m;
}

/* Set the conversion label */
JyStatus
jy_attr_summary_set_conversion(JyAttrSummary *s, const char *label, uint32_t len)
{
	char	   *copy = s->m->alloc(s->m->arg, (size_t) len + 1);

	if (copy == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	if (len > 0)
		memcpy(copy, label, len);
	if (s->conversion != NULL)
		s->m->release(s->m->arg, s->conversion);
	s->conversion = copy;
	s->convlen = len;
	s->has_conversion = true;
	return JY_OK;
}

/* Is the conversion label this one? */
bool
jy_attr_summary_conversion_is(const JyAttrSummary *s, const char *label, uint32_t len)
{
	return s->has_conversion && s->convlen == len &&
		(len == 0 || memcmp(s->conversion, label, len) == 0);
}

/* Room for n items in a scratch array */
static JyStatus
scratch(const JyMem *m, void **arr, uint32_t *cap, size_t n, size_t size)
{
	JyStatus	st = jy_grow(m, arr, cap, 0, n + 1, size, JY_MAX_ALLOC / size);

	return st == JY_OK ? JY_OK : JY_ERR_OUT_OF_MEMORY;
}

/* Ascending channel ids */
#define JY_SORT_NAME sort_ids
#define JY_SORT_TYPE uint32_t
#define JY_SORT_NO_CTX
#define JY_SORT_CMP(a, b) ((*(a) > *(b)) - (*(a) < *(b)))
#include "sort.h"

/*
 * Sort set[0 .. n) and drop repeats; returns the number of distinct ids
 */
static uint32_t
distinct_ids(uint32_t *set, uint32_t n, const JyMem *m)
{
	uint32_t	i,
				k = 0;

	sort_ids(set, n, NULL, m);
	for (i = 0; i < n; i++)
		if (k == 0 || set[i] != set[k - 1])
			set[k++] = set[i];
	return k;
}

/* Add counts to the coalition of the n ascending ids of set */
static JyStatus
coalition_add(JyAttrSummary *s, const uint32_t *set, uint32_t n, int64_t journeys,
			  int64_t conversions)
{
	uint32_t	hash = jy_hash_bytes((const char *) set, (size_t) n * sizeof(uint32_t));
	uint32_t	pos = jy_hash_start(&s->coalhash, hash);
	uint32_t	c;
	JyStatus	st;

	while ((c = jy_hash_next(&s->coalhash, hash, &pos)) != JY_HASH_NONE)
		if (s->coal[c].n == n &&
			memcmp(s->ids + s->coal[c].off, set, (size_t) n * sizeof(uint32_t)) == 0)
			break;
	if (c == JY_HASH_NONE)
	{
		st = jy_grow(s->m, (void **) &s->coal, &s->coalcap, s->ncoal, 1,
					 sizeof(JyAttrCoalition), JY_HASH_MAX_ENTRIES);
		if (st == JY_OK)
			st = jy_grow(s->m, (void **) &s->ids, &s->idscap, s->nids, n,
						 sizeof(uint32_t), JY_MAX_ALLOC / sizeof(uint32_t));
		if (st == JY_OK)
			st = jy_hash_insert(&s->coalhash, s->m, hash, s->ncoal);
		if (st != JY_OK)
			return JY_ERR_OUT_OF_MEMORY;
		c = s->ncoal++;
		s->coal[c].off = s->nids;
		s->coal[c].n = n;
		s->coal[c].journeys = 0;
		s->coal[c].conversions = 0;
		memcpy(s->ids + s->nids, set, (size_t) n * sizeof(uint32_t));
		s->nids += n;
	}
	if (journeys > INT64_MAX - s->coal[c].journeys ||
		conversions > INT64_MAX - s->coal[c].conversions)
		return JY_ERR_VALUE_TOO_LARGE;
	s->coal[c].journeys += journeys;
	s->coal[c].conversions += conversions;
	return JY_OK;
}

/* Add one journey */
JyStatus
jy_attr_summary_add(JyAttrSummary *s, const JyJourney *j)
{
	int64_t		conv = jy_journey_find_label(j, s->conversion, s->convlen);
	bool		converted;
	int64_t		conv_ts;
	size_t		n,
				i;
	JyStatus	st;

	if (scratch(s->m, (void **) &s->touch, &s->touchcap, j->n, sizeof(JyTouch)) != JY_OK ||
		scratch(s->m, (void **) &s->set, &s->setcap, j->n, sizeof(uint32_t)) != JY_OK ||
		scratch(s->m, (void **) &s->map, &s->mapcap, j->nlabels, sizeof(uint32_t)) != JY_OK)
		return JY_ERR_OUT_OF_MEMORY;
	n = jy_attr_touches(j, conv, s->touch, &converted, &conv_ts);
	if (n == 0)
		return JY_OK;
	for (i = 0; i < j->nlabels; i++)
		s->map[i] = UINT32_MAX;
	for (i = 0; i < n; i++)
	{
		uint32_t	l = s->touch[i].channel;

		if (s->map[l] == UINT32_MAX)
		{
			st = jy_dict_intern(&s->channels, s->m, j->label_text[l], j->label_len[l],
								&s->map[l]);
			if (st != JY_OK)
				return st;
		}
		s->set[i] = s->map[l];
	}
	st = jy_markov_add(s->mk, s->set, n, converted);
	if (st != JY_OK)
		return st;
	return coalition_add(s, s->set, distinct_ids(s->set, (uint32_t) n, s->m), 1,
						 converted ? 1 : 0);
}

/* Add everything src counts to dst */
JyStatus
jy_attr_summary_merge(JyAttrSummary *dst, const JyAttrSummary *src)
{
	uint32_t	i,
				k;
	JyStatus	st;

	if (!src->has_conversion)
		return JY_OK;
	if (!dst->has_conversion)
	{
		st = jy_attr_summary_set_conversion(dst, src->conversion, src->convlen);
		if (st != JY_OK)
			return st;
	}
	else if (!jy_attr_summary_conversion_is(dst, src->conversion, src->convlen))
		return JY_ERR_BAD_PARAMETER;

	/* src's channel ids as dst's, by name */
	if (scratch(dst->m, (void **) &dst->map, &dst->mapcap, src->channels.n, sizeof(uint32_t)) != JY_OK)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0; i < src->channels.n; i++)
	{
		st = jy_dict_intern(&dst->channels, dst->m, jy_dict_text(&src->channels, i),
							src->channels.len[i], &dst->map[i]);
		if (st != JY_OK)
			return st;
	}
	if (dst->channels.n > JY_MARKOV_MAX_CHANNELS)
		return JY_ERR_TOO_MANY_CHANNELS;

	for (i = 0; i < jy_markov_ntransitions(src->mk); i++)
	{
		JyMarkovTransition t;

		jy_markov_transition(src->mk, i, &t);
		if (t.from != JY_MARKOV_START)
			t.from = dst->map[t.from];
		if (t.to != JY_MARKOV_CONVERSION && t.to != JY_MARKOV_NULL)
			t.to = dst->map[t.to];
		st = jy_markov_add_transition(dst->mk, &t);
		if (st != JY_OK)
			return st;
		jy_interrupt_every(dst->m, i);
	}

	for (i = 0; i < src->ncoal; i++)
	{
		const JyAttrCoalition *c = &src->coal[i];

		if (scratch(dst->m, (void **) &dst->set, &dst->setcap, c->n, sizeof(uint32_t)) != JY_OK)
			return JY_ERR_OUT_OF_MEMORY;
		for (k = 0; k < c->n; k++)
			dst->set[k] = dst->map[src->ids[c->off + k]];
		sort_ids(dst->set, c->n, NULL, dst->m);
		st = coalition_add(dst, dst->set, c->n, c->journeys, c->conversions);
		if (st != JY_OK)
			return st;
		jy_interrupt_every(dst->m, i);
	}
	return JY_OK;
}

/* Shapley values of the converting coalitions */
JyStatus
jy_attr_summary_shapley(const JyAttrSummary *s, const JyMem *m, uint32_t *n,
						uint32_t *channels, double *phi)
{
	uint32_t	k = s->channels.n;
	uint32_t   *bit = m->alloc(m->arg, ((size_t) k + 1) * sizeof(uint32_t));
	double	   *conv = NULL;
	uint32_t	i,
				c,
				used = 0;
	JyStatus	st = JY_OK;

	if (bit == NULL)
		return JY_ERR_OUT_OF_MEMORY;
	for (i = 0; i < k; i++)
		bit[i] = UINT32_MAX;
	for (c = 0; c < s->ncoal; c++)
		if (s->coal[c].conversions > 0)
			for (i = 0; i < s->coal[c].n; i++)
				bit[s->ids[s->coal[c].off + i]] = 0;
	for (i = 0; i < k; i++)
	{
		if (bit[i] == UINT32_MAX)
			continue;
		if (used == JY_SHAPLEY_MAX)
		{
			st = JY_ERR_TOO_MANY_CHANNELS;
			goto done;
		}
		channels[used] = i;
		bit[i] = used++;
	}
	*n = used;
	if (used == 0)
		goto done;
	conv = m->alloc(m->arg, ((size_t) 1 << used) * sizeof(double));
	if (conv == NULL)
	{
		st = JY_ERR_OUT_OF_MEMORY;
		goto done;
	}
	memset(conv, 0, ((size_t) 1 << used) * sizeof(double));
	for (c = 0; c < s->ncoal; c++)
	{
		uint32_t	mask = 0;

		if (s->coal[c].conversions == 0)
			continue;
		for (i = 0; i < s->coal[c].n; i++)
			mask |= UINT32_C(1) << bit[s->ids[s->coal[c].off + i]];
		conv[mask] += (double) s->coal[c].conversions;
		jy_interrupt_every(m, c);
	}
	st = jy_shapley_values((int) used, conv, m, phi);

done:
	if (conv != NULL)
		m->release(m->arg, conv);
	m->release(m->arg, bit);
	return st;
}
