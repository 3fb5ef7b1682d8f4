package id.ntt110.routing;

import static id.ntt110.routing.Routes.route;
import static id.ntt110.testsupport.TestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import id.ntt110.testsupport.EmbeddedPostgresServer;
import id.ntt110.testsupport.InjectPostgres;
import id.ntt110.testsupport.RestartablePostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 19: routing-service could not start while its database was down (Flyway and the directory load ran at start),
 * so a pod restarted or added during an outage crash-looped — rule 1 broke exactly when it mattered. It now starts
 * from the directory it saved last, routes by it, and catches up when the database returns.
 */
@QuarkusTest
@WithTestResource(value = RestartablePostgresResource.class,
        initArgs = @ResourceArg(name = RestartablePostgresResource.DOWN_AT_START, value = "true"))
@WithTestResource(StatsStubResource.class)
@WithTestResource(SavedDirectoryResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoutingStartedWithoutItsDatabaseTest {

    @InjectPostgres
    EmbeddedPostgresServer postgres;

    @Test
    @Order(1)
    void startsFromTheSavedDirectoryAndCatchesUpWhenTheDatabaseReturns() throws Exception {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.find { it.name == 'Routing snapshot' }.data.source", equalTo("FILE"));
        given().when().get("/q/health/live").then().statusCode(200);
        // the saved statuses, not the reference data's (where Nagekeo is still pending)
        route("{\"callId\": \"saved-1\", \"regency\": \"53.16\"}").statusCode(200)
                .body("unit", equalTo("POLRES-NAGEKEO")).body("reason", equalTo("DIRECT"))
                .body("destination", equalTo(SavedDirectoryResource.NAGEKEO_DESTINATION));
        route("{\"callId\": \"saved-2\", \"cell\": \"510-10-abc\"}").statusCode(200).body("regency.code", equalTo("53.16"));
        route("{\"callId\": \"saved-3\", \"regency\": \"53.21\"}").statusCode(200)
                .body("unit", equalTo("POLDA-NTT")).body("reason", equalTo("COVERING_UNIT_NOT_LIVE"));
        // a desk the reference data no longer has is not in the directory
        given().when().get("/units/POLRES-RETIRED").then().statusCode(404);
        // changes need the database: an outage, 503
        given().contentType(ContentType.JSON).body("{\"status\": \"SUSPENDED\", \"reason\": \"test\"}")
                .when().put("/units/POLRES-ALOR/status").then().statusCode(503).header("Retry-After", "5");

        postgres.start();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().when().get("/q/health/ready").then().body("checks.find { it.name == 'Routing snapshot' }.data.source", equalTo("DATABASE")));
        // the database's directory now: migrated and seeded from the reference data, Nagekeo pending
        route("{\"callId\": \"saved-4\", \"regency\": \"53.16\"}").statusCode(200)
                .body("unit", equalTo("POLDA-NTT")).body("reason", equalTo("COVERING_UNIT_NOT_LIVE"));
        given().contentType(ContentType.JSON).body("{\"status\": \"SUSPENDED\", \"reason\": \"test\"}")
                .when().put("/units/POLRES-ALOR/status").then().statusCode(200).body("status", equalTo("SUSPENDED"));
        String saved = Files.readString(Path.of(ConfigProvider.getConfig().getValue("routing.snapshot-file", String.class)));
        assertThat(saved).contains("{\"code\":\"POLRES-ALOR\",\"status\":\"SUSPENDED\"")
                .contains("{\"code\":\"POLRES-NAGEKEO\",\"status\":\"PENDING\"").doesNotContain("POLRES-RETIRED");
    }

    /** Issue 19: a snapshot whose revision went backwards (a database restored from a backup) was ignored. */
    @Test
    @Order(2)
    void aRestoredDatabaseWithALowerRevisionIsTheDirectoryAtOnce() throws Exception {
        try (Connection c = DriverManager.getConnection(
                ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class), EmbeddedPostgresServer.SUPERUSER, "");
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE unit_directory SET destination = 'sip:110@alor.restored.test', status = 'LIVE' "
                    + "WHERE code = 'POLRES-ALOR'");
            s.executeUpdate("UPDATE directory_revision SET revision = 0 WHERE id = 1");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                route("{\"callId\": \"restored-1\", \"regency\": \"53.05\"}").statusCode(200)
                        .body("unit", equalTo("POLRES-ALOR")).body("destination", equalTo("sip:110@alor.restored.test")));
    }
}
