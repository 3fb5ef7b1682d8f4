package id.ntt110.problem;

import static id.ntt110.testsupport.TestRequests.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProblemResponsesTest {

    @Test
    void aBodyThatIsNotJsonIsA400ProblemSayingSo() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\",")
                .when().post("/samples")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemTypes.MALFORMED_BODY.toString()))
                .body("status", equalTo(400))
                .body("detail", startsWith("The body is not valid JSON"))
                .body("errors[0].field", equalTo("body")) // issue 19: every 400 names what to fix
                .body("instance", equalTo("/samples"));
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"count\": \"many\"}")
                .when().post("/samples")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo("count"))
                .body("errors[0].message", equalTo("'many' is not a whole number"))
                .body("detail", not(containsString("java")));
    }

    @Test
    void anUnknownEnumValueListsTheAllowedOnes() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"kind\": \"OPEN\"}")
                .when().post("/samples")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("kind"))
                .body("errors[0].message", equalTo("'OPEN' is not one of [LIVE, PENDING]"));
    }

    @Test
    void anEnumGivenAsANumberIsRefusedNotTakenAsAnOrdinal() {
        for (String number : new String[] {"0", "1", "5"}) {
            given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"kind\": " + number + "}")
                    .when().post("/samples").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo("kind"));
        }
    }

    @Test
    void aBadInstantNamesItsFieldAndTheExpectedFormat() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"at\": \"yesterday\"}")
                .when().post("/samples")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("at"))
                .body("errors[0].message", containsString("ISO-8601"));
    }

    @Test
    void aNestedWrongTypeNamesTheFullPath() {
        given().contentType(ContentType.JSON).body("[{\"name\": \"x\"}, {\"name\": \"y\", \"position\": {\"lat\": [1]}}]")
                .when().post("/samples/batch")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("[1].position.lat"));
    }

    @Test
    void everyInvalidFieldIsListed() {
        given().contentType(ContentType.JSON).body("{\"name\": \" \", \"count\": 11, \"position\": {\"lat\": 200}}")
                .when().post("/samples")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemTypes.VALIDATION.toString()))
                .body("errors.field", hasItems("name", "count", "position.lat"))
                .body("errors", hasSize(3))
                .body("detail", equalTo("3 invalid fields: count, name, position.lat"));
    }

    @Test
    void anInvalidItemOfAListBodyIsNamedByItsIndex() {
        given().contentType(ContentType.JSON).body("[{\"name\": \"ok\"}, {\"name\": \"\"}]")
                .when().post("/samples/batch")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("[1].name"));
    }

    /** PostgreSQL refuses NUL in text: taken for valid, such a value was a 500 from the database (issue 19). */
    @Test
    void aNulCharacterInAnyJsonStringIsA400NamingItsField() {
        given().contentType(ContentType.JSON).body("{\"name\": \"Budi\\u0000\"}")
                .when().post("/samples")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("name"))
                .body("errors[0].message", equalTo(NulCharacters.MESSAGE))
                .body("detail", equalTo("name: " + NulCharacters.MESSAGE));
        given().contentType(ContentType.JSON).body("[{\"name\": \"ok\"}, {\"name\": \"\\u0000\"}]")
                .when().post("/samples/batch")
                .then().statusCode(400).body("errors[0].field", equalTo("[1].name"));
        given().contentType(ContentType.JSON).body("{\"name\": \"Budi \\u00e9\\ud83d\\udea8\"}")
                .when().post("/samples")
                .then().statusCode(200).body("name", equalTo("Budi \u00e9\ud83d\udea8"));
    }

    @Test
    void aNulCharacterInAQueryParameterIsA400NamingIt() {
        given().urlEncodingEnabled(false).queryParam("size", "1").queryParam("q", "a%00b")
                .when().get("/samples")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("q"))
                .body("errors[0].message", equalTo(NulCharacters.MESSAGE));
    }

    @Test
    void aMissingBodyIsA400() {
        given().contentType(ContentType.JSON)
                .when().post("/samples")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void anInvalidQueryParameterIsNamed() {
        given().queryParam("size", 500)
                .when().get("/samples")
                .then().statusCode(400).contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", equalTo("size"));
    }

    @Test
    void anUnknownPathIsA404Problem() {
        given().when().get("/samples/nothing/here")
                .then().statusCode(404).contentType(Problem.MEDIA_TYPE)
                .body("title", equalTo("Not Found"))
                .body("detail", containsString("/samples/nothing/here"));
    }

    @Test
    void aWrongMethodIsA405Problem() {
        given().when().delete("/samples/conflict")
                .then().statusCode(405).contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("Method DELETE is not allowed on /samples/conflict."));
    }

    @Test
    void aWrongContentTypeIsA415Problem() {
        given().contentType(ContentType.XML).body("<sample/>")
                .when().post("/samples")
                .then().statusCode(415).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void aProblemThrownByServiceCodeKeepsItsStatusAndDetail() {
        given().when().get("/samples/conflict")
                .then().statusCode(409).contentType(Problem.MEDIA_TYPE)
                .body("type", equalTo(ProblemTypes.CONFLICT.toString()))
                .body("detail", equalTo("POLDA-NTT is the desk of last resort and stays LIVE."));
    }

    @Test
    void aBugIsA500ThatLeaksNoInternals() {
        given().when().get("/samples/bug")
                .then().statusCode(500).contentType(Problem.MEDIA_TYPE)
                .body("detail", allOf(containsString("reference"), not(containsString("Secret")),
                        not(containsString("IllegalState"))));
    }

    /** Issue 19: a deadlock or serialization failure rolled the whole request back; it is safe to retry, not a bug. */
    @Test
    void aDeadlockIsA503ToRetryNotA500() {
        given().when().get("/samples/deadlock")
                .then().statusCode(503).contentType(Problem.MEDIA_TYPE)
                .header("Retry-After", "1")
                .body("detail", equalTo("The request met concurrent changes and was undone; nothing was changed. Retry it."));
    }
}
