package id.ntt110.rollout;

/** Where a polres stands on its way to answering 110. The first four are passed in order; LIVE and ROLLED_BACK only
 * through go-live and rollback. */
public enum Stage {
    PLANNING, PROCUREMENT, INSTALLATION, TESTING, LIVE, ROLLED_BACK;

    /** The stages a manager sets by hand (PATCH). */
    public boolean isPreparation() {
        return this != LIVE && this != ROLLED_BACK;
    }
}
