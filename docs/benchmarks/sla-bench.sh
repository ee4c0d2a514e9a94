#!/usr/bin/env bash
# The SLA clock's benchmark: two platform processes on one database, N open timers not due, D timers coming due over a
# window; prints the lag between due time and recorded breach (p50, p99, max).
# Usage: docs/benchmarks/sla-bench.sh [open timers 1000000] [due timers 20000] [window seconds 60]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -Dspring-javaformat.skip=true install -DskipTests
./mvnw -B -q -Dspring-javaformat.skip=true -pl platform test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xmx1g -cp "platform/target/test-classes:platform/target/classes:$(cat platform/target/bench.classpath)" \
  io.revcycle.bench.SlaBenchmark "$@"
