package id.ntt110.routing;

import static id.ntt110.routing.Routes.routeGps;
import static id.ntt110.testsupport.TestRequests.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code routing.boundaries-file=none}: GPS fixes go to the nearest regency capital — and why that is not the default. */
@QuarkusTest
@WithRoutingTestResources
@TestProfile(RoutingWithoutBoundariesTest.NoBoundaries.class)
class RoutingWithoutBoundariesTest {

    public static class NoBoundaries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("routing.boundaries-file", "none");
        }
    }

    @Test
    void noBoundariesAreLoaded() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Routing snapshot' }.data.boundaries", equalTo(false));
    }

    @Test
    void theNearestCapitalSendsACallerInsideManggaraiTimurToPolresManggarai() {
        double[] fix = RoutingWithRealBoundariesTest.MANGGARAI_TIMUR_WEST;
        routeGps(fix[0], fix[1]).statusCode(200)
                .body("locatedBy", equalTo("GPS_NEAREST"))
                .body("regency.code", equalTo("53.10"))
                .body("unit", equalTo("POLRES-MANGGARAI"))
                .body("reason", equalTo("DIRECT"));
    }

    @Test
    void aFixFarFromEveryCapitalIsOutsideTheArea() {
        routeGps(-6.2, 106.8).statusCode(200) // Jakarta
                .body("unit", equalTo("POLDA-NTT")).body("reason", equalTo("OUTSIDE_AREA"));
    }
}
