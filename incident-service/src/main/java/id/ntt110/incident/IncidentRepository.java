package id.ntt110.incident;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class IncidentRepository implements PanacheRepositoryBase<Incident, UUID> {

    /** Locked until the transaction ends: changes to one incident happen one at a time. */
    public Optional<Incident> findByIdForUpdate(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The next number of a desk in a year; the counter row stays locked until the creating transaction ends. */
    public int nextNumber(String unit, int year) {
        Object value = getEntityManager().createNativeQuery("""
                INSERT INTO incident_number_counter AS c (unit, year, last_value) VALUES (?1, ?2, 1)
                ON CONFLICT (unit, year) DO UPDATE SET last_value = c.last_value + 1
                RETURNING last_value""")
                .setParameter(1, unit).setParameter(2, year).getSingleResult();
        return ((Number) value).intValue();
    }

    /** The incident a call is attached to, if any. */
    public Optional<UUID> incidentOfCall(String callId) {
        List<?> rows = getEntityManager().createNativeQuery("SELECT incident_id FROM incident_call WHERE call_id = ?1", UUID.class)
                .setParameter(1, callId).getResultList();
        return rows.stream().map(UUID.class::cast).findFirst();
    }

    /**
     * Attaches unless the call is attached already, in one statement: a concurrent attach of the same call waits on the
     * unique index and then finds the conflict instead of failing on it.
     *
     * @return whether this call attached it
     */
    public boolean attachCall(UUID incidentId, String callId, java.time.Instant at) {
        return getEntityManager().createNativeQuery("INSERT INTO incident_call (incident_id, call_id, attached_at) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (call_id) DO NOTHING")
                .setParameter(1, incidentId).setParameter(2, callId).setParameter(3, at).executeUpdate() == 1;
    }
}
