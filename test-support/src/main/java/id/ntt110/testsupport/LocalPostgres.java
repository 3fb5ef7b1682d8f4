package id.ntt110.testsupport;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The database of {@code ./run.sh}: starts the embedded PostgreSQL with its data in a local folder (kept between runs),
 * creates the service databases, prints {@value #READY}, and runs until it is sent SIGTERM or SIGINT.
 * <p>
 * With {@code --external-url jdbc:postgresql://host:port/} it only creates the databases on that server (user from
 * {@code --user}, password from the environment variable {@code NTT110_PG_PASSWORD}) and exits; with
 * {@code --execute FILE} it then runs that SQL script in the first of them (how benchmarks seed data).
 */
public final class LocalPostgres {

    public static final String READY = "NTT110-POSTGRES-READY";

    private LocalPostgres() {
    }

    public static void main(String[] args) throws InterruptedException {
        CommandLine options = CommandLine.parse(args, "--data DIR --binaries DIR --port N --databases a,b | "
                + "--external-url URL [--user U] --databases a,b");
        List<String> databases = Arrays.asList(options.get("databases", "").split(","));
        if (options.has("external-url")) {
            String url = options.require("external-url");
            String base = url.endsWith("/") ? url : url + "/";
            String user = options.get("user", EmbeddedPostgresServer.SUPERUSER);
            String password = System.getenv().getOrDefault("NTT110_PG_PASSWORD", "");
            EmbeddedPostgresServer.createDatabases(base + "postgres", user, password, databases);
            if (options.has("execute")) {
                execute(base + databases.get(0), user, password, Path.of(options.require("execute")));
            }
            System.out.println(READY + " external " + base);
            return;
        }
        Path data = Path.of(options.require("data"));
        Path binaries = Path.of(options.require("binaries"));
        int port = Integer.parseInt(options.require("port"));

        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(data, binaries, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "ntt110-postgres-stop"));
        server.createDatabases(databases);
        System.out.println(READY + " port " + port + " data " + data.toAbsolutePath());
        System.out.flush();
        stopped.await();
    }

    private static void execute(String url, String user, String password, Path script) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url, user, password);
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute(java.nio.file.Files.readString(script));
        } catch (java.sql.SQLException | java.io.IOException e) {
            throw new IllegalStateException("Running " + script + " on " + url + " failed: " + e.getMessage(), e);
        }
    }
}
