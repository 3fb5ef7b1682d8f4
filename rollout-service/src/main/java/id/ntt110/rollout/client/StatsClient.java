package id.ntt110.rollout.client;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Fallback demand from stats-service; empty when it is down or slow, so the summary is never held up. */
@ApplicationScoped
public class StatsClient {

    private final StatsApi api;

    public StatsClient(@RestClient StatsApi api) {
        this.api = api;
    }

    /** Per caller regency, the calls routing sent to {@code unit} between the WITA dates (inclusive), answered or not. */
    @Timeout(value = 3, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "unavailable")
    public Optional<Map<String, Long>> routedToByRegency(String unit, LocalDate from, LocalDate to) {
        Map<String, Long> routed = new HashMap<>();
        for (StatsApi.Row row : api.calls(from.toString(), to.toString(), "regency").rows()) {
            routed.put(row.key(), row.routedTo() == null ? 0L : row.routedTo().getOrDefault(unit, 0L));
        }
        return Optional.of(routed);
    }

    Optional<Map<String, Long>> unavailable(String unit, LocalDate from, LocalDate to, Throwable failure) {
        Log.warnf("Fallback demand unavailable from stats-service: %s", failure.toString());
        return Optional.empty();
    }
}
