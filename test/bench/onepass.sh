#!/usr/bin/env bash
# test/bench/onepass.sh -- benchmark of the one-pass funnel (not a test)
#
# Loads the sample data and times, in one run and one server, round-robin
# after a warm-up round:
#   floor:              SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s
#   per_user:           funnel_counts(window_funnel(...), 4) over GROUP BY user_id (label form)
#   onepass:            funnel_counts(user_id, '7 days', ts, event, ARRAY[...]) over the table
#   onepass_conditions: the same with conditions
# serially and with 2 parallel workers; checks that all give the same
# counts and prints medians and ratios.  Holds /tmp/journey-install.lock
# for the install and run.
#   bash test/bench/onepass.sh [users] [rounds]     (default 100000 users, 7 rounds)
set -euo pipefail
if [ -z "${JY_BENCH_LOCKED:-}" ]; then
	exec env JY_BENCH_LOCKED=1 flock /tmp/journey-install.lock bash "$0" "$@" 9>&-
fi
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
cd "$JY_ROOT"

users=${1:-100000}
rounds=${2:-7}
bench_start "$users"
bench_split test/bench/onepass.sql

status=0
for mode in serial parallel; do
	if [ "$mode" = serial ]; then
		settings="SET max_parallel_workers_per_gather = 0;"
	else
		settings="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
	fi
	ref=$( { echo "$settings"; cat "$BENCH_WORK/per_user.sql"; } | psql -X -q -A -t)
	for q in onepass onepass_conditions; do
		out=$( { echo "$settings"; cat "$BENCH_WORK/$q.sql"; } | psql -X -q -A -t)
		if [ "$ref" != "$out" ]; then
			echo "MISMATCH ($mode): per_user gave $ref, $q gave $out"
			status=1
		fi
	done
	bench_times "$settings" "$rounds" floor per_user onepass onepass_conditions
	a=$(bench_median floor)
	b=$(bench_median per_user)
	c=$(bench_median onepass)
	d=$(bench_median onepass_conditions)
	printf '%-8s floor %.1f ms | per-user %.1f ms | one-pass %.1f ms | one-pass conditions %.1f ms\n' \
		"$mode" "$a" "$b" "$c" "$d"
	printf '%-8s per-user/floor = %s   one-pass/floor = %s   one-pass conditions/floor = %s   one-pass/per-user = %s\n' "" \
		"$(bench_ratio "$b" "$a")" "$(bench_ratio "$c" "$a")" "$(bench_ratio "$d" "$a")" "$(bench_ratio "$c" "$b")"
done
echo "users per step (per-user = one-pass = one-pass conditions): $ref"
exit $status
