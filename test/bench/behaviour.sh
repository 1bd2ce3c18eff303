#!/usr/bin/env bash
# test/bench/behaviour.sh -- the issue 14 reports (a benchmark, not a test)
#
# Loads the sample data and times, in one run and one server, serially:
# PostgreSQL's GROUP BY user_id floor and the window_funnel report (the
# funnel baseline); conversion drivers by channel, every first-touch
# channel against the rest, Sankey path edges over stored journeys,
# stickiness and value retention -- each beside a plain-SQL formulation of
# the same rows (the checks of test/sql/tutorial.sql, at scale).  Prints
# medians, each report's ratio to its plain SQL, and to the floor.  The
# queries run round-robin in one session after a warm-up round.  Holds
# /tmp/journey-install.lock for the install and run.
#   bash test/bench/behaviour.sh [users] [rounds]   (default 100000 users, 5 rounds)
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
bench_lock "$@"
cd "$JY_ROOT"

users=${1:-100000}
rounds=${2:-5}
bench_start "$users"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE TABLE journeys AS SELECT user_id, journey_agg(ts, event) AS j FROM events GROUP BY user_id" \
	-c "VACUUM ANALYZE journeys"
bench_split test/bench/behaviour.sql
bench_times "SET max_parallel_workers_per_gather = 0;" "$rounds" \
	floor labels drivers drivers_sql segments segments_sql edges edges_sql stickiness stickiness_sql value value_sql
bench_row floor floor
bench_row labels floor
bench_row drivers drivers_sql
bench_row drivers labels
bench_row segments segments_sql
bench_row edges edges_sql
bench_row stickiness stickiness_sql
bench_row value value_sql
for q in drivers_sql segments_sql edges_sql stickiness_sql value_sql; do bench_row $q floor; done
