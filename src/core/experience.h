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

#endif							/* JY_EXPERIENCE_H */
