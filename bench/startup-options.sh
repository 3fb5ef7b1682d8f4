#!/usr/bin/env bash
# Where start-up time and idle memory go: starts one service (default incident-service) N times with each JVM
# option set below and prints the median time to ready, Quarkus's "started in" and the idle RSS. A side experiment
# for docs/benchmarks.md (benchmark 5), not part of bench/run.sh. Needs the service built and curl.
#   bench/startup-options.sh [SERVICE] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICE=${1:-incident-service} RUNS=${2:-3}
DB=${SERVICE%-service}
PG_PORT=55497 PORT=18090
WORK=$(mktemp -d /tmp/ntt110-startup.XXXXXX)
PG_PID=
cleanup() { [ -n "$PG_PID" ] && kill -TERM "$PG_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

java -jar test-support/target/test-support-1.0.0-SNAPSHOT.jar --data "$WORK/pgdata" --binaries "$PWD/.ntt110/pg-binaries" \
  --port "$PG_PORT" --databases "$DB" >"$WORK/pg.log" 2>&1 &
PG_PID=$!
until grep -q NTT110-POSTGRES-READY "$WORK/pg.log"; do sleep 0.2; done

median() { sort -g | awk '{a[NR] = $1} END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
start_once() { # OPTS → "ready_ms quarkus_s rss_mb"
  local begin pid ready rss quarkus
  begin=$(date +%s%3N)
  # shellcheck disable=SC2086
  QUARKUS_HTTP_PORT=$PORT QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://localhost:$PG_PORT/$DB QUARKUS_DATASOURCE_USERNAME=postgres \
    QUARKUS_REST_CLIENT_STATS_URL=http://127.0.0.1:9 QUARKUS_REST_CLIENT_INCIDENT_URL=http://127.0.0.1:9 \
    QUARKUS_REST_CLIENT_ROUTING_URL=http://127.0.0.1:9 \
    java $1 -jar "$SERVICE/target/quarkus-app/quarkus-run.jar" >"$WORK/svc.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$PORT/q/health/ready" >/dev/null; do sleep 0.05; done
  ready=$(($(date +%s%3N) - begin))
  sleep 5
  rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")
  quarkus=$(grep -o 'started in [0-9.]*s' "$WORK/svc.log" | grep -o '[0-9.]*' | head -1)
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ready $quarkus $rss"
}
start_once "-Xmx192m" >/dev/null   # migrations, file cache
printf '| JVM options | ready ms | Quarkus "started in" s | RSS idle MB |\n|---|---|---|---|\n'
for opts in "-Xmx192m" "-Xmx192m -XX:TieredStopAtLevel=1" "-Xmx192m -XX:+UseSerialGC" \
    "-Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=48m -Xss512k" \
    "-Xmx192m -XX:ActiveProcessorCount=1"; do
  : >"$WORK/runs"
  for _ in $(seq 1 "$RUNS"); do start_once "$opts" >>"$WORK/runs"; done
  printf '| `%s` | %s | %s | %s |\n' "$opts" "$(awk '{print $1}' "$WORK/runs" | median)" \
    "$(awk '{print $2}' "$WORK/runs" | median)" "$(awk '{print $3}' "$WORK/runs" | median)"
done
