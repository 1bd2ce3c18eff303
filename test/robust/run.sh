#!/usr/bin/env bash
# test/robust/run.sh [SECONDS] -- the SQL-level robustness suite of journey
#
# Against a running server with journey installed (PGHOST, PGPORT, PGUSER
# of a superuser; test/run.sh provides them), for about SECONDS in all
# (default 60): creates its own databases (UTF8, SQL_ASCII, LATIN1; dropped
# at the end), replays the fixed list of bad and extreme inputs
# (test/robust/replay.sql), then throws generated and mutated inputs at
# the journey and stage text and binary input, maps, durations and
# patterns (test/robust/robust.sql).  Fails on a server crash, a hang, an
# accepted value whose text form does not round-trip, an error without a
# proper SQLSTATE (class XX), and a mismatch (serial and parallel plans
# disagree, an error message too long or cut inside a character, a \u0000
# accepted, a replay entry's expectation not met; docs/development.md).
# Prints every failure, one summary line per category and a verdict.
#
# Replay: JY_ROBUST_SEED=S (printed at the start) gives the same inputs;
# JY_ROBUST_ONLY=cat[,cat] runs only those categories, JY_ROBUST_BATCH=B
# only batch B of each generated category.  The binary inputs go through
# a server-side file, so the server must run on this machine.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
budget=${1:-60}
seed=${JY_ROBUST_SEED:-$(($(date +%s) % 1000000))}
only=${JY_ROBUST_ONLY:-}
only_batch=${JY_ROBUST_BATCH:-}
batch_inputs=400   # hard cap of inputs per batch
replay_chunk=50    # replay entries per batch
max_batches=2000   # hard cap of batches per category
batch_seconds=5    # each batch stops after this long
hang_seconds=60    # a batch running this much longer than planned is a hang
show_max=${JY_ROBUST_SHOW:-10}  # failures printed in full per category

export PGDATABASE=postgres PGCLIENTENCODING=UTF8
export PGOPTIONS="${PGOPTIONS:-} -c TimeZone=UTC -c client_min_messages=notice -c lc_messages=C"
db=journey_robust
dbs=("$db" "${db}_ascii" "${db}_latin1")
work=$(mktemp -d "${TMPDIR:-/tmp}/journey-robust.XXXXXX") || exit 1
chmod 777 "$work" # the server writes the binary COPY files here

log() { printf '== %s\n' "$*" >&2; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# Drop the suite's databases
drop_dbs() {
	local d
	for d in "${dbs[@]}"; do
		q -d postgres -c "DROP DATABASE IF EXISTS $d" >/dev/null 2>&1
	done
}

# Drop the databases and files
cleanup() {
	drop_dbs
	rm -rf "$work"
}
[ -n "${JY_ROBUST_KEEP:-}" ] || trap cleanup EXIT

# Wait up to a minute for the server to accept connections again
wait_for_server() {

	for _ in $(seq 1 120); do
		q -d "$db" -c 'SELECT 1' >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	return 1
}

log "robust: seed $seed, $budget s (replay with JY_ROBUST_SEED=$seed)"
drop_dbs
q -d postgres -c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" &&
	q -d postgres -c "CREATE DATABASE ${db}_ascii TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'" &&
	q -d postgres -c "CREATE DATABASE ${db}_latin1 TEMPLATE template0 ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'" ||
	{ echo "robust: FAIL (cannot create the test databases)"; exit 1; }
for d in "${dbs[@]}"; do
	{ q -d "$d" -c 'CREATE EXTENSION journey' &&
		q -d "$d" -f "$here/robust.sql" &&
		q -d "$d" -c "INSERT INTO robust.config VALUES ('dir', '$work')"; } >/dev/null ||
		{ echo "robust: FAIL (cannot set up database $d)"; exit 1; }
	q -d postgres -c "ALTER DATABASE $d SET search_path = robust, public" >/dev/null
done
q -d "$db" -f "$here/replay.sql" >/dev/null || { echo "robust: FAIL (cannot load the replay list)"; exit 1; }
# the ASCII replay entries also run in the SQL_ASCII and LATIN1 databases
for d in "${db}_ascii" "${db}_latin1"; do
	q -d "$db" -c "COPY (SELECT * FROM robust.replay WHERE dbs = 'all') TO STDOUT" |
		q -d "$d" -c 'COPY robust.replay FROM STDIN' ||
		{ echo "robust: FAIL (cannot copy the replay list to $d)"; exit 1; }
done

# category -> database; the summary counters
declare -A cdb=([replay]=$db [replay-ascii]=${db}_ascii [replay-latin1]=${db}_latin1)
gen_cats=(journey stage map duration pattern journey_bin stage_bin summary)
for c in "${gen_cats[@]}"; do cdb[$c]=$db; done
all_cats=(replay replay-ascii replay-latin1 "${gen_cats[@]}")
declare -A n_tried n_acc n_rej n_crash n_rt n_ns n_mm n_hang
for c in "${all_cats[@]}"; do
	n_tried[$c]=0 n_acc[$c]=0 n_rej[$c]=0 n_crash[$c]=0 n_rt[$c]=0 n_ns[$c]=0 n_mm[$c]=0 n_hang[$c]=0
done
crash_reports=()
suite_errors=0

selected() { [ -z "$only" ] || [[ ",$only," == *",$1,"* ]]; }

# Run batch B of category C for at most S seconds (an integer, at least 1),
# for the replay list its entries after number A; sets batch_tried and
# last_id (the last input tried); returns 1 when the server crashed or the
# batch hung, 2 when the suite cannot go on
run_one() {
	local c=$1 b=$2 s=$3 after=${4:-0} skip=${5:-} n=$batch_inputs sqlcat out err rc last hint
	sqlcat=$c
	hint="JY_ROBUST_SEED=$seed JY_ROBUST_ONLY=$c JY_ROBUST_BATCH=$b"
	[[ $c == replay* ]] && hint="JY_ROBUST_ONLY=$c"
	[[ $c == replay* ]] && sqlcat=replay n=$replay_chunk
	err="$work/batch.err"
	out=$(q -d "${cdb[$c]}" -c "SET statement_timeout = '$(((s + hang_seconds) * 1000))'" \
		-c "SELECT robust.run_batch('$sqlcat', (($seed::bigint * 1000003 + $b * 7919 + ${#c} * 104729) % 1999999) / 1000000.0 - 0.999999,
		$b, $n, clock_timestamp() + interval '$s seconds', $after, '{$skip}')" 2>"$err")
	rc=$?
	if [ "$rc" -eq 0 ]; then
		read -r t a r rt ns mm last_id <<<"$out"
		[ -n "${JY_ROBUST_DEBUG:-}" ] && log "batch $c $b after $after: $out"
		batch_tried=$t
		n_tried[$c]=$((n_tried[$c] + t)) n_acc[$c]=$((n_acc[$c] + a)) n_rej[$c]=$((n_rej[$c] + r))
		n_rt[$c]=$((n_rt[$c] + rt)) n_ns[$c]=$((n_ns[$c] + ns)) n_mm[$c]=$((n_mm[$c] + mm))
		return 0
	fi
	last=$(grep -a 'robust-try' "$err" | tail -n 1 | sed 's/^.*robust-try //')
	n_tried[$c]=$((n_tried[$c] + 1))
	batch_tried=1
	last_id=$(printf '%s' "$last" | sed -n 's/^cat=[^ ]* batch=[^ ]* i=\([0-9]*\) .*/\1/p')
	[ -n "$last_id" ] || last_id=$((after + 1))
	if grep -aq 'statement timeout' "$err"; then
		n_hang[$c]=$((n_hang[$c] + 1))
		crash_reports+=("HANG [$c] batch $b ($hint): no answer after $((s + hang_seconds)) s at: $last")
		return 1
	fi
	if ! grep -aqE 'server closed the connection|connection to server was lost|terminating connection because of crash|no connection to the server|could not connect' "$err"; then
		crash_reports+=("SUITE ERROR [$c] batch $b: $(grep -av 'robust-try' "$err" | head -n 5 | tr '\n' ' ')at: $last")
		suite_errors=$((suite_errors + 1))
		return 2
	fi
	n_crash[$c]=$((n_crash[$c] + 1))
	crash_reports+=("CRASH [$c] batch $b ($hint): $(grep -av 'robust-try' "$err" | head -n 3 | tr '\n' ' ')at: $last")
	if ! wait_for_server; then
		crash_reports+=("the server did not come back after the crash: stopping")
		return 2
	fi
	return 1
}

# the replay lists, then the generated categories sharing what time is left
stop=0
for c in replay replay-ascii replay-latin1; do
	selected "$c" || continue
	log "robust: $c"
	# in chunks; after a crash the chunk runs again without the entry that
	# caused it
	after=0 skip=
	for ((b = 1; b <= max_batches; b++)); do
		left=$((budget - SECONDS))
		[ "$left" -lt 5 ] && left=5
		run_one "$c" "$b" "$left" "$after" "$skip"
		rc=$?
		[ "$rc" -eq 2 ] && stop=1 && break 2
		if [ "$rc" -eq 1 ]; then
			skip="${skip:+$skip,}$last_id"
			continue
		fi
		[ "$batch_tried" -eq 0 ] && break
		after=$last_id
	done
done
sel=()
for c in "${gen_cats[@]}"; do selected "$c" && sel+=("$c"); done
if [ "$stop" -eq 0 ] && [ "${#sel[@]}" -gt 0 ]; then
	left=$((budget - SECONDS))
	per=$((left / ${#sel[@]}))
	[ "$per" -lt 1 ] && per=1
	for c in "${sel[@]}"; do
		log "robust: $c for $per s"
		end=$((SECONDS + per))
		if [ -n "$only_batch" ]; then
			run_one "$c" "$only_batch" "$batch_seconds"
			[ $? -eq 2 ] && break
			continue
		fi
		for ((b = 1; b <= max_batches && SECONDS < end; b++)); do
			s=$((end - SECONDS))
			[ "$s" -gt "$batch_seconds" ] && s=$batch_seconds
			[ "$s" -lt 1 ] && s=1
			run_one "$c" "$b" "$s"
			rc=$?
			[ "$rc" -eq 2 ] && stop=1 && break 2
		done
	done
fi

# the failures, in full

failures=$suite_errors
for c in "${all_cats[@]}"; do
	failures=$((failures + n_crash[$c] + n_rt[$c] + n_ns[$c] + n_mm[$c] + n_hang[$c]))
done
# the failures: the first $show_max of each category in full, then a count
for d in "${dbs[@]}"; do
	q -d "$d" -c "SELECT CASE WHEN n <= lim THEN format(E'%s [%s%s] %s\n    input: %s\n    %s%s%s',
			upper(status), cat, CASE WHEN current_database() <> '$db' THEN ' in ' || current_database() ELSE '' END,
			coalesce(name, format('batch %s #%s (%s; replay: JY_ROBUST_SEED=$seed JY_ROBUST_ONLY=%s JY_ROBUST_BATCH=%s)',
								   batch, idx, kind, cat, batch)),
			robust.show(input), coalesce(state || ' ', ''), left(message, 700),
			CASE WHEN expect IS NOT NULL AND expect <> 'any' THEN ' [expected: ' || expect || ']' ELSE '' END)
		ELSE format('... and %s more failures in %s%s', total - lim, cat,
					CASE WHEN current_database() <> '$db' THEN ' in ' || current_database() ELSE '' END) END
		FROM (SELECT f.*, r.name, r.expect, row_number() OVER w AS n, count(*) OVER (PARTITION BY f.cat) AS total,
					 CASE WHEN f.cat = 'replay' THEN 1000000 ELSE $show_max END AS lim
			  FROM robust.failures f LEFT JOIN robust.replay r ON f.cat = 'replay' AND r.id = f.idx
			  WINDOW w AS (PARTITION BY f.cat ORDER BY f.batch, f.idx)) x
		WHERE n <= lim + 1
		ORDER BY cat, n" 2>/dev/null
done
for r in "${crash_reports[@]}"; do echo "$r"; done

total=0
for c in "${all_cats[@]}"; do
	selected "$c" || continue
	total=$((total + n_tried[$c]))
	printf '%-14s tried %6d  accepted %6d  rejected %6d  crashes %d  round-trip failures %d  errors without SQLSTATE %d  mismatches %d  hangs %d\n' \
		"$c" "${n_tried[$c]}" "${n_acc[$c]}" "${n_rej[$c]}" "${n_crash[$c]}" "${n_rt[$c]}" "${n_ns[$c]}" "${n_mm[$c]}" "${n_hang[$c]}"
done
if [ "$failures" -eq 0 ]; then
	echo "robust: PASS, $total inputs in $SECONDS s, no failure (seed $seed)"
	exit 0
fi
echo "robust: FAIL, $failures failures in $total inputs in $SECONDS s (seed $seed)"
exit 1
