#!/usr/bin/env bash
# Usage ingestion over HTTP on loopback: a console (H2 by default) started with a bootstrap platform key
# and admin key, then dev.vlmconsole.bench.UsageIngestHttp posting batches of 1,000 unique events to
# POST /api/v1/usage. Prints events/s and the batch latency.
# Usage: bash bench/http-ingest.sh [seconds (20)] [connections (4)]
# DATASOURCE_URL (+ DATASOURCE_USER): run it on PostgreSQL instead, e.g. jdbc:postgresql://127.0.0.1:5432/bench
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
use_jdk21
SECONDS_=${1:-20}
CONNECTIONS=${2:-4}
[ -f console-app/target/console.jar ] || mvn -B -q -DskipTests package
[ -f benchmarks/target/benchmarks.jar ] || mvn -B -q -Pbench -pl benchmarks -am package -DskipTests
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
WORK=$(mktemp -d)
ADMIN=$(java bench/KeyGen.java vlm_admin_)
PLATFORM=$(java bench/KeyGen.java vlm_svc_)
DB_ARGS=()
if [ -n "${DATASOURCE_URL:-}" ]; then
  DB_ARGS=(--spring.datasource.url="$DATASOURCE_URL" --spring.datasource.username="${DATASOURCE_USER:-postgres}")
fi
CONSOLE_LAUNCHER=off CONSOLE_DATA_DIR="$WORK/data" CONSOLE_BOOTSTRAP_OWNER_EMAIL=bench@example.com \
CONSOLE_BOOTSTRAP_OWNER_PASSWORD=bench-password-long CONSOLE_BOOTSTRAP_ADMIN_KEY="$ADMIN" \
CONSOLE_BOOTSTRAP_PLATFORM_KEY="$PLATFORM" \
  java ${JAVA_OPTS:-} -jar console-app/target/console.jar --server.port="$PORT" --server.address=127.0.0.1 \
  --logging.level.root=WARN "${DB_ARGS[@]}" > "$WORK/app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null; wait $APP 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$PORT/api/v1/ping" >/dev/null 2>&1 && break
  sleep 0.1
done
java -cp benchmarks/target/benchmarks.jar dev.vlmconsole.bench.UsageIngestHttp --url "http://127.0.0.1:$PORT" \
  --platform-key "$PLATFORM" --admin-key "$ADMIN" --seconds "$SECONDS_" --connections "$CONNECTIONS"
echo "($(nproc) cores, $(java -version 2>&1 | head -1))"
