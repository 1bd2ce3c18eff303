#!/usr/bin/env bash
# test/demo.sh -- the README's demo command
#
# Installs what is missing (as root), builds and installs journey, starts a
# throwaway cluster, loads the deterministic sample data (into the schema
# journey_sample) and prints the reports of test/demo.sql.  Stops the
# cluster when done, even on failure, unless asked to keep it.
# Writes the weekly report page (test/demo_report.sql) to
# results/demo/weekly-report.html (or $JY_DEMO_OUT) and prints its path.
#   bash test/demo.sh [--keep] [users]   (default 20000 users, about 190k events)
#     --keep (or JY_DEMO_KEEP=1)  keep the server running after the reports,
#                                 and print how to connect to it and stop it
#   bash test/demo.sh --stop             stop a server that --keep left running
set -euo pipefail
. "$(dirname "$0")/lib/cluster.sh"
cd "$JY_ROOT"

usage() { echo "usage: $0 [--keep] [number of users] | $0 --stop" >&2; exit 2; }
keep=${JY_DEMO_KEEP:-0}
stop=0
users=20000
for arg in "$@"; do
	case "$arg" in
		--keep) keep=1 ;;
		--stop) stop=1 ;;
		'' | *[!0-9]*) usage ;;
		*) users=$arg ;;
	esac
done

if [ "$stop" = 1 ]; then
	dir=$(jy_cluster_dir demo)
	if [ -f "$dir/data/postmaster.pid" ]; then
		jy_as_owner "$(jy_bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
		echo "stopped the demo server in $dir"
	else
		echo "no demo server is running (none in $dir)"
	fi
	rm -rf "$dir"
	exit 0
fi

jy_ensure_packages
jy_build_install
# only the owner of the server (and root) may connect to its socket
JY_SERVER_OPTS="-c unix_socket_permissions=0700" jy_cluster_start demo

jy_log "loading the sample data: $users users"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION journey" \
	-v users="$users" -f test/data/sample_events.sql
psql -X -q -A -t -c "SELECT format('the events run from %s to %s', min(ts)::date, max(ts)::date) FROM journey_sample.events"
psql -X -q -P pager=off -v ON_ERROR_STOP=1 -f test/demo.sql

# the weekly report a manager opens: one HTML page, and each chart on its own
out=${JY_DEMO_OUT:-$JY_ROOT/results/demo}
mkdir -p "$out"
jy_weekly_report_html "$out/weekly-report.html"
jy_report_charts "$out/weekly-report.html" "$out"
cat <<EOF

== The weekly report (KPIs against targets, funnel, trend, retention, paths,
   attribution, segments) is written to
   $out/weekly-report.html
   and its charts to $out/{funnel,trend,heatmap,sankey}.svg
EOF

if [ "$keep" = 1 ]; then
	# a new session finds the sample data as events
	psql -X -q -v ON_ERROR_STOP=1 -c "ALTER DATABASE postgres SET search_path = journey_sample, public"
	trap - EXIT
	cat <<EOF

== The demo server keeps running (data in $JY_CLUSTER_DIR).
   Connect to it (search_path is journey_sample, public: the sample data is
   the table events; try the queries of README.md and docs/tutorial.md):

   psql -h $PGHOST -p $PGPORT -U postgres postgres

   Stop it and remove its data:

   bash test/demo.sh --stop
EOF
fi
