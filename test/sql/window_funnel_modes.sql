-- window_funnel modes: strict_order, strict_deduplication, strict_increase,
-- strict_once, allow_reentry and their combinations.  Where ClickHouse
-- revisions disagree we follow the newest code (0215c755, with PR #99003):
-- strict_order restarts on a repeated step 1, allow_reentry skips any
-- out-of-order step, strict_deduplication returns the highest level reached.
-- Expected values: 00632's reference where the revisions agree; where they
-- differ, worked by hand from those rules (marked "newest").
CREATE SCHEMA window_funnel_modes;
SET search_path = window_funnel_modes, public;

CREATE TABLE so (u int, ts bigint, e text);
-- 00632 funnel_test_strict_order: abc, adbc, aabbcc, aaaabbcc, aabbdcc, ccbbaa, acb
INSERT INTO so SELECT u, i, substr(p, i, 1)
FROM (VALUES (1, 'abc'), (2, 'adbc'), (3, 'aabbcc'), (4, 'aaaabbcc'), (5, 'aabbdcc'), (6, 'ccbbaa'), (7, 'acb')) v(u, p),
     LATERAL generate_series(1, length(p)) i;
-- default: 3 3 3 3 3 1 2 (user 7 by hand: c before b is skipped, b gives 2)
SELECT u, window_funnel(86400, ts, e = 'a', e = 'b', e = 'c') FROM so GROUP BY u ORDER BY u;
-- strict_order (00632): 3 1 3 3 2 1 1
SELECT u, window_funnel(86400, 'strict_order', ts, e = 'a', e = 'b', e = 'c') FROM so GROUP BY u ORDER BY u;
-- strict_deduplication + strict_order (00632): 3 1 2 2 2 1 1
SELECT u, window_funnel(86400, 'strict_deduplication, strict_order', ts, e = 'a', e = 'b', e = 'c') FROM so GROUP BY u ORDER BY u;

-- 00632 funnel_test_strict: strict_deduplication stops at the repeated 1005: 6
CREATE TABLE fs (ts bigint, event int);
INSERT INTO fs VALUES (0,1000),(10,1001),(20,1002),(30,1003),(40,1004),(50,1005),(51,1005),(60,1006),(70,1007),(80,1008);
SELECT window_funnel(10000, 'strict_deduplication', ts, event = 1000, event = 1001, event = 1002, event = 1003, event = 1004, event = 1005, event = 1006) FROM fs;
-- issue 27469: a b c b d: strict_deduplication 3; strict_order alone 4 (b re-fills level 2)
CREATE TABLE bite (ts bigint, e text);
INSERT INTO bite VALUES (1,'a'),(2,'b'),(3,'c'),(4,'b'),(5,'d');
SELECT window_funnel(86400, 'strict_deduplication', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM bite;
SELECT window_funnel(86400, 'strict_order', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM bite;
-- by hand: a repeated step 1 does not stop strict_deduplication: a a b -> 2
SELECT window_funnel(10, 'strict_deduplication', ts, e = 'a', e = 'b') FROM (VALUES (1::bigint, 'a'), (2, 'a'), (3, 'b')) v(ts, e);
-- by hand: two rows for step 2 at one timestamp: the second stops the scan at level 2
SELECT window_funnel(10, 'strict_deduplication', ts, e = 'a', e = 'b', e = 'c') FROM (VALUES (1::bigint, 'a'), (2, 'b'), (2, 'b'), (3, 'c')) v(ts, e);
SELECT window_funnel(10, ts, e = 'a', e = 'b', e = 'c') FROM (VALUES (1::bigint, 'a'), (2, 'b'), (2, 'b'), (3, 'c')) v(ts, e);

-- 00632 (non-null): strict_order stops at a row that matches nothing: user 4 -> 1
CREATE TABLE nn (dt bigint, u int, a text, b text);
INSERT INTO nn VALUES (1, 1, 'a1', 'b1'), (2, 1, 'a2', 'b2'), (1, 2, 'a1', NULL), (2, 2, 'a2', NULL),
  (1, 3, NULL, NULL), (1, 4, NULL, 'b1'), (2, 4, 'a2', NULL), (3, 4, NULL, 'b3');
SELECT u, window_funnel(86400, 'strict_order', dt, a IS NULL, b = 'b3') FROM nn GROUP BY u ORDER BY u;
-- by hand: rows before step 1 do not stop strict_order: x a b -> 2
SELECT window_funnel(10, 'strict_order', ts, e = 'a', e = 'b') FROM (VALUES (1::bigint, 'x'), (2, 'a'), (3, 'b')) v(ts, e);
-- by hand: a marker row at the same timestamp as step 2 comes first and stops: 1
SELECT window_funnel(10, 'strict_order', ts, e = 'a', e = 'b') FROM (VALUES (1::bigint, 'a'), (2, 'x'), (2, 'b')) v(ts, e);

-- allow_reentry (00632 data): abac, ababc, abcbd, acb, abcabcd
CREATE TABLE re (u int, ts bigint, e text);
INSERT INTO re SELECT u, i, substr(p, i, 1)
FROM (VALUES (1, 'abac'), (2, 'ababc'), (3, 'abcbd'), (4, 'acb'), (5, 'abcabcd')) v(u, p),
     LATERAL generate_series(1, length(p)) i;
-- strict_order, 3 steps (newest: a repeated step 1 restarts): 3 3 3 1 3
SELECT u, window_funnel(86400, 'strict_order', ts, e = 'a', e = 'b', e = 'c') FROM re GROUP BY u ORDER BY u;
-- strict_order + allow_reentry, 3 steps (newest: c in a-c-b is skipped): 3 3 3 2 3
SELECT u, window_funnel(86400, 'strict_order,allow_reentry', ts, e = 'a', e = 'b', e = 'c') FROM re GROUP BY u ORDER BY u;
-- 4 steps, strict_order (newest): 3 3 4 1 4
SELECT u, window_funnel(86400, 'strict_order', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM re GROUP BY u ORDER BY u;
-- 4 steps, strict_order + allow_reentry (00632 and newest): 3 3 4 2 4
SELECT u, window_funnel(86400, 'strict_order,allow_reentry', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM re GROUP BY u ORDER BY u;
-- strict_order + allow_reentry + strict_deduplication (newest, #99003 returns the level reached): 3 2 3 2 3
SELECT u, window_funnel(86400, 'strict_order,allow_reentry,strict_deduplication', ts, e = 'a', e = 'b', e = 'c') FROM re GROUP BY u ORDER BY u;

-- 00632 ecommerce; begin_checkout satisfies steps 1 and 3 of the 4-step funnel
CREATE TABLE shop (u int, ts bigint, action text);
INSERT INTO shop VALUES
  (1,100,'begin_checkout'),(1,200,'view_product_detail'),(1,300,'begin_checkout'),(1,400,'complete_payment'),
  (2,100,'begin_checkout'),(2,200,'view_product_detail'),(2,250,'view_product_detail'),(2,300,'begin_checkout'),(2,400,'complete_payment'),
  (3,100,'begin_checkout'),(3,200,'view_product_detail'),(3,300,'complete_payment');
-- 3 steps, strict_order (newest): 3 3 3
SELECT u, window_funnel(600, 'strict_order', ts, action = 'begin_checkout', action = 'view_product_detail', action = 'complete_payment') FROM shop GROUP BY u ORDER BY u;
-- 4 steps, strict_order (00632): 1 1 1 -- the first row's step 3 is out of order
SELECT u, window_funnel(600, 'strict_order', ts, action = 'begin_checkout', action = 'view_product_detail', action = 'begin_checkout', action = 'complete_payment') FROM shop GROUP BY u ORDER BY u;
-- 4 steps, strict_order + allow_reentry (newest; the docs' example "reaches level 4"): 4 4 2
SELECT u, window_funnel(600, 'strict_order,allow_reentry', ts, action = 'begin_checkout', action = 'view_product_detail', action = 'begin_checkout', action = 'complete_payment') FROM shop GROUP BY u ORDER BY u;

-- 00632 strict_increase: steps 2..4 share t=1: default 5, strict_increase 2
CREATE TABLE si (ts bigint, event int);
INSERT INTO si VALUES (0,1000),(1,1001),(1,1002),(1,1003),(2,1004);
SELECT window_funnel(10000, ts, event = 1000, event = 1001, event = 1002, event = 1003, event = 1004) FROM si;
SELECT window_funnel(10000, 'strict_increase', ts, event = 1000, event = 1001, event = 1002, event = 1003, event = 1004) FROM si;
-- 00632: one row for three conditions: default 3, strict_once 1, strict_increase 1
SELECT window_funnel(10000, ts, event = 1004, event = 1004, event = 1004) FROM si;
SELECT window_funnel(10000, 'strict_once', ts, event = 1004, event = 1004, event = 1004) FROM si;
SELECT window_funnel(10000, 'strict_increase', ts, event = 1004, event = 1004, event = 1004) FROM si;

-- issue 52844: strict_increase is greedy and may undercount (kept for
-- compatibility).  A@1 A@2 B@2 C@3 D@4: the chain A@1 B@2 C@3 D@4 exists, but
-- A@2 replaces A@1 before B@2 is seen, and B@2 is not after A@2: 1.
-- Default mode: 4.  strict_once keeps every chain, so with strict_increase: 4.
CREATE TABLE greedy (ts bigint, e text);
INSERT INTO greedy VALUES (1,'a'),(2,'a'),(2,'b'),(3,'c'),(4,'d');
SELECT window_funnel(10, 'strict_increase', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM greedy;
SELECT window_funnel(10, ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM greedy;
SELECT window_funnel(10, 'strict_once,strict_increase', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM greedy;

-- 00632 strict_once: failure, failure, success within 200: 3 2 1 in all three modes
CREATE TABLE fsr (event_ts bigint, result text, uid int);
INSERT INTO fsr VALUES (100,'failure',234),(200,'success',345),(210,'failure',345),(230,'success',345),
  (250,'failure',234),(180,'failure',123),(220,'failure',123),(250,'success',123);
SELECT uid, window_funnel(200, 'strict_once,strict_increase', event_ts, result = 'failure', result = 'failure', result = 'success') FROM fsr GROUP BY uid ORDER BY uid;
SELECT uid, window_funnel(200, 'strict_once', event_ts, result = 'failure', result = 'failure', result = 'success') FROM fsr GROUP BY uid ORDER BY uid;
SELECT uid, window_funnel(200, 'strict_once,strict_deduplication', event_ts, result = 'failure', result = 'failure', result = 'success') FROM fsr GROUP BY uid ORDER BY uid;
-- by hand: without strict_once one failure row fills steps 1 and 2: uid 345 -> 3
SELECT uid, window_funnel(200, event_ts, result = 'failure', result = 'failure', result = 'success') FROM fsr GROUP BY uid ORDER BY uid;
-- by hand: strict_once with identical rows at one timestamp: two rows can fill
-- steps 1 and 2 (2); one row cannot (1)
SELECT window_funnel(10, 'strict_once', ts, e = 'a', e = 'a') FROM (VALUES (1::bigint, 'a'), (1, 'a')) v(ts, e);
SELECT window_funnel(10, 'strict_once', ts, e = 'a', e = 'a') FROM (VALUES (1::bigint, 'a')) v(ts, e);
-- by hand: strict_once + strict_order: a marker after step 1 stops: 1
SELECT window_funnel(10, 'strict_once,strict_order', ts, e = 'a', e = 'b') FROM (VALUES (1::bigint, 'a'), (2, 'x'), (3, 'b')) v(ts, e);

-- mode words: case-insensitive, blanks and empty words ignored; '' is the default mode: 1 and 4
SELECT window_funnel(86400, ' STRICT_Order ,', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM (VALUES (1::bigint, 'a'), (2, 'x'), (3, 'b')) v(ts, e);
SELECT window_funnel(10, '', ts, e = 'a', e = 'b', e = 'c', e = 'd') FROM greedy;
-- the mode may differ between groups: user 1 'strict_order' (1), user 2 default (2)
SELECT u, window_funnel(10, m, ts, e = 'a', e = 'b') FROM (VALUES (1, 'strict_order', 1::bigint, 'a'), (1, 'strict_order', 2, 'x'), (1, 'strict_order', 3, 'b'),
  (2, '', 1, 'a'), (2, '', 2, 'x'), (2, '', 3, 'b')) v(u, m, ts, e) GROUP BY u ORDER BY u;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA window_funnel_modes CASCADE;
