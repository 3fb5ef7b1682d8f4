package id.ntt110.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL server of the test class's own, which the test may stop and start again (field annotated
 * {@link InjectPostgres}) to prove what a service does during a database outage. Use it restricted to the class
 * ({@code @WithTestResource}), never shared: stopping it must not break other tests.
 */
public class RestartablePostgresResource implements QuarkusTestResourceLifecycleManager {

    private String database;
    private EmbeddedPostgresServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        database = PostgresTestResource.databaseName(initArgs);
    }

    @Override
    public Map<String, String> start() {
        server = EmbeddedPostgresServer.startTemporary();
        server.createDatabases(List.of(database));
        return PostgresTestResource.datasource(server.jdbcUrl(database), EmbeddedPostgresServer.SUPERUSER, "");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectPostgres.class, EmbeddedPostgresServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.destroy();
        }
    }
}
