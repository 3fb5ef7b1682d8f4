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

/** The JSON shapes of the rollout API. */
public final class RolloutPayloads {

    private RolloutPayloads() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RolloutView(String unit, String name, List<String> regencies, Stage stage, List<ChecklistView> checklist,
            LocalDate targetDate, List<String> blockers, Contact contact, BigDecimal progress, Instant liveAt,
            ScheduledGoLive scheduledGoLive, String rollbackReason, RoutingSync routingSync, Integer routingSyncAttempts,
            String routingSyncError, Instant updatedAt, long version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChecklistView(ChecklistItem item, boolean done, Instant doneAt, String doneBy, String evidence,
            boolean evidenceRequired) {
    }

    public record Contact(String name, String phone) {
    }

    public record ScheduledGoLive(Instant at, String by) {
    }

    public record ChecklistUpdate(@NotNull Boolean done, @Size(max = 2000) String evidence, @Size(max = 100) String by) {
    }

    /** {@code at}: when to go live; absent or not in the future means now. */
    public record GoLive(@Size(max = 100) String by, Instant at) {
    }

    public record Rollback(@Size(max = 100) String by, @NotBlank @Size(max = 500) String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryView(Instant at, String actor, String action, Map<String, Object> before, Map<String, Object> after,
            String note) {
    }

    /** Calls from a pending polres' regency that Polda NTT answered instead; null counts when stats are unavailable. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record FallbackCalls(String unit, String regency, String regencyName, Long last7Days, Long last30Days) {
    }

    /**
     * @param fallbackCallsStatus AVAILABLE, or UNAVAILABLE when stats-service did not answer in time
     * @param fallbackWindows the WITA date ranges (inclusive) behind last7Days and last30Days
     */
    public record Summary(Map<Stage, Long> byStage, List<String> overdue, List<FallbackCalls> fallbackCalls,
            String fallbackCallsStatus, Map<String, DateRange> fallbackWindows) {
    }

    public record DateRange(LocalDate from, LocalDate to) {
    }
}
