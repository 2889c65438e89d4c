#!/usr/bin/env bash
# How pretendo's costs grow with the data: 10,000, 100,000 and 1,000,000
# posts (bench/gendata, one user per ten posts), served by the json-file
# adapter from the generated file.
#
#   bench/million.sh                      # the three sizes, 3 s per workload
#   SIZES="10000 1000000" bench/million.sh
#   DUR=5s GOBENCH=0 bench/million.sh     # without the in-process benchmarks
#
# For each size, over HTTP with the CLI (`pretendo start SPEC --db FILE`):
#   - start: milliseconds from process start to the first 200 of
#     GET /posts/1 (it includes reading the whole file: there is no lazy load),
#     and the CPU time the server used until then (steadier on a busy machine);
#   - RSS: VmRSS once the first answer came and again after the GET runs
#     (before the POSTs add records), and their ratios to the file's size;
#   - get, page, post: req/s of GET /posts/{id}, of
#     GET /posts?userId=5&sortBy=-createdAt&perPage=10 (userId references
#     users: an index) and of POST /posts, with wrk for DUR each;
#   - save: milliseconds of POST /admin/save (the whole store, written to
#     the file) while wrk reads GET /posts/{id} on the side, with that
#     reader's req/s, p99 and maximum latency during the save.
# Then, in-process, one `go test -bench BenchmarkScale` command over the
# same three sizes: GET by id, the page, a POST, Snapshot, Restore and Fork
# through the handler (ns/op).
#
# Environment (defaults in brackets):
#   SIZES      numbers of posts [10000 100000 1000000]
#   DUR        each wrk run [3s]
#   CONNS      wrk connections [32]
#   SRV_CPU    core of the server; empty to not pin [0]
#   WRK_CPU    core of wrk; empty to not pin [1]
#   PORT       the server's port [28360]
#   GOBENCH    1 to run the in-process benchmarks too [1]
#   BENCHTIME  -benchtime of those [1s]
#   WORK       scratch folder [/tmp/pretendo-million]
#
# Bounded: each wrk run by timeout, a server's start by READY_TIMEOUT
# seconds; servers listen on 127.0.0.1 only and are stopped by PID (also
# on exit or Ctrl+C). Needs bash, go, curl, wrk, awk and taskset to pin.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${SIZES:-10000 100000 1000000}
DUR=${DUR:-3s}
CONNS=${CONNS:-32}
SRV_CPU=${SRV_CPU-0}
WRK_CPU=${WRK_CPU-1}
PORT=${PORT:-28360}
GOBENCH=${GOBENCH:-1}
BENCHTIME=${BENCHTIME:-1s}
WORK=${WORK:-/tmp/pretendo-million}
READY_TIMEOUT=180
POST_BODY='{"title":"Benchmark post","body":"Short text to store.","userId":5,"createdAt":"2026-01-01T12:00:00Z"}'

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

for tool in go curl awk wrk timeout; do
	command -v "$tool" >/dev/null || die "$tool is needed"
done
[[ $DUR =~ ^([0-9]+)s?$ ]] || die "DUR must be seconds (3 or 3s), not '$DUR'"
DUR_S=${BASH_REMATCH[1]}
for n in $SIZES; do
	[[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 20 ] || die "SIZES: '$n' is not a number of posts of at least 20"
done
SRV_PIN=()
WRK_PIN=()
[ -z "$SRV_CPU" ] || SRV_PIN=(taskset -c "$SRV_CPU")
[ -z "$WRK_CPU" ] || WRK_PIN=(taskset -c "$WRK_CPU")

SERVER_PID=""
WRK_PID=""
stop_server() {
	[ -n "$SERVER_PID" ] || return 0
	local i
	kill -TERM "$SERVER_PID" 2>/dev/null || true
	for ((i = 0; i < 300; i++)); do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$SERVER_PID" 2>/dev/null || true
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=""
}
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [ -n "$WRK_PID" ]; then
		kill -TERM "$WRK_PID" 2>/dev/null || true
		wait "$WRK_PID" 2>/dev/null || true
	fi
	stop_server
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$WORK/bin"
BIN=$WORK/bin
log "building the CLI and bench/gendata"
(cd "$ROOT" && go build -o "$BIN/pretendo" ./cmd/pretendo && go build -o "$BIN/gendata" ./bench/gendata) ||
	die "go build failed"
SPEC=$ROOT/bench/data-spec.yml
BASE=http://127.0.0.1:$PORT
if curl -s -o /dev/null --max-time 2 "$BASE/"; then
	die "port $PORT is in use; set PORT"
fi

LUA=$WORK/million.lua
cat >"$LUA" <<'EOF'
local body = os.getenv("MILLION_BODY")
wrk.method = os.getenv("MILLION_METHOD") or "GET"
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("MILLION %.0f %.3f %.3f %.3f %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status + e.connect + e.read + e.write + e.timeout))
end
EOF

# wrk_run SECONDS URL [METHOD] prints "req/s p50 p99 max errors".
wrk_run() {
	local secs=$1 url=$2 method=${3:-GET} body="" rc=0
	[ "$method" = POST ] && body=$POST_BODY
	MILLION_METHOD=$method MILLION_BODY=$body timeout -k 5 $((secs + 30)) \
		"${WRK_PIN[@]}" wrk -t1 -c"$CONNS" -d"${secs}s" --timeout 30s -s "$LUA" "$url" >"$WORK/wrk.out" 2>&1 &
	WRK_PID=$!
	wait "$WRK_PID" || rc=$?
	WRK_PID=""
	[ "$rc" = 0 ] || {
		echo "NA NA NA NA NA"
		return 0
	}
	awk '/^MILLION / {print $2, $3, $4, $5, $6}' "$WORK/wrk.out" | tail -1
}

# cpu_ms PID prints the CPU time (user and system) the process has used, in
# ms: unlike the wall time, it does not grow when other jobs take the cores.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat" 2>/dev/null || echo NA; }

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo NA; }

RESULTS=$WORK/results.tsv
: >"$RESULTS"
for n in $SIZES; do
	users=$((n / 10))
	db=$WORK/db-$n.json
	if [ ! -s "$db" ]; then
		log "generating $users users and $n posts"
		"$BIN/gendata" -users "$users" -posts "$n" -seed 42 -o "$db" || die "gendata failed"
	fi
	bytes=$(wc -c <"$db")
	dir=$WORK/run-$n
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$db" "$dir/db.json"
	sync
	t0=$(date +%s%N)
	(cd "$dir" && exec "${SRV_PIN[@]}" "$BIN/pretendo" start "$SPEC" --host 127.0.0.1 --port "$PORT" --quiet \
		--db "$dir/db.json") >"$dir/server.log" 2>&1 &
	SERVER_PID=$!
	while :; do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE/posts/1" || true)
		[ "$code" = 200 ] && break
		kill -0 "$SERVER_PID" 2>/dev/null || die "the server for $n posts stopped; see $dir/server.log"
		(($(date +%s%N) - t0 < READY_TIMEOUT * 1000000000)) || die "no answer after ${READY_TIMEOUT}s for $n posts"
		sleep 0.02
	done
	start_ms=$((($(date +%s%N) - t0) / 1000000))
	start_cpu=$(cpu_ms "$SERVER_PID")
	rss=$(rss_kib "$SERVER_PID")
	log "$n posts: $bytes bytes, first answer after $start_ms ms ($start_cpu ms of CPU), RSS $((rss / 1024)) MiB"
	read -r get_rps _ get_p99 _ get_err <<<"$(wrk_run "$DUR_S" "$BASE/posts/$((n / 2))")"
	read -r page_rps _ page_p99 _ page_err <<<"$(wrk_run "$DUR_S" "$BASE/posts?userId=5&sortBy=-createdAt&perPage=10")"
	rss2=$(rss_kib "$SERVER_PID")
	read -r post_rps _ post_p99 _ post_err <<<"$(wrk_run "$DUR_S" "$BASE/posts" POST)"
	log "  get $get_rps req/s, page $page_rps req/s, post $post_rps req/s (errors: $get_err $page_err $post_err)"
	# The save, with a reader on the side.
	save_secs=$((DUR_S + 5))
	MILLION_METHOD=GET timeout -k 5 $((save_secs + 30)) "${WRK_PIN[@]}" wrk -t1 -c"$CONNS" -d"${save_secs}s" \
		--timeout 30s -s "$LUA" "$BASE/posts/$((n / 3))" >"$WORK/wrk-save.out" 2>&1 &
	WRK_PID=$!
	sleep 1
	s0=$(date +%s%N)
	code=$(curl -s -o "$dir/save.out" -w '%{http_code}' --max-time 120 -X POST "$BASE/admin/save" || true)
	save_ms=$((($(date +%s%N) - s0) / 1000000))
	[ "$code" = 200 ] || log "  POST /admin/save answered $code: $(head -c 300 "$dir/save.out")"
	wait "$WRK_PID" || true
	WRK_PID=""
	read -r sr_rps _ sr_p99 sr_max _ <<<"$(awk '/^MILLION / {print $2, $3, $4, $5, $6}' "$WORK/wrk-save.out" | tail -1)"
	log "  save $save_ms ms; reads meanwhile: $sr_rps req/s, p99 $sr_p99 ms, max $sr_max ms"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$bytes" "$start_ms" "$rss" "$get_rps" "$page_rps" \
		"$post_rps" "$save_ms" "$sr_rps" "$sr_p99" "$sr_max" "$get_p99" "$rss2" "$start_cpu" >>"$RESULTS"
	stop_server
done

{
	echo "million.sh, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "command: SIZES=\"$SIZES\" DUR=$DUR CONNS=$CONNS bench/million.sh"
	echo
	echo "| posts (users) | file MB | start to first answer, ms (CPU ms) | RSS MiB (x file): at the first answer, after the GETs | GET by id req/s | page req/s | POST req/s | save ms | reads during the save: req/s, p99 / max ms (p99 without) |"
	echo "|---|---|---|---|---|---|---|---|---|"
	awk -F'\t' '{
		printf "| %d (%d) | %.1f | %d (%s) | %.0f (%.2fx), %.0f (%.2fx) | %s | %s | %s | %d | %s, %s / %s (%s) |\n",
			$1, $1 / 10, $2 / 1e6, $3, $14, $4 / 1024, $4 * 1024 / $2, $13 / 1024, $13 * 1024 / $2, $5, $6, $7, $8, $9, $10, $11, $12
	}' "$RESULTS"
} | tee "$WORK/summary.md"

if [ "$GOBENCH" = 1 ]; then
	log "in-process: go test -bench BenchmarkScale (one command, every size)"
	pat=$(echo "$SIZES" | awk '{for (i = 1; i <= NF; i++) printf "%s%s", (i > 1 ? "|" : ""), $i}')
	(cd "$ROOT" && go test -run '^$' -bench "^BenchmarkScale\$/^($pat)\$/" -benchtime "$BENCHTIME" -timeout 30m .) |
		tee "$WORK/gobench.txt" | grep -E '^Benchmark'
fi
log "results: $WORK/summary.md"
