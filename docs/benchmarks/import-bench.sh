#!/usr/bin/env bash
# The import benchmark: a people CSV imported as a background job (POST /api/v1/people/import with
# Prefer: respond-async), its rows per second from the job's start to its end, and the synchronous import of 3,000 rows
# beside it. Uses the local PostgreSQL and Redis (else embedded) and the Keycloak distribution, like the tests; the
# platform runs from its jar in a database of its own.
# Usage: docs/benchmarks/import-bench.sh [rows 100000]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -Dspring-javaformat.skip=true -pl platform -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xmx1g -cp "platform/target/test-classes:platform/target/classes:$(cat platform/target/bench.classpath)" \
  io.revcycle.bench.ImportBenchmark "$@"
