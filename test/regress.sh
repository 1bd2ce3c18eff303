#!/usr/bin/env bash
# test/regress.sh [test ...] -- build, install and run pg_regress only
#
# A quick loop for development: the same build and throwaway cluster as
# test/run.sh, without the unit tests, fuzzers and multi-node checks.  The
# install and the run hold /tmp/journey-install.lock, so checkouts that
# share this machine's PostgreSQL never test one another's build.  With
# test names, runs only those (e.g. bash test/regress.sh maps stage).
set -uo pipefail
. "$(dirname "$0")/lib/cluster.sh"
cd "$JY_ROOT" || exit 1
exec 9>/tmp/journey-install.lock
flock 9
jy_ensure_packages || exit 1
jy_build_install || exit 1
jy_cluster_start regress || exit 1
rm -f regression.diffs regression.out
if [ $# -gt 0 ]; then
	make -s installcheck PG_CONFIG="$(jy_bindir)/pg_config" REGRESS="$*"
else
	make -s installcheck PG_CONFIG="$(jy_bindir)/pg_config"
fi
rc=$?
[ -s regression.diffs ] && cat regression.diffs
exit $rc
