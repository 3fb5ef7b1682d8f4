package id.ntt110.routing;

import id.ntt110.reference.UnitStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The changing part of a desk — its 110 status and destination; the static part is reference data. */
@Entity
@Table(name = "unit_directory")
public class UnitState {

    @Id
    public String code;

    @Enumerated(EnumType.STRING)
    public UnitStatus status;

    public String destination;

    /** All its phones, rung in parallel; null when {@link #destination} is the only one. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] destinations;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** When the change that set the status was decided at its source: later arrivals decided earlier are stale. */
    @Column(name = "status_decided_at")
    public Instant statusDecidedAt;
}
