package id.ntt110.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /**
     * The document as a REST client's author meets it, through Redocly's linter with its recommended rules
     * (tools/api-lint): no error and no warning.
     */
    @Test
    void itsOpenApiDocumentPassesRedoclyLint() throws IOException, InterruptedException {
        String document = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        Path file = Path.of("target", "openapi", serviceName() + ".json").toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, document);
        Path lint = projectRoot().resolve("tools/api-lint");
        Path redocly = lint.resolve("node_modules/.bin/redocly");
        if (!Files.isExecutable(redocly)) {
            RequiredTool.missing("redocly", "none: npm ci --prefix tools/api-lint (./test.sh does it; Node.js 20.19+ or 22.12+)",
                    RequiredTool.isCi());
        }
        // Output to files, so the timeout holds whatever the process writes; stderr only for a failure's message.
        Path out = file.resolveSibling(serviceName() + ".lint.json");
        Path err = file.resolveSibling(serviceName() + ".lint.err");
        ProcessBuilder builder = new ProcessBuilder(List.of(redocly.toString(), "lint", "--config",
                lint.resolve("redocly.yaml").toString(), "--format", "json", file.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("redocly lint did not finish in 120 s: " + Files.readString(err));
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        JsonPath report;
        try {
            report = JsonPath.from(output);
            report.getInt("totals.errors");
        } catch (RuntimeException e) {
            throw new AssertionError("redocly lint (exit " + process.exitValue() + ") printed no report: " + output
                    + "\n" + Files.readString(err), e);
        }
        List<String> problems = report.getList("problems.collect { it.severity + ' ' + it.ruleId + ' at ' + it.location[0].pointer + ': ' + it.message }");
        if (!problems.isEmpty() || report.getInt("totals.errors") + report.getInt("totals.warnings") > 0) {
            throw new AssertionError("Redocly lint of " + file + ": " + report.getInt("totals.errors") + " errors, "
                    + report.getInt("totals.warnings") + " warnings\n  " + String.join("\n  ", problems));
        }
    }

    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("tools/api-lint")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No project root (with tools/api-lint) above " + Path.of("").toAbsolutePath());
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
