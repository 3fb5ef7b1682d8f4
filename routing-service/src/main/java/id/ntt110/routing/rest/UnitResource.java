package id.ntt110.routing.rest;

import id.ntt110.reference.ReferenceData;
import id.ntt110.problem.ProblemException;
import id.ntt110.reference.UnitKind;
import id.ntt110.reference.UnitStatus;
import id.ntt110.routing.UnitStatusChange;
import id.ntt110.routing.service.DirectoryService;
import id.ntt110.routing.service.DirectorySnapshot;
import id.ntt110.routing.service.StatusChangeCommand;
import id.ntt110.security.Caller;
import id.ntt110.security.Roles;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import id.ntt110.openapi.ApiDocumentFilter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The directory of desks; reading it is for everyone signed in (the console's map, the edge, the services). */
@Path("/units")
@Tag(name = "Desks", description = "The directory of 110 desks (SPKT of Polda NTT and of each polres): status and SIP destination.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UnitResource {

    private final DirectoryService directory;
    private final ReferenceData reference;
    private final Caller caller;

    public UnitResource(DirectoryService directory, ReferenceData reference, Caller caller) {
        this.directory = directory;
        this.reference = reference;
        this.caller = caller;
    }

    public record Hq(@Schema(required = true, example = "Betun") String town, @Schema(required = true) double lat,
            @Schema(required = true) double lon) {
    }

    public record UnitView(
            @Schema(required = true, example = "POLRES-MALAKA") String code,
            @Schema(required = true, example = "Polres Malaka") String name,
            @Schema(required = true) UnitKind kind,
            @Schema(required = true, description = "The regencies (Kemendagri codes) the desk covers.") List<String> regencies,
            @Schema(required = true) Hq hq,
            @Schema(required = true, description = "Where its calls ring (a SIP URI): its first phone.", example = "sip:110@polres-malaka.spkt.invalid") String destination,
            @Schema(required = true, description = "All its phones, rung in parallel (the first to answer takes the call); "
                    + "one when it has just destination.") List<String> destinations,
            @Schema(required = true) UnitStatus status,
            @Schema(required = true, nullable = true, description = "When its status or destination last changed; null if never.") Instant updatedAt) {

        static UnitView of(DirectorySnapshot.Desk desk) {
            var unit = desk.unit();
            return new UnitView(unit.code(), unit.name(), unit.kind(), unit.regencies(),
                    new Hq(unit.hqTown(), unit.hq().lat(), unit.hq().lon()), desk.destination(), desk.destinations(), desk.status(),
                    desk.updatedAt());
        }
    }

    public record StatusChangeRequest(
            @NotNull UnitStatus status,
            @NotBlank @Size(max = 500) String reason,
            @Size(min = 1, max = 100) @Pattern(regexp = "^[\\x21-\\x7e]+$", message = "must be printable ASCII without spaces") String changeId,
            @Schema(deprecated = true, description = "Ignored: who changed it comes from the token.") @Size(min = 1, max = 100) String changedBy,
            @Size(min = 1, max = 100) String onBehalfOf,
            @Schema(nullable = true, description = "When the change was decided at its source (rollout-service sends its "
                    + "go-live or rollback time); default: now. A change decided before the one the desk's status comes "
                    + "from is stale: it changes nothing and the desk is answered as it is. At most 5 minutes ahead.")
            java.time.Instant decidedAt) {
    }

    /** One phone ({@code destination}) or several rung in parallel ({@code destinations}): exactly one of the two. */
    public record DestinationRequest(
            @Schema(description = "The desk's one phone (a SIP URI); or give destinations.")
            @Size(max = 255) @Pattern(regexp = "^\\S+$", message = "must not be empty nor contain spaces") String destination,
            @Schema(description = "The desk's phones, rung in parallel, the first to answer taking the call; or give destination.",
                    maxItems = 10)
            @Size(min = 1, max = 10) List<@NotNull @Size(max = 255)
                    @Pattern(regexp = "^\\S+$", message = "must not be empty nor contain spaces") String> destinations) {

        List<String> phones() {
            if ((destination == null) == (destinations == null)) {
                throw ProblemException.invalid("destinations", "give either destination (one phone) or destinations (several)");
            }
            if (destination != null) {
                return List.of(destination);
            }
            if (new java.util.HashSet<>(destinations).size() < destinations.size()) {
                throw ProblemException.invalid("destinations", "lists a phone twice");
            }
            return destinations;
        }
    }

    public record HistoryEntry(@Schema(required = true) UnitStatus status,
            @Schema(nullable = true) UnitStatus previousStatus,
            @Schema(required = true) String reason,
            @Schema(required = true) Instant changedAt,
            @Schema(required = true, description = "Who changed it (from the token).") String changedBy,
            @Schema(nullable = true, description = "The service that acted for that person, if any.") String via,
            @Schema(nullable = true) String changeId) {

        static HistoryEntry of(UnitStatusChange change) {
            return new HistoryEntry(change.status, change.previousStatus, change.reason, change.changedAt,
                    change.changedBy, change.via, change.changeId);
        }
    }

    /** Snapshot reads: no I/O, so they run on the event loop. */
    @GET
    @NonBlocking
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.TELEPHONY, Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "List the desks", description = "Polda's desk first, then the polres in code order. Served from memory.",
            extensions = @Extension(name = ApiDocumentFilter.NO_DATABASE, value = "true"))
    @APIResponse(responseCode = "200", description = "Every desk.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = UnitView.class)))
    public List<UnitView> listUnits() {
        return directory.snapshot().deskList(reference.units()).stream().map(UnitView::of).toList();
    }

    @GET
    @NonBlocking
    @Path("/{code}")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.TELEPHONY, Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "Read one desk", extensions = @Extension(name = ApiDocumentFilter.NO_DATABASE, value = "true"))
    @APIResponse(responseCode = "200", description = "The desk.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UnitView.class)))
    public UnitView getUnit(@Parameter(description = "The desk's code.", example = "POLRES-BELU") @PathParam("code") String code) {
        return directory.snapshot().desk(code).map(UnitView::of)
                .orElseThrow(() -> id.ntt110.problem.ProblemException.notFound("There is no desk " + code + "; GET /units lists them."));
    }

    /**
     * A supervisor of Polda's desk (who runs the province's 110), a service acting for a person, or an admin. The
     * body's {@code changedBy} is ignored: who did it comes from the token.
     */
    @PUT
    @Path("/{code}/status")
    @RolesAllowed({Roles.SUPERVISOR, Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "Change a desk's status", description = "LIVE desks take their callers; PENDING and SUSPENDED ones "
            + "fall back to Polda's desk. A SUPERVISOR must be of " + Roles.PROVINCE_DESK + ". Who did it comes from the token. "
            + "Repeating a changeId with the same change is answered with the desk as it is.")
    @APIResponse(responseCode = "200", description = "The desk after the change.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UnitView.class)))
    @APIResponse(responseCode = "403", description = "The token's roles do not allow it, or a supervisor is not of " + Roles.PROVINCE_DESK + ".")
    @APIResponse(responseCode = "409", description = Roles.PROVINCE_DESK + " cannot leave LIVE (it is the desk of last resort), "
            + "or the changeId was already used for another change.")
    public UnitView changeStatus(@PathParam("code") String code, @Valid @NotNull StatusChangeRequest request) {
        if (!caller.has(Roles.ADMIN) && !caller.has(Roles.SERVICE)
                && caller.desk().filter(Roles.PROVINCE_DESK::equals).isEmpty()) {
            throw Caller.forbidden("Only a supervisor of " + Roles.PROVINCE_DESK + " (or an admin) may change a desk's status; "
                    + "your desk is " + caller.desk().orElse("not set") + ".");
        }
        return UnitView.of(directory.changeStatus(code, new StatusChangeCommand(request.status(), request.reason().strip(),
                request.changeId(), caller.actor(request.onBehalfOf()), caller.via(request.onBehalfOf()),
                decidedAt(request.decidedAt()))));
    }

    /** Clocks differ a little between services, not by more: a time far ahead would block every later change. */
    private static java.time.Instant decidedAt(java.time.Instant decidedAt) {
        java.time.Instant now = java.time.Instant.now();
        if (decidedAt == null) {
            return now;
        }
        if (decidedAt.isAfter(now.plus(java.time.Duration.ofMinutes(5)))) {
            throw id.ntt110.problem.ProblemException.invalid("decidedAt", "must not be more than 5 minutes ahead of now");
        }
        if (decidedAt.isBefore(java.time.Instant.parse("2000-01-01T00:00:00Z"))) {
            throw id.ntt110.problem.ProblemException.invalid("decidedAt", "must be in 2000 or later");
        }
        return decidedAt;
    }

    @GET
    @Path("/{code}/history")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.TELEPHONY, Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "A desk's status history", description = "Every status change, newest first.")
    @APIResponse(responseCode = "200", description = "The changes.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = HistoryEntry.class)))
    public List<HistoryEntry> getUnitHistory(@PathParam("code") String code) {
        return directory.history(code).stream().map(HistoryEntry::of).toList();
    }

    @PUT
    @Path("/{code}/destination")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change where a desk's calls ring", description = "One phone ({\"destination\": uri}) or several "
            + "rung in parallel ({\"destinations\": [uri, …]}, at most 10, no repeats); in force for the next call.")
    @APIResponse(responseCode = "200", description = "The desk with its new destination.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UnitView.class)))
    public UnitView changeDestination(@PathParam("code") String code, @Valid @NotNull DestinationRequest request) {
        return UnitView.of(directory.changeDestination(code, request.phones()));
    }
}
