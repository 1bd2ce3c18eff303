-- test/bench/sequence.sql -- the queries test/bench/sequence.sh times.
-- Each is preceded by a line "-- name".  The question: how many users
-- viewed a product and purchased within the following hour?

-- floor
SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s;

-- match
SELECT count(*) FILTER (WHERE m) FROM (
  SELECT user_id, sequence_match('(?1)(?t<=3600)(?2)', ts, event = 'product_view', event = 'purchase') AS m
  FROM events GROUP BY user_id) s;

-- plain_sql
-- for each product_view, the first purchase at or after it (a running min
-- over the user's events in reverse order; at equal timestamps purchases
-- sort first, so they count as "after"), within an hour
SELECT count(DISTINCT user_id) FROM (
  SELECT user_id, event, ts,
         min(ts) FILTER (WHERE event = 'purchase')
           OVER (PARTITION BY user_id ORDER BY ts DESC, (event = 'purchase') DESC ROWS UNBOUNDED PRECEDING) AS next_purchase
  FROM events) s
WHERE event = 'product_view' AND next_purchase <= ts + interval '1 hour';

-- stored
SELECT count(*) FILTER (WHERE sequence_match(j, '(?1)(?t<=3600)(?2)', '{product_view,purchase}')) FROM stored;

-- pathological
SELECT sequence_match(repeat('.*(?1)', 100) || '(?2)', g::bigint, true, false) FROM generate_series(1, 1000000) g;
