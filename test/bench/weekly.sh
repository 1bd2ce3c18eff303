#!/usr/bin/env bash
# test/bench/weekly.sh -- the weekly report, charts and export (a benchmark, not a test)
#
# Loads the sample data and the weekly report (test/data/weekly_report.sql)
# and times, in one run and one server, serially: PostgreSQL's GROUP BY
# user_id floor; the report's refresh beside the plain-SQL formulation of
# its KPIs' counts (test/sql/weekly_report.sql's checks, at scale); the
# four reports the HTML page draws, as rows and drawn as charts (the cost
# of drawing); and report_json of every event beside json_agg(row_to_json).
# Prints medians and ratios.  Holds /tmp/journey-install.lock for the
# install and run.
#   bash test/bench/weekly.sh [users] [rounds]   (default 100000 users, 3 rounds)
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
bench_lock "$@"
cd "$JY_ROOT"

users=${1:-100000}
rounds=${2:-3}
bench_start "$users"
PGOPTIONS="$PGOPTIONS -c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 -f test/data/weekly_report.sql >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE TABLE journeys AS SELECT user_id, journey_agg(ts, event) AS j FROM events GROUP BY user_id" \
	-c "VACUUM ANALYZE journeys"
bench_split test/bench/weekly.sql
bench_times "SET max_parallel_workers_per_gather = 0; SET TIME ZONE 'UTC';" "$rounds" \
	floor refresh refresh_sql reports charts json json_sql
bench_row floor floor
bench_row refresh refresh_sql
bench_row refresh_sql floor
bench_row charts reports
bench_row json json_sql
