package id.ntt110.stats.rest;

import id.ntt110.problem.ProblemException;
import id.ntt110.reference.ReferenceData;
import id.ntt110.security.Caller;

/** The {@code unit} query parameter, read against who is asking. */
final class DeskFilter {

    /** How the API documents the {@code unit} parameter, and the 403 it can cause. */
    static final String UNIT_DESCRIPTION = "One desk's code. Absent: a polres user gets their own desk, everyone else all "
            + "desks; a polres user may name only their own.";
    static final String FORBIDDEN_DESCRIPTION = "The token's roles do not allow it, unit names another desk than a polres "
            + "user's own, or a polres user's account has no desk.";

    private DeskFilter() {
    }

    /**
     * A 400 when it names no desk, a 403 when it is another desk than a polres user's own; absent, a polres user gets
     * their own desk and everyone else all desks (null).
     */
    static String desk(String unit, Caller caller, ReferenceData reference) {
        if (unit == null || unit.isBlank()) {
            return caller.confinedDesk().orElse(null);
        }
        if (reference.unit(unit.strip()).isEmpty()) {
            throw ProblemException.invalid("unit", "'" + unit + "' is not a desk of Polda NTT");
        }
        caller.requireDesk(unit.strip(), "unit");
        return unit.strip();
    }
}
