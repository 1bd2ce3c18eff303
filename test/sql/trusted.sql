-- A database owner who is not a superuser can create the extension (the
-- control file says trusted = true: every script only creates C functions,
-- types, operators, aggregates and casts, with no SQL that resolves names
-- at run time) and use every kind of object in it; it then belongs to
-- that owner, who can also drop it.
\set regression_db :DBNAME
SET client_min_messages = warning;
DROP DATABASE IF EXISTS journey_trusted;
DROP ROLE IF EXISTS regress_journey_owner;
DROP ROLE IF EXISTS regress_journey_reader;
RESET client_min_messages;
CREATE ROLE regress_journey_owner LOGIN;
CREATE ROLE regress_journey_reader LOGIN;
CREATE DATABASE journey_trusted OWNER regress_journey_owner;
\c journey_trusted regress_journey_owner
SELECT rolsuper FROM pg_roles WHERE rolname = current_user;
CREATE EXTENSION journey;
SELECT extname, extversion, pg_get_userbyid(extowner) AS owner FROM pg_extension WHERE extname = 'journey';
CREATE TABLE ev (u int, ts timestamptz, e text);
INSERT INTO ev SELECT u, timestamptz '2025-01-01 00:00+00' + k * interval '1 hour', (ARRAY['visit', 'view', 'buy'])[k]
FROM generate_series(1, 3) u, generate_series(1, u) k;
-- an aggregate, a type and its accessors, a map, a report and a statistic
SELECT u, window_funnel('1 day', ts, e = 'visit', e = 'view', e = 'buy') AS level,
       journey_path(journey_agg(ts, e)) AS path,
       furthest_stage('{"stages": [{"name": "in", "events": ["visit"]}, {"name": "out", "events": ["buy"]}]}', ts, e)::text AS stage
FROM ev GROUP BY u ORDER BY u;
SELECT step, actors FROM funnel_report((SELECT funnel_counts(l, 3) FROM (SELECT window_funnel('1 day', ts, e = 'visit', e = 'view', e = 'buy') l FROM ev GROUP BY u) s));
SELECT round(low::numeric, 4) AS low FROM wilson_ci(1, 3);
-- the summary types: built, stored in the owner's table, read back, reported
-- (3 users, all active on 2025-01-01 only: 3 active user-days; 6 events)
CREATE TABLE sums AS SELECT (SELECT activity_agg(u, ts) FROM ev) AS a, (SELECT rfm_agg(ts, 1.0::float8) FROM ev) AS r,
       path_agg(j, 2) AS p, attribution_agg(j, 'buy') AS c
FROM (SELECT journey_agg(ts, e) AS j FROM ev GROUP BY u) js;
SELECT (SELECT sum(active) FROM lifecycle((SELECT a FROM sums), 'day')) AS active_days,
       (SELECT rfm_frequency(r) FROM sums) AS orders,
       (SELECT sum(actors) FROM top_paths((SELECT p FROM sums))) AS journeys,
       (SELECT round(sum(credit)::numeric, 6) FROM markov_attribution((SELECT c FROM sums))) AS conversions,
       (SELECT a::text::activity_summary::text = a::text FROM sums) AS text_round_trip;
-- another role without rights on the owner's table still cannot read it
GRANT USAGE ON SCHEMA public TO regress_journey_reader;
\c journey_trusted regress_journey_reader
SELECT count(*) FROM ev;
SELECT journey_path('[["2025-01-01T00:00:00Z","a"]]'::journey) AS reader_uses_functions;
\c journey_trusted regress_journey_owner
DROP TABLE sums;
DROP EXTENSION journey;
\c :regression_db postgres
DROP DATABASE journey_trusted;
DROP ROLE regress_journey_owner;
DROP ROLE regress_journey_reader;
