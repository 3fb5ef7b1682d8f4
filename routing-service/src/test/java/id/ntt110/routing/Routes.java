package id.ntt110.routing;

import static id.ntt110.testsupport.TestRequests.given;

import id.ntt110.testsupport.OpenApiValidation;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Locale;

/** Small factories for route requests. */
final class Routes {

    private Routes() {
    }

    static ValidatableResponse route(String json) {
        return given().contentType(ContentType.JSON).body(json).when().post("/routes").then();
    }

    /** A body that breaks the documented shape on purpose: routing still answers, and only its answer is checked. */
    static ValidatableResponse routeMalformed(String json) {
        return given().filter(OpenApiValidation.requestNotChecked()).contentType(ContentType.JSON).body(json).when().post("/routes").then();
    }

    static ValidatableResponse routeGps(double lat, double lon) {
        return route(String.format(Locale.ROOT, "{\"location\": {\"lat\": %.6f, \"lon\": %.6f, \"accuracyMeters\": 20}}", lat, lon));
    }

    static ValidatableResponse routeCaller(String caller) {
        return route("{\"caller\": \"" + caller + "\"}");
    }
}
