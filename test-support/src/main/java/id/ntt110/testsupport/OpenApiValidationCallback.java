package id.ntt110.testsupport;

import io.quarkus.test.junit.callback.QuarkusTestBeforeTestExecutionCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import java.util.List;

/**
 * Puts {@link OpenApiValidation} on every rest-assured request of every {@code @QuarkusTest} (found by Quarkus through
 * META-INF/services), so no test can forget it.
 */
public class OpenApiValidationCallback implements QuarkusTestBeforeTestExecutionCallback {

    /** Just before the test runs: by then Quarkus has pointed RestAssured at this test's application. */
    @Override
    public void beforeTestExecution(QuarkusTestMethodContext context) {
        OpenApiValidation.forgetUnless(RestAssured.port);
        // RestAssured outlives an application restart, this class does not: each test class loader brings its own
        // copy, and a stale one would not know this loader's requestNotChecked() marker. Keep exactly ours.
        List<Filter> others = RestAssured.filters().stream()
                .filter(f -> !(f.getClass().getName().equals(OpenApiValidation.class.getName()) && f != OpenApiValidation.INSTANCE))
                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        if (!others.contains(OpenApiValidation.INSTANCE)) {
            others.add(OpenApiValidation.INSTANCE);
        }
        RestAssured.replaceFiltersWith(others);
    }
}
