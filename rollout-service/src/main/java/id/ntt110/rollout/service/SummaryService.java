package id.ntt110.rollout.service;

import id.ntt110.reference.ReferenceData;
import id.ntt110.reference.Unit;
import id.ntt110.rollout.Rollout;
import id.ntt110.rollout.RolloutRepository;
import id.ntt110.rollout.Stage;
import id.ntt110.rollout.client.StatsClient;
import id.ntt110.rollout.rest.RolloutPayloads.DateRange;
import id.ntt110.rollout.rest.RolloutPayloads.FallbackCalls;
import id.ntt110.rollout.rest.RolloutPayloads.Summary;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The programme at a glance: stages, overdue rollouts, and how many callers still fall back to Polda. */
@ApplicationScoped
public class SummaryService {

    public static final ZoneId WITA = ZoneId.of("Asia/Makassar");

    private final RolloutRepository rollouts;
    private final ReferenceData reference;
    private final StatsClient stats;

    public SummaryService(RolloutRepository rollouts, ReferenceData reference, StatsClient stats) {
        this.rollouts = rollouts;
        this.reference = reference;
        this.stats = stats;
    }

    public Summary summary() {
        // Read the rollouts, then leave the transaction: stats-service is asked without holding a connection.
        List<Rollout> all = QuarkusTransaction.requiringNew().call(rollouts::listAll);
        LocalDate today = LocalDate.now(Clock.system(WITA));
        Map<Stage, Long> byStage = new EnumMap<>(Stage.class);
        for (Stage stage : Stage.values()) {
            byStage.put(stage, 0L);
        }
        List<String> overdue = new ArrayList<>();
        List<Rollout> pending = new ArrayList<>();
        for (Rollout rollout : all) {
            byStage.merge(rollout.stage, 1L, Long::sum);
            if (rollout.stage != Stage.LIVE) {
                pending.add(rollout);
                if (rollout.targetDate != null && rollout.targetDate.isBefore(today)) {
                    overdue.add(rollout.unit);
                }
            }
        }
        DateRange week = new DateRange(today.minusDays(6), today);
        DateRange month = new DateRange(today.minusDays(29), today);
        String polda = reference.polda().code();
        // Nothing pending, nothing to ask; the 30-day question is skipped when the 7-day one found stats-service down.
        Optional<Map<String, Long>> last7 = Optional.of(Map.of());
        Optional<Map<String, Long>> last30 = Optional.of(Map.of());
        if (!pending.isEmpty()) {
            last7 = stats.routedToByRegency(polda, week.from(), week.to());
            last30 = last7.isPresent() ? stats.routedToByRegency(polda, month.from(), month.to()) : Optional.empty();
        }
        boolean available = last7.isPresent() && last30.isPresent();
        List<FallbackCalls> fallback = new ArrayList<>();
        for (Rollout rollout : pending) {
            List<String> regencies = reference.unit(rollout.unit).map(Unit::regencies).orElse(List.of());
            for (String regency : regencies) {
                String name = reference.regency(regency).map(r -> r.name()).orElse(null);
                fallback.add(new FallbackCalls(rollout.unit, regency, name,
                        available ? last7.get().getOrDefault(regency, 0L) : null,
                        available ? last30.get().getOrDefault(regency, 0L) : null));
            }
        }
        Map<String, DateRange> windows = new LinkedHashMap<>();
        windows.put("last7Days", week);
        windows.put("last30Days", month);
        return new Summary(byStage, overdue, fallback, available ? "AVAILABLE" : "UNAVAILABLE", windows);
    }
}
