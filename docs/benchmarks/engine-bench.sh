#!/usr/bin/env bash
# The engine's benchmark: ingest through POST /api/v1/events next to PostgreSQL COPY of the same rows, then the
# rescoring of a large tenant after a model is activated. Uses the local PostgreSQL and Redis (else embedded) and the
# Keycloak distribution, like the tests; the platform runs from its jar in a database of its own, dropped at the end.
# Usage: docs/benchmarks/engine-bench.sh [persons 50000] [events 200000] [people to rescore 1000000] [clients 2]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -Dspring-javaformat.skip=true install -DskipTests
./mvnw -B -q -Dspring-javaformat.skip=true -pl platform test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xmx2g -cp "platform/target/test-classes:platform/target/classes:$(cat platform/target/bench.classpath)" \
  io.revcycle.bench.EngineBenchmark "$@"
