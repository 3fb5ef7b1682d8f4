package id.ntt110.routing.service;

import id.ntt110.routing.client.StatsApi;
import id.ntt110.routing.config.RoutingConfig;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The outbox relay: stored decisions not yet acknowledged by stats-service are sent in batches. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas share the work and never send one row at the same time; a failed batch
 * waits with exponential backoff. stats-service is idempotent by callId, so a batch resent after a crash is harmless.
 */
@ApplicationScoped
public class DecisionDelivery {

    private static final int MAX_BATCHES_PER_RUN = 20;

    private final AgroalDataSource dataSource;
    private final StatsApi stats;
    private final int batchSize;
    private final long maxBackoffSeconds;
    private final Counter delivered;
    private final Counter failedAttempts;
    private final Counter rejectedByStats;
    private final java.time.Duration retention;

    public DecisionDelivery(AgroalDataSource dataSource, @RestClient StatsApi stats, RoutingConfig config, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.stats = stats;
        this.batchSize = config.decisions().deliveryBatchSize();
        this.maxBackoffSeconds = config.decisions().maxDeliveryBackoff().toSeconds();
        this.delivered = Counter.builder("routing.decisions.delivered").description("Decisions acknowledged by stats-service")
                .register(metrics);
        this.failedAttempts = Counter.builder("routing.decisions.delivery.failures")
                .description("Batches stats-service did not take (retried later)").register(metrics);
        this.rejectedByStats = Counter.builder("routing.decisions.rejected")
                .description("Decisions stats-service refused as invalid: settled, never counted in the statistics").register(metrics);
        this.retention = config.decisions().retention();
    }

    @Scheduled(every = "${routing.decisions.delivery-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deliverPending() {
        try {
            for (int i = 0; i < MAX_BATCHES_PER_RUN && deliverBatch() == batchSize; i++) {
                // a full batch was delivered: more may be waiting
            }
        } catch (SQLException | RuntimeException e) {
            Log.debugf("Decision delivery skipped: %s", e.getMessage());
        }
    }

    /** Sends one batch; returns how many decisions stats-service took (0 when it took none). */
    int deliverBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<DecisionRecorder.Decision> batch = claim(connection);
                if (batch.isEmpty()) {
                    connection.commit();
                    return 0;
                }
                Array ids = connection.createArrayOf("text", batch.stream().map(DecisionRecorder.Decision::callId).toArray());
                int taken = 0;
                try {
                    StatsApi.Result result = stats.postDecisions(batch);
                    List<StatsApi.Rejected> refused = result == null || result.rejected() == null ? List.of() : result.rejected();
                    markDelivered(connection, ids);
                    markRejected(connection, batch, refused);
                    delivered.increment(batch.size() - refused.size());
                    rejectedByStats.increment(refused.size());
                    taken = batch.size();
                } catch (RuntimeException e) {
                    failedAttempts.increment();
                    postpone(connection, ids);
                    Log.warnf("stats-service did not take %d decisions, will retry: %s", batch.size(), e.getMessage());
                }
                connection.commit();
                return taken;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private List<DecisionRecorder.Decision> claim(Connection connection) throws SQLException {
        List<DecisionRecorder.Decision> batch = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT call_id, caller, regency, covering_unit, unit, reason, located_by, decided_at
                FROM routing_decision
                WHERE delivered_at IS NULL AND next_attempt_at <= now()
                ORDER BY next_attempt_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED""")) {
            select.setInt(1, batchSize);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    batch.add(new DecisionRecorder.Decision(row.getString(1), row.getString(2), row.getString(3),
                            row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                            row.getTimestamp(8).toInstant()));
                }
            }
        }
        return batch;
    }

    private static void markDelivered(Connection connection, Array ids) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE routing_decision SET delivered_at = now() WHERE call_id = ANY (?)")) {
            update.setArray(1, ids);
            update.executeUpdate();
        }
    }

    /** Refused as invalid: sending it again cannot help. Kept with the reason, counted and logged for someone to see. */
    private static void markRejected(Connection connection, List<DecisionRecorder.Decision> batch, List<StatsApi.Rejected> refused)
            throws SQLException {
        if (refused.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE routing_decision SET rejected = ? WHERE call_id = ?")) {
            for (StatsApi.Rejected rejected : refused) {
                if (rejected.index() < 0 || rejected.index() >= batch.size()) {
                    continue;
                }
                String callId = batch.get(rejected.index()).callId();
                String why = rejected.errors() == null ? "refused" : rejected.errors().stream()
                        .map(e -> e.field() + ": " + e.message()).collect(java.util.stream.Collectors.joining("; "));
                why = why.length() > 1000 ? why.substring(0, 1000) : why;
                Log.warnf("stats-service refused the decision of call %s: %s", callId, why);
                update.setString(1, why);
                update.setString(2, callId);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /**
     * Settled decisions (delivered or refused) older than the retention are removed, a bounded batch at a time so the
     * table neither grows for ever nor is locked long; undelivered ones stay until delivered.
     */
    @Scheduled(every = "${routing.decisions.retention-interval:10m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeSettled() {
        try {
            for (int i = 0; i < 100 && purgeBatch() == PURGE_BATCH; i++) {
                // a full batch went: more may be due
            }
        } catch (SQLException | RuntimeException e) {
            Log.debugf("Decision purge skipped: %s", e.getMessage());
        }
    }

    private static final int PURGE_BATCH = 10_000;

    /** Removes one batch of settled decisions older than the retention; returns how many. */
    public int purgeBatch() throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement delete = connection.prepareStatement("""
                DELETE FROM routing_decision WHERE call_id IN (
                    SELECT call_id FROM routing_decision WHERE delivered_at IS NOT NULL AND delivered_at < ? LIMIT ?)""")) {
            delete.setTimestamp(1, java.sql.Timestamp.from(java.time.Instant.now().minus(retention)));
            delete.setInt(2, PURGE_BATCH);
            return delete.executeUpdate();
        }
    }

    private void postpone(Connection connection, Array ids) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE routing_decision
                SET attempts = attempts + 1,
                    next_attempt_at = now() + make_interval(secs => least(?, power(2, least(attempts, 20))))
                WHERE call_id = ANY (?)""")) {
            update.setLong(1, maxBackoffSeconds);
            update.setArray(2, ids);
            update.executeUpdate();
        }
    }
}
