/*
 * test_attribution.c -- unit tests of rule-based attribution, the Markov
 * removal effect and Shapley values
 *
 * Worked examples are computed by hand in the comments; the Markov solver
 * is cross-checked against power iteration of the chain, and Shapley values
 * against the average over all orderings of the channels.
 */
#include "unit.h"

#include <math.h>

#include "core/attribution.h"

#define HOUR INT64_C(3600000000)

/* Credit of channel ch in rows[0..n), -1 when absent */
static double
credit_of(const JyCredit *rows, size_t n, uint32_t ch)
{
	size_t		i;

	for (i = 0; i < n; i++)
		if (rows[i].channel == ch)
			return rows[i].credit;
	return -1;
}

/* Sum of credits */
static double
credit_sum(const JyCredit *rows, size_t n)
{
	double		s = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		s += rows[i].credit;
	return s;
}

/* Run a model with default parameters */
static size_t
run(JyAttrModel model, const JyTouch *t, size_t n, int64_t conv, JyCredit *out)
{
	JyAttrParams p;
	size_t		nout = 99;

	jy_attr_params_init(&p, model);
	CHECK_EQ(jy_attribute(t, n, conv, &p, &unit_mem, out, &nout), JY_OK);
	return nout;
}

static void
test_parse(void)
{
	JyAttrModel m;

	CHECK_EQ(jy_attr_parse_model("first", 5, &m), JY_OK);
	CHECK_EQ(m, JY_ATTR_FIRST);
	CHECK_EQ(jy_attr_parse_model("Last_Non_Direct", 15, &m), JY_OK);
	CHECK_EQ(m, JY_ATTR_LAST_NON_DIRECT);
	CHECK_EQ(jy_attr_parse_model("time_decay", 10, &m), JY_OK);
	CHECK_EQ(m, JY_ATTR_TIME_DECAY);
	CHECK_EQ(jy_attr_parse_model("PARTICIPATION", 13, &m), JY_OK);
	CHECK_EQ(m, JY_ATTR_PARTICIPATION);
	CHECK_EQ(jy_attr_parse_model("position", 8, &m), JY_OK);
	CHECK_EQ(jy_attr_parse_model("linear", 6, &m), JY_OK);
	CHECK_EQ(m, JY_ATTR_LINEAR);
	CHECK_EQ(jy_attr_parse_model("lin", 3, &m), JY_ERR_UNKNOWN_MODEL);
	CHECK_EQ(jy_attr_parse_model("linearx", 7, &m), JY_ERR_UNKNOWN_MODEL);
	CHECK_EQ(jy_attr_parse_model("", 0, &m), JY_ERR_UNKNOWN_MODEL);
	CHECK_EQ(jy_attr_parse_model("markov", 6, &m), JY_ERR_UNKNOWN_MODEL);
	CHECK_EQ(jy_attr_parse_model("first\0", 6, &m), JY_ERR_UNKNOWN_MODEL);
	CHECK(strcmp(jy_attr_model_name(JY_ATTR_POSITION), "position") == 0);
	CHECK(strcmp(jy_attr_model_name(JY_ATTR_LAST_NON_DIRECT), "last_non_direct") == 0);
}

static void
test_check(void)
{
	JyAttrParams p;
	JyTouch		t[] = {{1, 0}};
	JyCredit	out[1];
	size_t		nout = 7;

	jy_attr_params_init(&p, JY_ATTR_POSITION);
	CHECK_EQ(jy_attr_check(&p), JY_ATTR_OK);
	p.first_share = 0.6;
	p.last_share = 0.5;
	CHECK_EQ(jy_attr_check(&p), JY_ATTR_BAD_SHARES);
	CHECK_EQ(jy_attribute(t, 1, 0, &p, &unit_mem, out, &nout), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(nout, 0);
	p.first_share = -0.1;
	p.last_share = 0.5;
	CHECK_EQ(jy_attr_check(&p), JY_ATTR_BAD_SHARES);
	p.first_share = NAN;
	CHECK_EQ(jy_attr_check(&p), JY_ATTR_BAD_SHARES);
	p.first_share = 0.5;
	CHECK_EQ(jy_attr_check(&p), JY_ATTR_OK);	/* 0.5 + 0.5 = 1 is allowed */
	jy_attr_params_init(&p, JY_ATTR_TIME_DECAY);
	p.half_life = 0;
	CHECK_EQ(jy_attr_check(&p), JY_ATTR_BAD_HALF_LIFE);
	p.half_life = -5;
	CHECK_EQ(jy_attr_check(&p), JY_ATTR_BAD_HALF_LIFE);
	/* parameters of other models are not checked */
	p.model = JY_ATTR_LINEAR;
	CHECK_EQ(jy_attr_check(&p), JY_ATTR_OK);
	CHECK(strcmp(jy_attr_check_message(JY_ATTR_BAD_HALF_LIFE), "half-life must be positive") == 0);
}

/*
 * Journey A(0h) B(1h) D(2h) A(3h) C(4h), conversion at 5h; D is direct.
 */
static void
test_models(void)
{
	JyTouch		t[] = {{10, 0}, {20, HOUR}, {40, 2 * HOUR}, {10, 3 * HOUR}, {30, 4 * HOUR}};
	JyCredit	out[5];
	JyAttrParams p;
	size_t		n;

	/* rows in first-appearance order, zero credits included */
	n = run(JY_ATTR_FIRST, t, 5, 5 * HOUR, out);
	CHECK_EQ(n, 4);
	CHECK(out[0].channel == 10 && out[1].channel == 20 &&
		  out[2].channel == 40 && out[3].channel == 30);
	CHECK(out[0].credit == 1 && out[1].credit == 0 && out[2].credit == 0 && out[3].credit == 0);

	n = run(JY_ATTR_LAST, t, 5, 5 * HOUR, out);
	CHECK(credit_of(out, n, 30) == 1 && credit_of(out, n, 10) == 0);

	/* linear: A has two of five touches */
	n = run(JY_ATTR_LINEAR, t, 5, 5 * HOUR, out);
	CHECK_NEAR(credit_of(out, n, 10), 0.4, 1e-15);
	CHECK_NEAR(credit_of(out, n, 20), 0.2, 1e-15);
	CHECK_NEAR(credit_sum(out, n), 1, 1e-15);

	/*
	 * position 0.4 / 0.4: A first 0.4, C last 0.4, middle B, D, A 0.2 / 3
	 * each, so A = 0.4 + 0.0666.. = 0.4666..
	 */
	n = run(JY_ATTR_POSITION, t, 5, 5 * HOUR, out);
	CHECK_NEAR(credit_of(out, n, 10), 0.4 + 0.2 / 3, 1e-15);
	CHECK_NEAR(credit_of(out, n, 20), 0.2 / 3, 1e-15);
	CHECK_NEAR(credit_of(out, n, 40), 0.2 / 3, 1e-15);
	CHECK_NEAR(credit_of(out, n, 30), 0.4, 1e-15);
	CHECK_NEAR(credit_sum(out, n), 1, 1e-15);

	/* position 0.3 / 0.5 */
	jy_attr_params_init(&p, JY_ATTR_POSITION);
	p.first_share = 0.3;
	p.last_share = 0.5;
	CHECK_EQ(jy_attribute(t, 5, 5 * HOUR, &p, &unit_mem, out, &n), JY_OK);
	CHECK_NEAR(credit_of(out, n, 10), 0.3 + 0.2 / 3, 1e-15);
	CHECK_NEAR(credit_of(out, n, 30), 0.5, 1e-15);
	/* two touches split 0.3 : 0.5 = 0.375 / 0.625 */
	CHECK_EQ(jy_attribute(t + 3, 2, 5 * HOUR, &p, &unit_mem, out, &n), JY_OK);
	CHECK_NEAR(credit_of(out, n, 10), 0.375, 1e-15);
	CHECK_NEAR(credit_of(out, n, 30), 0.625, 1e-15);
	/* with default shares two touches split 0.5 / 0.5; one touch gets 1 */
	n = run(JY_ATTR_POSITION, t + 3, 2, 5 * HOUR, out);
	CHECK(credit_of(out, n, 10) == 0.5 && credit_of(out, n, 30) == 0.5);
	n = run(JY_ATTR_POSITION, t + 4, 1, 5 * HOUR, out);
	CHECK(n == 1 && out[0].credit == 1);
	/* shares 0 / 0: two touches 0.5 / 0.5, middle touches take all */
	p.first_share = 0;
	p.last_share = 0;
	CHECK_EQ(jy_attribute(t + 3, 2, 5 * HOUR, &p, &unit_mem, out, &n), JY_OK);
	CHECK(credit_of(out, n, 10) == 0.5 && credit_of(out, n, 30) == 0.5);
	CHECK_EQ(jy_attribute(t, 3, 5 * HOUR, &p, &unit_mem, out, &n), JY_OK);
	CHECK(credit_of(out, n, 10) == 0 && credit_of(out, n, 20) == 1 && credit_of(out, n, 40) == 0);

	/*
	 * time decay, half-life 1 hour: ages 5, 4, 3, 2, 1 hours give weights
	 * 1/32, 1/16, 1/8, 1/4, 1/2 (sum 31/32); normalised: A = (1/32 + 1/4) /
	 * (31/32) = 9/31, B = 2/31, D = 4/31, C = 16/31.
	 */
	jy_attr_params_init(&p, JY_ATTR_TIME_DECAY);
	p.half_life = HOUR;
	CHECK_EQ(jy_attribute(t, 5, 5 * HOUR, &p, &unit_mem, out, &n), JY_OK);
	CHECK_NEAR(credit_of(out, n, 10), 9.0 / 31, 1e-15);
	CHECK_NEAR(credit_of(out, n, 20), 2.0 / 31, 1e-15);
	CHECK_NEAR(credit_of(out, n, 40), 4.0 / 31, 1e-15);
	CHECK_NEAR(credit_of(out, n, 30), 16.0 / 31, 1e-15);
	/* very old touches do not underflow to 0 / 0: same shares 10^6 h later */
	CHECK_EQ(jy_attribute(t, 5, 1000000 * HOUR, &p, &unit_mem, out, &n), JY_OK);
	CHECK_NEAR(credit_of(out, n, 30), 16.0 / 31, 1e-15);

	/* participation: 1 per distinct channel */
	n = run(JY_ATTR_PARTICIPATION, t, 5, 5 * HOUR, out);
	CHECK_EQ(n, 4);
	CHECK(out[0].credit == 1 && out[1].credit == 1 && out[2].credit == 1 && out[3].credit == 1);
}

static void
test_last_non_direct(void)
{
	JyTouch		t[] = {{1, 0}, {2, 10}, {9, 20}, {9, 30}};
	JyTouch		direct[] = {{9, 0}, {9, 10}};
	JyCredit	out[4];
	JyAttrParams p;
	size_t		n;

	jy_attr_params_init(&p, JY_ATTR_LAST_NON_DIRECT);
	p.has_direct = true;
	p.direct_channel = 9;
	/* the last two touches are direct: channel 2 gets the credit */
	CHECK_EQ(jy_attribute(t, 4, 30, &p, &unit_mem, out, &n), JY_OK);
	CHECK_EQ(n, 3);
	CHECK(credit_of(out, n, 2) == 1 && credit_of(out, n, 1) == 0 && credit_of(out, n, 9) == 0);
	/* all direct: the last touch */
	CHECK_EQ(jy_attribute(direct, 2, 30, &p, &unit_mem, out, &n), JY_OK);
	CHECK(n == 1 && out[0].channel == 9 && out[0].credit == 1);
	/* no direct channel given: plain last touch */
	p.has_direct = false;
	CHECK_EQ(jy_attribute(t, 4, 30, &p, &unit_mem, out, &n), JY_OK);
	CHECK(credit_of(out, n, 9) == 1 && credit_of(out, n, 2) == 0);
	/* the lookback drops channel 1 and 2: only direct touches remain */
	p.has_direct = true;
	p.has_lookback = true;
	p.lookback = 15;
	CHECK_EQ(jy_attribute(t, 4, 30, &p, &unit_mem, out, &n), JY_OK);
	CHECK(n == 1 && out[0].channel == 9 && out[0].credit == 1);
}

static void
test_lookback(void)
{
	JyTouch		t[] = {{1, 0}, {2, 10}, {3, 20}, {4, 30}, {5, 40}};
	JyCredit	out[5];
	JyAttrParams p;
	size_t		n;

	jy_attr_params_init(&p, JY_ATTR_FIRST);
	/* no lookback: every touch up to the conversion at 30 (not 40) */
	CHECK(!p.has_lookback);
	CHECK_EQ(jy_attribute(t, 5, 30, &p, &unit_mem, out, &n), JY_OK);
	CHECK_EQ(n, 4);
	CHECK(out[0].channel == 1 && out[0].credit == 1);
	/* conversion at 30: the touch at 40 is after it and never counts */
	p.has_lookback = true;
	p.lookback = 10;
	CHECK_EQ(jy_attribute(t, 5, 30, &p, &unit_mem, out, &n), JY_OK);
	CHECK_EQ(n, 2);				/* touches at 20 and 30: bounds inclusive */
	CHECK(out[0].channel == 3 && out[0].credit == 1 && out[1].channel == 4);
	/* lookback 9: the touch at 20 is 10 before, one too many */
	p.lookback = 9;
	CHECK_EQ(jy_attribute(t, 5, 30, &p, &unit_mem, out, &n), JY_OK);
	CHECK(n == 1 && out[0].channel == 4 && out[0].credit == 1);
	/* lookback 0: only the touch at the conversion's instant */
	p.lookback = 0;
	CHECK_EQ(jy_attribute(t, 5, 30, &p, &unit_mem, out, &n), JY_OK);
	CHECK(n == 1 && out[0].channel == 4 && out[0].credit == 1);
	CHECK_EQ(jy_attribute(t, 5, 35, &p, &unit_mem, out, &n), JY_OK);
	CHECK_EQ(n, 0);				/* no touch at 35 */
	/* a negative lookback is an error, never "no limit" */
	p.lookback = -1;
	CHECK_EQ(jy_attr_check(&p), JY_ATTR_BAD_LOOKBACK);
	CHECK(strcmp(jy_attr_check_message(JY_ATTR_BAD_LOOKBACK), "lookback must not be negative") == 0);
	n = 99;
	CHECK_EQ(jy_attribute(t, 5, 30, &p, &unit_mem, out, &n), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(n, 0);
	p.lookback = INT64_MIN;
	CHECK_EQ(jy_attr_check(&p), JY_ATTR_BAD_LOOKBACK);
	/* ignored when there is no lookback */
	p.has_lookback = false;
	CHECK_EQ(jy_attr_check(&p), JY_ATTR_OK);
	/* conversion before every touch: no rows */
	CHECK_EQ(jy_attribute(t, 5, -1, &p, &unit_mem, out, &n), JY_OK);
	CHECK_EQ(n, 0);
	CHECK_EQ(jy_attribute(t, 0, 100, &p, &unit_mem, out, &n), JY_OK);
	CHECK_EQ(n, 0);
	p.has_lookback = true;
	/* extreme timestamps: the difference does not overflow */
	t[0].ts = INT64_MIN;
	p.lookback = INT64_MAX;
	CHECK_EQ(jy_attribute(t, 1, INT64_MAX, &p, &unit_mem, out, &n), JY_OK);
	CHECK_EQ(n, 0);				/* 2^64 - 1 > lookback */
	CHECK_EQ(jy_attribute(t, 1, 0, &p, &unit_mem, out, &n), JY_OK);
	CHECK_EQ(n, 0);				/* 2^63 > lookback = 2^63 - 1 */
	CHECK_EQ(jy_attribute(t, 1, -1, &p, &unit_mem, out, &n), JY_OK);
	CHECK_EQ(n, 1);				/* 2^63 - 1 = lookback: counts */
}

/* Many touches (hashed rows): sums stay 1, rows match a slow recount */
static void
test_many_touches(void)
{
	enum
	{
		N = 5000
	};
	static JyTouch t[N];
	static JyCredit out[N];
	int			model,
				i;
	int64_t		ts = 0;
	int			counted = 0;

	for (i = 0; i < N; i++)
	{
		ts += unit_below(1000);
		t[i].channel = (uint32_t) unit_below(300) * 7919u;
		t[i].ts = ts;
	}
	for (i = 0; i < N; i++)
		counted += t[i].ts >= ts - ts / 2;
	for (model = JY_ATTR_FIRST; model <= JY_ATTR_PARTICIPATION; model++)
	{
		JyAttrParams p;
		size_t		n,
					r;
		double		sum = 0;

		jy_attr_params_init(&p, (JyAttrModel) model);
		p.half_life = 100000;
		p.has_direct = true;
		p.direct_channel = t[N - 1].channel;
		p.has_lookback = true;
		p.lookback = ts / 2;
		CHECK_EQ(jy_attribute(t, N, ts, &p, &unit_mem, out, &n), JY_OK);
		for (r = 0; r < n; r++)
		{
			size_t		first = N;
			double		touches = 0;

			sum += out[r].credit;
			for (i = 0; i < N; i++)
				if (t[i].channel == out[r].channel && t[i].ts >= ts - ts / 2)
				{
					if (first == N)
						first = (size_t) i;
					touches++;
				}
			CHECK(touches > 0);
			if (model == JY_ATTR_LINEAR)
				CHECK_NEAR(out[r].credit, touches / (double) counted, 1e-12);
			/* rows in order of first counted touch */
			if (r > 0)
			{
				size_t		prev = N;

				for (i = 0; i < N; i++)
					if (t[i].channel == out[r - 1].channel && t[i].ts >= ts - ts / 2)
					{
						prev = (size_t) i;
						break;
					}
				CHECK(prev < first);
			}
		}
		if (model == JY_ATTR_PARTICIPATION)
			CHECK_NEAR(sum, (double) n, 0);
		else
			CHECK_NEAR(sum, 1, 1e-12);
	}
}

/* ---------------------------------------------------------------- Markov */

/* Look up a channel in a Markov result */
static const JyMarkovChannel *
markov_channel(const JyMarkovResult *res, uint32_t ch)
{
	uint32_t	i;

	for (i = 0; i < res->nchannels; i++)
		if (res->channels[i].channel == ch)
			return &res->channels[i];
	return NULL;
}

/* Check one channel of a Markov result */
static void
check_markov(const JyMarkovResult *res, uint32_t ch, double p_without,
			 double effect, double credit)
{
	const JyMarkovChannel *c = markov_channel(res, ch);

	CHECK(c != NULL);
	if (c == NULL)
		return;
	CHECK_NEAR(c->p_without, p_without, 1e-12);
	CHECK_NEAR(c->removal_effect, effect, 1e-12);
	CHECK_NEAR(c->credit, credit, 1e-12);
}

/*
 * Channels A = 7, B = 3.  Journeys: A B converted, A not converted, B
 * converted.  Transitions: START -> A 2, START -> B 1, A -> B 1, A -> NULL
 * 1, B -> CONV 2, so P(START -> A) = 2/3, P(START -> B) = 1/3, P(A -> B) =
 * 1/2, P(A -> NULL) = 1/2, P(B -> CONV) = 1.
 *
 *   x_B = 1, x_A = 1/2 x_B = 1/2, P = 2/3 x_A + 1/3 x_B = 2/3
 *   without A: START -> A goes to NULL: P = 1/3 x_B = 1/3, effect 1 - (1/3)/(2/3) = 1/2
 *   without B: nothing reaches CONV: P = 0, effect 1
 *   credits: 2 conversions * (1/2) / (3/2) = 2/3 for A, 2 * 1 / (3/2) = 4/3 for B
 */
static void
test_markov_worked(void)
{
	uint32_t	ab[] = {7, 3};
	uint32_t	a[] = {7};
	uint32_t	b[] = {3};
	uint32_t	aab[] = {7, 7, 3, 3, 3};
	JyMarkov   *mk = jy_markov_create(&unit_mem);
	JyMarkovResult res;

	CHECK_EQ(jy_markov_add(mk, ab, 2, true), JY_OK);
	CHECK_EQ(jy_markov_add(mk, a, 1, false), JY_OK);
	CHECK_EQ(jy_markov_add(mk, b, 1, true), JY_OK);
	CHECK_EQ(jy_markov_add(mk, NULL, 0, true), JY_OK);	/* ignored */
	CHECK_EQ(jy_markov_nchannels(mk), 2);
	CHECK_EQ(jy_markov_solve(mk, &res), JY_OK);
	CHECK_EQ(res.journeys, 3);
	CHECK_EQ(res.conversions, 2);
	CHECK_NEAR(res.conversion_probability, 2.0 / 3, 1e-12);
	CHECK_EQ(res.nchannels, 2);
	/* ascending channel id */
	CHECK(res.channels[0].channel == 3 && res.channels[1].channel == 7);
	check_markov(&res, 7, 1.0 / 3, 0.5, 2.0 / 3);
	check_markov(&res, 3, 0, 1, 4.0 / 3);
	jy_markov_result_free(&res, &unit_mem);
	jy_markov_free(mk);

	/* repeats collapse: A A B B B is A B */
	mk = jy_markov_create(&unit_mem);
	CHECK_EQ(jy_markov_add(mk, aab, 5, true), JY_OK);
	CHECK_EQ(jy_markov_add(mk, a, 1, false), JY_OK);
	CHECK_EQ(jy_markov_add(mk, b, 1, true), JY_OK);
	CHECK_EQ(jy_markov_solve(mk, &res), JY_OK);
	CHECK_NEAR(res.conversion_probability, 2.0 / 3, 1e-12);
	CHECK_NEAR(markov_channel(&res, 7)->credit, 2.0 / 3, 1e-12);
	CHECK_NEAR(markov_channel(&res, 3)->credit, 4.0 / 3, 1e-12);
	jy_markov_result_free(&res, &unit_mem);
	jy_markov_free(mk);
}

/*
 * A loop.  Journeys A B A converted, A not converted.  Transitions: START ->
 * A 2; A -> B 1, A -> CONV 1, A -> NULL 1 (1/3 each); B -> A 1.
 *
 *   x_A = 1/3 + 1/3 x_B, x_B = x_A  =>  x_A = 1/2 = P
 *   without B: A -> B goes to NULL: x_A = 1/3, effect 1 - (1/3)/(1/2) = 1/3
 *   without A: P = 0, effect 1
 *   credits: 1 conversion, A 1 / (4/3) = 3/4, B (1/3) / (4/3) = 1/4
 */
static void
test_markov_loop(void)
{
	uint32_t	aba[] = {1, 2, 1};
	uint32_t	a[] = {1};
	JyMarkov   *mk = jy_markov_create(&unit_mem);
	JyMarkovResult res;

	CHECK_EQ(jy_markov_add(mk, aba, 3, true), JY_OK);
	CHECK_EQ(jy_markov_add(mk, a, 1, false), JY_OK);
	CHECK_EQ(jy_markov_solve(mk, &res), JY_OK);
	CHECK_NEAR(res.conversion_probability, 0.5, 1e-12);
	check_markov(&res, 1, 0, 1, 0.75);
	check_markov(&res, 2, 1.0 / 3, 1.0 / 3, 0.25);
	jy_markov_result_free(&res, &unit_mem);
	jy_markov_free(mk);
}

/* No conversion, no journey */
static void
test_markov_empty(void)
{
	uint32_t	ab[] = {1, 2};
	JyMarkov   *mk = jy_markov_create(&unit_mem);
	JyMarkovResult res;

	CHECK_EQ(jy_markov_solve(mk, &res), JY_OK);
	CHECK(res.nchannels == 0 && res.channels == NULL && res.conversion_probability == 0);
	jy_markov_result_free(&res, &unit_mem);

	CHECK_EQ(jy_markov_add(mk, ab, 2, false), JY_OK);
	CHECK_EQ(jy_markov_solve(mk, &res), JY_OK);
	CHECK_EQ(res.nchannels, 2);
	CHECK(res.conversion_probability == 0);
	CHECK(res.channels[0].removal_effect == 0 && res.channels[0].credit == 0);
	CHECK(res.channels[1].removal_effect == 0 && res.channels[1].credit == 0);
	jy_markov_result_free(&res, &unit_mem);
	jy_markov_free(mk);
}

/* The channel limit: a journey that would pass it changes nothing */
static void
test_markov_limit(void)
{
	static uint32_t ids[JY_MARKOV_MAX_CHANNELS + 1];
	JyMarkov   *mk = jy_markov_create(&unit_mem);
	JyMarkovResult res;
	uint32_t	two[] = {5, 123456};
	uint32_t	i;

	for (i = 0; i <= JY_MARKOV_MAX_CHANNELS; i++)
		ids[i] = i * 10;
	CHECK_EQ(jy_markov_add(mk, ids, JY_MARKOV_MAX_CHANNELS + 1, true),
			 JY_ERR_TOO_MANY_CHANNELS);
	CHECK_EQ(jy_markov_nchannels(mk), 0);
	CHECK_EQ(jy_markov_add(mk, ids, JY_MARKOV_MAX_CHANNELS - 1, true), JY_OK);
	/* one new (5) and one known (0) channel: fits exactly */
	two[1] = 0;
	CHECK_EQ(jy_markov_add(mk, two, 2, false), JY_OK);
	CHECK_EQ(jy_markov_nchannels(mk), JY_MARKOV_MAX_CHANNELS);
	two[1] = 123456;
	CHECK_EQ(jy_markov_add(mk, two, 2, false), JY_ERR_TOO_MANY_CHANNELS);
	CHECK_EQ(jy_markov_nchannels(mk), JY_MARKOV_MAX_CHANNELS);
	CHECK_EQ(jy_markov_add(mk, two, 1, false), JY_OK);	/* 5 is known */

	/*
	 * Journeys: the chain 0, 10, .., 9980 converted; 5 0 and 5 not.
	 * START -> 0 1/3, START -> 5 2/3; 5 -> 0 1/2, 5 -> NULL 1/2; 0 -> 10
	 * 1/2, 0 -> NULL 1/2; 10 -> .. -> 9980 -> CONV with certainty.  x_0 =
	 * 1/2, x_5 = 1/4, P = 1/3 * 1/2 + 2/3 * 1/4 = 1/3.  Without any chain
	 * channel P = 0 (effect 1); without 5, P = 1/6 (effect 1/2).
	 */
	unit_interrupts = 0;
	CHECK_EQ(jy_markov_solve(mk, &res), JY_OK);
	CHECK(unit_interrupts > 0);
	CHECK_EQ(res.nchannels, JY_MARKOV_MAX_CHANNELS);
	CHECK_NEAR(res.conversion_probability, 1.0 / 3, 1e-12);
	check_markov(&res, 5, 1.0 / 6, 0.5, 0.5 / 999.5);
	check_markov(&res, 9980, 0, 1, 1 / 999.5);
	check_markov(&res, 0, 0, 1, 1 / 999.5);
	jy_markov_result_free(&res, &unit_mem);
	jy_markov_free(mk);
}

/* Random journeys over up to maxch channels, into one or two builders */
static int
random_journey(uint32_t *path, unsigned maxch, bool *converted)
{
	int			len = 1 + (int) unit_below(6);
	int			i;

	for (i = 0; i < len; i++)
		path[i] = 100 + unit_below(maxch);
	*converted = unit_below(3) == 0;
	return len;
}

/*
 * Absorption probability in CONV from START by iterating the distribution
 * over states until the transient mass is negligible.  States: 0 START,
 * 1..k channels, k + 1 CONV, k + 2 NULL; t[from * ns + to] probabilities.
 * Channel "removed" (1..k, or 0 for none) sends its incoming mass to NULL.
 */
static double
power_iterate(const double *t, int k, int removed)
{
	int			ns = k + 3;
	double		dist[16],
				next[16];
	int			iter,
				i,
				j;

	memset(dist, 0, sizeof(dist));
	dist[0] = 1;
	for (iter = 0; iter < 1000000; iter++)
	{
		double		transient = 0;

		memset(next, 0, sizeof(next));
		next[k + 1] = dist[k + 1];
		next[k + 2] = dist[k + 2];
		for (i = 0; i <= k; i++)
			for (j = 0; j < ns; j++)
				next[j == removed ? k + 2 : j] += dist[i] * t[i * ns + j];
		memcpy(dist, next, sizeof(dist));
		for (i = 0; i <= k; i++)
			transient += dist[i];
		if (transient < 1e-16)
			break;
	}
	return dist[k + 1];
}

/* Solver against power iteration, and merge against one builder */
static void
test_markov_random(void)
{
	int			round;

	for (round = 0; round < 300; round++)
	{
		unsigned	maxch = 1 + unit_below(6);
		int			njourneys = 1 + (int) unit_below(30);
		JyMarkov   *mk = jy_markov_create(&unit_mem);
		JyMarkov   *half1 = jy_markov_create(&unit_mem);
		JyMarkov   *half2 = jy_markov_create(&unit_mem);
		JyMarkovResult res,
					merged;
		double		counts[13 * 13];
		double		t[13 * 13];
		uint32_t	chan_of[16];
		int			k = 0,
					ns,
					j,
					i;
		double		p,
					effects = 0,
					conversions = 0;

		memset(counts, 0, sizeof(counts));
		for (j = 0; j < njourneys; j++)
		{
			uint32_t	path[6];
			bool		conv;
			int			len = random_journey(path, maxch, &conv);
			int			prev = 0;

			CHECK_EQ(jy_markov_add(mk, path, (size_t) len, conv), JY_OK);
			CHECK_EQ(jy_markov_add(j % 2 ? half1 : half2, path, (size_t) len, conv), JY_OK);
			/* count transitions with our own state numbering */
			for (i = 0; i < len; i++)
			{
				int			s;

				for (s = 1; s <= k; s++)
					if (chan_of[s] == path[i])
						break;
				if (s > k)
					chan_of[++k] = path[i];
				if (s != prev)
					counts[prev * 13 + s]++;
				prev = s;
			}
			counts[prev * 13 + (conv ? 11 : 12)]++;
			conversions += conv;
		}
		/* probabilities over states 0..k, k + 1 CONV, k + 2 NULL */
		ns = k + 3;
		memset(t, 0, sizeof(t));
		for (i = 0; i <= k; i++)
		{
			double		total = 0;

			for (j = 0; j < 13; j++)
				total += counts[i * 13 + j];
			if (total == 0)
				continue;
			for (j = 0; j <= k; j++)
				t[i * ns + j] = counts[i * 13 + j] / total;
			t[i * ns + k + 1] = counts[i * 13 + 11] / total;
			t[i * ns + k + 2] = counts[i * 13 + 12] / total;
		}

		CHECK_EQ(jy_markov_solve(mk, &res), JY_OK);
		CHECK_EQ(jy_markov_merge(half1, half2), JY_OK);
		CHECK_EQ(jy_markov_solve(half1, &merged), JY_OK);
		CHECK_EQ(res.nchannels, k);
		CHECK_EQ(merged.nchannels, k);
		CHECK_EQ(res.conversions, (long long) conversions);
		CHECK_EQ(merged.journeys, njourneys);
		p = power_iterate(t, k, -1);
		CHECK_NEAR(res.conversion_probability, p, 1e-9);
		CHECK_NEAR(merged.conversion_probability, p, 1e-12);
		for (i = 1; i <= k; i++)
		{
			const JyMarkovChannel *c = markov_channel(&res, chan_of[i]);
			const JyMarkovChannel *mc = markov_channel(&merged, chan_of[i]);
			double		pw = power_iterate(t, k, i);

			CHECK(c != NULL && mc != NULL);
			if (c == NULL || mc == NULL)
				continue;
			CHECK_NEAR(c->p_without, pw, 1e-9);
			CHECK_NEAR(c->removal_effect, p > 0 ? 1 - pw / p : 0, 1e-9);
			CHECK_NEAR(mc->removal_effect, c->removal_effect, 1e-12);
			CHECK_NEAR(mc->credit, c->credit, 1e-12);
			effects += c->removal_effect;
		}
		/* credits sum to the conversions (or are all 0) */
		{
			double		sum = 0;

			for (i = 0; i < (int) res.nchannels; i++)
				sum += res.channels[i].credit;
			CHECK_NEAR(sum, effects > 0 ? conversions : 0, 1e-9);
		}
		for (i = 1; i < (int) res.nchannels; i++)
			CHECK(res.channels[i - 1].channel < res.channels[i].channel);
		jy_markov_result_free(&res, &unit_mem);
		jy_markov_result_free(&merged, &unit_mem);
		jy_markov_free(mk);
		jy_markov_free(half1);
		jy_markov_free(half2);
	}
}

/* --------------------------------------------------------------- Shapley */

/*
 * Two channels A (bit 0), B (bit 1).  Conversions: {A} 3, {B} 1, {A, B} 2,
 * so v({}) = 0, v(A) = 3, v(B) = 1, v(AB) = 6.  With n = 2 both orders
 * weigh 1/2:
 *   phi_A = 1/2 (v(A) - v({})) + 1/2 (v(AB) - v(B)) = 3/2 + 5/2 = 4
 *   phi_B = 1/2 (v(B) - v({})) + 1/2 (v(AB) - v(A)) = 1/2 + 3/2 = 2
 *
 * Three channels A, B, C (bits 0, 1, 2).  Journeys {A} converted, {A, B}
 * converted, {B, C} converted, {C} not.  v(A) = 1, v(B) = v(C) = 0, v(AB)
 * = 2, v(AC) = 1, v(BC) = 1, v(ABC) = 3.  Weights |S|! (2 - |S|)! / 3!:
 * 1/3, 1/6, 1/3 for |S| = 0, 1, 2.
 *   phi_A = 1/3 * 1 + 1/6 * (2 - 0) + 1/6 * (1 - 0) + 1/3 * (3 - 1) = 3/2
 *   phi_B = 1/3 * 0 + 1/6 * (2 - 1) + 1/6 * (1 - 0) + 1/3 * (3 - 1) = 1
 *   phi_C = 1/3 * 0 + 1/6 * (1 - 1) + 1/6 * (1 - 0) + 1/3 * (3 - 2) = 1/2
 * Sum 3 = v(ABC).
 */
static void
test_shapley_worked(void)
{
	double		conv2[4] = {99, 3, 1, 2};	/* conv[0] is ignored */
	uint32_t	sets[] = {1, 3, 6, 4};
	bool		converted[] = {true, true, true, false};
	double		phi[3];

	CHECK_EQ(jy_shapley_values(2, conv2, &unit_mem, phi), JY_OK);
	CHECK_NEAR(phi[0], 4, 1e-12);
	CHECK_NEAR(phi[1], 2, 1e-12);
	CHECK_EQ(jy_shapley(3, sets, converted, 4, &unit_mem, phi), JY_OK);
	CHECK_NEAR(phi[0], 1.5, 1e-12);
	CHECK_NEAR(phi[1], 1, 1e-12);
	CHECK_NEAR(phi[2], 0.5, 1e-12);

	/* errors and n = 0 */
	CHECK_EQ(jy_shapley(JY_SHAPLEY_MAX + 1, sets, converted, 4, &unit_mem, phi),
			 JY_ERR_TOO_MANY_CHANNELS);
	CHECK_EQ(jy_shapley(-1, sets, converted, 4, &unit_mem, phi), JY_ERR_TOO_MANY_CHANNELS);
	CHECK_EQ(jy_shapley_values(JY_SHAPLEY_MAX + 1, conv2, &unit_mem, phi),
			 JY_ERR_TOO_MANY_CHANNELS);
	CHECK_EQ(jy_shapley(2, sets, converted, 4, &unit_mem, phi), JY_ERR_BAD_PARAMETER);
	CHECK_EQ(jy_shapley(0, sets, converted, 0, &unit_mem, phi), JY_OK);
	CHECK_EQ(jy_shapley(0, sets, converted, 1, &unit_mem, phi), JY_ERR_BAD_PARAMETER);
}

/* v(S) straight from the journeys */
static double
coalition_value(uint32_t s, const uint32_t *sets, const bool *conv, int nj)
{
	double		v = 0;
	int			j;

	for (j = 0; j < nj; j++)
		if (conv[j] && sets[j] != 0 && (sets[j] & ~s) == 0)
			v++;
	return v;
}

/*
 * Against the definition as an average over the n! orders in which the
 * channels join (Heap's algorithm), and against the closed form of this
 * game (a sum of unanimity games): each converted journey's unit of value
 * split equally among its channels.
 */
static void
test_shapley_random(void)
{
	int			round;

	for (round = 0; round < 200; round++)
	{
		int			n = 1 + (int) unit_below(6);
		int			nj = (int) unit_below(25);
		uint32_t	sets[25];
		bool		conv[25];
		double		phi[6],
					brute[6] = {0},
					split[6] = {0},
					total = 0,
					sum = 0,
					orders = 0;
		int			order[6],
					c[6] = {0},
					i,
					j;

		for (j = 0; j < nj; j++)
		{
			sets[j] = (uint32_t) unit_below(1u << n);
			conv[j] = unit_below(2);
			if (conv[j] && sets[j] != 0)
			{
				int			card = 0;

				total++;
				for (i = 0; i < n; i++)
					card += (sets[j] >> i) & 1;
				for (i = 0; i < n; i++)
					if ((sets[j] >> i) & 1)
						split[i] += 1.0 / card;
			}
		}
		CHECK_EQ(jy_shapley(n, sets, conv, (size_t) nj, &unit_mem, phi), JY_OK);

		/* every order of the channels, by Heap's algorithm */
		for (i = 0; i < n; i++)
			order[i] = i;
		i = 0;
		for (;;)
		{
			uint32_t	s = 0;
			int			q;

			for (q = 0; q < n; q++)
			{
				double		before = coalition_value(s, sets, conv, nj);

				s |= 1u << order[q];
				brute[order[q]] += coalition_value(s, sets, conv, nj) - before;
			}
			orders++;
			while (i < n && c[i] >= i)
				c[i++] = 0;
			if (i >= n)
				break;
			q = i % 2 ? c[i] : 0;
			j = order[q];
			order[q] = order[i];
			order[i] = j;
			c[i]++;
			i = 0;
		}
		for (i = 0; i < n; i++)
		{
			CHECK_NEAR(phi[i], brute[i] / orders, 1e-9);
			CHECK_NEAR(phi[i], split[i], 1e-9);
			sum += phi[i];
		}
		CHECK_NEAR(sum, total, 1e-9);
	}
}

/* The largest n: sum and closed form still hold; interrupts are called */
static void
test_shapley_max(void)
{
	int			n = JY_SHAPLEY_MAX;
	uint32_t	sets[] = {0xfffff, 0x1, 0x80001, 0x0, 0x55555};
	bool		conv[] = {true, true, true, true, false};
	double		phi[JY_SHAPLEY_MAX];
	double		sum = 0;
	int			i;

	unit_interrupts = 0;
	CHECK_EQ(jy_shapley(n, sets, conv, 5, &unit_mem, phi), JY_OK);
	CHECK(unit_interrupts > 0);
	/* 1/20 each from 0xfffff; channel 0 also 1 + 1/2, channel 19 1/2 */
	CHECK_NEAR(phi[0], 0.05 + 1 + 0.5, 1e-9);
	CHECK_NEAR(phi[19], 0.05 + 0.5, 1e-9);
	CHECK_NEAR(phi[7], 0.05, 1e-9);
	for (i = 0; i < n; i++)
		sum += phi[i];
	CHECK_NEAR(sum, 3, 1e-9);	/* the empty journey does not count */
}

/* ------------------------------------------------------- out of memory */


/*
 * Every allocation failing in turn gives JY_ERR_OUT_OF_MEMORY (or NULL),
 * never a crash or a leak (LeakSanitizer checks at exit)
 */
static void
test_out_of_memory(void)
{
	static JyTouch touches[100];
	JyCredit	out[100];
	uint32_t	path[40];
	uint32_t	sets[] = {1, 3};
	bool		conv[] = {true, true};
	double		phi[2];
	int			limit,
				i;
	bool		done = false;

	for (i = 0; i < 100; i++)
	{
		touches[i].channel = (uint32_t) i % 30;
		touches[i].ts = i;
	}
	for (i = 0; i < 40; i++)
		path[i] = (uint32_t) i;
	for (limit = 0; !done; limit++)
	{
		JyAttrParams p;
		JyMarkov   *mk;
		JyMarkovResult res;
		size_t		n;
		JyStatus	st;

		jy_attr_params_init(&p, JY_ATTR_LINEAR);
		unit_fail_after = limit;
		st = jy_attribute(touches, 100, 100, &p, &unit_failing_mem, out, &n);
		CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
		unit_fail_after = limit;
		st = jy_shapley(2, sets, conv, 2, &unit_failing_mem, phi);
		CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);

		unit_fail_after = limit;
		mk = jy_markov_create(&unit_failing_mem);
		if (mk == NULL)
			continue;
		done = true;
		for (i = 0; i < 40 && done; i++)
		{
			st = jy_markov_add(mk, path, (size_t) i + 1, i % 2);
			CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
			done = st == JY_OK;
		}
		if (done)
		{
			st = jy_markov_solve(mk, &res);
			CHECK(st == JY_OK || st == JY_ERR_OUT_OF_MEMORY);
			done = st == JY_OK;
			jy_markov_result_free(&res, &unit_failing_mem);
		}
		jy_markov_free(mk);
	}
	CHECK(limit > 5);
}

/* ---------- the attribution summary and its codec ---------- */

#include "core/codec.h"

/*
 * Add the journey of a path ("A B conv": one touch an hour) to a summary;
 * returns the status of jy_attr_summary_add
 */
static JyStatus
add_path(JyAttrSummary *s, const char *path)
{
	JyJourneyBuilder b;
	JyJourney	j;
	uint8_t    *bytes;
	size_t		len;
	const char *why = NULL;
	const char *p = path;
	int64_t		t = 0;
	JyStatus	st;

	jy_builder_init(&b);
	while (*p != '\0')
	{
		const char *e = strchr(p, ' ');
		size_t		n = e == NULL ? strlen(p) : (size_t) (e - p);

		CHECK_EQ(jy_builder_add(&b, &unit_mem, t, p, (uint32_t) n), JY_OK);
		t += HOUR;
		p += n;
		while (*p == ' ')
			p++;
	}
	CHECK_EQ(jy_builder_encode(&b, &unit_mem, 0, &bytes, &len), JY_OK);
	jy_builder_free(&b, &unit_mem);
	CHECK_EQ(jy_journey_decode(bytes, len, &unit_mem, &j, &why), JY_OK);
	st = jy_attr_summary_add(s, &j);
	jy_journey_free(&j, &unit_mem);
	free(bytes);
	return st;
}

/* A summary for conversion "conv" */
static void
summary_new(JyAttrSummary *s)
{
	CHECK_EQ(jy_attr_summary_init(s, &unit_mem), JY_OK);
	CHECK_EQ(jy_attr_summary_set_conversion(s, "conv", 4), JY_OK);
}

/* Encode a summary into *len bytes (malloc'd) */
static uint8_t *
summary_bytes(const JyAttrSummary *s, size_t *len)
{
	JyWriter	w;

	jy_writer_init(&w, &unit_mem);
	jy_attr_summary_encode(s, &w);
	CHECK_EQ(w.status, JY_OK);
	*len = w.len;
	return w.buf;
}

/* The worked example's bytes (docs/format.md) */
static const uint8_t worked_bytes[] = {
	'J', 'S', 3, 1,
	1, 4, 'c', 'o', 'n', 'v',
	2, 1, 'A', 1, 'B',
	5, 0, 1, 2, 0, 2, 1, 1, 2, 1, 1, 4, 1, 2, 3, 2,
	3, 1, 0, 1, 0, 2, 0, 0, 1, 1, 1, 1, 1, 1
};

/*
 * The worked example of the Markov test (A B conv, A, B conv) and its
 * canonical bytes, worked by hand: states START 0, A 1, B 2, CONVERSION 3,
 * NULL 4; transitions (0,1) 2, (0,2) 1, (1,2) 1, (1,4) 1, (2,3) 2;
 * coalitions {A} 1 journey 0 conversions, {A,B} 1 1, {B} 1 1.  The same
 * journeys in another order give the same bytes.
 */
static void
test_summary_worked(void)
{
	JyAttrSummary s,
				t,
				d;
	JyMarkovResult res;
	uint8_t    *b1,
			   *b2,
			   *b3;
	size_t		l1,
				l2,
				l3;
	const char *why = NULL;
	uint32_t	n,
				ch[JY_SHAPLEY_MAX];
	double		phi[JY_SHAPLEY_MAX];

	summary_new(&s);
	CHECK_EQ(add_path(&s, "A B conv"), JY_OK);
	CHECK_EQ(add_path(&s, "A"), JY_OK);
	CHECK_EQ(add_path(&s, "B conv"), JY_OK);
	/* no counting touch: ignored; touches after the conversion: ignored */
	CHECK_EQ(add_path(&s, "conv A"), JY_OK);
	b1 = summary_bytes(&s, &l1);
	CHECK_EQ(l1, sizeof(worked_bytes));
	CHECK(l1 == sizeof(worked_bytes) && memcmp(b1, worked_bytes, l1) == 0);

	/* B first: B gets id 0, yet the bytes are the same */
	summary_new(&t);
	CHECK_EQ(add_path(&t, "B conv"), JY_OK);
	CHECK_EQ(add_path(&t, "A"), JY_OK);
	CHECK_EQ(add_path(&t, "A B conv"), JY_OK);
	b2 = summary_bytes(&t, &l2);
	CHECK(l2 == l1 && memcmp(b1, b2, l1) == 0);

	/* decoded: re-encodes to the same bytes; the reports as by hand */
	CHECK_EQ(jy_attr_summary_decode(b1, l1, &unit_mem, &d, &why), JY_OK);
	b3 = summary_bytes(&d, &l3);
	CHECK(l3 == l1 && memcmp(b1, b3, l1) == 0);
	CHECK_EQ(jy_markov_solve(d.mk, &res), JY_OK);
	CHECK_EQ(res.nchannels, 2);
	CHECK_EQ(res.journeys, 3);
	CHECK_EQ(res.conversions, 2);
	CHECK_NEAR(res.channels[0].removal_effect, 0.5, 1e-12);
	CHECK_NEAR(res.channels[1].removal_effect, 1, 1e-12);
	CHECK_NEAR(res.channels[0].credit, 2.0 / 3, 1e-12);
	CHECK_NEAR(res.channels[1].credit, 4.0 / 3, 1e-12);
	jy_markov_result_free(&res, &unit_mem);
	CHECK_EQ(jy_attr_summary_shapley(&d, &unit_mem, &n, ch, phi), JY_OK);
	CHECK_EQ(n, 2);
	CHECK_NEAR(phi[0], 0.5, 1e-12);
	CHECK_NEAR(phi[1], 1.5, 1e-12);

	free(b1);
	free(b2);
	free(b3);
	jy_attr_summary_free(&s);
	jy_attr_summary_free(&t);
	jy_attr_summary_free(&d);
}

/* A random path over channels c0 .. c<nch - 1>, converting or not */
static void
random_path(char *buf, int nch)
{
	int			len = 1 + (int) (unit_rand() % 6),
				i;

	buf[0] = '\0';
	for (i = 0; i < len; i++)
		sprintf(buf + strlen(buf), "%sc%d", i ? " " : "", (int) (unit_rand() % (uint64_t) nch));
	if (unit_rand() % 2)
		strcat(buf, " conv");
	if (unit_rand() % 4 == 0)
		strcat(buf, " c0");
}

/*
 * Random journeys split between two summaries and merged equal one pass
 * over all of them (bytes); an empty summary merges as nothing; Shapley of
 * the summary equals jy_shapley over the converting journeys' sets
 */
static void
test_summary_merge(void)
{
	int			round;

	for (round = 0; round < 40; round++)
	{
		JyAttrSummary all,
					part[2],
					empty,
					dec;
		int			nch = 1 + round % 12,
					nj = 1 + (int) (unit_rand() % 60),
					i;
		char		path[128];
		uint8_t    *ba,
				   *bm,
				   *be;
		size_t		la,
					lm,
					le;
		const char *why = NULL;
		uint32_t	n,
					ch[JY_SHAPLEY_MAX];
		double		phi[JY_SHAPLEY_MAX];

		summary_new(&all);
		summary_new(&part[0]);
		summary_new(&part[1]);
		CHECK_EQ(jy_attr_summary_init(&empty, &unit_mem), JY_OK);
		for (i = 0; i < nj; i++)
		{
			random_path(path, nch);
			CHECK_EQ(add_path(&all, path), JY_OK);
			CHECK_EQ(add_path(&part[unit_rand() % 2], path), JY_OK);
		}
		/* merged through a decode, as combine after deserialize does */
		bm = summary_bytes(&part[1], &lm);
		CHECK_EQ(jy_attr_summary_decode(bm, lm, &unit_mem, &dec, &why), JY_OK);
		free(bm);
		CHECK_EQ(jy_attr_summary_merge(&empty, &part[0]), JY_OK);
		CHECK_EQ(jy_attr_summary_merge(&empty, &dec), JY_OK);
		ba = summary_bytes(&all, &la);
		be = summary_bytes(&empty, &le);
		CHECK(la == le && memcmp(ba, be, la) == 0);
		CHECK_EQ(jy_attr_summary_merge(&part[0], &dec), JY_OK);
		bm = summary_bytes(&part[0], &lm);
		CHECK(la == lm && memcmp(ba, bm, la) == 0);
		free(bm);
		free(be);
		jy_attr_summary_free(&dec);

		/* Shapley against the sets of the converting coalitions */
		CHECK_EQ(jy_attr_summary_decode(ba, la, &unit_mem, &dec, &why), JY_OK);
		CHECK_EQ(jy_attr_summary_shapley(&dec, &unit_mem, &n, ch, phi), JY_OK);
		{
			uint32_t	sets[4096];
			bool		conv[4096];
			double		ref[JY_SHAPLEY_MAX],
						total = 0,
						sum = 0;
			size_t		ns = 0;
			uint32_t	c,
						k,
						b;

			for (c = 0; c < dec.ncoal; c++)
			{
				uint32_t	mask = 0;
				int64_t		x;

				if (dec.coal[c].conversions == 0)
					continue;
				for (k = 0; k < dec.coal[c].n; k++)
					for (b = 0; b < n; b++)
						if (ch[b] == dec.ids[dec.coal[c].off + k])
							mask |= 1u << b;
				for (x = 0; x < dec.coal[c].conversions; x++)
				{
					sets[ns] = mask;
					conv[ns++] = true;
				}
				total += (double) dec.coal[c].conversions;
			}
			CHECK_EQ(jy_shapley((int) n, sets, conv, ns, &unit_mem, ref), JY_OK);
			for (b = 0; b < n; b++)
			{
				CHECK_NEAR(phi[b], ref[b], 1e-9);
				sum += phi[b];
				if (b > 0)
					CHECK(ch[b - 1] < ch[b]);
			}
			CHECK_NEAR(sum, total, 1e-9);
		}
		free(ba);
		jy_attr_summary_free(&dec);
		jy_attr_summary_free(&all);
		jy_attr_summary_free(&part[0]);
		jy_attr_summary_free(&part[1]);
		jy_attr_summary_free(&empty);
	}
}

/* Different conversion labels do not merge; limits */
static void
test_summary_limits(void)
{
	JyAttrSummary a,
				b;
	char		path[64];
	int			i;
	uint32_t	n,
				ch[JY_SHAPLEY_MAX];
	double		phi[JY_SHAPLEY_MAX];

	summary_new(&a);
	CHECK_EQ(jy_attr_summary_init(&b, &unit_mem), JY_OK);
	CHECK_EQ(jy_attr_summary_set_conversion(&b, "buy", 3), JY_OK);
	CHECK_EQ(add_path(&a, "A conv"), JY_OK);
	CHECK_EQ(add_path(&b, "A buy"), JY_OK);
	CHECK_EQ(jy_attr_summary_merge(&a, &b), JY_ERR_BAD_PARAMETER);
	CHECK(jy_attr_summary_conversion_is(&a, "conv", 4));
	CHECK(!jy_attr_summary_conversion_is(&a, "con", 3));
	CHECK_EQ(a.ncoal, 1);
	jy_attr_summary_free(&b);

	/* 21 converting channels: too many for Shapley, fine for Markov */
	for (i = 1; i <= 20; i++)
	{
		sprintf(path, "ch%d conv", i);
		CHECK_EQ(add_path(&a, path), JY_OK);
	}
	CHECK_EQ(jy_attr_summary_shapley(&a, &unit_mem, &n, ch, phi), JY_ERR_TOO_MANY_CHANNELS);
	jy_attr_summary_free(&a);

	/* 21 channels, one only in a journey that does not convert: fine */
	summary_new(&a);
	for (i = 1; i <= 21; i++)
	{
		sprintf(path, i == 21 ? "ch%d" : "ch%d conv", i);
		CHECK_EQ(add_path(&a, path), JY_OK);
	}
	CHECK_EQ(jy_attr_summary_shapley(&a, &unit_mem, &n, ch, phi), JY_OK);
	CHECK_EQ(n, 20);
	jy_attr_summary_free(&a);

	/* the Markov limit: 1000 channels, not 1001; also when merging */
	summary_new(&a);
	summary_new(&b);
	for (i = 0; i < JY_MARKOV_MAX_CHANNELS; i++)
	{
		sprintf(path, "ch%d", i);
		CHECK_EQ(add_path(&a, path), JY_OK);
	}
	CHECK_EQ(add_path(&b, "another"), JY_OK);
	CHECK_EQ(add_path(&a, "one_more ch1"), JY_ERR_TOO_MANY_CHANNELS);
	jy_attr_summary_free(&a);
	summary_new(&a);
	for (i = 0; i < JY_MARKOV_MAX_CHANNELS; i++)
	{
		sprintf(path, "ch%d", i);
		CHECK_EQ(add_path(&a, path), JY_OK);
	}
	CHECK_EQ(jy_attr_summary_merge(&a, &b), JY_ERR_TOO_MANY_CHANNELS);
	jy_attr_summary_free(&a);
	jy_attr_summary_free(&b);
}

/* Decode bytes expecting a rejection whose reason contains want */
static void
reject(const uint8_t *in, size_t len, const char *want)
{
	JyAttrSummary s;
	const char *why = NULL;

	CHECK_EQ(jy_attr_summary_check(in, len, &unit_mem, &why), JY_ERR_CORRUPT);
	CHECK(why != NULL && strstr(why, want) != NULL);
	if (why == NULL || strstr(why, want) == NULL)
		fprintf(stderr, "  wanted \"%s\", got \"%s\"\n", want, why ? why : "(null)");
	(void) s;
}

/* The worked bytes with byte i replaced by v */
static void
reject_patched(size_t i, uint8_t v, const char *want)
{
	uint8_t		b[sizeof(worked_bytes)];

	memcpy(b, worked_bytes, sizeof(b));
	b[i] = v;
	reject(b, sizeof(b), want);
}

/* Every rejection of the decoder */
static void
test_summary_rejections(void)
{
	const char *why = NULL;
	size_t		i;
	uint8_t		longer[sizeof(worked_bytes) + 1];

	/* the worked bytes decode; every prefix of them does not */
	CHECK_EQ(jy_attr_summary_check(worked_bytes, sizeof(worked_bytes), &unit_mem, &why), JY_OK);
	for (i = 0; i < sizeof(worked_bytes); i++)
		CHECK_EQ(jy_attr_summary_check(worked_bytes, i, &unit_mem, &why), JY_ERR_CORRUPT);
	memcpy(longer, worked_bytes, sizeof(worked_bytes));
	longer[sizeof(worked_bytes)] = 0;
	reject(longer, sizeof(longer), "bytes after its end");

	/* header */
	reject_patched(0, 'X', "not a journey report summary");
	reject_patched(2, 2, "another kind");
	reject_patched(3, 9, "format version");
	/* conversion flag */
	reject_patched(4, 2, "neither 0 nor 1");
	{
		static const uint8_t nolabel[] = {'J', 'S', 3, 1, 0, 1, 1, 'A', 0, 0};
		static const uint8_t empty[] = {'J', 'S', 3, 1, 0, 0, 0, 0};
		static const uint8_t labelled[] = {'J', 'S', 3, 1, 1, 0, 0, 0, 0};

		reject(nolabel, sizeof(nolabel), "without a conversion label has channels");
		CHECK_EQ(jy_attr_summary_check(empty, sizeof(empty), &unit_mem, &why), JY_OK);
		CHECK_EQ(jy_attr_summary_check(labelled, sizeof(labelled), &unit_mem, &why), JY_OK);
	}
	/* channels: order, the conversion's name, count beyond the limit */
	reject_patched(12, 'B', "strictly ascending order");
	reject_patched(14, 'A', "strictly ascending order");
	{
		static const uint8_t named[] = {'J', 'S', 3, 1, 1, 1, 'c', 1, 1, 'c', 0, 0};
		static const uint8_t many[] = {'J', 'S', 3, 1, 1, 0, 0xe9, 0x07};

		reject(named, sizeof(named), "conversion label's name");
		reject(many, sizeof(many), "truncated or has a malformed field");
	}
	/* transitions (states START 0, A 1, B 2, CONV 3, NULL 4) */
	reject_patched(16, 5, "state out of range");	/* from NULL */
	reject_patched(17, 0, "state out of range");	/* into START */
	reject_patched(17, 3, "state out of range");	/* START -> CONV */
	reject_patched(23, 1, "state out of range");	/* A -> A */
	reject_patched(20, 1, "strictly ascending order");	/* (0,1) twice */
	reject_patched(18, 0, "zero or beyond");
	reject_patched(30, 1, "do not balance");	/* B -> CONV 1 */
	{
		/* START -> A -> CONV, and B -> C -> B: balanced, but B and C unreachable */
		static const uint8_t cycle[] = {'J', 'S', 3, 1, 1, 1, 'x', 3, 1, 'A', 1, 'B', 1, 'C',
			4, 0, 1, 1, 1, 4, 1, 2, 3, 1, 3, 2, 1,
		1, 3, 0, 0, 0, 1, 1};

		reject(cycle, sizeof(cycle), "cannot be reached");
	}
	/* coalitions: {0} 1 0 at 32, {0,1} 1 1 at 36, {1} 1 1 at 41 */
	reject_patched(32, 0, "no channel");
	reject_patched(33, 2, "channel out of range");
	reject_patched(38, 1, "channel out of range");	/* {0, 2} */
	reject_patched(34, 0, "journeys or conversions are out of range");
	reject_patched(35, 2, "journeys or conversions are out of range");
	reject_patched(42, 0, "strictly ascending order");	/* {0} after {0,1} */
	reject_patched(43, 2, "count different journeys");
	reject_patched(44, 0, "count different journeys");
	{
		/* one coalition {A} only: B is in none */
		static const uint8_t lonely[] = {'J', 'S', 3, 1, 1, 1, 'x', 2, 1, 'A', 1, 'B',
			4, 0, 1, 1, 0, 2, 1, 1, 3, 1, 2, 4, 1, 1, 1, 0, 2, 1};

		reject(lonely, sizeof(lonely), "in no coalition");
	}
}

/* Counts up to INT64_MAX decode; a merge beyond it is refused */
static void
test_summary_huge_counts(void)
{
#define MAXV 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f
	static const uint8_t huge[] = {'J', 'S', 3, 1, 1, 1, 'c', 1, 1, 'A',
		2, 0, 1, MAXV, 1, 2, MAXV, 1, 1, 0, MAXV, MAXV};
	static const uint8_t beyond[] = {'J', 'S', 3, 1, 1, 1, 'c', 1, 1, 'A',
		2, 0, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01,
	1, 2, 1, 1, 1, 0, 1, 1};
#undef MAXV
	JyAttrSummary a,
				b;
	const char *why = NULL;

	CHECK_EQ(jy_attr_summary_decode(huge, sizeof(huge), &unit_mem, &a, &why), JY_OK);
	CHECK_EQ(jy_attr_summary_decode(huge, sizeof(huge), &unit_mem, &b, &why), JY_OK);
	CHECK_EQ(jy_attr_summary_merge(&a, &b), JY_ERR_VALUE_TOO_LARGE);
	jy_attr_summary_free(&a);
	jy_attr_summary_free(&b);
	reject(beyond, sizeof(beyond), "zero or beyond");
}

/* Out of memory anywhere in adding, merging, encoding, decoding: an error, no leak */
static void
test_summary_out_of_memory(void)
{
	int			k;

	for (k = 0; k < 200; k++)
	{
		JyAttrSummary s,
					d;
		JyWriter	w;
		const char *why = NULL;
		JyStatus	st;

		unit_failed = false;
		unit_fail_after = k;
		st = jy_attr_summary_init(&s, &unit_failing_mem);
		if (st != JY_OK)
		{
			jy_attr_summary_free(&s);
			continue;
		}
		(void) jy_attr_summary_set_conversion(&s, "conv", 4);
		unit_fail_after = 1000000;
		CHECK_EQ(add_path(&s, "A B conv"), JY_OK);
		unit_fail_after = k;
		if (add_path(&s, "C D E conv") == JY_OK && add_path(&s, "F") == JY_OK)
		{
			jy_writer_init(&w, &unit_failing_mem);
			jy_attr_summary_encode(&s, &w);
			if (w.status == JY_OK)
			{
				unit_fail_after = k;
				if (jy_attr_summary_decode(w.buf, w.len, &unit_failing_mem, &d, &why) == JY_OK)
				{
					(void) jy_attr_summary_merge(&d, &s);
					jy_attr_summary_free(&d);
				}
			}
			jy_writer_free(&w);
		}
		jy_attr_summary_free(&s);
	}
	unit_fail_after = 1000000;
}

/*
 * A summary whose start transitions count more than 2^63 - 1 journeys in
 * all (two of 2^63 - 1 each) is corrupt, with a reason -- found by
 * fuzz_attribution: the decoder passed on the Markov counter's
 * JY_ERR_VALUE_TOO_LARGE without one
 */
static void
test_decode_journeys_overflow(void)
{
	static const uint8_t in[] = {
		0x4a, 0x53, 0x3, 0x1, 0x1, 0x4, 'c', 'o', 'n', 'w', 0x2, 0x1, 'A', 0x1, 'B', 0x5,
		0x0, 0x1, 0x2, 0x0, 0x2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0xf4, 0x1};
	JyAttrSummary d;
	const char *why = NULL;

	CHECK_EQ(jy_attr_summary_decode(in, sizeof(in), &unit_mem, &d, &why), JY_ERR_CORRUPT);
	CHECK(why != NULL && strstr(why, "2^63 - 1") != NULL);
}

int
main(void)
{
	test_decode_journeys_overflow();
	test_parse();
	test_check();
	test_models();
	test_last_non_direct();
	test_lookback();
	test_many_touches();
	test_markov_worked();
	test_markov_loop();
	test_markov_empty();
	test_markov_limit();
	test_markov_random();
	test_shapley_worked();
	test_shapley_random();
	test_shapley_max();
	test_out_of_memory();
	test_summary_worked();
	test_summary_merge();
	test_summary_limits();
	test_summary_rejections();
	test_summary_huge_counts();
	test_summary_out_of_memory();
	return unit_summary("test_attribution");
}
