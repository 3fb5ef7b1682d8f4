package id.ntt110.rollout.service;

import id.ntt110.rollout.RolloutHistoryEntry;
import id.ntt110.rollout.RolloutRepository;
import id.ntt110.rollout.RoutingChange;
import id.ntt110.rollout.client.RoutingApi;
import id.ntt110.rollout.config.RolloutConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The outbox relay towards routing-service. Each run sends the due changes one by one, each under its row lock taken
 * with SKIP LOCKED, so replicas never send the same change at once; a change routing did not take waits with
 * exponential backoff. Routing is idempotent by changeId, so a change resent after a crash records nothing twice.
 * The same run carries out scheduled go-lives that are due (their rows are claimed the same way).
 */
@ApplicationScoped
public class RoutingSyncRelay {

    private final RolloutRepository rollouts;
    private final RolloutService service;
    private final RoutingApi routing;
    private final RolloutConfig config;
    private final Counter delivered;
    private final Counter failures;
    private final Counter rejected;

    public RoutingSyncRelay(RolloutRepository rollouts, RolloutService service, @RestClient RoutingApi routing,
            RolloutConfig config, MeterRegistry metrics) {
        this.rollouts = rollouts;
        this.service = service;
        this.routing = routing;
        this.config = config;
        this.delivered = Counter.builder("rollout.routing.changes.delivered")
                .description("Desk status changes acknowledged by routing-service").register(metrics);
        this.failures = Counter.builder("rollout.routing.changes.failures")
                .description("Attempts routing-service did not acknowledge (retried later)").register(metrics);
        this.rejected = Counter.builder("rollout.routing.changes.rejected")
                .description("Changes routing-service refused for good (4xx): not retried, routingSync FAILED").register(metrics);
    }

    @Scheduled(every = "${rollout.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            while (service.runDueGoLive()) {
                // one scheduled go-live per transaction; more may be due
            }
            for (int i = 0; i < config.routingSync().maxPerRun() && relayOne(); i++) {
                // a change was handled: more may be due
            }
        } catch (RuntimeException e) {
            Log.debugf("Rollout tick skipped: %s", e.getMessage());
        }
    }

    /** Sends the next due change; false when none is due. */
    boolean relayOne() {
        return QuarkusTransaction.requiringNew().call(() -> {
            RoutingChange change = rollouts.claimDueRoutingChange().orElse(null);
            if (change == null) {
                return false;
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            try {
                routing.setStatus(change.unit, new RoutingApi.StatusChange(change.status, change.reason, change.changeId,
                        change.changedBy, change.createdAt));
                change.state = RoutingChange.State.DELIVERED;
                change.deliveredAt = now;
                change.lastError = null;
                rollouts.record(RolloutHistoryEntry.of(change.unit, now, "routing-service", RolloutHistoryEntry.Action.ROUTING_SYNCED,
                        null, RolloutService.fields("status", change.status, "changeId", change.changeId),
                        "routing-service set the desk " + change.status + " after " + (change.attempts + 1) + " attempt(s)"));
                delivered.increment();
            } catch (RuntimeException e) {
                change.attempts++;
                change.lastError = describe(e);
                if (refusedForGood(e)) {
                    // Sending it again would be refused again: stop, and make it visible (routingSync FAILED, metric).
                    change.state = RoutingChange.State.FAILED;
                    rejected.increment();
                    rollouts.record(RolloutHistoryEntry.of(change.unit, now, "routing-service",
                            RolloutHistoryEntry.Action.ROUTING_SYNC_FAILED, null,
                            RolloutService.fields("status", change.status, "changeId", change.changeId),
                            "routing-service refused the change: " + change.lastError));
                    Log.errorf("routing-service refused %s → %s for good (change %s): %s; the desk keeps its old status "
                            + "until someone acts", change.unit, change.status, change.changeId, change.lastError);
                    return true;
                }
                failures.increment();
                long backoff = Math.min(config.routingSync().maxBackoff().toSeconds(), 1L << Math.min(change.attempts - 1, 20));
                change.nextAttemptAt = now.plus(Duration.ofSeconds(Math.max(1, backoff)));
                Log.warnf("routing-service did not take %s → %s (attempt %d, next in %d s): %s", change.unit, change.status,
                        change.attempts, backoff, change.lastError);
            }
            return true;
        });
    }

    /** What routing-service said (its problem+json), if the response still has a body to read. */
    private static String answer(WebApplicationException web) {
        try {
            String body = web.getResponse().readEntity(String.class);
            return body == null || body.isBlank() ? "" : ": " + body.strip();
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    /**
     * A 4xx the same request would get again. Not 408 and 429 (load), nor 401 and 403: those say our credentials are
     * wrong or not yet accepted (a rotated secret, a role being granted), which an operator fixes — the change must
     * still reach routing then.
     */
    static boolean refusedForGood(RuntimeException e) {
        if (!(e instanceof WebApplicationException web) || web.getResponse() == null) {
            return false;
        }
        int status = web.getResponse().getStatus();
        return status >= 400 && status < 500 && status != 408 && status != 429 && status != 401 && status != 403;
    }

    private static String describe(RuntimeException e) {
        String text = e instanceof WebApplicationException web ? "HTTP " + web.getResponse().getStatus() + answer(web)
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
