#!/usr/bin/env bash
# Throughput and latency of one authenticated GET (/api/v1/people of the demo tenant) straight to the platform,
# through the gateway, and through nginx as a plain reverse proxy, in the same run on this machine.
# Usage: docs/benchmarks/gateway-bench.sh [seconds per run, default 20] [connections, default 16]
# It starts ./up itself and nginx, and stops both at the end. Ports: GATEWAY_PORT (8080), PLATFORM_PORT (8081),
# FRONTEND_PORT (8082), KEYCLOAK_PORT (8180) as for ./up, NGINX_PORT (8090).
# BEFORE_GATEWAY_JAR=path/to/gateway.jar also runs that build of the gateway (on BEFORE_PORT, default 8083) beside
# the current one, against the same platform, Redis and Keycloak, and measures both in the same run.
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
cleanup() {
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

run() { # name url
  local t
  t=$(token)
  # warm-up: JIT, connection pools
  wrk -t2 -c"$connections" -d5s -H "Authorization: Bearer $t" "$2/api/v1/people" > /dev/null
  wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $t" "$2/api/v1/people" > "$work/$1.txt"
  local rps p50 p99 non2xx load
  load=$(cut -d' ' -f1 /proc/loadavg)
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$work/$1.txt")
  printf '| %-14s | %10s | %8s | %8s | %7s | %12s |\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0}" "$load"
}

urls=("http://localhost:$platform_port" "http://localhost:$gateway_port" "http://localhost:$nginx_port")
[ -n "$before_jar" ] && urls+=("http://localhost:$before_port")
# warm every path up first (the JIT compiles the hot paths of all the JVMs), then measure
t=$(token)
for url in "${urls[@]}"; do
  wrk -t2 -c"$connections" -d20s -H "Authorization: Bearer $t" "$url/api/v1/people" > /dev/null
done

echo "wrk -t2 -c$connections -d${duration}s, GET /api/v1/people with a bearer token, $(nproc) cores"
echo "| path           | requests/s | p50      | p99      | non-2xx | load (1 min) |"
echo "| -------------- | ---------- | -------- | -------- | ------- | ------------ |"
for round in 1 2; do
  run direct "http://localhost:$platform_port"
  [ -n "$before_jar" ] && run gateway-before "http://localhost:$before_port"
  run gateway "http://localhost:$gateway_port"
  run nginx "http://localhost:$nginx_port"
done
