package id.ntt110.incident.rest;

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
import jakarta.validation.Valid;
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
import java.util.UUID;

/**
 * Incidents. Operators and supervisors work on their own desk's (Polda's see every desk's): another desk's incident is
 * a 404 to them, an explicit {@code unit} of another desk a 403.
 */
@Path("/incidents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class IncidentResource {

    public static final int MAX_PAGE_SIZE = 200;

    private final IncidentService service;

    public IncidentResource(IncidentService service) {
        this.service = service;
    }

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public Response createIncident(@Valid @NotNull CreateIncident request, @jakarta.ws.rs.core.Context UriInfo uri) {
        IncidentView created = service.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id().toString()).build())
                .tag(etag(created)).entity(created).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public Response findIncidentById(@PathParam("id") String id) {
        IncidentView incident = service.find(uuid(id)).orElseThrow(() -> ProblemException.notFound("There is no incident " + id + "."));
        return withEtag(incident);
    }

    @POST
    @Path("/{id}/transitions")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public Response transition(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull Transition request) {
        return withEtag(service.transition(uuid(id), request, version(ifMatch)));
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public Response editIncident(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
            @Valid @NotNull EditIncident request) {
        return withEtag(service.edit(uuid(id), request, version(ifMatch)));
    }

    @POST
    @Path("/{id}/calls")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public Response attachCall(@PathParam("id") String id, @Valid @NotNull AttachCall request) {
        return withEtag(service.attachCall(uuid(id), request));
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public List<HistoryView> history(@PathParam("id") String id) {
        return service.history(uuid(id)).stream().map(IncidentResource::historyView).toList();
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public Page<IncidentView> searchIncidents(@QueryParam("unit") String unit, @QueryParam("status") String status,
            @QueryParam("category") String category, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("q") String q, @QueryParam("page") String page, @QueryParam("size") String size) {
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
    public List<CountRow> counts(@QueryParam("from") String from, @QueryParam("to") String to,
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

    private static HistoryView historyView(IncidentHistoryEntry e) {
        return new HistoryView(e.at, e.actor, e.action.name(), e.fromStatus, e.toStatus, e.note, e.changes);
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
