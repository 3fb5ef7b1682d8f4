package id.ntt110.routing.rest;

import id.ntt110.reference.ReferenceData;
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

/** The directory of desks; reading it is for everyone signed in (the console's map, the edge, the services). */
@Path("/units")
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

    public record Hq(String town, double lat, double lon) {
    }

    public record UnitView(String code, String name, String kind, List<String> regencies, Hq hq, String destination,
            UnitStatus status, Instant updatedAt) {

        static UnitView of(DirectorySnapshot.Desk desk) {
            var unit = desk.unit();
            return new UnitView(unit.code(), unit.name(), unit.kind().name(), unit.regencies(),
                    new Hq(unit.hqTown(), unit.hq().lat(), unit.hq().lon()), desk.destination(), desk.status(),
                    desk.updatedAt());
        }
    }

    public record StatusChangeRequest(
            @NotNull UnitStatus status,
            @NotBlank @Size(max = 500) String reason,
            @Size(min = 1, max = 100) @Pattern(regexp = "[\\x21-\\x7e]+", message = "must be printable ASCII without spaces") String changeId,
            @Size(min = 1, max = 100) String changedBy,
            @Size(min = 1, max = 100) String onBehalfOf) {
    }

    public record DestinationRequest(
            @NotBlank @Size(max = 255) @Pattern(regexp = "\\S+", message = "must not contain spaces") String destination) {
    }

    public record HistoryEntry(UnitStatus status, UnitStatus previousStatus, String reason, Instant changedAt,
            String changedBy, String via, String changeId) {

        static HistoryEntry of(UnitStatusChange change) {
            return new HistoryEntry(change.status, change.previousStatus, change.reason, change.changedAt,
                    change.changedBy, change.via, change.changeId);
        }
    }

    /** Snapshot reads: no I/O, so they run on the event loop. */
    @GET
    @NonBlocking
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.TELEPHONY, Roles.SERVICE, Roles.ADMIN})
    public List<UnitView> listUnits() {
        return directory.snapshot().deskList(reference.units()).stream().map(UnitView::of).toList();
    }

    @GET
    @NonBlocking
    @Path("/{code}")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.TELEPHONY, Roles.SERVICE, Roles.ADMIN})
    public UnitView getUnit(@PathParam("code") String code) {
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
    public UnitView changeStatus(@PathParam("code") String code, @Valid @NotNull StatusChangeRequest request) {
        if (!caller.has(Roles.ADMIN) && !caller.has(Roles.SERVICE)
                && caller.desk().filter(Roles.PROVINCE_DESK::equals).isEmpty()) {
            throw Caller.forbidden("Only a supervisor of " + Roles.PROVINCE_DESK + " (or an admin) may change a desk's status; "
                    + "your desk is " + caller.desk().orElse("not set") + ".");
        }
        return UnitView.of(directory.changeStatus(code, new StatusChangeCommand(request.status(), request.reason().strip(),
                request.changeId(), caller.actor(request.onBehalfOf()), caller.via(request.onBehalfOf()))));
    }

    @GET
    @Path("/{code}/history")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.TELEPHONY, Roles.SERVICE, Roles.ADMIN})
    public List<HistoryEntry> history(@PathParam("code") String code) {
        return directory.history(code).stream().map(HistoryEntry::of).toList();
    }

    @PUT
    @Path("/{code}/destination")
    @RolesAllowed(Roles.ADMIN)
    public UnitView changeDestination(@PathParam("code") String code, @Valid @NotNull DestinationRequest request) {
        return UnitView.of(directory.changeDestination(code, request.destination()));
    }
}
