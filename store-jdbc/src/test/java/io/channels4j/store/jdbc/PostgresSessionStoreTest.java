package io.channels4j.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The store on PostgreSQL (127.0.0.1:5432, database {@code test}); each test has a schema of its own,
 * named for this run, so parallel runs on one server never meet. Skipped when PostgreSQL does not answer,
 * unless POSTGRES_REQUIRED is set.
 */
class PostgresSessionStoreTest extends JdbcSessionStoreContract {
    private static final String RUN = "c4j_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final AtomicInteger TESTS = new AtomicInteger();
    private String url;
    private String schema;

    @BeforeEach
    void newSchema() {
        url = PostgresAvailable.url();
        schema = RUN + "_" + TESTS.incrementAndGet();
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (schema == null) {
            return; // skipped: no PostgreSQL
        }
        try (Connection connection = PostgresAvailable.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Override
    JdbcSessionStoreBuilder location() {
        return JdbcSessionStore.builder().url(url).schema(schema);
    }

    @Override
    String jdbcUrl() {
        return url;
    }

    @Override
    Optional<String> schema() {
        return Optional.of(schema);
    }
}
