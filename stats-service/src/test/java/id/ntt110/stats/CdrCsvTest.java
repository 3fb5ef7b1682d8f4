package id.ntt110.stats;

import static id.ntt110.testsupport.TestRequests.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import id.ntt110.testsupport.WithPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Asterisk's Master.csv on POST /cdrs (cdr_csv with loguniqueid=yes and loguserfield=yes: 18 columns, every text
 * quoted, quotes doubled). The test PBX (application.properties, %test): Polda's phones are PJSIP/…, the trunk to
 * Belu's desk PJSIP/polres-belu-…, and Ende's own PBX is known by its context polres-ende.
 */
@QuarkusTest
@WithPostgres
class CdrCsvTest {

    static final String CSV = "text/csv; charset=UTF-8";

    /** 6 December 2021, WITA. */
    static final String MASTER_CSV = String.join("\n",
            // A caller from Atambua: Belu's desk rings out after 10 s, then Polda's desks (one Dial, commas in its data) answer
            "\"\",\"081234567001\",\"110\",\"from-telkom\",\"\"\"Budi, Atambua\"\" <081234567001>\",\"PJSIP/telkom-00000001\","
                    + "\"PJSIP/polres-belu-00000002\",\"Dial\",\"PJSIP/polres-belu,10\",\"2021-12-06 10:00:00\",\"\","
                    + "\"2021-12-06 10:00:10\",10,0,\"NO ANSWER\",\"DOCUMENTATION\",\"1638756000.1\",\"\"",
            "\"\",\"081234567001\",\"110\",\"from-telkom\",\"\"\"Budi, Atambua\"\" <081234567001>\",\"PJSIP/telkom-00000001\","
                    + "\"PJSIP/desk-1-00000003\",\"Dial\",\"PJSIP/desk-1&PJSIP/desk-2,20,tT\",\"2021-12-06 10:00:10\","
                    + "\"2021-12-06 10:00:14\",\"2021-12-06 10:02:14\",124,120,\"ANSWERED\",\"DOCUMENTATION\",\"1638756000.1\",\"\"",
            // Polda busy
            "\"\",\"081234567002\",\"110\",\"from-telkom\",\"\"\"\"\" <081234567002>\",\"PJSIP/telkom-00000004\","
                    + "\"PJSIP/desk-2-00000005\",\"Dial\",\"PJSIP/desk-2,20\",\"2021-12-06 10:30:00\",\"\",\"2021-12-06 10:30:01\","
                    + "1,0,\"BUSY\",\"DOCUMENTATION\",\"1638757800.5\",\"\"",
            // the trunk to Belu congested
            "\"\",\"081234567003\",\"110\",\"from-telkom\",\"\",\"PJSIP/telkom-00000006\",\"PJSIP/polres-belu-00000007\","
                    + "\"Dial\",\"PJSIP/polres-belu,10\",\"2021-12-06 11:00:00\",\"\",\"2021-12-06 11:00:00\",0,0,\"CONGESTION\","
                    + "\"DOCUMENTATION\",\"1638759600.9\",\"\"",
            // Ende's own PBX, on its E1 line: answered after 3 s; then a caller without src, her number only in clid
            "\"\",\"081234567004\",\"110\",\"polres-ende\",\"\",\"DAHDI/1-1\",\"SIP/ende-op1-0000000b\",\"Dial\","
                    + "\"SIP/ende-op1,20\",\"2021-12-06 11:30:00\",\"2021-12-06 11:30:03\",\"2021-12-06 11:31:00\",60,57,"
                    + "\"ANSWERED\",\"DOCUMENTATION\",\"ende-1638761400.2\",\"110-pilot\"",
            "\"\",\"\",\"110\",\"polres-ende\",\"\"\"Maria\"\" <+6281299990000>\",\"DAHDI/1-2\",\"SIP/ende-op1-0000000c\","
                    + "\"Dial\",\"SIP/ende-op1,20\",\"2021-12-06 23:59:30\",\"\",\"2021-12-06 23:59:50\",20,0,\"NO ANSWER\","
                    + "\"DOCUMENTATION\",\"ende-1638806370.3\",\"\"") + "\n";

    /** Sikka's PBX logs no uniqueid (16 columns) and its rows name no desk: ?unit= gives it. */
    static final String SIKKA_CSV = String.join("\n",
            "\"\",\"081234567005\",\"110\",\"default\",\"\",\"DAHDI/2-1\",\"SIP/op-0001\",\"Dial\",\"SIP/op,20\","
                    + "\"2021-12-06 12:00:00\",\"2021-12-06 12:00:02\",\"2021-12-06 12:05:00\",300,298,\"ANSWERED\",\"DOCUMENTATION\"",
            "",
            "\"\",\"081234567006\",\"110\",\"default\",\"\",\"DAHDI/2-1\",\"\",\"Dial\",\"SIP/op,20\","
                    + "\"2021-12-06 12:10:00\",\"\",\"2021-12-06 12:10:00\",0,0,\"FAILED\",\"DOCUMENTATION\"") + "\r\n";

    static ValidatableResponse postCsv(String csv, String unit) {
        var request = given().contentType(CSV).body(csv);
        if (unit != null) {
            request.queryParam("unit", unit);
        }
        return request.when().post("/cdrs").then();
    }

    /** A well-formed row of 8 December 2021 (uniqueid, desk by channel prefix); fields replaced by name. */
    static String row(Map<String, String> changes) {
        Map<String, String> row = new java.util.LinkedHashMap<>();
        for (String column : List.of("accountcode", "src", "dst", "dcontext", "clid", "channel", "dstchannel", "lastapp",
                "lastdata", "start", "answer", "end", "duration", "billsec", "disposition", "amaflags", "uniqueid", "userfield")) {
            row.put(column, "");
        }
        row.putAll(Map.of("src", "081234567010", "dst", "110", "dcontext", "from-telkom", "channel", "PJSIP/telkom-00000010",
                "dstchannel", "PJSIP/desk-1-00000011", "start", "2021-12-08 09:00:00", "answer", "2021-12-08 09:00:05",
                "end", "2021-12-08 09:01:00", "disposition", "ANSWERED", "uniqueid", "1638925200." + changes.hashCode()));
        row.putAll(changes);
        return String.join(",", row.values().stream().map(v -> "\"" + v.replace("\"", "\"\"") + "\"").toList());
    }

    @Test
    void aMasterCsvImportsWithItsDesksTimesAndDispositions() {
        postCsv(MASTER_CSV, null).statusCode(200)
                .body("accepted", equalTo(6)).body("duplicates", equalTo(0)).body("rejected", empty());
        postCsv(SIKKA_CSV, "POLRES-SIKKA").statusCode(200).body("accepted", equalTo(2)).body("rejected", empty());

        given().queryParams(Map.of("from", "2021-12-06", "to", "2021-12-06", "groupBy", "unit")).when().get("/stats/calls")
                .then().statusCode(200)
                .body("rows.key", contains("POLDA-NTT", "POLRES-BELU", "POLRES-ENDE", "POLRES-SIKKA"))
                .body("rows.incoming", contains(2, 2, 2, 2))
                .body("rows.answered", contains(1, 0, 1, 1))
                // WITA local times: Polda answered 4 s after its leg began, Ende 3 s, Sikka 2 s
                .body("rows[0].avgSecondsToAnswer", equalTo(4.0f))
                .body("rows[2].avgSecondsToAnswer", equalTo(3.0f))
                .body("total.incoming", equalTo(8)).body("total.answered", equalTo(3));
        // 10:00–11:59 WITA are 02:00–03:59 UTC; the hours of the WITA day say 10, 11, 12 and 23
        given().queryParams(Map.of("from", "2021-12-06", "to", "2021-12-06", "groupBy", "hour")).when().get("/stats/calls")
                .then().statusCode(200).body("rows.key", contains("10", "11", "12", "23"))
                .body("rows.incoming", contains(3, 2, 2, 1));
        // the Atambua caller's two attempts are one call (one uniqueid), answered at Polda: not among the unanswered
        given().queryParams(Map.of("from", "2021-12-06", "to", "2021-12-06", "size", "50")).when().get("/stats/unanswered")
                .then().statusCode(200)
                .body("total", equalTo(4))
                // newest first: times read as WITA, dispositions mapped, the caller from clid when src is empty
                .body("items.collect { [it.unit, it.startedAt, it.disposition, it.caller] }", contains(
                        List.of("POLRES-ENDE", "2021-12-06T15:59:30Z", "NO_ANSWER", "+6281299990000"),
                        List.of("POLRES-SIKKA", "2021-12-06T04:10:00Z", "FAILED", "081234567006"),
                        List.of("POLRES-BELU", "2021-12-06T03:00:00Z", "FAILED", "081234567003"),
                        List.of("POLDA-NTT", "2021-12-06T02:30:00Z", "BUSY", "081234567002")))
                .body("items.callId", contains(equalTo("asterisk-ende-1638806370.3"), startsWith("asterisk-"),
                        equalTo("asterisk-1638759600.9"), equalTo("asterisk-1638757800.5")));
    }

    @Test
    void theSameFilePostedTwiceIsAllDuplicates() {
        String file = row(Map.of("uniqueid", "1638925200.71", "start", "2021-12-09 09:00:00", "answer", "2021-12-09 09:00:05",
                "end", "2021-12-09 09:01:00")) + "\n" + row(Map.of("uniqueid", "1638925200.71", "dstchannel",
                "PJSIP/polres-belu-00000071", "start", "2021-12-09 08:59:50", "answer", "", "end", "2021-12-09 09:00:00",
                "disposition", "NO ANSWER")) + "\n";
        postCsv(file, null).statusCode(200).body("accepted", equalTo(2)).body("duplicates", equalTo(0));
        postCsv(file, null).statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(2)).body("rejected", empty());
        // rows without a uniqueid are known by their content
        String sikka = SIKKA_CSV.replace("2021-12-06", "2021-12-09");
        postCsv(sikka, "POLRES-SIKKA").statusCode(200).body("accepted", equalTo(2));
        postCsv(sikka, "POLRES-SIKKA").statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(2));
        given().queryParams(Map.of("from", "2021-12-09", "to", "2021-12-09", "groupBy", "unit")).when().get("/stats/calls")
                .then().statusCode(200).body("rows.key", contains("POLDA-NTT", "POLRES-BELU", "POLRES-SIKKA"))
                .body("total.incoming", equalTo(4)).body("total.answered", equalTo(2));
    }

    @Test
    void badRowsAreRejectedByIndexNamingTheColumnWhileTheRestAreStored() {
        String file = String.join("\n",
                row(Map.of()),
                row(Map.of("start", "06/12/2021 10:00")),
                row(Map.of("disposition", "HUNG UP")),
                row(Map.of("channel", "IAX2/unknown-1", "dstchannel", "", "dcontext", "from-nowhere")),
                row(Map.of("answer", "")),
                row(Map.of("answer", "2021-12-08 08:59:00")),
                "\"\",\"081234567010\",\"110\",\"from-telkom\",\"\",\"PJSIP/telkom-1\",\"PJSIP/desk-1-1\",\"Dial\",\"x\",\"y\"",
                row(Map.of("end", "2021-12-08 08:00:00", "answer", "", "disposition", "FAILED")),
                row(Map.of("start", "2021-02-30 10:00:00")),
                row(Map.of("disposition", "NO ANSWER")),
                row(Map.of("start", "1999-12-31 23:59:59", "answer", "", "disposition", "BUSY"))) + "\n";
        postCsv(file, null).statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected.index", contains(1, 2, 3, 4, 5, 6, 7, 8, 9, 10))
                .body("rejected.collect { it.errors.field }", contains(List.of("start"), List.of("disposition"),
                        List.of("unit"), List.of("answer"), List.of("answer"), List.of("row"), List.of("end"),
                        List.of("start"), List.of("answer"), List.of("start")))
                .body("rejected[2].errors[0].message", containsString("IAX2/unknown-1"))
                .body("rejected[3].errors[0].message", equalTo("is required when disposition is ANSWERED"))
                .body("rejected[6].errors[0].message", equalTo("is before start"))
                .body("rejected[8].errors[0].message", equalTo("must be absent when disposition is NO_ANSWER"));
        given().queryParams(Map.of("from", "2021-12-08", "to", "2021-12-08")).when().get("/stats/calls")
                .then().statusCode(200).body("total.incoming", equalTo(1));
    }

    @Test
    void aHeaderLineNamesTheColumnsAndIsNoRow() {
        // 17 columns with userfield but no uniqueid: only a header line can say so
        String header = "accountcode,src,dst,dcontext,clid,channel,dstchannel,lastapp,lastdata,start,answer,end,duration,"
                + "billsec,disposition,amaflags,userfield";
        String file = header + "\n"
                + ",081234567020,110,polres-ende,,DAHDI/1-1,SIP/ende-op2-1,Dial,\"SIP/ende-op2,20\",2021-12-10 08:00:00,,"
                + "2021-12-10 08:00:20,20,0,NO ANSWER,DOCUMENTATION,1638925200.99\n"
                + ",081234567021,110,polres-ende,,DAHDI/1-1,SIP/ende-op2-2,Dial,\"SIP/ende-op2,20\",2021-12-10 08:10:00,,"
                + "2021-12-10 08:10:20,20,0,ANSWERED,DOCUMENTATION,\n";
        postCsv(file, null).statusCode(200).body("accepted", equalTo(1))
                .body("rejected.index", contains(1)).body("rejected[0].errors.field", contains("answer"));
        // the userfield was not taken for a uniqueid: the call is known by the row's hash
        given().queryParams(Map.of("from", "2021-12-10", "to", "2021-12-10")).when().get("/stats/unanswered").then()
                .statusCode(200).body("items.callId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(
                        "asterisk-1638925200.99")))
                .body("items.unit", contains("POLRES-ENDE"));
    }

    @Test
    void anUnreadableEmptyOrOversizedFileIs400() {
        // a quote opened in the second row is never closed
        postCsv(row(Map.of()) + "\n\"\",\"081234567010\",\"110\n" + row(Map.of()) + "\n", null).statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("body")).body("detail", containsString("line"));
        postCsv("", null).statusCode(400).contentType("application/problem+json").body("detail", containsString("no rows"));
        postCsv("accountcode,src,dst,dcontext,clid,channel,dstchannel,lastapp,lastdata,start,answer,end,duration,billsec,"
                + "disposition,amaflags\n", null).statusCode(400).body("detail", containsString("no rows"));
        postCsv(String.join("\n", Collections.nCopies(10_001, "x")), null).statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("more than 10000 rows"));
        postCsv(row(Map.of()), "POLRES-ATLANTIS").statusCode(400).body("errors[0].field", equalTo("unit"));
        given().contentType("text/plain").body(row(Map.of())).when().post("/cdrs").then().statusCode(415);
    }

    @Test
    void aRowsDeskFromTheMapNeedsNoUnitAndUnitOverridesTheMap() {
        String file = row(Map.of("uniqueid", "1639011600.1", "start", "2021-12-11 09:00:00", "answer", "2021-12-11 09:00:05",
                "end", "2021-12-11 09:01:00", "dstchannel", "PJSIP/polres-belu-00000099")) + "\n";
        postCsv(file, "POLRES-TTU").statusCode(200).body("accepted", equalTo(1));
        given().queryParams(Map.of("from", "2021-12-11", "to", "2021-12-11", "groupBy", "unit")).when().get("/stats/calls")
                .then().statusCode(200).body("rows.key", containsInAnyOrder("POLRES-TTU"));
    }
}
