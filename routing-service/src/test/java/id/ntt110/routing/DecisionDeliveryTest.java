package id.ntt110.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static id.ntt110.routing.Routes.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.ntt110.testsupport.InjectStub;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every decision reaches stats-service once, even when stats-service is down for a while. */
@QuarkusTest
@WithRoutingTestResources
class DecisionDeliveryTest {

    @InjectStub("stats")
    WireMockServer stats;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void decisionsPileUpWhileStatsIsDownAndAllArriveOnceWhenItReturns() throws SQLException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> callIds = new ArrayList<>();
        stats.resetAll();
        stats.stubFor(post(urlEqualTo("/decisions")).willReturn(aResponse().withStatus(503)));
        try {
            for (int i = 0; i < 40; i++) {
                String callId = "delivery-" + run + "-" + i;
                callIds.add(callId);
                route("{\"callId\": \"" + callId + "\", \"regency\": \"53.0" + (1 + i % 9) + "\"}").statusCode(200)
                        .body("callId", equalTo(callId));
            }
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(undelivered(callIds)).isEqualTo(callIds.size());
                assertThat(DecisionStore.attempts(stats)).isPositive();
            });
        } finally {
            StatsStubResource.acceptAll(stats);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(undelivered(callIds)).isZero());
        Map<String, Integer> accepted = DecisionStore.acceptedCallIds(stats);
        for (String callId : callIds) {
            assertThat(accepted.get(callId)).as("deliveries of %s", callId).isEqualTo(1);
        }
    }

    @Test
    void aDecisionCarriesWhatStatsNeeds() {
        String callId = "fields-" + UUID.randomUUID();
        route("{\"callId\": \"" + callId + "\", \"regency\": \"53.21\", \"caller\": \"0389 21110\"}").statusCode(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> DecisionStore.acceptedCallIds(stats).containsKey(callId));
        var request = stats.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getBodyAsString().contains(callId)).findFirst().orElseThrow();
        String decision = request.getBodyAsString();
        // Sent as routing-service's own service account (client credentials), as stats-service requires.
        String token = request.getHeader("Authorization");
        assertThat(token).startsWith("Bearer ");
        assertThat(id.ntt110.testsupport.TestIdentity.claimsOf(token)).contains("\"azp\":\"routing-service\"", "\"SERVICE\"");
        assertThat(decision).contains("\"regency\":\"53.21\"", "\"coveringUnit\":\"POLRES-MALAKA\"", "\"unit\":\"POLDA-NTT\"",
                "\"reason\":\"COVERING_UNIT_NOT_LIVE\"", "\"decidedAt\":\"", "\"caller\":\"0389 21110\"");
    }

    private int undelivered(List<String> callIds) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM routing_decision WHERE delivered_at IS NULL AND call_id = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", callIds.toArray()));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
