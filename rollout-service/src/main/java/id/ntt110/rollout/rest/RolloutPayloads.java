package id.ntt110.rollout.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import id.ntt110.rollout.ChecklistItem;
import id.ntt110.rollout.RoutingSync;
import id.ntt110.rollout.Stage;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON shapes of the rollout API. */
public final class RolloutPayloads {

    private static final String BY_IGNORED = "Ignored: who did it is the signed-in user. Accepted from older clients.";

    private RolloutPayloads() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RolloutView(
            @Schema(required = true, description = "The desk's code.", example = "POLRES-MALAKA") String unit,
            @Schema(description = "The desk's name.", example = "Polres Malaka") String name,
            @Schema(required = true, description = "The regencies (Kemendagri codes) the desk covers.") List<String> regencies,
            @Schema(required = true) Stage stage,
            @Schema(required = true, description = "Every checklist item, in checklist order.") List<ChecklistView> checklist,
            @Schema(description = "The planned go-live day (WITA); absent when not set.") LocalDate targetDate,
            @Schema(required = true) List<String> blockers,
            @Schema(description = "Absent when not set.") Contact contact,
            @Schema(required = true, minimum = "0", maximum = "1", description = "Share of checklist items done, 2 decimals.")
            BigDecimal progress,
            @Schema(description = "When it went live; absent unless LIVE.") Instant liveAt,
            @Schema(description = "A go-live waiting for its time; absent when none.") ScheduledGoLive scheduledGoLive,
            @Schema(description = "Why it was rolled back; absent unless ROLLED_BACK.") String rollbackReason,
            @Schema(required = true) RoutingSync routingSync,
            @Schema(minimum = "1", description = "Delivery attempts of the latest desk status to routing-service; absent before the first.")
            Integer routingSyncAttempts,
            @Schema(description = "Why the last delivery to routing-service failed; absent once delivered or while none failed.")
            String routingSyncError,
            @Schema(required = true) Instant updatedAt,
            @Schema(required = true, minimum = "0", description = "Grows with every change of the rollout itself.") long version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChecklistView(
            @Schema(required = true) ChecklistItem item,
            @Schema(required = true) boolean done,
            @Schema(description = "Absent unless done.") Instant doneAt,
            @Schema(description = "Who marked it done; absent unless done.") String doneBy,
            @Schema(description = "How it was checked; absent when none was given.") String evidence,
            @Schema(required = true, description = "Whether marking it done needs evidence.") boolean evidenceRequired) {
    }

    public record Contact(
            @Schema(required = true, example = "AKP Benediktus") String name,
            @Schema(required = true, nullable = true, example = "+62 389 21110") String phone) {
    }

    public record ScheduledGoLive(
            @Schema(required = true) Instant at,
            @Schema(required = true, description = "Who scheduled it.") String by) {
    }

    public record ChecklistUpdate(
            @Schema(description = "Whether the item is done.") @NotNull Boolean done,
            @Schema(nullable = true, description = "How it was checked; needed to mark LINE_PROVISIONED or TEST_CALLS_PASSED done.",
                    example = "Telkom trunk order TR-110-0042, activated 2021-07-28") @Size(max = 2000) String evidence,
            @Schema(nullable = true, deprecated = true, description = BY_IGNORED) @Size(max = 100) String by) {
    }

    /** {@code at}: when to go live; absent or not in the future means now. */
    public record GoLive(
            @Schema(nullable = true, deprecated = true, description = BY_IGNORED) @Size(max = 100) String by,
            @Schema(nullable = true, implementation = String.class, format = "date-time",
                    description = "When to go live; absent, null or not in the future means now.") Instant at) {
    }

    public record Rollback(
            @Schema(nullable = true, deprecated = true, description = BY_IGNORED) @Size(max = 100) String by,
            @Schema(description = "Why; kept with the rollout and in its history.", example = "trunk dropping calls since 02:00")
            @NotBlank @Size(max = 500) String reason) {
    }

    /**
     * The documented shape of a PATCH body, which RolloutPatch reads from the JSON itself (merge patch: an absent field
     * stays, null clears). Used only in the OpenAPI document.
     */
    @Schema(additionalProperties = Schema.False.class, description = "Only the fields to change; null clears one.")
    public record RolloutPatchRequest(
            @Schema(nullable = true, implementation = String.class, format = "date",
                    description = "The planned go-live day, YYYY-MM-DD (WITA), 2019-01-01 to 2100-12-31.") LocalDate targetDate,
            @Schema(nullable = true, maxItems = 50, description = "What holds the rollout up; null or [] clears them, repeats are dropped.")
            List<@NotBlank @Size(max = 500) String> blockers,
            @Schema(enumeration = {"PLANNING", "PROCUREMENT", "INSTALLATION", "TESTING"}, description = "Forward only, except "
                    + "after a rollback; LIVE and ROLLED_BACK come only through go-live and rollback (a 409 here), and a "
                    + "LIVE rollout keeps its stage (409).") String stage,
            @Schema(nullable = true, description = "Who to talk to about the rollout; null clears it.") ContactPatch contact,
            @Schema(nullable = true, deprecated = true, maxLength = 100, description = BY_IGNORED) String by) {
    }

    /**
     * The documented shape of a PATCH body's contact, also only for the document. Nullable as a whole: OpenAPI 3.0
     * validators reach it through a $ref, where a nullable on the property alone does not let null through.
     */
    @Schema(nullable = true)
    public record ContactPatch(
            @Schema(required = true, maxLength = 200, pattern = "\\S", example = "AKP Benediktus") String name,
            @Schema(nullable = true, maxLength = 40, pattern = "^\\+?[0-9][0-9 ()\\-]{4,38}$", example = "+62 389 21110") String phone) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryView(
            @Schema(required = true) Instant at,
            @Schema(required = true, description = "The signed-in user, or what acted by itself: scheduler, routing-service, "
                    + "reference-data.") String actor,
            @Schema(required = true, enumeration = {"SEEDED", "CHECKLIST", "UPDATED", "GO_LIVE_SCHEDULED", "GO_LIVE_CANCELLED",
                    "GO_LIVE", "ROLLBACK", "ROUTING_SYNCED", "ROUTING_SYNC_FAILED"}) String action,
            @Schema(description = "The changed fields before; absent when there was nothing before.") Map<String, Object> before,
            @Schema(description = "The changed fields after.") Map<String, Object> after,
            @Schema(description = "Absent when none.") String note) {
    }

    /** Calls from a pending polres' regency that routing sent to Polda NTT, answered or not; null counts when stats are unavailable. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record FallbackCalls(
            @Schema(required = true, example = "POLRES-MALAKA") String unit,
            @Schema(required = true, example = "53.21") String regency,
            @Schema(required = true, nullable = true, example = "Kabupaten Malaka") String regencyName,
            @Schema(required = true, nullable = true, minimum = "0", description = "Null when stats-service did not answer.")
            Long last7Days,
            @Schema(required = true, nullable = true, minimum = "0", description = "Null when stats-service did not answer.")
            Long last30Days) {
    }

    /**
     * @param fallbackCallsStatus AVAILABLE, or UNAVAILABLE when stats-service did not answer in time
     * @param fallbackWindows the WITA date ranges (inclusive) behind last7Days and last30Days
     */
    public record Summary(
            @Schema(required = true, description = "Rollouts per stage; every stage is listed.") Map<Stage, Long> byStage,
            @Schema(required = true, description = "Rollouts not LIVE whose target date has passed.", example = "[\"POLRES-MALAKA\"]")
            List<String> overdue,
            @Schema(required = true, description = "Per regency of each rollout not LIVE.") List<FallbackCalls> fallbackCalls,
            @Schema(required = true, enumeration = {"AVAILABLE", "UNAVAILABLE"},
                    description = "UNAVAILABLE when stats-service did not answer in time: the counts are null.") String fallbackCallsStatus,
            @Schema(required = true, description = "last7Days and last30Days: the WITA days (inclusive) the counts cover.")
            Map<String, DateRange> fallbackWindows) {
    }

    public record DateRange(@Schema(required = true) LocalDate from, @Schema(required = true) LocalDate to) {
    }
}
