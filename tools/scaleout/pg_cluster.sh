#!/usr/bin/env bash
# A throw-away PostgreSQL cluster on loopback for tests and the scale-out run (Debian's `postgresql` package).
#   tools/scaleout/pg_cluster.sh start DIR [PORT]   initdb into DIR (a new folder), start on 127.0.0.1:PORT
#                                                   (default: a free port), create database `ecg`, print its URL
#   tools/scaleout/pg_cluster.sh stop DIR           stop it (the folder is left for the caller to delete)
# Run as root, the cluster belongs to the `postgres` user (initdb refuses root); otherwise to the current user.
# Authentication is `trust` on 127.0.0.1 only; nothing listens on other addresses or on a Unix socket outside DIR.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "pg_cluster.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 2; }

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
start)
    dir=${2:?usage: pg_cluster.sh start DIR [PORT]}
    port=${3:-$(free_port)}
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    user=$(as_owner id -un)
    as_owner "$bindir/initdb" -D "$dir/data" -U "$user" --auth=trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    # Loopback TCP only; the socket lives inside DIR; settings that suit a throw-away test cluster.
    cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 128MB
CONF
    printf 'host all all 127.0.0.1/32 trust\n' >"$dir/data/pg_hba.conf"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$user" ecg
    echo "postgresql://$user@127.0.0.1:$port/ecg"
    ;;
stop)
    dir=${2:?usage: pg_cluster.sh stop DIR}
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
*)
    echo "usage: pg_cluster.sh start DIR [PORT] | stop DIR" >&2
    exit 2
    ;;
esac
