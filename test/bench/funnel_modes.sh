#!/usr/bin/env bash
# test/bench/funnel_modes.sh -- the issue 13 funnel modes (a benchmark, not a test)
#
# Loads the sample data and times, in one run and one server, serially:
# window_funnel's label form (the baseline), the same with any_order and
# with per-step gaps, funnel_attempts (totals) rolled up, and the one-pass
# funnel_counts(actor, ...) without and with totals; prints medians and
# each one's ratio to its baseline.  The queries run round-robin in one
# session after a warm-up round.  Holds /tmp/journey-install.lock for the
# install and run.
#   bash test/bench/funnel_modes.sh [users] [rounds]   (default 100000 users, 5 rounds)
set -euo pipefail
if [ -z "${JY_BENCH_LOCKED:-}" ]; then
	exec env JY_BENCH_LOCKED=1 flock /tmp/journey-install.lock bash "$0" "$@" 9>&-
fi
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
cd "$JY_ROOT"

users=${1:-100000}
rounds=${2:-5}
bench_start "$users"
bench_split test/bench/funnel_modes.sql
bench_times "SET max_parallel_workers_per_gather = 0;" "$rounds" \
	labels any_order gaps attempts onepass onepass_totals
l=$(bench_median labels)
o=$(bench_median onepass)
for q in labels any_order gaps attempts; do
	m=$(bench_median $q)
	printf '%-15s %9.1f ms  %s x labels\n' "$q" "$m" "$(bench_ratio "$m" "$l")"
done
for q in onepass onepass_totals; do
	m=$(bench_median $q)
	printf '%-15s %9.1f ms  %s x onepass\n' "$q" "$m" "$(bench_ratio "$m" "$o")"
done
