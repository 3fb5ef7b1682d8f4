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
        suite = new Suite(List.of("routing-a"));
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
        edge = new SipEdge(Suite.ROOT.resolve("suite-tests/target/sip-edge"), env);
        polda = edge.desk("polda", "answer", "-d", "200");
        // Before routing ever answered, the edge's Polda is the configured one.
        env.put("NTT110_POLDA_URI", polda.uri());
        setDestination("POLDA-NTT", polda.uri());
        edge.start();
        report("routing-service, Keycloak and Kamailio ready in " + Duration.between(begin, Instant.now()).toSeconds() + " s");
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
        report("DIRECT: Belu's desk rang, Call-Info " + invite.header("Call-Info"));
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
        report("ring-no-answer: Belu cancelled after " + rang.toMillis() + " ms, then Polda answered");
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
    }

    @Test
    @Order(5)
    void whenPoldaTooIsBusyTheCallerGets480() {
        SipEdge.Desk busyPolda = edge.desk("polda-busy", "busy");
        setDestination("POLDA-NTT", busyPolda.uri());
        try {
            SipEdge.Call call = edge.call("missed", "+6281234567005", MALAKA_LAT, MALAKA_LON);
            assertThat(call.finalResponse()).startsWith("SIP/2.0 480");
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
                Duration delay = Duration.between(call.invitedAt(), polda.received("INVITE").get(poldaBefore).at());
                assertThat(delay).isLessThan(Duration.ofSeconds(2));
                delays.add(delay.toMillis());
            }
        } finally {
            routingProcess.thaw();
        }
        // After three failures the breaker sends calls straight to Polda: the fourth did not wait for routing.
        assertThat(delays.get(3)).isLessThan(500L);
        assertThat(edge.tail()).contains("routing breaker opened");
        report("routing frozen: caller INVITE → Polda INVITE " + delays + " ms (breaker open from the 4th)");
    }

    @Test
    @Order(7)
    void otherNumbersAndOtherSourcesAreRefused() throws IOException {
        assertThat(sendRaw("127.0.0.1", invite("111", "r-404", "From: <sip:081@127.0.0.1>;tag=1\r\n", "")))
                .startsWith("SIP/2.0 404");
        assertThat(sendRaw("127.0.0.2", invite("110", "r-403", "From: <sip:081@127.0.0.2>;tag=1\r\n", "")))
                .startsWith("SIP/2.0 403");
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
