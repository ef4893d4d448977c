#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the Deep Reveal PostgreSQL tests.
#   Scripts/postgres-test-server.sh run COMMAND [ARG…]   # start, run COMMAND with the URL set, stop
#   eval "$(Scripts/postgres-test-server.sh start)"     # exports INV_TEST_POSTGRES_URL and _DIR
#   Scripts/postgres-test-server.sh stop "$INV_TEST_POSTGRES_DIR"
# start: initdb's a cluster into a new temporary directory with password (SCRAM) authentication for
# the superuser 'reveal' and a random password, listens on 127.0.0.1 on a free port (its Unix socket
# only in the cluster directory), creates the database 'reveal' and prints the two export lines.
# PostgreSQL refuses to run as root, so as root the cluster belongs to the unprivileged user
# 'postgres' (made by Debian's package); otherwise to the current user. Needs Debian's postgresql
# (Scripts/install-deps.sh --tests installs it). stop: stops that cluster and deletes its directory.
# run: start, then COMMAND with INV_TEST_POSTGRES_URL exported, then stop (also when COMMAND fails
# or is interrupted); exits with COMMAND's status.
set -euo pipefail

usage() { echo "usage: $0 start | stop DIR | run COMMAND [ARG…]" >&2; exit 2; }

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [[ -n "$dir" && -x "$dir/initdb" ]] || {
        echo "postgres-test-server: no /usr/lib/postgresql/*/bin/initdb: install Debian's postgresql (Scripts/install-deps.sh --tests)" >&2
        exit 1
    }
    echo "$dir"
}

# Runs a command as the cluster's owner: postgres when we are root, else ourselves.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    local bin dir port password
    bin=$(pg_bin)
    if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        echo "postgres-test-server: running as root, but there is no user 'postgres' to own the cluster" >&2
        exit 1
    fi
    dir=$(mktemp -d "${TMPDIR:-/tmp}/invkit-postgres.XXXXXX")
    chmod 700 "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
    password=$(head -c 18 /dev/urandom | base64 | tr -d '+/=')
    # The password reaches initdb through a file only its owner can read, deleted at once.
    as_owner sh -c "umask 077; printf '%s\n' '$password' > '$dir/pwfile'"
    as_owner "$bin/initdb" -D "$dir/data" -U reveal --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
    rm -f "$dir/pwfile"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300" start >&2 \
        || { as_owner cat "$dir/data/server.log" >&2; rm -rf "$dir"; exit 1; }
    PGPASSWORD=$password "$bin/createdb" -h 127.0.0.1 -p "$port" -U reveal reveal
    echo "export INV_TEST_POSTGRES_URL=postgres://reveal:$password@127.0.0.1:$port/reveal"
    echo "export INV_TEST_POSTGRES_DIR=$dir"
}

stop() {
    local dir=$1
    [[ -d "$dir/data" ]] || { echo "postgres-test-server: $dir holds no cluster" >&2; exit 1; }
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    rm -rf "$dir"
}

run() {
    local exports
    exports=$(start)
    eval "$exports"
    trap 'stop "$INV_TEST_POSTGRES_DIR"' EXIT
    trap 'exit 130' INT TERM
    echo "postgres-test-server: PostgreSQL on ${INV_TEST_POSTGRES_URL##*@} for: $*" >&2
    local status=0
    "$@" || status=$?
    exit "$status"
}

case "${1:-}" in
    start) [[ $# -eq 1 ]] || usage; start ;;
    stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
    run) [[ $# -ge 2 ]] || usage; shift; run "$@" ;;
    *) usage ;;
esac
