package id.ntt110.incident.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.ntt110.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import id.ntt110.incident.Category;
import id.ntt110.incident.IncidentHistoryEntry;
import id.ntt110.incident.IncidentStatus;
import id.ntt110.incident.rest.IncidentPayloads.AttachCall;
import id.ntt110.incident.rest.IncidentPayloads.CountRow;
import id.ntt110.incident.rest.IncidentPayloads.CreateIncident;
import id.ntt110.incident.rest.IncidentPayloads.EditIncident;
import id.ntt110.incident.rest.IncidentPayloads.HistoryView;
import id.ntt110.incident.rest.IncidentPayloads.IncidentView;
import id.ntt110.incident.rest.IncidentPayloads.Page;
import id.ntt110.incident.rest.IncidentPayloads.Transition;
import id.ntt110.incident.service.IncidentService;
import id.ntt110.problem.ProblemException;
import id.ntt110.problem.QueryParams;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Incidents. Operators and supervisors work on their own desk's (Polda's see every desk's): another desk's incident is
 * a 404 to them, an explicit {@code unit} of another desk a 403.
 */
@Path("/incidents")
@Tag(name = "Incidents", description = "Reports and complaints taken at the 110 desks: their lifecycle and audit trail.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IncidentResource {

    public static final int MAX_PAGE_SIZE = 200;
    private static final String IF_MATCH = "The ETag last read (\"3\", W/\"3\" or 3): the change is refused with 412 if "
            + "the incident changed since. Absent or *: no check.";

    private final IncidentService service;
    private final ObjectMapper json;
    private final Validator validator;

    public IncidentResource(IncidentService service, ObjectMapper json, Validator validator) {
        this.service = service;
        this.json = json;
        this.validator = validator;
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Record an incident", description = "Its status starts at RECEIVED; who reported it comes from the token.")
    @APIResponse(responseCode = "201", description = "Recorded.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentView.class)),
            headers = {@Header(name = "Location", description = "The incident's URL.", schema = @Schema(type = SchemaType.STRING, format = "uri")),
                    @Header(name = "ETag", description = "The incident's version, for If-Match.", schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "403", description = "The token's roles do not allow it, or the unit is another desk than the user's.")
    @APIResponse(responseCode = "409", description = "The callId is already attached to another incident.")
    public Response createIncident(@Valid @NotNull CreateIncident request, @jakarta.ws.rs.core.Context UriInfo uri) {
        IncidentView created = service.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .tag(etag(created)).entity(created).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Read an incident", description = "Operators and supervisors see their own desk's incidents (Polda's see every desk's); another desk's is a 404 to them.")
    @APIResponse(responseCode = "200", description = "The incident.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentView.class)), headers = @Header(name = "ETag", description = "The incident's version, for If-Match.", schema = @Schema(type = SchemaType.STRING)))
    public Response findIncidentById(@PathParam("id") String id) {
        IncidentView incident = service.find(uuid(id)).orElseThrow(() -> ProblemException.notFound("There is no incident " + id + "."));
        return withEtag(incident);
    }

    @POST
    @Path("/{id}/transitions")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Move an incident along its lifecycle", description = "RECEIVED → DISPATCHED → ON_SCENE → RESOLVED → "
            + "CLOSED, or to PRANK before anyone is on scene; the incident's allowedTransitions lists the next ones.")
    @APIResponse(responseCode = "200", description = "The incident after the transition.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentView.class)), headers = @Header(name = "ETag", description = "The incident's version, for If-Match.", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "409", description = "That transition is not allowed from the incident's status (errors names the allowed ones).")
    @APIResponse(responseCode = "412", description = "If-Match named a version that is no longer current.")
    public Response transitionIncident(@PathParam("id") String id,
            @Parameter(description = IF_MATCH, schema = @Schema(type = SchemaType.STRING, example = "\"3\"")) @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull Transition request) {
        return withEtag(service.transition(uuid(id), request, version(ifMatch)));
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Correct an incident", description = "Merge-patch rules: an absent field stays as it is, null "
            + "clears it (summary, category and priority cannot be cleared), and within caller and location only the "
            + "fields sent change. Each change is in the history.")
    @APIResponse(responseCode = "200", description = "The incident after the change.", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentView.class)), headers = @Header(
            name = "ETag", description = "The incident's version, for If-Match.", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "409", description = "The incident is closed and can no longer be edited.")
    @APIResponse(responseCode = "412", description = "If-Match named a version that is no longer current.")
    public Response editIncident(@PathParam("id") String id, @Parameter(description = IF_MATCH, schema = @Schema(
            type = SchemaType.STRING, example = "\"3\"")) @HeaderParam("If-Match") String ifMatch,
            @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = EditIncident.class))) JsonNode body) throws JsonProcessingException {
        // Read as a tree first: a record cannot tell an absent field (keep it) from a null one (clear it).
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid("body", "must be a JSON object with the fields to change");
        }
        EditIncident request = json.treeToValue(body, EditIncident.class);
        Set<ConstraintViolation<EditIncident>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return withEtag(service.edit(uuid(id), request, IncidentPayloads.Present.in(body), version(ifMatch)));
    }

    @POST
    @Path("/{id}/calls")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Attach a further call to an incident", description = "Attaching a call that is already on it changes nothing.")
    @APIResponse(responseCode = "200", description = "The incident with the call.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentView.class)), headers = @Header(name = "ETag", description = "The incident's version, for If-Match.", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "409", description = "The call is already attached to another incident.")
    public Response attachCall(@PathParam("id") String id, @Valid @NotNull AttachCall request) {
        return withEtag(service.attachCall(uuid(id), request));
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "An incident's audit trail", description = "Every change, oldest first, with who made it.")
    @APIResponse(responseCode = "200", description = "The history.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = HistoryView.class)))
    public List<HistoryView> getIncidentHistory(@PathParam("id") String id) {
        return service.history(uuid(id)).stream().map(IncidentResource::historyView).toList();
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Search incidents", description = "Newest first. Operators and supervisors see their own desk's incidents (Polda's see every desk's); another desk's is a 404 to them.")
    @APIResponse(responseCode = "200", description = "One page of matches.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IncidentPage.class)))
    @APIResponse(responseCode = "403", description = "The token's roles do not allow it, or unit is another desk than the user's.")
    public Page<IncidentView> searchIncidents(
            @Parameter(description = "Only this desk's.", example = "POLRES-BELU") @QueryParam("unit") String unit,
            @Parameter(schema = @Schema(implementation = IncidentStatus.class)) @QueryParam("status") String status,
            @Parameter(schema = @Schema(implementation = Category.class)) @QueryParam("category") String category,
            @Parameter(description = "Created on or after this WITA day.", schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(description = "Created on or before this WITA day.", schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to,
            @Parameter(description = "Words in the summary or description.", schema = @Schema(type = SchemaType.STRING, maxLength = 200)) @QueryParam("q") String q,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "0", defaultValue = "0")) @QueryParam("page") String page,
            @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_PAGE_SIZE, defaultValue = "20")) @QueryParam("size") String size) {
        LocalDate fromDate = QueryParams.date("from", from);
        LocalDate toDate = QueryParams.date("to", to);
        QueryParams.checkRange(fromDate, toDate);
        String text = q == null || q.isBlank() ? null : q.strip();
        if (text != null && text.length() > 200) {
            throw ProblemException.invalid("q", "must be at most 200 characters");
        }
        return service.search(new IncidentService.SearchFilter(blankToNull(unit), QueryParams.enumValue("status", status, IncidentStatus.class),
                QueryParams.enumValue("category", category, Category.class), fromDate, toDate, text),
                QueryParams.integer("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE),
                QueryParams.integer("size", size, 20, 1, MAX_PAGE_SIZE));
    }

    /** For stats-service: incidents created in [from, to] (WITA dates), grouped, with the pranks among them. */
    @GET
    @Path("/counts")
    @RolesAllowed({Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "Count incidents", description = "Incidents created in [from, to] (WITA days), grouped, with the pranks among them.")
    @APIResponse(responseCode = "200", description = "One row per group.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = CountRow.class)))
    public List<CountRow> countIncidents(
            @Parameter(required = true, description = "First WITA day.", schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(required = true, description = "Last WITA day.", schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"unit", "category", "status"}, defaultValue = "unit"))
            @QueryParam("groupBy") String groupBy) {
        LocalDate fromDate = QueryParams.requiredDate("from", from);
        LocalDate toDate = QueryParams.requiredDate("to", to);
        QueryParams.checkRange(fromDate, toDate);
        String column = groupBy == null || groupBy.isBlank() ? "unit" : groupBy;
        if (!List.of("unit", "category", "status").contains(column)) {
            throw ProblemException.invalid("groupBy", "must be one of unit, category, status");
        }
        return service.counts(fromDate, toDate, column);
    }

    /** The documented shape of a page of incidents (Page is generic, which OpenAPI is not). */
    @Schema(name = "IncidentPage")
    public record IncidentPage(@Schema(required = true) List<IncidentView> items, @Schema(required = true) int page,
            @Schema(required = true) int size,
            @Schema(required = true, description = "Exact when totalExact; otherwise there are at least that many.") long total,
            @Schema(required = true) boolean totalExact) {
    }

    private static HistoryView historyView(IncidentHistoryEntry e) {
        return new HistoryView(e.at, e.actor, e.action, e.fromStatus, e.toStatus, e.note, e.changes);
    }

    private static Response withEtag(IncidentView incident) {
        return Response.ok(incident).tag(etag(incident)).build();
    }

    private static EntityTag etag(IncidentView incident) {
        return new EntityTag(Long.toString(incident.version()));
    }

    /** {@code If-Match: "3"} (also W/"3" or 3); {@code *} or absent: no version check. */
    static OptionalLong version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return OptionalLong.empty();
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("If-Match", "must be the ETag of the incident, such as \"3\"");
        }
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("There is no incident " + id + " (incident ids are UUIDs).");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
