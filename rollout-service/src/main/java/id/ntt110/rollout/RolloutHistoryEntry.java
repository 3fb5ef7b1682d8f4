package id.ntt110.rollout;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One change of a rollout; never updated or deleted (the database refuses). */
@Entity
@Table(name = "rollout_history")
public class RolloutHistoryEntry {

    public enum Action {
        SEEDED, CHECKLIST, UPDATED, GO_LIVE_SCHEDULED, GO_LIVE_CANCELLED, GO_LIVE, ROLLBACK, ROUTING_SYNCED, ROUTING_SYNC_FAILED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String unit;

    public Instant at;

    public String actor;

    public String action;

    /** The changed fields as they were, and as they became. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> before;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> after;

    public String note;

    public static RolloutHistoryEntry of(String unit, Instant at, String actor, Action action, Map<String, Object> before,
            Map<String, Object> after, String note) {
        RolloutHistoryEntry entry = new RolloutHistoryEntry();
        entry.unit = unit;
        entry.at = at;
        entry.actor = actor;
        entry.action = action.name();
        entry.before = before;
        entry.after = after;
        entry.note = note;
        return entry;
    }
}
