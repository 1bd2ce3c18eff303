/*
 * test/data/force_parallel.sql -- a test helper: force parallel plans in
 * which the workers do the aggregation (zero parallel costs, two workers,
 * no leader participation, no hash aggregation), and create plan_has() to
 * assert plan shapes.  Undo with RESET of the same settings.
 */
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
SET enable_hashagg = off;
\i test/data/plan_has.sql
