package id.ntt110.testsupport;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * RestAssured requests with a bearer token of {@link TestIdentity}. Tests about what a service does import
 * {@link #given()} (an ADMIN, who may do everything); tests about who may do it pick the token.
 */
public final class TestRequests {

    private TestRequests() {
    }

    /** As {@code admin} (role ADMIN). */
    public static RequestSpecification given() {
        return as(TestIdentity.admin());
    }

    public static RequestSpecification as(String token) {
        // A header rather than auth().oauth2(): rest-assured adds that after its filters, so OpenApiValidation would not see it.
        return RestAssured.given().header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification anonymous() {
        return RestAssured.given();
    }
}
