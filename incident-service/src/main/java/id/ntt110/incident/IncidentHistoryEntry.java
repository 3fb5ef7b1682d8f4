package id.ntt110.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One change of an incident; never updated or deleted (the database refuses). */
@Entity
@Table(name = "incident_history")
public class IncidentHistoryEntry {

    public enum Action { CREATED, TRANSITION, CALL_ATTACHED, EDITED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "incident_id")
    public UUID incidentId;

    public Instant at;

    public String actor;

    @Enumerated(EnumType.STRING)
    public Action action;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public IncidentStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status")
    public IncidentStatus toStatus;

    public String note;

    /** For edits and attached calls: what changed, as {field: {from, to}} or {callId}. */
    @JdbcTypeCode(SqlTypes.JSON)
    public java.util.Map<String, Object> changes;
}
