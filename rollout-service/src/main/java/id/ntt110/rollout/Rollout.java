package id.ntt110.rollout;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The rollout of one polres' 110 desk. Changed only through RolloutService, which keeps its history. */
@Entity
@Table(name = "rollout")
public class Rollout {

    @Id
    public String unit;

    @Enumerated(EnumType.STRING)
    public Stage stage;

    @Column(name = "target_date")
    public LocalDate targetDate;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<String> blockers;

    @Column(name = "contact_name")
    public String contactName;

    @Column(name = "contact_phone")
    public String contactPhone;

    @Column(name = "live_at")
    public Instant liveAt;

    @Column(name = "go_live_at")
    public Instant goLiveAt;

    @Column(name = "go_live_by")
    public String goLiveBy;

    @Column(name = "rollback_reason")
    public String rollbackReason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;
}
