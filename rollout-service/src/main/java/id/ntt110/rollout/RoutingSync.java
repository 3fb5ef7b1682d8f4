package id.ntt110.rollout;

/** Whether routing-service has taken the rollout's latest desk status: NONE (nothing to send yet), PENDING, DONE. */
public enum RoutingSync {
    NONE, PENDING, DONE
}
