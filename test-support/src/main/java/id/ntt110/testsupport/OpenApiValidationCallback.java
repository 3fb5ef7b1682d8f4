package id.ntt110.testsupport;

import io.quarkus.test.junit.callback.QuarkusTestBeforeTestExecutionCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Puts {@link OpenApiValidation} on every rest-assured request of every {@code @QuarkusTest} (found by Quarkus through
 * META-INF/services), so no test can forget it.
 */
public class OpenApiValidationCallback implements QuarkusTestBeforeTestExecutionCallback {

    /** Just before the test runs: by then Quarkus has pointed RestAssured at this test's application. */
    @Override
    public void beforeTestExecution(QuarkusTestMethodContext context) {
        OpenApiValidation.forgetUnless(RestAssured.port);
        if (!RestAssured.filters().contains(OpenApiValidation.INSTANCE)) {
            RestAssured.filters(OpenApiValidation.INSTANCE);
        }
    }
}
