#!/usr/bin/env bash
# test/bench/funnel.sh -- benchmark of window_funnel (a benchmark, not a test)
#
# Loads the sample data and times, in one run and one server:
#   (a)  floor:         SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s
#   (b)  window_funnel: the 4-step funnel per user (conditions), then users per level
#   (b2) the same with the label form: window_funnel(window, ts, event, ARRAY[...])
#   (c)  plain_sql:     the exact plain-SQL formulation of (b) (window functions,
#        the view of test/data/plain_funnel.sql)
#   (r)  agg_overhead:  for reference, window_funnel with one constant-false
#        condition: PostgreSQL's per-row aggregate call and one state per
#        user, with no event stored and no condition evaluated
# checks that (b), (b2) and (c) agree, serially and with 2 parallel workers
# (forced by zero parallel costs), and prints medians and ratios.  The
# queries run round-robin in one session, after a warm-up round, so that a
# drift of the machine's speed hits them all alike.
#   bash test/bench/funnel.sh [users] [rounds]     (default 100000 users, 7 rounds)
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
cd "$JY_ROOT"

users=${1:-100000}
rounds=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"; jy_cluster_stop' EXIT

JY_EXTRA_PACKAGES=bc jy_ensure_packages
jy_build_install
JY_SERVER_OPTS="-c shared_buffers=1GB -c work_mem=256MB -c max_parallel_workers=4 -c jit=off" \
	jy_cluster_start bench
trap 'rm -rf "$work"; jy_cluster_stop' EXIT

jy_log "loading the sample data: $users users"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION journey" -v users="$users" -f test/data/sample_events.sql
psql -X -q -c "VACUUM ANALYZE events" -f test/data/plain_funnel.sql
psql -X -A -t -c "SELECT format('%s events, %s users; work_mem 256MB, jit off', count(*), count(DISTINCT user_id)) FROM events"

# split the queries: one file per "-- name" section
awk '/^-- [a-z_]+$/ { f = "'"$work"'/" $2 ".sql"; next } f { print > f }' test/bench/funnel.sql

# median of a list of numbers
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# run the queries round-robin; prints "query ms" lines
time_round_robin() {
	local settings=$1 r q
	{
		echo "$settings"
		echo '\o /dev/null'
		for q in $queries; do echo "\\echo start $q"; cat "$work/$q.sql"; done
		echo '\timing on'
		for r in $(seq "$rounds"); do
			for q in $queries; do echo "\\echo start $q"; cat "$work/$q.sql"; done
		done
	} | psql -X -q -v ON_ERROR_STOP=1 2>&1 |
		awk '/^start / { q = $2 } /^Time: / { print q, $2 }'
}

queries="floor agg_overhead window_funnel window_funnel_labels plain_sql"
# the median time of one query in $times
median_of() { echo "$times" | awk -v q="$1" '$1 == q { print $2 }' | median; }
status=0
for mode in serial parallel; do
	if [ "$mode" = serial ]; then
		settings="SET max_parallel_workers_per_gather = 0;"
	else
		settings="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
	fi
	# (b), (b2) and (c) must agree
	b_out=$( { echo "$settings"; cat "$work/window_funnel.sql"; } | psql -X -q -A -t)
	c_out=$( { echo "$settings"; cat "$work/plain_sql.sql"; } | psql -X -q -A -t)
	if [ "$b_out" != "$c_out" ]; then
		echo "MISMATCH ($mode): window_funnel gave"; echo "$b_out"; echo "plain SQL gave"; echo "$c_out"
		status=1
	fi
	l_out=$( { echo "$settings"; cat "$work/window_funnel_labels.sql"; } | psql -X -q -A -t)
	if [ "$b_out" != "$l_out" ]; then
		echo "MISMATCH ($mode): the label form gave"; echo "$l_out"
		status=1
	fi
	plan=$( { echo "$settings"; echo "EXPLAIN (COSTS OFF)"; cat "$work/window_funnel.sql"; } | psql -X -q -A -t | grep -c "Workers Planned" || true)
	times=$(time_round_robin "$settings")
	t_floor=$(median_of floor)
	t_agg_overhead=$(median_of agg_overhead)
	t_window_funnel=$(median_of window_funnel)
	t_window_funnel_labels=$(median_of window_funnel_labels)
	t_plain_sql=$(median_of plain_sql)
	printf '%-8s (%s plan)  floor %.1f ms | aggregate overhead %.1f ms | window_funnel %.1f ms | label form %.1f ms | plain SQL %.1f ms\n' \
		"$mode" "$([ "$plan" -gt 0 ] && echo parallel || echo serial)" \
		"$t_floor" "$t_agg_overhead" "$t_window_funnel" "$t_window_funnel_labels" "$t_plain_sql"
	printf '%-8s (b)/(a) = %.2f   (b2)/(a) = %.2f   (c)/(b) = %.2f   (c)/(b2) = %.2f   (r)/(a) = %.2f\n' "" \
		"$(echo "$t_window_funnel / $t_floor" | bc -l)" "$(echo "$t_window_funnel_labels / $t_floor" | bc -l)" \
		"$(echo "$t_plain_sql / $t_window_funnel" | bc -l)" "$(echo "$t_plain_sql / $t_window_funnel_labels" | bc -l)" \
		"$(echo "$t_agg_overhead / $t_floor" | bc -l)"
done
echo "users per level (window_funnel = label form = plain SQL):"; echo "$b_out" | tr '\n' ' '; echo
exit $status
