-- The one-pass funnel funnel_counts(actor, window, [mode,] ts, label, steps)
-- and its conditions form: exactly funnel_counts(window_funnel(...), n) over
-- GROUP BY actor, for every mode, key type, segment and plan shape.  Each
-- result is a boolean against the per-actor form (or, for the default
-- mode, against the plain-SQL funnel of test/data/plain_funnel.sql).
CREATE SCHEMA funnel_onepass;
SET search_path = funnel_onepass, public;

-- hand-checked: user 1 visits, views, buys within 7 days (3 of 3 steps);
-- user 2 only visits (1); user 3 views without a visit (0); user 4's rows
-- match no step (0); a NULL actor and a NULL ts are ignored
CREATE TABLE tiny (u int, ts timestamptz, e text);
INSERT INTO tiny VALUES
  (1, '2025-01-01 10:00+00', 'visit'), (1, '2025-01-02 10:00+00', 'view'), (1, '2025-01-03 10:00+00', 'buy'),
  (2, '2025-01-01 10:00+00', 'visit'), (3, '2025-01-01 10:00+00', 'view'), (4, '2025-01-01 10:00+00', 'other'),
  (NULL, '2025-01-01 10:00+00', 'visit'), (2, NULL, 'view');
SELECT funnel_counts(u, interval '7 days', ts, e, ARRAY['visit', 'view', 'buy']) FROM tiny;
-- the same with conditions, and with a mode: {2,1,1}
SELECT funnel_counts(u, interval '7 days', ts, e = 'visit', e = 'view', e = 'buy') FROM tiny;
SELECT funnel_counts(u, interval '7 days', 'strict_order', ts, e, ARRAY['visit', 'view', 'buy']) FROM tiny;
SELECT funnel_counts(u, interval '7 days', 'strict_order', ts, e = 'visit', e = 'view', e = 'buy') FROM tiny;
-- untyped literals resolve to the label and conditions forms: {2,1,1}, {2,1,1}, {2,1}
SELECT funnel_counts(u, '7 days', ts, e, ARRAY['visit', 'view', 'buy']) FROM tiny;
SELECT funnel_counts(u, '7 days', 'strict_order', ts, e, ARRAY['visit', 'view', 'buy']) FROM tiny;
SELECT funnel_counts(u, '7 days', 'strict_order', ts, e = 'visit', e = 'view') FROM tiny;
-- a window of one day: user 1 reaches only step 2: {2,1,0}
SELECT funnel_counts(u, interval '1 day', ts, e, ARRAY['visit', 'view', 'buy']) FROM tiny;
-- no rows: NULL; only rows without an actor: NULL; an actor without a
-- matching row: zeros (as funnel_counts over its level 0)
SELECT funnel_counts(u, interval '7 days', ts, e, ARRAY['visit']) FROM tiny WHERE false;
SELECT funnel_counts(u, interval '7 days', ts, e, ARRAY['visit']) FROM tiny WHERE u IS NULL;
SELECT funnel_counts(u, interval '7 days', ts, e, ARRAY['visit']) FROM tiny WHERE u = 4;
SELECT funnel_counts(u, interval '7 days', ts, e, ARRAY['visit']) FROM tiny WHERE u = 2 AND ts IS NULL;
-- per segment
SELECT u % 2 AS seg, funnel_counts(u, interval '7 days', ts, e, ARRAY['visit', 'view', 'buy']) FROM tiny GROUP BY 1 ORDER BY 1;

-- ties and overlapping steps: many actors, few distinct timestamps
CREATE TABLE ties (u int, ts timestamptz, e text);
SELECT setseed(0.31);
INSERT INTO ties
SELECT (random() * 300)::int, timestamptz '2025-01-01 00:00+00' + (random() * 40)::int * interval '1 second',
       (ARRAY['a', 'b', 'c', 'd', 'x'])[1 + (random() * 4)::int]
FROM generate_series(1, 6000);
CREATE TABLE modes (m text);
INSERT INTO modes VALUES (''), ('strict_order'), ('strict_deduplication'), ('strict_increase'), ('strict_once'),
  ('strict_order,allow_reentry'), ('strict_order,strict_deduplication'), ('strict_increase,strict_once'),
  ('strict_order,strict_once'), ('strict_deduplication,strict_increase,strict_once'),
  ('strict_order,allow_reentry,strict_once'), ('strict_order,strict_increase,allow_reentry');
-- label form, steps with a repeated label (a row can climb two steps)
SELECT m,
  (SELECT funnel_counts(u, interval '10 seconds', m, ts, e, ARRAY['a', 'b', 'a', 'c', 'd']) FROM ties)
  = (SELECT funnel_counts(l, 5) FROM (SELECT window_funnel(interval '10 seconds', m, ts, e, ARRAY['a', 'b', 'a', 'c', 'd']) l
                                      FROM ties GROUP BY u) s) AS same
FROM modes ORDER BY m;
-- conditions form, overlapping conditions
SELECT m,
  (SELECT funnel_counts(u, interval '10 seconds', m, ts, e IN ('a', 'b'), e = 'b', e >= 'c', e = 'd') FROM ties)
  = (SELECT funnel_counts(l, 4) FROM (SELECT window_funnel(interval '10 seconds', m, ts, e IN ('a', 'b'), e = 'b', e >= 'c', e = 'd') l
                                      FROM ties GROUP BY u) s) AS same
FROM modes ORDER BY m;

-- the sample data
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = funnel_onepass, journey_sample, public;
\i test/data/plain_funnel.sql
-- the default mode against the plain-SQL funnel (no journey function)
SELECT (SELECT funnel_counts(user_id, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events)
     = (SELECT ARRAY[count(*) FILTER (WHERE level >= 1), count(*) FILTER (WHERE level >= 2),
                     count(*) FILTER (WHERE level >= 3), count(*) FILTER (WHERE level >= 4)]
        FROM plain_funnel_levels) AS same_as_plain_sql;
-- every mode, label and conditions forms, against the per-user form
SELECT m,
  (SELECT funnel_counts(user_id, interval '7 days', m, ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events)
  = (SELECT funnel_counts(l, 4) FROM (SELECT window_funnel(interval '7 days', m, ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) l
                                      FROM events GROUP BY user_id) s) AS label_form,
  (SELECT funnel_counts(user_id, interval '7 days', m, ts, event = 'visit', event = 'product_view', event = 'add_to_cart', event = 'purchase') FROM events)
  = (SELECT funnel_counts(l, 4) FROM (SELECT window_funnel(interval '7 days', m, ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) l
                                      FROM events GROUP BY user_id) s) AS conditions_form
FROM modes ORDER BY m;
-- per channel (a user may appear in several channels)
SELECT count(*) AS channels,
       count(*) FILTER (WHERE o.c = p.c) AS same
FROM (SELECT channel, funnel_counts(user_id, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) c
      FROM events GROUP BY channel) o
JOIN (SELECT channel, funnel_counts(l, 4) c
      FROM (SELECT channel, user_id, window_funnel(interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) l
            FROM events GROUP BY channel, user_id) s GROUP BY channel) p USING (channel);
-- actor keys of type bigint, int, text, uuid and numeric (its text output)
CREATE TABLE per_user AS
SELECT funnel_counts(l, 4) c FROM (SELECT window_funnel(interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) l
                                  FROM events GROUP BY user_id) s;
SELECT (SELECT funnel_counts(user_id::int, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events) = c AS int_key,
       (SELECT funnel_counts(user_id::text, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events) = c AS text_key,
       (SELECT funnel_counts(md5(user_id::text)::uuid, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events) = c AS uuid_key,
       (SELECT funnel_counts(user_id::numeric, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events) = c AS numeric_key
FROM per_user;
-- input in actor order or shuffled: the same
SELECT (SELECT funnel_counts(user_id, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])
        FROM (SELECT * FROM events ORDER BY user_id, ts) o) = c AS sorted_input,
       (SELECT funnel_counts(user_id, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'])
        FROM (SELECT * FROM events ORDER BY md5(ts::text || event)) o) = c AS shuffled_input
FROM per_user;

-- parallel plans (combine, serialize, deserialize) equal the serial answers
CREATE TABLE serial AS
SELECT m, funnel_counts(user_id, interval '7 days', m, ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) c,
       funnel_counts(user_id::text, interval '7 days', m, ts, event = 'visit', event = 'product_view', event = 'add_to_cart', event = 'purchase') t
FROM events, modes GROUP BY m;
\set ECHO none
\i test/data/force_parallel.sql
\set ECHO all
SELECT plan_has($$SELECT funnel_counts(user_id, interval '7 days', ts, event, ARRAY['visit', 'product_view']) FROM journey_sample.events$$,
                'Partial Aggregate') AS partial_plan;
SELECT count(*) AS modes,
       count(*) FILTER (WHERE s.c = p.c AND s.t = p.t) AS same
FROM serial s
JOIN (SELECT m, (SELECT funnel_counts(user_id, interval '7 days', m, ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events) c,
             (SELECT funnel_counts(user_id::text, interval '7 days', m, ts, event = 'visit', event = 'product_view', event = 'add_to_cart', event = 'purchase') FROM events) t
      FROM modes) p USING (m);
SELECT (SELECT funnel_counts(md5(user_id::text)::uuid, interval '7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) FROM events) = c AS parallel_uuid,
       (SELECT funnel_counts(user_id, interval '7 days', ts, event, ARRAY['visit']) FROM events WHERE false) IS NULL AS parallel_empty
FROM per_user;
\set ECHO none
\i test/data/reset_parallel.sql
\set ECHO all
DROP SCHEMA journey_sample CASCADE;

-- errors
SELECT funnel_counts(u, interval '7 days', 'strict_nonsense', ts, e, ARRAY['visit']) FROM tiny;
SELECT funnel_counts(u, interval '7 days', 'strict_increase,allow_reentry', ts, e, ARRAY['visit']) FROM tiny;
SELECT funnel_counts(u, interval '7 days', NULL, ts, e, ARRAY['visit']) FROM tiny;
SELECT funnel_counts(u, NULL, ts, e, ARRAY['visit']) FROM tiny;
SELECT funnel_counts(u, interval '0 days', ts, e, ARRAY['visit']) FROM tiny;
SELECT funnel_counts(u, interval '7 days', ts, e, NULL) FROM tiny;
SELECT funnel_counts(u, interval '7 days', ts, e, ARRAY[]::text[]) FROM tiny;
SELECT funnel_counts(u, interval '7 days', ts, e, ARRAY['visit', NULL]) FROM tiny;
SELECT funnel_counts(u, interval '7 days', ts, e, array_fill('x'::text, ARRAY[65])) FROM tiny;
SELECT funnel_counts(u, interval '7 days', ts, e, CASE WHEN u = 1 THEN ARRAY['visit'] ELSE ARRAY['view'] END) FROM tiny;
SELECT funnel_counts(u, CASE WHEN u = 1 THEN interval '7 days' ELSE interval '1 day' END, ts, e, ARRAY['visit']) FROM tiny;
SELECT funnel_counts(u, interval '7 days', CASE WHEN u = 1 THEN 'strict_order' ELSE '' END, ts, e, ARRAY['visit']) FROM tiny;
SELECT funnel_counts(u, interval '7 days', ts, e = 'a', 'x') FROM tiny;
-- 64 steps work, as in window_funnel
SELECT array_length(funnel_counts(u, interval '7 days', ts, e, array_fill('visit'::text, ARRAY[64])), 1) FROM tiny;

DROP SCHEMA funnel_onepass CASCADE;
