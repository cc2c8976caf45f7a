package io.channels4j.store.jdbc;

import io.channels4j.core.session.SessionStore;
import io.channels4j.core.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Sessions in a database, as Django keeps them: an embedded H2 file by default, or PostgreSQL. The tables are
 * created by the store's own Flyway migrations when it opens; expired sessions are purged periodically by
 * the store, which owns its pool and its purge thread and stops both in {@link #close()}.
 *
 * <pre>
 * JdbcSessionStore sessions = JdbcSessionStore.builder().file(Path.of("data", "channels4j")).build();
 * AuthMiddlewareStack auth = AuthMiddlewareStack.builder().secret(secret).sessionStore(sessions)...build();
 * Runtime.getRuntime().addShutdownHook(new Thread(sessions::close));
 * </pre>
 */
public final class JdbcSessionStore implements SessionStore, AutoCloseable {
    private static final String UNIQUE_VIOLATION = "23505"; // SQLState, the same in H2 and PostgreSQL
    private final Database database;
    private final Clock clock;
    private final String table;
    private final PurgeSchedule purges; // null when periodic purging is off
    private volatile boolean closed;

    JdbcSessionStore(Database database, Clock clock, Duration purgeInterval) {
        this.database = database;
        this.clock = clock;
        this.table = database.table("channels4j_session");
        this.purges = purgeInterval.isZero() ? null : PurgeSchedule.every(purgeInterval, this::purgeExpired);
    }

    /** Starts configuring a store: say where its database is with {@code file}, {@code url} or {@code dataSource}. */
    public static JdbcSessionStoreBuilder builder() {
        return new JdbcSessionStoreBuilder();
    }

    @Override
    public Optional<Map<String, Object>> load(String sessionId) {
        String json = query("load", "SELECT data FROM " + table + " WHERE id = ? AND expires_at > ?", statement -> {
            statement.setString(1, sessionId);
            statement.setLong(2, clock.millis());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        });
        return Json.readObject(json); // a corrupt row is no session either
    }

    /** Saves {@code data} under {@code sessionId}, creating the session or replacing it (even an expired one). */
    @Override
    public void save(String sessionId, Map<String, Object> data, Duration ttl) {
        String json = Json.write(data);
        long expiresAt = clock.millis() + ttl.toMillis();
        run("save", connection -> {
            if (updateRow(connection, sessionId, json, expiresAt, Long.MIN_VALUE)) {
                return null;
            }
            try {
                insertRow(connection, sessionId, json, expiresAt);
            } catch (SQLException e) {
                // another request saved the same new session between our update and insert: it is there now
                if (!UNIQUE_VIOLATION.equals(e.getSQLState()) || !updateRow(connection, sessionId, json, expiresAt, Long.MIN_VALUE)) {
                    throw e;
                }
            }
            return null;
        });
    }

    /**
     * Saves {@code data} under {@code sessionId} only if that session is still stored and unexpired, in one
     * statement, so a logout that deleted it meanwhile is never undone. False, and nothing written, when it is gone.
     */
    @Override
    public boolean update(String sessionId, Map<String, Object> data, Duration ttl) {
        String json = Json.write(data);
        long now = clock.millis();
        return run("update", connection -> updateRow(connection, sessionId, json, now + ttl.toMillis(), now));
    }

    @Override
    public Optional<Instant> expiresAt(String sessionId) {
        Long expiresAt = query("read the expiry", "SELECT expires_at FROM " + table + " WHERE id = ? AND expires_at > ?", statement -> {
            statement.setString(1, sessionId);
            statement.setLong(2, clock.millis());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        });
        return Optional.ofNullable(expiresAt).map(Instant::ofEpochMilli);
    }

    @Override
    public void delete(String sessionId) {
        query("delete", "DELETE FROM " + table + " WHERE id = ?", statement -> {
            statement.setString(1, sessionId);
            return statement.executeUpdate();
        });
    }

    /** Deletes every expired session now; returns how many. The store also does this every purge interval. */
    public int purgeExpired() {
        return query("purge", "DELETE FROM " + table + " WHERE expires_at <= ?", statement -> {
            statement.setLong(1, clock.millis());
            return statement.executeUpdate();
        });
    }

    /** How many sessions are stored (expired ones may linger until the next purge). */
    public int size() {
        return query("count", "SELECT COUNT(*) FROM " + table, statement -> {
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    /** The data source the store uses, e.g. for another store that should share its pool. */
    public DataSource dataSource() {
        return database.dataSource();
    }

    /** Stops the periodic purge and closes the pool the store opened; a data source given to it stays open. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (purges != null) {
            purges.close(); // first, so that no purge finds the store closed
        }
        closed = true;
        database.close();
    }

    @Override
    public String toString() {
        return "JdbcSessionStore[" + table + "]";
    }

    private boolean updateRow(Connection connection, String id, String json, long expiresAt, long unexpiredAfter) throws SQLException {
        String sql = "UPDATE " + table + " SET data = ?, expires_at = ? WHERE id = ? AND expires_at > ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, json);
            statement.setLong(2, expiresAt);
            statement.setString(3, id);
            statement.setLong(4, unexpiredAfter);
            return statement.executeUpdate() == 1;
        }
    }

    private void insertRow(Connection connection, String id, String json, long expiresAt) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO " + table + " (id, data, expires_at) VALUES (?, ?, ?)")) {
            statement.setString(1, id);
            statement.setString(2, json);
            statement.setLong(3, expiresAt);
            statement.executeUpdate();
        }
    }

    private interface Work<T> {
        T with(Connection connection) throws SQLException;
    }

    private interface Statement<T> {
        T with(PreparedStatement statement) throws SQLException;
    }

    private <T> T query(String operation, String sql, Statement<T> work) {
        return run(operation, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                return work.with(statement);
            }
        });
    }

    private <T> T run(String operation, Work<T> work) {
        if (closed) {
            throw new IllegalStateException("JdbcSessionStore is closed: '" + operation + "' after close(); close the store only at shutdown.");
        }
        try (Connection connection = database.connection()) {
            return work.with(connection);
        } catch (SQLException e) {
            throw new JdbcStoreException("Session database failed to " + operation + ": " + e.getMessage()
                    + " (check that the database is up and reachable).", e);
        }
    }
}
