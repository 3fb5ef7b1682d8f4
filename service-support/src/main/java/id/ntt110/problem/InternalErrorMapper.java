package id.ntt110.problem;

import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.UUID;

/**
 * Anything no specific mapper claims is a bug on our side: log it in full with a reference, and tell the client only
 * the reference — never a Java class name or stack. The exception: an unreachable database is an outage → 503.
 */
@Provider
public class InternalErrorMapper implements ExceptionMapper<Throwable> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Throwable exception) {
        return internalError(exception, uriInfo);
    }

    static Response internalError(Throwable exception, UriInfo uriInfo) {
        if (isDatabaseUnavailable(exception)) {
            Log.warnf("Database unavailable on %s: %s", uriInfo == null ? "?" : uriInfo.getPath(), exception.getMessage());
            return Response.fromResponse(new Problem(ProblemTypes.UNAVAILABLE, "Service Unavailable", 503,
                    "The service's database is unavailable; nothing was changed. Retry shortly.",
                    ProblemExceptionMapper.instance(uriInfo), List.of()).toResponse()).header("Retry-After", "5").build();
        }
        if (isRetryableConflict(exception)) {
            Log.warnf("Concurrent changes undid %s: %s", uriInfo == null ? "?" : uriInfo.getPath(), exception.getMessage());
            return Response.fromResponse(new Problem(ProblemTypes.UNAVAILABLE, "Service Unavailable", 503,
                    "The request met concurrent changes and was undone; nothing was changed. Retry it.",
                    ProblemExceptionMapper.instance(uriInfo), List.of()).toResponse()).header("Retry-After", "1").build();
        }
        String reference = UUID.randomUUID().toString();
        Log.errorf(exception, "Internal error %s on %s", reference, uriInfo == null ? "?" : uriInfo.getPath());
        return new Problem(ProblemTypes.INTERNAL, "Internal Server Error", 500,
                "The request could not be completed because of an error on our side; reference " + reference + ".",
                ProblemExceptionMapper.instance(uriInfo), List.of()).toResponse();
    }

    /** A deadlock (40P01) or serialization failure (40001): PostgreSQL rolled the transaction back whole. */
    public static boolean isRetryableConflict(Throwable exception) {
        return anyCause(exception, t -> t instanceof SQLException sql
                && ("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState())));
    }

    /** A lost or refused database connection (SQL state class 08, or the pool timing out) is an outage, not a bug. */
    public static boolean isDatabaseUnavailable(Throwable exception) {
        return anyCause(exception, t -> t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException
                || t instanceof java.net.SocketTimeoutException
                || (t instanceof SQLException sql && ((sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
                        || (sql.getMessage() != null && sql.getMessage().contains("Acquisition timeout")))));
    }

    private static boolean anyCause(Throwable exception, java.util.function.Predicate<Throwable> test) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }
}
