package id.ntt110.incident;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class IncidentHistoryRepository implements PanacheRepository<IncidentHistoryEntry> {

    /** Oldest first. */
    public List<IncidentHistoryEntry> listByIncident(UUID incidentId) {
        return list("incidentId", Sort.by("id"), incidentId);
    }
}
