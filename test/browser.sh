#!/usr/bin/env bash
# test/browser.sh -- the demo's HTML report in a real browser
#
# Run by test/run.sh with PGHOST etc. pointing at its cluster.  Loads the
# sample data into a database of its own, writes the weekly report page
# (test/data/weekly_report.sql, test/demo_report.sql: what the demo writes),
# checks every chart in it with xmllint, then opens it in headless Chromium
# (test/browser/check_report.mjs, through playwright-core from npm, which
# is installed into ~/.cache/journey-npm when missing).  The page, each
# chart and a PNG screenshot stay in results/browser/.  Prints "ok".
set -euo pipefail
. "$(dirname "$0")/lib/cluster.sh"
cd "$JY_ROOT"
export PGOPTIONS="-c client_min_messages=warning"
out=$JY_ROOT/results/browser
rm -rf "$out"
mkdir -p "$out"

psql -X -q -v ON_ERROR_STOP=1 <<SQL
DROP DATABASE IF EXISTS journey_browser;
CREATE DATABASE journey_browser;
SQL
export PGDATABASE=journey_browser
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION journey" -v users=5000 -f test/data/sample_events.sql >/dev/null
jy_weekly_report_html "$out/weekly-report.html"

# every chart of the page is a well-formed standalone document
jy_report_charts "$out/weekly-report.html" "$out"
for kind in funnel trend heatmap sankey; do
	xmllint --noout "$out/$kind.svg"
done
echo "the 4 charts of the page are well-formed XML (xmllint)"

npm_dir=${JY_NPM_DIR:-$HOME/.cache/journey-npm}
if [ ! -f "$npm_dir/node_modules/playwright-core/package.json" ]; then
	mkdir -p "$npm_dir"
	[ -f "$npm_dir/package.json" ] || echo '{"name": "journey-browser-test", "private": true}' >"$npm_dir/package.json"
	(cd "$npm_dir" && npm install --no-audit --no-fund --loglevel=error playwright-core@1.49.1) >&2
fi
NODE_PATH="$npm_dir/node_modules" JY_CHROMIUM=$(command -v chromium) \
	node test/browser/check_report.mjs "$out/weekly-report.html" "$out/weekly-report.png"
