package id.ntt110.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

/**
 * What every ntt110 service serves besides its own API: health, its OpenAPI document and Swagger UI, Prometheus
 * metrics, and problem+json for a path it does not have. A service's test extends this with {@code @QuarkusTest @WithPostgres}.
 */
public abstract class ServiceBasicsContract {

    /** The service's name, as in its OpenAPI title, e.g. {@code routing-service}. */
    protected abstract String serviceName();

    /** The readiness check that must be UP; by default the service's database. */
    protected String readinessCheck() {
        return "Database connections health check";
    }

    @Test
    void isLiveAndReadyWithItsDatabaseUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(readinessCheck()));
    }

    @Test
    void servesItsOpenApiDocument() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", org.hamcrest.Matchers.startsWith("3."))
                .body("info.title", containsString(serviceName()));
    }

    @Test
    void itsApiDescriptionSaysTheEndpointsNeedABearerToken() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("components.securitySchemes.bearer.bearerFormat", equalTo("JWT"));
    }

    @Test
    void servesSwaggerUi() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void servesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void answersAnUnknownPathWithAProblem() {
        given().when().get("/no/such/path")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }
}
