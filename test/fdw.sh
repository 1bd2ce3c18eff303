#!/usr/bin/env bash
# test/fdw.sh -- scale-out through postgres_fdw: per-actor aggregates run on
# the shards and equal the single-node answer (docs/scale-out.md)
#
# Run by test/run.sh with PGHOST etc. pointing at its cluster, which becomes
# the coordinator (as test/multinode.sh).  Starts two shard clusters, loads
# the sample data (JY_FDW_USERS users, default 3000) on the coordinator, and
# builds the recipe of docs/scale-out.md: events PARTITION BY HASH
# (user_id) whose two partitions are postgres_fdw foreign tables, one on
# each shard (servers with extensions 'journey' and async_capable 'true'),
# plus each actor's stored journeys partitioned alike; the coordinator
# keeps a single-node copy of the same rows.  Then, with
# enable_partitionwise_aggregate on:
#   test/fdw/pushdown.sql  every per-actor aggregate (every form) GROUP BY
#                          actor: the plan ships it to both shards (or, for
#                          the documented exceptions, keeps it on the
#                          coordinator) and the answer equals the single node
#   test/fdw/rollup.sql    per-shard summaries rolled up on the coordinator,
#                          what does not push down (still right), the
#                          versions on every node, the shards' time zone
# Prints every check's line and "ok (...)" at the end; exit 1 on any FAIL.
set -euo pipefail
. "$(dirname "$0")/lib/cluster.sh"
cd "$JY_ROOT"
export PGOPTIONS="-c client_min_messages=warning"
users=${JY_FDW_USERS:-3000}
db=journey_fdw

if [ ! -f "$("$(jy_bindir)/pg_config" --sharedir)/extension/postgres_fdw.control" ]; then
	echo "fdw: postgres_fdw is not installed (it comes with Debian's postgresql-$JY_PG_MAJOR)"
	exit 1
fi

jy_cluster_create fdw-s0 >/dev/null 2>&1
s0=$JY_LAST_CLUSTER/sock
jy_cluster_create fdw-s1 >/dev/null 2>&1
s1=$JY_LAST_CLUSTER/sock

psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
for s in "$s0" "$s1"; do
	PGHOST=$s psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db"
	PGHOST=$s psql -X -q -d $db -f test/fdw/shard.sql
done
export PGDATABASE=$db
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION journey" -v users="$users" -f test/data/sample_events.sql >/dev/null
psql -X -q -v s0="$s0" -v s1="$s1" -v db=$db -f test/fdw/coordinator.sql
for s in "$s0" "$s1"; do
	PGHOST=$s psql -X -q -c "ANALYZE"
done

out=$(mktemp)
trap 'rm -f "$out"; jy_cluster_stop' EXIT
psql -X -q -f test/fdw/pushdown.sql >"$out"
npush=$(grep -c '|ok|\||FAIL|' "$out" || true)
psql -X -q -f test/fdw/rollup.sql >>"$out"
PGDATABASE=postgres psql -X -q -c "DROP DATABASE $db"

cat "$out"
total=$(grep -c '|ok|\||FAIL|' "$out" || true)
failed=$(grep -c '|FAIL|' "$out" || true)
remote=$(grep -c '|ok|remote:' "$out" || true)
local=$(grep -c '|ok|local:' "$out" || true)
if [ "$failed" -eq 0 ] && [ "$npush" -gt 150 ] && [ "$total" -gt "$npush" ]; then
	echo "ok ($total checks: $npush per-actor aggregate forms, $remote run on the shards, $local kept on the coordinator by postgres_fdw, all equal to one node; $((total - npush)) rollup and non-pushdown checks; $users users)"
	exit 0
fi
echo "fdw: $failed of $total checks failed"
exit 1
