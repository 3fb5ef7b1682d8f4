package id.ntt110.routing.service;

import id.ntt110.routing.config.RoutingConfig;
import id.ntt110.routing.rest.RouteResponse;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records routing decisions without ever delaying a call: {@link #record} only offers to a bounded in-memory buffer,
 * and one writer thread inserts batches. While the database is down the buffer holds the decisions and the writer
 * retries; when the buffer is full a decision is dropped, counted ({@code routing.decisions.dropped}) and logged.
 */
@ApplicationScoped
public class DecisionRecorder {

    /** A decision as stored and delivered to stats-service. */
    public record Decision(String callId, String caller, String regency, String coveringUnit, String unit, String reason,
            String locatedBy, java.time.Instant decidedAt) {
    }

    private static final long MAX_RETRY_PAUSE_MS = 5_000;

    private final AgroalDataSource dataSource;
    private final int batchSize;
    private final BlockingQueue<Decision> buffer;
    private final Counter dropped;
    private final Counter written;
    private final AtomicLong lastDropWarning = new AtomicLong();
    private volatile boolean running = true;
    private Thread writer;

    public DecisionRecorder(AgroalDataSource dataSource, RoutingConfig config, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.batchSize = config.decisions().batchSize();
        this.buffer = new ArrayBlockingQueue<>(config.decisions().bufferCapacity());
        this.dropped = Counter.builder("routing.decisions.dropped")
                .description("Decisions lost because the buffer was full while the database was unavailable").register(metrics);
        this.written = Counter.builder("routing.decisions.written").description("Decisions stored").register(metrics);
        Gauge.builder("routing.decisions.buffered", buffer, BlockingQueue::size)
                .description("Decisions waiting in memory to be stored").register(metrics);
    }

    void start(@Observes StartupEvent event) {
        writer = new Thread(this::writeLoop, "routing-decision-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Never blocks. */
    public void record(RouteResponse response, String caller) {
        Decision decision = new Decision(response.callId(), caller,
                response.regency() == null ? null : response.regency().code(), response.coveringUnit(), response.unit(),
                response.reason().name(), response.locatedBy().name(), response.decidedAt());
        if (!buffer.offer(decision)) {
            dropped.increment();
            long now = System.currentTimeMillis();
            long last = lastDropWarning.get();
            if (now - last > 10_000 && lastDropWarning.compareAndSet(last, now)) {
                Log.errorf("Decision buffer full (%d): dropping decisions (call %s); %.0f dropped so far",
                        buffer.size(), decision.callId(), dropped.count());
            }
        }
    }

    /** Decisions waiting in memory. */
    public int buffered() {
        return buffer.size();
    }

    private void writeLoop() {
        List<Decision> batch = new ArrayList<>(batchSize);
        long pause = 100;
        while (running || !buffer.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Decision first = buffer.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    buffer.drainTo(batch, batchSize - 1);
                }
                insert(batch);
                written.increment(batch.size());
                batch.clear();
                pause = 100;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    Log.errorf("Stopping with %d decisions not stored: %s", batch.size() + buffer.size(), e.getMessage());
                    return;
                }
                Log.warnf("Cannot store %d decisions (%d more buffered), retrying in %d ms: %s", batch.size(),
                        buffer.size(), pause, e.getMessage());
                sleep(pause);
                pause = Math.min(pause * 2, MAX_RETRY_PAUSE_MS);
            }
        }
    }

    private void insert(List<Decision> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO routing_decision (call_id, caller, regency, covering_unit, unit, reason, located_by, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING""")) {
            for (Decision d : batch) {
                insert.setString(1, d.callId());
                insert.setString(2, d.caller());
                insert.setString(3, d.regency());
                insert.setString(4, d.coveringUnit());
                insert.setString(5, d.unit());
                insert.setString(6, d.reason());
                insert.setString(7, d.locatedBy());
                insert.setTimestamp(8, Timestamp.from(d.decidedAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Stores what is buffered before the process ends, for at most a few seconds. */
    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        if (writer != null) {
            writer.join(5_000);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
