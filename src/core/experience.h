/*
 * experience.h -- survey measures per stage or touchpoint: NPS, CSAT and
 * mean score with their intervals, and the experience consistency index
 *
 * State.  A JyScores holds the number of answers of each integer score 0
 * .. 10 (NPS answers are 0 .. 10, CSAT answers usually 1 .. 5), so it is
 * mergeable: a rollup adds the counts (jy_scores_merge), and every
 * measure of a merged state equals the measure over all its answers.
 *
 * NPS.  P promoters (9 - 10), passives (7 - 8), D detractors (0 - 6) of n
 * answers: NPS = (P - D) / n.  Its variance is that of the difference of
 * two shares of one trinomial sample,
 *     Var = (p_P + p_D - (p_P - p_D)^2) / n,
 * and the interval is NPS -+ z sqrt(Var) (normal approximation), clipped
 * to [-1, 1].  It is poor for small n or an NPS near -1 or 1: when every
 * answer is a promoter (or every one a detractor) Var is 0 and the
 * interval degenerates to the single point 1 (or -1).
 *
 * CSAT.  The share of answers at or above a threshold (4 for the top-2-box
 * of a 1 .. 5 scale) with its Wilson interval (jy_wilson).
 *
 * Mean.  The mean score with the t interval mean -+ t_{df} s / sqrt(n),
 * s the sample standard deviation, df = n - 1, t the quantile of
 * (1 + confidence) / 2 (jy_t_quantile); no interval when n < 2.
 */
#ifndef JY_EXPERIENCE_H
#define JY_EXPERIENCE_H

#include "jy.h"
#include "summary.h"

#define JY_SCORE_MAX 10

/* Answers per score 0 .. 10 */
typedef struct JyScores
{
	int64_t		count[JY_SCORE_MAX + 1];
} JyScores;

/* No answers */
extern void jy_scores_init(JyScores *s);

/* Add one answer; false (nothing added) when score is not 0 .. 10 */
extern bool jy_scores_add(JyScores *s, int score);

/* Add from's counts to into's */
extern void jy_scores_merge(JyScores *into, const JyScores *from);

/* The number of answers */
extern int64_t jy_scores_n(const JyScores *s);

/* A share or score with its interval; has_* say which are set */
typedef struct JyExpMeasure
{
	int64_t		n;
	int64_t		promoters,		/* NPS only */
				passives,
				detractors;
	int64_t		successes;		/* CSAT only: answers >= threshold */
	double		value;			/* NPS, CSAT share, or mean */
	double		sd;				/* mean only: the sample standard deviation */
	double		ci_low,
				ci_high;
	bool		has_value;		/* n > 0 */
	bool		has_ci;			/* NPS, CSAT: n > 0; mean: n >= 2 */
} JyExpMeasure;

/*
 * NPS at z (z > 0, e.g. jy_z_for_confidence(0.95)); CSAT at a threshold
 * 0 .. 10 (JY_ERR_BAD_PARAMETER otherwise); mean at a confidence in
 * (0, 1) (JY_ERR_BAD_PARAMETER otherwise).  n = 0 gives has_value false.
 */
extern JyStatus jy_exp_nps(const JyScores *s, double z, JyExpMeasure *out);
extern JyStatus jy_exp_csat(const JyScores *s, int threshold, double z,
							JyExpMeasure *out);
extern JyStatus jy_exp_mean(const JyScores *s, double confidence,
							JyExpMeasure *out);

/* One touchpoint's score and its number of answers */
typedef struct JyTouchScore
{
	double		score;
	int64_t		n;
} JyTouchScore;

/* The consistency index of touchpoints (jy_exp_consistency) */
typedef struct JyConsistency
{
	int64_t		included;		/* touchpoints with n >= min_n */
	int64_t		excluded;		/* touchpoints with n < min_n */
	int64_t		within;			/* included, |score - overall| <= tol */
	double		index;			/* within / included, or answer-weighted */
	bool		has_index;		/* included > 0 (weighted: answers > 0) */
} JyConsistency;

/*
 * Experience consistency: of the touchpoints with at least min_n answers
 * (the others are excluded and counted in excluded), the share whose
 * score lies within tol of overall, bounds inclusive:
 * overall - tol <= score <= overall + tol.  Weighted, each touchpoint
 * counts its number of answers instead of 1.  JY_ERR_BAD_PARAMETER when
 * tol < 0, overall or tol is not finite, a score is NaN or an n < 0;
 * has_index false when no touchpoint is included (or, weighted, when the
 * included ones have no answers).
 */
extern JyStatus jy_exp_consistency(const JyTouchScore *t, size_t n, double overall,
								   double tol, int64_t min_n, bool weighted,
								   JyConsistency *out);

/* ---- additions for the SQL surface (experience_summary, issue 16 item 5) ---- */

/*
 * Add from's counts to into's unless the total number of answers would
 * pass INT64_MAX: JY_ERR_VALUE_TOO_LARGE then, and into is unchanged
 */
extern JyStatus jy_scores_merge_checked(JyScores *into, const JyScores *from);

/*
 * The bytes of an experience_summary (summary kind JY_SUMMARY_EXPERIENCE,
 * docs/experience.md "Storage"): the 4-byte header, then the 11 counts of
 * scores 0 .. 10 as varints.  The decoder checks the header, that every
 * count and their sum fit in a bigint, and that the bytes end there.
 */
extern void jy_scores_encode(JyWriter *w, const JyScores *s);
extern JyStatus jy_scores_decode(const uint8_t *in, size_t len, JyScores *s,
								 const char **why);

/* jy_scores_decode as the summary type's input check */
extern JyStatus jy_scores_check(const uint8_t *in, size_t len, const JyMem *m,
								const char **why);

/* The measures of experience_consistency */
typedef enum JyExpKind
{
	JY_EXP_NPS = 0,				/* NPS in points, -100 .. 100 */
	JY_EXP_CSAT = 1,			/* share of answers >= JY_EXP_CSAT_THRESHOLD */
	JY_EXP_MEAN = 2				/* mean score */
} JyExpKind;

#define JY_EXP_NKINDS 3

/* The CSAT threshold of experience_consistency's 'csat' (top-2-box of 1 .. 5) */
#define JY_EXP_CSAT_THRESHOLD 4

/* The measure named s[0 .. len) (a keyword: nps, csat, mean), or -1 */
extern int	jy_exp_kind_parse(const char *s, size_t len);

/* The keyword of a measure */
extern const char *jy_exp_kind_name(JyExpKind kind);

/*
 * The value of a measure over s, in the units the reports give: NPS points
 * 100 (P - D) / n (one rounding), the CSAT share successes / n, the mean
 * sum / n.  False (and *v NaN) when s has no answers.
 */
extern bool jy_exp_score(const JyScores *s, JyExpKind kind, double *v);

/*
 * The aggregate state of experience_consistency, and its serial bytes:
 * version (u8, 1), measure (u8), tolerance (double), min_answers (varint),
 * the pooled answers' 11 counts (varints), the number of touchpoints
 * (varint), then each touchpoint's score (double) and answers (varint).
 * The decoder checks every field: a known measure, a finite tolerance >= 0,
 * min_answers and every count within a bigint, the pooled total too, a
 * touchpoint with answers has a finite score and one without has score 0,
 * the number of touchpoints bounded by the bytes left, and the exact end.
 */
typedef struct JyConsistencyState
{
	JyExpKind	kind;
	double		tolerance;
	int64_t		min_answers;
	JyScores	pooled;
	JyTouchScore *touch;		/* ntouch items, capacity cap */
	uint32_t	ntouch,
				cap;
} JyConsistencyState;

#define JY_CONSISTENCY_STATE_VERSION 1

/* Most touchpoints in one state (each takes 16 bytes) */
#define JY_CONSISTENCY_MAX_TOUCH ((uint32_t) (JY_MAX_ALLOC / sizeof(JyTouchScore)))

extern void jy_consistency_state_encode(JyWriter *w, const JyConsistencyState *st);

/* Decode into *st; st->touch is allocated through m (NULL when none) */
extern JyStatus jy_consistency_state_decode(const uint8_t *in, size_t len,
											JyConsistencyState *st,
											const JyMem *m, const char **why);

/* Release st->touch */
extern void jy_consistency_state_free(JyConsistencyState *st, const JyMem *m);

/*
 * Add one touchpoint of answers s to the state: its score (0 when it has
 * no answers) and its answers, and its answers to the pooled counts.
 * JY_ERR_VALUE_TOO_LARGE when the pooled total would pass INT64_MAX,
 * JY_ERR_TOO_MANY_EVENTS beyond JY_CONSISTENCY_MAX_TOUCH touchpoints,
 * JY_ERR_OUT_OF_MEMORY; the state is unchanged on failure.
 */
extern JyStatus jy_consistency_add(JyConsistencyState *st, const JyScores *s,
								   const JyMem *m);

/* Add src's touchpoints and pooled counts to dst (same parameters: the caller checks) */
extern JyStatus jy_consistency_merge(JyConsistencyState *dst,
									 const JyConsistencyState *src,
									 const JyMem *m);

/*
 * The result: the overall measure over the pooled answers (*has_overall
 * false, and nothing within or included, when there are none), and the
 * index of jy_exp_consistency over the touchpoints with at least
 * max(min_answers, 1) answers (a touchpoint without answers has no score
 * and is always excluded)
 */
extern JyStatus jy_consistency_result(const JyConsistencyState *st,
									  double *overall, bool *has_overall,
									  JyConsistency *out);

#endif							/* JY_EXPERIENCE_H */
