package id.ntt110.suite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged service (target/quarkus-app) running as its own JVM process on a fixed port, restartable. */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    private final Path app;
    private final List<String> jvmOptions;
    private final Map<String, String> environment;
    /** What the service logs (stdout: on Kubernetes, one JSON object a line). */
    final Path log;
    /** What the JVM itself says (stderr). */
    final Path stderr;
    private Process process;

    /**
     * The JVM's own warnings (e.g. about its AOT cache) on stderr, as in the images, so that stdout holds only the
     * service's log — one JSON object a line on Kubernetes.
     */
    static final List<String> JVM_LOG_TO_STDERR = List.of("-Xlog:disable", "-Xlog:all=warning:stderr");

    /** The packaged {@code module} as in production: with the AOT cache the build trained, if there is one. */
    ServiceProcess(String name, String module, int port, Map<String, String> environment, Path logDirectory) {
        this(name, Suite.ROOT.resolve(module).resolve("target/quarkus-app"), port, environment, logDirectory,
                withCache(Suite.ROOT.resolve(module).resolve("target/quarkus-app")));
    }

    private static List<String> withCache(Path app) {
        List<String> options = new ArrayList<>(JVM_LOG_TO_STDERR);
        if (Files.isRegularFile(app.resolve("app.aot"))) {
            options.add("-XX:AOTCache=app.aot");
        }
        return options;
    }

    /** A service from the quarkus-app folder {@code app}, with these JVM options besides the heap size. */
    ServiceProcess(String name, Path app, int port, Map<String, String> environment, Path logDirectory, List<String> jvmOptions) {
        this.name = name;
        this.app = app;
        this.port = port;
        this.environment = environment;
        this.jvmOptions = jvmOptions;
        this.log = logDirectory.resolve(name + ".log");
        this.stderr = logDirectory.resolve(name + ".stderr.log");
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    synchronized ServiceProcess start() {
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(app + "/quarkus-run.jar is missing: package the services first (./mvnw verify does)");
        }
        // From its folder, as ./run.sh does (the AOT cache records the class path relative to it), with the JVM options
        // the cache was trained with (scripts/jdk.sh, NTT110_SERVICE_JVM_OPTIONS).
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m", "-Xms32m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", "quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Waits for /q/health/ready = 200; fails with the end of the service's log when it dies or takes too long. */
    ServiceProcess awaitReady(Duration within) {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            if (status("/q/health/ready") == 200) {
                return this;
            }
            sleep(100);
        }
        throw new IllegalStateException(name + " not ready within " + within + ":\n" + tail());
    }

    /** SIGTERM, and wait for the graceful shutdown. */
    synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    /** SIGKILL: no shutdown hooks, in-flight work lost as in a crash. */
    synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /** SIGSTOP: the process keeps its sockets open and answers nothing, as a hung JVM does. */
    synchronized void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    synchronized void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String tail() {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(log));
            if (Files.exists(stderr)) {
                lines.add("--- stderr:");
                lines.addAll(Files.readAllLines(stderr));
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
