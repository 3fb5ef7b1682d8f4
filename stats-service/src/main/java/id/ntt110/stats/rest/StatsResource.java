package id.ntt110.stats.rest;

import id.ntt110.security.Caller;
import id.ntt110.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.ntt110.problem.ProblemException;
import id.ntt110.problem.QueryParams;
import id.ntt110.reference.ReferenceData;
import id.ntt110.stats.service.IngestionService;
import id.ntt110.stats.service.ReportService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/")
@Tag(name = "Call statistics", description = "Call legs and routing decisions in; incoming, answered and unanswered calls "
        + "per desk and WITA period out.")
public class StatsResource {

    static final String FROM = "The first WITA day, YYYY-MM-DD (2000-01-01 to 2100-12-31).";
    static final String TO = "The last WITA day, inclusive; not before from.";
    static final String CSV = "text/csv";
    /** How deep GET /stats/unanswered pages: (page + 1) × size at most this. */
    static final int MAX_UNANSWERED_ROWS = 10_000;

    static final String GROUP_BY = "level: POLDA and POLRES (a polresta counts as a polres); unit: each desk; day: each "
            + "WITA day; hour: each hour of the WITA day (00–23); regency: the caller's regency, from routing decisions (else from the call's legs).";
    static final String CALLS_DESCRIPTION = "Incoming, answered and unanswered legs per group, from the hourly rollups. "
            + "groupBy=regency counts calls by the caller's regency and says which desk answered them (how many callers "
            + "from a pending polres' area Polda took): by routing-service's decision for the call when it delivered one, "
            + "otherwise by the regency the call's legs carry (calls only the SIP edge reported, e.g. while routing was "
            + "down; the first leg with a regency), else UNKNOWN; routedTo counts decisions only. groupBy=unit adds each desk's incident and prank counts from "
            + "incident-service when it answers (prankCounts). Accept: text/csv gives the same table as CSV.";

    static final String CDRS_DESCRIPTION = "A batch of up to 10,000 legs (stats.max-batch): a JSON array of legs, or "
            + "Asterisk's Master.csv (Content-Type: text/csv). Each leg is checked on its own: valid legs are stored even "
            + "when others in the batch are rejected, each rejected leg is listed with its index and errors, and a leg id "
            + "seen before counts as a duplicate and changes nothing. Only a body that is not a JSON array or not readable "
            + "CSV (e.g. a quote never closed), an empty or oversized one, or an unknown ?unit= is a 400.";
    static final String MASTER_CSV = "Asterisk's cdr_csv rows (Master.csv), without a header line: accountcode, src, dst, "
            + "dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer, end, duration, billsec, disposition, "
            + "amaflags, then uniqueid (cdr.conf loguniqueid=yes) and userfield (loguserfield=yes) — 16, 17 or 18 columns. "
            + "A first line naming the columns (accountcode,src,…) is read as a header, maps the columns by name and is "
            + "not a row (a file with userfield but no uniqueid needs one). Times are local times YYYY-MM-DD HH:MM:SS of "
            + "stats.cdr-csv.zone (WITA unless configured); an empty answer is no answer. Dispositions: ANSWERED, NO ANSWER, "
            + "BUSY, FAILED, CONGESTION (stored as FAILED). caller: src, else the number in clid. callId: asterisk-<uniqueid> "
            + "(every dial attempt of a call carries the caller channel's uniqueid); leg id: the callId and a hash of the "
            + "attempt's dstchannel, start and end — or, without a uniqueid, asterisk-<hash of the row> for both. Rows are "
            + "rejected by their index among the data rows (from 0, a header line and blank lines not counted), each error "
            + "naming its column (start, disposition, …; unit when no desk was found; row when its columns do not fit).";
    static final String MASTER_CSV_EXAMPLE = "\"\",\"081234567890\",\"110\",\"polres-belu\",\"\"\"Budi\"\" <081234567890>\","
            + "\"PJSIP/telkom-00000001\",\"PJSIP/polres-belu-00000002\",\"Dial\",\"PJSIP/polres-belu,10\","
            + "\"2026-12-03 10:00:00\",\"2026-12-03 10:00:05\",\"2026-12-03 10:01:05\",65,60,\"ANSWERED\",\"DOCUMENTATION\","
            + "\"1796263200.1\",\"\"\n";

    /** The documented shape of a leg in POST /cdrs: the endpoint reads the JSON itself, so that it can refuse leg by leg. */
    @Schema(description = "One leg of a call: its ringing at one desk.")
    public record Leg(
            @Schema(required = true, maxLength = 100, description = "Unique across batches: an id seen before is a duplicate.",
                    example = "1722571200.42-POLRES-BELU") String id,
            @Schema(required = true, maxLength = 100, description = "The call; the legs of one call share it.",
                    example = "c-20261203-0001") String callId,
            @Schema(required = true, maxLength = 40, description = "The desk that was rung.", example = "POLRES-BELU") String unit,
            @Schema(nullable = true, maxLength = 40, description = "The caller's number, national or E.164; absent when withheld.",
                    example = "+6281234567890") String caller,
            @Schema(required = true, description = "ISO-8601 with an offset, from 2000-01-01 to 30 days from now.") Instant startedAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time",
                    description = "Required when disposition is ANSWERED, absent otherwise; not before startedAt.") Instant answeredAt,
            @Schema(nullable = true, implementation = String.class, format = "date-time",
                    description = "Not before answeredAt (or startedAt).") Instant endedAt,
            @Schema(required = true, enumeration = {"ANSWERED", "NO_ANSWER", "BUSY", "ABANDONED", "FAILED"}) String disposition,
            @Schema(nullable = true, maxLength = 10, description = "The caller's regency (Kemendagri code) in the routing "
                    + "decision the leg followed, as the SIP edge knew it; a code NTT does not have is refused. groupBy=regency "
                    + "counts a call by it when routing-service delivered no decision for the call.", example = "53.04") String regency,
            @Schema(nullable = true, enumeration = {"GPS", "GPS_NEAREST", "CELL", "DECLARED", "NUMBER_PREFIX", "NONE"},
                    description = "How routing placed the caller (routing-service's locatedBy).") String locatedBy,
            @Schema(nullable = true, enumeration = {"DIRECT", "COVERING_UNIT_NOT_LIVE", "COVERING_UNIT_SUSPENDED",
                    "UNKNOWN_LOCATION", "OUTSIDE_AREA", "ROUTING_UNAVAILABLE"}, description = "Why the call went to the "
                    + "desk routing chose (routing-service's reason), or ROUTING_UNAVAILABLE: the edge sent it to Polda "
                    + "without an answer from routing.") String reason) {
    }

    /** The documented shape of a routing decision in POST /decisions, read like the legs. */
    @Schema(description = "A routing decision, as routing-service made it.")
    public record Decision(
            @Schema(required = true, maxLength = 100, description = "The call; a callId already stored changes nothing.",
                    example = "c-20261203-0001") String callId,
            @Schema(nullable = true, maxLength = 10, description = "The caller's regency (Kemendagri code), if routing placed them.",
                    example = "53.21") String regency,
            @Schema(nullable = true, maxLength = 40, description = "The desk that covers that regency.",
                    example = "POLRES-MALAKA") String coveringUnit,
            @Schema(required = true, maxLength = 40, description = "The desk the call was sent to.", example = "POLDA-NTT") String unit,
            @Schema(required = true, maxLength = 40, description = "Why (routing-service's reason).",
                    example = "COVERING_UNIT_NOT_LIVE") String reason,
            @Schema(required = true, description = "ISO-8601 with an offset, from 2000-01-01 to 30 days from now.") Instant decidedAt) {
    }

    private final IngestionService ingestion;
    private final ReportService reports;
    private final ReferenceData reference;
    private final ObjectMapper json;
    private final Caller caller;

    public StatsResource(IngestionService ingestion, ReportService reports, ReferenceData reference, ObjectMapper json,
            Caller caller) {
        this.ingestion = ingestion;
        this.reports = reports;
        this.reference = reference;
        this.json = json;
        this.caller = caller;
    }

    /** A batch of legs; each is accepted, a duplicate, or rejected with its index and errors. */
    @POST
    @Path("cdrs")
    @RolesAllowed({Roles.TELEPHONY, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest call legs", description = CDRS_DESCRIPTION)
    @RequestBody(required = true, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = Leg.class, minItems = 1, maxItems = 10_000)),
            @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING, description = MASTER_CSV), example = MASTER_CSV_EXAMPLE)})
    @Parameter(name = "unit", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING), example = "POLRES-BELU",
            description = "text/csv only: the desk of every row. Without it, each row's desk comes from "
            + "stats.cdr-csv.desks (dstchannel or channel prefix, else dcontext); a row with none is rejected.")
    @APIResponse(responseCode = "200", description = "What became of the legs.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestionService.Result.class)))
    @APIResponse(responseCode = "415", description = "The body is neither application/json nor text/csv.")
    public IngestionService.Result ingestCdrs(InputStream body) throws IOException, SQLException {
        return ingestion.ingestLegs(json.readTree(body));
    }

    /** The same from Asterisk's Master.csv (cdr_csv), one leg per row; documented with ingestCdrs, as one operation. */
    @POST
    @Path("cdrs")
    @RolesAllowed({Roles.TELEPHONY, Roles.ADMIN})
    @Consumes(CSV)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public IngestionService.Result ingestCdrsCsv(InputStream body, @QueryParam("unit") String unit)
            throws IOException, SQLException {
        return ingestion.ingestMasterCsv(body, unit);
    }

    @POST
    @Path("decisions")
    @RolesAllowed({Roles.SERVICE, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ingest routing decisions", description = "Internal: routing-service's delivery of its decisions, "
            + "inside the cluster only (the ingress does not route it). A batch of up to 10,000 decisions, idempotent by "
            + "callId; like the legs of POST /cdrs, each is stored, a duplicate or rejected with its index and errors.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = Decision.class, minItems = 1, maxItems = 10_000)))
    @APIResponse(responseCode = "200", description = "What became of the decisions.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestionService.Result.class)))
    public IngestionService.Result ingestDecisions(InputStream body) throws IOException, SQLException {
        return ingestion.ingestDecisions(json.readTree(body));
    }

    @GET
    @Path("stats/calls")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    @Operation(operationId = "getCallStats", summary = "Call statistics for WITA days", description = CALLS_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The table: one row per group, and the total.", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportService.Report.class)),
            @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "403", description = DeskFilter.FORBIDDEN_DESCRIPTION)
    public ReportService.Report getCallStats(
            @Parameter(description = FROM, required = true, example = "2021-07-10",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(description = TO, required = true, example = "2021-07-17",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to,
            @Parameter(description = GROUP_BY, schema = @Schema(type = SchemaType.STRING,
                    enumeration = {"level", "unit", "day", "hour", "regency"}, defaultValue = "unit")) @QueryParam("groupBy") String groupBy,
            @Parameter(description = DeskFilter.UNIT_DESCRIPTION, example = "POLRES-BELU") @QueryParam("unit") String unit)
            throws SQLException {
        LocalDate fromDate = QueryParams.requiredDate("from", from);
        LocalDate toDate = QueryParams.requiredDate("to", to);
        QueryParams.checkRange(fromDate, toDate);
        String desk = desk(unit);
        String group = groupBy == null || groupBy.isBlank() ? "unit" : groupBy.strip();
        if ("regency".equals(group)) {
            return reports.callsByRegency(fromDate, toDate, desk);
        }
        return reports.calls(fromDate, toDate, group, desk);
    }

    /** The same table as CSV (Accept: text/csv), for spreadsheets. */
    @GET
    @Path("stats/calls")
    @Produces(CSV)
    @RolesAllowed({Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    @Operation(operationId = "getCallStats", summary = "Call statistics for WITA days", description = CALLS_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The table: one row per group, and the total.", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportService.Report.class)),
            @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING))})
    @APIResponse(responseCode = "403", description = DeskFilter.FORBIDDEN_DESCRIPTION)
    public String getCallStatsCsv(
            @Parameter(description = FROM, required = true, example = "2021-07-10",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(description = TO, required = true, example = "2021-07-17",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to,
            @Parameter(description = GROUP_BY, schema = @Schema(type = SchemaType.STRING,
                    enumeration = {"level", "unit", "day", "hour", "regency"}, defaultValue = "unit")) @QueryParam("groupBy") String groupBy,
            @Parameter(description = DeskFilter.UNIT_DESCRIPTION, example = "POLRES-BELU") @QueryParam("unit") String unit)
            throws SQLException {
        ReportService.Report report = getCallStats(from, to, groupBy, unit);
        // With the threshold at 10 s its column is answeredWithin10s itself: one column per distinct name.
        boolean thresholdColumn = report.answerThresholdSeconds() != 10;
        StringBuilder csv = new StringBuilder("key,incoming,answered,unanswered,answerRate,answeredWithin10s,"
                + (thresholdColumn ? "answeredWithin" + report.answerThresholdSeconds() + "s," : "") + "avgSecondsToAnswer\r\n");
        for (ReportService.Row row : report.rows()) {
            csvRow(csv, row, thresholdColumn);
        }
        csvRow(csv, report.total(), thresholdColumn);
        return csv.toString();
    }

    private static void csvRow(StringBuilder csv, ReportService.Row row, boolean thresholdColumn) {
        csv.append(row.key()).append(',').append(row.incoming()).append(',').append(row.answered()).append(',')
                .append(row.unanswered()).append(',').append(plain(row.answerRate())).append(',')
                .append(plain(row.answeredWithin10s())).append(',');
        if (thresholdColumn) {
            csv.append(plain(row.answeredWithinThreshold())).append(',');
        }
        csv.append(plain(row.avgSecondsToAnswer())).append("\r\n");
    }

    static String plain(java.math.BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    /** Calls that no desk answered, newest first, one row per call (kept for compatibility: use GET /callbacks). */
    @GET
    @Path("stats/unanswered")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(summary = "List unanswered calls", description = "Calls no desk answered, newest first, one row per call. "
            + "Kept for older clients: GET /callbacks is the call-back queue, one item per number.")
    @APIResponse(responseCode = "200", description = "One page of calls.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ReportService.UnansweredPage.class)))
    @APIResponse(responseCode = "403", description = DeskFilter.FORBIDDEN_DESCRIPTION)
    public ReportService.UnansweredPage listUnanswered(
            @Parameter(description = FROM, required = true, example = "2021-07-10",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(description = TO, required = true, example = "2021-07-17",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to,
            @Parameter(description = DeskFilter.UNIT_DESCRIPTION, example = "POLRES-BELU") @QueryParam("unit") String unit,
            @Parameter(description = "The page, from 0. Pages reach the first " + MAX_UNANSWERED_ROWS + " calls of the "
                    + "period ((page + 1) × size at most that): beyond, narrow from and to.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "9999", defaultValue = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "Calls per page.", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                    maximum = "200", defaultValue = "20")) @QueryParam("size") String size)
            throws SQLException {
        LocalDate fromDate = QueryParams.requiredDate("from", from);
        LocalDate toDate = QueryParams.requiredDate("to", to);
        QueryParams.checkRange(fromDate, toDate);
        int pageNumber = QueryParams.integer("page", page, 0, 0, 1_000_000);
        int pageSize = QueryParams.integer("size", size, 20, 1, 200);
        // A deep offset reads and throws away every row before it: bounded, the period is the way further back.
        if ((long) (pageNumber + 1) * pageSize > MAX_UNANSWERED_ROWS) {
            throw ProblemException.invalid("page", "page " + pageNumber + " of " + pageSize + " reaches past the first "
                    + MAX_UNANSWERED_ROWS + " calls of the period; narrow from and to (or use GET /callbacks)");
        }
        return reports.unanswered(fromDate, toDate, desk(unit), pageNumber, pageSize);
    }

    private String desk(String unit) {
        return DeskFilter.desk(unit, caller, reference);
    }
}
