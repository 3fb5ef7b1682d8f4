package id.ntt110.stats;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static id.ntt110.testsupport.TestRequests.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.ntt110.testsupport.InjectStub;
import id.ntt110.testsupport.PostgresTestResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Origin regencies, the call-back list, CSV, and prank figures with incident-service up and down (August 2021 data). */
@QuarkusTest
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
@WithTestResource(value = IncidentStubResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class CallbackAndRegencyTest {

    @InjectStub("incident")
    WireMockServer incidents;

    private static void decision(String callId, String regency, String covering, String unit, String reason) {
        given().contentType(ContentType.JSON).body("[{\"callId\": \"" + callId + "\", \"regency\": " + (regency == null ? "null" : "\"" + regency + "\"")
                + ", \"coveringUnit\": " + (covering == null ? "null" : "\"" + covering + "\"") + ", \"unit\": \"" + unit
                + "\", \"reason\": \"" + reason + "\", \"decidedAt\": \"2021-08-20T09:00:00+08:00\"}]")
                .when().post("/decisions").then().statusCode(200);
    }

    private static void legs(String... legs) {
        CallStatisticsTest.post(List.of(legs));
    }

    private static String leg(String id, String callId, String unit, String startedAt, String disposition, String answeredAt) {
        return "{\"id\": \"" + id + "\", \"callId\": \"" + callId + "\", \"unit\": \"" + unit + "\", \"caller\": \"+62812000" + id.hashCode() % 1000
                + "\", \"startedAt\": \"" + startedAt + "\", " + (answeredAt == null ? "" : "\"answeredAt\": \"" + answeredAt + "\", ")
                + "\"disposition\": \"" + disposition + "\"}";
    }

    private static synchronized void seedAugust20() {
        if (seeded) {
            return;
        }
        seeded = true;
        // Malaka (pending): Polda answers. Alor: Alor misses, overflows to Polda who answers. Sikka: nobody answers.
        decision("aug-1", "53.21", "POLRES-MALAKA", "POLDA-NTT", "COVERING_UNIT_NOT_LIVE");
        decision("aug-2", "53.21", "POLRES-MALAKA", "POLDA-NTT", "COVERING_UNIT_NOT_LIVE");
        decision("aug-3", "53.05", "POLRES-ALOR", "POLRES-ALOR", "DIRECT");
        decision("aug-4", "53.07", "POLRES-SIKKA", "POLRES-SIKKA", "DIRECT");
        decision("aug-5", null, null, "POLDA-NTT", "UNKNOWN_LOCATION");
        legs(leg("aug-1-a", "aug-1", "POLDA-NTT", "2021-08-20T09:00:01+08:00", "ANSWERED", "2021-08-20T09:00:06+08:00"),
                leg("aug-2-a", "aug-2", "POLDA-NTT", "2021-08-20T09:10:01+08:00", "ABANDONED", null),
                leg("aug-3-a", "aug-3", "POLRES-ALOR", "2021-08-20T09:20:01+08:00", "NO_ANSWER", null),
                leg("aug-3-b", "aug-3", "POLDA-NTT", "2021-08-20T09:20:11+08:00", "ANSWERED", "2021-08-20T09:20:14+08:00"),
                leg("aug-4-a", "aug-4", "POLRES-SIKKA", "2021-08-20T09:30:01+08:00", "NO_ANSWER", null),
                leg("aug-4-b", "aug-4", "POLDA-NTT", "2021-08-20T09:30:11+08:00", "BUSY", null),
                leg("aug-5-a", "aug-5", "POLDA-NTT", "2021-08-20T09:40:01+08:00", "ANSWERED", "2021-08-20T09:40:03+08:00"));
    }

    private static boolean seeded;

    @Test
    void callsByRegencyShowWhoAnsweredForAPendingPolresArea() {
        seedAugust20();
        given().queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20", "groupBy", "regency")).when().get("/stats/calls")
                .then().statusCode(200)
                .body("rows.key", contains("53.05", "53.07", "53.21", "UNKNOWN"))
                .body("rows.find { it.key == '53.21' }.incoming", equalTo(2))
                .body("rows.find { it.key == '53.21' }.answered", equalTo(1))
                .body("rows.find { it.key == '53.21' }.answeredBy.POLDA-NTT", equalTo(1))
                // the fallback demand: both calls routing sent to Polda, answered or not
                .body("rows.find { it.key == '53.21' }.routedTo.POLDA-NTT", equalTo(2))
                .body("rows.find { it.key == '53.05' }.answered", equalTo(1))
                .body("rows.find { it.key == '53.05' }.answeredBy.POLDA-NTT", equalTo(1))
                .body("rows.find { it.key == '53.07' }.answered", equalTo(0))
                .body("total.incoming", equalTo(5)).body("total.answered", equalTo(3));
    }

    @Test
    void aPolresSupervisorsRegencyReportAndIncidentTotalsCoverTheirDeskOnly() {
        seedAugust20();
        String alor = id.ntt110.testsupport.TestIdentity.token("supervisor-alor", "POLRES-ALOR", "SUPERVISOR");
        // Only aug-3 was routed to or rang at Alor's desk.
        id.ntt110.testsupport.TestRequests.as(alor)
                .queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20", "groupBy", "regency")).when().get("/stats/calls")
                .then().statusCode(200)
                .body("rows.key", contains("53.05")).body("total.incoming", equalTo(1)).body("total.answered", equalTo(1));
        // incident-service answers stats-service's own request for every desk; Alor's report totals only Alor's.
        incidents.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/incidents/counts"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        "[{\"key\": \"POLRES-ALOR\", \"count\": 2, \"prank\": 1}, {\"key\": \"POLDA-NTT\", \"count\": 7, \"prank\": 5}]")));
        try {
            id.ntt110.testsupport.TestRequests.as(alor)
                    .queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20", "groupBy", "unit")).when().get("/stats/calls")
                    .then().statusCode(200).body("prankCounts", equalTo("AVAILABLE"))
                    .body("rows.key", contains("POLRES-ALOR"))
                    .body("total.incidents", equalTo(2)).body("total.pranks", equalTo(1));
        } finally {
            incidents.resetAll();
        }
    }

    @Test
    void theCallbackListHoldsCallsNoDeskAnsweredNewestFirst() {
        seedAugust20();
        given().queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20")).when().get("/stats/unanswered").then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.callId", contains("aug-4", "aug-2"))
                .body("items[0].unit", equalTo("POLDA-NTT")).body("items[0].disposition", equalTo("BUSY"))
                .body("items[1].disposition", equalTo("ABANDONED"));
        given().queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20", "unit", "POLRES-SIKKA")).when().get("/stats/unanswered")
                .then().statusCode(200).body("items.callId", contains("aug-4"));
        given().queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20", "size", "1", "page", "1")).when().get("/stats/unanswered")
                .then().statusCode(200).body("items.callId", contains("aug-2")).body("total", equalTo(2));
        given().queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20", "size", "500")).when().get("/stats/unanswered")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
        // issue 19: huge offsets read and dropped every row before them; pages reach the first 10,000 calls
        given().queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20", "size", "20", "page", "499")).when()
                .get("/stats/unanswered").then().statusCode(200).body("items", org.hamcrest.Matchers.empty()).body("total", equalTo(2));
        given().queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20", "size", "20", "page", "500")).when()
                .get("/stats/unanswered").then().statusCode(400).body("errors[0].field", equalTo("page"));
    }

    /**
     * Issue 19: a call with legs but no routing decision (the edge's fallback while routing was down) was left out of
     * the regency report, and the wait was measured from the answering leg (3 s here) instead of the call's first (13 s).
     */
    @Test
    void theRegencyReportCountsUndecidedCallsAndWaitsFromTheFirstLeg() {
        given().contentType(ContentType.JSON).body("[{\"callId\": \"aug21-1\", \"regency\": \"53.05\", \"coveringUnit\": \"POLRES-ALOR\", "
                + "\"unit\": \"POLRES-ALOR\", \"reason\": \"DIRECT\", \"decidedAt\": \"2021-08-21T10:00:00+08:00\"}]")
                .when().post("/decisions").then().statusCode(200);
        legs(leg("aug21-1-a", "aug21-1", "POLRES-ALOR", "2021-08-21T10:00:00+08:00", "NO_ANSWER", null),
                leg("aug21-1-b", "aug21-1", "POLDA-NTT", "2021-08-21T10:00:10+08:00", "ANSWERED", "2021-08-21T10:00:13+08:00"),
                leg("aug21-2-a", "aug21-2", "POLRES-BELU", "2021-08-21T11:00:00+08:00", "ANSWERED", "2021-08-21T11:00:04+08:00"),
                leg("aug21-3-a", "aug21-3", "POLRES-BELU", "2021-08-21T12:00:00+08:00", "NO_ANSWER", null));
        given().queryParams(Map.of("from", "2021-08-21", "to", "2021-08-21", "groupBy", "regency")).when().get("/stats/calls")
                .then().statusCode(200)
                .body("rows.key", contains("53.05", "UNKNOWN"))
                .body("rows[0].incoming", equalTo(1)).body("rows[0].answered", equalTo(1))
                .body("rows[0].avgSecondsToAnswer", equalTo(13.0f)).body("rows[0].answeredWithin10s", equalTo(0.0f))
                .body("rows[1].incoming", equalTo(2)).body("rows[1].answered", equalTo(1))
                .body("rows[1].answeredBy.POLRES-BELU", equalTo(1)).body("rows[1].avgSecondsToAnswer", equalTo(4.0f))
                .body("rows[0].routedTo.POLRES-ALOR", equalTo(1)).body("rows[1].routedTo", equalTo(Map.of()))
                .body("total.incoming", equalTo(3)).body("total.unanswered", equalTo(1));
        // Belu's supervisor sees the undecided calls that rang at Belu, not Alor's
        id.ntt110.testsupport.TestRequests.as(id.ntt110.testsupport.TestIdentity.token("supervisor-belu", "POLRES-BELU", "SUPERVISOR"))
                .queryParams(Map.of("from", "2021-08-21", "to", "2021-08-21", "groupBy", "regency")).when().get("/stats/calls")
                .then().statusCode(200).body("rows.key", contains("UNKNOWN")).body("total.incoming", equalTo(2));
    }

    /** Issue 19: only the legs inside the period were judged, so a call answered on its overflow after midnight was "missed". */
    @Test
    void aCallIsJudgedByAllItsLegsEvenAcrossMidnight() {
        legs(leg("aug22-1-a", "aug22-1", "POLRES-BELU", "2021-08-22T23:59:45+08:00", "NO_ANSWER", null),
                leg("aug22-1-b", "aug22-1", "POLDA-NTT", "2021-08-22T23:59:55+08:00", "ANSWERED", "2021-08-23T00:00:05+08:00"),
                leg("aug22-2-a", "aug22-2", "POLRES-BELU", "2021-08-22T23:59:50+08:00", "NO_ANSWER", null),
                leg("aug22-2-b", "aug22-2", "POLDA-NTT", "2021-08-23T00:00:00+08:00", "BUSY", null));
        given().queryParams(Map.of("from", "2021-08-22", "to", "2021-08-22")).when().get("/stats/unanswered").then().statusCode(200)
                .body("total", equalTo(1)).body("items.callId", contains("aug22-2"))
                .body("items[0].unit", equalTo("POLDA-NTT")).body("items[0].disposition", equalTo("BUSY"))
                .body("items[0].startedAt", equalTo("2021-08-22T15:59:50Z"));
        // the next day holds neither: both calls began on the 22nd
        given().queryParams(Map.of("from", "2021-08-23", "to", "2021-08-23")).when().get("/stats/unanswered").then().statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void theReportIsAlsoCsv() {
        seedAugust20();
        given().accept("text/csv").queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20", "groupBy", "unit"))
                .when().get("/stats/calls").then().statusCode(200).contentType(startsWith("text/csv"))
                .body(startsWith("key,incoming,answered,unanswered,answerRate,answeredWithin10s,avgSecondsToAnswer\r\n"))
                .body(containsString("\r\nPOLDA-NTT,5,3,2,0.6000,0.6000,3.3\r\n"))
                .body(containsString("\r\nTOTAL,7,3,4,"));
    }

    @Test
    void prankFiguresComeFromIncidentServiceAndTheReportSurvivesItsOutage() {
        seedAugust20();
        incidents.resetAll();
        incidents.stubFor(get(urlPathEqualTo("/incidents/counts")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("[{\"key\": \"POLDA-NTT\", \"count\": 4, \"prank\": 3}, {\"key\": \"POLRES-SIKKA\", \"count\": 2, \"prank\": 0}, "
                        + "{\"key\": \"POLRES-ENDE\", \"count\": 1, \"prank\": 1}]")));
        var report = given().queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20")).when().get("/stats/calls").then().statusCode(200)
                .body("prankCounts", equalTo("AVAILABLE"))
                .body("rows.find { it.key == 'POLDA-NTT' }.pranks", equalTo(3))
                .body("rows.find { it.key == 'POLDA-NTT' }.prankShare", equalTo(0.75f))
                // issue 19: Ende took no call that day, yet its incident is in the total: it gets a row, so the rows add up
                .body("rows.find { it.key == 'POLRES-ENDE' }.incoming", equalTo(0))
                .body("rows.find { it.key == 'POLRES-ENDE' }.incidents", equalTo(1))
                .body("total.incidents", equalTo(7)).body("total.pranks", equalTo(4))
                .extract().jsonPath();
        org.assertj.core.api.Assertions.assertThat(report.getList("rows.incidents", Integer.class).stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(7);

        incidents.resetAll();
        incidents.stubFor(get(urlPathEqualTo("/incidents/counts")).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));
        given().queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20")).when().get("/stats/calls").then().statusCode(200)
                .body("prankCounts", equalTo("UNAVAILABLE"))
                .body("rows.find { it.key == 'POLDA-NTT' }.incoming", equalTo(5))
                .body("rows.find { it.key == 'POLDA-NTT' }.pranks", nullValue());

        incidents.resetAll(); // no stub: incident-service answers 404 for everything
        given().queryParams(Map.of("from", "2021-08-20", "to", "2021-08-20")).when().get("/stats/calls").then().statusCode(200)
                .body("prankCounts", equalTo("UNAVAILABLE"));
    }
}
