package id.ntt110.testsupport;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * What every service promises Kubernetes while its database is down: readiness goes DOWN (traffic moves away), liveness
 * stays UP (no pointless restarts), and both recover when the database returns — without restarting the service.
 * <p>
 * A service's test extends this with {@code @QuarkusTest @WithTestResource(RestartablePostgresResource.class)}.
 */
public abstract class DatabaseOutageContract {

    private static final Duration FLIP_WITHIN = Duration.ofSeconds(20);

    @InjectPostgres
    protected EmbeddedPostgresServer postgres;

    @Test
    void readinessFollowsTheDatabaseWhileLivenessStaysUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));

        postgres.stop();
        try {
            await().atMost(FLIP_WITHIN).untilAsserted(() -> given().when().get("/q/health/ready")
                    .then().statusCode(503).body("status", equalTo("DOWN")));
            given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        } finally {
            postgres.start();
        }

        await().atMost(FLIP_WITHIN).untilAsserted(() -> given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP")));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
