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
    }

    @Test
    void leavesIdsTimesAndOtherNumbersAlone() {
        String text = "call 123e4567-e89b-12d3-a456-426614174000 revision 1733091234 at 2021-07-12T10:00:00Z on port 8081, "
                + "desk POLRES-BELU-0380123456";
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
                .contains("java.sql.SQLException: Batch entry 0 INSERT INTO routing_decision VALUES ('c-1', '********7890')")
                .contains("MaskCallerNumbersFilterTest")
                .doesNotContain("081234567890");
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
