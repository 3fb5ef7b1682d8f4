package id.ntt110.incident;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A report or complaint taken from a 110 call. Changed only through IncidentService, which keeps its history. */
@Entity
@Table(name = "incident")
public class Incident {

    @Id
    public UUID id;

    public String number;

    public String unit;

    @Enumerated(EnumType.STRING)
    public Category category;

    @Enumerated(EnumType.STRING)
    public Priority priority;

    @Enumerated(EnumType.STRING)
    public IncidentStatus status;

    public String summary;

    public String description;

    @Column(name = "caller_name")
    public String callerName;

    @Column(name = "caller_phone")
    public String callerPhone;

    public Double lat;

    public Double lon;

    public String address;

    public String regency;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "reported_by")
    public String reportedBy;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    /** Bumped by every change; the ETag clients send back in If-Match. */
    public long version;
}
