#!/usr/bin/env bash
# `make bench`: wrk against a Release soomcare on loopback, next to a bare Beast
# server (bench_ceiling_server) that shows what this machine can do at most.
#
#   bench/run.sh BUILD_DIR        e.g. bench/run.sh build/release
#
# Environment (all optional):
#   BENCH_DURATION=10s  BENCH_CONNECTIONS=64  BENCH_THREADS=2   wrk settings per endpoint
#   BENCH_WARMUP=2s                                           unmeasured wrk run before each endpoint
#   BENCH_LOGIN_CONNECTIONS=16  connections for POST /v1/auth/login (each one is ~50 ms of argon2id CPU)
#   BENCH_SERVER_THREADS=0      I/O threads of both servers (0 = one per core, soomcare's default)
#   BENCH_PG=1                  also measure soomcare on a throwaway PostgreSQL 15 (scripts/pg_cluster.sh)
#   BENCH_IMPORT_USERS=10000  BENCH_IMPORT_PER_USER=100   size of the records batch import (1M records)
#   BENCH_REPORT=0              skip the report JSON/PDF timing over a year of dense data (bench/report_bench.cpp)
#   BENCH_COMMUNITY=1           also seed 50K posts / ≈500K comments into a throwaway PostgreSQL and time the
#                               community feed and post page, in-process and over HTTP (bench/community_bench.cpp)
#   BENCH_COMMUNITY_FULL=1      … with the full 1M posts / ≈10M comments (≈10+ minutes of seeding)
#   BENCH_SEARCH=1              also search at scale (bench/search_bench.cpp): 10K synthetic posts, or
#                               BENCH_SEARCH_FULL=1 for 100K (BENCH_SEARCH_POSTS=N for any size); latency, reindex, index lag
#   BENCH_KEEP=1                keep the temp dir (server logs, raw wrk output) and print its path
#
# Everything listens on 127.0.0.1 only; every process and temp dir is removed on exit.
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=$(cd "$1" && pwd)
bench_dir="$root/bench"

duration=${BENCH_DURATION:-10s}
connections=${BENCH_CONNECTIONS:-64}
wrk_threads=${BENCH_THREADS:-2}
login_connections=${BENCH_LOGIN_CONNECTIONS:-16}
warmup=${BENCH_WARMUP:-2s}
server_threads=${BENCH_SERVER_THREADS:-0}

command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: curl is not installed" >&2; exit 1; }

# Only the settings below reach the servers: a developer's SOOMCARE_* must not skew the numbers.
while read -r name; do unset "$name"; done < <(compgen -e | grep '^SOOMCARE_' || true)

echo "== building soomcare, bench_ceiling_server and records_bench in $build_dir"
# One build job per core: ninja's default (cores + 2) oversubscribes small machines.
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}"
cmake --build "$build_dir" --target soomcare bench_ceiling_server records_bench >/dev/null
soomcare="$build_dir/soomcare"
ceiling="$build_dir/bench/bench_ceiling_server"

work=$(mktemp -d /tmp/soomcare-bench.XXXXXX)
chmod 755 "$work"  # the PostgreSQL cluster runs as `postgres` when we are root
pids=()
pg_dir=""

cleanup() {
  local rc=$?
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    # Bounded: a server that does not drain within 5 s is killed.
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ -n "$pg_dir" ]]; then "$root/scripts/pg_cluster.sh" stop "$pg_dir" >/dev/null 2>&1 || true; fi
  if [[ -n "${community_pg_dir:-}" ]]; then "$root/scripts/pg_cluster.sh" stop "$community_pg_dir" >/dev/null 2>&1 || true; fi
  if [[ "${BENCH_KEEP:-0}" == 1 ]]; then
    echo "bench: kept $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load_average() { cut -d' ' -f1-3 /proc/loadavg; }
# CPU time (user + system, all threads) the process has used so far, in clock ticks.
# Unlike requests/s it hardly depends on what else the machine is doing.
cpu_ticks() { sed -E 's/^.*\) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

# ---- servers ---------------------------------------------------------------

start_ceiling() {
  "$ceiling" "$server_threads" >"$work/ceiling.port" 2>"$work/ceiling.log" &
  pids+=($!)
  server_pid=$!
  for _ in $(seq 1 100); do
    [[ -s "$work/ceiling.port" ]] && break
    sleep 0.05
  done
  ceiling_port=$(head -n1 "$work/ceiling.port")
  [[ -n "$ceiling_port" ]] || { echo "bench: ceiling server did not start" >&2; cat "$work/ceiling.log" >&2; exit 1; }
}

# start_soomcare NAME DATABASE_URL: migrates, starts `soomcare serve`, sets api_port.
start_soomcare() {
  local name=$1 url=$2
  local var="$work/$name"
  mkdir -p "$var"
  local -a env=(
    "SOOMCARE_DATABASE_URL=$url"
    "SOOMCARE_VAR_DIR=$var"
    "SOOMCARE_SERVER_API_HOST=127.0.0.1"
    "SOOMCARE_SERVER_ADMIN_HOST=127.0.0.1"
    "SOOMCARE_SERVER_API_PORT=0"
    "SOOMCARE_SERVER_ADMIN_PORT=0"
    "SOOMCARE_SERVER_PORT_FILE=$var/ports.json"
    "SOOMCARE_SERVER_THREADS=$server_threads"
    "SOOMCARE_LOG_LEVEL=warn"
    "SOOMCARE_LOG_ACCESS_LOG=false"
    # Every wrk connection comes from 127.0.0.1 and logs in as one user.
    "SOOMCARE_AUTH_LOGIN_IP_MAX=100000"
    "SOOMCARE_AUTH_LOGIN_MAX_FAILURES=1000"
  )
  env "${env[@]}" "$soomcare" migrate >"$var/migrate.log" 2>&1 ||
    { echo "bench: soomcare migrate failed" >&2; cat "$var/migrate.log" >&2; exit 1; }
  env "${env[@]}" "$soomcare" serve >"$var/server.log" 2>&1 &
  pids+=($!)
  server_pid=$!
  api_port=""
  for _ in $(seq 1 300); do  # 30 s
    kill -0 "$server_pid" 2>/dev/null || { echo "bench: soomcare exited" >&2; cat "$var/server.log" >&2; exit 1; }
    if [[ -s "$var/ports.json" ]]; then
      api_port=$(sed -E 's/.*"api":([0-9]+).*/\1/' "$var/ports.json")
      curl -fsS --max-time 2 "http://127.0.0.1:$api_port/healthz" >/dev/null 2>&1 && return 0
    fi
    sleep 0.1
  done
  echo "bench: soomcare did not become healthy" >&2
  cat "$var/server.log" >&2
  exit 1
}

# api METHOD PATH [BODY] [TOKEN]: prints the body; fails unless 2xx.
api() {
  local -a args=(-sS --max-time 10 -X "$1" "http://127.0.0.1:$api_port$2" -H 'Content-Type: application/json')
  [[ -n "${3:-}" ]] && args+=(--data "$3")
  [[ -n "${4:-}" ]] && args+=(-H "Authorization: Bearer $4")
  local out status
  out=$(curl "${args[@]}" -w $'\n%{http_code}')
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [[ "$status" != 2* ]]; then
    echo "bench: $1 $2 answered $status: $out" >&2
    return 1
  fi
  printf '%s' "$out"
}

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# Signs the benchmark user up and logs in; exports what the Lua scripts read.
prepare_user() {
  export BENCH_EMAIL="bench-$RANDOM$RANDOM@example.com"
  export BENCH_PASSWORD="correct horse battery staple 42"
  api POST /v1/auth/signup "$(printf '{"email":"%s","password":"%s","nickname":"벤치%s","consents":{"terms":"2026-11-01","health_data":"2026-11-01"}}' \
    "$BENCH_EMAIL" "$BENCH_PASSWORD" "$RANDOM")" >/dev/null
  BENCH_TOKEN=$(api POST /v1/auth/login "$(printf '{"email":"%s","password":"%s"}' "$BENCH_EMAIL" "$BENCH_PASSWORD")" |
    json_field access_token)
  export BENCH_TOKEN
  api GET /v1/me "" "$BENCH_TOKEN" >/dev/null  # the token works before we measure with it
}

# ---- measuring -------------------------------------------------------------

rows=()      # "label|req/s|p50 ms|p99 ms|failures|server CPU us/req"
ceiling_rps=""
ceiling_cpu=""
server_pid=""

# When wrk stops, the server still owes answers to requests queued in its worker
# pool (dozens of argon2id logins take seconds): wait for them, or they would eat
# into the next measurement. /healthz also runs on that pool, so its answer means
# the queue ahead of it is gone.
settle() {
  local origin
  origin=$(sed -E 's#^(http://[^/]+).*#\1#' <<<"$1")
  curl -fsS --max-time 60 "$origin/healthz" >/dev/null 2>&1 || true
}

# measure LABEL URL [LUA_SCRIPT] [CONNECTIONS] [DURATION]
measure() {
  local label=$1 url=$2 script=${3:-} conns=${4:-$connections} dur=${5:-$duration}
  local -a args=(--latency --timeout 10s -t "$wrk_threads" -c "$conns")
  ((conns < wrk_threads)) && args=(--latency --timeout 10s -t "$conns" -c "$conns")
  [[ -n "$script" ]] && args+=(-s "$bench_dir/$script")
  local raw="$work/wrk-${#rows[@]}.txt"
  if [[ "$warmup" != 0 && "$warmup" != 0s ]]; then
    wrk "${args[@]}" -d "$warmup" "$url" >/dev/null
    settle "$url"
  fi
  echo "   $label: wrk ${args[*]} -d $dur (load $(load_average))" >&2
  local cpu_before cpu_after
  cpu_before=$(cpu_ticks "$server_pid")
  wrk "${args[@]}" -d "$dur" "$url" >"$raw"
  cpu_after=$(cpu_ticks "$server_pid")
  settle "$url"
  # wrk prints latencies as 812.00us / 1.25ms / 2.01s / 1.00m; normalise to ms.
  rows+=("$(awk -v label="$label" -v ticks=$((cpu_after - cpu_before)) -v hz="$(getconf CLK_TCK)" '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
      if (v ~ /m$/) return v * 60000; if (v ~ /s$/) return v * 1000; return v + 0
    }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /requests in/ { total = $1 }
    /Non-2xx or 3xx responses:/ { bad += $5 }
    /Socket errors:/ { gsub(",", ""); bad += $4 + $6 + $8 + $10 }
    END {
      printf "%s|%.0f|%.2f|%.2f|%d/%d|%.0f", label, rps, p50, p99, bad, total, (total > 0 ? ticks / hz * 1e6 / total : 0)
    }' "$raw")")
}

print_table() {
  echo ""
  echo "| endpoint | requests/s | p50 ms | p99 ms | vs ceiling | failed/total | server CPU µs/req | CPU vs ceiling |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  local row label rps p50 p99 failures cpu ratio cpu_ratio
  for row in "${rows[@]}"; do
    IFS='|' read -r label rps p50 p99 failures cpu <<<"$row"
    ratio=$(awk -v a="$rps" -v b="$ceiling_rps" 'BEGIN { if (b > 0) printf "%.1f%%", 100 * a / b; else print "n/a" }')
    # Ceiling CPU per request / this CPU per request: the share of the ceiling this
    # endpoint would reach if CPU were the only limit and the machine were quiet.
    cpu_ratio=$(awk -v a="$cpu" -v b="$ceiling_cpu" 'BEGIN { if (a > 0) printf "%.1f%%", 100 * b / a; else print "n/a" }')
    echo "| $label | $rps | $p50 | $p99 | $ratio | $failures | $cpu | $cpu_ratio |"
  done
}

echo "== $(nproc) cores, load average $(load_average); wrk -t$wrk_threads -c$connections -d$duration (warm-up $warmup)"
start_ceiling
measure "ceiling (bare Beast, fixed JSON)" "http://127.0.0.1:$ceiling_port/"
ceiling_rps=$(cut -d'|' -f2 <<<"${rows[0]}")
ceiling_cpu=$(cut -d'|' -f6 <<<"${rows[0]}")

run_engine() {
  local engine=$1 url=$2
  echo "== soomcare serve on $engine"
  start_soomcare "$engine" "$url"
  prepare_user
  local base="http://127.0.0.1:$api_port"
  measure "$engine: GET /healthz" "$base/healthz"
  measure "$engine: GET /v1/me (bearer)" "$base/v1/me" me.lua
  # One connection first: the latency of a single login (one argon2id verify plus the rest).
  measure "$engine: POST /v1/auth/login (c=1)" "$base/v1/auth/login" login.lua 1
  measure "$engine: POST /v1/auth/login (c=$login_connections)" "$base/v1/auth/login" login.lua "$login_connections"
  measure_records "$engine" "$url" "$base"
}

# Records (issue 3): the benchmark user gets 3 years of dense data (≈ 15 records/day), written
# through the records service by records_bench, which also times the calendar cold (cache dropped
# before each call) and warm in-process. Then over HTTP: the calendar (warm) and PUT of new records.
# Last, a batch import of BENCH_IMPORT_USERS × BENCH_IMPORT_PER_USER records (default 10K × 100).
records_bench="$build_dir/bench/records_bench"
in_process=()
measure_records() {
  local engine=$1 url=$2 base=$3 user_id
  user_id=$(api GET /v1/me "" "$BENCH_TOKEN" | json_field id)
  echo "   $engine: seeding 3 years × 15 records/day for the benchmark user" >&2
  local out line
  out=$("$records_bench" calendar --db "$url" --user "$user_id" --years 3 --per-day 15 --rounds 5)
  while IFS= read -r line; do in_process+=("$engine: $line"); done <<<"$out"
  BENCH_MONTHS=$(python3 -c 'import datetime as d
t = d.date.today().replace(day=1)
out = []
for _ in range(36):
    out.append(t.strftime("%Y-%m")); t = (t - d.timedelta(days=1)).replace(day=1)
print(" ".join(out))')
  export BENCH_MONTHS
  measure "$engine: GET /v1/calendar (warm, 3 yrs dense)" "$base/v1/calendar" calendar.lua
  measure "$engine: PUT /v1/records/{uuid} (new)" "$base/v1/records/x" put_record.lua
  echo "   $engine: batch import ${BENCH_IMPORT_USERS:-10000} users × ${BENCH_IMPORT_PER_USER:-100} records" >&2
  out=$("$records_bench" import --db "$url" --users "${BENCH_IMPORT_USERS:-10000}" --per-user "${BENCH_IMPORT_PER_USER:-100}")
  while IFS= read -r line; do in_process+=("$engine: $line"); done <<<"$out"
}

run_engine sqlite "sqlite:$work/sqlite/soomcare.db"
if [[ "${BENCH_PG:-0}" == 1 ]]; then
  pg_dir="$work/pg"
  pg_url=$("$root/scripts/pg_cluster.sh" start "$pg_dir")
  run_engine postgres "$pg_url"
fi

print_table
echo ""
echo "In-process (records service, no HTTP):"
for line in "${in_process[@]}"; do echo "  $line"; done
echo ""
echo "load average after the run: $(load_average)"

# Reminder scheduler (issue 4): 100K users × 3 reminders/day on a simulated clock.
# Takes several minutes, so it is opt-in: BENCH_SCHEDULER=1 make bench.
if [[ "${BENCH_SCHEDULER:-0}" == 1 ]]; then
  cmake --build "$build_dir" --target scheduler_bench >/dev/null
  echo ""
  echo "== reminder scheduler, SQLite, 1 worker"
  "$build_dir/bench/scheduler_bench" --users "${BENCH_SCHED_USERS:-100000}" --hours 24 --speed 240
  if [[ "${BENCH_PG:-0}" == 1 ]]; then
    echo "== reminder scheduler, PostgreSQL, 3 worker processes, one killed after 60 s"
    "$build_dir/bench/scheduler_bench" --db "$pg_url" --users "${BENCH_SCHED_USERS:-100000}" --hours 3 --speed 60 \
      --workers 3 --kill-after-s 60
  fi
fi

# Search quality (issue 7): NDCG@10/MRR vs LIKE and MySQL-ngram baselines, latency, reindex docs/s.
# Seconds on the shipped corpus; BENCH_SEARCH_EXTRA_POSTS=100000 measures latency at 100K posts.
cmake --build "$build_dir" --target search_quality >/dev/null && { echo ""; echo "== search quality"; "$build_dir/bench/search_quality" "$root"; }

# Search at scale (issue 7): synthetic Korean posts + the shipped corpus; search p50/p95/p99 (judged and random
# queries), suggest, reindex docs/s and index lag p99 with the worker running. Minutes at 100K, so opt-in.
if [[ "${BENCH_SEARCH:-0}" == 1 ]]; then
  search_posts=${BENCH_SEARCH_POSTS:-$([[ "${BENCH_SEARCH_FULL:-0}" == 1 ]] && echo 100000 || echo 10000)}
  cmake --build "$build_dir" --target search_bench >/dev/null
  echo ""
  echo "== search at scale, SQLite, $search_posts synthetic posts"
  "$build_dir/bench/search_bench" --posts "$search_posts" --lag-changes "${BENCH_SEARCH_LAG_CHANGES:-200}"
  if [[ "${BENCH_PG:-0}" == 1 ]]; then
    echo "== search at scale, PostgreSQL, $search_posts synthetic posts"
    "$build_dir/bench/search_bench" --db "$pg_url" --posts "$search_posts" --lag-changes "${BENCH_SEARCH_LAG_CHANGES:-200}"
  fi
fi

# Report (issue 5): a year of dense data (≈15 records/day) through the records service, then the
# JSON report (< 50 ms) and the PDF (< 500 ms), p50/p99, with ten other patients' records interleaved
# (a one-patient database flatters the plans). ≈ 15 s on SQLite, ≈ 1 min with BENCH_PG=1; BENCH_REPORT=0 skips it.
if [[ "${BENCH_REPORT:-1}" == 1 ]]; then
  cmake --build "$build_dir" --target report_bench >/dev/null
  echo ""
  echo "== report, SQLite, 1 year × 15 records/day"
  "$build_dir/bench/report_bench" --days 365 --per-day 15 --rounds 20 --others 10
  if [[ "${BENCH_PG:-0}" == 1 ]]; then
    echo "== report, PostgreSQL"
    "$build_dir/bench/report_bench" --db "$pg_url" --days 365 --per-day 15 --rounds 20 --others 10
  fi
fi

# Community (issue 6): feed and post page under 10 ms of server time at 1M posts / 10M comments
# on PostgreSQL. community_bench seeds its own cluster (50K posts by default, 1M with
# BENCH_COMMUNITY_FULL=1) and times the service in-process; then wrk against `soomcare serve`
# on the same data. Opt-in: BENCH_COMMUNITY=1 (the seed alone takes minutes at full size).
if [[ "${BENCH_COMMUNITY:-0}" == 1 ]]; then
  cmake --build "$build_dir" --target community_bench >/dev/null
  community_pg_dir="$work/pgc"
  community_url=$("$root/scripts/pg_cluster.sh" start "$community_pg_dir")
  start_soomcare community "$community_url"
  prepare_user
  community_size=()
  [[ "${BENCH_COMMUNITY_FULL:-0}" == 1 ]] && community_size=(--full)
  echo ""
  echo "== community, PostgreSQL (in-process, then wrk against soomcare serve)"
  "$build_dir/bench/community_bench" --db "$community_url" "${community_size[@]}" \
    --viewer "$(api GET /v1/me "" "$BENCH_TOKEN" | json_field id)" --wrk-env "$work/community.env"
  # shellcheck disable=SC1091
  source "$work/community.env"
  rows=()
  base="http://127.0.0.1:$api_port"
  measure "postgres: GET /v1/community/posts (latest)" "$base/v1/community/posts" me.lua
  measure "postgres: GET /v1/community/posts (popular)" "$base/v1/community/posts?sort=popular" me.lua
  export BENCH_COMMUNITY_PATHS="$BENCH_COMMUNITY_DEEP"
  measure "postgres: GET /v1/community/posts (deep cursor)" \
    "$base/v1/community/posts" community.lua
  export BENCH_COMMUNITY_PATHS="$BENCH_COMMUNITY_POSTS"
  measure "postgres: GET /v1/community/posts/{id} (50 comments)" \
    "$base/v1/community/posts/x" community.lua
  print_table
fi
