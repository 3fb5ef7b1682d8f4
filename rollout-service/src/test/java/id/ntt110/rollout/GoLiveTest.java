package id.ntt110.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.ntt110.testsupport.InjectStub;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The go-live gate, the switch in routing-service, rollback, and the history they leave. */
@QuarkusTest
@WithRolloutTestResources
class GoLiveTest {

    @InjectStub("routing")
    WireMockServer routing;

    @Test
    void goLiveIsRefusedWhileChecklistItemsAreOpenAndNamesThem() {
        String unit = "POLRES-SUMBA-BARAT-DAYA";
        for (String item : List.of("SITE_READY", "LINE_PROVISIONED", "EQUIPMENT_INSTALLED", "OPERATORS_TRAINED", "ROSTER_24_7")) {
            Rollouts.done(unit, item).statusCode(200);
        }
        Rollouts.goLive(unit, "{\"by\": \"Kapolda\"}").statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("TEST_CALLS_PASSED")).body("detail", containsString("DESTINATION_CONFIGURED"))
                .body("errors.field", equalTo(List.of("checklist.TEST_CALLS_PASSED", "checklist.DESTINATION_CONFIGURED")));
        Rollouts.goLive(unit, "{\"by\": \"Kapolda\", \"at\": \"2031-01-01T00:00:00+08:00\"}").statusCode(409);
        Rollouts.get(unit).statusCode(200).body("stage", equalTo("PLANNING")).body("liveAt", nullValue())
                .body("routingSync", equalTo("NONE")).body("progress", equalTo(0.71f));
        assertThat(Rollouts.historyActions(unit)).doesNotContain("GO_LIVE", "GO_LIVE_SCHEDULED");
        assertThat(Rollouts.received(routing, unit)).isEmpty();
    }

    @Test
    void badGoLiveRequestsAre400s() {
        Rollouts.goLive("POLRES-SUMBA-BARAT-DAYA", "{\"by\": \"Kapolda\", \"at\": \"next tuesday\"}").statusCode(400)
                .contentType("application/problem+json");
        // Issue 19: a date past year 9999 was a 500; dates are taken within 2000–2100, as everywhere.
        Rollouts.goLive("POLRES-SUMBA-BARAT-DAYA", "{\"at\": \"+300000-01-01T00:00:00Z\"}").statusCode(400)
                .body("errors[0].field", equalTo("at"));
        Rollouts.goLive("POLRES-SUMBA-BARAT-DAYA", "{\"at\": \"2100-01-01T00:00:00Z\"}").statusCode(400)
                .body("errors[0].field", equalTo("at"));
        Rollouts.get("POLRES-SUMBA-BARAT-DAYA").body("stage", not(equalTo("LIVE")))
                .body("scheduledGoLive", nullValue());
        Rollouts.goLive("POLRES-NOWHERE", "{\"by\": \"Kapolda\"}").statusCode(404);
    }

    @Test
    void goLiveSwitchesRoutingOnceAndRollbackSwitchesItBack() {
        String unit = "POLRES-NAGEKEO";
        Rollouts.completeChecklist(unit);
        Rollouts.get(unit).body("progress", equalTo(1.0f));

        Rollouts.goLive(unit, "{\"by\": \"Kapolda NTT\"}").statusCode(200).body("stage", equalTo("LIVE"))
                .body("liveAt", notNullValue());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> Rollouts.get(unit).body("routingSync", equalTo("DONE")));
        List<Rollouts.Received> received = Rollouts.received(routing, unit);
        assertThat(received).hasSize(1);
        assertThat(received.get(0).status()).isEqualTo("LIVE");
        assertThat(received.get(0).changeId()).startsWith("rollout-");
        assertThat(received.get(0).onBehalfOf()).isEqualTo("admin"); // who went live, from the token
        // issue 19: when it went live, so routing can tell a late older change from a newer one
        String liveAt = Rollouts.get(unit).extract().path("liveAt");
        assertThat(java.time.Instant.parse(received.get(0).decidedAt())).isEqualTo(java.time.Instant.parse(liveAt));
        // Sent with rollout-service's own service-account token: routing records the change for admin, via rollout-service.
        String token = received.get(0).authorization();
        assertThat(token).startsWith("Bearer ");
        assertThat(id.ntt110.testsupport.TestIdentity.claimsOf(token)).contains("\"azp\":\"rollout-service\"", "\"SERVICE\"");

        // Going live again changes nothing and sends nothing.
        Rollouts.goLive(unit, "{\"by\": \"Kapolda NTT\"}").statusCode(200).body("stage", equalTo("LIVE"));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
                .untilAsserted(() -> assertThat(Rollouts.received(routing, unit)).hasSize(1));

        Rollouts.rollback(unit, "{\"by\": \"Kapolda NTT\", \"reason\": \"trunk dropping calls since 02:00\"}").statusCode(200)
                .body("stage", equalTo("ROLLED_BACK")).body("rollbackReason", equalTo("trunk dropping calls since 02:00"))
                .body("liveAt", nullValue());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> Rollouts.get(unit).body("routingSync", equalTo("DONE")));
        received = Rollouts.received(routing, unit);
        assertThat(received).extracting(Rollouts.Received::status).containsExactly("LIVE", "PENDING");
        assertThat(received.get(1).changeId()).isNotEqualTo(received.get(0).changeId());
        Rollouts.rollback(unit, "{\"by\": \"Kapolda NTT\", \"reason\": \"again\"}").statusCode(200).body("stage", equalTo("ROLLED_BACK"))
                .body("rollbackReason", equalTo("trunk dropping calls since 02:00"));

        assertThat(Rollouts.historyActions(unit)).containsSubsequence("SEEDED", "CHECKLIST", "GO_LIVE", "ROUTING_SYNCED",
                "ROLLBACK", "ROUTING_SYNCED");
        assertThat(Rollouts.historyActions(unit).stream().filter("CHECKLIST"::equals).count()).isEqualTo(7);

        // After a rollback the work restarts at a stage the managers choose, and the desk can go live again.
        Rollouts.patch(unit, "{\"stage\": \"TESTING\", \"by\": \"Kabid TIK\"}").statusCode(200).body("stage", equalTo("TESTING"));
        Rollouts.goLive(unit, "{\"by\": \"Kapolda NTT\"}").statusCode(200).body("stage", equalTo("LIVE"))
                .body("rollbackReason", nullValue());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(Rollouts.received(routing, unit))
                .extracting(Rollouts.Received::status).containsExactly("LIVE", "PENDING", "LIVE"));
    }
}
