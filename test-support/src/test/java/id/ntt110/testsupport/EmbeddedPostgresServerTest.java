package id.ntt110.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerTest {

    private EmbeddedPostgresServer server;

    @BeforeEach
    void startServer() {
        server = EmbeddedPostgresServer.startTemporary();
    }

    @AfterEach
    void destroyServer() {
        server.destroy();
    }

    @Test
    void runsPostgreSql17() throws SQLException {
        assertThat(query(server.jdbcUrl("postgres"), "SHOW server_version")).startsWith("17.");
    }

    @Test
    void createsEachServiceDatabaseOnceAndAgainWithoutError() throws SQLException {
        List<String> databases = List.of("routing", "incident", "stats", "rollout");
        server.createDatabases(databases);
        server.createDatabases(databases);

        for (String database : databases) {
            assertThat(query(server.jdbcUrl(database), "SELECT current_database()")).isEqualTo(database);
        }
    }

    @Test
    void refusesADatabaseNameThatIsNotPlain() {
        assertThatThrownBy(() -> server.createDatabases(List.of("x; DROP DATABASE postgres")))
                .hasMessageContaining("not a plain database name");
    }

    @Test
    void keepsItsDataAcrossAStopAndStart() throws SQLException {
        server.createDatabases(List.of("routing"));
        execute(server.jdbcUrl("routing"), "CREATE TABLE desk (code text PRIMARY KEY); INSERT INTO desk VALUES ('POLRES-ALOR')");

        server.stop();
        assertThatThrownBy(() -> query(server.jdbcUrl("routing"), "SELECT 1")).isInstanceOf(SQLException.class);
        server.start();

        assertThat(query(server.jdbcUrl("routing"), "SELECT code FROM desk")).isEqualTo("POLRES-ALOR");
    }

    private static String query(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.SUPERUSER, "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.SUPERUSER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
