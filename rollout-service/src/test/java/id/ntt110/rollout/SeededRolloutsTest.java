package id.ntt110.rollout;

import static id.ntt110.testsupport.TestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import id.ntt110.rollout.service.RolloutService;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The five polres without 110 in July 2021 have a rollout each, created once however often the service starts. */
@QuarkusTest
@WithRolloutTestResources
class SeededRolloutsTest {

    private static final Map<String, String> PENDING = Map.of(
            "POLRES-MALAKA", "53.21", "POLRES-SABU-RAIJUA", "53.20", "POLRES-NAGEKEO", "53.16",
            "POLRES-MANGGARAI-TIMUR", "53.19", "POLRES-SUMBA-BARAT-DAYA", "53.18");

    @Inject
    RolloutService service;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyPendingDeskHasARolloutWithTheFullChecklist() {
        JsonPath all = given().when().get("/rollouts").then().statusCode(200).body("$", hasSize(5)).extract().jsonPath();
        assertThat(all.getList("unit", String.class)).containsExactlyInAnyOrderElementsOf(PENDING.keySet());
        for (var desk : PENDING.entrySet()) {
            JsonPath rollout = Rollouts.get(desk.getKey()).statusCode(200).extract().jsonPath();
            assertThat(rollout.getList("regencies", String.class)).containsExactly(desk.getValue());
            assertThat(rollout.getList("checklist.item", String.class)).containsExactlyElementsOf(Rollouts.ITEMS);
            assertThat(rollout.getString("stage")).isIn("PLANNING", "PROCUREMENT", "INSTALLATION", "TESTING", "LIVE", "ROLLED_BACK");
            assertThat(rollout.getString("routingSync")).isIn("NONE", "PENDING", "DONE");
            List<Map<String, Object>> history = given().when().get("/rollouts/" + desk.getKey() + "/history").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            assertThat(history.get(0)).containsEntry("action", "SEEDED").containsEntry("actor", "reference-data");
        }
    }

    @Test
    void seedingAgainFromTwoReplicasAtOnceCreatesNothingTwice() throws SQLException {
        long rowsBefore = count("SELECT count(*) FROM rollout_history") + count("SELECT count(*) FROM rollout_checklist");
        CompletableFuture.allOf(CompletableFuture.runAsync(service::seedPendingDesks), CompletableFuture.runAsync(service::seedPendingDesks)).join();
        assertThat(count("SELECT count(*) FROM rollout")).isEqualTo(5);
        assertThat(count("SELECT count(*) FROM rollout_history") + count("SELECT count(*) FROM rollout_checklist")).isEqualTo(rowsBefore);
        assertThat(count("SELECT count(*) FROM rollout_history WHERE action = 'SEEDED'")).isEqualTo(5);
    }

    @Test
    void aDeskWithoutRolloutIsNotFound() {
        Rollouts.get("POLRES-ALOR").statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("POLRES-NAGEKEO"));
        given().when().get("/rollouts/NOPE/history").then().statusCode(404);
    }

    @Test
    void theHistoryCannotBeRewrittenInTheDatabase() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE rollout_history SET actor = 'someone else'"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM rollout_history")).hasMessageContaining("append-only");
        }
        given().when().get("/rollouts/POLRES-MALAKA/history").then().statusCode(200).body("[0].actor", equalTo("reference-data"));
    }

    private long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
