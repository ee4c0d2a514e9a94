#!/usr/bin/env bash
# One tenant's dead webhook endpoints with a backlog against another tenant's webhook latency and API throughput, on a
# private PostgreSQL and Redis (docs/private-services.sh), never the shared ones.
# Usage: docs/benchmarks/webhook-fairness-bench.sh [backlog 1000000] [dead endpoints 30] [seconds per phase 60]
set -euo pipefail
cd "$(dirname "$0")/../.."
. docs/private-services.sh
# one reactor build: the platform jar, its test classes and their classpath (nothing installed)
./mvnw -B -q -Dspring-javaformat.skip=true -pl platform -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
start_private_services
trap stop_private_services EXIT
java -Xmx1g -cp "platform/target/test-classes:platform/target/classes:$(cat platform/target/bench.classpath)" \
  io.revcycle.bench.WebhookFairnessBenchmark "$@"
