#!/usr/bin/env bash
# test/cron.sh -- the weekly report refreshed inside PostgreSQL by pg_cron
#
# Starts a throwaway server of its own with shared_preload_libraries =
# 'pg_cron' (Debian's postgresql-15-cron, pg_cron 1.4, which schedules by
# the minute; its jobs run in background workers, since this server has no
# TCP socket), loads the sample data and the weekly report
# (test/data/weekly_report.sql), appends a week of new events, schedules
# the documented refresh job every minute and waits, at most 75 s, until
# cron.job_run_details shows a run that succeeded and the report holds the
# new week.  Prints "ok" and how long it waited.
set -euo pipefail
. "$(dirname "$0")/lib/cluster.sh"
cd "$JY_ROOT"

JY_SERVER_OPTS="-c shared_preload_libraries=pg_cron -c cron.database_name=postgres -c cron.use_background_workers=on -c max_worker_processes=16" \
	jy_cluster_start cron >/dev/null 2>&1 || { echo "the pg_cron server did not start" >&2; exit 1; }
export PGOPTIONS="-c client_min_messages=warning"
# stopped by test/run.sh: stop the server too (the EXIT trap)
trap 'exit 1' TERM INT

psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION journey" -v users=2000 -f test/data/sample_events.sql >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -f test/data/weekly_report.sql >/dev/null
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION pg_cron" >/dev/null

# the latest week of the report now, and a new week of events: the last
# week's events again, seven days later
last=$(psql -X -A -t -v ON_ERROR_STOP=1 -c "SELECT max(week) FROM journey_sample.weekly_report")
psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO journey_sample.events
SELECT user_id, ts + interval '7 days', event, channel, revenue
FROM journey_sample.events
WHERE ts >= (SELECT max(ts) FROM journey_sample.events) - interval '7 days';
SQL
new=$(psql -X -A -t -v ON_ERROR_STOP=1 -c "SELECT max(date_trunc('week', ts AT TIME ZONE 'UTC')) AT TIME ZONE 'UTC' FROM journey_sample.events")
echo "report's latest week before: $last; the new events reach the week of $new"
[ "$(psql -X -A -t -c "SELECT '$new'::timestamptz > '$last'::timestamptz")" = t ] ||
	{ echo "the new events do not start a new week" >&2; exit 1; }

# the documented job, every minute instead of every Monday
job=$(psql -X -A -t -v ON_ERROR_STOP=1 -c \
	"SELECT cron.schedule('journey-weekly-report', '* * * * *', 'SELECT journey_sample.refresh_weekly_report()')")
start=$(date +%s)
while :; do
	status=$(psql -X -A -t -c "SELECT string_agg(status, ',' ORDER BY runid) FROM cron.job_run_details WHERE jobid = $job")
	has=$(psql -X -A -t -c "SELECT count(*) FROM journey_sample.weekly_report WHERE week = '$new'")
	waited=$(($(date +%s) - start))
	case ",$status," in
		*,succeeded,*)
			if [ "$has" -gt 0 ]; then
				echo "pg_cron ran the refresh (runs: $status) after $waited s; the report holds $has KPIs of the week of $new"
				psql -X -q -c "SELECT cron.unschedule($job)" >/dev/null
				echo ok
				exit 0
			fi ;;
		*,failed,*)
			psql -X -c "SELECT runid, status, return_message FROM cron.job_run_details WHERE jobid = $job" >&2
			exit 1 ;;
	esac
	if [ "$waited" -gt 75 ]; then
		echo "no successful refresh within 75 s (runs: ${status:-none}; rows of the new week: $has)" >&2
		psql -X -c "SELECT * FROM cron.job_run_details" >&2 || true
		exit 1
	fi
	sleep 2
done
