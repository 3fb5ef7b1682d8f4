package id.ntt110.stats.rest;

import id.ntt110.security.Caller;
import id.ntt110.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.LocalDate;

@Path("/")
public class StatsResource {

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
    public IngestionService.Result ingestCdrs(InputStream body) throws IOException, SQLException {
        return ingestion.ingestLegs(json.readTree(body));
    }

    @POST
    @Path("decisions")
    @RolesAllowed({Roles.SERVICE, Roles.ADMIN})
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public IngestionService.Result ingestDecisions(InputStream body) throws IOException, SQLException {
        return ingestion.ingestDecisions(json.readTree(body));
    }

    @GET
    @Path("stats/calls")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    public ReportService.Report calls(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy, @QueryParam("unit") String unit) throws SQLException {
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
    @Produces("text/csv")
    @RolesAllowed({Roles.SUPERVISOR, Roles.PROGRAM_MANAGER, Roles.SERVICE, Roles.ADMIN})
    public String callsCsv(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("groupBy") String groupBy, @QueryParam("unit") String unit) throws SQLException {
        ReportService.Report report = calls(from, to, groupBy, unit);
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
    public ReportService.UnansweredPage unanswered(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("unit") String unit, @QueryParam("page") String page, @QueryParam("size") String size)
            throws SQLException {
        LocalDate fromDate = QueryParams.requiredDate("from", from);
        LocalDate toDate = QueryParams.requiredDate("to", to);
        QueryParams.checkRange(fromDate, toDate);
        return reports.unanswered(fromDate, toDate, desk(unit),
                QueryParams.integer("page", page, 0, 0, 1_000_000), QueryParams.integer("size", size, 20, 1, 200));
    }

    private String desk(String unit) {
        return DeskFilter.desk(unit, caller, reference);
    }
}
