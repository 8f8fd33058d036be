#!/usr/bin/env bash
# Forward-auth through a real nginx (Debian's package) with the recipe of docs/gateways.md, on loopback:
#   1. throughput (closed model, wrk) of nginx + forward-auth in front of a trivial upstream (an nginx
#      server that answers 200 itself), and of nginx alone in front of the same upstream (baseline);
#   2. latency near half of the forward-auth saturating rate: wrk at the fewest connections that reach
#      it, baseline and forward-auth at that concurrency; the difference of their p50 and p99 is what
#      forward-auth adds (goal: <= 0.5 ms p50, <= 2 ms p99). (bench/OpenLoad.java, an open-model
#      generator, cannot keep thousands of requests a second on 2 cores itself: bench/RESULTS.md.)
# Usage: bash bench/forward-auth.sh [seconds per run (20)] [wrk connections (32)]
# Starts the console jar (H2, Pay-as-you-go with its rate limit raised so that nothing is refused) and
# one nginx (1 worker) in the foreground, and stops both. Needs nginx and wrk (apt-get install -y nginx wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
use_jdk21
DURATION=${1:-20}
CONNECTIONS=${2:-32}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "nginx is missing: apt-get install -y nginx" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
[ -f console-app/target/console.jar ] || mvn -B -q -DskipTests package
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
CONSOLE_PORT=$(free_port); BASE_PORT=$(free_port); AUTH_PORT=$(free_port); APP_PORT=$(free_port)
WORK=$(mktemp -d)
ADMIN=$(java bench/KeyGen.java vlm_admin_)
CONSOLE_LAUNCHER=off CONSOLE_DATA_DIR="$WORK/data" CONSOLE_BOOTSTRAP_OWNER_EMAIL=bench@example.com \
CONSOLE_BOOTSTRAP_OWNER_PASSWORD=bench-password-long CONSOLE_BOOTSTRAP_ADMIN_KEY="$ADMIN" \
  java ${JAVA_OPTS:-} -jar console-app/target/console.jar --server.port="$CONSOLE_PORT" --server.address=127.0.0.1 \
  --console.billing.payg.rate-limit=1000000000 --logging.level.root=WARN > "$WORK/console.log" 2>&1 &
CONSOLE=$!
NGINX_PID=""
cleanup() {
  if [ -n "$NGINX_PID" ]; then kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null || true; fi
  kill "$CONSOLE" 2>/dev/null; wait "$CONSOLE" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/nginx/temp"
USER_LINE=""; [ "$(id -u)" -eq 0 ] && USER_LINE="user root;"
cat > "$WORK/nginx/nginx.conf" <<CONF
daemon off;
$USER_LINE
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/temp/body;
    proxy_temp_path $WORK/nginx/temp/proxy;
    fastcgi_temp_path $WORK/nginx/temp/fastcgi;
    uwsgi_temp_path $WORK/nginx/temp/uwsgi;
    scgi_temp_path $WORK/nginx/temp/scgi;
    upstream vlm_console { server 127.0.0.1:$CONSOLE_PORT; keepalive 64; }
    upstream vlm_app { server 127.0.0.1:$APP_PORT; keepalive 64; }
    # the trivial upstream
    server { listen 127.0.0.1:$APP_PORT; location / { return 200 "ok\n"; } }
    # baseline: nginx -> upstream, no forward-auth
    server {
        listen 127.0.0.1:$BASE_PORT;
        location / { proxy_pass http://vlm_app; proxy_http_version 1.1; proxy_set_header Connection ""; }
    }
    # nginx -> forward-auth -> upstream: the recipe as it is
    server { listen 127.0.0.1:$AUTH_PORT; include $PWD/docs/gateways/nginx-forward-auth.conf; }
}
CONF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
NGINX_PID=$!

for _ in $(seq 1 1200); do
  curl -fs "http://127.0.0.1:$CONSOLE_PORT/api/v1/ping" >/dev/null 2>&1 && break
  sleep 0.1
done
KEY=$(curl -fs -X POST "http://127.0.0.1:$CONSOLE_PORT/api/v1/keys" -H "Authorization: Bearer $ADMIN" \
  -H 'Content-Type: application/json' -d '{"name":"forward-auth bench"}' | sed -E 's/.*"secret":"([^"]+)".*/\1/')
for _ in 1 2 3; do # more than the plan's default 10 a minute would be refused if the limit were not raised
  curl -fs -o /dev/null "http://127.0.0.1:$AUTH_PORT/v1/x" -H "Authorization: Bearer $KEY" \
    || { echo "a call through nginx + forward-auth failed" >&2; tail -20 "$WORK/nginx/error.log" >&2; exit 1; }
done
[ "$(curl -fs -D - -o /dev/null "http://127.0.0.1:$AUTH_PORT/v1/x" -H "Authorization: Bearer $KEY" \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="x-ratelimit-limit" {print $2}')" = 1000000000 ] \
  || { echo "the workspace's rate limit was not raised (console.billing.payg.rate-limit)" >&2; exit 1; }
cat > "$WORK/auth.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $KEY"
LUA

wrk_run() { # url, extra args: prints req/s p50 p99
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" > "$WORK/wrk.txt"
  awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {n=$NF} END {print r, p50, p99, (n==""?0:n)}' "$WORK/wrk.txt"
}
echo "== warm-up (JIT, connections)"
wrk -t2 -c"$CONNECTIONS" -d10s -s "$WORK/auth.lua" "http://127.0.0.1:$AUTH_PORT/v1/x" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s "http://127.0.0.1:$BASE_PORT/v1/x" >/dev/null
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== saturation (wrk -t2 -c$CONNECTIONS -d${DURATION}s)"
BASE_SAT=$(wrk_run "http://127.0.0.1:$BASE_PORT/v1/x")
AUTH_SAT=$(wrk_run -s "$WORK/auth.lua" "http://127.0.0.1:$AUTH_PORT/v1/x")
# the console alone (no nginx): forward-auth itself, and GET /api/v1/ping as the floor of any call to it
DIRECT_AUTH=$(wrk_run -s "$WORK/auth.lua" "http://127.0.0.1:$CONSOLE_PORT/api/v1/auth/forward")
DIRECT_PING=$(wrk_run "http://127.0.0.1:$CONSOLE_PORT/api/v1/ping")
AUTH_RPS=$(echo "$AUTH_SAT" | cut -d' ' -f1)
RATE=$(awk -v r="$AUTH_RPS" 'BEGIN { printf "%d", r / 2 }')
echo "== latency near half of forward-auth's saturating rate ($RATE requests/s): the fewest wrk connections that reach it"
# wrk is a closed-model generator: find the concurrency at which forward-auth runs at about half its saturating
# rate, then measure both fronts at that concurrency (the baseline, faster, is then below half of its own).
HALF_C=1
for c in 1 2 3 4 6 8 12 16; do
  r=$(wrk -t1 -c"$c" -d3s -s "$WORK/auth.lua" "http://127.0.0.1:$AUTH_PORT/v1/x" | awk '/Requests\/sec/ {printf "%d", $2}')
  HALF_C=$c
  [ "$r" -ge "$RATE" ] && break
done
lat_run() { # url, extra args: prints req/s p50 p90 p99 in ms
  wrk -t1 -c"$HALF_C" -d"${DURATION}s" --latency "$@" > "$WORK/wrk-lat.txt"
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       /Requests\/sec/ {r=$2} $1=="50%" {a=ms($2)} $1=="90%" {b=ms($2)} $1=="99%" {c=ms($2)}
       END {printf "%d %.3f %.3f %.3f\n", r, a, b, c}' "$WORK/wrk-lat.txt"
}
BASE_LAT=$(lat_run "http://127.0.0.1:$BASE_PORT/v1/x")
AUTH_LAT=$(lat_run -s "$WORK/auth.lua" "http://127.0.0.1:$AUTH_PORT/v1/x")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

echo
echo "$(nproc) cores, $("$NGINX" -v 2>&1 | sed 's/.*: //'), $(java -version 2>&1 | head -1), load average before/after: $LOAD_BEFORE / $LOAD_AFTER"
printf '%-36s %10s %9s %9s %8s\n' "throughput (wrk, closed)" req/s p50 p99 non-2xx
set -- $BASE_SAT; printf '%-36s %10s %9s %9s %8s\n' "nginx -> upstream" "$1" "$2" "$3" "$4"
set -- $AUTH_SAT; printf '%-36s %10s %9s %9s %8s\n' "nginx + forward-auth -> upstream" "$1" "$2" "$3" "$4"
set -- $DIRECT_AUTH; printf '%-36s %10s %9s %9s %8s\n' "console alone: /api/v1/auth/forward" "$1" "$2" "$3" "$4"
set -- $DIRECT_PING; printf '%-36s %10s %9s %9s %8s\n' "console alone: /api/v1/ping" "$1" "$2" "$3" "$4"
printf '%-36s %10s %9s %9s %9s\n' "latency, wrk -c$HALF_C (ms)" req/s p50 p90 p99
set -- $BASE_LAT; printf '%-36s %10s %9s %9s %9s\n' "nginx -> upstream" "$1" "$2" "$3" "$4"
set -- $AUTH_LAT; printf '%-36s %10s %9s %9s %9s\n' "nginx + forward-auth -> upstream" "$1" "$2" "$3" "$4"
awk -v b="$BASE_LAT" -v a="$AUTH_LAT" 'BEGIN { split(b, x, " "); split(a, y, " ");
  printf "added by forward-auth at %d req/s: p50 %.3f ms, p99 %.3f ms (goal <= 0.5 ms, <= 2 ms)\n", y[1], y[2] - x[2], y[4] - x[4] }'
