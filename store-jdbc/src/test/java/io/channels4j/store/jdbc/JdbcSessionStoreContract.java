package io.channels4j.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.channels4j.testing.Eventually;
import io.channels4j.testing.ManualClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every database under {@link JdbcSessionStore} must do; one subclass per database, each test on a
 * database (a file, or a schema) of its own.
 */
@Timeout(60)
abstract class JdbcSessionStoreContract {
    static final Duration DAY = Duration.ofDays(1);
    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

    /** A builder on this test's database; every call in one test points at the same one. */
    abstract JdbcSessionStoreBuilder location();

    /** The JDBC URL of this test's database, for an application's own pool. */
    abstract String jdbcUrl();

    /** The schema the store is told to use in this test, if any. */
    abstract Optional<String> schema();

    JdbcSessionStore open() {
        return location().clock(clock).purgeInterval(Duration.ZERO).build();
    }

    @Test
    void savesLoadsAndDeletes() {
        try (JdbcSessionStore store = open()) {
            Map<String, Object> data = Map.of("user", "alice", "visits", 3, "admin", false, "rooms", List.of("lobby", "dev"),
                    "prefs", Map.of("theme", "dark"));
            store.save("s1", data, DAY);
            assertEquals(Optional.of(data), store.load("s1"));
            assertEquals(Optional.empty(), store.load("unknown"));
            store.save("s1", Map.of("user", "bob"), DAY);
            assertEquals(Optional.of(Map.of("user", "bob")), store.load("s1"), "a second save replaces the data");
            store.delete("s1");
            store.delete("unknown");
            assertEquals(Optional.empty(), store.load("s1"));
            assertEquals(0, store.size());
        }
    }

    @Test
    void expiresAtIsTheStoredExpiryUntilTheRowIsDeletedOrExpires() {
        try (JdbcSessionStore store = open()) {
            store.save("s1", Map.of("user", "alice"), Duration.ofMinutes(10));
            assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(10))), store.expiresAt("s1"));
            clock.advance(Duration.ofMinutes(5));
            store.update("s1", Map.of("user", "alice"), Duration.ofMinutes(10));
            assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(10))), store.expiresAt("s1"), "a save moves it");
            clock.advance(Duration.ofMinutes(10));
            assertEquals(Optional.empty(), store.expiresAt("s1"), "expired");
            store.save("s2", Map.of("user", "bob"), DAY);
            store.delete("s2");
            assertEquals(Optional.empty(), store.expiresAt("s2"), "deleted");
        }
    }

    @Test
    void updateWritesOnlyASessionThatIsStillStored() {
        try (JdbcSessionStore store = open()) {
            assertFalse(store.update("never-saved", Map.of("user", "alice"), DAY));
            assertEquals(0, store.size(), "an update never creates a session");
            store.save("s1", Map.of("user", "alice"), DAY);
            assertTrue(store.update("s1", Map.of("user", "alice", "theme", "dark"), DAY));
            assertEquals(Optional.of(Map.of("user", "alice", "theme", "dark")), store.load("s1"));
            store.delete("s1"); // a logout on another request
            assertFalse(store.update("s1", Map.of("user", "alice", "theme", "light"), DAY));
            assertEquals(Optional.empty(), store.load("s1"), "the logout is not undone");
        }
    }

    @Test
    void concurrentSavesOfOneNewSessionAllSucceed() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try (JdbcSessionStore store = open()) {
            for (int round = 0; round < 20; round++) {
                String id = "new-" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> saves = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    int writer = i;
                    saves.add(threads.submit(() -> {
                        start.await();
                        store.save(id, Map.of("writer", writer), DAY); // all find no row, all insert: the losers update instead
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> save : saves) {
                    save.get(); // throws if a save failed on the duplicate key
                }
                assertTrue(store.load(id).isPresent());
            }
            assertEquals(20, store.size());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void expiredSessionsAreNotLoadedAndArePurged() {
        try (JdbcSessionStore store = open()) {
            store.save("short", Map.of("user", "alice"), Duration.ofSeconds(10));
            store.save("long", Map.of("user", "bob"), Duration.ofSeconds(60));
            clock.advance(Duration.ofSeconds(9));
            assertTrue(store.load("short").isPresent());
            clock.advance(Duration.ofSeconds(1));
            assertEquals(Optional.empty(), store.load("short"));
            assertFalse(store.update("short", Map.of("user", "alice"), DAY), "an expired session cannot be revived by an update");
            assertEquals(2, store.size(), "expired rows stay until purged");
            assertEquals(1, store.purgeExpired());
            assertEquals(1, store.size());
            assertEquals(Optional.of(Map.of("user", "bob")), store.load("long"));
            store.save("short", Map.of("user", "carol"), DAY);
            assertEquals(Optional.of(Map.of("user", "carol")), store.load("short"), "a save makes a fresh session under an expired id");
            clock.advance(Duration.ofSeconds(50));
            assertEquals(1, store.purgeExpired());
            assertEquals(Optional.empty(), store.load("long"));
        }
    }

    @Test
    void purgesExpiredSessionsOnItsOwn() {
        try (JdbcSessionStore store = location().clock(clock).purgeInterval(Duration.ofMillis(10)).build()) {
            store.save("old", Map.of("user", "alice"), Duration.ofSeconds(10));
            store.save("fresh", Map.of("user", "bob"), Duration.ofHours(1));
            clock.advance(Duration.ofMinutes(1));
            Eventually.await(Duration.ofSeconds(20), () -> store.size() == 1, "the store's purge deletes the expired session");
            assertTrue(store.load("fresh").isPresent());
        }
    }

    @Test
    void closeStopsThePurgeThread() {
        JdbcSessionStore store = location().clock(clock).purgeInterval(Duration.ofMillis(10)).build();
        assertTrue(purgeThreadAlive(), "the store purges on a thread of its own");
        store.close();
        // the pool has terminated when close() returns; its thread may take a moment more to end
        Eventually.await(Duration.ofSeconds(10), () -> !purgeThreadAlive(), "close() stops the purge thread");
    }

    private static boolean purgeThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().equals("channels4j-session-purge"));
    }

    @Test
    void keepsSessionsWhenReopened() {
        try (JdbcSessionStore store = open()) {
            store.save("s1", Map.of("user", "alice"), DAY);
        }
        try (JdbcSessionStore reopened = open()) {
            assertEquals(Optional.of(Map.of("user", "alice")), reopened.load("s1"));
        }
    }

    @Test
    void runsItsMigrationsOnce() throws SQLException {
        try (JdbcSessionStore store = open()) {
            store.save("s1", Map.of("user", "alice"), DAY);
            assertEquals(0, Migrations.run(store.dataSource(), schema()), "the schema is already up to date");
        }
        try (JdbcSessionStore reopened = open()) {
            assertEquals(Optional.of(Map.of("user", "alice")), reopened.load("s1"));
            try (Connection connection = reopened.dataSource().getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + qualified("\"" + Migrations.HISTORY_TABLE + "\"")
                         + " WHERE \"version\" = '1' AND \"success\" = TRUE")) {
                rows.next();
                assertEquals(1, rows.getInt(1), "version 1 is recorded once, in the store's own history table");
            }
        }
    }

    @Test
    void leavesTheApplicationsDataSourceOpen() throws SQLException {
        try (HikariDataSource appPool = appPool()) {
            JdbcSessionStoreBuilder builder = JdbcSessionStore.builder().dataSource(appPool).clock(clock);
            schema().ifPresent(builder::schema);
            try (JdbcSessionStore store = builder.build()) {
                store.save("s1", Map.of("user", "alice"), DAY);
            }
            assertFalse(appPool.isClosed());
            try (Connection connection = appPool.getConnection()) {
                assertTrue(connection.isValid(1));
            }
        }
    }

    @Test
    void migratesADatabaseThatAlreadyHoldsTheApplicationsTables() throws SQLException {
        try (HikariDataSource appPool = appPool()) {
            try (Connection connection = appPool.getConnection(); Statement statement = connection.createStatement()) {
                schema().ifPresent(s -> execute(statement, "CREATE SCHEMA " + s));
                statement.execute("CREATE TABLE " + qualified("app_orders") + " (id INT PRIMARY KEY)");
                statement.execute("INSERT INTO " + qualified("app_orders") + " VALUES (7)");
            }
            JdbcSessionStoreBuilder builder = JdbcSessionStore.builder().dataSource(appPool).clock(clock);
            schema().ifPresent(builder::schema);
            try (JdbcSessionStore store = builder.build()) {
                store.save("s1", Map.of("user", "alice"), DAY);
                assertEquals(Optional.of(Map.of("user", "alice")), store.load("s1"));
            }
            try (Connection connection = appPool.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT id FROM " + qualified("app_orders"))) {
                assertTrue(rows.next());
                assertEquals(7, rows.getInt(1), "the application's table is untouched");
            }
        }
    }

    HikariDataSource appPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl());
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    String qualified(String table) {
        return schema().map(s -> s + "." + table).orElse(table);
    }

    private static void execute(Statement statement, String sql) {
        try {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }
}
