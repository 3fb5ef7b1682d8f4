package id.ntt110.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Bodies that are not JSON, or JSON values that do not fit their field → 400. One method per Jackson type, because
 * Quarkus ships its own mapper for {@link MismatchedInputException} and the most specific type wins.
 */
public class JsonExceptionMappers {

    @ServerExceptionMapper
    public Response notJson(JsonParseException exception, UriInfo uriInfo) {
        return JsonProblems.toResponse(exception, uriInfo);
    }

    /** Also what a resource gets when it parses a body itself (e.g. nesting deeper than Jackson's limits). */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException exception, UriInfo uriInfo) {
        return JsonProblems.toResponse(exception, uriInfo);
    }

    @ServerExceptionMapper
    public Response valueDoesNotFit(JsonMappingException exception, UriInfo uriInfo) {
        return JsonProblems.toResponse(exception, uriInfo);
    }

    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException exception, UriInfo uriInfo) {
        return JsonProblems.toResponse(exception, uriInfo);
    }
}
