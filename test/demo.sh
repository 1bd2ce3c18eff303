#!/usr/bin/env bash
# test/demo.sh -- the README's demo command
#
# Installs what is missing (as root), builds and installs journey, starts a
# throwaway cluster, loads the deterministic sample data and prints the
# reports of test/demo.sql.  Stops the cluster when done, even on failure.
#   bash test/demo.sh [users]        (default 20000 users, about 190k events)
set -euo pipefail
. "$(dirname "$0")/lib/cluster.sh"
cd "$JY_ROOT"

users=${1:-20000}
case "$users" in
	'' | *[!0-9]*) echo "usage: $0 [number of users]" >&2; exit 2 ;;
esac

jy_ensure_packages
jy_build_install
jy_cluster_start demo

jy_log "loading the sample data: $users users"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION journey" \
	-v users="$users" -f test/data/sample_events.sql
psql -X -q -A -t -c "SELECT format('%s events, %s users, %s to %s', count(*), count(DISTINCT user_id),
	min(ts)::date, max(ts)::date) FROM events"
psql -X -q -P pager=off -v ON_ERROR_STOP=1 -f test/demo.sql
