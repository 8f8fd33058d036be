#!/usr/bin/env bash
# Measures the console shell on this machine and prints a small table:
#   - size of console-app/target/console.jar (built if missing)
#   - time from `java -jar` to the first answered HTTP request and to readiness, $RUNS times
#     (fresh data folder, bootstrap Owner set, random free port), with the median
#   - heap used after start-up, after a full GC (jcmd GC.run + GC.heap_info)
#   - heap used after $SESSIONS signed-in sessions, each with a live Vaadin UI on the dashboard
# Talks to 127.0.0.1 only and stops the console it starts. Usage: scripts/measure.sh
# Knobs: RUNS (3), SESSIONS (50), JAVA_OPTS (none: the JVM's defaults),
#        LAUNCH (jar: the fat jar as built; cds: the jar extracted with Spring Boot's jarmode tools and
#        started with a class-data-sharing archive trained by one untimed start, as ./run.sh does).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=jdk.sh
source scripts/jdk.sh
use_jdk21
quiet_maven_on_new_jdks

RUNS=${RUNS:-3}
SESSIONS=${SESSIONS:-50}
JAVA_OPTS=${JAVA_OPTS:-}
OWNER=owner@example.com
PASSWORD=measure-password-0123
JAR=console-app/target/console.jar
LAUNCH=${LAUNCH:-jar}

for tool in curl jcmd; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed" >&2; exit 1; }
done
if [ ! -f "$JAR" ]; then
  echo "Building $JAR..." >&2
  mvn -B -q -DskipTests package
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/console-measure.XXXXXX")
app_pid=""
stop_app() {
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=""
}
trap 'stop_app; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; }
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f MiB", kb / 1024 }'; }

free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

# Starts the console on a fresh data folder; sets app_pid, base, log, launched_ms.
start_app() {
  local dir="$work/$1" port
  mkdir -p "$dir/data"
  port=$(free_port)
  base="http://127.0.0.1:$port"
  log="$dir/console.log"
  launched_ms=$(now_ms)
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
  CONSOLE_DATA_DIR="$dir/data" CONSOLE_PLUGINS_DIR="$dir/plugins" \
    CONSOLE_BOOTSTRAP_OWNER_EMAIL="$OWNER" CONSOLE_BOOTSTRAP_OWNER_PASSWORD="$PASSWORD" \
    java $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$port" >"$log" 2>&1 &
  app_pid=$!
}

# Polls readiness every 50 ms; sets first_answer_ms (any HTTP status) and ready_ms (200).
wait_ready() {
  local code deadline=$(( $(now_ms) + 300000 ))
  first_answer_ms=""
  ready_ms=""
  while [ -z "$ready_ms" ]; do
    if ! kill -0 "$app_pid" 2>/dev/null; then
      echo "error: the console exited during start-up; its log ends with:" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    [ "$(now_ms)" -lt "$deadline" ] || { echo "error: not ready after 300 s ($log)" >&2; exit 1; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/actuator/health/readiness" || true)
    if [ "$code" != "000" ] && [ -z "$first_answer_ms" ]; then
      first_answer_ms=$(( $(now_ms) - launched_ms ))
    fi
    if [ "$code" = "200" ]; then
      ready_ms=$(( $(now_ms) - launched_ms ))
    else
      sleep 0.05
    fi
  done
}

# Heap used after a full GC, in KiB (G1 and Serial print "used NNNK" on their heap line).
heap_used_kb() {
  jcmd "$app_pid" GC.run >/dev/null
  jcmd "$app_pid" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -n 1
}
heap_committed_kb() {
  jcmd "$app_pid" GC.heap_info | sed -n 's/.* committed \([0-9]*\)K.*/\1/p' | head -n 1
}
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$app_pid/status"; }
live_count() {
  jcmd "$app_pid" GC.class_histogram | awk -v c="$1" '$4 == c { n += $2 } END { print n + 0 }'
}

# One person signing in over HTTP like the login form does, then opening the dashboard the way
# Vaadin's client does (init request, then the ui-navigate event), so that a UI really exists.
sign_in_session() {
  local jar="$work/cookies-$1" csrf status init ui_id key reply
  csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*<meta name="_csrf" content="\([^"]*\)".*/\1/p' | head -n 1)
  [ -n "$csrf" ] || { echo "error: no CSRF token on /login" >&2; exit 1; }
  status=$(curl -s -o /dev/null -c "$jar" -b "$jar" -w '%{http_code} %{redirect_url}' \
    --data-urlencode "username=$OWNER" --data-urlencode "password=$PASSWORD" --data-urlencode "_csrf=$csrf" "$base/login")
  [ "$status" = "302 $base/" ] || { echo "error: sign-in $1 answered '$status'" >&2; exit 1; }
  status=$(curl -s -o /dev/null -c "$jar" -b "$jar" -w '%{http_code}' "$base/")
  [ "$status" = "200" ] || { echo "error: GET / after sign-in $1 answered $status, not the app page" >&2; exit 1; }
  init=$(curl -s -c "$jar" -b "$jar" "$base/?v-r=init&location=&query=")
  ui_id=$(printf '%s' "$init" | grep -o '"v-uiId":[0-9]*' | head -n 1 | cut -d: -f2)
  key=$(printf '%s' "$init" | grep -o '"Vaadin-Security-Key":"[^"]*"' | head -n 1 | cut -d'"' -f4)
  [ -n "$ui_id" ] && [ -n "$key" ] || { echo "error: no Vaadin UI for session $1" >&2; exit 1; }
  reply=$(curl -s -c "$jar" -b "$jar" -H 'Content-Type: application/json' "$base/?v-r=uidl&v-uiId=$ui_id" \
    --data "{\"csrfToken\":\"$key\",\"rpc\":[{\"type\":\"event\",\"node\":1,\"event\":\"ui-navigate\",\"data\":{\"route\":\"\",\"query\":\"\",\"appShellTitle\":\"\",\"historyState\":{\"idx\":0},\"trigger\":\"\"}}],\"syncId\":0,\"clientId\":0}")
  case "$reply" in
    *"Welcome, "*) ;;
    *) echo "error: session $1 did not render the dashboard" >&2; exit 1 ;;
  esac
}

jdk_version=$(java_version "$JAVA_HOME/bin/java")
echo "Console shell measurements, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Machine: $(nproc) cores, $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JDK: $jdk_version ($JAVA_HOME); JVM options: ${JAVA_OPTS:-none (defaults)}"
echo

jar_bytes=$(stat -c %s "$JAR")
if [ "$LAUNCH" = cds ]; then
  java -Djarmode=tools -jar "$JAR" extract --destination "$work/app" >/dev/null
  JAR="$work/app/console.jar"
  JAVA_OPTS="$JAVA_OPTS -XX:SharedArchiveFile=$work/app.jsa -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off"
  start_app training   # untimed: the archive is written when this JVM exits
  wait_ready
  stop_app
fi
echo "launch: $LAUNCH ($JAR)"
startups=()
rows=()
for run in $(seq 1 "$RUNS"); do
  start_app "run-$run"
  wait_ready
  spring=$(sed -n 's/.*Started ConsoleApplication in \([0-9.]*\) seconds.*/\1/p' "$log" | head -n 1)
  rows+=("| start-up, run $run | first HTTP answer $(secs "$first_answer_ms"), ready $(secs "$ready_ms") (Spring's own count: ${spring:-?} s) |")
  startups+=("$first_answer_ms")
  if [ "$run" -lt "$RUNS" ]; then
    stop_app
  fi
done
median=$(printf '%s\n' "${startups[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }')

# Heap figures on the last run's console.
sleep 2
heap_start=$(heap_used_kb)
committed_start=$(heap_committed_kb)
rss_start=$(rss_kb)
t0=$(now_ms)
for i in $(seq 1 "$SESSIONS"); do
  sign_in_session "$i"
done
sessions_ms=$(( $(now_ms) - t0 ))
heap_sessions=$(heap_used_kb)
committed_sessions=$(heap_committed_kb)
rss_sessions=$(rss_kb)
uis=$(live_count com.vaadin.flow.component.UI)
dashboards=$(live_count dev.vlmconsole.app.dashboard.DashboardView)
http_sessions=$(live_count org.apache.catalina.session.StandardSession)
stop_app

echo "| measure | value |"
echo "| --- | --- |"
echo "| jar size | $(awk -v b="$jar_bytes" 'BEGIN { printf "%.1f MiB (%d bytes)", b / 1048576, b }') |"
printf '%s\n' "${rows[@]}"
echo "| start-up, median of $RUNS (first HTTP answer) | $(secs "$median") |"
echo "| heap used after start-up (after full GC) | $(mib "$heap_start") (committed $(mib "$committed_start"), process RSS $(mib "$rss_start")) |"
echo "| heap used with $SESSIONS signed-in sessions (after full GC) | $(mib "$heap_sessions") (committed $(mib "$committed_sessions"), process RSS $(mib "$rss_sessions")) |"
echo "| heap per signed-in session | $(awk -v a="$heap_start" -v b="$heap_sessions" -v n="$SESSIONS" 'BEGIN { printf "%.0f KiB", (b - a) / n }') |"
echo "| live after the sessions | $http_sessions HTTP sessions, $uis Vaadin UIs, $dashboards dashboard views |"
echo "| time for $SESSIONS sign-ins + dashboard renders | $(secs "$sessions_ms") (bcrypt check included, one at a time) |"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows start-up)"
