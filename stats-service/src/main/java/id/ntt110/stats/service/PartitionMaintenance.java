package id.ntt110.stats.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * Creates call_leg's monthly partitions (UTC months) ahead of the legs, so ingestion never runs DDL: the current month
 * and the next {@value #MONTHS_AHEAD}, at start and every few hours. Legs are accepted at most 30 days ahead, so the
 * default partition never holds a leg of a month created here, which PostgreSQL would refuse.
 */
@ApplicationScoped
public class PartitionMaintenance {

    static final int MONTHS_AHEAD = 3;

    private final AgroalDataSource dataSource;

    public PartitionMaintenance(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Startup
    void atStart() {
        createAhead();
    }

    @Scheduled(every = "6h", delayed = "6h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void createAhead() {
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        for (int i = 0; i <= MONTHS_AHEAD; i++) {
            YearMonth month = now.plusMonths(i);
            try {
                create(month);
            } catch (SQLException | RuntimeException e) {
                // tried again at the next run, months before it is needed
                Log.warnf("Could not create the call_leg partition of %s: %s", month, e.getMessage());
            }
        }
    }

    private void create(YearMonth month) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            try {
                statement.execute("SELECT pg_advisory_xact_lock(hashtext('call_leg partitions'))");
                // Never queue in front of ingestion for the table lock: give up and try at the next run instead.
                statement.execute("SET LOCAL lock_timeout = '2s'");
                statement.execute(String.format("CREATE TABLE IF NOT EXISTS call_leg_%04d_%02d PARTITION OF call_leg "
                        + "FOR VALUES FROM ('%s-01 00:00:00+00') TO ('%s-01 00:00:00+00')", month.getYear(),
                        month.getMonthValue(), month, month.plusMonths(1)));
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
