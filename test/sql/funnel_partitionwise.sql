-- The funnel over a table hash-partitioned by actor (4 partitions) with
-- enable_partitionwise_aggregate: the per-user form groups partition by
-- partition; the one-pass form without GROUP BY (or grouped by a column
-- that is not the partition key) becomes a partial state per partition,
-- combined above the Append; one state per partition summed is exact
-- because the partitions split the actors.  Every result is a boolean
-- against the same query over the unpartitioned table; plan shapes are
-- booleans over EXPLAIN (COSTS OFF).
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
CREATE SCHEMA funnel_partitionwise;
SET search_path = funnel_partitionwise, journey_sample, public;
CREATE TABLE ev_part (LIKE journey_sample.events) PARTITION BY HASH (user_id);
CREATE TABLE ev_part_0 PARTITION OF ev_part FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE ev_part_1 PARTITION OF ev_part FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE ev_part_2 PARTITION OF ev_part FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE ev_part_3 PARTITION OF ev_part FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO ev_part SELECT * FROM journey_sample.events;
ANALYZE ev_part;
-- every partition holds users, and no user is in two partitions
SELECT count(*) AS partitions, min(n) > 0 AS all_used
FROM (SELECT tableoid, count(DISTINCT user_id) n FROM ev_part GROUP BY tableoid) s;
SELECT count(*) = count(DISTINCT user_id) AS actors_split
FROM (SELECT DISTINCT tableoid, user_id FROM ev_part) s;

-- how often a plan has a pattern
CREATE FUNCTION plan_count(q text, pattern text) RETURNS int LANGUAGE plpgsql AS $$
DECLARE l text; t text := '';
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP t := t || l || E'\n'; END LOOP;
  RETURN (SELECT count(*) FROM regexp_matches(t, pattern, 'g'));
END $$;

-- the queries, over a table named by %I; the map has a gap, an exclusion
-- and a where filter on the channel
CREATE TABLE q (name text, sql text);
INSERT INTO q VALUES
  ('per_user', $$SELECT funnel_counts(l, 4) FROM (SELECT user_id, window_funnel(interval '7 days', ts, event,
      ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) l FROM %I GROUP BY user_id) s$$),
  ('per_user_map', $$SELECT funnel_counts(coalesce(s::int, 0), 3) FROM (SELECT user_id, furthest_stage('{"window": "10 days", "exclude": ["add_to_cart"],
      "stages": [{"name": "v", "events": ["visit"], "where": {"channel": ["email", "search", "direct"]}},
      {"name": "p", "events": ["product_view"], "within": "3 hours"}, {"name": "b", "events": ["purchase"]}]}',
      ts, event, jsonb_build_object('channel', channel)) s FROM %I GROUP BY user_id) x$$),
  ('onepass', $$SELECT funnel_counts(user_id, interval '7 days', ts, event,
      ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM %I$$),
  ('onepass_conditions', $$SELECT funnel_counts(user_id::text, interval '7 days', 'strict_order', ts, event = 'visit',
      event = 'product_view', event = 'add_to_cart') FROM %I$$),
  ('onepass_map', $$SELECT funnel_counts(user_id, '{"window": "10 days", "exclude": ["add_to_cart"],
      "stages": [{"name": "v", "events": ["visit"], "where": {"channel": ["email", "search", "direct"]}},
      {"name": "p", "events": ["product_view"], "within": "3 hours"}, {"name": "b", "events": ["purchase"]}]}',
      ts, event, jsonb_build_object('channel', channel)) FROM %I$$),
  ('onepass_by_channel', $$SELECT array_agg(channel || '=' || c::text ORDER BY channel) FROM (SELECT channel,
      funnel_counts(user_id, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) c
      FROM %I GROUP BY channel) s$$),
  ('onepass_summed', $$SELECT funnel_counts(c) FROM (SELECT tableoid, funnel_counts(user_id, interval '7 days', ts, event,
      ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) c FROM %I GROUP BY tableoid) s$$);
-- run a query over a table
CREATE FUNCTION run(sql text, tab text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
  EXECUTE format(sql, tab) INTO r;
  RETURN r;
END $$;
-- the answers over the unpartitioned table
CREATE TABLE want AS SELECT name, run(sql, 'events') AS r FROM q;
-- (the per-user, one-pass and summed forms agree, and so do the two map forms)
SELECT (SELECT count(DISTINCT r) FROM want WHERE name IN ('per_user', 'onepass', 'onepass_summed')) = 1 AS funnel_forms_agree,
       (SELECT count(DISTINCT r) FROM want WHERE name IN ('per_user_map', 'onepass_map')) = 1 AS map_forms_agree,
       (SELECT count(DISTINCT r) FROM want) AS answers;

SET enable_partitionwise_aggregate = on;
-- the per-user form groups each partition by user_id; no partial states
SELECT plan_count(format(sql, 'ev_part'), 'Group Key: ev_part\S*\.user_id') AS per_partition_groups,
       plan_count(format(sql, 'ev_part'), 'Partial|Finalize') AS partial_steps
FROM q WHERE name IN ('per_user', 'per_user_map') ORDER BY name;
-- the one-pass form: a partial state per partition, combined (Finalize)
-- above the Append, without GROUP BY and with GROUP BY channel or tableoid
SELECT name, plan_count(format(sql, 'ev_part'), 'Partial (Hash|Group)?Aggregate') AS partial_per_partition,
       plan_count(format(sql, 'ev_part'), 'Finalize') AS finalize
FROM q WHERE name LIKE 'onepass%' ORDER BY name;
-- each equals the unpartitioned answer
SELECT name, run(sql, 'ev_part') = r AS same FROM q JOIN want USING (name) ORDER BY name;

-- without partitionwise aggregation: one state over the Append (one per
-- tableoid for onepass_summed), the same answers
SET enable_partitionwise_aggregate = off;
SELECT plan_count(format(sql, 'ev_part'), 'Partial|Finalize') AS partial_steps FROM q WHERE name = 'onepass';
SELECT name, run(sql, 'ev_part') = r AS same FROM q JOIN want USING (name) ORDER BY name;

-- forced parallel plans with partitionwise aggregation: partitions split
-- between workers (Parallel Append), partial states serialized, the same answers
SET enable_partitionwise_aggregate = on;
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT name, plan_count(format(sql, 'ev_part'), 'Parallel Append') AS parallel_append FROM q
WHERE name IN ('per_user', 'onepass') ORDER BY name;
SELECT name, run(sql, 'ev_part') = r AS same FROM q JOIN want USING (name) ORDER BY name;
\set ECHO none
\i test/data/reset_parallel.sql
\set ECHO all
RESET enable_partitionwise_aggregate;

DROP SCHEMA journey_sample CASCADE;
DROP SCHEMA funnel_partitionwise CASCADE;
