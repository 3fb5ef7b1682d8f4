package id.ntt110.routing;

import static id.ntt110.routing.Routes.routeGps;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GPS routing over a boundary file of our own — two squares, always available — so the polygon logic is tested even
 * where the real boundary file is absent.
 */
@QuarkusTest
@WithRoutingTestResources
@TestProfile(RoutingWithOwnBoundariesTest.TwoSquares.class)
class RoutingWithOwnBoundariesTest {

    /** Alor (53.05): lon 124.0–125.0, lat -8.5 to -8.0. Malaka (53.21): lon 124.7–125.2, lat -9.8 to -9.3. */
    public static class TwoSquares implements QuarkusTestProfile {
        static final String GEOJSON = """
                {"type": "FeatureCollection", "features": [
                  {"type": "Feature", "properties": {"kode": "53.05"}, "geometry": {"type": "Polygon",
                    "coordinates": [[[124.0, -8.5], [125.0, -8.5], [125.0, -8.0], [124.0, -8.0], [124.0, -8.5]]]}},
                  {"type": "Feature", "properties": {"kode": "53.21"}, "geometry": {"type": "MultiPolygon",
                    "coordinates": [[[[124.7, -9.8], [125.2, -9.8], [125.2, -9.3], [124.7, -9.3], [124.7, -9.8]]]]}}
                ]}""";

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path file = Files.createTempFile("two-squares", ".geojson");
                Files.writeString(file, GEOJSON);
                file.toFile().deleteOnExit();
                return Map.of("routing.boundaries-file", file.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aFixInsideAPolygonIsLocatedByGps() {
        routeGps(-8.25, 124.5).statusCode(200)
                .body("locatedBy", equalTo("GPS")).body("regency.code", equalTo("53.05"))
                .body("unit", equalTo("POLRES-ALOR")).body("reason", equalTo("DIRECT"));
    }

    @Test
    void aFixInsideAPendingPolresAreaGoesToPolda() {
        routeGps(-9.5, 124.9).statusCode(200)
                .body("locatedBy", equalTo("GPS")).body("coveringUnit", equalTo("POLRES-MALAKA"))
                .body("unit", equalTo("POLDA-NTT")).body("reason", equalTo("COVERING_UNIT_NOT_LIVE"));
    }

    @Test
    void aFixTenKilometresOffTheCoastRoutesToThatCoastsRegency() {
        // 0.09° of latitude north of Alor's square ≈ 10 km
        routeGps(-7.91, 124.5).statusCode(200)
                .body("locatedBy", equalTo("GPS_NEAREST")).body("regency.code", equalTo("53.05"))
                .body("unit", equalTo("POLRES-ALOR"));
    }

    @Test
    void aFixFarOutAtSeaIsOutsideTheArea() {
        routeGps(-7.5, 124.5).statusCode(200) // ≈ 55 km from the square
                .body("reason", equalTo("OUTSIDE_AREA")).body("unit", equalTo("POLDA-NTT"))
                .body("warnings", hasItem(containsString("more than 25 km")));
    }

    @Test
    void aFixOutsideTheAreaStillUsesTheCellOrDeclaredRegency() {
        Routes.route("{\"location\": {\"lat\": -7.5, \"lon\": 124.5}, \"regency\": \"53.05\"}").statusCode(200)
                .body("locatedBy", equalTo("DECLARED")).body("unit", equalTo("POLRES-ALOR"));
    }
}
