package id.ntt110.incident;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of an incident, enforced here and only here: RECEIVED → DISPATCHED → ON_SCENE → RESOLVED → CLOSED;
 * RECEIVED or DISPATCHED → RESOLVED (handled without a unit on scene) or → PRANK. CLOSED and PRANK are final.
 */
public enum IncidentStatus {
    RECEIVED, DISPATCHED, ON_SCENE, RESOLVED, CLOSED, PRANK;

    public Set<IncidentStatus> next() {
        return switch (this) {
            case RECEIVED -> EnumSet.of(DISPATCHED, RESOLVED, PRANK);
            case DISPATCHED -> EnumSet.of(ON_SCENE, RESOLVED, PRANK);
            case ON_SCENE -> EnumSet.of(RESOLVED);
            case RESOLVED -> EnumSet.of(CLOSED);
            case CLOSED, PRANK -> EnumSet.noneOf(IncidentStatus.class);
        };
    }

    public boolean canBecome(IncidentStatus to) {
        return next().contains(to);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }
}
