package id.ntt110.rollout;

import static id.ntt110.testsupport.AccessMatrix.Who.ADMIN;
import static id.ntt110.testsupport.AccessMatrix.Who.OPERATOR_BELU;
import static id.ntt110.testsupport.AccessMatrix.Who.OPERATOR_POLDA;
import static id.ntt110.testsupport.AccessMatrix.Who.PROGRAM_MANAGER;
import static id.ntt110.testsupport.AccessMatrix.Who.SERVICE;
import static id.ntt110.testsupport.AccessMatrix.Who.SUPERVISOR_BELU;
import static id.ntt110.testsupport.AccessMatrix.Who.SUPERVISOR_POLDA;
import static id.ntt110.testsupport.TestRequests.as;
import static org.hamcrest.Matchers.equalTo;

import id.ntt110.testsupport.AccessMatrix;
import id.ntt110.testsupport.AccessMatrix.Who;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Who may do what in rollout-service (issue 14's table), every endpoint. */
@QuarkusTest
@WithRolloutTestResources
class RolloutAccessTest {

    private static final String UNIT = "POLRES-SABU-RAIJUA";
    private static final Who[] READERS = {OPERATOR_BELU, OPERATOR_POLDA, SUPERVISOR_BELU, SUPERVISOR_POLDA, PROGRAM_MANAGER,
            SERVICE, ADMIN};

    @Test
    void everyDeskReadsTheRollouts() {
        AccessMatrix.check("GET /rollouts", r -> r.get("/rollouts"), READERS);
        AccessMatrix.check("GET /rollouts/summary", r -> r.get("/rollouts/summary"), READERS);
        AccessMatrix.check("GET /rollouts/{unit}", r -> r.get("/rollouts/" + UNIT), READERS);
        AccessMatrix.check("GET /rollouts/{unit}/history", r -> r.get("/rollouts/" + UNIT + "/history"), READERS);
    }

    @Test
    void onlyTheProgramsManagersAndAdminsMoveARollout() {
        AccessMatrix.check("PUT /rollouts/{unit}/checklist/{item}", r -> r.contentType(ContentType.JSON)
                .body("{\"done\": false}").put("/rollouts/" + UNIT + "/checklist/SITE_READY"), PROGRAM_MANAGER, ADMIN);
        AccessMatrix.check("PATCH /rollouts/{unit}", r -> r.contentType(ContentType.JSON)
                .body("{\"blockers\": []}").patch("/rollouts/" + UNIT), PROGRAM_MANAGER, ADMIN);
        // The checklist is open, so an allowed go-live is a 409, and there is nothing to roll back: no state changes.
        AccessMatrix.check("POST /rollouts/{unit}/go-live", r -> r.contentType(ContentType.JSON).body("{}")
                .post("/rollouts/" + UNIT + "/go-live"), PROGRAM_MANAGER, ADMIN);
        AccessMatrix.check("POST /rollouts/{unit}/rollback", r -> r.contentType(ContentType.JSON).body("{\"reason\": \"x\"}")
                .post("/rollouts/" + UNIT + "/rollback"), PROGRAM_MANAGER, ADMIN);
    }

    @Test
    void theHistoryNamesTheSignedInManagerWhateverTheBodySays() {
        as(PROGRAM_MANAGER.token()).contentType(ContentType.JSON).body("{\"done\": true, \"by\": \"someone-else\"}")
                .put("/rollouts/" + UNIT + "/checklist/OPERATORS_TRAINED").then().statusCode(200)
                .body("checklist.find { it.item == 'OPERATORS_TRAINED' }.doneBy", equalTo("manager"));
        as(PROGRAM_MANAGER.token()).get("/rollouts/" + UNIT + "/history").then().statusCode(200)
                .body("[-1].actor", equalTo("manager"));
    }
}
