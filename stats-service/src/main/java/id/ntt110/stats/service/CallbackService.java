package id.ntt110.stats.service;

import id.ntt110.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The call-back queue as desks see it: its items, the attempts people record, and how well desks call back. */
@ApplicationScoped
public class CallbackService {

    public enum Status { OPEN, CLOSED }

    /** What an attempt to call back came to; all but {@code NO_ANSWER} close the item. */
    public enum AttemptOutcome { REACHED, NO_ANSWER, WRONG_NUMBER, PRANK, NOT_NEEDED }

    public record Attempt(
            @Schema(required = true) Instant at,
            @Schema(required = true, description = "Who recorded it (from their token).") String by,
            @Schema(required = true, enumeration = {"REACHED", "NO_ANSWER", "WRONG_NUMBER", "PRANK", "NOT_NEEDED"}) String outcome,
            @Schema(required = true, nullable = true, example = "Caller is safe; no patrol needed") String note) {
    }

    /**
     * The answered call that closed an item by itself ({@code CALLER_GOT_THROUGH}). Nullable as a whole: OpenAPI 3.0
     * validators reach it through a $ref, where a nullable on the property alone does not let null through.
     */
    @Schema(nullable = true, description = "The answered call that closed the item (outcome CALLER_GOT_THROUGH).")
    public record GotThrough(
            @Schema(required = true, example = "c-20261203-0002") String callId,
            @Schema(required = true, description = "The desk that answered it.", example = "POLDA-NTT") String unit,
            @Schema(required = true, description = "When it was answered.") Instant at) {
    }

    public record Item(
            @Schema(required = true) long id,
            @Schema(required = true, description = "The number to call back, E.164.", example = "+6281234567890") String caller,
            @Schema(required = true, description = "The desk whose queue holds it.", example = "POLRES-BELU") String unit,
            @Schema(required = true) Instant firstMissedAt,
            @Schema(required = true) Instant lastMissedAt,
            @Schema(required = true, minimum = "0", description = "Missed calls from the number it stands for; 0 when later "
                    + "legs showed them answered after attempts were recorded.") int missedCalls,
            @Schema(required = true, description = "Every desk those calls rang.") List<String> desksRung,
            @Schema(required = true, enumeration = {"OPEN", "CLOSED"}) String status,
            @Schema(required = true, nullable = true, enumeration = {"CALLER_GOT_THROUGH", "REACHED", "WRONG_NUMBER", "PRANK", "NOT_NEEDED"},
                    description = "Why it closed; null while open.") String outcome,
            @Schema(required = true, nullable = true, implementation = String.class, format = "date-time",
                    description = "Null while open.") Instant closedAt,
            @Schema(required = true, nullable = true, description = "Who closed it: the user who recorded the closing attempt, "
                    + "or system when the caller got through; null while open.") String closedBy,
            @Schema(required = true, nullable = true, description = "Null unless a later answered call closed it.") GotThrough gotThrough,
            @Schema(required = true, description = "Oldest first.") List<Attempt> attempts) {
    }

    public record Page(
            @Schema(required = true, description = "Oldest first miss first.") List<Item> items,
            @Schema(required = true, minimum = "0") int page,
            @Schema(required = true, minimum = "1", maximum = "200") int size,
            @Schema(required = true, minimum = "0", description = "Items that match the filters, over all pages.") long total) {
    }

    /**
     * One line of {@code GET /stats/callbacks}.
     *
     * @param medianMinutesToFirstAttempt over the items with an attempt, estimated from the rollup's histogram (within
     *        half a bucket of the exact median: 30 s below 10 minutes, 2.5 minutes below an hour)
     * @param calledBackWithin15Min share (0–1) of the items not self-resolved whose first attempt came at most 15
     *        minutes after the first miss; null when there are none
     */
    public record KpiRow(
            @Schema(required = true, description = "A desk code or a WITA day (YYYY-MM-DD); TOTAL in total.",
                    example = "POLRES-BELU") String key,
            @Schema(required = true, minimum = "0", description = "Items (one per number and desk) whose first miss fell in the period.") long missedCallers,
            @Schema(required = true, minimum = "0", description = "Missed calls that carried no number to call back.") long withheld,
            @Schema(required = true, minimum = "0", description = "Items the caller closed by getting through (CALLER_GOT_THROUGH).")
            long selfResolved,
            @Schema(required = true, minimum = "0", description = "Items closed as REACHED.") long reached,
            @Schema(required = true, minimum = "0", description = "Items closed as WRONG_NUMBER, PRANK or NOT_NEEDED.") long closedOther,
            @Schema(required = true, minimum = "0") long open,
            @Schema(required = true, nullable = true, minimum = "0", description = "Median minutes from the first miss to the "
                    + "first attempt, over the items with an attempt (within half a histogram bucket); null when none.")
            BigDecimal medianMinutesToFirstAttempt,
            @Schema(required = true, nullable = true, minimum = "0", maximum = "1", description = "Share of the items not "
                    + "self-resolved whose first attempt came within 15 minutes of the first miss; null when there are none.")
            BigDecimal calledBackWithin15Min) {
    }

    public record KpiReport(
            @Schema(required = true) LocalDate from,
            @Schema(required = true) LocalDate to,
            @Schema(required = true, enumeration = "Asia/Makassar") String timezone,
            @Schema(required = true, enumeration = {"unit", "day"}) String groupBy,
            @Schema(required = true, description = "One row per group with items, in key order.") List<KpiRow> rows,
            @Schema(required = true) KpiRow total) {
    }

    private static final String ITEM_COLUMNS = """
            id, caller, unit, first_missed_at, last_missed_at, missed_calls, desks_rung, status, outcome, closed_at,
            closed_by, got_through_call, got_through_unit""";

    private final AgroalDataSource dataSource;

    public CallbackService(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Oldest first miss first; {@code unit}, {@code status}, {@code from}/{@code to} (WITA days) may each be null. */
    public Page list(String unit, Status status, LocalDate from, LocalDate to, int page, int size) throws SQLException {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> args = new ArrayList<>();
        if (unit != null) {
            where.append(" AND unit = ?");
            args.add(unit);
        }
        if (status != null) {
            // Literal, so that the planner can use the partial index of open items.
            where.append(status == Status.OPEN ? " AND status = 'OPEN'" : " AND status = 'CLOSED'");
        }
        if (from != null) {
            where.append(" AND first_missed_at >= ?");
            args.add(Timestamp.from(ReportService.start(from)));
        }
        if (to != null) {
            where.append(" AND first_missed_at < ?");
            args.add(Timestamp.from(ReportService.start(to.plusDays(1))));
        }
        try (Connection connection = dataSource.getConnection()) {
            List<Item> items = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ITEM_COLUMNS + " FROM callback_item"
                    + where + " ORDER BY first_missed_at, id LIMIT ? OFFSET ?")) {
                int i = bind(select, args);
                select.setInt(i++, size);
                select.setLong(i, (long) page * size);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        items.add(item(row, List.of()));
                    }
                }
            }
            return new Page(withAttempts(connection, items), page, size, total(connection, unit, status, from, to));
        }
    }

    /** The item, or a 404 when it does not exist or is another desk's ({@code deskFilter} non-null). */
    public Item find(long id, String deskFilter) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, id, deskFilter, false);
        }
    }

    /**
     * Records an attempt by {@code actor}; a 409 when the item is closed — also when someone else closed it a moment
     * ago: attempts on one number are serialised, so of two people closing at once one wins and the other is told.
     */
    public Item attempt(long id, String deskFilter, AttemptOutcome outcome, String note, String actor) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Item before = find(connection, id, deskFilter, false);
                CallbackQueue.lockNumber(connection, before.caller());
                Item item = find(connection, id, deskFilter, true);
                if ("CLOSED".equals(item.status())) {
                    throw ProblemException.conflict("Call-back item " + id + " is already closed (" + item.outcome()
                            + " at " + item.closedAt() + " by " + item.closedBy() + "); attempts are recorded on open items only."
                            + " A new missed call from the number opens a new item.");
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO callback_attempt (item_id, by, outcome, note) VALUES (?, ?, ?, ?) RETURNING at")) {
                    insert.setLong(1, id);
                    insert.setString(2, actor);
                    insert.setString(3, outcome.name());
                    insert.setString(4, note);
                    insert.executeQuery().close();
                }
                boolean closes = outcome != AttemptOutcome.NO_ANSWER;
                try (PreparedStatement update = connection.prepareStatement("""
                        UPDATE callback_item SET attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, now()),
                               updated_at = now(),
                               status = CASE WHEN ? THEN 'CLOSED' ELSE status END,
                               outcome = CASE WHEN ? THEN ? ELSE outcome END,
                               closed_at = CASE WHEN ? THEN now() ELSE closed_at END,
                               closed_by = CASE WHEN ? THEN ? ELSE closed_by END
                        WHERE id = ?""")) {
                    update.setBoolean(1, closes);
                    update.setBoolean(2, closes);
                    update.setString(3, outcome.name());
                    update.setBoolean(4, closes);
                    update.setBoolean(5, closes);
                    update.setString(6, actor);
                    update.setLong(7, id);
                    update.executeUpdate();
                }
                Item after = find(connection, id, deskFilter, false);
                CallbackRollup rollup = new CallbackRollup();
                rollup.count(-1, item.unit(), item.firstMissedAt(), item.status(), item.outcome(), firstAttempt(item));
                rollup.count(1, after.unit(), after.firstMissedAt(), after.status(), after.outcome(), firstAttempt(after));
                rollup.write(connection);
                connection.commit();
                return after;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static Instant firstAttempt(Item item) {
        return item.attempts().isEmpty() ? null : item.attempts().getFirst().at();
    }

    private Item find(Connection connection, long id, String deskFilter, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + ITEM_COLUMNS
                + " FROM callback_item WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || (deskFilter != null && !deskFilter.equals(row.getString(3)))) {
                    throw ProblemException.notFound("No call-back item " + id + (deskFilter == null ? "" : " at " + deskFilter) + ".");
                }
                return withAttempts(connection, List.of(item(row, List.of()))).getFirst();
            }
        }
    }

    /**
     * KPIs of the items whose first miss fell in the WITA days {@code from}–{@code to}, by desk or by day, with a total
     * row; {@code unit} null for every desk. From the daily rollup (and the withheld calls' index): a month costs a few
     * hundred rows whatever the volume.
     */
    public KpiReport kpis(LocalDate from, LocalDate to, String groupBy, String unit) throws SQLException {
        String rollupKey;
        String callKey;
        switch (groupBy) {
            case "unit" -> {
                rollupKey = "unit";
                callKey = "first_unit";
            }
            case "day" -> {
                rollupKey = "to_char(day, 'YYYY-MM-DD')";
                callKey = "to_char(started_at AT TIME ZONE 'Asia/Makassar', 'YYYY-MM-DD')";
            }
            default -> throw ProblemException.invalid("groupBy", "must be one of unit, day");
        }
        // per key: missedCallers, withheld, selfResolved, reached, closedOther, open, notSelfResolved, within15, histogram
        int width = 8 + CallbackRollup.BUCKETS;
        Map<String, long[]> sums = new TreeMap<>();
        long[] total = new long[width];
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement query = connection.prepareStatement("SELECT " + rollupKey + ", missed_callers, self_resolved,"
                    + " reached, closed_other, open, not_self_resolved, within_15_min, wait_hist FROM callback_rollup_daily"
                    + " WHERE day >= ? AND day <= ?" + (unit == null ? "" : " AND unit = ?"))) {
                query.setDate(1, java.sql.Date.valueOf(from));
                query.setDate(2, java.sql.Date.valueOf(to));
                if (unit != null) {
                    query.setString(3, unit);
                }
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        long[] c = sums.computeIfAbsent(row.getString(1), k -> new long[width]);
                        c[0] += row.getLong(2);
                        for (int i = 2; i < 8; i++) {
                            c[i] += row.getLong(i + 1);
                        }
                        Long[] hist = (Long[]) row.getArray(9).getArray();
                        for (int b = 0; b < hist.length; b++) {
                            c[8 + b] += hist[b];
                        }
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT " + callKey + ", count(*) FROM callback_call"
                    + " WHERE caller IS NULL AND NOT answered AND started_at >= ? AND started_at < ?"
                    + (unit == null ? "" : " AND first_unit = ?") + " GROUP BY 1")) {
                query.setTimestamp(1, Timestamp.from(ReportService.start(from)));
                query.setTimestamp(2, Timestamp.from(ReportService.start(to.plusDays(1))));
                if (unit != null) {
                    query.setString(3, unit);
                }
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        sums.computeIfAbsent(row.getString(1), k -> new long[width])[1] += row.getLong(2);
                    }
                }
            }
        }
        List<KpiRow> rows = new ArrayList<>();
        sums.forEach((key, c) -> {
            if (Arrays.stream(c).allMatch(v -> v == 0)) {
                return; // a day whose items all moved to another day (a late leg showed an earlier first miss)
            }
            rows.add(kpi(key, c));
            for (int i = 0; i < width; i++) {
                total[i] += c[i];
            }
        });
        return new KpiReport(from, to, ReportService.WITA.getId(), groupBy, rows, kpi(TOTAL, total));
    }

    /** The totals of a listing, from the daily rollup: exact, without counting the items. */
    private long total(Connection connection, String unit, Status status, LocalDate from, LocalDate to) throws SQLException {
        String counted = status == null ? "missed_callers" : status == Status.OPEN ? "open" : "missed_callers - open";
        StringBuilder sql = new StringBuilder("SELECT coalesce(sum(" + counted + "), 0) FROM callback_rollup_daily WHERE true");
        List<Object> args = new ArrayList<>();
        if (unit != null) {
            sql.append(" AND unit = ?");
            args.add(unit);
        }
        if (from != null) {
            sql.append(" AND day >= ?");
            args.add(java.sql.Date.valueOf(from));
        }
        if (to != null) {
            sql.append(" AND day <= ?");
            args.add(java.sql.Date.valueOf(to));
        }
        try (PreparedStatement count = connection.prepareStatement(sql.toString())) {
            bind(count, args);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static final String TOTAL = "TOTAL";

    private static KpiRow kpi(String key, long[] c) {
        return new KpiRow(key, c[0], c[1], c[2], c[3], c[4], c[5],
                CallbackRollup.median(Arrays.copyOfRange(c, 8, c.length)), ReportService.share(c[7], c[6]));
    }
    private static int bind(PreparedStatement statement, List<Object> args) throws SQLException {
        int i = 1;
        for (Object arg : args) {
            statement.setObject(i++, arg);
        }
        return i;
    }

    private static Item item(ResultSet row, List<Attempt> attempts) throws SQLException {
        Timestamp closed = row.getTimestamp(10);
        String gotThroughCall = row.getString(12);
        Instant closedAt = closed == null ? null : closed.toInstant();
        return new Item(row.getLong(1), row.getString(2), row.getString(3), row.getTimestamp(4).toInstant(),
                row.getTimestamp(5).toInstant(), row.getInt(6), Arrays.asList((String[]) row.getArray(7).getArray()),
                row.getString(8), row.getString(9), closedAt, row.getString(11),
                gotThroughCall == null ? null : new GotThrough(gotThroughCall, row.getString(13), closedAt), attempts);
    }

    private static List<Item> withAttempts(Connection connection, List<Item> items) throws SQLException {
        if (items.isEmpty()) {
            return items;
        }
        Map<Long, List<Attempt>> byItem = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT item_id, at, by, outcome, note FROM callback_attempt WHERE item_id = ANY (?) ORDER BY at, id")) {
            select.setArray(1, connection.createArrayOf("bigint", items.stream().map(Item::id).toArray()));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    byItem.computeIfAbsent(row.getLong(1), k -> new ArrayList<>()).add(new Attempt(
                            row.getTimestamp(2).toInstant(), row.getString(3), row.getString(4), row.getString(5)));
                }
            }
        }
        return items.stream().map(i -> new Item(i.id(), i.caller(), i.unit(), i.firstMissedAt(), i.lastMissedAt(),
                i.missedCalls(), i.desksRung(), i.status(), i.outcome(), i.closedAt(), i.closedBy(), i.gotThrough(),
                byItem.getOrDefault(i.id(), List.of()))).toList();
    }
}
