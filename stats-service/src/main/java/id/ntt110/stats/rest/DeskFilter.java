package id.ntt110.stats.rest;

import id.ntt110.problem.ProblemException;
import id.ntt110.reference.ReferenceData;
import id.ntt110.security.Caller;

/** The {@code unit} query parameter, read against who is asking. */
final class DeskFilter {

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
