package id.ntt110.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * Property-based bad input over every request body, query parameter and path parameter of the four services, against
 * the whole suite as processes (its own {@link Suite}, as SuiteIT has its own). Each generated request is an admin's,
 * so that what is refused is refused for its input, not for access. The property, for every request: never a 5xx;
 * every 4xx is {@code application/problem+json} with its status and a detail, and a 400 names the fields (or, for a
 * body that is not JSON or not the shape the endpoint takes at all, the body); and a refused request stores nothing —
 * the rows of the tables the endpoint writes, read over JDBC before and after, are the same. POST /routes besides
 * answers 200 for any JSON body and 400 only for one that is not JSON.
 *
 * <p>Each test sends {@code ntt110.input-properties.tries} requests (default 150), drawn by {@link HostileInput} from a
 * {@link SplittableRandom} seeded with {@code ntt110.input-properties.seed} (default 110) XOR the hash of the test's
 * name, so every machine sends the same requests, and a run with more tries sends the same first ones and goes further:
 * {@code ./mvnw -B verify -pl suite-tests -Dit.test=InputPropertiesIT -Dntt110.input-properties.tries=5000} (failsafe
 * passes Maven's command-line {@code -D} properties on to the tests' JVM). A failure names the seed, the try and the
 * request (method, path and query, body; ~2,000 characters of each at most); the same seed with at least as many tries
 * sends it again (only the valid bodies' times, relative to now, differ). Each run prints one
 * {@code [suite input properties]} line with its figures. The services' logs are copied to target/input-properties-logs
 * at the end, since SuiteIT's suite starts by emptying target/suite/logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputPropertiesIT {

    /** Fixed unless overridden, so that every machine sends the same requests and a failure can be replayed. */
    static final long SEED = longProperty("ntt110.input-properties.seed", 110);
    /** Requests per test: ~1,050 in all, about 2 minutes on 2 cores once the suite is up. */
    static final int TRIES = Math.toIntExact(longProperty("ntt110.input-properties.tries", 150));
    /** Replaced in each body as it is sent by the test's name and the try's number, so that ids that must be new are new. */
    static final String UNIQUE = "@UNIQUE@";
    static final String FIXTURE_CALLER = "+6281299990001";
    /** How much of a path, query or body a failure shows: a body may hold 200,000 characters. */
    static final int SHOWN = 2_000;

    /** Ids made at start, named by the placeholders of the endpoints' paths ({incident}, {callback}). */
    static final Map<String, String> FIXTURES = new HashMap<>();

    Suite suite;
    List<Endpoint> endpoints;
    /** One connection to each service's database, to see what a request stored. */
    final Map<String, Connection> databases = new HashMap<>();
    /** The name of the test running, for the failure's replay hint. */
    String test;

    int requests;
    int serverErrors;
    int storedByRefusals;
    int wholeBodyProblems;
    final Map<Integer, Integer> statuses = new TreeMap<>();

    /**
     * The tables an endpoint writes, each row read as its md5, so that a changed row shows as well as a new one. Only
     * tables that nothing but a request writes: the call-back queue's recomputation and routing's decision outbox work
     * in the background, and would look like a refused request's doing.
     */
    enum Store {
        NONE(null),
        DIRECTORY("routing", "unit_directory", "unit_status_history", "cell_location", "number_prefix", "directory_revision"),
        INCIDENTS("incident", "incident", "incident_call", "incident_history", "incident_number_counter"),
        LEGS("stats", "leg_seen", "call_leg", "leg_rollup_hourly"),
        CALLBACK_ATTEMPTS("stats", "callback_attempt", "callback_item"),
        /** The call ids of stats-service's decisions that routing-service did not relay (see {@link InputPropertiesIT#stored}). */
        DECISIONS("stats"),
        ROLLOUTS("rollout", "rollout", "rollout_checklist", "rollout_history", "routing_change");

        final String database;
        final List<String> queries;

        Store(String database, String... tables) {
            this.database = database;
            this.queries = Arrays.stream(tables).map(table -> "SELECT md5(t::text) FROM " + table + " t").toList();
        }
    }

    /**
     * One operation: the service (replica) it is sent to, its method and path, where each {placeholder} is a path
     * parameter — a fixture's id, else the text between the braces is its valid value — and a valid body or valid query
     * parameters to start the mutations from.
     */
    record Endpoint(String service, String method, String template, String body, Map<String, String> query, Store store) {

        static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]+)}");

        boolean isWrite() {
            return !method.equals("GET");
        }

        int placeholders() {
            return (int) PLACEHOLDER.matcher(template).results().count();
        }

        String path() {
            return path(-1, null);
        }

        /** The path with its {@code hostile}-th placeholder as {@code segment} (already encoded), the others valid. */
        String path(int hostile, String segment) {
            Matcher placeholder = PLACEHOLDER.matcher(template);
            StringBuilder path = new StringBuilder();
            for (int i = 0; placeholder.find(); i++) {
                String valid = FIXTURES.getOrDefault(placeholder.group(1), placeholder.group(1));
                placeholder.appendReplacement(path, Matcher.quoteReplacement(i == hostile ? segment : valid));
            }
            return placeholder.appendTail(path).toString();
        }
    }

    /** One generated request: the path and query as sent ({@code target}), and its body (null: none). */
    record Call(Endpoint endpoint, String target, String body) {

        /** With {@link #UNIQUE} in the body replaced by {@code unique}. */
        Call withIds(String unique) {
            return new Call(endpoint, target, body == null ? null : body.replace(UNIQUE, unique));
        }

        @Override
        public String toString() {
            return endpoint.method() + " " + endpoint.service() + " " + shown(target)
                    + (body == null ? "" : "\n    body (" + body.length() + " chars): " + shown(body));
        }
    }

    /** A test's own check of each reply, after the common ones. */
    @FunctionalInterface
    interface Then {
        void check(Call call, Api.Reply reply, String where);
    }

    static final Then NOTHING_MORE = (call, reply, where) -> { };

    static Endpoint write(String service, String method, String template, String body, Store store) {
        return new Endpoint(service, method, template, body, Map.of(), store);
    }

    static Endpoint read(String service, String template, String... namesAndValues) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            query.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Endpoint(service, "GET", template, null, query, Store.NONE);
    }

    /**
     * Routing records its decisions in the background and refuses only a body that is not JSON, so there is no store
     * to compare; its own test checks that every JSON body is routed instead.
     */
    static final Endpoint ROUTE = write("routing-a", "POST", "/routes", """
            {"callId": "prop-route-@UNIQUE@", "caller": "+6281234567890", "location": {"lat": -9.5672, "lon": 124.9075,
             "accuracyMeters": 50}, "cell": "510-10-1234-5678", "regency": "53.21"}""", Store.NONE);

    /** Every other operation of the four services, as API.md documents them (writes on one replica, reads on the other). */
    static List<Endpoint> endpoints() {
        String weekAgo = LocalDate.now(SuiteIT.WITA).minusDays(7).toString();
        String today = LocalDate.now(SuiteIT.WITA).toString();
        Instant hourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        return List.of(
                write("routing-a", "PUT", "/units/{POLRES-ALOR}/status", """
                        {"status": "LIVE", "reason": "property test", "changeId": "prop-status-@UNIQUE@",
                         "onBehalfOf": "supervisor-polda"}""", Store.DIRECTORY),
                write("routing-a", "PUT", "/units/{POLRES-ALOR}/destination", """
                        {"destination": "sip:110@polres-alor.spkt.invalid"}""", Store.DIRECTORY),
                write("routing-a", "PUT", "/cells", """
                        [{"cell": "prop-cell-@UNIQUE@", "regency": "53.01"}, {"cell": "510-10-1234-5678", "regency": "53.04"}]""",
                        Store.DIRECTORY),
                write("routing-a", "PUT", "/number-prefixes", """
                        [{"prefix": "03899", "regencies": ["53.04", "53.21"]}]""", Store.DIRECTORY),
                write("incident", "POST", "/incidents", """
                        {"unit": "POLDA-NTT", "category": "LAINNYA", "priority": "LOW", "summary": "Property test report",
                         "description": "Generated by InputPropertiesIT", "callId": "prop-incident-@UNIQUE@",
                         "caller": {"name": "Budi", "phone": "+6281234567890"},
                         "location": {"lat": -10.1772, "lon": 123.607, "address": "Jalan El Tari, Kupang", "regency": "53.71"},
                         "occurredAt": "%s", "reportedBy": "ignored"}""".formatted(hourAgo), Store.INCIDENTS),
                write("incident", "PATCH", "/incidents/{incident}", """
                        {"summary": "Corrected by a property test", "priority": "HIGH", "description": null,
                         "caller": {"name": "Yohanes"}, "location": {"address": "Pasar Inpres, Kupang"}, "occurredAt": "%s",
                         "note": "property test"}""".formatted(hourAgo), Store.INCIDENTS),
                write("incident", "POST", "/incidents/{incident}/transitions", """
                        {"to": "DISPATCHED", "note": "property test", "actor": "ignored"}""", Store.INCIDENTS),
                write("incident", "POST", "/incidents/{incident}/calls", """
                        {"callId": "prop-attached-@UNIQUE@"}""", Store.INCIDENTS),
                // An answered leg and a withheld busy one: neither puts a caller in the call-back queue.
                write("stats", "POST", "/cdrs", """
                        [{"id": "prop-leg-@UNIQUE@", "callId": "prop-call-@UNIQUE@", "unit": "POLRES-BELU", "caller": "+6281234500001",
                          "startedAt": "%1$s", "answeredAt": "%2$s", "endedAt": "%3$s", "disposition": "ANSWERED",
                          "regency": "53.04", "locatedBy": "GPS", "reason": "DIRECT"},
                         {"id": "prop-leg-@UNIQUE@-b", "callId": "prop-call-@UNIQUE@-b", "unit": "POLDA-NTT", "startedAt": "%1$s",
                          "disposition": "BUSY"}]""".formatted(hourAgo, hourAgo.plusSeconds(6), hourAgo.plusSeconds(90)), Store.LEGS),
                write("stats", "POST", "/decisions", """
                        [{"callId": "prop-decision-@UNIQUE@", "regency": "53.21", "coveringUnit": "POLRES-MALAKA", "unit": "POLDA-NTT",
                          "reason": "COVERING_UNIT_NOT_LIVE", "decidedAt": "%s"}]""".formatted(hourAgo), Store.DECISIONS),
                // NO_ANSWER keeps the item open, so that attempts keep being taken.
                write("stats", "POST", "/callbacks/{callback}/attempts", """
                        {"outcome": "NO_ANSWER", "note": "property test: rang out"}""", Store.CALLBACK_ATTEMPTS),
                write("rollout-a", "PUT", "/rollouts/{POLRES-MALAKA}/checklist/{SITE_READY}", """
                        {"done": true, "evidence": "property test", "by": "ignored"}""", Store.ROLLOUTS),
                write("rollout-a", "PATCH", "/rollouts/{POLRES-SABU-RAIJUA}", """
                        {"targetDate": "2027-06-30", "blockers": ["trunk not provisioned"], "stage": "PROCUREMENT",
                         "contact": {"name": "AKP Benediktus", "phone": "+62 389 21110"}}""", Store.ROLLOUTS),
                // Its checklist stays incomplete, so a valid go-live is a 409 and no routing change runs in the background.
                write("rollout-a", "POST", "/rollouts/{POLRES-NAGEKEO}/go-live", """
                        {"by": "ignored", "at": "%s"}""".formatted(hourAgo), Store.ROLLOUTS),
                // Neither live nor scheduled: a valid rollback is a 409 too.
                write("rollout-a", "POST", "/rollouts/{POLRES-MANGGARAI-TIMUR}/rollback", """
                        {"by": "ignored", "reason": "property test"}""", Store.ROLLOUTS),
                read("routing-b", "/units"),
                read("routing-b", "/units/{POLRES-ALOR}"),
                read("routing-b", "/units/{POLRES-ALOR}/history"),
                read("routing-b", "/cells/{510-10-1234-5678}"),
                read("routing-b", "/number-prefixes"),
                read("incident", "/incidents", "unit", "POLDA-NTT", "status", "RECEIVED", "category", "LAINNYA", "from", weekAgo,
                        "to", today, "q", "property", "page", "0", "size", "20"),
                read("incident", "/incidents/counts", "from", weekAgo, "to", today, "groupBy", "unit"),
                read("incident", "/incidents/{incident}"),
                read("incident", "/incidents/{incident}/history"),
                read("stats", "/stats/calls", "from", weekAgo, "to", today, "groupBy", "unit", "unit", "POLDA-NTT"),
                read("stats", "/stats/unanswered", "from", weekAgo, "to", today, "unit", "POLDA-NTT", "page", "0", "size", "20"),
                read("stats", "/callbacks", "unit", "POLDA-NTT", "status", "OPEN", "from", weekAgo, "to", today, "page", "0",
                        "size", "20"),
                read("stats", "/callbacks/{callback}"),
                read("stats", "/stats/callbacks", "from", weekAgo, "to", today, "groupBy", "unit", "unit", "POLDA-NTT"),
                read("rollout-b", "/rollouts"),
                read("rollout-b", "/rollouts/summary"),
                read("rollout-b", "/rollouts/{POLRES-MALAKA}"),
                read("rollout-b", "/rollouts/{POLRES-MALAKA}/history"));
    }

    // --- lifecycle ----------------------------------------------------------------------------------------------------

    @BeforeAll
    void startSuite() throws SQLException {
        Instant begin = Instant.now();
        suite = new Suite();
        Api.bearer = Api.renewing(() -> suite.keycloak.passwordToken("admin", "admin"));
        databases.put("routing", DriverManager.getConnection(suite.routingDatabase.jdbcUrl("routing"), "postgres", ""));
        for (String database : List.of("incident", "stats", "rollout")) {
            databases.put(database, DriverManager.getConnection(suite.database.jdbcUrl(database), "postgres", ""));
        }
        createFixtures();
        endpoints = endpoints();
        SuiteIT.report("input properties", "suite and fixtures ready in " + Duration.between(begin, Instant.now()).toSeconds()
                + " s; " + (endpoints.size() + 1) + " endpoints; " + TRIES + " tries per test, seed " + SEED);
    }

    /** An incident to edit, move and attach calls to, and an open call-back item to record attempts on. */
    void createFixtures() {
        FIXTURES.clear();
        Api.Reply incident = Api.post(suite.url("incident") + "/incidents",
                Map.of("unit", "POLDA-NTT", "category", "LAINNYA", "summary", "Property test fixture"));
        assertThat(incident.status()).as(incident.body()).isEqualTo(201);
        FIXTURES.put("incident", incident.json().path("id").asText());
        Instant missed = Instant.now().minus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Api.Reply leg = Api.post(suite.url("stats") + "/cdrs", List.of(Map.of("id", "prop-fixture-leg", "callId", "prop-fixture-call",
                "unit", "POLDA-NTT", "caller", FIXTURE_CALLER, "startedAt", missed.toString(), "disposition", "NO_ANSWER")));
        assertThat(leg.status()).as(leg.body()).isEqualTo(200);
        assertThat(leg.json().path("accepted").asInt()).as(leg.body()).isEqualTo(1);
        // The queue is recomputed in the background after the batch.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> callbackItem().isPresent());
        FIXTURES.put("callback", callbackItem().orElseThrow());
    }

    Optional<String> callbackItem() {
        Api.Reply reply = Api.get(suite.url("stats") + "/callbacks?unit=POLDA-NTT&status=OPEN&size=200");
        if (reply.status() != 200) {
            return Optional.empty();
        }
        for (JsonNode item : reply.json().path("items")) {
            if (item.path("caller").asText().endsWith(FIXTURE_CALLER.substring(3))) {
                return Optional.of(item.path("id").asText());
            }
        }
        return Optional.empty();
    }

    @BeforeEach
    void rememberTestName(TestInfo info) {
        test = info.getTestMethod().map(method -> method.getName()).orElse(info.getDisplayName());
    }

    @AfterAll
    void stopSuite() throws SQLException {
        SuiteIT.report("input properties", requests + " generated requests (" + TRIES + " tries per test, seed " + SEED
                + "), statuses " + statuses + ", 5xx " + serverErrors + ", refused yet stored " + storedByRefusals
                + ", 400s naming the body as a whole " + wholeBodyProblems);
        try {
            for (Connection connection : databases.values()) {
                connection.close();
            }
        } finally {
            if (suite != null) {
                suite.close();
                keepLogs();
            }
        }
    }

    /** A copy of the suite's logs that SuiteIT's suite, starting after this one in the same JVM, does not delete. */
    void keepLogs() {
        Path kept = Suite.ROOT.resolve("suite-tests/target/input-properties-logs");
        Suite.deleteRecursively(kept);
        try (Stream<Path> files = Files.walk(suite.logs)) {
            for (Path file : files.toList()) {
                Files.copy(file, kept.resolve(suite.logs.relativize(file).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole number from a system property (a blank one is not set), else {@code fallback}. */
    static long longProperty(String name, long fallback) {
        String value = System.getProperty(name, "").strip();
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + "=" + value + " is not a whole number", e);
        }
    }

    // --- the tests ----------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"routing", "incident", "stats", "rollout"})
    void writesAreNeverA5xxAndWhatTheyRefuseTheyDoNotStore(String service) throws SQLException {
        forAll(service + "-writes", writes(service), NOTHING_MORE);
    }

    /** API.md: malformed parts are ignored and reported, the call is still routed; only a body that is not JSON is a 400. */
    @Test
    void everyJsonBodyIsRoutedAndOnlyOneThatIsNotJsonIsRefused() throws SQLException {
        forAll("routes", r -> withBody(ROUTE, r), (call, reply, where) -> assertThat(reply.status())
                .as("%s%n→ %d %s", where, reply.status(), shown(reply.body())).isEqualTo(isJson(call.body()) ? 200 : 400));
    }

    /** Every GET, with its valid parameters mutated (or, where it has none, unknown ones added). */
    @Test
    void hostileQueryParametersAreAProblemNeverA5xx() throws SQLException {
        List<Endpoint> reads = endpoints.stream().filter(e -> !e.isWrite()).toList();
        forAll("queries", r -> {
            Endpoint endpoint = HostileInput.oneOf(r, reads);
            return new Call(endpoint, endpoint.path() + HostileInput.mutatedQuery(r, endpoint.query()), null);
        }, NOTHING_MORE);
    }

    /** Every endpoint with a path parameter, one of them hostile, with its valid body. */
    @Test
    void hostilePathParametersAreAProblemNeverA5xxAndStoreNothing() throws SQLException {
        List<Endpoint> withParameters = endpoints.stream().filter(e -> e.placeholders() > 0).toList();
        forAll("paths", r -> {
            Endpoint endpoint = HostileInput.oneOf(r, withParameters);
            int hostile = r.nextInt(endpoint.placeholders());
            return new Call(endpoint, endpoint.path(hostile, HostileInput.hostilePathSegment(r)), endpoint.body());
        }, NOTHING_MORE);
    }

    /** A write endpoint of {@code service} (either replica), with a mutated body. */
    Function<SplittableRandom, Call> writes(String service) {
        List<Endpoint> writes = endpoints.stream().filter(e -> e.isWrite() && e.service().startsWith(service)).toList();
        return r -> withBody(HostileInput.oneOf(r, writes), r);
    }

    static Call withBody(Endpoint endpoint, SplittableRandom r) {
        return new Call(endpoint, endpoint.path(), HostileInput.mutatedBody(r, endpoint.body()));
    }

    // --- the property -------------------------------------------------------------------------------------------------

    /**
     * Sends {@link #TRIES} requests drawn by {@code requests} from a random source seeded with {@link #SEED} XOR the
     * hash of {@code property}, checks each reply ({@link #check}, then {@code then}), and stops at the first failure,
     * which says how to send the same requests again.
     */
    void forAll(String property, Function<SplittableRandom, Call> requests, Then then) throws SQLException {
        long seed = SEED ^ property.hashCode();
        SplittableRandom random = new SplittableRandom(seed);
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            Call call = requests.apply(random).withIds(property + "-" + attempt);
            String where = ("%s, try %d of %d, seed %d (its random source's: %d); sent again by -Dit.test=InputPropertiesIT#%s"
                    + " -Dntt110.input-properties.seed=%d -Dntt110.input-properties.tries=%d%n    %s")
                    .formatted(property, attempt, TRIES, SEED, seed, test, SEED, attempt, call);
            Api.Reply reply = check(call, where);
            then.check(call, reply, where);
        }
    }

    /** Sends {@code call} and checks what every answer must be; the reply, for a test's own checks. */
    Api.Reply check(Call call, String where) throws SQLException {
        Store store = call.endpoint().store();
        Set<String> before = stored(store);
        Api.Reply reply = send(call);
        tally(reply.status());
        String what = where + "\n→ " + reply.status() + " " + shown(reply.body());
        assertThat(reply.status()).as("%s", what).isBetween(200, 499);
        if (reply.status() >= 400) {
            assertProblem(reply, what);
            Set<String> changed = stored(store);
            changed.removeAll(before);
            if (!changed.isEmpty()) {
                storedByRefusals++;
            }
            assertThat(changed).as("rows of %s added or changed by a request refused with %d: %s", store, reply.status(), what)
                    .isEmpty();
        }
        return reply;
    }

    void assertProblem(Api.Reply reply, String what) {
        assertThat(reply.contentType()).as("%s", what).startsWith("application/problem+json");
        JsonNode problem;
        try {
            problem = Api.JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new AssertionError("a problem that is not JSON: " + what, e);
        }
        assertThat(problem.path("status").asInt()).as("%s", what).isEqualTo(reply.status());
        assertThat(problem.path("detail").asText()).as("%s", what).isNotBlank();
        if (reply.status() == 400) {
            JsonNode errors = problem.path("errors");
            List<String> fields = errors.findValuesAsText("field");
            // Not JSON, or not the shape the endpoint takes at all, names "body": the whole of it is at fault.
            if (fields.contains("body")) {
                wholeBodyProblems++;
            }
            assertThat(fields).as("the fields named by %s", what).isNotEmpty().hasSize(errors.size());
        }
    }

    /**
     * The rows of the store's tables, as md5s. For decisions, the call ids routing-service does not hold: what it
     * relayed from the route test's calls arrives at any time and is not the request's doing. stats-service is read
     * first, so a relayed decision it holds is in routing's table by the time that is read.
     */
    Set<String> stored(Store store) throws SQLException {
        if (store == Store.DECISIONS) {
            Set<String> direct = new HashSet<>(query("stats", "SELECT call_id FROM routing_decision"));
            direct.removeAll(query("routing", "SELECT call_id FROM routing_decision"));
            return direct;
        }
        Set<String> rows = new HashSet<>();
        for (String sql : store.queries) {
            rows.addAll(query(store.database, sql));
        }
        return rows;
    }

    List<String> query(String database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = databases.get(database).createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    Api.Reply send(Call call) {
        String url = suite.url(call.endpoint().service()) + call.target();
        return switch (call.endpoint().method()) {
            case "GET" -> Api.get(url);
            case "POST" -> Api.post(url, call.body());
            case "PUT" -> Api.put(url, call.body());
            default -> Api.patch(url, call.body());
        };
    }

    void tally(int status) {
        requests++;
        statuses.merge(status, 1, Integer::sum);
        if (status >= 500 || status < 0) {
            serverErrors++;
        }
    }

    /** As routing-service reads a body: blank is no information, anything else must parse. */
    static boolean isJson(String body) {
        try {
            Api.JSON.readTree(body);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * {@code text} as a failure shows it: at most about {@link #SHOWN} characters (its start and its end), and characters
     * that do not print (controls, format characters such as U+202E, unpaired surrogates) as {@code \\uXXXX}.
     */
    static String shown(String text) {
        String cut = text.length() <= SHOWN ? text : text.substring(0, SHOWN / 2) + " …[" + (text.length() - SHOWN)
                + " characters left out]… " + text.substring(text.length() - SHOWN / 2);
        StringBuilder shown = new StringBuilder(cut.length());
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < cut.length() && Character.isLowSurrogate(cut.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(cut.charAt(i - 1));
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || Character.isSurrogate(c) && !paired) {
                shown.append(String.format("\\u%04x", (int) c));
            } else {
                shown.append(c);
            }
        }
        return shown.toString();
    }
}
