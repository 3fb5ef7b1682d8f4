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

    /** Init argument: "true" to have the server stopped when the application starts (a start during an outage). */
    public static final String DOWN_AT_START = "down-at-start";
    /**
     * Init argument: "true" to connect the application through a {@link StallingProxy} (field annotated
     * {@link InjectPostgres}), which makes the server vanish without closing connections.
     */
    public static final String THROUGH_STALLING_PROXY = "through-stalling-proxy";

    private String database;
    private boolean downAtStart;
    private boolean throughProxy;
    private EmbeddedPostgresServer server;
    private StallingProxy proxy;

    @Override
    public void init(Map<String, String> initArgs) {
        database = PostgresTestResource.databaseName(initArgs);
        downAtStart = Boolean.parseBoolean(initArgs.get(DOWN_AT_START));
        throughProxy = Boolean.parseBoolean(initArgs.get(THROUGH_STALLING_PROXY));
    }

    @Override
    public Map<String, String> start() {
        server = EmbeddedPostgresServer.startTemporary();
        server.createDatabases(List.of(database));
        if (downAtStart) {
            server.stop();
        }
        String url = server.jdbcUrl(database);
        if (throughProxy) {
            proxy = new StallingProxy(server.port());
            url = url.replace(":" + server.port() + "/", ":" + proxy.port() + "/");
        }
        return PostgresTestResource.datasource(url, EmbeddedPostgresServer.SUPERUSER, "");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(InjectPostgres.class, EmbeddedPostgresServer.class));
        if (proxy != null) {
            testInjector.injectIntoFields(proxy, new TestInjector.AnnotatedAndMatchesType(InjectPostgres.class, StallingProxy.class));
        }
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.destroy();
        }
    }
}
