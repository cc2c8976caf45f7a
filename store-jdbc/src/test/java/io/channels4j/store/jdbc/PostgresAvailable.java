package io.channels4j.store.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Whether the tests' PostgreSQL answers: {@code POSTGRES_URL} or 127.0.0.1:5432, database {@code test}, user
 * {@code postgres}. Without one, PostgreSQL tests are skipped with a message, unless {@code POSTGRES_REQUIRED}
 * is set: then they fail.
 */
final class PostgresAvailable {
    static final String URL = System.getenv().getOrDefault("POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    private static Boolean up;

    private PostgresAvailable() {
    }

    static synchronized String url() {
        if (up == null) {
            up = answers();
        }
        if (!up && System.getenv("POSTGRES_REQUIRED") != null) {
            throw new AssertionError("POSTGRES_REQUIRED is set but no PostgreSQL answers at " + URL
                    + ": start it (see .ci/run) or set POSTGRES_URL.");
        }
        assumeTrue(up, "Skipping PostgreSQL tests: no PostgreSQL answers at " + URL
                + " (set POSTGRES_URL, or POSTGRES_REQUIRED to fail instead).");
        return URL;
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    private static boolean answers() {
        DriverManager.setLoginTimeout(2);
        try (Connection connection = DriverManager.getConnection(URL)) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
