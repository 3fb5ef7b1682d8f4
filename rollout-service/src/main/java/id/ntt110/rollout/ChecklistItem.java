package id.ntt110.rollout;

/**
 * The go-live checklist. Items whose completion is only credible with a record of how it was checked require
 * {@code evidence} when marked done: which trunk the telephone company provisioned, which test calls went through.
 */
public enum ChecklistItem {
    SITE_READY(false),
    /** The 110 trunk from the telephone company. */
    LINE_PROVISIONED(true),
    EQUIPMENT_INSTALLED(false),
    OPERATORS_TRAINED(false),
    ROSTER_24_7(false),
    /** Which test calls, from which carriers, when. */
    TEST_CALLS_PASSED(true),
    DESTINATION_CONFIGURED(false);

    private final boolean evidenceRequired;

    ChecklistItem(boolean evidenceRequired) {
        this.evidenceRequired = evidenceRequired;
    }

    public boolean evidenceRequired() {
        return evidenceRequired;
    }
}
