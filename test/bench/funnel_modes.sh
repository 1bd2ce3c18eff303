#!/usr/bin/env bash
# test/bench/funnel_modes.sh -- the issue 13 funnel modes (a benchmark, not a test)
#
# Loads the sample data and times, in one run and one server, serially:
# PostgreSQL's GROUP BY user_id floor; window_funnel's label form (the
# baseline), the same with any_order, first_time and per-step gaps,
# funnel_attempts (totals) rolled up; funnel_times and funnel_props (its
# baseline: funnel_times); the weekly funnel_trend report; and the
# one-pass funnel_counts(actor, ...) without and with totals.  Prints
# medians, each one's ratio to its baseline and to the floor.  The queries run round-robin in one
# session after a warm-up round.  Holds /tmp/journey-install.lock for the
# install and run.
#   bash test/bench/funnel_modes.sh [users] [rounds]   (default 100000 users, 5 rounds)
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
bench_lock "$@"
cd "$JY_ROOT"

users=${1:-100000}
rounds=${2:-5}
bench_start "$users"
bench_split test/bench/funnel_modes.sql
bench_times "SET max_parallel_workers_per_gather = 0;" "$rounds" \
	floor labels any_order first_time gaps attempts times props trend onepass onepass_totals
bench_row floor floor
for q in labels any_order first_time gaps attempts trend; do bench_row $q labels; done
for q in times props; do bench_row $q times; done
for q in onepass onepass_totals; do bench_row $q onepass; done
