#!/usr/bin/env bash
# test/bench/funnel_duckdb.sh -- the funnel report against DuckDB (a benchmark, not a test)
#
# Loads the sample data and times, in one run, on the same rows:
#   (a) floor:      SELECT count(*) FROM (SELECT user_id, count(*) FROM events GROUP BY user_id) s
#   (b) per-user:   window_funnel label form per user, then users per level
#   (o) one-pass:   funnel_counts(user_id, '7 days', ts, event, ARRAY[...]) over
#                   the whole table, and the same with conditions
#                   (event = 'visit', ...)
#   (c) plain SQL:  the exact funnel with window functions in PostgreSQL
#                   (the view of test/data/plain_funnel.sql)
#   (d) DuckDB:     the same exact funnel in plain SQL (running max() windows,
#                   one per step) in DuckDB over the same rows, exported to CSV:
#                   test/data/plain_funnel.sql runs there unchanged
#   (e) DuckDB floor: its own count(*) ... GROUP BY user_id
# PostgreSQL runs serially (max_parallel_workers_per_gather = 0), DuckDB with
# 2 threads; (b) and (o) also run with 2 parallel workers.  It checks that every form gives the same users per level (exit
# 1 otherwise) and prints medians and the ratios of issue 12.  Rounds
# alternate between PostgreSQL and DuckDB after a warm-up round, so a drift
# of the machine's speed hits both alike.
#   bash test/bench/funnel_duckdb.sh [users] [rounds]   (default 100000 users, 7 rounds)
# PostgreSQL's queries run in one session, DuckDB's in one process.
# DuckDB comes from npm (@duckdb/node-api, Node 20) installed when missing
# into $JY_DUCKDB_DIR (default ${TMPDIR:-/tmp}/journey-bench-duckdb), outside
# the repository.  Up to 100000 users the whole run holds the install lock
# /tmp/journey-install.lock; above that (the load takes minutes) only the
# build and install do, and the install and LOAD of journey.so in the timing
# session.
set -euo pipefail
users=${1:-100000}
rounds=${2:-7}
lock=/tmp/journey-install.lock
# on fd 9, as test/regress.sh holds it: the servers and the DuckDB and psql
# processes close fd 9, so only this shell ever holds the lock
locked=
if [ "$users" -le 100000 ]; then
	printf '== taking %s for the whole run\n' "$lock" >&2
	exec 9>"$lock"
	flock 9
	locked=1
fi
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
cd "$JY_ROOT"

duckdb_version=1.5.6-r.1
duckdb_dir=${JY_DUCKDB_DIR:-${TMPDIR:-/tmp}/journey-bench-duckdb}
case "$(mkdir -p "$duckdb_dir" && cd "$duckdb_dir" && pwd)/" in
"$JY_ROOT"/*) echo "JY_DUCKDB_DIR must be outside the repository" >&2; exit 2 ;;
esac
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "node and npm are needed (apt-get install nodejs npm)" >&2
	exit 2
fi
if ! grep -qs "\"version\": \"$duckdb_version\"" "$duckdb_dir/node_modules/@duckdb/node-api/package.json"; then
	jy_log "installing @duckdb/node-api@$duckdb_version into $duckdb_dir"
	[ -f "$duckdb_dir/package.json" ] || echo '{ "name": "journey-bench-duckdb", "private": true }' >"$duckdb_dir/package.json"
	(cd "$duckdb_dir" && npm install --no-audit --no-fund --loglevel=error "@duckdb/node-api@$duckdb_version" >/dev/null)
fi

# above 100000 users only the build and install hold the lock
if [ -z "$locked" ]; then
	eval "jy_build_install_unlocked() $(declare -f jy_build_install | tail -n +2)"
	jy_build_install() { (flock 9 && jy_build_install_unlocked) 9>"$lock"; }
fi
bench_start "$users"
psql -X -q -f test/data/plain_funnel.sql
bench_split test/bench/funnel_duckdb.sql
pg_queries="pg_floor pg_per_user pg_one_pass pg_one_pass_conditions pg_plain_sql pg_per_user_parallel pg_one_pass_parallel"
duck_queries="duckdb_floor duckdb_funnel"

# the same rows for DuckDB: ts as UTC timestamp, so a day is 24 hours in both
jy_log "exporting the events to CSV"
psql -X -q -c "\\copy (SELECT user_id, ts AT TIME ZONE 'UTC' AS ts, event, channel, revenue FROM events) TO '$BENCH_WORK/events.csv' (FORMAT csv, HEADER)"
coproc DUCK { node test/bench/funnel_duckdb.mjs "$duckdb_dir" "$BENCH_WORK/events.duckdb" "$BENCH_WORK/events.csv" "$BENCH_WORK" 2 test/data/plain_funnel.sql 9>&-; }
duck_pid=$DUCK_PID
pg_pid=
trap 'kill "$duck_pid" $pg_pid 2>/dev/null || true; rm -rf "$BENCH_WORK"; jy_cluster_stop' EXIT
# Print DuckDB's reply, up to its line "end"
duck_reply() {
	local line
	while IFS= read -r line <&"${DUCK[0]}"; do
		[ "$line" = end ] && return 0
		printf '%s\n' "$line"
	done
	echo "DuckDB stopped" >&2
	exit 1
}
# Send a command to DuckDB and print its reply
duck() {
	echo "$*" >&"${DUCK[1]}"
	duck_reply
}
[ "$(duck_reply)" = ready ] || { echo "DuckDB did not start" >&2; exit 1; }

# One serial PostgreSQL session for every check and timing, on fifos (fd 7
# in, fd 8 out): it loads journey.so once, so a checkout installing its
# build while the data loads or the rounds run does not change what is
# timed.  Above 100000 users the lock is taken again to install this build
# (another checkout may have installed its own during the load) and load it.
mkfifo "$BENCH_WORK/pg.in" "$BENCH_WORK/pg.out"
if [ -z "$locked" ]; then
	exec 9>"$lock"
	flock 9
	jy_build_install_unlocked
fi
psql -X -q -A -t -v ON_ERROR_STOP=1 <"$BENCH_WORK/pg.in" >"$BENCH_WORK/pg.out" 2>&1 9>&- &
pg_pid=$!
exec 7>"$BENCH_WORK/pg.in" 8<"$BENCH_WORK/pg.out"
# Print the PostgreSQL session's reply, up to its line "end"
pg_reply() {
	local line
	while IFS= read -r line <&8; do
		[ "$line" = end ] && return 0
		printf '%s\n' "$line"
	done
	echo "the PostgreSQL session ended" >&2
	exit 1
}
# Send SQL (or psql commands) to the session and print its reply
pg() {
	printf '%s\n\\echo end\n' "$1" >&7
	pg_reply
}
pg "SET max_parallel_workers_per_gather = 0;
LOAD 'journey';
\\timing on" >/dev/null
pgc="$(jy_bindir)/pg_config"
[ -x "$pgc" ] || pgc=pg_config
if [ "$(cksum <"$("$pgc" --pkglibdir)/journey.so")" != "$(cksum <"$JY_ROOT/journey.so")" ]; then
	echo "the installed journey.so is not the one built here (another checkout installed its own): rerun" >&2
	exit 1
fi
if [ -z "$locked" ]; then
	flock -u 9
	exec 9>&-
fi
# Time PostgreSQL query q once; print "q ms"
pg_run() {
	pg "\\o /dev/null
$(cat "$BENCH_WORK/$1.sql")
\\o" | awk -v q="$1" '/^Time: / { print q, $2; next } { print > "/dev/stderr" }'
}
# Run each PostgreSQL query once; print "query ms" lines
pg_round() {
	local q
	for q in $pg_queries; do pg_run "$q"; done
}
# The rows of PostgreSQL query q
pg_rows() { pg "$(cat "$BENCH_WORK/$1.sql")" | awk '!/^Time: /'; }
# Users per level (lines "level|users") as funnel_counts gives them: {users at level >= 1, ...}
cumulative() {
	awk -F'|' '{ n[$1] = $2 } END { s = ""; for (k = 4; k >= 1; k--) { t += n[k]; s = (k > 1 ? "," : "") t s } print "{" s "}" }'
}

# every form must give the same users per level
status=0
b_out=$(pg_rows pg_per_user)
[ -n "$b_out" ] || { echo "the per-user form returned no rows" >&2; exit 1; }
for q in pg_plain_sql duckdb_funnel; do
	if [ "$q" = duckdb_funnel ]; then out=$(duck rows duckdb_funnel); else out=$(pg_rows "$q"); fi
	if [ "$out" != "$b_out" ]; then
		echo "MISMATCH: pg_per_user gave"; echo "$b_out"; echo "$q gave"; echo "$out"
		status=1
	fi
done
for q in pg_one_pass pg_one_pass_conditions pg_one_pass_parallel; do
	out=$(pg_rows "$q")
	if [ "$out" != "$(echo "$b_out" | cumulative)" ]; then
		echo "MISMATCH: pg_per_user gave $(echo "$b_out" | cumulative) (users at level >= 1..4), $q $out"
		status=1
	fi
done
if [ "$(pg_rows pg_per_user_parallel)" != "$b_out" ]; then
	echo "MISMATCH: pg_per_user_parallel differs from pg_per_user"
	status=1
fi
if [ "$(pg_rows pg_floor)" != "$(duck rows duckdb_floor)" ]; then
	echo "MISMATCH: the floors count different users: $(pg_rows pg_floor) and $(duck rows duckdb_floor)"
	status=1
fi

# a warm-up round, then rounds alternating between PostgreSQL and DuckDB
jy_log "timing: warm-up and $rounds rounds"
pg_round >/dev/null
for q in $duck_queries; do duck run "$q" >/dev/null; done
BENCH_TIMES=
for _ in $(seq "$rounds"); do
	BENCH_TIMES+="$(pg_round)"$'\n'
	for q in $duck_queries; do BENCH_TIMES+="$(duck run "$q")"$'\n'; done
done
duck quit >/dev/null || true

# The fastest and slowest round of query q, in ms
spread() {
	echo "$BENCH_TIMES" | awk -v q="$1" '$1 == q { if (n++ == 0 || $2 < lo) lo = $2; if ($2 > hi) hi = $2 }
		END { printf "rounds %.1f to %.1f ms", lo, hi }'
}
a=$(bench_median pg_floor)
b=$(bench_median pg_per_user)
c=$(bench_median pg_plain_sql)
d=$(bench_median duckdb_funnel)
e=$(bench_median duckdb_floor)
printf 'medians of %s rounds, PostgreSQL serial, DuckDB 2 threads:\n' "$rounds"
printf '  (a) PostgreSQL floor      %10.1f ms   (%s)\n' "$a" "$(spread pg_floor)"
printf '  (b) per-user window_funnel%10.1f ms   (%s)\n' "$b" "$(spread pg_per_user)"
o=$(bench_median pg_one_pass)
oc=$(bench_median pg_one_pass_conditions)
bp=$(bench_median pg_per_user_parallel)
op=$(bench_median pg_one_pass_parallel)
printf '  (o) one-pass funnel_counts%10.1f ms   (%s)\n' "$o" "$(spread pg_one_pass)"
printf '      the same, conditions  %10.1f ms   (%s)\n' "$oc" "$(spread pg_one_pass_conditions)"
printf '  (c) PostgreSQL plain SQL  %10.1f ms   (%s)\n' "$c" "$(spread pg_plain_sql)"
printf '  (d) DuckDB plain SQL      %10.1f ms   (%s)\n' "$d" "$(spread duckdb_funnel)"
printf '  (e) DuckDB floor          %10.1f ms   (%s)\n' "$e" "$(spread duckdb_floor)"
printf '  with 2 parallel workers: per-user %.1f ms (%s), one-pass %.1f ms (%s)\n' \
	"$bp" "$(spread pg_per_user_parallel)" "$op" "$(spread pg_one_pass_parallel)"
printf 'one-pass / DuckDB funnel (o)/(d) = %s   one-pass / floor (o)/(a) = %s   conditions / floor = %s\n' \
	"$(bench_ratio "$o" "$d")" "$(bench_ratio "$o" "$a")" "$(bench_ratio "$oc" "$a")"
printf 'per-user / floor (b)/(a) = %s   DuckDB funnel / floor (d)/(a) = %s   per-user / DuckDB funnel (b)/(d) = %s\n' \
	"$(bench_ratio "$b" "$a")" "$(bench_ratio "$d" "$a")" "$(bench_ratio "$b" "$d")"
printf 'plain SQL PostgreSQL / DuckDB (c)/(d) = %s   DuckDB floor / PostgreSQL floor (e)/(a) = %s\n' \
	"$(bench_ratio "$c" "$d")" "$(bench_ratio "$e" "$a")"
printf 'parallel / serial: per-user %s   one-pass %s\n' "$(bench_ratio "$bp" "$b")" "$(bench_ratio "$op" "$o")"
# the same ratios from each query's fastest round: on a shared 2-core
# machine DuckDB's 2 threads lose more to other work than serial PostgreSQL
fastest() { echo "$BENCH_TIMES" | awk -v q="$1" '$1 == q && (n++ == 0 || $2 < lo) { lo = $2 } END { print lo }'; }
printf 'from the fastest rounds: (o)/(d) = %s   (o)/(a) = %s   (b)/(a) = %s   (d)/(a) = %s\n' \
	"$(bench_ratio "$(fastest pg_one_pass)" "$(fastest duckdb_funnel)")" \
	"$(bench_ratio "$(fastest pg_one_pass)" "$(fastest pg_floor)")" \
	"$(bench_ratio "$(fastest pg_per_user)" "$(fastest pg_floor)")" \
	"$(bench_ratio "$(fastest duckdb_funnel)" "$(fastest pg_floor)")"
echo "users per level (per-user = plain SQL = DuckDB = one-pass, each form serial and parallel):"
echo "$b_out" | tr '\n' ' '; echo
exit $status
