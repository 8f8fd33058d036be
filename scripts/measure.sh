#!/usr/bin/env bash
# Measures the console shell on this machine and prints a small table:
#   - size of console-app/target/console.jar (built if missing)
#   - time from launch to the first answer of /login and to readiness, $RUNS times (fresh data folder,
#     bootstrap Owner set, random free port), with the median; also the CPU time the process used until
#     that first answer (user + system, its children included), steadier than wall time on a busy machine
#   - heap used and process RSS after start-up, after a full GC (jcmd GC.run + GC.heap_info)
#   - heap used after $SESSIONS signed-in sessions, each with a live Vaadin UI on the dashboard
# Talks to 127.0.0.1 only and stops the console it starts. Usage: scripts/measure.sh
# Knobs: RUNS (3), SESSIONS (50), JAVA_OPTS (none: the JVM's defaults; ignored by LAUNCH=runsh),
#        LAUNCH  jar:   `java -jar console.jar`, the fat jar as built, the JVM's defaults; a jar that starts the
#                       console in a second JVM (DD019) is measured as both processes (CPU, RSS), after one
#                       untimed start and stop that records its cache next to the jar (<jar>-start/), as a
#                       person's first start does (timed separately: "training start");
#                runsh: `./run.sh` itself (its JVM options, its ahead-of-time cache or CDS archive, see
#                       DD015), after one untimed start and stop that writes the cache, as a person's
#                       first start does;
#                cds:   the jar extracted with Spring Boot's jarmode tools and a dynamic CDS archive, no
#                       other option: what ./run.sh did before issue 7.
#        COMMIT  a commit (e.g. c5e81ac) to measure instead of this checkout: built once in a temporary
#                worktree under ${TMPDIR:-/tmp}/console-measure-<commit> (kept for the next call);
#                LAUNCH=runsh then runs that commit's run.sh.
#        JAR     a console.jar to measure instead (LAUNCH=jar or cds), e.g. one kept from an earlier build.
#        KEEP_CACHE=1 (LAUNCH=runsh or jar) uses the cache run.sh or the jar already wrote instead of a new
#                training start.
# Side by side: `COMMIT=c5e81ac LAUNCH=jar scripts/measure.sh` and `LAUNCH=jar scripts/measure.sh`, alternately.
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
LAUNCH=${LAUNCH:-jar}
COMMIT=${COMMIT:-}
case "$LAUNCH" in jar | cds | runsh) ;; *) echo "error: LAUNCH is jar, runsh or cds, not '$LAUNCH'" >&2; exit 2 ;; esac

# The checkout whose jar (and run.sh) is measured: this one, or a worktree of COMMIT.
checkout=$PWD
if [ -n "$COMMIT" ]; then
  sha=$(git rev-parse --short=12 "$COMMIT^{commit}")
  checkout="${TMPDIR:-/tmp}/console-measure-$sha"
  if [ ! -f "$checkout/console-app/target/console.jar" ]; then
    [ -d "$checkout" ] || git worktree add --detach "$checkout" "$sha" >/dev/null
    echo "Building $sha in $checkout..." >&2
    (cd "$checkout" && mvn -B -q -o -DskipTests package -pl console-app -am)
  fi
fi
JAR=${JAR:-$checkout/console-app/target/console.jar}

for tool in curl jcmd; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed" >&2; exit 1; }
done
if [ ! -f "$JAR" ]; then
  echo "Building $JAR..." >&2
  (cd "$checkout" && mvn -B -q -DskipTests package)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/console-measure.XXXXXX")
app_pid=""
stop_app() { # [seconds to wait before kill -9 (20)]
  if [ -n "$app_pid" ] && kill -0 "$app_pid" 2>/dev/null; then
    kill "$app_pid" 2>/dev/null || true
    for _ in $(seq 1 $(( ${1:-20} * 5 ))); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.2; done
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
  # the bootstrap Owner is also the install's first operator (DD024), who would be sent to set up two-factor
  # sign-in first; the sessions measured here are a member's, so that requirement is off
  if [ "$LAUNCH" = runsh ]; then
    # run.sh execs java: $! is the JVM
    CONSOLE_DATA_DIR="$dir/data" CONSOLE_PLUGINS_DIR="$dir/plugins" \
      CONSOLE_BOOTSTRAP_OWNER_EMAIL="$OWNER" CONSOLE_BOOTSTRAP_OWNER_PASSWORD="$PASSWORD" \
      "$checkout/run.sh" --server.address=127.0.0.1 --server.port="$port" \
      --console.security.operators-require-two-factor=false >"$log" 2>&1 &
  else
    # shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
    CONSOLE_DATA_DIR="$dir/data" CONSOLE_PLUGINS_DIR="$dir/plugins" \
      CONSOLE_BOOTSTRAP_OWNER_EMAIL="$OWNER" CONSOLE_BOOTSTRAP_OWNER_PASSWORD="$PASSWORD" \
      java $JAVA_OPTS -jar "$JAR" --server.address=127.0.0.1 --server.port="$port" \
      --console.security.operators-require-two-factor=false >"$log" 2>&1 &
  fi
  app_pid=$!
}

# The launched process and all its descendants (a jar that relaunches itself runs the console in a child JVM).
tree_pids() {
  local pids=("$app_pid") i=0 child
  while [ "$i" -lt "${#pids[@]}" ]; do
    for child in $(ps -o pid= --ppid "${pids[$i]}" 2>/dev/null); do pids+=("$child"); done
    i=$((i + 1))
  done
  echo "${pids[@]}"
}
# The console's JVM: the process of the tree with the largest resident size (jcmd talks to it).
console_pid() {
  local pid best="$app_pid" best_rss=0 rss
  for pid in $(tree_pids); do
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
    if [ "${rss:-0}" -gt "$best_rss" ]; then best=$pid; best_rss=$rss; fi
  done
  echo "$best"
}

# CPU time (user + system, waited-for children included) the console's processes have used, in ms.
cpu_ms() {
  local pid
  for pid in $(tree_pids); do cat "/proc/$pid/stat" 2>/dev/null || true; done |
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); n += $12 + $13 + $14 + $15 } END { print int(n * 1000 / hz) }'
}

# Polls /login every 50 ms until it answers (any HTTP status), then readiness until it answers 200;
# sets first_answer_ms, first_answer_cpu_ms and ready_ms.
wait_ready() {
  local code deadline=$(( $(now_ms) + 300000 ))
  first_answer_ms=""
  first_answer_cpu_ms=""
  ready_ms=""
  while [ -z "$ready_ms" ]; do
    if ! kill -0 "$app_pid" 2>/dev/null; then
      echo "error: the console exited during start-up; its log ends with:" >&2
      tail -n 30 "$log" >&2
      exit 1
    fi
    [ "$(now_ms)" -lt "$deadline" ] || { echo "error: not ready after 300 s ($log)" >&2; exit 1; }
    if [ -z "$first_answer_ms" ]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/login" || true)
      if [ "$code" != "000" ]; then
        first_answer_ms=$(( $(now_ms) - launched_ms ))
        first_answer_cpu_ms=$(cpu_ms)
      else
        sleep 0.05
      fi
      continue
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/actuator/health/readiness" || true)
    if [ "$code" = "200" ]; then
      ready_ms=$(( $(now_ms) - launched_ms ))
    else
      sleep 0.05
    fi
  done
}

# Heap used after a full GC, in KiB: G1's heap line, or the sum of the serial collector's generations.
heap_used_kb() {
  jcmd "$(console_pid)" GC.run >/dev/null
  jcmd "$(console_pid)" GC.heap_info | awk '/garbage-first heap|^ *(DefNew|Tenured)|generation/ && match($0, / used [0-9]+K/) {
    n += substr($0, RSTART + 6, RLENGTH - 7) } END { print n + 0 }'
}
heap_committed_kb() {
  jcmd "$(console_pid)" GC.heap_info | awk '
    /garbage-first heap/ && match($0, / committed [0-9]+K/) { n += substr($0, RSTART + 11, RLENGTH - 12) }
    /^ *(DefNew|Tenured)|generation/ && match($0, / total [0-9]+K/) { n += substr($0, RSTART + 7, RLENGTH - 8) } END { print n + 0 }'
}
# Resident size of all the console's processes together, in KiB.
rss_kb() {
  local pid
  for pid in $(tree_pids); do cat "/proc/$pid/status" 2>/dev/null || true; done | awk '/^VmRSS:/ { n += $2 } END { print n + 0 }'
}
# The same, per process: "<pid>: <MiB>, ..."
rss_each() {
  local pid
  for pid in $(tree_pids); do
    awk -v p="$pid" '/^VmRSS:/ { printf "%s%.1f", sep, $2 / 1024; sep = ", " }' "/proc/$pid/status" 2>/dev/null || true
    printf ' '
  done
}
live_count() {
  jcmd "$(console_pid)" GC.class_histogram | awk -v c="$1" '$4 == c { n += $2 } END { print n + 0 }'
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
if [ "$LAUNCH" = runsh ]; then
  echo "JDK: $jdk_version ($JAVA_HOME); JVM options: those of $checkout/run.sh"
else
  echo "JDK: $jdk_version ($JAVA_HOME); JVM options: ${JAVA_OPTS:-none (defaults)}"
fi
echo "Commit: $(git -C "$checkout" log -1 --format='%h %s' 2>/dev/null | cut -c1-100)"
echo

jar_bytes=$(stat -c %s "$JAR")
if [ "$LAUNCH" = cds ]; then
  java -Djarmode=tools -jar "$JAR" extract --destination "$work/app" >/dev/null
  JAR="$work/app/console.jar"
  JAVA_OPTS="$JAVA_OPTS -XX:SharedArchiveFile=$work/app.jsa -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off"
fi
if [ "$LAUNCH" = runsh ] && [ -z "${KEEP_CACHE:-}" ]; then
  # run.sh keeps its cache beside the extracted jar: start from none, as after a fresh clone and build
  rm -rf "$checkout/console-app/target/app"
fi
if [ "$LAUNCH" = jar ] && [ -z "${KEEP_CACHE:-}" ]; then
  # a jar that relaunches itself (DD019) keeps its extracted copy and cache in <jar>-start/: start from none
  rm -rf "${JAR%.jar}-start"
fi
if [ "$LAUNCH" = cds ] || [ -z "${KEEP_CACHE:-}" ]; then
  start_app training   # the archive or cache is written when this JVM exits
  wait_ready
  sleep 2
  training_rss=$(rss_kb)
  stop_app 600         # writing an ahead-of-time cache takes a while on a busy machine
  echo "training start (writes the cache): first answer $(secs "$first_answer_ms") (CPU $(secs "$first_answer_cpu_ms")), RSS $(mib "$training_rss")"
fi
echo "launch: $LAUNCH ($JAR)"
startups=()
cpus=()
rows=()
for run in $(seq 1 "$RUNS"); do
  start_app "run-$run"
  wait_ready
  spring=$(sed -n 's/.*Started ConsoleApplication in \([0-9.]*\) seconds.*/\1/p' "$log" | head -n 1)
  rows+=("| start-up, run $run | first answer of /login $(secs "$first_answer_ms") (CPU $(secs "$first_answer_cpu_ms")), ready $(secs "$ready_ms") (Spring's own count: ${spring:-?} s) |")
  startups+=("$first_answer_ms")
  cpus+=("$first_answer_cpu_ms")
  if [ "$run" -lt "$RUNS" ]; then
    stop_app
  fi
done
median_of() {
  printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'
}
median=$(median_of "${startups[@]}")
median_cpu=$(median_of "${cpus[@]}")

# Heap figures on the last run's console.
sleep 2
rss_before_gc=$(rss_kb)
rss_before_gc_each=$(rss_each)
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
echo "| start-up, median of $RUNS (first answer of /login) | $(secs "$median") (CPU $(secs "$median_cpu")) |"
echo "| process RSS 2 s after readiness (before any forced GC) | $(mib "$rss_before_gc") (per process, MiB: $rss_before_gc_each) |"
echo "| heap used after start-up (after full GC) | $(mib "$heap_start") (committed $(mib "$committed_start"), process RSS $(mib "$rss_start")) |"
echo "| heap used with $SESSIONS signed-in sessions (after full GC) | $(mib "$heap_sessions") (committed $(mib "$committed_sessions"), process RSS $(mib "$rss_sessions")) |"
echo "| heap per signed-in session | $(awk -v a="$heap_start" -v b="$heap_sessions" -v n="$SESSIONS" 'BEGIN { printf "%.0f KiB", (b - a) / n }') |"
echo "| live after the sessions | $http_sessions HTTP sessions, $uis Vaadin UIs, $dashboards dashboard views |"
echo "| time for $SESSIONS sign-ins + dashboard renders | $(secs "$sessions_ms") (bcrypt check included, one at a time) |"
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows start-up)"
