#!/usr/bin/env bash
# The console benchmark: server time of the SDR queue, a person's 360 view and campaign revenue, p50 and p95, measured
# at the console's own port by signed-in sessions after seeding the demo tenant through the public API.
# Needs the stack running: ./up in another terminal (it also writes the class path this script uses).
# Usage: docs/benchmarks/console-bench.sh [people to seed 100, 0 for none] [requests per page 200] [person id]
# Addresses: GATEWAY_URL (http://localhost:8080), CONSOLE_URL (http://localhost:8082), KEYCLOAK_URL (http://localhost:8180)
set -euo pipefail
cd "$(dirname "$0")/../.."
classpath=platform/test-support/target/up.classpath
[ -f "$classpath" ] || { echo "Run ./up first: it builds the stack and writes $classpath"; exit 1; }
exec java -cp "platform/test-support/target/classes:$(cat "$classpath")" docs/benchmarks/console/ConsoleBench.java "$@"
