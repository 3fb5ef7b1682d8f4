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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The queue of callers to call back: one item per number and desk while their missed calls wait, closed by an attempt
 * that reached them (or showed there is nothing to do), or by itself when the caller got through.
 */
@Path("/")
@Tag(name = "Call-back queue", description = "Callers whose calls no desk answered, one item per number and desk, until a "
        + "call back reaches them or they get through themselves; and how well desks call back.")
public class CallbackResource {

    static final String KPI_DESCRIPTION = "Per desk or WITA day of the first miss: missed callers, how their items closed, "
            + "what is still open, and how fast desks called back. From the daily rollup. Accept: text/csv gives the same "
            + "table as CSV.";
    static final String ITEM_ID = "The item's id.";
    static final String ITEM_NOT_FOUND = "There is no such item, or it is another desk's.";

    /** Whoever records an attempt is the signed-in user; a note is free text for the next person. */
    public record AttemptRequest(
            @Schema(description = "NO_ANSWER keeps the item open; every other outcome closes it.")
            @NotNull CallbackService.AttemptOutcome outcome,
            @Schema(nullable = true, description = "For the next person; blank means none.", example = "Caller is safe; no patrol needed")
            @Size(max = 1000) String note) {
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
    @Operation(summary = "List the call-back queue", description = "Items by oldest first miss; each filter may be left out.")
    @APIResponse(responseCode = "200", description = "One page of items.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallbackService.Page.class)))
    @APIResponse(responseCode = "403", description = DeskFilter.FORBIDDEN_DESCRIPTION)
    public CallbackService.Page listCallbacks(
            @Parameter(description = DeskFilter.UNIT_DESCRIPTION, example = "POLRES-BELU") @QueryParam("unit") String unit,
            @Parameter(description = "Open or closed items only.",
                    schema = @Schema(type = SchemaType.STRING, enumeration = {"OPEN", "CLOSED"})) @QueryParam("status") String status,
            @Parameter(description = "Items whose first miss fell on or after this WITA day, YYYY-MM-DD (2000-01-01 to 2100-12-31).",
                    example = "2021-09-08", schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(description = "… and on or before this one; not before from.", example = "2021-09-14",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to,
            @Parameter(description = "The page, from 0.", schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "1000000", defaultValue = "0")) @QueryParam("page") String page,
            @Parameter(description = "Items per page.", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "200", defaultValue = "20")) @QueryParam("size") String size) throws SQLException {
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
    @Operation(summary = "Read a call-back item")
    @APIResponse(responseCode = "200", description = "The item with its attempts.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallbackService.Item.class)))
    @APIResponse(responseCode = "404", description = ITEM_NOT_FOUND)
    public CallbackService.Item findCallbackById(@Parameter(description = ITEM_ID, schema = @Schema(type = SchemaType.INTEGER,
            format = "int64")) @PathParam("id") String id) throws SQLException {
        return callbacks.find(id(id), caller.confinedDesk().orElse(null));
    }

    /** {@code NO_ANSWER} keeps the item open; every other outcome closes it. Another desk's item is a 404. */
    @POST
    @Path("callbacks/{id}/attempts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "Record a call-back attempt", description = "By the signed-in user. NO_ANSWER keeps the item open; "
            + "every other outcome closes it. Of two people closing an item at once, one wins and the other gets the 409.")
    @APIResponse(responseCode = "200", description = "The item after the attempt.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallbackService.Item.class)))
    @APIResponse(responseCode = "404", description = ITEM_NOT_FOUND)
    @APIResponse(responseCode = "409", description = "The item is closed; a new missed call from the number opens a new item.")
    public CallbackService.Item recordCallbackAttempt(@Parameter(description = ITEM_ID, schema = @Schema(type = SchemaType.INTEGER,
            format = "int64")) @PathParam("id") String id, @Valid @NotNull AttemptRequest request)
            throws SQLException {
        String note = request.note() == null || request.note().isBlank() ? null : request.note().strip();
        return callbacks.attempt(id(id), caller.confinedDesk().orElse(null), request.outcome(), note, caller.name());
    }

    @GET
    @Path("stats/callbacks")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    @Operation(operationId = "getCallbackStats", summary = "Call-back statistics for WITA days", description = KPI_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The table: one row per group, and the total.", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallbackService.KpiReport.class)),
            @Content(mediaType = StatsResource.CSV, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "403", description = DeskFilter.FORBIDDEN_DESCRIPTION)
    public CallbackService.KpiReport getCallbackStats(
            @Parameter(description = StatsResource.FROM, required = true, example = "2021-09-08",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(description = StatsResource.TO, required = true, example = "2021-09-14",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to,
            @Parameter(description = "unit: each desk; day: each WITA day of the first miss.", schema = @Schema(
                    type = SchemaType.STRING, enumeration = {"unit", "day"}, defaultValue = "unit")) @QueryParam("groupBy") String groupBy,
            @Parameter(description = DeskFilter.UNIT_DESCRIPTION, example = "POLRES-BELU") @QueryParam("unit") String unit)
            throws SQLException {
        LocalDate fromDate = QueryParams.requiredDate("from", from);
        LocalDate toDate = QueryParams.requiredDate("to", to);
        QueryParams.checkRange(fromDate, toDate);
        String group = groupBy == null || groupBy.isBlank() ? "unit" : groupBy.strip();
        return callbacks.kpis(fromDate, toDate, group, DeskFilter.desk(unit, caller, reference));
    }

    /** The same table as CSV (Accept: text/csv). */
    @GET
    @Path("stats/callbacks")
    @Produces(StatsResource.CSV)
    @RolesAllowed({Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    @Operation(operationId = "getCallbackStats", summary = "Call-back statistics for WITA days", description = KPI_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The table: one row per group, and the total.", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallbackService.KpiReport.class)),
            @Content(mediaType = StatsResource.CSV, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "403", description = DeskFilter.FORBIDDEN_DESCRIPTION)
    public String getCallbackStatsCsv(
            @Parameter(description = StatsResource.FROM, required = true, example = "2021-09-08",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(description = StatsResource.TO, required = true, example = "2021-09-14",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to,
            @Parameter(description = "unit: each desk; day: each WITA day of the first miss.", schema = @Schema(
                    type = SchemaType.STRING, enumeration = {"unit", "day"}, defaultValue = "unit")) @QueryParam("groupBy") String groupBy,
            @Parameter(description = DeskFilter.UNIT_DESCRIPTION, example = "POLRES-BELU") @QueryParam("unit") String unit)
            throws SQLException {
        CallbackService.KpiReport report = getCallbackStats(from, to, groupBy, unit);
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
