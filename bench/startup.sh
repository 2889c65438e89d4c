#!/usr/bin/env bash
# Time from process start to the first served request (a 200), for the
# blog example with 10,000 generated records.
#
#   bench/startup.sh            # 10 runs per mode
#   RUNS=20 PORT=39001 bench/startup.sh
#
# Modes: memory; json-file starting without a file (generates, then writes
# it); json-file starting from the file the previous run wrote. Prints the
# min and median in milliseconds per mode. Needs bash, curl and go.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10}
PORT=${PORT:-39017}
URL="http://127.0.0.1:$PORT/posts?perPage=1"
# 1,001 users (one from the spec's data), 3,000 posts, 5,000 comments,
# 8 tags (from data) and 991 postTags: 10,000 records.
COUNTS='{"users":1000,"posts":3000,"comments":5000,"postTags":991}'

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/pretendo" ./cmd/pretendo
bin=$work/pretendo

# The spec: the blog example with the counts above, written to a temp file.
{
	grep -v '^    counts:' examples/blog/api.yml
	echo "    counts: $COUNTS"
} >"$work/api.yml"
spec=$work/api.yml

if curl -s -o /dev/null "$URL"; then
	echo "port $PORT is in use; set PORT" >&2
	exit 1
fi

# one_run ARGS... prints the milliseconds from start to the first 200.
one_run() {
	local t0 t1 code pid
	t0=$(date +%s%N)
	"$bin" start "$spec" --host 127.0.0.1 --port "$PORT" --quiet "$@" >"$work/out" 2>&1 &
	pid=$!
	code=000
	until [ "$code" = 200 ]; do
		if ! kill -0 "$pid" 2>/dev/null; then
			tail -1 "$work/out"
			return 1
		fi
		code=$(curl -s -o /dev/null -w '%{http_code}' "$URL" || true)
	done
	t1=$(date +%s%N)
	kill -INT "$pid"
	wait "$pid" || true
	echo $(((t1 - t0) / 1000000))
}

# measure NAME SETUP ARGS...: RUNS runs; SETUP runs before each.
measure() {
	local name=$1 setup=$2
	shift 2
	local times=() t
	for _ in $(seq "$RUNS"); do
		eval "$setup"
		if ! t=$(one_run "$@"); then
			printf '%-22s unavailable: %s\n' "$name" "$t"
			return 0
		fi
		times+=("$t")
	done
	sorted=$(printf '%s\n' "${times[@]}" | sort -n)
	min=$(echo "$sorted" | head -1)
	median=$(echo "$sorted" | sed -n "$(((RUNS + 1) / 2))p")
	[ -n "${VERBOSE:-}" ] && echo "$name: ${times[*]}" >&2
	printf '%-22s min %4d ms   median %4d ms   (%d runs)\n' "$name" "$min" "$median" "$RUNS"
}

echo "startup to first 200, blog example with 10,000 records ($(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
measure "memory" ":" --database.adapter=memory
measure "json-file, no file" "rm -f '$work/db.json'" --db "$work/db.json"
measure "json-file, from file" ":" --db "$work/db.json"
