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

    public DecisionDelivery(AgroalDataSource dataSource, @RestClient StatsApi stats, RoutingConfig config, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.stats = stats;
        this.batchSize = config.decisions().deliveryBatchSize();
        this.maxBackoffSeconds = config.decisions().maxDeliveryBackoff().toSeconds();
        this.delivered = Counter.builder("routing.decisions.delivered").description("Decisions acknowledged by stats-service")
                .register(metrics);
        this.failedAttempts = Counter.builder("routing.decisions.delivery.failures")
                .description("Batches stats-service did not take (retried later)").register(metrics);
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
                    stats.postDecisions(batch);
                    markDelivered(connection, ids);
                    delivered.increment(batch.size());
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
