#!/usr/bin/env bash
# Runs the console on its embedded database (H2 under ./data, or CONSOLE_DATA_DIR).
# Finds a JDK 21+, builds the jar when it is missing or older than the sources, then starts it.
# Extra arguments go to the app, e.g. ./run.sh --server.port=9090
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# shellcheck source=scripts/jdk.sh
source scripts/jdk.sh
use_jdk21
quiet_maven_on_new_jdks

jar=console-app/target/console.jar
stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find . \( -name target -o -name node_modules -o -path ./console-app/src/main/frontend -o -name .git \) -prune \
            -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" -print -quit)" ]
}
if stale; then
  echo "Building $jar with $JAVA_HOME (a few minutes the first time)..."
  mvn -B -q -DskipTests package
fi
# Start from the extracted jar with a class-data-sharing archive: the first start writes the archive
# when the console stops, later starts load classes from it (about half the start-up time here).
app=console-app/target/app
if [ ! -f "$app/console.jar" ] || [ "$jar" -nt "$app/console.jar" ]; then
  rm -rf "$app"
  java -Djarmode=tools -jar "$jar" extract --destination "$app" >/dev/null
fi
exec java -XX:SharedArchiveFile="$app/console.jsa" -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off \
  -jar "$app/console.jar" "$@"
