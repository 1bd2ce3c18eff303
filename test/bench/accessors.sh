#!/usr/bin/env bash
# test/bench/accessors.sh -- benchmark of the journey accessors (a benchmark, not a test)
#
# Builds J stored journeys of T touches each (12 labels, minute timestamps)
# and measures, in one run and one server, each accessor summed over all of
# them against the floor of reaching the values at all: sum(pg_column_size(j))
# over the same table (it deforms the column and reads the varlena header).
# The ratio accessor / floor is what the accessor itself costs; length,
# first_ts and last_ts should stay close to 1 (they read the stored bytes
# without validating them again, docs/format.md).
#   bash test/bench/accessors.sh [journeys] [touches] [rounds]   (default 100000 50 7)
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
cd "$JY_ROOT"

journeys=${1:-100000}
touches=${2:-50}
rounds=${3:-7}
bench_start 100
bench_split test/bench/accessors.sql
psql -X -q -v ON_ERROR_STOP=1 -v journeys="$journeys" -v touches="$touches" <<'SQL'
SET max_parallel_workers_per_gather = 0;
CREATE TABLE stored AS
SELECT u, journey_agg(timestamptz '2025-01-01' + ((u * 7 + g * 37) % 100000) * interval '1 minute',
                      'l' || ((u + g * g) % 12)) AS j
FROM generate_series(1, :journeys) u, generate_series(1, :touches) g
GROUP BY u;
VACUUM ANALYZE stored;
SQL
psql -X -A -t -c "SELECT format('%s journeys, %s touches, %s bytes per journey', count(*), sum(length(j)), round(avg(pg_column_size(j)))) FROM stored"

queries="floor length first_ts last_ts duration labels path events funnel"
# shellcheck disable=SC2086
bench_times "SET max_parallel_workers_per_gather = 0;" "$rounds" $queries
floor=$(bench_median floor)
printf 'serial, median of %s rounds; ratio = query / floor (sum(pg_column_size(j)), %.1f ms)\n' "$rounds" "$floor"
for q in $queries; do
	t=$(bench_median "$q")
	printf '  %-9s %8.1f ms  %s\n' "$q" "$t" "$(bench_ratio "$t" "$floor")"
done
