-- sessionize (window function) and journey_sessions agree; worked by hand.
CREATE SCHEMA sessions;
SET search_path = sessions, public;
SET TIME ZONE 'UTC';

CREATE TABLE ev (u int, ts timestamptz, e text);
INSERT INTO ev VALUES
  (1, '2025-03-01 10:00+00', 'visit'), (1, '2025-03-01 10:20+00', 'view'), (1, '2025-03-01 10:50+00', 'view'),
  (1, '2025-03-01 11:21+00', 'cart'), (1, NULL, 'x'), (1, '2025-03-02 09:00+00', 'visit'),
  (2, '2025-03-01 10:00+00', 'visit');
-- gaps of 20 and 30 minutes stay in session 1; 31 minutes starts session 2;
-- the next day is session 3; a NULL timestamp gets NULL
SELECT u, ts, e, sessionize(ts) OVER (PARTITION BY u ORDER BY ts) FROM ev ORDER BY u, ts;
SELECT u, ts, sessionize(ts, '1 hour') OVER (PARTITION BY u ORDER BY ts) FROM ev WHERE ts IS NOT NULL ORDER BY u, ts;
-- the same sessions from a stored journey
SELECT s.* FROM (SELECT journey_agg(ts, e) j FROM ev WHERE u = 1) x, journey_sessions(x.j) s;
-- sessionize agrees with journey_sessions on the sample data (touches per session)
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = sessions, journey_sample, public;
SELECT count(*) AS sessions,
       count(*) FILTER (WHERE a.touches IS DISTINCT FROM b.touches) AS mismatches
FROM (SELECT user_id, s AS session, count(*) AS touches
      FROM (SELECT user_id, sessionize(ts) OVER (PARTITION BY user_id ORDER BY ts) s FROM events) x
      GROUP BY 1, 2) a
FULL JOIN (SELECT user_id, s.session, s.touches
           FROM (SELECT user_id, journey_agg(ts, event) j FROM events GROUP BY user_id) y, journey_sessions(y.j) s) b
USING (user_id, session);
-- errors
SELECT sessionize(ts, '0 seconds') OVER (ORDER BY ts) FROM ev;
SELECT sessionize(ts, NULL) OVER (ORDER BY ts) FROM ev;

RESET TIME ZONE;
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA sessions CASCADE;
DROP SCHEMA journey_sample CASCADE;
