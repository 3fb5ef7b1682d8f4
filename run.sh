#!/usr/bin/env bash
# Starts the whole ntt110 suite on this machine: a real PostgreSQL (embedded, data kept in .ntt110/), Keycloak (the
# identity provider, realm ntt110 with local users) and the four services, wired to each other over HTTP. Stays in the foreground; Ctrl-C or SIGTERM stops everything it started.
#
#   ./run.sh            build what is missing or stale, start, print the URLs
#   ./run.sh --clean    the same, from an empty local database (with NTT110_PG_URL the external databases keep their data)
#   ./run.sh --desks    also sipp desk phones that answer (Polda's and Belu's), with the desks' destinations pointed at
#                       them, so that a test call to sip:110@127.0.0.1:5060 rings somewhere (telephony/README.md)
#
# The SIP edge (Kamailio, telephony/kamailio.cfg) starts when Kamailio is installed, on UDP and TCP 127.0.0.1:5060.
# Environment (all optional):
#   NTT110_HOME          folder for the database, unpacked binaries and logs   (default: ./.ntt110)
#   NTT110_PG_PORT       port of the embedded PostgreSQL                        (default: 55432)
#   NTT110_PG_URL        an external PostgreSQL instead, e.g. jdbc:postgresql://db:5432/ (databases are created on it)
#   NTT110_PG_USER       its user (default postgres); NTT110_PG_PASSWORD its password
#   NTT110_JAVA_OPTS     JVM options for each service (default: scripts/jdk.sh's, as the AOT caches were trained with)
#   NTT110_READY_TIMEOUT seconds to wait for all services to be ready          (default: 180)
#   NTT110_KEYCLOAK_PORT Keycloak's port (default 8180; its management port is NTT110_KEYCLOAK_MANAGEMENT_PORT, 9180)
#   NTT110_KEYCLOAK_ZIP  the keycloak-quarkus-dist zip (default: fetched through Maven into ~/.m2)
#   NTT110_STOP_TIMEOUT  seconds a process left by a killed earlier run gets to stop before SIGKILL  (default: 35)
#   NTT110_SIP_PORT      the SIP edge's port (default 5060; its --desks phones take 5071 and 5072)
#   NTT110_SIP_METRICS_PORT where the SIP edge answers GET /metrics and /health (default 9190)
# Any other variable reaches the services, which read Quarkus configuration from the environment, e.g.
#   ROUTING_BOUNDARIES_FILE=/path/to/other-boundaries.geojson ./run.sh
# Needs a JDK 25 or newer (found by scripts/jdk.sh: JAVA_HOME, the java on PATH, or one beside the system's Java).
set -euo pipefail

cd "$(dirname "$0")"
ROOT=$PWD
# shellcheck source=scripts/jdk.sh
source scripts/jdk.sh
JAVA_OPTS=${NTT110_JAVA_OPTS:-$NTT110_SERVICE_JVM_OPTIONS}
HOME_DIR=${NTT110_HOME:-$ROOT/.ntt110}
PG_PORT=${NTT110_PG_PORT:-55432}
PG_DATA=$HOME_DIR/pgdata
LOGS=$HOME_DIR/logs
READY_TIMEOUT=${NTT110_READY_TIMEOUT:-180}
# Above LocalKeycloak's own 30 s for stopping Keycloak when its launcher gets SIGTERM.
STOP_TIMEOUT=${NTT110_STOP_TIMEOUT:-35}
KC_PORT=${NTT110_KEYCLOAK_PORT:-8180}
KC_MANAGEMENT_PORT=${NTT110_KEYCLOAK_MANAGEMENT_PORT:-9180}
KC_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml)
KC_HOME=$HOME_DIR/keycloak
PG_JAR=$ROOT/test-support/target/test-support-1.0.0-SNAPSHOT.jar
# name:port:database
SERVICES=(routing-service:8081:routing incident-service:8082:incident stats-service:8083:stats rollout-service:8084:rollout)
DATABASES=$(for entry in "${SERVICES[@]}"; do IFS=: read -r _ _ db <<<"$entry"; printf '%s,' "$db"; done)
DATABASES=${DATABASES%,},keycloak,edge

CLEAN=false
DESKS=false
SIP_PORT=${NTT110_SIP_PORT:-5060}
EDGE_METRICS_PORT=${NTT110_SIP_METRICS_PORT:-9190}
for arg in "$@"; do
  case $arg in
    --clean) CLEAN=true ;;
    --desks) DESKS=true ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '[run.sh] %s\n' "$*"; }
warn() { printf '[run.sh] NOTE: %s\n' "$*" >&2; }
fail() { printf '[run.sh] ERROR: %s\n' "$*" >&2; exit 1; }
[[ $STOP_TIMEOUT =~ ^[0-9]+$ ]] || fail "NTT110_STOP_TIMEOUT must be a whole number of seconds, not '$STOP_TIMEOUT'."

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# HTTP status of GET http://127.0.0.1:$1$2, or nothing; no curl needed.
http_status() {
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$2" >&3
    IFS=' ' read -r -t 5 _ status _ <&3 || true
    echo "${status:-}"
  ) 2>/dev/null
}

# --- processes left by a killed run: pids are read from files, and a pid may since have been reused ----------------
# Whether process $1 runs and is not a zombie (an exited process its parent has not reaped yet).
alive() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  stat=${stat##*) }
  [ "${stat%% *}" != Z ]
}

# Whether an argument of process $1 names the file $2: the same text, or the same file (relative arguments are taken
# from the process's working directory).
names_path() {
  local pid=$1 path=$2 arg cwd args=()
  { mapfile -d '' -t args <"/proc/$pid/cmdline"; } 2>/dev/null || return 1
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || cwd=""
  for arg in "${args[@]}"; do
    [ "$arg" = "$path" ] && return 0
    [[ $arg == /* ]] || { [ -n "$cwd" ] || continue; arg=$cwd/$arg; }
    if [ "$arg" = "$path" ] || [ "$arg" -ef "$path" ]; then return 0; fi
  done
  return 1
}

# The command line of process $1, shortened, for messages.
command_of() {
  local command
  command=$(tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null) || true
  command=${command% }
  printf '%s' "${command:0:100}"
}

# Whether process $1 is one this script starts below (java with the arguments it is given there), as our user; sets
# STARTED_AS to which one.
started_here() {
  local pid=$1 entry name
  STARTED_AS=""
  [ -O "/proc/$pid" ] || return 1
  if names_path "$pid" "$ROOT/telephony/kamailio.cfg"; then STARTED_AS="the SIP edge (Kamailio)"
  elif names_path "$pid" "$ROOT/telephony/sipp/desk-answer.xml"; then STARTED_AS="a sipp desk phone"
  elif names_path "$pid" "$PG_JAR"; then
    if names_path "$pid" "$PG_DATA"; then STARTED_AS="the PostgreSQL launcher"
    elif names_path "$pid" "$KC_HOME"; then STARTED_AS="the Keycloak launcher"
    fi
  else
    for entry in "${SERVICES[@]}"; do
      IFS=: read -r name _ <<<"$entry"
      names_path "$pid" "$ROOT/$name/target/quarkus-app/quarkus-run.jar" && STARTED_AS=$name && break
    done
  fi
  [ -n "$STARTED_AS" ]
}

# Whether process $1 is the PostgreSQL server of our data folder, as our user.
postgres_is_ours() { [ -O "/proc/$1" ] && names_path "$1" "$PG_DATA"; }

# Sends signal $1 to the processes $3..., waits up to STOP_TIMEOUT s (every 0.5 s) for them to be gone, then sends
# SIGKILL to those left that the check $2 (a function given the pid) still finds ours, and says so.
stop_waiting() {
  local signal=$1 ours=$2 pid polls left=() killed=()
  shift 2
  for pid in "$@"; do kill -"$signal" "$pid" 2>/dev/null || true; done
  for ((polls = 0; ; polls++)); do
    left=()
    for pid in "$@"; do alive "$pid" && left+=("$pid"); done
    [ ${#left[@]} -eq 0 ] && return 0
    [ "$polls" -ge $((STOP_TIMEOUT * 2)) ] && break
    [ "$polls" -eq 0 ] && say "waiting up to $STOP_TIMEOUT s for ${left[*]} to stop (NTT110_STOP_TIMEOUT)..."
    sleep 0.5
  done
  for pid in "${left[@]}"; do "$ours" "$pid" && killed+=("$pid"); done
  [ ${#killed[@]} -eq 0 ] && return 0
  say "still running after $STOP_TIMEOUT s: ${killed[*]}; killing (SIGKILL)"
  for pid in "${killed[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    left=()
    for pid in "${killed[@]}"; do alive "$pid" && left+=("$pid"); done
    [ ${#left[@]} -eq 0 ] && return 0
    sleep 0.1
  done
}

# --- pre-flight: one run per NTT110_HOME, free ports -------------------------------------------------------------
mkdir -p "$HOME_DIR"
exec 9>"$HOME_DIR/run.lock"
flock -n 9 || fail "another ./run.sh is already running with $HOME_DIR; stop it first (or set NTT110_HOME)."
# Java processes left running by a run that was killed with SIGKILL: stop them (their pids are recorded below), but
# only those that still are ours.
if [ -f "$HOME_DIR/pids" ]; then
  leftovers=()
  while read -r pid; do
    if ! [[ $pid =~ ^[0-9]+$ ]] || ! alive "$pid"; then continue; fi
    if started_here "$pid"; then
      say "stopping process $pid ($STARTED_AS) left over from an earlier run"
      leftovers+=("$pid")
    else
      say "pid $pid in $HOME_DIR/pids is no longer a process of an earlier run (now: $(command_of "$pid")): left alone"
    fi
  done <"$HOME_DIR/pids"
  [ ${#leftovers[@]} -eq 0 ] || stop_waiting TERM started_here "${leftovers[@]}"
  rm -f "$HOME_DIR/pids"
fi
for entry in "${SERVICES[@]}" keycloak:$KC_PORT keycloak-management:$KC_MANAGEMENT_PORT; do
  IFS=: read -r name port _ <<<"$entry"
  port_in_use "$port" && fail "port $port (for $name) is already in use; stop what listens there (e.g. an earlier ./run.sh) and try again."
done
external_pg=false
[ -n "${NTT110_PG_URL:-}" ] && external_pg=true
# --clean empties only what lives in NTT110_HOME: databases on an external server are never dropped by this script.
if $CLEAN && $external_pg; then
  pg_server=${NTT110_PG_URL%%\?*}
  pg_server=${pg_server%/}/
  drops=$(IFS=,; for db in $DATABASES; do printf " -c 'DROP DATABASE %s'" "$db"; done)
  warn "--clean only removes local state (in $HOME_DIR): the databases ${DATABASES//,/, } on the external PostgreSQL at $pg_server keep their data; to start from empty ones, drop them there yourself (run.sh creates them again), e.g. psql '${pg_server#jdbc:}postgres' -U ${NTT110_PG_USER:-postgres}$drops"
fi

# A PostgreSQL left behind by a run that was killed with SIGKILL still holds our data folder: stop it. A live pid in
# its postmaster.pid that is not that server is left alone, and the stale file removed (PostgreSQL would not start).
stop_leftover_postgres() {
  local pidfile=$PG_DATA/postmaster.pid pid
  [ -f "$pidfile" ] || return 0
  pid=$(head -n 1 "$pidfile")
  if ! [[ $pid =~ ^[0-9]+$ ]] || ! alive "$pid"; then return 0; fi
  if postgres_is_ours "$pid"; then
    say "stopping PostgreSQL (pid $pid) left over from an earlier run"
    stop_waiting INT postgres_is_ours "$pid"   # SIGINT: PostgreSQL's fast shutdown
  else
    say "pid $pid in $pidfile is not a PostgreSQL of $PG_DATA (now: $(command_of "$pid")): left alone, the stale file removed"
    rm -f "$pidfile"
  fi
}
if ! $external_pg; then
  stop_leftover_postgres
  port_in_use "$PG_PORT" && fail "port $PG_PORT (for the embedded PostgreSQL) is already in use; set NTT110_PG_PORT to a free port."
fi

# --- process bookkeeping: everything started here is stopped on exit ------------------------------------------------
PG_PID=""
KC_PID=""
declare -A SERVICE_PIDS=()
EDGE_PIDS=()
STOPPING=false

stop_all() {
  $STOPPING && return 0
  STOPPING=true
  trap '' INT TERM
  local name pid
  if [ ${#EDGE_PIDS[@]} -gt 0 ]; then
    say "stopping the SIP edge..."
    for pid in "${EDGE_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 100); do
      local edge_alive=false
      for pid in "${EDGE_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && edge_alive=true; done
      $edge_alive || break
      sleep 0.1
    done
    for pid in "${EDGE_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  if [ ${#SERVICE_PIDS[@]} -gt 0 ]; then
    say "stopping the services..."
    for name in "${!SERVICE_PIDS[@]}"; do kill -TERM "${SERVICE_PIDS[$name]}" 2>/dev/null || true; done
    for _ in $(seq 1 250); do
      local alive=false
      for pid in "${SERVICE_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=true; done
      $alive || break
      sleep 0.1
    done
    for pid in "${SERVICE_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  if [ -n "$KC_PID" ]; then
    say "stopping Keycloak..."
    kill -TERM "$KC_PID" 2>/dev/null || true   # its launcher stops Keycloak's own process first
    for _ in $(seq 1 350); do kill -0 "$KC_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$KC_PID" 2>/dev/null || true
  fi
  if [ -n "$PG_PID" ]; then
    say "stopping PostgreSQL..."
    kill -TERM "$PG_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$PG_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PG_PID" 2>/dev/null || true
    stop_leftover_postgres
  fi
  wait 2>/dev/null || true
  rm -f "$HOME_DIR/pids"
  say "stopped."
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

# --- build what is missing or stale --------------------------------------------------------------------------------
# Maven leaves an unchanged jar untouched, so freshness is judged against a stamp written after each build.
BUILD_STAMP=$HOME_DIR/build.stamp
needs_build() {
  local artifact
  for artifact in "$PG_JAR" routing-service/target/quarkus-app/quarkus-run.jar incident-service/target/quarkus-app/quarkus-run.jar \
      stats-service/target/quarkus-app/quarkus-run.jar rollout-service/target/quarkus-app/quarkus-run.jar "$BUILD_STAMP"; do
    [ -f "$artifact" ] || return 0
  done
  [ -n "$(find pom.xml ./*/pom.xml ./*/src/main -newer "$BUILD_STAMP" -type f -print -quit 2>/dev/null)" ]
}
if needs_build; then
  say "building (./mvnw package, tests skipped; run ./mvnw verify for those)..."
  mkdir -p "$HOME_DIR"
  touch "$BUILD_STAMP.new"
  ./mvnw -B -q -DskipTests package 9>&- || fail "the build failed; see the output above."
  mv "$BUILD_STAMP.new" "$BUILD_STAMP"
fi

mkdir -p "$LOGS"
if $CLEAN; then
  say "--clean: removing the local database in $PG_DATA"
  rm -rf "$PG_DATA" "$HOME_DIR/routing-directory.json"
fi

# --- PostgreSQL ------------------------------------------------------------------------------------------------------
if $external_pg; then
  PG_BASE_URL=${NTT110_PG_URL%/}/
  PG_USER=${NTT110_PG_USER:-postgres}
  PG_PASSWORD=${NTT110_PG_PASSWORD:-}
  say "using the external PostgreSQL at $PG_BASE_URL"
  NTT110_PG_PASSWORD=$PG_PASSWORD java -jar "$PG_JAR" --external-url "$PG_BASE_URL" --user "$PG_USER" \
      --databases "$DATABASES" >"$LOGS/postgres.log" 2>&1 \
    || fail "cannot prepare the databases on $PG_BASE_URL: $(tail -n 3 "$LOGS/postgres.log")"
else
  PG_BASE_URL=jdbc:postgresql://localhost:$PG_PORT/
  PG_USER=postgres
  PG_PASSWORD=
  say "starting PostgreSQL on port $PG_PORT (data in $PG_DATA)..."
  java -jar "$PG_JAR" --data "$PG_DATA" --binaries "$HOME_DIR/pg-binaries" --port "$PG_PORT" \
      --databases "$DATABASES" >"$LOGS/postgres.log" 2>&1 9>&- &
  PG_PID=$!
  echo "$PG_PID" >>"$HOME_DIR/pids"
  for _ in $(seq 1 600); do
    grep -q NTT110-POSTGRES-READY "$LOGS/postgres.log" 2>/dev/null && break
    kill -0 "$PG_PID" 2>/dev/null || { PG_PID=""; fail "PostgreSQL did not start; last lines of $LOGS/postgres.log:
$(tail -n 15 "$LOGS/postgres.log")"; }
    sleep 0.1
  done
  grep -q NTT110-POSTGRES-READY "$LOGS/postgres.log" || fail "PostgreSQL was not ready within 60 s; see $LOGS/postgres.log"
fi

# --- Keycloak: the realm ntt110, its signing key made once in $KC_HOME ---------------------------------------------
KC_ZIP=${NTT110_KEYCLOAK_ZIP:-$HOME/.m2/repository/org/keycloak/keycloak-quarkus-dist/$KC_VERSION/keycloak-quarkus-dist-$KC_VERSION.zip}
if [ ! -f "$KC_ZIP" ] && [ ! -f "$KC_HOME/keycloak-$KC_VERSION/.ntt110-unpacked" ]; then
  say "fetching Keycloak $KC_VERSION through Maven (165 MB, once)..."
  ./mvnw -B -q dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" 9>&- \
    || fail "could not fetch org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip; set NTT110_KEYCLOAK_ZIP to a copy of it."
fi
KC_ENV=$KC_HOME/services.env
rm -f "$KC_ENV"
say "starting Keycloak on port $KC_PORT (realm ntt110; data in PostgreSQL, key and secrets in $KC_HOME)..."
kc_started=$SECONDS
NTT110_PG_PASSWORD=$PG_PASSWORD java -cp "$PG_JAR" id.ntt110.testsupport.LocalKeycloak --home "$KC_HOME" --zip "$KC_ZIP" \
    --port "$KC_PORT" --management-port "$KC_MANAGEMENT_PORT" --db-url "${PG_BASE_URL}keycloak" --db-user "$PG_USER" \
    --java-home "$JAVA_HOME" --log "$LOGS/keycloak.log" --env-file "$KC_ENV" >"$LOGS/keycloak-launcher.log" 2>&1 9>&- &
KC_PID=$!
echo "$KC_PID" >>"$HOME_DIR/pids"
# The services only need the realm's public key and their secrets, written before Keycloak starts: no waiting for it.
for _ in $(seq 1 300); do
  [ -f "$KC_ENV" ] && break
  kill -0 "$KC_PID" 2>/dev/null || { KC_PID=""; fail "Keycloak's launcher stopped; see $LOGS/keycloak-launcher.log:
$(tail -n 15 "$LOGS/keycloak-launcher.log")"; }
  sleep 0.1
done
[ -f "$KC_ENV" ] || fail "Keycloak's launcher wrote no $KC_ENV within 30 s; see $LOGS/keycloak-launcher.log"
# shellcheck disable=SC1090
source "$KC_ENV"

# --- the services ----------------------------------------------------------------------------------------------------
url_of() { printf 'http://localhost:%s' "$1"; }
say "Java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1) ($JAVA_HOME)"
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name port db <<<"$entry"
  app=$ROOT/$name/target/quarkus-app
  # The AOT cache (trained by the build) records the class path relative to quarkus-app/, so the service starts from
  # there. A missing or stale cache only costs start-up time: the JVM says why in the log and runs without it.
  aot=()
  if [ -f "$app/app.aot" ]; then
    aot=(-XX:AOTCache=app.aot)
  else
    say "$name has no AOT cache ($app/app.aot): it starts without one, slower (the build trains it unless -Dntt110.aot.skip=true)"
  fi
  secret_var=NTT110_SECRET_$(echo "$name" | tr 'a-z-' 'A-Z_')
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  NTT110_OIDC_ISSUER=$NTT110_OIDC_ISSUER \
  NTT110_OIDC_PUBLIC_KEY=$NTT110_OIDC_PUBLIC_KEY \
  NTT110_OIDC_CLIENT_SECRET=${!secret_var} \
  QUARKUS_HTTP_PORT=$port \
  ROUTING_SNAPSHOT_FILE="$HOME_DIR/routing-directory.json" \
  QUARKUS_DATASOURCE_JDBC_URL=$PG_BASE_URL$db \
  QUARKUS_DATASOURCE_USERNAME=$PG_USER \
  QUARKUS_DATASOURCE_PASSWORD=$PG_PASSWORD \
  QUARKUS_REST_CLIENT_ROUTING_URL=$(url_of 8081) \
  QUARKUS_REST_CLIENT_INCIDENT_URL=$(url_of 8082) \
  QUARKUS_REST_CLIENT_STATS_URL=$(url_of 8083) \
  QUARKUS_REST_CLIENT_ROLLOUT_URL=$(url_of 8084) \
    bash -c 'cd "$1" && shift && exec "$@"' _ "$app" java $JAVA_OPTS "${aot[@]}" -jar quarkus-run.jar >"$LOGS/$name.log" 2>&1 9>&- &
  SERVICE_PIDS[$name]=$!
  echo "$!" >>"$HOME_DIR/pids"
done

say "waiting for the services to be ready (logs in $LOGS)..."
started=$SECONDS
declare -A READY=()
while [ ${#READY[@]} -lt ${#SERVICES[@]} ]; do
  for entry in "${SERVICES[@]}"; do
    IFS=: read -r name port _ <<<"$entry"
    [ -n "${READY[$name]:-}" ] && continue
    if ! kill -0 "${SERVICE_PIDS[$name]}" 2>/dev/null; then
      fail "$name did not start; last lines of $LOGS/$name.log:
$(tail -n 20 "$LOGS/$name.log")"
    fi
    if [ "$(http_status "$port" /q/health/ready)" = 200 ]; then
      READY[$name]=$((SECONDS - started))
    fi
  done
  [ $((SECONDS - started)) -gt "$READY_TIMEOUT" ] && fail "not all services were ready within ${READY_TIMEOUT} s (ready: ${!READY[*]}); see $LOGS"
  sleep 0.2
done
services_ready=$((SECONDS - started))
say "the services are ready in $services_ready s; waiting for Keycloak (the first start imports the realm)..."
until grep -q NTT110-KEYCLOAK-READY "$LOGS/keycloak-launcher.log" 2>/dev/null; do
  kill -0 "$KC_PID" 2>/dev/null || { KC_PID=""; fail "Keycloak did not start; see $LOGS/keycloak-launcher.log and $LOGS/keycloak.log:
$(tail -n 15 "$LOGS/keycloak-launcher.log")"; }
  [ $((SECONDS - started)) -gt "$READY_TIMEOUT" ] && fail "Keycloak was not ready within ${READY_TIMEOUT} s; see $LOGS/keycloak.log"
  sleep 0.2
done
kc_ready=$((SECONDS - kc_started))

# --- the SIP edge, when Kamailio is installed ---------------------------------------------------------------------
# Whether UDP port $1 is bound on this machine (bash cannot probe UDP: the kernel's table says it).
udp_in_use() { grep -qi "^ *[0-9]*: [0-9A-F]*:$(printf '%04X' "$1") " /proc/net/udp /proc/net/udp6 2>/dev/null; }
SIP_LINE=""
DESK_LINES=""
POLDA_URI=sip:110@polda-ntt.spkt.invalid
if ! command -v kamailio >/dev/null 2>&1; then
  SIP_LINE="sip-edge           not started: Kamailio is not installed (sudo apt-get install -y kamailio kamailio-extra-modules kamailio-json-modules kamailio-utils-modules kamailio-postgres-modules sip-tester)"
elif port_in_use "$EDGE_METRICS_PORT"; then
  SIP_LINE="sip-edge           not started: its metrics port $EDGE_METRICS_PORT is already in use; set NTT110_SIP_METRICS_PORT"
elif port_in_use "$SIP_PORT" || udp_in_use "$SIP_PORT"; then
  SIP_LINE="sip-edge           not started: port $SIP_PORT is already in use (Debian's own kamailio service? sudo systemctl disable --now kamailio), or set NTT110_SIP_PORT"
else
  if $DESKS; then
    if ! command -v sipp >/dev/null 2>&1; then
      warn "--desks needs sipp (sudo apt-get install -y sip-tester); the edge starts without desk phones"
    else
      # http_json METHOD PORT PATH BODY [TOKEN] [CONTENT_TYPE]: the response body, over bash's /dev/tcp (no curl needed).
      http_json() {
        local auth="" response
        [ -n "${5:-}" ] && auth="Authorization: Bearer $5"$'\r\n'
        exec 3<>"/dev/tcp/127.0.0.1/$2"
        printf '%s %s HTTP/1.0\r\nHost: localhost\r\n%sContent-Type: %s\r\nContent-Length: %d\r\n\r\n%s' \
          "$1" "$3" "$auth" "${6:-application/json}" "${#4}" "$4" >&3
        response=$(cat <&3)
        exec 3>&-
        printf '%s' "${response#*$'\r\n\r\n'}"
      }
      answer=$(http_json POST "$KC_PORT" /realms/ntt110/protocol/openid-connect/token \
        "grant_type=password&client_id=ntt110-cli&username=admin&password=admin" "" application/x-www-form-urlencoded)
      [[ $answer =~ \"access_token\":\"([^\"]+)\" ]] || fail "--desks: no admin token from the local Keycloak: ${answer:0:200}"
      admin_token=${BASH_REMATCH[1]}
      desk_port=5071
      for unit in POLDA-NTT POLRES-BELU; do
        port_in_use "$desk_port" || udp_in_use "$desk_port" && fail "--desks: port $desk_port (the phone of $unit) is in use"
        # Each phone rings 2 s, answers, and hangs up when the caller does.
        sipp -sf "$ROOT/telephony/sipp/desk-answer.xml" -i 127.0.0.1 -p "$desk_port" -cp $((desk_port + 1000)) -d 2000 \
          -nostdin >"$LOGS/desk-$unit.log" 2>&1 9>&- &
        EDGE_PIDS+=($!)
        echo "$!" >>"$HOME_DIR/pids"
        reply=$(http_json PUT 8081 "/units/$unit/destination" "{\"destination\": \"sip:110@127.0.0.1:$desk_port\"}" "$admin_token")
        [[ $reply == *"sip:110@127.0.0.1:$desk_port"* ]] || fail "--desks: routing refused the destination of $unit: ${reply:0:200}"
        [ "$unit" = POLDA-NTT ] && POLDA_URI=sip:110@127.0.0.1:$desk_port
        DESK_LINES+=$(printf '%-18s %s' "$unit" "sip:110@127.0.0.1:$desk_port (sipp desk phone, answers after 2 s)")$'\n'
        desk_port=$((desk_port + 1))
      done
    fi
  fi
  # The edge's spool of legs: its own database, its tables from telephony/spool.sql (idempotent, every start).
  NTT110_PG_PASSWORD=$PG_PASSWORD java -jar "$PG_JAR" --external-url "$PG_BASE_URL" --user "$PG_USER" --databases edge \
      --execute "$ROOT/telephony/spool.sql" >"$LOGS/sip-edge-spool.log" 2>&1 \
    || fail "cannot prepare the SIP edge's spool: $(tail -n 3 "$LOGS/sip-edge-spool.log")"
  pg_address=${PG_BASE_URL#jdbc:postgresql://}
  pg_address=${pg_address%/}
  pg_address=${pg_address/localhost/127.0.0.1}
  say "starting the SIP edge (Kamailio) on UDP and TCP 127.0.0.1:$SIP_PORT..."
  NTT110_SPOOL_SQLCON="spool=>postgres://$PG_USER${PG_PASSWORD:+:$PG_PASSWORD}@$pg_address/edge" NTT110_STATS_URL=$(url_of 8083) \
  NTT110_ROUTING_URL=$(url_of 8081) NTT110_TOKEN_URL=$NTT110_OIDC_TOKEN_URL NTT110_TELEPHONY_SECRET=$NTT110_SECRET_TELEPHONY \
  NTT110_POLDA_URI=$POLDA_URI NTT110_TRUNKS=127.0.0.0/8 NTT110_DESK_URL=http://localhost:8080/desk \
  NTT110_METRICS_PORT=$EDGE_METRICS_PORT \
    kamailio -f "$ROOT/telephony/kamailio.cfg" -l "udp:127.0.0.1:$SIP_PORT" -l "tcp:127.0.0.1:$SIP_PORT" \
      -l "tcp:127.0.0.1:$EDGE_METRICS_PORT" -DD -E \
      -w "$HOME_DIR" -m 64 -M 8 >"$LOGS/sip-edge.log" 2>&1 9>&- &
  EDGE_PIDS+=($!)
  echo "$!" >>"$HOME_DIR/pids"
  edge_pid=$!
  for _ in $(seq 1 150); do
    grep -q "service token for routing renewed" "$LOGS/sip-edge.log" 2>/dev/null && break
    kill -0 "$edge_pid" 2>/dev/null || fail "the SIP edge did not start; last lines of $LOGS/sip-edge.log:
$(tail -n 15 "$LOGS/sip-edge.log")"
    sleep 0.1
  done
  grep -q "service token for routing renewed" "$LOGS/sip-edge.log" \
    || warn "the SIP edge has no token for routing yet (calls go to Polda without asking); see $LOGS/sip-edge.log"
  SIP_LINE="sip-edge           sip:110@127.0.0.1:$SIP_PORT (UDP and TCP; metrics http://127.0.0.1:$EDGE_METRICS_PORT/metrics; log $LOGS/sip-edge.log)"
fi

echo
printf '%-18s %-24s %-40s %s\n' SERVICE API "SWAGGER UI" HEALTH
for entry in "${SERVICES[@]}"; do
  IFS=: read -r name port _ <<<"$entry"
  base=$(url_of "$port")
  printf '%-18s %-24s %-40s %s\n' "$name" "$base" "$base/q/swagger-ui" "$base/q/health"
done
printf '%-18s %-24s %s\n' keycloak "$(url_of "$KC_PORT")" "realm ntt110: $NTT110_OIDC_ISSUER"
echo "$SIP_LINE"
[ -z "$DESK_LINES" ] || printf '%s' "$DESK_LINES"
echo
echo "Local users (password = user name; local only): operator-belu, operator-polda (OPERATOR), supervisor-belu,"
echo "supervisor-polda (SUPERVISOR), manager (PROGRAM_MANAGER), admin (ADMIN). A token for scripts (its access_token):"
echo "  curl -s -d grant_type=password -d client_id=ntt110-cli -d username=admin -d password=admin $NTT110_OIDC_TOKEN_URL"
echo
say "NTT110-SUITE-READY in $((SECONDS - started)) s (services $services_ready s, Keycloak $kc_ready s) — PostgreSQL ${PG_BASE_URL}; Ctrl-C stops everything."

# Stay in the foreground; if a service dies, say which one and stop the rest.
while true; do
  for name in "${!SERVICE_PIDS[@]}"; do
    if ! kill -0 "${SERVICE_PIDS[$name]}" 2>/dev/null; then
      fail "$name stopped unexpectedly; last lines of $LOGS/$name.log:
$(tail -n 20 "$LOGS/$name.log")"
    fi
  done
  if [ -n "$PG_PID" ] && ! kill -0 "$PG_PID" 2>/dev/null; then
    PG_PID=""
    fail "PostgreSQL stopped unexpectedly; see $LOGS/postgres.log"
  fi
  if [ -n "$KC_PID" ] && ! kill -0 "$KC_PID" 2>/dev/null; then
    KC_PID=""
    fail "Keycloak stopped unexpectedly; see $LOGS/keycloak-launcher.log and $LOGS/keycloak.log"
  fi
  if [ -n "${edge_pid:-}" ] && ! kill -0 "$edge_pid" 2>/dev/null; then
    fail "the SIP edge stopped unexpectedly; last lines of $LOGS/sip-edge.log:
$(tail -n 15 "$LOGS/sip-edge.log")"
  fi
  sleep 1 &
  wait $! || true
done
