# test/lib/cluster.sh -- shared by test/run.sh, test/demo.sh and test/bench/*.sh
#
# Sourced, not run.  Provides:
#   jy_ensure_packages   install the build and server packages when missing
#                        (apt-get, as root), or say what to install
#   jy_build_install     build journey with strict warnings and install it
#   jy_cluster_start N   start a throwaway PostgreSQL cluster named N on a
#                        private Unix socket; exports PGHOST, PGPORT, PGUSER;
#                        stops it on exit, also on failure
#   jy_cluster_create N  start another one (its directory in JY_LAST_CLUSTER)
#   jy_cluster_dir N     the directory of the cluster named N
#   jy_cluster_stop      stop every cluster started, now
#   jy_weekly_report_html F  write the weekly report page of the sample data
#                        (in the current database) to the file F
#   jy_report_charts F D copy each chart of that page to D/<kind>.svg
# PostgreSQL refuses to run as root: as root the server runs as the postgres
# system user; otherwise as the caller.

JY_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JY_PG_MAJOR=${JY_PG_MAJOR:-15}
JY_PACKAGES="postgresql-$JY_PG_MAJOR postgresql-server-dev-$JY_PG_MAJOR libcjson-dev pkg-config make gcc"

jy_log() { printf '== %s\n' "$*" >&2; }

# Install what is missing (as root), or stop with the list of packages
jy_ensure_packages() {
	local missing="" p
	for p in $JY_PACKAGES ${JY_EXTRA_PACKAGES:-}; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing packages:$missing" >&2
		echo "install them (sudo apt-get install -y$missing) or run this as root" >&2
		return 1
	fi
	jy_log "installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	local log
	log=$(mktemp)
	# shellcheck disable=SC2086
	if ! { apt-get update -q && apt-get install -y -q $missing; } >"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		return 1
	fi
	rm -f "$log"
}

# PostgreSQL's server binaries for the configured major version
jy_bindir() {
	if [ -x "/usr/lib/postgresql/$JY_PG_MAJOR/bin/pg_ctl" ]; then
		echo "/usr/lib/postgresql/$JY_PG_MAJOR/bin"
	else
		pg_config --bindir
	fi
}

# Build with the project's warning flags and install
jy_build_install() {
	local pgc
	pgc="$(jy_bindir)/pg_config"
	[ -x "$pgc" ] || pgc=pg_config
	jy_log "building and installing journey"
	make -C "$JY_ROOT" -s PG_CONFIG="$pgc" with_llvm=no \
		PG_CFLAGS="-Wall -Wextra -Werror -Wno-unused-parameter ${JY_EXTRA_CFLAGS:-}" >/dev/null
	if [ -w "$("$pgc" --pkglibdir)" ]; then
		make -C "$JY_ROOT" -s PG_CONFIG="$pgc" with_llvm=no install >/dev/null
	else
		sudo make -C "$JY_ROOT" -s PG_CONFIG="$pgc" with_llvm=no install >/dev/null
	fi
}

# Run a server-side command as the user that owns the cluster
jy_as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		(cd / && "$@")
	fi
}

# Every cluster this shell started, for jy_cluster_stop
JY_CLUSTER_DIRS=()

# The directory of the cluster named name: one per checkout, user and
# purpose, so checkouts never collide
jy_cluster_dir() {
	printf '%s\n' "${TMPDIR:-/tmp}/journey-$1-$(id -u)-$(printf '%s' "$JY_ROOT" | cksum | cut -d' ' -f1)"
}

# Create and start a throwaway cluster named name; its directory goes to
# JY_LAST_CLUSTER (socket in $JY_LAST_CLUSTER/sock, port 5432).  A cluster
# left there by a killed run is stopped first.  The server does not inherit
# fd 9, the install lock of test/regress.sh, so a server kept running never
# holds it.
jy_cluster_create() {
	local name=$1 bindir dir
	bindir=$(jy_bindir)
	dir=$(jy_cluster_dir "$name")
	if [ -f "$dir/data/postmaster.pid" ]; then
		jy_log "stopping the cluster a previous run left in $dir"
		jy_as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	mkdir -p "$dir/sock"
	[ "$(id -u)" -eq 0 ] && chown -R postgres: "$dir"
	chmod 700 "$dir"
	[ "$(id -u)" -eq 0 ] && chmod 755 "$dir"
	JY_CLUSTER_DIRS+=("$dir")
	trap jy_cluster_stop EXIT
	jy_log "starting a throwaway cluster in $dir"
	jy_as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust \
		--locale=C --encoding=UTF8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; return 1; }
	jy_as_owner "$bindir/pg_ctl" -D "$dir/data" -w -l "$dir/data/server.log" \
		-o "-c listen_addresses='' -k $dir/sock -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${JY_SERVER_OPTS:-}" \
		start >/dev/null 9>&- ||
		{ cat "$dir/data/server.log" >&2; return 1; }
	JY_LAST_CLUSTER=$dir
}

# Start a throwaway cluster and point PGHOST, PGPORT, PGUSER at it
jy_cluster_start() {
	jy_cluster_create "$1" || return 1
	JY_CLUSTER_DIR=$JY_LAST_CLUSTER
	export PGHOST="$JY_CLUSTER_DIR/sock" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
}

# Stop every cluster this shell started, and remove them
jy_cluster_stop() {
	local dir
	for dir in "${JY_CLUSTER_DIRS[@]}"; do
		if [ -f "$dir/data/postmaster.pid" ]; then
			jy_as_owner "$(jy_bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
		fi
		rm -rf "$dir"
	done
	JY_CLUSTER_DIRS=()
	JY_CLUSTER_DIR=
}

# The weekly report of the sample data as one HTML page (the demo's and the
# browser test's): the KPI view, then the page composed by SQL
jy_weekly_report_html() {
	PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" \
		psql -X -q -v ON_ERROR_STOP=1 -f "$JY_ROOT/test/data/weekly_report.sql" >/dev/null &&
		psql -X -q -A -t -v ON_ERROR_STOP=1 -f "$JY_ROOT/test/demo_report.sql" -o "$1"
}

# Each chart of the weekly report page $1 as a file $2/<kind>.svg (the SVG
# writer puts a chart on one line of its own); fails unless there is
# exactly one of each kind
jy_report_charts() {
	local kind
	for kind in funnel trend heatmap sankey; do
		grep -o "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"jy-chart jy-$kind\".*</svg>" \
			"$1" >"$2/$kind.svg" || true
		[ "$(wc -l <"$2/$kind.svg")" -eq 1 ] || { echo "not one $kind chart in $1" >&2; return 1; }
	done
}
