package id.ntt110.rollout;

import static id.ntt110.testsupport.TestRequests.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checklist evidence, stage rules and patch validation, on Polres Malaka's rollout. */
@QuarkusTest
@WithRolloutTestResources
class ChecklistAndStageTest {

    private static final String UNIT = "POLRES-MALAKA";

    @Test
    void aChecklistItemDoneRecordsWhoWhenAndEvidence() {
        JsonPath rollout = Rollouts.check(UNIT, "SITE_READY", "{\"done\": true, \"by\": \"Kompol Maria\", \"evidence\": \"room 2 at Mapolres Betun\"}")
                .statusCode(200).extract().jsonPath();
        Map<String, Object> item = rollout.getMap("checklist.find { it.item == 'SITE_READY' }");
        assertThat(item).containsEntry("done", true).containsEntry("doneBy", "admin")
                .containsEntry("evidence", "room 2 at Mapolres Betun").containsKey("doneAt");
        assertThat(rollout.getFloat("progress")).isGreaterThanOrEqualTo(0.14f);

        Rollouts.check(UNIT, "SITE_READY", "{\"done\": false, \"by\": \"Kompol Maria\"}").statusCode(200)
                .body("checklist.find { it.item == 'SITE_READY' }.done", equalTo(false))
                .body("checklist.find { it.item == 'SITE_READY' }.doneAt", nullValue());
        List<Map<String, Object>> history = given().when().get("/rollouts/" + UNIT + "/history").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.action == 'CHECKLIST' }");
        assertThat(history).hasSizeGreaterThanOrEqualTo(2);
        Map<String, Object> reopened = history.get(history.size() - 1);
        assertThat(reopened).containsEntry("actor", "admin"); // the token's user, not the body's "by"
        assertThat((Map<String, Object>) reopened.get("before")).containsEntry("done", true).containsEntry("evidence", "room 2 at Mapolres Betun");
        assertThat((Map<String, Object>) reopened.get("after")).containsEntry("done", false);
    }

    @Test
    void theSameUpdateTwiceIsRecordedOnce() {
        Rollouts.done(UNIT, "ROSTER_24_7").statusCode(200);
        int before = Rollouts.historyActions(UNIT).size();
        Rollouts.done(UNIT, "ROSTER_24_7").statusCode(200);
        assertThat(Rollouts.historyActions(UNIT)).hasSize(before);
    }

    @Test
    void testCallsAndTheTrunkNeedEvidence() {
        Rollouts.check(UNIT, "TEST_CALLS_PASSED", "{\"done\": true, \"by\": \"Bripka Ana\"}").statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("evidence"))
                .body("detail", containsString("carriers"));
        Rollouts.check(UNIT, "LINE_PROVISIONED", "{\"done\": true, \"by\": \"Bripka Ana\", \"evidence\": \"   \"}").statusCode(400)
                .body("errors.field", hasItem("evidence"));
        Rollouts.get(UNIT).body("checklist.find { it.item == 'TEST_CALLS_PASSED' }.done", equalTo(false))
                .body("checklist.find { it.item == 'TEST_CALLS_PASSED' }.evidenceRequired", equalTo(true));
    }

    @Test
    void badChecklistUpdatesAre400sNamingTheField() {
        Rollouts.check(UNIT, "COFFEE_MACHINE", "{\"done\": true, \"by\": \"x\"}").statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("item"))
                .body("errors[0].message", containsString("TEST_CALLS_PASSED"));
        Rollouts.check(UNIT, "SITE_READY", "{\"by\": \"x\"}").statusCode(400).body("errors.field", hasItem("done"));
        Rollouts.check(UNIT, "SITE_READY", "{\"done\": \"maybe\", \"by\": \"x\"}").statusCode(400).contentType("application/problem+json");
        Rollouts.check(UNIT, "SITE_READY", "{\"done\": true, \"by\": \"x\", \"evidence\": \"" + "e".repeat(2001) + "\"}")
                .statusCode(400).body("errors.field", hasItem("evidence"));
        Rollouts.check(UNIT, "SITE_READY", "not json").statusCode(400).contentType("application/problem+json");
        // PostgreSQL refuses NUL in text: a 400 naming the field, not a 500 (issue 19).
        Rollouts.check(UNIT, "SITE_READY", "{\"done\": true, \"evidence\": \"foto\\u0000\"}").statusCode(400)
                .body("errors.field", hasItem("evidence"));
        Rollouts.patch(UNIT, "{\"blockers\": [\"menunggu\\u0000\"]}").statusCode(400).body("errors.field", hasItem("blockers[0]"));
        Rollouts.patch(UNIT, "{\"contact\": {\"name\": \"Ana\\u0000\"}}").statusCode(400).body("errors.field", hasItem("contact.name"));
        given().contentType(ContentType.JSON).when().put("/rollouts/" + UNIT + "/checklist/SITE_READY").then().statusCode(400);
        Rollouts.check("POLRES-NOWHERE", "SITE_READY", "{\"done\": true, \"by\": \"x\"}").statusCode(404);
    }

    @Test
    void stagesMoveOnlyForwardAndNeverByPatchIntoLiveOrRolledBack() {
        // Forward (skipping is allowed), then the same stage again changes nothing.
        Rollouts.patch(UNIT, "{\"stage\": \"PROCUREMENT\", \"by\": \"Kompol Maria\"}").statusCode(200).body("stage", equalTo("PROCUREMENT"));
        Rollouts.patch(UNIT, "{\"stage\": \"INSTALLATION\", \"by\": \"Kompol Maria\"}").statusCode(200).body("stage", equalTo("INSTALLATION"));
        int before = Rollouts.historyActions(UNIT).size();
        Rollouts.patch(UNIT, "{\"stage\": \"INSTALLATION\"}").statusCode(200);
        assertThat(Rollouts.historyActions(UNIT)).hasSize(before);

        Rollouts.patch(UNIT, "{\"stage\": \"PLANNING\"}").statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("only move forward"));
        Rollouts.patch(UNIT, "{\"stage\": \"LIVE\"}").statusCode(409).body("detail", containsString("go-live"));
        Rollouts.patch(UNIT, "{\"stage\": \"ROLLED_BACK\"}").statusCode(409).body("detail", containsString("rollback"));
        Rollouts.patch(UNIT, "{\"stage\": \"DONE\"}").statusCode(400).body("errors.field", hasItem("stage"));
        Rollouts.get(UNIT).body("stage", equalTo("INSTALLATION"));

        List<Map<String, Object>> updates = given().when().get("/rollouts/" + UNIT + "/history").then()
                .extract().jsonPath().getList("findAll { it.action == 'UPDATED' }");
        Map<String, Object> last = updates.get(updates.size() - 1);
        assertThat(last).containsEntry("actor", "admin");
        assertThat((Map<String, Object>) last.get("before")).containsEntry("stage", "PROCUREMENT");
        assertThat((Map<String, Object>) last.get("after")).containsEntry("stage", "INSTALLATION");
    }

    @Test
    void targetDateBlockersAndContactArePatchedAndCleared() {
        Rollouts.patch(UNIT, """
                {"targetDate": "2031-03-01", "blockers": ["Telkom trunk not yet ordered", "no generator"],
                 "contact": {"name": "AKP Benediktus", "phone": "+62 389 21110"}, "by": "Kabid TIK"}""")
                .statusCode(200).body("targetDate", equalTo("2031-03-01"))
                .body("blockers", equalTo(List.of("Telkom trunk not yet ordered", "no generator")))
                .body("contact.name", equalTo("AKP Benediktus"));
        // Absent fields stay; null clears.
        Rollouts.patch(UNIT, "{\"blockers\": null, \"contact\": null}").statusCode(200)
                .body("targetDate", equalTo("2031-03-01")).body("blockers", equalTo(List.of())).body("contact", nullValue());
        given().when().get("/rollouts/" + UNIT + "/history").then()
                .body("findAll { it.action == 'UPDATED' }.after.blockers", hasItem(List.of("Telkom trunk not yet ordered", "no generator")))
                .body("findAll { it.action == 'UPDATED' }.actor", everyItem(equalTo("admin")));
    }

    @Test
    void badPatchesReportEveryOffendingFieldAndChangeNothing() {
        long version = Rollouts.get(UNIT).extract().jsonPath().getLong("version");
        Rollouts.patch(UNIT, """
                {"targetDate": "2031-02-30", "blockers": "all of them", "contact": {"phone": "call me"}, "colour": "red"}""")
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("targetDate", "blockers", "contact.name", "contact.phone", "colour"));
        Rollouts.patch(UNIT, "{\"blockers\": [\"\", 42]}").statusCode(400).body("errors.field", hasItems("blockers[0]", "blockers[1]"));
        Rollouts.patch(UNIT, "{\"blockers\": [" + "\"b\",".repeat(50) + "\"b\"]}").statusCode(400).body("errors.field", hasItem("blockers"));
        Rollouts.patch(UNIT, "{\"targetDate\": \"1999-01-01\"}").statusCode(400).body("errors.field", hasItem("targetDate"));
        Rollouts.patch(UNIT, "[1, 2]").statusCode(400);
        Rollouts.get(UNIT).body("version", equalTo((int) version)).body("updatedAt", notNullValue());
    }

    @Test
    void aRolloutThatIsNotLiveCannotBeRolledBack() {
        Rollouts.rollback(UNIT, "{\"by\": \"Kabid TIK\", \"reason\": \"testing\"}").statusCode(409)
                .body("detail", containsString("nothing to roll back"));
        Rollouts.rollback(UNIT, "{\"by\": \"Kabid TIK\"}").statusCode(400).body("errors.field", hasItem("reason"));
    }
}
