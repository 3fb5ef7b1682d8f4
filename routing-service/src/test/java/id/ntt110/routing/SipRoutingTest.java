package id.ntt110.routing;

import static id.ntt110.testsupport.AccessMatrix.Who.ADMIN;
import static id.ntt110.testsupport.AccessMatrix.Who.OPERATOR_BELU;
import static id.ntt110.testsupport.AccessMatrix.Who.OPERATOR_POLDA;
import static id.ntt110.testsupport.AccessMatrix.Who.SUPERVISOR_BELU;
import static id.ntt110.testsupport.AccessMatrix.Who.SUPERVISOR_POLDA;
import static id.ntt110.testsupport.AccessMatrix.Who.TELEPHONY;
import static id.ntt110.testsupport.TestRequests.as;
import static id.ntt110.testsupport.TestRequests.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import id.ntt110.testsupport.AccessMatrix;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The SIP edge's endpoint: an INVITE in, rtjson routes out, by the same rules and record as POST /routes. */
@QuarkusTest
@WithRoutingTestResources
class SipRoutingTest {

    static String invite(String callId, String caller, double lat, double lon) {
        String pidf = "<presence xmlns='urn:ietf:params:xml:ns:pidf' xmlns:gml='http://www.opengis.net/gml' "
                + "xmlns:gs='http://www.opengis.net/pidflo/1.0'><gs:Circle srsName='urn:ogc:def:crs:EPSG::4326'>"
                + "<gml:pos>" + lat + " " + lon + "</gml:pos><gs:radius uom='urn:ogc:def:uom:EPSG::9001'>40</gs:radius>"
                + "</gs:Circle></presence>";
        String body = "--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--b\r\nContent-Type: application/pidf+xml\r\n"
                + "Content-ID: <l@t>\r\n\r\n" + pidf + "\r\n--b--\r\n";
        return "INVITE sip:110@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-1\r\n"
                + "From: <sip:" + caller + "@127.0.0.1>;tag=1\r\nTo: <sip:110@127.0.0.1>\r\nCall-ID: " + callId + "\r\n"
                + "CSeq: 1 INVITE\r\nP-Asserted-Identity: <tel:" + caller + ">\r\nGeolocation: <cid:l@t>\r\n"
                + "Content-Type: multipart/mixed;boundary=b\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    static ValidatableResponse routeSip(String message) {
        return given().contentType("message/sip").body(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)).when().post("/routes/sip").then();
    }

    @Test
    void aCallerInsideBeluRingsBeluForTenSecondsThenPoldaWithTheCallsContextForTheOperator() {
        String callId = "sip-" + UUID.randomUUID() + "@127.0.0.1";
        routeSip(invite(callId, "+6281234567890", -9.1066, 124.8925)).statusCode(200)
                .body("version", equalTo("1.0"))
                .body("routing", equalTo("serial"))
                .body("callId", equalTo(callId))
                .body("unit", equalTo("POLRES-BELU"))
                .body("reason", equalTo("DIRECT"))
                .body("locatedBy", equalTo("GPS"))
                .body("regency", equalTo("53.04"))
                .body("caller", equalTo("+6281234567890"))
                .body("routes", hasSize(2))
                .body("routes[0].unit", equalTo("POLRES-BELU"))
                .body("routes[0].uri", equalTo("sip:110@polres-belu.spkt.invalid"))
                .body("routes[0].fr_inv_timer", equalTo(10_000))
                .body("routes[0].fr_timer", equalTo(2_000))
                .body("routes[0].headers.extra", containsString("X-NTT110-Call-Id: " + callId + "\r\n"))
                .body("routes[0].headers.extra", containsString("Call-Info: <http://localhost:8080/desk?callId="
                        + java.net.URLEncoder.encode(callId, java.nio.charset.StandardCharsets.UTF_8)
                        + "&caller=%2B6281234567890&regency=53.04>;purpose=info\r\n"))
                .body("routes[1].unit", equalTo("POLDA-NTT"))
                .body("routes[1].fr_inv_timer", equalTo(60_000))
                .body("warnings", nullValue());

        // The desk's console reads where the caller is.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(OPERATOR_BELU.token()).get("/routes/" + callId).then()
                .statusCode(200)
                .body("regency.code", equalTo("53.04"))
                .body("regency.name", equalTo("Kabupaten Belu"))
                .body("locatedBy", equalTo("GPS"))
                .body("position.lat", equalTo(-9.1066f))
                .body("position.lon", equalTo(124.8925f))
                .body("position.accuracyMeters", equalTo(40.0f))
                .body("caller", equalTo("+6281234567890"))
                .body("unit", equalTo("POLRES-BELU"))
                .body("reason", equalTo("DIRECT")));
    }

    @Test
    void aCallerOfAPendingPolresGoesToPoldaAlone() {
        String callId = "sip-" + UUID.randomUUID();
        routeSip(invite(callId, "+6281300000001", -9.5672, 124.9075)).statusCode(200)
                .body("unit", equalTo("POLDA-NTT"))
                .body("reason", equalTo("COVERING_UNIT_NOT_LIVE"))
                .body("routes", hasSize(1))
                .body("routes[0].unit", equalTo("POLDA-NTT"))
                .body("routes[0].fr_inv_timer", equalTo(60_000));
        // Belu's operator may not read a Malaka call that Polda took.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                as(OPERATOR_BELU.token()).get("/routes/" + callId).then().statusCode(403));
        as(OPERATOR_POLDA.token()).get("/routes/" + callId).then().statusCode(200).body("coveringUnit", equalTo("POLRES-MALAKA"));
    }

    @Test
    void aMessageRoutingCannotReadStillRoutesToPoldaAndSaysWhy() {
        routeSip("this is not SIP").statusCode(200)
                .body("unit", equalTo("POLDA-NTT"))
                .body("reason", equalTo("UNKNOWN_LOCATION"))
                .body("routes[0].unit", equalTo("POLDA-NTT"))
                .body("warnings", hasItem(startsWith("sip: no Call-ID")));
        given().contentType("message/sip").when().post("/routes/sip").then().statusCode(200).body("unit", equalTo("POLDA-NTT"));
    }

    @Test
    void aCallIdThatBreaksTheRuleIsReplacedAndTheTrunksRegencyIsUsedWithoutAPosition() {
        String message = "INVITE sip:110@x SIP/2.0\r\nCall-ID: " + "x".repeat(150) + "\r\nFrom: <sip:0389123@x>;tag=1\r\n\r\n";
        given().contentType("message/sip").body(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)).queryParam("regency", "53.04").when().post("/routes/sip").then()
                .statusCode(200)
                .body("callId", not(equalTo("x".repeat(150))))
                .body("unit", equalTo("POLRES-BELU"))
                .body("locatedBy", equalTo("DECLARED"))
                .body("warnings", hasItem(startsWith("callId: must be at most 100")));
    }

    @Test
    void aDeskOfSeveralPhonesIsOneRouteThatForksToAllItsSipPhones() {
        given().contentType(io.restassured.http.ContentType.JSON)
                .body("{\"destinations\": [\"sip:110@10.53.4.2\", \"tel:+62389110\", \"sip:110@10.53.4.3\"]}")
                .put("/units/POLRES-BELU/destination").then().statusCode(200);
        try {
            routeSip(invite("sip-" + UUID.randomUUID(), "+6281300000002", -9.1066, 124.8925)).statusCode(200)
                    .body("routes", hasSize(2))
                    .body("routes[0].uri", equalTo("sip:110@10.53.4.2"))
                    .body("routes[0].alsoRing", contains("sip:110@10.53.4.3"))
                    .body("routes[1].unit", equalTo("POLDA-NTT"))
                    .body("routes[1].alsoRing", empty())
                    .body("warnings", hasItem(startsWith("destination of POLRES-BELU is not a SIP URI (tel:+62389110)")));
        } finally {
            given().contentType(io.restassured.http.ContentType.JSON).body("{\"destination\": \"sip:110@polres-belu.spkt.invalid\"}")
                    .put("/units/POLRES-BELU/destination").then().statusCode(200);
        }
    }

    @Test
    void aCallNeverRoutedIsNotFound() {
        given().get("/routes/never-routed-" + UUID.randomUUID()).then().statusCode(404)
                .body("detail", startsWith("No routing decision of call"));
    }

    @Test
    void theEdgeAndAdminsRouteAndTheDesksReadTheirCalls() {
        AccessMatrix.check("POST /routes/sip", r -> r.contentType("message/sip").body(invite("acl-" + UUID.randomUUID(),
                "+6281200000009", -9.1066, 124.8925).getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/routes/sip"), TELEPHONY, ADMIN);
        String callId = "acl-read-" + UUID.randomUUID();
        routeSip(invite(callId, "+6281200000010", -9.1066, 124.8925)).statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/routes/" + callId).then().statusCode(200));
        AccessMatrix.check("GET /routes/{callId}", r -> r.get("/routes/" + callId), OPERATOR_BELU, OPERATOR_POLDA,
                SUPERVISOR_BELU, SUPERVISOR_POLDA, TELEPHONY, ADMIN);
    }
}
