#!/usr/bin/env bash
# Runs every ctest test of BUILD_DIR against SQLite and against a throwaway
# PostgreSQL 15 cluster and a throwaway Redis that this script starts and stops.
# Usage: scripts/run-tests.sh BUILD_DIR [ctest args…]
set -euo pipefail

build_dir=$(cd "$1" && pwd)
shift
root=$(cd "$(dirname "$0")/.." && pwd)

services_dir=$(mktemp -d /tmp/soomcare-test-services.XXXXXX)
# The cluster runs as the unprivileged `postgres` user when we are root: it must reach its directory.
chmod 755 "$services_dir"
pg_dir="$services_dir/pg"
redis_dir="$services_dir/redis"
redis_pid=""

cleanup() {
  local rc=$?
  if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; wait "$redis_pid" 2>/dev/null || true; fi
  "$root/scripts/pg_cluster.sh" stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$services_dir"
  exit $rc
}
trap cleanup EXIT INT TERM

echo "== starting throwaway PostgreSQL 15 in $pg_dir"
pg_url=$("$root/scripts/pg_cluster.sh" start "$pg_dir")

echo "== starting throwaway Redis in $redis_dir"
mkdir -p "$redis_dir"
redis-server --port 0 --unixsocket "$redis_dir/redis.sock" --unixsocketperm 700 --save '' --appendonly no \
  --daemonize no --dir "$redis_dir" >"$redis_dir/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 1 100); do
  [ -S "$redis_dir/redis.sock" ] && break
  sleep 0.05
done
[ -S "$redis_dir/redis.sock" ] || { echo "redis did not start" >&2; cat "$redis_dir/redis.log" >&2; exit 1; }

export SOOMCARE_TEST_PG_URL="$pg_url"
export SOOMCARE_REQUIRE_PG=1
export SOOMCARE_TEST_REDIS_URL="unix://$redis_dir/redis.sock"
export SOOMCARE_BIN="$build_dir/soomcare"
export SOOMCARE_CAPTURE_DIR="$build_dir/api-examples"
rm -rf "$SOOMCARE_CAPTURE_DIR"
mkdir -p "$SOOMCARE_CAPTURE_DIR"

cd "$build_dir"
ctest --output-on-failure --timeout 600 -j "${SOOMCARE_TEST_JOBS:-2}" "$@"
