package id.ntt110.routing;

import static id.ntt110.routing.Routes.routeGps;
import static org.hamcrest.Matchers.equalTo;

import id.ntt110.reference.ReferenceData;
import id.ntt110.reference.Regency;
import id.ntt110.reference.UnitStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GPS routing over the real NTT regency boundaries (shared/reference/ntt-regencies.geojson, read in place, never
 * copied into the project). Skipped where that file is absent.
 */
@QuarkusTest
@WithRoutingTestResources
@TestProfile(RoutingWithRealBoundariesTest.RealBoundaries.class)
@EnabledIf("boundaryFileExists")
class RoutingWithRealBoundariesTest {

    static final Path BOUNDARY_FILE = Path.of("../../shared/reference/ntt-regencies.geojson").toAbsolutePath().normalize();

    static boolean boundaryFileExists() {
        return Files.isRegularFile(BOUNDARY_FILE);
    }

    public static class RealBoundaries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("routing.boundaries-file", BOUNDARY_FILE.toString());
        }
    }

    static Stream<Regency> regencies() {
        return ReferenceData.loadBundled().regencies().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regencies")
    void aFixAtEachCapitalRoutesToItsCoveringDeskOrToPoldaWhileThatIsPending(Regency regency) {
        ReferenceData reference = ReferenceData.loadBundled();
        var covering = reference.coveringUnit(regency.code()).orElseThrow();
        boolean pending = covering.statusJuly2021() == UnitStatus.PENDING;
        routeGps(regency.capitalLocation().lat(), regency.capitalLocation().lon()).statusCode(200)
                .body("locatedBy", equalTo("GPS"))
                .body("regency.code", equalTo(regency.code()))
                .body("coveringUnit", equalTo(covering.code()))
                .body("unit", equalTo(pending ? "POLDA-NTT" : covering.code()))
                .body("reason", equalTo(pending ? "COVERING_UNIT_NOT_LIVE" : "DIRECT"));
    }

    @Test
    void sumbaTengahRoutesToPolresSumbaBarat() {
        Regency sumbaTengah = ReferenceData.loadBundled().regency("53.17").orElseThrow();
        routeGps(sumbaTengah.capitalLocation().lat(), sumbaTengah.capitalLocation().lon()).statusCode(200)
                .body("regency.code", equalTo("53.17")).body("unit", equalTo("POLRES-SUMBA-BARAT"));
    }

    @Test
    void aFixTenKilometresSouthOfRoteRoutesToRoteNdao() {
        routeGps(-10.98, 123.1).statusCode(200) // ≈ 10.1 km from the Rote Ndao polygon, inside none
                .body("locatedBy", equalTo("GPS_NEAREST")).body("regency.code", equalTo("53.14"))
                .body("unit", equalTo("POLRES-ROTE-NDAO"));
    }

    @Test
    void aFixNineKilometresOffSikkasNorthCoastRoutesToSikka() {
        routeGps(-8.45, 122.25).statusCode(200)
                .body("locatedBy", equalTo("GPS_NEAREST")).body("unit", equalTo("POLRES-SIKKA"));
    }

    @Test
    void theIndianOceanAndTheMiddleOfTheSavuSeaAreOutsideTheArea() {
        routeGps(-13.0, 121.0).statusCode(200).body("reason", equalTo("OUTSIDE_AREA")).body("unit", equalTo("POLDA-NTT"));
        routeGps(-9.7, 122.6).statusCode(200).body("reason", equalTo("OUTSIDE_AREA"));
    }
}
