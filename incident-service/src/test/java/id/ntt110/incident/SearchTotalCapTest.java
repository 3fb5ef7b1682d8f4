package id.ntt110.incident;

import static id.ntt110.incident.Incidents.createId;
import static id.ntt110.testsupport.TestRequests.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import id.ntt110.testsupport.WithPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Totals are exact up to incident.search-max-exact-total (here 5), then marked as a lower bound. */
@QuarkusTest
@WithPostgres
@TestProfile(SearchTotalCapTest.SmallCap.class)
class SearchTotalCapTest {

    public static class SmallCap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("incident.search-max-exact-total", "5");
        }
    }

    @Test
    void aTotalBeyondTheCapIsALowerBoundAndPagesStillWork() {
        String word = "cap" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 7; i++) {
            createId(Incidents.minimal(i < 3 ? "POLRES-TTU" : "POLRES-KUPANG", "Capped report " + word));
        }
        given().queryParams(Map.of("q", word)).when().get("/incidents").then().statusCode(200)
                .body("total", equalTo(5)).body("totalExact", equalTo(false)).body("items", hasSize(7));
        given().queryParams(Map.of("q", word, "size", "3", "page", "2")).when().get("/incidents").then().statusCode(200)
                .body("items", hasSize(1));
        given().queryParams(Map.of("q", word, "unit", "POLRES-TTU")).when().get("/incidents").then().statusCode(200)
                .body("total", equalTo(3)).body("totalExact", equalTo(true));
    }
}
