package id.ntt110.rollout;

/**
 * Whether routing-service has taken the rollout's latest desk status: NONE (nothing to send yet), PENDING (being
 * retried), DONE, or FAILED (routing-service refused it for good: a person must look at routingSyncError).
 */
public enum RoutingSync {
    NONE, PENDING, DONE, FAILED
}
