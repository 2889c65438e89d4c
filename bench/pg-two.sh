#!/usr/bin/env bash
# Two pretendo processes on one PostgreSQL, under a mixed load: the req/s
# of one server and of two, and a check afterwards that no acknowledged
# write was lost and no reference dangles.
#
#   bench/pg-two.sh                   # 2 rounds of 10 s for one server, then for two
#   DUR=5s ROUNDS=1 bench/pg-two.sh   # a quick look (about 1 minute)
#
# Each round runs "one" (server A alone) and then "two" (A and B on the
# same database and tables, the connections split between them), each on
# a fresh schema loaded with the same generated data set. The load is
# bench/mixload: CONNS connections, each sending its next request when the
# last is answered, 45 % GET /users/{id}, 20 % GET /posts?userId=..., 15 %
# POST /posts, 5 % POST /users, 5 % PATCH /posts/{id}, 5 % DELETE
# /posts/{id} and 5 % DELETE /users/{id} of users it created (their posts
# cascade). After each run mixload reads every record whose creation or
# delete was acknowledged and every post and user through server A, and
# psql counts the posts whose user is missing, in the tables themselves.
#
# Environment (defaults in brackets):
#   DUR          length of each load run [10s]
#   ROUNDS       rounds of one, then two [2]
#   CONNS        connections of the load, in all [32]
#   PORT         server A listens on PORT, B on PORT+1 [28400]
#   PGTWO        scratch folder: binaries, data, logs, results [/tmp/pretendo-pgtwo]
#   USERS POSTS SEED   the data set (bench/gendata) [1000 10000 42]
#
# Starts its own throwaway PostgreSQL cluster with .ci/postgres.sh (which
# installs PostgreSQL from Debian packages when missing) and stops it at
# the end. Servers, database and load share the machine's cores unpinned.
# Everything listens on 127.0.0.1; every run is bounded by timeout.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGTWO=${PGTWO:-/tmp/pretendo-pgtwo}
DUR=${DUR:-10s}
ROUNDS=${ROUNDS:-2}
CONNS=${CONNS:-32}
PORT=${PORT:-28400}
USERS=${USERS:-1000}
POSTS=${POSTS:-10000}
SEED=${SEED:-42}
READY_TIMEOUT=120 # seconds a server may take to answer its first request
STOP_TIMEOUT=30   # seconds a server may take to stop after SIGTERM

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}

[[ $DUR =~ ^([0-9]{1,3})s$ ]] || die "DUR=$DUR: want seconds, like 10s (at most 600s)"
DUR_S=${BASH_REMATCH[1]}
[ "$DUR_S" -ge 1 ] && [ "$DUR_S" -le 600 ] || die "DUR=$DUR: want 1s to 600s"
[[ $ROUNDS =~ ^[1-9][0-9]?$ ]] || die "ROUNDS=$ROUNDS: want 1 to 99"
[[ $CONNS =~ ^[1-9][0-9]{0,2}$ ]] || die "CONNS=$CONNS: want 1 to 999"
[[ $PORT =~ ^[1-9][0-9]{3,4}$ ]] && [ "$PORT" -lt 65000 ] || die "PORT=$PORT: want 1000 to 64999"
for tool in go curl awk timeout; do
	command -v "$tool" >/dev/null || die "$tool is needed"
done

# ---- processes we start, and their cleanup --------------------------------

PIDS=()
PG_DSN=""

# stop_servers stops the servers: SIGTERM, then SIGKILL after STOP_TIMEOUT s.
stop_servers() {
	local pid i
	for pid in "${PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${PIDS[@]}"; do
		for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			log "server $pid did not stop in ${STOP_TIMEOUT}s; killing it"
			kill -KILL "$pid" 2>/dev/null || true
		fi
		wait "$pid" 2>/dev/null || true
	done
	PIDS=()
}

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop_servers
	[ -z "$PG_DSN" ] || pretendo_pg_stop
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- preparation ------------------------------------------------------------

BIN=$PGTWO/bin
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$PGTWO/results/$STAMP
mkdir -p "$BIN" "$OUT"

log "building the CLI, bench/gendata and bench/mixload"
(cd "$ROOT" && go build -o "$BIN/pretendo" ./cmd/pretendo && go build -o "$BIN/gendata" ./bench/gendata &&
	go build -o "$BIN/mixload" ./bench/mixload) || die "go build failed"
DB=$PGTWO/db.json
"$BIN/gendata" -users "$USERS" -posts "$POSTS" -seed "$SEED" -o "$DB" || die "gendata failed"
SPEC=$ROOT/bench/pg-two-spec.yml

log "starting a throwaway PostgreSQL cluster (.ci/postgres.sh)"
unset PRETENDO_POSTGRES_DSN
PRETENDO_PG_NO_TRAP=1
# shellcheck source=../.ci/postgres.sh
source "$ROOT/.ci/postgres.sh"
[ -n "${PRETENDO_POSTGRES_DSN:-}" ] || die "PostgreSQL did not start"
PG_DSN=$PRETENDO_POSTGRES_DSN
PSQL=$PRETENDO_PG_BIN/psql
[ -x "$PSQL" ] || PSQL=$(command -v psql) || die "psql is needed"
DSN="$PG_DSN&search_path=two"
sql() { "$PSQL" "$PG_DSN" -qXAt -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" "$@"; }

# start NAME PORT starts one server; A loads the data set into the empty
# schema, B finds it stored and keeps it.
start() {
	local name=$1 port=$2 t0 code
	if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
		die "port $port is in use; set PORT"
	fi
	"$BIN/pretendo" start "$SPEC" --host 127.0.0.1 --port "$port" --quiet \
		--database.adapter=postgres --database.dsn="$DSN" --seed "$DB" >"$OUT/server-$name.log" 2>&1 &
	PIDS+=($!)
	t0=$(date +%s)
	while :; do
		code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/users/1" || true)
		[ "$code" = 200 ] && break
		kill -0 "${PIDS[-1]}" 2>/dev/null || die "server $name did not start (see $OUT/server-$name.log)"
		(($(date +%s) - t0 < READY_TIMEOUT)) || die "server $name did not answer in ${READY_TIMEOUT}s"
		sleep 0.1
	done
}

: >"$OUT/raw.tsv"
FAILED=0
log "$ROUNDS round(s) of one server, then two: about $((ROUNDS * 2 * (DUR_S + 15) / 60 + 1)) min; results in $OUT"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for round in $(seq "$ROUNDS"); do
	for mode in one two; do
		sql -c "DROP SCHEMA IF EXISTS two CASCADE" -c "CREATE SCHEMA two"
		start A "$PORT"
		targets="http://127.0.0.1:$PORT"
		if [ "$mode" = two ]; then
			start B "$((PORT + 1))"
			targets="$targets,http://127.0.0.1:$((PORT + 1))"
		fi
		rc=0
		timeout -k 5 $((DUR_S + 600)) "$BIN/mixload" -targets "$targets" -conns "$CONNS" -duration "$DUR" \
			-users "$USERS" -seed "$round" >"$OUT/mixload-$round-$mode.txt" 2>&1 || rc=$?
		line=$(grep '^MIXLOAD ' "$OUT/mixload-$round-$mode.txt" | tail -1 || true)
		dangling=$(sql -c 'SELECT count(*) FROM two.pretendo_posts p WHERE p."userId" IS NOT NULL
			AND NOT EXISTS (SELECT 1 FROM two.pretendo_users u WHERE u.id = p."userId")')
		stop_servers
		if [ -z "$line" ]; then
			log "round $round, $mode: mixload gave no result (exit $rc):"
			tail -5 "$OUT/mixload-$round-$mode.txt" >&2
			FAILED=1
			continue
		fi
		read -r _ rps reqs errs fails <<<"$line"
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "$rps" "$reqs" "$errs" "$fails" "$dangling" >>"$OUT/raw.tsv"
		log "round $round, $mode: $rps req/s ($reqs requests, $errs failed, $fails checks failed, $dangling dangling in SQL)"
		grep -E '^(check|  FAILED)' "$OUT/mixload-$round-$mode.txt" >&2 || true
		if [ "$rc" != 0 ] || [ "$errs" != 0 ] || [ "$fails" != 0 ] || [ "$dangling" != 0 ]; then
			FAILED=1
		fi
	done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

{
	echo "Two servers on one PostgreSQL, $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo
	echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average $LOAD_BEFORE before, $LOAD_AFTER after"
	echo "- $(go version | awk '{print $3}'), PostgreSQL $("$PRETENDO_PG_BIN/pg_ctl" --version | awk '{print $3}') (.ci/postgres.sh: fsync off)"
	echo "- data: $USERS users, $POSTS posts (gendata -seed $SEED); spec bench/pg-two-spec.yml"
	echo "- command: DUR=$DUR ROUNDS=$ROUNDS CONNS=$CONNS bench/pg-two.sh"
	echo
	awk -F'\t' '
	{ r[$2] = r[$2] " " $3; n[$2]++; bad += $5 + $6 + $7; if ($2 == "one") o[$1] = $3; else t[$1] = $3; last = $1 }
	function median(s,    a, k, i, j, t) {
		k = split(s, a, " ")
		for (i = 2; i <= k; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
		return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2
	}
	END {
		one = median(r["one"]); two = median(r["two"])
		printf "| servers | req/s (median of %d) |\n|---|---|\n| one | %.0f |\n| two | %.0f |\n\n", n["one"], one, two
		printf "Two over one: %.2f (medians); round by round:", (one > 0 ? two / one : 0)
		for (k = 1; k <= last; k++) if ((k in o) && (k in t) && o[k] > 0) printf " %.2f", t[k] / o[k]
		printf "\n\n"
		printf "Checks: %s\n", bad == 0 ? "every acknowledged write held, no id was handed out twice, no post points at a missing user (HTTP and SQL)" : "FAILED (see the mixload-*.txt files)"
	}' "$OUT/raw.tsv"
} | tee "$OUT/summary.md"
[ "$FAILED" = 0 ] || die "a run failed or a check did not hold; see $OUT"
