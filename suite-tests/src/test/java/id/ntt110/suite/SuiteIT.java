package id.ntt110.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import id.ntt110.reference.ReferenceData;
import id.ntt110.reference.Regency;
import id.ntt110.testsupport.LocalKeycloak;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** The suite as one: end-to-end flows over HTTP between the real services (DESIGN.md section 3). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteIT {

    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final ReferenceData REFERENCE = ReferenceData.loadBundled();
    static final List<String> ITEMS = List.of("SITE_READY", "LINE_PROVISIONED", "EQUIPMENT_INSTALLED", "OPERATORS_TRAINED",
            "ROSTER_24_7", "TEST_CALLS_PASSED", "DESTINATION_CONFIGURED");

    Suite suite;
    /** callIds of every call routed so far, and so the number of decisions stats-service must end up with. */
    final List<String> routed = new ArrayList<>();

    @BeforeAll
    void start() {
        Instant begin = Instant.now();
        suite = new Suite();
        // Every request of the flows is an admin's, signed in at the real Keycloak; the identity flow picks its own.
        Api.bearer = Api.renewing(() -> suite.keycloak.passwordToken("admin", "admin"));
        report("suite", "6 services (routing ×2, rollout ×2, incident, stats), Keycloak and 2 PostgreSQL servers ready in "
                + Duration.between(begin, Instant.now()).toSeconds() + " s");
    }

    @AfterAll
    void stop() {
        if (suite != null) {
            suite.close();
        }
    }

    static void report(String flow, String line) {
        System.out.println("[suite " + flow + "] " + line);
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    JsonNode route(String replica, Map<String, Object> body) {
        Api.Reply reply = Api.post(suite.url(replica) + "/routes", body);
        assertThat(reply.status()).as("POST /routes on %s: %s", replica, reply.body()).isEqualTo(200);
        JsonNode decision = reply.json();
        routed.add(decision.path("callId").asText());
        return decision;
    }

    /** The number of routing decisions stats-service holds for calls decided in the last two WITA days. */
    long decisionsInStats() {
        LocalDate today = LocalDate.now(WITA);
        Api.Reply reply = Api.get(suite.url("stats") + "/stats/calls?groupBy=regency&from=" + today.minusDays(1) + "&to=" + today.plusDays(1));
        return reply.status() == 200 ? reply.json().path("total").path("incoming").asLong() : -1;
    }

    void awaitDecisionsInStats(String flow, Duration within) {
        Instant begin = Instant.now();
        await().atMost(within).pollInterval(Duration.ofMillis(500)).until(() -> decisionsInStats() >= routed.size());
        long received = decisionsInStats();
        report(flow, "decisions routed " + routed.size() + ", in stats-service " + received + ", lost "
                + Math.max(0, routed.size() - received) + ", duplicated " + Math.max(0, received - routed.size())
                + " (all in after " + Duration.between(begin, Instant.now()).toMillis() + " ms)");
        assertThat(received).as("decisions in stats-service").isEqualTo(routed.size());
    }

    static String reason(JsonNode decision) {
        return decision.path("unit").asText() + "/" + decision.path("reason").asText();
    }

    // --- flow 4: bad input ------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void badInputAcrossEveryEndpointIsA4xxProblemNeverA500() {
        int errorsBefore = Api.SERVER_ERRORS.get();
        String huge = "x".repeat(200_000);
        List<String> corpus = List.of("", "{", "null", "[]", "{}", "\"text\"", "12", "{\"a\": }", "[1, 2",
                "{\"unit\": 12, \"category\": [], \"summary\": {}, \"reportedBy\": false}",
                "{\"summary\": \"" + huge + "\", \"unit\": \"POLDA-NTT\", \"category\": \"LAINNYA\", \"reportedBy\": \"x\"}",
                "{\"lat\": 1e308, \"location\": {\"lat\": -1e308, \"lon\": \"NaN\"}, \"priority\": \"URGENT\"}",
                "{\"summary\": \"'; DROP TABLE incident; --\", \"unit\": \"POLDA-NTT'--\", \"category\": \"LAINNYA\", \"reportedBy\": \"<script>alert(1)</script>\"}",
                "{\"done\": \"yes\", \"by\": 42, \"evidence\": [\"<b>\"]}",
                "{\"status\": \"ON_FIRE\", \"reason\": \"" + huge + "\"}",
                "{\"stage\": \"LIVE\", \"targetDate\": \"2021-02-30\", \"blockers\": \"many\"}",
                "{\"by\": \"x\", \"at\": \"yesterday\"}",
                "{\"to\": \"TELEPORTED\", \"actor\": null}");
        String someIncident = "00000000-0000-0000-0000-000000000000";
        Map<String, String> writes = new LinkedHashMap<>();
        writes.put("PUT " + suite.url("routing-a") + "/units/POLRES-ALOR/status", "");
        writes.put("PUT " + suite.url("routing-a") + "/units/NOPE/status", "");
        writes.put("PUT " + suite.url("routing-b") + "/units/POLRES-ALOR/destination", "");
        writes.put("PUT " + suite.url("routing-a") + "/cells", "");
        writes.put("PUT " + suite.url("routing-b") + "/number-prefixes", "");
        writes.put("POST " + suite.url("incident") + "/incidents", "");
        writes.put("POST " + suite.url("incident") + "/incidents/" + someIncident + "/transitions", "");
        writes.put("POST " + suite.url("incident") + "/incidents/not-a-uuid/calls", "");
        writes.put("PATCH " + suite.url("incident") + "/incidents/" + someIncident, "");
        writes.put("POST " + suite.url("stats") + "/cdrs", "");
        writes.put("POST " + suite.url("stats") + "/decisions", "");
        writes.put("PUT " + suite.url("rollout-a") + "/rollouts/POLRES-MALAKA/checklist/SITE_READY", "");
        writes.put("PUT " + suite.url("rollout-a") + "/rollouts/POLRES-MALAKA/checklist/NOPE", "");
        writes.put("PATCH " + suite.url("rollout-b") + "/rollouts/POLRES-MALAKA", "");
        writes.put("POST " + suite.url("rollout-b") + "/rollouts/POLRES-MALAKA/go-live", "");
        writes.put("POST " + suite.url("rollout-a") + "/rollouts/POLRES-MALAKA/rollback", "");
        int requests = 0;
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (String endpoint : writes.keySet()) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String url = endpoint.substring(endpoint.indexOf(' ') + 1);
            for (String body : corpus) {
                Api.Reply reply = switch (method) {
                    case "PUT" -> Api.put(url, body);
                    case "PATCH" -> Api.patch(url, body);
                    default -> Api.post(url, body);
                };
                requests++;
                statuses.merge(reply.status(), 1, Integer::sum);
                assertThat(reply.status()).as("%s with %s", endpoint, abbreviated(body)).isBetween(200, 499);
                if (reply.status() >= 400) {
                    assertThat(reply.contentType()).as("%s with %s", endpoint, abbreviated(body)).startsWith("application/problem+json");
                    assertThat(reply.json().path("detail").asText()).as("detail of %s", endpoint).isNotBlank();
                }
            }
        }
        // Routing never refuses JSON: odd fields are ignored and reported, the call is still routed (to Polda at worst).
        for (String body : corpus) {
            Api.Reply reply = Api.post(suite.url("routing-a") + "/routes", body);
            requests++;
            statuses.merge(reply.status(), 1, Integer::sum);
            // An empty body is "no information": routed to Polda like any JSON without a usable location.
            boolean json = !body.equals("{") && !body.equals("[1, 2") && !body.equals("{\"a\": }");
            assertThat(reply.status()).as("POST /routes with %s", abbreviated(body)).isEqualTo(json ? 200 : 400);
            if (json) {
                routed.add(reply.json().path("callId").asText());
                assertThat(reply.json().path("unit").asText()).isNotBlank();
            }
        }
        // Batches past the limit are refused whole: nothing of them is stored.
        List<Map<String, Object>> cells = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) {
            cells.add(Map.of("cell", "too-many-" + i, "regency", "53.01"));
        }
        assertThat(Api.put(suite.url("routing-a") + "/cells", cells).status()).isEqualTo(400);
        assertThat(Api.get(suite.url("routing-a") + "/cells/too-many-0").status()).isEqualTo(404);
        List<Map<String, Object>> legs = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) {
            legs.add(Map.of("id", "too-many-" + i, "callId", "too-many-" + i, "unit", "POLDA-NTT",
                    "startedAt", Instant.now().toString(), "disposition", "NO_ANSWER"));
        }
        assertThat(Api.post(suite.url("stats") + "/cdrs", legs).status()).isEqualTo(400);
        // Empty batches are refused too (the corpus: "empty and 10,001-item batches").
        for (Api.Reply empty : List.of(Api.post(suite.url("stats") + "/cdrs", List.of()), Api.put(suite.url("routing-b") + "/cells", List.of()))) {
            assertThat(empty.status()).as(empty.body()).isEqualTo(400);
            assertThat(empty.contentType()).startsWith("application/problem+json");
        }
        LocalDate today = LocalDate.now(WITA);
        JsonNode total = Api.get(suite.url("stats") + "/stats/calls?groupBy=unit&from=" + today.minusDays(1) + "&to=" + today.plusDays(1))
                .json().path("total");
        assertThat(total.path("incoming").asLong()).as("legs stored from refused batches").isZero();
        requests += 6;
        int serverErrors = Api.SERVER_ERRORS.get() - errorsBefore;
        report("bad input", requests + " requests, statuses " + statuses + ", 5xx " + serverErrors);
        assertThat(serverErrors).isZero();
        awaitDecisionsInStats("bad input", Duration.ofSeconds(30));
    }

    private static String abbreviated(String body) {
        return body.length() > 80 ? body.substring(0, 80) + "… (" + body.length() + " chars)" : body;
    }

    // --- flow 1: a day of traffic -----------------------------------------------------------------------------------

    @Test
    @Order(2)
    void aDayOfTrafficIsCountedExactly() {
        List<Regency> regencies = REFERENCE.regencies();
        List<Map<String, Object>> cells = new ArrayList<>();
        for (Regency regency : regencies) {
            cells.add(Map.of("cell", "suite-cell-" + regency.code(), "regency", regency.code()));
        }
        assertThat(Api.put(suite.url("routing-a") + "/cells", cells).status()).isEqualTo(200);
        LocalDate today = LocalDate.now(WITA);
        String window = "&from=" + today.minusDays(1) + "&to=" + today.plusDays(1);
        JsonNode unitsBefore = Api.get(suite.url("stats") + "/stats/calls?groupBy=unit" + window).json();
        Map<String, long[]> before = rows(unitsBefore);
        Map<String, long[]> originsBefore = rows(Api.get(suite.url("stats") + "/stats/calls?groupBy=regency" + window).json());

        int calls = 2_000;
        Map<String, long[]> expected = new TreeMap<>();           // unit → incoming, answered
        Map<String, Long> byRegency = new TreeMap<>();            // origin regency → calls
        Map<String, Long> pranks = new TreeMap<>();               // unit → incidents closed as PRANK
        Map<String, Long> incidents = new TreeMap<>();
        List<Map<String, Object>> legs = new ArrayList<>();
        Instant start = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        int gps = 0, cell = 0, landline = 0, unknown = 0;
        for (int i = 0; i < calls; i++) {
            Regency regency = regencies.get(i % regencies.size());
            Map<String, Object> body = new HashMap<>();
            String callId = "day-" + i + "-" + UUID.randomUUID();
            body.put("callId", callId);
            switch (i % 4) {
                case 0 -> {
                    body.put("location", Map.of("lat", regency.capitalLocation().lat(), "lon", regency.capitalLocation().lon(),
                            "accuracyMeters", 30));
                    gps++;
                }
                case 1 -> {
                    body.put("cell", "suite-cell-" + regency.code());
                    cell++;
                }
                case 2 -> {
                    body.put("caller", regency.areaCode() + " " + (210000 + i));
                    landline++;
                }
                default -> unknown++;
            }
            JsonNode decision = route(i % 2 == 0 ? "routing-a" : "routing-b", body);
            String unit = decision.path("unit").asText();
            String origin = decision.path("regency").isNull() || decision.path("regency").isMissingNode() ? "UNKNOWN"
                    : decision.path("regency").path("code").asText();
            byRegency.merge(origin, 1L, Long::sum);
            Instant started = start.plusSeconds(i);
            String answeredBy;
            switch (i % 20) {
                case 14, 15, 16 -> {   // rang out; overflows to Polda (unless Polda itself rang out)
                    legs.add(leg(callId + "-1", callId, unit, started, null, "NO_ANSWER"));
                    count(expected, unit, false);
                    if (!unit.equals("POLDA-NTT")) {
                        legs.add(leg(callId + "-2", callId, "POLDA-NTT", started.plusSeconds(10), started.plusSeconds(14), "ANSWERED"));
                        count(expected, "POLDA-NTT", true);
                        answeredBy = "POLDA-NTT";
                    } else {
                        answeredBy = null;
                    }
                }
                case 17, 18, 19 -> {   // the caller hung up while it rang
                    legs.add(leg(callId + "-1", callId, unit, started, null, "ABANDONED"));
                    count(expected, unit, false);
                    answeredBy = null;
                }
                default -> {
                    legs.add(leg(callId + "-1", callId, unit, started, started.plusSeconds(4), "ANSWERED"));
                    count(expected, unit, true);
                    answeredBy = unit;
                }
            }
            if (answeredBy != null && i % 10 == 0) {
                Api.Reply created = Api.post(suite.url("incident") + "/incidents", Map.of("unit", answeredBy, "category", "LAINNYA",
                        "summary", "Laporan dari panggilan 110 nomor " + i, "callId", callId, "reportedBy", "operator-" + answeredBy));
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                incidents.merge(answeredBy, 1L, Long::sum);
                if (i % 20 == 0) {
                    Api.Reply prank = Api.post(suite.url("incident") + "/incidents/" + created.json().path("id").asText() + "/transitions",
                            Map.of("to", "PRANK", "actor", "operator-" + answeredBy, "note", "silent call, laughter"));
                    assertThat(prank.status()).as(prank.body()).isEqualTo(200);
                    pranks.merge(answeredBy, 1L, Long::sum);
                }
            }
        }
        for (int from = 0; from < legs.size(); from += 1_000) {
            Api.Reply reply = Api.post(suite.url("stats") + "/cdrs", legs.subList(from, Math.min(legs.size(), from + 1_000)));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("rejected").size()).as(reply.body()).isZero();
        }
        awaitDecisionsInStats("day of traffic", Duration.ofSeconds(60));

        JsonNode units = Api.get(suite.url("stats") + "/stats/calls?groupBy=unit" + window).json();
        Map<String, long[]> after = rows(units);
        for (var entry : expected.entrySet()) {
            long[] was = before.getOrDefault(entry.getKey(), new long[2]);
            long[] now = after.getOrDefault(entry.getKey(), new long[2]);
            assertThat(new long[] {now[0] - was[0], now[1] - was[1]}).as("incoming, answered of %s", entry.getKey())
                    .containsExactly(entry.getValue());
        }
        for (JsonNode row : units.path("rows")) {
            String unit = row.path("key").asText();
            assertThat(row.path("unanswered").asLong()).isEqualTo(row.path("incoming").asLong() - row.path("answered").asLong());
            if (incidents.containsKey(unit)) {
                assertThat(row.path("pranks").asLong()).as("pranks of %s", unit).isEqualTo(pranks.getOrDefault(unit, 0L));
            }
        }
        assertThat(units.path("prankCounts").asText()).isEqualTo("AVAILABLE");
        Map<String, long[]> originsAfter = rows(Api.get(suite.url("stats") + "/stats/calls?groupBy=regency" + window).json());
        for (var entry : byRegency.entrySet()) {
            long was = originsBefore.getOrDefault(entry.getKey(), new long[2])[0];
            assertThat(originsAfter.getOrDefault(entry.getKey(), new long[2])[0] - was).as("calls from %s", entry.getKey())
                    .isEqualTo(entry.getValue());
        }
        long legsAnswered = expected.values().stream().mapToLong(v -> v[1]).sum();
        report("day of traffic", calls + " calls routed (GPS " + gps + ", cell " + cell + ", landline " + landline + ", unknown "
                + unknown + ") over routing-a/b; " + legs.size() + " legs posted (" + legsAnswered + " answered); "
                + incidents.values().stream().mapToLong(Long::longValue).sum() + " incidents, "
                + pranks.values().stream().mapToLong(Long::longValue).sum() + " closed as PRANK; per-desk figures in stats "
                + "match exactly for " + expected.size() + " desks (incoming, answered, unanswered, pranks) and for "
                + byRegency.size() + " origin regencies; 5xx so far " + Api.SERVER_ERRORS.get());
    }

    private static Map<String, Object> leg(String id, String callId, String unit, Instant started, Instant answered, String disposition) {
        Map<String, Object> leg = new LinkedHashMap<>();
        leg.put("id", id);
        leg.put("callId", callId);
        leg.put("unit", unit);
        leg.put("caller", "+62812" + Math.abs(callId.hashCode() % 10_000_000));
        leg.put("startedAt", started.toString());
        if (answered != null) {
            leg.put("answeredAt", answered.toString());
        }
        leg.put("endedAt", started.plusSeconds(60).toString());
        leg.put("disposition", disposition);
        return leg;
    }

    private static void count(Map<String, long[]> expected, String unit, boolean answered) {
        long[] counts = expected.computeIfAbsent(unit, u -> new long[2]);
        counts[0]++;
        counts[1] += answered ? 1 : 0;
    }

    private static Map<String, long[]> rows(JsonNode report) {
        Map<String, long[]> rows = new HashMap<>();
        report.path("rows").forEach(row -> rows.put(row.path("key").asText(),
                new long[] {row.path("incoming").asLong(), row.path("answered").asLong()}));
        return rows;
    }

    // --- flow 2: go-live and rollback through rollout-service ----------------------------------------------------------

    @Test
    @Order(3)
    void goLiveSwitchesBothRoutingReplicasWithinFiveSecondsAndRollbackSwitchesThemBack() {
        String unit = "POLRES-MALAKA";
        String regency = "53.21";
        for (String item : ITEMS) {
            Api.Reply reply = Api.put(suite.url("rollout-a") + "/rollouts/" + unit + "/checklist/" + item,
                    Map.of("done", true, "by", "suite", "evidence", "suite test: 3 calls via Telkomsel and Indosat"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
        Instant begin = Instant.now();
        Api.Reply live = Api.post(suite.url("rollout-b") + "/rollouts/" + unit + "/go-live", Map.of("by", "suite"));
        assertThat(live.status()).as(live.body()).isEqualTo(200);
        long liveMs = awaitBothReplicas(regency, unit, "DIRECT", begin);
        begin = Instant.now();
        Api.Reply back = Api.post(suite.url("rollout-a") + "/rollouts/" + unit + "/rollback", Map.of("by", "suite", "reason", "suite test"));
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        long backMs = awaitBothReplicas(regency, "POLDA-NTT", "COVERING_UNIT_NOT_LIVE", begin);
        report("go-live", unit + " live on routing-a and routing-b " + liveMs + " ms after go-live; back to POLDA-NTT on both "
                + backMs + " ms after rollback");
    }

    /** Routes a call from {@code regency} on both replicas until both answer unit/reason; returns the ms it took. */
    long awaitBothReplicas(String regency, String unit, String reason, Instant begin) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (String replica : List.of("routing-a", "routing-b")) {
                assertThat(reason(route(replica, Map.of("regency", regency)))).as(replica).isEqualTo(unit + "/" + reason);
            }
        });
        return Duration.between(begin, Instant.now()).toMillis();
    }

    // --- flow 3: outages --------------------------------------------------------------------------------------------

    @Test
    @Order(4)
    void statsServiceDownWhileCallsAreRoutedLosesNothing() {
        ServiceProcess stats = suite.service("stats");
        stats.stop();
        for (int i = 0; i < 300; i++) {
            route(i % 2 == 0 ? "routing-a" : "routing-b", Map.of("regency", "53.0" + (1 + i % 9)));
        }
        Api.Reply incident = Api.post(suite.url("incident") + "/incidents", Map.of("unit", "POLDA-NTT", "category", "BENCANA_ALAM",
                "summary", "Banjir di Oesapa saat stats-service mati", "reportedBy", "suite"));
        assertThat(incident.status()).isEqualTo(201);
        stats.start().awaitReady(Suite.START);
        awaitDecisionsInStats("stats down", Duration.ofSeconds(60));
    }

    @Test
    @Order(5)
    void routingKeepsRoutingWithoutItsDatabaseAndDeliversTheBufferedDecisionsAfter() {
        suite.routingDatabase.stop();
        int routedWhileDown = 0;
        try {
            for (int i = 0; i < 100; i++) {
                JsonNode decision = route(i % 2 == 0 ? "routing-a" : "routing-b", Map.of("regency", "53.1" + (i % 9)));
                assertThat(decision.path("destination").asText()).isNotBlank();
                routedWhileDown++;
            }
            assertThat(suite.service("routing-a").status("/q/health/ready")).isEqualTo(200);
            assertThat(suite.service("routing-a").status("/q/health/group/database")).isEqualTo(503);
        } finally {
            suite.routingDatabase.start();
        }
        report("routing db down", routedWhileDown + " calls routed while routing's database was stopped (5xx "
                + Api.SERVER_ERRORS.get() + " so far)");
        awaitDecisionsInStats("routing db down", Duration.ofSeconds(90));
    }

    @Test
    @Order(6)
    void aGoLiveWhileRoutingIsDownCompletesWhenItReturns() {
        String unit = "POLRES-NAGEKEO";
        for (String item : ITEMS) {
            assertThat(Api.put(suite.url("rollout-b") + "/rollouts/" + unit + "/checklist/" + item,
                    Map.of("done", true, "by", "suite", "evidence", "suite test calls via Telkomsel")).status()).isEqualTo(200);
        }
        ServiceProcess routingA = suite.service("routing-a");
        routingA.stop();
        Api.Reply live = Api.post(suite.url("rollout-a") + "/rollouts/" + unit + "/go-live", Map.of("by", "suite"));
        assertThat(live.status()).as(live.body()).isEqualTo(200);
        assertThat(live.json().path("routingSync").asText()).isEqualTo("PENDING");
        ServiceProcess.sleep(3_000);
        assertThat(Api.get(suite.url("rollout-b") + "/rollouts/" + unit).json().path("routingSync").asText()).isEqualTo("PENDING");
        routingA.start().awaitReady(Suite.START);
        Instant restarted = Instant.now();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Api.get(suite.url("rollout-b") + "/rollouts/" + unit).json().path("routingSync").asText().equals("DONE"));
        long ms = awaitBothReplicas("53.16", unit, "DIRECT", restarted);
        JsonNode history = Api.get(suite.url("routing-b") + "/units/" + unit + "/history").json();
        long changes = 0;
        for (JsonNode change : history) {
            changes += change.path("status").asText().equals("LIVE") ? 1 : 0;
        }
        report("routing down during go-live", unit + " DIRECT on both replicas " + ms + " ms after routing-a was ready again; "
                + "LIVE changes recorded by routing: " + changes);
        assertThat(changes).isEqualTo(1);
    }

    @Test
    @Order(7)
    void aReplicaKilledMidRelayLeavesItsWorkToTheOther() {
        ServiceProcess stats = suite.service("stats");
        ServiceProcess routingB = suite.service("routing-b");
        stats.stop();
        for (int i = 0; i < 200; i++) {
            route("routing-b", Map.of("regency", "53.2" + (i % 2)));
        }
        ServiceProcess.sleep(1_500);   // the decisions reach routing's outbox table (batch writer)
        routingB.kill();
        stats.start().awaitReady(Suite.START);
        awaitDecisionsInStats("replica killed", Duration.ofSeconds(60));
        routingB.start().awaitReady(Suite.START);
        report("replica killed", "routing-b SIGKILLed with 200 decisions undelivered; routing-a relayed them; 5xx total "
                + Api.SERVER_ERRORS.get());
        assertThat(Api.SERVER_ERRORS.get()).isZero();
    }

    @Test
    @Order(8)
    void theServicesLogOneJsonObjectALineWithTheTraceIdOfTheRequest() throws java.io.IOException {
        int lines = 0;
        List<JsonNode> statusChanges = new ArrayList<>();
        for (ServiceProcess service : suite.services.values()) {
            for (String line : java.nio.file.Files.readAllLines(service.log)) {
                JsonNode event;
                try {
                    event = Api.JSON.readTree(line);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new AssertionError(service.name + " wrote a log line that is not JSON: " + line, e);
                }
                assertThat(event.isObject()).as("%s: %s", service.name, line).isTrue();
                assertThat(event.path("timestamp").asText()).as("%s: %s", service.name, line).isNotEmpty();
                assertThat(event.path("level").asText()).as("%s: %s", service.name, line).isNotEmpty();
                assertThat(event.has("message")).as("%s: %s", service.name, line).isTrue();
                if (event.path("message").asText().startsWith("Desk POLRES-")) {
                    statusChanges.add(event);
                }
                lines++;
            }
        }
        // The go-lives and rollbacks of the flows above switched desks through PUT /units/{code}/status.
        assertThat(statusChanges).isNotEmpty().allSatisfy(event ->
                assertThat(event.path("mdc").path("traceId").asText()).as(event.toString()).matches("[0-9a-f]{32}"));
        report("logs", lines + " log lines of " + suite.services.size() + " services, all JSON; " + statusChanges.size()
                + " desk status changes, each with its request's trace id");
    }

    // --- flow 6: identity and access, with the real Keycloak ---------------------------------------------------------

    static final Map<String, String[]> LOCAL_USERS = Map.of(
            "operator-belu", new String[] {"OPERATOR", "POLRES-BELU"}, "operator-polda", new String[] {"OPERATOR", "POLDA-NTT"},
            "supervisor-belu", new String[] {"SUPERVISOR", "POLRES-BELU"}, "supervisor-polda", new String[] {"SUPERVISOR", "POLDA-NTT"},
            "manager", new String[] {"PROGRAM_MANAGER", null}, "admin", new String[] {"ADMIN", null});

    static JsonNode claims(String token) {
        try {
            return Api.JSON.readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(9)
    void eachLocalUserSignsInAndIsLetDoWhatTheirRoleAndDeskAllow() {
        Map<String, String> tokens = new TreeMap<>();
        LOCAL_USERS.forEach((user, roleAndDesk) -> {
            String token = suite.keycloak.passwordToken(user, user);
            JsonNode claims = claims(token);
            assertThat(claims.path("preferred_username").asText()).isEqualTo(user);
            assertThat(claims.path("realm_access").path("roles").toString()).as(user).contains("\"" + roleAndDesk[0] + "\"");
            assertThat(claims.path("desk").isMissingNode() ? null : claims.path("desk").asText()).as(user).isEqualTo(roleAndDesk[1]);
            assertThat(claims.path("aud").toString()).as(user).contains("ntt110");
            tokens.put(user, token);
        });
        String ende = suite.url("routing-a") + "/units/POLRES-ENDE/status";
        Map<String, Object> live = Map.of("status", "LIVE", "reason", "suite: identity check");
        assertThat(Api.as(null, () -> Api.put(ende, live)).status()).isEqualTo(401);
        assertThat(Api.as(tokens.get("operator-belu"), () -> Api.put(ende, live)).status()).isEqualTo(403);
        assertThat(Api.as(tokens.get("supervisor-belu"), () -> Api.put(ende, live)).status()).isEqualTo(403);
        assertThat(Api.as(tokens.get("admin"), () -> Api.put(ende, live)).status()).isEqualTo(200);
        // Every service accepts the realm's tokens, and scopes a polres user to their desk.
        for (String service : List.of("routing-a", "incident", "stats", "rollout-a")) {
            String path = switch (service) {
                case "routing-a" -> "/units";
                case "incident" -> "/incidents";
                case "stats" -> "/stats/unanswered?from=" + LocalDate.now(WITA) + "&to=" + LocalDate.now(WITA);
                default -> "/rollouts";
            };
            assertThat(Api.as(tokens.get("operator-belu"), () -> Api.get(suite.url(service) + path)).status()).as(service).isEqualTo(200);
            assertThat(Api.as(null, () -> Api.get(suite.url(service) + path)).status()).as(service).isEqualTo(401);
        }
        Api.Reply created = Api.as(tokens.get("operator-belu"), () -> Api.post(suite.url("incident") + "/incidents", Map.of(
                "unit", "POLRES-BELU", "category", "LAINNYA", "summary", "suite: identity check", "reportedBy", "someone-else")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("reportedBy").asText()).isEqualTo("operator-belu");
        JsonNode beluList = Api.as(tokens.get("operator-belu"), () -> Api.get(suite.url("incident") + "/incidents?size=200")).json();
        assertThat(beluList.path("items").findValuesAsText("unit")).isNotEmpty().allMatch("POLRES-BELU"::equals);
        assertThat(Api.as(tokens.get("operator-belu"), () -> Api.get(suite.url("incident") + "/incidents?unit=POLRES-ENDE")).status())
                .isEqualTo(403);

        // A go-live by the manager switches routing through rollout-service's service account, recorded for the manager.
        String unit = "POLRES-SABU-RAIJUA";
        String manager = tokens.get("manager");
        for (String item : ITEMS) {
            Api.Reply reply = Api.as(manager, () -> Api.put(suite.url("rollout-a") + "/rollouts/" + unit + "/checklist/" + item,
                    Map.of("done", true, "evidence", "suite test: identity flow")));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
        assertThat(Api.as(tokens.get("operator-polda"), () -> Api.post(suite.url("rollout-a") + "/rollouts/" + unit + "/go-live",
                Map.of())).status()).isEqualTo(403);
        Api.Reply goLive = Api.as(manager, () -> Api.post(suite.url("rollout-a") + "/rollouts/" + unit + "/go-live", Map.of("by", "mallory")));
        assertThat(goLive.status()).as(goLive.body()).isEqualTo(200);
        awaitBothReplicas("53.20", unit, "DIRECT", Instant.now());
        JsonNode history = Api.get(suite.url("routing-b") + "/units/" + unit + "/history").json();
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.path("changedBy").asText()).isEqualTo("manager");
        assertThat(last.path("via").asText()).isEqualTo("rollout-service");
        report("identity", "6 local users signed in at Keycloak; 401/403/200 as the table says on all four services; "
                + unit + " went live by manager, switched via rollout-service");
    }

    @Test
    @Order(10)
    void withKeycloakDownAndRoutingRestartedCallsAreStillRoutedAndNothingIsLost() {
        String telephony = suite.keycloak.clientToken("telephony");
        assertThat(claims(telephony).path("realm_access").path("roles").toString()).contains("TELEPHONY");
        // An operator signed in before the outage (the console keeps their refresh token).
        String refresh = tokenRequest("grant_type=password&client_id=ntt110-cli&username=operator-polda&password=operator-polda")
                .path("refresh_token").asText();
        assertThat(refresh).isNotEmpty();
        suite.keycloak.stop();
        ServiceProcess routingA = suite.service("routing-a");
        routingA.stop();
        routingA.start().awaitReady(Suite.START);   // knows the realm's key without asking Keycloak
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long begin = System.nanoTime();
            String regency = "53.0" + (1 + i % 9);
            JsonNode decision = Api.as(telephony, () -> route("routing-a", Map.of("regency", regency)));
            millis.add((System.nanoTime() - begin) / 1_000_000);
            assertThat(decision.path("unit").asText()).isNotEmpty();
        }
        List<Long> sorted = millis.stream().sorted().toList();
        assertThat(sorted.get(sorted.size() - 1)).as("slowest of 100 routed calls, ms").isLessThan(1_000);
        // routing-a has no service token now (it restarted while Keycloak was down): its decisions wait in its outbox…
        suite.keycloak.start();
        // …and arrive once Keycloak is back.
        awaitDecisionsInStats("identity outage", Duration.ofSeconds(90));
        // The session outlived Keycloak's restart (sessions are in its database): the operator keeps working.
        JsonNode renewed = tokenRequest("grant_type=refresh_token&client_id=ntt110-cli&refresh_token=" + refresh);
        assertThat(claims(renewed.path("access_token").asText()).path("preferred_username").asText()).isEqualTo("operator-polda");
        report("identity outage", "Keycloak stopped, routing-a restarted: 100 calls routed, median " + sorted.get(50)
                + " ms, slowest " + sorted.get(99) + " ms; their decisions reached stats after Keycloak came back; a session "
                + "signed in before the outage renewed its token after it");
    }

    JsonNode tokenRequest(String form) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(suite.keycloak.tokenEndpoint())).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return Api.JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    @Order(11)
    void noLogHoldsATokenOrASecret() throws java.io.IOException {
        List<String> secrets = new ArrayList<>();
        for (String client : LocalKeycloak.CONFIDENTIAL_CLIENTS) {
            secrets.add(suite.keycloak.clientSecret(client));
        }
        // And the realm's private key (a line of its PEM body).
        List<String> pem = java.nio.file.Files.readAllLines(suite.keycloak.settings().home().resolve("realm-key.pem"));
        secrets.add(pem.get(pem.size() / 2));
        int lines = 0;
        try (var logs = java.nio.file.Files.list(suite.logs)) {
            for (java.nio.file.Path log : logs.toList()) {
                for (String line : java.nio.file.Files.readAllLines(log)) {
                    // A JWT's header and payload start with the base64 of '{"'.
                    assertThat(line).as(log.getFileName().toString()).doesNotContain("eyJhbGci");
                    for (String secret : secrets) {
                        assertThat(line).as(log.getFileName().toString()).doesNotContain(secret);
                    }
                    lines++;
                }
            }
        }
        report("secrets", lines + " log lines of the services and Keycloak: no token, no client secret");
    }
}
