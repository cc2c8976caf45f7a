package io.channels4j.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.channels4j.core.ChannelLayer;
import io.channels4j.core.ChannelNames;
import io.channels4j.core.HistoryPolicy;
import io.channels4j.core.InMemoryChannelLayer;
import io.channels4j.testing.HistoryContract;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The in-memory layer keeping its histories in an H2 database. */
class H2HistoryContractTest extends HistoryContract {
    private final Map<ChannelLayer, JdbcHistoryStore> stores = new IdentityHashMap<>();
    private final List<HikariDataSource> pools = new ArrayList<>();

    @Override
    protected ChannelLayer newLayer(String pattern, HistoryPolicy policy) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:mem:history" + ChannelNames.randomLetters(8) + ";DB_CLOSE_DELAY=-1");
        pools.add(pool);
        JdbcHistoryStore store = JdbcHistoryStore.on(pool);
        ChannelLayer layer = InMemoryChannelLayer.builder().history(pattern, policy).historyStore(store).build();
        stores.put(layer, store);
        return layer;
    }

    @Override
    protected void wipeHistory(ChannelLayer layer) {
        stores.get(layer).clear();
    }

    @AfterEach
    void closePools() {
        pools.forEach(HikariDataSource::close);
    }
}
