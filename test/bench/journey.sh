#!/usr/bin/env bash
# test/bench/journey.sh -- benchmark of the journey type (a benchmark, not a test)
#
# Loads the sample data and measures, in one run and one server:
#   - the floor SELECT count(*) FROM (SELECT user_id, count(*) FROM events
#     GROUP BY user_id) s, and journey_agg per user against it, and the
#     least any aggregate with an internal state costs (window_funnel with
#     a condition that is never true: one state per user, nothing stored);
#   - journey_agg(ts, event) per user against array_agg(event ORDER BY ts)
#     (labels only) and against the labels plus array_agg(ts ORDER BY ts);
#   - bytes per touch: pg_column_size of the stored journeys against the
#     same as text[] (labels only) and text[] + timestamptz[];
#   - the 4-step window_funnel over stored journeys against the same funnel
#     over the raw events (label form), checking they agree.
# Up to 100000 users the whole run holds /tmp/journey-install.lock (as
# test/regress.sh does), so no other checkout installs its build meanwhile;
# above that the lock is held for the build, released while the data loads
# (minutes), and taken again to install this build once more and measure.
#   bash test/bench/journey.sh [users] [rounds]     (default 100000 users, 7 rounds)
set -euo pipefail
if [ -z "${JY_BENCH_LOCKED:-}" ] && [ "${1:-100000}" -le 100000 ]; then
	exec env JY_BENCH_LOCKED=1 flock /tmp/journey-install.lock bash "$0" "$@" 9>&-
fi
. "$(dirname "$0")/../lib/cluster.sh"
. "$(dirname "$0")/../lib/bench.sh"
cd "$JY_ROOT"
if [ -z "${JY_BENCH_LOCKED:-}" ]; then
	eval "jy_build_install_unlocked() $(declare -f jy_build_install | tail -n +2)"
	jy_build_install() { (flock 9 && jy_build_install_unlocked) 9>/tmp/journey-install.lock; }
fi

users=${1:-100000}
rounds=${2:-7}
bench_start "$users"
if [ -z "${JY_BENCH_LOCKED:-}" ]; then
	# another checkout may have installed its build while the data loaded:
	# take the lock for the rest of the run and install this one again
	exec 9>/tmp/journey-install.lock
	flock 9
	jy_build_install_unlocked
fi
bench_split test/bench/journey.sql
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
SET max_parallel_workers_per_gather = 0;
CREATE TABLE stored AS SELECT user_id, journey_agg(ts, event) j FROM events GROUP BY user_id;
CREATE TABLE arrays AS SELECT user_id, array_agg(event ORDER BY ts) a, array_agg(ts ORDER BY ts) t FROM events GROUP BY user_id;
VACUUM ANALYZE stored;
VACUUM ANALYZE arrays;
SQL

echo "bytes per touch (pg_column_size summed over users / touches):"
# the dictionary of format version 2: a header byte (two from 64
# characters) and the label, 6 bits a character when made of [A-Za-z0-9_.]
psql -X -A -t -F ' ' -c "
WITH d AS (SELECT DISTINCT user_id, event AS x FROM events),
dict AS (SELECT sum(CASE WHEN length(x) < 64 THEN 1 ELSE 2 END
                    + CASE WHEN x ~ '^[A-Za-z0-9_.]+\$' THEN (octet_length(x) * 6 + 7) / 8 ELSE octet_length(x) END) AS bytes,
                sum(CASE WHEN x ~ '^[A-Za-z0-9_.]+\$' THEN octet_length(x) - (octet_length(x) * 6 + 7) / 8 ELSE 0 END) AS saved6
         FROM d),
per AS (SELECT user_id, length(j) AS n, cardinality(ARRAY(SELECT DISTINCT unnest(journey_labels(j)))) AS l FROM stored),
bits AS (SELECT sum(CASE WHEN l > 1 THEN n - (n * ceil(log(2, l))::int + 7) / 8 ELSE 0 END) AS saved FROM per)
SELECT format('  journey %s | text[] (labels only) %s | text[] + timestamptz[] %s | journey without its label dictionary %s',
       round(sum(pg_column_size(j))::numeric / sum(length(j)), 2),
       round((SELECT sum(pg_column_size(a)) FROM arrays)::numeric / sum(length(j)), 2),
       round((SELECT sum(pg_column_size(a) + pg_column_size(t)) FROM arrays)::numeric / sum(length(j)), 2),
       round((sum(pg_column_size(j)) - (SELECT bytes FROM dict))::numeric / sum(length(j)), 2))
       || E'\n' || format('  saved against format version 1, bytes a touch: bit-packed label numbers %s | 6-bit labels %s | label count and scale in one byte %s',
       round((SELECT saved FROM bits)::numeric / sum(length(j)), 2),
       round((SELECT saved6 FROM dict)::numeric / sum(length(j)), 2),
       round(count(*) FILTER (WHERE length(j) > 0)::numeric / sum(length(j)), 2))
FROM stored"

s_raw=$(psql -X -q -A -t -f "$BENCH_WORK/funnel_raw.sql")
s_stored=$(psql -X -q -A -t -f "$BENCH_WORK/funnel_stored.sql")
status=0
if [ "$s_raw" != "$s_stored" ]; then
	echo "MISMATCH: raw events gave"; echo "$s_raw"; echo "stored journeys gave"; echo "$s_stored"
	status=1
fi

bench_times "SET max_parallel_workers_per_gather = 0;" "$rounds" floor agg_overhead journey_agg array_agg array_agg_ts funnel_raw funnel_stored
fl=$(bench_median floor)
ov=$(bench_median agg_overhead)
ja=$(bench_median journey_agg)
aa=$(bench_median array_agg)
at=$(bench_median array_agg_ts)
fr=$(bench_median funnel_raw)
fs=$(bench_median funnel_stored)
printf 'serial: floor (count(*) per user) %.1f ms | journey_agg / floor = %s\n' "$fl" "$(bench_ratio "$ja" "$fl")"
printf '        an aggregate with an internal state that stores nothing (window_funnel(7 days, ts, false)) %.1f ms = %s x floor\n' "$ov" "$(bench_ratio "$ov" "$fl")"
printf '        journey_agg %.1f ms | array_agg(event ORDER BY ts) %.1f ms | + array_agg(ts ORDER BY ts) %.1f ms\n' "$ja" "$aa" "$at"
printf '        journey_agg / array_agg = %s   journey_agg / (labels + timestamps) = %s\n' \
	"$(bench_ratio "$ja" "$aa")" "$(bench_ratio "$ja" "$at")"
printf '        window_funnel over raw events %.1f ms | over stored journeys %.1f ms | raw / stored = %s\n' \
	"$fr" "$fs" "$(bench_ratio "$fr" "$fs")"
echo "users per level (raw = stored):"; echo "$s_raw" | tr '\n' ' '; echo
pgc="$(jy_bindir)/pg_config"
[ -x "$pgc" ] || pgc=pg_config
if [ "$(cksum <"$("$pgc" --pkglibdir)/journey.so")" != "$(cksum <"$JY_ROOT/journey.so")" ]; then
	echo "WARNING: the installed journey.so is no longer the one built here (another checkout installed its own): rerun" >&2
	status=1
fi
exit $status
