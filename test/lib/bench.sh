# test/lib/bench.sh -- shared by the benchmarks in test/bench/
#
# Sourced after test/lib/cluster.sh.  Provides:
#   bench_lock "$@"           run the benchmark under /tmp/journey-install.lock
#   bench_start USERS         packages, build, a throwaway server tuned for
#                             timing, the sample data with USERS users (in
#                             journey_sample, first on every session's search_path)
#   bench_split FILE          one file per "-- name" section of FILE, into $BENCH_WORK
#   bench_times SETTINGS ROUNDS Q...  run queries Q round-robin in one session
#                             after a warm-up round; prints "query ms" lines
#   bench_median Q            the median ms of query Q in $BENCH_TIMES
#   bench_ratio A B           A / B with two decimals
#   bench_row Q B             one report line: Q's median, Q / B and Q / the
#                             query named floor

# Run the calling benchmark under /tmp/journey-install.lock: re-executes
# the script once, holding the lock (call it before anything else)
bench_lock() {
	if [ -z "${JY_BENCH_LOCKED:-}" ]; then
		exec env JY_BENCH_LOCKED=1 flock /tmp/journey-install.lock bash "$0" "$@" 9>&-
	fi
}

bench_start() {
	local users=$1
	BENCH_WORK=$(mktemp -d)
	JY_EXTRA_PACKAGES=bc jy_ensure_packages
	jy_build_install
	JY_SERVER_OPTS="-c shared_buffers=1GB -c work_mem=256MB -c max_parallel_workers=4 -c jit=off" \
		jy_cluster_start "bench-$(basename "$0" .sh)"
	trap 'rm -rf "$BENCH_WORK"; jy_cluster_stop' EXIT
	jy_log "loading the sample data: $users users"
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION journey" -v users="$users" -f test/data/sample_events.sql >/dev/null
	# every session of the benchmark queries the sample data as events
	export PGOPTIONS="-c search_path=journey_sample,public"
	psql -X -q -c "VACUUM ANALYZE events"
	psql -X -A -t -c "SELECT format('%s events, %s users; work_mem 256MB, jit off', count(*), count(DISTINCT user_id)) FROM events"
}

bench_split() {
	awk -v dir="$BENCH_WORK" '/^-- [a-z_0-9]+$/ { f = dir "/" $2 ".sql"; next } f { print > f }' "$1"
}

bench_times() {
	local settings=$1 rounds=$2 r q
	shift 2
	BENCH_TIMES=$({
		echo "$settings"
		echo '\o /dev/null'
		for q in "$@"; do echo "\\echo start $q"; cat "$BENCH_WORK/$q.sql"; done
		echo '\timing on'
		for r in $(seq "$rounds"); do
			for q in "$@"; do echo "\\echo start $q"; cat "$BENCH_WORK/$q.sql"; done
		done
	} | psql -X -q -v ON_ERROR_STOP=1 2>&1 | awk '/^start / { q = $2 } /^Time: / { print q, $2 }')
}

bench_median() {
	echo "$BENCH_TIMES" | awk -v q="$1" '$1 == q { print $2 }' | sort -n |
		awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

bench_ratio() {
	printf '%.2f' "$(echo "$1 / $2" | bc -l)"
}

bench_row() {
	local m
	m=$(bench_median "$1")
	printf '%-15s %9.1f ms  %s x %-15s %s x floor\n' "$1" "$m" "$(bench_ratio "$m" "$(bench_median "$2")")" "$2" \
		"$(bench_ratio "$m" "$(bench_median floor)")"
}
