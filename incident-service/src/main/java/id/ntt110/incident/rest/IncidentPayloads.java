package id.ntt110.incident.rest;

import com.fasterxml.jackson.databind.JsonNode;
import id.ntt110.incident.Category;
import id.ntt110.incident.IncidentHistoryEntry;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The JSON shapes of incident-service. {@code reportedBy} and {@code actor} are still accepted from old clients and
 * ignored: who did a thing is the signed-in user of the token.
 */
public final class IncidentPayloads {

    private IncidentPayloads() {
    }

    @Schema(description = "Who called, as far as they said.")
    public record Caller(@Schema(nullable = true, example = "Yohanes Bria") @Size(max = 200) String name,
            @Schema(nullable = true, description = "As given; stored in E.164 when it is a phone number.", example = "+6281234567890")
            @Size(max = 40) String phone) {
    }

    @Schema(description = "Where it happened: a position (lat and lon together), an address, a regency.")
    public record Location(
            @Schema(nullable = true, example = "-9.1061") @DecimalMin("-90") @DecimalMax("90") Double lat,
            @Schema(nullable = true, example = "124.8925") @DecimalMin("-180") @DecimalMax("180") Double lon,
            @Schema(nullable = true, example = "Pasar Baru, Atambua") @Size(max = 500) String address,
            @Schema(nullable = true, example = "53.04")
            @Pattern(regexp = "^53\\.\\d{2}$", message = "must be a Kemendagri code such as 53.21") String regency) {
    }

    @Schema(description = "A report taken at a desk.", example = """
            {"unit": "POLRES-BELU", "category": "KEJAHATAN", "priority": "HIGH", "summary": "Motorbike stolen at Pasar Baru",
             "description": "Honda Beat, red, taken from the market parking around 09:30 WITA.", "callId": "c-20261203-0042",
             "caller": {"name": "Yohanes Bria", "phone": "+6281234567890"},
             "location": {"address": "Pasar Baru, Atambua", "regency": "53.04"}, "occurredAt": "2026-12-03T01:30:00Z"}""")
    public record CreateIncident(
            @Schema(description = "The desk that took the report.", example = "POLRES-BELU") @NotBlank @Size(max = 40) String unit,
            @NotNull Category category,
            Priority priority,
            @NotNull @Size(min = 3, max = 200) String summary,
            @Size(max = 4000) String description,
            @Size(min = 1, max = 100) @Pattern(regexp = "^[\\x21-\\x7e]+$", message = "must be printable ASCII without spaces") String callId,
            @Valid Caller caller,
            @Valid Location location,
            Instant occurredAt,
            @Schema(deprecated = true, description = "Ignored: who reported it comes from the token.") @Size(max = 100) String reportedBy) {
    }

    public record Transition(@NotNull IncidentStatus to, @Size(max = 2000) String note,
            @Schema(deprecated = true, description = "Ignored: who did it comes from the token.") @Size(max = 100) String actor) {
    }

    public record AttachCall(
            @NotBlank @Size(max = 100) @Pattern(regexp = "^[\\x21-\\x7e]+$", message = "must be printable ASCII without spaces") String callId,
            @Schema(deprecated = true, description = "Ignored: who did it comes from the token.") @Size(max = 100) String actor) {
    }

    /** Fields an operator may correct; absent fields stay as they are. */
    @Schema(description = "Merge-patch rules: absent stays, null clears; in caller and location only the fields sent change.",
            example = "{\"caller\": {\"name\": \"Budi\"}, \"location\": {\"address\": \"Jalan Baru, Atambua\"}, \"note\": \"caller spelled the name\"}")
    public record EditIncident(
            Category category,
            Priority priority,
            @Size(min = 3, max = 200) String summary,
            @Schema(nullable = true) @Size(max = 4000) String description,
            @Schema(nullable = true) @Valid Caller caller,
            @Schema(nullable = true) @Valid Location location,
            @Schema(nullable = true) Instant occurredAt,
            @Schema(nullable = true, description = "Why, for the history.") @Size(max = 2000) String note,
            @Schema(deprecated = true, description = "Ignored: who did it comes from the token.") @Size(max = 100) String actor) {
    }

    /** The fields a PATCH body carries ({@code caller}, {@code caller.phone}, …), present even when null. */
    public record Present(Set<String> fields) {

        public static Present in(JsonNode body) {
            Set<String> fields = new HashSet<>();
            body.fieldNames().forEachRemaining(name -> {
                fields.add(name);
                JsonNode value = body.get(name);
                if (value.isObject()) {
                    value.fieldNames().forEachRemaining(inner -> fields.add(name + "." + inner));
                }
            });
            return new Present(Set.copyOf(fields));
        }

        public boolean has(String field) {
            return fields.contains(field);
        }
    }

    public record IncidentView(@Schema(required = true) UUID id,
            @Schema(required = true, description = "The desk's running number.", example = "110/POLRES-BELU/2026/000042") String number,
            @Schema(required = true, example = "POLRES-BELU") String unit,
            @Schema(required = true) Category category,
            @Schema(required = true) Priority priority,
            @Schema(required = true) IncidentStatus status,
            @Schema(required = true) String summary,
            @Schema(nullable = true) String description,
            @Schema(required = true) List<String> callIds,
            @Schema(nullable = true) Caller caller,
            @Schema(nullable = true) Location location,
            @Schema(nullable = true) Instant occurredAt,
            @Schema(nullable = true, description = "Who took the report (from their token).") String reportedBy,
            @Schema(required = true) Instant createdAt,
            @Schema(required = true) Instant updatedAt,
            @Schema(required = true, description = "Also the ETag; send it back in If-Match to change the incident.") long version,
            @Schema(required = true, description = "How many of this caller's incidents were pranks.") long callerPrankCount,
            @Schema(required = true) List<IncidentStatus> allowedTransitions) {
    }

    public record HistoryView(@Schema(required = true) Instant at,
            @Schema(nullable = true) String actor,
            @Schema(required = true) IncidentHistoryEntry.Action action,
            @Schema(nullable = true) IncidentStatus from,
            @Schema(nullable = true) IncidentStatus to,
            @Schema(nullable = true) String note,
            @Schema(nullable = true, description = "For an edit: each changed field, its old and new value.") Map<String, Object> changes) {
    }

    /** {@code total} is exact when {@code totalExact}; otherwise there are at least that many matches. */
    public record Page<T>(@Schema(required = true) List<T> items, @Schema(required = true) int page,
            @Schema(required = true) int size,
            @Schema(required = true, description = "Exact when totalExact; otherwise there are at least that many.") long total,
            @Schema(required = true) boolean totalExact) {
    }

    public record CountRow(@Schema(required = true, description = "The desk, category or status.") String key,
            @Schema(required = true) long count, @Schema(required = true) long prank) {
    }
}
