package io.channels4j.store.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import io.channels4j.core.ChannelNames;
import io.channels4j.core.GroupHistory;
import io.channels4j.core.HistoryPage;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.HistoryPosition;
import io.channels4j.core.Json;
import io.channels4j.core.Message;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Group histories in a database, so that a single node's history (and its epoch) survives a restart; give it
 * to the in-memory layer. Offsets are assigned under the group's row lock, so processes sharing the database
 * never assign one twice. Its tables come from the store's migrations; it shares the caller's pool.
 * <pre>
 * JdbcHistoryStore history = JdbcHistoryStore.on(sessions.dataSource());
 * ChannelLayer layer = InMemoryChannelLayer.builder().history("chat.*", HistoryPolicy.keep(100, Duration.ofHours(24)))
 *         .historyStore(history).build();
 * </pre>
 */
public final class JdbcHistoryStore implements GroupHistory {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final String UNIQUE_VIOLATION = "23505";
    private final Database database;
    private final Clock clock;
    private final String streams;
    private final String messages;

    private JdbcHistoryStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
        this.streams = database.table("channels4j_history_stream");
        this.messages = database.table("channels4j_history_message");
    }

    /** Histories in {@code dataSource}'s database (migrated now), timed by the system clock; the data source stays the caller's. */
    public static JdbcHistoryStore on(DataSource dataSource) {
        return on(dataSource, Optional.empty(), Clock.systemUTC());
    }

    /** Histories in {@code schema} (when present) of {@code dataSource}'s database, timed by {@code clock}. */
    public static JdbcHistoryStore on(DataSource dataSource, Optional<String> schema, Clock clock) {
        return new JdbcHistoryStore(Database.on(Objects.requireNonNull(dataSource, "dataSource"), schema), Objects.requireNonNull(clock, "clock"));
    }

    @Override
    public HistoryPosition append(String group, Message message, HistoryPolicy policy) {
        String body = Json.write(message.asMap());
        return run("append to", connection -> {
            ensureStream(connection, group);
            connection.setAutoCommit(false);
            try {
                update(connection, "UPDATE " + streams + " SET top_offset = top_offset + 1 WHERE group_name = ?", group);
                HistoryPosition position = top(connection, group);
                long now = clock.millis();
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + messages
                        + " (group_name, epoch, msg_offset, sent_at, body) VALUES (?, ?, ?, ?, ?)")) {
                    insert.setString(1, group);
                    insert.setString(2, position.epoch());
                    insert.setLong(3, position.offset());
                    insert.setLong(4, now);
                    insert.setString(5, body);
                    insert.executeUpdate();
                }
                try (PreparedStatement trim = connection.prepareStatement("DELETE FROM " + messages
                        + " WHERE group_name = ? AND (epoch <> ? OR msg_offset <= ? OR sent_at < ?)")) {
                    trim.setString(1, group);
                    trim.setString(2, position.epoch());
                    trim.setLong(3, position.offset() - policy.size());
                    trim.setLong(4, now - policy.ttl().toMillis());
                    trim.executeUpdate();
                }
                connection.commit();
                return position;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    @Override
    public HistoryPage read(String group, HistoryPosition since, int limit, HistoryPolicy policy) {
        return run("read", connection -> {
            ensureStream(connection, group);
            HistoryPosition top = top(connection, group);
            List<Message> kept = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT msg_offset, body FROM " + messages
                    + " WHERE group_name = ? AND epoch = ? AND msg_offset > ? AND msg_offset <= ? AND sent_at >= ? ORDER BY msg_offset")) {
                select.setString(1, group);
                select.setString(2, top.epoch());
                select.setLong(3, top.offset() - policy.size());
                select.setLong(4, top.offset()); // appended after the top was read: the next read has them
                select.setLong(5, clock.millis() - policy.ttl().toMillis());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        kept.add(new HistoryPosition(rows.getLong(1), top.epoch()).stamp(decode(rows.getString(2))));
                    }
                }
            }
            return HistoryPage.of(kept, top, since, limit);
        });
    }

    /** Forgets every group's history, as a wiped database does; for tests. */
    public void clear() {
        run("clear", connection -> {
            update(connection, "DELETE FROM " + messages);
            update(connection, "DELETE FROM " + streams);
            return null;
        });
    }

    // a group's first read or message gives it an epoch; a lost row (a wiped table) gives it a new one
    private void ensureStream(Connection connection, String group) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + streams + " WHERE group_name = ?")) {
            select.setString(1, group);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
        }
        try {
            update(connection, "INSERT INTO " + streams + " (group_name, epoch, top_offset) VALUES (?, ?, 0)", group, ChannelNames.randomLetters(10));
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e; // else another process created it meanwhile: it is there now
            }
        }
    }

    private HistoryPosition top(Connection connection, String group) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT top_offset, epoch FROM " + streams + " WHERE group_name = ?")) {
            select.setString(1, group);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("The history of group '" + group + "' was deleted while in use");
                }
                return new HistoryPosition(rows.getLong(1), rows.getString(2));
            }
        }
    }

    private static int update(Connection connection, String sql, String... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }

    private static Message decode(String json) throws SQLException {
        try {
            return Message.of(Json.mapper().readValue(json, MAP));
        } catch (IOException e) {
            throw new SQLException("A kept message is not valid JSON: " + e.getMessage(), e);
        }
    }

    private interface Work<T> {
        T with(Connection connection) throws SQLException;
    }

    private <T> T run(String operation, Work<T> work) {
        try (Connection connection = database.connection()) {
            return work.with(connection);
        } catch (SQLException e) {
            throw new JdbcStoreException("History database failed to " + operation + " a group's history: " + e.getMessage()
                    + " (check that the database is up and reachable).", e);
        }
    }

    @Override
    public String toString() {
        return "JdbcHistoryStore[" + streams + "]";
    }
}
