package id.ntt110.stats;

import static id.ntt110.testsupport.TestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import id.ntt110.stats.service.CallbackQueue;
import id.ntt110.testsupport.WithPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A synthetic week shaped like the seed week — 3,299 calls, 705 unanswered — with repeat callers, callers who got
 * through later, withheld numbers, overflows that Polda answered, posted shuffled in batches: the queue and its KPIs
 * must come out exactly as counted while generating the calls.
 */
@QuarkusTest
@WithPostgres
class CallbackSeedWeekTest {

    private static final String FROM = "2021-10-02";
    private static final String TO = "2021-10-08";
    private static final List<String> DESKS = new ArrayList<>(CallStatisticsTest.POLRES);
    private static final String[] MISSES = {"NO_ANSWER", "BUSY", "ABANDONED", "FAILED"};
    private static final String[] WITHHELD = {null, "", "anonymous", "12"};

    static {
        DESKS.add("POLDA-NTT");
    }

    @Inject
    CallbackQueue queue;

    private final Random random = new Random(110);
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> legs = new ArrayList<>();
    private int calls;
    private int unanswered;
    private int numbers;
    private int legSeq;
    private int oneTime;
    /** Expected per desk: missedCallers, withheld, selfResolved, open. */
    private final Map<String, int[]> expected = new TreeMap<>();

    private String newNumber() {
        // +62 857 xxxx xxxx, national form for every third number: stats compares numbers in E.164
        String digits = String.format("857%08d", (Math.floorMod(run.hashCode(), 90_000_000) + numbers++) % 100_000_000);
        return numbers % 3 == 0 ? "0" + digits : "+62" + digits;
    }

    private Instant someTime(int spareHours) {
        Instant weekStart = LocalDate.parse(FROM).atStartOfDay(CallStatisticsTest.WITA).toInstant();
        return weekStart.plusSeconds(random.nextLong((7 * 24 - spareHours) * 3600L));
    }

    private void call(String caller, Instant at, String desk, boolean answered, boolean overflowToPolda) {
        calls++;
        String callId = run + "-call-" + calls;
        String firstDisposition = answered && !overflowToPolda ? "ANSWERED" : MISSES[random.nextInt(MISSES.length)];
        if (overflowToPolda) {
            firstDisposition = "NO_ANSWER";
        }
        legs.add(leg(callId, desk, caller, at, firstDisposition));
        if (overflowToPolda && !desk.equals("POLDA-NTT")) {
            legs.add(leg(callId, "POLDA-NTT", caller, at.plusSeconds(10), answered ? "ANSWERED" : "BUSY"));
        }
        if (!answered) {
            unanswered++;
        }
    }

    private String leg(String callId, String unit, String caller, Instant at, String disposition) {
        return "{\"id\": \"" + callId + "-" + (legSeq++) + "\", \"callId\": \"" + callId + "\", \"unit\": \"" + unit + "\", "
                + (caller == null ? "" : "\"caller\": \"" + caller + "\", ") + "\"startedAt\": \"" + at + "\", "
                + ("ANSWERED".equals(disposition) ? "\"answeredAt\": \"" + at.plusSeconds(7) + "\", " : "")
                + "\"endedAt\": \"" + at.plusSeconds(45) + "\", \"disposition\": \"" + disposition + "\"}";
    }

    private String desk() {
        return DESKS.get(random.nextInt(DESKS.size()));
    }

    private int[] expect(String desk) {
        return expected.computeIfAbsent(desk, d -> new int[4]);
    }

    /** m misses of one number at one desk, minutes apart; some overflowed to Polda, which did not answer either. */
    private Instant misses(String caller, String desk, Instant at, int m) {
        for (int i = 0; i < m; i++) {
            call(caller, at, desk, false, random.nextInt(3) == 0);
            at = at.plusSeconds(300 + random.nextInt(3000));
        }
        return at;
    }

    private void generate() {
        // Withheld numbers: 60 misses, no items.
        for (int i = 0; i < 60; i++) {
            String desk = desk();
            call(WITHHELD[i % WITHHELD.length], someTime(1), desk, false, false);
            expect(desk)[1]++;
        }
        // 10 numbers that missed at two desks: two open items each.
        for (int i = 0; i < 10; i++) {
            String caller = newNumber();
            String a = DESKS.get(i);
            String b = DESKS.get(i + 1);
            Instant at = misses(caller, a, someTime(24), 1);
            misses(caller, b, at, 1);
            expect(a)[0]++;
            expect(a)[3]++;
            expect(b)[0]++;
            expect(b)[3]++;
        }
        // 120 numbers that missed 1–3 times and got through later, at any desk: closed by themselves.
        for (int i = 0; i < 120; i++) {
            String caller = newNumber();
            String desk = desk();
            Instant after = misses(caller, desk, someTime(30), 1 + random.nextInt(3));
            call(caller, after, random.nextBoolean() ? desk : "POLDA-NTT", true, false);
            expect(desk)[0]++;
            expect(desk)[2]++;
        }
        // 30 numbers answered once and then missed: the earlier answer closes nothing.
        for (int i = 0; i < 30; i++) {
            String caller = newNumber();
            String desk = desk();
            Instant at = someTime(5);
            call(caller, at, desk(), true, false);
            misses(caller, desk, at.plusSeconds(1800), 1);
            expect(desk)[0]++;
            expect(desk)[3]++;
        }
        // 80 repeat callers who never got through: 2–5 misses, one open item each.
        for (int i = 0; i < 80; i++) {
            String caller = newNumber();
            String desk = desk();
            misses(caller, desk, someTime(30), 2 + random.nextInt(4));
            expect(desk)[0]++;
            expect(desk)[3]++;
        }
        // The rest of the 705 misses: one-time callers.
        oneTime = 705 - unanswered;
        assertThat(oneTime).as("one-time missed callers left in the budget").isPositive();
        for (int i = 0; i < oneTime; i++) {
            String desk = desk();
            misses(newNumber(), desk, someTime(1), 1);
            expect(desk)[0]++;
            expect(desk)[3]++;
        }
        // 200 calls a polres missed and Polda answered: answered calls, nobody to call back.
        for (int i = 0; i < 200; i++) {
            call(newNumber(), someTime(1), CallStatisticsTest.POLRES.get(i % CallStatisticsTest.POLRES.size()), true, true);
        }
        // Answered calls from other numbers, some of them twice, up to 3,299 calls.
        while (calls < 3299) {
            String caller = newNumber();
            Instant at = someTime(2);
            call(caller, at, desk(), true, false);
            if (calls < 3299 && random.nextInt(4) == 0) {
                call(caller, at.plusSeconds(3600), desk(), true, false);
            }
        }
        assertThat(calls).isEqualTo(3299);
        assertThat(unanswered).isEqualTo(705);
    }

    @Test
    void theQueueAndItsKpisAreExactlyWhatTheWeekHolds() {
        generate();
        Collections.shuffle(legs, random);
        for (int i = 0; i < legs.size(); i += 500) {
            List<String> batch = legs.subList(i, Math.min(legs.size(), i + 500));
            CallStatisticsTest.post(batch).body("accepted", org.hamcrest.Matchers.equalTo(batch.size()))
                    .body("rejected", org.hamcrest.Matchers.empty());
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            queue.drain();
            return queue.pending() == 0;
        });

        int[] total = new int[4];
        expected.values().forEach(e -> {
            for (int i = 0; i < 4; i++) {
                total[i] += e[i];
            }
        });
        assertThat(total[0]).isEqualTo(10 * 2 + 120 + 30 + 80 + oneTime);
        JsonPath week = kpis();
        assertThat(week.getInt("total.missedCallers")).isEqualTo(total[0]);
        assertThat(week.getInt("total.withheld")).isEqualTo(60);
        assertThat(week.getInt("total.selfResolved")).isEqualTo(120);
        assertThat(week.getInt("total.open")).isEqualTo(total[3]);
        for (Map.Entry<String, int[]> desk : expected.entrySet()) {
            Map<String, Object> row = week.getMap("rows.find { it.key == '" + desk.getKey() + "' }");
            assertThat(row).as(desk.getKey()).containsEntry("missedCallers", desk.getValue()[0])
                    .containsEntry("withheld", desk.getValue()[1]).containsEntry("selfResolved", desk.getValue()[2])
                    .containsEntry("open", desk.getValue()[3]);
        }
        // Every unanswered call with a number is in exactly one item.
        int missedCalls = 0;
        for (int page = 0; page < 10; page++) {
            List<Integer> counts = given().get("/callbacks?from=" + FROM + "&to=" + TO + "&size=200&page=" + page).then()
                    .statusCode(200).extract().path("items.missedCalls");
            missedCalls += counts.stream().mapToInt(Integer::intValue).sum();
        }
        assertThat(missedCalls).isEqualTo(705 - 60);
        given().get("/callbacks?status=OPEN&from=" + FROM + "&to=" + TO).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(total[3]));

        // Desks call back the 25 oldest open items: 15 reached, 5 pranks, 5 not answering (still open).
        List<Map<String, Object>> oldest = given().get("/callbacks?status=OPEN&from=" + FROM + "&to=" + TO + "&size=25").then()
                .statusCode(200).extract().path("items");
        for (int i = 0; i < oldest.size(); i++) {
            String outcome = i < 15 ? "REACHED" : i < 20 ? "PRANK" : "NO_ANSWER";
            int[] desk = expected.get((String) oldest.get(i).get("unit"));
            given().contentType(ContentType.JSON).body("{\"outcome\": \"" + outcome + "\"}")
                    .post("/callbacks/" + oldest.get(i).get("id") + "/attempts").then().statusCode(200);
            if (!outcome.equals("NO_ANSWER")) {
                desk[3]--;
            }
        }
        week = kpis();
        assertThat(week.getInt("total.reached")).isEqualTo(15);
        assertThat(week.getInt("total.closedOther")).isEqualTo(5);
        assertThat(week.getInt("total.open")).isEqualTo(total[3] - 20);
        // Called back years after the week: none within 15 minutes, of all the items not self-resolved.
        assertThat(week.getDouble("total.calledBackWithin15Min")).isZero();
        for (Map.Entry<String, int[]> desk : expected.entrySet()) {
            assertThat(week.getInt("rows.find { it.key == '" + desk.getKey() + "' }.open")).as(desk.getKey())
                    .isEqualTo(desk.getValue()[3]);
        }
    }

    private static JsonPath kpis() {
        return given().get("/stats/callbacks?groupBy=unit&from=" + FROM + "&to=" + TO).then().statusCode(200).extract().jsonPath();
    }
}
