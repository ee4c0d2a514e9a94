#!/usr/bin/env bash
# Throughput and latency of one authenticated GET (/api/v1/people of the demo tenant) straight to the platform,
# through the gateway, and through nginx as a plain reverse proxy, in the same run on this machine.
# Usage: docs/benchmarks/gateway-bench.sh [seconds per run, default 20] [connections, default 16]
# It starts ./up itself (ports 8080, 8081, 8082, 8180) and nginx on 8090, and stops both at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${1:-20}
connections=${2:-16}

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
  [ -s "$work/up.pid" ] && kill -INT -- "-$(cat "$work/up.pid")" 2> /dev/null || true
  sleep 5
}
trap cleanup EXIT
for _ in $(seq 1 400); do grep -q "Revcycle is ready" "$work/up.log" && break; sleep 1; done
grep -q "Revcycle is ready" "$work/up.log" || { tail -40 "$work/up.log"; exit 1; }

cat > "$work/nginx.conf" << NGINX
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  upstream platform { server 127.0.0.1:8081; keepalive 64; }
  server {
    listen 127.0.0.1:8090;
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
  curl -sf http://localhost:8180/realms/revcycle/protocol/openid-connect/token -d grant_type=password \
    -d client_id=revcycle-cli -d username=tenant-admin@demo.revcycle.test -d password=revcycle-demo \
    -d 'scope=openid organization' | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

run() { # name url
  local t
  t=$(token)
  # warm-up: JIT, connection pools
  wrk -t2 -c"$connections" -d5s -H "Authorization: Bearer $t" "$2/api/v1/people" > /dev/null
  wrk -t2 -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $t" "$2/api/v1/people" > "$work/$1.txt"
  local rps p50 p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/$1.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$work/$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/$1.txt")
  non2xx=$(awk '/Non-2xx/ {print $5}' "$work/$1.txt")
  printf '| %-8s | %10s | %8s | %8s | %s |\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0}"
}

# warm every path up first (the JIT compiles the hot paths of all three JVMs), then measure
t=$(token)
for url in http://localhost:8081 http://localhost:8080 http://localhost:8090; do
  wrk -t2 -c"$connections" -d20s -H "Authorization: Bearer $t" "$url/api/v1/people" > /dev/null
done

echo "wrk -t2 -c$connections -d${duration}s, GET /api/v1/people with a bearer token, $(nproc) cores"
echo "| path     | requests/s | p50      | p99      | non-2xx |"
echo "| -------- | ---------- | -------- | -------- | ------- |"
run direct http://localhost:8081
run gateway http://localhost:8080
run nginx http://localhost:8090
run direct http://localhost:8081
run gateway http://localhost:8080
