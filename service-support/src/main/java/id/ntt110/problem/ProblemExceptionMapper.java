package id.ntt110.problem;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;

/** Renders the problems that service code throws. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(ProblemException exception) {
        return exception.problem().withInstance(instance(uriInfo)).toResponse();
    }

    /** The path of the request, as the problem's {@code instance}. */
    public static URI instance(UriInfo uriInfo) {
        try {
            return uriInfo == null ? null : URI.create(uriInfo.getPath());
        } catch (RuntimeException e) {
            return null;
        }
    }
}
