/*
 * test/data/map_example.sql -- a test fixture: the worked journey map m(map)
 * (awareness with a where filter, consideration within 2 days, decision,
 * refunds excluded) and its events ev(u, ts, e, props), shared by the tests
 * maps and funnel_onepass_map.  Created in the test's schema.
 */
CREATE TABLE m (map text);
INSERT INTO m VALUES ('{
  "window": "7 days",
  "exclude": ["refund"],
  "stages": [
    {"name": "awareness", "events": ["visit"], "where": {"channel": ["email", "search"]}},
    {"name": "consideration", "events": ["product_view", "compare"], "within": "2 days"},
    {"name": "decision", "events": ["add_to_cart", "purchase"]}
  ]
}');
-- the events: user 1 completes; user 2
-- is refunded after consideration and starts again only to awareness; user 3
-- is too slow between awareness and consideration (3 days > within 2 days);
-- user 4 comes from social: never aware; user 5 has no rows that match
CREATE TABLE ev (u int, ts timestamptz, e text, props jsonb);
INSERT INTO ev VALUES
  (1, '2025-03-01 10:00+00', 'visit', '{"channel": "email"}'), (1, '2025-03-02 10:00+00', 'compare', NULL),
  (1, '2025-03-03 10:00+00', 'purchase', NULL),
  (2, '2025-03-01 10:00+00', 'visit', '{"channel": "search"}'), (2, '2025-03-01 11:00+00', 'product_view', NULL),
  (2, '2025-03-01 12:00+00', 'refund', NULL), (2, '2025-03-01 13:00+00', 'add_to_cart', NULL),
  (2, '2025-03-02 10:00+00', 'visit', '{"channel": "search"}'),
  (3, '2025-03-01 10:00+00', 'visit', '{"channel": "email"}'), (3, '2025-03-04 10:00+00', 'product_view', NULL),
  (3, '2025-03-04 11:00+00', 'purchase', NULL),
  (4, '2025-03-01 10:00+00', 'visit', '{"channel": "social"}'), (4, '2025-03-01 11:00+00', 'product_view', NULL),
  (5, '2025-03-01 10:00+00', 'other', NULL);
