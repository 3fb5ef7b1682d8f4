package id.ntt110.stats.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps the call-back queue in step with the calls. Ingestion marks a caller "dirty" in the transaction that stores
 * their legs; this class recomputes that caller's items from their calls, in time order, so that the queue depends
 * only on the set of legs (and on what people recorded), never on the order in which legs arrived or were replayed:
 * <ul>
 * <li>a missed call joins the open item of its number and first desk, or opens one;</li>
 * <li>an answered call from the number, at any desk, closes every item whose first miss came before it
 * ({@code CALLER_GOT_THROUGH}, by {@code system});</li>
 * <li>an item a person closed stays closed as they left it; a miss that started after they closed it opens a new
 * item, one that started before joins it.</li>
 * </ul>
 * Replicas share the work by claiming marked callers ({@code FOR UPDATE SKIP LOCKED}, then a claim that expires); a
 * caller's recomputations and the attempts on their items exclude each other by an advisory lock on the number.
 */
@ApplicationScoped
public class CallbackQueue {

    public static final String SYSTEM = "system";
    public static final String GOT_THROUGH = "CALLER_GOT_THROUGH";

    private final AgroalDataSource dataSource;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("callback-queue")
            .daemon().factory());
    private final Counter recomputed;
    private final Counter failures;

    public CallbackQueue(AgroalDataSource dataSource, MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.recomputed = Counter.builder("stats.callbacks.recomputed").description("Callers whose call-back items were recomputed")
                .register(metrics);
        this.failures = Counter.builder("stats.callbacks.recompute.failures")
                .description("Recomputations that failed (the caller stays marked and is retried)").register(metrics);
    }

    /** After a batch is committed: recompute its callers on the worker, without making the batch's request wait. */
    void recomputeSoon() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    scheduled.set(false);
                    drain();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                scheduled.set(false); // shutting down: the sweep of a replica picks the callers up
            }
        }
    }

    /** Catches what the trigger missed: another replica's crash, a failed recomputation, a restart. */
    @Scheduled(every = "${stats.callbacks.sweep-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        recomputeSoon();
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdown();
    }

    /** Recomputes marked callers until none is left (or the database fails; the sweep tries again). */
    public int drain() {
        int done = 0;
        try {
            while (recomputeOne()) {
                done++;
            }
        } catch (SQLException | RuntimeException e) {
            Log.warnf("Call-back queue recomputation paused: %s", e.getMessage());
        }
        return done;
    }

    /** Whether any caller is still marked for recomputation (tests and readiness of the queue). */
    public long pending() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM callback_dirty");
                ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private boolean recomputeOne() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            String caller;
            Instant since;
            long version;
            // The claim commits at once: a batch marking this caller again meanwhile only bumps the version.
            try (PreparedStatement claim = connection.prepareStatement("""
                    UPDATE callback_dirty SET claimed_until = now() + interval '60 seconds'
                    WHERE caller = (SELECT caller FROM callback_dirty WHERE claimed_until IS NULL OR claimed_until < now()
                                    ORDER BY marked_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                    RETURNING caller, since, version""");
                    ResultSet row = claim.executeQuery()) {
                if (!row.next()) {
                    return false;
                }
                caller = row.getString(1);
                since = row.getTimestamp(2).toInstant();
                version = row.getLong(3);
            }
            connection.setAutoCommit(false);
            try {
                recompute(connection, caller, since);
                // Last, so that this transaction holds the row only for an instant; marked again meanwhile: once more.
                try (PreparedStatement done = connection.prepareStatement(
                        "DELETE FROM callback_dirty WHERE caller = ? AND version = ?");
                        PreparedStatement again = connection.prepareStatement(
                                "UPDATE callback_dirty SET claimed_until = NULL WHERE caller = ?")) {
                    done.setString(1, caller);
                    done.setLong(2, version);
                    if (done.executeUpdate() == 0) {
                        again.setString(1, caller);
                        again.executeUpdate();
                    }
                }
                connection.commit();
                recomputed.increment();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                failures.increment();
                // To the back of the line for a few seconds, so that one caller that fails does not stop the others.
                try (PreparedStatement later = connection.prepareStatement("""
                        UPDATE callback_dirty SET claimed_until = now() + interval '5 seconds', marked_at = now()
                        WHERE caller = ?""")) {
                    later.setString(1, caller);
                    later.executeUpdate();
                    connection.commit();
                }
                throw e;
            }
        }
    }

    /** Serialises everything that changes one number's items (recomputation, attempts), across replicas. */
    static void lockNumber(Connection connection, String caller) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 110))")) {
            lock.setString(1, "callback " + caller);
            lock.execute();
        }
    }

    private record Call(String callId, Instant startedAt, String firstUnit, List<String> units, boolean answered,
            String answeredUnit, Instant answeredAt, Long itemId) {
    }

    /** An item as stored, before the recomputation. */
    private record Stored(long id, String unit, Instant first, Instant last, int missed, List<String> desks, String status,
            String outcome, Instant closedAt, String closedBy, String gotThroughCall, int attempts, Instant firstAttemptAt) {

        boolean closedByPerson() {
            return "CLOSED".equals(status) && !GOT_THROUGH.equals(outcome);
        }
    }

    /** An item as the calls make it. */
    private static final class Derived {
        final String unit;
        final List<Call> calls = new ArrayList<>();
        final TreeSet<String> desks = new TreeSet<>();
        /** The stored item it continues (its id, attempts and what people recorded), or null for a new item. */
        Stored identity;
        Call closer;

        Derived(String unit, Stored identity) {
            this.unit = unit;
            this.identity = identity;
        }

        void add(Call call) {
            calls.add(call);
            desks.addAll(call.units());
        }
    }

    /**
     * Recomputes the number's items from {@code since} (its earliest changed call) on. Items that closed before that
     * time cannot be changed by the new calls and are left alone; every other item of the number is derived again.
     */
    private void recompute(Connection connection, String caller, Instant since) throws SQLException {
        lockNumber(connection, caller);
        Map<Long, Stored> touched = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id, unit, first_missed_at, last_missed_at, missed_calls, desks_rung, status, outcome, closed_at,
                       closed_by, got_through_call, attempts, first_attempt_at
                FROM callback_item WHERE caller = ? AND (status = 'OPEN' OR closed_at >= ?) ORDER BY first_missed_at, id""")) {
            select.setString(1, caller);
            select.setTimestamp(2, Timestamp.from(since));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Timestamp closed = row.getTimestamp(9);
                    Timestamp attempted = row.getTimestamp(13);
                    touched.put(row.getLong(1), new Stored(row.getLong(1), row.getString(2), row.getTimestamp(3).toInstant(),
                            row.getTimestamp(4).toInstant(), row.getInt(5), strings(row.getArray(6)), row.getString(7),
                            row.getString(8), closed == null ? null : closed.toInstant(), row.getString(10),
                            row.getString(11), row.getInt(12), attempted == null ? null : attempted.toInstant()));
                }
            }
        }
        Instant anchor = touched.values().stream().map(Stored::first).filter(since::isAfter).min(Instant::compareTo).orElse(since);
        List<Call> calls = new ArrayList<>();
        // Every call of a touched item is in the walk even when it now starts before the anchor: a batch that committed
        // between the select above and this one may have moved a call's start earlier than its item's first miss, and
        // an item whose calls were left out would be retired with the call still linked to it — a miss lost for good.
        // FOR UPDATE, in call id order as ingestion takes them, so that a batch and this recomputation never deadlock.
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT c.call_id, c.started_at, c.first_unit, c.units, c.answered, c.answered_unit, c.answered_at, c.item_id,
                       i.id IS NOT NULL
                FROM callback_call c LEFT JOIN callback_item i ON i.id = c.item_id
                WHERE c.caller = ? AND (c.started_at >= ? OR c.item_id = ANY (?)) ORDER BY c.call_id FOR UPDATE OF c""")) {
            select.setString(1, caller);
            select.setTimestamp(2, Timestamp.from(anchor));
            select.setArray(3, connection.createArrayOf("bigint", touched.keySet().toArray()));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    Timestamp answeredAt = row.getTimestamp(7);
                    long item = row.getLong(8);
                    // A link to an item that no longer exists is no link (the call is placed again).
                    Long itemId = row.wasNull() || !row.getBoolean(9) ? null : item;
                    boolean answered = row.getBoolean(5);
                    // A missed call of an item that closed before `since` stays where it is.
                    if (!answered && itemId != null && !touched.containsKey(itemId)) {
                        continue;
                    }
                    calls.add(new Call(row.getString(1), row.getTimestamp(2).toInstant(), row.getString(3),
                            strings(row.getArray(4)), answered, row.getString(6),
                            answeredAt == null ? null : answeredAt.toInstant(), itemId));
                }
            }
        }
        calls.sort(java.util.Comparator.comparing(Call::startedAt).thenComparing(Call::callId));

        Map<Long, Derived> closedByPeople = new LinkedHashMap<>();
        touched.values().stream().filter(Stored::closedByPerson)
                .forEach(stored -> closedByPeople.put(stored.id(), new Derived(stored.unit(), stored)));
        List<Derived> derived = derive(calls, touched, closedByPeople);
        write(connection, caller, calls, derived, closedByPeople.values(), touched);
    }

    /**
     * The walk through the number's calls in time order. An item a person closed keeps the calls it held (what they
     * acted on) and takes a late miss of its desk that started before they closed it, unless another item of that
     * desk was open at the time; nothing else changes it.
     */
    private static List<Derived> derive(List<Call> calls, Map<Long, Stored> touched, Map<Long, Derived> closedByPeople) {
        List<Derived> derived = new ArrayList<>();
        Map<String, Derived> open = new HashMap<>();
        for (Call call : calls) {
            if (call.answered()) {
                for (Derived item : open.values()) {
                    if (item.calls.getFirst().startedAt().isBefore(call.startedAt())) {
                        item.closer = call;
                    }
                }
                open.values().removeIf(item -> item.closer == call);
                continue;
            }
            Derived kept = call.itemId() == null ? null : closedByPeople.get(call.itemId());
            if (kept != null) {
                kept.add(call);
                continue;
            }
            Derived item = open.get(call.firstUnit());
            if (item == null) {
                Derived absorbing = closedByPeople.values().stream()
                        .filter(p -> p.unit.equals(call.firstUnit()) && p.identity.closedAt().isAfter(call.startedAt()))
                        .min(java.util.Comparator.comparing((Derived p) -> p.identity.closedAt())).orElse(null);
                if (absorbing != null) {
                    absorbing.add(call);
                    continue;
                }
                item = new Derived(call.firstUnit(), null);
                derived.add(item);
                open.put(call.firstUnit(), item);
            }
            item.add(call);
        }
        // Identities: each derived item continues one stored item its calls belonged to — the one people worked on
        // most (attempts), else the oldest — even when a late leg showed that the calls first rang another desk.
        java.util.Set<Long> claimed = new java.util.HashSet<>(closedByPeople.keySet());
        for (Derived item : derived) {
            item.identity = item.calls.stream().map(Call::itemId).filter(id -> id != null && !claimed.contains(id))
                    .map(touched::get).filter(java.util.Objects::nonNull).distinct()
                    .max(java.util.Comparator.comparingInt(Stored::attempts)
                            .thenComparing(Stored::first, java.util.Comparator.reverseOrder()))
                    .orElse(null);
            if (item.identity != null) {
                claimed.add(item.identity.id());
            }
        }
        return derived;
    }

    private static void write(Connection connection, String caller, List<Call> calls, List<Derived> derived,
            java.util.Collection<Derived> closedByPeople, Map<Long, Stored> touched) throws SQLException {
        CallbackRollup rollup = new CallbackRollup();
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE callback_item SET first_missed_at = ?, last_missed_at = ?, missed_calls = ?, desks_rung = ?,
                       status = ?, outcome = ?, closed_at = ?, closed_by = ?, got_through_call = ?, got_through_unit = ?,
                       unit = ?, updated_at = now()
                WHERE id = ?""");
                PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO callback_item (first_missed_at, last_missed_at, missed_calls, desks_rung, status, outcome,
                       closed_at, closed_by, got_through_call, got_through_unit, unit, caller)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""");
                PreparedStatement link = connection.prepareStatement(
                        "UPDATE callback_call SET item_id = ? WHERE call_id = ANY (?) AND item_id IS DISTINCT FROM ?")) {
            List<Derived> all = new ArrayList<>(closedByPeople);
            all.addAll(derived);
            for (Derived item : all) {
                Stored was = item.identity;
                boolean keptByPerson = was != null && was.closedByPerson();
                if (keptByPerson && item.calls.isEmpty()) {
                    continue; // its calls were answered after all; what the person recorded stands
                }
                // Every call a touched item holds is in the walk: a full recount.
                item.calls.sort(java.util.Comparator.comparing(Call::startedAt).thenComparing(Call::callId));
                Instant first = item.calls.getFirst().startedAt();
                Instant last = item.calls.getLast().startedAt();
                int missed = item.calls.size();
                Array desks = connection.createArrayOf("text", item.desks.toArray());
                String status;
                String outcome;
                Instant closedAt;
                String closedBy;
                String gotThroughCall = null;
                String gotThroughUnit = null;
                if (keptByPerson) {
                    status = was.status();
                    outcome = was.outcome();
                    closedAt = was.closedAt();
                    closedBy = was.closedBy();
                } else if (item.closer != null) {
                    status = "CLOSED";
                    outcome = GOT_THROUGH;
                    closedAt = item.closer.answeredAt() != null ? item.closer.answeredAt() : item.closer.startedAt();
                    closedBy = SYSTEM;
                    gotThroughCall = item.closer.callId();
                    gotThroughUnit = item.closer.answeredUnit();
                } else {
                    status = "OPEN";
                    outcome = null;
                    closedAt = null;
                    closedBy = null;
                }
                if (was != null) {
                    rollup.count(-1, was.unit(), was.first(), was.status(), was.outcome(), was.firstAttemptAt());
                }
                rollup.count(1, item.unit, first, status, outcome, was == null ? null : was.firstAttemptAt());
                long id;
                PreparedStatement statement = was == null ? insert : update;
                statement.setTimestamp(1, Timestamp.from(first));
                statement.setTimestamp(2, Timestamp.from(last));
                statement.setInt(3, missed);
                statement.setArray(4, desks);
                statement.setString(5, status);
                statement.setString(6, outcome);
                statement.setTimestamp(7, closedAt == null ? null : Timestamp.from(closedAt));
                statement.setString(8, closedBy);
                statement.setString(9, gotThroughCall);
                statement.setString(10, gotThroughUnit);
                statement.setString(11, item.unit);
                if (was == null) {
                    insert.setString(12, caller);
                    try (ResultSet row = insert.executeQuery()) {
                        row.next();
                        id = row.getLong(1);
                    }
                } else {
                    id = was.id();
                    if (!unchanged(was, first, last, missed, item, status, outcome, closedAt, gotThroughCall)) {
                        update.setLong(12, id);
                        update.executeUpdate();
                    }
                }
                link.setLong(1, id);
                link.setArray(2, connection.createArrayOf("text", item.calls.stream().map(Call::callId).sorted().toArray()));
                link.setLong(3, id);
                link.executeUpdate();
            }
        }
        String[] answeredWithItem = calls.stream().filter(c -> c.answered() && c.itemId() != null).map(Call::callId)
                .sorted().toArray(String[]::new);
        if (answeredWithItem.length > 0) {
            try (PreparedStatement unlink = connection.prepareStatement(
                    "UPDATE callback_call SET item_id = NULL WHERE call_id = ANY (?)")) {
                unlink.setArray(1, connection.createArrayOf("text", answeredWithItem));
                unlink.executeUpdate();
            }
        }
        retireUnclaimed(connection, derived, closedByPeople, touched, rollup);
        rollup.write(connection);
    }

    /**
     * A stored item none of whose calls is a miss any more: a late leg showed the call answered (or its calls went to
     * an item people had worked on more). Without attempts it was never more than a provisional row and goes; with
     * attempts it stays, as their record, closed as got through with no missed call.
     */
    private static void retireUnclaimed(Connection connection, List<Derived> derived, java.util.Collection<Derived> closedByPeople,
            Map<Long, Stored> touched, CallbackRollup rollup) throws SQLException {
        List<Long> unclaimed = new ArrayList<>(touched.keySet());
        derived.stream().filter(d -> d.identity != null).forEach(d -> unclaimed.remove(d.identity.id()));
        closedByPeople.forEach(d -> unclaimed.remove(d.identity.id()));
        for (Long id : unclaimed) {
            Stored stored = touched.get(id);
            rollup.count(-1, stored.unit(), stored.first(), stored.status(), stored.outcome(), stored.firstAttemptAt());
            if (stored.attempts() == 0) {
                try (PreparedStatement delete = connection.prepareStatement("DELETE FROM callback_item WHERE id = ?")) {
                    delete.setLong(1, id);
                    delete.executeUpdate();
                }
            } else {
                try (PreparedStatement close = connection.prepareStatement("""
                        UPDATE callback_item SET missed_calls = 0, updated_at = now(),
                               status = 'CLOSED', outcome = coalesce(outcome, 'CALLER_GOT_THROUGH'),
                               closed_at = coalesce(closed_at, now()), closed_by = coalesce(closed_by, 'system')
                        WHERE id = ?""")) {
                    close.setLong(1, id);
                    close.executeUpdate();
                }
                rollup.count(1, stored.unit(), stored.first(), "CLOSED", stored.outcome() != null ? stored.outcome() : GOT_THROUGH,
                        stored.firstAttemptAt());
            }
        }
    }

    private static boolean unchanged(Stored was, Instant first, Instant last, int missed, Derived item, String status,
            String outcome, Instant closedAt, String gotThroughCall) {
        return was.first().equals(first) && was.last().equals(last) && was.missed() == missed
                && was.desks().equals(List.copyOf(item.desks)) && was.status().equals(status) && was.unit().equals(item.unit)
                && java.util.Objects.equals(was.outcome(), outcome) && java.util.Objects.equals(was.closedAt(), closedAt)
                && java.util.Objects.equals(was.gotThroughCall(), gotThroughCall);
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
