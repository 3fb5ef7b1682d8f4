package id.ntt110.rollout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import id.ntt110.testsupport.InjectStub;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * A change routing-service refuses for good (a 4xx) is not retried for ever while the desk keeps taking calls: it is
 * FAILED, with routing's answer, in the rollout and its history. And a rollback reason at the API's limit fits
 * routing's limit once rollout-service has prefixed it.
 */
@QuarkusTest
@WithRolloutTestResources
class RoutingRefusalTest {

    private static final String UNIT = "POLRES-MANGGARAI-TIMUR";
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectStub("routing")
    WireMockServer routing;

    @Test
    void aRollbackWithTheLongestReasonReachesRoutingWithinItsLimit() throws Exception {
        Rollouts.completeChecklist(UNIT);
        Rollouts.goLive(UNIT, "{\"by\": \"Kapolda NTT\"}").statusCode(Matchers.either(Matchers.is(200)).or(Matchers.is(202)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Rollouts.get(UNIT).body("routingSync", Matchers.equalTo("DONE")));

        String reason = "Saluran 110 terputus: " + "x".repeat(500 - 22);
        Rollouts.rollback(UNIT, "{\"by\": \"manager\", \"reason\": \"" + reason + "\"}").statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Rollouts.get(UNIT).body("routingSync", Matchers.equalTo("DONE")));

        String sent = lastPendingReason();
        assertThat(sent).hasSizeLessThanOrEqualTo(500).startsWith("Rollout rolled back: Saluran 110 terputus").endsWith("…");
        assertThat(Rollouts.get(UNIT).extract().jsonPath().getString("rollbackReason")).isEqualTo(reason);
    }

    @Test
    void aChangeRoutingRefusesIsFailedNotRetriedForEver() {
        Rollouts.completeChecklist(UNIT);
        Rollouts.goLive(UNIT, "{\"by\": \"Kapolda NTT\"}").statusCode(Matchers.either(Matchers.is(200)).or(Matchers.is(202)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Rollouts.get(UNIT).body("routingSync", Matchers.equalTo("DONE")));
        StubMapping refuse = routing.stubFor(put(urlEqualTo("/units/" + UNIT + "/status")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.status", equalTo("PENDING")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":400,\"detail\":\"reason: size must be between 0 and 500\"}")));
        try {
            int before = refusals();
            Rollouts.rollback(UNIT, "{\"by\": \"manager\", \"reason\": \"uji coba\"}").statusCode(200);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Rollouts.get(UNIT)
                    .body("routingSync", Matchers.equalTo("FAILED"))
                    .body("routingSyncError", Matchers.startsWith("HTTP 400"))
                    .body("routingSyncError", Matchers.containsString("size must be between")));
            // Not sent again: one refused attempt, however long we wait.
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(refusals()).isEqualTo(before + 1));
            assertThat(Rollouts.historyActions(UNIT)).contains("ROUTING_SYNC_FAILED");
            Rollouts.get(UNIT).body("routingSyncAttempts", Matchers.equalTo(1));
        } finally {
            routing.removeStub(refuse);
        }
    }

    private int refusals() {
        return (int) routing.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/units/" + UNIT + "/status") && e.getResponse().getStatus() == 400)
                .count();
    }

    private String lastPendingReason() throws Exception {
        List<ServeEvent> events = routing.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/units/" + UNIT + "/status"))
                .sorted(java.util.Comparator.comparing((ServeEvent e) -> e.getRequest().getLoggedDate()).reversed())
                .toList();
        for (ServeEvent event : events) {
            var body = JSON.readTree(event.getRequest().getBodyAsString());
            if (body.path("status").asText().equals("PENDING")) {
                return body.path("reason").asText();
            }
        }
        throw new AssertionError("routing-service received no PENDING change for " + UNIT);
    }
}
