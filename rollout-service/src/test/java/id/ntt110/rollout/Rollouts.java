package id.ntt110.rollout;

import static id.ntt110.testsupport.TestRequests.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Calls to the rollout API and what the routing stand-in received, for the tests. */
final class Rollouts {

    static final List<String> ITEMS = List.of("SITE_READY", "LINE_PROVISIONED", "EQUIPMENT_INSTALLED", "OPERATORS_TRAINED",
            "ROSTER_24_7", "TEST_CALLS_PASSED", "DESTINATION_CONFIGURED");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Rollouts() {
    }

    static ValidatableResponse get(String unit) {
        return given().when().get("/rollouts/" + unit).then();
    }

    static ValidatableResponse check(String unit, String item, String body) {
        return given().contentType(ContentType.JSON).body(body).when().put("/rollouts/" + unit + "/checklist/" + item).then();
    }

    static ValidatableResponse done(String unit, String item) {
        return check(unit, item, "{\"done\": true, \"by\": \"AKP Yohanes (rollout)\", \"evidence\": \"" + evidenceFor(item) + "\"}");
    }

    static void completeChecklist(String unit) {
        ITEMS.forEach(item -> done(unit, item).statusCode(200));
    }

    static String evidenceFor(String item) {
        return switch (item) {
            case "TEST_CALLS_PASSED" -> "12 test calls on 2021-08-02 09:00-10:30 WITA: 4 Telkomsel, 4 Indosat, 4 Telkom landline; all reached the desk";
            case "LINE_PROVISIONED" -> "Telkom trunk order TR-110-0042, activated 2021-07-28";
            default -> "checked on site";
        };
    }

    static ValidatableResponse patch(String unit, String body) {
        return given().contentType(ContentType.JSON).body(body).when().patch("/rollouts/" + unit).then();
    }

    static ValidatableResponse goLive(String unit, String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/rollouts/" + unit + "/go-live").then();
    }

    static ValidatableResponse rollback(String unit, String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/rollouts/" + unit + "/rollback").then();
    }

    static List<String> historyActions(String unit) {
        return given().when().get("/rollouts/" + unit + "/history").then().statusCode(200).extract().jsonPath().getList("action");
    }

    /** The status changes for {@code unit} that the routing stand-in received, oldest first, with its answer (0: connection dropped). */
    record Received(String status, String changeId, String onBehalfOf, String authorization, int answeredWith, String decidedAt) {
    }

    static List<Received> received(WireMockServer routing, String unit) {
        return routing.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals("/units/" + unit + "/status"))
                .sorted(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(Rollouts::received).toList();
    }

    private static Received received(ServeEvent event) {
        try {
            JsonNode body = JSON.readTree(event.getRequest().getBodyAsString());
            return new Received(body.path("status").asText(), body.path("changeId").asText(), body.path("onBehalfOf").asText(),
                    event.getRequest().getHeader("Authorization"),
                    event.getResponse().getFault() != null ? 0 : event.getResponse().getStatus(), body.path("decidedAt").asText(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
