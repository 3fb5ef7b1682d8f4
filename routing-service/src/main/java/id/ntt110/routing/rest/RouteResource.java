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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import com.fasterxml.jackson.databind.node.ObjectNode;
import id.ntt110.problem.ProblemException;
import id.ntt110.routing.LocatedBy;
import id.ntt110.routing.RouteReason;
import id.ntt110.routing.service.DecisionLookup;
import id.ntt110.routing.sip.EdgeRoutes;
import id.ntt110.routing.sip.SipInvite;
import id.ntt110.security.Caller;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
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
    private final EdgeRoutes edgeRoutes;
    private final DecisionLookup decisions;
    private final Caller user;

    public RouteResource(RoutingService routing, ObjectMapper json, EdgeRoutes edgeRoutes, DecisionLookup decisions, Caller user) {
        this.routing = routing;
        this.json = json;
        this.edgeRoutes = edgeRoutes;
        this.decisions = decisions;
        this.user = user;
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
                                    + "\"destination\": \"sip:110@polda-ntt.spkt.invalid\", \"destinations\": [\"sip:110@polda-ntt.spkt.invalid\"], "
                                    + "\"reason\": \"COVERING_UNIT_NOT_LIVE\", "
                                    + "\"overflow\": [], \"decidedAt\": \"2026-12-03T02:15:00Z\"}")))
    public RouteResponse routeCall(String body) throws JsonProcessingException {
        JsonNode request = body == null || body.isBlank() ? null : json.readTree(body);
        RouteResponse response = routing.route(request);
        // Traces of a call are found by its id (docs/operations.md, "Tracing").
        Span.current().setAttribute(CALL_ID_ATTRIBUTE, response.callId());
        return response;
    }

    /**
     * The SIP edge's question, asked with the INVITE itself: routing reads the caller, position and cell from its
     * headers and body (SipInvite), decides by the same rules as POST /routes and records the same decision, and
     * answers the serial routes as Kamailio's rtjson reads them. Never a 400: a message that cannot be read still routes.
     */
    @POST
    @Path("/sip")
    @NonBlocking
    @RolesAllowed({Roles.TELEPHONY, Roles.ADMIN})
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Route a 110 INVITE for the SIP edge", description = "The body is the INVITE as received (request "
            + "line, headers, body; Content-Type message/sip, any other is read the same). Caller from P-Asserted-Identity "
            + "(tel: preferred), else From; position from Geolocation <cid:…> pointing at a PIDF-LO part of a multipart "
            + "body (gml:Point, or gs:Circle whose radius is the accuracy); cell from P-Access-Network-Info's "
            + "utran-cell-id-3gpp, upper-cased, as PUT /cells holds it; the call id is the Call-ID when it fits the "
            + "callId rule. Anything malformed is ignored and listed in warnings. The answer is an rtjson document: "
            + "serial routes, each desk with its ring time (fr_inv_timer) and headers for the desk phone.",
            extensions = {@Extension(name = ApiDocumentFilter.NO_DATABASE, value = "true"),
                    @Extension(name = ApiDocumentFilter.ANY_CONTENT_TYPE, value = "true")})
    @RequestBody(required = false, content = @Content(mediaType = "message/sip", schema = @Schema(type = SchemaType.STRING),
            examples = @ExampleObject(name = "beluCaller", summary = "A caller in Atambua, Belu, with a PIDF-LO",
                    value = SIP_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "The routes for rtjson_init_routes, first desk first.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EdgeRouteDocument.class)))
    public ObjectNode routeSipCall(String body,
            @Parameter(description = "The regency the trunk the call came in on declares (the edge's trunk table), if any.",
                    example = "53.04") @QueryParam("regency") String trunkRegency) {
        List<String> warnings = new ArrayList<>();
        SipInvite invite = SipInvite.parse(body, warnings);
        ObjectNode request = invite.toRouteRequest(trunkRegency);
        RouteResponse response = routing.route(request, warnings);
        Span.current().setAttribute(CALL_ID_ATTRIBUTE, response.callId());
        return edgeRoutes.document(response, RoutingService.callerForRecord(request, new ArrayList<>()));
    }

    @GET
    @Path("/{callId}")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN, Roles.TELEPHONY})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The recorded decision of a call", description = "Where routing placed the caller (regency, how, "
            + "the position the call gave) and why the call went to its desk, for the operator who answers it. A person "
            + "of a polres sees the calls routed to or covered by their desk. A call routed a moment ago by another "
            + "replica is found once it is stored, within a second.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DecisionLookup.RecordedDecision.class)))
    @APIResponse(responseCode = "404", description = "No decision of that call.")
    public DecisionLookup.RecordedDecision decision(
            @Parameter(description = "The call's id (its SIP Call-ID, or the one routing gave).", example = "c-20261203-0001")
            @PathParam("callId") String callId) {
        DecisionLookup.RecordedDecision decision = decisions.find(callId)
                .orElseThrow(() -> ProblemException.notFound("No routing decision of call '" + abbreviate(callId) + "'."));
        // The edge is not a desk's: it reads every call it put through.
        if (!user.has(Roles.TELEPHONY) && !user.maySee(decision.unit()) && !user.maySee(String.valueOf(decision.coveringUnit()))) {
            user.requireDesk(decision.unit(), "callId");
        }
        return decision;
    }

    private static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "…";
    }

    static final String SIP_EXAMPLE = "INVITE sip:110@edge.ntt110.invalid SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 10.20.0.5:5060;branch=z9hG4bK-1\r\nCall-ID: 8f2a1c@10.20.0.5\r\n"
            + "From: <sip:081234567890@trunk.invalid>;tag=1\r\nTo: <sip:110@edge.ntt110.invalid>\r\nCSeq: 1 INVITE\r\n"
            + "P-Asserted-Identity: <tel:+6281234567890>\r\nGeolocation: <cid:loc1@trunk.invalid>\r\n"
            + "Content-Type: multipart/mixed;boundary=b1\r\n\r\n--b1\r\nContent-Type: application/pidf+xml\r\n"
            + "Content-ID: <loc1@trunk.invalid>\r\n\r\n<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" ...>"
            + "<gml:Point srsName=\"urn:ogc:def:crs:EPSG::4326\"><gml:pos>-9.1066 124.8925</gml:pos></gml:Point>"
            + "</presence>\r\n--b1--\r\n";

    /** The documented shape of POST /routes/sip's answer (rtjson's "JSON Routing Structure" and our fields). */
    public record EdgeRouteDocument(@Schema(required = true, example = "1.0") String version,
            @Schema(required = true, example = "serial") String routing,
            @Schema(required = true) String callId,
            @Schema(required = true, description = "The desk routing chose.") String unit,
            @Schema(required = true) RouteReason reason,
            @Schema(required = true) LocatedBy locatedBy,
            @Schema(nullable = true, example = "53.04") String regency,
            @Schema(nullable = true, description = "The caller as routing read it from the INVITE; the edge puts it on each leg.",
                    example = "+6281234567890") String caller,
            @Schema(required = true, description = "Empty when no desk has a SIP destination: the edge rings its configured Polda.")
            List<EdgeRoute> routes,
            List<String> warnings) {
        public record EdgeRoute(@Schema(required = true, example = "sip:110@10.30.1.20") String uri,
                @Schema(required = true, description = "The desk's other phones, rung in parallel with uri; the first to "
                        + "answer takes the call. Empty when it has one.") List<String> alsoRing,
                @Schema(required = true, example = "POLRES-BELU") String unit,
                @Schema(required = true, description = "How long it rings before the next route.", example = "10") int afterSeconds,
                @Schema(required = true) Headers headers,
                @Schema(required = true, description = "No reply at all within this (ms): next route.", example = "2000") int fr_timer,
                @Schema(required = true, description = "Ringing without an answer this long (ms): next route.", example = "10000") int fr_inv_timer) {
        }

        public record Headers(@Schema(required = true, description = "X-NTT110-Call-Id and Call-Info, CRLF-ended.") String extra) {
        }
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
