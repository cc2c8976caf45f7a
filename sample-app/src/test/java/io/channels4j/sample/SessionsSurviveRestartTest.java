package io.channels4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.channels4j.core.ImproperlyConfiguredException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On its embedded default the app keeps sessions in a database file under DATA_DIR, and with DATABASE_URL in PostgreSQL,
 * so a restart logs nobody out.
 */
@Timeout(60)
class SessionsSurviveRestartTest {
    @Test
    void aRestartWithTheSameSecretAndDataDirKeepsTheSignedInUser() throws Exception {
        restartKeepsTheSignedInUser(Map.of("DATA_DIR", "target/restart-" + UUID.randomUUID()));
    }

    @Test
    void aRestartOnPostgresKeepsTheSignedInUser() throws Exception {
        String url = requirePostgres();
        String schema = "c4j_sample_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema); // this run's own tables, apart from other runs on the server
        }
        try {
            // an empty DATA_DIR that must stay empty: DATABASE_URL takes the sessions
            Path dataDir = Path.of("target", "unused-" + UUID.randomUUID());
            restartKeepsTheSignedInUser(Map.of("DATABASE_URL", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema, "DATA_DIR", dataDir.toString()));
            assertFalse(Files.exists(dataDir), "no database file is made when DATABASE_URL is set");
        } finally {
            try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static void restartKeepsTheSignedInUser(Map<String, String> env) throws Exception {
        String cookie;
        try (SampleApp first = SampleAppTest.start(env)) {
            LiveClient client = new LiveClient(first.port());
            cookie = client.login("alice", "wonderland");
            assertEquals("{\"username\":\"alice\"}", client.get("/api/me", "Cookie", cookie).body());
        } // the whole app stops: server, session database, layer

        try (SampleApp second = SampleAppTest.start(env)) {
            LiveClient client = new LiveClient(second.port());
            assertEquals("{\"username\":\"alice\"}", client.get("/api/me", "Cookie", cookie).body(), "the cookie still signs alice in");
            assertEquals(200, client.post("/auth/logout", "{}", "Cookie", cookie).statusCode());
        }

        try (SampleApp third = SampleAppTest.start(env)) {
            assertEquals(401, new LiveClient(third.port()).get("/api/me", "Cookie", cookie).statusCode(), "a logout is kept too");
        }
    }

    /** The tests' PostgreSQL: skipped when it does not answer, unless POSTGRES_REQUIRED is set. */
    static String requirePostgres() {
        String url = System.getenv().getOrDefault("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        boolean up;
        DriverManager.setLoginTimeout(2);
        try (Connection ignored = DriverManager.getConnection(url)) {
            up = true;
        } catch (SQLException e) {
            up = false;
        }
        if (!up && System.getenv("POSTGRES_REQUIRED") != null) {
            throw new AssertionError("POSTGRES_REQUIRED is set but no PostgreSQL answers at " + url + ": start it (see .ci/run) or set POSTGRES_URL.");
        }
        assumeTrue(up, "Skipping: no PostgreSQL answers at " + url + " (set POSTGRES_URL, or POSTGRES_REQUIRED to fail instead).");
        return url;
    }

    @Test
    void refusesADatabaseUrlThatIsNotPostgres() {
        ImproperlyConfiguredException e = assertThrows(ImproperlyConfiguredException.class,
                () -> SampleSettings.from(Map.of("DATABASE_URL", "postgres://app:secret@db/app")::get));
        assertTrue(e.getMessage().contains("jdbc:postgresql://"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "the password stays out of the message");
    }
}
