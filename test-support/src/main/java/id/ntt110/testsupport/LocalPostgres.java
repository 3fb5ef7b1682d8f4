package id.ntt110.testsupport;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        Map<String, String> options = parse(args);
        List<String> databases = Arrays.asList(options.getOrDefault("databases", "").split(","));
        if (options.containsKey("external-url")) {
            String base = options.get("external-url").endsWith("/") ? options.get("external-url") : options.get("external-url") + "/";
            String user = options.getOrDefault("user", EmbeddedPostgresServer.SUPERUSER);
            String password = System.getenv().getOrDefault("NTT110_PG_PASSWORD", "");
            EmbeddedPostgresServer.createDatabases(base + "postgres", user, password, databases);
            if (options.containsKey("execute")) {
                execute(base + databases.get(0), user, password, Path.of(options.get("execute")));
            }
            System.out.println(READY + " external " + base);
            return;
        }
        Path data = Path.of(require(options, "data"));
        Path binaries = Path.of(require(options, "binaries"));
        int port = Integer.parseInt(require(options, "port"));

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

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: --data DIR --binaries DIR --port N --databases a,b | "
                        + "--external-url URL [--user U] --databases a,b");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }
}
