#!/usr/bin/env bash
# Runs the console on its embedded database (H2 under ./data, or CONSOLE_DATA_DIR).
# Finds a JDK 21+, builds the jar when it is missing or older than the sources, then starts it.
# Extra arguments go to the app, e.g. ./run.sh --server.port=9090
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

# shellcheck source=scripts/jdk.sh
source scripts/jdk.sh
use_jdk21

jar=console-app/target/console.jar
stale() {
  [ ! -f "$jar" ] && return 0
  [ -n "$(find . \( -name target -o -name node_modules -o -path ./console-app/src/main/frontend -o -name .git \) -prune \
            -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$jar" -print -quit)" ]
}
if stale; then
  echo "Building $jar with $JAVA_HOME (a few minutes the first time)..."
  quiet_maven_on_new_jdks
  mvn -B -q -DskipTests package
fi
# Start from the extracted jar with the JVM options of scripts/launch.sh (DD015): on JDK 25 an ahead-of-time
# cache, on 21-24 a class-data-sharing archive. The first start records it and writes it when the console
# stops (that start and that stop are slower); later starts load classes, linked, from it.
app=console-app/target/app
if [ ! -f "$app/console.jar" ] || [ "$jar" -nt "$app/console.jar" ]; then
  rm -rf "$app"
  java -Djarmode=tools -jar "$jar" extract --destination "$app" >/dev/null
fi
# shellcheck source=scripts/launch.sh
source scripts/launch.sh
launch_options "$app"
exec java "${launch_opts[@]}" -jar "$app/console.jar" "$@"
