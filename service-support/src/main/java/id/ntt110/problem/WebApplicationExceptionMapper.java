package id.ntt110.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/** The framework's own HTTP errors (no such path, method not allowed, wrong media type…) as problems. */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uriInfo;

    @Context
    Request request;

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        if (original.getStatus() >= 500) {
            return InternalErrorMapper.internalError(exception, uriInfo);
        }
        if (original.getEntity() instanceof Problem) {
            return original;
        }
        if (exception.getCause() instanceof JsonProcessingException json) {
            return JsonProblems.toResponse(json, uriInfo); // the framework wraps some body errors
        }
        Response.StatusType status = original.getStatusInfo();
        Problem problem = new Problem(null, status.getReasonPhrase(), status.getStatusCode(), detail(exception),
                ProblemExceptionMapper.instance(uriInfo), List.of());
        Response.ResponseBuilder response = Response.fromResponse(original).entity(problem).type(Problem.MEDIA_TYPE);
        return response.build();
    }

    private String detail(WebApplicationException exception) {
        String path = uriInfo == null ? "this path" : "/" + stripLeadingSlash(uriInfo.getPath());
        String method = request == null ? "" : request.getMethod() + " ";
        if (exception instanceof NotFoundException) {
            return "There is no resource at " + method + path + ".";
        }
        if (exception instanceof NotAllowedException) {
            return "Method " + method.strip() + " is not allowed on " + path + ".";
        }
        if (exception instanceof NotSupportedException) {
            return "This endpoint does not accept that Content-Type; send application/json.";
        }
        return isDefaultMessage(exception) ? exception.getResponse().getStatusInfo().getReasonPhrase() : exception.getMessage();
    }

    private static boolean isDefaultMessage(WebApplicationException exception) {
        return exception.getMessage() == null || exception.getMessage().startsWith("HTTP ");
    }

    private static String stripLeadingSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
