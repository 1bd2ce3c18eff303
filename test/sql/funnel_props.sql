-- funnel_props: the value of a property at each step of the chain that
-- funnel_times reports.  Hand-worked cases first, then brute-force checks
-- on random data, the sample data, parallel plans, errors, and the
-- breakdown and hold-a-property-constant recipes of docs/funnels.md.
CREATE SCHEMA funnel_props;
SET search_path = funnel_props, public;

-- steps visit, view, buy; window 5 (bigint timestamps)
CREATE TABLE t (u int, ts bigint, e text, ch text);
INSERT INTO t VALUES
  -- 1: two visits at 1 (b, a): the smaller value wins; buy at 5 has NULL
  (1, 1, 'visit', 'b'), (1, 1, 'visit', 'a'), (1, 3, 'view', 'x'), (1, 5, 'buy', NULL), (1, 4, 'other', 'o'),
  -- 2: the chain reported is the latest one (10, 11), not the first (1)
  (2, 1, 'visit', 'a'), (2, 10, 'visit', 'b'), (2, 11, 'view', 'c'),
  -- 3: no step 1
  (3, 2, 'view', 'v'),
  -- 4: a NULL timestamp is ignored; a NULL value at step 1 only
  (4, NULL, 'visit', 'ignored'), (4, 2, 'visit', NULL), (4, 2, 'visit', NULL),
  -- 5: NULL and a value at the same step: the value wins (NULL last)
  (5, 7, 'visit', NULL), (5, 7, 'visit', 'z'),
  -- 6: only a NULL timestamp
  (6, NULL, 'visit', 'a');

SELECT u, funnel_props(ch, 5, ts, e, ARRAY['visit', 'view', 'buy']) AS props,
       funnel_times(5, ts, e, ARRAY['visit', 'view', 'buy']) AS times
FROM t GROUP BY u ORDER BY u;
-- the conditions form picks the same values
SELECT u, funnel_props(ch, 5, ts, e = 'visit', e = 'view', e = 'buy') AS props
FROM t GROUP BY u ORDER BY u;
-- no rows: NULL; rows but no step 1: '{}'
SELECT funnel_props(ch, 5, ts, e, ARRAY['visit']) IS NULL AS no_rows FROM t WHERE false;
SELECT funnel_props(ch, 5, ts, e, ARRAY['visit']) AS only_view FROM t WHERE u = 3;
-- attribution is one expression
SELECT u, p[1] AS first_touch, p[cardinality(p)] AS last_touch, p[2] AS step_2
FROM (SELECT u, funnel_props(ch, 5, ts, e, ARRAY['visit', 'view', 'buy']) AS p FROM t GROUP BY u) s
ORDER BY u;

-- modes: the chain is the one of the mode (same engine as funnel_times)
CREATE TABLE m (u int, ts bigint, e text, ch text);
INSERT INTO m VALUES (1, 1, 'both', 'p'), (1, 2, 'view', 'q'),
                     (2, 1, 'visit', 'a'), (2, 2, 'other', 'o'), (2, 3, 'view', 'b');
-- default: the row on both steps climbs two levels by itself at 1;
-- strict_once: a row fills one step, so view at 2 is step 2
SELECT u, funnel_props(ch, 5, ts, e IN ('visit', 'both'), e IN ('view', 'both')) AS dflt,
       funnel_props(ch, 5, 'strict_once', ts, e IN ('visit', 'both'), e IN ('view', 'both')) AS once,
       funnel_times(5, 'strict_once', ts, e IN ('visit', 'both'), e IN ('view', 'both')) AS once_times
FROM m GROUP BY u ORDER BY u;
-- strict_order: the row "other" at 2 ends the scan for user 2
SELECT u, funnel_props(ch, 5, ts, e, ARRAY['visit', 'view']) AS dflt,
       funnel_props(ch, 5, 'strict_order', ts, e, ARRAY['visit', 'view']) AS strict_order
FROM m GROUP BY u ORDER BY u;

-- timestamptz and timestamp forms, window as an interval
SELECT funnel_props(ch, interval '5 seconds', '2025-01-01'::timestamptz + ts * interval '1 second', e, ARRAY['visit', 'view', 'buy']) AS tz,
       funnel_props(ch, interval '5 seconds', 'strict_increase', '2025-01-01'::timestamp + ts * interval '1 second', e, ARRAY['visit', 'view', 'buy']) AS ts,
       funnel_props(ch, interval '5 seconds', '2025-01-01'::timestamptz + ts * interval '1 second', e = 'visit', e = 'view', e = 'buy') AS tz_conds,
       funnel_props(ch, interval '5 seconds', '', '2025-01-01'::timestamp + ts * interval '1 second', e = 'visit', e = 'view', e = 'buy') AS ts_conds
FROM t WHERE u = 1;
-- a label listed twice names two steps: a row with that label fills both
SELECT funnel_props(ch, 100, ts, e, ARRAY['visit', 'visit']) FROM t WHERE u = 2;
-- a varchar property is text; other types need a cast
SELECT funnel_props(ch::varchar, 5, ts, e, ARRAY['visit', 'view']) FROM t WHERE u = 1;
SELECT funnel_props(u::text, 5, ts, e, ARRAY['visit', 'view']) FROM t WHERE u = 1;

-- random data: every step's value equals a brute-force lookup of the rows
-- at the chain's timestamp (funnel_times) for that step: min() in byte
-- order ignores NULLs, so it is "smallest value, NULL last"
SELECT setseed(0.25);
CREATE TABLE r AS
SELECT (random() * 300)::int AS u, (random() * 60)::bigint AS ts,
       (ARRAY['a', 'b', 'c', 'd'])[1 + floor(random() * 4)::int] AS e,
       (ARRAY['x', 'y', 'xy', '', NULL])[1 + floor(random() * 5)::int] AS p
FROM generate_series(1, 6000);
CREATE FUNCTION check_random(steps text[]) RETURNS TABLE (mode text, users bigint, completed bigint, mismatches bigint)
LANGUAGE sql AS $$
WITH modes(mode) AS (VALUES (''), ('strict_order'), ('strict_deduplication'), ('strict_increase'),
                            ('strict_once'), ('strict_order,allow_reentry'), ('strict_once,strict_increase')),
     per AS (
  SELECT mode, u,
         funnel_props(p, 10, mode, ts, e, steps) AS props,
         funnel_times(10, mode, ts, e, steps) AS times
  FROM modes, r GROUP BY mode, u)
SELECT mode, count(*), count(*) FILTER (WHERE cardinality(times) = cardinality(steps)),
       count(*) FILTER (WHERE props IS DISTINCT FROM ARRAY(
         SELECT (SELECT min(r.p COLLATE "C") FROM r
                 WHERE r.u = per.u AND r.ts = per.times[k] AND r.e = steps[k])
         FROM generate_subscripts(per.times, 1) k ORDER BY k))
FROM per GROUP BY mode ORDER BY mode
$$;
SELECT * FROM check_random(ARRAY['a', 'b', 'c']);
SELECT * FROM check_random(ARRAY['a', 'b', 'a', 'c']);
-- the conditions form resolves to the same values
SELECT count(*) AS users, count(*) FILTER (WHERE a IS DISTINCT FROM b) AS mismatches FROM (
  SELECT u, funnel_props(p, 10, 'strict_once', ts, e, ARRAY['a', 'b', 'c']) AS a,
            funnel_props(p, 10, 'strict_once', ts, e = 'a', e = 'b', e = 'c') AS b
  FROM r GROUP BY u) s;

-- the sample data: the first-touch channel of every converting user equals
-- a plain-SQL lookup of the channel of the visit at funnel_times' step 1
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = funnel_props, journey_sample, public;
CREATE TABLE sample_chains AS
SELECT user_id,
       funnel_props(channel, '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS p,
       funnel_times('7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS t
FROM events GROUP BY user_id;
SELECT count(*) AS users,
       count(*) FILTER (WHERE p[1] IS DISTINCT FROM (
         SELECT min(e.channel COLLATE "C") FROM events e
         WHERE e.user_id = c.user_id AND e.ts = c.t[1] AND e.event = 'visit')) AS first_touch_mismatches,
       count(*) FILTER (WHERE p[cardinality(p)] IS DISTINCT FROM (
         SELECT min(e.channel COLLATE "C") FROM events e
         WHERE e.user_id = c.user_id AND e.ts = c.t[cardinality(t)]
           AND e.event = (ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])[cardinality(c.t)])) AS last_touch_mismatches
FROM sample_chains c;
-- first-touch breakdown of purchasers: the same counts by hand
SELECT p[1] AS channel, count(*) AS purchasers FROM sample_chains WHERE cardinality(p) = 4 GROUP BY 1 ORDER BY 1;
SELECT e.channel, count(*) AS purchasers
FROM sample_chains c JOIN events e ON e.user_id = c.user_id AND e.ts = c.t[1] AND e.event = 'visit'
WHERE cardinality(c.t) = 4 GROUP BY 1 ORDER BY 1;
DROP SCHEMA journey_sample CASCADE;
SET search_path = funnel_props, public;

-- parallel plans: partial states combined (and serialized) give the serial answer
CREATE TABLE pp AS
SELECT (random() * 2000)::int AS u, (random() * 1000)::bigint AS ts, (random() * 5)::int AS e,
       (ARRAY['x', 'y', 'z', NULL])[1 + floor(random() * 4)::int] AS p
FROM generate_series(1, 60000);
ANALYZE pp;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE serial_user AS
SELECT u, funnel_props(p, 50, ts, e = 1, e = 2, e = 3, e = 4) AS a,
          funnel_props(p, 50, 'strict_once', ts, e::text, ARRAY['1', '2', '3', '4']) AS b
FROM pp GROUP BY u;
CREATE TABLE serial_all AS
SELECT funnel_props(p, 50, ts, e = 1, e = 2, e = 3, e = 4) AS a,
       funnel_props(p, 50, 'strict_order', ts, e::text, ARRAY['1', '2', '3']) AS b
FROM pp;
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT plan_has($$SELECT funnel_props(p, 50, ts, e = 1, e = 2) FROM pp$$, 'Partial Aggregate') AS whole_table_partial;
SELECT plan_has($$SELECT u, funnel_props(p, 50, ts, e = 1, e = 2) FROM pp GROUP BY u$$, 'Partial GroupAggregate') AS grouped_partial;
SELECT count(*) AS differences FROM (
  SELECT funnel_props(p, 50, ts, e = 1, e = 2, e = 3, e = 4) AS a,
         funnel_props(p, 50, 'strict_order', ts, e::text, ARRAY['1', '2', '3']) AS b
  FROM pp
  EXCEPT SELECT * FROM serial_all) d;
SELECT count(*) AS users, count(*) FILTER (WHERE s.a IS DISTINCT FROM q.a OR s.b IS DISTINCT FROM q.b) AS differences
FROM serial_user s FULL JOIN (
  SELECT u, funnel_props(p, 50, ts, e = 1, e = 2, e = 3, e = 4) AS a,
            funnel_props(p, 50, 'strict_once', ts, e::text, ARRAY['1', '2', '3', '4']) AS b
  FROM pp GROUP BY u) q USING (u);
\set ECHO none
\i test/data/reset_parallel.sql
\set ECHO all

-- errors (window_funnel's, read by the same code), then funnel_props' own
SELECT funnel_props(ch, 0, ts, e, ARRAY['visit']) FROM t;
SELECT funnel_props(ch, NULL::bigint, ts, e, ARRAY['visit']) FROM t;
SELECT funnel_props(ch, 5, 'strict', ts, e, ARRAY['visit']) FROM t;
SELECT funnel_props(ch, 5, 'sideways', ts, e, ARRAY['visit']) FROM t;
SELECT funnel_props(ch, 5, 'any_order,strict_order', ts, e, ARRAY['visit']) FROM t;
SELECT funnel_props(ch, 5, 'allow_reentry', ts, e, ARRAY['visit']) FROM t;
SELECT funnel_props(ch, 5, NULL, ts, e, ARRAY['visit']) FROM t;
SELECT funnel_props(ch, 5, ts, e, NULL::text[]) FROM t;
SELECT funnel_props(ch, 5, ts, e, ARRAY['visit', NULL]) FROM t;
SELECT funnel_props(ch, 5, ts, e, '{}'::text[]) FROM t;
SELECT funnel_props(ch, 5, ts, e, e) FROM t;
SELECT funnel_props(ch, 5, ts, VARIADIC ARRAY[true]) FROM t;
SELECT funnel_props(ch, 5, ts, e, ARRAY(SELECT 's' || i FROM generate_series(1, 65) i)) FROM t;
SELECT u, funnel_props(ch, 1 + ts % 2, ts, e, ARRAY['visit']) FROM t GROUP BY u;
SELECT u, funnel_props(ch, 5, CASE WHEN ts > 2 THEN 'strict_order' ELSE '' END, ts, e, ARRAY['visit']) FROM t GROUP BY u;
SELECT funnel_props(u, 5, ts, e, ARRAY['visit']) FROM t;
SELECT funnel_props(ch, 5, 'totals', ts, e, ARRAY['visit']) FROM t;

-- the breakdown recipe of docs/funnels.md, run as written, over hand-made
-- events (visit = step 1 ... purchase = step 4; worked counts in the doc)
SET search_path = funnel_props, public;
CREATE TABLE events (user_id int, ts timestamptz, event text, channel text);
INSERT INTO events
SELECT user_id, '2025-01-01'::timestamptz + m * interval '1 minute', event, channel
FROM (VALUES (1, 0, 'visit', 'x'), (1, 1, 'product_view', 'y'), (1, 2, 'add_to_cart', 'y'), (1, 3, 'purchase', 'y'),
             (2, 0, 'visit', 'x'), (2, 1, 'product_view', 'x'),
             (3, 0, 'visit', 'y'),
             (4, 0, 'visit', 'z'), (4, 1, 'product_view', 'z'), (4, 2, 'add_to_cart', 'x'),
             (5, 0, 'visit', 'w'),
             (6, 0, 'visit', NULL), (6, 1, 'product_view', 'v'),
             (7, 0, 'visit', 'x'), (7, 1, 'search', 'q'),
             (8, 0, 'product_view', 'x'),
             (9, 0, 'visit', 'y'), (9, 4, 'product_view', 'y')) v(user_id, m, event, channel);
-- first touch, top 2 by entrants
WITH chains AS (
  SELECT user_id,
         funnel_props(channel, '7 days', ts, event,
                      ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS p
  FROM events GROUP BY user_id
), touch AS (       -- attribution: one (actor, value, level) row per counted actor
  SELECT user_id, coalesce(p[1], '(none)') AS value, cardinality(p) AS level
  FROM chains WHERE cardinality(p) > 0
), ranked AS (
  SELECT value, level, dense_rank() OVER (ORDER BY entrants DESC, value) AS rank
  FROM (SELECT value, level, count(*) OVER (PARTITION BY value) AS entrants FROM touch) c
), buckets AS (
  SELECT CASE WHEN rank <= 2 THEN rank ELSE 0 END AS bucket,     -- top 2; 0 is 'Other'
         min(value) AS value, count(DISTINCT value) AS values_folded,
         funnel_counts(level, 4) AS counts
  FROM ranked GROUP BY 1
)
SELECT CASE WHEN bucket = 0 THEN 'Other' ELSE value END AS breakdown, values_folded,
       r.step, r.name, r.actors, r.conversion
FROM buckets b,
     funnel_report(b.counts, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) r
ORDER BY bucket = 0, bucket, r.step;
-- last touch
WITH chains AS (
  SELECT user_id,
         funnel_props(channel, '7 days', ts, event,
                      ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS p
  FROM events GROUP BY user_id
), touch AS (
  SELECT user_id, coalesce(p[cardinality(p)], '(none)') AS value, cardinality(p) AS level
  FROM chains WHERE cardinality(p) > 0
), ranked AS (
  SELECT value, level, dense_rank() OVER (ORDER BY entrants DESC, value) AS rank
  FROM (SELECT value, level, count(*) OVER (PARTITION BY value) AS entrants FROM touch) c
), buckets AS (
  SELECT CASE WHEN rank <= 2 THEN rank ELSE 0 END AS bucket,
         min(value) AS value, count(DISTINCT value) AS values_folded,
         funnel_counts(level, 4) AS counts
  FROM ranked GROUP BY 1
)
SELECT CASE WHEN bucket = 0 THEN 'Other' ELSE value END AS breakdown, values_folded,
       r.step, r.name, r.actors, r.conversion
FROM buckets b,
     funnel_report(b.counts, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) r
ORDER BY bucket = 0, bucket, r.step;
-- step 2 (actors that stopped before it: '(not reached)')
WITH chains AS (
  SELECT user_id,
         funnel_props(channel, '7 days', ts, event,
                      ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS p
  FROM events GROUP BY user_id
), touch AS (
  SELECT user_id, CASE WHEN cardinality(p) < 2 THEN '(not reached)' ELSE coalesce(p[2], '(none)') END AS value,
         cardinality(p) AS level
  FROM chains WHERE cardinality(p) > 0
), ranked AS (
  SELECT value, level, dense_rank() OVER (ORDER BY entrants DESC, value) AS rank
  FROM (SELECT value, level, count(*) OVER (PARTITION BY value) AS entrants FROM touch) c
), buckets AS (
  SELECT CASE WHEN rank <= 2 THEN rank ELSE 0 END AS bucket,
         min(value) AS value, count(DISTINCT value) AS values_folded,
         funnel_counts(level, 4) AS counts
  FROM ranked GROUP BY 1
)
SELECT CASE WHEN bucket = 0 THEN 'Other' ELSE value END AS breakdown, values_folded,
       r.step, r.name, r.actors, r.conversion
FROM buckets b,
     funnel_report(b.counts, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) r
ORDER BY bucket = 0, bucket, r.step;
-- every value of the chain (an actor counts once under each)
WITH chains AS (
  SELECT user_id,
         funnel_props(channel, '7 days', ts, event,
                      ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS p
  FROM events GROUP BY user_id
), touch AS (
  SELECT DISTINCT user_id, coalesce(v, '(none)') AS value, cardinality(p) AS level
  FROM chains, unnest(p) v
), ranked AS (
  SELECT value, level, dense_rank() OVER (ORDER BY entrants DESC, value) AS rank
  FROM (SELECT value, level, count(*) OVER (PARTITION BY value) AS entrants FROM touch) c
), buckets AS (
  SELECT CASE WHEN rank <= 2 THEN rank ELSE 0 END AS bucket,
         min(value) AS value, count(DISTINCT value) AS values_folded,
         funnel_counts(level, 4) AS counts
  FROM ranked GROUP BY 1
)
SELECT CASE WHEN bucket = 0 THEN 'Other' ELSE value END AS breakdown, values_folded,
       r.step, r.name, r.actors, r.conversion
FROM buckets b,
     funnel_report(b.counts, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) r
ORDER BY bucket = 0, bucket, r.step;

-- hold a property constant: GROUP BY actor, property, then the best level
-- per actor.  u1 changes product mid-way; u2 starts with no product.
CREATE TABLE hold (u int, ts bigint, e text, product text);
INSERT INTO hold VALUES (1, 1, 'a', 'p1'), (1, 2, 'b', 'p2'), (1, 3, 'c', 'p1'), (1, 4, 'b', 'p1'),
                        (2, 1, 'a', NULL), (2, 2, 'b', 'p1'), (2, 3, 'c', 'p1'),
                        (3, 1, 'a', NULL), (3, 2, 'b', NULL);
-- free: any rows; held: one product per chain, NULL rows a product of their own
SELECT u, window_funnel(10, ts, e, ARRAY['a', 'b', 'c']) AS free FROM hold GROUP BY u ORDER BY u;
SELECT u, max(level) AS held FROM (
  SELECT u, product, window_funnel(10, ts, e, ARRAY['a', 'b', 'c']) AS level
  FROM hold GROUP BY u, product) s
GROUP BY u ORDER BY u;
-- variant: rows without a product join the chain of every product (an
-- actor with no product at all keeps one chain of its NULL rows)
WITH vals AS (
  SELECT DISTINCT u, product FROM hold WHERE product IS NOT NULL
  UNION ALL
  SELECT DISTINCT u, NULL FROM hold h
  WHERE NOT EXISTS (SELECT 1 FROM hold g WHERE g.u = h.u AND g.product IS NOT NULL)
)
SELECT u, max(level) AS held_nulls_join FROM (
  SELECT v.u, v.product, window_funnel(10, h.ts, h.e, ARRAY['a', 'b', 'c']) AS level
  FROM vals v JOIN hold h ON h.u = v.u AND (h.product = v.product OR h.product IS NULL)
  GROUP BY v.u, v.product) s
GROUP BY u ORDER BY u;

-- the same two queries as docs/funnels.md gives them
CREATE SCHEMA hold_doc;
SET search_path = hold_doc, public;
CREATE TABLE events (user_id int, ts timestamptz, event text, product_id text);
INSERT INTO events
SELECT u, '2025-01-01'::timestamptz + ts * interval '1 minute',
       (ARRAY['visit', 'add_to_cart', 'purchase'])[ascii(e) - 96], product
FROM funnel_props.hold;
SELECT user_id, max(level) AS level
FROM (SELECT user_id, product_id,
             window_funnel('7 days', ts, event,
                           ARRAY['visit', 'add_to_cart', 'purchase']) AS level
      FROM events GROUP BY user_id, product_id) s
GROUP BY user_id
ORDER BY user_id;
WITH vals AS (              -- each actor's values; an actor with none keeps one NULL chain
  SELECT DISTINCT user_id, product_id FROM events WHERE product_id IS NOT NULL
  UNION ALL
  SELECT DISTINCT user_id, NULL FROM events e
  WHERE NOT EXISTS (SELECT 1 FROM events g WHERE g.user_id = e.user_id AND g.product_id IS NOT NULL)
)
SELECT user_id, max(level) AS level
FROM (SELECT v.user_id, v.product_id,
             window_funnel('7 days', e.ts, e.event,
                           ARRAY['visit', 'add_to_cart', 'purchase']) AS level
      FROM vals v JOIN events e
        ON e.user_id = v.user_id AND (e.product_id = v.product_id OR e.product_id IS NULL)
      GROUP BY v.user_id, v.product_id) s
GROUP BY user_id
ORDER BY user_id;
SET search_path = funnel_props, public;

-- both against brute-force self-joins on random data (3 steps, window 10:
-- a chain a <= b <= c in time, c within 10 of a, rows of compatible products)
SELECT setseed(0.5);
CREATE TABLE hc AS
SELECT (random() * 200)::int AS u, (random() * 50)::bigint AS ts,
       (ARRAY['a', 'b', 'c'])[1 + floor(random() * 3)::int] AS e,
       (ARRAY['p1', 'p2', 'p3', NULL])[1 + floor(random() * 4)::int] AS product
FROM generate_series(1, 3000);
CREATE FUNCTION hc_brute(nulls_join bool) RETURNS TABLE (u int, level int) LANGUAGE sql AS $$
  SELECT x.u, CASE
    WHEN EXISTS (SELECT 1 FROM hc a JOIN hc b ON b.u = a.u AND b.e = 'b' AND b.ts BETWEEN a.ts AND a.ts + 10
                 JOIN hc c ON c.u = a.u AND c.e = 'c' AND c.ts BETWEEN b.ts AND a.ts + 10
                 WHERE a.u = x.u AND a.e = 'a'
                   AND CASE WHEN nulls_join
                            THEN (a.product IS NULL OR b.product IS NULL OR a.product = b.product)
                             AND (a.product IS NULL OR c.product IS NULL OR a.product = c.product)
                             AND (b.product IS NULL OR c.product IS NULL OR b.product = c.product)
                            ELSE a.product IS NOT DISTINCT FROM b.product AND b.product IS NOT DISTINCT FROM c.product END)
      THEN 3
    WHEN EXISTS (SELECT 1 FROM hc a JOIN hc b ON b.u = a.u AND b.e = 'b' AND b.ts BETWEEN a.ts AND a.ts + 10
                 WHERE a.u = x.u AND a.e = 'a'
                   AND CASE WHEN nulls_join THEN (a.product IS NULL OR b.product IS NULL OR a.product = b.product)
                            ELSE a.product IS NOT DISTINCT FROM b.product END)
      THEN 2
    WHEN EXISTS (SELECT 1 FROM hc a WHERE a.u = x.u AND a.e = 'a') THEN 1
    ELSE 0 END
  FROM (SELECT DISTINCT u FROM hc) x
$$;
CREATE TABLE hc_held AS
SELECT u, max(level) AS level FROM (
  SELECT u, product, window_funnel(10, ts, e, ARRAY['a', 'b', 'c']) AS level
  FROM hc GROUP BY u, product) s
GROUP BY u;
CREATE TABLE hc_held_nulls AS
WITH vals AS (
  SELECT DISTINCT u, product FROM hc WHERE product IS NOT NULL
  UNION ALL
  SELECT DISTINCT u, NULL FROM hc h
  WHERE NOT EXISTS (SELECT 1 FROM hc g WHERE g.u = h.u AND g.product IS NOT NULL)
)
SELECT u, max(level) AS level FROM (
  SELECT v.u, v.product, window_funnel(10, h.ts, h.e, ARRAY['a', 'b', 'c']) AS level
  FROM vals v JOIN hc h ON h.u = v.u AND (h.product = v.product OR h.product IS NULL)
  GROUP BY v.u, v.product) s
GROUP BY u;
SELECT count(*) AS users, count(*) FILTER (WHERE h.level <> b.level) AS mismatches,
       count(*) FILTER (WHERE h.level < f.level) AS lower_than_free
FROM hc_held h JOIN hc_brute(false) b USING (u)
     JOIN (SELECT u, window_funnel(10, ts, e, ARRAY['a', 'b', 'c']) AS level FROM hc GROUP BY u) f USING (u);
SELECT count(*) AS users, count(*) FILTER (WHERE h.level <> b.level) AS mismatches,
       count(*) FILTER (WHERE h.level > g.level) AS higher_than_group_by
FROM hc_held_nulls h JOIN hc_brute(true) b USING (u) JOIN hc_held g USING (u);
-- the whole-table report: funnel_counts over the per-actor best levels
SELECT (SELECT funnel_counts(level, 3) FROM hc_held) AS held,
       (SELECT funnel_counts(level, 3) FROM hc_brute(false)) AS brute,
       (SELECT funnel_counts(level, 3) FROM hc_held_nulls) AS held_nulls,
       (SELECT funnel_counts(level, 3) FROM hc_brute(true)) AS brute_nulls;
