#!/usr/bin/env bash
# The SLA clock's benchmark: two platform processes on one database, N open timers not due, D timers coming due over a
# window (0: all due at once); prints the lag between due time and the breach step running and committing (p50, p99,
# max) and the throughput.
# Usage: docs/benchmarks/sla-bench.sh [open timers 1000000] [due timers 20000] [window seconds 60]
set -euo pipefail
cd "$(dirname "$0")/../.."
# one reactor build: the platform jar, its test classes and their classpath (nothing installed)
./mvnw -B -q -Dspring-javaformat.skip=true -pl platform -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xmx1g -cp "platform/target/test-classes:platform/target/classes:$(cat platform/target/bench.classpath)" \
  io.revcycle.bench.SlaBenchmark "$@"
