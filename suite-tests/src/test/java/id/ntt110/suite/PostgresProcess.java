package id.ntt110.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An embedded PostgreSQL server as its own process — test-support's LocalPostgres, the same launcher ./run.sh uses —
 * with its data kept across stop and start. A process rather than a library call: the suite's services run as
 * processes too, and test-support's runnable jar brings its own copy of the binaries.
 */
final class PostgresProcess {

    private final String name;
    private final Path data;
    private final Path binaries;
    private final Path log;
    private final int port;
    private final List<String> databases;
    private Process process;

    PostgresProcess(String name, Path work, List<String> databases) {
        this.name = name;
        this.data = work.resolve(name + "-data");
        this.binaries = work.resolve("pg-binaries");
        this.log = work.resolve("logs").resolve(name + ".log");
        this.port = freePort();
        this.databases = databases;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    synchronized PostgresProcess start() {
        Path jar = Suite.ROOT.resolve("test-support/target/test-support-1.0.0-SNAPSHOT.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package test-support first (./mvnw verify does)");
        }
        try {
            Files.deleteIfExists(log);
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                    "--data", data.toString(), "--binaries", binaries.toString(), "--port", String.valueOf(port),
                    "--databases", String.join(",", databases))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            while (!Files.exists(log) || !Files.readString(log).contains("NTT110-POSTGRES-READY")) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(name + " did not start:\n" + (Files.exists(log) ? Files.readString(log) : ""));
                }
                ServiceProcess.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** SIGTERM: LocalPostgres stops the server (fast shutdown) before it exits. */
    synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    /**
     * A port free now and not handed out before in this run: the system may give a just-closed port again, and two
     * processes of the suite told the same port make one of them fail to start (seen: incident and rollout-b).
     */
    static synchronized int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
