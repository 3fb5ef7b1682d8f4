package id.ntt110.suite;

import id.ntt110.testsupport.RequiredTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SIP edge as it runs: Kamailio from the operating system with telephony/kamailio.cfg, and sipp processes as the
 * desks' phones and as callers, each writing every message it sends and receives (sipp -trace_msg) for the test to read.
 */
final class SipEdge implements AutoCloseable {

    static final Path CONFIG = Suite.ROOT.resolve("telephony/kamailio.cfg");
    static final Path SCENARIOS = Suite.ROOT.resolve("telephony/sipp");
    static final Path SPOOL = Suite.ROOT.resolve("telephony/spool.sql");

    final int port;
    /** Where the edge answers GET /metrics and /health. */
    final int metricsPort;
    final Path work;
    final Path log;
    private final Map<String, String> environment;
    private Process kamailio;
    private final List<Process> desks = new ArrayList<>();

    SipEdge(Path work, Map<String, String> environment) {
        this.work = work;
        this.port = PostgresProcess.freePort();
        this.metricsPort = PostgresProcess.freePort();
        this.log = work.resolve("kamailio.log");
        this.environment = environment;
        Suite.deleteRecursively(work);
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kamailio -c}: the configuration parses and every module loads. Returns its output. */
    static String check() throws IOException, InterruptedException {
        RequiredTool.require("kamailio",
                "kamailio kamailio-extra-modules kamailio-json-modules kamailio-utils-modules kamailio-postgres-modules");
        RequiredTool.require("sipp", "sip-tester");
        ProcessBuilder builder = new ProcessBuilder("kamailio", "-c", "-f", CONFIG.toString()).redirectErrorStream(true);
        builder.environment().put("NTT110_SPOOL_SQLCON", "spool=>postgres://check@127.0.0.1/edge");
        Process check = builder.start();
        String output = new String(check.getInputStream().readAllBytes());
        if (check.waitFor() != 0 || !output.contains("config file ok")) {
            throw new AssertionError("kamailio -c refuses " + CONFIG + ":\n" + output);
        }
        return output;
    }

    /** The spool's tables (telephony/spool.sql) on {@code jdbcUrl}, as run.sh and Kubernetes make them. */
    static void createSpool(String jdbcUrl) throws IOException, java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "");
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute(Files.readString(SPOOL));
        }
    }

    /** sqlops' connection to the database of {@code jdbcUrl} (jdbc:postgresql://host:port/db), as postgres. */
    static String sqlcon(String jdbcUrl) {
        return "spool=>postgres://postgres@" + jdbcUrl.substring("jdbc:postgresql://".length()).replace("localhost", "127.0.0.1");
    }

    SipEdge start() {
        ProcessBuilder builder = new ProcessBuilder("kamailio", "-f", CONFIG.toString(), "-l", "udp:127.0.0.1:" + port,
                "-l", "tcp:127.0.0.1:" + port, "-l", "tcp:127.0.0.1:" + metricsPort, "-DD", "-E", "-w", work.toString(), "-m", "64", "-M", "8",
                "-P", work.resolve("kamailio.pid").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        int from = tail().length();
        builder.environment().putAll(environment);
        builder.environment().put("NTT110_METRICS_PORT", Integer.toString(metricsPort));
        try {
            kamailio = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Ready once it holds a service token: before that, every call goes to Polda without asking routing.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!kamailio.isAlive()) {
                throw new IllegalStateException("kamailio stopped at start:\n" + tail());
            }
            if (tail().substring(from).contains("service token for routing renewed")) {
                return this;
            }
            ServiceProcess.sleep(100);
        }
        throw new IllegalStateException("kamailio got no service token within 30 s:\n" + tail());
    }

    /** GET {@code path} on the metrics port: status and body. */
    Api.Reply http(String path) {
        return Api.get("http://127.0.0.1:" + metricsPort + path);
    }

    boolean isAlive() {
        return kamailio != null && kamailio.isAlive();
    }

    String tail() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** A desk phone: sipp with scenario {@code desk-<kind>.xml} ("answer", "silent", "busy"). */
    Desk desk(String name, String kind, String... extra) {
        int deskPort = PostgresProcess.freePort();
        Path trace = work.resolve(name + ".msg");
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", SCENARIOS.resolve("desk-" + kind + ".xml").toString(),
                "-i", "127.0.0.1", "-p", Integer.toString(deskPort), "-cp", Integer.toString(PostgresProcess.freePort()),
                "-nostdin", "-trace_msg", "-message_file", trace.toString(), "-trace_err", "-error_file",
                work.resolve(name + ".err").toString()));
        command.addAll(List.of(extra));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve(name + ".out").toFile()).start();
            desks.add(process);
            Desk desk = new Desk(name, "sip:110@127.0.0.1:" + deskPort, trace, process);
            ServiceProcess.sleep(300); // sipp binds its port before it reads the scenario's first message
            if (!process.isAlive()) {
                throw new IllegalStateException("sipp desk " + name + " did not start: " + Files.readString(work.resolve(name + ".out")));
            }
            return desk;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Desk(String name, String uri, Path trace, Process process) {
        List<SipMessage> messages() {
            return SipMessage.read(trace);
        }

        List<SipMessage> received(String startLine) {
            return messages().stream().filter(m -> m.received() && m.startLine().startsWith(startLine)).toList();
        }
    }

    /** One call from sipp's caller scenario; returns what the caller saw. */
    Call call(String name, String caller, double lat, double lon, String... extra) {
        return call("caller.xml", name, caller, lat, lon, extra);
    }

    /** One call from the caller scenario {@code scenario} (e.g. caller-hangup.xml). */
    Call call(String scenario, String name, String caller, double lat, double lon, String... extra) {
        Path trace = work.resolve(name + ".msg");
        List<String> command = new ArrayList<>(List.of("sipp", "127.0.0.1:" + port, "-sf",
                SCENARIOS.resolve(scenario).toString(), "-i", "127.0.0.1", "-p", Integer.toString(PostgresProcess.freePort()),
                "-cp", Integer.toString(PostgresProcess.freePort()), "-m", "1", "-nostdin", "-key", "caller", caller,
                "-key", "lat", Double.toString(lat), "-key", "lon", Double.toString(lon), "-key", "radius", "30",
                "-d", "300", "-recv_timeout", "90000", "-trace_msg", "-message_file", trace.toString()));
        command.addAll(List.of(extra));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(work.resolve(name + ".out").toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("caller " + name + " still running after 120 s");
            }
            return new Call(name, process.exitValue(), SipMessage.read(trace));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Call(String name, int exitCode, List<SipMessage> messages) {
        /** The final response the caller got to its INVITE. */
        String finalResponse() {
            return messages.stream().filter(m -> m.received() && m.startLine().startsWith("SIP/2.0 ") && m.isInviteResponse()
                    && !m.startLine().matches("SIP/2\\.0 1\\d\\d.*")).map(SipMessage::startLine).findFirst().orElse("none");
        }

        LocalDateTime invitedAt() {
            return messages.stream().filter(m -> !m.received() && m.startLine().startsWith("INVITE")).findFirst().orElseThrow().at();
        }
    }

    /** Kamailio stopped and started again on the same addresses, as a replaced pod comes back; the log goes on. */
    SipEdge restart() {
        stopKamailio();
        return start();
    }

    private void stopKamailio() {
        if (kamailio != null) {
            kamailio.destroy();
            try {
                if (!kamailio.waitFor(10, TimeUnit.SECONDS)) {
                    kamailio.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        desks.forEach(Process::destroy);
        stopKamailio();
    }

    /** A message of a sipp -trace_msg file. */
    record SipMessage(LocalDateTime at, boolean received, String startLine, String text) {
        private static final Pattern STAMP = Pattern.compile("^-{10,} (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+)$",
                Pattern.MULTILINE);
        private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

        boolean isInviteResponse() {
            return text.lines().anyMatch(l -> l.matches("(?i)CSeq:\\s*\\d+\\s+INVITE\\s*"));
        }

        String header(String name) {
            return text.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).strip()).findFirst().orElse(null);
        }

        static List<SipMessage> read(Path trace) {
            List<SipMessage> messages = new ArrayList<>();
            if (!Files.exists(trace)) {
                return messages;
            }
            String all;
            try {
                all = Files.readString(trace, java.nio.charset.StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Matcher stamp = STAMP.matcher(all);
            List<int[]> bounds = new ArrayList<>();
            List<String> stamps = new ArrayList<>();
            while (stamp.find()) {
                bounds.add(new int[] {stamp.start(), stamp.end()});
                stamps.add(stamp.group(1));
            }
            for (int i = 0; i < bounds.size(); i++) {
                String block = all.substring(bounds.get(i)[1], i + 1 < bounds.size() ? bounds.get(i + 1)[0] : all.length()).strip();
                List<String> lines = block.lines().toList();
                if (lines.size() < 2) {
                    continue;
                }
                boolean received = lines.get(0).contains("received");
                String text = String.join("\n", lines.subList(1, lines.size())).strip();
                String first = text.lines().findFirst().orElse("");
                messages.add(new SipMessage(LocalDateTime.parse(stamps.get(i), FORMAT), received, first, text));
            }
            return messages;
        }
    }
}
