#!/usr/bin/env bash
# test/run.sh -- run every test of journey (the README's test command)
#
# Installs what is missing (as root, with apt-get), builds with
# -Wall -Wextra -Werror, runs the core's C unit tests under ASan and UBSan,
# runs the libFuzzer targets for a bounded time (JY_FUZZ_SECONDS, 15 s each: 14 targets),
# installs the extension, starts a throwaway cluster, runs pg_regress, the
# dump/restore, multi-node (PL/Proxy, postgres_fdw) and robustness checks, and prints one line per
# check ("ok" or "FAIL" and its name), the full output of every check that
# failed, and a final "N passed, N failed" line.  Exit status 0 only if all
# pass.  Logs of every check are kept in a temporary directory while it runs.
set -uo pipefail
. "$(dirname "$0")/lib/cluster.sh"
cd "$JY_ROOT" || exit 1

passed=0
failed=0
logs=$(mktemp -d "${TMPDIR:-/tmp}/journey-run.XXXXXX")
trap 'rm -rf "$logs"' EXIT
# one build and install at a time on this machine (see test/regress.sh)
exec 9>/tmp/journey-install.lock
flock 9

# Count one check: pass (0) or fail, with a name and a short detail
record() {
	local rc=$1 name=$2 detail=${3:-}
	if [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
		printf 'ok    %s%s\n' "$name" "${detail:+  ($detail)}"
	else
		failed=$((failed + 1))
		printf 'FAIL  %s%s\n' "$name" "${detail:+  ($detail)}"
	fi
}

# Run a command as one check; its output is shown in full only on failure
check() {
	local name=$1 log rc
	shift
	log="$logs/$(printf '%s' "$name" | tr -c 'A-Za-z0-9_.-' '_').log"
	"$@" >"$log" 2>&1
	rc=$?
	record "$rc" "$name" "$(tail -n 1 "$log" | cut -c1-100)"
	if [ "$rc" -ne 0 ]; then
		sed 's/^/    | /' "$log"
	fi
	return 0
}

# xmllint checks the charts, pg_cron refreshes the weekly report, headless
# Chromium (with a CJK font) opens the demo's page; Node runs the browser
# check (Debian's nodejs and npm, unless a node and npm are already there)
extra="postgresql-$JY_PG_MAJOR-plproxy clang-14 libclang-rt-14-dev libxml2-utils"
extra="$extra postgresql-$JY_PG_MAJOR-cron chromium fonts-noto-cjk"
command -v node >/dev/null && command -v npm >/dev/null || extra="$extra nodejs npm"
JY_EXTRA_PACKAGES=$extra jy_ensure_packages || exit 1
jy_build_install || exit 1

# pg_cron's test mostly waits for the next minute: it runs on a server of
# its own beside the other checks, and is counted at the end
jy_log "pg_cron: the weekly report's scheduled refresh (in the background)"
bash test/cron.sh >"$logs/cron.log" 2>&1 &
cron_pid=$!
trap 'kill "$cron_pid" 2>/dev/null; rm -rf "$logs"' EXIT

jy_log "C unit tests of the core (ASan + UBSan)"
make -s unittest-build >"$logs/unit-build.log" 2>&1 || { cat "$logs/unit-build.log"; exit 1; }
for t in test/unit/test_*; do
	[ -x "$t" ] || continue
	check "unit/$(basename "$t")" "./$t"
done

jy_log "libFuzzer targets of the core, ${JY_FUZZ_SECONDS:-15} s each"
sh test/fuzz/run.sh "${JY_FUZZ_SECONDS:-15}" >"$logs/fuzz.log" 2>&1
fuzz_rc=$?
nfuzz=0
while read -r name verdict; do
	nfuzz=$((nfuzz + 1))
	runs=$(sed -n "/^== $name: running/,/^== $name: /s/.*Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p" "$logs/fuzz.log" | tail -n 1)
	if [ "$verdict" = ok ]; then record 0 "fuzz/$name" "$runs"; else record 1 "fuzz/$name"; fi
done < <(sed -n 's/^== \([a-z_0-9]*\): \(ok\|FAILED\).*/\1 \2/p; s/^== \([a-z_0-9]*\): \(build failed\)/\1 FAILED/p' "$logs/fuzz.log")
if [ "$fuzz_rc" -ne 0 ] || [ "$nfuzz" -eq 0 ]; then
	[ "$nfuzz" -eq 0 ] && record 1 "fuzz" "no target ran"
	sed 's/^/    | /' "$logs/fuzz.log"
fi

jy_cluster_start test || exit 1
trap 'kill "$cron_pid" 2>/dev/null; jy_cluster_stop; rm -rf "$logs"' EXIT

jy_log "pg_regress"
rm -f regression.diffs regression.out
make -s installcheck PG_CONFIG="$(jy_bindir)/pg_config" >"$logs/regress.log" 2>&1
nreg=0
while read -r name verdict ms; do
	nreg=$((nreg + 1))
	if [ "$verdict" = ok ]; then record 0 "regress/$name" "$ms ms"; else record 1 "regress/$name"; fi
done < <(sed -n 's/^test \([a-z_0-9]*\) *\.\.\. \(ok\|FAILED\) *\([0-9]*\) ms.*/\1 \2 \3/p' "$logs/regress.log")
if [ "$nreg" -eq 0 ]; then
	record 1 "regress" "pg_regress ran no tests"
	sed 's/^/    | /' "$logs/regress.log"
fi
if [ -s regression.diffs ]; then
	sed 's/^/    | /' regression.diffs
fi

jy_log "pg_dump and restore, multi-node, robustness"
check "dump_restore" env JY_BINDIR="$(jy_bindir)" bash test/dump_restore.sh
check "multinode (PL/Proxy)" bash test/multinode.sh
check "multinode (postgres_fdw)" bash test/fdw.sh
if [ -f test/robust/run.sh ]; then
	check "robust (${JY_ROBUST_SECONDS:-60} s)" bash test/robust/run.sh "${JY_ROBUST_SECONDS:-60}"
fi
check "browser (the demo's weekly report in headless Chromium)" bash test/browser.sh
wait "$cron_pid"
cron_rc=$?
record "$cron_rc" "cron (pg_cron refreshes the weekly report)" "$(tail -n 2 "$logs/cron.log" | head -n 1 | cut -c1-100)"
[ "$cron_rc" -eq 0 ] || sed 's/^/    | /' "$logs/cron.log"

if [ "$failed" -gt 0 ]; then
	jy_log "last lines of the server log"
	tail -n 40 "$JY_CLUSTER_DIR/data/server.log"
fi

jy_cluster_stop
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
