package id.ntt110.routing;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class UnitStatusChangeRepository implements PanacheRepository<UnitStatusChange> {

    public Optional<UnitStatusChange> findByChangeId(String changeId) {
        return find("changeId", changeId).firstResultOptional();
    }

    /** Oldest first. */
    public List<UnitStatusChange> listByUnit(String unitCode) {
        return list("unitCode", Sort.by("changedAt").and("id"), unitCode);
    }
}
