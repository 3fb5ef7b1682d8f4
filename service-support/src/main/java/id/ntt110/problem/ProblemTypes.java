package id.ntt110.problem;

import java.net.URI;

/** The problem types shared by every service; a service adds its own under the same prefix. */
public final class ProblemTypes {

    public static final String PREFIX = "https://ntt110.polri.go.id/problems/";

    /** The body, a query parameter or a header failed validation; {@code errors} lists the fields. */
    public static final URI VALIDATION = type("validation");
    /** The body is not JSON, or a field has the wrong JSON type. */
    public static final URI MALFORMED_BODY = type("malformed-body");
    /** No bearer token, or one that is not valid (signature, issuer, audience, expiry). */
    public static final URI UNAUTHENTICATED = type("unauthenticated");
    /** A valid token whose roles or desk do not allow this request; the detail says what was missing. */
    public static final URI FORBIDDEN = type("forbidden");
    /** No such resource. */
    public static final URI NOT_FOUND = type("not-found");
    /** The request contradicts the current state (an illegal transition, a rule that protects a desk). */
    public static final URI CONFLICT = type("conflict");
    /** {@code If-Match} named a version that is no longer current. */
    public static final URI STALE_VERSION = type("stale-version");
    /** The service's database cannot be reached right now; retry after {@code Retry-After} seconds. */
    public static final URI UNAVAILABLE = type("unavailable");
    /** A bug on our side; the detail holds a reference for the logs. */
    public static final URI INTERNAL = type("internal");

    private ProblemTypes() {
    }

    public static URI type(String name) {
        return URI.create(PREFIX + name);
    }
}
