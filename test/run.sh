#!/usr/bin/env bash
# test/run.sh -- run every test of journey (the README's test command)
#
# Installs what is missing (as root, with apt-get), builds with
# -Wall -Wextra -Werror, runs the core's C unit tests under ASan and UBSan,
# runs the libFuzzer targets for a bounded time (JY_FUZZ_SECONDS, 20 s each),
# installs the extension, starts a throwaway cluster, runs pg_regress, and
# prints a final "N passed, N failed" line.  Exit status 0 only if all pass.
set -uo pipefail
. "$(dirname "$0")/lib/cluster.sh"
cd "$JY_ROOT" || exit 1

passed=0
failed=0

JY_EXTRA_PACKAGES="postgresql-$JY_PG_MAJOR-plproxy clang-14 libclang-rt-14-dev" jy_ensure_packages || exit 1
jy_build_install || exit 1

jy_log "C unit tests of the core (ASan + UBSan)"
make -s unittest-build >/dev/null || exit 1
for t in test/unit/test_*; do
	[ -x "$t" ] || continue
	if "./$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done

jy_log "libFuzzer targets of the core, ${JY_FUZZ_SECONDS:-20} s each"
if sh test/fuzz/run.sh "${JY_FUZZ_SECONDS:-20}"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

jy_cluster_start test || exit 1

jy_log "pg_regress"
rm -f regression.diffs regression.out
make -s installcheck PG_CONFIG="$(jy_bindir)/pg_config" 2>&1 | tee "$JY_CLUSTER_DIR/regress.log"
ok=$(grep -cE '\.\.\. ok( |$)' "$JY_CLUSTER_DIR/regress.log")
bad=$(grep -cE ' \.\.\. FAILED' "$JY_CLUSTER_DIR/regress.log")
passed=$((passed + ok))
failed=$((failed + bad))
if [ -s regression.diffs ]; then
	jy_log "regression.diffs"
	cat regression.diffs
fi
if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then
	echo "pg_regress ran no tests" >&2
	failed=$((failed + 1))
fi
jy_log "pg_dump and restore"
if JY_BINDIR=$(jy_bindir) bash test/dump_restore.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

jy_log "multi-node: shards combined through PL/Proxy"
if bash test/multinode.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

if [ "$failed" -gt 0 ]; then
	jy_log "last lines of the server log"
	tail -n 40 "$JY_CLUSTER_DIR/data/server.log"
fi

jy_cluster_stop
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
