-- Attribution: the rule-based models on a journey worked by hand, the
-- Markov removal effect and Shapley values on small examples worked by
-- hand (the arithmetic is in the comments), invariants on the sample data,
-- and every error.
CREATE SCHEMA attr;
SET search_path = attr, public;

-- email@0h, direct@1h, social@2h, direct@3h, purchase@4h, email@5h
-- (the last email comes after the conversion and never counts)
CREATE TABLE one (j journey);
INSERT INTO one VALUES ('[["2025-01-01T00:00:00Z", "email"], ["2025-01-01T01:00:00Z", "direct"],
	["2025-01-01T02:00:00Z", "social"], ["2025-01-01T03:00:00Z", "direct"],
	["2025-01-01T04:00:00Z", "purchase"], ["2025-01-01T05:00:00Z", "email"]]');

-- first: email 1; last: direct 1; last_non_direct: social 1 (channels with
-- no credit are listed with 0, in order of first touch)
SELECT 'first' AS model, a.* FROM one, attribution(j, 'purchase', 'first') a
UNION ALL SELECT 'last', a.* FROM one, attribution(j, 'purchase', 'last') a
UNION ALL SELECT 'last_non_direct', a.* FROM one, attribution(j, 'purchase', 'last_non_direct') a
UNION ALL SELECT 'participation', a.* FROM one, attribution(j, 'purchase', 'participation') a;

-- linear over 4 touches: email 1/4, direct 2/4, social 1/4.
-- position 0.4/0.4: first 0.4, last 0.4, the two middle touches 0.1 each:
-- email 0.4, direct 0.1 + 0.4 = 0.5, social 0.1.
-- position 0.3/0.5: email 0.3, direct 0.1 + 0.5 = 0.6, social 0.1
SELECT 'linear' AS model, channel, round(credit::numeric, 12) AS credit FROM one, attribution(j, 'purchase', 'linear') a
UNION ALL SELECT 'position', channel, round(credit::numeric, 12) FROM one, attribution(j, 'purchase', 'position') a
UNION ALL SELECT 'position 0.3/0.5', channel, round(credit::numeric, 12)
	FROM one, attribution(j, 'purchase', 'position', first_share => 0.3, last_share => 0.5) a;

-- time_decay, half-life 1 hour: ages 4, 3, 2, 1 hours weigh 1/16, 1/8, 1/4,
-- 1/2 (sum 15/16): email 1/15, direct (1/8 + 1/2) / (15/16) = 2/3,
-- social 4/15.  The default half-life (7 days) is nearly linear.
SELECT channel, round(credit::numeric, 12) AS credit,
       round((CASE channel WHEN 'email' THEN 1 / 15.0 WHEN 'direct' THEN 2 / 3.0 ELSE 4 / 15.0 END)::numeric, 12) AS by_hand
FROM one, attribution(j, 'purchase', 'time_decay', half_life => '1 hour') a;

-- lookback 2h30m: only social@2h and direct@3h count (linear: 1/2 each)
SELECT a.* FROM one, attribution(j, 'purchase', 'linear', lookback => '2 hours 30 minutes') a;
-- a lookback exactly the gap to a touch keeps it (bounds inclusive):
-- social@2h is 2 hours before the purchase@4h; one microsecond less leaves
-- direct@3h alone
SELECT a.* FROM one, attribution(j, 'purchase', 'linear', lookback => '2 hours') a;
SELECT a.* FROM one, attribution(j, 'purchase', 'linear', lookback => '1 hour 59 minutes 59.999999 seconds') a;
-- lookback 0: only touches at the conversion's instant (none in "one"; in
-- the second journey social, at the purchase's instant, not email a day
-- before)
SELECT count(*) AS lookback_0 FROM one, attribution(j, 'purchase', 'linear', lookback => '0') a;
SELECT a.* FROM attribution('[["2025-01-01T00:00:00Z", "email"], ["2025-01-02T00:00:00Z", "purchase"], ["2025-01-02T00:00:00Z", "social"]]',
	'purchase', 'first', lookback => '0') a;
SELECT count(*) AS lookback_0 FROM attribution('[["2025-01-01T00:00:00Z", "email"], ["2025-01-02T00:00:00Z", "purchase"]]',
	'purchase', 'last', lookback => '0 days') a;
-- NULL (the default): no limit, every touch before the conversion
SELECT a.* FROM one, attribution(j, 'purchase', 'linear', lookback => NULL) a;
-- no direct channel named: last_non_direct is last; every touch direct:
-- the last touch
SELECT a.* FROM one, attribution(j, 'purchase', 'last_non_direct', direct => NULL) a WHERE credit > 0;
SELECT a.* FROM attribution('[["2025-01-01T00:00:00Z", "direct"], ["2025-01-01T01:00:00Z", "purchase"]]',
	'purchase', 'last_non_direct') a;
-- model names are case-insensitive
SELECT count(*) FROM one, attribution(j, 'purchase', 'Linear') a;

-- no conversion, no touch before it, NULL journey or conversion: no rows
SELECT count(*) AS no_conversion FROM one, attribution(j, 'signup', 'linear') a;
SELECT count(*) AS nothing_before FROM attribution('[["2025-01-01T00:00:00Z", "purchase"], ["2025-01-01T01:00:00Z", "email"]]', 'purchase') a;
SELECT count(*) AS null_journey FROM attribution(NULL, 'purchase') a;
SELECT count(*) AS null_conversion FROM one, attribution(j, NULL) a;
-- a touch at the conversion's timestamp counts; the first conversion is the
-- one credited
SELECT a.* FROM attribution('[["2025-01-01T00:00:00Z", "email"], ["2025-01-01T01:00:00Z", "purchase"], ["2025-01-01T01:00:00Z", "social"],
	["2025-01-01T02:00:00Z", "search"], ["2025-01-01T03:00:00Z", "purchase"]]', 'purchase', 'linear') a;

-- errors
SELECT * FROM one, attribution(j, 'purchase', 'first_touch') a;
SELECT * FROM one, attribution(j, 'purchase', NULL) a;
SELECT * FROM one, attribution(j, 'purchase', 'position', first_share => 0.7, last_share => 0.5) a;
SELECT * FROM one, attribution(j, 'purchase', 'position', first_share => -0.1) a;
SELECT * FROM one, attribution(j, 'purchase', 'time_decay', half_life => '0 seconds') a;
SELECT * FROM one, attribution(j, 'purchase', 'linear', first_share => NULL) a;
-- a negative lookback (also one of mixed signs, a month counting 30 days)
SELECT * FROM one, attribution(j, 'purchase', 'linear', lookback => '-1 day') a;
SELECT * FROM one, attribution(j, 'purchase', 'first', lookback => '-1 microsecond') a;
SELECT * FROM attribution(NULL, 'purchase', 'last', lookback => '1 mon -31 days') a;

-- Markov, worked by hand.  Journeys: A > B > conv, A (no conversion),
-- B > conv.  Transitions: START->A 2/3, START->B 1/3, A->B 1/2, A->NULL 1/2,
-- B->CONV 1.  P = 2/3 (1/2) + 1/3 = 2/3.
-- Without A: START->A goes to NULL, P = 1/3, removal effect 1 - (1/3)/(2/3) = 1/2.
-- Without B: nothing converts, P = 0, removal effect 1.
-- Credits of the 2 conversions: A 2 (1/2)/(3/2) = 2/3, B 2 (1)/(3/2) = 4/3.
CREATE TABLE mk (j journey);
INSERT INTO mk VALUES
	('[["2025-01-01T00:00:00Z", "A"], ["2025-01-01T01:00:00Z", "B"], ["2025-01-01T02:00:00Z", "conv"]]'),
	('[["2025-01-01T00:00:00Z", "A"]]'),
	('[["2025-01-01T00:00:00Z", "B"], ["2025-01-01T02:00:00Z", "conv"]]'),
	(NULL);
SELECT channel, round(removal_effect::numeric, 12) AS removal_effect, round(credit::numeric, 12) AS credit
FROM markov_attribution('SELECT j FROM attr.mk', 'conv');
-- repeats are collapsed: A A B > conv is A B > conv (same answer)
SELECT channel, round(removal_effect::numeric, 12) AS removal_effect, round(credit::numeric, 12) AS credit
FROM markov_attribution($$SELECT j FROM attr.mk WHERE j IS DISTINCT FROM '[["2025-01-01T00:00:00Z", "A"], ["2025-01-01T01:00:00Z", "B"], ["2025-01-01T02:00:00Z", "conv"]]'
	UNION ALL SELECT '[["2025-01-01T00:00:00Z", "A"], ["2025-01-01T00:30:00Z", "A"], ["2025-01-01T01:00:00Z", "B"], ["2025-01-01T02:00:00Z", "conv"]]'$$, 'conv');
-- a loop, by hand: A > B > A > conv and B (no conversion).
-- Collapsed transitions: START->A 1, START->B 1; A->B 1, A->CONV 1;
-- B->A 1, B->NULL 1.  So A: 1/2 to B, 1/2 to CONV; B: 1/2 to A, 1/2 NULL.
-- x_A = 1/2 + 1/2 x_B, x_B = 1/2 x_A  =>  x_A = 2/3, x_B = 1/3;
-- P = 1/2 (2/3) + 1/2 (1/3) = 1/2.  Without A: nothing converts, effect 1.
-- Without B: x_A = 1/2, P = 1/2 (1/2) = 1/4, effect 1/2.
-- Credits of 1 conversion: A 1/(3/2) = 2/3, B 1/2/(3/2) = 1/3.
SELECT channel, round(removal_effect::numeric, 12) AS removal_effect, round(credit::numeric, 12) AS credit
FROM markov_attribution($$VALUES ('[["2025-01-01T00:00:00Z", "A"], ["2025-01-01T01:00:00Z", "B"], ["2025-01-01T02:00:00Z", "A"], ["2025-01-01T03:00:00Z", "conv"]]'::journey),
	('[["2025-01-01T00:00:00Z", "B"]]')$$, 'conv');
-- no conversions at all: zero effects and credits; no journeys: no rows
SELECT * FROM markov_attribution($$SELECT '[["2025-01-01T00:00:00Z", "A"]]'::journey$$, 'conv');
SELECT count(*) FROM markov_attribution('SELECT j FROM attr.mk WHERE false', 'conv');
SELECT count(*) FROM shapley_attribution('SELECT j FROM attr.mk WHERE false', 'conv');
SELECT count(*) FROM shapley_attribution('SELECT j FROM attr.mk', 'never');

-- Shapley, worked by hand.  Converting journeys: {A, B} and {B} (the
-- non-converting {A} does not count).  v(A) = 0, v(B) = 1, v(AB) = 2.
-- phi_A = 1/2 (v(A) - 0) + 1/2 (v(AB) - v(B)) = 1/2
-- phi_B = 1/2 (v(B) - 0) + 1/2 (v(AB) - v(A)) = 3/2; they sum to 2.
SELECT channel, round(credit::numeric, 12) AS credit FROM shapley_attribution('SELECT j FROM attr.mk', 'conv');
-- three channels, by hand: converting journeys {A} x2, {A,B}, {B,C}, {C}.
-- v: A 2, B 0, C 1, AB 3, AC 3, BC 2, ABC 5.
-- phi_A = 1/3 (2) + 1/6 (3 - 0) + 1/6 (3 - 1) + 1/3 (5 - 2) = 2/3 + 1/2 + 1/3 + 1 = 5/2
-- phi_B = 1/3 (0) + 1/6 (3 - 2) + 1/6 (2 - 1) + 1/3 (5 - 3) = 0 + 1/6 + 1/6 + 2/3 = 1
-- phi_C = 1/3 (1) + 1/6 (3 - 2) + 1/6 (2 - 0) + 1/3 (5 - 3) = 1/3 + 1/6 + 1/3 + 2/3 = 3/2
SELECT channel, round(credit::numeric, 12) AS credit FROM shapley_attribution($$
	SELECT journey_agg(ts, label) FROM (VALUES
		(1, 'A'), (1, 'c'), (2, 'A'), (2, 'c'), (3, 'A'), (3, 'B'), (3, 'c'),
		(4, 'B'), (4, 'C'), (4, 'c'), (5, 'C'), (5, 'c'), (6, 'B')) AS v(id, label),
		LATERAL (SELECT '2025-01-01'::timestamptz + CASE WHEN label = 'c' THEN interval '1 day' ELSE interval '0' END AS ts) t
	GROUP BY id$$, 'c');
-- the limit: 21 channels in converting journeys
SELECT * FROM shapley_attribution($$SELECT journey_agg(ts, label) FROM
	(SELECT g AS id, '2025-01-01'::timestamptz AS ts, 'ch' || g AS label FROM generate_series(1, 21) g
	 UNION ALL SELECT g, '2025-01-02', 'conv' FROM generate_series(1, 21) g) s GROUP BY id$$, 'conv');
SELECT * FROM markov_attribution($$SELECT journey_agg(ts, label) FROM
	(SELECT g AS id, '2025-01-01'::timestamptz AS ts, 'ch' || g AS label FROM generate_series(1, 1001) g) s GROUP BY id$$, 'conv');
SELECT * FROM markov_attribution('SELECT 1', 'conv');
-- the first column is checked before any row: also when there is none
SELECT * FROM markov_attribution('SELECT 1 WHERE false', 'conv');
SELECT * FROM shapley_attribution('SELECT ''x''::text WHERE false', 'conv');

-- the sample data: journeys of channels, a purchase as the conversion
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = attr, journey_sample, public;
CREATE TABLE cj AS
SELECT user_id, journey_agg(ts, CASE WHEN event = 'purchase' THEN 'purchase' ELSE channel END) AS j
FROM events WHERE event IN ('visit', 'purchase') GROUP BY user_id;
-- every rule-based model but participation gives each converting journey
-- a total credit of 1
SELECT m AS model, count(DISTINCT user_id) AS journeys, round(sum(credit)::numeric, 9) AS total_credit
FROM cj, unnest(ARRAY['first', 'last', 'last_non_direct', 'linear', 'position', 'time_decay', 'participation']) m,
     attribution(j, 'purchase', m) a
GROUP BY m ORDER BY m;
SELECT count(*) AS converting_journeys FROM cj WHERE 'purchase' = ANY (journey_labels(j));
-- participation: each channel once per converting journey it appears in
-- before the purchase, checked against journey_events
SELECT count(*) AS differences FROM (
	SELECT channel, sum(credit)::bigint AS n FROM cj, attribution(j, 'purchase', 'participation') a GROUP BY 1
	EXCEPT
	SELECT e.label, count(DISTINCT user_id) FROM cj, journey_events(j) e
	WHERE e.label <> 'purchase'
	  AND e.ts <= (SELECT min(x.ts) FROM journey_events(j) x WHERE x.label = 'purchase')
	GROUP BY 1) d;
-- channel credit, summed across customers (last touch)
SELECT channel, round(sum(credit)::numeric, 6) AS purchases
FROM cj, attribution(j, 'purchase', 'last') a GROUP BY 1 ORDER BY 2 DESC, 1;
-- Markov and Shapley: credits add up to the conversions
SELECT channel, round(removal_effect::numeric, 6) AS removal_effect, round(credit::numeric, 6) AS credit
FROM markov_attribution('SELECT j FROM attr.cj', 'purchase');
SELECT round(sum(credit)::numeric, 9) AS markov_total FROM markov_attribution('SELECT j FROM attr.cj', 'purchase');
SELECT channel, round(credit::numeric, 6) AS credit FROM shapley_attribution('SELECT j FROM attr.cj', 'purchase');
SELECT round(sum(credit)::numeric, 9) AS shapley_total FROM shapley_attribution('SELECT j FROM attr.cj', 'purchase');

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA attr CASCADE;
DROP SCHEMA journey_sample CASCADE;
