#!/usr/bin/env bash
# HTTP benchmark on PostgreSQL: POST /api/v1/keys/verify against GET /api/v1/ping with wrk, on one
# console and on two consoles sharing one database, for each rate-limit store. Starts a throw-away
# PostgreSQL cluster under a temporary folder on 127.0.0.1 (Debian's `postgresql` package) and
# removes it, and every console, when it ends.
# Usage: bash bench/http-verify-postgres.sh [duration-seconds (20)] [connections (8)]
#   STORES="database auto memory"  rate-limit stores to measure (console.keys.rate-limit-store)
#   NODES="1 2"                    node counts to measure
#   LIMIT=1000000000               pay-as-you-go requests per minute (the default lifts the limit,
#                                  so every call is VALID; LIMIT=10 measures refusals)
#   JAVA_EXTRA="-D..."             extra JVM options for the consoles
# Needs wrk and PostgreSQL: apt-get install -y postgresql wrk. Run as root or as a normal user.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
use_jdk21
DURATION=${1:-20}
CONNECTIONS=${2:-8}
STORES=${STORES:-database auto memory}
NODES=${NODES:-1 2}
LIMIT=${LIMIT:-1000000000}
JAVA_EXTRA=${JAVA_EXTRA:-}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL is missing: apt-get install -y postgresql" >&2; exit 1; }
[ -f console-app/target/console.jar ] || mvn -B -q -DskipTests package

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
WORK=$(mktemp -d)
chmod 755 "$WORK"
APPS=()
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  for pid in "${APPS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${APPS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -d "$WORK/pg" ] && as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

PGPORT=$(free_port)
mkdir "$WORK/pg" "$WORK/sock"
[ "$(id -u)" = 0 ] && chown postgres "$WORK/pg" "$WORK/sock"
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U postgres -A trust >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
  -o "-h 127.0.0.1 -p $PGPORT -k $WORK/sock -c max_connections=100 -c fsync=on" start >/dev/null
PG_VERSION=$("$PG_BIN/postgres" --version)

ADMIN=$(java bench/KeyGen.java vlm_admin_)
DB=0
start_console() { # database, store, name [bootstrap]; appends the port to PORTS
  local db=$1 store=$2 name=$3 port
  port=$(free_port)
  local env=(CONSOLE_DATA_DIR="$WORK/$name-data")
  [ "${4:-}" = bootstrap ] && env+=(CONSOLE_BOOTSTRAP_OWNER_EMAIL=bench@example.com
    CONSOLE_BOOTSTRAP_OWNER_PASSWORD=bench-password-long CONSOLE_BOOTSTRAP_ADMIN_KEY="$ADMIN")
  # shellcheck disable=SC2086
  env "${env[@]}" CONSOLE_LAUNCHER=off java $JAVA_EXTRA -jar console-app/target/console.jar --server.port="$port" --server.address=127.0.0.1 \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PGPORT/$db" --spring.datasource.username=postgres \
    --spring.datasource.password= --console.keys.rate-limit-store="$store" \
    --console.billing.payg.rate-limit="$LIMIT" --logging.level.root=WARN > "$WORK/$name.log" 2>&1 &
  APPS+=($!)
  for _ in $(seq 1 900); do
    curl -fs "http://127.0.0.1:$port/actuator/health/readiness" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -fs "http://127.0.0.1:$port/api/v1/ping" >/dev/null || { echo "console $name did not start:" >&2; tail -30 "$WORK/$name.log" >&2; exit 1; }
  PORTS+=("$port")
}
stop_consoles() {
  for pid in "${APPS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${APPS[@]}"; do wait "$pid" 2>/dev/null || true; done
  APPS=()
}
wrk_run() { # output, wrk args... ; prints "req/s p50 p99"
  local out=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$out"
  echo "$(awk '/Requests\/sec/ {print $2}' "$out") $(awk '$1=="50%" {print $2}' "$out") $(awk '$1=="99%" {print $2}' "$out")"
}
sum_rps() { awk '{ s += $1 } END { printf "%.0f", s }'; }

echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s per console on 127.0.0.1, $(nproc) cores, $(java -version 2>&1 | head -1), $PG_VERSION"
echo "pay-as-you-go limit $LIMIT/min; $(uptime)"
printf '%-10s %-5s %-28s %12s %10s %10s\n' store nodes endpoint req/s p50 p99
for store in $STORES; do
  for nodes in $NODES; do
    DB=$((DB + 1))
    as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "bench$DB"
    PORTS=()
    start_console "bench$DB" "$store" "a$DB" bootstrap
    [ "$nodes" = 2 ] && start_console "bench$DB" "$store" "b$DB"
    KEY=$(curl -fs -X POST "http://127.0.0.1:${PORTS[0]}/api/v1/keys" -H "Authorization: Bearer $ADMIN" \
      -H 'Content-Type: application/json' -d '{"name":"wrk"}' | sed -E 's/.*"secret":"([^"]+)".*/\1/')
    printf 'wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n' \
      "'{\"key\":\"$KEY\"}'" > "$WORK/verify.lua"
    for port in "${PORTS[@]}"; do
      curl -fs -X POST "http://127.0.0.1:$port/api/v1/keys/verify" -H 'Content-Type: application/json' \
        -d "{\"key\":\"$KEY\"}" | grep -q -E '"(VALID|RATE_LIMITED)"'
    done
    # warm-up of both paths on every console at once, then the measured runs, every console at once
    WRKS=()
    for port in "${PORTS[@]}"; do
      wrk -t2 -c"$CONNECTIONS" -d10s "http://127.0.0.1:$port/api/v1/ping" >/dev/null & WRKS+=($!)
    done; wait "${WRKS[@]}"
    WRKS=()
    for port in "${PORTS[@]}"; do
      wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/verify.lua" "http://127.0.0.1:$port/api/v1/keys/verify" >/dev/null & WRKS+=($!)
    done; wait "${WRKS[@]}"
    for endpoint in ping verify; do
      i=0
      WRKS=()
      for port in "${PORTS[@]}"; do
        i=$((i + 1))
        if [ $endpoint = ping ]; then
          wrk_run "$WORK/$endpoint-$i.txt" "http://127.0.0.1:$port/api/v1/ping" > "$WORK/$endpoint-$i.sum" &
        else
          wrk_run "$WORK/$endpoint-$i.txt" -s "$WORK/verify.lua" "http://127.0.0.1:$port/api/v1/keys/verify" > "$WORK/$endpoint-$i.sum" &
        fi
        WRKS+=($!)
      done; wait "${WRKS[@]}"
      for j in $(seq 1 "$i"); do
        read -r rps p50 p99 < "$WORK/$endpoint-$j.sum"
        label="GET /api/v1/ping"; [ $endpoint = verify ] && label="POST /api/v1/keys/verify"
        printf '%-10s %-5s %-28s %12s %10s %10s\n' "$store" "$nodes:$j" "$label" "$rps" "$p50" "$p99"
      done
    done
    PING=$(cat "$WORK"/ping-*.sum | sum_rps)
    VERIFY=$(cat "$WORK"/verify-*.sum | sum_rps)
    awk -v s="$store" -v n="$nodes" -v v="$VERIFY" -v p="$PING" \
      'BEGIN { printf "%-10s %-5s total ping %d/s, verify %d/s, verify / ping %.2f\n", s, n, p, v, v / p }'
    CODES=$(curl -fs -X POST "http://127.0.0.1:${PORTS[0]}/api/v1/keys/verify" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}" | sed -E 's/.*"code":"([A-Z_]+)".*/\1/')
    echo "           (after the run the key answers $CODES)"
    rm -f "$WORK"/ping-* "$WORK"/verify-*
    stop_consoles
  done
done
