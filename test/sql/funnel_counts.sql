-- funnel_counts, journey_completion and funnel_report.  Expected values
-- worked by hand; the Wilson bounds were computed separately in Python from
-- the closed form (with a bisection inverse of erf for z), rounded to 6
-- places:
--   counts {1000,400,100,40} at 95%: [0.996173,1] [0.370075,0.430691]
--     [0.082909,0.120152] [0.029511,0.05401]; at 90%: [0.997302,1]
--     [0.374821,0.425719] [0.085459,0.1167] [0.030987,0.051496]
CREATE SCHEMA funnel_counts;
SET search_path = funnel_counts, public;

-- levels 0,1,1,2,3,3,3 and a NULL of a 3-step funnel: {6,4,3}
CREATE TABLE lv (g int, level int);
INSERT INTO lv VALUES (1,0),(1,1),(1,1),(1,2),(1,3),(1,3),(1,3),(1,NULL),(2,0),(2,0);
SELECT funnel_counts(level, 3) FROM lv WHERE g = 1;
-- only level 0: zeros; no rows: NULL
SELECT funnel_counts(level, 3) FROM lv WHERE g = 2;
SELECT funnel_counts(level, 3) FROM lv WHERE false;
-- per group
SELECT g, funnel_counts(level, 3) FROM lv GROUP BY g ORDER BY g;

-- completion: 3 of the 6 entrants reached step 3: 0.5; nobody entered: NULL
SELECT journey_completion(level, 3) FROM lv WHERE g = 1;
SELECT journey_completion(level, 3) FROM lv WHERE g = 2;
SELECT journey_completion(level, 3) FROM lv WHERE false;

-- rollup of stored arrays (daily -> total); NULL arrays are skipped: {7,5,3}
CREATE TABLE daily (d date, counts bigint[]);
INSERT INTO daily VALUES ('2025-01-01', '{6,4,3}'), ('2025-01-02', '{1,1,0}'), ('2025-01-03', NULL);
SELECT funnel_counts(counts) FROM daily;
SELECT funnel_counts(counts) FROM daily WHERE d > '2025-01-02';
-- the rollup equals counting all levels at once
SELECT (SELECT funnel_counts(c) FROM (SELECT funnel_counts(level, 3) c FROM lv GROUP BY g) s)
     = (SELECT funnel_counts(level, 3) FROM lv) AS rollup_matches;

-- the report: hand example {1000,400,100,40}
SELECT step, name, actors, conversion, step_conversion, dropped,
       round(ci_low::numeric, 6) AS ci_low, round(ci_high::numeric, 6) AS ci_high
FROM funnel_report('{1000,400,100,40}', ARRAY['visit', 'view', 'cart', 'buy']);
SELECT step, round(ci_low::numeric, 6) AS ci_low, round(ci_high::numeric, 6) AS ci_high
FROM funnel_report('{1000,400,100,40}', confidence => 0.9);
-- names default to NULL; a NULL name is allowed
SELECT step, name FROM funnel_report('{10,5}');
SELECT step, name FROM funnel_report('{10,5}', ARRAY['a', NULL]);
-- the report of funnel_counts: {7,5,3}: conversion 5/7, 3/7; Wilson of 3/7 [0.15822,0.749542]
SELECT step, actors, round(conversion::numeric, 6) AS conversion, round(step_conversion::numeric, 6) AS step_conversion,
       dropped, round(ci_low::numeric, 6) AS ci_low, round(ci_high::numeric, 6) AS ci_high
FROM funnel_report((SELECT funnel_counts(counts) FROM daily));
-- nobody entered: conversions and intervals are NULL, dropped is 0
SELECT * FROM funnel_report('{0,0}');
-- NULL counts: no rows
SELECT count(*) FROM funnel_report(NULL);
-- one step
SELECT step, actors, conversion, round(ci_low::numeric, 6) AS ci_low, ci_high FROM funnel_report('{3}');

-- errors: steps, levels, counts, names, confidence
SELECT funnel_counts(1, NULL);
SELECT funnel_counts(1, 0);
SELECT funnel_counts(1, 65);
SELECT funnel_counts(4, 3);
SELECT funnel_counts(-1, 3);
SELECT funnel_counts(level, s) FROM (VALUES (1, 2), (1, 3)) v(level, s);
SELECT funnel_counts(c) FROM (VALUES ('{3,2}'::bigint[]), ('{3,2,1}')) v(c);
SELECT funnel_counts('{3,NULL}'::bigint[]);
SELECT funnel_counts('{3,-1}'::bigint[]);
SELECT funnel_counts('{3,4}'::bigint[]);
SELECT funnel_counts('{}'::bigint[]);
SELECT funnel_counts('{{3,2},{1,1}}'::bigint[]);
SELECT funnel_counts(c) FROM (VALUES ('{9223372036854775807}'::bigint[]), ('{1}')) v(c);
SELECT funnel_counts(array_fill(1::bigint, ARRAY[65]));
SELECT * FROM funnel_report('{3,4}');
SELECT * FROM funnel_report('{3,2}', ARRAY['a']);
SELECT * FROM funnel_report('{3,2}', '{{a,b}}');
SELECT * FROM funnel_report('{3,2}', confidence => 1);
SELECT * FROM funnel_report('{3,2}', confidence => 0);
SELECT * FROM funnel_report('{3,2}', confidence => 'NaN');
SELECT * FROM funnel_report('{3,2}', confidence => NULL);
SELECT journey_completion(1, 70);

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA funnel_counts CASCADE;
