#!/usr/bin/env bash
# The fault harness of docs/reliability.md: kills, stops and floods a stack of its own (a private PostgreSQL and Redis
# on other ports, see docs/private-services.sh; the platform and gateway as processes on free ports; the embedded
# Keycloak), never a developer's services on 5432 and 6379. Every scenario is bounded in time and stops by itself.
# Usage: docs/reliability.sh [scenario ...]   scenarios: kill9 postgres redis webhooks plugins sla-outbox load (default: all)
#   REVCYCLE_FAULT_LOAD_SECONDS  how long the 20-tenant load runs (default 120; the full run is 600)
set -euo pipefail
cd "$(dirname "$0")/.."
. docs/private-services.sh
# one reactor build: the platform and gateway jars, the platform's test classes and their classpath (nothing installed)
./mvnw -B -q -Dspring-javaformat.skip=true -pl platform,gateway -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
start_private_services
trap stop_private_services EXIT
pg_stop="$(declare -f as_postgres private_pg_ctl); private_dir=$private_dir; \
private_pg_port=$private_pg_port; private_pg_bin=$private_pg_bin; private_pg_ctl -m fast stop"
pg_start="$(declare -f as_postgres private_pg_ctl); private_dir=$private_dir; private_pg_port=$private_pg_port; \
private_pg_bin=$private_pg_bin; private_pg_ctl -w start"
redis_stop="redis-cli -p $private_redis_port shutdown nosave"
redis_start="redis-server --port $private_redis_port --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
--pidfile $private_dir/redis.pid --logfile $private_dir/redis.log"
java -Xmx1g -cp "platform/target/test-classes:platform/target/classes:$(cat platform/target/bench.classpath)" \
  "-Drevcycle.faults.pg-stop=$pg_stop" "-Drevcycle.faults.pg-start=$pg_start" \
  "-Drevcycle.faults.redis-stop=$redis_stop" "-Drevcycle.faults.redis-start=$redis_start" \
  "-Drevcycle.faults.load-seconds=${REVCYCLE_FAULT_LOAD_SECONDS:-120}" \
  io.revcycle.bench.FaultHarness "$@"
