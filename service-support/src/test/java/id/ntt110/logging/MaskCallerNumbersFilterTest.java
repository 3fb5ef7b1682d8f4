package id.ntt110.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.SQLException;
import java.util.logging.Level;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

class MaskCallerNumbersFilterTest {

    final MaskCallerNumbersFilter filter = new MaskCallerNumbersFilter();

    @Test
    void masksEveryWrittenFormOfACallerNumberButItsLastFourDigits() {
        assertThat(CallerNumbers.mask("caller 081234567890 rang")).isEqualTo("caller ********7890 rang");
        assertThat(CallerNumbers.mask("+6281234567890")).isEqualTo("+*********7890");
        assertThat(CallerNumbers.mask("landline 0380 821110")).isEqualTo("landline **** **1110");
        assertThat(CallerNumbers.mask("0812-3456-7890")).isEqualTo("****-****-7890");
        assertThat(CallerNumbers.mask("0812.3456.7890")).isEqualTo("****.****.7890");
        assertThat(CallerNumbers.mask("(0380) 821110")).isEqualTo("(****) **1110");
        assertThat(CallerNumbers.mask("+62 (0)812 3456 7890")).isEqualTo("+** (*)*** **** 7890");
        assertThat(CallerNumbers.mask("006281234567890")).isEqualTo("***********7890");
        assertThat(CallerNumbers.mask("{\"caller\":\"081234567890\"}")).isEqualTo("{\"caller\":\"********7890\"}");
    }

    @Test
    void leavesIdsTimesAndOtherNumbersAlone() {
        String text = "call 123e4567-e89b-12d3-a456-426614174000 revision 1733091234 at 2021-07-12T10:00:00Z on port 8081, "
                + "desk POLRES-BELU-0380123456, call 01234567-89ab-cdef-0123-456789abcdef from 62.123.145.167, rate 0.12345678, "
                + "count 621234567890x";
        assertThat(CallerNumbers.mask(text)).isEqualTo(text);
    }

    @Test
    void masksTheFormattedMessageOfARecord() {
        ExtLogRecord record = new ExtLogRecord(Level.WARNING, "Caller %s rang desk %s", ExtLogRecord.FormatStyle.PRINTF,
                getClass().getName());
        record.setParameters(new Object[] {"081299998888", "POLRES-BELU"});
        assertThat(filter.isLoggable(record)).isTrue();
        assertThat(record.getFormattedMessage()).isEqualTo("Caller ********8888 rang desk POLRES-BELU");
    }

    @Test
    void masksTheMessagesOfAnAttachedExceptionAndKeepsItsClassAndStack() {
        SQLException batch = new SQLException("Batch entry 0 INSERT INTO routing_decision VALUES ('c-1', '081234567890') was aborted");
        RuntimeException thrown = new RuntimeException("Cannot store decisions", batch);
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "failed", getClass().getName());
        record.setThrown(thrown);
        filter.isLoggable(record);

        StringWriter printed = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(printed));
        assertThat(printed.toString())
                .contains("java.lang.RuntimeException: Cannot store decisions")
                .contains("Caused by: java.sql.SQLException: Batch entry 0")
                .contains("java.sql.SQLException: Batch entry 0 INSERT INTO routing_decision VALUES ('c-1', '********7890')")
                .contains("MaskCallerNumbersFilterTest")
                .doesNotContain("081234567890");
    }

    @Test
    void keepsTheSuppressedExceptionsOfAMaskedOne() {
        IllegalStateException thrown = new IllegalStateException("caller 081234567890 not stored");
        thrown.addSuppressed(new java.io.IOException("close failed for +6281299998888"));
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "failed", getClass().getName());
        record.setThrown(thrown);
        filter.isLoggable(record);

        assertThat(record.getThrown().getMessage()).isEqualTo("java.lang.IllegalStateException: caller ********7890 not stored");
        assertThat(record.getThrown().getSuppressed()).singleElement()
                .satisfies(s -> assertThat(s.getMessage()).isEqualTo("java.io.IOException: close failed for +*********8888"));
    }

    @Test
    void anExceptionWithoutNumbersIsLoggedAsItIs() {
        IllegalStateException thrown = new IllegalStateException("database unavailable");
        ExtLogRecord record = new ExtLogRecord(Level.SEVERE, "failed", getClass().getName());
        record.setThrown(thrown);
        filter.isLoggable(record);
        assertThat(record.getThrown()).isSameAs(thrown);
    }
}
