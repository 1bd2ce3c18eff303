#!/usr/bin/env bash
# test/bench/sequence.sh -- benchmark of sequence_match (a benchmark, not a test)
#
# Loads the sample data and measures, in one run and one server, serially:
#   (a) the floor: count(*) per user;
#   (b) sequence_match('(?1)(?t<=3600)(?2)', product_view, purchase) per user;
#   (c) the same question in plain SQL (a window function), checking b = c;
#   (d) the same over stored journeys;
#   (e) one group of 1M events and a pathological pattern (100 x '.*(?1)'
#       then '(?2)', which never matches): linear time, not exponential.
#   bash test/bench/sequence.sh [users] [rounds]     (default 100000 users, 5 rounds)
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
cd "$JY_ROOT"

users=${1:-100000}
rounds=${2:-5}
bench_start "$users"
bench_split test/bench/sequence.sql
psql -X -q -v ON_ERROR_STOP=1 -c "SET max_parallel_workers_per_gather = 0" \
	-c "CREATE TABLE stored AS SELECT user_id, journey_agg(ts, event) j FROM events GROUP BY user_id" \
	-c "VACUUM ANALYZE stored"

status=0
b=$(psql -X -q -A -t -f "$BENCH_WORK/match.sql")
c=$(psql -X -q -A -t -f "$BENCH_WORK/plain_sql.sql")
d=$(psql -X -q -A -t -f "$BENCH_WORK/stored.sql")
if [ "$b" != "$c" ] || [ "$b" != "$d" ]; then
	echo "MISMATCH: sequence_match $b, plain SQL $c, stored journeys $d"
	status=1
fi

bench_times "SET max_parallel_workers_per_gather = 0;" "$rounds" floor match plain_sql stored
fa=$(bench_median floor)
fb=$(bench_median match)
fc=$(bench_median plain_sql)
fd=$(bench_median stored)
bench_times "SET max_parallel_workers_per_gather = 0;" 1 pathological
fe=$(bench_median pathological)
printf 'users who viewed then bought within an hour: %s (sequence_match = plain SQL = stored)\n' "$b"
printf 'serial: (a) floor %.1f ms | (b) sequence_match %.1f ms | (c) plain SQL %.1f ms | (d) stored journeys %.1f ms\n' \
	"$fa" "$fb" "$fc" "$fd"
printf '        b / a = %s   c / b = %s   b / d = %s\n' \
	"$(bench_ratio "$fb" "$fa")" "$(bench_ratio "$fc" "$fb")" "$(bench_ratio "$fb" "$fd")"
printf '(e) 1M events, pathological pattern: %.1f ms\n' "$fe"
exit $status
