#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the Deep Reveal PostgreSQL tests and benchmarks.
#   eval "$(Scripts/postgres-test-server.sh start)"   # exports INVKIT_TEST_POSTGRES_URL and _DIR
#   Scripts/postgres-test-server.sh stop "$INVKIT_TEST_POSTGRES_DIR"
# start: installs Debian's postgresql if missing, initdb's a cluster into a new temporary directory
# (as the unprivileged user postgres when run as root: the server refuses to run as root), with
# password authentication for the superuser 'reveal', listens on 127.0.0.1 on a free port (and a
# Unix socket in the cluster directory only), creates the database 'reveal' and prints the two
# export lines. stop: stops that cluster and deletes its directory.
set -euo pipefail

usage() { echo "usage: $0 start | stop DIR" >&2; exit 2; }

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [[ -n "$dir" && -x "$dir/initdb" ]] || { echo "postgres-test-server: no /usr/lib/postgresql/*/bin/initdb" >&2; exit 1; }
    echo "$dir"
}

# Runs a command as the cluster's owner: postgres when we are root, else ourselves.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        [[ $(id -u) -eq 0 ]] || { echo "postgres-test-server: install postgresql first (apt-get install -y postgresql)" >&2; exit 1; }
        echo "Installing postgresql …" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    local bin dir port password
    bin=$(pg_bin)
    dir=$(mktemp -d /tmp/invkit-postgres.XXXXXX)
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
    password=$(head -c 18 /dev/urandom | base64 | tr -d '+/=')
    as_owner sh -c "printf '%s\n' '$password' > '$dir/pwfile'"
    as_owner "$bin/initdb" -D "$dir/data" -U reveal --pwfile="$dir/pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300" start >&2 \
        || { cat "$dir/server.log" >&2; exit 1; }
    PGPASSWORD=$password "$bin/createdb" -h 127.0.0.1 -p "$port" -U reveal reveal
    echo "export INVKIT_TEST_POSTGRES_URL=postgres://reveal:$password@127.0.0.1:$port/reveal"
    echo "export INVKIT_TEST_POSTGRES_DIR=$dir"
}

stop() {
    local dir=$1
    [[ -d "$dir/data" ]] || { echo "postgres-test-server: $dir holds no cluster" >&2; exit 1; }
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    rm -rf "$dir"
}

case "${1:-}" in
    start) start ;;
    stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
    *) usage ;;
esac
