package id.ntt110.incident.rest;

import id.ntt110.incident.Category;
import id.ntt110.incident.IncidentStatus;
import id.ntt110.incident.Priority;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON shapes of incident-service. {@code reportedBy} and {@code actor} are still accepted from old clients and
 * ignored: who did a thing is the signed-in user of the token.
 */
public final class IncidentPayloads {

    private IncidentPayloads() {
    }

    public record Caller(@Size(max = 200) String name, @Size(max = 40) String phone) {
    }

    public record Location(
            @DecimalMin("-90") @DecimalMax("90") Double lat,
            @DecimalMin("-180") @DecimalMax("180") Double lon,
            @Size(max = 500) String address,
            @Pattern(regexp = "53\\.\\d{2}", message = "must be a Kemendagri code such as 53.21") String regency) {
    }

    public record CreateIncident(
            @NotBlank @Size(max = 40) String unit,
            @NotNull Category category,
            Priority priority,
            @NotNull @Size(min = 3, max = 200) String summary,
            @Size(max = 4000) String description,
            @Size(min = 1, max = 100) @Pattern(regexp = "[\\x21-\\x7e]+", message = "must be printable ASCII without spaces") String callId,
            @Valid Caller caller,
            @Valid Location location,
            Instant occurredAt,
            @Size(max = 100) String reportedBy) {
    }

    public record Transition(@NotNull IncidentStatus to, @Size(max = 2000) String note, @Size(max = 100) String actor) {
    }

    public record AttachCall(
            @NotBlank @Size(max = 100) @Pattern(regexp = "[\\x21-\\x7e]+", message = "must be printable ASCII without spaces") String callId,
            @Size(max = 100) String actor) {
    }

    /** Fields an operator may correct; absent fields stay as they are. */
    public record EditIncident(
            Category category,
            Priority priority,
            @Size(min = 3, max = 200) String summary,
            @Size(max = 4000) String description,
            @Valid Caller caller,
            @Valid Location location,
            Instant occurredAt,
            @Size(max = 2000) String note,
            @Size(max = 100) String actor) {
    }

    public record IncidentView(UUID id, String number, String unit, Category category, Priority priority,
            IncidentStatus status, String summary, String description, List<String> callIds, Caller caller,
            Location location, Instant occurredAt, String reportedBy, Instant createdAt, Instant updatedAt, long version,
            long callerPrankCount, List<IncidentStatus> allowedTransitions) {
    }

    public record HistoryView(Instant at, String actor, String action, IncidentStatus from, IncidentStatus to,
            String note, Map<String, Object> changes) {
    }

    /** {@code total} is exact when {@code totalExact}; otherwise there are at least that many matches. */
    public record Page<T>(List<T> items, int page, int size, long total, boolean totalExact) {
    }

    public record CountRow(String key, long count, long prank) {
    }
}
