/*
 * test/data/plain_funnel.sql -- the sample funnel in plain SQL, exactly
 *
 * A view plain_funnel_levels(user_id, level) over events: for each step, the
 * latest possible start of a chain reaching it, carried forward in
 * (ts, step) order by window functions; the level is the last step with a
 * chain.  This is window_funnel('7 days', ts, event = 'visit', ...,
 * event = 'purchase') written without journey: the regression test
 * sample_data checks they agree, and the benchmark times both.  The window
 * is in hours, as window_funnel counts a day as 24 hours (calendar days
 * would differ across a daylight-saving change).
 */
CREATE VIEW plain_funnel_levels AS
WITH x AS (
  SELECT user_id, ts, CASE event WHEN 'visit' THEN 1 WHEN 'product_view' THEN 2
                                 WHEN 'add_to_cart' THEN 3 WHEN 'purchase' THEN 4 END AS k
  FROM events
), s1 AS (
  SELECT *, max(CASE WHEN k = 1 THEN ts END) OVER w AS m1 FROM x
  WINDOW w AS (PARTITION BY user_id ORDER BY ts, k ROWS UNBOUNDED PRECEDING)
), s2 AS (
  SELECT *, max(CASE WHEN k = 2 AND ts <= m1 + interval '168 hours' THEN m1 END) OVER w AS m2 FROM s1
  WINDOW w AS (PARTITION BY user_id ORDER BY ts, k ROWS UNBOUNDED PRECEDING)
), s3 AS (
  SELECT *, max(CASE WHEN k = 3 AND ts <= m2 + interval '168 hours' THEN m2 END) OVER w AS m3 FROM s2
  WINDOW w AS (PARTITION BY user_id ORDER BY ts, k ROWS UNBOUNDED PRECEDING)
)
SELECT user_id,
       CASE WHEN bool_or(k = 4 AND ts <= m3 + interval '168 hours') THEN 4 WHEN bool_or(m3 IS NOT NULL) THEN 3
            WHEN bool_or(m2 IS NOT NULL) THEN 2 WHEN bool_or(m1 IS NOT NULL) THEN 1 ELSE 0 END AS level
FROM s3
GROUP BY user_id;
