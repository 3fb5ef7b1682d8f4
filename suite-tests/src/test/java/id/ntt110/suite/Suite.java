package id.ntt110.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import id.ntt110.testsupport.LocalKeycloak;

/**
 * The whole suite as it runs on Kubernetes, on this machine: routing-service and rollout-service twice, incident- and
 * stats-service once, each its own JVM from its packaged target/quarkus-app; routing's database on its own embedded
 * PostgreSQL server (so a test can stop it alone), the other three databases on another. Ports are fixed for the
 * suite's life, so a restarted service comes back where the others expect it. rollout-service calls routing-a
 * (locally there is no Service to balance between the replicas).
 */
final class Suite implements AutoCloseable {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Duration START = Duration.ofSeconds(120);

    final PostgresProcess routingDatabase;
    final PostgresProcess database;
    final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** The real identity provider, with the local realm (its users, clients and imported signing key). */
    final LocalKeycloak keycloak;
    /** One log per process; the services log as on Kubernetes, one JSON object a line. */
    final Path logs;

    Suite() {
        this(List.of("routing-a", "routing-b", "incident", "stats", "rollout-a", "rollout-b"));
    }

    /** Only the named services (e.g. the SIP edge's tests need routing alone), with both databases and Keycloak. */
    Suite(List<String> only) {
        Path work = ROOT.resolve("suite-tests/target/suite");
        logs = work.resolve("logs");
        deleteRecursively(logs);
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        deleteRecursively(work.resolve("routing-db-data"));
        deleteRecursively(work.resolve("services-db-data"));
        routingDatabase = new PostgresProcess("routing-db", work, List.of("routing"));
        // edge: the SIP edge's spool of legs (telephony/spool.sql), which SipEdgeIT gives to Kamailio.
        database = new PostgresProcess("services-db", work, List.of("incident", "stats", "rollout", "keycloak", "edge"));
        CompletableFuture.allOf(CompletableFuture.runAsync(routingDatabase::start), CompletableFuture.runAsync(database::start)).join();
        // Keycloak's data is the database's (new each run); the unpacked and built distribution is kept in target/.
        keycloak = LocalKeycloak.start(new LocalKeycloak.Settings(work.resolve("keycloak-home"),
                Path.of(System.getProperty("ntt110.keycloak.zip", "missing: run the suite through Maven")),
                PostgresProcess.freePort(), PostgresProcess.freePort(), database.jdbcUrl("keycloak"), "postgres", "",
                Path.of(System.getProperty("java.home")), logs.resolve("keycloak.log")));

        Map<String, Integer> ports = new HashMap<>();
        for (String name : List.of("routing-a", "routing-b", "incident", "stats", "rollout-a", "rollout-b")) {
            ports.put(name, PostgresProcess.freePort());
        }
        List<String> started = only;
        Map<String, String> common = new HashMap<>();
        common.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        common.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true");
        common.put("NTT110_OIDC_ISSUER", keycloak.issuer());
        common.put("NTT110_OIDC_PUBLIC_KEY", keycloak.publicKey());
        common.put("QUARKUS_REST_CLIENT_ROUTING_URL", "http://127.0.0.1:" + ports.get("routing-a"));
        common.put("QUARKUS_REST_CLIENT_INCIDENT_URL", "http://127.0.0.1:" + ports.get("incident"));
        common.put("QUARKUS_REST_CLIENT_STATS_URL", "http://127.0.0.1:" + ports.get("stats"));
        // Recovery within a test's patience: the longest retry waits are shortened (production: 60 s).
        common.put("ROUTING_DECISIONS_MAX_DELIVERY_BACKOFF", "2s");
        common.put("ROLLOUT_ROUTING_SYNC_MAX_BACKOFF", "2s");
        for (String name : ports.keySet().stream().filter(started::contains).sorted().toList()) {
            String module = name.replaceAll("-[ab]$", "") + "-service";
            String db = name.replaceAll("-[ab]$", "");
            PostgresProcess server = db.equals("routing") ? routingDatabase : database;
            Map<String, String> env = new HashMap<>(common);
            env.put("QUARKUS_DATASOURCE_JDBC_URL", server.jdbcUrl(db));
            env.put("NTT110_OIDC_CLIENT_SECRET", keycloak.clientSecret(module));
            services.put(name, new ServiceProcess(name, module, ports.get(name), env, logs));
        }
        // Start all at once, as Kubernetes would: the replicas race for Flyway's lock on the same database.
        CompletableFuture.allOf(services.values().stream()
                .map(s -> CompletableFuture.runAsync(() -> s.start().awaitReady(START))).toArray(CompletableFuture[]::new)).join();
    }

    ServiceProcess service(String name) {
        return services.get(name);
    }

    String url(String name) {
        return services.get(name).url();
    }

    @Override
    public void close() {
        services.values().forEach(ServiceProcess::stop);
        keycloak.stop();
        routingDatabase.stop();
        database.stop();
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
