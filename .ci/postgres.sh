# shellcheck shell=bash
# Starts a throwaway PostgreSQL cluster for the postgres adapter's tests and
# exports PRETENDO_POSTGRES_DSN. Meant to be sourced by .ci/run (before
# `go test`); it can also be sourced by hand:
#
#   source .ci/postgres.sh && go test -race ./postgres/...
#
# What it does:
#   - keeps an existing PRETENDO_POSTGRES_DSN and does nothing else;
#   - installs PostgreSQL from Debian packages when initdb/pg_ctl are missing
#     (needs root and apt-get; otherwise it says why and the tests skip);
#   - creates a temporary folder owned by an unprivileged user (postgres,
#     which the Debian package creates, or the current user when not root),
#     runs initdb there with trust authentication and superuser "pretendo",
#     and starts the server on 127.0.0.1 at a free port, its socket in the
#     same folder;
#   - registers an EXIT trap that stops the server and removes the folder;
#     with PRETENDO_PG_NO_TRAP=1 it does not, and the sourcing script, which
#     has an EXIT trap of its own, calls pretendo_pg_stop from it.
#
# PRETENDO_PG_DIR is the folder (data/ holds the cluster, data/postmaster.pid
# its PID) and PRETENDO_PG_BIN the folder of initdb, pg_ctl and psql.
#
# It never fails the sourcing shell: when PostgreSQL cannot be started it
# prints one line and leaves PRETENDO_POSTGRES_DSN unset.

pretendo_pg_log() { printf 'postgres.sh: %s\n' "$*" >&2; }

# pretendo_pg_bindir prints the folder of initdb and pg_ctl: the newest
# /usr/lib/postgresql/VERSION/bin (the Debian layout), else the one on PATH.
pretendo_pg_bindir() {
	local dir
	dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n | tail -n 1)"
	if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
		printf '%s\n' "$dir"
	elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
		dirname "$(command -v initdb)"
	fi
}

# pretendo_pg_install installs the postgresql package quietly.
pretendo_pg_install() {
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
		pretendo_pg_log "PostgreSQL is not installed and cannot be installed here (needs root and apt-get)"
		return 1
	fi
	pretendo_pg_log "installing PostgreSQL from Debian packages"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

# pretendo_pg_free_port prints a TCP port on 127.0.0.1 nobody listens on,
# below the ephemeral range, where client connections could hold it.
pretendo_pg_free_port() {
	local port i lo=32768 hi
	read -r lo hi </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || lo=32768
	[ "$lo" -gt 11000 ] || lo=32768
	for i in $(seq 1 50); do
		port=$((10000 + RANDOM % (lo - 10000)))
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			printf '%s\n' "$port"
			return 0
		fi
	done
	return 1
}

# pretendo_pg_as runs a command as the cluster's owner.
pretendo_pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$PRETENDO_PG_USER" -- "$@"
	else
		"$@"
	fi
}

pretendo_pg_stop() {
	if [ -n "${PRETENDO_PG_DIR:-}" ] && [ -d "$PRETENDO_PG_DIR" ]; then
		pretendo_pg_as "$PRETENDO_PG_BIN/pg_ctl" -D "$PRETENDO_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
		rm -rf "$PRETENDO_PG_DIR"
	fi
}

pretendo_pg_start() {
	if [ -n "${PRETENDO_POSTGRES_DSN:-}" ]; then
		pretendo_pg_log "using the PRETENDO_POSTGRES_DSN already set"
		return 0
	fi
	PRETENDO_PG_BIN="$(pretendo_pg_bindir)"
	if [ -z "$PRETENDO_PG_BIN" ]; then
		pretendo_pg_install || return 1
		PRETENDO_PG_BIN="$(pretendo_pg_bindir)"
		if [ -z "$PRETENDO_PG_BIN" ]; then
			pretendo_pg_log "no initdb/pg_ctl after installing postgresql"
			return 1
		fi
	fi
	if [ "$(id -u)" = 0 ]; then
		PRETENDO_PG_USER=postgres
		if ! id -u "$PRETENDO_PG_USER" >/dev/null 2>&1; then
			PRETENDO_PG_USER=pretendo-pg
			id -u "$PRETENDO_PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PRETENDO_PG_USER" || return 1
		fi
	else
		PRETENDO_PG_USER="$(id -un)"
	fi
	PRETENDO_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/pretendo-pg.XXXXXX")" || return 1
	chmod 0755 "$PRETENDO_PG_DIR"
	[ "$(id -u)" = 0 ] && chown "$PRETENDO_PG_USER" "$PRETENDO_PG_DIR"
	[ -n "${PRETENDO_PG_NO_TRAP:-}" ] || trap pretendo_pg_stop EXIT
	if ! pretendo_pg_as "$PRETENDO_PG_BIN/initdb" -D "$PRETENDO_PG_DIR/data" -A trust -U pretendo -E UTF8 --no-locale >"$PRETENDO_PG_DIR/initdb.log" 2>&1; then
		pretendo_pg_log "initdb failed:"
		cat "$PRETENDO_PG_DIR/initdb.log" >&2
		return 1
	fi
	# A port free when probed may be taken before the server binds it:
	# then another one is tried.
	local port attempt started=""
	for attempt in 1 2 3 4 5; do
		port="$(pretendo_pg_free_port)" || {
			pretendo_pg_log "no free port found"
			return 1
		}
		if pretendo_pg_as "$PRETENDO_PG_BIN/pg_ctl" -D "$PRETENDO_PG_DIR/data" -l "$PRETENDO_PG_DIR/server.log" -w -t 60 \
			-o "-h 127.0.0.1 -p $port -k $PRETENDO_PG_DIR -c fsync=off -c max_connections=200" start >/dev/null; then
			started=yes
			break
		fi
		grep -q "Address already in use" "$PRETENDO_PG_DIR/server.log" 2>/dev/null || break
		pretendo_pg_log "port $port is taken; trying another"
	done
	if [ -z "$started" ]; then
		pretendo_pg_log "the server did not start:"
		cat "$PRETENDO_PG_DIR/server.log" >&2
		return 1
	fi
	export PRETENDO_POSTGRES_DSN="postgres://pretendo@127.0.0.1:$port/postgres?sslmode=disable"
	pretendo_pg_log "PostgreSQL $("$PRETENDO_PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port (PRETENDO_POSTGRES_DSN exported)"
}

if ! pretendo_pg_start; then
	pretendo_pg_log "the PostgreSQL tests will be skipped"
fi
