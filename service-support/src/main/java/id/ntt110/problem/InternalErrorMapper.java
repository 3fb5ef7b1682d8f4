package id.ntt110.problem;

import io.quarkus.logging.Log;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.UUID;

/**
 * Anything no specific mapper claims is a bug on our side: log it in full with a reference, and tell the client only
 * the reference — never a Java class name or stack.
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
        String reference = UUID.randomUUID().toString();
        Log.errorf(exception, "Internal error %s on %s", reference, uriInfo == null ? "?" : uriInfo.getPath());
        return new Problem(ProblemTypes.INTERNAL, "Internal Server Error", 500,
                "The request could not be completed because of an error on our side; reference " + reference + ".",
                ProblemExceptionMapper.instance(uriInfo), List.of()).toResponse();
    }
}
