package io.channels4j.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.channels4j.core.ChannelLayer;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.testing.HistoryContract;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/** The in-memory layer keeping its histories in PostgreSQL, a schema per layer; skipped without PostgreSQL. */
class PostgresHistoryContractTest extends HistoryContract {
    private static final String RUN = "c4jh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private final Map<ChannelLayer, JdbcHistoryStore> stores = new IdentityHashMap<>();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<String> schemas = new ArrayList<>();

    @Override
    protected ChannelLayer newLayer(String pattern, HistoryPolicy policy) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(PostgresAvailable.url());
        pools.add(pool);
        String schema = RUN + "_" + SCHEMAS.incrementAndGet();
        schemas.add(schema);
        JdbcHistoryStore store = JdbcHistoryStore.on(pool, Optional.of(schema), Clock.systemUTC());
        ChannelLayer layer = InMemoryChannelLayer.builder().history(pattern, policy).historyStore(store).build();
        stores.put(layer, store);
        return layer;
    }

    @Override
    protected void wipeHistory(ChannelLayer layer) {
        stores.get(layer).clear();
    }

    @AfterEach
    void dropSchemas() throws SQLException {
        pools.forEach(HikariDataSource::close);
        if (schemas.isEmpty()) {
            return;
        }
        try (Connection connection = PostgresAvailable.connect(); Statement statement = connection.createStatement()) {
            for (String schema : schemas) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
