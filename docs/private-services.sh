# Private PostgreSQL and Redis for the benchmarks and fault scenarios that load, stop or restart them: their own
# cluster and server on other ports, so a developer's (or a colleague's) services on 5432 and 6379 are never touched.
# Sourced by docs/reliability.sh and docs/benchmarks/webhook-fairness-bench.sh.
#   REVCYCLE_FAULT_DIR         where the cluster, sockets and logs live (default /tmp/revcycle-private)
#   REVCYCLE_FAULT_PG_PORT     the private PostgreSQL's port (default 5433)
#   REVCYCLE_FAULT_REDIS_PORT  the private Redis's port (default 6380)
private_dir=${REVCYCLE_FAULT_DIR:-/tmp/revcycle-private}
private_pg_port=${REVCYCLE_FAULT_PG_PORT:-5433}
private_redis_port=${REVCYCLE_FAULT_REDIS_PORT:-6380}
private_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$private_pg_bin" ] || private_pg_bin=$(dirname "$(command -v pg_ctl)")

# PostgreSQL refuses to run as root: run its tools as the postgres user then
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

private_pg_ctl() {
  as_postgres "$private_pg_bin/pg_ctl" -D "$private_dir/pg" -l "$private_dir/pg.log" \
    -o "-p $private_pg_port -k $private_dir -c listen_addresses=127.0.0.1 -c max_connections=200" "$@"
}

start_private_services() {
  for port in "$private_pg_port" "$private_redis_port"; do
    if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Port $port is in use: choose free ports with REVCYCLE_FAULT_PG_PORT / REVCYCLE_FAULT_REDIS_PORT" >&2
      return 1
    fi
  done
  mkdir -p "$private_dir"
  chmod 777 "$private_dir"
  if [ ! -f "$private_dir/pg/PG_VERSION" ]; then
    as_postgres "$private_pg_bin/initdb" -D "$private_dir/pg" -A trust -U postgres > "$private_dir/initdb.log"
  fi
  private_pg_ctl -w start > /dev/null
  redis-server --port "$private_redis_port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --pidfile "$private_dir/redis.pid" --logfile "$private_dir/redis.log"
  export REVCYCLE_POSTGRES_HOST=127.0.0.1 REVCYCLE_POSTGRES_PORT=$private_pg_port REVCYCLE_POSTGRES_USER=postgres
  export REVCYCLE_REDIS_HOST=127.0.0.1 REVCYCLE_REDIS_PORT=$private_redis_port
  echo "Private PostgreSQL on 127.0.0.1:$private_pg_port and Redis on 127.0.0.1:$private_redis_port ($private_dir)"
}

stop_private_services() {
  redis-cli -p "$private_redis_port" shutdown nosave > /dev/null 2>&1 || true
  private_pg_ctl -m fast stop > /dev/null 2>&1 || true
}
