package id.ntt110.stats.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import id.ntt110.problem.ProblemException;
import id.ntt110.stats.client.IncidentClient;
import id.ntt110.stats.client.IncidentCountsApi;
import id.ntt110.reference.ReferenceData;
import id.ntt110.reference.UnitKind;
import id.ntt110.stats.config.StatsConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Call statistics for WITA date ranges, read from the hourly rollups (never from a scan over raw legs). */
@ApplicationScoped
public class ReportService {

    public static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    private static final Set<Integer> THRESHOLDS = Set.of(5, 10, 15, 20, 30, 60);

    /** One line of a report. */
    /**
     * @param answeredWithin10s share of incoming legs answered within 10 s (the national rule)
     * @param answeredWithinThreshold the same for {@code stats.answer-threshold-seconds} (10 unless configured)
     */
    public record Row(
            @Schema(required = true, description = "The group: a desk code, POLDA or POLRES, a WITA day (YYYY-MM-DD), an hour "
                    + "of the WITA day (00–23), or a regency code (UNKNOWN when routing did not place the caller); TOTAL in "
                    + "total.", example = "POLRES-BELU") String key,
            @Schema(required = true, minimum = "0", description = "Legs that rang (for groupBy=regency: calls).") long incoming,
            @Schema(required = true, minimum = "0") long answered,
            @Schema(required = true, minimum = "0") long unanswered,
            @Schema(required = true, nullable = true, minimum = "0", maximum = "1",
                    description = "answered / incoming, 4 decimals; null when nothing came in.") BigDecimal answerRate,
            @Schema(required = true, nullable = true, minimum = "0", maximum = "1",
                    description = "Share answered within 10 s (the national rule); null when nothing came in.") BigDecimal answeredWithin10s,
            @Schema(required = true, nullable = true, minimum = "0", maximum = "1", description = "The same within "
                    + "answerThresholdSeconds; null when nothing came in.") BigDecimal answeredWithinThreshold,
            @Schema(required = true, nullable = true, minimum = "0",
                    description = "Mean seconds to answer, 1 decimal; null when nothing was answered.") BigDecimal avgSecondsToAnswer,
            @Schema(description = "groupBy=regency only: answered calls by the desk that answered them.")
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> answeredBy,
            @Schema(description = "groupBy=regency only: calls by the desk routing sent them to, answered or not (calls with "
                    + "no recorded decision are in no entry); routedTo.POLDA-NTT of a pending polres' regency is its "
                    + "fallback demand.")
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> routedTo,
            @Schema(minimum = "0", description = "groupBy=unit with prankCounts AVAILABLE only: incidents the desk recorded.")
            @JsonInclude(JsonInclude.Include.NON_NULL) Long incidents,
            @Schema(minimum = "0", description = "groupBy=unit with prankCounts AVAILABLE only: of those, pranks.")
            @JsonInclude(JsonInclude.Include.NON_NULL) Long pranks,
            @Schema(minimum = "0", maximum = "1", description = "pranks / incidents, when there were incidents.")
            @JsonInclude(JsonInclude.Include.NON_NULL) BigDecimal prankShare) {

        Row withAnsweredBy(Map<String, Long> byUnit, Map<String, Long> routedToUnit) {
            return new Row(key, incoming, answered, unanswered, answerRate, answeredWithin10s, answeredWithinThreshold,
                    avgSecondsToAnswer, byUnit, routedToUnit, incidents, pranks, prankShare);
        }

        Row withPranks(long incidentCount, long prankCount) {
            return new Row(key, incoming, answered, unanswered, answerRate, answeredWithin10s, answeredWithinThreshold,
                    avgSecondsToAnswer, answeredBy, routedTo, incidentCount, prankCount, share(prankCount, incidentCount));
        }
    }

    /** {@code prankCounts}: AVAILABLE or UNAVAILABLE (incident-service down) for groupBy=unit, else absent. */
    public record Report(
            @Schema(required = true) LocalDate from,
            @Schema(required = true) LocalDate to,
            @Schema(required = true, enumeration = "Asia/Makassar", description = "Days and hours are WITA.") String timezone,
            @Schema(required = true, enumeration = {"level", "unit", "day", "hour", "regency"}) String groupBy,
            @Schema(required = true, enumeration = {"5", "10", "15", "20", "30", "60"},
                    description = "The threshold of answeredWithinThreshold (stats.answer-threshold-seconds).") int answerThresholdSeconds,
            @Schema(required = true, description = "One row per group that had calls, in key order.") List<Row> rows,
            @Schema(required = true) Row total,
            @Schema(enumeration = {"AVAILABLE", "UNAVAILABLE"}, description = "groupBy=unit only: whether incident-service "
                    + "gave the incident and prank counts (UNAVAILABLE: it did not answer, the rows have none).")
            @JsonInclude(JsonInclude.Include.NON_NULL) String prankCounts) {
    }

    private final AgroalDataSource dataSource;
    private final ReferenceData reference;
    private final IncidentClient incidents;
    private final String thresholdColumn;
    private final int threshold;

    public ReportService(AgroalDataSource dataSource, ReferenceData reference, StatsConfig config, IncidentClient incidents) {
        this.dataSource = dataSource;
        this.reference = reference;
        this.incidents = incidents;
        this.threshold = config.answerThresholdSeconds();
        if (!THRESHOLDS.contains(threshold)) {
            throw new IllegalStateException("stats.answer-threshold-seconds must be one of " + THRESHOLDS + ", not " + threshold);
        }
        this.thresholdColumn = "answered_le_" + threshold;
    }

    /** groupBy: level, unit, day or hour (hour of the WITA day, 00–23). */
    public Report calls(LocalDate from, LocalDate to, String groupBy, String unit) throws SQLException {
        String key = switch (groupBy) {
            case "unit", "level" -> "unit";
            case "day" -> "to_char(hour AT TIME ZONE 'Asia/Makassar', 'YYYY-MM-DD')";
            case "hour" -> "to_char(hour AT TIME ZONE 'Asia/Makassar', 'HH24')";
            case "regency" -> throw new IllegalArgumentException("use callsByRegency");
            default -> throw ProblemException.invalid("groupBy", "must be one of level, unit, day, hour, regency");
        };
        String sql = "SELECT " + key + " AS key, sum(incoming), sum(answered), sum(answered_le_10), sum(" + thresholdColumn + "), sum(answer_ms_sum)"
                + " FROM leg_rollup_hourly WHERE hour >= ? AND hour < ?" + (unit == null ? "" : " AND unit = ?")
                + " GROUP BY 1 ORDER BY 1";
        Map<String, long[]> sums = new TreeMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setTimestamp(1, Timestamp.from(start(from)));
            query.setTimestamp(2, Timestamp.from(start(to.plusDays(1))));
            if (unit != null) {
                query.setString(3, unit);
            }
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    String k = "level".equals(groupBy) ? level(row.getString(1)) : row.getString(1);
                    long[] s = sums.computeIfAbsent(k, x -> new long[5]);
                    for (int i = 0; i < 5; i++) {
                        s[i] += row.getLong(i + 2);
                    }
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        long[] total = new long[5];
        sums.forEach((k, s) -> {
            rows.add(row(k, s));
            for (int i = 0; i < 5; i++) {
                total[i] += s[i];
            }
        });
        Row totalRow = row("TOTAL", total);
        if (!"unit".equals(groupBy)) {
            return new Report(from, to, WITA.getId(), groupBy, threshold, rows, totalRow, null);
        }
        Optional<List<IncidentCountsApi.CountRow>> counts = incidents.countsByUnit(from, to);
        if (counts.isEmpty()) {
            return new Report(from, to, WITA.getId(), groupBy, threshold, rows, totalRow, "UNAVAILABLE");
        }
        // incident-service answered stats-service's own (province-wide) request: a one-desk report counts that desk only.
        List<IncidentCountsApi.CountRow> counted = counts.get().stream().filter(c -> unit == null || unit.equals(c.key())).toList();
        Map<String, IncidentCountsApi.CountRow> byUnit = new HashMap<>();
        counted.forEach(c -> byUnit.put(c.key(), c));
        // A desk that recorded incidents but took no call in the period still gets its row, so the rows add up to the total.
        Map<String, Row> shown = new TreeMap<>();
        rows.forEach(r -> shown.put(r.key(), r));
        byUnit.keySet().forEach(k -> shown.computeIfAbsent(k, x -> row(x, new long[5])));
        List<Row> withPranks = shown.values().stream().map(r -> {
            IncidentCountsApi.CountRow c = byUnit.get(r.key());
            return r.withPranks(c == null ? 0 : c.count(), c == null ? 0 : c.prank());
        }).toList();
        long allIncidents = counted.stream().mapToLong(IncidentCountsApi.CountRow::count).sum();
        long allPranks = counted.stream().mapToLong(IncidentCountsApi.CountRow::prank).sum();
        return new Report(from, to, WITA.getId(), groupBy, threshold, withPranks, totalRow.withPranks(allIncidents, allPranks),
                "AVAILABLE");
    }

    /**
     * Calls by the caller's regency (from routing decisions, by decision time) and which desk answered them — how
     * many callers from a pending polres' area Polda took. A call is judged by all its legs (callback_call merges
     * them): answered if any desk answered, its wait counted from its first leg, so a caller who rang out 10 s at Alor
     * and waited 3 s at Polda waited 13 s. A call with legs but no recorded decision (the edge's fallback while routing
     * was down, a decision lost) is placed, by its first leg's start, in the regency its legs carry (the decision as
     * the edge knew it); calls routing placed nowhere, and undecided calls whose legs carry no regency, are UNKNOWN.
     * {@code unit}: only the calls routed to or rung at that desk (a polres user's view), or null for all.
     */
    public Report callsByRegency(LocalDate from, LocalDate to, String unit) throws SQLException {
        String sql = """
                WITH calls AS (
                    SELECT d.regency, d.unit AS routed_to, c.answered, c.answered_unit,
                           extract(epoch FROM c.answered_at - c.started_at) AS wait_s
                    FROM routing_decision d LEFT JOIN callback_call c ON c.call_id = d.call_id
                    WHERE d.decided_at >= ? AND d.decided_at < ?
                      AND (CAST(? AS text) IS NULL OR d.unit = ? OR ? = ANY (c.units))
                    UNION ALL
                    SELECT l.regency, NULL, c.answered, c.answered_unit, extract(epoch FROM c.answered_at - c.started_at)
                    FROM callback_call c
                    -- the first of its legs that carries a regency (ties: the smaller desk code), whatever their order
                    LEFT JOIN LATERAL (
                        SELECT regency FROM call_leg
                        WHERE call_id = c.call_id AND started_at >= c.started_at AND regency IS NOT NULL
                        ORDER BY started_at, unit LIMIT 1) l ON true
                    WHERE c.started_at >= ? AND c.started_at < ?
                      AND (CAST(? AS text) IS NULL OR ? = ANY (c.units))
                      AND NOT EXISTS (SELECT 1 FROM routing_decision d WHERE d.call_id = c.call_id)
                )
                SELECT coalesce(regency, 'UNKNOWN'), CASE WHEN answered THEN answered_unit END, count(*),
                       count(*) FILTER (WHERE answered), count(*) FILTER (WHERE answered AND wait_s <= 10),
                       count(*) FILTER (WHERE answered AND wait_s <= ?),
                       coalesce(round(sum(wait_s) FILTER (WHERE answered) * 1000), 0), routed_to
                FROM calls GROUP BY 1, 2, routed_to""";
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, Map<String, Long>> answeredBy = new TreeMap<>();
        Map<String, Map<String, Long>> routedTo = new TreeMap<>();
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            Timestamp lower = Timestamp.from(start(from));
            Timestamp upper = Timestamp.from(start(to.plusDays(1)));
            query.setTimestamp(1, lower);
            query.setTimestamp(2, upper);
            query.setString(3, unit);
            query.setString(4, unit);
            query.setString(5, unit);
            query.setTimestamp(6, lower);
            query.setTimestamp(7, upper);
            query.setString(8, unit);
            query.setString(9, unit);
            query.setInt(10, threshold);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    String regency = row.getString(1);
                    long[] s = sums.computeIfAbsent(regency, x -> new long[5]);
                    for (int i = 0; i < 5; i++) {
                        s[i] += row.getLong(i + 3);
                    }
                    if (row.getString(2) != null) {
                        answeredBy.computeIfAbsent(regency, x -> new TreeMap<>()).merge(row.getString(2), row.getLong(4), Long::sum);
                    }
                    Map<String, Long> routed = routedTo.computeIfAbsent(regency, x -> new TreeMap<>());
                    if (row.getString(8) != null) {
                        routed.merge(row.getString(8), row.getLong(3), Long::sum);
                    }
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        long[] total = new long[5];
        sums.forEach((k, s) -> {
            rows.add(row(k, s).withAnsweredBy(answeredBy.getOrDefault(k, Map.of()), routedTo.getOrDefault(k, Map.of())));
            for (int i = 0; i < 5; i++) {
                total[i] += s[i];
            }
        });
        return new Report(from, to, WITA.getId(), "regency", threshold, rows, row("TOTAL", total), null);
    }

    /** Calls no desk answered, newest first: who to call back. */
    public record Unanswered(
            @Schema(required = true, example = "c-20261203-0001") String callId,
            @Schema(required = true, nullable = true, description = "The number as the legs gave it; null when withheld.",
                    example = "+6281234567890") String caller,
            @Schema(required = true, description = "The last desk the call rang.", example = "POLRES-BELU") String unit,
            @Schema(required = true, description = "When its first leg started.") Instant startedAt,
            @Schema(required = true, enumeration = {"NO_ANSWER", "BUSY", "ABANDONED", "FAILED"},
                    description = "How its last leg ended.") String disposition) {
    }

    public record UnansweredPage(
            @Schema(required = true, description = "Newest first.") List<Unanswered> items,
            @Schema(required = true, minimum = "0") int page,
            @Schema(required = true, minimum = "1", maximum = "200") int size,
            @Schema(required = true, minimum = "0", description = "Unanswered calls in the range, over all pages.") long total) {
    }

    /**
     * A call is in the period by its first leg and unanswered when none of its legs was answered, whenever they came:
     * a call that rang out at 23:59:55 WITA and was answered at 00:00:05 on its overflow is not a missed call.
     */
    public UnansweredPage unanswered(LocalDate from, LocalDate to, String unit, int page, int size) throws SQLException {
        String sql = """
                WITH page AS (
                    SELECT call_id, started_at, count(*) OVER () AS total FROM callback_call
                    WHERE NOT answered AND started_at >= ? AND started_at < ?""" + (unit == null ? "" : " AND ? = ANY (units)") + """
                    ORDER BY started_at DESC, call_id
                    LIMIT ? OFFSET ?
                )
                SELECT p.call_id, l.caller, l.unit, p.started_at, l.disposition, p.total
                FROM page p CROSS JOIN LATERAL (
                    SELECT max(caller) AS caller, (array_agg(unit ORDER BY started_at DESC))[1] AS unit,
                           (array_agg(disposition ORDER BY started_at DESC))[1] AS disposition
                    FROM call_leg WHERE call_id = p.call_id AND started_at >= p.started_at) l
                ORDER BY p.started_at DESC, p.call_id""";
        List<Unanswered> items = new ArrayList<>();
        long total = 0;
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            int i = 1;
            query.setTimestamp(i++, Timestamp.from(start(from)));
            query.setTimestamp(i++, Timestamp.from(start(to.plusDays(1))));
            if (unit != null) {
                query.setString(i++, unit);
            }
            query.setInt(i++, size);
            query.setLong(i, (long) page * size);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    items.add(new Unanswered(row.getString(1), row.getString(2), row.getString(3),
                            row.getTimestamp(4).toInstant(), row.getString(5)));
                    total = row.getLong(6);
                }
            }
        }
        if (items.isEmpty() && page > 0) {
            total = unanswered(from, to, unit, 0, 1).total();
        }
        return new UnansweredPage(items, page, size, total);
    }

    /** POLDA or POLRES (a polresta counts as a polres). */
    private String level(String unit) {
        return reference.unit(unit).map(u -> u.kind() == UnitKind.POLDA ? "POLDA" : "POLRES").orElse("UNKNOWN");
    }

    public static Instant start(LocalDate day) {
        return day.atStartOfDay(WITA).toInstant();
    }

    /** sums: incoming, answered, answered within 10 s, within the threshold, answer milliseconds. */
    static Row row(String key, long[] sums) {
        long incoming = sums[0];
        long answered = sums[1];
        long answerMs = sums[4];
        return new Row(key, incoming, answered, incoming - answered, share(answered, incoming), share(sums[2], incoming),
                share(sums[3], incoming), answered == 0 ? null : BigDecimal.valueOf(answerMs).divide(BigDecimal.valueOf(answered * 1000L), 1, RoundingMode.HALF_UP),
                null, null, null, null, null);
    }

    static BigDecimal share(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}
