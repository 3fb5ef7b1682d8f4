package id.ntt110.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL 17 server run from the binaries on the classpath, that can be stopped and started again on the
 * same port and data directory — how tests simulate a database outage, and how {@code ./run.sh} keeps its data.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final Path dataDirectory;
    private final Path workingDirectory;
    private final int port;
    private EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(Path dataDirectory, Path workingDirectory, int port) {
        this.dataDirectory = dataDirectory;
        this.workingDirectory = workingDirectory;
        this.port = port;
    }

    /**
     * Starts a server, creating its data directory on first use and keeping it afterwards.
     *
     * @param workingDirectory where the binaries are unpacked (reused across starts); null for the system temp folder
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, Path workingDirectory, int port) {
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDirectory, workingDirectory, port);
        server.start();
        return server;
    }

    /** Starts a throw-away server on a free port, its data in a new temporary folder. */
    public static EmbeddedPostgresServer startTemporary() {
        try {
            return start(Files.createTempDirectory("ntt110-pg-"), null, FreePort.find());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // The suite runs several services with small pools; leave room for replicas and tools.
                    .setServerConfig("max_connections", "200");
            if (workingDirectory != null) {
                Files.createDirectories(workingDirectory);
                builder.setOverrideWorkingDirectory(workingDirectory.toFile());
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start on port " + port + " with data in " + dataDirectory, e);
        }
    }

    /** Stops the server (fast shutdown: open connections are cut); its data stays. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            postgres = null;
        }
    }

    /** Stops the server and deletes its data: for throw-away servers. */
    public synchronized void destroy() {
        stop();
        try (var paths = Files.walk(dataDirectory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless; never fail a shutdown for it
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    @Override
    public void close() {
        stop();
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** Creates each database that does not exist yet; safe to call on every start. */
    public void createDatabases(Collection<String> databases) {
        createDatabases(jdbcUrl("postgres"), SUPERUSER, "", databases);
    }

    /** Creates each missing database on any PostgreSQL server, embedded or external. */
    public static void createDatabases(String adminJdbcUrl, String user, String password, Collection<String> databases) {
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, user, password)) {
            for (String database : databases) {
                if (!DATABASE_NAME.matcher(database).matches()) {
                    throw new IllegalArgumentException("not a plain database name: " + database);
                }
                boolean exists;
                try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    query.setString(1, database);
                    try (ResultSet rows = query.executeQuery()) {
                        exists = rows.next();
                    }
                }
                if (!exists) {
                    try (Statement create = connection.createStatement()) {
                        create.execute("CREATE DATABASE " + database);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create databases " + databases + " via " + adminJdbcUrl + ": " + e.getMessage(), e);
        }
    }
}
