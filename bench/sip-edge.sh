#!/usr/bin/env bash
# Benchmark 7, the SIP edge: the post-dial delay routing adds, the ring-no-answer timer's error, and what the edge
# still puts through to Polda while routing is frozen. Real Kamailio (telephony/kamailio.cfg), real routing-service on
# an embedded PostgreSQL, sipp callers and desk phones, all on loopback; the section "7. SIP edge" of
# docs/benchmarks.md is replaced with the figures (bench/run.sh keeps it when it rewrites the rest).
#
#   bench/sip-edge.sh           3 runs of 10 s per rate
#   bench/sip-edge.sh --quick   1 run of 2 s per rate and 3 overflows: checks that the harness works, not how fast
#
# Post-dial delay: at the caller, its INVITE sent → the first 180 received (sipp -trace_msg, microseconds), through
# edge A, which asks routing-service (POST /routes/sip, the INVITE and its PIDF-LO) and rings Belu's desk, and edge B,
# the same configuration with NTT110_ROUTING_URL=none (Polda's desk, nothing asked): the static route. The two edges
# alternate, same desks (sipp answering at once with 180), same machine, same run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=../scripts/jdk.sh
source scripts/jdk.sh

RUNS=3 SECONDS_PER_RUN=10 OVERFLOWS=50 QUICK=false
if [ "${1:-}" = --quick ]; then RUNS=1 SECONDS_PER_RUN=2 OVERFLOWS=3 QUICK=true; fi
RATES=(50 200)
OUT=${BENCH_OUTPUT:-$ROOT/docs/benchmarks.md}
WORK=$(mktemp -d /tmp/ntt110-sip-bench.XXXXXX)
PG_PORT=${BENCH_SIP_PG_PORT:-55497}
ROUTING_PORT=18091 TOKEN_PORT=18092 EDGE_A=15060 EDGE_B=15062 METRICS_A=19190 METRICS_B=19192
BELU_PHONE=15071 POLDA_PHONE=15072 SILENT_PHONE=15073
PIDS=()
say() { printf '[bench sip] %s\n' "$*"; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in kamailio sipp; do
  command -v "$tool" >/dev/null || { say "needs $tool: ./test.sh installs it (Debian: kamailio…, sip-tester)"; exit 1; }
done
if [ ! -f routing-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f test-support/target/test-support-1.0.0-SNAPSHOT.jar ]; then
  say "building"
  ./mvnw -B -q -DskipTests package -pl routing-service,test-support -am
fi
PG_JAR=test-support/target/test-support-1.0.0-SNAPSHOT.jar
IDENTITY=(java -cp "$PG_JAR" id.ntt110.testsupport.TestIdentity --dir "$WORK/identity")
PUBLIC_KEY=$("${IDENTITY[@]}" --public-key true)
ADMIN_TOKEN=$("${IDENTITY[@]}" --token admin --roles ADMIN)
export BENCH_EDGE_TOKEN
BENCH_EDGE_TOKEN=$("${IDENTITY[@]}" --token telephony --roles TELEPHONY)

# wait_for FILE TEXT PID WHAT: until FILE contains TEXT (60 s), failing if PID stops.
wait_for() {
  for _ in $(seq 1 600); do
    grep -q "$2" "$1" 2>/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { tail -20 "$1"; say "$4 stopped"; exit 1; }
    sleep 0.1
  done
  tail -20 "$1"; say "$4 not ready within 60 s"; exit 1
}

say "PostgreSQL on $PG_PORT, the edge's spool, routing-service on $ROUTING_PORT"
java -jar "$PG_JAR" --data "$WORK/pgdata" --binaries "$ROOT/.ntt110/pg-binaries" --port "$PG_PORT" \
  --databases routing,edge >"$WORK/postgres.log" 2>&1 &
PIDS+=($!)
wait_for "$WORK/postgres.log" NTT110-POSTGRES-READY $! PostgreSQL
java -jar "$PG_JAR" --external-url "jdbc:postgresql://localhost:$PG_PORT/" --databases edge \
  --execute telephony/spool.sql >"$WORK/spool.log" 2>&1
(cd routing-service/target/quarkus-app && exec env QUARKUS_HTTP_PORT=$ROUTING_PORT \
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://localhost:$PG_PORT/routing" QUARKUS_DATASOURCE_USERNAME=postgres \
  NTT110_OIDC_PUBLIC_KEY="$PUBLIC_KEY" NTT110_OIDC_ISSUER=https://identity.test/realms/ntt110 \
  QUARKUS_REST_CLIENT_STATS_URL=http://127.0.0.1:9 java -Xmx512m -jar quarkus-run.jar) >"$WORK/routing.log" 2>&1 &
ROUTING_PID=$!
PIDS+=($ROUTING_PID)
until curl -sf "http://127.0.0.1:$ROUTING_PORT/q/health/ready" >/dev/null; do
  kill -0 "$ROUTING_PID" || { tail -20 "$WORK/routing.log"; exit 1; }
  sleep 0.3
done
java bench/TokenEndpoint.java "$TOKEN_PORT" >"$WORK/token.log" 2>&1 &
PIDS+=($!)
wait_for "$WORK/token.log" ready $! "the token endpoint"

# desk NAME SCENARIO PORT [sipp options…]: a sipp desk phone, every message traced to $WORK/NAME.msg.
desk() {
  local name=$1 scenario=$2 port=$3
  shift 3
  sipp -sf "telephony/sipp/$scenario.xml" -i 127.0.0.1 -p "$port" -cp $((port + 1000)) -nostdin -trace_msg \
    -message_file "$WORK/$name.msg" "$@" >"$WORK/$name.out" 2>&1 &
  PIDS+=($!)
}
desk belu desk-answer "$BELU_PHONE" -d 100
desk polda desk-answer "$POLDA_PHONE" -d 100
sleep 0.5
for unit in POLRES-BELU:$BELU_PHONE POLDA-NTT:$POLDA_PHONE; do
  command curl -sf -X PUT -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    -d "{\"destination\": \"sip:110@127.0.0.1:${unit#*:}\"}" "http://127.0.0.1:$ROUTING_PORT/units/${unit%%:*}/destination" >/dev/null
done

# edge NAME SIP_PORT METRICS_PORT ROUTING_URL: Kamailio as ./run.sh starts it, ready once it holds a token.
edge() {
  mkdir -p "$WORK/$1"
  NTT110_ROUTING_URL=$4 NTT110_TOKEN_URL=http://127.0.0.1:$TOKEN_PORT/token NTT110_TELEPHONY_SECRET=bench \
  NTT110_POLDA_URI=sip:110@127.0.0.1:$POLDA_PHONE NTT110_TRUNKS=127.0.0.0/8 NTT110_DESK_URL=http://localhost:8080/desk \
  NTT110_LAST_RING_SECONDS=60 NTT110_STATS_URL=http://127.0.0.1:9 NTT110_METRICS_PORT=$3 \
  NTT110_SPOOL_SQLCON="spool=>postgres://postgres@127.0.0.1:$PG_PORT/edge" \
    kamailio -f telephony/kamailio.cfg -l "udp:127.0.0.1:$2" -l "tcp:127.0.0.1:$2" -l "tcp:127.0.0.1:$3" -DD -E \
      -w "$WORK/$1" -P "$WORK/$1/kamailio.pid" -m 256 -M 16 >"$WORK/$1.log" 2>&1 &
  PIDS+=($!)
  wait_for "$WORK/$1.log" "service token for routing renewed" $! "edge $1"
}
edge routing "$EDGE_A" "$METRICS_A" "http://127.0.0.1:$ROUTING_PORT"
edge static "$EDGE_B" "$METRICS_B" none

# calls NAME EDGE_PORT RATE COUNT LAT LON: sipp callers (caller.xml, 100 ms of talk), traced to $WORK/NAME.msg.
calls() {
  sipp "127.0.0.1:$2" -sf telephony/sipp/caller.xml -i 127.0.0.1 -p 15090 -cp 16090 -r "$3" -m "$4" -l 2000 \
    -key caller +6281234567890 -key lat "$5" -key lon "$6" -key radius 30 -d 100 -nostdin -recv_timeout 90000 \
    -trace_msg -message_file "$WORK/$1.msg" >"$WORK/$1.out" 2>&1 || true
}
# delays FILE DIR1 START1 DIR2 START2: per Call-ID, ms from the first DIR1 message starting START1 to the first DIR2
# message starting START2, in a sipp -trace_msg file.
delays() {
  awk -v d1="$2" -v s1="$3" -v d2="$4" -v s2="$5" '
    /^----------+ [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { split($3, t, ":"); ts = t[1] * 3600 + t[2] * 60 + t[3]; state = 1; next }
    state == 1 { dir = ($0 ~ /received/) ? "recv" : "sent"; state = 2; next }
    state == 2 && NF > 0 { start = $0; state = 3; next }
    state == 3 && tolower($1) == "call-id:" {
      if (dir == d1 && index(start, s1) == 1 && !($2 in a)) a[$2] = ts
      if (dir == d2 && index(start, s2) == 1 && !($2 in b)) b[$2] = ts
      state = 0
    }
    END { for (c in b) if (c in a) printf "%.3f\n", (b[c] - a[c]) * 1000 }' "$1"
}
percentile() { sort -g | awk -v p="$1" '{a[NR] = $1} END { i = int(NR * p + 0.999999); if (i < 1) i = 1; print a[i] }'; }
median() { sort -g | awk '{a[NR] = $1} END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

BELU=(-9.1066 124.8925)
: >"$WORK/pdd.txt"
for run in $(seq 1 "$RUNS"); do
  for rate in "${RATES[@]}"; do
    for side in routing static; do
      port=$EDGE_A
      [ $side = static ] && port=$EDGE_B
      say "post-dial delay: run $run, $rate calls/s, $side"
      calls "pdd-$run-$rate-$side" "$port" "$rate" $((rate * SECONDS_PER_RUN)) "${BELU[@]}"
      delays "$WORK/pdd-$run-$rate-$side.msg" sent INVITE recv "SIP/2.0 180" >"$WORK/pdd-$run-$rate-$side.ms"
      n=$(wc -l <"$WORK/pdd-$run-$rate-$side.ms")
      [ "$n" -gt 0 ] || { tail -20 "$WORK/pdd-$run-$rate-$side.out"; say "no call of $side at $rate/s rang"; exit 1; }
      echo "$run $rate $side $n $(percentile 0.5 <"$WORK/pdd-$run-$rate-$side.ms") $(percentile 0.99 <"$WORK/pdd-$run-$rate-$side.ms")" \
        >>"$WORK/pdd.txt"
    done
  done
done
# figure RATE SIDE COLUMN → the median over the runs; added RATE COLUMN → median of (routing − static) per run.
figure() { awk -v r="$1" -v s="$2" -v c="$3" '$2 == r && $3 == s {print $c}' "$WORK/pdd.txt" | median; }
added() {
  awk -v r="$1" -v c="$2" '$2 == r {v[$1 " " $3] = $c; runs[$1] = 1} END { for (x in runs) printf "%.3f\n", v[x " routing"] - v[x " static"] }' \
    "$WORK/pdd.txt" | median
}

say "ring-no-answer: $OVERFLOWS overflows from a silent desk"
desk silent desk-silent "$SILENT_PHONE"
sleep 0.5
command curl -sf -X PUT -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"destination\": \"sip:110@127.0.0.1:$SILENT_PHONE\"}" "http://127.0.0.1:$ROUTING_PORT/units/POLRES-BELU/destination" >/dev/null
calls overflow "$EDGE_A" 5 "$OVERFLOWS" "${BELU[@]}"
delays "$WORK/silent.msg" recv INVITE recv CANCEL | awk '{e = $1 - 10000; print (e < 0) ? -e : e}' >"$WORK/ring-error.ms"
ring_n=$(wc -l <"$WORK/ring-error.ms")
[ "$ring_n" -gt 0 ] || { say "no overflow measured"; exit 1; }
ring_median=$(median <"$WORK/ring-error.ms")
ring_max=$(sort -g "$WORK/ring-error.ms" | tail -1)
overflowed=$(delays "$WORK/overflow.msg" sent INVITE recv "SIP/2.0 200" | wc -l)

say "routing frozen: 200 calls/s for $SECONDS_PER_RUN s"
command curl -sf -X PUT -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"destination\": \"sip:110@127.0.0.1:$BELU_PHONE\"}" "http://127.0.0.1:$ROUTING_PORT/units/POLRES-BELU/destination" >/dev/null
kill -STOP "$ROUTING_PID"
frozen_begin=$(date +%s%3N)
calls frozen "$EDGE_A" 200 $((200 * SECONDS_PER_RUN)) "${BELU[@]}"
frozen_ms=$(($(date +%s%3N) - frozen_begin))
kill -CONT "$ROUTING_PID"
frozen_offered=$((200 * SECONDS_PER_RUN))
frozen_answered=$(delays "$WORK/frozen.msg" sent INVITE recv "SIP/2.0 200" | wc -l)
frozen_rang=$(delays "$WORK/frozen.msg" sent INVITE recv "SIP/2.0 180" >"$WORK/frozen-pdd.ms"; wc -l <"$WORK/frozen-pdd.ms")
frozen_p50=$(percentile 0.5 <"$WORK/frozen-pdd.ms")
frozen_p99=$(percentile 0.99 <"$WORK/frozen-pdd.ms")
frozen_cps=$(awk -v n="$frozen_answered" -v s="$SECONDS_PER_RUN" 'BEGIN { printf "%.0f", n / s }')

met() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "met" : "missed" }'; }
p99_added_200=$(added 200 6)
SECTION=$(cat <<MD
<!-- sip-edge: written by bench/sip-edge.sh -->
## 7. SIP edge: post-dial delay with routing vs a static route, the ring timer, routing frozen

$(date -u +%Y-%m-%d), $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(kamailio -v | head -1 | awk '{print $1, $2, $3}'),
sipp $(sipp -v 2>&1 | grep -o 'v[0-9][0-9.]*' | head -1); command: \`bench/sip-edge.sh$($QUICK && echo ' --quick')\`. $RUNS run(s) of
$SECONDS_PER_RUN s per rate and edge, alternating. Post-dial delay at the caller: its INVITE sent → the first 180
received, per call, from sipp's message trace (µs). Edge A asks routing-service (\`POST /routes/sip\`, with the
INVITE's PIDF-LO) and rings Belu's desk; edge B is the same configuration with \`NTT110_ROUTING_URL=none\`, so it
rings Polda's desk without asking anyone: the static route. Both desks are sipp phones that send 180 at once.

| calls/s | edge | p50 ms | p99 ms |
|---|---|---|---|
| 50 | A, routing | $(figure 50 routing 5) | $(figure 50 routing 6) |
| 50 | B, static | $(figure 50 static 5) | $(figure 50 static 6) |
| 200 | A, routing | $(figure 200 routing 5) | $(figure 200 routing 6) |
| 200 | B, static | $(figure 200 static 5) | $(figure 200 static 6) |

- Delay routing adds (A − B, median over runs): at 50 calls/s p50 **$(added 50 5) ms**, p99 **$(added 50 6) ms**; at
  200 calls/s p50 **$(added 200 5) ms**, p99 **$p99_added_200 ms** (target ≤ 5 ms p99 at 200 calls/s: $(met "$p99_added_200" 5)).
- Ring-no-answer timer, $ring_n overflows (Belu's desk silent, 5 calls/s): the edge's CANCEL reached the desk
  $ring_median ms (median) and at most $ring_max ms away from the 10 s after the INVITE reached it (target ≤ 100 ms:
  $(met "$ring_max" 100)); Polda answered $overflowed of them.
- Routing frozen (SIGSTOP) while $frozen_offered calls were offered at 200 calls/s: $frozen_answered answered by Polda,
  **$frozen_cps calls/s**, in $frozen_ms ms; post-dial delay p50 $frozen_p50 ms, p99 $frozen_p99 ms (a call that waits
  for the frozen routing waits its 1 s; the breaker then sends the rest straight to Polda for 5 s at a time).
<!-- /sip-edge -->
MD
)
if [ "$OUT" = /dev/null ]; then
  echo "$SECTION" >/dev/null
elif [ -f "$OUT" ] && grep -q '<!-- sip-edge' "$OUT"; then
  awk -v section="$SECTION" '/<!-- sip-edge/ {print section; skip = 1} !skip {print} /<!-- \/sip-edge -->/ {skip = 0}' "$OUT" >"$WORK/out.md"
  cp "$WORK/out.md" "$OUT"
else
  { echo; echo "$SECTION"; } >>"$OUT"
fi
echo "$SECTION" | sed -n '/^|/p;/^- /p'
say "wrote $OUT"
