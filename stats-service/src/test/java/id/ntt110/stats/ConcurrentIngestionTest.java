package id.ntt110.stats;

import static id.ntt110.testsupport.TestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import id.ntt110.testsupport.WithPostgres;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: two senders posting the same legs in another order (a relay's retry racing the original, two relays after
 * a failover) deadlocked on the leg ids and the hourly rollups; with retries exhausted that was a 500.
 */
@QuarkusTest
@WithPostgres
class ConcurrentIngestionTest {

    private static final int LEGS = 300;
    private static final int ROUNDS = 6;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theSameLegsInAnotherOrderAtOnceAreStoredOnceWithoutADeadlock() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // the month's partition exists before the race, as it does in service
        CallStatisticsTest.post(List.of(CallStatisticsTest.leg("warm-" + run, "POLDA-NTT", "2022-03-01T08:00:00+08:00", true)));
        long deadlocksBefore = deadlocks();
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<String> legs = new ArrayList<>();
                for (int i = 0; i < LEGS; i++) {
                    String unit = CallStatisticsTest.POLRES.get(i % CallStatisticsTest.POLRES.size());
                    Instant start = Instant.parse("2022-03-02T00:00:00Z").plusSeconds((i % 6) * 3600L + i);
                    legs.add(CallStatisticsTest.leg("race-" + run + "-" + round + "-" + i, unit, start.toString(), i % 3 != 0));
                }
                List<String> reversed = new ArrayList<>(legs);
                Collections.reverse(reversed);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Response> a = senders.submit(() -> send(start, legs));
                Future<Response> b = senders.submit(() -> send(start, reversed));
                Response first = a.get(60, TimeUnit.SECONDS);
                Response second = b.get(60, TimeUnit.SECONDS);
                assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
                assertThat(second.statusCode()).as(second.asString()).isEqualTo(200);
                assertThat(first.<Integer>path("accepted") + second.<Integer>path("accepted")).isEqualTo(LEGS);
                assertThat(first.<Integer>path("duplicates") + second.<Integer>path("duplicates")).isEqualTo(LEGS);
            }
        } finally {
            senders.shutdownNow();
        }
        given().queryParam("from", "2022-03-02").queryParam("to", "2022-03-02").queryParam("groupBy", "level")
                .when().get("/stats/calls").then().statusCode(200)
                .body("total.incoming", equalTo(LEGS * ROUNDS)).body("total.answered", equalTo(LEGS * ROUNDS * 2 / 3));
        // a deadlock the retry hid still counts in PostgreSQL's statistics, which a backend reports within a second
        Thread.sleep(1500);
        assertThat(deadlocks()).as("deadlocks PostgreSQL detected during the race").isEqualTo(deadlocksBefore);
    }

    private static Response send(CyclicBarrier start, List<String> legs) throws Exception {
        String body = "[" + String.join(",", legs) + "]";
        start.await(10, TimeUnit.SECONDS);
        return given().contentType(ContentType.JSON).body(body).when().post("/cdrs");
    }

    private long deadlocks() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rows = s.executeQuery("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
