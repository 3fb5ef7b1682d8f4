package id.ntt110.routing;

import static id.ntt110.routing.Routes.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import id.ntt110.routing.rest.RouteResponse;
import id.ntt110.routing.service.DecisionRecorder;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One bad value from the network never stops a replica from recording the decisions of the calls after it. */
@QuarkusTest
@WithRoutingTestResources
class DecisionRecordingTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    DecisionRecorder recorder;

    @Inject
    MeterRegistry metrics;

    @Test
    void aCallerWithANulCharacterIsCleanedAndTheCallsAfterItAreRecorded() throws SQLException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        route("{\"callId\": \"nul-" + run + "\", \"caller\": \"08\\u00001\\u0007234\", \"regency\": \"53.04\"}").statusCode(200)
                .body("unit", equalTo("POLRES-BELU"))
                .body("warnings", hasItem(startsWith("caller: control characters removed")));
        for (int i = 0; i < 5; i++) {
            route("{\"callId\": \"after-nul-" + run + "-" + i + "\", \"regency\": \"53.04\"}").statusCode(200);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(storedCaller("nul-" + run)).hasValue("081234");
            for (int i = 0; i < 5; i++) {
                assertThat(storedCaller("after-nul-" + run + "-" + i)).isPresent();
            }
        });
    }

    @Test
    void aVeryLongCallerIsCutToWhatANumberCanBe() throws SQLException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        route("{\"callId\": \"long-" + run + "\", \"caller\": \"" + "9".repeat(200_000) + "\"}").statusCode(200)
                .body("unit", equalTo("POLDA-NTT"))
                .body("warnings", hasItem(startsWith("caller: longer than 64 characters")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(storedCaller("long-" + run)).hasValueSatisfying(c -> assertThat(c).hasSize(64)));
    }

    @Test
    void aDecisionTheDatabaseRefusesIsLeftOutAndCountedAndTheRestOfItsBatchIsStored() throws SQLException {
        // Straight to the recorder, past the cleaning at the edge: the writer itself must not be stopped by one row.
        String run = UUID.randomUUID().toString().substring(0, 8);
        double rejectedBefore = rejected();
        recorder.record(response("batch-" + run + "-0"), "0812");
        recorder.record(response("batch-" + run + "-bad"), "08\u00001");
        recorder.record(response("batch-" + run + "-2"), "0813");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(storedCaller("batch-" + run + "-0")).hasValue("0812");
            assertThat(storedCaller("batch-" + run + "-2")).hasValue("0813");
            assertThat(rejected()).isEqualTo(rejectedBefore + 1);
        });
        assertThat(storedCaller("batch-" + run + "-bad")).isEmpty();
        recorder.record(response("batch-" + run + "-later"), "0814");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(storedCaller("batch-" + run + "-later")).hasValue("0814"));
    }

    private static RouteResponse response(String callId) {
        return new RouteResponse(callId, null, LocatedBy.NONE, null, "POLDA-NTT", "sip:110@polda.invalid",
                List.of("sip:110@polda.invalid"), RouteReason.UNKNOWN_LOCATION, List.of(), Instant.now(), List.of());
    }

    private double rejected() {
        return metrics.counter("routing.decisions.rejected").count();
    }

    private Optional<String> storedCaller(String callId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement("SELECT coalesce(caller, '') FROM routing_decision WHERE call_id = ?")) {
            query.setString(1, callId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }
}
