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
exec java -jar "$jar" "$@"
