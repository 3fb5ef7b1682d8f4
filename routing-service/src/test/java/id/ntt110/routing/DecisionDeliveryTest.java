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

    @Inject
    id.ntt110.routing.service.DecisionDelivery delivery;

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

    /**
     * Issue 19: a batch stats-service answered 200 was marked delivered whole, its per-item `rejected` list unread, and
     * delivered rows were never removed. Now a refused decision is settled with stats' reason and counted, and settled
     * decisions go after the retention while undelivered ones stay.
     */
    @Test
    void aDecisionStatsRefusesIsKeptWithTheReasonAndSettledOnesGoAfterTheRetention() throws SQLException {
        String callId = "refused-" + UUID.randomUUID();
        await().atMost(Duration.ofSeconds(15)).until(() -> count("delivered_at IS NULL AND next_attempt_at <= now()") == 0);
        stats.stubFor(post(urlEqualTo("/decisions"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(callId))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                        "{\"accepted\": 0, \"duplicates\": 0, \"rejected\": [{\"index\": 0, \"errors\": "
                                + "[{\"field\": \"unit\", \"message\": \"'X' is not a desk of Polda NTT\"}]}]}")));
        try {
            route("{\"callId\": \"" + callId + "\", \"regency\": \"53.04\"}").statusCode(200);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(rejectedReason(callId)).isEqualTo("unit: 'X' is not a desk of Polda NTT"));
        } finally {
            StatsStubResource.acceptAll(stats);
        }
        io.restassured.RestAssured.given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("routing_decisions_rejected_total 1.0"));

        String old = "old-" + UUID.randomUUID();
        String waiting = "waiting-" + UUID.randomUUID();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                INSERT INTO routing_decision (call_id, unit, reason, located_by, decided_at, delivered_at, next_attempt_at)
                VALUES (?, 'POLDA-NTT', 'UNKNOWN_LOCATION', 'NONE', now() - interval '40 days', ?, now() + interval '1 day')""")) {
            s.setString(1, old);
            s.setTimestamp(2, java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofDays(31))));
            s.executeUpdate();
            s.setString(1, waiting);
            s.setTimestamp(2, null);
            s.executeUpdate();
        }
        assertThat(delivery.purgeBatch()).isPositive();
        assertThat(count("call_id = '" + old + "'")).isZero();
        assertThat(count("call_id = '" + waiting + "'")).as("an undelivered decision is kept, however old").isEqualTo(1);
        assertThat(count("call_id = '" + callId + "'")).as("a recent one is kept").isEqualTo(1);
    }

    private String rejectedReason(String callId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT rejected FROM routing_decision WHERE call_id = ? AND delivered_at IS NOT NULL")) {
            s.setString(1, callId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private int count(String where) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT count(*) FROM routing_decision WHERE " + where); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
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
