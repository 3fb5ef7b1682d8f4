package id.ntt110.logging;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Masks caller numbers in every log record before it is written (console, plain or JSON): in the message and in the
 * messages of an attached exception — a database error quotes the rows it refused, caller numbers included. Named
 * in {@code quarkus.log.console.filter} (service-support's defaults).
 */
@LoggingFilter(name = MaskCallerNumbersFilter.NAME)
public final class MaskCallerNumbersFilter implements Filter {

    public static final String NAME = "ntt110-mask-caller-numbers";

    @Override
    public boolean isLoggable(LogRecord record) {
        String formatted = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        String masked = CallerNumbers.mask(formatted);
        if (record instanceof ExtLogRecord ext) {
            ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
            ext.setParameters(null);
        } else if (masked != null && !masked.equals(formatted)) {
            record.setMessage(masked);
            record.setParameters(null);
        }
        if (record.getThrown() != null) {
            record.setThrown(MaskedThrowable.of(record.getThrown()));
        }
        return true;
    }
}
