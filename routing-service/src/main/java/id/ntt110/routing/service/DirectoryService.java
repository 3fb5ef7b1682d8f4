package id.ntt110.routing.service;

import id.ntt110.problem.InternalErrorMapper;
import id.ntt110.problem.ProblemException;
import id.ntt110.reference.ReferenceData;
import id.ntt110.reference.Unit;
import id.ntt110.reference.UnitStatus;
import id.ntt110.routing.UnitState;
import id.ntt110.routing.UnitStateRepository;
import id.ntt110.routing.UnitStatusChange;
import id.ntt110.routing.UnitStatusChangeRepository;
import id.ntt110.routing.config.RoutingConfig;
import id.ntt110.routing.locate.NumberPrefixTable;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;

/**
 * The directory of desks and the lookup tables, kept as an in-memory snapshot that routing reads without touching the
 * database. Every change is written in a transaction that also bumps the directory revision; the replica that made it
 * reloads at once, the others within one poll interval.
 */
@ApplicationScoped
public class DirectoryService {

    public static final String POLDA = "POLDA-NTT";

    private final ReferenceData reference;
    private final RoutingConfig config;
    private final AgroalDataSource dataSource;
    private final UnitStateRepository units;
    private final UnitStatusChangeRepository history;
    private final Flyway flyway;
    private final Optional<SnapshotFile> file;
    private final AtomicReference<DirectorySnapshot> current = new AtomicReference<>();
    private volatile Source source = Source.DATABASE;
    private volatile boolean initialised;
    private volatile Instant pollStartedAt;

    public DirectoryService(ReferenceData reference, RoutingConfig config, AgroalDataSource dataSource,
            UnitStateRepository units, UnitStatusChangeRepository history, Flyway flyway) {
        this.reference = reference;
        this.config = config;
        this.dataSource = dataSource;
        this.units = units;
        this.history = history;
        this.flyway = flyway;
        this.file = config.snapshotFile().map(path -> new SnapshotFile(java.nio.file.Path.of(path)));
    }

    /** Where the snapshot in use came from. */
    public enum Source { DATABASE, FILE, REFERENCE_DATA }

    /**
     * Migrates, seeds and loads from the database; while it is unreachable (a pod restarted or added during an
     * outage), routes from the directory saved by the last read, else from the reference data, and keeps trying.
     */
    @Startup
    void start() {
        try {
            initialise();
        } catch (RuntimeException e) {
            if (!InternalErrorMapper.isDatabaseUnavailable(e)) {
                throw e;
            }
            Optional<DirectorySnapshot> saved = file.flatMap(f -> f.read(reference, this::defaultDestination));
            current.set(saved.orElseGet(this::fromReferenceData));
            source = saved.isPresent() ? Source.FILE : Source.REFERENCE_DATA;
            Log.warnf("Database unavailable at start (%s): routing from %s until it returns", e.getMessage(),
                    saved.isPresent() ? "the directory saved in " + file.get().path() + " (revision "
                            + saved.get().revision() + ")" : "the reference data (desk statuses of July 2021)");
        }
    }

    /** Schema, desks missing from the database (first start, or a desk added to the reference data), then the read. */
    private synchronized void initialise() {
        if (initialised) {
            return;
        }
        flyway.migrate();
        QuarkusTransaction.requiringNew().run(() -> {
            int seeded = 0;
            for (Unit unit : reference.units()) {
                seeded += units.getEntityManager().createNativeQuery("""
                        INSERT INTO unit_directory (code, status, destination) VALUES (?1, ?2, ?3)
                        ON CONFLICT (code) DO NOTHING""")
                        .setParameter(1, unit.code())
                        .setParameter(2, unit.statusJuly2021().name())
                        .setParameter(3, defaultDestination(unit.code()))
                        .executeUpdate();
            }
            if (seeded > 0) {
                units.bumpRevision();
                Log.infof("Seeded %d desks from the reference data", seeded);
            }
        });
        reload();
        if (source != Source.DATABASE) {
            Log.infof("Database reachable again: routing from its directory (revision %d)", current.get().revision());
        }
        source = Source.DATABASE;
        initialised = true;
    }

    private DirectorySnapshot fromReferenceData() {
        Map<String, DirectorySnapshot.Desk> desks = new LinkedHashMap<>();
        reference.units().forEach(unit -> desks.put(unit.code(), new DirectorySnapshot.Desk(unit, unit.statusJuly2021(),
                defaultDestination(unit.code()), Instant.EPOCH)));
        Map<String, List<String>> prefixes = new HashMap<>();
        reference.areaCodes().forEach(area -> prefixes.put(area.code(), area.regencies()));
        return new DirectorySnapshot(-1, desks, Map.of(), new NumberPrefixTable(prefixes));
    }

    /** A change needs the database, migrated: a replica that started without it catches up first (or answers 503). */
    private void requireDatabase() {
        if (!initialised) {
            initialise();
        }
    }

    public Source source() {
        return source;
    }

    /** When the poll now running began, or null between polls: a poll that never returns is a stuck replica. */
    public Instant pollRunningSince() {
        return pollStartedAt;
    }

    public DirectorySnapshot snapshot() {
        return current.get();
    }

    public String defaultDestination(String unitCode) {
        return config.defaultDestination().replace("{code}", unitCode.toLowerCase());
    }

    /** Picks up changes made by other replicas. A database outage leaves the last snapshot in place. */
    @Scheduled(every = "${routing.snapshot-poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void pollForChanges() {
        pollStartedAt = Instant.now();
        try {
            if (!initialised) {
                initialise();
                return;
            }
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT revision FROM directory_revision WHERE id = 1")) {
                row.next();
                DirectorySnapshot snapshot = current.get();
                // Any other revision, lower too: a database restored from a backup is the directory now.
                if (snapshot == null || row.getLong(1) != snapshot.revision()) {
                    reload();
                }
            }
        } catch (SQLException | RuntimeException e) {
            Log.debugf("Directory poll skipped, database unavailable: %s", e.getMessage());
        } finally {
            pollStartedAt = null;
        }
    }

    /**
     * Reads the whole directory in one consistent read and swaps it in. Reloads are serialised, so the last one read
     * the latest committed state, whatever its revision (a restore may have lowered it).
     */
    public synchronized void reload() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                DirectorySnapshot snapshot = read(connection);
                DirectorySnapshot previous = current.get();
                current.set(snapshot);
                if (file.isPresent() && (previous == null || previous.revision() != snapshot.revision() || source != Source.DATABASE)) {
                    file.get().write(snapshot);
                }
            } finally {
                connection.rollback();
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the directory: " + e.getMessage(), e);
        }
    }

    private DirectorySnapshot read(Connection connection) throws SQLException {
        long revision;
        Map<String, DirectorySnapshot.Desk> desks = new LinkedHashMap<>();
        Map<String, String> cells = new HashMap<>();
        Map<String, List<String>> prefixes = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet row = statement.executeQuery("SELECT revision FROM directory_revision WHERE id = 1")) {
                row.next();
                revision = row.getLong(1);
            }
            try (ResultSet row = statement.executeQuery("SELECT code, status, destination, updated_at, destinations FROM unit_directory")) {
                while (row.next()) {
                    String code = row.getString(1);
                    Optional<Unit> unit = reference.unit(code);
                    if (unit.isPresent()) {
                        java.sql.Array phones = row.getArray(5);
                        desks.put(code, new DirectorySnapshot.Desk(unit.get(), UnitStatus.valueOf(row.getString(2)),
                                row.getString(3), phones == null ? null : List.of((String[]) phones.getArray()),
                                row.getTimestamp(4).toInstant()));
                    } else {
                        Log.warnf("Desk %s is in the database but not in the reference data; ignored", code);
                    }
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT cell, regency FROM cell_location")) {
                while (row.next()) {
                    cells.put(row.getString(1), row.getString(2));
                }
            }
            reference.areaCodes().forEach(area -> prefixes.put(area.code(), area.regencies()));
            try (ResultSet row = statement.executeQuery("SELECT prefix, regencies FROM number_prefix")) {
                while (row.next()) {
                    String prefix = row.getString(1);
                    knownRegencies(prefix, (String[]) row.getArray(2).getArray()).ifPresent(regencies -> prefixes.put(prefix, regencies));
                }
            }
        }
        return new DirectorySnapshot(revision, desks, cells, new NumberPrefixTable(prefixes));
    }

    /**
     * Sets a desk's 110 status. Idempotent: a {@code changeId} seen before, or the status the desk already has, records
     * nothing new. Polda NTT stays LIVE.
     */
    public DirectorySnapshot.Desk changeStatus(String code, StatusChangeCommand command) {
        DirectorySnapshot.Desk desk = requireDesk(code);
        requireDatabase();
        if (POLDA.equals(code) && command.status() != UnitStatus.LIVE) {
            throw ProblemException.conflict(POLDA + " is the desk of last resort: it answers every call no other desk "
                    + "can take and cannot be set to " + command.status() + ".");
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                UnitState unit = units.findByCodeForUpdate(code).orElseThrow(() -> unknownDesk(code));
                if (command.changeId() != null) {
                    var earlier = history.findByChangeId(command.changeId());
                    if (earlier.isPresent()) {
                        if (!earlier.get().unitCode.equals(code) || earlier.get().status != command.status()) {
                            throw ProblemException.conflict("changeId " + command.changeId() + " was already used to set "
                                    + earlier.get().unitCode + " to " + earlier.get().status + ".");
                        }
                        return;
                    }
                }
                if (unit.statusDecidedAt != null && command.decidedAt().isBefore(unit.statusDecidedAt)) {
                    Log.infof("Desk %s: change %s to %s decided at %s is older than the one in force (decided at %s); "
                            + "not applied", code, command.changeId(), command.status(), command.decidedAt(), unit.statusDecidedAt);
                    return;
                }
                // The latest decision rules even where it changes nothing, so an older one arriving later stays stale.
                unit.statusDecidedAt = command.decidedAt();
                if (unit.status == command.status()) {
                    return;
                }
                Instant now = Instant.now();
                UnitStatusChange change = new UnitStatusChange();
                change.unitCode = code;
                change.changeId = command.changeId() != null ? command.changeId() : UUID.randomUUID().toString();
                change.status = command.status();
                change.previousStatus = unit.status;
                change.reason = command.reason();
                change.changedBy = command.changedBy();
                change.via = command.via();
                change.changedAt = now;
                history.persist(change);
                unit.status = command.status();
                unit.updatedAt = now;
                units.bumpRevision();
                units.flush();
                // An operator's record of who switched a desk, found by the trace id of the request that did it.
                Log.infof("Desk %s: %s -> %s by %s%s (change %s): %s", code, change.previousStatus, change.status,
                        change.changedBy, change.via == null ? "" : " via " + change.via, change.changeId, change.reason);
            });
        } catch (PersistenceException e) {
            if (e instanceof org.hibernate.exception.ConstraintViolationException
                    || e.getCause() instanceof org.hibernate.exception.ConstraintViolationException) {
                // Another replica recorded the same changeId for another desk at the same moment.
                throw ProblemException.conflict("changeId " + command.changeId() + " was used by a concurrent change.");
            }
            throw e;
        }
        reload();
        return snapshot().desk(desk.code()).orElseThrow();
    }

    public List<UnitStatusChange> history(String code) {
        requireDesk(code);
        requireDatabase();
        return history.listByUnit(code);
    }

    /** The desk's phones (already validated: 1 to 10 distinct SIP addresses), rung in parallel from the next call on. */
    public DirectorySnapshot.Desk changeDestination(String code, List<String> destinations) {
        requireDesk(code);
        requireDatabase();
        String destination = destinations.getFirst();
        String[] all = destinations.size() > 1 ? destinations.toArray(String[]::new) : null;
        QuarkusTransaction.requiringNew().run(() -> {
            UnitState unit = units.findByCodeForUpdate(code).orElseThrow(() -> unknownDesk(code));
            if (!unit.destination.equals(destination) || !java.util.Arrays.equals(unit.destinations, all)) {
                unit.destination = destination;
                unit.destinations = all;
                unit.updatedAt = Instant.now();
                units.bumpRevision();
            }
        });
        reload();
        return snapshot().desk(code).orElseThrow();
    }

    /** Upserts cells (already validated), all or nothing. */
    public int upsertCells(Map<String, String> cellToRegency) {
        return bulkUpsert("""
                INSERT INTO cell_location (cell, regency) VALUES (?, ?)
                ON CONFLICT (cell) DO UPDATE SET regency = EXCLUDED.regency, updated_at = now()""",
                cellToRegency, (statement, connection, regency) -> statement.setString(2, regency));
    }

    /**
     * A stored prefix's regencies that the reference data still has: one it no longer has (a regency split or
     * renumbered) would make every call from that prefix fail, so it is left out, and a prefix left with none is
     * ignored (the reference data's own area code, if any, applies).
     */
    private Optional<List<String>> knownRegencies(String prefix, String[] stored) {
        List<String> known = Arrays.stream(stored).filter(code -> reference.regency(code).isPresent()).toList();
        if (known.size() < stored.length) {
            Log.warnf("Number prefix %s names regencies %s that are not in the reference data; %s", prefix,
                    Arrays.stream(stored).filter(code -> !known.contains(code)).toList(),
                    known.isEmpty() ? "the prefix is ignored" : "they are left out");
        }
        return known.isEmpty() ? Optional.empty() : Optional.of(known);
    }

    /** Upserts operator prefixes (already validated), all or nothing. */
    public int upsertPrefixes(Map<String, List<String>> prefixToRegencies) {
        return bulkUpsert("""
                INSERT INTO number_prefix (prefix, regencies) VALUES (?, ?)
                ON CONFLICT (prefix) DO UPDATE SET regencies = EXCLUDED.regencies, updated_at = now()""",
                prefixToRegencies,
                (statement, connection, regencies) -> statement.setArray(2, connection.createArrayOf("text", regencies.toArray())));
    }

    /** Binds the value (parameter 2) of one row; the key is parameter 1. */
    private interface ValueBinder<V> {
        void bind(PreparedStatement statement, Connection connection, V value) throws SQLException;
    }

    /** One batch, the revision bump and the reload: a table change reaches every replica's snapshot. */
    private <V> int bulkUpsert(String sql, Map<String, V> rows, ValueBinder<V> binder) {
        requireDatabase();
        QuarkusTransaction.requiringNew().run(() -> units.getEntityManager().unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(sql)) {
                for (Map.Entry<String, V> row : rows.entrySet()) {
                    upsert.setString(1, row.getKey());
                    binder.bind(upsert, connection, row.getValue());
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            units.bumpRevision();
        }));
        reload();
        return rows.size();
    }

    private DirectorySnapshot.Desk requireDesk(String code) {
        return snapshot().desk(code).orElseThrow(() -> unknownDesk(code));
    }

    private static ProblemException unknownDesk(String code) {
        return ProblemException.notFound("There is no desk " + code + "; GET /units lists them.");
    }
}
