package id.ntt110.routing;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;

@ApplicationScoped
public class UnitStateRepository implements PanacheRepositoryBase<UnitState, String> {

    /** The desk's row, locked until the transaction ends: status changes of one desk happen one at a time. */
    public Optional<UnitState> findByCodeForUpdate(String code) {
        return findByIdOptional(code, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Tells every replica that the directory changed (they poll the revision). Call inside the change's transaction. */
    public void bumpRevision() {
        getEntityManager().createNativeQuery("UPDATE directory_revision SET revision = revision + 1 WHERE id = 1")
                .executeUpdate();
    }
}
