package id.ntt110.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A WireMock stand-in for another ntt110 service on a free loopback port, wired in as the REST client
 * {@code quarkus.rest-client.<key>.url}. A service's own tests use it to make the other service fail, hang or
 * come back; the suite tests run the real one. Subclass it once per stood-in service (Quarkus tells test resources
 * apart by class), and inject it with {@link InjectStub}.
 */
public abstract class StubServiceResource implements QuarkusTestResourceLifecycleManager {

    private final String configKey;
    private final Consumer<WireMockServer> defaults;
    private WireMockServer server;

    /** {@code defaults}: the stubs the stand-in starts with (and that {@link #reset} restores). */
    protected StubServiceResource(String configKey, Consumer<WireMockServer> defaults) {
        this.configKey = configKey;
        this.defaults = defaults;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        defaults.accept(server);
        return Map.of("quarkus.rest-client." + configKey + ".url", server.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, field -> field.getType() == WireMockServer.class
                && field.isAnnotationPresent(InjectStub.class) && field.getAnnotation(InjectStub.class).value().equals(configKey));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Forgets recorded requests and test-specific stubs, back to {@code defaults}. */
    public static void reset(WireMockServer server, Consumer<WireMockServer> defaults) {
        server.resetAll();
        defaults.accept(server);
    }
}
