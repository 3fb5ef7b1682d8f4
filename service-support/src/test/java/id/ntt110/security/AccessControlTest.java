package id.ntt110.security;

import static id.ntt110.testsupport.TestRequests.anonymous;
import static id.ntt110.testsupport.TestRequests.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import id.ntt110.problem.Problem;
import id.ntt110.problem.ProblemTypes;
import id.ntt110.testsupport.TestIdentity;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The shared rules of every service: who is let in, what a refusal looks like, who an action is recorded for. */
@QuarkusTest
class AccessControlTest {

    private static final String BELU = TestIdentity.token("operator-belu", "POLRES-BELU", "OPERATOR");

    @Test
    void noTokenIsA401ProblemWithABearerChallenge() {
        anonymous().when().get("/whoami")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo(ProblemTypes.UNAUTHENTICATED.toString()))
                .body("status", equalTo(401))
                .body("detail", containsString("bearer token"));
    }

    @Test
    void anExpiredForgedMangledOrForeignTokenIsA401() {
        for (String token : new String[] {TestIdentity.expiredToken("operator-belu", "OPERATOR"),
                TestIdentity.forgedToken("admin", "ADMIN"), "not.a.token",
                TestIdentity.tokenFor("https://identity.test/realms/other", TestIdentity.AUDIENCE, "admin", "ADMIN"),
                TestIdentity.tokenFor(TestIdentity.ISSUER, "account", "admin", "ADMIN"), BELU.substring(0, BELU.length() - 4) + "AAAA"}) {
            as(token).when().get("/whoami")
                    .then().statusCode(401).contentType(Problem.MEDIA_TYPE)
                    .header("WWW-Authenticate", containsString("invalid_token"))
                    .body("detail", containsString("not accepted"));
        }
    }

    @Test
    void aRoleThatDoesNotFitIsA403NamingTheRolesNeeded() {
        as(TestIdentity.token("manager", null, "PROGRAM_MANAGER")).when().get("/whoami")
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemTypes.FORBIDDEN.toString()))
                .body("detail", containsString("ADMIN, OPERATOR, SERVICE, SUPERVISOR"))
                .body("detail", containsString("your token has PROGRAM_MANAGER"))
                .body("errors[0].field", equalTo("roles"));
    }

    @Test
    void anEndpointWithoutRolesIsRefusedNotOpen() {
        as(TestIdentity.admin()).when().get("/whoami/forgotten").then().statusCode(403);
        anonymous().when().get("/whoami/forgotten").then().statusCode(401);
    }

    @Test
    void aPolresUserIsConfinedToTheirDeskAndAPoldaUserSeesTheProvince() {
        as(BELU).when().get("/whoami").then().statusCode(200)
                .body("name", equalTo("operator-belu")).body("confinedTo", equalTo("POLRES-BELU"));
        as(BELU).when().get("/whoami/desks/POLRES-BELU").then().statusCode(200);
        as(BELU).when().get("/whoami/desks/POLRES-ENDE")
                .then().statusCode(403).contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("Your desk is POLRES-BELU; you may not see or act on POLRES-ENDE."))
                .body("errors[0].field", equalTo("unit"));
        as(TestIdentity.token("supervisor-polda", "POLDA-NTT", "SUPERVISOR")).when().get("/whoami/desks/POLRES-ENDE")
                .then().statusCode(200);
    }

    @Test
    void aDeskBoundUserWithoutADeskSeesNothing() {
        as(TestIdentity.token("new-operator", null, "OPERATOR")).when().get("/whoami/desks/POLRES-BELU")
                .then().statusCode(403).body("detail", containsString("has no desk"));
    }

    @Test
    void onlyAServiceMayActOnBehalfOfSomeone() {
        as(TestIdentity.serviceToken("rollout-service")).queryParam("onBehalfOf", "manager").when().get("/whoami")
                .then().statusCode(200)
                .body("actor", equalTo("manager")).body("via", equalTo("rollout-service"));
        as(BELU).queryParam("onBehalfOf", "manager").when().get("/whoami")
                .then().statusCode(200)
                .body("actor", equalTo("operator-belu")).body("via", equalTo("null"));
    }
}
