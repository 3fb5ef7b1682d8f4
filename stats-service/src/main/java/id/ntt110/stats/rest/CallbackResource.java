package id.ntt110.stats.rest;

import id.ntt110.problem.ProblemException;
import id.ntt110.problem.QueryParams;
import id.ntt110.reference.ReferenceData;
import id.ntt110.security.Caller;
import id.ntt110.security.Roles;
import id.ntt110.stats.service.CallbackService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * The queue of callers to call back: one item per number and desk while their missed calls wait, closed by an attempt
 * that reached them (or showed there is nothing to do), or by itself when the caller got through.
 */
@Path("/")
public class CallbackResource {

    /** Whoever records an attempt is the signed-in user; a note is free text for the next person. */
    public record AttemptRequest(@NotNull CallbackService.AttemptOutcome outcome, @Size(max = 1000) String note) {
    }

    private final CallbackService callbacks;
    private final ReferenceData reference;
    private final Caller caller;

    public CallbackResource(CallbackService callbacks, ReferenceData reference, Caller caller) {
        this.callbacks = callbacks;
        this.reference = reference;
        this.caller = caller;
    }

    @GET
    @Path("callbacks")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public CallbackService.Page listCallbacks(@QueryParam("unit") String unit, @QueryParam("status") String status,
            @QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("page") String page,
            @QueryParam("size") String size) throws SQLException {
        LocalDate fromDate = QueryParams.date("from", from);
        LocalDate toDate = QueryParams.date("to", to);
        QueryParams.checkRange(fromDate, toDate);
        return callbacks.list(DeskFilter.desk(unit, caller, reference),
                QueryParams.enumValue("status", status, CallbackService.Status.class), fromDate, toDate,
                QueryParams.integer("page", page, 0, 0, 1_000_000), QueryParams.integer("size", size, 20, 1, 200));
    }

    @GET
    @Path("callbacks/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public CallbackService.Item findCallbackById(@PathParam("id") String id) throws SQLException {
        return callbacks.find(id(id), caller.confinedDesk().orElse(null));
    }

    /** {@code NO_ANSWER} keeps the item open; every other outcome closes it. Another desk's item is a 404. */
    @POST
    @Path("callbacks/{id}/attempts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    public CallbackService.Item recordCallbackAttempt(@PathParam("id") String id, @Valid @NotNull AttemptRequest request)
            throws SQLException {
        String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
        return callbacks.attempt(id(id), caller.confinedDesk().orElse(null), request.outcome(), note, caller.name());
    }

    @GET
    @Path("stats/callbacks")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    public CallbackService.KpiReport callbackStats(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy, @QueryParam("unit") String unit) throws SQLException {
        LocalDate fromDate = QueryParams.requiredDate("from", from);
        LocalDate toDate = QueryParams.requiredDate("to", to);
        QueryParams.checkRange(fromDate, toDate);
        String group = groupBy == null || groupBy.isBlank() ? "unit" : groupBy.strip();
        return callbacks.kpis(fromDate, toDate, group, DeskFilter.desk(unit, caller, reference));
    }

    /** The same table as CSV (Accept: text/csv). */
    @GET
    @Path("stats/callbacks")
    @Produces("text/csv")
    @RolesAllowed({Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    public String callbackStatsCsv(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy, @QueryParam("unit") String unit) throws SQLException {
        CallbackService.KpiReport report = callbackStats(from, to, groupBy, unit);
        StringBuilder csv = new StringBuilder("key,missedCallers,withheld,selfResolved,reached,closedOther,open,"
                + "medianMinutesToFirstAttempt,calledBackWithin15Min\r\n");
        for (CallbackService.KpiRow row : report.rows()) {
            csvRow(csv, row);
        }
        csvRow(csv, report.total());
        return csv.toString();
    }

    private static void csvRow(StringBuilder csv, CallbackService.KpiRow row) {
        csv.append(row.key()).append(',').append(row.missedCallers()).append(',').append(row.withheld()).append(',')
                .append(row.selfResolved()).append(',').append(row.reached()).append(',').append(row.closedOther()).append(',')
                .append(row.open()).append(',').append(StatsResource.plain(row.medianMinutesToFirstAttempt())).append(',')
                .append(StatsResource.plain(row.calledBackWithin15Min())).append("\r\n");
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("No call-back item '" + (id.length() > 40 ? id.substring(0, 40) + "…" : id)
                    + "': item ids are whole numbers.");
        }
    }
}
