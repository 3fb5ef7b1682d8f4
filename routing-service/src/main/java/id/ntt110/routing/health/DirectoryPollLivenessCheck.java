package id.ntt110.routing.health;

import id.ntt110.routing.config.RoutingConfig;
import id.ntt110.routing.service.DirectoryService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * A directory poll that never returns (the JDBC timeouts should end one within seconds) leaves this replica's snapshot
 * frozen while it keeps answering: restart it. It then starts from its saved directory if the database is still away.
 */
@Liveness
@ApplicationScoped
public class DirectoryPollLivenessCheck implements HealthCheck {

    private final DirectoryService directory;
    private final RoutingConfig config;

    public DirectoryPollLivenessCheck(DirectoryService directory, RoutingConfig config) {
        this.directory = directory;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        Instant since = directory.pollRunningSince();
        Duration running = since == null ? Duration.ZERO : Duration.between(since, Instant.now());
        return HealthCheckResponse.named("Directory poll")
                .status(running.compareTo(config.pollStuckAfter()) < 0)
                .withData("runningSeconds", running.toSeconds())
                .withData("source", directory.source().name())
                .build();
    }
}
