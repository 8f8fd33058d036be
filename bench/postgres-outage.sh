#!/usr/bin/env bash
# Black-box check of issue 6, item 2 against a real PostgreSQL: what one console answers for
# POST /api/v1/keys/verify while its database is stopped, and how it recovers. Starts a throw-away
# PostgreSQL cluster under a temporary folder on 127.0.0.1 (Debian's `postgresql` package) and one
# console on it (the existing console-app/target/console.jar, never rebuilt), creates two inference
# keys A and B through the API, verifies A (so it is cached) but never B, stops PostgreSQL
# (`pg_ctl stop -m fast`) and then, with curl one call at a time:
#   1. for OUTAGE seconds: key A (expect VALID in milliseconds), key B (expect the 503 problem
#      within 1 s) and an unknown well-formed key, printing p50 / p90 / max and the answers per kind;
#   2. polls key A until it answers 503 (console.keys.max-staleness=STALENESS after the stop);
#   3. starts PostgreSQL again and polls key B until it answers VALID (recovery), then A;
#   4. revokes A through the API and checks that it then answers REVOKED.
# The console runs from a copy of the jar in the temporary folder: a build that rewrites
# console-app/target/console.jar while the console runs (another `mvn verify` in this tree) makes
# its class loading fail (NoClassDefFoundError in the change feed and the request threads, and
# requests that never get an answer), which looks like an outage bug and is not one.
# Removes the cluster, the console and the temporary folder when it ends (also on error or Ctrl-C).
# Usage: bash bench/postgres-outage.sh
#   OUTAGE=15        seconds of measurement with the database down
#   STALENESS=20     console.keys.max-staleness in seconds (the default 60 s works too, it takes longer)
#   JAVA_EXTRA="-D..."  extra JVM options for the console
#   CALL_TIMEOUT=60  curl's time-out for one verification, in seconds
#   KEEP=/some/dir   copy the console's log (and a thread dump, if one was made) there before cleaning up
# Needs PostgreSQL, curl and python3: apt-get install -y postgresql curl python3. Root or a normal user.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
use_jdk21
OUTAGE=${OUTAGE:-15}
STALENESS=${STALENESS:-20}
JAVA_EXTRA=${JAVA_EXTRA:-}
CALL_TIMEOUT=${CALL_TIMEOUT:-60}
KEEP=${KEEP:-}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL is missing: apt-get install -y postgresql" >&2; exit 1; }
[ -f console-app/target/console.jar ] || { echo "console-app/target/console.jar is missing: build it first (mvn -B -DskipTests package)" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
WORK=$(mktemp -d)
chmod 755 "$WORK"
APP=""
WATCHDOG=""
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
LOG_FROM=1
report_log() {
  [ -f "$WORK/console.log" ] || return 0
  echo "console log lines at WARN or ERROR from the stop on (first 25, stack frames left out):"
  tail -n +"$LOG_FROM" "$WORK/console.log" | grep -E ' (WARN|ERROR) ' | cut -c1-300 | head -25 | sed 's/^/  /'
  echo "  ($(tail -n +"$LOG_FROM" "$WORK/console.log" | grep -cE ' (WARN|ERROR) ') such lines in all)"
  if [ -f "$WORK/threads.txt" ]; then
    echo "a call took over 3 s; request threads of the console at that moment (their waits and console frames):"
    awk '/^"http-nio/ {p=1; print "  " $1 " " $2; next} /^$/ {p=0} p && /dev\.vlmconsole|LockSupport|Hikari|Socket/ {print "    " $0}' \
      "$WORK/threads.txt" | head -60
  fi
  if [ -n "$KEEP" ]; then mkdir -p "$KEEP"; cp "$WORK/console.log" "$WORK"/threads.txt "$KEEP"/ 2>/dev/null || true; echo "log kept in $KEEP"; fi
}
cleanup() {
  [ -n "$WATCHDOG" ] && kill "$WATCHDOG" 2>/dev/null || true
  report_log || true
  if [ -n "$APP" ]; then kill "$APP" 2>/dev/null || true; wait "$APP" 2>/dev/null || true; fi
  [ -d "$WORK/pg" ] && as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PGPORT=$(free_port)
mkdir "$WORK/pg" "$WORK/sock"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pg" "$WORK/sock"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U postgres -A trust >/dev/null
pg_start() {
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
    -o "-h 127.0.0.1 -p $PGPORT -k $WORK/sock -c max_connections=100" start >/dev/null
}
pg_start
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres console

cp console-app/target/console.jar "$WORK/console.jar"
JAR_INFO="console.jar of $(date -u -r console-app/target/console.jar '+%F %T') UTC, sha256 $(sha256sum "$WORK/console.jar" | cut -c1-12)"
ADMIN=$(java bench/KeyGen.java vlm_admin_)
UNKNOWN=$(java bench/KeyGen.java vlm_live_)
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
LOG="$WORK/console.log"
# shellcheck disable=SC2086
CONSOLE_LAUNCHER=off CONSOLE_DATA_DIR="$WORK/data" CONSOLE_BOOTSTRAP_OWNER_EMAIL=bench@example.com \
  CONSOLE_BOOTSTRAP_OWNER_PASSWORD=bench-password-long CONSOLE_BOOTSTRAP_ADMIN_KEY="$ADMIN" \
  java $JAVA_EXTRA -jar "$WORK/console.jar" --server.port="$PORT" --server.address=127.0.0.1 \
  --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PGPORT/console?socketTimeout=30&tcpKeepAlive=true" \
  --spring.datasource.username=postgres --spring.datasource.password= \
  --console.billing.payg.rate-limit=1000000000 --console.keys.max-staleness="PT${STALENESS}S" > "$LOG" 2>&1 &
APP=$!
for _ in $(seq 1 900); do
  curl -fs "$BASE/actuator/health/readiness" >/dev/null 2>&1 && break
  kill -0 "$APP" 2>/dev/null || break
  sleep 0.1
done
curl -fs "$BASE/api/v1/ping" >/dev/null || { echo "the console did not start:" >&2; tail -30 "$LOG" >&2; exit 1; }

create_key() { # name -> "secret id"
  curl -fs -m 10 -X POST "$BASE/api/v1/keys" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\"}" | python3 -c 'import json,sys; d = json.load(sys.stdin); print(d["secret"], d["key"]["id"])'
}
# verify <key>: one call; prints "<answer> <seconds>", the answer being the body's code for a 200
# (VALID, NOT_FOUND...), else the HTTP status and "problem" for a problem document (503-problem), or
# 000-timeout when no answer came within CALL_TIMEOUT. A call still running after 3 s makes the first
# thread dump of the console (jcmd Thread.print, by the watchdog below), shown at the end.
verify() {
  rm -f "$WORK/body" "$WORK/w"
  touch "$WORK/inflight"
  curl -s -m "$CALL_TIMEOUT" -o "$WORK/body" -w '%{http_code} %{content_type} %{time_total}' -X POST "$BASE/api/v1/keys/verify" \
    -H 'Content-Type: application/json' -d "{\"key\":\"$1\"}" > "$WORK/w" 2>/dev/null || true
  rm -f "$WORK/inflight"
  local code="" type="" tt=""
  read -r code type tt < "$WORK/w" || true
  [ -n "$tt" ] || { tt=$type; type=-; }
  if [ "$code" = 200 ]; then
    echo "$(sed -nE 's/.*"code":"([A-Z_]+)".*/\1/p' "$WORK/body") $tt"
  elif [ "$code" = 000 ]; then
    echo "000-timeout $tt"
  else
    case "$type" in *problem+json*) echo "$code-problem $tt" ;; *) echo "$code-${type%%;*} $tt" ;; esac
  fi
}
summary() { # file with "kind answer seconds" lines
  python3 - "$1" <<'EOF'
import sys, collections
rows = collections.defaultdict(list); answers = collections.defaultdict(collections.Counter)
for line in open(sys.argv[1]):
    kind, answer, t = line.split()
    rows[kind].append(float(t) * 1000); answers[kind][answer] += 1
def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
for kind in sorted(rows):
    v = rows[kind]
    print(f"  {kind:<24} n={len(v):<4} p50 {pct(v, 50):7.1f} ms  p90 {pct(v, 90):7.1f} ms  max {max(v):7.1f} ms  "
          + ", ".join(f"{a} x{n}" for a, n in answers[kind].most_common()))
EOF
}

( while kill -0 "$APP" 2>/dev/null && [ ! -e "$WORK/threads.txt" ]; do
    if [ -e "$WORK/inflight" ] && [ $(( $(date +%s) - $(stat -c %Y "$WORK/inflight" 2>/dev/null || date +%s) )) -ge 3 ]; then
      jcmd "$APP" Thread.print > "$WORK/threads.tmp" 2>&1; mv "$WORK/threads.tmp" "$WORK/threads.txt"
    fi
    sleep 0.5
  done ) &
WATCHDOG=$!
read -r KEY_A ID_A <<< "$(create_key outage-a)"
read -r KEY_B _ <<< "$(create_key outage-b)"
echo "$(date -u '+%F %T') UTC; $(nproc) cores; $(java -version 2>&1 | head -1); $("$PG_BIN/postgres" --version); load$(uptime | sed 's/.*load/ /')"
echo "$JAR_INFO; git HEAD $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- . ':!bench' 2>/dev/null || echo ' with uncommitted changes outside bench/')"
echo "console on $BASE, PostgreSQL on 127.0.0.1:$PGPORT; max-staleness PT${STALENESS}S, read-timeout default (PT1S), payg limit lifted"

: > "$WORK/up.txt"
for _ in $(seq 1 30); do echo "A(cached),db-up $(verify "$KEY_A")" >> "$WORK/up.txt"; done
for _ in $(seq 1 10); do echo "unknown,db-up $(verify "$UNKNOWN")" >> "$WORK/up.txt"; done
echo "database up (B never verified):"
summary "$WORK/up.txt"

LOG_FROM=$(( $(wc -l < "$LOG") + 1 ))
T_STOP=$(now)
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast -w stop >/dev/null
echo "pg_ctl stop -m fast took $(since "$T_STOP") s; measuring for ${OUTAGE} s, one call at a time (A, B, unknown in turn)"
: > "$WORK/down.txt"
END=$(awk -v a="$T_STOP" -v d="$OUTAGE" 'BEGIN { printf "%.3f", a + d }')
while awk -v e="$END" -v n="$(now)" 'BEGIN { exit !(n < e) }'; do
  echo "A(cached) $(verify "$KEY_A")" >> "$WORK/down.txt"
  echo "B(uncached) $(verify "$KEY_B")" >> "$WORK/down.txt"
  echo "unknown $(verify "$UNKNOWN")" >> "$WORK/down.txt"
done
echo "database down, first ${OUTAGE} s after the stop:"
summary "$WORK/down.txt"
echo "  first 3 answers for A: $(awk '$1=="A(cached)" {printf "%s %.0f ms; ", $2, $3*1000}' "$WORK/down.txt" | cut -d';' -f1-3)"
echo "  first 3 answers for B: $(awk '$1=="B(uncached)" {printf "%s %.0f ms; ", $2, $3*1000}' "$WORK/down.txt" | cut -d';' -f1-3)"

STALE=""
LIMIT_S=$((STALENESS + 25))
while awk -v a="$T_STOP" -v n="$(now)" -v l="$LIMIT_S" 'BEGIN { exit !(n - a < l) }'; do
  read -r answer t <<< "$(verify "$KEY_A")"
  if [ "$answer" != VALID ]; then STALE="$(since "$T_STOP") s after the stop (answer $answer in $(awk -v t="$t" 'BEGIN{printf "%.1f", t*1000}') ms)"; break; fi
  sleep 0.2
done
echo "key A refused after max-staleness PT${STALENESS}S: ${STALE:-still VALID after ${LIMIT_S} s (NOT refused)}"
read -r answer t <<< "$(verify "$KEY_B")"; echo "key B at the same time: $answer"

T_START=$(now)
pg_start
echo "PostgreSQL started again (pg_ctl start -w took $(since "$T_START") s); polling key B every 0.1 s"
RECOVERED=""
N503=0
while awk -v a="$T_START" -v n="$(now)" 'BEGIN { exit !(n - a < 60) }'; do
  read -r answer t <<< "$(verify "$KEY_B")"
  if [ "$answer" = VALID ]; then RECOVERED="$(since "$T_START") s after pg_ctl start began"; break; fi
  N503=$((N503 + 1)); echo "$answer $t" >> "$WORK/recovery.txt"
  sleep 0.1
done
echo "key B VALID again: ${RECOVERED:-NOT within 60 s} ($N503 refused calls before: $(awk '{c[$1]++; if ($2 > m) m = $2} END {for (k in c) printf "%s x%d ", k, c[k]; if (NR) printf "(slowest %.0f ms)", m*1000}' "$WORK/recovery.txt" 2>/dev/null))"
AFTER=""
for k in A B A B A; do
  [ $k = A ] && key=$KEY_A || key=$KEY_B
  read -r answer t <<< "$(verify "$key")"; AFTER="$AFTER $k $answer $(awk -v t="$t" 'BEGIN{printf "%.0f", t*1000}') ms;"
done
echo "then, one call at a time:$AFTER"

T_REV=$(now)
DEL=$(curl -s -m "$CALL_TIMEOUT" -o /dev/null -w '%{http_code} %{time_total}' -X DELETE "$BASE/api/v1/keys/$ID_A" -H "Authorization: Bearer $ADMIN" || true)
echo "DELETE key A: HTTP $DEL s"
read -r answer t <<< "$(verify "$KEY_A")"
echo "key A revoked through the API after recovery: next verification $answer ($(since "$T_REV") s after the DELETE was sent)"

