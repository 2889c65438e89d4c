#!/usr/bin/env bash
# Throughput and latency of pretendo next to its peers, on one machine.
#
#   bench/peers.sh                                   # every server, 3 rounds of 10 s per workload
#   DUR=5s ROUNDS=1 bench/peers.sh                   # a quick look (about 4 minutes)
#   SERVERS="bare pretendo-memory" bench/peers.sh    # a subset
#
# Servers: bare (bench/bare, plain net/http), pretendo-memory,
# pretendo-jsonfile (default saveInterval), pretendo-jsonfile-sync
# (saveInterval 0), pretendo-jsonserver (pretendo start db.json: the
# json-server dialect on json-server's own file, no spec) and json-server
# (0.17.4, from npm); on request also
# ceiling (bench/bare -ceiling: {} for every request, the most net/http
# serves here) and pretendo-postgres (the postgres adapter, on a throwaway
# cluster that .ci/postgres.sh starts for the run, pinned with the server
# to core SRV_CPU, and stops at the end). Workloads, in this
# order: get_one, page, filter, sort (GETs), then post. Each server runs
# pinned to core SRV_CPU, wrk to core WRK_CPU, against 127.0.0.1 only.
# Every server gets a fresh copy of the same generated data set.
#
# Environment (defaults in brackets):
#   SERVERS     servers to run, in this order [all six]
#   WORKLOADS   workloads to run, in this order [all five]
#   DUR         length of each measured wrk run [10s]
#   WARM        unmeasured warm-up before each workload [2s]
#   ROUNDS      rounds, round-robin over the servers; medians are shown [3]
#   CONNS       wrk connections [32]
#   SRV_CPU     core of the servers; empty to not pin [0]
#   WRK_CPU     core of wrk; empty to not pin [1]
#   PORT        first port; server i listens on PORT+i [28300]
#   PEERBENCH   scratch folder: binaries, data, json-server, results [/tmp/pretendo-bench]
#   USERS POSTS SEED   the data set [1000 10000 42]
#
# Installs what is missing: wrk (apt-get, as root or through sudo) and
# json-server 0.17.4 (npm, into $PEERBENCH/json-server-0.17.4). Builds the
# CLI, bench/bare and bench/gendata from this checkout. Needs bash, go,
# curl, taskset (util-linux), awk and, for json-server, node and npm; for
# pretendo-postgres, PostgreSQL (installed from Debian packages by
# .ci/postgres.sh when missing). Writes only under $PEERBENCH, and the
# cluster under $TMPDIR; raw results go to $PEERBENCH/results/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEERBENCH=${PEERBENCH:-/tmp/pretendo-bench}
ALL_SERVERS="bare pretendo-memory pretendo-jsonfile pretendo-jsonfile-sync pretendo-jsonserver json-server"
KNOWN_SERVERS="$ALL_SERVERS ceiling pretendo-postgres"
SERVERS=${SERVERS:-$ALL_SERVERS}
DUR=${DUR:-10s}
WARM=${WARM:-2s}
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-32}
SRV_CPU=${SRV_CPU-0}
WRK_CPU=${WRK_CPU-1}
PORT=${PORT:-28300}
USERS=${USERS:-1000}
POSTS=${POSTS:-10000}
SEED=${SEED:-42}
JSON_SERVER_VERSION=0.17.4
ALL_WORKLOADS="get_one page filter sort post"
WORKLOADS=${WORKLOADS:-$ALL_WORKLOADS}
# About 100 bytes, no id: the server assigns it.
POST_BODY='{"title":"Benchmark post","body":"Short text to store.","userId":5,"createdAt":"2026-01-01T12:00:00Z"}'
READY_TIMEOUT=120 # seconds a server may take to answer its first request
STOP_TIMEOUT=30   # seconds a server may take to stop after SIGTERM

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

# seconds DURATION prints a wrk duration (10, 10s, 2m, 1h) in seconds.
seconds() {
	[[ $1 =~ ^([0-9]{1,6})([smh]?)$ ]] || return 1
	local n=$((10#${BASH_REMATCH[1]}))
	case ${BASH_REMATCH[2]} in
	h) echo $((n * 3600)) ;;
	m) echo $((n * 60)) ;;
	*) echo "$n" ;;
	esac
}

# ---- checks of the environment -------------------------------------------

DUR_S=$(seconds "$DUR") || die "DUR=$DUR: want a duration like 10s, 2m"
WARM_S=$(seconds "$WARM") || die "WARM=$WARM: want a duration like 2s"
[ "$DUR_S" -ge 1 ] || die "DUR=$DUR: want at least 1s"
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS=$ROUNDS: want a positive whole number"
[[ $CONNS =~ ^[1-9][0-9]*$ ]] || die "CONNS=$CONNS: want a positive whole number"
if ! [[ $PORT =~ ^[1-9][0-9]{0,4}$ ]] || [ "$PORT" -gt 65000 ]; then
	die "PORT=$PORT: want a port number up to 65000"
fi
# A listening port inside the ephemeral range can be taken by one of wrk's
# own client connections, and then a server fails to start.
if read -r eph_lo eph_hi </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null &&
	[ "$((PORT + $(wc -w <<<"$SERVERS") - 1))" -ge "$eph_lo" ] && [ "$PORT" -le "$eph_hi" ]; then
	log "warning: ports $PORT-$((PORT + $(wc -w <<<"$SERVERS") - 1)) overlap the ephemeral range $eph_lo-$eph_hi; a server may fail to start"
fi
for s in $SERVERS; do
	case " $KNOWN_SERVERS " in
	*" $s "*) ;;
	*) die "unknown server '$s' in SERVERS (known: $KNOWN_SERVERS)" ;;
	esac
done
[ -n "${SERVERS// /}" ] || die "SERVERS is empty"
for w in $WORKLOADS; do
	case " $ALL_WORKLOADS " in
	*" $w "*) ;;
	*) die "unknown workload '$w' in WORKLOADS (known: $ALL_WORKLOADS)" ;;
	esac
done
[ -n "${WORKLOADS// /}" ] || die "WORKLOADS is empty"

for tool in go curl awk sha256sum timeout; do
	command -v "$tool" >/dev/null || die "$tool is needed"
done
if [ -n "$SRV_CPU$WRK_CPU" ]; then
	command -v taskset >/dev/null || die "taskset (util-linux) is needed to pin; or set SRV_CPU= WRK_CPU="
	for cpu in $SRV_CPU $WRK_CPU; do
		if ! [[ $cpu =~ ^[0-9]{1,4}$ ]] || [ "$cpu" -ge "$(nproc)" ]; then
			die "core '$cpu' does not exist here ($(nproc) cores); set SRV_CPU and WRK_CPU, or empty them to not pin"
		fi
	done
	[ "$SRV_CPU" != "$WRK_CPU" ] || log "warning: server and wrk share core $SRV_CPU"
fi
SRV_PIN=()
WRK_PIN=()
[ -z "$SRV_CPU" ] || SRV_PIN=(taskset -c "$SRV_CPU")
[ -z "$WRK_CPU" ] || WRK_PIN=(taskset -c "$WRK_CPU")

wants() { case " $SERVERS " in *" $1 "*) return 0 ;; *) return 1 ;; esac }

# as_root runs a command as root: directly, or through sudo.
as_root() {
	if [ "$(id -u)" = 0 ]; then
		"$@"
	elif command -v sudo >/dev/null; then
		sudo "$@"
	else
		return 1
	fi
}

install_wrk() {
	command -v wrk >/dev/null && return 0
	command -v apt-get >/dev/null || die "wrk is missing and there is no apt-get: install wrk (https://github.com/wg/wrk)"
	log "installing wrk from the Debian packages"
	as_root apt-get install -y wrk >/dev/null ||
		{ as_root apt-get update >/dev/null && as_root apt-get install -y wrk >/dev/null; } ||
		die "could not install wrk; install it and run again"
	command -v wrk >/dev/null || die "wrk is still missing after apt-get"
}

JS_DIR=$PEERBENCH/json-server-$JSON_SERVER_VERSION
JS_BIN=$JS_DIR/node_modules/json-server/lib/cli/bin.js
install_json_server() {
	if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
		die "json-server needs node and npm; install them or leave json-server out of SERVERS"
	fi
	local have=""
	[ -f "$JS_BIN" ] && have=$(node -p "require('$JS_DIR/node_modules/json-server/package.json').version" 2>/dev/null || true)
	[ "$have" = "$JSON_SERVER_VERSION" ] && return 0
	log "installing json-server $JSON_SERVER_VERSION with npm into $JS_DIR"
	mkdir -p "$JS_DIR"
	timeout 600 npm install --prefix "$JS_DIR" --no-audit --no-fund --loglevel=error \
		"json-server@$JSON_SERVER_VERSION" >&2 || die "npm install json-server@$JSON_SERVER_VERSION failed"
	[ -f "$JS_BIN" ] || die "json-server installed, but $JS_BIN is missing"
}

# ---- processes we start, and their cleanup --------------------------------

SERVER_PID=""
WRK_PID=""
PG_DSN="" # set while the throwaway PostgreSQL cluster runs

# stop_server stops the running server: SIGTERM, then SIGKILL after
# STOP_TIMEOUT seconds.
stop_server() {
	[ -n "$SERVER_PID" ] || return 0
	local pid=$SERVER_PID i
	kill -TERM "$pid" 2>/dev/null || true
	for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		log "server $pid did not stop in ${STOP_TIMEOUT}s; killing it"
		kill -KILL "$pid" 2>/dev/null || true
	fi
	wait "$pid" 2>/dev/null || true
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
	[ -z "$PG_DSN" ] || pretendo_pg_stop
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- preparation ------------------------------------------------------------

mkdir -p "$PEERBENCH/bin"
BIN=$PEERBENCH/bin
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$PEERBENCH/results/$STAMP
mkdir -p "$OUT"

# start_cluster starts the throwaway PostgreSQL cluster of .ci/postgres.sh
# (a new one, whatever PRETENDO_POSTGRES_DSN says), pinned to the server's
# core: the server and its database share the one core bare has.
start_cluster() {
	log "starting a throwaway PostgreSQL cluster (.ci/postgres.sh)"
	unset PRETENDO_POSTGRES_DSN
	PRETENDO_PG_NO_TRAP=1
	# shellcheck source=../.ci/postgres.sh
	source "$ROOT/.ci/postgres.sh"
	[ -n "${PRETENDO_POSTGRES_DSN:-}" ] || die "PostgreSQL did not start; leave pretendo-postgres out of SERVERS"
	PG_DSN=$PRETENDO_POSTGRES_DSN
	PSQL=$PRETENDO_PG_BIN/psql
	[ -x "$PSQL" ] || PSQL=$(command -v psql) || die "psql is needed for pretendo-postgres"
	if [ -n "$SRV_CPU" ]; then
		# Backends fork from the postmaster and inherit its core.
		taskset -a -cp "$SRV_CPU" "$(head -1 "$PRETENDO_PG_DIR/data/postmaster.pid")" >/dev/null ||
			die "could not pin PostgreSQL to core $SRV_CPU"
	fi
}

install_wrk
wants json-server && install_json_server
wants pretendo-postgres && start_cluster

log "building the CLI, bench/bare and bench/gendata"
(cd "$ROOT" && go build -o "$BIN/pretendo" ./cmd/pretendo && go build -o "$BIN/bare" ./bench/bare &&
	go build -o "$BIN/gendata" ./bench/gendata) || die "go build failed"

DB=$PEERBENCH/db.json
"$BIN/gendata" -users "$USERS" -posts "$POSTS" -seed "$SEED" -o "$DB" || die "gendata failed"
DB_SHA=$(sha256sum "$DB" | cut -c1-16)
log "data: $USERS users, $POSTS posts, seed $SEED: $DB ($(wc -c <"$DB") bytes, sha256 $DB_SHA...)"

# The data set of bench/gendata, declared for pretendo (shared with soak.sh).
SPEC=$ROOT/bench/data-spec.yml

# The wrk script: method and body from the environment; done() prints one
# line that the runner parses.
LUA=$PEERBENCH/peers.lua
cat >"$LUA" <<'EOF'
local body = os.getenv("PEERS_BODY")
wrk.method = os.getenv("PEERS_METHOD") or "GET"
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("PEERS %.2f %.3f %.3f %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
EOF

# path SERVER WORKLOAD prints the request path in the server's dialect.
path() {
	case $1:$2 in
	*:get_one) echo "/users/1" ;;
	*:post) echo "/posts" ;;
	pretendo-jsonserver:*) path json-server "$2" ;;
	pretendo-*:page) echo "/users?page=1&perPage=10" ;;
	pretendo-*:filter) echo "/posts?userId=5&perPage=100" ;;
	pretendo-*:sort) echo "/posts?sortBy=-createdAt&perPage=10" ;;
	*:page) echo "/users?_page=1&_limit=10" ;;
	*:filter) echo "/posts?userId=5" ;;
	*:sort) echo "/posts?_sort=createdAt&_order=desc&_limit=10" ;;
	esac
}

# start_server NAME PORT DIR starts NAME in the background, in DIR, on the
# data in DIR/db.json, and sets SERVER_PID. The subshell execs the server
# (through taskset), so the PID is the server's own.
start_server() {
	local name=$1 port=$2 dir=$3 cmd
	case $name in
	bare) cmd=("$BIN/bare" -db "$dir/db.json" -addr "127.0.0.1:$port") ;;
	ceiling) cmd=("$BIN/bare" -ceiling -addr "127.0.0.1:$port") ;;
	pretendo-memory) cmd=("$BIN/pretendo" start "$SPEC" --host 127.0.0.1 --port "$port" --quiet
		--database.adapter=memory --seed "$dir/db.json") ;;
	pretendo-jsonfile) cmd=("$BIN/pretendo" start "$SPEC" --host 127.0.0.1 --port "$port" --quiet
		--db "$dir/db.json") ;;
	pretendo-jsonfile-sync) cmd=("$BIN/pretendo" start "$SPEC" --host 127.0.0.1 --port "$port" --quiet
		--db "$dir/db.json" --database.saveInterval=0) ;;
	pretendo-jsonserver) cmd=("$BIN/pretendo" start "$dir/db.json" --host 127.0.0.1 --port "$port" --quiet) ;;
	json-server) cmd=(node "$JS_BIN" --quiet --host 127.0.0.1 --port "$port" "$dir/db.json") ;;
	pretendo-postgres)
		# A new schema for every start: the tables hold the data set only.
		"$PSQL" "$PG_DSN" -qX -v ON_ERROR_STOP=1 -c "DROP SCHEMA IF EXISTS peers CASCADE" -c "CREATE SCHEMA peers" \
			>"$dir/psql.log" 2>&1 || die "could not create the schema (see $dir/psql.log)"
		cmd=("$BIN/pretendo" start "$SPEC" --host 127.0.0.1 --port "$port" --quiet
			--database.adapter=postgres --database.dsn="$PG_DSN&search_path=peers" --seed "$dir/db.json")
		;;
	esac
	(cd "$dir" && exec "${SRV_PIN[@]}" "${cmd[@]}") >"$dir/server.log" 2>&1 &
	SERVER_PID=$!
}

# wait_ready URL polls until the server answers 200; prints the wait in ms.
wait_ready() {
	local url=$1 t0 code
	t0=$(date +%s%N)
	while :; do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
		[ "$code" = 200 ] && break
		kill -0 "$SERVER_PID" 2>/dev/null || return 1
		(($(date +%s%N) - t0 < READY_TIMEOUT * 1000000000)) || return 1
		sleep 0.05
	done
	echo $((($(date +%s%N) - t0) / 1000000))
}

# run_wrk SECONDS URL METHOD runs wrk and leaves its PEERS line in
# $OUT/wrk.line (empty when wrk failed). wrk runs in the background and is
# waited for, so that a signal reaches our trap at once; timeout bounds it.
run_wrk() {
	local secs=$1 url=$2 method=$3 body="" rc=0
	[ "$method" = POST ] && body=$POST_BODY
	: >"$OUT/wrk.line"
	PEERS_METHOD=$method PEERS_BODY=$body timeout -k 5 $((secs + 60)) \
		"${WRK_PIN[@]}" wrk -t1 -c"$CONNS" -d"${secs}s" --timeout 30s -s "$LUA" "$url" >"$OUT/wrk.out" 2>&1 &
	WRK_PID=$!
	wait "$WRK_PID" || rc=$?
	WRK_PID=""
	if [ "$rc" != 0 ]; then
		log "wrk exited with $rc: $(tail -1 "$OUT/wrk.out")"
		return 0
	fi
	grep '^PEERS ' "$OUT/wrk.out" | tail -1 >"$OUT/wrk.line" || true
}

# cpu_ms PID prints the CPU time (user and system) process PID has used, in
# ms. Per request, it is what a server costs whatever else runs on the
# machine, where req/s falls as other jobs take the cores.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat" 2>/dev/null || echo NA; }

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo NA; }

# bench_server ROUND NAME INDEX runs every workload against one server.
bench_server() {
	local round=$1 name=$2 port=$((PORT + $3)) dir=$PEERBENCH/run/$2 ms w url line method rss_gets=NA code
	rm -rf "$dir"
	mkdir -p "$dir"
	cp "$DB" "$dir/db.json"
	if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
		die "port $port is in use; set PORT"
	fi
	start_server "$name" "$port" "$dir"
	if ! ms=$(wait_ready "http://127.0.0.1:$port/users/1"); then
		tail -5 "$dir/server.log" >&2 || true
		stop_server
		log "round $round: $name did not start (see $dir/server.log); skipped"
		return 0
	fi
	log "round $round: $name (pid $SERVER_PID) answered after $ms ms"
	for w in $WORKLOADS; do
		url="http://127.0.0.1:$port$(path "$name" "$w")"
		method=GET
		if [ "$w" = post ]; then
			method=POST
			rss_gets=$(rss_kib "$SERVER_PID")
		else
			code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$url" || true)
			if [ "$code" != 200 ]; then
				log "  $w: $url answered $code, not 200; skipped"
				continue
			fi
		fi
		[ "$WARM_S" -gt 0 ] && run_wrk "$WARM_S" "$url" "$method"
		cpu0=$(cpu_ms "$SERVER_PID")
		run_wrk "$DUR_S" "$url" "$method"
		cpu1=$(cpu_ms "$SERVER_PID")
		line=$(cat "$OUT/wrk.line")
		if [ -z "$line" ]; then
			log "  $w: no result"
			continue
		fi
		read -r _ rps p50 p99 reqs non2xx sockerr <<<"$line"
		cpu_us=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$reqs" \
			'BEGIN { if (a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/ && n > 0) printf "%.2f", (b - a) * 1000 / n; else print "NA" }')
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$name" "$w" "$rps" "$p50" "$p99" \
			"$reqs" "$non2xx" "$sockerr" "$cpu_us" >>"$OUT/raw.tsv"
		log "  $w: $rps req/s, p50 $p50 ms, p99 $p99 ms ($reqs requests, $non2xx non-2xx, $sockerr socket errors), server CPU $cpu_us us/request"
	done
	printf '%s\t%s\t%s\t%s\n' "$round" "$name" "$rss_gets" "$(rss_kib "$SERVER_PID")" >>"$OUT/rss.tsv"
	stop_server
}

# ---- the runs ----------------------------------------------------------------

n_servers=$(wc -w <<<"$SERVERS")
n_workloads=$(wc -w <<<"$WORKLOADS")
per_server=$((n_workloads * (WARM_S + DUR_S) + 3))
log "$ROUNDS round(s) x $n_servers server(s) x $n_workloads workload(s): about $((ROUNDS * n_servers * per_server / 60 + 1)) min"
log "results: $OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$OUT/raw.tsv"
: >"$OUT/rss.tsv"
for round in $(seq "$ROUNDS"); do
	i=0
	for s in $SERVERS; do
		bench_server "$round" "$s" "$i"
		i=$((i + 1))
	done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the table ---------------------------------------------------------------

wrk_version=$(wrk --version 2>&1 | head -1 | awk '{print $2}' || true)
{
	echo "Peer benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(uname -sr), load average $LOAD_BEFORE before, $LOAD_AFTER after"
	echo "- $(go version | awk '{print $3}'), wrk $wrk_version$(wants json-server && echo ", node $(node --version), json-server $JSON_SERVER_VERSION")$(wants pretendo-postgres && echo ", PostgreSQL $("$PRETENDO_PG_BIN/pg_ctl" --version | awk '{print $3}') (.ci/postgres.sh: fsync off)")"
	echo "- data: $USERS users, $POSTS posts (gendata -seed $SEED, sha256 $DB_SHA...)"
	echo "- command: DUR=$DUR WARM=$WARM ROUNDS=$ROUNDS CONNS=$CONNS SERVERS=\"$SERVERS\" WORKLOADS=\"$WORKLOADS\" bench/peers.sh"
	echo "- method: server on core ${SRV_CPU:-any}, wrk on core ${WRK_CPU:-any}; wrk -t1 -c$CONNS -d$DUR after a $WARM warm-up; $ROUNDS round(s), medians"
	echo
	awk -F'\t' -v servers="$SERVERS" -v workloads="$WORKLOADS" -v conns="$CONNS" -f /dev/stdin "$OUT/raw.tsv" "$OUT/rss.tsv" <<'AWK'
# median of the space-separated numbers in s ("" when none).
function median(s,    a, n, i, j, t) {
	n = split(s, a, " ")
	if (n == 0) return ""
	for (i = 2; i <= n; i++) {
		t = a[i] + 0
		for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]
		a[j + 1] = t
	}
	if (n % 2) return a[(n + 1) / 2] + 0
	return (a[n / 2] + a[n / 2 + 1]) / 2
}
# thousands formats a rate: 68,433 or 34.3.
function thousands(x,    s, out) {
	if (x < 100) return sprintf("%.1f", x)
	s = sprintf("%.0f", x)
	out = ""
	while (length(s) > 3) {
		out = "," substr(s, length(s) - 2) out
		s = substr(s, 1, length(s) - 3)
	}
	return s out
}
function ms(x) { return x < 10 ? sprintf("%.2f", x) : (x < 100 ? sprintf("%.1f", x) : sprintf("%.0f", x)) }
function ratio(a, b) {
	if (a == "" || b == "" || b == 0) return "n/a"
	r = a / b
	return r >= 100 ? sprintf("%.0f", r) : (r >= 10 ? sprintf("%.1f", r) : (r >= 0.01 ? sprintf("%.2f", r) : sprintf("%.4f", r)))
}
# ratios prints, under title, the table of the column pairs C[1..nc] (each
# "first|second") for every workload: m[first] over m[second], or the
# inverse when inv is set (for costs, where less is better).
function ratios(title, m, inv,    c, j, P, a, b) {
	printf "\n%s:\n\n| workload |", title
	for (c = 1; c <= nc; c++) { split(C[c], P, "|"); printf " %s / %s |", P[1], P[2] }
	printf "\n|---|"; for (c = 1; c <= nc; c++) printf "---|"; printf "\n"
	for (j = 1; j <= nw; j++) {
		printf "| %s |", W[j]
		for (c = 1; c <= nc; c++) {
			split(C[c], P, "|")
			a = m[P[1] SUBSEP W[j]]; b = m[P[2] SUBSEP W[j]]
			printf " %s |", inv ? ratio(b, a) : ratio(a, b)
		}
		printf "\n"
	}
}
FILENAME ~ /raw.tsv$/ {
	k = $2 SUBSEP $3
	rps[k] = rps[k] " " $4; p50[k] = p50[k] " " $5; p99[k] = p99[k] " " $6
	if ($10 != "" && $10 != "NA") cpu[k] = cpu[k] " " $10
	if ($8 > 0 || $9 > 0) bad = bad sprintf("\n- round %s, %s %s: %s non-2xx, %s socket errors", $1, $2, $3, $8, $9)
	if ($7 < 2 * conns) few = few sprintf("\n- round %s, %s %s: only %s requests; its p99 is close to the maximum", $1, $2, $3, $7)
	next
}
{
	if ($3 != "NA") g[$2] = g[$2] " " $3
	if ($4 != "NA") e[$2] = e[$2] " " $4
}
END {
	ns = split(servers, S, " "); nw = split(workloads, W, " ")
	printf "Cell: req/s (p50 / p99 latency in ms), median of the rounds.\n\n| workload |"
	for (i = 1; i <= ns; i++) printf " %s |", S[i]
	printf "\n|---|"; for (i = 1; i <= ns; i++) printf "---|"; printf "\n"
	for (j = 1; j <= nw; j++) {
		printf "| %s |", W[j]
		for (i = 1; i <= ns; i++) {
			k = S[i] SUBSEP W[j]
			r = median(rps[k])
			if (r == "") { printf " n/a |"; continue }
			med[k] = r
			printf " %s (%s / %s) |", thousands(r), ms(median(p50[k])), ms(median(p99[k]))
		}
		printf "\n"
	}
	# Ratios of each pretendo server's req/s to bare's and to json-server's.
	# With the ceiling, every other server's req/s over the ceiling's too.
	cols = ""
	for (i = 1; i <= ns; i++) if (S[i] ~ /^pretendo-/) {
		if (servers ~ /(^| )ceiling( |$)/) cols = cols " " S[i] "|ceiling"
		if (servers ~ /(^| )bare( |$)/) cols = cols " " S[i] "|bare"
		if (servers ~ /(^| )json-server( |$)/) cols = cols " " S[i] "|json-server"
		if (S[i] == "pretendo-postgres" && servers ~ /(^| )pretendo-memory( |$)/) cols = cols " " S[i] "|pretendo-memory"
		if (S[i] == "pretendo-jsonserver" && servers ~ /(^| )pretendo-jsonfile-sync( |$)/) cols = cols " " S[i] "|pretendo-jsonfile-sync"
	}
	if (servers ~ /(^| )ceiling( |$)/ && servers ~ /(^| )bare( |$)/) cols = cols " bare|ceiling"
	nc = split(cols, C, " ")
	if (nc > 0) {
		ratios("Throughput ratios (req/s of the first over req/s of the second; above 1 means faster)", med, 0)
		# The same ratios from the server's CPU time per request: the
		# second's over the first's, what req/s would be on a core of
		# their own; steadier than req/s when other jobs load the machine.
		printf "\nServer CPU time per request (us, median of the rounds; the server process only):\n\n| workload |"
		for (i = 1; i <= ns; i++) printf " %s |", S[i]
		printf "\n|---|"; for (i = 1; i <= ns; i++) printf "---|"; printf "\n"
		for (j = 1; j <= nw; j++) {
			printf "| %s |", W[j]
			for (i = 1; i <= ns; i++) {
				k = S[i] SUBSEP W[j]
				c = median(cpu[k])
				cmed[k] = c
				printf " %s |", c == "" ? "n/a" : sprintf("%.1f", c)
			}
			printf "\n"
		}
		ratios("The ratios from CPU time (CPU per request of the second over the first's; above 1 means cheaper)", cmed, 1)
	}
	printf "\nMemory (VmRSS, MiB, median of the rounds): after the four GET workloads, and after the POST run%s.\n\n", servers ~ /pretendo-postgres/ ? " (for pretendo-postgres, the server only, not PostgreSQL)" : ""
	printf "| server | after GETs | after POST |\n|---|---|---|\n"
	for (i = 1; i <= ns; i++) {
		a = median(g[S[i]]); b = median(e[S[i]])
		printf "| %s | %s | %s |\n", S[i], a == "" ? "n/a" : sprintf("%.1f", a / 1024), b == "" ? "n/a" : sprintf("%.1f", b / 1024)
	}
	if (bad != "") printf "\nErrors seen:%s\n", bad
	if (few != "") printf "\nFew samples:%s\n", few
}
AWK
} | tee "$OUT/summary.md"
log "raw results and server logs: $OUT, $PEERBENCH/run/"
