# shellcheck shell=bash
# Sourced by run.sh, .ci/run and scripts/measure.sh. `use_jdk21` exports JAVA_HOME and PATH for
# the newest JDK 21+ under /usr/lib/jvm (or $JVM_DIR; a JAVA_HOME that already points at a JDK 21+ is kept),
# or exits with a message. The default `java` of a machine may be older, so it is never trusted.

# "25.0.3", "21.0.5", "1.8.0_392"... as printed by `java -version`; nothing if it does not run. Read from the
# JDK's `release` file when there is one (starting a JVM per JDK only to ask costs a good part of a second).
java_version() {
  local release v
  release="$(dirname "$1")/../release"
  if [ -x "$1" ] && [ -f "$release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release" | head -n 1)
    if [ -n "$v" ]; then
      echo "$v"
      return 0
    fi
  fi
  "$1" -version 2>&1 | sed -n 's/^[^ ]* version "\([^"]*\)".*/\1/p' | head -n 1
}

# The feature release (8, 17, 21, 25) of a version string.
java_major() {
  local v=$1
  case "$v" in 1.*) v=${v#1.} ;; esac
  echo "${v%%[.+_-]*}"
}

use_jdk21() {
  local v
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(java_version "$JAVA_HOME/bin/java")
    if [ -n "$v" ] && [ "$(java_major "$v")" -ge 21 ]; then
      export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  fi
  local java home best="" found="" root=${JVM_DIR:-/usr/lib/jvm}
  for java in "$root"/*/bin/java; do
    [ -x "$java" ] || continue
    home=$(cd "$(dirname "$java")/.." && pwd -P)
    [ -x "$home/bin/javac" ] || continue            # a JRE cannot build
    v=$(java_version "$home/bin/java")
    [ -n "$v" ] || continue
    found="$found $v"
    if [ "$(java_major "$v")" -ge 21 ]; then
      best=$(printf '%s\n%s %s\n' "$best" "$v" "$home" | sed '/^$/d' | sort -V | tail -n 1)
    fi
  done
  if [ -z "$best" ]; then
    echo "error: no JDK 21 or newer under $root (JDKs found:${found:- none})." >&2
    echo "       Install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to a JDK 21+." >&2
    exit 1
  fi
  export JAVA_HOME="${best#* }"
  export PATH="$JAVA_HOME/bin:$PATH"
}

# Maven's own Guava pokes sun.misc.Unsafe and JDK 24+ warns about it on every run; hush that.
quiet_maven_on_new_jdks() {
  if [ "$(java_major "$(java_version "$JAVA_HOME/bin/java")")" -ge 24 ]; then
    case "${MAVEN_OPTS:-}" in
      *sun-misc-unsafe-memory-access*) ;;
      *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
    esac
  fi
}
