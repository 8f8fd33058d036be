#!/usr/bin/env bash
# One start of the console as ./run.sh starts it, measured with figures that a busy machine does not distort much
# (DD033; bench/RESULTS.md, "Start-up and memory before issue 10 (margin)"). Prints one line: time and CPU to the
# first answer of /login, resident memory 3 s after readiness (anonymous and file-backed) and about 15 s later,
# heap live after a full GC, threads, classes loaded outside the start-up cache. Keeps the process's smaps, thread
# dump and perf counters (and the NMT summary with NMT=1) in $OUT.
#
# Usage: bench/start-memory-probe.sh LABEL APP_DIR [extra JVM options...]
#   APP_DIR  an extracted jar (java -Djarmode=tools -jar console.jar extract --destination APP_DIR), e.g.
#            console-app/target/app after ./run.sh: its cache (console.aot or console.jsa) is used when present,
#            recorded by this start otherwise (JVM options of scripts/launch.sh, as ./run.sh)
# Knobs: OUT (/tmp), NMT=1 (native memory tracking), NOTRIM=1 (without DD033's -XX:TrimNativeHeapInterval, i.e. the
#        options before it), ENVS="MALLOC_ARENA_MAX=2 ..." (environment of the JVM), APPARGS (more console arguments,
#        e.g. --server.tomcat.threads.min-spare=10). To compare, alternate before and after starts.
# Talks to 127.0.0.1 only and stops the console it starts.
set -euo pipefail
label=$1; app=$(cd "$2" && pwd); shift 2
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=${OUT:-/tmp}
# shellcheck source=../scripts/jdk.sh
source scripts/jdk.sh
use_jdk21
# shellcheck source=../scripts/launch.sh
source scripts/launch.sh
launch_options "$app"
opts=()
for o in "${launch_opts[@]}"; do
  case "$o" in -XX:TrimNativeHeapInterval=*) [ -n "${NOTRIM:-}" ] && continue ;; esac
  opts+=("$o")
done
opts+=("$@")
[ -n "${NMT:-}" ] && opts+=(-XX:NativeMemoryTracking=summary)
work=$(mktemp -d "${TMPDIR:-/tmp}/console-probe.XXXXXX")
mkdir -p "$work/data"
port=$(( 20000 + RANDOM % 40000 ))
base=http://127.0.0.1:$port
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
t0=$(now_ms)
# shellcheck disable=SC2086 # ENVS and APPARGS are lists
env ${ENVS:-} CONSOLE_DATA_DIR="$work/data" CONSOLE_PLUGINS_DIR="$work/plugins" \
  CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@example.com CONSOLE_BOOTSTRAP_OWNER_PASSWORD=measure-password-0123 \
  java "${opts[@]}" -jar "$app/console.jar" --server.address=127.0.0.1 --server.port=$port \
  --console.security.operators-require-two-factor=false ${APPARGS:-} >"$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / hz) }' "/proc/$pid/stat"; }
while :; do
  kill -0 $pid 2>/dev/null || { echo "$label: the console exited; its log ends with:" >&2; tail -30 "$work/log" >&2; exit 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/login" || true)
  if [ "$code" != 000 ]; then first=$(( $(now_ms) - t0 )); cpu=$(cpu_ms); break; fi
  sleep 0.05
done
until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/actuator/health/readiness" || true)" = 200 ]; do
  sleep 0.1
done
sleep 3
st() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$pid/status"; }
rss=$(st VmRSS); anon=$(st RssAnon); file=$(st RssFile); threads=$(st Threads)
cp "/proc/$pid/smaps" "$OUT/smaps-$label.txt"
jcmd $pid Thread.print >"$OUT/threads-$label.txt" 2>/dev/null || true
pc=$(jcmd $pid PerfCounter.print 2>/dev/null)
printf '%s\n' "$pc" >"$OUT/perf-$label.txt"
[ -z "${NMT:-}" ] || jcmd $pid VM.native_memory summary >"$OUT/nmt-$label.txt"
sleep 12
rss15=$(st VmRSS)
pcv() { printf '%s\n' "$pc" | awk -F= -v k="$1" '$1 == k { print $2 }'; }
loaded=$(( $(pcv java.cls.loadedClasses) - $(pcv java.cls.unloadedClasses) ))
jcmd $pid GC.run >/dev/null
heap=$(jcmd $pid GC.heap_info | awk '/^ *(def new|tenured|DefNew|Tenured)|generation|garbage-first heap/ && match($0, / used [0-9]+K/) {
  n += substr($0, RSTART + 6, RLENGTH - 7) } END { print n + 0 }')
mib() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
echo "$label | first /login $(( first / 1000 )).$(( first % 1000 / 100 )) s, CPU $(( cpu / 1000 )).$(( cpu % 1000 / 100 )) s |" \
  "RSS $(mib "$rss") MiB (anon $(mib "$anon"), file $(mib "$file")), 15 s later $(mib "$rss15") MiB |" \
  "heap live $(mib "$heap") MiB | threads $threads | classes outside the cache $loaded" \
  "(cached $(pcv java.cls.sharedLoadedClasses)) | load $(cut -d' ' -f1 /proc/loadavg)"
kill $pid
for _ in $(seq 1 3000); do kill -0 $pid 2>/dev/null || break; sleep 0.2; done # writing a cache takes a while
