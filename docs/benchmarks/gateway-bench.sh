#!/usr/bin/env bash
# Throughput and latency of one authenticated GET (/api/v1/people of the demo tenant) straight to the platform,
# through the gateway, and through nginx as a plain reverse proxy, in the same run on this machine.
# Usage: docs/benchmarks/gateway-bench.sh [seconds per run, default 20] [connections, default 16]
# It starts ./up itself and nginx, and stops both at the end. Ports: GATEWAY_PORT (8080), PLATFORM_PORT (8081),
# FRONTEND_PORT (8082), KEYCLOAK_PORT (8180) as for ./up, NGINX_PORT (8090).
# BEFORE_GATEWAY_JAR=path/to/gateway.jar also runs that build of the gateway (on BEFORE_PORT, default 8083) beside
# the current one, against the same platform, Redis and Keycloak, and measures both in the same run.
# Each path is measured three ways: with all processes sharing the machine's cores; with the proxies (gateway, nginx)
# pinned to the last core and everything else (platform, PostgreSQL, wrk, ...) to the others, as when the gateway runs
# in pods of its own (PIN=0 skips it; it needs root to move PostgreSQL's processes, and moves them back at the end);
# and with one connection, one request at a time, for the latency a proxy adds. The proxies' own processor time per
# request is read from /proc. The demo tenant is given 100 people first, so the page measured is a full one (50).
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-20}
connections=${2:-16}
gateway_port=${GATEWAY_PORT:-8080}
platform_port=${PLATFORM_PORT:-8081}
keycloak_port=${KEYCLOAK_PORT:-8180}
nginx_port=${NGINX_PORT:-8090}
before_port=${BEFORE_PORT:-8083}
before_jar=${BEFORE_GATEWAY_JAR:-}

need=()
command -v wrk > /dev/null || need+=(wrk)
command -v nginx > /dev/null || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" > /dev/null
fi

work=$(mktemp -d)
# the benchmark measures the limiter's cost, not its refusals: a limit no run reaches
export RATE_LIMIT_DEFAULT_RATE=1000000 RATE_LIMIT_DEFAULT_BURST=1000000
setsid env --default-signal=INT bash -c 'echo $$ > "$1"; exec ./up' up "$work/up.pid" > "$work/up.log" 2>&1 < /dev/null &
pin=${PIN:-1}
cores=$(nproc)
all_cores="0-$((cores - 1))"
unpin() { # every process this run pinned gets every core back
  for pid in $(pgrep -f 'postgres|redis-server' || true) ${pinned_pids:-}; do
    taskset -a -p -c "$all_cores" "$pid" > /dev/null 2>&1 || true
  done
}
cleanup() {
  unpin
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2> /dev/null || true
  [ -s "$work/before.pid" ] && kill "$(cat "$work/before.pid")" 2> /dev/null || true
  [ -s "$work/up.pid" ] && kill -INT -- "-$(cat "$work/up.pid")" 2> /dev/null || true
  sleep 5
}
trap cleanup EXIT
for _ in $(seq 1 600); do grep -q "Revcycle is ready" "$work/up.log" && break; sleep 1; done
grep -q "Revcycle is ready" "$work/up.log" || { tail -40 "$work/up.log"; exit 1; }

if [ -n "$before_jar" ]; then
  redis_host=${REVCYCLE_REDIS_HOST:-127.0.0.1}
  redis_port=${REVCYCLE_REDIS_PORT:-6379}
  java -Xss512k -jar "$before_jar" --server.port="$before_port" --spring.data.redis.host="$redis_host" \
    --spring.data.redis.port="$redis_port" --revcycle.platform-url="http://localhost:$platform_port" \
    --revcycle.keycloak-url="http://localhost:$keycloak_port" > "$work/before.log" 2>&1 &
  echo $! > "$work/before.pid"
  for _ in $(seq 1 300); do
    curl -sf "http://localhost:$before_port/actuator/health" > /dev/null && break
    sleep 1
  done
fi

cat > "$work/nginx.conf" << NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  upstream platform { server 127.0.0.1:$platform_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://platform;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
NGINX
nginx -c "$work/nginx.conf"

token() {
  curl -sf "http://localhost:$keycloak_port/realms/revcycle/protocol/openid-connect/token" -d grant_type=password \
    -d client_id=revcycle-cli -d username=tenant-admin@demo.revcycle.test -d password=revcycle-demo \
    -d 'scope=openid organization' | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

seed() { # the demo tenant's first 100 people (idempotent: the same events again are duplicates)
  local t events
  t=$(token)
  events=$(for i in $(seq 1 100); do
    printf '{"type":"page_view","occurredAt":"2026-12-01T10:00:00Z","source":"gateway-bench","externalId":"seed-%d",' "$i"
    printf '"person":{"email":"seed%d@gateway-bench.example","firstName":"Seed"},' "$i"
    printf '"account":{"domain":"gateway-bench%d.example"}}\n' "$((i % 10))"
  done | paste -sd, -)
  curl -sf -o /dev/null "http://localhost:$platform_port/api/v1/events" -H "Authorization: Bearer $t" \
    -H 'Content-Type: application/json' -d "{\"events\":[$events]}"
}

cpu_ticks() { # user and system time of a process, in clock ticks
  awk '{print $14 + $15}' "/proc/$1/stat"
}

run() { # name url [connections] [proxy pid]
  local t c=${3:-$connections} pid=${4:-} before after threads
  threads=$((c < 2 ? 1 : 2))
  t=$(token)
  # warm-up: JIT, connection pools
  wrk -t"$threads" -c"$c" -d5s -H "Authorization: Bearer $t" "$2/api/v1/people" > /dev/null
  [ -n "$pid" ] && before=$(cpu_ticks "$pid")
  wrk -t"$threads" -c"$c" -d"${duration}s" --latency -H "Authorization: Bearer $t" "$2/api/v1/people" \
    > "$work/$1.txt"
  [ -n "$pid" ] && after=$(cpu_ticks "$pid")
  local rps p50 p99 non2xx load requests cpu="-"
  load=$(cut -d' ' -f1 /proc/loadavg)
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$work/$1.txt")
  requests=$(awk '/requests in/ {print $1}' "$work/$1.txt")
  if [ -n "$pid" ]; then
    cpu=$(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests ))
  fi
  printf '| %-14s | %10s | %8s | %8s | %7s | %12s | %12s |\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0}" "$load" "$cpu"
}

gateway_pid=$(pgrep -f "gateway-0.1.0-SNAPSHOT.jar --server.port=$gateway_port" | head -1)
nginx_pid=$(pgrep -f "nginx: worker" -n)
before_pid=""
[ -n "$before_jar" ] && before_pid=$(cat "$work/before.pid")
seed

urls=("http://localhost:$platform_port" "http://localhost:$gateway_port" "http://localhost:$nginx_port")
[ -n "$before_jar" ] && urls+=("http://localhost:$before_port")
# warm every path up first (the JIT compiles the hot paths of all the JVMs), then measure
t=$(token)
for url in "${urls[@]}"; do
  wrk -t2 -c"$connections" -d20s -H "Authorization: Bearer $t" "$url/api/v1/people" > /dev/null
done

header() {
  echo
  echo "$1"
  echo "| path           | requests/s | p50      | p99      | non-2xx | load (1 min) | proxy µs/req |"
  echo "| -------------- | ---------- | -------- | -------- | ------- | ------------ | ------------ |"
}
all_paths() { # connections
  run direct "http://localhost:$platform_port" "$1"
  [ -n "$before_jar" ] && run gateway-before "http://localhost:$before_port" "$1" "$before_pid"
  run gateway "http://localhost:$gateway_port" "$1" "$gateway_pid"
  run nginx "http://localhost:$nginx_port" "$1" "$nginx_pid"
}

echo "wrk -d${duration}s, GET /api/v1/people (50 of the demo tenant's 100 people) with a bearer token, $cores cores"
for round in 1 2; do
  header "Shared cores, $connections connections, round $round"
  all_paths "$connections"
done
header "Shared cores, 1 connection (one request at a time)"
all_paths 1

if [ "$pin" = 1 ] && [ "$cores" -ge 2 ]; then
  # the proxies on the last core, everything else on the others
  proxy_core=$((cores - 1))
  rest="0-$((cores - 2))"
  pinned_pids="$gateway_pid $nginx_pid $before_pid $(pgrep -f 'platform-0.1.0-SNAPSHOT.jar|frontend-api-0.1.0|QuarkusEntryPoint|io.revcycle.testsupport.Up' | tr '\n' ' ')"
  for pid in $(pgrep -f 'platform-0.1.0-SNAPSHOT.jar|frontend-api-0.1.0|QuarkusEntryPoint|io.revcycle.testsupport.Up') \
      $(pgrep -f 'postgres|redis-server'); do
    taskset -a -p -c "$rest" "$pid" > /dev/null
  done
  for pid in $gateway_pid $nginx_pid $before_pid; do
    taskset -a -p -c "$proxy_core" "$pid" > /dev/null
  done
  # wrk itself runs on the other cores too
  taskset -p -c "$rest" $$ > /dev/null
  for round in 1 2; do
    header "Proxies on core $proxy_core, everything else on $rest, $connections connections, round $round"
    all_paths "$connections"
  done
  header "Proxies on core $proxy_core, everything else on $rest, 1 connection"
  all_paths 1
  taskset -p -c "$all_cores" $$ > /dev/null
  unpin
fi
