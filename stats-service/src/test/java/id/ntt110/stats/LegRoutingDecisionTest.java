package id.ntt110.stats;

import static id.ntt110.testsupport.TestRequests.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import id.ntt110.testsupport.WithPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routing decision a leg followed, as the SIP edge knew it (regency, locatedBy, reason): stored, checked, counted. */
@QuarkusTest
@WithPostgres
class LegRoutingDecisionTest {

    private static String leg(String id, String callId, String unit, String startedAt, String answeredAt, String decision) {
        return "{\"id\": \"" + id + "\", \"callId\": \"" + callId + "\", \"unit\": \"" + unit + "\", \"caller\": \"081234567890\", "
                + "\"startedAt\": \"" + startedAt + "\", " + (answeredAt == null ? "\"disposition\": \"NO_ANSWER\""
                        : "\"answeredAt\": \"" + answeredAt + "\", \"disposition\": \"ANSWERED\"")
                + (decision.isEmpty() ? "" : ", " + decision) + "}";
    }

    @Test
    void legsCarryingTheirRoutingDecisionAreAccepted() {
        CallStatisticsTest.post(List.of(
                leg("rd-1-a", "rd-1", "POLRES-BELU", "2021-11-02T10:00:00+08:00", "2021-11-02T10:00:04+08:00",
                        "\"regency\": \"53.04\", \"locatedBy\": \"GPS\", \"reason\": \"DIRECT\""),
                leg("rd-2-a", "rd-2", "POLDA-NTT", "2021-11-02T10:05:00+08:00", null,
                        "\"regency\": \"53.21\", \"locatedBy\": \"NUMBER_PREFIX\", \"reason\": \"COVERING_UNIT_NOT_LIVE\""),
                leg("rd-3-a", "rd-3", "POLDA-NTT", "2021-11-02T10:10:00+08:00", null,
                        "\"regency\": null, \"locatedBy\": \"NONE\", \"reason\": \"ROUTING_UNAVAILABLE\""),
                leg("rd-4-a", "rd-4", "POLDA-NTT", "2021-11-02T10:15:00+08:00", null, "")))
                .body("accepted", equalTo(4)).body("rejected", org.hamcrest.Matchers.empty());
    }

    @Test
    void badRoutingFieldsAreRejectedByIndexNamingTheField() {
        given().filter(id.ntt110.testsupport.OpenApiValidation.requestNotChecked()).contentType(ContentType.JSON)
                .body("[" + String.join(",", List.of(
                        leg("rd-bad-0", "rd-bad", "POLDA-NTT", "2021-11-03T10:00:00+08:00", null, "\"regency\": \"53.99\""),
                        leg("rd-bad-1", "rd-bad", "POLDA-NTT", "2021-11-03T10:00:00+08:00", null, "\"locatedBy\": \"WIFI\""),
                        leg("rd-bad-2", "rd-bad", "POLDA-NTT", "2021-11-03T10:00:00+08:00", null, "\"reason\": \"BECAUSE\""),
                        leg("rd-bad-3", "rd-bad", "POLDA-NTT", "2021-11-03T10:00:00+08:00", null, "\"regency\": 5304"),
                        leg("rd-ok-4", "rd-ok", "POLDA-NTT", "2021-11-03T10:00:00+08:00", null, "\"reason\": \"OUTSIDE_AREA\""),
                        leg("rd-bad-5", "rd-bad", "POLDA-NTT", "2021-11-03T10:00:00+08:00", null,
                                "\"regency\": \"KUPANG\", \"locatedBy\": \"gps\", \"reason\": \"direct\""))) + "]")
                .when().post("/cdrs").then().statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected.index", contains(0, 1, 2, 3, 5))
                .body("rejected[0].errors.field", contains("regency"))
                .body("rejected[0].errors[0].message", equalTo("'53.99' is not a regency of NTT"))
                .body("rejected[1].errors.field", contains("locatedBy"))
                .body("rejected[2].errors.field", contains("reason"))
                .body("rejected[3].errors.field", contains("regency"))
                .body("rejected[4].errors.field", contains("regency", "locatedBy", "reason"));
    }

    /** A call only the edge reported (no decision from routing) counts under the regency its legs carry, not UNKNOWN. */
    @Test
    void theRegencyReportPlacesUndecidedCallsByTheirLegsRegency() {
        given().contentType(ContentType.JSON).body("[{\"callId\": \"rd-7-1\", \"regency\": \"53.05\", \"coveringUnit\": \"POLRES-ALOR\", "
                + "\"unit\": \"POLRES-ALOR\", \"reason\": \"DIRECT\", \"decidedAt\": \"2021-11-07T10:00:00+08:00\"}]")
                .when().post("/decisions").then().statusCode(200).body("accepted", equalTo(1));
        CallStatisticsTest.post(List.of(
                // decided: the decision wins over what the legs say
                leg("rd-7-1-a", "rd-7-1", "POLRES-ALOR", "2021-11-07T10:00:00+08:00", "2021-11-07T10:00:05+08:00",
                        "\"regency\": \"53.04\", \"locatedBy\": \"CELL\", \"reason\": \"DIRECT\""),
                // undecided, legs carry Malaka: rang Polda (Malaka pending), missed, then answered on the next leg
                leg("rd-7-2-a", "rd-7-2", "POLDA-NTT", "2021-11-07T11:00:00+08:00", null,
                        "\"regency\": \"53.21\", \"locatedBy\": \"DECLARED\", \"reason\": \"COVERING_UNIT_NOT_LIVE\""),
                leg("rd-7-2-b", "rd-7-2", "POLRES-BELU", "2021-11-07T11:00:10+08:00", "2021-11-07T11:00:12+08:00",
                        "\"regency\": \"53.21\", \"locatedBy\": \"DECLARED\", \"reason\": \"COVERING_UNIT_NOT_LIVE\""),
                // undecided, only the later leg carries a regency
                leg("rd-7-3-a", "rd-7-3", "POLDA-NTT", "2021-11-07T12:00:00+08:00", null, "\"reason\": \"ROUTING_UNAVAILABLE\""),
                leg("rd-7-3-b", "rd-7-3", "POLDA-NTT", "2021-11-07T12:00:20+08:00", null, "\"regency\": \"53.21\""),
                // undecided, no regency anywhere
                leg("rd-7-4-a", "rd-7-4", "POLDA-NTT", "2021-11-07T13:00:00+08:00", null, "\"reason\": \"ROUTING_UNAVAILABLE\"")))
                .body("accepted", equalTo(6));
        given().queryParams(Map.of("from", "2021-11-07", "to", "2021-11-07", "groupBy", "regency")).when().get("/stats/calls")
                .then().statusCode(200)
                .body("rows.key", contains("53.05", "53.21", "UNKNOWN"))
                .body("rows[0].incoming", equalTo(1)).body("rows[0].routedTo.POLRES-ALOR", equalTo(1))
                .body("rows[1].incoming", equalTo(2)).body("rows[1].answered", equalTo(1))
                .body("rows[1].answeredBy.POLRES-BELU", equalTo(1)).body("rows[1].avgSecondsToAnswer", equalTo(12.0f))
                // routedTo counts routing-service's decisions only
                .body("rows[1].routedTo", equalTo(Map.of()))
                .body("rows[2].incoming", equalTo(1))
                .body("total.incoming", equalTo(4)).body("total.answered", equalTo(2));
        // Belu's supervisor sees the undecided Malaka call that rang at Belu, under Malaka
        id.ntt110.testsupport.TestRequests.as(id.ntt110.testsupport.TestIdentity.token("supervisor-belu", "POLRES-BELU", "SUPERVISOR"))
                .queryParams(Map.of("from", "2021-11-07", "to", "2021-11-07", "groupBy", "regency")).when().get("/stats/calls")
                .then().statusCode(200).body("rows.key", contains("53.21")).body("total.incoming", equalTo(1));
    }
}
