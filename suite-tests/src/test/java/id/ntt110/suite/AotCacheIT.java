package id.ntt110.suite;

import id.ntt110.testsupport.TestIdentity;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The AOT cache only ever costs or saves start-up time: routing-service (from a copy of its packaged folder, so the
 * build's own stays untouched) starts and routes with its trained cache, with the cache missing, with a cache gone
 * stale (a jar rebuilt after training) and with a corrupt cache file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AotCacheIT {

    static final Path PACKAGED = Suite.ROOT.resolve("routing-service/target/quarkus-app");
    static final Duration START = Duration.ofSeconds(90);

    Path work;
    PostgresProcess database;

    @BeforeAll
    void startDatabase() throws IOException {
        if (!Files.isRegularFile(PACKAGED.resolve("app.aot"))) {
            // Packaged with -Dntt110.aot.skip=true: nothing to test here — but CI must never build that way.
            String message = PACKAGED.resolve("app.aot") + " is missing: the build trains it unless -Dntt110.aot.skip=true";
            assertThat("true".equalsIgnoreCase(System.getenv("CI"))).as("CI=true and " + message).isFalse();
            Assumptions.abort(message);
        }
        work = Suite.ROOT.resolve("suite-tests/target/aot-cache");
        Suite.deleteRecursively(work);
        Files.createDirectories(work.resolve("logs"));
        database = new PostgresProcess("aot-postgres", work, List.of("routing")).start();
    }

    @AfterAll
    void stopDatabase() {
        if (database != null) {
            database.stop();
        }
    }

    @Test
    void startsWithItsTrainedCacheAndTheJvmUsesIt() throws IOException {
        Path app = copyOfPackagedService("trained");
        String log = startRouteAndStop("trained", app, List.of("-XX:AOTCache=app.aot", "-Xlog:aot=info"));
        assertThat(log).contains("Opened AOT cache app.aot").doesNotContain("[error");
    }

    @Test
    void startsWithoutTheCacheFile() throws IOException {
        Path app = copyOfPackagedService("missing");
        Files.delete(app.resolve("app.aot"));
        startRouteAndStop("missing", app, List.of("-XX:AOTCache=app.aot"));
    }

    @Test
    void startsWithAStaleCacheAfterAJarChanged() throws IOException {
        Path app = copyOfPackagedService("stale");
        // A rebuild after training rewrites the application jar: the JVM must notice and run without the cache.
        Path jar;
        try (Stream<Path> jars = Files.list(app.resolve("app"))) {
            jar = jars.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        String log = startRouteAndStop("stale", app, List.of("-XX:AOTCache=app.aot"));
        assertThat(log).contains("timestamp has changed");
    }

    @Test
    void startsWithACorruptCacheFile() throws IOException {
        Path app = copyOfPackagedService("corrupt");
        byte[] garbage = new byte[1 << 20];
        new java.util.Random(110).nextBytes(garbage);
        Files.write(app.resolve("app.aot"), garbage);
        startRouteAndStop("corrupt", app, List.of("-XX:AOTCache=app.aot"));
    }

    /** Starts the service, routes one call (Malaka, pending → Polda), stops it; returns its log. */
    private String startRouteAndStop(String name, Path app, List<String> jvmOptions) throws IOException {
        ServiceProcess service = new ServiceProcess("routing-" + name, app, PostgresProcess.freePort(),
                Map.of("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl("routing"), "QUARKUS_DATASOURCE_USERNAME", "postgres",
                        "QUARKUS_REST_CLIENT_STATS_URL", "http://127.0.0.1:9",
                        // This test is about start-up, not identity: a test key stands in for the realm's.
                        "NTT110_OIDC_PUBLIC_KEY", TestIdentity.publicKey(), "NTT110_OIDC_ISSUER", TestIdentity.ISSUER),
                work.resolve("logs"), jvmOptions);
        try {
            long started = System.nanoTime();
            service.start().awaitReady(START);
            System.out.printf("[aot-cache] %s: ready in %.2f s%n", name, (System.nanoTime() - started) / 1e9);
            Api.Reply route = Api.as(TestIdentity.token("service-account-telephony", null, "TELEPHONY"),
                    () -> Api.post(service.url() + "/routes", Map.of("regency", "53.21")));
            assertThat(route.status()).isEqualTo(200);
            assertThat(route.json().path("unit").asText()).isEqualTo("POLDA-NTT");
        } finally {
            service.stop();
        }
        return Files.readString(service.log) + Files.readString(service.stderr);
    }

    private Path copyOfPackagedService(String name) throws IOException {
        Path target = work.resolve(name);
        try (Stream<Path> paths = Files.walk(PACKAGED)) {
            for (Path source : paths.toList()) {
                Path copy = target.resolve(PACKAGED.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    // COPY_ATTRIBUTES keeps the jars' timestamps, which the cache was recorded against.
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return target;
    }
}
