#!/usr/bin/env bash
# test/bench/btyd.sh -- the BTYD models at scale (a benchmark, not a test)
#
# Simulates CUSTOMERS BG/NBD customers with Gamma-Gamma spend in SQL
# (test/data/btyd_simulate.sql) and times, in one run and one server,
# serially: PostgreSQL's GROUP BY customer floor; customer_summary beside
# its plain-SQL formulation; the three fits over one row per customer in
# weeks (BG/NBD also over grouped rows, and once in days; Pareto/NBD once);
# and every
# customer's customer_prediction.
# Prints medians, ratios, and each fit's likelihood evaluations and the
# number of distinct rows it worked on.  Holds /tmp/journey-install.lock.
#   bash test/bench/btyd.sh [customers] [rounds]   (default 100000, 3 rounds)
set -euo pipefail
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
bench_lock "$@"
cd "$JY_ROOT"

customers=${1:-100000}
rounds=${2:-3}
bench_start 1000
jy_log "simulating $customers customers"
psql -X -q -v ON_ERROR_STOP=1 -v customers="$customers" -c "SET TIME ZONE 'UTC'" -f test/data/btyd_simulate.sql \
	-c "CREATE TABLE rfm AS SELECT cust, (customer_summary(ts, value, '2025-12-31', 'week')).* FROM sim_tx GROUP BY cust" \
	-c "CREATE TABLE rfm_days AS SELECT cust, (customer_summary(ts, value, '2025-12-31')).* FROM sim_tx GROUP BY cust" \
	-c "CREATE TABLE models AS SELECT bgnbd_fit(frequency, recency, age) AS bg, gamma_gamma_fit(frequency, monetary) AS gg FROM rfm" \
	-c "VACUUM ANALYZE sim_tx, rfm" >/dev/null
psql -X -A -t -c "SELECT format('%s transactions of %s customers; %s distinct (frequency, recency, age) in weeks, %s in days', (SELECT count(*) FROM sim_tx), count(*), count(DISTINCT (frequency, recency, age)), (SELECT count(DISTINCT (frequency, recency, age)) FROM rfm_days)) FROM rfm"
psql -X -A -t -c "SELECT format('bgnbd_fit: %s evaluations, converged %s; gamma_gamma_fit: %s evaluations over %s repeat customers, converged %s', (b).evaluations, (b).converged, (g).evaluations, (g).customers, (g).converged) FROM (SELECT bgnbd_fit(frequency, recency, age) b, gamma_gamma_fit(frequency, monetary) g FROM rfm) f"
# Pareto/NBD is timed once: it costs 30 times BG/NBD per row and evaluation (docs/predictive.md)
psql -X -A -t -c '\timing on' -c "SELECT format('pareto_nbd_fit: %s evaluations, converged %s', (p).evaluations, (p).converged) FROM (SELECT pareto_nbd_fit(frequency, recency, age) p FROM rfm) f" |
	awk '/^Time:/ { printf "pareto_nbd_fit: %s ms (one run)\n", $2; next } { print }'
bench_split test/bench/btyd.sql
bench_times "SET max_parallel_workers_per_gather = 0; SET TIME ZONE 'UTC';" "$rounds" \
	floor summary summary_sql bgnbd bgnbd_weighted gamma_gamma scores
bench_row floor floor
bench_row summary summary_sql
bench_row summary_sql floor
bench_row bgnbd floor
bench_row bgnbd_weighted bgnbd
bench_row gamma_gamma bgnbd
bench_row scores floor
# the fit in days (every customer nearly distinct: ages of 400 .. 1499 days), once
bench_times "SET max_parallel_workers_per_gather = 0;" 1 bgnbd_days
echo "bgnbd_days      $(bench_median bgnbd_days) ms (one run, after a warm-up run)"
