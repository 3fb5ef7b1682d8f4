package id.ntt110.stats;

import static id.ntt110.testsupport.TestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import id.ntt110.testsupport.OpenApiValidation;
import id.ntt110.testsupport.WithPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The reference week, 10–17 July 2021 (WITA): Polda took 1,648 calls (1,521 answered, 127 not), the polres desks
 * 1,651 (1,073 answered, 578 not). Fed such legs, the statistics must give exactly those figures.
 */
@QuarkusTest
@WithPostgres
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallStatisticsTest {

    static final ZoneId WITA = ZoneId.of("Asia/Makassar");
    static final List<String> POLRES = List.of("POLRESTA-KUPANG-KOTA", "POLRES-KUPANG", "POLRES-TTS", "POLRES-TTU",
            "POLRES-BELU", "POLRES-ALOR", "POLRES-ROTE-NDAO", "POLRES-LEMBATA", "POLRES-FLORES-TIMUR", "POLRES-SIKKA",
            "POLRES-ENDE", "POLRES-NGADA", "POLRES-MANGGARAI", "POLRES-MANGGARAI-BARAT", "POLRES-SUMBA-TIMUR", "POLRES-SUMBA-BARAT");

    private final List<String> week = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** Legs of the July 2021 week spread over its 8 days and 24 hours, plus legs just outside it; posted once. */
    @BeforeEach
    void postTheReferenceWeek() {
        if (!week.isEmpty()) {
            return;
        }
        addLegs("POLDA-NTT", 1521, 127, 0);
        addLegs(null, 1073, 578, 5000);
        // just outside: 9 July 23:59:59 WITA and 18 July 00:00:00 WITA; just inside: 17 July 15:59:59Z = 23:59:59 WITA
        week.add(leg("edge-before-" + run, "POLDA-NTT", "2021-07-09T23:59:59+08:00", true));
        week.add(leg("edge-after-" + run, "POLDA-NTT", "2021-07-18T00:00:00+08:00", true));
        JsonPath result = post(week).extract().jsonPath();
        assertThat(result.getInt("accepted")).isEqualTo(1648 + 1651 + 2);
        assertThat(result.getList("rejected")).isEmpty();
    }

    private void addLegs(String unit, int answered, int missed, int offset) {
        for (int i = 0; i < answered + missed; i++) {
            String desk = unit != null ? unit : POLRES.get(i % POLRES.size());
            // 8 days × 24 hours; the last leg of 17 July sits at 15:59:59Z, one second before the WITA day ends
            LocalDate day = LocalDate.of(2021, 7, 10).plusDays(i % 8);
            Instant start = day.atStartOfDay(WITA).toInstant().plusSeconds((i % 24) * 3600L + (i * 37L) % 3599);
            if (i == 0) {
                start = Instant.parse("2021-07-17T15:59:59Z");
            }
            week.add(leg("week-" + run + "-" + (offset + i), desk, start.toString(), i < answered));
        }
    }

    static String leg(String id, String unit, String startedAt, boolean answered) {
        Instant start = java.time.OffsetDateTime.parse(startedAt).toInstant();
        // answered after 4 s, 12 s or 25 s in turn
        long wait = Math.abs(id.hashCode()) % 3 == 0 ? 4 : Math.abs(id.hashCode()) % 3 == 1 ? 12 : 25;
        return "{\"id\": \"" + id + "\", \"callId\": \"call-" + id + "\", \"unit\": \"" + unit + "\", \"caller\": \"081234567890\", "
                + "\"startedAt\": \"" + startedAt + "\", "
                + (answered ? "\"answeredAt\": \"" + start.plusSeconds(wait) + "\", \"endedAt\": \"" + start.plusSeconds(wait + 60) + "\", \"disposition\": \"ANSWERED\"}"
                        : "\"endedAt\": \"" + start.plusSeconds(30) + "\", \"disposition\": \"NO_ANSWER\"}");
    }

    static io.restassured.response.ValidatableResponse post(List<String> legs) {
        return given().contentType(ContentType.JSON).body("[" + String.join(",", legs) + "]").when().post("/cdrs").then().statusCode(200);
    }

    /** Legs that break the documented shape on purpose: the batch is still answered 200, each bad leg rejected by index. */
    static io.restassured.response.ValidatableResponse postMalformed(List<String> legs) {
        return given().filter(OpenApiValidation.requestNotChecked()).contentType(ContentType.JSON)
                .body("[" + String.join(",", legs) + "]").when().post("/cdrs").then().statusCode(200);
    }

    static io.restassured.response.ValidatableResponse report(String groupBy) {
        return given().queryParams(Map.of("from", "2021-07-10", "to", "2021-07-17", "groupBy", groupBy))
                .when().get("/stats/calls").then().statusCode(200);
    }

    @Test
    void theJulyWeekByLevelGivesExactlyThePublishedFigures() {
        report("level")
                .body("timezone", equalTo("Asia/Makassar"))
                .body("rows.key", contains("POLDA", "POLRES"))
                .body("rows[0].incoming", equalTo(1648)).body("rows[0].answered", equalTo(1521)).body("rows[0].unanswered", equalTo(127))
                .body("rows[1].incoming", equalTo(1651)).body("rows[1].answered", equalTo(1073)).body("rows[1].unanswered", equalTo(578))
                .body("total.incoming", equalTo(3299)).body("total.unanswered", equalTo(705));
    }

    @Test
    void theUnitRowsSumToTheSameWeek() {
        JsonPath units = report("unit").extract().jsonPath();
        long poldaIncoming = units.getLong("rows.find { it.key == 'POLDA-NTT' }.incoming");
        List<Integer> incoming = units.getList("rows.findAll { it.key != 'POLDA-NTT' }.incoming", Integer.class);
        List<Integer> answered = units.getList("rows.findAll { it.key != 'POLDA-NTT' }.answered", Integer.class);
        assertThat(poldaIncoming).isEqualTo(1648);
        assertThat(incoming.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1651);
        assertThat(answered.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1073);
        assertThat(units.getList("rows")).hasSize(17);
    }

    @Test
    void theSameBatchPostedTwiceIsAllDuplicatesAndChangesNothing() {
        post(week).body("accepted", equalTo(0)).body("duplicates", equalTo(week.size()));
        // a resent leg with different content is still the same leg
        post(List.of(leg("week-" + run + "-1", "POLRES-ALOR", "2021-07-12T10:00:00+08:00", false)))
                .body("accepted", equalTo(0)).body("duplicates", equalTo(1));
        theJulyWeekByLevelGivesExactlyThePublishedFigures();
    }

    @Test
    void daysAreWitaDaysWhateverTheOffsetOfTheInput() {
        report("day").body("rows.key", contains("2021-07-10", "2021-07-11", "2021-07-12", "2021-07-13", "2021-07-14",
                "2021-07-15", "2021-07-16", "2021-07-17"));
        // 23:59:59 WITA on 9 July is outside; the same instant one second later (00:00:00 WITA, 10 July) is inside
        given().queryParams(Map.of("from", "2021-07-09", "to", "2021-07-09", "groupBy", "day", "unit", "POLDA-NTT"))
                .when().get("/stats/calls").then().statusCode(200).body("total.incoming", equalTo(1));
        given().queryParams(Map.of("from", "2021-07-18", "to", "2021-07-18", "groupBy", "day", "unit", "POLDA-NTT"))
                .when().get("/stats/calls").then().statusCode(200).body("total.incoming", equalTo(1));
        report("hour").body("rows", hasSize(24)).body("rows[0].key", equalTo("00"));
    }

    @Test
    void answerTimesAreReported() {
        report("level").body("total.answeredWithin10s", org.hamcrest.Matchers.notNullValue())
                .body("total.avgSecondsToAnswer", org.hamcrest.Matchers.notNullValue());
        JsonPath total = report("level").extract().jsonPath();
        assertThat(total.getDouble("total.answerRate")).isEqualTo(Math.round(2594.0 / 3299 * 10000) / 10000.0);
        assertThat(total.getDouble("total.answeredWithin10s")).isBetween(0.1, 0.5);
        assertThat(total.getDouble("total.avgSecondsToAnswer")).isBetween(4.0, 25.0);
    }

    @Test
    void invalidLegsAreRejectedByIndexWhileTheRestAreStored() {
        String ok = "ok-" + UUID.randomUUID();
        postMalformed(List.of(
                leg(ok, "POLRES-ENDE", "2021-08-02T10:00:00+08:00", true),
                "{\"id\": \"bad-1\", \"callId\": \"c\", \"unit\": \"POLRES-ATLANTIS\", \"startedAt\": \"2021-08-02T10:00:00+08:00\", \"disposition\": \"NO_ANSWER\"}",
                "{\"id\": \"bad-2\", \"callId\": \"c\", \"unit\": \"POLRES-ENDE\", \"startedAt\": \"2021-08-02T10:00:00+08:00\", \"answeredAt\": \"2021-08-02T09:00:00+08:00\", \"disposition\": \"ANSWERED\"}",
                "{\"id\": \"bad-3\", \"callId\": \"c\", \"unit\": \"POLRES-ENDE\", \"startedAt\": \"yesterday\", \"disposition\": \"HUNG_UP\"}",
                "42",
                "{\"id\": \"bad-5\", \"callId\": \"c\", \"unit\": \"POLRES-ENDE\", \"startedAt\": \"2021-08-02T10:00:00+08:00\", \"answeredAt\": \"\", \"disposition\": \"ANSWERED\"}",
                "{\"id\": \"bad-6\", \"callId\": \"c\", \"unit\": \"POLRES-ENDE\", \"startedAt\": \"0000-01-01T00:00:00Z\", \"disposition\": \"NO_ANSWER\"}",
                "{\"id\": \"bad-7\", \"callId\": \"c\", \"unit\": \"POLRES-ENDE\", \"startedAt\": \"1582-10-10T00:00:00Z\", \"disposition\": \"NO_ANSWER\"}",
                "{\"id\": \"bad-8\", \"callId\": \"c\", \"unit\": \"POLRES-ENDE\", \"startedAt\": \"+300000-01-01T00:00:00Z\", \"disposition\": \"NO_ANSWER\"}",
                // PostgreSQL refuses NUL in text: the leg is rejected, not the batch with a 500 (issue 19).
                "{\"id\": \"bad-9\", \"callId\": \"c\\u0000d\", \"unit\": \"POLRES-ENDE\", \"startedAt\": \"2021-08-02T10:00:00+08:00\", \"disposition\": \"NO_ANSWER\"}"))
                .body("accepted", equalTo(1)).body("duplicates", equalTo(0))
                .body("rejected.index", contains(1, 2, 3, 4, 5, 6, 7, 8, 9))
                .body("rejected[0].errors.field", hasItem("unit"))
                .body("rejected[1].errors.field", hasItem("answeredAt"))
                .body("rejected[2].errors.field", org.hamcrest.Matchers.hasItems("startedAt", "disposition"))
                .body("rejected[4].errors.field", contains("answeredAt"))
                .body("rejected[4].errors[0].message", equalTo("is required when disposition is ANSWERED"))
                .body("rejected[5].errors.field", contains("startedAt"))
                .body("rejected[6].errors.field", contains("startedAt"))
                .body("rejected[7].errors.field", contains("startedAt"))
                .body("rejected[8].errors.field", contains("callId"));
        given().queryParams(Map.of("from", "2021-08-02", "to", "2021-08-02", "unit", "POLRES-ENDE")).when().get("/stats/calls")
                .then().statusCode(200).body("total.incoming", equalTo(1));
    }

    @Test
    void badBatchesAndParametersAre400() {
        given().contentType(ContentType.JSON).body("[]").when().post("/cdrs").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{}").when().post("/cdrs").then().statusCode(400);
        given().contentType(ContentType.JSON).body("[{").when().post("/cdrs").then().statusCode(400);
        given().contentType(ContentType.JSON).body("[" + String.join(",", java.util.Collections.nCopies(10_001, "{}")) + "]")
                .when().post("/cdrs").then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("10001"));
        given().queryParams(Map.of("from", "2021-07-10")).when().get("/stats/calls").then().statusCode(400)
                .body("errors[0].field", equalTo("to"));
        given().queryParams(Map.of("from", "2021-07-10", "to", "2021-07-17", "groupBy", "week")).when().get("/stats/calls")
                .then().statusCode(400).body("errors[0].field", equalTo("groupBy"));
        given().queryParams(Map.of("from", "2021-07-17", "to", "2021-07-10")).when().get("/stats/calls").then().statusCode(400);
        for (String far : new String[] {"+999999999-12-31", "+300000-01-01"}) {
            given().queryParams(Map.of("from", "2021-07-10", "to", far)).when().get("/stats/calls").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("to"));
            given().queryParams(Map.of("from", "2021-07-10", "to", far)).when().get("/stats/unanswered").then().statusCode(400)
                    .body("errors[0].field", equalTo("to"));
        }
    }

    @Test
    void decisionsAreStoredOncePerCall() {
        String body = "[{\"callId\": \"dec-" + run + "\", \"regency\": \"53.21\", \"coveringUnit\": \"POLRES-MALAKA\", "
                + "\"unit\": \"POLDA-NTT\", \"reason\": \"COVERING_UNIT_NOT_LIVE\", \"decidedAt\": \"2021-07-12T10:00:00Z\"}, "
                + "{\"callId\": \"dec-bad-" + run + "\", \"unit\": \"NOWHERE\", \"reason\": \"DIRECT\", \"decidedAt\": \"2021-07-12T10:00:00Z\"}]";
        given().contentType(ContentType.JSON).body(body).when().post("/decisions").then().statusCode(200)
                .body("accepted", equalTo(1)).body("rejected[0].index", equalTo(1));
        given().contentType(ContentType.JSON).body(body).when().post("/decisions").then().statusCode(200)
                .body("accepted", equalTo(0)).body("duplicates", equalTo(1));
    }
}
