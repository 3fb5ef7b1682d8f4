package id.ntt110.routing;

import static id.ntt110.routing.Routes.route;
import static id.ntt110.routing.Routes.routeCaller;
import static id.ntt110.routing.Routes.routeGps;
import static id.ntt110.routing.Routes.routeMalformed;
import static id.ntt110.testsupport.TestRequests.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import id.ntt110.testsupport.OpenApiValidation;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Locating without a boundary file: nearest capital, cells, declared regency, landline prefixes; and bad input. */
@QuarkusTest
@WithRoutingTestResources
class RoutingByCallerDataTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aGpsFixNearAlorsCapitalGoesToPolresAlorWithOverflowToPolda() {
        routeGps(-8.22, 124.55)
                .statusCode(200)
                .body("regency.code", equalTo("53.05"))
                .body("locatedBy", equalTo("GPS_NEAREST"))
                .body("coveringUnit", equalTo("POLRES-ALOR"))
                .body("unit", equalTo("POLRES-ALOR"))
                .body("reason", equalTo("DIRECT"))
                .body("destination", equalTo("sip:110@polres-alor.spkt.invalid"))
                .body("overflow", hasSize(1))
                .body("overflow[0].unit", equalTo("POLDA-NTT"))
                .body("overflow[0].afterSeconds", equalTo(10))
                .body("decidedAt", notNullValue());
    }

    @Test
    void aCallerInMalakaFallsBackToPoldaWhileItsPolresIsPending() {
        routeGps(-9.567, 124.907)
                .statusCode(200)
                .body("regency.code", equalTo("53.21"))
                .body("coveringUnit", equalTo("POLRES-MALAKA"))
                .body("unit", equalTo("POLDA-NTT"))
                .body("reason", equalTo("COVERING_UNIT_NOT_LIVE"))
                .body("overflow", empty());
    }

    @Test
    void aFixFarFromEveryCapitalIsOutsideTheArea() {
        routeGps(-6.2, 106.8) // Jakarta
                .statusCode(200)
                .body("unit", equalTo("POLDA-NTT"))
                .body("reason", equalTo("OUTSIDE_AREA"))
                .body("regency", nullValue());
    }

    @Test
    void theCallIdIsEchoedOrGenerated() {
        route("{\"callId\": \"trunk-42-0001\"}").statusCode(200).body("callId", equalTo("trunk-42-0001"));
        route("{}").statusCode(200).body("callId", notNullValue())
                .body("unit", equalTo("POLDA-NTT")).body("reason", equalTo("UNKNOWN_LOCATION")).body("locatedBy", equalTo("NONE"));
    }

    @Test
    void aDeclaredRegencyRoutesToItsDesk() {
        route("{\"regency\": \"53.07\"}").statusCode(200)
                .body("locatedBy", equalTo("DECLARED")).body("unit", equalTo("POLRES-SIKKA"));
    }

    @Test
    void sumbaTengahIsCoveredByPolresSumbaBarat() {
        route("{\"regency\": \"53.17\"}").statusCode(200)
                .body("regency.name", equalTo("Kabupaten Sumba Tengah"))
                .body("coveringUnit", equalTo("POLRES-SUMBA-BARAT")).body("unit", equalTo("POLRES-SUMBA-BARAT"))
                .body("reason", equalTo("DIRECT"));
    }

    @ParameterizedTest
    // "+62 (0)386…" is how many write a number with its trunk 0 (issue 19: it became 00386… and was not located).
    @ValueSource(strings = {"0386 21110", "+62386 21110", "62386-21110", "(0386) 21110", "+62 (0)386 21110", "+62 0386.21110", "62 (0)386 21110"})
    void anAlorLandlineInAnyFormRoutesToPolresAlor(String caller) {
        routeCaller(caller).statusCode(200)
                .body("locatedBy", equalTo("NUMBER_PREFIX"))
                .body("regency.code", equalTo("53.05"))
                .body("unit", equalTo("POLRES-ALOR"));
    }

    /**
     * Issue 19: a stored prefix naming a regency the reference data no longer has made every call from it throw. Such
     * rows cannot come through PUT /number-prefixes (it validates), so the test writes them as an old release would have.
     */
    @Test
    void aStoredPrefixNamingAnUnknownRegencyIsLeftOutAndItsCallsStillRouted() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO number_prefix (prefix, regencies) VALUES ('03869', ARRAY['53.98']), "
                    + "('03868', ARRAY['53.98', '53.05']) ON CONFLICT (prefix) DO UPDATE SET regencies = EXCLUDED.regencies");
            s.executeUpdate("UPDATE directory_revision SET revision = revision + 1 WHERE id = 1");
        }
        try {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().when().get("/number-prefixes").then()
                    .statusCode(200).body("'03868'", equalTo(List.of("53.05"))).body("'03869'", nullValue()));
            routeCaller("03869 21110").statusCode(200).body("unit", equalTo("POLRES-ALOR")).body("locatedBy", equalTo("NUMBER_PREFIX"));
            routeCaller("03868 21110").statusCode(200).body("unit", equalTo("POLRES-ALOR")).body("regency.code", equalTo("53.05"));
        } finally {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM number_prefix WHERE prefix IN ('03868', '03869')");
                s.executeUpdate("UPDATE directory_revision SET revision = revision + 1 WHERE id = 1");
            }
        }
    }

    @Test
    void theKupangAreaCodeIsAmbiguousAndGoesToPolda() {
        routeCaller("0380 611110").statusCode(200)
                .body("unit", equalTo("POLDA-NTT"))
                .body("reason", equalTo("UNKNOWN_LOCATION"))
                .body("warnings", hasItem(containsString("ambiguous")));
    }

    @Test
    void aFinerPrefixResolvesAnAmbiguousAreaCode() {
        given().contentType(ContentType.JSON).body("[{\"prefix\": \"038082\", \"regencies\": [\"53.71\"]}]")
                .when().put("/number-prefixes").then().statusCode(200).body("upserted", equalTo(1));

        routeCaller("0380 821110").statusCode(200)
                .body("locatedBy", equalTo("NUMBER_PREFIX")).body("unit", equalTo("POLRESTA-KUPANG-KOTA"));
        routeCaller("0380 831110").statusCode(200).body("unit", equalTo("POLDA-NTT"));
    }

    @Test
    void aMobileNumberCarriesNoLocation() {
        routeCaller("0812 3456 7890").statusCode(200)
                .body("unit", equalTo("POLDA-NTT")).body("reason", equalTo("UNKNOWN_LOCATION"))
                .body("warnings", nullValue());
    }

    @Test
    void cellsAreLoadedLookedUpAndRouted() {
        given().contentType(ContentType.JSON)
                .body("[{\"cell\": \"510-10-2201-33071\", \"regency\": \"53.13\"}, {\"cell\": \"510-10-2201-33072\", \"regency\": \"53.16\"}]")
                .when().put("/cells").then().statusCode(200).body("upserted", equalTo(2));

        given().when().get("/cells/510-10-2201-33071").then().statusCode(200)
                .body("regency.code", equalTo("53.13")).body("coveringUnit", equalTo("POLRES-LEMBATA"));
        route("{\"cell\": \"510-10-2201-33071\"}").statusCode(200)
                .body("locatedBy", equalTo("CELL")).body("unit", equalTo("POLRES-LEMBATA"));
        route("{\"cell\": \"510-10-2201-33072\"}").statusCode(200)
                .body("coveringUnit", equalTo("POLRES-NAGEKEO")).body("reason", equalTo("COVERING_UNIT_NOT_LIVE"));

        // an upsert moves a cell
        given().contentType(ContentType.JSON).body("[{\"cell\": \"510-10-2201-33071\", \"regency\": \"53.06\"}]")
                .when().put("/cells").then().statusCode(200);
        route("{\"cell\": \"510-10-2201-33071\"}").statusCode(200).body("unit", equalTo("POLRES-FLORES-TIMUR"));
    }

    /** Hex cell ids arrive in either case (issue 19): stored in one, looked up in another, they are the same cell. */
    @Test
    void cellIdsCompareCaseInsensitively() {
        given().contentType(ContentType.JSON).body("[{\"cell\": \"510-10-ab12-cd34\", \"regency\": \"53.13\"}]")
                .when().put("/cells").then().statusCode(200);
        route("{\"cell\": \"510-10-AB12-CD34\"}").statusCode(200)
                .body("locatedBy", equalTo("CELL")).body("unit", equalTo("POLRES-LEMBATA"));
        given().when().get("/cells/510-10-Ab12-cD34").then().statusCode(200).body("regency.code", equalTo("53.13"));
        // the same cell in the other case moves it, not a second entry
        given().contentType(ContentType.JSON).body("[{\"cell\": \"510-10-AB12-CD34\", \"regency\": \"53.06\"}]")
                .when().put("/cells").then().statusCode(200);
        route("{\"cell\": \"510-10-ab12-cd34\"}").statusCode(200).body("unit", equalTo("POLRES-FLORES-TIMUR"));
    }

    @Test
    void anUnknownCellIsA404AndRoutesOnWithAWarning() {
        given().when().get("/cells/no-such-cell").then().statusCode(404).contentType("application/problem+json");
        route("{\"cell\": \"no-such-cell\", \"regency\": \"53.05\"}").statusCode(200)
                .body("locatedBy", equalTo("DECLARED")).body("warnings", hasItem(containsString("cell")));
    }

    @Test
    void aBadCellBatchIsRefusedWholeNamingTheFields() {
        given().contentType(ContentType.JSON)
                .body("[{\"cell\": \"ok-cell-1\", \"regency\": \"53.05\"}, {\"cell\": \"ok-cell-2\", \"regency\": \"53.99\"}, {\"cell\": \"bad cell\", \"regency\": \"53.05\"}]")
                .when().put("/cells").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("[2].cell"));
        given().contentType(ContentType.JSON)
                .body("[{\"cell\": \"ok-cell-1\", \"regency\": \"53.05\"}, {\"cell\": \"ok-cell-2\", \"regency\": \"53.99\"}]")
                .when().put("/cells").then().statusCode(400).body("errors[0].field", equalTo("[1].regency"));
        given().when().get("/cells/ok-cell-1").then().statusCode(404);
        given().contentType(ContentType.JSON).body("[]").when().put("/cells").then().statusCode(400);
    }

    @Test
    void aMobilePrefixOrUnknownRegencyIsRefused() {
        given().contentType(ContentType.JSON).body("[{\"prefix\": \"0812\", \"regencies\": [\"53.05\"]}]")
                .when().put("/number-prefixes").then().statusCode(400).body("errors[0].field", equalTo("[0].prefix"));
        given().contentType(ContentType.JSON).body("[{\"prefix\": \"03861\", \"regencies\": [\"53.98\"]}]")
                .when().put("/number-prefixes").then().statusCode(400).body("errors[0].field", equalTo("[0].regencies[0]"));
    }

    @Test
    void malformedPartsAreSkippedWithWarningsAndTheCallStillRouted() {
        routeMalformed("{\"location\": {\"lat\": 200, \"lon\": 124.5}, \"regency\": \"53.05\"}").statusCode(200)
                .body("unit", equalTo("POLRES-ALOR")).body("locatedBy", equalTo("DECLARED"))
                .body("warnings", hasItem(containsString("location.lat")));
        routeMalformed("{\"location\": \"here\", \"regency\": \"99.99\", \"caller\": \"not a number\", \"cell\": {\"x\": 1}}").statusCode(200)
                .body("unit", equalTo("POLDA-NTT")).body("reason", equalTo("UNKNOWN_LOCATION"))
                .body("warnings", hasSize(4));
    }

    @Test
    void aBodyThatIsNotJsonIsTheOnly400() {
        route("this is not json").statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
        routeMalformed("[1, 2]").statusCode(200).body("unit", equalTo("POLDA-NTT"));
        routeMalformed("\"a string\"").statusCode(200).body("unit", equalTo("POLDA-NTT"));
        given().filter(OpenApiValidation.requestNotChecked()).body("{\"regency\": \"53.05\"}").contentType("text/plain")
                .when().post("/routes").then()
                .statusCode(200).body("unit", equalTo("POLRES-ALOR"));
        given().when().post("/routes").then().statusCode(200).body("unit", equalTo("POLDA-NTT"));
    }

    @Test
    void aBurstOfMalformedBodiesNeverYieldsA500() {
        String[] corpus = {"{", "}", "{\"location\": {\"lat\": \"x\"}}", "{\"location\": {\"lat\": 1e400, \"lon\": -1e400}}",
                "{\"location\": {\"lat\": null, \"lon\": null}}", "{\"callId\": " + "9".repeat(500) + "}",
                "{\"callId\": \"" + "x".repeat(10_000) + "\"}", "{\"caller\": \"+" + "1".repeat(300) + "\"}",
                "{\"regency\": \"<script>alert(1)</script>\"}", "{\"cell\": \"'; DROP TABLE cell_location; --\"}",
                "{\"location\": [], \"cell\": [], \"regency\": {}, \"caller\": true}", "null", "0", "true", "[{}]",
                "{\"a\":" + "[".repeat(2000) + "]".repeat(2000) + "}", "\u0000", "{\"caller\": \"\\u0000\"}"};
        for (int round = 0; round < 5; round++) {
            for (String body : corpus) {
                int status = routeMalformed(body).extract().statusCode();
                org.assertj.core.api.Assertions.assertThat(status).as("status for %s", body.length() > 60 ? body.substring(0, 60) : body)
                        .isIn(200, 400);
            }
        }
        route("{\"regency\": \"53.05\"}").statusCode(200).body("unit", equalTo("POLRES-ALOR"));
    }
}
