#!/usr/bin/env bash
# Two console nodes behind nginx on one PostgreSQL, all on this machine, for trying the
# two-node install of deploy/README.md (not for production: everything listens on 127.0.0.1).
#
#   deploy/two-nodes.sh start [DIR]   initdb a throw-away PostgreSQL cluster in DIR/postgres (first
#                                     time), start it, nginx and two consoles; print the URL
#   deploy/two-nodes.sh stop [DIR]    stop exactly what start started (by the pid files in DIR/run)
#   deploy/two-nodes.sh status [DIR]  what runs, and the nodes' readiness
#
# DIR defaults to ./two-nodes (or $TWO_NODES_DIR). Needs Debian's postgresql and nginx packages
# (apt-get install postgresql nginx-light) and a JDK 21+; uses console-app/target/console.jar,
# building it with Maven when it is missing ($CONSOLE_JAR names another jar). Ports: the first free
# ones from $TWO_NODES_PORT (default 18080): nginx there, node A +1, node B +2, PostgreSQL +3.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
command="${1:-}"
dir="${2:-${TWO_NODES_DIR:-$PWD/two-nodes}}"

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[ -n "$command" ] || usage

die() { echo "error: $*" >&2; exit 1; }
say() { echo "== $*"; }

run="$dir/run"
pids=(nginx node-b node-a postgres)

alive() { # name -> 0 when its pid file names a live process
  local f="$run/$1.pid"
  [ -s "$f" ] && kill -0 "$(head -n1 "$f")" 2>/dev/null
}

pg_bin() {
  local bin
  if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
    pg_config --bindir
    return
  fi
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  [ -n "$bin" ] && [ -x "$bin/initdb" ] || die "no PostgreSQL server binaries: apt-get install postgresql"
  echo "$bin"
}

# PostgreSQL refuses to run as root: as root, its commands run as the postgres user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Where the PostgreSQL cluster lives: DIR/postgres, or, when started as root in a folder the postgres
# user cannot reach (a clone under /root), a folder of its own under the postgres user's home.
pg_root() {
  if [ -s "$dir/pg-root" ]; then
    cat "$dir/pg-root"
  elif [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$dir"; then
    local home
    home=$(getent passwd postgres | cut -d: -f6)
    echo "$home/two-nodes-$(echo "$dir" | sha256sum | cut -c1-12)" | tee "$dir/pg-root"
  else
    echo "$dir/postgres"
  fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

choose_ports() {
  local base="${TWO_NODES_PORT:-18080}" p
  if [ -s "$dir/ports" ]; then
    # shellcheck disable=SC1091
    source "$dir/ports"
    for p in "$NGINX_PORT" "$NODE_A_PORT" "$NODE_B_PORT" "$PG_PORT"; do
      port_free "$p" || die "port $p (from $dir/ports) is taken: stop what holds it, or remove $dir/ports"
    done
    return
  fi
  for ((p = base; p < base + 400; p += 4)); do
    if port_free "$p" && port_free $((p + 1)) && port_free $((p + 2)) && port_free $((p + 3)); then
      NGINX_PORT=$p NODE_A_PORT=$((p + 1)) NODE_B_PORT=$((p + 2)) PG_PORT=$((p + 3))
      printf 'NGINX_PORT=%s\nNODE_A_PORT=%s\nNODE_B_PORT=%s\nPG_PORT=%s\n' \
        "$NGINX_PORT" "$NODE_A_PORT" "$NODE_B_PORT" "$PG_PORT" >"$dir/ports"
      return
    fi
  done
  die "no four free ports from $base"
}

secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24; }

console_jar() {
  local jar="${CONSOLE_JAR:-$repo/console-app/target/console.jar}"
  if [ ! -f "$jar" ]; then
    [ -z "${CONSOLE_JAR:-}" ] || die "no jar at $jar"
    say "Building $jar (mvn package, tests skipped)"
    (cd "$repo" && source scripts/jdk.sh && use_jdk21 &&
      mvn -B -ntp -q package -pl console-app -am -DskipTests) || die "the build failed"
  fi
  echo "$jar"
}

java_cmd() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    echo "$JAVA_HOME/bin/java"
    return
  fi
  # shellcheck source=../scripts/jdk.sh
  (source "$repo/scripts/jdk.sh" && use_jdk21 >/dev/null && echo "$JAVA_HOME/bin/java")
}

start_postgres() {
  local bin pg data sock
  pg=$(pg_root)
  data="$pg/data" sock="$pg/socket"
  bin=$(pg_bin)
  if alive postgres; then
    say "PostgreSQL runs already (pid $(cat "$run/postgres.pid"))"
    return
  fi
  mkdir -p "$sock"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "initdb: a throw-away cluster in $data"
    mkdir -p "$data"
    (umask 077 && secret >"$pg/superuser-password")
    [ "$(id -u)" -ne 0 ] || chown -R postgres "$pg"
    as_pg "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      --pwfile="$pg/superuser-password" -E UTF8 --locale=C.UTF-8 >"$dir/logs/initdb.log" 2>&1 ||
      die "initdb failed: $dir/logs/initdb.log"
  fi
  [ "$(id -u)" -ne 0 ] || chown -R postgres "$pg"
  say "PostgreSQL on 127.0.0.1:$PG_PORT"
  as_pg "$bin/pg_ctl" -D "$data" -l "$pg/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $sock -c max_connections=100" start >/dev/null ||
    die "PostgreSQL did not start: $pg/postgres.log"
  head -n1 "$data/postmaster.pid" >"$run/postgres.pid"
  if [ ! -s "$dir/secrets/db-password" ]; then
    secret >"$dir/secrets/db-password"
    as_pg "$bin/psql" -h "$sock" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
      -c "create role console login password '$(cat "$dir/secrets/db-password")'" \
      -c "create database console owner console" >/dev/null || die "could not create the database"
  fi
}

# The settings both nodes must share (deploy/README.md, "The environment of each node").
write_environment() {
  local env="$dir/console.env"
  [ -s "$env" ] && return
  cat >"$env" <<ENV
SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/console?socketTimeout=30&tcpKeepAlive=true
SPRING_DATASOURCE_USERNAME=console
SPRING_DATASOURCE_PASSWORD=$(cat "$dir/secrets/db-password")
CONSOLE_KEYS_PEPPER=$(secret)$(secret)
CONSOLE_PUBLIC_URL=http://127.0.0.1:$NGINX_PORT
CONSOLE_PLUGINS_DIR=$dir/plugins
SERVER_ADDRESS=127.0.0.1
SERVER_FORWARD_HEADERS_STRATEGY=native
CONSOLE_BOOTSTRAP_OWNER_EMAIL=owner@two-nodes.test
CONSOLE_BOOTSTRAP_OWNER_PASSWORD=$(secret)
CONSOLE_SECURITY_OPERATORSREQUIRETWOFACTOR=false
ENV
  chmod 600 "$env"
}

start_node() { # name port
  local name=$1 port=$2 java jar
  if alive "$name"; then
    say "$name runs already (pid $(cat "$run/$name.pid"))"
    return
  fi
  jar=$(console_jar)
  java=$(java_cmd)
  mkdir -p "$dir/$name"
  say "$name on 127.0.0.1:$port"
  (
    set -a
    # shellcheck disable=SC1091
    source "$dir/console.env"
    set +a
    export CONSOLE_DATA_DIR="$dir/$name" SERVER_PORT="$port" CONSOLE_LAUNCHER=off
    # one JVM per node, so that the pid file names the process that holds the node
    exec setsid nohup "$java" -XX:+UseSerialGC -Xms64m -Xmx512m -jar "$jar" \
      >"$dir/logs/$name.log" 2>&1 </dev/null
  ) &
  echo $! >"$run/$name.pid"
}

wait_ready() { # name port
  local name=$1 port=$2 deadline=$((SECONDS + ${TWO_NODES_START_TIMEOUT:-300}))
  until curl -fs -o /dev/null "http://127.0.0.1:$port/actuator/health/readiness"; do
    alive "$name" || die "$name stopped while starting: tail $dir/logs/$name.log"
    [ $SECONDS -lt "$deadline" ] || die "$name was not ready in time: $dir/logs/$name.log"
    sleep 1
  done
  say "$name is ready"
}

start_nginx() {
  local conf="$dir/nginx/nginx.conf"
  if alive nginx; then
    say "nginx runs already (pid $(cat "$run/nginx.pid"))"
    return
  fi
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || die "no nginx: apt-get install nginx-light"
  mkdir -p "$dir/nginx/temp"
  sed -e 's/10\\\.0\\\.0\\\.11:8080/127\\.0\\.0\\.1:'"$NODE_A_PORT"'/g' \
    -e 's/10\\\.0\\\.0\\\.12:8080/127\\.0\\.0\\.1:'"$NODE_B_PORT"'/g' \
    -e 's/10\.0\.0\.11:8080/127.0.0.1:'"$NODE_A_PORT"'/g' \
    -e 's/10\.0\.0\.12:8080/127.0.0.1:'"$NODE_B_PORT"'/g' \
    -e 's/listen 80;/listen 127.0.0.1:'"$NGINX_PORT"';/' \
    -e 's/server_name console.example.com;/server_name localhost;/' \
    "$here/nginx-two-nodes.conf" >"$dir/nginx/two-nodes.conf"
  cat >"$conf" <<CONF
daemon on;
pid $run/nginx.pid;
error_log $dir/logs/nginx-error.log warn;
worker_processes 1;
events { worker_connections 1024; }
http {
    log_format two_nodes '\$remote_addr [\$time_local] "\$request" \$status -> \$upstream_addr';
    access_log $dir/logs/nginx-access.log two_nodes;
    client_body_temp_path $dir/nginx/temp/body;
    proxy_temp_path $dir/nginx/temp/proxy;
    fastcgi_temp_path $dir/nginx/temp/fastcgi;
    uwsgi_temp_path $dir/nginx/temp/uwsgi;
    scgi_temp_path $dir/nginx/temp/scgi;
    include $dir/nginx/two-nodes.conf;
}
CONF
  say "nginx on 127.0.0.1:$NGINX_PORT"
  "$(command -v nginx || echo /usr/sbin/nginx)" -p "$dir/nginx" -c "$conf" -e "$dir/logs/nginx-error.log" ||
    die "nginx did not start: $dir/logs/nginx-error.log"
}

start() {
  mkdir -p "$dir" "$run" "$dir/logs" "$dir/secrets" "$dir/plugins"
  chmod 700 "$dir/secrets"
  dir="$(cd "$dir" && pwd)" run="$dir/run"
  if alive postgres || alive node-a || alive node-b || alive nginx; then
    # shellcheck disable=SC1091
    source "$dir/ports"
  else
    choose_ports
  fi
  start_postgres
  write_environment
  start_node node-a "$NODE_A_PORT"
  wait_ready node-a "$NODE_A_PORT" # the first node migrates the database and runs first run
  start_node node-b "$NODE_B_PORT"
  wait_ready node-b "$NODE_B_PORT"
  start_nginx
  curl -fsS -o /dev/null "http://127.0.0.1:$NGINX_PORT/api/v1/ping" || die "nginx does not reach the nodes"
  echo
  echo "The console:     http://127.0.0.1:$NGINX_PORT  (nodes: :$NODE_A_PORT and :$NODE_B_PORT, PostgreSQL :$PG_PORT)"
  echo "Sign in with:    CONSOLE_BOOTSTRAP_OWNER_EMAIL and _PASSWORD in $dir/console.env"
  echo "Logs:            $dir/logs/"
  echo "Stop it with:    $0 stop $dir"
}

stop_pid() { # name signal-wait-seconds
  local name=$1 wait=$2 pid
  alive "$name" || { rm -f "$run/$name.pid"; return; }
  pid=$(head -n1 "$run/$name.pid")
  say "stopping $name (pid $pid)"
  kill -TERM "$pid"
  for ((i = 0; i < wait * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "   $name did not stop in ${wait}s: SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$run/$name.pid"
}

stop() {
  [ -d "$run" ] || die "nothing started in $dir"
  stop_pid nginx 10
  stop_pid node-b 60
  stop_pid node-a 60
  if alive postgres; then
    say "stopping postgres (pid $(cat "$run/postgres.pid"))"
    as_pg "$(pg_bin)/pg_ctl" -D "$(pg_root)/data" -m fast -w -t 60 stop >/dev/null
    rm -f "$run/postgres.pid"
  fi
  say "stopped; the data stays in $dir$([ "$(pg_root)" = "$dir/postgres" ] || echo " and $(pg_root)") (remove to start afresh)"
}

status() {
  local name port
  [ -d "$run" ] || { echo "nothing started in $dir"; exit 3; }
  # shellcheck disable=SC1091
  [ -s "$dir/ports" ] && source "$dir/ports"
  local down=0
  for name in postgres node-a node-b nginx; do
    if alive "$name"; then
      case $name in
        node-a) port=$NODE_A_PORT ;;
        node-b) port=$NODE_B_PORT ;;
        *) port= ;;
      esac
      if [ -n "$port" ]; then
        printf '%-8s pid %-8s readiness %s\n' "$name" "$(cat "$run/$name.pid")" \
          "$(curl -s "http://127.0.0.1:$port/actuator/health/readiness" || echo 'no answer')"
      else
        printf '%-8s pid %s\n' "$name" "$(cat "$run/$name.pid")"
      fi
    else
      printf '%-8s stopped\n' "$name"
      down=1
    fi
  done
  [ -z "${NGINX_PORT:-}" ] || echo "URL      http://127.0.0.1:$NGINX_PORT"
  return $down
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
