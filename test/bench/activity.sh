#!/usr/bin/env bash
# test/bench/activity.sh -- benchmark of the activity summary (a benchmark, not a test)
#
# Loads the sample data and times, in one run and one server:
#   (a)  floor:      SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s
#   (b)  cohort_summary:    cohort_retention((SELECT activity_agg(user_id, ts) FROM events), 'week')
#   (b2) lifecycle_summary: lifecycle((SELECT activity_agg(user_id, ts) FROM events), 'week')
#   (c)  cohort_plain_sql:    the exact weekly cohort table in plain SQL
#   (c2) lifecycle_plain_sql: the exact weekly lifecycle in plain SQL
#   (q)  cohort_query_text, (q2) lifecycle_query_text: the query-text forms
#        (conveniences over the summary; their query runs through a cursor,
#        so it gets no parallel plan)
# checks that (b), (q) and (c) agree, and (b2), (q2) and (c2), serially and
# with 2 parallel workers (forced by zero parallel costs), and prints
# medians and ratios.  The queries run round-robin in one session, after a
# warm-up round.  Holds /tmp/journey-install.lock for the install and run.
#   bash test/bench/activity.sh [users] [rounds]     (default 100000 users, 5 rounds)
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
bench_lock "$@"
cd "$JY_ROOT"

users=${1:-100000}
rounds=${2:-5}
bench_start "$users"
bench_split test/bench/activity.sql
psql -X -q -A -t -c "SELECT format('%s distinct (user, day) pairs, %s weeks, TimeZone %s', count(*), count(DISTINCT date_trunc('week', d)), current_setting('TimeZone')) FROM (SELECT DISTINCT user_id, ts::date AS d FROM events) s"

status=0
for mode in serial parallel; do
	if [ "$mode" = serial ]; then
		settings="SET max_parallel_workers_per_gather = 0;"
	else
		settings="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;"
	fi
	for group in cohort lifecycle; do
		ref=$( { echo "$settings"; cat "$BENCH_WORK/${group}_summary.sql"; } | psql -X -q -A -t)
		for q in ${group}_query_text ${group}_plain_sql; do
			out=$( { echo "$settings"; cat "$BENCH_WORK/$q.sql"; } | psql -X -q -A -t)
			if [ "$ref" != "$out" ]; then
				echo "MISMATCH ($mode): ${group}_summary and $q differ:"
				diff <(echo "$ref") <(echo "$out") | head -20
				status=1
			fi
		done
		[ "$group" = cohort ] && cohort_rows=$(echo "$ref" | wc -l) || lifecycle_rows=$(echo "$ref" | wc -l)
	done
	plan=$( { echo "$settings"; echo "EXPLAIN (COSTS OFF)"; cat "$BENCH_WORK/cohort_summary.sql"; } | psql -X -q -A -t | grep -c "Partial Aggregate" || true)
	bench_times "$settings" "$rounds" floor cohort_summary cohort_query_text cohort_plain_sql \
		lifecycle_summary lifecycle_query_text lifecycle_plain_sql
	a=$(bench_median floor)
	b=$(bench_median cohort_summary)
	q=$(bench_median cohort_query_text)
	c=$(bench_median cohort_plain_sql)
	b2=$(bench_median lifecycle_summary)
	q2=$(bench_median lifecycle_query_text)
	c2=$(bench_median lifecycle_plain_sql)
	printf '%-8s (summary plan %s)  floor %.1f ms\n' "$mode" \
		"$([ "$plan" -gt 0 ] && echo parallel || echo serial)" "$a"
	printf '%-8s cohort:    summary %.1f ms | query text %.1f ms | plain SQL %.1f ms   (c)/(b) = %s   (b)/(a) = %s\n' "" \
		"$b" "$q" "$c" "$(bench_ratio "$c" "$b")" "$(bench_ratio "$b" "$a")"
	printf '%-8s lifecycle: summary %.1f ms | query text %.1f ms | plain SQL %.1f ms   (c2)/(b2) = %s   (b2)/(a) = %s\n' "" \
		"$b2" "$q2" "$c2" "$(bench_ratio "$c2" "$b2")" "$(bench_ratio "$b2" "$a")"
done
echo "results agree: $([ $status -eq 0 ] && echo yes || echo NO) ($cohort_rows cohort rows, $lifecycle_rows lifecycle rows)"
exit $status
