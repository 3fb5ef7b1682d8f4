#!/usr/bin/env bash
# Benchmarks of ntt110, each against a floor measured in the same run on the same machine, written to
# docs/benchmarks.md. From a fresh clone: installs wrk if missing (Debian), builds if needed, starts what it needs on
# loopback and stops it afterwards.
#
#   bench/run.sh           full runs (5 × 15 s per figure)
#   bench/run.sh --quick   a few seconds per benchmark: checks that the harness works, not how fast
#
# Benchmarks so far: 1. routing (POST /routes vs a trivial GET of the same service); 4. incidents (create rate,
# search p95 with a million incidents).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

RUNS=5 DURATION=15s THREADS=2 CONNECTIONS=32 QUICK=false
if [ "${1:-}" = --quick ]; then RUNS=1 DURATION=3s QUICK=true; fi
BOUNDARIES=${BENCH_BOUNDARIES_FILE:-$ROOT/../shared/reference/ntt-regencies.geojson}
WORK=$(mktemp -d /tmp/ntt110-bench.XXXXXX)
PG_PORT=${BENCH_PG_PORT:-55499}
PORT=${BENCH_ROUTING_PORT:-18081}
INCIDENT_PORT=${BENCH_INCIDENT_PORT:-18082}
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

if ! command -v wrk >/dev/null; then
  say "installing wrk from Debian's packages"
  { apt-get install -y wrk || { apt-get update && apt-get install -y wrk; }; } >/dev/null
fi
if [ ! -f routing-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f incident-service/target/quarkus-app/quarkus-run.jar ] \
    || [ ! -f test-support/target/test-support-1.0.0-SNAPSHOT.jar ]; then
  say "building"
  ./mvnw -B -q -DskipTests package
fi
[ -f "$BOUNDARIES" ] || { say "boundary file $BOUNDARIES not found (set BENCH_BOUNDARIES_FILE)"; exit 1; }

PG_JAR=test-support/target/test-support-1.0.0-SNAPSHOT.jar
say "starting PostgreSQL on $PG_PORT"
java -jar "$PG_JAR" --data "$WORK/pgdata" --binaries "$ROOT/.ntt110/pg-binaries" \
  --port "$PG_PORT" --databases routing,incident >"$WORK/postgres.log" 2>&1 &
PIDS+=($!)
until grep -q NTT110-POSTGRES-READY "$WORK/postgres.log"; do sleep 0.2; done

# start_service NAME PORT DATABASE [ENV=VALUE...] → pid in SERVICE_PID
start_service() {
  local name=$1 port=$2 db=$3
  shift 3
  env QUARKUS_HTTP_PORT="$port" QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$PG_PORT/$db" \
    QUARKUS_DATASOURCE_USERNAME=postgres "$@" \
    java -Xmx512m -jar "$name/target/quarkus-app/quarkus-run.jar" >"$WORK/$name.log" 2>&1 &
  SERVICE_PID=$!
  PIDS+=("$SERVICE_PID")
  until curl -sf "http://127.0.0.1:$port/q/health/ready" >/dev/null; do
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -20 "$WORK/$name.log"; say "$name did not start"; exit 1; }
    sleep 0.3
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

# --- 1. routing ------------------------------------------------------------------------------------------------------
say "1. routing: starting routing-service on $PORT (boundaries: $BOUNDARIES)"
start_service routing-service "$PORT" routing ROUTING_BOUNDARIES_FILE="$BOUNDARIES" \
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

if $QUICK; then
  for f in get post create search; do
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
MD
[ -f bench/analysis.md ] && { echo; cat bench/analysis.md; } >>"$OUT"
say "wrote $OUT"
