#!/usr/bin/env bash
# soak.sh: memory under a steady load. Serves the peers data set (1,000 users,
# 10,000 posts) with the CLI, runs mixed reads and writes at a steady record
# count (3 GETs for each PUT of an existing post) for DUR, and prints the
# server's resident size every STEP seconds, then the growth from the first
# sample to the last.
#
#   bench/soak.sh                     # memory adapter, 60 s
#   ADAPTER=json-file DUR=120 bench/soak.sh
#
# The server listens on 127.0.0.1 only, wrk is bounded by timeout, and the
# server is stopped by its PID on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

DUR=${DUR:-60} STEP=${STEP:-10} ADAPTER=${ADAPTER:-memory} PORT=${PORT:-28390}
WORK=${PEERBENCH:-/tmp/pretendo-bench}/soak
mkdir -p "$WORK"
command -v wrk >/dev/null || { echo "soak.sh: wrk is missing (apt-get install -y wrk)" >&2; exit 1; }

go build -o "$WORK/pretendo" ./cmd/pretendo
go build -o "$WORK/gendata" ./bench/gendata
"$WORK/gendata" -users 1000 -posts 10000 -seed 42 -o "$WORK/db.json"


cat >"$WORK/mixed.lua" <<'LUA'
local n = 0
request = function()
  n = n + 1
  local id = (n * 7919) % 10000 + 1
  local user = (n % 1000) + 1
  if n % 4 == 0 then
    local body = '{"title":"soak ' .. n .. '","body":"steady","userId":' .. user .. ',"createdAt":"2024-03-01T00:00:00Z"}'
    return wrk.format("PUT", "/posts/" .. id, {["Content-Type"] = "application/json"}, body)
  elseif n % 4 == 1 then
    return wrk.format("GET", "/posts?userId=" .. user)
  elseif n % 4 == 2 then
    return wrk.format("GET", "/users/" .. user)
  end
  return wrk.format("GET", "/posts?sortBy=-createdAt&perPage=10")
end
LUA

if [ "$ADAPTER" = memory ]; then
	storage=(--database.adapter=memory --seed "$WORK/db.json")
else
	cp "$WORK/db.json" "$WORK/store.json"
	storage=(--db "$WORK/store.json")
fi
pin=(); wpin=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then pin=(taskset -c 0); wpin=(taskset -c 1); fi

"${pin[@]}" "$WORK/pretendo" start bench/data-spec.yml --quiet --host 127.0.0.1 --port "$PORT" "${storage[@]}" >"$WORK/server.log" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
	curl -fs -o /dev/null "http://127.0.0.1:$PORT/users/1" && break
	sleep 0.1
done

rss() { awk '/^VmRSS:/ {printf "%.1f", $2/1024}' "/proc/$PID/status"; }
"${wpin[@]}" timeout $((DUR + 20)) wrk -t1 -c32 -d"${DUR}s" -s "$WORK/mixed.lua" "http://127.0.0.1:$PORT" >"$WORK/wrk.log" 2>&1 &
WRK=$!
first=$(rss)
echo "t=0s rss=${first}MiB"
for ((t = STEP; t <= DUR; t += STEP)); do
	sleep "$STEP"
	echo "t=${t}s rss=$(rss)MiB"
done
wait "$WRK" || true
last=$(rss)
grep -E "Requests/sec|Non-2xx|requests in" "$WORK/wrk.log" || true
awk -v a="$first" -v b="$last" 'BEGIN { printf "rss growth over the run: %+.1f MiB (%.1f -> %.1f)\n", b - a, a, b }'
