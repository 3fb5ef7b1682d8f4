package id.ntt110.rollout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static id.ntt110.testsupport.TestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import id.ntt110.testsupport.InjectStub;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Stages, overdue rollouts and fallback demand, with stats-service answering, failing and hanging. */
@QuarkusTest
@WithRolloutTestResources
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SummaryTest {

    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Makassar"));

    @InjectStub("stats")
    WireMockServer stats;

    private void statsAnswers(LocalDate from, String rows) {
        stats.stubFor(get(urlPathEqualTo("/stats/calls")).withQueryParam("groupBy", WireMock.equalTo("regency"))
                .withQueryParam("from", WireMock.equalTo(from.toString())).withQueryParam("to", WireMock.equalTo(TODAY.toString()))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(
                        "{\"from\": \"" + from + "\", \"to\": \"" + TODAY + "\", \"groupBy\": \"regency\", \"rows\": [" + rows
                                + "], \"total\": {\"key\": \"TOTAL\", \"incoming\": 0}}")));
    }

    @Test
    @Order(1)
    void summaryCountsStagesOverdueRolloutsAndCallsPoldaTookForPendingDesks() {
        stats.resetAll();
        // Issue 19: the demand is every call routing sent to Polda (routedTo), not only those Polda answered (answeredBy).
        statsAnswers(TODAY.minusDays(6), """
                {"key": "53.21", "incoming": 14, "answered": 12, "answeredBy": {"POLDA-NTT": 12}, "routedTo": {"POLDA-NTT": 14}},
                {"key": "53.18", "incoming": 9, "answered": 6, "answeredBy": {"POLDA-NTT": 5, "POLRES-SUMBA-BARAT": 1},
                 "routedTo": {"POLDA-NTT": 8, "POLRES-SUMBA-BARAT": 1}},
                {"key": "53.71", "incoming": 90, "answered": 80, "answeredBy": {"POLRESTA-KUPANG-KOTA": 80},
                 "routedTo": {"POLRESTA-KUPANG-KOTA": 90}}""");
        statsAnswers(TODAY.minusDays(29), """
                {"key": "53.21", "incoming": 60, "answered": 51, "answeredBy": {"POLDA-NTT": 51}, "routedTo": {"POLDA-NTT": 60}},
                {"key": "53.18", "incoming": 30, "answered": 22, "answeredBy": {"POLDA-NTT": 20, "POLRES-SUMBA-BARAT": 2},
                 "routedTo": {"POLDA-NTT": 27, "POLRES-SUMBA-BARAT": 3}},
                {"key": "UNKNOWN", "incoming": 7, "answered": 7, "answeredBy": {"POLDA-NTT": 7}}""");
        Rollouts.patch("POLRES-SUMBA-BARAT-DAYA", "{\"targetDate\": \"" + TODAY.minusDays(1) + "\"}").statusCode(200);
        Rollouts.patch("POLRES-MALAKA", "{\"targetDate\": \"" + TODAY.plusDays(30) + "\"}").statusCode(200);

        JsonPath summary = given().when().get("/rollouts/summary").then().statusCode(200)
                .body("fallbackCallsStatus", equalTo("AVAILABLE"))
                .body("overdue", hasItem("POLRES-SUMBA-BARAT-DAYA")).body("overdue", not(hasItem("POLRES-MALAKA")))
                .body("fallbackWindows.last7Days.from", equalTo(TODAY.minusDays(6).toString()))
                .body("fallbackWindows.last30Days.to", equalTo(TODAY.toString()))
                .extract().jsonPath();
        Map<String, Integer> byStage = summary.getMap("byStage");
        assertThat(byStage).containsOnlyKeys("PLANNING", "PROCUREMENT", "INSTALLATION", "TESTING", "LIVE", "ROLLED_BACK");
        assertThat(byStage.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
        assertThat(summary.getMap("fallbackCalls.find { it.unit == 'POLRES-MALAKA' }"))
                .containsEntry("regency", "53.21").containsEntry("regencyName", "Kabupaten Malaka")
                .containsEntry("last7Days", 14).containsEntry("last30Days", 60);
        assertThat(summary.getMap("fallbackCalls.find { it.unit == 'POLRES-SUMBA-BARAT-DAYA' }"))
                .containsEntry("regency", "53.18").containsEntry("last7Days", 8).containsEntry("last30Days", 27);
        // Only desks that are not live yet are listed.
        List<String> live = given().when().get("/rollouts").then().extract().jsonPath().getList("findAll { it.stage == 'LIVE' }.unit");
        assertThat(summary.getList("fallbackCalls.unit", String.class)).noneMatch(live::contains); // live may be none yet
    }

    @Test
    @Order(2)
    void whenStatsServiceFailsTheSummaryStillAnswersAndSaysTheDemandIsUnavailable() {
        stats.resetAll();
        stats.stubFor(get(urlPathEqualTo("/stats/calls")).willReturn(aResponse().withStatus(503)));
        given().when().get("/rollouts/summary").then().statusCode(200).body("fallbackCallsStatus", equalTo("UNAVAILABLE"))
                .body("overdue", hasItem("POLRES-SUMBA-BARAT-DAYA"))
                .body("fallbackCalls.find { it.unit == 'POLRES-MALAKA' }.last7Days", equalTo(null))
                .body("fallbackCalls.find { it.unit == 'POLRES-MALAKA' }.regency", equalTo("53.21"));
    }

    @Test
    @Order(3)
    void whenStatsServiceHangsTheSummaryAnswersWithinItsTimeout() {
        stats.resetAll();
        stats.stubFor(get(urlPathEqualTo("/stats/calls")).willReturn(aResponse().withFixedDelay(8000).withStatus(200)));
        Instant start = Instant.now();
        given().when().get("/rollouts/summary").then().statusCode(200).body("fallbackCallsStatus", equalTo("UNAVAILABLE"));
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(6));
        stats.resetAll();
    }
}
