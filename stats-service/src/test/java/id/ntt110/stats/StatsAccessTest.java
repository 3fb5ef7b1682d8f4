package id.ntt110.stats;

import static id.ntt110.testsupport.AccessMatrix.Who.ADMIN;
import static id.ntt110.testsupport.AccessMatrix.Who.OPERATOR_BELU;
import static id.ntt110.testsupport.AccessMatrix.Who.OPERATOR_POLDA;
import static id.ntt110.testsupport.AccessMatrix.Who.PROGRAM_MANAGER;
import static id.ntt110.testsupport.AccessMatrix.Who.SERVICE;
import static id.ntt110.testsupport.AccessMatrix.Who.SUPERVISOR_BELU;
import static id.ntt110.testsupport.AccessMatrix.Who.SUPERVISOR_POLDA;
import static id.ntt110.testsupport.AccessMatrix.Who.TELEPHONY;
import static id.ntt110.testsupport.TestRequests.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import id.ntt110.testsupport.AccessMatrix;
import id.ntt110.testsupport.WithPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who may do what in stats-service (issue 14's table), and a polres supervisor's reports cover their desk only. */
@QuarkusTest
@WithPostgres
class StatsAccessTest {

    private static final String DAY = "2021-03-10";
    private static final String PERIOD = "?from=" + DAY + "&to=" + DAY;

    @Test
    void legsComeFromTheTelephonyEdgeAndDecisionsFromRouting() {
        // An empty batch is a 400 for those let in: enough to tell them from the refused.
        AccessMatrix.check("POST /cdrs", r -> r.contentType(ContentType.JSON).body("[]").post("/cdrs"), TELEPHONY, ADMIN);
        AccessMatrix.check("POST /cdrs (Master.csv)", r -> r.contentType("text/csv").body("").post("/cdrs"), TELEPHONY, ADMIN);
        AccessMatrix.check("POST /decisions", r -> r.contentType(ContentType.JSON).body("[]").post("/decisions"), SERVICE, ADMIN);
    }

    @Test
    void reportsAreForSupervisorsManagersServicesAndAdmins() {
        AccessMatrix.check("GET /stats/calls", r -> r.get("/stats/calls" + PERIOD),
                SUPERVISOR_BELU, SUPERVISOR_POLDA, PROGRAM_MANAGER, SERVICE, ADMIN);
        AccessMatrix.check("GET /stats/calls (CSV)", r -> r.accept("text/csv").get("/stats/calls" + PERIOD),
                SUPERVISOR_BELU, SUPERVISOR_POLDA, PROGRAM_MANAGER, SERVICE, ADMIN);
    }

    @Test
    void missedCallersAreForTheDesks() {
        AccessMatrix.check("GET /stats/unanswered", r -> r.get("/stats/unanswered" + PERIOD),
                OPERATOR_BELU, OPERATOR_POLDA, SUPERVISOR_BELU, SUPERVISOR_POLDA, ADMIN);
    }

    @Test
    void theCallBackQueueIsForTheDesksAndItsFiguresForSupervisorsAndManagers() {
        AccessMatrix.check("GET /callbacks", r -> r.get("/callbacks"),
                OPERATOR_BELU, OPERATOR_POLDA, SUPERVISOR_BELU, SUPERVISOR_POLDA, ADMIN);
        // An attempt without an outcome is a 400 for those let in.
        AccessMatrix.check("POST /callbacks/{id}/attempts", r -> r.contentType(ContentType.JSON).body("{}").post("/callbacks/1/attempts"),
                OPERATOR_BELU, OPERATOR_POLDA, SUPERVISOR_BELU, SUPERVISOR_POLDA, ADMIN);
        AccessMatrix.check("GET /stats/callbacks", r -> r.get("/stats/callbacks" + PERIOD),
                SUPERVISOR_BELU, SUPERVISOR_POLDA, PROGRAM_MANAGER, SERVICE, ADMIN);
        AccessMatrix.check("GET /stats/callbacks (CSV)", r -> r.accept("text/csv").get("/stats/callbacks" + PERIOD),
                SUPERVISOR_BELU, SUPERVISOR_POLDA, PROGRAM_MANAGER, SERVICE, ADMIN);
    }

    @Test
    void aPolresSupervisorsReportIsComputedOverTheirDeskOnly() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        CallStatisticsTest.post(List.of(
                CallStatisticsTest.leg(run + "-b1", "POLRES-BELU", DAY + "T10:00:00+08:00", true),
                CallStatisticsTest.leg(run + "-b2", "POLRES-BELU", DAY + "T10:05:00+08:00", false),
                CallStatisticsTest.leg(run + "-e1", "POLRES-ENDE", DAY + "T10:00:00+08:00", false)));
        for (String groupBy : List.of("unit", "level", "day", "hour")) {
            as(SUPERVISOR_BELU.token()).get("/stats/calls" + PERIOD + "&groupBy=" + groupBy).then().statusCode(200)
                    .body("total.incoming", equalTo(2)).body("total.unanswered", equalTo(1));
        }
        as(SUPERVISOR_BELU.token()).get("/stats/calls" + PERIOD + "&groupBy=unit").then().statusCode(200)
                .body("rows.key", everyItem(equalTo("POLRES-BELU")));
        as(SUPERVISOR_BELU.token()).get("/stats/calls" + PERIOD + "&unit=POLRES-ENDE").then().statusCode(403)
                .contentType("application/problem+json").body("errors[0].field", equalTo("unit"));
        as(SUPERVISOR_POLDA.token()).get("/stats/calls" + PERIOD + "&groupBy=unit").then().statusCode(200)
                .body("rows.key", hasItem("POLRES-ENDE")).body("total.incoming", equalTo(3));
        as(OPERATOR_BELU.token()).get("/stats/unanswered" + PERIOD).then().statusCode(200)
                .body("items.unit", everyItem(equalTo("POLRES-BELU"))).body("total", equalTo(1));
        as(OPERATOR_BELU.token()).get("/stats/unanswered" + PERIOD + "&unit=POLRES-ENDE").then().statusCode(403);
        as(OPERATOR_POLDA.token()).get("/stats/unanswered" + PERIOD).then().statusCode(200).body("total", equalTo(2));
    }
}
