package id.ntt110.stats.service;

import id.ntt110.problem.ProblemException;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
    public record Row(String key, long incoming, long answered, long unanswered, BigDecimal answerRate,
            BigDecimal answeredWithin10s, BigDecimal answeredWithinThreshold, BigDecimal avgSecondsToAnswer) {
    }

    public record Report(LocalDate from, LocalDate to, String timezone, String groupBy, int answerThresholdSeconds,
            List<Row> rows, Row total) {
    }

    private final AgroalDataSource dataSource;
    private final ReferenceData reference;
    private final String thresholdColumn;
    private final int threshold;

    public ReportService(AgroalDataSource dataSource, ReferenceData reference, StatsConfig config) {
        this.dataSource = dataSource;
        this.reference = reference;
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
        return new Report(from, to, WITA.getId(), groupBy, threshold, rows, row("TOTAL", total));
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
                share(sums[3], incoming), answered == 0 ? null : BigDecimal.valueOf(answerMs).divide(BigDecimal.valueOf(answered * 1000L), 1, RoundingMode.HALF_UP));
    }

    static BigDecimal share(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}
