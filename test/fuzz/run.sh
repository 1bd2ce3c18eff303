#!/bin/sh
#
# test/fuzz/run.sh [seconds] -- build and run every libFuzzer target
#
# Builds src/core/*.c once and links each test/fuzz/fuzz_*.c against it,
# with clang-14 and -fsanitize=fuzzer,address,undefined, into a temporary
# directory, seeds a
# corpus there and runs the target for the given time (default 20 s).
# Exits non-zero when a target fails to build or finds a crash; the crash
# input is then kept in the temporary directory, whose path is printed.
# Nothing is written to the work tree.
#
set -eu

secs=${1:-20}
case "$secs" in
	''|*[!0-9]*) echo "usage: $0 [seconds]" >&2; exit 2 ;;
esac

root=$(cd "$(dirname "$0")/../.." && pwd)
cc=${FUZZ_CC:-clang-14}
cjson_cflags=$(pkg-config --cflags libcjson)
cjson_libs=$(pkg-config --libs libcjson)

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "run.sh: $cc not found; install it with: apt-get install clang-14 libclang-rt-14-dev" >&2
	exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/journey-fuzz.XXXXXX")
keep=no
# shellcheck disable=SC2317  # called by the trap
cleanup() {
	if [ "$keep" = no ]; then
		rm -rf "$work"
	fi
}
trap cleanup EXIT

# libFuzzer's runtime comes with libclang-rt-14-dev
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void) d; (void) n; return 0; }\n' >"$work/probe.c"
if ! "$cc" -fsanitize=fuzzer "$work/probe.c" -o "$work/probe" >/dev/null 2>&1; then
	echo "run.sh: libFuzzer is missing for $cc; install it with: apt-get install libclang-rt-14-dev" >&2
	exit 2
fi

# seeds for fuzz_pattern: config byte, pattern length,
# pattern, then (time step, mask) pairs
seed_pattern() {
	dir=$1
	mkdir -p "$dir"
	i=0
	for p in '' '.' '.*' '(?1)(?1)' '(?1)(?t>10)(?2)' '(?1)(?t<=2)(?3)' \
		'(?2)(?t>=7)(?2)' '(?1)(?t==1)(?2)' '(?1).*(?t<5)(?2).(?t>+1)' \
		'(?1)(?t<=10)(?2)(?3).*.*(?t>1)' '(?t<0)' '(?1)(?2'; do
		len=$(printf '%s' "$p" | wc -c)
		{
			# shellcheck disable=SC2059  # the octal escape is built on purpose
			printf "\\003\\$(printf '%03o' "$len")"
			printf '%s' "$p"
			printf '\001\001\001\002\001\004\003\001\001\002\012\003\000\000\001\004'
		} >"$dir/seed$i"
		i=$((i + 1))
	done
}

# seeds for fuzz_decode: a selector byte, then a valid encoding
seed_decode() {
	dir=$1
	mkdir -p "$dir"
	# funnel state: version 1, timestamptz, 2 steps, no flags, window 10, 1 event
	printf '\000\001\000\002\000\000\000\000\000\000\000\000\012\000\000\000\001\000\000\000\000\000\000\000\005\003' >"$dir/funnel"
	# the same with any_order and totals (flags 160), 2 events
	printf '\000\001\000\002\240\000\000\000\000\000\000\000\012\000\000\000\002\000\000\000\000\000\000\000\005\002\000\000\000\000\000\000\000\007\001' >"$dir/funnel-any-totals"
	# funnel state with gaps: version 2, 2 steps, window 10, 1 event, gap 3
	printf '\000\002\000\002\000\000\000\000\000\000\000\000\012\000\000\000\001\000\000\000\000\000\000\000\005\003\000\000\000\000\000\000\000\003' >"$dir/funnel-gaps"
	# sequence state: pattern (?1), 2 conditions, 1 event
	printf '\001\001\000\002\000\000\000\000\004\000\000\000\001(?1)\000\000\000\000\000\000\000\007\001' >"$dir/seq"
	# sequence_next_node state: forward, head, 1 event condition, 1 row "a"
	printf '\002\001\000\000\001\000\000\000\001\000\000\000\000\000\000\000\000\000\000\000\011\001\001\000\000\000\001a' >"$dir/node"
	# journey map state: the text "{}", 1 event at 7 with stages 1 and 2
	printf '\005\001\002{}\001\000\000\000\000\000\000\000\007\003' >"$dir/map"
	# journey: docs/format.md's example (visit, view, visit)
	printf '\004\001\003\002\005visit\004view\006\360\001\170\000\000\001\000' >"$dir/journey"
	# journey: -infinity and infinity, labels "a" and "b\"" (an escape in the text form)
	printf '\004\001\002\002\001a\002b"\000\377\377\377\377\377\377\377\377\377\001\377\377\377\377\377\377\377\377\377\001\000\001' >"$dir/journey-inf"
	# journey, version 2: the same example (6-bit labels, 1-bit label ids)
	printf '\004\002\003\026\013\273\213\273\071\011\273\253\362\360\001\170\000\002' >"$dir/journey-v2"
	# journey, version 2: labels "", "Z9" (packed) and "a-b" (bytes), 2-bit ids
	printf '\004\002\004\036\000\005\244\002\006a-b\000\001\001\001\044' >"$dir/journey-v2-mixed"
}

# seeds for fuzz_path_summary: docs/format.md's two examples
seed_path_summary() {
	dir=$1
	mkdir -p "$dir"
	# top paths, depth 2, collapsed: 3 actors, "a > b" 2, "b > a" 1
	printf 'JS\002\001\001\002\001\003\000\002\005a > b\002\005b > a\001' >"$dir/top"
	# next steps after {a}, forward, first_match: 5 actors, none 1, "b" 2
	printf 'JS\002\001\002\000\002\001\001a\005\001\001\001b\002' >"$dir/next"
	# path edges, depth 2, every 'a', forward: 2 actors, a > b twice (one actor) and a (the other)
	printf 'JS\002\001\003\002\001\000\002\001\001a\000\002\000\002\004\001\001\001a\001\006\002\002\001a\001b\001' >"$dir/edges"
}

# seeds for fuzz_journey_text: journey text, valid and not
seed_journey_text() {
	dir=$1
	mkdir -p "$dir"
	printf '%s' '[]' >"$dir/empty"
	printf '%s' '[["2025-03-01T10:05:00+01:00", "view"], ["2025-03-01T10:00:00Z", "visit"]]' >"$dir/two"
	printf '%s' '[["-infinity", "a"], ["0044-03-15T12:00:00Z", "b"], ["+10000-01-01T00:00:00Z", "c"], ["infinity", "d"]]' >"$dir/range"
	printf '%s' '[["2025-01-01T00:00:00.000001Z", "a \"q\" \\ b\n"], ["2025-01-01T00:00:01Z", "\u00e9t\ud83d\ude00"]]' >"$dir/escapes"
	printf '%s' '[["2025-01-01T00:00:00Z", "a\u0000b"]]' >"$dir/nul"
	printf '%s' '[["2025-02-30T00:00:00Z", "a"], [1, 2]]' >"$dir/bad"
}

# seeds for fuzz_map: maps with every feature, and broken ones
seed_map() {
	dir=$1
	mkdir -p "$dir"
	printf '%s' '{"stages": [{"name": "a", "events": ["x"]}]}' >"$dir/small"
	printf '%s' '{"stages": [{"name": "awareness", "events": ["visit", "ad_click"]}, {"name": "consideration", "events": ["product_view"], "where": {"channel": ["email", "search"], "device": "mobile"}, "within": "2 days"}, {"name": "decision", "events": ["purchase"]}], "window": "1 week 2 h", "mode": "strict_order, allow_reentry", "exclude": ["refund"]}' >"$dir/full"
	printf '%s' '{"stages": [{"name": "a", "events": ["x"]}, {"name": "a", "events": ["y", 1]}], "exclude": ["x"], "mode": "strict"}' >"$dir/bad"
	printf '%s' '{"stages": [{"name": "\u00e9", "events": ["x\u0000y"]}], "stages": []}' >"$dir/nul"
	printf '%s' '{"stages": [{"name": "a", "events": ["x"]}, {"name": "b", "events": ["y"], "optional": true}, {"name": "c", "events": ["z"]}], "exclude": ["r", {"events": ["s"], "from": "b", "to": "c", "policy": "leave"}, {"events": ["t"]}]}' >"$dir/options"
}

# seeds for fuzz_duration
seed_duration() {
	dir=$1
	mkdir -p "$dir"
	i=0
	for d in '2 days' '1 day 12 hours' '1 day, 12 hours' '90 min' '1.5 h' '1 month' '250 ms' \
		'0.5 seconds' '300000000000 days' '2 dayz' '1..5 h'; do
		printf '%s' "$d" >"$dir/seed$i"
		i=$((i + 1))
	done
}

# seeds for fuzz_rfm: rfm_summary bytes (docs/format.md)
seed_rfm() {
	dir=$1
	mkdir -p "$dir"
	# empty float8 summary
	printf 'JS\004\001\000\000' >"$dir/empty"
	# one numeric order of 12.5 at 2000-01-01
	printf 'JS\004\001\001\001\000\000\001\372\001' >"$dir/numeric"
	# two float8 orders one day apart, total 2.5
	printf 'JS\004\001\000\002\000\200\300\335\356\301\002\100\004\000\000\000\000\000\000' >"$dir/float8"
}

# seeds for fuzz_activity: summaries of test/unit/test_activity.c
seed_activity() {
	dir=$1
	mkdir -p "$dir"
	printf 'JS\001\001\000\000\000' >"$dir/empty"
	printf 'JS\001\001\001\001\002\006\001\030\001\002\024\000' >"$dir/int"
	printf 'JS\001\001\002\002\002\001a\003\004\002\001\002\001b\002\006\000\000' >"$dir/event"
	printf 'JS\001\001\003\001\001\000\021\042\063\104\125\146\167\210\231\252\273\314\335\356\377\001\000' >"$dir/uuid"
	# value summaries (test/sql/value_retention.sql): 1.5 on day 12; 1.75; no value
	printf 'JS\007\001\001\001\001\001\006\001\030\036' >"$dir/value"
	printf 'JS\007\001\001\001\002\001\006\001\030\336\002' >"$dir/value_scale2"
	printf 'JS\007\001\001\001\000\001\006\001\030\000' >"$dir/value_none"
	printf 'JS\007\001\002\002\002\002\001a\003\004\002\001\002\003\001b\002\006\000\000\175\000' >"$dir/value_event"
}

# seeds for fuzz_onepass: states of test/unit/test_onepass.c
seed_onepass() {
	dir=$1
	mkdir -p "$dir"
	printf '\001\000\001\003\005\000\000' >"$dir/empty"
	printf '\001\001\000\002\012\001\002\006\002\006\001\004\002\001\001\002\003' >"$dir/int"
	printf '\001\002\021\002\012\001\001\001a\002\002\000\000\001' >"$dir/text"
	printf '\002\001\000\002\377\377\377\377\377\377\377\377\377\001\257\143\340\114\206\001\363\130\001\005\001\003\006\004\002\001\003\004\002\001\016\002\001\002\002\001\002\002\001\003\002\001\001\004\001\002' >"$dir/map"
	printf '\003\001\000\003\377\377\377\377\377\377\377\377\377\001\257\143\340\114\206\001\363\130\000\000\000\002\001\003\002\003\001\001\003\002\002\002\001\001\004\000\004\002\001\001\002\001\010\001\004\000\002\002\001\001\002' >"$dir/map_options"
}

# seeds for fuzz_attribution: summaries (docs/format.md's example, the
# empty summary, one with a label and nothing counted)
seed_attribution() {
	dir=$1
	mkdir -p "$dir"
	printf 'JS\003\001\001\004conv\002\001A\001B\005\000\001\002\000\002\001\001\002\001\001\004\001\002\003\002\003\001\000\001\000\002\000\000\001\001\001\001\001\001' >"$dir/worked"
	printf 'JS\003\001\000\000\000\000' >"$dir/empty"
	printf 'JS\003\001\001\001c\000\000\000' >"$dir/label"
}

# seeds for fuzz_props: funnel_props states (docs/format.md's example,
# an empty state, a timestamptz state with two values)
seed_props() {
	dir=$1
	mkdir -p "$dir"
	printf '\001\002\001\002\012\001\001a\004\006\001\001\001\000\000\003\002\000\000\002\001' >"$dir/example"
	printf '\001\000\000\001\012\000\000' >"$dir/empty"
	printf '\001\000\004\003\310\001\002\001x\002yz\003\002\001\001\004\002\002\000\004\000' >"$dir/two"
}

# seeds for fuzz_trend: selector 0 and docs/format.md's summary; selector
# 1 and an actor's events (steps, window, width, then step/mask pairs);
# selector 2, an instant (8 bytes), an offset and a unit
seed_trend() {
	dir=$1
	mkdir -p "$dir"
	printf '\000JS\005\001\002\003\002\000\005\024\001\074\003\023\001\001\011\001\000\011\001\001' >"$dir/format"
	printf '\001\002\005\012\010\001\003\002\002\004\004\001' >"$dir/entries"
	printf '\002\000\000\000\000\000\000\000\000\200\002' >"$dir/fixed"
}

# seeds for fuzz_drivers: selector 0 and docs/format.md's driver summary,
# an empty one; selector 1 and a funnel_features state (docs/format.md)
seed_drivers() {
	dir=$1
	mkdir -p "$dir"
	printf '\000JS\006\001\001\001\004\003all\001\001\013channel=ads\000\001\015channel=email\001\000\007pricing\000\001' >"$dir/format"
	printf '\000JS\006\001\000\000\000' >"$dir/empty"
	printf '\001\001\000\000\002\002\012\002\000\001\004\002\002\001a\001b\003\000\000\002\001\002\000' >"$dir/state"
}

# seeds for fuzz_segments: selector 0 and docs/format.md's worked example,
# one with a NULL segment (test_segments.c); selector 1, steps and
# (segment, level) pairs
seed_segments() {
	dir=$1
	mkdir -p "$dir"
	printf '\000JS\011\001\003\000\003\001A\144\074\036\001B\120\074\021\001C\024\010\012' >"$dir/example"
	printf '\000JS\011\001\003\001\002\001x\007\002\004\002yy\007\006\000\001\001\000' >"$dir/null"
	printf '\001\003\001\003\002\001\021\002\041\000\002\003' >"$dir/levels"
}

# seeds for fuzz_charts: selector 0 (the writer), hostile labels
seed_charts() {
	dir=$1
	mkdir -p "$dir"
	printf '\000<a href="x">&amp;\000\377\300\257\000\350\263\274\345\205\245\000\001\033' >"$dir/writer"
	# selector 3 (heatmap): cells of (cohort, period, rate, size), a title
	printf '\003\001\000\100\014\001\001\060\014\002\000\000\377\001\001\020\014<t&>' >"$dir/heatmap"
	# selector 4 (Sankey): names, then edges of (source, target, actors)
	printf '\0041:a\0002:b\0002:(dropped)\0003:<c>\376\000\001\012\000\002\005\001\003\007' >"$dir/sankey"
}

# write the dictionary of target $2 to $1; fails when it has none
write_dict() {
	case "$2" in
		fuzz_pattern) dict_pattern >"$1" ;;
		fuzz_journey_text) dict_journey_text >"$1" ;;
		fuzz_map) dict_map >"$1" ;;
		fuzz_duration) dict_duration >"$1" ;;
		*) return 1 ;;
	esac
}

dict_journey_text() {
	cat <<'EOF'
"[["
"]]"
"\", \""
"\"2025-01-01T00:00:00Z\""
"\"infinity\""
"+01:00"
".123456"
"\\u0000"
"\\u00e9"
"\\ud83d\\ude00"
"\\\""
"\\\\"
EOF
}

dict_map() {
	cat <<'EOF'
"{\"stages\": ["
"\"name\": "
"\"events\": ["
"\"where\": {"
"\"within\": \"2 days\""
"\"window\": \"1 week\""
"\"mode\": \"strict_order\""
"allow_reentry"
"strict_deduplication"
"\"exclude\": ["
"\\u0000"
"\\u00e9"
EOF
}

dict_duration() {
	cat <<'EOF'
"days"
"hours"
"min"
"ms"
"us"
"weeks"
"months"
"seconds"
"."
","
EOF
}

dict_pattern() {
	cat <<'EOF'
"(?"
"(?t"
")"
"."
".*"
"<="
"<"
">="
">"
"=="
"+"
"(?1)"
"(?2)"
"(?t<="
"(?t>"
EOF
}

status=0
# the core is compiled once (instrumented for the fuzzer, not linked with
# its main), then linked into every target; two compilers at a time
flags="-g -O1 -fno-sanitize-recover=all -fno-omit-frame-pointer -I$root/src -I$root/test/unit $cjson_cflags"
mkdir -p "$work/core"
echo "== building the core for the fuzzers"
# shellcheck disable=SC2086  # the flags are word lists
if ! printf '%s\n' "$root"/src/core/*.c | xargs -P 2 -I{} sh -c \
	'"$1" $2 -fsanitize=fuzzer-no-link,address,undefined -c "$3" -o "$4/$(basename "$3" .c).o"' \
	sh "$cc" "$flags" {} "$work/core"; then
	echo "== the core failed to build" >&2
	exit 1
fi
for src in "$root"/test/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	echo "== $name: building"
	# shellcheck disable=SC2086  # the flags are word lists
	if ! "$cc" $flags -fsanitize=fuzzer,address,undefined \
		"$src" "$work"/core/*.o $cjson_libs -lm -o "$work/$name"; then
		echo "== $name: build failed" >&2
		status=1
		continue
	fi
	mkdir -p "$work/$name.corpus" "$work/$name.artifacts"
	set --
	case "$name" in
		fuzz_decode) seed_decode "$work/$name.corpus" ;;
		fuzz_pattern) seed_pattern "$work/$name.corpus" ;;
		fuzz_journey_text) seed_journey_text "$work/$name.corpus" ;;
		fuzz_map) seed_map "$work/$name.corpus" ;;
		fuzz_duration) seed_duration "$work/$name.corpus" ;;
		fuzz_rfm) seed_rfm "$work/$name.corpus" ;;
		fuzz_activity) seed_activity "$work/$name.corpus" ;;
		fuzz_attribution) seed_attribution "$work/$name.corpus" ;;
		fuzz_path_summary) seed_path_summary "$work/$name.corpus" ;;
		fuzz_onepass) seed_onepass "$work/$name.corpus" ;;
		fuzz_props) seed_props "$work/$name.corpus" ;;
		fuzz_trend) seed_trend "$work/$name.corpus" ;;
		fuzz_drivers) seed_drivers "$work/$name.corpus" ;;
		fuzz_segments) seed_segments "$work/$name.corpus" ;;
		fuzz_charts) seed_charts "$work/$name.corpus" ;;
	esac
	if write_dict "$work/$name.dict" "$name"; then
		set -- "-dict=$work/$name.dict"
	fi
	echo "== $name: running for $secs s"
	if "$work/$name" -max_total_time="$secs" -max_len=4096 \
		-artifact_prefix="$work/$name.artifacts/" "$@" \
		"$work/$name.corpus" >"$work/$name.log" 2>&1; then
		tail -n 3 "$work/$name.log" | sed "s/^/   /"
		echo "== $name: ok"
	else
		tail -n 40 "$work/$name.log" >&2
		echo "== $name: FAILED; crash input and log kept in $work" >&2
		keep=yes
		status=1
	fi
done
exit $status
