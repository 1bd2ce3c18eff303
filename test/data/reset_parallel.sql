/*
 * test/data/reset_parallel.sql -- a test helper: undo force_parallel.sql
 */
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;
RESET enable_hashagg;
