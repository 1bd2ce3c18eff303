-- The two-step Markov and Shapley attribution: attribution_agg builds an
-- attribution_summary, rollup merges them, markov_attribution(summary) and
-- shapley_attribution(summary) report.  Checked against the bytes and the
-- values worked by hand (test/sql/attribution.sql has the arithmetic), the
-- query-text forms per segment, a brute-force Shapley in plain SQL, a
-- forced-parallel plan, rollups of disjoint partitions, round trips,
-- damaged input and every error.
CREATE SCHEMA asum;
SET search_path = asum, public;
SET TIME ZONE 'UTC';

-- the Markov example of attribution.sql: A > B > conv, A, B > conv, and a
-- NULL journey (ignored)
CREATE TABLE mk (id int, j journey);
INSERT INTO mk VALUES
	(1, '[["2025-01-01T00:00:00Z", "A"], ["2025-01-01T01:00:00Z", "B"], ["2025-01-01T02:00:00Z", "conv"]]'),
	(2, '[["2025-01-01T00:00:00Z", "A"]]'),
	(3, '[["2025-01-01T00:00:00Z", "B"], ["2025-01-01T02:00:00Z", "conv"]]'),
	(4, NULL);

-- the summary's bytes, worked by hand (docs/format.md): header 'J' 'S' 3 1;
-- label "conv"; channels A, B; transitions (0,1) 2, (0,2) 1, (1,2) 1,
-- (1,4) 1, (2,3) 2 over START 0, A 1, B 2, CONVERSION 3, NULL 4;
-- coalitions {A} 1 0, {A,B} 1 1, {B} 1 1
SELECT attribution_agg(j, 'conv')::text AS summary FROM mk;
SELECT attribution_agg(j, 'conv')::text = encode('\x4a5303010104636f6e760201410142050001020002010102010104010203020301000100020000010101010101'::bytea, 'base64') AS bytes_as_by_hand FROM mk;
-- the order of the rows does not matter
SELECT (SELECT attribution_agg(j, 'conv' ORDER BY id DESC) FROM mk)::text = (SELECT attribution_agg(j, 'conv' ORDER BY id) FROM mk)::text AS order_free;

-- the reports, as worked by hand: removal effects A 1/2, B 1; credits
-- A 2/3, B 4/3; Shapley A 1/2, B 3/2
SELECT m.channel, round(m.removal_effect::numeric, 12) AS removal_effect, round(m.credit::numeric, 12) AS credit
FROM (SELECT attribution_agg(j, 'conv') AS s FROM mk) x, LATERAL markov_attribution(x.s) m;
SELECT m.channel, round(m.credit::numeric, 12) AS credit
FROM (SELECT attribution_agg(j, 'conv') AS s FROM mk) x, LATERAL shapley_attribution(x.s) m;
-- unrounded, as docs/attribution.md shows them, also the query-text form
SELECT m.* FROM (SELECT attribution_agg(j, 'conv') AS s FROM mk) x, LATERAL markov_attribution(x.s) m;
SELECT * FROM markov_attribution('SELECT j FROM mk', 'conv');
-- equal to the query-text forms, row for row
SELECT count(*) AS differences FROM (
	(SELECT * FROM markov_attribution((SELECT attribution_agg(j, 'conv') FROM mk))
	 EXCEPT SELECT * FROM markov_attribution('SELECT j FROM asum.mk', 'conv'))
	UNION ALL
	(SELECT * FROM markov_attribution('SELECT j FROM asum.mk', 'conv')
	 EXCEPT SELECT * FROM markov_attribution((SELECT attribution_agg(j, 'conv') FROM mk)))) d;
SELECT count(*) AS differences FROM (
	(SELECT * FROM shapley_attribution((SELECT attribution_agg(j, 'conv') FROM mk))
	 EXCEPT SELECT * FROM shapley_attribution('SELECT j FROM asum.mk', 'conv'))
	UNION ALL
	(SELECT * FROM shapley_attribution('SELECT j FROM asum.mk', 'conv')
	 EXCEPT SELECT * FROM shapley_attribution((SELECT attribution_agg(j, 'conv') FROM mk)))) d;

-- NULLs and empty groups: no row gives NULL (as PostgreSQL's aggregates),
-- only NULL journeys a summary with the label and nothing counted; both
-- report no rows (a NULL summary reports no rows: STRICT)
SELECT attribution_agg(j, 'conv') IS NULL AS no_rows_null FROM mk WHERE false;
SELECT attribution_agg(j, 'conv')::text AS null_journeys FROM mk WHERE j IS NULL;
SELECT attribution_agg(j, 'conv')::text = encode('\x4a53030101' || '\x04'::bytea || 'conv'::bytea || '\x000000'::bytea, 'base64') AS null_journeys_by_hand FROM mk WHERE j IS NULL;
SELECT count(*) AS markov_rows FROM markov_attribution((SELECT attribution_agg(j, 'conv') FROM mk WHERE false));
SELECT count(*) AS shapley_rows FROM shapley_attribution((SELECT attribution_agg(j, 'conv') FROM mk WHERE j IS NULL));
SELECT count(*) AS null_summary FROM markov_attribution(NULL), shapley_attribution(NULL);
-- a conversion that never occurs ("conv" is then a channel like any):
-- Markov counts journeys that did not convert (effects 0), Shapley has no
-- converting channel
SELECT * FROM markov_attribution((SELECT attribution_agg(j, 'never') FROM mk));
SELECT count(*) AS shapley_rows FROM shapley_attribution((SELECT attribution_agg(j, 'never') FROM mk));
-- rollup: an empty summary merges as nothing; NULLs are ignored
SELECT rollup(s)::text = (SELECT attribution_agg(j, 'conv') FROM mk)::text AS rollup_with_empty
FROM (SELECT attribution_agg(j, 'conv') AS s FROM mk WHERE false
	  UNION ALL SELECT NULL
	  UNION ALL SELECT attribution_agg(j, 'conv') FROM mk WHERE id <= 2
	  UNION ALL SELECT attribution_agg(j, 'conv') FROM mk WHERE id > 2) x;
SELECT rollup(s)::text AS rollup_of_nothing FROM (SELECT NULL::attribution_summary AS s) x;

-- Shapley over three channels (attribution.sql's hand-worked example:
-- A 5/2, B 1, C 3/2), and the same by brute force in plain SQL over every
-- coalition S of the converting journeys' channel sets:
-- phi_i = sum over S without i of |S|! (n - |S| - 1)! / n! (v(S + i) - v(S))
CREATE TABLE three (id int, j journey);
INSERT INTO three
SELECT id, journey_agg('2025-01-01'::timestamptz + CASE WHEN label = 'c' THEN interval '1 day' ELSE interval '0' END, label)
FROM (VALUES (1, 'A'), (1, 'c'), (2, 'A'), (2, 'c'), (3, 'A'), (3, 'B'), (3, 'c'),
	(4, 'B'), (4, 'C'), (4, 'c'), (5, 'C'), (5, 'c'), (6, 'B')) AS v(id, label)
GROUP BY id;
SELECT channel, round(credit::numeric, 12) AS credit FROM shapley_attribution((SELECT attribution_agg(j, 'c') FROM three));
-- the brute force, used below on the sample data too: the channel sets of
-- converting journeys (touches at or before the first conversion), as
-- (segment, actor, channels)
CREATE FUNCTION brute_shapley(sets text) RETURNS TABLE(segment text, channel text, credit numeric)
LANGUAGE plpgsql AS $f$
BEGIN
	RETURN QUERY EXECUTE format($q$
	WITH s AS (%s),
	ch AS (SELECT seg, c, (row_number() OVER (PARTITION BY seg ORDER BY c COLLATE "C") - 1)::int AS b
		   FROM (SELECT DISTINCT seg, unnest(chans) AS c FROM s) d),
	n AS (SELECT seg, count(*)::int AS n FROM ch GROUP BY seg),
	jm AS (SELECT s.seg, s.actor, sum(1 << ch.b)::int AS mask
		   FROM s CROSS JOIN LATERAL unnest(s.chans) AS u(c) JOIN ch ON ch.seg = s.seg AND ch.c = u.c
		   GROUP BY s.seg, s.actor),
	v AS (SELECT n.seg, n.n, g AS sub, length(replace(g::bit(32)::text, '0', '')) AS k,
				 (SELECT count(*) FROM jm WHERE jm.seg = n.seg AND jm.mask & ~g = 0) AS v
		  FROM n, generate_series(0, (1 << n.n) - 1) g)
	SELECT ch.seg, ch.c, sum(factorial(v0.k) * factorial(v0.n - v0.k - 1) / factorial(v0.n) * (v1.v - v0.v))
	FROM ch JOIN v v0 ON v0.seg = ch.seg AND v0.sub & (1 << ch.b) = 0
	JOIN v v1 ON v1.seg = ch.seg AND v1.sub = v0.sub | (1 << ch.b)
	GROUP BY ch.seg, ch.c$q$, sets);
END
$f$;
CREATE FUNCTION conv_sets(tab text, conversion text) RETURNS text LANGUAGE sql AS $$
	SELECT format($q$SELECT seg, actor, array_agg(DISTINCT e.label) AS chans
		FROM %s t, journey_events(t.j) e
		WHERE e.label <> %L AND e.ts <= (SELECT min(x.ts) FROM journey_events(t.j) x WHERE x.label = %L)
		GROUP BY seg, actor$q$, tab, conversion, conversion)
$$;
SELECT channel, round(credit, 12) AS brute_force
FROM brute_shapley(conv_sets('(SELECT ''all'' AS seg, id AS actor, j FROM asum.three)', 'c')) ORDER BY channel;

-- ---------- the sample data, per country ----------
\set ECHO none
\set users 2000
\i test/data/sample_events.sql
\set ECHO all
SET search_path = asum, journey_sample, public;
CREATE TABLE cj AS
SELECT user_id, (ARRAY['de', 'fr', 'us'])[1 + user_id % 3] AS country,
	   journey_agg(ts, CASE WHEN event = 'purchase' THEN 'purchase' ELSE channel END) AS j
FROM events WHERE event IN ('visit', 'purchase') GROUP BY user_id;
ANALYZE cj;

-- the issue's example: Markov and Shapley credit per country in one query
SELECT c.country, m.channel, round(m.removal_effect::numeric, 6) AS removal_effect,
	   round(m.credit::numeric, 6) AS markov_credit, round(sh.credit::numeric, 6) AS shapley_credit
FROM (SELECT country, attribution_agg(j, 'purchase') AS s FROM cj GROUP BY country) c,
	 LATERAL markov_attribution(c.s) m
	 LEFT JOIN LATERAL shapley_attribution(c.s) sh ON sh.channel = m.channel
ORDER BY c.country, m.channel;
-- per country equal to the query-text forms over that country's journeys
SELECT count(*) AS markov_differences FROM (
	(SELECT c.country, m.* FROM (SELECT country, attribution_agg(j, 'purchase') AS s FROM cj GROUP BY country) c,
		LATERAL markov_attribution(c.s) m
	 EXCEPT
	 SELECT c.country, m.* FROM (SELECT DISTINCT country FROM cj) c,
		LATERAL markov_attribution(format('SELECT j FROM asum.cj WHERE country = %L', c.country), 'purchase') m)
	UNION ALL
	(SELECT c.country, m.* FROM (SELECT DISTINCT country FROM cj) c,
		LATERAL markov_attribution(format('SELECT j FROM asum.cj WHERE country = %L', c.country), 'purchase') m
	 EXCEPT
	 SELECT c.country, m.* FROM (SELECT country, attribution_agg(j, 'purchase') AS s FROM cj GROUP BY country) c,
		LATERAL markov_attribution(c.s) m)) d;
SELECT count(*) AS shapley_differences FROM (
	(SELECT c.country, m.* FROM (SELECT country, attribution_agg(j, 'purchase') AS s FROM cj GROUP BY country) c,
		LATERAL shapley_attribution(c.s) m
	 EXCEPT
	 SELECT c.country, m.* FROM (SELECT DISTINCT country FROM cj) c,
		LATERAL shapley_attribution(format('SELECT j FROM asum.cj WHERE country = %L', c.country), 'purchase') m)
	UNION ALL
	(SELECT c.country, m.* FROM (SELECT DISTINCT country FROM cj) c,
		LATERAL shapley_attribution(format('SELECT j FROM asum.cj WHERE country = %L', c.country), 'purchase') m
	 EXCEPT
	 SELECT c.country, m.* FROM (SELECT country, attribution_agg(j, 'purchase') AS s FROM cj GROUP BY country) c,
		LATERAL shapley_attribution(c.s) m)) d;
-- Shapley per country equals the brute force (to 9 places), and both
-- report the same channels
SELECT count(*) AS brute_force_differences FROM (
	(SELECT c.country, m.channel, round(m.credit::numeric, 9)
	 FROM (SELECT country, attribution_agg(j, 'purchase') AS s FROM cj GROUP BY country) c, LATERAL shapley_attribution(c.s) m
	 EXCEPT
	 SELECT segment, channel, round(credit, 9) FROM brute_shapley(conv_sets('(SELECT country AS seg, user_id AS actor, j FROM asum.cj)', 'purchase')))
	UNION ALL
	(SELECT segment, channel, round(credit, 9) FROM brute_shapley(conv_sets('(SELECT country AS seg, user_id AS actor, j FROM asum.cj)', 'purchase'))
	 EXCEPT
	 SELECT c.country, m.channel, round(m.credit::numeric, 9)
	 FROM (SELECT country, attribution_agg(j, 'purchase') AS s FROM cj GROUP BY country) c, LATERAL shapley_attribution(c.s) m)) d;
-- both models' credits add up to the country's converting journeys
SELECT c.country,
	   round((SELECT sum(credit) FROM markov_attribution(c.s))::numeric, 9) = n.conv AS markov_total,
	   round((SELECT sum(credit) FROM shapley_attribution(c.s))::numeric, 9) = n.conv AS shapley_total
FROM (SELECT country, attribution_agg(j, 'purchase') AS s FROM cj GROUP BY country) c
JOIN (SELECT country, count(*) FILTER (WHERE 'purchase' = ANY (journey_labels(j))) AS conv FROM cj GROUP BY country) n USING (country)
ORDER BY 1;

-- stored summaries: per country and day of the first touch (disjoint sets
-- of actors), rolled up per country and overall, equal one pass
CREATE TABLE daily AS
SELECT journey_first_ts(j)::date AS day, country, attribution_agg(j, 'purchase') AS s FROM cj GROUP BY 1, 2;
SELECT count(*) > 100 AS many_days FROM daily;
SELECT count(*) AS rollup_differences FROM (
	SELECT country, rollup(s)::text FROM daily GROUP BY country
	EXCEPT
	SELECT country, attribution_agg(j, 'purchase')::text FROM cj GROUP BY country) d;
SELECT (SELECT rollup(s) FROM daily)::text = (SELECT attribution_agg(j, 'purchase') FROM cj)::text AS rollup_all;
-- a rollup of rollups (month from weeks)
SELECT (SELECT rollup(s) FROM (SELECT rollup(s) AS s FROM daily GROUP BY date_trunc('week', day)) w)::text
	 = (SELECT attribution_agg(j, 'purchase') FROM cj)::text AS rollup_of_rollups;

-- forced-parallel plans give the same summaries (combine, serialize and
-- deserialize at work), for the aggregate and for rollup
CREATE TABLE serial AS SELECT country, attribution_agg(j, 'purchase')::text AS s FROM cj GROUP BY country;
\i test/data/force_parallel.sql
SELECT plan_has($$SELECT attribution_agg(j, 'purchase') FROM asum.cj$$, 'Partial Aggregate') AS whole_table_partial;
SELECT plan_has($$SELECT country, attribution_agg(j, 'purchase') FROM asum.cj GROUP BY country$$, 'Partial GroupAggregate') AS grouped_partial;
SELECT plan_has($$SELECT rollup(s) FROM asum.daily$$, 'Partial Aggregate') AS rollup_partial;
SELECT count(*) AS parallel_differences FROM (
	SELECT country, attribution_agg(j, 'purchase')::text FROM cj GROUP BY country
	EXCEPT SELECT country, s FROM serial) d;
SELECT (SELECT attribution_agg(j, 'purchase') FROM cj)::text = (SELECT rollup(s::attribution_summary) FROM serial)::text AS parallel_whole_table;
SELECT (SELECT rollup(s) FROM daily)::text = (SELECT rollup(s::attribution_summary) FROM serial)::text AS parallel_rollup;
-- a partitioned table with an empty partition, aggregated partition-wise
CREATE TABLE pcj (country text, j journey) PARTITION BY LIST (country);
CREATE TABLE pcj_de PARTITION OF pcj FOR VALUES IN ('de');
CREATE TABLE pcj_fr PARTITION OF pcj FOR VALUES IN ('fr');
CREATE TABLE pcj_us PARTITION OF pcj FOR VALUES IN ('us');
CREATE TABLE pcj_xx PARTITION OF pcj FOR VALUES IN ('xx');
INSERT INTO pcj SELECT country, j FROM cj;
ANALYZE pcj;
SET enable_partitionwise_aggregate = on;
SELECT plan_has($$SELECT attribution_agg(j, 'purchase') FROM asum.pcj$$, 'Partial Aggregate') AS partitionwise_partial;
SELECT (SELECT attribution_agg(j, 'purchase') FROM pcj)::text = (SELECT rollup(s::attribution_summary) FROM serial)::text AS partitionwise_equal;
RESET enable_partitionwise_aggregate;
\i test/data/reset_parallel.sql

-- round trips: text and binary (COPY) give the same summaries
SELECT count(*) AS text_round_trip_differences FROM daily WHERE s::text::attribution_summary::text <> s::text;
SELECT attribution_summary_send(s) = decode(s::text, 'base64') AS send_is_the_bytes FROM daily ORDER BY day, country LIMIT 1;
\copy (SELECT day, country, s FROM asum.daily) TO 'results/attribution_summary.bin' WITH (FORMAT binary)
CREATE TABLE daily_back (LIKE daily);
\copy daily_back FROM 'results/attribution_summary.bin' WITH (FORMAT binary)
SELECT count(*) AS binary_round_trip_differences FROM (
	SELECT day, country, s::text FROM daily EXCEPT SELECT day, country, s::text FROM daily_back) d;
SELECT count(*) = (SELECT count(*) FROM daily) AS all_back FROM daily_back;

-- the query-text forms accept what a user writes (a trailing ";" or
-- "-- comment"), read only the first column, whatever the others are called
SELECT count(*) AS differences FROM (
	SELECT * FROM markov_attribution('SELECT j FROM asum.mk;', 'conv')
	EXCEPT SELECT * FROM markov_attribution((SELECT attribution_agg(j, 'conv') FROM mk))) d;
SELECT count(*) AS rows FROM markov_attribution('SELECT j FROM asum.mk -- the journeys', 'conv');
SELECT count(*) AS rows FROM shapley_attribution(E'SELECT j FROM asum.mk; -- the journeys\n', 'conv');
SELECT count(*) AS rows FROM shapley_attribution('SELECT j, 1 AS c1, 2 AS c2, ''x'' AS j FROM asum.mk', 'conv');
-- a label that needs quoting
SELECT count(*) AS rows FROM markov_attribution($$SELECT '[["2025-01-01T00:00:00Z", "A"], ["2025-01-01T01:00:00Z", "it''s \\ done"]]'::journey$$, 'it''s \ done');
-- a function planted on the search path under the aggregate's name and
-- signature (it is called when the name is not qualified) is never called
-- by the query-text forms: they name the aggregate with its schema
CREATE SCHEMA plant;
CREATE FUNCTION plant.attribution_agg(j journey, conversion text) RETURNS attribution_summary
LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'planted attribution_agg called'; END$$;
SET search_path = plant, asum, public;
SELECT attribution_agg(j, 'conv') FROM asum.mk WHERE j IS NOT NULL LIMIT 1;
SELECT count(*) AS differences FROM (
	SELECT * FROM markov_attribution('SELECT j FROM asum.mk', 'conv')
	EXCEPT SELECT * FROM markov_attribution((SELECT public.attribution_agg(j, 'conv') FROM asum.mk))) d;
SELECT count(*) AS rows FROM shapley_attribution('SELECT j FROM asum.mk', 'conv');
SET search_path = asum, public;
DROP SCHEMA plant CASCADE;
-- and with the extension in another schema, a function planted in public
-- (first on the path) under the aggregate's name and signature
CREATE SCHEMA jx;
ALTER EXTENSION journey SET SCHEMA jx;
CREATE FUNCTION public.attribution_agg(j jx.journey, conversion text) RETURNS jx.attribution_summary
LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'planted public.attribution_agg called'; END$$;
SET search_path = public, jx, asum;
SELECT attribution_agg(j, 'conv') FROM asum.mk WHERE j IS NOT NULL LIMIT 1;
SELECT m.channel, round(m.credit::numeric, 12) AS credit FROM jx.markov_attribution('SELECT j FROM asum.mk;', 'conv') m;
SELECT m.channel, round(m.credit::numeric, 12) AS credit FROM jx.shapley_attribution('SELECT j FROM asum.mk -- the journeys', 'conv') m;
DROP FUNCTION public.attribution_agg(jx.journey, text);
ALTER EXTENSION journey SET SCHEMA public;
SET search_path = asum, public;
DROP SCHEMA jx;

-- ---------- errors ----------
-- the conversion label: not NULL, the same in every row of a group
SELECT attribution_agg(j, NULL) FROM mk;
SELECT attribution_agg(j, CASE WHEN id = 3 THEN 'buy' ELSE 'conv' END ORDER BY id) FROM mk;
-- merging summaries of different conversion labels
SELECT rollup(s) FROM (SELECT attribution_agg(j, 'conv') AS s FROM mk UNION ALL SELECT attribution_agg(j, 'buy') FROM mk) x;
-- an empty summary (no label yet) merges with any
SELECT rollup(s) IS NOT NULL AS merges FROM (SELECT attribution_agg(j, 'conv') AS s FROM mk UNION ALL SELECT attribution_agg(j, 'buy') FROM mk WHERE false) x;
-- limits: 1001 channels (the Markov limit; in one group and when merging);
-- 21 converting channels are fine for Markov, too many for Shapley
SELECT attribution_agg(j, 'conv') FROM (SELECT journey_agg('2025-01-01'::timestamptz, 'ch' || g) AS j FROM generate_series(1, 1001) g GROUP BY g) s;
SELECT rollup(s) FROM (SELECT attribution_agg(j, 'conv') AS s FROM (SELECT g > 600 AS half, journey_agg('2025-01-01'::timestamptz, 'ch' || g) AS j FROM generate_series(1, 1001) g GROUP BY g) s GROUP BY half) x;
CREATE TABLE wide AS SELECT attribution_agg(j, 'conv') AS s FROM (
	SELECT journey_agg(ts, label) AS j FROM
	(SELECT g AS id, '2025-01-01'::timestamptz AS ts, 'ch' || g AS label FROM generate_series(1, 21) g
	 UNION ALL SELECT g, '2025-01-02', 'conv' FROM generate_series(1, 21) g) s GROUP BY id) x;
SELECT count(*) AS markov_rows FROM wide, markov_attribution(wide.s);
SELECT * FROM wide, shapley_attribution(wide.s);
-- the query-text forms: one SELECT statement
SELECT * FROM markov_attribution('SELECT j FROM asum.mk; SELECT j FROM asum.mk', 'conv');
SELECT * FROM shapley_attribution('DELETE FROM asum.mk', 'conv');

-- damaged input: not base64, not a summary, another kind, truncated, a
-- field out of range (transitions that do not balance), trailing bytes
SELECT 'not base64!'::attribution_summary;
SELECT encode('hello'::bytea, 'base64')::attribution_summary;
SELECT encode('\x4a53020100'::bytea, 'base64')::attribution_summary;
SELECT encode('\x4a53030101'::bytea, 'base64')::attribution_summary;
SELECT encode('\x4a5303010104636f6e760201410142050001020002010102010104010203010301000100020000010101010101'::bytea, 'base64')::attribution_summary;
SELECT encode('\x4a5303010104636f6e76020141014205000102000201010201010401020302030100010002000001010101010100'::bytea, 'base64')::attribution_summary;
SELECT encode('\x4a53030102'::bytea, 'base64')::attribution_summary;
-- binary input checks the same (COPY BINARY of bytea: the raw bytes)
CREATE TABLE raw (s bytea);
INSERT INTO raw VALUES ('\x4a5303010104636f6e760201410142050001020002010102010104010203020301000100020000010101010101');
\copy raw TO 'results/attribution_summary_ok.bin' WITH (FORMAT binary)
CREATE TABLE sin (s attribution_summary);
\copy sin FROM 'results/attribution_summary_ok.bin' WITH (FORMAT binary)
SELECT s::text = (SELECT attribution_agg(j, 'conv') FROM mk)::text AS binary_as_by_hand FROM sin;
TRUNCATE raw;
INSERT INTO raw VALUES ('\x4a5303010104636f6e7602014101');
\copy raw TO 'results/attribution_summary_bad.bin' WITH (FORMAT binary)
\copy sin FROM 'results/attribution_summary_bad.bin' WITH (FORMAT binary)
-- a stored value damaged behind the type's back (a binary-coercible cast
-- from bytea skips the checks): the reports refuse it (XX001)
CREATE CAST (bytea AS attribution_summary) WITHOUT FUNCTION;
SELECT * FROM markov_attribution('\x4a5303010104636f6e7602'::bytea::attribution_summary);
SELECT * FROM shapley_attribution('\x4a53'::bytea::attribution_summary);
SELECT rollup(s) FROM (VALUES ('\x4a5303010104636f6e7602'::bytea::attribution_summary)) v(s);
DROP CAST (bytea AS attribution_summary);

RESET search_path;
RESET TIME ZONE;
SET client_min_messages = warning;
DROP SCHEMA asum CASCADE;
DROP SCHEMA journey_sample CASCADE;
