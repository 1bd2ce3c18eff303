-- test/bench/accessors.sql -- the queries test/bench/accessors.sh times.
-- Each is preceded by a line "-- name"; every query reads each stored
-- journey once and sums something, so nothing can be skipped.

-- floor
SELECT sum(pg_column_size(j)) FROM stored;

-- length
SELECT sum(length(j)) FROM stored;

-- first_ts
SELECT max(journey_first_ts(j)) FROM stored;

-- last_ts
SELECT max(journey_last_ts(j)) FROM stored;

-- duration
SELECT max(journey_duration(j)) FROM stored;

-- labels
SELECT sum(cardinality(journey_labels(j))) FROM stored;

-- path
SELECT sum(length(journey_path(j))) FROM stored;

-- events
SELECT count(*) FROM stored, journey_events(j);

-- funnel
SELECT sum(window_funnel(j, '7 days', ARRAY['l0', 'l1', 'l2', 'l3'])) FROM stored;
