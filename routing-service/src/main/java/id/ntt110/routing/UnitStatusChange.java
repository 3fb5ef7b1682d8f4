package id.ntt110.routing;

import id.ntt110.reference.UnitStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One audited status change of a desk; rows are never updated or deleted (the database refuses). */
@Entity
@Table(name = "unit_status_history")
public class UnitStatusChange {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "unit_code")
    public String unitCode;

    @Column(name = "change_id")
    public String changeId;

    @Enumerated(EnumType.STRING)
    public UnitStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "previous_status")
    public UnitStatus previousStatus;

    public String reason;

    @Column(name = "changed_by")
    public String changedBy;

    /** The service account that made the change for {@link #changedBy}, or null. */
    public String via;

    @Column(name = "changed_at")
    public Instant changedAt;
}
