#!/usr/bin/env bash
# test/bench/fdw.sh -- the funnel report over two postgres_fdw shards against
# one node (a benchmark, not a test; docs/scale-out.md)
#
# Loads the sample data on a coordinator, starts two shard servers on this
# machine and splits the events between them by hash of user_id (the recipe
# of docs/scale-out.md: a partitioned table ev_shards whose partitions are
# foreign tables, servers with extensions 'journey' and async_capable),
# then times, round-robin in one session after a warm-up round, with
# enable_partitionwise_aggregate on, the queries of test/bench/fdw.sql:
#   floor, floor_shards       PostgreSQL's GROUP BY user_id, one node / shards
#   report, report_shards     the funnel report: window_funnel per user
#                             (pushed to the shards), funnel_counts of the
#                             levels on the coordinator
#   report_nosync        the same through servers without async_capable
#                             (the shards run one after the other)
#   onepass, onepass_shards   the one-pass funnel_counts(user_id, ...): one
#                             node / one per shard, summed with
#                             funnel_counts(bigint[]) on the coordinator
# checks that every report gives the same counts and prints medians and
# ratios.  All three servers share this machine's cores (2 here), so the
# shards' speed-up is bounded by them.  Holds /tmp/journey-install.lock.
#   bash test/bench/fdw.sh [users] [rounds]      (default 100000 users, 7 rounds)
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
bench_lock "$@"
cd "$JY_ROOT"

users=${1:-100000}
rounds=${2:-7}
bench_start "$users"
bench_split test/bench/fdw.sql
shards=()
for n in 0 1; do
	JY_SERVER_OPTS="-c shared_buffers=1GB -c work_mem=256MB -c jit=off" jy_cluster_create "bench-fdw-s$n" >/dev/null 2>&1
	shards+=("$JY_LAST_CLUSTER/sock")
	PGHOST=$JY_LAST_CLUSTER/sock psql -X -q -d postgres -v ON_ERROR_STOP=1 <<'SQL'
CREATE EXTENSION journey;
CREATE TABLE events (user_id bigint, ts timestamptz, event text, channel text, revenue numeric(10, 2));
SQL
done
trap 'rm -rf "$BENCH_WORK"; jy_cluster_stop' EXIT
psql -X -q -v ON_ERROR_STOP=1 -v s0="${shards[0]}" -v s1="${shards[1]}" <<'SQL'
CREATE EXTENSION postgres_fdw;
CREATE SERVER shard0 FOREIGN DATA WRAPPER postgres_fdw
	OPTIONS (host :'s0', port '5432', dbname 'postgres', extensions 'journey', async_capable 'true', batch_size '1000');
CREATE SERVER shard1 FOREIGN DATA WRAPPER postgres_fdw
	OPTIONS (host :'s1', port '5432', dbname 'postgres', extensions 'journey', async_capable 'true', batch_size '1000');
CREATE SERVER shard0_sync FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host :'s0', port '5432', dbname 'postgres', extensions 'journey');
CREATE SERVER shard1_sync FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host :'s1', port '5432', dbname 'postgres', extensions 'journey');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard0 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1 OPTIONS (user 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard0_sync OPTIONS (user 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard1_sync OPTIONS (user 'postgres');
CREATE TABLE ev_shards (LIKE journey_sample.events) PARTITION BY HASH (user_id);
CREATE FOREIGN TABLE ev_shards_0 PARTITION OF ev_shards FOR VALUES WITH (MODULUS 2, REMAINDER 0)
	SERVER shard0 OPTIONS (schema_name 'public', table_name 'events');
CREATE FOREIGN TABLE ev_shards_1 PARTITION OF ev_shards FOR VALUES WITH (MODULUS 2, REMAINDER 1)
	SERVER shard1 OPTIONS (schema_name 'public', table_name 'events');
CREATE TABLE ev_shards_sync (LIKE journey_sample.events) PARTITION BY HASH (user_id);
CREATE FOREIGN TABLE ev_shards_sync_0 PARTITION OF ev_shards_sync FOR VALUES WITH (MODULUS 2, REMAINDER 0)
	SERVER shard0_sync OPTIONS (schema_name 'public', table_name 'events');
CREATE FOREIGN TABLE ev_shards_sync_1 PARTITION OF ev_shards_sync FOR VALUES WITH (MODULUS 2, REMAINDER 1)
	SERVER shard1_sync OPTIONS (schema_name 'public', table_name 'events');
INSERT INTO ev_shards SELECT * FROM events;
ANALYZE ev_shards, ev_shards_sync;
SQL
for s in "${shards[@]}"; do PGHOST=$s psql -X -q -d postgres -c "VACUUM ANALYZE events"; done

settings="SET enable_partitionwise_aggregate = on; SET max_parallel_workers_per_gather = 0;"
status=0
ref=$( { echo "$settings"; cat "$BENCH_WORK/report.sql"; } | psql -X -q -A -t)
for q in report_shards report_nosync onepass onepass_shards; do
	out=$( { echo "$settings"; cat "$BENCH_WORK/$q.sql"; } | psql -X -q -A -t)
	if [ "$out" != "$ref" ]; then echo "MISMATCH: report gave $ref, $q gave $out"; status=1; fi
done
for q in report_shards onepass_shards; do
	n=$( { echo "$settings"; echo "EXPLAIN (VERBOSE, COSTS OFF)"; cat "$BENCH_WORK/$q.sql"; } | psql -X -q -A -t |
		grep -c 'Remote SQL: SELECT .*public\.\(window_funnel\|funnel_counts\)(' || true)
	[ "$n" -eq 2 ] || { echo "PLAN: $q does not run the funnel on both shards"; status=1; }
done
bench_times "$settings" "$rounds" floor floor_shards report report_shards report_nosync onepass onepass_shards
echo "serial plans (max_parallel_workers_per_gather = 0), $rounds rounds, medians:"
for q in floor floor_shards report report_shards report_nosync onepass onepass_shards; do bench_row "$q" report; done
printf 'one node / two shards: floor %s, report %s, report without async %s, one-pass %s\n' \
	"$(bench_ratio "$(bench_median floor)" "$(bench_median floor_shards)")" \
	"$(bench_ratio "$(bench_median report)" "$(bench_median report_shards)")" \
	"$(bench_ratio "$(bench_median report)" "$(bench_median report_nosync)")" \
	"$(bench_ratio "$(bench_median onepass)" "$(bench_median onepass_shards)")"
echo "funnel counts (all equal): $ref"
exit $status
