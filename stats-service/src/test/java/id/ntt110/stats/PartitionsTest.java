package id.ntt110.stats;

import static id.ntt110.testsupport.TestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import id.ntt110.testsupport.WithPostgres;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a leg of a month without a partition made ingestion create one inside its transaction (ACCESS EXCLUSIVE
 * on call_leg: a long report blocked every ingest at the turn of the month), and a batch spread over many months
 * created as many tables. Partitions are now made ahead, outside ingestion.
 */
@QuarkusTest
@WithPostgres
class PartitionsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theCurrentAndNextThreeMonthsHaveTheirPartitionsFromTheStart() throws Exception {
        List<String> partitions = partitions();
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        for (int i = 0; i <= 3; i++) {
            YearMonth month = now.plusMonths(i);
            assertThat(partitions).contains(String.format("call_leg_%04d_%02d", month.getYear(), month.getMonthValue()));
        }
        assertThat(partitions).contains("call_leg_default");
    }

    @Test
    void legsOfManyOldMonthsAreStoredWithoutCreatingATable() throws Exception {
        List<String> before = partitions();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> legs = new ArrayList<>();
        for (int month = 1; month <= 12; month++) {
            legs.add(CallStatisticsTest.leg("old-" + run + "-" + month, "POLRES-ALOR",
                    String.format("2004-%02d-15T10:00:00+08:00", month), month % 2 == 0));
        }
        CallStatisticsTest.post(legs).body("accepted", equalTo(12));
        assertThat(partitions()).isEqualTo(before);
        given().queryParam("from", "2004-01-01").queryParam("to", "2004-12-31").queryParam("groupBy", "level")
                .when().get("/stats/calls").then().statusCode(200)
                .body("total.incoming", equalTo(12)).body("total.answered", equalTo(6));
    }

    private List<String> partitions() throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(
                "SELECT child.relname FROM pg_inherits JOIN pg_class child ON child.oid = inhrelid "
                        + "JOIN pg_class parent ON parent.oid = inhparent WHERE parent.relname = 'call_leg' ORDER BY 1")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
