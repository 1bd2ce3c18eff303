/*
 * test/data/sample_events.sql -- deterministic sample events
 *
 * Creates journey_sample.events(user_id, ts, event, channel, revenue), in
 * its own schema journey_sample: users who visit over 90 days (from
 * 2025-01-01 UTC) in sessions, each session a visit, then maybe product
 * views, an add_to_cart and a purchase, with drop-off that depends on the
 * user's intent and the session's channel.  Rows are stored in time order,
 * like an append-only event log.  Deterministic: setseed, then every
 * random() is drawn in a fixed scan order.
 *
 *   psql -c 'CREATE EXTENSION journey' -f test/data/sample_events.sql
 *        -v users=N      N users instead of 20000 (about 10 events a user)
 *        -v replace=1    drop and reload journey_sample.events if it exists
 *
 * It never touches a table outside the schema journey_sample: when
 * journey_sample.events exists it stops with an error unless replace is
 * set, and it says what it created.  Query the data as events with
 *   SET search_path = journey_sample, public;
 * and remove it with DROP SCHEMA journey_sample CASCADE.
 */
\if :{?users}
\else
\set users 20000
\endif
\if :{?replace}
\else
\set replace false
\endif

-- the caller's settings, restored at the end
\set jy_saved_quiet :QUIET
\set QUIET on
SELECT current_setting('client_min_messages') AS jy_saved_cmm,
	   current_setting('max_parallel_workers_per_gather') AS jy_saved_mpwpg \gset
SET client_min_messages = warning;

CREATE SCHEMA IF NOT EXISTS journey_sample;
SELECT to_regclass('journey_sample.events') IS NOT NULL AS jy_sample_exists \gset
\set jy_sample_did created
\if :jy_sample_exists
\if :replace
-- replacing: only ever this one table of the schema journey_sample
DROP TABLE journey_sample.events;
SELECT to_regclass('journey_sample.events') IS NOT NULL AS jy_sample_exists \gset
\set jy_sample_did replaced
\endif
\endif
\if :jy_sample_exists
-- it exists (and replace is not set, or it could not be dropped): refuse
SET client_min_messages = :'jy_saved_cmm';
\set jy_saved_context :SHOW_CONTEXT
\set SHOW_CONTEXT never
\if :replace
DO $$
BEGIN
	RAISE EXCEPTION 'journey_sample.events already exists'
		USING ERRCODE = 'duplicate_table',
			  DETAIL = 'The sample loader could not drop it to replace it (see the error above), and loaded nothing.';
END
$$;
\else
DO $$
BEGIN
	RAISE EXCEPTION 'journey_sample.events already exists'
		USING ERRCODE = 'duplicate_table',
			  DETAIL = 'The sample loader loads nothing and drops nothing when its table exists.',
			  HINT = 'Run it with -v replace=1 (in psql: \set replace 1) to replace journey_sample.events, or DROP SCHEMA journey_sample CASCADE first.';
END
$$;
\endif
\set SHOW_CONTEXT :jy_saved_context
\set QUIET :jy_saved_quiet
\unset jy_saved_context
\unset jy_saved_quiet
\unset jy_saved_cmm
\unset jy_saved_mpwpg
\unset jy_sample_exists
\unset jy_sample_did
\quit
\endif

SET max_parallel_workers_per_gather = 0;
SELECT setseed(0.4242) AS jy_seed \gset

CREATE TABLE journey_sample.events (
	user_id bigint NOT NULL,
	ts timestamptz NOT NULL,
	event text NOT NULL,
	channel text NOT NULL,
	revenue numeric(10, 2)
);

DROP TABLE IF EXISTS pg_temp.journey_sample_users, pg_temp.journey_sample_sessions;
CREATE TEMP TABLE journey_sample_users AS
SELECT u AS user_id,
	   random() AS r_channel,
	   random() AS r_start,
	   random() AS r_sessions,
	   random() AS r_intent
FROM generate_series(1, :users) u;

CREATE TEMP TABLE journey_sample_sessions AS
SELECT u.user_id, s.n AS session_no,
	   u.r_channel AS r_acq, u.r_start, u.r_intent,
	   random() AS r_gap, random() AS r_hour, random() AS r_channel,
	   random() AS r_view, random() AS r_nviews, random() AS r_cart,
	   random() AS r_buy, random() AS r_amount
FROM pg_temp.journey_sample_users u,
	 LATERAL generate_series(1, 1 + least(29, floor(-ln(1 - u.r_sessions) * 4.2)::int)) s(n);

INSERT INTO journey_sample.events
WITH s AS (
	SELECT *,
		   -- acquisition channel of the user
		   CASE WHEN r_acq < 0.28 THEN 'search'
				WHEN r_acq < 0.50 THEN 'social'
				WHEN r_acq < 0.65 THEN 'email'
				WHEN r_acq < 0.85 THEN 'direct'
				ELSE 'referral' END AS acq,
		   -- day of the session: a start day, then gaps of about 8 days
		   floor(r_start * 75)::int
		   + sum(CASE WHEN session_no = 1 THEN 0
					  ELSE ceil(-ln(1 - r_gap) * 8)::int END)
			 OVER (PARTITION BY user_id ORDER BY session_no) AS day
	FROM pg_temp.journey_sample_sessions
), c AS (
	SELECT *,
		   CASE WHEN session_no = 1 OR r_channel < 0.5 THEN acq
				WHEN r_channel < 0.8 THEN 'direct'
				ELSE 'email' END AS ch
	FROM s
	WHERE day < 90
), f AS (
	SELECT *,
		   CASE ch WHEN 'email' THEN 1.35 WHEN 'search' THEN 1.2
				   WHEN 'referral' THEN 1.1 WHEN 'direct' THEN 1.0
				   ELSE 0.6 END AS k,
		   timestamptz '2025-01-01 00:00:00+00'
		   + day * interval '1 day'
		   + (7 * 60 + floor(r_hour * 16 * 60)) * interval '1 minute'
		   + floor(r_amount * 60) * interval '1 second' AS t0,
		   1 + least(7, floor(-ln(1 - r_nviews) * 1.6)::int) AS nviews
	FROM c
), g AS (
	SELECT *,
		   r_view < least(0.95, (0.45 + 0.4 * r_intent) * k) AS viewed,
		   r_view < least(0.95, (0.45 + 0.4 * r_intent) * k)
		   AND r_cart < least(0.9, (0.06 + 0.25 * r_intent) * k) AS carted,
		   r_view < least(0.95, (0.45 + 0.4 * r_intent) * k)
		   AND r_cart < least(0.9, (0.06 + 0.25 * r_intent) * k)
		   AND r_buy < least(0.9, (0.25 + 0.35 * r_intent) * k) AS bought
	FROM f
)
SELECT user_id, t0, 'visit', ch, NULL::numeric FROM g
UNION ALL
SELECT user_id, t0 + v * interval '2 minutes', 'product_view', ch, NULL
FROM g, LATERAL generate_series(1, nviews) v WHERE viewed
UNION ALL
SELECT user_id, t0 + (nviews * 2 + 3) * interval '1 minute', 'add_to_cart', ch, NULL
FROM g WHERE carted
UNION ALL
SELECT user_id, t0 + (nviews * 2 + 9) * interval '1 minute', 'purchase', ch,
	   round((15 + exp(r_amount * 3.5) * 4)::numeric, 2)
FROM g WHERE bought
-- stored in time order, like an append-only event log
ORDER BY 2, 1, 3;

DROP TABLE pg_temp.journey_sample_sessions;
DROP TABLE pg_temp.journey_sample_users;
ANALYZE journey_sample.events;
SET max_parallel_workers_per_gather = :'jy_saved_mpwpg';
SET client_min_messages = :'jy_saved_cmm';
\set QUIET :jy_saved_quiet

SELECT count(*) AS jy_n_events, count(DISTINCT user_id) AS jy_n_users FROM journey_sample.events \gset
\echo journey sample data: :jy_sample_did journey_sample.events, :jy_n_events events of :jy_n_users users (query it as events after SET search_path = journey_sample, public)
\unset jy_saved_cmm
\unset jy_saved_mpwpg
\unset jy_sample_exists
\unset jy_sample_did
\unset jy_n_events
\unset jy_n_users
\unset jy_saved_quiet
\unset jy_seed
