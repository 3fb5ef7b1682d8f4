package id.ntt110.rollout.rest;

import id.ntt110.security.Caller;
import id.ntt110.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.JsonNode;
import id.ntt110.rollout.rest.RolloutPayloads.ChecklistUpdate;
import id.ntt110.rollout.rest.RolloutPayloads.GoLive;
import id.ntt110.rollout.rest.RolloutPayloads.HistoryView;
import id.ntt110.rollout.rest.RolloutPayloads.Rollback;
import id.ntt110.rollout.rest.RolloutPayloads.RolloutView;
import id.ntt110.rollout.rest.RolloutPayloads.Summary;
import id.ntt110.rollout.service.RolloutPatch;
import id.ntt110.rollout.service.RolloutService;
import id.ntt110.rollout.service.SummaryService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The rollouts of the pending polres. Everyone of the desks reads them; the program's managers (and admins) move
 * them. Who did a thing is the signed-in user; a body's {@code by} is accepted from old clients and ignored.
 */
@Path("/rollouts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RolloutResource {

    private final RolloutService rollouts;
    private final SummaryService summaries;
    private final Caller caller;

    public RolloutResource(RolloutService rollouts, SummaryService summaries, Caller caller) {
        this.rollouts = rollouts;
        this.summaries = summaries;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    public List<RolloutView> listRollouts() {
        return rollouts.list();
    }

    @GET
    @Path("/summary")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    public Summary summary() {
        return summaries.summary();
    }

    @GET
    @Path("/{unit}")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    public RolloutView findRollout(@PathParam("unit") String unit) {
        return rollouts.find(unit);
    }

    @GET
    @Path("/{unit}/history")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    public List<HistoryView> history(@PathParam("unit") String unit) {
        return rollouts.history(unit);
    }

    @PUT
    @Path("/{unit}/checklist/{item}")
    @RolesAllowed({Roles.PROGRAM_MANAGER, Roles.ADMIN})
    public RolloutView updateChecklist(@PathParam("unit") String unit, @PathParam("item") String item,
            @Valid @NotNull ChecklistUpdate update) {
        return rollouts.updateChecklist(unit, item, new ChecklistUpdate(update.done(), update.evidence(), caller.name()));
    }

    /** Merge-patch semantics: absent fields stay, null clears. */
    @PATCH
    @Path("/{unit}")
    @RolesAllowed({Roles.PROGRAM_MANAGER, Roles.ADMIN})
    public RolloutView patchRollout(@PathParam("unit") String unit, JsonNode body) {
        return rollouts.patch(unit, RolloutPatch.parse(body).by(caller.name()));
    }

    /** 200 when live now (or already), 202 when scheduled for {@code at}. */
    @POST
    @Path("/{unit}/go-live")
    @RolesAllowed({Roles.PROGRAM_MANAGER, Roles.ADMIN})
    public Response goLive(@PathParam("unit") String unit, @Valid @NotNull GoLive request) {
        RolloutService.GoLiveOutcome outcome = rollouts.goLive(unit, caller.name(), request.at());
        return Response.status(outcome.scheduled() ? Response.Status.ACCEPTED : Response.Status.OK).entity(outcome.rollout()).build();
    }

    @POST
    @Path("/{unit}/rollback")
    @RolesAllowed({Roles.PROGRAM_MANAGER, Roles.ADMIN})
    public RolloutView rollback(@PathParam("unit") String unit, @Valid @NotNull Rollback request) {
        return rollouts.rollback(unit, caller.name(), request.reason());
    }
}
