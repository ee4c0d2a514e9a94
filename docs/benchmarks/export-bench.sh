#!/usr/bin/env bash
# The export benchmark: GET /api/v1/export of a large tenant, plain and gzip, with the platform's heap sampled, against
# PostgreSQL's own COPY of the same records as a reference. Uses the local PostgreSQL and Redis (else embedded) and
# the Keycloak distribution, like the tests; the platform runs from its jar in a database of its own.
# Usage: docs/benchmarks/export-bench.sh [people 1000000] [activities 10000000]
# The platform's heap is capped by PLATFORM_JAVA_OPTIONS (default -Xmx256m), to show the export's memory stays flat.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -Dspring-javaformat.skip=true -pl platform -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
JAVA_TOOL_OPTIONS="${PLATFORM_JAVA_OPTIONS:--Xmx256m}" exec java -Xmx2g -cp "platform/target/test-classes:platform/target/classes:$(cat platform/target/bench.classpath)" \
  io.revcycle.bench.ExportBenchmark "$@"
