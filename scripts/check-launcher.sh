#!/usr/bin/env bash
# Checks that a plain `java -jar console.jar` starts the console in a second JVM and stops cleanly (DD019),
# on a copy of the built jar in a temporary folder (so its extracted copy and cache are fresh and go away):
#   1. first start: extracts, records the cache, /login answers; SIGTERM to the first JVM stops both, exit 143,
#      and the cache file is there afterwards;
#   2. second start: the child uses the cache, gets the user's JVM options and system properties; a second
#      console on the same port fails and its launcher exits with the console's exit code (1);
#      SIGKILL to the first JVM: the child notices and exits by itself;
#   3. CONSOLE_LAUNCHER=off and -Dconsole.launcher=off: one JVM.
# Talks to 127.0.0.1 only; stops what it starts. About two minutes on 2 quiet cores.
# Usage: scripts/check-launcher.sh [path/to/console.jar]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=jdk.sh
source scripts/jdk.sh
use_jdk21

src=${1:-console-app/target/console.jar}
[ -f "$src" ] || { echo "error: $src is missing: build it first (mvn -B -DskipTests package)" >&2; exit 1; }
major=$(java_major "$(java_version "$JAVA_HOME/bin/java")")
work=$(mktemp -d "${TMPDIR:-/tmp}/console-launcher.XXXXXX")
cp "$src" "$work/console.jar"
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }
children() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' '; }
cmdline() { tr '\0' ' ' <"/proc/$1/cmdline"; }
port=$(( 20000 + RANDOM % 40000 ))

# start <name> [env assignments...] -- [java options...]: starts `java <options> -jar console.jar`; sets pid
start() {
  local name=$1; shift
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done
  shift
  mkdir -p "$work/$name"
  env "${envs[@]}" CONSOLE_DATA_DIR="$work/$name/data" CONSOLE_PLUGINS_DIR="$work/$name/plugins" \
    CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@example.com CONSOLE_BOOTSTRAP_OWNER_PASSWORD=check-launcher-0123 \
    java "$@" -jar "$work/console.jar" --server.address=127.0.0.1 --server.port="$port" >"$work/$name/log" 2>&1 &
  pid=$!
  pids+=("$pid")
}
wait_login() { # <pid> <log>
  local i code
  for i in $(seq 1 3000); do
    kill -0 "$1" 2>/dev/null || { tail -n 20 "$2" >&2; fail "the console exited during start-up"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/login" || true)
    [ "$code" = 000 ] || return 0
    sleep 0.1
  done
  fail "/login did not answer"
}
wait_gone() { # <pid> <seconds>
  local i
  for i in $(seq 1 $(( $2 * 10 ))); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
  fail "process $1 still runs after $2 s"
}

# 1. first start
start first --
wait_login "$pid" "$work/first/log"
grep -q "First start of console.jar" "$work/first/log" || fail "no first-start notice"
child=$(children "$pid")
[ -n "$child" ] || fail "no second JVM under the first"
if [ "$major" -ge 25 ]; then
  cmdline "$child" | grep -q -- "-XX:AOTCacheOutput=" || fail "the first start does not record the AOT cache"
  cache=console.aot
else
  cmdline "$child" | grep -q -- "-XX:+AutoCreateSharedArchive" || fail "the first start does not create the CDS archive"
  cache=console.jsa
fi
ok "first start: second JVM $child under $pid, recording $cache"
kill -TERM "$pid"
set +e; wait "$pid"; code=$?; set -e
[ "$code" = 143 ] || fail "the launcher exited with $code after SIGTERM, not 143"
kill -0 "$child" 2>/dev/null && fail "the console ($child) still runs after its launcher stopped"
grep -q "Shutdown completed\|Graceful shutdown\|Closing" "$work/first/log" || echo "note: no shutdown message in the log"
ls "$work"/console-start/*/"$cache" >/dev/null 2>&1 || fail "no $cache written"
ok "SIGTERM: both stopped, exit 143, $(du -h "$work"/console-start/*/"$cache" | cut -f1) cache written"

# 2. second start, with options of the user's
start second -- -Xmx700m -Dcheck.launcher=yes
wait_login "$pid" "$work/second/log"
child=$(children "$pid")
line=$(cmdline "$child")
case "$line" in *"-XX:AOTCache="* | *"-XX:SharedArchiveFile="*) ;; *) fail "the second start does not use the cache: $line" ;; esac
case "$line" in *"-Xmx1g"*"-Xmx700m"*"-Dcheck.launcher=yes"*"-jar"*"--server.port=$port"*) ;; *) fail "options or arguments not passed on: $line" ;; esac
grep -q "First start" "$work/second/log" && fail "the second start extracted again"
ok "second start: cache used, user options after the launcher's, arguments passed"
second=$pid
start clash --
set +e; wait "$pid"; code=$?; set -e
[ "$code" = 1 ] || fail "a console that cannot start: its launcher exited with $code, not 1"
ok "exit code of a failed start passed on ($code)"
kill -9 "$second"
wait "$second" 2>/dev/null || true
wait_gone "$child" 30
ok "SIGKILL of the launcher: the console exited by itself"

# 3. switched off
for how in variable property; do
  if [ "$how" = variable ]; then start "off-$how" CONSOLE_LAUNCHER=off --; else start "off-$how" -- -Dconsole.launcher=off; fi
  wait_login "$pid" "$work/off-$how/log"
  [ -z "$(children "$pid")" ] || fail "a second JVM despite the switch ($how)"
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  ok "switched off by $how: one JVM"
done
echo "all launcher checks passed"
