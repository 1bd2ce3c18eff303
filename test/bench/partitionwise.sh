#!/usr/bin/env bash
# test/bench/partitionwise.sh -- the funnel over a hash-partitioned table (not a test)
#
# Loads the sample data, copies it into ev_part (hash-partitioned by
# user_id, 4 partitions) and times, in one run and one server, round-robin
# after a warm-up round, with enable_partitionwise_aggregate = on, the
# queries of test/bench/partitionwise.sql: the floor, the per-user form and
# the one-pass form over the plain table, and over ev_part the floor, the
# per-user form (grouped partition by partition), the one-pass form as
# PostgreSQL plans it (a partial state per partition, combined), over one
# Append (one state), and one state per partition summed with
# funnel_counts(bigint[]); and, over the plain table, the journey-map
# forms (furthest_stage per user, and funnel_counts(user_id, map, ...)) of
# a map equal to the funnel.  Serially and with 2 parallel workers; checks
# that all give the same counts and prints medians and ratios.  Holds
# /tmp/journey-install.lock for the install and run.
#   bash test/bench/partitionwise.sh [users] [rounds]   (default 100000 users, 7 rounds)
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
bench_lock "$@"
cd "$JY_ROOT"

users=${1:-100000}
rounds=${2:-7}
bench_start "$users"
bench_split test/bench/partitionwise.sql
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE ev_part (LIKE events) PARTITION BY HASH (user_id);
CREATE TABLE ev_part_0 PARTITION OF ev_part FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE ev_part_1 PARTITION OF ev_part FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE ev_part_2 PARTITION OF ev_part FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE ev_part_3 PARTITION OF ev_part FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO ev_part SELECT * FROM events;
VACUUM ANALYZE ev_part;
SQL

queries="floor floor_part per_user per_user_part onepass onepass_part onepass_part_append onepass_part_sum per_user_map onepass_map"
status=0
for mode in serial parallel; do
	settings="SET enable_partitionwise_aggregate = on;"
	if [ "$mode" = serial ]; then
		settings="$settings SET max_parallel_workers_per_gather = 0;"
	else
		settings="$settings SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
	fi
	ref=$( { echo "$settings"; cat "$BENCH_WORK/per_user.sql"; } | psql -X -q -A -t)
	for q in per_user_part onepass onepass_part onepass_part_append onepass_part_sum per_user_map onepass_map; do
		out=$( { echo "$settings"; cat "$BENCH_WORK/$q.sql"; } | psql -X -q -A -t)
		if [ "$ref" != "$out" ]; then
			echo "MISMATCH ($mode): per_user gave $ref, $q gave $out"
			status=1
		fi
	done
	# shellcheck disable=SC2086  # the query names are words
	bench_times "$settings" "$rounds" $queries
	f=$(bench_median floor)
	echo "$mode (median ms, and / floor):"
	for q in $queries; do
		t=$(bench_median "$q")
		printf '  %-20s %9.1f ms  %s x floor\n' "$q" "$t" "$(bench_ratio "$t" "$f")"
	done
done
echo "users per step (all forms): $ref"
exit $status
