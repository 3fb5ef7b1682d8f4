package id.ntt110.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL database: one embedded server per test JVM, started on first use and
 * stopped when the JVM exits — or, when {@code NTT110_TEST_PG_URL} is set (e.g. {@code jdbc:postgresql://db:5432/}),
 * that external server, with {@code NTT110_TEST_PG_USER} / {@code NTT110_TEST_PG_PASSWORD}.
 * <p>
 * The database to create (if missing) and connect to: init arg {@code database}, else the system property
 * {@value #DATABASE_PROPERTY} (each service's build sets it to the service's name), else {@code app}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String EXTERNAL_URL_ENV = "NTT110_TEST_PG_URL";
    public static final String EXTERNAL_USER_ENV = "NTT110_TEST_PG_USER";
    public static final String EXTERNAL_PASSWORD_ENV = "NTT110_TEST_PG_PASSWORD";

    public static final String DATABASE_PROPERTY = "ntt110.test.database";

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = databaseName(initArgs);
    }

    static String databaseName(Map<String, String> initArgs) {
        return initArgs.getOrDefault("database", System.getProperty(DATABASE_PROPERTY, "app"));
    }

    @Override
    public Map<String, String> start() {
        String external = System.getenv(EXTERNAL_URL_ENV);
        if (external != null && !external.isBlank()) {
            String base = external.endsWith("/") ? external : external + "/";
            String user = System.getenv().getOrDefault(EXTERNAL_USER_ENV, EmbeddedPostgresServer.SUPERUSER);
            String password = System.getenv().getOrDefault(EXTERNAL_PASSWORD_ENV, "");
            EmbeddedPostgresServer.createDatabases(base + "postgres", user, password, List.of(database));
            return datasource(base + database, user, password);
        }
        EmbeddedPostgresServer server = SharedServer.INSTANCE;
        server.createDatabases(List.of(database));
        return datasource(server.jdbcUrl(database), EmbeddedPostgresServer.SUPERUSER, "");
    }

    @Override
    public void stop() {
        // The shared server lives as long as the test JVM: later test classes (and restarts for profiles) reuse it.
    }

    static Map<String, String> datasource(String url, String user, String password) {
        return Map.of("quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }

    /** Started on first use; stopped, and its data deleted, when the JVM exits. */
    private static final class SharedServer {
        static final EmbeddedPostgresServer INSTANCE = EmbeddedPostgresServer.startTemporary();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(INSTANCE::destroy, "ntt110-test-postgres-stop"));
        }
    }
}
