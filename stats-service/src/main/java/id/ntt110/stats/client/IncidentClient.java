package id.ntt110.stats.client;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Prank counts per desk from incident-service; empty when it is down or slow, so a report is never held up. */
@ApplicationScoped
public class IncidentClient {

    private final IncidentCountsApi api;

    public IncidentClient(@RestClient IncidentCountsApi api) {
        this.api = api;
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10, delayUnit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "unavailable")
    public Optional<List<IncidentCountsApi.CountRow>> countsByUnit(LocalDate from, LocalDate to) {
        return Optional.of(api.counts(from.toString(), to.toString(), "unit"));
    }

    Optional<List<IncidentCountsApi.CountRow>> unavailable(LocalDate from, LocalDate to, Throwable failure) {
        Log.warnf("Prank counts unavailable from incident-service: %s", failure.toString());
        return Optional.empty();
    }
}
