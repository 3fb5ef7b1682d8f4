package id.ntt110.rollout.rest;

import id.ntt110.security.Caller;
import id.ntt110.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.JsonNode;
import id.ntt110.rollout.ChecklistItem;
import id.ntt110.rollout.rest.RolloutPayloads.ChecklistUpdate;
import id.ntt110.rollout.rest.RolloutPayloads.GoLive;
import id.ntt110.rollout.rest.RolloutPayloads.HistoryView;
import id.ntt110.rollout.rest.RolloutPayloads.Rollback;
import id.ntt110.rollout.rest.RolloutPayloads.RolloutPatchRequest;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The rollouts of the pending polres. Everyone of the desks reads them; the program's managers (and admins) move
 * them. Who did a thing is the signed-in user; a body's {@code by} is accepted from old clients and ignored.
 */
@Path("/rollouts")
@Tag(name = "Rollouts", description = "The way of each pending polres to answering 110 itself: checklist, stages, go-live "
        + "and rollback, which switch the desk in routing-service.")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RolloutResource {

    static final String UNIT = "The desk's code.";
    static final String NOT_FOUND = "There is no rollout for that desk.";
    static final String ROLLOUT = "The rollout after the change.";

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
    @Operation(summary = "List the rollouts", description = "One per desk that did not answer 110 when the programme "
            + "started (seeded from the reference data), by desk code.")
    @APIResponse(responseCode = "200", description = "Every rollout.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = RolloutView.class)))
    public List<RolloutView> listRollouts() {
        return rollouts.list();
    }

    @GET
    @Path("/summary")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "Summarise the programme", description = "Rollouts per stage, those past their target date, and "
            + "how many calls from the regencies of each desk not yet LIVE routing sent to Polda's desk, answered or not, in the last 7 and 30 WITA "
            + "days (from stats-service). When stats-service does not answer in time the summary still comes, with "
            + "fallbackCallsStatus UNAVAILABLE and null counts.")
    @APIResponse(responseCode = "200", description = "The summary.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Summary.class)))
    public Summary getSummary() {
        return summaries.summary();
    }

    @GET
    @Path("/{unit}")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "Read a rollout")
    @APIResponse(responseCode = "200", description = "The rollout.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public RolloutView findRollout(@Parameter(description = UNIT, example = "POLRES-MALAKA") @PathParam("unit") String unit) {
        return rollouts.find(unit);
    }

    @GET
    @Path("/{unit}/history")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    @Operation(summary = "List a rollout's history", description = "Every change, oldest first: checklist, stages, go-lives, "
            + "rollbacks and what routing-service made of them.")
    @APIResponse(responseCode = "200", description = "The changes.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = HistoryView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public List<HistoryView> listHistory(@Parameter(description = UNIT, example = "POLRES-MALAKA") @PathParam("unit") String unit) {
        return rollouts.history(unit);
    }

    @PUT
    @Path("/{unit}/checklist/{item}")
    @RolesAllowed({Roles.PROGRAM_MANAGER, Roles.ADMIN})
    @Operation(summary = "Mark a checklist item done or not done", description = "By the signed-in user. "
            + "LINE_PROVISIONED and TEST_CALLS_PASSED need evidence to be marked done. Repeating the current state changes nothing.")
    @APIResponse(responseCode = "200", description = ROLLOUT,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "400", description = "The body is not valid, item is not a checklist item, or the item needs evidence.")
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    public RolloutView updateChecklist(@Parameter(description = UNIT, example = "POLRES-MALAKA") @PathParam("unit") String unit,
            @Parameter(description = "The checklist item.", schema = @Schema(implementation = ChecklistItem.class)) @PathParam("item")
            String item,
            @Valid @NotNull ChecklistUpdate update) {
        return rollouts.updateChecklist(unit, item, new ChecklistUpdate(update.done(), update.evidence(), caller.name()));
    }

    /** Merge-patch semantics: absent fields stay, null clears. */
    @PATCH
    @Path("/{unit}")
    @RolesAllowed({Roles.PROGRAM_MANAGER, Roles.ADMIN})
    @Operation(summary = "Change a rollout's target date, blockers, stage or contact", description = "JSON merge-patch "
            + "semantics, sent as application/json: an absent field stays as it is, null clears it. Every offending field "
            + "is reported at once, and nothing changes.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RolloutPatchRequest.class)))
    @APIResponse(responseCode = "200", description = ROLLOUT,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The stage change breaks a rule: stages move forward only, LIVE and "
            + "ROLLED_BACK come through go-live and rollback, and a LIVE rollout keeps its stage until rolled back.")
    public RolloutView patchRollout(@Parameter(description = UNIT, example = "POLRES-MALAKA") @PathParam("unit") String unit,
            JsonNode body) {
        return rollouts.patch(unit, RolloutPatch.parse(body).by(caller.name()));
    }

    /** 200 when live now (or already), 202 when scheduled for {@code at}. */
    @POST
    @Path("/{unit}/go-live")
    @RolesAllowed({Roles.PROGRAM_MANAGER, Roles.ADMIN})
    @Operation(summary = "Take a rollout live", description = "Only with every checklist item done; now, or at at when that "
            + "is in the future. Going live makes routing-service set the desk LIVE, durably: the change is delivered, with retries, even "
            + "if routing-service is down at that moment (routingSync). A LIVE rollout is answered as it is.")
    @APIResponse(responseCode = "200", description = "Live now (or already).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "202", description = "Scheduled: it goes live at scheduledGoLive.at, if the checklist is still complete then.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The checklist is incomplete; errors lists each item not done.")
    public Response goLive(@Parameter(description = UNIT, example = "POLRES-MALAKA") @PathParam("unit") String unit,
            @Valid @NotNull GoLive request) {
        RolloutService.GoLiveOutcome outcome = rollouts.goLive(unit, caller.name(), request.at());
        return Response.status(outcome.scheduled() ? Response.Status.ACCEPTED : Response.Status.OK).entity(outcome.rollout()).build();
    }

    @POST
    @Path("/{unit}/rollback")
    @RolesAllowed({Roles.PROGRAM_MANAGER, Roles.ADMIN})
    @Operation(summary = "Roll a rollout back", description = "A LIVE rollout goes back to PENDING in routing-service (its "
            + "callers fall back to Polda's desk) until it goes live again; a scheduled go-live is called off. Rolling "
            + "back a rolled-back rollout changes nothing.")
    @APIResponse(responseCode = "200", description = ROLLOUT,
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RolloutView.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND)
    @APIResponse(responseCode = "409", description = "Nothing to roll back: the rollout is neither LIVE nor scheduled to go live.")
    public RolloutView rollback(@Parameter(description = UNIT, example = "POLRES-MALAKA") @PathParam("unit") String unit,
            @Valid @NotNull Rollback request) {
        return rollouts.rollback(unit, caller.name(), request.reason());
    }
}
