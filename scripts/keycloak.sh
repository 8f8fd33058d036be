#!/usr/bin/env bash
# A real Keycloak on this machine as the console's single sign-on provider, for trying SSO and for checking it
# before a release (docs/sso.md). Not for production: Keycloak runs in its development mode on an embedded
# database under the cache folder.
#
#   scripts/keycloak.sh start    fetch Keycloak (once), start it on 127.0.0.1:8180, set up realm `console`, print
#                                the CONSOLE_OIDC_* lines to export before starting the console
#   scripts/keycloak.sh env      print those lines again (Keycloak running)
#   scripts/keycloak.sh status   whether the Keycloak this script started is running
#   scripts/keycloak.sh stop     stop it (only the process this script started, from its pid file)
#
# Keycloak comes from Maven Central through Maven itself (org.keycloak:keycloak-quarkus-dist, about 200 MB, once)
# into ${XDG_CACHE_HOME:-$HOME/.cache}/vlm-console/keycloak, outside the repository; its data, log and pid file live
# there too. It runs on the newest JDK 21+ under /usr/lib/jvm (scripts/jdk.sh).
#
# What `start` sets up with Keycloak's own kcadm.sh, every time (it is idempotent; a second start changes nothing
# that is already right):
#   - realm `console`;
#   - confidential client `console`: standard flow only, PKCE with S256 required, redirect URI
#     $CONSOLE_URL/login/oauth2/code/sso, post-logout redirect URI $CONSOLE_URL/login?logout, and a `groups` claim
#     (group names without their path) in the ID token, the access token and userinfo;
#   - group `console-admins`;
#   - a person with a verified email, a name and a password, in that group.
#
# Environment (all optional):
#   CONSOLE_URL                         the console as the browser reaches it (default http://127.0.0.1:8080)
#   KEYCLOAK_VERSION                    default 26.7.3
#   KEYCLOAK_PORT                       default 8180 (Keycloak listens on 127.0.0.1 only)
#   KC_BOOTSTRAP_ADMIN_USERNAME         Keycloak's own administrator, created at its first start (default admin)
#   KC_BOOTSTRAP_ADMIN_PASSWORD         default: generated at the first start, kept in the state folder (mode 600)
#   KEYCLOAK_USER_EMAIL                 the person's email (default sso.person@example.com); their user name is the
#                                       part before @
#   KEYCLOAK_USER_FIRST_NAME, KEYCLOAK_USER_LAST_NAME   default Ada, Lovelace
#   KEYCLOAK_USER_PASSWORD              default: generated at the first start, kept in the state folder (mode 600)
#   KEYCLOAK_CACHE                      where Keycloak and its state live (default above)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/jdk.sh
source scripts/jdk.sh

version=${KEYCLOAK_VERSION:-26.7.3}
port=${KEYCLOAK_PORT:-8180}
console_url=${CONSOLE_URL:-http://127.0.0.1:8080}
console_url=${console_url%/}
cache=${KEYCLOAK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vlm-console/keycloak}
home=$cache/keycloak-$version
state=$cache/state-$version
pid_file=$state/keycloak.pid
log=$state/keycloak.log
server=http://127.0.0.1:$port
realm=console
client=console
group=console-admins
admin_user=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
person_email=${KEYCLOAK_USER_EMAIL:-sso.person@example.com}
person_user=${person_email%%@*}
person_first=${KEYCLOAK_USER_FIRST_NAME:-Ada}
person_last=${KEYCLOAK_USER_LAST_NAME:-Lovelace}

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# A secret kept in the state folder, made once: the environment's value if given, else a random one.
secret() {
  local name=$1 given=${2:-} file=$state/$1
  if [ -n "$given" ]; then
    printf '%s' "$given"
    return
  fi
  if [ ! -s "$file" ]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$file")
  fi
  cat "$file"
}

running_pid() {
  local pid
  [ -f "$pid_file" ] || return 1
  pid=$(cat "$pid_file")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # only a Keycloak that this script started: its command line names this Keycloak's folder
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$home" || return 1
  echo "$pid"
}

ready() {
  curl -fsS -o /dev/null --max-time 3 "$server/realms/master/.well-known/openid-configuration" 2>/dev/null
}

fetch() {
  [ -x "$home/bin/kc.sh" ] && return 0
  mkdir -p "$cache"
  local zip=$cache/keycloak-quarkus-dist-$version.zip
  if [ ! -s "$zip" ]; then
    say "Fetching Keycloak $version with Maven (about 200 MB, once) into $cache ..."
    quiet_maven_on_new_jdks
    # from the cache folder, so that Maven does not read this repository's project
    (cd "$cache" && mvn -B -ntp -q -Dstyle.color=never dependency:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" \
      -DoutputDirectory="$cache" -Dmdep.overWriteIfNewer=true) \
      || die "Maven could not fetch org.keycloak:keycloak-quarkus-dist:$version:zip"
  fi
  say "Unpacking $zip ..."
  rm -rf "$cache/unpack" && mkdir -p "$cache/unpack"
  unzip -q "$zip" -d "$cache/unpack"
  local top
  top=$(find "$cache/unpack" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  [ -x "$top/bin/kc.sh" ] || die "no bin/kc.sh in $zip"
  rm -rf "$home" && mv "$top" "$home" && rm -rf "$cache/unpack"
}

start_keycloak() {
  if pid=$(running_pid); then
    say "Keycloak $version already runs (pid $pid) on $server"
    return 0
  fi
  if ready; then
    die "something else answers on $server (not the Keycloak this script started): stop it or set KEYCLOAK_PORT"
  fi
  local admin_password
  admin_password=$(secret admin-password "${KC_BOOTSTRAP_ADMIN_PASSWORD:-}")
  say "Starting Keycloak $version on $server (JDK $JAVA_HOME); log: $log"
  # its own process group (setsid), so that stop ends Keycloak and nothing else
  KC_BOOTSTRAP_ADMIN_USERNAME=$admin_user KC_BOOTSTRAP_ADMIN_PASSWORD=$admin_password \
    JAVA_OPTS_KC_HEAP=${JAVA_OPTS_KC_HEAP:--Xms64m -Xmx768m} \
    setsid "$home/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$port" \
    --http-management-port="$((port + 1000))" >"$log" 2>&1 </dev/null &
  echo $! >"$pid_file"
  local waited=0
  until ready; do
    if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      tail -n 40 "$log" >&2
      die "Keycloak exited during start-up (log above: $log)"
    fi
    if [ "$waited" -ge 300 ]; then
      tail -n 40 "$log" >&2
      die "Keycloak was not ready within 300 s (log: $log)"
    fi
    sleep 2
    waited=$((waited + 2))
  done
  say "Keycloak is ready after about ${waited} s"
}

kcadm() {
  "$home/bin/kcadm.sh" "$@" --config "$state/kcadm.config"
}

# kcadm.sh with what it says on success ("Logging into...", "Created new ... with id") kept back; shown on failure.
quietly() {
  local out
  if ! out=$("$@" 2>&1); then
    printf '%s\n' "$out" >&2
    return 1
  fi
}

# The id of the first object of a list that kcadm printed as `--fields id --format csv --noquotes`.
first_id() { head -n 1 | tr -d '\r'; }

configure() {
  local admin_password person_password
  admin_password=$(secret admin-password "${KC_BOOTSTRAP_ADMIN_PASSWORD:-}")
  person_password=$(secret person-password "${KEYCLOAK_USER_PASSWORD:-}")
  quietly kcadm config credentials --server "$server" --realm master --user "$admin_user" \
    --password "$admin_password" || die "kcadm.sh could not sign in to Keycloak as $admin_user (a bootstrap admin is made only at the first start)"

  if ! kcadm get "realms/$realm" --fields realm >/dev/null 2>&1; then
    quietly kcadm create realms -s realm="$realm" -s enabled=true -s displayName="VLM Console"
    say "Created realm $realm"
  fi

  local redirect=$console_url/login/oauth2/code/sso
  local after_logout=$console_url/login?logout
  local client_id
  client_id=$(kcadm get clients -r "$realm" -q clientId="$client" --fields id --format csv --noquotes | first_id)
  local settings=(
    -s enabled=true
    -s protocol=openid-connect
    -s publicClient=false
    -s clientAuthenticatorType=client-secret
    -s standardFlowEnabled=true
    -s implicitFlowEnabled=false
    -s directAccessGrantsEnabled=false
    -s serviceAccountsEnabled=false
    -s "rootUrl=$console_url"
    -s "baseUrl=$console_url/"
    -s "redirectUris=[\"$redirect\"]"
    -s "webOrigins=[\"+\"]"
    -s 'attributes."pkce.code.challenge.method"=S256'
    -s "attributes.\"post.logout.redirect.uris\"=$after_logout"
  )
  if [ -z "$client_id" ]; then
    client_id=$(kcadm create clients -r "$realm" -s clientId="$client" -s name="VLM Console" "${settings[@]}" -i)
    say "Created client $client"
  else
    kcadm update "clients/$client_id" -r "$realm" "${settings[@]}"
  fi

  local mapper
  mapper=$(kcadm get "clients/$client_id/protocol-mappers/models" -r "$realm" --fields id,name --format csv --noquotes \
    | awk -F, '$2 == "groups" { print $1 }' | first_id)
  local mapper_settings=(
    -s name=groups
    -s protocol=openid-connect
    -s protocolMapper=oidc-group-membership-mapper
    -s 'config."claim.name"=groups'
    -s 'config."full.path"=false'
    -s 'config."id.token.claim"=true'
    -s 'config."access.token.claim"=true'
    -s 'config."userinfo.token.claim"=true'
  )
  if [ -z "$mapper" ]; then
    quietly kcadm create "clients/$client_id/protocol-mappers/models" -r "$realm" "${mapper_settings[@]}"
    say "Created the groups claim mapper"
  else
    kcadm update "clients/$client_id/protocol-mappers/models/$mapper" -r "$realm" "${mapper_settings[@]}"
  fi

  local group_id
  group_id=$(kcadm get groups -r "$realm" -q search="$group" -q exact=true --fields id,name --format csv --noquotes \
    | awk -F, -v g="$group" '$2 == g { print $1 }' | first_id)
  if [ -z "$group_id" ]; then
    group_id=$(kcadm create groups -r "$realm" -s name="$group" -i)
    say "Created group $group"
  fi

  local user_id
  user_id=$(kcadm get users -r "$realm" -q username="$person_user" -q exact=true --fields id --format csv --noquotes \
    | first_id)
  local person=(
    -s enabled=true
    -s "email=$person_email"
    -s emailVerified=true
    -s "firstName=$person_first"
    -s "lastName=$person_last"
    -s 'requiredActions=[]'
  )
  if [ -z "$user_id" ]; then
    user_id=$(kcadm create users -r "$realm" -s username="$person_user" "${person[@]}" -i)
    say "Created user $person_user <$person_email>"
  else
    kcadm update "users/$user_id" -r "$realm" "${person[@]}"
  fi
  kcadm set-password -r "$realm" --userid "$user_id" --new-password "$person_password"
  kcadm update "users/$user_id/groups/$group_id" -r "$realm" -s realm="$realm" -s userId="$user_id" \
    -s groupId="$group_id" -n
}

print_env() {
  local client_id client_secret person_password
  quietly kcadm config credentials --server "$server" --realm master --user "$admin_user" \
    --password "$(secret admin-password "${KC_BOOTSTRAP_ADMIN_PASSWORD:-}")" \
    || die "kcadm.sh could not sign in to Keycloak as $admin_user"
  client_id=$(kcadm get clients -r "$realm" -q clientId="$client" --fields id --format csv --noquotes | first_id)
  [ -n "$client_id" ] || die "no client $client in realm $realm: run $0 start"
  client_secret=$(kcadm get "clients/$client_id/client-secret" -r "$realm" --fields value --format csv --noquotes \
    | first_id)
  person_password=$(secret person-password "${KEYCLOAK_USER_PASSWORD:-}")
  cat <<EOF
# Keycloak $version on $server, realm $realm. Export these, then start the console at $console_url:
export CONSOLE_OIDC_ISSUER_URI=$server/realms/$realm
export CONSOLE_OIDC_CLIENT_ID=$client
export CONSOLE_OIDC_CLIENT_SECRET=$client_secret
# Sign in as $person_user (email $person_email, group $group) with the password $person_password
# Keycloak's administration console: $server/admin/ ($admin_user, password in $state/admin-password unless
# KC_BOOTSTRAP_ADMIN_PASSWORD was set at its first start)
EOF
}

stop_keycloak() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$pid_file"
    say "No Keycloak started by this script is running"
    return 0
  fi
  say "Stopping Keycloak (pid $pid)"
  # the process group that setsid made for it: kc.sh and the JVM it started, nothing else
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 30 ]; do
    sleep 1
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
  fi
  rm -f "$pid_file"
}

case "${1:-}" in
  start)
    use_jdk21
    command -v unzip >/dev/null || die "unzip is missing (apt-get install unzip)"
    command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
    mkdir -p "$state" && chmod 700 "$state"
    fetch
    start_keycloak
    configure
    print_env
    ;;
  env)
    use_jdk21
    running_pid >/dev/null || die "Keycloak is not running: $0 start"
    print_env
    ;;
  status)
    if pid=$(running_pid); then
      if ready; then
        echo "Keycloak $version runs (pid $pid) and answers on $server"
      else
        echo "Keycloak $version runs (pid $pid) but does not answer on $server yet"
      fi
    else
      echo "Keycloak is not running (no process started by $0)"
      exit 3
    fi
    ;;
  stop)
    stop_keycloak
    ;;
  *)
    say "usage: $0 start|env|status|stop   (see the comment at the top of this script)"
    exit 2
    ;;
esac
