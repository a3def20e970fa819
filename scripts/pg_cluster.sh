#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests and local development.
#
#   scripts/pg_cluster.sh start DIR   initdb into DIR, start, print a libpq URL (one line)
#   scripts/pg_cluster.sh stop DIR    stop the server and remove DIR
#
# The server listens only on a unix socket inside DIR (no TCP port to collide
# with or to expose), runs with fsync=off (data is disposable) and trusts local
# connections. Server output goes to DIR/server.log.
set -euo pipefail

readonly PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
readonly PG_USER="postgres"

die() {
  echo "pg_cluster: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start|stop DIR" >&2
  exit 2
}

# initdb and postgres refuse to run as root; as root we run them as `postgres`.
as_cluster_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u "$PG_USER" -- "$@"
  else
    "$@"
  fi
}

cluster_user() {
  if [[ "$(id -u)" -eq 0 ]]; then echo "$PG_USER"; else id -un; fi
}

start_cluster() {
  local dir="$1"
  [[ -x "$PG_BIN/initdb" ]] || die "PostgreSQL binaries not found in $PG_BIN"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"  # unix socket paths must be absolute
  # A socket path longer than ~107 bytes cannot be bound.
  ((${#dir} < 90)) || die "directory path too long for a unix socket: $dir"
  if [[ "$(id -u)" -eq 0 ]]; then
    id "$PG_USER" >/dev/null 2>&1 || die "user '$PG_USER' does not exist"
    chown "$PG_USER" "$dir"
  fi

  # A stale postmaster.pid (after a crash) is fine: postgres replaces it.
  if [[ -f "$dir/data/postmaster.pid" ]] &&
    as_cluster_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" status >/dev/null 2>&1; then
    die "a cluster already runs in $dir (stop it first)"
  fi

  local user
  user="$(cluster_user)"
  local log="$dir/server.log"
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    as_cluster_owner "$PG_BIN/initdb" --pgdata="$dir/data" --username="$user" --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
      die "initdb failed; see $dir/initdb.log"
  fi

  as_cluster_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --log="$log" --silent \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null 2>&1 || die "server failed to start; see $log"

  local tries=0
  until "$PG_BIN/pg_isready" --host="$dir" --username="$user" --dbname=postgres --quiet; do
    tries=$((tries + 1))
    ((tries < 100)) || die "server did not become ready within 10 s; see $log"
    sleep 0.1
  done
  echo "postgresql:///postgres?host=${dir}&user=${user}"
}

stop_cluster() {
  local dir="$1"
  [[ -d "$dir" ]] || die "no such directory: $dir"
  dir="$(cd "$dir" && pwd)"
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    as_cluster_owner "$PG_BIN/pg_ctl" --pgdata="$dir/data" --mode=immediate --silent --wait stop >/dev/null 2>&1 ||
      die "pg_ctl stop failed; see $dir/server.log"
  fi
  # Refuse to delete something that does not look like one of our clusters.
  local entry
  for entry in "$dir"/* "$dir"/.[!.]*; do
    [[ -e "$entry" ]] || continue
    case "$(basename "$entry")" in
      data | server.log | initdb.log | .s.PGSQL.* ) ;;
      *) die "$dir holds $(basename "$entry"), not only a cluster; not removing it" ;;
    esac
  done
  if [[ -d "$dir/data" && ! -f "$dir/data/PG_VERSION" ]]; then
    die "$dir/data is not a PostgreSQL data directory; not removing $dir"
  fi
  rm -rf -- "$dir"
}

[[ $# -eq 2 ]] || usage
case "$1" in
  start) start_cluster "$2" ;;
  stop) stop_cluster "$2" ;;
  *) usage ;;
esac
