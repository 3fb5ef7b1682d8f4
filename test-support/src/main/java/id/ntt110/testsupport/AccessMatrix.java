package id.ntt110.testsupport;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks one endpoint against issue 14's table: without a token a 401, with a role the table does not give a 403,
 * with one it does neither (and no 5xx). Every mismatch of an endpoint is reported at once.
 */
public final class AccessMatrix {

    /** The local realm's users, plus a service account and the telephony edge. */
    public enum Who {
        OPERATOR_BELU("operator-belu", "POLRES-BELU", "OPERATOR"),
        OPERATOR_POLDA("operator-polda", "POLDA-NTT", "OPERATOR"),
        SUPERVISOR_BELU("supervisor-belu", "POLRES-BELU", "SUPERVISOR"),
        SUPERVISOR_POLDA("supervisor-polda", "POLDA-NTT", "SUPERVISOR"),
        PROGRAM_MANAGER("manager", null, "PROGRAM_MANAGER"),
        TELEPHONY("service-account-telephony", null, "TELEPHONY"),
        SERVICE(null, null, "SERVICE"),
        ADMIN("admin", null, "ADMIN");

        private final String user;
        private final String desk;
        private final String role;

        Who(String user, String desk, String role) {
            this.user = user;
            this.desk = desk;
            this.role = role;
        }

        public String token() {
            return user == null ? TestIdentity.serviceToken("rollout-service") : TestIdentity.token(user, desk, role);
        }
    }

    private AccessMatrix() {
    }

    /** Calls the endpoint as everyone; {@code allowed} must get through, the others must be refused. */
    public static void check(String endpoint, Function<RequestSpecification, Response> call, Who... allowed) {
        run(endpoint, call, true, allowed);
    }

    /** Only the refusals: for calls that would change state when allowed (their effect is tested elsewhere). */
    public static void checkRefusals(String endpoint, Function<RequestSpecification, Response> call, Who... allowed) {
        run(endpoint, call, false, allowed);
    }

    private static void run(String endpoint, Function<RequestSpecification, Response> call, boolean callAllowed, Who... allowed) {
        Set<Who> permitted = allowed.length == 0 ? EnumSet.noneOf(Who.class) : EnumSet.copyOf(List.of(allowed));
        List<String> mismatches = new ArrayList<>();
        int anonymous = call.apply(RestAssured.given()).statusCode();
        if (anonymous != 401) {
            mismatches.add("anonymous got " + anonymous + ", not 401");
        }
        for (Who who : Who.values()) {
            if (!permitted.contains(who)) {
                Response response = call.apply(TestRequests.as(who.token()));
                if (response.statusCode() != 403 || !response.contentType().startsWith("application/problem+json")) {
                    mismatches.add(who + " got " + response.statusCode() + " " + response.contentType() + ", not a 403 problem");
                }
            } else if (callAllowed) {
                int status = call.apply(TestRequests.as(who.token())).statusCode();
                if (status == 401 || status == 403 || status >= 500) {
                    mismatches.add(who + " got " + status + " but is allowed");
                }
            }
        }
        if (!mismatches.isEmpty()) {
            throw new AssertionError(endpoint + ": " + String.join("; ", mismatches));
        }
    }
}
