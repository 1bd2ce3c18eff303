#!/usr/bin/env bash
# test/multinode.sh -- partial results computed on separate servers and
# combined on a coordinator equal the single-server answer (DESIGN section 7)
#
# Run by test/run.sh with PGHOST etc. pointing at its cluster, which becomes
# the coordinator.  Starts two shard clusters, loads the sample data on the
# coordinator and splits it over the shards twice: by time (so one user's
# events are on both shards, and their partial journeys must merge exactly)
# and by user (so per-shard funnel counts must add up).  PL/Proxy functions
# (RUN ON ALL) bring the shards' journeys and counts to the coordinator,
# which combines them with rollup(journey) and funnel_counts(bigint[]) and
# compares with computing everything on the coordinator.  Prints "ok".
set -euo pipefail
. "$(dirname "$0")/lib/cluster.sh"
cd "$JY_ROOT"
export PGOPTIONS="-c client_min_messages=warning"
coord_host=$PGHOST

jy_cluster_create multinode-s0 >/dev/null 2>&1
s0=$JY_LAST_CLUSTER/sock
jy_cluster_create multinode-s1 >/dev/null 2>&1
s1=$JY_LAST_CLUSTER/sock

psql -X -q -v ON_ERROR_STOP=1 <<SQL
DROP DATABASE IF EXISTS journey_multinode;
CREATE DATABASE journey_multinode;
SQL
export PGDATABASE=journey_multinode
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION journey" -v users=2000 -f test/data/sample_events.sql >/dev/null
for s in "$s0" "$s1"; do
	PGHOST=$s psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE journey_multinode"
	PGHOST=$s psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
CREATE EXTENSION journey;
CREATE TABLE events (user_id bigint, ts timestamptz, event text, channel text, revenue numeric(10, 2));
CREATE TABLE events_by_user (LIKE events);
SQL
done
# by time: before 2025-02-15 on shard 0, the rest on shard 1
psql -X -q -c "\copy (SELECT * FROM journey_sample.events WHERE ts < '2025-02-15') TO STDOUT" | PGHOST=$s0 psql -X -q -c "\copy events FROM STDIN"
psql -X -q -c "\copy (SELECT * FROM journey_sample.events WHERE ts >= '2025-02-15') TO STDOUT" | PGHOST=$s1 psql -X -q -c "\copy events FROM STDIN"
# by user: even users on shard 0, odd on shard 1
psql -X -q -c "\copy (SELECT * FROM journey_sample.events WHERE user_id % 2 = 0) TO STDOUT" | PGHOST=$s0 psql -X -q -c "\copy events_by_user FROM STDIN"
psql -X -q -c "\copy (SELECT * FROM journey_sample.events WHERE user_id % 2 = 1) TO STDOUT" | PGHOST=$s1 psql -X -q -c "\copy events_by_user FROM STDIN"

psql -X -q -v ON_ERROR_STOP=1 <<SQL
CREATE EXTENSION plproxy;
CREATE SERVER shards FOREIGN DATA WRAPPER plproxy OPTIONS (
	p0 'host=$s0 port=5432 dbname=journey_multinode user=postgres',
	p1 'host=$s1 port=5432 dbname=journey_multinode user=postgres');
CREATE USER MAPPING FOR PUBLIC SERVER shards;
-- every shard's partial journey of every user
CREATE FUNCTION shard_journeys(OUT user_id bigint, OUT j journey) RETURNS SETOF record AS \$\$
	CLUSTER 'shards';
	RUN ON ALL;
	SELECT user_id, journey_agg(ts, event) AS j FROM events GROUP BY user_id;
\$\$ LANGUAGE plproxy;
-- every shard's funnel counts (users are not split between shards here)
CREATE FUNCTION shard_counts(OUT counts bigint[]) RETURNS SETOF bigint[] AS \$\$
	CLUSTER 'shards';
	RUN ON ALL;
	SELECT funnel_counts(l, 4) AS counts
	FROM (SELECT user_id, window_funnel('7 days', ts, event, ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) AS l
	      FROM events_by_user GROUP BY user_id) x;
\$\$ LANGUAGE plproxy;
SQL

result=$(psql -X -q -A -t -v ON_ERROR_STOP=1 <<'SQL'
CREATE TEMP TABLE merged AS SELECT user_id, rollup(j) AS j FROM shard_journeys() GROUP BY user_id;
CREATE TEMP TABLE single AS SELECT user_id, journey_agg(ts, event) AS j FROM journey_sample.events GROUP BY user_id;
SELECT format('shards %s, users %s, split users %s, journey differences %s, funnel differences %s, counts %s',
  (SELECT count(*) FROM (SELECT DISTINCT user_id FROM shard_journeys()) s) > 0,
  (SELECT count(*) FROM merged),
  (SELECT count(*) FROM (SELECT user_id FROM shard_journeys() GROUP BY user_id HAVING count(*) = 2) x),
  (SELECT count(*) FROM (SELECT * FROM merged EXCEPT SELECT * FROM single) d)
    + (SELECT count(*) FROM (SELECT * FROM single EXCEPT SELECT * FROM merged) d),
  (SELECT count(*) FROM merged m JOIN single s USING (user_id)
   WHERE window_funnel(m.j, '7 days', ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], 'strict_once')
      <> window_funnel(s.j, '7 days', ARRAY['visit', 'product_view', 'add_to_cart', 'purchase'], 'strict_once')),
  (SELECT funnel_counts(counts) FROM shard_counts())
    = (SELECT funnel_counts(l, 4) FROM (SELECT user_id, window_funnel('7 days', ts, event,
         ARRAY['visit', 'product_view', 'add_to_cart', 'purchase']) l FROM journey_sample.events GROUP BY user_id) x));
SQL
)
PGDATABASE=postgres psql -X -q -c "DROP DATABASE journey_multinode"
expected="shards t, users 2000, split users"
case "$result" in
	"$expected"*", journey differences 0, funnel differences 0, counts t")
		# some users must really have been split between the shards
		split=$(echo "$result" | sed 's/.*split users \([0-9]*\),.*/\1/')
		if [ "$split" -gt 100 ]; then echo "ok ($result)"; exit 0; fi ;;
esac
echo "multinode: $result"
exit 1
