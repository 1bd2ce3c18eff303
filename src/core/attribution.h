/*
 * attribution.h -- conversion credit by channel: rule-based models over one
 * journey, the Markov-chain removal effect and Shapley values over many
 *
 * Channels are uint32 ids into a label table the caller owns; the core never
 * sees their text.  Results are in double precision.
 *
 * 1. Rule-based models (jy_attribute) credit one conversion to the touches
 *    of one journey.  The touches are given in time order; "first" and
 *    "last" mean first and last in the array.  A touch counts when
 *
 *        conv_ts - lookback <= ts <= conv_ts
 *
 *    (no lookback: no lower bound; lookback 0: only touches at the
 *    conversion's instant; a negative lookback is an error, see
 *    jy_attr_check; touches after the conversion never count).  Over the n counted touches t_1 .. t_n:
 *
 *    first            t_1 gets 1.
 *    last             t_n gets 1.
 *    last_non_direct  the last touch whose channel is not the direct
 *                     channel gets 1; when every touch is direct (or no
 *                     direct channel is given), t_n gets 1.
 *    linear           every touch gets 1 / n.
 *    position         n = 1: t_1 gets 1.  n = 2: t_1 gets first_share /
 *                     (first_share + last_share), t_2 the rest (0.5 / 0.5
 *                     with the defaults; 0.5 / 0.5 when both shares are 0).
 *                     n >= 3: t_1 gets first_share, t_n last_share, and each
 *                     middle touch (1 - first_share - last_share) / (n - 2).
 *                     Defaults 0.4 / 0.4 (the "U-shaped" model).
 *    time_decay       touch i weighs 2^(-(conv_ts - ts_i) / half_life),
 *                     normalised to sum 1 (computed relative to the latest
 *                     touch, so old touches never make every weight 0).
 *    participation    every distinct channel gets 1 (no normalisation).
 *
 *    A channel's credit is the sum over its touches.  The output lists every
 *    channel with a counted touch, once, in order of its first counted
 *    touch, including channels whose credit is 0 (e.g. the middle of a
 *    "first" model); no counted touch gives no rows.  Except for
 *    participation, credits sum to 1 (up to rounding).
 *
 * 2. Markov chain removal effect (JyMarkov), exact.  States: START, one per
 *    channel, CONVERSION and NULL (absorbing).  Each journey c_1 .. c_k adds
 *    the transitions START -> c_1 -> .. -> c_k -> CONVERSION (converted) or
 *    NULL (not converted), after collapsing consecutive repeats of a
 *    channel (A A B is A B, the ChannelAttribution convention, so a channel
 *    never transitions to itself; a self-loop would only delay absorption,
 *    so P and the removal effects are the same either way, but the table
 *    stays smaller).  Journeys with no touch are ignored.
 *    Transition probabilities are counts / counts out of the state.
 *
 *    P = probability of absorption in CONVERSION from START, solved from
 *    (I - Q) x = r over the transient states (START and the channels; Q the
 *    transient-to-transient probabilities, r the probabilities into
 *    CONVERSION) by Gaussian elimination with partial pivoting.
 *
 *    Removing channel c redirects every transition into c to NULL.  By the
 *    strong Markov property the result is the probability of converting
 *    without visiting c:
 *
 *        P_without_c = x_START - h(START, c) x_c,   h(START, c) = N(START, c) / N(c, c)
 *
 *    where N = (I - Q)^-1 is the fundamental matrix and h the probability
 *    of ever visiting c; this is exact algebra (one factorisation and one
 *    inverse, O(k^3) for k channels) rather than k separate solves.
 *
 *        removal_effect_c = 1 - P_without_c / P
 *        credit_c = removal_effect_c / sum of removal effects * conversions
 *
 *    where conversions counts the converted journeys.  When P = 0 (no
 *    conversion) or every removal effect is 0, every removal effect and
 *    credit is 0.  At most JY_MARKOV_MAX_CHANNELS distinct channels.
 *
 * 3. Shapley values (jy_shapley*), exact.  Each journey is the set of its
 *    channels, a bitmask over n <= JY_SHAPLEY_MAX channels (bit i =
 *    channel i; the caller maps its channels to bits).  The coalition value
 *
 *        v(S) = conversions of the journeys whose channel set is a subset of S
 *
 *    (the standard coalition formulation; v(empty set) = 0: journeys with no
 *    channel are ignored), and
 *
 *        phi_i = sum over S in N \ {i} of |S|! (n - |S| - 1)! / n! (v(S + i) - v(S))
 *
 *    computed by a subset-sum (zeta) transform over the 2^n coalitions,
 *    O(2^n n) time and 2^n doubles of memory (8 MB at n = 20).  The phi_i
 *    sum to v(N), the total conversions.
 *
 * Long loops call the interrupt hook of the JyMem every JY_INTERRUPT_EVERY
 * iterations or so.
 */
#ifndef JY_ATTRIBUTION_H
#define JY_ATTRIBUTION_H

#include "jy.h"
#include "journey.h"

/* ----------------------------------------------------------------
 * Rule-based models
 * ----------------------------------------------------------------
 */

typedef enum JyAttrModel
{
	JY_ATTR_FIRST,
	JY_ATTR_LAST,
	JY_ATTR_LAST_NON_DIRECT,
	JY_ATTR_LINEAR,
	JY_ATTR_POSITION,
	JY_ATTR_TIME_DECAY,
	JY_ATTR_PARTICIPATION
} JyAttrModel;

/* The names jy_attr_parse_model accepts, for an error hint */
#define JY_ATTR_MODEL_NAMES \
	"first, last, last_non_direct, linear, position, time_decay, participation"

/* One touch of a journey */
typedef struct JyTouch
{
	uint32_t	channel;
	int64_t		ts;				/* microseconds */
} JyTouch;

/* A model and its parameters; start from jy_attr_params_init */
typedef struct JyAttrParams
{
	JyAttrModel model;
	bool		has_lookback;	/* false: no lower bound on the touches */
	int64_t		lookback;		/* microseconds, >= 0, when has_lookback */
	bool		has_direct;		/* last_non_direct: direct_channel is set */
	uint32_t	direct_channel;	/* last_non_direct: the channel to skip */
	double		first_share;	/* position: 0 <= first_share */
	double		last_share;		/* position: 0 <= last_share, sum <= 1 */
	int64_t		half_life;		/* time_decay: microseconds, > 0 */
} JyAttrParams;

/* One row of output: a channel and its credit */
typedef struct JyCredit
{
	uint32_t	channel;
	double		credit;
} JyCredit;

/* What jy_attr_check finds wrong with parameters */
typedef enum JyAttrCheck
{
	JY_ATTR_OK = 0,
	JY_ATTR_BAD_SHARES,			/* position: a share < 0, not finite, or the
								 * two summing to more than 1 */
	JY_ATTR_BAD_HALF_LIFE,		/* time_decay: half_life <= 0 */
	JY_ATTR_BAD_LOOKBACK		/* any model: a lookback < 0 */
} JyAttrCheck;

/*
 * Parse a model name (case-insensitive, exactly one of JY_ATTR_MODEL_NAMES;
 * no surrounding blanks).  JY_ERR_UNKNOWN_MODEL when it names none.
 */
extern JyStatus jy_attr_parse_model(const char *s, size_t len, JyAttrModel *model);

/* Canonical name of a model */
extern const char *jy_attr_model_name(JyAttrModel model);

/*
 * Defaults: the model, no lookback, no direct channel, shares 0.4 / 0.4,
 * half-life 7 days
 */
extern void jy_attr_params_init(JyAttrParams *params, JyAttrModel model);

/* Check the parameters the model uses (others are ignored) */
extern JyAttrCheck jy_attr_check(const JyAttrParams *params);

/* A short message for a failed check (lower case, no period) */
extern const char *jy_attr_check_message(JyAttrCheck check);

/*
 * Credit one conversion at conv_ts to the n touches (in time order).  out
 * has room for n rows (there are at most as many channels as touches);
 * *nout receives the number of rows.  Scratch memory comes from m when
 * there are many touches.  Errors: JY_ERR_BAD_PARAMETER (jy_attr_check
 * fails), JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_attribute(const JyTouch *touches, size_t n, int64_t conv_ts,
							 const JyAttrParams *params, const JyMem *m,
							 JyCredit *out, size_t *nout);

/* ----------------------------------------------------------------
 * Markov chain removal effect
 * ----------------------------------------------------------------
 */

/* Most distinct channels a Markov model may have (dense k x k solve) */
#define JY_MARKOV_MAX_CHANNELS 1000

/* Opaque builder of transition counts */
typedef struct JyMarkov JyMarkov;

/* One channel of the result */
typedef struct JyMarkovChannel
{
	uint32_t	channel;
	double		removal_effect;	/* 1 - P_without / P */
	double		credit;			/* share of the conversions */
	double		p_without;		/* P with the channel removed */
} JyMarkovChannel;

/* The solution; channels in ascending channel id */
typedef struct JyMarkovResult
{
	double		conversion_probability; /* P */
	int64_t		journeys;		/* journeys with at least one touch */
	int64_t		conversions;	/* the converted ones among them */
	uint32_t	nchannels;
	JyMarkovChannel *channels;	/* from the JyMem; jy_markov_result_free */
} JyMarkovResult;

/* A new empty builder (NULL when out of memory); m must outlive it */
extern JyMarkov *jy_markov_create(const JyMem *m);

/*
 * Add one journey: n channel ids in time order (repeats collapsed, see
 * above; n = 0 is ignored) and whether it converted.  Errors:
 * JY_ERR_TOO_MANY_CHANNELS (the journey would bring the distinct channels
 * beyond JY_MARKOV_MAX_CHANNELS; the builder is unchanged),
 * JY_ERR_OUT_OF_MEMORY (the builder may hold part of the journey).
 */
extern JyStatus jy_markov_add(JyMarkov *mk, const uint32_t *channels, size_t n,
							  bool converted);

/*
 * Add every transition of src to dst (a combine step: the result equals a
 * builder fed both inputs); dst and src must be different builders.
 * Errors as jy_markov_add (on JY_ERR_TOO_MANY_CHANNELS dst is unchanged).
 */
extern JyStatus jy_markov_merge(JyMarkov *dst, const JyMarkov *src);

/* Number of distinct channels added so far */
extern uint32_t jy_markov_nchannels(const JyMarkov *mk);

/*
 * Solve the chain (see above) into *res, allocated from the builder's
 * JyMem.  The builder is unchanged and can take more journeys.  Errors:
 * JY_ERR_OUT_OF_MEMORY; JY_ERR_SINGULAR (a zero pivot: cannot happen for
 * counts from jy_markov_add, since every channel leads on to absorption).
 * With no journeys, P = 0 and there are no channels.
 */
extern JyStatus jy_markov_solve(const JyMarkov *mk, JyMarkovResult *res);

extern void jy_markov_result_free(JyMarkovResult *res, const JyMem *m);
extern void jy_markov_free(JyMarkov *mk);

/*
 * The transition counts themselves, for a codec: the transient states START
 * and the channels (by id), the absorbing CONVERSION and NULL.  Channel ids
 * must be below JY_MARKOV_NULL.
 */
#define JY_MARKOV_START UINT32_MAX
#define JY_MARKOV_CONVERSION (UINT32_MAX - 1)
#define JY_MARKOV_NULL (UINT32_MAX - 2)

typedef struct JyMarkovTransition
{
	uint32_t	from;			/* JY_MARKOV_START or a channel id */
	uint32_t	to;				/* a channel id, JY_MARKOV_CONVERSION or NULL */
	int64_t		count;
} JyMarkovTransition;

/* Number of distinct transitions, and transition i (0 <= i < that) */
extern uint32_t jy_markov_ntransitions(const JyMarkov *mk);
extern void jy_markov_transition(const JyMarkov *mk, uint32_t i,
								 JyMarkovTransition *t);

/* Channel id of the builder's channel number d (0 <= d < nchannels) */
extern uint32_t jy_markov_channel(const JyMarkov *mk, uint32_t d);

/*
 * Register a channel (so that channels are numbered in the order a codec
 * gives them), or add count to a transition, registering its channels.  A
 * transition out of START counts count journeys, one into CONVERSION count
 * conversions.  Errors: JY_ERR_TOO_MANY_CHANNELS (the builder is
 * unchanged), JY_ERR_VALUE_TOO_LARGE (a count or total would pass
 * INT64_MAX), JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_markov_add_channel(JyMarkov *mk, uint32_t id);
extern JyStatus jy_markov_add_transition(JyMarkov *mk, const JyMarkovTransition *t);

/* ----------------------------------------------------------------
 * Shapley values
 * ----------------------------------------------------------------
 */

/* Most channels of an exact Shapley computation (2^20 coalitions) */
#define JY_SHAPLEY_MAX 20

/*
 * Shapley values from conversions by exact channel set: conv[S] for each of
 * the 1 << n bitmasks S (conv[0] is ignored).  phi has room for n values.
 * n = 0 is allowed (nothing to do).  Errors: JY_ERR_TOO_MANY_CHANNELS (n
 * outside 0 .. JY_SHAPLEY_MAX), JY_ERR_OUT_OF_MEMORY.
 */
extern JyStatus jy_shapley_values(int n, const double *conv, const JyMem *m,
								  double *phi);

/*
 * Shapley values from njourneys journeys: channel-set bitmask sets[j] and
 * converted[j].  Builds conv[] and calls jy_shapley_values.  Errors as
 * there, and JY_ERR_BAD_PARAMETER for a mask with a bit at or above n.
 */
extern JyStatus jy_shapley(int n, const uint32_t *sets, const bool *converted,
						   size_t njourneys, const JyMem *m, double *phi);

/* ----------------------------------------------------------------
 * The attribution summary: what the Markov and Shapley reports need
 * ----------------------------------------------------------------
 *
 * A summary counts journeys for one conversion label.  Each journey adds
 * its counting touches (jy_attr_touches): their channels to the dictionary,
 * the journey to the Markov builder (as jy_markov_add), and one to the
 * journeys -- and, when it converted, to the conversions -- of its
 * coalition, the set of its distinct channels.  Journeys with no counting
 * touch add nothing.  Summaries merge (jy_attr_summary_merge) by channel
 * name, so partial summaries may number channels differently; the codec
 * (core/codec.c) writes them canonically (channels in name order) and a
 * decoded summary numbers its channels in name order.
 */

/* One coalition: n channel ids at ids[off ..], ascending */
typedef struct JyAttrCoalition
{
	uint32_t	off;
	uint32_t	n;
	int64_t		journeys;
	int64_t		conversions;
} JyAttrCoalition;

typedef struct JyAttrSummary
{
	const JyMem *m;
	bool		has_conversion; /* false: nothing added yet */
	char	   *conversion;		/* the conversion label (from m) */
	uint32_t	convlen;
	JyDict		channels;		/* channel names; ids as in the builder */
	JyMarkov   *mk;				/* transitions over channel ids */
	JyAttrCoalition *coal;		/* ncoal, in order of first appearance */
	uint32_t	ncoal,
				coalcap;
	uint32_t   *ids;			/* the coalitions' channel ids */
	uint32_t	nids,
				idscap;
	JyHash		coalhash;		/* coalitions by their ids */
	/* scratch of jy_attr_summary_add, reused from journey to journey */
	JyTouch    *touch;
	uint32_t   *map,
			   *set;
	uint32_t	touchcap,
				mapcap,
				setcap;
} JyAttrSummary;

/*
 * The touches of journey j that count towards the conversion whose label
 * id is conv (-1: the label does not occur): every touch whose label is not
 * the conversion's, at or before the first conversion (all of them when
 * the journey never converts).  t has room for j->n touches; returns their
 * number; *converted says whether the journey converts, *conv_ts when.
 * Rule-based attribution and the summary both read journeys through this.
 */
extern size_t jy_attr_touches(const JyJourney *j, int64_t conv, JyTouch *t,
							  bool *converted, int64_t *conv_ts);

/* An empty summary (no conversion label yet); JY_ERR_OUT_OF_MEMORY */
extern JyStatus jy_attr_summary_init(JyAttrSummary *s, const JyMem *m);
extern void jy_attr_summary_free(JyAttrSummary *s);

/*
 * Set the conversion label of a summary that has none; with one, true
 * when it is this label (the caller reports a mismatch), else false
 */
extern JyStatus jy_attr_summary_set_conversion(JyAttrSummary *s, const char *label,
											   uint32_t len);
extern bool jy_attr_summary_conversion_is(const JyAttrSummary *s, const char *label,
										  uint32_t len);

/*
 * Add one journey (the conversion label must be set).  Errors:
 * JY_ERR_TOO_MANY_CHANNELS (beyond JY_MARKOV_MAX_CHANNELS channels),
 * JY_ERR_OUT_OF_MEMORY; the summary may then hold part of the journey (the
 * caller discards it).
 */
extern JyStatus jy_attr_summary_add(JyAttrSummary *s, const JyJourney *j);

/*
 * Add everything src counts to dst (a summary without a conversion label
 * takes src's).  JY_ERR_BAD_PARAMETER when both have a conversion label
 * and they differ (dst unchanged); JY_ERR_VALUE_TOO_LARGE when a count
 * would pass INT64_MAX; errors as jy_attr_summary_add.  On any error but
 * the first, dst is left partly merged (the caller discards it).
 */
extern JyStatus jy_attr_summary_merge(JyAttrSummary *dst, const JyAttrSummary *src);

/*
 * Shapley values of the coalition game of the converting coalitions (see
 * above): the channels that occur in a coalition with a conversion, in
 * ascending channel id (name order in a decoded summary), into
 * channels[] and phi[] (room for JY_SHAPLEY_MAX each); *n their number.
 * JY_ERR_TOO_MANY_CHANNELS when there are more than JY_SHAPLEY_MAX.
 */
extern JyStatus jy_attr_summary_shapley(const JyAttrSummary *s, const JyMem *m,
										uint32_t *n, uint32_t *channels,
										double *phi);

#endif							/* JY_ATTRIBUTION_H */
