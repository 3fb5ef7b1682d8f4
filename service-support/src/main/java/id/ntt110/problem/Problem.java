package id.ntt110.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem document, the body of every 4xx (and 5xx) answer of ntt110.
 *
 * @param type a URI naming the kind of problem; {@code about:blank} when the status says it all
 * @param errors for validation problems, each offending field and what is wrong with it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, URI instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final URI BLANK = URI.create("about:blank");

    /** One offending input: a JSON path such as {@code location.lat}, a query parameter or a header. */
    public record FieldError(String field, String message) {
    }

    public Problem {
        type = type == null ? BLANK : type;
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static Problem of(Response.StatusType status, String detail) {
        return new Problem(null, status.getReasonPhrase(), status.getStatusCode(), detail, null, List.of());
    }

    public static Problem validation(String detail, List<FieldError> errors) {
        return new Problem(ProblemTypes.VALIDATION, "Invalid request", 400, detail, null, errors);
    }

    public Problem withInstance(URI instance) {
        return new Problem(type, title, status, detail, instance, errors);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
