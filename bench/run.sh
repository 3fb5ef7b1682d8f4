#!/usr/bin/env bash
# Benchmarks of ntt110, each against a floor measured in the same run on the same machine, written to
# docs/benchmarks.md. From a fresh clone: installs wrk if missing (Debian), builds if needed, starts what it needs on
# loopback and stops it afterwards.
#
#   bench/run.sh           full runs (5 × 15 s per figure)
#   bench/run.sh --quick   a few seconds per benchmark: checks that the harness works, not how fast
#
# Benchmarks: 1. routing (POST /routes vs a trivial GET of the same service); 2. CDR ingestion (vs a multi-row
# INSERT); 3. the week report over 10 million legs (vs a plain GROUP BY); 4. incidents (create rate, search p95 with a
# million incidents); 5. start-up (time to ready and idle RSS of each service, and ./run.sh to all four ready); 6. the
# call-back queue (GET /callbacks and GET /stats/callbacks for a month, over ten million more legs); 7. the SIP edge
# (bench/sip-edge.sh: post-dial delay with routing vs a static route, the ring timer, routing frozen).
# Benchmark 5 runs ./run.sh itself, so ports 8081-8084 must be free.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=../scripts/jdk.sh
source scripts/jdk.sh

RUNS=5 DURATION=15s THREADS=2 CONNECTIONS=32 QUICK=false
if [ "${1:-}" = --quick ]; then RUNS=1 DURATION=3s QUICK=true; fi
WORK=$(mktemp -d /tmp/ntt110-bench.XXXXXX)
PG_PORT=${BENCH_PG_PORT:-55499}
PORT=${BENCH_ROUTING_PORT:-18081}
INCIDENT_PORT=${BENCH_INCIDENT_PORT:-18082}
STATS_PORT=${BENCH_STATS_PORT:-18083}
LEG_ROWS=10000000
BATCHES=5
SEED_ROWS=1000000
OUT=${BENCH_OUTPUT:-$ROOT/docs/benchmarks.md}
PIDS=()

say() { printf '[bench] %s\n' "$*"; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in wrk:wrk psql:postgresql-client curl:curl; do
  if ! command -v "${tool%%:*}" >/dev/null; then
    say "installing ${tool#*:} from Debian's packages"
    { apt-get install -y "${tool#*:}" || { apt-get update && apt-get install -y "${tool#*:}"; }; } >/dev/null
  fi
done
if [ ! -f routing-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f incident-service/target/quarkus-app/quarkus-run.jar ] \
    || [ ! -f stats-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f rollout-service/target/quarkus-app/quarkus-run.jar ] \
    || [ ! -f test-support/target/test-support-1.0.0-SNAPSHOT.jar ]; then
  say "building"
  ./mvnw -B -q -DskipTests package
fi
PG_JAR=test-support/target/test-support-1.0.0-SNAPSHOT.jar
# Every request carries an admin's bearer token, verified by the service as in production (locally, with the realm's
# public key); a key pair made for the run stands in for the realm's, so no Keycloak is needed. Token valid for 2 h.
IDENTITY=(java -cp "$PG_JAR" id.ntt110.testsupport.TestIdentity --dir "$WORK/identity")
BENCH_PUBLIC_KEY=$("${IDENTITY[@]}" --public-key true)
BENCH_TOKEN=$("${IDENTITY[@]}" --token admin --roles ADMIN)
curl() { command curl -H "Authorization: Bearer $BENCH_TOKEN" "$@"; }
wrk() { command wrk -H "Authorization: Bearer $BENCH_TOKEN" "$@"; }
say "starting PostgreSQL on $PG_PORT"
java -jar "$PG_JAR" --data "$WORK/pgdata" --binaries "$ROOT/.ntt110/pg-binaries" \
  --port "$PG_PORT" --databases routing,incident,stats,rollout >"$WORK/postgres.log" 2>&1 &
PIDS+=($!)
until grep -q NTT110-POSTGRES-READY "$WORK/postgres.log"; do sleep 0.2; done

# start_service NAME PORT DATABASE [ENV=VALUE...] → pid in SERVICE_PID. As ./run.sh starts it: from its quarkus-app
# folder, with its AOT cache unless AOT=off (JVM options: SERVICE_JAVA_OPTS).
SERVICE_JAVA_OPTS=-Xmx512m
start_service() {
  local name=$1 port=$2 db=$3 app=$ROOT/$1/target/quarkus-app aot=""
  shift 3
  [ "${AOT:-on}" = on ] && [ -f "$app/app.aot" ] && aot=-XX:AOTCache=app.aot
  # shellcheck disable=SC2086 # a list of options
  env QUARKUS_HTTP_PORT="$port" QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$PG_PORT/$db" \
    QUARKUS_DATASOURCE_USERNAME=postgres NTT110_OIDC_PUBLIC_KEY="$BENCH_PUBLIC_KEY" \
    NTT110_OIDC_ISSUER=https://identity.test/realms/ntt110 "$@" \
    bash -c 'cd "$1" && shift && exec "$@"' _ "$app" java $SERVICE_JAVA_OPTS $aot -jar quarkus-run.jar >"$WORK/$name.log" 2>&1 &
  SERVICE_PID=$!
  PIDS+=("$SERVICE_PID")
  until curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null; do
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -20 "$WORK/$name.log"; say "$name did not start"; exit 1; }
    sleep "${POLL:-0.3}"
  done
}
stop_service() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# wrk_run ARGS... → "rps p50_ms p99_ms p95_ms" (p95 only from scripts that print it)
wrk_run() {
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")
  echo "$out" >>"$WORK/wrk.log"
  local rps p50 p99 p95
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  p95=$(awk '$1 == "p95_us" {printf "%.3f", $2 / 1000}' <<<"$out")
  printf '%s %s %s %s\n' "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "${p95:-0}"
}
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }
median() { sort -g | awk '{a[NR] = $1} END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
minmax() { sort -g | awk 'NR == 1 {min = $1} {max = $1} END {printf "%s–%s", min, max}'; }
col() { awk -v c="$1" '{print $c}' "$2"; }
figure() { printf '%s (%s)' "$(col "$1" "$2" | median)" "$(col "$1" "$2" | minmax)"; }

# --- 5. start-up ----------------------------------------------------------------------------------------------------
# Each service as ./run.sh starts it (JVM mode, NTT110_SERVICE_JVM_OPTIONS, from its quarkus-app folder), with its AOT cache and without
# (AOT=off), alternating run by run; routing-service also with its cache but no boundaries (ROUTING_BOUNDARIES_FILE=none)
# to show what loading them costs. Wall time from launching java to /q/health/ready = 200 (polled every 50 ms),
# Quarkus's own "started in", and VmRSS / RssAnon after 5 s idle (the mapped cache is file memory: in RSS, not in
# RssAnon). One unmeasured start first applies the migrations. Then ./run.sh itself, to NTT110-SUITE-READY.
STARTUP_OPTS=$NTT110_SERVICE_JVM_OPTIONS
for name in routing-service incident-service stats-service rollout-service; do
  [ -f "$name/target/quarkus-app/app.aot" ] || { say "$name has no AOT cache: build without -Dntt110.aot.skip"; exit 1; }
done
: >"$WORK/startup.txt"
measure_start() { # NAME PORT DB MODE [ENV=VALUE...]
  local name=$1 port=$2 db=$3 mode=$4 begin ready_ms rss_mb anon_mb quarkus_s
  shift 4
  begin=$(date +%s%3N)
  AOT=$([ "$mode" = no-cache ] && echo off || echo on) SERVICE_JAVA_OPTS=$STARTUP_OPTS POLL=0.05 \
    start_service "$name" "$port" "$db" QUARKUS_REST_CLIENT_STATS_URL=http://127.0.0.1:9 \
    QUARKUS_REST_CLIENT_INCIDENT_URL=http://127.0.0.1:9 QUARKUS_REST_CLIENT_ROUTING_URL=http://127.0.0.1:9 "$@"
  ready_ms=$(($(date +%s%3N) - begin))
  sleep 5
  rss_mb=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$SERVICE_PID/status")
  anon_mb=$(awk '/RssAnon/ {printf "%.0f", $2 / 1024}' "/proc/$SERVICE_PID/status")
  quarkus_s=$(grep -o 'started in [0-9.]*s' "$WORK/$name.log" | grep -o '[0-9.]*' | head -1)
  stop_service "$SERVICE_PID"
  MEASURED="$name $mode $ready_ms $rss_mb $anon_mb $quarkus_s"
}
for svc in routing-service:18081:routing incident-service:18082:incident stats-service:18083:stats rollout-service:18084:rollout; do
  IFS=: read -r name port db <<<"$svc"
  say "5. start-up: $name (with and without its AOT cache)"
  modes=(cache no-cache)
  [ "$name" = routing-service ] && modes+=(cache-no-boundaries)
  for run in $(seq 0 "$RUNS"); do
    for mode in "${modes[@]}"; do
      extra=()
      [ "$mode" = cache-no-boundaries ] && extra=(ROUTING_BOUNDARIES_FILE=none)
      measure_start "$name" "$port" "$db" "$mode" "${extra[@]}"
      [ "$run" = 0 ] || echo "$MEASURED" >>"$WORK/startup.txt"
    done
  done
done
startup_row() { # NAME MODE
  local f=$WORK/startup-$1-$2.txt
  awk -v n="$1" -v m="$2" '$1 == n && $2 == m {print $3, $4, $5, $6}' "$WORK/startup.txt" >"$f"
  printf '| %s | %s | %s | %s | %s | %s |' "$1" "$2" "$(figure 1 "$f")" "$(col 4 "$f" | median)" "$(col 2 "$f" | median)" "$(figure 3 "$f")"
}
# worst_of MODE COLUMN: the largest of the per-service medians
worst_of() {
  for name in routing-service incident-service stats-service rollout-service; do
    awk -v n="$name" -v m="$1" -v c="$2" '$1 == n && $2 == m {print $c}' "$WORK/startup.txt" | median
  done | sort -g | tail -1
}
# median_of NAME MODE COLUMN
median_of() { awk -v n="$1" -v m="$2" -v c="$3" '$1 == n && $2 == m {print $c}' "$WORK/startup.txt" | median; }
worst_ready=$(worst_of cache 3) worst_anon=$(worst_of cache 5) worst_ready_nocache=$(worst_of no-cache 3)
say "5. start-up: the whole suite with ./run.sh"
SUITE_HOME=$WORK/suite
: >"$WORK/suite.txt"
for run in $(seq 0 "$RUNS"); do
  NTT110_HOME=$SUITE_HOME NTT110_PG_PORT=$((PG_PORT - 1)) ./run.sh >"$WORK/suite-run.log" 2>&1 &
  suite_pid=$!
  PIDS+=("$suite_pid")
  until grep -q NTT110-SUITE-READY "$WORK/suite-run.log"; do
    kill -0 "$suite_pid" 2>/dev/null || { tail -20 "$WORK/suite-run.log"; say "./run.sh did not start the suite"; exit 1; }
    sleep 0.2
  done
  suite_s=$(sed -n 's/.*NTT110-SUITE-READY in \([0-9]*\) s.*/\1/p' "$WORK/suite-run.log")
  kill -TERM "$suite_pid"; wait "$suite_pid" 2>/dev/null || true
  # run 0 builds when needed and creates the data folder: not measured
  [ "$run" = 0 ] || echo "$suite_s" >>"$WORK/suite.txt"
done
suite_median=$(col 1 "$WORK/suite.txt" | median)
say "   with the cache: slowest service ready in ${worst_ready} ms (without: ${worst_ready_nocache} ms), largest idle RssAnon ${worst_anon} MB; suite ready in ${suite_median} s (medians)"

# --- 1. routing ------------------------------------------------------------------------------------------------------
say "1. routing: starting routing-service on $PORT (the boundaries of the reference data)"
start_service routing-service "$PORT" routing \
  QUARKUS_REST_CLIENT_STATS_URL=http://127.0.0.1:9 QUARKUS_LOG_CATEGORY__ID_NTT110_ROUTING_SERVICE_DECISIONDELIVERY__LEVEL=ERROR
curl -sf -X PUT -H 'Content-Type: application/json' -d '[{"cell":"bench-cell-1","regency":"53.13"}]' \
  "http://127.0.0.1:$PORT/cells" >/dev/null
GET_URL=http://127.0.0.1:$PORT/units/POLDA-NTT
POST_URL=http://127.0.0.1:$PORT
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$GET_URL" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s bench/routes.lua "$POST_URL" >/dev/null
: >"$WORK/get.txt"; : >"$WORK/post.txt"
for run in $(seq 1 "$RUNS"); do
  say "   run $run/$RUNS"
  wrk_run "$GET_URL" >>"$WORK/get.txt"
  wrk_run -s bench/routes.lua "$POST_URL" >>"$WORK/post.txt"
done
stop_service "$SERVICE_PID"
get_rps=$(col 1 "$WORK/get.txt" | median); post_rps=$(col 1 "$WORK/post.txt" | median)
post_p99=$(col 3 "$WORK/post.txt" | median)
ratio=$(awk -v a="$post_rps" -v b="$get_rps" 'BEGIN { printf "%.2f", a / b }')
say "   POST /routes ${post_rps} req/s (p99 ${post_p99} ms); GET ${get_rps} req/s; ratio ${ratio}"

# --- 4. incidents ----------------------------------------------------------------------------------------------------
$QUICK && SEED_ROWS=20000
say "4. incidents: starting incident-service on $INCIDENT_PORT, seeding $SEED_ROWS incidents"
start_service incident-service "$INCIDENT_PORT" incident
sed "s/generate_series(1, 1000000)/generate_series(1, $SEED_ROWS)/" bench/seed-incidents.sql >"$WORK/seed.sql"
seed_started=$SECONDS
java -jar "$PG_JAR" --external-url "jdbc:postgresql://localhost:$PG_PORT/" --databases incident --execute "$WORK/seed.sql" \
  >"$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log"; exit 1; }
java -jar "$PG_JAR" --external-url "jdbc:postgresql://localhost:$PG_PORT/" --databases incident --execute bench/seed-vacuum.sql \
  >>"$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log"; exit 1; }
say "   seeded in $((SECONDS - seed_started)) s"
INCIDENT_URL=http://127.0.0.1:$INCIDENT_PORT
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s bench/incident-search.lua "$INCIDENT_URL" >/dev/null
: >"$WORK/create.txt"; : >"$WORK/search.txt"
for run in $(seq 1 "$RUNS"); do
  say "   run $run/$RUNS"
  wrk_run -s bench/incident-create.lua "$INCIDENT_URL" >>"$WORK/create.txt"
  wrk_run -s bench/incident-search.lua "$INCIDENT_URL" >>"$WORK/search.txt"
done
stop_service "$SERVICE_PID"
say "   create $(col 1 "$WORK/create.txt" | median) req/s; search $(col 1 "$WORK/search.txt" | median) req/s, p95 $(col 4 "$WORK/search.txt" | median) ms"

# --- 2 and 3. statistics ------------------------------------------------------------------------------------------
$QUICK && LEG_ROWS=100000 BATCHES=1
say "2/3. statistics: starting stats-service on $STATS_PORT, seeding $LEG_ROWS legs in July 2021"
start_service stats-service "$STATS_PORT" stats QUARKUS_REST_CLIENT_INCIDENT_URL=http://127.0.0.1:9
sed "s/generate_series(1, 10000000)/generate_series(1, $LEG_ROWS)/" bench/seed-legs.sql >"$WORK/seed-legs.sql"
legs_started=$SECONDS
for script in "$WORK/seed-legs.sql" bench/seed-legs-vacuum.sql bench/plain-insert-table.sql; do
  java -jar "$PG_JAR" --external-url "jdbc:postgresql://localhost:$PG_PORT/" --databases stats --execute "$script" \
    >>"$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log"; exit 1; }
done
legs_seconds=$((SECONDS - legs_started))
say "   seeded in $legs_seconds s"
PSQL=(psql -h localhost -p "$PG_PORT" -U postgres -d stats -q -v ON_ERROR_STOP=1)
now_ms() { date +%s%3N; }

# Batch B of 10,000 legs on 1+B August 2021, as JSON for POST /cdrs and as one multi-row INSERT of the same rows.
make_batch() {
  awk -v b="$1" -v run="$$" -v json="$WORK/legs-$1.json" -v sql="$WORK/legs-$1.sql" '
    function ts(s) { return sprintf("2021-08-%02dT%02d:%02d:%02dZ", 1 + b, int(s / 3600), int(s % 3600 / 60), s % 60) }
    BEGIN {
      split("POLDA-NTT POLRES-BELU POLRES-ALOR POLRES-SIKKA POLRES-ENDE POLRESTA-KUPANG-KOTA", units, " ")
      printf "[" > json; printf "INSERT INTO bench_leg_plain VALUES " > sql
      for (i = 0; i < 10000; i++) {
        id = "bench-" run "-" b "-" i; s = (i * 8) % 86000; u = units[1 + i % 6]; sep = (i ? "," : "")
        if (i % 5) {
          printf "%s{\"id\":\"%s\",\"callId\":\"c-%s\",\"unit\":\"%s\",\"caller\":\"+6281234%05d\",\"startedAt\":\"%s\",\"answeredAt\":\"%s\",\"endedAt\":\"%s\",\"disposition\":\"ANSWERED\"}", sep, id, id, u, i, ts(s), ts(s + 7), ts(s + 90) > json
          printf "%s(\x27%s\x27,\x27c-%s\x27,\x27%s\x27,\x27+6281234%05d\x27,\x27%s\x27,\x27%s\x27,\x27%s\x27,\x27ANSWERED\x27)", sep, id, id, u, i, ts(s), ts(s + 7), ts(s + 90) > sql
        } else {
          printf "%s{\"id\":\"%s\",\"callId\":\"c-%s\",\"unit\":\"%s\",\"caller\":\"+6281234%05d\",\"startedAt\":\"%s\",\"endedAt\":\"%s\",\"disposition\":\"NO_ANSWER\"}", sep, id, id, u, i, ts(s), ts(s + 30) > json
          printf "%s(\x27%s\x27,\x27c-%s\x27,\x27%s\x27,\x27+6281234%05d\x27,\x27%s\x27,NULL,\x27%s\x27,\x27NO_ANSWER\x27)", sep, id, id, u, i, ts(s), ts(s + 30) > sql
        }
      }
      printf "]" > json; printf ";\n" > sql
    }'
}
: >"$WORK/ingest.txt"
for b in $(seq 1 "$BATCHES"); do
  make_batch "$b"
  http_ms=$(curl -sf -o "$WORK/ingest-$b.out" -w '%{time_total}' -H 'Content-Type: application/json' \
    --data-binary @"$WORK/legs-$b.json" "http://127.0.0.1:$STATS_PORT/cdrs" | awk '{printf "%.1f", $1 * 1000}')
  grep -q '"accepted":10000' "$WORK/ingest-$b.out" || { cat "$WORK/ingest-$b.out"; say "batch $b not fully accepted"; exit 1; }
  start=$(now_ms); "${PSQL[@]}" -f "$WORK/legs-$b.sql"; sql_ms=$(( $(now_ms) - start ))
  echo "$http_ms $sql_ms" >>"$WORK/ingest.txt"
done
# The call-back queue follows the batches on the service's worker: how long until every caller of theirs is recomputed.
queue_started=$(now_ms)
until [ "$("${PSQL[@]}" -At -c 'SELECT count(*) FROM callback_dirty')" = 0 ]; do sleep 0.2; done
queue_drain_ms=$(( $(now_ms) - queue_started ))
queue_callers=$(command curl -sf "http://127.0.0.1:$STATS_PORT/q/metrics" | awk '/^stats_callbacks_recomputed_total/ {print $2}')
queue_callers=$(awk -v a="$queue_callers" 'BEGIN { printf "%d", a }')
say "   call-back queue: all $queue_callers callers of the batches recomputed, ${queue_drain_ms} ms after the last batch"
ingest_http=$(col 1 "$WORK/ingest.txt" | median); ingest_sql=$(col 2 "$WORK/ingest.txt" | median)
ingest_ratio=$(awk -v h="$ingest_http" -v s="$ingest_sql" 'BEGIN { printf "%.2f", s / h }')
say "   10,000-leg batch: POST /cdrs ${ingest_http} ms, multi-row INSERT ${ingest_sql} ms; throughput ratio ${ingest_ratio}"

REPORT_URL="http://127.0.0.1:$STATS_PORT/stats/calls?from=2021-07-10&to=2021-07-17&groupBy=level"
GROUP_SQL="SELECT unit, count(*), count(*) FILTER (WHERE disposition = 'ANSWERED') FROM call_leg WHERE started_at >= '2021-07-10 00:00:00+08' AND started_at < '2021-07-18 00:00:00+08' GROUP BY unit"
curl -sf -o /dev/null "$REPORT_URL"; "${PSQL[@]}" -c "$GROUP_SQL" >/dev/null
: >"$WORK/report.txt"
for run in $(seq 1 $((RUNS * 2))); do
  report_ms=$(curl -sf -o /dev/null -w '%{time_total}' "$REPORT_URL" | awk '{printf "%.1f", $1 * 1000}')
  start=$(now_ms); "${PSQL[@]}" -c "$GROUP_SQL" >/dev/null; group_ms=$(( $(now_ms) - start ))
  echo "$report_ms $group_ms" >>"$WORK/report.txt"
done
week_legs=$("${PSQL[@]}" -At -c "SELECT count(*) FROM call_leg WHERE started_at >= '2021-07-10 00:00:00+08' AND started_at < '2021-07-18 00:00:00+08'")
report_ms=$(col 1 "$WORK/report.txt" | median); group_ms=$(col 2 "$WORK/report.txt" | median)
report_ratio=$(awk -v r="$report_ms" -v g="$group_ms" 'BEGIN { printf "%.1f", g / r }')
say "   week report ${report_ms} ms vs plain GROUP BY ${group_ms} ms over $week_legs legs: ${report_ratio}× faster"

# --- 6. the call-back queue over ten million more legs --------------------------------------------------------------
say "6. call-back queue: seeding ~10M legs over 2022 and their queue"
queue_seed_started=$SECONDS
# Quick mode: 1% of the calls, spread over the same year (a call every ~400 s instead of ~4 s).
if $QUICK; then
  sed 's/generate_series(1, 7940000)/generate_series(1, 79400)/; s/(n \* 3\.97)/(n * 397.0)/' bench/seed-callbacks.sql >"$WORK/seed-callbacks.sql"
else
  cp bench/seed-callbacks.sql "$WORK/seed-callbacks.sql"
fi
for script in "$WORK/seed-callbacks.sql" bench/seed-callbacks-vacuum.sql; do
  java -jar "$PG_JAR" --external-url "jdbc:postgresql://localhost:$PG_PORT/" --databases stats --execute "$script" \
    >>"$WORK/seed.log" 2>&1 || { cat "$WORK/seed.log"; exit 1; }
done
queue_seed_seconds=$((SECONDS - queue_seed_started))
read -r q_legs q_items q_month_items q_open <<<"$("${PSQL[@]}" -At -F' ' -c "SELECT
  (SELECT count(*) FROM call_leg WHERE started_at >= '2022-01-01 00:00:00+00' AND started_at < '2023-01-01 00:00:00+00'),
  (SELECT count(*) FROM callback_item WHERE first_missed_at >= '2022-01-01 00:00:00+00'),
  (SELECT count(*) FROM callback_item WHERE first_missed_at >= '2022-07-01 00:00:00+08' AND first_missed_at < '2022-08-01 00:00:00+08'),
  (SELECT count(*) FROM callback_item WHERE status = 'OPEN')")"
say "   seeded in $queue_seed_seconds s: $q_legs legs, $q_items items ($q_month_items in July 2022, $q_open open)"
QUEUE_URLS=(
  "callbacks?status=OPEN"
  "callbacks?status=OPEN&unit=POLRES-BELU"
  "callbacks?status=OPEN&page=100"
  "stats/callbacks?from=2022-07-01&to=2022-07-31&groupBy=unit"
  "stats/callbacks?from=2022-07-01&to=2022-07-31&groupBy=day"
)
QUEUE_REQUESTS=$((RUNS * 20))
: >"$WORK/queue.txt"
for q in "${!QUEUE_URLS[@]}"; do
  curl -sf -o /dev/null "http://127.0.0.1:$STATS_PORT/${QUEUE_URLS[$q]}" || { say "GET /${QUEUE_URLS[$q]} failed"; exit 1; }
done
# One client, the five requests in turn, $QUEUE_REQUESTS times each: per request its p50 and p95.
for run in $(seq 1 "$QUEUE_REQUESTS"); do
  for q in "${!QUEUE_URLS[@]}"; do
    printf '%s %s\n' "$q" "$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:$STATS_PORT/${QUEUE_URLS[$q]}" \
      | awk '{printf "%.1f", $1 * 1000}')" >>"$WORK/queue.txt"
  done
done
percentile() { sort -g | awk -v p="$1" '{a[NR] = $1} END { i = int(NR * p + 0.999999); if (i < 1) i = 1; print a[i] }'; }
queue_row() { # INDEX → "| request | p50 | p95 | max |"
  local values
  values=$(awk -v q="$1" '$1 == q {print $2}' "$WORK/queue.txt")
  printf '| `GET /%s` | %s | **%s** | %s |' "${QUEUE_URLS[$1]}" "$(percentile 0.5 <<<"$values")" \
    "$(percentile 0.95 <<<"$values")" "$(sort -g <<<"$values" | tail -1)"
}
queue_worst_p95=$(for q in "${!QUEUE_URLS[@]}"; do awk -v q="$q" '$1 == q {print $2}' "$WORK/queue.txt" | percentile 0.95; done | sort -g | tail -1)
say "   slowest p95 of the queue requests: $queue_worst_p95 ms"
stop_service "$SERVICE_PID"

if $QUICK; then
  [ "$(wc -l <"$WORK/startup.txt")" = $((9 * RUNS)) ] || { say "benchmark 5 did not start every service in every mode"; exit 1; }
  for f in suite get post create search ingest report queue; do
    [ -n "$(col 1 "$WORK/$f.txt" | median)" ] || { say "benchmark $f produced no figure"; exit 1; }
  done
  say "quick mode: every benchmark ran (figures not recorded)"
  exit 0
fi

ratio_met=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.5) ? "met" : "missed" }')
p99_met=$(awk -v p="$post_p99" 'BEGIN { print (p <= 10) ? "met" : "missed" }')
machine="$(nproc) cores ($(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(java -version 2>&1 | head -1)"
cat >"$OUT" <<MD
# Benchmarks

Generated by \`bench/run.sh\` on $(date -u +%Y-%m-%d) — do not edit by hand; rerun it. Machine: $machine.
Shared and noisy: absolute figures drift between runs, the ratio to the floor measured in the same run holds.
Each figure: median of $RUNS runs of $DURATION (min–max in brackets); wrk 4.1 with $THREADS threads and $CONNECTIONS
connections, on the same 2 cores as the service and its PostgreSQL (all compete for CPU).

## 1. Routing: \`POST /routes\` vs a trivial GET of the same service

Service: routing-service (JVM, \`-Xmx512m\`) with the real boundary file (22 regencies), its PostgreSQL embedded
on loopback; decisions recorded as in production (buffer + batch writer; stats-service absent, so the outbox keeps them).
Body mix (\`bench/routes.lua\`): GPS at the 22 capitals, offshore and far out at sea; a cell; a declared regency;
landlines (clear and ambiguous); a mobile. Floor: \`GET /units/POLDA-NTT\` (snapshot read + JSON).

| | requests/s | p50 ms | p99 ms |
|---|---|---|---|
| \`GET /units/POLDA-NTT\` (floor) | $(figure 1 "$WORK/get.txt") | $(col 2 "$WORK/get.txt" | median) | $(figure 3 "$WORK/get.txt") |
| \`POST /routes\` | $(figure 1 "$WORK/post.txt") | $(col 2 "$WORK/post.txt" | median) | $(figure 3 "$WORK/post.txt") |

- Throughput ratio POST/GET: **$ratio** (target ≥ 0.5: $ratio_met).
- p99 of \`POST /routes\` at saturation: **$post_p99 ms** (target ≤ 10 ms: $p99_met).

Commands: \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $GET_URL\` and
\`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/routes.lua $POST_URL\`, alternated run by run.

## 4. Incidents: create rate and search latency with a million incidents

Service: incident-service (JVM, \`-Xmx512m\`) on its embedded PostgreSQL, the \`incident\` table seeded with
$SEED_ROWS incidents over two years and 22 desks (\`bench/seed-incidents.sql\` then \`VACUUM ANALYZE\`, $((SECONDS - seed_started)) s before the runs).
Creates (\`bench/incident-create.lua\`): six desks, each with a caller number (E.164 normalisation, per-desk number
counter, history row, prank count). Searches (\`bench/incident-search.lua\`): by desk, by status, full text, category +
dates, desk + status, text + desk, page 40 — each with its total (exact up to 10,000 matches, then a lower bound).

| | requests/s | p50 ms | p95 ms | p99 ms |
|---|---|---|---|---|
| \`POST /incidents\` | $(figure 1 "$WORK/create.txt") | $(col 2 "$WORK/create.txt" | median) | $(col 4 "$WORK/create.txt" | median) | $(figure 3 "$WORK/create.txt") |
| \`GET /incidents\` (search mix) | $(figure 1 "$WORK/search.txt") | $(col 2 "$WORK/search.txt" | median) | **$(col 4 "$WORK/search.txt" | median)** | $(figure 3 "$WORK/search.txt") |

Commands: \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/incident-create.lua $INCIDENT_URL\` and
\`… -s bench/incident-search.lua $INCIDENT_URL\`, alternated run by run (the table grows by the creates).

## 2. CDR ingestion: 10,000-leg batches vs PostgreSQL's own multi-row INSERT

Service: stats-service (JVM, \`-Xmx512m\`); each batch of 10,000 legs (six desks, 4 in 5 answered) is posted with
curl to \`POST /cdrs\` — parsed, checked leg by leg, ids registered for idempotency, legs stored in their monthly
partition, their calls merged into the call-back queue's table and their numbers marked for it, and hourly rollups
updated, one statement, one transaction. Floor: the same rows as one
\`INSERT INTO bench_leg_plain VALUES (…), (…)\` (plain table, primary key only) through psql on the same server.
Median of $BATCHES batches ([$(col 1 "$WORK/ingest.txt" | minmax)] ms and [$(col 2 "$WORK/ingest.txt" | minmax)] ms).

| | ms per 10,000 legs | legs/s |
|---|---|---|
| \`POST /cdrs\` | $ingest_http | $(awk -v m="$ingest_http" 'BEGIN { printf "%.0f", 10000000 / m }') |
| multi-row INSERT (floor) | $ingest_sql | $(awk -v m="$ingest_sql" 'BEGIN { printf "%.0f", 10000000 / m }') |

- Throughput ratio: **$ingest_ratio×** the floor (target ≥ 0.25×: $(awk -v r="$ingest_ratio" 'BEGIN { print (r >= 0.25) ? "met" : "missed" }')).

## 3. Statistics: the week report over $LEG_ROWS legs vs a plain GROUP BY

$LEG_ROWS legs seeded in July 2021 (\`bench/seed-legs.sql\`, with their rollups, then \`VACUUM ANALYZE\`; $legs_seconds s);
the week 10–17 July (WITA) holds $week_legs of them. Report: \`GET /stats/calls?from=2021-07-10&to=2021-07-17&groupBy=level\`
(curl, reads the hourly rollups). Floor: \`$GROUP_SQL\` (psql). Median of $((RUNS * 2)) runs each.

| | ms |
|---|---|
| week report (rollups) | $report_ms ($(col 1 "$WORK/report.txt" | minmax)) |
| plain GROUP BY over the raw legs | $group_ms ($(col 2 "$WORK/report.txt" | minmax)) |

- The report is **${report_ratio}×** faster (target ≥ 20×: $(awk -v r="$report_ratio" 'BEGIN { print (r >= 20) ? "met" : "missed" }')) and takes **$report_ms ms** (target ≤ 200 ms: $(awk -v m="$report_ms" 'BEGIN { print (m <= 200) ? "met" : "missed" }')).

## 6. The call-back queue: \`GET /callbacks\` and \`GET /stats/callbacks\` over ten million more legs

$q_legs legs over the twelve months of 2022 (\`bench/seed-callbacks.sql\`: 7.94 million calls, 21% unanswered as in the
seed week, 1 in 31 without a number, 1.5 million numbers; seeded with the queue derived from them by the rules of
\`CallbackQueue\`, set-based, and attempts on 7 in 10 open items; $queue_seed_seconds s), on top of benchmark 3's
$LEG_ROWS legs: $q_items items, **$q_month_items with their first miss in July 2022** (the month the reports ask for),
$q_open open. One client (curl), the five requests in turn, $QUEUE_REQUESTS times each; ms.

| request | p50 | p95 | max |
|---|---|---|---|
$(for q in "${!QUEUE_URLS[@]}"; do queue_row "$q"; echo; done)

- Slowest p95: **$queue_worst_p95 ms** (target ≤ 100 ms: $(awk -v m="$queue_worst_p95" 'BEGIN { print (m <= 100) ? "met" : "missed" }')).
- The queue keeps up with ingestion: after benchmark 2's five 10,000-leg batches (10,000 numbers), the worker had
  recomputed all of them $queue_drain_ms ms after the last batch's answer ($queue_callers recomputations in all, counted by
  \`stats_callbacks_recomputed_total\`); \`POST /cdrs\` never waits for it.

## 5. Start-up: time to ready and idle memory per service, with and without the AOT cache, and the whole local suite

Each service started as \`./run.sh\` starts it: from \`<service>/target/quarkus-app\`, \`java $STARTUP_OPTS [-XX:AOTCache=app.aot] -jar quarkus-run.jar\`
(JVM mode), *cache*: with the AOT cache the build trained (\`src/aot/workload.txt\`), *no-cache*:
without it; routing-service loads the boundaries of the reference data (now the default), and once more with its cache
but \`ROUTING_BOUNDARIES_FILE=none\` to show what loading them costs. Its database already migrated (one unmeasured
start first); modes alternate run by run. *Ready*: wall time from launching \`java\` to the first 200 from
\`/q/health/ready\` (polled every 50 ms with curl). *RSS* / *RssAnon*: \`VmRSS\` and its anonymous part after 5 s idle
(the mapped cache is shared file memory: counted in RSS, not in RssAnon). $RUNS starts per service and mode.

| service | mode | ready ms | Quarkus "started in" s | RSS idle MB | RssAnon idle MB |
|---|---|---|---|---|---|
$(startup_row routing-service cache)
$(startup_row routing-service no-cache)
$(startup_row routing-service cache-no-boundaries)
$(startup_row incident-service cache)
$(startup_row incident-service no-cache)
$(startup_row stats-service cache)
$(startup_row stats-service no-cache)
$(startup_row rollout-service cache)
$(startup_row rollout-service no-cache)

- Slowest service (median) to ready with its cache: **$worst_ready ms** (target ≤ 2,000 ms: $(awk -v m="$worst_ready" 'BEGIN { print (m <= 2000) ? "met" : "missed" }')); without the cache: $worst_ready_nocache ms.
- Largest idle RssAnon (median) with the cache: **$worst_anon MB** (target ≤ 200 MB: $(awk -v m="$worst_anon" 'BEGIN { print (m <= 200) ? "met" : "missed" }')).
- Loading the boundaries costs routing-service $(awk -v a="$(median_of routing-service cache 3)" -v b="$(median_of routing-service cache-no-boundaries 3)" 'BEGIN { printf "%d", a - b }') ms of its start (ready with them vs without, both with the cache).
- \`./run.sh\` to NTT110-SUITE-READY (PostgreSQL started, four databases checked, four services started in
  parallel, with their caches, and ready; data folder from an earlier run, build up to date): **$suite_median s** median
  ($(col 1 "$WORK/suite.txt" | minmax) s) (target ≤ 30 s: $(awk -v m="$suite_median" 'BEGIN { print (m <= 30) ? "met" : "missed" }')).
MD
[ -f bench/analysis.md ] && { echo; cat bench/analysis.md; } >>"$OUT"
say "wrote $OUT"

# 7. The SIP edge: its own script, which adds its section to $OUT.
if command -v kamailio >/dev/null && command -v sipp >/dev/null; then
  BENCH_OUTPUT=$OUT bench/sip-edge.sh $($QUICK && echo --quick)
else
  say "7. SIP edge skipped: Kamailio and sipp are not installed (./test.sh installs them)"
fi
