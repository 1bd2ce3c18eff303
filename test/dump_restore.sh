#!/usr/bin/env bash
# test/dump_restore.sh -- pg_dump and restore of a database that uses journey
#
# Run by test/run.sh against its throwaway cluster (PGHOST etc. set): builds
# a database with journey and stage columns, a btree index on a stage, a
# hash index on a journey, a view and a materialized view over the
# aggregates; dumps it (custom format), restores it into a new database, and
# compares every row.  It does so twice: with the extension created at the
# default version, and created at 0.1.0 with the data stored under 0.1.0,
# then updated (ALTER EXTENSION journey UPDATE) -- the stored values,
# indexes and views must then equal those of a fresh install, and the
# upgraded database must dump and restore too.  Prints "ok" or what
# differs; exit status 0 when equal.
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
bindir=${JY_BINDIR:-$(pg_config --bindir)}
src=journey_dump_src
dst=journey_dump_dst
ref=journey_dump_ref
dump=$(mktemp)
trap 'rm -f "$dump"' EXIT

# The database: events, stored journeys and stages, two indexes, views and
# a materialized view over the aggregates.  $2 is the version whose names
# the SQL uses: 0.1.0 names the functions 0.2.0 renamed by their old names
# (the update must carry the views over to the new ones).
populate() {
	local first_ts=journey_first_ts labels=journey_labels stage=map_stage entry=journey_entry_label
	if [ "${2:-}" = 0.1.0 ]; then
		first_ts=first_ts labels=labels stage=journey_stage entry=entry_label
	fi
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" <<SQL
CREATE TABLE maps (m text);
INSERT INTO maps VALUES ('{"stages": [{"name": "visit", "events": ["visit"]}, {"name": "buy", "events": ["buy"]}]}');
SQL
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" -v first_ts="$first_ts" -v labels="$labels" -v stage="$stage" -v entry="$entry" <<'SQL'
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
-- a view over the functions 0.2.0 renamed, and the map-first order it deprecated
CREATE VIEW v2 AS SELECT u, :first_ts(journey) AS first, :labels(journey) AS labels, :entry(journey) AS entry,
       furthest_stage(m, journey) AS furthest_map_first,
       (SELECT :stage(m, 'buy') FROM maps) AS buy_stage
FROM j, maps;
SQL
}

# Stored report summaries (0.2.0 types), created once the version has them
populate_summaries() {
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
CREATE TABLE sums AS
SELECT d, activity_agg(u, ts) AS a, rfm_agg(ts, 1.5::numeric) AS r FROM (SELECT ts::date AS d, * FROM ev) e GROUP BY d;
CREATE TABLE jsums AS
SELECT u % 3 AS shard, path_agg(journey, 2) AS p, next_step_agg(journey, '{view}') AS n,
       attribution_agg(journey, 'buy') AS c FROM j GROUP BY 1;
CREATE VIEW vs AS
SELECT (SELECT count(*) FROM lifecycle((SELECT rollup(a) FROM sums), 'week')) AS weeks,
       (SELECT string_agg(t::text, ';' ORDER BY rank) FROM top_paths((SELECT rollup(p) FROM jsums)) t) AS top,
       (SELECT string_agg(m::text, ';' ORDER BY channel) FROM markov_attribution((SELECT rollup(c) FROM jsums)) m) AS markov;
SQL
}

# Every row of every relation of two databases, text forms and values alike
compare() {
	local rel a b
	for rel in j v mv v2 sums jsums vs; do
		a=$(psql -X -A -t -d "$1" -c "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM $rel t")
		b=$(psql -X -A -t -d "$2" -c "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM $rel t")
		if [ "$a" != "$b" ]; then
			echo "$3: $rel differs"
			differences=$((differences + 1))
		fi
	done
}

# The indexes of database $1 work (index scans give the sequential answers)
check_indexes() {
	local n m h
	n=$(psql -X -q -A -t -d "$1" -c "SET enable_seqscan = off; SELECT count(*) FROM j WHERE furthest >= '2:view'")
	m=$(psql -X -q -A -t -d "$1" -c "SET enable_indexscan = off; SET enable_bitmapscan = off; SELECT count(*) FROM j WHERE furthest >= '2:view'")
	[ "$n" = "$m" ] || { echo "$2: index scan gives $n, expected $m"; differences=$((differences + 1)); }
	h=$(psql -X -q -A -t -d "$1" -c "SET enable_seqscan = off; SELECT count(*) FROM j WHERE journey = (SELECT journey FROM j WHERE u = 5)")
	[ "$h" = "1" ] || { echo "$2: hash index lookup gives $h"; differences=$((differences + 1)); }
}

differences=0
for from in default 0.1.0; do
	psql -X -q -v ON_ERROR_STOP=1 <<SQL
DROP DATABASE IF EXISTS $src;
DROP DATABASE IF EXISTS $dst;
DROP DATABASE IF EXISTS $ref;
CREATE DATABASE $src;
CREATE DATABASE $dst;
SQL
	if [ "$from" = default ]; then
		psql -X -q -v ON_ERROR_STOP=1 -d "$src" -c "CREATE EXTENSION journey"
		populate "$src"
		populate_summaries "$src"
		what="dump/restore"
	else
		psql -X -q -v ON_ERROR_STOP=1 -d "$src" -c "CREATE EXTENSION journey VERSION '$from'"
		populate "$src" "$from"
		psql -X -q -v ON_ERROR_STOP=1 -d "$src" -c "ALTER EXTENSION journey UPDATE"
		populate_summaries "$src"
		what="update from $from"
		# the upgraded database equals a fresh install with the same data
		psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $ref"
		psql -X -q -v ON_ERROR_STOP=1 -d "$ref" -c "CREATE EXTENSION journey"
		populate "$ref"
		populate_summaries "$ref"
		compare "$src" "$ref" "$what (against a fresh install)"
		# the view now calls the new names
		if ! psql -X -A -t -d "$src" -c "SELECT pg_get_viewdef('v2')" | grep -q "journey_first_ts(j.journey)"; then
			echo "$what: view v2 does not call journey_first_ts after the update"
			differences=$((differences + 1))
		fi
		check_indexes "$src" "$what"
	fi
	"$bindir/pg_dump" -Fc -d "$src" -f "$dump"
	"$bindir/pg_restore" --exit-on-error -d "$dst" "$dump"
	compare "$src" "$dst" "$what, dump/restore"
	check_indexes "$dst" "$what, dump/restore"
	psql -X -q -c "DROP DATABASE $src" -c "DROP DATABASE $dst" -c "DROP DATABASE IF EXISTS $ref"
done
[ "$differences" -eq 0 ] && echo "ok (fresh install and update from 0.1.0, each dumped and restored)"
