-- The shipped sample data: window_funnel over every user equals the exact
-- plain-SQL formulation of the same funnel (the one the benchmark times),
-- and funnel_counts equals counting levels by hand.  The loader writes only
-- into its own schema journey_sample: a user's own public.events survives
-- it, and it refuses to load over journey_sample.events unless asked to
-- replace it.
CREATE SCHEMA sample_data;
CREATE TABLE public.events (user_id bigint, note text);
INSERT INTO public.events VALUES (1, 'my own table');
\set ECHO none
\set users 3000
\i test/data/sample_events.sql
\set ECHO all
SELECT * FROM public.events;
SET search_path = sample_data, journey_sample, public;

SELECT count(*) > 20000 AS enough_events, count(DISTINCT user_id) AS users FROM events;

CREATE TABLE levels AS
SELECT user_id, window_funnel('7 days', ts, event = 'visit', event = 'product_view', event = 'add_to_cart', event = 'purchase') AS level
FROM events GROUP BY user_id;

-- the exact plain-SQL funnel (a view, also timed by the benchmark)
\i test/data/plain_funnel.sql
CREATE TABLE levels_sql AS SELECT * FROM plain_funnel_levels;

SELECT count(*) AS users, count(*) FILTER (WHERE l.level <> s.level) AS mismatches
FROM levels l JOIN levels_sql s USING (user_id);
SELECT level, count(*) FROM levels GROUP BY level ORDER BY level;

-- funnel_counts against counting by hand
SELECT funnel_counts(level, 4) = ARRAY[count(*) FILTER (WHERE level >= 1), count(*) FILTER (WHERE level >= 2),
                                       count(*) FILTER (WHERE level >= 3), count(*) FILTER (WHERE level >= 4)] AS counts_match
FROM levels;
-- retention against bool_or by hand
SELECT count(*) FILTER (WHERE r <> ARRAY[(v)::int, (v AND p)::int, (v AND b)::int]) AS retention_mismatches
FROM (SELECT user_id, retention(event = 'visit', event = 'product_view', event = 'purchase') r,
             bool_or(event = 'visit') v, bool_or(event = 'product_view') p, bool_or(event = 'purchase') b
      FROM events GROUP BY user_id) s;

-- loading again refuses: journey_sample.events keeps its rows
SELECT count(*) AS events_before FROM journey_sample.events \gset
\set ECHO none
\i test/data/sample_events.sql
\set ECHO all
SELECT count(*) = :events_before AS unchanged, count(DISTINCT user_id) AS users FROM journey_sample.events;
-- a DROP TABLE that fails while replacing (a view depends on the table)
-- also refuses, and loads nothing
CREATE VIEW sample_data.purchases AS SELECT * FROM journey_sample.events WHERE event = 'purchase';
\set ECHO none
\set replace 1
\i test/data/sample_events.sql
\set ECHO all
SELECT count(*) = :events_before AS unchanged, count(DISTINCT user_id) AS users FROM journey_sample.events;
DROP VIEW sample_data.purchases, sample_data.plain_funnel_levels;
-- replace=1 replaces journey_sample.events, and only it
\set ECHO none
\set users 100
\i test/data/sample_events.sql
\unset replace
\set ECHO all
SELECT count(DISTINCT user_id) AS users FROM journey_sample.events;
SELECT * FROM public.events;
SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'journey_sample' ORDER BY 2;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA sample_data CASCADE;
DROP SCHEMA journey_sample CASCADE;
DROP TABLE public.events;
