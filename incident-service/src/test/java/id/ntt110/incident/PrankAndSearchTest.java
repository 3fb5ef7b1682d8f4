package id.ntt110.incident;

import static id.ntt110.incident.Incidents.create;
import static id.ntt110.incident.Incidents.createId;
import static id.ntt110.incident.Incidents.get;
import static id.ntt110.incident.Incidents.transition;
import static id.ntt110.testsupport.TestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import id.ntt110.testsupport.WithPostgres;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithPostgres
class PrankAndSearchTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void callerPrankCountCountsOnlyPranksInTheWindow() throws Exception {
        String phone = "+6281299" + String.format("%06d", (int) (Math.random() * 1_000_000));
        String old = createId(Incidents.withCaller("POLRES-TTS", phone));
        transition(old, "PRANK", null).statusCode(200);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE incident SET ended_at = now() - interval '31 days' WHERE id = '" + old + "'");
        }
        for (int i = 0; i < 2; i++) {
            transition(createId(Incidents.withCaller("POLRES-TTS", phone)), "PRANK", null).statusCode(200);
        }
        String genuine = createId(Incidents.withCaller("POLRES-TTS", phone));
        transition(genuine, "RESOLVED", null).statusCode(200);

        // the same number in another notation is the same caller
        create(Incidents.withCaller("POLRES-TTS", "0" + phone.substring(3))).statusCode(201)
                .body("caller.phone", equalTo(phone)).body("callerPrankCount", equalTo(2));
        get(genuine).body("callerPrankCount", equalTo(2));
        create(Incidents.withCaller("POLRES-TTS", "+6281200000001")).statusCode(201).body("callerPrankCount", equalTo(0));
    }

    @Test
    void searchFiltersByUnitStatusCategoryTextAndDate() {
        String word = "kw" + UUID.randomUUID().toString().substring(0, 8);
        String a = createId("{\"unit\": \"POLRES-ENDE\", \"category\": \"KERUSUHAN\", \"summary\": \"Riot at market " + word
                + "\", \"reportedBy\": \"op\"}");
        String b = createId("{\"unit\": \"POLRES-ENDE\", \"category\": \"KECELAKAAN\", \"summary\": \"Crash\", \"description\": \"near "
                + word + " bridge\", \"reportedBy\": \"op\"}");
        String c = createId("{\"unit\": \"POLRES-NGADA\", \"category\": \"KERUSUHAN\", \"summary\": \"Brawl " + word
                + "\", \"reportedBy\": \"op\"}");
        transition(c, "DISPATCHED", null).statusCode(200);
        String today = LocalDate.now(ZoneId.of("Asia/Makassar")).toString();

        search(Map.of("q", word)).body("total", equalTo(3)).body("totalExact", equalTo(true))
                .body("items.id", org.hamcrest.Matchers.contains(c, b, a));
        search(Map.of("q", word, "unit", "POLRES-ENDE")).body("total", equalTo(2));
        search(Map.of("q", word, "category", "KERUSUHAN")).body("total", equalTo(2));
        search(Map.of("q", word, "status", "DISPATCHED")).body("items.id", org.hamcrest.Matchers.contains(c));
        search(Map.of("q", word, "from", today, "to", today)).body("total", equalTo(3));
        search(Map.of("q", word, "to", "2021-07-17")).body("total", equalTo(0));
        search(Map.of("q", word + " bridge")).body("items.id", org.hamcrest.Matchers.contains(b));
    }

    @Test
    void pagesAreStableNewestFirstAndCappedAt200() {
        String word = "pg" + UUID.randomUUID().toString().substring(0, 8);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(createId(Incidents.minimal("POLRES-FLORES-TIMUR", "Paged report " + word)));
        }
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            seen.addAll(search(Map.of("q", word, "size", "3", "page", String.valueOf(page)))
                    .body("page", equalTo(page)).body("size", equalTo(3)).body("total", equalTo(7))
                    .extract().jsonPath().getList("items.id", String.class));
        }
        java.util.Collections.reverse(created);
        assertThat(seen).containsExactlyElementsOf(created);
        search(Map.of("q", word, "unit", "POLRES-FLORES-TIMUR")).body("items.unit", everyItem(equalTo("POLRES-FLORES-TIMUR")));
    }

    @Test
    void badSearchParametersAre400NamingThem() {
        for (var bad : List.of(Map.of("size", "201"), Map.of("size", "0"), Map.of("page", "-1"), Map.of("page", "x"),
                Map.of("status", "OPEN"), Map.of("category", "GOSSIP"), Map.of("from", "10/07/2021"),
                Map.of("from", "2021-07-17", "to", "2021-07-10"))) {
            String field = bad.containsKey("to") ? "to" : bad.keySet().iterator().next();
            given().queryParams(bad).when().get("/incidents").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo(field));
        }
    }

    @Test
    void countsGroupIncidentsWithTheirPranks() {
        String today = LocalDate.now(ZoneId.of("Asia/Makassar")).toString();
        int before = countFor(today, "unit", "POLRES-MANGGARAI", "count");
        int prankBefore = countFor(today, "unit", "POLRES-MANGGARAI", "prank");
        createId(Incidents.minimal("POLRES-MANGGARAI", "Theft of a motorbike"));
        transition(createId(Incidents.minimal("POLRES-MANGGARAI", "Prank caller again")), "PRANK", null).statusCode(200);

        assertThat(countFor(today, "unit", "POLRES-MANGGARAI", "count")).isEqualTo(before + 2);
        assertThat(countFor(today, "unit", "POLRES-MANGGARAI", "prank")).isEqualTo(prankBefore + 1);
        given().queryParams(Map.of("from", today, "to", today, "groupBy", "status")).when().get("/incidents/counts").then()
                .statusCode(200).body("find { it.key == 'PRANK' }.prank", equalTo(countFor(today, "status", "PRANK", "count")));
        given().queryParams(Map.of("from", "2021-07-10", "to", "2021-07-17")).when().get("/incidents/counts").then()
                .statusCode(200).body("", hasSize(0));
        given().queryParams(Map.of("from", today, "to", today, "groupBy", "desk")).when().get("/incidents/counts").then()
                .statusCode(400).body("errors[0].field", equalTo("groupBy"));
        given().queryParams(Map.of("to", today)).when().get("/incidents/counts").then().statusCode(400)
                .body("errors[0].field", equalTo("from"));
    }

    private static io.restassured.response.ValidatableResponse search(Map<String, String> query) {
        return given().queryParams(query).when().get("/incidents").then().statusCode(200);
    }

    private static int countFor(String day, String groupBy, String key, String field) {
        Integer value = given().queryParams(Map.of("from", day, "to", day, "groupBy", groupBy)).when().get("/incidents/counts")
                .then().statusCode(200).extract().path("find { it.key == '" + key + "' }." + field);
        return value == null ? 0 : value;
    }
}
