#!/usr/bin/env bash
# HTTP benchmark on loopback: POST /api/v1/keys/verify against GET /api/v1/ping of the same
# running console, with wrk. Prints throughput, p50 and p99 of both and their ratio.
# Usage: bash bench/http-verify.sh [duration-seconds (20)] [connections (8; 32 saturates 2 cores)]
# JAVA_OPTS: JVM options for the console, e.g. run.sh's (source scripts/launch.sh; launch_options /tmp/x;
# JAVA_OPTS="${launch_opts[*]}" without the cache flags) to compare them with the JVM's defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
use_jdk21
DURATION=${1:-20}
CONNECTIONS=${2:-8}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f console-app/target/console.jar ] || mvn -B -q -DskipTests package
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
WORK=$(mktemp -d)
ADMIN=$(java bench/KeyGen.java vlm_admin_)
CONSOLE_LAUNCHER=off CONSOLE_DATA_DIR="$WORK/data" CONSOLE_BOOTSTRAP_OWNER_EMAIL=bench@example.com \
CONSOLE_BOOTSTRAP_OWNER_PASSWORD=bench-password-long CONSOLE_BOOTSTRAP_ADMIN_KEY="$ADMIN" \
  java ${JAVA_OPTS:-} -jar console-app/target/console.jar --server.port="$PORT" --server.address=127.0.0.1 \
  --console.billing.payg.rate-limit=1000000000 --logging.level.root=WARN > "$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$PORT/api/v1/ping" >/dev/null 2>&1 && break
  sleep 0.1
done
KEY=$(curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/keys" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: application/json' -d '{"name":"wrk"}' | sed -E 's/.*"secret":"([^"]+)".*/\1/')
cat > "$WORK/verify.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"key":"$KEY"}'
wrk.headers["Content-Type"] = "application/json"
LUA
curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/keys/verify" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}" | grep -q '"VALID"'

run() { # name, extra wrk args...
  local name=$1; shift
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$WORK/$name.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.txt")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$name.txt")
  p99=$(awk '$1=="99%" {print $2}' "$WORK/$name.txt")
  echo "$name $rps $p50 $p99"
}
# warm-up of both paths (JIT), then the measured runs
wrk -t2 -c"$CONNECTIONS" -d10s "http://127.0.0.1:$PORT/api/v1/ping" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/verify.lua" "http://127.0.0.1:$PORT/api/v1/keys/verify" >/dev/null
PING=$(run ping "http://127.0.0.1:$PORT/api/v1/ping")
VERIFY=$(run verify -s "$WORK/verify.lua" "http://127.0.0.1:$PORT/api/v1/keys/verify")
echo
echo "wrk -t2 -c$CONNECTIONS -d${DURATION}s on 127.0.0.1, $(nproc) cores, $(java -version 2>&1 | head -1)"
printf '%-28s %12s %10s %10s\n' endpoint req/s p50 p99
set -- $PING; printf '%-28s %12s %10s %10s\n' "GET /api/v1/ping" "$2" "$3" "$4"; PING_RPS=$2
set -- $VERIFY; printf '%-28s %12s %10s %10s\n' "POST /api/v1/keys/verify" "$2" "$3" "$4"; VERIFY_RPS=$2
awk -v v="$VERIFY_RPS" -v p="$PING_RPS" 'BEGIN { printf "verify / ping throughput ratio: %.2f\n", v / p }'
grep -c '"VALID"' <(curl -fs -X POST "http://127.0.0.1:$PORT/api/v1/keys/verify" -H 'Content-Type: application/json' -d "{\"key\":\"$KEY\"}") >/dev/null && echo "(the key still verifies VALID after the run)"
