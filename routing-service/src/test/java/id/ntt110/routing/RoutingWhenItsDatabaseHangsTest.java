package id.ntt110.routing;

import static id.ntt110.routing.Routes.route;
import static id.ntt110.testsupport.TestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import id.ntt110.testsupport.EmbeddedPostgresServer;
import id.ntt110.testsupport.InjectPostgres;
import id.ntt110.testsupport.RestartablePostgresResource;
import id.ntt110.testsupport.StallingProxy;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: without a JDBC socket timeout, a database that vanished without closing its connections (node loss, a
 * partition) hung the directory poll for good — that replica's snapshot never updated again — and PUT /units/…
 * blocked, while readiness stayed UP. The proxy stalls every byte between routing and its PostgreSQL to show it.
 */
@QuarkusTest
@WithTestResource(value = RestartablePostgresResource.class,
        initArgs = @ResourceArg(name = RestartablePostgresResource.THROUGH_STALLING_PROXY, value = "true"))
@WithTestResource(StatsStubResource.class)
class RoutingWhenItsDatabaseHangsTest {

    @InjectPostgres
    StallingProxy proxy;

    @InjectPostgres
    EmbeddedPostgresServer postgres;

    /** A request that would hang forever must fail the test, not hold it. */
    private static final RestAssuredConfig AT_MOST_60_S = RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
            .setParam("http.socket.timeout", 60_000).setParam("http.connection.timeout", 5_000));

    @Test
    void aHungDatabaseIsGivenUpOnAndTheDirectoryCatchesUpAfter() throws Exception {
        route("{\"callId\": \"hang-0\", \"regency\": \"53.05\"}").statusCode(200).body("unit", equalTo("POLRES-ALOR"));
        proxy.stall();
        try {
            Instant start = Instant.now();
            Response change = given().config(AT_MOST_60_S).contentType(ContentType.JSON)
                    .body("{\"destination\": \"sip:110@alor.hang.test\"}").when().put("/units/POLRES-ALOR/destination");
            assertThat(change.statusCode()).as(change.asString()).isEqualTo(503);
            assertThat(Duration.between(start, Instant.now())).as("time to give up on the database").isLessThan(Duration.ofSeconds(40));
            // calls are routed from memory meanwhile, and the replica stays in the Service
            route("{\"callId\": \"hang-1\", \"regency\": \"53.05\"}").statusCode(200).body("unit", equalTo("POLRES-ALOR"));
            given().config(AT_MOST_60_S).when().get("/q/health/ready").then().statusCode(200);
        } finally {
            proxy.resume();
        }
        // another replica's change (made straight in the database) reaches this one's snapshot: its poll is not stuck
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(database()), EmbeddedPostgresServer.SUPERUSER, "");
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE unit_directory SET destination = 'sip:110@alor.elsewhere.test' WHERE code = 'POLRES-ALOR'");
            s.executeUpdate("UPDATE directory_revision SET revision = revision + 1 WHERE id = 1");
        }
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                route("{\"callId\": \"hang-2\", \"regency\": \"53.05\"}").statusCode(200)
                        .body("destination", equalTo("sip:110@alor.elsewhere.test")));
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'Directory poll' }.status", equalTo("UP"));
    }

    private static String database() {
        String url = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
