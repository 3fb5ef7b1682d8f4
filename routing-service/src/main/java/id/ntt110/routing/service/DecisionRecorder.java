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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records routing decisions without ever delaying a call: {@link #record} only offers to a bounded in-memory buffer
 * (bounded in decisions and in bytes), and one writer thread inserts batches. While the database is down the buffer
 * holds the decisions and the writer retries; when the buffer is full a decision is dropped, counted
 * ({@code routing.decisions.dropped}) and logged. A batch the database refuses for its data (not for being down) is
 * written row by row, so one bad row cannot hold back the others: it is counted ({@code routing.decisions.rejected}),
 * logged and left out.
 */
@ApplicationScoped
public class DecisionRecorder {

    /** A decision as stored and delivered to stats-service. */
    public record Decision(String callId, String caller, String regency, String coveringUnit, String unit, String reason,
            String locatedBy, java.time.Instant decidedAt) {
    }

    /** A decision with what only GET /routes/{callId} reads: the position the call gave, and the warnings. */
    public record Recorded(Decision decision, CallLocator.Fix fix, List<String> warnings) {
    }

    private static final long MAX_RETRY_PAUSE_MS = 5_000;
    private static final String INSERT = """
            INSERT INTO routing_decision (call_id, caller, regency, covering_unit, unit, reason, located_by, decided_at,
                                          lat, lon, accuracy_m, warnings)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id) DO NOTHING""";

    /** Fixed part of a buffered decision's footprint (object headers, references, the instant). */
    private static final long DECISION_OVERHEAD_BYTES = 96;

    private final AgroalDataSource dataSource;
    private final int batchSize;
    private final BlockingQueue<Recorded> buffer;
    /** Decisions not stored yet, by call id, so that GET /routes/{callId} finds a call just routed. */
    private final java.util.concurrent.ConcurrentHashMap<String, Recorded> unsaved = new java.util.concurrent.ConcurrentHashMap<>();
    private final Counter dropped;
    private final Counter written;
    private final Counter rejected;
    private final long maxBufferedBytes;
    private final AtomicLong bufferedBytes = new AtomicLong();
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
        this.rejected = Counter.builder("routing.decisions.rejected")
                .description("Decisions the database refused for their content; left out, the rest stored").register(metrics);
        this.maxBufferedBytes = config.decisions().bufferMaxBytes();
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
        record(response, caller, null);
    }

    /** Never blocks; {@code fix} is the position the call gave, or null. */
    public void record(RouteResponse response, String caller, CallLocator.Fix fix) {
        Decision decision = new Decision(response.callId(), caller,
                response.regency() == null ? null : response.regency().code(), response.coveringUnit(), response.unit(),
                response.reason().name(), response.locatedBy().name(), response.decidedAt());
        Recorded recorded = new Recorded(decision, fix, response.warnings() == null ? List.of()
                : response.warnings().stream().map(DecisionRecorder::storable).toList());
        long size = footprint(recorded);
        unsaved.put(decision.callId(), recorded);
        if (bufferedBytes.addAndGet(size) > maxBufferedBytes || !buffer.offer(recorded)) {
            unsaved.remove(decision.callId(), recorded);
            bufferedBytes.addAndGet(-size);
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

    /** Warnings quote what the network sent: PostgreSQL refuses a NUL, and a lone surrogate cannot be encoded. */
    static String storable(String text) {
        return text.codePoints().filter(c -> c != 0 && !(c >= 0xD800 && c <= 0xDFFF))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** A decision of this replica that is not stored yet. */
    public java.util.Optional<Recorded> unsaved(String callId) {
        return java.util.Optional.ofNullable(unsaved.get(callId));
    }

    static long footprint(Recorded r) {
        Decision d = r.decision();
        long warnings = r.warnings().stream().mapToLong(w -> 40L + 2L * w.length()).sum();
        return DECISION_OVERHEAD_BYTES + (r.fix() == null ? 0 : 40) + warnings + 2L * (length(d.callId())
                + length(d.caller()) + length(d.regency()) + length(d.coveringUnit()) + length(d.unit())
                + length(d.reason()) + length(d.locatedBy()));
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }

    private void writeLoop() {
        List<Recorded> batch = new ArrayList<>(batchSize);
        long pause = 100;
        while (running || !buffer.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Recorded first = buffer.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    buffer.drainTo(batch, batchSize - 1);
                    for (Recorded taken : batch) {
                        bufferedBytes.addAndGet(-footprint(taken));
                    }
                }
                store(batch);
                batch.forEach(stored -> unsaved.remove(stored.decision().callId(), stored));
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

    /**
     * Inserts the batch; if the database refuses it for its data, row by row, leaving out (and counting) the rows it
     * refuses. A connection failure propagates: the caller retries the whole batch (inserts are idempotent).
     */
    private void store(List<Recorded> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                for (Recorded d : batch) {
                    bind(insert, d);
                    insert.addBatch();
                }
                insert.executeBatch();
                written.increment(batch.size());
                return;
            } catch (SQLException e) {
                if (!refusedForItsData(e)) {
                    throw e;
                }
            }
            for (Recorded r : batch) {
                Decision d = r.decision();
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    bind(insert, r);
                    insert.executeUpdate();
                    written.increment();
                } catch (SQLException e) {
                    if (!refusedForItsData(e)) {
                        throw e;
                    }
                    rejected.increment();
                    Log.errorf("Decision of call %s refused by the database and left out (%.0f so far): %s", d.callId(),
                            rejected.count(), e.getMessage());
                }
            }
        }
    }

    private static void bind(PreparedStatement insert, Recorded r) throws SQLException {
        Decision d = r.decision();
        insert.setString(1, d.callId());
        insert.setString(2, d.caller());
        insert.setString(3, d.regency());
        insert.setString(4, d.coveringUnit());
        insert.setString(5, d.unit());
        insert.setString(6, d.reason());
        insert.setString(7, d.locatedBy());
        insert.setObject(8, d.decidedAt().atOffset(java.time.ZoneOffset.UTC));
        insert.setObject(9, r.fix() == null ? null : r.fix().lat(), java.sql.Types.DOUBLE);
        insert.setObject(10, r.fix() == null ? null : r.fix().lon(), java.sql.Types.DOUBLE);
        insert.setObject(11, r.fix() == null ? null : r.fix().accuracyMeters(), java.sql.Types.DOUBLE);
        insert.setArray(12, r.warnings().isEmpty() ? null : insert.getConnection().createArrayOf("text", r.warnings().toArray()));
    }

    /** SQLSTATE class 22 (data exception, e.g. a NUL character) or 23 (integrity): retrying the same row cannot help. */
    static boolean refusedForItsData(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            String state = next.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
        }
        return false;
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
