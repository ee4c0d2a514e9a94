#!/usr/bin/env bash
# The revenue benchmark: the analytics reports over a large tenant, cold and warm, and the ingest rate without and
# with campaigns and payments. Uses the local PostgreSQL and Redis (else embedded) and the Keycloak distribution, like
# the tests; the platform runs from its jar in a database of its own.
# Usage: docs/benchmarks/revenue-bench.sh [people 1000000] [activities 10000000] [campaigns 200] [payments 100000]
#        [ingest events 100000] [requests per report 30]
set -euo pipefail
cd "$(dirname "$0")/../.."
# one reactor build: the platform's jar, its test classes, and the class path with the sibling modules' own builds
./mvnw -B -q -Dspring-javaformat.skip=true -pl platform -am package dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
exec java -Xmx2g -cp "platform/target/test-classes:platform/target/classes:$(cat platform/target/bench.classpath)" \
  io.revcycle.bench.RevenueBenchmark "$@"
