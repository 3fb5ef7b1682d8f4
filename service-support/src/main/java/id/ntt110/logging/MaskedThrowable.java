package id.ntt110.logging;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A stand-in for an exception on its way to the log: the same stack, cause chain and suppressed exceptions, its
 * message with the caller numbers masked. Only built when some message in the chain holds one. Its message starts
 * with the original class name, so that a JSON log (whose {@code exceptionType} is this class) still says what was
 * thrown; printed as text it reads like the original ({@code java.sql.SQLException: …}).
 */
final class MaskedThrowable extends Throwable {

    private MaskedThrowable(String className, String maskedMessage, Throwable cause, StackTraceElement[] stack) {
        super(maskedMessage == null ? className : className + ": " + maskedMessage, cause, true, true);
        setStackTrace(stack);
    }

    static Throwable of(Throwable thrown) {
        return needsMasking(thrown, new IdentityHashMap<>()) ? copy(thrown, new IdentityHashMap<>()) : thrown;
    }

    private static boolean needsMasking(Throwable t, Map<Throwable, Boolean> seen) {
        if (t == null || seen.put(t, Boolean.TRUE) != null) {
            return false;
        }
        String message = t.getMessage();
        if (message != null && !message.equals(CallerNumbers.mask(message))) {
            return true;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (needsMasking(suppressed, seen)) {
                return true;
            }
        }
        return needsMasking(t.getCause(), seen);
    }

    private static Throwable copy(Throwable t, Map<Throwable, Throwable> copies) {
        if (t == null || copies.containsKey(t)) {
            return null; // the end of the chain, or a cycle in it
        }
        copies.put(t, t);
        Throwable cause = copy(t.getCause(), copies);
        MaskedThrowable masked = new MaskedThrowable(t.getClass().getName(), CallerNumbers.mask(t.getMessage()), cause,
                t.getStackTrace());
        for (Throwable suppressed : t.getSuppressed()) {
            Throwable copied = copy(suppressed, copies);
            if (copied != null) {
                masked.addSuppressed(copied);
            }
        }
        return masked;
    }

    /** Reads as the original exception would: {@code class: message}. */
    @Override
    public String toString() {
        return getMessage();
    }
}
