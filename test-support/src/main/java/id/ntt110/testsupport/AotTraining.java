package id.ntt110.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains the AOT cache of one packaged service (JEP 483/514/515): starts a throw-away embedded PostgreSQL, starts the
 * service from its {@code quarkus-app} folder with {@code -XX:AOTCacheOutput}, drives it through the service's
 * workload file, stops it with SIGTERM (the JVM then assembles the cache) and checks that a JVM started with
 * {@code -XX:AOTMode=on} accepts the new {@code app.aot} — so a cache that would be refused fails the build instead
 * of silently costing start-up time. Run in the package phase of every service (service-parent/pom.xml).
 * <p>
 * The workload file has one request a line: {@code EXPECTED_STATUS METHOD PATH [JSON BODY]}; {@code #} starts a
 * comment; {@code ${n}} in a path or body becomes the iteration number, {@code ${id}} the first {@code "id"} string
 * of the latest response that had one (e.g. the incident just created). A status other than the expected one fails
 * the training, so the workload is also a smoke test of the packaged artifact.
 * <p>
 * Options: {@code --app DIR} (target/quarkus-app), {@code --workload FILE}, {@code --database NAME},
 * {@code --work DIR} (logs, database), {@code --iterations N}, {@code --jvm-options "..."} (the options the service
 * will run with: a cache only serves a JVM started with compatible flags).
 */
public final class AotTraining {

    private static final String TOKEN = TestIdentity.admin();

    public static final String CACHE_FILE = "app.aot";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(300);
    /** Other services' URLs point here (the discard port, where nothing listens): their calls fail at once. */
    private static final String NOWHERE = "http://127.0.0.1:9";
    private static final Pattern FIRST_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private static final List<Process> LAUNCHED = new java.util.concurrent.CopyOnWriteArrayList<>();

    record Step(int expectedStatus, String method, String path, String body, int line) {
    }

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine options = CommandLine.parse(args, "--app DIR --workload FILE --database NAME [--work DIR] [--iterations N] "
                + "[--jvm-options \"...\"]");
        Path app = Path.of(options.require("app")).toAbsolutePath();
        Path workloadFile = Path.of(options.require("workload"));
        String database = options.require("database");
        Path work = Path.of(options.get("work", app.resolveSibling("aot-training").toString())).toAbsolutePath();
        int iterations = Integer.parseInt(options.get("iterations", "30"));
        List<String> jvmOptions = splitOptions(options.get("jvm-options", ""));
        List<Step> workload = readWorkload(workloadFile);

        // A build stopped mid-training (Ctrl-C, a CI timeout) must not leave a service JVM running.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LAUNCHED.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }), "aot-training-stop"));
        Path cache = app.resolve(CACHE_FILE);
        Files.deleteIfExists(cache);
        deleteTree(work);
        Files.createDirectories(work);
        long started = System.nanoTime();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("pgdata"), work.resolve("pg-binaries"),
                FreePort.find())) {
            postgres.createDatabases(List.of(database));
            Path newCache = work.resolve(CACHE_FILE);
            List<String> recordFlags = new ArrayList<>(jvmOptions);
            recordFlags.add("-XX:AOTCacheOutput=" + newCache);
            int port = FreePort.find();
            Process service = launch(app, recordFlags, postgres.jdbcUrl(database), port, work.resolve("training.log"));
            try {
                double readySeconds = awaitReady(service, port, work.resolve("training.log"));
                Map<Integer, Integer> statuses = drive(port, workload, iterations);
                System.out.printf("[aot] %s: first start (no cache, migrations) ready in %.1f s; %d requests sent %s%n",
                        app.getParent().getParent().getFileName(), readySeconds, iterations * workload.size(), statuses);
            } catch (Throwable e) {
                service.destroyForcibly();
                throw e;
            }
            stop(service, "training run (assembling the cache)", work.resolve("training.log"));
            if (!Files.isRegularFile(newCache) || Files.size(newCache) == 0) {
                throw new IllegalStateException("The training run wrote no AOT cache; see " + work.resolve("training.log"));
            }

            // The cache must be one the JVM really uses: AOTMode=on turns "cannot use it" into a failed start.
            List<String> useFlags = new ArrayList<>(jvmOptions);
            useFlags.add("-XX:AOTCache=" + newCache);
            useFlags.add("-XX:AOTMode=on");
            int checkPort = FreePort.find();
            Process check = launch(app, useFlags, postgres.jdbcUrl(database), checkPort, work.resolve("check.log"));
            double readyWithCache = awaitReady(check, checkPort, work.resolve("check.log"));
            stop(check, "check run", work.resolve("check.log"));
            Files.move(newCache, cache, StandardCopyOption.REPLACE_EXISTING);
            System.out.printf("[aot] %s written (%d MB); ready in %.1f s with it; training took %.0f s%n", cache,
                    Files.size(cache) >> 20, readyWithCache, (System.nanoTime() - started) / 1e9);
        }
    }

    private static Process launch(Path app, List<String> jvmFlags, String jdbcUrl, int port, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add("quarkus-run.jar");
        ProcessBuilder builder = new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", EmbeddedPostgresServer.SUPERUSER);
        env.put("QUARKUS_DATASOURCE_PASSWORD", "");
        // The workload runs as an admin with a token of TestIdentity's key: the same local verification as in production.
        env.put("NTT110_OIDC_PUBLIC_KEY", TestIdentity.publicKey());
        env.put("NTT110_OIDC_ISSUER", TestIdentity.ISSUER);
        for (String other : List.of("ROUTING", "INCIDENT", "STATS", "ROLLOUT")) {
            env.put("QUARKUS_REST_CLIENT_" + other + "_URL", NOWHERE);
        }
        Process process = builder.start();
        LAUNCHED.add(process);
        return process;
    }

    private static double awaitReady(Process process, int port, Path log) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() - start < READY_TIMEOUT.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service exited with " + process.exitValue() + " before it was ready:\n"
                        + tail(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - start) / 1e9;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        process.destroyForcibly();
        throw new IllegalStateException("The service was not ready within " + READY_TIMEOUT.toSeconds() + " s:\n" + tail(log));
    }

    private static Map<Integer, Integer> drive(int port, List<Step> workload, int iterations)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<Integer, Integer> statuses = new TreeMap<>();
        String lastId = "";
        for (int n = 0; n < iterations; n++) {
            for (Step step : workload) {
                String path = step.path().replace("${n}", Integer.toString(n)).replace("${id}", lastId);
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                        .header("Authorization", "Bearer " + TOKEN);
                if (step.body() == null) {
                    request.method(step.method(), HttpRequest.BodyPublishers.noBody());
                } else {
                    request.header("Content-Type", "application/json")
                            .method(step.method(), HttpRequest.BodyPublishers.ofString(
                                    step.body().replace("${n}", Integer.toString(n)).replace("${id}", lastId)));
                }
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != step.expectedStatus()) {
                    throw new IllegalStateException("Workload line " + step.line() + " (" + step.method() + " " + path + ", iteration "
                            + n + ") answered " + response.statusCode() + ", expected " + step.expectedStatus() + ": "
                            + abbreviate(response.body()));
                }
                statuses.merge(response.statusCode(), 1, Integer::sum);
                Matcher id = FIRST_ID.matcher(response.body());
                if (id.find()) {
                    lastId = id.group(1);
                }
            }
        }
        return statuses;
    }

    private static void stop(Process process, String what, Path log) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("The " + what + " did not end within " + EXIT_TIMEOUT.toSeconds() + " s of SIGTERM");
        }
        // 143: ended by SIGTERM; 0: Quarkus ended normally on it.
        if (process.exitValue() != 0 && process.exitValue() != 143) {
            throw new IllegalStateException("The " + what + " exited with " + process.exitValue() + ":\n" + tail(log));
        }
    }

    static List<Step> readWorkload(Path file) throws IOException {
        List<Step> steps = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 4);
            if (parts.length < 3 || !parts[0].matches("[1-5][0-9][0-9]") || !parts[2].startsWith("/")) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'STATUS METHOD /path [JSON body]', found: " + line);
            }
            steps.add(new Step(Integer.parseInt(parts[0]), parts[1], parts[2], parts.length == 4 ? parts[3] : null, i + 1));
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no requests");
        }
        return steps;
    }

    private static List<String> splitOptions(String options) {
        List<String> list = new ArrayList<>();
        for (String option : options.strip().split("\\s+")) {
            if (!option.isEmpty()) {
                list.add(option);
            }
        }
        return list;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
