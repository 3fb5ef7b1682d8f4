package id.ntt110.routing.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.ntt110.routing.service.RoutingService;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import id.ntt110.security.Roles;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

@Path("/routes")
public class RouteResource {

    static final AttributeKey<String> CALL_ID_ATTRIBUTE = AttributeKey.stringKey("ntt110.call_id");

    private final RoutingService routing;
    private final ObjectMapper json;

    public RouteResource(RoutingService routing, ObjectMapper json) {
        this.routing = routing;
        this.json = json;
    }

    /**
     * Runs on the event loop: the decision is pure CPU over memory. The body is parsed here, leniently, so that any
     * JSON — whatever its fields hold, whatever Content-Type it came with — gets a destination.
     */
    @POST
    @NonBlocking
    @RolesAllowed({Roles.TELEPHONY, Roles.ADMIN})
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Route a 110 call", description = "Every field is optional; malformed ones are ignored and "
            + "reported in warnings. Only a body that is not JSON gets a 400.")
    @RequestBody(content = @org.eclipse.microprofile.openapi.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @org.eclipse.microprofile.openapi.annotations.media.Schema(implementation = RouteRequest.class)))
    public RouteResponse route(String body) throws JsonProcessingException {
        JsonNode request = body == null || body.isBlank() ? null : json.readTree(body);
        RouteResponse response = routing.route(request);
        // Traces of a call are found by its id (docs/operations.md, "Tracing").
        Span.current().setAttribute(CALL_ID_ATTRIBUTE, response.callId());
        return response;
    }

    /** The documented shape of a route request (the endpoint itself reads any JSON). */
    public record RouteRequest(String callId, String caller, Location location, String cell, String regency) {
        public record Location(Double lat, Double lon, Double accuracyMeters) {
        }
    }
}
