package id.ntt110.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real 110 calls through the real Kamailio with telephony/kamailio.cfg, asking the real routing-service (signed in at
 * the real Keycloak as the client {@code telephony}), to sipp desk phones that answer, ring unanswered or are busy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SipEdgeIT {

    /** Atambua, Belu's capital: inside Belu's boundary. */
    static final double BELU_LAT = -9.1066;
    static final double BELU_LON = 124.8925;
    /** Betun, Malaka: its polres has no 110 yet. */
    static final double MALAKA_LAT = -9.5672;
    static final double MALAKA_LON = 124.9075;

    Suite suite;
    SipEdge edge;
    SipEdge.Desk polda;
    String routing;

    @BeforeAll
    void start() throws Exception {
        SipEdge.check();
        Instant begin = Instant.now();
        suite = new Suite(List.of("routing-a", "stats"));
        SipEdge.createSpool(suite.database.jdbcUrl("edge"));
        Api.bearer = Api.renewing(() -> suite.keycloak.passwordToken("admin", "admin"));
        routing = suite.url("routing-a");
        routingUrl = routing;
        Map<String, String> env = new HashMap<>();
        env.put("NTT110_ROUTING_URL", routing);
        env.put("NTT110_TOKEN_URL", suite.keycloak.tokenEndpoint());
        env.put("NTT110_TELEPHONY_SECRET", suite.keycloak.clientSecret("telephony"));
        env.put("NTT110_TRUNKS", "127.0.0.1/32");
        env.put("NTT110_DESK_URL", "http://localhost:8080/desk");
        env.put("NTT110_LAST_RING_SECONDS", "60");
        env.put("NTT110_STATS_URL", suite.url("stats"));
        env.put("NTT110_SPOOL_SQLCON", SipEdge.sqlcon(suite.database.jdbcUrl("edge")));
        edge = new SipEdge(Suite.ROOT.resolve("suite-tests/target/sip-edge"), env);
        polda = edge.desk("polda", "answer", "-d", "200");
        // Before routing ever answered, the edge's Polda is the configured one.
        env.put("NTT110_POLDA_URI", polda.uri());
        setDestination("POLDA-NTT", polda.uri());
        edge.start();
        report("routing-service, stats-service, Keycloak and Kamailio ready in " + Duration.between(begin, Instant.now()).toSeconds()
                + " s");
    }

    /** Legs in the edge's spool that the relay may send: ended, or answered with their call's end stored. */
    static final String READY_LEGS = "SELECT count(*) FROM edge_leg l WHERE l.disposition <> 'ANSWERED'"
            + " OR EXISTS (SELECT 1 FROM edge_call_end e WHERE e.sip_call_id = l.sip_call_id)";

    /** A leg as stats-service stored it. */
    record Leg(String id, String unit, String caller, String disposition, Instant startedAt, Instant answeredAt, Instant endedAt) {
        Duration rang() {
            return Duration.between(startedAt, answeredAt != null ? answeredAt : endedAt);
        }
    }

    /**
     * The legs of a call in stats-service, in the order they were tried, once there are {@code expected} of them: read
     * from its database, the test's oracle (the API counts legs; it does not list them). They must arrive within 5 s.
     */
    List<Leg> legs(String callId, int expected) {
        long begin = System.nanoTime();
        List<Leg> legs = List.of();
        while (System.nanoTime() - begin < Duration.ofSeconds(5).toNanos()) {
            legs = query(suite.database.jdbcUrl("stats"), "SELECT id, unit, caller, disposition, started_at, answered_at, ended_at"
                    + " FROM call_leg WHERE call_id = ? ORDER BY started_at, id", callId).stream()
                    .map(r -> new Leg(r.get(0), r.get(1), r.get(2), r.get(3), instant(r.get(4)), instant(r.get(5)), instant(r.get(6))))
                    .toList();
            if (legs.size() >= expected) {
                break;
            }
            ServiceProcess.sleep(100);
        }
        assertThat(legs).as("legs of " + callId + " in stats-service within 5 s").hasSize(expected);
        return legs;
    }

    static List<List<String>> query(String jdbcUrl, String sql, Object... args) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "");
                java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (java.sql.ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    List<String> values = new ArrayList<>();
                    for (int c = 1; c <= row.getMetaData().getColumnCount(); c++) {
                        values.add(row.getMetaData().getColumnTypeName(c).equals("timestamptz")
                                ? java.util.Objects.toString(row.getObject(c, java.time.OffsetDateTime.class) == null ? null
                                        : row.getObject(c, java.time.OffsetDateTime.class).toInstant(), null)
                                : row.getString(c));
                    }
                    rows.add(values);
                }
            }
            return rows;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }

    @AfterAll
    void stop() {
        if (edge != null) {
            edge.close();
        }
        if (suite != null) {
            suite.close();
        }
    }

    static void report(String line) {
        System.out.println("[sip-edge] " + line);
    }

    static void setDestination(String unit, String uri) {
        Api.Reply reply = Api.put(routingUrl + "/units/" + unit + "/destination", Map.of("destination", uri));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    static String routingUrl;

    @Test
    @Order(1)
    void aCallerInsideBeluRingsBelusDeskWhichSeesTheCallsContext() {
        SipEdge.Desk belu = edge.desk("belu-answer", "answer", "-d", "200");
        setDestination("POLRES-BELU", belu.uri());
        SipEdge.Call call = edge.call("direct", "+6281234567001", BELU_LAT, BELU_LON);

        assertThat(call.finalResponse()).startsWith("SIP/2.0 200");
        List<SipEdge.SipMessage> invites = belu.received("INVITE");
        assertThat(invites).hasSize(1);
        assertThat(polda.received("INVITE")).isEmpty();
        SipEdge.SipMessage invite = invites.get(0);
        String callId = invite.header("X-NTT110-Call-Id");
        assertThat(callId).isEqualTo(invite.header("Call-ID"));
        assertThat(invite.header("Call-Info")).isEqualTo("<http://localhost:8080/desk?callId="
                + java.net.URLEncoder.encode(callId, StandardCharsets.UTF_8) + "&caller=%2B6281234567001&regency=53.04>;purpose=info");
        // The call's BYE reached the desk through the edge (Record-Route), so the dialog ended there too.
        assertThat(belu.received("BYE")).hasSize(1);

        Api.Reply decision = Api.get(routing + "/routes/" + java.net.URLEncoder.encode(callId, StandardCharsets.UTF_8));
        assertThat(decision.status()).isEqualTo(200);
        assertThat(decision.json().at("/reason").asText()).isEqualTo("DIRECT");
        assertThat(decision.json().at("/locatedBy").asText()).isEqualTo("GPS");
        assertThat(decision.json().at("/position/lat").asDouble()).isEqualTo(BELU_LAT);

        Leg leg = legs(callId, 1).getFirst();
        assertThat(leg.id()).isEqualTo(callId + "-0");
        assertThat(leg.unit()).isEqualTo("POLRES-BELU");
        assertThat(leg.caller()).isEqualTo("+6281234567001");
        assertThat(leg.disposition()).isEqualTo("ANSWERED");
        assertThat(leg.answeredAt()).isAfterOrEqualTo(leg.startedAt());
        // It ended at the BYE, after the caller's 300 ms of talk.
        assertThat(Duration.between(leg.answeredAt(), leg.endedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        report("DIRECT: Belu's desk rang, Call-Info " + invite.header("Call-Info") + "; its leg " + leg);
    }

    @Test
    @Order(2)
    void aSilentDeskIsCancelledAfterTenSecondsAndPoldaRings() {
        SipEdge.Desk belu = edge.desk("belu-silent", "silent");
        setDestination("POLRES-BELU", belu.uri());
        int poldaBefore = polda.received("INVITE").size();
        SipEdge.Call call = edge.call("silent", "+6281234567002", BELU_LAT, BELU_LON);

        assertThat(call.finalResponse()).startsWith("SIP/2.0 200");
        SipEdge.SipMessage invite = belu.received("INVITE").get(0);
        SipEdge.SipMessage cancel = belu.received("CANCEL").get(0);
        Duration rang = Duration.between(invite.at(), cancel.at());
        assertThat(rang).isBetween(Duration.ofMillis(9_500), Duration.ofMillis(10_500));
        List<SipEdge.SipMessage> poldaInvites = polda.received("INVITE");
        assertThat(poldaInvites).hasSize(poldaBefore + 1);
        assertThat(poldaInvites.getLast().header("X-NTT110-Call-Id")).isEqualTo(invite.header("X-NTT110-Call-Id"));

        List<Leg> legs = legs(invite.header("X-NTT110-Call-Id"), 2);
        assertThat(legs).extracting(Leg::unit, Leg::disposition)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POLRES-BELU", "NO_ANSWER"),
                        org.assertj.core.groups.Tuple.tuple("POLDA-NTT", "ANSWERED"));
        assertThat(legs.get(0).rang()).isBetween(Duration.ofMillis(9_500), Duration.ofMillis(10_500));
        report("ring-no-answer: Belu cancelled after " + rang.toMillis() + " ms, then Polda answered; legs NO_ANSWER after "
                + legs.get(0).rang().toMillis() + " ms, ANSWERED");
    }

    @Test
    @Order(3)
    void aBusyDeskGivesWayToPoldaAtOnce() {
        SipEdge.Desk belu = edge.desk("belu-busy", "busy");
        setDestination("POLRES-BELU", belu.uri());
        int poldaBefore = polda.received("INVITE").size();
        SipEdge.Call call = edge.call("busy", "+6281234567003", BELU_LAT, BELU_LON);

        assertThat(call.finalResponse()).startsWith("SIP/2.0 200");
        SipEdge.SipMessage busyAt = belu.received("INVITE").get(0);
        SipEdge.SipMessage poldaAt = polda.received("INVITE").get(poldaBefore);
        Duration gap = Duration.between(busyAt.at(), poldaAt.at());
        assertThat(gap).isLessThan(Duration.ofMillis(500));
        assertThat(legs(busyAt.header("X-NTT110-Call-Id"), 2)).extracting(Leg::unit, Leg::disposition)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POLRES-BELU", "BUSY"),
                        org.assertj.core.groups.Tuple.tuple("POLDA-NTT", "ANSWERED"));
        report("busy: Polda rang " + gap.toMillis() + " ms after Belu's 486");
    }

    @Test
    @Order(4)
    void aCallerOfAPendingPolresIsPutThroughToPolda() {
        int poldaBefore = polda.received("INVITE").size();
        SipEdge.Call call = edge.call("pending", "+6281234567004", MALAKA_LAT, MALAKA_LON);
        assertThat(call.finalResponse()).startsWith("SIP/2.0 200");
        SipEdge.SipMessage invite = polda.received("INVITE").get(poldaBefore);
        String callId = invite.header("X-NTT110-Call-Id");
        Api.Reply decision = Api.get(routing + "/routes/" + java.net.URLEncoder.encode(callId, StandardCharsets.UTF_8));
        assertThat(decision.json().at("/reason").asText()).isEqualTo("COVERING_UNIT_NOT_LIVE");
        assertThat(decision.json().at("/coveringUnit").asText()).isEqualTo("POLRES-MALAKA");
        assertThat(invite.header("Call-Info")).contains("regency=53.21");
        assertThat(legs(callId, 1)).extracting(Leg::unit, Leg::disposition)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POLDA-NTT", "ANSWERED"));
    }

    @Test
    @Order(5)
    void whenPoldaTooIsBusyTheCallerGets480() {
        SipEdge.Desk busyPolda = edge.desk("polda-busy", "busy");
        setDestination("POLDA-NTT", busyPolda.uri());
        try {
            SipEdge.Call call = edge.call("missed", "+6281234567005", MALAKA_LAT, MALAKA_LON);
            assertThat(call.finalResponse()).startsWith("SIP/2.0 480");
            // A missed call: its one leg says so, and stats has the caller to call back.
            String callId = busyPolda.received("INVITE").getFirst().header("X-NTT110-Call-Id");
            assertThat(legs(callId, 1)).extracting(Leg::unit, Leg::disposition)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("POLDA-NTT", "BUSY"));
            Api.Reply unanswered = Api.get(suite.url("stats") + "/stats/unanswered?size=200&from=" + today() + "&to=" + today());
            assertThat(unanswered.status()).as(unanswered.body()).isEqualTo(200);
            assertThat(unanswered.json().at("/items").findValuesAsText("callId")).contains(callId);
        } finally {
            setDestination("POLDA-NTT", polda.uri());
        }
    }

    @Test
    @Order(6)
    void withRoutingFrozenTheCallReachesPoldaWithinTwoSeconds() {
        // One call with routing up first: the edge learns Polda's destination from routing's plan.
        SipEdge.Desk belu = edge.desk("belu-answer-2", "answer", "-d", "100");
        setDestination("POLRES-BELU", belu.uri());
        assertThat(edge.call("before-freeze", "+6281234567006", BELU_LAT, BELU_LON).finalResponse()).startsWith("SIP/2.0 200");

        ServiceProcess routingProcess = suite.service("routing-a");
        routingProcess.freeze();
        List<Long> delays = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                int poldaBefore = polda.received("INVITE").size();
                SipEdge.Call call = edge.call("frozen-" + i, "+628123456701" + i, BELU_LAT, BELU_LON);
                assertThat(call.finalResponse()).startsWith("SIP/2.0 200");
                SipEdge.SipMessage atPolda = polda.received("INVITE").get(poldaBefore);
                Duration delay = Duration.between(call.invitedAt(), atPolda.at());
                assertThat(delay).isLessThan(Duration.ofSeconds(2));
                delays.add(delay.toMillis());
                assertThat(legs(atPolda.header("X-NTT110-Call-Id"), 1)).extracting(Leg::unit, Leg::disposition)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("POLDA-NTT", "ANSWERED"));
            }
        } finally {
            routingProcess.thaw();
        }
        // After three failures the breaker sends calls straight to Polda: the fourth did not wait for routing.
        assertThat(delays.get(3)).isLessThan(500L);
        assertThat(edge.tail()).contains("routing breaker opened");
        // What the alert "edge routing to Polda without asking" reads.
        Api.Reply metrics = edge.http("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metric(metrics.body(), "calls_total ?\\{route=\"polda_routing_failed\"\\}")).isGreaterThanOrEqualTo(3);
        assertThat(metric(metrics.body(), "calls_total ?\\{route=\"polda_breaker\"\\}")).isGreaterThanOrEqualTo(1);
        assertThat(metric(metrics.body(), "legs_total ?\\{unit=\"POLDA-NTT\", ?disposition=\"ANSWERED\"\\}")).isGreaterThanOrEqualTo(4);
        report("routing frozen: caller INVITE → Polda INVITE " + delays + " ms (breaker open from the 4th)");
    }

    @Test
    @Order(7)
    void otherNumbersAndOtherSourcesAreRefused() throws IOException {
        assertThat(sendRaw("127.0.0.1", invite("111", "r-404", "From: <sip:081@127.0.0.1>;tag=1\r\n", "")))
                .startsWith("SIP/2.0 404");
        assertThat(sendRaw("127.0.0.2", invite("110", "r-403", "From: <sip:081@127.0.0.2>;tag=1\r\n", "")))
                .startsWith("SIP/2.0 403");
        // HTTP is answered on the metrics port only, never on a SIP port.
        assertThat(Api.get("http://127.0.0.1:" + edge.port + "/metrics").status()).isEqualTo(403);
        assertThat(edge.http("/health").status()).isEqualTo(200);
    }

    @Test
    @Order(8)
    void malformedInvitesNeverCrashTheEdgeNorMakeRoutingFail() throws IOException {
        // Polda's phone answers whatever reaches it; these callers never ACK, so the dialogs die on their own.
        String from = "From: <sip:0380123456@127.0.0.1>;tag=m\r\n";
        String pidfPart = "--b\r\nContent-Type: application/pidf+xml\r\nContent-ID: <l@x>\r\n\r\n%s\r\n--b--\r\n";
        String geo = "Geolocation: <cid:l@x>\r\nContent-Type: multipart/mixed;boundary=b\r\n";
        List<String> messages = List.of(
                invite("110", "m1", from + geo, pidfPart.formatted("<presence><unclosed")),
                invite("110", "m2", from + geo, pidfPart.formatted("<?xml version='1.0'?><!DOCTYPE a [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><a>&x;</a>")),
                invite("110", "m3", from + geo, pidfPart.formatted("<presence xmlns:gml='http://www.opengis.net/gml'><gml:Point><gml:pos>999 999</gml:pos></gml:Point></presence>")),
                invite("110", "m4", from + "X-Huge: " + "a".repeat(20_000) + "\r\n", ""),
                invite("110", "m5", from + "P-Asserted-Identity: " + "<tel:1>,".repeat(2_000) + "\r\n", ""),
                invite("110", "m6", "", ""),
                invite("110", "m7", "From: garbage\r\n", ""),
                invite("110", "m8", from, "").replace("Content-Length: 0", "Content-Length: 500"),
                invite("110", "m9", from, "v=0\r\n").replace("Content-Length: 5", "Content-Length: 1"),
                invite("110", "m10", from + "Content-Length: 9\r\n", ""),
                invite("110", "m11", from + geo, "--b\r\n--b\r\n--b"),
                invite("110", "m12", from + "Geolocation: <https://lis.invalid/x>\r\n", ""),
                invite("110", "m13", from + "P-Access-Network-Info: 3GPP-UTRAN-FDD; utran-cell-id-3gpp=\u00ff\u00fe\r\n", ""),
                invite("110", "m14", from + "Geolocation: " + "<cid:a>,".repeat(500) + "\r\n", ""),
                invite("110", "m15", from.replace("0380123456", "%00%0d%0a"), ""),
                invite("110", "m16", from + geo, pidfPart.formatted("<presence xmlns:gs='http://www.opengis.net/pidflo/1.0' xmlns:gml='http://www.opengis.net/gml'><gs:Circle><gml:pos>-9.1 124.9</gml:pos><gs:radius uom='x'>-5</gs:radius></gs:Circle></presence>")),
                "INVITE sip:110@127.0.0.1 SIP/2.0\r\n\r\n",
                "INVITE sip:110@127.0.0.1 SIP/2.0\r\nVia: garbage\r\nCall-ID: m18\r\nCSeq: x\r\n\r\n",
                "\u0000\u0001\u0002 not SIP at all",
                invite("110", "m20", from + "Content-Type: multipart/mixed\r\n" + "Geolocation: <cid:l@x>\r\n", "x".repeat(30_000)));
        assertThat(messages).hasSize(20);
        for (String message : messages) {
            sendRaw("127.0.0.1", message);
        }
        assertThat(edge.isAlive()).isTrue();
        assertThat(edge.tail()).doesNotContainPattern("curl error 5[0-9][0-9],");
        // And a real call right after still gets through, by routing's plan.
        SipEdge.Desk belu = edge.desk("belu-after-malformed", "answer", "-d", "100");
        setDestination("POLRES-BELU", belu.uri());
        ServiceProcess.sleep(6_000); // the breaker, if a malformed call had opened it, is closed again
        assertThat(edge.call("after-malformed", "+6281234567020", BELU_LAT, BELU_LON).finalResponse()).startsWith("SIP/2.0 200");
        assertThat(belu.received("INVITE")).hasSize(1);
    }

    @Test
    @Order(9)
    void aCallerHangingUpWhileTheDeskRingsIsAnAbandonedLeg() {
        SipEdge.Desk belu = edge.desk("belu-ringing", "silent");
        setDestination("POLRES-BELU", belu.uri());
        int poldaBefore = polda.received("INVITE").size();
        SipEdge.Call call = edge.call("caller-hangup.xml", "hangup", "+6281234567030", BELU_LAT, BELU_LON, "-d", "2000");

        assertThat(call.finalResponse()).startsWith("SIP/2.0 487");
        assertThat(belu.received("CANCEL")).hasSize(1);
        assertThat(polda.received("INVITE")).hasSize(poldaBefore);
        Leg leg = legs(belu.received("INVITE").getFirst().header("X-NTT110-Call-Id"), 1).getFirst();
        assertThat(leg.unit()).isEqualTo("POLRES-BELU");
        assertThat(leg.disposition()).isEqualTo("ABANDONED");
        assertThat(leg.rang()).isBetween(Duration.ofMillis(1_900), Duration.ofMillis(3_000));
    }

    @Test
    @Order(10)
    void withStatsServiceDownAndTheEdgeReplacedTheLegsWaitInTheSpoolAndArriveOnceStatsIsBack() {
        SipEdge.Desk belu = edge.desk("belu-answer-3", "answer", "-d", "100");
        setDestination("POLRES-BELU", belu.uri());
        String edgeDb = suite.database.jdbcUrl("edge");
        String ready = READY_LEGS;
        await(() -> query(edgeDb, ready).getFirst().getFirst().equals("0"), "the spool has sent every ended leg");
        int[] before = beluCalls();

        ServiceProcess stats = suite.service("stats");
        stats.stop();
        List<String> callIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertThat(edge.call("stats-down-" + i, "+628123456704" + i, BELU_LAT, BELU_LON).finalResponse()).startsWith("SIP/2.0 200");
            callIds.add(belu.received("INVITE").getLast().header("X-NTT110-Call-Id"));
        }
        // A while with stats down: the relay retries every second, the legs stay in the spool.
        ServiceProcess.sleep(5_000);
        assertThat(query(edgeDb, ready).getFirst().getFirst()).isEqualTo("3");
        assertThat(edge.tail()).contains("legs wait in the spool");
        // And the edge is replaced meanwhile: the legs are in PostgreSQL, not in the process that wrote them.
        edge.restart();

        Instant back = Instant.now();
        stats.start().awaitReady(Suite.START);
        for (String callId : callIds) {
            assertThat(legs(callId, 1).getFirst().disposition()).isEqualTo("ANSWERED");
        }
        Duration late = Duration.between(back, Instant.now());
        // Each leg once: Belu's figures grew by exactly the three calls, and stay so.
        assertThat(beluCalls()).containsExactly(before[0] + 3, before[1] + 3);
        ServiceProcess.sleep(3_000);
        assertThat(beluCalls()).containsExactly(before[0] + 3, before[1] + 3);
        assertThat(query(edgeDb, ready).getFirst().getFirst()).isEqualTo("0");
        report("stats-service down during 3 calls, the edge restarted meanwhile: their legs arrived " + late.toMillis()
                + " ms after stats was started again, once");
    }

    @Test
    @Order(11)
    void aDeskOfTwoPhonesRingsBothAndTheOneThatAnswersTakesTheCall() {
        SipEdge.Desk ringing = edge.desk("belu-phone-1", "silent");
        SipEdge.Desk answering = edge.desk("belu-phone-2", "answer", "-d", "500");
        Api.Reply reply = Api.put(routingUrl + "/units/POLRES-BELU/destination", Map.of("destinations", List.of(ringing.uri(), answering.uri())));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        int poldaBefore = polda.received("INVITE").size();
        SipEdge.Call call = edge.call("two-phones", "+6281234567050", BELU_LAT, BELU_LON);

        assertThat(call.finalResponse()).startsWith("SIP/2.0 200");
        SipEdge.SipMessage first = ringing.received("INVITE").getFirst();
        SipEdge.SipMessage second = answering.received("INVITE").getFirst();
        // Both at once, each with the call's context; the one still ringing is cancelled when the other answers.
        assertThat(Duration.between(first.at(), second.at()).abs()).isLessThan(Duration.ofMillis(200));
        assertThat(second.header("X-NTT110-Call-Id")).isEqualTo(first.header("X-NTT110-Call-Id"));
        assertThat(second.header("Call-Info")).isEqualTo(first.header("Call-Info"));
        assertThat(ringing.received("CANCEL")).hasSize(1);
        assertThat(answering.received("BYE")).hasSize(1);
        assertThat(polda.received("INVITE")).hasSize(poldaBefore);
        // One attempt at the desk: one leg.
        assertThat(legs(first.header("X-NTT110-Call-Id"), 1)).extracting(Leg::unit, Leg::disposition)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POLRES-BELU", "ANSWERED"));
    }

    /** Kefamenanu, Timor Tengah Utara's capital. */
    static final double TTU_LAT = -9.44667;
    static final double TTU_LON = 124.47806;

    @Test
    @Order(12)
    void fiveHundredCallsAtTwentyASecondAreInTheStatisticsAsTheDesksCountedThem() {
        // Three streams at once: Belu's callers (its desk answers), TTU's (its desk is busy, Polda takes them) and
        // Malaka's (no 110 there yet: Polda).
        SipEdge.Desk belu = edge.desk("load-belu", "answer", "-d", "100");
        SipEdge.Desk ttu = edge.desk("load-ttu", "busy");
        SipEdge.Desk poldaDesk = edge.desk("load-polda", "answer", "-d", "100");
        setDestination("POLRES-BELU", belu.uri());
        setDestination("POLRES-TTU", ttu.uri());
        setDestination("POLDA-NTT", poldaDesk.uri());
        Map<String, SipEdge.Desk> desks = Map.of("POLRES-BELU", belu, "POLRES-TTU", ttu, "POLDA-NTT", poldaDesk);
        try {
            String edgeDb = suite.database.jdbcUrl("edge");
            await(() -> query(edgeDb, READY_LEGS).getFirst().getFirst().equals("0"), "the spool has sent every ended leg");
            Map<String, int[]> before = new HashMap<>();
            desks.keySet().forEach(unit -> before.put(unit, unitCalls(unit)));

            // A thread per stream: the common pool has one thread on two cores, and the streams must run at once.
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(3);
            Instant begin = Instant.now();
            List<java.util.concurrent.CompletableFuture<SipEdge.Call>> streams = List.of(
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> edge.call("load-belu-callers", "+6281234567100",
                            BELU_LAT, BELU_LON, "-m", "200", "-r", "8", "-d", "200"), threads),
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> edge.call("load-ttu-callers", "+6281234567200",
                            TTU_LAT, TTU_LON, "-m", "150", "-r", "6", "-d", "200"), threads),
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> edge.call("load-malaka-callers", "+6281234567300",
                            MALAKA_LAT, MALAKA_LON, "-m", "150", "-r", "6", "-d", "200"), threads));
            List<SipEdge.Call> calls = streams.stream().map(java.util.concurrent.CompletableFuture::join).toList();
            Duration took = Duration.between(begin, Instant.now());
            threads.shutdown();
            // 25 s of calls at 20 a second (and the last ones' ring and talk): the three streams ran together.
            assertThat(took).isLessThan(Duration.ofSeconds(45));
            for (SipEdge.Call call : calls) {
                assertThat(call.exitCode()).as(call.name() + ": every call answered (sipp's exit code)").isZero();
            }
            assertThat(calls.stream().mapToLong(c -> c.messages().stream().filter(m -> !m.received() && m.startLine().startsWith("INVITE"))
                    .count()).sum()).isEqualTo(500);

            // What each desk's own sipp saw: INVITEs in, 200s out.
            Map<String, int[]> counted = new HashMap<>();
            desks.forEach((unit, desk) -> counted.put(unit, new int[] {desk.received("INVITE").size(),
                    (int) desk.messages().stream().filter(m -> !m.received() && m.startLine().startsWith("SIP/2.0 200") && m.isInviteResponse())
                            .count()}));
            assertThat(counted.get("POLRES-BELU")).containsExactly(200, 200);
            assertThat(counted.get("POLRES-TTU")).containsExactly(150, 0);
            assertThat(counted.get("POLDA-NTT")).containsExactly(300, 300);
            await(() -> query(edgeDb, READY_LEGS).getFirst().getFirst().equals("0"), "the spool has sent the run's legs");
            for (String unit : desks.keySet()) {
                int[] now = unitCalls(unit);
                assertThat(new int[] {now[0] - before.get(unit)[0], now[1] - before.get(unit)[1]}).as(unit + ": incoming, answered")
                        .containsExactly(counted.get(unit));
            }
            report("500 calls (3 streams, 20 calls/s) in " + took.toSeconds() + " s; per desk incoming/answered in GET /stats/calls"
                    + " = the desks' own counts: Belu 200/200, TTU 150/0, Polda 300/300");
        } finally {
            setDestination("POLDA-NTT", polda.uri());
        }
    }

    @Test
    @Order(13)
    void withRoutingStoppedTheCallReachesPoldaAtOnce() {
        // One call through routing first: the edge learns Polda's destination from its plan (the last test moved it).
        assertThat(edge.call("before-stop", "+6281234567061", MALAKA_LAT, MALAKA_LON).finalResponse()).startsWith("SIP/2.0 200");
        ServiceProcess routingProcess = suite.service("routing-a");
        routingProcess.stop();
        try {
            int poldaBefore = polda.received("INVITE").size();
            SipEdge.Call call = edge.call("routing-stopped", "+6281234567060", BELU_LAT, BELU_LON);
            assertThat(call.finalResponse()).startsWith("SIP/2.0 200");
            SipEdge.SipMessage atPolda = polda.received("INVITE").get(poldaBefore);
            // Nothing listens: the connection is refused at once, no timer to wait for.
            Duration delay = Duration.between(call.invitedAt(), atPolda.at());
            assertThat(delay).isLessThan(Duration.ofSeconds(2));
            assertThat(legs(atPolda.header("X-NTT110-Call-Id"), 1)).extracting(Leg::unit, Leg::disposition)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("POLDA-NTT", "ANSWERED"));
            report("routing stopped: caller INVITE → Polda INVITE " + delay.toMillis() + " ms");
        } finally {
            routingProcess.start().awaitReady(Suite.START);
        }
    }

    /** The value of the edge's metric {@code ntt110_edge_<pattern>}, 0 when it is not there yet. */
    static long metric(String metrics, String pattern) {
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("(?m)^ntt110_edge_" + pattern + " (\\d+)").matcher(metrics);
        return value.find() ? Long.parseLong(value.group(1)) : 0;
    }

    /** Belu's incoming and answered calls today, from GET /stats/calls. */
    int[] beluCalls() {
        return unitCalls("POLRES-BELU");
    }

    /** A desk's incoming and answered calls today, from GET /stats/calls. */
    int[] unitCalls(String unit) {
        Api.Reply reply = Api.get(suite.url("stats") + "/stats/calls?groupBy=unit&from=" + today() + "&to=" + today());
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        for (com.fasterxml.jackson.databind.JsonNode row : reply.json().at("/rows")) {
            if (row.at("/key").asText().equals(unit)) {
                return new int[] {row.at("/incoming").asInt(), row.at("/answered").asInt()};
            }
        }
        return new int[] {0, 0};
    }

    static String today() {
        return java.time.LocalDate.now(java.time.ZoneId.of("Asia/Makassar")).toString();
    }

    static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            ServiceProcess.sleep(200);
        }
    }

    static String invite(String number, String callId, String headers, String body) {
        return "INVITE sip:" + number + "@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;rport;branch=z9hG4bK-" + callId + "\r\n"
                + "To: <sip:" + number + "@127.0.0.1>\r\nCall-ID: " + callId + "\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
                + headers + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** Sends one UDP datagram from {@code source}; returns the first final reply, or "" when none came in 3 s. */
    String sendRaw(String source, String message) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(source), 0))) {
            socket.setSoTimeout(3_000);
            byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName("127.0.0.1"), edge.port));
            byte[] buffer = new byte[65_535];
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(reply);
                } catch (SocketTimeoutException e) {
                    return "";
                }
                String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.ISO_8859_1);
                if (!text.startsWith("SIP/2.0 1")) {
                    return text;
                }
            }
            return "";
        }
    }
}
