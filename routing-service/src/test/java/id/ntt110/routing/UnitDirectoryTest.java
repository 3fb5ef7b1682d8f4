package id.ntt110.routing;

import static id.ntt110.routing.Routes.route;
import static id.ntt110.testsupport.TestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The directory of desks: seeded statuses, audited idempotent changes, Polda's protection, destinations. */
@QuarkusTest
@WithRoutingTestResources
class UnitDirectoryTest {

    @Inject
    AgroalDataSource dataSource;

    private static ValidatableResponse setStatus(String code, String json) {
        return given().contentType(ContentType.JSON).body(json).when().put("/units/" + code + "/status").then();
    }

    @Test
    void listsPoldaAndTwentyOnePolresWithTheFivePendingOfJuly2021() {
        given().when().get("/units").then().statusCode(200)
                .body("", hasSize(22))
                .body("[0].code", equalTo("POLDA-NTT"))
                .body("findAll { it.status == 'PENDING' }.code", containsInAnyOrder("POLRES-MALAKA", "POLRES-SABU-RAIJUA",
                        "POLRES-NAGEKEO", "POLRES-MANGGARAI-TIMUR", "POLRES-SUMBA-BARAT-DAYA"));
        given().when().get("/units/POLRES-SUMBA-BARAT").then().statusCode(200)
                .body("kind", equalTo("POLRES"))
                .body("regencies", containsInAnyOrder("53.12", "53.17"))
                .body("hq.town", equalTo("Waikabubak"));
    }

    @Test
    void anUnknownDeskIsA404Problem() {
        given().when().get("/units/POLRES-ATLANTIS").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("POLRES-ATLANTIS"));
        setStatus("POLRES-ATLANTIS", "{\"status\": \"LIVE\", \"reason\": \"x\"}").statusCode(404);
        given().when().get("/units/POLRES-ATLANTIS/history").then().statusCode(404);
    }

    @Test
    void aSuspensionRoutesTheNextCallToPoldaAndIsAudited() {
        try {
            setStatus("POLRES-ROTE-NDAO", "{\"status\": \"SUSPENDED\", \"reason\": \"line cut by storm\", \"changedBy\": \"spv.kupang\"}")
                    .statusCode(200).body("status", equalTo("SUSPENDED"));

            route("{\"regency\": \"53.14\"}").statusCode(200)
                    .body("unit", equalTo("POLDA-NTT")).body("reason", equalTo("COVERING_UNIT_SUSPENDED"))
                    .body("coveringUnit", equalTo("POLRES-ROTE-NDAO"));
            given().when().get("/units/POLRES-ROTE-NDAO/history").then().statusCode(200)
                    .body("[-1].status", equalTo("SUSPENDED"))
                    .body("[-1].previousStatus", equalTo("LIVE"))
                    .body("[-1].reason", equalTo("line cut by storm"))
                    .body("[-1].changedBy", equalTo("admin")); // the token's user; the body's changedBy is ignored
        } finally {
            setStatus("POLRES-ROTE-NDAO", "{\"status\": \"LIVE\", \"reason\": \"line repaired\"}").statusCode(200);
        }
        route("{\"regency\": \"53.14\"}").statusCode(200).body("unit", equalTo("POLRES-ROTE-NDAO"));
    }

    @Test
    void aChangeIdSentTwiceRecordsOneChange() {
        String changeId = "go-live-" + UUID.randomUUID();
        try {
            int before = historySize("POLRES-NAGEKEO");
            String body = "{\"status\": \"LIVE\", \"reason\": \"go-live\", \"changeId\": \"" + changeId + "\"}";
            setStatus("POLRES-NAGEKEO", body).statusCode(200).body("status", equalTo("LIVE"));
            setStatus("POLRES-NAGEKEO", body).statusCode(200).body("status", equalTo("LIVE"));
            assertThat(historySize("POLRES-NAGEKEO")).isEqualTo(before + 1);

            route("{\"regency\": \"53.16\"}").statusCode(200).body("unit", equalTo("POLRES-NAGEKEO")).body("reason", equalTo("DIRECT"));

            // the same changeId for something else is a client error, not a silent no-op
            setStatus("POLRES-NAGEKEO", "{\"status\": \"SUSPENDED\", \"reason\": \"x\", \"changeId\": \"" + changeId + "\"}")
                    .statusCode(409).contentType("application/problem+json").body("detail", containsString(changeId));
        } finally {
            setStatus("POLRES-NAGEKEO", "{\"status\": \"PENDING\", \"reason\": \"test over\"}").statusCode(200);
        }
    }

    /**
     * Issue 19: a go-live whose relay timed out could still commit after the rollback decided later, and the desk
     * took 110 calls again. A change decided before the one in force changes nothing, even where that one changed
     * nothing itself.
     */
    @Test
    void aChangeDecidedBeforeTheOneInForceArrivingLateIsStale() {
        java.time.Instant now = java.time.Instant.now();
        int before = historySize("POLRES-LEMBATA");
        setStatus("POLRES-LEMBATA", "{\"status\": \"SUSPENDED\", \"reason\": \"rollback\", \"decidedAt\": \"" + now.minusSeconds(10) + "\"}")
                .statusCode(200).body("status", equalTo("SUSPENDED"));
        setStatus("POLRES-LEMBATA", "{\"status\": \"LIVE\", \"reason\": \"late go-live\", \"decidedAt\": \"" + now.minusSeconds(20) + "\"}")
                .statusCode(200).body("status", equalTo("SUSPENDED"));
        route("{\"callId\": \"stale-1\", \"regency\": \"53.13\"}").statusCode(200).body("unit", equalTo("POLDA-NTT"));
        // the same status, decided later, changes nothing but is the one in force now
        setStatus("POLRES-LEMBATA", "{\"status\": \"SUSPENDED\", \"reason\": \"again\", \"decidedAt\": \"" + now.minusSeconds(5) + "\"}")
                .statusCode(200);
        setStatus("POLRES-LEMBATA", "{\"status\": \"LIVE\", \"reason\": \"late\", \"decidedAt\": \"" + now.minusSeconds(8) + "\"}")
                .statusCode(200).body("status", equalTo("SUSPENDED"));
        assertThat(historySize("POLRES-LEMBATA")).isEqualTo(before + 1);
        setStatus("POLRES-LEMBATA", "{\"status\": \"LIVE\", \"reason\": \"a far future\", \"decidedAt\": \"" + now.plusSeconds(3600) + "\"}")
                .statusCode(400).body("errors[0].field", equalTo("decidedAt"));
        // without decidedAt a change is decided now: it wins
        setStatus("POLRES-LEMBATA", "{\"status\": \"LIVE\", \"reason\": \"resumed\"}").statusCode(200).body("status", equalTo("LIVE"));
        assertThat(historySize("POLRES-LEMBATA")).isEqualTo(before + 2);
    }

    @Test
    void theSameStatusTwiceRecordsNothingNew() {
        int before = historySize("POLRES-ENDE");
        setStatus("POLRES-ENDE", "{\"status\": \"LIVE\", \"reason\": \"already live\"}").statusCode(200);
        assertThat(historySize("POLRES-ENDE")).isEqualTo(before);
    }

    @Test
    void poldaCannotLeaveLive() {
        for (String status : new String[] {"SUSPENDED", "PENDING"}) {
            setStatus("POLDA-NTT", "{\"status\": \"" + status + "\", \"reason\": \"maintenance\"}")
                    .statusCode(409).contentType("application/problem+json")
                    .body("detail", containsString("last resort"));
        }
        given().when().get("/units/POLDA-NTT").then().body("status", equalTo("LIVE"));
        setStatus("POLDA-NTT", "{\"status\": \"LIVE\", \"reason\": \"noop\"}").statusCode(200);
    }

    @Test
    void theDatabaseItselfKeepsPoldaLiveAndTheHistoryAppendOnly() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE unit_directory SET status = 'SUSPENDED' WHERE code = 'POLDA-NTT'"))
                    .hasMessageContaining("polda_always_live");
            assertThatThrownBy(() -> s.executeUpdate("DELETE FROM unit_status_history"))
                    .hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE unit_status_history SET reason = 'rewritten'"))
                    .hasMessageContaining("append-only");
        }
    }

    @Test
    void invalidStatusChangesAre400NamingTheField() {
        setStatus("POLRES-ALOR", "{\"status\": \"CLOSED\", \"reason\": \"x\"}").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        setStatus("POLRES-ALOR", "{\"status\": \"SUSPENDED\"}").statusCode(400).body("errors[0].field", equalTo("reason"));
        setStatus("POLRES-ALOR", "{\"status\": \"SUSPENDED\", \"reason\": \"x\", \"changeId\": \"has space\"}").statusCode(400)
                .body("errors[0].field", equalTo("changeId"));
        setStatus("POLRES-ALOR", "not json").statusCode(400);
        given().when().get("/units/POLRES-ALOR").then().body("status", equalTo("LIVE"));
    }

    @Test
    void aNewDestinationIsUsedByTheNextCall() {
        try {
            given().contentType(ContentType.JSON).body("{\"destination\": \"sip:110@10.53.5.2:5060\"}")
                    .when().put("/units/POLRES-ALOR/destination").then().statusCode(200)
                    .body("destination", equalTo("sip:110@10.53.5.2:5060"));
            route("{\"regency\": \"53.05\"}").statusCode(200).body("destination", equalTo("sip:110@10.53.5.2:5060"));
            given().contentType(ContentType.JSON).body("{\"destination\": \"has spaces in it\"}")
                    .when().put("/units/POLRES-ALOR/destination").then().statusCode(400).body("errors[0].field", equalTo("destination"));
        } finally {
            given().contentType(ContentType.JSON).body("{\"destination\": \"sip:110@polres-alor.spkt.invalid\"}")
                    .when().put("/units/POLRES-ALOR/destination").then().statusCode(200);
        }
    }

    @Test
    void aDeskOfSeveralPhonesHasThemAllRungAndKeepsItsFirstAsDestination() {
        String phones = "{\"destinations\": [\"sip:110@10.53.5.2:5060\", \"sip:110@10.53.5.3:5060\"]}";
        try {
            given().contentType(ContentType.JSON).body(phones).when().put("/units/POLRES-ALOR/destination").then().statusCode(200)
                    .body("destination", equalTo("sip:110@10.53.5.2:5060"))
                    .body("destinations", contains("sip:110@10.53.5.2:5060", "sip:110@10.53.5.3:5060"));
            route("{\"regency\": \"53.05\"}").statusCode(200).body("destination", equalTo("sip:110@10.53.5.2:5060"))
                    .body("destinations", contains("sip:110@10.53.5.2:5060", "sip:110@10.53.5.3:5060"))
                    .body("overflow[0].destinations", hasSize(1));
            given().when().get("/units/POLRES-ALOR").then().body("destinations", hasSize(2));
            // Back to one phone: the list is that one.
            given().contentType(ContentType.JSON).body("{\"destinations\": [\"sip:110@10.53.5.3:5060\"]}")
                    .when().put("/units/POLRES-ALOR/destination").then().statusCode(200)
                    .body("destinations", contains("sip:110@10.53.5.3:5060"));
            for (String bad : List.of("{}", "{\"destination\": \"sip:a@b\", \"destinations\": [\"sip:a@b\"]}",
                    "{\"destinations\": []}", "{\"destinations\": [\"sip:a@b\", \"sip:a@b\"]}",
                    "{\"destinations\": [\"sip:a@b\", \"has spaces\"]}", "{\"destinations\": [null]}",
                    "{\"destinations\": " + java.util.stream.IntStream.range(0, 11).mapToObj(i -> "\"sip:" + i + "@b\"").toList() + "}")) {
                given().contentType(ContentType.JSON).body(bad).when().put("/units/POLRES-ALOR/destination").then().statusCode(400)
                        .contentType("application/problem+json").body("errors[0].field", startsWith("destination"));
            }
            given().when().get("/units/POLRES-ALOR").then().body("destinations", contains("sip:110@10.53.5.3:5060"));
        } finally {
            given().contentType(ContentType.JSON).body("{\"destination\": \"sip:110@polres-alor.spkt.invalid\"}")
                    .when().put("/units/POLRES-ALOR/destination").then().statusCode(200).body("destinations", hasSize(1));
        }
    }

    @Test
    void aChangeMadeByAnotherReplicaIsRoutingHereWithinFiveSeconds() throws SQLException {
        // Another replica writes the change and bumps the revision; this one only polls.
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("UPDATE unit_directory SET status = 'LIVE' WHERE code = 'POLRES-SABU-RAIJUA'");
            s.executeUpdate("UPDATE directory_revision SET revision = revision + 1");
            c.commit();
        }
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    route("{\"regency\": \"53.20\"}").statusCode(200).body("unit", equalTo("POLRES-SABU-RAIJUA")));
        } finally {
            setStatus("POLRES-SABU-RAIJUA", "{\"status\": \"PENDING\", \"reason\": \"test over\"}").statusCode(200);
        }
        route("{\"regency\": \"53.20\"}").statusCode(200).body("unit", equalTo("POLDA-NTT"));
    }

    private static int historySize(String code) {
        return given().when().get("/units/" + code + "/history").then().statusCode(200).extract().jsonPath().getList("").size();
    }
}
