/*
 * test/fdw/coordinator.sql -- the coordinator of test/fdw.sh (the recipe
 * of docs/scale-out.md)
 *
 *   psql -v s0=SOCKETDIR0 -v s1=SOCKETDIR1 -v db=DBNAME -f test/fdw/coordinator.sql
 *
 * after the sample data (journey_sample.events) is loaded here and
 * test/fdw/shard.sql ran on both shards.  Creates:
 *   shard0, shard1   postgres_fdw servers (extensions 'journey', async_capable)
 *   shard0_plain     shard0 again, without extensions 'journey'
 *   events           PARTITION BY HASH (user_id): two foreign partitions,
 *                    events_s0 on shard0 and events_s1 on shard1
 *   events_s0_plain  shard 0's events through shard0_plain
 *   journeys         each actor's journeys of events (j) and of channels
 *                    (cj, the purchase kept as a touch), partitioned alike
 *   actor_sequences, attribution_s0, attribution_s1  over the shards' views
 *   extension_s0, extension_s1  the shards' pg_extension
 *   events_local, journeys_local  the same rows on the coordinator alone:
 *                    the single-node answer every sharded one must equal
 * Time columns: ts timestamptz, tsl the same instant as a UTC timestamp,
 * tsn as bigint milliseconds; props is {"channel": channel}.
 */
\set ON_ERROR_STOP on
CREATE EXTENSION postgres_fdw;
CREATE SERVER shard0 FOREIGN DATA WRAPPER postgres_fdw
	OPTIONS (host :'s0', port '5432', dbname :'db', extensions 'journey', async_capable 'true', batch_size '1000');
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
	OPTIONS (host :'s1', port '5432', dbname :'db', extensions 'journey', async_capable 'true', batch_size '1000');
-- shard 0 once more, without extensions 'journey': nothing of journey is shipped
CREATE SERVER shard0_plain FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host :'s0', port '5432', dbname :'db');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard0_plain OPTIONS (user 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard0 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user 'postgres');

CREATE TABLE events (user_id bigint, ts timestamptz, tsl timestamp, tsn bigint, event text,
	channel text, revenue numeric(10, 2), props jsonb) PARTITION BY HASH (user_id);
CREATE FOREIGN TABLE events_s0 PARTITION OF events FOR VALUES WITH (MODULUS 2, REMAINDER 0)
	SERVER shard0 OPTIONS (table_name 'events');
CREATE FOREIGN TABLE events_s1 PARTITION OF events FOR VALUES WITH (MODULUS 2, REMAINDER 1)
	SERVER shard1 OPTIONS (table_name 'events');
CREATE FOREIGN TABLE events_s0_plain (user_id bigint, ts timestamptz, tsl timestamp, tsn bigint, event text,
	channel text, revenue numeric(10, 2), props jsonb) SERVER shard0_plain OPTIONS (table_name 'events');
CREATE TABLE journeys (user_id bigint, j journey, cj journey) PARTITION BY HASH (user_id);
CREATE FOREIGN TABLE journeys_s0 PARTITION OF journeys FOR VALUES WITH (MODULUS 2, REMAINDER 0)
	SERVER shard0 OPTIONS (table_name 'journeys');
CREATE FOREIGN TABLE journeys_s1 PARTITION OF journeys FOR VALUES WITH (MODULUS 2, REMAINDER 1)
	SERVER shard1 OPTIONS (table_name 'journeys');
-- the shards' views (test/fdw/shard.sql): per-actor sequences, partitioned
-- like events, and each shard's attribution summary
CREATE TABLE actor_sequences (user_id bigint, matched bool, n bigint) PARTITION BY HASH (user_id);
CREATE FOREIGN TABLE actor_sequences_s0 PARTITION OF actor_sequences FOR VALUES WITH (MODULUS 2, REMAINDER 0)
	SERVER shard0 OPTIONS (table_name 'actor_sequences');
CREATE FOREIGN TABLE actor_sequences_s1 PARTITION OF actor_sequences FOR VALUES WITH (MODULUS 2, REMAINDER 1)
	SERVER shard1 OPTIONS (table_name 'actor_sequences');
CREATE FOREIGN TABLE attribution_s0 (s attribution_summary) SERVER shard0 OPTIONS (table_name 'shard_attribution');
CREATE FOREIGN TABLE attribution_s1 (s attribution_summary) SERVER shard1 OPTIONS (table_name 'shard_attribution');
-- what every node runs: the same version of journey (docs/scale-out.md)
CREATE FOREIGN TABLE extension_s0 (extname name, extversion text) SERVER shard0
	OPTIONS (schema_name 'pg_catalog', table_name 'pg_extension');
CREATE FOREIGN TABLE extension_s1 (extname name, extversion text) SERVER shard1
	OPTIONS (schema_name 'pg_catalog', table_name 'pg_extension');

CREATE TABLE events_local AS
SELECT user_id, ts, ts AT TIME ZONE 'UTC' AS tsl, (extract(epoch FROM ts) * 1000)::bigint AS tsn,
	event, channel, revenue, jsonb_build_object('channel', channel) AS props
FROM journey_sample.events;
CREATE TABLE journeys_local AS
SELECT user_id, journey_agg(ts, event) AS j,
	journey_agg(ts, CASE WHEN event = 'purchase' THEN 'purchase' ELSE channel END) AS cj
FROM events_local GROUP BY user_id;
-- rows go to their shard through the partitioned tables (batched inserts)
INSERT INTO events SELECT * FROM events_local;
INSERT INTO journeys SELECT * FROM journeys_local;
ANALYZE events_local, journeys_local, events, journeys;
