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
import id.ntt110.openapi.ApiDocumentFilter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/routes")
@Tag(name = "Routing", description = "Where a 110 call goes: the desk that covers the caller, or Polda's when that desk cannot take it.")
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
            + "reported in warnings, and the call still gets a destination (Polda's desk when nothing locates it). Any "
            + "Content-Type is read as JSON; only a body that is not JSON gets a 400. Never touches the database.",
            extensions = {@Extension(name = ApiDocumentFilter.NO_DATABASE, value = "true"),
                    @Extension(name = ApiDocumentFilter.ANY_CONTENT_TYPE, value = "true")})
    @RequestBody(required = false, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RouteRequest.class),
                    examples = @ExampleObject(name = "malakaCaller", summary = "A mobile caller in Betun, Malaka",
                            value = "{\"callId\": \"c-20261203-0001\", \"caller\": \"+6281234567890\", "
                                    + "\"location\": {\"lat\": -9.5672, \"lon\": 124.9075, \"accuracyMeters\": 50}}")),
            // Trunks send what they send: any other Content-Type is read as JSON all the same.
            @Content(mediaType = MediaType.WILDCARD, schema = @Schema(implementation = RouteRequest.class))})
    @APIResponse(responseCode = "200", description = "The destination, why, and where the call overflows if nobody answers.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RouteResponse.class),
                    examples = @ExampleObject(name = "malakaFallback", summary = "Malaka has no 110 yet: Polda's desk takes the call",
                            value = "{\"callId\": \"c-20261203-0001\", \"regency\": {\"code\": \"53.21\", \"name\": \"Kabupaten Malaka\"}, "
                                    + "\"locatedBy\": \"GPS\", \"coveringUnit\": \"POLRES-MALAKA\", \"unit\": \"POLDA-NTT\", "
                                    + "\"destination\": \"sip:110@polda-ntt.spkt.invalid\", \"reason\": \"COVERING_UNIT_NOT_LIVE\", "
                                    + "\"overflow\": [], \"decidedAt\": \"2026-12-03T02:15:00Z\"}")))
    public RouteResponse routeCall(String body) throws JsonProcessingException {
        JsonNode request = body == null || body.isBlank() ? null : json.readTree(body);
        RouteResponse response = routing.route(request);
        // Traces of a call are found by its id (docs/operations.md, "Tracing").
        Span.current().setAttribute(CALL_ID_ATTRIBUTE, response.callId());
        return response;
    }

    /** The documented shape of a route request (the endpoint itself reads any JSON). */
    public record RouteRequest(
            @Schema(description = "The telephony platform's id of the call; one is made when absent.", maxLength = 100, example = "c-20261203-0001") String callId,
            @Schema(description = "The caller's number, national or E.164.", example = "+6281234567890") String caller,
            Location location,
            @Schema(description = "The mobile cell the call came through (PUT /cells maps cells to regencies).", example = "510-10-1234-5678") String cell,
            @Schema(description = "A regency the trunk declares (Kemendagri code).", example = "53.21") String regency) {
        @Schema(description = "The device's position (WGS 84).")
        public record Location(
                @Schema(minimum = "-90", maximum = "90", example = "-9.5672") Double lat,
                @Schema(minimum = "-180", maximum = "180", example = "124.9075") Double lon,
                @Schema(minimum = "0", example = "50") Double accuracyMeters) {
        }
    }
}
