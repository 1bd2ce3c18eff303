#!/usr/bin/env bash
# test/bench/funnel.sh -- benchmark of window_funnel (a benchmark, not a test)
#
# Loads the sample data and times, in one run and one server:
#   (a)  floor:         SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s
#   (b)  window_funnel: the 4-step funnel per user (conditions), then users per level
#   (b2) the same with the label form: window_funnel(window, ts, event, ARRAY[...])
#   (c)  plain_sql:     the exact plain-SQL formulation of (b) (window functions,
#        the view of test/data/plain_funnel.sql)
#   (p)  pg_count:      for reference, PostgreSQL's cheapest real per-user
#        aggregate with the same outer grouping: count(event) per user, then
#        users per count (the floor computes no aggregate at all: the planner
#        drops its unused count(*))
#   (r)  agg_overhead:  for reference, window_funnel with one constant-false
#        condition: PostgreSQL's per-row aggregate call, nothing stored (the
#        users share one empty state) and no condition evaluated
# checks that (b), (b2) and (c) agree, serially and with 2 parallel workers
# (forced by zero parallel costs), and prints medians and ratios.  The
# queries run round-robin in one session, after a warm-up round, so that a
# drift of the machine's speed hits them all alike.
#   bash test/bench/funnel.sh [users] [rounds]     (default 100000 users, 7 rounds)
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
cd "$JY_ROOT"

users=${1:-100000}
rounds=${2:-7}
bench_start "$users"
psql -X -q -f test/data/plain_funnel.sql
bench_split test/bench/funnel.sql

status=0
for mode in serial parallel; do
	if [ "$mode" = serial ]; then
		settings="SET max_parallel_workers_per_gather = 0;"
	else
		settings="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
	fi
	# (b), (b2) and (c) must agree
	b_out=$( { echo "$settings"; cat "$BENCH_WORK/window_funnel.sql"; } | psql -X -q -A -t)
	for q in window_funnel_labels plain_sql; do
		out=$( { echo "$settings"; cat "$BENCH_WORK/$q.sql"; } | psql -X -q -A -t)
		if [ "$b_out" != "$out" ]; then
			echo "MISMATCH ($mode): window_funnel gave"; echo "$b_out"; echo "$q gave"; echo "$out"
			status=1
		fi
	done
	plan=$( { echo "$settings"; echo "EXPLAIN (COSTS OFF)"; cat "$BENCH_WORK/window_funnel.sql"; } | psql -X -q -A -t | grep -c "Workers Planned" || true)
	bench_times "$settings" "$rounds" floor pg_count agg_overhead window_funnel window_funnel_labels plain_sql
	a=$(bench_median floor)
	p=$(bench_median pg_count)
	r=$(bench_median agg_overhead)
	b=$(bench_median window_funnel)
	b2=$(bench_median window_funnel_labels)
	c=$(bench_median plain_sql)
	printf '%-8s (%s plan)  floor %.1f ms | count(event) %.1f ms | aggregate overhead %.1f ms | window_funnel %.1f ms | label form %.1f ms | plain SQL %.1f ms\n' \
		"$mode" "$([ "$plan" -gt 0 ] && echo parallel || echo serial)" "$a" "$p" "$r" "$b" "$b2" "$c"
	printf '%-8s (b)/(a) = %s   (b2)/(a) = %s   (c)/(b) = %s   (c)/(b2) = %s   (p)/(a) = %s   (r)/(a) = %s   (b2)/(p) = %s\n' "" \
		"$(bench_ratio "$b" "$a")" "$(bench_ratio "$b2" "$a")" "$(bench_ratio "$c" "$b")" \
		"$(bench_ratio "$c" "$b2")" "$(bench_ratio "$p" "$a")" "$(bench_ratio "$r" "$a")" "$(bench_ratio "$b2" "$p")"
done
echo "users per level (window_funnel = label form = plain SQL):"; echo "$b_out" | tr '\n' ' '; echo
exit $status
