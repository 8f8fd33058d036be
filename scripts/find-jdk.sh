# Sourced by scripts: exports JAVA_HOME for the newest JDK 21+ under /usr/lib/jvm (or the current one).
find_jdk() {
  local best="" best_major=0 java major
  for java in "${JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/*/bin/java; do
    [ -x "$java" ] || continue
    major=$("$java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best_major=$major
      best=$(dirname "$(dirname "$java")")
    fi
  done
  if [ -z "$best" ]; then
    echo "No JDK 21 or newer found under /usr/lib/jvm; install one (e.g. apt-get install openjdk-21-jdk-headless)." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
