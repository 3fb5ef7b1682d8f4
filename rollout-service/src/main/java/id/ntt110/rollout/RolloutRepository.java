package id.ntt110.rollout;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rollouts with their checklists, history and outbox rows. */
@ApplicationScoped
public class RolloutRepository implements PanacheRepositoryBase<Rollout, String> {

    /** What the latest (not superseded) change towards routing-service says about a desk. */
    public record SyncState(RoutingSync sync, int attempts, String lastError) {
        public static final SyncState NONE = new SyncState(RoutingSync.NONE, 0, null);
    }

    public List<Rollout> listAll() {
        return listAll(Sort.by("unit"));
    }

    /** The rollout, locked until the transaction ends: changes to one rollout happen one after the other. */
    public Optional<Rollout> findForUpdate(String unit) {
        return Optional.ofNullable(getEntityManager().find(Rollout.class, unit, LockModeType.PESSIMISTIC_WRITE));
    }

    /** The next rollout whose scheduled go-live is due and that no other replica is carrying out right now. */
    public Optional<Rollout> claimDueGoLive() {
        @SuppressWarnings("unchecked")
        List<Rollout> due = getEntityManager().createNativeQuery("""
                SELECT * FROM rollout WHERE go_live_at <= now()
                ORDER BY go_live_at LIMIT 1 FOR UPDATE SKIP LOCKED""", Rollout.class).getResultList();
        return due.stream().findFirst();
    }

    public Map<ChecklistItem, ChecklistEntry> checklist(String unit) {
        Map<ChecklistItem, ChecklistEntry> items = new EnumMap<>(ChecklistItem.class);
        getEntityManager().createQuery("FROM ChecklistEntry WHERE unit = :unit", ChecklistEntry.class)
                .setParameter("unit", unit).getResultList().forEach(entry -> items.put(entry.item, entry));
        return items;
    }

    public Map<String, Map<ChecklistItem, ChecklistEntry>> allChecklists() {
        Map<String, Map<ChecklistItem, ChecklistEntry>> all = new HashMap<>();
        getEntityManager().createQuery("FROM ChecklistEntry", ChecklistEntry.class).getResultList()
                .forEach(entry -> all.computeIfAbsent(entry.unit, u -> new EnumMap<>(ChecklistItem.class)).put(entry.item, entry));
        return all;
    }

    public void record(RolloutHistoryEntry entry) {
        getEntityManager().persist(entry);
    }

    public List<RolloutHistoryEntry> history(String unit) {
        return getEntityManager().createQuery("FROM RolloutHistoryEntry WHERE unit = :unit ORDER BY id", RolloutHistoryEntry.class)
                .setParameter("unit", unit).getResultList();
    }

    /** Queues a desk status for routing-service; an older change not yet delivered is superseded by this one. */
    public void queueRoutingChange(RoutingChange change) {
        getEntityManager().createQuery("UPDATE RoutingChange SET state = :superseded WHERE unit = :unit AND state = :pending")
                .setParameter("superseded", RoutingChange.State.SUPERSEDED).setParameter("pending", RoutingChange.State.PENDING)
                .setParameter("unit", change.unit).executeUpdate();
        getEntityManager().persist(change);
    }

    /** The next change routing-service has not acknowledged, due now, that no other replica is sending. */
    public Optional<RoutingChange> claimDueRoutingChange() {
        @SuppressWarnings("unchecked")
        List<RoutingChange> due = getEntityManager().createNativeQuery("""
                SELECT * FROM routing_change WHERE state = 'PENDING' AND next_attempt_at <= now()
                ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED""", RoutingChange.class).getResultList();
        return due.stream().findFirst();
    }

    public Map<String, SyncState> syncStates() {
        return syncStates("");
    }

    public SyncState syncState(String unit) {
        return syncStates(unit).getOrDefault(unit, SyncState.NONE);
    }

    /** For one desk, or every desk when {@code unit} is empty. */
    private Map<String, SyncState> syncStates(String unit) {
        Map<String, SyncState> states = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery("""
                SELECT DISTINCT ON (unit) unit, state, attempts, last_error FROM routing_change
                WHERE state <> 'SUPERSEDED' AND (?1 = '' OR unit = ?1) ORDER BY unit, id DESC""")
                .setParameter(1, unit).getResultList();
        for (Object[] row : rows) {
            RoutingSync sync = switch ((String) row[1]) {
                case "DELIVERED" -> RoutingSync.DONE;
                case "FAILED" -> RoutingSync.FAILED;
                default -> RoutingSync.PENDING;
            };
            states.put((String) row[0], new SyncState(sync, ((Number) row[2]).intValue(),
                    sync == RoutingSync.DONE ? null : (String) row[3]));
        }
        return states;
    }

    /** Inserts the rollout unless it exists (several replicas may seed at once); true when this call created it. */
    public boolean insertIfAbsent(String unit, Instant now) {
        return getEntityManager().createNativeQuery("""
                INSERT INTO rollout (unit, stage, created_at, updated_at) VALUES (?1, 'PLANNING', ?2, ?2)
                ON CONFLICT (unit) DO NOTHING""").setParameter(1, unit).setParameter(2, now).executeUpdate() == 1;
    }
}
