package id.ntt110.routing.service;

import id.ntt110.reference.UnitStatus;

/** A validated request to set a desk's status. */
public record StatusChangeCommand(UnitStatus status, String reason, String changeId, String changedBy, String via,
        java.time.Instant decidedAt) {
}
