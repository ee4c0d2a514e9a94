#!/bin/sh
# Builds the plugin jars of this folder against plugin API 1.0.0: the API's sources as
# they were in the commit before 1.1.0 (e71b0e9^), compiled here, never the current API.
# Run from anywhere inside the repository; it rewrites the two jars beside this script.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git -C "$repo" archive e71b0e9^ plugins/plugin-api/src/main/java | tar -x -C "$work"
grep -q 'VERSION = "1.0.0"' "$work/plugins/plugin-api/src/main/java/io/revcycle/plugin/api/PluginApi.java"
javac --release 17 -d "$work/api" $(find "$work/plugins/plugin-api/src/main/java" -name '*.java')
javac --release 17 -cp "$work/api" -d "$work/classes" $(find "$here/src" -name '*.java')

# jar <id> <factory class> <classes...>: the manifest the parent pom writes, and the
# service file naming the factory; entries dated 2000-01-01 like the test kit's PluginJar
jar_of() {
	id=$1; factory=$2; shift 2
	mkdir -p "$work/$id/META-INF/services"
	printf 'Plugin-Id: %s\nPlugin-Version: 1.0.0\nPlugin-Requires: >=1.0.0 & <2.0.0\nPlugin-Provider: Revcycle test kit\n' \
		"$id" > "$work/$id.mf"
	echo "$factory" > "$work/$id/META-INF/services/io.revcycle.plugin.api.ConnectorFactory"
	for class in "$@"; do
		(cd "$work/classes" && find . -path "./$class*.class" | while read -r file; do
			mkdir -p "$work/$id/$(dirname "$file")" && cp "$file" "$work/$id/$file"; done)
	done
	rm -f "$here/connector-$id-1.0.0.jar"
	jar --create --date=2000-01-01T00:00:00Z --file "$here/connector-$id-1.0.0.jar" --manifest "$work/$id.mf" \
		-C "$work/$id" .
}

jar_of legacy io.revcycle.legacy.LegacyConnectorFactory io/revcycle/legacy/LegacyConnectorFactory
jar_of legacy-lambda io.revcycle.legacy.LegacyLambdaConnectorFactory io/revcycle/legacy/LegacyLambdaConnectorFactory
sha256sum "$here"/*.jar
