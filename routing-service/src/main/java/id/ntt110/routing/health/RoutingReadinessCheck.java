package id.ntt110.routing.health;

import id.ntt110.routing.service.CallLocator;
import id.ntt110.routing.service.DecisionRecorder;
import id.ntt110.routing.service.DirectoryService;
import id.ntt110.routing.service.DirectorySnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready = able to route: the directory snapshot is loaded. Deliberately not the database: routing answers from memory
 * while its database is down (DESIGN rule 1), so taking every replica out of the Service then would fail calls that
 * could be routed. The database has its own check in the {@code database} group.
 */
@Readiness
@ApplicationScoped
public class RoutingReadinessCheck implements HealthCheck {

    private final DirectoryService directory;
    private final CallLocator locator;
    private final DecisionRecorder recorder;

    public RoutingReadinessCheck(DirectoryService directory, CallLocator locator, DecisionRecorder recorder) {
        this.directory = directory;
        this.locator = locator;
        this.recorder = recorder;
    }

    @Override
    public HealthCheckResponse call() {
        DirectorySnapshot snapshot = directory.snapshot();
        return HealthCheckResponse.named("Routing snapshot")
                .status(snapshot != null)
                .withData("revision", snapshot == null ? -1 : snapshot.revision())
                // DATABASE, or FILE / REFERENCE_DATA for a replica that started while its database was down
                .withData("source", directory.source().name())
                .withData("boundaries", locator.hasBoundaries())
                .withData("decisionsBuffered", recorder.buffered())
                .build();
    }
}
