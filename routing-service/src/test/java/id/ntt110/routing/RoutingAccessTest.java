package id.ntt110.routing;

import static id.ntt110.testsupport.AccessMatrix.Who.ADMIN;
import static id.ntt110.testsupport.AccessMatrix.Who.OPERATOR_BELU;
import static id.ntt110.testsupport.AccessMatrix.Who.OPERATOR_POLDA;
import static id.ntt110.testsupport.AccessMatrix.Who.PROGRAM_MANAGER;
import static id.ntt110.testsupport.AccessMatrix.Who.SERVICE;
import static id.ntt110.testsupport.AccessMatrix.Who.SUPERVISOR_BELU;
import static id.ntt110.testsupport.AccessMatrix.Who.SUPERVISOR_POLDA;
import static id.ntt110.testsupport.AccessMatrix.Who.TELEPHONY;
import static id.ntt110.testsupport.TestRequests.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import id.ntt110.testsupport.AccessMatrix;
import id.ntt110.testsupport.AccessMatrix.Who;
import id.ntt110.testsupport.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Who may do what in routing-service (issue 14's table), every endpoint. */
@QuarkusTest
@WithRoutingTestResources
class RoutingAccessTest {

    private static final Who[] EVERYONE = {OPERATOR_BELU, OPERATOR_POLDA, SUPERVISOR_BELU, SUPERVISOR_POLDA, PROGRAM_MANAGER,
            TELEPHONY, SERVICE, ADMIN};

    @Test
    void routingACallIsForTheTelephonyEdge() {
        AccessMatrix.check("POST /routes", r -> r.contentType(ContentType.JSON).body("{\"regency\": \"53.04\"}").post("/routes"),
                TELEPHONY, ADMIN);
        AccessMatrix.check("GET /cells/{cell}", r -> r.get("/cells/no-such-cell"), TELEPHONY, ADMIN);
    }

    @Test
    void everyoneSignedInReadsTheDirectory() {
        AccessMatrix.check("GET /units", r -> r.get("/units"), EVERYONE);
        AccessMatrix.check("GET /units/{code}", r -> r.get("/units/POLRES-ENDE"), EVERYONE);
        AccessMatrix.check("GET /units/{code}/history", r -> r.get("/units/POLRES-ENDE/history"), EVERYONE);
        AccessMatrix.check("GET /number-prefixes", r -> r.get("/number-prefixes"), TELEPHONY, SERVICE, ADMIN);
    }

    @Test
    void onlyAdminsChangeTheLookupTablesAndDestinations() {
        AccessMatrix.checkRefusals("PUT /units/{code}/destination", r -> r.contentType(ContentType.JSON)
                .body("{\"destination\": \"sip:spkt@polres-ende.example\"}").put("/units/POLRES-ENDE/destination"), ADMIN);
        AccessMatrix.checkRefusals("PUT /cells", r -> r.contentType(ContentType.JSON)
                .body("[{\"cell\": \"access-test\", \"regency\": \"53.04\"}]").put("/cells"), ADMIN);
        AccessMatrix.checkRefusals("PUT /number-prefixes", r -> r.contentType(ContentType.JSON)
                .body("[{\"prefix\": \"0389\", \"regencies\": [\"53.04\"]}]").put("/number-prefixes"), ADMIN);
    }

    @Test
    void aDeskStatusIsChangedByPoldasSupervisorsServicesAndAdmins() {
        // LIVE → LIVE changes nothing, so the allowed ones can be called too.
        AccessMatrix.check("PUT /units/{code}/status", r -> r.contentType(ContentType.JSON)
                .body("{\"status\": \"LIVE\", \"reason\": \"check\"}").put("/units/POLRES-ENDE/status"),
                SUPERVISOR_POLDA, SERVICE, ADMIN);
        as(SUPERVISOR_BELU.token()).contentType(ContentType.JSON).body("{\"status\": \"LIVE\", \"reason\": \"check\"}")
                .put("/units/POLRES-ENDE/status").then().statusCode(403)
                .body("detail", containsString("Only a supervisor of POLDA-NTT"));
    }

    @Test
    void aChangeIsRecordedForThePersonAndTheServiceThatCarriedItOut() {
        String body = "{\"status\": \"SUSPENDED\", \"reason\": \"storm\", \"changedBy\": \"mallory\", \"onBehalfOf\": \"manager\"}";
        try {
            as(TestIdentity.serviceToken("rollout-service")).contentType(ContentType.JSON).body(body)
                    .put("/units/POLRES-SIKKA/status").then().statusCode(200);
            as(ADMIN.token()).get("/units/POLRES-SIKKA/history").then().statusCode(200)
                    .body("[-1].changedBy", equalTo("manager")).body("[-1].via", equalTo("rollout-service"));
            // A person cannot claim to act for someone else.
            as(SUPERVISOR_POLDA.token()).contentType(ContentType.JSON)
                    .body("{\"status\": \"LIVE\", \"reason\": \"repaired\", \"onBehalfOf\": \"manager\"}")
                    .put("/units/POLRES-SIKKA/status").then().statusCode(200);
            as(ADMIN.token()).get("/units/POLRES-SIKKA/history").then().statusCode(200)
                    .body("[-1].changedBy", equalTo("supervisor-polda")).body("[-1].via", equalTo(null));
        } finally {
            as(ADMIN.token()).contentType(ContentType.JSON).body("{\"status\": \"LIVE\", \"reason\": \"end of test\"}")
                    .put("/units/POLRES-SIKKA/status").then().statusCode(200);
        }
    }
}
