package id.ntt110.stats.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Changes to {@code callback_rollup_daily}: what an item counts for, before and after a change, per desk and WITA day
 * of its first miss. Collected per transaction and written in key order, so that two replicas never deadlock on it.
 */
final class CallbackRollup {

    /** missed_callers, self_resolved, reached, closed_other, open, not_self_resolved, within_15_min */
    static final int COUNTERS = 7;

    /**
     * Upper edges (minutes, exclusive) of the wait histogram's buckets; the last bucket is open-ended. Fine where desks
     * call back (a minute up to 10 minutes, 2 up to 20, 5 up to an hour), coarse beyond, so that a month of a desk is a
     * few hundred numbers whatever its volume. bench/seed-callbacks.sql repeats these edges.
     */
    static final int[] EDGES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20, 25, 30, 35, 40, 45, 50, 55, 60, 75, 90,
        105, 120, 135, 150, 165, 180, 240, 300, 360, 420, 480, 540, 600, 660, 720, 780, 840, 900, 960, 1020, 1080, 1140, 1200,
        1260, 1320, 1380, 1440, 2880, 4320, 5760, 7200, 8640, 10080};
    static final int BUCKETS = EDGES.length + 1;
    private static final Duration QUICK = Duration.ofMinutes(15);

    private final Map<String, long[]> deltas = new TreeMap<>();

    /** Counts the item with these values out ({@code sign} -1) or in (+1). */
    void count(int sign, String unit, Instant firstMissedAt, String status, String outcome, Instant firstAttemptAt) {
        String key = unit + "|" + LocalDate.ofInstant(firstMissedAt, ReportService.WITA);
        long[] d = deltas.computeIfAbsent(key, k -> new long[COUNTERS + BUCKETS]);
        boolean selfResolved = CallbackQueue.GOT_THROUGH.equals(outcome);
        d[0] += sign;
        d[1] += selfResolved ? sign : 0;
        d[2] += "REACHED".equals(outcome) ? sign : 0;
        d[3] += outcome != null && !selfResolved && !"REACHED".equals(outcome) ? sign : 0;
        d[4] += "OPEN".equals(status) ? sign : 0;
        d[5] += selfResolved ? 0 : sign;
        d[6] += !selfResolved && firstAttemptAt != null && !firstAttemptAt.isAfter(firstMissedAt.plus(QUICK)) ? sign : 0;
        if (firstAttemptAt != null) {
            d[COUNTERS + bucket(Duration.between(firstMissedAt, firstAttemptAt))] += sign;
        }
    }

    static int bucket(Duration wait) {
        double minutes = Math.max(0, wait.toMillis()) / 60_000.0;
        int i = Arrays.binarySearch(EDGES, (int) Math.floor(minutes));
        // floor(minutes) equal to an edge belongs to the bucket above it; otherwise the insertion point is the bucket
        return i >= 0 ? i + 1 : -i - 1;
    }

    /**
     * The median of the minutes in a histogram, like {@code percentile_cont(0.5)} over the items' own waits but with
     * each item placed evenly within its bucket: off by at most half a bucket (30 s below 10 minutes, 2.5 minutes
     * below an hour). Null when no item has an attempt.
     */
    static BigDecimal median(long[] hist) {
        long n = Arrays.stream(hist).sum();
        if (n == 0) {
            return null;
        }
        double rank = (n - 1) / 2.0;
        double low = orderStatistic(hist, (long) Math.floor(rank));
        double high = orderStatistic(hist, (long) Math.ceil(rank));
        return BigDecimal.valueOf((low + high) / 2).setScale(1, RoundingMode.HALF_UP);
    }

    private static double orderStatistic(long[] hist, long k) {
        long seen = 0;
        for (int b = 0; b < hist.length; b++) {
            if (k < seen + hist[b]) {
                double lo = b == 0 ? 0 : EDGES[b - 1];
                if (b == EDGES.length) {
                    return lo; // open-ended: at least a week
                }
                return lo + (k - seen + 0.5) / hist[b] * (EDGES[b] - lo);
            }
            seen += hist[b];
        }
        return EDGES[EDGES.length - 1];
    }

    void write(Connection connection) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO callback_rollup_daily AS r (unit, day, missed_callers, self_resolved, reached, closed_other, open,
                                                        not_self_resolved, within_15_min, wait_hist)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (unit, day) DO UPDATE SET missed_callers = r.missed_callers + EXCLUDED.missed_callers,
                    self_resolved = r.self_resolved + EXCLUDED.self_resolved, reached = r.reached + EXCLUDED.reached,
                    closed_other = r.closed_other + EXCLUDED.closed_other, open = r.open + EXCLUDED.open,
                    not_self_resolved = r.not_self_resolved + EXCLUDED.not_self_resolved,
                    within_15_min = r.within_15_min + EXCLUDED.within_15_min,
                    wait_hist = ARRAY(SELECT a + b FROM unnest(r.wait_hist, EXCLUDED.wait_hist) WITH ORDINALITY AS h (a, b, i)
                                      ORDER BY i)""")) {
            for (Map.Entry<String, long[]> delta : deltas.entrySet()) {
                long[] d = delta.getValue();
                if (Arrays.stream(d).allMatch(v -> v == 0)) {
                    continue;
                }
                int bar = delta.getKey().indexOf('|');
                upsert.setString(1, delta.getKey().substring(0, bar));
                upsert.setDate(2, Date.valueOf(LocalDate.parse(delta.getKey().substring(bar + 1))));
                for (int i = 0; i < COUNTERS; i++) {
                    upsert.setLong(3 + i, d[i]);
                }
                upsert.setArray(10, connection.createArrayOf("bigint",
                        Arrays.stream(d, COUNTERS, COUNTERS + BUCKETS).boxed().toArray()));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        deltas.clear();
    }
}
