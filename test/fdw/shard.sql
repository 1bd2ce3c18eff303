/*
 * test/fdw/shard.sql -- one shard of test/fdw.sh: the same extension as
 * the coordinator and plain tables that hold this shard's actors
 */
\set ON_ERROR_STOP on
CREATE EXTENSION journey;
CREATE TABLE events (user_id bigint, ts timestamptz, tsl timestamp, tsn bigint, event text,
	channel text, revenue numeric(10, 2), props jsonb);
CREATE TABLE journeys (user_id bigint, j journey, cj journey);
-- per-shard results of aggregates that postgres_fdw keeps on the
-- coordinator (docs/scale-out.md): computed here by a view, read by the
-- coordinator through foreign tables
CREATE VIEW actor_sequences AS
SELECT user_id,
	sequence_match('(?1).*(?2)(?3)', ts, event = 'visit', event = 'product_view', event = 'purchase') AS matched,
	sequence_count('(?1).*(?2)(?3)', ts, event = 'visit', event = 'product_view', event = 'purchase') AS n
FROM events GROUP BY user_id;
CREATE VIEW shard_attribution AS SELECT attribution_agg(cj, 'purchase') AS s FROM journeys;
