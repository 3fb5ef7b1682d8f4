package id.ntt110.rollout;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An outbox row: a desk status routing-service must take, relayed until it acknowledges. */
@Entity
@Table(name = "routing_change")
public class RoutingChange {

    public enum State { PENDING, DELIVERED, SUPERSEDED, FAILED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "change_id")
    public String changeId;

    public String unit;

    /** LIVE or PENDING, as routing-service names desk statuses. */
    public String status;

    public String reason;

    @Column(name = "changed_by")
    public String changedBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Enumerated(EnumType.STRING)
    public State state;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "last_error")
    public String lastError;
}
