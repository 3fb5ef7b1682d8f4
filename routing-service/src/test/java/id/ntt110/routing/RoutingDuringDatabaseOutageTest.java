package id.ntt110.routing;

import static id.ntt110.routing.Routes.route;
import static id.ntt110.testsupport.TestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.ntt110.testsupport.InjectStub;
import id.ntt110.testsupport.EmbeddedPostgresServer;
import id.ntt110.testsupport.InjectPostgres;
import id.ntt110.testsupport.RestartablePostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * DESIGN rule 1: whatever breaks, routing answers. With its database stopped, routing-service keeps routing from its
 * snapshot, stays ready, buffers the decisions in memory, and stores and delivers every one once the database returns.
 */
@QuarkusTest
@WithTestResource(RestartablePostgresResource.class)
@WithTestResource(StatsStubResource.class)
class RoutingDuringDatabaseOutageTest {

    @InjectPostgres
    EmbeddedPostgresServer postgres;

    @InjectStub("stats")
    WireMockServer stats;

    @Test
    void routesCorrectlyWithoutItsDatabaseAndDeliversTheBufferedDecisionsAfterwards() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> callIds = new ArrayList<>();
        postgres.stop();
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    given().when().get("/q/health/group/database").then().statusCode(503).body("status", equalTo("DOWN")));
            given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            given().when().get("/q/health/live").then().statusCode(200);

            for (int i = 0; i < 50; i++) {
                String callId = "outage-" + run + "-" + i;
                callIds.add(callId);
                boolean alor = i % 2 == 0;
                route("{\"callId\": \"" + callId + "\", \"regency\": \"" + (alor ? "53.05" : "53.18") + "\"}")
                        .statusCode(200)
                        .body("unit", equalTo(alor ? "POLRES-ALOR" : "POLDA-NTT"))
                        .body("reason", equalTo(alor ? "DIRECT" : "COVERING_UNIT_NOT_LIVE"));
            }
            Routes.routeCaller("0386 21110").statusCode(200).body("unit", equalTo("POLRES-ALOR"));
            given().when().get("/units").then().statusCode(200);

            // writes need the database: refused as an outage (503), never a 500
            given().contentType(ContentType.JSON).body("{\"status\": \"SUSPENDED\", \"reason\": \"x\"}")
                    .when().put("/units/POLRES-ALOR/status").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "5");
        } finally {
            postgres.start();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, Integer> accepted = DecisionStore.acceptedCallIds(stats);
            assertThat(callIds).allSatisfy(id -> assertThat(accepted).containsKey(id));
        });
        Map<String, Integer> accepted = DecisionStore.acceptedCallIds(stats);
        assertThat(callIds).allSatisfy(id -> assertThat(accepted.get(id)).as("deliveries of %s", id).isEqualTo(1));
        given().when().get("/q/health/group/database").then().statusCode(200).body("status", equalTo("UP"));
    }
}
