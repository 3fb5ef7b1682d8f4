package id.ntt110.reference;

/** Whether a desk answers 110. The reference data holds the July 2021 status; routing-service owns the live one. */
public enum UnitStatus {
    /** Answers 110 calls. */
    LIVE,
    /** 110 not installed yet: its callers fall back to Polda. */
    PENDING,
    /** Out of service now: its callers fall back to Polda. */
    SUSPENDED
}
