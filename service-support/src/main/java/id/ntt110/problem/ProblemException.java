package id.ntt110.problem;

import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/** Thrown by service code to answer with a problem; {@link ProblemExceptionMapper} renders it. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(new Problem(ProblemTypes.NOT_FOUND, "Not found", 404, detail, null, List.of()));
    }

    public static ProblemException conflict(String detail) {
        return conflict(ProblemTypes.CONFLICT, detail);
    }

    public static ProblemException conflict(URI type, String detail) {
        return new ProblemException(new Problem(type, "Conflict", 409, detail, null, List.of()));
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(new Problem(ProblemTypes.STALE_VERSION, "Stale version",
                Response.Status.PRECONDITION_FAILED.getStatusCode(), detail, null, List.of()));
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.validation(field + ": " + message, List.of(new Problem.FieldError(field, message))));
    }
}
