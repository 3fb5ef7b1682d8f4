package id.ntt110.incident;

import static id.ntt110.testsupport.TestRequests.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Fixtures: incident bodies and calls of the API. */
final class Incidents {

    static final String MINIMAL = """
            {"unit": "POLRES-BELU", "category": "KECELAKAAN", "summary": "Motorbike crash on Jl. Sudirman", "reportedBy": "op.belu.1"}""";

    private Incidents() {
    }

    static String minimal(String unit, String summary) {
        return "{\"unit\": \"" + unit + "\", \"category\": \"KEJAHATAN\", \"summary\": \"" + summary + "\", \"reportedBy\": \"op.test\"}";
    }

    static String withCaller(String unit, String phone) {
        return "{\"unit\": \"" + unit + "\", \"category\": \"LAINNYA\", \"summary\": \"Silent call\", \"reportedBy\": \"op.test\", "
                + "\"caller\": {\"phone\": \"" + phone + "\"}}";
    }

    static ValidatableResponse create(String json) {
        return given().contentType(ContentType.JSON).body(json).when().post("/incidents").then();
    }

    static String createId(String json) {
        return create(json).statusCode(201).extract().path("id");
    }

    static ValidatableResponse transition(String id, String to, String ifMatch) {
        var request = given().contentType(ContentType.JSON).body("{\"to\": \"" + to + "\", \"actor\": \"spv.test\", \"note\": \"n\"}");
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().post("/incidents/" + id + "/transitions").then();
    }

    static ValidatableResponse get(String id) {
        return given().when().get("/incidents/" + id).then();
    }
}
