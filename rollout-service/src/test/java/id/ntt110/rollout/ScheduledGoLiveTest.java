package id.ntt110.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.ntt110.rollout.service.RolloutService;
import id.ntt110.testsupport.InjectStub;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A go-live with {@code at} in the future happens at that time, once, even while several schedulers (this service's own
 * plus two threads standing in for other replicas) race for it.
 */
@QuarkusTest
@WithRolloutTestResources
class ScheduledGoLiveTest {

    private static final String UNIT = "POLRES-MANGGARAI-TIMUR";

    @InjectStub("routing")
    WireMockServer routing;

    @Inject
    RolloutService service;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aScheduledGoLiveFiresOnceAtItsTimeWithRacingSchedulersAndCanBeCancelledByTheChecklist() throws Exception {
        Rollouts.completeChecklist(UNIT);
        String stageBefore = stage();
        // Other tests may have taken this desk live before: count from here.
        long goLivesBefore = Rollouts.historyActions(UNIT).stream().filter("GO_LIVE"::equals).count();
        long liveRowsBefore = outboxRows("LIVE");
        int receivedBefore = Rollouts.received(routing, UNIT).size();
        Instant at = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);
        // Given in WITA: any offset is accepted, and answered in UTC.
        String atWita = OffsetDateTime.ofInstant(at, ZoneOffset.ofHours(8)).toString();
        Rollouts.goLive(UNIT, "{\"by\": \"Kapolda NTT\", \"at\": \"" + atWita + "\"}").statusCode(202)
                .body("stage", equalTo(stageBefore)).body("scheduledGoLive.at", equalTo(at.toString()))
                .body("scheduledGoLive.by", equalTo("admin"));
        assertThat(Rollouts.historyActions(UNIT)).contains("GO_LIVE_SCHEDULED");

        AtomicInteger carriedOut = new AtomicInteger();
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racers.add(replicas.submit(() -> {
                start.await();
                while (Instant.now().isBefore(at.plusSeconds(3))) {
                    if (service.runDueGoLive()) {
                        carriedOut.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        while (Instant.now().isBefore(at.minusMillis(300))) {
            Rollouts.get(UNIT).body("stage", equalTo(stageBefore)).body("liveAt", nullValue());
            Thread.sleep(200);
        }
        for (Future<?> racer : racers) {
            racer.get(30, TimeUnit.SECONDS);
        }
        replicas.shutdown();

        JsonPath live = Rollouts.get(UNIT).statusCode(200).body("stage", equalTo("LIVE")).body("scheduledGoLive", nullValue())
                .extract().jsonPath();
        assertThat(Instant.parse(live.getString("liveAt"))).isAfterOrEqualTo(at);
        assertThat(carriedOut.get()).as("go-lives carried out by the racing threads").isLessThanOrEqualTo(1);
        assertThat(Rollouts.historyActions(UNIT).stream().filter("GO_LIVE"::equals)).hasSize((int) goLivesBefore + 1);
        assertThat(outboxRows("LIVE")).isEqualTo(liveRowsBefore + 1);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(Rollouts.received(routing, UNIT).stream().skip(receivedBefore))
                .extracting(Rollouts.Received::status).containsExactly("LIVE"));

        // Rolled back, scheduled again, then a checklist item reopened before the time: the scheduler cancels it.
        Rollouts.rollback(UNIT, "{\"by\": \"Kapolda NTT\", \"reason\": \"operators reassigned to Labuan Bajo\"}").statusCode(200);
        Instant again = Instant.now().plusSeconds(2);
        Rollouts.goLive(UNIT, "{\"by\": \"Kapolda NTT\", \"at\": \"" + again + "\"}").statusCode(202);
        Rollouts.check(UNIT, "ROSTER_24_7", "{\"done\": false, \"by\": \"Kabag Ops\"}").statusCode(200);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(Rollouts.historyActions(UNIT)).last()
                .isEqualTo("GO_LIVE_CANCELLED"));
        Rollouts.get(UNIT).body("stage", equalTo("ROLLED_BACK")).body("scheduledGoLive", nullValue());
        assertThat(outboxRows("LIVE")).isEqualTo(liveRowsBefore + 1);

        // A go-live scheduled far ahead is called off by a rollback.
        Rollouts.done(UNIT, "ROSTER_24_7").statusCode(200);
        Rollouts.goLive(UNIT, "{\"by\": \"Kapolda NTT\", \"at\": \"2099-01-01T00:00:00Z\"}").statusCode(202)
                .body("scheduledGoLive.at", equalTo("2099-01-01T00:00:00Z"));
        Rollouts.rollback(UNIT, "{\"by\": \"Kapolda NTT\", \"reason\": \"budget moved to 2022\"}").statusCode(200)
                .body("scheduledGoLive", nullValue()).body("rollbackReason", equalTo("budget moved to 2022"));
        assertThat(Rollouts.historyActions(UNIT)).last().isEqualTo("ROLLBACK");
        assertThat(outboxRows("LIVE")).isEqualTo(liveRowsBefore + 1);
    }

    private String stage() {
        return Rollouts.get(UNIT).extract().jsonPath().getString("stage");
    }

    private long outboxRows(String status) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM routing_change WHERE unit = ? AND status = ?")) {
            s.setString(1, UNIT);
            s.setString(2, status);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
