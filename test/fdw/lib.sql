/*
 * test/fdw/lib.sql -- helpers of test/fdw/pushdown.sql and rollup.sql
 * (\ir'd by both; pg_temp functions of the session):
 *   pg_temp.fdw_plan(q)     the lines of EXPLAIN (VERBOSE, COSTS OFF) q
 *   pg_temp.fdw_count(q)    the number of rows of q
 *   pg_temp.fdw_diffs(a, b) rows of a missing from b plus rows of b missing
 *                           from a, compared as row text (EXCEPT ALL), so
 *                           0 means the same multiset of rows
 */
CREATE FUNCTION pg_temp.fdw_plan(q text) RETURNS SETOF text AS $$
BEGIN
	RETURN QUERY EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION pg_temp.fdw_count(q text) RETURNS bigint AS $$
DECLARE n bigint;
BEGIN
	EXECUTE format('SELECT count(*) FROM (%s) q', q) INTO n;
	RETURN n;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION pg_temp.fdw_diffs(a text, b text) RETURNS bigint AS $$
DECLARE n bigint;
BEGIN
	EXECUTE format('SELECT (SELECT count(*) FROM (SELECT q::text FROM (%1$s) q EXCEPT ALL SELECT q::text FROM (%2$s) q) x)
		+ (SELECT count(*) FROM (SELECT q::text FROM (%2$s) q EXCEPT ALL SELECT q::text FROM (%1$s) q) y)', a, b) INTO n;
	RETURN n;
END
$$ LANGUAGE plpgsql;
