package id.ntt110.routing;

import static id.ntt110.routing.Routes.routeGps;
import static org.hamcrest.Matchers.equalTo;

import id.ntt110.reference.ReferenceData;
import id.ntt110.reference.Regency;
import id.ntt110.reference.UnitStatus;
import static id.ntt110.testsupport.TestRequests.given;

import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GPS routing over the real NTT regency boundaries with no configuration at all: the file shipped with the reference
 * data (reference/ntt-regencies.geojson) is what a plain start loads.
 */
@QuarkusTest
@WithRoutingTestResources
class RoutingWithRealBoundariesTest {

    /** Inside Manggarai Timur near its western border, nearer to Ruteng (Manggarai's capital) than to Borong. */
    static final double[] MANGGARAI_TIMUR_WEST = {-8.55, 120.56};

    @Test
    void aPlainStartLoadsTheBoundariesOfTheReferenceData() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Routing snapshot' }.data.boundaries", equalTo(true));
    }

    @Test
    void aCallerInsideManggaraiTimurNearItsWesternBorderFallsBackToPoldaNotToPolresManggarai() {
        // By the nearest capital this fix would go DIRECT to Polres Manggarai (RoutingWithoutBoundariesTest); its
        // polygon says Manggarai Timur, whose polres has no 110 yet.
        routeGps(MANGGARAI_TIMUR_WEST[0], MANGGARAI_TIMUR_WEST[1]).statusCode(200)
                .body("locatedBy", equalTo("GPS"))
                .body("regency.code", equalTo("53.19"))
                .body("coveringUnit", equalTo("POLRES-MANGGARAI-TIMUR"))
                .body("unit", equalTo("POLDA-NTT"))
                .body("reason", equalTo("COVERING_UNIT_NOT_LIVE"));
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

    /**
     * Issue 19: the shipped polygons of Kabupaten Kupang (53.01) and Kota Kupang (53.71) overlap; the first polygon
     * the index yielded won. Now the one the fix is deepest inside wins, and the answer says the boundaries overlap.
     */
    @Test
    void aFixWhereTheKupangBoundariesOverlapIsPlacedDeterministicallyAndSaysSo() {
        for (int i = 0; i < 3; i++) {
            routeGps(-10.1907, 123.6442).statusCode(200)
                    // it lies farther inside Kabupaten Kupang's polygon than inside Kota Kupang's
                    .body("locatedBy", equalTo("GPS")).body("regency.code", equalTo("53.01"))
                    .body("unit", equalTo("POLRES-KUPANG"))
                    .body("warnings", org.hamcrest.Matchers.hasItem(org.hamcrest.Matchers.allOf(
                            org.hamcrest.Matchers.containsString("overlap"), org.hamcrest.Matchers.containsString("53.71"))));
        }
    }
}
