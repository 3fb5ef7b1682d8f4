package id.ntt110.routing.health;

import io.agroal.api.AgroalDataSource;
import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The routing database, at {@code /q/health/group/database}: for dashboards and alerts, not for traffic (see
 * {@link RoutingReadinessCheck}). While it is DOWN, decisions wait in memory and status changes are refused.
 */
@HealthGroup("database")
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

    private final AgroalDataSource dataSource;

    public DatabaseHealthCheck(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckResponse call() {
        try (Connection connection = dataSource.getConnection()) {
            return HealthCheckResponse.named("Routing database").status(connection.isValid(2)).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("Routing database").down().withData("error", e.getMessage()).build();
        }
    }
}
