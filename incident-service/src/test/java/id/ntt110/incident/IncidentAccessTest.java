package id.ntt110.incident;

import static id.ntt110.testsupport.TestRequests.anonymous;
import static id.ntt110.testsupport.TestRequests.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import id.ntt110.testsupport.TestIdentity;
import id.ntt110.testsupport.WithPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may do what with incidents (issue 14's table): every endpoint × no token, wrong role, right role, other desk. */
@QuarkusTest
@WithPostgres
class IncidentAccessTest {

    static final String OPERATOR_BELU = TestIdentity.token("operator-belu", "POLRES-BELU", "OPERATOR");
    static final String SUPERVISOR_BELU = TestIdentity.token("supervisor-belu", "POLRES-BELU", "SUPERVISOR");
    static final String OPERATOR_POLDA = TestIdentity.token("operator-polda", "POLDA-NTT", "OPERATOR");
    static final String MANAGER = TestIdentity.token("manager", null, "PROGRAM_MANAGER");
    static final String TELEPHONY = TestIdentity.token("service-account-telephony", null, "TELEPHONY");
    static final String SERVICE = TestIdentity.serviceToken("stats-service");

    String beluIncident;
    String endeIncident;

    @BeforeEach
    void twoIncidents() {
        beluIncident = create(OPERATOR_BELU, Incidents.minimal("POLRES-BELU", "Theft at the market"));
        endeIncident = create(OPERATOR_POLDA, Incidents.minimal("POLRES-ENDE", "Fight at the harbour"));
    }

    /** One endpoint of the API, called with a given token against a given incident. */
    record Endpoint(String name, Function<RequestSpecification, io.restassured.response.Response> call) {
    }

    List<Endpoint> endpointsOn(String id) {
        return List.of(
                new Endpoint("GET /incidents/{id}", r -> r.get("/incidents/" + id)),
                new Endpoint("GET /incidents/{id}/history", r -> r.get("/incidents/" + id + "/history")),
                new Endpoint("POST /incidents/{id}/transitions", r -> r.contentType(ContentType.JSON)
                        .body("{\"to\": \"DISPATCHED\"}").post("/incidents/" + id + "/transitions")),
                new Endpoint("PATCH /incidents/{id}", r -> r.contentType(ContentType.JSON)
                        .body("{\"priority\": \"HIGH\"}").patch("/incidents/" + id)),
                new Endpoint("POST /incidents/{id}/calls", r -> r.contentType(ContentType.JSON)
                        .body("{\"callId\": \"call-" + java.util.UUID.randomUUID() + "\"}").post("/incidents/" + id + "/calls")));
    }

    @Test
    void withoutATokenEveryEndpointIsA401() {
        for (Endpoint endpoint : endpointsOn(beluIncident)) {
            endpoint.call().apply(anonymous()).then().statusCode(401).contentType("application/problem+json");
        }
        anonymous().get("/incidents").then().statusCode(401);
        anonymous().contentType(ContentType.JSON).body(Incidents.MINIMAL).post("/incidents").then().statusCode(401);
        anonymous().queryParam("from", "2021-07-01").queryParam("to", "2021-07-07").get("/incidents/counts").then().statusCode(401);
    }

    @Test
    void rolesWithoutIncidentWorkAreRefused() {
        for (String token : List.of(MANAGER, TELEPHONY, SERVICE)) {
            for (Endpoint endpoint : endpointsOn(beluIncident)) {
                endpoint.call().apply(as(token)).then().statusCode(403).contentType("application/problem+json")
                        .body("detail", containsString("ADMIN, OPERATOR, SUPERVISOR"));
            }
            as(token).get("/incidents").then().statusCode(403);
        }
        as(OPERATOR_BELU).queryParam("from", "2021-07-01").queryParam("to", "2021-07-07").get("/incidents/counts")
                .then().statusCode(403);
    }

    @Test
    void aPolresOperatorWorksOnTheirOwnDeskOnly() {
        for (Endpoint endpoint : endpointsOn(beluIncident)) {
            int status = endpoint.call().apply(as(OPERATOR_BELU)).then().extract().statusCode();
            if (status != 200) {
                throw new AssertionError(endpoint.name() + " on their own desk's incident: " + status);
            }
        }
        for (Endpoint endpoint : endpointsOn(endeIncident)) {
            endpoint.call().apply(as(OPERATOR_BELU)).then().statusCode(404).contentType("application/problem+json");
        }
        as(OPERATOR_BELU).contentType(ContentType.JSON).body(Incidents.minimal("POLRES-ENDE", "Not my desk"))
                .post("/incidents").then().statusCode(403).body("errors[0].field", equalTo("unit"));
        as(OPERATOR_BELU).queryParam("unit", "POLRES-ENDE").get("/incidents").then().statusCode(403);
    }

    @Test
    void aPoldaUserWorksOnEveryDesk() {
        for (Endpoint endpoint : endpointsOn(endeIncident)) {
            endpoint.call().apply(as(OPERATOR_POLDA)).then().statusCode(200);
        }
        as(OPERATOR_POLDA).queryParam("unit", "POLRES-BELU").get("/incidents").then().statusCode(200)
                .body("items.id", hasItem(beluIncident));
    }

    @Test
    void listsHoldOnlyTheDeskOfAPolresUser() {
        as(OPERATOR_BELU).queryParam("size", 200).get("/incidents").then().statusCode(200)
                .body("items.unit", everyItem(equalTo("POLRES-BELU")))
                .body("items.id", hasItem(beluIncident));
        as(OPERATOR_POLDA).queryParam("size", 200).get("/incidents").then().statusCode(200)
                .body("items.unit", hasItem("POLRES-ENDE")).body("items.unit", hasItem("POLRES-BELU"));
    }

    @Test
    void theRecordNamesTheSignedInUserWhateverTheBodySays() {
        String id = as(OPERATOR_BELU).contentType(ContentType.JSON)
                .body("{\"unit\": \"POLRES-BELU\", \"category\": \"LAINNYA\", \"summary\": \"Lost goat\", \"reportedBy\": \"someone-else\"}")
                .post("/incidents").then().statusCode(201).body("reportedBy", equalTo("operator-belu")).extract().path("id");
        as(SUPERVISOR_BELU).contentType(ContentType.JSON).body("{\"to\": \"DISPATCHED\", \"actor\": \"the-boss\"}")
                .post("/incidents/" + id + "/transitions").then().statusCode(200);
        as(SUPERVISOR_BELU).get("/incidents/" + id + "/history").then().statusCode(200)
                .body("[0].actor", equalTo("operator-belu")).body("[1].actor", equalTo("supervisor-belu"));
    }

    @Test
    void aConflictDoesNotNameAnotherDesksIncident() {
        String callId = "call-" + java.util.UUID.randomUUID();
        as(OPERATOR_POLDA).contentType(ContentType.JSON).body("{\"callId\": \"" + callId + "\"}")
                .post("/incidents/" + endeIncident + "/calls").then().statusCode(200);
        as(OPERATOR_BELU).contentType(ContentType.JSON).body("{\"callId\": \"" + callId + "\"}")
                .post("/incidents/" + beluIncident + "/calls").then().statusCode(409)
                .body("detail", equalTo("Call " + callId + " is already attached to an incident of another desk."));
        as(OPERATOR_POLDA).contentType(ContentType.JSON).body("{\"callId\": \"" + callId + "\"}")
                .post("/incidents/" + beluIncident + "/calls").then().statusCode(409)
                .body("detail", containsString("110/POLRES-ENDE/"));
    }

    @Test
    void countsOfAPolresSupervisorCoverTheirDeskOnly() {
        String today = java.time.LocalDate.now(id.ntt110.incident.service.IncidentService.WITA).toString();
        as(SUPERVISOR_BELU).queryParam("from", today).queryParam("to", today).queryParam("groupBy", "unit")
                .get("/incidents/counts").then().statusCode(200).body("key", everyItem(equalTo("POLRES-BELU")));
        as(MANAGER).queryParam("from", today).queryParam("to", today).queryParam("groupBy", "unit")
                .get("/incidents/counts").then().statusCode(200).body("key", hasItem("POLRES-ENDE"));
        as(SERVICE).queryParam("from", today).queryParam("to", today).get("/incidents/counts").then().statusCode(200)
                .body("key", hasItem("POLRES-ENDE"));
    }

    private static String create(String token, String body) {
        return as(token).contentType(ContentType.JSON).body(body).post("/incidents").then().statusCode(201).extract().path("id");
    }
}
