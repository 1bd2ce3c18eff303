/*
 * test/data/plan_has.sql -- a test helper: does the plan of a query match a
 * pattern?  For asserting plan shapes (Partial Aggregate, ...) as booleans,
 * without printing plans in expected output.  Created in the test's schema.
 */
CREATE FUNCTION plan_has(q text, pattern text) RETURNS bool LANGUAGE plpgsql AS $$
DECLARE l text; t text := '';
BEGIN
  FOR l IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP t := t || l || E'\n'; END LOOP;
  RETURN t ~ pattern;
END $$;
