package id.ntt110.rollout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import id.ntt110.testsupport.InjectStub;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A go-live accepted while routing-service is down reaches it, once, when it comes back. */
@QuarkusTest
@WithRolloutTestResources
class RoutingOutageTest {

    private static final String UNIT = "POLRES-SABU-RAIJUA";

    @InjectStub("routing")
    WireMockServer routing;

    @Test
    void goLiveDuringARoutingOutageIsDeliveredWhenRoutingReturns() {
        Rollouts.completeChecklist(UNIT);
        StubMapping down = routing.stubFor(put(urlEqualTo("/units/" + UNIT + "/status")).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        StubMapping unavailable = null;
        try {
            Rollouts.goLive(UNIT, "{\"by\": \"Kapolda NTT\"}").statusCode(200).body("stage", equalTo("LIVE"))
                    .body("routingSync", equalTo("PENDING"));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(Rollouts.received(routing, UNIT)).hasSizeGreaterThanOrEqualTo(2));
            // Then it answers, but cannot take the change yet (503 while it starts).
            routing.removeStub(down);
            unavailable = routing.stubFor(put(urlEqualTo("/units/" + UNIT + "/status")).atPriority(1)
                    .willReturn(aResponse().withStatus(503)));
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(Rollouts.received(routing, UNIT))
                    .anyMatch(r -> r.answeredWith() == 503));
            Rollouts.get(UNIT).body("routingSync", equalTo("PENDING")).body("routingSyncError", equalTo("HTTP 503"));
        } finally {
            routing.removeStub(down);
            if (unavailable != null) {
                routing.removeStub(unavailable);
            }
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> Rollouts.get(UNIT).body("routingSync", equalTo("DONE")));

        List<Rollouts.Received> received = Rollouts.received(routing, UNIT);
        assertThat(received.stream().filter(r -> r.answeredWith() == 200)).hasSize(1);
        assertThat(received).extracting(Rollouts.Received::changeId).containsOnly(received.get(0).changeId());
        assertThat(received).extracting(Rollouts.Received::status).containsOnly("LIVE");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                .untilAsserted(() -> assertThat(Rollouts.received(routing, UNIT)).hasSize(received.size()));
        assertThat(Rollouts.historyActions(UNIT)).containsSubsequence("GO_LIVE", "ROUTING_SYNCED")
                .filteredOn("ROUTING_SYNCED"::equals).hasSize(1);
    }
}
