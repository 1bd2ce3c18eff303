#!/usr/bin/env bash
# test/dump_restore.sh -- pg_dump and restore of a database that uses journey
#
# Run by test/run.sh against its throwaway cluster (PGHOST etc. set): builds
# a database with journey and stage columns, a btree index on a stage, a
# hash index on a journey, a view and a materialized view over the
# aggregates; dumps it (custom format), restores it into a new database, and
# compares every row.  Prints "ok" or what differs; exit status 0 when equal.
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
bindir=${JY_BINDIR:-$(pg_config --bindir)}
src=journey_dump_src
dst=journey_dump_dst
dump=$(mktemp)
trap 'rm -f "$dump"' EXIT

psql -X -q -v ON_ERROR_STOP=1 <<SQL
DROP DATABASE IF EXISTS $src;
DROP DATABASE IF EXISTS $dst;
CREATE DATABASE $src;
CREATE DATABASE $dst;
SQL
psql -X -q -v ON_ERROR_STOP=1 -d "$src" <<'SQL'
CREATE EXTENSION journey;
CREATE TABLE ev (u int, ts timestamptz, e text);
INSERT INTO ev SELECT i % 97, timestamptz '2025-01-01' + i * interval '17 minutes',
       (ARRAY['visit', 'view', 'cart', 'buy', 'été'])[1 + i % 5] FROM generate_series(1, 5000) i;
CREATE TABLE j (u int PRIMARY KEY, journey journey, furthest stage);
INSERT INTO j SELECT u, journey_agg(ts, e),
       furthest_stage('{"stages": [{"name": "visit", "events": ["visit"]}, {"name": "view", "events": ["view"]}, {"name": "buy", "events": ["buy"]}]}', ts, e)
FROM ev GROUP BY u;
INSERT INTO j VALUES (1000, '[]', '1:a'), (1001, NULL, NULL);
CREATE INDEX ON j (furthest);
CREATE INDEX ON j USING hash (journey);
CREATE VIEW v AS SELECT u, length(journey) AS n, journey_path(journey) AS path, furthest::int AS pos FROM j;
CREATE MATERIALIZED VIEW mv AS SELECT u, window_funnel('1 day', ts, e, ARRAY['visit', 'view', 'buy']) AS level FROM ev GROUP BY u;
SQL
"$bindir/pg_dump" -Fc -d "$src" -f "$dump"
"$bindir/pg_restore" --exit-on-error -d "$dst" "$dump"

# compare every row of every relation: text forms and the values themselves
differences=0
for rel in j v mv; do
	a=$(psql -X -A -t -d "$src" -c "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM $rel t")
	b=$(psql -X -A -t -d "$dst" -c "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM $rel t")
	if [ "$a" != "$b" ]; then
		echo "dump/restore: $rel differs"
		differences=$((differences + 1))
	fi
done
# the restored indexes work
n=$(psql -X -q -A -t -d "$dst" -c "SET enable_seqscan = off; SELECT count(*) FROM j WHERE furthest >= '2:view'")
m=$(psql -X -A -t -d "$src" -c "SELECT count(*) FROM j WHERE furthest >= '2:view'")
[ "$n" = "$m" ] || { echo "dump/restore: index scan gives $n, expected $m"; differences=$((differences + 1)); }
h=$(psql -X -q -A -t -d "$dst" -c "SET enable_seqscan = off; SELECT count(*) FROM j WHERE journey = (SELECT journey FROM j WHERE u = 5)")
[ "$h" = "1" ] || { echo "dump/restore: hash index lookup gives $h"; differences=$((differences + 1)); }

psql -X -q -c "DROP DATABASE $src" -c "DROP DATABASE $dst"
[ "$differences" -eq 0 ] && echo "ok"
